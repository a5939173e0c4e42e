"""A search lived day by day (issue 20, item 9): ten weeks through the public API and the CLI.

A student keeps a hand-made folder (US-style dates, accented names, an extra "Phone"
column), logs meetings, asks, introductions, thank-yous on time and late, handwritten
notes, imports her LinkedIn connections in week three and leaves some days without
logging. The clock (:mod:`referralgraph._clock`) is moved to each simulated day, and
after each day the surfaces are read and checked:

- no traceback, every command exits 0;
- the reference date is that day, and every text output says so;
- a thank-you is asked for on the day of the meeting and disappears once logged;
- no action whose premise the data contradicts;
- every fact is equal across report, next, the map payload and the GEXF export.

The simulation runs once per variant (module fixture); each property is its own test,
so a check that waits for another part of issue 20 can be marked on its own.
``trimmed`` (the first days, in the fast loop) and ``full`` (ten weeks, slow).
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass, field

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

import referralgraph as rg
from referralgraph import _clock
from referralgraph.cli import cli

START = pd.Timestamp("2026-10-05")  # a Monday

CONTACTS = """id,name,organization,is_seeker,Phone
lena,Lena Park,,yes,
ana,Ana Ortiz,Fernway,,555-0101
jose,José García,Kitewell,,
elif,Elif Yıldız,Northwind,,
bo,Bo Li,Acme,,555-0199
"""
INTRODUCTIONS = """introducer,introduced,date,status
lena,ana,9/3/2026,met
lena,jose,9/8/2026,introduced
lena,elif,9/10/2026,introduced
lena,bo,9/12/2026,met
"""
MEETINGS = """contact,date,thank_you_sent,asked_for_introductions
ana,9/3/2026,9/4/2026,no
bo,9/12/2026,,
"""
LINKEDIN = """Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Ana,Ortiz,https://www.linkedin.com/in/ana-ortiz,,Fernway,Researcher,03 Sep 2026
""" + "".join(
    f"Person,Number{k},https://www.linkedin.com/in/p{k},,Org{k % 7},Engineer,0{1 + k % 9} Aug 2026\n" for k in range(24)
)

#: day offset -> what the student does that day: (how, what, arguments...)
#: how: "cli" or "api"; names are typed as people type them (no accents)
PLAN = {
    0: [
        ("cli", "validate"),
        ("cli", "settings", "date_order=monthfirst"),
        ("cli", "meeting", "Ana Ortiz", "10:00", "--kind", "coffee", "--asked"),
    ],
    1: [("cli", "thanks", "Ana Ortiz", "09:00"), ("api", "intro", "Ana Ortiz", "Hal Mercer", "suggested")],
    3: [("cli", "intro", "Ana Ortiz", "Hal Mercer", "introduced")],
    4: [("cli", "meeting", "Jose Garcia", "16:00", "--kind", "call")],
    6: [("api", "thanks", "Jose Garcia", "20:00"), ("cli", "note", "Ana Ortiz", "12:00")],
    8: [("api", "meeting", "Hal Mercer", "11:00")],
    9: [("cli", "thanks", "Hal Mercer", "08:30")],
    10: [("cli", "meeting", "Elif Yildiz", "13:00", "--not-asked")],
    14: [("cli", "import-linkedin")],
    15: [("cli", "note", "Elif Yildiz", "18:00")],
    17: [("cli", "intro", "Hal Mercer", "Sam Reed", "introduced")],
    21: [("cli", "meeting", "Sam Reed", "09:00", "--asked")],
    22: [("api", "thanks", "Sam Reed", "10:00")],
    35: [("cli", "meeting", "Bo Li", "17:00")],
    36: [("cli", "thanks", "Bo Li", "09:00")],
    42: [("api", "intro", "Bo Li", "Kim Tran", "suggested")],
    49: [("cli", "meeting", "Kim Tran", "15:00", "--asked")],
    50: [("cli", "note", "Kim Tran", "19:00"), ("cli", "thanks", "Kim Tran", "19:05")],
}
CHECK_DAYS = {"trimmed": [0, 1], "full": list(range(70))}
LAST_DAY = {"trimmed": 1, "full": 69}


@dataclass
class Day:
    day: pd.Timestamp
    failures: list = field(default_factory=list)  # (what, output) of commands that did not exit 0
    unaccented: list = field(default_factory=list)  # names typed without accents that were not found
    texts: dict = field(default_factory=dict)  # command -> output
    actions: pd.DataFrame | None = None
    metrics: pd.DataFrame | None = None
    summary: pd.DataFrame | None = None
    meetings: pd.DataFrame | None = None
    payload_as_of: str = ""
    payload_people: int = -1
    gexf: nx.DiGraph | None = None
    logged_meetings: list = field(default_factory=list)  # names met today (thank-you not logged)
    logged_thanks: list = field(default_factory=list)  # names thanked today
    thanked_days: list = field(default_factory=list)  # the conversation each of them was for (YYYY-MM-DD)


class Search:
    """The student's folder and her habits: runs one day's plan through the CLI or the API."""

    def __init__(self, folder, monkeypatch):
        self.folder, self.mp = folder, monkeypatch
        self.runner = CliRunner()
        self.ids = {"Jose Garcia": "jose", "Elif Yildiz": "elif"}  # what she falls back to if a name is not found
        self.shown = {"Jose Garcia": "José García", "Elif Yildiz": "Elif Yıldız"}  # how the surfaces name them

    def at(self, day: pd.Timestamp, hhmm: str = "18:00") -> pd.Timestamp:
        stamp = pd.Timestamp(f"{day:%Y-%m-%d} {hhmm}")
        self.mp.setattr(_clock, "now", lambda: stamp)
        return stamp

    def cli(self, record: Day, *args) -> str:
        result = self.runner.invoke(cli, [str(a) for a in args])
        if result.exit_code != 0 or "Traceback" in result.output:
            failure = (
                "".join(traceback.format_exception(*result.exc_info))
                if result.exc_info and not isinstance(result.exception, SystemExit)
                else ""
            )
            record.failures.append((" ".join(map(str, args)), result.output + failure))
        return result.output

    def run(self, record: Day, step) -> None:
        how, what, *args = step
        folder = self.folder
        if what == "validate":
            self.at(record.day, "08:00")
            self.cli(record, "validate", folder, "--monthfirst")
            record.failures = [f for f in record.failures if not f[0].startswith("validate")]  # exits 1: ambiguous
            return
        if what == "settings":
            self.at(record.day, "08:05")
            self.cli(record, "settings", folder, "--set", args[0])
            return
        if what == "import-linkedin":
            self.at(record.day, "20:00")
            path = folder.parent / "Connections.csv"
            path.write_text(LINKEDIN, encoding="utf-8")
            self.cli(record, "import-linkedin", path, folder, "--force")
            return
        if what == "intro":
            introducer, new, status = args
            stamp = self.at(record.day, "12:00")
            exists = new in set(rg.load(folder).contacts["name"])
            if how == "cli":
                self.cli(
                    record, "log", "intro", folder, introducer, new, "--status", status, *(() if exists else ("--new",))
                )
            else:
                self._api(
                    record, rg.append_introduction, folder, introducer, new, status=status, new=not exists, date=stamp
                )
            return
        name, hhmm, *extra = args
        stamp = self.at(record.day, hhmm)
        for who in (name, self.ids.get(name)):  # as typed; her fallback (the id) only if the name is not found
            if who is None:
                break
            before = len(record.failures)
            if what == "meeting":
                known = set(rg.load(folder).contacts["name"]) | set(self.ids)
                new = () if name in known else ("--new",)
                if how == "cli":
                    self.cli(record, "log", "meeting", folder, who, "--date", f"{stamp:%m/%d/%Y %H:%M}", *extra, *new)
                else:
                    self._api(record, rg.append_meeting, folder, who, date=stamp, new=bool(new))
            elif how == "cli":
                said = self.cli(record, "log", "thanks", folder, who, *(("--handwritten",) if what == "note" else ()))
                record.thanked_days.extend(re.findall(r"for the conversation on (\d{4}-\d{2}-\d{2})", said))
            else:
                entry = self._api(record, rg.append_thanks, folder, who, handwritten=what == "note")
                if entry is not None:
                    record.thanked_days.extend(
                        re.findall(r"for the conversation on (\d{4}-\d{2}-\d{2})", entry["logged"])
                    )
            missed = [f for f in record.failures[before:] if "is not a contact id or name" in f[1]]
            if not missed:
                break
            record.failures = record.failures[:before]
            record.unaccented.append((how, name, missed[0][1]))
        (record.logged_meetings if what == "meeting" else record.logged_thanks).append(self.shown.get(name, name))

    def _api(self, record: Day, func, *args, **kwargs) -> None:
        try:
            return func(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - recorded and checked
            record.failures.append((f"{func.__name__}{args[1:]}", f"{type(exc).__name__}: {exc}"))
            return None

    def observe(self, record: Day, tmp_path) -> None:
        """Every surface, read at the end of the day."""
        self.at(record.day, "23:00")
        folder = self.folder
        record.texts["next"] = self.cli(record, "next", folder)
        record.texts["report"] = self.cli(record, "report", folder)
        net = rg.load(folder)
        record.actions = rg.next_actions(net)
        record.metrics = rg.contact_metrics(net)
        record.summary = rg.seeker_summary(net)
        record.meetings = net.meetings.copy()
        payload = rg.network_map(net).payload
        record.payload_as_of = payload.as_of
        record.payload_people = int((payload.nodes["kind"] == 0).sum())  # people drawn, seekers (kind 1) apart
        gexf = tmp_path / f"day-{record.day:%Y-%m-%d}.gexf"
        rg.write_gexf(net, gexf, overwrite=True)
        record.gexf = nx.read_gexf(gexf)


def _simulate(tmp_path, monkeypatch, variant: str) -> list[Day]:
    folder = tmp_path / "search"
    folder.mkdir()
    (folder / "contacts.csv").write_text(CONTACTS, encoding="utf-8")
    (folder / "introductions.csv").write_text(INTRODUCTIONS, encoding="utf-8")
    (folder / "meetings.csv").write_text(MEETINGS, encoding="utf-8")
    search = Search(folder, monkeypatch)
    days = []
    for offset in range(LAST_DAY[variant] + 1):
        record = Day(START + pd.Timedelta(days=offset))
        for step in PLAN.get(offset, []):
            search.run(record, step)
        if offset in CHECK_DAYS[variant]:
            search.observe(record, tmp_path)
        days.append(record)
    return days


@pytest.fixture(scope="module", params=["trimmed", pytest.param("full", marks=pytest.mark.slow)])
def lived(request, tmp_path_factory):
    mp = pytest.MonkeyPatch()
    try:
        yield request.param, _simulate(tmp_path_factory.mktemp(request.param), mp, request.param)
    finally:
        mp.undo()


def _checked(days):
    return [d for d in days if d.actions is not None]


def _said(actions: pd.DataFrame, name: str, starts: str) -> pd.DataFrame:
    return actions[(actions["name"] == name) & actions["action"].str.startswith(starts)]


# ---------------------------------------------------------------------------- the checks
def test_no_traceback_and_every_command_works(lived):
    _, days = lived
    failures = [(f"{d.day:%Y-%m-%d}", what, out[-400:]) for d in days for what, out in d.failures]
    assert not failures


def test_the_reference_date_is_that_day(lived):
    _, days = lived
    for d in _checked(days):
        line = f"As of {d.day:%Y-%m-%d} (today"
        assert line in d.texts["next"] and line in d.texts["report"], d.day
        assert d.payload_as_of == f"{d.day:%Y-%m-%d}"
        assert (d.metrics["as_of"] == d.day).all() and (d.summary["as_of"] == d.day).all()


def test_a_thank_you_is_asked_for_the_same_day_and_goes_once_logged(lived):
    _, days = lived
    for d in _checked(days):
        for name in d.logged_meetings:
            if name in d.logged_thanks:
                continue
            asked = _said(d.actions, name, f"Send {name} a thank-you")
            today = asked[asked["action"].str.endswith(f"on {d.day:%Y-%m-%d}")]  # for today's conversation
            assert len(today) == 1, (d.day, name)
            assert "due by" in today["reason"].iat[0] and today["overdue_days"].iat[0] < 0  # not late yet
        assert len(d.thanked_days) == len(d.logged_thanks)  # every thank-you names its conversation
        for name, day in zip(d.logged_thanks, d.thanked_days):  # gone for that conversation (older ones may remain)
            gone = _said(d.actions, name, f"Send {name} a thank-you")
            assert not gone["action"].str.endswith(f"on {day}").any(), (d.day, name, day)


def test_no_action_contradicts_the_data(lived):
    _, days = lived
    for d in _checked(days):
        m, names = d.meetings, dict(zip(d.metrics["contact"], d.metrics["name"]))
        thanked = m["thank_you_sent"].notna()
        if "handwritten_note" in m.columns:
            thanked |= m["handwritten_note"].fillna(False).astype(bool)
        noted = m["handwritten_note"].fillna(False).astype(bool) if "handwritten_note" in m.columns else thanked & False
        met = set(d.metrics.loc[d.metrics["status"] == "met", "name"])
        for contact in set(m.loc[thanked, "contact"]) - set(m.loc[~thanked, "contact"]):
            assert _said(d.actions, names.get(contact, contact), "Send").empty, (d.day, contact)
        for contact in set(m.loc[noted, "contact"]):
            assert _said(d.actions, names.get(contact, contact), "Write").empty or "handwritten" not in " ".join(
                _said(d.actions, names.get(contact, contact), "Write")["action"]
            ), (d.day, contact)
        scheduled = d.actions[d.actions["action"].str.startswith("Schedule a conversation with")]
        assert not set(scheduled["name"]) & met, d.day
        assert not d.actions["reason"].str.contains(r"\b0 days ago").any()  # "today"
        thank = d.actions[d.actions["habit"] == "thank"]
        late = thank["reason"].str.extract(r"\((\d+) days? ago\)")[0].dropna().astype(int)
        assert (late == thank.loc[late.index, "overdue_days"]).all()  # the days said are the days counted


def test_report_and_tables_count_the_same_people(lived):
    _, days = lived
    for d in _checked(days):
        people = int(d.summary["contacts"].iat[0])
        said = re.search(r"People you reached\s+([\d,]+)", d.texts["report"])
        assert said and int(said.group(1).replace(",", "")) == people, d.day
        assert len(d.metrics) == people, d.day


def test_the_map_counts_the_same_people(lived):
    _, days = lived
    for d in _checked(days):
        assert d.payload_people == int(d.summary["contacts"].iat[0]), d.day


def test_gexf_says_what_the_tables_say(lived):
    _, days = lived
    for d in _checked(days):
        status = dict(zip(d.metrics["contact"], d.metrics["status"]))
        in_gexf = {n: a.get("status") for n, a in d.gexf.nodes(data=True) if n in status}
        assert in_gexf == status, d.day
        joined = {c: f"{t:%Y-%m-%d}" for c, t in zip(d.metrics["contact"], d.metrics["first_contact"]) if pd.notna(t)}
        starts = {n: str(a.get("start"))[:10] for n, a in d.gexf.nodes(data=True) if n in joined}
        assert starts == joined, d.day


def test_names_typed_without_accents_are_found(lived):
    _, days = lived
    assert not [(f"{d.day:%Y-%m-%d}", how, name) for d in days for how, name, _ in d.unaccented]


def test_the_map_states_the_thank_you_due_time_in_next_s_words(tmp_path, monkeypatch):
    folder = tmp_path / "search"
    folder.mkdir()
    (folder / "contacts.csv").write_text(CONTACTS, encoding="utf-8")
    (folder / "introductions.csv").write_text(INTRODUCTIONS, encoding="utf-8")
    (folder / "meetings.csv").write_text(MEETINGS, encoding="utf-8")
    (folder / "referralgraph.toml").write_text('date_order = "monthfirst"\n', encoding="utf-8")
    monkeypatch.setattr(_clock, "now", lambda: pd.Timestamp("2026-10-05 11:30"))
    entry = rg.append_meeting(folder, "ana", date="2026-10-05 10:00", kind="coffee")
    net = rg.load(folder)
    payload = rg.network_map(net).payload
    ana = list(payload.nodes["cid"]).index("ana")
    step = payload.tips["Next step"][ana]
    reason = _said(rg.next_actions(net), "Ana Ortiz", "Send Ana Ortiz a thank-you")["reason"].iat[0]
    assert entry["next"] == "send Ana Ortiz a thank-you, due by 2026-10-06 10:00"
    assert step.endswith("due by 2026-10-06 10:00") and reason.endswith("due by 2026-10-06 10:00")
    rg.append_thanks(folder, "ana", handwritten=True)
    payload = rg.network_map(rg.load(folder)).payload
    assert payload.tips["Thank-you"][ana] == "sent"  # a handwritten note is a thank-you
