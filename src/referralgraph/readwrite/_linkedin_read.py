"""The reader of LinkedIn's ``Connections.csv`` behind :func:`referralgraph.read_linkedin`, step by step."""

from __future__ import annotations

import csv
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from .._problems import ProblemLog
from ..exceptions import ReferralGraphWarning, SchemaError, ValidationError
from . import _parse
from ._identity import HIDDEN_NAME, _normalize_url, _slug, _text, _unique_ids
from ._schema import canonical
from .tables import decode_bytes, read_csv_table

LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"

#: canonical header -> the header as LinkedIn writes it
_FIELDS = {
    "first_name": "First Name",
    "last_name": "Last Name",
    "url": "URL",
    "email_address": "Email Address",
    "company": "Company",
    "position": "Position",
    "connected_on": "Connected On",
}
_OPTIONAL_WHY = {
    "email_address": "email left blank",
    "company": "organization left blank",
    "position": "role left blank",
    "connected_on": "first_contact left blank",
}
_HEADER_SCAN = 20
_SKIPPED = "skipped: "  # prefix of the problem message of a row left out by the reader


def _context(company, position) -> str:
    parts = [f"{k} {v!r}" for k, v in (("Company", company), ("Position", position)) if isinstance(v, str)]
    return f" ({', '.join(parts)})" if parts else ""


def _find_header(text: str, label: str) -> int:
    """Line number (1-based) of the header: the first of the first 20 lines with First Name and Last Name cells."""
    lines = re.split(r"\r\n|\n|\r", text, maxsplit=_HEADER_SCAN)[:_HEADER_SCAN]
    for number, line in enumerate(lines, start=1):
        if "name" not in line.lower():
            continue
        try:
            cells = {canonical(c) for c in next(csv.reader([line]), [])}
        except csv.Error:  # a fragment of a quoted preamble paragraph
            continue
        if {"first_name", "last_name"} <= cells:
            return number
    first = next((line for line in lines if line.strip()), "")
    shown = first if len(first) <= 80 else first[:77] + "..."
    raise SchemaError(
        f"{label}: no LinkedIn header in the first {_HEADER_SCAN} lines; expected a line with the columns "
        f"'{LINKEDIN_HEADER}' (LinkedIn's Connections.csv, after an optional 'Notes:' paragraph); "
        f"the first line is {shown!r}"
    )


def _read(path: Path, *, strict: bool, date_format: str | None, dayfirst: bool | None):
    """The reader behind :func:`read_linkedin`: (contacts, problems)."""
    label = str(path)
    log = ProblemLog()
    raw, header_line = _read_table(path, label, log)
    frame, rows = raw.frame, raw.rows
    column = _columns(frame, label, header_line, log)
    url = column("url")
    url_slug = _normalize_url(url).str.extract(r"([^/]+)$", expand=False)
    name, hidden, skip = _names(column, url_slug, label, rows, log)
    dates = _connected_on(
        column,
        found_as=column.found.get("connected_on", _FIELDS["connected_on"]),
        label=label,
        rows=rows,
        log=log,
        date_format=date_format,
        dayfirst=dayfirst,
    )
    ids = _slug(name.mask(pd.Series(hidden, index=name.index)))
    ids = ids.fillna(url_slug).fillna(pd.Series([f"linkedin-row-{r}" for r in rows], index=ids.index, dtype="str"))
    out = pd.DataFrame(
        {
            "id": ids,
            "name": name,
            "organization": column("company"),
            "role": column("position"),
            "email": column("email_address"),
            "linkedin": url,
            "first_contact": dates.astype("datetime64[ns]"),
            "source": pd.Series("linkedin", index=frame.index, dtype="str"),
        }
    )[~skip]
    out["id"] = _unique_ids(out["id"], pd.Index([], dtype="str"))
    out.index = pd.Index(rows[~skip], name="row")
    problems = log.to_frame()
    if strict and log.has_errors:
        raise _invalid(problems)
    return out, problems


def _read_table(path: Path, label: str, log: ProblemLog):
    """The file's cells below its LinkedIn header (a ``RawTable``), and the header's line number."""
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file; expected LinkedIn's Connections.csv export")
    if path.is_dir():
        raise SchemaError(
            f"{path}: a folder; expected LinkedIn's Connections.csv file (the folder of a network "
            "goes to merge_linkedin as the network, loaded with load)"
        )
    data = path.read_bytes()
    if not data.strip():
        raise SchemaError(
            f"{label}: the file is empty; expected LinkedIn's Connections.csv with the header '{LINKEDIN_HEADER}'"
        )
    text = decode_bytes(data, label, log)
    if text is None:
        raise _invalid(log.to_frame())
    header_line = _find_header(text, label)
    raw = read_csv_table(path, log, label=label, header_line=header_line, text=text)
    if raw is None:
        raise _invalid(log.to_frame())
    return raw, header_line


