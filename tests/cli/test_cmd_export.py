"""``referralgraph export``: every format, overwrite protection, anonymisation, friendly errors."""

import json

import networkx as nx
import pandas as pd
import pytest

import referralgraph as rg


@pytest.fixture
def source(tmp_path):
    contacts = pd.DataFrame(
        {
            "id": ["maya", "ann", "bo"],
            "name": ["Maya Chen", "Ann Lee", "Bo Park"],
            "email": ["", "ann@acme.example", ""],
            "notes": ["", "=1+1", ""],
            "is_seeker": ["yes", "", ""],
        }
    )
    intros = pd.DataFrame({"introducer": ["ann"], "introduced": ["bo"], "date": ["2026-03-05"]})
    # written raw so the source holds =1+1 as a user's spreadsheet would
    return rg.save(rg.from_frames(contacts, intros), tmp_path / "search", neutralize_formulas=False)


class TestExportCommand:
    @pytest.mark.parametrize(
        "fmt, name",
        [("csv", "out"), ("xlsx", "out.xlsx"), ("json", "out.json"), ("graphml", "out.graphml"), ("gexf", "out.gexf")],
    )
    def test_every_format(self, source, tmp_path, fmt, name, run):
        result = run("export", source, "--to", fmt, tmp_path / name)
        assert result.exit_code == 0, result.output
        assert result.output.startswith(f"Wrote {tmp_path / name} (")
        assert (tmp_path / name).exists()

    def test_loads_back(self, source, tmp_path, run):
        assert run("export", source, "--to", "xlsx", tmp_path / "n.xlsx").exit_code == 0
        assert run("export", tmp_path / "n.xlsx", "--to", "csv", tmp_path / "again").exit_code == 0
        assert rg.load(tmp_path / "again").contacts["name"].tolist() == ["Maya Chen", "Ann Lee", "Bo Park"]

    def test_format_from_suffix(self, source, tmp_path, run):
        assert run("export", source, tmp_path / "n.gexf").exit_code == 0
        assert nx.read_gexf(tmp_path / "n.gexf").number_of_nodes() == 3

    def test_existing_out_without_force(self, source, tmp_path, run):
        (tmp_path / "n.json").write_text("mine")
        result = run("export", source, "--to", "json", tmp_path / "n.json")
        assert result.exit_code == 1
        assert result.output == (
            f"Error: {tmp_path / 'n.json'} already exists; expected a new file, or pass "
            "overwrite=True (CLI: --force) to replace it\n"
        )
        assert (tmp_path / "n.json").read_text() == "mine"
        assert run("export", source, "--to", "json", tmp_path / "n.json", "--force").exit_code == 0
        assert json.loads((tmp_path / "n.json").read_text())["nodes"]

    def test_existing_csv_files_without_force(self, source, tmp_path, run):
        other = tmp_path / "other"
        assert run("export", source, "--to", "csv", other).exit_code == 0
        result = run("export", source, "--to", "csv", other)
        assert result.exit_code == 1
        assert result.output.startswith(f"Error: {other / 'contacts.csv'}, ")
        assert result.output.rstrip().endswith("pass overwrite=True (CLI: --force) to replace them")

    def test_never_onto_its_own_input(self, source, run):
        before = {p.name: p.read_bytes() for p in source.iterdir()}
        for args in (
            ["--to", "csv", source],
            ["--to", "csv", source, "--force"],
            ["--to", "xlsx", source / "contacts.csv", "--force"],
        ):
            result = run("export", source, *args)
            assert result.exit_code == 1
            assert "is one of the inputs" in result.output and result.output.startswith("Error: ")
        assert {p.name: p.read_bytes() for p in source.iterdir()} == before

    def test_missing_source(self, tmp_path, run):
        result = run("export", tmp_path / "nope", "--to", "json", tmp_path / "n.json")
        assert result.exit_code == 1
        assert result.output == (
            f"Error: {tmp_path / 'nope'}: no such file or folder; expected a folder of CSV files or an .xlsx workbook\n"
        )
        assert not (tmp_path / "n.json").exists()

    def test_unknown_suffix(self, source, tmp_path, run):
        result = run("export", source, tmp_path / "n.txt")
        assert result.exit_code == 1
        assert result.output.startswith(f"Error: {tmp_path / 'n.txt'}: cannot tell the format from the suffix '.txt'")

    def test_anonymize(self, source, tmp_path, run):
        result = run("export", source, "--to", "csv", tmp_path / "anon", "--anonymize", "--salt", "s3cret")
        assert result.exit_code == 0 and "anonymised" in result.output
        text = "".join(p.read_text(encoding="utf-8-sig") for p in (tmp_path / "anon").iterdir())
        assert not any(s in text for s in ("maya", "Ann Lee", "ann@acme.example", "=1+1"))
        run("export", source, "--to", "csv", tmp_path / "anon2", "--anonymize", "--salt", "s3cret")
        assert rg.load(tmp_path / "anon").equals(rg.load(tmp_path / "anon2"))

    def test_salt_needs_anonymize(self, source, tmp_path, run):
        result = run("export", source, tmp_path / "n.json", "--salt", "x")
        assert result.exit_code == 1 and "--salt only makes sense with --anonymize" in result.output

    def test_no_neutralize(self, source, tmp_path, run):
        run("export", source, "--to", "csv", tmp_path / "safe")
        run("export", source, "--to", "csv", tmp_path / "raw", "--no-neutralize")
        assert ",'=1+1," in (tmp_path / "safe" / "contacts.csv").read_text(encoding="utf-8-sig")
        assert ",=1+1," in (tmp_path / "raw" / "contacts.csv").read_text(encoding="utf-8-sig")

    def test_source_not_changed(self, source, tmp_path, run):
        before = {p.name: p.read_bytes() for p in source.iterdir()}
        run("export", source, "--to", "xlsx", tmp_path / "n.xlsx", "--anonymize")
        assert {p.name: p.read_bytes() for p in source.iterdir()} == before

    def test_empty_network(self, tmp_path, run):
        empty = rg.save(rg.from_frames(pd.DataFrame({"name": pd.Series([], dtype="str")})), tmp_path / "empty")
        result = run("export", empty, "--to", "gexf", tmp_path / "e.gexf")
        assert result.exit_code == 0 and "0 contacts" in result.output

    def test_help_has_example(self, run):
        result = run("export", "--help")
        assert result.exit_code == 0 and "referralgraph export my-search --to xlsx my-search.xlsx" in result.output
