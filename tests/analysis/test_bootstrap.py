"""Tree-bootstrap intervals, against a direct bootstrap written with NetworkX and Python loops."""

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import referralgraph as rg
from referralgraph.exceptions import OptionError, SeekerNotFound


def direct_branch_sums(net, seeker):
    """Per first contact (in tree order): (intros by asked, asks, introduced met, introduced, prompt thanks,
    met with a meeting, children of met, met) summed over the branch, from the tables."""
    T = net.tree(seeker)
    meetings = net.meetings
    meetings = meetings[meetings["seeker"] == seeker]
    intros = net.introductions
    intros = intros[intros["seeker"] == seeker]
    asked_people = set(meetings.loc[meetings["asked_for_introductions"].fillna(False).astype(bool), "contact"])
    order = net.tree_table(seeker)
    firsts = order.loc[order["generation"] == 1, "contact"].tolist()
    out = []
    for b in firsts:
        people = {b} | nx.descendants(T, b)
        asks = sum(meetings.loc[meetings["asked_for_introductions"].fillna(False).astype(bool), "contact"].isin(people))
        by_asked = sum(intros["introducer"].isin(people & asked_people))
        gen2 = [p for p in people if T.nodes[p]["generation"] >= 2]
        met = [p for p in people if T.nodes[p].get("generation", 0) >= 1 and _status(net, seeker, p) == "met"]
        gen2_met = [p for p in gen2 if p in met]
        prompt = have = 0
        for p in people:
            m = meetings[meetings["contact"] == p].sort_values("date", kind="stable")
            if len(m) and m["date"].notna().any():
                have += 1
                first = m.iloc[0]
                t = first["thank_you_sent"]
                if pd.notna(t) and (t - first["date"]) <= pd.Timedelta(hours=24):
                    prompt += 1
        children = sum(T.out_degree(p) for p in met)
        out.append([by_asked, asks, len(gen2_met), len(gen2), prompt, have, children, len(met)])
    return np.array(out, dtype=float)


def _status(net, seeker, person):
    tt = net.tree_table(seeker)
    return tt.loc[tt["contact"] == person, "status"].iat[0]


def direct_intervals(sums, replicates, seed, level=0.95):
    rng = np.random.default_rng(seed)
    B = len(sums)
    u = rng.random((replicates, B), dtype=np.float32)
    draws = np.minimum((u * np.float32(B)).astype(np.int64), B - 1)
    out = []
    for k in range(4):
        reps = []
        for r in range(replicates):
            pick = [int(draws[r, j]) for j in range(B)]
            num, den = sums[pick, 2 * k].sum(), sums[pick, 2 * k + 1].sum()
            reps.append(num / den if den > 0 else np.nan)
        reps = np.array(reps)
        a = (1 - level) / 2
        out.append((sums[:, 2 * k].sum() / sums[:, 2 * k + 1].sum(), *np.nanquantile(reps, [a, 1 - a])))
    return out


