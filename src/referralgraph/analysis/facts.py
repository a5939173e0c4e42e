"""The shared facts of a network: per-row facts computed once per network, the reference date, lookups.

Every figure a user sees (report, next actions, forecast summary, plot titles, map) reads
its facts from here, so each fact has one definition (see docs/metrics.md, "Glossary").
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from .. import _clock
from .._arrays import lookup, lookup_few
from ..model import ReferralNetwork
from ..model.snapshot import as_of_bounds, snapshot
from ..exceptions import ArgumentTypeError, OptionError
from ..model.vocabulary import MET, STATUS_NAMES

__all__ = [
    "Facts",
    "facts",
    "resolve",
    "reference",
    "reference_date",
    "reference_note",
    "scheduled_rows",
    "as_of_column",
    "choose_reference",
    "ARCHIVED_AFTER_DAYS",
    "rows_of_seeker",
    "OptionError",
    "entropy_by_group",
    "DEFAULT_CADENCE_DAYS",
    "node_facts",
    "NODE_FACTS",
]

#: days between touches for a contact met, unless the contacts table or the settings give ``cadence_days``
DEFAULT_CADENCE_DAYS = 60

#: a network whose last date is more than this many days before today is measured at that date
#: (an archived search, published data); see :func:`reference`
ARCHIVED_AFTER_DAYS = 180

NAT = np.datetime64("NaT", "ns")
_I64_MAX = np.iinfo(np.int64).max
_I64_MIN = np.iinfo(np.int64).min

#: attribute of the network instance that holds its Facts (so they live and die with it)
_CACHE_ATTR = "_referralgraph_facts"


def _clock_today() -> pd.Timestamp:
    return _clock.today()


def reference(net, as_of=None, *, today=None) -> tuple[pd.Timestamp | None, str]:
    """The reference date and how it was chosen: ``(day, reason)``; see docs/metrics.md, "The reference date".

    The one rule, first match wins:

    1. ``"given"``: ``as_of`` (its calendar day);
    2. ``"pinned"``: the ``as_of`` kept in the network's settings (``referralgraph.toml``);
    3. ``"archived"``: the data's last date (not counting scheduled rows, dated
       after today) when it is more than :data:`ARCHIVED_AFTER_DAYS` days before
       today and the data records some dated activity (an introduction or a
       conversation): a finished search or published data is measured when it
       ended. A list of connections and nothing else (a search just started from
       a LinkedIn export, whose connection dates are old) is measured today;
    4. ``"today"``: today's date (the clock, :mod:`referralgraph._clock`), also
       when the data holds no dates at all (a search just started, a list of
       names): every surface then says "today", and date-dependent figures of
       undated rows are n/a.

    A reference day includes the whole day: everything dated on it has happened
    (see :func:`resolve`). ``today`` replaces the clock. Raises OptionError if
    ``as_of`` is not a date.
    """
    if as_of is not None:
        return as_of_bounds(as_of)[0], "given"
    pinned = net.settings.as_of if isinstance(net, ReferralNetwork) else None
    if pinned is not None:
        return pinned, "pinned"
    clock = _clock_today() if today is None else as_of_bounds(today)[0]
    f = facts(net)
    return choose_reference(f.has_activity, f.latest_date_until(clock), clock)


def choose_reference(
    has_activity: bool, last: pd.Timestamp | None, clock: pd.Timestamp
) -> tuple[pd.Timestamp | None, str]:
    """Rules 3-4 of :func:`reference` from whether any introduction or conversation is dated, the data's
    last date on or before today (``last``) and today.

    Shared by the in-memory and the partitioned pipelines, so both measure on the same day.
    """
    if has_activity and last is not None and (clock - last).days > ARCHIVED_AFTER_DAYS:
        return last, "archived"
    return clock, "today"


def reference_date(net, as_of=None, *, today=None) -> pd.Timestamp | None:
    """The one reference date ("now") of every date-dependent figure (:func:`reference`'s day).

    ``today`` replaces the clock (for tests). Raises OptionError if ``as_of`` is
    not a date.
    """
    return reference(net, as_of, today=today)[0]


def as_of_column(day, n: int) -> np.ndarray:
    """The ``as_of`` column of a machine-readable table: the reference day on every row (NaT without dates)."""
    return np.full(n, NAT if day is None else day.to_datetime64(), dtype="datetime64[ns]")


def scheduled_rows(net, day) -> int:
    """How many dated rows lie after the end of ``day`` (scheduled, left out of every figure)."""
    if day is None:
        return 0
    f = facts(net)
    end = (day.normalize() + pd.Timedelta(days=1)).to_datetime64()
    return int((f.i_date >= end).sum() + (f.m_date >= end).sum())


def reference_note(net, as_of, day) -> str:
    """Why the reference date is what it is, in words (shown next to it in every text output)."""
    if day is None:
        return ""
    _, why = reference(net, as_of)
    if why == "given":
        text = "as given"
    elif why == "pinned":
        where = net.settings.path or "the network's settings"
        text = f"pinned in {Path(str(where)).name if '[' not in str(where) else where}"
    elif why == "archived":
        text = f"the last date in the data, over {ARCHIVED_AFTER_DAYS} days ago"
    else:
        text = "today"
    later = scheduled_rows(net, day) if why in ("today", "archived") else 0  # a given date's output stays reproducible
    if later:
        text += f"; {later:,} later row{'s are' if later != 1 else ' is'} scheduled and left out"
    return text


def resolve(net, as_of) -> tuple[ReferralNetwork, pd.Timestamp | None]:
    """The network to measure and its reference day (:func:`reference_date`).

    The network is a snapshot at the end of the reference day when ``as_of`` is
    given or when the data holds rows dated after that day (scheduled
    conversations), so every figure counts what was known by the end of that day
    (a meeting logged this morning has happened) and nothing scheduled later.

    Raises
    ------
    TypeError
        If ``net`` is not a ReferralNetwork.
    OptionError
        If ``as_of`` is not a date.
    """
    if not isinstance(net, ReferralNetwork):
        raise ArgumentTypeError(
            f"expected a ReferralNetwork, as returned by referralgraph.load() (got {type(net).__name__})"
        )
    day = reference_date(net, as_of)
    if as_of is not None:
        return snapshot(net, as_of), day
    latest = facts(net).latest_date
    if day is not None and latest is not None and latest > day:
        return snapshot(net, day), day
    return net, day


def facts(net: ReferralNetwork) -> Facts:
    """The per-network facts, computed once and cached on the network instance itself.

    The cache is an attribute of the network (not a module-level table), so
    dropping the network frees its facts too: the two only refer to each other,
    a cycle the garbage collector reclaims.
    """
    found = net.__dict__.get(_CACHE_ATTR)
    if found is None:
        found = Facts(net)
        net.__dict__[_CACHE_ATTR] = found
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


def _extreme_dt(arrays: tuple[np.ndarray, ...], pick: np.ufunc, missing: int) -> np.ndarray:
    """Element-wise ``pick`` (``np.minimum``/``np.maximum``) of dates; NaT (as ``missing``) loses to any date."""
    out = np.full(arrays[0].shape, missing, dtype=np.int64)
    for a in arrays:
        v = a.view("int64").copy()
        v[np.isnat(a)] = missing
        out = pick(out, v)
    res = out.view("datetime64[ns]").copy()
    res[out == missing] = NAT
    return res


def _min_dt(*arrays: np.ndarray) -> np.ndarray:
    """Element-wise earliest date, NaT only where every input is NaT."""
    return _extreme_dt(arrays, np.minimum, _I64_MAX)


def _max_dt(*arrays: np.ndarray) -> np.ndarray:
    """Element-wise latest date, NaT only where every input is NaT."""
    return _extreme_dt(arrays, np.maximum, _I64_MIN)


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
        self.net = net  # a cycle with the network's own attribute: the collector frees both together
        self.ix = net.index
        self.N = max(len(net.ids), 1)

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
        """Codes of an id column; a column with few distinct ids (opportunities, seekers) probes the ids with them."""
        return lookup_few(col, self.net.ids, self._ids_arrow)

    @cached_property
    def _ids_arrow(self):
        import pyarrow as pa

        return pa.array(self.net.ids.astype("str"), type=pa.string(), from_pandas=True)

    def _seeker_codes(self, col: pd.Series) -> np.ndarray:
        """Codes of a seeker column: few distinct values, so only those are looked up."""
        return self._codes(col)

    # ----------------------------------------------------------- meetings
    @cached_property
    def meetings(self) -> pd.DataFrame:
        return self.net.table("meetings")  # read only

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
        cache = self.__dict__.setdefault("_m_columns", {})  # once per network: Arrow -> numpy costs at 10^6
        if (name, kind) not in cache:
            col = self.meetings[name]
            out = col.to_numpy(dtype="datetime64[ns]") if kind == "date" else col.fillna(False).to_numpy(dtype=bool)
            out.flags.writeable = False  # shared by every caller
            cache[(name, kind)] = out
        return cache[(name, kind)]

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

    @cached_property
    def thanked_count(self) -> np.ndarray:
        """Per index row: this seeker's conversations with the member that have a thank-you recorded.

        A thank-you is a ``thank_you_sent`` date or a handwritten note (``handwritten_note``
        true): either one means the conversation was thanked (see docs/metrics.md).
        """
        n = len(self.ix)
        ok = self.m_row >= 0
        if not ok.any():
            return np.zeros(n, np.int64)
        thanked = np.zeros(len(self.m_row), bool)
        sent = self.m_column("thank_you_sent", "date")
        if sent is not None:
            thanked |= ~np.isnat(sent)
        note = self.m_column("handwritten_note", "bool")
        if note is not None:
            thanked |= note
        note_date = self.m_column("handwritten_note_date", "date")
        if note_date is not None:
            thanked |= ~np.isnat(note_date)
        return np.bincount(self.m_row[ok & thanked], minlength=n).astype(np.int64)

    @cached_property
    def records_thanks(self) -> bool:
        """Whether thank-yous are recorded at all (a ``thank_you_sent`` or ``handwritten_note`` column)."""
        return bool({"thank_you_sent", "handwritten_note", "handwritten_note_date"} & set(self.meetings.columns))

    # ----------------------------------------------------------- introductions
    @cached_property
    def intros(self) -> pd.DataFrame:
        return self.net.table("introductions")  # read only

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
            known = getattr(self.net, "_reference_codes", {})
            if all(len(known.get(c, ())) == n for c in ("intro_seeker", "introducer", "introduced")):
                # resolved once, when the network was built
                seeker[rest], frm[rest], to[rest] = (
                    known["intro_seeker"][rest],
                    known["introducer"][rest],
                    known["introduced"][rest],
                )
            else:
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
        contacts = self.net.table("contacts")
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
        contacts = self.net.table("contacts")
        if "last_touch" in contacts.columns and n:  # touches that are not meetings (mail; import-history)
            parts.append(contacts["last_touch"].to_numpy(dtype="datetime64[ns]")[self.ix.node])
        out = _max_dt(*parts)
        out[self.ix.parent < 0] = NAT
        return out

    @cached_property
    def latest_date(self) -> pd.Timestamp | None:
        """The latest date anywhere in the data, or None (see :func:`reference_date` for "now")."""
        latest = self._latest_value
        return None if latest is None else pd.Timestamp(latest).normalize()

    @cached_property
    def has_activity(self) -> bool:
        """Whether any introduction or conversation is dated (contacts' own dates are not activity)."""
        return bool((~np.isnat(self.i_date)).any() or (~np.isnat(self.m_date)).any())

    @cached_property
    def _date_parts(self) -> list[np.ndarray]:
        """Every date column of the data (NaT left in)."""
        parts = [self.i_date, self.m_date]
        for name in ("thank_you_sent", "handwritten_note_date"):
            d = self.m_column(name, "date")
            if d is not None:
                parts.append(d)
        if "first_contact" in self.net.table("contacts").columns:
            parts.append(self.net.table("contacts")["first_contact"].to_numpy(dtype="datetime64[ns]"))
        return parts

    @cached_property
    def _latest_value(self) -> np.datetime64 | None:
        """The latest date (one max per column, no sort), or None."""
        tops = [p.view("int64")[~np.isnat(p)].max(initial=_I64_MIN) for p in self._date_parts]
        top = max(tops, default=_I64_MIN)
        return None if top == _I64_MIN else np.datetime64(int(top), "ns")

    @cached_property
    def _all_dates(self) -> np.ndarray:
        """Every date in the data, sorted (NaT removed)."""
        parts = self._date_parts
        out = np.concatenate([p[~np.isnat(p)] for p in parts]) if parts else np.zeros(0, "datetime64[ns]")
        return np.sort(out)

    def latest_date_until(self, day: pd.Timestamp) -> pd.Timestamp | None:
        """The latest date in the data on or before the end of ``day`` (normalized), or None."""
        end = (day.normalize() + pd.Timedelta(days=1)).to_datetime64()
        latest = self._latest_value
        if latest is None or latest < end:  # the usual case: nothing is dated after the day, no sort needed
            return self.latest_date
        d = self._all_dates
        k = int(np.searchsorted(d, end, side="left"))
        return pd.Timestamp(d[k - 1]).normalize() if k else None

    # ----------------------------------------------------------- met and recorded
    @cached_property
    def met(self) -> np.ndarray:
        """Per row: met, because a meeting row or an introduction's ``status=met`` says so (seekers False)."""
        return (self.ix.status == MET) & (self.ix.parent >= 0)

    @cached_property
    def tree_records_meetings(self) -> np.ndarray:
        """Per seeker position: whether "met" is known at all (a meeting row, or a status of met)."""
        ix = self.ix
        T = len(ix.seekers)
        out = np.zeros(T, bool)
        if len(ix):
            out[np.unique(ix.tree_of_row[self.met])] = True
        ok = self.m_seeker >= 0
        if ok.any():
            pos = np.full(self.N, -1, np.int64)
            pos[ix.seekers] = np.arange(T)
            p = pos[self.m_seeker[ok]]
            out[p[p >= 0]] = True
        return out

    def tree_records(self, column: str) -> np.ndarray:
        """Per seeker position: whether any of the seeker's meetings has a value in ``column``.

        A blank cell is unknown, never "no": a habit column nobody filled in for a
        seeker makes that seeker's figures about the habit n/a (docs/metrics.md).
        """
        ix = self.ix
        T = len(ix.seekers)
        out = np.zeros(T, bool)
        if column not in self.meetings.columns or not len(self.meetings):
            return out
        ok = (self.m_seeker >= 0) & self.meetings[column].notna().to_numpy()
        if ok.any():
            pos = np.full(self.N, -1, np.int64)
            pos[ix.seekers] = np.arange(T)
            p = pos[self.m_seeker[ok]]
            out[p[p >= 0]] = True
        return out

    @cached_property
    def asked(self) -> np.ndarray:
        """Per row: asked for introductions at some meeting (False when the column is absent)."""
        out = np.zeros(len(self.ix), bool)
        a = self.m_column("asked_for_introductions", "bool")
        if a is not None:
            hit = self.m_row[(self.m_row >= 0) & a]
            out[hit] = True
        return out

    @cached_property
    def records_asks(self) -> bool:
        """Whether asking is recorded at all (an ``asked_for_introductions`` value somewhere)."""
        m = self.meetings
        return "asked_for_introductions" in m.columns and bool(m["asked_for_introductions"].notna().any())

    @cached_property
    def cadence_days(self) -> np.ndarray:
        """Per row: the contacts table's ``cadence_days`` (days between touches), else the settings', else NaN."""
        out = np.full(len(self.ix), np.nan)
        contacts = self.net.table("contacts")
        if "cadence_days" in contacts.columns and len(self.ix):
            c = pd.to_numeric(contacts["cadence_days"], errors="coerce").to_numpy(dtype=float)[self.ix.node]
            ok = np.isfinite(c) & (c > 0)
            out[ok] = c[ok]
        kept = self.net.settings.cadence_days  # the settings' default cadence fills the rest
        if kept is not None:
            out[np.isnan(out)] = float(kept)
        return out

    @cached_property
    def has_cadence_column(self) -> bool:
        return "cadence_days" in self.net.table("contacts").columns

    @cached_property
    def display_names(self) -> np.ndarray:
        """Per contact code: the name, or the id when the name is blank (object array)."""
        ids = self.net.ids.to_numpy(dtype=object)
        contacts = self.net.table("contacts")
        if "name" not in contacts.columns:
            return ids.copy()
        names = contacts["name"].astype("str").str.strip()
        blank = contacts["name"].isna().to_numpy() | (names == "").to_numpy()
        return np.where(blank, ids, names.to_numpy(dtype=object))

    def text_codes(self, column: str) -> np.ndarray:
        """Per contact code: :func:`text_codes` of a contacts column, computed once per network and column."""
        cache = self.__dict__.setdefault("_text_codes", {})
        if column not in cache:
            cache[column] = text_codes(self.net.table("contacts")[column])
        return cache[column]

    @cached_property
    def days_to_first_introduction(self) -> np.ndarray:
        """Days (calendar) from the first meeting to the first introduction the member made."""
        a, b = self.first_meeting, self.first_introduction_made
        ok = ~np.isnat(a) & ~np.isnat(b)
        out = np.full(len(self.ix), np.nan)
        out[ok] = (b[ok].astype("datetime64[D]") - a[ok].astype("datetime64[D]")).astype(np.float64)
        return out


def reference_day(f: Facts, day: pd.Timestamp | None) -> pd.Timestamp | None:
    """The reference day :func:`resolve` found (it already applies the one rule)."""
    return day


#: the status words of docs/metrics.md, by index status code (a direct contact not met is "connected")
STATUS_LABELS = np.array(STATUS_NAMES, dtype=object)


def status_labels(ix, f: Facts, rows: np.ndarray) -> pd.Series:
    """Per row: ``met``, ``connected`` (direct, not met), ``introduced`` or ``suggested`` (str Series)."""
    out = STATUS_LABELS[ix.status[rows]].copy()
    out[(ix.generation[rows] == 1) & ~f.met[rows]] = "connected"
    return pd.Series(out, dtype="str")


def contact_attr(net: ReferralNetwork, column: str, nodes: np.ndarray) -> pd.Series:
    """A contacts column read at ``nodes`` codes, with a fresh RangeIndex (all missing when absent)."""
    contacts = net.table("contacts")
    if column not in contacts.columns:
        return pd.Series(index=pd.RangeIndex(len(nodes)), dtype="str", name=column)
    return contacts[column].iloc[nodes].reset_index(drop=True)


# ----------------------------------------------------------------- opportunities (issue 24)
_OPP_CACHE_ATTR = "_referralgraph_opportunity_facts"


def opportunity_facts(net: ReferralNetwork) -> pd.DataFrame:
    """One row per opportunity (a seeker's rows sharing an ``opportunity`` name), computed once per network.

    Columns: ``seeker`` and ``contact`` (codes, -1 if none), ``opportunity``,
    ``organization``, ``role`` (first given), ``reached`` (furthest progress: a
    position in ``PROGRESS_STAGES``, -1 for none), ``stage`` (the latest step's
    stage), ``referred`` (a ``referred`` step is recorded), ``date_<stage>`` for each
    progress stage (the first day the opportunity was at that stage or further;
    NaT when not dated), ``date_referral`` (the first ``referred`` step's day),
    ``first_date``, ``last_date`` and ``row`` (the tree row
    of (seeker, contact), -1 when the contact is in none of that seeker's trees).

    The contact an opportunity came through is the contact of its earliest
    ``referred`` step, else of its earliest step that names one. Rows without a
    stage or a seeker (kept in lenient mode) are left out. Vectorised: grouped
    reductions only, no loop per opportunity.
    """
    found = net.__dict__.get(_OPP_CACHE_ATTR)
    if found is not None:
        return found
    from ..model.opportunities import PROGRESS_STAGES, reach_rank

    o = net.table("opportunities")
    f = facts(net)
    seeker = f._seeker_codes(o["seeker"].astype("str")) if len(o) else np.zeros(0, np.int64)
    keep = (
        np.flatnonzero(o["stage"].notna().to_numpy() & (seeker >= 0) & o["opportunity"].notna().to_numpy())
        if len(o)
        else np.zeros(0, np.int64)
    )
    o, seeker = o.iloc[keep], seeker[keep]
    contact = f._codes(o["contact"]) if len(o) else np.zeros(0, np.int64)
    date = o["date"].to_numpy(dtype="datetime64[ns]")
    rank = reach_rank(o["stage"]).astype(np.int64)
    name_codes, names = pd.factorize(o["opportunity"].astype("str"))
    key = seeker.astype(np.int64) * max(len(names), 1) + name_codes
    group, uniq = pd.factorize(key, sort=True)
    G = len(uniq)
    order = np.lexsort((np.arange(len(o)), np.where(np.isnat(date), _I64_MAX, date.view("int64")), group))
    first_row = np.full(G, -1, np.int64)
    last_row = np.full(G, -1, np.int64)
    if len(order):
        g_sorted = group[order]
        starts = np.flatnonzero(np.r_[True, g_sorted[1:] != g_sorted[:-1]])
        first_row[g_sorted[starts]] = order[starts]
        ends = np.r_[starts[1:], len(order)] - 1
        last_row[g_sorted[ends]] = order[ends]
    # the contact: earliest referred step with a contact, else earliest step with one
    pick = np.full(G, -1, np.int64)
    pos_in_order = np.empty(len(o), np.int64)
    pos_in_order[order] = np.arange(len(order))
    for mask in ((o["stage"].to_numpy() == "referred") & (contact >= 0), contact >= 0):
        rows = np.flatnonzero(mask)
        best = np.full(G, _I64_MAX, np.int64)
        np.minimum.at(best, group[rows], pos_in_order[rows])
        fill = (pick < 0) & (best < _I64_MAX)
        pick[fill] = order[best[fill]]
    reached = np.full(G, -1, np.int64)
    np.maximum.at(reached, group, rank)
    out = pd.DataFrame(
        {
            "seeker": seeker[first_row] if G else np.zeros(0, np.int64),
            "opportunity": pd.Series(names.take(name_codes[first_row]) if G else [], dtype="str"),
            "contact": np.where(pick >= 0, contact[np.maximum(pick, 0)], -1) if G else np.zeros(0, np.int64),
            "reached": reached,
            "stage": pd.Series(o["stage"].to_numpy()[last_row] if G else [], dtype="str"),
            "referred": np.bincount(group, weights=(o["stage"].to_numpy() == "referred"), minlength=G)[:G] > 0,
            "first_date": group_reduce(group, date, G, "min"),
            "last_date": group_reduce(group, date, G, "max"),
        }
    )
    for col in ("organization", "role"):
        vals = o[col]
        has = np.flatnonzero(vals.notna().to_numpy())
        firsts = np.full(G, _I64_MAX, np.int64)
        np.minimum.at(firsts, group[has], pos_in_order[has])
        ok = firsts < _I64_MAX
        col_out = pd.Series(pd.NA, index=range(G), dtype="str")
        col_out[ok] = vals.to_numpy()[order[firsts[ok]]]
        out[col] = col_out
    for k, st in enumerate(PROGRESS_STAGES):
        out[f"date_{st}"] = group_reduce(np.where(rank >= k, group, -1), date, G, "min")
    out["date_referral"] = group_reduce(np.where(o["stage"].to_numpy() == "referred", group, -1), date, G, "min")
    out["row"] = f.row_for(out["seeker"].to_numpy(dtype=np.int64), out["contact"].to_numpy(dtype=np.int64))
    net.__dict__[_OPP_CACHE_ATTR] = out
    return out


#: columns of :func:`node_facts`
NODE_FACTS = ("status", "joined")


def node_facts(net: ReferralNetwork) -> pd.DataFrame:
    """Per contact (rows in ``net.contacts`` order), the facts a graph export carries, from this module.

    What the GraphML, GEXF and node-link JSON exports are given (``node_facts=``)
    so that a file says what :func:`referralgraph.contact_metrics`, the report and
    the map say:

    - ``status``: the status of the contact in the first tree holding them
      (seekers in ``net.seekers`` order, as ``node_metrics`` picks it): ``seeker``,
      ``met``, ``connected`` (a direct contact not met), ``introduced`` or
      ``suggested``; missing for a contact in no tree;
    - ``joined``: the day they joined the network, the earliest of their
      ``first_contact`` facts (one per seeker whose tree holds them: the tree
      edge's date and the first meeting with that seeker, else
      ``contacts.first_contact``); for a seeker, the earliest such day in their
      tree (and as a contact of another seeker's tree, if earlier). NaT when
      nothing is dated.

    Examples
    --------
    >>> from referralgraph.analysis.facts import node_facts
    >>> contacts = pd.DataFrame({"name": ["Me", "Ann", "Bo"], "is_seeker": ["yes", "", ""],
    ...                          "first_contact": ["", "2026-02-01", ""]})
    >>> intros = pd.DataFrame({"introducer": ["Me", "Ann"], "introduced": ["Ann", "Bo"],
    ...                        "date": ["2026-03-05", "2026-03-09"]})
    >>> node_facts(rg.from_frames(contacts, intros))
           status     joined
    0      seeker 2026-03-05
    1   connected 2026-03-05
    2  introduced 2026-03-09
    """
    f = facts(net)
    ix = net.index
    n = len(net.ids)
    first = f._first_row_of_node[:n] if n else np.zeros(0, np.int64)
    has = first >= 0
    status = np.full(n, None, dtype=object)
    if has.any():
        status[has] = status_labels(ix, f, first[has]).to_numpy(dtype=object)
    joined = group_reduce(ix.node.astype(np.int64), f.first_contact, n, "min") if n else np.zeros(0, "datetime64[ns]")
    if len(ix):
        tree_first = group_reduce(ix.tree_of_row.astype(np.int64), f.first_contact, len(ix.seekers), "min")
        joined[ix.seekers] = _min_dt(joined[ix.seekers], tree_first)
    return pd.DataFrame({"status": pd.Series(status, dtype="str"), "joined": pd.Series(joined, dtype="datetime64[ns]")})
