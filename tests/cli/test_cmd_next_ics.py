"""``referralgraph next --ics``: the actions shown go to a calendar file; a logged meeting's thank-you is in it."""

import icalendar
from click.testing import CliRunner

from referralgraph.cli import cli


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_log_then_calendar(tmp_path):
    folder = tmp_path / "search"
    folder.mkdir()
    (folder / "contacts.csv").write_text("name,organization,is_seeker\nMaya,,yes\nAna Ortiz,Fernway,\n")
    (folder / "meetings.csv").write_text("contact,date,thank_you_sent\n")
    assert run("log", "meeting", folder, "Ana Ortiz", "--date", "2026-10-06 18:00").exit_code == 0
    ics = tmp_path / "followups.ics"
    result = run("next", folder, "--as-of", "2026-10-07", "--ics", ics)
    assert result.exit_code == 0, result.output
    cal = icalendar.Calendar.from_ical(ics.read_bytes())
    events = cal.walk("VEVENT")
    thank = [e for e in events if "thank-you" in str(e["SUMMARY"])]
    assert len(thank) == 1 and "Ana Ortiz" in str(thank[0]["SUMMARY"]) and thank[0].walk("VALARM")
    first = [str(e["UID"]) for e in events]
    # the next day: the same file is replaced (it is ours) and the same actions keep their UIDs
    assert run("next", folder, "--as-of", "2026-10-08", "--ics", ics).exit_code == 0
    again = [str(e["UID"]) for e in icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")]
    assert set(first) & set(again) and thank[0]["UID"] in again


def test_foreign_file_is_not_replaced(tmp_path):
    folder = tmp_path / "search"
    folder.mkdir()
    (folder / "contacts.csv").write_text("name,is_seeker\nMaya,yes\nAna,\n")
    target = tmp_path / "calendar.ics"
    target.write_text("my own calendar")
    result = run("next", folder, "--ics", target)
    assert result.exit_code == 1 and result.output.startswith("Error: ") and "already exists" in result.output
    assert target.read_text() == "my own calendar"
