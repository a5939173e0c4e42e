"""Validation through ``validate`` and ``from_frames``: each check with its exact message, file, row and column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import referralgraph as rg
from referralgraph._problems import ProblemLog
from referralgraph.readwrite._schema import suggest
from referralgraph.readwrite.validation import RawTable, normalize_tables

TODAY = "2026-06-01"
CONTACTS = "id,name,is_seeker,first_contact\nme,Maya,yes,\nann,Ann Lee,,2026-01-10\nbo,Bo Chen,,\ncy,Cy Diaz,,\n"


def write(folder: Path, **files: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / f"{name}.csv").write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return folder


def problems(folder: Path, **kw) -> list[tuple]:
    """(file name, row, column, severity, message) of every problem, in the table's order."""
    table = rg.validate(folder, today=TODAY, **kw)
    return [
        (
            Path(p.file).name if str(p.file) != str(folder) else "",
            None if pd.isna(p.row) else int(p.row),
            p.column if isinstance(p.column, str) else None,
            p.severity,
            p.message,
        )
        for p in table.itertuples(index=False)
    ]


def only(folder: Path, **kw) -> tuple:
    found = problems(folder, **kw)
    assert len(found) == 1, found
    return found[0]


class TestMissingColumns:
    def test_names_missing_and_found_and_suggests_full_name(self, tmp_path):
        src = write(tmp_path, contacts="Full Name,Company\nMaya,\n", introductions="introducer,introduced\n")
        assert only(src) == (
            "contacts.csv",
            1,
            None,
            "error",
            "missing required column 'name'; found 'Full Name', 'Company'; for 'name' did you mean 'Full Name'?",
        )

    @pytest.mark.parametrize(
        "header, hint",
        [
            ("introduced_by,introduced", "for 'introducer' did you mean 'introduced_by'?"),
            ("Introducr,introduced", "for 'introducer' did you mean 'Introducr'?"),
            ("Referred By,introduced", "for 'introducer' did you mean 'Referred By'?"),
        ],
    )
    def test_introducer_suggestions(self, tmp_path, header, hint):
        src = write(tmp_path, contacts=CONTACTS, introductions=header + "\nann,bo\n")
        file, row, column, severity, message = only(src)
        assert (file, row, column, severity) == ("introductions.csv", 1, None, "error")
        assert message.startswith("missing required column 'introducer'; found ")
        assert hint in message and message.endswith("in lenient mode the introductions table is left out")

    def test_meetings_name_suggested_for_contact(self, tmp_path):
        src = write(
            tmp_path, contacts=CONTACTS, introductions="introducer,introduced\n", meetings="Name,date\nbo,2026-02-01\n"
        )
        assert only(src) == (
            "meetings.csv",
            1,
            None,
            "error",
            "missing required column 'contact'; found 'Name', 'date'; for 'contact' did you mean "
            "'Name'?; in lenient mode the meetings table is left out",
        )

    def test_existing_column_is_never_suggested_for_another(self):
        # 'Introducer' already is the introducer; 'introduced_by' is a spelling of the introducer
        assert suggest("introduced", ["Introducer", "introduced_by", "date"], table="introductions") == []
        assert suggest("name", ["Full Name", "full_name"], table="contacts") == ["Full Name"]

    def test_lenient_drops_only_the_broken_table(self, tmp_path):
        src = write(tmp_path, contacts=CONTACTS, introductions="from,to\nann,bo\n")
        with pytest.raises(
            rg.ValidationError,
            match=r"^1 error in the input:\n.*introductions.csv, row 1: missing "
            r"required columns 'introducer', 'introduced'",
        ):
            rg.load(src)
        net = rg.load(src, strict=False)
        assert len(net.introductions) == 0 and len(net.contacts) == 4


