"""Growth over time: new and cumulative contacts, introductions and meetings per day, week or month."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._docstrings import share_docs
from .facts import OptionError, as_of_column, facts, reference_day, resolve, seeker_positions

__all__ = ["growth", "GROWTH_COLUMNS"]

#: value columns of :func:`growth`, after ``seeker, period`` (and ``generation``)
GROWTH_COLUMNS = [
    "new_contacts",
    "cumulative_contacts",
    "new_introductions",
    "cumulative_introductions",
    "new_meetings",
    "cumulative_meetings",
]


def _check_freq(freq) -> str:
    if not isinstance(freq, str):
        raise OptionError(f"freq must be a period alias such as 'D', 'W' or 'M' (got {freq!r})")
    try:
        pd.Period("2026-01-01", freq=freq)
    except (ValueError, TypeError) as exc:
        raise OptionError(f"freq must be a period alias such as 'D', 'W' or 'M' (got {freq!r}: {exc})") from None
    return freq


def _ordinals(dates: np.ndarray, freq: str) -> np.ndarray:
    if len(dates) == 0:
        return np.zeros(0, np.int64)
    return pd.DatetimeIndex(dates).to_period(freq).asi8.astype(np.int64)


@share_docs
def growth(net, *, freq: str = "W", seeker: str | None = None, by_generation: bool = False, as_of=None) -> pd.DataFrame:
    """New and cumulative contacts, introductions and meetings per period, per seeker (tidy).

    Parameters
    ----------
    {net}
    freq : str, default "W"
        A pandas period alias: ``"D"`` (day), ``"W"`` (week, Monday to Sunday),
        ``"M"`` (month), ``"Q"``, ``"Y"``, or anchored forms such as ``"W-SAT"``.
    seeker : str, optional
        Only this seeker. ``None`` means every seeker.
    by_generation : bool, default False
        Split every count by the generation of the contact concerned.
    as_of : date-like, optional
        Count the network as known on this date (:func:`referralgraph.snapshot`);
        the last period is the one holding it. By default the last period holds
        the latest date in the data.

    Returns
    -------
    pandas.DataFrame
        Columns ``seeker, period`` (the first day of the period, a Timestamp),
        ``generation`` (only with ``by_generation``), then ``new_contacts,
        cumulative_contacts, new_introductions, cumulative_introductions,
        new_meetings, cumulative_meetings``. Every period from the seeker's
        first dated event to the last period is present, with zeros where
        nothing happened, so cumulative lines are continuous; with
        ``by_generation`` every generation from 1 to the tree's deepest appears
        in every period. Ordered by seeker, period (, generation). A seeker with
        no dated event has no rows.

    Raises
    ------
    {raises_seeker}
    OptionError
        If ``freq`` is not a period alias or ``as_of`` is not a date.

    Notes
    -----
    For a seeker and period :math:`P`:
    ``new_contacts`` :math:`= |\\{v : \\mathrm{first\\_contact}(v) \\in P\\}|` over
    the tree's contacts (contacts without any date are never counted);
    ``new_introductions`` counts the seeker's introduction rows dated in
    :math:`P` made by someone other than the seeker (duplicates included: each
    is an introduction received); ``new_meetings`` counts the seeker's meetings
    dated in :math:`P`. ``cumulative_*`` are running sums from the first period.
    This is the cumulative adoption curve of diffusion studies [1]_.

    References
    ----------
    .. [1] Rogers, E. M. (2003). *Diffusion of Innovations*, 5th ed., Free Press,
       ch. 7 (the S-shaped cumulative adoption curve).

    Examples
    --------
    >>> net = rg.from_frames(
    ...     pd.DataFrame({"name": ["Me", "Ann", "Bo"], "is_seeker": ["y", "", ""]}),
    ...     pd.DataFrame({"introducer": ["Me", "Ann"], "introduced": ["Ann", "Bo"],
    ...                   "date": ["2026-03-02", "2026-03-18"]}))
    >>> rg.growth(net)[["period", "new_contacts", "cumulative_contacts"]]
          period  new_contacts  cumulative_contacts
    0 2026-03-02             1                    1
    1 2026-03-09             0                    1
    2 2026-03-16             1                    2
    """
    freq = _check_freq(freq)
    net, day = resolve(net, as_of)
    ref = reference_day(facts(net), day)
    out = growth_until(net, ref, freq=freq, seeker=seeker, by_generation=by_generation)
    out["as_of"] = as_of_column(ref, len(out))  # the reference date the table was measured on
    return out


def growth_until(net, ref, *, freq: str = "W", seeker=None, by_generation: bool = False) -> pd.DataFrame:
    """:func:`growth` of an already measured network (e.g. a snapshot) up to the reference day ``ref``."""
    freq = _check_freq(freq)
    positions = seeker_positions(net, seeker)
    f = facts(net)
    ix = net.index
    T = len(ix.seekers)
    want = np.zeros(T, bool)
    want[positions] = True
    events = _events(f, ix, want, freq)
    start, end = _span(events, T, ref, freq)
    trees = np.flatnonzero(start < np.iinfo(np.int64).max)
    if len(trees) == 0 or end is None:
        return _empty(by_generation)
    grid = _Grid(ix, trees, start, end, T, by_generation)
    new = {name: grid.counts(*ev) for name, ev in events.items()}
    cumulative = {name: grid.running_sums(x) for name, x in new.items()}
    ids = net.ids.to_numpy()
    period = pd.PeriodIndex.from_ordinals(grid.period_ord, freq=freq).start_time
    frame = {
        "seeker": pd.Series(ids[ix.seekers[trees[grid.rep]]], dtype="str"),
        "period": pd.Series(period.to_numpy(dtype="datetime64[ns]")),
    }
    if by_generation:
        frame["generation"] = grid.generation
    for name in ("contacts", "introductions", "meetings"):
        frame[f"new_{name}"] = new[name]
        frame[f"cumulative_{name}"] = cumulative[name]
    return pd.DataFrame(frame)


def _events(f, ix, want: np.ndarray, freq: str) -> dict:
    """Dated events of the wanted trees, as (tree position, generation, period ordinal) per kind.

    Contacts by their first contact, introductions made by someone other than the seeker, meetings.
    """
    sub = np.flatnonzero((ix.parent >= 0) & want[ix.tree_of_row] & ~np.isnat(f.first_contact))
    c_t, c_g, c_d = ix.tree_of_row[sub], ix.generation[sub], f.first_contact[sub]
    i_ok = (f.i_to_row >= 0) & (f.i_introducer >= 0) & (f.i_introducer != f.i_seeker) & ~np.isnat(f.i_date)
    i_rows = f.i_to_row[i_ok]
    keep = want[ix.tree_of_row[i_rows]]
    i_rows = i_rows[keep]
    i_t, i_g, i_d = ix.tree_of_row[i_rows], ix.generation[i_rows], f.i_date[i_ok][keep]
    m_ok = (f.m_row >= 0) & ~np.isnat(f.m_date)
    m_rows = f.m_row[m_ok]
    keep = want[ix.tree_of_row[m_rows]]
    m_rows = m_rows[keep]
    m_t, m_g, m_d = ix.tree_of_row[m_rows], ix.generation[m_rows], f.m_date[m_ok][keep]
    return {
        "contacts": (c_t, c_g, _ordinals(c_d, freq)),
        "introductions": (i_t, i_g, _ordinals(i_d, freq)),
        "meetings": (m_t, m_g, _ordinals(m_d, freq)),
    }


def _span(events: dict, T: int, ref, freq: str):
    """Per tree, the first period with an event (int64 max: none); and the last period of the table."""
    big = np.iinfo(np.int64).max
    start = np.full(T, big, dtype=np.int64)
    for t, _, o in events.values():
        if len(t):
            np.minimum.at(start, t, o)
    end_all = max([o.max() for _, _, o in events.values() if len(o)], default=None)
    end: int | None
    if ref is not None:
        end = int(_ordinals(np.array([ref.to_datetime64()], dtype="datetime64[ns]"), freq)[0])
        end = max(end, end_all) if end_all is not None else end
    else:
        end = end_all
    return start, end


class _Grid:
    """The table's cells in order seeker, period, generation (one generation when not ``by_generation``)."""

    def __init__(self, ix, trees: np.ndarray, start: np.ndarray, end: int, T: int, by_generation: bool):
        n_periods = end - start[trees] + 1
        depth = (
            np.maximum.reduceat(ix.generation.astype(np.int64), ix.offsets[:-1])[trees]
            if by_generation
            else np.ones(len(trees), np.int64)
        )
        depth = np.maximum(depth, 1)
        cells = n_periods * depth
        self.base = np.concatenate([[0], np.cumsum(cells)[:-1]])
        self.total = total = int(cells.sum())
        self.slot = np.full(T, -1, dtype=np.int64)
        self.slot[trees] = np.arange(len(trees))
        self.start, self.depth, self.by_generation = start[trees], depth, by_generation
        self.rep = rep = np.repeat(np.arange(len(trees)), cells)
        local = np.arange(total, dtype=np.int64) - self.base[rep]
        self.period_ord = self.start[rep] + local // depth[rep]
        self.generation = local % depth[rep] + 1
        # running sums per (seeker, generation): stride through each seeker's block
        group = rep * (depth.max() + 1) + (self.generation if by_generation else 0)
        self.order = np.lexsort((self.period_ord, group))
        g_sorted = group[self.order]
        first = np.r_[True, g_sorted[1:] != g_sorted[:-1]]
        self.seg_start = np.maximum.accumulate(np.where(first, np.arange(total), 0))

    def counts(self, t: np.ndarray, g: np.ndarray, o: np.ndarray) -> np.ndarray:
        """Events per cell."""
        s = self.slot[t]
        cell = (
            self.base[s] + (o - self.start[s]) * self.depth[s] + ((g.astype(np.int64) - 1) if self.by_generation else 0)
        )
        total = self.total
        return np.bincount(cell, minlength=total).astype(np.int64)[:total] if len(cell) else np.zeros(total, np.int64)

    def running_sums(self, x: np.ndarray) -> np.ndarray:
        """Cumulative counts per (seeker, generation), in period order."""
        order, seg_start = self.order, self.seg_start
        c = np.cumsum(x[order])
        before = np.where(seg_start > 0, c[seg_start - 1], 0)
        out = np.empty(self.total, np.int64)
        out[order] = c - before
        return out


def _empty(by_generation: bool) -> pd.DataFrame:
    frame = {"seeker": pd.Series(dtype="str"), "period": pd.Series(dtype="datetime64[ns]")}
    if by_generation:
        frame["generation"] = pd.Series(dtype=np.int64)
    for name in GROWTH_COLUMNS:
        frame[name] = pd.Series(dtype=np.int64)
    return pd.DataFrame(frame)
