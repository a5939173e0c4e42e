"""The network's own table formats, read and written side by side: a folder of CSV files and one .xlsx workbook.

:func:`load` / :func:`from_frames` / :func:`validate` read them, :func:`save` writes them (and
dispatches the graph formats of :mod:`referralgraph.readwrite.graphs`).
"""

from __future__ import annotations

import contextlib
import csv
import io as _io
import os
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from .. import _limits, _progress
from .._problems import ProblemLog
from .._checks import check_network
from .._docstrings import share_docs
from ..exceptions import ArgumentTypeError, ReferralGraphWarning, SchemaError, SizeLimitError, ValidationError
from ..model import ReferralNetwork
from ..model.privacy import anonymize as _anonymize
from ..model.privacy import neutralize_cells, restore_cells
from ._atomic import atomic_folder, atomic_path, check_target
from ._schema import TABLES
from .tabular import _fold_handwritten, read_parquet_frame, table_cells, write_cells
from .validation import RawTable, _letter, _show, introductions_from_contacts, normalize_tables

__all__ = ["load", "from_frames", "validate", "save", "read_csv_table", "decode_bytes", "FORMATS"]

PathLike = str | os.PathLike


_BOMS_UTF16 = (b"\xff\xfe", b"\xfe\xff")
_DELIMITERS = ",;\t|"
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
_LINE_END = re.compile(r"\r\n|\n|\r")
_BAD_BYTE = re.compile("[\udc80-\udcff]")
_EMPTY_MESSAGE = "the file is empty; expected a header line naming the columns, then one line per row"
#: a table may have at most this many columns (the schema has about 20; see docs/limits.md)
MAX_COLUMNS = 1000
#: an .xlsx sheet holds at most this many rows (Excel's own limit); a larger dimension is refused before parsing
XLSX_SHEET_ROWS = 1_048_576
#: openpyxl parses roughly this many cells a second (read-only mode, 2-core machine)
XLSX_CELLS_PER_SECOND = 36_000
#: a workbook whose sheets hold more cells than this (by their dimension) warns first
XLSX_WARN_CELLS = 2_000_000


@contextlib.contextmanager
def _field_limit(size: int):
    """Let the csv module read a field of ``size`` characters (its default limit is 131,072)."""
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, min(size + 1, 2**31 - 1)))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _too_wide(n: int) -> str:
    return (f"the header has {n:,} columns; expected at most {MAX_COLUMNS:,} (the tables have about 20 columns "
            "plus your own; see docs/limits.md)")


def _decode(data: bytes) -> tuple[str, str, list[tuple[int, int]]]:
    """Decode CSV bytes; returns ``(text, encoding, [(line, byte), ...] of undecodable bytes)``.

    UTF-16 with a BOM (Excel's "Unicode Text"), UTF-8 with or without BOM, else
    Windows-1252. A file that is UTF-8 apart from a few broken bytes stays UTF-8
    (so its accents are not turned into mojibake); bytes that fit no encoding
    become U+FFFD and are listed with their line number.
    """
    if data[:2] in _BOMS_UTF16:
        return data.decode("utf-16", errors="replace"), "utf-16", []
    try:
        return data.decode("utf-8-sig"), "utf-8", []
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="surrogateescape")
    # real UTF-8 multi-byte characters around the bad bytes: a damaged UTF-8 file, not cp1252
    looks_utf8 = re.search("[^\x00-\x7f\udc80-\udcff]", text) is not None
    encoding = "utf-8"
    if not looks_utf8:
        encoding = "cp1252"
        text = data.decode("cp1252", errors="surrogateescape")
    bad: list[tuple[int, int]] = []
    if _BAD_BYTE.search(text):
        starts = None
        for m in _BAD_BYTE.finditer(text):  # only the bad bytes are visited
            if starts is None:
                starts = np.concatenate([[0], [e.end() for e in _LINE_END.finditer(text)]])
            line = int(np.searchsorted(starts, m.start(), side="right"))
            bad.append((line, ord(m.group()) - 0xDC00))
        text = _BAD_BYTE.sub("\ufffd", text)
    return text, encoding, bad


def decode_bytes(data: bytes, file: str, log: ProblemLog) -> str | None:
    """Text of a CSV as Excel writes it: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    A Windows-1252 file gets one warning (the guess could be wrong). Bytes that are
    valid in neither encoding become U+FFFD and one error per line names the line
    and the bytes; the text is still returned so lenient callers can go on.

    Returns
    -------
    str or None
        The text; ``None`` only for data that is not text at all (a workbook saved
        with a .csv name), which is reported as an error.
    """
    if _binary_kind(data, file, log):
        return None
    text, encoding, bad = _decode(data)
    if encoding == "cp1252":
        log.add(file, None, None, "warning", _CP1252_MESSAGE)
    by_line: dict[int, list[int]] = {}
    for line, byte in bad:
        by_line.setdefault(line, []).append(byte)
    for line, values in by_line.items():
        log.add(file, line, None, "error", _bad_bytes_message(values, encoding))
    return text


_CP1252_MESSAGE = ("not UTF-8; read as Windows-1252 (cp1252), as older Excel versions save CSV; "
                   "expected UTF-8 (Excel: Save As 'CSV UTF-8')")


def _bad_bytes_message(values: list[int], encoding: str) -> str:
    shown = ", ".join(f"0x{b:02x}" for b in values[:5]) + (" ..." if len(values) > 5 else "")
    kind = "UTF-8" if encoding == "utf-8" else "UTF-8 or Windows-1252"
    return (f"byte{'s' if len(values) > 1 else ''} {shown} {'are' if len(values) > 1 else 'is'} not valid {kind} "
            "text (read as \ufffd); expected a CSV saved as UTF-8 (Excel: Save As 'CSV UTF-8')")


