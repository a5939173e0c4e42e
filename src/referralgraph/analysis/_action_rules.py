"""The rules of :func:`referralgraph.next_actions`, one per habit: each returns that habit's actions, ranked."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..model.deadlines import due_text, thank_you_due
from ..model.vocabulary import INTRODUCED, REPLY_DAYS, SUGGESTED
from . import _offspring as _o
from ._seeker import _Seeker, _dates, _day_diff, _empty, _plural_s, _ranked, _s, _text_column
from .facts import NAT, facts, text_codes
from .offspring import fit as _fit_offspring
from .reach import paths_to

#: days after a conversation during which a missing thank-you or handwritten note is still worth sending
THANK_WINDOW = {"handwritten": 14}
#: days back that advice about a habit the seeker records (takeaways) reaches: older conversations are not
#: nagged about, even when the column was only started today (docs/next-actions.md, "Recent conversations")
RECENT_DAYS = 14
#: share of the novelty bonus for a contact who is your only one at their organization / in their field
NOVELTY = 0.5


def _thanked(m: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per meeting: (e-mail thank-you recorded, handwritten note recorded)."""
    n = len(m)
    sent = m["thank_you_sent"].notna().to_numpy() if "thank_you_sent" in m.columns else np.zeros(n, bool)
    note = (
        m["handwritten_note"].fillna(False).to_numpy(dtype=bool)
        if "handwritten_note" in m.columns
        else np.zeros(n, bool)
    )
    if "handwritten_note_date" in m.columns:
        note = note | m["handwritten_note_date"].notna().to_numpy()
    return sent, note


def _due_texts(due: np.ndarray) -> pd.Series:
    return pd.Series([due_text(x) for x in due], dtype=object)


def _thank(s: _Seeker, dormant_days: int) -> pd.DataFrame:
    """Thank-yous as the advice defines them (docs/metrics.md, glossary): an e-mail, and a handwritten note too."""
    m = s.meetings
    if not len(m) or not ("thank_you_sent" in m.columns or "handwritten_note" in m.columns):
        return _empty(s)
    out = []
    d = m["date"].to_numpy(dtype="datetime64[ns]")
    day, end = s.day.to_datetime64(), s.end.to_datetime64()
    due = thank_you_due(d)
    due_day = due.astype("datetime64[D]").astype("datetime64[ns]")
    sent, note = _thanked(m)
    happened = ~np.isnat(d) & (d < end) & (s.m_contact >= 0)  # the whole reference day counts: logged this morning
    if "thank_you_sent" in m.columns:
        # any thank-you (e-mail or note) answers the action; older than dormant_days it is a check-in (cultivate)
        sel = happened & (d >= (s.day - pd.Timedelta(days=dormant_days)).to_datetime64()) & ~sent & ~note
        if sel.any():
            dd, late_due = d[sel], due[sel]
            late = _day_diff(np.full(len(dd), day), due_day[sel]).astype(np.int64)  # negative: days left
            kind = m["kind"].to_numpy(dtype=object)[sel] if "kind" in m.columns else np.full(len(dd), None, object)
            what = pd.Series(kind, dtype=object).where(pd.notna(kind), "conversation").astype(str).str.replace("-", " ")
            codes = s.m_contact[sel]
            action = "Send " + _s(s.names[codes]) + " a thank-you for the " + what + " on " + _dates(dd)
            ago = pd.Series(np.where(late > 0, " (" + _plural_s(late, "day") + " ago)", ""), dtype=object)
            reason = "no thank-you recorded; due by " + _due_texts(late_due) + ago
            out.append(
                _ranked(
                    s.frame(codes, action, reason, due=late_due, overdue=late, score=late.astype(float)),
                    ["score"],
                    [False],
                )
            )
    if "handwritten_note" in m.columns and m["handwritten_note"].notna().any():
        # the note comes after the e-mail: only once the e-mail is sent or due
        # per contact, only the conversations whose note is due: one logged this morning (its e-mail not
        # yet due) neither asks for a note nor lends its date to an older conversation's reminder
        ready = happened & (sent | (due_day <= day))
        g = pd.DataFrame({"c": s.m_contact[ready], "d": d[ready], "w": note[ready]})
        if len(g):
            per = g.groupby("c", sort=False).agg(w=("w", "any"), d=("d", "max"))
            window = (s.day - pd.Timedelta(days=THANK_WINDOW["handwritten"])).to_datetime64()
            per = per[~per["w"] & (per["d"] >= window)].sort_values("d", ascending=False, kind="stable")
            codes = per.index.to_numpy(dtype=np.int64)
            action = "Write " + _s(s.names[codes]) + " a handwritten note"
            reason = "no handwritten note yet for your conversation on " + _dates(per["d"].to_numpy())
            out.append(s.frame(codes, action, reason, score=np.zeros(len(codes))))
    return pd.concat(out, ignore_index=True) if out else _empty(s)


