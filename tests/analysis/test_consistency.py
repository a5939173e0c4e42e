"""One story: every fact shown in several places has one value, and no advice contradicts the data.

Each check runs on the named shapes of network the library accepts (single seeker, cohort with
shared contacts, no meetings, meetings without asks, LinkedIn-only, undated, one person) and,
property-based, on random networks of every shape (hypothesis; marked slow).
"""

from __future__ import annotations

import gc
import json
import re
import weakref

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import referralgraph as rg
from referralgraph.analysis.facts import facts, reference, reference_date

AS_OF = "2026-03-31"


# ------------------------------------------------------------------ networks
def make(
    n_seekers=1, parents=(), statuses=None, dated=True, meetings=(), asks=None, thanks=None, linkedin=False, shared=()
):
    """A network from a compact description.

    ``parents[i]`` is who introduced contact ``i`` (``-1 - k`` for seeker ``k``, else an
    earlier contact); ``meetings`` lists contacts met; ``shared`` lists contacts that the
    second seeker also knows directly.
    """
    seekers = [f"s{k}" for k in range(n_seekers)]
    people = [f"c{i}" for i in range(len(parents))]
    contacts = pd.DataFrame(
        {
            "id": seekers + people,
            "name": [f"Seeker {k}" for k in range(n_seekers)] + [f"Person {i}" for i in range(len(people))],
            "organization": [None] * n_seekers + [f"Org{i % 3}" for i in range(len(people))],
            "is_seeker": ["yes"] * n_seekers + [""] * len(people),
            "source": [None] * n_seekers + (["linkedin"] * len(people) if linkedin else [None] * len(people)),
        }
    )
    rows = []
    for i, p in enumerate(parents):
        frm = seekers[-1 - p] if p < 0 else people[p]
        seeker = seekers[-1 - p] if p < 0 else None
        rows.append(
            {
                "introducer": frm,
                "introduced": people[i],
                "date": (pd.Timestamp("2026-01-01") + pd.Timedelta(days=3 * i)).strftime("%Y-%m-%d") if dated else None,
                "status": statuses[i] if statuses else ("introduced" if linkedin else None),
                "seeker": seeker,
            }
        )
    for i in shared:
        if n_seekers > 1 and i < len(people):
            rows.append(
                {
                    "introducer": seekers[1],
                    "introduced": people[i],
                    "date": "2026-02-01" if dated else None,
                    "status": None,
                    "seeker": seekers[1],
                }
            )
    intros = pd.DataFrame(rows, columns=["introducer", "introduced", "date", "status", "seeker"])
    if not n_seekers or n_seekers == 1:
        intros = intros.drop(columns="seeker")
    else:  # resolve the seeker of each chain: the tree it hangs from
        owner = {}
        for i, p in enumerate(parents):
            owner[people[i]] = seekers[-1 - p] if p < 0 else owner[people[p]]
        intros["seeker"] = [
            s if isinstance(s, str) else owner[b] for s, b in zip(intros["seeker"], intros["introduced"])
        ]
    m = None
    if meetings:
        m = pd.DataFrame(
            {
                "contact": [people[i] for i in meetings],
                "date": [
                    (pd.Timestamp("2026-01-02") + pd.Timedelta(days=3 * i)).strftime("%Y-%m-%d") for i in meetings
                ],
            }
        )
        if n_seekers > 1:
            m["seeker"] = [owner[people[i]] for i in meetings]
        if asks is not None:
            m["asked_for_introductions"] = [asks[j % len(asks)] for j in range(len(m))]
        if thanks is not None:
            m["thank_you_sent"] = [m["date"][j] if thanks[j % len(thanks)] else "" for j in range(len(m))]
    return rg.from_frames(contacts, intros if len(intros) else None, m)


SHAPES = {
    "single seeker": lambda: make(
        parents=[-1, -1, 0, 0, 2, 1],
        statuses=["met", "met", "met", "introduced", "suggested", "met"],
        meetings=[0, 1, 2, 5],
        asks=["yes", "no"],
        thanks=[True, False],
    ),
    "cohort with shared contacts": lambda: make(
        n_seekers=2, parents=[-1, -2, 0, 1, 2, -1], meetings=[0, 1, 2], asks=["yes"], shared=[0, 2]
    ),
    "no meetings": lambda: make(parents=[-1, 0, 1, 2, 3, 0, 5]),
    "meetings without asks": lambda: make(parents=[-1, -1, 0, 1, 3], meetings=[0, 1, 3]),
    "LinkedIn-only": lambda: make(parents=[-1] * 6, linkedin=True),
    "undated": lambda: make(parents=[-1, 0, 0, 1], dated=False),
    "one person": lambda: make(parents=[]),
}