def _binary_kind(data: bytes, file: str, log: ProblemLog) -> bool:
    """Report a workbook or other binary file that was given a .csv name."""
    if data[:4] == b"PK\x03\x04":
        log.add(file, None, None, "error", "this is an Excel workbook (.xlsx) or other zip file, not CSV text; "
                "expected a CSV file (Excel: Save As 'CSV UTF-8'), or pass the .xlsx workbook itself to load()")
        return True
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        log.add(file, None, None, "error", "this is an old Excel workbook (.xls), not CSV text; expected a CSV "
                "file (Excel: Save As 'CSV UTF-8') or an .xlsx workbook")
        return True
    return False


def _sniff_delimiter(header: str) -> str:
    """The delimiter of a header line: comma unless the line clearly uses ; tab or | instead."""
    if not header.strip():
        return ","
    try:
        found = csv.Sniffer().sniff(header, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return ","
    return found if found in _DELIMITERS else ","


def _parse_fallback(body: str, delimiter: str, label: str, log: ProblemLog,
                    header_line: int) -> tuple[list[str], list[list[str]]]:
    """The csv module's reading of a file pandas refused (ragged rows); reports every long row."""
    reader = csv.reader(_io.StringIO(body, newline=""), delimiter=delimiter, strict=False)
    with _field_limit(len(body)):
        records = list(reader)
    header = records[0] if records else []
    n = len(header)
    body_rows = records[1:]
    for k, rec in enumerate(body_rows):  # only records longer than the header are looked at closely
        if len(rec) > n:
            extra = rec[n:]
            if any(v.strip() for v in extra):
                first = n + next(j for j, v in enumerate(extra) if v.strip())
                shown = ", ".join(repr(_show(v, 30)) for v in extra if v.strip())
                log.add(label, header_line + 1 + k, None, "error",
                        f"the row has {len(rec)} cells but the header has {n} columns; the cells from column "
                        f"{_letter(first)} on ({shown}) have no header; expected at most {n} cells "
                        f"(put cells that contain '{delimiter}' in double quotes); in lenient mode those cells "
                        "are left out")
            body_rows[k] = rec[:n]
        elif len(rec) < n:  # short rows: the missing cells are blank
            body_rows[k] = rec + [""] * (n - len(rec))
    return header, body_rows


class _FastPathDone(Exception):
    """Internal: the pyarrow fast path read the file."""


def _read_fast(body: str, first_line: str, delimiter: str):
    """Read a well-formed CSV with pyarrow's multithreaded parser (about 10x pandas' C parser).

    Returns ``(header, frame)`` with every cell as text, or ``None`` whenever the file
    has anything the careful path must see (blank lines that shift row numbers, ragged
    rows, a header with a quoted line break): that path then reads it and reports.
    """
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:  # pragma: no cover
        return None
    if len(body) < 1_000_000 or "\n\n" in body or "\r\r" in body or "\n\r\n" in body:
        return None  # small files are fast anyway; blank lines need the careful path's row numbers
    try:
        with _field_limit(len(first_line)):
            header = next(csv.reader([first_line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None
    names = [f"c{j}" for j in range(len(header))]
    try:
        table = pacsv.read_csv(
            _io.BytesIO(body.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, ValueError):
        return None
    frame = pd.DataFrame({j: pd.Series(table.column(j).to_pandas(), dtype="str") for j in range(len(names))})
    return header, frame


def _restore_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Undo the quote that our writers put before cells and headers starting with = + - @ (see docs/exports.md)."""
    names = [str(c) for c in frame.columns]
    if any(n.startswith("'") for n in names):  # headers round-trip too (SECURITY.md)
        frame.columns = restore_cells(pd.Series(names, dtype=object)).tolist()
    for pos in range(frame.shape[1]):
        col = frame.iloc[:, pos]
        text = col if pd.api.types.is_string_dtype(col.dtype) else col.where(col.map(type) == str)
        if text.astype("str").str.startswith("'").fillna(False).any():  # only such columns pay for the fix
            frame.isetitem(pos, restore_cells(col))
    return frame


def read_csv_table(path: Path, log: ProblemLog, *, label: str | None = None, header_line: int = 1,
                   text: str | None = None) -> RawTable | None:
    """Read one CSV as text columns, keeping the spreadsheet row number of every record.

    Parameters
    ----------
    path : pathlib.Path
        The file (read unless ``text`` is given).
    log : ProblemLog
        Where problems go.
    label : str, optional
        What problems call the file (default: the path).
    header_line : int, default 1
        The line of the header (1-based), for files with a preamble such as
        LinkedIn's export. Blank lines before the header are skipped.
    text : str, optional
        The already decoded text of the file.

    Returns
    -------
    RawTable or None
        ``None`` when the file has no header (reported as an error). Record ``k``
        (1-based, after the header) is row ``header_line + k``, as a spreadsheet
        shows it: a cell holding a quoted line break stays one row. Rows whose
        cells are all blank are skipped; the others keep their row numbers.
    """
    label = label or str(path)
    bad_bytes = False
    encoding_bad = "utf-8"
    if text is None:
        _check_regular(path, "a CSV file")
        data = path.read_bytes()
        if not data.strip():
            log.add(label, None, None, "error", _EMPTY_MESSAGE)
            return None
        if _binary_kind(data, label, log):
            return None
        text, encoding, bad = _decode(data)
        if encoding == "cp1252":
            log.add(label, None, None, "warning", _CP1252_MESSAGE)
        bad_bytes = bool(bad)
        encoding_bad = encoding
    if "\x00" in text:  # NUL is never text in a CSV; report the cells that hold it
        text = text.replace("\x00", "\ufffd")
        bad_bytes = True
        encoding_bad = "nul"
    # the header: line `header_line`, or the first non-blank line after it
    pos = 0
    if header_line > 1:
        for k, m in enumerate(_LINE_END.finditer(text), start=2):
            pos = m.end()
            if k == header_line:
                break
        else:
            pos = len(text)
    blank_lead = re.compile(r"[ \t]*(?:\r\n|\n|\r)")
    while True:
        m = blank_lead.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        header_line += 1
    body = text[pos:]
    if not body.strip():
        log.add(label, None, None, "error", _EMPTY_MESSAGE)
        return None
    first_line = _LINE_END.split(body, maxsplit=1)[0]
    delimiter = _sniff_delimiter(first_line[:100_000])
    if first_line.count(delimiter) >= MAX_COLUMNS:  # cheap upper bound first; quoted delimiters counted exactly
        try:
            with _field_limit(len(first_line)):
                width = len(next(csv.reader([first_line], delimiter=delimiter)))
        except (csv.Error, StopIteration):
            width = first_line.count(delimiter) + 1
        if width > MAX_COLUMNS:
            log.add(label, header_line, None, "error", _too_wide(width))
            return None
    header: list[str]
    fast = _read_fast(body, first_line, delimiter)
    if fast is not None:
        header, frame = fast
        body_values = None
    else:
        header, frame, body_values = None, None, None
    try:
        if fast is not None:
            raise _FastPathDone
        frame = pd.read_csv(_io.StringIO(body), sep=delimiter, header=None, dtype=str, keep_default_na=False,
                            na_filter=False, skip_blank_lines=False, index_col=False, engine="c",
                            quoting=csv.QUOTE_MINIMAL)
        header = [str(v) for v in frame.iloc[0].tolist()] if len(frame) else []
        frame = frame.iloc[1:]
        body_values = None
    except _FastPathDone:
        pass
    except pd.errors.EmptyDataError:
        log.add(label, None, None, "error", _EMPTY_MESSAGE)
        return None
    except pd.errors.ParserError as exc:
        m = re.search(r"EOF inside string starting at row (\d+)", str(exc))
        if m:
            log.add(label, header_line + int(m.group(1)), None, "error",
                    "a cell opens a double quote that is never closed, so the rest of the file was read into "
                    "this one cell; expected quotes in pairs (write a quote inside a quoted cell as \"\")")
        try:
            header, body_values = _parse_fallback(body, delimiter, label, log, header_line)
        except csv.Error as exc2:
            log.add(label, None, None, "error", f"cannot be read as CSV ({exc2}); expected a CSV file as a "
                    "spreadsheet program saves it")
            return None
    names = [h if h.strip() else f"Unnamed: {j}" for j, h in enumerate(header)]
    if body_values is not None:
        frame = pd.DataFrame(body_values, columns=range(len(names)), dtype="str") if body_values else None
        if frame is None:
            frame = pd.DataFrame({j: pd.Series([], dtype="str") for j in range(len(names))})
        frame = frame.fillna("")
    frame = frame.reset_index(drop=True)
    frame.columns = names
    rows = np.arange(len(frame), dtype=np.int64) + header_line + 1
    if len(frame.columns) and len(frame):
        blank = np.ones(len(frame), dtype=bool)
        for j in range(len(frame.columns)):
            col = frame.iloc[:, j]
            blank &= (col.str.strip() == "").to_numpy(dtype=bool)
        if blank.any():
            frame = frame[~blank].reset_index(drop=True)
            rows = rows[~blank]
    if bad_bytes:
        _report_bad_cells(frame, names, rows, header_line, label, log, encoding_bad)
    return RawTable(_restore_formulas(frame), label, rows, header_row=header_line)


def _report_bad_cells(frame, names, rows, header_line, label, log, encoding):
    """One error per cell that holds an undecodable byte (now U+FFFD)."""
    for j, h in enumerate(names):
        if "\ufffd" in h:
            log.add(label, header_line, None, "error",
                    f"the header '{_show(h)}' (column {_letter(j)}) " + _bad_cell_text(encoding))
    for j, name in enumerate(names):
        col = frame.iloc[:, j]
        hit = col.str.contains("\ufffd", regex=False).to_numpy(dtype=bool)
        if hit.any():
            log.add_many(label, rows[hit], name, "error",
                         [f"'{_show(v)}' " + _bad_cell_text(encoding) for v in col[hit]])


def _bad_cell_text(encoding: str) -> str:
    if encoding == "nul":
        return ("holds NUL bytes (0x00) or bytes that are not valid text (shown as \ufffd); expected a text CSV "
                "saved as UTF-8 (Excel: Save As 'CSV UTF-8'); in lenient mode the cell is kept as shown")
    kind = "UTF-8" if encoding == "utf-8" else "UTF-8 or Windows-1252"
    return (f"holds bytes that are not valid {kind} text (shown as \ufffd); expected the file saved as "
            "UTF-8 (Excel: Save As 'CSV UTF-8'); in lenient mode the cell is kept as shown")


def _check_regular(path: Path, expected: str) -> None:
    """Refuse a FIFO, device or socket at once (reading one would block or never end)."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # missing: the caller's own error
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise SchemaError(f"{path}: not a regular file (a FIFO, device or socket); expected {expected}")


def _same_name_error(where, kind: str, names: list[str], table: str) -> SchemaError:
    shown = " and ".join(repr(n) for n in names)
    return SchemaError(f"{where}: the {kind}s {shown} both name the {table} table (their names differ only by "
                       f"case or spaces); expected one {kind} per table: rename or remove all but one")


def _read_folder(folder: Path, log: ProblemLog, bar=_progress.NO_PROGRESS) -> dict[str, RawTable | None]:
    entries = sorted((p for p in folder.iterdir() if p.suffix.strip().lower() == ".csv"), key=lambda p: p.name)
    by_table: dict[str, list[Path]] = {}
    for p in entries:
        by_table.setdefault(Path(p.name.strip()).stem.strip().lower(), []).append(p)
    for name in TABLES:
        same = by_table.get(name, [])
        if len(same) > 1:
            raise _same_name_error(folder, "file", [p.name for p in same], name)
        for p in same:
            _check_regular(p, f"{name}.csv, a CSV file")
            if p.is_dir():
                raise SchemaError(f"{p}: a folder; expected {name}.csv to be a CSV file")
    csvs = [p for p in entries if p.is_file()]
    found = {k: v[0] for k, v in by_table.items() if v and v[0].is_file()}
    if "contacts" not in found:
        others = ", ".join(p.name for p in csvs) or "no CSV files"
        raise SchemaError(f"{folder}: no contacts.csv; expected contacts.csv (and introductions.csv, "
                          f"optionally meetings.csv); found {others}")
    tables: dict[str, RawTable | None] = {}
    for name in TABLES:
        path = found.get(name)
        bar.stage(f"reading {path.name if path is not None else name}")
        tables[name] = read_csv_table(path, log) if path is not None else None
    _report_unused(str(folder), "CSV file",
                   [p.name for p in csvs if Path(p.name.strip()).stem.strip().lower() not in TABLES],
                   "introductions" in found, log, file_of=lambda t: f"{t}.csv")
    return tables


def _report_unused(where: str, kind: str, unused: list[str], has_introductions: bool, log: ProblemLog, *,
                   file_of) -> None:
    """Warn about a missing introductions table and about files or sheets that are not read."""
    if not has_introductions:
        log.add(where, None, None, "warning",
                f"no {file_of('introductions')}; the network is loaded without introductions"
                + (f" (found {kind}s {', '.join(map(repr, unused))}, which are not read; expected the names "
                   "contacts, introductions, meetings)" if unused else ""))
        return
    for name in unused:
        log.add(where, None, None, "warning",
                f"{kind} {name!r} is not read; expected only contacts, introductions and meetings")


def _sheet_sizes(path: Path) -> dict[str, int]:
    """Uncompressed size of each worksheet part of the workbook's zip (0 when it cannot be told)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            return {i.filename: i.file_size for i in z.infolist() if i.filename.startswith("xl/worksheets/")}
    except (zipfile.BadZipFile, OSError, ValueError):
        return {}


def _dimension(ws) -> tuple[int, int] | None:
    """``(rows, columns)`` as the sheet's own ``<dimension>`` states it, or None when absent or unreadable."""
    try:
        ref = ws.calculate_dimension(force=False) if hasattr(ws, "calculate_dimension") else None
    except Exception:  # noqa: BLE001 - openpyxl raises ValueError for an unsized sheet
        ref = None
    if not ref or ":" not in ref:
        return None
    from openpyxl.utils.cell import range_boundaries

    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
    except Exception:  # noqa: BLE001
        return None
    if max_row is None or max_col is None:
        return None
    return max_row, max_col


def _read_workbook(path: Path, log: ProblemLog, bar=_progress.NO_PROGRESS) -> dict[str, RawTable | None]:
    import openpyxl

    size = _progress.source_bytes(path)
    if size > _limits.XLSX_READ_WARN_BYTES:
        _limits.warn_slow(_limits.xlsx_read_message(path, size), stacklevel=4)
    with warnings.catch_warnings(record=True) as caught:  # openpyxl's warnings become problems, without its paths
        warnings.simplefilter("always")
        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a damaged file
            raise SchemaError(f"{path}: not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from exc
        try:
            tables = _read_sheets(book, path, log, bar)
        finally:
            book.close()
    for w in caught:
        if issubclass(w.category, (ReferralGraphWarning,)):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
            continue
        text = " ".join(str(w.message).split())
        log.add(str(path), None, None, "warning", f"the workbook has something openpyxl cannot read and skips: "
                f"{text}")
    return tables


def _duration(seconds: float) -> str:
    return f"{max(seconds, 1):.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"


def _read_sheets(book, path: Path, log: ProblemLog, bar) -> dict[str, RawTable | None]:
    by_table: dict[str, list[str]] = {}
    for sheet in book.sheetnames:
        by_table.setdefault(sheet.strip().lower(), []).append(sheet)
    for name in TABLES:
        if len(by_table.get(name, [])) > 1:
            raise _same_name_error(path, "sheet", by_table[name], name)
    sheets = {k: v[0] for k, v in by_table.items()}
    if "contacts" not in sheets:
        raise SchemaError(f"{path}: no sheet named 'contacts'; expected sheets contacts, introductions "
                          f"(and optionally meetings); found {', '.join(map(repr, book.sheetnames))}")
    cells = 0
    worksheets = {}
    for name in TABLES:
        if name not in sheets:
            continue
        try:
            ws = book[sheets[name]]
        except Exception as exc:  # noqa: BLE001 - a damaged sheet part
            raise SchemaError(f"{path} [{sheets[name]}]: the sheet cannot be read ({type(exc).__name__}: {exc}); "
                              "expected a workbook as Excel or LibreOffice saves it") from None
        dim = _dimension(ws)
        if dim is not None:
            rows, cols = dim
            if rows > XLSX_SHEET_ROWS or cols > 16_384:
                raise SizeLimitError(f"{path} [{sheets[name]}]: the sheet says it holds {rows:,} rows and {cols:,} "
                                     f"columns; an .xlsx sheet holds at most {XLSX_SHEET_ROWS:,} rows and 16,384 "
                                     "columns, so the file is damaged or built to exhaust memory; expected a "
                                     "workbook as Excel saves it (or a folder of CSV files)")
            cells += rows * min(cols, MAX_COLUMNS)
        worksheets[name] = ws
    if cells > XLSX_WARN_CELLS:
        _limits.warn_slow(f"reading the workbook {path} means parsing about {cells:,} cells, which takes about "
                          f"{_duration(cells / XLSX_CELLS_PER_SECOND)}; saved as a folder of CSV files it "
                          "loads in seconds: rg.save(net, 'folder') once, or in Excel: Save As 'CSV UTF-8' "
                          "for each sheet", stacklevel=6)
    tables: dict[str, RawTable | None] = {}
    for name in TABLES:
        bar.stage(f"reading sheet {sheets.get(name, name)!r}")
        if name not in worksheets:
            tables[name] = None
            continue
        tables[name] = _read_sheet(worksheets[name], f"{path} [{sheets[name]}]", log)
    _report_unused(str(path), "sheet", [s for s in book.sheetnames if s.strip().lower() not in TABLES],
                   "introductions" in sheets, log, file_of=lambda t: f"sheet named {t!r}")
    return tables


def _is_blank_cell(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _read_sheet(ws, label: str, log: ProblemLog) -> RawTable | None:
    """One worksheet as a RawTable: the first non-empty row is the header; rows keep their sheet numbers."""
    values = []
    try:
        for r in ws.iter_rows(values_only=True):
            values.append(r)
            if len(values) > XLSX_SHEET_ROWS:
                raise SizeLimitError(f"{label}: more than {XLSX_SHEET_ROWS:,} rows, more than an .xlsx sheet holds; "
                                     "expected a workbook as Excel saves it (or a folder of CSV files)")
            if len(values) == 1 and len(r) > MAX_COLUMNS and sum(v is not None for v in r) > MAX_COLUMNS:
                log.add(label, 1, None, "error", _too_wide(sum(v is not None for v in r)))
                return None
    except SizeLimitError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises ValueError, KeyError, IndexError... for damaged cells
        row = len(values) + 1
        log.add(label, row, None, "error",
                f"the cells of this row cannot be read ({type(exc).__name__}: {_show(str(exc), 80)}), so it and the "
                "rows below it are left out; expected cells as Excel writes them (damaged dates, numbers or "
                "shared strings: open and save the workbook in Excel or LibreOffice again)")
    header_at = next((k for k, r in enumerate(values) if not all(_is_blank_cell(v) for v in r)), None)
    if header_at is None:
        log.add(label, None, None, "error", "the sheet is empty; expected a header row naming the columns, then one row per record")
        return None
    header = ["" if _is_blank_cell(v) else str(v) for v in values[header_at]]
    body, rows = [], []
    width = len(header)
    for k, r in enumerate(values[header_at + 1:], start=header_at + 2):
        if all(_is_blank_cell(v) for v in r):
            continue
        last = max(j for j, v in enumerate(r) if not _is_blank_cell(v))
        width = max(width, last + 1)  # data beyond the header: reported as a column without header
        body.append(r)
        rows.append(k)
    header = header + [""] * (width - len(header))
    while header and header[-1] == "" and width > len(header):
        header.pop()
    names = [h if h.strip() else f"Unnamed: {j}" for j, h in enumerate(header)]
    body = [list(r[:width]) + [None] * (width - len(r)) for r in body]
    frame = pd.DataFrame(body, columns=range(width), dtype=object) if body else pd.DataFrame(
        {j: pd.Series([], dtype=object) for j in range(width)})
    frame.columns = names
    _unescape_ooxml(frame)
    return RawTable(_restore_formulas(frame), label, np.asarray(rows, dtype=np.int64), header_row=header_at + 1)


def _unescape_ooxml(frame: pd.DataFrame) -> None:
    """Turn OOXML escapes (``_x000D_`` for a carriage return, ``_x005F_`` for ``_``) back into text, in place.

    Excel and xlsxwriter write characters XML would change (``\\r``) that way; openpyxl
    hands them over as they are.
    """
    from openpyxl.utils.escape import unescape

    names = [str(c) for c in frame.columns]
    if any(_OOXML_ESCAPE.search(n) for n in names):
        frame.columns = [unescape(n) if _OOXML_ESCAPE.search(n) else n for n in names]
    for pos in range(frame.shape[1]):
        col = frame.iloc[:, pos]
        if col.dtype != object:
            continue
        hit = [isinstance(v, str) and "_x" in v and _OOXML_ESCAPE.search(v) is not None for v in col.tolist()]
        if any(hit):
            values = col.to_numpy(copy=True)
            for k in np.flatnonzero(hit).tolist():
                values[k] = unescape(values[k])
            frame.isetitem(pos, pd.Series(values, index=frame.index, dtype=object))


def _read_parquet_folder(folder: Path, log: ProblemLog, bar=_progress.NO_PROGRESS) -> dict[str, RawTable | None]:
    """A folder of ``<table>.parquet`` files: the same tables, columns and rules as the CSV folder."""
    files = sorted((p for p in folder.iterdir() if p.suffix.lower() == ".parquet" and p.is_file()),
                   key=lambda p: p.name)
    found: dict[str, Path] = {}
    for p in files:
        key = p.stem.strip().lower()
        if key in found:
            raise SchemaError(f"{folder}: {found[key].name} and {p.name} differ only by case or spaces; expected "
                              "one file per table")
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
    _report_unused(str(folder), "Parquet file", [p.name for p in files if p.stem.strip().lower() not in TABLES],
                   "introductions" in found, log, file_of=lambda t: f"{t}.parquet")
    return tables


def _folder_kind(folder: Path) -> str:
    """``"parquet"`` for a folder holding contacts.parquet (and no contacts.csv), else ``"csv"``."""
    names = {p.name.strip().lower(): p.name for p in folder.iterdir()}
    if "contacts.parquet" not in names:
        return "csv"
    if "contacts.csv" in names:
        raise SchemaError(f"{folder}: holds both {names['contacts.csv']} and {names['contacts.parquet']}; expected "
                          "one format per folder (CSV or Parquet files)")
    return "parquet"


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
        raise SchemaError(f"{path}: a single CSV file; expected the folder that holds contacts.csv "
                          "(and introductions.csv), or an .xlsx workbook (use read_linkedin for a LinkedIn export)")
    raise SchemaError(f"{path}: unknown kind of source; expected a folder of CSV files or an .xlsx workbook")


def _validation_error(problems: pd.DataFrame) -> ValidationError:
    """A ValidationError over ``problems``; rows without a number (whole-file problems) show none."""
    shown = problems.assign(row=problems["row"].astype(object).where(problems["row"].notna(), None))
    exc = ValidationError(shown)
    exc.problems = problems
    return exc


def _build(tables: dict, log: ProblemLog, *, strict: bool, date_format, dayfirst, today,
           bar=_progress.NO_PROGRESS) -> ReferralNetwork:
    if tables.get("contacts") is None:
        raise _validation_error(log.to_frame())
    intro = tables.get("introductions")
    if intro is None or len(intro.frame) == 0:
        from_column = introductions_from_contacts(tables["contacts"])
        if from_column is not None and len(from_column.frame):
            tables = {**tables, "introductions": from_column}
            log.discard_messages("the network is loaded without introductions")
    bar.stage("validating")
    norm = normalize_tables(tables["contacts"], tables.get("introductions"), tables.get("meetings"), log,
                            date_format=date_format, dayfirst=dayfirst, today=today)
    if norm is None:
        raise _validation_error(log.to_frame())
    bar.stage("building the trees")
    net = ReferralNetwork(norm.contacts, norm.introductions, norm.meetings, files=norm.files, rows=norm.rows,
                          problems=log, codes=norm.codes)
    if strict and (net.problems["severity"] == "error").any():
        raise _validation_error(net.problems)
    return net


def load(source: PathLike, *, strict: bool = True, date_format: str | None = None,
         dayfirst: bool | None = None, today=None, progress: bool | None = None) -> ReferralNetwork:
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

    Returns
    -------
    ReferralNetwork

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
    log = ProblemLog()
    if not _progress.wants_progress(progress, _progress.source_bytes(source)):
        tables = _read_source(source, log)
        return _build(tables, log, strict=strict, date_format=date_format, dayfirst=dayfirst, today=today)
    with _progress.Stages(len(TABLES) + 2, f"loading {Path(source).name}") as bar:
        tables = _read_source(source, log, bar)
        return _build(tables, log, strict=strict, date_format=date_format, dayfirst=dayfirst, today=today,
                      bar=bar)


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
            raise ArgumentTypeError(f"{name} must be a pandas DataFrame (got {type(frame).__name__})")
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
    >>> _ = rg.save(rg.demo(), folder, overwrite=True)
    >>> rg.validate(folder).query("severity == 'error'").empty
    True
    """
    if isinstance(source, ReferralNetwork):
        return source.problems
    log = ProblemLog()
    try:
        tables = _read_source(source, log)
        net = _build(tables, log, strict=False, date_format=date_format, dayfirst=dayfirst, today=today)
    except (SchemaError, SizeLimitError) as exc:
        log.add(str(source), None, None, "error", str(exc).split(": ", 1)[-1])
        return log.to_frame()
    except ValidationError as exc:
        return exc.problems.reset_index(drop=True)
    return net.problems


#: formats :func:`save` writes; ``csv``, ``parquet`` and ``xlsx`` are the ones :func:`referralgraph.load` reads
FORMATS = ("csv", "parquet", "xlsx", "json", "graphml", "gexf")
_BY_SUFFIX = {".xlsx": "xlsx", ".json": "json", ".graphml": "graphml", ".gexf": "gexf", ".parquet": "parquet"}
_FOLDER_FORMATS = ("csv", "parquet")
_XLSX_MAX_ROWS = 1_048_575  # below the header row
_XLSX_MAX_CHARS = 32_767
_XLSX_SLOW_CELLS = 10_000_000  # written at about 10^6 cells a second on a 2-core machine (openpyxl: 10^4)
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # tab, \n and \r are kept

# ---------------------------------------------------------------------------- save
@share_docs
def save(net: ReferralNetwork, path: PathLike, *, format: str | None = None, overwrite: bool = False,
         anonymize: bool = False, neutralize_formulas: bool = True) -> Path:
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
    path = Path(path)
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
        raise SchemaError(f"{path}: cannot tell the format from the suffix {path.suffix!r}; expected a folder "
                          "path without a suffix (CSV files) or ending in .parquet (Parquet files), or a name "
                          f"ending in .xlsx, .json, .graphml or .gexf, or format= one of {', '.join(FORMATS)}")
    if fmt in _FOLDER_FORMATS and path.exists() and not path.is_dir():
        raise SchemaError(f"{path} is a file; expected a folder to hold contacts.{fmt}, introductions.{fmt} "
                          f"and meetings.{fmt}")
    if fmt not in _FOLDER_FORMATS and path.is_dir():
        raise SchemaError(f"{path} is a folder; expected the path of a {fmt} file")
    if fmt == "xlsx" and path.suffix.lower() != ".xlsx":
        raise SchemaError(f"{path}: a workbook must end in .xlsx (that is how load recognises it); "
                          f"got the suffix {path.suffix or '(none)'!r}")
    if fmt not in _FOLDER_FORMATS and not path.parent.is_dir():
        raise FileNotFoundError(f"{path.parent}: no such folder; expected an existing folder to write "
                                f"{path.name} into")
    return fmt


# ---------------------------------------------------------------------------- cells
def _csv_cells(frame: pd.DataFrame, *, neutralize: bool):
    """The table as text cells, the way the input format writes it (see :mod:`.tabular`)."""
    return table_cells(_fold_handwritten(frame), neutralize=neutralize)


def _csv_frame(frame: pd.DataFrame, *, neutralize: bool) -> pd.DataFrame:
    """:func:`_csv_cells` as a pandas DataFrame of strings (for code that edits cells)."""
    return _csv_cells(frame, neutralize=neutralize).to_pandas()


def _tables(net: ReferralNetwork) -> dict[str, pd.DataFrame]:
    return {"contacts": net._contacts, "introductions": net._introductions, "meetings": net._meetings}


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
        raise SchemaError(f"{folder} is a file; expected a folder to hold "
                          f"{', '.join(f'{t}.{suffix}' for t in cells)}")
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
    return OverwriteError(f"{names} already exist{'s' if len(paths) == 1 else ''}; expected a folder without "
                          f"contacts.{suffix}, introductions.{suffix} or meetings.{suffix}, or pass overwrite=True "
                          "(CLI: --force) to replace them")


def _save_folder(net: ReferralNetwork, folder: Path, *, overwrite: bool, neutralize: bool) -> Path:
    cells = {t: _csv_cells(f, neutralize=neutralize) for t, f in _tables(net).items()}
    return _write_csv_folder(folder, cells, overwrite=overwrite)


def _save_parquet_folder(net: ReferralNetwork, folder: Path, *, overwrite: bool) -> Path:
    """``<table>.parquet`` files, all-or-nothing like the CSV folder; column types kept, never neutralised."""
    import pyarrow.parquet as pq

    from .tabular import arrow_table

    tables = {t: _fold_handwritten(f) for t, f in _tables(net).items()}
    return _write_csv_folder(folder, tables, overwrite=overwrite, suffix="parquet",
                             write=lambda handle, frame: pq.write_table(arrow_table(frame), handle, compression="zstd"))


# ---------------------------------------------------------------------------- workbook
_EXCEL_EPOCH = np.datetime64("1899-12-30", "ns")
_EXCEL_SAFE_FROM = np.datetime64("1900-03-01", "ns")  # before it Excel's serials carry the 1900 leap-year bug
_OOXML_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")


def _save_workbook(net: ReferralNetwork, path: Path, *, overwrite: bool, neutralize: bool) -> Path:
    """The three tables as sheets: xlsxwriter writes the package, the cells are built column by column with Arrow.

    Text cells are always inline strings (ids stay text; nothing becomes a formula or
    a number); dates are date cells (``yyyy-mm-dd``, with ``hh:mm:ss`` when there is a
    time); booleans boolean cells. Line ends inside cells are kept (``\\r`` is written
    as OOXML ``_x000D_``, which Excel and the reader turn back into ``\\r``).
    """
    import zipfile

    import xlsxwriter

    check_target(path, overwrite=overwrite)
    tables = {t: _fold_handwritten(f) for t, f in _tables(net).items()}
    for table, frame in tables.items():
        if len(frame) > _XLSX_MAX_ROWS:
            raise SizeLimitError(f"{table} has {len(frame):,} rows; an .xlsx sheet holds at most "
                                 f"{_XLSX_MAX_ROWS:,} below its header; save as a folder of CSV files "
                                 "(format='csv', CLI: --to csv) instead")
    removed = [0]
    sheets = {t: _sheet_rows(t, f, neutralize=neutralize, removed=removed) for t, f in tables.items()}
    cells = sum(f.shape[0] * f.shape[1] for f in tables.values())
    if cells > _XLSX_SLOW_CELLS:
        warnings.warn(f"writing {cells:,} cells to an .xlsx workbook takes minutes (about 10^6 cells a second to "
                      "write; spreadsheets and rg.load take far longer to read it back); a folder of CSV files "
                      "(format='csv', CLI: --to csv) takes seconds", stacklevel=3)
    with atomic_path(path, overwrite=overwrite) as tmp:
        skeleton = _io.BytesIO()
        book = xlsxwriter.Workbook(skeleton, {"in_memory": True})
        day = book.add_format({"num_format": "yyyy-mm-dd"})  # cell style 1
        stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})  # cell style 2
        for k, table in enumerate(sheets):
            sheet = book.add_worksheet(table)
            sheet.freeze_panes(1, 0)
            if k == 0:  # so that both formats are in styles.xml; the sheet data is replaced below
                sheet.write_number(0, 0, 1, day)
                sheet.write_number(0, 1, 1, stamp)
        book.close()
        with zipfile.ZipFile(skeleton) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
            by_sheet = {f"xl/worksheets/sheet{k + 1}.xml": t for k, t in enumerate(sheets)}
            for info in src.infolist():
                data = src.read(info.filename)
                if info.filename not in by_sheet:
                    out.writestr(info, data)
                    continue
                table = by_sheet[info.filename]
                ref, pieces = sheets[table]
                xml = data.decode("utf-8")
                head, rest = xml.split("<sheetData", 1)
                tail = rest.split("</sheetData>", 1)[1] if "</sheetData>" in rest else rest.split("/>", 1)[1]
                head = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>', head)
                with out.open(info.filename, "w", force_zip64=True) as f:  # deflated at the archive's level
                    f.write((head + "<sheetData>").encode("utf-8"))
                    for piece in pieces:
                        f.write(piece)
                    f.write(("</sheetData>" + tail).encode("utf-8"))
    if removed[0]:
        warnings.warn(f"{removed[0]} cell{'s' if removed[0] != 1 else ''} held control characters that an .xlsx "
                      "file cannot store; they were removed (a folder of CSV files keeps them)", stacklevel=3)
    return path


def _col_letter(j: int) -> str:
    out, j = "", j + 1
    while j:
        j, r = divmod(j - 1, 26)
        out = chr(65 + r) + out
    return out


def _ooxml_text(arr):
    """Escape an Arrow text column for an inline string: XML markup, ``_xHHHH_`` look-alikes, carriage returns."""
    import pyarrow.compute as pc

    if len(arr) == 0 or not pc.any(pc.match_substring_regex(arr, "[&<>\r]|_x[0-9A-Fa-f]{4}_")).as_py():
        return arr
    arr = pc.replace_substring(arr, "&", "&amp;")
    arr = pc.replace_substring(arr, "<", "&lt;")
    arr = pc.replace_substring(arr, ">", "&gt;")
    arr = pc.replace_substring_regex(arr, "_(x[0-9A-Fa-f]{4}_)", "_x005F_\\1")
    return pc.replace_substring(arr, "\r", "_x000D_")


def _sheet_rows(table: str, frame: pd.DataFrame, *, neutralize: bool, removed: list):
    """``(dimension, [bytes pieces of <row> elements])`` of one sheet, header row first."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from .tabular import _float_text

    n, width = frame.shape
    header = [str(c) for c in frame.columns]
    if neutralize:
        header = neutralize_cells(pd.Series(header, dtype=object)).tolist()
    letters = [_col_letter(j) for j in range(max(width, 1))]
    head_cells = "".join(f'<c r="{letters[j]}1" t="inlineStr"><is><t xml:space="preserve">'
                         f"{_ooxml_text(pa.array([_XLSX_ILLEGAL.sub('', h)]))[0].as_py()}</t></is></c>"
                         for j, h in enumerate(header))
    pieces = [f'<row r="1">{head_cells}</row>'.encode("utf-8")]
    dimension = f"A1:{letters[max(width, 1) - 1]}{n + 1}"
    if n == 0 or width == 0:
        return dimension, pieces
    rownum = pc.cast(pa.array(np.arange(2, n + 2, dtype=np.int64)), pa.string())
    empty = pa.scalar("", pa.string())

    def number_cells(letter, serial_text, style, present):
        ref = pc.binary_join_element_wise(letter, rownum, "")
        cell = pc.binary_join_element_wise('<c r="', ref, f'" s="{style}"><v>', serial_text, "</v></c>", "")
        return pc.if_else(present, cell, empty)

    def date_cells(letter, values):
        v = values.to_numpy(dtype="datetime64[ns]")
        nat = np.isnat(v)
        early = ~nat & (v < _EXCEL_SAFE_FROM)
        serial = np.where(nat | early, 0.0,
                          (v - _EXCEL_EPOCH).astype("timedelta64[ns]").view("i8").astype(np.float64) / 86_400e9)
        whole = (v.view("i8") % 86_400_000_000_000) == 0
        text = _float_text(serial)
        cells = pc.if_else(pa.array(whole), number_cells(letter, text, 1, pa.array(~nat)),
                           number_cells(letter, text, 2, pa.array(~nat)))
        if early.any():  # before Excel's calendar is reliable: ISO text, which the reader parses as a date
            from .tabular import _iso_dates

            iso = _iso_dates(pd.Series(v))
            text_cell = pc.binary_join_element_wise('<c r="', pc.binary_join_element_wise(letter, rownum, ""),
                                                    '" t="inlineStr"><is><t>', iso, "</t></is></c>", "")
            cells = pc.if_else(pa.array(early), text_cell, cells)
        return cells

    def bool_cells(letter, values):
        b = values.astype("boolean")
        ref = pc.binary_join_element_wise(letter, rownum, "")
        v = pa.array(np.where(b.fillna(False).to_numpy(dtype=bool), "1", "0"), type=pa.string())
        cell = pc.binary_join_element_wise('<c r="', ref, '" t="b"><v>', v, "</v></c>", "")
        return pc.if_else(pa.array(b.notna().to_numpy()), cell, empty)

    columns = []
    for j in range(width):
        values = frame.iloc[:, j]
        letter = letters[j]
        if pd.api.types.is_datetime64_any_dtype(values.dtype):
            columns.append(date_cells(letter, values))
        elif pd.api.types.is_bool_dtype(values.dtype):
            columns.append(bool_cells(letter, values))
        elif header[j] == "handwritten_note" and not pd.api.types.is_bool_dtype(values.dtype):
            text = values.astype("str")
            flag = text.isin(["true", "false"]).to_numpy()
            dated = pd.to_datetime(text.where(~text.isin(["true", "false"]) & text.notna() & (text != "")),
                                   format="ISO8601")
            columns.append(pc.if_else(pa.array(flag), bool_cells(letter, (text == "true").where(flag)),
                                      date_cells(letter, dated)))
        else:
            cells, bad = _xlsx_text(values, table, header[j], neutralize=neutralize)
            removed[0] += bad
            ref = pc.binary_join_element_wise(letter, rownum, "")
            cell = pc.binary_join_element_wise('<c r="', ref, '" t="inlineStr"><is><t xml:space="preserve">',
                                               _ooxml_text(cells), "</t></is></c>", "")
            columns.append(pc.fill_null(cell, ""))
    large = pa.large_string()
    rows = pc.binary_join_element_wise(pa.scalar('<row r="', large), pc.cast(rownum, large), pa.scalar('">', large),
                                       *[pc.cast(c, large) for c in columns], pa.scalar("</row>", large),
                                       pa.scalar("", large))
    if isinstance(rows, pa.ChunkedArray):
        rows = rows.combine_chunks()
    offsets = np.frombuffer(rows.buffers()[1], dtype=np.int64)[rows.offset:rows.offset + len(rows) + 1]
    pieces.append(memoryview(rows.buffers()[2])[int(offsets[0]):int(offsets[-1])])
    return dimension, pieces


def _xlsx_text(values: pd.Series, table: str, col: str, *, neutralize: bool):
    """A text column as Arrow strings (null where missing), neutralised, without characters xlsx cannot hold."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = values if _is_text(values) else values.astype("str").mask(values.isna())
    if values.dtype == object:
        text = pd.Series([v if v is None or isinstance(v, str) or v != v else str(v) for v in values.tolist()],
                         index=values.index, dtype="str")
    if neutralize:
        text = neutralize_cells(text)
    arr = pa.array(pd.Series(text, dtype="str"), type=pa.string())
    removed = 0
    if len(arr):
        bad = pc.match_substring_regex(arr, "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]")
        removed = pc.sum(bad).as_py() or 0
        if removed:
            arr = pc.replace_substring_regex(arr, "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]", "")
        lengths = pc.fill_null(pc.utf8_length(arr), 0).to_numpy(zero_copy_only=False)
        long = lengths > _XLSX_MAX_CHARS
        if long.any():
            k = int(np.flatnonzero(long)[0])
            raise SizeLimitError(f"{table} row {k + 2}, column '{col}' has {int(lengths[k]):,} "
                                 f"characters; an .xlsx cell holds at most {_XLSX_MAX_CHARS:,}; save as a folder of "
                                 "CSV files (format='csv', CLI: --to csv) instead")
    return arr, removed


def _is_text(values: pd.Series) -> bool:
    return values.dtype == object or pd.api.types.is_string_dtype(values.dtype)