class TestIds:
    def test_duplicate_ids(self, tmp_path):
        src = write(tmp_path, contacts=CONTACTS + "bo,Bob Other,,\n", introductions="introducer,introduced\nann,bo\n")
        assert problems(src) == [
            (
                "contacts.csv",
                4,
                "id",
                "error",
                "id 'bo' is used by 2 contacts (rows 4, 6); expected unique ids; in lenient mode this row keeps the id",
            ),
            (
                "contacts.csv",
                6,
                "id",
                "error",
                "id 'bo' is used by 2 contacts (rows 4, 6); expected unique ids; in lenient mode this row's id becomes "
                "'bo#row6'",
            ),
        ]
        net = rg.load(src, strict=False)
        assert list(net.ids) == ["me", "ann", "bo", "cy", "bo#row6"]
        assert net.tree_table().set_index("contact").loc["bo", "introduced_by"] == "ann"

    def test_duplicate_ids_with_references_do_not_crash(self, tmp_path):
        src = write(
            tmp_path,
            contacts="id,name,is_seeker\nme,Maya,yes\nme,Again,\n",
            introductions="introducer,introduced\nme,me\n",
            meetings="contact,date\nme,2026-01-01\n",
        )
        assert [p[:4] for p in problems(src)][:2] == [
            ("contacts.csv", 2, "id", "error"),
            ("contacts.csv", 3, "id", "error"),
        ]

    def test_ids_differing_only_in_case_warn(self, tmp_path):
        src = write(
            tmp_path,
            contacts="id,name,is_seeker\nme,Maya,yes\nAnn,A,\nann,B,\n",
            introductions="introducer,introduced\n",
        )
        assert problems(src)[0] == (
            "contacts.csv",
            3,
            "id",
            "warning",
            "id 'Ann' differs from 'ann' only in upper/lower case; expected one spelling per "
            "person; they are treated as different people",
        )

    def test_names_as_ids_must_be_unique(self, tmp_path):
        src = write(
            tmp_path, contacts="name,is_seeker\nMaya,yes\nSam,\nSam,\n", introductions="introducer,introduced\n"
        )
        assert problems(src)[1] == (
            "contacts.csv",
            4,
            "name",
            "error",
            "name 'Sam' is used by 2 contacts (rows 3, 4); expected unique names, or an id "
            "column to tell people with the same name apart; in lenient mode this row's id "
            "becomes 'Sam#row4'",
        )

    def test_blank_id_falls_back_to_name(self, tmp_path):
        src = write(
            tmp_path, contacts="id,name,is_seeker\nme,Maya,yes\n,Ann,\n", introductions="introducer,introduced\n"
        )
        assert only(src) == (
            "contacts.csv",
            3,
            "id",
            "warning",
            "id is blank; expected an id; the name is used as the id",
        )


class TestReferences:
    def test_unknown_person_with_did_you_mean(self, tmp_path):
        src = write(tmp_path, contacts=CONTACTS, introductions="introducer,introduced\nAnn Le,bo\n")
        assert only(src) == (
            "introductions.csv",
            2,
            "introducer",
            "error",
            "'Ann Le' is not a contact id or name in contacts; expected the id or name of a contact; "
            "did you mean 'Ann Lee'?; in lenient mode the row is kept but left out of the trees",
        )

    def test_unknown_meeting_contact(self, tmp_path):
        src = write(
            tmp_path,
            contacts=CONTACTS,
            introductions="introducer,introduced\n",
            meetings="contact,date\nboo,2026-02-01\n",
        )
        assert only(src) == (
            "meetings.csv",
            2,
            "contact",
            "error",
            "'boo' is not a contact id or name in contacts; expected the id or name of a contact; "
            "did you mean 'bo'?; in lenient mode the row is kept but left out of the trees",
        )

    def test_exact_names_resolve_to_ids(self, tmp_path):
        src = write(tmp_path, contacts=CONTACTS, introductions="introducer,introduced\nAnn Lee,Bo Chen\n")
        net = rg.load(src)
        assert net.introductions[["introducer", "introduced"]].values.tolist() == [["ann", "bo"]]

    def test_case_mismatch_warns(self, tmp_path):
        src = write(tmp_path, contacts=CONTACTS, introductions="introducer,introduced\nANN,bo chen\n")
        assert sorted(problems(src)) == [
            (
                "introductions.csv",
                2,
                "introduced",
                "warning",
                "'bo chen' matched contact 'bo' only when ignoring "
                "upper/lower case; expected the id or name exactly as in contacts",
            ),
            (
                "introductions.csv",
                2,
                "introducer",
                "warning",
                "'ANN' matched contact 'ann' only when ignoring "
                "upper/lower case; expected the id or name exactly as in contacts",
            ),
        ]

    def test_shared_name_is_ambiguous(self, tmp_path):
        src = write(
            tmp_path,
            contacts="id,name,is_seeker\nme,Maya,yes\ns1,Sam,\ns2,Sam,\n",
            introductions="introducer,introduced\nSam,me\n".replace("Sam,me", "me,Sam"),
        )
        assert only(src) == (
            "introductions.csv",
            2,
            "introduced",
            "error",
            "'Sam' is the name of 2 contacts (rows 3, 4); expected their id, as names are not unique; "
            "in lenient mode the row is kept but left out of the trees",
        )


