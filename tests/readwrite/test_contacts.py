"""Address books and LinkedIn exports: format by content, readers on files of the real exporters' shapes, merging."""

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import referralgraph as rg

FIXTURES = Path(__file__).parents[1] / "fixtures" / "contacts"
LINKEDIN = Path(__file__).parents[1] / "fixtures" / "linkedin"


def fixture(name):
    return FIXTURES / name


@pytest.fixture
def net():
    """Maya's network: Ann has her LinkedIn URL, Bo his email, Cy only a name."""
    return rg.from_frames(
        pd.DataFrame(
            {
                "id": ["maya", "ann", "bo", "cy"],
                "name": ["Maya Park", "Ann Lee", "Bo Chen", "Cy Diaz"],
                "is_seeker": ["yes", "", "", ""],
                "linkedin": ["", "https://linkedin.com/in/ann-lee", "", ""],
                "email": ["", "", "bo@globex.example", ""],
                "organization": ["", "", "", "Beta Labs"],
            }
        )
    )


class TestFormat:
    @pytest.mark.parametrize(
        "name, fmt",
        [
            ("google.csv", "google"),
            ("google_legacy.csv", "google"),
            ("outlook.csv", "outlook"),
            ("outlook_com.csv", "outlook"),
            ("contacts_v3.vcf", "vcard"),
            ("contacts_v4.vcf", "vcard"),
            ("contacts_v21.vcf", "vcard"),
            ("Invitations.csv", "linkedin-invitations"),
        ],
    )
    def test_by_content(self, name, fmt, tmp_path):
        assert rg.contacts_format(fixture(name)) == fmt
        renamed = tmp_path / "export.txt"  # the name plays no part
        shutil.copy(fixture(name), renamed)
        assert rg.contacts_format(renamed) == fmt

    def test_linkedin_connections_every_shape(self):
        for path in LINKEDIN.glob("connections_*.csv"):
            assert rg.contacts_format(path) == "linkedin", path.name

    def test_unknown_and_empty(self, tmp_path):
        other = tmp_path / "notes.csv"
        other.write_text("when,what\n2026-01-01,called Ann\n")
        with pytest.raises(rg.SchemaError, match="begins with 'when,what'"):
            rg.contacts_format(other)
        empty = tmp_path / "empty.vcf"
        empty.write_bytes(b"")
        with pytest.raises(rg.SchemaError, match="the file is empty"):
            rg.contacts_format(empty)
        with pytest.raises(FileNotFoundError):
            rg.contacts_format(tmp_path / "missing.csv")


