"""Reading sources: CSV folders in every encoding and shape Excel produces, and .xlsx workbooks."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

import referralgraph as rg
from referralgraph._problems import ProblemLog
from referralgraph.readwrite.tables import decode_bytes, read_csv_table

TODAY = "2026-06-01"


def write(folder: Path, **files: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / f"{name}.csv").write_bytes(data)
    return folder


def rows(problems: pd.DataFrame) -> list[tuple]:
    return [
        (
            Path(p.file).name,
            None if pd.isna(p.row) else int(p.row),
            p.column if isinstance(p.column, str) else None,
            p.severity,
            p.message,
        )
        for p in problems.itertuples(index=False)
    ]


INTROS = b"introducer,introduced\nme,ann\n"


class TestEmptyFiles:
    def test_empty_contacts(self, tmp_path):
        src = write(tmp_path, contacts=b"", introductions=INTROS)
        assert rows(rg.validate(src)) == [
            (
                "contacts.csv",
                None,
                None,
                "error",
                "the file is empty; expected a header line naming the columns, then one line per row",
            )
        ]
        with pytest.raises(rg.ValidationError, match="contacts.csv: the file is empty"):
            rg.load(src, strict=False)

    def test_header_only(self, tmp_path):
        src = write(tmp_path, contacts=b"id,name,is_seeker\r\n", introductions=b"introducer,introduced\r\n")
        assert rows(rg.validate(src)) == [
            (
                "contacts.csv",
                None,
                None,
                "warning",
                "no contacts: the table has a header but no rows; expected one row per person",
            )
        ]
        net = rg.load(src)
        assert len(net) == 0 and net.seekers == []

    def test_no_contacts_file(self, tmp_path):
        src = write(tmp_path, people=b"name\nMaya\n")
        with pytest.raises(rg.SchemaError, match=r"no contacts.csv; expected contacts.csv .* found people.csv"):
            rg.load(src)
        assert rg.validate(src)["message"].tolist() == [
            "no contacts.csv; expected contacts.csv (and introductions.csv, optionally meetings.csv); found people.csv"
        ]

    def test_missing_introductions_warns(self, tmp_path):
        src = write(tmp_path, contacts=b"name,is_seeker\nMe,yes\n")
        assert rg.validate(src)["message"].tolist() == [
            "no introductions.csv; the network is loaded without introductions"
        ]


class TestEncodings:
    def test_utf8_bom_as_excel_writes_it(self, tmp_path):
        src = write(
            tmp_path,
            contacts=b"\xef\xbb\xbfid,name,is_seeker\r\nme,Jos\xc3\xa9,yes\r\nann,Ann,\r\n",
            introductions=b"\xef\xbb\xbfintroducer,introduced\r\nme,ann\r\n",
        )
        net = rg.load(src)
        assert list(net.contacts.columns[:3]) == ["id", "name", "is_seeker"]
        assert net.contacts["name"].tolist() == ["José", "Ann"]
        assert rg.validate(src).empty

    def test_cp1252_as_old_excel_writes_it(self, tmp_path):
        src = write(
            tmp_path,
            contacts="id,name,is_seeker\r\nme,Zoë Ñúñez,yes\r\nann,“Ann”,\r\n".encode("cp1252"),
            introductions=INTROS,
        )
        net = rg.load(src)
        assert net.contacts["name"].tolist() == ["Zoë Ñúñez", "“Ann”"]
        assert rows(net.problems) == [
            (
                "contacts.csv",
                None,
                None,
                "warning",
                "not UTF-8; read as Windows-1252 "
                "(cp1252), as older Excel versions save CSV; expected UTF-8 (Excel: Save As "
                "'CSV UTF-8')",
            )
        ]

    def test_broken_utf8_stays_utf8_and_names_the_cell(self, tmp_path):
        src = write(
            tmp_path, contacts="id,name,is_seeker\nme,José,yes\n".encode() + b"ann,A\xffnn,\n", introductions=INTROS
        )
        assert rows(rg.validate(src)) == [
            (
                "contacts.csv",
                3,
                "name",
                "error",
                "'A\ufffdnn' holds bytes that are not "
                "valid UTF-8 text (shown as \ufffd); expected the file saved as UTF-8 (Excel: "
                "Save As 'CSV UTF-8'); in lenient mode the cell is kept as shown",
            )
        ]
        assert rg.load(src, strict=False).contacts["name"].tolist() == ["José", "A\ufffdnn"]

    def test_utf16_unicode_text(self, tmp_path):
        src = write(tmp_path, contacts="id\tname\tis_seeker\r\nme\t王小明\tyes\r\n".encode("utf-16"))
        assert rg.load(src).contacts["name"].tolist() == ["王小明"]

    def test_decode_bytes_reports_lines(self):
        log = ProblemLog()
        text = decode_bytes(b"a,b\nx,\x81\x8d\n", "f.csv", log)
        assert text == "a,b\nx,\ufffd\ufffd\n"
        assert rows(log.to_frame()) == [
            (
                "f.csv",
                2,
                None,
                "error",
                "bytes 0x81, 0x8d are not valid UTF-8 or Windows-1252 text (read as \ufffd); "
                "expected a CSV saved as UTF-8 (Excel: Save As 'CSV UTF-8')",
            ),
            (
                "f.csv",
                None,
                None,
                "warning",
                "not UTF-8; read as Windows-1252 (cp1252), as older Excel versions save "
                "CSV; expected UTF-8 (Excel: Save As 'CSV UTF-8')",
            ),
        ]

    def test_workbook_saved_as_csv(self, tmp_path):
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.Workbook()
        book.save(tmp_path / "contacts.csv")
        assert rg.validate(tmp_path)["message"].iat[0].startswith("this is an Excel workbook (.xlsx)")


class TestShapes:
    def test_blank_rows_keep_spreadsheet_row_numbers(self, tmp_path):
        src = write(
            tmp_path,
            contacts=b"id,name,is_seeker\nme,Me,yes\n\n , ,\nann,Ann,\n\nbo,,\nzz,Zed,maybe\n",
            introductions=INTROS,
        )
        found = rows(rg.validate(src))
        assert [(r, c) for _, r, c, _, _ in found] == [(7, "name"), (8, "is_seeker")]

    def test_quoted_newlines_count_as_one_row(self, tmp_path):
        src = write(
            tmp_path, contacts=b'id,name,is_seeker,notes\nme,Me,yes,"a\r\nb\nc"\nann,,,\n', introductions=INTROS
        )
        assert rows(rg.validate(src))[0][:3] == ("contacts.csv", 3, "name")
        net = rg.load(src, strict=False)
        assert net.contacts["notes"].iat[0] == "a\r\nb\nc"

    def test_mixed_line_endings(self, tmp_path):
        src = write(tmp_path, contacts=b"id,name,is_seeker\r\nme,Me,yes\nann,Ann,\rbo,,\r\n", introductions=INTROS)
        assert rows(rg.validate(src))[0][:3] == ("contacts.csv", 4, "name")

    @pytest.mark.parametrize("sep", [";", "\t", "|"])
    def test_other_delimiters_are_detected(self, tmp_path, sep):
        body = f"id{sep}name{sep}is_seeker{sep}organization\nme{sep}Me{sep}yes{sep}\nann{sep}Ann{sep}{sep}Acme, Inc.\n"
        src = write(tmp_path, contacts=body.encode(), introductions=INTROS)
        net = rg.load(src)
        assert net.contacts["organization"].tolist()[1] == "Acme, Inc."

    def test_ragged_row(self, tmp_path):
        src = write(tmp_path, contacts=b"id,name,is_seeker\nme,Me,yes\nann,Ann,,x,,y\n", introductions=INTROS)
        assert rows(rg.validate(src)) == [
            (
                "contacts.csv",
                3,
                None,
                "error",
                "the row has 6 cells but the header has 3 "
                "columns; the cells from column D on ('x', 'y') have no header; expected at "
                "most 3 cells (put cells that contain ',' in double quotes); in lenient mode "
                "those cells are left out",
            )
        ]
        assert rg.load(src, strict=False).contacts["name"].tolist() == ["Me", "Ann"]

    def test_trailing_empty_cells_are_fine(self, tmp_path):
        src = write(tmp_path, contacts=b"id,name,is_seeker\nme,Me,yes\nann,Ann,,,\n", introductions=INTROS)
        assert rg.validate(src).empty

    def test_header_spaces_and_case(self, tmp_path):
        src = write(
            tmp_path,
            contacts=b" ID ,Name  ,IS SEEKER,First Contact\nme,Me,Y,\nann,Ann,,2026-01-02\n",
            introductions=INTROS,
        )
        net = rg.load(src)
        assert list(net.contacts.columns) == ["id", "name", "first_contact", "is_seeker"]

    def test_column_without_header(self, tmp_path):
        src = write(tmp_path, contacts=b"id,name,is_seeker,\nme,Me,yes,\nann,Ann,,oops\n", introductions=INTROS)
        assert rows(rg.validate(src)) == [
            (
                "contacts.csv",
                1,
                None,
                "error",
                "column D has values but no header (first "
                "at row 3: 'oops'); expected a header name for every column with values; in "
                "lenient mode the column is left out",
            )
        ]

    def test_very_long_field(self, tmp_path):
        note = "x" * 100_000
        src = write(
            tmp_path,
            contacts=f"id,name,is_seeker,notes\nme,Me,yes,{note}\n".encode(),
            introductions=b"introducer,introduced\n",
        )
        assert rg.load(src).contacts["notes"].iat[0] == note

    def test_read_csv_table_with_preamble(self, tmp_path):
        path = tmp_path / "Connections.csv"
        path.write_bytes(b'Notes:\n"Some text"\n\nFirst Name,Last Name\nAnn,Lee\n\nBo,Chen\n')
        log = ProblemLog()
        raw = read_csv_table(path, log, header_line=4)
        assert raw.header_row == 4 and raw.rows.tolist() == [5, 7]
        assert raw.frame.values.tolist() == [["Ann", "Lee"], ["Bo", "Chen"]]
        raw = read_csv_table(path, log, label="c", header_line=3, text=path.read_text())  # blank line before the header
        assert raw.header_row == 4 and raw.file == "c"


def _book(path: Path, sheets: dict) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, data in sheets.items():
        ws = book.create_sheet(title)
        for r in data:
            ws.append(r)
    book.save(path)
    return path


class TestWorkbook:
    def test_real_date_cells(self, tmp_path):
        path = _book(
            tmp_path / "search.xlsx",
            {
                "Contacts": [
                    ["id", "name", "is_seeker", "first_contact"],
                    ["me", "Maya", True, None],
                    ["ann", "Ann", False, datetime(2026, 1, 10)],
                    [None, None, None, None],
                    [7, "Bo", None, date(2026, 1, 20)],
                ],
                "Introductions": [["introducer", "introduced", "date"], ["ann", 7, datetime(2026, 2, 1)]],
                "Meetings": [
                    ["contact", "date", "handwritten_note"],
                    ["7", datetime(2026, 2, 10, 14, 30), datetime(2026, 2, 12)],
                ],
            },
        )
        net = rg.load(path, today=TODAY)
        assert net.contacts["first_contact"].tolist()[1:] == [pd.Timestamp("2026-01-10"), pd.Timestamp("2026-01-20")]
        assert net.introductions["date"].iat[0] == pd.Timestamp("2026-02-01")
        m = net.meetings
        assert m["date"].iat[0] == pd.Timestamp("2026-02-10 14:30")
        assert bool(m["handwritten_note"].iat[0]) and m["handwritten_note_date"].iat[0] == pd.Timestamp("2026-02-12")
        assert net.tree_table().set_index("contact").loc["7", "introduced_by"] == "ann"

    def test_rows_are_sheet_rows(self, tmp_path):
        path = _book(
            tmp_path / "b.xlsx",
            {
                "contacts": [[], ["name", "is_seeker"], ["Me", "yes"], [None, None], ["Ann", "nah"]],
                "introductions": [["introducer", "introduced"]],
            },
        )
        assert rows(rg.validate(path)) == [
            (
                "b.xlsx [contacts]",
                5,
                "is_seeker",
                "error",
                "'nah' is not a yes/no value; "
                "expected true/false, yes/no, y/n, 1/0, x or blank; in lenient mode the "
                "cell is left blank",
            )
        ]

    def test_missing_contacts_sheet(self, tmp_path):
        path = _book(tmp_path / "b.xlsx", {"People": [["name"], ["Me"]]})
        with pytest.raises(
            rg.SchemaError,
            match=r"b.xlsx: no sheet named 'contacts'; expected sheets contacts, "
            r"introductions \(and optionally meetings\); found 'People'",
        ):
            rg.load(path)
        assert rows(rg.validate(path)) == [
            (
                "b.xlsx",
                None,
                None,
                "error",
                "no sheet named 'contacts'; expected sheets "
                "contacts, introductions (and optionally meetings); found 'People'",
            )
        ]

    def test_not_a_workbook(self, tmp_path):
        path = tmp_path / "b.xlsx"
        path.write_bytes(b"not a zip")
        with pytest.raises(rg.SchemaError, match="not a readable .xlsx workbook"):
            rg.load(path)


class TestSources:
    def test_single_csv_is_refused(self, tmp_path):
        path = tmp_path / "contacts.csv"
        path.write_bytes(b"name\nMe\n")
        with pytest.raises(rg.SchemaError, match="a single CSV file; expected the folder that holds contacts.csv"):
            rg.load(path)

    def test_missing_source(self, tmp_path):
        with pytest.raises(FileNotFoundError, match="no such file or folder"):
            rg.load(tmp_path / "nope")


class TestFastCsvPath:
    """Files over 1 MB are read by pyarrow; the result must equal the careful path's."""

    def test_fast_path_equals_careful_path(self, tmp_path, monkeypatch):
        from referralgraph.readwrite import _csvfile as readers

        tables = rg.synthetic_tables(n_seekers=5, n_contacts=12_000, seed=3)
        for name, frame in tables.items():
            frame.to_csv(tmp_path / f"{name}.csv", index=False)
        assert (tmp_path / "meetings.csv").stat().st_size > 1_000_000
        used = []
        real = readers._read_fast
        monkeypatch.setattr(readers, "_read_fast", lambda *a: used.append(real(*a)) or used[-1])
        fast = rg.load(tmp_path)
        assert any(result is not None for result in used)  # pyarrow read at least the big files
        calls = []
        monkeypatch.setattr(readers, "_read_fast", lambda *a: calls.append(1))
        careful = rg.load(tmp_path)
        assert calls and fast.equals(careful)
        assert fast.problems.equals(careful.problems)

    @pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
    def test_messy_file_from_bytes_equals_careful_path(self, tmp_path, monkeypatch, eol):
        """BOM, accents, quoted commas and line breaks, formulas, blank lines and rows: the same either way."""
        from referralgraph.readwrite import _csvfile as readers

        cells = [
            f'p{k},"Nom, {chr(0xE9)}l{k}",\'=1+{k},  x ' if k % 7 else f'p{k},"two{eol}lines",,' for k in range(40_000)
        ]
        for at in (5, 17, 30_001):  # blank lines and a row of empty cells; numbers of the rows after them move on
            cells[at] = "" if at != 17 else ",,,"
        path = tmp_path / "contacts.csv"
        path.write_bytes(b"\xef\xbb\xbf" + ("id,name,notes,tags" + eol + eol.join(cells) + eol).encode())
        assert path.stat().st_size > readers._ARROW_MIN_BYTES
        used = []
        real = readers._read_fast
        monkeypatch.setattr(readers, "_read_fast", lambda *a: used.append(real(*a)) or used[-1])
        log_fast = ProblemLog()
        fast = readers.read_csv_table(path, log_fast)
        assert used and used[-1] is not None  # Arrow read it from the bytes
        monkeypatch.setattr(readers, "_read_fast", lambda *a: None)
        log_careful = ProblemLog()
        careful = readers.read_csv_table(path, log_careful)
        pd.testing.assert_frame_equal(fast.frame, careful.frame)
        assert fast.rows.tolist() == careful.rows.tolist() and fast.header_row == careful.header_row
        assert fast.rows[4:6].tolist() == [6, 8] and len(fast.frame) == 40_000 - 3
        assert fast.frame["notes"].iat[1] == "=1+1"  # the writers' formula quote is taken off
        assert log_fast.to_frame().equals(log_careful.to_frame())

    def test_file_not_utf8_past_its_header_is_read_carefully(self, tmp_path):
        from referralgraph.readwrite import _csvfile as readers

        rows = "".join(f"p{k},Person {k},{'x' * 40}\n" for k in range(30_000))
        path = tmp_path / "contacts.csv"
        path.write_bytes(("id,name,notes\n" + rows).encode() + "caf\u00e9,Caf\u00e9,\n".encode("cp1252"))
        log = ProblemLog()
        table = readers.read_csv_table(path, log)
        assert table.frame["id"].iat[-1] == "caf\u00e9" and table.rows[-1] == 30_002
        assert "Windows-1252" in log.to_frame()["message"].iat[0]

    def test_blank_line_falls_back_with_right_rows(self, tmp_path):
        from referralgraph.readwrite.tables import read_csv_table

        rows = "".join(f"p{k},Person {k},{'x' * 40}\n" for k in range(30_000))
        text = "id,name,notes\n" + rows + "\n" + "late,Late Person,\n"
        (tmp_path / "contacts.csv").write_text(text)
        table = read_csv_table(tmp_path / "contacts.csv", ProblemLog())
        assert table.rows[-1] == 30_003  # header 1, 30,000 rows, a blank line, then this one


