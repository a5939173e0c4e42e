"""Past meetings, thank-yous and touches from the seeker's own calendar and mail exports, offline.

:func:`read_history` reads iCalendar exports (``.ics``) and mail archives (mbox,
``.eml``), telling the format by content; only dates, addresses, names and the few
headers below are read (message bodies never). :func:`merge_history` turns them into
meetings, ``thank_you_sent`` times and a per-contact ``last_touch`` on a network (a
new network), and :func:`import_history` writes the same into the files of a source,
appending rows and filling blank cells only, with the byte-preserving appender
``log`` uses (``dry_run=True`` previews). The rules are in docs/importing.md; the matching
(who each address is, and the merge's plan) is in ``_history_match.py``.
"""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from .. import _clock
from .._checks import check_network
from ..exceptions import ArgumentTypeError, OptionError, ReferralGraphWarning
from ..model import ReferralNetwork
from ..model.names import fold_name
from . import _calendar, _mail
from ._history_match import THANK_WINDOW_DAYS, _Filter, _Merge, _people_for
from ..model.vocabulary import MEETING_KINDS

__all__ = ["read_history", "merge_history", "import_history", "HISTORY_COLUMNS"]

PathLike = str | os.PathLike

#: the columns of read_history's table
HISTORY_COLUMNS = [
    "file",
    "item",
    "type",
    "date",
    "all_day",
    "kind",
    "sender",
    "people",
    "message_id",
    "refs",
    "thanks_word",
    "sent_label",
    "title_key",
]
#: words in a subject that make a reply a thank-you whatever its thread (case and accents folded)
THANKS_WORDS = ("thank", "thanks", "thx", "merci", "danke", "gracias", "grazie", "obrigad", "tack", "dank")
#: kinds guessed from an event's title and location, first rule that matches wins
KIND_RULES = (
    ("informational-interview", ("informational", "info interview", "info chat", "career chat")),
    ("coffee", ("coffee", "cafe", "tea", "lunch", "breakfast", "brunch", "drinks", "dinner", "starbucks")),
    (
        "video",
        (
            "zoom",
            "meet google com",
            "google meet",
            "teams microsoft com",
            "microsoft teams",
            "webex",
            "facetime",
            "video",
            "whereby",
            "skype",
        ),
    ),
    ("call", ("call", "phone", "tel", "ring", "dial", "calls")),
)


# ------------------------------------------------------------------------------------------- reading
def _format_of(path: Path) -> str:
    with open(path, "rb") as f:
        head = f.read(4096)
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text[:15].upper() == b"BEGIN:VCALENDAR":
        return "ics"
    if head.startswith(b"From "):
        return "mbox"
    first = text.split(b"\n", 1)[0]
    if re.match(rb"^[!-9;-~]+:", first) and re.search(rb"(?im)^(from|date|message-id|received|return-path):", text):
        return "eml"
    raise OptionError(
        f"{path}: expected an iCalendar export (.ics, starting with BEGIN:VCALENDAR), an mbox archive "
        "(starting with 'From ') or an .eml message (mail headers); got neither"
    )


def _timezone(tz):
    if tz is None:
        from dateutil import tz as dtz

        return dtz.tzlocal()
    if isinstance(tz, str):
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise OptionError(
                f"tz must be a time zone name such as 'Europe/Berlin' or 'America/New_York' (got {tz!r})"
            ) from None
    return tz


def _guess_kind(title: str, location: str) -> str | None:
    text = " " + fold_name(f"{title} {location}") + " "
    for kind, words in KIND_RULES:
        if any(f" {w} " in text for w in words):
            return kind if kind in MEETING_KINDS else ("call" if kind == "video" else None)
    return None


def _paths(files) -> list[Path]:
    if isinstance(files, (str, os.PathLike)):
        files = [files]
    if not isinstance(files, (list, tuple)) or not files:
        raise ArgumentTypeError(f"files must be a path or a list of paths (got {type(files).__name__})")
    out = []
    for f in files:
        if not isinstance(f, (str, os.PathLike)):
            raise ArgumentTypeError(f"files must be paths (got {type(f).__name__})")
        p = Path(f)
        if p.is_dir() and (p / "mbox").is_file():  # Apple Mail's "Export Mailbox": a folder Name.mbox/mbox
            p = p / "mbox"
        if not p.is_file():
            what = (
                "a folder"
                if p.is_dir()
                else ("missing" if not p.exists() else "not a regular file (a device or a pipe)")
            )
            raise OptionError(f"{p}: expected a calendar or mail file; it is {what}")
        out.append(p)
    return out


