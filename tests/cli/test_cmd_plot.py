"""``referralgraph plot``: every kind and format, overwrite protection, friendly errors."""

import pandas as pd
import pytest


@pytest.fixture
def source(tmp_path):
    folder = tmp_path / "search"
    folder.mkdir()
    pd.DataFrame({"name": ["Maya", "Ann", "Bo", "Cy", "Ed"], "is_seeker": ["yes", "", "", "", ""]}).to_csv(
        folder / "contacts.csv", index=False
    )
    pd.DataFrame(
        {
            "introducer": ["Ann", "Ann"],
            "introduced": ["Bo", "Cy"],
            "date": ["2026-03-05", "2026-03-06"],
            "status": ["met", "suggested"],
        }
    ).to_csv(folder / "introductions.csv", index=False)
    pd.DataFrame(
        {
            "contact": ["Ann", "Bo", "Ed"],
            "date": ["2026-03-02 10:00", "2026-03-09 10:00", "2026-03-10 09:00"],
            "asked_for_introductions": ["yes", "no", "yes"],
            "thank_you_sent": ["2026-03-02 20:00", "", "2026-03-12"],
        }
    ).to_csv(folder / "meetings.csv", index=False)
    return folder


MAGIC = {".png": b"\x89PNG", ".svg": b"<?xml", ".pdf": b"%PDF"}


class TestPlotCommand:
    @pytest.mark.slow  # 15 figures written through the CLI
    @pytest.mark.parametrize("kind", ["growth", "generations", "tree", "funnel", "thank-you"])
    @pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
    def test_writes_every_kind_and_format(self, source, tmp_path, kind, suffix, run):
        out = tmp_path / f"{kind}{suffix}"
        result = run("plot", source, "--kind", kind, "-o", out)
        assert result.exit_code == 0, result.output
        data = out.read_bytes()
        assert len(data) > 1000 and data.startswith(MAGIC[suffix])
        assert f"wrote {out}" in result.output
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left

    def test_by_generation_and_dpi(self, source, tmp_path, run):
        small, large = tmp_path / "small.png", tmp_path / "large.png"
        assert run("plot", source, "--kind", "growth", "--by-generation", "--dpi", 50, "-o", small).exit_code == 0
        assert run("plot", source, "--kind", "growth", "--by-generation", "--dpi", 200, "-o", large).exit_code == 0
        assert large.stat().st_size > small.stat().st_size

    def test_refuses_to_overwrite_without_force(self, source, tmp_path, run):
        out = tmp_path / "tree.png"
        out.write_bytes(b"keep me")
        result = run("plot", source, "--kind", "tree", "-o", out)
        assert result.exit_code == 1
        assert "already exists" in result.output and "--force" in result.output
        assert out.read_bytes() == b"keep me"
        assert run("plot", source, "--kind", "tree", "-o", out, "--force").exit_code == 0
        assert out.read_bytes().startswith(b"\x89PNG")

    def test_unknown_suffix(self, source, tmp_path, run):
        result = run("plot", source, "--kind", "tree", "-o", tmp_path / "tree.jpg")
        assert result.exit_code == 1
        assert "expected a file name ending in .png, .svg, .pdf" in result.output

    def test_unknown_seeker_is_one_error_line(self, source, tmp_path, run):
        result = run("plot", source, "--kind", "funnel", "--seeker", "Nobody", "-o", tmp_path / "f.png")
        assert result.exit_code == 1
        assert result.output.startswith("Error: 'Nobody' is not in the network")
        assert not (tmp_path / "f.png").exists()

    def test_max_nodes(self, source, tmp_path, run):
        result = run("plot", source, "--kind", "tree", "--max-nodes", 2, "-o", tmp_path / "t.png")
        assert result.exit_code == 1
        assert "max_nodes=2" in result.output
        assert not (tmp_path / "t.png").exists()

    def test_invalid_source_and_lenient(self, tmp_path, source, run):
        (source / "introductions.csv").write_text("introducer,introduced\nAnn,Nobody\n")
        strict = run("plot", source, "--kind", "generations", "-o", tmp_path / "g.png")
        assert strict.exit_code == 1 and strict.output.startswith("Error: ")
        lenient = run("plot", source, "--kind", "generations", "--lenient", "-o", tmp_path / "g.png")
        assert lenient.exit_code == 0, lenient.output

    def test_help_has_an_example(self, run):
        result = run("plot", "--help")
        assert "referralgraph plot my-search --kind growth -o growth.png" in result.output


def test_as_of_draws_the_network_known_on_that_date(source, tmp_path, run):
    out = tmp_path / "g.png"
    result = run("plot", source, "--kind", "generations", "-o", out, "--as-of", "2000-01-01")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote {out} (as of 2000-01-01)"
    bad = run("plot", source, "--kind", "growth", "-o", tmp_path / "x.png", "--as-of", "someday")
    assert bad.exit_code == 1 and bad.output.startswith("Error: --as-of must be a date")
