"""funnel and outcome_credit against hand-computed chains (issue 24)."""

import math

import numpy as np
import pandas as pd
import pytest

import referralgraph as rg


def tables():
    """Two seekers. s1: s1->A->B->C, s1->D; s2: s2->E->C (C shared). X is in no tree."""
    contacts = pd.DataFrame({
        "id": ["s1", "s2", "A", "B", "C", "D", "E", "X"],
        "name": ["Sam One", "Sue Two", "Ada", "Ben", "Cy", "Dee", "Eve", "Xan"],
        "organization": ["", "", "Uni", "Fernway", "Fernway", "Kite", "Kite", "Acme"],
        "source": ["", "", "alumni", "referral", "referral", "event", "alumni", "linkedin"],
        "is_seeker": ["yes", "yes", "", "", "", "", "", ""],
    })
    intros = pd.DataFrame({
        "introducer": ["s1", "A", "B", "s1", "s2", "E"],
        "introduced": ["A", "B", "C", "D", "E", "C"],
        "date": ["2026-03-01", "2026-03-04", "2026-03-12", "2026-03-02", "2026-03-03", "2026-03-08"],
        "seeker": ["s1", "s1", "s1", "s1", "s2", "s2"],
    })
    meetings = pd.DataFrame({
        "contact": ["A", "B", "C", "D", "E", "C"],
        "date": ["2026-03-01", "2026-03-10", "2026-03-20", "2026-03-02", "2026-03-05", "2026-03-15"],
        "seeker": ["s1", "s1", "s1", "s1", "s2", "s2"],
        "asked_for_introductions": ["yes", "yes", "no", "no", "yes", "no"],
    })
    opp = pd.DataFrame([
        ("fern-pa", "C", "Fernway", "product analyst", "referred", "2026-04-01", "s1"),
        ("fern-pa", "C", "Fernway", "product analyst", "applied", "2026-04-03", "s1"),
        ("fern-pa", "C", "Fernway", "product analyst", "Interview", "2026-04-10", "s1"),
        ("fern-pa", "C", "Fernway", "product analyst", "offer", "2026-04-20", "s1"),
        ("kite-ux", "C", "Kite", "UX researcher", "referral", "2026-04-02", "s2"),
        ("kite-ux", "C", "Kite", "UX researcher", "phone screen", "2026-04-15", "s2"),
        ("direct-job", "D", "Kite", "analyst", "applied", "2026-04-05", "s1"),
        ("direct-job", "D", "Kite", "analyst", "interview", "2026-04-12", "s1"),
        ("orphan", "X", "Acme", "analyst", "interview", "2026-04-08", "s1"),
        ("backwards", "B", "Fernway", "data analyst", "interview", "2026-04-09", "s1"),
        ("backwards", "B", "Fernway", "data analyst", "applied", "2026-04-11", "s1"),
    ], columns=["opportunity", "contact", "organization", "role", "stage", "date", "seeker"])
    return contacts, intros, meetings, opp


@pytest.fixture(scope="module")
def net():
    return rg.from_frames(*tables(), strict=False)


def credit_of(frame):
    return {(r.seeker, r.opportunity, r.contact): round(r.credit, 6) for r in frame.itertuples()}


