"""import-history: calendar and mail exports in the real exporters' shapes, merged like `log`, hostile files."""

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import referralgraph as rg

FIX = Path(__file__).parents[1] / "fixtures" / "history"
ALL = [FIX / n for n in ("google.ics", "outlook.ics", "takeout.mbox", "thunderbird.mbox", "apple.eml")]
WINDOW = {"since": "2026-08-01", "until": "2026-11-15", "tz": "America/New_York"}


def network():
    return rg.from_frames(
        pd.DataFrame(
            {
                "id": ["maya", "jose", "elif", "ana", "hal", "jurgen"],
                "name": ["Maya Park", "José García", "Elif Yıldız", "Ana Ortiz", "Hal Mercer", "Jürgen Müller"],
                "email": [
                    "maya@example.com",
                    "jose@fernway.com",
                    "elif@acme.example",
                    "ana.ortiz@globex.example",
                    "hal@initech.example",
                    "juergen.mueller@contoso.example",
                ],
                "is_seeker": ["yes", "", "", "", "", ""],
            }
        ),
        pd.DataFrame({"introducer": ["maya"], "introduced": ["jose"], "date": ["2026-09-01"]}),
        pd.DataFrame({"contact": ["hal"], "date": ["2026-09-08 09:00"], "thank_you_sent": ["2026-09-08 12:00"]}),
    )


def read(paths=ALL, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rg.ReferralGraphWarning)
        return rg.read_history(paths, **{**WINDOW, **kw})


@pytest.fixture(scope="module")
def merged():
    return rg.merge_history(network(), read(), report=True)


class TestReadCalendar:
    def test_google_time_zones_recurrence_and_exceptions(self):
        h = read([FIX / "google.ics"])
        hal = h[h["sender"] == "hal@initech.example"]["date"].dt.strftime("%m-%d %H:%M").tolist()
        # weekly on Tuesdays at 09:00 New York time across the change to winter time (Nov 1);
        # Sep 22 is an EXDATE, Sep 29 a cancelled override; nothing after `until`
        assert hal == [
            "09-01 09:00",
            "09-08 09:00",
            "09-15 09:00",
            "10-06 09:00",
            "10-13 09:00",
            "10-20 09:00",
            "10-27 09:00",
            "11-03 09:00",
            "11-10 09:00",
        ]
        utc = h[h["sender"] == "elif.y@gmail.com"].iloc[0]
        assert utc["date"] == pd.Timestamp("2026-10-08 10:00")  # 14:00Z is 10:00 EDT
        day = h[h["all_day"]].iloc[0]
        assert day["date"] == pd.Timestamp("2026-10-10") and "ana ortiz" in day["title_key"]
        assert "coffee with ana ortiz" not in h["title_key"].tolist()  # the cancelled event is not read

    def test_outlook_windows_zone_and_dst(self):
        h = read([FIX / "outlook.ics"], tz="Europe/Berlin")
        assert h["date"].tolist() == [pd.Timestamp("2026-10-23 10:00"), pd.Timestamp("2026-10-26 09:30")]
        ny = read([FIX / "outlook.ics"])  # 10:00 CEST = 04:00 EDT; 09:30 CET (after Oct 25) = 04:30 EDT
        assert ny["date"].dt.strftime("%H:%M").tolist() == ["04:00", "04:30"]

    def test_kind_guessed_from_title_and_place(self):
        h = read([FIX / "google.ics", FIX / "outlook.ics"])
        kinds = dict(zip(h["date"].dt.strftime("%m-%d %H:%M"), h["kind"]))
        assert kinds["10-06 10:00"] == "coffee"  # "Coffee with José", a café
        assert kinds["10-08 10:00"] == "informational-interview"
        assert kinds["10-06 09:00"] == "call"  # a Zoom link: video calls are calls
        assert kinds["10-23 04:00"] == "call"  # "Microsoft Teams Meeting", not "tea"
        assert pd.isna(kinds["10-10 00:00"])

    def test_nothing_private_is_kept(self):
        h = read()
        text = h.astype(str).to_string()
        for secret in ("Private", "private body", "Blue Bottle", "Looking forward", "Budget spreadsheet"):
            assert secret not in text


