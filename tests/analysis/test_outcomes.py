"""funnel and outcome_credit against hand-computed chains (issue 24)."""

import math

import numpy as np
import pandas as pd
import pytest

import referralgraph as rg
from referralgraph.analysis.outcomes import FUNNEL_STEPS, funnel_columns


def tables():
    """Two seekers. s1: s1->A->B->C, s1->D; s2: s2->E->C (C shared). X is in no tree."""
    contacts = pd.DataFrame(
        {
            "id": ["s1", "s2", "A", "B", "C", "D", "E", "X"],
            "name": ["Sam One", "Sue Two", "Ada", "Ben", "Cy", "Dee", "Eve", "Xan"],
            "organization": ["", "", "Uni", "Fernway", "Fernway", "Kite", "Kite", "Acme"],
            "source": ["", "", "alumni", "referral", "referral", "event", "alumni", "linkedin"],
            "is_seeker": ["yes", "yes", "", "", "", "", "", ""],
        }
    )
    intros = pd.DataFrame(
        {
            "introducer": ["s1", "A", "B", "s1", "s2", "E"],
            "introduced": ["A", "B", "C", "D", "E", "C"],
            "date": ["2026-03-01", "2026-03-04", "2026-03-12", "2026-03-02", "2026-03-03", "2026-03-08"],
            "seeker": ["s1", "s1", "s1", "s1", "s2", "s2"],
        }
    )
    meetings = pd.DataFrame(
        {
            "contact": ["A", "B", "C", "D", "E", "C"],
            "date": ["2026-03-01", "2026-03-10", "2026-03-20", "2026-03-02", "2026-03-05", "2026-03-15"],
            "seeker": ["s1", "s1", "s1", "s1", "s2", "s2"],
            "asked_for_introductions": ["yes", "yes", "no", "no", "yes", "no"],
        }
    )
    opp = pd.DataFrame(
        [
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
        ],
        columns=["opportunity", "contact", "organization", "role", "stage", "date", "seeker"],
    )
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
        assert got == {
            ("s1", "fern-pa", "A"): third,
            ("s1", "fern-pa", "B"): third,
            ("s1", "fern-pa", "C"): third,
            ("s2", "kite-ux", "E"): 0.5,
            ("s2", "kite-ux", "C"): 0.5,
            ("s1", "direct-job", "D"): 1.0,
            ("s1", "backwards", "A"): 0.5,
            ("s1", "backwards", "B"): 0.5,
        }

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
        assert dict(zip(gen["generation"], gen["credit"].round(6))) == {
            1: round(1 / 3 + 0.5 + 1 + 0.5, 6),
            2: round(1 / 3 + 0.5 + 0.5, 6),
            3: round(1 / 3, 6),
        }
        depth = rg.outcome_credit(net, by="chain_length")
        assert dict(zip(depth["chain_length"], depth["credit"])) == {3: 1.0, 2: 2.0, 1: 1.0}
        org = rg.outcome_credit(net, by="organization", stage="offer")
        assert dict(zip(org["organization"], org["credit"].round(6))) == {
            "Fernway": round(2 / 3, 6),
            "Uni": round(1 / 3, 6),
        }

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
        fun = rg.funnel(net, replicates=50).set_index("seeker", drop=False)
        steps = list(FUNNEL_STEPS)
        assert fun.loc["s1", steps].tolist() == [4, 2, 2, 2, 1, 4, 4, 1, 0]
        assert fun.loc["s2", steps].tolist() == [2, 1, 1, 1, 1, 1, 1, 0, 0]
        whole = fun[fun["seeker"].isna()]
        assert len(fun) == 3 and whole[steps].iloc[0].tolist() == [6, 3, 3, 3, 2, 5, 5, 1, 0]
        assert list(fun.columns) == funnel_columns()
        assert fun["interviews"].dtype == "Int64"

    def test_long_form_is_the_same_numbers(self, net):
        wide = rg.funnel(net, replicates=50, seed=3)
        long = rg.funnel(net, replicates=50, seed=3, long=True)
        assert list(long.columns) == [
            "seeker",
            "step",
            "label",
            "count",
            "conversion",
            "low",
            "high",
            "median_days",
            "days_n",
        ]
        assert len(long) == 3 * len(FUNNEL_STEPS)
        for (who, step), row in long.set_index(["seeker", "step"]).iterrows():
            w = wide[wide["seeker"].isna()] if who is pd.NA else wide[wide["seeker"] == who]
            w = w.iloc[0]
            assert (row["count"] is pd.NA and w[step] is pd.NA) or row["count"] == w[step]
            if step != "conversations":
                for a, b in (
                    ("conversion", "_conversion"),
                    ("low", "_conversion_low"),
                    ("high", "_conversion_high"),
                    ("median_days", "_median_days"),
                ):
                    assert row[a] == pytest.approx(w[step + b], nan_ok=True)
                assert row["days_n"] == w[step + "_days_n"]
        with pytest.raises(rg.ArgumentTypeError, match="long must be True or False"):
            rg.funnel(net, long="yes")

    def test_conversion_and_days(self, net):
        fun = rg.funnel(net, replicates=50).set_index("seeker")
        assert fun.loc["s1", "applications_conversion"] == 4.0
        assert fun.loc["s1", "offers_conversion"] == 0.25
        # applied -> interview: fern-pa 7, direct-job 7, orphan 0 and backwards 0 (interview implies applied)
        assert fun.loc["s1", "interviews_median_days"] == 3.5
        assert fun.loc["s1", "applications_median_days"] == 2.0  # fern-pa: referred 04-01, applied 04-03
        assert fun.loc["s1", "interviews_days_n"] == 4
        assert "conversations_conversion" not in fun.columns

    def test_intervals_bracket(self, net):
        fun = rg.funnel(net, replicates=200, long=True)
        ok = fun["low"].notna()
        assert ok.any()
        assert (fun.loc[ok, "low"] <= fun.loc[ok, "conversion"] + 1e-9).all()
        assert (fun.loc[ok, "high"] >= fun.loc[ok, "conversion"] - 1e-9).all()

    def test_not_recorded_is_missing_never_zero(self):
        tables = rg.demo_tables()
        del tables["opportunities"]
        fun = rg.funnel(rg.from_frames(**tables), replicates=20)
        maya = fun.set_index("seeker").loc["maya"]
        assert maya["conversations"] == 74
        for step in ("referrals", "applications", "interviews", "offers", "accepted"):
            assert maya[step] is pd.NA
            assert pd.isna(maya[f"{step}_conversion"]) and pd.isna(maya[f"{step}_conversion_low"])
            assert pd.isna(maya[f"{step}_median_days"])

    def test_skipped_step_is_missing(self):
        contacts, intros, meetings, opp = tables()
        opp = opp[opp["stage"].str.lower() != "referred"]
        opp = opp[opp["stage"] != "referral"]
        fun = rg.funnel(rg.from_frames(contacts, intros, meetings, opp, strict=False), replicates=10)
        assert fun["referrals"].isna().all()  # applications recorded, referrals not
        assert fun["applications"].notna().all()

    def test_one_seeker(self, net):
        fun = rg.funnel(net, seeker="s2", replicates=20)
        assert fun["seeker"].tolist() == ["s2"]
        assert len(rg.funnel(net, seeker="s2", replicates=20, long=True)) == 9
        with pytest.raises(rg.SeekerNotFound):
            rg.funnel(net, seeker="nobody")

    def test_empty(self, empty):
        fun = rg.funnel(empty, replicates=10)
        assert len(fun) == 1 and fun["seeker"].isna().all()
        assert fun["conversations"].iloc[0] == 0 or fun["conversations"].isna().iloc[0]
        assert fun[[c for c in fun.columns if c.endswith("_conversion")]].isna().all().all()

    def test_does_not_change_input(self, net):
        before = net.opportunities
        rg.funnel(net, replicates=10)
        rg.outcome_credit(net)
        pd.testing.assert_frame_equal(before, net.opportunities)


