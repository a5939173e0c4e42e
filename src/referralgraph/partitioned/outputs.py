"""The metric tables of a partitioned cohort written where the caller names them (what ``metrics DATASET`` does).

Each table goes to a folder (a Parquet dataset: one file per bucket, with the CSV's
columns) or to one ``.csv``, ``.parquet`` or ``.json`` file, joined a bucket at a
time so memory stays bounded. The files equal the ones written from the in-memory
tables (:mod:`referralgraph.readwrite.metricfiles`).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..exceptions import OptionError
from ..model.vocabulary import DORMANT_DAYS
from ..readwrite.files import check_target
from ..readwrite.metricfiles import join_parts
from .dataset import PartitionedDataset, atomic_folder, open_dataset
from .runner import RESULT_TABLES, TABLE_FORMAT, cohort_reference_note, part_files, run_buckets, write_table_marker

__all__ = ["WrittenTables", "write_metric_files", "is_folder_target"]


@dataclass(frozen=True)
class WrittenTables:
    """What :func:`write_metric_files` wrote: rows per table and path, and the reference day with its reason."""

    paths: dict = field(default_factory=dict)
    rows: dict = field(default_factory=dict)
    as_of: pd.Timestamp | None = None
    note: str = ""


def is_folder_target(target) -> bool:
    """An output is a folder (a Parquet dataset) unless it names a .csv, .parquet or .json file.

    Examples
    --------
    >>> from referralgraph.partitioned.outputs import is_folder_target
    >>> is_folder_target("pc"), is_folder_target("pc.csv"), is_folder_target("pc.csv/")
    (True, False, True)
    """
    text = os.fspath(target)
    return Path(text).suffix.lower() not in (".csv", ".parquet", ".json") or text.endswith(("/", os.sep))


def _check_targets(source: Path, targets: dict, overwrite: bool) -> None:
    unknown = sorted(set(targets) - set(RESULT_TABLES))
    if unknown:
        raise OptionError(f"unknown metric tables {unknown}; expected some of {list(RESULT_TABLES)}")
    if not targets:
        raise OptionError(f"nothing to write; expected a path for at least one of {list(RESULT_TABLES)}")
    if len({Path(p).resolve() for p in targets.values()}) < len(targets):
        raise OptionError("two outputs name the same path; expected a different one for each table")
    for table, p in targets.items():
        if table != "seeker_summary" and Path(p).suffix.lower() == ".json":
            raise OptionError(
                f"{p}: only the seeker summary can be written as .json; expected a folder, .csv or .parquet"
            )
        resolved = Path(p).resolve()
        if resolved == source or source in resolved.parents:
            raise OptionError(f"{p} is inside the dataset {source}; expected outputs outside it")
        if not is_folder_target(p):
            check_target(p, overwrite=overwrite)  # refuse before any work


def write_metric_files(
    dataset,
    targets: Mapping[str, str | os.PathLike],
    *,
    overwrite: bool = False,
    engine: str = "local",
    scheduler=None,
    as_of=None,
    dormant_days: int = DORMANT_DAYS,
    freq: str = "W",
) -> WrittenTables:
    """Compute a partitioned cohort's metric tables bucket by bucket and write each where ``targets`` says.

    Parameters
    ----------
    dataset : path or PartitionedDataset
        A dataset written by :func:`referralgraph.partition`.
    targets : mapping
        Table name (``contact_metrics``, ``seeker_summary``, ``growth``) -> path. A
        folder gets a Parquet dataset (one file per bucket); a ``.csv`` or
        ``.parquet`` file the same rows in one file; ``.json`` (summary only) a list
        of records.
    overwrite : bool, default False
        Replace earlier outputs (a folder only when referralgraph wrote it).
    engine, scheduler, as_of, dormant_days, freq
        As for :func:`referralgraph.partitioned_metrics`.

    Returns
    -------
    WrittenTables
        Rows written per table, the reference day and why it is that day.

    Raises
    ------
    OptionError
        If no table, an unknown table, the same path twice, ``.json`` for a table
        other than the summary, or an output inside the dataset is given.
    OverwriteError
        If an output exists and ``overwrite`` is false.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from referralgraph.partitioned.outputs import write_metric_files
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> net = rg.synthetic_cohort(n_seekers=4, n_contacts=100, seed=2)
    >>> ds = rg.partition(net, tmp / "cohort", buckets=2)
    >>> done = write_metric_files(ds, {"contact_metrics": tmp / "pc.csv"}, as_of="2026-04-01")
    >>> done.rows["contact_metrics"] == len(rg.contact_metrics(net, as_of="2026-04-01")), done.note
    (True, 'as given')
    """
    ds = dataset if isinstance(dataset, PartitionedDataset) else open_dataset(dataset)
    targets = {t: p for t, p in targets.items() if p}
    _check_targets(ds.path.resolve(), targets, overwrite)
    with contextlib.ExitStack() as stack:
        folders = {}
        for table, target in targets.items():
            if is_folder_target(target):
                folders[table] = stack.enter_context(
                    atomic_folder(target, overwrite=overwrite, kind=f"{table} table", replaces=TABLE_FORMAT)
                )
            else:
                parent = Path(target).resolve().parent
                folders[table] = Path(
                    stack.enter_context(tempfile.TemporaryDirectory(prefix=".referralgraph-", dir=parent))
                )
        combined = run_buckets(
            ds,
            folders,
            engine=engine,
            scheduler=scheduler,
            as_of=as_of,
            dormant_days=dormant_days,
            freq=freq,
            hubs=False,
            cohort=False,
        )
        for table, target in targets.items():
            if is_folder_target(target):
                write_table_marker(folders[table], table, ds.buckets)
            else:
                join_parts(
                    part_files(folders[table], ds.buckets),
                    target,
                    overwrite=overwrite,
                    summary=table == "seeker_summary",
                )
    day, note = cohort_reference_note(ds, as_of)
    return WrittenTables(paths=dict(targets), rows=dict(combined["rows"]), as_of=day, note=note)
