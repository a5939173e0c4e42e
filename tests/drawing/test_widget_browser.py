"""rg.MapWidget for real: JupyterLab and marimo on localhost, driven in headless Chromium through playwright.

JupyterLab: a notebook runs its cells in the browser; the test clicks, shift-clicks,
box-selects and lassoes people on the drawn map, reads ``w.selected`` back in the
notebook's own kernel (jupyter_client on the kernel's connection file), then calls
``w.highlight``/``select``/``filter``/``color_by``/``focus``/``date`` in that kernel and
checks the result on the drawn canvas (pixels of the exported frame). marimo: an app
whose second cell reacts to the selection.

Debian's ``/usr/bin/chromium`` (never ``playwright install``); every request the page
makes goes to 127.0.0.1 (checked). One server and one page per module keep this to
about a minute.
"""

from __future__ import annotations

import base64
import io
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from .test_map_browser import ARGS, CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TOKEN = "rg-widget-test"
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc, timeout: float = 90) -> None:
    import urllib.request

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer in {timeout} s")


def _env(tmp: Path) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["JUPYTER_RUNTIME_DIR"] = str(tmp / "runtime")
    env["JUPYTER_CONFIG_DIR"] = str(tmp / "config")
    env["IPYTHONDIR"] = str(tmp / "ipython")
    env["MARIMO_SKIP_UPDATE_CHECK"] = "1"
    return env


@pytest.fixture(scope="module")
def chromium():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    pytest.importorskip("anywidget")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


class Page:
    """A playwright page that records every request that does not go to the local server."""

    def __init__(self, browser, port: int):
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.outside, self.errors = [], []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        local = (f"http://127.0.0.1:{port}/", f"ws://127.0.0.1:{port}/", "blob:", "data:")

        def route(r):
            if r.request.url.startswith(local):
                r.continue_()
            else:
                self.outside.append(r.request.url)
                r.abort()

        self.page.route("**/*", route)

    def js(self, expression, arg=None):
        return self.page.evaluate(expression, arg)

    def point(self, node: int, k: int = 0) -> dict:
        """Where drawn node ``node`` of the ``k``-th widget is, in page pixels."""
        return self.js(
            "([i, k]) => { const w = window.__rgWidgets[k]; const p = w.api.nodePoint(i);"
            " const r = w.root.querySelector('#rg-map').getBoundingClientRect();"
            " return {x: r.left + p.x, y: r.top + p.y}; }",
            [node, k],
        )

    def clear(self, node: int, k: int = 0) -> bool:
        """Whether the top element at the node is the map's canvas (no header, legend or panel over it)."""
        p = self.point(node, k)
        return self.js(
            "([x, y, k]) => { const e = document.elementFromPoint(x, y);"
            " return !!e && e.tagName === 'CANVAS' && window.__rgWidgets[k].root.contains(e); }",
            [p["x"], p["y"], k],
        )

    def clear_nodes(self, k: int = 0) -> list:
        n = self.js("(k) => window.__rgWidgets[k].api.data.nodes.x.length", k)
        return [i for i in range(n) if self.clear(i, k)]

    def frame(self, k: int = 0) -> np.ndarray:
        """The widget's drawn frame (WebGL + labels) as an RGB array."""
        from matplotlib.image import imread

        url = self.js("(k) => window.__rgWidgets[k].api.exportPNG()", k)
        return (imread(io.BytesIO(base64.b64decode(url.split(",", 1)[1])), format="png")[..., :3] * 255).round()

    def pixel_near(self, node: int, k: int = 0, *, ring: bool = False) -> np.ndarray:
        """The colour at node ``node``'s centre (or on its ring) in the exported frame."""
        dpr = self.js("window.devicePixelRatio")
        p = self.js("([i, k]) => window.__rgWidgets[k].api.nodePoint(i)", [node, k])
        img = self.frame(k)
        x, y = int(round(p["x"] * dpr)), int(round(p["y"] * dpr))
        if not ring:
            return img[y, x]
        r = self.js(
            "([i, k]) => window.__rgWidgets[k].api.data.nodes.size[i] * window.__rgWidgets[k].api.renderer.scale()",
            [node, k],
        )
        return img[y, x + int(round(max(r, 5.5) * dpr)) - 2]


# ---------------------------------------------------------------------------- JupyterLab
NOTEBOOK_CELLS = [
    "import referralgraph as rg\nnet = rg.demo()\nw = rg.MapWidget(net, height=560)\nw",
]


