"""Imports that keep the search: the connections pool, dry runs, and a backup with an undo of the last import.

An import of LinkedIn connections or an address book into an existing network
folder changes the user's files the way ``log`` does: matched contacts gain what
they lack (blank cells filled, byte for byte: delimiter, encoding, line ends,
quoting, words and date styles kept), and **connections with whom nothing has
happened yet go to the connections pool**, ``connections.csv`` beside the tables,
instead of the contacts table. So the seeker's reach, generations, quiet contacts
and map look the same before and after an import; the pool serves warm paths to
target organizations (``next --target``) and a person leaves it once logged
(``log meeting NAME --new``). See docs/importing.md.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from .._checks import check_path
from ..exceptions import OptionError, SchemaError
from ._csvfile import _CsvFile, _csv_edits, _encode, _open_csv, _table_files
from ._poolfile import POOL_COLUMNS, POOL_FILE, _pool_path, read_pool
from ._plan import _Plan
from ._lock import commit_files, network_lock
from .append import _append_locked
from .log import _plan_between
from ._identity import _name_key, _normalize_url, _unique_ids

__all__ = ["POOL_FILE", "POOL_COLUMNS", "BACKUP_FOLDER", "read_pool", "import_into", "import_linkedin", "undo_import"]

#: where the files an import changes are kept, beside them, until the next import
BACKUP_FOLDER = ".referralgraph-backup"


def _keys(frame: pd.DataFrame) -> set:
    """Identities of pool rows: LinkedIn URL, e-mail and name key (for skipping a connection already pooled)."""
    out = set()
    for col, fold in (("linkedin", _normalize_url), ("email", lambda s: s.str.lower()), ("name", _name_key)):
        if col in frame.columns and len(frame):
            values = fold(frame[col].astype("str").where(frame[col].notna()))
            out |= {(col, v) for v in values.dropna().tolist() if v}
    return out


def _split_plan(net, merged, report: pd.DataFrame, pooled: pd.DataFrame, seeker_id: str):
    """The merge's plan without the connections that go to the pool, and the pool rows."""
    plan = _plan_between(net, merged)
    added = report["action"] == "added"
    ids = set(report.loc[added, "id"].dropna().astype(str))
    plan.appends = [
        (t, row)
        for t, row in plan.appends
        if not (
            (t == "contacts" and str(row.get("id")) in ids)
            or (t == "introductions" and str(row.get("introduced")) in ids)
        )
    ]
    c = merged.contacts
    rows = c[c["id"].astype(str).isin(ids)].copy()
    rows["seeker"] = seeker_id
    known = _keys(pooled)
    fresh = np.ones(len(rows), dtype=bool)
    for col, fold in (("linkedin", _normalize_url), ("email", lambda s: s.str.lower()), ("name", _name_key)):
        if col in rows.columns and len(rows):
            values = fold(rows[col].astype("str").where(rows[col].notna())).to_numpy(dtype=object)
            fresh &= np.array([not (v and (col, v) in known) for v in values], dtype=bool)
    in_pool = set(rows.loc[~fresh, "id"].astype(str))
    rows = rows[fresh]
    if len(rows) and len(pooled):  # ids unique in the pool too
        taken = pd.Index(pooled["id"].dropna().astype(str).tolist() + net.ids.tolist())
        rows["id"] = _unique_ids(rows["id"].astype(str).reset_index(drop=True), taken).to_numpy()
    report = report.copy()
    report.loc[report["id"].astype(str).isin(in_pool) & added, "action"] = "already-in-pool"
    pooled_ids = dict(zip(c.loc[c["id"].astype(str).isin(ids - in_pool), "id"].astype(str), rows["id"].astype(str)))
    report.loc[report["action"] == "added", "action"] = "pooled"
    report["id"] = [pooled_ids.get(str(v), v) if a == "pooled" else v for v, a in zip(report["id"], report["action"])]
    return plan, rows, report


