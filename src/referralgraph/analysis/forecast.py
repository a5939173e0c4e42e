"""Where a network is heading: a fitted branching process, simulated week by week, and its backtest."""

from __future__ import annotations

import math
import numbers
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..model import ReferralNetwork
from . import _offspring as _o
from .facts import reference_date
from ..exceptions import ArgumentTypeError, OptionError

__all__ = [
    "OffspringFit",
    "WhatIf",
    "fit_offspring",
    "extinction_probability",
    "forecast",
    "backtest",
    "FORECAST_COLUMNS",
    "BACKTEST_COLUMNS",
]

#: columns of :func:`forecast`, in order
FORECAST_COLUMNS = ["week", "date", "median", "low", "high", "mean", "met_median", "met_low", "met_high",
                    "p_extinct"]
#: columns of :func:`backtest`, in order
BACKTEST_COLUMNS = ["week", "date", "actual", "median", "low", "high", "inside_interval", "abs_error",
                    "actual_new", "median_new"]


# ---------------------------------------------------------------- the fit
@dataclass(frozen=True, repr=False)
class OffspringFit:
    """The fitted law of introductions per contact met, with what it rests on.

    Returned by :func:`fit_offspring`; immutable.

    Attributes
    ----------
    family : {"poisson", "negbin"}
        The law used: negative binomial unless both the seeker's own history (by
        AIC) and the prior say Poisson.
    mean : float
        Expected introductions a contact makes once met (after shrinkage).
    dispersion : float
        Negative binomial shape ``k`` (variance ``mean + mean**2 / k``); ``math.inf``
        for Poisson. Smaller means more uneven: most contacts introduce nobody and
        a few introduce many.
    n : int
        Contacts met that had some time to introduce (exposure > 0).
    exposure : float
        Those contacts' summed exposure: each counts by the share of the delay
        distribution that has already elapsed since they were met (a contact met
        yesterday counts almost 0, one met months ago 1).
    introductions : int
        Introductions those contacts made by the cutoff.
    aic_poisson, aic_negbin : float
        Akaike information criteria of the two families on the seeker's own
        history (lower is better; NaN without history).
    weight : float
        Weight of the seeker's own estimate against the prior,
        ``exposure / (exposure + 10)`` (0 below ``min_history`` contacts, 1 without a prior).
    own_mean, own_dispersion : float
        The seeker's own maximum-likelihood estimates (of the family AIC picked).
    prior_mean, prior_dispersion : float
        The prior shrunk toward; ``prior_source`` says where it came from:
        ``"cohort"`` (pooled over every seeker), ``"default"`` (mean 1, dispersion
        1), ``"given"`` or ``"none"``.
    conversion : float
        Share of people introduced who are then met (right-censoring aware, shrunk
        toward the cohort's or a default of 0.7 with the weight of 5 introductions;
        1 when the seeker keeps no meetings table).
    n_introduced : int
        Introductions the conversion rests on.
    delay_median_days, delay_p90_days : float
        Median and 90th percentile of days from meeting a contact to an
        introduction they make; ``delay_source`` is ``"seeker"``, ``"cohort"`` or
        ``"default"`` (exponential, mean 14 days) and ``n_delays`` the sample size.
    meet_delay_median_days : float
        Median days from an introduction to meeting the person (default
        exponential, mean 7 days).
    ask_uplift : float
        How many times more introductions contacts make when asked for them than
        contacts on average (from meetings' ``asked_for_introductions``; NaN when
        the history cannot tell).
    """

    family: str
    mean: float
    dispersion: float
    n: int
    exposure: float
    introductions: int
    aic_poisson: float
    aic_negbin: float
    weight: float
    own_mean: float
    own_dispersion: float
    prior_mean: float
    prior_dispersion: float
    prior_source: str
    conversion: float
    n_introduced: int
    delay_median_days: float
    delay_p90_days: float
    delay_source: str
    n_delays: int
    meet_delay_median_days: float
    ask_uplift: float
    _delays: object = field(default=None, compare=False)
    _meet_delays: object = field(default=None, compare=False)

    def __repr__(self) -> str:
        disp = "inf" if not math.isfinite(self.dispersion) else f"{self.dispersion:.3g}"
        return (f"OffspringFit(family={self.family!r}, mean={self.mean:.3g}, dispersion={disp}, n={self.n}, "
                f"weight={self.weight:.2f}, conversion={self.conversion:.2f})")

    def pgf(self, s):
        """The probability generating function ``f(s) = E[s**K]`` of the offspring law.

        Poisson: ``exp(mean * (s - 1))``; negative binomial:
        ``(1 + mean * (1 - s) / k) ** -k``. Vectorised over ``s``.
        """
        out = _o.pgf(self.family, self.mean, self.dispersion, s)
        return float(out) if np.ndim(out) == 0 else out

    def sample(self, rng: np.random.Generator, size=None):
        """Draw numbers of introductions from the fitted law with a numpy Generator."""
        if not isinstance(rng, np.random.Generator):
            raise ArgumentTypeError(f"rng must be a numpy.random.Generator, e.g. np.random.default_rng(0) (got {type(rng).__name__})")
        return _o.draw(rng, self.family, self.mean, self.dispersion, size)

    def extinction_probability(self, *, conversion: float | None = None) -> float:
        """Chance that the chain of introductions started by one newly met contact dies out.

        Each introduction is met with probability ``conversion`` (default the fitted
        one; pass 1.0 for the offspring law itself), so the chain's law is the
        offspring law with mean ``mean * conversion``.
        """
        p = self.conversion if conversion is None else _check_prob("conversion", conversion)
        return extinction_probability(self.family, mean=self.mean * p, dispersion=self.dispersion)


