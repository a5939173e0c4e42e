"""The shipped demo network: loads cleanly and tells the story the docs promise."""

import numpy as np
import pandas as pd
import pytest

import referralgraph as rg


@pytest.fixture(scope="module")
def net():
    return rg.demo()


class TestDemo:
    def test_loads_without_problems(self, net):
        assert net.problems.empty
        assert net.duplicate_introductions.empty

    def test_one_seeker_maya(self, net):
        assert net.seekers == ["maya"]
        assert net.contact("maya")["name"] == "Maya Chen"

    def test_size(self, net):
        assert 80 <= len(net) - 1 <= 100
        assert (len(net), len(net.introductions), len(net.meetings)) == (86, 85, 74)

    def test_depth_of_best_branch(self, net):
        table = net.tree_table().set_index("contact")
        assert table["generation"].max() >= 6
        # the best branch, hand-checked: priya-k -> ... -> helen-t
        chain, node = [], "helen-t"
        while node != "maya":
            chain.append(node)
            node = table.loc[node, "introduced_by"]
        assert chain[::-1] == ["priya-k", "marcus-o", "elena-r", "jamal-h", "nina-s", "grace-l", "omar-f", "helen-t"]

    def test_every_status(self, net):
        counts = net.introductions["status"].value_counts().to_dict()
        assert counts == {"met": 67, "introduced": 10, "suggested": 8}
        tree = net.tree_table()
        # only leaves are not met: nobody unmet introduced anyone
        unmet = set(tree.loc[tree["status"].isin(["introduced", "suggested"]), "contact"])
        assert not unmet & set(tree["introduced_by"].dropna())

    def test_direct_sources(self, net):
        direct = net.introductions.query("introducer == 'maya'")["introduced"]
        sources = set(net.contacts.set_index("id").loc[direct, "source"])
        assert sources == {"alumni", "event", "cold-email", "linkedin", "existing"}

    def test_fields_and_organizations(self, net):
        contacts = net.contacts
        assert contacts["field"].nunique() >= 6
        assert {"UX research", "product management", "data science", "design", "engineering", "recruiting"} <= set(
            contacts["field"]
        )
        assert contacts["organization"].nunique() >= 20

    def test_thank_you_timings(self, net):
        m = net.meetings
        hours = (m["thank_you_sent"] - m["date"]).dt.total_seconds() / 3600
        assert (hours <= 24).sum() == 58
        assert ((hours >= 30) & (hours <= 90)).sum() == 10
        assert hours.isna().sum() == 6
        assert (hours.dropna() > 0).all()

    def test_meeting_columns(self, net):
        m = net.meetings
        assert set(m["kind"]) == {"informational-interview", "call", "coffee", "event"}
        assert m["asked_for_introductions"].sum() > (~m["asked_for_introductions"]).sum()
        assert m["questions_prepared"].mean() > 0.9
        assert m["handwritten_note"].sum() == 8 and m["handwritten_note_date"].notna().sum() == 4
        assert (m["date"].dt.hour > 0).all()  # every conversation has a time

    def test_dates_increase_down_branches(self, net):
        ix = net.index
        child = np.flatnonzero(ix.generation >= 2)
        assert (ix.date[child] >= ix.date[ix.parent[child]]).all()
        assert ix.date[ix.generation >= 1].min() >= np.datetime64("2026-06-01")
        assert net.meetings["date"].max() <= pd.Timestamp("2026-09-30 23:59")

    def test_introduction_after_introducers_first_meeting(self, net):
        intro = net.introductions.query("introducer != 'maya'")
        first = net.meetings.groupby("contact")["date"].min().dt.normalize()
        assert (intro["date"].to_numpy() >= first.reindex(intro["introducer"]).to_numpy()).all()

    def test_csv_quoting_round_trip(self, net):
        note = net.contact("marcus-o")["notes"]
        assert '"' in note and "," in note


class TestDemoTables:
    def test_raw_tables(self):
        tables = rg.demo_tables()
        assert list(tables) == ["contacts", "introductions", "meetings", "opportunities"]
        assert tables["contacts"].columns.tolist() == [
            "id",
            "name",
            "organization",
            "role",
            "field",
            "email",
            "linkedin",
            "first_contact",
            "source",
            "tags",
            "notes",
            "is_seeker",
        ]
        assert tables["meetings"]["date"].iloc[0] == "2026-06-05 14:00"

    def test_same_network_as_demo(self):
        assert rg.from_frames(**rg.demo_tables()).equals(rg.demo())

    def test_fresh_copies(self):
        first = rg.demo_tables()
        first["contacts"].loc[0, "name"] = "changed"
        assert rg.demo_tables()["contacts"].loc[0, "name"] == "Maya Chen"