class TestOutcomeCredit:
    def test_even(self, net):
        got = credit_of(rg.outcome_credit(net, model="even"))
        third = round(1 / 3, 6)
        assert got == {("s1", "fern-pa", "A"): third, ("s1", "fern-pa", "B"): third, ("s1", "fern-pa", "C"): third,
                       ("s2", "kite-ux", "E"): 0.5, ("s2", "kite-ux", "C"): 0.5,
                       ("s1", "direct-job", "D"): 1.0,
                       ("s1", "backwards", "A"): 0.5, ("s1", "backwards", "B"): 0.5}

    def test_position_first_last(self, net):
        pos = credit_of(rg.outcome_credit(net, model="position"))
        assert pos[("s1", "fern-pa", "A")] == 0.4 and pos[("s1", "fern-pa", "B")] == 0.2
        assert pos[("s1", "fern-pa", "C")] == 0.4 and pos[("s2", "kite-ux", "E")] == 0.5
        first = rg.outcome_credit(net, model="first", by="first_contact")
        assert dict(zip(first["first_contact"], first["credit"])) == {"A": 2.0, "D": 1.0, "E": 1.0}
        last = rg.outcome_credit(net, model="last", by="contact")
        assert dict(zip(last["contact"], last["credit"])) == {"C": 2.0, "B": 1.0, "D": 1.0}
        assert last.set_index("contact").loc["C", "people"] == 1  # one person, two seekers' chains

    @pytest.mark.parametrize("model", ["first", "last", "even", "position"])
    def test_sums_to_one_per_opportunity(self, net, model):
        frame = rg.outcome_credit(net, model=model)
        sums = frame.groupby(["seeker", "opportunity"])["credit"].sum()
        assert np.allclose(sums, 1.0) and len(sums) == 4
        assert frame.attrs["unattributed"] == 1  # 'orphan' came through X, who is in no tree

    def test_shared_contact_uses_each_seekers_chain(self, net):
        frame = rg.outcome_credit(net)
        chains = frame.groupby(["seeker", "opportunity"])["contact"].agg(list).to_dict()
        assert chains[("s1", "fern-pa")] == ["A", "B", "C"]
        assert chains[("s2", "kite-ux")] == ["E", "C"]
        assert frame.loc[frame["opportunity"] == "kite-ux", "generation"].tolist() == [1, 2]

    def test_backwards_counts_furthest_stage(self, net):
        frame = rg.outcome_credit(net, stage="interview")
        row = frame[frame["opportunity"] == "backwards"].iloc[0]
        assert row["stage"] == "interview" and row["date"] == pd.Timestamp("2026-04-09")
        assert "backwards" not in set(rg.outcome_credit(net, stage="offer")["opportunity"])

    def test_by_groupings(self, net):
        by_source = rg.outcome_credit(net, by="source")
        assert math.isclose(by_source["credit"].sum(), 4.0)
        assert dict(zip(by_source["source"], by_source["credit"].round(6))) == {"alumni": 3.0, "event": 1.0}
        gen = rg.outcome_credit(net, by="generation")
        assert dict(zip(gen["generation"], gen["credit"].round(6))) == {1: round(1 / 3 + 0.5 + 1 + 0.5, 6),
                                                                         2: round(1 / 3 + 0.5 + 0.5, 6),
                                                                         3: round(1 / 3, 6)}
        depth = rg.outcome_credit(net, by="chain_length")
        assert dict(zip(depth["chain_length"], depth["credit"])) == {3: 1.0, 2: 2.0, 1: 1.0}
        org = rg.outcome_credit(net, by="organization", stage="offer")
        assert dict(zip(org["organization"], org["credit"].round(6))) == {"Fernway": round(2 / 3, 6), "Uni": round(1 / 3, 6)}

    def test_one_seeker_and_as_of(self, net):
        assert set(rg.outcome_credit(net, seeker="s2")["opportunity"]) == {"kite-ux"}
        early = rg.outcome_credit(net, as_of="2026-04-09")
        assert set(early["opportunity"]) == {"backwards"}  # fern-pa's interview is on 04-10

    def test_matches_networkx_paths(self, net):
        import networkx as nx
        frame = rg.outcome_credit(net, model="even")
        for (seeker, opp), group in frame.groupby(["seeker", "opportunity"]):
            target = group["contact"].iloc[-1]
            path = nx.shortest_path(net.tree(seeker), seeker, target)[1:]
            assert group["contact"].tolist() == path

    def test_empty_and_errors(self, net):
        empty = rg.outcome_credit(rg.demo(), stage="accepted")
        assert empty.empty and list(empty.columns)[:3] == ["seeker", "opportunity", "opportunity_organization"]
        with pytest.raises(rg.OptionError, match="stage must be one of"):
            rg.outcome_credit(net, stage="hired")
        with pytest.raises(rg.OptionError, match="model must be one of"):
            rg.outcome_credit(net, model="linear")
        with pytest.raises(rg.OptionError, match="by must be one of"):
            rg.outcome_credit(net, by="city")
        with pytest.raises(rg.SeekerNotFound):
            rg.outcome_credit(net, seeker="A")


