"""log_opportunity / append_opportunity / `referralgraph log opportunity` (issue 24)."""

import pandas as pd
import pytest

import referralgraph as rg


@pytest.fixture
def folder(tmp_path):
    return rg.save(rg.demo(), tmp_path / "search")


class TestLogOpportunity:
    @pytest.mark.slow
    def test_steps_share_an_id_and_keep_history(self):
        net = rg.log_opportunity(
            rg.demo(), "priya", organization="Fernway", role="UX Research Assistant", stage="lead", date="2026-09-20"
        )
        net = rg.log_opportunity(
            net,
            "Priya Kapoor",
            organization="fernway",
            role="ux research assistant",
            stage="Phone screen",
            date="2026-09-25",
        )
        rows = net.opportunities[net.opportunities["opportunity"] == "fernway-ux-research-assistant"]
        assert rows["stage"].tolist() == ["lead", "interview"]
        assert rows["contact"].tolist() == ["priya-k", "priya-k"]

    @pytest.mark.slow
    def test_existing_opportunity_by_org(self):
        net = rg.log_opportunity(rg.demo(), "omar-f", organization="Kitewell", stage="offer", date="2026-10-01")
        last = net.opportunities.iloc[-1]
        assert last["opportunity"] == "kitewell-auxr" and last["role"] == "Associate UX Researcher"
        assert "kitewell-auxr" in set(rg.outcome_credit(net, stage="offer")["opportunity"])

    def test_errors(self):
        net = rg.demo()
        with pytest.raises(rg.OptionError, match="stage must be one of lead, referred"):
            rg.log_opportunity(net, "priya-k", organization="X", stage="maybe")
        with pytest.raises(rg.OptionError, match="expected organization"):
            rg.log_opportunity(net, "priya-k", stage="lead")
        with pytest.raises(rg.ContactNotFound):
            rg.log_opportunity(net, "Nobody Here", organization="X")
        with pytest.raises(rg.OptionError, match="is the seeker"):
            rg.log_opportunity(net, "maya", organization="X")

    def test_input_unchanged(self):
        net = rg.demo()
        before = net.opportunities
        rg.log_opportunity(net, "priya-k", organization="Fernway", date="2026-09-20")
        pd.testing.assert_frame_equal(before, net.opportunities)


class TestAppendOpportunity:
    def test_appends_one_row_byte_for_byte(self, folder):
        path = folder / "opportunities.csv"
        before = path.read_bytes()
        entry = rg.append_opportunity(folder, "Omar Farah", organization="Kitewell", stage="offer", date="2026-10-02")
        after = path.read_bytes()
        assert after.startswith(before) and after.count(b"\n") == before.count(b"\n") + 1
        assert entry["table"] == "opportunities"
        assert entry["next"].startswith("tell everyone who helped (Priya Kapoor, Marcus Okoye")
        assert rg.load(folder).opportunities.iloc[-1]["stage"] == "offer"

    @pytest.mark.slow
    def test_creates_the_table_when_missing(self, tmp_path):
        tables = rg.demo_tables()
        del tables["opportunities"]
        folder = rg.save(rg.from_frames(**tables), tmp_path / "s")
        assert not (folder / "opportunities.csv").exists()
        entry = rg.append_opportunity(
            folder, "priya-k", organization="Fernway", role="Analyst", stage="referred", date="2026-09-20"
        )
        assert "created opportunities.csv" in entry["notes"]
        assert rg.load(folder).opportunities["stage"].tolist() == ["referred"]

    @pytest.mark.slow
    def test_cli(self, run, folder):
        result = run(
            "log",
            "opportunity",
            str(folder),
            "Omar Farah",
            "--org",
            "Kitewell",
            "--stage",
            "hired",
            "--date",
            "2026-10-05",
        )
        assert result.exit_code == 0, result.output
        assert "Logged accepted for Kitewell, Associate UX Researcher through Omar Farah on 2026-10-05" in result.output
        bad = run("log", "opportunity", str(folder), "Omar Farah", "--org", "Kitewell", "--stage", "maybe")
        assert bad.exit_code == 1 and bad.output.count("Error:") == 1
