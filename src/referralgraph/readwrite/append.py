"""Log a conversation, an introduction or a thank-you: on a network (a new network) or in its files (appended).

Two sides, one set of rules:

- :func:`log_meeting`, :func:`log_introduction`, :func:`log_thanks` take a network
  and return a NEW network with the row added (write it with :func:`~referralgraph.save`);
- :func:`append_meeting`, :func:`append_introduction`, :func:`append_thanks` change the
  files of a source in place: the new row is appended to the CSV file (or the sheet of
  the workbook) and nothing else in the files changes, byte for byte: the other rows,
  the delimiter, the encoding, the line endings and the quoting stay as they were.

Either way the result is validated with the same rules as :func:`~referralgraph.load`,
and a row that would add an error is refused before anything is written.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape as _xml_escape

import numpy as np
import pandas as pd

from .._checks import check_network
from ..exceptions import ContactNotFound, OptionError, ReferralGraphWarning, SchemaError
from ..model import ReferralNetwork
from ..model.names import find_person, suggest
from ..model.privacy import neutralize_cells
from . import _parse
from ._atomic import atomic_path
from ._schema import COLUMNS, MEETING_KINDS, STATUSES, canonical
from .linkedin import _resolve_seeker, _slug, _unique_ids
from ._csvfile import _decode, _sniff_delimiter
from .tables import _validation_error, from_frames, load
from .tabular import _csv_frame, _tables

__all__ = ["log_meeting", "log_introduction", "log_thanks", "append_meeting", "append_introduction", "append_thanks"]

PathLike = str | os.PathLike

#: columns filled in only when the table already has them (the row is complete without them)
_SOFT = frozenset({"first_contact"})

#: days within which the follow-up on an introduction is due, as next_actions counts them
_REPLY_DAYS = {"introduced": 2, "suggested": 7}


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
    soft: frozenset = _SOFT  # columns written only where the table has them


def _when(value, what: str, *, default_now: bool = True) -> pd.Timestamp | None:
    """A date or date-time given by the user; ``None`` means now (to the minute)."""
    if value is None:
        return pd.Timestamp.now().floor("min") if default_now else None
    if isinstance(value, str):
        parsed, bad, _amb = _parse.parse_dates(pd.Series([value.strip()], dtype="str"), date_format=None,
                                               dayfirst=None)
        if bad.any() or pd.isna(parsed.iloc[0]):
            raise OptionError(f"{what} must be a date like 2026-10-06 or a date-time like 2026-10-06 18:00 "
                              f"(got {value!r})")
        return pd.Timestamp(parsed.iloc[0])
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise OptionError(f"{what} must be a date like 2026-10-06 or a date-time like 2026-10-06 18:00 "
                          f"(got {value!r} of type {type(value).__name__})") from None
    if ts is pd.NaT:
        raise OptionError(f"{what} must be a date (got {value!r})")
    if ts.tz is not None:
        ts = ts.tz_convert(None)
    return ts


def _stamp(ts: pd.Timestamp) -> str:
    """``2026-10-06`` at midnight, else ``2026-10-06 18:00`` (seconds only when there are some)."""
    if ts == ts.normalize():
        return f"{ts:%Y-%m-%d}"
    return f"{ts:%Y-%m-%d %H:%M:%S}" if ts.second or ts.microsecond else f"{ts:%Y-%m-%d %H:%M}"


def _describe(net: ReferralNetwork, codes) -> str:
    c = net._contacts
    out = []
    for k in codes[:10]:
        org = c["organization"].iat[k] if "organization" in c.columns else None
        extra = f", {org}" if isinstance(org, str) and org else ""
        out.append(f"{c['id'].iat[k]} ({c['name'].iat[k]}{extra})")
    return "; ".join(out) + (f"; ... {len(codes) - 10} more" if len(codes) > 10 else "")


def _find(net: ReferralNetwork, who, *, role: str, prefix: bool = True) -> int | None:
    """The code of a contact given by id or unambiguous name; None when nobody matches.

    The rules of :func:`referralgraph.model.names.find_person` (exact id, folded name,
    folded id, word starts; ``prefix=False`` for a new person: exact id and folded name
    only). Several matches are an error that lists them; an exact id that other
    contacts' names also match is used, with a warning naming them.
    """
    if not isinstance(who, str) or not who.strip():
        raise OptionError(f"{role} must be a contact id or name (got {who!r})")
    who = who.strip()
    match = find_person(who, net.ids, net._contacts["name"], prefix=prefix)
    if match.note:
        warnings.warn(f"{role} {match.note}", ReferralGraphWarning, stacklevel=4)
    if len(match.codes) == 1:
        return int(match.codes[0])
    if len(match.codes) > 1:
        raise ContactNotFound(f"{role} {who!r} matches {len(match.codes)} contacts: {_describe(net, match.codes)}; "
                              "expected one: give the id")
    return None


def _not_found(net: ReferralNetwork, who: str, *, role: str, can_add: bool) -> ContactNotFound:
    names = net._contacts["name"].dropna().astype(str)
    close = suggest(who, [*net.ids[:5000].astype(str), *names[:5000]], n=3)
    hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
    add = "; to add a new person, pass new=True (CLI: --new)" if can_add else ""
    return ContactNotFound(f"{role} {who!r} is not a contact id or name in the network{add}{hint}")


def _person(net: ReferralNetwork, plan: _Plan, who, *, role: str, new: bool, first_contact,
            details: dict | None = None) -> tuple[str, str]:
    """(id, name) of an existing contact, or of a new one appended to the plan when ``new``."""
    code = _find(net, who, role=role, prefix=not new)
    if code is not None:
        if new:
            raise OptionError(f"{role} {who!r} is already in the network as {_describe(net, [code])}; "
                              "expected new=False (CLI: leave out --new) to log them, or another name")
        c = net._contacts
        if details:  # fill blank cells only; a different value is the user's to change
            fill = {}
            for col, value in details.items():
                if value is None:
                    continue
                old = c[col].iat[code] if col in c.columns else None
                if old is None or (isinstance(old, float) and old != old) or old is pd.NA:
                    fill[col] = value
                elif str(old) != str(value):
                    raise OptionError(f"{c['id'].iat[code]} already has {col} {old!r}; expected no {col} option, "
                                      f"or {old!r} (edit the contacts file to change it)")
            if fill:
                plan.sets.append(("contacts", code, fill))
        return str(c["id"].iat[code]), str(c["name"].iat[code])
    if not new:
        raise _not_found(net, who, role=role, can_add=True)
    name = " ".join(who.split())
    c = net._contacts
    ids_are_names = len(c) > 0 and bool((c["id"].astype(str) == c["name"].astype(str)).all())
    if ids_are_names:
        new_id = name
    else:
        slug = _slug(pd.Series([name], dtype="str")).fillna("contact")
        new_id = str(_unique_ids(slug, net.ids).iloc[0])
    row = {"id": new_id, "name": name}
    row.update({k: v for k, v in (details or {}).items() if v is not None})
    if first_contact is not None:
        row["first_contact"] = first_contact.normalize()
    plan.appends.append(("contacts", row))
    return new_id, name


def _seeker_cell(net: ReferralNetwork, seeker_id: str) -> dict:
    """The seeker column, only when the network has several seekers (one seeker fills it in itself)."""
    return {"seeker": seeker_id} if len(net.seekers) > 1 else {}


def _plan_meeting(net, person, *, date, kind, asked, questions_prepared, takeaways, thanked, notes, seeker, new,
                  organization=None, role=None, field=None) -> _Plan:
    check_network(net)
    seeker_id = _resolve_seeker(net, seeker)
    when = _when(date, "date")
    thank = _when(thanked, "thanked", default_now=False)
    if kind is not None:
        kind = str(kind).strip().lower().replace(" ", "-").replace("_", "-")
        if kind not in MEETING_KINDS:
            raise OptionError(f"kind must be one of {', '.join(MEETING_KINDS)} (got {kind!r})")
    plan = _Plan()
    details = {"organization": organization, "role": role, "field": field}
    cid, name = _person(net, plan, person, role="person", new=new, first_contact=when, details=details)
    if cid == seeker_id:
        raise OptionError(f"{person!r} is the seeker; expected the person you talked to")
    row = {"contact": cid, "date": when, **_seeker_cell(net, seeker_id)}
    for col, value in (("kind", kind), ("asked_for_introductions", asked), ("thank_you_sent", thank),
                       ("questions_prepared", questions_prepared), ("takeaways", takeaways), ("notes", notes)):
        if value is not None:
            row[col] = bool(value) if isinstance(value, (bool, np.bool_)) else value
    plan.appends.append(("meetings", row))
    plan.contact, plan.name = cid, name
    plan.what = f"{kind or 'conversation'} with {name} on {_stamp(when)}"
    if thank is None:
        plan.due = when + pd.Timedelta(hours=24) if when != when.normalize() else when + pd.Timedelta(days=1)
        plan.next = f"thank {name} by {_stamp(plan.due)}"
    elif asked is not True:
        plan.next = f"ask {name} who else you should talk to"
    else:
        plan.next = f"follow up on the introductions {name} offers"
    return plan


def _plan_intro(net, introducer, introduced, *, date, status, organization, role, field, seeker, new,
                notes=None) -> _Plan:
    check_network(net)
    seeker_id = _resolve_seeker(net, seeker)
    when = _when(date, "date").normalize()  # introductions are dated by the day
    status = "introduced" if status is None else str(status).strip().lower()
    if status not in STATUSES:
        raise OptionError(f"status must be one of {', '.join(STATUSES)} (got {status!r})")
    plan = _Plan()
    code = _find(net, introducer, role="introducer")
    if code is None:
        raise _not_found(net, introducer, role="introducer", can_add=False)
    iid, iname = str(net.ids[code]), str(net._contacts["name"].iat[code])
    details = {"organization": organization, "role": role, "field": field}
    nid, nname = _person(net, plan, introduced, role="new person", new=new, first_contact=when, details=details)
    if nid == iid:
        raise OptionError(f"introducer and new person are the same ({iid!r}); expected two different people")
    intro = net._introductions
    same = np.flatnonzero(((intro["introducer"] == iid) & (intro["introduced"] == nid)
                           & (intro["seeker"] == seeker_id)).to_numpy(dtype=bool)) if len(intro) else []
    if len(same):  # the same introduction again: its status moves on, no duplicate row
        pos = int(same[0])
        old = intro["status"].iat[pos]
        if old == status:
            raise OptionError(f"{iname} -> {nname} is already logged with status {status!r} "
                              f"(introductions row {pos + 2}); expected another status")
        plan.sets.append(("introductions", pos, {"status": status}))
        plan.what = f"introduction {iname} -> {nname}: {old} -> {status}"
    else:
        row = {"introducer": iid, "introduced": nid, "date": when, "status": status,
               **_seeker_cell(net, seeker_id)}
        if notes is not None:
            row["notes"] = notes
        plan.appends.append(("introductions", row))
        plan.what = f"introduction {iname} -> {nname} ({status}) on {_stamp(when)}"
    plan.contact, plan.name = nid, nname
    if status == "met":
        plan.next = f"log your conversation with {nname} (log meeting)"
    else:
        plan.due = when.normalize() + pd.Timedelta(days=_REPLY_DAYS[status])
        plan.next = (f"reply to {iname} and meet {nname} by {_stamp(plan.due)}" if status == "introduced"
                     else f"follow up with {iname} about meeting {nname} by {_stamp(plan.due)}")
    return plan


def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def _plan_thanks(net, person, *, date, handwritten, seeker) -> _Plan:
    check_network(net)
    seeker_id = _resolve_seeker(net, seeker)
    when = _when(date, "date")
    code = _find(net, person, role="person")
    if code is None:
        raise _not_found(net, person, role="person", can_add=False)
    cid, name = str(net.ids[code]), str(net._contacts["name"].iat[code])
    m = net._meetings
    mine = (m["contact"] == cid).to_numpy(dtype=bool) & (m["seeker"] == seeker_id).to_numpy(dtype=bool) \
        if len(m) else np.zeros(0, bool)
    if not mine.any():
        raise OptionError(f"no conversation with {name} is logged; expected one first "
                          f"(CLI: referralgraph log meeting SOURCE {cid!r})")
    column = "handwritten_note" if handwritten else "thank_you_sent"
    if column in m.columns:
        done = m[column].to_numpy()
        if column == "handwritten_note":
            dated = m["handwritten_note_date"].notna().to_numpy() if "handwritten_note_date" in m.columns else False
            open_ = ~(pd.Series(done).fillna(False).astype(bool).to_numpy() | dated)
        else:
            open_ = pd.isna(done)
    else:
        open_ = np.ones(len(m), dtype=bool)
    dates = m["date"].to_numpy(dtype="datetime64[ns]")
    before = ~(dates > np.datetime64(when.to_datetime64()))
    pick = np.flatnonzero(mine & open_ & before)
    if not len(pick):
        what = "a handwritten note" if handwritten else "a thank-you"
        if not (mine & before).any():
            raise OptionError(f"every conversation with {name} is after {_stamp(when)}; expected a date on or "
                              "after the conversation")
        raise OptionError(f"every conversation with {name} already has {what} recorded; nothing to log")
    pos = int(pick[np.argmax(dates[pick])])
    plan = _Plan()
    plan.sets.append(("meetings", pos, {column: when if not handwritten else when.normalize()}))
    plan.contact, plan.name = cid, name
    met = pd.Timestamp(dates[pos])
    plan.what = (f"{'handwritten note' if handwritten else 'thank-you'} to {name} on {_stamp(when)} "
                 f"(for the conversation on {_stamp(met)})")
    has_notes = "handwritten_note" in m.columns
    note_done = not open_[pos] if handwritten else (
        has_notes and (bool(pd.Series(m["handwritten_note"]).fillna(False).astype(bool).iat[pos])
                       or ("handwritten_note_date" in m.columns and not _missing(m["handwritten_note_date"].iat[pos]))))
    if not handwritten and has_notes and not note_done:
        plan.next = f"send {name} a handwritten note"
    else:
        plan.next = f"stay in touch with {name}; ask who else you should talk to"
    return plan


def _plan_between(net: ReferralNetwork, new: ReferralNetwork) -> _Plan:
    """The rows and cells that turn ``net`` into ``new``, which only adds rows and changes cells (a merge).

    Only contacts and introductions are compared: a merge never changes meetings (and
    rebuilding a network turns the split-off ``handwritten_note_date`` into a text
    column, which is not a change of the data).
    """
    plan = _Plan(soft=frozenset())
    old_tables, new_tables = _tables(net), _tables(new)
    for table in ("contacts", "introductions"):
        old, cur = old_tables[table], new_tables[table]
        old_cells = _csv_frame(old, neutralize=False)
        cur_cells = _csv_frame(cur, neutralize=False)
        n = len(old)
        if len(cur) < n or (table == "contacts" and not (cur["id"].iloc[:n].to_numpy() == old["id"].to_numpy()).all()):
            raise SchemaError(f"internal: the merged {table} table does not extend the network's; nothing was written")

        def typed(col, pos):
            if col in cur.columns and cur[col].dtype != object and not pd.api.types.is_string_dtype(cur[col].dtype):
                value = cur[col].iat[pos]
                return None if _missing(value) else (pd.Timestamp(value) if isinstance(value, (np.datetime64, pd.Timestamp))
                                                     else value)
            text = cur_cells[col].iat[pos]
            return text if text != "" else None

        for col in cur_cells.columns:
            now = cur_cells[col].iloc[:n].to_numpy(dtype=object)
            before = old_cells[col].to_numpy(dtype=object) if col in old_cells.columns else np.full(n, "", object)
            for pos in np.flatnonzero(now != before).tolist():
                plan.sets.append((table, pos, {col: typed(col, pos)}))
        for pos in range(n, len(cur)):
            row = {}
            for col in cur_cells.columns:
                value = typed(col, pos)
                if value is None or (col == "is_seeker" and isinstance(value, (bool, np.bool_)) and not value) or (
                        col == "seeker" and len(new.seekers) == 1):
                    continue
                row[col] = bool(value) if isinstance(value, (bool, np.bool_)) else value
            plan.appends.append((table, row))
    merged: dict = {}
    for table, pos, values in plan.sets:  # one entry per row
        merged.setdefault((table, pos), {}).update(values)
    plan.sets = [(t, p, v) for (t, p), v in merged.items()]
    return plan


# ---------------------------------------------------------------------------- on a network
def _cell_text(value, *, true="true", false="false") -> str:
    if _missing(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return true if value else false
    if isinstance(value, pd.Timestamp):
        return _stamp(value)
    return str(value)


def _apply(net: ReferralNetwork, plan: _Plan, *, date_format=None, dayfirst=None, today=None) -> ReferralNetwork:
    """The network with the plan's rows; raises ValidationError when they add an error."""
    cells = {t: _csv_frame(f, neutralize=False) for t, f in _tables(net).items()}
    for table, pos, values in plan.sets:
        frame = cells[table]
        for col, value in values.items():
            if col not in frame.columns:
                frame[col] = ""
            frame.iloc[pos, frame.columns.get_loc(col)] = _cell_text(value)
    for table, values in plan.appends:
        frame = cells[table]
        values = {k: v for k, v in values.items() if k in frame.columns or k not in plan.soft}
        for col in values:
            if col not in frame.columns:
                frame[col] = ""
        row = {col: _cell_text(values.get(col)) for col in frame.columns}
        cells[table] = pd.concat([frame, pd.DataFrame([row], columns=frame.columns, dtype=object)],
                                 ignore_index=True)
    new = from_frames(cells["contacts"], cells["introductions"], cells["meetings"], strict=False,
                      date_format=date_format, dayfirst=dayfirst, today=today)
    _check_new_errors(net.problems, new.problems)
    return new


