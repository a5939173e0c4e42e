"""The .xlsx workbook, the one home for OOXML: reading its sheets, writing a workbook, appending a row to a sheet."""

from __future__ import annotations

import io as _io
import re
import warnings
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape as _xml_escape

import numpy as np
import pandas as pd

from .. import _limits, _progress
from .._problems import ProblemLog
from ..exceptions import ReferralGraphWarning, SchemaError, SizeLimitError, SlowOperationWarning
from ..model import ReferralNetwork
from ..model.privacy import neutralize_cells
from ._atomic import atomic_path, check_target
from ._csvfile import MAX_COLUMNS, _report_unused, _restore_formulas, _same_name_error, _too_wide
from ._parse import _EXCEL_EPOCH
from ._plan import _missing, _Plan, _stamp
from ._schema import READ_TABLES as TABLES, canonical
from ._xlsx_tables import extend_tables
from .tabular import _fold_handwritten, _tables
from .validation import RawTable, _show
from .settings import SETTINGS_SHEET, sheet_rows


#: an .xlsx sheet holds at most this many rows (Excel's own limit); a larger dimension is refused before parsing
XLSX_SHEET_ROWS = 1_048_576
#: openpyxl parses roughly this many cells a second (read-only mode, 2-core machine)
XLSX_CELLS_PER_SECOND = 36_000
#: a workbook whose sheets hold more cells than this (by their dimension) warns first
XLSX_WARN_CELLS = 2_000_000


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
        log.add(str(path), None, None, "warning", f"the workbook has something openpyxl cannot read and skips: {text}")
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
        raise SchemaError(
            f"{path}: no sheet named 'contacts'; expected sheets contacts, introductions "
            f"(and optionally meetings); found {', '.join(map(repr, book.sheetnames))}"
        )
    cells = 0
    worksheets = {}
    for name in TABLES:
        if name not in sheets:
            continue
        try:
            ws = book[sheets[name]]
        except Exception as exc:  # noqa: BLE001 - a damaged sheet part
            raise SchemaError(
                f"{path} [{sheets[name]}]: the sheet cannot be read ({type(exc).__name__}: {exc}); "
                "expected a workbook as Excel or LibreOffice saves it"
            ) from None
        dim = _dimension(ws)
        if dim is not None:
            rows, cols = dim
            if rows > XLSX_SHEET_ROWS or cols > 16_384:
                raise SizeLimitError(
                    f"{path} [{sheets[name]}]: the sheet says it holds {rows:,} rows and {cols:,} "
                    f"columns; an .xlsx sheet holds at most {XLSX_SHEET_ROWS:,} rows and 16,384 "
                    "columns, so the file is damaged or built to exhaust memory; expected a "
                    "workbook as Excel saves it (or a folder of CSV files)"
                )
            cells += rows * min(cols, MAX_COLUMNS)
        worksheets[name] = ws
    if cells > XLSX_WARN_CELLS:
        _limits.warn_slow(
            f"reading the workbook {path} means parsing about {cells:,} cells, which takes about "
            f"{_duration(cells / XLSX_CELLS_PER_SECOND)}; saved as a folder of CSV files it "
            "loads in seconds: rg.save(net, 'folder') once, or in Excel: Save As 'CSV UTF-8' "
            "for each sheet",
            stacklevel=6,
        )
    tables: dict[str, RawTable | None] = {}
    for name in TABLES:
        bar.stage(f"reading sheet {sheets.get(name, name)!r}")
        if name not in worksheets:
            tables[name] = None
            continue
        tables[name] = _read_sheet(worksheets[name], f"{path} [{sheets[name]}]", log)
    _report_unused(
        str(path),
        "sheet",
        [s for s in book.sheetnames if s.strip().lower() not in (*TABLES, "settings")],
        "introductions" in sheets,
        log,
        file_of=lambda t: f"sheet named {t!r}",
    )
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
                raise SizeLimitError(
                    f"{label}: more than {XLSX_SHEET_ROWS:,} rows, more than an .xlsx sheet holds; "
                    "expected a workbook as Excel saves it (or a folder of CSV files)"
                )
            if len(values) == 1 and len(r) > MAX_COLUMNS and sum(v is not None for v in r) > MAX_COLUMNS:
                log.add(label, 1, None, "error", _too_wide(sum(v is not None for v in r)))
                return None
    except SizeLimitError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises ValueError, KeyError, IndexError... for damaged cells
        row = len(values) + 1
        log.add(
            label,
            row,
            None,
            "error",
            f"the cells of this row cannot be read ({type(exc).__name__}: {_show(str(exc), 80)}), so it and the "
            "rows below it are left out; expected cells as Excel writes them (damaged dates, numbers or "
            "shared strings: open and save the workbook in Excel or LibreOffice again)",
        )
    header_at = next((k for k, r in enumerate(values) if not all(_is_blank_cell(v) for v in r)), None)
    if header_at is None:
        log.add(
            label,
            None,
            None,
            "error",
            "the sheet is empty; expected a header row naming the columns, then one row per record",
        )
        return None
    header = ["" if _is_blank_cell(v) else str(v) for v in values[header_at]]
    body, rows = [], []
    width = len(header)
    for k, r in enumerate(values[header_at + 1 :], start=header_at + 2):
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
    frame = (
        pd.DataFrame(body, columns=range(width), dtype=object)
        if body
        else pd.DataFrame({j: pd.Series([], dtype=object) for j in range(width)})
    )
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


