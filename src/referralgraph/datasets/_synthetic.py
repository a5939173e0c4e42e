"""Seeded synthetic cohorts: Galton-Watson referral trees with realistic dates, fields and meetings.

The generator grows every seeker's tree one generation at a time, with numpy over
the whole generation at once (never a Python loop per contact), so 10^6 contacts
take a few seconds.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable

import numpy as np
import pandas as pd

from .._docstrings import share_docs
from .._checks import check_int, check_number
from .._deprecate import known_keywords
from ..exceptions import ArgumentTypeError, OptionError
from ..readwrite import from_frames
from ..model import ReferralNetwork
from ..model.vocabulary import INTRODUCED, MEETING_KINDS, MET, STATUSES, SUGGESTED

from ._opportunities import opportunities_frame, opportunity_rows

__all__ = ["synthetic_tables", "synthetic_cohort"]

# ---------------------------------------------------------------- pools
#: fields people work in, with how common they are among a UX/product seeker's contacts
FIELDS = (
    "UX research", "product management", "data science", "design", "engineering",
    "recruiting", "marketing", "consulting", "operations", "academia",
)
_FIELD_P = np.array([0.16, 0.15, 0.12, 0.12, 0.14, 0.08, 0.07, 0.06, 0.05, 0.05])
#: four roles per field, junior to senior
ROLES = {
    "UX research": ("UX Researcher", "Senior UX Researcher", "Research Operations Lead", "Head of Research"),
    "product management": ("Associate Product Manager", "Product Manager", "Senior Product Manager", "Director of Product"),
    "data science": ("Data Analyst", "Data Scientist", "Senior Data Scientist", "Analytics Manager"),
    "design": ("Product Designer", "Senior Product Designer", "Content Designer", "Design Director"),
    "engineering": ("Software Engineer", "Senior Software Engineer", "Staff Engineer", "Engineering Manager"),
    "recruiting": ("Recruiting Coordinator", "Technical Recruiter", "University Recruiter", "Talent Partner"),
    "marketing": ("Marketing Associate", "Product Marketing Manager", "Growth Lead", "Brand Director"),
    "consulting": ("Analyst", "Consultant", "Senior Consultant", "Engagement Manager"),
    "operations": ("Operations Associate", "Program Manager", "Chief of Staff", "Operations Director"),
    "academia": ("PhD Candidate", "Postdoctoral Fellow", "Assistant Professor", "Professor"),
}
_ROLE_TABLE = tuple(r for f in FIELDS for r in ROLES[f])
_ROLE_P = np.array([0.35, 0.3, 0.2, 0.15])
#: fictional organisations (any likeness to a real one is a coincidence)
ORGANIZATIONS = (
    "Brightline Health", "Fernway", "Quillmark", "Harbor & Finch", "Tessellate Analytics", "Orbital Pay",
    "Cedarbrook Insurance", "Lumen Commons", "Kitewell", "Mosaic Grocery", "Parallax Robotics",
    "Sundial Mobility", "Greenleaf Foods", "Atlas Learning", "Copperline Bank", "Nimbus Cloudworks",
    "Pinecrest Medical Center", "Wavelength Media", "Trellis Talent", "Bluebird Studio", "Cobalt Games",
    "Meridian Civic Lab", "Riverstone Consulting", "Sparrow Health", "Northgate Logistics", "Halcyon Energy",
    "Juniper Legal Tech", "Foxglove Retail", "Stratus Maps", "Ironwood Security", "Marigold Travel",
    "Beacon Biotech", "Cascade Outdoor Co.", "Tidewater Analytics", "Oakhurst Publishing", "Prism Fintech",
    "Saltmarsh Studios", "Keystone Manufacturing", "Verdant Agritech", "Aurora Telehealth", "Clearwater Utilities",
    "Lattice Robotics", "Redwood Public Schools", "Summit Credit Union", "Hollow Oak Games", "Tandem Rideshare",
    "Goldfinch Media", "Basalt Data", "Windrose Hotels", "Silverline Insurance",
)
_ORG_P = 1.0 / np.arange(1, len(ORGANIZATIONS) + 1) ** 0.8  # a few large employers, a long tail
_ORG_P /= _ORG_P.sum()
UNIVERSITIES = ("Lakeshore University", "Eastfield State University", "Northbridge College",
                "Westhaven Institute of Technology", "Cedar Valley University")
FIRST_NAMES = (
    "Aisha", "Alex", "Amara", "Ana", "Andre", "Arjun", "Ben", "Bianca", "Carlos", "Chloe", "Dana", "Daniel",
    "Deepa", "Diego", "Elena", "Eli", "Emeka", "Emma", "Fatima", "Felix", "Grace", "Hana", "Hiro", "Ines",
    "Isaac", "Jamal", "Jin", "Jordan", "Julia", "Kai", "Kavya", "Keisha", "Kenji", "Lara", "Leo", "Li",
    "Lucia", "Malik", "Maria", "Marcus", "Mei", "Mateo", "Nadia", "Naomi", "Nikhil", "Nina", "Noah", "Olivia",
    "Omar", "Priya", "Rafael", "Rachel", "Ravi", "Rosa", "Sam", "Sara", "Sofia", "Tariq", "Tess", "Theo",
    "Tomas", "Uma", "Valeria", "Wei", "Yara", "Yusuf", "Zoe", "Ingrid", "Kwame", "Lena",
)
LAST_NAMES = (
    "Abbott", "Adeyemi", "Alvarez", "Andersen", "Bauer", "Bhatt", "Brooks", "Castillo", "Chen", "Costa",
    "Dang", "Diaz", "Dubois", "Eriksen", "Farah", "Fischer", "Garcia", "Gupta", "Haddad", "Hansen", "Ito",
    "Jensen", "Kapoor", "Kim", "Kowalski", "Lee", "Lopez", "Mbeki", "Mendez", "Miller", "Moreau", "Nakamura",
    "Nguyen", "Novak", "Okafor", "Olsen", "Park", "Patel", "Petrov", "Quinn", "Reyes", "Rossi", "Sato",
    "Schmidt", "Shah", "Silva", "Singh", "Sokolov", "Tanaka", "Torres", "Tran", "Usman", "Varga", "Walsh",
    "Weber", "Wong", "Yilmaz", "Young", "Zhang", "Zimmerman",
)
_NAMES = tuple(f"{a} {b}" for a in FIRST_NAMES for b in LAST_NAMES)
_DIRECT_SOURCES = ("alumni", "event", "cold-email", "linkedin", "existing")
_DIRECT_SOURCE_P = np.array([0.3, 0.2, 0.2, 0.2, 0.1])
_MEETING_KINDS = tuple(k for k in MEETING_KINDS if k not in ("email", "other"))  # kinds a synthetic meeting has
_KIND_P = np.array([0.5, 0.3, 0.2])  # of the first three; "event" is for people met at the event itself
TAKEAWAYS = (
    "Lead with the research question, not the method.",
    "Portfolio should show one study end to end.",
    "Hiring picks up after the fiscal year planning.",
    "Learn enough SQL to answer your own questions.",
    "Mixed-methods experience is the differentiator.",
    "Contract roles are a common way in.",
    "Team is small; generalists do well there.",
    "Follow up in three weeks about the opening.",
    "Read their public design system docs before applying.",
    "Stakeholder management matters as much as craft.",
    "Apply through the referral portal, not the job board.",
    "Practice a take-home synthesis exercise.",
    "Their interview loop includes a portfolio presentation.",
    "Accessibility research is an underserved niche.",
    "Keep the resume to one page with outcomes.",
    "Join the regional research meetup.",
    "Quantify impact: decisions changed, not reports written.",
    "New-grad program opens applications in the autumn.",
    "Ask for a shadowing day.",
    "Product sense questions: pick a product you use daily.",
)

_STATUS_TEXT = ("",) + STATUSES  # by status code; 0 (the seeker) is never an introduction
_NS_PER_DAY = 86_400 * 10**9
#: how much less a contact introduces when not asked, and without a prompt thank-you
_UNASKED_FACTOR, _SLOW_THANKS_FACTOR = 0.25, 0.7
_SAME_ORG = 0.3  # chance an introduction is to a colleague at the introducer's organisation
_FOLLOW_UP = 0.1  # chance of a second conversation with a met contact


# ---------------------------------------------------------------- checks
def _check_int(name, value, low):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ArgumentTypeError(f"{name} must be an integer (got {value!r} of type {type(value).__name__})")
    return check_int(name, value, minimum=low)


def _check_real(name, value, *, low=None, high=None, low_open=False):
    value = check_number(name, value, minimum=low, maximum=high)
    if low_open and value == low:
        raise OptionError(f"{name} must be a finite number > {low} (got {value:g})")
    return value


def _check_params(p: dict) -> dict:
    p["n_seekers"] = _check_int("n_seekers", p["n_seekers"], 1)
    p["n_contacts"] = _check_int("n_contacts", p["n_contacts"], 0)
    off = p["offspring"]
    if not callable(off) and off not in ("negbin", "poisson"):
        raise OptionError(f"offspring must be 'negbin', 'poisson' or a callable (got {off!r})")
    p["mean_offspring"] = _check_real("mean_offspring", p["mean_offspring"], low=0)
    p["dispersion"] = _check_real("dispersion", p["dispersion"], low=0, low_open=True)
    dc = p["direct_contacts"]
    if isinstance(dc, numbers.Integral) and not isinstance(dc, bool):
        dc = (dc, dc)
    if (not isinstance(dc, (tuple, list)) or len(dc) != 2
            or any(isinstance(v, bool) or not isinstance(v, numbers.Integral) for v in dc)
            or not 0 <= dc[0] <= dc[1] or dc[1] < 1):
        raise OptionError(f"direct_contacts must be an integer or a (low, high) pair of integers with "
                          f"0 <= low <= high and high >= 1 (got {p['direct_contacts']!r})")
    p["direct_contacts"] = (int(dc[0]), int(dc[1]))
    try:
        start = pd.Timestamp(p["start"])
    except (TypeError, ValueError) as exc:
        raise OptionError(f"start must be a date such as '2026-01-01' (got {p['start']!r})") from exc
    if start is pd.NaT:
        raise OptionError(f"start must be a date such as '2026-01-01' (got {p['start']!r})")
    if start.tz is not None:
        start = start.tz_convert("UTC").tz_localize(None)
    p["start"] = start.normalize()
    p["span_days"] = _check_real("span_days", p["span_days"], low=1)
    p["delay_days"] = _check_real("delay_days", p["delay_days"], low=0, low_open=True)
    for name in ("p_met", "p_suggested", "p_ask", "p_thank_24h", "homophily"):
        p[name] = _check_real(name, p[name], low=0, high=1)
    if p["p_met"] + p["p_suggested"] > 1:
        raise OptionError(f"p_met + p_suggested must be <= 1 (got {p['p_met']} + {p['p_suggested']} = "
                          f"{p['p_met'] + p['p_suggested']})")
    p["shared_fraction"] = _check_real("shared_fraction", p["shared_fraction"], low=0, high=1)
    if p["shared_fraction"] > 0 and p["n_seekers"] < 2:
        raise OptionError(f"shared_fraction > 0 needs n_seekers >= 2, since a shared contact helps several "
                          f"seekers (got n_seekers={p['n_seekers']}, shared_fraction={p['shared_fraction']})")
    p["seed"] = check_int("seed", p["seed"], minimum=0, allow_none=True)
    return p


# ---------------------------------------------------------------- growth
def _offspring(rng, mean: np.ndarray, p: dict) -> np.ndarray:
    """Numbers of introductions, one per met contact, with the given means."""
    off = p["offspring"]
    if len(mean) == 0:
        return np.zeros(0, dtype=np.int64)
    if off == "poisson":
        return rng.poisson(mean).astype(np.int64)
    if off == "negbin":
        k = p["dispersion"]
        return rng.negative_binomial(k, k / (k + mean)).astype(np.int64)
    counts = np.asarray(off(rng, mean.copy()))
    if counts.shape != mean.shape or not (np.issubdtype(counts.dtype, np.integer) or (
            np.issubdtype(counts.dtype, np.floating) and np.all(np.mod(counts, 1) == 0))) or (counts < 0).any():
        raise OptionError(f"the offspring callable must return {len(mean)} non-negative integers, one per met "
                          f"contact (got an array of shape {counts.shape} and dtype {counts.dtype})")
    return counts.astype(np.int64)


def _meet(rng, t_intro: np.ndarray, status: np.ndarray, end: float, p: dict):
    """Meetings of the contacts that are to be met: day, time of day, ask, thank-you and offspring means."""
    n = len(t_intro)
    day = np.floor(t_intro + 1 + rng.exponential(3.0, n))
    t_meet = day + (8 + 0.25 * rng.integers(0, 44, n)) / 24  # 08:00 to 18:45, quarter hours
    met = (status == MET) & (t_meet <= end)
    status = np.where((status == MET) & ~met, INTRODUCED, status).astype(np.int8)
    t_meet = np.where(met, t_meet, np.nan)
    asked = rng.random(n) < p["p_ask"]
    thank_hours, prompt = _thank_you(rng, n, p)
    weight = np.where(asked, 1.0, _UNASKED_FACTOR) * np.where(prompt, 1.0, _SLOW_THANKS_FACTOR)
    expected = ((p["p_ask"] + _UNASKED_FACTOR * (1 - p["p_ask"]))
                * (p["p_thank_24h"] + _SLOW_THANKS_FACTOR * (1 - p["p_thank_24h"])))
    mean = np.where(met, p["mean_offspring"] * weight / expected, 0.0)
    return status, t_meet, asked, thank_hours, mean


def _thank_you(rng, n: int, p: dict):
    """Hours from the conversation to the thank-you: within 24 h, late (30-90 h) or never (NaN)."""
    r = rng.random(n)
    prompt = r < p["p_thank_24h"]
    late = ~prompt & (r < p["p_thank_24h"] + 0.6 * (1 - p["p_thank_24h"]))
    hours = np.where(prompt, rng.uniform(0.5, 23.5, n), np.where(late, rng.uniform(30, 90, n), np.nan))
    return hours, prompt


def _draw_fields(rng, n):
    return rng.choice(len(FIELDS), size=n, p=_FIELD_P).astype(np.int16)


def _grow(rng, p: dict) -> dict:
    """Every seeker's tree, generation by generation; returns one array per column, one row per contact."""
    S, N, end = p["n_seekers"], p["n_contacts"], p["span_days"]
    lo, hi = p["direct_contacts"]
    seeker_field = _draw_fields(rng, S)
    dtypes = {"tree": np.int64, "parent": np.int64, "generation": np.int32, "t_intro": np.float64,
              "status": np.int8, "t_meet": np.float64, "asked": bool, "thank_hours": np.float64,
              "field": np.int16, "org": np.int16}
    chunks: dict[str, list] = {c: [] for c in dtypes}
    total, n_direct, wave = 0, 0, 0
    while total < N:
        remaining = N - total
        if wave == 0:
            tree = np.repeat(np.arange(S), rng.integers(lo, hi + 1, size=S))
        else:  # trees died out before n_contacts: reach out to more people, sized by the trees so far
            # aim for half of what is missing, so the last wave rarely has to be cut short (which
            # would leave met contacts with fewer introductions than they were drawn to make)
            per_direct = max(total / n_direct if n_direct else 1.0, 1.0)
            tree = np.sort(rng.integers(0, S, size=max(1, math.ceil(remaining / per_direct / 2))))
        wave += 1
        if len(tree) > remaining:
            tree = np.sort(rng.choice(tree, size=remaining, replace=False))
        n_direct += len(tree)
        n = len(tree)
        same = rng.random(n) < p["homophily"]
        gen = {
            "tree": tree.astype(np.int64),
            "parent": np.full(n, -1, dtype=np.int64),
            "t_intro": rng.uniform(0, 0.6 * end, n),
            "status": np.where(rng.random(n) < p["p_met"], MET, INTRODUCED).astype(np.int8),
            "field": np.where(same, seeker_field[tree], _draw_fields(rng, n)).astype(np.int16),
            "org": rng.choice(len(ORGANIZATIONS), size=n, p=_ORG_P).astype(np.int16),
        }
        depth = 1
        while len(gen["tree"]):
            n = len(gen["tree"])
            status, t_meet, asked, thank_hours, mean = _meet(rng, gen["t_intro"], gen["status"], end, p)
            counts = _offspring(rng, mean, p)
            codes = np.arange(total, total + n, dtype=np.int64)
            done = {**gen, "generation": np.full(n, depth, np.int32), "status": status, "t_meet": t_meet,
                    "asked": asked, "thank_hours": thank_hours}
            for key, value in done.items():
                chunks[key].append(value)
            total += n
            # the next generation: everyone these contacts introduced before the end of the span
            par = np.repeat(np.arange(n), counts)
            m = len(par)
            u = rng.random(m)
            suggested = u < p["p_suggested"]
            met = ~suggested & (u < p["p_suggested"] + p["p_met"])
            t_child = t_meet[par] + np.where(suggested, 0.0, rng.exponential(p["delay_days"], m))
            keep = t_child <= end
            if keep.sum() > N - total:  # the cohort is full: keep the earliest introductions
                first = np.flatnonzero(keep)
                first = first[np.argsort(t_child[first], kind="stable")[: N - total]]
                keep = np.zeros(m, dtype=bool)
                keep[first] = True
            par, t_child, m = par[keep], t_child[keep], int(keep.sum())
            same = rng.random(m) < p["homophily"]
            colleague = rng.random(m) < _SAME_ORG
            gen = {
                "tree": gen["tree"][par],
                "parent": codes[par],
                "t_intro": t_child,
                "status": np.where(suggested[keep], SUGGESTED, np.where(met[keep], MET, INTRODUCED)).astype(np.int8),
                "field": np.where(same, gen["field"][par], _draw_fields(rng, m)).astype(np.int16),
                "org": np.where(colleague, gen["org"][par],
                                rng.choice(len(ORGANIZATIONS), size=m, p=_ORG_P)).astype(np.int16),
            }
            depth += 1
    out = {c: np.concatenate(chunks[c]).astype(t, copy=False) if chunks[c] else np.zeros(0, t)
           for c, t in dtypes.items()}
    out["seeker_field"] = seeker_field
    return out