def _mail_rows(messages, file: str, keep=None):
    """One tuple per readable message (its date still in UTC seconds).

    With ``keep`` (a :class:`_Filter`), a message with no contact in it becomes a row of
    type ``other`` holding only its id and date (to date threads), or nothing.
    """
    for m in messages:
        if m.date is None or m.sender is None:
            continue
        sent = "sent" in {x.strip().lower() for x in m.labels.split(",")} if m.labels else False
        if keep is not None and not keep(m, sent):
            if m.message_id:
                yield (file, "", m.date, "", [], m.message_id, [], False, False, "other")
            continue
        subject = fold_name(m.subject) if m.subject else ""
        yield (
            file,
            m.where,
            m.date,
            m.sender[0],
            [(m.sender[0], m.sender[1], "from"), *[(a, n, "to") for a, n in m.to]],
            m.message_id,
            m.refs,
            any(w in subject for w in THANKS_WORDS),
            sent,
            "message",
        )


def _mail_frame(mail: list, zone, since: pd.Timestamp, until: pd.Timestamp) -> pd.DataFrame:
    """The messages as rows of read_history's table: local dates, the window applied, earlier ones kept as ids."""
    cols = ["file", "item", "secs", "sender", "people", "message_id", "refs", "thanks_word", "sent_label", "row"]
    f = pd.DataFrame(mail, columns=cols)
    mail.clear()
    f["date"] = (
        pd.to_datetime(f["secs"].to_numpy(dtype=float), unit="s", utc=True).tz_convert(zone).tz_localize(None)
        if len(f)
        else pd.Series(dtype="datetime64[ns]")
    )
    lo, hi = since.normalize(), until.normalize() + pd.Timedelta(days=1)
    earlier = (f["date"] < lo).to_numpy() & (f["message_id"] != "").to_numpy()
    keep = ((f["date"] >= lo) & (f["date"] < hi)).to_numpy()
    f = f[keep | earlier].copy()
    early = (f["date"] < lo).to_numpy()
    f["type"] = np.where(early, "earlier", f["row"].to_numpy(dtype=object))
    f.loc[early, "people"] = pd.Series([[] for _ in range(int(early.sum()))], index=f.index[early], dtype=object)
    f["all_day"], f["kind"], f["title_key"] = False, None, ""
    return f[HISTORY_COLUMNS]


def read_history(files, *, since=None, until=None, tz=None, _keep=None) -> pd.DataFrame:
    """Read calendar and mail exports into one table of events and messages (headers only).

    Parameters
    ----------
    files : path or list of paths
        ``.ics`` calendars (Google Calendar, Outlook, Apple Calendar, Thunderbird),
        mbox archives (Google Takeout, Thunderbird, Apple Mail) and ``.eml`` files; the
        format is told by content.
    since, until : date-like, optional
        The dates to read (whole days, local time): recurring events are expanded
        only between them and nothing outside them is kept. Default: the two years
        up to today.
    tz : str, optional
        The seeker's time zone (``"Europe/Berlin"``): zoned and UTC times are turned
        into its wall time. Default: the computer's.

    Returns
    -------
    pandas.DataFrame
        One row per event occurrence or message, by date: ``file``, ``item`` (``event
        3 (UID ...)`` or ``message 12 (<id>)``), ``type`` (``event`` | ``message``;
        ``earlier`` for a message before ``since``, kept with its id and date only,
        to tell which thread a later reply belongs to),
        ``date`` (local wall time; midnight for all-day events), ``all_day``,
        ``kind`` (guessed for events, see docs/importing.md), ``sender`` (From
        address; an event's organizer), ``people`` (a list of ``(address, name,
        role)``; role ``to``/``cc`` for mail, the participation status for events),
        ``message_id``, ``refs`` (the ids a reply points to), ``thanks_word`` (the
        subject says thanks), ``sent_label`` (Google's ``X-Gmail-Labels`` has Sent),
        ``title_key`` (an event's title folded, to find a contact's name in it). No
        subject, location or body is kept.

    Warns
    -----
    ReferralGraphWarning
        Once per file with the messages and events that could not be fully read
        (broken dates, missing addresses, over-long headers, dense or endless
        recurrences), each named.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "one.eml"
    >>> _ = p.write_text("From: Ana Ortiz <ana@fernway.com>\\nTo: me@example.com\\n"
    ...                  "Date: Tue, 06 Oct 2026 09:00:00 +0000\\nSubject: Thanks!\\n\\nbody\\n")
    >>> h = rg.read_history(p, since="2026-01-01", until="2026-12-31", tz="UTC")
    >>> h[["type", "date", "sender", "thanks_word"]]
          type                date           sender  thanks_word
    0  message 2026-10-06 09:00:00  ana@fernway.com         True
    """
    from .._checks import check_date

    paths = _paths(files)
    zone = _timezone(tz)
    today = _clock.today()
    until = pd.Timestamp(check_date("until", until)) if until is not None else today
    since = pd.Timestamp(check_date("since", since)) if since is not None else until - pd.DateOffset(years=2)
    if since > until:
        raise OptionError(f"since ({since:%Y-%m-%d}) must be on or before until ({until:%Y-%m-%d})")
    rows: list[tuple] = []
    mail: list[tuple] = []
    for path in paths:
        problems: list[str] = []

        def note(where, message, _problems=problems):
            _problems.append(f"{where}: {message}")

        fmt = _format_of(path)
        if fmt == "ics":
            for e in _calendar.read_ics(path, since=since, until=until, tz=zone, on_problem=note):
                rows.append(
                    (
                        str(path),
                        e.where,
                        "event",
                        e.start,
                        e.all_day,
                        _guess_kind(e.title, e.location),
                        e.organizer[0] if e.organizer else "",
                        [(a, n, s) for a, n, s in ([e.organizer] if e.organizer else []) + e.attendees],
                        "",
                        [],
                        False,
                        False,
                        fold_name(e.title),
                    )
                )
        else:
            messages = (
                _mail.iter_mbox(path, on_problem=note)
                if fmt == "mbox"
                else [m for m in [_mail.read_eml(path, on_problem=note)] if m is not None]
            )
            mail.extend(_mail_rows(messages, str(path), _keep))
        if problems:
            shown = "; ".join(problems[:10]) + (f"; ... {len(problems) - 10} more" if len(problems) > 10 else "")
            warnings.warn(
                f"{path}: {len(problems)} item(s) not fully read: {shown}", ReferralGraphWarning, stacklevel=2
            )
    out = pd.concat(
        [pd.DataFrame(rows, columns=HISTORY_COLUMNS), _mail_frame(mail, zone, since, until)], ignore_index=True
    )
    out["date"] = pd.to_datetime(out["date"]) if len(out) else pd.Series(dtype="datetime64[ns]")
    for col in ("all_day", "thanks_word", "sent_label"):
        out[col] = out[col].astype(bool)
    return out.sort_values("date", kind="stable").reset_index(drop=True)


