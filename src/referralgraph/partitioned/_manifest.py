"""The dataset's ``_referralgraph.json`` read as untrusted input, and leftovers of killed runs removed.

A dataset folder may come from anywhere (copied, unpacked, edited by hand), so its
manifest is checked against a schema before anything is read through it: every key
present with the right type, counts integral and non-negative and adding up, every
bucket path one plain folder name inside the dataset, the latest dates consistent.
A bucket's files are checked when the bucket is read (present, readable Parquet,
the row counts the manifest names).

Temporary folders: :func:`~referralgraph.partitioned.dataset.atomic_folder` builds
an output in a hidden sibling ``.NAME.XXXXXXXX.tmp`` and holds an OS advisory lock on
a file inside it while it works. A run killed with ``kill -9`` leaves the folder but
not the lock (the system releases it with the process), so the next run over the same
target removes every such sibling whose lock it can take (:func:`clean_stale`).
"""

from __future__ import annotations

import datetime as _dt
import numbers
import os
import shutil
from pathlib import Path

from .._limits import check_parquet
from ..exceptions import SchemaError

__all__ = ["check_manifest", "check_bucket_files", "hold_folder", "clean_stale", "LOCK_NAME"]

#: the file inside a temporary folder that its writer holds locked
LOCK_NAME = ".referralgraph-writing"
_TABLES = ("contacts", "introductions", "meetings")
_COUNTS = ("seekers", *_TABLES)


def _fail(path: Path, what: str) -> SchemaError:
    return SchemaError(
        f"{path} is not a valid dataset manifest: {what}; expected the file referralgraph "
        "partition wrote (re-create the dataset with referralgraph partition)"
    )


def _count(path: Path, where: str, value) -> int:
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 0:
        raise _fail(path, f"{where} is {value!r}, not a whole number >= 0")
    return int(value)


def _day(path: Path, where: str, value) -> str | None:
    if value is None:
        return None
    bad = _fail(path, f"{where} is {value!r}, not a date YYYY-MM-DD or null")
    if not isinstance(value, str) or len(value) != 10:
        raise bad
    try:
        return _dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise bad from None