# ------------------------------------------------------------------ the checks
def items(section):
    return {label: (value, text) for label, value, text in section.items}


def check_story(net, as_of=AS_OF, seeker=None):
    """Every glossary fact agrees across places; every sanity rule holds. Returns the actions."""
    seeker = seeker if seeker is not None else net.seekers[0]
    rep = rg.report(net, seeker=seeker, as_of=as_of)
    nxt = rg.next_report(net, seeker=seeker, as_of=as_of, limit=None)
    todo = nxt.data["actions"]
    cm = rg.contact_metrics(net, seeker=seeker, as_of=as_of)
    summary = rg.seeker_summary(net, seeker=seeker, as_of=as_of).iloc[0]
    f = facts(rg.snapshot(net, as_of) if as_of else net)
    pos = net.seekers.index(seeker)

    # one reference date, stated in the first lines of every text output
    assert rep.as_of == nxt.as_of
    for r in (rep, nxt):
        head = "\n".join(r.to_text().splitlines()[:3])
        assert "As of " + f"{r.as_of:%Y-%m-%d}" in head

    # people reached: report = summary = per-contact table
    s = items(rep.section("summary"))
    assert s["People you reached"][0] == summary["contacts"] == len(cm)

    # met: only from meeting rows or status=met; n/a with the reason when unknown
    met_known = bool(f.tree_records_meetings[pos])
    if met_known:
        assert s["People you have met"][0] == summary["met_contacts"] == int((cm["status"] == "met").sum())
    else:
        assert s["People you have met"] == (None, "n/a (no meetings recorded)")
        assert (cm["status"] != "met").all()
    assert not any(text == "0" and "per" in label for label, (value, text) in s.items() if value is None)

    # the habit sections of the report are the next list, on the same date
    for key in [sec.key for sec in nxt.sections]:
        a, b = rep.section(key), nxt.section(key)
        assert a.items == b.items
        n = len([x for x in a.lines if re.match(r"\d+\. ", x)])
        assert [x for x in b.lines if re.match(r"\d+\. ", x)][:n] == [x for x in a.lines if re.match(r"\d+\. ", x)]

    # JSON is plain JSON
    json.dumps(rep.to_dict(), allow_nan=False)
    json.dumps(nxt.to_dict(), allow_nan=False)

    check_sanity(net, seeker, todo, cm, met_known)
    return todo


def check_sanity(net, seeker, todo, cm, met_known):
    by = cm.set_index("contact")
    status = by["status"].to_dict()
    introduced_by = by["introduced_by"].to_dict()
    names = net.contacts.set_index("id")["name"].to_dict()
    seeker_name = names[seeker]
    assert todo["contact"].dropna().ne(seeker).all(), "an action about the seeker"
    # priorities 1..n per habit; ranked lists non-increasing in score
    for habit, g in todo.groupby("habit", sort=False):
        assert g["priority"].tolist() == list(range(1, len(g) + 1))
        if habit in ("ask", "follow"):
            assert g["score"].is_monotonic_decreasing
    for rec in todo.itertuples(index=False):
        text = rec.action
        # never ask the seeker to introduce someone
        assert not text.startswith(f"Ask {seeker_name} "), text
        m = re.match(r"Ask (.+?) to introduce you to (.+?)(?: at |,|$)", text)
        if m:
            asker = next(c for c, nm in names.items() if nm == m.group(1))
            target = rec.contact
            assert status.get(asker) == "met", f"asked someone not met: {text}"
            assert status.get(target) == "suggested", f"asked for an introduction already made or a person met: {text}"
        if rec.habit == "ask":
            assert met_known and status[rec.contact] == "met", text
            if "no introductions yet" in rec.reason:
                assert by.loc[rec.contact, "direct_introductions"] == 0
        if rec.habit == "follow":
            assert met_known and status[rec.contact] in ("introduced", "suggested"), text
            assert introduced_by[rec.contact] == rec.related
            days = re.search(r"(\d+) days? ago", rec.reason)
            if days:
                edge = net.tree_table(seeker).set_index("contact").loc[rec.contact, "date"]
                assert not pd.isna(edge)
        if rec.habit == "cultivate":
            assert status[rec.contact] == "met", text
            days = int(re.search(r"\((\d+) days? ago\)", rec.reason).group(1))
            assert days == by.loc[rec.contact, "days_since_touch"]
            reached = re.search(r"(\d+) (?:people|person) reached through them", rec.reason)
            assert (int(reached.group(1)) if reached else 0) == by.loc[rec.contact, "descendants"]
            assert rec.overdue_days >= 0
        if rec.habit == "grow" and text.startswith("Restart"):
            reached = int(re.search(r"^(\d+) (?:people|person) reached through", rec.reason).group(1))
            assert reached == by.loc[rec.contact, "descendants"]
            assert status[rec.related] == "met", "asked someone not met to restart a branch"
        if "not met yet" in rec.reason:
            assert met_known and status[rec.contact] != "met"