class TestReadMail:
    def test_headers_only_with_encodings(self):
        h = read([FIX / "takeout.mbox", FIX / "thunderbird.mbox", FIX / "apple.eml"])
        names = {n for people in h["people"] for _a, n, _r in people}
        assert {"José García", "Jürgen Müller", "Elif Yildiz"} <= names  # RFC 2047 (UTF-8, ISO-8859-1), 8-bit
        assert h["sent_label"].sum() == 4  # Google's X-Gmail-Labels: Sent
        assert len(h) == 10  # 7 of 8 Takeout messages (the broken date is reported), 2 Thunderbird, 1 Apple

    def test_problems_name_file_and_message(self):
        with pytest.warns(
            rg.ReferralGraphWarning,
            match=r"takeout.mbox: 1 item\(s\) not fully read: message 8 "
            r"\(<broken-date@x.example>\): Date header",
        ):
            rg.read_history(FIX / "takeout.mbox", **WINDOW)
        with pytest.warns(rg.ReferralGraphWarning, match="thunderbird.mbox.*8-bit header bytes"):
            rg.read_history(FIX / "thunderbird.mbox", **WINDOW)

    def test_format_told_by_content(self, tmp_path):
        odd = tmp_path / "calendar.txt"
        shutil.copy(FIX / "google.ics", odd)
        assert len(read([odd])) == len(read([FIX / "google.ics"]))
        bad = tmp_path / "notes.ics"
        bad.write_text("just some text\n")
        with pytest.raises(rg.OptionError, match="notes.ics: expected an iCalendar export"):
            rg.read_history(bad)

    def test_apple_mail_export_folder(self, tmp_path):
        folder = tmp_path / "Sent Messages.mbox"
        folder.mkdir()
        shutil.copy(FIX / "thunderbird.mbox", folder / "mbox")
        assert len(read([folder])) == 2

    def test_huge_attachment_on_one_line(self, tmp_path):
        p = tmp_path / "big.mbox"
        with open(p, "wb") as f:
            f.write(
                b"From a Mon Jan 1 00:00:00 2026\nFrom: hal@initech.example\nDate: Thu, 1 Oct 2026 10:00:00 +0000\n\n"
            )
            f.write(b"A" * 20_000_000 + b"\n\n")  # 20 MB without a line break: skipped by a byte search
            f.write(
                b"From b Mon Jan 1 00:00:00 2026\nFrom: ana.ortiz@globex.example\nDate: Fri, 2 Oct 2026 10:00:00 +0000\n\n"
            )
        h = read([p])
        assert h["sender"].tolist() == ["hal@initech.example", "ana.ortiz@globex.example"]

    def test_empty(self, tmp_path):
        e = tmp_path / "empty.mbox"
        e.write_bytes(b"From x Mon Jan 1 00:00:00 2026\n")
        assert read([e]).empty