_XLSX_MAX_ROWS = 1_048_575  # below the header row
_XLSX_MAX_CHARS = 32_767
_XLSX_SLOW_CELLS = 10_000_000  # written at about 10^6 cells a second on a 2-core machine (openpyxl: 10^4)
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # tab, \n and \r are kept


# ---------------------------------------------------------------------------- workbook
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
            raise SizeLimitError(
                f"{table} has {len(frame):,} rows; an .xlsx sheet holds at most "
                f"{_XLSX_MAX_ROWS:,} below its header; save as a folder of CSV files "
                "(format='csv', CLI: --to csv) instead"
            )
    removed = [0]
    sheets = {t: _sheet_rows(t, f, neutralize=neutralize, removed=removed) for t, f in tables.items()}
    cells = sum(f.shape[0] * f.shape[1] for f in tables.values())
    if cells > _XLSX_SLOW_CELLS:
        warnings.warn(
            f"writing {cells:,} cells to an .xlsx workbook takes minutes (about 10^6 cells a second to "
            "write; spreadsheets and rg.load take far longer to read it back); a folder of CSV files "
            "(format='csv', CLI: --to csv) takes seconds",
            SlowOperationWarning,
            stacklevel=3,
        )
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
        if not net.settings.is_empty:  # kept as written: a sheet after the tables (docs/settings.md)
            settings = book.add_worksheet(SETTINGS_SHEET)
            for r, row in enumerate(sheet_rows(net.settings.values())):
                settings.write_row(r, 0, row)
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
        warnings.warn(
            f"{removed[0]} cell{'s' if removed[0] != 1 else ''} held control characters that an .xlsx "
            "file cannot store; they were removed (a folder of CSV files keeps them)",
            ReferralGraphWarning,
            stacklevel=3,
        )
    return path


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
    head_cells = "".join(
        f'<c r="{letters[j]}1" t="inlineStr"><is><t xml:space="preserve">'
        f"{_ooxml_text(pa.array([_XLSX_ILLEGAL.sub('', h)]))[0].as_py()}</t></is></c>"
        for j, h in enumerate(header)
    )
    pieces: list[bytes | memoryview] = [f'<row r="1">{head_cells}</row>'.encode("utf-8")]
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
        serial = np.where(
            nat | early, 0.0, (v - _EXCEL_EPOCH).astype("timedelta64[ns]").view("i8").astype(np.float64) / 86_400e9
        )
        whole = (v.view("i8") % 86_400_000_000_000) == 0
        text = _float_text(serial)
        cells = pc.if_else(
            pa.array(whole),
            number_cells(letter, text, 1, pa.array(~nat)),
            number_cells(letter, text, 2, pa.array(~nat)),
        )
        if early.any():  # before Excel's calendar is reliable: ISO text, which the reader parses as a date
            from .tabular import _iso_dates

            iso = _iso_dates(pd.Series(v))
            text_cell = pc.binary_join_element_wise(
                '<c r="',
                pc.binary_join_element_wise(letter, rownum, ""),
                '" t="inlineStr"><is><t>',
                iso,
                "</t></is></c>",
                "",
            )
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
            dated = pd.to_datetime(
                text.where(~text.isin(["true", "false"]) & text.notna() & (text != "")), format="ISO8601"
            )
            columns.append(
                pc.if_else(pa.array(flag), bool_cells(letter, (text == "true").where(flag)), date_cells(letter, dated))
            )
        else:
            cells, bad = _xlsx_text(values, table, header[j], neutralize=neutralize)
            removed[0] += bad
            ref = pc.binary_join_element_wise(letter, rownum, "")
            cell = pc.binary_join_element_wise(
                '<c r="', ref, '" t="inlineStr"><is><t xml:space="preserve">', _ooxml_text(cells), "</t></is></c>", ""
            )
            columns.append(pc.fill_null(cell, ""))
    large = pa.large_string()
    rows = pc.binary_join_element_wise(
        pa.scalar('<row r="', large),
        pc.cast(rownum, large),
        pa.scalar('">', large),
        *[pc.cast(c, large) for c in columns],
        pa.scalar("</row>", large),
        pa.scalar("", large),
    )
    if isinstance(rows, pa.ChunkedArray):
        rows = rows.combine_chunks()
    offsets = np.frombuffer(rows.buffers()[1], dtype=np.int64)[rows.offset : rows.offset + len(rows) + 1]
    pieces.append(memoryview(rows.buffers()[2])[int(offsets[0]) : int(offsets[-1])])
    return dimension, pieces


