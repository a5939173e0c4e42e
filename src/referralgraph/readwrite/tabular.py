"""One writer for every table referralgraph writes: CSV at Arrow speed, or Parquet.

The metric tables (``metrics --per-contact/--summary/--growth``), the network's own CSV
folder (:func:`referralgraph.save`), the Parquet folder and the problem tables all go
through :func:`table_cells` (the formatting rules) and :func:`write_table` (the file).

Formatting rules of a CSV cell (the same as :func:`pandas.DataFrame.to_csv` of the
formatted cells, byte for byte; the tests check it):

- text: as is, with formula triggers neutralised (:func:`referralgraph.model.privacy.neutralize_cells`);
  quoted only when it holds ``,`` ``"`` or a line break (RFC 4180 minimal quoting);
- dates: ISO ``2026-03-04`` at midnight, else ``2026-03-04 14:30:00`` (with fractions of a
  second when there are any); missing: blank;
- booleans ``true``/``false``; integers as digits; floats as Python's ``repr`` (``3.0``,
  ``0.1``, ``1e-05``); missing numbers blank;
- the header: the column names as text, neutralised like cells; columns in frame order.

Files are UTF-8 with a byte-order mark and ``\\r\\n`` line ends, written atomically.
Parquet files keep the column types (text, int64, float64, bool, timestamps) and are
never neutralised: no spreadsheet opens them.
"""

from __future__ import annotations

import os
import warnings
from typing import Literal
from pathlib import Path

import numpy as np
import pandas as pd

from .._docstrings import share_docs
from ..exceptions import ReferralGraphWarning, SchemaError
from ..model import ReferralNetwork
from ..model.privacy import neutralize_cells
from ._atomic import atomic_open

__all__ = ["table_cells", "write_cells", "csv_bytes", "write_csv", "write_parquet", "write_table", "TABLE_SUFFIXES"]

PathLike = str | os.PathLike

#: file suffixes :func:`write_table` understands
TABLE_SUFFIXES = (".csv", ".parquet")

_BATCH = 1 << 17  # rows per joined chunk: bounds memory, keeps every chunk under 2 GiB
_DAY_NS = 86_400 * 10**9
_BOM = "\ufeff".encode()


# ---------------------------------------------------------------------------- cells
def _pa():
    import pyarrow as pa
    import pyarrow.compute as pc

    return pa, pc


#: columns at least this long are formatted once per distinct value (one Arrow dictionary encoding, one take)
_DISTINCT_MIN = 4096


def _by_distinct(i8: np.ndarray, format_each):
    """``format_each`` of an int64 array, run on its distinct values only and spread back with one Arrow take.

    Dates and floats of a metric table repeat a lot (one reference date, whole days); when
    most values are distinct, every value is formatted instead.
    """
    pa, pc = _pa()
    if len(i8) < _DISTINCT_MIN:
        return format_each(i8)
    encoded = pc.dictionary_encode(pa.array(i8, type=pa.int64()))
    distinct = encoded.dictionary.to_numpy()
    if len(distinct) > len(i8) // 2:
        return format_each(i8)
    return format_each(distinct).take(encoded.indices)


def _iso_dates(values: pd.Series):
    """ISO text of a datetime column as an Arrow string array ('' for NaT).

    ``2026-03-04`` at midnight, ``2026-03-04 14:30:00`` for whole seconds, with the
    fraction otherwise. Each distinct date-time is formatted once.
    """
    i8 = np.ascontiguousarray(values.to_numpy(dtype="datetime64[ns]")).view("i8")
    return _by_distinct(i8, lambda distinct: _iso_each(distinct.view("datetime64[ns]")))


