"""Benchmark: a cohort past one machine, bucket by bucket, side by side with the in-memory path.

Three phases, each in its own subprocess, with wall time and the peak resident memory
of the whole process tree (the subprocess and, for Dask, its scheduler and worker
processes), sampled every 0.1 s with psutil:

1. ``generate``: a synthetic cohort of ``--contacts`` contacts written as a
   partitioned dataset *bucket by bucket* (``rg.DatasetWriter``): each bucket is its
   own ``rg.synthetic_tables`` cohort (seed = bucket, ids prefixed with the bucket so
   they are distinct), loaded with ``rg.from_frames`` and written. Only one bucket is
   ever in memory, so generation is bounded too.
2. ``partitioned``: ``rg.partitioned_metrics`` on that dataset (per-contact table,
   per-seeker summary, weekly growth, cohort summary, shared hubs), ``--engines``
   ``local`` and/or ``dask`` (a local cluster of ``--workers`` single-threaded workers).
3. ``memory``: the in-memory path on ``--memory-contacts`` contacts of the same
   dataset (its first buckets): the three tables read whole from the same Parquet
   files, one ``ReferralNetwork``, the same five functions, each table written to
   one Parquet file. This is the per-row yardstick.

Usage::

    python3 benchmarks/bench_partition.py --contacts 1e7 --bucket-contacts 5e5 --memory-contacts 1e6
    python3 benchmarks/bench_partition.py --contacts 1e6 --bucket-contacts 2.5e5 --memory-contacts 1e6

Not a test: nothing here runs in CI. Results and the command are recorded in
docs/performance.md ("Past one machine").
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ID_COLUMNS = ("id", "introducer", "introduced", "seeker", "contact")


def _bucket_tables(b: int, n_contacts: int, per_seeker: int, shared_fraction: float):
    import referralgraph as rg

    n_seekers = max(1, n_contacts // per_seeker)
    tables = rg.synthetic_tables(
        n_seekers=n_seekers, n_contacts=n_contacts, seed=b, shared_fraction=shared_fraction if n_seekers > 1 else 0.0
    )
    prefix = f"b{b:04d}-"
    for frame in tables.values():
        for col in ID_COLUMNS:
            if col in frame.columns:
                frame[col] = prefix + frame[col]
    return tables


def phase_generate(args) -> dict:
    import referralgraph as rg

    buckets = max(1, round(args.contacts / args.bucket_contacts))
    per_bucket = int(args.contacts // buckets)
    rows = {"contacts": 0, "introductions": 0, "meetings": 0}
    with rg.DatasetWriter(args.dataset, overwrite=True) as writer:
        for b in range(buckets):
            tables = _bucket_tables(b, per_bucket, args.per_seeker, args.shared_fraction)
            net = rg.from_frames(**tables, today="2100-01-01")
            del tables
            writer.write_bucket(net)
            for k in rows:
                rows[k] += len(getattr(net, f"_{k}"))
            del net
    return {"buckets": buckets, **rows}


def phase_partitioned(args) -> dict:
    import referralgraph as rg

    out = Path(args.out)
    t = time.perf_counter()
    kwargs = {"workers": args.workers} if args.engine == "dask" else {}
    result = rg.partitioned_metrics(args.dataset, out, engine=args.engine, overwrite=True, **kwargs)
    return {"seconds_inside": time.perf_counter() - t, "rows": result.rows}


def phase_memory(args) -> dict:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    import referralgraph as rg
    from referralgraph.model import ReferralNetwork

    ds = rg.open_dataset(args.dataset)
    info = ds.info
    take = int((info["contacts"].cumsum() <= args.memory_contacts).sum()) or 1
    t0 = time.perf_counter()
    tables = {
        name: pd.concat([ds.tables(b)[name] for b in range(take)], ignore_index=True)
        for name in ("contacts", "introductions", "meetings")
    }
    net = ReferralNetwork(tables["contacts"], tables["introductions"], tables["meetings"])
    del tables
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    def write(frame, name):
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), out / f"{name}.parquet")

    cm = rg.contact_metrics(net)
    write(cm, "contact_metrics")
    rows = len(cm)
    del cm
    ss = rg.seeker_summary(net)
    from referralgraph.partitioned.runner import summary_to_frame

    write(summary_to_frame(ss), "seeker_summary")
    write(rg.growth(net), "growth")
    write(rg.cohort_summary(net), "cohort_summary")
    hubs = rg.shared_hubs(net)
    hubs["seeker_ids"] = [list(v) for v in hubs["seeker_ids"]]
    write(hubs, "shared_hubs")
    return {
        "buckets_used": take,
        "contacts": len(net),
        "rows": {"contact_metrics": rows},
        "seconds_inside": time.perf_counter() - t0,
    }


PHASES = {"generate": phase_generate, "partitioned": phase_partitioned, "memory": phase_memory}


def _tree_rss(proc) -> int:
    import psutil

    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def run_phase(phase: str, args, **extra) -> dict:
    """Run one phase in a subprocess; wall time and peak RSS of its whole process tree."""
    import psutil

    cmd = [
        sys.executable,
        __file__,
        "--phase",
        phase,
        "--dataset",
        str(args.dataset),
        "--contacts",
        str(args.contacts),
        "--bucket-contacts",
        str(args.bucket_contacts),
        "--per-seeker",
        str(args.per_seeker),
        "--shared-fraction",
        str(args.shared_fraction),
        "--memory-contacts",
        str(args.memory_contacts),
        "--workers",
        str(args.workers),
    ]
    for k, v in extra.items():
        cmd += [f"--{k.replace('_', '-')}", str(v)]
    t = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    proc = psutil.Process(child.pid)
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(proc))
            done.wait(0.1)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out, _ = child.communicate()
    done.set()
    thread.join()
    wall = time.perf_counter() - t
    if child.returncode != 0:
        raise SystemExit(f"phase {phase} failed with exit code {child.returncode}")
    result = json.loads(out.strip().splitlines()[-1])
    return {
        "phase": phase,
        **{k: str(v) for k, v in extra.items()},
        "wall_s": round(wall, 2),
        "peak_rss_mib": round(peak[0] / 2**20),
        **result,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--contacts", type=float, default=1e6)
    ap.add_argument("--bucket-contacts", type=float, default=5e5)
    ap.add_argument("--per-seeker", type=int, default=100)
    ap.add_argument("--shared-fraction", type=float, default=0.02)
    ap.add_argument("--memory-contacts", type=float, default=1e6)
    ap.add_argument("--engines", nargs="+", default=["local", "dask"], choices=["local", "dask"])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--dataset", default=None, help="where to write the dataset (kept; default: a temporary folder)")
    ap.add_argument(
        "--reuse",
        action="store_true",
        help="use the dataset already at --dataset instead of generating it (its generation row is then not printed)",
    )
    # internal: one phase in a child process
    ap.add_argument("--phase", choices=sorted(PHASES), default=None)
    ap.add_argument("--engine", default="local")
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    args.contacts, args.bucket_contacts, args.memory_contacts = (
        int(args.contacts),
        int(args.bucket_contacts),
        int(args.memory_contacts),
    )
    if args.phase:
        print(json.dumps(PHASES[args.phase](args)))
        return
    print(f"# {' '.join([Path(sys.executable).name, *sys.argv])}")
    import dask
    import numpy
    import pandas
    import pyarrow

    print(
        f"# Python {platform.python_version()}, pandas {pandas.__version__}, pyarrow {pyarrow.__version__}, "
        f"numpy {numpy.__version__}, dask {dask.__version__}; {os.cpu_count()} CPUs; "
        f"{time.strftime('%Y-%m-%d %H:%M')}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-partition-") as tmp:
        args.dataset = Path(args.dataset or Path(tmp) / "dataset")
        if args.reuse:
            import referralgraph as rg

            info = rg.open_dataset(args.dataset).info
            results = [
                {
                    "phase": "generate",
                    "reused": True,
                    "contacts": int(info["contacts"].sum()),
                    "wall_s": float("nan"),
                    "peak_rss_mib": 0,
                }
            ]
        else:
            results = [run_phase("generate", args)]
        print(json.dumps(results[-1]), flush=True)
        for engine in args.engines:
            results.append(run_phase("partitioned", args, engine=engine, out=Path(tmp) / f"out-{engine}"))
            print(json.dumps(results[-1]), flush=True)
        results.append(run_phase("memory", args, out=Path(tmp) / "out-memory"))
        print(json.dumps(results[-1]), flush=True)
    mem = results[-1]
    mem_rate = mem["rows"]["contact_metrics"] / mem["wall_s"]
    print()
    print("| path | contacts | per-contact rows | wall | rows/s | vs in-memory per row | peak RSS (process tree) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    gen = results[0]
    if not gen.get("reused"):
        print(
            f"| generate (bucket by bucket) | {gen['contacts']:,} | – | {gen['wall_s']:.1f} s | – | – | "
            f"{gen['peak_rss_mib']:,} MiB |"
        )
    for r in results[1:-1]:
        rows = r["rows"]["contact_metrics"]
        rate = rows / r["wall_s"]
        print(
            f"| partitioned, {r['engine']} | {gen['contacts']:,} | {rows:,} | {r['wall_s']:.1f} s | {rate:,.0f} | "
            f"{mem_rate / rate:.2f}x | {r['peak_rss_mib']:,} MiB |"
        )
    print(
        f"| in memory | {mem['contacts']:,} | {mem['rows']['contact_metrics']:,} | {mem['wall_s']:.1f} s | "
        f"{mem_rate:,.0f} | 1x | {mem['peak_rss_mib']:,} MiB |"
    )


if __name__ == "__main__":
    main()
