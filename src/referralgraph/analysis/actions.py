"""What to do next: networking habits turned into measured signals and a prioritised to-do list."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..model import ReferralNetwork
from ..model.snapshot import OptionError, as_of_bounds
from . import _offspring as _o
from .contacts import contact_metrics
from .forecast import _fit
from .reach import paths_to

__all__ = ["next_actions", "habit_signals", "HABITS", "ACTION_COLUMNS", "SIGNAL_COLUMNS"]

#: the habits, in the order actions are listed, with their plain-language titles
HABITS = {
    "thank": "Thank within 24 hours",
    "ask": "Ask for introductions",
    "follow": "Follow through on introductions",
    "cultivate": "Cultivate your contacts",
    "grow": "Grow new branches",
    "prepare": "Prepare for conversations",
}
#: columns of :func:`next_actions`, in order
ACTION_COLUMNS = ["habit", "priority", "contact", "name", "organization", "action", "reason", "due",
                  "overdue_days", "score", "related"]
#: columns of :func:`habit_signals`, in order
SIGNAL_COLUMNS = ["habit", "title", "signal", "value", "target", "verdict", "n", "actions"]

#: days within which to answer an introduction that was made, and to follow up a suggested name
REPLY_DAYS = {"introduced": 2, "suggested": 7}
#: days after a conversation during which a missing thank-you or handwritten note is still worth sending
THANK_WINDOW = {"handwritten": 14}
#: share of the novelty bonus for a contact who is your only one at their organization / in their field
NOVELTY = 0.5


# ---------------------------------------------------------------- inputs
def _today(today) -> pd.Timestamp:
    if today is None:
        return pd.Timestamp.now().normalize()
    day, _ = as_of_bounds(today)
    return day


def _check_days(value) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise OptionError(f"dormant_days must be an integer >= 0 (got {value!r})")
    return int(value)


def _check_targets(targets) -> list[str]:
    if targets is None:
        return []
    values = [targets] if isinstance(targets, str) else list(targets) if isinstance(targets, Iterable) else None
    if values is None or not all(isinstance(v, str) and v.strip() for v in values):
        raise OptionError(f"targets must be organization names (a string or a list of non-blank strings); got {targets!r}")
    return values


class _Seeker:
    """One seeker's tables and tree, read once."""

    def __init__(self, net: ReferralNetwork, seeker, today: pd.Timestamp):
        self.net = net
        self.pos = net.seeker_position(seeker)
        self.id = net.seekers[self.pos]
        self.today = today
        self.end = today + pd.Timedelta(days=1)  # exclusive: everything on `today` has happened
        ix = net.index
        rows = np.arange(ix.offsets[self.pos] + 1, ix.offsets[self.pos + 1])
        self.ix, self.rows = ix, rows
        contacts = net._contacts
        self.ids = net.ids.to_numpy()
        self.names = contacts["name"].to_numpy(dtype=object) if "name" in contacts.columns else self.ids
        self.orgs = contacts["organization"].to_numpy(dtype=object) if "organization" in contacts.columns else np.full(len(self.ids), None, object)
        self.fields = contacts["field"].to_numpy(dtype=object) if "field" in contacts.columns else np.full(len(self.ids), None, object)
        m = net._meetings
        self.meetings = m[m["seeker"] == self.id] if len(m) else m
        self.tracks_meetings = len(self.meetings) > 0

    def name(self, contact_id: str) -> str:
        v = self.names[self.net.code(contact_id)]
        return str(v) if isinstance(v, str) and v.strip() else contact_id

    def org(self, contact_id: str):
        v = self.orgs[self.net.code(contact_id)]
        return v if isinstance(v, str) and v.strip() else None


def _frame(records: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=ACTION_COLUMNS) if records else pd.DataFrame(columns=ACTION_COLUMNS)
    return frame.astype({"habit": "str", "priority": "int64", "contact": "str", "name": "str", "organization": "str",
                         "action": "str", "reason": "str", "due": "datetime64[ns]", "overdue_days": "Int64",
                         "score": "float64", "related": "str"})