def _yield_fit(s: _Seeker):
    """The offspring fit on the reference date (computed once per seeker measurement)."""
    if s._fit is None:
        cutoff_day = int(np.datetime64(s.day.to_datetime64(), "D").astype(np.int64))
        s._fit = _fit_offspring(s.net, s.pos, cutoff_day, "cohort", 5)
    return s._fit


def _ask(s: _Seeker) -> pd.DataFrame:
    f, ix, rows = s.f, s.ix, s.rows
    if not len(rows) or not s.records_meetings:
        return _empty(s)
    met = f.met[rows]
    children = ix.children[rows]
    cand = met & ~f.asked[rows] if f.records_asks else met & (children == 0)
    idx = rows[cand]
    if not len(idx):
        return _empty(s)
    fit, h = _yield_fit(s)
    met_day = np.full(len(ix), _o.NO_DAY, dtype=np.int64)
    met_day[h.rows] = h.met_day
    cutoff_day = h.cutoff_day
    age = np.where(met_day[idx] != _o.NO_DAY, cutoff_day - met_day[idx], 10**9)
    e = fit._delays.cdf(age)
    c = children[cand]
    if fit.family == "negbin" and fit.mean > 0:
        rate = (fit.dispersion + c) / (fit.dispersion / fit.mean + e)  # their own rate, updated by what they did
    else:
        rate = np.full(len(idx), fit.mean)
    node = ix.node[idx]
    bonus = np.zeros(len(idx))
    opens = pd.Series([""] * len(idx), dtype=object)
    for values, word in ((s.orgs, "at"), (s.fields, "in")):
        codes = text_codes(pd.Series(values[ix.node[rows]], dtype=object))
        counts = np.bincount(codes[codes >= 0], minlength=max(int(codes.max(initial=-1)) + 1, 1))
        mine = codes[cand]
        only = (mine >= 0) & (counts[np.maximum(mine, 0)] == 1)
        bonus += np.where(only, NOVELTY, 0.0)
        label = "; your only contact " + word + " " + _s(values[node])
        opens = opens + pd.Series(np.where(only, label, ""), dtype=object)
    score = rate * (1 + bonus)
    measured = fit.weight > 0 or fit.prior_source == "cohort"
    if measured:
        intro_so_far = pd.Series(
            np.where(c > 0, ", who introduced " + _plural_s(c, "person") + " so far", ""), dtype=object
        )
        why = (
            "expected yield "
            + pd.Series([f"{v:.2g}" for v in score], dtype=object)
            + " (about "
            + pd.Series([f"{v:.2g}" for v in rate], dtype=object)
            + " introductions from someone like them"
            + intro_so_far
            + ")"
        )
    else:
        why = pd.Series(
            [f"too little history to estimate their yield ({fit.n} contacts met with time to introduce)"] * len(idx),
            dtype=object,
        )
    if f.records_asks:
        m = s.meetings
        no = (m["asked_for_introductions"] == False).fillna(False).to_numpy(dtype=bool) & (s.m_contact >= 0)  # noqa: E712
        last_no = pd.Series(m["date"].to_numpy(dtype="datetime64[ns]")[no]).groupby(s.m_contact[no]).max()
        when = last_no.reindex(node).to_numpy(dtype="datetime64[ns]")
        premise = pd.Series(
            np.where(np.isnat(when), "met; no ask recorded", "met; you did not ask on " + _dates(when)), dtype=object
        )
    else:
        premise = pd.Series(["met, no introductions yet"] * len(idx), dtype=object)
    action = "Ask " + _s(s.names[node]) + " who else you should talk to, and whether they would introduce you"
    return _ranked(s.frame(node, action, premise + "; " + why + opens, score=score), ["score"], [False])