def _share(rng, g: dict, p: dict) -> dict:
    """Contacts who also help other seekers: each joins one or two other trees as a new member.

    A shared contact is introduced to the other seeker by a met member of that
    seeker's tree (or reached directly by the seeker), so it is a new leaf there:
    no cycle and no repeated (seeker, contact) pair can arise.
    """
    S, N, end = p["n_seekers"], p["n_contacts"], p["span_days"]
    k = int(round(p["shared_fraction"] * N))
    if k == 0:
        return {"contact": np.zeros(0, np.int64)}
    who = rng.choice(N, size=k, replace=False)
    contact = np.repeat(who, 1 + (rng.random(k) < 0.25))  # a quarter help two more seekers
    other = (g["tree"][contact] + rng.integers(1, S, size=len(contact))) % S
    _, first = np.unique(other * N + contact, return_index=True)
    first = np.sort(first)
    contact, other = contact[first], other[first]
    n = len(contact)
    met_codes = np.flatnonzero(g["status"] == MET)
    met_codes = met_codes[np.argsort(g["tree"][met_codes], kind="stable")]
    per_tree = np.bincount(g["tree"][met_codes], minlength=S)
    starts = np.concatenate([[0], np.cumsum(per_tree)[:-1]])
    pick = starts[other] + np.floor(rng.random(n) * per_tree[other]).astype(np.int64)
    direct = (per_tree[other] == 0) | (rng.random(n) < 0.3)
    introducer = np.where(direct, -1, met_codes[np.minimum(pick, max(len(met_codes) - 1, 0))] if len(met_codes) else -1)
    u = rng.random(n)
    suggested = ~direct & (u < p["p_suggested"])
    after = np.where(suggested, 0.0, rng.exponential(p["delay_days"], n))
    t = np.where(direct, np.nan, g["t_meet"][np.maximum(introducer, 0)] + after)
    late = ~direct & (t > end)
    direct |= late
    suggested &= ~late
    introducer = np.where(direct, -1, introducer)
    t = np.where(direct, rng.uniform(0, 0.6 * end, n), t)
    status = np.where(suggested, SUGGESTED, np.where(u < p["p_suggested"] + p["p_met"], MET, INTRODUCED))
    status, t_meet, asked, thank_hours, _ = _meet(rng, t, status.astype(np.int8), end, p)
    return {"contact": contact, "tree": other, "introducer": introducer, "t_intro": t, "status": status,
            "t_meet": t_meet, "asked": asked, "thank_hours": thank_hours}


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
        "contact": contact, "t": t_meet, "seeker": seeker, "kind": kind, "asked": asked, "thank": thank,
        "note": rng.random(n) < 0.12, "prepared": rng.random(n) < 0.85,
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
    contacts = pd.DataFrame({
        "id": pd.array(ids, dtype=_STR),
        "name": _text(_pool(_NAMES), rng.integers(0, len(_NAMES), S + N)),
        "organization": _text(_pool(UNIVERSITIES + ORGANIZATIONS),
                              np.concatenate([rng.integers(0, len(UNIVERSITIES), S), len(UNIVERSITIES) + g["org"]])),
        "role": _text(_pool(("Student", *_ROLE_TABLE)), np.concatenate([np.zeros(S, np.int64), role])),
        "field": _text(_pool(FIELDS), np.concatenate([g["seeker_field"], g["field"]])),
        "first_contact": np.concatenate([np.full(S, np.datetime64("NaT"), "datetime64[ns]"), _days(start, first)]),
        "source": _text(_pool(_DIRECT_SOURCES), np.concatenate([np.full(S, -1, np.int64), source])),
        "is_seeker": np.concatenate([np.ones(S, dtype=bool), np.zeros(N, dtype=bool)]),
    })

    # introductions: one per tree edge (a seeker's own contacts have the seeker as introducer)
    intro = {"introducer": np.where(direct, tree, S + g["parent"]), "introduced": S + np.arange(N),
             "t": g["t_intro"], "seeker": tree, "status": g["status"]}
    if len(sh["contact"]):
        shared = {"introducer": np.where(sh["introducer"] < 0, sh["tree"], S + sh["introducer"]),
                  "introduced": S + sh["contact"], "t": sh["t_intro"], "seeker": sh["tree"], "status": sh["status"]}
        intro = {k: np.concatenate([intro[k], shared[k]]) for k in intro}
    order = np.argsort(np.floor(intro["t"]), kind="stable")
    introductions = pd.DataFrame({
        "introducer": _text(ids, intro["introducer"][order]), "introduced": _text(ids, intro["introduced"][order]),
        "date": _days(start, intro["t"][order]), "seeker": _text(ids, intro["seeker"][order]),
        "status": _text(_pool(_STATUS_TEXT), intro["status"][order]),
    })
    tables = {"contacts": contacts, "introductions": introductions}
    if not p["meetings"]:
        return tables

    # meetings: one per met (seeker, contact), a follow-up for some, thank-you latencies as drawn
    met = g["status"] == MET
    kind = rng.choice(len(_KIND_P), size=N, p=_KIND_P)
    kind[direct & (source == _DIRECT_SOURCES.index("event"))] = _MEETING_KINDS.index("event")  # met there
    parts = [_meeting_rows(rng, S + np.flatnonzero(met), tree[met], g["t_meet"][met], g["asked"][met],
                           g["thank_hours"][met], kind[met], p)]
    if len(sh["contact"]):
        sm = sh["status"] == MET
        parts.append(_meeting_rows(rng, S + sh["contact"][sm], sh["tree"][sm], sh["t_meet"][sm], sh["asked"][sm],
                                   sh["thank_hours"][sm], rng.choice(len(_KIND_P), size=int(sm.sum()), p=_KIND_P), p))
    once = {k: np.concatenate([q[k] for q in parts]) for k in parts[0]}
    again = np.flatnonzero(rng.random(len(once["t"])) < _FOLLOW_UP)
    t2 = (np.floor(once["t"][again] + rng.uniform(7, 30, len(again)))
          + (8 + 0.25 * rng.integers(0, 44, len(again))) / 24)
    again, t2 = again[t2 <= end], t2[t2 <= end]
    hours, _ = _thank_you(rng, len(again), p)
    follow = _meeting_rows(rng, once["contact"][again], once["seeker"][again], t2,
                           rng.random(len(again)) < p["p_ask"], hours, 1 + (rng.random(len(again)) < 0.5), p)
    m = {k: np.concatenate([once[k], follow[k]]) for k in once}
    order = np.argsort(m["t"], kind="stable")
    tables["meetings"] = pd.DataFrame({
        "contact": _text(ids, m["contact"][order]), "date": _days(start, m["t"][order], unit="minute"),
        "seeker": _text(ids, m["seeker"][order]), "kind": _text(_pool(_MEETING_KINDS), m["kind"][order]),
        "asked_for_introductions": m["asked"][order],
        "thank_you_sent": _days(start, m["thank"][order], unit="minute"), "handwritten_note": m["note"][order],
        "questions_prepared": m["prepared"][order], "takeaways": _text(_pool(TAKEAWAYS), m["takeaways"][order]),
    })
    if p["opportunities"]:
        rows = opportunity_rows(rng, contact=once["contact"], seeker=once["seeker"], t_meet=once["t"],
                                organization=np.zeros(len(once["t"])), n_seekers=S, end=end)
        orgs = contacts["organization"].to_numpy(dtype=object)[once["contact"]]
        tables["opportunities"] = opportunities_frame(rows, ids=ids, organizations=orgs, start=start, text=_text,
                                                      days=_days)
    return tables


