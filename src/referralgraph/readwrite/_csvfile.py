"""CSV files, byte for byte: decoding and reading a table file, and appending rows to one without rewriting it.

The reading half is what :func:`~referralgraph.load` uses for a folder of CSV files; the
appending half (:func:`_write_folder`) is what :func:`~referralgraph.append_meeting` and
friends use to add a row while every other byte of the file stays as it was.
"""

from __future__ import annotations

import contextlib
import csv
import io as _io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from pathlib import Path

import numpy as np
import pandas as pd

from .. import _progress
from .._problems import ProblemLog
from ..exceptions import SchemaError
from ..model.privacy import neutralize_cells, restore_cells
from ._plan import _cell_text, _missing, _Plan
from ._schema import COLUMNS, READ_TABLES as TABLES, canonical
from .validation import RawTable, _letter, _show


_CP1252_MESSAGE = (
    "not UTF-8; read as Windows-1252 (cp1252), as older Excel versions save CSV; "
    "expected UTF-8 (Excel: Save As 'CSV UTF-8')"
)
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
    return (
        f"the header has {n:,} columns; expected at most {MAX_COLUMNS:,} (the tables have about 20 columns "
        "plus your own; see docs/limits.md)"
    )


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


def utf16_without_bom(data: bytes) -> str | None:
    """``"UTF-16 LE"``/``"UTF-16 BE"`` when ``data`` looks like UTF-16 text without a byte-order mark, else None.

    Text in UTF-16 has a NUL byte beside almost every ASCII character, on the odd bytes (LE)
    or the even ones (BE); no CSV or vCard in another encoding looks like that.
    """
    head = data[:4096]
    if len(head) < 4 or head[:2] in _BOMS_UTF16 or b"\x00" not in head:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "UTF-16 LE"
    if even.count(0) >= 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "UTF-16 BE"
    return None


UTF16_MESSAGE = (
    "the file is {kind} text without a byte-order mark; expected UTF-8 (in Excel: Save As "
    '"CSV UTF-8"; elsewhere: save with encoding UTF-8)'
)


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
    return (
        f"byte{'s' if len(values) > 1 else ''} {shown} {'are' if len(values) > 1 else 'is'} not valid {kind} "
        "text (read as \ufffd); expected a CSV saved as UTF-8 (Excel: Save As 'CSV UTF-8')"
    )


def _binary_kind(data: bytes, file: str, log: ProblemLog) -> bool:
    """Report a workbook or other binary file that was given a .csv name."""
    kind = utf16_without_bom(data)
    if kind:  # one line naming the encoding, not a NUL-byte error on every line
        log.add(file, None, None, "error", UTF16_MESSAGE.format(kind=kind))
        return True
    if data[:4] == b"PK\x03\x04":
        log.add(
            file,
            None,
            None,
            "error",
            "this is an Excel workbook (.xlsx) or other zip file, not CSV text; "
            "expected a CSV file (Excel: Save As 'CSV UTF-8'), or pass the .xlsx workbook itself to load()",
        )
        return True
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        log.add(
            file,
            None,
            None,
            "error",
            "this is an old Excel workbook (.xls), not CSV text; expected a CSV "
            "file (Excel: Save As 'CSV UTF-8') or an .xlsx workbook",
        )
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


def _parse_fallback(
    body: str, delimiter: str, label: str, log: ProblemLog, header_line: int
) -> tuple[list[str], list[list[str]]]:
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
                log.add(
                    label,
                    header_line + 1 + k,
                    None,
                    "error",
                    f"the row has {len(rec)} cells but the header has {n} columns; the cells from column "
                    f"{_letter(first)} on ({shown}) have no header; expected at most {n} cells "
                    f"(put cells that contain '{delimiter}' in double quotes); in lenient mode those cells "
                    "are left out",
                )
            body_rows[k] = rec[:n]
        elif len(rec) < n:  # short rows: the missing cells are blank
            body_rows[k] = rec + [""] * (n - len(rec))
    return header, body_rows