class TestIntroducedByColumn:
    """One sheet with an 'Introduced By' column stands in for the introductions table."""

    def write(self, folder, text):
        (folder / "contacts.csv").write_text(text)
        return folder

    def test_column_builds_the_trees(self, tmp_path):
        src = self.write(
            tmp_path,
            "Name,Company,Introduced By,First Contact,Is Seeker\n"
            "Maya Chen,,,,yes\nAnn Lee,Acme,Maya Chen,2026-03-01,\n"
            "Bo Chen,Beta,Ann Lee,2026-03-05,\nCy Diaz,Gamma,Bo Chen,2026-03-09,\n",
        )
        net = rg.load(src)
        tree = net.tree_table().set_index("contact")
        assert tree["generation"].to_dict() == {"Maya Chen": 0, "Ann Lee": 1, "Bo Chen": 2, "Cy Diaz": 3}
        assert tree.loc["Cy Diaz", "introduced_by"] == "Bo Chen"
        assert tree.loc["Bo Chen", "date"] == pd.Timestamp("2026-03-05")
        assert net.problems.empty  # no "no introductions" warning: the column is the introductions

    def test_unknown_introducer_names_contacts_row_and_column(self, tmp_path):
        src = self.write(tmp_path, "name,referred by,is_seeker\nMe,,yes\nAnn,Me,\nBo,Anne,\n")
        problems = rg.validate(src)
        row = problems.iloc[0]
        assert row["file"] == f"{src / 'contacts.csv'} (column 'referred by')"
        assert (row["row"], row["severity"]) == (4, "error")
        assert row["message"].startswith("'Anne' is not a contact id or name in contacts")

    def test_introductions_file_wins(self, tmp_path):
        src = self.write(tmp_path, "name,introduced_by,is_seeker\nMe,,yes\nAnn,,\nBo,Ann,\n")
        (tmp_path / "introductions.csv").write_text("introducer,introduced\nMe,Bo\n")
        tree = rg.load(src).tree_table().set_index("contact")
        assert tree.loc["Bo", "introduced_by"] == "Me"