def _days(a: pd.Timestamp, b: pd.Timestamp) -> int:
    return int((a.normalize() - b.normalize()) / pd.Timedelta(days=1))


def _plural(n: int, word: str) -> str:
    many = {"person": "people"}.get(word, word + "s")
    return f"{n} {word if n == 1 else many}"


# ---------------------------------------------------------------- rules
def _thank(s: _Seeker, dormant_days: int) -> list[dict]:
    out = []
    m = s.meetings
    if "thank_you_sent" in m.columns:
        # older than dormant_days, a late thank-you is a check-in (cultivate) instead
        recent = m["date"] >= s.today - pd.Timedelta(days=dormant_days)
        past = m[(m["date"] < s.today) & recent & m["thank_you_sent"].isna()]
        for contact, date, kind in zip(past["contact"], past["date"], past["kind"] if "kind" in past.columns else [None] * len(past)):
            due = date.normalize() + pd.Timedelta(days=1)
            late = _days(s.today, due)
            what = kind.replace("-", " ") if isinstance(kind, str) else "conversation"
            out.append({"habit": "thank", "contact": contact, "action": f"Send {s.name(contact)} a thank-you for the {what} on {date:%Y-%m-%d}",
                        "reason": f"no thank-you recorded; it was due {due:%Y-%m-%d}, within 24 hours"
                                  + (f" ({_plural(late, 'day')} ago)" if late > 0 else ""),
                        "due": due, "overdue_days": late, "score": float(late)})
        out.sort(key=lambda r: -r["score"])
    if "handwritten_note" in m.columns and m["handwritten_note"].notna().any():
        past = m[m["date"] < s.end]
        wrote = past["handwritten_note"].fillna(False).astype(bool).groupby(past["contact"]).any()
        last = past.groupby("contact")["date"].max()
        window = s.today - pd.Timedelta(days=THANK_WINDOW["handwritten"])
        notes = [(c, last[c]) for c in wrote.index[~wrote.to_numpy(dtype=bool)] if last[c] >= window]
        notes.sort(key=lambda r: r[1], reverse=True)
        for contact, date in notes:
            out.append({"habit": "thank", "contact": contact, "action": f"Write {s.name(contact)} a handwritten note",
                        "reason": f"no handwritten note yet for your conversation on {date:%Y-%m-%d}",
                        "due": pd.NaT, "overdue_days": None, "score": 0.0})
    return out