class TestSharedDrawBootstrap:
    """The funnel's bootstrap against a direct one written with Python loops, on the same random stream."""

    @staticmethod
    def direct(tree, values, T, R, seed, alpha):
        rng = np.random.default_rng(seed)
        count = np.bincount(tree, minlength=T)
        start = np.concatenate([[0], np.cumsum(count)[:-1]])
        per_seeker = {}
        network = np.zeros((values.shape[1], R))
        for n in sorted(set(count[count > 0].tolist())):
            members = [t for t in range(T) if count[t] == n]  # one chunk: few seekers
            idx = rng.integers(0, n, size=(R, n), dtype=np.int64)
            offsets = rng.permutation(R)[: len(members)]
            for t, o in zip(members, offsets):
                sums = np.array([values[start[t] + idx[r]].sum(axis=0) for r in range(R)])  # (R, K)
                per_seeker[t] = sums
                for r in range(R):
                    network[:, r] += sums[(r + o) % R]

        def interval(sums):  # sums (R, K): ratio of each column over the one before
            with np.errstate(divide="ignore", invalid="ignore"):
                rat = np.where(sums[:, :-1] > 0, sums[:, 1:] / sums[:, :-1], np.nan)
            return [
                np.nanquantile(rat[:, j], [alpha, 1 - alpha]) if np.isfinite(rat[:, j]).any() else (np.nan, np.nan)
                for j in range(rat.shape[1])
            ]

        out = {t: interval(s) for t, s in per_seeker.items()}
        out[T] = interval(network.T)
        return out

    def test_equal_to_direct(self):
        from referralgraph.analysis.bootstrap import _intervals_by_size

        rng = np.random.default_rng(5)
        sizes = [3, 5, 3, 1, 5, 3]  # seekers 0, 2, 5 share one matrix of draws; 1 and 4 another
        tree = np.repeat(np.arange(len(sizes)), sizes)
        values = rng.integers(0, 4, size=(len(tree), 4)).astype(float)
        values[tree == 3, 1] = 0  # a seeker whose ratio is never defined
        R = 200
        low, high = _intervals_by_size(tree, values, len(sizes), R, 7, 0.025, (np.arange(1, 4), np.arange(3)))
        want = self.direct(tree, values, len(sizes), R, 7, 0.025)
        for t in range(len(sizes) + 1):
            for j in range(3):
                assert low[t, j] == pytest.approx(want[t][j][0], nan_ok=True, rel=1e-6)
                assert high[t, j] == pytest.approx(want[t][j][1], nan_ok=True, rel=1e-6)
        assert np.isnan(low[3, 1]) and np.isnan(high[3, 1])  # x / 0 in every replicate: no interval
        assert np.isfinite(low[len(sizes)]).all()
