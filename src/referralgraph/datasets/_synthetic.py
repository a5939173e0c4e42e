"""Seeded synthetic cohorts: Galton-Watson referral trees with realistic dates, fields and meetings.

The generator grows every seeker's tree one generation at a time, with numpy over
the whole generation at once (never a Python loop per contact), so 10^6 contacts
take a few seconds. The checks and the public functions live here; the words and rates in
``_synthetic_words.py``, the growth in ``_synthetic_grow.py``, the tables in ``_synthetic_tables.py``.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable

import numpy as np
import pandas as pd

from .._docstrings import share_docs
from .._checks import check_int, check_number
from .._deprecate import known_keywords
from ..exceptions import ArgumentTypeError, OptionError
from ..readwrite import from_frames
from ..model import ReferralNetwork
from ._synthetic_grow import _grow, _share
from ._synthetic_tables import _tables

__all__ = ["synthetic_tables", "synthetic_cohort"]


# ---------------------------------------------------------------- checks
def _check_int(name, value, low):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ArgumentTypeError(f"{name} must be an integer (got {value!r} of type {type(value).__name__})")
    return check_int(name, value, minimum=low)


def _check_real(name, value, *, low=None, high=None, low_open=False):
    value = check_number(name, value, minimum=low, maximum=high)
    if low_open and value == low:
        raise OptionError(f"{name} must be a finite number > {low} (got {value:g})")
    return value


def _check_params(p: dict) -> dict:
    p["n_seekers"] = _check_int("n_seekers", p["n_seekers"], 1)
    p["n_contacts"] = _check_int("n_contacts", p["n_contacts"], 0)
    off = p["offspring"]
    if not callable(off) and off not in ("negbin", "poisson"):
        raise OptionError(f"offspring must be 'negbin', 'poisson' or a callable (got {off!r})")
    p["mean_offspring"] = _check_real("mean_offspring", p["mean_offspring"], low=0)
    p["dispersion"] = _check_real("dispersion", p["dispersion"], low=0, low_open=True)
    dc = p["direct_contacts"]
    if isinstance(dc, numbers.Integral) and not isinstance(dc, bool):
        dc = (dc, dc)
    if (
        not isinstance(dc, (tuple, list))
        or len(dc) != 2
        or any(isinstance(v, bool) or not isinstance(v, numbers.Integral) for v in dc)
        or not 0 <= dc[0] <= dc[1]
        or dc[1] < 1
    ):
        raise OptionError(
            f"direct_contacts must be an integer or a (low, high) pair of integers with "
            f"0 <= low <= high and high >= 1 (got {p['direct_contacts']!r})"
        )
    p["direct_contacts"] = (int(dc[0]), int(dc[1]))
    try:
        start = pd.Timestamp(p["start"])
    except (TypeError, ValueError) as exc:
        raise OptionError(f"start must be a date such as '2026-01-01' (got {p['start']!r})") from exc
    if start is pd.NaT:
        raise OptionError(f"start must be a date such as '2026-01-01' (got {p['start']!r})")
    if start.tz is not None:
        start = start.tz_convert("UTC").tz_localize(None)
    p["start"] = start.normalize()
    p["span_days"] = _check_real("span_days", p["span_days"], low=1)
    p["delay_days"] = _check_real("delay_days", p["delay_days"], low=0, low_open=True)
    for name in ("p_met", "p_suggested", "p_ask", "p_thank_24h", "homophily"):
        p[name] = _check_real(name, p[name], low=0, high=1)
    if p["p_met"] + p["p_suggested"] > 1:
        raise OptionError(
            f"p_met + p_suggested must be <= 1 (got {p['p_met']} + {p['p_suggested']} = "
            f"{p['p_met'] + p['p_suggested']})"
        )
    p["shared_fraction"] = _check_real("shared_fraction", p["shared_fraction"], low=0, high=1)
    if p["shared_fraction"] > 0 and p["n_seekers"] < 2:
        raise OptionError(
            f"shared_fraction > 0 needs n_seekers >= 2, since a shared contact helps several "
            f"seekers (got n_seekers={p['n_seekers']}, shared_fraction={p['shared_fraction']})"
        )
    p["seed"] = check_int("seed", p["seed"], minimum=0, allow_none=True)
    return p


# ---------------------------------------------------------------- public
def synthetic_tables(
    *,
    n_seekers: int = 1,
    n_contacts: int = 1000,
    offspring: str | Callable[[np.random.Generator, np.ndarray], np.ndarray] = "negbin",
    mean_offspring: float = 1.2,
    dispersion: float = 0.8,
    direct_contacts: int | tuple[int, int] = (3, 12),
    start="2026-01-01",
    span_days: float = 120,
    delay_days: float = 7.0,
    p_met: float = 0.8,
    p_suggested: float = 0.1,
    p_ask: float = 0.75,
    p_thank_24h: float = 0.7,
    homophily: float = 0.6,
    shared_fraction: float = 0.0,
    meetings: bool = True,
    opportunities: bool = True,
    seed: int | None = 0,
) -> dict[str, pd.DataFrame]:
    """Tables of a synthetic cohort, laid out as the input files (``contacts``, ``introductions``, ``meetings``).

    Each seeker reaches a few people directly; every contact the seeker meets
    introduces a random number of others (a Galton-Watson branching process, grown
    one generation at a time for all trees at once); the people introduced are met,
    only introduced, or only suggested by name. Dates increase down every branch and
    stop at ``start + span_days``: introductions that would fall later have not
    happened yet and are not generated. When the trees die out before
    ``n_contacts`` people are reached, each seeker reaches more people directly;
    when they outgrow it, the latest introductions are left out, so there are
    always exactly ``n_contacts`` contacts besides the seekers.

    Parameters
    ----------
    n_seekers : int, default 1
        Seekers in the cohort (ids ``s001``, ``s002``, ...).
    n_contacts : int, default 1000
        Contacts besides the seekers (ids ``c0001``, ``c0002``, ...).
    offspring : {"negbin", "poisson"} or callable, default "negbin"
        Distribution of the number of introductions a met contact makes. The
        negative binomial (with ``dispersion``) gives the realistic mix of many
        people who introduce nobody and a few connectors. A callable is called as
        ``offspring(rng, mean)`` with the :class:`numpy.random.Generator` and an
        array of per-contact means, and returns as many non-negative integers.
    mean_offspring : float, default 1.2
        Mean introductions per met contact. Contacts who were not asked for
        introductions make a quarter as many, and those thanked later than 24 hours
        (or never) 0.7 times as many; the rest make correspondingly more, so that
        the mean over all met contacts is ``mean_offspring`` (before introductions
        that fall after the end of the span are cut off).
    dispersion : float, default 0.8
        Shape ``k`` of the negative binomial: variance ``mean + mean**2 / k``;
        smaller is more uneven.
    direct_contacts : int or (int, int), default (3, 12)
        People each seeker reaches directly at first, drawn uniformly from
        ``low..high``.
    start : date-like, default "2026-01-01"
        First day of the searches.
    span_days : float, default 120
        Length of the period; no date is later than ``start + span_days``.
    delay_days : float, default 7.0
        Mean days from a conversation to an introduction it leads to (exponential).
        Suggested names are dated on the day of the conversation.
    p_met, p_suggested : float, default 0.8, 0.1
        Probability that an introduced person is met, or was only suggested by
        name; the rest are ``introduced`` and not (yet) met. People reached
        directly are met with probability ``p_met``.
    p_ask : float, default 0.75
        Probability that the seeker asked a met contact for introductions.
    p_thank_24h : float, default 0.7
        Probability of a thank-you within 24 hours; of the rest, 60 % are sent
        30-90 hours later and 40 % never.
    homophily : float, default 0.6
        Probability that a person works in the same field as whoever introduced
        them (for direct contacts: the field the seeker is aiming for).
    shared_fraction : float, default 0.0
        Fraction of contacts who also help one or two other seekers (they appear in
        several trees). Needs ``n_seekers >= 2``.
    meetings : bool, default True
        Whether to make the ``meetings`` table.
    opportunities : bool, default True
        Whether to make the ``opportunities`` table (with ``meetings``): leads
        from met contacts, referrals, applications, interviews and offers at
        published rates (Jobvite, Lever; listed in
        ``referralgraph/datasets/_opportunities.py`` and docs/data-format.md), plus
        a few cold applications per seeker.
    seed : int or None, default 0
        Seed of the random generator: the same seed gives identical tables.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``contacts`` (``id, name, organization, role, field, first_contact, source,
        is_seeker``), ``introductions`` (``introducer, introduced, date, seeker,
        status``, sorted by date) and, with ``meetings``, ``meetings`` (``contact,
        date, seeker, kind, asked_for_introductions, thank_you_sent,
        handwritten_note, questions_prepared, takeaways``, sorted by date) and,
        with ``opportunities`` too, ``opportunities`` (``opportunity, contact,
        organization, role, stage, date, seeker``, sorted by date). Dates
        are ``datetime64[ns]`` and yes/no columns ``bool``; pass the dict to
        :func:`referralgraph.from_frames` as ``from_frames(**tables)``.

    Raises
    ------
    ArgumentTypeError
        (a ``TypeError``) If ``n_seekers`` or ``n_contacts`` is not an integer.
    OptionError
        (a ``ValueError``) If a parameter is out of range, e.g. ``n_contacts < 0``, a probability
        outside [0, 1], ``p_met + p_suggested > 1``, or ``shared_fraction > 0``
        with a single seeker; or if an ``offspring`` callable returns anything but
        one non-negative integer per contact.

    See Also
    --------
    synthetic_cohort : the same, loaded as a :class:`~referralgraph.ReferralNetwork`.
    demo : a hand-written network of one student's search.

    Notes
    -----
    Every generation is drawn with a handful of numpy calls over all trees at
    once, so the cost grows with the number of contacts, not with the number of
    seekers or the depth of the trees: 10^6 contacts for 1000 seekers take about
    3 s on a 2-core machine.

    Examples
    --------
    >>> tables = rg.synthetic_tables(n_seekers=2, n_contacts=50, seed=1)
    >>> {name: len(t) for name, t in tables.items()}
    {'contacts': 52, 'introductions': 50, 'meetings': 45, 'opportunities': 5}
    >>> int((~tables["contacts"]["is_seeker"]).sum())
    50
    >>> tables["introductions"].columns.tolist()
    ['introducer', 'introduced', 'date', 'seeker', 'status']
    """
    p = _check_params(
        dict(
            n_seekers=n_seekers,
            n_contacts=n_contacts,
            offspring=offspring,
            mean_offspring=mean_offspring,
            dispersion=dispersion,
            direct_contacts=direct_contacts,
            start=start,
            span_days=span_days,
            delay_days=delay_days,
            p_met=p_met,
            p_suggested=p_suggested,
            p_ask=p_ask,
            p_thank_24h=p_thank_24h,
            homophily=homophily,
            shared_fraction=shared_fraction,
            meetings=bool(meetings),
            opportunities=bool(opportunities),
            seed=seed,
        )
    )
    rng = np.random.default_rng(p["seed"])
    grown = _grow(rng, p)
    shared = _share(rng, grown, p)
    return _tables(rng, grown, shared, p)


@known_keywords
@share_docs
def synthetic_cohort(
    *,
    n_seekers: int = 1,
    n_contacts: int = 1000,
    offspring: str | Callable[[np.random.Generator, np.ndarray], np.ndarray] = "negbin",
    mean_offspring: float = 1.2,
    dispersion: float = 0.8,
    direct_contacts: int | tuple[int, int] = (3, 12),
    start="2026-01-01",
    span_days: float = 120,
    delay_days: float = 7.0,
    p_met: float = 0.8,
    p_suggested: float = 0.1,
    p_ask: float = 0.75,
    p_thank_24h: float = 0.7,
    homophily: float = 0.6,
    shared_fraction: float = 0.0,
    meetings: bool = True,
    opportunities: bool = True,
    seed: int | None = 0,
) -> ReferralNetwork:
    """A synthetic cohort as a network: ``from_frames(**synthetic_tables(...))`` with the same options.

    Parameters
    ----------
    n_seekers, n_contacts, offspring, mean_offspring, dispersion, direct_contacts, start, span_days, delay_days, p_met, p_suggested, p_ask, p_thank_24h, homophily, shared_fraction, meetings, opportunities, seed
        As for :func:`synthetic_tables` (the same names and defaults; a test keeps them equal).

    {returns_network}

    Raises
    ------
    ArgumentTypeError
        (a ``TypeError``) If a keyword is not one of :func:`synthetic_tables`'s, or
        as :func:`synthetic_tables`.
    OptionError
        (a ``ValueError``) As :func:`synthetic_tables`.

    See Also
    --------
    synthetic_tables : the tables alone (cheaper when no network is needed).

    Notes
    -----
    The dates are checked against today's date like any input, so a ``start`` in
    the future brings "in the future" warnings (in ``net.problems``).

    Examples
    --------
    >>> net = rg.synthetic_cohort(n_seekers=3, n_contacts=200, shared_fraction=0.05, seed=7)
    >>> len(net.seekers), len(net) - 3
    (3, 200)
    >>> net.problems.empty
    True
    """
    return from_frames(
        **synthetic_tables(
            n_seekers=n_seekers,
            n_contacts=n_contacts,
            offspring=offspring,
            mean_offspring=mean_offspring,
            dispersion=dispersion,
            direct_contacts=direct_contacts,
            start=start,
            span_days=span_days,
            delay_days=delay_days,
            p_met=p_met,
            p_suggested=p_suggested,
            p_ask=p_ask,
            p_thank_24h=p_thank_24h,
            homophily=homophily,
            shared_fraction=shared_fraction,
            meetings=meetings,
            opportunities=opportunities,
            seed=seed,
        )
    )
