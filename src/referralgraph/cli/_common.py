"""Shared pieces of the CLI: error mapping, source loading options, output formats."""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from collections.abc import Callable

import click

from ..exceptions import ReferralGraphError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


# ---------------------------------------------------------------------------- clean terminal output
_ESCAPES = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC (titles, hyperlinks), with or without ST
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI (colours, cursor moves)
    r"|\x1b[ -/]*[0-~]?"  # other two-character escapes
    r"|\x9b[0-?]*[ -/]*[@-~]?|\x9d[^\x07\x9c]*[\x07\x9c]?"
)  # 8-bit CSI and OSC
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")


def clean_text(text: str) -> str:
    r"""``text`` without terminal escape sequences and control characters (line breaks and tabs stay).

    Every line the CLI prints goes through this, so a name such as
    ``"\x1b]0;pwned\x07Ann"`` cannot retitle the terminal, hide text or plant a link.

    Examples
    --------
    >>> from referralgraph.cli._common import clean_text
    >>> clean_text("\x1b]8;;http://evil\x1b\\Ann\x1b]8;;\x1b\\ \x1b[31mLee\x1b[0m\r\n")
    'Ann Lee\r\n'
    """
    if not isinstance(text, str):
        return text
    if "\x1b" in text or "\x9b" in text or "\x9d" in text:
        text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


def echo(message="", **kwargs) -> None:
    """:func:`click.echo` of :func:`clean_text`."""
    click.echo(clean_text(str(message)) if message is not None else message, **kwargs)


class _CleanStream:
    """A text stream that passes everything written through :func:`clean_text`."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        return self._stream.write(clean_text(text) if isinstance(text, str) else text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _show_warning(message, category, filename, lineno, file=None, line=None):
    """Warnings as one ``Warning: ...`` line on stderr, without the file and line of library code."""
    text = " ".join(str(message).split())
    click.echo(f"Warning: {clean_text(text)}", err=True)


def _message(exc: BaseException) -> str:
    message = str(exc)
    if isinstance(exc, OSError):
        if exc.filename and str(exc.filename) not in message:
            message = f"{exc.filename}: {exc.strerror or message}"
        elif exc.filename and message.startswith("[Errno"):
            message = f"{exc.filename}: {exc.strerror}"
    return clean_text(" ".join(message.split("\n", 1)[0].split()) + _more(message))


def friendly_errors(func):
    """Turn the library's errors (and missing files) into one ``Error: ...`` line and exit code 1.

    Before the command runs, its paths are checked (see :func:`check_paths`) and the
    command's own limits (:data:`COMMAND_CHECKS`); while it runs, stdout is cleaned
    of control characters and warnings print as one ``Warning: ...`` line.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        import warnings

        saved = sys.stdout
        try:
            with warnings.catch_warnings():
                warnings.showwarning = _show_warning
                sys.stdout = _CleanStream(saved)
                ctx = click.get_current_context(silent=True)
                if ctx is not None:
                    check_paths(ctx)
                    for check in COMMAND_CHECKS.get(ctx.command.name, ()):
                        check(ctx)
                return func(*args, **kwargs)
        except (ReferralGraphError, OSError) as exc:
            raise click.ClickException(_message(exc)) from None
        except UnicodeError as exc:
            raise click.ClickException(clean_text(f"cannot read the input as text: {exc}")) from None
        except MemoryError:
            raise click.ClickException(
                "not enough memory for this input and these options; expected smaller values (see docs/limits.md)"
            ) from None
        except RecursionError:  # pragma: no cover - every algorithm is iterative
            raise click.ClickException("the input is nested too deeply to process") from None
        finally:
            sys.stdout = saved

    return wrapper


def _more(message: str) -> str:
    lines = message.strip().split("\n")
    if len(lines) <= 1:
        return ""
    return "\n" + "\n".join(lines[1:])


# ---------------------------------------------------------------------------- paths
class InputPath(click.Path):
    """A path the command reads. It must exist (else ``Error:`` and exit 1) and is never written over."""

    def __init__(self, what: str = "a folder of CSV files or an .xlsx workbook", **kwargs):
        self.what = what
        super().__init__(**kwargs)