def _check_new_errors(before: pd.DataFrame, after: pd.DataFrame) -> None:
    """Raise ValidationError when ``after`` has errors ``before`` did not (errors already there are the user's).

    Compared by column and message, not by file label or row: a loaded network names
    its files and spreadsheet rows, the rebuilt one its tables and positions.
    """
    from collections import Counter

    errors = after[after["severity"] == "error"]
    if not len(errors):
        return
    old = before[before["severity"] == "error"]
    known = Counter(zip(old["column"].astype(str), old["message"].astype(str)))
    fresh = []
    for k, key in enumerate(zip(errors["column"].astype(str), errors["message"].astype(str))):
        if known[key] > 0:
            known[key] -= 1
        else:
            fresh.append(k)
    if fresh:
        raise _validation_error(errors.iloc[fresh])


def log_meeting(net: ReferralNetwork, person: str, *, date=None, kind: str | None = None,
                asked: bool | None = None, questions_prepared: bool | None = None, takeaways: str | None = None,
                thanked=None, notes: str | None = None, seeker: str | None = None, new: bool = False,
                organization: str | None = None, role: str | None = None, field: str | None = None,
                ) -> ReferralNetwork:
    """A new network with one more conversation (and, with ``new=True``, a new contact).

    Parameters
    ----------
    net : ReferralNetwork
        The network; it is not changed.
    person : str
        The contact's id, or a name only one contact has (ignoring case; a part of
        a name of 3 characters or more also works when only one name contains it).
    date : date-like or str, optional
        When you talked (``2026-10-06 18:00``); default: now, to the minute.
    kind : str, optional
        One of ``informational-interview, call, coffee, email, event, other``.
    asked : bool, optional
        Whether you asked for introductions ("who else should I talk to?").
    questions_prepared : bool, optional
        Whether you prepared questions.
    takeaways, notes : str, optional
        Free text.
    thanked : date-like or str, optional
        When you sent the thank-you, if you already did.
    seeker : str, optional
        Whose conversation: a seeker id or name (needed for a cohort).
    new : bool, default False
        ``person`` is someone new: add them as a contact (first contact on ``date``),
        with ``organization``, ``role`` and ``field``.
    organization, role, field : str, optional
        The new contact's details (for an existing contact: filled in where blank).

    Returns
    -------
    ReferralNetwork

    Raises
    ------
    ContactNotFound
        If ``person`` matches nobody (and ``new`` is false) or several contacts;
        the message lists them.
    OptionError
        If a date or the kind is not valid, or ``new`` names someone already there.
    ValidationError
        If the row would add an error that :func:`~referralgraph.load` reports.

    See Also
    --------
    append_meeting : the same, appended to the files of a source.

    Examples
    --------
    >>> net = rg.demo()
    >>> after = rg.log_meeting(net, "Ana Ortiz", new=True, organization="Fernway",
    ...                        date="2026-10-06 18:00", kind="coffee", asked=True)
    >>> len(after.meetings) - len(net.meetings), after.meetings.iloc[-1]["contact"]
    (1, 'ana-ortiz')
    """
    plan = _plan_meeting(net, person, date=date, kind=kind, asked=asked, questions_prepared=questions_prepared,
                         takeaways=takeaways, thanked=thanked, notes=notes, seeker=seeker, new=new,
                         organization=organization, role=role, field=field)
    return _apply(net, plan)


