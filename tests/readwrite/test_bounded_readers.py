"""Readers that stay bounded (issue 23, item 6, the parts done): special files, sizes, UTF-16 without a BOM."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import referralgraph as rg
from referralgraph.readwrite import contacts as contacts_module

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
VCARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jürgen Müller\r\nORG:Acme\r\nEND:VCARD\r\n"


@pytest.fixture
def net(tmp_path):
    return rg.save(rg.demo(), tmp_path / "NET")


@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_import_contacts_refuses_special_files_at_once(tmp_path, net, special):
    if special == "fifo":
        path = tmp_path / "contacts.vcf"
        os.mkfifo(path)
    else:
        path = special
    result = subprocess.run(
        [sys.executable, "-m", "referralgraph", "import-contacts", str(path), str(net)],
        capture_output=True,
        text=True,
        timeout=120,
        env=ENV,
    )
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "not a regular file" in result.stderr


def test_oversized_export_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.vcf"
    path.write_text(VCARD * 100, encoding="utf-8")
    monkeypatch.setattr(contacts_module, "MAX_EXPORT_BYTES", 1000)
    with pytest.raises(rg.SizeLimitError, match=r"big.vcf: [\d,]+ bytes; expected a contacts export of at most 1,000"):
        rg.read_contacts(path)


@pytest.mark.parametrize("codec, kind", [("utf-16-le", "UTF-16 LE"), ("utf-16-be", "UTF-16 BE")])
def test_utf16_without_bom_is_one_clear_error(tmp_path, net, codec, kind):
    vcf = tmp_path / "c.vcf"
    vcf.write_bytes(VCARD.encode(codec))
    with pytest.raises(rg.SchemaError, match=f"c.vcf: the file is {kind} text without a byte-order mark"):
        rg.read_contacts(vcf)
    text = (net / "contacts.csv").read_text(encoding="utf-8-sig")
    (net / "contacts.csv").write_bytes(text.encode(codec))
    problems = rg.validate(net)
    errors = problems[problems["severity"] == "error"]
    assert len(errors) == 1 and f"{kind} text without a byte-order mark" in errors["message"].iloc[0]
    with pytest.raises(rg.ValidationError, match=kind):
        rg.load(net)


def test_utf16_with_bom_still_reads(tmp_path, net):
    text = (net / "contacts.csv").read_text(encoding="utf-8-sig")
    (net / "contacts.csv").write_bytes(text.encode("utf-16"))
    assert len(rg.load(net)) == len(rg.demo())


def read(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "c.vcf"
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return rg.read_contacts(path, problems=True)


def test_nested_agent_card_keeps_the_outer_person(tmp_path):
    card = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Outer Person\r\nAGENT:BEGIN:VCARD\r\nFN:Their Assistant\r\n"
        "END:VCARD\r\nEMAIL:outer@example.com\r\nEND:VCARD\r\n"
    )
    contacts, problems = read(tmp_path, card)
    assert contacts["name"].tolist() == ["Outer Person"] and contacts["email"].tolist() == ["outer@example.com"]
    assert problems["message"].str.contains("nested inside another").any()


def test_end_vcalendar_inside_a_card_does_not_close_it(tmp_path):
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
        "EMAIL:ann@example.com\r\nEND:VCARD\r\n"
    )
    contacts, _problems = read(tmp_path, card)
    assert contacts["email"].tolist() == ["ann@example.com"]


def test_latin1_card_is_decoded_or_reported(tmp_path):
    card = "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=ISO-8859-1:Müller;Jürgen\r\nFN;CHARSET=ISO-8859-1:Jürgen Müller\r\nEND:VCARD\r\n"
    contacts, _problems = read(tmp_path, card, "latin-1")
    assert contacts["name"].tolist() == ["Jürgen Müller"]
    mixed = card.encode("latin-1") + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Łukasz Nowak\r\nEND:VCARD\r\n".encode("utf-8")
    contacts, problems = read(tmp_path, mixed)  # each card decoded by its own CHARSET (test_vcard_charsets.py)
    assert contacts["name"].tolist() == ["Jürgen Müller", "Łukasz Nowak"] and problems.empty


def test_unfolding_is_linear():
    from referralgraph.readwrite.contacts import _unfold

    photo = "PHOTO;ENCODING=b:" + "\r\n ".join(["QUFBQUFB" * 9] * 120_000)  # about 8.6 MB in 120,000 folds
    lines = _unfold("BEGIN:VCARD\r\nFN:Ann\r\n" + photo + "\r\nEND:VCARD\r\n")
    assert [n for n, line in lines if line] == [1, 2, 3, 120_003] and len(lines[2][1]) == 17 + 72 * 120_000
