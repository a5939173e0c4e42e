"""Read a network source (a folder of CSV files, or one .xlsx workbook) and validate it."""

from __future__ import annotations

import io as _io
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .._problems import ProblemLog
from ..exceptions import SchemaError, ValidationError
from ..model import ReferralNetwork
from ._schema import TABLES
from .validation import RawTable, normalize_tables

__all__ = ["load", "from_frames", "validate", "read_csv_table", "decode_bytes"]

PathLike = str | os.PathLike


def decode_bytes(data: bytes, file: str, log: ProblemLog) -> str | None:
    """Text of a CSV as Excel writes it: UTF-8 (with or without BOM), else Windows-1252.

    Bytes that are neither become one error naming the row of the first bad byte.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        bad_at = utf8_error.start
        row = data[:bad_at].count(b"\n") + 1
        log.add(file, row, None, "error",
                f"byte 0x{data[bad_at]:02x} at offset {bad_at} is not valid text; expected a CSV saved as "
                "UTF-8 (or Windows-1252, as older Excel writes it)")
        return None
    log.add(file, None, None, "warning", "not UTF-8; read as Windows-1252 (cp1252), as older Excel versions save CSV")
    return text


def read_csv_table(path: Path, log: ProblemLog, *, label: str | None = None, header_line: int = 1,
                   text: str | None = None) -> RawTable | None:
    """Read one CSV as text columns, keeping the spreadsheet row number of every record."""
    label = label or str(path)
    if text is None:
        data = path.read_bytes()
        if not data.strip():
            log.add(label, None, None, "error", "the file is empty; expected a header line, e.g. 'name,organization,...'")
            return None
        text = decode_bytes(data, label, log)
        if text is None:
            return None
    lines_before = header_line - 1
    body = text
    if lines_before:
        body = "\n".join(re.split(r"\r\n|\n|\r", text)[lines_before:])
    try:
        frame = pd.read_csv(_io.StringIO(body), dtype=str, keep_default_na=False, skip_blank_lines=False,
                            na_filter=False, engine="c")
    except pd.errors.EmptyDataError:
        log.add(label, None, None, "error", "the file is empty; expected a header line, e.g. 'name,organization,...'")
        return None
    except pd.errors.ParserError as exc:
        m = re.search(r"line (\d+), saw (\d+)", str(exc))
        exp = re.search(r"Expected (\d+) fields", str(exc))
        if m and exp:
            log.add(label, int(m.group(1)) + lines_before, None, "error",
                    f"the row has {m.group(2)} cells but the header has {exp.group(1)} columns; "
                    "expected every row to have as many cells as the header (quote cells that contain commas)")
        else:
            log.add(label, None, None, "error", f"not a readable CSV file: {exc}")
        return None
    rows = np.arange(len(frame), dtype=np.int64) + header_line + 1
    if len(frame.columns):
        blank = (frame == "").all(axis=1).to_numpy()
        if blank.any():
            frame = frame[~blank].reset_index(drop=True)
            rows = rows[~blank]
    return RawTable(frame, label, rows, header_row=header_line)


def _read_folder(folder: Path, log: ProblemLog) -> dict[str, RawTable | None]:
    found = {p.stem.lower(): p for p in folder.iterdir() if p.suffix.lower() == ".csv"}
    tables: dict[str, RawTable | None] = {}
    for name in TABLES:
        path = found.get(name)
        if path is None:
            if name == "contacts":
                others = ", ".join(sorted(p.name for p in found.values())) or "no CSV files"
                raise SchemaError(f"{folder}: no contacts.csv; expected contacts.csv (and introductions.csv, "
                                  f"optionally meetings.csv); found {others}")
            tables[name] = None
            continue
        tables[name] = read_csv_table(path, log)
    return tables


def _read_workbook(path: Path, log: ProblemLog) -> dict[str, RawTable | None]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise SchemaError(f"{path}: not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from exc
    try:
        sheets = {s.strip().lower(): s for s in book.sheetnames}
        if "contacts" not in sheets:
            raise SchemaError(f"{path}: no sheet named 'contacts'; expected sheets contacts, introductions "
                              f"(and optionally meetings); found {', '.join(map(repr, book.sheetnames))}")
        tables: dict[str, RawTable | None] = {}
        for name in TABLES:
            if name not in sheets:
                tables[name] = None
                continue
            label = f"{path} [{sheets[name]}]"
            ws = book[sheets[name]]
            values = list(ws.iter_rows(values_only=True))
            header_at = next((k for k, r in enumerate(values) if any(v not in (None, "") for v in r)), None)
            if header_at is None:
                log.add(label, None, None, "error", "the sheet is empty; expected a header row, e.g. 'name,organization,...'")
                tables[name] = None
                continue
            header = [("" if v is None else str(v)) for v in values[header_at]]
            while header and header[-1] == "":
                header.pop()
            body, rows = [], []
            for k, r in enumerate(values[header_at + 1:], start=header_at + 2):
                r = list(r[: len(header)]) + [None] * (len(header) - len(r))
                extra = [v for v in r[len(header):] if v not in (None, "")]
                if all(v in (None, "") for v in r) and not extra:
                    continue
                body.append(r)
                rows.append(k)
            names = [h if h else f"Unnamed: {j}" for j, h in enumerate(header)]
            frame = pd.DataFrame(body, columns=names, dtype=object) if body else pd.DataFrame(columns=names, dtype=object)
            tables[name] = RawTable(frame, label, np.asarray(rows, dtype=np.int64), header_row=header_at + 1)
        return tables
    finally:
        book.close()


def _read_source(source: PathLike, log: ProblemLog) -> dict[str, RawTable | None]:
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or folder; expected a folder of CSV files or an .xlsx workbook")
    if path.is_dir():
        return _read_folder(path, log)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_workbook(path, log)
    if path.suffix.lower() == ".csv":
        raise SchemaError(f"{path}: a single CSV file; expected the folder that holds contacts.csv "
                          "(and introductions.csv), or an .xlsx workbook (use read_linkedin for a LinkedIn export)")
    raise SchemaError(f"{path}: unknown kind of source; expected a folder of CSV files or an .xlsx workbook")


def _build(tables: dict, log: ProblemLog, *, strict: bool, date_format, dayfirst, today) -> ReferralNetwork:
    if tables.get("contacts") is None:
        raise ValidationError(log.to_frame())
    norm = normalize_tables(tables["contacts"], tables.get("introductions"), tables.get("meetings"), log,
                            date_format=date_format, dayfirst=dayfirst, today=today)
    if norm is None:
        raise ValidationError(log.to_frame())
    contacts = norm.contacts
    dup = contacts["id"].duplicated(keep="first").to_numpy()
    if dup.any():  # keep every row: later duplicates get a row-tagged id (reported as errors already)
        contacts.loc[dup, "id"] = [f"{v}#row{r}" for v, r in zip(contacts["id"][dup], norm.rows["contacts"][dup])]
    net = ReferralNetwork(contacts, norm.introductions, norm.meetings, files=norm.files, rows=norm.rows, problems=log)
    if strict and (net.problems["severity"] == "error").any():
        raise ValidationError(net.problems)
    return net


def load(source: PathLike, *, strict: bool = True, date_format: str | None = None,
         dayfirst: bool | None = None, today=None) -> ReferralNetwork:
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

    Returns
    -------
    ReferralNetwork

    Raises
    ------
    FileNotFoundError
        If ``source`` does not exist.
    SchemaError
        If ``source`` is not a folder or workbook of the expected shape.
    ValidationError
        If ``strict`` and the input has errors; the message lists all of them.

    Examples
    --------
    >>> import referralgraph as rg, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> _ = rg.demo().save(folder, overwrite=True)
    >>> rg.load(folder)
    <ReferralNetwork: 1 seeker, 86 contacts, 85 introductions, 74 meetings>
    """
    log = ProblemLog()
    tables = _read_source(source, log)
    return _build(tables, log, strict=strict, date_format=date_format, dayfirst=dayfirst, today=today)


