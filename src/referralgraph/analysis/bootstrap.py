"""Confidence intervals on the rates a seeker acts on, from a tree bootstrap that resamples whole branches."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._docstrings import share_docs
from .._checks import check_int, check_network, check_number
from .facts import facts, resolve
from ..model.vocabulary import MET

__all__ = ["rate_intervals", "RATES", "INTERVAL_COLUMNS", "branch_rates"]

#: the rates :func:`rate_intervals` measures: name -> (label shown to people, what ``n`` counts)
RATES = {
    "introductions_per_ask": ("Introductions per ask", "asks"),
    "suggested_to_met_rate": ("Suggested introductions you met", "people introduced"),
    "thank_you_24h_rate": ("First conversations thanked within 24 hours", "contacts met"),
    "offspring_mean": ("Introductions per person met", "contacts met"),
}
#: columns of :func:`rate_intervals`, in order
INTERVAL_COLUMNS = ["seeker", "rate", "label", "value", "low", "high", "n", "branches", "replicates"]

#: bootstrap draws held in memory at once (replicates x branches)
_CHUNK = 4_000_000


def branch_rates(net) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    """Numerators and denominators of every rate, summed per branch.

    Returns the branch rows (generation-1 index rows, in tree order), their tree
    positions, an array ``(branches, 2 * len(RATES))`` of (numerator, denominator)
    pairs and, per rate, whether the data can measure it at all, per seeker position
    (a bool array: no meetings recorded makes "met" unknown, no asked value asks).
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
    met = member & (ix.status == MET)
    cols = []
    measurable = {}
    T = len(ix.seekers)
    knows_met = f.tree_records_meetings

    def per_branch(rows_mask_or_idx, weights=None):
        rows = (
            np.flatnonzero(rows_mask_or_idx) if getattr(rows_mask_or_idx, "dtype", None) == bool else rows_mask_or_idx  # noqa: E721
        )  # noqa: E721 (a numpy dtype, not a type check)
        s = of_row[rows]
        ok = s >= 0
        w = None if weights is None else np.asarray(weights, dtype=float)[ok]
        return np.bincount(s[ok], weights=w, minlength=B).astype(float)[:B] if B else np.zeros(0)

    # introductions per ask: introductions made by contacts asked / meetings where the seeker asked
    asked = f.m_column("asked_for_introductions", "bool")
    measurable["introductions_per_ask"] = f.tree_records("asked_for_introductions")
    if asked is not None and len(asked):
        by_asked = f.i_from_row >= 0
        by_asked[by_asked] = f.asked[f.i_from_row[by_asked]]  # made by a contact the seeker asked
        cols += [per_branch(f.i_from_row[by_asked]), per_branch(f.m_row[asked & (f.m_row >= 0)])]
    else:
        cols += [np.zeros(B), np.zeros(B)]
    # suggested introductions met: people introduced (generation >= 2) who were met
    gen2 = member & (ix.generation >= 2)
    measurable["suggested_to_met_rate"] = knows_met
    cols += [per_branch(gen2 & met), per_branch(gen2)]
    # thank-yous within 24 hours of the first meeting
    has_meeting = member & ~np.isnat(f.first_meeting)
    thanked = "thank_you_sent" in net.table("meetings").columns
    measurable["thank_you_24h_rate"] = np.full(T, thanked)
    if thanked:
        cols += [per_branch(has_meeting & (f.thank_you_hours <= 24)), per_branch(has_meeting)]
    else:
        cols += [np.zeros(B), np.zeros(B)]
    # offspring mean: introductions per contact met
    measurable["offspring_mean"] = knows_met
    cols += [per_branch(met, ix.children[met]), per_branch(met)]
    values = np.column_stack(cols) if B else np.zeros((0, 2 * len(RATES)))
    return branch, ix.tree_of_row[branch].astype(np.int64), values, measurable


