"""The metric tables as files (readwrite/metricfiles.py): one table, or per-bucket parts joined into one file."""

from __future__ import annotations

import json

import pandas as pd
import pandas.testing as pt
import pytest

import referralgraph as rg
from referralgraph.exceptions import OptionError, OverwriteError
from referralgraph.readwrite.metricfiles import (
    join_parts,
    records_json,
    summary_cells,
    summary_from_cells,
    write_metric_table,
)
from referralgraph.readwrite.tabular import write_table


class TestSummaryCells:
    def test_round_trip(self, cohort):
        summary = rg.seeker_summary(cohort)
        cells = summary_cells(summary)
        assert all(isinstance(v, str) for v in cells["reach_by_generation"])
        pt.assert_frame_equal(summary_from_cells(cells), summary)
        assert isinstance(summary["reach_by_generation"].iat[0], dict)  # the caller's frame is untouched

    def test_other_tables_pass_through(self, small):
        table = rg.contact_metrics(small)
        pt.assert_frame_equal(summary_cells(table), table)

    def test_empty(self, empty):
        summary = rg.seeker_summary(empty)
        assert len(summary_from_cells(summary_cells(summary))) == 0


class TestWriteMetricTable:
    def test_suffix_chooses_the_format(self, tmp_path, cohort):
        summary = rg.seeker_summary(cohort)
        write_metric_table(summary, tmp_path / "s.csv")
        write_metric_table(summary, tmp_path / "s.parquet")
        write_metric_table(summary, tmp_path / "s.json")
        assert pd.read_csv(tmp_path / "s.csv")["reach_by_generation"].map(json.loads).tolist() == [
            {str(k): v for k, v in d.items()} for d in summary["reach_by_generation"]
        ]
        pt.assert_frame_equal(summary_from_cells(pd.read_parquet(tmp_path / "s.parquet")), summary, check_dtype=False)
        records = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
        assert [r["seeker"] for r in records] == summary["seeker"].tolist()

    def test_json_has_iso_dates_and_nulls(self, tmp_path, small):
        table = rg.contact_metrics(small, as_of="2026-04-01")
        records = json.loads(write_metric_table(table, tmp_path / "pc.json").read_text(encoding="utf-8"))
        assert len(records) == len(table)
        assert records[0]["first_contact"] == "2026-01-03" and records[0]["last_touch"] == "2026-01-04T12:00:00"
        assert records[0]["thank_you_hours"] is None and records[2]["thank_you_hours"] == 48.0

    def test_refuses_to_overwrite(self, tmp_path, small):
        table = rg.contact_metrics(small)
        write_metric_table(table, tmp_path / "pc.csv")
        with pytest.raises(OverwriteError, match="already exists"):
            write_metric_table(table, tmp_path / "pc.csv")
        write_metric_table(table, tmp_path / "pc.csv", overwrite=True)


class TestJoinParts:
    @pytest.fixture
    def parts(self, tmp_path, cohort):
        table = rg.contact_metrics(cohort)
        paths = []
        for i, chunk in enumerate((table.iloc[:3], table.iloc[3:3], table.iloc[3:])):
            path = tmp_path / f"part-{i}.parquet"
            chunk.reset_index(drop=True).to_parquet(path)
            paths.append(path)
        return table, paths

    def test_csv_equals_the_whole_table_byte_for_byte(self, tmp_path, parts):
        table, paths = parts
        join_parts(paths, tmp_path / "joined.csv")
        write_table(table, tmp_path / "whole.csv")
        assert (tmp_path / "joined.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()

    def test_parquet(self, tmp_path, parts):
        table, paths = parts
        pt.assert_frame_equal(pd.read_parquet(join_parts(paths, tmp_path / "j.parquet")), table)

    def test_json_only_for_the_summary(self, tmp_path, parts, cohort):
        _, paths = parts
        with pytest.raises(OptionError, match=r"only the seeker summary can be written as \.json; expected"):
            join_parts(paths, tmp_path / "pc.json")
        summary = rg.seeker_summary(cohort)
        part = tmp_path / "s.parquet"
        summary_cells(summary).to_parquet(part)
        join_parts([part], tmp_path / "s.json", summary=True)
        assert (tmp_path / "s.json").read_text(encoding="utf-8") == records_json(summary) + "\n"

    def test_refuses_to_overwrite(self, tmp_path, parts):
        _, paths = parts
        (tmp_path / "out.csv").write_text("mine")
        with pytest.raises(OverwriteError):
            join_parts(paths, tmp_path / "out.csv")
        assert (tmp_path / "out.csv").read_text() == "mine"
