"""The LinkedIn Connections.csv reader, merging an export into a network, and starting one from it."""

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import referralgraph as rg
from referralgraph.readwrite.linkedin import HIDDEN_NAME

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "linkedin"
RECENT = FIXTURES / "connections_recent.csv"  # Notes preamble, URL column, UTF-8
Y2024 = FIXTURES / "connections_2024_bom.csv"  # no preamble, URL column, UTF-8 with BOM, CRLF
Y2022 = FIXTURES / "connections_2022_cp1252.csv"  # no preamble, no URL column, Windows-1252
BAD_DATE = FIXTURES / "connections_bad_date.csv"

COLUMNS = ["id", "name", "organization", "role", "email", "linkedin", "first_contact", "source"]
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def values(frame, columns):
    """Cells as Python lists, missing values as None (``str`` columns hold NaN for missing)."""
    sub = frame[columns].astype(object)
    return sub.where(sub.notna(), None).values.tolist()


def read(path, **kw):
    return rg.read_linkedin(path, problems=True, **kw)


def write(tmp_path, text, name="Connections.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


class TestReadLinkedIn:
    def test_recent_export_with_notes_preamble(self):
        contacts, problems = read(RECENT)
        assert list(contacts.columns) == COLUMNS
        assert contacts.index.name == "row"
        # Notes: (1), paragraph (2), blank (3), header (4); row 11 is hidden and has no URL
        assert contacts.index.tolist() == [5, 6, 7, 8, 9, 10]
        assert contacts["id"].tolist() == ["ann-lee", "bo-chen", "a1b2c3d4", "carla-diaz", "jose-muller", "ann-lee-2"]
        assert contacts["name"].tolist() == ["Ann Lee", "Bo Chen", HIDDEN_NAME, "Carla Diaz", "José Müller", "Ann Lee"]
        assert contacts.loc[5, "organization"] == "Acme Analytics, Inc."
        assert contacts.loc[8, "role"] == "Director, Strategy"
        assert contacts.loc[6, "linkedin"] == "https://www.linkedin.com/in/bochen"
        assert (contacts["source"] == "linkedin").all()

    def test_2024_export_with_bom_and_crlf(self):
        contacts, problems = read(Y2024)
        assert list(contacts.columns) == COLUMNS
        assert contacts.index.tolist() == [2, 3, 4, 5]
        assert contacts["id"].tolist() == ["dana-okafor", "eli-park", "x9y8z7", "fatima-khan"]
        assert contacts.loc[2, "organization"] == "Umbrella, Corp."
        assert contacts.loc[5, "role"] == "Engineer, R&D"
        assert not problems["message"].str.contains("cp1252").any()

    def test_pre_2023_export_in_cp1252_without_url(self):
        contacts, problems = read(Y2022)
        assert contacts.index.tolist() == [2, 3, 5]
        assert contacts["name"].tolist() == ["José Müller", "Zoë Béranger", "Greg O'Neil"]
        assert contacts["id"].tolist() == ["jose-muller", "zoe-beranger", "greg-oneil"]
        assert contacts["organization"].tolist() == ["Globex, S.A.", "Café Crème", "Smith, Jones & Partners"]
        assert contacts["linkedin"].isna().all()
        cp = problems[problems["message"].str.contains("Windows-1252")]
        assert len(cp) == 1 and cp["severity"].iat[0] == "warning"

    def test_connected_on_parsed(self):
        contacts, _ = read(RECENT)
        assert contacts["first_contact"].dtype == "datetime64[ns]"
        assert contacts.loc[5, "first_contact"] == pd.Timestamp("2026-02-08")
        assert contacts.loc[8, "first_contact"] == pd.Timestamp("2025-12-03")
        old, _ = read(Y2022)
        assert old.loc[5, "first_contact"] == pd.Timestamp("2021-01-17")

    def test_emails_mostly_blank(self):
        contacts, _ = read(RECENT)
        assert contacts["email"].notna().tolist() == [False, True, False, False, False, False]
        assert contacts.loc[6, "email"] == "bo.chen@example.com"

    def test_hidden_name_with_url_kept_and_reported(self):
        contacts, problems = read(RECENT)
        assert contacts.loc[7, "name"] == HIDDEN_NAME
        assert contacts.loc[7, "id"] == "a1b2c3d4"
        p = problems[problems["row"] == 7]
        assert p[["column", "severity"]].values.tolist() == [["First Name", "warning"]]
        assert "kept as '(hidden name)' with the id 'a1b2c3d4' from the URL" in p["message"].iat[0]

    def test_hidden_name_without_url_skipped_and_reported(self):
        contacts, problems = read(RECENT)
        assert 11 not in contacts.index
        p = problems[problems["row"] == 11]
        assert p["file"].iat[0] == str(RECENT)
        assert p["message"].iat[0].startswith("skipped: First Name and Last Name are blank")
        assert "(Company 'Hooli', Position 'Intern')" in p["message"].iat[0]
        old_contacts, old_problems = read(Y2022)
        assert old_problems["row"].tolist()[-1] == 4
        assert "nothing identifies this connection; expected" in old_problems["message"].iat[-1]

    def test_problems_become_one_warning_by_default(self):
        with pytest.warns(
            UserWarning,
            match=r"connections_recent\.csv: row 7, column 'First Name': .* \(and 1 more\); "
            r"pass problems=True",
        ):
            contacts = rg.read_linkedin(RECENT)
        assert len(contacts) == 6

    def test_no_warning_for_a_clean_file(self, tmp_path):
        path = write(tmp_path, HEADER + "Ann,Lee,https://linkedin.com/in/ann,,Acme,Analyst,08 Feb 2026\n")
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            contacts = rg.read_linkedin(path)
        assert contacts.index.tolist() == [2]

    def test_bad_date_raises_naming_file_row_and_column(self):
        with pytest.raises(
            rg.ValidationError,
            match=r"2 errors in the input:\n.*connections_bad_date\.csv, row 6, "
            r"column 'Connected On': '31 Feb 2026' is not a date; expected a "
            r"date like '08 Feb 2026'",
        ) as info:
            rg.read_linkedin(BAD_DATE)
        assert info.value.problems["row"].tolist() == [6, 7]
        assert info.value.problems["column"].tolist() == ["Connected On", "Connected On"]

    def test_bad_date_lenient(self):
        contacts, problems = read(BAD_DATE, strict=False)
        assert contacts.index.tolist() == [5, 6, 7]
        assert contacts["first_contact"].isna().tolist() == [False, True, True]
        errors = problems[problems["severity"] == "error"]
        assert errors["row"].tolist() == [6, 7]
        assert "'yesterday' is not a date" in errors["message"].iat[1]

    def test_header_found_by_content(self, tmp_path):
        # a longer preamble (5 lines) than the usual 3 and the header 6th: no fixed skip would work
        text = (
            'Notes:\n"First paragraph."\n\n"Second paragraph, added later."\n\n'
            + HEADER
            + "Ann,Lee,,,Acme,Analyst,08 Feb 2026\n"
        )
        contacts, problems = read(write(tmp_path, text))
        assert contacts.index.tolist() == [7]
        assert contacts["linkedin"].isna().all()

    def test_header_case_and_spacing_tolerated(self, tmp_path):
        text = "first name, last name ,Url,email address,company,position,connected on\nAnn,Lee,,,Acme,,08 Feb 2026\n"
        contacts, _ = read(write(tmp_path, text))
        assert contacts[["name", "organization"]].values.tolist() == [["Ann Lee", "Acme"]]

    def test_missing_optional_column_warned(self, tmp_path):
        contacts, problems = read(write(tmp_path, "First Name,Last Name,URL\nAnn,Lee,\n"))
        assert contacts["first_contact"].isna().all()
        msgs = problems["message"].tolist()
        assert any(m.startswith("no 'Connected On' column; first_contact left blank") for m in msgs)
        assert problems["row"].unique().tolist() == [1]

    def test_no_header_is_a_schema_error(self, tmp_path):
        path = write(tmp_path, "name,organization\nAnn,Acme\n")
        with pytest.raises(
            rg.SchemaError,
            match=r"Connections\.csv: no LinkedIn header in the first 20 lines; expected "
            r"a line with the columns 'First Name,Last Name,URL,Email Address,"
            r"Company,Position,Connected On' .*; the first line is "
            r"'name,organization'",
        ):
            rg.read_linkedin(path)

    def test_header_after_line_20_not_found(self, tmp_path):
        path = write(tmp_path, "junk\n" * 20 + HEADER)
        with pytest.raises(rg.SchemaError, match="the first line is 'junk'"):
            rg.read_linkedin(path)

    def test_empty_file(self, tmp_path):
        with pytest.raises(rg.SchemaError, match=r"Connections\.csv: the file is empty; expected LinkedIn's"):
            rg.read_linkedin(write(tmp_path, "\n \n"))

    def test_missing_file(self, tmp_path):
        with pytest.raises(FileNotFoundError, match="no such file"):
            rg.read_linkedin(tmp_path / "nope.csv")

    def test_folder_is_a_schema_error(self, tmp_path):
        with pytest.raises(rg.SchemaError, match="a folder; expected LinkedIn's Connections.csv file"):
            rg.read_linkedin(tmp_path)

    def test_not_text(self, tmp_path):
        path = tmp_path / "Connections.csv"
        path.write_bytes(HEADER.encode() + b"Ann,L\x81e,,,,,08 Feb 2026\n")
        with pytest.raises(rg.ValidationError, match=r"Connections\.csv, row 2: byte 0x81 "):
            rg.read_linkedin(path)

    def test_ragged_row_names_its_line(self, tmp_path):
        path = write(tmp_path, "Notes:\n\n" + HEADER + "Ann,Lee,,,Acme, Inc.,Analyst,08 Feb 2026\n")
        with pytest.raises(
            rg.ValidationError,
            match=r"Connections\.csv, row 4: the row has 8 cells but the header "
            r"has 7 columns",
        ):
            rg.read_linkedin(path)

    def test_empty_export(self, tmp_path):
        contacts, problems = read(write(tmp_path, HEADER))
        assert contacts.empty and list(contacts.columns) == COLUMNS
        assert problems.empty

    def test_file_left_unchanged(self, tmp_path):
        path = tmp_path / "c.csv"
        shutil.copy(Y2022, path)
        before = path.read_bytes()
        read(path)
        assert path.read_bytes() == before


# ---------------------------------------------------------------------- merging
def base_frames():
    contacts = pd.DataFrame(
        {
            "id": ["maya", "ann", "bo", "carla", "zed"],
            "name": ["Maya Park", "Ann Lee", "Robert Chen", "carla  diaz", "Zed Quinn"],
            "organization": [None, "Acme", None, None, "Zeta"],
            "email": [None, None, "Bo.Chen@Example.com", None, None],
            # same profile as row 5 of the fixture, written with http, no www., upper case and a trailing slash
            "linkedin": [None, "http://linkedin.com/in/ANN-LEE-4b2a1c/", None, None, None],
            "source": [None, "event", "alumni", None, None],
            "is_seeker": ["yes", "", "", "", ""],
        }
    )
    intros = pd.DataFrame({"introducer": ["ann"], "introduced": ["zed"], "date": ["2026-01-10"], "status": ["met"]})
    meetings = pd.DataFrame({"contact": ["ann"], "date": ["2026-01-05"], "asked_for_introductions": ["yes"]})
    return contacts, intros, meetings


@pytest.fixture
def net():
    return rg.from_frames(*base_frames())


def merge(net, connections=RECENT, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # reader warnings; tested separately
        return rg.merge_linkedin(net, connections, report=True, **kw)


class TestMergeLinkedIn:
    def test_report(self, net):
        merged, report = merge(net)
        assert list(report.columns) == ["row", "name", "action", "id", "detail"]
        assert values(report, ["row", "action", "id"]) == [
            [5, "matched-by-url", "ann"],
            [6, "matched-by-email", "bo"],
            [7, "added", "a1b2c3d4"],
            [8, "matched-by-name", "carla"],
            [9, "added", "jose-muller"],
            [10, "added", "ann-lee-2"],
            [11, "skipped", None],
        ]
        assert report["name"].tolist()[-1] == HIDDEN_NAME
        assert report["detail"].iat[-1].startswith("First Name and Last Name are blank")
        assert report["detail"].iat[5] == "not matched by name: contact 'ann' with that name matched another row"

    def test_url_match_ignores_scheme_www_slash_query_and_case(self, net):
        connections = pd.DataFrame(
            {"name": ["A. Lee"], "linkedin": ["https://www.linkedin.com/in/ann-lee-4b2a1c?trk=x"]}
        )
        _, report = merge(net, connections)
        assert report[["action", "id"]].values.tolist() == [["matched-by-url", "ann"]]

    def test_url_match_ignores_percent_encoding(self):
        contacts = pd.DataFrame(
            {
                "name": ["Maya", "J. Müller"],
                "is_seeker": [True, False],
                "linkedin": [None, "linkedin.com/in/josé-müller"],
            }
        )
        _, report = merge(rg.from_frames(contacts))
        assert report.loc[report["row"] == 9, ["action", "id"]].values.tolist() == [["matched-by-url", "J. Müller"]]

    def test_matched_contacts_gain_missing_fields_only(self, net):
        merged, report = merge(net)
        c = merged.contacts.set_index("id")
        assert c.loc["ann", "organization"] == "Acme"  # kept, not overwritten
        assert c.loc["ann", "role"] == "Data Analyst"  # filled
        assert c.loc["ann", "linkedin"] == "http://linkedin.com/in/ANN-LEE-4b2a1c/"  # kept as written
        assert pd.isna(
            c.loc["ann", "first_contact"]
        )  # met 2026-01-05: connecting on 2026-02-08 was not the first contact
        assert c.loc["carla", "linkedin"] == "https://www.linkedin.com/in/carla-diaz-88"
        assert c.loc["carla", "organization"] == "Northwind Traders, LLC"
        detail = report.set_index("row")["detail"]
        assert detail[5] == "filled in role; kept organization 'Acme' (LinkedIn: 'Acme Analytics, Inc.')"
        assert detail[8] == "filled in organization, role, linkedin, first_contact"

    def test_conflicting_name_reported_not_replaced(self, net):
        merged, report = merge(net)
        assert merged.contact("bo")["name"] == "Robert Chen"
        assert merged.contact("bo")["email"] == "Bo.Chen@Example.com"  # same email, other case: no conflict
        assert report.set_index("row").loc[6, "detail"] == (
            "filled in organization, role, linkedin, first_contact; kept name 'Robert Chen' (LinkedIn: 'Bo Chen')"
        )

    def test_source_of_matched_left_alone_added_are_linkedin(self, net):
        c = merge(net)[0].contacts.set_index("id")
        assert c.loc["ann", "source"] == "event" and pd.isna(c.loc["carla", "source"])
        assert (c.loc[["a1b2c3d4", "jose-muller", "ann-lee-2"], "source"] == "linkedin").all()
        assert not c.loc[["a1b2c3d4", "jose-muller", "ann-lee-2"], "is_seeker"].any()

    def test_added_are_direct_contacts_and_trees_kept(self, net):
        merged, _ = merge(net)
        tree = merged.tree_table().set_index("contact")
        assert tree.loc[["a1b2c3d4", "jose-muller", "ann-lee-2"], "introduced_by"].tolist() == ["maya"] * 3
        assert tree.loc[["a1b2c3d4", "jose-muller", "ann-lee-2"], "generation"].tolist() == [1, 1, 1]
        assert tree.loc["zed", ["introduced_by", "generation"]].tolist() == ["ann", 2]
        assert len(merged) == 8
        assert len(merged.introductions) == 1 and len(merged.meetings) == 1

    def test_never_modifies_inputs(self, net, tmp_path):
        before = {t: getattr(net, t) for t in ("contacts", "introductions", "meetings")}
        connections, _ = read(RECENT)
        conn_before = connections.copy()
        merged, _ = merge(net, connections)
        for t, frame in before.items():
            pd.testing.assert_frame_equal(getattr(net, t), frame)
        pd.testing.assert_frame_equal(connections, conn_before)
        assert len(net) == 5 and merged is not net
        path = tmp_path / "c.csv"
        shutil.copy(RECENT, path)
        data = path.read_bytes()
        merge(net, path)
        assert path.read_bytes() == data

    def test_unchanged_tables_survive(self, net):
        merged, _ = merge(net, pd.DataFrame({"name": ["New Person"]}))
        pd.testing.assert_frame_equal(merged.introductions, net.introductions)
        pd.testing.assert_frame_equal(merged.meetings, net.meetings)
        pd.testing.assert_frame_equal(merged.contacts.iloc[:5], net.contacts)
        assert merged.contacts["id"].iat[5] == "new-person"

    def test_ambiguous_name_not_matched(self):
        contacts = pd.DataFrame(
            {"id": ["me", "k1", "k2"], "name": ["Me", "Alex Kim", "Alex Kim"], "is_seeker": [True, False, False]}
        )
        _, report = merge(rg.from_frames(contacts), pd.DataFrame({"name": ["alex kim"]}))
        assert report[["action", "id", "detail"]].values.tolist() == [
            ["added", "alex-kim", "not matched by name: 2 contacts are named 'alex kim'"]
        ]

    def test_two_connections_with_one_name_not_matched(self):
        contacts = pd.DataFrame({"id": ["me", "k"], "name": ["Me", "Alex Kim"], "is_seeker": [True, False]})
        _, report = merge(rg.from_frames(contacts), pd.DataFrame({"name": ["Alex Kim", "Alex Kim"]}))
        assert report["action"].tolist() == ["added", "added"]
        assert report["id"].tolist() == ["alex-kim", "alex-kim-2"]
        assert report["detail"].iat[0] == "not matched by name: 2 connections are named 'Alex Kim'"

    def test_name_with_other_url_is_a_namesake(self):
        contacts = pd.DataFrame(
            {
                "id": ["me", "alex"],
                "name": ["Me", "Alex Kim"],
                "is_seeker": [True, False],
                "linkedin": [None, "linkedin.com/in/alex-kim-1"],
            }
        )
        _, report = merge(
            rg.from_frames(contacts), pd.DataFrame({"name": ["Alex Kim"], "linkedin": ["linkedin.com/in/alex-kim-2"]})
        )
        assert report[["action", "id"]].values.tolist() == [["added", "alex-kim"]]
        assert "same name but a different LinkedIn URL" in report["detail"].iat[0]

    def test_new_ids_avoid_existing_ids_ignoring_case(self):
        contacts = pd.DataFrame({"id": ["me", "Bo-Chen"], "name": ["Me", "Bob Chen"], "is_seeker": [True, False]})
        merged, report = merge(rg.from_frames(contacts), pd.DataFrame({"name": ["Bo Chen"]}))
        assert report["id"].tolist() == ["bo-chen-2"]
        assert merged.ids.tolist() == ["me", "Bo-Chen", "bo-chen-2"]

    def test_connection_matching_the_seeker_is_skipped(self, net):
        contacts, intros, meetings = base_frames()
        contacts.loc[0, "email"] = "maya@example.com"
        _, report = merge(
            rg.from_frames(contacts, intros, meetings),
            pd.DataFrame({"name": ["Maya P."], "email": ["MAYA@example.com"]}),
        )
        assert values(report, ["action", "id", "detail"]) == [["skipped", None, "this is the seeker 'maya'"]]

    def test_same_url_twice_skipped(self, net):
        connections = pd.DataFrame(
            {"name": ["Pat Doe", "Pat Doe"], "linkedin": ["linkedin.com/in/pat", "https://www.linkedin.com/in/pat/"]}
        )
        merged, report = merge(net, connections)
        assert values(report, ["row", "action", "id"]) == [[2, "added", "pat-doe"], [3, "skipped", None]]
        assert report["detail"].iat[1] == "the same LinkedIn URL as row 2"
        assert len(merged) == 6

    def test_merging_twice_adds_nothing(self, net):
        once, _ = merge(net)
        twice, report = merge(once)
        assert len(twice) == len(once)
        assert report["action"].tolist() == ["matched-by-url"] * 6 + ["skipped"]

    def test_pre_2023_export_matches_by_name(self):
        net, _ = merge(
            rg.from_frames(pd.DataFrame({"name": ["Me", "Zoë Béranger"], "is_seeker": [True, False]})), Y2022
        )
        twice, report = merge(net, Y2022)
        assert report["action"].tolist() == ["matched-by-name", "matched-by-email", "skipped", "matched-by-name"]

    def test_cohort_needs_a_seeker(self):
        contacts = pd.DataFrame({"id": ["s1", "s2", "hub"], "name": ["Sam", "Sue", "Hub"], "is_seeker": [1, 1, 0]})
        cohort = rg.from_frames(contacts, pd.DataFrame({"introducer": ["s1"], "introduced": ["hub"], "seeker": ["s1"]}))
        with pytest.raises(
            rg.SeekerNotFound, match=r"the network has 2 seekers; expected a seeker id, one of 's1', 's2'"
        ):
            rg.merge_linkedin(cohort, pd.DataFrame({"name": ["X"]}))
        with pytest.raises(rg.SeekerNotFound, match=r"'hub' is a contact but not a seeker"):
            rg.merge_linkedin(cohort, pd.DataFrame({"name": ["X"]}), seeker="hub")

    def test_cohort_adds_direct_introductions(self):
        contacts = pd.DataFrame({"id": ["s1", "s2", "hub"], "name": ["Sam", "Sue", "Hub"], "is_seeker": [1, 1, 0]})
        cohort = rg.from_frames(contacts, pd.DataFrame({"introducer": ["s1"], "introduced": ["hub"], "seeker": ["s1"]}))
        connections = pd.DataFrame({"name": ["Hub", "Newt"], "first_contact": ["2026-02-08", None]})
        merged, report = merge(cohort, connections, seeker="sue")  # the seeker's name works too
        assert report[["action", "id"]].values.tolist() == [["matched-by-name", "hub"], ["added", "newt"]]
        new = merged.introductions.iloc[1:]
        assert new[["introducer", "introduced", "seeker", "status", "notes"]].values.tolist() == [
            ["s2", "hub", "s2", "introduced", "LinkedIn connection"],
            ["s2", "newt", "s2", "introduced", "LinkedIn connection"],
        ]
        assert new["date"].iat[0] == pd.Timestamp("2026-02-08") and pd.isna(new["date"].iat[1])
        s2 = merged.tree_table("s2").set_index("contact")
        assert s2.loc[["hub", "newt"], "generation"].tolist() == [1, 1]
        assert "newt" not in set(merged.tree_table("s1")["contact"])

    def test_empty_connections(self, net, tmp_path):
        merged, report = merge(net, write(tmp_path, HEADER))
        assert report.empty and list(report.columns) == ["row", "name", "action", "id", "detail"]
        assert merged.equals(net)

    def test_warns_without_report(self, net):
        with pytest.warns(UserWarning) as record:
            merged = rg.merge_linkedin(net, RECENT)
        messages = [str(w.message) for w in record]
        assert len(messages) == 2
        assert messages[0].startswith(f"{RECENT}: row 7, column 'First Name': First Name and Last Name are blank")
        assert messages[1] == (
            "LinkedIn merge: 1 connection skipped, 2 matched contacts with values that differ "
            "from LinkedIn (the network's were kept); pass report=True for the details"
        )
        assert isinstance(merged, rg.ReferralNetwork)

    def test_bad_arguments(self, net):
        with pytest.raises(TypeError, match="net must be a ReferralNetwork"):
            rg.merge_linkedin(net.contacts, RECENT)
        with pytest.raises(TypeError, match=r"connections must be a pandas DataFrame or the path .* \(got list\)"):
            rg.merge_linkedin(net, ["Ann"])
        with pytest.raises(rg.SchemaError, match=r"connections: no 'name' column; .* found 'First Name'"):
            rg.merge_linkedin(net, pd.DataFrame({"First Name": ["Ann"]}))
        with pytest.raises(
            rg.ValidationError, match=r"connections, row 3, column 'first_contact': 'soon' is not a date"
        ):
            rg.merge_linkedin(net, pd.DataFrame({"name": ["A", "B"], "first_contact": ["2026-01-01", "soon"]}))
        with pytest.raises(rg.SchemaError, match="no LinkedIn header"):
            rg.merge_linkedin(net, FIXTURES.parent.parent / "readwrite" / "test_linkedin.py")

    def test_network_without_seeker(self):
        loose = rg.from_frames(pd.DataFrame({"name": ["A"]}), strict=False)
        with pytest.raises(rg.SeekerNotFound, match=r"the network has no seeker; .*\(use from_linkedin"):
            rg.merge_linkedin(loose, pd.DataFrame({"name": ["B"]}))


class TestFromLinkedIn:
    def test_new_network_from_export(self):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            net, report = rg.from_linkedin(RECENT, seeker="Maya Park", report=True)
        assert net.seekers == ["maya-park"]
        assert len(net) == 7
        tree = net.tree_table()
        assert (tree["generation"].iloc[1:] == 1).all()
        assert report["action"].tolist() == ["added"] * 6 + ["skipped"]
        assert net.contact("jose-muller")["first_contact"] == pd.Timestamp("2025-11-11")

    def test_seeker_id_and_namesake_connection(self):
        net = rg.from_linkedin(pd.DataFrame({"name": ["Maya Park"]}), seeker="Maya Park")
        assert net.ids.tolist() == ["maya-park", "maya-park-2"]  # a namesake never matches the seeker
        net = rg.from_linkedin(pd.DataFrame({"name": ["Ann"]}), seeker=" Maya  Park ", seeker_id="me")
        assert net.contact("me")["name"] == "Maya Park"

    def test_empty_export(self, tmp_path):
        net = rg.from_linkedin(write(tmp_path, HEADER), seeker="Maya Park")
        assert len(net) == 1 and net.seekers == ["maya-park"]

    def test_blank_seeker(self):
        with pytest.raises(ValueError, match=r"seeker must be the seeker's name, e.g. 'Maya Park' \(got '  '\)"):
            rg.from_linkedin(pd.DataFrame({"name": ["Ann"]}), seeker="  ")
        with pytest.raises(ValueError, match=r"seeker_id must be a non-blank id"):
            rg.from_linkedin(pd.DataFrame({"name": ["Ann"]}), seeker="Maya", seeker_id=" ")
