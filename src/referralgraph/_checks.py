"""Shared validators: every public function checks its arguments with these.

Messages say what was expected and what was received, naming the option as the
user wrote it (``name`` is the parameter name in Python and may be given as the
CLI's spelling, e.g. ``"--as-of"``). Each raises a :class:`~referralgraph.ReferralGraphError`
subclass that is also the built-in a caller would catch (``TypeError``, ``ValueError``).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from typing import Literal, overload

from .exceptions import ArgumentTypeError, OptionError

__all__ = [
    "check_network",
    "check_int",
    "check_choice",
    "check_number",
    "check_date",
    "check_date_format",
    "check_path",
    "check_bool",
    "check_text",
    "DATE_MIN",
    "DATE_MAX",
    "DATE_OPTION_FORMS",
]


def check_network(net, *, name: str = "net"):
    """Return ``net`` if it is a :class:`~referralgraph.ReferralNetwork`, else raise :class:`ArgumentTypeError`.

    Examples
    --------
    >>> from referralgraph._checks import check_network
    >>> check_network("contacts.csv")
    Traceback (most recent call last):
    ...
    referralgraph.exceptions.ArgumentTypeError: net must be a ReferralNetwork, as returned by referralgraph.load() (got str)
    """
    from .model.network import ReferralNetwork

    if not isinstance(net, ReferralNetwork):
        raise ArgumentTypeError(
            f"{name} must be a ReferralNetwork, as returned by referralgraph.load() (got {type(net).__name__})"
        )
    return net


@overload
def check_int(
    name: str, value, *, minimum: int | None = None, maximum: int | None = None, allow_none: Literal[False] = False
) -> int: ...
@overload
def check_int(
    name: str, value, *, minimum: int | None = None, maximum: int | None = None, allow_none: bool
) -> int | None: ...
def check_int(
    name: str, value, *, minimum: int | None = None, maximum: int | None = None, allow_none: bool = False
) -> int | None:
    """Return ``value`` as an ``int`` within ``[minimum, maximum]``, else raise :class:`OptionError`.

    Examples
    --------
    >>> from referralgraph._checks import check_int
    >>> check_int("weeks", 12, minimum=1)
    12
    >>> check_int("weeks", 0, minimum=1)
    Traceback (most recent call last):
    ...
    referralgraph.exceptions.OptionError: weeks must be an integer >= 1 (got 0)
    """
    if value is None and allow_none:
        return None
    import numbers

    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if ok and minimum is not None and value < minimum:
        ok = False
    if ok and maximum is not None and value > maximum:
        ok = False
    if not ok:
        if minimum is not None and maximum is not None:
            want = f"an integer from {minimum} to {maximum}"
        elif minimum is not None:
            want = f"an integer >= {minimum}"
        elif maximum is not None:
            want = f"an integer <= {maximum}"
        else:
            want = "an integer"
        if allow_none:
            want += " or None"
        raise OptionError(f"{name} must be {want} (got {value!r})")
    return int(value)


def check_number(name: str, value, *, minimum: float | None = None, maximum: float | None = None) -> float:
    """Return ``value`` as a finite ``float`` within ``[minimum, maximum]``, else raise :class:`OptionError`.

    Examples
    --------
    >>> from referralgraph._checks import check_number
    >>> check_number("share", 0.5, minimum=0, maximum=1)
    0.5
    """
    import math
    import numbers

    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
    if ok and minimum is not None and value < minimum:
        ok = False
    if ok and maximum is not None and value > maximum:
        ok = False
    if not ok:
        rng = ""
        if minimum is not None and maximum is not None:
            rng = f" from {minimum:g} to {maximum:g}"
        elif minimum is not None:
            rng = f" >= {minimum:g}"
        elif maximum is not None:
            rng = f" <= {maximum:g}"
        raise OptionError(f"{name} must be a finite number{rng} (got {value!r})")
    return float(value)


def check_choice(name: str, value, choices: Iterable, *, allow_none: bool = False):
    """Return ``value`` if it is one of ``choices``, else raise :class:`OptionError` listing them.

    Examples
    --------
    >>> from referralgraph._checks import check_choice
    >>> check_choice("color_by", "generation", ["generation", "status"])
    'generation'
    >>> check_choice("color_by", "colour", ["generation", "status"])
    Traceback (most recent call last):
    ...
    referralgraph.exceptions.OptionError: color_by must be one of 'generation', 'status' (got 'colour')
    """
    choices = list(choices)
    if value is None and allow_none:
        return None
    try:
        if value in choices:
            return value
    except TypeError:  # unhashable or incomparable
        pass
    listed = ", ".join(repr(c) for c in choices)
    raise OptionError(f"{name} must be one of {listed}{' or None' if allow_none else ''} (got {value!r})")


def check_path(name: str, value):
    """Return ``value`` if it is a path (``str`` or ``os.PathLike``), else raise :class:`ArgumentTypeError`.

    Examples
    --------
    >>> from referralgraph._checks import check_path
    >>> check_path("source", "my-search")
    'my-search'
    >>> check_path("source", 123)
    Traceback (most recent call last):
    ...
    referralgraph.exceptions.ArgumentTypeError: source must be a path (a str or pathlib.Path) (got int 123)
    """
    import os

    if isinstance(value, str) or (isinstance(value, os.PathLike) and isinstance(os.fspath(value), str)):
        if not os.fspath(value):
            raise ArgumentTypeError(f"{name} must be a path (a str or pathlib.Path) (got an empty string)")
        if "\0" in os.fspath(value):
            raise ArgumentTypeError(f"{name} must be a path (a str or pathlib.Path) (got a text with a NUL character)")
        return value
    shown = "" if value is None else f" {value!r}"[:80]
    raise ArgumentTypeError(f"{name} must be a path (a str or pathlib.Path) (got {type(value).__name__}{shown})")


def check_bool(name: str, value, *, allow_none: bool = False):
    """Return ``value`` if it is ``True``/``False`` (or ``None`` when allowed), else raise :class:`ArgumentTypeError`.

    A text such as ``"no"`` is refused rather than read as true.

    Examples
    --------
    >>> from referralgraph._checks import check_bool
    >>> check_bool("dayfirst", "no", allow_none=True)
    Traceback (most recent call last):
    ...
    referralgraph.exceptions.ArgumentTypeError: dayfirst must be True, False or None (got str 'no')
    """
    import numpy as np

    if value is None and allow_none:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    want = "True, False or None" if allow_none else "True or False"
    raise ArgumentTypeError(f"{name} must be {want} (got {type(value).__name__} {value!r})"[:200])


def check_text(name: str, value, *, allow_none: bool = True):
    """Return ``value`` if it is a ``str`` (or ``None`` when allowed), else raise :class:`ArgumentTypeError`.

    Examples
    --------
    >>> from referralgraph._checks import check_text
    >>> check_text("takeaways", ["a"])
    Traceback (most recent call last):
    ...
    referralgraph.exceptions.ArgumentTypeError: takeaways must be a text (str) or None (got list ['a'])
    """
    if isinstance(value, str) or (value is None and allow_none):
        return value
    want = "a text (str) or None" if allow_none else "a text (str)"
    raise ArgumentTypeError(f"{name} must be {want} (got {type(value).__name__} {value!r})"[:200])


# ---------------------------------------------------------------------------- dates
#: the dates every option and argument accepts: far from pandas' nanosecond limits (1677-09-21 .. 2262-04-11)
DATE_MIN = _dt.date(1900, 1, 1)
DATE_MAX = _dt.date(2199, 12, 31)
#: the forms a date option accepts, as the messages and docs/data-format.md state them
DATE_OPTION_FORMS = (
    "YYYY-MM-DD (2026-03-31), optionally with a time (2026-03-31 14:30, 2026-03-31T14:30:00), "
    "2026/03/31, 31 March 2026, Mar 31, 2026, or day/month/year when the order is clear "
    "(31/03/2026)"
)
_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?"
)
_SLASHED_ISO = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_NUMERIC_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_WORDY = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%B %d %Y", "%d-%b-%Y")


def _date_error(name: str, value, why: str) -> OptionError:
    shown = repr(value) if not isinstance(value, str) else repr(value[:60])
    return OptionError(
        f"{name} must be a date from {DATE_MIN:%Y-%m-%d} to {DATE_MAX:%Y-%m-%d} written as "
        f"{DATE_OPTION_FORMS} (got {shown}: {why})"
    )


def _calendar(name, value, year, month, day, *rest) -> _dt.datetime:
    if not 1 <= month <= 12:
        raise _date_error(name, value, f"there is no month {month}")
    try:
        return _dt.datetime(year, month, day, *rest)
    except ValueError:
        import calendar

        if 1 <= year <= 9999 and 1 <= month <= 12:
            days = calendar.monthrange(year, month)[1]
            if not 1 <= day <= days:
                raise _date_error(name, value, f"{_dt.date(year, month, 1):%B %Y} has {days} days") from None
        raise _date_error(name, value, "not a real date or time of day") from None


def check_date(name: str, value, *, dayfirst: bool | None = None, allow_none: bool = True):
    """Return ``value`` as a :class:`datetime.datetime` within the supported range, else raise :class:`OptionError`.

    The one parser of every date option (``--as-of``/``--today``, ``as_of=``,
    ``today=``). It accepts ISO dates (with or without a time of day), 2026/03/31,
    written-out months (31 March 2026, Mar 31, 2026), and day/month/year numbers when
    the order is clear (31/03/2026) or given with ``dayfirst``; ``date``,
    ``datetime``, ``pandas.Timestamp`` and ``numpy.datetime64`` values are checked
    for the range only. Refused, with a message saying why: blanks, ``NaT``, words
    such as ``tomorrow``, numbers (``-1``, Excel serials like ``46061``), impossible
    dates (2026-02-30) and numeric dates whose order is ambiguous (03/04/2009), as in
    the data. The supported range, :data:`DATE_MIN` to :data:`DATE_MAX`, is checked
    before pandas sees the value (pandas' own range ends in 1677 and 2262).

    Parameters
    ----------
    name : str
        The option as the user wrote it (``"--as-of"``, ``"as_of"``).
    value : str, date-like or None
    dayfirst : bool, optional
        How to read 03/04/2009; by default such a date is refused.
    allow_none : bool, default True
        Return ``None`` for ``None`` (the option was not given).

    Returns
    -------
    datetime.datetime or None
        Naive (an offset such as ``+02:00`` is converted to UTC).

    Examples
    --------
    >>> from referralgraph._checks import check_date
    >>> check_date("--as-of", "2026-03-31")
    datetime.datetime(2026, 3, 31, 0, 0)
    >>> check_date("--as-of", "31/03/2026")
    datetime.datetime(2026, 3, 31, 0, 0)
    >>> check_date("--as-of", "2026-02-30")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    referralgraph.exceptions.OptionError: --as-of must be a date from 1900-01-01 to 2199-12-31 written as ... (got '2026-02-30': February 2026 has 28 days)
    """
    if value is None:
        if allow_none:
            return None
        raise _date_error(name, value, "no date given")
    kind = type(value).__name__
    if kind in ("NaTType",) or (kind == "float" and value != value):
        raise _date_error(name, value, "a missing date, not a date")
    if kind == "datetime64":
        value = str(value)
        if value == "NaT":
            raise _date_error(name, value, "a missing date, not a date")
    if isinstance(value, _dt.datetime):
        out = value
        if out.tzinfo is not None:
            out = out.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        if hasattr(out, "to_pydatetime"):  # pandas.Timestamp
            out = out.to_pydatetime(warn=False)
    elif isinstance(value, _dt.date):
        out = _dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, bool) or not isinstance(value, str):
        import numbers

        if isinstance(value, numbers.Number) and not isinstance(value, bool):
            raise _date_error(name, value, "a number, not a date")
        raise _date_error(name, value, f"a {kind}, not a date")
    else:
        out = _parse_date_text(name, value, dayfirst)
    if not DATE_MIN <= out.date() <= DATE_MAX:
        raise _date_error(name, value, "outside the supported range")
    return out


def _parse_date_text(name: str, value: str, dayfirst: bool | None) -> _dt.datetime:
    text = value.strip()
    if not text:
        raise _date_error(name, value, "blank")
    if text.lower() in ("nat", "nan", "none", "null", "n/a", "na"):
        raise _date_error(name, value, "a missing date, not a date")
    if re.fullmatch(r"[+-]?\d+(\.\d*)?([eE][+-]?\d+)?", text):
        raise _date_error(
            name, value, "a number, not a date (spreadsheet serial day numbers are read in the data only)"
        )
    m = _ISO.fullmatch(text)
    if m:
        y, mo, d, hh, mm, ss, frac, tz = m.groups()
        micro = int((frac or "0")[:6].ljust(6, "0"))
        out = _calendar(name, value, int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0), micro)
        if tz:
            if tz == "Z":
                offset = _dt.timedelta(0)
            else:
                sign = -1 if tz[0] == "-" else 1
                digits = tz[1:].replace(":", "")
                offset = sign * _dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            if abs(offset) >= _dt.timedelta(hours=24):
                raise _date_error(name, value, "not a real time zone offset")
            out = out - offset
        return out
    m = _SLASHED_ISO.fullmatch(text)
    if m:
        return _calendar(name, value, int(m[1]), int(m[2]), int(m[3]))
    m = _NUMERIC_DMY.fullmatch(text)
    if m:
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        if dayfirst is None:
            if a <= 12 and b <= 12 and a != b:
                raise _date_error(
                    name, value, f"the order is ambiguous ({a} {_month(b)} or {_month(a)} {b}?); write it as YYYY-MM-DD"
                )
            day_first = a > 12 or a == b
        else:
            day_first = bool(dayfirst)
        day, month = (a, b) if day_first else (b, a)
        return _calendar(name, value, y, month, day)
    for fmt in _WORDY:
        try:
            return _dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise _date_error(name, value, "not a date in one of these forms")


def _month(k: int) -> str:
    return _dt.date(2000, k, 1).strftime("%B") if 1 <= k <= 12 else str(k)


_DIRECTIVES = set("aAbBdHIjmMpSfyYzZ%")


def check_date_format(value, *, name: str = "date_format"):
    """Return ``value`` if it is a usable :func:`~datetime.datetime.strptime` format of a date, else raise :class:`OptionError`.

    A format must use only the directives ``%Y %y %m %b %B %d %j %H %I %p %M %S %f %z
    %Z %a %A %%``, none of them twice, and name a year and a month (or ``%j``); a missing day is the 1st.

    Examples
    --------
    >>> from referralgraph._checks import check_date_format
    >>> check_date_format("%d/%m/%Y")
    '%d/%m/%Y'
    >>> check_date_format("%Q")
    Traceback (most recent call last):
    ...
    referralgraph.exceptions.OptionError: date_format must be a strptime format of a date such as '%d/%m/%Y' (got '%Q': %Q is not a date directive; expected %Y %y %m %b %B %d %j %H %I %p %M %S %f %z %Z %a %A or %%)
    """
    if value is None:
        return None

    def fail(why: str):
        shown = repr(value[:60]) if isinstance(value, str) else repr(value)
        return OptionError(f"{name} must be a strptime format of a date such as '%d/%m/%Y' (got {shown}: {why})")

    if not isinstance(value, str):
        raise fail(f"a {type(value).__name__}, not text")
    if not value.strip():
        raise fail("blank")
    if len(value) > 100:
        raise fail("longer than 100 characters")
    seen: list[str] = []
    k = 0
    while k < len(value):
        if value[k] == "%":
            if k + 1 >= len(value):
                raise fail("a lone % at the end; write %% for a percent sign")
            code = value[k + 1]
            if code not in _DIRECTIVES:
                raise fail(
                    f"%{code} is not a date directive; expected %Y %y %m %b %B %d %j %H %I %p %M %S %f %z %Z "
                    "%a %A or %%"
                )
            if code != "%" and code in seen:
                raise fail(f"%{code} appears twice")
            seen.append(code)
            k += 2
        else:
            k += 1
    has_year = bool({"Y", "y"} & set(seen))
    if ("Y" in seen and "y" in seen) or ("b" in seen and "B" in seen) or ("m" in seen and ({"b", "B"} & set(seen))):
        raise fail("it names the same part of the date twice")
    has_month = "j" in seen or bool({"m", "b", "B"} & set(seen))
    if not (has_year and has_month):
        raise fail("expected a year (%Y or %y) and a month (%m, %b or %B) with its day (%d), or %Y and %j")
    try:
        sample = _dt.datetime(2026, 3, 4, 5, 6, 7).strftime(value)
        _dt.datetime.strptime(sample, value)
    except (ValueError, re.error) as exc:
        raise fail(str(exc)) from None
    return value