class OutputPath(click.Path):
    """A path the command writes: ``kind`` is ``"file"``, ``"folder"`` (with ``names`` in it) or ``"auto"``.

    ``"auto"`` (``export``): a folder of CSV files when ``--to csv`` or the path has
    no suffix or is a folder, else a file.
    """

    def __init__(self, kind: str = "file", names: tuple[str, ...] = (), **kwargs):
        self.kind = kind
        self.names = names
        super().__init__(**kwargs)


TABLE_FILES = ("contacts.csv", "introductions.csv", "meetings.csv")


def check_paths(ctx) -> None:
    """Check every path option before the command works: inputs exist, outputs may be written.

    One rule for every command: an input must exist (:class:`FileNotFoundError`,
    exit 1); an output is never an input nor a device or FIFO, not even with
    ``--force``; a file output needs an existing folder, a folder output is
    created with its parents; names longer than the file system allows and
    folders that are not writable are refused, naming the path the user gave.
    """
    from pathlib import Path

    from ..readwrite.files import check_location, check_not_input, check_target

    params = ctx.params
    inputs = []
    for p in ctx.command.params:
        value = params.get(p.name)
        if isinstance(p.type, InputPath) and value:
            path = Path(value)
            if not os.path.lexists(path) or not path.exists():
                raise FileNotFoundError(f"{value}: no such file or folder; expected {p.type.what}")
            inputs.append(path)
    for p in ctx.command.params:
        value = params.get(p.name)
        if not isinstance(p.type, OutputPath) or not value:
            continue
        path = Path(value)
        check_location(path, create=p.type.kind != "file")
        kind = p.type.kind
        if kind == "auto":
            fmt = params.get("fmt")
            new_bare = path.suffix == "" and not os.path.lexists(path)  # a new name without a suffix: a folder
            kind = "folder" if fmt == "csv" or (fmt is None and (path.is_dir() or new_bare)) else "file"
        if kind == "file":
            check_target(path, overwrite=True, inputs=inputs)  # existing files: the command's own --force rule
            continue
        if path.exists() and not path.is_dir():
            raise NotADirectoryError(f"{path}: is a file; expected a folder (or a new name) to write into")
        check_location(path, create=True)
        check_not_input(path, inputs)
        for name in p.type.names or TABLE_FILES:
            target = path / name
            if os.path.lexists(target):
                check_target(target, overwrite=True, inputs=inputs)
            else:
                check_not_input(target, inputs)


_PROGRESS_KEY = "referralgraph.progress"


def _remember_progress(ctx, param, value):
    """Keep ``--progress/--no-progress`` in the context, so commands need no extra parameter for it."""
    ctx.meta[_PROGRESS_KEY] = value
    return value


def source_options(func):
    """``--strict/--lenient``, ``--date-format``, ``--dayfirst`` and ``--progress`` for commands that load a source."""
    func = click.option(
        "--progress/--no-progress",
        default=None,
        expose_value=False,
        callback=_remember_progress,
        help="Progress bar on stderr while loading (default: for inputs over 20 MB, when stderr is a terminal).",
    )(func)
    func = date_format_option()(func)
    func = click.option(
        "--dayfirst/--monthfirst",
        default=None,
        help="How to read numeric dates like 03/04/2026 whose order is unclear.",
    )(func)
    func = click.option(
        "--lenient",
        is_flag=True,
        default=False,
        help="Load what is valid and report the rest instead of stopping at errors.",
    )(func)
    return func


def load_source(source, *, lenient=False, date_format=None, dayfirst=None, today=None):
    """Load a source for a command (the public :func:`referralgraph.load`)."""
    from .. import load

    ctx = click.get_current_context(silent=True)
    progress = ctx.meta.get(_PROGRESS_KEY) if ctx is not None else None
    net = load(source, strict=not lenient, date_format=date_format, dayfirst=dayfirst, today=today, progress=progress)
    if lenient and (ctx is None or ctx.command.name not in _SAYS_WHAT_IT_SKIPPED):
        say_skipped(net, source)
    return net


#: commands that print their own note about what lenient loading skipped
_SAYS_WHAT_IT_SKIPPED = frozenset({"report"})
_SKIPPED_SHOWN = 3


