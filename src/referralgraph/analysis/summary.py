"""Per-seeker summary of a referral network, and the cohort view: quantiles across seekers, shared hubs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._docstrings import share_docs
from .facts import (
    OptionError,
    as_of_column,
    check_int,
    contact_attr,
    facts,
    group_reduce,
    reference_day,
    resolve,
    seeker_positions,
)
from ..model.vocabulary import DORMANT_DAYS, INTRODUCED, MET, SUGGESTED

__all__ = ["seeker_summary", "cohort_summary", "shared_hubs", "SUMMARY_COLUMNS"]

#: columns of :func:`seeker_summary`, in order
SUMMARY_COLUMNS = [
    "seeker",
    "contacts",
    "met_contacts",
    "meetings",
    "max_generation",
    "max_breadth",
    "breadth_generation",
    "reach_by_generation",
    "structural_virality",
    "branching_factor",
    "introducer_share",
    "asks",
    "introductions_per_ask",
    "suggested_to_met_rate",
    "median_days_meeting_to_introduction",
    "organizations",
    "fields",
    "organization_diversity",
    "field_diversity",
    "thank_you_24h_rate",
    "median_thank_you_hours",
    "handwritten_notes",
    "dormant_contacts",
    "pending_introductions",
    "first_meeting",
    "contacts_day_30",
    "contacts_day_60",
    "contacts_day_90",
    "doubling_days",
    "as_of",
]

_DAY_NS = 86_400 * 10**9


@share_docs
def seeker_summary(net, *, seeker: str | None = None, as_of=None, dormant_days: int = DORMANT_DAYS) -> pd.DataFrame:
    """One row per seeker: size, depth, spread, habits and growth of their referral network.

    Parameters
    ----------
    {net}
    seeker : str, optional
        Only this seeker's row. ``None`` means every seeker (one row each).
    as_of : date-like, optional
        Measure the network as known on this date (:func:`referralgraph.snapshot`);
        it is also the reference day for dormancy and the day-30/60/90 counts. By
        default the reference day is the latest date in the data.
    dormant_days : int, default 60
        Days without a touch after which a contact counts as dormant.

    Returns
    -------
    pandas.DataFrame
        One row per seeker, columns :data:`SUMMARY_COLUMNS`:
        ``seeker, contacts, met_contacts, meetings, max_generation, max_breadth,
        breadth_generation, reach_by_generation, structural_virality,
        branching_factor, introducer_share, asks, introductions_per_ask,
        suggested_to_met_rate, median_days_meeting_to_introduction,
        organizations, fields, organization_diversity, field_diversity,
        thank_you_24h_rate, median_thank_you_hours, handwritten_notes,
        dormant_contacts, pending_introductions, first_meeting,
        contacts_day_30, contacts_day_60, contacts_day_90, doubling_days``.
        ``reach_by_generation`` holds a dict ``{generation: contacts}`` per row
        (the tidy form is :func:`reach_by_generation`). Rates and medians are NaN
        when their denominator is empty; counts that depend on a complete window
        (``contacts_day_*``) are missing until the window has passed.

    Raises
    ------
    {raises_seeker}
    OptionError
        If ``as_of`` is not a date or ``dormant_days`` is not an integer >= 0.

    See Also
    --------
    contact_metrics, reach_by_generation, cohort_summary

    Notes
    -----
    Every metric is defined with its formula in docs/metrics.md. The main ones,
    for a tree of :math:`n` members (seeker included):

    - structural virality :math:`\\nu = \\frac{1}{\\binom{n}{2}}\\sum_{e} s_e (n - s_e)`,
      :math:`s_e` the number of members below edge :math:`e`: the mean
      shortest-path distance over all pairs, in O(n) [1]_; NaN when :math:`n = 1`;
    - branching factor: mean ``direct_introductions`` over met contacts [2]_;
    - introductions per ask :math:`K = I_{asked} / A`, the introductions made by
      contacts you asked divided by the meetings where you asked [2]_;
    - diversity :math:`H = -\\sum_i p_i \\ln p_i` over the case-folded values of
      the contacts' organization or field [3]_;
    - doubling days :math:`t_{(n)} - t_{(\\lceil n/2 \\rceil)}` over the sorted
      dated ``first_contact`` values: how long the network took to double to its
      current size (NaN with fewer than 2 dated contacts).

    References
    ----------
    .. [1] Goel, S., Anderson, A., Hofman, J. & Watts, D. J. (2016). The structural
       virality of online diffusion. *Management Science* 62(1), 180-196.
    .. [2] Leskovec, J., Adamic, L. A. & Huberman, B. A. (2007). The dynamics of
       viral marketing. *ACM Transactions on the Web* 1(1), 5.
    .. [3] Shannon, C. E. (1948). A mathematical theory of communication. *Bell
       System Technical Journal* 27(3), 379-423.

    Examples
    --------
    >>> net = rg.from_frames(
    ...     pd.DataFrame({"name": ["Me", "Ann", "Bo", "Cy"], "is_seeker": ["y", "", "", ""]}),
    ...     pd.DataFrame({"introducer": ["Ann", "Ann"], "introduced": ["Bo", "Cy"]}))
    >>> s = rg.seeker_summary(net).iloc[0]
    >>> int(s["contacts"]), int(s["max_generation"]), s["reach_by_generation"], float(s["structural_virality"])
    (3, 2, {1: 1, 2: 2}, 1.5)
    """
    dormant_days = check_int("dormant_days", dormant_days, minimum=0)
    net, day = resolve(net, as_of)
    positions = seeker_positions(net, seeker)
    return summary_table(net, reference_day(facts(net), day), dormant_days).iloc[positions].reset_index(drop=True)


def _bincount(groups, n, weights=None):
    return np.bincount(groups, weights=weights, minlength=n)[:n] if len(groups) else np.zeros(n)


def _group_median(groups: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    ok = ~np.isnan(values)
    out = np.full(n, np.nan)
    if ok.any():
        med = pd.Series(values[ok]).groupby(groups[ok]).median()
        out[med.index.to_numpy()] = med.to_numpy()
    return out


def _ratio(num, den) -> np.ndarray:
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    out = np.full(len(den), np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


def _known_count(values, known: np.ndarray) -> pd.arrays.IntegerArray:
    """Counts as nullable integers, missing where the data does not record what they count."""
    out = pd.array(np.asarray(values, dtype=np.int64), dtype="Int64")
    out[~known] = pd.NA
    return out


def summary_table(net, ref: pd.Timestamp | None, dormant_days: int) -> pd.DataFrame:
    """Every seeker's :func:`seeker_summary` row, measured on ``ref``; computed once per network and arguments.

    A copy of the cached table is returned (the network never changes, so neither does its summary).
    """
    f = facts(net)
    cache = f.__dict__.setdefault("_summary_tables", {})
    key = (None if ref is None else ref.value, int(dormant_days))
    if key not in cache:
        cache[key] = _summary_frame(net, f, ref, dormant_days)
    frame = cache[key].copy()
    frame["reach_by_generation"] = pd.Series(
        [dict(d) for d in frame["reach_by_generation"]], index=frame.index, dtype=object
    )  # no dict shared with the cache
    return frame


class _Rows:
    """The index arrays every step reads, computed once: rows of contacts, their tree positions and generations."""

    def __init__(self, net, f):
        ix = net.index
        self.ix, self.f, self.T = ix, f, len(ix.seekers)
        self.tree = ix.tree_of_row
        self.sub = ix.parent >= 0  # contact rows (not the seekers' own)
        self.sub_rows = np.flatnonzero(self.sub)
        self.tree_sub = self.tree[self.sub_rows]
        self.gen = ix.generation.astype(np.int64)
        self.size = ix.tree_size.astype(np.int64)

    def count(self, mask, weights=None) -> np.ndarray:
        """Per seeker position: rows where ``mask`` holds (summing ``weights`` when given)."""
        w = mask.astype(float) if weights is None else np.where(mask, weights, 0.0)
        return _bincount(self.tree, self.T, w)


def _summary_frame(net, f, ref: pd.Timestamp | None, dormant_days: int) -> pd.DataFrame:
    r = _Rows(net, f)
    cols = {"seeker": pd.Series(net.ids.to_numpy()[r.ix.seekers], dtype="str"), "contacts": r.size - 1}
    cols.update(_shape(r))
    cols.update(_habits(r))
    cols.update(_meetings(r))
    cols.update(_diversity(net, r))
    cols.update(_thanks_and_dormancy(net, r, ref, dormant_days))
    cols.update(_growth(r, ref, cols["first_meeting"]))
    frame = pd.DataFrame(cols)
    frame["as_of"] = as_of_column(ref, len(frame))  # the reference date every row was measured on
    return frame[SUMMARY_COLUMNS]


def _pair_counts(group: np.ndarray, value: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct (group, value) pairs, sorted, and how many rows each has (values are codes >= 0).

    One dense ``bincount`` when groups x values is small, else one sort.
    """
    if len(group) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    base = int(value.max()) + 1
    key = group.astype(np.int64) * base + value
    if n_groups * base <= max(4 * len(key), 1 << 16):
        counts = np.bincount(key, minlength=n_groups * base)
        pairs = np.flatnonzero(counts)
        n = counts[pairs]
    else:
        s = np.sort(key)
        starts = np.flatnonzero(np.r_[True, s[1:] != s[:-1]])
        pairs = s[starts]
        n = np.diff(np.r_[starts, len(s)])
    return pairs // base, pairs % base, n.astype(np.int64)


