"""brokers, structural_holes, ei_index and top_connectors; closed forms against NetworkX."""

import networkx as nx
import pandas as pd
import pytest

import referralgraph as rg


def undirected(net):
    return nx.Graph(net.graph.to_undirected(as_view=False))


class TestBrokers:
    def test_hand_checked(self, small):
        b = rg.brokers(small, normalized=False).set_index("contact")["betweenness"]
        # Ann splits {me, di}, {bo, ed}, {cy}: ((6-1)^2 - (4 + 4 + 1)) / 2 = 8
        # me splits {di}, {ann, bo, cy, ed}: (25 - 1 - 16) / 2 = 4; Bo likewise 4
        assert b.to_dict() == {"ann": 8.0, "me": 4.0, "bo": 4.0, "cy": 0.0, "di": 0.0, "ed": 0.0}
        assert rg.brokers(small).attrs["method"] == "forest"

    def test_forest_matches_networkx(self, small):
        b = rg.brokers(small).set_index("contact")["betweenness"]
        ref = nx.betweenness_centrality(undirected(small))
        assert b.to_dict() == pytest.approx(ref)

    def test_non_tree_matches_networkx(self, cohort):
        b = rg.brokers(cohort)
        assert b.attrs["method"] == "exact"  # b -> c and the shared hub close a cycle
        assert b.set_index("contact")["betweenness"].to_dict() == pytest.approx(
            nx.betweenness_centrality(undirected(cohort))
        )

    def test_sampled_is_seeded(self, cohort):
        a = rg.brokers(cohort, exact_limit=2, sample_size=3, seed=1)
        assert a.attrs["method"] == "sampled"
        pd.testing.assert_frame_equal(a, rg.brokers(cohort, exact_limit=2, sample_size=3, seed=1))

    def test_one_seeker(self, cohort):
        b = rg.brokers(cohort, seeker="s2", normalized=False).set_index("contact")["betweenness"]
        assert b.to_dict() == {"hub": 1.0, "s2": 0.0, "d": 0.0}

    def test_empty(self, empty, lonely):
        assert rg.brokers(empty).empty
        assert rg.brokers(lonely)["betweenness"].tolist() == [0.0]

    def test_bad_options(self, small):
        with pytest.raises(ValueError, match=r"exact_limit must be an integer >= 1 \(got 0\)"):
            rg.brokers(small, exact_limit=0)
        with pytest.raises(rg.SeekerNotFound):
            rg.brokers(small, seeker="ann")


class TestStructuralHoles:
    def test_forest_closed_form(self, small):
        h = rg.structural_holes(small).set_index("contact")
        # no ties among neighbours: effective size = degree, constraint = 1 / degree
        assert h["degree"].to_dict() == {"ann": 3, "me": 2, "bo": 2, "cy": 1, "di": 1, "ed": 1}
        assert h["constraint"].to_dict() == pytest.approx(
            {"ann": 1 / 3, "me": 0.5, "bo": 0.5, "cy": 1, "di": 1, "ed": 1}
        )
        assert (h["effective_size"] == h["degree"]).all()

    def test_with_triangles_matches_networkx(self):
        contacts = pd.DataFrame({"name": ["Me", "A", "B", "C", "D"], "is_seeker": ["y", "", "", "", ""]})
        intros = pd.DataFrame(
            {
                "introducer": ["Me", "Me", "A", "A", "B", "C"],
                "introduced": ["A", "B", "C", "B", "D", "D"],
                "date": ["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04", "2026-01-05", "2026-01-06"],
            }
        )
        net = rg.from_frames(contacts, intros)
        h = rg.structural_holes(net).set_index("contact")
        G = undirected(net)
        assert h["constraint"].to_dict() == pytest.approx(nx.constraint(G))
        assert h["effective_size"].to_dict() == pytest.approx(nx.effective_size(G))

    def test_isolated_is_nan(self, lonely):
        h = rg.structural_holes(lonely)
        assert h["constraint"].isna().all() and h["effective_size"].isna().all()


class TestEIIndex:
    def test_hand_checked(self, small):
        # by field: Ann-Bo both "data" (internal), Ann-Cy data/design (external); ties to Me or Ed unknown
        f = rg.ei_index(small).iloc[0]
        assert (f["ties"], f["internal"], f["external"], f["ei_index"]) == (2, 1, 1, 0.0)
        # by organization: Ann-Bo Acme (internal), Ann-Cy, Bo-Ed external -> (2 - 1) / 3
        o = rg.ei_index(small, by="organization").iloc[0]
        assert o["ei_index"] == pytest.approx(1 / 3)

    def test_cohort(self, cohort):
        e = rg.ei_index(cohort, by="organization").set_index("seeker")
        assert e["ties"].to_dict() == {"s1": 4, "s2": 1}

    def test_bad_column(self, cohort):
        with pytest.raises(ValueError, match="by must be a column of the contacts table"):
            rg.ei_index(cohort, by="field")

    def test_empty(self, empty):
        assert rg.ei_index(empty, by="name").empty


class TestTopConnectors:
    def test_small(self, small):
        t = rg.top_connectors(small)
        assert t[["rank", "contact", "descendants", "direct_introductions"]].values.tolist() == [
            [1, "ann", 3, 2],
            [2, "bo", 1, 1],
        ]
        assert t["share"].tolist() == pytest.approx([0.6, 0.2])
        assert rg.top_connectors(small, limit=1)["contact"].tolist() == ["ann"]

    def test_per_seeker(self, cohort):
        t = rg.top_connectors(cohort, limit=1)
        assert t[["seeker", "contact"]].values.tolist() == [["s1", "a"], ["s2", "hub"]]

    def test_empty(self, empty, lonely):
        assert rg.top_connectors(empty).empty and rg.top_connectors(lonely).empty

    def test_bad_n(self, small):
        with pytest.raises(ValueError, match=r"limit must be an integer >= 0"):
            rg.top_connectors(small, limit=-2)
