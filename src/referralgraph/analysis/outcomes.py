"""What a network led to: the funnel from conversations to offers, and credit along the chains of introductions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._docstrings import share_docs
from .._checks import check_choice, check_int, check_network
from ..model.opportunities import PROGRESS_STAGES
from .bootstrap import _intervals_by_size
from .facts import facts, group_reduce, opportunity_facts, resolve
from ..model.vocabulary import INTRODUCED, MET

__all__ = ["funnel", "funnel_columns", "outcome_credit", "FUNNEL_STEPS", "CREDIT_MODELS", "CREDIT_BY"]

#: the steps of :func:`funnel`, in order: name -> label shown to people
FUNNEL_STEPS = {
    "conversations": "Conversations",
    "introductions_asked": "Introductions asked for",
    "introductions_made": "Introductions made",
    "met_through_introductions": "People met through introductions",
    "referrals": "Referrals",
    "applications": "Applications",
    "interviews": "Interviews",
    "offers": "Offers",
    "accepted": "Offers accepted",
}
#: attribution models of :func:`outcome_credit`
CREDIT_MODELS = ("first", "last", "even", "position")
#: groupings of :func:`outcome_credit` (``by=``)
CREDIT_BY = (
    "contact",
    "first_contact",
    "source",
    "organization",
    "generation",
    "first_contact_organization",
    "chain_length",
)

_FUNNEL_COLUMNS = ["seeker", "step", "label", "count", "conversion", "low", "high", "median_days", "days_n"]
_NS_PER_DAY = 86_400 * 10**9
_OPP_FAMILY = 1 << 40  # identities of opportunities, apart from meeting and tree rows


def _units(ix, rows: np.ndarray, B: int, slot: np.ndarray) -> np.ndarray:
    """Bootstrap unit of each item: its branch (slot of the generation-1 ancestor), -1 when it is in no branch."""
    unit = np.full(len(rows), -1, np.int64)
    inside = rows >= 0
    origin = np.where(inside, ix.origin[np.maximum(rows, 0)], -1) if len(ix) else np.full(len(rows), -1)
    unit[origin >= 0] = slot[origin[origin >= 0]]
    return unit


def _funnel_items(net):
    """Per step: (tree position of each item, index row or -1, dates for the days to this step or None)."""
    f, ix = facts(net), net.index
    T = len(ix.seekers)
    pos_of_code = np.full(max(len(net.ids), 1), -1, np.int64)
    pos_of_code[ix.seekers] = np.arange(T)
    m_pos = pos_of_code[np.maximum(f.m_seeker, 0)] if len(f.m_seeker) else np.zeros(0, np.int64)
    m_ok = (f.m_seeker >= 0) & (m_pos >= 0)
    asked = f.m_column("asked_for_introductions", "bool")
    recorded = "asked_for_introductions" in f.meetings.columns and f.meetings["asked_for_introductions"].notna().any()
    member = ix.parent >= 0
    made = np.flatnonzero(member & (ix.generation >= 2) & (ix.status >= INTRODUCED))
    met = np.flatnonzero(member & (ix.generation >= 2) & (ix.status == MET))
    # days: first ask of the introducer -> introduction; introduction -> first meeting
    # (when meetings are not recorded the days to an introduction are unknown: no first ask)
    first_ask = group_reduce(np.where(asked & (f.m_row >= 0), f.m_row, -1), f.m_date, len(ix), "min")
    items = {
        "conversations": (m_pos[m_ok], f.m_row[m_ok], None, np.flatnonzero(m_ok)),
        "introductions_asked": (m_pos[m_ok & asked], f.m_row[m_ok & asked], None, np.flatnonzero(m_ok & asked))
        if recorded
        else None,
        "introductions_made": (
            ix.tree_of_row[made],
            made,
            (first_ask[ix.parent[made]], ix.date[made]) if recorded else None,
            made,
        ),
        "met_through_introductions": (ix.tree_of_row[met], met, (ix.date[met], f.first_meeting[met]), met),
    }
    opp = opportunity_facts(net)
    o_pos = pos_of_code[np.maximum(opp["seeker"].to_numpy(dtype=np.int64), 0)] if len(opp) else np.zeros(0, np.int64)
    o_row = opp["row"].to_numpy(dtype=np.int64)
    reached = opp["reached"].to_numpy()
    contact_met = (
        np.where(o_row >= 0, f.first_meeting[np.maximum(o_row, 0)], np.datetime64("NaT"))
        if len(opp)
        else np.zeros(0, "datetime64[ns]")
    )
    ref = opp["referred"].to_numpy(dtype=bool)
    referral = opp["date_referral"].to_numpy()
    o_id = np.arange(len(opp)) + _OPP_FAMILY  # one opportunity is one unit whatever steps it reached
    items["referrals"] = (o_pos[ref], o_row[ref], (contact_met[ref], referral[ref]), o_id[ref])
    prev = referral  # referral -> application only where a referral is recorded
    for step, k in (("applications", 2), ("interviews", 3), ("offers", 4), ("accepted", 5)):
        hit = reached >= k
        this = opp[f"date_{PROGRESS_STAGES[k]}"].to_numpy()
        items[step] = (o_pos[hit], o_row[hit], (prev[hit], this[hit]), o_id[hit])
        prev = this
    if len(opp) == 0:
        for step in ("referrals", "applications", "interviews", "offers", "accepted"):
            items[step] = None
    return items


@share_docs
def funnel(
    net, *, seeker: str | None = None, as_of=None, replicates: int = 1000, seed: int | None = 0, long: bool = False
) -> pd.DataFrame:
    """From conversations to offers: counts, conversion between consecutive steps, days between them.

    Parameters
    ----------
    {net}
    seeker : str, optional
        Only this seeker's funnel. ``None`` means every seeker: each seeker's, then the
        whole network's (``seeker`` missing).
    as_of : date-like, optional
        Measure the network as known on this date (default: the reference date,
        see docs/metrics.md).
    replicates : int, default 1000
        Tree-bootstrap replicates for the 95% intervals of each conversion.
    seed : int, optional, default 0
        Seed of the resampling (``None``: fresh).
    long : bool, default False
        One row per (seeker, step) instead of one row per seeker (the tidy form,
        handy for plots and for telling the steps one by one).

    Returns
    -------
    pandas.DataFrame
        One row per seeker, in the network's seeker order, then one for the whole
        network (``seeker`` missing); with ``seeker=``, that seeker's row only.
        Columns (:func:`funnel_columns`): ``seeker``; one count per step of
        :data:`FUNNEL_STEPS` (``conversations``, ``introductions_asked``,
        ``introductions_made``, ``met_through_introductions``, ``referrals``,
        ``applications``, ``interviews``, ``offers``, ``accepted``; Int64, missing
        where the step is not recorded, never 0 for "unknown"); then for every step
        after the first, ``<step>_conversion`` (its count over the previous step's;
        a ratio that can exceed 1 for introductions per ask or applications per
        referral), ``<step>_conversion_low`` and ``<step>_conversion_high`` (the
        95% tree-bootstrap interval); then ``<step>_median_days`` (median days from
        the previous step to this one over the items where both dates are known
        and in order) and ``<step>_days_n`` (how many items that median is over).
        With ``long=True``: columns ``seeker, step, label, count, conversion, low,
        high, median_days, days_n``, one row per (seeker, step), steps in order.
        ``attrs["as_of"]`` is the reference date.

    Raises
    ------
    {raises_seeker}
    OptionError
        If ``as_of`` is not a date, or ``replicates``/``seed`` are not integers >= 1/0.

    See Also
    --------
    outcome_credit : which people and channels the outcomes came through.
    rate_intervals : the same bootstrap for the habit rates.

    Notes
    -----
    Steps: conversations (meetings); introductions asked for (conversations
    where ``asked_for_introductions`` is true); introductions made (people of
    generation 2 or later introduced, not only suggested); people met through
    introductions; then opportunities with a ``referred`` step, and those that
    reached ``applied``, ``interview``, ``offer`` and ``accepted`` (a later stage
    implies the earlier ones; ``declined`` implies an offer). A step is *not
    recorded* (missing) when its column is absent, when the network has no
    opportunities, or when its count is 0 while a later step's is not (the data
    skipped it); its conversions and days are then missing too. Intervals resample
    whole branches (a first contact and everyone reached through them) within each
    seeker, as :func:`rate_intervals` does [1]_; an opportunity whose contact is in
    no tree is a unit of its own. Seekers with the same number of units share one
    matrix of draws (each seeker's replicates are still an exact bootstrap of its
    own units), which keeps 1,000 replicates on 10^6 contacts under a second (see
    docs/performance.md).

    References
    ----------
    .. [1] Baraff, A. J., McCormick, T. H. & Raftery, A. E. (2016). Estimating
       uncertainty in respondent-driven sampling using a tree bootstrap method.
       *PNAS* 113(51), 14668-14673.

    Examples
    --------
    >>> fun = rg.funnel(rg.demo(), replicates=200)
    >>> fun[["seeker", "conversations", "introductions_asked", "applications", "interviews"]]
      seeker  conversations  introductions_asked  applications  interviews
    0   maya             74                   49             5           2
    1   <NA>             74                   49             5           2
    >>> fun.filter(like="interviews_").iloc[0].round(2).tolist()
    [0.4, 0.0, 0.84, 15.5, 2.0]
    >>> rg.funnel(rg.demo(), replicates=200, long=True)[["step", "count"]].head(3)
                      step  count
    0        conversations     74
    1  introductions_asked     49
    2   introductions_made     67
    """
    check_network(net)
    replicates = check_int("replicates", replicates, minimum=1)
    seed = check_int("seed", seed, minimum=0, allow_none=True)
    if not isinstance(long, (bool, np.bool_)):
        from ..exceptions import ArgumentTypeError

        raise ArgumentTypeError(f"long must be True or False (got {long!r})")
    net, day = resolve(net, as_of)
    if seeker is not None:
        net.seeker_position(seeker)
    items = _funnel_items(net)
    counts, tree, per_unit, day_rows = _funnel_units(net, items)
    T = len(net.index.seekers)
    S = len(FUNNEL_STEPS)
    pairs = (np.arange(1, S), np.arange(S - 1))  # each step over the step before
    if seeker is None:
        low, high = _intervals_by_size(tree, per_unit, T, replicates, seed, 0.025, pairs)
    else:
        p = net.seeker_position(seeker)
        mine = tree == p
        lo1, hi1 = _intervals_by_size(
            np.zeros(int(mine.sum()), np.int64), per_unit[mine], 1, replicates, seed, 0.025, pairs
        )
        low, high = np.full((T + 1, S - 1), np.nan), np.full((T + 1, S - 1), np.nan)
        low[p], high[p] = lo1[0], hi1[0]
    recorded = np.array([items[s] is not None for s in FUNNEL_STEPS])
    arrays = _funnel_arrays(counts, recorded, low, high, day_rows, T)
    frame = (_funnel_long if long else _funnel_wide)(net, arrays, seeker)
    frame.attrs["as_of"] = day
    return frame


def funnel_columns() -> list[str]:
    """Columns of :func:`funnel` (one row per seeker), in order.

    Examples
    --------
    >>> from referralgraph.analysis.outcomes import funnel_columns
    >>> funnel_columns()[:3], funnel_columns()[10:13]
    (['seeker', 'conversations', 'introductions_asked'], ['introductions_asked_conversion', \
'introductions_asked_conversion_low', 'introductions_asked_conversion_high'])
    """
    steps = list(FUNNEL_STEPS)
    cols = ["seeker", *steps]
    for step in steps[1:]:
        cols += [f"{step}_conversion", f"{step}_conversion_low", f"{step}_conversion_high"]
    for step in steps[1:]:
        cols += [f"{step}_median_days", f"{step}_days_n"]
    return cols


def _funnel_units(net, items):
    """Counts per (seeker position, step), the bootstrap units (sorted by seeker) with their counts, the day rows."""
    ix = net.index
    T = len(ix.seekers)
    steps = list(FUNNEL_STEPS)
    S = len(steps)
    branch = np.flatnonzero(ix.generation == 1)
    slot = np.full(len(ix), -1, np.int64)
    slot[branch] = np.arange(len(branch))
    B = len(branch)
    counts = np.zeros((T + 1, S))
    per_unit = np.zeros((B, S))
    alone_key, alone_pos, alone_step, day_rows = [], [], [], []
    for k, step in enumerate(steps):
        if items[step] is None:
            continue
        pos, rows, dates, ident = items[step]
        counts[:T, k] = np.bincount(pos, minlength=T)[:T] if T else []
        unit = _units(ix, rows, B, slot)
        per_unit[:, k] = np.bincount(unit[unit >= 0], minlength=B)[:B] if B else []
        alone = unit < 0
        alone_key.append(ident[alone].astype(np.int64))
        alone_pos.append(pos[alone])
        alone_step.append(np.full(int(alone.sum()), k))
        if dates is not None:
            a, b = dates
            ok = ~np.isnat(a) & ~np.isnat(b) & (b >= a)
            day_rows.append((pos[ok], np.full(int(ok.sum()), k), (b[ok] - a[ok]).view("int64") / _NS_PER_DAY))
    counts[T] = counts[:T].sum(axis=0)
    tree = ix.tree_of_row[branch].astype(np.int64)
    if alone_key and sum(len(a) for a in alone_key):
        # items outside every branch: one unit per identity (an opportunity counts in each step it reached)
        keys, pos_all, step_all = np.concatenate(alone_key), np.concatenate(alone_pos), np.concatenate(alone_step)
        uniq, inv = np.unique(keys, return_inverse=True)
        extra = np.zeros((len(uniq), S))
        np.add.at(extra, (inv, step_all), 1.0)
        extra_tree = np.zeros(len(uniq), np.int64)
        extra_tree[inv] = pos_all
        tree = np.concatenate([tree, extra_tree])
        per_unit = np.vstack([per_unit, extra])
    order = np.argsort(tree, kind="stable")
    return counts, tree[order], per_unit[order], day_rows


def _group_medians(key: np.ndarray, days: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Median of ``days`` per ``key`` in ``range(n)`` (NaN where none) and how many values each is over."""
    size = np.bincount(key, minlength=n)[:n]
    med = np.full(n, np.nan)
    if len(key) == 0:
        return med, size
    by_days = np.argsort(days)
    small = np.uint16 if n <= np.iinfo(np.uint16).max else np.int64  # 16-bit keys: numpy's radix sort
    order = by_days[np.argsort(key[by_days].astype(small), kind="stable")]
    srt = days[order]
    start = np.concatenate([[0], np.cumsum(size)[:-1]])
    has = size > 0
    lo = start[has] + (size[has] - 1) // 2
    hi = start[has] + size[has] // 2
    med[has] = (srt[lo] + srt[hi]) / 2.0
    return med, size


