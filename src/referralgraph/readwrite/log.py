"""Log a conversation, an introduction or a thank-you on a network: plan the change, return a new network.

:func:`log_meeting`, :func:`log_introduction`, :func:`log_thanks` take a network and return
a NEW network with the row added (write it with :func:`~referralgraph.save`); the same plans
drive :mod:`.append`, which changes the files of a source in place.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from .._docstrings import share_docs
from .. import _clock
from .._checks import check_bool, check_network, check_text
from ..exceptions import ContactNotFound, OptionError, ReferralGraphWarning, SchemaError
from ..model import ReferralNetwork
from ..model.deadlines import due_text, thank_you_due
from ..model.names import find_person, suggest
from ..model.pool import outside_network
from . import _parse
from ._plan import _cell_text, _missing, _Plan, _stamp
from ._poolfile import POOL_COLUMNS, POOL_FILE
from ._schema import COLUMNS
from ._identity import _resolve_seeker, _slug, _unique_ids
from .tables import _validation_error, from_frames
from .tabular import _csv_frame, _tables
from ..model.vocabulary import MEETING_KINDS, REPLY_DAYS, STATUSES


def _when(value, what: str, *, dayfirst=None) -> pd.Timestamp:
    """A date or date-time given by the user; ``None`` means now (to the minute, from :mod:`referralgraph._clock`)."""
    if value is None:
        return _clock.now().floor("min")
    if isinstance(value, (bool, np.bool_, int, float, np.integer, np.floating)):
        raise OptionError(
            f"{what} must be a date like 2026-10-06 or a date-time like 2026-10-06 18:00 "
            f"(got the number {value!r}; a number is not read as a date)"
        )
    if isinstance(value, str):
        parsed, bad, amb = _parse.parse_dates(
            pd.Series([value.strip()], dtype="str"), date_format=None, dayfirst=dayfirst
        )
        if dayfirst is None and np.asarray(amb).any():
            raise OptionError(
                f"{what} {value!r} is ambiguous (day and month could be either way round); expected "
                "2026-10-06 style, or keep your date order with the network: referralgraph settings "
                "SOURCE --set date_order=monthfirst (or dayfirst)"
            )
        if bad.any() and _parse.outside_range(pd.Series([value.strip()], dtype="str"), dayfirst=dayfirst).any():
            raise _outside(what, value)
        if bad.any() or pd.isna(parsed.iloc[0]):
            raise OptionError(
                f"{what} must be a date like 2026-10-06 or a date-time like 2026-10-06 18:00 (got {value!r})"
            )
        return pd.Timestamp(parsed.iloc[0])
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: a date object beyond any timestamp
        raise OptionError(
            f"{what} must be a date like 2026-10-06 or a date-time like 2026-10-06 18:00 "
            f"(got {value!r} of type {type(value).__name__})"
        ) from None
    if ts is pd.NaT:
        raise OptionError(f"{what} must be a date (got {value!r})")
    if ts.tz is not None:  # the one time-zone rule (see _parse.parse_dates): a zoned time is kept in UTC
        ts = ts.tz_convert("UTC").tz_localize(None)
    got, far = _parse.within_range(np.array([ts.to_datetime64()]))
    if far.any():
        raise _outside(what, value)
    return pd.Timestamp(got[0])


def _outside(what: str, value) -> OptionError:
    return OptionError(
        f"{what} must be a date from {_parse.DATE_RANGE_TEXT} (got {value!r}: outside the supported "
        "range; written as is it would not survive the network's files)"
    )


def _describe(net: ReferralNetwork, codes) -> str:
    c = net.table("contacts")
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
    match = find_person(who, net.ids, net.table("contacts")["name"], prefix=prefix)
    if match.note:
        warnings.warn(f"{role} {match.note}", ReferralGraphWarning, stacklevel=4)
    if len(match.codes) == 1:
        return int(match.codes[0])
    if len(match.codes) > 1:
        raise ContactNotFound(
            f"{role} {who!r} matches {len(match.codes)} contacts: {_describe(net, match.codes)}; "
            "expected one: give the id"
        )
    return None


def _not_found(net: ReferralNetwork, who: str, *, role: str, can_add: bool) -> ContactNotFound:
    names = net.table("contacts")["name"].dropna().astype(str)
    close = suggest(who, [*net.ids[:5000].astype(str), *names[:5000]], n=3)
    hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
    add = "; to add a new person, pass new=True (CLI: --new)" if can_add else ""
    return ContactNotFound(f"{role} {who!r} is not a contact id or name in the network{add}{hint}")


def _person(
    net: ReferralNetwork,
    plan: _Plan,
    who,
    *,
    role: str,
    new: bool,
    first_contact,
    details: dict | None = None,
    pool: pd.DataFrame | None = None,
) -> tuple[str, str]:
    """(id, name) of an existing contact, or of one added to the plan: from the connections pool, or new (``new``)."""
    code = _find(net, who, role=role, prefix=not new)
    if code is not None:
        if new:
            raise OptionError(
                f"{role} {who!r} is already in the network as {_describe(net, [code])}; "
                "expected new=False (CLI: leave out --new) to log them, or another name"
            )
        c = net.table("contacts")
        if details:  # fill blank cells only; a different value is the user's to change
            fill = {}
            for col, value in details.items():
                if value is None:
                    continue
                old = c[col].iat[code] if col in c.columns else None
                if old is None or (isinstance(old, float) and old != old) or old is pd.NA:
                    fill[col] = value
                elif str(old) != str(value):
                    raise OptionError(
                        f"{c['id'].iat[code]} already has {col} {old!r}; expected no {col} option, "
                        f"or {old!r} (edit the contacts file to change it)"
                    )
            if fill:
                plan.sets.append(("contacts", code, fill))
        return str(c["id"].iat[code]), str(c["name"].iat[code])
    pooled = _from_pool(net, pool, who, role=role, prefix=not new)
    if pooled is not None:  # a connection of the pool (an import) joins the network with what the pool knew
        return _promote(net, plan, pooled, first_contact=first_contact, details=details)
    if not new:
        raise _not_found(net, who, role=role, can_add=True)
    name = " ".join(who.split())
    c = net.table("contacts")
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


def _from_pool(net: ReferralNetwork, pool: pd.DataFrame | None, who: str, *, role: str, prefix: bool) -> dict | None:
    """The pool row (a dict) ``who`` names, if the connections pool holds exactly one such person not yet in ``net``."""
    pool = outside_network(net, pool)
    if pool is None or not len(pool):
        return None
    names = pool["name"] if "name" in pool.columns else pool["id"]
    match = find_person(
        who.strip(), pool["id"].astype("str").reset_index(drop=True), names.reset_index(drop=True), prefix=prefix
    )
    if len(match.codes) > 1:
        found = "; ".join(f"{pool['id'].iat[k]} ({names.iat[k]})" for k in match.codes[:10])
        raise ContactNotFound(
            f"{role} {who!r} matches {len(match.codes)} people in the connections pool "
            f"({POOL_FILE}): {found}; expected one: give the id"
        )
    return None if not len(match.codes) else pool.iloc[int(match.codes[0])].to_dict()


def _promote(net: ReferralNetwork, plan: _Plan, rec: dict, *, first_contact, details: dict | None) -> tuple[str, str]:
    """Add a pooled connection to the contacts under its pool id, with the pool's details (options fill the rest)."""
    row = {c: rec.get(c) for c in POOL_COLUMNS if c not in ("seeker", "first_contact") and not _missing(rec.get(c))}
    row["id"] = new_id = str(_unique_ids(pd.Series([str(rec["id"])], dtype="str"), net.ids).iloc[0])
    row.setdefault("name", new_id)
    for col, value in (details or {}).items():
        if value is not None and col not in row:
            row[col] = value
    connected = rec.get("first_contact")
    if not _missing(connected):  # the connection date is known: kept even where contacts has no such column yet
        row["first_contact"] = pd.Timestamp(connected).normalize()
        plan.soft = plan.soft - {"first_contact"}
    elif first_contact is not None and not _missing(first_contact):
        row["first_contact"] = pd.Timestamp(first_contact).normalize()
    plan.appends.append(("contacts", row))
    plan.pooled = True
    return new_id, str(row["name"])