def _follow(s: _Seeker) -> pd.DataFrame:
    f, ix, rows = s.f, s.ix, s.rows
    if not len(rows) or not s.records_meetings:
        return _empty(s)  # "not met yet" cannot be known without meetings
    st = ix.status[rows]
    pend = rows[(ix.generation[rows] >= 2) & ((st == SUGGESTED) | (st == INTRODUCED))]
    if not len(pend):
        return _empty(s)
    node, par = ix.node[pend], ix.parent[pend]
    via = ix.node[par]
    via_met = f.met[par]
    introduced = ix.status[pend] == INTRODUCED
    date = ix.date[pend]
    since = _day_diff(np.full(len(pend), s.day.to_datetime64()), date)
    reply = np.where(introduced, REPLY_DAYS["introduced"], REPLY_DAYS["suggested"]).astype("timedelta64[D]")
    due = np.where(np.isnat(date), NAT, date + reply.astype("timedelta64[ns]"))
    overdue = _day_diff(np.full(len(pend), s.day.to_datetime64()), due)
    name, vname = _s(s.names[node]), _s(s.names[via])
    action = pd.Series(
        np.where(
            introduced,
            "Schedule a conversation with " + name + ", whom " + vname + " introduced you to",
            np.where(
                via_met,
                "Ask " + vname + " to introduce you to " + name + ", or write to them mentioning " + vname,
                "Write to " + name + ", mentioning that " + vname + " suggested them",
            ),
        ),
        dtype=object,
    )
    ago = pd.Series(
        np.where(
            np.isnan(since),
            "",
            np.where(np.nan_to_num(since) == 0, " today", " " + _plural_s(np.nan_to_num(since), "day") + " ago"),
        ),
        dtype=object,
    )
    reason = (
        vname
        + pd.Series(np.where(introduced, " introduced", " suggested"), dtype=object)
        + " them"
        + ago
        + "; not met yet"
    )
    score = np.where(np.isnan(since), -1.0, since) + np.where(introduced, 1e6, 0.0)
    out = s.frame(
        node,
        action,
        reason,
        due=due,
        overdue=[None if np.isnan(v) else int(v) for v in overdue],
        score=score,
        related=via,
    )
    return _ranked(out, ["score"], [False])


def _cultivate(s: _Seeker, dormant_days: int) -> pd.DataFrame:
    f, ix, rows = s.f, s.ix, s.rows
    if not len(rows) or s.ref is None:
        return _empty(s)
    last = f.last_touch[rows]
    since = _day_diff(np.full(len(rows), s.day.to_datetime64()), last)
    cadence = f.cadence_days[rows]
    cadence = np.where(np.isnan(cadence), float(dormant_days), cadence)
    overdue = since - cadence
    sel = f.met[rows] & ~np.isnan(since) & (overdue >= 0)
    if not sel.any():
        return _empty(s)
    r = rows[sel]
    node, desc = ix.node[r], ix.descendants[r]
    cad = cadence[sel].astype(np.int64)
    due = last[sel] + cad.astype("timedelta64[D]").astype("timedelta64[ns]")
    every = pd.Series(np.where(f.has_cadence_column, "; in touch every " + _plural_s(cad, "day"), ""), dtype=object)
    brought = pd.Series(
        np.where(desc > 0, "; " + _plural_s(desc, "person") + " reached through them", ""), dtype=object
    )
    reason = "last touch " + _dates(last[sel]) + " (" + _plural_s(since[sel], "day") + " ago" + ")" + every + brought
    action = "Check in with " + _s(s.names[node]) + ": a short update on your search and what their advice led to"
    out = s.frame(node, action, reason, due=due, overdue=overdue[sel].astype(np.int64), score=overdue[sel])
    out["_desc"] = desc
    out = _ranked(out, ["score", "_desc"], [False, False]).drop(columns="_desc")
    return out