def _shape(r: _Rows) -> dict:
    """Depth, breadth per generation, the widest generation and structural virality, per seeker."""
    T, ix = r.T, r.ix
    max_generation = np.maximum.reduceat(r.gen, ix.offsets[:-1]) if T else np.zeros(0, np.int64)
    t, g, n = _pair_counts(r.tree_sub, r.gen[r.sub_rows], T)
    reach: list[dict] = [{} for _ in range(T)]
    for tt, gg, nn in zip(t.tolist(), g.tolist(), n.tolist()):
        reach[tt][gg] = nn  # one entry per (seeker, generation), never per contact
    best = np.lexsort((g, -n, t))  # per tree: most members, then the shallowest generation
    first = best[np.r_[True, t[best][1:] != t[best][:-1]]] if len(best) else best
    max_breadth = np.zeros(T, np.int64)
    breadth_generation = pd.array([pd.NA] * T, dtype="Int64")
    max_breadth[t[first]] = n[first]
    breadth_generation[t[first]] = g[first]
    # structural virality: sum over edges s (n - s) / C(n, 2)
    s = (ix.descendants[r.sub_rows] + 1).astype(float)
    wiener = _bincount(r.tree_sub, T, s * (r.size[r.tree_sub] - s))
    return {
        "max_generation": max_generation.astype(np.int64),
        "max_breadth": max_breadth,
        "breadth_generation": breadth_generation,
        "reach_by_generation": pd.Series(reach, dtype=object),
        "structural_virality": _ratio(wiener, r.size * (r.size - 1) / 2.0),
    }


