"""``referralgraph combine``: separate searches (one folder each) into one cohort source."""

from __future__ import annotations

import click

from ._common import force_option, friendly_errors, load_source, source_options


@click.command("combine")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True))
@click.argument("out", type=click.Path())
@force_option("Replace the files of an earlier cohort at OUT.")
@source_options
@friendly_errors
def combine_command(sources, out, force, lenient, date_format, dayfirst):
    """Combine separate searches (folders of CSV files, workbooks, Parquet folders) into one cohort at OUT.

    OUT is written like `referralgraph export`: a folder of CSV files, or a
    workbook (.xlsx) or Parquet folder (.parquet) by its name. A contact with
    the same id in several searches is one person, shared by those seekers.

    \b
    Example:
        referralgraph combine ana/ ben/ chloe/ cohort/
        referralgraph cohort cohort/
    """
    import referralgraph as rg

    if not sources:
        raise click.UsageError("expected at least one SOURCE and OUT")
    nets = [load_source(s, lenient=lenient, date_format=date_format, dayfirst=dayfirst) for s in sources]
    cohort = rg.combine(*nets, strict=not lenient)
    fmt = "parquet" if str(out).lower().endswith(".parquet") else None
    path = rg.save(cohort, out, format=fmt, overwrite=force)
    shared = int((cohort.tree_table()["contact"].value_counts() > 1).sum())
    click.echo(
        f"Combined {len(nets):,} searches ({len(cohort.seekers):,} seekers, {len(cohort):,} contacts, "
        f"{shared:,} in several seekers' networks) into {path}"
    )


commands = [combine_command]