def from_frames(contacts: pd.DataFrame, introductions: pd.DataFrame | None = None,
                meetings: pd.DataFrame | None = None, *, strict: bool = True,
                date_format: str | None = None, dayfirst: bool | None = None, today=None) -> ReferralNetwork:
    """Build a network from DataFrames laid out as the input files (see docs/data-format.md).

    The frames are copied, never changed. Problems name the table (``contacts``,
    ...) and the row a spreadsheet would show (position + 2).

    Parameters
    ----------
    contacts, introductions, meetings : pandas.DataFrame
        The three tables; only ``contacts`` is required.
    strict, date_format, dayfirst, today
        As for :func:`load`.

    Returns
    -------
    ReferralNetwork

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
    for name, frame in (("contacts", contacts), ("introductions", introductions), ("meetings", meetings)):
        if frame is not None and not isinstance(frame, pd.DataFrame):
            raise TypeError(f"{name} must be a pandas DataFrame (got {type(frame).__name__})")
    log = ProblemLog()
    tables = {
        "contacts": RawTable.from_frame(contacts, "contacts"),
        "introductions": RawTable.from_frame(introductions, "introductions") if introductions is not None else None,
        "meetings": RawTable.from_frame(meetings, "meetings") if meetings is not None else None,
    }
    return _build(tables, log, strict=strict, date_format=date_format, dayfirst=dayfirst, today=today)


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
    >>> _ = rg.demo().save(folder, overwrite=True)
    >>> rg.validate(folder).query("severity == 'error'").empty
    True
    """
    if isinstance(source, ReferralNetwork):
        return source.problems
    log = ProblemLog()
    try:
        tables = _read_source(source, log)
        net = _build(tables, log, strict=False, date_format=date_format, dayfirst=dayfirst, today=today)
    except SchemaError as exc:
        log.add(str(source), None, None, "error", str(exc).split(": ", 1)[-1])
        return log.to_frame()
    except ValidationError as exc:
        return exc.problems
    return net.problems
