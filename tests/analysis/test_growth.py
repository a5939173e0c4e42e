"""growth: weekly and by-generation counts on the hand-checked network."""

import pandas as pd
import pytest

import referralgraph as rg


class TestGrowth:
    def test_weekly(self, small):
        g = rg.growth(small)
        # weeks (Monday) from Di's first contact (Sat 01-03) to the latest date (Sun 02-01)
        assert g["period"].dt.strftime("%m-%d").tolist() == ["12-29", "01-05", "01-12", "01-19", "01-26"]
        assert g["new_contacts"].tolist() == [1, 2, 1, 1, 0]  # Di | Ann, Bo | Cy | Ed | -
        assert g["cumulative_contacts"].tolist() == [1, 3, 4, 5, 5]
        assert g["new_introductions"].tolist() == [0, 1, 1, 1, 0]  # by Ann 01-10, Ann 01-12, Bo 01-20
        assert g["cumulative_introductions"].tolist() == [0, 1, 2, 3, 3]
        assert g["new_meetings"].tolist() == [1, 1, 1, 0, 1]  # Di 01-04, Ann 01-05, Bo 01-15, Ann 02-01
        assert g["cumulative_meetings"].tolist() == [1, 2, 3, 3, 4]

    def test_by_generation(self, small):
        g = rg.growth(small, by_generation=True)
        assert len(g) == 5 * 3  # every week x generations 1..3
        last = g[g["period"] == g["period"].max()].set_index("generation")
        assert last["cumulative_contacts"].to_dict() == {1: 2, 2: 2, 3: 1}
        total = g.groupby("period")["new_contacts"].sum().tolist()
        assert total == rg.growth(small)["new_contacts"].tolist()

    def test_monthly_and_as_of(self, small):
        g = rg.growth(small, freq="M", as_of="2026-03-15")
        assert g["period"].dt.strftime("%Y-%m").tolist() == ["2026-01", "2026-02", "2026-03"]
        assert g["new_contacts"].tolist() == [5, 0, 0]

    def test_as_of_cuts_later_events(self, small):
        g = rg.growth(small, as_of="2026-01-11")
        assert g["cumulative_contacts"].iloc[-1] == 3  # Di, Ann, Bo
        assert g["period"].iloc[-1] == pd.Timestamp("2026-01-05")

    def test_cohort(self, cohort):
        g = rg.growth(cohort)
        assert set(g["seeker"]) == {"s1", "s2"}
        s2 = rg.growth(cohort, seeker="s2")
        assert s2["cumulative_contacts"].iloc[-1] == 2

    def test_empty(self, empty, lonely):
        for net in (empty, lonely):
            g = rg.growth(net, by_generation=True)
            assert g.empty and "generation" in g.columns

    def test_bad_freq(self, small):
        with pytest.raises(ValueError, match="freq must be a period alias such as 'D', 'W' or 'M'"):
            rg.growth(small, freq="fortnight")

    def test_unknown_seeker(self, cohort):
        with pytest.raises(rg.SeekerNotFound):
            rg.growth(cohort, seeker="nope")
