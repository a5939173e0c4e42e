"""Damaged .xlsx workbooks made byte by byte (issue 12 item 6): each cell kind openpyxl can choke on."""

from __future__ import annotations

import zipfile
from pathlib import Path

_CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
    '+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.sharedStrings+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WB = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="contacts" sheetId="1" r:id="rId1"/><sheet name="introductions" sheetId="2" r:id="rId2"/>'
    "</sheets></workbook>"
)
_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _cell(ref: str, value: str, kind: str = "inlineStr") -> str:
    if kind == "inlineStr":
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    if kind == "n":
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="{kind}"><v>{value}</v></c>'


def _sheet(rows: list[str], dimension: str | None = None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    body = "".join(f'<row r="{k}">{r}</row>' for k, r in enumerate(rows, start=1))
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}>{dim}<sheetData>{body}</sheetData></worksheet>'


def _contacts(third_row: str) -> str:
    head = _cell("A1", "id") + _cell("B1", "name") + _cell("C1", "is_seeker") + _cell("D1", "first_contact")
    return _sheet([head, _cell("A2", "me") + _cell("B2", "Maya") + _cell("C2", "yes"), third_row])


def write_workbook(path: Path, contacts_xml: str, *, shared: str = "", extra: dict | None = None) -> Path:
    intros = _sheet([_cell("A1", "introducer") + _cell("B1", "introduced"), _cell("A2", "me") + _cell("B2", "ann")])
    sst = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS} count="1" uniqueCount="1">'
        f"{shared or '<si><t>x</t></si>'}</sst>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WB)
        z.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        z.writestr("xl/worksheets/sheet1.xml", contacts_xml)
        z.writestr("xl/worksheets/sheet2.xml", intros)
        z.writestr("xl/sharedStrings.xml", sst)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def _ann(cell: str) -> str:
    return _cell("A3", "ann") + _cell("B3", "Ann") + cell


#: name -> function(path) writing a damaged workbook
DAMAGED = {
    "date_cell_feb_30": lambda p: write_workbook(p, _contacts(_ann(_cell("D3", "2020-02-30", "d")))),
    "date_cell_not_a_date": lambda p: write_workbook(p, _contacts(_ann(_cell("D3", "notadate", "d")))),
    "number_cell_12abc": lambda p: write_workbook(p, _contacts(_ann(_cell("D3", "12abc", "n")))),
    "boolean_cell_yes": lambda p: write_workbook(p, _contacts(_ann(_cell("C3", "yes", "b")))),
    "shared_string_out_of_range": lambda p: write_workbook(p, _contacts(_ann(_cell("D3", "99", "s")))),
    "cell_ref_zzzzz3": lambda p: write_workbook(p, _contacts(_cell("A3", "ann") + _cell("ZZZZZ3", "x"))),
}


def zip_bomb(path: Path, rows: int = 3_000_000) -> Path:
    """A small file whose contacts sheet states (and holds) ``rows`` rows."""
    head = _cell("A1", "id") + _cell("B1", "name")
    body = "".join(f'<row r="{k}"><c r="A{k}"><v>{k}</v></c></row>' for k in range(2, 2000))
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><dimension ref="A1:B{rows}"/><sheetData>'
        f'<row r="1">{head}</row>{body}</sheetData></worksheet>'
    )
    return write_workbook(path, xml)
