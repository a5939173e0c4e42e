"""reach_by_generation, within and paths_to."""

import pandas as pd
import pytest

import referralgraph as rg


class TestReachByGeneration:
    def test_small(self, small):
        r = rg.reach_by_generation(small)
        assert r.columns.tolist() == ["seeker", "generation", "contacts", "cumulative", "share"]
        assert r["contacts"].tolist() == [2, 2, 1] and r["cumulative"].tolist() == [2, 4, 5]
        assert r["share"].tolist() == pytest.approx([0.4, 0.4, 0.2])

    def test_matches_summary_dicts(self, cohort):
        r = rg.reach_by_generation(cohort)
        s = rg.seeker_summary(cohort).set_index("seeker")["reach_by_generation"]
        for seeker, part in r.groupby("seeker"):
            assert dict(zip(part["generation"], part["contacts"])) == s[seeker]

    def test_as_of(self, small):
        assert rg.reach_by_generation(small, as_of="2026-01-11")["contacts"].tolist() == [2, 1]

    def test_empty(self, empty, lonely):
        assert rg.reach_by_generation(empty).empty and rg.reach_by_generation(lonely).empty


class TestWithin:
    def test_small(self, small):
        assert rg.within(small, 0).empty
        assert sorted(rg.within(small, 1)["contact"]) == ["ann", "di"]
        assert len(rg.within(small, 2)) == 4 and len(rg.within(small, 10)) == 5

    def test_bad_k(self, small):
        with pytest.raises(ValueError, match=r"hops must be an integer >= 0 \(got -1\)"):
            rg.within(small, -1)

    def test_empty(self, empty):
        assert rg.within(empty, 3).empty


class TestPathsTo:
    def test_nearest_and_unreachable(self, small):
        p = rg.paths_to(small, organization=["GLOBEX", "Umbrella"], field="design")
        assert p["target"].tolist() == ["GLOBEX", "Umbrella", "design"]
        # Globex: Cy (generation 2) beats Ed (3)
        assert p.loc[0, "contact"] == "cy" and p.loc[0, "path"] == ["me", "ann", "cy"] and p.loc[0, "length"] == 2
        assert p.loc[0, "candidates"] == 2
        assert not p.loc[1, "reachable"] and p.loc[1, "path"] == [] and pd.isna(p.loc[1, "length"])
        # Design: Di is a direct contact
        assert p.loc[2, "path"] == ["me", "di"] and p.loc[2, "by"] == "field"

    def test_cohort_per_seeker(self, cohort):
        p = rg.paths_to(cohort, organization="beta")
        assert p.set_index("seeker")["path"].to_dict() == {"s1": ["s1", "a", "hub", "c"], "s2": ["s2", "hub", "d"]}

    def test_needs_a_target(self, small):
        with pytest.raises(ValueError, match="paths_to needs a target"):
            rg.paths_to(small)
        with pytest.raises(ValueError, match="organization must be a non-blank string"):
            rg.paths_to(small, organization=[" "])

    def test_missing_column(self, cohort):
        assert not rg.paths_to(cohort, field="data")["reachable"].any()

    def test_empty(self, empty):
        assert rg.paths_to(empty, field="x").empty
