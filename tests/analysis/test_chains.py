"""Chain statistics and cohort comparisons, against direct computation with NetworkX on small trees."""

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import referralgraph as rg
from referralgraph.exceptions import OptionError, SeekerNotFound


def random_net(n=300, seekers=2, seed=0):
    return rg.synthetic_cohort(n_seekers=seekers, n_contacts=n, seed=seed)


def direct_cascade_virality(T, root):
    """Zhang et al.'s definition, literally: for every node with descendants, the mean distance to them."""
    total = 0.0
    for v in T.nodes:
        dist = nx.single_source_shortest_path_length(T, v)
        below = [d for u, d in dist.items() if u != v]
        if below:
            total += np.mean(below)
    return total


def direct_structural_virality(T):
    U = T.to_undirected()
    n = U.number_of_nodes()
    return nx.wiener_index(U) / (n * (n - 1) / 2)


class TestVirality:
    def test_against_direct(self):
        net = random_net()
        v = rg.virality(net).set_index("seeker")
        for s in net.seekers:
            T = net.tree(s)
            assert v.loc[s, "cascade_virality"] == pytest.approx(direct_cascade_virality(T, s))
            assert v.loc[s, "structural_virality"] == pytest.approx(direct_structural_virality(T))
            assert v.loc[s, "people"] == T.number_of_nodes()

    def test_star_and_chain(self):
        star = rg.from_frames(
            pd.DataFrame({"name": ["Me", "A", "B", "C"], "is_seeker": ["y", "", "", ""]}),
            pd.DataFrame({"introducer": ["Me"] * 3, "introduced": ["A", "B", "C"]}),
        )
        assert rg.virality(star)["cascade_virality"].iat[0] == 1.0
        n = 6
        names = [f"p{k}" for k in range(n)]
        chain = rg.from_frames(
            pd.DataFrame({"name": names, "is_seeker": ["y"] + [""] * (n - 1)}),
            pd.DataFrame({"introducer": names[:-1], "introduced": names[1:]}),
        )
        assert rg.virality(chain)["cascade_virality"].iat[0] == pytest.approx((n * (n + 1) / 2 - 1) / 2)
        assert rg.virality(chain)["structural_virality"].iat[0] == pytest.approx(
            rg.seeker_summary(chain)["structural_virality"].iat[0]
        )

    def test_lonely_and_empty(self, lonely, empty):
        assert rg.virality(lonely)["cascade_virality"].isna().all()
        assert rg.virality(empty).empty

    def test_seeker_option(self, cohort):
        assert rg.virality(cohort, seeker="s2")["seeker"].tolist() == ["s2"]
        with pytest.raises(SeekerNotFound):
            rg.virality(cohort, seeker="a")


