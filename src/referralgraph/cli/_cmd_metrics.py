"""``referralgraph metrics``: write the per-contact table, the per-seeker summary and growth to files."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import (
    InputPath,
    OutputPath,
    as_of_option,
    dormant_days_option,
    force_option,
    freq_option,
    friendly_errors,
    load_source,
    seeker_option,
    source_options,
)


@click.command("metrics")
@click.argument("source", type=InputPath())
@click.option(
    "--per-contact",
    "per_contact",
    type=OutputPath(kind="auto"),
    default=None,
    metavar="OUT.csv",
    help="One row per (seeker, contact): generation, origin, descendants, meetings, ... "
    "(.parquet writes Parquet, .json a list of records, anything else CSV; a folder for a partitioned "
    "dataset).",
)
@click.option(
    "--summary",
    type=OutputPath(kind="auto"),
    default=None,
    metavar="OUT.csv|OUT.json",
    help="One row per seeker; .json writes a list of records, .parquet Parquet, anything else CSV.",
)
@click.option(
    "--growth",
    "growth_out",
    type=OutputPath(kind="auto"),
    default=None,
    metavar="OUT.csv",
    help="New and cumulative contacts, introductions and meetings per period (.parquet: Parquet, .json: records).",
)
@freq_option()
@seeker_option("Only this seeker (default: every seeker).")
@as_of_option()
@dormant_days_option()
@force_option("Replace output files that already exist (never one of the command's inputs).")
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="For a partitioned dataset (referralgraph partition): its buckets one after the other here, "
    "or on a Dask cluster. A folder as an output then gets a Parquet dataset.",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="With --engine dask: a running cluster's scheduler, e.g. tcp://10.0.0.5:8786 (default: start "
    "a local cluster).",
)
@source_options
@friendly_errors
def metrics_command(
    source,
    per_contact,
    summary,
    growth_out,
    freq,
    seeker,
    as_of,
    dormant_days,
    force,
    lenient,
    date_format,
    dayfirst,
    engine,
    scheduler,
):
    """Write the metric tables (see docs/metrics.md for every column).

    CSV files are UTF-8 with ISO dates and cells that cannot run as formulas;
    a name ending in .parquet writes Parquet with the same columns and values.

    \b
    Example:
        referralgraph metrics my-search --per-contact contacts-metrics.csv
        referralgraph metrics cohort --per-contact pc.csv --summary seekers.json \\
            --growth weekly.csv --as-of 2026-04-30
        referralgraph metrics cohort-dataset --per-contact pc/ --engine dask
    """
    from .. import contact_metrics, growth, seeker_summary  # imported when the command runs: --help stays fast
    from ..partitioned import is_dataset
    from ..readwrite.files import check_target
    from ..readwrite.metricfiles import write_metric_table

    targets = {
        t: p for t, p in (("contact_metrics", per_contact), ("seeker_summary", summary), ("growth", growth_out)) if p
    }
    if not targets:
        raise click.UsageError(
            "nothing to write: give --per-contact, --summary and/or --growth with a file name "
            "(or, for a partitioned dataset, a folder)"
        )
    if is_dataset(source):  # a cohort past one machine: see docs/scale.md
        if seeker is not None:
            raise click.UsageError(
                "--seeker is not available for a partitioned dataset; expected the whole cohort "
                "(or run metrics on the seeker's own data)"
            )
        from ..partitioned.outputs import write_metric_files

        done = write_metric_files(
            source,
            targets,
            overwrite=force,
            engine=engine,
            scheduler=scheduler,
            as_of=as_of,
            dormant_days=dormant_days,
            freq=freq,
        )
        return _say_written(done.as_of, done.note, [(p, done.rows[t]) for t, p in targets.items()])
    if engine != "local" or scheduler is not None:
        raise click.UsageError(
            "--engine dask and --scheduler need a partitioned dataset as SOURCE; expected the "
            "folder written by referralgraph partition"
        )
    if len({Path(p).resolve() for p in targets.values()}) < len(targets):
        raise click.UsageError("two outputs name the same file; expected a different file for each table")
    for p in targets.values():  # refuse before any work, so a run never stops half-written
        check_target(p, overwrite=force)
    net = load_source(source, lenient=lenient, date_format=date_format, dayfirst=dayfirst)
    from ..analysis.facts import reference_date, reference_note

    day = reference_date(net, as_of)
    compute = {
        "contact_metrics": lambda: contact_metrics(net, seeker=seeker, as_of=as_of, dormant_days=dormant_days),
        "seeker_summary": lambda: seeker_summary(net, seeker=seeker, as_of=as_of, dormant_days=dormant_days),
        "growth": lambda: growth(net, freq=freq, seeker=seeker, as_of=as_of),
    }
    written = []
    for table, path in targets.items():
        frame = compute[table]()
        write_metric_table(frame, path, overwrite=force)
        written.append((path, len(frame)))
    _say_written(day, reference_note(net, as_of, day), written)


def _say_written(day, note: str, written) -> None:
    """The reference day and why, then one line per file written."""
    click.echo(
        f"As of {day:%Y-%m-%d} ({note})"
        if day is not None
        else "As of: no dates in the data (date-dependent columns are empty)"
    )
    for path, rows in written:
        click.echo(f"Wrote {rows:,} row{'s' if rows != 1 else ''} to {path}")


commands = [metrics_command]
