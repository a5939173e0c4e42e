"""Check and normalise the three input tables; every problem becomes a row of the problem table."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._problems import ProblemLog
from . import _parse
from ._schema import COLUMNS, MEETING_KINDS, REQUIRED, STATUSES, canonical, suggest

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
    if col.dtype == object or pd.api.types.is_string_dtype(col.dtype):
        text = col.astype("str") if col.dtype != object else col.map(
            lambda v: v if isinstance(v, str) else (None if v is None or v != v else str(v))
        )
        text = pd.Series(text, index=col.index, dtype="str").str.strip()
        return text.mask(text == "")
    if pd.api.types.is_numeric_dtype(col.dtype) or pd.api.types.is_bool_dtype(col.dtype):
        out = col.astype("str").mask(col.isna())
        return pd.Series(out, index=col.index, dtype="str")
    return pd.Series(col.astype("str").mask(col.isna()), index=col.index, dtype="str")


def _columns(table: str, raw: RawTable, log: ProblemLog) -> pd.DataFrame | None:
    """Canonical headers; report missing required columns with suggestions."""
    frame = raw.frame
    renamed = {c: canonical(c) for c in frame.columns}
    seen: dict[str, str] = {}
    for original, canon in renamed.items():
        if canon in seen and canon:
            log.add(raw.file, raw.header_row, str(original), "error",
                    f"column '{original}' appears twice (also as '{seen[canon]}'); expected each column once")
        seen.setdefault(canon, str(original))
    blank_headers = [c for c, k in renamed.items() if not k or k.startswith("unnamed:")]
    for c in blank_headers:
        col = frame[c]
        if not _parse.blank_mask(col).all():
            log.add(raw.file, raw.header_row, None, "error",
                    "a column has data but no header; expected a header name for every column with values")
    missing = [c for c in REQUIRED[table] if c not in seen]
    if missing:
        found = [str(c) for c in frame.columns if renamed[c]]
        hints = []
        for m in missing:
            close = suggest(m, found)
            if close:
                hints.append(f"for '{m}' did you mean {', '.join(repr(c) for c in close)}?")
        msg = (
            f"missing required column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(repr(m) for m in missing)}; found {', '.join(repr(f) for f in found) or 'no columns'}"
        )
        if hints:
            msg += "; " + " ".join(hints)
        log.add(raw.file, raw.header_row, None, "error", msg)
        return None
    keep = [c for c, k in renamed.items() if k and not k.startswith("unnamed:")]
    out = frame[keep].copy()
    out.columns = [renamed[c] for c in keep]
    return out.loc[:, ~out.columns.duplicated()]


def _normalize_columns(table, frame, raw, log, *, date_format, dayfirst, today):
    """Parse typed columns in place (on our copy); text columns get stripped."""
    schema = COLUMNS[table]
    for col in frame.columns:
        kind = schema.get(col, "text")
        values = frame[col]
        if kind == "text":
            frame[col] = _strip_text(values)
        elif kind == "bool":
            parsed, bad = _parse.parse_bool(values)
            if bad.any():
                shown = values[bad].astype(str).str.slice(0, 40)
                log.add_many(raw.file, raw.rows[bad], col, "error",
                             [f"'{v}' is not a yes/no value; expected {_parse.BOOL_WORDS_TEXT}" for v in shown])
            frame[col] = parsed
        elif kind == "bool_or_date":
            parsed, bad = _parse.parse_bool(values)
            if bad.any():
                dates, dbad, amb = _parse.parse_dates(values[bad], date_format=date_format, dayfirst=dayfirst)
                is_date = ~dbad & ~amb
                if is_date.any():
                    dated = np.flatnonzero(bad)[is_date]
                    parsed.iloc[dated] = True
                    frame[f"{col}_date"] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
                    frame.loc[frame.index[dated], f"{col}_date"] = dates.to_numpy()[is_date]
                bad = bad.copy()
                bad[np.flatnonzero(bad)[is_date]] = False
            if bad.any():
                shown = values[bad].astype(str).str.slice(0, 40)
                log.add_many(raw.file, raw.rows[bad], col, "error",
                             [f"'{v}' is neither yes/no nor a date; expected {_parse.BOOL_WORDS_TEXT}, or a date" for v in shown])
            frame[col] = parsed
        else:  # date / datetime
            parsed, bad, amb = _parse.parse_dates(values, date_format=date_format, dayfirst=dayfirst)
            if bad.any():
                shown = values[bad].astype(str).str.slice(0, 40)
                log.add_many(raw.file, raw.rows[bad], col, "error",
                             [f"'{v}' is not a date; expected {_parse.DATE_FORMS_TEXT}" for v in shown])
            if amb.any():
                shown = values[amb].astype(str)
                log.add_many(raw.file, raw.rows[amb], col, "error",
                             [f"'{v}' could be day/month or month/day; pass date_format (e.g. '%d/%m/%Y') "
                              "or dayfirst=True/False (CLI: --date-format), or write it as ISO 2026-03-04" for v in shown])
            future = (parsed > today).to_numpy()
            if future.any():
                log.add_many(raw.file, raw.rows[future], col, "warning",
                             [f"{v:%Y-%m-%d} is in the future (today is {today:%Y-%m-%d})" for v in parsed[future]])
            frame[col] = parsed
    return frame


def _resolve(values: pd.Series, ids: pd.Index, names: pd.Series, table: RawTable, column: str,
             log: ProblemLog, *, what: str) -> np.ndarray:
    """Turn references (ids, or exact names) into contact codes; -1 where unknown or blank."""
    codes = ids.get_indexer(values)
    unresolved = (codes < 0) & values.notna().to_numpy()
    if unresolved.any():
        # exact names, when the name is unique
        unique_names = names[~names.duplicated(keep=False)]
        by_name = pd.Series(np.arange(len(names))[~names.duplicated(keep=False).to_numpy()], index=unique_names.values)
        sub = values[unresolved]
        got = by_name.reindex(sub.values).to_numpy()
        found = ~np.isnan(got.astype(float))
        codes[np.flatnonzero(unresolved)[found]] = got[found].astype(np.int64)
        unresolved[np.flatnonzero(unresolved)[found]] = False
    if unresolved.any():
        lower_ids = pd.Series(np.arange(len(ids)), index=ids.str.casefold())
        lower_ids = lower_ids[~lower_ids.index.duplicated(keep=False)]
        sub = values[unresolved].str.casefold()
        got = lower_ids.reindex(sub.values).to_numpy()
        found = ~np.isnan(got.astype(float))
        if found.any():
            pos = np.flatnonzero(unresolved)[found]
            codes[pos] = got[found].astype(np.int64)
            log.add_many(table.file, table.rows[pos], column, "warning",
                         [f"'{v}' matched contact id '{ids[int(c)]}' only when ignoring case"
                          for v, c in zip(values.iloc[pos], got[found])])
            unresolved[pos] = False
    if unresolved.any():
        import difflib

        pos = np.flatnonzero(unresolved)
        candidates = list(ids[:5000]) if len(ids) > 5000 else list(ids)
        msgs = []
        for v in values.iloc[pos]:
            close = difflib.get_close_matches(str(v), candidates, n=2, cutoff=0.75) if len(pos) <= 200 else []
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            msgs.append(f"'{v}' is not a contact id or name in contacts; expected {what}{hint}")
        log.add_many(table.file, table.rows[pos], column, "error", msgs)
    return codes


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
    """Validate and normalise the tables; returns None when a table's shape is unusable."""
    today = pd.Timestamp.now().normalize() + pd.Timedelta(days=1) if today is None else pd.Timestamp(today)
    empty = {
        "introductions": RawTable(pd.DataFrame(columns=list(REQUIRED["introductions"])), "introductions", np.zeros(0, np.int64)),
        "meetings": RawTable(pd.DataFrame(columns=list(REQUIRED["meetings"])), "meetings", np.zeros(0, np.int64)),
    }
    raws = {"contacts": contacts, "introductions": introductions or empty["introductions"],
            "meetings": meetings or empty["meetings"]}
    frames = {}
    for table, raw in raws.items():
        frame = _columns(table, raw, log)
        if frame is None:
            continue
        frames[table] = _normalize_columns(table, frame, raw, log, date_format=date_format,
                                           dayfirst=dayfirst, today=today)
    if len(frames) < 3:
        return None

    c = frames["contacts"]
    craw = raws["contacts"]
    if len(c) == 0:
        log.add(craw.file, None, None, "warning", "no contacts: the table has a header but no rows")
    blank_name = c["name"].isna().to_numpy()
    if blank_name.any():
        log.add_many(craw.file, craw.rows[blank_name], "name", "error",
                     "name is blank; expected the person's name")
    if "id" in c.columns:
        blank_id = c["id"].isna().to_numpy() & ~blank_name
        if blank_id.any():
            log.add_many(craw.file, craw.rows[blank_id], "id", "warning",
                         "id is blank; the name is used as the id")
            c.loc[blank_id, "id"] = c.loc[blank_id, "name"]
        id_col = "id"
    else:
        c.insert(0, "id", c["name"])
        id_col = "name"
    c["id"] = c["id"].fillna(pd.Series([f"(blank row {r})" for r in craw.rows], index=c.index, dtype="str"))
    dup = c["id"].duplicated(keep=False).to_numpy()
    if dup.any():
        first_row = pd.Series(craw.rows[dup], index=c["id"][dup].values).groupby(level=0).min()
        log.add_many(craw.file, craw.rows[dup], id_col, "error",
                     [f"id '{v}' is used by more than one contact (first at row {first_row[v]}); expected unique ids"
                      + ("; add an id column to tell people with the same name apart" if id_col == "name" else "")
                      for v in c["id"][dup]])
    folded = c["id"].str.casefold()
    case_dup = folded.duplicated(keep=False).to_numpy() & ~dup
    if case_dup.any():
        log.add_many(craw.file, craw.rows[case_dup], id_col, "warning",
                     [f"id '{v}' differs from another id only in upper/lower case; they are treated as different people"
                      for v in c["id"][case_dup]])
    for col, default in (("is_seeker", False),):
        if col in c.columns:
            c[col] = c[col].fillna(default).astype(bool)
        else:
            c[col] = False
    ordered = [k for k in COLUMNS["contacts"] if k in c.columns]
    c = c[ordered + [k for k in c.columns if k not in ordered]]
    ids = pd.Index(c["id"].astype("str"))
    names = c["name"]

    # introductions
    i = frames["introductions"]
    iraw = raws["introductions"]
    ir = _resolve(i["introducer"], ids, names, iraw, "introducer", i_log := log, what="the id or name of a contact")
    it = _resolve(i["introduced"], ids, names, iraw, "introduced", i_log, what="the id or name of a contact")
    for col, codes in (("introducer", ir), ("introduced", it)):
        blank = i[col].isna().to_numpy()
        if blank.any():
            log.add_many(iraw.file, iraw.rows[blank], col, "error", f"{col} is blank; expected a contact id or name")
    selfi = (ir == it) & (ir >= 0)
    if selfi.any():
        log.add_many(iraw.file, iraw.rows[selfi], "introduced", "error",
                     "introducer and introduced are the same person; expected two different people")
    if "status" in i.columns:
        st = i["status"].str.lower().str.strip().fillna("introduced")
        bad = ~st.isin(STATUSES).to_numpy()
        if bad.any():
            log.add_many(iraw.file, iraw.rows[bad], "status", "error",
                         [f"'{v}' is not a status; expected one of {', '.join(STATUSES)} (blank means introduced)"
                          for v in i["status"][bad]])
        i["status"] = st
    else:
        i["status"] = pd.Series("introduced", index=i.index, dtype="str")
    if "date" not in i.columns:
        i["date"] = pd.Series(pd.NaT, index=i.index, dtype="datetime64[ns]")

    # meetings
    m = frames["meetings"]
    mraw = raws["meetings"]
    mc = _resolve(m["contact"], ids, names, mraw, "contact", log, what="the id or name of a contact")
    blank = m["contact"].isna().to_numpy()
    if blank.any():
        log.add_many(mraw.file, mraw.rows[blank], "contact", "error", "contact is blank; expected a contact id or name")
    blank = m["date"].isna().to_numpy()
    if blank.any() and len(m):
        log.add_many(mraw.file, mraw.rows[blank], "date", "error", "date is blank; expected the date of the conversation")
    if "kind" in m.columns:
        kind = m["kind"].str.lower().str.strip().str.replace(r"[\s_]+", "-", regex=True)
        unknown = kind.notna().to_numpy() & ~kind.isin(MEETING_KINDS).to_numpy()
        if unknown.any():
            log.add_many(mraw.file, mraw.rows[unknown], "kind", "warning",
                         [f"'{v}' is not a known kind ({', '.join(MEETING_KINDS)}); kept as written" for v in m["kind"][unknown]])
        m["kind"] = kind
    thank = m.get("thank_you_sent")
    if thank is not None:
        early = (thank < m["date"].dt.normalize()).to_numpy()
        if early.any():
            log.add_many(mraw.file, mraw.rows[early], "thank_you_sent", "warning",
                         "thank-you dated before the conversation; expected a date on or after the meeting")

    # seekers: flagged contacts plus every id named in a seeker column
    seeker_codes = set(np.flatnonzero(c["is_seeker"].to_numpy()).tolist())
    ref = {}
    for table, frame, raw in (("introductions", i, iraw), ("meetings", m, mraw)):
        if "seeker" in frame.columns and frame["seeker"].notna().any():
            sc = _resolve(frame["seeker"], ids, names, raw, "seeker", log, what="the id or name of a seeker")
            named = set(np.unique(sc[sc >= 0]).tolist())
            newly = sorted(named - seeker_codes)
            if newly and "is_seeker" in frames["contacts"].columns and c["is_seeker"].any():
                for code in newly:
                    log.add(craw.file, int(craw.rows[code]), "is_seeker", "warning",
                            f"'{ids[code]}' is named as a seeker in {raw.file} but is_seeker is not true; treated as a seeker")
            seeker_codes |= named
            ref[table] = sc
        else:
            ref[table] = np.full(len(frame), -1, dtype=np.int64)
    seeker_list = sorted(seeker_codes)
    if seeker_list:
        c.loc[c.index[seeker_list], "is_seeker"] = True
    for table, frame, raw in (("introductions", i, iraw), ("meetings", m, mraw)):
        sc = ref[table]
        blank = sc < 0
        if "seeker" in frame.columns:
            blank &= frame["seeker"].isna().to_numpy()
        if blank.any():
            if len(seeker_list) == 1:
                sc[blank] = seeker_list[0]
            elif len(seeker_list) == 0:
                log.add(craw.file, None, "is_seeker", "error",
                        "no seeker: expected one contact with is_seeker = true (or a seeker column naming seekers)")
            else:
                log.add_many(raw.file, raw.rows[blank], "seeker", "error",
                             f"seeker is blank but the network has {len(seeker_list)} seekers; expected one of their ids")
        if table == "introductions":
            into_seeker = (it == sc) & (it >= 0)
            if into_seeker.any():
                log.add_many(raw.file, raw.rows[into_seeker], "introduced", "error",
                             "the seeker is introduced to themselves; expected someone the seeker did not know yet")
        ref[table] = sc
    if len(c) and not seeker_list and not log.has_errors:
        log.add(craw.file, None, "is_seeker", "error",
                "no seeker: expected one contact with is_seeker = true (or a seeker column naming seekers)")

    i["introducer"] = pd.Series(np.where(ir >= 0, ids.to_numpy()[np.maximum(ir, 0)], i["introducer"]), index=i.index, dtype="str")
    i["introduced"] = pd.Series(np.where(it >= 0, ids.to_numpy()[np.maximum(it, 0)], i["introduced"]), index=i.index, dtype="str")
    si = ref["introductions"]
    i["seeker"] = pd.Series(np.where(si >= 0, ids.to_numpy()[np.maximum(si, 0)], None), index=i.index, dtype="str")
    m["contact"] = pd.Series(np.where(mc >= 0, ids.to_numpy()[np.maximum(mc, 0)], m["contact"]), index=m.index, dtype="str")
    sm = ref["meetings"]
    m["seeker"] = pd.Series(np.where(sm >= 0, ids.to_numpy()[np.maximum(sm, 0)], None), index=m.index, dtype="str")
    for frame, table in ((i, "introductions"), (m, "meetings")):
        ordered = [k for k in COLUMNS[table] if k in frame.columns]
        frame = frame[ordered + [k for k in frame.columns if k not in ordered]]
        frames[table] = frame
    return Normalized(
        contacts=c.reset_index(drop=True),
        introductions=frames["introductions"].reset_index(drop=True),
        meetings=frames["meetings"].reset_index(drop=True),
        rows={k: v.rows for k, v in raws.items()},
        files={k: v.file for k, v in raws.items()},
        codes={"introducer": ir, "introduced": it, "intro_seeker": si, "meeting_contact": mc, "meeting_seeker": sm},
    )
