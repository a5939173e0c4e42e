"""``referralgraph report``: a seeker's (or a cohort's) network in plain language."""

from __future__ import annotations

import json

import click

from ._common import (
    InputPath,
    as_of_option,
    dormant_days_option,
    friendly_errors,
    load_source,
    seeker_option,
    source_options,
)


@click.command("report")
@click.argument("source", type=InputPath())
@seeker_option("The seeker to report on (default: the only seeker; a cohort report when there are several).")
@as_of_option()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@dormant_days_option("Days without contact after which someone counts as quiet.")
@source_options
@friendly_errors
def report_command(source, seeker, as_of, fmt, dormant_days, lenient, date_format, dayfirst):
    """Print how your network grew, how far it reaches and who opened the most doors.

    \b
    Example:
        referralgraph report my-search
        referralgraph report my-search --as-of 2026-04-30 --format markdown > report.md
        referralgraph report cohort.xlsx --seeker s042 --format json
    """
    from .. import report  # imported when the command runs, so --help stays fast

    net = load_source(source, lenient=lenient, date_format=date_format, dayfirst=dayfirst)
    result = report(net, seeker=seeker, as_of=as_of, dormant_days=dormant_days)
    echo_report(result, fmt)
    errors = int((net.problems["severity"] == "error").sum()) if len(net.problems) else 0
    if errors:
        click.echo(
            f"Note: {errors} problem{'s' if errors != 1 else ''} in the input were skipped "
            "(see: referralgraph validate SOURCE).",
            err=True,
        )


def echo_report(result, fmt: str) -> None:
    """Print a Report exactly as the API renders it: ``to_text``, ``to_markdown`` or ``to_dict`` as JSON."""
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False, allow_nan=False))
    elif fmt == "markdown":
        click.echo(result.to_markdown(), nl=False)
    else:
        click.echo(result.to_text(), nl=False)


commands = [report_command]
