"""A grown synthetic cohort written out as the input tables (contacts, introductions, meetings, opportunities)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..model.vocabulary import MET, SUGGESTED
from ._opportunities import opportunities_frame, opportunity_rows
from ._synthetic_grow import _thank_you
from ._synthetic_words import (
    _DIRECT_SOURCE_P,
    _DIRECT_SOURCES,
    _FOLLOW_UP,
    _KIND_P,
    _MEETING_KINDS,
    _NAMES,
    _NS_PER_DAY,
    _ROLE_P,
    _ROLE_TABLE,
    _STATUS_TEXT,
    FIELDS,
    ORGANIZATIONS,
    TAKEAWAYS,
    UNIVERSITIES,
)


# ---------------------------------------------------------------- tables
_STR = pd.StringDtype(na_value=np.nan)  # what pandas calls "str"


def _arrow():
    """pyarrow, when pandas keeps its strings there (then text columns are built without Python objects)."""
    if _STR.storage != "pyarrow":
        return None
    import pyarrow

    return pyarrow


def _ids(prefix: str, n: int, width: int):
    """``prefix`` + zero-padded numbers 1..n as a text pool, built from bytes (an f-string per id is slower)."""
    k = np.arange(1, n + 1, dtype=np.int64)
    w = len(prefix) + width
    chars = np.empty((n, w), dtype=np.uint8)
    chars[:, : len(prefix)] = np.frombuffer(prefix.encode(), dtype=np.uint8)
    for j in range(width):
        chars[:, w - 1 - j] = (k // 10**j) % 10 + 48
    pa = _arrow()
    if pa is None:
        return chars.view(f"S{w}").ravel().astype(f"U{w}").astype(object)
    offsets = np.arange(0, (n + 1) * w, w, dtype=np.int64)
    return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(chars.tobytes()))


def _pool(values):
    """A text pool for :func:`_text`: a pyarrow array when pandas uses pyarrow, else an object array."""
    pa = _arrow()
    if pa is None:
        return np.asarray(values, dtype=object)
    return pa.array(list(values), pa.large_string())


def _concat_pools(*pools):
    pa = _arrow()
    return pa.concat_arrays(list(pools)) if pa is not None else np.concatenate(pools)


def _text(pool, codes: np.ndarray):
    """The column ``pool[codes]`` as pandas "str" text; negative codes are missing."""
    codes = np.asarray(codes, dtype=np.int64)
    missing = codes < 0
    pa = _arrow()
    if pa is not None:
        taken = pool.take(pa.array(codes, mask=missing if missing.any() else None))
        return pd.array(taken, dtype=_STR)
    out = pool[np.maximum(codes, 0)] if len(pool) else np.full(len(codes), None, dtype=object)
    out[missing] = None
    return pd.array(out, dtype=_STR)


def _days(start: pd.Timestamp, days: np.ndarray, *, unit: str = "day") -> np.ndarray:
    """Offsets in days from ``start`` as datetime64[ns]: whole days, or rounded to the minute; NaN -> NaT."""
    days = np.asarray(days, dtype=np.float64)
    ok = ~np.isnan(days)
    ns = np.zeros(len(days), dtype=np.int64)
    if unit == "day":
        ns[ok] = np.floor(days[ok]).astype(np.int64) * _NS_PER_DAY
    else:
        ns[ok] = np.round(days[ok] * 1440).astype(np.int64) * 60 * 10**9
    out = (np.datetime64(start.to_datetime64(), "ns") + ns.astype("timedelta64[ns]")).astype("datetime64[ns]")
    out[~ok] = np.datetime64("NaT")
    return out


def _meeting_rows(rng, contact, seeker, t_meet, asked, thank_hours, kind, p) -> dict:
    """Columns of meetings (contact and seeker as codes into the id pool, kind into _MEETING_KINDS)."""
    end = p["span_days"]
    n = len(contact)
    thank = t_meet + thank_hours / 24
    thank = np.where(np.round(thank * 1440) <= round(end * 1440), thank, np.nan)  # not sent yet at the end
    return {
        "contact": contact,
        "t": t_meet,
        "seeker": seeker,
        "kind": kind,
        "asked": asked,
        "thank": thank,
        "note": rng.random(n) < 0.12,
        "prepared": rng.random(n) < 0.85,
        "takeaways": rng.integers(0, len(TAKEAWAYS), n),
    }


def _tables(rng, g: dict, sh: dict, p: dict) -> dict[str, pd.DataFrame]:
    """The three tables. Text columns are codes into small pools until the end, where pandas takes them."""
    S, N, start, end = p["n_seekers"], p["n_contacts"], p["start"], p["span_days"]
    ids = _concat_pools(_ids("s", S, max(3, len(str(S)))), _ids("c", N, max(4, len(str(N)))))
    direct = g["parent"] < 0
    tree = g["tree"]

    # contacts: the seekers first, then everyone else in the order they entered a tree
    first = np.where(g["status"] != SUGGESTED, np.floor(g["t_intro"]), np.nan)
    if len(sh["contact"]):
        reached = sh["status"] != SUGGESTED
        np.fmin.at(first, sh["contact"][reached], np.floor(sh["t_intro"][reached]))
    source = np.full(N, -1, dtype=np.int64)
    source[direct] = rng.choice(len(_DIRECT_SOURCES), size=int(direct.sum()), p=_DIRECT_SOURCE_P)
    role = 1 + g["field"].astype(np.int64) * 4 + rng.choice(4, size=N, p=_ROLE_P)
    contacts = pd.DataFrame(
        {
            "id": pd.array(ids, dtype=_STR),
            "name": _text(_pool(_NAMES), rng.integers(0, len(_NAMES), S + N)),
            "organization": _text(
                _pool(UNIVERSITIES + ORGANIZATIONS),
                np.concatenate([rng.integers(0, len(UNIVERSITIES), S), len(UNIVERSITIES) + g["org"]]),
            ),
            "role": _text(_pool(("Student", *_ROLE_TABLE)), np.concatenate([np.zeros(S, np.int64), role])),
            "field": _text(_pool(FIELDS), np.concatenate([g["seeker_field"], g["field"]])),
            "first_contact": np.concatenate([np.full(S, np.datetime64("NaT"), "datetime64[ns]"), _days(start, first)]),
            "source": _text(_pool(_DIRECT_SOURCES), np.concatenate([np.full(S, -1, np.int64), source])),
            "is_seeker": np.concatenate([np.ones(S, dtype=bool), np.zeros(N, dtype=bool)]),
        }
    )

    # introductions: one per tree edge (a seeker's own contacts have the seeker as introducer)
    intro = {
        "introducer": np.where(direct, tree, S + g["parent"]),
        "introduced": S + np.arange(N),
        "t": g["t_intro"],
        "seeker": tree,
        "status": g["status"],
    }
    if len(sh["contact"]):
        shared = {
            "introducer": np.where(sh["introducer"] < 0, sh["tree"], S + sh["introducer"]),
            "introduced": S + sh["contact"],
            "t": sh["t_intro"],
            "seeker": sh["tree"],
            "status": sh["status"],
        }
        intro = {k: np.concatenate([intro[k], shared[k]]) for k in intro}
    order = np.argsort(np.floor(intro["t"]), kind="stable")
    introductions = pd.DataFrame(
        {
            "introducer": _text(ids, intro["introducer"][order]),
            "introduced": _text(ids, intro["introduced"][order]),
            "date": _days(start, intro["t"][order]),
            "seeker": _text(ids, intro["seeker"][order]),
            "status": _text(_pool(_STATUS_TEXT), intro["status"][order]),
        }
    )
    tables = {"contacts": contacts, "introductions": introductions}
    if not p["meetings"]:
        return tables

    # meetings: one per met (seeker, contact), a follow-up for some, thank-you latencies as drawn
    met = g["status"] == MET
    kind = rng.choice(len(_KIND_P), size=N, p=_KIND_P)
    kind[direct & (source == _DIRECT_SOURCES.index("event"))] = _MEETING_KINDS.index("event")  # met there
    parts = [
        _meeting_rows(
            rng,
            S + np.flatnonzero(met),
            tree[met],
            g["t_meet"][met],
            g["asked"][met],
            g["thank_hours"][met],
            kind[met],
            p,
        )
    ]
    if len(sh["contact"]):
        sm = sh["status"] == MET
        parts.append(
            _meeting_rows(
                rng,
                S + sh["contact"][sm],
                sh["tree"][sm],
                sh["t_meet"][sm],
                sh["asked"][sm],
                sh["thank_hours"][sm],
                rng.choice(len(_KIND_P), size=int(sm.sum()), p=_KIND_P),
                p,
            )
        )
    once = {k: np.concatenate([q[k] for q in parts]) for k in parts[0]}
    again = np.flatnonzero(rng.random(len(once["t"])) < _FOLLOW_UP)
    t2 = np.floor(once["t"][again] + rng.uniform(7, 30, len(again))) + (8 + 0.25 * rng.integers(0, 44, len(again))) / 24
    again, t2 = again[t2 <= end], t2[t2 <= end]
    hours, _ = _thank_you(rng, len(again), p)
    follow = _meeting_rows(
        rng,
        once["contact"][again],
        once["seeker"][again],
        t2,
        rng.random(len(again)) < p["p_ask"],
        hours,
        1 + (rng.random(len(again)) < 0.5),
        p,
    )
    m = {k: np.concatenate([once[k], follow[k]]) for k in once}
    order = np.argsort(m["t"], kind="stable")
    tables["meetings"] = pd.DataFrame(
        {
            "contact": _text(ids, m["contact"][order]),
            "date": _days(start, m["t"][order], unit="minute"),
            "seeker": _text(ids, m["seeker"][order]),
            "kind": _text(_pool(_MEETING_KINDS), m["kind"][order]),
            "asked_for_introductions": m["asked"][order],
            "thank_you_sent": _days(start, m["thank"][order], unit="minute"),
            "handwritten_note": m["note"][order],
            "questions_prepared": m["prepared"][order],
            "takeaways": _text(_pool(TAKEAWAYS), m["takeaways"][order]),
        }
    )
    if p["opportunities"]:
        rows = opportunity_rows(
            rng,
            contact=once["contact"],
            seeker=once["seeker"],
            t_meet=once["t"],
            organization=np.zeros(len(once["t"])),
            n_seekers=S,
            end=end,
        )
        orgs = contacts["organization"].to_numpy(dtype=object)[once["contact"]]
        tables["opportunities"] = opportunities_frame(
            rows, ids=ids, organizations=orgs, start=start, text=_text, days=_days
        )
    return tables