def _ask(s: _Seeker) -> list[dict]:
    ix, rows, m = s.ix, s.rows, s.meetings
    if not len(rows):
        return []
    cutoff_day = int(np.datetime64(s.today.to_datetime64(), "D").astype(np.int64))
    fit, h = _fit(s.net, s.pos, cutoff_day, "cohort", 5)
    # h.rows are this tree's rows known today, in tree order
    known = pd.Index(s.ids[ix.node[h.rows]])
    met = h.met & (h.generation >= 1)
    if "asked_for_introductions" in m.columns and m["asked_for_introductions"].notna().any():
        asked_col = True
        explicit_no = m[(m["date"] < s.end) & (m["asked_for_introductions"] == False)]  # noqa: E712 (nullable)
        not_asked_on = explicit_no.groupby("contact")["date"].max()
        candidates = met & ~h.asked
    else:
        asked_col = False
        not_asked_on = pd.Series(dtype="datetime64[ns]")
        candidates = met & (h.children == 0)
    idx = np.flatnonzero(candidates)
    if not len(idx):
        return []
    age = np.where(h.met_day[idx] != _o.NO_DAY, cutoff_day - h.met_day[idx], 10**9)
    e = fit._delays.cdf(age)
    c = h.children[idx]
    if fit.family == "negbin" and fit.mean > 0:
        rate = (fit.dispersion + c) / (fit.dispersion / fit.mean + e)  # their own rate, updated by what they did
    else:
        rate = np.full(len(idx), fit.mean)
    orgs = pd.Series(s.orgs[ix.node[rows]]).str.strip().str.casefold()
    fields = pd.Series(s.fields[ix.node[rows]]).str.strip().str.casefold()
    org_count, field_count = orgs.value_counts(), fields.value_counts()
    out = []
    for j, r in enumerate(idx.tolist()):
        contact = known[r]
        code = s.net.code(contact)
        org, fld = s.orgs[code], s.fields[code]
        bonus, opens = 0.0, []
        if isinstance(org, str) and org.strip() and org_count.get(org.strip().casefold(), 0) == 1:
            bonus += NOVELTY
            opens.append(f"your only contact at {org.strip()}")
        if isinstance(fld, str) and fld.strip() and field_count.get(fld.strip().casefold(), 0) == 1:
            bonus += NOVELTY
            opens.append(f"your only contact in {fld.strip()}")
        score = float(rate[j]) * (1 + bonus)
        why = [f"expected yield {score:.1f} (about {rate[j]:.1f} introductions from someone like them"
               + (f", who introduced {_plural(int(c[j]), 'person')} so far" if c[j] else "") + ")"]
        if contact in not_asked_on.index:
            why.insert(0, f"you did not ask on {not_asked_on[contact]:%Y-%m-%d}")
        elif not asked_col:
            why.insert(0, "met, no introductions yet")
        else:
            why.insert(0, "never asked")
        why += opens
        out.append({"habit": "ask", "contact": contact,
                    "action": f"Ask {s.name(contact)} who else you should talk to, and whether they would introduce you",
                    "reason": "; ".join(why), "due": pd.NaT, "overdue_days": None, "score": score})
    out.sort(key=lambda r: -r["score"])
    return out


def _follow(s: _Seeker) -> list[dict]:
    ix, rows = s.ix, s.rows
    edge = ix.date[rows]
    pending = rows[(ix.generation[rows] >= 2) & np.isin(ix.status[rows], (1, 2))
                   & (np.isnat(edge) | (edge < s.end.to_datetime64()))]
    out = []
    for r in pending.tolist():
        contact = s.ids[ix.node[r]]
        via = s.ids[ix.node[ix.parent[r]]]
        status = "suggested" if ix.status[r] == 1 else "introduced"
        date = pd.Timestamp(ix.date[r]) if not np.isnat(ix.date[r]) else pd.NaT
        since = _days(s.today, date) if date is not pd.NaT else None
        due = date + pd.Timedelta(days=REPLY_DAYS[status]) if date is not pd.NaT else pd.NaT
        if status == "introduced":
            action = f"Schedule a conversation with {s.name(contact)}, whom {s.name(via)} introduced you to"
        else:
            action = f"Ask {s.name(via)} to introduce you to {s.name(contact)}, or write to them mentioning {s.name(via)}"
        when = f" {_plural(since, 'day')} ago" if since is not None else ""
        out.append({"habit": "follow", "contact": contact, "action": action,
                    "reason": f"{s.name(via)} {status} them{when}; not met yet", "due": due,
                    "overdue_days": _days(s.today, due) if due is not pd.NaT else None,
                    "score": float(since if since is not None else -1) + (10**6 if status == "introduced" else 0),
                    "related": via})
    out.sort(key=lambda r: -r["score"])
    return out


def _cultivate(s: _Seeker, dormant_days: int) -> list[dict]:
    if not len(s.rows):
        return []
    cm = contact_metrics(s.net, seeker=s.id, as_of=s.today, dormant_days=dormant_days)
    quiet = cm[cm["dormant"] & (cm["status"] == "met")]
    quiet = quiet.sort_values(["descendants", "days_since_touch"], ascending=[False, False], kind="stable")
    out = []
    for rec in quiet.itertuples(index=False):
        brought = f"; {_plural(int(rec.descendants), 'person')} reached through them" if rec.descendants else ""
        out.append({"habit": "cultivate", "contact": rec.contact,
                    "action": f"Check in with {s.name(rec.contact)}: a short update on your search and what their advice led to",
                    "reason": f"last touch {pd.Timestamp(rec.last_touch):%Y-%m-%d} ({int(rec.days_since_touch)} days ago){brought}",
                    "due": pd.Timestamp(rec.last_touch) + pd.Timedelta(days=dormant_days),
                    "overdue_days": int(rec.days_since_touch) - dormant_days,
                    "score": float(rec.descendants)})
    return out


