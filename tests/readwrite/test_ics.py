"""The to-do list as an iCalendar file: valid RFC 5545 (re-read with icalendar), one component per action, stable UIDs."""

import datetime as dt

import icalendar
import pandas as pd
import pytest

import referralgraph as rg
from referralgraph.readwrite.ics import ics_uid

STAMP = "2026-01-20 12:00"


def actions(**over):
    """A to-do list the way next_actions lays it out (a premise of each kind the calendar meets)."""
    frame = pd.DataFrame(
        {
            "habit": ["thank", "thank", "follow", "cultivate", "ask"],
            "priority": [1, 2, 1, 1, 12],
            "contact": ["ann", "bo", "cy", "di", "ed"],
            "name": ["Ann", "Bo", "Cy", "Di", "Ed"],
            "organization": ["Acme", None, "Globex", "Initech", None],
            "action": [
                "Send Ann a thank-you for the conversation on 2026-01-19",
                "Write Bo a handwritten note",
                "Schedule a conversation with Cy, whom Ann introduced you to",
                "Check in with Di: a short update on your search",
                "Ask Ed who else you should talk to",
            ],
            "reason": [
                "no thank-you recorded; it is due within 24 hours",
                "no handwritten note yet",
                "Ann introduced them on 2026-01-12; not met yet",
                "last touch 61 days ago",
                "met, never asked",
            ],
            "due": pd.to_datetime(["2026-01-20 18:00", None, "2026-01-14", "2026-02-01", None], format="ISO8601"),
            "overdue_days": [0, None, 6, -12, None],
        }
    )
    return frame.assign(**over)


def read(path):
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return cal, cal.walk("VEVENT") + cal.walk("VTODO")


