"""The settings file kept with a network: ``referralgraph.toml`` beside the tables (a ``settings`` sheet in a workbook).

A few lines a person can read and edit (docs/settings.md)::

    # referralgraph settings for this network
    date_order = "monthfirst"
    seeker = "maya"
    targets = ["Kitewell", "Northwind"]
    cadence_days = 45
    as_of = 2026-06-30

``load`` and every command read it; command-line options override it;
``referralgraph settings SOURCE --set key=value`` changes it (atomically, keeping
comments and the other lines as they are).
"""

from __future__ import annotations

import datetime as _dt
import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, as a package (a dependency there)
    import tomli as tomllib

import pandas as pd

from ..exceptions import OptionError, SchemaError
from ..model.settings import DATE_ORDERS, SETTINGS_KEYS, Settings
from ._atomic import write_text

__all__ = [
    "SETTINGS_FILE",
    "SETTINGS_SHEET",
    "settings_path",
    "read_settings",
    "write_settings",
    "parse_assignment",
    "keep_settings",
    "sheet_rows",
]

#: the settings file's name in a folder of CSV or Parquet files
SETTINGS_FILE = "referralgraph.toml"
#: the settings sheet's name in a workbook (two columns: key, value)
SETTINGS_SHEET = "settings"

_HEADER = (
    "# referralgraph settings for this network (see docs/settings.md).\n"
    "# Edit by hand, or: referralgraph settings SOURCE --set key=value\n"
)
_MAX_CADENCE = 3650


def settings_path(source) -> Path:
    """Where the settings of ``source`` live: ``SOURCE/referralgraph.toml``, or the workbook itself."""
    path = Path(source)
    return path if path.suffix.lower() in (".xlsx", ".xlsm") else path / SETTINGS_FILE


def _line_of(text: str, key: str) -> int | None:
    for n, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"\s*{re.escape(key)}\s*=", line):
            return n
    return None


def _check_value(key: str, value, where: str):
    """The checked value of one setting; SchemaError naming ``where`` (file, line, key) otherwise."""

    def bad(expected):
        return SchemaError(f"{where}, key {key!r}: expected {expected} (got {value!r})")

    if key == "date_order":
        word = str(value).strip().lower() if isinstance(value, str) else None
        if word not in DATE_ORDERS:
            raise bad("monthfirst (03/04/2026 is March 4) or dayfirst (3 April)")
        return word
    if key == "seeker":
        if not isinstance(value, str) or not value.strip():
            raise bad("the id of a seeker, in quotes")
        return value.strip()
    if key == "targets":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) and v.strip() for v in items):
            raise bad('a list of organization names, e.g. ["Kitewell", "Northwind"]')
        return tuple(v.strip() for v in items)
    if key == "cadence_days":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _MAX_CADENCE:
            raise bad(f"a whole number of days from 1 to {_MAX_CADENCE}")
        return value
    if key == "as_of":
        if isinstance(value, _dt.datetime) or not isinstance(value, (_dt.date, str)):
            raise bad("a date written YYYY-MM-DD")
        try:
            stamp = (
                pd.Timestamp(value)
                if isinstance(value, _dt.date)
                else pd.Timestamp(_dt.date.fromisoformat(value.strip()))
            )
        except ValueError:
            raise bad("a date written YYYY-MM-DD") from None
        return stamp.normalize()
    raise SchemaError(f"{where}: unknown key {key!r}; expected some of {', '.join(SETTINGS_KEYS)}")


def _from_mapping(data: dict, text: str | None, label: str) -> Settings:
    values = {}
    for key, value in data.items():
        line = _line_of(text, key) if text is not None else None
        where = f"{label}, line {line}" if line else label
        values[key] = _check_value(key, value, where)
    return Settings(**values, path=label)


def _parse_text(text: str, label: str) -> Settings:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        where, what = label, re.sub(r"\s*\(at line.*\)$", "", str(exc))
        if found:
            n = int(found.group(1))
            line = text.splitlines()[n - 1] if 0 < n <= len(text.splitlines()) else ""
            key = line.split("=", 1)[0].strip() if "=" in line else ""
            where = f"{label}, line {n}" + (f", key {key!r}" if key else "")
            what = "this key is given twice" if "overwrite" in what.lower() else f"{what}: {line.strip()!r}"
        raise SchemaError(
            f'{where}: {what}; expected one line per key like date_order = "monthfirst", text in '
            "quotes (see docs/settings.md)"
        ) from None
    for key, value in data.items():
        if isinstance(value, dict):
            at = _line_of(text, key) or _line_of(text, f"[{key}]")
            raise SchemaError(
                f"{label}{f', line {at}' if at else ''}, key {key!r}: sections are not used; "
                f"expected plain keys, some of {', '.join(SETTINGS_KEYS)}"
            )
    return _from_mapping(data, text, label)


def _read_sheet(path: Path) -> Settings:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        names = {s.strip().lower(): s for s in book.sheetnames}
        if SETTINGS_SHEET not in names:
            return Settings()
        label = f"{path} [{names[SETTINGS_SHEET]}]"
        data = {}
        for n, row in enumerate(book[names[SETTINGS_SHEET]].iter_rows(values_only=True), start=1):
            cells = list(row) + [None, None]
            key, value = cells[0], cells[1]
            if key is None or str(key).strip() == "" or (n == 1 and str(key).strip().lower() == "key"):
                continue
            key = str(key).strip()
            if isinstance(value, str) and key == "targets":
                value = [v for v in (p.strip() for p in value.split(",")) if v]
            if key in data:
                raise SchemaError(f"{label}, row {n}, key {key!r}: given twice; expected each key once")
            where = f"{label}, row {n}"
            data[key] = _check_value(key, value.date() if isinstance(value, _dt.datetime) else value, where)
        return Settings(**data, path=label)
    finally:
        book.close()


