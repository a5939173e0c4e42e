"""How a map encodes its rows: string tables, day numbers, categories and sizes, and the row selection."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..layout import LEAF_GAP, LEVEL_GAP
from ..palette import OTHER_COLOR, PALETTE, SEEKER_COLOR
from .payload import StringTable


_MISSING = np.iinfo(np.int64).min


# ---------------------------------------------------------------------------- helpers
def _text(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A column as an object array of str, missing values as ''."""
    if column not in frame.columns or len(frame) == 0:
        return np.full(len(frame), "", dtype=object)
    s = frame[column]
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return s.dt.strftime("%Y-%m-%d").fillna("").to_numpy(dtype=object)
    return s.astype(object).where(s.notna(), "").astype(str).to_numpy(dtype=object)


def _table(frame: pd.DataFrame, column: str, codes: np.ndarray, fn=None) -> StringTable:
    """A contacts column for the rows ``codes`` as a :class:`StringTable`, factorised once over the distinct values.

    Missing values are ''; ``fn`` (applied to each distinct text) shortens or reformats them.
    """
    if column not in frame.columns or len(frame) == 0:
        return StringTable([""], np.zeros(len(codes), np.uint32))
    s = frame[column]
    codes_all, uniques = pd.factorize(s, sort=False, use_na_sentinel=True)
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        values = pd.DatetimeIndex(uniques).strftime("%Y-%m-%d").tolist()
    else:
        values = [str(v) for v in uniques]
    if fn is not None:
        values = [fn(v) for v in values]
    values.append("")  # missing
    idx = np.where(codes_all < 0, len(values) - 1, codes_all).astype(np.uint32)
    return StringTable(values, idx[codes])


def _extend(table: StringTable, extra: np.ndarray) -> StringTable:
    """``table`` followed by the texts ``extra`` (for the "+k more" nodes)."""
    if not len(extra):
        return table
    more = StringTable.from_values(extra)
    return StringTable(
        list(table.values) + list(more.values),
        np.concatenate([table.index, more.index + len(table.values)]).astype(np.uint32),
    )


def _days(values: np.ndarray) -> np.ndarray:
    """datetime64 -> whole days since 1970 as int64, NaT -> ``_MISSING``."""
    values = np.asarray(values, dtype="datetime64[ns]")
    out = values.astype("datetime64[D]").astype(np.int64)
    out[np.isnat(values)] = _MISSING
    return out


def _fmt(values: np.ndarray, fn=str) -> np.ndarray:
    """``fn`` applied to each value, computed once per distinct value (counts and days repeat a lot)."""
    values = np.asarray(values)
    if len(values) == 0:
        return np.zeros(0, dtype=object)
    uniq, inv = np.unique(values, return_inverse=True)
    return np.array([fn(v) for v in uniq.tolist()] + [""], dtype=object)[:-1][inv.reshape(-1)]


def _day_strings(days: np.ndarray) -> np.ndarray:
    """Whole days as ``YYYY-MM-DD``, ``_MISSING`` as ''."""

    def one(d):
        return "" if d == _MISSING else str(np.datetime64(int(d), "D"))

    return _fmt(np.asarray(days, dtype=np.int64), one)


def _thousands(values) -> np.ndarray:
    return _fmt(values, "{:,}".format)


def _plural(n, word: str) -> str:
    if word.endswith("person"):
        return f"{n:,} {word if n == 1 else word[:-6] + 'people'}"
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _categories(
    values: np.ndarray,
    is_seeker: np.ndarray,
    *,
    missing_label: str,
    other_word: str,
    order: list | None = None,
    labels: dict | None = None,
    colors: dict | None = None,
):
    """Colour codes and legend for a categorical attribute: seekers first, the ten commonest values, 'other'."""
    legend = [{"label": "Seeker", "color": SEEKER_COLOR, "count": int(is_seeker.sum())}] if is_seeker.any() else []
    code = np.zeros(len(values), dtype=np.int64)
    people = ~is_seeker
    vals = pd.Series(values[people], dtype=object).replace("", missing_label)
    counts = vals.value_counts(sort=True)
    keys = [k for k in (order if order is not None else counts.index.tolist()) if k in counts.index]
    top, rest = keys[: len(PALETTE)], keys[len(PALETTE) :]
    base = len(legend)
    lookup = {k: base + i for i, k in enumerate(top)}
    for i, k in enumerate(top):
        color = (colors or {}).get(k, PALETTE[i % len(PALETTE)])
        legend.append({"label": (labels or {}).get(k, str(k)), "color": color, "count": int(counts[k])})
    other = base + len(top)
    if rest:
        legend.append(
            {"label": f"{len(rest):,} other {other_word}", "color": OTHER_COLOR, "count": int(counts[rest].sum())}
        )
    code[people] = vals.map(lookup).fillna(other).to_numpy(dtype=np.int64)
    return code, legend


