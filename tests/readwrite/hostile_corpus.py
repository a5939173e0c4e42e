"""Generators of the round-2 hostile corpus cases (issue 12); their expected reports are in corpus/<case>/expected.json.

Every case here is made byte by byte at test time (names that differ only by case
cannot live side by side in git on every file system; workbooks must be damaged
exactly), and registered in ``test_corpus.GENERATED``.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import hostile_xlsx  # noqa: E402

CONTACTS = "id,name,is_seeker\nme,Maya,yes\nann,Ann Lee,\n"
INTROS = "introducer,introduced\nme,ann\n"


def _w(d: Path, name: str, text: str) -> None:
    (d / name).write_bytes(text.encode("utf-8"))


def _header_only_contacts_with_rows(d: Path) -> None:
    _w(d, "contacts.csv", "id,name,is_seeker\n")
    _w(d, "introductions.csv", INTROS)
    _w(d, "meetings.csv", "contact,date\nann,2026-01-05\n")


def _case_twin(d: Path) -> None:
    _w(d, "contacts.csv", CONTACTS)
    _w(d, "Contacts.CSV", CONTACTS)
    _w(d, "introductions.csv", INTROS)


def _space_twin(d: Path) -> None:
    _w(d, "contacts.csv", CONTACTS)
    _w(d, " contacts .csv", CONTACTS)
    _w(d, "introductions.csv", INTROS)


def _introductions_twin(d: Path) -> None:
    _w(d, "contacts.csv", CONTACTS)
    _w(d, "introductions.csv", INTROS)
    _w(d, "INTRODUCTIONS.csv", "introducer,introduced\nann,me\n")


def _sheet_twin(d: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Contacts"
    for row in (["id", "name", "is_seeker"], ["me", "Maya", "yes"]):
        book.active.append(row)
    book.create_sheet("contacts ").append(["id", "name"])
    book.save(d / "book.xlsx")


def _stray_quote(d: Path) -> None:
    rows = "".join(f"p{k},Person {k},\n" for k in range(20_000)).replace("p100,Person 100,", 'p100,"Person 100,')
    _w(d, "contacts.csv", "id,name,is_seeker\nme,Maya,yes\n" + rows)
    _w(d, "introductions.csv", "introducer,introduced\nme,p1\n")


def _unterminated_cell(d: Path) -> None:
    _w(d, "contacts.csv", 'id,name,is_seeker\nme,Maya,yes\nann,"' + "a" * 2_000_000 + "\n")
    _w(d, "introductions.csv", INTROS)


def _wide_header(d: Path) -> None:
    _w(d, "contacts.csv", "id,name,is_seeker," + ",".join(f"x{k}" for k in range(5000)) + "\nme,Maya,yes\n")
    _w(d, "introductions.csv", INTROS)


def _lookalike_names(d: Path) -> None:
    nfc, nfd = unicodedata.normalize("NFC", "José Núñez"), unicodedata.normalize("NFD", "José Núñez")
    _w(d, "contacts.csv", f"name,is_seeker\nMaya,yes\n{nfc},\n{nfd},\nAnn\u200b Lee,\nAnn Lee,\n")
    _w(d, "introductions.csv", f"introducer,introduced\nMaya,{nfc}\n")


def _zero_width_reference(d: Path) -> None:
    _w(d, "contacts.csv", CONTACTS)
    _w(d, "introductions.csv", "introducer,introduced\nme,ann\u200b\n")


def _terminal_escapes(d: Path) -> None:
    _w(
        d,
        "contacts.csv",
        "id,name,is_seeker,organization\nme,Maya,yes,\n"
        "ann,\x1b]0;pwned\x07Ann \x1b[31mLee\x1b[0m,,\x1b]8;;http://evil.example/\x1b\\Acme\x1b]8;;\x1b\\\n",
    )
    _w(d, "introductions.csv", INTROS)


def _damaged(kind: str):
    def make(d: Path) -> None:
        hostile_xlsx.DAMAGED[kind](d / "book.xlsx")

    return make


def _zip_bomb(d: Path) -> None:
    hostile_xlsx.zip_bomb(d / "book.xlsx")


HOSTILE = {
    "header_only_contacts_with_rows": _header_only_contacts_with_rows,
    "files_differ_only_in_case": _case_twin,
    "files_differ_only_in_spaces": _space_twin,
    "introductions_files_differ_in_case": _introductions_twin,
    "workbook_sheets_differ_in_case_and_space": _sheet_twin,
    "stray_quote_in_long_file": _stray_quote,
    "unterminated_two_megabyte_cell": _unterminated_cell,
    "header_too_wide": _wide_header,
    "lookalike_names_nfc_nfd_zero_width": _lookalike_names,
    "zero_width_reference": _zero_width_reference,
    "terminal_escapes_in_names": _terminal_escapes,
    "workbook_zip_bomb_dimension": _zip_bomb,
    **{f"workbook_{kind}": _damaged(kind) for kind in hostile_xlsx.DAMAGED},
}
XLSX_SOURCES = {
    "workbook_sheets_differ_in_case_and_space",
    "workbook_zip_bomb_dimension",
    *(f"workbook_{kind}" for kind in hostile_xlsx.DAMAGED),
}
DESCRIPTIONS = {
    "header_only_contacts_with_rows": "contacts.csv has only a header while introductions and meetings have rows",
    "files_differ_only_in_case": "contacts.csv beside Contacts.CSV",
    "files_differ_only_in_spaces": "contacts.csv beside ' contacts .csv'",
    "introductions_files_differ_in_case": "introductions.csv beside INTRODUCTIONS.csv",
    "workbook_sheets_differ_in_case_and_space": "sheets 'Contacts' and 'contacts '",
    "stray_quote_in_long_file": "one stray double quote in a 20,000-row contacts.csv",
    "unterminated_two_megabyte_cell": "a 2 MB cell whose quote is never closed",
    "header_too_wide": "a contacts header with 5,003 columns",
    "lookalike_names_nfc_nfd_zero_width": "NFC and NFD spellings of one name, and a name with a zero-width space",
    "zero_width_reference": "an introduction naming 'ann' followed by a zero-width space",
    "terminal_escapes_in_names": "names and organizations holding OSC and ANSI terminal escapes",
    "workbook_zip_bomb_dimension": "a small workbook whose sheet states 3,000,000 rows",
    "workbook_date_cell_feb_30": 'a t="d" cell holding 2020-02-30',
    "workbook_date_cell_not_a_date": 'a t="d" cell holding notadate',
    "workbook_number_cell_12abc": "a number cell holding 12abc",
    "workbook_boolean_cell_yes": "a boolean cell holding yes",
    "workbook_shared_string_out_of_range": "a shared-string cell pointing past the string table",
    "workbook_cell_ref_zzzzz3": "a cell at ZZZZZ3, beyond the last column",
}
