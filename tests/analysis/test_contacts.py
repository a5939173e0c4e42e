"""contact_metrics: the per-contact table on hand-checked trees."""

import numpy as np
import pandas as pd
import pytest

import referralgraph as rg
from referralgraph.analysis.contacts import CONTACT_COLUMNS


class TestContactMetrics:
    def test_columns(self, small):
        assert list(rg.contact_metrics(small).columns) == CONTACT_COLUMNS

    def test_tree_position(self, small):
        t = rg.contact_metrics(small).set_index("contact")
        assert "me" not in t.index  # the seeker's own row is left out
        assert t["generation"].to_dict() == {"ann": 1, "di": 1, "bo": 2, "cy": 2, "ed": 3}
        assert t["introduced_by"].to_dict() == {"ann": "me", "di": "me", "bo": "ann", "cy": "ann", "ed": "bo"}
        assert t["origin"].to_dict() == {"ann": "ann", "di": "di", "bo": "ann", "cy": "ann", "ed": "ann"}
        assert t.loc["ed", "origin_source"] == "alumni" and t.loc["di", "origin_source"] == "event"
        # Ann introduced Bo and Cy; Bo introduced Ed: Ann reaches 3, Bo 1
        assert t["direct_introductions"].to_dict() == {"ann": 2, "di": 0, "bo": 1, "cy": 0, "ed": 0}
        assert t["descendants"].to_dict() == {"ann": 3, "di": 0, "bo": 1, "cy": 0, "ed": 0}
        assert t["status"].to_dict() == {"ann": "met", "di": "met", "bo": "met", "cy": "introduced", "ed": "suggested"}

    def test_dates_and_habits(self, small):
        t = rg.contact_metrics(small).set_index("contact")
        # Ann: no first_contact, so her first meeting; Bo: introduced 01-10 before meeting 01-15
        assert t.loc["ann", "first_contact"] == pd.Timestamp("2026-01-05 10:00")
        assert t.loc["bo", "first_contact"] == pd.Timestamp("2026-01-10")
        assert t.loc["di", "first_contact"] == pd.Timestamp("2026-01-03")
        # Ann's last touch is her second meeting; Bo's the introduction he made on 01-20
        assert t.loc["ann", "last_touch"] == pd.Timestamp("2026-02-01")
        assert t.loc["bo", "last_touch"] == pd.Timestamp("2026-01-20")
        assert t.loc["di", "last_touch"] == pd.Timestamp("2026-01-04 12:00")
        assert t["meetings"].to_dict() == {"ann": 2, "di": 1, "bo": 1, "cy": 0, "ed": 0}
        # first meeting -> first introduction made: Ann 01-05 -> 01-10, Bo 01-15 -> 01-20
        assert t.loc["ann", "days_to_first_introduction"] == 5 and t.loc["bo", "days_to_first_introduction"] == 5
        assert np.isnan(t.loc["di", "days_to_first_introduction"])
        # thank-you: Ann 10:00 -> 18:00 = 8 h; Bo 48 h; Di none
        assert t.loc["ann", "thank_you_hours"] == 8 and t.loc["bo", "thank_you_hours"] == 48
        assert np.isnan(t.loc["di", "thank_you_hours"])

    def test_dormancy_against_latest_date(self, small):
        t = rg.contact_metrics(small, dormant_days=20).set_index("contact")
        # reference day 2026-02-01: Ann 0, Bo 12, Cy 20, Di 28, Ed 12 days
        assert t["days_since_touch"].to_dict() == {"ann": 0, "di": 28, "bo": 12, "cy": 20, "ed": 12}
        assert sorted(t.index[t["dormant"]]) == ["cy", "di"]

    def test_seeker_filter_and_cohort(self, cohort):
        every = rg.contact_metrics(cohort)
        assert set(every.loc[every.contact == "hub", "seeker"]) == {"s1", "s2"}
        s2 = rg.contact_metrics(cohort, seeker="s2")
        assert s2["contact"].tolist() == ["hub", "d"] and (s2["seeker"] == "s2").all()

    def test_does_not_change_network(self, small):
        before = small.contacts, small.introductions, small.meetings
        rg.contact_metrics(small, as_of="2026-01-11")
        for a, b in zip(before, (small.contacts, small.introductions, small.meetings)):
            pd.testing.assert_frame_equal(a, b)

    def test_empty(self, empty, lonely):
        for net in (empty, lonely):
            t = rg.contact_metrics(net)
            assert t.empty and list(t.columns) == CONTACT_COLUMNS

    def test_unknown_seeker(self, cohort):
        with pytest.raises(rg.SeekerNotFound, match="'zed' is not in the network; expected one of the seekers"):
            rg.contact_metrics(cohort, seeker="zed")

    def test_bad_options(self, small):
        with pytest.raises(ValueError, match=r"dormant_days must be an integer >= 0 \(got -1\)"):
            rg.contact_metrics(small, dormant_days=-1)
        with pytest.raises(rg.ReferralGraphError, match="as_of must be a date"):
            rg.contact_metrics(small, as_of="someday")
        with pytest.raises(TypeError, match="expected a ReferralNetwork"):
            rg.contact_metrics(pd.DataFrame())