_POOLED = " (now a contact, from your connections pool)"


def _seeker_cell(net: ReferralNetwork, seeker_id: str) -> dict:
    """The seeker column, only when the network has several seekers (one seeker fills it in itself)."""
    return {"seeker": seeker_id} if len(net.seekers) > 1 else {}


def _check_log_types(person, *people, texts: dict, flags: dict) -> None:
    """The types of ``log_*`` arguments: people and free text are ``str``, flags ``bool`` (``["a"]`` is refused)."""
    for name, value in (("person", person), *((f"person {k + 2}", p) for k, p in enumerate(people))):
        check_text(name, value, allow_none=False)
    for name, value in texts.items():
        check_text(name, value)
    for name, value in flags.items():
        check_bool(name, value, allow_none=name not in ("new", "handwritten"))


def _plan_meeting(
    net,
    person,
    *,
    date,
    kind,
    asked,
    questions_prepared,
    takeaways,
    thanked,
    notes,
    seeker,
    new,
    organization=None,
    role=None,
    field=None,
    pool=None,
) -> _Plan:
    check_network(net)
    _check_log_types(
        person,
        texts={
            "kind": kind,
            "takeaways": takeaways,
            "notes": notes,
            "seeker": seeker,
            "organization": organization,
            "role": role,
            "field": field,
        },
        flags={"asked": asked, "questions_prepared": questions_prepared, "new": new},
    )
    seeker_id = _resolve_seeker(net, seeker)
    when = _when(date, "date", dayfirst=net.settings.dayfirst)
    thank = None if thanked is None else _when(thanked, "thanked", dayfirst=net.settings.dayfirst)
    if kind is not None:
        kind = str(kind).strip().lower().replace(" ", "-").replace("_", "-")
        if kind not in MEETING_KINDS:
            raise OptionError(f"kind must be one of {', '.join(MEETING_KINDS)} (got {kind!r})")
    plan = _Plan()
    details = {"organization": organization, "role": role, "field": field}
    cid, name = _person(net, plan, person, role="person", new=new, first_contact=when, details=details, pool=pool)
    if cid == seeker_id:
        raise OptionError(f"{person!r} is the seeker; expected the person you talked to")
    row = {"contact": cid, "date": when, **_seeker_cell(net, seeker_id)}
    for col, value in (
        ("kind", kind),
        ("asked_for_introductions", asked),
        ("thank_you_sent", thank),
        ("questions_prepared", questions_prepared),
        ("takeaways", takeaways),
        ("notes", notes),
    ):
        if value is not None:
            row[col] = bool(value) if isinstance(value, (bool, np.bool_)) else value
    plan.appends.append(("meetings", row))
    plan.contact, plan.name = cid, name
    plan.what = f"{kind or 'conversation'} with {name}{_POOLED if plan.pooled else ''} on {_stamp(when)}"
    if thank is None:  # the same due time and words as next (model.deadlines)
        plan.due = pd.Timestamp(thank_you_due(np.array([when.to_datetime64()]))[0])
        plan.next = f"send {name} a thank-you, due by {due_text(plan.due)}"
    elif asked is not True:
        plan.next = f"ask {name} who else you should talk to"
    else:
        plan.next = f"follow up on the introductions {name} offers"
    return plan


