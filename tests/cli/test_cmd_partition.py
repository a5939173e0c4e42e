"""``referralgraph partition`` and ``referralgraph metrics DATASET/``: same rows as the in-memory command."""

from __future__ import annotations

import json

import pandas as pd
import pandas.testing as pt
import pytest
from click.testing import CliRunner

import referralgraph as rg
from referralgraph.cli import cli


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def cohort_source(tmp_path):
    net = rg.synthetic_cohort(n_seekers=6, n_contacts=400, shared_fraction=0.15, seed=4)
    rg.save(net, tmp_path / "cohort")
    return tmp_path / "cohort"


@pytest.fixture
def dataset(cohort_source, tmp_path):
    result = run("partition", cohort_source, tmp_path / "ds", "--buckets", 3)
    assert result.exit_code == 0, result.output
    return tmp_path / "ds"


class TestPartitionCommand:
    def test_writes_a_dataset(self, cohort_source, tmp_path):
        result = run("partition", cohort_source, tmp_path / "ds", "--buckets", 3)
        assert result.exit_code == 0, result.output
        ds = rg.open_dataset(tmp_path / "ds")
        shared = len(ds.shared_contacts)
        assert (
            result.output
            == f"Wrote 3 buckets (6 seekers, 406 contacts, {shared} in several buckets) to {tmp_path / 'ds'}\n"
        )
        assert ds.buckets == 3

    def test_refuses_an_existing_folder(self, dataset, cohort_source):
        result = run("partition", cohort_source, dataset, "--buckets", 2)
        assert result.exit_code == 1
        assert result.output.startswith(f"Error: {dataset} already exists")
        assert run("partition", cohort_source, dataset, "--buckets", 2, "--force").exit_code == 0
        assert rg.open_dataset(dataset).buckets == 2

    def test_buckets_is_required_and_positive(self, cohort_source, tmp_path):
        assert run("partition", cohort_source, tmp_path / "ds").exit_code == 1
        result = run("partition", cohort_source, tmp_path / "ds", "--buckets", 0)
        assert result.exit_code == 1 and "0 is not in the range x>=1" in result.output