def _check_prob(name, value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value <= 1:
        raise OptionError(f"{name} must be a number between 0 and 1 (got {value!r})")
    return float(value)


def _check_int(name, value, minimum) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise OptionError(f"{name} must be an integer >= {minimum} (got {value!r})")
    return int(value)


def _check_net(net) -> None:
    if not isinstance(net, ReferralNetwork):
        raise ArgumentTypeError(f"expected a ReferralNetwork, as returned by referralgraph.load() (got {type(net).__name__})")


def _check_prior(prior):
    if prior is None or (isinstance(prior, str) and prior == "cohort"):
        return prior
    if isinstance(prior, tuple) and len(prior) == 2:
        m, k = prior
        ok_m = isinstance(m, numbers.Real) and not isinstance(m, bool) and math.isfinite(m) and m >= 0
        ok_k = k is None or (isinstance(k, numbers.Real) and not isinstance(k, bool) and k > 0)
        if ok_m and ok_k:
            return (float(m), math.inf if k is None else float(k))
    raise OptionError(f"prior must be 'cohort', None or a (mean, dispersion) pair with mean >= 0 and dispersion > 0 "
                      f"or None for Poisson (got {prior!r})")


def _cutoff(net: ReferralNetwork, rows: slice, as_of) -> int:
    """The forecast's start: the one reference date of docs/metrics.md (the clock's today without dates)."""
    day = reference_date(net, as_of)
    if day is None:
        day = pd.Timestamp.now().normalize()
    return int(np.datetime64(day.to_datetime64(), "D").astype(np.int64))


def _own_and_prior(net, pos, cutoff_day, prior, min_history):
    """Everything fit_offspring needs: the seeker's history, the pooled one, delays, fits."""
    ix = net.index
    rows = ix.rows_of(pos)
    h = _o.history(net, rows, cutoff_day)
    pooled = _o.history(net, slice(0, len(ix)), cutoff_day) if len(ix.seekers) > 1 else None
    delays = _o.pick_delays(h.delays, pooled.delays if pooled else None, _o.DEFAULT_DELAY_MEAN)
    meet_delays = _o.pick_delays(h.meet_delays, pooled.meet_delays if pooled else None,
                                 _o.DEFAULT_MEET_DELAY_MEAN, minimum=1)
    return h, pooled, delays, meet_delays


def _exposure(h, delays):
    age = np.where(h.met_day != _o.NO_DAY, h.cutoff_day - h.met_day, 10**9)
    return delays.cdf(age)


def _fit_history(h, delays):
    e = _exposure(h, delays)
    use = h.met & (e > 0)
    return _o.fit_counts(h.children[use], e[use]), use, e


def _conversion(h, meet_delays):
    intro = (h.generation >= 2) & h.tracks_meetings
    b = np.where(h.edge_day[intro] != _o.NO_DAY, h.cutoff_day - h.edge_day[intro], 10**9)
    g = meet_delays.cdf(b)
    return _o.conversion_mle(h.met[intro], g), float(g.sum()), int(intro.sum())


def _fit(net, pos, cutoff_day, prior, min_history):
    h, pooled, delays, meet_delays = _own_and_prior(net, pos, cutoff_day, prior, min_history)
    own, use, e = _fit_history(h, delays)
    n = int(use.sum())
    exposure = float(e[use].sum())
    family_own = own["family"]
    own_mean = own["negbin_mean"] if family_own == "negbin" else own["poisson_mean"]
    own_k = own["negbin_k"] if family_own == "negbin" else math.inf
    # the prior
    source = "none"
    p_mean, p_k = math.nan, math.nan
    if prior == "cohort":
        source = "default"
        p_mean, p_k = _o.DEFAULT_PRIOR
        if pooled is not None:
            pf, puse, _ = _fit_history(pooled, delays if delays.source == "cohort" else
                                       _o.pick_delays(pooled.delays, None, _o.DEFAULT_DELAY_MEAN))
            if puse.sum() >= min_history and pf["family"] is not None:
                source = "cohort"
                p_mean = pf["negbin_mean"] if pf["family"] == "negbin" else pf["poisson_mean"]
                p_k = pf["negbin_k"] if pf["family"] == "negbin" else math.inf
    elif isinstance(prior, tuple):
        source = "given"
        p_mean, p_k = prior
    if source == "none":
        weight = 1.0
    elif n < min_history or family_own is None:
        weight = 0.0
    else:
        weight = exposure / (exposure + _o.PRIOR_STRENGTH)
    if weight == 0.0:
        mean, k = p_mean, p_k
    elif weight == 1.0:
        mean = own_mean if family_own is not None else 0.0
        k = own_k if family_own is not None else math.inf
    else:
        mean = weight * own_mean + (1 - weight) * p_mean
        alpha = weight * (1 / own_k) + (1 - weight) * (1 / p_k)  # 1/inf == 0: Poisson
        k = 1 / alpha if alpha > 0 else math.inf
    family = "poisson" if not math.isfinite(k) else "negbin"

    # conversion: the seeker's own, shrunk toward the cohort's (or the default)
    tracks = bool(h.tracks_meetings.any()) if len(h.rows) else bool(len(net._meetings))
    if not tracks and len(h.rows):
        conversion, n_intro = 1.0, int((h.generation >= 2).sum())
    else:
        p_hat, g_sum, n_intro = _conversion(h, meet_delays)
        p0 = _o.DEFAULT_CONVERSION
        if pooled is not None:
            pp, pg, _ = _conversion(pooled, meet_delays)
            if pg >= _o.CONVERSION_STRENGTH and not math.isnan(pp):
                p0 = pp
        conversion = p0 if math.isnan(p_hat) else (g_sum * p_hat + _o.CONVERSION_STRENGTH * p0) / (g_sum + _o.CONVERSION_STRENGTH)

    # what asking is worth: exposure-adjusted rate of asked contacts over all contacts
    uplift = math.nan
    if h.asked_known and n:
        a = use & h.asked
        rate_all = h.children[use].sum() / e[use].sum()
        if a.sum() >= min_history and rate_all > 0:
            uplift = float(np.clip((h.children[a].sum() / e[a].sum()) / rate_all, 1.0, _o.MAX_ASK_UPLIFT))
            if (use & ~h.asked).sum() == 0:
                uplift = 1.0
    d = delays.sample
    return OffspringFit(
        family=family, mean=float(mean), dispersion=float(k), n=n, exposure=exposure,
        introductions=int(h.children[use].sum()), aic_poisson=float(own["aic_poisson"]),
        aic_negbin=float(own["aic_negbin"]), weight=float(weight),
        own_mean=float(own_mean) if family_own is not None else math.nan,
        own_dispersion=float(own_k) if family_own is not None else math.nan,
        prior_mean=float(p_mean), prior_dispersion=float(p_k), prior_source=source,
        conversion=float(conversion), n_introduced=int(n_intro),
        delay_median_days=float(np.median(d)), delay_p90_days=float(np.quantile(d, 0.9)),
        delay_source=delays.source, n_delays=int(len(h.delays)),
        meet_delay_median_days=float(np.median(meet_delays.sample)), ask_uplift=uplift,
        _delays=delays, _meet_delays=meet_delays,
    ), h


def fit_offspring(net, *, seeker: str | None = None, as_of=None, prior="cohort", min_history: int = 5) -> OffspringFit:
    """Fit the law of how many introductions a contact makes once met.

    Parameters
    ----------
    net : ReferralNetwork
        The network (not changed).
    seeker : str, optional
        Whose history; ``None`` means the only seeker.
    as_of : date-like, optional
        Fit on what was known at the end of this day. By default the one reference
        date of docs/metrics.md, as :func:`forecast`.
    prior : "cohort", None or (mean, dispersion), default "cohort"
        What a thin history is shrunk toward. ``"cohort"``: the estimate pooled
        over every seeker when the network has several, else the default prior
        (mean 1.0, dispersion 1.0). A pair gives the prior yourself (dispersion
        ``None`` for Poisson). ``None``: no shrinkage, the seeker's own estimate.
    min_history : int, default 5
        Contacts met (with some time to introduce) below which the seeker's own
        estimate gets no weight at all.

    Returns
    -------
    OffspringFit
        ``family``, ``mean``, ``dispersion``, ``n``, AICs of both families,
        shrinkage ``weight``, delay summary, ``conversion``; methods ``pgf``,
        ``sample`` and ``extinction_probability``.

    Raises
    ------
    TypeError
        If ``net`` is not a ReferralNetwork.
    SeekerNotFound
        If ``seeker`` is not a seeker (or is ``None`` in a cohort).
    OptionError
        If ``as_of`` is not a date, ``prior`` or ``min_history`` is invalid (a ``ValueError``).

    See Also
    --------
    forecast : simulates the network's growth with this fit.
    extinction_probability : the chance a chain of introductions dies out.

    Notes
    -----
    Every contact met is a parent in a Galton-Watson branching process [1]_: it
    introduces a random number ``K`` of people. ``K`` is Poisson with mean ``m``
    or negative binomial with mean ``m`` and shape ``k`` (variance
    ``m + m**2 / k``), the usual model of uneven offspring where a few
    "superspreaders" account for most of the growth [2]_.

    Recent contacts have not had time to introduce everybody they will
    (right-censoring). Their counts are fitted with an exposure
    ``e = F(age)``, the share of the meeting-to-introduction delay distribution
    ``F`` already elapsed: ``K_observed ~ Poisson(m e)`` or
    ``NegBin(mean m e, shape k)``, by maximum likelihood (closed form for
    Poisson; profile likelihood over ``k`` otherwise). The family with the lower
    AIC is kept.

    Thin histories are shrunk toward the prior: ``w = E / (E + 10)`` with ``E``
    the summed exposure; ``mean = w m_own + (1 - w) m_prior`` and, on the
    overdispersion ``1/k``, ``1/k = w / k_own + (1 - w) / k_prior`` (``1/k = 0``
    for Poisson), so a Poisson fit stays Poisson only if the prior is Poisson too.

    References
    ----------
    .. [1] Harris, T. E. (1963). *The Theory of Branching Processes*. Springer.
    .. [2] Lloyd-Smith, J. O., Schreiber, S. J., Kopp, P. E., & Getz, W. M. (2005).
       Superspreading and the effect of individual variation on disease
       emergence. *Nature*, 438, 355-359.

    Examples
    --------
    >>> contacts = pd.DataFrame({"name": ["Me", "Ann", "Bo", "Cy", "Di"], "is_seeker": ["y", "", "", "", ""]})
    >>> intros = pd.DataFrame({"introducer": ["Ann", "Ann", "Bo"], "introduced": ["Bo", "Cy", "Di"],
    ...                        "date": ["2026-01-10", "2026-01-20", "2026-02-01"]})
    >>> meetings = pd.DataFrame({"contact": ["Ann", "Bo", "Cy"],
    ...                          "date": ["2026-01-05", "2026-01-15", "2026-01-25"]})
    >>> fit = rg.fit_offspring(rg.from_frames(contacts, intros, meetings), as_of="2026-04-01", min_history=2)
    >>> fit.n, fit.introductions, fit.prior_source
    (3, 3, 'default')
    >>> round(fit.weight, 2)  # 3 contacts' history against a prior worth 10
    0.23
    """
    _check_net(net)
    prior = _check_prior(prior)
    min_history = _check_int("min_history", min_history, 0)
    pos = net.seeker_position(seeker)
    cutoff_day = _cutoff(net, net.index.rows_of(pos), as_of)
    return _fit(net, pos, cutoff_day, prior, min_history)[0]


def extinction_probability(law, *, mean: float | None = None, dispersion: float | None = None) -> float:
    """The chance that a chain of introductions started by one person dies out.

    Parameters
    ----------
    law : OffspringFit or {"poisson", "negbin", "geometric"}
        A fitted law (then ``mean`` and ``dispersion`` default to its own, and its
        conversion is *not* applied: use :meth:`OffspringFit.extinction_probability`
        for that), or a family name. ``"geometric"`` is the negative binomial with
        shape 1.
    mean : float, optional
        Mean offspring; required with a family name.
    dispersion : float, optional
        Negative binomial shape ``k`` (required for ``"negbin"``).

    Returns
    -------
    float
        The smallest root ``q`` between 0 and 1 of ``q = f(q)``, ``f`` the probability
        generating function; 1 when ``mean <= 1``.

    Raises
    ------
    OptionError
        If the family is unknown, or ``mean`` / ``dispersion`` are missing or out of range.

    Notes
    -----
    A Galton-Watson process dies out with probability ``q``, the smallest fixed
    point of the offspring generating function between 0 and 1 [1]_; it is 1 exactly
    when the mean is at most 1 (for any law other than "always exactly one").
    ``q`` is found by iterating ``q_{n+1} = f(q_n)`` from ``q_0 = 0`` (``q_n`` is the
    chance of dying out by generation ``n``), finished with Newton steps when the
    iteration is slow near ``mean = 1``. Known answers: Poisson(2) gives
    0.2032; the geometric law with mean ``m > 1`` gives ``1 / m``.

    References
    ----------
    .. [1] Harris, T. E. (1963). *The Theory of Branching Processes*. Springer, ch. I.

    Examples
    --------
    >>> round(rg.extinction_probability("poisson", mean=2.0), 4)
    0.2032
    >>> round(rg.extinction_probability("geometric", mean=4.0), 4)
    0.25
    >>> rg.extinction_probability("negbin", mean=0.9, dispersion=0.5)
    1.0
    """
    if isinstance(law, OffspringFit):
        family = law.family
        mean = law.mean if mean is None else mean
        k = law.dispersion if dispersion is None else dispersion
    elif law in ("poisson", "negbin", "geometric"):
        family = law
        if law == "geometric":
            family, k = "negbin", 1.0
        elif law == "negbin":
            k = dispersion
            if k is None:
                raise OptionError("the negbin family needs dispersion (its shape k > 0); got None")
        else:
            k = math.inf
    else:
        raise OptionError(f"law must be an OffspringFit or one of 'poisson', 'negbin', 'geometric' (got {law!r})")
    if mean is None or isinstance(mean, bool) or not isinstance(mean, numbers.Real) or not math.isfinite(mean) or mean < 0:
        raise OptionError(f"mean must be a finite number >= 0 (got {mean!r})")
    if isinstance(k, bool) or not isinstance(k, numbers.Real) or not k > 0:
        raise OptionError(f"dispersion must be a number > 0 (got {k!r})")
    return float(_o.extinction(family, float(mean), float(k)))


# ---------------------------------------------------------------- scenarios
@dataclass(frozen=True)
class WhatIf:
    """A scenario for :func:`forecast`.

    Parameters
    ----------
    ask_every_contact : bool, default False
        Ask every contact for introductions: new contacts, and contacts already met
        who were never asked, introduce ``ask_uplift`` times as many people (the
        fitted :attr:`OffspringFit.ask_uplift`, or 1.5 with a warning when the
        history cannot measure it).
    conversion : float, optional
        Share of people introduced that get met, instead of the fitted one.
    new_contacts_per_week : float, optional
        New direct ("cold") contacts per week, on average (Poisson). ``None``
        keeps the pace of the last 8 weeks of the history; ``0`` stops it.

    Raises
    ------
    OptionError
        If a value is out of range.

    Examples
    --------
    >>> rg.WhatIf(conversion=0.9, new_contacts_per_week=3)
    WhatIf(ask_every_contact=False, conversion=0.9, new_contacts_per_week=3.0)
    """

    ask_every_contact: bool = False
    conversion: float | None = None
    new_contacts_per_week: float | None = None

    def __post_init__(self):
        if self.ask_every_contact not in (True, False):
            raise OptionError(f"ask_every_contact must be True or False (got {self.ask_every_contact!r})")
        if self.conversion is not None:
            object.__setattr__(self, "conversion", _check_prob("conversion", self.conversion))
        n = self.new_contacts_per_week
        if n is not None:
            if isinstance(n, bool) or not isinstance(n, numbers.Real) or not math.isfinite(n) or n < 0:
                raise OptionError(f"new_contacts_per_week must be a number >= 0 or None (got {n!r})")
            object.__setattr__(self, "new_contacts_per_week", float(n))


def _check_seed(seed):
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0):
        raise OptionError(f"seed must be a non-negative integer or None (got {seed!r})")
    return seed