def _plan_intro(
    net, introducer, introduced, *, date, status, organization, role, field, seeker, new, notes=None, pool=None
) -> _Plan:
    check_network(net)
    _check_log_types(
        introducer,
        introduced,
        texts={
            "status": status,
            "organization": organization,
            "role": role,
            "field": field,
            "seeker": seeker,
            "notes": notes,
        },
        flags={"new": new},
    )
    seeker_id = _resolve_seeker(net, seeker)
    when = _when(date, "date", dayfirst=net.settings.dayfirst).normalize()  # introductions are dated by the day
    status = "introduced" if status is None else str(status).strip().lower()
    if status not in STATUSES:
        raise OptionError(f"status must be one of {', '.join(STATUSES)} (got {status!r})")
    plan = _Plan()
    code = _find(net, introducer, role="introducer")
    if code is None:
        raise _not_found(net, introducer, role="introducer", can_add=False)
    iid, iname = str(net.ids[code]), str(net.table("contacts")["name"].iat[code])
    details = {"organization": organization, "role": role, "field": field}
    nid, nname = _person(
        net, plan, introduced, role="new person", new=new, first_contact=when, details=details, pool=pool
    )
    if nid == iid:
        raise OptionError(f"introducer and new person are the same ({iid!r}); expected two different people")
    intro = net.table("introductions")
    same = (
        np.flatnonzero(
            ((intro["introducer"] == iid) & (intro["introduced"] == nid) & (intro["seeker"] == seeker_id)).to_numpy(
                dtype=bool
            )
        )
        if len(intro)
        else np.zeros(0, np.intp)
    )
    if len(same):  # the same introduction again: its status moves on, no duplicate row
        pos = int(same[0])
        old = intro["status"].iat[pos]
        if old == status:
            raise OptionError(
                f"{iname} -> {nname} is already logged with status {status!r} "
                f"(introductions row {pos + 2}); expected another status"
            )
        plan.sets.append(("introductions", pos, {"status": status}))
        plan.what = f"introduction {iname} -> {nname}: {old} -> {status}"
    else:
        row = {"introducer": iid, "introduced": nid, "date": when, "status": status, **_seeker_cell(net, seeker_id)}
        if notes is not None:
            row["notes"] = notes
        plan.appends.append(("introductions", row))
        plan.what = f"introduction {iname} -> {nname}{_POOLED if plan.pooled else ''} ({status}) on {_stamp(when)}"
    plan.contact, plan.name = nid, nname
    if status == "met":
        plan.next = f"log your conversation with {nname} (log meeting)"
    else:
        plan.due = when.normalize() + pd.Timedelta(days=REPLY_DAYS[status])
        plan.next = (
            f"reply to {iname} and meet {nname} by {_stamp(plan.due)}"
            if status == "introduced"
            else f"follow up with {iname} about meeting {nname} by {_stamp(plan.due)}"
        )
    return plan


