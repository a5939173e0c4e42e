"""How a synthetic cohort grows: every seeker's tree, one generation at a time for all trees at once."""

from __future__ import annotations

import math

import numpy as np

from ..exceptions import OptionError
from ..model.vocabulary import INTRODUCED, MET, SUGGESTED
from ._synthetic_words import _FIELD_P, _ORG_P, _SAME_ORG, _SLOW_THANKS_FACTOR, _UNASKED_FACTOR, FIELDS, ORGANIZATIONS


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
    if (
        counts.shape != mean.shape
        or not (
            np.issubdtype(counts.dtype, np.integer)
            or (np.issubdtype(counts.dtype, np.floating) and np.all(np.mod(counts, 1) == 0))
        )
        or (counts < 0).any()
    ):
        raise OptionError(
            f"the offspring callable must return {len(mean)} non-negative integers, one per met "
            f"contact (got an array of shape {counts.shape} and dtype {counts.dtype})"
        )
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
    expected = (p["p_ask"] + _UNASKED_FACTOR * (1 - p["p_ask"])) * (
        p["p_thank_24h"] + _SLOW_THANKS_FACTOR * (1 - p["p_thank_24h"])
    )
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
    dtypes = {
        "tree": np.int64,
        "parent": np.int64,
        "generation": np.int32,
        "t_intro": np.float64,
        "status": np.int8,
        "t_meet": np.float64,
        "asked": bool,
        "thank_hours": np.float64,
        "field": np.int16,
        "org": np.int16,
    }
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
            done = {
                **gen,
                "generation": np.full(n, depth, np.int32),
                "status": status,
                "t_meet": t_meet,
                "asked": asked,
                "thank_hours": thank_hours,
            }
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
                "org": np.where(colleague, gen["org"][par], rng.choice(len(ORGANIZATIONS), size=m, p=_ORG_P)).astype(
                    np.int16
                ),
            }
            depth += 1
    out = {
        c: np.concatenate(chunks[c]).astype(t, copy=False) if chunks[c] else np.zeros(0, t) for c, t in dtypes.items()
    }
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
    return {
        "contact": contact,
        "tree": other,
        "introducer": introducer,
        "t_intro": t,
        "status": status,
        "t_meet": t_meet,
        "asked": asked,
        "thank_hours": thank_hours,
    }
