"""Private machinery of the forecast: history at a cutoff, offspring and delay fits, the vectorised simulation.

Everything here works on ``net.index`` and the tables with numpy; nothing loops over
contacts in Python. Days are integer day numbers (days since 1970-01-01).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..model import ReferralNetwork
from ..model.vocabulary import MET

__all__: list[str] = []

NO_DAY = np.iinfo(np.int64).min  # an undated day

#: pseudo-contacts the prior is worth when shrinking a seeker's own fit toward it
PRIOR_STRENGTH = 10.0
#: the default prior when there is no cohort to pool: mean 1.0, dispersion (shape k) 1.0
DEFAULT_PRIOR = (1.0, 1.0)
#: conversion (introduced -> met) assumed without data, and its weight in pseudo-introductions
DEFAULT_CONVERSION = 0.7
CONVERSION_STRENGTH = 5.0
#: delays needed before a seeker's own delay distribution is used (else the cohort's, else the default)
MIN_DELAYS = 10
#: default delay distributions: exponential with these means (days), as 200 evenly spaced quantiles
DEFAULT_DELAY_MEAN = 14.0
DEFAULT_MEET_DELAY_MEAN = 7.0
#: how many weeks back the pace of new direct contacts is measured
PACE_WEEKS = 8
#: the effect of asking when the history cannot measure it (an assumption, not a measurement)
DEFAULT_ASK_UPLIFT = 1.5
MAX_ASK_UPLIFT = 4.0
#: per-simulation, per-day cap on new meetings, so that explosive scenarios cannot overflow
COUNT_CAP = 10**9


def day_numbers(values: np.ndarray) -> np.ndarray:
    """datetime64 -> int64 day numbers, NaT -> NO_DAY."""
    out = np.asarray(values, dtype="datetime64[ns]").astype("datetime64[D]").astype(np.int64)
    out[np.isnat(values)] = NO_DAY
    return out


def default_sample(mean: float, minimum: int = 0) -> np.ndarray:
    """A deterministic 200-point sample of an exponential delay with ``mean`` days, floored to whole days."""
    u = (np.arange(200) + 0.5) / 200
    return np.maximum(np.floor(-mean * np.log1p(-u)), minimum).astype(np.int64)


@dataclass
class History:
    """What was known of some trees at the end of ``cutoff_day``; one entry per member row (seekers excluded)."""

    rows: np.ndarray  # index rows of members that existed at the cutoff
    tree: np.ndarray  # tree position of each row
    generation: np.ndarray
    edge_day: np.ndarray  # day of the tree edge (NO_DAY when undated)
    met: np.ndarray  # met by the cutoff
    met_day: np.ndarray  # day they were first met (NO_DAY when unknown)
    children: np.ndarray  # introductions they made by the cutoff
    asked: np.ndarray  # asked for introductions at a meeting by the cutoff
    asked_known: bool  # the data tracks asking at all
    delays: np.ndarray  # days from meeting an introducer to each introduction they made
    meet_delays: np.ndarray  # days from an introduction to meeting the person introduced (>= 1)
    cutoff_day: int
    first_day: int  # first dated event of the trees (NO_DAY if none)
    tracks_meetings: np.ndarray  # per row: the tree's seeker keeps a meetings table

    @property
    def pending(self) -> np.ndarray:
        """Introduced people (generation >= 2) not yet met."""
        return (self.generation >= 2) & ~self.met


def history(net: ReferralNetwork, rows: slice, cutoff_day: int) -> History:
    """The trees in ``rows`` as known at the end of ``cutoff_day`` (undated records count as known)."""
    ix = net.index
    n = len(ix)
    sel = np.zeros(n, dtype=bool)
    sel[rows] = True
    member = sel & (ix.parent >= 0)
    edge_day = day_numbers(ix.date)
    exists = member & ((edge_day == NO_DAY) | (edge_day <= cutoff_day))

    N = max(len(net.ids), 1)
    row_key = ix.seeker.astype(np.int64) * N + ix.node
    meetings = net.table("meetings")  # read only
    tracks_tree = np.zeros(len(ix.seekers), dtype=bool)
    first_meet = np.full(n, NO_DAY, dtype=np.int64)
    met_anytime = np.zeros(n, dtype=bool)
    asked = np.zeros(n, dtype=bool)
    asked_known = False
    if len(meetings):
        m_seek = net.ids.get_indexer(meetings["seeker"])
        m_who = net.ids.get_indexer(meetings["contact"])
        ok = (m_seek >= 0) & (m_who >= 0)
        m_key = m_seek[ok].astype(np.int64) * N + m_who[ok]
        m_day = day_numbers(meetings["date"].to_numpy(dtype="datetime64[ns]"))[ok]
        tracks_tree = np.isin(ix.seekers, np.unique(m_seek[ok]))
        sorter = np.argsort(row_key, kind="stable")
        pos = np.minimum(np.searchsorted(row_key, m_key, sorter=sorter), max(n - 1, 0))
        hit = row_key[sorter[pos]] == m_key if n else np.zeros(len(m_key), bool)
        m_row = np.where(hit, sorter[pos] if n else 0, -1)
        valid = m_row >= 0
        met_anytime[m_row[valid]] = True
        known = valid & (m_day != NO_DAY) & (m_day <= cutoff_day)
        if known.any():
            big = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
            np.minimum.at(big, m_row[known], m_day[known])
            first_meet = np.where(big == np.iinfo(np.int64).max, NO_DAY, big)
        if "asked_for_introductions" in meetings.columns:
            col = meetings["asked_for_introductions"]
            asked_known = bool(col.notna().any())
            flag = col.fillna(False).to_numpy(dtype=bool)[ok]
            yes = known & flag
            asked[m_row[yes]] = True
    tracks = tracks_tree[ix.tree_of_row] if n else np.zeros(0, bool)

    # children known at the cutoff, counted for non-seeker parents
    child = exists & (ix.parent >= 0)
    child &= ix.generation >= 2
    children = np.bincount(ix.parent[child], minlength=n).astype(np.int64) if n else np.zeros(0, np.int64)

    # met at the cutoff: a meeting by then; else (no meeting ever) recorded as met or made introductions;
    # when the seeker keeps no meetings at all, everyone known counts as met
    met = exists & (first_meet != NO_DAY)
    fallback = exists & ~met_anytime & ((ix.status == MET) | (children > 0))
    met |= fallback | (exists & ~tracks)
    met_day = np.where(first_meet != NO_DAY, first_meet, np.where(met, edge_day, NO_DAY))

    # delays: introducer met -> introduction
    par = ix.parent
    ch = np.flatnonzero(child & (edge_day != NO_DAY))
    ch = ch[met_day[par[ch]] != NO_DAY]
    delays = np.sort(np.maximum(edge_day[ch] - met_day[par[ch]], 0))
    # delays: introduction -> meeting
    intro = np.flatnonzero(
        exists & (ix.generation >= 2) & met & (edge_day != NO_DAY) & (met_day != NO_DAY) & (first_meet != NO_DAY)
    )
    meet_delays = np.sort(np.maximum(met_day[intro] - edge_day[intro], 1))

    keep = np.flatnonzero(exists)
    dated = np.concatenate([edge_day[keep], first_meet[keep]])
    dated = dated[(dated != NO_DAY)]
    return History(
        rows=keep,
        tree=ix.tree_of_row[keep] if n else keep,
        generation=ix.generation[keep],
        edge_day=edge_day[keep],
        met=met[keep],
        met_day=met_day[keep],
        children=children[keep],
        asked=asked[keep],
        asked_known=asked_known,
        delays=delays,
        meet_delays=meet_delays,
        cutoff_day=int(cutoff_day),
        first_day=int(dated.min()) if len(dated) else NO_DAY,
        tracks_meetings=tracks[keep],
    )


def latest_day(net: ReferralNetwork, rows: slice) -> int | None:
    """The latest dated record of the trees in ``rows`` (tree edges and meetings), or None."""
    ix = net.index
    days = day_numbers(ix.date[rows])
    days = days[days != NO_DAY]
    best = int(days.max()) if len(days) else None
    meetings = net.table("meetings")
    if len(meetings):
        seekers = net.ids.to_numpy()[ix.seekers[np.unique(ix.tree_of_row[rows])]] if len(ix) else []
        m = meetings[meetings["seeker"].isin(seekers)]
        d = day_numbers(m["date"].to_numpy(dtype="datetime64[ns]"))
        d = d[d != NO_DAY]
        if len(d):
            best = int(d.max()) if best is None else max(best, int(d.max()))
    return best


# ---------------------------------------------------------------- delay distributions
@dataclass(frozen=True)
class Delays:
    """An empirical distribution of whole-day delays: sorted sample, support and pmf."""

    sample: np.ndarray
    source: str

    @property
    def values(self) -> np.ndarray:
        return np.unique(self.sample)

    @property
    def pmf(self) -> np.ndarray:
        _, counts = np.unique(self.sample, return_counts=True)
        return counts / counts.sum()

    def cdf(self, age: np.ndarray) -> np.ndarray:
        """P(delay <= age); 1 for undated (age = huge)."""
        return np.searchsorted(self.sample, age, side="right") / len(self.sample)

    def after(self, age: int) -> tuple[np.ndarray, np.ndarray]:
        """Offsets (delay - age, all >= 1) and their probabilities, given delay > age."""
        vals = self.values
        start = np.searchsorted(vals, age, side="right")
        if start >= len(vals):
            return np.zeros(0, np.int64), np.zeros(0)
        p = self.pmf[start:]
        return vals[start:] - age, p / p.sum()


def pick_delays(own: np.ndarray, pooled: np.ndarray | None, default_mean: float, minimum: int = 0) -> Delays:
    if len(own) >= MIN_DELAYS:
        return Delays(np.sort(own), "seeker")
    if pooled is not None and len(pooled) >= MIN_DELAYS:
        return Delays(np.sort(pooled), "cohort")
    return Delays(default_sample(default_mean, minimum), "default")


# ---------------------------------------------------------------- offspring likelihoods
def _grouped(c: np.ndarray, e: np.ndarray):
    """Unique (count, exposure) pairs and how often each occurs."""
    if len(c) == 0:
        return c.astype(np.int64), e.astype(float), np.zeros(0)
    e_levels, e_inv = np.unique(e, return_inverse=True)
    key = c.astype(np.int64) * len(e_levels) + e_inv
    ukey, counts = np.unique(key, return_counts=True)
    return ukey // len(e_levels), e_levels[ukey % len(e_levels)], counts.astype(float)


def _lfact(c: np.ndarray) -> np.ndarray:
    return np.array([math.lgamma(v + 1.0) for v in c.tolist()]) if len(c) else np.zeros(0)


def poisson_fit(c, e, w) -> tuple[float, float]:
    """Mean and log-likelihood of c ~ Poisson(mean * e)."""
    tot_e = float((w * e).sum())
    tot_c = float((w * c).sum())
    m = tot_c / tot_e if tot_e > 0 else 0.0
    mu = m * e
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(c > 0, c * np.log(np.where(mu > 0, mu, 1.0)), 0.0)
    ll = float((w * (term - mu - _lfact(c))).sum())
    return m, ll


def _profile(logk: np.ndarray, c, e, w, lf) -> tuple[np.ndarray, np.ndarray]:
    """Profile log-likelihood of the negative binomial at each shape exp(logk), and the mean maximising it.

    For a fixed shape the score in the mean, ``sum w (c/m - (k + c) e / (k + m e))``, is
    solved by bisection on log m, for every shape at once.
    """
    k = np.exp(logk)[:, None]
    sc = float((w * c).sum())
    m0 = sc / float((w * e).sum())
    lo = np.full(len(logk), math.log(m0) - 8.0)
    hi = np.full(len(logk), math.log(m0) + 8.0)
    for _ in range(45):
        mid = 0.5 * (lo + hi)
        m = np.exp(mid)[:, None]
        score = sc / m[:, 0] - (w * (k + c) * e / (k + m * e)).sum(axis=1)
        up = score > 0
        lo = np.where(up, mid, lo)
        hi = np.where(up, hi, mid)
    m = np.exp(0.5 * (lo + hi))[:, None]
    mu = m * e
    top = int(c.max())
    rising = np.concatenate([np.zeros((len(logk), 1)), np.cumsum(np.log(k + np.arange(top)), axis=1)], axis=1)
    ll = (
        rising[:, c]
        - lf
        + k * np.log(k / (k + mu))
        + np.where(c > 0, c * np.log(np.maximum(mu, 1e-300) / (k + mu)), 0.0)
    )
    return (w * ll).sum(axis=1), m[:, 0]


def negbin_fit(c, e, w) -> tuple[float, float, float]:
    """Mean, shape k and log-likelihood of c ~ NegBin(mean * e, k) by profile likelihood.

    The shape is searched on a log grid over [1e-3, 1e5], then on a finer grid around
    the best point (k at the top of the range means "as good as Poisson").
    """
    lf = _lfact(c)
    grid = np.linspace(math.log(1e-3), math.log(1e5), 97)
    ll, m = _profile(grid, c, e, w, lf)
    best = int(np.argmax(ll))
    fine = np.linspace(grid[max(best - 1, 0)], grid[min(best + 1, len(grid) - 1)], 81)
    ll2, m2 = _profile(fine, c, e, w, lf)
    j = int(np.argmax(ll2))
    if ll2[j] < ll[best]:
        return float(m[best]), float(math.exp(grid[best])), float(ll[best])
    return float(m2[j]), float(math.exp(fine[j])), float(ll2[j])


def fit_counts(c: np.ndarray, e: np.ndarray) -> dict:
    """Poisson and negative binomial fits of counts ``c`` with exposures ``e`` (0 < e <= 1)."""
    c, e, w = _grouped(np.asarray(c, np.int64), np.asarray(e, float))
    if len(c) == 0 or (w * e).sum() <= 0:
        return {
            "poisson_mean": math.nan,
            "aic_poisson": math.nan,
            "negbin_mean": math.nan,
            "negbin_k": math.nan,
            "aic_negbin": math.nan,
            "family": None,
        }
    mp, llp = poisson_fit(c, e, w)
    aic_p = 2 * 1 - 2 * llp
    if (w * c).sum() == 0:
        # nothing introduced: the negative binomial adds nothing (its likelihood is the Poisson's)
        return {
            "poisson_mean": mp,
            "aic_poisson": aic_p,
            "negbin_mean": mp,
            "negbin_k": math.inf,
            "aic_negbin": aic_p + 2,
            "family": "poisson",
        }
    mn, k, lln = negbin_fit(c, e, w)
    aic_n = 2 * 2 - 2 * lln
    family = "negbin" if aic_n < aic_p else "poisson"
    return {
        "poisson_mean": mp,
        "aic_poisson": aic_p,
        "negbin_mean": mn,
        "negbin_k": k,
        "aic_negbin": aic_n,
        "family": family,
    }


def conversion_mle(met: np.ndarray, g: np.ndarray) -> float:
    """MLE of p when a person introduced ``age`` days ago is met by now with probability p * G(age)."""
    y = met.astype(bool)
    if len(y) == 0:
        return math.nan
    if not (~y).any():
        return 1.0
    n1 = float(y.sum())
    g0 = g[~y]
    lo, hi = 0.0, 1.0
    if n1 == 0:
        return 0.0
    for _ in range(60):
        p = 0.5 * (lo + hi)
        score = n1 / p - float((g0 / np.maximum(1 - p * g0, 1e-12)).sum())
        if score > 0:
            lo = p
        else:
            hi = p
    return 0.5 * (lo + hi)


# ---------------------------------------------------------------- laws
def pgf(family: str, mean: float, k: float, s):
    s = np.asarray(s, dtype=float)
    if family == "poisson" or not math.isfinite(k):
        return np.exp(mean * (s - 1.0))
    return (1.0 + mean * (1.0 - s) / k) ** (-k)


def extinction(family: str, mean: float, k: float) -> float:
    """Smallest root of q = f(q) in [0, 1]: fixed-point iteration from 0, polished by Newton steps."""
    if mean <= 1.0:
        return 1.0
    f = (
        (lambda q: math.exp(mean * (q - 1.0)))
        if family == "poisson" or not math.isfinite(k)
        else (lambda q: (1.0 + mean * (1.0 - q) / k) ** (-k))
    )
    q = 0.0
    for _ in range(500):
        new = f(q)
        if abs(new - q) < 1e-15:
            return new
        q = new
    # slow (near-critical) convergence: Newton on h(q) = f(q) - q from the left of the smallest root;
    # h is convex and decreasing there, so the iterates rise monotonically to it
    for _ in range(200):
        h = f(q) - q
        dq = 1e-7
        slope = (f(q + dq) - f(q)) / dq - 1.0
        if slope >= 0:
            break
        step = -h / slope
        q = min(q + step, 1.0)
        if abs(step) < 1e-15:
            break
    return q


def draw(rng, family: str, mean, k: float, size):
    """Draws of a Poisson or negative binomial (mean, shape k) law."""
    if family == "poisson" or not math.isfinite(k):
        return rng.poisson(mean, size)
    return rng.negative_binomial(k, k / (k + mean), size)


# ---------------------------------------------------------------- simulation
@dataclass
class Start:
    """The state at the cutoff: remaining introductions of people met, and introductions pending a meeting."""

    intro_age: np.ndarray  # per group: days since those people were met
    intro_shape: np.ndarray  # per group: summed negative binomial shape (inf: Poisson)
    intro_mean: np.ndarray  # per group: expected remaining introductions
    meet_age: np.ndarray  # per group: days since those people were introduced
    meet_count: np.ndarray  # per group: people introduced and not yet met
    meet_prob: np.ndarray  # per group: chance each is still met


def _sum_draw(rng, shape, mean, sims):
    if mean <= 0:
        return np.zeros(sims, np.int64)
    if not math.isfinite(shape):
        return rng.poisson(mean, sims)
    return rng.negative_binomial(shape, shape / (shape + mean), sims)


def _scatter(
    rng, target: np.ndarray, day: int, rows: np.ndarray, n: np.ndarray, offsets: np.ndarray, pmf: np.ndarray
) -> None:
    """Add ``n[j]`` events of simulation ``rows[j]`` to ``target[day + offset, rows[j]]``, offsets drawn from ``pmf``.

    ``target`` is laid out (day, simulation). Few events: one uniform draw per event
    (``np.add.at``); many: one multinomial per simulation. Both draw from the same law.
    """
    if len(rows) == 0:
        return
    total = int(n.sum())
    if total == 0:
        return
    if len(offsets) == 1:
        target[day + int(offsets[0]), rows] += n
    elif total <= 4 * len(rows) * math.sqrt(len(offsets)):
        sim = np.repeat(rows, n)
        pick = np.searchsorted(np.cumsum(pmf), rng.random(total) * pmf.sum(), side="right")
        pick = np.minimum(pick, len(offsets) - 1)
        np.add.at(target.reshape(-1), (day + offsets[pick]) * target.shape[1] + sim, 1)
    else:
        target[day + offsets[:, None], rows[None, :]] += rng.multinomial(n, pmf).T


def simulate(
    rng,
    *,
    sims: int,
    days: int,
    family: str,
    mean: float,
    k: float,
    conversion: float,
    delays: Delays,
    meet_delays: Delays,
    start: Start | None,
    immigrants_per_day: float = 0.0,
    immigrant_met: float = 1.0,
) -> dict[str, np.ndarray]:
    """Simulate the branching process day by day for all simulations at once.

    Returns per-simulation, per-day arrays of shape ``(sims, days + 1)`` (day 0 is the
    cutoff, always zero): ``contacts`` (new people in the network), ``met`` (new
    meetings) and ``alive`` (True while an introduction or meeting is still
    scheduled after that day).
    """
    dv, dp = delays.values, delays.pmf
    wv, wp = np.maximum(meet_delays.values, 1), meet_delays.pmf
    width = days + 2 + int(max(dv.max(initial=0), wv.max(initial=1)))
    intro = np.zeros((width, sims), dtype=np.int64)  # (day, simulation): a day is contiguous
    meet = np.zeros((width, sims), dtype=np.int64)
    cold = np.zeros((width, sims), dtype=np.int64)
    everyone = np.arange(sims)
    if start is not None:
        for age, shape, m in zip(start.intro_age.tolist(), start.intro_shape.tolist(), start.intro_mean.tolist()):
            offs, p = delays.after(age)
            if len(offs) == 0 or m <= 0:
                continue
            _scatter(rng, intro, 0, everyone, _sum_draw(rng, shape, m, sims), offs, p)
        for age, count, prob in zip(start.meet_age.tolist(), start.meet_count.tolist(), start.meet_prob.tolist()):
            offs, p = meet_delays.after(age)
            if len(offs) == 0 or prob <= 0 or count <= 0:
                continue
            _scatter(rng, meet, 0, everyone, rng.binomial(int(count), prob, sims), np.maximum(offs, 1), p)
    if immigrants_per_day > 0:
        cold[1 : days + 1] = rng.poisson(immigrants_per_day, (days, sims))
        meet[1 : days + 1] += (
            rng.binomial(cold[1 : days + 1], immigrant_met) if immigrant_met < 1 else cold[1 : days + 1]
        )
    neg = family != "poisson" and math.isfinite(k)
    p_nb = k / (k + mean) if neg and mean > 0 else 1.0
    for t in range(1, days + 1):
        m_t = np.minimum(meet[t], COUNT_CAP, out=meet[t])
        rows = np.flatnonzero(m_t)
        if mean > 0 and len(rows):
            kids = rng.negative_binomial(k * m_t[rows], p_nb) if neg else rng.poisson(mean * m_t[rows])
            _scatter(rng, intro, t, rows, kids, dv, dp)
        i_t = intro[t]
        rows = np.flatnonzero(i_t)
        if conversion > 0 and len(rows):
            met_now = rng.binomial(i_t[rows], conversion) if conversion < 1 else i_t[rows]
            _scatter(rng, meet, t, rows, met_now, wv, wp)
    later = np.cumsum((intro + meet)[::-1], axis=0)[::-1]  # events on this day or later
    alive = np.concatenate([later[1:], np.zeros((1, sims), np.int64)], axis=0) > 0  # strictly later
    return {"contacts": (intro + cold)[: days + 1].T, "met": meet[: days + 1].T, "alive": alive[: days + 1].T}


def start_state(
    h: History,
    rows: np.ndarray | None,
    *,
    family: str,
    mean: float,
    k: float,
    conversion: float,
    delays: Delays,
    meet_delays: Delays,
    uplift_unasked: float = 1.0,
) -> Start:
    """Group the people already in the network by age for :func:`simulate` (exact: same age, same law)."""
    sel = np.ones(len(h.rows), bool) if rows is None else rows
    met = sel & h.met
    age = np.where(h.met_day != NO_DAY, h.cutoff_day - h.met_day, 10**9)
    e = delays.cdf(age)
    grow = met & (e < 1) & (h.generation >= 1)
    a = age[grow]
    ee = e[grow]
    c = h.children[grow]
    u = np.where(h.asked[grow], 1.0, uplift_unasked) if uplift_unasked != 1.0 else np.ones(len(a))
    if family == "poisson" or not math.isfinite(k):
        shape = np.full(len(a), np.inf)
        rem = mean * u * (1 - ee)
    else:
        # the contact's own rate has posterior Gamma(k + c, k / mean + e); scaled by the uplift
        shape = k + c
        rate = (k / mean + ee) / u if mean > 0 else np.full(len(a), np.inf)
        rem = np.where(np.isfinite(rate), shape * (1 - ee) / rate, 0.0)
    # group by (age, uplift): identical negative binomial p, so shapes add up
    key = a * 2 + (u != 1.0)
    ukey, inv = np.unique(key, return_inverse=True)
    g_age = ukey // 2
    g_mean = np.bincount(inv, weights=rem, minlength=len(ukey))
    g_shape = (
        np.bincount(inv, weights=np.where(np.isfinite(shape), shape, 0.0), minlength=len(ukey))
        if not (family == "poisson" or not math.isfinite(k))
        else np.full(len(ukey), np.inf)
    )
    # people introduced and not met yet
    pend = sel & h.pending & h.tracks_meetings
    b = np.where(h.edge_day[pend] != NO_DAY, h.cutoff_day - h.edge_day[pend], 10**9)
    ub, counts = np.unique(b, return_counts=True)
    gu = meet_delays.cdf(ub)
    prob = np.where(gu < 1, conversion * (1 - gu) / np.maximum(1 - conversion * gu, 1e-12), 0.0)
    return Start(
        intro_age=g_age.astype(np.int64),
        intro_shape=g_shape,
        intro_mean=g_mean,
        meet_age=ub.astype(np.int64),
        meet_count=counts.astype(np.int64),
        meet_prob=prob,
    )


def state_extinction(
    start: Start, *, family: str, mean: float, k: float, conversion: float, delays: Delays, meet_delays: Delays
) -> tuple[float, float]:
    """(chance the chains of everyone already met die out, chance one newly met person's chain does)."""
    q_met = extinction(family, mean * conversion, k)
    q_intro = 1 - conversion + conversion * q_met
    logq = 0.0
    for age, shape, m in zip(start.intro_age.tolist(), start.intro_shape.tolist(), start.intro_mean.tolist()):
        if m <= 0 or len(delays.after(age)[0]) == 0:
            continue
        if math.isfinite(shape):
            logq += -shape * math.log1p(m * (1 - q_intro) / shape)
        else:
            logq += -m * (1 - q_intro)
    for count, prob in zip(start.meet_count.tolist(), start.meet_prob.tolist()):
        logq += count * math.log(max(1 - prob + prob * q_met, 1e-300))
    return math.exp(logq), q_met


def direct_pace(h: History, rows: np.ndarray | None = None) -> tuple[float, float]:
    """(new direct contacts per day over the last PACE_WEEKS weeks, share of direct contacts met)."""
    sel = np.ones(len(h.rows), bool) if rows is None else rows
    direct = sel & (h.generation == 1)
    dated = direct & (h.edge_day != NO_DAY)
    if not dated.any() or h.first_day == NO_DAY:
        return 0.0, 1.0
    window = min(PACE_WEEKS * 7, max(h.cutoff_day - h.first_day + 1, 7))
    recent = dated & (h.edge_day > h.cutoff_day - window)
    share = float(h.met[direct].mean()) if direct.any() else 1.0
    return float(recent.sum()) / window, share


def to_timestamp(day: int) -> pd.Timestamp:
    return pd.Timestamp(np.datetime64(int(day), "D"))
