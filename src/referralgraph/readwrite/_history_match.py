"""How :func:`referralgraph.merge_history` matches a history to a network: who each address is, and the merge.

:class:`_Merge` turns the table :func:`referralgraph.read_history` returns into a plan
(meetings added, thank-you times and last touches filled) and a report of every decision.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..model import ReferralNetwork
from ..model.names import fold_name, fold_names


# ------------------------------------------------------------------------------------------- matching
#: events with more people than this (besides the seeker) are group events: left out, listed
GROUP_SIZE = 5
#: days after a meeting within which the seeker's first message to that person is its thank-you
THANK_WINDOW_DAYS = 7
#: a reply counts as a thank-you only if its thread was active this many days before the meeting (or says thanks)
THREAD_DAYS = 14


class _People:
    """Who an address or a display name is, among the network's contacts."""

    def __init__(self, net: ReferralNetwork, seeker_code: int, me: set[str]):
        c = net.table("contacts")
        self.ids, self.names = net.ids, c["name"].reset_index(drop=True)
        self.by_email: dict[str, int] = {}
        self.shared: set[str] = set()
        if "email" in c.columns:
            for code, cell in enumerate(c["email"].tolist()):
                for addr in re.split(r"[\s,;]+", cell.lower()) if isinstance(cell, str) else []:
                    if "@" not in addr:
                        continue
                    if addr in self.by_email and self.by_email[addr] != code:
                        self.shared.add(addr)
                    self.by_email.setdefault(addr, code)
        for addr in self.shared:
            self.by_email.pop(addr, None)
        own = {a for a, k in self.by_email.items() if k == seeker_code}
        self.me = me | own
        self.seeker_code = seeker_code
        self.folded = fold_names(self.names)
        by_name: dict[str, int] = {}
        for code, key in enumerate(self.folded.tolist()):
            if key:
                by_name[key] = -1 if key in by_name else code  # a name several contacts share matches nobody
        self.by_name = by_name
        self._seen: dict[tuple[str, str], tuple[int | None, str]] = {}

    def who(self, addr: str, name: str) -> tuple[int | None, str]:
        """(code, why) of a person: the e-mail, else the whole name folded (the name matcher's equal-name rule).

        Nobody, or a name several contacts share, is ``(None, "")``.
        """
        got = self._seen.get((addr, name))
        if got is not None:
            return got
        code = self.by_email.get(addr)
        got = (code, f"e-mail {addr}") if code is not None else (None, "")
        if code is None and name and "@" not in name:
            k = self.by_name.get(fold_name(name), -1)
            if k >= 0:
                got = (k, f"name {name!r}")
        if len(self._seen) < 200_000:
            self._seen[(addr, name)] = got
        return got

    def in_title(self, title_key: str) -> int | None:
        """The one contact whose full name (two to four words) the folded title contains."""
        if not title_key:
            return None
        if not hasattr(self, "_multi"):
            multi: dict[str, int] = {}
            for k, n in enumerate(self.folded):
                if 1 <= n.count(" ") <= 3 and k != self.seeker_code:
                    multi[n] = -1 if n in multi else k
            self._multi = multi
        words = title_key.split()
        hit = {self._multi.get(" ".join(words[i : i + n])) for n in (2, 3, 4) for i in range(len(words) - n + 1)}
        hit.discard(None)
        return hit.pop() if len(hit) == 1 and -1 not in hit else None


class _Filter:
    """Keeps the messages with a contact in them while reading; counts the addresses that are not contacts."""

    def __init__(self, people: _People):
        self.people, self.any_from_me = people, False
        self.unknown: dict[str, int] = {}

    def __call__(self, m, sent: bool) -> bool:
        p = self.people
        from_me = m.sender[0] in p.me or sent
        self.any_from_me |= from_me
        found = False
        for a, n in [m.sender, *m.to]:
            if a in p.me:
                continue
            code = p.who(a, n)[0]
            if code is not None and code != p.seeker_code:
                found = True
        if not found:
            for a, _n in m.to if from_me else [m.sender]:
                if a not in p.me:
                    self.unknown[a] = self.unknown.get(a, 0) + 1
        return found


def _people_for(net, seeker, me) -> tuple[str, _People]:
    from ._identity import _resolve_seeker

    if isinstance(me, str):
        me = [me]
    seeker_id = _resolve_seeker(net, seeker)
    return seeker_id, _People(net, net.code(seeker_id), {str(a).strip().lower() for a in me})


