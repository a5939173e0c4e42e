"""``referralgraph forecast``: the table, plain-words summary, what-ifs, the fan chart file, errors."""

import pandas as pd
import pytest


@pytest.fixture
def source(tmp_path):
    folder = tmp_path / "search"
    folder.mkdir()
    pd.DataFrame({"name": ["Maya", "Ann", "Bo", "Cy", "Ed"], "is_seeker": ["yes", "", "", "", ""]}).to_csv(
        folder / "contacts.csv", index=False
    )
    pd.DataFrame(
        {
            "introducer": ["Ann", "Ann"],
            "introduced": ["Bo", "Cy"],
            "date": ["2026-03-05", "2026-03-06"],
            "status": ["met", "suggested"],
        }
    ).to_csv(folder / "introductions.csv", index=False)
    pd.DataFrame(
        {
            "contact": ["Ann", "Bo", "Ed"],
            "date": ["2026-03-02 10:00", "2026-03-09 10:00", "2026-03-10 09:00"],
            "asked_for_introductions": ["yes", "no", "yes"],
        }
    ).to_csv(folder / "meetings.csv", index=False)
    return folder


class TestForecastCommand:
    def test_table_and_words(self, source, run):
        result = run("forecast", source, "--weeks", 3, "--simulations", 200)
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert (
            lines[0] == "Forecast for Maya"
            and lines[2] == "As of 2026-03-10 (the last date in the data, over 180 days ago)"
        )
        assert "Next 3 weeks: 200 simulations (seed 0)" in lines
        assert any(line.startswith("Week  Week ending") for line in lines)
        assert "Contacts in 3 weeks" in result.output
        assert "Introductions per contact" in result.output
        flat = " ".join(result.output.split())
        assert ("die out" in flat) or ("almost surely stop" in flat)

    def test_prints_what_the_api_returns(self, source, run):
        import referralgraph as rg

        result = run("forecast", source, "--weeks", 2, "--simulations", 100, "--format", "markdown")
        expected = rg.forecast_report(rg.load(source), weeks=2, simulations=100).to_markdown()
        assert result.output == expected

    def test_same_seed_same_output(self, source, run):
        a = run("forecast", source, "--simulations", 300, "--seed", 5)
        b = run("forecast", source, "--simulations", 300, "--seed", 5)
        assert a.output == b.output

    def test_what_if(self, source, run):
        result = run(
            "forecast",
            source,
            "--weeks",
            2,
            "--simulations",
            100,
            "--what-if",
            "conversion=0.9",
            "--what-if",
            "new-per-week=3",
        )
        assert result.exit_code == 0, result.output
        assert "what if: conversion=0.9, new-per-week=3" in result.output
        assert "3.0 per week" in result.output
        assert "Without the what-if" in result.output and "about" in result.output

    def test_bad_what_if(self, source, run):
        result = run("forecast", source, "--what-if", "faster")
        assert result.exit_code == 1
        assert "expected ask-every-contact, conversion=0.8 or new-per-week=3 (got 'faster')" in result.output
        result = run("forecast", source, "--what-if", "conversion=2")
        assert result.exit_code == 1
        assert result.output == "Error: conversion must be a number between 0 and 1 (got 2.0)\n"

    @pytest.mark.slow
    def test_writes_the_fan_chart(self, source, tmp_path, run):
        out = tmp_path / "fan.png"
        result = run("forecast", source, "--weeks", 2, "--simulations", 100, "-o", out)
        assert result.exit_code == 0, result.output
        assert out.read_bytes()[:4] == b"\x89PNG"
        again = run("forecast", source, "--weeks", 2, "--simulations", 100, "-o", out)
        assert again.exit_code == 1 and "already exists" in again.output and "--force" in again.output
        assert run("forecast", source, "--weeks", 2, "--simulations", 100, "-o", out, "--force").exit_code == 0

    def test_bad_output_suffix(self, source, tmp_path, run):
        result = run("forecast", source, "-o", tmp_path / "fan.gif")
        assert result.exit_code == 1 and "expected a file name ending in .png, .svg, .pdf" in result.output

    def test_as_of_and_seeker_errors(self, source, run):
        result = run("forecast", source, "--as-of", "2026-03-08", "--weeks", 1, "--simulations", 50)
        assert result.exit_code == 0 and "As of 2026-03-08 (as given)" in result.output
        result = run("forecast", source, "--seeker", "Ann")
        assert result.exit_code == 1
        assert result.output.startswith("Error: 'Ann' is a contact but not a seeker")

    def test_help_has_an_example(self, run):
        result = run("forecast", "--help")
        assert result.exit_code == 0 and "referralgraph forecast my-search" in result.output