class TestStructure:
    def test_self_introduction(self, tmp_path):
        src = write(tmp_path, contacts=CONTACTS, introductions="introducer,introduced\nbo,bo\n")
        assert only(src) == (
            "introductions.csv",
            2,
            "introduced",
            "error",
            "introducer and introduced are the same person ('bo'); expected two different people; "
            "in lenient mode the row is kept but left out of the trees",
        )

    def test_cycle(self, tmp_path):
        src = write(
            tmp_path,
            contacts=CONTACTS.replace("2026-01-10", ""),
            introductions="introducer,introduced,date\nbo,cy,2026-02-01\ncy,bo,2026-02-05\n",
        )
        found = problems(src)
        assert found[0] == (
            "introductions.csv",
            3,
            "introducer",
            "error",
            "introductions form a cycle: bo introduced cy (row 2), cy introduced bo (row 3); expected "
            "introductions that lead away from the seeker (in lenient mode this row's introduced "
            "person becomes a direct contact)",
        )
        tree = rg.load(src, strict=False).tree_table().set_index("contact")
        assert tree.loc["bo", "generation"] == 1 and tree.loc["cy", "introduced_by"] == "bo"

    def test_cycle_cut_adds_no_spurious_warning(self, tmp_path):
        src = write(
            tmp_path,
            contacts=CONTACTS.replace("2026-01-10", ""),
            introductions="introducer,introduced,date\nbo,cy,2026-02-01\ncy,bo,2026-02-05\n",
        )
        assert [p[3] for p in problems(src)] == ["error"]

    def test_same_person_introduced_twice(self, tmp_path):
        src = write(
            tmp_path,
            contacts=CONTACTS,
            introductions="introducer,introduced,date\nann,cy,2026-02-01\nbo,cy,2026-02-03\nann,bo,2026-02-02\n",
        )
        assert only(src) == (
            "introductions.csv",
            3,
            "introduced",
            "warning",
            "'cy' was already introduced to seeker 'me' (row 2); the earliest introduction is the "
            "tree edge, this one is kept as a duplicate (see duplicate_introductions)",
        )

    def test_introduction_before_introducer_met_warns(self, tmp_path):
        src = write(tmp_path, contacts=CONTACTS, introductions="introducer,introduced,date\nann,bo,2026-01-02\n")
        assert only(src) == (
            "introductions.csv",
            2,
            "date",
            "warning",
            "introduction dated 2026-01-02, before the seeker first met 'ann' (2026-01-10); "
            "expected the introducer to be known first",
        )

    def test_multiple_seekers_blank_seeker_cell(self, tmp_path):
        src = write(
            tmp_path,
            contacts="id,name,is_seeker\ns1,Sam,yes\ns2,Sue,yes\nann,Ann,\nbo,Bo,\n",
            introductions="introducer,introduced,seeker\ns1,ann,s1\nann,bo,\ns2,bo,s2\n",
        )
        assert only(src) == (
            "introductions.csv",
            3,
            "seeker",
            "error",
            "seeker is blank but the network has 2 seekers; expected one of 's1', 's2'; in lenient "
            "mode the row is kept but left out of the trees",
        )
        net = rg.load(src, strict=False)
        assert net.tree_table("s2")["contact"].tolist() == ["s2", "bo"]

    def test_no_seeker(self, tmp_path):
        src = write(tmp_path, contacts="name\nAnn\n", introductions="introducer,introduced\n")
        assert problems(src)[0] == (
            "contacts.csv",
            None,
            "is_seeker",
            "error",
            "no seeker: expected one contact with is_seeker = true (or a seeker column naming "
            "seekers); in lenient mode the network has no trees",
        )