@share_docs
def rate_intervals(
    net, *, seeker: str | None = None, replicates: int = 1000, level: float = 0.95, seed: int | None = 0, as_of=None
) -> pd.DataFrame:
    """Bootstrap confidence intervals for introductions per ask, suggested introductions met, thank-yous and offspring.

    Parameters
    ----------
    {net}
    seeker : str, optional
        Only this seeker's rates. ``None`` means every seeker: each seeker's, then the whole
        network's (``seeker`` missing).
    replicates : int, default 1000
        Bootstrap replicates.
    level : float, default 0.95
        Coverage of the percentile interval, in (0, 1).
    seed : int, optional, default 0
        Seed of the resampling, so intervals are reproducible (``None``: fresh).
    {as_of_measure}

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
        asks, no asked value recorded, no thank-you column, nobody met, no
        meeting recorded for the seeker: "met" is then unknown, never "no");
        ``low`` and ``high`` also when
        there is a single branch (nothing to resample).

    Raises
    ------
    {raises_seeker}
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
    alpha = (1.0 - level) / 2.0
    if seeker is None:
        boot_low, boot_high = _intervals(tree, values, T, replicates, seed, alpha)  # (T + 1, rates)
    else:  # only this seeker's branches are resampled
        pos = net.seeker_position(seeker)
        mine = tree == pos
        one_low, one_high = _intervals(np.zeros(int(mine.sum()), np.int64), values[mine], 1, replicates, seed, alpha)
        boot_low = np.full((T + 1, K // 2), np.nan)
        boot_high = np.full((T + 1, K // 2), np.nan)
        boot_low[pos], boot_high[pos] = one_low[0], one_high[0]
    ids = net.ids.to_numpy()
    if seeker is None:
        positions = list(range(T)) + [T]
        names = list(ids[ix.seekers]) + [pd.NA]
    else:
        positions = [net.seeker_position(seeker)]
        names = [net.seekers[positions[0]]]
    all_totals = np.vstack([totals, totals.sum(axis=0, keepdims=True)])
    all_branches = np.append(n_branches, n_branches.sum())
    records = []
    for rate_k, (rate, (label, _)) in enumerate(RATES.items()):
        num, den = all_totals[:, 2 * rate_k], all_totals[:, 2 * rate_k + 1]
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(den > 0, num / den, np.nan)
        low, high = boot_low[:, rate_k].copy(), boot_high[:, rate_k].copy()
        single = all_branches < 2
        known = np.append(measurable[rate], measurable[rate].any())  # the network row: any seeker measurable
        value[~known] = np.nan
        for arr in (low, high):
            arr[single | np.isnan(value)] = np.nan
        for pos, name in zip(positions, names):
            records.append(
                (
                    name,
                    rate,
                    label,
                    value[pos],
                    low[pos],
                    high[pos],
                    int(den[pos]) if known[pos] else 0,
                    int(all_branches[pos]),
                    replicates,
                )
            )
    frame = pd.DataFrame.from_records(records, columns=INTERVAL_COLUMNS)
    frame["seeker"] = frame["seeker"].astype("string")
    order = np.argsort(frame.index.to_numpy() % len(positions) if len(positions) else [], kind="stable")
    frame = frame.iloc[order].reset_index(drop=True)  # grouped by seeker, rates in RATES order
    frame.attrs["level"] = level
    return frame


def _quantiles(reps: np.ndarray, qs) -> list[np.ndarray]:
    """Linear-interpolation quantiles (numpy's default) along the last axis, NaN left out; NaN where all are."""
    srt = np.sort(reps, axis=-1)  # NaN sorts last
    n = np.isfinite(srt).sum(axis=-1)
    out = []
    for q in qs:
        pos = q * np.maximum(n - 1, 0)
        lo = np.floor(pos).astype(np.int64)
        hi = np.minimum(lo + 1, np.maximum(n - 1, 0))
        a = np.take_along_axis(srt, lo[..., None], axis=-1)[..., 0]
        b = np.take_along_axis(srt, hi[..., None], axis=-1)[..., 0]
        val = a + (b - a) * (pos - lo)
        out.append(np.where(n > 0, val, np.nan))
    return out


def _ratios(sums: np.ndarray) -> np.ndarray:
    """(..., K, R) numerator/denominator pairs -> (..., K // 2, R) ratios, NaN where the denominator is 0."""
    num, den = sums[..., 0::2, :], sums[..., 1::2, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / den, np.nan)


def _intervals(tree: np.ndarray, values: np.ndarray, T: int, replicates: int, seed, alpha: float):
    """Percentile intervals per seeker (rows ``0..T-1``) and for the whole network (row ``T``), per rate.

    Seekers are handled in blocks of whole seekers, so memory stays bounded: per
    block, each replicate draws as many branches as each seeker has, with
    replacement; the draws become counts per branch (one ``bincount``), and a
    sparse product with the branch values gives every seeker's sums at once.
    """
    from scipy import sparse  # imported on use, as elsewhere

    K = values.shape[1]
    rates = K // 2
    low = np.full((T + 1, rates), np.nan)
    high = np.full((T + 1, rates), np.nan)
    B = len(tree)
    if B == 0:
        return low, high
    rng = np.random.default_rng(seed)
    count = np.bincount(tree, minlength=T)
    first_of_tree = np.concatenate([[0], np.cumsum(count)[:-1]])
    network = np.zeros((K, replicates))
    # blocks of whole seekers holding about _CHUNK // replicates branches
    per_block = max(1, _CHUNK // replicates)
    ends = np.cumsum(count)
    block_of = ends // per_block  # block id grows with the running count of branches
    edges = np.flatnonzero(np.diff(block_of)) + 1
    seeker_cuts = np.unique(np.concatenate([[0], edges, [T]]))
    for t0, t1 in zip(seeker_cuts[:-1], seeker_cuts[1:]):
        b0, b1 = int(first_of_tree[t0]), int(ends[t1 - 1])
        Bb = b1 - b0
        if Bb == 0:
            continue
        local_tree = tree[b0:b1] - t0
        Tb = int(t1 - t0)
        start = (first_of_tree[t0:t1] - b0)[local_tree].astype(np.int64)
        size = count[t0:t1][local_tree].astype(np.int64)
        size_f = size.astype(np.float32)
        # M[t * K + k, b] = values[b, k] for the block's branches b of seeker t
        M = sparse.csr_matrix(
            (values[b0:b1].ravel(), ((local_tree[:, None] * K + np.arange(K)).ravel(), np.repeat(np.arange(Bb), K))),
            shape=(Tb * K, Bb),
        )
        sums = np.empty((Tb * K, replicates))
        step = max(1, _CHUNK // Bb)
        for r0 in range(0, replicates, step):  # a seeker with very many branches: replicates in chunks
            r1 = min(replicates, r0 + step)
            # per replicate and branch slot: a branch of the same seeker, drawn uniformly
            flat = (rng.random((r1 - r0, Bb), dtype=np.float32) * size_f).astype(np.int64)
            np.minimum(flat, size - 1, out=flat)  # float32 rounding can reach size itself
            flat += start
            flat += (np.arange(r1 - r0, dtype=np.int64) * Bb)[:, None]
            drawn = np.bincount(flat.ravel(), minlength=(r1 - r0) * Bb).reshape(r1 - r0, Bb).astype(np.float64)
            sums[:, r0:r1] = M @ drawn.T  # drawn is C-ordered: its transpose is read in place
        sums = sums.reshape(Tb, K, replicates)
        network += sums.sum(axis=0)
        lo, hi = _quantiles(_ratios(sums), (alpha, 1 - alpha))
        low[t0:t1], high[t0:t1] = lo, hi
    lo, hi = _quantiles(_ratios(network[None]), (alpha, 1 - alpha))
    low[T], high[T] = lo[0], hi[0]
    return low, high


def _order_statistics(reps: np.ndarray, qs) -> list[np.ndarray]:
    """:func:`_quantiles` without a full sort where it can: rows with every replicate finite share their ranks.

    Those rows take one ``np.partition`` at the few ranks the quantiles read; rows
    with left-out (NaN) replicates are sorted.
    """
    flat = reps.reshape(-1, reps.shape[-1])
    R = flat.shape[1]
    full = ~np.isnan(flat).any(axis=1)
    out = [np.full(len(flat), np.nan) for _ in qs]
    if full.any():
        pos = [q * (R - 1) for q in qs]
        kth = sorted({int(np.floor(p)) for p in pos} | {min(int(np.floor(p)) + 1, R - 1) for p in pos})
        part = np.partition(flat[full], kth, axis=1)
        for o, p in zip(out, pos):
            lo = int(np.floor(p))
            a, b = part[:, lo], part[:, min(lo + 1, R - 1)]
            o[full] = a + (b - a) * (p - lo)
    if not full.all():
        for o, v in zip(out, _quantiles(flat[~full], qs)):
            o[~full] = v
    return [o.reshape(reps.shape[:-1]) for o in out]


def _draw_counts(rng, n: int, reps: int) -> np.ndarray:
    """``(reps, n)``: how often each of ``n`` units is drawn when ``n`` are drawn with replacement, per replicate."""
    idx = rng.integers(0, n, size=(reps, n), dtype=np.int64)
    idx += (np.arange(reps, dtype=np.int64) * n)[:, None]
    return np.bincount(idx.ravel(), minlength=reps * n).reshape(reps, n).astype(np.float32)


def _intervals_by_size(
    tree: np.ndarray,
    values: np.ndarray,
    T: int,
    replicates: int,
    seed,
    alpha: float,
    pairs: tuple[np.ndarray, np.ndarray],
):
    """Percentile intervals of ratios of unit sums, per seeker (rows ``0..T-1``) and for the network (row ``T``).

    ``values`` holds one row per unit (``tree``: its seeker position, sorted so one
    seeker's units are contiguous) and one column per count; ratio ``j`` is column
    ``pairs[0][j]`` over column ``pairs[1][j]`` of the resampled sums (NaN when that
    is 0, left out of the percentiles). Per distinct number of units ``n``, one
    matrix of multinomial counts (replicates x n, drawn in one ``bincount``) is
    multiplied with the values of every seeker that has ``n`` units (one matrix
    product per size), so the draws cost ``replicates`` times the sum of the
    *distinct* sizes, not of all of them. Each seeker's replicates are an exact
    bootstrap of its own units. For the whole network, seeker ``i`` of a shared matrix
    adds its replicate ``(r + o_i) mod replicates`` to network replicate ``r``, with
    distinct offsets ``o_i``, so each network replicate sums independent draws of
    different seekers (resampling within each seeker, stratified).
    """
    num, den = (np.asarray(p, dtype=np.int64) for p in pairs)
    K = values.shape[1]
    low = np.full((T + 1, len(num)), np.nan)
    high = np.full((T + 1, len(num)), np.nan)
    if len(tree) == 0:
        return low, high
    R = replicates
    values = values.astype(np.float32)  # counts: exact in float32 far beyond any cohort's sums
    rng = np.random.default_rng(seed)
    count = np.bincount(tree, minlength=T)
    start = np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int64)
    network = np.zeros((K, R))
    per_chunk = max(1, min(R, _CHUNK // (K * R)))  # seekers sharing one matrix: distinct offsets, bounded memory
    for n in np.unique(count[count > 0]):
        n = int(n)
        members = np.flatnonzero(count == n)
        r_step = max(1, _CHUNK // n)
        for c0 in range(0, len(members), per_chunk):
            who = members[c0 : c0 + per_chunk]
            m = len(who)
            V = values[start[who][:, None] + np.arange(n)].transpose(1, 0, 2).reshape(n, m * K)  # (n, seekers * K)
            sums = np.empty((R, m, K), np.float32)
            for r0 in range(0, R, r_step):
                r1 = min(R, r0 + r_step)
                sums[r0:r1] = (_draw_counts(rng, n, r1 - r0) @ V).reshape(r1 - r0, m, K)
            for i, o in enumerate(rng.permutation(R)[:m]):  # network replicate r takes seeker i's r + o_i
                network[:, : R - o] += sums[o:, i].T
                network[:, R - o :] += sums[:o, i].T
            low[who], high[who] = _order_statistics(_pair_ratios(sums.transpose(1, 2, 0), num, den), (alpha, 1 - alpha))
    lo, hi = _order_statistics(_pair_ratios(network[None], num, den), (alpha, 1 - alpha))
    low[T], high[T] = lo[0], hi[0]
    return low, high


def _pair_ratios(sums: np.ndarray, num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """(..., K, R) sums -> (..., len(num), R) ratios ``sums[num] / sums[den]``, NaN where the denominator is 0."""
    a, b = sums[..., num, :], sums[..., den, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b > 0, a / b, np.nan)
