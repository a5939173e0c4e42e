"""``referralgraph partition``, and ``metrics`` on a partitioned dataset (cohorts past one machine)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import click

from ._common import force_option, friendly_errors, load_source, source_options


@click.command("partition")
@click.argument("source", type=click.Path(exists=True))
@click.argument("dataset", type=click.Path())
@click.option("--buckets", required=True, type=click.IntRange(min=1), metavar="N",
              help="Number of buckets; aim for 10^5-10^6 contacts a bucket (one bucket is what a worker holds).")
@force_option("Replace an earlier dataset at DATASET (never a folder of other files).")
@source_options
@friendly_errors
def partition_command(source, dataset, buckets, force, lenient, date_format, dayfirst):
    """Write a cohort as a Parquet dataset bucketed by seeker, for metrics past one machine.

    Every seeker's referral tree is whole in one bucket; a contact in the trees of
    seekers of several buckets is written to each of them (see docs/scale.md). Then
    run `referralgraph metrics DATASET --per-contact OUT/ [--engine dask]`.

    \b
    Example:
        referralgraph partition cohort cohort-dataset --buckets 16
        referralgraph metrics cohort-dataset --per-contact metrics/ --engine dask
    """
    from .. import open_dataset, partition

    net = load_source(source, lenient=lenient, date_format=date_format, dayfirst=dayfirst)
    path = partition(net, dataset, buckets=buckets, overwrite=force)
    ds = open_dataset(path)
    shared = len(ds.shared_contacts)
    seekers = len(net.seekers)
    click.echo(f"Wrote {buckets:,} bucket{'s' if buckets != 1 else ''} ({seekers:,} seeker{'s' if seekers != 1 else ''}, "
               f"{len(net):,} contacts, {shared:,} in several buckets) to {path}")


commands = [partition_command]


# ---------------------------------------------------------------------------- metrics on a dataset
def is_dataset_source(source) -> bool:
    """True when ``source`` is a folder written by ``referralgraph partition``."""
    from ..partitioned import is_dataset

    return is_dataset(source)


def _is_folder_target(target: str) -> bool:
    """An output is a folder (a Parquet dataset) unless it names a .csv, .parquet or .json file."""
    return Path(target).suffix.lower() not in (".csv", ".parquet", ".json") or target.endswith(("/", os.sep))


def dataset_metrics(source, *, per_contact, summary, growth_out, freq, seeker, as_of, dormant_days, force,
                    engine, scheduler) -> None:
    """``referralgraph metrics`` on a partitioned dataset: the runner writes every table bucket by bucket.

    A folder as the output gets a Parquet dataset (one file per bucket, the CSV's
    columns); a ``.csv`` or ``.parquet`` file gets the same rows in one file, written
    a bucket at a time so memory stays bounded; ``--summary x.json`` a list of records.
    """
    from ..partitioned import open_dataset
    from ..partitioned.dataset import atomic_folder
    from ..partitioned.runner import TABLE_FORMAT, run_buckets, write_table_marker
    from ..readwrite.files import check_target

    targets = {t: p for t, p in (("contact_metrics", per_contact), ("seeker_summary", summary),
                                 ("growth", growth_out)) if p}
    if not targets:
        raise click.UsageError("nothing to write: give --per-contact, --summary and/or --growth with a folder "
                               "(Parquet dataset) or a file name")
    if seeker is not None:
        raise click.UsageError("--seeker is not available for a partitioned dataset; expected the whole cohort "
                               "(or run metrics on the seeker's own data)")
    if len({Path(p).resolve() for p in targets.values()}) < len(targets):
        raise click.UsageError("two outputs name the same path; expected a different one for each table")
    if targets.get("contact_metrics", "").lower().endswith(".json") or targets.get("growth", "").lower().endswith(".json"):
        raise click.UsageError("only --summary can be written as .json; expected a folder, .csv or .parquet")
    src = Path(source).resolve()
    for p in targets.values():  # refuse before any work
        if Path(p).resolve() == src or src in Path(p).resolve().parents:
            raise click.UsageError(f"{p} is inside the dataset SOURCE; expected outputs outside it")
        if not _is_folder_target(p):
            check_target(p, overwrite=force)
    ds = open_dataset(source)
    with contextlib.ExitStack() as stack:
        folders = {}
        for table, target in targets.items():
            if _is_folder_target(target):
                folders[table] = stack.enter_context(atomic_folder(target, overwrite=force, kind=f"{table} table",
                                                                   replaces=TABLE_FORMAT))
            else:
                parent = Path(target).resolve().parent
                folders[table] = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=".referralgraph-",
                                                                                        dir=parent)))
        combined = run_buckets(ds, folders, engine=engine, scheduler=scheduler, as_of=as_of,
                               dormant_days=dormant_days, freq=freq, hubs=False, cohort=False)
        for table, target in targets.items():
            if _is_folder_target(target):
                write_table_marker(folders[table], table, ds.buckets)
            else:
                _one_file(table, folders[table], ds.buckets, target, force)
    from ..partitioned.runner import cohort_reference_note

    day, why = cohort_reference_note(ds, as_of)
    click.echo(f"As of {day:%Y-%m-%d} ({why})")
    for table, target in targets.items():
        rows = combined["rows"][table]
        click.echo(f"Wrote {rows:,} row{'s' if rows != 1 else ''} to {target}")




def _one_file(table: str, folder: Path, buckets: int, target: str, force: bool) -> None:
    """Concatenate the per-bucket parts into one .csv, .parquet or .json file, one bucket in memory at a time."""
    import pyarrow.parquet as pq

    from ..partitioned.runner import part_files, summary_from_frame
    from ..readwrite.files import atomic_path, write_text

    parts = part_files(folder, buckets)
    suffix = Path(target).suffix.lower()
    if suffix == ".json":  # the per-seeker summary: one row a seeker, small
        import pandas as pd

        from ._cmd_metrics import _summary_json

        frame = summary_from_frame(pd.concat([pq.read_table(p).to_pandas() for p in parts], ignore_index=True))
        write_text(target, _summary_json(frame) + "\n", overwrite=force)
        return
    with atomic_path(target, overwrite=force) as tmp:
        if suffix == ".parquet":
            writer = None
            try:
                for p in parts:
                    t = pq.read_table(p)
                    if writer is None:
                        writer = pq.ParquetWriter(tmp, t.schema)
                    writer.write_table(t.cast(writer.schema))
            finally:
                if writer is not None:
                    writer.close()
            return
        from ..readwrite.tabular import csv_bytes

        with open(tmp, "wb") as out:  # the library's one table writer, header (and BOM) once
            for i, p in enumerate(parts):
                data = csv_bytes(pq.read_table(p).to_pandas(), bom=i == 0)
                out.write(data if i == 0 else data[data.index(b"\r\n") + 2:])