def _iso_each(v: np.ndarray):
    """:func:`_iso_dates` of a ``datetime64[ns]`` array, value by value (days and times of day once each)."""
    pa, pc = _pa()
    i8 = v.view("i8")
    nat = np.isnat(v)
    day = np.floor_divide(i8, _DAY_NS)
    rem = i8 - day * _DAY_NS
    midnight = ~nat & (rem == 0)
    dates = day_text(np.where(nat, 0, day).astype("datetime64[D]"))
    dates = pc.if_else(pa.array(nat), pa.scalar(None, pa.string()), dates) if nat.any() else dates
    if not (~nat & ~midnight).any():
        return pc.fill_null(dates, "")
    secs = np.where(nat, 0, rem // 10**9)
    uniq, inverse = np.unique(secs, return_inverse=True)
    clock = pa.array([f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}" for s in uniq.tolist()], type=pa.string())
    times = clock.take(pa.array(inverse.reshape(-1).astype(np.int64)))
    out = pc.if_else(pa.array(midnight), dates, pc.binary_join_element_wise(dates, times, " "))
    fraction = ~nat & (rem % 10**9 != 0)
    if fraction.any():  # fractions of a second: few; numpy prints them
        full = np.full(len(v), "", dtype=object)
        rest = fraction.copy()
        units: tuple[tuple[Literal["ms", "us", "ns"], int], ...] = (("ms", 10**6), ("us", 10**3), ("ns", 1))
        for unit, step in units:
            exact = rest & (i8 % step == 0)
            if exact.any():
                full[exact] = np.char.replace(np.datetime_as_string(v[exact], unit=unit).astype(str), "T", " ")
                rest &= ~exact
        out = pc.if_else(pa.array(fraction), pa.array(full, type=pa.string()), out)
    return pc.fill_null(out, "")


def day_text(days: np.ndarray):
    """``YYYY-MM-DD`` of a ``datetime64[D]`` array as Arrow strings (null for NaT); formats each distinct day once."""
    pa, _ = _pa()
    d = np.asarray(days, dtype="datetime64[D]")
    nat = np.isnat(d)
    if not len(d):
        return pa.array([], type=pa.string())
    uniq, inverse = np.unique(d.view("i8"), return_inverse=True)
    text = pa.array(np.datetime_as_string(uniq.view("datetime64[D]"), unit="D").astype(object), type=pa.string())
    return text.take(pa.array(inverse.reshape(-1).astype(np.int64), mask=nat))


def _float_text(values: np.ndarray):
    """Python's ``repr`` of every float64 (as pandas' CSV writer has it), '' for NaN, as Arrow strings.

    Each distinct value (bit for bit, so ``-0.0`` stays apart from ``0.0``) is formatted once.
    """
    i8 = np.ascontiguousarray(np.asarray(values, dtype=np.float64)).view(np.int64)
    return _by_distinct(i8, lambda distinct: _float_each(distinct.view(np.float64)))


def _float_each(values: np.ndarray):
    """:func:`_float_text`, value by value."""
    pa, pc = _pa()
    v = np.asarray(values, dtype=np.float64)
    nan = np.isnan(v)
    a = np.abs(v)
    with np.errstate(invalid="ignore"):
        integral = ~nan & np.isfinite(v) & (a < 1e16) & (v == np.trunc(v))
    safe = ~nan & ~integral & (a >= 1e-4) & (a < 1e9)
    text = pc.cast(pa.array(np.where(nan, 0.0, v)), pa.string())
    whole = pc.binary_join_element_wise(
        pc.cast(pa.array(np.where(integral, v, 0).astype(np.int64)), pa.string()), ".0", ""
    )
    text = pc.if_else(pa.array(integral), whole, text)
    other = ~nan & ~integral & ~safe
    negzero = integral & (v == 0) & np.signbit(v)
    other |= negzero
    if other.any():
        fixed = np.array([repr(float(x)) for x in v[other]], dtype=object)
        full = np.full(len(v), "", dtype=object)
        full[other] = fixed
        text = pc.if_else(pa.array(other), pa.array(full, type=pa.string()), text)
    return pc.if_else(pa.array(nan), "", text)


def _object_text(values: pd.Series) -> pd.Series:
    """An object column as text (``str`` of each value), missing kept missing."""
    try:
        return pd.Series(values.to_numpy(), index=values.index, dtype="str")
    except (TypeError, ValueError):
        text = values.map(lambda v: v if isinstance(v, str) else str(v))
        return pd.Series(text.mask(values.isna()).to_numpy(), index=values.index, dtype="str")


def _text_array(values: pd.Series, *, neutralize: bool, removed: list):
    pa, pc = _pa()
    if values.dtype == object:
        text = _object_text(values)
    elif pd.api.types.is_string_dtype(values.dtype):
        text = values
    else:  # categoricals, periods, timedeltas, ...: their text
        text = values.astype("str").mask(values.isna())
    arr = pa.array(text, type=pa.string(), from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if neutralize and _starts_risky(arr):  # only such columns pay for the rule's regular expressions
        arr = neutralize_cells(arr)  # the one neutralisation rule (model.privacy)
    if _holds_nul(arr):
        removed[0] += pc.sum(pc.match_substring(arr, "\x00")).as_py()
        arr = pc.replace_substring(arr, "\x00", "")  # the reader treats NUL as a damaged file
    return pc.fill_null(arr, "")


#: first bytes of a cell that :func:`~referralgraph.model.privacy.neutralize_cells` may quote: ' = + - @ tab CR
_RISKY_FIRST = np.frombuffer(b"'=+-@\t\r", dtype=np.uint8)


def _string_buffers(arr) -> tuple[np.ndarray, np.ndarray]:
    """``(offsets, bytes)`` of an Arrow string array as numpy views (no copy); offsets start at the array's own."""
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64 if arr.type.id == _large_id() else np.int32)
    offsets = offsets[arr.offset : arr.offset + len(arr) + 1]
    data = arr.buffers()[2]
    raw = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    return offsets, raw


def _starts_risky(arr) -> bool:
    """Whether some cell begins with a byte a formula (or a quote before one) starts with: one look per cell.

    Null cells may be looked at too (a harmless false alarm: the full rule then runs).
    """
    if not len(arr):
        return False
    offsets, raw = _string_buffers(arr)
    starts = offsets[:-1][offsets[1:] > offsets[:-1]]
    return bool(len(starts)) and bool(np.isin(raw[starts], _RISKY_FIRST).any())


def _holds_nul(arr) -> bool:
    """Whether a cell holds a NUL character (one byte scan)."""
    if not len(arr):
        return False
    offsets, raw = _string_buffers(arr)
    return bool((raw[int(offsets[0]) : int(offsets[-1])] == 0).any())


_PLAIN = "plain"  # marks columns whose cells never need quotes (numbers, dates, booleans)


def _column_cells(values: pd.Series, *, neutralize: bool, removed: list):
    """One column as Arrow text cells, by the rules of this module."""
    return _column_cells_kind(values, neutralize=neutralize, removed=removed)[0]


def _column_cells_kind(values: pd.Series, *, neutralize: bool, removed: list):
    """``(cells, kind)``: kind is ``"plain"`` for cells that never need quoting, else ``"text"``."""
    pa, pc = _pa()
    dtype = values.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype):
        if getattr(dtype, "tz", None) is not None:
            values = values.dt.tz_localize(None)
        return _iso_dates(values), _PLAIN
    if pd.api.types.is_bool_dtype(dtype):
        b = values.astype("boolean")
        arr = pa.array(b.to_numpy(dtype=bool, na_value=False), mask=b.isna().to_numpy())
        return pc.fill_null(pc.cast(arr, pa.string()), ""), _PLAIN
    if pd.api.types.is_integer_dtype(dtype):
        na = values.isna().to_numpy()
        arr = pa.array(values.to_numpy(dtype=np.int64, na_value=0), mask=na if na.any() else None)
        return pc.fill_null(pc.cast(arr, pa.string()), ""), _PLAIN
    if pd.api.types.is_float_dtype(dtype) and np.dtype(getattr(dtype, "numpy_dtype", dtype)) == np.float64:
        return _float_text(values.to_numpy(dtype=np.float64, na_value=np.nan)), _PLAIN
    return _text_array(values, neutralize=neutralize, removed=removed), "text"


def _fold_handwritten(frame: pd.DataFrame) -> pd.DataFrame:
    """Put ``handwritten_note_date`` back into ``handwritten_note``, as the input had it (the reader splits it again)."""
    cols = list(frame.columns)
    if (
        cols
        and cols[-1] == "handwritten_note_date"
        and "handwritten_note" in cols
        and pd.api.types.is_datetime64_any_dtype(frame["handwritten_note_date"].dtype)
    ):
        pa, pc = _pa()
        dated = frame["handwritten_note_date"]
        flag = _column_cells(frame["handwritten_note"], neutralize=False, removed=[0])
        text = pc.if_else(pa.array(dated.notna().to_numpy()), _iso_dates(dated), flag)
        frame = frame.drop(columns="handwritten_note_date")
        frame["handwritten_note"] = pd.Series(text.to_pandas(), index=frame.index, dtype="str")
    return frame


def table_cells(frame: pd.DataFrame, *, neutralize: bool = True):
    """The text cells of a table as an Arrow table of strings (no nulls), header included.

    Parameters
    ----------
    frame : pandas.DataFrame
        Any table; it is not changed.
    neutralize : bool, default True
        Prefix ``'`` to text cells and headers that a spreadsheet would run as a
        formula (real numbers such as ``-5`` are left alone).

    Returns
    -------
    pyarrow.Table
        One string column per column of ``frame`` (in order), named by the
        formatted header; duplicated names are kept.

    Examples
    --------
    >>> import pandas as pd
    >>> from referralgraph.readwrite.tabular import table_cells
    >>> t = table_cells(pd.DataFrame({"name": ["=1+1", "-5"], "when": pd.to_datetime(["2026-03-04", None])}))
    >>> t.column_names, t.column("name").to_pylist(), t.column("when").to_pylist()
    (['name', 'when'], ["'=1+1", '-5'], ['2026-03-04', ''])
    """
    pa, _ = _pa()
    removed = [0]
    cells = [
        _column_cells_kind(frame.iloc[:, j], neutralize=neutralize, removed=removed) for j in range(frame.shape[1])
    ]
    columns = [c for c, _ in cells]
    plain = [j for j, (_, kind) in enumerate(cells) if kind == _PLAIN]
    if removed[0]:
        warnings.warn(
            f"{removed[0]} cell{'s' if removed[0] != 1 else ''} held NUL characters (0x00), which a CSV "
            "file cannot hold; they were removed",
            ReferralGraphWarning,
            stacklevel=3,
        )
    header = pd.Series([str(c) for c in frame.columns], dtype=object)
    if neutralize:
        header = neutralize_cells(header)
    names = [str(h) for h in header.tolist()]
    if not columns:
        return pa.table({})
    table = pa.Table.from_arrays(
        [pa.chunked_array([c]) if not isinstance(c, pa.ChunkedArray) else c for c in columns], names=names
    )
    return table.replace_schema_metadata({_PLAIN: ",".join(map(str, plain))})


# ---------------------------------------------------------------------------- CSV
def _quote(arr, single: bool):
    """RFC 4180 minimal quoting of a text column, as Python's csv module does it."""
    pa, pc = _pa()
    needs = pc.match_substring_regex(arr, '[",\r\n]')
    if single:  # the csv module quotes an empty lone field, so a blank row stays a row
        needs = pc.or_(needs, pc.equal(pc.binary_length(arr), 0))
    if not pc.any(needs).as_py():
        return arr
    q, empty = pa.scalar('"', arr.type), pa.scalar("", arr.type)
    quoted = pc.binary_join_element_wise(q, pc.replace_substring(arr, '"', '""'), q, empty)
    return pc.if_else(needs, quoted, arr)


def _header_line(names: list[str], eol: str) -> str:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator=eol).writerow(names)
    return buf.getvalue()


