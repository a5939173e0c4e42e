"""A change to make to a network's tables, shared by the planner (:mod:`.log`) and the appenders."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd


#: columns filled in only when the table already has them (the row is complete without them)
_SOFT = frozenset({"first_contact"})


# ---------------------------------------------------------------------------- what to change
@dataclass
class _Plan:
    """Rows to append and cells to set, as Python values (str, bool, Timestamp, None)."""

    appends: list = field(default_factory=list)  # (table, {column: value})
    sets: list = field(default_factory=list)  # (table, position, {column: value})
    contact: str = ""
    name: str = ""
    what: str = ""
    due: pd.Timestamp | None = None
    next: str = ""
    pooled: bool = False  # a person of the connections pool joins the contacts
    soft: frozenset = _SOFT  # columns written only where the table has them


def _stamp(ts: pd.Timestamp) -> str:
    """``2026-10-06`` at midnight, else ``2026-10-06 18:00`` (seconds only when there are some)."""
    if _missing(ts):
        return "an unknown date"
    if ts == ts.normalize():
        return f"{ts:%Y-%m-%d}"
    return f"{ts:%Y-%m-%d %H:%M:%S}" if ts.second or ts.microsecond else f"{ts:%Y-%m-%d %H:%M}"


def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def _cell_text(value, *, true="true", false="false") -> str:
    if _missing(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return true if value else false
    if isinstance(value, pd.Timestamp):
        return _stamp(value)
    return str(value)
