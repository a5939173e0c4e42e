"""write_metric_files (partitioned/outputs.py): a partitioned cohort's tables written where the caller names them."""

from __future__ import annotations

import json

import pandas as pd
import pandas.testing as pt
import pytest

import referralgraph as rg
from referralgraph.exceptions import OptionError, OverwriteError
from referralgraph.partitioned.outputs import is_folder_target, write_metric_files
from referralgraph.partitioned.runner import cohort_reference_note
from referralgraph.readwrite.metricfiles import write_metric_table


@pytest.fixture(scope="module")
def cohort_net():
    return rg.synthetic_cohort(n_seekers=6, n_contacts=300, shared_fraction=0.15, seed=5)


@pytest.fixture
def dataset(tmp_path, cohort_net):
    return rg.partition(cohort_net, tmp_path / "ds", buckets=3)


class TestWriteMetricFiles:
    def test_files_equal_the_in_memory_files(self, tmp_path, dataset, cohort_net):
        a, b = tmp_path / "a", tmp_path / "b"
        a.mkdir(), b.mkdir()
        opts = {"as_of": "2026-04-01", "dormant_days": 14}
        done = write_metric_files(
            dataset,
            {"contact_metrics": a / "pc.csv", "seeker_summary": a / "s.json", "growth": a / "g.parquet"},
            freq="M",
            **opts,
        )
        write_metric_table(rg.contact_metrics(cohort_net, **opts), b / "pc.csv")
        write_metric_table(rg.seeker_summary(cohort_net, **opts), b / "s.json")
        assert (a / "pc.csv").read_bytes() == (b / "pc.csv").read_bytes()
        assert json.loads((a / "s.json").read_text()) == json.loads((b / "s.json").read_text())
        pt.assert_frame_equal(pd.read_parquet(a / "g.parquet"), rg.growth(cohort_net, freq="M", as_of="2026-04-01"))
        assert done.rows == {
            "contact_metrics": len(rg.contact_metrics(cohort_net, **opts)),
            "seeker_summary": 6,
            "growth": len(rg.growth(cohort_net, freq="M", as_of="2026-04-01")),
        }
        assert done.as_of == pd.Timestamp("2026-04-01") and done.note == "as given"
        assert not [p for p in a.iterdir() if p.name.startswith(".")]  # no temporary folder left

    def test_a_folder_gets_a_parquet_dataset(self, tmp_path, dataset, cohort_net):
        write_metric_files(dataset, {"contact_metrics": tmp_path / "pc"})
        pt.assert_frame_equal(pd.read_parquet(tmp_path / "pc"), rg.contact_metrics(cohort_net))
        with pytest.raises(OverwriteError, match="already exists"):
            write_metric_files(dataset, {"contact_metrics": tmp_path / "pc"})
        write_metric_files(dataset, {"contact_metrics": tmp_path / "pc"}, overwrite=True)

    def test_reference_day_without_as_of(self, tmp_path, dataset):
        done = write_metric_files(dataset, {"growth": tmp_path / "g.csv"})
        assert (done.as_of, done.note) == cohort_reference_note(rg.open_dataset(dataset))
        assert done.note in ("today", "the last date in the data, over 180 days ago")

    @pytest.mark.parametrize(
        "targets, match",
        [
            ({}, r"nothing to write; expected a path for at least one of"),
            ({"hubs": "h.csv"}, r"unknown metric tables \['hubs'\]; expected some of"),
            ({"contact_metrics": "x.csv", "growth": "x.csv"}, "two outputs name the same path; expected"),
            ({"contact_metrics": "pc.json"}, r"only the seeker summary can be written as \.json; expected"),
        ],
    )
    def test_refusals_before_any_work(self, tmp_path, dataset, targets, match):
        targets = {t: tmp_path / p for t, p in targets.items()}
        with pytest.raises(OptionError, match=match):
            write_metric_files(dataset, targets)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["ds"]

    def test_outputs_inside_the_dataset_are_refused(self, dataset):
        with pytest.raises(OptionError, match="is inside the dataset .*; expected outputs outside it"):
            write_metric_files(dataset, {"growth": dataset / "g.csv"})


def test_is_folder_target():
    assert is_folder_target("out") and is_folder_target("out.d") and is_folder_target("out.csv/")
    assert not is_folder_target("out.CSV") and not is_folder_target("o.parquet") and not is_folder_target("s.json")
