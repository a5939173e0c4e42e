"""Check and normalise the three input tables; every problem becomes a row of the problem table."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import _clock
from .._arrays import lookup
from .._problems import ProblemLog
from ..model.names import fold_names
from ..model.names import suggest as suggest_names
from . import _parse
from ..model.vocabulary import MEETING_KINDS, STATUSES
from ._arrow_columns import Factorised, arrow_text, casefolded, stripped, text_series
from ._schema import COLUMNS, REQUIRED, canonical, suggest

__all__ = ["RawTable", "normalize_tables"]


@dataclass
class RawTable:
    """One input table as read, with what validation needs to point at its cells."""

    frame: pd.DataFrame
    file: str  # what the user calls it: a path, "contacts.csv", "book.xlsx [contacts]"
    rows: np.ndarray  # the row number a spreadsheet shows for each record
    header_row: int = 1
    notes: list = field(default_factory=list)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, name: str) -> RawTable:
        return cls(frame, name, np.arange(len(frame), dtype=np.int64) + 2)


def _strip_text(col: pd.Series) -> pd.Series:
    """Text with surrounding white space removed and blanks as missing."""
    fast = stripped(col)  # Arrow-backed text: two Arrow passes
    if fast is not None:
        return fast
    if col.dtype == object or pd.api.types.is_string_dtype(col.dtype):
        text = (
            col.astype("str")
            if col.dtype != object
            else col.map(lambda v: v if isinstance(v, str) else (None if v is None or v != v else str(v)))
        )
        text = pd.Series(text, index=col.index, dtype="str").str.strip()
        return text.mask(text == "")
    if pd.api.types.is_numeric_dtype(col.dtype) or pd.api.types.is_bool_dtype(col.dtype):
        out = col.astype("str").mask(col.isna())
        return pd.Series(out, index=col.index, dtype="str")
    return pd.Series(col.astype("str").mask(col.isna()), index=col.index, dtype="str")


def _show(value, limit: int = 60) -> str:
    """A cell value for a message: one line, cut to ``limit`` characters."""
    text = str(value).replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


def _letter(j: int) -> str:
    """Spreadsheet letters of a 0-based column position: 0 -> A, 26 -> AA (openpyxl's get_column_letter).

    Beyond a sheet's last column (XFD, 16,384) the position is given as a number.
    """
    from openpyxl.utils.cell import get_column_letter  # here, so reading CSV loads openpyxl only to name a column

    return get_column_letter(j + 1) if j < 16_384 else f"{j + 1:,}"


def _is_unnamed(header) -> bool:
    text = str(header)
    return not text.strip() or text.startswith("Unnamed: ") or text.startswith("Unnamed:")


def _columns(table: str, raw: RawTable, log: ProblemLog) -> pd.DataFrame | None:
    """Canonical headers; report missing, repeated and missing-header columns.

    Works by position, so repeated headers never shadow each other. Returns None
    (after one error naming the missing and the found columns, with suggestions)
    when a required column is missing.
    """
    frame = raw.frame
    headers = [str(c) for c in frame.columns]
    canon = ["" if _is_unnamed(h) else canonical(h) for h in headers]
    seen: dict[str, int] = {}
    keep: list[int] = []
    for j, (h, k) in enumerate(zip(headers, canon)):
        if not k:
            has = ~_parse.blank_mask(frame.iloc[:, j])
            if has.any():
                first = int(np.flatnonzero(has)[0])
                log.add(
                    raw.file,
                    raw.header_row,
                    None,
                    "error",
                    f"column {_letter(j)} has values but no header (first at row {int(raw.rows[first])}: "
                    f"'{_show(frame.iat[first, j])}'); expected a header name for every column with values; "
                    "in lenient mode the column is left out",
                )
            continue
        if k in seen:
            log.add(
                raw.file,
                raw.header_row,
                h,
                "error",
                f"column '{h}' (column {_letter(j)}) repeats column '{headers[seen[k]]}' (column "
                f"{_letter(seen[k])}); expected each column once; in lenient mode the first one is used",
            )
            continue
        seen[k] = j
        keep.append(j)
    missing = [c for c in REQUIRED[table] if c not in seen]
    if missing:
        found = [h for h, k in zip(headers, canon) if k]
        hints = []
        for m in missing:
            close = suggest(m, found, table=table)
            if close:
                hints.append(f"for '{m}' did you mean {' or '.join(repr(c) for c in close)}?")
        plural = "s" if len(missing) > 1 else ""
        msg = (
            f"missing required column{plural} {', '.join(repr(m) for m in missing)}; "
            f"found {', '.join(repr(f) for f in found) or 'no columns'}"
        )
        if hints:
            msg += "; " + " ".join(hints)
        if table != "contacts":
            msg += f"; in lenient mode the {table} table is left out"
        log.add(raw.file, raw.header_row, None, "error", msg)
        return None
    out = frame.iloc[:, keep].copy()
    out.columns = [canon[j] for j in keep]
    return out


def _normalize_columns(table, frame, raw, log, *, date_format, dayfirst, today):
    """Parse typed columns in place (on our copy); text columns get stripped."""
    schema = COLUMNS[table]
    split = {}  # dates found in a bool_or_date column, joined with a same-named column of the file after the loop
    for col in frame.columns:
        kind = schema.get(col, _SPLIT_DATES.get((table, col), "text"))
        values = frame[col]
        if kind == "text":
            frame[col] = _strip_text(values)
        elif kind == "bool":
            parsed, bad = _parse.parse_bool(values)
            if bad.any():
                log.add_many(
                    raw.file,
                    raw.rows[bad],
                    col,
                    "error",
                    [
                        f"'{_show(v)}' is not a yes/no value; expected {_parse.BOOL_WORDS_TEXT}" + _LENIENT_BLANK
                        for v in values[bad]
                    ],
                )
            frame[col] = parsed
        elif kind == "bool_or_date":
            parsed, bad = _parse.parse_bool(values)
            if bad.any():
                dates, dbad, amb = _parse.parse_dates(values[bad], date_format=date_format, dayfirst=dayfirst)
                is_date = ~dbad & ~amb
                if is_date.any():
                    dated = np.flatnonzero(bad)[is_date]
                    parsed.iloc[dated] = True
                    split[f"{col}_date"] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
                    split[f"{col}_date"].iloc[dated] = dates.to_numpy()[is_date]
                bad = bad.copy()
                bad[np.flatnonzero(bad)[is_date]] = False
            if bad.any():
                log.add_many(
                    raw.file,
                    raw.rows[bad],
                    col,
                    "error",
                    [
                        f"'{_show(v)}' is neither yes/no nor a date; expected {_parse.BOOL_WORDS_TEXT}, or a date"
                        + _LENIENT_BLANK
                        for v in values[bad]
                    ],
                )
            frame[col] = parsed
        elif kind == "number":  # e.g. cadence_days: a positive number of days, blank for the default
            text = _strip_text(values)
            parsed = pd.to_numeric(text, errors="coerce")
            bad = (text.notna() & (text != "") & ~(parsed > 0)).to_numpy()
            if bad.any():
                log.add_many(
                    raw.file,
                    raw.rows[bad],
                    col,
                    "error",
                    [
                        f"'{_show(v)}' is not a positive number; expected a number of days such as 30" + _LENIENT_BLANK
                        for v in values[bad]
                    ],
                )
            frame[col] = parsed.where(parsed > 0).astype("float64")
        else:  # date / datetime
            parsed, bad, amb = _parse.parse_dates(values, date_format=date_format, dayfirst=dayfirst)
            if bad.any():
                log.add_many(
                    raw.file, raw.rows[bad], col, "error", _bad_date_messages(values[bad], date_format, dayfirst)
                )
            if amb.any():
                log.add_many(
                    raw.file,
                    raw.rows[amb],
                    col,
                    "error",
                    [
                        f"'{_show(v)}' could be day/month or month/day; expected an unambiguous date: pass "
                        "date_format (e.g. '%d/%m/%Y') or dayfirst=True/False (CLI: --date-format or "
                        f"--dayfirst/--monthfirst), or write it as ISO (YYYY-MM-DD)" + _LENIENT_BLANK
                        for v in values[amb]
                    ],
                )
            future = (parsed > today).to_numpy()
            if future.any():
                log.add_many(
                    raw.file,
                    raw.rows[future],
                    col,
                    "warning",
                    [
                        f"{v:%Y-%m-%d} is in the future (today is {today:%Y-%m-%d}); expected a date that "
                        "has happened; kept as written"
                        for v in parsed[future]
                    ],
                )
            frame[col] = parsed
    for name, dates in split.items():  # a file written with its own handwritten_note_date keeps it; blanks filled
        frame[name] = frame[name].where(frame[name].notna(), dates) if name in frame.columns else dates
    return frame


#: columns a file may hold that a bool_or_date column also splits into: read as dates, not text
_SPLIT_DATES = {("meetings", "handwritten_note_date"): "date"}

_LENIENT_BLANK = "; in lenient mode the cell is left blank"
_ISO_PARTS = re.compile(r"^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T].*)?$")


def _bad_date_messages(values: pd.Series, date_format: str | None, dayfirst: bool | None) -> list[str]:
    """Why each bad cell is not a date: out of the supported range, or no date (called only for the bad cells)."""
    outside = _parse.outside_range(values, date_format=date_format, dayfirst=dayfirst)
    return [
        f"'{_show(v)}' is outside the supported range of dates ({_parse.DATE_RANGE_TEXT}); expected a date "
        "in that range (a year such as 0001 or 2300 is usually a typing slip)" + _LENIENT_BLANK
        if far
        else _bad_date_message(v, date_format)
        for v, far in zip(values, outside)
    ]


def _bad_date_message(value, date_format: str | None) -> str:
    """Why one cell is not a date (called only for the bad cells)."""
    text = str(value).strip()
    m = _ISO_PARTS.match(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        if not 1 <= mo <= 12:
            why = f"there is no month {mo}"
        else:
            last = calendar.monthrange(y, mo)[1]
            why = f"{calendar.month_name[mo]} {y} has {last} days" if d > last or d < 1 else "the time is not valid"
        return (
            f"'{_show(value)}' is not a real date ({why}); expected a calendar date such as "
            f"{y}-{min(max(mo, 1), 12):02d}-01" + _LENIENT_BLANK
        )
    given = f"the date_format '{date_format}' or " if date_format else ""
    return f"'{_show(value)}' is not a date; expected {given}{_parse.DATE_FORMS_TEXT}" + _LENIENT_BLANK


#: headers of a contacts column that names each person's introducer (spreadsheets often keep one sheet)
INTRODUCED_BY_COLUMNS = ("introduced_by", "referred_by", "referrer", "introducer")


def introductions_from_contacts(contacts: RawTable) -> RawTable | None:
    """Introductions written as an ``introduced_by`` column of contacts, as a table of their own.

    Many people keep one sheet with a column saying who introduced each person. When
    there is no introductions table, each non-blank cell of that column becomes an
    introduction ``introducer -> this contact`` dated ``first_contact``; problems name
    the contacts file, its row and the column. Returns None without such a column.
    """
    frame = contacts.frame
    canon: dict[str, int] = {}  # by position: two columns may carry the same header
    for pos, header in enumerate(frame.columns):
        canon.setdefault(canonical(header), pos)
    at = next((canon[k] for k in INTRODUCED_BY_COLUMNS if k in canon), None)
    who = canon.get("id", canon.get("name"))
    if at is None or who is None:
        return None
    column = frame.columns[at]

    def col(pos: int) -> pd.Series:
        return frame.iloc[:, pos]

    keep = ~_parse.blank_mask(col(at))
    if "id" in canon and "name" in canon:  # a blank id means "use the name", as for contacts
        person = col(canon["id"]).where(~_parse.blank_mask(col(canon["id"])), col(canon["name"]))
    else:
        person = col(who)
    table = pd.DataFrame({"introducer": col(at)[keep].to_numpy(), "introduced": person[keep].to_numpy()})
    if "first_contact" in canon:
        table["date"] = col(canon["first_contact"])[keep].to_numpy()
    return RawTable(table.reset_index(drop=True), f"{contacts.file} (column '{column}')", contacts.rows[keep])


def _resolve(
    values: pd.Series,
    ids: pd.Index,
    names: pd.Series,
    table: RawTable,
    column: str,
    log: ProblemLog,
    *,
    what: str,
    contact_rows: np.ndarray | None = None,
    exact: np.ndarray | None = None,
) -> np.ndarray:
    """Turn references (ids, or exact names) into contact codes; -1 where unknown or blank.

    An id matches first, then a name that only one contact has, then either of
    them ignoring upper/lower case, then ignoring accents and punctuation too (the
    folding of :mod:`referralgraph.model.names`; a warning). Unknown references are errors with
    a did-you-mean; a name shared by several contacts is an error naming their rows.
    """
    codes = lookup(values, ids) if exact is None or len(exact) != len(values) else exact
    unresolved = (codes < 0) & values.notna().to_numpy()
    if not unresolved.any():
        return codes
    name_dup = names.duplicated(keep=False).to_numpy() | names.isna().to_numpy()
    by_name = pd.Series(np.flatnonzero(~name_dup), index=pd.Index(names[~name_dup].astype(str)))
    pos = np.flatnonzero(unresolved)
    got = by_name.reindex(values.iloc[pos].to_numpy()).to_numpy()
    found = ~np.isnan(got.astype(float))
    codes[pos[found]] = got[found].astype(np.int64)
    unresolved[pos[found]] = False
    if unresolved.any():  # ignoring case, then accents and punctuation too (the name matcher's folding)
        pos = np.flatnonzero(unresolved)
        asked = values.iloc[pos].astype("str")
        plain = (lookalike_key(asked) == asked).to_numpy(dtype=bool)  # look-alikes keep their own error and hint
        for how, fold in (
            ("upper/lower case", lambda v: pd.Series(v, dtype="str").str.casefold()),
            ("case, accents and punctuation", fold_names),
        ):
            folded = pd.concat(
                [
                    pd.Series(np.arange(len(ids)), index=fold(pd.Series(ids.to_numpy(dtype=object))).to_numpy()),
                    pd.Series(
                        by_name.to_numpy(), index=fold(pd.Series(by_name.index.to_numpy(dtype=object))).to_numpy()
                    ),
                ]
            )
            folded = folded[folded.index != ""]
            clash = folded.groupby(level=0).nunique() > 1  # one key, several people: not a match
            folded = folded[~folded.index.duplicated(keep="first") & ~folded.index.isin(clash[clash].index)]
            got = folded.reindex(fold(asked).to_numpy()).to_numpy()
            found = ~np.isnan(got.astype(float)) & unresolved[pos] & plain
            if found.any():
                hit = pos[found]
                codes[hit] = got[found].astype(np.int64)
                log.add_many(
                    table.file,
                    table.rows[hit],
                    column,
                    "warning",
                    [
                        f"'{_show(v)}' matched contact '{_show(ids[int(c)])}' only when ignoring {how}; "
                        "expected the id or name exactly as in contacts"
                        for v, c in zip(values.iloc[hit], got[found])
                    ],
                )
                unresolved[hit] = False
    if unresolved.any():
        pos = np.flatnonzero(unresolved)
        shared = pd.Series(np.flatnonzero(names.duplicated(keep=False).to_numpy() & names.notna().to_numpy()))
        shared_by = (
            shared.groupby(names.iloc[shared.to_numpy()].astype(str).to_numpy()).agg(list)
            if len(shared)
            else pd.Series(dtype=object)
        )
        candidates = list(dict.fromkeys([*ids[:5000].astype(str), *names.dropna().astype(str)[:5000]]))
        known = pd.Series([*ids.astype(str), *names.dropna().astype(str)], dtype="str")
        looks = pd.Series(known.to_numpy(), index=lookalike_key(known).to_numpy())
        looks = looks[~looks.index.duplicated(keep="first")].to_dict()
        keys_of = lookalike_key(values.iloc[pos].astype("str")).to_numpy()
        msgs = []
        for k, v in enumerate(values.iloc[pos]):
            if v in shared_by.index:
                where = [int(contact_rows[c]) if contact_rows is not None else int(c) + 2 for c in shared_by[v]]
                msgs.append(
                    f"'{_show(v)}' is the name of {len(where)} contacts (rows "
                    f"{', '.join(map(str, where[:10]))}); expected their id, as names are not unique" + _LENIENT_OUT
                )
                continue
            close = suggest_names(str(v), candidates, n=2) if k < 100 and len(str(v)) < 200 else []
            hint = f"; did you mean {' or '.join(repr(_show(c)) for c in close)}?" if close else ""
            alike = looks.get(keys_of[k]) if looks else None
            if alike is not None:
                hint = (
                    f"; it looks like '{_show(alike)}' but is written with other characters ({_LOOKALIKE_HINT}); "
                    "retype it or copy it from contacts"
                )
            msgs.append(f"'{_show(v)}' is not a contact id or name in contacts; expected {what}{hint}" + _LENIENT_OUT)
        log.add_many(table.file, table.rows[pos], column, "error", msgs)
    return codes


_LENIENT_OUT = "; in lenient mode the row is kept but left out of the trees"
#: characters that show as nothing: zero-width space/joiners, word joiner, BOM, soft hyphen
_INVISIBLE = "[\u200b\u200c\u200d\u2060\ufeff\u00ad]"
_LOOKALIKE_HINT = "composed and decomposed accents (Unicode NFC/NFD) or invisible zero-width characters"


def lookalike_key(values: pd.Series) -> pd.Series:
    """The text as it looks: NFC-normalised, without invisible characters (for look-alike checks)."""
    text = values.astype("str")
    other = ~text.str.isascii().fillna(True).to_numpy(dtype=bool)  # ASCII text is NFC and visible already
    if not other.any():
        return text
    key = text.copy()
    key[other] = text[other].str.normalize("NFC").str.replace(_INVISIBLE, "", regex=True)
    return key


def _warn_lookalikes(c: pd.DataFrame, craw, id_col: str, log) -> None:
    """Warn about ids and names that look the same as another but are spelled with other code points."""
    for column in dict.fromkeys([id_col, "name"]):
        if column not in c.columns:
            continue
        values = c[column]
        present = values.notna().to_numpy()
        if not present.any():
            continue
        text = values[present].astype("str")
        key = lookalike_key(text)
        odd = (key != text).to_numpy(dtype=bool)
        if not odd.any():  # every value already NFC and visible: nothing can look alike
            continue
        clash = key.duplicated(keep=False).to_numpy() & ~text.duplicated(keep=False).to_numpy()
        if not clash.any():
            continue
        groups = pd.Series(text[clash].to_numpy()).groupby(key[clash].to_numpy()).agg(list)
        rows = craw.rows[np.flatnonzero(present)[clash]]
        log.add_many(
            craw.file,
            rows,
            column,
            "warning",
            [
                f"{column} '{_show(v)}' looks the same as "
                f"{', '.join(repr(_show(o)) for o in groups[k] if o != v)} but is written with other characters "
                f"({_LOOKALIKE_HINT}); they are treated as different people; expected one spelling per person"
                for v, k in zip(text[clash], key[clash])
            ],
        )


def _ids_at(ids: pd.Index, codes: np.ndarray, fallback: pd.Series | None, *, index=None) -> pd.Series:
    """The contact id for each code, or the cell as written (``fallback``) where unresolved.

    ``Index.take`` stays in pyarrow; going through numpy object arrays cost ~2.5 s per
    column at 10^6 rows.
    """
    index = fallback.index if fallback is not None else index
    if len(codes) == 0:
        return pd.Series([], index=index, dtype="str")
    if len(ids) == 0:  # no contacts at all: nothing resolves (codes are all -1)
        missing = pd.Series(pd.NA, index=index, dtype="str")
        return missing if fallback is None else fallback.astype("str")
    taken = pd.Series(ids.take(np.maximum(codes, 0)), index=index).astype("str")
    if fallback is None:
        return taken.where(codes >= 0)
    return taken.where(codes >= 0, fallback.astype("str"))


@dataclass
class Normalized:
    contacts: pd.DataFrame
    introductions: pd.DataFrame
    meetings: pd.DataFrame
    rows: dict  # table -> spreadsheet row numbers
    files: dict  # table -> file label
    codes: dict  # arrays of contact codes for references


def normalize_tables(
    contacts: RawTable,
    introductions: RawTable | None,
    meetings: RawTable | None,
    log: ProblemLog,
    *,
    date_format: str | None = None,
    dayfirst: bool | None = None,
    today: pd.Timestamp | None = None,
) -> Normalized | None:
    """Validate and normalise the tables; every problem goes to ``log``.

    Returns None when the contacts table is unusable (a required column is
    missing). An introductions or meetings table with a required column missing
    is reported and treated as empty, so lenient loading can go on.
    """
    from .._checks import check_date_format

    check_date_format(date_format)
    raws: dict[str, Any] = {"contacts": contacts, "introductions": introductions, "meetings": meetings}
    frames = _typed_frames(raws, log, date_format=date_format, dayfirst=dayfirst, today=_today(today, dayfirst))
    if frames is None:
        return None
    c, i, m = frames["contacts"], frames["introductions"], frames["meetings"]
    craw, iraw, mraw = raws["contacts"], raws["introductions"], raws["meetings"]
    meeting_date_blank = frames.pop("meeting_date_blank")
    id_col = _fill_ids(c, craw, log)
    refs = Factorised(
        c["id"],
        {
            "introducer": i["introducer"],
            "introduced": i["introduced"],
            "contact": m["contact"],
            "introductions.seeker": i.get("seeker"),
            "meetings.seeker": m.get("seeker"),
        },
    )
    refs, repeated = _report_repeated_ids(c, craw, id_col, refs, log)
    _report_case_repeats(c, craw, id_col, repeated, log)
    _warn_lookalikes(c, craw, id_col, log)
    c = _contacts_in_order(c)
    ids = pd.Index(c["id"].astype("str"))
    resolve = _Resolver(ids, c["name"], refs.exact_codes(ids), craw, log)
    ir, it = _introduction_codes(i, iraw, resolve, log)
    mc = _meeting_codes(m, mraw, resolve, meeting_date_blank, log)
    si, sm = _seeker_codes(c, i, iraw, m, mraw, it, resolve, log)
    i["introducer"] = _ids_at(ids, ir, i["introducer"])
    i["introduced"] = _ids_at(ids, it, i["introduced"])
    i["seeker"] = _ids_at(ids, si, None, index=i.index)
    m["contact"] = _ids_at(ids, mc, m["contact"])
    m["seeker"] = _ids_at(ids, sm, None, index=m.index)
    return Normalized(
        contacts=c.reset_index(drop=True),
        introductions=_in_order(i, "introductions").reset_index(drop=True),
        meetings=_in_order(m, "meetings").reset_index(drop=True),
        rows={k: v.rows for k, v in raws.items()},
        files={k: v.file for k, v in raws.items()},
        codes={"introducer": ir, "introduced": it, "intro_seeker": si, "meeting_contact": mc, "meeting_seeker": sm},
    )


def _today(today, dayfirst) -> pd.Timestamp:
    """The date after which dates are in the future: ``today`` as given, else tomorrow by the library's clock."""
    from .._checks import check_date

    today = (
        _clock.today() + pd.Timedelta(days=1)
        if today is None
        else pd.Timestamp(check_date("today", today, dayfirst=dayfirst))
    )
    if getattr(today, "tz", None) is not None:
        today = today.tz_convert("UTC").tz_localize(None)
    return today


def _typed_frames(raws: dict, log: ProblemLog, *, date_format, dayfirst, today) -> dict | None:
    """Each table with canonical columns and typed cells (``raws`` gets empty stand-ins for unusable tables).

    ``None`` when contacts lacks a required column. Besides the three frames:
    ``meeting_date_blank``, the meeting dates that were blank (before parsing).
    """
    frames: dict = {}
    for table, raw in list(raws.items()):
        frame = _columns(table, raw, log) if raw is not None else None
        if raw is None or frame is None:
            if table == "contacts":
                return None
            raw = RawTable(
                pd.DataFrame({k: pd.Series([], dtype="str") for k in REQUIRED[table]}),
                raw.file if raw is not None else table,
                np.zeros(0, np.int64),
            )
            frame = raw.frame.copy()
        raws[table] = raw
        if table == "meetings":
            frames["meeting_date_blank"] = _parse.blank_mask(frame["date"])
        frames[table] = _normalize_columns(
            table, frame, raw, log, date_format=date_format, dayfirst=dayfirst, today=today
        )
    return frames


def _fill_ids(c: pd.DataFrame, craw: RawTable, log: ProblemLog) -> str:
    """Every contact gets an id: a blank one becomes the name, else ``(blank row N)``; returns the id column's name.

    Without an id column the names are the ids (``"name"`` is returned then).
    """
    if len(c) == 0:
        log.add(
            craw.file,
            None,
            None,
            "warning",
            "no contacts: the table has a header but no rows; expected one row per person",
        )
    blank_name = c["name"].isna().to_numpy()
    if blank_name.any():
        log.add_many(
            craw.file,
            craw.rows[blank_name],
            "name",
            "error",
            "name is blank; expected the person's name; in lenient mode the row is kept"
            + (" with its id" if "id" in c.columns else " with the id '(blank row N)'"),
        )
    if "id" in c.columns:
        blank_id = c["id"].isna().to_numpy() & ~blank_name
        if blank_id.any():
            log.add_many(
                craw.file,
                craw.rows[blank_id],
                "id",
                "warning",
                "id is blank; expected an id; the name is used as the id",
            )
            c.loc[blank_id, "id"] = c.loc[blank_id, "name"]
        id_col = "id"
    else:
        c.insert(0, "id", c["name"])
        id_col = "name"
    no_id = c["id"].isna().to_numpy()
    if no_id.any():
        c.loc[no_id, "id"] = [f"(blank row {r})" for r in craw.rows[no_id]]
    return id_col


def _report_repeated_ids(
    c: pd.DataFrame, craw: RawTable, id_col: str, refs: Factorised, log: ProblemLog
) -> tuple[Factorised, np.ndarray]:
    """Report ids used by several contacts; later rows get ``id#rowN`` (so references stay resolvable).

    Returns the factorisation of the ids as they are afterwards (the same one when no id
    repeats) and the mask of the repeated ones.
    """
    dup, later = refs.repeated_ids()
    if not dup.any():
        return refs, dup
    dup_ids = c["id"][dup]
    rows_of = pd.Series(craw.rows[dup]).groupby(dup_ids.to_numpy()).agg(list)
    what = "name" if id_col == "name" else "id"
    msgs = []
    for v, r, is_later in zip(dup_ids, craw.rows[dup], later[dup]):
        where = rows_of[v]
        msgs.append(
            f"{what} '{_show(v)}' is used by {len(where)} contacts (rows {', '.join(map(str, where[:10]))}"
            f"{' ...' if len(where) > 10 else ''}); expected unique "
            + ("names, or an id column to tell people with the same name apart" if id_col == "name" else "ids")
            + (
                f"; in lenient mode this row's id becomes '{_show(v)}#row{r}'"
                if is_later
                else "; in lenient mode this row keeps the id"
            )
        )
    log.add_many(craw.file, craw.rows[dup], id_col, "error", msgs)
    # keep every row: later duplicates get a row-tagged id, so references stay resolvable
    c.loc[later, "id"] = [f"{v}#row{r}" for v, r in zip(c["id"][later], craw.rows[later])]
    return refs.with_ids(c["id"]), dup


def _report_case_repeats(c: pd.DataFrame, craw: RawTable, id_col: str, repeated: np.ndarray, log: ProblemLog) -> None:
    """Warn about ids that differ only in upper/lower case (they stay different people)."""
    folded = casefolded(c["id"])
    if _same_text(folded, c["id"]):  # no upper case anywhere: only exact repeats, reported already
        return
    case_dup = Factorised(folded, {}).repeated_ids()[0] & ~repeated
    if case_dup.any():
        others = pd.Series(c["id"][case_dup].to_numpy()).groupby(folded[case_dup].to_numpy()).agg(list)
        log.add_many(
            craw.file,
            craw.rows[case_dup],
            id_col,
            "warning",
            [
                f"id '{_show(v)}' differs from {', '.join(repr(o) for o in others[f] if o != v)} only in "
                "upper/lower case; expected one spelling per person; they are treated as different people"
                for v, f in zip(c["id"][case_dup], folded[case_dup])
            ],
        )


def _same_text(a: pd.Series, b: pd.Series) -> bool:
    """Whether two text columns of the same length hold the same cells (one Arrow comparison)."""
    left, right = arrow_text(a), arrow_text(b)
    if left is None or right is None:
        return bool(a.equals(b))
    return bool(pc.all(pc.fill_null(pc.equal(left, right), False)).as_py() is not False)


def _contacts_in_order(c: pd.DataFrame) -> pd.DataFrame:
    """``is_seeker`` as a plain boolean column, and the schema's columns first."""
    if "is_seeker" in c.columns:
        c["is_seeker"] = c["is_seeker"].fillna(False).astype(bool)
    else:
        c["is_seeker"] = False
    return _in_order(c, "contacts")


def _in_order(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    ordered = [k for k in COLUMNS[table] if k in frame.columns]
    return frame[ordered + [k for k in frame.columns if k not in ordered]]


class _Resolver:
    """:func:`_resolve` with what every reference column shares: the ids, names and exact codes."""

    def __init__(self, ids: pd.Index, names: pd.Series, exact: dict, contacts: RawTable, log: ProblemLog):
        self.ids, self.names, self.exact, self.log = ids, names, exact, log
        self.contact_rows, self.contacts_file = contacts.rows, contacts.file

    def __call__(
        self, values: pd.Series, table: RawTable, column: str, key: str, *, what: str = "the id or name of a contact"
    ) -> np.ndarray:
        return _resolve(
            values,
            self.ids,
            self.names,
            table,
            column,
            self.log,
            what=what,
            contact_rows=self.contact_rows,
            exact=self.exact.get(key),
        )


def _introduction_codes(
    i: pd.DataFrame, iraw: RawTable, resolve: _Resolver, log: ProblemLog
) -> tuple[np.ndarray, np.ndarray]:
    """Codes of introducers and introduced people; blank and self introductions reported; status and date filled."""
    ir = resolve(i["introducer"], iraw, "introducer", "introducer")
    it = resolve(i["introduced"], iraw, "introduced", "introduced")
    for col in ("introducer", "introduced"):
        blank = i[col].isna().to_numpy()
        if blank.any():
            log.add_many(
                iraw.file,
                iraw.rows[blank],
                col,
                "error",
                f"{col} is blank; expected a contact id or name" + _LENIENT_OUT,
            )
    selfi = (ir == it) & (ir >= 0)
    if selfi.any():
        log.add_many(
            iraw.file,
            iraw.rows[selfi],
            "introduced",
            "error",
            [
                f"introducer and introduced are the same person ('{_show(resolve.ids[k])}'); expected two "
                "different people" + _LENIENT_OUT
                for k in ir[selfi]
            ],
        )
    if "status" in i.columns:
        st, bad = _statuses(i["status"])
        if bad.any():
            log.add_many(
                iraw.file,
                iraw.rows[bad],
                "status",
                "error",
                [
                    f"'{_show(v)}' is not a status; expected one of {', '.join(STATUSES)} (blank means "
                    "introduced); in lenient mode it counts as introduced"
                    for v in i["status"][bad]
                ],
            )
        i["status"] = st
    else:
        i["status"] = pd.Series("introduced", index=i.index, dtype="str")
    if "date" not in i.columns:
        i["date"] = pd.Series(pd.NaT, index=i.index, dtype="datetime64[ns]")
    return ir, it


def _statuses(written: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Statuses in lower case (blank: introduced) and a mask of the ones that are no status (Arrow lookups)."""
    arr = arrow_text(written)
    if arr is None:
        st = written.str.lower().str.strip().fillna("introduced")
        return st, ~st.isin(STATUSES).to_numpy()
    st = pc.fill_null(pc.utf8_trim_whitespace(pc.utf8_lower(arr)), "introduced")
    bad = ~pc.is_in(st, value_set=pa.array(STATUSES, type=st.type)).to_numpy(zero_copy_only=False)
    return text_series(st, written.index, written.name), bad


def _meeting_codes(
    m: pd.DataFrame, mraw: RawTable, resolve: _Resolver, date_blank: np.ndarray, log: ProblemLog
) -> np.ndarray:
    """Codes of the people met; blank contacts and dates reported; kinds normalised; early thank-yous warned."""
    mc = resolve(m["contact"], mraw, "contact", "contact")
    blank = m["contact"].isna().to_numpy()
    if blank.any():
        log.add_many(
            mraw.file,
            mraw.rows[blank],
            "contact",
            "error",
            "contact is blank; expected a contact id or name" + _LENIENT_OUT,
        )
    if date_blank.any():
        log.add_many(
            mraw.file,
            mraw.rows[date_blank],
            "date",
            "error",
            "date is blank; expected the date of the conversation; in lenient mode the meeting is kept without a date",
        )
    if "kind" in m.columns:
        m["kind"] = _kinds(m["kind"], mraw, log)
    thank = m.get("thank_you_sent")
    if thank is not None:
        early = (thank < m["date"].dt.normalize()).to_numpy()
        if early.any():
            log.add_many(
                mraw.file,
                mraw.rows[early],
                "thank_you_sent",
                "warning",
                "thank-you dated before the conversation; expected a date on or after the meeting",
            )
    return mc


def _kinds(written: pd.Series, mraw: RawTable, log: ProblemLog) -> pd.Series:
    """Meeting kinds normalised (lower case, hyphens); unknown ones warned and kept as written.

    The few distinct spellings are normalised, not every cell (a regex per cell cost ~1.5 s at 10^6).
    """
    codes, spellings = pd.factorize(written)
    normal = pd.Series(spellings, dtype="str").str.lower().str.strip().str.replace(r"[\s_]+", "-", regex=True)
    normal = pd.concat([normal, pd.Series([None], dtype="str")], ignore_index=True)  # code -1: blank
    kind = pd.Series(
        normal.take(np.where(codes >= 0, codes, len(normal) - 1)).to_numpy(), index=written.index, dtype="str"
    )
    unknown = kind.notna().to_numpy() & ~kind.isin(MEETING_KINDS).to_numpy()
    if unknown.any():
        log.add_many(
            mraw.file,
            mraw.rows[unknown],
            "kind",
            "warning",
            [
                f"'{_show(v)}' is not a known kind; expected one of {', '.join(MEETING_KINDS)}; kept as written"
                for v in written[unknown]
            ],
        )
    return kind


def _seeker_codes(c, i, iraw, m, mraw, it, resolve: _Resolver, log) -> tuple[np.ndarray, np.ndarray]:
    """Seekers: flagged contacts plus every contact a seeker column names; each row's seeker code.

    A blank seeker is the only seeker when there is one, else an error; contacts named as
    seekers get ``is_seeker`` set (with a warning when other contacts carry the flag).
    """
    crows, ids = resolve.contact_rows, resolve.ids
    seeker_codes = set(np.flatnonzero(c["is_seeker"].to_numpy()).tolist())
    ref = {}
    for table, frame, raw in (("introductions", i, iraw), ("meetings", m, mraw)):
        if "seeker" in frame.columns and frame["seeker"].notna().any():
            sc = resolve(frame["seeker"], raw, "seeker", f"{table}.seeker", what="the id or name of a seeker")
            named = set(np.unique(sc[sc >= 0]).tolist())
            newly = sorted(named - seeker_codes)
            if newly and c["is_seeker"].any():  # (no is_seeker column: nobody is flagged, nothing to warn)
                for code in newly:
                    log.add(
                        resolve.contacts_file,
                        int(crows[code]),
                        "is_seeker",
                        "warning",
                        f"'{_show(ids[code])}' is named as a seeker in {raw.file} but is_seeker is not true; "
                        "expected is_seeker = true for every seeker; treated as a seeker",
                    )
            seeker_codes |= named
            ref[table] = sc
        else:
            ref[table] = np.full(len(frame), -1, dtype=np.int64)
    seeker_list = sorted(seeker_codes)
    if seeker_list:
        c.loc[c.index[seeker_list], "is_seeker"] = True
    for table, frame, raw in (("introductions", i, iraw), ("meetings", m, mraw)):
        _fill_seekers(ref[table], frame, raw, seeker_list, ids, log)
        if table == "introductions":
            into_seeker = (it == ref[table]) & (it >= 0)
            if into_seeker.any():
                log.add_many(
                    raw.file,
                    raw.rows[into_seeker],
                    "introduced",
                    "error",
                    "the seeker is introduced to themselves; expected someone the seeker did not know yet"
                    + _LENIENT_OUT,
                )
    if len(c) and not seeker_list:
        log.add(
            resolve.contacts_file,
            None,
            "is_seeker",
            "error",
            "no seeker: expected one contact with is_seeker = true (or a seeker column naming seekers); "
            "in lenient mode the network has no trees",
        )
    return ref["introductions"], ref["meetings"]


def _fill_seekers(
    sc: np.ndarray, frame: pd.DataFrame, raw: RawTable, seeker_list: list, ids: pd.Index, log: ProblemLog
) -> None:
    """Rows without a seeker get the only seeker (in place); with several seekers they are errors."""
    blank = sc < 0
    if "seeker" in frame.columns:
        blank &= frame["seeker"].isna().to_numpy()
    if not blank.any() or len(seeker_list) == 0:  # nobody to fill in: "no seeker" is reported once
        return
    if len(seeker_list) == 1:
        sc[blank] = seeker_list[0]
        return
    shown = ", ".join(repr(_show(ids[k])) for k in seeker_list[:5]) + (" ..." if len(seeker_list) > 5 else "")
    log.add_many(
        raw.file,
        raw.rows[blank],
        "seeker",
        "error",
        f"seeker is blank but the network has {len(seeker_list)} seekers; expected one of {shown}" + _LENIENT_OUT,
    )