@pytest.mark.parametrize("shape", list(SHAPES))
def test_one_story_on_every_shape(shape):
    net = SHAPES[shape]()
    for seeker in net.seekers:
        for as_of in (AS_OF, None):
            check_story(net, as_of=as_of, seeker=seeker)


def test_no_meetings_gives_no_advice_that_needs_meetings():
    net = SHAPES["no meetings"]()
    todo = rg.next_actions(net, as_of=AS_OF)
    assert not todo["habit"].isin(["ask", "follow", "cultivate"]).any()
    assert not todo["action"].str.contains("met|Restart").any()
    sig = rg.habit_signals(net, as_of=AS_OF).set_index("habit")
    assert sig.loc["grow", "verdict"] == "not tracked" and sig.loc["grow", "note"] == "no meetings recorded"
    text = rg.report(net, as_of=AS_OF).to_text()
    assert "R = " not in text and "n/a (no meetings recorded)" in text


def test_linkedin_connections_are_connected_not_met():
    net = SHAPES["LinkedIn-only"]()
    cm = rg.contact_metrics(net)
    assert (cm["status"] == "connected").all()
    todo = rg.next_actions(net, as_of=AS_OF, targets=["Org1"])
    assert todo["action"].iloc[0] == "Get in touch with Person 1 at Org1: you are connected"
    assert not todo["reason"].str.contains(r"\bmet\b").any()


def test_warm_path_never_asks_the_seeker_or_repeats_an_introduction():
    net = make(parents=[-1, 0, 0], statuses=["met", "introduced", "suggested"], meetings=[0])
    todo = rg.next_actions(net, as_of=AS_OF, targets=["Org0", "Org1", "Org2"])
    actions = todo.loc[todo["habit"] == "grow", "action"].tolist()
    assert actions[0] == "Talk to Person 0 about Org0: openings, and who else to meet there"  # met
    assert actions[1] == "Get in touch with Person 1 at Org1, whom Person 0 introduced you to"
    assert actions[2] == "Ask Person 0 to introduce you to Person 2 at Org2"  # only suggested: asking is right


def test_report_and_next_agree_by_default():
    net = SHAPES["single seeker"]()
    assert rg.report(net).as_of == rg.next_report(net).as_of == reference_date(net)
    assert rg.forecast(net, weeks=1, simulations=20).attrs["as_of"] == reference_date(net)


def test_a_network_without_dates_is_measured_today_on_every_surface(monkeypatch):
    monkeypatch.setattr("referralgraph._clock.now", lambda: pd.Timestamp("2026-12-07 09:00"))
    people = pd.DataFrame({"id": ["1234567890123456789", "b"], "name": ["Ana Pérez", "Bo"], "is_seeker": [True, False]})
    net = rg.from_frames(people, pd.DataFrame({"introducer": ["1234567890123456789"], "introduced": ["b"]}))
    heads = [
        r.to_text().splitlines()[2]
        for r in (rg.report(net), rg.next_report(net), rg.forecast_report(net, weeks=2, simulations=20))
    ]
    assert heads == ["As of 2026-12-07 (today)"] * 3
    assert rg.contact_metrics(net)["as_of"].eq(pd.Timestamp("2026-12-07")).all()
    assert rg.forecast(net, weeks=1, simulations=20).attrs["as_of"] == pd.Timestamp("2026-12-07")