def _xlsx_text(values: pd.Series, table: str, col: str, *, neutralize: bool):
    """A text column as Arrow strings (null where missing), neutralised, without characters xlsx cannot hold."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = values if _is_text(values) else values.astype("str").mask(values.isna())
    if values.dtype == object:
        text = pd.Series(
            [v if v is None or isinstance(v, str) or v != v else str(v) for v in values.tolist()],
            index=values.index,
            dtype="str",
        )
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
            raise SizeLimitError(
                f"{table} row {k + 2}, column '{col}' has {int(lengths[k]):,} "
                f"characters; an .xlsx cell holds at most {_XLSX_MAX_CHARS:,}; save as a folder of "
                "CSV files (format='csv', CLI: --to csv) instead"
            )
    return arr, removed


def _is_text(values: pd.Series) -> bool:
    return values.dtype == object or pd.api.types.is_string_dtype(values.dtype)


# ---------------------------------------------------------------------------- in the files: workbook
_DATE_FORMAT_IDS = {14, 15, 16, 17, 22}
_DATETIME_FORMAT_IDS = {22}
_ROW = r"<row\b[^>]*?\br=\"{r}\"[^>]*?(?:/>|>.*?</row>)"


def _col_letter(j: int) -> str:
    """A sheet's column letters of a 0-based position (openpyxl's rule: 0 -> A, 26 -> AA)."""
    from openpyxl.utils.cell import get_column_letter

    return get_column_letter(j + 1)


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _sheet_parts(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name (lower case) -> zip member of its XML."""
    wb = book.read("xl/workbook.xml").decode("utf-8")
    rels = book.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    targets = {}
    for m in re.finditer(r"<Relationship\b([^>]*)/?>", rels):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        if "Id" in attrs and "Target" in attrs:
            t = attrs["Target"]
            targets[attrs["Id"]] = t.lstrip("/") if t.startswith("/") else "xl/" + t
    out: dict[str, str] = {}
    for m in re.finditer(r"<sheet\b([^>]*)/>", wb):
        attrs = dict(re.findall(r'([\w:]+)="([^"]*)"', m.group(1)))
        rid = next((v for k, v in attrs.items() if k.endswith(":id")), None)
        if rid in targets and "name" in attrs:
            from html import unescape

            out.setdefault(unescape(attrs["name"]).strip().lower(), targets[rid])
    return out


