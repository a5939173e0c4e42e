"""Vectorised parsing of the spreadsheet values people actually type: booleans and dates.

Every parser returns the parsed column plus boolean masks of the values it refused,
so validation can name each bad cell; nothing is coerced to a guess.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pandas as pd

from .._checks import DATE_MAX, DATE_MIN

TRUE_WORDS = frozenset({"true", "yes", "y", "1", "x", "t", "1.0"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "f", "0.0"})
BOOL_WORDS_TEXT = "true/false, yes/no, y/n, 1/0, x or blank"

#: accepted date forms, written out in docs/data-format.md
DATE_FORMS_TEXT = (
    "ISO (2026-02-08, 2026-02-08 14:30, 2026-02-08T14:30:00), 2026/02/08, "
    "08 Feb 2026, 8 February 2026, Feb 8, 2026, 08-Feb-2026, "
    "day/month/year or month/year/day with / . or - when the order is clear "
    "(25/03/2026, 03/25/2026) or given, and Excel serial day numbers"
)

_WORDY_FORMATS = (
    "%d %b %Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%d %b %Y %H:%M",
    "%d %B %Y %H:%M",
    "%b %d, %Y %H:%M",
    "%A, %B %d, %Y",
    "%a, %d %b %Y",
)
_NUMERIC = (
    r"^(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})"
    r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<p>[AaPp][Mm])?)?$"
)
_EXCEL_EPOCH = np.datetime64("1899-12-30")

#: every date is read into this range, the one of the date options (:data:`referralgraph._checks.DATE_MIN` ..
#: ``DATE_MAX``): far inside pandas' nanosecond range (1677-09-21 .. 2262-04-11), so no date can wrap around
DATE_RANGE_TEXT = f"{DATE_MIN:%Y-%m-%d} to {DATE_MAX:%Y-%m-%d}"
_RANGE_LOW = np.datetime64(DATE_MIN, "D")
_RANGE_END = np.datetime64(DATE_MAX, "D") + np.timedelta64(1, "D")


def within_range(when) -> tuple[np.ndarray, np.ndarray]:
    """Dates of any resolution as ``datetime64[ns]``, those outside the supported range as NaT: ``(dates, outside)``.

    The range is compared in the values' own unit (seconds, micro- or nanoseconds, days),
    so a year such as 0001 or 9999 is refused instead of wrapping around when cast to
    nanoseconds.

    Examples
    --------
    >>> import numpy as np
    >>> from referralgraph.readwrite._parse import within_range
    >>> dates, outside = within_range(np.array(["0001-01-01", "2026-03-02"], dtype="datetime64[s]"))
    >>> dates.dtype, outside.tolist()
    (dtype('<M8[ns]'), [True, False])
    """
    when = np.asarray(when)
    if when.dtype.kind != "M":
        when = when.astype("datetime64[ns]")
    outside = ~np.isnat(when) & ((when < _RANGE_LOW.astype(when.dtype)) | (when >= _RANGE_END.astype(when.dtype)))
    if outside.any():
        when = when.copy()
        when[outside] = np.datetime64("NaT")
    return when.astype("datetime64[ns]"), outside


def blank_mask(values: pd.Series) -> np.ndarray:
    """True where a cell is empty: NaN/None or only white space."""
    na = values.isna().to_numpy()
    if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
        text = values.astype("string").str.strip()
        na = na | (text == "").fillna(True).to_numpy(dtype=bool)
    return na


def parse_bool(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Parse a column of yes/no words into a nullable boolean column.

    Returns the parsed column and a mask of the cells that are not blank and not a
    known word. A long text column is parsed one distinct cell at a time.
    """
    if pd.api.types.is_bool_dtype(values.dtype):
        return values.astype("boolean"), np.zeros(len(values), dtype=bool)
    distinct = distinct_cells(values)
    if distinct is None:
        return _parse_bool(values)
    cells, codes = distinct
    parsed, bad = _parse_bool(cells)
    known = codes >= 0
    at = np.where(known, codes, 0)
    word = parsed.to_numpy(dtype=object, na_value=None)[at] if len(cells) else np.full(len(codes), None)
    out = pd.array(np.where(known, word == True, False), dtype="boolean")  # noqa: E712 (True, not truthy)
    out[~known | pd.isna(word)] = pd.NA
    bad_cells = bad[at] & known if len(cells) else np.zeros(len(codes), bool)
    return pd.Series(out, index=values.index, name=values.name), bad_cells