def _habits(r: _Rows) -> dict:
    """Branching, introducer share, suggested people met and pending introductions (missing where "met" is unknown)."""
    ix, f = r.ix, r.f
    met = r.sub & (ix.status == MET)
    children = ix.children
    met_n = r.count(met)
    gen2 = r.sub & (r.gen >= 2)
    knows_met = f.tree_records_meetings
    rates = {
        "branching_factor": _ratio(r.count(met, children), met_n),
        "introducer_share": _ratio(r.count(met & (children > 0)), met_n),
        "suggested_to_met_rate": _ratio(r.count(gen2 & (ix.status == MET)), r.count(gen2)),
    }
    for arr in rates.values():  # unknown is never "no"
        arr[~knows_met] = np.nan
    pending = r.count(gen2 & ((ix.status == SUGGESTED) | (ix.status == INTRODUCED))).astype(np.int64)
    return {
        "met_contacts": _known_count(met_n, knows_met),
        **rates,
        "pending_introductions": _known_count(pending, knows_met),
        "median_days_meeting_to_introduction": _group_median(r.tree_sub, f.days_to_first_introduction[r.sub_rows], r.T),
    }


def _meetings(r: _Rows) -> dict:
    """Meetings, asks, introductions per ask, handwritten notes and the first meeting, per seeker."""
    f, T = r.f, r.T
    pos_of_code = np.full(f.N, -1, dtype=np.int64)
    pos_of_code[r.ix.seekers] = np.arange(T)
    m_pos = np.where(f.m_seeker >= 0, pos_of_code[np.maximum(f.m_seeker, 0)], -1)
    m_ok = m_pos >= 0
    asked = f.m_column("asked_for_introductions", "bool")
    if asked is not None and len(asked):
        asks = _bincount(m_pos[m_ok & asked], T).astype(np.int64)
        i_pos = np.where(f.i_seeker >= 0, pos_of_code[np.maximum(f.i_seeker, 0)], -1)
        by_asked = (f.i_from_row >= 0) & (i_pos >= 0)
        by_asked[by_asked] = f.asked[f.i_from_row[by_asked]]  # made by a contact the seeker asked
        intros_from_asked = _bincount(i_pos[by_asked], T)
    else:
        asks, intros_from_asked = np.zeros(T, np.int64), np.zeros(T)
    per_ask = _ratio(intros_from_asked, asks)
    knows_asks = f.tree_records("asked_for_introductions")
    per_ask[~knows_asks] = np.nan
    hand = f.m_column("handwritten_note", "bool")
    handwritten = (
        _bincount(m_pos[m_ok & hand], T).astype(np.int64) if hand is not None and len(hand) else np.zeros(T, np.int64)
    )
    return {
        "meetings": _bincount(m_pos[m_ok], T).astype(np.int64),
        "asks": _known_count(asks, knows_asks),
        "introductions_per_ask": per_ask,
        "handwritten_notes": handwritten,
        "first_meeting": group_reduce(m_pos, f.m_date, T, "min"),
    }