def log_introduction(net: ReferralNetwork, introducer: str, introduced: str, *, date=None,
                     status: str = "introduced", organization: str | None = None, role: str | None = None,
                     field: str | None = None, notes: str | None = None, seeker: str | None = None,
                     new: bool = False) -> ReferralNetwork:
    """A new network with one more introduction (or an introduction's status moved on).

    Parameters
    ----------
    net : ReferralNetwork
        The network; it is not changed.
    introducer : str
        Who made the introduction: an id or unambiguous name (see :func:`log_meeting`).
    introduced : str
        Who you were introduced to; with ``new=True`` a person to add.
    date : date-like or str, optional
        When; default: now.
    status : {"suggested", "introduced", "met"}, default "introduced"
        ``suggested``: they offered to introduce you; ``introduced``: they did;
        ``met``: you talked. Logging an introduction that is already there with
        another status changes its status instead of adding a duplicate.
    organization, role, field : str, optional
        The new person's details (for an existing contact: filled in where blank).
    notes : str, optional
    seeker : str, optional
        Whose introduction (needed for a cohort).
    new : bool, default False
        Add ``introduced`` as a new contact.

    Returns
    -------
    ReferralNetwork

    Raises
    ------
    ContactNotFound, OptionError, ValidationError
        As for :func:`log_meeting`.

    See Also
    --------
    append_introduction : the same, appended to the files of a source.

    Examples
    --------
    >>> net = rg.log_introduction(rg.demo(), "priya-k", "Sam Reed", new=True, status="suggested",
    ...                           organization="Fernway", date="2026-10-01")
    >>> net.introductions.iloc[-1][["introducer", "introduced", "status"]].tolist()
    ['priya-k', 'sam-reed', 'suggested']
    """
    plan = _plan_intro(net, introducer, introduced, date=date, status=status, organization=organization,
                       role=role, field=field, seeker=seeker, new=new, notes=notes)
    return _apply(net, plan)


