"""vCard values decoded by their own ``CHARSET=`` (issue 23, item 6): legacy charsets, QUOTED-PRINTABLE, or reported.

Nothing is dropped silently: a value that cannot be read as declared is kept (read as
UTF-8 or Windows-1252) and reported with its line and property.
"""

from __future__ import annotations

import quopri

import pytest

import referralgraph as rg


def card(*lines: bytes) -> bytes:
    return b"BEGIN:VCARD\r\nVERSION:2.1\r\n" + b"\r\n".join(lines) + b"\r\nEND:VCARD\r\n"


def qp(text: str, charset: str) -> bytes:
    return quopri.encodestring(text.encode(charset)).replace(b"\n", b"")


def read(tmp_path, data: bytes):
    path = tmp_path / "contacts.vcf"
    path.write_bytes(data)
    return rg.read_contacts(path, problems=True)


@pytest.mark.parametrize(
    "charset, name, org",
    [
        ("ISO-8859-1", "Jürgen Müller", "Bäckerei Köln"),
        ("windows-1252", "François Lefèvre", "Café “Œuvre” €"),
        ("Shift_JIS", "山田太郎", "ソニー株式会社"),  # ソ is 0x83 0x5C: its second byte is a backslash
        ("ISO-8859-2", "Łukasz Żółć", "Gdańsk"),
        ("KOI8-R", "Иван Петров", "Яндекс"),
    ],
)
@pytest.mark.parametrize("quoted", [False, True])
def test_legacy_charsets_raw_and_quoted_printable(tmp_path, charset, name, org, quoted):
    if quoted:
        enc = f";CHARSET={charset};ENCODING=QUOTED-PRINTABLE".encode()
        fn, o = qp(name, charset), qp(org, charset)
    else:
        enc = f";CHARSET={charset}".encode()
        fn, o = name.encode(charset), org.encode(charset)
    table, problems = read(
        tmp_path, card(b"FN" + enc + b":" + fn, b"ORG" + enc + b":" + o, b"EMAIL:someone@example.com")
    )
    assert table["name"].tolist() == [name] and table["organization"].tolist() == [org]
    assert problems.empty, problems


def test_one_file_mixing_utf8_latin1_and_shift_jis_cards(tmp_path):
    data = (
        card("FN;CHARSET=UTF-8:Łukasz Nowak".encode())
        + card(b"FN;CHARSET=ISO-8859-1:J\xfcrgen M\xfcller")
        + card(b"FN;CHARSET=SHIFT_JIS:" + "山田太郎".encode("shift_jis"))
        + b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:"
        + "Zoë Ángel".encode()
        + b"\r\nEND:VCARD\r\n"
    )
    table, problems = read(tmp_path, data)
    assert table["name"].tolist() == ["Łukasz Nowak", "Jürgen Müller", "山田太郎", "Zoë Ángel"]
    assert problems.empty


class TestReported:
    """Values that cannot be read as declared are kept and reported with line and property."""

    def one(self, problems):
        assert len(problems) == 1, problems
        return problems.iloc[0]

    def test_8bit_without_charset_is_read_as_windows_1252_with_a_warning(self, tmp_path):
        table, problems = read(tmp_path, card(b"FN:J\xfcrgen M\xfcller", b"ORG:Acme"))
        assert table["name"].tolist() == ["Jürgen Müller"]
        p = self.one(problems)
        assert (p["row"], p["column"], p["severity"]) == (3, "FN", "warning")
        assert "its bytes are not UTF-8 and it names no CHARSET=; read as Windows-1252" in p["message"]
        assert "Jürgen Müller" in p["message"]

    def test_unknown_charset(self, tmp_path):
        table, problems = read(tmp_path, card(b"FN;CHARSET=X-MADE-UP:J\xfcrgen"))
        assert table["name"].tolist() == ["Jürgen"]
        assert "CHARSET=X-MADE-UP is not a character set referralgraph can decode" in self.one(problems)["message"]

    @pytest.mark.parametrize(
        "codec", ["unicode_escape", "raw-unicode-escape", "idna", "punycode", "rot13", "zlib", "base64"]
    )
    def test_codecs_that_are_no_charset_are_refused(self, tmp_path, codec):
        table, problems = read(tmp_path, card(f"FN;CHARSET={codec}:Zo\xeb \\u0041".encode("latin-1")))
        assert table["name"].tolist() == ["Zoë \\u0041"]  # read as Windows-1252, escapes not interpreted
        assert f"CHARSET={codec} is not a character set" in self.one(problems)["message"]

    def test_bytes_invalid_in_the_declared_charset(self, tmp_path):
        table, problems = read(tmp_path, card(b"FN;CHARSET=Shift_JIS:\x83\xff\x83"))
        assert len(table) == 1
        assert "its bytes are not valid Shift_JIS; read as Windows-1252" in self.one(problems)["message"]

    def test_utf8_bytes_under_a_latin1_label_are_read_as_utf8(self, tmp_path):
        table, problems = read(tmp_path, card("FN;CHARSET=ISO-8859-1:Jürgen Müller".encode()))
        assert table["name"].tolist() == ["Jürgen Müller"]
        assert "declared but the bytes are UTF-8" in self.one(problems)["message"]

    def test_properties_not_read_are_not_decoded_or_reported(self, tmp_path):
        table, problems = read(tmp_path, card(b"FN:Ann", b"ADR;CHARSET=X-NONE:\xff\xfe", b"PHOTO;ENCODING=b:QUFB"))
        assert table["name"].tolist() == ["Ann"] and problems.empty


def test_import_contacts_keeps_the_decoded_names(tmp_path, run):
    folder = rg.save(rg.demo(), tmp_path / "net")
    path = tmp_path / "c.vcf"
    path.write_bytes(
        card(b"FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:J=FCrgen M=FCller", b"ORG:Acme")
        + card(b"FN;CHARSET=Shift_JIS:" + "山田太郎".encode("shift_jis"))
    )
    result = run("import-contacts", path, folder, "--no-pool")
    assert result.exit_code == 0, result.output
    names = rg.load(folder).contacts["name"].tolist()
    assert "Jürgen Müller" in names and "山田太郎" in names


def test_utf16_with_a_bom_is_read(tmp_path):
    table, problems = read(tmp_path, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë\r\nEND:VCARD\r\n".encode("utf-16"))
    assert table["name"].tolist() == ["Zoë"] and problems.empty