def _diversity(net, r: _Rows) -> dict:
    """Distinct organizations and fields per seeker, and their Shannon entropy (case-folded values)."""
    out = {}
    contacts = net.table("contacts")
    for column, plural in (("organization", "organizations"), ("field", "fields")):
        count, entropy = np.zeros(r.T, np.int64), np.full(r.T, np.nan)
        if column in contacts.columns and len(contacts):
            codes = r.f.text_codes(column)[r.ix.node[r.sub_rows]]
            known = codes >= 0
            g, _, n = _pair_counts(r.tree_sub[known], codes[known], r.T)
            count = _bincount(g, r.T).astype(np.int64)
            if len(g):  # summed from the smallest count up: the same bits however the values are coded
                by_count = np.lexsort((n, g))
                g, n = g[by_count], n[by_count]
                p = n / _bincount(g, r.T, n.astype(float))[g]
                h = _bincount(g, r.T, -p * np.log(p))
                entropy[count > 0] = np.abs(h[count > 0])  # -0.0 -> 0.0
        out[plural], out[f"{column}_diversity"] = count, entropy
    return out


def _thanks_and_dormancy(net, r: _Rows, ref, dormant_days: int) -> dict:
    """Share of first conversations thanked within 24 hours, the median hours, and dormant contacts."""
    f, T = r.f, r.T
    if "thank_you_sent" in net.table("meetings").columns:
        has_meeting = r.sub & ~np.isnat(f.first_meeting)
        hours = f.thank_you_hours
        rate = _ratio(r.count(has_meeting & (hours <= 24)), r.count(has_meeting))  # NaN compares False
        median = _group_median(r.tree_sub, hours[r.sub_rows], T)
    else:
        rate, median = np.full(T, np.nan), np.full(T, np.nan)
    dormant = np.zeros(T, np.int64)
    if ref is not None:
        last = f.last_touch
        since = (ref.to_datetime64().astype("datetime64[D]") - last.astype("datetime64[D]")).astype("float64")
        since[np.isnat(last)] = np.nan
        dormant = r.count(r.sub & (since >= dormant_days)).astype(np.int64)
    return {"thank_you_24h_rate": rate, "median_thank_you_hours": median, "dormant_contacts": dormant}


