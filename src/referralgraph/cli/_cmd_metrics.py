"""``referralgraph metrics``: write the per-contact table, the per-seeker summary and growth to files."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ._common import (InputPath, OutputPath, as_of_option, dormant_days_option, force_option, freq_option,
                      friendly_errors, load_source, seeker_option, source_options)


def _summary_csv_ready(frame):
    """The summary with its dict column as JSON text, so a CSV or Parquet cell can be parsed back."""
    out = frame.copy()
    out["reach_by_generation"] = [json.dumps({str(k): int(v) for k, v in d.items()}) for d in out["reach_by_generation"]]
    return out


def _summary_json(frame) -> str:
    from ..reporting import jsonable

    return json.dumps([jsonable(rec) for rec in frame.to_dict(orient="records")], indent=2, ensure_ascii=False)


@click.command("metrics")
@click.argument("source", type=InputPath())
@click.option("--per-contact", "per_contact", type=OutputPath(kind="auto"), default=None, metavar="OUT.csv",
              help="One row per (seeker, contact): generation, origin, descendants, meetings, ... "
                   "(.parquet writes Parquet, anything else CSV; a folder for a partitioned dataset).")
@click.option("--summary", type=OutputPath(kind="auto"), default=None, metavar="OUT.csv|OUT.json",
              help="One row per seeker; .json writes a list of records, .parquet Parquet, anything else CSV.")
@click.option("--growth", "growth_out", type=OutputPath(kind="auto"), default=None, metavar="OUT.csv",
              help="New and cumulative contacts, introductions and meetings per period (.parquet: Parquet).")
@freq_option()
@seeker_option("Only this seeker (default: every seeker).")
@as_of_option()
@dormant_days_option()
@force_option("Replace output files that already exist (never one of the command's inputs).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="For a partitioned dataset (referralgraph partition): its buckets one after the other here, "
                   "or on a Dask cluster. A folder as an output then gets a Parquet dataset.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="With --engine dask: a running cluster's scheduler, e.g. tcp://10.0.0.5:8786 (default: start "
                   "a local cluster).")
@source_options
@friendly_errors
def metrics_command(source, per_contact, summary, growth_out, freq, seeker, as_of, dormant_days, force,
                    lenient, date_format, dayfirst, engine, scheduler):
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
    from ..readwrite.files import check_target, write_text
    from ..readwrite.tabular import write_table
    from ._cmd_partition import dataset_metrics, is_dataset_source

    if is_dataset_source(source):  # a cohort past one machine: see docs/scale.md
        return dataset_metrics(source, per_contact=per_contact, summary=summary, growth_out=growth_out, freq=freq,
                               seeker=seeker, as_of=as_of, dormant_days=dormant_days, force=force, engine=engine,
                               scheduler=scheduler)
    if engine != "local" or scheduler is not None:
        raise click.UsageError("--engine dask and --scheduler need a partitioned dataset as SOURCE; expected the "
                               "folder written by referralgraph partition")
    targets = [p for p in (per_contact, summary, growth_out) if p]
    if not targets:
        raise click.UsageError("nothing to write: give --per-contact, --summary and/or --growth with a file name")
    if len({Path(p).resolve() for p in targets}) < len(targets):
        raise click.UsageError("two outputs name the same file; expected a different file for each table")
    for p in targets:  # refuse before any work, so a run never stops half-written
        check_target(p, overwrite=force)
    net = load_source(source, lenient=lenient, date_format=date_format, dayfirst=dayfirst)
    from ..analysis.facts import reference_date, reference_note

    day = reference_date(net, as_of)
    written = []
    if per_contact:
        table = contact_metrics(net, seeker=seeker, as_of=as_of, dormant_days=dormant_days)
        write_table(table, per_contact, overwrite=force)
        written.append((per_contact, len(table)))
    if summary:
        table = seeker_summary(net, seeker=seeker, as_of=as_of, dormant_days=dormant_days)
        if Path(summary).suffix.lower() == ".json":
            write_text(summary, _summary_json(table) + "\n", overwrite=force)
        else:
            write_table(_summary_csv_ready(table), summary, overwrite=force)
        written.append((summary, len(table)))
    if growth_out:
        table = growth(net, freq=freq, seeker=seeker, as_of=as_of)
        write_table(table, growth_out, overwrite=force)
        written.append((growth_out, len(table)))
    click.echo(f"As of {day:%Y-%m-%d} ({reference_note(net, as_of, day)})" if day is not None
               else "As of: no dates in the data (date-dependent columns are empty)")
    for path, rows in written:
        click.echo(f"Wrote {rows:,} row{'s' if rows != 1 else ''} to {path}")


commands = [metrics_command]
