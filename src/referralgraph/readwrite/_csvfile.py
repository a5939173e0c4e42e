"""CSV files: decoding and reading a table file (what :func:`~referralgraph.load` uses for a folder of CSV files)."""

from __future__ import annotations

import contextlib
import csv
import io as _io
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .. import _progress
from .._problems import ProblemLog
from ..exceptions import SchemaError
from ..model.privacy import restore_cells
from ._schema import TABLES
from .validation import RawTable, _letter, _show


_CP1252_MESSAGE = ("not UTF-8; read as Windows-1252 (cp1252), as older Excel versions save CSV; "
                   "expected UTF-8 (Excel: Save As 'CSV UTF-8')")
_BOMS_UTF16 = (b"\xff\xfe", b"\xfe\xff")
_DELIMITERS = ",;\t|"
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
_LINE_END = re.compile(r"\r\n|\n|\r")
_BAD_BYTE = re.compile("[\udc80-\udcff]")
_EMPTY_MESSAGE = "the file is empty; expected a header line naming the columns, then one line per row"
#: a table may have at most this many columns (the schema has about 20; see docs/limits.md)
MAX_COLUMNS = 1000


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

