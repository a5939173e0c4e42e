"""The report section "What your network led to" and the actions opportunities call for (issue 24)."""

import pandas as pd
import pytest

import referralgraph as rg
from referralgraph.reporting.outcomes import chain_stories, outcomes_section


class TestChainStories:
    def test_demo_chains_in_words(self):
        stories = chain_stories(rg.demo())
        assert stories["opportunity"].tolist() == ["kitewell-auxr", "sparrow-ra"]
        first = stories["text"].iloc[0]
        assert first.startswith("Interview, Kitewell, Associate UX Researcher: Priya Kapoor → Marcus Okoye")
        assert first.endswith("Omar Farah, 6 introductions, 94 days from the first conversation")

    def test_no_chain_is_said(self):
        net = rg.log_opportunity(
            rg.demo(), "Carlos Diaz", organization="Trellis Talent", stage="interview", date="2026-09-20"
        )
        net = rg.from_frames(
            net.contacts,
            net.introductions,
            net.meetings,
            net.opportunities.assign(contact=lambda o: o["contact"].where(o["opportunity"] != "trellis-contract")),
        )
        texts = chain_stories(net)["text"].tolist()
        assert any("through no one in your network" in t for t in texts)


class TestOutcomesSection:
    def test_in_the_report_with_funnel_and_credit(self):
        text = rg.report(rg.demo(), habits=False).to_text()
        assert "What your network led to" in text
        assert "From conversation to offer (95% intervals)" in text
        assert "Who led to interviews" in text and "Channels" in text

    def test_without_opportunities(self):
        tables = rg.demo_tables()
        del tables["opportunities"]
        sec = outcomes_section(rg.from_frames(**tables), replicates=10)
        assert "No opportunities recorded yet" in sec.lines[0] and not sec.tables

    def test_not_recorded_shows_na(self):
        sec = outcomes_section(rg.demo(), replicates=50)
        funnel = sec.tables[0]
        heads, rows, _ = funnel.cells()
        by_step = {r[0]: r for r in rows}
        assert by_step["Offers accepted"][2] == "n/a"
        assert by_step["Interviews"][1] == "2"


class TestOutcomeActions:
    def test_tell_everyone_who_helped(self):
        actions = rg.next_actions(rg.demo())
        tell = actions[actions["action"].str.startswith("Tell ")]
        assert tell["name"].tolist() == [
            "Priya Kapoor",
            "Marcus Okoye",
            "Elena Rossi",
            "Jamal Hassan",
            "Nina Sato",
            "Grace Lee",
            "Omar Farah",
        ]
        assert (tell["habit"] == "cultivate").all()
        assert (tell["due"] == pd.Timestamp("2026-09-20")).all()

    def test_told_once_met_since(self):
        net = rg.log_meeting(rg.demo(), "Omar Farah", date="2026-09-20 10:00")
        actions = rg.next_actions(net)
        assert "Omar Farah" not in set(actions.loc[actions["action"].str.startswith("Tell "), "name"])

    def test_ask_for_a_referral_where_you_know_someone(self):
        net = rg.log_opportunity(
            rg.demo(),
            "Ada Okafor",
            organization="Lakeshore University",
            role="Lab Manager",
            stage="lead",
            date="2026-09-20",
        )
        asks = rg.next_actions(net)
        asks = asks[asks["action"].str.contains("for a referral to the opening at Lakeshore University")]
        assert "Beth Alvarez" in set(asks["name"]) and (asks["habit"] == "ask").all()


class TestCohortOutcomes:
    def test_cohort_report_has_a_row_per_seeker(self):
        net = rg.synthetic_cohort(n_seekers=4, n_contacts=200, seed=1)
        r = rg.report(net)
        table = r.section("seekers").tables[0]
        assert table.frame["seeker"].tolist() == ["s001", "s002", "s003", "s004"]
        assert (table.frame["contacts"] % 1 == 0).all()  # whole people, not percentiles

    def test_comparison_outcomes_missing_without_opportunities(self):
        net = rg.synthetic_cohort(n_seekers=3, n_contacts=100, seed=1, opportunities=False)
        comp = rg.cohort_comparison(net)
        assert comp["interviews"].isna().all()
        assert "outcomes" not in set(rg.cohort_export(net, k=1)["table"])

    @pytest.mark.slow
    def test_comparison_outcomes_equal_the_funnel(self):
        net = rg.synthetic_cohort(n_seekers=6, n_contacts=1500, seed=4)
        comp = rg.cohort_comparison(net).set_index("seeker")
        fun = rg.funnel(net, replicates=10)
        per = fun[fun["seeker"].notna()].set_index("seeker")
        for col in ("applications", "interviews", "offers"):
            got = comp[col].astype("Int64")
            want = per[col].astype("Int64").reindex(got.index)
            assert ((got == want) | want.isna()).all()

    @pytest.mark.slow
    def test_cohort_command(self, run, tmp_path):
        folder = rg.save(rg.synthetic_cohort(n_seekers=6, n_contacts=300, seed=2), tmp_path / "c")
        result = run("cohort", str(folder), "--out", str(tmp_path / "t"), "--format", "json", "--k", "3")
        assert result.exit_code == 0, result.output
        assert "Cohort of 6 seekers" in result.output and "Funnel (whole cohort): Conversations" in result.output
        assert sorted(p.name for p in (tmp_path / "t").iterdir()) == [
            "comparison.json",
            "export.json",
            "funnel.json",
            "mixing.json",
        ]