def test_a_search_started_from_old_connections_is_measured_today(monkeypatch):
    """Found in a week of use: a LinkedIn export's connection dates are old, but the search is not archived."""
    monkeypatch.setattr("referralgraph._clock.now", lambda: pd.Timestamp("2026-12-01 09:05"))
    people = pd.DataFrame(
        {
            "id": ["lena", "bo", "ann"],
            "name": ["Lena", "Bo Chen", "Ann Lee"],
            "first_contact": ["", "2025-01-27", "2025-02-08"],
            "is_seeker": ["yes", "", ""],
        }
    )
    net = rg.from_frames(people)
    assert reference(net) == (pd.Timestamp("2026-12-01"), "today")
    assert rg.report(net).to_text().splitlines()[2] == "As of 2026-12-01 (today)"
    # the same contacts with old dated activity: a finished search, measured when it ended
    old = rg.from_frames(people, pd.DataFrame({"introducer": ["bo"], "introduced": ["ann"], "date": ["2025-03-01"]}))
    assert reference(old) == (pd.Timestamp("2025-03-01"), "archived")


def test_scheduled_conversations_do_not_move_now():
    net = SHAPES["single seeker"]()
    day = reference_date(net)
    m = net.meetings
    later = pd.concat([m, pd.DataFrame({"contact": ["c3"], "date": [pd.Timestamp("2100-01-01")], "seeker": ["s0"]})])
    net2 = rg.from_frames(net.contacts, net.introductions, later, today="2100-01-02")
    assert reference_date(net2) == day  # the clock's today is before 2100
    todo = rg.next_actions(net2)
    assert "Prepare questions for Person 3 (2100-01-01)" in " ".join(todo["action"])
    assert not todo["action"].str.contains("thank-you for the conversation on 2100").any()


def test_two_thank_you_definitions_have_two_labels(small):
    r = rg.report(small, as_of="2026-02-01")
    labels = [label for sec in r.sections for label, _, _ in sec.items]
    assert "First conversations thanked within 24 hours" in labels
    assert "Conversations thanked by the end of the next day" in labels
    assert "Thank-yous within 24 hours" not in labels


def test_reached_through_is_descendants_everywhere():
    net = make(parents=[-1, 0, 1, 1, 0], statuses=["met"] * 5, meetings=[0, 1, 2, 3, 4])
    todo = rg.next_actions(net, as_of="2026-09-01", dormant_days=30)
    cm = rg.contact_metrics(net, as_of="2026-09-01").set_index("contact")
    for rec in todo.itertuples(index=False):
        for n in re.findall(r"(\d+) people reached through", rec.reason):
            assert int(n) == cm.loc[rec.contact, "descendants"]


def test_today_is_a_deprecated_alias():
    net = SHAPES["single seeker"]()
    with pytest.warns(DeprecationWarning, match="as_of"):
        a = rg.next_actions(net, today=AS_OF)
    pd.testing.assert_frame_equal(a, rg.next_actions(net, as_of=AS_OF))


def test_dropped_network_is_garbage_collected():
    net = SHAPES["single seeker"]()
    rg.report(net)  # fills the facts cache
    assert "_referralgraph_facts" in vars(net)
    ref = weakref.ref(net)
    del net
    gc.collect()
    assert ref() is None


# ------------------------------------------------------------------ property-based
@st.composite
def networks(draw):
    n_seekers = draw(st.integers(1, 2))
    n = draw(st.integers(0, 9))
    parents = [draw(st.integers(-n_seekers, i - 1)) for i in range(n)]
    kind = draw(st.sampled_from(["full", "no meetings", "no asks", "linkedin", "undated"]))
    statuses = (
        [draw(st.sampled_from(["met", "introduced", "suggested", None])) for _ in range(n)]
        if kind in ("full", "no asks")
        else None
    )
    meetings = sorted(draw(st.sets(st.integers(0, n - 1), max_size=n))) if n and kind in ("full", "no asks") else []
    asks = [draw(st.sampled_from(["yes", "no", ""])) for _ in range(3)] if kind == "full" else None
    thanks = [draw(st.booleans()) for _ in range(2)] if kind == "full" else None
    shared = sorted(draw(st.sets(st.integers(0, max(n - 1, 0)), max_size=2))) if n_seekers > 1 and n else []
    return make(
        n_seekers=n_seekers,
        parents=parents,
        statuses=statuses,
        dated=kind != "undated",
        meetings=meetings,
        asks=asks,
        thanks=thanks,
        linkedin=kind == "linkedin",
        shared=shared,
    )


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(net=networks(), as_of=st.sampled_from([None, "2026-01-15", AS_OF, "2026-12-31"]))
def test_one_story_on_random_networks(net, as_of):
    for seeker in net.seekers:
        check_story(net, as_of=as_of, seeker=seeker)