class TestMetricsOnADataset:
    def test_folder_outputs_are_parquet_datasets_with_the_csv_columns(self, dataset, cohort_source, tmp_path):
        result = run(
            "metrics",
            dataset,
            "--per-contact",
            f"{tmp_path / 'pc'}/",
            "--summary",
            tmp_path / "s",
            "--growth",
            tmp_path / "g",
        )
        assert result.exit_code == 0, result.output
        ref = tmp_path / "ref"
        ref.mkdir()
        assert (
            run(
                "metrics",
                cohort_source,
                "--per-contact",
                ref / "pc.csv",
                "--summary",
                ref / "s.csv",
                "--growth",
                ref / "g.csv",
            ).exit_code
            == 0
        )
        for name, csv in (("pc", "pc.csv"), ("s", "s.csv"), ("g", "g.csv")):
            got = pd.read_parquet(tmp_path / name)
            want = pd.read_csv(ref / csv)
            assert got.columns.tolist() == want.columns.tolist()
            assert len(got) == len(want)
        net = rg.load(cohort_source)
        pt.assert_frame_equal(pd.read_parquet(tmp_path / "pc"), rg.contact_metrics(net))
        n = len(rg.contact_metrics(net))
        lines = result.output.splitlines()
        assert lines[0].startswith("As of ") and lines[1] == f"Wrote {n:,} rows to {tmp_path / 'pc'}/"

    def test_csv_outputs_equal_the_in_memory_command_byte_for_byte(self, dataset, cohort_source, tmp_path):
        args = ["--as-of", "2026-04-01", "--dormant-days", "14", "--freq", "M"]
        a, b = tmp_path / "a", tmp_path / "b"
        a.mkdir(), b.mkdir()
        assert (
            run(
                "metrics",
                dataset,
                "--per-contact",
                a / "pc.csv",
                "--summary",
                a / "s.csv",
                "--growth",
                a / "g.csv",
                *args,
            ).exit_code
            == 0
        )
        assert (
            run(
                "metrics",
                cohort_source,
                "--per-contact",
                b / "pc.csv",
                "--summary",
                b / "s.csv",
                "--growth",
                b / "g.csv",
                *args,
            ).exit_code
            == 0
        )
        for name in ("pc.csv", "s.csv", "g.csv"):
            assert (a / name).read_bytes() == (b / name).read_bytes(), name

    def test_json_summary_and_one_parquet_file(self, dataset, cohort_source, tmp_path):
        result = run("metrics", dataset, "--summary", tmp_path / "s.json", "--per-contact", tmp_path / "pc.parquet")
        assert result.exit_code == 0, result.output
        ref = tmp_path / "ref.json"
        assert run("metrics", cohort_source, "--summary", ref).exit_code == 0
        assert json.loads((tmp_path / "s.json").read_text()) == json.loads(ref.read_text())
        pt.assert_frame_equal(pd.read_parquet(tmp_path / "pc.parquet"), rg.contact_metrics(rg.load(cohort_source)))
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folder left

    def test_refusals(self, dataset, cohort_source, tmp_path):
        (tmp_path / "pc").mkdir()
        (tmp_path / "pc" / "notes.txt").write_text("mine")
        result = run("metrics", dataset, "--per-contact", tmp_path / "pc", "--force")
        assert result.exit_code == 1 and "is not a folder written by referralgraph" in result.output
        assert (tmp_path / "pc" / "notes.txt").read_text() == "mine"
        result = run("metrics", dataset, "--per-contact", tmp_path / "x", "--seeker", "s001")
        assert result.exit_code == 1 and "--seeker is not available for a partitioned dataset" in result.output
        result = run("metrics", cohort_source, "--per-contact", tmp_path / "y.csv", "--engine", "dask")
        assert result.exit_code == 1 and "need a partitioned dataset as SOURCE" in result.output
        result = run("metrics", dataset, "--per-contact", tmp_path / "y.csv", "--scheduler", "tcp://h:1")
        assert result.exit_code == 1
        assert result.output == (
            "Error: a scheduler is only used by engine='dask'; expected engine='dask' with "
            "scheduler='tcp://h:1', or no scheduler\n"
        )
        result = run("metrics", dataset, "--per-contact", tmp_path / "z", "--freq", "fortnight")
        assert result.exit_code == 1 and result.output.startswith("Error: --freq must be one of D, W, M, Q, Y")
        assert not (tmp_path / "z").exists()

    def test_replaces_its_own_output_with_force(self, dataset, tmp_path):
        assert run("metrics", dataset, "--growth", tmp_path / "g").exit_code == 0
        result = run("metrics", dataset, "--growth", tmp_path / "g")
        assert result.exit_code == 1 and "already exists" in result.output
        assert run("metrics", dataset, "--growth", tmp_path / "g", "--force").exit_code == 0

    @pytest.mark.slow
    def test_dask_engine_starts_a_local_cluster(self, dataset, cohort_source, tmp_path):
        pytest.importorskip("dask.distributed")
        result = run("metrics", dataset, "--per-contact", tmp_path / "pc", "--engine", "dask")
        assert result.exit_code == 0, result.output
        pt.assert_frame_equal(pd.read_parquet(tmp_path / "pc"), rg.contact_metrics(rg.load(cohort_source)))


def test_outputs_inside_the_dataset_are_refused(dataset):
    result = run("metrics", dataset, "--per-contact", dataset, "--force")
    assert result.exit_code == 1 and "is one of the inputs" in result.output
    result = run("metrics", dataset, "--per-contact", dataset / "bucket=00000", "--force")
    assert result.exit_code == 1
    assert rg.open_dataset(dataset).load(0) is not None
