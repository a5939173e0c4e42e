"""What to do next: networking habits turned into measured signals and a prioritised to-do list."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .._docstrings import share_docs
from .. import _clock
from ..model import ReferralNetwork
from ..model.deadlines import due_text, thank_you_due
from ..model.pool import outside_network
from . import _offspring as _o
from .._deprecate import warn_deprecated
from .facts import NAT, facts, resolve, text_codes
from .offspring import fit as _fit_offspring
from .reach import paths_to
from ..exceptions import ArgumentTypeError, OptionError
from ..model.vocabulary import DORMANT_DAYS, HABITS, INTRODUCED, REPLY_DAYS, SUGGESTED

__all__ = ["next_actions", "habit_signals", "action_plan", "HABITS", "ACTION_COLUMNS", "SIGNAL_COLUMNS"]

#: columns of :func:`next_actions`, in order
ACTION_COLUMNS = ["habit", "priority", "contact", "name", "organization", "action", "reason", "due",
                  "overdue_days", "score", "related"]
#: columns of :func:`habit_signals`, in order
SIGNAL_COLUMNS = ["habit", "title", "signal", "value", "target", "verdict", "n", "actions", "note", "recorded"]

#: days after a conversation during which a missing thank-you or handwritten note is still worth sending
THANK_WINDOW = {"handwritten": 14}
#: days back that advice about a habit the seeker records (takeaways) reaches: older conversations are not
#: nagged about, even when the column was only started today (docs/next-actions.md, "Recent conversations")
RECENT_DAYS = 14
#: share of the novelty bonus for a contact who is your only one at their organization / in their field
NOVELTY = 0.5


# ---------------------------------------------------------------- inputs
def _day(as_of, today, net) -> pd.Timestamp | None:
    """The reference date: ``as_of`` (``today`` is its deprecated spelling), else the one default rule."""
    if today is not None:
        warn_deprecated("today=", "as_of= (the same date, the same meaning)", stacklevel=4)
        if as_of is None:
            as_of = today
    return as_of


def _check_days(value, name: str = "dormant_days") -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise OptionError(f"{name} must be an integer >= 0 (got {value!r})")
    return int(value)


def _check_pool(connections):
    if connections is None:
        return None
    if not isinstance(connections, pd.DataFrame) or "id" not in connections.columns:
        raise ArgumentTypeError("connections must be the connections pool as a DataFrame with an 'id' column "
                                f"(referralgraph.read_pool(folder)); got {type(connections).__name__}")
    return connections


def _check_targets(targets) -> list[str]:
    if targets is None:
        return []
    values = [targets] if isinstance(targets, str) else list(targets) if isinstance(targets, Iterable) else None
    if values is None or not all(isinstance(v, str) and v.strip() for v in values):
        raise OptionError(f"targets must be organization names (a string or a list of non-blank strings); got {targets!r}")
    return values


class _Seeker:
    """One seeker's network measured on the reference date, read once (arrays over the tree's rows)."""

    def __init__(self, net: ReferralNetwork, seeker, as_of):
        if not isinstance(net, ReferralNetwork):
            raise ArgumentTypeError(f"expected a ReferralNetwork, as returned by referralgraph.load() (got {type(net).__name__})")
        self.full = net
        self.id = net.seekers[net.seeker_position(seeker)]  # an id or a name; raises SeekerNotFound
        measured, ref = resolve(net, as_of)
        self.net, self.ref = measured, ref
        self.day = ref if ref is not None else _clock.today()  # arithmetic only: no dates, no deadlines
        self.end = self.day + pd.Timedelta(days=1)  # exclusive: everything on the day has happened
        self.f = f = facts(measured)
        ix = self.ix = measured.index
        self.pos = measured.seeker_position(self.id)
        self.code = int(ix.seekers[self.pos])
        self.rows = np.arange(ix.offsets[self.pos] + 1, ix.offsets[self.pos + 1])
        self.ids = measured.ids.to_numpy(dtype=object)
        self.names = f.display_names
        self.orgs = _text_column(measured, "organization")
        self.fields = _text_column(measured, "field")
        mask = f.m_seeker == self.code
        self.m_idx = np.flatnonzero(mask)
        self.meetings = f.meetings.iloc[self.m_idx]
        self.m_contact = f._meeting_codes[1][self.m_idx] if len(self.m_idx) else np.zeros(0, np.int64)
        self.records_meetings = bool(f.tree_records_meetings[self.pos])
        self._fit: tuple | None = None  # the offspring fit, made on first use (_yield_fit)
        self.connections = None  # the connections pool of an import (action_plan sets it)

    def frame(self, codes, action, reason, *, due=None, overdue=None, score=None, related=None, org=None,
              ids=None, names=None, orgs=None) -> pd.DataFrame:
        """Rule output: one row per action, aligned with ``codes`` (contact codes of the measured network)."""
        codes = np.asarray(codes, dtype=np.int64)
        n = len(codes)
        ok = codes >= 0
        safe = np.maximum(codes, 0)
        rel = np.asarray(related if related is not None else np.full(n, -1), dtype=np.int64)
        return pd.DataFrame({
            "contact": pd.Series(np.where(ok, (ids if ids is not None else self.ids)[safe], None) if n else [], dtype=object),
            "name": pd.Series(np.where(ok, (names if names is not None else self.names)[safe], None) if n else [], dtype=object),
            "organization": pd.Series(org if org is not None else
                                      (np.where(ok, (orgs if orgs is not None else self.orgs)[safe], None) if n else []),
                                      dtype=object),
            "action": pd.Series(np.asarray(action, dtype=object) if n else [], dtype=object),
            "reason": pd.Series(np.asarray(reason, dtype=object) if n else [], dtype=object),
            "due": pd.Series(due if due is not None else np.full(n, NAT), dtype="datetime64[ns]"),
            "overdue_days": pd.array(overdue if overdue is not None else [pd.NA] * n, dtype="Int64"),
            "score": np.asarray(score if score is not None else np.full(n, np.nan), dtype=float),
            "related": pd.Series(np.where(rel >= 0, self.ids[np.maximum(rel, 0)], None) if n else [], dtype=object),
        })


def _text_column(net, column: str) -> np.ndarray:
    """A contacts column as stripped text per contact code; None where missing or blank."""
    contacts = net.table("contacts")
    if column not in contacts.columns or not len(contacts):
        return np.full(len(contacts), None, dtype=object)
    text = contacts[column].astype("str").str.strip()
    blank = contacts[column].isna().to_numpy() | (text == "").to_numpy()
    out = text.to_numpy(dtype=object)
    out[blank] = None
    return out


def _s(values) -> pd.Series:
    """Values as a Series of str (for vectorised sentence building)."""
    return pd.Series(np.asarray(values, dtype=object), dtype=object).astype(str)


def _dates(values) -> pd.Series:
    return pd.Series(pd.DatetimeIndex(np.asarray(values, dtype="datetime64[ns]")).strftime("%Y-%m-%d"), dtype=object)


def _plural_s(n, word: str) -> pd.Series:
    n = np.asarray(n, dtype=np.int64)
    many = {"person": "people"}.get(word, word + "s")
    return pd.Series(np.where(n == 1, f"1 {word}", np.char.add(n.astype(str), f" {many}")), dtype=object)


def _day_diff(a, b) -> np.ndarray:
    """Calendar days a - b of datetime64 arrays (float, NaN where either is NaT)."""
    a = np.asarray(a, dtype="datetime64[ns]")
    b = np.asarray(b, dtype="datetime64[ns]")
    out = np.full(np.broadcast(a, b).shape, np.nan)
    ok = ~np.isnat(a) & ~np.isnat(b)
    out[ok] = (np.broadcast_to(a, out.shape)[ok].astype("datetime64[D]")
               - np.broadcast_to(b, out.shape)[ok].astype("datetime64[D]")).astype(np.float64)
    return out


def _ranked(frame: pd.DataFrame, by: list[str], ascending: list[bool]) -> pd.DataFrame:
    """Sorted by ``by``; equal scores keep the rule's order (tree or file order): stable."""
    return frame.sort_values(by, ascending=ascending, kind="stable").reset_index(drop=True)