def _grow(s: _Seeker, dormant_days: int, targets: list[str]) -> list[dict]:
    ix, rows = s.ix, s.rows
    out, branches = [], []  # targets (what you asked for) first, then stalled branches
    if len(rows):
        edge = ix.date[rows]
        known = np.isnat(edge) | (edge < s.end.to_datetime64())
        rows_k = rows[known]
        origin = ix.origin[rows_k]
        dated = ~np.isnat(ix.date[rows_k])
        frame = pd.DataFrame({"row": rows_k[dated], "origin": origin[dated], "date": ix.date[rows_k][dated],
                              "met": ix.status[rows_k][dated] == 3})
        size = pd.Series(origin).value_counts()
        if len(frame):
            frame = frame.sort_values(["date", "row"], kind="stable")
            last = frame.groupby("origin").tail(1).set_index("origin")
            last_met = frame[frame["met"]].groupby("origin").tail(1).set_index("origin")["row"]
            for o, rec in last.iterrows():
                members = int(size.get(o, 0))
                if members < 2:
                    continue  # a contact who introduced nobody is an "ask", not a stalled branch
                since = _days(s.today, pd.Timestamp(rec["date"]))
                if since < dormant_days:
                    continue
                head = s.ids[ix.node[o]]
                newest = s.ids[ix.node[int(rec["row"])]]
                ask = s.ids[ix.node[int(last_met.get(o, o))]]  # the latest person met in the branch
                branches.append({"habit": "grow", "contact": head,
                                 "action": f"Restart the branch that began with {s.name(head)}: ask {s.name(ask)} who else to talk to",
                                 "reason": f"{members} people came through {s.name(head)}, but no new contact for {since} days "
                                           f"(last: {s.name(newest)}, {pd.Timestamp(rec['date']):%Y-%m-%d})",
                                 "due": pd.Timestamp(rec["date"]) + pd.Timedelta(days=dormant_days),
                                 "overdue_days": since - dormant_days, "score": float(members), "related": ask})
            branches.sort(key=lambda r: -r["score"])
    if targets:
        found = paths_to(s.net, organization=targets, seeker=s.id)
        connectors = []
        if len(rows):
            by_reach = rows[np.argsort(-ix.descendants[rows], kind="stable")]
            connectors = [s.ids[ix.node[r]] for r in by_reach[:2].tolist() if ix.descendants[r] > 0]
        for rec in found.itertuples(index=False):
            if rec.reachable:
                contact = rec.contact
                row = rows[s.ids[ix.node[rows]] == contact][0]
                path = " -> ".join(s.name(c) for c in rec.path)
                if ix.status[row] == 3:
                    action = f"Talk to {s.name(contact)} about {rec.target}: openings, and who else to meet there"
                else:
                    via = s.ids[ix.node[ix.parent[row]]]
                    action = f"Ask {s.name(via)} to introduce you to {s.name(contact)} at {rec.target}"
                out.append({"habit": "grow", "contact": contact, "action": action,
                            "reason": f"warm path to {rec.target}: {path} ({_plural(int(rec.length), 'introduction')})",
                            "due": pd.NaT, "overdue_days": None, "score": 100.0 - float(rec.length), "related": None})
            else:
                ask = " or ".join(s.name(c) for c in connectors) if connectors else "your contacts"
                out.append({"habit": "grow", "contact": None,
                            "action": f"Find a way into {rec.target}: ask {ask} whether they know someone there",
                            "reason": f"nobody at {rec.target} in your network yet", "due": pd.NaT,
                            "overdue_days": None, "score": 100.0, "related": connectors[0] if connectors else None,
                            "organization": rec.target})
    return out + branches