class TestReaders:
    def test_google_current_export(self):
        table, problems = rg.read_contacts(fixture("google.csv"), problems=True)
        assert table.index.name == "row" and table.index.tolist() == [2, 3, 4, 5]
        ann = table.loc[2]
        assert (ann["name"], ann["organization"], ann["role"], ann["email"]) == (
            "Ann Lee",
            "Acme Analytics",
            "Data Scientist",
            "ann.lee@acme.example",
        )
        assert ann["linkedin"] == "https://www.linkedin.com/in/ann-lee/"  # the LinkedIn one of two web sites
        assert ann["tags"] == "Alumni" and table.loc[4, "tags"] == "Mentors"  # system labels left out
        assert table.loc[3, "email"] == "BO@globex.example"  # first of a ::: list
        assert table.loc[4, "name"] == "Dana J. Kim" and table.loc[4, "notes"].endswith("\nWants my CV.")
        assert table.loc[5, "name"] == "zoe@startup.example"  # only an email
        assert problems["row"].tolist() == [6] and problems["message"].str.startswith("skipped:").all()
        assert (table["source"] == "existing").all()

    def test_google_legacy_export(self):
        table = rg.read_contacts(fixture("google_legacy.csv"))
        assert table[["name", "organization", "role"]].values.tolist() == [
            ["Ann Lee", "Acme Analytics", "Data Scientist"],
            ["Eli Novak", "Umbrella", "Engineering Manager"],
        ]
        assert table.loc[2, "linkedin"] == "linkedin.com/in/ann-lee"

    def test_outlook_desktop_cp1252_quoted(self):
        with pytest.warns(UserWarning, match="Windows-1252"):
            table = rg.read_contacts(fixture("outlook.csv"))
        jose = table.loc[2]
        assert jose["name"] == "Jos\u00e9 M\u00fcller"  # Title "Dr." is the form of address, not the job
        assert (jose["organization"], jose["role"]) == ("Hospital S\u00e3o Jo\u00e3o", "Head of Research")
        assert jose["tags"] == "Mentors; Health" and jose["notes"] == 'Said "call me in May"'
        assert table.loc[3, "linkedin"] == "https://www.linkedin.com/in/cy-diaz"

    def test_outlook_com(self):
        table = rg.read_contacts(fixture("outlook_com.csv"))
        assert table.loc[2, ["name", "organization", "role", "email"]].tolist() == [
            "Fay Wu",
            "Hooli",
            "Product Manager",
            "fay.wu@hooli.example",
        ]

    def test_vcard_3_folded_escaped(self):
        table = rg.read_contacts(fixture("contacts_v3.vcf"))
        assert table.index.tolist() == [1, 12]  # the line where each card begins
        assert table.loc[1, "linkedin"] == "https://www.linkedin.com/in/ann-lee/"  # \: unescaped, item1. group
        gus = table.loc[12]
        assert gus["organization"] == "Wayne Enterprises, Ltd."
        assert gus["notes"] == "Introduced himself after the panel; said to follow up in two weeks.\nPrefers email."

    def test_vcard_4_preferred_email(self):
        table = rg.read_contacts(fixture("contacts_v4.vcf"))
        assert table.loc[1, "email"] == "hana.sato@cyberdyne.example"
        assert table.loc[1, "tags"] == "Design; Mentors"

    def test_vcard_21_quoted_printable(self):
        table = rg.read_contacts(fixture("contacts_v21.vcf"))
        assert table.loc[1, "name"] == "Ren\u00e9 Nov\u00e1k"
        assert table.loc[1, "notes"] == "Potk\u00e1n\u00ed na konferenci, cht\u011bl poslat CV."

    def test_vcard_unclosed_and_nameless(self, tmp_path):
        path = tmp_path / "x.vcf"
        path.write_text("BEGIN:VCARD\nVERSION:3.0\nN:Lee;Ann;;;\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nTEL:1\n")
        table, problems = rg.read_contacts(path, problems=True)
        assert table["name"].tolist() == ["Ann Lee"]  # from N when FN is missing
        assert {"never closed", "skipped:"} <= {
            m.split(" ")[0] if m.startswith("skipped") else "never closed" for m in problems["message"]
        }

    def test_invitations_are_not_contacts(self):
        with pytest.raises(rg.SchemaError, match="holds invitations, not contacts"):
            rg.read_contacts(fixture("Invitations.csv"))


class TestMerge:
    def test_matching_rules_of_merge_linkedin(self, net):
        merged, report = rg.merge_contacts(net, fixture("google.csv"), report=True)
        assert report.set_index("row")["action"].to_dict() == {
            2: "matched-by-url",
            3: "matched-by-email",
            4: "added",
            5: "added",
            6: "skipped",
        }
        assert merged.contact("ann")["organization"] == "Acme Analytics"
        assert merged.contact("dana-j-kim")["source"] == "existing"
        assert len(net.contacts) == 4  # the input is not changed

    def test_name_match_and_kept_values(self, net):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            merged, report = rg.merge_contacts(net, fixture("outlook.csv"), report=True)
        cy = report.set_index("row").loc[3]
        assert cy["action"] == "matched-by-name" and merged.contact("cy")["role"] == "Founder"
        same = rg.merge_contacts(net, pd.DataFrame({"name": ["Cy Diaz"], "organization": ["Other Co"]}), report=True)[1]
        assert "kept organization 'Beta Labs' (file: 'Other Co')" in same["detail"].iloc[0]

    def test_invitations_date_accepted_ones(self, net):
        merged, report = rg.merge_contacts(net, fixture("Invitations.csv"), report=True)
        assert report["action"].tolist() == ["dated-by-url", "dated-by-name", "skipped"]
        assert merged.contact("ann")["first_contact"] == pd.Timestamp("2026-01-29")
        assert merged.contact("bo")["first_contact"] == pd.Timestamp("2026-02-03")
        assert "not accepted" in report["detail"].iloc[2]
        again, report2 = rg.merge_contacts(merged, fixture("Invitations.csv"), report=True)
        assert report2["action"].tolist()[:2] == ["matched-by-url", "matched-by-name"]  # nothing to change

    def test_cohort_needs_seeker(self, cohort):
        with pytest.raises(rg.SeekerNotFound):
            rg.merge_contacts(cohort, fixture("contacts_v4.vcf"))
        merged = rg.merge_contacts(cohort, fixture("contacts_v4.vcf"), seeker="s2")
        tree = merged.tree_table("s2")
        assert "hana-sato" in tree["contact"].tolist()