def _unrelated_reply(msg, start: pd.Timestamp, dates_by_id: dict) -> bool:
    """A reply into a thread that was quiet for THREAD_DAYS before the meeting, and does not say thanks."""
    if msg.thanks_word or not msg.refs:
        return False
    known = [dates_by_id[r] for r in msg.refs if r in dates_by_id]
    if not known:
        return False  # the thread's start is not in the archive: given the benefit of the doubt
    return max(known) < start - pd.Timedelta(days=THREAD_DAYS)


class _Merge:
    """The rows and cells a history adds to a network, and the report that explains them."""

    def __init__(self, net, history, *, seeker, me, new, window_days, read_filter=None):
        from ._plan import _Plan
        from .log import _seeker_cell

        self.net, self.new, self.window = net, new, pd.Timedelta(days=window_days)
        self.seeker_id, self.people = _people_for(net, seeker, me)
        self.read_filter = read_filter
        self.plan = _Plan(soft=frozenset())
        self.cell = _seeker_cell(net, self.seeker_id)
        self.report: list[dict] = []
        self.added: dict[str, tuple[str, str]] = {}  # address -> (id, name) of people added with new=True
        m = net.table("meetings")
        mine = (m["seeker"] == self.seeker_id).to_numpy(dtype=bool) if len(m) else np.zeros(0, bool)
        self.meetings: list[tuple[str, pd.Timestamp, int, dict | None]] = [
            (str(c), pd.Timestamp(d), int(k), None)
            for k, (c, d) in enumerate(zip(m["contact"], m["date"]))
            if mine[k] and pd.notna(d)
        ]
        self.thanked = (
            set(np.flatnonzero(m["thank_you_sent"].notna().to_numpy()).tolist())
            if "thank_you_sent" in m.columns
            else set()
        )
        self.days = {(c, d.normalize()) for c, d, _k, _r in self.meetings}
        self.history = history

    def _name(self, cid: str) -> str:
        for added_id, name in self.added.values():
            if added_id == cid:
                return name
        return str(self.net.table("contacts")["name"].iat[self.net.code(cid)]) if cid else ""

    def say(self, action, cid, when, row, why):
        name = self._name(cid)
        self.report.append(
            {
                "action": action,
                "contact": cid,
                "name": name,
                "date": when,
                "file": row.file,
                "item": row.item,
                "why": why,
            }
        )

    def _new_person(self, addr, name) -> str:
        from ._identity import _slug, _unique_ids

        if addr in self.added:
            return self.added[addr][0]
        shown = name or addr.split("@")[0]
        taken = self.net.ids.append(pd.Index([v[0] for v in self.added.values()], dtype=self.net.ids.dtype))
        cid = str(_unique_ids(_slug(pd.Series([shown], dtype="str")).fillna("contact"), taken).iloc[0])
        self.added[addr] = (cid, shown)
        self.plan.appends.append(("contacts", {"id": cid, "name": shown, "email": addr}))
        return cid

    def events(self):
        p = self.people
        for row in self.history[self.history["type"] == "event"].itertuples(index=False):
            seen, others, mine = set(), [], []
            for a, n, status in row.people:
                if a in p.me:
                    mine.append(status)
                elif a not in seen:
                    seen.add(a)
                    others.append((a, n, status))
            if "DECLINED" in mine:
                self.say("skipped", "", row.date, row, "you declined it")
                continue
            others = [o for o in others if o[2] != "DECLINED"]
            if len(others) > GROUP_SIZE:
                self.say("skipped", "", row.date, row, f"a group event ({len(others)} people besides you)")
                continue
            matched, unknown = [], []
            for a, n, _s in others:
                code, why = p.who(a, n)
                if code is None:
                    unknown.append((a, n))
                elif code != p.seeker_code:
                    matched.append((str(p.ids[code]), f"attendee {why}"))
            if not matched and not unknown:
                code = p.in_title(row.title_key)
                if code is not None:
                    matched.append((str(p.ids[code]), "their name is in the title"))
            for a, n in unknown:
                if self.new:
                    matched.append((self._new_person(a, n), f"new contact {n or a} <{a}> (new=True)"))
                else:
                    self.say(
                        "unknown", "", row.date, row, f"{n} <{a}> is not a contact" if n else f"{a} is not a contact"
                    )
            for cid, why in matched:
                self._meeting(cid, row, why)

    def _meeting(self, cid, row, why):
        when = row.date.normalize() if row.all_day else row.date
        if (cid, when.normalize()) in self.days:
            self.say("meeting-recorded", cid, when, row, f"{why}; a meeting that day is already recorded")
            return
        self.days.add((cid, when.normalize()))
        record = {"contact": cid, "date": when, **self.cell}
        kind = row.kind if isinstance(row.kind, str) else None
        if kind:
            record["kind"] = kind
        self.plan.appends.append(("meetings", record))
        self.meetings.append((cid, when, -1, record))
        self.say("meeting", cid, when, row, why + (f"; kind {kind} from the title or place" if kind else ""))

    def messages(self):
        p = self.people
        msgs = self.history[self.history["type"] == "message"]
        dated = self.history[self.history["type"].isin(["message", "earlier", "other"])]
        self.dates_by_id = {mid: d for mid, d in zip(dated["message_id"], dated["date"]) if mid}
        self.outgoing: dict[str, list] = {}
        touches: dict[str, list] = {}
        f = self.read_filter
        unknown: dict[str, int] = dict(f.unknown) if f is not None else {}
        self.any_from_me = f.any_from_me if f is not None else False
        for row in msgs.itertuples(index=False):
            from_me = row.sender in p.me or row.sent_label
            self.any_from_me |= from_me
            for a, n, role in row.people:
                if a in p.me or (role == "from" and from_me):
                    continue
                code, _why = p.who(a, n)
                if code is None or code == p.seeker_code:
                    if code is None and (from_me or role == "from"):
                        unknown[a] = unknown.get(a, 0) + 1
                    continue
                cid = str(p.ids[code])
                t = touches.setdefault(cid, [row.date, 0, row])
                t[1] += 1
                if row.date >= t[0]:
                    t[0], t[2] = row.date, row
                if from_me and role == "to":
                    self.outgoing.setdefault(cid, []).append(row)
        self._touches(touches)
        for addr, count in sorted(unknown.items(), key=lambda kv: (-kv[1], kv[0]))[:50]:
            self.report.append(
                {
                    "action": "unknown",
                    "contact": "",
                    "name": "",
                    "date": pd.NaT,
                    "file": "",
                    "item": f"{count} message(s)",
                    "why": f"{addr} is not a contact",
                }
            )
        if len(unknown) > 50:
            self.report.append(
                {
                    "action": "unknown",
                    "contact": "",
                    "name": "",
                    "date": pd.NaT,
                    "file": "",
                    "item": "",
                    "why": f"... and {len(unknown) - 50} more addresses that are not contacts",
                }
            )

    def _touches(self, touches):
        c = self.net.table("contacts")
        old = c["last_touch"] if "last_touch" in c.columns else None
        for cid, (when, count, row) in sorted(touches.items()):
            code = self.net.code(cid)
            before = old.iat[code] if old is not None else pd.NaT
            if pd.notna(before) and pd.Timestamp(before) >= when.normalize():
                self.say("touch-recorded", cid, when, row, f"{count} message(s); last_touch {before:%Y-%m-%d} kept")
                continue
            self.plan.sets.append(("contacts", code, {"last_touch": when.normalize()}))
            self.say("touch", cid, when, row, f"{count} message(s) to or from them; the latest sets last_touch")

    def thanks(self):
        by_contact: dict[str, list] = {}
        for cid, when, _k, _r in self.meetings:
            by_contact.setdefault(cid, []).append(when)
        for cid, when, pos, record in self.meetings:
            sent = self.outgoing.get(cid)
            if not sent:
                continue
            start = when if when != when.normalize() else when.normalize()
            later = [d for d in by_contact[cid] if d > when]
            stop = min([start + self.window, *later])
            for msg in sent:
                if msg.date < start or msg.date >= stop:
                    continue
                if _unrelated_reply(msg, start, self.dates_by_id):
                    self.say(
                        "reply-elsewhere",
                        cid,
                        msg.date,
                        msg,
                        f"a reply into a thread quiet for {THREAD_DAYS}+ days before the meeting on "
                        f"{when:%Y-%m-%d}: a touch, not its thank-you",
                    )
                    continue
                if pos >= 0 and pos in self.thanked:
                    self.say(
                        "thank-you-recorded",
                        cid,
                        msg.date,
                        msg,
                        f"the meeting on {when:%Y-%m-%d} already has a thank-you; kept",
                    )
                elif pos >= 0:
                    self.plan.sets.append(("meetings", pos, {"thank_you_sent": msg.date}))
                    self.say(
                        "thank-you",
                        cid,
                        msg.date,
                        msg,
                        f"your first message to them within "
                        f"{self.window.days} days after the meeting on {when:%Y-%m-%d}",
                    )
                elif record is not None:  # a meeting this import adds (position -1) carries its new row
                    record["thank_you_sent"] = msg.date
                    self.say(
                        "thank-you",
                        cid,
                        msg.date,
                        msg,
                        f"your first message to them within "
                        f"{self.window.days} days after the meeting on {when:%Y-%m-%d}",
                    )
                break
