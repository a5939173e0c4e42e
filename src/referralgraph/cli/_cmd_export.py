"""``referralgraph export``."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import InputPath, OutputPath, force_option, friendly_errors, load_source, source_options

FORMATS = ("csv", "parquet", "xlsx", "json", "graphml", "gexf")


@click.command("export")
@click.argument("source", type=InputPath())
@click.argument("out", type=OutputPath(kind="auto"))
@click.option(
    "--to",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Format to write (default: from OUT: no suffix = folder of CSV files, .parquet = folder "
    "of Parquet files, .xlsx, .json, .graphml, .gexf).",
)
@force_option("Replace OUT (or its CSV files) if it exists (never one of the command's inputs).")
@click.option(
    "--anonymize",
    is_flag=True,
    default=False,
    help="Replace people by pseudonyms; drop e-mails, LinkedIn URLs, phone numbers, notes and takeaways.",
)
@click.option(
    "--keep",
    "keep",
    multiple=True,
    metavar="COLUMN",
    help="With --anonymize: a descriptive column to keep (repeat it; default: field and source), "
    "generalised so that every description fits at least 5 people.",
)
@click.option(
    "--salt",
    default=None,
    metavar="SECRET",
    help="With --anonymize: a secret that makes the pseudonyms the same on every export.",
)
@click.option(
    "--no-neutralize",
    "no_neutralize",
    is_flag=True,
    default=False,
    help="csv/xlsx: write cells that begin with = + - @ as they are, without the leading ' that "
    "stops spreadsheets from running them as formulas.",
)
@source_options
@friendly_errors
def export_command(source, out, fmt, force, anonymize, keep, salt, no_neutralize, lenient, dayfirst, date_format):
    """Export a network to CSV, Parquet, xlsx, JSON, GraphML or GEXF.

    The CSV folder, the Parquet folder and the workbook can be loaded again unchanged; JSON is NetworkX
    node-link data; GraphML opens in most graph tools; GEXF opens in Gephi with a
    timeline that replays how the network grew.

    \b
    Example:
        referralgraph export my-search --to xlsx my-search.xlsx
        referralgraph export my-search --to gexf network.gexf
        referralgraph export my-search --to csv for-my-coach --anonymize
    """
    import referralgraph as rg

    if salt is not None and not anonymize:
        raise click.UsageError("--salt only makes sense with --anonymize")
    if keep and not anonymize:
        raise click.UsageError("--keep only makes sense with --anonymize")
    target = Path(out)
    if not force and target.is_file():  # fail before loading a large source, not after
        from ..readwrite.files import check_target

        check_target(target)
    net = load_source(source, lenient=lenient, date_format=date_format, dayfirst=dayfirst)
    if anonymize:
        net = rg.anonymize(net, salt=salt, **({"keep": keep} if keep else {}))
    graph_writer = {"json": rg.write_json, "graphml": rg.write_graphml, "gexf": rg.write_gexf}.get(
        fmt or target.suffix.lower().lstrip(".")
    )
    if graph_writer is not None and not target.is_dir():  # the graph files carry the shared facts (status, join day)
        written = graph_writer(net, target, overwrite=force)
    else:
        written = rg.save(net, target, format=fmt, overwrite=force, neutralize_formulas=not no_neutralize)
    if written.is_dir():
        kind = "folder of Parquet files" if any(written.glob("*.parquet")) else "folder of CSV files"
    else:
        kind = (fmt or written.suffix.lstrip(".")) + " file"
    k = getattr(net, "anonymity", None)
    shown = f", anonymised, k = {k.k}" if anonymize and k is not None and k.kept and k.k is not None else ""
    click.echo(f"Wrote {written} ({kind}: {len(net)} contacts{shown or (', anonymised' if anonymize else '')})")


commands = [export_command]