def log_thanks(net: ReferralNetwork, person: str, *, date=None, handwritten: bool = False,
               seeker: str | None = None) -> ReferralNetwork:
    """A new network where the latest conversation with ``person`` has its thank-you recorded.

    Parameters
    ----------
    net : ReferralNetwork
        The network; it is not changed.
    person : str
        An id or unambiguous name (see :func:`log_meeting`).
    date : date-like or str, optional
        When you sent it; default: now. The latest conversation on or before it
        without a thank-you gets it.
    handwritten : bool, default False
        A handwritten note: sets ``handwritten_note`` (to the date) instead of
        ``thank_you_sent``.
    seeker : str, optional
        Whose conversation (needed for a cohort).

    Returns
    -------
    ReferralNetwork

    Raises
    ------
    ContactNotFound
        If ``person`` matches nobody or several contacts.
    OptionError
        If no conversation with them is logged, or each already has the thank-you.

    See Also
    --------
    append_thanks : the same, in the files of a source.

    Examples
    --------
    >>> net = rg.log_meeting(rg.demo(), "priya-k", date="2026-10-06 18:00")
    >>> rg.log_thanks(net, "priya-k", date="2026-10-06 21:00").meetings.iloc[-1]["thank_you_sent"]
    Timestamp('2026-10-06 21:00:00')
    """
    return _apply(net, _plan_thanks(net, person, date=date, handwritten=handwritten, seeker=seeker))


# ---------------------------------------------------------------------------- in the files: CSV
@dataclass
class _CsvFile:
    path: Path
    data: bytes
    text: str
    encoding: str  # Python codec for the body
    errors: str
    bom: int  # bytes before the text
    delimiter: str = ","
    newline: str = "\r\n"
    quote_all: bool = False
    header: list = field(default_factory=list)  # canonical names
    header_end: int = 0  # position in text after the header's last cell
    body_start: int = 0


def _field_re(delimiter: str) -> re.Pattern:
    d = re.escape(delimiter)
    return re.compile(rf'"(?:[^"]|"")*(?:"[^{d}\r\n]*)?|[^{d}\r\n]*', re.S)


def _records(text: str, delimiter: str, start: int = 0):
    """(start, end, [(field start, field end), ...]) of each record, as a CSV reader splits them."""
    pat = _field_re(delimiter)
    n, pos = len(text), start
    while pos < n:
        rec, fields = pos, []
        while True:
            m = pat.match(text, pos)
            fields.append((m.start(), m.end()))
            pos = m.end()
            if pos < n and text[pos] == delimiter:
                pos += 1
                continue
            break
        end = pos
        if text.startswith("\r\n", pos):
            pos += 2
        elif pos < n and text[pos] in "\r\n":
            pos += 1
        yield rec, end, fields
        if pos == end and pos < n:  # cannot happen with the pattern above; never loop forever
            pos += 1


