"""``referralgraph validate``."""

from __future__ import annotations

import shlex

import click

from ._common import InputPath, date_format_option, date_option, echo_table, format_option, friendly_errors


@click.command("validate")
@click.argument("source", type=InputPath())
@date_format_option("strptime format tried first for dates, e.g. %d/%m/%Y.")
@click.option("--dayfirst/--monthfirst", default=None, help="How to read numeric dates like 03/04/2026.")
@date_option("--today", help="Dates after this count as in the future (default: today).")
@format_option("table", "csv", "json")
@friendly_errors
def validate_command(source, date_format, dayfirst, today, fmt):
    """Check a folder of CSV files or an .xlsx workbook and list every problem.

    Exits 0 when there are no errors (warnings alone are fine), 1 otherwise.

    \b
    Example:
        referralgraph validate my-search
        referralgraph validate my-search.xlsx --format csv > problems.csv
    """
    from ..readwrite import validate  # imported when the command runs, so --help stays fast

    problems = validate(source, date_format=date_format, dayfirst=dayfirst, today=today)
    errors = int((problems["severity"] == "error").sum())
    warnings = int((problems["severity"] == "warning").sum())
    if len(problems) or fmt != "table":
        echo_table(problems, fmt)
    _say_how_to_keep(source, dayfirst)  # before the counts, so the counts stay the last line
    if fmt == "table":
        click.echo(
            f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}",
            err=bool(len(problems)),
        )
    if errors:
        raise SystemExit(1)


def _say_how_to_keep(source, dayfirst) -> None:
    """After ``--monthfirst``/``--dayfirst``: how to keep that choice, unless the settings already hold it."""
    if dayfirst is None:
        return
    from ..exceptions import ReferralGraphError
    from ..readwrite.settings import read_settings
    from ._common import clean_text

    word = "dayfirst" if dayfirst else "monthfirst"
    try:
        if read_settings(source).date_order == word:
            return
    except ReferralGraphError:
        pass  # the settings file's own problem is reported by every command that reads it
    click.echo(
        f"To read dates this way in every command, keep the choice with the network: "
        f"referralgraph settings {clean_text(shlex.quote(str(source)))} --set date_order={word}",
        err=True,
    )


commands = [validate_command]
