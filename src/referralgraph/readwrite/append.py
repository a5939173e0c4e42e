"""Log a conversation, an introduction or a thank-you in the files of a source (appended).

Two sides, one set of rules:

- :func:`~referralgraph.log_meeting`, :func:`~referralgraph.log_introduction`,
  :func:`~referralgraph.log_thanks` (in :mod:`.log`) take a network and return a NEW
  network with the row added (write it with :func:`~referralgraph.save`);
- :func:`append_meeting`, :func:`append_introduction`, :func:`append_thanks` change the
  files of a source in place: the new row is appended to the CSV file (or the sheet of
  the workbook) and nothing else in the files changes, byte for byte: the other rows,
  the delimiter, the encoding, the line endings and the quoting stay as they were.

Either way the result is validated with the same rules as :func:`~referralgraph.load`,
and a row that would add an error is refused before anything is written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from .._checks import check_path
from .._docstrings import share_docs
from ..exceptions import SchemaError
from ._lock import commit_files, network_lock
from ._csvfile import _table_files, _write_folder
from ._workbook import _write_workbook
from ._poolfile import read_pool
from .log import _apply, _plan_intro, _plan_meeting, _plan_thanks, log_introduction, log_meeting, log_thanks  # noqa: F401 (log_*: the old import path)
from .tables import load

__all__ = ["append_meeting", "append_introduction", "append_thanks"]

PathLike = str | os.PathLike


# ---------------------------------------------------------------------------- in the files: the driver
def _append_locked(path: Path, make_plan, lock, *, date_format, dayfirst, today, write: bool):
    """The read-change-write of :func:`_append`, inside the network's lock."""
    if path.is_dir() and any(p.suffix.lower() == ".parquet" for p in path.iterdir()):
        raise SchemaError(
            f"{path} is a folder of Parquet tables, which log and the imports do not change in "
            "place; expected a folder of CSV files or a workbook (convert it: referralgraph export "
            f"{path} NEW-FOLDER --to csv, then log into NEW-FOLDER)"
        )
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
        raise SchemaError(
            f"{path}: the row could not be added without changing how the rest of the file reads; "
            "nothing was written (run referralgraph validate on it, or add the row by hand)"
        )
    if write:
        commit_files(changed, lock=lock)  # every file or none, even under kill -9
    return expected, plan, changed, notes


def _append(
    source: PathLike, make_plan, *, date_format=None, dayfirst=None, today=None, write: bool = True
) -> pd.Series:
    path = Path(check_path("source", source))
    if dayfirst is None:  # the remembered date order (docs/settings.md), for every read below
        from .settings import read_settings

        dayfirst = read_settings(path).dayfirst
    with network_lock(path) as lock:  # read, change and write with no other change in between
        expected, plan, changed, notes = _append_locked(
            path, make_plan, lock, date_format=date_format, dayfirst=dayfirst, today=today, write=write
        )
    row = None
    main_table = next(
        (t for t, _v in plan.appends if t != "contacts"),
        next((t for t, _p, _v in plan.sets if t != "contacts"), "contacts"),
    )
    n_rows = {
        "contacts": len(expected.table("contacts")),
        "introductions": len(expected.table("introductions")),
        "meetings": len(expected.table("meetings")),
        "opportunities": len(expected.table("opportunities")),
    }
    if any(t == main_table for t, _v in plan.appends):
        row = n_rows[main_table]  # position of the last record (+1 for the header), before blank rows
    return pd.Series(
        {
            "table": main_table,
            "record": row,
            "contact": plan.contact,
            "name": plan.name,
            "logged": plan.what,
            "due": plan.due,
            "next": plan.next,
            "files": [str(p) for p in changed],
            "notes": notes,
            **({} if write else {"changed": changed}),  # write=False: the checked bytes, for the caller to write
        },
        name="log",
    )


@share_docs
def append_meeting(
    source: PathLike,
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
    date_format: str | None = None,
    dayfirst: bool | None = None,
    today=None,
) -> pd.Series:
    """Log a conversation in the files of ``source`` (a folder of CSV files or a workbook), appending one row.

    Parameters
    ----------
    {source_in_place}
    person, date, kind, asked, questions_prepared, takeaways, thanked, notes, seeker, new, organization, role, field
        As for :func:`log_meeting`.
    {load_options}

    {append_returns_notes}

    {append_example_folder}
    >>> entry = rg.append_meeting(folder, "Ana Ortiz", new=True, date="2026-10-06 18:00", kind="coffee")
    >>> entry["next"]
    'send Ana Ortiz a thank-you, due by 2026-10-07 18:00'
    """
    options = {
        "date": date,
        "kind": kind,
        "asked": asked,
        "questions_prepared": questions_prepared,
        "takeaways": takeaways,
        "thanked": thanked,
        "notes": notes,
        "seeker": seeker,
        "new": new,
        "organization": organization,
        "role": role,
        "field": field,
    }
    return _append(
        source,
        lambda net: _plan_meeting(net, person, **options, pool=_pool_of(source)),
        date_format=date_format,
        dayfirst=dayfirst,
        today=today,
    )


def _pool_of(source: PathLike) -> pd.DataFrame | None:
    """The connections pool of a folder source (read inside the network lock, as the plan is made)."""
    return read_pool(source) if Path(source).is_dir() else None


@share_docs
def append_introduction(
    source: PathLike,
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
    date_format: str | None = None,
    dayfirst: bool | None = None,
    today=None,
) -> pd.Series:
    """Log an introduction in the files of ``source``, appending one row (and the new contact's).

    Parameters
    ----------
    {source_in_place}
    introducer, introduced, date, status, organization, role, field, notes, seeker, new
        As for :func:`log_introduction`.
    {load_options}

    {append_returns_notes}

    {append_example_folder}
    >>> rg.append_introduction(folder, "priya-k", "Sam Reed", new=True, date="2026-10-01")["next"]
    'reply to Priya Kapoor and meet Sam Reed by 2026-10-03'
    """
    return _append(
        source,
        lambda net: _plan_intro(
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
            pool=_pool_of(source),
        ),
        date_format=date_format,
        dayfirst=dayfirst,
        today=today,
    )


@share_docs
def append_thanks(
    source: PathLike,
    person: str,
    *,
    date=None,
    handwritten: bool = False,
    seeker: str | None = None,
    date_format: str | None = None,
    dayfirst: bool | None = None,
    today=None,
) -> pd.Series:
    """Record a thank-you (or a handwritten note) in the files of ``source``: one cell of one meeting row.

    Parameters
    ----------
    {source_in_place}
    person, date, handwritten, seeker
        As for :func:`log_thanks`.
    {load_options}

    {append_returns_notes}

    {append_example_folder}
    >>> _ = rg.append_meeting(folder, "priya-k", date="2026-10-06 18:00")
    >>> rg.append_thanks(folder, "priya-k", date="2026-10-06 21:00")["logged"]
    'a thank-you to Priya Kapoor on 2026-10-06 21:00 for the conversation on 2026-10-06 18:00: thank-you recorded'
    """
    return _append(
        source,
        lambda net: _plan_thanks(net, person, date=date, handwritten=handwritten, seeker=seeker),
        date_format=date_format,
        dayfirst=dayfirst,
        today=today,
    )