def _unquote(raw: str) -> str:
    if raw.startswith('"'):
        body = raw[1:]
        close = re.match(r'(?:[^"]|"")*', body, re.S).end()
        return body[:close].replace('""', '"') + body[close + 1:]
    return raw


_CODECS = {"utf-8": "utf-8", "cp1252": "cp1252"}


def _open_csv(path: Path) -> _CsvFile:
    data = path.read_bytes()
    _text_unused, encoding, _bad = _decode(data)
    if data[:2] == b"\xff\xfe":
        codec, errors, bom = "utf-16-le", "surrogatepass", 2
    elif data[:2] == b"\xfe\xff":
        codec, errors, bom = "utf-16-be", "surrogatepass", 2
    else:
        codec, errors = _CODECS.get(encoding, "utf-8"), "surrogateescape"
        bom = 3 if data[:3] == b"\xef\xbb\xbf" else 0
    text = data[bom:].decode(codec, errors=errors)
    f = _CsvFile(path, data, text, codec, errors, bom)
    # the header: the first record with a non-blank cell
    blank = re.compile(r"[ \t]*(?:\r\n|\n|\r)")
    pos = 0
    while (m := blank.match(text, pos)) and m.end() > pos:
        pos = m.end()
    first_line = re.split(r"\r\n|\n|\r", text[pos:], maxsplit=1)[0]
    f.delimiter = _sniff_delimiter(first_line)
    for rec, end, fields in _records(text, f.delimiter, pos):
        raw = [text[a:b] for a, b in fields]
        f.header = ["" if not _unquote(r).strip() else canonical(_unquote(r)) for r in raw]
        f.quote_all = bool(raw) and all(r.startswith('"') for r in raw)
        f.header_end = end
        nl = re.match(r"\r\n|\n|\r", text[end:end + 2])
        f.newline = nl.group() if nl else "\r\n"
        f.body_start = end + (len(nl.group()) if nl else 0)
        break
    return f


def _byte_at(f: _CsvFile, pos: int) -> int:
    return f.bom + len(f.text[:pos].encode(f.encoding, errors=f.errors))


def _encode(f: _CsvFile, piece: str) -> bytes:
    try:
        return piece.encode(f.encoding)
    except UnicodeEncodeError as exc:
        bad = piece[exc.start:exc.end]
        raise SchemaError(f"{f.path} is saved as {f.encoding}, which cannot hold {bad!r}; expected the file saved "
                          "as UTF-8 (Excel: Save As 'CSV UTF-8'), or text without that character") from None


def _csv_field(f: _CsvFile, text: str) -> str:
    text = str(neutralize_cells(pd.Series([text], dtype=object)).iat[0]) if text else text
    if f.quote_all or any(ch in text for ch in (f.delimiter, '"', "\r", "\n")):
        return '"' + text.replace('"', '""') + '"'
    return text


_BOOL_STYLES = {"true": ("true", "false"), "false": ("true", "false"), "yes": ("yes", "no"), "no": ("yes", "no"),
                "y": ("y", "n"), "n": ("y", "n"), "1": ("1", "0"), "0": ("1", "0"), "t": ("t", "f"),
                "f": ("t", "f"), "x": ("x", "")}


def _bool_words(samples: list[str]) -> tuple[str, str]:
    """The yes/no words a column already uses (same case), else true/false."""
    for s in samples:
        key = s.strip()
        pair = _BOOL_STYLES.get(key.lower())
        if pair is None:
            continue
        if key.isupper():
            return pair[0].upper(), pair[1].upper()
        if key[:1].isupper():
            return pair[0].title(), pair[1].title()
        return pair
    return "true", "false"


def _samples(f: _CsvFile, limit: int = 200) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for k, (_rec, _end, fields) in enumerate(_records(f.text, f.delimiter, f.body_start)):
        if k >= limit:
            break
        for j, (a, b) in enumerate(fields):
            v = _unquote(f.text[a:b]).strip()
            if v:
                out.setdefault(j, []).append(v)
    return out


def _typed_text(value, samples: list[str]) -> str:
    if isinstance(value, (bool, np.bool_)):
        true, false = _bool_words(samples)
        return true if value else false
    return _cell_text(value)


def _csv_edits(f: _CsvFile, table: str, plan: _Plan) -> tuple[bytes, list[str]]:
    """The file's bytes with the plan's cells of ``table``; and the columns added to its header."""
    sets = [(pos, values) for t, pos, values in plan.sets if t == table]
    appends = [values for t, values in plan.appends if t == table]
    if not sets and not appends:
        return f.data, []
    header = list(f.header)
    added: list[str] = []
    for values in [v for _p, v in sets] + appends:
        for col, value in values.items():
            if col not in header and not (_missing(value) or value == "") and col not in plan.soft:
                if col == "id" and "name" in header and values.get("id") == values.get("name"):
                    continue  # ids are the names in this file
                header.append(col)
                added.append(col)
    samples = _samples(f) if any(isinstance(v, (bool, np.bool_)) for _p, vs in sets for v in vs.values()) or any(
        isinstance(v, (bool, np.bool_)) for vs in appends for v in vs.values()) else {}
    edits: list[tuple[int, int, str]] = []  # (start, end, new text) in f.text
    if added:
        edits.append((f.header_end, f.header_end, "".join(f.delimiter + _csv_field(f, c) for c in added)))
    if sets:
        wanted = dict(sets)
        k = -1
        for _rec, end, fields in _records(f.text, f.delimiter, f.body_start):
            if all(not _unquote(f.text[a:b]).strip() for a, b in fields):
                continue  # blank rows are skipped by the reader, so they have no position
            k += 1
            if k not in wanted:
                continue
            beyond: dict[int, str] = {}
            for col, value in wanted.pop(k).items():
                j = header.index(col)
                cell = _csv_field(f, _typed_text(value, samples.get(j, [])))
                if j < len(fields):
                    edits.append((fields[j][0], fields[j][1], cell))
                else:
                    beyond[j] = cell
            if beyond:  # cells after the record's last one: one piece, each cell in its column
                last = max(beyond)
                tail = [beyond.get(j, '""' if f.quote_all else "") for j in range(len(fields), last + 1)]
                edits.append((end, end, "".join(f.delimiter + c for c in tail)))
            if not wanted:
                break
        if wanted:
            raise SchemaError(f"{f.path}: could not find row {min(wanted) + 2} of the table in the file; "
                              "nothing was written")
    if appends:
        lines = []
        for values in appends:
            cells = [_csv_field(f, _typed_text(values.get(col), samples.get(j, [])))
                     for j, col in enumerate(header)]
            lines.append(f.delimiter.join(cells) if not f.quote_all else f.delimiter.join(
                c if c else '""' for c in cells))
        ends_with_newline = f.text.endswith(("\n", "\r"))
        end = len(f.text)
        piece = f.newline.join(lines)
        piece = piece + f.newline if ends_with_newline else f.newline + piece
        edits.append((end, end, piece))
    out = f.data
    for start, stop, piece in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        a, b = _byte_at(f, start), _byte_at(f, stop)
        out = out[:a] + _encode(f, piece) + out[b:]
    return out, added


