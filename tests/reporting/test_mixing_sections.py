"""The homophily and interval report sections: the sentence, the numbers, and n/a when unknown."""

import pandas as pd
import pytest

import referralgraph as rg
from referralgraph.exceptions import SeekerNotFound
from referralgraph.reporting.mixing import homophily_section, intervals_section


def two_fields(within: bool):
    """Ann (Data) introduced four people; all Data (within) or all Design (across)."""
    other = "Data" if within else "Design"
    contacts = pd.DataFrame(
        {
            "name": ["Me", "Ann", "Bo", "Cy", "Di", "Ed", "Fi", "Gu"],
            "is_seeker": ["y"] + [""] * 7,
            "field": ["", "Data", other, other, other, other, "Design", "Data"],
        }
    )
    intros = pd.DataFrame(
        {"introducer": ["Ann", "Ann", "Ann", "Ann", "Me", "Fi"], "introduced": ["Bo", "Cy", "Di", "Ed", "Fi", "Gu"]}
    )
    return rg.from_frames(contacts, intros)


class TestHomophilySection:
    def test_demo_stays_inside(self):
        sec = homophily_section(rg.demo())
        assert sec.key == "homophily"
        items = {label: (value, text) for label, value, text in sec.items}
        row = rg.homophily(rg.demo()).iloc[0]
        assert items["Within the same field"][0] == row["observed_same"]
        assert items["With random mixing"][1] == f"{100 * row['expected_same']:.0f}%"
        assert sec.lines[0].startswith("Your introductions stay inside UX research")
        assert (
            sec.tables[0].frame["introductions"].iloc[0]
            == rg.mixing_matrix(rg.demo()).loc["UX research", "UX research"]
        )

    def test_cross_into(self):
        sec = homophily_section(two_fields(within=False))
        assert sec.lines[0].startswith("Your introductions cross into Design")
        assert "less than random mixing" in sec.lines[0] or "no more than" in sec.lines[0]

    def test_unknown_is_na(self, lonely):
        sec = homophily_section(lonely, by="name")
        assert "n/a" in sec.lines[0]
        assert dict((label, text) for label, _, text in sec.items)["Within the same name"] == "n/a"
        assert homophily_section(lonely, by="field").lines == ["n/a: the contacts table has no field column."]

    def test_other_column_and_as_of(self, small):
        sec = homophily_section(small, by="organization", as_of="2026-01-11")
        assert sec.items[0][1] == 1

    def test_cohort_needs_a_seeker(self, cohort):
        with pytest.raises(SeekerNotFound):
            homophily_section(cohort, by="organization")
        assert homophily_section(cohort, seeker="s1", by="organization").items[0][1] == 3

    def test_added_to_a_report(self):
        net = rg.demo()
        r = rg.report(net, habits=False)  # report() adds it after the summary and the intervals
        assert "Birds of a feather" in r.to_text() and r.to_dict()["sections"][2]["key"] == "homophily"
        assert r.section("homophily").lines == homophily_section(net).lines


class TestIntervalsSection:
    def test_text_shape(self):
        sec = intervals_section(rg.demo(), replicates=200)
        iv = rg.rate_intervals(rg.demo(), seeker="maya", replicates=200)
        label, value, text = sec.items[0]
        assert label == "Introductions per ask" and value == pytest.approx(iv["value"].iat[0])
        assert text == f"{iv['value'].iat[0]:.2f} ({iv['low'].iat[0]:.2f}-{iv['high'].iat[0]:.2f})"
        assert sec.items[1][2].endswith("%)")

    def test_unknown_is_na(self, cohort):
        sec = intervals_section(cohort, seeker="s2", replicates=20)
        texts = {label: text for label, _, text in sec.items}
        assert texts["Introductions per ask"] == "n/a (asks for introductions not recorded)"
        assert texts["First conversations thanked within 24 hours"] == "n/a (thank-you dates not recorded)"
        # statuses are recorded in the introductions: d was introduced, not met (as seeker_summary says)
        assert texts["Suggested introductions you met"] == "0% (too few first contacts for an interval)"

    def test_met_unknown_is_na_not_zero(self):
        """Issue 20: without meetings the summary said n/a and this section "0% (0%-0%)"; both n/a now."""
        net = rg.from_frames(
            pd.DataFrame({"name": ["Me", "Ann", "Bo", "Cy", "Dee"], "is_seeker": ["y", "", "", "", ""]}),
            pd.DataFrame({"introducer": ["Ann", "Cy"], "introduced": ["Bo", "Dee"]}),
        )
        texts = {label: text for label, _, text in intervals_section(net, replicates=20).items}
        assert texts["Suggested introductions you met"] == "n/a (no meetings recorded)"
        assert texts["Introductions per person met"] == "n/a (no meetings recorded)"
        assert pd.isna(rg.seeker_summary(net)["suggested_to_met_rate"].iat[0])
        assert rg.cohort_summary(net).set_index("metric").loc["suggested_to_met_rate", "seekers"] == 0
        two = rg.from_frames(
            pd.DataFrame({"name": ["S1", "S2", "Ann", "Bo"], "is_seeker": ["y", "y", "", ""]}),
            pd.DataFrame(
                {"introducer": ["S1", "Ann", "S2"], "introduced": ["Ann", "Bo", "Bo"], "seeker": ["S1", "S1", "S2"]}
            ),
        )
        line = next(x for x in rg.report(two).to_text().splitlines() if x.startswith("Suggested then met"))
        assert line.split()[-3:] == ["n/a", "n/a", "n/a"]

    def test_one_branch(self):
        net = rg.from_frames(
            pd.DataFrame({"name": ["Me", "Ann", "Bo"], "is_seeker": ["y", "", ""]}),
            pd.DataFrame({"introducer": ["Ann"], "introduced": ["Bo"], "status": ["met"]}),
        )
        texts = {label: text for label, _, text in intervals_section(net, replicates=20).items}
        assert texts["Suggested introductions you met"] == "100% (too few first contacts for an interval)"