class TestMerge:
    def test_meetings_from_the_calendar(self, merged):
        net, rep = merged
        added = rep[rep["action"] == "meeting"]
        assert sorted(set(added["contact"])) == ["ana", "elif", "hal", "jose", "jurgen"]
        why = dict(zip(added["contact"], added["why"]))
        assert why["elif"].startswith("attendee name 'Elif Yildiz'")  # another address: the name matcher
        assert why["ana"].startswith("their name is in the title")
        assert why["jose"].startswith("attendee e-mail jose@fernway.com")
        assert len(net.meetings) == 1 + len(added)

    def test_never_twice_the_same_day(self, merged):
        net, rep = merged
        assert rep[rep["action"] == "meeting-recorded"]["date"].tolist() == [pd.Timestamp("2026-09-08 09:00")]
        again, rep2 = rg.merge_history(net, read(), report=True)
        assert (rep2["action"] == "meeting").sum() == 0 and again.meetings.equals(net.meetings)

    def test_declined_group_and_unknown(self, merged):
        _net, rep = merged
        skipped = rep[rep["action"] == "skipped"]["why"].tolist()
        assert skipped == ["you declined it", "a group event (7 people besides you)"]
        unknown = rep[rep["action"] == "unknown"]["why"].tolist()
        assert "Sam Reed <sam@startup.example> is not a contact" in unknown
        assert "news@letters.example is not a contact" in unknown

    def test_thank_you_rule(self, merged):
        net, rep = merged
        m = net.meetings.set_index(["contact", "date"])["thank_you_sent"]
        assert m[("jose", pd.Timestamp("2026-10-06 10:00"))] == pd.Timestamp("2026-10-06 21:05")
        # Elif: the reply into an August thread the next day is a touch; the new message two days later is the thank-you
        assert m[("elif", pd.Timestamp("2026-10-08 10:00"))] == pd.Timestamp("2026-10-10 19:30")
        assert rep[rep["action"] == "reply-elsewhere"]["contact"].tolist() == ["elif"]
        assert m[("ana", pd.Timestamp("2026-10-10"))] == pd.Timestamp("2026-10-12 08:00")  # an all-day event
        assert m[("hal", pd.Timestamp("2026-09-08 09:00"))] == pd.Timestamp("2026-09-08 12:00")  # the seeker's own kept
        assert pd.isna(m[("hal", pd.Timestamp("2026-09-15 09:00"))])  # no message within 7 days

    def test_window_days(self):
        net = rg.merge_history(network(), read(), window_days=1)
        m = net.meetings.set_index(["contact", "date"])["thank_you_sent"]
        assert pd.isna(m[("elif", pd.Timestamp("2026-10-08 10:00"))])
        with pytest.raises(rg.OptionError, match="window_days must be a whole number"):
            rg.merge_history(network(), read(), window_days=0)

    def test_touches_feed_last_touch_and_the_cadence(self, merged):
        net, _rep = merged
        assert net.contacts.set_index("id")["last_touch"]["jose"] == pd.Timestamp("2026-11-02")
        cm = rg.contact_metrics(net, as_of="2026-11-20").set_index("contact")
        assert cm.loc["jose", "last_touch"] == pd.Timestamp("2026-11-02")  # the e-mail, later than the meeting
        before = rg.contact_metrics(net, as_of="2026-10-31").set_index("contact")
        assert before.loc["jose", "last_touch"] < pd.Timestamp("2026-11-02")  # a later touch is not known yet

    def test_new_adds_calendar_attendees(self):
        net, rep = rg.merge_history(network(), read(), new=True, report=True)
        sam = net.contacts[net.contacts["email"] == "sam@startup.example"]
        assert sam["name"].tolist() == ["Sam Reed"]
        assert (net.meetings["contact"] == sam["id"].iloc[0]).sum() == 1

    def test_me_and_no_sent_mail(self):
        net = network()
        anon = rg.from_frames(
            net.contacts.assign(email=net.contacts["email"].where(net.contacts["id"] != "maya")),
            net.introductions,
            net.meetings,
        )
        _n, rep = rg.merge_history(anon, read([FIX / "apple.eml"]), report=True)
        assert rep.attrs["notes"] and "no message is from you" in rep.attrs["notes"][0]
        _n, rep = rg.merge_history(anon, read([FIX / "apple.eml"]), me="MAYA@example.com", report=True)
        assert not rep.attrs.get("notes")

    def test_input_unchanged_and_empty_network(self, merged):
        net = network()
        rg.merge_history(net, read())
        assert net.equals(network())
        lonely = rg.from_frames(pd.DataFrame({"name": ["Me"], "is_seeker": ["yes"]}))
        out, rep = rg.merge_history(lonely, read(), report=True)
        assert out.equals(lonely) and set(rep["action"]) <= {"unknown", "skipped"}


