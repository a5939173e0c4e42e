"""Benchmark: load a synthetic cohort from CSV, then the per-contact table, per-seeker summary and weekly growth.

Each size runs in its own subprocess so that wall time and peak memory (``ru_maxrss``)
belong to that size alone; the naive NetworkX approach (per-node ``nx.descendants``
and ``nx.shortest_path_length`` on ``net.graph``) runs in another subprocess, side
by side, up to ``--naive-max`` contacts. Two ratios are printed: naive over the whole
per-contact table (19 columns, meetings and introductions joined), and naive over the
same two quantities (descendants, generation) read from the columnar index.

Usage::

    python3 benchmarks/bench_metrics.py --sizes 1e3 1e4 1e5 1e6 --naive-max 1e5

Not a test: nothing here runs in CI. Results and the command are recorded in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _rss_mib() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _write_cohort(folder: Path, n_contacts: int, per_seeker: int, seed: int) -> dict:
    from referralgraph.datasets import synthetic_tables

    n_seekers = max(1, n_contacts // per_seeker)
    tables = synthetic_tables(n_seekers=n_seekers, n_contacts=n_contacts, seed=seed)
    for name, frame in tables.items():
        frame.to_csv(folder / f"{name}.csv", index=False)
    return {name: len(frame) for name, frame in tables.items()} | {"seekers": n_seekers}


def _child_fast(folder: str, as_of: str | None) -> dict:
    import referralgraph as rg

    out = {}
    t = time.perf_counter()
    net = rg.load(folder, today="2100-01-01")
    out["load"] = time.perf_counter() - t
    out["rss_after_load"] = _rss_mib()
    for name, call in (("contact_metrics", lambda: rg.contact_metrics(net, as_of=as_of)),
                       ("seeker_summary", lambda: rg.seeker_summary(net, as_of=as_of)),
                       ("growth_weekly", lambda: rg.growth(net, freq="W", as_of=as_of))):
        t = time.perf_counter()
        frame = call()
        out[name] = time.perf_counter() - t
        out[f"rows_{name}"] = len(frame)
    out["total"] = out["load"] + out["contact_metrics"] + out["seeker_summary"] + out["growth_weekly"]
    out["peak_mib"] = _rss_mib()
    out["tree_rows"] = len(net.index)
    return out


def _child_naive(folder: str) -> dict:
    import networkx as nx
    import numpy as np

    import referralgraph as rg

    net = rg.load(folder, today="2100-01-01")
    t = time.perf_counter()
    G = net.graph
    build = time.perf_counter() - t
    ix = net.index
    ids = net.ids.to_numpy()
    rows = np.flatnonzero(ix.parent >= 0)
    seekers, nodes = ids[ix.seeker[rows]].tolist(), ids[ix.node[rows]].tolist()
    t = time.perf_counter()
    desc = [len(nx.descendants(G, v)) for v in nodes]
    gen = [nx.shortest_path_length(G, s, v) for s, v in zip(seekers, nodes)]
    naive = time.perf_counter() - t
    t = time.perf_counter()
    _ = ix.descendants, ix.generation  # the same two quantities, from the columnar index (first access)
    index_only = time.perf_counter() - t
    t = time.perf_counter()
    table = rg.contact_metrics(net)
    fast = time.perf_counter() - t
    same = (table["descendants"].tolist() == desc) and (table["generation"].tolist() == gen)
    return {"graph_build": build, "naive_per_contact": naive, "contact_metrics_same_process": fast,
            "index_descendants_generation": index_only,
            "naive_equals_fast": bool(same), "peak_mib": _rss_mib()}


def _run_child(kind: str, folder: Path, as_of: str | None) -> dict:
    cmd = [sys.executable, __file__, "--_child", kind, "--_folder", str(folder)]
    if as_of:
        cmd += ["--as-of", as_of]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"child {kind} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", nargs="+", type=float, default=[1e3, 1e4, 1e5, 1e6], help="contacts per cohort")
    p.add_argument("--naive-max", type=float, default=1e5, help="largest size for the naive NetworkX column")
    p.add_argument("--per-seeker", type=int, default=100, help="contacts per seeker (seekers = size / this)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--as-of", default=None, help="pass as_of= to the metrics (measures the snapshot path too)")
    p.add_argument("--json", type=Path, default=None, help="also write the results here")
    p.add_argument("--_child", choices=["fast", "naive"], help=argparse.SUPPRESS)
    p.add_argument("--_folder", help=argparse.SUPPRESS)
    args = p.parse_args(argv)

    if args._child:
        result = _child_fast(args._folder, args.as_of) if args._child == "fast" else _child_naive(args._folder)
        print(json.dumps(result))
        return

    import referralgraph as rg

    print(f"referralgraph {rg.__version__}, Python {platform.python_version()}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs")
    header = (f"{'contacts':>9} {'seekers':>7} {'load':>7} {'per-contact':>11} {'summary':>8} {'growth W':>8} "
              f"{'total':>7} {'peak MiB':>8} | {'naive':>8} {'ratio':>7} {'graph build':>11} {'index':>8} "
              f"{'ratio':>7}")
    print(header)
    print("-" * len(header))
    results = []
    for size in args.sizes:
        n = int(size)
        with tempfile.TemporaryDirectory(prefix="rg-bench-") as tmp:
            folder = Path(tmp)
            counts = _write_cohort(folder, n, args.per_seeker, args.seed)
            fast = _run_child("fast", folder, args.as_of)
            naive = _run_child("naive", folder, None) if n <= args.naive_max else None
        row = {"contacts": n, **counts, **{f"fast_{k}": v for k, v in fast.items()}}
        line = (f"{n:>9,} {counts['seekers']:>7,} {fast['load']:>6.2f}s {fast['contact_metrics']:>10.3f}s "
                f"{fast['seeker_summary']:>7.3f}s {fast['growth_weekly']:>7.3f}s {fast['total']:>6.2f}s "
                f"{fast['peak_mib']:>8.0f} |")
        if naive:
            ratio = naive["naive_per_contact"] / naive["contact_metrics_same_process"]
            row |= {f"naive_{k}": v for k, v in naive.items()} | {"ratio": ratio}
            index_ratio = naive["naive_per_contact"] / max(naive["index_descendants_generation"], 1e-9)
            row["index_ratio"] = index_ratio
            line += (f" {naive['naive_per_contact']:>7.2f}s {ratio:>6.0f}x {naive['graph_build']:>10.2f}s"
                     f" {naive['index_descendants_generation']:>7.3f}s {index_ratio:>6.0f}x"
                     + ("" if naive["naive_equals_fast"] else "  (MISMATCH)"))
        else:
            line += f" {'-':>8} {'-':>7} {'-':>11} {'-':>8} {'-':>7}"
        print(line, flush=True)
        results.append(row)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
