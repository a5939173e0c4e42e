"""Where a network is heading: a fitted branching process, simulated week by week, and its backtest."""

from __future__ import annotations

import math
import numbers
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._docstrings import share_docs
from . import _offspring as _o
from .offspring import (
    OffspringFit,  # noqa: F401
    _check_int,
    _check_net,
    _check_prior,
    _check_prob,
    _cutoff,  # noqa: F401 (OffspringFit: the old import path)
    extinction_probability,  # noqa: F401
    fit_offspring,  # noqa: F401
)
from .offspring import fit as _fit
from .facts import facts, resolve
from ..exceptions import ArgumentTypeError, OptionError, ReferralGraphWarning

__all__ = [
    "WhatIf",
    "forecast",
    "backtest",
    "FORECAST_COLUMNS",
    "BACKTEST_COLUMNS",
]

#: columns of :func:`forecast`, in order
FORECAST_COLUMNS = ["week", "date", "median", "low", "high", "mean", "met_median", "met_low", "met_high", "p_extinct"]
#: columns of :func:`backtest`, in order
BACKTEST_COLUMNS = [
    "week",
    "date",
    "actual",
    "median",
    "low",
    "high",
    "inside_interval",
    "abs_error",
    "actual_new",
    "median_new",
]


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
            warnings.warn(
                f"the history cannot measure what asking for introductions is worth (it needs "
                f"asked_for_introductions in the meetings, with at least {min_history} contacts asked); "
                f"assuming asked contacts introduce {_o.DEFAULT_ASK_UPLIFT} times as many people",
                ReferralGraphWarning,
                stacklevel=3,
            )
            uplift = _o.DEFAULT_ASK_UPLIFT
        mean_new, uplift_unasked = fit.mean * uplift, uplift
    per_day, direct_met = _o.direct_pace(h)
    if what_if.new_contacts_per_week is not None:
        per_day = what_if.new_contacts_per_week / 7
    start = _o.start_state(
        h,
        None,
        family=fit.family,
        mean=fit.mean,
        k=fit.dispersion,
        conversion=conversion,
        delays=delays,
        meet_delays=meet_delays,
        uplift_unasked=uplift_unasked,
    )
    q_state, q_new = _o.state_extinction(
        start,
        family=fit.family,
        mean=mean_new,
        k=fit.dispersion,
        conversion=conversion,
        delays=delays,
        meet_delays=meet_delays,
    )
    days = 7 * weeks
    root = np.random.default_rng(seed)
    chains_rng, cold_rng = root.spawn(2)
    law = {
        "family": fit.family,
        "mean": mean_new,
        "k": fit.dispersion,
        "conversion": conversion,
        "delays": delays,
        "meet_delays": meet_delays,
    }
    chains = _o.simulate(chains_rng, sims=simulations, days=days, start=start, **law)
    contacts, met = chains["contacts"], chains["met"]
    if per_day > 0:
        cold = _o.simulate(
            cold_rng,
            sims=simulations,
            days=days,
            start=None,
            immigrants_per_day=per_day,
            immigrant_met=direct_met,
            **law,
        )
        contacts, met = contacts + cold["contacts"], met + cold["met"]
    base = int(len(h.rows))
    base_met = _met_now(net, pos, cutoff_day)  # as the report counts them; the model's "met" also infers
    at = np.arange(weeks + 1) * 7
    cum = base + np.cumsum(contacts, axis=1)[:, at]
    cum_met = base_met + np.cumsum(met, axis=1)[:, at]
    lo, med, hi = np.quantile(cum, [0.1, 0.5, 0.9], axis=0, method="inverted_cdf")
    mlo, mmed, mhi = np.quantile(cum_met, [0.1, 0.5, 0.9], axis=0, method="inverted_cdf")
    start_day = _o.to_timestamp(cutoff_day)
    table = pd.DataFrame(
        {
            "week": np.arange(weeks + 1),
            "date": pd.DatetimeIndex([start_day + pd.Timedelta(days=int(d)) for d in at]).as_unit("ns"),
            "median": med.astype(np.int64),
            "low": lo.astype(np.int64),
            "high": hi.astype(np.int64),
            "mean": cum.mean(axis=0),
            "met_median": mmed.astype(np.int64),
            "met_low": mlo.astype(np.int64),
            "met_high": mhi.astype(np.int64),
            "p_extinct": 1.0 - chains["alive"][:, at].mean(axis=0),
        }
    )
    table.attrs.update(
        {
            "seeker": net.seekers[pos],
            "as_of": start_day,
            "fit": fit,
            "conversion": conversion,
            "extinction_probability": q_state,
            "extinction_probability_new_contact": q_new,
            "reproduction_number": mean_new * conversion,
            "new_contacts_per_week": per_day * 7,
            "what_if": what_if,
            "simulations": simulations,
            "seed": seed,
            "history": _history_table(h, cutoff_day),
        }
    )
    return table, h


