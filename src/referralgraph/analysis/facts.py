"""Shared private helpers of the metrics: per-row facts computed once per network, options, lookups."""

from __future__ import annotations

import weakref
from functools import cached_property

import numpy as np
import pandas as pd

from .._arrays import lookup
from ..model import ReferralNetwork
from ..model.snapshot import OptionError, as_of_bounds, snapshot

__all__ = ["Facts", "facts", "resolve", "rows_of_seeker", "OptionError", "entropy_by_group"]

NAT = np.datetime64("NaT", "ns")
_I64_MAX = np.iinfo(np.int64).max
_I64_MIN = np.iinfo(np.int64).min

_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def resolve(net, as_of) -> tuple[ReferralNetwork, pd.Timestamp | None]:
    """The network to measure and the reference day: a snapshot when ``as_of`` is given.

    Raises
    ------
    TypeError
        If ``net`` is not a ReferralNetwork.
    OptionError
        If ``as_of`` is not a date.
    """
    if not isinstance(net, ReferralNetwork):
        raise TypeError(f"expected a ReferralNetwork (got {type(net).__name__})")
    if as_of is None:
        return net, None
    day, _ = as_of_bounds(as_of)
    return snapshot(net, as_of), day


def facts(net: ReferralNetwork) -> Facts:
    """The per-network facts, computed once and cached for the network's lifetime."""
    found = _cache.get(net)
    if found is None:
        found = _cache[net] = Facts(net)
    return found


def rows_of_seeker(net: ReferralNetwork, seeker) -> np.ndarray | slice:
    """Index rows to measure: every tree (``seeker=None``) or one seeker's (raises SeekerNotFound)."""
    if seeker is None:
        return slice(0, len(net.index))
    return net.index.rows_of(net.seeker_position(seeker))


def seeker_positions(net: ReferralNetwork, seeker) -> np.ndarray:
    """Positions (in ``net.seekers``) to report on."""
    if seeker is None:
        return np.arange(len(net.index.seekers))
    return np.array([net.seeker_position(seeker)])