#: bytes that make a CSV cell need quotes: ``"`` ``,`` ``\r`` ``\n``
_STRUCTURAL = np.array([34, 44, 13, 10], dtype=np.uint8)
#: a batch with more rows needing quotes than this is joined whole rather than cut into runs
_MAX_RUNS = 512


def _dirty_rows(arr, single: bool) -> np.ndarray:
    """Rows of a string array whose cell needs quoting: one vectorised scan of the bytes, no regex."""
    offsets, data = _string_buffers(arr)
    lo, hi = int(offsets[0]), int(offsets[-1])
    raw = data[lo:hi]
    text = raw.tobytes()  # one copy; then a memchr per byte value, so a column without any costs little
    if any(chr(b).encode() in text for b in _STRUCTURAL.tolist()):
        hits = np.flatnonzero(np.isin(raw, _STRUCTURAL)) + lo
    else:
        hits = np.zeros(0, np.int64)
    rows = np.unique(np.searchsorted(offsets, hits, side="right") - 1)
    if single:  # the csv module quotes an empty lone field, so a blank row stays a row
        rows = np.union1d(rows, np.flatnonzero(np.diff(offsets) == 0))
    return rows


def _large_id():
    pa, _ = _pa()
    return pa.large_string().id


def _joined(cols: list, plain: set, single: bool, eol: str, kind) -> memoryview:
    """Rows built by joining the cells with Arrow compute (quoting the text columns that need it)."""
    pa, pc = _pa()
    cols = [c if j in plain else _quote(c, single) for j, c in enumerate(cols)]
    rows = pc.binary_join_element_wise(*cols, pa.scalar(",", kind)) if len(cols) > 1 else cols[0]
    lines = pc.binary_join_element_wise(rows, pa.scalar(eol, kind), pa.scalar("", kind))
    if isinstance(lines, pa.ChunkedArray):
        lines = lines.combine_chunks()
    width = np.int64 if kind == pa.large_string() else np.int32
    offsets = np.frombuffer(lines.buffers()[1], dtype=width)[lines.offset : lines.offset + len(lines) + 1]
    data = lines.buffers()[2]
    if data is None:
        return memoryview(b"")
    return memoryview(data)[int(offsets[0]) : int(offsets[-1])]