# ---------------------------------------------------------------- public
def synthetic_tables(
    *,
    n_seekers: int = 1,
    n_contacts: int = 1000,
    offspring: str | Callable[[np.random.Generator, np.ndarray], np.ndarray] = "negbin",
    mean_offspring: float = 1.2,
    dispersion: float = 0.8,
    direct_contacts: int | tuple[int, int] = (3, 12),
    start="2026-01-01",
    span_days: float = 120,
    delay_days: float = 7.0,
    p_met: float = 0.8,
    p_suggested: float = 0.1,
    p_ask: float = 0.75,
    p_thank_24h: float = 0.7,
    homophily: float = 0.6,
    shared_fraction: float = 0.0,
    meetings: bool = True,
    opportunities: bool = True,
    seed: int | None = 0,
) -> dict[str, pd.DataFrame]:
    """Tables of a synthetic cohort, laid out as the input files (``contacts``, ``introductions``, ``meetings``).

    Each seeker reaches a few people directly; every contact the seeker meets
    introduces a random number of others (a Galton-Watson branching process, grown
    one generation at a time for all trees at once); the people introduced are met,
    only introduced, or only suggested by name. Dates increase down every branch and
    stop at ``start + span_days``: introductions that would fall later have not
    happened yet and are not generated. When the trees die out before
    ``n_contacts`` people are reached, each seeker reaches more people directly;
    when they outgrow it, the latest introductions are left out, so there are
    always exactly ``n_contacts`` contacts besides the seekers.

    Parameters
    ----------
    n_seekers : int, default 1
        Seekers in the cohort (ids ``s001``, ``s002``, ...).
    n_contacts : int, default 1000
        Contacts besides the seekers (ids ``c0001``, ``c0002``, ...).
    offspring : {"negbin", "poisson"} or callable, default "negbin"
        Distribution of the number of introductions a met contact makes. The
        negative binomial (with ``dispersion``) gives the realistic mix of many
        people who introduce nobody and a few connectors. A callable is called as
        ``offspring(rng, mean)`` with the :class:`numpy.random.Generator` and an
        array of per-contact means, and returns as many non-negative integers.
    mean_offspring : float, default 1.2
        Mean introductions per met contact. Contacts who were not asked for
        introductions make a quarter as many, and those thanked later than 24 hours
        (or never) 0.7 times as many; the rest make correspondingly more, so that
        the mean over all met contacts is ``mean_offspring`` (before introductions
        that fall after the end of the span are cut off).
    dispersion : float, default 0.8
        Shape ``k`` of the negative binomial: variance ``mean + mean**2 / k``;
        smaller is more uneven.
    direct_contacts : int or (int, int), default (3, 12)
        People each seeker reaches directly at first, drawn uniformly from
        ``low..high``.
    start : date-like, default "2026-01-01"
        First day of the searches.
    span_days : float, default 120
        Length of the period; no date is later than ``start + span_days``.
    delay_days : float, default 7.0
        Mean days from a conversation to an introduction it leads to (exponential).
        Suggested names are dated on the day of the conversation.
    p_met, p_suggested : float, default 0.8, 0.1
        Probability that an introduced person is met, or was only suggested by
        name; the rest are ``introduced`` and not (yet) met. People reached
        directly are met with probability ``p_met``.
    p_ask : float, default 0.75
        Probability that the seeker asked a met contact for introductions.
    p_thank_24h : float, default 0.7
        Probability of a thank-you within 24 hours; of the rest, 60 % are sent
        30-90 hours later and 40 % never.
    homophily : float, default 0.6
        Probability that a person works in the same field as whoever introduced
        them (for direct contacts: the field the seeker is aiming for).
    shared_fraction : float, default 0.0
        Fraction of contacts who also help one or two other seekers (they appear in
        several trees). Needs ``n_seekers >= 2``.
    meetings : bool, default True
        Whether to make the ``meetings`` table.
    opportunities : bool, default True
        Whether to make the ``opportunities`` table (with ``meetings``): leads
        from met contacts, referrals, applications, interviews and offers at
        published rates (Jobvite, Lever; listed in
        ``referralgraph/datasets/_opportunities.py`` and docs/data-format.md), plus
        a few cold applications per seeker.
    seed : int or None, default 0
        Seed of the random generator: the same seed gives identical tables.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``contacts`` (``id, name, organization, role, field, first_contact, source,
        is_seeker``), ``introductions`` (``introducer, introduced, date, seeker,
        status``, sorted by date) and, with ``meetings``, ``meetings`` (``contact,
        date, seeker, kind, asked_for_introductions, thank_you_sent,
        handwritten_note, questions_prepared, takeaways``, sorted by date) and,
        with ``opportunities`` too, ``opportunities`` (``opportunity, contact,
        organization, role, stage, date, seeker``, sorted by date). Dates
        are ``datetime64[ns]`` and yes/no columns ``bool``; pass the dict to
        :func:`referralgraph.from_frames` as ``from_frames(**tables)``.

    Raises
    ------
    ArgumentTypeError
        (a ``TypeError``) If ``n_seekers`` or ``n_contacts`` is not an integer.
    OptionError
        (a ``ValueError``) If a parameter is out of range, e.g. ``n_contacts < 0``, a probability
        outside [0, 1], ``p_met + p_suggested > 1``, or ``shared_fraction > 0``
        with a single seeker; or if an ``offspring`` callable returns anything but
        one non-negative integer per contact.

    See Also
    --------
    synthetic_cohort : the same, loaded as a :class:`~referralgraph.ReferralNetwork`.
    demo : a hand-written network of one student's search.

    Notes
    -----
    Every generation is drawn with a handful of numpy calls over all trees at
    once, so the cost grows with the number of contacts, not with the number of
    seekers or the depth of the trees: 10^6 contacts for 1000 seekers take about
    3 s on a 2-core machine.

    Examples
    --------
    >>> tables = rg.synthetic_tables(n_seekers=2, n_contacts=50, seed=1)
    >>> {name: len(t) for name, t in tables.items()}
    {'contacts': 52, 'introductions': 50, 'meetings': 45, 'opportunities': 5}
    >>> int((~tables["contacts"]["is_seeker"]).sum())
    50
    >>> tables["introductions"].columns.tolist()
    ['introducer', 'introduced', 'date', 'seeker', 'status']
    """
    p = _check_params(dict(
        n_seekers=n_seekers, n_contacts=n_contacts, offspring=offspring, mean_offspring=mean_offspring,
        dispersion=dispersion, direct_contacts=direct_contacts, start=start, span_days=span_days,
        delay_days=delay_days, p_met=p_met, p_suggested=p_suggested, p_ask=p_ask, p_thank_24h=p_thank_24h,
        homophily=homophily, shared_fraction=shared_fraction, meetings=bool(meetings),
        opportunities=bool(opportunities), seed=seed,
    ))
    rng = np.random.default_rng(p["seed"])
    grown = _grow(rng, p)
    shared = _share(rng, grown, p)
    return _tables(rng, grown, shared, p)