def _parse_bool(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """:func:`parse_bool` cell by cell."""
    text = values.astype("string").str.strip().str.lower()
    is_true = text.isin(TRUE_WORDS).fillna(False).to_numpy(dtype=bool)
    is_false = text.isin(FALSE_WORDS).fillna(False).to_numpy(dtype=bool)
    blank = blank_mask(values)
    out = pd.array(np.where(is_true, True, False), dtype="boolean")
    out[~(is_true | is_false)] = pd.NA
    bad = ~(is_true | is_false | blank)
    return pd.Series(out, index=values.index, name=values.name), bad


#: text columns at least this long are parsed one distinct cell at a time (a cohort has few distinct days)
_DISTINCT_MIN = 5_000


def distinct_cells(values: pd.Series) -> tuple[pd.Series, np.ndarray] | None:
    """``(distinct cells, code of each cell)`` of a long Arrow-backed text column; code -1 for a missing cell.

    One Arrow ``dictionary_encode``: the parsers then run on the distinct cells only
    (every rule reads one cell at a time, so the answers are the same). ``None`` for
    short columns and columns that are not Arrow text.
    """
    if len(values) < _DISTINCT_MIN or values.dtype == object or not pd.api.types.is_string_dtype(values.dtype):
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(values, from_pandas=True)  # the column's own Arrow data, chunks kept
    encoded = pc.dictionary_encode(arr if isinstance(arr, pa.ChunkedArray) else pa.chunked_array([arr]))
    if encoded.num_chunks == 0:
        return None
    cells = encoded.chunk(0).dictionary
    codes = pa.chunked_array([c.indices for c in encoded.chunks]).fill_null(-1).to_numpy().astype(np.int64)
    return pd.Series(cells.to_pandas(), dtype="str"), codes


#: the canonical ISO forms Arrow parses directly: zero-padded, no spaces around, no time zone
_ARROW_ISO = r"^\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d(?::\d\d)?)?$"
#: the window the Arrow path accepts (the supported range); other years take the general path, which reports them
_ARROW_LOW, _ARROW_HIGH = _RANGE_LOW.astype("datetime64[us]"), _RANGE_END.astype("datetime64[us]")


def _arrow_iso(values: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """Dates of the cells written exactly in a canonical ISO form, parsed by Arrow: ``(parsed, ok)``.

    A cell counts only when it is exactly ``YYYY-MM-DD`` with an optional ``HH:MM`` or
    ``HH:MM:SS`` (after a space or ``T``), a real date within the supported range; anything else
    (``2026-2-8``, a time zone, spaces around) takes the general path. ``None`` when
    the column is not text or one such cell is no real date (``2026-02-30``): then
    the whole column takes the general path, which names the bad cells.
    """
    if values.dtype == object or not pd.api.types.is_string_dtype(values.dtype) or not len(values):
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(values, type=pa.string(), from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    ok = pc.fill_null(pc.match_substring_regex(arr, _ARROW_ISO), False).to_numpy(zero_copy_only=False)
    out = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[ns]")
    if not ok.any():
        return out, ok
    cells = arr if ok.all() else arr.filter(pa.array(ok))
    try:
        when = pc.cast(cells, pa.timestamp("us")).to_numpy(zero_copy_only=False).astype("datetime64[us]")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    inside = (when >= _ARROW_LOW) & (when < _ARROW_HIGH)
    idx = np.flatnonzero(ok)
    out[idx[inside]] = when[inside].astype("datetime64[ns]")
    ok[idx[~inside]] = False
    return out, ok


def parse_dates(
    values: pd.Series, *, date_format: str | None = None, dayfirst: bool | None = None
) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """Parse a column of dates written as spreadsheets and people write them.

    Returns ``(parsed, bad, ambiguous)``: the parsed ``datetime64[ns]`` column (NaT
    for blanks), a mask of values that are no known date form or a date outside the
    supported range (:data:`DATE_RANGE_TEXT`; :func:`outside_range` tells those apart),
    and a mask of numeric dates whose day/month order cannot be told (03/04/2026) when
    neither ``date_format`` nor ``dayfirst`` was given.

    One time-zone rule: a time with an offset or zone (``2026-02-08T14:30+02:00``, a
    zoned date-time object or Parquet timestamp) is converted to UTC and kept without
    the zone; a time without one is kept as written.

    A long text column is parsed one distinct cell at a time (:func:`distinct_cells`).
    Cells in a canonical ISO form are parsed by Arrow first; the rest by the
    general rules below (every cell is parsed on its own, so neither step changes an answer).
    """
    parsed, bad, ambiguous, _ = _parse_in_range(values, date_format=date_format, dayfirst=dayfirst)
    return parsed, bad, ambiguous


def outside_range(values: pd.Series, *, date_format: str | None = None, dayfirst: bool | None = None) -> np.ndarray:
    """True where a cell is a real date outside the supported range (:data:`DATE_RANGE_TEXT`).

    Those cells are also in :func:`parse_dates`' ``bad`` mask; this tells them apart
    from cells that are no date at all, for the message.

    Examples
    --------
    >>> import pandas as pd
    >>> from referralgraph.readwrite._parse import outside_range
    >>> outside_range(pd.Series(["0001-01-01", "2300-01-01 10:00", "2026-03-02", "soon"])).tolist()
    [True, True, False, False]
    """
    return _parse_in_range(values, date_format=date_format, dayfirst=dayfirst)[3]


def _parse_in_range(values: pd.Series, *, date_format: str | None, dayfirst: bool | None):
    """``(parsed, bad, ambiguous, outside)``: :func:`parse_dates` plus the mask of dates outside the range.

    A long text column is parsed one distinct cell at a time (:func:`distinct_cells`).
    """
    distinct = distinct_cells(values)
    if distinct is None:
        return _parse_cells(values, date_format=date_format, dayfirst=dayfirst)
    cells, codes = distinct
    n = len(values)
    if not len(cells):
        return (
            pd.Series(np.full(n, np.datetime64("NaT"), "datetime64[ns]"), index=values.index, name=values.name),
            np.zeros(n, bool),
            np.zeros(n, bool),
            np.zeros(n, bool),
        )
    got, bad, amb, outside = _parse_cells(cells, date_format=date_format, dayfirst=dayfirst)
    known = codes >= 0
    at = np.where(known, codes, 0)
    when = np.where(known, got.to_numpy(dtype="datetime64[ns]")[at], np.datetime64("NaT"))
    return (
        pd.Series(when.astype("datetime64[ns]"), index=values.index, name=values.name),
        bad[at] & known,
        amb[at] & known,
        outside[at] & known,
    )


def _parse_cells(values: pd.Series, *, date_format: str | None, dayfirst: bool | None):
    """:func:`_parse_in_range` of every cell: Arrow for the canonical ISO cells, the general rules for the rest."""
    fast = None if date_format else _arrow_iso(values)
    if fast is not None and fast[1].any():
        got, ok = fast
        n = len(values)
        if ok.all():
            return (
                pd.Series(got, index=values.index, name=values.name),
                np.zeros(n, bool),
                np.zeros(n, bool),
                np.zeros(n, bool),
            )
        rest, bad_rest, amb_rest, out_rest = _parse_dates(values[~ok], date_format=date_format, dayfirst=dayfirst)
        got[~ok] = rest.to_numpy(dtype="datetime64[ns]")
        bad, amb, outside = np.zeros(n, bool), np.zeros(n, bool), np.zeros(n, bool)
        bad[~ok], amb[~ok], outside[~ok] = bad_rest, amb_rest, out_rest
        return pd.Series(got, index=values.index, name=values.name), bad, amb, outside
    return _parse_dates(values, date_format=date_format, dayfirst=dayfirst)


def _parse_dates(values: pd.Series, *, date_format: str | None, dayfirst: bool | None):
    """:func:`parse_dates` by the general rules (pandas), every cell on its own, plus the ``outside`` mask."""
    n = len(values)
    index = values.index
    if pd.api.types.is_datetime64_any_dtype(values.dtype):  # Parquet timestamps and dates, of any unit
        parsed = values
        if getattr(parsed.dt, "tz", None) is not None:
            parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
        got, outside = within_range(parsed.to_numpy())
        return pd.Series(got, index=index, name=values.name), outside, np.zeros(n, bool), outside

    result = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    outside = np.zeros(n, dtype=bool)

    def put(idx: np.ndarray, when) -> None:
        """Dates of any unit into ``result`` at ``idx``; those outside the range flagged, left NaT."""
        got, out = within_range(when)
        result[idx] = got
        outside[idx] = out

    blank = blank_mask(values)
    todo = ~blank
    # text columns (the common case) stay in pyarrow; only mixed object columns pay for Python objects
    obj = values.to_numpy(dtype=object) if values.dtype == object else None

    # Cells that are already date objects (openpyxl returns these) or numbers (Excel serials).
    if obj is not None and todo.any():
        kinds = np.fromiter((type(v) for v in obj), dtype=np.object_, count=n)
        is_dt = np.fromiter((isinstance(v, (_dt.date, pd.Timestamp)) for v in obj), np.bool_, count=n) & todo
        if is_dt.any():
            put(np.flatnonzero(is_dt), pd.to_datetime(pd.Series(obj[is_dt]), utc=True).dt.tz_localize(None).to_numpy())
            todo &= ~is_dt
        is_num = np.fromiter((k in (int, float, np.int64, np.float64) for k in kinds), bool, count=n) & todo
        if is_num.any():
            nums = obj[is_num].astype(float)
            ok = (nums > 1) & (nums < 2958466)
            sub = np.full(nums.shape, np.datetime64("NaT"), dtype="datetime64[s]")
            sub[ok] = _EXCEL_EPOCH + (nums[ok] * 86400).round().astype("timedelta64[s]")
            put(np.flatnonzero(is_num), sub)
            todo &= ~is_num  # out-of-range numbers stay NaT and are reported as bad below
    if not todo.any():
        bad = ~blank & np.isnat(result)
        return pd.Series(result, index=index, name=values.name), bad, np.zeros(n, bool), outside

    if obj is None:
        text = values.astype("str").str.strip()
    else:
        text = pd.Series(obj, index=index).astype("str").str.strip()

    def attempt(mask: np.ndarray, fmt: str, **kw) -> None:
        if not mask.any():
            return
        got = pd.to_datetime(text[mask], format=fmt, errors="coerce", **kw)
        if getattr(got.dt, "tz", None) is not None:
            got = got.dt.tz_convert("UTC").dt.tz_localize(None)
        got = got.to_numpy()  # its own unit (pandas reads 0001 or 9999 in microseconds): range checked by put
        ok = ~np.isnat(got)
        idx = np.flatnonzero(mask)[ok]
        put(idx, got[ok])
        todo[idx] = False

    if date_format:
        attempt(todo.copy(), date_format)
    # ISO first: the fast path that covers what programs write.
    iso = todo & text.str.match(r"^\d{4}-\d{1,2}-\d{1,2}").fillna(False).to_numpy(dtype=bool)
    attempt(iso, "ISO8601", utc=True)
    attempt(todo & text.str.match(r"^\d{4}/\d{1,2}/\d{1,2}$").fillna(False).to_numpy(dtype=bool), "%Y/%m/%d")

    ambiguous = np.zeros(n, dtype=bool)
    if todo.any():
        parts = text[todo].str.extract(_NUMERIC)
        hit = parts["a"].notna().to_numpy()
        if hit.any():
            idx = np.flatnonzero(todo)[hit]
            p = parts[hit]
            a = p["a"].astype(int).to_numpy()
            b = p["b"].astype(int).to_numpy()
            y = p["y"].astype(int).to_numpy()
            y = np.where(p["y"].str.len().to_numpy() == 2, 2000 + y, y)  # 26 is 2026; 0001 stays year 1
            if dayfirst is None:
                day_first = np.where(a > 12, True, np.where(b > 12, False, a == b))
                amb = (a <= 12) & (b <= 12) & (a != b)
            else:
                day_first = np.full(len(a), bool(dayfirst))
                amb = np.zeros(len(a), dtype=bool)
            day = np.where(day_first, a, b)
            month = np.where(day_first, b, a)
            hours = p["H"].fillna("0").astype(int).to_numpy()
            pm = p["p"].fillna("").str.lower().to_numpy()
            hours = np.where((pm == "pm") & (hours < 12), hours + 12, np.where((pm == "am") & (hours == 12), 0, hours))
            frame = pd.DataFrame(
                {
                    "year": y,
                    "month": month,
                    "day": day,
                    "hour": hours,
                    "minute": p["M"].fillna("0").astype(int).to_numpy(),
                    "second": p["S"].fillna("0").astype(int).to_numpy(),
                }
            )
            got = pd.to_datetime(frame, errors="coerce").to_numpy()
            ok = ~np.isnat(got) & ~amb
            put(idx[ok], got[ok])
            todo[idx[ok]] = False
            ambiguous[idx[amb]] = True
            todo[idx[amb]] = False
    for fmt in _WORDY_FORMATS:
        if not todo.any():
            break
        attempt(todo.copy(), fmt)
    if todo.any():  # Excel serial day numbers typed or exported as text
        serial = todo & text.str.fullmatch(r"\d{5}(\.\d+)?").fillna(False).to_numpy(dtype=bool)
        if serial.any():
            nums = text[serial].astype(float).to_numpy()
            put(np.flatnonzero(serial), _EXCEL_EPOCH + (nums * 86400).round().astype("timedelta64[s]"))
            todo &= ~serial
    bad = ~blank & np.isnat(result) & ~ambiguous
    return pd.Series(result, index=index, name=values.name), bad, ambiguous, outside
