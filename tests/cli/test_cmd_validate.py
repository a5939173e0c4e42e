"""``referralgraph validate``: a problem table, exit 1 on errors, never a traceback (every corpus case)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest


sys.path.insert(0, str(Path(__file__).parents[1] / "readwrite"))
import test_corpus as corpus  # noqa: E402

CONTACTS = b"id,name,is_seeker\nme,Maya,yes\nann,Ann,\n"


@pytest.fixture
def run(run):
    """``referralgraph validate ARGS`` (the shared ``run`` of tests/conftest.py)."""
    return lambda *args: run("validate", *args)


def folder(tmp_path: Path, **files: bytes) -> Path:
    for name, data in files.items():
        (tmp_path / f"{name}.csv").write_bytes(data)
    return tmp_path


class TestValidateCommand:
    def test_clean_source_exits_zero(self, tmp_path, run):
        src = folder(tmp_path, contacts=CONTACTS, introductions=b"introducer,introduced\nme,ann\n")
        result = run(src)
        assert result.exit_code == 0
        assert result.output == "0 errors, 0 warnings\n"

    def test_errors_exit_one_with_a_table(self, tmp_path, run):
        src = folder(tmp_path, contacts=CONTACTS, introductions=b"introducer,introduced\nzed,ann\n")
        result = run(src)
        assert result.exit_code == 1
        lines = result.output.splitlines()
        assert lines[0].split() == ["file", "row", "column", "severity", "message"]
        assert lines[1].split()[:5] == [str(src / "introductions.csv"), "2", "introducer", "error", "'zed'"]
        assert lines[-1] == "1 error, 0 warnings"

    def test_warnings_alone_exit_zero(self, tmp_path, run):
        src = folder(
            tmp_path, contacts=CONTACTS, introductions=b"introducer,introduced\nANN,me\n".replace(b"ANN,me", b"me,ANN")
        )
        result = run(src, "--format", "json")
        assert result.exit_code == 0
        records = json.loads(result.output.split("\n0 errors")[0])
        assert [(r["row"], r["column"], r["severity"]) for r in records] == [(2, "introduced", "warning")]

    def test_date_options(self, tmp_path, run):
        src = folder(tmp_path, contacts=CONTACTS, introductions=b"introducer,introduced,date\nme,ann,03/04/2026\n")
        assert run(src, "--today", "2026-06-01").exit_code == 1
        assert run(src, "--today", "2026-06-01", "--dayfirst").exit_code == 0
        assert run(src, "--today", "2026-06-01", "--date-format", "%m/%d/%Y").exit_code == 0

    def test_csv_format(self, tmp_path, run):
        src = folder(tmp_path, contacts=b"", introductions=b"")
        result = run(src, "--format", "csv")
        assert result.exit_code == 1
        assert result.output.startswith("file,row,column,severity,message\n")

    def test_missing_source(self, tmp_path, run):
        result = run(tmp_path / "nope")
        assert (
            result.exit_code == 1
            and result.output
            == f"Error: {tmp_path / 'nope'}: no such file or folder; expected a folder of CSV files or an .xlsx workbook\n"
        )

    def test_empty_folder(self, tmp_path, run):
        result = run(tmp_path)
        assert result.exit_code == 1 and "no contacts.csv" in result.output


@pytest.mark.slow  # the whole corpus through the CLI; tests/readwrite/test_corpus.py covers it in the library
@pytest.mark.parametrize("case", corpus.CASES)
def test_every_corpus_case(case, tmp_path, run):
    source, expected = corpus.materialize(case, tmp_path)
    opts = corpus.options(expected)
    args = [source, "--today", opts.pop("today")]
    if "dayfirst" in opts:
        args.append("--dayfirst" if opts.pop("dayfirst") else "--monthfirst")
    if "date_format" in opts:
        args += ["--date-format", opts.pop("date_format")]
    assert not opts
    result = run(*args)
    errors = sum(p["severity"] == "error" for p in expected["problems"])
    warnings = len(expected["problems"]) - errors
    assert result.exit_code == (1 if errors else 0)
    assert result.output.rstrip("\n").splitlines()[-1] == (
        f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    )
    for p in expected["problems"]:
        assert p["message"][:40].replace("\n", " ") in result.output