class TestImportIntoFiles:
    def test_only_rows_appended_and_cells_filled(self, tmp_path):
        folder = tmp_path / "search"
        folder.mkdir()
        original = b"name;linkedin;email;is_seeker\r\nMaya Park;;;yes\r\nAnn Lee;linkedin.com/in/ann-lee;;\r\n"
        (folder / "contacts.csv").write_bytes(original)
        report = rg.import_contacts(fixture("contacts_v4.vcf"), folder, pool=False)  # as direct contacts
        data = (folder / "contacts.csv").read_bytes()
        assert data.startswith(b"name;linkedin;email;is_seeker;organization;role;source;tags\r\n")
        assert original.split(b"\r\n", 1)[1] in data  # the rows are as they were
        assert data.endswith(
            b"Hana Sato;https://www.linkedin.com/in/hana-sato;hana.sato@cyberdyne.example;;"
            b"Cyberdyne;UX Researcher;existing;Design; Mentors\r\n".replace(b"Design; Mentors", b'"Design; Mentors"')
        )
        assert report["action"].tolist() == ["added"]
        assert report.attrs["notes"] == ["added columns organization, role, source, tags to contacts.csv"]
        assert rg.undo_import(folder) == ["restored contacts.csv"]
        assert (folder / "contacts.csv").read_bytes() == original
        rg.import_contacts(fixture("contacts_v3.vcf"), folder)  # Ann matched by URL: blank cells filled
        ann = rg.load(folder).contact("Ann Lee")
        assert (ann["email"], ann["organization"]) == ("ann.lee@acme.example", "Acme Analytics")
        assert b"\r\nMaya Park;;;yes\r\n" in (folder / "contacts.csv").read_bytes()

    def test_starts_a_network(self, tmp_path):
        report = rg.import_contacts(fixture("google.csv"), tmp_path / "new", seeker="Maya Park")
        net = rg.load(tmp_path / "new")
        assert net.seekers == ["maya-park"] and (report["action"] == "added").sum() == 4
        with pytest.raises(rg.SeekerNotFound, match="holds no network"):
            rg.import_contacts(fixture("google.csv"), tmp_path / "other")
        assert report["action"].tolist()[-1] == "skipped"  # in the report, not only a warning


def test_invitations_twice_and_earlier_first_contact(tmp_path, net):
    path = tmp_path / "Invitations.csv"
    path.write_text(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        'Maya Park,Ann Lee,"3/2/26, 9:00 AM",,OUTGOING,,https://www.linkedin.com/in/ann-lee\n'
        'Maya Park,Ann Lee,"1/5/26, 9:00 AM",,OUTGOING,,https://www.linkedin.com/in/ann-lee\n'
        'Cy Diaz,Maya Park,"2/1/26, 8:00 PM",,INCOMING,https://www.linkedin.com/in/cy,\n'
        'Maya Park,Maya Park,"2/1/26, 8:00 PM",,OUTGOING,,\n'
    )
    dated = rg.from_frames(net.contacts.assign(first_contact=[None, None, None, "2026-01-10"]))
    merged, report = rg.merge_contacts(dated, path, report=True)
    assert report["action"].tolist() == ["matched-by-url", "dated-by-url", "matched-by-name", "skipped"]
    assert merged.contact("ann")["first_contact"] == pd.Timestamp("2026-01-05")  # the earlier of the two
    assert merged.contact("cy")["first_contact"] == pd.Timestamp("2026-01-10")  # known before the invitation
    assert report["detail"].tolist()[:3] == [
        "kept first_contact 2026-01-05, not later than the invitation on 2026-03-02",
        "first_contact 2026-01-05",
        "kept first_contact 2026-01-10, not later than the invitation on 2026-02-01",
    ]