def _growth(r: _Rows, ref, first_meeting: np.ndarray) -> dict:
    """Contacts 30, 60 and 90 days after the first meeting (missing until the window has passed), doubling days."""
    T = r.T
    fc = r.f.first_contact
    dated = r.sub & ~np.isnat(fc)
    fc_day = fc.astype("datetime64[D]")
    start_day = first_meeting.astype("datetime64[D]")
    out = {}
    for d in (30, 60, 90):
        col = pd.array([pd.NA] * T, dtype="Int64")
        if ref is not None:
            complete = ~np.isnat(start_day) & (
                start_day + np.timedelta64(d, "D") <= ref.to_datetime64().astype("datetime64[D]")
            )
            inside = dated & complete[r.tree]
            inside[inside] &= fc_day[inside] <= (start_day[r.tree[inside]] + np.timedelta64(d, "D"))
            col[complete] = r.count(inside).astype(np.int64)[complete]
        out[f"contacts_day_{d}"] = col
    # doubling days: t_(n) - t_(ceil(n/2)) over dated first contacts
    doubling = np.full(T, np.nan)
    dated_rows = np.flatnonzero(dated)
    if len(dated_rows):
        order = dated_rows[np.lexsort((fc[dated_rows].view("int64"), r.tree[dated_rows]))]
        n_dated = _bincount(r.tree[order], T).astype(np.int64)
        start = np.concatenate([[0], np.cumsum(n_dated)[:-1]])
        ok = n_dated >= 2
        half = start[ok] + (n_dated[ok] + 1) // 2 - 1
        last_i = start[ok] + n_dated[ok] - 1
        doubling[ok] = (fc[order[last_i]] - fc[order[half]]).astype("int64") / _DAY_NS
    out["doubling_days"] = doubling
    return out


@share_docs
def cohort_summary(
    net, *, quantiles=(0.1, 0.25, 0.5, 0.75, 0.9), as_of=None, dormant_days: int = DORMANT_DAYS
) -> pd.DataFrame:
    """The per-seeker summary across a cohort: count, mean and quantiles of every numeric metric.

    Parameters
    ----------
    {net}
    quantiles : sequence of float, default (0.1, 0.25, 0.5, 0.75, 0.9)
        Quantiles to report, each in [0, 1].
    as_of, dormant_days
        As for :func:`seeker_summary`.

    Returns
    -------
    pandas.DataFrame
        One row per numeric metric of :func:`seeker_summary` (in its column
        order): ``metric``, ``seekers`` (seekers with a value), ``mean``, then one
        column per quantile named ``p<100 q>`` (``p10``, ``p50``, ...). Missing
        values are left out of each statistic.

    Raises
    ------
    OptionError
        If a quantile is outside [0, 1] or ``quantiles`` is empty.

    Notes
    -----
    Quantiles use linear interpolation between order statistics (Hyndman & Fan
    type 7, pandas' default) [1]_.

    {references_quantiles}

    Examples
    --------
    >>> net = rg.from_frames(
    ...     pd.DataFrame({"name": ["S1", "S2", "Ann", "Bo", "Cy"], "is_seeker": ["y", "y", "", "", ""]}),
    ...     pd.DataFrame({"introducer": ["S1", "S2", "Ann"], "introduced": ["Ann", "Bo", "Cy"],
    ...                   "seeker": ["S1", "S2", "S1"]}))
    >>> rg.cohort_summary(net, quantiles=(0.5,)).set_index("metric").loc["contacts"].tolist()
    [2.0, 1.5, 1.5]
    """
    qs = _check_quantiles(quantiles)
    return summary_quantiles(seeker_summary(net, as_of=as_of, dormant_days=dormant_days), qs)


def summary_quantiles(summary: pd.DataFrame, qs: tuple[float, ...]) -> pd.DataFrame:
    """:func:`cohort_summary` of a :func:`seeker_summary` table already computed."""
    numeric = [c for c in SUMMARY_COLUMNS if c not in ("seeker", "reach_by_generation", "first_meeting", "as_of")]
    values = summary[numeric].astype("float64")
    out = pd.DataFrame(
        {
            "metric": numeric,
            "seekers": values.notna().sum().to_numpy().astype(np.int64),
            "mean": values.mean().to_numpy(),
        }
    )
    if len(values):
        q = values.quantile(list(qs))
        for qv in qs:
            out[_qname(qv)] = q.loc[qv].to_numpy()
    else:
        for qv in qs:
            out[_qname(qv)] = np.nan
    return out


def _qname(q: float) -> str:
    return f"p{q * 100:g}"


