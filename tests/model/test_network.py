"""The model: trees built from tables, the lazy graph, views and immutability."""

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import referralgraph as rg


def cohort_frames():
    contacts = pd.DataFrame(
        {
            "id": ["s1", "s2", "a", "b", "c", "hub", "d"],
            "name": ["Sam", "Sue", "Ann", "Bo", "Cy", "Hub", "Di"],
            "is_seeker": ["yes", "yes", "", "", "", "", ""],
            "organization": [None, None, "Acme", "Acme", "Beta", "Gamma", "Beta"],
        }
    )
    intros = pd.DataFrame(
        {
            "introducer": ["s1", "a", "a", "hub", "s2", "hub", "b"],
            "introduced": ["a", "b", "hub", "c", "hub", "d", "c"],
            "date": ["2026-01-05", "2026-01-10", "2026-01-12", "2026-01-20", "2026-02-01", "2026-02-03", "2026-02-10"],
            "seeker": ["s1", "s1", "s1", "s1", "s2", "s2", "s1"],
            "status": ["met", "introduced", "met", "suggested", "met", "introduced", "introduced"],
        }
    )
    return contacts, intros


class TestTrees:
    def test_generations_and_parents(self):
        contacts, intros = cohort_frames()
        net = rg.from_frames(contacts, intros)
        table = net.tree_table("s1").set_index("contact")
        assert table.loc["s1", "generation"] == 0
        assert table.loc["a", "generation"] == 1
        assert table.loc["hub", "introduced_by"] == "a"
        assert table.loc["c", "generation"] == 3
        # the later b -> c introduction duplicates hub -> c and is kept aside
        assert table.loc["c", "introduced_by"] == "hub"
        dups = net.duplicate_introductions
        assert dups[["introducer", "introduced", "row", "kept_row"]].values.tolist() == [["b", "c", 8, 5]]

    def test_shared_contact_in_two_trees(self):
        net = rg.from_frames(*cohort_frames())
        assert net.seekers == ["s1", "s2"]
        trees = net.tree_table()
        assert set(trees.loc[trees.contact == "hub", "seeker"]) == {"s1", "s2"}
        s2 = net.tree_table("s2").set_index("contact")
        assert s2.loc["hub", "generation"] == 1 and s2.loc["d", "generation"] == 2

    def test_descendants_and_origin(self):
        net = rg.from_frames(*cohort_frames())
        ix = net.index
        frame = (
            net.tree_table("s1")
            .assign(
                descendants=ix.descendants[ix.rows_of(0)],
                children=ix.children[ix.rows_of(0)],
                origin=net.ids.to_numpy()[ix.node[ix.origin[ix.rows_of(0)]]],
            )
            .set_index("contact")
        )
        assert frame.loc["s1", "descendants"] == 4
        assert frame.loc["a", "descendants"] == 3 and frame.loc["a", "children"] == 2
        assert frame.loc["c", "origin"] == "a"

    def test_parent_row_precedes_child(self):
        net = rg.from_frames(*cohort_frames())
        p = net.index.parent
        assert (p[p >= 0] < np.flatnonzero(p >= 0)).all()

    def test_single_seeker_uninvolved_contacts_are_direct(self):
        contacts = pd.DataFrame({"name": ["Me", "Old friend", "Ann"], "is_seeker": [True, False, False]})
        net = rg.from_frames(contacts)
        assert net.tree_table().set_index("contact")["generation"].to_dict() == {"Me": 0, "Ann": 1, "Old friend": 1}

    def test_meeting_makes_status_met(self):
        contacts = pd.DataFrame({"name": ["Me", "Ann", "Bo"], "is_seeker": ["y", "n", "n"]})
        intros = pd.DataFrame({"introducer": ["Ann"], "introduced": ["Bo"], "status": ["suggested"]})
        meetings = pd.DataFrame({"contact": ["Bo"], "date": ["2026-03-01"]})
        net = rg.from_frames(contacts, intros, meetings)
        assert net.tree_table().set_index("contact").loc["Bo", "status"] == "met"
        assert net.graph.edges["Ann", "Bo"]["status"] == "met"