def say_skipped(net, source) -> None:
    """On stderr: how many input problems lenient loading skipped, and the first few, so nothing goes unsaid."""
    problems = net.problems
    if not len(problems):
        return
    errors = problems[problems["severity"] == "error"]
    if not len(errors):
        return
    n = len(errors)
    click.echo(
        f"Note: {n} problem{'s' if n != 1 else ''} in the input {'were' if n != 1 else 'was'} skipped "
        f"(--lenient); see: referralgraph validate {clean_text(str(source))}",
        err=True,
    )
    for rec in errors.head(_SKIPPED_SHOWN).itertuples(index=False):
        where = str(rec.file) + (f", row {int(rec.row)}" if rec.row == rec.row and rec.row is not None else "")
        click.echo(clean_text(f"  {where}: {rec.message}"), err=True)
    if n > _SKIPPED_SHOWN:
        click.echo(f"  ... and {n - _SKIPPED_SHOWN} more", err=True)


def echo_table(frame, fmt: str) -> None:
    """Print a DataFrame as csv, json (records) or an aligned text table."""
    import pandas as pd

    if fmt == "csv":  # the library's one table writer: ISO dates, cells that cannot run as formulas
        from ..readwrite.tabular import csv_bytes

        click.echo(csv_bytes(frame, bom=False, eol="\n").decode("utf-8", "surrogatepass"), nl=False)
    elif fmt == "json":
        click.echo(
            json.dumps(json.loads(frame.to_json(orient="records", date_format="iso")), indent=2, ensure_ascii=False)
        )
    else:
        if frame.empty:
            click.echo("(none)")
        else:
            with pd.option_context(
                "display.max_rows", None, "display.max_columns", None, "display.width", 200, "display.max_colwidth", 120
            ):
                click.echo(frame.to_string(index=False))


def figure_path(output):
    """The path of a figure to write; a click error unless it ends in .png, .svg or .pdf."""
    from pathlib import Path

    from ..drawing.plotting import FIGURE_FORMATS

    path = Path(output)
    if path.suffix.lower() not in FIGURE_FORMATS:
        raise click.BadParameter(
            f"expected a file name ending in {', '.join(FIGURE_FORMATS)} (got {path.name!r})",
            param_hint="'-o' / '--output'",
        )
    return path


# ---------------------------------------------------------------------------- shared options
def seeker_option(help: str = "Whose network (needed for a cohort; default: the only seeker)."):
    """``--seeker ID``: the seeker a command works on."""
    return click.option("--seeker", default=None, metavar="ID", help=help)


def dormant_days_option(help: str = "Days without contact after which someone counts as dormant."):
    """``--dormant-days N``: the dormancy every time-dependent command measures against."""
    from ..model.vocabulary import DORMANT_DAYS  # here, not at the top: ``referralgraph --help`` stays light

    return click.option(
        "--dormant-days", default=DORMANT_DAYS, show_default=True, type=click.IntRange(min=0, max=36500), help=help
    )


def force_option(help: str = "Replace the output file if it exists (never one of the command's inputs)."):
    """``--force``: replace existing outputs."""
    return click.option("--force", is_flag=True, default=False, help=help)


def _bad_option(exc) -> click.ClickException:
    """One ``Error: <option> must be ... (got ...)`` line and exit 1, as for every other bad value."""
    return click.ClickException(clean_text(str(exc)))


def _date_callback(ctx, param, value):
    """Parse a date option with the one date parser (:func:`referralgraph._checks.check_date`)."""
    if value is None:
        return None
    from .._checks import check_date
    from ..exceptions import OptionError

    try:
        return check_date(param.opts[0], value)
    except OptionError as exc:
        raise _bad_option(exc) from None


def _date_format_callback(ctx, param, value):
    if value is None:
        return None
    from .._checks import check_date_format
    from ..exceptions import OptionError

    try:
        return check_date_format(value, name="--date-format")
    except OptionError as exc:
        raise _bad_option(exc) from None


def date_format_option(help: str = "strptime format tried first for every date, e.g. %d/%m/%Y."):
    """``--date-format FORMAT``, checked up front by :func:`referralgraph._checks.check_date_format`."""
    return click.option("--date-format", default=None, metavar="FORMAT", callback=_date_format_callback, help=help)


