"""Benchmark: load a synthetic cohort from CSV, then the per-contact table, per-seeker summary and weekly growth.

Each size runs in its own subprocess so that wall time and peak memory (``ru_maxrss``)
belong to that size alone; the naive NetworkX approach (per-node ``nx.descendants``
and ``nx.shortest_path_length`` on ``net.graph``) runs in another subprocess, side
by side, up to ``--naive-max`` contacts. Two ratios are printed: naive over the whole
per-contact table (19 columns, meetings and introductions joined), and naive over the
same two quantities (descendants, generation) read from the columnar index.

Usage::

    python3 benchmarks/bench_metrics.py --sizes 1e3 1e4 1e5 1e6 --naive-max 1e5
    python3 benchmarks/bench_metrics.py --e2e            # whole commands, CSV and Parquet

``--e2e`` times whole ``referralgraph metrics`` runs (a fresh interpreter: start,
load, every table, write) on a 10^6-contact synthetic cohort and a 10^5-contact
cascade-shaped cohort (a few hundred trees of up to 10^4 people, up to 90 deep),
from CSV to CSV and from Parquet to Parquet, each beside the naive NetworkX script
(pandas in, per-node ``nx.descendants`` / ``nx.shortest_path_length``, pandas out)
and the physical floor: pyarrow alone reading the same input files and writing the
same output tables.

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
    for name, call in (
        ("contact_metrics", lambda: rg.contact_metrics(net, as_of=as_of)),
        ("seeker_summary", lambda: rg.seeker_summary(net, as_of=as_of)),
        ("growth_weekly", lambda: rg.growth(net, freq="W", as_of=as_of)),
    ):
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
    return {
        "graph_build": build,
        "naive_per_contact": naive,
        "contact_metrics_same_process": fast,
        "index_descendants_generation": index_only,
        "naive_equals_fast": bool(same),
        "peak_mib": _rss_mib(),
    }


def _cascade_tables(
    n_contacts: int = 100_000, n_trees: int = 300, biggest: int = 10_000, max_depth: int = 90, seed: int = 0
) -> dict:
    """A cohort shaped like real referral cascades: heavy-tailed tree sizes (largest ``biggest``), deep chains."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    sizes = np.maximum(1, biggest / np.arange(1, n_trees + 1) ** 1.05)
    sizes = np.maximum(1, np.round(sizes * n_contacts / sizes.sum())).astype(int)
    sizes[0] = min(biggest, sizes[0])
    sizes[-1] += n_contacts - sizes.sum()
    contact_ids, seekers, intro_a, intro_b, dates, intro_s = [], [], [], [], [], []
    start = np.datetime64("2020-01-01")
    k = 0
    for t, size in enumerate(sizes.tolist()):
        seeker = f"s{t:04d}"
        seekers.append(seeker)
        depth = np.zeros(size + 1, dtype=np.int64)
        day = np.zeros(size + 1, dtype=np.int64)
        names = [seeker] + [f"c{k + j:07d}" for j in range(size)]
        k += size
        chain = rng.random(size) < 0.7  # most people extend the newest branch: deep cascades, as in real ones
        pick = rng.random(size)
        for j in range(1, size + 1):
            parent = j - 1 if chain[j - 1] and depth[j - 1] < max_depth else int(pick[j - 1] * j)
            if depth[parent] >= max_depth:
                parent = 0
            depth[j] = depth[parent] + 1
            day[j] = day[parent] + 1 + int(rng.integers(0, 5))
            intro_a.append(names[parent])
            intro_b.append(names[j])
            intro_s.append(seeker)
            dates.append(day[j])
        contact_ids.extend(names[1:])
    contacts = pd.DataFrame(
        {
            "id": seekers + contact_ids,
            "name": seekers + contact_ids,
            "is_seeker": ["yes"] * len(seekers) + [""] * len(contact_ids),
        }
    )
    intros = pd.DataFrame(
        {
            "introducer": intro_a,
            "introduced": intro_b,
            "seeker": intro_s,
            "date": (start + np.asarray(dates, dtype="timedelta64[D]")).astype(str),
        }
    )
    return {"contacts": contacts, "introductions": intros}


