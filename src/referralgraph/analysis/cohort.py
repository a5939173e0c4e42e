"""Cohort comparisons for a career center: each seeker against the cohort, and a k-anonymous export of the aggregates."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .._docstrings import share_docs
from .._checks import check_int, check_network
from .chains import origin_growth
from .bootstrap import branch_rates
from .facts import facts, resolve
from ..exceptions import ReferralGraphWarning

__all__ = ["cohort_comparison", "cohort_export", "COMPARISON_METRICS", "EXPORT_COLUMNS", "OUTCOME_COLUMNS"]

#: compared metrics: column -> (label, whether higher is better)
COMPARISON_METRICS = {
    "depth": ("Longest chain of introductions", True),
    "branching": ("Introductions per person met", True),
    "introductions_per_ask": ("Introductions per ask", True),
    "thank_you_24h_rate": ("First conversations thanked within 24 hours", True),
    "days_to_first_introduction": ("Days to the first introduction", False),
}
#: columns of :func:`cohort_export`, in order
EXPORT_COLUMNS = ["table", "group", "people", "mean", "p25", "median", "p75"]


def _days_to_first_introduction(net) -> np.ndarray:
    """Per seeker: days from the first dated contact (meeting or direct contact) to the first introduction."""
    f = facts(net)
    ix = net.index
    T = len(ix.seekers)
    tree = ix.tree_of_row
    NAT_MAX = np.iinfo(np.int64).max
    fc = f.first_contact
    start = np.full(T, NAT_MAX, np.int64)
    first_gen = (ix.generation == 1) & ~np.isnat(fc)
    np.minimum.at(start, tree[first_gen], fc[first_gen].astype("datetime64[D]").astype(np.int64))
    intro = np.full(T, NAT_MAX, np.int64)
    deeper = (ix.generation >= 2) & ~np.isnat(ix.date)
    np.minimum.at(intro, tree[deeper], ix.date[deeper].astype("datetime64[D]").astype(np.int64))
    ok = (start != NAT_MAX) & (intro != NAT_MAX)
    out = np.full(T, np.nan)
    out[ok] = (intro[ok] - start[ok]).astype(float)
    return out


def _flag_negative(frame: pd.DataFrame, column: str) -> None:
    """A negative duration (an introduction dated before the first contact) is flagged, never published.

    The value becomes missing, ``frame.attrs["negative_durations"]`` maps each such
    seeker to the raw number of days, and a :class:`ReferralGraphWarning` names them.
    """
    values = frame[column].to_numpy(dtype=float)
    bad = np.flatnonzero(values < 0)
    flagged = {str(frame["seeker"].iat[i]): int(values[i]) for i in bad}
    frame.attrs["negative_durations"] = flagged
    if not flagged:
        return
    frame.loc[bad, column] = np.nan
    shown = ", ".join(f"{k} ({v} days)" for k, v in list(flagged.items())[:5])
    more = f" and {len(flagged) - 5} more" if len(flagged) > 5 else ""
    warnings.warn(
        f"{column} left out for {len(flagged)} seeker(s) whose first introduction is dated before "
        f"their first contact: {shown}{more}; check those dates",
        ReferralGraphWarning,
        stacklevel=3,
    )


def _percentile(values: np.ndarray) -> np.ndarray:
    """Mid-rank percentile in [0, 100] of each value among the non-missing ones (NaN stays NaN)."""
    out = np.full(len(values), np.nan)
    ok = ~np.isnan(values)
    v = values[ok]
    if len(v) == 0:
        return out
    s = np.sort(v)
    below = np.searchsorted(s, v, side="left")
    equal = np.searchsorted(s, v, side="right") - below
    out[ok] = 100.0 * (below + 0.5 * equal) / len(v)
    return out


@share_docs
def cohort_comparison(net, *, as_of=None) -> pd.DataFrame:
    """One row per seeker: depth, branching, introductions per ask, thank-yous and time to a first introduction, against the cohort.

    Parameters
    ----------
    net : ReferralNetwork
        The network (not changed), usually a cohort.
    {as_of_measure}

    Returns
    -------
    pandas.DataFrame
        Columns ``seeker``, ``contacts``, then for each metric of
        :data:`COMPARISON_METRICS` its value and ``<metric>_percentile``:

        - ``depth``: the longest chain (``max_generation`` of :func:`seeker_summary`);
        - ``branching``: introductions per contact met (``branching_factor``);
        - ``introductions_per_ask``, ``thank_you_24h_rate``: as in :func:`seeker_summary`;
        - ``days_to_first_introduction``: days from the seeker's first dated
          contact to the first dated introduction a contact made (NaN without one).
          A negative duration (an introduction dated before the first contact: a
          data error) is flagged, never published: the value is NaN,
          ``frame.attrs["negative_durations"]`` maps those seekers to the raw days
          and a ``ReferralGraphWarning`` names them.

        A rate the data cannot measure for a seeker (no meeting recorded: "met" is
        unknown; no asked value recorded) is NaN, never 0.0.

        A percentile is the share of seekers with a value (NaN left out) below
        this one, ties counting half, in [0, 100]; for
        ``days_to_first_introduction`` a low percentile is the faster start.
        Then :data:`OUTCOME_COLUMNS`: ``referrals``, ``applications``,
        ``interviews``, ``offers`` (opportunities per seeker, see
        :func:`funnel`; missing, never 0, when the network records no opportunities).
        ``frame.attrs["best_source"]`` and ``["best_field"]`` name the channel and
        the field whose chains grew largest (from :func:`origin_growth`, among
        origins with at least two branches; None when there is none).

    Raises
    ------
    OptionError
        If ``as_of`` is not a date.

    See Also
    --------
    cohort_export : these aggregates, safe to share outside the center.
    cohort_summary : quantiles of every summary metric.

    Notes
    -----
    Percentiles use the mid-rank definition (Hazen's plotting position) [1]_.

    {references_quantiles}

    Examples
    --------
    >>> net = rg.from_frames(
    ...     pd.DataFrame({"name": ["S1", "S2", "Ann", "Bo", "Cy"], "is_seeker": ["y", "y", "", "", ""]}),
    ...     pd.DataFrame({"introducer": ["S1", "Ann", "S2"], "introduced": ["Ann", "Bo", "Cy"],
    ...                   "seeker": ["S1", "S1", "S2"]}))
    >>> rg.cohort_comparison(net)[["seeker", "depth", "depth_percentile"]]
      seeker  depth  depth_percentile
    0     S1      2              75.0
    1     S2      1              25.0
    """
    check_network(net)
    net, _ = resolve(net, as_of)
    ix = net.index
    T = len(ix.seekers)
    # the same branch sums the bootstrap resamples: the rates equal seeker_summary's columns
    _, tree, values, measurable = branch_rates(net)
    totals = np.zeros((T, values.shape[1]))
    if len(tree):
        np.add.at(totals, tree, values)

    def rate(k, name):
        num, den = totals[:, 2 * k], totals[:, 2 * k + 1]
        out = np.full(T, np.nan)
        np.divide(num, den, out=out, where=den > 0)
        out[~measurable[name]] = np.nan  # unknown is never "no": missing, not 0.0
        return out

    depth = np.maximum.reduceat(ix.generation.astype(np.int64), ix.offsets[:-1]) if T else np.zeros(0, np.int64)
    frame = pd.DataFrame(
        {
            "seeker": pd.Series(net.ids.to_numpy()[ix.seekers], dtype="str"),
            "contacts": (ix.tree_size - 1).astype(np.int64),
            "depth": depth.astype(np.int64),
            "branching": rate(3, "offspring_mean"),
            "introductions_per_ask": rate(0, "introductions_per_ask"),
            "thank_you_24h_rate": rate(2, "thank_you_24h_rate"),
            "days_to_first_introduction": _days_to_first_introduction(net),
        }
    )
    _flag_negative(frame, "days_to_first_introduction")
    columns = ["seeker", "contacts"]
    for metric in COMPARISON_METRICS:
        frame[f"{metric}_percentile"] = _percentile(frame[metric].to_numpy(dtype=float))
        columns += [metric, f"{metric}_percentile"]
    frame = frame[columns]
    for col, values in _outcomes_per_seeker(net).items():  # issue 24: what each search led to
        frame[col] = values
    for by in ("source", "field"):
        best = None
        if by in net.table("contacts").columns:
            g = origin_growth(net, by=by)
            g = g[(g["branches"] >= 2) & (g["origin"] != "(not recorded)")]
            best = str(g["origin"].iat[0]) if len(g) else None
        frame.attrs[f"best_{by}"] = best
    return frame


#: outcome columns of :func:`cohort_comparison` (counts of opportunities per seeker; missing without opportunities)
OUTCOME_COLUMNS = ("referrals", "applications", "interviews", "offers")


def _outcomes_per_seeker(net) -> dict:
    """Per seeker: opportunities with a referral, and that reached applied, interview, offer (Int64; NA if none logged)."""
    from .facts import opportunity_facts

    T = len(net.index.seekers)
    if len(net.table("opportunities")) == 0:
        return {c: pd.array([pd.NA] * T, dtype="Int64") for c in OUTCOME_COLUMNS}
    opp = opportunity_facts(net)
    pos_of = np.full(max(len(net.ids), 1), -1, np.int64)
    pos_of[net.index.seekers] = np.arange(T)
    pos = pos_of[opp["seeker"].to_numpy(dtype=np.int64)]
    reached = opp["reached"].to_numpy()
    masks = {
        "referrals": opp["referred"].to_numpy(dtype=bool),
        "applications": reached >= 2,
        "interviews": reached >= 3,
        "offers": reached >= 4,
    }
    return {c: pd.array(np.bincount(pos[m & (pos >= 0)], minlength=T)[:T], dtype="Int64") for c, m in masks.items()}


def _stats(values: np.ndarray) -> tuple[int, float, float, float, float]:
    v = values[~np.isnan(values)]
    if len(v) == 0:
        return 0, np.nan, np.nan, np.nan, np.nan
    q = np.quantile(v, [0.25, 0.5, 0.75])
    return len(v), float(v.mean()), float(q[0]), float(q[1]), float(q[2])


@share_docs
def cohort_export(net, *, k: int = 5, as_of=None) -> pd.DataFrame:
    """The cohort comparison as aggregates safe to share outside the center: no cell describes fewer than k people.

    Parameters
    ----------
    {net}
    k : int, default 5
        The smallest number of people a published cell may rest on.
    {as_of_measure}

    Returns
    -------
    pandas.DataFrame
        Columns :data:`EXPORT_COLUMNS`: ``table`` (``"seekers"``, ``"source"``,
        ``"field"`` or ``"outcomes"``), ``group``, ``people`` (how many people the row rests on),
        ``mean``, ``p25``, ``median``, ``p75``.

        - ``seekers`` rows: one per metric of :func:`cohort_comparison`, its
          distribution across the seekers with a value (``people`` = those seekers);
        - ``source`` / ``field`` rows: per origin channel or field of the first
          contacts, the distribution of branch sizes (people reached through one
          first contact, the first contact included); ``people`` = first contacts.
          Origins with fewer than ``k`` first contacts, or used by fewer than
          ``k`` seekers, are pooled into ``"(other)"``;
        - ``outcomes`` rows (when opportunities are recorded): per outcome of
          :data:`OUTCOME_COLUMNS`, its distribution across the seekers.

        A row that still rests on fewer than ``k`` people (or ``k`` seekers) is
        kept with ``people`` and every statistic missing (``"suppressed"``); ``frame.attrs["k"]`` is
        ``k`` and ``frame.attrs["suppressed"]`` counts those rows. No id, name
        or single person's value appears.

    Raises
    ------
    OptionError
        If ``k`` is not an integer >= 1 or ``as_of`` is not a date.

    Notes
    -----
    Cell suppression with a threshold, as statistical agencies publish tables
    [1]_; pooling small categories into "(other)" before suppressing keeps more of
    the table. Quartiles of a group of at least ``k`` people reveal no single
    person's value when ``k`` >= 5.

    References
    ----------
    .. [1] Hundepool, A. et al. (2012). *Statistical Disclosure Control*. Wiley,
       ch. 5 (frequency and magnitude tables).

    Examples
    --------
    >>> out = rg.cohort_export(rg.synthetic_cohort(n_seekers=12, n_contacts=600, seed=2))
    >>> out[out["table"] == "seekers"][["group", "people"]].head(2)
           group  people
    0      depth      12
    1  branching      12
    >>> bool((out["people"].dropna() >= 5).all())
    True
    """
    check_network(net)
    k = check_int("k", k, minimum=1)
    net, _ = resolve(net, as_of)
    comp = cohort_comparison(net)
    rows = []
    seekers_of_row = []
    for metric in COMPARISON_METRICS:
        rows.append(("seekers", metric, *_stats(comp[metric].to_numpy(dtype=float))))
        seekers_of_row.append(rows[-1][2])
    ix = net.index
    first = np.flatnonzero(ix.generation == 1)
    size = (ix.descendants[first] + 1).astype(float)
    tree = ix.tree_of_row[first]
    for by in ("source", "field"):
        if by not in net.table("contacts").columns:
            continue
        from .mixing import attribute_codes

        codes, labels = attribute_codes(net, by)
        c = codes[ix.node[first]]
        labels = np.append(labels, "(not recorded)").astype(object)
        c = np.where(c < 0, len(labels) - 1, c)
        L = len(labels)
        n_first = np.bincount(c, minlength=L)
        n_seekers = (
            np.bincount(
                np.unique(c.astype(np.int64) * max(len(ix.seekers), 1) + tree) // max(len(ix.seekers), 1), minlength=L
            )
            if len(c)
            else np.zeros(L, np.int64)
        )
        small = (n_first < k) | (n_seekers < k)
        groups = np.where(small[c], "(other)", labels[c]) if len(c) else np.zeros(0, dtype=object)
        for g in sorted(set(groups.tolist()) - {"(other)"}, key=str.casefold) + (
            ["(other)"] if "(other)" in set(groups.tolist()) else []
        ):
            inside = groups == g
            rows.append((by, g, *_stats(size[inside])))
            seekers_of_row.append(len(np.unique(tree[inside])))
    for metric in OUTCOME_COLUMNS:  # per-seeker outcome counts, only when opportunities are recorded
        values = comp[metric].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        if not np.isnan(values).all():
            rows.append(("outcomes", metric, *_stats(values)))
            seekers_of_row.append(rows[-1][2])
    frame = pd.DataFrame.from_records(rows, columns=EXPORT_COLUMNS)
    frame["people"] = frame["people"].astype("Int64")
    suppress = (frame["people"] < k).to_numpy() | (np.asarray(seekers_of_row) < k)
    frame.loc[suppress, ["mean", "p25", "median", "p75"]] = np.nan
    frame.loc[suppress, "people"] = pd.NA
    frame.attrs.update({"k": k, "suppressed": int(suppress.sum())})
    return frame
