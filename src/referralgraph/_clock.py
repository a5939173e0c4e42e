"""The one clock: every place that reads "today" or "now" asks this module.

Tests (and anyone replaying a search) move the clock in one place::

    monkeypatch.setattr("referralgraph._clock.now", lambda: pd.Timestamp("2026-03-02 09:30"))

:func:`today` reads :func:`now` at call time, so patching ``now`` moves both.
Times are naive local wall-clock times (the dates a user types in a spreadsheet);
:func:`utc_now` is for stamps that must be in UTC (the ``DTSTAMP`` of a calendar file).
"""

from __future__ import annotations

import datetime as _dt

import pandas as pd

__all__ = ["now", "today", "utc_now"]


def now() -> pd.Timestamp:
    """The current local date and time, to the second (naive).

    Examples
    --------
    >>> from referralgraph import _clock
    >>> _clock.now() >= _clock.today()
    True
    """
    return pd.Timestamp.now().floor("s")


def today() -> pd.Timestamp:
    """Today's date: midnight at the start of :func:`now`'s day.

    Examples
    --------
    >>> from referralgraph import _clock
    >>> _clock.today() == _clock.today().normalize()
    True
    """
    return now().normalize()


def utc_now() -> _dt.datetime:
    """The current time in UTC (timezone-aware, to the second), consistent with :func:`now` when it is patched.

    Examples
    --------
    >>> from referralgraph import _clock
    >>> _clock.utc_now().tzinfo is not None
    True
    """
    local = now().to_pydatetime().astimezone()  # naive local time -> aware, in the machine's zone
    return local.astimezone(_dt.timezone.utc)
