"""The map in headless Chromium: loads offline under its CSP, search, highlight, time-lapse, no XSS.

Uses Debian's ``/usr/bin/chromium`` through playwright (never ``playwright install``).
Without that browser the tests are skipped locally and fail in CI (``CI`` set).
"""

import os
from pathlib import Path

import pandas as pd
import pytest

import referralgraph as rg

from referralgraph.drawing.maps._data import edge_titles

from .test_map import PAYLOADS, cohort_net, hostile_frames, small_net

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); browser tests need it")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


class Loaded:
    """A map opened from file:// with every request recorded and anything but the file aborted."""

    def __init__(self, browser, path: Path):
        self.path = path
        self.page = browser.new_page(viewport={"width": 1280, "height": 800})
        self.console, self.errors, self.requests = [], [], []
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.errors.append(f"dialog: {d.message}"), d.dismiss()))

        def route(r):
            self.requests.append(r.request.url)
            if r.request.url == path.as_uri():
                r.continue_()
            else:
                r.abort()

        self.page.route("**/*", route)
        self.page.goto(path.as_uri())
        self.page.wait_for_function("() => window.__mapReady === true", timeout=30_000)

    def js(self, expression, arg=None):
        return self.page.evaluate(expression, arg)

    def node_point(self, node):
        """Where node ``node`` is on screen (CSS pixels)."""
        return self.js("(i) => { const m = window.__map; const p = m.network.getPositions([i])[i];"
                       " return m.network.canvasToDOM(p); }", node)

    def problems(self):
        bad = [c for c in self.console if c[0] in ("error", "warning")]
        return bad + [("pageerror", e) for e in self.errors] + [
            ("request", u) for u in self.requests if u != self.path.as_uri()]

    def close(self):
        self.page.close()


@pytest.fixture
def open_map(browser, tmp_path):
    opened = []

    def _open(m, name="map.html"):
        loaded = Loaded(browser, m.save(tmp_path / name))
        opened.append(loaded)
        return loaded

    yield _open
    for loaded in opened:
        loaded.close()