@dataclass
class _Decoded:
    """A CSV file as text, with what its decoding found (bytes that are no text became U+FFFD)."""

    text: str
    bad_bytes: bool = False
    encoding_bad: str = "utf-8"  # what the bad-cell errors say: "utf-8", "cp1252" or "nul"


@dataclass
class _Layout:
    """Where a file's header starts (in its text or its bytes), the header's line number and its delimiter."""

    pos: int
    header_line: int
    first_line: str
    delimiter: str


#: the Arrow reader takes files from this size on; below it the careful reader is as fast
_ARROW_MIN_BYTES = 1_000_000
_BLANK_LEAD = re.compile(r"[ \t]*(?:\r\n|\n|\r)")
_BLANK_LEAD_BYTES = re.compile(rb"[ \t]*(?:\r\n|\n|\r)")
_LINE_END_BYTES = re.compile(rb"\r\n|\n|\r")
_NOT_SPACE_BYTES = re.compile(rb"\S")


def _skip_lines(text, header_line: int, start: int = 0) -> int:
    """Where line ``header_line`` (1-based, counted from ``start``) of ``text`` (str or bytes) starts."""
    if header_line <= 1:
        return start
    ends: Iterator[re.Match[Any]] = (_LINE_END if isinstance(text, str) else _LINE_END_BYTES).finditer(text, start)
    for k, m in enumerate(ends, start=2):
        if k == header_line:
            return m.end()
    return len(text)


def _skip_blank_lines(text, pos: int, header_line: int) -> tuple[int, int]:
    """``(pos, header_line)`` past the blank lines at ``pos``: the header is the first non-blank line."""
    blank = _BLANK_LEAD if isinstance(text, str) else _BLANK_LEAD_BYTES
    while (m := blank.match(text, pos)) and m.end() > pos:
        pos = m.end()
        header_line += 1
    return pos, header_line


def _header_width(first_line: str, delimiter: str) -> int:
    """How many cells the header has, exactly only when it may pass :data:`MAX_COLUMNS` (quoted delimiters)."""
    if first_line.count(delimiter) < MAX_COLUMNS:  # the cheap upper bound is enough
        return first_line.count(delimiter) + 1
    try:
        with _field_limit(len(first_line)):
            return len(next(csv.reader([first_line], delimiter=delimiter)))
    except (csv.Error, StopIteration):
        return first_line.count(delimiter) + 1


def _utf8_layout(data: bytes, header_line: int) -> _Layout | None:
    """The layout of a large plain UTF-8 file, which the Arrow reader takes straight from its bytes.

    ``None`` (nothing reported) for whatever the careful reader must see: a UTF-16 mark, NUL
    bytes, a header that is not UTF-8 or too wide, no body, a small file. Bytes that are
    not UTF-8 further on make Arrow refuse the file, and the careful reader takes it then
    (:func:`_read_fast`).
    """
    if data[:2] in _BOMS_UTF16 or b"\x00" in data:
        return None
    start = 3 if data[:3] == b"\xef\xbb\xbf" else 0
    pos, header_line = _skip_blank_lines(data, _skip_lines(data, header_line, start), header_line)
    if len(data) - pos < _ARROW_MIN_BYTES or _NOT_SPACE_BYTES.search(data, pos) is None:
        return None
    end = _LINE_END_BYTES.search(data, pos)
    try:
        first_line = data[pos : end.start() if end else len(data)].decode("utf-8")
        data[start:pos].decode("utf-8")  # a preamble in another encoding makes the whole file that encoding
    except UnicodeDecodeError:
        return None
    delimiter = _sniff_delimiter(first_line[:100_000])
    if _header_width(first_line, delimiter) > MAX_COLUMNS:
        return None
    return _Layout(pos, header_line, first_line, delimiter)


