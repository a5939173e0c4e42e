"""``referralgraph log meeting | intro | thanks``: confirmations, byte-preserving appends, one-line errors."""

import pandas as pd
import pytest
from click.testing import CliRunner

import referralgraph as rg
from referralgraph.cli import cli


@pytest.fixture
def source(tmp_path):
    folder = tmp_path / "search"
    folder.mkdir()
    (folder / "contacts.csv").write_bytes(
        b"id,name,organization,is_seeker\r\nme,Maya,,yes\r\nana,Ana Ortiz,Fernway,\r\nana-d,Ana Dang,Acme,\r\n"
    )
    (folder / "introductions.csv").write_bytes(b"introducer,introduced,date,status\r\n")
    (folder / "meetings.csv").write_bytes(b"contact,date,asked_for_introductions,thank_you_sent\r\n")
    return folder


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def files(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir()}


class TestLogCommand:
    def test_a_whole_loop(self, source):
        result = run("log", "meeting", source, "Ana Ortiz", "--date", "2026-10-06 18:00", "--asked")
        assert result.exit_code == 0, result.output
        assert result.output.endswith("Next: send Ana Ortiz a thank-you, due by 2026-10-07 18:00.\n")
        assert (source / "meetings.csv").read_bytes().endswith(b"\r\nana,2026-10-06 18:00,true,\r\n")
        result = run("log", "thanks", source, "ana", "--date", "2026-10-07 09:00")
        assert result.exit_code == 0, result.output
        assert (source / "meetings.csv").read_bytes().endswith(b"\r\nana,2026-10-06 18:00,true,2026-10-07 09:00\r\n")
        result = run(
            "log",
            "intro",
            source,
            "ana",
            "Sam Reed",
            "--new",
            "--status",
            "suggested",
            "--org",
            "Globex",
            "--date",
            "2026-10-07",
        )
        assert result.exit_code == 0, result.output
        assert "follow up with Ana Ortiz about meeting Sam Reed by 2026-10-14" in result.output
        net = rg.load(source)
        assert net.contact("sam-reed")["organization"] == "Globex"
        tree = net.tree_table().set_index("contact")
        assert (tree.loc["sam-reed", "introduced_by"], tree.loc["sam-reed", "status"]) == ("ana", "suggested")

    def test_next_action_from_the_log_is_in_next(self, source):
        run("log", "meeting", source, "Ana Ortiz", "--date", "2026-10-06 18:00")
        result = run("next", source, "--as-of", "2026-10-08")
        assert "Send Ana Ortiz a thank-you" in result.output

    def test_ambiguous_and_unknown_people(self, source):
        before = files(source)
        result = run("log", "meeting", source, "Ana")
        assert result.exit_code == 1
        assert result.output == (
            "Error: person 'Ana' matches 2 contacts: ana (Ana Ortiz, Fernway); "
            "ana-d (Ana Dang, Acme); expected one: give the id\n"
        )
        result = run("log", "meeting", source, "Bob Stone")
        assert result.exit_code == 1 and "pass new=True (CLI: --new)" in result.output
        result = run("log", "thanks", source, "ana")
        assert result.exit_code == 1 and "no conversation with Ana Ortiz is logged" in result.output
        assert files(source) == before

    def test_bad_values_are_one_line(self, source):
        result = run("log", "meeting", source, "ana", "--date", "tomorrowish")
        assert result.exit_code == 1 and result.output.startswith("Error: date must be a date")
        result = run("log", "intro", source, "ana", "me")
        assert result.exit_code == 1 and "introduced to themselves" in result.output
        assert "Traceback" not in result.output

    def test_a_us_date_says_how_to_keep_the_date_order(self, source):
        before = files(source)
        result = run("log", "meeting", source, "ana", "--date", "12/5/2026 10:00")
        assert result.exit_code == 1 and len(result.output.splitlines()) == 1
        assert result.output.startswith("Error: date '12/5/2026 10:00' is ambiguous")
        assert "--set date_order=monthfirst" in result.output
        assert files(source) == before
        assert run("settings", source, "--set", "date_order=monthfirst").exit_code == 0
        result = run("log", "meeting", source, "ana", "--date", "12/5/2026 10:00")
        assert result.exit_code == 0, result.output
        assert (source / "meetings.csv").read_bytes().endswith(b"\r\nana,2026-12-05 10:00,,\r\n")
        result = run(
            "log",
            "opportunity",
            source,
            "ana",
            "--org",
            "Fernway",
            "--role",
            "Analyst",
            "--stage",
            "referred",
            "--date",
            "12/6/2026",
        )
        assert result.exit_code == 0, result.output
        assert rg.load(source).opportunities.iloc[-1]["date"] == pd.Timestamp("2026-12-06")

    def test_new_contact_and_columns(self, source):
        result = run(
            "log",
            "meeting",
            source,
            "Kim Lee",
            "--new",
            "--org",
            "Initech",
            "--kind",
            "coffee",
            "--takeaways",
            "Talk to HR",
            "--date",
            "2026-10-01 08:30",
        )
        assert result.exit_code == 0, result.output
        assert "added columns kind, takeaways to meetings.csv" in result.output
        meetings = rg.load(source).meetings
        assert meetings[["contact", "kind", "takeaways"]].values.tolist() == [["kim-lee", "coffee", "Talk to HR"]]
        assert pd.isna(meetings["asked_for_introductions"].iloc[0])


@pytest.mark.slow
def test_workbook_loop(tmp_path, small):
    book = rg.save(small, tmp_path / "search.xlsx")
    result = run("log", "meeting", book, "Cy", "--date", "2026-02-03 15:00", "--asked")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("Next: send Cy a thank-you, due by 2026-02-04 15:00.\n")
    assert run("log", "thanks", book, "cy", "--date", "2026-02-03 20:00").exit_code == 0
    last = rg.load(book).meetings.iloc[-1]
    assert (last["contact"], last["thank_you_sent"]) == ("cy", pd.Timestamp("2026-02-03 20:00"))
