"""Peer benchmark: ``referralgraph metrics`` beside the scripts an analyst could write instead.

Every competitor (in ``benchmarks/peers/``, written by us) reads the same ``contacts.csv`` and
``introductions.csv`` and writes one row per (seeker, contact) with ``generation``,
``descendants``, ``direct_introductions`` and ``origin``; ``referralgraph metrics`` writes its
whole per-contact table (19 columns) from the same folder, as CSV and as Parquet. Each run is a
fresh interpreter timed from process start to files written: wall seconds, CPU seconds (user +
system, every thread) and peak resident memory, from ``os.wait4``. Competitors are interleaved
round by round and the best of ``--rounds`` is kept, so a machine shared with other work slows
every column alike: compare within one run, never across runs. On a loaded machine the CPU
seconds are the steadier measure (wall time then mostly says how long a process waited). The four columns of every competitor are checked equal to
ours (rows sorted by seeker and contact) before anything is printed.

The pyarrow floor reads both files and writes a table of the same shape without computing
anything: the I/O no script can avoid.

Cohorts: ``1e5`` and ``1e6`` synthetic contacts (100 per seeker, ``synthetic_tables``) and
``cascade``: 127,914 people in 300 heavy-tailed trees up to 90 generations deep, the shape of
real reply cascades (``bench_metrics._cascade_tables``). The data are generated once into
``--data`` and reused.

Usage::

    python benchmarks/bench_peers.py                         # every cohort, 3 rounds
    python benchmarks/bench_peers.py --cohorts 1e6 --rounds 3 --json peers.json
    python benchmarks/bench_peers.py --cohorts 1e5 --as-of 2100-01-01   # also metrics --as-of
    python benchmarks/bench_peers.py --baseline ../old-checkout          # before/after in the same rounds

Needs the ``bench`` extra (``pip install -e ".[bench]"``: polars, duckdb). Not a test: nothing
here runs in CI; results and the command go to docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEERS = HERE / "peers"
COMPETITORS = {  # label -> script in benchmarks/peers
    "pyarrow floor (no computation)": "floor.py",
    "pyarrow + numpy, lean": "lean_numpy.py",
    "Polars": "polars_script.py",
    "pandas + numpy, vectorised": "pandas_numpy.py",
    "DuckDB, recursive CTEs": "duckdb_sql.py",
    "naive NetworkX": "naive_networkx.py",
}
COLUMNS = ["seeker", "contact", "generation", "descendants", "direct_introductions", "origin"]


def _prepare(data: Path, cohort: str, env: dict) -> Path:
    """The cohort's CSV folder, generated on first use (in a child process, see :func:`_run`)."""
    folder = data / cohort
    if not (folder / "introductions.csv").exists():
        subprocess.run([sys.executable, __file__, "--_prepare", cohort, "--data", str(data)], env=env, check=True)
    return folder