class TestOrigins:
    def direct(self, net, by):
        contacts = net.contacts.set_index("id")
        rows = []
        for s in net.seekers:
            T = net.tree(s)
            for b in T.successors(s):
                below = nx.descendants(T, b)
                value = contacts.at[b, by]
                value = value.strip() if isinstance(value, str) and value.strip() else "(not recorded)"
                depth = max([T.nodes[u]["generation"] for u in below], default=1)
                rows.append((value.casefold(), 1 + len(below), depth, T.out_degree(b) > 0, s))
        return pd.DataFrame(rows, columns=["origin", "size", "depth", "grows", "seeker"])

    def test_origin_growth_against_direct(self):
        net = random_net(seed=3)
        got = rg.origin_growth(net, by="source")
        d = self.direct(net, "source")
        for row in got.itertuples():
            sub = d[d["origin"] == row.origin.casefold()]
            assert row.branches == len(sub) and row.people == sub["size"].sum()
            assert row.mean_depth == pytest.approx(sub["depth"].mean()) and row.max_depth == sub["depth"].max()
            assert row.growing_share == pytest.approx(sub["grows"].mean()) and row.seekers == sub["seeker"].nunique()
        assert got["branches"].sum() == len(d)
        assert got["mean_branch_size"].is_monotonic_decreasing

    def test_recruits_by_generation_against_direct(self):
        net = random_net(seed=4)
        got = rg.recruits_by_generation(net, by="source")
        contacts = net.contacts.set_index("id")
        counts = {}
        for s in net.seekers:
            T = net.tree(s)
            for b in T.successors(s):
                value = contacts.at[b, "source"]
                value = value.strip() if isinstance(value, str) and value.strip() else "(not recorded)"
                for u in {b} | nx.descendants(T, b):
                    key = (value.casefold(), T.nodes[u]["generation"])
                    counts[key] = counts.get(key, 0) + 1
        mine = {(o.casefold(), g): p for o, g, p in zip(got["origin"], got["generation"], got["people"])}
        assert mine == counts
        assert got["people"].sum() == len(net.index) - len(net.seekers)

    def test_by_first_contact(self, small):
        got = rg.origin_growth(small, by="origin").set_index("origin")
        assert got.loc["ann", "people"] == 4 and got.loc["di", "people"] == 1
        assert rg.recruits_by_generation(small, by="origin").query("origin == 'ann'")["people"].tolist() == [1, 2, 1]

    def test_missing_values_are_counted(self, small):
        got = rg.origin_growth(small, by="field").set_index("origin")
        assert got["people"].sum() == 5

    def test_bad_by(self, small):
        with pytest.raises(OptionError, match="by must be a column"):
            rg.origin_growth(small, by="colour")

    def test_empty(self, lonely):
        assert rg.origin_growth(lonely, by="origin").empty and rg.recruits_by_generation(lonely, by="origin").empty


class TestShareByGeneration:
    def test_against_direct(self):
        net = rg.demo()
        got = rg.share_by_generation(net, by="field", value="ux research")
        tt = net.tree_table("maya").merge(net.contacts[["id", "field"]], left_on="contact", right_on="id")
        tt = tt[(tt["generation"] >= 1) & tt["field"].notna()]
        for row in got.itertuples():
            at = tt[tt["generation"] == row.generation]
            assert row.people == len(at) and row.with_value == (at["field"] == "UX research").sum()
            upto = tt[tt["generation"] <= row.generation]
            assert row.cumulative_share == pytest.approx((upto["field"] == "UX research").mean())

    def test_all_values(self, small):
        got = rg.share_by_generation(small, by="field")
        assert set(got["value"]) == {"Data", "Design"}
        per_gen = got.groupby("generation")["with_value"].sum()
        assert (per_gen == got.groupby("generation")["people"].first()).all()

    def test_unknown_value(self, small):
        with pytest.raises(OptionError, match="value 'law' does not occur in the field column"):
            rg.share_by_generation(small, by="field", value="law")


class TestBottlenecks:
    def test_against_direct(self):
        net = random_net(seed=5)
        got = rg.bottlenecks(net).set_index("seeker")
        for s in net.seekers:
            T = net.tree(s)
            sizes = sorted(((1 + len(nx.descendants(T, b)), b) for b in T.successors(s)), key=lambda t: -t[0])
            n = T.number_of_nodes() - 1
            assert got.loc[s, "largest_branch"] == sizes[0][0] and got.loc[s, "branches"] == len(sizes)
            assert got.loc[s, "largest_share"] == pytest.approx(sizes[0][0] / n)
            assert got.loc[s, "second_share"] == pytest.approx(sizes[1][0] / n)
            assert got.loc[s, "bottleneck"] == (sizes[0][0] / n >= 0.5)

    def test_one_branch_is_a_bottleneck(self):
        net = rg.from_frames(
            pd.DataFrame({"name": ["Me", "A", "B"], "is_seeker": ["y", "", ""]}),
            pd.DataFrame({"introducer": ["A"], "introduced": ["B"]}),
        )
        row = rg.bottlenecks(net).iloc[0]
        assert row["largest_share"] == 1.0 and row["bottleneck"] and row["second_share"] == 0.0

    def test_lonely(self, lonely):
        row = rg.bottlenecks(lonely).iloc[0]
        assert row["branches"] == 0 and pd.isna(row["largest_origin"]) and not row["bottleneck"]

    def test_threshold(self, small):
        with pytest.raises(OptionError, match="threshold must be a finite number from 0 to 1"):
            rg.bottlenecks(small, threshold=2)
        assert rg.bottlenecks(small, threshold=0.9)["bottleneck"].tolist() == [False]


