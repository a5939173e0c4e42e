"""JSON-safe values: the one conversion every JSON output uses (reports, metric summaries, payloads)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

__all__ = ["is_missing", "jsonable"]


def is_missing(value) -> bool:
    """True for None, ``pd.NA``, ``pd.NaT`` and NaN floats (never raises on other values)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(isinstance(value, (float, np.floating)) and math.isnan(value))
    except TypeError:
        return False


def jsonable(value):
    """A JSON-safe copy: None for missing, ISO strings for dates, plain Python numbers.

    Examples
    --------
    >>> from referralgraph._json import jsonable
    >>> jsonable({1: [pd.Timestamp("2026-03-31"), np.int64(2), float("nan")]})
    {'1': ['2026-03-31', 2, None]}
    """
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [jsonable(v) for v in value]
    if isinstance(value, pd.Timedelta):
        return None if value is pd.NaT else value.total_seconds()
    if is_missing(value):
        return None
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        stamp = pd.Timestamp(value)
        return stamp.strftime("%Y-%m-%d") if stamp == stamp.normalize() else stamp.isoformat()
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    return str(value) if not isinstance(value, str) else value