class TestFunnel:
    def test_counts_by_hand(self, net):
        fun = rg.funnel(net, replicates=50)
        s1 = fun[fun["seeker"] == "s1"].set_index("step")["count"].tolist()
        s2 = fun[fun["seeker"] == "s2"].set_index("step")["count"].tolist()
        assert s1 == [4, 2, 2, 2, 1, 4, 4, 1, 0]
        assert s2 == [2, 1, 1, 1, 1, 1, 1, 0, 0]
        whole = fun[fun["seeker"].isna()]["count"].tolist()
        assert whole == [6, 3, 3, 3, 2, 5, 5, 1, 0]

    def test_conversion_and_days(self, net):
        fun = rg.funnel(net, replicates=50).set_index(["seeker", "step"])
        assert fun.loc[("s1", "applications"), "conversion"] == 4.0
        assert fun.loc[("s1", "offers"), "conversion"] == 0.25
        # applied -> interview: fern-pa 7, direct-job 7, orphan 0 and backwards 0 (interview implies applied)
        assert fun.loc[("s1", "interviews"), "median_days"] == 3.5
        assert fun.loc[("s1", "applications"), "median_days"] == 2.0  # fern-pa: referred 04-01, applied 04-03
        assert math.isnan(fun.loc[("s1", "conversations"), "conversion"])

    def test_intervals_bracket(self, net):
        fun = rg.funnel(net, replicates=200)
        ok = fun["low"].notna()
        assert ok.any()
        assert (fun.loc[ok, "low"] <= fun.loc[ok, "conversion"] + 1e-9).all()
        assert (fun.loc[ok, "high"] >= fun.loc[ok, "conversion"] - 1e-9).all()

    def test_not_recorded_is_missing_never_zero(self):
        tables = rg.demo_tables()
        del tables["opportunities"]
        fun = rg.funnel(rg.from_frames(**tables), replicates=20)
        maya = fun[fun["seeker"] == "maya"].set_index("step")
        assert maya.loc["conversations", "count"] == 74
        for step in ("referrals", "applications", "interviews", "offers", "accepted"):
            assert maya.loc[step, "count"] is pd.NA
            assert math.isnan(maya.loc[step, "conversion"])

    def test_skipped_step_is_missing(self):
        contacts, intros, meetings, opp = tables()
        opp = opp[opp["stage"].str.lower() != "referred"]
        opp = opp[opp["stage"] != "referral"]
        fun = rg.funnel(rg.from_frames(contacts, intros, meetings, opp, strict=False), replicates=10)
        assert fun[fun["step"] == "referrals"]["count"].isna().all()  # applications recorded, referrals not

    def test_one_seeker(self, net):
        fun = rg.funnel(net, seeker="s2", replicates=20)
        assert set(fun["seeker"]) == {"s2"} and len(fun) == 9
        with pytest.raises(rg.SeekerNotFound):
            rg.funnel(net, seeker="nobody")

    def test_empty(self, empty):
        fun = rg.funnel(empty, replicates=10)
        assert fun["count"].iloc[0] == 0 or fun["count"].isna().iloc[0]
        assert fun["conversion"].isna().all()

    def test_does_not_change_input(self, net):
        before = net.opportunities
        rg.funnel(net, replicates=10)
        rg.outcome_credit(net)
        pd.testing.assert_frame_equal(before, net.opportunities)
