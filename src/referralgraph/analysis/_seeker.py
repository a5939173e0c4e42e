"""One seeker's network measured on the reference date, read once, and the helpers every action rule shares.

The rules of :mod:`referralgraph.analysis.actions` (and of ``outcome_actions``) read a
:class:`_Seeker` and build their rows with :meth:`_Seeker.frame`; the helpers turn arrays
into the sentences of the to-do list.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .. import _clock
from .._deprecate import warn_deprecated
from ..exceptions import ArgumentTypeError, OptionError
from ..model import ReferralNetwork
from .facts import NAT, facts, resolve


# ---------------------------------------------------------------- inputs
def _day(as_of, today, net) -> pd.Timestamp | None:
    """The reference date: ``as_of`` (``today`` is its deprecated spelling), else the one default rule."""
    if today is not None:
        warn_deprecated("today=", "as_of= (the same date, the same meaning)", stacklevel=4)
        if as_of is None:
            as_of = today
    return as_of


def _check_days(value, name: str = "dormant_days") -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise OptionError(f"{name} must be an integer >= 0 (got {value!r})")
    return int(value)


def _check_pool(connections):
    if connections is None:
        return None
    if not isinstance(connections, pd.DataFrame) or "id" not in connections.columns:
        raise ArgumentTypeError(
            "connections must be the connections pool as a DataFrame with an 'id' column "
            f"(referralgraph.read_pool(folder)); got {type(connections).__name__}"
        )
    return connections


def _check_targets(targets) -> list[str]:
    if targets is None:
        return []
    values = [targets] if isinstance(targets, str) else list(targets) if isinstance(targets, Iterable) else None
    if values is None or not all(isinstance(v, str) and v.strip() for v in values):
        raise OptionError(
            f"targets must be organization names (a string or a list of non-blank strings); got {targets!r}"
        )
    return values


class _Seeker:
    """One seeker's network measured on the reference date, read once (arrays over the tree's rows)."""

    def __init__(self, net: ReferralNetwork, seeker, as_of):
        if not isinstance(net, ReferralNetwork):
            raise ArgumentTypeError(
                f"expected a ReferralNetwork, as returned by referralgraph.load() (got {type(net).__name__})"
            )
        self.full = net
        self.id = net.seekers[net.seeker_position(seeker)]  # an id or a name; raises SeekerNotFound
        measured, ref = resolve(net, as_of)
        self.net, self.ref = measured, ref
        self.day = ref if ref is not None else _clock.today()  # arithmetic only: no dates, no deadlines
        self.end = self.day + pd.Timedelta(days=1)  # exclusive: everything on the day has happened
        self.f = f = facts(measured)
        ix = self.ix = measured.index
        self.pos = measured.seeker_position(self.id)
        self.code = int(ix.seekers[self.pos])
        self.rows = np.arange(ix.offsets[self.pos] + 1, ix.offsets[self.pos + 1])
        self.ids = measured.ids.to_numpy(dtype=object)
        self.names = f.display_names
        self.orgs = _text_column(measured, "organization")
        self.fields = _text_column(measured, "field")
        mask = f.m_seeker == self.code
        self.m_idx = np.flatnonzero(mask)
        self.meetings = f.meetings.iloc[self.m_idx]
        self.m_contact = f._meeting_codes[1][self.m_idx] if len(self.m_idx) else np.zeros(0, np.int64)
        self.records_meetings = bool(f.tree_records_meetings[self.pos])
        self._fit: tuple | None = None  # the offspring fit, made on first use (_yield_fit)
        self.connections = None  # the connections pool of an import (action_plan sets it)

    def frame(
        self,
        codes,
        action,
        reason,
        *,
        due=None,
        overdue=None,
        score=None,
        related=None,
        org=None,
        ids=None,
        names=None,
        orgs=None,
    ) -> pd.DataFrame:
        """Rule output: one row per action, aligned with ``codes`` (contact codes of the measured network)."""
        codes = np.asarray(codes, dtype=np.int64)
        n = len(codes)
        ok = codes >= 0
        safe = np.maximum(codes, 0)
        rel = np.asarray(related if related is not None else np.full(n, -1), dtype=np.int64)
        return pd.DataFrame(
            {
                "contact": pd.Series(
                    np.where(ok, (ids if ids is not None else self.ids)[safe], None) if n else [], dtype=object
                ),
                "name": pd.Series(
                    np.where(ok, (names if names is not None else self.names)[safe], None) if n else [], dtype=object
                ),
                "organization": pd.Series(
                    org
                    if org is not None
                    else (np.where(ok, (orgs if orgs is not None else self.orgs)[safe], None) if n else []),
                    dtype=object,
                ),
                "action": pd.Series(np.asarray(action, dtype=object) if n else [], dtype=object),
                "reason": pd.Series(np.asarray(reason, dtype=object) if n else [], dtype=object),
                "due": pd.Series(due if due is not None else np.full(n, NAT), dtype="datetime64[ns]"),
                "overdue_days": pd.array(overdue if overdue is not None else [pd.NA] * n, dtype="Int64"),
                "score": np.asarray(score if score is not None else np.full(n, np.nan), dtype=float),
                "related": pd.Series(np.where(rel >= 0, self.ids[np.maximum(rel, 0)], None) if n else [], dtype=object),
            }
        )


def _text_column(net, column: str) -> np.ndarray:
    """A contacts column as stripped text per contact code; None where missing or blank."""
    contacts = net.table("contacts")
    if column not in contacts.columns or not len(contacts):
        return np.full(len(contacts), None, dtype=object)
    text = contacts[column].astype("str").str.strip()
    blank = contacts[column].isna().to_numpy() | (text == "").to_numpy()
    out = text.to_numpy(dtype=object)
    out[blank] = None
    return out


def _s(values) -> pd.Series:
    """Values as a Series of str (for vectorised sentence building)."""
    return pd.Series(np.asarray(values, dtype=object), dtype=object).astype(str)


def _dates(values) -> pd.Series:
    return pd.Series(pd.DatetimeIndex(np.asarray(values, dtype="datetime64[ns]")).strftime("%Y-%m-%d"), dtype=object)


def _plural_s(n, word: str) -> pd.Series:
    n = np.asarray(n, dtype=np.int64)
    many = {"person": "people"}.get(word, word + "s")
    return pd.Series(np.where(n == 1, f"1 {word}", np.char.add(n.astype(str), f" {many}")), dtype=object)


def _day_diff(a, b) -> np.ndarray:
    """Calendar days a - b of datetime64 arrays (float, NaN where either is NaT)."""
    a = np.asarray(a, dtype="datetime64[ns]")
    b = np.asarray(b, dtype="datetime64[ns]")
    out = np.full(np.broadcast(a, b).shape, np.nan)
    ok = ~np.isnat(a) & ~np.isnat(b)
    out[ok] = (
        np.broadcast_to(a, out.shape)[ok].astype("datetime64[D]")
        - np.broadcast_to(b, out.shape)[ok].astype("datetime64[D]")
    ).astype(np.float64)
    return out


def _ranked(frame: pd.DataFrame, by: list[str], ascending: list[bool]) -> pd.DataFrame:
    """Sorted by ``by``; equal scores keep the rule's order (tree or file order): stable."""
    return frame.sort_values(by, ascending=ascending, kind="stable").reset_index(drop=True)


_EMPTY = None


def _empty(s: _Seeker) -> pd.DataFrame:
    return s.frame([], [], [])