class _Columns:
    """The export's columns by canonical name (``column("company")``), blank when the export has none."""

    def __init__(self, frame: pd.DataFrame, found: dict[str, str]):
        self.frame, self.found = frame, found

    def __call__(self, key: str) -> pd.Series:
        if key in self.found:
            return _text(self.frame[self.found[key]])
        return pd.Series(None, index=self.frame.index, dtype="str")


def _columns(frame: pd.DataFrame, label: str, header_line: int, log: ProblemLog) -> _Columns:
    """Find LinkedIn's columns by their canonical names; a warning for each optional one missing."""
    found: dict[str, str] = {}
    for col in frame.columns:
        key = canonical(col)
        if key in _FIELDS and key not in found:
            found[key] = col
    for key, why in _OPTIONAL_WHY.items():
        if key not in found:
            log.add(
                label,
                header_line,
                None,
                "warning",
                f"no '{_FIELDS[key]}' column; {why} (expected the header '{LINKEDIN_HEADER}')",
            )
    return _Columns(frame, found)


def _names(column: _Columns, url_slug: pd.Series, label: str, rows: np.ndarray, log: ProblemLog):
    """Each connection's name, which names are hidden, and which rows nothing identifies (left out, reported)."""
    first, last = column("first_name"), column("last_name")
    name = (first.fillna("") + " " + last.fillna("")).str.strip().str.replace(r"\s+", " ", regex=True)
    company, position = column("company"), column("position")
    hidden = (name == "").to_numpy()
    skip = hidden & url_slug.isna().to_numpy()
    if skip.any():
        log.add_many(
            label,
            rows[skip],
            _FIELDS["first_name"],
            "warning",
            [
                f"{_SKIPPED}First Name and Last Name are blank (a member who hides their name) and there is no URL, "
                f"so nothing identifies this connection{_context(c, p)}; expected a name or a URL"
                for c, p in zip(company[skip], position[skip])
            ],
        )
    kept_hidden = hidden & ~skip
    if kept_hidden.any():
        log.add_many(
            label,
            rows[kept_hidden],
            _FIELDS["first_name"],
            "warning",
            [
                f"First Name and Last Name are blank (a member who hides their name); kept as '{HIDDEN_NAME}' "
                f"with the id '{s}' from the URL"
                for s in url_slug[kept_hidden]
            ],
        )
    name = name.mask(pd.Series(hidden, index=name.index), HIDDEN_NAME)
    return name, hidden, skip


def _connected_on(
    column: _Columns,
    *,
    found_as: str,
    label: str,
    rows: np.ndarray,
    log: ProblemLog,
    date_format: str | None,
    dayfirst: bool | None,
) -> pd.Series:
    """The Connected On dates; cells that are not dates (or whose day/month order is unclear) are errors."""
    connected = column("connected_on")
    dates, bad, ambiguous = _parse.parse_dates(connected, date_format=date_format, dayfirst=dayfirst)
    if bad.any():
        log.add_many(
            label,
            rows[bad],
            found_as,
            "error",
            [
                f"'{v}' is not a date; expected a date like '08 Feb 2026', as LinkedIn writes it"
                for v in connected[bad].str.slice(0, 40)
            ],
        )
    if ambiguous.any():
        log.add_many(
            label,
            rows[ambiguous],
            found_as,
            "error",
            [
                f"'{v}' could be day/month or month/day; pass date_format (e.g. '%d/%m/%Y') or dayfirst"
                for v in connected[ambiguous]
            ],
        )
    return dates


def _invalid(problems: pd.DataFrame) -> ValidationError:
    """A ValidationError over ``problems``; whole-file problems (no row number) show none."""
    exc = ValidationError(problems.assign(row=problems["row"].astype(object).where(problems["row"].notna(), None)))
    exc.problems = problems
    return exc


def _warn_problems(problems: pd.DataFrame, stacklevel: int) -> None:
    if not len(problems):
        return
    p = problems.iloc[0]
    where = f"row {int(p['row'])}, " if p["row"] is not pd.NA and p["row"] == p["row"] else ""
    where += f"column '{p['column']}': " if isinstance(p["column"], str) else ""
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    warnings.warn(
        f"{p['file']}: {where}{p['message']}{more}; pass problems=True to read_linkedin for the table of problems",
        ReferralGraphWarning,
        stacklevel=stacklevel + 1,
    )