def read_settings(source) -> Settings:
    """The settings kept with ``source`` (empty when there are none).

    Raises
    ------
    SchemaError
        If the file is not valid, naming the file, line and key.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "referralgraph.toml").write_text('date_order = "dayfirst"\\ncadence_days = 30\\n')
    >>> s = read_settings(folder)
    >>> s.date_order, s.cadence_days
    ('dayfirst', 30)
    """
    path = settings_path(source)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_sheet(path) if path.is_file() else Settings()
    if not path.is_file():
        return Settings()
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SchemaError(f"{path}: not UTF-8 text; expected a settings file saved as UTF-8") from None
    return _parse_text(text, str(path))


def _toml_value(key: str, value) -> str:
    if key == "as_of":
        return f"{pd.Timestamp(value):%Y-%m-%d}"
    if key == "cadence_days":
        return str(int(value))
    if key == "targets":
        return "[" + ", ".join(_toml_string(v) for v in value) + "]"
    return _toml_string(value)


def _toml_string(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def parse_assignment(text: str) -> tuple[str, object]:
    """``"key=value"`` as typed after ``--set`` -> ``(key, checked value or None to remove)``.

    Raises OptionError for an unknown key or a bad value.

    Examples
    --------
    >>> parse_assignment("targets=Kitewell, Northwind")
    ('targets', ('Kitewell', 'Northwind'))
    >>> parse_assignment("as_of=")
    ('as_of', None)
    """
    key, sep, raw = str(text).partition("=")
    key, raw = key.strip().lower().replace("-", "_"), raw.strip()
    if not sep or key not in SETTINGS_KEYS:
        raise OptionError(f"--set expects key=value with a key among {', '.join(SETTINGS_KEYS)} (got {text!r})")
    if raw == "":
        return key, None
    value: object = raw
    if key == "targets":
        value = [v.strip() for v in raw.split(",") if v.strip()]
    elif key == "cadence_days":
        value = int(raw) if re.fullmatch(r"\d{1,6}", raw) else raw
    try:
        return key, _check_value(key, value, "--set")
    except SchemaError as exc:
        raise OptionError(str(exc)) from None


def write_settings(source, changes: dict) -> Settings:
    """Change some settings of ``source`` (``None`` removes a key) and write them atomically.

    In a settings file, the lines of the changed keys are replaced, new keys are
    added at the end, and comments and other lines are kept as they are.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_settings(folder, {"date_order": "monthfirst"}).date_order
    'monthfirst'
    >>> print((folder / "referralgraph.toml").read_text().splitlines()[-1])
    date_order = "monthfirst"
    """
    path = settings_path(source)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _write_sheet(path, changes)
    text = path.read_bytes().decode("utf-8-sig") if path.is_file() else _HEADER
    read_settings(source) if path.is_file() else None  # a broken file is reported, not overwritten
    lines = text.splitlines()
    for key, value in changes.items():
        at = _line_of(text, key)
        new = None if value is None or value == () else f"{key} = {_toml_value(key, value)}"
        if at is None and new is not None:
            lines.append(new)
        elif at is not None:
            lines[at - 1 : at] = [] if new is None else [new]
        text = "\n".join(lines) + "\n"
    _parse_text(text, str(path))
    write_text(path, text, overwrite=True)
    return read_settings(source)


def sheet_rows(values: dict) -> list[tuple[str, object]]:
    """The ``settings`` sheet of a workbook: a ``key, value`` header, then one row per key that is set, in file order."""
    rows: list[tuple[str, object]] = [("key", "value")]
    for key in SETTINGS_KEYS:
        if key in values and values[key] not in (None, ()):
            v = values[key]
            v = ", ".join(v) if key == "targets" else f"{pd.Timestamp(v):%Y-%m-%d}" if key == "as_of" else v
            rows.append((key, v))
    return rows


def keep_settings(settings: Settings, where) -> None:
    """Write ``settings`` with a folder just written (``where/referralgraph.toml``); nothing when none are set.

    Used by every writer of a whole network (``save`` to CSV or Parquet folders,
    ``partition``), so the settings stay with the data.
    """
    if not settings.is_empty:
        write_settings(where, {k: getattr(settings, k) for k in SETTINGS_KEYS})


def _write_sheet(path: Path, changes: dict) -> Settings:
    from openpyxl import load_workbook

    current = _read_sheet(path).values()
    for key, value in changes.items():
        if value is None or value == ():
            current.pop(key, None)
        else:
            current[key] = value
    book = load_workbook(path)
    names = {s.strip().lower(): s for s in book.sheetnames}
    if SETTINGS_SHEET in names:
        del book[names[SETTINGS_SHEET]]
    ws = book.create_sheet(SETTINGS_SHEET)
    for row in sheet_rows(current):
        ws.append(list(row))
    from ._atomic import atomic_path

    with atomic_path(path, overwrite=True) as tmp:
        book.save(tmp)
    return read_settings(path)