def _plan_thanks(net, person, *, date, handwritten, seeker) -> _Plan:
    check_network(net)
    _check_log_types(person, texts={"seeker": seeker}, flags={"handwritten": handwritten})
    seeker_id = _resolve_seeker(net, seeker)
    when = _when(date, "date", dayfirst=net.settings.dayfirst)
    code = _find(net, person, role="person")
    if code is None:
        raise _not_found(net, person, role="person", can_add=False)
    cid, name = str(net.ids[code]), str(net.table("contacts")["name"].iat[code])
    m = net.table("meetings")
    mine = (
        (m["contact"] == cid).to_numpy(dtype=bool) & (m["seeker"] == seeker_id).to_numpy(dtype=bool)
        if len(m)
        else np.zeros(0, bool)
    )
    if not mine.any():
        raise OptionError(
            f"no conversation with {name} is logged; expected one first (CLI: referralgraph log meeting SOURCE {cid!r})"
        )
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
    pick = np.flatnonzero(mine & open_ & before & ~np.isnat(dates))  # the latest readable conversation
    if not len(pick) and (mine & open_ & np.isnat(dates)).any():
        pos = int(np.flatnonzero(mine & open_ & np.isnat(dates))[-1])
        raise OptionError(
            f"the conversation with {name} has no date that can be read "
            f"({_cell_said(net, 'meetings', pos, 'date')}); expected a date such as 2026-03-06: "
            "correct the cell, or keep the date order with referralgraph settings SOURCE "
            "--set date_order=monthfirst (or dayfirst)"
        )
    if not len(pick):
        what = "a handwritten note" if handwritten else "a thank-you"
        if not (mine & before).any():
            raise OptionError(
                f"every conversation with {name} is after {_stamp(when)}; expected a date on or after the conversation"
            )
        raise OptionError(f"every conversation with {name} already has {what} recorded; nothing to log")
    pos = int(pick[np.argmax(dates[pick])])
    plan = _Plan()
    plan.sets.append(("meetings", pos, {column: when if not handwritten else when.normalize()}))
    plan.contact, plan.name = cid, name
    met = pd.Timestamp(dates[pos])
    plan.what = (
        f"{'a handwritten note' if handwritten else 'a thank-you'} to {name} on {_stamp(when)} "
        f"for the conversation on {_stamp(met)}: thank-you recorded"
    )
    has_notes = "handwritten_note" in m.columns
    note_done = (
        not open_[pos]
        if handwritten
        else (
            has_notes
            and (
                bool(pd.Series(m["handwritten_note"]).fillna(False).astype(bool).iat[pos])
                or ("handwritten_note_date" in m.columns and not _missing(m["handwritten_note_date"].iat[pos]))
            )
        )
    )
    if not handwritten and has_notes and not note_done:
        plan.next = f"write {name} a handwritten note"
    else:
        plan.next = f"stay in touch with {name}; ask who else you should talk to"
    return plan