def _new_csv(template: _CsvFile | None, path: Path, table: str, plan: _Plan) -> bytes:
    """A new table file (meetings.csv missing) in the style of the folder's contacts.csv."""
    cols = [c for c in COLUMNS[table] if any(c in v and not _missing(v[c]) for t, v in plan.appends if t == table)]
    style = template or _CsvFile(path, b"", "", "utf-8", "strict", 3)
    head = style.delimiter.join(cols) + style.newline
    bom = b"\xef\xbb\xbf" if style.bom == 3 else (style.data[:2] if style.bom == 2 else b"")
    f = _CsvFile(path, bom + _encode(style, head), head, style.encoding, style.errors, style.bom,
                 delimiter=style.delimiter, newline=style.newline, quote_all=style.quote_all,
                 header=cols, header_end=len(head) - len(style.newline), body_start=len(head))
    return _csv_edits(f, table, plan)[0]


def _table_files(folder: Path) -> dict[str, Path]:
    found = {}
    for p in sorted(folder.iterdir(), key=lambda p: p.name):
        if p.suffix.lower() == ".csv" and p.is_file():
            found.setdefault(p.stem.strip().lower(), p)
    return found


def _write_folder(folder: Path, plan: _Plan) -> tuple[dict[Path, bytes], list[str]]:
    files = _table_files(folder)
    changed: dict[Path, bytes] = {}
    notes: list[str] = []
    tables = {t for t, _p, _v in plan.sets} | {t for t, _v in plan.appends}
    contacts = _open_csv(files["contacts"])
    for table in sorted(tables):
        path = files.get(table)
        if path is None:
            path = folder / f"{table}.csv"
            changed[path] = _new_csv(contacts, path, table, plan)
            notes.append(f"created {path.name}")
            continue
        f = contacts if table == "contacts" else _open_csv(path)
        data, added = _csv_edits(f, table, plan)
        changed[path] = data
        if added:
            notes.append(f"added column{'s' if len(added) > 1 else ''} {', '.join(added)} to {path.name}")
    return changed, notes


# ---------------------------------------------------------------------------- in the files: workbook
_DATE_FORMAT_IDS = {14, 15, 16, 17, 22}
_DATETIME_FORMAT_IDS = {22}
_ROW = r"<row\b[^>]*?\br=\"{r}\"[^>]*?(?:/>|>.*?</row>)"