def _met_now(net, pos: int, cutoff_day: int) -> int:
    """People met at the cutoff as every other surface counts them (the facts: a meeting row or ``status=met``).

    The model's own ``met`` (who can introduce) also counts a contact who introduced
    someone, and everyone when no meetings are kept; the table starts from the fact.
    """
    measured, _ = resolve(net, _o.to_timestamp(cutoff_day))
    rows = measured.index.rows_of(measured.seeker_position(net.seekers[pos]))
    return int(facts(measured).met[rows].sum())


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


@share_docs
def forecast(
    net,
    *,
    seeker: str | None = None,
    weeks: int = 12,
    simulations: int = 2000,
    seed: int | None = 0,
    as_of=None,
    what_if: WhatIf | None = None,
    prior="cohort",
    min_history: int = 5,
) -> pd.DataFrame:
    """Project how many contacts the network will have, week by week, with an 80% interval.

    Parameters
    ----------
    {net}
    seeker : str, optional
        Whose network. ``None`` means the only seeker; a network with several seekers needs
        it.
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

    {references_branching}

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
        raise ArgumentTypeError(
            f"what_if must be a WhatIf, e.g. rg.WhatIf(conversion=0.8) (got {type(what_if).__name__})"
        )
    prior = _check_prior(prior)
    min_history = _check_int("min_history", min_history, 0)
    pos = net.seeker_position(seeker)
    cutoff_day = _cutoff(net, net.index.rows_of(pos), as_of)
    return _run(
        net,
        pos,
        cutoff_day,
        weeks=weeks,
        simulations=simulations,
        seed=seed,
        what_if=what_if,
        prior=prior,
        min_history=min_history,
    )[0]


@share_docs
def backtest(
    net,
    *,
    seeker: str | None = None,
    split: float = 0.6,
    weeks: int | None = None,
    simulations: int = 2000,
    seed: int | None = 0,
    prior="cohort",
    min_history: int = 5,
    as_of=None,
) -> pd.DataFrame:
    """Check the forecast against the seeker's own past: fit on the first part, project the rest.

    Parameters
    ----------
    {net}
    seeker : str, optional
        Whose history. ``None`` means the only seeker; a network with several seekers needs
        it.
    split : float, default 0.6
        Where to cut, as a fraction of the time between the first and last dated
        records of the seeker's network (0 < split < 1).
    weeks : int, optional
        Weeks to project; by default up to the last dated record.
    simulations, seed, prior, min_history
        As for :func:`forecast`.
    as_of : date-like, optional
        Backtest the history as known on this date (:func:`referralgraph.snapshot`);
        by default the one reference-date rule (rows scheduled after it left out).

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
    {raises_net_seeker_cohort}
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
    net, _ = resolve(net, as_of)  # the history as known on the reference day (scheduled rows left out)
    pos = net.seeker_position(seeker)
    rows = net.index.rows_of(pos)
    last = _o.latest_day(net, rows)
    full = _o.history(net, rows, last if last is not None else 0)
    if last is None or full.first_day == _o.NO_DAY or last - full.first_day < 14:
        span = 0 if last is None or full.first_day == _o.NO_DAY else last - full.first_day
        raise OptionError(
            f"a backtest needs a dated history of at least 14 days; expected more, got {span} days "
            f"for seeker {net.seekers[pos]!r}"
        )
    cut = full.first_day + int(math.floor(split * (last - full.first_day)))
    if weeks is None:
        weeks = max(1, math.ceil((last - cut) / 7))
    table, h = _run(
        net,
        pos,
        cut,
        weeks=weeks,
        simulations=simulations,
        seed=seed,
        what_if=None,
        prior=prior,
        min_history=min_history,
    )
    ends = cut + 7 * table["week"].to_numpy()
    edge = full.edge_day
    actual = np.searchsorted(np.sort(edge[edge != _o.NO_DAY]), ends, side="right") + int((edge == _o.NO_DAY).sum())
    out = pd.DataFrame(
        {
            "week": table["week"],
            "date": table["date"],
            "actual": actual.astype(np.int64),
            "median": table["median"],
            "low": table["low"],
            "high": table["high"],
        }
    )
    out["inside_interval"] = (out["low"] <= out["actual"]) & (out["actual"] <= out["high"])
    out["abs_error"] = (out["median"] - out["actual"]).abs()
    out["actual_new"] = out["actual"] - int(out["actual"].iat[0])
    out["median_new"] = out["median"] - int(out["median"].iat[0])
    later = out[out["week"] >= 1]
    nz = later[later["actual_new"] > 0]
    out.attrs["summary"] = {
        "mape": float((later["abs_error"] / later["actual"].clip(lower=1)).mean()),
        "mape_new": float(((nz["median_new"] - nz["actual_new"]).abs() / nz["actual_new"]).mean())
        if len(nz)
        else math.nan,
        "coverage": float(later["inside_interval"].mean()),
        "mean_abs_error": float(later["abs_error"].mean()),
        "cutoff": _o.to_timestamp(cut),
        "weeks": int(weeks),
    }
    out.attrs["forecast"] = table
    return out
