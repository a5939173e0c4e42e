"""Logging never breaks (issue 20, item 5): other rows' blank, ambiguous or unreadable dates; files written by save."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import referralgraph as rg
from referralgraph import _clock
from referralgraph.cli import cli

CONTACTS = "id,name,is_seeker,Phone\nme,Me Seeker,yes,\nana,Ana Ortiz,,555\nbo,Bo Li,,\ncy,Cy Ng,,\n"
INTROS = (
    "introducer,introduced,date,status\nme,ana,11/20/2026,met\nana,bo,3/6/2026,introduced\nana,cy,March 5,introduced\n"
)
MEETINGS = "contact,date,thank_you_sent\nana,3/6/2026,\nbo,,\ncy,March 5,\n"


@pytest.fixture()
def messy(tmp_path, monkeypatch):
    monkeypatch.setattr(_clock, "now", lambda: pd.Timestamp("2026-12-07 11:00"))
    folder = tmp_path / "search"
    folder.mkdir()
    for name, text in (("contacts", CONTACTS), ("introductions", INTROS), ("meetings", MEETINGS)):
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "person, holds",
    [
        ("Ana Ortiz", "'3/6/2026' could be day/month or month/day"),
        ("bo", "date is blank"),
        ("cy", "'March 5' is not a date"),
    ],
)
def test_thanks_for_an_unreadable_date_is_one_error_naming_the_cell(messy, person, holds):
    result = CliRunner().invoke(cli, ["log", "thanks", str(messy), person])
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "meetings.csv, row " in lines[0] and holds in lines[0]


def test_logging_about_someone_else_works_and_the_kept_order_reads_the_rest(messy):
    before = {p.name: p.read_bytes() for p in messy.iterdir()}
    result = CliRunner().invoke(cli, ["log", "meeting", str(messy), "Ana Ortiz", "--date", "2026-12-07 09:00"])
    assert result.exit_code == 0, result.output
    assert result.output.endswith("Next: send Ana Ortiz a thank-you, due by 2026-12-08 09:00.\n")
    assert (messy / "meetings.csv").read_bytes().startswith(before["meetings.csv"])  # appended, nothing else changed
    CliRunner().invoke(cli, ["settings", str(messy), "--set", "date_order=monthfirst"])
    entry = rg.append_thanks(messy, "Ana Ortiz", date="2026-12-07 10:00")
    assert entry["logged"].endswith("for the conversation on 2026-12-07 09:00: thank-you recorded")
    entry = rg.append_thanks(messy, "Ana Ortiz", date="2026-12-07 10:30")  # the March 6 one, read month first
    assert "for the conversation on 2026-03-06" in entry["logged"]


def test_a_note_in_a_file_with_its_own_handwritten_note_date_column(tmp_path, monkeypatch):
    monkeypatch.setattr(_clock, "now", lambda: pd.Timestamp("2026-03-09 19:00"))
    folder = tmp_path / "search"
    folder.mkdir()
    (folder / "contacts.csv").write_text("id,name,is_seeker\nme,Me,yes\nana,Ana,\nbo,Bo,\n", encoding="utf-8")
    (folder / "introductions.csv").write_text("introducer,introduced,date\nme,ana,2026-03-01\nme,bo,2026-03-02\n")
    (folder / "meetings.csv").write_text(
        "contact,date,thank_you_sent,handwritten_note,handwritten_note_date\n"
        "ana,2026-03-02,2026-03-02,2026-03-04,\nbo,2026-03-08 15:00,,,\n"
    )
    net = rg.load(folder)
    assert net.meetings["handwritten_note_date"].iat[0] == pd.Timestamp("2026-03-04")
    rg.append_thanks(folder, "bo", handwritten=True)
    assert bool(rg.load(folder).meetings["handwritten_note"].iat[1])
