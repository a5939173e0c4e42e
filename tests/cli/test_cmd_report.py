"""``referralgraph report``: output and exit codes."""

import json

import pytest


@pytest.fixture
def folder(tmp_path):
    """A single-seeker search saved as CSV files."""
    import pandas as pd

    pd.DataFrame(
        {
            "id": ["me", "ann", "bo", "cy"],
            "name": ["Me", "Ann", "Bo", "Cy"],
            "organization": ["", "Acme", "Globex", "Acme"],
            "is_seeker": ["yes", "", "", ""],
        }
    ).to_csv(tmp_path / "contacts.csv", index=False)
    pd.DataFrame(
        {
            "introducer": ["ann", "ann"],
            "introduced": ["bo", "cy"],
            "date": ["2026-03-02", "2026-03-20"],
            "status": ["met", "introduced"],
        }
    ).to_csv(tmp_path / "introductions.csv", index=False)
    pd.DataFrame(
        {
            "contact": ["ann", "bo"],
            "date": ["2026-02-27 10:00", "2026-03-05 09:00"],
            "asked_for_introductions": ["yes", "no"],
            "thank_you_sent": ["2026-02-27 15:00", ""],
        }
    ).to_csv(tmp_path / "meetings.csv", index=False)
    return tmp_path


class TestReportCommand:
    def test_text(self, folder, run):
        result = run("report", folder, "--as-of", "2026-03-31")
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert lines[0] == "Referral network of Me" and "As of 2026-03-31 (as given)" in lines
        assert any(line.startswith("People you reached") and line.endswith(" 3") for line in lines)
        assert any(line.startswith("Introductions per ask") and line.endswith("2.00") for line in lines)
        assert max(map(len, lines)) <= 80

    def test_markdown_and_json(self, folder, run):
        md = run("report", folder, "--format", "markdown")
        assert md.exit_code == 0 and md.output.startswith("# Referral network of Me")
        js = run("report", folder, "--format", "json", "--as-of", "2026-03-31")
        data = json.loads(js.output)
        assert data["as_of"] == "2026-03-31" and data["sections"][0]["items"][0] == {
            "label": "People you reached",
            "value": 3,
            "text": "3",
        }

    def test_as_of_is_reproducible(self, folder, run):
        first = run("report", folder, "--as-of", "2026-03-10", "--format", "json").output
        with open(folder / "introductions.csv", "a") as f:
            f.write("bo,dee,2026-04-02,introduced\n")
        with open(folder / "contacts.csv", "a") as f:
            f.write("dee,Dee,Initech,\n")
        assert run("report", folder, "--as-of", "2026-03-10", "--format", "json").output == first

    def test_unknown_seeker(self, folder, run):
        result = run("report", folder, "--seeker", "zed")
        assert result.exit_code == 1
        assert result.output == "Error: 'zed' is not in the network; expected one of the seekers 'me'\n"

    def test_bad_date(self, folder, run):
        result = run("report", folder, "--as-of", "yesterday-ish")
        assert result.exit_code == 1 and result.output.startswith(
            "Error: --as-of must be a date from 1900-01-01 to 2199-12-31"
        )

    def test_invalid_input_and_lenient(self, folder, run):
        with open(folder / "introductions.csv", "a") as f:
            f.write("ann,nobody,2026-03-03,met\n")
        strict = run("report", folder)
        assert strict.exit_code == 1 and strict.output.startswith("Error: 1 error in the input:")
        lenient = run("report", folder, "--lenient")
        assert lenient.exit_code == 0 and "Referral network of Me" in lenient.output

    def test_missing_source(self, tmp_path, run):
        assert run("report", tmp_path / "nope").exit_code == 1  # one exit code for a missing file

    def test_help_has_example(self, run):
        assert "referralgraph report my-search" in run("report", "--help").output
