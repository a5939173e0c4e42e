"""Vectorised parsing of the spreadsheet values people actually type: booleans and dates.

Every parser returns the parsed column plus boolean masks of the values it refused,
so validation can name each bad cell; nothing is coerced to a guess.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pandas as pd

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
    "%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%B %d %Y",
    "%d-%b-%Y", "%d-%b-%y", "%d %b %Y %H:%M", "%d %B %Y %H:%M", "%b %d, %Y %H:%M",
    "%A, %B %d, %Y", "%a, %d %b %Y",
)
_NUMERIC = (
    r"^(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})"
    r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<p>[AaPp][Mm])?)?$"
)
_EXCEL_EPOCH = np.datetime64("1899-12-30")


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
    known word.
    """
    if pd.api.types.is_bool_dtype(values.dtype):
        return values.astype("boolean"), np.zeros(len(values), dtype=bool)
    text = values.astype("string").str.strip().str.lower()
    is_true = text.isin(TRUE_WORDS).fillna(False).to_numpy(dtype=bool)
    is_false = text.isin(FALSE_WORDS).fillna(False).to_numpy(dtype=bool)
    blank = blank_mask(values)
    out = pd.array(np.where(is_true, True, False), dtype="boolean")
    out[~(is_true | is_false)] = pd.NA
    bad = ~(is_true | is_false | blank)
    return pd.Series(out, index=values.index, name=values.name), bad


#: the canonical ISO forms Arrow parses directly: zero-padded, no spaces around, no time zone
_ARROW_ISO = r"^\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d(?::\d\d)?)?$"
#: the window the Arrow path accepts (inside datetime64[ns]); other years take the general path
_ARROW_LOW, _ARROW_HIGH = np.datetime64("1700-01-01", "ns"), np.datetime64("2250-01-01", "ns")


def _arrow_iso(values: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """Dates of the cells written exactly in a canonical ISO form, parsed by Arrow: ``(parsed, ok)``.

    A cell counts only when it is exactly ``YYYY-MM-DD`` with an optional ``HH:MM`` or
    ``HH:MM:SS`` (after a space or ``T``), a real date within 1700-2249; anything else
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
        when = pc.cast(cells, pa.timestamp("ns")).to_numpy(zero_copy_only=False).astype("datetime64[ns]")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    inside = (when >= _ARROW_LOW) & (when < _ARROW_HIGH)
    idx = np.flatnonzero(ok)
    out[idx[inside]] = when[inside]
    ok[idx[~inside]] = False
    return out, ok


def parse_dates(
    values: pd.Series, *, date_format: str | None = None, dayfirst: bool | None = None
) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """Parse a column of dates written as spreadsheets and people write them.

    Returns ``(parsed, bad, ambiguous)``: the parsed ``datetime64[ns]`` column (NaT
    for blanks), a mask of values that are no known date form, and a mask of
    numeric dates whose day/month order cannot be told (03/04/2026) when neither
    ``date_format`` nor ``dayfirst`` was given.

    Cells in a canonical ISO form are parsed by Arrow first; the rest by the
    general rules below (every cell is parsed on its own, so the split changes nothing).
    """
    fast = None if date_format else _arrow_iso(values)
    if fast is not None and fast[1].any():
        got, ok = fast
        n = len(values)
        if ok.all():
            return pd.Series(got, index=values.index, name=values.name), np.zeros(n, bool), np.zeros(n, bool)
        rest, bad_rest, amb_rest = _parse_dates(values[~ok], date_format=date_format, dayfirst=dayfirst)
        got[~ok] = rest.to_numpy(dtype="datetime64[ns]")
        bad, amb = np.zeros(n, bool), np.zeros(n, bool)
        bad[~ok], amb[~ok] = bad_rest, amb_rest
        return pd.Series(got, index=values.index, name=values.name), bad, amb
    return _parse_dates(values, date_format=date_format, dayfirst=dayfirst)


def _parse_dates(values: pd.Series, *, date_format: str | None, dayfirst: bool | None):
    """:func:`parse_dates` by the general rules (pandas), every cell on its own."""
    n = len(values)
    index = values.index
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        parsed = values
        if getattr(parsed.dt, "tz", None) is not None:
            parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
        parsed = parsed.astype("datetime64[ns]")
        return parsed.rename(values.name), np.zeros(n, bool), np.zeros(n, bool)

    result = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    blank = blank_mask(values)
    todo = ~blank
    # text columns (the common case) stay in pyarrow; only mixed object columns pay for Python objects
    obj = values.to_numpy(dtype=object) if values.dtype == object else None

    # Cells that are already date objects (openpyxl returns these) or numbers (Excel serials).
    if values.dtype == object and todo.any():
        kinds = np.fromiter((type(v) for v in obj), dtype=object, count=n)
        is_dt = np.fromiter((isinstance(v, (_dt.date, pd.Timestamp)) for v in obj), bool, count=n) & todo
        if is_dt.any():
            result[is_dt] = pd.to_datetime(pd.Series(obj[is_dt]), utc=True).dt.tz_localize(None).to_numpy()
            todo &= ~is_dt
        is_num = np.fromiter((k in (int, float, np.int64, np.float64) for k in kinds), bool, count=n) & todo
        if is_num.any():
            nums = obj[is_num].astype(float)
            ok = (nums > 1) & (nums < 2958466)
            sub = np.full(nums.shape, np.datetime64("NaT"), dtype="datetime64[ns]")
            sub[ok] = _EXCEL_EPOCH + (nums[ok] * 86400).round().astype("timedelta64[s]")
            result[is_num] = sub
            todo &= ~is_num  # out-of-range numbers stay NaT and are reported as bad below
    if not todo.any():
        bad = ~blank & np.isnat(result)
        return pd.Series(result, index=index, name=values.name), bad, np.zeros(n, bool)

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
        got = got.to_numpy(dtype="datetime64[ns]")
        ok = ~np.isnat(got)
        idx = np.flatnonzero(mask)[ok]
        result[idx] = got[ok]
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
            y = np.where(y < 100, 2000 + y, y)
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
                    "year": y, "month": month, "day": day, "hour": hours,
                    "minute": p["M"].fillna("0").astype(int).to_numpy(),
                    "second": p["S"].fillna("0").astype(int).to_numpy(),
                }
            )
            got = pd.to_datetime(frame, errors="coerce").to_numpy(dtype="datetime64[ns]")
            ok = ~np.isnat(got) & ~amb
            result[idx[ok]] = got[ok]
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
            result[serial] = _EXCEL_EPOCH + (nums * 86400).round().astype("timedelta64[s]")
            todo &= ~serial
    bad = ~blank & np.isnat(result) & ~ambiguous
    return pd.Series(result, index=index, name=values.name), bad, ambiguous
