"""Confidence intervals on the rates a seeker acts on, from a tree bootstrap that resamples whole branches."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._arrays import isin_sorted, unique_sorted
from .._checks import check_int, check_network, check_number
from .facts import facts, resolve

__all__ = ["rate_intervals", "RATES", "INTERVAL_COLUMNS", "branch_rates"]

#: the rates :func:`rate_intervals` measures: name -> (label shown to people, what ``n`` counts)
RATES = {
    "introductions_per_ask": ("Introductions per ask", "asks"),
    "suggested_to_met_rate": ("Suggested introductions you met", "people introduced"),
    "thank_you_24h_rate": ("Thank-yous within 24 hours", "contacts met"),
    "offspring_mean": ("Introductions per person met", "contacts met"),
}
#: columns of :func:`rate_intervals`, in order
INTERVAL_COLUMNS = ["seeker", "rate", "label", "value", "low", "high", "n", "branches", "replicates"]

_MET = 3
#: bootstrap draws held in memory at once (replicates x branches)
_CHUNK = 4_000_000


def branch_rates(net) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    """Numerators and denominators of every rate, summed per branch.

    Returns the branch rows (generation-1 index rows, in tree order), their tree
    positions, an array ``(branches, 2 * len(RATES))`` of (numerator, denominator)
    pairs and, per rate, whether the data can measure it at all.
    """
    f = facts(net)
    ix = net.index
    n = len(ix)
    branch = np.flatnonzero(ix.generation == 1)
    slot = np.full(n, -1, dtype=np.int64)
    slot[branch] = np.arange(len(branch))
    of_row = np.where(ix.origin >= 0, slot[np.maximum(ix.origin, 0)], -1)  # branch slot of every row
    B = len(branch)
    member = ix.parent >= 0
    met = member & (ix.status == _MET)
    cols = []
    measurable = {}

    def per_branch(rows_mask_or_idx, weights=None):
        rows = np.flatnonzero(rows_mask_or_idx) if getattr(rows_mask_or_idx, "dtype", None) == bool else rows_mask_or_idx
        s = of_row[rows]
        ok = s >= 0
        w = None if weights is None else np.asarray(weights, dtype=float)[ok]
        return np.bincount(s[ok], weights=w, minlength=B).astype(float)[:B] if B else np.zeros(0)

    # introductions per ask: introductions made by contacts asked / meetings where the seeker asked
    asked = f.m_column("asked_for_introductions", "bool")
    measurable["introductions_per_ask"] = asked is not None
    if asked is not None and len(asked):
        asked_rows = unique_sorted(f.m_row[asked & (f.m_row >= 0)])
        by_asked = (f.i_from_row >= 0) & isin_sorted(f.i_from_row, asked_rows)
        cols += [per_branch(f.i_from_row[by_asked]), per_branch(f.m_row[asked & (f.m_row >= 0)])]
    else:
        cols += [np.zeros(B), np.zeros(B)]
    # suggested introductions met: people introduced (generation >= 2) who were met
    gen2 = member & (ix.generation >= 2)
    measurable["suggested_to_met_rate"] = True
    cols += [per_branch(gen2 & met), per_branch(gen2)]
    # thank-yous within 24 hours of the first meeting
    has_meeting = member & ~np.isnat(f.first_meeting)
    thanked = "thank_you_sent" in net._meetings.columns
    measurable["thank_you_24h_rate"] = thanked
    if thanked:
        cols += [per_branch(has_meeting & (f.thank_you_hours <= 24)), per_branch(has_meeting)]
    else:
        cols += [np.zeros(B), np.zeros(B)]
    # offspring mean: introductions per contact met
    measurable["offspring_mean"] = True
    cols += [per_branch(met, ix.children[met]), per_branch(met)]
    values = np.column_stack(cols) if B else np.zeros((0, 2 * len(RATES)))
    return branch, ix.tree_of_row[branch].astype(np.int64), values, measurable


def rate_intervals(net, *, seeker: str | None = None, replicates: int = 1000, level: float = 0.95,
                   seed: int | None = 0, as_of=None) -> pd.DataFrame:
    """Bootstrap confidence intervals for introductions per ask, suggested introductions met, thank-yous and offspring.

    Parameters
    ----------
    net : ReferralNetwork
        The network (not changed).
    seeker : str, optional
        Only this seeker's rates. By default every seeker's, then the whole
        network's (``seeker`` missing).
    replicates : int, default 1000
        Bootstrap replicates.
    level : float, default 0.95
        Coverage of the percentile interval, in (0, 1).
    seed : int, optional, default 0
        Seed of the resampling, so intervals are reproducible (``None``: fresh).
    as_of : date-like, optional
        Measure the network as known on this date.

    Returns
    -------
    pandas.DataFrame
        One row per (seeker, rate), columns :data:`INTERVAL_COLUMNS`:
        ``seeker``, ``rate`` (``introductions_per_ask``, ``suggested_to_met_rate``,
        ``thank_you_24h_rate``, ``offspring_mean``), ``label`` (plain words),
        ``value`` (the estimate, equal to the :func:`seeker_summary` column of the
        same name; ``offspring_mean`` is its ``branching_factor``), ``low`` and
        ``high`` (the interval), ``n`` (the denominator: asks, people introduced,
        contacts met with a dated meeting, contacts met), ``branches`` (first
        contacts whose branches were resampled) and ``replicates``. ``value``,
        ``low`` and ``high`` are NaN when the data cannot measure the rate (no
        asks, no thank-you column, nobody met); ``low`` and ``high`` also when
        there is a single branch (nothing to resample).

    Raises
    ------
    SeekerNotFound
        If ``seeker`` is not a seeker of the network.
    OptionError
        If ``replicates`` is not an integer >= 1, ``level`` not in (0, 1),
        ``seed`` not an integer >= 0 or ``as_of`` not a date.

    See Also
    --------
    seeker_summary : the point estimates.

    Notes
    -----
    A tree bootstrap [1]_ resamples the units a chain-referral sample is made of
    rather than the people: here each generation-1 contact and everyone reached
    through them (a *branch*) is one unit, because the people of one branch are
    not independent (a generous introducer fills a branch). For each seeker and
    replicate, as many branches as the seeker has are drawn with replacement, and
    every rate is recomputed as a ratio of the branch sums
    :math:`\\sum_b w_b x_b / \\sum_b w_b y_b`. The interval is the percentile
    interval of the replicates [2]_ (replicates whose denominator is 0 are left
    out). The whole network's rows resample within each seeker (stratified).

    References
    ----------
    .. [1] Baraff, A. J., McCormick, T. H. & Raftery, A. E. (2016). Estimating
       uncertainty in respondent-driven sampling using a tree bootstrap method.
       *PNAS* 113(51), 14668-14673.
    .. [2] Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*.
       Chapman & Hall, ch. 13.

    Examples
    --------
    >>> iv = rg.rate_intervals(rg.demo(), replicates=200)
    >>> iv[iv["seeker"] == "maya"][["rate", "value", "n", "branches"]].round(2)
                        rate  value   n  branches
    0  introductions_per_ask   1.53  49        10
    1  suggested_to_met_rate   0.76  75        10
    2     thank_you_24h_rate   0.76  67        10
    3         offspring_mean   1.12  67        10
    """
    check_network(net)
    replicates = check_int("replicates", replicates, minimum=1)
    level = check_number("level", level, minimum=0.0, maximum=1.0)
    if level in (0.0, 1.0):
        from ..exceptions import OptionError

        raise OptionError(f"level must be a number between 0 and 1, exclusive (got {level!r})")
    seed = check_int("seed", seed, minimum=0, allow_none=True)
    net, _ = resolve(net, as_of)
    ix = net.index
    branch, tree, values, measurable = branch_rates(net)
    T = len(ix.seekers)
    K = values.shape[1]
    # point estimates per seeker (and the network)
    totals = np.zeros((T, K))
    if len(branch):
        np.add.at(totals, tree, values)
    n_branches = np.bincount(tree, minlength=T).astype(np.int64)
    boot = _resample(tree, values, T, replicates, seed)  # (replicates, T + 1, K)
    ids = net.ids.to_numpy()
    if seeker is None:
        positions = list(range(T)) + [T]
        names = list(ids[ix.seekers]) + [pd.NA]
    else:
        positions = [net.seeker_position(seeker)]
        names = [seeker]
    all_totals = np.vstack([totals, totals.sum(axis=0, keepdims=True)])
    all_branches = np.append(n_branches, n_branches.sum())
    alpha = (1.0 - level) / 2.0
    records = []
    for rate_k, (rate, (label, _)) in enumerate(RATES.items()):
        num, den = all_totals[:, 2 * rate_k], all_totals[:, 2 * rate_k + 1]
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(den > 0, num / den, np.nan)
            reps = np.where(boot[:, :, 2 * rate_k + 1] > 0, boot[:, :, 2 * rate_k] / boot[:, :, 2 * rate_k + 1], np.nan)
        usable = np.isfinite(reps).any(axis=0)
        low = np.full(T + 1, np.nan)
        high = np.full(T + 1, np.nan)
        if usable.any():
            q = np.nanquantile(reps[:, usable], [alpha, 1 - alpha], axis=0)
            low[usable], high[usable] = q[0], q[1]
        single = all_branches < 2
        if not measurable[rate]:
            value[:] = np.nan
        for arr in (low, high):
            arr[single | np.isnan(value)] = np.nan
        for pos, name in zip(positions, names):
            records.append((name, rate, label, value[pos], low[pos], high[pos],
                            int(den[pos]) if measurable[rate] else 0, int(all_branches[pos]), replicates))
    frame = pd.DataFrame.from_records(records, columns=INTERVAL_COLUMNS)
    frame["seeker"] = frame["seeker"].astype("string")
    order = np.argsort(frame.index.to_numpy() % len(positions) if len(positions) else [], kind="stable")
    frame = frame.iloc[order].reset_index(drop=True)  # grouped by seeker, rates in RATES order
    frame.attrs["level"] = level
    return frame


def _resample(tree: np.ndarray, values: np.ndarray, T: int, replicates: int, seed) -> np.ndarray:
    """Branch sums of every replicate: (replicates, T + 1, K), the last row the whole network (stratified)."""
    K = values.shape[1]
    out = np.zeros((replicates, T + 1, K))
    B = len(tree)
    if B == 0:
        return out
    rng = np.random.default_rng(seed)
    count = np.bincount(tree, minlength=T)
    start = np.concatenate([[0], np.cumsum(count)[:-1]])
    size = count[tree].astype(float)  # per slot: the branches of its seeker
    base = start[tree]
    firsts = start[count > 0]
    trees_with = np.flatnonzero(count > 0)
    chunk = max(1, _CHUNK // max(B, 1))
    for r0 in range(0, replicates, chunk):
        r1 = min(replicates, r0 + chunk)
        u = rng.random((r1 - r0, B))
        idx = base + np.minimum((u * size).astype(np.int64), count[tree] - 1)  # a branch of the same seeker
        drawn = values[idx]  # (chunk, B, K)
        sums = np.add.reduceat(drawn, firsts, axis=1)  # (chunk, seekers with branches, K)
        out[r0:r1, trees_with, :] = sums
    out[:, T, :] = out[:, :T, :].sum(axis=1)
    return out