def _date_styles(book: zipfile.ZipFile) -> tuple[int | None, int | None]:
    """Indexes of cell styles with a date and with a date-time number format, if the workbook has them."""
    try:
        styles = book.read("xl/styles.xml").decode("utf-8")
    except KeyError:
        return None, None
    custom = {}
    for m in re.finditer(r'<numFmt\b[^>]*numFmtId="(\d+)"[^>]*formatCode="([^"]*)"', styles):
        custom[int(m.group(1))] = m.group(2)
    xfs = re.search(r"<cellXfs\b[^>]*>(.*?)</cellXfs>", styles, re.S)
    date = dt = None
    if not xfs:
        return None, None
    for k, m in enumerate(re.finditer(r"<xf\b([^>]*?)(?:/>|>.*?</xf>)", xfs.group(1), re.S)):
        fmt = re.search(r'numFmtId="(\d+)"', m.group(1))
        fid = int(fmt.group(1)) if fmt else 0
        code = custom.get(fid, "").lower()
        is_date = fid in _DATE_FORMAT_IDS or ("y" in code and "d" in code)
        has_time = fid in _DATETIME_FORMAT_IDS or (is_date and "h" in code)
        if is_date and has_time and dt is None:
            dt = k
        elif is_date and not has_time and date is None:
            date = k
    return date, dt


def _xlsx_cell(ref: str, value, styles: tuple) -> str:
    if isinstance(value, (bool, np.bool_)):
        return f'<c r="{ref}" t="b"><v>{int(bool(value))}</v></c>'
    if isinstance(value, pd.Timestamp):
        date_style, dt_style = styles
        style = date_style if value == value.normalize() else dt_style
        if style is not None:
            serial = (value - pd.Timestamp("1899-12-30")) / pd.Timedelta(days=1)
            return f'<c r="{ref}" s="{style}"><v>{serial!r}</v></c>'
        value = _stamp(value)
    text = str(neutralize_cells(pd.Series([str(value)], dtype=object)).iat[0])
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text)
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_xml_escape(text)}</t></is></c>'


def _set_in_row(row_xml: str, r: int, cells: dict[int, str]) -> str:
    """The row element with cells (column -> cell XML) put in place, in column order."""
    if row_xml.endswith("/>"):
        row_xml = row_xml[:-2] + "></row>"
    row_xml = re.sub(r'\sspans="[^"]*"', "", row_xml, count=1)
    for j, cell in sorted(cells.items()):
        ref = f"{_col_letter(j)}{r}"
        existing = re.search(rf'<c\b[^>]*?\br="{ref}"[^>]*?(?:/>|>.*?</c>)', row_xml, re.S)
        if existing:
            row_xml = row_xml[: existing.start()] + cell + row_xml[existing.end() :]
            continue
        later = None
        for m in re.finditer(r'<c\b[^>]*?\br="([A-Z]+)\d+"', row_xml):
            if _col_number(m.group(1)) > j:
                later = m.start()
                break
        at = later if later is not None else row_xml.rindex("</row>")
        row_xml = row_xml[:at] + cell + row_xml[at:]
    return row_xml


def _write_workbook(path: Path, plan: _Plan) -> tuple[dict[Path, bytes], list[str]]:
    tables = {t for t, _p, _v in plan.sets} | {t for t, _v in plan.appends}
    layout = _sheet_layout(path, tables)
    with zipfile.ZipFile(path) as z:
        parts = _sheet_parts(z)
        styles = _date_styles(z)
        members = {info.filename: z.read(info.filename) for info in z.infolist()}
        infos = z.infolist()
    notes = []
    for table in sorted(tables):
        part = parts.get(table)
        if part is None or part not in members:
            raise SchemaError(f"{path}: cannot find the XML of sheet {table!r}; nothing was written")
        notes += _edit_sheet(path, plan, table, layout[table], members, part, styles)
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in infos:
            out.writestr(info, members[info.filename])
    return {path: buf.getvalue()}, notes


