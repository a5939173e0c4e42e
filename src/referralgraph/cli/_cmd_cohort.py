"""``referralgraph cohort``: the cohort tools from the command line (comparison, k-anonymous export, mixing, funnel)."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import as_of_option, force_option, friendly_errors, load_source, source_options

_TABLES = ("comparison", "export", "mixing", "funnel")


@click.command("cohort")
@click.argument("source", type=click.Path(exists=True))
@click.option(
    "--out",
    default=None,
    metavar="DIR",
    type=click.Path(),
    help="Write comparison, export, mixing and funnel tables into DIR (created if missing).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "parquet", "json"]),
    default="csv",
    show_default=True,
    help="File format of the tables written with --out.",
)
@click.option(
    "--k",
    "k",
    default=5,
    show_default=True,
    type=click.IntRange(min=1),
    help="The k-anonymous export rests every published cell on at least K people.",
)
@click.option(
    "--by",
    default="field",
    show_default=True,
    metavar="COLUMN",
    help="Contact column for the mixing table (who introduced whom).",
)
@as_of_option()
@force_option("Replace tables written by an earlier run in DIR.")
@source_options
@friendly_errors
def cohort_command(source, out, fmt, k, by, as_of, force, lenient, date_format, dayfirst):
    """Compare the seekers of a cohort: one row per seeker, the funnel, mixing, and a k-anonymous export.

    Prints one line per seeker (people reached, longest chain, introductions per
    ask, thank-yous within 24 hours, interviews, offers) and the cohort's funnel;
    with --out, writes comparison, export (safe to share: no cell rests on fewer
    than --k people), mixing and funnel as CSV, Parquet or JSON.

    \b
    Example:
        referralgraph cohort cohort/
        referralgraph cohort cohort/ --out tables/ --format parquet --k 10
    """
    import referralgraph as rg

    net = load_source(source, lenient=lenient, date_format=date_format, dayfirst=dayfirst)
    tables = {
        "comparison": rg.cohort_comparison(net, as_of=as_of),
        "export": rg.cohort_export(net, k=k, as_of=as_of),
        "mixing": rg.mixing_matrix(net, by=by, as_of=as_of).reset_index(),
        "funnel": rg.funnel(net, as_of=as_of),
    }
    _echo(tables, net)
    if out is not None:
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        written = [_write(tables[name], folder / f"{name}.{fmt}", fmt, force) for name in _TABLES]
        click.echo(f"Wrote {', '.join(p.name for p in written)} to {folder}")


def _write(frame, path: Path, fmt: str, force: bool) -> Path:
    import json

    from ..readwrite.files import write_text
    from ..readwrite.tabular import write_table

    if fmt == "json":
        records = json.loads(frame.to_json(orient="records", date_format="iso"))
        return write_text(path, json.dumps(records, indent=1, ensure_ascii=False) + "\n", overwrite=force)
    return write_table(frame, path, overwrite=force)


def _echo(tables: dict, net) -> None:
    from ..analysis.outcomes import FUNNEL_STEPS
    from ..reporting import fmt_float, fmt_int, fmt_pct

    comp = tables["comparison"]
    click.echo(f"Cohort of {len(comp):,} seekers, {len(net):,} contacts")
    click.echo(
        f"{'Seeker':<16} {'People':>7} {'Chain':>6} {'Intros/ask':>10} {'Thanked 24h':>11} "
        f"{'Interviews':>10} {'Offers':>7}"
    )
    for row in comp.itertuples(index=False):
        click.echo(
            f"{str(row.seeker)[:16]:<16} {fmt_int(row.contacts):>7} {fmt_int(row.depth):>6} "
            f"{fmt_float(row.introductions_per_ask, 2):>10} {fmt_pct(row.thank_you_24h_rate):>11} "
            f"{_count(row.interviews):>10} {_count(row.offers):>7}"
        )
    fun = tables["funnel"]
    whole = fun[fun["seeker"].isna()].iloc[0]
    click.echo(
        "Funnel (whole cohort): " + "; ".join(f"{label} {_count(whole[step])}" for step, label in FUNNEL_STEPS.items())
    )


def _count(value) -> str:
    import pandas as pd

    return (
        "n/a" if value is None or value is pd.NA or (isinstance(value, float) and value != value) else f"{int(value):,}"
    )


commands = [cohort_command]
