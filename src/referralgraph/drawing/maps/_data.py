"""What a map draws: columnar node and edge lists, colours, tooltips, legend and timeline.

Everything is computed from ``net.index`` and the tables with numpy and pandas; no
NetworkX call and no per-person Python step beyond building the tooltip strings.
The result is a plain dict of lists (the JSON the page reads), never a pyvis object.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...exceptions import SchemaError, SizeLimitError
from ...model import STATUS_NAMES, level_groups
from ..layout import LEAF_GAP, LEVEL_GAP, choose_layout, pack_boxes, tree_layout
from ..palette import MORE_COLOR, OTHER_COLOR, PALETTE, SEEKER_COLOR, STATUS_COLORS
from .payload import EDGE_ARRAYS, NODE_ARRAYS, MapPayload, StringTable

__all__ = ["COLOR_BY", "SIZE_BY", "AGGREGATES", "DEFAULT_MAX_NODES", "build_map_data", "edge_titles"]

COLOR_BY = ("generation", "field", "organization", "origin", "status")
SIZE_BY = ("descendants", "children", "meetings", None)
AGGREGATES = ("seeker", "organization", "generation-cap")
#: drawn nodes above which :func:`referralgraph.network_map` refuses (see docs/maps.md): the WebGL page
#: draws 10^5 people in about 2-3 s and 2*10^5 in about twice that on a 2-core machine without a GPU
DEFAULT_MAX_NODES = 200_000
#: aggregate maps: up to this many groups are laid out in layered bands, more in rings
LAYERED_UP_TO = 300
_MISSING = np.iinfo(np.int64).min
_NOTES_CHARS = 280


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
    return StringTable(list(table.values) + list(more.values),
                       np.concatenate([table.index, more.index + len(table.values)]).astype(np.uint32))


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


def _ordinal(k: int) -> str:
    return f"{k}{'th' if 10 <= k % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(k % 10, 'th')}"


def _plural(n, word: str) -> str:
    if word.endswith("person"):
        return f"{n:,} {word if n == 1 else word[:-6] + 'people'}"
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _categories(values: np.ndarray, is_seeker: np.ndarray, *, missing_label: str, other_word: str,
                order: list | None = None, labels: dict | None = None, colors: dict | None = None):
    """Colour codes and legend for a categorical attribute: seekers first, the ten commonest values, 'other'."""
    legend = [{"label": "Seeker", "color": SEEKER_COLOR, "count": int(is_seeker.sum())}] if is_seeker.any() else []
    code = np.zeros(len(values), dtype=np.int64)
    people = ~is_seeker
    vals = pd.Series(values[people], dtype=object).replace("", missing_label)
    counts = vals.value_counts(sort=True)
    keys = [k for k in (order if order is not None else counts.index.tolist()) if k in counts.index]
    top, rest = keys[:len(PALETTE)], keys[len(PALETTE):]
    base = len(legend)
    lookup = {k: base + i for i, k in enumerate(top)}
    for i, k in enumerate(top):
        color = (colors or {}).get(k, PALETTE[i % len(PALETTE)])
        legend.append({"label": (labels or {}).get(k, str(k)), "color": color, "count": int(counts[k])})
    other = base + len(top)
    if rest:
        legend.append({"label": f"{len(rest):,} other {other_word}", "color": OTHER_COLOR,
                       "count": int(counts[rest].sum())})
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


# ---------------------------------------------------------------------------- person maps
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


def _person_map(net, rows: _Rows, *, color_by, size_by, timeline, layout, cap, max_nodes, budget_note):
    contacts_all = net.contacts
    n_contacts = len(contacts_all)
    first_contact_days = (_days(contacts_all["first_contact"].to_numpy()) if "first_contact" in contacts_all.columns
                          else np.full(n_contacts, _MISSING, dtype=np.int64))
    day = _row_days(rows, first_contact_days)

    keep = np.ones(len(rows), dtype=bool) if cap is None else rows.gen <= cap
    kept = np.flatnonzero(keep)
    new_of = np.cumsum(keep) - 1
    k_parent = np.where(rows.parent[kept] >= 0, new_of[np.maximum(rows.parent[kept], 0)], -1)
    # people beyond the cap collapse into one "+k more" node under their generation-`cap` ancestor
    more_rows = np.zeros(0, dtype=np.int64)
    more_day = np.zeros(0, dtype=np.int64)
    if cap is not None:
        more_rows = np.flatnonzero(keep & (rows.gen == cap) & (rows.desc > 0))
        anc = np.full(len(rows), -1, dtype=np.int64)
        anc[rows.gen == cap] = np.flatnonzero(rows.gen == cap)
        for level in level_groups(rows.gen):
            level = level[rows.gen[level] > cap]
            if len(level):
                anc[level] = anc[rows.parent[level]]
        deep = np.flatnonzero(rows.gen > cap)
        first = np.full(len(rows), np.iinfo(np.int64).max, dtype=np.int64)
        dated = deep[day[deep] != _MISSING]
        np.minimum.at(first, anc[dated], day[dated])
        more_day = np.where(first[more_rows] == np.iinfo(np.int64).max, day[more_rows], first[more_rows])

    # one drawn node per person: the row in the shallowest generation (then the earliest tree)
    k_node, k_gen = rows.node[kept], rows.gen[kept]
    order = np.lexsort((np.arange(len(kept)), k_gen))
    _, first_pos = np.unique(k_node[order], return_index=True)
    rep = np.sort(order[first_pos])  # positions in `kept`, in tree order
    n_people, n_more = len(rep), len(more_rows)
    n_drawn = n_people + n_more
    if n_drawn > max_nodes:
        raise SizeLimitError(budget_note(n_drawn))
    drawn_of_code = np.full(max(n_contacts, 1), -1, dtype=np.int64)
    drawn_of_code[k_node[rep]] = np.arange(n_people)
    rep_rows = kept[rep]  # rows of `rows`
    codes = rows.node[rep_rows]

    # positions: lay out the kept forest plus the "+k more" rows as children
    f_parent = np.concatenate([k_parent, new_of[more_rows]])
    f_gen = np.concatenate([k_gen, rows.gen[more_rows] + 1])
    f_tree = np.concatenate([rows.tree[kept], rows.tree[more_rows]])
    kind = layout if layout != "auto" else choose_layout(f_parent, f_gen, f_tree)
    fx, fy = tree_layout(f_parent, f_gen, f_tree, kind=kind, leaf_gap=LEAF_GAP)
    x = np.concatenate([fx[rep], fx[len(kept):]])
    y = np.concatenate([fy[rep], fy[len(kept):]])

    # drawn attributes
    frame = contacts_all.iloc[codes]
    gen = rows.gen[rep_rows]
    is_seeker = gen == 0
    ids = _text(frame, "id")
    names = _text(frame, "name")
    names = np.where(names == "", ids, names)
    par_row = rows.parent[rep_rows]
    parent = np.where(par_row >= 0, drawn_of_code[rows.node[np.maximum(par_row, 0)]], -1)
    status = STATUS_NAMES[rows.status[rep_rows]]

    # counts (meetings, people led to, direct introductions) come from the shared facts: contact_metrics
    facts = _row_facts(net, rows, rep_rows)
    meetings = net.meetings
    m_last = np.full(n_contacts, _MISSING, dtype=np.int64)
    m_thanks = np.zeros(n_contacts, dtype=np.int64)
    m_all = np.zeros(n_contacts, dtype=np.int64)
    has_thanks = "thank_you_sent" in meetings.columns
    if len(meetings):  # the last meeting's date and thank-yous are not facts (yet): read them here
        mc = net.ids.get_indexer(meetings["contact"].astype(str))
        ok = mc >= 0
        md = _days(meetings["date"].to_numpy())[ok]
        np.maximum.at(m_last, mc[ok], md)
        m_all = np.bincount(mc[ok], minlength=n_contacts)
        if has_thanks:
            m_thanks = np.bincount(mc[ok], weights=meetings["thank_you_sent"].notna().to_numpy()[ok],
                                   minlength=n_contacts).astype(np.int64)
    count, last = facts["meetings"], m_last[codes]
    thanks, t_count = m_thanks[codes], m_all[codes]

    # colours
    if color_by == "generation":
        gmax = int(gen.max()) if len(gen) else 0
        top = min(gmax, len(PALETTE))
        gval = np.minimum(gen, top).astype(object)
        labels = {g: ("Direct contacts (1st)" if g == 1 else f"{_ordinal(g)} generation") for g in range(1, top + 1)}
        if gmax > top:
            labels[top] = f"{_ordinal(top)} generation and later"
        color, legend = _categories(gval, is_seeker, missing_label="", other_word="generations",
                                    order=list(range(1, top + 1)), labels=labels)
    elif color_by == "status":
        labels = {"suggested": "Suggested, not met yet", "introduced": "Introduced", "met": "Met"}
        color, legend = _categories(status.astype(object), is_seeker, missing_label="", other_word="statuses",
                                    order=["suggested", "introduced", "met"], labels=labels, colors=STATUS_COLORS)
    elif color_by == "origin":
        origin_row = rows.origin[rep_rows]
        origin_code = rows.node[np.maximum(origin_row, 0)]
        on = _text(contacts_all.iloc[origin_code], "name")
        oid = _text(contacts_all.iloc[origin_code], "id")
        branch = np.where(on == "", oid, on).astype(object)
        branch[origin_row < 0] = ""
        color, legend = _categories(branch, is_seeker, missing_label="(no branch)", other_word="branches")
        for item in legend[1 if is_seeker.any() else 0:]:
            if not item["label"].endswith("branches"):
                item["label"] = f"Through {item['label']}"
    else:
        color, legend = _categories(_text(frame, color_by), is_seeker, missing_label="(not recorded)",
                                    other_word="organizations" if color_by == "organization" else "fields")
    if n_more:
        legend.append({"label": f"People beyond generation {cap} (collapsed)", "color": MORE_COLOR,
                       "count": int(rows.desc[more_rows].sum())})
        color = np.concatenate([color, np.full(n_more, len(legend) - 1)])

    # sizes
    if size_by == "descendants":
        weight = facts["descendants"]
    elif size_by == "children":
        weight = facts["direct_introductions"]
    elif size_by == "meetings":
        weight = count
    else:
        weight = np.zeros(n_people, dtype=np.int64)
    size = _size(weight)
    size[is_seeker] = np.maximum(size[is_seeker], 28.0)
    size = np.concatenate([size, _size(rows.desc[more_rows], base=12.0, scale=2.0, cap=40.0)])

    # time: index into the sorted distinct days, -1 = from the start
    node_day = np.concatenate([day[rep_rows], more_day])
    if not timeline:
        node_day = np.full(len(node_day), _MISSING, dtype=np.int64)

    # edges: every tree edge between drawn people (pairs merged), plus the collapsed links
    e_rows = kept[k_parent >= 0]
    e_from = drawn_of_code[rows.node[rows.parent[e_rows]]]
    e_to = drawn_of_code[rows.node[e_rows]]
    pair = e_from * max(n_drawn, 1) + e_to
    _, first_e = np.unique(pair, return_index=True)
    first_e = np.sort(first_e)
    e_rows, e_from, e_to = e_rows[first_e], e_from[first_e], e_to[first_e]
    e_status = STATUS_NAMES[rows.status[e_rows]]
    e_day = np.maximum(day[e_rows], np.maximum(node_day[e_from], node_day[e_to])) if timeline else \
        np.full(len(e_rows), _MISSING, dtype=np.int64)
    m_from = drawn_of_code[rows.node[more_rows]]
    m_to = np.arange(n_people, n_drawn)

    # tooltips (columns; '' = line left out)
    led = facts["descendants"]
    kids = facts["direct_introductions"]
    led_text = np.where(led > 0, _thousands(led) + np.where(
        led == 1, " person", " people") + " (" + _thousands(kids)
        + " introduced directly)", "")
    gen_text = np.where(is_seeker, "seeker", _fmt(gen))
    meet_text = np.where(count > 0, _fmt(count) + np.where(
        last != _MISSING, " (last " + _day_strings(last) + ")", ""), np.where(is_seeker, "", "none yet"))
    if has_thanks:
        thank_text = np.where(t_count == 0, "", np.where(
            thanks >= t_count, "sent", np.where(thanks == 0, "not sent yet", _fmt(thanks)
                                                + " of " + _fmt(t_count) + " sent")))
    else:
        thank_text = np.full(n_people, "", dtype=object)
    def shorten(text: str) -> str:
        return text if len(text) <= _NOTES_CHARS else text[:_NOTES_CHARS] + "…"
    status_text = np.where(is_seeker, "", status.astype(object))
    summary = np.full(n_people, "", dtype=object)
    next_step = _next_steps(net, rows, rep_rows)
    tip_columns = {
        "Summary": summary,  # the id is shown from nodes.cid when it differs from the name
        "Role": _table(contacts_all, "role", codes), "Organization": _table(contacts_all, "organization", codes),
        "Field": _table(contacts_all, "field", codes),
        "Generation": gen_text, "Status": status_text, "First contact": _table(contacts_all, "first_contact", codes),
        "Meetings": meet_text, "Thank-you": thank_text, "Led to": led_text,
        "Source": _table(contacts_all, "source", codes), "Tags": _table(contacts_all, "tags", codes),
        "Notes": _table(contacts_all, "notes", codes, shorten), "Next step": next_step,
    }
    more_summary = (pd.Series([_plural(int(d), "more person") for d in rows.desc[more_rows]], dtype=object)
                    + " beyond generation " + str(cap) + ", introduced through "
                    + pd.Series(names[m_from], dtype=object)).to_numpy(dtype=object)
    for key, col in tip_columns.items():
        extra = more_summary if key == "Summary" else np.full(n_more, "", dtype=object)
        tip_columns[key] = _extend(col, extra) if isinstance(col, StringTable) else np.concatenate([col, extra])

    more_label = _fmt(rows.desc[more_rows], lambda d: f"+{d:,} more")
    nodes = {
        "cid": np.concatenate([ids, np.full(n_more, "", dtype=object)]),
        "name": np.concatenate([names, more_label]),
        "kind": np.concatenate([np.where(is_seeker, 1, 0), np.full(n_more, 2)]),
        "x": x, "y": y, "size": size, "color": color,
        "faded": np.concatenate([status == "suggested", np.zeros(n_more, dtype=bool)]),
        "gen": np.concatenate([gen, rows.gen[more_rows] + 1]),
        "parent": np.concatenate([parent, m_from]),
        "day": node_day,
        "descendants": np.concatenate([led, rows.desc[more_rows]]),
    }
    edges = {
        "from": np.concatenate([e_from, m_from]), "to": np.concatenate([e_to, m_to]),
        "day": np.concatenate([e_day, more_day if timeline else np.full(n_more, _MISSING, dtype=np.int64)]),
        "faded": np.concatenate([e_status == "suggested", np.zeros(n_more, dtype=bool)]),
        "width": np.ones(len(e_from) + n_more),
        # titles are put together on the page (names are already there): "<from> introduced <to>: <date> (<status>)"
        "date": np.concatenate([_days(rows.date[e_rows]), np.full(n_more, _MISSING, dtype=np.int64)]),
        "status": np.concatenate([rows.status[e_rows], np.zeros(n_more, dtype=np.int64)]),
    }
    return nodes, edges, tip_columns, legend, kind


# ---------------------------------------------------------------------------- aggregate maps
def _seeker_map(net, rows: _Rows, *, color_by, layout, max_nodes, budget_note):
    n_trees = rows.n_trees
    if n_trees > max_nodes:
        raise SizeLimitError(budget_note(n_trees))
    contacts = net.contacts
    seeker_rows = np.flatnonzero(rows.parent < 0)
    codes = rows.node[seeker_rows]
    frame = contacts.iloc[codes]
    ids, names = _text(frame, "id"), _text(frame, "name")
    names = np.where(names == "", ids, names)
    members = np.bincount(rows.tree, minlength=n_trees) - 1
    gmax = int(rows.gen.max()) if len(rows) else 0
    per_gen = np.bincount(rows.tree * (gmax + 1) + rows.gen, minlength=n_trees * (gmax + 1)).reshape(n_trees, gmax + 1)
    met = np.bincount(rows.tree[rows.status == 3], minlength=n_trees)
    deepest = np.zeros(n_trees, dtype=np.int64)
    np.maximum.at(deepest, rows.tree, rows.gen)
    by_gen = pd.Series([", ".join(f"{_ordinal(g)}: {c:,}" for g, c in enumerate(r) if g and c) for r in per_gen.tolist()],
                       dtype=object).to_numpy(dtype=object)
    # links: seekers whose trees share people (contacts shared by more than 50 trees are left out)
    shared = pd.DataFrame({"tree": rows.tree[rows.gen > 0], "node": rows.node[rows.gen > 0]})
    k = shared.groupby("node")["tree"].transform("size")
    shared = shared[(k > 1) & (k <= 50)]
    pairs = shared.merge(shared, on="node")
    pairs = pairs[pairs["tree_x"] < pairs["tree_y"]]
    links = pairs.groupby(["tree_x", "tree_y"]).size().reset_index(name="n")
    color = np.zeros(n_trees, dtype=np.int64)
    if color_by in ("field", "organization"):
        color, legend = _categories(_text(frame, color_by), np.zeros(n_trees, bool), missing_label="(not recorded)",
                                    other_word=f"{color_by}s")
    else:
        legend = [{"label": "Seeker (size: people in their network)", "color": SEEKER_COLOR, "count": int(n_trees)}]
    size = _size(members, base=12.0, scale=3.0, cap=90.0)
    box = 2 * size + LEAF_GAP
    ox, oy = pack_boxes(box, box, gap=LEAF_GAP)
    nodes = {
        "cid": ids, "name": names, "kind": np.full(n_trees, 1), "x": ox + box / 2, "y": oy + box / 2,
        "size": size, "color": color, "faded": np.zeros(n_trees, bool), "gen": np.zeros(n_trees, np.int64),
        "parent": np.full(n_trees, -1), "day": np.full(n_trees, _MISSING, dtype=np.int64),
        "descendants": members,
    }
    ln = links["n"].to_numpy()
    edges = {
        "from": links["tree_x"].to_numpy(), "to": links["tree_y"].to_numpy(),
        "day": np.full(len(links), _MISSING, dtype=np.int64), "faded": np.zeros(len(links), bool),
        "width": np.minimum(1 + np.log2(np.maximum(ln, 1)), 8).round(2),
        "title": (pd.Series(ln).map(lambda v: _plural(int(v), "shared contact"))).to_numpy(dtype=object),
    }
    tips = {
        "Summary": np.full(n_trees, "", dtype=object),
        "People": _thousands(members),
        "By generation": by_gen, "Met": _thousands(met),
        "Deepest generation": _fmt(deepest),
        "Organization": _text(frame, "organization"), "Field": _text(frame, "field"),
    }
    return nodes, edges, tips, legend, "grid"


def _organization_map(net, rows: _Rows, *, color_by, timeline, layout, max_nodes, budget_note):
    contacts = net.contacts
    first_contact_days = (_days(contacts["first_contact"].to_numpy()) if "first_contact" in contacts.columns
                          else np.full(len(contacts), _MISSING, dtype=np.int64))
    day = _row_days(rows, first_contact_days)
    org = _text(contacts, "organization")[rows.node] if len(rows) else np.zeros(0, dtype=object)
    org = np.where(org == "", "(no organization)", org)
    # groups: each seeker on its own, then organizations
    key = np.where(rows.gen == 0, pd.Series(rows.node).map(lambda c: f"\x00seeker{c}").to_numpy(dtype=object), org) \
        if len(rows) else org
    group, uniq = pd.factorize(pd.Series(key, dtype=object), sort=False)
    n_groups = len(uniq)
    if n_groups > max_nodes:
        raise SizeLimitError(budget_note(n_groups))
    # distinct people per group
    person = pd.DataFrame({"g": group, "node": rows.node}).drop_duplicates()
    people = np.bincount(person["g"].to_numpy(), minlength=n_groups)
    min_gen = np.full(n_groups, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(min_gen, group, rows.gen)
    max_gen = np.zeros(n_groups, dtype=np.int64)
    np.maximum.at(max_gen, group, rows.gen)
    g_day = np.full(n_groups, np.iinfo(np.int64).max, dtype=np.int64)
    dated = day != _MISSING
    np.minimum.at(g_day, group[dated], day[dated])
    g_day[g_day == np.iinfo(np.int64).max] = _MISSING
    g_day[min_gen == 0] = _MISSING
    is_seeker_group = min_gen == 0
    seeker_code = np.full(n_groups, -1, dtype=np.int64)
    seeker_code[group[rows.gen == 0]] = rows.node[rows.gen == 0]
    names = np.array(list(uniq), dtype=object)
    if is_seeker_group.any():
        sframe = contacts.iloc[seeker_code[is_seeker_group]]
        sn, sid = _text(sframe, "name"), _text(sframe, "id")
        names[is_seeker_group] = np.where(sn == "", sid, sn)
    cid = np.full(n_groups, "", dtype=object)
    if is_seeker_group.any():
        cid[is_seeker_group] = _text(contacts.iloc[seeker_code[is_seeker_group]], "id")
    # edges between groups, self-links counted as introductions inside
    has = rows.parent >= 0
    gf, gt = group[rows.parent[has]], group[has]
    inside = np.bincount(gf[gf == gt], minlength=n_groups)
    cross = gf != gt
    e = pd.DataFrame({"f": gf[cross], "t": gt[cross], "day": day[has][cross]})
    e["day"] = e["day"].where(e["day"] != _MISSING, np.iinfo(np.int64).max)
    agg = e.groupby(["f", "t"], sort=False).agg(n=("day", "size"), day=("day", "min")).reset_index()
    e_day = np.array(agg["day"].to_numpy(), dtype=np.int64)
    e_day[e_day == np.iinfo(np.int64).max] = _MISSING
    out_n = np.bincount(agg["f"].to_numpy(), weights=agg["n"].to_numpy(), minlength=n_groups).astype(np.int64)
    # colours
    if color_by == "generation":
        gval = np.minimum(min_gen, len(PALETTE)).astype(object)
        top = int(gval[~is_seeker_group].max()) if (~is_seeker_group).any() else 0
        labels = {g: f"Reached first in generation {g}" for g in range(1, top + 1)}
        color, legend = _categories(gval, is_seeker_group, missing_label="", other_word="generations",
                                    order=list(range(1, top + 1)), labels=labels)
    elif color_by == "organization":
        color, legend = _categories(names.astype(object), is_seeker_group, missing_label="(no organization)",
                                    other_word="organizations")
    else:
        if color_by == "status":
            per_row = STATUS_NAMES[rows.status].astype(object)
        elif color_by == "origin":
            oc = rows.node[np.maximum(rows.origin, 0)]
            per_row = np.where(rows.origin >= 0, _text(contacts, "name")[oc] if len(rows) else oc, "")
        else:
            per_row = _text(contacts, color_by)[rows.node] if len(rows) else np.zeros(0, dtype=object)
        cat, lab = pd.factorize(pd.Series(per_row, dtype=object).replace("", "(not recorded)"))
        dom = _dominant(group[rows.gen > 0], cat[rows.gen > 0], n_groups) if len(rows) else np.zeros(n_groups, np.int64)
        dom_val = np.asarray(lab, dtype=object)[dom] if len(lab) else np.full(n_groups, "", dtype=object)
        color, legend = _categories(dom_val, is_seeker_group, missing_label="(not recorded)",
                                    other_word="values")
        for item in legend[1 if is_seeker_group.any() else 0:]:
            item["label"] = f"Mostly {item['label']}"
    # positions: one band (or ring) per generation first reached, ordered by where the members sit in the tree layout
    kind = layout if layout != "auto" else ("layered" if n_groups <= LAYERED_UP_TO else "radial")
    tx, _ = tree_layout(rows.parent, rows.gen, rows.tree, kind="layered")
    mean_x = np.bincount(group, weights=tx, minlength=n_groups) / np.maximum(np.bincount(group, minlength=n_groups), 1)
    x, y = _bands(np.minimum(min_gen, 10**6), mean_x, kind=kind)
    size = _size(people, base=10.0, scale=4.0, cap=80.0)
    size[is_seeker_group] = np.maximum(size[is_seeker_group], 28.0)
    if not timeline:
        g_day[:] = _MISSING
        e_day[:] = _MISSING
    n_e = agg["n"].to_numpy()
    nodes = {
        "cid": cid, "name": names, "kind": np.where(is_seeker_group, 1, 2), "x": x, "y": y, "size": size,
        "color": color, "faded": np.zeros(n_groups, bool), "gen": min_gen, "parent": np.full(n_groups, -1),
        "day": g_day, "descendants": people,
    }
    edges = {
        "from": agg["f"].to_numpy(), "to": agg["t"].to_numpy(), "day": e_day, "faded": np.zeros(len(agg), bool),
        "width": np.minimum(1 + np.log2(np.maximum(n_e, 1)), 8).round(2),
        "title": (pd.Series(names[agg["f"].to_numpy()], dtype=object) + " → " + pd.Series(names[agg["t"].to_numpy()], dtype=object)
                  + ": " + pd.Series(n_e).map(lambda v: _plural(int(v), "introduction"))).to_numpy(dtype=object),
    }
    gen_range = np.where(min_gen == max_gen, _fmt(min_gen),
                         _fmt(min_gen) + "-" + _fmt(max_gen))
    tips = {
        "Summary": np.where(is_seeker_group, "seeker", "organization"),
        "People": _thousands(people),
        "Generations": np.where(is_seeker_group, "", gen_range),
        "Introductions to other organizations": _thousands(out_n),
        "Introductions inside": _thousands(inside),
    }
    return nodes, edges, tips, legend, kind


# ---------------------------------------------------------------------------- facts
def _row_facts(net, rows: _Rows, rep_rows: np.ndarray) -> dict:
    """Per drawn person: meetings, people led to and direct introductions, read from :func:`contact_metrics`.

    The facts are per (seeker, contact); a drawn person takes those of the tree they
    are drawn in. Seekers are not rows of the table: theirs come from the index.
    """
    from ...analysis import contact_metrics

    k = len(rep_rows)
    out = {"meetings": np.zeros(k, np.int64), "descendants": rows.desc[rep_rows].astype(np.int64),
           "direct_introductions": rows.children[rep_rows].astype(np.int64)}
    if not k or len(rows) == len(np.flatnonzero(rows.parent < 0)):
        return out
    cm = contact_metrics(net)
    ix = net.index
    # the table has one row per non-seeker index row, in index order: check that, else match by (seeker, contact)
    member_rows = np.flatnonzero(ix.parent >= 0)
    ids = net.ids.to_numpy()
    abs_rows = rep_rows + rows.offset
    if len(cm) == len(member_rows) and np.array_equal(cm["contact"].to_numpy(dtype=object), ids[ix.node[member_rows]]):
        pos = np.full(len(ix), -1, dtype=np.int64)
        pos[member_rows] = np.arange(len(member_rows))
        at = pos[abs_rows]
    else:  # pragma: no cover - a different row order in a later version of contact_metrics
        seeker_ids = np.asarray(net.seekers, dtype=object)
        tree_seeker = seeker_ids[rows.tree[rep_rows] + rows.first_tree]
        key = pd.MultiIndex.from_arrays([cm["seeker"].astype(str), cm["contact"].astype(str)])
        at = key.get_indexer(pd.MultiIndex.from_arrays([pd.Series(tree_seeker, dtype=str),
                                                        pd.Series(ids[rows.node[rep_rows]], dtype=str)]))
    found = at >= 0
    for column in out:
        values = cm[column].to_numpy()
        out[column][found] = values[at[found]].astype(np.int64)
    return out


#: maps of at most this many people (and seekers) get each person's next step from :func:`next_actions`
NEXT_STEPS_UP_TO = 400
NEXT_STEPS_SEEKERS = 5


def _next_steps(net, rows: _Rows, rep_rows: np.ndarray) -> np.ndarray:
    """Per drawn person, the first action :func:`referralgraph.next_actions` lists for them ('' for none).

    Only for small maps (``NEXT_STEPS_UP_TO`` people, ``NEXT_STEPS_SEEKERS`` seekers): the
    to-do list is computed per seeker and costs about a second each.
    """
    from ...analysis import next_actions
    from ...exceptions import ReferralGraphError

    out = np.full(len(rep_rows), "", dtype=object)
    if not len(rep_rows) or len(rows) > NEXT_STEPS_UP_TO or rows.n_trees > NEXT_STEPS_SEEKERS:
        return out
    ids = net.ids.to_numpy()
    seekers = np.asarray(net.seekers, dtype=object)
    for tree in range(rows.n_trees):
        try:
            todo = next_actions(net, seeker=str(seekers[tree + rows.first_tree]))
        except ReferralGraphError:  # nothing to suggest is not an error for a map
            continue
        if todo.empty or "contact" not in todo.columns:
            continue
        first = todo.dropna(subset=["contact"]).drop_duplicates("contact")
        step = pd.Series(first["action"].astype(str).to_numpy(), index=first["contact"].astype(str).to_numpy())
        mine = rows.tree[rep_rows] == tree
        found = step.reindex(ids[rows.node[rep_rows[mine]]].astype(str)).to_numpy(dtype=object)
        have = pd.notna(found)
        fill = out[mine]
        fill[have] = found[have]
        out[mine] = fill
    return out


# ---------------------------------------------------------------------------- entry point
def edge_titles(payload: MapPayload) -> list[str]:
    """Every edge's hover text, as the page writes it (see ``edgeTitle`` in ``templates/map.js``)."""
    return payload.edge_titles()


