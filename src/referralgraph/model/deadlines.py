"""When a thank-you is due, in one place: ``log``'s confirmation, ``next``, the calendar file and the map read it.

The advice (docs/metrics.md, "Glossary: thank-you"): an e-mail within 24 hours of the
conversation, and a handwritten note as well. A conversation logged with its time of
day ("2026-10-24 11:00") has its thank-you due 24 hours later ("2026-10-25 11:00"); one
logged by the day only has it due by the end of the next day. A due value at midnight
therefore means "by the end of that day", any other time means that moment.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["THANK_YOU_HOURS", "thank_you_due", "due_text", "is_timed"]

#: the thank-you e-mail is due this many hours after the conversation
THANK_YOU_HOURS = 24

_DAY = np.timedelta64(1, "D")


def thank_you_due(dates) -> np.ndarray:
    """When each conversation's thank-you is due (datetime64[ns]; NaT for an undated one).

    Examples
    --------
    >>> from referralgraph.model.deadlines import thank_you_due
    >>> [due_text(d) for d in thank_you_due(["2026-10-24 11:00", "2026-10-24"])]
    ['2026-10-25 11:00', 'the end of 2026-10-25']
    """
    if hasattr(dates, "dtype") and np.issubdtype(np.asarray(dates).dtype, np.datetime64):
        d = np.asarray(dates, dtype="datetime64[ns]")
    else:
        d = np.array(
            [pd.Timestamp(x).to_datetime64() if x is not None else np.datetime64("NaT") for x in dates],
            dtype="datetime64[ns]",
        )
    day = d.astype("datetime64[D]").astype("datetime64[ns]")
    timed = ~np.isnat(d) & (d != day)
    return np.where(timed, d + np.timedelta64(THANK_YOU_HOURS, "h"), day + _DAY)


def is_timed(due) -> bool:
    """Whether a due value is a moment (True) or a whole day, "by the end of" (False)."""
    ts = pd.Timestamp(due)
    return ts != ts.normalize()


def due_text(due) -> str:
    """The due time in the words every surface uses: ``2026-10-25 11:00`` or ``the end of 2026-10-25``.

    Examples
    --------
    >>> from referralgraph.model.deadlines import due_text
    >>> due_text("2026-10-25 11:00"), due_text("2026-10-25")
    ('2026-10-25 11:00', 'the end of 2026-10-25')
    """
    ts = pd.Timestamp(due)
    if ts is pd.NaT:
        return "an unknown time"
    return f"{ts:%Y-%m-%d %H:%M}" if is_timed(ts) else f"the end of {ts:%Y-%m-%d}"