_EMPTY = None


def _empty(s: _Seeker) -> pd.DataFrame:
    return s.frame([], [], [])


# ---------------------------------------------------------------- rules
def _thanked(m: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per meeting: (e-mail thank-you recorded, handwritten note recorded)."""
    n = len(m)
    sent = m["thank_you_sent"].notna().to_numpy() if "thank_you_sent" in m.columns else np.zeros(n, bool)
    note = (m["handwritten_note"].fillna(False).to_numpy(dtype=bool) if "handwritten_note" in m.columns
            else np.zeros(n, bool))
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
            kind = (m["kind"].to_numpy(dtype=object)[sel] if "kind" in m.columns else np.full(len(dd), None, object))
            what = pd.Series(kind, dtype=object).where(pd.notna(kind), "conversation").astype(str).str.replace("-", " ")
            codes = s.m_contact[sel]
            action = "Send " + _s(s.names[codes]) + " a thank-you for the " + what + " on " + _dates(dd)
            ago = pd.Series(np.where(late > 0, " (" + _plural_s(late, "day") + " ago)", ""), dtype=object)
            reason = "no thank-you recorded; due by " + _due_texts(late_due) + ago
            out.append(_ranked(s.frame(codes, action, reason, due=late_due, overdue=late, score=late.astype(float)),
                               ["score"], [False]))
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
        intro_so_far = pd.Series(np.where(c > 0, ", who introduced " + _plural_s(c, "person") + " so far", ""), dtype=object)
        why = ("expected yield " + pd.Series([f"{v:.2g}" for v in score], dtype=object) + " (about "
               + pd.Series([f"{v:.2g}" for v in rate], dtype=object) + " introductions from someone like them"
               + intro_so_far + ")")
    else:
        why = pd.Series([f"too little history to estimate their yield ({fit.n} contacts met with time to introduce)"]
                        * len(idx), dtype=object)
    if f.records_asks:
        m = s.meetings
        no = (m["asked_for_introductions"] == False).fillna(False).to_numpy(dtype=bool) & (s.m_contact >= 0)  # noqa: E712
        last_no = pd.Series(m["date"].to_numpy(dtype="datetime64[ns]")[no]).groupby(s.m_contact[no]).max()
        when = last_no.reindex(node).to_numpy(dtype="datetime64[ns]")
        premise = pd.Series(np.where(np.isnat(when), "met; no ask recorded",
                                     "met; you did not ask on " + _dates(when)), dtype=object)
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
    action = pd.Series(np.where(
        introduced, "Schedule a conversation with " + name + ", whom " + vname + " introduced you to",
        np.where(via_met, "Ask " + vname + " to introduce you to " + name + ", or write to them mentioning " + vname,
                 "Write to " + name + ", mentioning that " + vname + " suggested them")), dtype=object)
    ago = pd.Series(np.where(np.isnan(since), "", np.where(np.nan_to_num(since) == 0, " today",
                                                          " " + _plural_s(np.nan_to_num(since), "day") + " ago")),
                    dtype=object)
    reason = vname + pd.Series(np.where(introduced, " introduced", " suggested"), dtype=object) + " them" + ago + "; not met yet"
    score = np.where(np.isnan(since), -1.0, since) + np.where(introduced, 1e6, 0.0)
    out = s.frame(node, action, reason, due=due, overdue=[None if np.isnan(v) else int(v) for v in overdue],
                  score=score, related=via)
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
    brought = pd.Series(np.where(desc > 0, "; " + _plural_s(desc, "person") + " reached through them", ""), dtype=object)
    reason = ("last touch " + _dates(last[sel]) + " (" + _plural_s(since[sel], "day") + " ago" + ")"
              + every + brought)
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
            reason = (_plural_s(desc, "person") + " reached through " + hn + ", but no new contact for "
                      + _plural_s(since, "day") + " (last: " + _s(s.names[ix.node[newest]]) + ", "
                      + _dates(ix.date[newest]) + ")")
            due = ix.date[newest] + np.timedelta64(dormant_days, "D").astype("timedelta64[ns]")
            out.append(_ranked(s.frame(ix.node[heads], action, reason, due=due,
                                       overdue=(since - dormant_days).astype(np.int64), score=desc.astype(float),
                                       related=ix.node[ask]), ["score"], [False]))
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
            parts.append(s.frame([code], [action],
                                 [f"warm path to {rec.target}: {path} ({_plural_s([rec.length], 'introduction')[0]})"],
                                 score=[100.0 - float(rec.length)], related=[related]))
        elif len(pooled := _pool_at(s, rec.target)):  # a connection waiting in the pool: a warm path too
            frame = s.frame([-1] * len(pooled), [f"Get in touch with {n} at {rec.target}: you are connected"
                                                 for n in pooled["name"]],
                            [f"a connection in your connections pool ({POOL_NOTE}); nobody at {rec.target} "
                             "in your network yet"] * len(pooled), score=[99.0] * len(pooled),
                            org=[rec.target] * len(pooled))
            frame["contact"], frame["name"] = pooled["id"].to_numpy(dtype=object), pooled["name"].to_numpy(dtype=object)
            parts.append(frame)
        else:
            ask = " or ".join(str(s.names[c]) for c in connectors) if connectors else "your contacts"
            parts.append(s.frame([-1], [f"Find a way into {rec.target}: ask {ask} whether they know someone there"],
                                 [f"nobody at {rec.target} in your network yet"], score=[100.0],
                                 related=[connectors[0] if connectors else -1], org=[rec.target]))
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
            action = ("Prepare questions for " + _s(names[codes]) + " (" + _dates(d[order])
                      + "): their path, their team, who else to meet")
            reason = "conversation in " + _plural_s(days, "day") + "; no questions prepared yet"
            due = d[order].astype("datetime64[D]").astype("datetime64[ns]")
            out.append(s.frame(codes, action, reason, due=due, overdue=-days, score=-days.astype(float),
                               ids=s.full.ids.to_numpy(dtype=object), names=names,
                               orgs=_text_column(s.full, "organization")))
    mm = s.meetings
    if "takeaways" in mm.columns and mm["takeaways"].notna().any():
        d = mm["date"].to_numpy(dtype="datetime64[ns]")
        sel = _recent(s, d) & mm["takeaways"].isna().to_numpy() & (s.m_contact >= 0)
        order = np.flatnonzero(sel)[np.argsort(-d[sel].view("int64"), kind="stable")]
        codes = s.m_contact[order]
        action = "Write down what you learned from " + _s(s.names[codes]) + " on " + _dates(d[order])
        out.append(s.frame(codes, action, ["no takeaways recorded for this conversation"] * len(codes),
                           score=np.full(len(codes), -1e6)))
    return pd.concat(out, ignore_index=True) if out else _empty(s)


def _recent(s: _Seeker, d: np.ndarray) -> np.ndarray:
    """Conversations (dates ``d``) held in the last :data:`RECENT_DAYS` days up to the end of the reference day."""
    start = (s.day - pd.Timedelta(days=RECENT_DAYS)).to_datetime64()
    return (d < s.end.to_datetime64()) & (d >= start)


def _all(s: _Seeker, dormant_days: int, targets: list[str], limit) -> pd.DataFrame:
    from .outcome_actions import referral_asks, tell_helpers  # opportunities (issue 24): first in their habits

    groups = {"thank": _thank(s, dormant_days), "ask": _joined(referral_asks(s), _ask(s)), "follow": _follow(s),
              "cultivate": _joined(tell_helpers(s), _cultivate(s, dormant_days)),
              "grow": _grow(s, dormant_days, targets), "prepare": _prepare(s)}
    parts = []
    for habit in HABITS:
        g = groups[habit]
        if limit is not None:
            g = g.iloc[:limit]
        g = g.copy()
        g.insert(0, "priority", np.arange(1, len(g) + 1, dtype=np.int64))
        g.insert(0, "habit", habit)
        parts.append(g)
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=ACTION_COLUMNS)
    return _frame(frame[ACTION_COLUMNS])


def _joined(first: pd.DataFrame, rest: pd.DataFrame) -> pd.DataFrame:
    return rest if not len(first) else first if not len(rest) else pd.concat([first, rest], ignore_index=True)


def _frame(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype({"habit": "str", "priority": "int64", "contact": "str", "name": "str", "organization": "str",
                         "action": "str", "reason": "str", "due": "datetime64[ns]", "overdue_days": "Int64",
                         "score": "float64", "related": "str"}).reset_index(drop=True)


# ---------------------------------------------------------------- public
@share_docs
def next_actions(net, *, as_of=None, seeker: str | None = None, targets=(), dormant_days: int = DORMANT_DAYS,
                 limit: int | None = None, today=None, connections=None) -> pd.DataFrame:
    """A prioritised to-do list, grouped by the networking habit each action serves.

    Parameters
    ----------
    {net}
    as_of : date-like, optional
        The reference date ("now") every date-dependent rule counts from. By
        default the one rule of docs/metrics.md: the latest date in the data that
        is not in the future (see :func:`referralgraph.report`, which uses the same).
    seeker : str, optional
        Whose list. ``None`` means the only seeker; a network with several seekers needs it.
    targets : str or list of str, optional
        Organizations you want to get into: warm paths to them, or a way to find one.
        Default: the ``targets`` kept in the network's settings (docs/settings.md).
    dormant_days : int, default 60
        Days without a touch after which a branch counts as gone quiet, and the
        stay-in-touch cadence of contacts met without their own ``cadence_days``.
    limit : int, optional
        At most this many actions per habit.
    today : date-like, optional
        Deprecated spelling of ``as_of`` (warns).
    connections : pandas.DataFrame, optional
        The connections pool of an import (:func:`referralgraph.read_pool`):
        people you are connected to with whom nothing has happened yet. Not part
        of the network's figures; a pooled connection at a target organization
        nobody in the network reaches is a warm path ("Get in touch with ... :
        you are connected").

    Returns
    -------
    pandas.DataFrame
        One row per action, sorted by habit (in the order of :data:`HABITS`) then
        priority:

        - ``habit`` (``thank``, ``ask``, ``follow``, ``cultivate``, ``grow``,
          ``prepare``) and ``priority`` (1 first, within the habit);
        - ``contact``, ``name``, ``organization``: who it is about;
        - ``action``: what to do, as a sentence; ``reason``: why, with the numbers;
        - ``due`` and ``overdue_days`` (negative: days left) where the rule has a
          deadline; ``score``: the value the rule ranks by; ``related``: the other
          person involved (who introduced them, who to ask).

    Raises
    ------
    {raises_net_seeker_cohort}
    OptionError
        If ``as_of`` is not a date, ``dormant_days`` or ``limit`` is negative, or
        ``targets`` are not organization names (a ``ValueError``).

    See Also
    --------
    habit_signals : how well each habit is kept, in numbers.
    referralgraph.next_report : the list as a Report (what ``referralgraph next`` prints).

    Notes
    -----
    Everything is measured on the network as known on the reference date
    (:func:`referralgraph.snapshot`), with the facts of docs/metrics.md: "met"
    only from a meeting row or ``status=met``. No rule runs whose premise the data
    cannot support: without any meeting (or met status) recorded there are no
    ask, follow or cultivate actions, and no branch restarts. The rules, by habit
    (docs/next-actions.md has them in full):

    - **thank**: conversations before the reference date, and less than
      ``dormant_days`` ago, without ``thank_you_sent`` (most overdue first; due by
      the end of the day after); contacts met in the last 14 days without any
      handwritten note, when the data records handwritten notes at all.
    - **ask**: contacts met and never asked for introductions (without asks
      recorded: met and introduced nobody yet), ranked by expected yield =
      their expected introductions (the fitted mean, updated by their own record:
      ``(k + c) / (k / m + F(age))`` for the negative binomial) x (1 + 0.5 if they
      are your only contact at their organization + 0.5 if the only one in their
      field).
    - **follow**: people introduced (reply within 2 days) or suggested (follow
      up within 7) and not met; introductions made come first, oldest first. A
      suggestion from someone not met becomes "write to them, mentioning ...".
    - **cultivate**: contacts met whose last touch is at least their cadence ago
      (``cadence_days``, else ``dormant_days``); most overdue first, then those
      who brought most people.
    - **grow**: first, for each target organization, the nearest person there and
      the path to them, or, if there is none, the connectors (met) to ask; then
      branches (a direct contact with people reached through them) without a new
      contact for ``dormant_days``, largest first, naming the latest person met in
      the branch to ask.
    - **prepare**: upcoming conversations without prepared questions, soonest
      first; conversations of the last ``RECENT_DAYS`` (14) days without
      takeaways, if takeaways are recorded at all.

    Ties keep the tree order (or the file order), so the list is stable.

    References
    ----------
    .. [1] Dalton, S. (2020). *The 2-Hour Job Search* (2nd ed.). Ten Speed Press.
    .. [2] Lloyd-Smith, J. O., Schreiber, S. J., Kopp, P. E., & Getz, W. M. (2005).
       Superspreading and the effect of individual variation on disease
       emergence. *Nature*, 438, 355-359.

    Examples
    --------
    >>> contacts = pd.DataFrame({"name": ["Me", "Ann", "Bo"], "is_seeker": ["y", "", ""]})
    >>> intros = pd.DataFrame({"introducer": ["Ann"], "introduced": ["Bo"], "date": ["2026-03-03"],
    ...                        "status": ["introduced"]})
    >>> meetings = pd.DataFrame({"contact": ["Ann"], "date": ["2026-03-02"], "thank_you_sent": [""]})
    >>> todo = rg.next_actions(rg.from_frames(contacts, intros, meetings), as_of="2026-03-06")
    >>> todo[["habit", "priority", "name", "overdue_days"]]
        habit  priority name  overdue_days
    0   thank         1  Ann             3
    1  follow         1   Bo             1
    >>> print(todo.loc[1, "action"])
    Schedule a conversation with Bo, whom Ann introduced you to
    """
    return action_plan(net, as_of=_day(as_of, today, net), seeker=seeker, targets=targets,
                       dormant_days=dormant_days, limit=limit, connections=connections)[0]


def action_plan(net, *, as_of=None, seeker=None, targets=(), dormant_days: int = DORMANT_DAYS, limit=None, connections=None):
    """``(next_actions, habit_signals, reference date)`` computed together, from one measurement.

    What :func:`referralgraph.report` and :func:`referralgraph.next_report` use, so
    both tell the same story. Raises as :func:`next_actions`.
    """
    dormant_days = _check_days(dormant_days)
    targets = _check_targets(targets) or list(net.settings.targets if isinstance(net, ReferralNetwork) else ())  # kept targets
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, numbers.Integral) or limit < 0):
        raise OptionError(f"limit must be an integer >= 0 or None (got {limit!r})")
    s = _Seeker(net, seeker, as_of)
    s.connections = outside_network(net, _check_pool(connections))  # a pooled person since logged is a contact
    todo_all = _all(s, dormant_days, targets, None)
    todo = todo_all if limit is None else todo_all[todo_all["priority"] <= limit].reset_index(drop=True)
    return todo, _signals(s, todo_all, dormant_days), s.ref


@share_docs
def habit_signals(net, *, as_of=None, seeker: str | None = None, dormant_days: int = DORMANT_DAYS, today=None) -> pd.DataFrame:
    """How well each networking habit is kept: one measured signal per habit, against a target.

    Parameters
    ----------
    {net}
    as_of : date-like, optional
        The reference date; by default the one rule (as for :func:`next_actions`).
    seeker : str, optional
        Whose habits. ``None`` means the only seeker; a network with several seekers needs
        it.
    dormant_days : int, default 60
        As for :func:`next_actions`.
    today : date-like, optional
        Deprecated spelling of ``as_of`` (warns).

    Returns
    -------
    pandas.DataFrame
        One row per habit, in the order of :data:`HABITS`: ``habit``, ``title``,
        ``signal`` (what is measured, in words), ``value``, ``target``,
        ``verdict`` (``on track``, ``needs attention``, ``not tracked`` when the
        data does not record what the signal needs, ``no data`` when there is
        nothing to measure yet), ``n`` (what the value rests on), ``actions`` (how
        many :func:`next_actions` that habit has), ``note`` (why the value is
        missing, e.g. ``no meetings recorded``; empty otherwise) and ``recorded``
        (for a rate over a habit column: how many conversations recorded it,
        ``"questions prepared: 2 of 2 recorded; 26 not recorded"``; a blank cell
        is unknown, never "no").

    Raises
    ------
    {raises_net_seeker_cohort}
    OptionError
        If ``as_of`` is not a date or ``dormant_days`` is negative.

    See Also
    --------
    next_actions : the actions behind the ``actions`` column.

    Notes
    -----
    The signals and their targets (rules of thumb, not measurements):

    - thank: share of past conversations thanked by the end of the next day (target 90%);
    - ask: share of past conversations where you asked for introductions (target 80%);
    - follow: share of people introduced at least 14 days ago whom you then met (target 70%);
    - cultivate: share of contacts met who are within their stay-in-touch cadence
      (``cadence_days``, else ``dormant_days``; target 50%);
    - grow: the reproduction number ``R = mean x conversion`` of :func:`fit_offspring`,
      the further meetings each meeting leads to (target 1: at 1 or more the
      chain of introductions sustains itself [1]_); not tracked without meetings;
    - prepare: share of conversations with questions prepared (target 90%), or,
      when only takeaways are recorded, share of the last ``RECENT_DAYS`` (14)
      days' conversations with takeaways written down.

    Rates over a habit column (ask, prepare) count only the conversations where
    it was recorded.

    References
    ----------
    .. [1] Harris, T. E. (1963). *The Theory of Branching Processes*. Springer.

    Examples
    --------
    >>> contacts = pd.DataFrame({"name": ["Me", "Ann"], "is_seeker": ["y", ""]})
    >>> meetings = pd.DataFrame({"contact": ["Ann"], "date": ["2026-03-02"], "thank_you_sent": ["2026-03-02"]})
    >>> sig = rg.habit_signals(rg.from_frames(contacts, None, meetings), as_of="2026-03-06")
    >>> row = sig.set_index("habit").loc["thank"]
    >>> float(row["value"]), row["verdict"]
    (1.0, 'on track')
    """
    return action_plan(net, as_of=_day(as_of, today, net), seeker=seeker, dormant_days=dormant_days)[1]


def _recorded(past: pd.DataFrame, column: str, what: str) -> tuple[float, int, str]:
    """Share true among the conversations where ``column`` is recorded, how many are, and that in words.

    A blank cell is unknown, never "no": ``"questions prepared: 2 of 2 recorded; 26 not recorded"``.
    """
    values = past[column]
    known = values.notna().to_numpy()
    k = int(known.sum())
    yes = int(values[known].astype(bool).sum())
    text = f"{what}: {yes} of {k} recorded"
    if k < len(past):
        text += f"; {len(past) - k} not recorded"
    return (yes / k if k else math.nan), k, text


def _signals(s: _Seeker, todo: pd.DataFrame, dormant_days: int) -> pd.DataFrame:
    counts = todo["habit"].value_counts()
    m = s.meetings
    past = m[m["date"].to_numpy(dtype="datetime64[ns]") < s.end.to_datetime64()] if len(m) else m
    rows = []
    no_meetings = "no meetings recorded"

    def add(habit, signal, value, target, n, note="", recorded=""):
        if note:
            verdict, value = "not tracked", math.nan
        elif n == 0 or value is None or (isinstance(value, float) and math.isnan(value)):
            verdict, value, note = "no data", math.nan, "nothing to measure yet"
        else:
            verdict = "on track" if value >= target else "needs attention"
        rows.append({"habit": habit, "title": HABITS[habit], "signal": signal, "value": float(value),
                     "target": float(target), "verdict": verdict, "n": int(n),
                     "actions": int(counts.get(habit, 0)), "note": note, "recorded": recorded})
        return rows[-1]

    def add_recorded(habit, signal, column, what, target, missing):
        if column not in past.columns:
            return add(habit, signal, math.nan, target, len(past), missing if len(m) else no_meetings)
        value, k, text = _recorded(past, column, what)
        if len(past) and not k:
            return add(habit, signal, math.nan, target, 0, f"{what} not recorded for any of the "
                       f"{_plural_s([len(past)], 'past conversation')[0]}", text)
        return add(habit, signal, value, target, k, "", text if len(past) else "")

    signal = "conversations thanked by the end of the next day"
    if "thank_you_sent" not in past.columns:
        add("thank", signal, math.nan, 0.9, len(past), "thank-you dates not recorded" if len(m) else no_meetings)
    elif len(past):
        sent = past["thank_you_sent"]
        on_time = sent.notna() & (sent.dt.normalize() <= past["date"].dt.normalize() + pd.Timedelta(days=1))
        add("thank", signal, float(on_time.mean()), 0.9, len(past))
    else:
        add("thank", signal, math.nan, 0.9, 0)
    signal = "conversations where you asked for introductions"
    if not s.f.records_asks:
        add("ask", signal, math.nan, 0.8, len(past), "asks not recorded" if len(m) else no_meetings)
    else:
        add_recorded("ask", signal, "asked_for_introductions", "asked for introductions", 0.8, "asks not recorded")
    ix, r, f = s.ix, s.rows, s.f
    signal = "people introduced 14+ days ago whom you met"
    edge = ix.date[r]
    old = r[(ix.generation[r] >= 2) & ~np.isnat(edge) & (edge <= (s.day - pd.Timedelta(days=14)).to_datetime64())]
    value = float(f.met[old].mean()) if len(old) else math.nan
    add("follow", signal, value, 0.7, len(old), "" if s.records_meetings else no_meetings)
    signal = (f"contacts met touched within their cadence ({dormant_days} days unless cadence_days says otherwise)"
              if f.has_cadence_column else f"contacts met touched in the last {dormant_days} days")
    met = r[f.met[r]] if len(r) else r
    since = _day_diff(np.full(len(met), s.day.to_datetime64()), f.last_touch[met])
    cadence = np.where(np.isnan(f.cadence_days[met]), float(dormant_days), f.cadence_days[met])
    known = ~np.isnan(since)
    value = float((since[known] < cadence[known]).mean()) if known.any() else math.nan
    add("cultivate", signal, value, 0.5, int(known.sum()), "" if s.records_meetings else no_meetings)
    signal = "further meetings each meeting leads to (R)"
    if not s.records_meetings or not len(r):
        add("grow", signal, math.nan, 1.0, 0, no_meetings if len(r) else "")
    else:
        fit = _yield_fit(s)[0]
        add("grow", signal, fit.mean * fit.conversion if fit.n else math.nan, 1.0, fit.n)
    _prepare_signal(s, past, add, add_recorded, no_meetings)
    return pd.DataFrame(rows, columns=SIGNAL_COLUMNS)


def _prepare_signal(s: _Seeker, past: pd.DataFrame, add, add_recorded, no_meetings: str) -> None:
    """The prepare signal names what its actions are about: questions prepared, and recent takeaways."""
    m = s.meetings
    takes = "takeaways" in m.columns and bool(m["takeaways"].notna().any())
    recent = past[_recent(s, past["date"].to_numpy(dtype="datetime64[ns]"))] if len(past) else past
    written = int(recent["takeaways"].notna().sum()) if takes else 0
    also = (f"takeaways written down for {written} of the "
            f"{_plural_s([len(recent)], 'conversation')[0]} of the last {RECENT_DAYS} days") if takes and len(recent) else ""
    has_questions = "questions_prepared" in past.columns and bool(past["questions_prepared"].notna().any())
    if has_questions or not takes:
        row = add_recorded("prepare", "conversations with questions prepared"
                           + (" (and takeaways written down)" if also else ""), "questions_prepared",
                           "questions prepared", 0.9, "questions not recorded" if len(m) else no_meetings)
        row["recorded"] = "; ".join(t for t in (row["recorded"], also) if t)
    else:
        add("prepare", f"conversations of the last {RECENT_DAYS} days with takeaways written down",
            written / len(recent) if len(recent) else math.nan, 0.9, len(recent), "", also)