def _cell_said(net: ReferralNetwork, table: str, pos: int, column: str) -> str:
    """Where a cell is and what loading said about it: ``meetings.csv, row 7, column 'date': '3/6/2026' could be ...``."""
    files, rows = getattr(net, "_files", None) or {}, getattr(net, "_rows", None) or {}
    label = str(files.get(table, table))
    row = int(rows[table][pos]) if table in rows and pos < len(rows[table]) else pos + 2
    p = net.problems
    said = p[(p["file"].astype(str) == label) & (p["row"] == row) & (p["column"].astype(str) == column)]
    what = str(said["message"].iat[0]).split("; in lenient mode")[0] if len(said) else f"{column} is blank"
    shown = Path(label).name if label.endswith((".csv", ".parquet")) else label
    return f"{shown}, row {row}, column {column!r}: {what}"


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
                return (
                    None
                    if _missing(value)
                    else (pd.Timestamp(value) if isinstance(value, (np.datetime64, pd.Timestamp)) else value)
                )
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
                if (
                    value is None
                    or (col == "is_seeker" and isinstance(value, (bool, np.bool_)) and not value)
                    or (col == "seeker" and len(new.seekers) == 1)
                ):
                    continue
                row[col] = bool(value) if isinstance(value, (bool, np.bool_)) else value
            plan.appends.append((table, row))
    merged: dict = {}
    for table, pos, values in plan.sets:  # one entry per row
        merged.setdefault((table, pos), {}).update(values)
    plan.sets = [(t, p, v) for (t, p), v in merged.items()]
    return plan


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
        if table not in cells:  # the first row of an optional table (opportunities)
            cells[table] = pd.DataFrame(columns=list(COLUMNS[table]), dtype=object)
        frame = cells[table]
        values = {k: v for k, v in values.items() if k in frame.columns or k not in plan.soft}
        for col in values:
            if col not in frame.columns:
                frame[col] = ""
        row = {col: _cell_text(values.get(col)) for col in frame.columns}
        cells[table] = pd.concat([frame, pd.DataFrame([row], columns=frame.columns, dtype=object)], ignore_index=True)
    new = from_frames(
        cells["contacts"],
        cells["introductions"],
        cells["meetings"],
        cells.get("opportunities"),
        strict=False,
        date_format=date_format,
        dayfirst=dayfirst,
        today=today,
    )
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
    if fresh:  # a cell already in error (an unreadable date) is rebuilt blank: the same problem, other words
        left: Counter[tuple[str, str]] = Counter()
        for (col, msg), count in known.items():
            same = (old["column"].astype(str) == col) & (old["message"].astype(str) == msg)
            for f in old.loc[same, "file"].astype(str).head(count):
                left[(_table_of(f), col)] += 1
        still = []
        for k in fresh:
            key = (_table_of(str(errors["file"].iat[k])), str(errors["column"].iat[k]))
            if left[key] > 0:
                left[key] -= 1
            else:
                still.append(k)
        fresh = still
    if fresh:
        raise _validation_error(errors.iloc[fresh])


