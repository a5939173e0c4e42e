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
        f"uncaught {type(result.exception).__name__}: {result.exception}"
    )
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
    alphabet = "ab,;\"\n\r\t =+-@'\u00e9\u4e2d\u05d0"
    (d / "contacts.csv").write_text(
        "name,is_seeker\n" + "".join(rnd.choice(alphabet) for _ in range(3000)), encoding="utf-8"
    )


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


MADE_HERE = {
    f.__name__.lstrip("_"): f
    for f in (
        _random_bytes,
        _random_printable,
        _contacts_is_a_folder,
        _only_a_header_of_quotes,
        _damaged_workbook,
        _csv_named_xlsx,
        _single_csv_file,
        _empty_folder,
    )
}


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


# ======================================================================= round 2 (issue 12 item 9)
import hashlib  # noqa: E402
import os  # noqa: E402

import referralgraph as rg  # noqa: E402


def _snapshot(path: Path) -> dict:
    """Every file under ``path`` (or ``path`` itself) with its bytes' hash, so a test can see a change."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file() or p.is_fifo())
    return {str(p): ("fifo" if p.is_fifo() else hashlib.sha256(p.read_bytes()).hexdigest()) for p in files}


def strict_run(*args, inputs=(), exit_codes=(0, 1), table_of_problems=False):
    """Run the CLI once; assert no traceback, the exit code, at most one ``Error:`` line, inputs unchanged."""
    before = [_snapshot(Path(p)) for p in inputs]
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"uncaught {type(result.exception).__name__}: {result.exception}"
    )
    out = result.output
    assert "Traceback" not in out and "site-packages" not in out
    assert "\x1b" not in out and "\x07" not in out, "a terminal escape reached the terminal"
    assert result.exit_code in exit_codes, out
    errors = [line for line in out.splitlines() if line.startswith("Error:")]
    if table_of_problems and result.exit_code == 1 and not errors:  # validate: its table is the answer
        assert result.stdout.strip(), "validate exits 1 with its table of problems"
    else:
        assert len(errors) == (1 if result.exit_code else 0), out
    assert [_snapshot(Path(p)) for p in inputs] == before, "an input changed"
    return result


def every_command(source: Path, out: Path) -> dict[str, list]:
    """Each command that reads a network, writing (if at all) under ``out``."""
    return {
        "validate": ["validate", source],
        "report": ["report", source, "--as-of", "2026-06-01"],
        "next": ["next", source, "--as-of", "2026-06-01"],
        "map": ["map", source, "-o", out / "map.html"],
        "metrics": [
            "metrics",
            source,
            "--per-contact",
            out / "pc.csv",
            "--summary",
            out / "s.json",
            "--growth",
            out / "g.csv",
            "--as-of",
            "2026-06-01",
        ],
        "export-csv": ["export", source, out / "csv", "--to", "csv"],
        "export-xlsx": ["export", source, out / "n.xlsx"],
        "export-json": ["export", source, out / "n.json"],
        "plot": ["plot", source, "--kind", "growth", "-o", out / "g.png"],
        "forecast": ["forecast", source, "--as-of", "2026-06-01", "--simulations", "200", "--weeks", "4"],
    }


ROUND2 = sorted(corpus.HOSTILE)


def _run_case(case: str, command: str, tmp_path: Path) -> None:
    source, expected = corpus.materialize(case, tmp_path)
    has_errors = any(p["severity"] == "error" for p in expected["problems"])
    out = tmp_path / "out"
    out.mkdir()
    args = every_command(source, out)[command]
    result = strict_run(*args, inputs=[tmp_path / case], table_of_problems=command == "validate")
    if has_errors:
        assert result.exit_code == 1
    if command in ("report", "next"):
        assert "pwned" not in result.output or "\x1b" not in result.output


@pytest.mark.parametrize("command", ["validate", "report", "map", "export-csv"])
@pytest.mark.parametrize(
    "case",
    [
        "header_only_contacts_with_rows",
        "files_differ_only_in_case",
        "terminal_escapes_in_names",
        "workbook_date_cell_feb_30",
        "workbook_zip_bomb_dimension",
    ],
)
def test_round2_case_fast(case, command, tmp_path):
    _run_case(case, command, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("command", sorted(every_command(Path("s"), Path("o"))))
@pytest.mark.parametrize("case", ROUND2)
def test_round2_case_every_command(case, command, tmp_path):
    _run_case(case, command, tmp_path)


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("good") / "net"
    rg.save(rg.demo(), folder)
    return folder


HOSTILE_DATES = [
    "",
    "NaT",
    "tomorrow",
    "2026-13-01",
    "2026-02-30",
    "-1",
    "46061",
    "0001-01-01",
    "1677-09-21",
    "2262-04-12",
    "03/04/2009",
    "\x1b]0;pwned\x07",
]
HOSTILE_DATE_FORMATS = ["%Q", "%", "%s", "%Y%Y", ""]
DATED = {
    "report": [],
    "next": [],
    "metrics": ["--growth", "{out}/g.csv"],
    "forecast": ["--simulations", "100", "--weeks", "2"],
    "validate": [],
}


def _dated(command: str, good: Path, out: Path, option: str, value: str) -> list:
    extra = [a.replace("{out}", str(out)) for a in DATED[command]]
    if command == "validate" and option == "--as-of":
        option = "--today"
    return [command, good, *extra, option, value]


@pytest.mark.parametrize("value", ["tomorrow", "2026-02-30", "46061", "1677-09-21", "03/04/2009", ""])
def test_hostile_dates_fast(good, tmp_path, value):
    result = strict_run(*_dated("report", good, tmp_path, "--as-of", value), inputs=[good], exit_codes=(1,))
    assert result.output.startswith("Error: --as-of must be a date from 1900-01-01 to 2199-12-31")


@pytest.mark.slow
@pytest.mark.parametrize("command", sorted(DATED))
@pytest.mark.parametrize("value", HOSTILE_DATES)
def test_hostile_dates_every_command(good, tmp_path, command, value):
    result = strict_run(*_dated(command, good, tmp_path, "--as-of", value), inputs=[good], exit_codes=(1,))
    assert " must be a date from 1900-01-01 to 2199-12-31" in result.output
    assert not (tmp_path / "g.csv").exists()


@pytest.mark.parametrize("value", HOSTILE_DATE_FORMATS)
def test_hostile_date_formats(good, tmp_path, value):
    for command in ("report", "validate") if value != "" else ("report",):
        result = strict_run(command, good, "--date-format", value, inputs=[good], exit_codes=(1,))
        assert result.output.startswith("Error: --date-format must be a strptime format of a date")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--simulations", "100000000"], "GiB of memory"),
        (["--simulations", "99999999999999999999"], "GiB of memory"),
        (["--simulations", "200000", "--weeks", "520"], "GiB of memory"),
        (["--what-if", "new-per-week=1e308"], "new-per-week must be a number from 0 to 1000"),
        (["--what-if", "new-per-week=nan"], "new-per-week must be a number from 0 to 1000"),
    ],
)
def test_forecast_limits(good, args, message):
    result = strict_run("forecast", good, *args, inputs=[good], exit_codes=(1,))
    assert message in result.output


@pytest.mark.parametrize("freq", ["ns", "N", "L", "us", "S", "min", "H", "2W", ""])
def test_metrics_freq(good, tmp_path, freq):
    result = strict_run("metrics", good, "--growth", tmp_path / "g.csv", "--freq", freq, inputs=[good], exit_codes=(1,))
    assert result.output.startswith("Error: --freq must be one of D, W, M, Q, Y")


def writers(good: Path, target: Path) -> dict[str, list]:
    """Every writing command with ``target`` as its output."""
    return {
        "map": ["map", good, "-o", target, "--force"],
        "metrics": ["metrics", good, "--per-contact", target, "--force"],
        "export": ["export", good, target, "--to", "json", "--force"],
        "plot": ["plot", good, "--kind", "growth", "-o", target, "--force"],
        "forecast": ["forecast", good, "--simulations", "100", "--weeks", "2", "-o", target, "--force"],
    }


def _bad_targets(good: Path, tmp_path: Path) -> dict[str, tuple[Path, str]]:
    regular = tmp_path / "notes.txt"
    regular.write_text("mine")
    return {
        "input file": (good / "contacts.csv", "is one of the inputs"),
        "under a regular file": (regular / "x.png", "is a file, not a folder"),
        "missing folder": (tmp_path / "nope" / "x.png", "no such folder"),
        "name too long": (tmp_path / ("a" * 300 + ".png"), "bytes long"),
        "device": (Path("/dev/full"), "not a regular file"),
    }


@pytest.mark.parametrize("command", ["map", "metrics", "export", "plot", "forecast"])
@pytest.mark.parametrize("kind", ["input file", "under a regular file", "missing folder", "name too long", "device"])
def test_outputs_are_checked(good, tmp_path, command, kind):
    target, message = _bad_targets(good, tmp_path)[kind]
    if kind == "device" and not target.exists():
        pytest.skip("no /dev/full here")
    args = writers(good, target)[command]
    result = strict_run(*args, inputs=[good, tmp_path / "notes.txt"], exit_codes=(1, 2))
    if result.exit_code == 1:
        assert message in result.output, result.output
        assert str(target)[:60] in result.output  # the path as the user gave it
    if target.parent.exists() and target.parent.is_dir():
        assert not any(p.name.startswith(".") and ".tmp" in p.name for p in target.parent.iterdir())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_output_and_input(good, tmp_path):
    fifo = tmp_path / "out.html"
    os.mkfifo(fifo)
    result = strict_run("map", good, "-o", fifo, "--force", inputs=[good], exit_codes=(1,))
    assert "not a regular file" in result.output
    assert fifo.is_fifo()
    os.mkfifo(tmp_path / "x.xlsx")
    result = strict_run("validate", tmp_path / "x.xlsx", exit_codes=(1,), table_of_problems=True)
    assert "not a regular file" in result.output


def test_init_and_import_never_overwrite_their_input(good, tmp_path):
    linkedin = good / "contacts.csv"
    strict_run("import-linkedin", linkedin, good, "--force", inputs=[good], exit_codes=(1,))
    copy = tmp_path / "copy"
    rg.save(rg.load(good), copy)
    result = strict_run("import-linkedin", copy / "contacts.csv", copy, "--force", inputs=[copy], exit_codes=(1,))
    assert "is one of the inputs" in result.output


def test_export_never_onto_its_input(good, tmp_path):
    for args in (
        ["export", good, good, "--to", "csv", "--force"],
        ["export", good, good / "contacts.csv", "--to", "xlsx", "--force"],
    ):
        result = strict_run(*args, inputs=[good], exit_codes=(1,))
        assert "is one of the inputs" in result.output


def test_symlinked_input_is_still_an_input(good, tmp_path):
    link = tmp_path / "link.csv"
    link.symlink_to(good / "contacts.csv")
    result = strict_run("map", good, "-o", link, "--force", inputs=[good], exit_codes=(1,))
    assert "is one of the inputs" in result.output


@pytest.mark.parametrize("command", ["validate", "report", "next", "map", "metrics", "export", "plot", "forecast"])
def test_missing_source_is_exit_1_everywhere(tmp_path, command):
    args = {
        "validate": [],
        "report": [],
        "next": [],
        "map": ["-o", tmp_path / "m.html"],
        "metrics": ["--growth", tmp_path / "g.csv"],
        "export": [tmp_path / "o.json"],
        "plot": ["--kind", "growth", "-o", tmp_path / "g.png"],
        "forecast": [],
    }[command]
    result = strict_run(command, tmp_path / "nope", *args, exit_codes=(1,))
    assert result.output == (
        f"Error: {tmp_path / 'nope'}: no such file or folder; expected a folder of CSV files or an .xlsx workbook\n"
    )


def test_lenient_says_what_it_skipped(tmp_path):
    source, _ = corpus.materialize("header_only_contacts_with_rows", tmp_path)
    for command, extra in (("map", ["-o", tmp_path / "m.html"]), ("export", [tmp_path / "o", "--to", "csv"])):
        result = strict_run(command, source, *extra, "--lenient", inputs=[source])
        assert result.exit_code == 0
        assert "problems in the input were skipped (--lenient)" in result.stderr


def test_terminal_escapes_never_printed(tmp_path):
    source, _ = corpus.materialize("terminal_escapes_in_names", tmp_path)
    for args in (
        ["next", source, "--as-of", "2026-06-01"],
        ["report", source, "--as-of", "2026-06-01"],
        ["validate", source, "--format", "csv"],
    ):
        strict_run(*args, inputs=[source])


def test_validate_csv_neutralises_hostile_cells(tmp_path):
    import csv
    import io

    d = tmp_path / "inj"
    d.mkdir()
    (d / "contacts.csv").write_text("id,name,is_seeker,=cmd|' /C calc'!A0\nme,Me,yes,x\nann,Ann,,\nann,=1+1,,\n")
    (d / "introductions.csv").write_text('introducer,introduced\nme,ann\nme,"=HYPERLINK(""http://x"")"\n')
    result = strict_run("validate", d, "--format", "csv", inputs=[d], exit_codes=(1,), table_of_problems=True)
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert len(rows) > 2
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell
