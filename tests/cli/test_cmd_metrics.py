"""``referralgraph metrics``: written tables, refusals and exit codes."""

import json

import pandas as pd
import pytest

from referralgraph.analysis.contacts import CONTACT_COLUMNS
from referralgraph.analysis.summary import SUMMARY_COLUMNS


@pytest.fixture
def folder(tmp_path):
    src = tmp_path / "search"
    src.mkdir()
    pd.DataFrame({"id": ["me", "ann", "bo"], "name": ["Me", "Ann", "Bo"], "is_seeker": ["yes", "", ""]}).to_csv(
        src / "contacts.csv", index=False
    )
    pd.DataFrame({"introducer": ["ann"], "introduced": ["bo"], "date": ["2026-03-02"]}).to_csv(
        src / "introductions.csv", index=False
    )
    pd.DataFrame({"contact": ["ann"], "date": ["2026-02-27 10:00"]}).to_csv(src / "meetings.csv", index=False)
    return src


class TestMetricsCommand:
    def test_writes_every_table(self, folder, tmp_path, run):
        pc, sj, gc = tmp_path / "pc.csv", tmp_path / "s.json", tmp_path / "g.csv"
        result = run("metrics", folder, "--per-contact", pc, "--summary", sj, "--growth", gc, "--as-of", "2026-03-31")
        assert result.exit_code == 0, result.output
        assert result.output.splitlines() == [
            "As of 2026-03-31 (as given)",
            f"Wrote 2 rows to {pc}",
            f"Wrote 1 row to {sj}",
            f"Wrote 6 rows to {gc}",
        ]
        per = pd.read_csv(pc)
        assert list(per.columns) == CONTACT_COLUMNS and per["descendants"].tolist() == [1, 0]
        summary = json.loads(sj.read_text())
        assert list(summary[0]) == SUMMARY_COLUMNS and summary[0]["reach_by_generation"] == {"1": 1, "2": 1}
        growth = pd.read_csv(gc)
        assert growth["cumulative_contacts"].iloc[-1] == 2 and growth["period"].iloc[0] == "2026-02-23"

    def test_summary_csv(self, folder, tmp_path, run):
        out = tmp_path / "s.csv"
        assert run("metrics", folder, "--summary", out).exit_code == 0
        row = pd.read_csv(out).iloc[0]
        assert json.loads(row["reach_by_generation"]) == {"1": 1, "2": 1}

    def test_monthly(self, folder, tmp_path, run):
        out = tmp_path / "g.csv"
        assert run("metrics", folder, "--growth", out, "--freq", "M").exit_code == 0
        assert pd.read_csv(out)["period"].tolist() == ["2026-02-01", "2026-03-01"]

    def test_refuses_to_overwrite(self, folder, tmp_path, run):
        out = tmp_path / "pc.csv"
        out.write_text("keep me")
        result = run("metrics", folder, "--per-contact", out)
        assert result.exit_code == 1
        assert result.output == (
            f"Error: {out} already exists; expected a new file, or pass overwrite=True (CLI: --force) to replace it\n"
        )
        assert out.read_text() == "keep me"
        assert run("metrics", folder, "--per-contact", out, "--force").exit_code == 0
        assert out.read_text(encoding="utf-8-sig").startswith("seeker,contact,")

    def test_needs_an_output(self, folder, run):
        result = run("metrics", folder)
        assert result.exit_code == 1 and "nothing to write" in result.output

    def test_same_file_twice(self, folder, tmp_path, run):
        result = run("metrics", folder, "--per-contact", tmp_path / "x.csv", "--growth", tmp_path / "x.csv")
        assert result.exit_code == 1 and "two outputs name the same file" in result.output

    def test_bad_freq(self, folder, tmp_path, run):
        result = run("metrics", folder, "--growth", tmp_path / "g.csv", "--freq", "fortnight")
        assert result.exit_code == 1 and result.output.startswith("Error: --freq must be one of D, W, M, Q, Y")
        assert not (tmp_path / "g.csv").exists()

    def test_unknown_seeker(self, folder, tmp_path, run):
        result = run("metrics", folder, "--per-contact", tmp_path / "p.csv", "--seeker", "ann")
        assert result.exit_code == 1 and "'ann' is a contact but not a seeker" in result.output


@pytest.fixture
def hostile(tmp_path):
    src = tmp_path / "hostile"
    src.mkdir()
    pd.DataFrame(
        {
            "id": ["me", "ann", "bo"],
            "name": ["Me", "=1+1", "=cmd|' /C calc'!A0"],
            "organization": ["", '=HYPERLINK("http://evil","x")', "-5"],
            "is_seeker": ["yes", "", ""],
        }
    ).to_csv(src / "contacts.csv", index=False)
    pd.DataFrame(
        {"introducer": ["me", "ann"], "introduced": ["ann", "bo"], "date": ["2026-03-01", "2026-03-02"]}
    ).to_csv(src / "introductions.csv", index=False)
    return src


class TestMetricsFiles:
    def test_formulas_neutralised_numbers_kept(self, hostile, tmp_path, run):
        out = tmp_path / "pc.csv"
        assert run("metrics", hostile, "--per-contact", out).exit_code == 0
        text = out.read_bytes().decode("utf-8-sig")
        assert "'=1+1" in text and "'=cmd|' /C calc'!A0" in text and "'=HYPERLINK(" in text
        assert ",=" not in text and "\n=" not in text
        per = pd.read_csv(out, dtype=str, keep_default_na=False)
        assert per["organization"].tolist() == ['\'=HYPERLINK("http://evil","x")', "-5"]

    def test_parquet_same_columns_and_values_as_csv(self, folder, tmp_path, run):
        csvs = [tmp_path / f"{n}.csv" for n in ("pc", "s", "g")]
        pqs = [tmp_path / f"{n}.parquet" for n in ("pc", "s", "g")]
        for outs in (csvs, pqs):
            result = run(
                "metrics",
                folder,
                "--per-contact",
                outs[0],
                "--summary",
                outs[1],
                "--growth",
                outs[2],
                "--as-of",
                "2026-03-31",
            )
            assert result.exit_code == 0, result.output
        for c, p in zip(csvs, pqs):
            from_csv = pd.read_csv(c)
            from_pq = pd.read_parquet(p)
            assert list(from_pq.columns) == list(from_csv.columns)
            for col in from_csv.columns:
                a, b = from_csv[col], from_pq[col]
                if b.dtype.kind == "M":
                    b = b.map(
                        lambda v: None if pd.isna(v) else (v.strftime("%Y-%m-%d") if v == v.normalize() else str(v))
                    )
                    a = a.where(a.notna(), None)
                assert [None if pd.isna(x) else x for x in a.tolist()] == [
                    None if pd.isna(x) else x for x in b.tolist()
                ], col
        assert json.loads(pd.read_parquet(pqs[1])["reach_by_generation"].iloc[0]) == {"1": 1, "2": 1}