def _check_quantiles(quantiles) -> tuple[float, ...]:
    try:
        qs = tuple(float(q) for q in quantiles)
    except (TypeError, ValueError):
        raise OptionError(f"quantiles must be numbers in [0, 1] (got {quantiles!r})") from None
    if not qs or any(not (0.0 <= q <= 1.0) for q in qs):
        raise OptionError(f"quantiles must be a non-empty sequence of numbers in [0, 1] (got {quantiles!r})")
    return qs


@share_docs
def shared_hubs(net, *, min_seekers: int = 2, as_of=None) -> pd.DataFrame:
    """Contacts in several seekers' trees: the people who help many job seekers.

    Parameters
    ----------
    {net}
    min_seekers : int, default 2
        Keep contacts in at least this many seekers' trees.
    {as_of}

    Returns
    -------
    pandas.DataFrame
        Columns ``contact, name, organization, seekers`` (number of trees they
        are in), ``total_descendants`` (people reached through them, summed over
        those trees), ``total_direct_introductions`` and ``seeker_ids`` (a list),
        sorted by ``seekers`` then ``total_descendants``, both descending.

    Raises
    ------
    OptionError
        If ``min_seekers`` is not an integer >= 1, or ``as_of`` is not a date.

    Notes
    -----
    Hubs are the "connectors" of Gladwell and the high-degree actors of network
    studies of job search; a hub's ``seekers`` is its degree in the bipartite
    contact-seeker graph [1]_ [2]_.

    References
    ----------
    .. [1] Granovetter, M. (1995). *Getting a Job: A Study of Contacts and
       Careers*, 2nd ed. University of Chicago Press.
    .. [2] Borgatti, S. P. & Everett, M. G. (1997). Network analysis of 2-mode
       data. *Social Networks* 19(3), 243-269.

    Examples
    --------
    >>> net = rg.from_frames(
    ...     pd.DataFrame({"name": ["S1", "S2", "Hub", "Bo"], "is_seeker": ["y", "y", "", ""]}),
    ...     pd.DataFrame({"introducer": ["S1", "S2", "Hub"], "introduced": ["Hub", "Hub", "Bo"],
    ...                   "seeker": ["S1", "S2", "S1"]}))
    >>> rg.shared_hubs(net)[["contact", "seekers", "total_descendants"]]
      contact  seekers  total_descendants
    0     Hub        2                  1
    """
    min_seekers = check_int("min_seekers", min_seekers, minimum=1)
    net, _ = resolve(net, as_of)
    ix = net.index
    sub = np.flatnonzero(ix.parent >= 0)
    node = ix.node[sub]
    ids = net.ids.to_numpy()
    counts = np.bincount(node, minlength=len(ids)) if len(node) else np.zeros(len(ids), np.int64)
    keep = sub[counts[node] >= min_seekers]
    if len(keep) == 0:
        return pd.DataFrame(
            {
                "contact": pd.Series(dtype="str"),
                "name": pd.Series(dtype="str"),
                "organization": pd.Series(dtype="str"),
                "seekers": pd.Series(dtype=np.int64),
                "total_descendants": pd.Series(dtype=np.int64),
                "total_direct_introductions": pd.Series(dtype=np.int64),
                "seeker_ids": pd.Series(dtype=object),
            }
        )
    rows = pd.DataFrame(
        {"node": ix.node[keep], "seeker": ids[ix.seeker[keep]], "d": ix.descendants[keep], "c": ix.children[keep]}
    )
    g = rows.groupby("node", sort=True)
    agg = pd.DataFrame(
        {
            "seekers": g.size(),
            "total_descendants": g["d"].sum(),
            "total_direct_introductions": g["c"].sum(),
            "seeker_ids": g["seeker"].agg(list),
        }
    )
    nodes = agg.index.to_numpy()
    out = pd.DataFrame(
        {
            "contact": pd.Series(ids[nodes], dtype="str"),
            "name": contact_attr(net, "name", nodes),
            "organization": contact_attr(net, "organization", nodes),
            "seekers": agg["seekers"].to_numpy(dtype=np.int64),
            "total_descendants": agg["total_descendants"].to_numpy(dtype=np.int64),
            "total_direct_introductions": agg["total_direct_introductions"].to_numpy(dtype=np.int64),
            "seeker_ids": pd.Series(agg["seeker_ids"].tolist(), dtype=object),
        }
    )
    return out.sort_values(
        ["seekers", "total_descendants", "contact"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)
