"""report: sections, renderers and extensibility."""

import json

import pandas as pd
import pytest

import referralgraph as rg
from referralgraph.reporting import ReportSection


class TestReport:
    def test_sections_and_values(self, small):
        r = rg.report(small)
        assert [s.key for s in r.sections] == [
            "summary",
            "intervals",
            "homophily",
            "reach",
            "growth",
            "connectors",
            "outcomes",
            "habit-thank",
            "habit-ask",
            "habit-follow",
            "habit-cultivate",
            "habit-grow",
            "habit-prepare",
        ]
        items = {label: value for label, value, _ in r.section("summary").items}
        assert items["People you reached"] == 5 and items["Introductions per ask"] == pytest.approx(1.5)
        assert r.as_of == pd.Timestamp("2026-02-01") and r.seeker == "me"

    def test_text_fits_80_columns(self, small):
        text = rg.report(small).to_text()
        assert text.startswith("Referral network of Me\n")
        assert "People you reached" in text and "Top connectors" in text
        assert max(len(line) for line in text.splitlines()) <= 80
        assert str(rg.report(small)) == text

    def test_markdown(self, small):
        md = rg.report(small).to_markdown()
        assert md.startswith("# Referral network of Me") and "| Generation | People |" in md
        assert rg.report(small)._repr_markdown_() == md

    def test_dict_is_json_safe(self, small, lonely):
        for net in (small, lonely):
            d = rg.report(net).to_dict()
            assert json.loads(json.dumps(d, allow_nan=False)) == d

    def test_as_of_reproducible(self, small):
        assert rg.report(small, as_of="2026-01-11").to_dict()["as_of"] == "2026-01-11"

    def test_add_section(self, small):
        r = rg.report(small)
        r.add_section(
            ReportSection("forecast", "Next 30 days").add("Expected new people", 4.2, "about 4"), after="summary"
        )
        assert [s.key for s in r.sections][:2] == ["summary", "forecast"]
        assert "Expected new people" in r.to_text() and "about 4" in r.to_markdown()
        with pytest.raises(ValueError, match="already has a section 'forecast'"):
            r.add_section(ReportSection("forecast", "again"))
        with pytest.raises(KeyError, match="no section 'nope'"):
            r.section("nope")

    def test_cohort_report(self, cohort):
        r = rg.report(cohort)
        assert [s.key for s in r.sections] == ["cohort", "quantiles", "seekers", "growth", "hubs"]
        assert "Hub" in r.to_text() and max(len(x) for x in r.to_text().splitlines()) <= 80
        assert rg.report(cohort, seeker="s2").seeker == "s2"

    def test_empty(self, empty, lonely):
        assert "0 seekers" in rg.report(empty).to_text()
        assert "Nobody has introduced you" in rg.report(lonely).to_text()

    def test_unknown_seeker(self, cohort):
        with pytest.raises(rg.SeekerNotFound, match="'zz' is not in the network"):
            rg.report(cohort, seeker="zz")


def test_report_counts_dormancy_as_of_the_pinned_day(small):
    # nobody was touched after 02-01; on 04-30 all five contacts are quiet for 60+ days
    items = {label: value for label, value, _ in rg.report(small, as_of="2026-04-30").section("summary").items}
    assert items["Quiet for 60+ days"] == 5
    assert items["People after 30 / 60 / 90 days"] == {30: 5, 60: 5, 90: 5}