def _merge(net, history, *, seeker, me, new, window_days, read_filter=None):
    check_network(net)
    if not isinstance(history, pd.DataFrame) or not set(HISTORY_COLUMNS) <= set(history.columns):
        raise ArgumentTypeError("history must be the table read_history returns (or paths to read)")
    if isinstance(me, str):
        me = [me]
    window = (
        int(window_days) if isinstance(window_days, (int, np.integer)) and not isinstance(window_days, bool) else -1
    )
    if window < 1:
        raise OptionError(f"window_days must be a whole number of days, 1 or more (got {window_days!r})")
    job = _Merge(net, history, seeker=seeker, me=me, new=new, window_days=window, read_filter=read_filter)
    job.events()
    job.messages()
    job.thanks()
    report = pd.DataFrame(job.report, columns=["action", "contact", "name", "date", "file", "item", "why"])
    if len(history) and history["type"].isin(["message", "other"]).any() and not job.any_from_me:
        report.attrs["notes"] = [
            "no message is from you (pass me=[your addresses], CLI --me, or add your e-mail "
            "to your row in contacts): thank-yous were not read, only touches"
        ]
    return job.plan, report


def _search_dates(net: ReferralNetwork):
    """(since, until) of a search: 30 days before its first date, to today."""
    dates = [net.table("meetings")["date"], net.table("introductions")["date"]]
    if "first_contact" in net.table("contacts").columns:
        dates.append(net.table("contacts")["first_contact"])
    first = min((d.min() for d in dates if len(d) and pd.notna(d.min())), default=None)
    until = _clock.today()
    since = (first.normalize() - pd.Timedelta(days=30)) if first is not None else until - pd.DateOffset(years=1)
    return min(since, until), until


def _history_of(net, history, *, tz, seeker, me):
    """(history table, the read filter or None): paths are read keeping only messages with a contact in them."""
    if isinstance(history, pd.DataFrame):
        return history, None
    since, until = _search_dates(net)
    keep = _Filter(_people_for(net, seeker, me)[1])
    return read_history(history, since=since, until=until, tz=tz, _keep=keep), keep