def _pool_bytes(folder: Path, rows: pd.DataFrame) -> tuple[Path, bytes] | None:
    """The pool file with ``rows`` appended (created in the style of contacts.csv when missing)."""
    if not len(rows):
        return None
    path = _pool_path(folder)
    values = []
    for rec in rows.to_dict("records"):
        row = {}
        for col in POOL_COLUMNS:
            v = rec.get(col)
            if v is None or (not isinstance(v, str) and pd.isna(v)) or v == "":
                continue
            row[col] = pd.Timestamp(v) if isinstance(v, (pd.Timestamp, np.datetime64)) else str(v)
        values.append(row)
    plan = _Plan(appends=[("connections", v) for v in values], soft=frozenset())
    if path.is_file():
        return path, _csv_edits(_open_csv(path), "connections", plan)[0]
    style = _open_csv(_table_files(folder)["contacts"])
    cols = [c for c in POOL_COLUMNS if any(c in v for v in values)]
    head = style.delimiter.join(cols) + style.newline
    bom = b"\xef\xbb\xbf" if style.bom == 3 else (style.data[:2] if style.bom == 2 else b"")
    f = _CsvFile(
        path,
        bom + _encode(style, head),
        head,
        style.encoding,
        style.errors,
        style.bom,
        delimiter=style.delimiter,
        newline=style.newline,
        quote_all=style.quote_all,
        header=cols,
        header_end=len(head) - len(style.newline),
        body_start=len(head),
    )
    return path, _csv_edits(f, "connections", plan)[0]


def _backup(folder: Path, paths: list[Path], what: str) -> Path:
    """Copy ``paths`` (those that exist) into the backup folder, replacing the last import's backup."""
    where = folder / BACKUP_FOLDER
    if where.exists():
        shutil.rmtree(where)
    where.mkdir()
    existed = {}
    for p in paths:
        existed[p.name] = p.is_file()
        if p.is_file():
            shutil.copy2(p, where / p.name)
    (where / "manifest.json").write_text(json.dumps({"import": what, "files": existed}, indent=1), encoding="utf-8")
    return where


def import_into(
    folder, merge, *, seeker_of, what: str, dry_run: bool = False, pool: bool = True, date_format=None, dayfirst=None
) -> pd.DataFrame:
    """Merge into the network files of ``folder`` with ``merge(net) -> (merged, report)``.

    The shared engine of :func:`referralgraph.import_contacts` and
    :func:`referralgraph.import_linkedin`: matched contacts gain blank cells (byte
    for byte), new connections go to the pool (``pool=True``, folders only) or are
    appended as direct contacts (``pool=False``); ``dry_run`` writes nothing; the
    files changed are first copied to :data:`BACKUP_FOLDER` (see :func:`undo_import`).
    Returns the merge report with ``attrs`` ``files``, ``notes``, ``backup`` and
    ``dry_run``; the report's ``action`` is ``pooled`` for a connection sent to
    the pool and ``already-in-pool`` for one the pool already holds.
    """
    path = Path(folder)
    into_pool = pool and path.is_dir()
    out: dict = {}

    def plan(net):
        merged, report = merge(net)
        if into_pool:
            p, rows, report = _split_plan(net, merged, report, read_pool(path), seeker_of(net))
            out["pool"] = rows
        else:
            p = _plan_between(net, merged)
        out["report"] = report
        return p

    check_path("source", folder)
    if dayfirst is None:  # the remembered date order (docs/settings.md)
        from .settings import read_settings

        dayfirst = read_settings(path).dayfirst
    with network_lock(path) as lock:  # read, plan, back up and write with no other change in between
        _net, _plan, staged, staged_notes = _append_locked(
            path, plan, lock, date_format=date_format, dayfirst=dayfirst, today=None, write=False
        )
        changed: dict[Path, bytes] = dict(staged)
        notes = list(staged_notes)
        extra = _pool_bytes(path, out.get("pool", pd.DataFrame())) if into_pool else None
        if extra is not None:
            if not extra[0].is_file():
                notes.append(f"created {extra[0].name} (the connections pool)")
            changed[extra[0]] = extra[1]
        report = out["report"]
        report.attrs.update({"files": [str(p) for p in changed], "notes": notes, "dry_run": dry_run, "backup": None})
        if dry_run or not changed:
            return report
        base = path if path.is_dir() else path.parent
        report.attrs["backup"] = str(_backup(base, list(changed), what))
        commit_files(changed, lock=lock)  # every file or none, even under kill -9
    return report