class TestCohortComparison:
    def test_columns_and_values(self):
        net = random_net(n=800, seekers=6, seed=6)
        got = rg.cohort_comparison(net)
        s = rg.seeker_summary(net)
        assert got["seeker"].tolist() == s["seeker"].tolist()
        assert got["depth"].tolist() == s["max_generation"].tolist()
        assert np.allclose(got["branching"], s["branching_factor"], equal_nan=True)
        # percentile: share below, ties half, computed directly
        for col in ("depth", "introductions_per_ask", "days_to_first_introduction"):
            v = got[col].to_numpy(dtype=float)
            ok = ~np.isnan(v)
            direct = [100 * (np.sum(v[ok] < x) + 0.5 * np.sum(v[ok] == x)) / ok.sum() for x in v[ok]]
            assert np.allclose(got[f"{col}_percentile"].to_numpy()[ok], direct)

    def test_days_to_first_introduction(self, small):
        # first dated contact: Ann met 01-05, Di's first_contact 01-03; first introduction 01-10
        assert rg.cohort_comparison(small)["days_to_first_introduction"].tolist() == [7.0]

    def test_negative_duration_is_flagged_never_published(self):
        """Issue 20: cohort_comparison published days_to_first_introduction = -17."""
        contacts = pd.DataFrame(
            {"name": ["S1", "S2", "Ann", "Bo", "Cy", "Dee", "Eve"], "is_seeker": ["y", "y"] + [""] * 5}
        )
        intros = pd.DataFrame(
            {
                "introducer": ["S1", "Ann", "Ann", "S2", "Dee"],
                "introduced": ["Ann", "Bo", "Cy", "Dee", "Eve"],
                "seeker": ["S1", "S1", "S1", "S2", "S2"],
                "date": ["2026-03-01", "2026-03-05", "2026-03-07", "2026-03-20", "2026-03-03"],
            }
        )
        net = rg.from_frames(contacts, intros)
        with pytest.warns(rg.ReferralGraphWarning, match=r"S2 \(-17 days\); check those dates"):
            got = rg.cohort_comparison(net, as_of="2026-04-01").set_index("seeker")
        assert got.loc["S1", "days_to_first_introduction"] == 4.0
        assert pd.isna(got.loc["S2", "days_to_first_introduction"])
        assert pd.isna(got.loc["S2", "days_to_first_introduction_percentile"])
        assert got.attrs["negative_durations"] == {"S2": -17}
        # nothing was met or asked: missing, not 0.0
        assert got["branching"].isna().all() and got["introductions_per_ask"].isna().all()

    def test_best_channel(self):
        net = random_net(n=800, seekers=6, seed=6)
        attrs = rg.cohort_comparison(net).attrs
        g = rg.origin_growth(net, by="source")
        assert attrs["best_source"] == g[g["branches"] >= 2]["origin"].iat[0]

    def test_unknown_is_nan(self, cohort):
        got = rg.cohort_comparison(cohort)
        assert got["thank_you_24h_rate"].isna().all() and got["thank_you_24h_rate_percentile"].isna().all()
        assert got.attrs["best_source"] is None


