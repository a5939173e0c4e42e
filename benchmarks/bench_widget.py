"""Benchmark the first frame of rg.MapWidget in JupyterLab beside the same map as a standalone page.

Run from the repository root (not part of the test suite, never in CI)::

    python3 benchmarks/bench_widget.py              # 10^4 and 10^5 people
    python3 benchmarks/bench_widget.py --sizes 10000

For each size, one synthetic cohort (``rg.synthetic_cohort``, 1,000 people per seeker)
is drawn two ways in one run, in headless Chromium (Debian's ``/usr/bin/chromium``,
software WebGL):

- ``page``: ``rg.network_map(net).save(path)`` opened from file://; ``draw_s`` is the
  page's own marks, from the script's start (``rg-start``) to the first frame really
  drawn (``rg-drawn``, after a pixel read-back), ``open_s`` navigation to that frame;
- ``widget``: a JupyterLab notebook (started on 127.0.0.1 like the browser tests) whose
  cell runs ``w = rg.MapWidget(net); w``; ``draw_s`` is the same marks inside the
  widget (payload received to first frame), ``open_s`` from asking the notebook to run
  the cell to the first frame: building the map in Python, sending the payload over
  the kernel's websocket, and drawing.

The machine is shared: the load average is printed with each row; compare rows of one run.
Target (issue 25): the widget's first frame within 3 s at 10^5 people, as the page's.

Run 1 (2026-12-07, 2-core shared machine, load 7.8-8.7 from other engineers' test suites)::

      people     how  open_s  draw_s  load
      10,000    page    1.01    0.69  8.2
      10,000  widget    3.99    0.98  8.6
     100,000    page    8.97    8.27  8.7
     100,000  widget   13.37    3.20  7.8

(the widget's ``open_s`` includes building the map in Python and sending it; at this load
neither the page nor the widget meets 3 s at 10^5: repeat on a quiet machine.)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

MARKS = (
    "() => { const s = performance.getEntriesByName('rg-start'), d = performance.getEntriesByName('rg-drawn');"
    " return (d[d.length - 1].startTime - s[s.length - 1].startTime) / 1000; }"
)


def page_row(browser, net, folder: Path) -> dict:
    import referralgraph as rg

    path = rg.network_map(net).save(folder / "map.html", overwrite=True)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    start = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_function("() => window.__mapReady === true", timeout=180_000)
    open_s = time.perf_counter() - start
    draw_s = page.evaluate(MARKS)
    page.close()
    return {"open_s": open_s, "draw_s": draw_s}


def widget_row(browser, n: int, folder: Path) -> dict:
    import subprocess

    import nbformat

    from tests.drawing import test_widget_browser as harness

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            f"import referralgraph as rg\nnet = rg.synthetic_cohort("
            f"n_seekers={max(1, n // 1000)}, n_contacts={n}, seed=1)"
        ),
        nbformat.v4.new_code_cell("w = rg.MapWidget(net)\nw"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / "bench.ipynb")
    port = harness._free_port()
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--ServerApp.port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={harness.TOKEN}",
        f"--ServerApp.root_dir={folder}",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.news_url=",
        f"--LabApp.workspaces_dir={folder / 'ws'}",
        f"--LabApp.user_settings_dir={folder / 'st'}",
        "--ServerApp.port_retries=0",
        "--allow-root",
        "--LabApp.extension_manager=readonly",
    ]
    proc = subprocess.Popen(cmd, env=harness._env(folder), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        harness._wait_http(f"http://127.0.0.1:{port}/api/status?token={harness.TOKEN}", proc)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"http://127.0.0.1:{port}/lab/tree/bench.ipynb?token={harness.TOKEN}")
        kernel = "window.jupyterapp.shell.currentWidget.sessionContext.session.kernel"
        page.wait_for_function(
            f"() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
            f" && window.jupyterapp.shell.currentWidget.sessionContext.session && {kernel}"
            f" && {kernel}.status === 'idle'",
            timeout=120_000,
        )
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-cell-and-select-next')")  # the network
        page.wait_for_function(
            f"() => {kernel}.status === 'idle' && window.jupyterapp.shell.currentWidget.content.activeCellIndex === 1",
            timeout=300_000,
        )
        page.wait_for_timeout(1000)
        start = time.perf_counter()
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-cell')")
        page.wait_for_function(
            "() => (window.__rgWidgets || []).length === 1"
            " && window.__rgWidgets[0].root.querySelector('[data-map-ready]') !== null",
            timeout=300_000,
            polling=50,
        )
        open_s = time.perf_counter() - start
        draw_s = page.evaluate(MARKS)
        page.close()
        return {"open_s": open_s, "draw_s": draw_s}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    import referralgraph as rg
    from playwright.sync_api import sync_playwright

    from tests.drawing.test_map_browser import ARGS, CHROMIUM

    print(f"{'people':>8} {'how':>7} {'open_s':>7} {'draw_s':>7}  load")
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for n in args.sizes:
            net = rg.synthetic_cohort(n_seekers=max(1, n // 1000), n_contacts=n, seed=1)
            for how, run in (
                ("page", lambda: page_row(browser, net, Path(tmp))),
                ("widget", lambda: widget_row(browser, n, Path(tmp))),
            ):
                row = run()
                load = os.getloadavg()[0]
                print(f"{n:>8,} {how:>7} {row['open_s']:>7.2f} {row['draw_s']:>7.2f}  {load:.1f}", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