def _funnel_arrays(counts, recorded, low, high, day_rows, T):
    """(T + 1, steps) arrays: shown counts (NaN = not recorded), conversion, low, high, median days, their n."""
    S = counts.shape[1]
    shown = counts.astype(float).copy()
    shown[:, ~recorded] = np.nan
    later = np.flip(np.maximum.accumulate(np.flip(np.nan_to_num(shown), axis=1), axis=1), axis=1)
    skipped = np.zeros_like(shown, dtype=bool)
    skipped[:, :-1] = (shown[:, :-1] == 0) & (later[:, 1:] > 0)
    shown[skipped] = np.nan
    conv = np.full((T + 1, S), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        conv[:, 1:] = np.where(shown[:, :-1] > 0, shown[:, 1:] / shown[:, :-1], np.nan)
    lo, hi = np.full((T + 1, S), np.nan), np.full((T + 1, S), np.nan)
    lo[:, 1:], hi[:, 1:] = low, high
    lo[np.isnan(conv)] = np.nan
    hi[np.isnan(conv)] = np.nan
    if day_rows:
        pos, kk, days = (np.concatenate(parts) for parts in zip(*day_rows))
        med, n_days = _group_medians(pos.astype(np.int64) * S + kk, days, T * S)
        whole, whole_n = _group_medians(kk.astype(np.int64), days, S)
        med, n_days = np.vstack([med.reshape(T, S), whole]), np.vstack([n_days.reshape(T, S), whole_n])
    else:
        med, n_days = np.full((T + 1, S), np.nan), np.zeros((T + 1, S), np.int64)
    med[np.isnan(shown)] = np.nan
    return {"count": shown, "conversion": conv, "low": lo, "high": hi, "median_days": med, "days_n": n_days}


def _funnel_rows(net, seeker):
    """Positions (T = the whole network) and names of the rows shown."""
    T = len(net.index.seekers)
    if seeker is not None:
        return [net.seeker_position(seeker)], [seeker]
    if T == 0:
        return [T], [pd.NA]
    return list(range(T)) + [T], list(net.ids.take(net.index.seekers)) + [pd.NA]


def _int_column(values: np.ndarray) -> pd.arrays.IntegerArray:
    return pd.array(values, dtype="Float64").astype("Int64")


def _funnel_wide(net, arrays, seeker) -> pd.DataFrame:
    positions, names = _funnel_rows(net, seeker)
    steps = list(FUNNEL_STEPS)
    cols = {"seeker": pd.Series(np.array(names, dtype=object), dtype="string")}
    for k, step in enumerate(steps):
        cols[step] = _int_column(arrays["count"][positions, k])
    for k, step in enumerate(steps[1:], start=1):
        cols[f"{step}_conversion"] = arrays["conversion"][positions, k]
        cols[f"{step}_conversion_low"] = arrays["low"][positions, k]
        cols[f"{step}_conversion_high"] = arrays["high"][positions, k]
    for k, step in enumerate(steps[1:], start=1):
        cols[f"{step}_median_days"] = arrays["median_days"][positions, k]
        cols[f"{step}_days_n"] = arrays["days_n"][positions, k].astype(np.int64)
    return pd.DataFrame(cols, columns=funnel_columns())


def _funnel_long(net, arrays, seeker) -> pd.DataFrame:
    positions, names = _funnel_rows(net, seeker)
    S = len(FUNNEL_STEPS)
    P = len(positions)
    pos = np.repeat(positions, S)
    kk = np.tile(np.arange(S), P)
    return pd.DataFrame(
        {
            "seeker": pd.Series(np.repeat(np.array(names, dtype=object), S), dtype="string"),
            "step": np.tile(list(FUNNEL_STEPS), P),
            "label": np.tile(list(FUNNEL_STEPS.values()), P),
            "count": _int_column(arrays["count"][pos, kk]),
            "conversion": arrays["conversion"][pos, kk],
            "low": arrays["low"][pos, kk],
            "high": arrays["high"][pos, kk],
            "median_days": arrays["median_days"][pos, kk],
            "days_n": arrays["days_n"][pos, kk].astype(np.int64),
        },
        columns=_FUNNEL_COLUMNS,
    )


_CREDIT_COLUMNS = [
    "seeker",
    "opportunity",
    "opportunity_organization",
    "role",
    "stage",
    "date",
    "contact",
    "name",
    "position",
    "chain_length",
    "generation",
    "first_contact",
    "first_contact_organization",
    "source",
    "organization",
    "credit",
]


def _credit(position: np.ndarray, length: np.ndarray, model: str) -> np.ndarray:
    """Share of one opportunity for the person at ``position`` (1 = first contact) of a chain of ``length``."""
    position, length = position.astype(np.float64), length.astype(np.float64)
    if model == "first":
        return (position == 1).astype(np.float64)
    if model == "last":
        return (position == length).astype(np.float64)
    if model == "even":
        return 1.0 / length
    ends = (position == 1) | (position == length)
    with np.errstate(divide="ignore", invalid="ignore"):
        middle = np.where(length > 2, 0.2 / (length - 2), 0.0)
    return np.where(length == 1, 1.0, np.where(length == 2, 0.5, np.where(ends, 0.4, middle)))


@share_docs
def outcome_credit(
    net, *, stage: str = "interview", model: str = "even", by: str | None = None, seeker: str | None = None, as_of=None
) -> pd.DataFrame:
    """Credit for every opportunity that reached ``stage``, shared along its chain of introductions.

    Parameters
    ----------
    {net}
    stage : str, default "interview"
        The stage an opportunity must have reached: one of ``lead``, ``referred``,
        ``applied``, ``interview``, ``offer``, ``accepted`` (a later stage counts).
    model : str, default "even"
        ``first`` (all to the first contact heading the branch), ``last`` (all to
        the contact it came through), ``even`` (split evenly along the chain) or
        ``position`` (40% first, 40% last, 20% split over the people between;
        50/50 for a chain of two; the U-shaped model of marketing attribution).
    by : str, optional
        Sum the credit per ``contact``, ``first_contact``, ``source`` (the channel
        the chain started from: its first contact's ``source``), ``organization``
        (the credited person's), ``generation``, ``first_contact_organization``
        (where the chain started) or ``chain_length`` (how deep the chain was).
        By default one row per (opportunity, person on its chain).
    seeker : str, optional
        Only this seeker's opportunities. ``None`` means every seeker.
    {as_of_measure}

    Returns
    -------
    pandas.DataFrame
        With ``by=None``: columns ``seeker``, ``opportunity``,
        ``opportunity_organization``, ``role``, ``stage`` (the furthest stage
        reached), ``date`` (first day at ``stage`` or further), ``contact`` (the
        person credited), ``name``, ``position`` (1 = first contact),
        ``chain_length``, ``generation``, ``first_contact``,
        ``first_contact_organization``, ``source`` (the
        channel: the first contact's source), ``organization`` (the person's) and
        ``credit``; the credits of one
        opportunity sum to 1. With ``by``: the key column, ``credit`` (summed),
        ``opportunities`` and ``people``, most credit first. ``attrs["unattributed"]``
        counts the opportunities that reached ``stage`` without a chain (no
        contact, or a contact in none of that seeker's trees), ``attrs["as_of"]``
        the reference date.

    Raises
    ------
    {raises_seeker}
    OptionError
        If ``stage``, ``model`` or ``by`` is not one of the names above, or
        ``as_of`` is not a date.

    See Also
    --------
    funnel : counts and conversions from conversations to offers.
    paths_to : the chain to any contact.

    Notes
    -----
    The chain of an opportunity runs from the seeker's first contact (generation
    1) down the tree to the contact the opportunity came through, read from the
    tree index by stepping to parents (one numpy pass per generation, no loop
    per opportunity). A contact shared by two seekers has a chain in each tree;
    each seeker's opportunities use their own. Worked examples of each model are
    in docs/metrics.md ("Credit along the chain") [1]_.

    References
    ----------
    .. [1] Google Analytics Help, "Attribution models" (first interaction, last
       interaction, linear, position-based: 40% first, 40% last, 20% middle).

    Examples
    --------
    >>> credit = rg.outcome_credit(rg.demo(), stage="interview", model="position")
    >>> float(credit.groupby("opportunity")["credit"].sum().round(6).unique()[0])
    1.0
    """
    check_network(net)
    check_choice("stage", stage, PROGRESS_STAGES)
    check_choice("model", model, CREDIT_MODELS)
    check_choice("by", by, CREDIT_BY, allow_none=True)
    net, day = resolve(net, as_of)
    opp = opportunity_facts(net)
    k = PROGRESS_STAGES.index(stage)
    hit = opp["reached"].to_numpy() >= k
    if seeker is not None:
        hit &= opp["seeker"].to_numpy() == net.index.seekers[net.seeker_position(seeker)]
    ix = net.index
    rows = opp["row"].to_numpy(dtype=np.int64)
    chained = hit & (rows >= 0) & (ix.generation[np.maximum(rows, 0)] >= 1 if len(ix) else False)
    which = np.flatnonzero(chained)
    frame = _chains(net, opp, which, rows[which], stage, model)
    frame.attrs["unattributed"] = int(hit.sum() - chained.sum())
    if by is not None:
        frame = _credit_by(frame, by)
    frame.attrs["as_of"] = day
    return frame


def _chains(net, opp: pd.DataFrame, which: np.ndarray, rows: np.ndarray, stage: str, model: str) -> pd.DataFrame:
    """The long table: one row per (opportunity, person on its chain), chains walked up all at once."""
    ix = net.index
    length = ix.generation[rows].astype(np.int64)
    opp_of, row_of, pos_of = [], [], []
    cur, left = rows.copy(), np.arange(len(rows))
    step = 0
    while len(cur):
        opp_of.append(left)
        row_of.append(cur)
        pos_of.append(length[left] - step)
        up = ix.parent[cur]
        keep = ix.generation[np.maximum(up, 0)] >= 1
        keep &= up >= 0
        cur, left = up[keep], left[keep]
        step += 1
    o = np.concatenate(opp_of) if opp_of else np.zeros(0, np.int64)
    r = np.concatenate(row_of) if row_of else np.zeros(0, np.int64)
    p = np.concatenate(pos_of) if pos_of else np.zeros(0, np.int64)
    order = np.lexsort((p, o))
    o, r, p = o[order], r[order], p[order]
    L = length[o]
    ids = net.ids.to_numpy()
    contacts = net.table("contacts")
    node = ix.node[r]
    origin = ix.origin[r] if len(r) else np.zeros(0, np.int64)
    sel = opp.iloc[which[o]] if len(which) else opp.iloc[[]]

    def column(name, codes=node):
        if name not in contacts.columns or not len(codes):
            return pd.Series(pd.NA, index=range(len(codes)), dtype="str")
        return pd.Series(contacts[name].to_numpy()[codes], dtype="str")

    return pd.DataFrame(
        {
            "seeker": pd.Series(ids[sel["seeker"].to_numpy(dtype=np.int64)], dtype="str"),
            "opportunity": sel["opportunity"].to_numpy(),
            "opportunity_organization": pd.Series(sel["organization"].to_numpy(), dtype="str"),
            "role": pd.Series(sel["role"].to_numpy(), dtype="str"),
            "stage": pd.Series(
                np.asarray(PROGRESS_STAGES, dtype=object)[sel["reached"].to_numpy(dtype=np.int64)], dtype="str"
            ),
            "date": sel[f"date_{stage}"].to_numpy(dtype="datetime64[ns]"),
            "contact": pd.Series(ids[node], dtype="str"),
            "name": column("name"),
            "position": p.astype(np.int64),
            "chain_length": L.astype(np.int64),
            "generation": ix.generation[r].astype(np.int64),
            "first_contact": pd.Series(ids[ix.node[origin]], dtype="str"),
            "first_contact_organization": column("organization", ix.node[origin]),
            "source": column("source", ix.node[origin]),
            "organization": column("organization"),
            "credit": _credit(p, L, model),
        },
        columns=_CREDIT_COLUMNS,
    )


def _credit_by(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    frame = frame[frame["credit"] > 0]
    key = frame[by]
    if by in ("source", "organization", "first_contact_organization"):
        key = key.fillna("(not recorded)")
    opp_key = frame["seeker"] + "\x00" + frame["opportunity"].astype("str")
    out = pd.DataFrame({by: key, "credit": frame["credit"], "opp": opp_key, "who": frame["contact"]})
    g = out.groupby(by, sort=False, dropna=False)
    res = pd.DataFrame({"credit": g["credit"].sum(), "opportunities": g["opp"].nunique(), "people": g["who"].nunique()})
    res = res.reset_index().sort_values(["credit", by], ascending=[False, True], kind="stable").reset_index(drop=True)
    res.attrs.update(frame.attrs)
    return res
