"""Logging a meeting, an introduction or a thank-you: new networks, and rows appended byte for byte to the files."""

import warnings
import re
import zipfile

import pandas as pd
import pytest

import referralgraph as rg

# a hand-written folder the way people keep it: semicolons, LF, cp1252, quotes, odd spellings the
# library normalises (" Acme ", "Yes", 03/02/2026), a blank line, no newline at the end
CONTACTS = (
    "id;name;organization;is_seeker\n"
    "me;Maya Ruiz;;Yes\n"
    "ann;Ann Lee; Acme ;\n"
    "\n"
    'bo;"Bo Chen";"Globex; Inc.";\n'
    "ed;Ed Caf\xe9;Initech;no"
)
INTROS = "introducer;introduced;date;status\nann;bo;2026-02-10;Met\n"
MEETINGS = (
    "contact;date;asked_for_introductions;thank_you_sent;takeaways\n"
    'ann;03/02/2026 10:00;Yes;;"long, ""quoted"" text"\n'
    "bo;2026-02-15 09:00;No;2026-02-15 20:00;\n"
)


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "search"
    d.mkdir()
    (d / "contacts.csv").write_bytes(CONTACTS.encode("cp1252"))
    (d / "introductions.csv").write_bytes(INTROS.encode("cp1252"))
    (d / "meetings.csv").write_bytes(MEETINGS.encode("cp1252"))
    return d


