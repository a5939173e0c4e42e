"""Inputs are never modified, and nothing is overwritten without --force (issue 6 item 4).

Every command that reads a source runs on a CSV folder, on a workbook and (for
import-linkedin) on a LinkedIn export; the bytes and modification times of every
input file are the same afterwards, and no file appears in the input folders. Every
command that writes refuses to replace an existing file without --force: exit 1,
one ``Error:`` line, and the existing file keeps its bytes.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import referralgraph as rg
from referralgraph.cli import all_commands, cli

LINKEDIN = Path(__file__).parent / "fixtures" / "linkedin" / "connections_recent.csv"


def snapshot(root: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``root``: sha256 and modification time (ns)."""
    return {
        str(p.relative_to(root)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def invoke(args) -> object:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("inputs")
    net = rg.demo()
    rg.save(net, root / "folder")
    rg.save(net, root / "book.xlsx")
    (root / "linkedin").mkdir()
    shutil.copy(LINKEDIN, root / "linkedin" / "Connections.csv")
    return root


def reading_commands(source: Path, out: Path) -> dict[str, list]:
    return {
        "validate": ["validate", source],
        "report": ["report", source, "--format", "markdown"],
        "metrics": [
            "metrics",
            source,
            "--per-contact",
            out / "pc.csv",
            "--summary",
            out / "s.csv",
            "--growth",
            out / "g.csv",
        ],
        "map": ["map", source, "-o", out / "map.html"],
        "plot": ["plot", source, "--kind", "growth", "-o", out / "growth.png"],
        "export": ["export", source, out / "copy"],
        "export-xlsx": ["export", source, out / "copy.xlsx"],
        "export-anonymized": ["export", source, out / "anon.gexf", "--anonymize"],
        "forecast": ["forecast", source, "--weeks", "2", "--simulations", "100", "-o", out / "fc.png"],
        "next": ["next", source, "--today", "2026-04-30"],
        "partition": ["partition", source, out / "dataset", "--buckets", "1"],
    }


COMMANDS = sorted(reading_commands(Path("s"), Path("o")))


def test_every_command_exists():
    wanted = {"validate", "report", "metrics", "map", "plot", "export", "forecast", "next", "init", "import-linkedin"}
    assert wanted <= set(all_commands())


@pytest.mark.slow  # every command x both formats through the CLI
@pytest.mark.parametrize("kind", ["folder", "book.xlsx"])
@pytest.mark.parametrize("command", COMMANDS)
def test_reading_leaves_inputs_untouched(inputs, command, kind, tmp_path):
    before = snapshot(inputs)
    result = invoke(reading_commands(inputs / kind, tmp_path)[command])
    assert result.exit_code == 0, result.output
    assert snapshot(inputs) == before


def test_import_linkedin_into_another_folder(inputs, tmp_path):
    before = snapshot(inputs)
    result = invoke(
        ["import-linkedin", inputs / "linkedin" / "Connections.csv", tmp_path / "new", "--seeker", "Maya Park"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new" / "contacts.csv").exists()
    assert snapshot(inputs) == before


def test_import_linkedin_merging_reads_but_never_changes_the_export(inputs, tmp_path):
    target = tmp_path / "net"
    shutil.copytree(inputs / "folder", target)
    before = snapshot(inputs)
    result = invoke(["import-linkedin", inputs / "linkedin" / "Connections.csv", target, "--force"])
    assert result.exit_code == 0, result.output
    assert snapshot(inputs) == before


# --------------------------------------------------------------------------- no overwriting without --force
def writing_commands(source: Path, target: Path) -> dict[str, tuple[list, Path]]:
    """Command and the existing file it must refuse to replace."""
    return {
        "init": (["init", target], target / "contacts.csv"),
        "export-csv": (["export", source, target], target / "contacts.csv"),
        "export-xlsx": (["export", source, target / "x.xlsx"], target / "x.xlsx"),
        "export-json": (["export", source, target / "x.json"], target / "x.json"),
        "map": (["map", source, "-o", target / "m.html"], target / "m.html"),
        "plot": (["plot", source, "--kind", "funnel", "-o", target / "p.png"], target / "p.png"),
        "metrics": (["metrics", source, "--per-contact", target / "pc.csv"], target / "pc.csv"),
        "forecast": (["forecast", source, "-o", target / "f.png"], target / "f.png"),
        "partition": (["partition", source, target / "dataset", "--buckets", "1"], target / "dataset"),
    }


@pytest.mark.parametrize("command", sorted(writing_commands(Path("s"), Path("t"))))
def test_refuses_to_overwrite_without_force(inputs, command, tmp_path):
    target = tmp_path / "target"
    target.mkdir()
    args, existing = writing_commands(inputs / "folder", target)[command]
    existing.write_bytes(b"precious, not to be replaced\n")
    before = snapshot(target)
    result = invoke(args)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert "--force" in lines[0]
    assert snapshot(target) == before  # the file kept its bytes, and nothing else was written


def test_import_linkedin_never_replaces_a_file(inputs, tmp_path):
    """An import only appends to a network's files (issue 20 item 7); a contacts.csv that is no network stays as is."""
    target = tmp_path / "target"
    target.mkdir()
    (target / "contacts.csv").write_bytes(b"precious, not to be replaced\n")
    before = snapshot(target)
    result = invoke(["import-linkedin", LINKEDIN, target])
    assert result.exit_code == 1 and result.output.startswith("Error: "), result.output
    assert snapshot(target) == before


@pytest.mark.parametrize("command", ["init", "export-csv", "export-xlsx", "map", "plot", "metrics"])
def test_force_replaces(inputs, command, tmp_path):
    target = tmp_path / "target"
    target.mkdir()
    args, existing = writing_commands(inputs / "folder", target)[command]
    existing.write_bytes(b"old\n")
    result = invoke([*args, "--force"])
    assert result.exit_code == 0, result.output
    assert existing.read_bytes() != b"old\n"
    assert not [p for p in target.rglob(".*tmp*")]  # no temporary files left behind