def _arrow_csv(part, eol: str):
    """Rows of cells none of which needs quoting, written by Arrow's own CSV writer."""
    import pyarrow.csv as pacsv

    pa, _ = _pa()
    sink = pa.BufferOutputStream()
    pacsv.write_csv(part, sink, pacsv.WriteOptions(include_header=False, quoting_style="none", eol=eol))
    return sink.getvalue()


def _chunks(cells, eol: str):
    """Yield the encoded body of the CSV in pieces (each a buffer-like object).

    Runs of rows whose cells need no quotes go through Arrow's CSV writer; the rows
    that do (a comma, a quote or a line break in a text cell) are joined cell by cell
    with the quoting of Python's csv module. A batch with very many such rows is
    joined whole. Both give the same bytes. Each column is combined and scanned for
    such cells once; batches are zero-copy slices of it.
    """
    n = cells.num_rows
    single = cells.num_columns == 1
    meta = (cells.schema.metadata or {}).get(_PLAIN.encode(), b"")
    plain = {int(j) for j in meta.decode().split(",") if j} if not single else set()
    columns = [cells.column(j).combine_chunks() for j in range(cells.num_columns)]
    dirty = np.zeros(0, np.int64)
    for j, c in enumerate(columns):
        if j not in plain:
            dirty = np.union1d(dirty, _dirty_rows(c, single))
    for start in range(0, n, _BATCH):
        cols = [c.slice(start, _BATCH) for c in columns]
        rows = dirty[(dirty >= start) & (dirty < start + _BATCH)] - start
        yield from _batch(cols, rows, plain, single, eol)


def _batch(cols: list, dirty: np.ndarray, plain: set, single: bool, eol: str):
    """The pieces of one batch of rows; ``dirty`` are the rows (in the batch) with a cell that needs quotes."""
    pa, pc = _pa()
    # 32-bit offsets unless the batch could pass 2 GiB of text
    kind = pa.large_string() if sum(_text_bytes(c) for c in cols) > (1 << 30) else pa.string()
    cols = [c if c.type == kind else pc.cast(c, kind) for c in cols]
    if len(dirty) > _MAX_RUNS or (single and len(dirty)):
        yield _joined(cols, plain, single, eol, kind)
        return
    table = pa.Table.from_arrays(cols, names=[str(j) for j in range(len(cols))])
    at = 0
    for r in [*dirty.tolist(), len(table)]:
        if r > at:
            yield _arrow_csv(table.slice(at, r - at), eol)
        if r < len(table):
            yield _joined([c.slice(r, 1) for c in cols], plain, single, eol, kind)
        at = r + 1


def _text_bytes(arr) -> int:
    """Bytes of text a (possibly sliced) string array holds, with its offsets."""
    if not len(arr):
        return 0
    offsets, _ = _string_buffers(arr)
    return int(offsets[-1] - offsets[0]) + offsets.itemsize * len(offsets)


def csv_bytes(frame: pd.DataFrame, *, neutralize: bool = True, bom: bool = True, eol: str = "\r\n") -> bytes:
    """The CSV text of a table by the rules of this module, as UTF-8 bytes.

    Examples
    --------
    >>> import pandas as pd
    >>> from referralgraph.readwrite.tabular import csv_bytes
    >>> csv_bytes(pd.DataFrame({"a": ["x,y", "=2"], "b": [1.0, None]}), bom=False)
    b'a,b\\r\\n"x,y",1.0\\r\\n\\'=2,\\r\\n'
    """
    import io

    buf = io.BytesIO()
    _write_csv_to(buf, frame, neutralize=neutralize, bom=bom, eol=eol)
    return buf.getvalue()