def _table_of(label: str) -> str:
    """The table a problem's file label names (``.../meetings.csv``, ``book.xlsx [meetings]``, ``meetings``)."""
    found = re.findall(r"(contacts|introductions|meetings)", label.lower())
    return found[-1] if found else label


@share_docs
def log_meeting(
    net: ReferralNetwork,
    person: str,
    *,
    date=None,
    kind: str | None = None,
    asked: bool | None = None,
    questions_prepared: bool | None = None,
    takeaways: str | None = None,
    thanked=None,
    notes: str | None = None,
    seeker: str | None = None,
    new: bool = False,
    organization: str | None = None,
    role: str | None = None,
    field: str | None = None,
    connections: pd.DataFrame | None = None,
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
        Whose conversation: a seeker id or name. ``None`` means the only seeker; a network
        with several seekers needs it.
    new : bool, default False
        ``person`` is someone new: add them as a contact (first contact on ``date``),
        with ``organization``, ``role`` and ``field``.
    organization, role, field : str, optional
        The new contact's details (for an existing contact: filled in where blank).
    connections : pandas.DataFrame, optional
        The connections pool of an import (:func:`referralgraph.read_pool`). A
        ``person`` who is not a contact but is in the pool joins the contacts
        under their pool id, with the pool's name, organization, role, e-mail,
        LinkedIn URL and connection date (:func:`append_meeting` reads the pool
        of its source itself).

    {returns_network}

    Raises
    ------
    ContactNotFound
        If ``person`` matches nobody (and ``new`` is false) or several contacts;
        the message lists them.
    OptionError
        If a date or the kind is not valid, or ``new`` names someone already there.
    {raises_validation}

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
    plan = _plan_meeting(
        net,
        person,
        date=date,
        kind=kind,
        asked=asked,
        questions_prepared=questions_prepared,
        takeaways=takeaways,
        thanked=thanked,
        notes=notes,
        seeker=seeker,
        new=new,
        organization=organization,
        role=role,
        field=field,
        pool=connections,
    )
    return _apply(net, plan)


@share_docs
def log_introduction(
    net: ReferralNetwork,
    introducer: str,
    introduced: str,
    *,
    date=None,
    status: str = "introduced",
    organization: str | None = None,
    role: str | None = None,
    field: str | None = None,
    notes: str | None = None,
    seeker: str | None = None,
    new: bool = False,
    connections: pd.DataFrame | None = None,
) -> ReferralNetwork:
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
        Whose introduction. ``None`` means the only seeker; a network with several seekers
        needs it.
    new : bool, default False
        Add ``introduced`` as a new contact.
    connections : pandas.DataFrame, optional
        The connections pool, as for :func:`log_meeting`: an ``introduced`` person
        found there joins the contacts with the pool's details.

    {returns_network}

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
    plan = _plan_intro(
        net,
        introducer,
        introduced,
        date=date,
        status=status,
        organization=organization,
        role=role,
        field=field,
        seeker=seeker,
        new=new,
        notes=notes,
        pool=connections,
    )
    return _apply(net, plan)


@share_docs
def log_thanks(
    net: ReferralNetwork, person: str, *, date=None, handwritten: bool = False, seeker: str | None = None
) -> ReferralNetwork:
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
        Whose conversation. ``None`` means the only seeker; a network with several seekers
        needs it.

    {returns_network}

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