def _text_layout(text: str, header_line: int, label: str, log: ProblemLog) -> _Layout | None:
    """The layout of a decoded file; ``None`` after reporting an empty body or a header over the width limit."""
    pos, header_line = _skip_blank_lines(text, _skip_lines(text, header_line), header_line)
    if not text[pos:].strip():
        log.add(label, None, None, "error", _EMPTY_MESSAGE)
        return None
    m = _LINE_END.search(text, pos)
    first_line = text[pos : m.start() if m else len(text)]
    delimiter = _sniff_delimiter(first_line[:100_000])
    width = _header_width(first_line, delimiter)
    if width > MAX_COLUMNS:
        log.add(label, header_line, None, "error", _too_wide(width))
        return None
    return _Layout(pos, header_line, first_line, delimiter)


def _read_fast(body, first_line: str, delimiter: str):
    """Read a well-formed CSV body (UTF-8 bytes, or text) with pyarrow's multithreaded parser.

    Returns ``(header, columns)`` with every cell as text (a list of Arrow string arrays),
    or ``None`` whenever the file has anything the careful reader must see (ragged rows,
    bytes that are not UTF-8, a header with a quoted line break): that reader then reads
    it and reports. Empty lines are kept as rows (a one-column file's blank rows, dropped
    later with every other row keeping its number; in a wider file Arrow refuses them).
    """
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:  # pragma: no cover
        return None
    if isinstance(body, str):
        if len(body) < _ARROW_MIN_BYTES:
            return None
        body = body.encode("utf-8")
    try:
        with _field_limit(len(first_line)):
            header = next(csv.reader([first_line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None
    names = [f"c{j}" for j in range(len(header))]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(body)),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, ValueError):
        return None
    return header, [table.column(j) for j in range(len(names))]


def _arrow_blank_rows(columns: list) -> np.ndarray:
    """Rows whose every cell is blank or white space, from Arrow string arrays.

    Columns are looked at in turn only while some row is still blank in all of them,
    so a file whose first column is always filled costs one pass.
    """
    import pyarrow.compute as pc

    n = len(columns[0]) if columns else 0
    blank = np.ones(n, dtype=bool)
    for col in columns:
        if not blank.any():
            break
        empty = pc.equal(pc.binary_length(pc.utf8_trim_whitespace(col)), 0)
        blank &= empty.to_numpy(zero_copy_only=False)
    return blank


def _arrow_frame(header: list[str], columns: list, header_line: int) -> tuple[pd.DataFrame, np.ndarray]:
    """The Arrow columns as a frame of Arrow-backed text (blank rows left out) and each row's number."""
    import pyarrow as pa

    rows = np.arange(len(columns[0]) if columns else 0, dtype=np.int64) + header_line + 1
    blank = _arrow_blank_rows(columns)
    if blank.any():
        keep = pa.array(~blank)
        columns = [c.filter(keep) for c in columns]
        rows = rows[~blank]
    frame = pd.DataFrame({j: pd.Series(c.to_pandas(), dtype="str") for j, c in enumerate(columns)})
    frame.columns = _column_names(header)
    return frame, rows


def _column_names(header: list[str]) -> list[str]:
    return [h if h.strip() else f"Unnamed: {j}" for j, h in enumerate(header)]


def _read_careful(body: str, layout: _Layout, label: str, log: ProblemLog) -> tuple[list[str], pd.DataFrame] | None:
    """pandas' C parser, then the csv module for ragged rows (each long row reported); ``None`` when unreadable."""
    try:
        frame = pd.read_csv(
            _io.StringIO(body),
            sep=layout.delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            index_col=False,
            engine="c",
            quoting=csv.QUOTE_MINIMAL,
        )
    except pd.errors.EmptyDataError:
        log.add(label, None, None, "error", _EMPTY_MESSAGE)
        return None
    except pd.errors.ParserError as exc:
        return _read_ragged(body, layout, label, log, str(exc))
    header = [str(v) for v in frame.iloc[0].tolist()] if len(frame) else []
    return header, frame.iloc[1:].reset_index(drop=True)


def _read_ragged(
    body: str, layout: _Layout, label: str, log: ProblemLog, error: str
) -> tuple[list[str], pd.DataFrame] | None:
    """The csv module's reading of a file pandas refused (``error``), as a frame of text."""
    m = re.search(r"EOF inside string starting at row (\d+)", error)
    if m:
        log.add(
            label,
            layout.header_line + int(m.group(1)),
            None,
            "error",
            "a cell opens a double quote that is never closed, so the rest of the file was read into "
            'this one cell; expected quotes in pairs (write a quote inside a quoted cell as "")',
        )
    try:
        header, body_values = _parse_fallback(body, layout.delimiter, label, log, layout.header_line)
    except csv.Error as exc:
        log.add(
            label,
            None,
            None,
            "error",
            f"cannot be read as CSV ({exc}); expected a CSV file as a spreadsheet program saves it",
        )
        return None
    if body_values:
        frame = pd.DataFrame(body_values, columns=range(len(header)), dtype="str").fillna("")
    else:
        frame = pd.DataFrame({j: pd.Series([], dtype="str") for j in range(len(header))})
    return header, frame


def _careful_frame(header: list[str], frame: pd.DataFrame, header_line: int) -> tuple[pd.DataFrame, np.ndarray]:
    """The careful reader's frame with its column names, blank rows left out, and each row's number."""
    frame = frame.reset_index(drop=True)
    frame.columns = _column_names(header)
    rows = np.arange(len(frame), dtype=np.int64) + header_line + 1
    if len(frame.columns) and len(frame):
        blank = np.ones(len(frame), dtype=bool)
        for j in range(len(frame.columns)):
            blank &= (frame.iloc[:, j].str.strip() == "").to_numpy(dtype=bool)
        if blank.any():
            frame = frame[~blank].reset_index(drop=True)
            rows = rows[~blank]
    return frame, rows


def _restore_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Undo the quote that our writers put before cells and headers starting with = + - @ (see docs/exports.md)."""
    names = [str(c) for c in frame.columns]
    if any(n.startswith("'") for n in names):  # headers round-trip too (SECURITY.md)
        frame.columns = restore_cells(pd.Series(names, dtype=object)).tolist()
    for pos in range(frame.shape[1]):
        col = frame.iloc[:, pos]
        text = col if pd.api.types.is_string_dtype(col.dtype) else col.where(col.map(type) == str)  # noqa: E721 (elementwise: cells that are exactly str)
        if text.astype("str").str.startswith("'").fillna(False).any():  # only such columns pay for the fix
            frame.isetitem(pos, restore_cells(col))
    return frame


def _decoded(data: bytes, label: str, log: ProblemLog) -> _Decoded:
    """The file's text (see :func:`_decode`); a Windows-1252 file gets its warning, NUL bytes become U+FFFD."""
    text, encoding, bad = _decode(data)
    if encoding == "cp1252":
        log.add(label, None, None, "warning", _CP1252_MESSAGE)
    return _Decoded(text, bool(bad), encoding)


def _without_nul(source: _Decoded) -> _Decoded:
    """NUL is never text in a CSV: it becomes U+FFFD, and the cells that hold it are reported."""
    if "\x00" not in source.text:
        return source
    return _Decoded(source.text.replace("\x00", "\ufffd"), True, "nul")


def _read_text(source: _Decoded, header_line: int, label: str, log: ProblemLog) -> RawTable | None:
    """Read decoded CSV text: the Arrow reader for large well-formed files, else the careful reader."""
    source = _without_nul(source)
    layout = _text_layout(source.text, header_line, label, log)
    if layout is None:
        return None
    body = source.text[layout.pos :]
    fast = _read_fast(body, layout.first_line, layout.delimiter)
    if fast is not None:
        frame, rows = _arrow_frame(fast[0], fast[1], layout.header_line)
    else:
        careful = _read_careful(body, layout, label, log)
        if careful is None:
            return None
        frame, rows = _careful_frame(*careful, layout.header_line)
    if source.bad_bytes:
        _report_bad_cells(frame, list(frame.columns), rows, layout.header_line, label, log, source.encoding_bad)
    return RawTable(_restore_formulas(frame), label, rows, header_row=layout.header_line)


def _read_utf8(data: bytes, header_line: int, label: str) -> RawTable | None:
    """A large plain UTF-8 file read by Arrow straight from its bytes (no decoding to a Python string).

    ``None`` when the careful reader must take the file instead (nothing is reported here).
    """
    layout = _utf8_layout(data, header_line)
    if layout is None:
        return None
    fast = _read_fast(memoryview(data)[layout.pos :], layout.first_line, layout.delimiter)
    if fast is None:
        return None
    frame, rows = _arrow_frame(fast[0], fast[1], layout.header_line)
    return RawTable(_restore_formulas(frame), label, rows, header_row=layout.header_line)


def read_csv_table(
    path: Path, log: ProblemLog, *, label: str | None = None, header_line: int = 1, text: str | None = None
) -> RawTable | None:
    """Read one CSV as text columns, keeping the spreadsheet row number of every record.

    Large plain UTF-8 files go from their bytes straight to Arrow's parser; everything
    else is decoded first (UTF-16, Windows-1252, damaged bytes, NUL) and files with
    blank lines or ragged rows take the careful reader, which reports each problem.

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
    if text is not None:
        return _read_text(_Decoded(text), header_line, label, log)
    _check_regular(path, "a CSV file")
    data = path.read_bytes()
    if _NOT_SPACE_BYTES.search(data) is None:
        log.add(label, None, None, "error", _EMPTY_MESSAGE)
        return None
    if _binary_kind(data, label, log):
        return None
    table = _read_utf8(data, header_line, label)
    if table is not None:
        return table
    return _read_text(_decoded(data, label, log), header_line, label, log)


def _report_bad_cells(frame, names, rows, header_line, label, log, encoding):
    """One error per cell that holds an undecodable byte (now U+FFFD)."""
    for j, h in enumerate(names):
        if "\ufffd" in h:
            log.add(
                label,
                header_line,
                None,
                "error",
                f"the header '{_show(h)}' (column {_letter(j)}) " + _bad_cell_text(encoding),
            )
    for j, name in enumerate(names):
        col = frame.iloc[:, j]
        hit = col.str.contains("\ufffd", regex=False).to_numpy(dtype=bool)
        if hit.any():
            log.add_many(
                label, rows[hit], name, "error", [f"'{_show(v)}' " + _bad_cell_text(encoding) for v in col[hit]]
            )


def _bad_cell_text(encoding: str) -> str:
    if encoding == "nul":
        return (
            "holds NUL bytes (0x00) or bytes that are not valid text (shown as \ufffd); expected a text CSV "
            "saved as UTF-8 (Excel: Save As 'CSV UTF-8'); in lenient mode the cell is kept as shown"
        )
    kind = "UTF-8" if encoding == "utf-8" else "UTF-8 or Windows-1252"
    return (
        f"holds bytes that are not valid {kind} text (shown as \ufffd); expected the file saved as "
        "UTF-8 (Excel: Save As 'CSV UTF-8'); in lenient mode the cell is kept as shown"
    )


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
    return SchemaError(
        f"{where}: the {kind}s {shown} both name the {table} table (their names differ only by "
        f"case or spaces); expected one {kind} per table: rename or remove all but one"
    )


#: files a network folder may hold beside its tables, read by their own functions (not by load): the
#: connections pool of imports (readwrite/pool.py)
SIDE_TABLES = ("connections",)


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
        raise SchemaError(
            f"{folder}: no contacts.csv; expected contacts.csv (and introductions.csv, "
            f"optionally meetings.csv); found {others}"
        )
    tables: dict[str, RawTable | None] = {}
    for name in TABLES:
        path = found.get(name)
        bar.stage(f"reading {path.name if path is not None else name}")
        tables[name] = read_csv_table(path, log) if path is not None else None
    _report_unused(
        str(folder),
        "CSV file",
        [p.name for p in csvs if Path(p.name.strip()).stem.strip().lower() not in TABLES + SIDE_TABLES],
        "introductions" in found,
        log,
        file_of=lambda t: f"{t}.csv",
    )
    return tables


def _report_unused(
    where: str, kind: str, unused: list[str], has_introductions: bool, log: ProblemLog, *, file_of
) -> None:
    """Warn about a missing introductions table and about files or sheets that are not read."""
    if not has_introductions:
        log.add(
            where,
            None,
            None,
            "warning",
            f"no {file_of('introductions')}; the network is loaded without introductions"
            + (
                f" (found {kind}s {', '.join(map(repr, unused))}, which are not read; expected the names "
                "contacts, introductions, meetings, opportunities)"
                if unused
                else ""
            ),
        )
        return
    for name in unused:
        log.add(
            where,
            None,
            None,
            "warning",
            f"{kind} {name!r} is not read; expected only contacts, introductions, meetings and opportunities",
        )


# ---------------------------------------------------------------------------- in the files: CSV
@dataclass
class _CsvFile:
    path: Path
    data: bytes
    text: str
    encoding: str  # Python codec for the body
    errors: str
    bom: int  # bytes before the text
    delimiter: str = ","
    newline: str = "\r\n"
    quote_all: bool = False
    header: list = field(default_factory=list)  # canonical names
    header_end: int = 0  # position in text after the header's last cell
    body_start: int = 0


def _field_re(delimiter: str) -> re.Pattern:
    d = re.escape(delimiter)
    return re.compile(rf'"(?:[^"]|"")*(?:"[^{d}\r\n]*)?|[^{d}\r\n]*', re.S)


def _records(text: str, delimiter: str, start: int = 0):
    """(start, end, [(field start, field end), ...]) of each record, as a CSV reader splits them."""
    pat = _field_re(delimiter)
    n, pos = len(text), start
    while pos < n:
        rec, fields = pos, []
        while True:
            m = pat.match(text, pos)
            if m is None:  # cannot happen: every alternative of the pattern matches an empty field
                break
            fields.append((m.start(), m.end()))
            pos = m.end()
            if pos < n and text[pos] == delimiter:
                pos += 1
                continue
            break
        end = pos
        if text.startswith("\r\n", pos):
            pos += 2
        elif pos < n and text[pos] in "\r\n":
            pos += 1
        yield rec, end, fields
        if pos == end and pos < n:  # cannot happen with the pattern above; never loop forever
            pos += 1


def _unquote(raw: str) -> str:
    if raw.startswith('"'):
        body = raw[1:]
        close = re.match(r'(?:[^"]|"")*', body, re.S).end()  # type: ignore[union-attr]  # `*` matches always
        return body[:close].replace('""', '"') + body[close + 1 :]
    return raw


_CODECS = {"utf-8": "utf-8", "cp1252": "cp1252"}


def _open_csv(path: Path) -> _CsvFile:
    data = path.read_bytes()
    _text_unused, encoding, _bad = _decode(data)
    if data[:2] == b"\xff\xfe":
        codec, errors, bom = "utf-16-le", "surrogatepass", 2
    elif data[:2] == b"\xfe\xff":
        codec, errors, bom = "utf-16-be", "surrogatepass", 2
    else:
        codec, errors = _CODECS.get(encoding, "utf-8"), "surrogateescape"
        bom = 3 if data[:3] == b"\xef\xbb\xbf" else 0
    text = data[bom:].decode(codec, errors=errors)
    f = _CsvFile(path, data, text, codec, errors, bom)
    # the header: the first record with a non-blank cell
    blank = re.compile(r"[ \t]*(?:\r\n|\n|\r)")
    pos = 0
    while (m := blank.match(text, pos)) and m.end() > pos:
        pos = m.end()
    first_line = re.split(r"\r\n|\n|\r", text[pos:], maxsplit=1)[0]
    f.delimiter = _sniff_delimiter(first_line)
    for rec, end, fields in _records(text, f.delimiter, pos):
        raw = [text[a:b] for a, b in fields]
        f.header = ["" if not _unquote(r).strip() else canonical(_unquote(r)) for r in raw]
        f.quote_all = bool(raw) and all(r.startswith('"') for r in raw)
        f.header_end = end
        nl = re.match(r"\r\n|\n|\r", text[end : end + 2])
        f.newline = nl.group() if nl else "\r\n"
        f.body_start = end + (len(nl.group()) if nl else 0)
        break
    return f


def _byte_at(f: _CsvFile, pos: int) -> int:
    return f.bom + len(f.text[:pos].encode(f.encoding, errors=f.errors))


def _encode(f: _CsvFile, piece: str) -> bytes:
    try:
        return piece.encode(f.encoding)
    except UnicodeEncodeError as exc:
        bad = piece[exc.start : exc.end]
        raise SchemaError(
            f"{f.path} is saved as {f.encoding}, which cannot hold {bad!r}; expected the file saved "
            "as UTF-8 (Excel: Save As 'CSV UTF-8'), or text without that character"
        ) from None


def _csv_field(f: _CsvFile, text: str) -> str:
    text = str(neutralize_cells(pd.Series([text], dtype=object)).iat[0]) if text else text
    if f.quote_all or any(ch in text for ch in (f.delimiter, '"', "\r", "\n")):
        return '"' + text.replace('"', '""') + '"'
    return text


_BOOL_STYLES = {
    "true": ("true", "false"),
    "false": ("true", "false"),
    "yes": ("yes", "no"),
    "no": ("yes", "no"),
    "y": ("y", "n"),
    "n": ("y", "n"),
    "1": ("1", "0"),
    "0": ("1", "0"),
    "t": ("t", "f"),
    "f": ("t", "f"),
    "x": ("x", ""),
}


def _bool_words(samples: list[str]) -> tuple[str, str]:
    """The yes/no words a column already uses (same case), else true/false."""
    for s in samples:
        key = s.strip()
        pair = _BOOL_STYLES.get(key.lower())
        if pair is None:
            continue
        if key.isupper():
            return pair[0].upper(), pair[1].upper()
        if key[:1].isupper():
            return pair[0].title(), pair[1].title()
        return pair
    return "true", "false"


def _samples(f: _CsvFile, limit: int = 200) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for k, (_rec, _end, fields) in enumerate(_records(f.text, f.delimiter, f.body_start)):
        if k >= limit:
            break
        for j, (a, b) in enumerate(fields):
            v = _unquote(f.text[a:b]).strip()
            if v:
                out.setdefault(j, []).append(v)
    return out


def _typed_text(value, samples: list[str]) -> str:
    if isinstance(value, (bool, np.bool_)):
        true, false = _bool_words(samples)
        return true if value else false
    return _cell_text(value)


def _csv_edits(f: _CsvFile, table: str, plan: _Plan) -> tuple[bytes, list[str]]:
    """The file's bytes with the plan's cells of ``table``; and the columns added to its header."""
    sets = [(pos, values) for t, pos, values in plan.sets if t == table]
    appends = [values for t, values in plan.appends if t == table]
    if not sets and not appends:
        return f.data, []
    header = list(f.header)
    added: list[str] = []
    for values in [v for _p, v in sets] + appends:
        for col, value in values.items():
            if col not in header and not (_missing(value) or value == "") and col not in plan.soft:
                if col == "id" and "name" in header and values.get("id") == values.get("name"):
                    continue  # ids are the names in this file
                header.append(col)
                added.append(col)
    samples = (
        _samples(f)
        if any(isinstance(v, (bool, np.bool_)) for _p, vs in sets for v in vs.values())
        or any(isinstance(v, (bool, np.bool_)) for vs in appends for v in vs.values())
        else {}
    )
    edits: list[tuple[int, int, str]] = []  # (start, end, new text) in f.text
    if added:
        edits.append((f.header_end, f.header_end, "".join(f.delimiter + _csv_field(f, c) for c in added)))
    if sets:
        wanted = dict(sets)
        k = -1
        for _rec, end, fields in _records(f.text, f.delimiter, f.body_start):
            if all(not _unquote(f.text[a:b]).strip() for a, b in fields):
                continue  # blank rows are skipped by the reader, so they have no position
            k += 1
            if k not in wanted:
                continue
            beyond: dict[int, str] = {}
            for col, value in wanted.pop(k).items():
                j = header.index(col)
                cell = _csv_field(f, _typed_text(value, samples.get(j, [])))
                if j < len(fields):
                    edits.append((fields[j][0], fields[j][1], cell))
                else:
                    beyond[j] = cell
            if beyond:  # cells after the record's last one: one piece, each cell in its column
                last = max(beyond)
                tail = [beyond.get(j, '""' if f.quote_all else "") for j in range(len(fields), last + 1)]
                edits.append((end, end, "".join(f.delimiter + c for c in tail)))
            if not wanted:
                break
        if wanted:
            raise SchemaError(
                f"{f.path}: could not find row {min(wanted) + 2} of the table in the file; nothing was written"
            )
    if appends:
        lines = []
        for values in appends:
            cells = [_csv_field(f, _typed_text(values.get(col), samples.get(j, []))) for j, col in enumerate(header)]
            lines.append(
                f.delimiter.join(cells) if not f.quote_all else f.delimiter.join(c if c else '""' for c in cells)
            )
        ends_with_newline = f.text.endswith(("\n", "\r"))
        end = len(f.text)
        piece = f.newline.join(lines)
        piece = piece + f.newline if ends_with_newline else f.newline + piece
        edits.append((end, end, piece))
    out = f.data
    for start, stop, piece in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        a, b = _byte_at(f, start), _byte_at(f, stop)
        out = out[:a] + _encode(f, piece) + out[b:]
    return out, added


def _new_csv(template: _CsvFile | None, path: Path, table: str, plan: _Plan) -> bytes:
    """A new table file (meetings.csv missing) in the style of the folder's contacts.csv."""
    cols = [c for c in COLUMNS[table] if any(c in v and not _missing(v[c]) for t, v in plan.appends if t == table)]
    style = template or _CsvFile(path, b"", "", "utf-8", "strict", 3)
    head = style.delimiter.join(cols) + style.newline
    bom = b"\xef\xbb\xbf" if style.bom == 3 else (style.data[:2] if style.bom == 2 else b"")
    f = _CsvFile(
        path,
        bom + _encode(style, head),
        head,
        style.encoding,
        style.errors,
        style.bom,
        delimiter=style.delimiter,
        newline=style.newline,
        quote_all=style.quote_all,
        header=cols,
        header_end=len(head) - len(style.newline),
        body_start=len(head),
    )
    return _csv_edits(f, table, plan)[0]


def _table_files(folder: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for p in sorted(folder.iterdir(), key=lambda p: p.name):
        if p.suffix.lower() == ".csv" and p.is_file():
            found.setdefault(p.stem.strip().lower(), p)
    return found


def _write_folder(folder: Path, plan: _Plan) -> tuple[dict[Path, bytes], list[str]]:
    files = _table_files(folder)
    changed: dict[Path, bytes] = {}
    notes: list[str] = []
    tables = {t for t, _p, _v in plan.sets} | {t for t, _v in plan.appends}
    contacts = _open_csv(files["contacts"])
    for table in sorted(tables):
        path = files.get(table)
        if path is None:
            path = folder / f"{table}.csv"
            changed[path] = _new_csv(contacts, path, table, plan)
            notes.append(f"created {path.name}")
            continue
        f = contacts if table == "contacts" else _open_csv(path)
        data, added = _csv_edits(f, table, plan)
        changed[path] = data
        if added:
            notes.append(f"added column{'s' if len(added) > 1 else ''} {', '.join(added)} to {path.name}")
    return changed, notes