class TestStructuralProblems:
    def test_cycle_is_an_error_naming_rows(self):
        contacts = pd.DataFrame({"name": ["Me", "X", "Y"], "is_seeker": ["yes", "", ""]})
        intros = pd.DataFrame(
            {"introducer": ["X", "Y"], "introduced": ["Y", "X"], "date": ["2026-01-01", "2026-01-02"]}
        )
        with pytest.raises(
            rg.ValidationError,
            match=r"introductions, row 3, column 'introducer': introductions form a "
            r"cycle: X introduced Y \(row 2\), Y introduced X \(row 3\)",
        ):
            rg.from_frames(contacts, intros)
        net = rg.from_frames(contacts, intros, strict=False)
        assert net.tree_table().set_index("contact").loc["X", "generation"] == 1

    def test_back_edge_cycle(self):
        contacts = pd.DataFrame({"name": ["Me", "A", "B", "C"], "is_seeker": ["yes", "", "", ""]})
        intros = pd.DataFrame(
            {
                "introducer": ["A", "B", "C"],
                "introduced": ["B", "C", "B"],
                "date": ["2026-01-01", "2026-01-05", "2026-01-09"],
            }
        )
        with pytest.raises(
            rg.ValidationError, match="row 4, column 'introduced': introductions form a cycle: B -> C -> B"
        ):
            rg.from_frames(contacts, intros)

    def test_self_introduction(self):
        contacts = pd.DataFrame({"name": ["Me", "A"], "is_seeker": ["yes", ""]})
        intros = pd.DataFrame({"introducer": ["A"], "introduced": ["A"]})
        with pytest.raises(
            rg.ValidationError, match="row 2, column 'introduced': introducer and introduced are the same person"
        ):
            rg.from_frames(contacts, intros)

    def test_intro_before_introducer_known_warns(self):
        contacts = pd.DataFrame(
            {"name": ["Me", "A", "B"], "is_seeker": ["yes", "", ""], "first_contact": ["", "2026-02-01", ""]}
        )
        intros = pd.DataFrame({"introducer": ["A"], "introduced": ["B"], "date": ["2026-01-15"]})
        net = rg.from_frames(contacts, intros)
        msg = net.problems.query("severity == 'warning'")["message"].tolist()
        assert any("before the seeker first met 'A' (2026-02-01)" in m for m in msg)

    def test_unlinked_contact_in_cohort_warns(self):
        contacts, intros = cohort_frames()
        contacts = pd.concat([contacts, pd.DataFrame({"id": ["lost"], "name": ["Lost"]})], ignore_index=True)
        net = rg.from_frames(contacts, intros)
        row = net.problems.query("message.str.contains('lost')", engine="python").iloc[0]
        assert (row["file"], row["row"], row["severity"]) == ("contacts", 9, "warning")
        assert "lost" in net.ids


class TestGraph:
    def test_graph_is_lazy_cached_and_frozen(self):
        net = rg.from_frames(*cohort_frames())
        assert "_graph" not in net.__dict__
        G = net.graph
        assert G is net.graph
        assert nx.is_frozen(G)
        with pytest.raises(nx.NetworkXError):
            G.add_node("x")
        H = nx.DiGraph(G)
        H.add_node("x")
        assert "x" not in net.graph

    def test_graph_attributes(self):
        net = rg.from_frames(*cohort_frames())
        G = net.graph
        assert G.nodes["a"]["organization"] == "Acme"
        assert "organization" not in G.nodes["s1"]  # missing values are left out
        assert G.edges["a", "hub"]["seekers"] == ("s1",)
        assert G.edges["s1", "a"]["kind"] == "direct"
        assert G.edges["a", "b"]["date"] == pd.Timestamp("2026-01-10")

    def test_tree_graph(self):
        net = rg.from_frames(*cohort_frames())
        T = net.tree("s2")
        assert sorted(T.nodes) == ["d", "hub", "s2"]
        assert T.nodes["d"]["generation"] == 2 and nx.is_arborescence(T)


class TestLookups:
    def test_contact_not_found(self):
        net = rg.from_frames(*cohort_frames())
        with pytest.raises(rg.ContactNotFound, match="contact 'zed' is not in the network"):
            net.contact("zed")

    def test_seeker_required_in_cohort(self):
        net = rg.from_frames(*cohort_frames())
        with pytest.raises(rg.SeekerNotFound, match="the network has 2 seekers"):
            net.tree()
        with pytest.raises(rg.SeekerNotFound, match="'a' is a contact but not a seeker"):
            net.tree("a")


class TestImmutability:
    def test_inputs_untouched(self):
        contacts, intros = cohort_frames()
        before = (contacts.copy(deep=True), intros.copy(deep=True))
        net = rg.from_frames(contacts, intros)
        pd.testing.assert_frame_equal(contacts, before[0])
        pd.testing.assert_frame_equal(intros, before[1])
        table = net.contacts
        table.loc[0, "name"] = "changed"
        assert net.contacts.loc[0, "name"] == "Sam"


class TestEmpty:
    def test_empty_network(self):
        net = rg.from_frames(pd.DataFrame({"name": []}))
        assert len(net) == 0 and net.seekers == [] and len(net.index) == 0
        assert net.graph.number_of_nodes() == 0
        assert net.tree_table().empty

    def test_seeker_with_no_contacts(self):
        net = rg.from_frames(pd.DataFrame({"name": ["Me"], "is_seeker": ["yes"]}))
        assert net.tree_table()["generation"].tolist() == [0]
        assert net.index.descendants.tolist() == [0]