class TestMapInBrowser:
    def test_loads_offline_without_errors(self, open_map):
        m = rg.network_map(small_net())
        page = open_map(m)
        assert page.problems() == []
        assert page.js("window.__map.edges.get().map(e => e.title)") == edge_titles(m._payload)
        assert page.requests == [page.path.as_uri()]
        assert page.js("window.__map.nodes.length") == 6 and page.js("window.__map.edges.length") == 5
        assert page.js("document.getElementById('rg-legend').textContent").startswith("Colour: generation")
        size = page.js("(() => { const r = document.getElementById('rg-map').getBoundingClientRect();"
                       " return [r.width, r.height]; })()")
        assert size == [1280, 800]  # the map fills the window

    def test_search_finds_and_focuses(self, open_map):
        page = open_map(rg.network_map(small_net()))
        bo = page.js("window.__map.data.nodes.cid.indexOf('bo')")
        page.page.fill("#rg-search-input", "bO pArK")
        page.page.press("#rg-search-input", "Enter")
        assert page.js("window.__map.highlighted.node") == bo
        assert page.js("window.__map.tooltipFor") == bo
        page.page.wait_for_function(  # focused: moved to the centre (after a short animation)
            "(i) => { const m = window.__map, p = m.network.canvasToDOM(m.network.getPositions([i])[i]);"
            " return Math.abs(p.x - 640) < 2 && Math.abs(p.y - 400) < 2; }", arg=bo, timeout=5_000)
        assert page.js("window.__map.search('ED')") == page.js("window.__map.data.nodes.cid.indexOf('ed')")  # by id
        page.page.fill("#rg-search-input", "nobody here")
        page.page.click("#rg-search-button")
        assert page.js("document.getElementById('rg-message').textContent") == \
            "No one on this map matches \u201cnobody here\u201d."
        assert page.problems() == []

    def test_click_highlights_path_and_descendants(self, open_map):
        page = open_map(rg.network_map(small_net()))
        cid = page.js("window.__map.data.nodes.cid")
        bo = cid.index("bo")
        point = page.node_point(bo)
        page.page.mouse.click(point["x"], point["y"])
        got = page.js("window.__map.highlighted")
        assert [cid[i] for i in got["path"]] == ["maya", "ann", "bo"]
        assert sorted(cid[i] for i in got["nodes"]) == ["ann", "bo", "cy", "di", "maya"]
        assert len(got["edges"]) == 4
        assert page.js("document.getElementById('rg-selection').textContent") == \
            "Maya Chen \u2192 Ann Lee \u2192 Bo Park \u00b7 led to 2 people"
        page.page.keyboard.press("Escape")
        assert page.js("window.__map.highlighted") is None
        assert page.problems() == []

    def test_timelapse_changes_what_is_visible(self, open_map):
        page = open_map(rg.network_map(small_net()))
        dates = page.js("window.__map.data.dates")
        assert page.js("window.__map.visibleCount()") == 6 and page.js("window.__map.hiddenCount()") == 0
        page.page.fill("#rg-slider", "-1")  # drag to the start: only the seeker
        assert page.js("window.__map.visibleCount()") == 1 and page.js("window.__map.hiddenCount()") == 5
        assert page.js("document.getElementById('rg-date').textContent") == "start"
        page.page.fill("#rg-slider", str(dates.index("2026-01-10")))
        assert page.js("window.__map.hiddenCount()") == 1  # cy (01-20); di is undated, so it comes with bo
        assert page.js("document.getElementById('rg-date').textContent") == "2026-01-10"
        assert page.js("window.__map.edges.get({filter: e => !e.hidden}).length") == 4
        page.page.click("#rg-play")  # from here to the end
        page.page.wait_for_function("() => window.__map.hiddenCount() === 0", timeout=10_000)
        assert page.problems() == []

    def test_xss_payloads_in_every_field_stay_text(self, open_map):
        contacts, intros, meetings = hostile_frames()
        net = rg.from_frames(contacts, intros, meetings)
        page = open_map(rg.network_map(net, title=" ".join(PAYLOADS)))
        n = page.js("window.__map.nodes.length")
        for i in range(n):  # hover, then click, every person
            point = page.node_point(i)
            page.page.mouse.move(point["x"], point["y"], steps=4)
            page.page.wait_for_function("(i) => window.__map.tooltipFor === i", arg=i, timeout=5_000)
            tip = page.js("document.getElementById('rg-tooltip').textContent")
            assert page.js("(i) => window.__map.data.nodes.name[i]", i) in tip
            page.page.mouse.click(point["x"], point["y"])
        for payload in PAYLOADS:
            page.js("(q) => window.__map.search(q)", payload)
        edge = page.js("window.__map.edges.get(0)")
        a, b = page.node_point(edge["from"]), page.node_point(edge["to"])
        page.page.mouse.move((a["x"] + b["x"]) / 2, (a["y"] + b["y"]) / 2, steps=4)  # the edge's own (vis) tooltip
        page.page.wait_for_timeout(400)
        assert page.js("typeof window.__xss") == "undefined"
        assert page.js("document.querySelectorAll('img, a, iframe').length") == 0  # no element was injected
        assert page.js("document.title") == " ".join(PAYLOADS)
        assert page.js("document.getElementById('rg-title').textContent") == " ".join(PAYLOADS)
        assert page.problems() == []  # a blocked injection would log a CSP violation here

    def test_collapsed_map_edge_titles(self, open_map):
        m = rg.network_map(small_net(), max_generation=1)
        page = open_map(m)
        titles = page.js("window.__map.edges.get().map(e => e.title)")
        assert titles == edge_titles(m._payload) and "4 more people beyond generation 1" in titles[-1]
        assert page.problems() == []

    def test_aggregate_map(self, open_map):
        page = open_map(rg.network_map(cohort_net(), aggregate="organization"))
        assert sorted(page.js("window.__map.data.nodes.name")) == ["Acme", "Beta", "Gamma", "Sam", "Sue"]
        assert page.problems() == []

    def test_large_generated_map(self, open_map):
        net = rg.synthetic_cohort(n_seekers=2, n_contacts=4_000, seed=4)
        page = open_map(rg.network_map(net))
        assert page.js("window.__map.nodes.length") == 4_002
        first = page.js("window.__map.data.dates.length")
        assert page.js(f"window.__map.setTime({first // 2})") < 4_002
        assert page.problems() == []

    def test_empty_map(self, open_map):
        contacts = pd.DataFrame({"name": pd.Series([], dtype=object), "is_seeker": pd.Series([], dtype=object)})
        page = open_map(rg.network_map(rg.from_frames(contacts)))
        assert page.js("window.__map.nodes.length") == 0
        assert page.problems() == []