def snapshot(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def read(folder):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cp1252 files are reported
        return rg.load(folder, dayfirst=True, today="2026-12-31")


class TestLogOnNetwork:
    def test_meeting_returns_new_network_and_leaves_input(self, small):
        before = small.meetings
        after = rg.log_meeting(
            small, "Cy", date="2026-02-03 15:00", kind="coffee", asked=True, takeaways="=not a formula"
        )
        assert small.meetings.equals(before) and after is not small
        last = after.meetings.iloc[-1]
        assert (last["contact"], last["kind"], bool(last["asked_for_introductions"])) == ("cy", "coffee", True)
        assert last["date"] == pd.Timestamp("2026-02-03 15:00") and last["takeaways"] == "=not a formula"
        assert last["seeker"] == "me" and len(after.meetings) == len(before) + 1

    def test_new_person_only_when_asked(self, small):
        with pytest.raises(rg.ContactNotFound, match="'Zoe Park' is not a contact.*--new"):
            rg.log_meeting(small, "Zoe Park")
        after = rg.log_meeting(small, "Zoe Park", new=True, organization="Hooli", date="2026-02-05")
        row = after.contacts.iloc[-1]
        assert (row["id"], row["name"], row["organization"]) == ("zoe-park", "Zoe Park", "Hooli")
        assert row["first_contact"] == pd.Timestamp("2026-02-05")
        with pytest.raises(rg.OptionError, match="already in the network"):
            rg.log_meeting(after, "zoe-park", new=True)

    def test_ambiguous_name_lists_candidates(self, small):
        net = rg.log_meeting(small, "Ann Bell", new=True, date="2026-02-05")
        assert rg.log_meeting(net, "ann", date="2026-02-06").meetings.iloc[-1]["contact"] == "ann"  # the id wins
        assert rg.log_meeting(net, "ann b", date="2026-02-06").meetings.iloc[-1]["contact"] == "ann-bell"
        net2 = rg.log_meeting(rg.log_meeting(small, "Cyd One", new=True), "Cyd Two", new=True)
        with pytest.raises(rg.ContactNotFound, match=r"matches 2 contacts: cyd-one \(Cyd One\); cyd-two"):
            rg.log_meeting(net2, "Cyd")

    def test_introduction_moves_status_on_without_duplicate(self, small):
        net = rg.log_introduction(small, "Bo", "Ed", status="introduced")
        assert len(net.introductions) == len(small.introductions)
        assert net.introductions.query("introduced == 'ed'")["status"].tolist() == ["introduced"]
        with pytest.raises(rg.OptionError, match="already logged with status 'introduced'"):
            rg.log_introduction(net, "bo", "ed", status="introduced")

    def test_introduction_that_breaks_the_rules_is_refused(self, small):
        with pytest.raises(rg.ValidationError, match="introduced to themselves"):
            rg.log_introduction(small, "Ann", "me")
        with pytest.raises(rg.OptionError, match="status must be one of suggested, introduced, met"):
            rg.log_introduction(small, "Ann", "Di", status="maybe")

    def test_thanks_goes_to_latest_unthanked_meeting(self, small):
        net = rg.log_thanks(small, "Ann", date="2026-02-01 20:00")
        m = net.meetings
        assert m.loc[3, "thank_you_sent"] == pd.Timestamp("2026-02-01 20:00")
        assert m.loc[0, "thank_you_sent"] == small.meetings.loc[0, "thank_you_sent"]
        with pytest.raises(rg.OptionError, match="already has a thank-you"):
            rg.log_thanks(net, "Ann", date="2026-02-02")
        with pytest.raises(rg.OptionError, match="no conversation with Cy is logged"):
            rg.log_thanks(small, "Cy")
        noted = rg.log_thanks(small, "Di", handwritten=True, date="2026-01-06")
        assert noted.meetings.loc[2, "handwritten_note_date"] == pd.Timestamp("2026-01-06")

    def test_cohort_needs_the_seeker(self, cohort):
        with pytest.raises(rg.SeekerNotFound, match="2 seekers"):
            rg.log_meeting(cohort, "Bo")
        net = rg.log_meeting(cohort, "Bo", seeker="s1", date="2026-03-01 10:00")
        assert net.meetings.iloc[-1][["contact", "seeker"]].tolist() == ["b", "s1"]

    def test_lonely_seeker_first_contact(self, lonely):
        net = rg.log_meeting(lonely, "Ann Lee", new=True, date="2026-01-02 10:00")
        assert net.tree_table()["contact"].tolist() == ["Me", "Ann Lee"]  # ids are names in this network

    def test_bad_date(self, small):
        with pytest.raises(rg.OptionError, match="got 'yesterday-ish'"):
            rg.log_meeting(small, "Cy", date="yesterday-ish")


class TestAppendToCsvFolder:
    def test_meeting_appends_and_changes_nothing_else(self, folder):
        before = snapshot(folder)
        net = read(folder)
        entry = rg.append_meeting(
            folder,
            "Ed Caf\xe9",
            date="2026-03-01 18:00",
            asked=True,
            takeaways='said "call; me"',
            dayfirst=True,
            today="2026-12-31",
        )
        after = snapshot(folder)
        assert after["contacts.csv"] == before["contacts.csv"]
        assert after["introductions.csv"] == before["introductions.csv"]
        new = after["meetings.csv"]
        assert new.startswith(before["meetings.csv"])
        # semicolons, LF, the file's own yes/no words, quotes where the text needs them
        assert new[len(before["meetings.csv"]) :] == b'ed;2026-03-01 18:00;Yes;;"said ""call; me"""\n'
        assert entry["next"] == "send Ed Caf\xe9 a thank-you, due by 2026-03-02 18:00"
        assert entry["due"] == pd.Timestamp("2026-03-02 18:00")
        assert read(folder).equals(
            rg.log_meeting(net, "ed", date="2026-03-01 18:00", asked=True, takeaways='said "call; me"')
        )

    def test_new_contact_in_a_file_without_final_newline(self, folder):
        before = snapshot(folder)
        rg.append_meeting(folder, "Zoe Park", new=True, organization="Hooli; West", date="2026-03-02", dayfirst=True)
        new = (folder / "contacts.csv").read_bytes()
        assert new == before["contacts.csv"] + b'\nzoe-park;Zoe Park;"Hooli; West";'
        assert read(folder).contact("zoe-park")["organization"] == "Hooli; West"

    def test_thanks_sets_one_cell(self, folder):
        before = (folder / "meetings.csv").read_bytes()
        entry = rg.append_thanks(folder, "ann", date="2026-02-03 19:00", dayfirst=True)
        after = (folder / "meetings.csv").read_bytes()
        assert after == before.replace(b"Yes;;", b"Yes;2026-02-03 19:00;", 1)
        assert "for the conversation on 2026-02-03 10:00" in entry["logged"]

    def test_missing_column_is_added_to_the_header_only(self, folder):
        before = (folder / "meetings.csv").read_bytes()
        entry = rg.append_meeting(folder, "bo", date="2026-03-05 10:00", kind="call", dayfirst=True)
        after = (folder / "meetings.csv").read_bytes()
        head, rest = before.split(b"\n", 1)
        assert after == head + b";kind\n" + rest + b"bo;2026-03-05 10:00;;;;call\n"
        assert entry["notes"] == ["added column kind to meetings.csv"]
        assert read(folder).meetings["kind"].tolist()[-1] == "call"

    def test_character_the_encoding_cannot_hold(self, folder):
        before = snapshot(folder)
        with pytest.raises(rg.SchemaError, match="saved as cp1252, which cannot hold"):
            rg.append_meeting(folder, "\u0141ukasz Nowak", new=True, dayfirst=True)
        assert snapshot(folder) == before

    def test_refused_row_writes_nothing(self, folder):
        before = snapshot(folder)
        with pytest.raises(rg.ValidationError, match="introduced to themselves"):
            rg.append_introduction(folder, "ann", "me", dayfirst=True)
        with pytest.raises(rg.ContactNotFound, match="'Nobody' is not a contact"):
            rg.append_meeting(folder, "Nobody", dayfirst=True)
        assert snapshot(folder) == before

    def test_formula_text_is_neutralised_and_reads_back(self, tmp_path):
        folder = rg.save(
            rg.from_frames(pd.DataFrame({"name": ["Me", "Ann"], "is_seeker": ["yes", ""]})), tmp_path / "s"
        )
        rg.append_meeting(folder, "Ann", date="2026-01-05 10:00", notes='=HYPERLINK("x")')
        text = (folder / "meetings.csv").read_text(encoding="utf-8-sig")
        assert "'=HYPERLINK" in text
        assert rg.load(folder).meetings["notes"].tolist() == ['=HYPERLINK("x")']

    def test_meetings_file_missing_is_created(self, tmp_path):
        d = tmp_path / "s"
        d.mkdir()
        (d / "contacts.csv").write_bytes(b"name,is_seeker\r\nMe,yes\r\nAnn,\r\n")
        entry = rg.append_meeting(d, "Ann", date="2026-01-05 10:00", asked=False)
        assert (d / "meetings.csv").read_bytes() == (
            b"contact,date,asked_for_introductions\r\nAnn,2026-01-05 10:00,false\r\n"
        )
        assert entry["notes"] == ["created meetings.csv"]
        assert (d / "contacts.csv").read_bytes() == b"name,is_seeker\r\nMe,yes\r\nAnn,\r\n"

    def test_utf16_and_quote_all(self, tmp_path):
        d = tmp_path / "s"
        d.mkdir()
        contacts = '"name"\t"is_seeker"\r\n"Me"\t"yes"\r\n"Ann"\t""\r\n'
        (d / "contacts.csv").write_bytes(contacts.encode("utf-16"))
        rg.append_meeting(d, "Zo\u00eb \u0141", new=True, date="2026-01-05")
        data = (d / "contacts.csv").read_bytes()
        assert data == (contacts + '"Zo\u00eb \u0141"\t""\r\n').encode("utf-16")
        assert "Zo\u00eb \u0141" in rg.load(d).ids


class TestAppendToWorkbook:
    @pytest.mark.slow
    def test_only_the_sheets_rows_change(self, tmp_path, small):
        path = rg.save(small, tmp_path / "search.xlsx")
        with zipfile.ZipFile(path) as z:
            before = {n: z.read(n) for n in z.namelist()}
        entry = rg.append_meeting(path, "Zoe Park", new=True, date="2026-02-03 15:00", asked=True)
        assert entry["next"] == "send Zoe Park a thank-you, due by 2026-02-04 15:00"
        rg.append_thanks(path, "zoe-park", date="2026-02-03 21:00")
        with zipfile.ZipFile(path) as z:
            after = {n: z.read(n) for n in z.namelist()}
        assert set(after) == set(before)
        changed = {n for n in before if before[n] != after[n]}
        assert changed == {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml"}
        sheet = after["xl/worksheets/sheet3.xml"].decode()
        old = before["xl/worksheets/sheet3.xml"].decode()
        start, cut = old.index("<sheetData>"), old.index("</sheetData>")
        assert sheet[start:].startswith(old[start:cut])  # every existing row as it was
        grown = re.sub(r'ref="A1:([A-Z]+)6"', r'ref="A1:\g<1>5"', sheet[:start])
        assert grown == old[:start] and grown != sheet[:start]  # and the dimension grew by one row
        expected = rg.log_thanks(
            rg.log_meeting(small, "Zoe Park", new=True, date="2026-02-03 15:00", asked=True),
            "zoe-park",
            date="2026-02-03 21:00",
        )
        assert rg.load(path).equals(expected)

    def test_workbook_readable_by_openpyxl(self, tmp_path, small):
        import openpyxl

        path = rg.save(small, tmp_path / "search.xlsx")
        rg.append_introduction(path, "Cy", "Fay Wu", new=True, status="suggested", date="2026-02-02")
        ws = openpyxl.load_workbook(path)["introductions"]
        assert [c.value for c in ws[ws.max_row]][:2] == ["cy", "fay-wu"]
        assert ws.dimensions.endswith(str(ws.max_row))
        rg.append_meeting(path, "Cy", date="2026-02-03 10:00", thanked="2026-02-03 23:59:59")  # exact serials
        last = rg.load(path).meetings.iloc[-1]
        assert (last["date"], last["thank_you_sent"]) == (
            pd.Timestamp("2026-02-03 10:00"),
            pd.Timestamp("2026-02-03 23:59:59"),
        )
        assert openpyxl.load_workbook(path)["meetings"].cell(row=6, column=2).number_format == "yyyy-mm-dd hh:mm:ss"


class TestUnlikeTheDemo:
    def test_linkedin_only_network_then_log(self, tmp_path):
        net = rg.from_linkedin(pd.DataFrame({"name": ["Ann Lee", "Bo Chen"]}), seeker="Maya Park")
        folder = rg.save(net, tmp_path / "s")
        before = (folder / "contacts.csv").read_bytes()
        with pytest.raises(rg.ContactNotFound, match="'B' is not a contact"):  # under 3 letters: whole words only
            rg.append_meeting(folder, "B")
        entry = rg.append_meeting(folder, "Bo", date="2026-03-01 10:00", asked=True, kind="call")  # a first name
        assert (folder / "contacts.csv").read_bytes() == before
        assert entry["contact"] == "bo-chen"
        assert entry["notes"] == ["added columns kind, asked_for_introductions to meetings.csv"]
        assert (folder / "meetings.csv").read_bytes() == (
            b"\xef\xbb\xbfcontact,date,seeker,kind,asked_for_introductions\r\nbo-chen,2026-03-01 10:00,,call,true\r\n"
        )
        meeting = rg.load(folder).meetings.iloc[0]
        assert (meeting["contact"], meeting["kind"], bool(meeting["asked_for_introductions"])) == (
            "bo-chen",
            "call",
            True,
        )

    def test_19_digit_ids_stay_text(self, tmp_path):
        d = tmp_path / "s"
        d.mkdir()
        (d / "contacts.csv").write_text("id,name,is_seeker\n1000000000000000001,Me,yes\n9223372036854775809,Ann,\n")
        (d / "meetings.csv").write_text("contact,date\n")
        rg.append_meeting(d, "9223372036854775809", date="2026-01-02 10:00")
        assert (d / "meetings.csv").read_text().endswith("\n9223372036854775809,2026-01-02 10:00\n")
        assert rg.load(d).meetings["contact"].tolist() == ["9223372036854775809"]

    def test_intro_is_dated_by_the_day(self, small):
        net = rg.log_introduction(small, "Di", "Fay", new=True, date="2026-02-02 15:45")
        assert net.introductions.iloc[-1]["date"] == pd.Timestamp("2026-02-02")

    def test_errors_already_in_the_files_do_not_block_logging(self, tmp_path):
        d = tmp_path / "s"
        d.mkdir()
        (d / "contacts.csv").write_text("name,is_seeker\nMe,yes\nAnn,\n")
        (d / "meetings.csv").write_text("contact,date\nNobody,2026-01-02\n")  # an error of the user's
        assert (rg.validate(d)["severity"] == "error").sum() == 1
        rg.append_meeting(d, "Ann", date="2026-01-03 10:00")
        assert (d / "meetings.csv").read_text() == "contact,date\nNobody,2026-01-02\nAnn,2026-01-03 10:00\n"
        with pytest.raises(rg.ValidationError, match="introduced to themselves"):
            rg.append_introduction(d, "Ann", "Me")  # a new error still is refused

    def test_cohort_files_get_the_seeker(self, tmp_path, cohort):
        folder = rg.save(cohort, tmp_path / "c")
        with pytest.raises(rg.SeekerNotFound, match="2 seekers"):
            rg.append_meeting(folder, "Bo", date="2026-03-01 10:00")
        rg.append_meeting(folder, "Bo", seeker="Sue", date="2026-03-01 10:00")  # a seeker's name works too
        data = (folder / "meetings.csv").read_bytes()
        assert data == b"\xef\xbb\xbfcontact,date,seeker\r\nb,2026-03-01 10:00,s2\r\n"
        assert "b" in rg.load(folder).tree_table("s2")["contact"].tolist()