def _sheet_layout(path: Path, tables) -> dict:
    """Per table: its header (canonical names), the header's row, the rows with values, and the sheet's last row."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    layout = {}
    try:
        names = {s.strip().lower(): s for s in book.sheetnames}
        for table in tables:
            if table not in names:
                raise SchemaError(
                    f"{path}: no sheet named {table!r}; expected one to log into (add a sheet "
                    f"{table!r} with a header row)"
                )
            values = list(book[names[table]].iter_rows(values_only=True))
            header_at = next(
                (k for k, r in enumerate(values) if any(v is not None and str(v).strip() for v in r)), None
            )
            if header_at is None:
                raise SchemaError(f"{path} [{names[table]}]: the sheet is empty; expected a header row")
            header = ["" if v is None or not str(v).strip() else canonical(str(v)) for v in values[header_at]]
            rows = [
                k + 1
                for k, r in enumerate(values)
                if k > header_at and any(v is not None and (not isinstance(v, str) or v.strip()) for v in r)
            ]
            layout[table] = (header, header_at + 1, rows, len(values))
    finally:
        book.close()
    return layout


def _replace_row(xml: str, r: int, cells: dict) -> str:
    """The sheet XML with row ``r``'s cells set (the row added, in order, when the sheet has none)."""
    m = re.search(_ROW.format(r=r), xml, re.S)
    if m is None:
        new_row = _set_in_row(f'<row r="{r}"></row>', r, cells)
        end = xml.find("</sheetData>")
        later = [mm for mm in re.finditer(r'<row\b[^>]*?\br="(\d+)"', xml) if int(mm.group(1)) > r]
        at = later[0].start() if later else end
        if end < 0:
            xml = xml.replace("<sheetData/>", f"<sheetData>{new_row}</sheetData>")
            return xml
        return xml[:at] + new_row + xml[at:]
    return xml[: m.start()] + _set_in_row(m.group(), r, cells) + xml[m.end() :]


def _columns_added(header: list, plan: _Plan, sets: list, appends: list) -> tuple[list, list]:
    """The sheet's columns after the change, and the ones added (values in columns the sheet lacks)."""
    cols = list(header)
    added = []
    for values in [v for _p, v in sets] + appends:
        for col, value in values.items():
            if col not in cols and not (_missing(value) or value == "") and col not in plan.soft:
                if col == "id" and "name" in cols and values.get("id") == values.get("name"):
                    continue
                cols.append(col)
                added.append(col)
    return cols, added


def _edit_sheet(path: Path, plan: _Plan, table: str, layout: tuple, members: dict, part: str, styles) -> list[str]:
    """Write the plan's changes of one table into its sheet XML (in ``members``); returns the notes."""
    header, header_row, rows, last = layout
    notes = []
    xml = members[part].decode("utf-8")
    if re.search(r"<\w+:sheetData\b", xml):
        raise SchemaError(
            f"{path}: sheet {table!r} is written with XML prefixes this writer does not edit; "
            "nothing was written (open and save the workbook in a spreadsheet program first)"
        )
    sets = [(pos, values) for t, pos, values in plan.sets if t == table]
    appends = [values for t, values in plan.appends if t == table]
    cols, added = _columns_added(header, plan, sets, appends)
    if added:
        xml = _replace_row(
            xml,
            header_row,
            {cols.index(c): _xlsx_cell(f"{_col_letter(cols.index(c))}{header_row}", c, styles) for c in added},
        )
        notes.append(f"added column{'s' if len(added) > 1 else ''} {', '.join(added)} to sheet {table!r}")
    for pos, values in sets:
        if pos >= len(rows):
            raise SchemaError(f"{path}: could not find record {pos + 1} of sheet {table!r}; nothing was written")
        r = rows[pos]
        xml = _replace_row(
            xml,
            r,
            {cols.index(c): _xlsx_cell(f"{_col_letter(cols.index(c))}{r}", v, styles) for c, v in values.items()},
        )
    top = max([last, *[int(x) for x in re.findall(r'<row\b[^>]*?\br="(\d+)"', xml)]] or [header_row])
    data_end = max([header_row, *rows])  # the last row with values, where a Table over them ends
    for values in appends:
        top += 1
        cells = {
            j: _xlsx_cell(f"{_col_letter(j)}{top}", values[c], styles)
            for j, c in enumerate(cols)
            if c in values and not _missing(values[c]) and values[c] != ""
        }
        xml = _replace_row(xml, top, cells)
    width = len(cols)
    xml = re.sub(
        r'(<dimension\b[^>]*\bref=")([^"]*)(")',
        lambda m: m.group(1) + f"A1:{_col_letter(max(width, 1) - 1)}{max(top, header_row)}" + m.group(3),
        xml,
        count=1,
    )
    members[part] = xml.encode("utf-8")
    if appends and top == data_end + len(appends):  # rows right below the data: a Table over it grows
        grown = extend_tables(members, part, last_row=data_end, new_last_row=top)
        notes += [f"extended the Excel Table {name!r} on sheet {table!r}" for name in grown]
    return notes
