"""The CLI never shows a traceback on hostile input (issue 6 item 1).

Every case of the hostile-input corpus (tests/readwrite/corpus, byte-level cases generated
by tests/readwrite/test_corpus.py) and a few damaged files made here go through
``referralgraph report`` and ``referralgraph map``: exit 1 with an ``Error: `` first
line when the input has errors, exit 0 otherwise, and never an uncaught exception.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from referralgraph.cli import cli

sys.path.insert(0, str(Path(__file__).parents[1] / "readwrite"))
import test_corpus as corpus  # noqa: E402


def cli_options(expected: dict) -> list[str]:
    """The case's load options as command-line flags (``today`` has no flag: only warnings depend on it)."""
    opts = expected.get("options", {})
    args = []
    if opts.get("date_format"):
        args += ["--date-format", opts["date_format"]]
    if opts.get("dayfirst") is not None:
        args.append("--dayfirst" if opts["dayfirst"] else "--monthfirst")
    return args


def invoke(*args) -> object:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"uncaught {type(result.exception).__name__}: {result.exception}")
    assert "Traceback" not in result.output
    return result


def check(result, *, has_errors: bool) -> None:
    if has_errors:
        assert result.exit_code == 1, result.output
        assert result.output.startswith("Error: "), result.output
        assert result.stderr.startswith("Error: ")  # errors go to stderr, nothing half-written to stdout
    else:
        assert result.exit_code == 0, result.output


def commands(source: Path, out: Path, extra: list[str]):
    return {
        "report": ["report", source, *extra],
        "map": ["map", source, "-o", out / "map.html", *extra],
    }


@pytest.mark.slow  # the whole corpus x two commands through the CLI; test_corpus.py covers it in the library
@pytest.mark.parametrize("command", ["report", "map"])
@pytest.mark.parametrize("case", corpus.CASES)
def test_corpus_case(case, command, tmp_path):
    source, expected = corpus.materialize(case, tmp_path)
    has_errors = any(p["severity"] == "error" for p in expected["problems"])
    out = tmp_path / "out"
    out.mkdir()
    result = invoke(*commands(source, out, cli_options(expected))[command])
    check(result, has_errors=has_errors)
    if command == "map":
        assert (out / "map.html").exists() == (not has_errors)


# ----------------------------------------------------------------------- damaged files made here
def _random_bytes(d: Path) -> None:
    rnd = random.Random(6)
    (d / "contacts.csv").write_bytes(bytes(rnd.randrange(256) for _ in range(2000)))
    (d / "introductions.csv").write_bytes(bytes(rnd.randrange(256) for _ in range(500)))


def _random_printable(d: Path) -> None:
    rnd = random.Random(7)
    alphabet = 'ab,;"\n\r\t =+-@\'\u00e9\u4e2d\u05d0'
    (d / "contacts.csv").write_text("name,is_seeker\n" + "".join(rnd.choice(alphabet) for _ in range(3000)),
                                    encoding="utf-8")


def _contacts_is_a_folder(d: Path) -> None:
    (d / "contacts.csv").mkdir()


def _only_a_header_of_quotes(d: Path) -> None:
    (d / "contacts.csv").write_bytes(b'"""""""\n')


def _damaged_workbook(d: Path) -> Path:
    rnd = random.Random(8)
    book = d / "book.xlsx"
    book.write_bytes(b"PK\x03\x04" + bytes(rnd.randrange(256) for _ in range(1000)))
    return book


def _csv_named_xlsx(d: Path) -> Path:
    book = d / "book.xlsx"
    book.write_bytes(b"id,name,is_seeker\nme,Maya,yes\n")
    return book


def _single_csv_file(d: Path) -> Path:
    (d / "contacts.csv").write_bytes(b"id,name,is_seeker\nme,Maya,yes\n")
    return d / "contacts.csv"


def _empty_folder(d: Path) -> None:
    pass


MADE_HERE = {f.__name__.lstrip("_"): f for f in (
    _random_bytes, _random_printable, _contacts_is_a_folder, _only_a_header_of_quotes, _damaged_workbook,
    _csv_named_xlsx, _single_csv_file, _empty_folder)}


@pytest.mark.parametrize("command", ["report", "map"])
@pytest.mark.parametrize("case", sorted(MADE_HERE))
def test_damaged_input(case, command, tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    source = MADE_HERE[case](folder) or folder
    out = tmp_path / "out"
    out.mkdir()
    result = invoke(*commands(source, out, [])[command])
    check(result, has_errors=True)
    assert len(result.output.split("\n", 1)[0]) > len("Error: ")
    assert not (out / "map.html").exists()
