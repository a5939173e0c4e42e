"""Events from iCalendar exports (Google Calendar, Outlook, Apple Calendar, Thunderbird), bounded.

Each VEVENT becomes one row per occurrence inside the search's dates: its start in
the seeker's local time (``TZID`` with the file's ``VTIMEZONE`` or the IANA zone, UTC
``Z`` times, floating times kept as written), whether it is all-day, its title and
location (only to guess the kind; never stored), organizer and attendees with their
participation status. Cancelled events (``STATUS:CANCELLED``, ``METHOD:CANCEL``) are
left out. Recurring events (``RRULE``, ``RDATE``, ``EXDATE``, overrides with
``RECURRENCE-ID``) are expanded only between ``since`` and ``until``; rules repeating
more often than daily are refused with a warning, and at most :data:`MAX_STEPS`
occurrences of one rule are walked, so an endless rule never hangs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

__all__ = ["Event", "read_ics", "MAX_STEPS", "MAX_BYTES"]

#: occurrences of one recurrence rule walked at most (from its first date)
MAX_STEPS = 100_000
#: an .ics file larger than this is refused (they are a few MB even for years of events)
MAX_BYTES = 200 * 2**20
_DENSE = {"SECONDLY", "MINUTELY", "HOURLY"}


@dataclass
class Event:
    """One occurrence of a calendar event (title and location are read to guess the kind, never stored)."""

    file: str
    where: str  # 'event 3 (UID abc@google.com)'
    start: pd.Timestamp
    all_day: bool
    title: str = ""
    location: str = ""
    organizer: tuple | None = None  # (address, name, partstat)
    attendees: list = field(default_factory=list)  # [(address, name, partstat), ...]


def _person(prop) -> tuple[str, str, str]:
    value = str(prop)
    addr = value[7:] if value.lower().startswith("mailto:") else value
    params = getattr(prop, "params", {}) or {}
    name = str(params.get("CN", "") or "").strip().strip('"')
    return addr.strip().lower(), name, str(params.get("PARTSTAT", "") or "").upper()


def _local(value, tz) -> tuple[pd.Timestamp, bool]:
    """(naive local timestamp, all-day) of a DTSTART value (a date, a zoned, UTC or floating date-time)."""
    if isinstance(value, dt.datetime):
        ts = pd.Timestamp(value)
        if ts.tzinfo is not None:
            ts = ts.tz_convert(tz).tz_localize(None)
        return ts, False
    return pd.Timestamp(value), True


def _occurrences(event, start, since, until, where, on_problem):
    """The start times of a (possibly recurring) event that fall within [since, until]."""
    from dateutil import rrule

    rules = event.get("RRULE")
    rdates = _dates_of(event.get("RDATE"))
    exdates = set(_dates_of(event.get("EXDATE")))
    if rules is None and not rdates:
        return [start]
    out = list(rdates) + [start]
    if rules is not None:
        for rule in rules if isinstance(rules, list) else [rules]:
            text = rule.to_ical().decode("utf-8", "replace")
            freq = str(rule.get("FREQ", [""])[0]).upper()
            if freq in _DENSE:
                on_problem(where, f"repeats {freq.lower()}; only its first occurrence is read")
                continue
            naive = start.tzinfo is None
            try:
                r = rrule.rrulestr(text, dtstart=start, ignoretz=naive, forceset=False)
            except (ValueError, TypeError) as exc:
                on_problem(where, f"its RRULE {text!r} cannot be read ({exc}); only its first occurrence is read")
                continue
            steps = 0
            for occ in r:
                steps += 1
                if _after(occ, until) or steps > MAX_STEPS:
                    if steps > MAX_STEPS:
                        on_problem(
                            where,
                            f"its rule gives more than {MAX_STEPS:,} occurrences before "
                            f"{until:%Y-%m-%d}; read up to there",
                        )
                    break
                if not _after(since, occ):
                    out.append(occ)
    keep = []
    for occ in out:
        if occ not in exdates and not _after(occ, until) and not _after(since, occ):
            keep.append(occ)
    return sorted(set(keep), key=lambda d: pd.Timestamp(d).value if isinstance(d, dt.datetime) else 0)


def _after(a, b) -> bool:
    """a > b, comparing dates, zoned and naive date-times by their wall time when zones differ in kind."""
    a, b = _cmp(a), _cmp(b)
    return a > b


def _cmp(v):
    ts = pd.Timestamp(v)
    return ts.tz_convert("UTC").tz_localize(None) if ts.tzinfo is not None else ts


def _dates_of(prop) -> list:
    if prop is None:
        return []
    out = []
    for p in prop if isinstance(prop, list) else [prop]:
        for d in getattr(p, "dts", []):
            out.append(d.dt)
    return out


def read_ics(path: Path, *, since: pd.Timestamp, until: pd.Timestamp, tz, on_problem) -> list[Event]:
    """Every occurrence of every event of an .ics file between ``since`` and ``until`` (local days)."""
    import icalendar

    size = path.stat().st_size
    if size > MAX_BYTES:
        on_problem(
            "file",
            f"is {size / 2**20:.0f} MB, more than the {MAX_BYTES // 2**20} MB an .ics file is read up to;"
            " skipped (export a shorter period)",
        )
        return []
    try:
        cal = icalendar.Calendar.from_ical(path.read_bytes())
    except (ValueError, IndexError, KeyError, UnicodeError) as exc:
        on_problem("file", f"is not a readable iCalendar file ({str(exc)[:120]}); skipped")
        return []
    if str(cal.get("METHOD", "")).upper() == "CANCEL":
        return []
    events = [c for c in cal.walk("VEVENT")]
    overrides: dict[str, dict] = {}
    for ev in events:
        if ev.get("RECURRENCE-ID") is not None:
            overrides.setdefault(str(ev.get("UID", "")), {})[_cmp(ev.decoded("RECURRENCE-ID"))] = ev
    out: list[Event] = []
    lo, hi = since.normalize(), until.normalize() + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
    for number, ev in enumerate(events, start=1):
        uid = str(ev.get("UID", "") or "")
        where = f"event {number}" + (f" (UID {uid[:80]})" if uid else "")
        if ev.get("RECURRENCE-ID") is not None:
            continue  # read as the occurrence it replaces
        if str(ev.get("STATUS", "")).upper() == "CANCELLED":
            continue
        try:
            start_value = ev.decoded("DTSTART")
        except (KeyError, ValueError, TypeError) as exc:
            on_problem(where, f"has no readable DTSTART ({str(exc)[:80] or 'missing'}); skipped")
            continue
        if not isinstance(start_value, (dt.date, dt.datetime)):
            on_problem(where, "has no readable DTSTART; skipped")
            continue
        bound_lo, bound_hi = _bounds(start_value, lo, hi, tz)
        try:
            starts = _occurrences(ev, start_value, bound_lo, bound_hi, where, on_problem)
        except (ValueError, TypeError, OverflowError) as exc:
            on_problem(where, f"its dates cannot be expanded ({str(exc)[:80]}); skipped")
            continue
        moved = overrides.get(uid, {})
        for occ in starts:
            this = moved.get(_cmp(occ), ev)
            if this is not ev:
                if str(this.get("STATUS", "")).upper() == "CANCELLED":
                    continue
                occ = this.decoded("DTSTART")
            when, all_day = _local(occ, tz)
            if when < lo or when > hi:
                continue
            out.append(_event(this, path, where, when, all_day))
    return out


def _bounds(start_value, lo, hi, tz):
    """The search's bounds, a day wider on each side, in the kind of the event's DTSTART (date, zoned or floating)."""
    lo, hi = (lo - pd.Timedelta(days=1)).floor("s"), (hi + pd.Timedelta(days=1)).floor("s")
    if isinstance(start_value, dt.datetime):
        if start_value.tzinfo is not None:
            return lo.tz_localize("UTC").to_pydatetime(), hi.tz_localize("UTC").to_pydatetime()
        return lo.to_pydatetime(), hi.to_pydatetime()
    return lo.date(), hi.date()


def _event(ev, path, where, when, all_day) -> Event:
    attendees = ev.get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else ([attendees] if attendees is not None else [])
    org = ev.get("ORGANIZER")
    return Event(
        file=str(path),
        where=where,
        start=when,
        all_day=all_day,
        title=str(ev.get("SUMMARY", "") or ""),
        location=str(ev.get("LOCATION", "") or ""),
        organizer=_person(org) if org is not None else None,
        attendees=[_person(a) for a in attendees],
    )