class TestRateIntervals:
    def test_against_direct_bootstrap(self, small):
        iv = rg.rate_intervals(small, replicates=300, seed=4)
        sums = direct_branch_sums(small, "me")
        expected = direct_intervals(sums, 300, 4)
        mine = iv[iv["seeker"] == "me"]
        assert mine["rate"].tolist() == list(rg.analysis.bootstrap.RATES)
        for (value, low, high), row in zip(expected, mine.itertuples()):
            assert row.value == pytest.approx(value)
            assert row.low == pytest.approx(low) and row.high == pytest.approx(high)

    def test_demo_against_direct_bootstrap(self):
        net = rg.demo()
        iv = rg.rate_intervals(net, replicates=200, seed=1)
        expected = direct_intervals(direct_branch_sums(net, "maya"), 200, 1)
        for (value, low, high), row in zip(expected, iv[iv["seeker"] == "maya"].itertuples()):
            assert (row.value, row.low, row.high) == pytest.approx((value, low, high))

    def test_values_equal_the_summary(self):
        net = rg.synthetic_cohort(n_seekers=4, n_contacts=600, seed=2)
        iv = rg.rate_intervals(net, replicates=50)
        s = rg.seeker_summary(net).set_index("seeker")
        for rate, col in (
            ("introductions_per_ask", "introductions_per_ask"),
            ("suggested_to_met_rate", "suggested_to_met_rate"),
            ("thank_you_24h_rate", "thank_you_24h_rate"),
            ("offspring_mean", "branching_factor"),
        ):
            got = iv[(iv["rate"] == rate) & iv["seeker"].notna()].set_index("seeker")["value"]
            assert np.allclose(got.to_numpy(dtype=float), s.loc[got.index, col].to_numpy(dtype=float), equal_nan=True)

    def test_interval_brackets_the_value(self):
        net = rg.synthetic_cohort(n_seekers=3, n_contacts=1500, seed=5)
        iv = rg.rate_intervals(net, replicates=400)
        ok = iv["low"].notna()
        assert ok.all()
        assert ((iv["low"] <= iv["value"] + 1e-9) & (iv["value"] <= iv["high"] + 1e-9)).all()
        wide = iv.set_index(["seeker", "rate"])
        # the pooled network interval is narrower than one seeker's
        net_w = wide.xs("offspring_mean", level="rate")
        assert (net_w["high"] - net_w["low"]).iloc[-1] < (net_w["high"] - net_w["low"]).iloc[0]

    def test_network_rows_pool_seekers(self, cohort):
        iv = rg.rate_intervals(cohort, replicates=50)
        assert iv["seeker"].isna().sum() == 4 and iv["seeker"].dropna().unique().tolist() == ["s1", "s2"]
        net_rows = iv[iv["seeker"].isna()].set_index("rate")
        per = iv[iv["seeker"].notna()]
        assert net_rows.loc["suggested_to_met_rate", "n"] == per[per["rate"] == "suggested_to_met_rate"]["n"].sum()

    def test_reproducible(self, small):
        a = rg.rate_intervals(small, replicates=100, seed=7)
        b = rg.rate_intervals(small, replicates=100, seed=7)
        pd.testing.assert_frame_equal(a, b)

    def test_unknown_is_nan(self, cohort):
        # no meetings: asks and thank-yous are not recorded; nobody is met
        iv = rg.rate_intervals(cohort, replicates=20).set_index(["seeker", "rate"])
        s1 = iv.loc["s1"]
        assert np.isnan(s1.loc["introductions_per_ask", "value"]) and np.isnan(s1.loc["thank_you_24h_rate", "value"])
        assert s1.loc["introductions_per_ask", "n"] == 0

    def test_single_branch_has_no_interval(self):
        net = rg.from_frames(
            pd.DataFrame({"name": ["Me", "Ann", "Bo"], "is_seeker": ["y", "", ""]}),
            pd.DataFrame({"introducer": ["Ann"], "introduced": ["Bo"], "status": ["met"]}),
        )
        iv = rg.rate_intervals(net, replicates=20, seeker="Me").set_index("rate")
        assert iv.loc["suggested_to_met_rate", "value"] == 1.0
        assert np.isnan(iv.loc["suggested_to_met_rate", "low"]) and iv.loc["suggested_to_met_rate", "branches"] == 1

    def test_empty_and_lonely(self, lonely, empty):
        iv = rg.rate_intervals(lonely, replicates=10)
        assert len(iv) == 8 and iv["value"].isna().all() and (iv["branches"] == 0).all()
        assert len(rg.rate_intervals(empty, replicates=10)) == 4

    def test_one_seeker_option(self, cohort):
        iv = rg.rate_intervals(cohort, seeker="s2", replicates=10)
        assert iv["seeker"].unique().tolist() == ["s2"] and len(iv) == 4
        with pytest.raises(SeekerNotFound):
            rg.rate_intervals(cohort, seeker="hub")

    @pytest.mark.parametrize(
        "kwargs, match",
        [
            ({"replicates": 0}, "replicates must be an integer >= 1"),
            ({"level": 1.0}, "level must be a number between 0 and 1"),
            ({"level": "95%"}, "level must be a finite number"),
            ({"seed": -1}, "seed must be an integer >= 0"),
        ],
    )
    def test_bad_options(self, small, kwargs, match):
        with pytest.raises(OptionError, match=match):
            rg.rate_intervals(small, **kwargs)

    def test_does_not_change_the_network(self, small):
        before = small.meetings
        rg.rate_intervals(small, replicates=10)
        pd.testing.assert_frame_equal(small.meetings, before)
