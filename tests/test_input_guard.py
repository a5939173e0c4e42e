"""One input guard for every format (issue 23, item 2): no output replaces or lands inside any source."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import referralgraph as rg
from referralgraph.cli import cli


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    base = tmp_path_factory.mktemp("guard")
    net = rg.demo()
    return {
        "csv": rg.save(net, base / "NET"),
        "parquet": rg.save(net, base / "P.parquet", format="parquet"),
        "xlsx": rg.save(net, base / "book.xlsx"),
        "dataset": rg.partition(net, base / "DS", buckets=1),
        "base": base,
    }


def snapshot(path):
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return {str(p): p.read_bytes() for p in files}


TARGETS = {
    "csv": ["NET/contacts.csv", "NET/new.csv", "./NET/../NET/meetings.csv", "NET"],
    "parquet": ["P.parquet/contacts.parquet", "P.parquet/new.csv", "P.parquet//./meetings.parquet"],
    "xlsx": ["book.xlsx", "./book.xlsx"],
    "dataset": ["DS/bucket=00000/contacts.parquet", "DS/seekers.parquet", "DS/out.csv"],
}
COMMANDS = {
    "per-contact": lambda s, t: ["metrics", s, "--per-contact", t, "--force"],
    "growth": lambda s, t: ["metrics", s, "--growth", t, "--force"],
    "summary": lambda s, t: ["metrics", s, "--summary", t, "--force"],
    "map": lambda s, t: ["map", s, "-o", t, "--force"],
}


@pytest.mark.parametrize("kind", sorted(TARGETS))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_output_replaces_or_lands_inside_a_source(sources, kind, command, monkeypatch):
    base = sources["base"]
    monkeypatch.chdir(base)
    source = sources[kind]
    before = snapshot(source)
    for target in TARGETS[kind]:
        if command == "map" and kind == "dataset":
            continue  # map does not read datasets
        result = run(*COMMANDS[command](source.name, target))
        assert result.exit_code == 1, (command, target, result.output)
        assert result.output.startswith("Error: ") and result.output.count("\n") == 1, result.output
        assert snapshot(source) == before, (command, target)


def test_mixed_csv_and_parquet_folder_is_an_error(tmp_path):
    folder = rg.save(rg.demo(), tmp_path / "mixed", format="parquet")
    (folder / "meetings.parquet").unlink()
    rg.save(rg.demo(), tmp_path / "csv")
    (folder / "meetings.csv").write_bytes((tmp_path / "csv" / "meetings.csv").read_bytes())
    with pytest.raises(
        rg.SchemaError,
        match=r"mixes Parquet \(contacts.parquet, introductions.parquet.*\) and CSV "
        r"\(meetings.csv\)",
    ):
        rg.load(folder)
    problems = rg.validate(folder)
    assert problems["severity"].tolist() == ["error"] and "mixes Parquet" in problems["message"].iloc[0]
    result = run("validate", folder)
    assert result.exit_code == 1


def test_log_and_imports_into_a_parquet_folder_refuse_clearly(tmp_path):
    folder = rg.save(rg.demo(), tmp_path / "P.parquet", format="parquet")
    before = snapshot(folder)
    result = run("log", "meeting", folder, "priya-k", "--date", "2026-10-01 10:00")
    assert result.exit_code == 1 and "is a folder of Parquet tables" in result.output
    assert result.output.count("\n") == 1
    vcf = tmp_path / "ann.vcf"
    vcf.write_text("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann Newperson\r\nEND:VCARD\r\n")
    result = run("import-contacts", vcf, folder)
    assert result.exit_code == 1 and "is a folder of Parquet tables" in result.output
    linkedin = tmp_path / "Connections.csv"
    linkedin.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAnn,Newperson,,,,,01 Oct 2026\n"
    )
    result = run("import-linkedin", linkedin, folder, "--force")
    assert result.exit_code == 1 and "is a folder of Parquet tables" in result.output
    assert snapshot(folder) == before