def _prepare(s: _Seeker) -> list[dict]:
    m = s.meetings
    out = []
    upcoming = m[m["date"] >= s.end] if len(m) else m
    if len(upcoming):
        if "questions_prepared" in m.columns:
            upcoming = upcoming[~upcoming["questions_prepared"].fillna(False).to_numpy(dtype=bool)]
        upcoming = upcoming.sort_values("date", kind="stable")
        for contact, date in zip(upcoming["contact"], upcoming["date"]):
            days = _days(date, s.today)
            out.append({"habit": "prepare", "contact": contact,
                        "action": f"Prepare questions for {s.name(contact)} ({date:%Y-%m-%d}): their path, their team, who else to meet",
                        "reason": f"conversation in {_plural(days, 'day')}; no questions prepared yet",
                        "due": date.normalize(), "overdue_days": -days, "score": float(-days)})
    if "takeaways" in m.columns and m["takeaways"].notna().any():
        past = m[(m["date"] < s.end) & m["takeaways"].isna()].sort_values("date", ascending=False, kind="stable")
        for contact, date in zip(past["contact"], past["date"]):
            out.append({"habit": "prepare", "contact": contact,
                        "action": f"Write down what you learned from {s.name(contact)} on {date:%Y-%m-%d}",
                        "reason": "no takeaways recorded for this conversation", "due": pd.NaT,
                        "overdue_days": None, "score": -1e6})
    return out


# ---------------------------------------------------------------- public
def next_actions(net, *, today=None, seeker: str | None = None, targets=(), dormant_days: int = 60,
                 limit: int | None = None) -> pd.DataFrame:
    """A prioritised to-do list, grouped by the networking habit each action serves.

    Parameters
    ----------
    net : ReferralNetwork
        The network (not changed).
    today : date-like, optional
        The day the list is for; every date-dependent rule counts from it. Default:
        the clock's today. Pass it to make the output reproducible.
    seeker : str, optional
        Whose list; ``None`` means the only seeker.
    targets : str or list of str, optional
        Organizations you want to get into: warm paths to them, or a way to find one.
    dormant_days : int, default 60
        Days without a touch after which a contact (or a branch) counts as gone quiet.
    limit : int, optional
        At most this many actions per habit.

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
    TypeError
        If ``net`` is not a ReferralNetwork.
    SeekerNotFound
        If ``seeker`` is not a seeker (or is ``None`` in a cohort).
    OptionError
        If ``today`` is not a date, ``dormant_days`` or ``limit`` is negative, or
        ``targets`` are not organization names (a ``ValueError``).

    See Also
    --------
    habit_signals : how well each habit is kept, in numbers.
    forecast : where the network is heading.

    Notes
    -----
    The rules, by habit (docs/next-actions.md has them in full):

    - **thank**: conversations before today, and less than ``dormant_days`` ago,
      without ``thank_you_sent`` (most overdue first; due the day after); contacts
      met in the last 14 days without any handwritten note, when the data records
      handwritten notes at all.
    - **ask**: contacts met and never asked for introductions (without an
      ``asked_for_introductions`` column: met and introduced nobody yet), ranked by
      expected yield = their expected introductions (the fitted mean, updated by
      their own record: ``(k + c) / (k / m + F(age))`` for the negative binomial)
      x (1 + 0.5 if they are your only contact at their organization + 0.5 if the
      only one in their field).
    - **follow**: people introduced (reply within 2 days) or suggested (follow
      up within 7) and not met; introductions made come first, oldest first.
    - **cultivate**: contacts met whose last touch is ``dormant_days`` or more ago,
      those who brought most people first.
    - **grow**: first, for each target organization, the nearest person there and
      the path to them, or, if there is none, the connectors to ask; then
      branches (a direct contact and everyone through them, two people or more)
      without a new contact for ``dormant_days``, largest first, naming the latest
      person met in the branch to ask.
    - **prepare**: upcoming conversations without prepared questions, soonest
      first; past ones without takeaways, if takeaways are recorded at all.

    Asking, thanking promptly and following up are the habits the advice on
    informational interviews stresses [1]_; the expected yield comes from the
    branching-process fit of :func:`fit_offspring` [2]_.

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
    >>> todo = rg.next_actions(rg.from_frames(contacts, intros, meetings), today="2026-03-06")
    >>> todo[["habit", "priority", "name", "overdue_days"]]
        habit  priority name  overdue_days
    0   thank         1  Ann             3
    1  follow         1   Bo             1
    >>> print(todo.loc[1, "action"])
    Schedule a conversation with Bo, whom Ann introduced you to
    """
    if not isinstance(net, ReferralNetwork):
        raise TypeError(f"expected a ReferralNetwork (got {type(net).__name__})")
    day = _today(today)
    dormant_days = _check_days(dormant_days)
    targets = _check_targets(targets)
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, numbers.Integral) or limit < 0):
        raise OptionError(f"limit must be an integer >= 0 or None (got {limit!r})")
    s = _Seeker(net, seeker, day)
    groups = {"thank": _thank(s, dormant_days), "ask": _ask(s), "follow": _follow(s), "cultivate": _cultivate(s, dormant_days),
              "grow": _grow(s, dormant_days, targets), "prepare": _prepare(s)}
    records = []
    for habit in HABITS:
        rows = groups[habit][: limit] if limit is not None else groups[habit]
        for rank, rec in enumerate(rows, start=1):
            contact = rec.get("contact")
            records.append({
                "habit": habit, "priority": rank, "contact": contact,
                "name": s.name(contact) if contact else None,
                "organization": rec.get("organization") or (s.org(contact) if contact else None),
                "action": rec["action"], "reason": rec["reason"], "due": rec.get("due", pd.NaT),
                "overdue_days": rec.get("overdue_days"), "score": rec.get("score", math.nan),
                "related": rec.get("related"),
            })
    return _frame(records)