def _grow(s: _Seeker, dormant_days: int, targets: list[str]) -> pd.DataFrame:
    f, ix, rows = s.f, s.ix, s.rows
    out = []
    if targets:
        out.append(_targets(s, targets))
    if len(rows) and s.ref is not None:
        origin = ix.origin[rows]
        date = ix.date[rows]
        dated = ~np.isnat(date)
        n = len(ix)
        # latest dated member of each branch, and the latest met one (tree order breaks ties)
        order = np.lexsort((rows, date.view("int64"), origin))
        order = order[dated[order]]
        last_of = np.full(n, -1, np.int64)
        last_of[origin[order]] = rows[order]  # later assignments win: the latest
        met_order = order[f.met[rows][order]]
        last_met = np.full(n, -1, np.int64)
        last_met[origin[met_order]] = rows[met_order]
        heads = rows[(ix.generation[rows] == 1) & (ix.descendants[rows] >= 1)]
        heads = heads[(last_of[heads] >= 0) & (last_met[heads] >= 0)]  # someone met to ask
        newest = last_of[heads]
        since = _day_diff(np.full(len(heads), s.day.to_datetime64()), ix.date[newest])
        keep = since >= dormant_days
        heads, newest, since = heads[keep], newest[keep], since[keep]
        if len(heads):
            ask = last_met[heads]
            desc = ix.descendants[heads]
            hn, an = _s(s.names[ix.node[heads]]), _s(s.names[ix.node[ask]])
            action = "Restart the branch that began with " + hn + ": ask " + an + " who else to talk to"
            reason = (
                _plural_s(desc, "person")
                + " reached through "
                + hn
                + ", but no new contact for "
                + _plural_s(since, "day")
                + " (last: "
                + _s(s.names[ix.node[newest]])
                + ", "
                + _dates(ix.date[newest])
                + ")"
            )
            due = ix.date[newest] + np.timedelta64(dormant_days, "D").astype("timedelta64[ns]")
            out.append(
                _ranked(
                    s.frame(
                        ix.node[heads],
                        action,
                        reason,
                        due=due,
                        overdue=(since - dormant_days).astype(np.int64),
                        score=desc.astype(float),
                        related=ix.node[ask],
                    ),
                    ["score"],
                    [False],
                )
            )
    return pd.concat(out, ignore_index=True) if out else _empty(s)


#: how an action names where a pooled connection comes from
POOL_NOTE = "connections.csv"


def _pool_at(s: _Seeker, target: str) -> pd.DataFrame:
    """Connections of the pool (``connections=``) at ``target`` (case and spaces ignored), of this seeker."""
    pool = s.connections
    if pool is None or not len(pool) or "organization" not in pool.columns:
        return pd.DataFrame({"id": [], "name": []})
    org = pool["organization"].astype("str").str.strip().str.casefold()
    mine = pool["seeker"].isna() | (pool["seeker"].astype("str") == str(s.id)) if "seeker" in pool.columns else True
    hit = pool[(org == target.strip().casefold()).to_numpy() & np.asarray(mine, dtype=bool)]
    names = hit["name"].where(hit["name"].notna(), hit["id"]) if "name" in hit.columns else hit["id"]
    return pd.DataFrame({"id": hit["id"].astype("str").to_numpy(), "name": names.astype("str").to_numpy()})