def write_cells(handle, cells, *, bom: bool = True, eol: str = "\r\n") -> None:
    """Write :func:`table_cells` output to a binary file object as CSV."""
    if bom:
        handle.write(_BOM)
    if cells.num_columns == 0:  # what pandas writes for a table without columns
        handle.write(('""' + eol).encode("utf-8"))
        return
    handle.write(_header_line(cells.column_names, eol).encode("utf-8", "surrogatepass"))
    for piece in _chunks(cells, eol):
        handle.write(piece)


def _write_csv_to(handle, frame: pd.DataFrame, *, neutralize: bool, bom: bool, eol: str) -> None:
    write_cells(handle, table_cells(frame, neutralize=neutralize), bom=bom, eol=eol)


@share_docs
def write_csv(frame: pd.DataFrame, path: PathLike, *, overwrite: bool = False, neutralize: bool = True) -> Path:
    """Write a table as CSV (UTF-8 with BOM, ``\\r\\n``, minimal quoting) atomically; returns the path.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table (not changed); its index is not written.
    path : path
        The file.
    overwrite : bool, default False
        Replace an existing file.
    neutralize : bool, default True
        Neutralise formula triggers in text cells and headers.

    Raises
    ------
    {raises_overwrite}
    """
    with atomic_open(path, "wb", overwrite=overwrite) as f:
        _write_csv_to(f, frame, neutralize=neutralize, bom=True, eol="\r\n")
    return Path(path)


# ---------------------------------------------------------------------------- Parquet
def arrow_table(frame: pd.DataFrame):
    """A table as Arrow columns with the types Parquet keeps: text, int64, float64, bool, timestamps.

    Object columns that are not all text (a dict per cell, mixed values) become their
    ``str`` text; column names become text. The index is not kept.
    """
    pa, _ = _pa()
    arrays, names = [], []
    for j in range(frame.shape[1]):
        col = frame.iloc[:, j]
        names.append(str(frame.columns[j]))
        dtype = col.dtype
        if pd.api.types.is_datetime64_any_dtype(dtype):
            if getattr(dtype, "tz", None) is not None:
                col = col.dt.tz_localize(None)
            arrays.append(
                pa.array(col.to_numpy(dtype="datetime64[ns]"), mask=col.isna().to_numpy(), type=pa.timestamp("ns"))
            )
        elif pd.api.types.is_bool_dtype(dtype):
            b = col.astype("boolean")
            arrays.append(pa.array(b.to_numpy(dtype=bool, na_value=False), mask=b.isna().to_numpy()))
        elif pd.api.types.is_integer_dtype(dtype):
            na = col.isna().to_numpy()
            arrays.append(pa.array(col.to_numpy(dtype=np.int64, na_value=0), mask=na if na.any() else None))
        elif pd.api.types.is_float_dtype(dtype):
            arrays.append(pa.array(col.to_numpy(dtype=np.float64, na_value=np.nan), from_pandas=False))
        else:
            text = (
                _object_text(col)
                if dtype == object  # noqa: E721
                # noqa: E721 (a numpy dtype)
                else (col if pd.api.types.is_string_dtype(dtype) else col.astype("str").mask(col.isna()))
            )
            arrays.append(pa.array(text, type=pa.string(), from_pandas=True))
    return pa.Table.from_arrays(arrays, names=names) if arrays else pa.table({})


@share_docs
def write_parquet(frame: pd.DataFrame, path: PathLike, *, overwrite: bool = False) -> Path:
    """Write a table as one Parquet file (zstd-compressed, column types kept) atomically; returns the path.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table (not changed); its index is not written.
    path : path
        The file (``.parquet``).
    overwrite : bool, default False
        Replace an existing file.

    Raises
    ------
    {raises_overwrite}
    """
    import pyarrow.parquet as pq

    table = arrow_table(frame)
    with atomic_open(path, "wb", overwrite=overwrite) as f:
        pq.write_table(table, f, compression="zstd")
    return Path(path)


