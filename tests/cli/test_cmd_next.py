"""``referralgraph next``: the grouped to-do list in text, markdown and json; --today; errors."""

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from referralgraph.cli import cli


@pytest.fixture
def source(tmp_path):
    folder = tmp_path / "search"
    folder.mkdir()
    pd.DataFrame({"name": ["Maya", "Ann", "Bo", "Cy", "Ed"], "is_seeker": ["yes", "", "", "", ""],
                  "organization": ["", "Acme", "Acme", "Initech", "Globex"]}).to_csv(folder / "contacts.csv", index=False)
    pd.DataFrame({"introducer": ["Ann", "Ann"], "introduced": ["Bo", "Cy"], "date": ["2026-03-05", "2026-03-06"],
                  "status": ["met", "introduced"]}).to_csv(folder / "introductions.csv", index=False)
    pd.DataFrame({"contact": ["Ann", "Bo", "Ed"], "date": ["2026-03-02 10:00", "2026-03-09 10:00", "2026-03-10 09:00"],
                  "asked_for_introductions": ["yes", "no", "yes"],
                  "thank_you_sent": ["2026-03-02 20:00", "", "2026-03-12"]}).to_csv(folder / "meetings.csv", index=False)
    return folder


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


class TestNextCommand:
    def test_text(self, source):
        result = run("next", source, "--today", "2026-03-13")
        assert result.exit_code == 0, result.output
        out = result.output
        assert out.startswith("Next actions for Maya\n")
        habits = ["THANK WITHIN 24 HOURS", "ASK FOR INTRODUCTIONS", "FOLLOW THROUGH ON INTRODUCTIONS",
                  "CULTIVATE YOUR CONTACTS", "GROW NEW BRANCHES", "PREPARE FOR CONVERSATIONS"]
        positions = [out.index(h) for h in habits]
        assert positions == sorted(positions)
        assert "1. Send Bo a thank-you for the conversation on 2026-03-09" in out
        assert "1. Schedule a conversation with Cy, whom Ann introduced you to" in out
        assert "33% conversations thanked within 24 hours, target 90%: needs attention" in out

    def test_today_is_reproducible(self, source):
        a = run("next", source, "--today", "2026-03-13")
        b = run("next", source, "--today", "2026-03-13")
        assert a.output == b.output
        later = run("next", source, "--today", "2026-06-30")
        assert later.output != a.output and "Check in with Ann" in later.output

    def test_targets_and_markdown(self, source):
        result = run("next", source, "--today", "2026-03-13", "--target", "Initech", "--target", "Hooli",
                     "--format", "markdown")
        assert result.exit_code == 0
        assert "# Next actions for Maya" in result.output and "## Grow new branches" in result.output
        assert "Ask Ann to introduce you to Cy at Initech" in result.output
        assert "Find a way into Hooli" in result.output

    def test_json(self, source):
        result = run("next", source, "--today", "2026-03-13", "--format", "json")
        data = json.loads(result.output)
        assert set(data) == {"actions", "signals"}
        assert data["actions"][0]["habit"] == "thank" and data["actions"][0]["name"] == "Bo"
        assert [s["habit"] for s in data["signals"]] == ["thank", "ask", "follow", "cultivate", "grow", "prepare"]

    def test_limit(self, source):
        result = run("next", source, "--today", "2026-06-30", "--limit", "1", "--dormant-days", "30")
        assert result.exit_code == 0
        assert "  1. Check in with Ann" in result.output and "  2. Check in" not in result.output
        assert "... and 2 more (--limit 3 shows all)" in result.output

    def test_errors(self, source):
        result = run("next", source, "--today", "someday")
        assert result.exit_code == 1 and result.output.startswith("Error: --as-of must be a date")
        result = run("next", source, "--seeker", "Bo")
        assert result.exit_code == 1 and result.output.startswith("Error: 'Bo' is a contact but not a seeker")
        assert run("next", source, "--dormant-days", "-1").exit_code == 2

    def test_help_has_an_example(self):
        result = run("next", "--help")
        assert result.exit_code == 0 and "referralgraph next my-search --as-of 2026-04-01" in result.output
