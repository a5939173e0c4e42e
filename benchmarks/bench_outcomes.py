"""Benchmark: ``funnel`` and ``outcome_credit`` on a large cohort, beside what a user would write instead.

Builds a synthetic cohort (``--contacts``, default 10^6, 1,000 contacts a seeker) with
its opportunities table (about 10^5 rows at the generator's published rates), then
times, best of ``--repeat``, in the same process and run:

- ``rg.outcome_credit(net, model="even")`` (every interview's chain, credit per person);
- ``rg.outcome_credit(net, by="source")`` (summed per channel);
- ``rg.funnel(net, replicates=R)`` for R = 1 (the counts, conversions and medians) and
  R = 1000 (with the tree-bootstrap intervals of all eight conversions);
- plain pandas for the funnel: per-branch counts of three steps by merges (checked equal
  to ours), then the bootstrap a pandas user writes (per replicate, ``groupby.sample`` of
  each seeker's branches) for one ratio, ``--plain-replicates`` replicates, also shown
  scaled to 1,000;
- plain pandas: the chain by repeated merges of the tree table on ``introduced_by``
  (one merge per generation), credit split evenly, funnel counts by ``groupby``;
- plain NetworkX: the cohort as a ``DiGraph`` (build time shown apart), then per
  opportunity a walk up ``G.predecessors`` to the seeker (a Python loop per
  opportunity); only up to ``--nx-max`` contacts.

The outputs are checked equal (per-contact credit sums; funnel counts) before any time
is printed. ``os.getloadavg()`` is printed with the results: on a shared machine the
CPU time (also printed) is what the wall time is on an idle one.

Usage::

    python3 benchmarks/bench_outcomes.py --contacts 1e6 --repeat 3 --nx-max 1e6

``OPENBLAS_NUM_THREADS=1`` keeps the funnel's matrix products on one core, so its CPU
time is not inflated by BLAS threads waiting for work (the wall time on an idle 2-core
machine is then the CPU time).

Not a test: nothing here runs in CI. Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
import pandas as pd


def _timed(fn, repeat: int):
    best_wall, best_cpu, out = float("inf"), float("inf"), None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        out = fn()
        best_wall = min(best_wall, time.perf_counter() - w)
        best_cpu = min(best_cpu, time.process_time() - c)
    return best_wall, best_cpu, out


def pandas_credit(tree: pd.DataFrame, opp: pd.DataFrame) -> pd.Series:
    """Even credit per contact, the way a pandas user would write it: one merge per generation."""
    stage_rank = {"interview": 3, "offer": 4, "accepted": 5, "declined": 4}
    o = opp.assign(r=opp["stage"].map(stage_rank).fillna(-1))
    reached = o.groupby(["seeker", "opportunity"], sort=False).agg(r=("r", "max"))
    first = opp[opp["contact"].notna()].groupby(["seeker", "opportunity"], sort=False)["contact"].first()
    ref = (
        opp[(opp["stage"] == "referred") & opp["contact"].notna()]
        .groupby(["seeker", "opportunity"], sort=False)["contact"]
        .first()
    )
    contact = ref.combine_first(first)
    hit = reached[reached["r"] >= 3].join(contact.rename("contact"), how="inner").reset_index()
    parents = tree[["seeker", "contact", "introduced_by"]]
    walk = hit[["seeker", "opportunity", "contact"]].rename(columns={"contact": "person"})
    walk = walk.merge(parents, left_on=["seeker", "person"], right_on=["seeker", "contact"], how="inner")
    walk = walk[walk["introduced_by"].notna()]  # in the seeker's tree, not the seeker
    pieces = []
    cur = walk[["seeker", "opportunity", "person", "introduced_by"]]
    while len(cur):
        pieces.append(cur[["seeker", "opportunity", "person"]])
        up = cur[cur["introduced_by"] != cur["seeker"]][["seeker", "opportunity", "introduced_by"]]
        up = up.rename(columns={"introduced_by": "person"})
        cur = up.merge(parents, left_on=["seeker", "person"], right_on=["seeker", "contact"])[
            ["seeker", "opportunity", "person", "introduced_by"]
        ]
    chains = pd.concat(pieces, ignore_index=True)
    length = chains.groupby(["seeker", "opportunity"])["person"].transform("size")
    return (1.0 / length).groupby(chains["person"]).sum()


def networkx_credit(G, opp: pd.DataFrame, seekers: set) -> pd.Series:
    """Even credit per contact with NetworkX: per opportunity, walk up the predecessors (one loop each)."""
    stage_rank = {"interview": 3, "offer": 4, "accepted": 5, "declined": 4}
    best: dict = {}
    contact: dict = {}
    for s, o, c, st in zip(opp["seeker"], opp["opportunity"], opp["contact"], opp["stage"]):
        key = (s, o)
        best[key] = max(best.get(key, -1), stage_rank.get(st, -1))
        if isinstance(c, str) and (st == "referred" or key not in contact):
            if st == "referred" and contact.get(("ref",) + key):
                continue
            contact[key] = c
            if st == "referred":
                contact[("ref",) + key] = True
    credit: dict = {}
    for key, r in best.items():
        c = contact.get(key)
        if r < 3 or c is None or c not in G:
            continue
        seeker, chain, node = key[0], [], c
        while node != seeker:  # the tree of this seeker: follow the predecessor that is in it
            preds = [p for p in G.predecessors(node) if seeker in G.edges[p, node]["seekers"]]
            if not preds:
                chain = []
                break
            chain.append(node)
            node = preds[0]
        for p in chain:
            credit[p] = credit.get(p, 0.0) + 1.0 / len(chain)
    return pd.Series(credit)


def pandas_branches(tree: pd.DataFrame, meetings: pd.DataFrame) -> pd.DataFrame:
    """Per first contact (branch): conversations, introductions made and people met through them, with pandas."""
    t = tree[tree["generation"] >= 1][["seeker", "contact", "introduced_by", "generation", "status"]].copy()
    t["branch"] = np.where(t["generation"] == 1, t["contact"], None)
    todo = t[t["generation"] > 1]
    known = t[t["generation"] == 1][["seeker", "contact", "branch"]]
    while len(todo):  # one merge per generation: the branch of the introducer
        got = todo.drop(columns="branch").merge(
            known.rename(columns={"contact": "introduced_by"}), on=["seeker", "introduced_by"], how="inner"
        )
        known = pd.concat([known, got[["seeker", "contact", "branch"]]], ignore_index=True)
        todo = todo[~todo.set_index(["seeker", "contact"]).index.isin(got.set_index(["seeker", "contact"]).index)]
        if not len(got):
            break
    t = t.drop(columns="branch").merge(known, on=["seeker", "contact"], how="left")
    deep = t[t["generation"] >= 2]
    conv = (
        meetings.merge(t[["seeker", "contact", "branch"]], on=["seeker", "contact"])
        .groupby(["seeker", "branch"])
        .size()
        .rename("conversations")
    )
    made = deep[deep["status"].isin(["introduced", "met"])].groupby(["seeker", "branch"]).size().rename("made")
    met = deep[deep["status"] == "met"].groupby(["seeker", "branch"]).size().rename("met")
    branches = t[t["generation"] == 1].set_index(["seeker", "branch"])[[]]
    return branches.join([conv, made, met]).fillna(0.0)


def pandas_bootstrap(branches: pd.DataFrame, replicates: int, seed: int = 0) -> pd.DataFrame:
    """95% intervals of met / made per seeker: per replicate, resample each seeker's branches (groupby.sample)."""
    flat = branches.reset_index()
    reps = []
    for r in range(replicates):  # the loop a pandas user writes: one resample per replicate
        sample = flat.groupby("seeker", sort=False).sample(frac=1.0, replace=True, random_state=seed + r)
        sums = sample.groupby("seeker")[["made", "met"]].sum()
        reps.append(sums["met"] / sums["made"].where(sums["made"] > 0))
    table = pd.concat(reps, axis=1)
    return pd.DataFrame({"low": table.quantile(0.025, axis=1), "high": table.quantile(0.975, axis=1)})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--contacts", type=float, default=1e6)
    ap.add_argument("--per-seeker", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--nx-max", type=float, default=1e6)
    ap.add_argument(
        "--plain-replicates",
        type=int,
        default=20,
        help="replicates the pandas bootstrap runs (its time is also shown scaled to 1,000)",
    )
    args = ap.parse_args()
    import referralgraph as rg

    n = int(args.contacts)
    t = time.perf_counter()
    net = rg.synthetic_cohort(n_seekers=max(1, n // args.per_seeker), n_contacts=n, seed=1)
    print(
        f"cohort: {n:,} contacts, {len(net.seekers):,} seekers, {len(net.opportunities):,} opportunity rows, "
        f"built in {time.perf_counter() - t:.1f} s; load {os.getloadavg()[0]:.1f}"
    )
    tree = net.tree_table()
    opp = net.opportunities
    rows = []
    ours = rg.outcome_credit(net, model="even").groupby("contact")["credit"].sum()
    theirs = pandas_credit(tree, opp)
    both = pd.concat([ours, theirs], axis=1).fillna(0.0)
    assert np.allclose(both.iloc[:, 0], both.iloc[:, 1]), "pandas credit differs"
    fun = rg.funnel(net, replicates=1)
    whole = fun[fun["seeker"].isna()].iloc[0]
    counts = {
        "conversations": len(net.meetings),
        "interviews": int(
            opp.assign(r=opp["stage"].isin(["interview", "offer", "accepted", "declined"]))
            .groupby(["seeker", "opportunity"])["r"]
            .any()
            .sum()
        ),
    }
    assert whole["conversations"] == counts["conversations"] and whole["interviews"] == counts["interviews"]
    branches = pandas_branches(tree, net.meetings)
    per = fun[fun["seeker"].notna()].set_index("seeker")
    mine = branches.groupby(level="seeker")[["conversations", "made", "met"]].sum()
    assert (mine["conversations"] == per["conversations"].reindex(mine.index).astype(float)).all(), "pandas differs"
    assert (mine["made"] == per["introductions_made"].reindex(mine.index).astype(float)).all(), "pandas differs"
    assert (mine["met"] == per["met_through_introductions"].reindex(mine.index).astype(float)).all(), "pandas differs"
    for _ in range(1):  # one process, one run: every competitor on the same network
        for name, fn in [
            ("rg.outcome_credit (per person)", lambda: rg.outcome_credit(net, model="even")),
            ("rg.outcome_credit by source", lambda: rg.outcome_credit(net, by="source")),
            ("rg.funnel (replicates=1)", lambda: rg.funnel(net, replicates=1)),
            ("rg.funnel (1000 bootstrap replicates)", lambda: rg.funnel(net, replicates=1000)),
            ("pandas merges: even credit", lambda: pandas_credit(tree, opp)),
            ("pandas groupby: funnel counts", lambda: opp.groupby(["seeker", "stage"]).size()),
            ("pandas merges: per-branch counts (3 steps)", lambda: pandas_branches(tree, net.meetings)),
        ]:
            wall, cpu, _ = _timed(fn, args.repeat)
            rows.append((name, wall, cpu))
        k = args.plain_replicates
        wall, cpu, _ = _timed(lambda: pandas_bootstrap(branches, k), 1)
        rows.append((f"pandas bootstrap, 1 ratio, {k} replicates (groupby.sample)", wall, cpu))
        rows.append((f"  the same scaled to 1000 replicates (x{1000 / k:g})", wall * 1000 / k, cpu * 1000 / k))
    if n <= args.nx_max:
        t = time.perf_counter()
        G = net.graph
        build = time.perf_counter() - t
        nx_credit = networkx_credit(G, opp, set(net.seekers))
        both = pd.concat([ours, nx_credit], axis=1).fillna(0.0)
        assert np.allclose(both.iloc[:, 0], both.iloc[:, 1]), "NetworkX credit differs"
        wall, cpu, _ = _timed(lambda: networkx_credit(G, opp, set(net.seekers)), args.repeat)
        rows.append((f"NetworkX predecessor walk (graph build {build:.1f} s apart)", wall, cpu))
    print(f"{'what':<60} {'wall s':>8} {'cpu s':>8}")
    for name, wall, cpu in rows:
        print(f"{name:<60} {wall:8.2f} {cpu:8.2f}")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
