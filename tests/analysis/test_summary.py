"""seeker_summary, cohort_summary and shared_hubs on hand-checked networks."""

import math

import networkx as nx
import pandas as pd
import pytest

import referralgraph as rg
from referralgraph.analysis.summary import SUMMARY_COLUMNS


class TestSeekerSummary:
    def test_columns(self, small):
        assert list(rg.seeker_summary(small).columns) == SUMMARY_COLUMNS

    def test_hand_checked(self, small):
        s = rg.seeker_summary(small).iloc[0]
        assert s["contacts"] == 5 and s["met_contacts"] == 3 and s["meetings"] == 4
        assert s["max_generation"] == 3
        # generations 1: Ann, Di; 2: Bo, Cy; 3: Ed -> widest is 2 people, first at generation 1
        assert s["reach_by_generation"] == {1: 2, 2: 2, 3: 1}
        assert s["max_breadth"] == 2 and s["breadth_generation"] == 1
        # subtree sizes below the edges: Ann 4, Di 1, Bo 2, Cy 1, Ed 1 in n = 6
        # sum s(n - s) = 8 + 5 + 8 + 5 + 5 = 31; pairs C(6, 2) = 15
        assert s["structural_virality"] == pytest.approx(31 / 15)
        # met: Ann (2 introductions), Bo (1), Di (0)
        assert s["branching_factor"] == pytest.approx(1.0)
        assert s["introducer_share"] == pytest.approx(2 / 3)
        # asked in Ann's first and Bo's meeting; Ann made 2 introductions and Bo 1
        assert s["asks"] == 2 and s["introductions_per_ask"] == pytest.approx(1.5)
        # generation >= 2: Bo met, Cy introduced, Ed suggested
        assert s["suggested_to_met_rate"] == pytest.approx(1 / 3)
        assert s["pending_introductions"] == 2
        assert s["median_days_meeting_to_introduction"] == 5
        # organizations Acme x2 (case and spaces ignored), Globex x2, Initech x1
        assert s["organizations"] == 3
        assert s["organization_diversity"] == pytest.approx(-(2 * 0.4 * math.log(0.4) + 0.2 * math.log(0.2)))
        assert s["fields"] == 2 and s["field_diversity"] == pytest.approx(math.log(2))
        # first meetings: Ann 8 h, Bo 48 h, Di none -> 1 of 3 within 24 h; median of 8 and 48
        assert s["thank_you_24h_rate"] == pytest.approx(1 / 3) and s["median_thank_you_hours"] == 28
        assert s["handwritten_notes"] == 1
        assert s["dormant_contacts"] == 0
        assert s["first_meeting"] == pd.Timestamp("2026-01-04 12:00")
        # dated first contacts 01-03, 01-05, 01-10, 01-12, 01-20: t(5) - t(3) = 10 days
        assert s["doubling_days"] == pytest.approx(10.0)

    def test_virality_is_mean_distance(self, small):
        T = small.tree().to_undirected()
        assert rg.seeker_summary(small)["structural_virality"].iloc[0] == pytest.approx(
            nx.average_shortest_path_length(T)
        )

    def test_day_windows_need_a_complete_window(self, small):
        s = rg.seeker_summary(small).iloc[0]  # first meeting 01-04, data ends 02-01: no window complete
        assert pd.isna(s["contacts_day_30"]) and pd.isna(s["contacts_day_90"])
        later = rg.seeker_summary(small, as_of="2026-04-30").iloc[0]
        assert later["contacts_day_30"] == 5 and later["contacts_day_90"] == 5
        assert later["dormant_contacts"] == 5  # nobody touched since 02-01, 88+ days before 04-30

    def test_dormant_days(self, small):
        assert rg.seeker_summary(small, dormant_days=20)["dormant_contacts"].iloc[0] == 2

    def test_without_dates_or_meetings(self):
        net = rg.from_frames(
            pd.DataFrame({"name": ["Me", "Ann", "Bo"], "is_seeker": ["y", "", ""]}),
            pd.DataFrame({"introducer": ["Ann"], "introduced": ["Bo"]}),
        )
        s = rg.seeker_summary(net).iloc[0]
        assert s["contacts"] == 2 and s["meetings"] == 0
        # unknown is never "no": without meetings "met" is unknown, without an asked value asks are
        for col in (
            "branching_factor",
            "introductions_per_ask",
            "thank_you_24h_rate",
            "doubling_days",
            "median_days_meeting_to_introduction",
            "asks",
            "met_contacts",
            "pending_introductions",
            "suggested_to_met_rate",
            "introducer_share",
        ):
            assert pd.isna(s[col]), col

    def test_seeker_without_contacts(self, lonely):
        s = rg.seeker_summary(lonely).iloc[0]
        assert s["contacts"] == 0 and s["max_breadth"] == 0 and s["reach_by_generation"] == {}
        assert pd.isna(s["structural_virality"]) and pd.isna(s["breadth_generation"])

    def test_cohort_rows(self, cohort):
        t = rg.seeker_summary(cohort).set_index("seeker")
        assert t["contacts"].to_dict() == {"s1": 4, "s2": 2}
        assert rg.seeker_summary(cohort, seeker="s2")["seeker"].tolist() == ["s2"]

    def test_empty(self, empty):
        assert rg.seeker_summary(empty).empty

    def test_unknown_seeker(self, cohort):
        with pytest.raises(rg.SeekerNotFound, match="expected one of the seekers"):
            rg.seeker_summary(cohort, seeker="a")


class TestCohortSummary:
    def test_quantiles(self, cohort):
        c = rg.cohort_summary(cohort, quantiles=(0.0, 0.5, 1.0)).set_index("metric")
        assert list(c.columns) == ["seekers", "mean", "p0", "p50", "p100"]
        assert c.loc["contacts"].tolist() == [2, 3.0, 2.0, 3.0, 4.0]

    def test_empty(self, empty):
        c = rg.cohort_summary(empty)
        assert (c["seekers"] == 0).all() and c["p50"].isna().all()

    def test_bad_quantiles(self, cohort):
        with pytest.raises(ValueError, match=r"quantiles must be a non-empty sequence of numbers in \[0, 1\]"):
            rg.cohort_summary(cohort, quantiles=(0.5, 2))


class TestSharedHubs:
    def test_hub(self, cohort):
        h = rg.shared_hubs(cohort)
        # hub: in s1's tree (reaches c) and s2's (reaches d)
        assert h[["contact", "seekers", "total_descendants", "total_direct_introductions"]].values.tolist() == [
            ["hub", 2, 2, 2]
        ]
        assert h["seeker_ids"].iloc[0] == ["s1", "s2"]

    def test_min_seekers(self, cohort):
        assert len(rg.shared_hubs(cohort, min_seekers=1)) == 5  # a, b, c, hub, d
        assert rg.shared_hubs(cohort, min_seekers=3).empty

    def test_empty(self, empty, small):
        assert rg.shared_hubs(empty).empty and rg.shared_hubs(small).empty

    def test_bad_min(self, cohort):
        with pytest.raises(ValueError, match=r"min_seekers must be an integer >= 1 \(got 0\)"):
            rg.shared_hubs(cohort, min_seekers=0)