def _col_letter(j: int) -> str:
    out = ""
    j += 1
    while j:
        j, rem = divmod(j - 1, 26)
        out = chr(65 + rem) + out
    return out


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _sheet_parts(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name (lower case) -> zip member of its XML."""
    wb = book.read("xl/workbook.xml").decode("utf-8")
    rels = book.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    targets = {}
    for m in re.finditer(r"<Relationship\b([^>]*)/?>", rels):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        if "Id" in attrs and "Target" in attrs:
            t = attrs["Target"]
            targets[attrs["Id"]] = t.lstrip("/") if t.startswith("/") else "xl/" + t
    out = {}
    for m in re.finditer(r"<sheet\b([^>]*)/>", wb):
        attrs = dict(re.findall(r'([\w:]+)="([^"]*)"', m.group(1)))
        rid = next((v for k, v in attrs.items() if k.endswith(":id")), None)
        if rid in targets and "name" in attrs:
            from html import unescape

            out.setdefault(unescape(attrs["name"]).strip().lower(), targets[rid])
    return out


def _date_styles(book: zipfile.ZipFile) -> tuple[int | None, int | None]:
    """Indexes of cell styles with a date and with a date-time number format, if the workbook has them."""
    try:
        styles = book.read("xl/styles.xml").decode("utf-8")
    except KeyError:
        return None, None
    custom = {}
    for m in re.finditer(r'<numFmt\b[^>]*numFmtId="(\d+)"[^>]*formatCode="([^"]*)"', styles):
        custom[int(m.group(1))] = m.group(2)
    xfs = re.search(r"<cellXfs\b[^>]*>(.*?)</cellXfs>", styles, re.S)
    date = dt = None
    if not xfs:
        return None, None
    for k, m in enumerate(re.finditer(r"<xf\b([^>]*?)(?:/>|>.*?</xf>)", xfs.group(1), re.S)):
        fid = re.search(r'numFmtId="(\d+)"', m.group(1))
        fid = int(fid.group(1)) if fid else 0
        code = custom.get(fid, "").lower()
        is_date = fid in _DATE_FORMAT_IDS or ("y" in code and "d" in code)
        has_time = fid in _DATETIME_FORMAT_IDS or (is_date and "h" in code)
        if is_date and has_time and dt is None:
            dt = k
        elif is_date and not has_time and date is None:
            date = k
    return date, dt


def _xlsx_cell(ref: str, value, styles: tuple) -> str:
    if isinstance(value, (bool, np.bool_)):
        return f'<c r="{ref}" t="b"><v>{int(bool(value))}</v></c>'
    if isinstance(value, pd.Timestamp):
        date_style, dt_style = styles
        style = date_style if value == value.normalize() else dt_style
        if style is not None:
            serial = (value - pd.Timestamp("1899-12-30")) / pd.Timedelta(days=1)
            return f'<c r="{ref}" s="{style}"><v>{serial!r}</v></c>'
        value = _stamp(value)
    text = str(neutralize_cells(pd.Series([str(value)], dtype=object)).iat[0])
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text)
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_xml_escape(text)}</t></is></c>'


def _set_in_row(row_xml: str, r: int, cells: dict[int, str]) -> str:
    """The row element with cells (column -> cell XML) put in place, in column order."""
    if row_xml.endswith("/>"):
        row_xml = row_xml[:-2] + "></row>"
    row_xml = re.sub(r'\sspans="[^"]*"', "", row_xml, count=1)
    for j, cell in sorted(cells.items()):
        ref = f"{_col_letter(j)}{r}"
        existing = re.search(rf'<c\b[^>]*?\br="{ref}"[^>]*?(?:/>|>.*?</c>)', row_xml, re.S)
        if existing:
            row_xml = row_xml[:existing.start()] + cell + row_xml[existing.end():]
            continue
        later = None
        for m in re.finditer(r'<c\b[^>]*?\br="([A-Z]+)\d+"', row_xml):
            if _col_number(m.group(1)) > j:
                later = m.start()
                break
        at = later if later is not None else row_xml.rindex("</row>")
        row_xml = row_xml[:at] + cell + row_xml[at:]
    return row_xml


def _write_workbook(path: Path, plan: _Plan) -> tuple[dict[Path, bytes], list[str]]:
    import openpyxl

    tables = {t for t, _p, _v in plan.sets} | {t for t, _v in plan.appends}
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    layout = {}
    try:
        names = {s.strip().lower(): s for s in book.sheetnames}
        for table in tables:
            if table not in names:
                raise SchemaError(f"{path}: no sheet named {table!r}; expected one to log into (add a sheet "
                                  f"{table!r} with a header row)")
            values = list(book[names[table]].iter_rows(values_only=True))
            header_at = next((k for k, r in enumerate(values) if any(v is not None and str(v).strip() for v in r)),
                             None)
            if header_at is None:
                raise SchemaError(f"{path} [{names[table]}]: the sheet is empty; expected a header row")
            header = ["" if v is None or not str(v).strip() else canonical(str(v)) for v in values[header_at]]
            rows = [k + 1 for k, r in enumerate(values) if k > header_at
                    and any(v is not None and (not isinstance(v, str) or v.strip()) for v in r)]
            layout[table] = (header, header_at + 1, rows, len(values))
    finally:
        book.close()
    with zipfile.ZipFile(path) as z:
        parts = _sheet_parts(z)
        styles = _date_styles(z)
        members = {info.filename: z.read(info.filename) for info in z.infolist()}
        infos = z.infolist()
    notes = []
    for table in sorted(tables):
        header, header_row, rows, last = layout[table]
        part = parts.get(table)
        if part is None or part not in members:
            raise SchemaError(f"{path}: cannot find the XML of sheet {table!r}; nothing was written")
        xml = members[part].decode("utf-8")
        if re.search(r"<\w+:sheetData\b", xml):
            raise SchemaError(f"{path}: sheet {table!r} is written with XML prefixes this writer does not edit; "
                              "nothing was written (open and save the workbook in a spreadsheet program first)")
        cols = list(header)
        added = []
        sets = [(pos, values) for t, pos, values in plan.sets if t == table]
        appends = [values for t, values in plan.appends if t == table]
        for values in [v for _p, v in sets] + appends:
            for col, value in values.items():
                if col not in cols and not (_missing(value) or value == "") and col not in plan.soft:
                    if col == "id" and "name" in cols and values.get("id") == values.get("name"):
                        continue
                    cols.append(col)
                    added.append(col)

        def replace_row(xml, r, cells):
            m = re.search(_ROW.format(r=r), xml, re.S)
            if m is None:
                new_row = _set_in_row(f'<row r="{r}"></row>', r, cells)
                end = xml.find("</sheetData>")
                later = [mm for mm in re.finditer(r'<row\b[^>]*?\br="(\d+)"', xml) if int(mm.group(1)) > r]
                at = later[0].start() if later else end
                if end < 0:
                    xml = xml.replace("<sheetData/>", f"<sheetData>{new_row}</sheetData>")
                    return xml
                return xml[:at] + new_row + xml[at:]
            return xml[:m.start()] + _set_in_row(m.group(), r, cells) + xml[m.end():]

        if added:
            xml = replace_row(xml, header_row, {cols.index(c): _xlsx_cell(f"{_col_letter(cols.index(c))}{header_row}",
                                                                          c, styles) for c in added})
            notes.append(f"added column{'s' if len(added) > 1 else ''} {', '.join(added)} to sheet {table!r}")
        for pos, values in sets:
            if pos >= len(rows):
                raise SchemaError(f"{path}: could not find record {pos + 1} of sheet {table!r}; nothing was written")
            r = rows[pos]
            xml = replace_row(xml, r, {cols.index(c): _xlsx_cell(f"{_col_letter(cols.index(c))}{r}", v, styles)
                                       for c, v in values.items()})
        top = max([last, *[int(x) for x in re.findall(r'<row\b[^>]*?\br="(\d+)"', xml)]] or [header_row])
        for values in appends:
            top += 1
            cells = {j: _xlsx_cell(f"{_col_letter(j)}{top}", values[c], styles)
                     for j, c in enumerate(cols) if c in values and not _missing(values[c]) and values[c] != ""}
            xml = replace_row(xml, top, cells)
        width = len(cols)
        xml = re.sub(r'(<dimension\b[^>]*\bref=")([^"]*)(")',
                     lambda m: m.group(1) + f"A1:{_col_letter(max(width, 1) - 1)}{max(top, header_row)}" + m.group(3),
                     xml, count=1)
        members[part] = xml.encode("utf-8")
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in infos:
            out.writestr(info, members[info.filename])
    return {path: buf.getvalue()}, notes


# ---------------------------------------------------------------------------- in the files: the driver
def _append(source: PathLike, make_plan, *, date_format=None, dayfirst=None, today=None) -> pd.Series:
    path = Path(source)
    net = load(path, strict=False, date_format=date_format, dayfirst=dayfirst, today=today)
    plan = make_plan(net)
    expected = _apply(net, plan, date_format=date_format, dayfirst=dayfirst, today=today)
    if path.is_dir():
        changed, notes = _write_folder(path, plan)
    else:
        changed, notes = _write_workbook(path, plan)
    # read the result back before writing: it must be the network the plan promised
    with tempfile.TemporaryDirectory(prefix="referralgraph-log-") as tmp:
        if path.is_dir():
            check = Path(tmp) / "source"
            check.mkdir()
            for p in _table_files(path).values():
                shutil.copyfile(p, check / p.name)
            for p, data in changed.items():
                (check / p.name).write_bytes(data)
        else:
            check = Path(tmp) / path.name
            check.write_bytes(next(iter(changed.values())))
        again = load(check, strict=False, date_format=date_format, dayfirst=dayfirst, today=today)
    if not again.equals(expected):
        raise SchemaError(f"{path}: the row could not be added without changing how the rest of the file reads; "
                          "nothing was written (run referralgraph validate on it, or add the row by hand)")
    with contextlib.ExitStack() as stack:  # every file is committed only once all are written
        for p, data in changed.items():
            tmp = stack.enter_context(atomic_path(p, overwrite=True))
            Path(tmp).write_bytes(data)
    row = None
    main_table = next((t for t, _v in plan.appends if t != "contacts"),
                      next((t for t, _p, _v in plan.sets if t != "contacts"), "contacts"))
    n_rows = {"contacts": len(expected._contacts), "introductions": len(expected._introductions),
              "meetings": len(expected._meetings)}
    if any(t == main_table for t, _v in plan.appends):
        row = n_rows[main_table]  # position of the last record (+1 for the header), before blank rows
    return pd.Series({
        "table": main_table, "record": row, "contact": plan.contact, "name": plan.name, "logged": plan.what,
        "due": plan.due, "next": plan.next, "files": [str(p) for p in changed], "notes": notes,
    }, name="log")


_APPEND_DOC = """

    Returns
    -------
    pandas.Series
        What was logged: ``table``, ``record`` (its number among the table's
        records, for an appended row), ``contact`` (id) and ``name``, ``logged``
        (a sentence), ``due`` (when the next step is due, or missing) and ``next``
        (the next step, "thank Ana Ortiz by 2026-10-07 18:00"), ``files`` (the
        files written) and ``notes`` (columns added, files created).

    Notes
    -----
    The network is loaded (leniently) and the change made with :func:`{name}`;
    the new row must not add an error. Then the file is changed in place: a row is
    appended after the last one (or one cell set, for a thank-you or a status), in
    the file's delimiter, encoding, line endings, quoting and yes/no words; every
    other byte stays as it was. A column the file lacks is added at the end of its
    header (the only change to an existing line) when the row needs it. The
    changed file is read back and must equal that network before it replaces the
    original (atomically); otherwise nothing is written. In a workbook only the
    sheet's new row (and its dimension) change; every other part keeps its content.
"""


def append_meeting(source: PathLike, person: str, *, date_format: str | None = None, dayfirst: bool | None = None,
                   today=None, **options) -> pd.Series:
    """Log a conversation in the files of ``source`` (a folder of CSV files or a workbook), appending one row.

    Parameters
    ----------
    source : path
        What :func:`~referralgraph.load` takes; changed in place.
    person : str
        As for :func:`log_meeting`.
    date_format, dayfirst, today
        As for :func:`~referralgraph.load`.
    **options
        The options of :func:`log_meeting` (``date``, ``kind``, ``asked``, ``new``, ...).

    Examples
    --------
    >>> import tempfile
    >>> folder = rg.save(rg.demo(), tempfile.mkdtemp() + "/search")
    >>> entry = rg.append_meeting(folder, "Ana Ortiz", new=True, date="2026-10-06 18:00", kind="coffee")
    >>> entry["next"]
    'thank Ana Ortiz by 2026-10-07 18:00'
    """
    return _append(source, lambda net: _plan_meeting(net, person, **_meeting_options(options)),
                   date_format=date_format, dayfirst=dayfirst, today=today)


append_meeting.__doc__ = append_meeting.__doc__.replace("\n    Examples", _APPEND_DOC.format(name="log_meeting")
                                                        .rstrip() + "\n\n    Examples", 1)


def _meeting_options(options: dict) -> dict:
    allowed = ("date", "kind", "asked", "questions_prepared", "takeaways", "thanked", "notes", "seeker", "new",
               "organization", "role", "field")
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        raise OptionError(f"unknown option{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; expected "
                          f"{', '.join(allowed)}")
    out = dict.fromkeys(allowed)
    out["new"] = False
    out.update(options)
    return out


def append_introduction(source: PathLike, introducer: str, introduced: str, *, date=None,
                        status: str = "introduced", organization: str | None = None, role: str | None = None,
                        field: str | None = None, notes: str | None = None, seeker: str | None = None,
                        new: bool = False, date_format: str | None = None, dayfirst: bool | None = None,
                        today=None) -> pd.Series:
    """Log an introduction in the files of ``source``, appending one row (and the new contact's).

    Parameters
    ----------
    source : path
        What :func:`~referralgraph.load` takes; changed in place.
    introducer, introduced, date, status, organization, role, field, notes, seeker, new
        As for :func:`log_introduction`.
    date_format, dayfirst, today
        As for :func:`~referralgraph.load`.

    Examples
    --------
    >>> import tempfile
    >>> folder = rg.save(rg.demo(), tempfile.mkdtemp() + "/search")
    >>> rg.append_introduction(folder, "priya-k", "Sam Reed", new=True, date="2026-10-01")["next"]
    'reply to Priya Kapoor and meet Sam Reed by 2026-10-03'
    """
    return _append(source, lambda net: _plan_intro(
        net, introducer, introduced, date=date, status=status, organization=organization, role=role, field=field,
        seeker=seeker, new=new, notes=notes), date_format=date_format, dayfirst=dayfirst, today=today)


append_introduction.__doc__ = append_introduction.__doc__.replace(
    "\n    Examples", _APPEND_DOC.format(name="log_introduction").rstrip() + "\n\n    Examples", 1)


def append_thanks(source: PathLike, person: str, *, date=None, handwritten: bool = False, seeker: str | None = None,
                  date_format: str | None = None, dayfirst: bool | None = None, today=None) -> pd.Series:
    """Record a thank-you (or a handwritten note) in the files of ``source``: one cell of one meeting row.

    Parameters
    ----------
    source : path
        What :func:`~referralgraph.load` takes; changed in place.
    person, date, handwritten, seeker
        As for :func:`log_thanks`.
    date_format, dayfirst, today
        As for :func:`~referralgraph.load`.

    Examples
    --------
    >>> import tempfile
    >>> folder = rg.save(rg.demo(), tempfile.mkdtemp() + "/search")
    >>> _ = rg.append_meeting(folder, "priya-k", date="2026-10-06 18:00")
    >>> rg.append_thanks(folder, "priya-k", date="2026-10-06 21:00")["logged"]
    'thank-you to Priya Kapoor on 2026-10-06 21:00 (for the conversation on 2026-10-06 18:00)'
    """
    return _append(source, lambda net: _plan_thanks(net, person, date=date, handwritten=handwritten, seeker=seeker),
                   date_format=date_format, dayfirst=dayfirst, today=today)


append_thanks.__doc__ = append_thanks.__doc__.replace(
    "\n    Examples", _APPEND_DOC.format(name="log_thanks").rstrip() + "\n\n    Examples", 1)
