"""Every reader fails cleanly (issue 12 items 4 and 6): one clear problem, never a traceback or a hang."""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

import pytest

import referralgraph as rg
from referralgraph.exceptions import SchemaError, SizeLimitError, ValidationError
from referralgraph.readwrite import _csvfile as tables

sys.path.insert(0, str(Path(__file__).parent))
import hostile_xlsx  # noqa: E402

CONTACTS = "id,name,is_seeker\nme,Maya,yes\nann,Ann,\n"
INTROS = "introducer,introduced\nme,ann\n"


def _folder(tmp_path: Path, **files: str) -> Path:
    d = tmp_path / "net"
    d.mkdir()
    for name, text in files.items():
        (d / name.replace("__", " ")).write_text(text, encoding="utf-8")
    return d


def _errors(source) -> list[str]:
    problems = rg.validate(source, today="2026-06-01")
    return problems.loc[problems["severity"] == "error", "message"].tolist()


class TestCsv:
    def test_stray_quote_in_a_long_file(self, tmp_path):
        rows = "".join(f"p{k},Name {k},\n" for k in range(20_000)).replace("p100,Name 100,", 'p100,"Name 100,')
        d = _folder(tmp_path, **{"contacts.csv": "id,name,is_seeker\nme,Me,yes\n" + rows, "introductions.csv": INTROS})
        errors = _errors(d)
        assert any("opens a double quote that is never closed" in m for m in errors)

    def test_two_megabyte_unterminated_cell(self, tmp_path):
        d = _folder(
            tmp_path,
            **{
                "contacts.csv": 'id,name,is_seeker\nme,Me,yes\nx,"' + "a" * 2_000_000 + "\n",
                "introductions.csv": INTROS,
            },
        )
        assert any("never closed" in m for m in _errors(d))

    def test_header_wider_than_the_limit_is_refused_quickly(self, tmp_path):
        d = _folder(
            tmp_path,
            **{"contacts.csv": ",".join(f"c{k}" for k in range(200_000)) + "\nme\n", "introductions.csv": INTROS},
        )
        errors = _errors(d)  # refused from the header line: no row is parsed into 200,000 columns
        assert errors == [
            f"the header has 200,000 columns; expected at most {tables.MAX_COLUMNS:,} (the tables "
            "have about 20 columns plus your own; see docs/limits.md)"
        ]

    def test_header_only_contacts_with_introductions_and_meetings(self, tmp_path):
        d = _folder(
            tmp_path,
            **{
                "contacts.csv": "id,name,is_seeker\n",
                "introductions.csv": INTROS,
                "meetings.csv": "contact,date\nann,2026-01-01\n",
            },
        )
        net = rg.load(d, strict=False)
        assert len(net) == 0 and len(net.introductions) == 1
        with pytest.raises(ValidationError, match="'me' is not a contact id or name"):
            rg.load(d)

    @pytest.mark.parametrize("other", ["Contacts.CSV", "__contacts__.csv", "CONTACTS.csv"])
    def test_names_differing_by_case_or_spaces(self, tmp_path, other):
        d = _folder(tmp_path, **{"contacts.csv": CONTACTS, other: CONTACTS, "introductions.csv": INTROS})
        shown = other.replace("__", " ")
        with pytest.raises(SchemaError, match="both name the contacts table") as info:
            rg.load(d)
        assert repr(shown) in str(info.value) and "'contacts.csv'" in str(info.value)
        assert "both name the contacts table" in _errors(d)[0]

    def test_introductions_differing_by_case(self, tmp_path):
        d = _folder(tmp_path, **{"contacts.csv": CONTACTS, "introductions.csv": INTROS, "INTRODUCTIONS.csv": INTROS})
        with pytest.raises(SchemaError, match="'INTRODUCTIONS.csv' and 'introductions.csv' both name"):
            rg.load(d)

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
    def test_fifo_table_is_refused_at_once(self, tmp_path):
        d = _folder(tmp_path, **{"introductions.csv": INTROS})
        os.mkfifo(d / "contacts.csv")
        with pytest.raises(SchemaError, match="not a regular file"):
            rg.load(d)

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
    def test_fifo_workbook_is_refused_at_once(self, tmp_path):
        os.mkfifo(tmp_path / "x.xlsx")
        with pytest.raises(SchemaError, match="not a regular file"):
            rg.load(tmp_path / "x.xlsx")
        assert "not a regular file" in _errors(tmp_path / "x.xlsx")[0]


