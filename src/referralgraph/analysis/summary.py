"""Per-seeker summary of a referral network, and the cohort view: quantiles across seekers, shared hubs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._arrays import isin_sorted, unique_sorted
from .facts import (
    NAT, OptionError, as_of_column, check_int, contact_attr, entropy_by_group, facts, reference_day, resolve,
    seeker_positions, text_codes,
)
from ..model.vocabulary import DORMANT_DAYS, INTRODUCED, MET, SUGGESTED

__all__ = ["seeker_summary", "cohort_summary", "shared_hubs", "SUMMARY_COLUMNS"]

#: columns of :func:`seeker_summary`, in order
SUMMARY_COLUMNS = [
    "seeker", "contacts", "met_contacts", "meetings", "max_generation", "max_breadth", "breadth_generation",
    "reach_by_generation", "structural_virality", "branching_factor", "introducer_share", "asks",
    "introductions_per_ask", "suggested_to_met_rate", "median_days_meeting_to_introduction",
    "organizations", "fields", "organization_diversity", "field_diversity", "thank_you_24h_rate",
    "median_thank_you_hours", "handwritten_notes", "dormant_contacts", "pending_introductions",
    "first_meeting", "contacts_day_30", "contacts_day_60", "contacts_day_90", "doubling_days", "as_of",
]

_DAY_NS = 86_400 * 10**9


def seeker_summary(net, *, seeker: str | None = None, as_of=None, dormant_days: int = DORMANT_DAYS) -> pd.DataFrame:
    """One row per seeker: size, depth, spread, habits and growth of their referral network.

    Parameters
    ----------
    net : ReferralNetwork
        The network (not changed).
    seeker : str, optional
        Only this seeker's row. By default one row per seeker.
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
    SeekerNotFound
        If ``seeker`` is not a seeker of the network.
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
    f = facts(net)
    ix = net.index
    T = len(ix.seekers)
    ids = net.ids.to_numpy()
    tree = ix.tree_of_row
    sub = ix.parent >= 0  # contact rows
    size = ix.tree_size.astype(np.int64)
    contacts = size - 1
    gen = ix.generation.astype(np.int64)
    met = sub & (ix.status == MET)
    children = ix.children

    max_generation = np.maximum.reduceat(gen, ix.offsets[:-1]) if T else np.zeros(0, np.int64)

    # breadth per (tree, generation >= 1)
    pairs = pd.DataFrame({"t": tree[sub], "g": gen[sub]}).value_counts(sort=False).reset_index(name="n")
    pairs = pairs.sort_values(["t", "g"], kind="stable")
    reach: list[dict] = [{} for _ in range(T)]
    for t, g, n in zip(pairs["t"].tolist(), pairs["g"].tolist(), pairs["n"].tolist()):
        reach[t][g] = n  # one entry per (seeker, generation), never per contact
    best = pairs.sort_values(["t", "n", "g"], ascending=[True, False, True], kind="stable").drop_duplicates("t")
    max_breadth = np.zeros(T, np.int64)
    breadth_generation = pd.array([pd.NA] * T, dtype="Int64")
    if len(best):
        max_breadth[best["t"].to_numpy()] = best["n"].to_numpy()
        breadth_generation[best["t"].to_numpy()] = best["g"].to_numpy()

    # structural virality: sum over edges s (n - s) / C(n, 2)
    s = (ix.descendants[sub] + 1).astype(float)
    wiener = _bincount(tree[sub], T, s * (size[tree[sub]] - s))
    virality = _ratio(wiener, size * (size - 1) / 2.0)

    met_n = _bincount(tree[met], T)
    branching = _ratio(_bincount(tree[met], T, children[met].astype(float)), met_n)
    introducer_share = _ratio(_bincount(tree[met & (children > 0)], T), met_n)
    gen2 = sub & (gen >= 2)
    suggested_to_met = _ratio(_bincount(tree[gen2 & (ix.status == MET)], T), _bincount(tree[gen2], T))
    pending = _bincount(tree[gen2 & ((ix.status == SUGGESTED) | (ix.status == INTRODUCED))], T).astype(np.int64)

    # meetings and asks, per seeker
    pos_of_code = np.full(f.N, -1, dtype=np.int64)
    pos_of_code[ix.seekers] = np.arange(T)
    m_pos = np.where(f.m_seeker >= 0, pos_of_code[np.maximum(f.m_seeker, 0)], -1)
    m_ok = m_pos >= 0
    meetings = _bincount(m_pos[m_ok], T).astype(np.int64)
    asked = f.m_column("asked_for_introductions", "bool")
    if asked is not None and len(asked):
        asks = _bincount(m_pos[m_ok & asked], T).astype(np.int64)
        asked_rows = unique_sorted(f.m_row[asked & (f.m_row >= 0)])
        i_pos = np.where(f.i_seeker >= 0, pos_of_code[np.maximum(f.i_seeker, 0)], -1)
        by_asked = (f.i_from_row >= 0) & isin_sorted(f.i_from_row, asked_rows) & (i_pos >= 0)
        intros_from_asked = _bincount(i_pos[by_asked], T)
    else:
        asks = np.zeros(T, np.int64)
        intros_from_asked = np.zeros(T)
    per_ask = _ratio(intros_from_asked, asks)
    hand = f.m_column("handwritten_note", "bool")
    handwritten = _bincount(m_pos[m_ok & hand], T).astype(np.int64) if hand is not None and len(hand) else np.zeros(T, np.int64)
    m_dates = f.m_date
    first_meeting = np.full(T, NAT)
    dated = m_ok & ~np.isnat(m_dates)
    if dated.any():
        fm = pd.Series(m_dates[dated]).groupby(m_pos[dated]).min()
        first_meeting[fm.index.to_numpy()] = fm.to_numpy(dtype="datetime64[ns]")

    median_days = _group_median(tree[sub], f.days_to_first_introduction[sub], T)

    # organizations and fields
    diversity = {}
    for column in ("organization", "field"):
        if column in net.table("contacts").columns and len(net.table("contacts")):
            codes = text_codes(net.table("contacts")[column])[ix.node[sub]]
            known = codes >= 0
            base = max(int(codes.max(initial=-1)) + 1, 1)
            uniq = unique_sorted(tree[sub][known].astype(np.int64) * base + codes[known])
            count = _bincount((uniq // base).astype(np.int64), T).astype(np.int64)
            diversity[column] = (count, entropy_by_group(tree[sub][known], codes[known], T))
        else:
            diversity[column] = (np.zeros(T, np.int64), np.full(T, np.nan))

    # thank-yous
    has_meeting = sub & ~np.isnat(f.first_meeting)
    if "thank_you_sent" in net.table("meetings").columns:
        hours = f.thank_you_hours
        prompt = has_meeting & (hours <= 24)  # NaN compares False: no thank-you is not prompt
        thank_rate = _ratio(_bincount(tree[prompt], T), _bincount(tree[has_meeting], T))
        thank_median = _group_median(tree[sub], hours[sub], T)
    else:
        thank_rate = np.full(T, np.nan)
        thank_median = np.full(T, np.nan)

    # dormancy
    last = f.last_touch
    if ref is not None:
        since = (ref.to_datetime64().astype("datetime64[D]") - last.astype("datetime64[D]")).astype("float64")
        since[np.isnat(last)] = np.nan
        dormant = _bincount(tree[sub & (since >= dormant_days)], T).astype(np.int64)
    else:
        dormant = np.zeros(T, np.int64)

    # growth since the first meeting
    fc = f.first_contact
    fc_day = fc.astype("datetime64[D]")
    start_day = first_meeting.astype("datetime64[D]")
    windows = {}
    for d in (30, 60, 90):
        col = pd.array([pd.NA] * T, dtype="Int64")
        if ref is None:
            complete = np.zeros(T, bool)
        else:
            complete = ~np.isnat(start_day) & (start_day + np.timedelta64(d, "D") <= ref.to_datetime64().astype("datetime64[D]"))
        inside = sub & ~np.isnat(fc) & complete[tree]
        inside[inside] &= fc_day[inside] <= (start_day[tree[inside]] + np.timedelta64(d, "D"))
        counts = _bincount(tree[inside], T).astype(np.int64)
        col[complete] = counts[complete]
        windows[d] = col

    # doubling days: t_(n) - t_(ceil(n/2)) over dated first contacts
    doubling = np.full(T, np.nan)
    dated_rows = np.flatnonzero(sub & ~np.isnat(fc))
    if len(dated_rows):
        order = dated_rows[np.lexsort((fc[dated_rows].view("int64"), tree[dated_rows]))]
        t_sorted = tree[order]
        n_dated = _bincount(t_sorted, T).astype(np.int64)
        start = np.concatenate([[0], np.cumsum(n_dated)[:-1]])
        ok = n_dated >= 2
        half = start[ok] + (n_dated[ok] + 1) // 2 - 1
        last_i = start[ok] + n_dated[ok] - 1
        doubling[ok] = (fc[order[last_i]] - fc[order[half]]).astype("int64") / _DAY_NS

    # unknown is never "no": without a meeting (or met status) every figure about meeting is missing,
    # without an asked value every figure about asks
    knows_met = f.tree_records_meetings
    for arr in (branching, introducer_share, suggested_to_met):
        arr[~knows_met] = np.nan
    knows_asks = f.tree_records("asked_for_introductions")
    per_ask[~knows_asks] = np.nan

    frame = pd.DataFrame({
        "seeker": pd.Series(ids[ix.seekers], dtype="str"),
        "contacts": contacts,
        "met_contacts": _known_count(met_n, knows_met),
        "meetings": meetings,
        "max_generation": max_generation.astype(np.int64),
        "max_breadth": max_breadth,
        "breadth_generation": breadth_generation,
        "reach_by_generation": pd.Series(reach, dtype=object),
        "structural_virality": virality,
        "branching_factor": branching,
        "introducer_share": introducer_share,
        "asks": _known_count(asks, knows_asks),
        "introductions_per_ask": per_ask,
        "suggested_to_met_rate": suggested_to_met,
        "median_days_meeting_to_introduction": median_days,
        "organizations": diversity["organization"][0],
        "fields": diversity["field"][0],
        "organization_diversity": diversity["organization"][1],
        "field_diversity": diversity["field"][1],
        "thank_you_24h_rate": thank_rate,
        "median_thank_you_hours": thank_median,
        "handwritten_notes": handwritten,
        "dormant_contacts": dormant,
        "pending_introductions": _known_count(pending, knows_met),
        "first_meeting": first_meeting,
        "contacts_day_30": windows[30],
        "contacts_day_60": windows[60],
        "contacts_day_90": windows[90],
        "doubling_days": doubling,
    })
    frame["as_of"] = as_of_column(ref, len(frame))  # the reference date every row was measured on
    return frame[SUMMARY_COLUMNS]


def cohort_summary(net, *, quantiles=(0.1, 0.25, 0.5, 0.75, 0.9), as_of=None, dormant_days: int = DORMANT_DAYS) -> pd.DataFrame:
    """The per-seeker summary across a cohort: count, mean and quantiles of every numeric metric.

    Parameters
    ----------
    net : ReferralNetwork
        The network (not changed).
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

    References
    ----------
    .. [1] Hyndman, R. J. & Fan, Y. (1996). Sample quantiles in statistical
       packages. *The American Statistician* 50(4), 361-365.

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
    out = pd.DataFrame({"metric": numeric, "seekers": values.notna().sum().to_numpy().astype(np.int64),
                        "mean": values.mean().to_numpy()})
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


def shared_hubs(net, *, min_seekers: int = 2) -> pd.DataFrame:
    """Contacts in several seekers' trees: the people who help many job seekers.

    Parameters
    ----------
    net : ReferralNetwork
        The network (not changed).
    min_seekers : int, default 2
        Keep contacts in at least this many seekers' trees.

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
        If ``min_seekers`` is not an integer >= 1.

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
    ix = net.index
    sub = np.flatnonzero(ix.parent >= 0)
    node = ix.node[sub]
    ids = net.ids.to_numpy()
    counts = np.bincount(node, minlength=len(ids)) if len(node) else np.zeros(len(ids), np.int64)
    keep = sub[counts[node] >= min_seekers]
    if len(keep) == 0:
        return pd.DataFrame({"contact": pd.Series(dtype="str"), "name": pd.Series(dtype="str"),
                             "organization": pd.Series(dtype="str"), "seekers": pd.Series(dtype=np.int64),
                             "total_descendants": pd.Series(dtype=np.int64),
                             "total_direct_introductions": pd.Series(dtype=np.int64),
                             "seeker_ids": pd.Series(dtype=object)})
    rows = pd.DataFrame({"node": ix.node[keep], "seeker": ids[ix.seeker[keep]],
                         "d": ix.descendants[keep], "c": ix.children[keep]})
    g = rows.groupby("node", sort=True)
    agg = pd.DataFrame({"seekers": g.size(), "total_descendants": g["d"].sum(),
                        "total_direct_introductions": g["c"].sum(),
                        "seeker_ids": g["seeker"].agg(list)})
    nodes = agg.index.to_numpy()
    out = pd.DataFrame({
        "contact": pd.Series(ids[nodes], dtype="str"),
        "name": contact_attr(net, "name", nodes),
        "organization": contact_attr(net, "organization", nodes),
        "seekers": agg["seekers"].to_numpy(dtype=np.int64),
        "total_descendants": agg["total_descendants"].to_numpy(dtype=np.int64),
        "total_direct_introductions": agg["total_direct_introductions"].to_numpy(dtype=np.int64),
        "seeker_ids": pd.Series(agg["seeker_ids"].tolist(), dtype=object),
    })
    return out.sort_values(["seekers", "total_descendants", "contact"], ascending=[False, False, True],
                           kind="stable").reset_index(drop=True)
