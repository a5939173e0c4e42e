"""Benchmark the interactive map: HTML written, page drawn in headless Chromium, and naive pyvis beside it.

Run from the repository root (not part of the test suite, never in CI)::

    python3 benchmarks/bench_map.py                   # 10^3 .. 10^5, browser up to 2*10^4
    python3 benchmarks/bench_map.py --quick           # smaller sizes, for a smoke run
    python3 benchmarks/bench_map.py --no-pyvis        # skip the slow pyvis column

Columns:

- ``html_s``: ``network_map(net, max_nodes=...)`` + ``.save(path)`` (layout, data,
  escaping, the write), one map of every person, ``max_nodes`` raised to draw them all;
- ``agg_s``: the same with ``aggregate="generation-cap"`` (``"organization"`` when not
  even generation 1 fits the default ``max_nodes``), with the nodes it draws;
- ``drawn_s``: from navigation to vis-network's first ``afterDrawing``
  (``window.__mapReady``) in headless Chromium, file:// URL, no network;
- ``pyvis_s``: the naive way, pyvis 0.3.2 ``Network.from_nx(G)`` + ``write_html``
  (default physics, no layout), on a plain copy of ``net.graph`` built before
  timing, up to 2*10^4 nodes.

Targets (issue 4): HTML for 10^5 people in <= 2 s; a 10^4-person map drawn in <= 5 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

import referralgraph as rg

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]


def _time(fn, repeat=1):
    best = float("inf")
    out = None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def _draw_time(browser, path: Path) -> tuple[float, int]:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.route("**/*", lambda route: route.continue_() if route.request.url == path.as_uri() else route.abort())
    t = time.perf_counter()
    page.goto(path.as_uri(), wait_until="commit")
    page.wait_for_function("() => window.__mapReady === true", timeout=180_000)
    elapsed = time.perf_counter() - t
    n = page.evaluate("window.__map.data.nodes.x.length")
    page.close()
    return elapsed, n


def _pyvis_time(net, folder: Path) -> float:
    from pyvis.network import Network

    import networkx as nx

    G = nx.DiGraph()  # a plain copy with string attributes only: from_nx crashes on Timestamps and numpy values
    G.add_nodes_from((str(v), {"title": str(d.get("name", v))}) for v, d in net.graph.nodes(data=True))
    G.add_edges_from((str(u), str(v)) for u, v in net.graph.edges())
    cwd = os.getcwd()
    os.chdir(folder)  # pyvis writes lib/ into the current folder
    try:
        t = time.perf_counter()
        g = Network(directed=True, cdn_resources="remote")
        g.from_nx(G)
        g.write_html(str(folder / "pyvis.html"), open_browser=False)
        return time.perf_counter() - t
    finally:
        os.chdir(cwd)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="sizes 10^3 and 5*10^3 only")
    parser.add_argument("--no-pyvis", action="store_true", help="skip pyvis")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser")
    args = parser.parse_args()
    sizes = [1_000, 5_000] if args.quick else [1_000, 10_000, 20_000, 100_000]
    browser = pw = None
    if not args.no_browser and Path(CHROMIUM).exists():
        from playwright.sync_api import sync_playwright

        pw = sync_playwright().start()
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
    print(f"# referralgraph {rg.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    print(f"{'people':>8} {'html_s':>7} {'MB':>6} {'agg_s':>6} {'agg_nodes':>9} {'drawn_s':>8} {'pyvis_s':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in sizes:
            net = rg.synthetic_cohort(n_seekers=max(1, n // 2_000), n_contacts=n, seed=1)
            path = folder / f"map-{n}.html"
            html_s, _ = _time(lambda: rg.network_map(net, max_nodes=n + 1_000).save(path, overwrite=True), repeat=2)
            agg_path = folder / f"agg-{n}.html"
            try:
                how = "generation-cap"
                agg_s, agg = _time(lambda: rg.network_map(net, aggregate=how).save(agg_path, overwrite=True) and None)
                agg = rg.network_map(net, aggregate=how)
            except rg.SizeLimitError:  # wide, shallow trees: even generation 1 does not fit
                how = "organization"
                agg_s, _ = _time(lambda: rg.network_map(net, aggregate=how).save(agg_path, overwrite=True))
                agg = rg.network_map(net, aggregate=how)
            drawn = "-"
            if browser is not None and n <= 20_000:
                drawn = f"{_draw_time(browser, path)[0]:.2f}"
            pyvis_s = "-"
            if not args.no_pyvis and n <= 20_000:
                pyvis_s = f"{_pyvis_time(net, folder):.2f}"
            print(f"{n:>8,} {html_s:>7.2f} {path.stat().st_size / 1e6:>6.1f} {agg_s:>6.2f} {agg.n_nodes:>9,} "
                  f"{drawn:>8} {pyvis_s:>8}  (aggregate={how})", flush=True)
            if browser is not None and n == 100_000:
                t, k = _draw_time(browser, agg_path)
                print(f"{'':>8} aggregated 10^5 map ({how}, {k:,} nodes) drawn in {t:.2f} s")
    if browser is not None:
        browser.close()
        pw.stop()


if __name__ == "__main__":
    main()
