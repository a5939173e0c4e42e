"""Synthetic opportunities at published rates: leads from met contacts, referrals, applications, interviews, offers.

Rates (per step, independent draws, all vectorised):

- a met contact mentions an opening at their organization: 6% (the demo's seeker had 5
  openings from about 70 conversations);
- the seeker asks for and gets a referral for half of those leads, and applies to 90% of
  referred leads and 60% of the others;
- an application reaches an interview: 30% when referred, 12% otherwise (Jobvite's
  benchmark: 7 of 59 applicants, 12%, are interviewed; referred candidates are hired 1 in
  16 against 1 in 152 from career sites in Lever's data, and are 7% of applicants but 40%
  of hires in the Jobvite Index), and 4% for a cold application through no contact
  (about 3 a seeker);
- an interview leads to an offer 28% of the time (Jobvite 2018 Recruiting Benchmark
  Report, the 2017 figure), and 88% of offers are accepted (Jobvite); the rest are declined;
- an opportunity that stops short of an offer is rejected 70% of the time (else still open).

Steps are 1-21 days apart and dated no later than the end of the cohort's span.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["opportunity_rows", "RATES"]

RATES = {
    "lead_per_met_contact": 0.06,
    "referred": 0.5,
    "apply_referred": 0.9,
    "apply_other": 0.6,
    "interview_referred": 0.30,
    "interview_other": 0.12,
    "interview_cold": 0.04,
    "cold_per_seeker": 3.0,
    "offer": 0.28,
    "accept": 0.88,
    "rejected": 0.7,
}
_ROLES = ("Analyst", "Associate", "Research Assistant", "Coordinator", "Junior Engineer", "Program Associate")
_GAPS = {"referred": (1, 10), "applied": (1, 7), "interview": (7, 21), "offer": (5, 15), "end": (2, 7)}


def opportunity_rows(
    rng,
    *,
    contact: np.ndarray,
    seeker: np.ndarray,
    t_meet: np.ndarray,
    organization: np.ndarray,
    n_seekers: int,
    end: float,
) -> dict:
    """Columns of the opportunities table: one row per step (codes for contact/seeker; -1 contact for none).

    ``contact``, ``seeker``, ``t_meet`` and ``organization`` describe each first
    meeting (day offsets from the start; organization as codes or text). Returns
    arrays ``opportunity`` (int), ``contact``, ``seeker``, ``organization`` (the
    contact's, an index into ``organization`` or -1), ``role`` (index into the
    role pool), ``stage`` (str) and ``t`` (days).
    """
    r = RATES
    lead = rng.random(len(contact)) < r["lead_per_met_contact"]
    n_warm = int(lead.sum())
    n_cold = rng.poisson(r["cold_per_seeker"], n_seekers)
    cold_seeker = np.repeat(np.arange(n_seekers), n_cold)
    n = n_warm + len(cold_seeker)
    who = np.concatenate([contact[lead], np.full(len(cold_seeker), -1, np.int64)])
    whose = np.concatenate([seeker[lead], cold_seeker])
    org = np.concatenate([np.flatnonzero(lead), np.full(len(cold_seeker), -1, np.int64)])
    warm = np.arange(n) < n_warm
    t0 = np.concatenate([t_meet[lead] + rng.uniform(0, 21, n_warm), rng.uniform(0, end, len(cold_seeker))])
    referred = warm & (rng.random(n) < r["referred"])
    applied = ~warm | (rng.random(n) < np.where(referred, r["apply_referred"], r["apply_other"]))
    p_int = np.where(~warm, r["interview_cold"], np.where(referred, r["interview_referred"], r["interview_other"]))
    interview = applied & (rng.random(n) < p_int)
    offer = interview & (rng.random(n) < r["offer"])
    accepted = offer & (rng.random(n) < r["accept"])
    rejected = ~offer & applied & (rng.random(n) < r["rejected"])

    def gap(name):
        low, high = _GAPS[name]
        return np.floor(rng.uniform(low, high, n))

    t = {"lead": np.floor(t0)}
    t["referred"] = t["lead"] + np.where(referred, gap("referred"), 0)
    t["applied"] = np.where(warm, t["referred"] + gap("applied"), t["lead"])
    t["interview"] = t["applied"] + gap("interview")
    t["offer"] = t["interview"] + gap("offer")
    t["final"] = np.where(offer, t["offer"], np.where(interview, t["interview"], t["applied"])) + gap("end")
    steps = [
        ("lead", warm),
        ("referred", referred),
        ("applied", applied),
        ("interview", interview),
        ("offer", offer),
        ("accepted", accepted),
        ("declined", offer & ~accepted),
        ("rejected", rejected),
    ]
    parts = []
    for stage, mask in steps:
        when = t["final"] if stage in ("accepted", "declined", "rejected") else t[stage]
        keep = np.flatnonzero(mask & (when <= end))
        parts.append((keep, np.full(len(keep), stage, dtype=object), when[keep]))
    idx = np.concatenate([p[0] for p in parts])
    stages = np.concatenate([p[1] for p in parts])
    when = np.concatenate([p[2] for p in parts])
    order = np.lexsort((np.arange(len(idx)), when, idx))
    idx, stages, when = idx[order], stages[order], when[order]
    role = rng.integers(0, len(_ROLES), n)
    return {
        "opportunity": idx,
        "contact": who[idx],
        "seeker": whose[idx],
        "organization": org[idx],
        "role": role[idx],
        "stage": stages,
        "t": when,
    }


def opportunities_frame(rows: dict, *, ids, organizations, start: pd.Timestamp, text, days) -> pd.DataFrame:
    """The opportunities table from :func:`opportunity_rows` (``text``/``days`` are the generator's helpers)."""
    order = np.argsort(rows["t"], kind="stable")
    k = {name: np.asarray(v)[order] for name, v in rows.items()}
    pool = np.concatenate(
        [np.asarray(organizations, dtype=object), np.array([None], dtype=object)]
    )  # code -1 (a cold application) -> None
    org = pd.Series(pool[k["organization"]], dtype="str")
    cold_org = pd.Series([f"Employer {i % 97 + 1}" for i in k["opportunity"]], dtype="str")
    organization = org.fillna(cold_org)
    role = pd.Series(np.asarray(_ROLES, dtype=object)[k["role"]], dtype="str")
    name = ("o" + pd.Series(k["opportunity"]).astype("str")).astype("str")
    contact = pd.Series(text(ids, np.maximum(k["contact"], 0)), dtype="str").where(k["contact"] >= 0, None)
    return pd.DataFrame(
        {
            "opportunity": name,
            "contact": contact,
            "organization": organization,
            "role": role,
            "stage": pd.Series(k["stage"], dtype="str"),
            "date": days(start, k["t"]),
            "seeker": pd.Series(text(ids, k["seeker"]), dtype="str"),
        }
    )