@pytest.fixture(scope="module")
def lab(tmp_path_factory, chromium):
    tmp = tmp_path_factory.mktemp("lab")
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in NOTEBOOK_CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp / "map.ipynb")
    port = _free_port()
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--ServerApp.port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={TOKEN}",
        f"--ServerApp.root_dir={tmp}",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.news_url=",
        f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
        f"--LabApp.user_settings_dir={tmp / 'settings'}",
        "--ServerApp.port_retries=0",
        "--allow-root",
        "--LabApp.extension_manager=readonly",
    ]
    log = open(tmp / "server.log", "wb")
    proc = subprocess.Popen(cmd, env=_env(tmp), stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_http(f"http://127.0.0.1:{port}/api/status?token={TOKEN}", proc)
        page = Page(chromium, port)
        page.page.goto(f"http://127.0.0.1:{port}/lab/tree/map.ipynb?token={TOKEN}")
        page.page.wait_for_function(
            "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
            " && window.jupyterapp.shell.currentWidget.sessionContext"
            " && window.jupyterapp.shell.currentWidget.sessionContext.session"
            " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel",
            timeout=90_000,
        )
        page.page.wait_for_function(
            "() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'",
            timeout=90_000,
        )
        page.js("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.page.wait_for_function(
            "() => (window.__rgWidgets || []).length === 1"
            " && window.__rgWidgets[0].root.querySelector('[data-map-ready]') !== null",
            timeout=120_000,
        )
        kernel_id = page.js("window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.id")
        from jupyter_client import BlockingKernelClient

        kc = BlockingKernelClient(connection_file=str(tmp / "runtime" / f"kernel-{kernel_id}.json"))
        kc.load_connection_file()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        yield Lab(page, kc)
        kc.stop_channels()
        page.page.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:  # pragma: no cover
            proc.kill()
        log.close()


class Lab:
    def __init__(self, page: Page, kc):
        self.page, self.kc = page, kc

    def run(self, code: str):
        """Run ``code`` in the notebook's kernel; return the JSON its last line prints."""
        out = []

        def hook(msg):
            if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                out.append("ERROR " + "\n".join(msg["content"]["traceback"]))

        reply = self.kc.execute_interactive(code, output_hook=hook, timeout=60)
        text = "".join(out)
        assert reply["content"]["status"] == "ok", text
        lines = text.strip().splitlines()
        return json.loads(lines[-1]) if lines else None

    def kernel_wait(self, code: str, expected, timeout: float = 15):
        """Run ``code`` until it prints ``expected`` (the page's messages reach the kernel asynchronously)."""
        end = time.monotonic() + timeout
        got = None
        while time.monotonic() < end:
            got = self.run(code)
            if got == expected:
                return got
            time.sleep(0.25)
        return got


SELECTED = "import json; print(json.dumps(w.selected['contact'].tolist()))"


class TestJupyterLab:
    def test_click_shift_click_box_and_lasso_come_back_as_a_dataframe(self, lab):
        page, cid = lab.page, lab.page.js("window.__rgWidgets[0].api.data.nodes.cid")
        kind = lab.page.js("Array.from(window.__rgWidgets[0].api.data.nodes.kind)")
        people = [i for i in page.clear_nodes() if kind[i] == 0]
        assert len(people) == kind.count(0)  # fitted clear of the header, the legend and the time-lapse
        a = people[0]
        p = page.point(a)
        page.page.mouse.click(p["x"], p["y"])
        assert lab.kernel_wait(SELECTED, [cid[a]]) == [cid[a]]
        b = next(i for i in page.clear_nodes() if kind[i] == 0 and i != a)  # the side panel is open now
        q = page.point(b)
        page.page.keyboard.down("Shift")
        page.page.mouse.click(q["x"], q["y"])
        page.page.keyboard.up("Shift")
        both = sorted([cid[a], cid[b]])
        assert lab.kernel_wait("import json; print(json.dumps(sorted(w.selected['contact'])))", both) == both
        got = lab.run("import json; print(json.dumps(w.selected.columns.tolist()[:4] + [len(w.selected)]))")
        assert got == ["seeker", "contact", "name", "organization", 2]
        page.js("window.__rgWidgets[0].root.querySelector('#rg-panel-close').click()")
        # a box (shift-drag) around the whole map: everyone comes back
        n = len(cid)
        box = page.js("window.__rgWidgets[0].root.querySelector('#rg-map').getBoundingClientRect().toJSON()")
        x0, y0, x1, y1 = box["left"] + 3, box["top"] + 3, box["right"] - 3, box["bottom"] - 3
        page.page.keyboard.down("Shift")
        page.page.mouse.move(x0, y0)
        page.page.mouse.down()
        page.page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, steps=4)
        page.page.mouse.move(x1, y1, steps=4)
        page.page.mouse.up()
        page.page.keyboard.up("Shift")
        assert lab.kernel_wait("print(len(w.selected_ids))", n) == n
        # a lasso (the Lasso button) around one person only
        page.js("window.__rgWidgets[0].root.querySelector('#rg-lasso').click()")
        c = page.point(a)
        page.page.mouse.move(c["x"] - 7, c["y"] - 7)
        page.page.mouse.down()
        for dx, dy in [(7, -7), (7, 7), (-7, 7), (-7, -7)]:
            page.page.mouse.move(c["x"] + dx, c["y"] + dy, steps=2)
        page.page.mouse.up()
        assert lab.kernel_wait(SELECTED, [cid[a]]) == [cid[a]]
        page.js("window.__rgWidgets[0].root.querySelector('#rg-lasso').click()")  # back to panning
        lab.run("w.drag_mode = 'box'; print(1)")  # Python sets what a drag does
        page.page.wait_for_function("() => window.__rgWidgets[0].api.renderer.dragMode() === 'box'", timeout=10_000)
        lab.run("w.drag_mode = 'pan'; print(1)")
        assert page.errors == [] and page.outside == []

    def test_hover_reaches_the_kernel(self, lab):
        page, cid = lab.page, lab.page.js("window.__rgWidgets[0].api.data.nodes.cid")
        i = page.clear_nodes()[-1]
        p = page.point(i)
        page.page.mouse.move(p["x"], p["y"], steps=3)
        assert lab.kernel_wait("import json; print(json.dumps(w.hovered))", cid[i]) == cid[i]

    def test_python_changes_the_drawn_map_without_redrawing_it(self, lab):
        page = lab.page
        cid = page.js("window.__rgWidgets[0].api.data.nodes.cid")
        beth = cid.index("beth-a")
        page.js("window.__rgWidgets[0].api.marker = 'same map'")  # survives: the map is never rebuilt
        before = page.pixel_near(beth)
        lab.run("w.highlight(['beth-a']); print(1)")
        page.page.wait_for_function("() => window.__rgWidgets[0].api.highlighted !== null", timeout=10_000)
        ring = page.pixel_near(beth, ring=True)
        assert abs(ring - [214, 39, 40]).max() < 40  # the highlight red on the drawn ring
        lab.run("w.select(['beth-a', 'priya-k']); print(1)")
        page.page.wait_for_function("() => window.__rgWidgets[0].api.selected().length === 2", timeout=10_000)
        assert sorted(cid[i] for i in page.js("window.__rgWidgets[0].api.selected()")) == ["beth-a", "priya-k"]
        assert lab.run(SELECTED) == ["beth-a", "priya-k"]
        # colour by organization: the centre pixel takes the new legend colour
        lab.run("w.highlight(None); w.select([]); w.color_by = 'organization'; print(1)")
        page.page.wait_for_function(
            "() => window.__rgWidgets[0].root.querySelector('#rg-legend h2').textContent === 'Colour: organization'",
            timeout=20_000,
        )
        want = lab.run(
            "import json; p = rg.network_map(net, color_by='organization').payload; "
            "i = p.nodes['cid'].index('beth-a'); print(json.dumps(p.legend[int(p.nodes['color'][i])]['color']))"
        )
        after = page.pixel_near(beth)
        rgb = [int(want[k : k + 2], 16) for k in (1, 3, 5)]
        assert abs(after - rgb).max() < 12 and abs(after - before).max() > 20

        def want_of(i):
            return lab.run(
                f"import json; p = rg.network_map(net, color_by='organization').payload; "
                f"print(json.dumps(p.legend[int(p.nodes['color'][{i}])]['color']))"
            )

        # a filter: only dormant people stay (seekers always); the others leave the canvas
        shown = lab.run(
            "w.filter('dormant'); import json; print(json.dumps(sorted(set("
            "rg.contact_metrics(net).query('dormant')['contact']))))"
        )
        page.page.wait_for_function(
            "() => window.__rgWidgets[0].root.querySelector('#rg-filtered').textContent.startsWith('dormant: showing')",
            timeout=10_000,
        )
        gone = next(i for i, c in enumerate(cid) if c not in shown and c != "maya")
        assert page.js("(i) => window.__rgWidgets[0].api.renderer.isVisible(i)", gone) is False
        fill = np.array([int(want_of(gone)[k : k + 2], 16) for k in (1, 3, 5)])
        # the person's colour left the canvas (what is there now: background, an edge or another name's text)
        assert abs(page.pixel_near(gone) - fill).max() > 40
        lab.run("w.filter(None); print(1)")
        page.page.wait_for_function("(i) => window.__rgWidgets[0].api.renderer.isVisible(i)", arg=gone, timeout=10_000)
        # size and the time-lapse date
        dates = page.js("window.__rgWidgets[0].api.data.dates")
        middle = dates[len(dates) // 2]
        lab.run(f"w.size_by = 'meetings'; w.date = '{middle}'; print(1)")
        page.page.wait_for_function("(d) => window.__rgWidgets[0].api.date() === d", arg=middle, timeout=20_000)
        page.page.wait_for_function(
            "() => window.__rgWidgets[0].root.querySelector('#rg-legend').textContent.includes('Size: meetings')",
            timeout=20_000,
        )
        visible = page.js("window.__rgWidgets[0].api.visibleCount()")
        assert 0 < visible < len(cid)
        lab.run("w.date = ''; print(1)")
        page.page.wait_for_function(f"() => window.__rgWidgets[0].api.visibleCount() === {len(cid)}", timeout=10_000)
        # focus: zoomed to the person and their chain, clear of the overlays, side panel open
        priya = cid.index("priya-k")
        lab.run("w.focus('priya-k'); print(1)")
        page.page.wait_for_function("(i) => window.__rgWidgets[0].api.panelFor === i", arg=priya, timeout=10_000)
        page.page.wait_for_timeout(600)
        assert page.clear(priya)
        assert page.js("window.__rgWidgets[0].api.marker") == "same map"
        assert page.errors == [] and page.outside == []


# ---------------------------------------------------------------------------- marimo
MARIMO_APP = """
import marimo

app = marimo.App()


@app.cell
def _():
    import marimo as mo
    import referralgraph as rg
    net = rg.demo()
    w = mo.ui.anywidget(rg.MapWidget(net, height=520))
    w
    return (w,)


@app.cell
def _(w):
    picked = w.value["_picked"]
    ids = w.widget.selected["contact"].tolist() if picked else []
    w.widget.highlight(ids)
    print("SELECTED=" + ",".join(ids))
    ids
    return


if __name__ == "__main__":
    app.run()
"""


def test_marimo_selection_reaches_python_and_python_highlights(chromium, tmp_path):
    pytest.importorskip("marimo")
    (tmp_path / "app.py").write_text(MARIMO_APP, encoding="utf-8")
    port = _free_port()
    log = open(tmp_path / "marimo.log", "wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "marimo",
            "run",
            str(tmp_path / "app.py"),
            "--headless",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-token",
            "--no-sandbox",
            "--no-check",
        ],
        env=_env(tmp_path),
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=tmp_path,
    )
    try:
        _wait_http(f"http://127.0.0.1:{port}/", proc)
        page = Page(chromium, port)
        page.page.goto(f"http://127.0.0.1:{port}/")
        page.page.wait_for_function(
            "() => (window.__rgWidgets || []).length >= 1 &&"
            " window.__rgWidgets[0].root.querySelector('[data-map-ready]') !== null",
            timeout=120_000,
        )
        cid = page.js("window.__rgWidgets[0].api.data.nodes.cid")
        beth = cid.index("beth-a")
        p = page.point(beth)
        page.page.mouse.click(p["x"], p["y"])
        # the second cell ran in Python with the selection and highlighted it back on the page
        page.page.wait_for_function(
            "(i) => { const h = window.__rgWidgets[0].api.highlighted;"
            " return h !== null && h.nodes.length === 1 && h.nodes[0] === i; }",
            arg=beth,
            timeout=30_000,
        )
        assert "beth-a" in page.page.content()
        page.page.close()
        assert page.errors == [] and page.outside == []
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:  # pragma: no cover
            proc.kill()
        log.close()
