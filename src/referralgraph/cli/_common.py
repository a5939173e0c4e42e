"""Shared pieces of the CLI: error mapping, source loading options, output formats."""

from __future__ import annotations

import functools
import json
import sys

import click

from ..exceptions import ReferralGraphError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def friendly_errors(func):
    """Turn the library's errors (and missing files) into one ``Error: ...`` line and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (ReferralGraphError, FileNotFoundError, FileExistsError, IsADirectoryError, PermissionError) as exc:
            message = str(exc)
            if isinstance(exc, OSError) and exc.filename and str(exc.filename) not in message:
                message = f"{exc.filename}: {message}"
            raise click.ClickException(" ".join(message.split("\n", 1)[0].split()) + _more(message)) from None
        except UnicodeError as exc:
            raise click.ClickException(f"cannot read the input as text: {exc}") from None

    return wrapper


def _more(message: str) -> str:
    lines = message.strip().split("\n")
    if len(lines) <= 1:
        return ""
    return "\n" + "\n".join(lines[1:])


_PROGRESS_KEY = "referralgraph.progress"


def _remember_progress(ctx, param, value):
    """Keep ``--progress/--no-progress`` in the context, so commands need no extra parameter for it."""
    ctx.meta[_PROGRESS_KEY] = value
    return value


def source_options(func):
    """``--strict/--lenient``, ``--date-format``, ``--dayfirst`` and ``--progress`` for commands that load a source."""
    func = click.option("--progress/--no-progress", default=None, expose_value=False, callback=_remember_progress,
                        help="Progress bar on stderr while loading (default: for inputs over 20 MB, when stderr "
                             "is a terminal).")(func)
    func = click.option("--date-format", default=None, metavar="FORMAT",
                        help="strptime format tried first for every date, e.g. %d/%m/%Y.")(func)
    func = click.option("--dayfirst/--monthfirst", default=None,
                        help="How to read numeric dates like 03/04/2026 whose order is unclear.")(func)
    func = click.option("--lenient", is_flag=True, default=False,
                        help="Load what is valid and report the rest instead of stopping at errors.")(func)
    return func


def load_source(source, *, lenient=False, date_format=None, dayfirst=None, today=None):
    """Load a source for a command (the public :func:`referralgraph.load`)."""
    from .. import load

    ctx = click.get_current_context(silent=True)
    progress = ctx.meta.get(_PROGRESS_KEY) if ctx is not None else None
    return load(source, strict=not lenient, date_format=date_format, dayfirst=dayfirst, today=today,
                progress=progress)


def echo_table(frame, fmt: str) -> None:
    """Print a DataFrame as csv, json (records) or an aligned text table."""
    import pandas as pd

    if fmt == "csv":  # the library's one table writer: ISO dates, cells that cannot run as formulas
        from ..readwrite.tabular import csv_bytes

        click.echo(csv_bytes(frame, bom=False, eol="\n").decode("utf-8", "surrogatepass"), nl=False)
    elif fmt == "json":
        click.echo(json.dumps(json.loads(frame.to_json(orient="records", date_format="iso")), indent=2,
                              ensure_ascii=False))
    else:
        if frame.empty:
            click.echo("(none)")
        else:
            with pd.option_context("display.max_rows", None, "display.max_columns", None,
                                   "display.width", 200, "display.max_colwidth", 120):
                click.echo(frame.to_string(index=False))


def figure_path(output):
    """The path of a figure to write; a click error unless it ends in .png, .svg or .pdf."""
    from pathlib import Path

    from ..drawing.plotting import FIGURE_FORMATS

    path = Path(output)
    if path.suffix.lower() not in FIGURE_FORMATS:
        raise click.BadParameter(f"expected a file name ending in {', '.join(FIGURE_FORMATS)} (got {path.name!r})",
                                 param_hint="'-o' / '--output'")
    return path


# ---------------------------------------------------------------------------- shared options
def seeker_option(help: str = "Whose network (needed for a cohort; default: the only seeker)."):
    """``--seeker ID``: the seeker a command works on."""
    return click.option("--seeker", default=None, metavar="ID", help=help)


def force_option(help: str = "Replace the output file if it exists (never one of the command's inputs)."):
    """``--force``: replace existing outputs."""
    return click.option("--force", is_flag=True, default=False, help=help)


def as_of_option(help: str = "Measure against this date (YYYY-MM-DD), so the output can be reproduced; "
                             "--today is the old spelling. Default: see docs/metrics.md, 'The reference date'."):
    """``--as-of DATE`` (alias ``--today``): the one reference date of every date-dependent command."""
    return click.option("--as-of", "--today", "as_of", default=None, metavar="DATE", help=help)


def format_option(*choices: str, default: str = "table"):
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default, show_default=True,
                        help="Output format.")


def stdout_is_tty() -> bool:
    return sys.stdout.isatty()