def as_of_option(
    help: str = "Measure against this date (YYYY-MM-DD), so the output can be reproduced; "
    "--today is the old spelling. Default: see docs/metrics.md, 'The reference date'.",
):
    """``--as-of DATE`` (alias ``--today``): the one reference date of every date-dependent command.

    The value is parsed up front by :func:`referralgraph._checks.check_date` (ISO and the
    documented forms, ambiguous or impossible dates refused, range 1900-01-01 to 2199-12-31).
    """
    return click.option("--as-of", "--today", "as_of", default=None, metavar="DATE", help=help, callback=_date_callback)


#: growth periods ``metrics --freq`` accepts (pandas period aliases; finer ones make billions of rows)
FREQUENCIES = ("D", "W", "M", "Q", "Y")


def _freq_callback(ctx, param, value):
    if value is None:
        return value
    word = value.strip().upper()
    if word not in FREQUENCIES:
        raise click.ClickException(
            f"--freq must be one of {', '.join(FREQUENCIES)} (day, week, month, quarter, "
            f"year) (got {clean_text(value)!r})"
        )
    return word


def freq_option(help: str = "Growth period: D (day), W (week), M (month), Q or Y."):
    """``--freq`` restricted to :data:`FREQUENCIES`."""
    return click.option("--freq", default="W", show_default=True, metavar="FREQ", callback=_freq_callback, help=help)


def date_option(*names: str, help: str):
    """Any other date option (e.g. ``validate --today``), parsed like ``--as-of``."""
    return click.option(*names, default=None, metavar="DATE", help=help, callback=_date_callback)


# ---------------------------------------------------------------------------- per-command limits
#: ``forecast`` holds about this many bytes per simulated future and day (daily counts and their sums)
FORECAST_BYTES_PER_SIM_DAY = 16
#: ``forecast`` refuses more simulated futures x days than this (about 0.8 GB, a minute of work)
FORECAST_MAX_SIM_DAYS = 50_000_000
#: ``forecast --what-if new-per-week=N`` accepts N up to this
FORECAST_MAX_NEW_PER_WEEK = 1000.0


def _check_forecast(ctx) -> None:
    sims = ctx.params.get("simulations") or 0
    weeks = ctx.params.get("weeks") or 0
    cells = sims * 7 * weeks
    if cells > FORECAST_MAX_SIM_DAYS:
        gib = cells * FORECAST_BYTES_PER_SIM_DAY / 2**30
        fit = max(FORECAST_MAX_SIM_DAYS // (7 * max(weeks, 1)), 1)
        raise click.ClickException(
            f"--simulations {sims:,} over --weeks {weeks} would hold {cells:,} simulated days "
            f"(about {gib:,.1f} GiB of memory); expected at most {FORECAST_MAX_SIM_DAYS:,} "
            f"(simulations x 7 x weeks), e.g. --simulations {fit:,} for --weeks {weeks}"
        )
    for raw in ctx.params.get("what_if") or ():
        key, sep, value = raw.strip().lower().partition("=")
        if not sep:
            continue
        try:
            number = float(value)
        except ValueError:
            continue  # the command's own parser names the problem
        import math

        limit = {"new-per-week": FORECAST_MAX_NEW_PER_WEEK, "new-contacts-per-week": FORECAST_MAX_NEW_PER_WEEK}.get(key)
        if limit is not None and not (math.isfinite(number) and 0 <= number <= limit):
            raise click.ClickException(
                f"--what-if {key} must be a number from 0 to {limit:g} (got {clean_text(value)!r})"
            )


#: checks run before a command's work, by command name (see :func:`friendly_errors`)
COMMAND_CHECKS: dict[str | None, tuple[Callable[[click.Context], None], ...]] = {"forecast": (_check_forecast,)}


def format_option(*choices: str, default: str = "table"):
    return click.option(
        "--format", "fmt", type=click.Choice(list(choices)), default=default, show_default=True, help="Output format."
    )


def stdout_is_tty() -> bool:
    return sys.stdout.isatty()