class TestCohortExport:
    def test_no_cell_below_k(self):
        net = random_net(n=3000, seekers=30, seed=8)
        for k in (3, 5, 10):
            out = rg.cohort_export(net, k=k)
            assert (out["people"].dropna() >= k).all()
            hidden = out["people"].isna()
            assert out.loc[hidden, ["mean", "median"]].isna().all().all() and out.attrs["suppressed"] == hidden.sum()

    def test_channels_rest_on_k_seekers(self):
        net = random_net(n=3000, seekers=30, seed=8)
        out = rg.cohort_export(net, k=5)
        g = rg.origin_growth(net, by="source").set_index("origin")
        for row in out[(out["table"] == "source") & (out["group"] != "(other)") & out["people"].notna()].itertuples():
            assert g.loc[row.group, "seekers"] >= 5 and g.loc[row.group, "branches"] == row.people

    def test_nothing_identifying(self):
        net = random_net(n=600, seekers=8, seed=9)
        out = rg.cohort_export(net)
        text = out.to_csv()
        assert not any(s in text for s in net.seekers) and "c0001" not in text

    def test_small_cohort_is_suppressed(self, cohort):
        out = rg.cohort_export(cohort)
        assert out["people"].isna().all() and out.attrs["suppressed"] == len(out)

    def test_bad_k(self, cohort):
        with pytest.raises(OptionError, match="k must be an integer >= 1"):
            rg.cohort_export(cohort, k=0)


class TestUnusualData:
    """Deep chains, 19-digit ids, no dates and no meetings: every new statistic still answers, and correctly."""

    @pytest.fixture(scope="class")
    @classmethod
    def deep(cls):
        n = 100_000
        ids = [str(10**18 + k) for k in range(n)]  # 19-digit ids
        contacts = pd.DataFrame(
            {
                "id": ["9" * 19] + ids,
                "name": ["Me"] + ids,
                "is_seeker": ["y"] + [""] * n,
                "field": [None] + ["A"] * n,
                "source": [None, "alumni"] + [None] * (n - 1),
            }
        )
        intros = pd.DataFrame({"introducer": ["9" * 19] + ids[:-1], "introduced": ids})  # undated
        return rg.from_frames(contacts, intros)

    @pytest.mark.slow  # building the 10^5-deep index takes seconds; the statistics themselves do not
    def test_deep_chain(self, deep):
        n = 100_001  # members, the seeker included
        v = rg.virality(deep).iloc[0]
        assert v["cascade_virality"] == pytest.approx((n * (n + 1) / 2 - 1) / 2)
        b = rg.bottlenecks(deep).iloc[0]
        assert b["largest_share"] == 1.0 and b["largest_origin"] == str(10**18)
        g = rg.origin_growth(deep, by="source").iloc[0]
        assert g["origin"] == "alumni" and g["max_depth"] == 100_000 and g["people"] == 100_000
        h = rg.homophily(deep, by="field").iloc[0]
        assert h["introductions"] == 99_999 and h["observed_same"] == 1.0
        iv = rg.rate_intervals(deep, replicates=20)
        assert iv["low"].isna().all()  # one branch: nothing to resample
        c = rg.cohort_comparison(deep)
        assert c["depth"].iat[0] == 100_000 and np.isnan(c["days_to_first_introduction"].iat[0])  # no dates

    def test_linkedin_only(self):
        """Connections only: everyone is a direct contact, nothing to mix, no rates to measure."""
        contacts = pd.DataFrame(
            {
                "name": ["Me", "A", "B", "C"],
                "is_seeker": ["y", "", "", ""],
                "source": ["", "linkedin", "linkedin", "linkedin"],
                "field": ["", "x", "y", "x"],
            }
        )
        intros = pd.DataFrame({"introducer": ["Me"] * 3, "introduced": ["A", "B", "C"]})
        net = rg.from_frames(contacts, intros)
        assert rg.homophily(net)["introductions"].tolist() == [0, 0]
        assert rg.origin_growth(net, by="source")["growing_share"].tolist() == [0.0]
        assert rg.virality(net)["cascade_virality"].iat[0] == 1.0
        iv = rg.rate_intervals(net, replicates=20, seeker="Me").set_index("rate")
        assert np.isnan(iv.loc["introductions_per_ask", "value"]) and np.isnan(iv.loc["thank_you_24h_rate", "value"])
