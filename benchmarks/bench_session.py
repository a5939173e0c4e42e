"""Benchmark: the cohort calls of one Python session after ``load``, and the cohort ``report`` command.

What a career-center analyst does in a notebook: ``net = rg.load(folder)``, then
``contact_metrics``, ``seeker_summary``, ``cohort_summary``, ``cohort_comparison``,
``cohort_export``, ``mixing_matrix``, ``homophily`` one after the other, each timed (wall
and CPU seconds); then, in a fresh process, ``referralgraph report FOLDER`` end to end
(interpreter start to text written: wall, CPU from ``os.wait4`` and peak resident memory).

``--baseline DIR`` runs another checkout (e.g. a worktree of main before a change) in the
same rounds, interleaved, so before and after see the same machine; the best of
``--rounds`` is kept per step. On a machine shared with other work, CPU seconds are the
steadier measure. The cohort is ``bench_peers``' synthetic one (``1e5``: 100 contacts per
seeker; ``1e6``: 1,000 seekers), generated once into ``--data``.

Usage::

    python benchmarks/bench_session.py --cohort 1e6 --rounds 3
    python benchmarks/bench_session.py --cohort 1e6 --rounds 3 --baseline /tmp/main-before
    python benchmarks/bench_session.py --cohort 1e5 --as-of 2026-03-01   # every call on a real snapshot

Not a test: nothing here runs in CI; results and the command go to docs/performance.md.
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
CALLS = (
    "contact_metrics",
    "seeker_summary",
    "cohort_summary",
    "cohort_comparison",
    "cohort_export",
    "mixing_matrix",
    "homophily",
)


def _child(src: str, as_of: str | None) -> dict:
    """One session: load, then every call once (runs in a fresh interpreter)."""
    import resource
    import warnings

    warnings.simplefilter("ignore")
    import referralgraph as rg

    out = {}
    t, c = time.perf_counter(), time.process_time()
    net = rg.load(src)
    out["load"] = (time.perf_counter() - t, time.process_time() - c)
    for name in CALLS:
        fn = getattr(rg, name)
        t, c = time.perf_counter(), time.process_time()
        fn(net, as_of=as_of)
        out[name] = (time.perf_counter() - t, time.process_time() - c)
    out["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _env(src_dir: Path) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(src_dir) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as an installed package: bytecode cached
    return env


def _session(src_dir: Path, data: Path, as_of: str | None) -> dict:
    cmd = [sys.executable, __file__, "--_child", str(data)] + (["--as-of", as_of] if as_of else [])
    res = subprocess.run(cmd, env=_env(src_dir), capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def _report(src_dir: Path, data: Path, as_of: str | None) -> tuple[float, float, float]:
    """Wall, CPU seconds and peak MiB of ``referralgraph report`` end to end."""
    cmd = [sys.executable, "-m", "referralgraph", "report", str(data), "--no-progress"]
    cmd += ["--as-of", as_of] if as_of else []
    with tempfile.TemporaryFile() as out:
        with tempfile.TemporaryFile() as err:
            t = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=_env(src_dir))
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - t
            if os.waitstatus_to_exitcode(status) != 0:
                err.seek(0)
                raise SystemExit(f"{' '.join(cmd)} failed:\n{err.read().decode()[-3000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cohort", default="1e6", help="1e5 or 1e6 (bench_peers' synthetic cohorts)")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "rg-peers-data")
    p.add_argument("--as-of", default=None)
    p.add_argument("--baseline", type=Path, default=None, help="another checkout, run in the same rounds")
    p.add_argument("--_child", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a._child:
        return print(json.dumps(_child(a._child, a.as_of)))
    sys.path.insert(0, str(HERE))
    from bench_peers import _prepare

    ours = HERE.parent / "src"
    data = _prepare(a.data, a.cohort, _env(ours))
    variants = {"this checkout": ours}
    if a.baseline:
        variants["baseline"] = a.baseline / "src"
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
        f"cohort {a.cohort}, as_of {a.as_of}; uptime: {uptime}",
        flush=True,
    )
    best: dict = {v: {} for v in variants}
    loads = []
    for _ in range(a.rounds):
        loads.append(os.getloadavg()[0])
        for v, src in variants.items():  # interleaved
            s = _session(src, data, a.as_of)
            s["report (command, end to end)"] = _report(src, data, a.as_of)
            print(
                f"round {len(loads)}, {v}: "
                + ", ".join(f"{k} {x:.0f}" if k == "peak_mib" else f"{k} {x[0]:.2f}/{x[1]:.2f}" for k, x in s.items()),
                flush=True,
            )
            for step, val in s.items():
                old = best[v].get(step)
                if step == "peak_mib":
                    best[v][step] = max(val, old or 0)
                elif old is None or val[1] < old[1]:
                    best[v][step] = val
    print(f"best of {a.rounds}; 1-min load average per round: {', '.join(f'{x:.1f}' for x in loads)}")
    header = " | ".join(f"{v} wall s | {v} CPU s" for v in variants)
    print(f"| step | {header} |")
    print("|---|" + "---:|" * (2 * len(variants)))
    for step in ("load", *CALLS, "report (command, end to end)"):
        cells = " | ".join(f"{best[v][step][0]:.2f} | {best[v][step][1]:.2f}" for v in variants)
        print(f"| {step} | {cells} |")
    print(
        "| peak MiB (session; report) | "
        + " | ".join(f"{best[v]['peak_mib']:.0f} | {best[v]['report (command, end to end)'][2]:.0f}" for v in variants)
        + " |"
    )
    print(f"uptime after: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")


if __name__ == "__main__":
    main()