def check_int(name: str, value, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise OptionError(f"{name} must be an integer >= {minimum} (got {value!r})")
    return int(value)


def _min_dt(*arrays: np.ndarray) -> np.ndarray:
    """Element-wise earliest date, NaT only where every input is NaT."""
    out = None
    for a in arrays:
        v = a.view("int64").copy()
        v[np.isnat(a)] = _I64_MAX
        out = v if out is None else np.minimum(out, v)
    res = out.view("datetime64[ns]").copy()
    res[out == _I64_MAX] = NAT
    return res


def _max_dt(*arrays: np.ndarray) -> np.ndarray:
    """Element-wise latest date, NaT only where every input is NaT."""
    out = None
    for a in arrays:
        v = a.view("int64").copy()
        v[np.isnat(a)] = _I64_MIN
        out = v if out is None else np.maximum(out, v)
    res = out.view("datetime64[ns]").copy()
    res[out == _I64_MIN] = NAT
    return res


def group_reduce(key: np.ndarray, values: np.ndarray, n: int, how: str) -> np.ndarray:
    """Earliest (``how="min"``) or latest (``"max"``) date of ``values`` per ``key`` in ``range(n)``.

    Keys < 0 and NaT values are ignored; keys without a value give NaT. One
    unbuffered ``ufunc.at`` pass, no sort.
    """
    ok = (key >= 0) & ~np.isnat(values)
    v = values[ok].view("int64")
    if how == "min":
        out = np.full(n, _I64_MAX, dtype=np.int64)
        np.minimum.at(out, key[ok], v)
        empty = out == _I64_MAX
    else:
        out = np.full(n, _I64_MIN, dtype=np.int64)
        np.maximum.at(out, key[ok], v)
        empty = out == _I64_MIN
    res = out.view("datetime64[ns]")
    res[empty] = NAT
    return res


def id_series(net, codes: np.ndarray) -> pd.Series:
    """Contact ids at ``codes`` as a string Series (a take on the id index, no Python objects)."""
    return pd.Series(net.ids.take(np.asarray(codes, dtype=np.int64)).array, name=None)


def lookup_ids(ids: pd.Index, values: pd.Series) -> np.ndarray:
    """Codes (positions in ``ids``) of id strings; -1 for missing or unknown values (Arrow's hash lookup)."""
    return lookup(values, ids)


def entropy_by_group(group: np.ndarray, value: np.ndarray, n_groups: int) -> np.ndarray:
    """Shannon entropy (natural log) of ``value`` codes within each group; NaN for a group without values.

    ``value`` codes are >= 0 (missing values removed beforehand).
    """
    out = np.full(n_groups, np.nan)
    if len(group) == 0:
        return out
    pair = pd.DataFrame({"g": group, "v": value}).value_counts(sort=False).reset_index(name="n")
    total = pair.groupby("g")["n"].transform("sum").to_numpy(dtype=float)
    p = pair["n"].to_numpy(dtype=float) / total
    h = pd.Series(-p * np.log(p)).groupby(pair["g"].to_numpy()).sum()
    out[h.index.to_numpy()] = np.abs(h.to_numpy())  # -0.0 -> 0.0
    return out


def text_codes(values: pd.Series) -> np.ndarray:
    """Codes of case-folded, stripped text values; -1 for missing or blank.

    Folds the distinct values only (a few thousand organizations, not 10^6 cells).
    """
    raw, uniq = pd.factorize(values)
    if len(uniq) == 0:
        return raw.astype(np.int64)
    folded = pd.Series(uniq, dtype="str").str.strip().str.casefold()
    folded = folded.mask(folded == "")
    fcodes, _ = pd.factorize(folded)
    fcodes = np.append(fcodes.astype(np.int64), -1)  # raw -1 (missing) maps to the appended -1
    return fcodes[raw]


class Facts:
    """Per-row facts of a network's tree index, joined with its meetings and introductions.

    Computed lazily (each attribute once) and cached per network by :func:`facts`.
    All arrays are aligned with ``net.index`` rows unless named ``m_*`` (meeting
    rows) or ``i_*`` (introduction rows).
    """

    def __init__(self, net: ReferralNetwork) -> None:
        # a weak reference: the cache maps the network to these facts, and a value that held the
        # network itself would keep every network measured in a process alive for good
        self._net = weakref.ref(net)
        self.ix = net.index
        self.N = max(len(net.ids), 1)

    @property
    def net(self) -> ReferralNetwork:
        return self._net()

    # ----------------------------------------------------------- lookups
    @cached_property
    def row_key(self) -> np.ndarray:
        return self.ix.seeker.astype(np.int64) * self.N + self.ix.node

    @cached_property
    def _sorted_keys(self) -> tuple[np.ndarray, np.ndarray]:
        order = np.argsort(self.row_key, kind="stable")
        return order, self.row_key[order]

    @cached_property
    def _first_row_of_node(self) -> np.ndarray:
        """Per contact code: one index row holding it (-1 if none)."""
        out = np.full(self.N, -1, dtype=np.int64)
        out[self.ix.node[::-1]] = np.arange(len(self.ix) - 1, -1, -1)
        return out

    def row_for(self, seeker_code: np.ndarray, contact_code: np.ndarray) -> np.ndarray:
        """Index row of (seeker, contact) code pairs, -1 where the pair is in no tree.

        Most contacts are in one tree: a direct lookup by contact answers them; the
        rest (contacts shared by several seekers) go through a sorted-key search.
        """
        if len(seeker_code) == 0 or len(self.ix) == 0:
            return np.full(len(seeker_code), -1, dtype=np.int64)
        ok = (seeker_code >= 0) & (contact_code >= 0)
        guess = np.where(ok, self._first_row_of_node[np.maximum(contact_code, 0)], -1)
        out = np.where((guess >= 0) & (self.ix.seeker[np.maximum(guess, 0)] == seeker_code), guess, -1)
        miss = np.flatnonzero(ok & (out < 0) & (guess >= 0))
        if len(miss):
            order, keys = self._sorted_keys
            k = seeker_code[miss].astype(np.int64) * self.N + contact_code[miss]
            pos = np.minimum(np.searchsorted(keys, k), len(keys) - 1)
            out[miss] = np.where(keys[pos] == k, order[pos], -1)
        return out.astype(np.int64)

    def _codes(self, col: pd.Series) -> np.ndarray:
        return lookup_ids(self.net.ids, col)

    def _seeker_codes(self, col: pd.Series) -> np.ndarray:
        """Codes of a seeker column: few distinct values, so only those are looked up."""
        if len(col) == 0:
            return np.zeros(0, np.int64)
        inv, uniq = pd.factorize(col)
        found = np.append(lookup_ids(self.net.ids, pd.Series(uniq, dtype="str")), -1)
        return found[inv]

    # ----------------------------------------------------------- meetings
    @cached_property
    def meetings(self) -> pd.DataFrame:
        return self.net._meetings  # read only

    @cached_property
    def _meeting_codes(self) -> tuple[np.ndarray, np.ndarray]:
        """(seeker, contact) codes of every meeting, from one lookup (one hash table of the ids)."""
        m = self.meetings
        n = len(m)
        if n == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        known = getattr(self.net, "_reference_codes", {})
        if len(known.get("meeting_contact", ())) == n and len(known.get("meeting_seeker", ())) == n:
            return known["meeting_seeker"], known["meeting_contact"]  # resolved once, when the network was built
        return self._seeker_codes(m["seeker"]), self._codes(m["contact"])

    @cached_property
    def m_seeker(self) -> np.ndarray:
        return self._meeting_codes[0]

    @cached_property
    def m_row(self) -> np.ndarray:
        """Index row of each meeting's (seeker, contact), -1 if not in a tree."""
        return self.row_for(self.m_seeker, self._meeting_codes[1])

    @cached_property
    def m_date(self) -> np.ndarray:
        return self.meetings["date"].to_numpy(dtype="datetime64[ns]")

    def m_column(self, name: str, kind: str):
        """A meetings column as datetime64 (``kind="date"``) or bool (True only when true); None if absent."""
        if name not in self.meetings.columns:
            return None
        col = self.meetings[name]
        if kind == "date":
            return col.to_numpy(dtype="datetime64[ns]")
        return col.fillna(False).to_numpy(dtype=bool)

    @cached_property
    def _first_meeting(self) -> np.ndarray:
        """Per index row: the meeting row of the first (earliest, then file order) meeting, -1 if none."""
        n = len(self.ix)
        ok = np.flatnonzero((self.m_row >= 0) & ~np.isnat(self.m_date))
        earliest = group_reduce(self.m_row, self.m_date, n, "min").view("int64")
        first = ok[self.m_date[ok].view("int64") == earliest[self.m_row[ok]]]
        out = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(out, self.m_row[first], first)
        out[out == np.iinfo(np.int64).max] = -1
        return out

    @cached_property
    def meeting_count(self) -> np.ndarray:
        ok = self.m_row >= 0
        return np.bincount(self.m_row[ok], minlength=len(self.ix)).astype(np.int64)

    @cached_property
    def first_meeting(self) -> np.ndarray:
        fm = self._first_meeting
        out = np.full(len(self.ix), NAT)
        out[fm >= 0] = self.m_date[fm[fm >= 0]]
        return out

    @cached_property
    def last_meeting(self) -> np.ndarray:
        return group_reduce(self.m_row, self.m_date, len(self.ix), "max")

    @cached_property
    def thank_you_hours(self) -> np.ndarray:
        """Hours from the first meeting to its thank-you; NaN if none (or the column is absent)."""
        out = np.full(len(self.ix), np.nan)
        thank = self.m_column("thank_you_sent", "date")
        fm = self._first_meeting
        if thank is None:
            return out
        has = np.flatnonzero(fm >= 0)
        t = thank[fm[has]]
        d = self.m_date[fm[has]]
        ok = ~np.isnat(t)
        out[has[ok]] = (t[ok] - d[ok]).astype("timedelta64[s]").astype(np.float64) / 3600.0
        return out

    # ----------------------------------------------------------- introductions
    @cached_property
    def intros(self) -> pd.DataFrame:
        return self.net._introductions  # read only

    @cached_property
    def _intro_codes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(seeker, introducer, introduced) codes and (introducer, introduced) index rows per introduction row.

        Tree edges come straight from the index (``intro_row``); only the other rows
        (duplicates, cut cycles, unresolved references) are looked up by id.
        """
        ix = self.ix
        n = len(self.intros)
        seeker = np.full(n, -1, np.int64)
        frm = np.full(n, -1, np.int64)
        to = np.full(n, -1, np.int64)
        from_row = np.full(n, -1, np.int64)
        to_row = np.full(n, -1, np.int64)
        edge = np.flatnonzero(ix.intro_row >= 0)
        r = ix.intro_row[edge]
        par = ix.parent[edge]
        seeker[r], frm[r], to[r] = ix.seeker[edge], ix.node[par], ix.node[edge]
        to_row[r] = edge
        from_row[r] = np.where(ix.parent[par] >= 0, par, -1)  # -1 when the seeker introduced them
        rest = np.ones(n, bool)
        rest[r] = False
        # generation-1 edges are the seeker's own introductions, or a cut cycle (whose introducer is not
        # the tree parent): read those by id too
        rest[r[ix.generation[edge] == 1]] = True
        rest = np.flatnonzero(rest)
        if len(rest):
            sub = self.intros.iloc[rest]
            k = len(rest)
            codes = self._codes(pd.concat([sub["introducer"], sub["introduced"]], ignore_index=True))
            seeker[rest], frm[rest], to[rest] = self._seeker_codes(sub["seeker"]), codes[:k], codes[k:]
            to_row[rest] = self.row_for(seeker[rest], to[rest])
            from_row[rest] = np.where(frm[rest] == seeker[rest], -1, self.row_for(seeker[rest], frm[rest]))
        return seeker, frm, to, from_row, to_row

    @cached_property
    def i_seeker(self) -> np.ndarray:
        return self._intro_codes[0]

    @cached_property
    def i_introducer(self) -> np.ndarray:
        return self._intro_codes[1]

    @cached_property
    def i_introduced(self) -> np.ndarray:
        return self._intro_codes[2]

    @cached_property
    def i_date(self) -> np.ndarray:
        return self.intros["date"].to_numpy(dtype="datetime64[ns]")

    @cached_property
    def i_from_row(self) -> np.ndarray:
        """Index row of the introducer in the seeker's tree, -1 for the seeker themself or none."""
        return self._intro_codes[3]

    @cached_property
    def i_to_row(self) -> np.ndarray:
        return self._intro_codes[4]

    @cached_property
    def first_introduction_made(self) -> np.ndarray:
        """Per index row: date of the first introduction this member made to the seeker."""
        return group_reduce(self.i_from_row, self.i_date, len(self.ix), "min")

    # ----------------------------------------------------------- dates per row
    @cached_property
    def first_contact(self) -> np.ndarray:
        """Earliest of the tree edge's date and the first meeting; else contacts.first_contact; NaT for seekers."""
        ix = self.ix
        out = _min_dt(ix.date, self.first_meeting)
        contacts = self.net._contacts
        if "first_contact" in contacts.columns and len(ix):
            fc = contacts["first_contact"].to_numpy(dtype="datetime64[ns]")[ix.node]
            out = np.where(np.isnat(out), fc, out)
        out[ix.parent < 0] = NAT
        return out

    @cached_property
    def last_touch(self) -> np.ndarray:
        """Latest dated interaction with the member (see docs/metrics.md)."""
        n = len(self.ix)
        parts = [self.first_contact, self.last_meeting]
        for name in ("thank_you_sent", "handwritten_note_date"):
            d = self.m_column(name, "date")
            if d is not None:
                parts.append(group_reduce(self.m_row, d, n, "max"))
        parts.append(group_reduce(self.i_from_row, self.i_date, n, "max"))
        parts.append(group_reduce(self.i_to_row, self.i_date, n, "max"))
        out = _max_dt(*parts)
        out[self.ix.parent < 0] = NAT
        return out

    @cached_property
    def latest_date(self) -> pd.Timestamp | None:
        """The latest date anywhere in the data (the default reference day), or None."""
        parts = [self.i_date, self.m_date]
        for name in ("thank_you_sent", "handwritten_note_date"):
            d = self.m_column(name, "date")
            if d is not None:
                parts.append(d)
        if "first_contact" in self.net._contacts.columns:
            parts.append(self.net._contacts["first_contact"].to_numpy(dtype="datetime64[ns]"))
        parts = [p[~np.isnat(p)] for p in parts]
        parts = [p.max() for p in parts if len(p)]
        return pd.Timestamp(max(parts)).normalize() if parts else None

    @cached_property
    def days_to_first_introduction(self) -> np.ndarray:
        """Days (calendar) from the first meeting to the first introduction the member made."""
        a, b = self.first_meeting, self.first_introduction_made
        ok = ~np.isnat(a) & ~np.isnat(b)
        out = np.full(len(self.ix), np.nan)
        out[ok] = (b[ok].astype("datetime64[D]") - a[ok].astype("datetime64[D]")).astype(np.float64)
        return out


def reference_day(f: Facts, day: pd.Timestamp | None) -> pd.Timestamp | None:
    """The as_of day, or the latest date in the data when as_of is None."""
    return day if day is not None else f.latest_date


def contact_attr(net: ReferralNetwork, column: str, nodes: np.ndarray) -> pd.Series:
    """A contacts column read at ``nodes`` codes, with a fresh RangeIndex (all missing when absent)."""
    contacts = net._contacts
    if column not in contacts.columns:
        return pd.Series(index=pd.RangeIndex(len(nodes)), dtype="str", name=column)
    return contacts[column].iloc[nodes].reset_index(drop=True)