def undo_import(source) -> list[str]:
    """Put back the files the last import changed (from :data:`BACKUP_FOLDER`); returns what was restored.

    Files the import created (a new ``connections.csv``) are removed. The backup
    is used once: it is deleted after the undo.

    Raises
    ------
    OptionError
        If there is no backup of an import beside ``source``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from referralgraph.readwrite.pool import undo_import
    >>> undo_import(pathlib.Path(tempfile.mkdtemp()))
    Traceback (most recent call last):
    ...
    referralgraph.exceptions.OptionError: no import to undo: ... has no .referralgraph-backup folder (an import keeps one until the next import)
    """
    path = Path(source)
    base = path if path.is_dir() else path.parent
    where = base / BACKUP_FOLDER
    manifest = where / "manifest.json"
    if not manifest.is_file():
        raise OptionError(
            f"no import to undo: {base} has no {BACKUP_FOLDER} folder (an import keeps one until the next import)"
        )
    try:
        existed = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    except (ValueError, KeyError) as exc:
        raise SchemaError(f"{manifest}: not a backup manifest ({exc}); nothing was restored") from None
    done = []
    with network_lock(path) as lock:  # no log or import in between
        restored = {base / name: (where / name).read_bytes() for name, was in existed.items() if was}
        commit_files(restored, lock=lock)  # every file or none
        done += [f"restored {p.name}" for p in restored]
        for name, was in existed.items():
            if not was and (base / name).is_file():
                (base / name).unlink()
                done.append(f"removed {name} (created by the import)")
        shutil.rmtree(where)
    return done


def import_linkedin(
    path,
    source,
    *,
    seeker: str | None = None,
    dry_run: bool = False,
    pool: bool = True,
    strict: bool = True,
    date_format: str | None = None,
    dayfirst: bool | None = None,
) -> pd.DataFrame:
    """Merge LinkedIn's ``Connections.csv`` into the network files of ``source`` without burying the search.

    Parameters
    ----------
    path : path
        The LinkedIn export (read with :func:`referralgraph.read_linkedin`).
    source : path
        A network folder (or workbook) that holds a network; changed in place.
    seeker : str, optional
        Whose connections. ``None`` means the only seeker; a network with several seekers
        needs it.
    dry_run : bool, default False
        Compute and return what would be added and matched; write nothing.
    pool : bool, default True
        Send connections with whom nothing has happened yet to the connections
        pool (``connections.csv``) rather than the contacts table, so reach,
        generations, quiet contacts and the map are unchanged (folders only; a
        workbook gains them as direct contacts).
    strict : bool, default True
        As for :func:`referralgraph.read_linkedin`.
    date_format, dayfirst
        As for :func:`referralgraph.load` (for reading ``source`` and the export).

    Returns
    -------
    pandas.DataFrame
        The report of :func:`referralgraph.merge_linkedin`, whose ``action`` is
        ``pooled`` (sent to the pool), ``already-in-pool``, ``matched-by-url`` /
        ``-email`` / ``-name`` (blank cells filled in) or ``skipped``;
        ``attrs``: ``files`` (written, or that would be), ``notes``, ``backup``
        (the folder holding the files as they were, for :func:`undo_import`),
        ``dry_run`` and ``problems`` (what reading the export found).

    Raises
    ------
    SchemaError
        If ``path`` is not a LinkedIn export, or ``source`` holds no network.
    SeekerNotFound
        As for :func:`referralgraph.merge_linkedin`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> rg.save(rg.from_frames(pd.DataFrame({"name": ["Maya Park", "Ann Lee"], "is_seeker": ["yes", ""]})),
    ...         tmp / "search", format="csv") and None
    >>> _ = (tmp / "Connections.csv").write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\\n"
    ...     "Ann,Lee,,,Acme,Engineer,01 Mar 2026\\nBo,Chen,,,Beta,Analyst,02 Mar 2026\\n")
    >>> report = rg.import_linkedin(tmp / "Connections.csv", tmp / "search")
    >>> report[["name", "action"]].values.tolist()
    [['Ann Lee', 'matched-by-name'], ['Bo Chen', 'pooled']]
    >>> len(rg.load(tmp / "search"))  # Bo waits in connections.csv, outside the tree
    2
    """
    from ._identity import _resolve_seeker
    from .linkedin import merge_linkedin, read_linkedin

    folder = Path(source)
    holds = folder.is_file() or (folder.is_dir() and "contacts" in _table_files(folder))
    if not holds:
        raise SchemaError(
            f"{folder} holds no network (no contacts.csv); start one with "
            'rg.from_linkedin (CLI: referralgraph import-linkedin FILE DIR --seeker "Your Name")'
        )
    contacts, problems = read_linkedin(path, problems=True, strict=strict, date_format=date_format, dayfirst=dayfirst)
    report = import_into(
        folder,
        lambda net: merge_linkedin(net, contacts, seeker=seeker, report=True),
        seeker_of=lambda net: _resolve_seeker(net, seeker),
        what=f"import-linkedin {Path(path).name}",
        dry_run=dry_run,
        pool=pool,
        date_format=date_format,
        dayfirst=dayfirst,
    )
    report.attrs["problems"] = problems
    return report