class TestActionsToIcs:
    def test_one_valid_event_per_action(self, tmp_path):
        path = rg.actions_to_ics(actions(), tmp_path / "f.ics", seeker="me", as_of="2026-01-20", stamp=STAMP)
        cal, items = read(path)
        assert cal["VERSION"] == "2.0" and "referralgraph" in str(cal["PRODID"])
        assert len(items) == 5 and all(i.name == "VEVENT" for i in items)
        for item in items:  # the properties RFC 5545 requires, each once
            assert {"UID", "DTSTAMP", "DTSTART"} <= set(item.keys())
            assert item.decoded("DTSTAMP") == dt.datetime(2026, 1, 20, 12, tzinfo=dt.timezone.utc)
        assert len({str(i["UID"]) for i in items}) == 5
        assert not [c.errors for c in cal.walk() if c.errors]  # icalendar parsed every line
        alarms = cal.walk("VALARM")
        assert len(alarms) == 3 and all({"ACTION", "TRIGGER", "DESCRIPTION"} <= set(a.keys()) for a in alarms)
        assert all(i.decoded("DTEND") > i.decoded("DTSTART") for i in items)
        text = path.read_bytes()
        assert text.startswith(b"BEGIN:VCALENDAR\r\n") and text.endswith(b"END:VCALENDAR\r\n")
        assert max(len(line) for line in text.split(b"\r\n")) <= 75  # folded lines

    def test_thank_you_deadline_and_alarm(self, tmp_path):
        path = rg.actions_to_ics(actions(), tmp_path / "f.ics", seeker="me", as_of="2026-01-20", stamp=STAMP)
        _, items = read(path)
        thank = next(i for i in items if str(i["SUMMARY"]).startswith("Send Ann"))
        assert thank.decoded("DTEND") == dt.datetime(2026, 1, 20, 18, 0)  # ends at the deadline, floating time
        assert thank.decoded("DTSTART") == dt.datetime(2026, 1, 20, 17, 30)
        alarm = thank.walk("VALARM")[0]
        assert str(alarm["ACTION"]) == "DISPLAY" and alarm.decoded("TRIGGER") == -dt.timedelta(hours=1, minutes=30)
        assert "Acme" in str(thank["DESCRIPTION"]) and str(thank["PRIORITY"]) == "1"
        note = next(i for i in items if str(i["SUMMARY"]).startswith("Write Bo"))
        assert note.decoded("DTSTART") == dt.date(2026, 1, 20) and not note.walk("VALARM")  # no deadline
        late = next(i for i in items if str(i["SUMMARY"]).startswith("Schedule"))
        assert late.decoded("DTSTART") == dt.date(2026, 1, 20)  # overdue: on the day of the list
        quiet = next(i for i in items if str(i["SUMMARY"]).startswith("Check in"))
        assert quiet.decoded("DTSTART") == dt.date(2026, 2, 1) and quiet.walk("VALARM")
        assert str(next(i for i in items if str(i["SUMMARY"]).startswith("Ask"))["PRIORITY"]) == "9"

    def test_uids_stable_across_days_so_reimport_updates(self, tmp_path):
        a = rg.actions_to_ics(actions(), tmp_path / "a.ics", seeker="me", as_of="2026-01-20", stamp=STAMP)
        later = actions(
            reason=["still no thank-you"] * 5, overdue_days=[1, None, 7, -11, None], priority=[2, 1, 1, 1, 3]
        )
        b = rg.actions_to_ics(later, tmp_path / "b.ics", seeker="me", as_of="2026-01-21", stamp="2026-01-21")
        uids = [[str(i["UID"]) for i in read(p)[1]] for p in (a, b)]
        assert uids[0] == uids[1]
        other = rg.actions_to_ics(actions(), tmp_path / "c.ics", seeker="sue", as_of="2026-01-20", stamp=STAMP)
        assert not set(uids[0]) & {str(i["UID"]) for i in read(other)[1]}
        assert ics_uid("me", "ann", "thank", "x") != ics_uid("me", "ann", "thank", "y")

    def test_todos(self, tmp_path):
        path = rg.actions_to_ics(actions(), tmp_path / "t.ics", component="todo", as_of="2026-01-20", stamp=STAMP)
        _, items = read(path)
        assert [i.name for i in items] == ["VTODO"] * 5
        thank = items[0]
        assert thank.decoded("DUE") == dt.datetime(2026, 1, 20, 18, 0) and str(thank["STATUS"]) == "NEEDS-ACTION"
        assert thank.walk("VALARM")[0]["TRIGGER"].params["RELATED"] == "END"

    def test_empty_list_and_limit(self, tmp_path):
        path = rg.actions_to_ics(actions().iloc[:0], tmp_path / "e.ics", stamp=STAMP)
        cal, items = read(path)
        assert items == [] and cal["VERSION"] == "2.0"
        path = rg.actions_to_ics(actions(), tmp_path / "l.ics", limit=1, stamp=STAMP)
        assert [str(i["CATEGORIES"].cats[0]) for i in read(path)[1]] == [
            "Thank within 24 hours",
            "Follow through on introductions",
            "Cultivate your contacts",
            "Ask for introductions",
        ]

    def test_replaces_only_its_own_files(self, tmp_path):
        path = rg.actions_to_ics(actions(), tmp_path / "f.ics", stamp=STAMP)
        rg.actions_to_ics(actions().iloc[:1], path, stamp=STAMP)  # its own calendar: replaced
        assert len(read(path)[1]) == 1
        foreign = tmp_path / "mine.ics"
        foreign.write_text("BEGIN:VCALENDAR\r\nPRODID:-//Someone else//EN\r\nEND:VCALENDAR\r\n")
        with pytest.raises(rg.OverwriteError):
            rg.actions_to_ics(actions(), foreign)
        assert "Someone else" in foreign.read_text()

    def test_bad_input(self, tmp_path):
        with pytest.raises(rg.ArgumentTypeError, match="got list"):
            rg.actions_to_ics([], tmp_path / "x.ics")
        with pytest.raises(rg.SchemaError, match="lacks the column due"):
            rg.actions_to_ics(actions().drop(columns="due"), tmp_path / "x.ics")
        with pytest.raises(rg.OptionError, match="'event' or 'todo'"):
            rg.actions_to_ics(actions(), tmp_path / "x.ics", component="journal")

    def test_real_next_actions(self, tmp_path, small):
        todo = rg.next_actions(small, as_of="2026-02-03")
        path = rg.actions_to_ics(todo, tmp_path / "n.ics", seeker="me", as_of="2026-02-03")
        assert len(read(path)[1]) == len(todo) > 0