def merge_history(
    net: ReferralNetwork,
    history,
    *,
    seeker: str | None = None,
    me=(),
    new: bool = False,
    window_days: int = THANK_WINDOW_DAYS,
    tz: str | None = None,
    report: bool = False,
):
    """Add the meetings, thank-yous and touches of a calendar and mail history to a network (a new network).

    Parameters
    ----------
    net : ReferralNetwork
        The network; it is not changed.
    history : path, list of paths or pandas.DataFrame
        Files :func:`read_history` reads (read over the search's dates: from 30 days
        before its first date to today), or the table it returns.
    seeker : str, optional
        Whose calendar and mail (an id or a seeker's name). ``None`` means the only seeker;
        a network with several seekers needs it.
    me : str or list of str, optional
        The seeker's own e-mail addresses (besides the ``email`` of the seeker's row).
        Messages from them are the seeker's; Google Takeout's ``Sent`` label also says so.
    new : bool, default False
        Add calendar attendees who are not contacts (with their name and e-mail) and
        their meetings; by default they are only listed.
    window_days : int, default 7
        Days after a meeting within which the seeker's first message to that person
        is its thank-you.
    tz : str, optional
        The seeker's time zone when ``history`` is paths (see :func:`read_history`).
    report : bool, default False
        Also return the report.

    Returns
    -------
    net : ReferralNetwork
        A new network with the meetings appended, blank ``thank_you_sent`` cells
        filled and ``last_touch`` set where it was blank or earlier.
    report : pandas.DataFrame
        Only with ``report=True``: ``action, contact, name, date, file, item, why``.
        Actions: ``meeting`` (added), ``meeting-recorded`` (one that day already),
        ``thank-you``, ``thank-you-recorded`` (the seeker's own value kept),
        ``reply-elsewhere`` (a reply into an unrelated thread), ``touch``,
        ``touch-recorded``, ``unknown`` (not a contact: listed, not added),
        ``skipped`` (declined or group events).

    Raises
    ------
    SeekerNotFound
        If ``seeker`` is not a seeker (or is needed and missing).
    OptionError
        If ``window_days`` is not a whole number of days, 1 or more.
    ValidationError
        If the new rows would add an error to the network.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> net = rg.log_meeting(rg.demo(), "priya-k", date="2026-10-05 18:00")
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "sent.eml"
    >>> _ = p.write_text("From: Maya Chen <maya.chen@lakeshore.example>\\nTo: priya.kapoor@fernway.example\\n"
    ...                  "Date: Tue, 06 Oct 2026 09:00:00 +0000\\nSubject: Thank you!\\n\\n")
    >>> h = rg.read_history(p, since="2026-10-01", until="2026-10-31", tz="UTC")
    >>> new, rep = rg.merge_history(net, h, report=True)
    >>> rep[["action", "contact"]].values.tolist()
    [['touch', 'priya-k'], ['thank-you', 'priya-k']]
    >>> new.meetings["thank_you_sent"].iloc[-1]
    Timestamp('2026-10-06 09:00:00')
    """
    from .log import _apply

    history, keep = _history_of(net, history, tz=tz, seeker=seeker, me=me)
    plan, rep = _merge(net, history, seeker=seeker, me=me, new=new, window_days=window_days, read_filter=keep)
    merged = _apply(net, plan) if plan.appends or plan.sets else net
    return (merged, rep) if report else merged


def import_history(
    files,
    source: PathLike,
    *,
    seeker: str | None = None,
    me=(),
    new: bool = False,
    window_days: int = THANK_WINDOW_DAYS,
    tz: str | None = None,
    dry_run: bool = False,
    date_format: str | None = None,
    dayfirst: bool | None = None,
) -> pd.DataFrame:
    """Merge calendar and mail exports into the files of ``source``: rows appended, blank cells filled, nothing else.

    Parameters
    ----------
    files : path or list of paths
        What :func:`read_history` reads.
    source : path
        A folder of CSV files or a workbook; changed in place with the appender
        :func:`append_meeting` uses (every other byte kept; read back before the
        files are replaced atomically).
    seeker, me, new, window_days, tz
        As :func:`merge_history`.
    dry_run : bool, default False
        Only return the report; write nothing.
    date_format, dayfirst
        How to read the dates of ``source``'s files (see :func:`load`).

    Returns
    -------
    pandas.DataFrame
        The report of :func:`merge_history`; ``attrs["files"]`` lists the files written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = rg.save(rg.demo(), pathlib.Path(tempfile.mkdtemp()) / "search")
    >>> p = folder.parent / "none.eml"
    >>> _ = p.write_text("From: a@b.example\\nDate: Tue, 06 Oct 2026 09:00:00 +0000\\n\\n")
    >>> rg.import_history(p, folder, dry_run=True)[["action", "why"]].values.tolist()
    [['unknown', 'a@b.example is not a contact']]
    """
    from .append import _append
    from .tables import load

    net = load(source, strict=False, date_format=date_format, dayfirst=dayfirst)
    history, keep = _history_of(net, files, tz=tz, seeker=seeker, me=me)
    plan, rep = _merge(net, history, seeker=seeker, me=me, new=new, window_days=window_days, read_filter=keep)
    rep.attrs["files"] = []
    if dry_run or not (plan.appends or plan.sets):
        return rep
    entry = _append(
        source,
        lambda fresh: _merge(fresh, history, seeker=seeker, me=me, new=new, window_days=window_days)[0],
        date_format=date_format,
        dayfirst=dayfirst,
    )
    rep.attrs["files"] = list(entry["files"])
    return rep