class TestDates:
    def test_unparsable_and_impossible(self, tmp_path):
        src = write(
            tmp_path, contacts=CONTACTS, introductions="introducer,introduced,date\nann,bo,2026-02-30\nbo,cy,soon\n"
        )
        found = problems(src)
        assert found[0] == (
            "introductions.csv",
            2,
            "date",
            "error",
            "'2026-02-30' is not a real date (February 2026 has 28 days); expected a calendar date "
            "such as 2026-02-01; in lenient mode the cell is left blank",
        )
        assert found[1][:4] == ("introductions.csv", 3, "date", "error")
        assert found[1][4].startswith("'soon' is not a date; expected ISO (2026-02-08")

    def test_ambiguous_and_resolved(self, tmp_path):
        src = write(tmp_path, contacts=CONTACTS, introductions="introducer,introduced,date\nann,bo,03/04/2026\n")
        assert only(src) == (
            "introductions.csv",
            2,
            "date",
            "error",
            "'03/04/2026' could be day/month or month/day; expected an unambiguous date: pass "
            "date_format (e.g. '%d/%m/%Y') or dayfirst=True/False (CLI: --date-format or "
            "--dayfirst/--monthfirst), or write it as ISO (YYYY-MM-DD); in lenient mode the cell is "
            "left blank",
        )
        assert rg.load(src, dayfirst=True).introductions["date"].iat[0] == pd.Timestamp("2026-04-03")
        assert rg.load(src, dayfirst=False).introductions["date"].iat[0] == pd.Timestamp("2026-03-04")
        assert rg.load(src, date_format="%d/%m/%Y").introductions["date"].iat[0] == pd.Timestamp("2026-04-03")
        assert rg.load(src, strict=False).introductions["date"].isna().all()

    def test_future_dates_warn(self, tmp_path):
        src = write(
            tmp_path,
            contacts=CONTACTS,
            introductions="introducer,introduced,date\nann,bo,2026-06-02\nann,cy,2026-06-01\n",
        )
        assert only(src) == (
            "introductions.csv",
            2,
            "date",
            "warning",
            "2026-06-02 is in the future (today is 2026-06-01); expected a date that has happened; kept as written",
        )


class TestStrictAndLenient:
    def test_load_raises_one_error_listing_all(self, tmp_path):
        src = write(
            tmp_path,
            contacts=CONTACTS + "bo,Again,,\n",
            introductions="introducer,introduced,date\nzed,bo,2026-02-30\nann,ann,\n",
        )
        with pytest.raises(rg.ValidationError) as info:
            rg.load(src, today=TODAY)
        text = str(info.value)
        assert text.startswith("5 errors in the input:\n")
        assert f"{src / 'contacts.csv'}, row 6, column 'id': id 'bo' is used by 2 contacts" in text
        assert f"{src / 'introductions.csv'}, row 2, column 'introducer': 'zed' is not a contact" in text
        assert f"{src / 'introductions.csv'}, row 2, column 'date': '2026-02-30' is not a real date" in text
        assert f"{src / 'introductions.csv'}, row 3, column 'introduced': introducer and introduced" in text
        assert isinstance(info.value, ValueError)
        assert (info.value.problems["severity"] == "error").sum() == 5

    def test_whole_file_errors_format_without_row(self, tmp_path):
        src = write(tmp_path, contacts=b"")
        with pytest.raises(
            rg.ValidationError, match=rf"^1 error in the input:\n{src / 'contacts.csv'}: the file is empty"
        ):
            rg.load(src)

    def test_lenient_returns_network_and_report(self, tmp_path):
        src = write(
            tmp_path, contacts=CONTACTS, introductions="introducer,introduced,date\nann,bo,2026-02-01\nzed,cy,\n"
        )
        net = rg.load(src, strict=False, today=TODAY)
        assert len(net.introductions) == 2
        report = net.problems
        assert report[["row", "column", "severity"]].values.tolist() == [[3, "introducer", "error"]]
        assert net.tree_table().set_index("contact").loc["cy", "introduced_by"] == "me"

    def test_validate_of_a_network_returns_its_problems(self, tmp_path):
        src = write(tmp_path, contacts=CONTACTS, introductions="introducer,introduced\nANN,bo\n")
        net = rg.load(src)
        pd.testing.assert_frame_equal(rg.validate(net), net.problems)

    def test_validate_missing_source_raises(self, tmp_path):
        with pytest.raises(FileNotFoundError, match="no such file or folder"):
            rg.validate(tmp_path / "nope")