def _dominant(group: np.ndarray, cat: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group, its most frequent category (ties: the smaller code)."""
    dom = np.zeros(n_groups, dtype=np.int64)
    if len(group) == 0:
        return dom
    pairs, counts = np.unique(group.astype(np.int64) * (int(cat.max()) + 1) + cat, return_counts=True)
    g, c = pairs // (int(cat.max()) + 1), pairs % (int(cat.max()) + 1)
    order = np.lexsort((c, -counts, g))
    first = np.ones(len(order), dtype=bool)
    first[1:] = g[order][1:] != g[order][:-1]
    dom[g[order][first]] = c[order][first]
    return dom


def _size(values: np.ndarray, *, base: float = 10.0, scale: float = 5.0, cap: float = 70.0) -> np.ndarray:
    """Node radius: area grows with the value."""
    return np.minimum(base + scale * np.sqrt(np.maximum(values, 0).astype(np.float64)), cap).round(1)


def _bands(layer: np.ndarray, key: np.ndarray, *, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """Positions for items in layers (not a tree): one band or ring per layer, ordered by ``key``."""
    n = len(layer)
    x, y = np.zeros(n), np.zeros(n)
    if n == 0:
        return x, y
    order = np.lexsort((np.arange(n), key, layer))
    lay = layer[order]
    first = np.ones(n, dtype=bool)
    first[1:] = lay[1:] != lay[:-1]
    start = np.maximum.accumulate(np.where(first, np.arange(n), 0))
    rank = np.arange(n) - start
    pop = np.bincount(lay)[lay]
    if kind == "layered":
        widest = int(np.bincount(layer).max())
        x[order] = (rank - (pop - 1) / 2.0) * LEAF_GAP * 1.5 + widest * LEAF_GAP * 0.75
        y[order] = lay * LEVEL_GAP
    else:
        levels = int(layer.max()) + 1
        need = np.bincount(layer, minlength=levels) * LEAF_GAP * 1.5 / (2 * np.pi)
        radius = np.zeros(levels)
        radius[0] = need[0] if np.bincount(layer, minlength=levels)[0] > 1 else 0.0
        for g in range(1, levels):
            radius[g] = max(radius[g - 1] + LEVEL_GAP, need[g])
        ang = 2 * np.pi * (rank + 0.5 * (lay % 2)) / pop
        x[order] = radius[lay] * np.cos(ang - np.pi / 2)
        y[order] = radius[lay] * np.sin(ang - np.pi / 2)
    return x, y


# ---------------------------------------------------------------------------- the selection
class _Rows:
    """The index rows a map draws from (one tree or every tree), re-based to start at 0."""

    def __init__(self, net, seeker):
        ix = net.index
        if seeker is None:
            a, b = 0, len(ix)
        else:
            sl = ix.rows_of(net.seeker_position(seeker))
            a, b = sl.start, sl.stop
        self.parent = np.where(ix.parent[a:b] >= 0, ix.parent[a:b] - a, -1).astype(np.int64)
        self.gen = ix.generation[a:b].astype(np.int64)
        self.node = ix.node[a:b].astype(np.int64)
        self.status = ix.status[a:b].astype(np.int64)
        self.tree = (ix.tree_of_row[a:b] - (ix.tree_of_row[a] if b > a else 0)).astype(np.int64)
        self.desc = ix.descendants[a:b].astype(np.int64)
        self.children = ix.children[a:b].astype(np.int64)
        self.origin = np.where(ix.origin[a:b] >= 0, ix.origin[a:b] - a, -1).astype(np.int64)
        self.date = ix.date[a:b]
        self.n_trees = int(self.tree.max()) + 1 if b > a else 0
        self.first_tree = int(ix.tree_of_row[a]) if b > a else 0
        self.offset = a

    def __len__(self):
        return len(self.gen)

    def drawn_with_cap(self, cap: int) -> int:
        """People drawn (an upper bound for cohorts: rows) when generations beyond ``cap`` collapse."""
        return int((self.gen <= cap).sum() + ((self.gen == cap) & (self.desc > 0)).sum())

    def auto_cap(self, max_nodes: int) -> int | None:
        """The deepest generation cap whose map fits in ``max_nodes``; None if not even generation 1 fits."""
        if len(self) == 0:
            return 0
        best = None
        for cap in range(1, int(self.gen.max()) + 1):
            if self.drawn_with_cap(cap) <= max_nodes:
                best = cap
            else:
                break
        return best


def _row_days(rows: _Rows, first_contact_days: np.ndarray) -> np.ndarray:
    """Per row, the day the person joined the map: the edge date, else first contact, never before the introducer."""
    day = _days(rows.date)
    day = np.where(day == _MISSING, first_contact_days[rows.node], day) if len(day) else day
    day[rows.parent < 0] = _MISSING
    return _path_max(day, rows.parent)


def _path_max(values: np.ndarray, parent: np.ndarray) -> np.ndarray:
    """Per row, the largest value on its path from the root (itself included), by pointer doubling.

    After step k each row holds the maximum over itself and its 2^k - 1 nearest
    ancestors, so a 10^5-deep chain takes 17 vectorised steps.

    Examples
    --------
    >>> _path_max(np.array([5, 1, 7, 2]), np.array([-1, 0, 1, 2])).tolist()
    [5, 5, 7, 7]
    """
    out = values.copy()
    anc = parent.copy()
    live = np.flatnonzero(anc >= 0)
    while len(live):
        out[live] = np.maximum(out[live], out[anc[live]])
        anc[live] = anc[anc[live]]
        live = live[anc[live] >= 0]
    return out