# ---------------------------------------------------------------------------- hostile text (issue 23, item 7)
def strict_read(data: bytes) -> list[dict]:
    """A second, independent RFC 5545 reader: unfold, split NAME[;params]:VALUE, unescape TEXT exactly.

    Refuses (AssertionError) any CONTROL character other than HTAB in a content line, as RFC 5545 does.
    """
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    lines = text[:-2].split("\r\n")
    unfolded = []
    for line in lines:
        if line[:1] in (" ", "\t"):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    comps, cur = [], None
    for line in unfolded:
        assert not any(ord(c) < 32 and c != "\t" or ord(c) == 127 for c in line), repr(line)
        name, _, value = line.partition(":")
        name = name.split(";")[0].upper()
        if name == "BEGIN" and value in ("VEVENT", "VTODO"):
            cur = {}
        elif name == "END" and value in ("VEVENT", "VTODO"):
            comps.append(cur)
            cur = None
        elif cur is not None and name in ("SUMMARY", "DESCRIPTION"):
            out, i = [], 0
            while i < len(value):
                c = value[i]
                if c == "\\":
                    nxt = value[i + 1]
                    assert nxt in "\\;,nN", f"bad escape \\{nxt} in {value!r}"
                    out.append("\n" if nxt in "nN" else nxt)
                    i += 2
                else:
                    assert c not in ";,", f"unescaped {c!r} in {value!r}"
                    out.append(c)
                    i += 1
            cur.setdefault(name, "".join(out))
    return comps


HOSTILE = [
    "Ann \\N Lee",
    "C:\\new\\table",
    "end\\",
    "\\\\double",
    "a\\;b\\,c",
    "semi; comma, done",
    "line\r\nbreak\rcr",
    "bell\x07 vt\x0b ff\x0c esc\x1b[31m del\x7f nul\x00 c1\x9b",
    "tab\there",
]


class TestHostileText:
    @pytest.mark.parametrize("value", HOSTILE)
    def test_text_round_trips_through_two_parsers(self, tmp_path, value):
        todo = actions().iloc[:1].assign(action=f"Send {value} a thank-you", organization=value)
        path = rg.actions_to_ics(todo, tmp_path / "f.ics", stamp=STAMP)
        expected = rg.readwrite.ics.clean_text(f"Send {value} a thank-you")
        assert not any(c in expected for c in "\x07\x0b\x0c\x1b\x7f\x00\x9b\r")
        assert read(path)[1][0]["SUMMARY"] == expected  # icalendar
        (event,) = strict_read(path.read_bytes())  # an exact RFC 5545 reading
        assert event["SUMMARY"] == expected
        assert f"Organization: {rg.readwrite.ics.clean_text(value)}" in event["DESCRIPTION"]
        assert str(read(path)[1][0]["DESCRIPTION"]) == event["DESCRIPTION"]

    def test_backslash_n_is_not_a_line_break(self, tmp_path):
        path = rg.actions_to_ics(actions().iloc[:1].assign(action="Ask \\Nina"), tmp_path / "f.ics", stamp=STAMP)
        assert b"SUMMARY:Ask \\\\Nina" in path.read_bytes()
        assert strict_read(path.read_bytes())[0]["SUMMARY"] == "Ask \\Nina"

    def test_next_ics_offers_the_force_its_message_names(self, tmp_path, small, runner):
        from referralgraph.cli import cli

        rg.save(small, tmp_path / "net")
        mine = tmp_path / "mine.ics"
        mine.write_text("BEGIN:VCALENDAR\r\nPRODID:-//Someone else//EN\r\nEND:VCALENDAR\r\n")
        result = runner.invoke(cli, ["next", str(tmp_path / "net"), "--ics", str(mine), "--as-of", "2026-02-03"])
        assert result.exit_code == 1 and "--force" in result.output and "Someone else" in mine.read_text()
        result = runner.invoke(
            cli, ["next", str(tmp_path / "net"), "--ics", str(mine), "--as-of", "2026-02-03", "--force"]
        )
        assert result.exit_code == 0, result.output
        assert "referralgraph" in mine.read_text()
        result = runner.invoke(
            cli, ["next", str(tmp_path / "net"), "--ics", str(tmp_path / "net" / "contacts.csv"), "--force"]
        )
        assert result.exit_code == 1 and result.output.startswith("Error:")
        assert "BEGIN:VCALENDAR" not in (tmp_path / "net" / "contacts.csv").read_text()