def _run(net, pos, cutoff_day, *, weeks, simulations, seed, what_if, prior, min_history):
    """Fit, simulate and tabulate; shared by forecast and backtest."""
    fit, h = _fit(net, pos, cutoff_day, prior, min_history)
    what_if = what_if or WhatIf()
    delays, meet_delays = fit._delays, fit._meet_delays
    conversion = fit.conversion if what_if.conversion is None else what_if.conversion
    mean_new, uplift_unasked = fit.mean, 1.0
    if what_if.ask_every_contact:
        uplift = fit.ask_uplift
        if math.isnan(uplift):
            warnings.warn(f"the history cannot measure what asking for introductions is worth (it needs "
                          f"asked_for_introductions in the meetings, with at least {min_history} contacts asked); "
                          f"assuming asked contacts introduce {_o.DEFAULT_ASK_UPLIFT} times as many people",
                          UserWarning, stacklevel=3)
            uplift = _o.DEFAULT_ASK_UPLIFT
        mean_new, uplift_unasked = fit.mean * uplift, uplift
    per_day, direct_met = _o.direct_pace(h)
    if what_if.new_contacts_per_week is not None:
        per_day = what_if.new_contacts_per_week / 7
    start = _o.start_state(h, None, family=fit.family, mean=fit.mean, k=fit.dispersion, conversion=conversion,
                           delays=delays, meet_delays=meet_delays, uplift_unasked=uplift_unasked)
    q_state, q_new = _o.state_extinction(start, family=fit.family, mean=mean_new, k=fit.dispersion,
                                         conversion=conversion, delays=delays, meet_delays=meet_delays)
    days = 7 * weeks
    root = np.random.default_rng(seed)
    chains_rng, cold_rng = root.spawn(2)
    law = {"family": fit.family, "mean": mean_new, "k": fit.dispersion, "conversion": conversion,
           "delays": delays, "meet_delays": meet_delays}
    chains = _o.simulate(chains_rng, sims=simulations, days=days, start=start, **law)
    contacts, met = chains["contacts"], chains["met"]
    if per_day > 0:
        cold = _o.simulate(cold_rng, sims=simulations, days=days, start=None, immigrants_per_day=per_day,
                           immigrant_met=direct_met, **law)
        contacts, met = contacts + cold["contacts"], met + cold["met"]
    base = int(len(h.rows))
    base_met = int(h.met.sum())
    at = np.arange(weeks + 1) * 7
    cum = base + np.cumsum(contacts, axis=1)[:, at]
    cum_met = base_met + np.cumsum(met, axis=1)[:, at]
    lo, med, hi = np.quantile(cum, [0.1, 0.5, 0.9], axis=0, method="inverted_cdf")
    mlo, mmed, mhi = np.quantile(cum_met, [0.1, 0.5, 0.9], axis=0, method="inverted_cdf")
    start_day = _o.to_timestamp(cutoff_day)
    table = pd.DataFrame({
        "week": np.arange(weeks + 1),
        "date": pd.DatetimeIndex([start_day + pd.Timedelta(days=int(d)) for d in at]).as_unit("ns"),
        "median": med.astype(np.int64), "low": lo.astype(np.int64), "high": hi.astype(np.int64),
        "mean": cum.mean(axis=0),
        "met_median": mmed.astype(np.int64), "met_low": mlo.astype(np.int64), "met_high": mhi.astype(np.int64),
        "p_extinct": 1.0 - chains["alive"][:, at].mean(axis=0),
    })
    table.attrs.update({
        "seeker": net.seekers[pos], "as_of": start_day, "fit": fit, "conversion": conversion,
        "extinction_probability": q_state, "extinction_probability_new_contact": q_new,
        "reproduction_number": mean_new * conversion,
        "new_contacts_per_week": per_day * 7, "what_if": what_if, "simulations": simulations, "seed": seed,
        "history": _history_table(h, cutoff_day),
    })
    return table, h