_NAIVE_E2E = r"""
import sys, time
import networkx as nx
import pandas as pd
src, out = sys.argv[1], sys.argv[2]
contacts = pd.read_csv(f"{src}/contacts.csv", dtype=str, keep_default_na=False)
intros = pd.read_csv(f"{src}/introductions.csv", dtype=str, keep_default_na=False)
G = nx.DiGraph()
G.add_nodes_from(contacts["id"])
G.add_edges_from(zip(intros["introducer"], intros["introduced"]))
seekers = contacts.loc[contacts["is_seeker"].str.lower().isin(["yes", "true", "1"]), "id"].tolist()
rows = []
for s in seekers:
    for v, gen in nx.single_source_shortest_path_length(G, s).items():
        if v != s:
            rows.append((s, v, gen, len(nx.descendants(G, v))))
pd.DataFrame(rows, columns=["seeker", "contact", "generation", "descendants"]).to_csv(out, index=False)
"""


def _run_timed(cmd: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """Wall seconds and peak resident MiB of one subprocess (from ``os.wait4``), and its stdout."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{err.read().decode()[-2000:]}")
        return wall, usage.ru_maxrss / 1024, out.read().decode()


_FLOOR = r"""
import sys, time, json, glob, os
import pyarrow as pa, pyarrow.csv as pacsv, pyarrow.parquet as pq
src, outs, tmp = sys.argv[1], sys.argv[2:-1], sys.argv[-1]
ext = ".parquet" if outs[0].endswith(".parquet") else ".csv"
tables = [pq.read_table(o) if ext == ".parquet" else pacsv.read_csv(o) for o in outs]  # untimed: what to write
t = time.perf_counter()
for f in sorted(glob.glob(os.path.join(src, "*" + ext))):
    pq.read_table(f) if ext == ".parquet" else pacsv.read_csv(f)
read = time.perf_counter() - t
t = time.perf_counter()
for k, table in enumerate(tables):
    target = os.path.join(tmp, f"floor{k}{ext}")
    pq.write_table(table, target, compression="zstd") if ext == ".parquet" else pacsv.write_csv(table, target)
write = time.perf_counter() - t
print(json.dumps({"read": read, "write": write}))
"""


def _e2e(args) -> list[dict]:
    """Whole ``referralgraph metrics`` commands beside the naive script and the pyarrow floor."""
    import pandas as pd

    from referralgraph.datasets import synthetic_tables

    env = dict(os.environ)
    src_dir = str(Path(__file__).resolve().parents[1] / "src")
    env["PYTHONPATH"] = src_dir + os.pathsep + env.get("PYTHONPATH", "")
    cohorts = [
        ("synthetic 10^6", lambda: synthetic_tables(n_seekers=10_000, n_contacts=1_000_000, seed=0), False),
        ("cascades 10^5", lambda: _cascade_tables(seed=0), True),
    ]
    print(
        f"{'cohort':<16} {'format':<8} {'referralgraph metrics':>22} {'peak MiB':>9} | {'naive script':>12} "
        f"{'ratio':>6} | {'pyarrow floor':>13}"
    )
    results = []
    for label, make, naive in cohorts:
        if args.e2e_only and label.split()[0] not in args.e2e_only:
            continue
        tables = make()
        with tempfile.TemporaryDirectory(prefix="rg-e2e-") as tmp:
            tmp = Path(tmp)
            for ext in ("csv", "parquet"):
                src = tmp / f"src-{ext}"
                src.mkdir()
                for name, frame in tables.items():
                    if ext == "csv":
                        frame.to_csv(src / f"{name}.csv", index=False)
                    else:
                        frame.to_parquet(src / f"{name}.parquet", index=False)
                outs = [tmp / f"{ext}-pc.{ext}", tmp / f"{ext}-s.{ext}", tmp / f"{ext}-g.{ext}"]
                cmd = [
                    sys.executable,
                    "-m",
                    "referralgraph",
                    "metrics",
                    str(src),
                    "--no-progress",
                    "--per-contact",
                    str(outs[0]),
                    "--summary",
                    str(outs[1]),
                    "--growth",
                    str(outs[2]),
                ]
                wall, peak, _ = _run_timed(cmd, env)
                row = {
                    "cohort": label,
                    "format": ext,
                    "ours_s": wall,
                    "ours_peak_mib": peak,
                    "contacts": len(tables["contacts"]),
                }
                naive_txt = f"{'-':>12} {'-':>6}"
                if naive and ext == "csv":
                    nwall, _, _ = _run_timed([sys.executable, "-c", _NAIVE_E2E, str(src), str(tmp / "naive.csv")], env)
                    row |= {"naive_s": nwall, "ratio": nwall / wall}
                    same = pd.read_csv(tmp / "naive.csv").sort_values(["seeker", "contact"]).reset_index(drop=True)
                    ours = (
                        pd.read_csv(outs[0])[["seeker", "contact", "generation", "descendants"]]
                        .sort_values(["seeker", "contact"])
                        .reset_index(drop=True)
                    )
                    row["naive_equals_ours"] = bool(same.equals(ours))
                    naive_txt = f"{nwall:>11.2f}s {nwall / wall:>5.1f}x" + (
                        "" if row["naive_equals_ours"] else " MISMATCH"
                    )
                _, _, floor_out = _run_timed([sys.executable, "-c", _FLOOR, str(src), *map(str, outs), str(tmp)], env)
                floor = json.loads(floor_out.strip().splitlines()[-1])
                row |= {"floor_read_s": floor["read"], "floor_write_s": floor["write"]}
                print(
                    f"{label:<16} {ext:<8} {wall:>21.2f}s {peak:>9.0f} | {naive_txt} | "
                    f"{floor['read'] + floor['write']:>12.2f}s",
                    flush=True,
                )
                results.append(row)
    return results


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
    p.add_argument("--e2e", action="store_true", help="whole CLI runs (CSV and Parquet) beside the naive script")
    p.add_argument("--e2e-only", nargs="*", default=None, help="with --e2e: only these cohorts (synthetic, cascades)")
    p.add_argument("--_child", choices=["fast", "naive"], help=argparse.SUPPRESS)
    p.add_argument("--_folder", help=argparse.SUPPRESS)
    args = p.parse_args(argv)

    if args._child:
        result = _child_fast(args._folder, args.as_of) if args._child == "fast" else _child_naive(args._folder)
        print(json.dumps(result))
        return

    import referralgraph as rg

    print(
        f"referralgraph {rg.__version__}, Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    )
    if args.e2e:
        results = _e2e(args)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2))
        return
    header = (
        f"{'contacts':>9} {'seekers':>7} {'load':>7} {'per-contact':>11} {'summary':>8} {'growth W':>8} "
        f"{'total':>7} {'peak MiB':>8} | {'naive':>8} {'ratio':>7} {'graph build':>11} {'index':>8} "
        f"{'ratio':>7}"
    )
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
        line = (
            f"{n:>9,} {counts['seekers']:>7,} {fast['load']:>6.2f}s {fast['contact_metrics']:>10.3f}s "
            f"{fast['seeker_summary']:>7.3f}s {fast['growth_weekly']:>7.3f}s {fast['total']:>6.2f}s "
            f"{fast['peak_mib']:>8.0f} |"
        )
        if naive:
            ratio = naive["naive_per_contact"] / naive["contact_metrics_same_process"]
            row |= {f"naive_{k}": v for k, v in naive.items()} | {"ratio": ratio}
            index_ratio = naive["naive_per_contact"] / max(naive["index_descendants_generation"], 1e-9)
            row["index_ratio"] = index_ratio
            line += (
                f" {naive['naive_per_contact']:>7.2f}s {ratio:>6.0f}x {naive['graph_build']:>10.2f}s"
                f" {naive['index_descendants_generation']:>7.3f}s {index_ratio:>6.0f}x"
                + ("" if naive["naive_equals_fast"] else "  (MISMATCH)")
            )
        else:
            line += f" {'-':>8} {'-':>7} {'-':>11} {'-':>8} {'-':>7}"
        print(line, flush=True)
        results.append(row)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