class TestFromFrames:
    def test_rows_are_position_plus_two(self):
        contacts = pd.DataFrame({"name": ["Me", "Ann"], "is_seeker": ["yes", "perhaps"]})
        with pytest.raises(rg.ValidationError, match=r"contacts, row 3, column 'is_seeker': 'perhaps' is not a yes/no"):
            rg.from_frames(contacts)

    def test_inputs_not_modified(self):
        contacts = pd.DataFrame({"Name ": [" Me ", "Ann"], "Is Seeker": [True, False]})
        before = contacts.copy(deep=True)
        rg.from_frames(contacts)
        pd.testing.assert_frame_equal(contacts, before)

    def test_empty(self):
        net = rg.from_frames(pd.DataFrame({"name": []}))
        assert len(net) == 0
        assert net.problems["message"].tolist() == [
            "no contacts: the table has a header but no rows; expected one row per person"
        ]


class TestNormalizeTables:
    def test_returns_none_only_for_unusable_contacts(self):
        log = ProblemLog()
        raw = RawTable.from_frame(pd.DataFrame({"who": ["x"]}), "contacts")
        assert normalize_tables(raw, None, None, log) is None
        assert log.to_frame()["message"].str.startswith("missing required column 'name'").all()


class TestValidationErrorMessage:
    def test_validation_error_accepts_na_rows(self):
        from referralgraph._problems import empty_problems

        table = pd.concat(
            [
                empty_problems(),
                pd.DataFrame(
                    {
                        "file": ["f"],
                        "row": pd.array([pd.NA], dtype="Int64"),
                        "column": [None],
                        "severity": ["error"],
                        "message": ["m"],
                    }
                ),
            ]
        )
        assert str(rg.ValidationError(table)) == "1 error in the input:\nf: m"


class TestArrowColumns:
    """The Arrow column helpers give pandas' answers (strip, repeated ids, exact references)."""

    CELLS = ["ann", " ann", "bo ", "", None, "\u00a0cy", "dee\x1c", "\u00e9lan", "x y", "  ", "\t"]

    @pytest.mark.parametrize("cells", [CELLS, ["ann", "bo", "", None], ["ann", "bo", "cy"]])
    def test_stripped_equals_pandas(self, cells):
        from referralgraph.readwrite._arrow_columns import stripped

        values = pd.Series(cells * 500, dtype="str")
        want = values.str.strip()
        pd.testing.assert_series_equal(stripped(values), want.mask(want == ""))

    def test_repeats_and_references_equal_pandas(self):
        from referralgraph._arrays import lookup
        from referralgraph.readwrite._arrow_columns import Factorised

        ids = pd.Series(["a", "b", "a", "c", "b", "a"] * 300, dtype="str")
        refs = {"x": pd.Series(["c", None, "zz", "a"] * 100, dtype="str"), "none": None}
        f = Factorised(ids, refs)
        dup, later = f.repeated_ids()
        assert dup.tolist() == ids.duplicated(keep=False).tolist()
        assert later.tolist() == ids.duplicated(keep="first").tolist()
        unique = pd.Series([f"p{k}" for k in range(1800)], dtype="str")
        codes = Factorised(unique, refs | {"y": pd.Series(["p7", "p1799", "q"], dtype="str")}).exact_codes(
            pd.Index(unique)
        )
        assert codes["y"].tolist() == [7, 1799, -1]
        assert codes["x"].tolist() == lookup(refs["x"], pd.Index(unique)).tolist()