@share_docs
def write_table(frame: pd.DataFrame, path: PathLike, *, overwrite: bool = False, neutralize: bool = True) -> Path:
    """Write a table as CSV or Parquet, chosen by the file name; returns the path.

    ``.parquet`` writes Parquet (column types kept); any other name writes CSV by the
    rules of this module (UTF-8 with BOM, ``\\r\\n``, ISO dates, neutralised formulas).

    Parameters
    ----------
    frame : pandas.DataFrame
        The table; it is not changed.
    path : path
        The file to write.
    overwrite : bool, default False
        Replace an existing file.
    neutralize : bool, default True
        CSV only: neutralise formula triggers (see :func:`referralgraph.save`).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    {raises_overwrite}
    SchemaError
        If ``frame`` is not a DataFrame.

    Examples
    --------
    >>> import pandas as pd, tempfile, pathlib
    >>> from referralgraph.readwrite.tabular import write_table
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> frame = pd.DataFrame({"contact": ["ann", "=bo"], "generation": [1, 2]})
    >>> write_table(frame, folder / "t.csv").read_bytes()
    b"\\xef\\xbb\\xbfcontact,generation\\r\\nann,1\\r\\n'=bo,2\\r\\n"
    >>> pd.read_parquet(write_table(frame, folder / "t.parquet"))["contact"].tolist()
    ['ann', '=bo']
    """
    if not isinstance(frame, pd.DataFrame):
        raise SchemaError(f"expected a pandas DataFrame to write; got {type(frame).__name__}")
    if Path(path).suffix.lower() == ".parquet":
        return write_parquet(frame, path, overwrite=overwrite)
    return write_csv(frame, path, overwrite=overwrite, neutralize=neutralize)


# ---------------------------------------------------------------------------- reading Parquet
def read_parquet_frame(path: Path) -> pd.DataFrame:
    """One Parquet file as a DataFrame (text as ``str``, types kept); SchemaError when it is not Parquet."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .._limits import check_parquet

    check_parquet(path)  # metadata checked against the limits before any data is read
    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise SchemaError(
            f"{path}: not a readable Parquet file ({type(exc).__name__}: {exc}); expected a file "
            "written by referralgraph, pandas' to_parquet or another Parquet writer"
        ) from exc
    names = [str(n) for n in table.column_names]
    columns = {}
    for j, name in enumerate(names):
        col = table.column(j)
        t = col.type
        if pa.types.is_dictionary(t):
            col = col.cast(t.value_type)
            t = t.value_type
        if pa.types.is_string(t) or pa.types.is_large_string(t):
            columns[j] = pd.Series(col.to_pandas(), dtype="str")
        elif pa.types.is_timestamp(t) or pa.types.is_date(t):
            s = col.to_pandas()
            s = pd.to_datetime(s)  # its own unit: the range is checked when the cells are read (_parse)
            if getattr(s.dtype, "tz", None) is not None:  # the one time-zone rule: a zoned time is read in UTC
                s = s.dt.tz_convert("UTC").dt.tz_localize(None)
            columns[j] = s
        elif pa.types.is_boolean(t):
            columns[j] = col.to_pandas().astype("boolean") if col.null_count else col.to_pandas()
        elif pa.types.is_integer(t) or pa.types.is_floating(t):
            columns[j] = col.to_pandas()
        else:  # lists, structs, binary, ...: their text
            columns[j] = pd.Series([None if v is None else str(v) for v in col.to_pylist()], dtype="str")
    frame = pd.DataFrame(columns) if columns else pd.DataFrame(index=pd.RangeIndex(table.num_rows))
    frame.columns = names
    return frame


# ---------------------------------------------------------------------------- cells
def _csv_cells(frame: pd.DataFrame, *, neutralize: bool):
    """The table as text cells, the way the input format writes it (see :mod:`.tabular`)."""
    return table_cells(_fold_handwritten(frame), neutralize=neutralize)


def _csv_frame(frame: pd.DataFrame, *, neutralize: bool) -> pd.DataFrame:
    """:func:`_csv_cells` as a pandas DataFrame of strings (for code that edits cells)."""
    return _csv_cells(frame, neutralize=neutralize).to_pandas()


def _tables(net: ReferralNetwork) -> dict[str, pd.DataFrame]:
    tables = {t: net.table(t) for t in ("contacts", "introductions", "meetings")}
    if len(net.table("opportunities")):  # the optional fourth table, written only when there is one
        tables["opportunities"] = net.table("opportunities")
    return tables