def _history_table(h, cutoff_day) -> pd.DataFrame:
    """Contacts known at the end of each week up to the cutoff (the weeks end on the cutoff's weekday)."""
    dated = h.edge_day[h.edge_day != _o.NO_DAY]
    if h.first_day == _o.NO_DAY or not len(dated):
        return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "contacts": pd.Series(dtype=np.int64)})
    undated = int((h.edge_day == _o.NO_DAY).sum())
    n_weeks = (cutoff_day - int(dated.min())) // 7 + 1
    ends = cutoff_day - 7 * np.arange(n_weeks)[::-1]
    counts = np.searchsorted(np.sort(dated), ends, side="right") + undated
    return pd.DataFrame({"date": pd.DatetimeIndex(ends.astype("datetime64[D]")).as_unit("ns"), "contacts": counts})


def forecast(net, *, seeker: str | None = None, weeks: int = 12, simulations: int = 2000, seed: int | None = 0,
             as_of=None, what_if: WhatIf | None = None, prior="cohort", min_history: int = 5) -> pd.DataFrame:
    """Project how many contacts the network will have, week by week, with an 80% interval.

    Parameters
    ----------
    net : ReferralNetwork
        The network (not changed).
    seeker : str, optional
        Whose network; ``None`` means the only seeker.
    weeks : int, default 12
        Horizon in weeks.
    simulations : int, default 2000
        Simulated futures; more gives smoother quantiles.
    seed : int or None, default 0
        Seed of :func:`numpy.random.default_rng`: the same seed gives the same table.
    as_of : date-like, optional
        Start from what was known at the end of this day. By default the one
        reference date of docs/metrics.md (the latest date in the data that is
        not in the future), the same as :func:`referralgraph.report`.
    what_if : WhatIf, optional
        A scenario: ask every contact, another conversion rate, a pace of new cold
        contacts. By default things go on as they have.
    prior, min_history
        As for :func:`fit_offspring`.

    Returns
    -------
    pandas.DataFrame
        One row per week, week 0 being ``as_of``:

        - ``week``, ``date`` (end of the week);
        - ``median``, ``low``, ``high``, ``mean``: contacts in the network (people
          reached, met or not), median, 10th and 90th percentiles (an 80%
          interval) and mean over the simulations;
        - ``met_median``, ``met_low``, ``met_high``: the same for contacts met;
        - ``p_extinct``: share of simulations in which the chains of introductions
          from the people known at ``as_of`` have stopped by then (nothing left
          scheduled). New cold contacts start chains of their own and are not in it.

        ``attrs`` holds ``fit`` (the :class:`OffspringFit`), ``conversion``,
        ``extinction_probability`` (the exact chance those chains eventually die
        out), ``extinction_probability_new_contact`` (the same for one newly met
        contact), ``reproduction_number`` (further meetings each meeting leads to,
        ``mean x conversion`` under the scenario), ``new_contacts_per_week`` (the pace of cold contacts used),
        ``what_if``, ``seeker``, ``as_of``, ``simulations``, ``seed`` and
        ``history`` (contacts at the end of each past week: ``date``, ``contacts``),
        which :func:`referralgraph.plot_forecast` draws.

    Raises
    ------
    TypeError
        If ``net`` is not a ReferralNetwork or ``what_if`` is not a WhatIf.
    SeekerNotFound
        If ``seeker`` is not a seeker (or is ``None`` in a cohort).
    OptionError
        If ``weeks`` or ``simulations`` is not a positive integer, ``seed`` is not
        a non-negative integer, or ``as_of`` is not a date (a ``ValueError``).

    See Also
    --------
    fit_offspring : the fitted law.
    backtest : how well this forecast did on the seeker's own past.
    referralgraph.plot_forecast : the fan chart of this table.

    Notes
    -----
    The model is a Galton-Watson branching process [1]_ run in days and reported
    by week:

    1. each contact met introduces ``K`` people, ``K`` drawn from the fitted law
       (:func:`fit_offspring`; Poisson or negative binomial [2]_);
    2. each introduction happens a delay after the meeting, drawn from the
       seeker's observed meeting-to-introduction delays (the cohort's, or an
       exponential with mean 14 days, when fewer than 10 are known);
    3. each person introduced is met with probability ``conversion``, after a
       delay drawn from the observed introduction-to-meeting delays (default:
       exponential, mean 7 days), and then introduces people in turn;
    4. contacts already met carry on: one met ``a`` days ago who introduced ``c``
       people so far still introduces ``Poisson(m (1 - F(a)))`` people, or for the
       negative binomial ``NegBin(shape k + c, rate k/m + F(a))`` (their own
       rate updated by what they did: a connector stays a connector), at delays
       beyond ``a``; introductions still waiting for a meeting are met with
       probability ``p (1 - G(b)) / (1 - p G(b))``;
    5. new cold contacts arrive at the pace of the last 8 weeks (Poisson), and
       are met at the observed share.

    All simulations advance together: per day, the offspring of the ``n``
    contacts met is one draw per simulation (a sum of ``n`` Poisson or negative
    binomial variables is again one), spread over delays by one multinomial draw.

    ``extinction_probability`` is exact for the model: with ``q`` the chance
    that one newly met person's chain dies out (the smallest root of
    ``q = f(1 - p + p q)``), it is the product over everyone's remaining
    offspring of their generating functions at ``1 - p + p q``.

    References
    ----------
    .. [1] Harris, T. E. (1963). *The Theory of Branching Processes*. Springer.
    .. [2] Lloyd-Smith, J. O., Schreiber, S. J., Kopp, P. E., & Getz, W. M. (2005).
       Superspreading and the effect of individual variation on disease
       emergence. *Nature*, 438, 355-359.

    Examples
    --------
    >>> contacts = pd.DataFrame({"name": ["Me", "Ann", "Bo", "Cy"], "is_seeker": ["y", "", "", ""]})
    >>> intros = pd.DataFrame({"introducer": ["Ann", "Ann"], "introduced": ["Bo", "Cy"],
    ...                        "date": ["2026-03-10", "2026-03-20"]})
    >>> meetings = pd.DataFrame({"contact": ["Ann", "Bo"], "date": ["2026-03-02", "2026-03-15"]})
    >>> net = rg.from_frames(contacts, intros, meetings)
    >>> table = rg.forecast(net, weeks=4, simulations=500, seed=1)
    >>> table.columns.tolist()
    ['week', 'date', 'median', 'low', 'high', 'mean', 'met_median', 'met_low', 'met_high', 'p_extinct']
    >>> table.loc[0, ["median", "low", "high"]].tolist()
    [3, 3, 3]
    >>> bool((table["low"] <= table["median"]).all() and (table["median"] <= table["high"]).all())
    True
    >>> table.equals(rg.forecast(net, weeks=4, simulations=500, seed=1))
    True
    """
    _check_net(net)
    weeks = _check_int("weeks", weeks, 1)
    simulations = _check_int("simulations", simulations, 1)
    seed = _check_seed(seed)
    if what_if is not None and not isinstance(what_if, WhatIf):
        raise ArgumentTypeError(f"what_if must be a WhatIf, e.g. rg.WhatIf(conversion=0.8) (got {type(what_if).__name__})")
    prior = _check_prior(prior)
    min_history = _check_int("min_history", min_history, 0)
    pos = net.seeker_position(seeker)
    cutoff_day = _cutoff(net, net.index.rows_of(pos), as_of)
    return _run(net, pos, cutoff_day, weeks=weeks, simulations=simulations, seed=seed, what_if=what_if,
                prior=prior, min_history=min_history)[0]


