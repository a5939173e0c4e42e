"""The map in headless Chromium: loads offline under its CSP, search, highlight, side panel, collapse,
time-lapse, PNG export, labels that never overlap, no XSS, zero requests.

Uses Debian's ``/usr/bin/chromium`` through playwright (never ``playwright install``).
Without that browser the tests are skipped locally and fail in CI (``CI`` set).
"""

import base64
import os
import struct
import zlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import referralgraph as rg

from .test_map import PAYLOADS, cohort_net, hostile_frames, hostile_opportunities, small_net

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
#: Chromium's software GL reports its own performance notes as console warnings; they are not the page's
DRIVER_NOTE = "GL Driver Message"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


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
        self.page = browser.new_page(viewport={"width": 1280, "height": 800}, accept_downloads=True)
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
        self.page.wait_for_function("() => window.__mapReady === true", timeout=60_000)

    def js(self, expression, arg=None):
        return self.page.evaluate(expression, arg)

    def node_point(self, node):
        """Where node ``node`` is on screen (CSS pixels)."""
        return self.js("(i) => window.__map.nodePoint(i)", node)

    def problems(self):
        bad = [c for c in self.console if c[0] in ("error", "warning") and DRIVER_NOTE not in c[1]]
        return (
            bad
            + [("pageerror", e) for e in self.errors]
            + [("request", u) for u in self.requests if u != self.path.as_uri()]
        )

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


def overlapping(boxes):
    """Pairs of label boxes that overlap (should be none)."""
    out = []
    for a in range(len(boxes)):
        for b in range(a + 1, len(boxes)):
            p, q = boxes[a]["box"], boxes[b]["box"]
            if p[0] < q[2] and p[2] > q[0] and p[1] < q[3] and p[3] > q[1]:
                out.append((boxes[a]["node"], boxes[b]["node"]))
    return out


def png_pixels(data_url: str):
    """Width, height and whether the PNG has non-white pixels (a tiny PNG reader: zlib + filter bytes ignored)."""
    raw = base64.b64decode(data_url.split(",", 1)[1])
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", raw[16:24])
    pos, idat = 8, b""
    while pos < len(raw):
        length = struct.unpack(">I", raw[pos : pos + 4])[0]
        kind = raw[pos + 4 : pos + 8]
        if kind == b"IDAT":
            idat += raw[pos + 8 : pos + 8 + length]
        pos += 12 + length
    pixels = zlib.decompress(idat)
    return width, height, pixels.count(b"\xff") < len(pixels) * 0.97


def not_covered(page, node) -> bool:
    """Whether node ``node`` is inside the window and the element on top of it is the map's canvas."""
    p = page.node_point(node)
    return page.js(
        "([x, y]) => { const e = document.elementFromPoint(x, y); return !!e && e.tagName === 'CANVAS'"
        " && x > 0 && y > 0 && x < innerWidth && y < innerHeight; }",
        [p["x"], p["y"]],
    )