def habit_signals(net, *, today=None, seeker: str | None = None, dormant_days: int = 60) -> pd.DataFrame:
    """How well each networking habit is kept: one measured signal per habit, against a target.

    Parameters
    ----------
    net : ReferralNetwork
        The network (not changed).
    today : date-like, optional
        The day to measure on (default: the clock's today).
    seeker : str, optional
        Whose habits; ``None`` means the only seeker.
    dormant_days : int, default 60
        As for :func:`next_actions`.

    Returns
    -------
    pandas.DataFrame
        One row per habit, in the order of :data:`HABITS`: ``habit``, ``title``,
        ``signal`` (what is measured, in words), ``value``, ``target``,
        ``verdict`` (``on track``, ``needs attention``, ``not tracked`` when the
        data has no such column, ``no data`` when there is nothing to measure yet),
        ``n`` (what the value rests on) and ``actions`` (how many
        :func:`next_actions` that habit has).

    Raises
    ------
    TypeError
        If ``net`` is not a ReferralNetwork.
    SeekerNotFound
        If ``seeker`` is not a seeker (or is ``None`` in a cohort).
    OptionError
        If ``today`` is not a date or ``dormant_days`` is negative.

    See Also
    --------
    next_actions : the actions behind the ``actions`` column.

    Notes
    -----
    The signals and their targets (rules of thumb, not measurements):

    - thank: share of past conversations thanked by the end of the next day (target 90%);
    - ask: share of past conversations where you asked for introductions (target 80%);
    - follow: share of people introduced at least 14 days ago whom you then met (target 70%);
    - cultivate: share of contacts met touched in the last ``dormant_days`` days (target 50%);
    - grow: the reproduction number ``R = mean x conversion`` of :func:`fit_offspring`,
      the further meetings each meeting leads to (target 1: at 1 or more the
      chain of introductions sustains itself [1]_);
    - prepare: share of conversations with questions prepared (target 90%).

    References
    ----------
    .. [1] Harris, T. E. (1963). *The Theory of Branching Processes*. Springer.

    Examples
    --------
    >>> contacts = pd.DataFrame({"name": ["Me", "Ann"], "is_seeker": ["y", ""]})
    >>> meetings = pd.DataFrame({"contact": ["Ann"], "date": ["2026-03-02"], "thank_you_sent": ["2026-03-02"]})
    >>> sig = rg.habit_signals(rg.from_frames(contacts, None, meetings), today="2026-03-06")
    >>> row = sig.set_index("habit").loc["thank"]
    >>> float(row["value"]), row["verdict"]
    (1.0, 'on track')
    """
    if not isinstance(net, ReferralNetwork):
        raise TypeError(f"expected a ReferralNetwork (got {type(net).__name__})")
    day = _today(today)
    dormant_days = _check_days(dormant_days)
    s = _Seeker(net, seeker, day)
    todo = next_actions(net, today=day, seeker=s.id, dormant_days=dormant_days)
    counts = todo["habit"].value_counts()
    m = s.meetings
    past = m[m["date"] < s.end] if len(m) else m
    rows = []

    def add(habit, signal, value, target, n, tracked=True):
        if not tracked:
            verdict, value = "not tracked", math.nan
        elif n == 0 or value is None or (isinstance(value, float) and math.isnan(value)):
            verdict, value = "no data", math.nan
        else:
            verdict = "on track" if value >= target else "needs attention"
        rows.append({"habit": habit, "title": HABITS[habit], "signal": signal, "value": float(value), "target": float(target),
                     "verdict": verdict, "n": int(n), "actions": int(counts.get(habit, 0))})

    tracked = "thank_you_sent" in past.columns
    if tracked and len(past):
        sent = past["thank_you_sent"]
        on_time = sent.notna() & (sent.dt.normalize() <= past["date"].dt.normalize() + pd.Timedelta(days=1))
        add("thank", "conversations thanked within 24 hours", float(on_time.mean()), 0.9, len(past))
    else:
        add("thank", "conversations thanked within 24 hours", math.nan, 0.9, len(past), tracked)
    tracked = "asked_for_introductions" in past.columns
    value = float(past["asked_for_introductions"].fillna(False).astype(bool).mean()) if tracked and len(past) else math.nan
    add("ask", "conversations where you asked for introductions", value, 0.8, len(past), tracked)
    ix, r = s.ix, s.rows
    edge = ix.date[r]
    old = r[(ix.generation[r] >= 2) & ~np.isnat(edge) & (edge <= (s.today - pd.Timedelta(days=14)).to_datetime64())]
    value = float((ix.status[old] == 3).mean()) if len(old) else math.nan
    add("follow", "people introduced 14+ days ago whom you met", value, 0.7, len(old), s.tracks_meetings)
    if len(r):
        cm = contact_metrics(net, seeker=s.id, as_of=day, dormant_days=dormant_days)
        met = cm[cm["status"] == "met"]
        value = float((~met["dormant"]).mean()) if len(met) else math.nan
        n = len(met)
    else:
        value, n = math.nan, 0
    add("cultivate", f"contacts met touched in the last {dormant_days} days", value, 0.5, n)
    cutoff_day = int(np.datetime64(day.to_datetime64(), "D").astype(np.int64))
    fit = _fit(net, s.pos, cutoff_day, "cohort", 5)[0]
    add("grow", "further meetings each meeting leads to (R)", fit.mean * fit.conversion, 1.0, fit.n)
    tracked = "questions_prepared" in past.columns
    value = float(past["questions_prepared"].fillna(False).astype(bool).mean()) if tracked and len(past) else math.nan
    add("prepare", "conversations with questions prepared", value, 0.9, len(past), tracked)
    return pd.DataFrame(rows, columns=SIGNAL_COLUMNS)