class TestImportIntoFiles:
    def folder(self, tmp_path):
        src = tmp_path / "search"
        src.mkdir()
        (src / "contacts.csv").write_bytes(
            "id;name;email;is_seeker;Phone\r\nmaya;Maya Park;maya@example.com;Y;+1 555\r\n"
            "jose;José García;jose@fernway.com;;\r\nelif;Elif Yıldız;;;\r\n".encode("utf-8")
        )
        (src / "meetings.csv").write_bytes(b"contact;date;kind;thank_you_sent\r\njose;05/10/2026;Coffee chat;\r\n")
        (src / "introductions.csv").write_bytes(b"introducer;introduced;date\r\n")
        return src

    def test_dry_run_writes_nothing(self, tmp_path):
        src = self.folder(tmp_path)
        before = {p.name: p.read_bytes() for p in src.iterdir()}
        rep = rg.import_history(ALL, src, dry_run=True, tz="America/New_York", dayfirst=True)
        assert {"meeting", "thank-you", "touch"} <= set(rep["action"])
        assert {p.name: p.read_bytes() for p in src.iterdir()} == before

    def test_appends_and_fills_only(self, tmp_path):
        src = self.folder(tmp_path)
        old_meetings = (src / "meetings.csv").read_bytes()
        rep = rg.import_history(ALL, src, tz="America/New_York", dayfirst=True)
        after = (src / "meetings.csv").read_bytes()
        assert after.startswith(old_meetings)  # the seeker's rows, words and date style kept byte for byte
        assert b"jose;2026-10-06 10:00;coffee;2026-10-06 21:05\r\n" in after
        contacts = (src / "contacts.csv").read_bytes().decode("utf-8")
        assert contacts.startswith(
            "id;name;email;is_seeker;Phone;last_touch\r\nmaya;Maya Park;maya@example.com;Y;+1 555\r\n"
        )
        assert "jose;José García;jose@fernway.com;;;2026-11-02\r\n" in contacts
        assert sorted(rep.attrs["files"]) == sorted(str(src / n) for n in ("contacts.csv", "meetings.csv"))
        net = rg.load(src, dayfirst=True)
        assert len(net.problems[net.problems["severity"] == "error"]) == 0
        again = rg.import_history(ALL, src, tz="America/New_York", dayfirst=True)
        assert (again["action"] == "meeting").sum() == 0 and again.attrs["files"] == []