def _keys(path: Path, where: str, record, keys) -> dict:
    if not isinstance(record, dict):
        raise _fail(path, f"{where} is a {type(record).__name__}, not an object")
    missing = [k for k in keys if k not in record]
    if missing:
        raise _fail(path, f"{where} lacks the key{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    return record


def _bucket_path(path: Path, folder: Path, where: str, value) -> str:
    """A bucket path must be one plain folder name, and that folder must stay inside the dataset."""
    if (
        not isinstance(value, str)
        or not value
        or value in (".", "..")
        or "/" in value
        or "\\" in value
        or "\0" in value
        or os.path.isabs(value)
    ):
        raise _fail(path, f"{where} is {value!r}, not the name of a folder inside the dataset")
    target = folder / value
    if target.is_symlink() or target.resolve().parent != folder.resolve():
        raise _fail(path, f"{where} {value!r} leads outside the dataset")
    return value


def check_manifest(meta, folder: Path, *, marker: str) -> dict:
    """Check a dataset's manifest (already parsed from JSON); return it, or raise :class:`SchemaError`.

    ``format`` and ``version`` are checked by the caller; everything else here.
    """
    path = folder / marker
    meta = _keys(
        path, "the manifest", meta, ("format", "version", "buckets", "seekers", "tables", "bucket_info", "latest_date")
    )
    _count(path, "version", meta["version"])
    buckets = _count(path, "buckets", meta["buckets"])
    seekers = _count(path, "seekers", meta["seekers"])
    if meta["tables"] != list(_TABLES):
        raise _fail(path, f"tables is {meta['tables']!r}, not {list(_TABLES)!r}")
    info = meta["bucket_info"]
    if not isinstance(info, list) or len(info) != buckets:
        got = f"{len(info)} entries" if isinstance(info, list) else f"a {type(info).__name__}"
        raise _fail(path, f"bucket_info has {got} for {buckets} buckets")
    days, paths = [], set()
    for b, record in enumerate(info):
        where = f"bucket_info[{b}]"
        _keys(path, where, record, ("bucket", "path", *_COUNTS, "latest_date"))
        if _count(path, f"{where}.bucket", record["bucket"]) != b:
            raise _fail(path, f"{where}.bucket is {record['bucket']!r}, not {b} (buckets out of order)")
        name = _bucket_path(path, folder, f"{where}.path", record["path"])
        if name in paths:
            raise _fail(path, f"{where}.path {name!r} is used by two buckets")
        paths.add(name)
        for key in _COUNTS:
            _count(path, f"{where}.{key}", record[key])
        days.append(_day(path, f"{where}.latest_date", record["latest_date"]))
    if sum(int(r["seekers"]) for r in info) != seekers:
        raise _fail(
            path, f"the buckets hold {sum(int(r['seekers']) for r in info)} seekers, the manifest says {seekers}"
        )
    unplaced = meta.get("unplaced")
    if unplaced is not None:
        _keys(path, "unplaced", unplaced, (*_TABLES, "latest_date"))
        for key in _TABLES:
            _count(path, f"unplaced.{key}", unplaced[key])
        days.append(_day(path, "unplaced.latest_date", unplaced["latest_date"]))
    latest = _day(path, "latest_date", meta["latest_date"])
    known = [d for d in days if d is not None]
    if latest != (max(known) if known else None):
        raise _fail(
            path, f"latest_date is {latest!r} but the buckets' latest date is {max(known) if known else None!r}"
        )
    return meta


def check_bucket_files(folder: Path, counts: dict, *, where: str, tables=_TABLES) -> None:
    """Check that ``folder`` holds the tables as readable Parquet files with the row counts the manifest names."""
    import pyarrow as pa

    for name in tables:
        file = folder / f"{name}.parquet"
        if not file.is_file():
            raise SchemaError(
                f"{file} is missing; expected the {name} table of {where} (the dataset is "
                "incomplete: re-create it with referralgraph partition)"
            )
        try:
            rows = check_parquet(
                file, expected=f"the {name} table of {where} (re-create the dataset with referralgraph partition)"
            ).num_rows  # the limits, before reading
        except (OSError, pa.ArrowException) as exc:
            raise SchemaError(
                f"{file} is not a readable Parquet file ({exc}); expected the {name} table of "
                f"{where} (re-create the dataset with referralgraph partition)"
            ) from None
        if rows != counts[name]:
            raise SchemaError(
                f"{file} has {rows:,} rows but the dataset's manifest says {counts[name]:,}; "
                f"expected the {name} table of {where} as partition wrote it"
            )


def hold_folder(tmp: Path):
    """Take the writer's advisory lock inside a fresh temporary folder; return the open file (keep it open)."""
    import fcntl

    handle = open(tmp / LOCK_NAME, "w")  # noqa: SIM115 - held open for the folder's lifetime
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return handle


def clean_stale(target: Path, *, older_than: float = 3600.0) -> list[Path]:
    """Remove temporary siblings of ``target`` that a killed run left behind; return what was removed.

    A sibling ``.NAME.XXXXXXXX.tmp`` is removed when no live process holds its lock
    (a run still writing keeps it; one without a lock file, from an older version, once
    it is ``older_than`` seconds old); a ``.NAME.XXXXXXXX.old`` (the previous output, set
    aside during the swap) once ``target`` exists again.
    """
    import fcntl
    import time

    removed: list[Path] = []
    parent = target.parent
    if not parent.is_dir():
        return removed
    for cand in parent.glob(f".{glob_escape(target.name)}.*"):
        parts = cand.name[len(target.name) + 2 :].split(".")
        if (
            len(parts) != 2
            or len(parts[0]) != 8
            or parts[1] not in ("tmp", "old")
            or cand.is_symlink()
            or not cand.is_dir()
        ):
            continue
        if parts[1] == "old":
            if target.exists():
                shutil.rmtree(cand, ignore_errors=True)
                removed.append(cand)
            continue
        try:
            fd = os.open(cand / LOCK_NAME, os.O_RDWR)
        except FileNotFoundError:
            try:
                stale = time.time() - cand.stat().st_mtime > older_than
            except OSError:
                continue
            if stale:
                shutil.rmtree(cand, ignore_errors=True)
                removed.append(cand)
            continue
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # a live run is writing it
        else:
            shutil.rmtree(cand, ignore_errors=True)
            removed.append(cand)
        finally:
            os.close(fd)
    return removed


def glob_escape(name: str) -> str:
    """``name`` with glob's special characters made literal."""
    import glob

    return glob.escape(name)
