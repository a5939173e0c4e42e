"""The settings that stay with a network (``referralgraph.toml``): the values every command reads.

The file is read and written by :mod:`referralgraph.readwrite.settings`; this module
only holds the values, so every layer can read them from ``net.settings``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

import pandas as pd

__all__ = ["Settings", "SETTINGS_KEYS", "DATE_ORDERS"]

#: the ways ``date_order`` may read numeric dates such as 03/04/2026
DATE_ORDERS = ("monthfirst", "dayfirst")

#: key -> what it holds, in the order the file lists them (docs/settings.md)
SETTINGS_KEYS = {
    "date_order": "how to read numeric dates like 03/04/2026: monthfirst (US) or dayfirst",
    "seeker": "whose network commands work on when the data holds several seekers",
    "targets": "organizations you want to reach (next's --target), a list of names",
    "cadence_days": "days between touches with someone you met (default 60)",
    "as_of": "a pinned reference date (YYYY-MM-DD) every date-dependent figure is measured on",
}


@dataclass(frozen=True)
class Settings:
    """The settings of one network; ``None`` (or an empty tuple) means "not set".

    Attributes
    ----------
    date_order : {"monthfirst", "dayfirst"} or None
    seeker : str or None
    targets : tuple of str
    cadence_days : int or None
    as_of : pandas.Timestamp or None
        Midnight of the pinned reference date.
    path : str or None
        The file (or workbook sheet) the values came from, for messages.

    Examples
    --------
    >>> from referralgraph.model.settings import Settings
    >>> s = Settings(date_order="monthfirst", targets=("Acme",))
    >>> s.dayfirst, s.is_empty
    (False, False)
    >>> Settings().is_empty
    True
    """

    date_order: str | None = None
    seeker: str | None = None
    targets: tuple = ()
    cadence_days: int | None = None
    as_of: pd.Timestamp | None = None
    path: str | None = field(default=None, compare=False)

    @property
    def dayfirst(self) -> bool | None:
        """``date_order`` as ``load``'s ``dayfirst`` option (None when not set)."""
        return None if self.date_order is None else self.date_order == "dayfirst"

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, ()) for f in fields(self) if f.name != "path")

    def values(self) -> dict:
        """The keys that are set, as plain values (dates as ``YYYY-MM-DD``, targets as a list)."""
        out = {}
        for key in SETTINGS_KEYS:
            v = getattr(self, key)
            if v is None or v == ():
                continue
            out[key] = f"{v:%Y-%m-%d}" if key == "as_of" else list(v) if key == "targets" else v
        return out

    def updated(self, **values) -> "Settings":
        """A copy with some values replaced."""
        return replace(self, **values)