def _label_order(kind: np.ndarray, descendants: np.ndarray, gen: np.ndarray) -> np.ndarray:
    """Label importance: seekers, then groups, then people who led to the most, shallow before deep."""
    n = len(kind)
    rank = np.where(kind == 1, 0, np.where(kind == 2, 1, 2))
    return np.lexsort((np.arange(n), gen, -np.asarray(descendants, dtype=np.int64), rank)).astype(np.uint32)


def build_map_data(net, *, seeker=None, color_by="generation", size_by="descendants", timeline=True,
                   layout="auto", aggregate=None, max_generation=None, max_nodes=DEFAULT_MAX_NODES) -> MapPayload:
    """The page's data as a :class:`MapPayload` (see ``payload.py`` and ``templates/map.js``).

    Options are validated by the caller (:func:`referralgraph.network_map`).
    """
    rows = _Rows(net, seeker)
    has_org = "organization" in net.contacts.columns
    if aggregate == "organization" and not has_org:
        raise SchemaError("aggregate='organization' needs an 'organization' column in contacts; the network's "
                          f"contacts have {', '.join(map(repr, net.contacts.columns)) or 'no columns'}")

    def budget_note(n_drawn: int) -> str:
        hints = []
        if aggregate != "generation-cap" and max_generation is None:
            cap = rows.auto_cap(max_nodes)
            if cap is not None:
                hints.append(f"aggregate='generation-cap' (draws generations 0-{cap}, "
                             f"{rows.drawn_with_cap(cap):,} nodes)")
        if aggregate != "organization" and has_org:
            n_org = len(set(_text(net.contacts.iloc[np.unique(rows.node)], "organization").tolist())) + rows.n_trees
            if n_org <= max_nodes:
                hints.append(f"aggregate='organization' ({n_org:,} nodes)")
        if aggregate != "seeker" and rows.n_trees > 1 and rows.n_trees <= max_nodes:
            hints.append(f"aggregate='seeker' ({rows.n_trees:,} nodes)")
        if seeker is None and rows.n_trees > 1:
            hints.append("seeker=<id> for one seeker's tree")
        hints.append(f"max_nodes={n_drawn:,} (the page needs about 2-3 s per 10^5 nodes on a laptop without a GPU)")
        return (f"the map would draw {n_drawn:,} nodes; expected at most max_nodes={max_nodes:,}. "
                f"To make it feasible pass " + ", or ".join(hints)
                + " (command line: --aggregate, --max-generation, --seeker, --max-nodes)")

    if aggregate == "seeker":
        parts = _seeker_map(net, rows, color_by=color_by, layout=layout, max_nodes=max_nodes, budget_note=budget_note)
        timeline = False
    elif aggregate == "organization":
        parts = _organization_map(net, rows, color_by=color_by, timeline=timeline, layout=layout,
                                  max_nodes=max_nodes, budget_note=budget_note)
    else:
        cap = max_generation
        if aggregate == "generation-cap" and cap is None:
            cap = rows.auto_cap(max_nodes)
            if cap is None:
                raise SizeLimitError(budget_note(rows.drawn_with_cap(1)))
        if cap is not None and len(rows) and cap >= int(rows.gen.max()):
            cap = None  # nothing to collapse
        parts = _person_map(net, rows, color_by=color_by, size_by=size_by, timeline=timeline, layout=layout,
                            cap=cap, max_nodes=max_nodes, budget_note=budget_note)
    nodes, edges, tips, legend, kind = parts

    # time: distinct days, then an index per node and edge (-1 = shown from the start)
    days = np.unique(np.concatenate([nodes["day"], edges["day"]]))
    days = days[days != _MISSING]
    node_t = np.where(nodes["day"] == _MISSING, -1, np.searchsorted(days, nodes["day"]))
    edge_t = np.where(edges["day"] == _MISSING, -1, np.searchsorted(days, edges["day"]))
    m = len(edges["from"])
    kinds = np.asarray(nodes["kind"], dtype=np.int64)
    desc = np.asarray(nodes["descendants"], dtype=np.int64)
    gen = np.asarray(nodes["gen"], dtype=np.int64)
    node_cols = {
        "x": nodes["x"], "y": nodes["y"], "size": nodes["size"], "color": nodes["color"], "kind": kinds,
        "faded": np.asarray(nodes["faded"], dtype=bool), "gen": np.minimum(gen, 2**31 - 1), "parent": nodes["parent"],
        "t": node_t, "descendants": desc, "label_order": _label_order(kinds, desc, gen),
    }
    node_arrays = {k: np.asarray(node_cols[k]).astype(d) for k, d in NODE_ARRAYS.items()}
    node_arrays["name"] = [str(v) for v in nodes["name"].tolist()]
    node_arrays["cid"] = [str(v) for v in nodes["cid"].tolist()]
    if "title" in edges:
        edge_dates, date_index = [], np.full(m, -1)
        status = np.zeros(m)
    else:
        uniq, inverse = np.unique(np.asarray(edges["date"], dtype=np.int64), return_inverse=True)
        labels = _day_strings(uniq).tolist()
        missing = [i for i, v in enumerate(uniq.tolist()) if v == _MISSING]
        date_index = inverse.reshape(-1).astype(np.int64)
        if missing:
            date_index = np.where(date_index == missing[0], -1, date_index - (date_index > missing[0]))
            labels = [lab for i, lab in enumerate(labels) if i != missing[0]]
        edge_dates = labels
        status = np.asarray(edges["status"], dtype=np.int64)
    edge_cols = {"from": edges["from"], "to": edges["to"], "t": edge_t, "faded": np.asarray(edges["faded"], dtype=bool),
                 "width": edges["width"], "status": status, "date": date_index}
    edge_arrays = {k: np.asarray(edge_cols[k]).astype(d) for k, d in EDGE_ARRAYS.items()}
    if "title" in edges:
        edge_arrays["title"] = StringTable.from_values(edges["title"])
    payload = MapPayload(
        nodes=node_arrays, edges=edge_arrays,
        tips={label: col if isinstance(col, StringTable) else StringTable.from_values(col) for label, col in tips.items()},
        legend=legend, dates=_day_strings(days).tolist() if timeline else [], edge_dates=edge_dates,
        layout=kind, aggregate=aggregate, people=int(len(np.unique(rows.node))),
    )
    if not timeline:
        payload.nodes["t"][:] = -1
        payload.edges["t"][:] = -1
    return payload