def _generate(data: Path, cohort: str) -> None:
    folder = data / cohort
    sys.path.insert(0, str(HERE))
    if cohort == "cascade":
        from bench_metrics import _cascade_tables

        tables = _cascade_tables(n_contacts=127_914, seed=0)
    else:
        from referralgraph.datasets import synthetic_tables

        n = int(float(cohort))
        tables = synthetic_tables(n_seekers=max(1, n // 100 if n < 10**6 else n // 1000), n_contacts=n, seed=0)
    tmp = data / f".{cohort}.tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame.to_csv(tmp / f"{name}.csv", index=False)
    tmp.rename(folder)


def _run(cmd: list[str], env: dict) -> tuple[float, float, float]:
    """Wall seconds, peak resident MiB and CPU seconds (user + system) of one subprocess.

    Linux carries the parent's peak resident size into a forked child, so the parent
    stays small: data generation and the output checks run in children of their own.
    """
    with tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed:\n{err.read().decode()[-3000:]}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def _commands(src: Path, out: Path, as_of: str | None, baseline: Path | None) -> dict[str, tuple[list[str], Path]]:
    py = sys.executable
    cmds = {}
    if baseline:  # another checkout's sources, run through a tiny launcher that puts them first on the path
        launch = (
            f"import sys; sys.path.insert(0, {str(baseline / 'src')!r}); from referralgraph.cli import main; main()"
        )
        cmds["referralgraph metrics, CSV out (baseline)"] = (
            [py, "-c", launch, "metrics", str(src), "--no-progress", "--force", "--per-contact", str(out / "base.csv")],
            out / "base.csv",
        )
        if as_of:
            cmds[f"referralgraph metrics --as-of {as_of}, CSV (baseline)"] = (
                [
                    py,
                    "-c",
                    launch,
                    "metrics",
                    str(src),
                    "--no-progress",
                    "--force",
                    "--per-contact",
                    str(out / "base-asof.csv"),
                    "--as-of",
                    as_of,
                ],
                out / "base-asof.csv",
            )
    ours = [py, "-m", "referralgraph", "metrics", str(src), "--no-progress", "--force", "--per-contact"]
    cmds["referralgraph metrics, CSV out"] = (ours + [str(out / "ours.csv")], out / "ours.csv")
    cmds["referralgraph metrics, Parquet out"] = (ours + [str(out / "ours.parquet")], out / "ours.parquet")
    if as_of:
        cmds[f"referralgraph metrics --as-of {as_of}, CSV"] = (
            ours + [str(out / "ours-asof.csv"), "--as-of", as_of],
            out / "ours-asof.csv",
        )
    for label, script in COMPETITORS.items():
        target = out / (Path(script).stem + ".csv")
        cmds[label] = ([py, str(PEERS / script), str(src), str(target)], target)
    return cmds


def _four_columns(path: Path):
    """The compared columns of an output, rows sorted by (seeker, contact)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    types = {c: pa.string() for c in ("seeker", "contact", "origin")}
    if path.suffix == ".parquet":
        table = pq.read_table(path, columns=COLUMNS)
    else:
        table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(include_columns=COLUMNS, column_types=types))
    table = table.select(COLUMNS).cast(pa.schema([(c, pa.string() if c in types else pa.int64()) for c in COLUMNS]))
    return table.take(pc.sort_indices(table, [("seeker", "ascending"), ("contact", "ascending")]))


def _check(outputs: dict[str, str]) -> dict[str, bool]:
    """Each output's four columns equal to referralgraph's CSV (``--as-of`` runs: to ours with it; the floor: skipped)."""
    ours = _four_columns(Path(outputs["referralgraph metrics, CSV out"]))
    dated = [path for label, path in outputs.items() if "--as-of" in label and "baseline" not in label]
    ours_dated = _four_columns(Path(dated[0])) if dated else None
    return {
        label: _four_columns(Path(path)).equals(ours_dated if "--as-of" in label else ours)
        for label, path in outputs.items()
        if not label.startswith("pyarrow floor")
    }


def bench(
    cohort: str,
    data: Path,
    rounds: int,
    as_of: str | None,
    naive_max: float,
    baseline: Path | None = None,
    tools: list[str] | None = None,
) -> list[dict]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(HERE.parent / "src") + os.pathsep + env.get("PYTHONPATH", "")
    # an installed package has its bytecode cached; without this every run of ours would compile ~200
    # modules again (0.15-0.3 s) while the competitors' libraries come precompiled
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    src = _prepare(data, cohort, env)
    with tempfile.TemporaryDirectory(prefix="rg-peers-") as tmp:
        cmds = _commands(src, Path(tmp), as_of, baseline)
        n = sum(1 for _ in open(src / "introductions.csv", "rb")) - 1
        if cohort != "cascade" and n > naive_max:
            cmds.pop("naive NetworkX")
        if tools:
            cmds = {
                label: c
                for label, c in cmds.items()
                if label.startswith(("pyarrow floor", "referralgraph metrics, CSV out"))
                or any(t.lower() in label.lower() for t in tools)
            }
        best = {label: (float("inf"), 0.0, float("inf")) for label in cmds}
        loads = []
        for _ in range(rounds):
            loads.append(os.getloadavg()[0])
            for label, (cmd, _) in cmds.items():  # interleaved: one run of each per round
                wall, peak, cpu = _run(cmd, env)
                best[label] = (min(wall, best[label][0]), max(peak, best[label][1]), min(cpu, best[label][2]))
        outputs = json.dumps({label: str(target) for label, (_, target) in cmds.items()})
        same = json.loads(
            subprocess.run(
                [sys.executable, __file__, "--_check", outputs], env=env, check=True, capture_output=True, text=True
            ).stdout
        )
    floor, floor_cpu = best["pyarrow floor (no computation)"][0], best["pyarrow floor (no computation)"][2]
    rows = [
        {
            "cohort": cohort,
            "rows": n,
            "tool": label,
            "seconds": wall,
            "cpu_seconds": cpu,
            "peak_mib": peak,
            "x_floor": wall / floor,
            "cpu_x_floor": cpu / floor_cpu,
            "same_as_ours": same.get(label),
            "load_avg": loads,
        }
        for label, (wall, peak, cpu) in sorted(best.items(), key=lambda kv: kv[1][2])
    ]
    print(
        f"\n{cohort}: {n:,} (seeker, contact) rows, best of {rounds}, 1-min load average per round "
        f"{', '.join(f'{x:.1f}' for x in loads)}"
    )
    print(f"| {'tool':<46} | {'CPU s':>6} | {'x floor':>7} | {'wall s':>6} | {'x floor':>7} | {'peak MiB':>8} | same |")
    print(f"|{'-' * 48}|{'-' * 7}:|{'-' * 8}:|{'-' * 7}:|{'-' * 8}:|{'-' * 9}:|------|")
    for r in rows:
        check = "-" if r["same_as_ours"] is None else ("yes" if r["same_as_ours"] else "NO")
        print(
            f"| {r['tool']:<46} | {r['cpu_seconds']:>6.2f} | {r['cpu_x_floor']:>7.1f} | {r['seconds']:>6.2f} | "
            f"{r['x_floor']:>7.1f} | {r['peak_mib']:>8.0f} | {check:<4} |",
            flush=True,
        )
    return rows


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cohorts", nargs="+", default=["1e5", "1e6", "cascade"], help="1e5, 1e6, cascade")
    p.add_argument("--rounds", type=int, default=3, help="interleaved rounds; the best of them is kept")
    p.add_argument(
        "--data",
        type=Path,
        default=Path(tempfile.gettempdir()) / "rg-peers-data",
        help="where the generated cohorts are kept between runs",
    )
    p.add_argument("--as-of", default=None, help="also time metrics --as-of DATE (the snapshot path)")
    p.add_argument("--naive-max", type=float, default=1e6, help="largest synthetic cohort for naive NetworkX")
    p.add_argument("--json", type=Path, default=None, help="also write the results here")
    p.add_argument(
        "--baseline",
        type=Path,
        default=None,
        help="another checkout (e.g. a git worktree of main): its metrics command runs in the same rounds",
    )
    p.add_argument(
        "--tools",
        nargs="*",
        default=None,
        help="only the tools whose label contains one of these words (the floor and ours always run)",
    )
    p.add_argument("--_prepare", help=argparse.SUPPRESS)
    p.add_argument("--_check", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args._prepare:
        return _generate(args.data, args._prepare)
    if args._check:
        return print(json.dumps(_check(json.loads(args._check))))
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(
        f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; uptime: {uptime}"
    )
    results = [
        row
        for cohort in args.cohorts
        for row in bench(cohort, args.data, args.rounds, args.as_of, args.naive_max, args.baseline, args.tools)
    ]
    print(f"uptime after: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
