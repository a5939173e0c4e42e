"""Benchmark the interactive map side by side with pyvis and with the previous vis-network page.

Run from the repository root (not part of the test suite, never in CI)::

    python3 benchmarks/bench_map.py                  # 10^3, 10^4, 10^5 and a 127,914-person cohort
    python3 benchmarks/bench_map.py --quick          # 10^3 and 10^4 only
    python3 benchmarks/bench_map.py --no-baseline    # skip the old vis-network page (slow at 10^5)

For each size, one synthetic cohort (``rg.synthetic_cohort``, 2,000 people per seeker)
is drawn three ways, in one run:

- ``ours``: ``rg.network_map(net)`` + ``.save(path)`` with the default options (the
  WebGL page); ``write_s`` is that call, ``MB`` the file;
- ``vis``: the same call in the last commit that shipped the vis-network page
  (extracted with ``git archive`` into a temporary folder and run in a subprocess,
  with ``max_nodes`` raised so it draws everyone);
- ``pyvis``: the naive way, pyvis ``Network.from_nx(G)`` + ``write_html`` on a plain
  copy of ``net.graph`` (built before timing), default physics, up to
  ``--pyvis-max`` people (``from_nx`` is quadratic: 583 s at 10^5).

``frame_s`` is the time from navigation to the first frame in headless Chromium
(Debian's ``/usr/bin/chromium``, software WebGL, file:// URL, every other request
aborted): until ``window.__mapReady`` and then two animation frames, so the frame has
really been painted (the WebGL page sets the flag only after reading a pixel back,
which waits for the GPU process; a flag set before that hides most of the drawing
time). pyvis pages have no ready flag: ``frame_s`` there is vis-network's first
``afterDrawing`` event, hooked in before the page's script runs.

The machine is shared: the load average is printed with each row; compare rows of one run.
Targets (issue 14): 10^4 people written <= 0.5 s, first frame <= 1.5 s; 10^5 written
<= 2 s, HTML <= 10 MB, first frame <= 3 s; the 127,914-person cohort <= 5 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import referralgraph as rg

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
#: pyvis pages run vis-network's physics before their first frame (100-115 s at 10^3): give up after this
PYVIS_TIMEOUT = 60
VIS_FILE = "src/referralgraph/drawing/maps/vendor/vis-network.min.js"
HOOK = """
window.__mapReady = false;
const wrap = (N) => {
  if (!N || N.__rgHooked) { return N; }
  const Hooked = function (a, b, c) { const net = new N(a, b, c);
    net.once("afterDrawing", () => { window.__mapReady = true; }); return net; };
  Hooked.__rgHooked = true;
  return Hooked;
};
let visValue;
Object.defineProperty(window, "vis", { configurable: true, get() { return visValue; }, set(v) {
  visValue = v;
  if (v && typeof v === "object") {  // the UMD build assigns an empty object first, then fills it
    let network = wrap(v.Network);
    Object.defineProperty(v, "Network", { configurable: true, enumerable: true,
      get() { return network; }, set(x) { network = wrap(x); } });
  }
} });
"""


def _cohort(n: int):
    return rg.synthetic_cohort(n_seekers=max(1, n // 2_000), n_contacts=n, seed=1)


def _frame_time(browser, path: Path, *, hook: bool = False, timeout_s: float = 150) -> float | None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    if hook:
        page.add_init_script(HOOK)
    page.route("**/*", lambda route: route.continue_() if route.request.url == path.as_uri() else route.abort())
    t = time.perf_counter()
    try:
        page.goto(path.as_uri(), wait_until="commit", timeout=timeout_s * 1000)
        page.wait_for_function("() => window.__mapReady === true", timeout=timeout_s * 1000, polling=50)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        return time.perf_counter() - t
    except Exception:  # noqa: BLE001 - a timeout is a result here
        return None
    finally:
        page.close()


def _baseline_tree(folder: Path) -> Path | None:
    """The source tree of the last commit that shipped the vis-network page, extracted into ``folder``."""
    try:
        gone = subprocess.run(
            ["git", "log", "-n", "1", "--diff-filter=D", "--format=%H", "--", VIS_FILE],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        commit = f"{gone}^" if gone else "HEAD"
        archive = subprocess.run(["git", "archive", commit, "src"], capture_output=True, check=True).stdout
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return folder / "src" if (folder / VIS_FILE).exists() else None


def _baseline_write(src: Path, n: int, path: Path) -> float:
    code = (
        "import sys, time, referralgraph as rg\n"
        f"net = rg.synthetic_cohort(n_seekers=max(1, {n} // 2_000), n_contacts={n}, seed=1); net.index\n"
        "t = time.perf_counter()\n"
        f"rg.network_map(net, max_nodes={n + 1_000}).save({str(path)!r}, overwrite=True)\n"
        "print(time.perf_counter() - t)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(src)},
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def _pyvis_write(net, folder: Path) -> tuple[float, Path]:
    from pyvis.network import Network

    import networkx as nx

    G = nx.DiGraph()  # a plain copy with string attributes only: from_nx crashes on Timestamps and numpy values
    G.add_nodes_from((str(v), {"title": str(d.get("name", v))}) for v, d in net.graph.nodes(data=True))
    G.add_edges_from((str(u), str(v)) for u, v in net.graph.edges())
    cwd = os.getcwd()
    os.chdir(folder)  # pyvis writes lib/ into the current folder
    try:
        t = time.perf_counter()
        g = Network(directed=True, cdn_resources="in_line")
        g.from_nx(G)
        path = folder / "pyvis.html"
        g.write_html(str(path), open_browser=False)
        return time.perf_counter() - t, path
    finally:
        os.chdir(cwd)


def _fmt(v, limit: float) -> str:
    return f">{limit:.0f}" if v is None else f"{v:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10^3 and 10^4 only")
    parser.add_argument("--sizes", type=int, nargs="*", help="people per map (default 10^3 10^4 10^5 127,914)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the old vis-network page")
    parser.add_argument("--baseline-max", type=int, default=100_000, help="largest map for the old page")
    parser.add_argument("--pyvis-max", type=int, default=10_000, help="largest map for pyvis from_nx")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser")
    args = parser.parse_args()
    sizes = args.sizes or ([1_000, 10_000] if args.quick else [1_000, 10_000, 100_000, 127_914])
    browser = pw = None
    if not args.no_browser and Path(CHROMIUM).exists():
        from playwright.sync_api import sync_playwright

        pw = sync_playwright().start()
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
    print(f"# referralgraph {rg.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPUs", flush=True)
    print(f"{'people':>8} {'way':>6} {'write_s':>8} {'MB':>6} {'frame_s':>8}  load", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = None if args.no_baseline else _baseline_tree(folder / "baseline")
        if not args.no_baseline and base is None:
            print("# baseline: no commit with the vis-network page found (run from the repository)")
        for n in sizes:
            net = _cohort(n)
            net.index  # built before timing, as loading a network does
            rows = []
            path = folder / f"ours-{n}.html"
            t = time.perf_counter()
            rg.network_map(net).save(path, overwrite=True)
            write = time.perf_counter() - t
            frame = _frame_time(browser, path) if browser else None
            rows.append(("ours", write, path.stat().st_size / 1e6, frame, 150))
            if base is not None and n <= args.baseline_max:
                vpath = folder / f"vis-{n}.html"
                vwrite = _baseline_write(base, n, vpath)
                vframe = _frame_time(browser, vpath) if browser else None
                rows.append(("vis", vwrite, vpath.stat().st_size / 1e6, vframe, 150))
            if n <= args.pyvis_max:
                pwrite, ppath = _pyvis_write(net, folder)
                pframe = _frame_time(browser, ppath, hook=True, timeout_s=PYVIS_TIMEOUT) if browser else None
                rows.append(("pyvis", pwrite, ppath.stat().st_size / 1e6, pframe, PYVIS_TIMEOUT))
            for way, w, mb, f, limit in rows:
                shown = _fmt(f, limit) if browser else "-"
                print(f"{n:>8,} {way:>6} {w:>8.2f} {mb:>6.1f} {shown:>8}  {os.getloadavg()[0]:.1f}", flush=True)
    if browser is not None:
        browser.close()
        pw.stop()


if __name__ == "__main__":
    main()
