"""The network's own table formats, read and written side by side: a folder of CSV files and one .xlsx workbook.

:func:`load` / :func:`from_frames` / :func:`validate` read them, :func:`save` writes them (and
dispatches the graph formats of :mod:`referralgraph.readwrite.graphs`).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from .. import _progress
from .._problems import ProblemLog
from .._checks import check_bool, check_network, check_path
from .._docstrings import share_docs
from ..exceptions import ArgumentTypeError, SchemaError, SizeLimitError, ValidationError
from ..model import ReferralNetwork
from ..model.privacy import anonymize as _anonymize
from ._atomic import atomic_folder, check_target
from ._csvfile import _check_regular, _read_folder, _report_unused, decode_bytes, read_csv_table
from ._lock import recover
from ._schema import READ_TABLES as TABLES
from ._workbook import _read_workbook, _save_workbook
from .tabular import _csv_cells, _fold_handwritten, _tables, read_parquet_frame, table_cells, write_cells
from .validation import RawTable, introductions_from_contacts, normalize_tables
from .opportunities import normalize_opportunities

__all__ = ["load", "from_frames", "validate", "save", "read_csv_table", "decode_bytes", "FORMATS"]

PathLike = str | os.PathLike


def _read_parquet_folder(folder: Path, log: ProblemLog, bar=_progress.NO_PROGRESS) -> dict[str, RawTable | None]:
    """A folder of ``<table>.parquet`` files: the same tables, columns and rules as the CSV folder."""
    files = sorted(
        (p for p in folder.iterdir() if p.suffix.lower() == ".parquet" and p.is_file()), key=lambda p: p.name
    )
    found: dict[str, Path] = {}
    for p in files:
        key = p.stem.strip().lower()
        if key in found:
            raise SchemaError(
                f"{folder}: {found[key].name} and {p.name} differ only by case or spaces; expected one file per table"
            )
        found[key] = p
    tables: dict[str, RawTable | None] = {}
    for name in TABLES:
        path = found.get(name)
        if path is None:
            tables[name] = None
            continue
        bar.stage(f"reading {path.name}")
        frame = read_parquet_frame(path)
        tables[name] = RawTable(frame, str(path), np.arange(len(frame), dtype=np.int64) + 2)
    _report_unused(
        str(folder),
        "Parquet file",
        [p.name for p in files if p.stem.strip().lower() not in TABLES],
        "introductions" in found,
        log,
        file_of=lambda t: f"{t}.parquet",
    )
    return tables


def _folder_kind(folder: Path) -> str:
    """``"parquet"`` for a folder of ``<table>.parquet`` files, ``"csv"`` for one of CSV files.

    A folder mixing the two (``contacts.parquet`` with ``meetings.csv``, or both files of one
    table) is refused: one format would be read and the other's rows silently dropped.
    """
    names = {p.name.strip().lower(): p.name for p in folder.iterdir()}
    parquet = [names[f"{t}.parquet"] for t in TABLES if f"{t}.parquet" in names]
    csv = [names[f"{t}.csv"] for t in TABLES if f"{t}.csv" in names]
    if parquet and csv:
        raise SchemaError(
            f"{folder}: mixes Parquet ({', '.join(parquet)}) and CSV ({', '.join(csv)}) tables; "
            "expected one format per folder (all CSV or all Parquet): convert one with "
            "referralgraph export, or move the other files out"
        )
    return "parquet" if "contacts.parquet" in names else "csv"


def _read_source(source: PathLike, log: ProblemLog, bar=_progress.NO_PROGRESS) -> dict[str, RawTable | None]:
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or folder; expected a folder of CSV files or an .xlsx workbook")
    _check_regular(path, "a folder of CSV files or an .xlsx workbook")
    if path.is_dir():
        if _folder_kind(path) == "parquet":
            return _read_parquet_folder(path, log, bar)
        return _read_folder(path, log, bar)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_workbook(path, log, bar)
    if path.suffix.lower() == ".csv":
        raise SchemaError(
            f"{path}: a single CSV file; expected the folder that holds contacts.csv "
            "(and introductions.csv), or an .xlsx workbook (use read_linkedin for a LinkedIn export)"
        )
    raise SchemaError(f"{path}: unknown kind of source; expected a folder of CSV files or an .xlsx workbook")


def _validation_error(problems: pd.DataFrame) -> ValidationError:
    """A ValidationError over ``problems``; rows without a number (whole-file problems) show none."""
    shown = problems.assign(row=problems["row"].astype(object).where(problems["row"].notna(), None))
    exc = ValidationError(shown)
    exc.problems = problems
    return exc


def _check_options(strict, dayfirst) -> None:
    """The options every reader takes, checked before any reading (``dayfirst="no"`` is not true)."""
    check_bool("strict", strict)
    check_bool("dayfirst", dayfirst, allow_none=True)


def _build(
    tables: dict, log: ProblemLog, *, strict: bool, date_format, dayfirst, today, bar=_progress.NO_PROGRESS
) -> ReferralNetwork:
    if tables.get("contacts") is None:
        raise _validation_error(log.to_frame())
    intro = tables.get("introductions")
    if intro is None or len(intro.frame) == 0:
        from_column = introductions_from_contacts(tables["contacts"])
        if from_column is not None and len(from_column.frame):
            tables = {**tables, "introductions": from_column}
            log.discard_messages("the network is loaded without introductions")
    bar.stage("validating")
    norm = normalize_tables(
        tables["contacts"],
        tables.get("introductions"),
        tables.get("meetings"),
        log,
        date_format=date_format,
        dayfirst=dayfirst,
        today=today,
    )
    if norm is None:
        raise _validation_error(log.to_frame())
    opp_raw = tables.get("opportunities")
    opportunities, opp_rows = normalize_opportunities(
        opp_raw,
        norm.contacts,
        norm.introductions,
        norm.meetings,
        log,
        contact_rows=norm.rows["contacts"],
        date_format=date_format,
        dayfirst=dayfirst,
        today=today,
        codes=norm.codes,
    )
    bar.stage("building the trees")
    net = ReferralNetwork(
        norm.contacts,
        norm.introductions,
        norm.meetings,
        files=norm.files,
        rows=norm.rows,
        problems=log,
        codes=norm.codes,
        opportunities=opportunities,
    )
    if strict and (net.problems["severity"] == "error").any():
        raise _validation_error(net.problems)
    return net


@share_docs
def load(
    source: PathLike,
    *,
    strict: bool = True,
    date_format: str | None = None,
    dayfirst: bool | None = None,
    today=None,
    progress: bool | None = None,
) -> ReferralNetwork:
    """Load a network from a folder of CSV files or an .xlsx workbook.

    Parameters
    ----------
    source : path
        A folder holding ``contacts.csv``, ``introductions.csv`` and optionally
        ``meetings.csv``, or a workbook with sheets of those names.
    strict : bool, default True
        Raise on any error. With ``strict=False`` load what is valid: unparsable
        cells become missing, rows that cannot be placed in a tree stay in their
        table but out of the trees, and every such case is in ``net.problems``.
    date_format : str, optional
        A :func:`~datetime.datetime.strptime` format tried first for every date,
        e.g. ``"%d/%m/%Y"``.
    dayfirst : bool, optional
        How to read numeric dates such as 03/04/2026 whose order is ambiguous.
    today : date-like, optional
        The date after which dates count as "in the future" (default: today).
    progress : bool, optional
        Show a progress bar by stage (reading each file, validating, building the
        trees) on stderr, as a widget in Jupyter. By default it is shown for inputs
        over 20 MB when stderr is a terminal or in a notebook; ``True`` always
        shows it, ``False`` never (see docs/limits.md).

    {returns_network}

    Raises
    ------
    FileNotFoundError
        If ``source`` does not exist.
    SchemaError
        If ``source`` is not a folder or workbook of the expected shape.

    Warns
    -----
    SlowOperationWarning
        Before reading a workbook over 10 MB (minutes; a CSV folder takes seconds).
    ValidationError
        If ``strict`` and the input has errors; the message lists all of them.

    Examples
    --------
    >>> import referralgraph as rg, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> _ = rg.save(rg.demo(), folder, overwrite=True)
    >>> rg.load(folder)
    <ReferralNetwork: 1 seeker, 86 contacts, 85 introductions, 74 meetings>
    """
    check_path("source", source)
    _check_options(strict, dayfirst)
    recover(source)  # finish a change to several files that a killed process left half-done
    log = ProblemLog()
    if not _progress.wants_progress(progress, _progress.source_bytes(source)):
        tables = _read_source(source, log)
        kept = _kept_settings(source)
        dayfirst = kept.dayfirst if dayfirst is None else dayfirst  # the remembered date order, unless told
        net = _build(tables, log, strict=strict, date_format=date_format, dayfirst=dayfirst, today=today)
        return net.with_settings(kept) if not kept.is_empty else net
    with _progress.Stages(len(TABLES) + 2, f"loading {Path(source).name}") as bar:
        tables = _read_source(source, log, bar)
        kept = _kept_settings(source)
        dayfirst = kept.dayfirst if dayfirst is None else dayfirst
        net = _build(tables, log, strict=strict, date_format=date_format, dayfirst=dayfirst, today=today, bar=bar)
        return net.with_settings(kept) if not kept.is_empty else net


def _kept_settings(source):
    """The settings kept with a source (docs/settings.md); empty when it has none."""
    from .settings import read_settings

    return read_settings(source)


@share_docs
def from_frames(
    contacts: pd.DataFrame,
    introductions: pd.DataFrame | None = None,
    meetings: pd.DataFrame | None = None,
    opportunities: pd.DataFrame | None = None,
    *,
    strict: bool = True,
    date_format: str | None = None,
    dayfirst: bool | None = None,
    today=None,
) -> ReferralNetwork:
    """Build a network from DataFrames laid out as the input files (see docs/data-format.md).

    The frames are copied, never changed. Problems name the table (``contacts``,
    ...) and the row a spreadsheet would show (position + 2).

    Parameters
    ----------
    contacts, introductions, meetings, opportunities : pandas.DataFrame
        The tables; only ``contacts`` is required.
    strict, date_format, dayfirst, today
        As for :func:`load`.

    {returns_network}

    Raises
    ------
    ValidationError
        If ``strict`` and the tables have errors.

    Examples
    --------
    >>> import pandas as pd, referralgraph as rg
    >>> contacts = pd.DataFrame({"name": ["Maya", "Ann", "Bo"], "is_seeker": ["yes", "", ""]})
    >>> intros = pd.DataFrame({"introducer": ["Ann"], "introduced": ["Bo"], "date": ["2026-03-02"]})
    >>> net = rg.from_frames(contacts, intros)
    >>> net.tree_table()[["contact", "introduced_by", "generation"]]
      contact introduced_by  generation
    0    Maya          None           0
    1     Ann          Maya           1
    2      Bo           Ann           2
    """
    for name, frame in (
        ("contacts", contacts),
        ("introductions", introductions),
        ("meetings", meetings),
        ("opportunities", opportunities),
    ):
        if (frame is not None or name == "contacts") and not isinstance(frame, pd.DataFrame):
            raise ArgumentTypeError(f"{name} must be a pandas DataFrame (got {type(frame).__name__})")
        if frame is not None:
            _check_scalar_cells(frame, name)
    _check_options(strict, dayfirst)
    log = ProblemLog()
    tables = {
        "contacts": RawTable.from_frame(contacts, "contacts"),
        "introductions": RawTable.from_frame(introductions, "introductions") if introductions is not None else None,
        "meetings": RawTable.from_frame(meetings, "meetings") if meetings is not None else None,
        "opportunities": RawTable.from_frame(opportunities, "opportunities") if opportunities is not None else None,
    }
    return _build(tables, log, strict=strict, date_format=date_format, dayfirst=dayfirst, today=today)


def _check_scalar_cells(frame: pd.DataFrame, table: str) -> None:
    """Refuse cells that are containers (a list id, a dict name): a table cell holds one value."""
    for col in frame.columns:
        values = frame[col]
        if values.dtype != object:
            continue
        kind = pd.api.types.infer_dtype(values, skipna=True)
        if kind in (
            "string",
            "empty",
            "integer",
            "floating",
            "mixed-integer-float",
            "boolean",
            "datetime",
            "date",
            "decimal",
            "bytes",
        ):
            continue
        bad = values.map(
            lambda v: isinstance(v, (list, tuple, dict, set, frozenset, np.ndarray, pd.Series, pd.DataFrame))
        )
        if bad.any():
            pos = int(np.flatnonzero(bad.to_numpy(dtype=bool))[0])
            cell = values.iat[pos]
            raise ArgumentTypeError(
                f"{table} row {pos + 2}, column {col!r}: a cell holds a {type(cell).__name__} ({cell!r})"[:160]
                + "; expected one value per cell (text, a number or a date)"
            )


def validate(source, *, date_format: str | None = None, dayfirst: bool | None = None, today=None) -> pd.DataFrame:
    """Check a source and return its problems, one row each; never raises for bad data.

    Parameters
    ----------
    source : path or ReferralNetwork
        What :func:`load` takes.
    date_format, dayfirst, today
        As for :func:`load`.

    Returns
    -------
    pandas.DataFrame
        Columns ``file, row, column, severity, message``; ``row`` is the row number
        a spreadsheet shows (the header is row 1). Empty when all is well.

    Raises
    ------
    FileNotFoundError
        If ``source`` does not exist.

    Examples
    --------
    >>> import referralgraph as rg, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> _ = rg.save(rg.demo(), folder, overwrite=True)
    >>> rg.validate(folder).query("severity == 'error'").empty
    True
    """
    if isinstance(source, ReferralNetwork):
        return source.problems
    check_path("source", source)
    _check_options(False, dayfirst)
    log = ProblemLog()
    try:
        tables = _read_source(source, log)
        if dayfirst is None:
            dayfirst = _kept_settings(source).dayfirst
        net = _build(tables, log, strict=False, date_format=date_format, dayfirst=dayfirst, today=today)
    except (SchemaError, SizeLimitError) as exc:
        where, _, why = str(exc).partition(": ")
        named = bool(why) and where != str(source) and Path(where).is_file()  # the file inside the source it names
        log.add(where if named else str(source), None, None, "error", why or where)
        return log.to_frame()
    except ValidationError as exc:
        return exc.problems.reset_index(drop=True)
    return net.problems


#: formats :func:`save` writes; ``csv``, ``parquet`` and ``xlsx`` are the ones :func:`referralgraph.load` reads
FORMATS = ("csv", "parquet", "xlsx", "json", "graphml", "gexf")
_BY_SUFFIX = {".xlsx": "xlsx", ".json": "json", ".graphml": "graphml", ".gexf": "gexf", ".parquet": "parquet"}
_FOLDER_FORMATS = ("csv", "parquet")


# ---------------------------------------------------------------------------- save
@share_docs
def save(
    net: ReferralNetwork,
    path: PathLike,
    *,
    format: str | None = None,
    overwrite: bool = False,
    anonymize: bool = False,
    neutralize_formulas: bool = True,
) -> Path:
    """Write a network to a folder of CSV or Parquet files, an .xlsx workbook, JSON, GraphML or GEXF.

    The folder and the workbook hold the three tables (``contacts``,
    ``introductions``, ``meetings``) in the input format, so ``load(save(net, p))``
    equals ``net``: every column (extra columns included) in the same order, dates
    as ISO dates (date-times with their time), booleans as ``true``/``false``, and
    missing values as blank cells. The other formats are graph files of
    :attr:`ReferralNetwork.graph` (see :func:`write_json`, :func:`write_graphml`,
    :func:`write_gexf`). Every file is written atomically, and an existing file is
    never replaced unless ``overwrite=True``.

    Parameters
    ----------
    {net}
    path : path
        Where to write. A path without a suffix (or an existing folder) is a folder
        of CSV files (created if needed); ``.xlsx``, ``.json``, ``.graphml`` and
        ``.gexf`` pick those formats.
    format : {"csv", "parquet", "xlsx", "json", "graphml", "gexf"}, optional
        The format, when the suffix does not say it. ``"parquet"`` writes a folder
        of ``contacts.parquet``, ``introductions.parquet`` and ``meetings.parquet``
        (column types kept, never neutralised; :func:`load` reads it back); a path
        ending in ``.parquet`` picks it too.
    overwrite : bool, default False
        Replace existing files (for a folder: any of ``contacts.csv``,
        ``introductions.csv``, ``meetings.csv`` already there).
    anonymize : bool, default False
        Write :func:`referralgraph.anonymize` of the network instead (fresh
        pseudonyms on every call; call ``anonymize(net, salt=...)`` yourself for
        stable ones).
    neutralize_formulas : bool, default True
        CSV and xlsx only: prefix ``'`` to text cells that begin with ``=``, ``+``,
        ``-``, ``@``, a tab or a carriage return, so a spreadsheet shows them as
        text instead of running them as formulas. :func:`referralgraph.load` removes
        the quote again, so the round trip is exact. Pass ``False`` for the raw text
        (xlsx cells are still written as text, never as formulas).

    Returns
    -------
    pathlib.Path
        The written folder or file.

    Raises
    ------
    SchemaError
        If the format is unknown or cannot be told from the suffix, or the path
        does not fit it (a workbook must end in ``.xlsx``; a folder cannot be a file).
    OverwriteError
        If a target file exists and ``overwrite`` is false; nothing is written then.
    SizeLimitError
        If a table or a cell is too large for an .xlsx sheet (use CSV).
    FileNotFoundError
        If the folder that should hold a file does not exist.

    See Also
    --------
    referralgraph.load : reads the CSV folder and the workbook back.

    Examples
    --------
    >>> import pandas as pd, referralgraph as rg, tempfile, pathlib
    >>> contacts = pd.DataFrame({"name": ["Maya", "Ann"], "is_seeker": ["yes", ""],
    ...                          "notes": ["", "=HYPERLINK(\\"http://x\\")"]})
    >>> net = rg.from_frames(contacts)
    >>> folder = rg.save(net, pathlib.Path(tempfile.mkdtemp()) / "my-search")
    >>> sorted(p.name for p in folder.iterdir())
    ['contacts.csv', 'introductions.csv', 'meetings.csv']
    >>> print(open(folder / "contacts.csv", encoding="utf-8-sig").read())
    id,name,notes,is_seeker
    Maya,Maya,,true
    Ann,Ann,"'=HYPERLINK(""http://x"")",false
    <BLANKLINE>
    """
    check_network(net)
    path = Path(check_path("path", path))
    fmt = _format_of(path, format)
    if anonymize:
        net = _anonymize(net)
    if fmt == "csv":
        return _save_folder(net, path, overwrite=overwrite, neutralize=neutralize_formulas)
    if fmt == "parquet":
        return _save_parquet_folder(net, path, overwrite=overwrite)
    if fmt == "xlsx":
        return _save_workbook(net, path, overwrite=overwrite, neutralize=neutralize_formulas)
    from .graphs import write_gexf, write_graphml, write_json

    writer = {"json": write_json, "graphml": write_graphml, "gexf": write_gexf}[fmt]
    return writer(net, path, overwrite=overwrite)


def _format_of(path: Path, format: str | None) -> str:
    if format is not None:
        fmt = str(format).lower().lstrip(".")
        if fmt not in FORMATS:
            raise SchemaError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
    elif path.is_dir():
        fmt = "parquet" if path.suffix.lower() == ".parquet" or _folder_kind(path) == "parquet" else "csv"
    elif path.suffix.lower() in _BY_SUFFIX:
        fmt = _BY_SUFFIX[path.suffix.lower()]
    elif path.suffix == "":
        fmt = "csv"
    else:
        raise SchemaError(
            f"{path}: cannot tell the format from the suffix {path.suffix!r}; expected a folder "
            "path without a suffix (CSV files) or ending in .parquet (Parquet files), or a name "
            f"ending in .xlsx, .json, .graphml or .gexf, or format= one of {', '.join(FORMATS)}"
        )
    if fmt in _FOLDER_FORMATS and path.exists() and not path.is_dir():
        raise SchemaError(
            f"{path} is a file; expected a folder to hold contacts.{fmt}, introductions.{fmt} and meetings.{fmt}"
        )
    if fmt not in _FOLDER_FORMATS and path.is_dir():
        raise SchemaError(f"{path} is a folder; expected the path of a {fmt} file")
    if fmt == "xlsx" and path.suffix.lower() != ".xlsx":
        raise SchemaError(
            f"{path}: a workbook must end in .xlsx (that is how load recognises it); "
            f"got the suffix {path.suffix or '(none)'!r}"
        )
    if fmt not in _FOLDER_FORMATS and not path.parent.is_dir():
        raise FileNotFoundError(f"{path.parent}: no such folder; expected an existing folder to write {path.name} into")
    return fmt


# ---------------------------------------------------------------------------- folder of CSV files
def _write_csv_folder(folder: Path, cells: dict, *, overwrite: bool, suffix: str = "csv", write=None) -> Path:
    """Write ``<table>.<suffix>`` files all-or-nothing (CSV by default: UTF-8 with BOM, CRLF, minimal quoting).

    ``write(handle, table)`` writes one table to a binary file; the default writes
    CSV cells (:func:`.tabular.write_cells`). The Parquet folder uses the same function.
    The files go to a temporary folder next to ``folder`` that is then swapped in
    (:func:`~referralgraph.readwrite._atomic.atomic_folder`): a kill at any moment
    leaves the old folder or the new one. Other files in ``folder`` are kept.
    """
    if write is None:

        def write(handle, frame):
            write_cells(handle, frame if hasattr(frame, "num_columns") else table_cells(frame, neutralize=False))

    if folder.exists() and not folder.is_dir():
        raise SchemaError(f"{folder} is a file; expected a folder to hold {', '.join(f'{t}.{suffix}' for t in cells)}")
    existing = {p.name.lower(): p for p in folder.iterdir()} if folder.is_dir() else {}
    targets = {t: existing.get(f"{t}.{suffix}", folder / f"{t}.{suffix}") for t in cells}
    clash = [p for p in targets.values() if p.exists() or p.is_symlink()]
    if clash and not overwrite:
        raise _overwrite_error(clash, suffix)
    for p in clash:
        check_target(p, overwrite=True)  # a folder named contacts.csv, a FIFO or a device cannot be replaced
    with atomic_folder(folder) as tmp:
        for table, frame in cells.items():
            with open(tmp / targets[table].name, "wb") as handle:
                write(handle, frame)
    return folder


def _overwrite_error(paths: list[Path], suffix: str = "csv"):
    from ..exceptions import OverwriteError

    names = ", ".join(str(p) for p in paths)
    return OverwriteError(
        f"{names} already exist{'s' if len(paths) == 1 else ''}; expected a folder without "
        f"contacts.{suffix}, introductions.{suffix} or meetings.{suffix}, or pass overwrite=True "
        "(CLI: --force) to replace them"
    )


def _save_folder(net: ReferralNetwork, folder: Path, *, overwrite: bool, neutralize: bool) -> Path:
    cells = {t: _csv_cells(f, neutralize=neutralize) for t, f in _tables(net).items()}
    _write_csv_folder(folder, cells, overwrite=overwrite)
    return _keep_settings(net, folder)


def _keep_settings(net: ReferralNetwork, where: Path) -> Path:
    """Write the network's settings (if any) beside its tables, so they stay with it (docs/settings.md)."""
    from .settings import keep_settings

    keep_settings(net.settings, where)
    return where


def _save_parquet_folder(net: ReferralNetwork, folder: Path, *, overwrite: bool) -> Path:
    """``<table>.parquet`` files, all-or-nothing like the CSV folder; column types kept, never neutralised."""
    import pyarrow.parquet as pq

    from .tabular import arrow_table

    tables = {t: _fold_handwritten(f) for t, f in _tables(net).items()}
    _write_csv_folder(
        folder,
        tables,
        overwrite=overwrite,
        suffix="parquet",
        write=lambda handle, frame: pq.write_table(arrow_table(frame), handle, compression="zstd"),
    )
    return _keep_settings(net, folder)
