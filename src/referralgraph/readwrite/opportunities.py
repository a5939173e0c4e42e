"""Check and normalise the optional fourth table, ``opportunities`` (one row per step of an opening)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._problems import ProblemLog
from ..model.opportunities import OPPORTUNITY_COLUMNS, STAGES, reach_rank, stage_of
from . import _parse
from .validation import RawTable, _columns, _ids_at, _normalize_columns, _resolve, _show

__all__ = ["normalize_opportunities"]

_STAGE_WORDS = ", ".join(STAGES)
_LENIENT_SKIP = "; in lenient mode the row is kept but counts at no stage"


def normalize_opportunities(
    raw: RawTable | None,
    contacts: pd.DataFrame,
    introductions: pd.DataFrame,
    meetings: pd.DataFrame,
    log: ProblemLog,
    *,
    contact_rows: np.ndarray,
    date_format=None,
    dayfirst=None,
    today=None,
    codes: dict | None = None,
) -> tuple[pd.DataFrame | None, np.ndarray]:
    """The normalised opportunities table (None when there is none) and the spreadsheet row of each record.

    Rules (docs/data-format.md, "opportunities"): ``stage`` is required, any case,
    synonyms allowed (an unknown stage is an error); ``contact`` and ``seeker`` are
    references like any other (unknown: an error); ``opportunity`` defaults to
    "organization, role"; a step dated before the seeker first reached its contact,
    a stage going backwards and a blank date are warnings. ``codes`` are the contact codes
    :func:`.validation.normalize_tables` resolved for the other tables (``introduced``,
    ``intro_seeker``, ``meeting_contact``, ``meeting_seeker``); without them the ids are looked up.
    """
    if raw is None:
        return None, np.zeros(0, np.int64)
    frame = _columns("opportunities", raw, log)
    if frame is None:
        return None, np.zeros(0, np.int64)
    from .._checks import check_date

    today = (
        pd.Timestamp.now().normalize() + pd.Timedelta(days=1)
        if today is None
        else pd.Timestamp(check_date("today", today, dayfirst=dayfirst))
    )  # as normalize_tables reads it
    if getattr(today, "tz", None) is not None:
        today = today.tz_convert("UTC").tz_localize(None)
    undated = _parse.blank_mask(frame["date"]) if "date" in frame.columns else np.ones(len(frame), bool)
    o = _normalize_columns("opportunities", frame, raw, log, date_format=date_format, dayfirst=dayfirst, today=today)
    ids = pd.Index(contacts["id"].astype("str"))
    names = contacts["name"]
    for col in ("opportunity", "contact", "organization", "role", "seeker", "notes"):
        if col not in o.columns:
            o[col] = pd.Series(pd.NA, index=o.index, dtype="str")
    if "date" not in o.columns:
        o["date"] = pd.Series(pd.NaT, index=o.index, dtype="datetime64[ns]")
    _check_stage(o, raw, log)
    _fill_opportunity(o, raw, log)
    contact = _resolve(
        o["contact"], ids, names, raw, "contact", log, what="the id or name of a contact", contact_rows=contact_rows
    )
    seeker = _seekers(o, ids, names, contacts, raw, log, contact_rows)
    if undated.any():
        log.add_many(
            raw.file,
            raw.rows[undated],
            "date",
            "warning",
            "date is blank; expected the day this step happened; the step counts without a date "
            "(no days between stages)",
        )
    o["contact"] = _ids_at(ids, contact, o["contact"])
    o["seeker"] = _ids_at(ids, seeker, None, index=o.index)
    touched = _touch_codes(introductions, meetings, ids, codes)
    _check_before_reached(o, contact, seeker, contacts, touched, ids, raw, log)
    _check_backwards(o, seeker, raw, log)
    ordered = list(OPPORTUNITY_COLUMNS) + [c for c in o.columns if c not in OPPORTUNITY_COLUMNS]
    return o[ordered].reset_index(drop=True), raw.rows


def _check_stage(o: pd.DataFrame, raw: RawTable, log: ProblemLog) -> None:
    written = o["stage"]
    stage = stage_of(written)
    blank = written.isna().to_numpy()
    bad = ~blank & stage.isna().to_numpy()
    if bad.any():
        log.add_many(
            raw.file,
            raw.rows[bad],
            "stage",
            "error",
            [
                f"'{_show(v)}' is not a stage; expected one of {_STAGE_WORDS} (any case; synonyms such as "
                f"'phone screen' or 'hired' are listed in docs/data-format.md)" + _LENIENT_SKIP
                for v in written[bad]
            ],
        )
    if blank.any():
        log.add_many(
            raw.file,
            raw.rows[blank],
            "stage",
            "error",
            f"stage is blank; expected one of {_STAGE_WORDS}" + _LENIENT_SKIP,
        )
    o["stage"] = stage


def _fill_opportunity(o: pd.DataFrame, raw: RawTable, log: ProblemLog) -> None:
    """A blank ``opportunity`` becomes "organization, role" (what a person would call it)."""
    blank = o["opportunity"].isna()
    if not blank.any():
        return
    made = o["organization"].fillna("").str.cat(o["role"].fillna(""), sep=", ").str.strip(", ")
    made = made.mask(made == "")
    nothing = (blank & made.isna()).to_numpy()
    if nothing.any():
        log.add_many(
            raw.file,
            raw.rows[nothing],
            "opportunity",
            "error",
            "opportunity, organization and role are all blank; expected an opportunity id or name, or the "
            "organization and role of the opening" + _LENIENT_SKIP,
        )
    o["opportunity"] = o["opportunity"].fillna(made)


def _seekers(o, ids, names, contacts, raw, log, contact_rows) -> np.ndarray:
    seekers = np.flatnonzero(contacts["is_seeker"].to_numpy(dtype=bool)) if len(contacts) else np.zeros(0, np.int64)
    sc = np.full(len(o), -1, np.int64)
    if o["seeker"].notna().any():
        sc = _resolve(
            o["seeker"], ids, names, raw, "seeker", log, what="the id or name of a seeker", contact_rows=contact_rows
        )
        not_seeker = (sc >= 0) & ~np.isin(sc, seekers)
        if not_seeker.any():
            log.add_many(
                raw.file,
                raw.rows[not_seeker],
                "seeker",
                "error",
                [
                    f"'{_show(ids[k])}' is not a seeker; expected one of the seekers (is_seeker = true)" + _LENIENT_SKIP
                    for k in sc[not_seeker]
                ],
            )
            sc[not_seeker] = -1
    blank = o["seeker"].isna().to_numpy()
    if blank.any():
        if len(seekers) == 1:
            sc[blank] = seekers[0]
        elif len(seekers) > 1:
            shown = ", ".join(repr(_show(ids[k])) for k in seekers[:5]) + (" ..." if len(seekers) > 5 else "")
            log.add_many(
                raw.file,
                raw.rows[blank],
                "seeker",
                "error",
                f"seeker is blank but the network has {len(seekers)} seekers; expected one of {shown}" + _LENIENT_SKIP,
            )
    return sc


def _touch_codes(introductions, meetings, ids, codes: dict | None) -> list:
    """``(seeker codes, contact codes, dates)`` of every introduction and meeting: when a seeker touched whom.

    The codes :func:`.validation.normalize_tables` resolved are reused (looking 10^6 ids up
    again cost seconds); a table whose codes are not given is looked up.
    """
    codes = codes or {}
    out = []
    for frame, who, seeker_key, who_key in (
        (introductions, "introduced", "intro_seeker", "introduced"),
        (meetings, "contact", "meeting_seeker", "meeting_contact"),
    ):
        if not len(frame):
            continue
        s, c = codes.get(seeker_key), codes.get(who_key)
        if s is None or c is None or len(s) != len(frame) or len(c) != len(frame):
            s = pd.Index(ids).get_indexer(frame["seeker"].astype("str"))
            c = pd.Index(ids).get_indexer(frame[who].astype("str"))
        out.append((np.asarray(s, np.int64), np.asarray(c, np.int64), frame["date"].to_numpy(dtype="datetime64[ns]")))
    return out


def _first_reached(contacts, touched: list, ids, key_seeker, key_contact) -> np.ndarray:
    """Per (seeker, contact) pair asked for: the first day the seeker was in touch with the contact (NaT if unknown)."""
    N = max(len(ids), 1)
    key = key_seeker.astype(np.int64) * N + key_contact
    wanted = np.unique(key)
    parts = []
    for s, c, date in touched:
        ok = (s >= 0) & (c >= 0)
        pair = s[ok] * N + c[ok]
        asked = np.isin(pair, wanted)  # only the pairs some opportunity names
        parts.append(pd.Series(date[ok][asked], index=pair[asked]))
    first = np.full(len(key), np.datetime64("NaT"), "datetime64[ns]")
    if parts:
        earliest = pd.concat(parts).groupby(level=0).min()
        first = earliest.reindex(key).to_numpy(dtype="datetime64[ns]")
    if "first_contact" in contacts.columns and len(contacts):
        fc = contacts["first_contact"].to_numpy(dtype="datetime64[ns]")[np.maximum(key_contact, 0)]
        first = np.where(np.isnat(first), fc, np.where(np.isnat(fc), first, np.minimum(first, fc)))
    return first


def _check_before_reached(o, contact, seeker, contacts, touched, ids, raw, log) -> None:
    ok = (contact >= 0) & (seeker >= 0)
    if not ok.any():
        return
    first = np.full(len(o), np.datetime64("NaT"), "datetime64[ns]")
    first[ok] = _first_reached(contacts, touched, ids, seeker[ok], contact[ok])
    date = o["date"].to_numpy(dtype="datetime64[ns]")
    early = ok & ~np.isnat(first) & ~np.isnat(date) & (date.astype("datetime64[D]") < first.astype("datetime64[D]"))
    if early.any():
        log.add_many(
            raw.file,
            raw.rows[early],
            "date",
            "warning",
            [
                f"{pd.Timestamp(d):%Y-%m-%d} is before the seeker first reached '{_show(ids[c])}' "
                f"({pd.Timestamp(f):%Y-%m-%d}); expected the opportunity to come through them after that; "
                "kept as written"
                for d, f, c in zip(date[early], first[early], contact[early])
            ],
        )


def _check_backwards(o, seeker, raw, log) -> None:
    """A progress stage dated after a further one of the same opportunity (e.g. applied after interview)."""
    rank = reach_rank(o["stage"])
    date = o["date"].to_numpy(dtype="datetime64[ns]")
    use = np.flatnonzero((rank >= 0) & ~np.isnat(date) & o["opportunity"].notna().to_numpy())
    if len(use) < 2:
        return
    key = pd.Series(o["opportunity"].to_numpy()[use]).astype("str") + "\x00" + pd.Series(seeker[use]).astype("str")
    order = np.lexsort((use, date[use], pd.factorize(key)[0]))
    rows, grp = use[order], pd.factorize(key)[0][order]
    r = rank[rows].astype(np.int64)
    running = pd.Series(r).groupby(grp).cummax().to_numpy()
    prev = pd.Series(running).groupby(grp).shift(1).to_numpy()
    back = ~np.isnan(prev) & (r < prev)
    if back.any():
        from ..model.opportunities import PROGRESS_STAGES

        hit = rows[back]
        log.add_many(
            raw.file,
            raw.rows[hit],
            "stage",
            "warning",
            [
                f"stage '{o['stage'].iat[h]}' on {pd.Timestamp(date[h]):%Y-%m-%d} comes after "
                f"'{PROGRESS_STAGES[int(p)]}' of the same opportunity '{_show(o['opportunity'].iat[h])}'; "
                f"expected stages in the order {', '.join(PROGRESS_STAGES)}; the opportunity counts as having "
                f"reached {PROGRESS_STAGES[int(p)]}"
                for h, p in zip(hit, prev[back])
            ],
        )