def backtest(net, *, seeker: str | None = None, split: float = 0.6, weeks: int | None = None,
             simulations: int = 2000, seed: int | None = 0, prior="cohort", min_history: int = 5) -> pd.DataFrame:
    """Check the forecast against the seeker's own past: fit on the first part, project the rest.

    Parameters
    ----------
    net : ReferralNetwork
        The network (not changed).
    seeker : str, optional
        Whose history; ``None`` means the only seeker.
    split : float, default 0.6
        Where to cut, as a fraction of the time between the first and last dated
        records of the seeker's network (0 < split < 1).
    weeks : int, optional
        Weeks to project; by default up to the last dated record.
    simulations, seed, prior, min_history
        As for :func:`forecast`.

    Returns
    -------
    pandas.DataFrame
        One row per week after the cut (week 0 is the cut): ``week``, ``date``,
        ``actual`` (contacts known by then), the forecast's ``median``, ``low``
        and ``high``, ``inside_interval`` (``low <= actual <= high``),
        ``abs_error`` (``|median - actual|``), and the growth since the cut:
        ``actual_new`` and ``median_new``.
        ``attrs["summary"]`` holds ``mape`` (mean absolute percentage error of the
        totals, weeks 1 on), ``mape_new`` (of the growth since the cut, over weeks
        where it is not zero), ``coverage`` (share of weeks 1 on inside the 80%
        interval), ``mean_abs_error``, ``cutoff`` and ``weeks``;
        ``attrs["forecast"]`` the forecast table.

    Raises
    ------
    TypeError
        If ``net`` is not a ReferralNetwork.
    SeekerNotFound
        If ``seeker`` is not a seeker (or is ``None`` in a cohort).
    OptionError
        If ``split`` is not strictly between 0 and 1, ``weeks`` or ``simulations``
        is not a positive integer, or the history spans less than two weeks.

    See Also
    --------
    forecast : the projection checked here.

    Notes
    -----
    Only what was known at the cut is used: tree edges, meetings and asks dated
    after it are invisible to the fit (undated records count as known). With one
    seeker the backtest is a single path, so one week's error says little; the
    coverage over many seekers (``docs/forecast.md``) is the real check of the
    80% interval.

    References
    ----------
    .. [1] Hyndman, R. J., & Athanasopoulos, G. (2021). *Forecasting: Principles
       and Practice* (3rd ed.), ch. 5.10 (time series cross-validation). OTexts.

    Examples
    --------
    >>> net = rg.synthetic_cohort(n_seekers=1, n_contacts=150, seed=3)
    >>> bt = rg.backtest(net, simulations=300)
    >>> bt.columns.tolist()[:6]
    ['week', 'date', 'actual', 'median', 'low', 'high']
    >>> sorted(bt.attrs["summary"])
    ['coverage', 'cutoff', 'mape', 'mape_new', 'mean_abs_error', 'weeks']
    """
    _check_net(net)
    if isinstance(split, bool) or not isinstance(split, numbers.Real) or not 0 < split < 1:
        raise OptionError(f"split must be a number strictly between 0 and 1 (got {split!r})")
    if weeks is not None:
        weeks = _check_int("weeks", weeks, 1)
    simulations = _check_int("simulations", simulations, 1)
    seed = _check_seed(seed)
    prior = _check_prior(prior)
    min_history = _check_int("min_history", min_history, 0)
    pos = net.seeker_position(seeker)
    rows = net.index.rows_of(pos)
    last = _o.latest_day(net, rows)
    full = _o.history(net, rows, last if last is not None else 0)
    if last is None or full.first_day == _o.NO_DAY or last - full.first_day < 14:
        span = 0 if last is None or full.first_day == _o.NO_DAY else last - full.first_day
        raise OptionError(f"a backtest needs a dated history of at least 14 days; expected more, got {span} days "
                          f"for seeker {net.seekers[pos]!r}")
    cut = full.first_day + int(math.floor(split * (last - full.first_day)))
    if weeks is None:
        weeks = max(1, math.ceil((last - cut) / 7))
    table, h = _run(net, pos, cut, weeks=weeks, simulations=simulations, seed=seed, what_if=None,
                    prior=prior, min_history=min_history)
    ends = cut + 7 * table["week"].to_numpy()
    edge = full.edge_day
    actual = np.searchsorted(np.sort(edge[edge != _o.NO_DAY]), ends, side="right") + int((edge == _o.NO_DAY).sum())
    out = pd.DataFrame({
        "week": table["week"], "date": table["date"], "actual": actual.astype(np.int64),
        "median": table["median"], "low": table["low"], "high": table["high"],
    })
    out["inside_interval"] = (out["low"] <= out["actual"]) & (out["actual"] <= out["high"])
    out["abs_error"] = (out["median"] - out["actual"]).abs()
    out["actual_new"] = out["actual"] - int(out["actual"].iat[0])
    out["median_new"] = out["median"] - int(out["median"].iat[0])
    later = out[out["week"] >= 1]
    nz = later[later["actual_new"] > 0]
    out.attrs["summary"] = {
        "mape": float((later["abs_error"] / later["actual"].clip(lower=1)).mean()),
        "mape_new": float(((nz["median_new"] - nz["actual_new"]).abs() / nz["actual_new"]).mean()) if len(nz) else math.nan,
        "coverage": float(later["inside_interval"].mean()),
        "mean_abs_error": float(later["abs_error"].mean()),
        "cutoff": _o.to_timestamp(cut), "weeks": int(weeks),
    }
    out.attrs["forecast"] = table
    return out