@pytest.mark.parametrize("shape", list(SHAPES))
def test_plot_titles_count_the_people_the_report_counts(shape):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    net = SHAPES[shape]()
    seeker = net.seekers[0]
    people = items(rg.report(net, seeker=seeker).section("summary"))["People you reached"][0]
    fig, ax = plt.subplots()
    try:
        title = " ".join(rg.plot_growth(net, seeker=seeker, ax=ax).get_title().split())  # titles wrap to the Axes
        if people and not shape == "undated":
            assert f"({people:,} {'person' if people == 1 else 'people'} reached" in title
        ax.clear()
        title = " ".join(rg.plot_generations(net, seeker=seeker, ax=ax).get_title().split())
        if people:
            assert title.endswith(f"({people:,} {'person' if people == 1 else 'people'})")
    finally:
        plt.close(fig)


# ------------------------------------------------------------------ graph exports (issue 20 item 8)
def export_facts(net, tmp_path):
    """Per contact id: (status, GEXF start) as each graph file says them, checked equal across the three files."""
    import networkx as nx

    gexf = nx.read_gexf(rg.write_gexf(net, tmp_path / "n.gexf", overwrite=True))
    graphml = nx.read_graphml(rg.write_graphml(net, tmp_path / "n.graphml", overwrite=True))
    data = json.loads(rg.write_json(net, tmp_path / "n.json", overwrite=True).read_text(encoding="utf-8"))
    nodes = {n["id"]: n for n in data["nodes"]}
    out = {}
    for cid in net.contacts["id"]:
        st = gexf.nodes[cid].get("status")
        assert graphml.nodes[cid].get("status") == st == nodes[cid].get("status"), cid
        out[cid] = (st, gexf.nodes[cid].get("start"))
    return out


@pytest.mark.parametrize("shape", list(SHAPES))
def test_graph_exports_carry_the_facts_of_contact_metrics(shape, tmp_path):
    """Status and join day in GEXF/GraphML/JSON are contact_metrics' (the first tree holding a contact)."""
    net = SHAPES[shape]()
    got = export_facts(net, tmp_path)
    cm = rg.contact_metrics(net)
    first_tree = cm.drop_duplicates("contact")  # rows in seeker order: the first tree holding each contact
    for rec in first_tree.itertuples(index=False):
        assert got[rec.contact][0] == rec.status, (shape, rec.contact)
    joined = cm.groupby("contact")["first_contact"].min()  # the earliest join over every tree
    for cid, day in joined.items():
        assert got[cid][1] == (None if pd.isna(day) else f"{day:%Y-%m-%d}"), (shape, cid)
    for s in net.seekers:
        assert got[s][0] == "seeker"


def test_join_day_is_the_same_in_gexf_and_contact_metrics(tmp_path):
    """Issue 20: one contact's first contact was 03-05 in contact_metrics and 02-01 in the GEXF export."""
    contacts = pd.DataFrame(
        {"name": ["Me", "Ann", "Bo"], "is_seeker": ["y", "", ""], "first_contact": ["", "2026-02-01", ""]}
    )
    intros = pd.DataFrame(
        {"introducer": ["Me", "Ann"], "introduced": ["Ann", "Bo"], "date": ["2026-03-05", "2026-03-09"]}
    )
    net = rg.from_frames(contacts, intros)
    cm = rg.contact_metrics(net).set_index("contact")
    assert cm.loc["Ann", "first_contact"] == pd.Timestamp("2026-03-05")
    assert export_facts(net, tmp_path)["Ann"] == ("connected", "2026-03-05")


@pytest.mark.parametrize("shape", list(SHAPES))
def test_forecast_starts_from_the_counts_of_the_report(shape):
    """Issue 20: forecast counted 30 people met where report said 28."""
    net = SHAPES[shape]()
    for seeker in net.seekers:
        s = items(rg.report(net, seeker=seeker, as_of=AS_OF).section("summary"))
        table = rg.forecast(net, seeker=seeker, weeks=1, simulations=20, as_of=AS_OF)
        assert table["median"].iat[0] == s["People you reached"][0], shape
        met = s["People you have met"][0]
        if met is not None:
            assert table["met_median"].iat[0] == met, shape


