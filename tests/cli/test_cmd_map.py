"""``referralgraph map``: writes one HTML file, options, anonymised maps, friendly errors."""

import json
import re


import pandas as pd
import pytest


@pytest.fixture
def source(tmp_path):
    folder = tmp_path / "search"
    folder.mkdir()
    pd.DataFrame(
        {
            "id": ["maya", "ann", "bo", "cy"],
            "name": ["Maya Quell", "Ann Vorst", "Bo Zindel", "Cy Marrow"],
            "organization": ["", "Acme", "Beta", "Beta"],
            "email": ["", "ann@vorst.example", "", ""],
            "is_seeker": ["yes", "", "", ""],
        }
    ).to_csv(folder / "contacts.csv", index=False)
    pd.DataFrame(
        {
            "introducer": ["ann", "bo"],
            "introduced": ["bo", "cy"],
            "date": ["2026-03-05", "2026-03-09"],
            "status": ["met", "suggested"],
        }
    ).to_csv(folder / "introductions.csv", index=False)
    return folder


def data_of(path):
    from referralgraph.drawing.maps.payload import decode_json

    page = path.read_text(encoding="utf-8")
    return decode_json(
        json.loads(re.search(r'<script type="application/json" id="rg-data">(.*?)</script>', page, re.S).group(1))
    )


class TestMapCommand:
    def test_writes_one_file(self, source, tmp_path, run):
        out = tmp_path / "out" / "map.html"
        out.parent.mkdir()
        result = run("map", source, "-o", out)
        assert result.exit_code == 0, result.output
        assert result.output.startswith(f"Wrote {out} (4 nodes, ")
        assert [p.name for p in out.parent.iterdir()] == ["map.html"]
        assert sorted(data_of(out)["nodes"]["cid"]) == ["ann", "bo", "cy", "maya"]

    def test_options(self, source, tmp_path, run):
        out = tmp_path / "map.html"
        result = run(
            "map",
            source,
            "-o",
            out,
            "--color-by",
            "organization",
            "--no-timeline",
            "--seeker",
            "maya",
            "--title",
            "My search",
        )
        assert result.exit_code == 0, result.output
        data = data_of(out)
        assert data["dates"] == [] and {"Acme", "Beta"} <= {e["label"] for e in data["legend"]}
        assert "<title>My search</title>" in out.read_text(encoding="utf-8")

    def test_aggregate_and_max_generation(self, source, tmp_path, run):
        assert run("map", source, "-o", tmp_path / "a.html", "--aggregate", "organization").exit_code == 0
        assert sorted(data_of(tmp_path / "a.html")["nodes"]["name"]) == ["Acme", "Beta", "Maya Quell"]
        assert run("map", source, "-o", tmp_path / "g.html", "--max-generation", "1").exit_code == 0
        assert "+2 more" in data_of(tmp_path / "g.html")["nodes"]["name"]

    def test_anonymize(self, source, tmp_path, run):
        out = tmp_path / "shared.html"
        result = run("map", source, "-o", out, "--anonymize")
        assert result.exit_code == 0 and "anonymised" in result.output
        page = out.read_text(encoding="utf-8")
        for secret in ("Maya Quell", "Ann Vorst", "Bo Zindel", "Cy Marrow", "vorst.example", '"maya"', '"ann"'):
            assert secret not in page

    def test_refuses_to_overwrite_without_force(self, source, tmp_path, run):
        out = tmp_path / "map.html"
        out.write_text("keep me")
        result = run("map", source, "-o", out)
        assert result.exit_code == 1
        assert result.output == (
            f"Error: {out} already exists; expected a new file, or pass overwrite=True (CLI: --force) to replace it\n"
        )
        assert out.read_text() == "keep me"
        assert run("map", source, "-o", out, "--force").exit_code == 0 and out.stat().st_size > 20_000

    def test_unknown_seeker(self, source, tmp_path, run):
        result = run("map", source, "-o", tmp_path / "m.html", "--seeker", "zed")
        assert result.exit_code == 1
        assert result.output == "Error: 'zed' is not in the network; expected one of the seekers 'maya'\n"

    def test_too_large(self, source, tmp_path, run):
        result = run("map", source, "-o", tmp_path / "m.html", "--max-nodes", "2")
        assert result.exit_code == 1
        assert result.output.startswith("Error: the map would draw 4 nodes; expected at most max_nodes=2.")
        assert not (tmp_path / "m.html").exists()

    def test_picture(self, source, tmp_path, run):
        out = tmp_path / "map.png"
        result = run("map", source, "-o", out)
        assert result.exit_code == 0, result.output
        assert out.read_bytes()[:4] == b"\x89PNG" and sorted(p.name for p in tmp_path.iterdir()) == [
            "map.png",
            "search",
        ]

    def test_aggregate_by_a_missing_column(self, tmp_path, run):
        folder = tmp_path / "plain"
        folder.mkdir()
        pd.DataFrame({"id": ["me", "ann"], "name": ["Me", "Ann"], "is_seeker": ["yes", ""]}).to_csv(
            folder / "contacts.csv", index=False
        )
        result = run("map", folder, "-o", tmp_path / "m.html", "--aggregate", "organization")
        assert result.exit_code == 1
        assert result.output.startswith(
            "Error: aggregate='organization' needs an 'organization' column in contacts; "
            "the network's contacts have 'id', 'name'"
        )
        assert len(result.output.splitlines()) == 1

    def test_default_limit_draws_a_large_cohort(self, run):
        from referralgraph.drawing.maps import DEFAULT_MAX_NODES

        result = run("map", "--help")
        assert DEFAULT_MAX_NODES >= 130_000 and f"{DEFAULT_MAX_NODES}" in result.output

    def test_help_has_an_example(self, run):
        result = run("map", "--help")
        assert result.exit_code == 0 and "referralgraph map my-search -o map.html" in result.output
