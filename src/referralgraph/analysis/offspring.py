"""The offspring law of a network: how many people a contact introduces once met, fitted with its uncertainty."""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field

import numpy as np

from .._docstrings import share_docs
from .. import _clock
from ..model import ReferralNetwork
from . import _offspring as _o
from .facts import reference_date
from ..exceptions import ArgumentTypeError, OptionError

__all__ = ["OffspringFit", "fit_offspring", "extinction_probability"]


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
        return (
            f"OffspringFit(family={self.family!r}, mean={self.mean:.3g}, dispersion={disp}, n={self.n}, "
            f"weight={self.weight:.2f}, conversion={self.conversion:.2f})"
        )

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
            raise ArgumentTypeError(
                f"rng must be a numpy.random.Generator, e.g. np.random.default_rng(0) (got {type(rng).__name__})"
            )
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
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= float(value) <= 1:
        raise OptionError(f"{name} must be a number between 0 and 1 (got {value!r})")
    return float(value)


def _check_int(name, value, minimum) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise OptionError(f"{name} must be an integer >= {minimum} (got {value!r})")
    return int(value)


def _check_net(net) -> None:
    if not isinstance(net, ReferralNetwork):
        raise ArgumentTypeError(
            f"expected a ReferralNetwork, as returned by referralgraph.load() (got {type(net).__name__})"
        )


def _check_prior(prior):
    if prior is None or (isinstance(prior, str) and prior == "cohort"):
        return prior
    if isinstance(prior, tuple) and len(prior) == 2:
        m, k = prior
        ok_m = isinstance(m, numbers.Real) and not isinstance(m, bool) and math.isfinite(m) and float(m) >= 0
        ok_k = k is None or (isinstance(k, numbers.Real) and not isinstance(k, bool) and float(k) > 0)
        if ok_m and ok_k:
            return (float(m), math.inf if k is None else float(k))
    raise OptionError(
        f"prior must be 'cohort', None or a (mean, dispersion) pair with mean >= 0 and dispersion > 0 "
        f"or None for Poisson (got {prior!r})"
    )


def _cutoff(net: ReferralNetwork, rows: slice, as_of) -> int:
    """The forecast's start: the one reference date of docs/metrics.md (the clock's today without dates)."""
    day = reference_date(net, as_of)
    if day is None:
        day = _clock.today()
    return int(np.datetime64(day.to_datetime64(), "D").astype(np.int64))


def _own_and_prior(net, pos, cutoff_day, prior, min_history):
    """Everything fit_offspring needs: the seeker's history, the pooled one, delays, fits."""
    ix = net.index
    rows = ix.rows_of(pos)
    h = _o.history(net, rows, cutoff_day)
    pooled = _o.history(net, slice(0, len(ix)), cutoff_day) if len(ix.seekers) > 1 else None
    delays = _o.pick_delays(h.delays, pooled.delays if pooled else None, _o.DEFAULT_DELAY_MEAN)
    meet_delays = _o.pick_delays(
        h.meet_delays, pooled.meet_delays if pooled else None, _o.DEFAULT_MEET_DELAY_MEAN, minimum=1
    )
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


def fit(net, pos, cutoff_day, prior, min_history):
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
            pf, puse, _ = _fit_history(
                pooled,
                delays if delays.source == "cohort" else _o.pick_delays(pooled.delays, None, _o.DEFAULT_DELAY_MEAN),
            )
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
    tracks = bool(h.tracks_meetings.any()) if len(h.rows) else bool(len(net.table("meetings")))
    if not tracks and len(h.rows):
        conversion, n_intro = 1.0, int((h.generation >= 2).sum())
    else:
        p_hat, g_sum, n_intro = _conversion(h, meet_delays)
        p0 = _o.DEFAULT_CONVERSION
        if pooled is not None:
            pp, pg, _ = _conversion(pooled, meet_delays)
            if pg >= _o.CONVERSION_STRENGTH and not math.isnan(pp):
                p0 = pp
        conversion = (
            p0
            if math.isnan(p_hat)
            else (g_sum * p_hat + _o.CONVERSION_STRENGTH * p0) / (g_sum + _o.CONVERSION_STRENGTH)
        )

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
        family=family,
        mean=float(mean),
        dispersion=float(k),
        n=n,
        exposure=exposure,
        introductions=int(h.children[use].sum()),
        aic_poisson=float(own["aic_poisson"]),
        aic_negbin=float(own["aic_negbin"]),
        weight=float(weight),
        own_mean=float(own_mean) if family_own is not None else math.nan,
        own_dispersion=float(own_k) if family_own is not None else math.nan,
        prior_mean=float(p_mean),
        prior_dispersion=float(p_k),
        prior_source=source,
        conversion=float(conversion),
        n_introduced=int(n_intro),
        delay_median_days=float(np.median(d)),
        delay_p90_days=float(np.quantile(d, 0.9)),
        delay_source=delays.source,
        n_delays=int(len(h.delays)),
        meet_delay_median_days=float(np.median(meet_delays.sample)),
        ask_uplift=uplift,
        _delays=delays,
        _meet_delays=meet_delays,
    ), h


@share_docs
def fit_offspring(net, *, seeker: str | None = None, as_of=None, prior="cohort", min_history: int = 5) -> OffspringFit:
    """Fit the law of how many introductions a contact makes once met.

    Parameters
    ----------
    {net}
    seeker : str, optional
        Whose history. ``None`` means the only seeker; a network with several seekers needs
        it.
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
    {raises_net_seeker_cohort}
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

    {references_branching}

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
    return fit(net, pos, cutoff_day, prior, min_history)[0]


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
            if dispersion is None:
                raise OptionError("the negbin family needs dispersion (its shape k > 0); got None")
            k = dispersion
        else:
            k = math.inf
    else:
        raise OptionError(f"law must be an OffspringFit or one of 'poisson', 'negbin', 'geometric' (got {law!r})")
    if (
        mean is None
        or isinstance(mean, bool)
        or not isinstance(mean, numbers.Real)
        or not math.isfinite(mean)
        or mean < 0
    ):
        raise OptionError(f"mean must be a finite number >= 0 (got {mean!r})")
    if isinstance(k, bool) or not isinstance(k, numbers.Real) or not k > 0:
        raise OptionError(f"dispersion must be a number > 0 (got {k!r})")
    return float(_o.extinction(family, float(mean), float(k)))
