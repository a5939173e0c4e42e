"""Parquet metadata checked against limits before reading (issue 23, item 6): row groups, columns, rows, sizes.

The limits are lowered with monkeypatch where a real file would take long to write; the
crafted files of the issue (10^5 columns, 300,000 empty row groups) run under ``slow``.
"""

from __future__ import annotations

import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import referralgraph as rg
from referralgraph import _limits
from referralgraph.cli import cli


@pytest.fixture(scope="module")
def parquet_demo(tmp_path_factory):
    return rg.save(rg.demo(), tmp_path_factory.mktemp("pq") / "demo.parquet", format="parquet")


@pytest.fixture
def source(tmp_path, parquet_demo):
    folder = tmp_path / "src.parquet"
    shutil.copytree(parquet_demo, folder)
    return folder


def errors(folder) -> list[str]:
    table = rg.validate(folder)
    return table[table["severity"] == "error"]["message"].tolist()


def empty_row_groups(path, n: int) -> None:
    table = pa.table({"id": pa.array([], pa.string()), "name": pa.array([], pa.string())})
    with pq.ParquetWriter(path, table.schema) as writer:
        for _ in range(n):
            writer.write_table(table)


class TestLimits:
    def test_too_many_columns(self, source):
        pq.write_table(
            pa.table({"id": ["a"], "name": ["A"], **{f"c{i}": ["x"] for i in range(1_001)}}),
            source / "contacts.parquet",
        )
        (msg,) = errors(source)
        assert "1,003 Parquet columns; expected at most 1,000" in msg
        assert rg.validate(source)["file"].tolist() == [str(source / "contacts.parquet")]  # the file, named
        with pytest.raises(rg.SizeLimitError, match="1,003 Parquet columns"):
            rg.load(source)

    def test_too_many_row_groups(self, source, monkeypatch):
        monkeypatch.setattr(_limits, "PARQUET_MAX_ROW_GROUPS", 5)
        empty_row_groups(source / "contacts.parquet", 6)
        assert errors(source) == [
            "6 Parquet row groups; expected at most 5: rewrite it with fewer, larger row "
            "groups and only the columns the tables use"
        ]

    def test_metadata_too_long_is_refused_before_it_is_parsed(self, source, monkeypatch):
        monkeypatch.setattr(_limits, "PARQUET_MAX_FOOTER_BYTES", 1024)
        parsed = []
        monkeypatch.setattr(_limits, "_check_parquet_counts", parsed.append)
        empty_row_groups(source / "contacts.parquet", 50)
        (msg,) = errors(source)
        assert "MiB of Parquet metadata" in msg and not parsed

    @pytest.mark.parametrize(
        "limit, match",
        [
            ("PARQUET_MAX_ROWS", "86 rows stated; expected at most 10 in one file"),
            ("PARQUET_MAX_BYTES", "GiB uncompressed stated"),
        ],
    )
    def test_stated_rows_and_bytes(self, source, monkeypatch, limit, match):
        monkeypatch.setattr(_limits, limit, 10)
        (msg,) = errors(source)
        assert match in msg and "referralgraph partition" in msg

    def test_files_in_the_limits_load(self, source):
        assert len(rg.load(source).contacts) == 86


class TestDamaged:
    def test_truncated_footer(self, source):
        data = (source / "contacts.parquet").read_bytes()
        (source / "contacts.parquet").write_bytes(data[:100] + data[-8:])
        (msg,) = errors(source)
        assert "not a readable Parquet file (its metadata claims" in msg and "truncated or damaged" in msg

    def test_no_marker(self, source):
        (source / "contacts.parquet").write_bytes(b"id,name\na,A\n")
        (msg,) = errors(source)
        assert "not a readable Parquet file (no PAR1 marker" in msg

    def test_encrypted(self, source):
        data = (source / "contacts.parquet").read_bytes()
        (source / "contacts.parquet").write_bytes(data[:-4] + b"PARE")
        assert "not a readable Parquet file (it is encrypted)" in errors(source)[0]

    def test_cli_is_one_error_line(self, runner, source, monkeypatch):
        monkeypatch.setattr(_limits, "PARQUET_MAX_ROW_GROUPS", 5)
        empty_row_groups(source / "contacts.parquet", 6)
        result = runner.invoke(cli, ["report", str(source)])
        assert result.exit_code == 1
        assert result.output.count("Error:") == 1 and "6 Parquet row groups" in result.output
        assert "Traceback" not in result.output


class TestPartitioned:
    def test_a_bucket_file_over_the_limits_is_refused(self, tmp_path, monkeypatch):
        net = rg.synthetic_cohort(n_seekers=4, n_contacts=60, seed=3)
        folder = rg.partition(net, tmp_path / "ds", buckets=2)
        bucket = next(p for p in sorted(folder.iterdir()) if p.name.startswith("bucket="))
        rows = pq.read_metadata(bucket / "meetings.parquet").num_rows
        monkeypatch.setattr(_limits, "PARQUET_MAX_ROW_GROUPS", 3)
        table = pq.read_table(bucket / "meetings.parquet")
        pq.write_table(table, bucket / "meetings.parquet", row_group_size=max(1, rows // 5))
        with pytest.raises(rg.SizeLimitError, match="Parquet row groups; expected at most 3"):
            ds = rg.open_dataset(folder)
            for b in range(ds.buckets):
                ds.load(b)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["row groups", "columns"])
def test_the_crafted_files_of_the_issue(run, source, kind):
    """300,000 empty row groups took 12 s and 3.2 GB to validate (700,000 aborted); 10^5 columns: refused at once."""
    if kind == "row groups":
        empty_row_groups(source / "contacts.parquet", 300_000)
    else:
        pq.write_table(pa.table({f"c{i}": pa.array(["x"]) for i in range(100_000)}), source / "contacts.parquet")
    for command in ("validate", "report"):
        result = run(command, source)
        assert result.exit_code == 1 and "MiB of Parquet metadata" in result.output
        assert "Traceback" not in result.output
