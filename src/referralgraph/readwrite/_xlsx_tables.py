"""Excel Tables (ListObjects) on a sheet that gets rows appended: the Table grows to hold them.

A sheet formatted as a Table (Insert > Table) has a part ``xl/tables/tableN.xml`` whose
``ref="A1:F10"`` says which cells the Table covers. A row written below the Table is
outside it (no banding, formulas, filters or structured references cover it), so when
:func:`referralgraph.append_meeting` and friends append rows directly below a Table's last
row, its ``ref`` (and its ``autoFilter``'s) is extended to the new last row.
"""

from __future__ import annotations

import posixpath
import re

__all__ = ["extend_tables"]

_REF = re.compile(r"^([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)$")


def _table_parts(members: dict, sheet_part: str) -> list[str]:
    folder, name = posixpath.split(sheet_part)
    rels = members.get(f"{folder}/_rels/{name}.rels")
    if rels is None:
        return []
    out = []
    for m in re.finditer(r"<Relationship\b([^>]*)/?>", rels.decode("utf-8")):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        if attrs.get("Type", "").endswith("/table") and "Target" in attrs:
            target = attrs["Target"]
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            if path in members:
                out.append(path)
    return out


def extend_tables(members: dict, sheet_part: str, *, last_row: int, new_last_row: int) -> list[str]:
    """Extend every Table of the sheet that ends at ``last_row`` down to ``new_last_row``; return their names.

    ``members`` (zip member -> bytes) is changed in place.
    """
    grown = []
    for part in _table_parts(members, sheet_part):
        xml = members[part].decode("utf-8")
        head = re.search(r"<table\b[^>]*>", xml)
        ref = re.search(r'\bref="([^"]+)"', head.group()) if head else None
        m = _REF.match(ref.group(1)) if ref else None
        if head is None or ref is None or m is None or int(m.group(4)) != last_row:
            continue
        new_ref = f"{m.group(1)}{m.group(2)}:{m.group(3)}{new_last_row}"
        old_ref = ref.group(1)
        table_tag = head.group().replace(f'ref="{old_ref}"', f'ref="{new_ref}"', 1)
        xml = xml[: head.start()] + table_tag + xml[head.end() :]
        xml = re.sub(
            r'(<autoFilter\b[^>]*\bref=")' + re.escape(old_ref) + '"',
            lambda a: a.group(1) + new_ref + '"',
            xml,
            count=1,
        )
        members[part] = xml.encode("utf-8")
        name = re.search(r'\bdisplayName="([^"]*)"', table_tag)
        grown.append(name.group(1) if name else part)
    return grown
