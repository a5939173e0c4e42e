"""Benchmark: the same work on networks of the same size but different shapes.

A 10^5-deep chain (everyone introduced by the previous person), a 10^5-child star
(the seeker's one contact introduced everybody) and a random synthetic tree of the same
size should take about as long: every per-contact step is a vectorised pass. Each
(shape, step) runs in its own subprocess with a time limit, so one slow step cannot
hide the others.

Usage::

    python3 benchmarks/bench_shapes.py --n 100000 --steps report next growth plots --timeout 600

Not a test. Results and the command are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

SHAPES = ("chain", "star", "random")
STEPS = ("build", "report", "next", "growth", "plots")


def build(shape: str, n: int):
    import numpy as np
    import pandas as pd

    import referralgraph as rg

    if shape == "random":
        return rg.synthetic_cohort(n_seekers=1, n_contacts=n, seed=1)
    ids = [f"p{i}" for i in range(n)]
    contacts = pd.DataFrame(
        {"id": ["me"] + ids, "name": ["Me"] + [f"Person {i}" for i in range(n)], "is_seeker": ["yes"] + [""] * n}
    )
    days = pd.Timestamp("2026-01-01") + pd.to_timedelta(np.arange(n) % 300, unit="D")
    if shape == "chain":
        introducer = ["me"] + ids[:-1]
    else:  # star: the seeker's one contact introduced everyone else
        introducer = ["me"] + [ids[0]] * (n - 1)
    intros = pd.DataFrame({"introducer": introducer, "introduced": ids, "date": days.strftime("%Y-%m-%d")})
    meetings = pd.DataFrame(
        {
            "contact": ids[: n // 2],
            "date": days[: n // 2].strftime("%Y-%m-%d"),
            "asked_for_introductions": ["yes", "no"] * (n // 4) + ["yes"] * (n // 2 % 2),
        }
    )
    return rg.from_frames(contacts, intros, meetings)


def child(shape: str, n: int, step: str) -> dict:
    t = time.perf_counter()
    net = build(shape, n)
    built = time.perf_counter() - t
    if step == "build":
        return {"seconds": built}
    import referralgraph as rg

    t = time.perf_counter()
    if step == "report":
        rg.report(net).to_text()
    elif step == "next":
        rg.next_actions(net)
    elif step == "growth":
        rg.growth(net)
        rg.reach_by_generation(net)
    elif step == "plots":
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots()
        rg.plot_growth(net, ax=ax)
        rg.plot_generations(net, ax=ax)
        plt.close(fig)
    return {"seconds": time.perf_counter() - t, "build": built}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=float, default=1e5)
    p.add_argument("--shapes", nargs="+", default=list(SHAPES), choices=SHAPES)
    p.add_argument("--steps", nargs="+", default=list(STEPS), choices=STEPS)
    p.add_argument("--timeout", type=float, default=600)
    p.add_argument("--child", nargs=3, metavar=("SHAPE", "N", "STEP"), help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.child:
        print(json.dumps(child(a.child[0], int(a.child[1]), a.child[2])))
        return
    n = int(a.n)
    print(f"{'shape':8} {'step':8} {'seconds':>10}")
    for shape in a.shapes:
        for step in a.steps:
            try:
                out = subprocess.run(
                    [sys.executable, __file__, "--child", shape, str(n), step],
                    capture_output=True,
                    text=True,
                    timeout=a.timeout,
                    check=True,
                )
                sec = f"{json.loads(out.stdout.strip().splitlines()[-1])['seconds']:.2f}"
            except subprocess.TimeoutExpired:
                sec = f"> {a.timeout:.0f}"
            except subprocess.CalledProcessError as exc:
                sec = "failed: " + (exc.stderr.strip().splitlines() or ["?"])[-1][:60]
            print(f"{shape:8} {step:8} {sec:>10}", flush=True)


if __name__ == "__main__":
    main()