@pytest.mark.slow
def test_import_into_the_demo_changes_no_meeting(tmp_path):
    folder = rg.save(rg.demo(), tmp_path / "demo")
    meetings = (folder / "meetings.csv").read_bytes()
    introductions = (folder / "introductions.csv").read_bytes()
    report = rg.import_contacts(FIXTURES / "contacts_v4.vcf", folder)
    # nothing has happened with the new person yet: pooled, not added to the search (docs/importing.md)
    assert report.attrs["notes"] == ["created connections.csv (the connections pool)"]
    assert report["action"].tolist() == ["pooled"]
    assert (folder / "meetings.csv").read_bytes() == meetings
    assert (folder / "introductions.csv").read_bytes() == introductions


class TestImportKeepsTheSearch:
    """Issue 20 item 7: imports into an existing network only add, keep bytes, preview, back up, and pool."""

    def folder(self, tmp_path):
        folder = tmp_path / "search"
        folder.mkdir()
        original = b"name;linkedin;email;is_seeker\r\nMaya Park;;;yes\r\nAnn Lee;linkedin.com/in/ann-lee;;\r\n"
        (folder / "contacts.csv").write_bytes(original)
        return folder, original

    def test_new_people_wait_in_the_pool(self, tmp_path):
        folder, original = self.folder(tmp_path)
        before = rg.seeker_summary(rg.load(folder))
        report = rg.import_contacts(fixture("contacts_v4.vcf"), folder)
        assert report["action"].tolist() == ["pooled"]
        assert (folder / "contacts.csv").read_bytes() == original  # nothing happened with Hana yet
        pool = (folder / "connections.csv").read_bytes()
        assert pool.startswith(b"id;name;") and pool.count(b"\r\n") == 2  # contacts.csv's delimiter and line ends
        assert rg.read_pool(folder)["name"].tolist() == ["Hana Sato"]
        pd.testing.assert_frame_equal(rg.seeker_summary(rg.load(folder)), before)
        assert report.attrs["notes"] == ["created connections.csv (the connections pool)"]
        again = rg.import_contacts(fixture("contacts_v4.vcf"), folder)  # pooled once
        assert again["action"].tolist() == ["already-in-pool"] and rg.read_pool(folder)["name"].tolist() == [
            "Hana Sato"
        ]

    def test_dry_run_writes_nothing(self, tmp_path):
        folder, original = self.folder(tmp_path)
        report = rg.import_contacts(fixture("contacts_v3.vcf"), folder, dry_run=True)
        assert report.attrs["dry_run"] and "matched-by-url" in report["action"].tolist()
        assert (folder / "contacts.csv").read_bytes() == original
        assert sorted(p.name for p in folder.iterdir()) == ["contacts.csv"]

    def test_undo_puts_the_files_back(self, tmp_path):
        folder, original = self.folder(tmp_path)
        rg.import_contacts(fixture("contacts_v3.vcf"), folder)  # Ann matched: blank cells filled
        assert (folder / "contacts.csv").read_bytes() != original
        done = rg.undo_import(folder)
        assert "restored contacts.csv" in done
        assert (folder / "contacts.csv").read_bytes() == original
        assert not (folder / "connections.csv").exists()
        with pytest.raises(rg.OptionError, match="no import to undo"):
            rg.undo_import(folder)


def test_a_truncated_utf16_vcard_is_one_clear_error(tmp_path):
    """Found by the fuzz suite: a UTF-16 byte-order mark followed by an odd number of bytes was a traceback."""
    path = tmp_path / "cards.vcf"
    path.write_bytes("BEGIN:VCARD\nFN:Ann\nEND:VCARD\n".encode("utf-16") + b"\n")
    with pytest.raises(rg.SchemaError, match="byte-order mark but is not valid UTF-16"):
        rg.read_contacts(path)
