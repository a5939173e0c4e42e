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
    result = subprocess.run([sys.executable, "-m", "referralgraph", "import-contacts", str(path), str(net)],
                            capture_output=True, text=True, timeout=120, env=ENV)
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
