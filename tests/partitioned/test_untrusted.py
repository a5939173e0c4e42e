"""Datasets and schedulers are untrusted input (issue 23, item 4): manifests, bucket files, temp folders, addresses."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading

import pytest

import referralgraph as rg
from referralgraph.cli import cli as main
from referralgraph.partitioned import _manifest, _scheduler
from referralgraph.partitioned.dataset import MARKER


@pytest.fixture
def dataset(tmp_path):
    net = rg.synthetic_cohort(n_seekers=4, n_contacts=120, shared_fraction=0.1, seed=4)
    return rg.partition(net, tmp_path / "dsA", buckets=3)


def edit(folder, change):
    meta = json.loads((folder / MARKER).read_text())
    change(meta)
    (folder / MARKER).write_text(json.dumps(meta))


def refused(folder, match):
    with pytest.raises(rg.SchemaError, match=match):
        ds = rg.open_dataset(folder)
        for b in range(ds.buckets):
            ds.load(b)


class TestManifest:
    def test_a_bucket_path_outside_the_dataset_is_refused(self, tmp_path, dataset):
        other = rg.partition(rg.synthetic_cohort(n_seekers=4, n_contacts=50, seed=9), tmp_path / "dsB", buckets=2)
        for bad in ("../dsB/bucket=00000", "../../dsB/bucket=00000", str(other / "bucket=00000"), "..", ".", ""):
            edit(dataset, lambda m: m["bucket_info"][0].__setitem__("path", bad))
            refused(dataset, "not the name of a folder inside the dataset|leads outside")

    def test_a_symlinked_bucket_is_refused(self, tmp_path, dataset):
        (dataset / "elsewhere").symlink_to(tmp_path)
        edit(dataset, lambda m: m["bucket_info"][0].__setitem__("path", "elsewhere"))
        refused(dataset, "leads outside the dataset")

    @pytest.mark.parametrize("value", [0, 1, 2.5, -5, "3", None, True])
    def test_bucket_counts_must_be_whole_and_consistent(self, dataset, value):
        edit(dataset, lambda m: m.__setitem__("buckets", value))
        refused(dataset, "buckets is|bucket_info has")

    @pytest.mark.parametrize("key", ["buckets", "seekers", "bucket_info", "latest_date", "tables", "version"])
    def test_missing_keys(self, dataset, key):
        edit(dataset, lambda m: m.pop(key))
        refused(dataset, f"lacks the key {key}|dataset version None")

    @pytest.mark.parametrize(
        "key, value, match",
        [
            ("seekers", "four", "seekers is 'four'"),
            ("seekers", 5, "the buckets hold 4 seekers, the manifest says 5"),
            ("latest_date", "2026-13-01", "latest_date is '2026-13-01', not a date"),
            ("latest_date", "2001-01-01", "latest_date is '2001-01-01' but the buckets' latest date"),
            ("latest_date", None, "latest_date is None but"),
            ("tables", ["contacts"], "tables is"),
            ("bucket_info", {"0": {}}, "bucket_info has a dict"),
        ],
    )
    def test_wrong_values(self, dataset, key, value, match):
        edit(dataset, lambda m: m.__setitem__(key, value))
        refused(dataset, match)

    @pytest.mark.parametrize(
        "field, value, match",
        [
            ("contacts", -1, r"bucket_info\[1\].contacts is -1"),
            ("contacts", 2.5, r"bucket_info\[1\].contacts is 2.5"),
            ("seekers", "x", r"bucket_info\[1\].seekers is 'x'"),
            ("bucket", 0, r"bucket_info\[1\].bucket is 0, not 1"),
            ("latest_date", 20260101, r"bucket_info\[1\].latest_date is 20260101"),
        ],
    )
    def test_wrong_bucket_records(self, dataset, field, value, match):
        edit(dataset, lambda m: m["bucket_info"][1].__setitem__(field, value))
        refused(dataset, match)

    @pytest.mark.parametrize("text", ["", "[]", "null", "{", '"x"', '{"format": "referralgraph-partitioned-cohort"}'])
    def test_not_a_manifest(self, dataset, text):
        (dataset / MARKER).write_text(text)
        refused(dataset, "not a partitioned cohort dataset|holds a None folder|dataset version None")

    def test_a_missing_or_corrupt_bucket_file_is_a_clear_error(self, dataset):
        (dataset / "bucket=00001" / "meetings.parquet").unlink()
        refused(dataset, r"bucket=00001/meetings.parquet is missing")
        (dataset / "bucket=00001" / "meetings.parquet").write_bytes(b"PAR1 not really")
        refused(dataset, r"meetings.parquet: not a readable Parquet file")

    def test_a_bucket_file_with_other_rows_is_refused(self, dataset):
        shutil.copy(dataset / "bucket=00000" / "contacts.parquet", dataset / "bucket=00001" / "contacts.parquet")
        refused(dataset, r"bucket=00001/contacts.parquet has [\d,]+ rows but the dataset's manifest says")

    def test_the_cli_prints_one_error_line(self, runner, dataset, tmp_path):
        edit(dataset, lambda m: m["bucket_info"][0].__setitem__("path", "../../dsB/bucket=00000"))
        result = runner.invoke(main, ["metrics", str(dataset), "--per-contact", str(tmp_path / "m.csv")])
        assert result.exit_code == 1 and result.output.startswith("Error: ") and result.output.count("\n") == 1
        assert "Traceback" not in result.output and not (tmp_path / "m.csv").exists()


class TestBuckets:
    @pytest.mark.parametrize("n", ["5", "1000000", "99999999999999999999"])
    def test_cli_bounded_by_the_seekers(self, runner, tmp_path, n):
        rg.save(rg.synthetic_cohort(n_seekers=4, n_contacts=60, seed=2), tmp_path / "src")
        result = runner.invoke(main, ["partition", str(tmp_path / "src"), str(tmp_path / "ds"), "--buckets", n])
        assert result.exit_code == 1
        assert result.output.startswith("Error: buckets must be at most the number of seekers (4)")
        assert result.output.count("\n") == 1 and not (tmp_path / "ds").exists()

    def test_a_killed_runs_temporary_folder_is_removed_next_time(self, tmp_path):
        rg.save(rg.synthetic_cohort(n_seekers=3, n_contacts=60, seed=2), tmp_path / "src")
        code = (
            "import sys, referralgraph as rg, referralgraph.partitioned.dataset as d\n"
            "def hang(*a, **k):\n    print('writing', flush=True)\n    import time; time.sleep(60)\n"
            "d._shared_contacts = hang\n"
            f"rg.partition({str(tmp_path / 'src')!r}, {str(tmp_path / 'ds')!r}, buckets=3)\n"
        )
        proc = subprocess.Popen(
            [sys.executable, "-c", code],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
        assert proc.stdout.readline() == "writing\n"
        left = [p for p in tmp_path.iterdir() if p.name.startswith(".ds.")]
        assert len(left) == 1
        assert _manifest.clean_stale(tmp_path / "ds") == []  # a live writer keeps its folder
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert left[0].exists()  # what kill -9 leaves
        rg.partition(tmp_path / "src", tmp_path / "ds", buckets=2)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["ds", "src"]
        assert not (tmp_path / "ds" / _manifest.LOCK_NAME).exists()


# ---------------------------------------------------------------------------- schedulers
def listener(answer: bytes | None):
    """A TCP listener that accepts and then says ``answer`` (None: says nothing, ever)."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    conns = []

    def serve():
        while True:
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            conns.append(conn)
            if answer is not None:
                conn.sendall(answer)
                if not answer:
                    conn.close()

    threading.Thread(target=serve, daemon=True).start()
    return srv, conns


