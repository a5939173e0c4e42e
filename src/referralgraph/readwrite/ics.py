"""Follow-ups in the calendar: the to-do list of :func:`~referralgraph.next_actions` as an iCalendar file (RFC 5545).

Written with the `icalendar <https://icalendar.readthedocs.io>`_ library, one event (or
to-do) per action, with stable UIDs so that importing a newer file updates the
events instead of adding copies.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import os
import re
from pathlib import Path

import pandas as pd

from .. import _clock
from ..exceptions import ArgumentTypeError, OptionError, SchemaError
from ..model.deadlines import due_text
from ._atomic import check_target, write_bytes
from ..model.vocabulary import HABITS

__all__ = ["actions_to_ics", "ics_uid"]

PathLike = str | os.PathLike

#: columns of the actions table the calendar needs (other columns are ignored)
ICS_COLUMNS = ("habit", "priority", "contact", "name", "organization", "action", "reason", "due")
_PRODID = "-//referralgraph//next actions//EN"
_DOMAIN = "referralgraph"
#: characters RFC 5545 TEXT may not hold (CONTROL: C0 but tab and line feed, DEL) and C1 controls
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(value) -> str:
    r"""Calendar text: line breaks made ``\n``, other control characters removed (RFC 5545 forbids them).

    Examples
    --------
    >>> from referralgraph.readwrite.ics import clean_text
    >>> clean_text("Ann\x1b[31m Lee\r\nAcme\x07")
    'Ann[31m Lee\nAcme'
    """
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text)


def _text_value(value):
    """A TEXT property value that icalendar writes with exact RFC 5545 escaping (see :func:`_exact_text`)."""
    return _exact_text()(clean_text(value))


@functools.cache
def _exact_text():
    """icalendar's ``vText`` with exact escaping: its own turns a literal backslash-N into a line break.

    This one escapes every backslash first, so whatever the text holds reads back unchanged.
    """
    from icalendar.prop import vText

    class ExactText(vText):
        __slots__ = ()
        encoding: str  # set by vText.__new__ (a slot icalendar does not annotate)

        def to_ical(self) -> bytes:
            text = str(self).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
            return text.encode(self.encoding)

    return ExactText


def ics_uid(seeker, contact, habit, premise) -> str:
    """The UID of an action's event: a hash of who, what and why, so a later export updates it.

    Parameters
    ----------
    seeker, contact, habit, premise : str or None
        Whose action, about whom, which habit, and what it rests on (the action's
        ``premise`` when the table has one, else its sentence).

    Returns
    -------
    str
        ``<40 hex digits>@referralgraph``.

    Examples
    --------
    >>> from referralgraph.readwrite.ics import ics_uid
    >>> uid = ics_uid("maya", "ann", "thank", "Send Ann a thank-you for the conversation on 2026-03-02")
    >>> len(uid), uid.endswith("@referralgraph")
    (54, True)
    >>> ics_uid("maya", "ann", "thank", "x") == ics_uid("maya", "ann", "thank", "x")
    True
    """
    parts = [
        "" if v is None or (isinstance(v, float) and v != v) else str(v) for v in (seeker, contact, habit, premise)
    ]
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{digest}@{_DOMAIN}"


def _timestamp(value) -> pd.Timestamp | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    if ts is pd.NaT:
        return None
    return ts.tz_convert(None) if ts.tz is not None else ts


def actions_to_ics(
    actions: pd.DataFrame,
    path: PathLike,
    *,
    seeker: str | None = None,
    as_of=None,
    limit: int | None = None,
    component: str = "event",
    alarm: bool = True,
    overwrite: bool = False,
    stamp=None,
) -> Path:
    """Write a to-do list (the table :func:`~referralgraph.next_actions` returns) as an iCalendar file.

    Parameters
    ----------
    actions : pandas.DataFrame
        One row per action with the columns ``habit, priority, contact, name,
        organization, action, reason, due`` (others are ignored; a ``premise`` or
        ``seeker`` column, when present, goes into the UID).
    path : path
        The ``.ics`` file to write (atomically).
    seeker : str, optional
        Whose actions (part of every UID, so two seekers' calendars never collide). ``None``
        means every seeker: each row's own ``seeker`` column when the table has one.
    as_of : date-like, optional
        The day the list is for (default: today): actions without a deadline, and
        overdue ones, are put on that day.
    limit : int, optional
        At most this many actions per habit, the first ones in the table's order
        (the ones ``referralgraph next --limit`` prints).
    component : {"event", "todo"}, default "event"
        ``event`` writes VEVENTs, which every calendar program imports; ``todo``
        writes VTODOs with a DUE date, for task programs.
    alarm : bool, default True
        Add a VALARM (a reminder) to every action with a deadline: two hours before
        a deadline with a time, 9:00 on the day of an all-day event (for to-dos: 9:00
        the day before a due day).
    overwrite : bool, default False
        Replace ``path`` if it exists. A calendar this function wrote before (its
        PRODID says so) is always replaced: that is how the calendar is kept current.
    stamp : datetime, optional
        The DTSTAMP of every component (default: now, in UTC); pass one for a
        reproducible file.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    ArgumentTypeError
        If ``actions`` is not a DataFrame.
    SchemaError
        If a needed column is missing.
    OptionError
        If ``component`` is not ``event`` or ``todo``.
    OverwriteError
        If ``path`` exists, is not a calendar written by this function, and
        ``overwrite`` is false.

    Notes
    -----
    Each action becomes one component whose SUMMARY is the action, DESCRIPTION
    the reason (and the habit and the organization), CATEGORIES the habit, and
    PRIORITY the action's priority (1 highest, at most 9). A deadline with a
    time (a thank-you due 24 hours after a conversation at 18:00) gives a
    30-minute event ending at the deadline; a deadline that is a day gives an
    all-day event. Times are written as floating local times, as the data has
    them. The UID is :func:`ics_uid` of seeker, contact, habit and premise, so
    importing tomorrow's file into the same calendar updates today's events
    rather than adding copies; SEQUENCE stays 0 and DTSTAMP/LAST-MODIFIED say
    which file is newer.

    Examples
    --------
    >>> import tempfile, icalendar
    >>> net = rg.demo()
    >>> todo = rg.next_actions(net, as_of="2026-09-25")
    >>> path = rg.actions_to_ics(todo, tempfile.mkdtemp() + "/followups.ics", seeker="maya", as_of="2026-09-25")
    >>> cal = icalendar.Calendar.from_ical(path.read_bytes())
    >>> len(cal.walk("VEVENT")) == len(todo)
    True
    """
    import icalendar

    actions = _checked_actions(actions, component=component, limit=limit)
    overwrite = overwrite or _written_by_us(Path(path))
    path = check_target(Path(path), overwrite=overwrite)
    day = (_timestamp(as_of) or _clock.today()).normalize()
    now = _timestamp(stamp)
    now_utc = now.to_pydatetime().replace(tzinfo=_dt.timezone.utc) if now is not None else _clock.utc_now()

    cal = icalendar.Calendar()
    cal.add("prodid", _PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _text_value(f"Networking follow-ups{f' ({seeker})' if seeker else ''}"))
    seen: dict[str, int] = {}
    for rec in actions.to_dict("records"):
        uid = _unique_uid(rec, actions.columns, seeker, seen)
        cal.add_component(_component(rec, uid, day=day, now_utc=now_utc, component=component, alarm=alarm))
    return write_bytes(path, cal.to_ical(), overwrite=overwrite)


def _checked_actions(actions, *, component: str, limit) -> pd.DataFrame:
    """The to-do list checked (a DataFrame with the needed columns), cut to ``limit`` actions per habit."""
    if not isinstance(actions, pd.DataFrame):
        raise ArgumentTypeError(
            f"actions must be a pandas DataFrame such as next_actions() returns (got {type(actions).__name__})"
        )
    missing = [c for c in ICS_COLUMNS if c not in actions.columns]
    if missing:
        raise SchemaError(
            f"actions lacks the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; "
            f"expected the table next_actions() returns (columns {', '.join(ICS_COLUMNS)})"
        )
    if component not in ("event", "todo"):
        raise OptionError(f"component must be 'event' or 'todo' (got {component!r})")
    if limit is not None:
        from .._checks import check_int

        limit = check_int("limit", limit, minimum=1)
        actions = actions.groupby("habit", sort=False).head(limit)
    return actions


def _unique_uid(rec: dict, columns, seeker, seen: dict[str, int]) -> str:
    """The action's :func:`ics_uid`; the same action twice in one table keeps both, apart (``-2``, ...)."""
    premise = rec.get("premise") if "premise" in columns else rec["action"]
    who = rec.get("seeker") if "seeker" in columns and rec.get("seeker") is not None else seeker
    uid = ics_uid(who, rec["contact"], str(rec["habit"]), premise)
    if uid in seen:
        seen[uid] += 1
        uid = uid.replace("@", f"-{seen[uid]}@", 1)
    else:
        seen[uid] = 1
    return uid


def _component(rec: dict, uid: str, *, day: pd.Timestamp, now_utc, component: str, alarm: bool):
    """One action as a VEVENT or VTODO: summary, description, priority, its time, and its reminder."""
    import icalendar

    habit = str(rec["habit"])
    due = _timestamp(rec["due"])
    item = icalendar.Event() if component == "event" else icalendar.Todo()
    item.add("uid", uid)
    item.add("dtstamp", now_utc)
    item.add("last-modified", now_utc)
    item.add("sequence", 0)
    item.add("summary", _text_value(rec["action"]))
    lines = [str(rec["reason"])] if _text(rec["reason"]) else []
    if _text(rec["organization"]):
        lines.append(f"Organization: {rec['organization']}")
    lines.append(f"Habit: {HABITS.get(habit, habit)}")
    if due is not None:
        lines.append(f"Due by {due_text(due)}")  # the words next and log use (model.deadlines)
    item.add("description", _text_value("\n".join(lines)))
    item.add("categories", [HABITS.get(habit, habit)])
    try:
        priority = min(max(int(rec["priority"]), 1), 9)
    except (TypeError, ValueError):
        priority = 0
    item.add("priority", priority)
    timed = due is not None and due != due.normalize()
    _add_time(item, due, timed=timed, day=day, component=component)
    if alarm and due is not None:
        item.add_component(_reminder(rec, due, timed=timed, day=day, component=component))
    return item


def _add_time(item, due, *, timed: bool, day: pd.Timestamp, component: str) -> None:
    """A to-do's start and due; an event's start and end (30 minutes before a timed deadline, else all day)."""
    if component == "todo":
        start = day if due is None or due.normalize() > day else None
        if start is not None:
            item.add("dtstart", start.date())
        if due is not None:
            item.add("due", due.to_pydatetime() if timed else due.date())
        item.add("status", "NEEDS-ACTION")
        return
    when = due if due is not None and due.normalize() >= day else None
    if when is not None and timed:
        item.add("dtstart", (when - pd.Timedelta(minutes=30)).to_pydatetime())
        item.add("dtend", when.to_pydatetime())
    else:
        first = (when or day).date()
        item.add("dtstart", first)
        item.add("dtend", first + _dt.timedelta(days=1))
    item.add("transp", "TRANSPARENT")


def _reminder(rec: dict, due: pd.Timestamp, *, timed: bool, day: pd.Timestamp, component: str):
    """The VALARM of an action with a deadline."""
    import icalendar

    reminder = icalendar.Alarm()
    reminder.add("action", "DISPLAY")
    reminder.add("description", _text_value(rec["action"]))
    if component == "todo":
        reminder.add(
            "trigger", _dt.timedelta(hours=-2) if timed else _dt.timedelta(hours=-15), parameters={"RELATED": "END"}
        )
    elif timed and due.normalize() >= day:
        reminder.add("trigger", _dt.timedelta(hours=-1, minutes=-30))  # 2 h before the deadline
    else:
        reminder.add("trigger", _dt.timedelta(hours=9))  # 9:00 on the all-day event's day
    return reminder


def _written_by_us(path: Path) -> bool:
    """True for an existing file that is an iCalendar file written by :func:`actions_to_ics`."""
    try:
        if not path.is_file():
            return False
        with open(path, "rb") as f:
            head = f.read(400)
    except OSError:
        return False
    return head.startswith(b"BEGIN:VCALENDAR") and f"PRODID:{_PRODID}".encode() in head


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())