class TestWorkbook:
    @pytest.mark.parametrize("case", sorted(hostile_xlsx.DAMAGED))
    def test_damaged_cells(self, tmp_path, case):
        path = hostile_xlsx.DAMAGED[case](tmp_path / f"{case}.xlsx")
        errors = _errors(path)
        assert errors[0].startswith("the cells of this row cannot be read (")
        problems = rg.validate(path)
        assert problems.loc[0, "row"] == 3
        with pytest.raises(ValidationError, match="cannot be read"):
            rg.load(path)

    def test_zip_bomb_refused_before_parsing(self, tmp_path, monkeypatch):
        from referralgraph.readwrite import _workbook

        def never(*args, **kwargs):
            raise AssertionError("the sheet was parsed")

        path = hostile_xlsx.zip_bomb(tmp_path / "bomb.xlsx")
        monkeypatch.setattr(_workbook, "_read_sheet", never)  # refused from the sheet's dimension, before its cells
        with pytest.raises(SizeLimitError, match="the sheet says it holds 3,000,000 rows"):
            rg.load(path)
        assert "3,000,000 rows" in _errors(path)[0]

    def test_sheets_differing_by_case_or_spaces(self, tmp_path):
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.Workbook()
        book.active.title = "Contacts"
        book.active.append(["id", "name", "is_seeker"])
        book.create_sheet("contacts ").append(["id", "name"])
        path = tmp_path / "two.xlsx"
        book.save(path)
        with pytest.raises(SchemaError, match="the sheets 'Contacts' and 'contacts ' both name the contacts table"):
            rg.load(path)

    def test_openpyxl_warnings_become_problems(self, tmp_path):
        ext = (
            '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"><x14:dataValidations '
            'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"/></ext></extLst>'
        )
        xml = hostile_xlsx._contacts(hostile_xlsx._ann("")).replace("</worksheet>", ext + "</worksheet>")
        path = hostile_xlsx.write_workbook(tmp_path / "ext.xlsx", xml)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            problems = rg.validate(path)
        text = " ".join(problems["message"])
        assert "site-packages" not in text


class TestLookalikes:
    def test_nfc_and_nfd_spellings_are_warned_about(self):
        import unicodedata

        import pandas as pd

        nfc, nfd = unicodedata.normalize("NFC", "José"), unicodedata.normalize("NFD", "José")
        net = rg.from_frames(pd.DataFrame({"name": ["Me", nfc, nfd], "is_seeker": ["yes", "", ""]}))
        warned = net.problems[net.problems["message"].str.contains("looks the same as")]
        assert warned["row"].tolist() == [3, 4]
        assert "NFC/NFD" in warned["message"].iloc[0]

    def test_zero_width_reference_gets_a_hint(self):
        import pandas as pd

        contacts = pd.DataFrame({"name": ["Me", "Bo"], "is_seeker": ["yes", ""]})
        intros = pd.DataFrame({"introducer": ["Me"], "introduced": ["Bo\u200b"]})
        with pytest.raises(ValidationError, match="it looks like 'Bo' but is written with other characters"):
            rg.from_frames(contacts, intros)

    def test_plain_ascii_names_cost_nothing(self):
        import pandas as pd

        net = rg.from_frames(pd.DataFrame({"name": ["Me", "Ann", "ann"], "is_seeker": ["yes", "", ""]}))
        assert not net.problems["message"].str.contains("looks the same").any()