class TestMapInBrowser:
    def test_overlays_hide_no_one(self, open_map, browser):
        """Header, legend and time-lapse leave every person of the demo visible, also at 1400x900."""
        m = rg.network_map(rg.demo())
        page = open_map(m)
        for size in ({"width": 1280, "height": 800}, {"width": 1400, "height": 900}):
            page.page.set_viewport_size(size)
            page.js("window.__map.renderer.fit()")
            page.page.wait_for_timeout(150)
            hidden = [i for i in range(m.n_nodes) if not not_covered(page, i)]
            assert hidden == [], (size, [m.payload.nodes["name"][i] for i in hidden])
        seeker = m.payload.nodes["kind"].tolist().index(1)
        assert seeker in page.js("window.__map.labels()")
        assert page.problems() == []

    def test_loads_offline_without_errors(self, open_map):
        m = rg.network_map(small_net())
        page = open_map(m)
        assert page.problems() == []
        assert page.js("window.__map.edgeTitles()") == m.payload.edge_titles()
        assert page.requests == [page.path.as_uri()]
        assert page.js("window.__map.renderer.n") == 6 and page.js("window.__map.renderer.m") == 5
        assert page.js("document.getElementById('rg-legend').textContent").startswith("Colour: generation")
        size = page.js(
            "(() => { const r = document.getElementById('rg-map').getBoundingClientRect();"
            " return [r.width, r.height]; })()"
        )
        assert size == [1280, 800]  # the map fills the window
        assert page.js("document.querySelector('#rg-map canvas').getContext('webgl2') !== null")

    def test_tooltip_shows_the_python_lines(self, open_map):
        m = rg.network_map(small_net())
        page = open_map(m)
        bo = m.payload.nodes["cid"].index("bo")
        point = page.node_point(bo)
        page.page.mouse.move(point["x"], point["y"], steps=3)
        page.page.wait_for_function("(i) => window.__map.tooltipFor === i", arg=bo, timeout=5_000)
        shown = page.js("[...document.querySelectorAll('#rg-tooltip dt, #rg-tooltip dd')].map(e => e.textContent)")
        lines = m.payload.tooltip_lines(bo)[1:]
        assert [f"{a}: {b}" if a else b for a, b in zip(shown[::2], shown[1::2])] == lines

    def test_search_finds_and_focuses(self, open_map):
        page = open_map(rg.network_map(small_net()))
        bo = page.js("window.__map.data.nodes.cid.indexOf('bo')")
        page.page.fill("#rg-search-input", "bO pArK")
        page.page.press("#rg-search-input", "Enter")
        assert page.js("window.__map.highlighted.node") == bo
        assert page.js("window.__map.tooltipFor") is None  # no tooltip over the chain just found
        page.page.wait_for_timeout(600)  # the zoom animation
        for i in page.js("window.__map.highlighted.path"):  # the chain is on screen, under no overlay
            assert not_covered(page, i), i
        assert page.js("window.__map.renderer.scale()") <= 1.6 + 1e-6  # a readable extent, not a wall of red
        assert page.js("window.__map.search('ED')") == page.js("window.__map.data.nodes.cid.indexOf('ed')")  # by id
        page.page.fill("#rg-search-input", "nobody here")
        page.page.click("#rg-search-button")
        assert (
            page.js("document.getElementById('rg-message').textContent")
            == "No one on this map matches \u201cnobody here\u201d."
        )
        assert page.problems() == []

    def test_click_highlights_path_and_opens_the_panel(self, open_map):
        m = rg.network_map(small_net())
        page = open_map(m)
        cid = page.js("window.__map.data.nodes.cid")
        bo = cid.index("bo")
        point = page.node_point(bo)
        page.page.mouse.click(point["x"], point["y"])
        got = page.js("window.__map.highlighted")
        assert [cid[i] for i in got["path"]] == ["maya", "ann", "bo"]
        assert sorted(cid[i] for i in got["nodes"]) == ["ann", "bo", "cy", "di", "maya"]
        assert len(got["edges"]) == 4
        assert (
            page.js("document.getElementById('rg-selection').textContent")
            == "Maya Chen \u2192 Ann Lee \u2192 Bo Park \u00b7 led to 2 people"
        )
        # the side panel: chain, what they led to, details
        assert page.js("document.getElementById('rg-panel').hidden") is False
        assert page.js("document.getElementById('rg-panel-name').textContent") == "Bo Park"
        assert page.js("[...document.querySelectorAll('#rg-panel-chain li')].map(e => e.textContent)") == [
            "Maya Chen",
            "Ann Lee",
            "Bo Park",
        ]
        assert page.js("document.getElementById('rg-panel-led').textContent") == "2 people (2 introduced directly)"
        details = page.js("document.getElementById('rg-panel-details').textContent")
        assert "Meetings2 (last 2026-02-01)" in details and "Introduced byAnn Lee" in details
        step = m.payload.tips["Next step"][bo] if "Next step" in m.payload.tips else ""
        assert page.js("document.getElementById('rg-panel-next').textContent") == (
            step or "Nothing due for this person."
        )
        page.page.click("#rg-panel-chain li:first-child button")  # walk up the chain
        assert page.js("window.__map.panelFor") == cid.index("maya")
        page.page.keyboard.press("Escape")
        assert page.js("window.__map.highlighted") is None and page.js("window.__map.panelFor") is None
        assert page.problems() == []

    def test_collapse_and_expand_a_branch(self, open_map):
        page = open_map(rg.network_map(small_net(), timeline=False))
        ann = page.js("window.__map.data.nodes.cid.indexOf('ann')")
        page.js("(i) => window.__map.select(i, false)", ann)
        assert page.js("document.getElementById('rg-collapse').textContent") == "Collapse branch"
        page.page.click("#rg-collapse")
        assert page.js("window.__map.hiddenCount()") == 4  # bo, cy, di, ed
        assert page.js("window.__map.isCollapsed(arguments[0])".replace("arguments[0]", str(ann)))
        assert page.js("document.getElementById('rg-collapse').textContent") == "Expand branch (4)"
        bo = page.js("window.__map.data.nodes.cid.indexOf('bo')")
        assert page.js("(i) => window.__map.renderer.isVisible(i)", bo) is False
        point = page.node_point(bo)  # a hidden person cannot be clicked
        page.page.mouse.click(point["x"], point["y"])
        assert page.js("window.__map.panelFor") != bo
        page.js("(i) => window.__map.select(i, false)", ann)
        page.page.click("#rg-collapse")
        assert page.js("window.__map.hiddenCount()") == 0
        page.js("(i) => window.__map.collapse(i)", ann)
        assert page.js("window.__map.search('Cy Diaz')") is not None  # searching opens the branch again
        assert page.js("window.__map.hiddenCount()") == 0
        assert page.problems() == []

    def test_timelapse_changes_what_is_visible(self, open_map):
        page = open_map(rg.network_map(small_net()))
        dates = page.js("window.__map.data.dates")
        assert page.js("window.__map.visibleCount()") == 6 and page.js("window.__map.hiddenCount()") == 0
        page.page.fill("#rg-slider", "-1")  # drag to the start: only the seeker
        assert page.js("window.__map.visibleCount()") == 1 and page.js("window.__map.hiddenCount()") == 5
        assert page.js("document.getElementById('rg-date').textContent") == "start"
        assert page.js("document.getElementById('rg-count').textContent") == "1 person by this date"
        page.page.fill("#rg-slider", str(dates.index("2026-01-10")))
        assert page.js("window.__map.hiddenCount()") == 1  # cy (01-20); di is undated, so it comes with bo
        assert page.js("document.getElementById('rg-date').textContent") == "2026-01-10"
        page.page.click("#rg-play")  # from here to the end
        page.page.wait_for_function("() => window.__map.hiddenCount() === 0 && !window.__map.playing()", timeout=10_000)
        assert page.problems() == []

    def test_labels_never_overlap_and_grow_with_zoom(self, open_map):
        page = open_map(rg.network_map(rg.demo()))
        boxes = page.js("window.__map.renderer.labelBoxes()")
        assert len(boxes) >= 10 and overlapping(boxes) == []
        seeker = page.js("window.__map.data.nodes.kind.indexOf(1)")
        assert seeker in [b["node"] for b in boxes]  # the seeker is always labelled
        page.js("window.__map.renderer.setScale(window.__map.renderer.scale() * 3)")
        page.page.wait_for_timeout(200)
        zoomed = page.js("window.__map.renderer.labelBoxes()")
        assert overlapping(zoomed) == []
        assert page.problems() == []

    def test_png_export(self, open_map):
        page = open_map(rg.network_map(small_net()))
        width, height, drawn = png_pixels(page.js("window.__map.exportPNG()"))
        assert (width, height) == (1280, 800) and drawn
        with page.page.expect_download() as info:
            page.page.click("#rg-export")
        assert info.value.suggested_filename == "Referral-network-of-Maya-Chen.png"
        assert page.problems() == []

    def test_xss_payloads_in_every_field_stay_text(self, open_map):
        contacts, intros, meetings = hostile_frames()
        net = rg.from_frames(contacts, intros, meetings, hostile_opportunities(contacts))
        m = rg.network_map(net, title=" ".join(PAYLOADS))
        page = open_map(m)
        opened = []
        n = page.js("window.__map.renderer.n")
        for i in range(n):  # hover, then click, every person: tooltip and side panel
            point = page.node_point(i)
            page.page.mouse.move(point["x"], point["y"], steps=4)
            page.page.wait_for_function("(i) => window.__map.tooltipFor === i", arg=i, timeout=5_000)
            tip = page.js("document.getElementById('rg-tooltip').textContent")
            assert page.js("(i) => window.__map.data.nodes.name[i]", i) in tip
            page.page.mouse.click(point["x"], point["y"])
            assert page.js("document.getElementById('rg-panel-name').textContent") == m.payload.nodes["name"][i]
            opened.append(page.js("document.getElementById('rg-panel-opps').textContent"))
            for b in page.page.query_selector_all("#rg-panel-opps button"):  # each opportunity's path
                b.click()
        for i, p in enumerate(PAYLOADS):  # the opportunities of the side panel, as text
            assert any(f"{p} org{i}, {p} role{i}" in text for text in opened)
        for mode in ("any", "interview", ""):  # the paths toggle
            page.page.select_option("#rg-paths", mode)
        for payload in PAYLOADS:
            page.js("(q) => window.__map.search(q)", payload)
        page.page.keyboard.press("Escape")  # close the panel, then let the last focus animation end
        page.page.wait_for_timeout(600)
        mids = []
        for j, (f, t) in enumerate(zip(m.payload.edges["from"].tolist(), m.payload.edges["to"].tolist())):
            a, b = page.node_point(f), page.node_point(t)
            mids.append((abs((a["x"] + b["x"]) / 2 - 640) + abs((a["y"] + b["y"]) / 2 - 400), j, a, b))
        _, j, a, b = min(mids)  # the edge nearest the centre: clear of the header and the legend
        page.page.mouse.move((a["x"] + b["x"]) / 2, (a["y"] + b["y"]) / 2, steps=4)  # the edge's tooltip
        page.page.wait_for_function("(j) => window.__map.edgeTooltipFor === j", arg=j, timeout=5_000)
        assert page.js("document.getElementById('rg-tooltip').textContent") == m.payload.edge_titles()[j]
        page.js("window.__map.exportPNG()")
        assert page.js("typeof window.__xss") == "undefined"
        assert page.js("document.querySelectorAll('img, a, iframe').length") == 0  # no element was injected
        assert page.js("document.title") == " ".join(PAYLOADS)
        assert page.js("document.getElementById('rg-title').textContent") == " ".join(PAYLOADS)
        assert page.problems() == []  # a blocked injection would log a CSP violation here

    def test_paths_to_opportunities_and_the_panel(self, open_map):
        """The toggle highlights seeker -> ... -> contact of each opportunity; the panel lists them per person."""
        m = rg.network_map(rg.demo())
        page = open_map(m)
        names = m.payload.nodes["name"]
        at = {c: i for i, c in enumerate(m.payload.nodes["cid"])}
        assert page.js("document.getElementById('rg-paths-box').hidden") is False
        page.page.select_option("#rg-paths", "interview")
        lit = page.js("window.__map.highlighted.nodes")
        kitewell = ["maya", "priya-k", "marcus-o", "elena-r", "jamal-h", "nina-s", "grace-l", "omar-f"]
        interviews = [o for o in m.payload.opportunities if o["rank"] >= 3]
        assert sorted(lit) == sorted({x for o in interviews for x in o["chain"]})
        assert {at[c] for c in kitewell} <= set(lit) and at["carlos-d"] not in lit  # Trellis only applied
        edges = page.js("window.__map.highlighted.edges")
        assert len(edges) == len(lit) - 1  # one tree: every highlighted person but the seeker by their edge
        page.page.select_option("#rg-paths", "any")
        assert at["carlos-d"] in page.js("window.__map.highlighted.nodes")
        page.page.select_option("#rg-paths", "")
        assert page.js("window.__map.highlighted") is None
        page.js("(i) => window.__map.openPanel(i)", at["elena-r"])
        items = page.js("[...document.querySelectorAll('#rg-panel-opps li')].map(li => li.textContent)")
        assert len(items) == 1 and items[0].startswith("Interview, Kitewell, Associate UX Researcher (2026-09-18)")
        assert "Priya Kapoor \u2192 Marcus Okoye \u2192 Elena Rossi" in items[0]
        page.page.click("#rg-panel-opps button")
        assert sorted(page.js("window.__map.highlighted.nodes")) == sorted(at[c] for c in kitewell)
        page.js("(i) => window.__map.openPanel(i)", at["beth-a"])
        assert page.js("document.getElementById('rg-panel-opps').hidden") is True
        point = page.node_point(at["omar-f"])
        page.page.keyboard.press("Escape")
        page.page.mouse.move(point["x"], point["y"], steps=4)
        page.page.wait_for_function("(i) => window.__map.tooltipFor === i", arg=at["omar-f"], timeout=5_000)
        assert "Interview, Kitewell, Associate UX Researcher" in page.js(
            "document.getElementById('rg-tooltip').textContent"
        )
        assert names[at["omar-f"]] == "Omar Farah" and page.problems() == []

    def test_collapsed_map_edge_titles(self, open_map):
        m = rg.network_map(small_net(), max_generation=1)
        page = open_map(m)
        titles = page.js("window.__map.edgeTitles()")
        assert titles == m.payload.edge_titles() and "4 more people beyond generation 1" in titles[-1]
        assert page.problems() == []

    def test_aggregate_map(self, open_map):
        page = open_map(rg.network_map(cohort_net(), aggregate="organization"))
        assert sorted(page.js("window.__map.data.nodes.name")) == ["Acme", "Beta", "Gamma", "Sam", "Sue"]
        labels = page.js("window.__map.labels().map(i => window.__map.data.nodes.name[i])")
        assert {"Sam", "Sue"} <= set(labels)  # seekers of an aggregated map are labelled
        assert page.problems() == []

    def test_large_generated_map(self, open_map):
        net = rg.synthetic_cohort(n_seekers=2, n_contacts=4_000, seed=4)
        page = open_map(rg.network_map(net))
        assert page.js("window.__map.renderer.n") == 4_002
        first = page.js("window.__map.data.dates.length")
        assert page.js(f"window.__map.setTime({first // 2})") < 4_002
        assert overlapping(page.js("window.__map.renderer.labelBoxes()")) == []
        assert page.problems() == []

    def test_play_replays_a_large_map_quickly(self, open_map):
        net = rg.synthetic_cohort(n_seekers=5, n_contacts=20_000, seed=6)
        page = open_map(rg.network_map(net))
        page.js("window.__map.setTime(-1); window.__map.play()")
        page.page.wait_for_function("() => !window.__map.playing()", timeout=20_000)  # the whole range within 20 s
        assert page.js("window.__map.visibleCount()") == 20_005
        assert page.problems() == []

    def test_seeker_cohort_draws_shared_links_on_demand(self, open_map):
        net = rg.synthetic_cohort(n_seekers=40, n_contacts=2_000, shared_fraction=0.1, seed=3)
        m = rg.network_map(net, aggregate="seeker")
        assert m.payload.edges_on_demand
        page = open_map(m)
        flags = page.js("Array.from(window.__map.renderer.edgeFlags())")
        assert all(f & 1 for f in flags)  # no hairball: no link drawn before a seeker is chosen
        star = int(np.bincount(m.payload.edges["from"], minlength=m.n_nodes).argmax())
        page.js("(i) => window.__map.select(i, false)", star)
        flags = page.js("Array.from(window.__map.renderer.edgeFlags())")
        mine = (m.payload.edges["from"] == star) | (m.payload.edges["to"] == star)
        assert [not (f & 1) for f in flags] == mine.tolist()
        assert "seekers' networks" in page.js("document.getElementById('rg-subtitle').textContent")
        assert page.problems() == []

    def test_counts_name_the_unit_drawn(self, open_map):
        page = open_map(rg.network_map(cohort_net(), aggregate="organization"))
        assert page.js("document.getElementById('rg-count').textContent").endswith(" organizations by this date")
        assert page.problems() == []

    def test_empty_map(self, open_map):
        contacts = pd.DataFrame({"name": pd.Series([], dtype=object), "is_seeker": pd.Series([], dtype=object)})
        page = open_map(rg.network_map(rg.from_frames(contacts)))
        assert page.js("window.__map.renderer.n") == 0
        assert page.problems() == []