def test_forecast_does_not_count_an_introducer_never_met():
    """The model may assume an introducer was met; the counts it shows are the report's."""
    net = make(parents=[-1, 0, -1, 2], meetings=[1, 2])  # Person 0 introduced Person 1 but was never met
    s = items(rg.report(net, as_of=AS_OF).section("summary"))
    assert s["People you have met"][0] == 2
    assert rg.forecast(net, weeks=1, simulations=20, as_of=AS_OF)["met_median"].iat[0] == 2


@pytest.mark.parametrize("shape", list(SHAPES))
def test_map_title_counts_the_people_the_report_counts(shape):
    """Issue 20: the report said 85 people, the map title 86 (the seeker counted); now "85 people + you"."""
    net = SHAPES[shape]()
    seeker = net.seekers[0]
    people = items(rg.report(net, seeker=seeker).section("summary"))["People you reached"][0]
    subtitle = rg.network_map(net, seeker=seeker)._payload.subtitle
    if people:
        assert f"{people:,} {'person' if people == 1 else 'people'} + you · " in subtitle, subtitle


# ------------------------------------------------------------------ the map payload (issue 20 item 8)
def map_facts(net, seeker):
    """Per drawn person id: their tooltip values on ``seeker``'s map."""
    payload = rg.network_map(net, seeker=seeker)._payload
    out = {}
    for i, cid in enumerate(payload.nodes["cid"]):
        if int(payload.nodes["kind"][i]) != 0:
            continue
        out[cid] = {label: payload.tips[label][i] for label in ("First contact", "Status", "Meetings", "Thank-you")}
    return out


@pytest.mark.parametrize("shape", list(SHAPES))
def test_map_tooltips_carry_the_facts_of_contact_metrics(shape):
    """First contact (join day), status and meetings on each seeker's map are that seeker's contact_metrics."""
    net = SHAPES[shape]()
    for seeker in net.seekers:
        cm = rg.contact_metrics(net, seeker=seeker).set_index("contact")
        tips = map_facts(net, seeker)
        assert set(tips) == set(cm.index)
        met_known = bool(facts(net).tree_records_meetings[net.seekers.index(seeker)])
        for cid, tip in tips.items():
            row = cm.loc[cid]
            assert tip["First contact"] == ("" if pd.isna(row["first_contact"]) else f"{row['first_contact']:%Y-%m-%d}")
            assert tip["Status"] == row["status"], (shape, cid)
            n = int(row["meetings"])
            if n:
                assert tip["Meetings"].startswith(f"{n} "), (shape, cid, tip)
            else:
                assert tip["Meetings"] == ("none yet" if met_known else "n/a (no meetings recorded)"), (shape, cid)


def test_shared_contact_shows_each_seekers_own_history():
    """Issue 20: on one seeker's map a shared contact showed the other seeker's meetings and thank-yous."""
    contacts = pd.DataFrame({"id": ["s1", "s2", "hub"], "name": ["Sam", "Sue", "Hub"], "is_seeker": ["y", "y", ""]})
    intros = pd.DataFrame(
        {
            "introducer": ["s1", "s2"],
            "introduced": ["hub", "hub"],
            "seeker": ["s1", "s2"],
            "date": ["2026-01-05", "2026-02-01"],
        }
    )
    meetings = pd.DataFrame(
        {
            "contact": ["hub", "hub"],
            "seeker": ["s2", "s2"],
            "date": ["2026-02-05", "2026-02-09"],
            "thank_you_sent": ["2026-02-05", ""],
        }
    )
    net = rg.from_frames(contacts, intros, meetings)
    assert map_facts(net, "s1")["hub"]["Meetings"] == "n/a (no meetings recorded)"
    assert map_facts(net, "s1")["hub"]["Thank-you"] == ""
    sue = map_facts(net, "s2")["hub"]
    assert sue["Meetings"] == "2 (last 2026-02-09)" and sue["Thank-you"] == "1 of 2 sent"
    assert sue["First contact"] == "2026-02-01" and map_facts(net, "s1")["hub"]["First contact"] == "2026-01-05"