class TestScheduler:
    @pytest.mark.parametrize(
        "address, match",
        [
            ("not-an-address", "is not an address"),
            ("http://127.0.0.1:8787", "uses http://"),
            ("tls://127.0.0.1:8786", "uses tls://, which needs certificates"),
            ("ucx://127.0.0.1:8786", "uses ucx://"),
            ("tcp://127.0.0.1:99999", "port 99999"),
            ("tcp://127.0.0.1", "is not an address"),
            ("tcp://a b:1", "is not an address"),
        ],
    )
    def test_bad_addresses(self, dataset, tmp_path, address, match):
        with pytest.raises(rg.OptionError, match=match):
            rg.partitioned_metrics(dataset, tmp_path / "m", engine="dask", scheduler=address)
        assert not (tmp_path / "m").exists()

    @pytest.mark.parametrize(
        "answer, match",
        [
            (None, "did not answer within 0.5 s"),
            (b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", "is not a Dask scheduler"),
            (b"", "closed the connection without a greeting"),
        ],
    )
    def test_a_listener_that_is_not_a_scheduler(self, answer, match):
        srv, _ = listener(answer)
        try:
            with pytest.raises(rg.OptionError, match=match):
                _scheduler.probe_scheduler(f"127.0.0.1:{srv.getsockname()[1]}", timeout=0.5)
        finally:
            srv.close()

    def test_nothing_listening(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        with pytest.raises(rg.OptionError, match=f"cannot connect to the scheduler at tcp://127.0.0.1:{port}"):
            _scheduler.probe_scheduler(f"tcp://127.0.0.1:{port}", timeout=0.5)

    def test_cli_silent_listener_one_error_line(self, runner, dataset, tmp_path, monkeypatch):
        pytest.importorskip("dask.distributed")
        monkeypatch.setattr(_scheduler, "CONNECT_TIMEOUT", 0.5)
        monkeypatch.setattr(_scheduler.probe_scheduler, "__kwdefaults__", {"timeout": 0.5})
        srv, _ = listener(None)
        try:
            address = f"tcp://127.0.0.1:{srv.getsockname()[1]}"
            result = runner.invoke(
                main,
                [
                    "metrics",
                    str(dataset),
                    "--per-contact",
                    str(tmp_path / "m"),
                    "--engine",
                    "dask",
                    "--scheduler",
                    address,
                ],
            )
        finally:
            srv.close()
        assert result.exit_code == 1
        assert result.output == (
            f"Error: the scheduler at {address} did not answer within 0.5 s; expected a "
            "running Dask scheduler (dask scheduler) at that address\n"
        )
        assert not (tmp_path / "m").exists() and not list(tmp_path.glob(".m.*"))