class TestHostileFiles:
    def test_endless_and_dense_recurrence(self, tmp_path, monkeypatch):
        from referralgraph.readwrite import _calendar

        monkeypatch.setattr(_calendar, "MAX_STEPS", 1000)  # 46,000 days from 1900 to the window: walked up to 1,000
        p = tmp_path / "endless.ics"
        p.write_text(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:19000101T090000Z\r\n"
            "RRULE:FREQ=DAILY\r\nSUMMARY:Daily call with Hal Mercer\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\n"
            "DTSTART:20261001T090000Z\r\nRRULE:FREQ=SECONDLY\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        with pytest.warns(
            rg.ReferralGraphWarning,
            match=r"event 1 \(UID a\): its rule gives more than 1,000"
            r".*event 2 \(UID b\): repeats secondly",
        ):
            h = rg.read_history(p, since="2026-10-01", until="2026-10-31", tz="UTC")
        assert len(h) == 1  # the dense rule's first occurrence; the endless daily rule stopped at MAX_STEPS

    def test_daily_rule_expanded_only_in_the_window(self, tmp_path):
        p = tmp_path / "daily.ics"
        p.write_text(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20200101T090000Z\r\n"
            "RRULE:FREQ=DAILY\r\nSUMMARY:Standup\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        assert len(rg.read_history(p, since="2026-10-01", until="2026-10-31", tz="UTC")) == 31

    def test_malformed_calendar(self, tmp_path):
        p = tmp_path / "broken.ics"
        p.write_text(
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:no start\r\nEND:VEVENT\r\n"
            "BEGIN:VEVENT\r\nDTSTART:notadate\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        with pytest.warns(rg.ReferralGraphWarning, match=r"broken.ics: 2 item\(s\) not fully read: event 1 \(UID x\)"):
            assert rg.read_history(p, since="2026-10-01", until="2026-10-31", tz="UTC").empty

    def test_mbox_without_header_end_and_binary(self, tmp_path):
        p = tmp_path / "odd.mbox"
        p.write_bytes(
            b"From x Mon Jan 1 00:00:00 2026\nSubject: " + b"A" * 300_000 + b"\n\nbody\n\n"
            b"From y Mon Jan 1 00:00:00 2026\nFrom: \xff\xfe <hal@initech.example>\nTo: me@x.example\n"
            b"Date: Thu, 1 Oct 2026 10:00:00 +0000\nSubject: =?bogus?Q?abc?= =?utf-8?B?!!!?=\n\n\x00\x01\n"
        )
        with pytest.warns(rg.ReferralGraphWarning, match="message 1: its header is longer than 256 KiB; skipped"):
            h = rg.read_history(p, since="2026-10-01", until="2026-10-31", tz="UTC")
        assert h["sender"].tolist() == ["hal@initech.example"]

    def test_last_message_without_blank_line(self, tmp_path):
        p = tmp_path / "cut.mbox"
        p.write_bytes(
            b"From x Mon Jan 1 00:00:00 2026\nFrom: hal@initech.example\nDate: Thu, 1 Oct 2026 10:00:00 +0000"
        )
        assert rg.read_history(p, since="2026-10-01", until="2026-10-31", tz="UTC")["sender"].tolist() == [
            "hal@initech.example"
        ]

    def test_not_a_file(self, tmp_path):
        with pytest.raises(rg.OptionError, match="it is a folder"):
            rg.read_history(tmp_path)
        with pytest.raises(rg.OptionError, match="not a regular file"):
            rg.read_history("/dev/null")

    @pytest.mark.slow
    def test_ten_thousand_events(self, tmp_path):
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0"]
        for k in range(10_000):
            day = pd.Timestamp("2026-01-01") + pd.Timedelta(hours=k)
            lines += [
                "BEGIN:VEVENT",
                f"UID:{k}",
                f"DTSTART:{day:%Y%m%dT%H%M%S}Z",
                "SUMMARY:Call with Hal Mercer",
                "END:VEVENT",
            ]
        p = tmp_path / "many.ics"
        p.write_text("\r\n".join(lines + ["END:VCALENDAR", ""]))
        h = rg.read_history(p, since="2026-01-01", until="2027-12-31", tz="UTC")
        assert len(h) == 10_000
        net = rg.merge_history(network(), h)
        assert (net.meetings["contact"] == "hal").sum() == h[
            "date"
        ].dt.normalize().nunique()  # one a day (09-08 was there)


class TestCommand:
    def test_dry_run_table_and_merge(self, run, tmp_path, monkeypatch):
        monkeypatch.setattr("referralgraph._clock.now", lambda: pd.Timestamp("2026-11-15 12:00"))
        src = rg.save(network(), tmp_path / "search")
        out = run("import-history", src, *ALL, "--dry-run", "--tz", "America/New_York")
        assert out.exit_code == 0, out.output
        assert "Would add 13 meetings, 5 thank-you times and 5 last touches" in out.output
        assert "Nothing was written (--dry-run)." in out.output
        # the August message is before the search's dates, but still tells its thread: the reply is not a thank-you
        assert "reply-elsewhere    2026-10-09 09:00 Elif Yıldız (elif)" in out.output
        assert "thank-you          2026-10-10 19:30 Elif Yıldız (elif)" in out.output
        assert "Private" not in out.output and "Budget" not in out.output
        out = run("import-history", src, *ALL, "--tz", "America/New_York")
        assert out.exit_code == 0 and "\nAdded 13 meetings" in out.output
        assert len(rg.load(src).meetings) == 14

    def test_errors_are_one_line(self, run, tmp_path):
        src = rg.save(network(), tmp_path / "search")
        bad = tmp_path / "x.txt"
        bad.write_text("hello\n")
        out = run("import-history", src, bad)
        assert out.exit_code == 1 and out.output.startswith("Error: ") and "expected an iCalendar export" in out.output
        out = run("import-history", src, FIX / "apple.eml", "--tz", "Mars/Olympus")
        assert out.exit_code == 1 and "tz must be a time zone name" in out.output


class TestTouchesInAdvice:
    def test_cadence_and_quiet_figures_count_mail(self):
        net = rg.from_frames(
            pd.DataFrame(
                {
                    "id": ["maya", "jose"],
                    "name": ["Maya Park", "José García"],
                    "email": ["maya@example.com", "jose@fernway.com"],
                    "is_seeker": ["yes", ""],
                }
            ),
            None,
            pd.DataFrame({"contact": ["jose"], "date": ["2026-06-01 10:00"], "thank_you_sent": ["2026-06-01 20:00"]}),
        )
        new = rg.merge_history(net, read([FIX / "apple.eml"], since="2026-01-01", until="2026-11-20"))
        assert "cultivate" in rg.next_actions(net, as_of="2026-11-20")["habit"].tolist()
        assert "cultivate" not in rg.next_actions(new, as_of="2026-11-20")["habit"].tolist()  # e-mailed on 11-02
        assert rg.seeker_summary(net, as_of="2026-11-20")["dormant_contacts"].tolist() == [1]
        assert rg.seeker_summary(new, as_of="2026-11-20")["dormant_contacts"].tolist() == [0]
