"""``referralgraph next``: the grouped to-do list in text, markdown and json (the Report the API returns); --as-of."""

import json

import pandas as pd
import pytest


@pytest.fixture
def source(tmp_path):
    folder = tmp_path / "search"
    folder.mkdir()
    pd.DataFrame(
        {
            "name": ["Maya", "Ann", "Bo", "Cy", "Ed"],
            "is_seeker": ["yes", "", "", "", ""],
            "organization": ["", "Acme", "Acme", "Initech", "Globex"],
        }
    ).to_csv(folder / "contacts.csv", index=False)
    pd.DataFrame(
        {
            "introducer": ["Ann", "Ann"],
            "introduced": ["Bo", "Cy"],
            "date": ["2026-03-05", "2026-03-06"],
            "status": ["met", "introduced"],
        }
    ).to_csv(folder / "introductions.csv", index=False)
    pd.DataFrame(
        {
            "contact": ["Ann", "Bo", "Ed"],
            "date": ["2026-03-02 10:00", "2026-03-09 10:00", "2026-03-10 09:00"],
            "asked_for_introductions": ["yes", "no", "yes"],
            "thank_you_sent": ["2026-03-02 20:00", "", "2026-03-12"],
        }
    ).to_csv(folder / "meetings.csv", index=False)
    return folder


class TestNextCommand:
    def test_text(self, source, run):
        result = run("next", source, "--today", "2026-03-13")
        assert result.exit_code == 0, result.output
        out = result.output
        assert out.startswith("Next actions for Maya\n")
        assert out.splitlines()[2] == "As of 2026-03-13 (as given)"  # the date, in the first lines
        habits = [
            "Thank within 24 hours",
            "Ask for introductions",
            "Follow through on introductions",
            "Cultivate your contacts",
            "Grow new branches",
            "Prepare for conversations",
        ]
        positions = [out.index(h) for h in habits]
        assert positions == sorted(positions)
        assert "1. Send Bo a thank-you for the conversation on 2026-03-09" in out
        assert "1. Schedule a conversation with Cy, whom Ann introduced you to" in out
        flat = " ".join(out.split())
        assert "Conversations thanked by the end of the next day: 33% (target 90%): needs attention" in flat

    def test_prints_what_the_api_returns(self, source, run):
        import referralgraph as rg

        net = rg.load(source)
        for fmt, render in (
            ("text", lambda r: r.to_text()),
            ("markdown", lambda r: r.to_markdown()),
            ("json", lambda r: json.dumps(r.to_dict(), indent=2, ensure_ascii=False) + "\n"),
        ):
            result = run("next", source, "--as-of", "2026-03-13", "--format", fmt)
            assert result.output.rstrip("\n") == render(rg.next_report(net, as_of="2026-03-13")).rstrip("\n")

    def test_today_is_reproducible(self, source, run):
        a = run("next", source, "--today", "2026-03-13")
        b = run("next", source, "--today", "2026-03-13")
        assert a.output == b.output
        later = run("next", source, "--today", "2026-06-30")
        assert later.output != a.output and "Check in with Ann" in later.output

    def test_targets_and_markdown(self, source, run):
        result = run(
            "next", source, "--today", "2026-03-13", "--target", "Initech", "--target", "Hooli", "--format", "markdown"
        )
        assert result.exit_code == 0
        assert "# Next actions for Maya" in result.output and "## Grow new branches" in result.output
        # Ann already introduced Cy: get in touch, never "ask Ann to introduce you"
        assert "Get in touch with Cy at Initech, whom Ann introduced you to" in result.output
        assert "Ask Ann to introduce you to Cy" not in result.output
        assert "Find a way into Hooli" in result.output

    def test_json(self, source, run):
        result = run("next", source, "--today", "2026-03-13", "--format", "json")
        data = json.loads(result.output)
        assert data["as_of"] == "2026-03-13" and set(data["data"]) == {"actions", "signals"}
        actions = data["data"]["actions"]
        assert actions[0]["habit"] == "thank" and actions[0]["name"] == "Bo"
        assert [s["habit"] for s in data["data"]["signals"]] == [
            "thank",
            "ask",
            "follow",
            "cultivate",
            "grow",
            "prepare",
        ]

    def test_limit(self, source, run):
        result = run("next", source, "--today", "2026-06-30", "--limit", "1", "--dormant-days", "30")
        assert result.exit_code == 0
        assert "1. Check in with Ann" in result.output and "2. Check in" not in result.output
        assert "... and 2 more (--limit shows more)" in result.output

    def test_errors(self, source, run):
        result = run("next", source, "--today", "someday")
        assert result.exit_code == 1 and result.output.startswith("Error: --as-of must be a date")
        result = run("next", source, "--seeker", "Bo")
        assert result.exit_code == 1 and result.output.startswith("Error: 'Bo' is a contact but not a seeker")
        assert run("next", source, "--dormant-days", "-1").exit_code == 1

    def test_help_has_an_example(self, run):
        result = run("next", "--help")
        assert result.exit_code == 0 and "referralgraph next my-search --as-of 2026-04-01" in result.output


def test_report_and_next_tell_the_same_story(source, run):
    report = json.loads(run("report", source, "--format", "json").output)
    nxt = json.loads(run("next", source, "--format", "json", "--limit", "100").output)
    assert report["as_of"] == nxt["as_of"]
    habits = {s["key"]: s for s in report["sections"] if s["key"].startswith("habit-")}
    for s in nxt["sections"]:
        assert habits[s["key"]]["items"] == s["items"]