@known_keywords
@share_docs
def synthetic_cohort(
    *,
    n_seekers: int = 1,
    n_contacts: int = 1000,
    offspring: str | Callable[[np.random.Generator, np.ndarray], np.ndarray] = "negbin",
    mean_offspring: float = 1.2,
    dispersion: float = 0.8,
    direct_contacts: int | tuple[int, int] = (3, 12),
    start="2026-01-01",
    span_days: float = 120,
    delay_days: float = 7.0,
    p_met: float = 0.8,
    p_suggested: float = 0.1,
    p_ask: float = 0.75,
    p_thank_24h: float = 0.7,
    homophily: float = 0.6,
    shared_fraction: float = 0.0,
    meetings: bool = True,
    opportunities: bool = True,
    seed: int | None = 0,
) -> ReferralNetwork:
    """A synthetic cohort as a network: ``from_frames(**synthetic_tables(...))`` with the same options.

    Parameters
    ----------
    n_seekers, n_contacts, offspring, mean_offspring, dispersion, direct_contacts, start, span_days, delay_days, p_met, p_suggested, p_ask, p_thank_24h, homophily, shared_fraction, meetings, opportunities, seed
        As for :func:`synthetic_tables` (the same names and defaults; a test keeps them equal).

    {returns_network}

    Raises
    ------
    ArgumentTypeError
        (a ``TypeError``) If a keyword is not one of :func:`synthetic_tables`'s, or
        as :func:`synthetic_tables`.
    OptionError
        (a ``ValueError``) As :func:`synthetic_tables`.

    See Also
    --------
    synthetic_tables : the tables alone (cheaper when no network is needed).

    Notes
    -----
    The dates are checked against today's date like any input, so a ``start`` in
    the future brings "in the future" warnings (in ``net.problems``).

    Examples
    --------
    >>> net = rg.synthetic_cohort(n_seekers=3, n_contacts=200, shared_fraction=0.05, seed=7)
    >>> len(net.seekers), len(net) - 3
    (3, 200)
    >>> net.problems.empty
    True
    """
    return from_frames(**synthetic_tables(n_seekers=n_seekers, n_contacts=n_contacts, offspring=offspring, mean_offspring=mean_offspring, dispersion=dispersion, direct_contacts=direct_contacts, start=start, span_days=span_days, delay_days=delay_days, p_met=p_met, p_suggested=p_suggested, p_ask=p_ask, p_thank_24h=p_thank_24h, homophily=homophily, shared_fraction=shared_fraction, meetings=meetings, opportunities=opportunities, seed=seed))