def _targets(s: _Seeker, targets: list[str]) -> pd.DataFrame:
    f, ix, rows = s.f, s.ix, s.rows
    found = paths_to(s.net, organization=targets, seeker=s.id)
    met_rows = rows[f.met[rows] & (ix.descendants[rows] > 0)] if len(rows) else rows
    best = met_rows[np.argsort(-ix.descendants[met_rows], kind="stable")][:2]
    connectors = [int(ix.node[r]) for r in best]
    parts = []
    for rec in found.itertuples(index=False):  # one per target organization, not per contact
        if rec.reachable:
            code = int(s.net.code(rec.contact))
            row = int(f.row_for(np.array([s.code]), np.array([code]))[0])
            par = int(ix.parent[row])
            path = " -> ".join(str(s.names[s.net.code(c)]) for c in rec.path)
            name = s.names[code]
            via = int(ix.node[par]) if par >= 0 else -1
            vname = s.names[via] if via >= 0 else ""
            related = -1
            if f.met[row]:
                action = f"Talk to {name} about {rec.target}: openings, and who else to meet there"
            elif par < 0 or ix.parent[par] < 0:  # a direct contact: nobody to ask, the seeker knows them
                action = f"Get in touch with {name} at {rec.target}: you are connected"
            elif ix.status[row] == INTRODUCED:  # already introduced: no need to ask again
                action = f"Get in touch with {name} at {rec.target}, whom {vname} introduced you to"
                related = via
            elif f.met[par]:
                action = f"Ask {vname} to introduce you to {name} at {rec.target}"
                related = via
            else:  # suggested by someone not met: write, mentioning them
                action = f"Write to {name} at {rec.target}, mentioning that {vname} suggested them"
                related = via
            parts.append(
                s.frame(
                    [code],
                    [action],
                    [f"warm path to {rec.target}: {path} ({_plural_s([rec.length], 'introduction')[0]})"],
                    score=[100.0 - float(rec.length)],
                    related=[related],
                )
            )
        elif len(pooled := _pool_at(s, rec.target)):  # a connection waiting in the pool: a warm path too
            frame = s.frame(
                [-1] * len(pooled),
                [f"Get in touch with {n} at {rec.target}: you are connected" for n in pooled["name"]],
                [f"a connection in your connections pool ({POOL_NOTE}); nobody at {rec.target} in your network yet"]
                * len(pooled),
                score=[99.0] * len(pooled),
                org=[rec.target] * len(pooled),
            )
            frame["contact"], frame["name"] = pooled["id"].to_numpy(dtype=object), pooled["name"].to_numpy(dtype=object)
            parts.append(frame)
        else:
            ask = " or ".join(str(s.names[c]) for c in connectors) if connectors else "your contacts"
            parts.append(
                s.frame(
                    [-1],
                    [f"Find a way into {rec.target}: ask {ask} whether they know someone there"],
                    [f"nobody at {rec.target} in your network yet"],
                    score=[100.0],
                    related=[connectors[0] if connectors else -1],
                    org=[rec.target],
                )
            )
    return pd.concat(parts, ignore_index=True) if parts else _empty(s)


def _prepare(s: _Seeker) -> pd.DataFrame:
    out = []
    full = facts(s.full)
    fpos = s.full.seeker_position(s.id)
    fcode = int(s.full.index.seekers[fpos])
    fm_idx = np.flatnonzero(full.m_seeker == fcode)
    m = full.meetings.iloc[fm_idx]
    if len(m):
        d = m["date"].to_numpy(dtype="datetime64[ns]")
        contact = full._meeting_codes[1][fm_idx]
        up = (d >= s.end.to_datetime64()) & (contact >= 0)
        if "questions_prepared" in m.columns:
            up &= ~m["questions_prepared"].fillna(False).to_numpy(dtype=bool)
        if up.any():
            order = np.flatnonzero(up)[np.argsort(d[up], kind="stable")]
            days = _day_diff(d[order], np.full(len(order), s.day.to_datetime64())).astype(np.int64)
            codes = contact[order]
            names = full.display_names
            action = (
                "Prepare questions for "
                + _s(names[codes])
                + " ("
                + _dates(d[order])
                + "): their path, their team, who else to meet"
            )
            reason = "conversation in " + _plural_s(days, "day") + "; no questions prepared yet"
            due = d[order].astype("datetime64[D]").astype("datetime64[ns]")
            out.append(
                s.frame(
                    codes,
                    action,
                    reason,
                    due=due,
                    overdue=-days,
                    score=-days.astype(float),
                    ids=s.full.ids.to_numpy(dtype=object),
                    names=names,
                    orgs=_text_column(s.full, "organization"),
                )
            )
    mm = s.meetings
    if "takeaways" in mm.columns and mm["takeaways"].notna().any():
        d = mm["date"].to_numpy(dtype="datetime64[ns]")
        sel = _recent(s, d) & mm["takeaways"].isna().to_numpy() & (s.m_contact >= 0)
        order = np.flatnonzero(sel)[np.argsort(-d[sel].view("int64"), kind="stable")]
        codes = s.m_contact[order]
        action = "Write down what you learned from " + _s(s.names[codes]) + " on " + _dates(d[order])
        out.append(
            s.frame(
                codes,
                action,
                ["no takeaways recorded for this conversation"] * len(codes),
                score=np.full(len(codes), -1e6),
            )
        )
    return pd.concat(out, ignore_index=True) if out else _empty(s)


def _recent(s: _Seeker, d: np.ndarray) -> np.ndarray:
    """Conversations (dates ``d``) held in the last :data:`RECENT_DAYS` days up to the end of the reference day."""
    start = (s.day - pd.Timedelta(days=RECENT_DAYS)).to_datetime64()
    return (d < s.end.to_datetime64()) & (d >= start)
