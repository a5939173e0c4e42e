"""The interactive map without a browser: data, layout, escaping, CSP, options, limits, pyvis adapter."""

import base64
import hashlib
import html
import json
import re

import numpy as np
import pandas as pd
import pytest

import referralgraph as rg
from referralgraph.exceptions import OverwriteError, SchemaError, SeekerNotFound, SizeLimitError
from referralgraph.drawing.layout import choose_layout, pack_boxes, tree_layout
from referralgraph.drawing.maps._html import json_for_script
from referralgraph.drawing.maps.payload import EDGE_ARRAYS, NODE_ARRAYS, NODE_TEXTS, MapPayload, decode_json

#: each payload sets window.__xss if it ever runs; "href" also trips pyvis's HTML popups
PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    "</script><script>window.__xss=1</script>",
    '" onmouseover="window.__xss=1" x="',
    '<a href="javascript:window.__xss=1">href</a>',
]
TEXT_FIELDS = ["name", "organization", "role", "field", "notes", "tags", "source"]


def hostile_frames():
    """A seeker and one person per payload; every text field, the ids included, carries a payload."""
    k = len(PAYLOADS)
    ids = ["me"] + [f"{p} #{i}" for i, p in enumerate(PAYLOADS)]
    contacts = pd.DataFrame({"id": ids, "is_seeker": ["yes"] + [""] * k})
    for col in TEXT_FIELDS:
        contacts[col] = [f"Me {col}"] + [f"{p} {col}{i}" for i, p in enumerate(PAYLOADS)]
    intros = pd.DataFrame(
        {
            "introducer": ids[1:-1],
            "introduced": ids[2:],
            "date": [f"2026-02-{d:02d}" for d in range(1, k)],
            "status": ["met"] * (k - 1),
        }
    )
    meetings = pd.DataFrame({"contact": [ids[1]], "date": ["2026-01-20"], "thank_you_sent": ["2026-01-21"]})
    return contacts, intros, meetings


def hostile_opportunities(contacts: pd.DataFrame) -> pd.DataFrame:
    """One interview per hostile person: the opportunity, organization, role and notes carry the payloads too."""
    people = contacts["id"].tolist()[1:]
    return pd.DataFrame(
        {
            "opportunity": [f"{p} opp{i}" for i, p in enumerate(PAYLOADS)],
            "contact": people,
            "organization": [f"{p} org{i}" for i, p in enumerate(PAYLOADS)],
            "role": [f"{p} role{i}" for i, p in enumerate(PAYLOADS)],
            "stage": ["interview"] * len(PAYLOADS),
            "date": [f"2026-03-{d:02d}" for d in range(1, len(PAYLOADS) + 1)],
            "notes": PAYLOADS,
        }
    )


def small_net():
    contacts = pd.DataFrame(
        {
            "id": ["maya", "ann", "bo", "cy", "di", "ed"],
            "name": ["Maya Chen", "Ann Lee", "Bo Park", "Cy Diaz", "Di Ng", "Ed Ito"],
            "organization": ["", "Acme", "Beta", "Beta", "Acme", ""],
            "field": ["", "design", "data", "data", "design", ""],
            "first_contact": ["", "2026-01-02", "", "", "", "2026-01-03"],
            "is_seeker": ["yes", "", "", "", "", ""],
        }
    )
    intros = pd.DataFrame(
        {
            "introducer": ["ann", "bo", "bo", "ann"],
            "introduced": ["bo", "cy", "di", "ed"],
            "date": ["2026-01-10", "2026-01-20", "", "2026-01-05"],
            "status": ["met", "suggested", "introduced", "met"],
        }
    )
    meetings = pd.DataFrame(
        {
            "contact": ["ann", "bo", "bo"],
            "date": ["2026-01-04", "2026-01-12", "2026-02-01"],
            "thank_you_sent": ["2026-01-04 20:00", "", "2026-02-02"],
        }
    )
    return rg.from_frames(contacts, intros, meetings)


def cohort_net():
    contacts = pd.DataFrame(
        {
            "id": ["s1", "s2", "a", "b", "c", "hub", "d"],
            "name": ["Sam", "Sue", "Ann", "Bo", "Cy", "Hub", "Di"],
            "is_seeker": ["yes", "yes", "", "", "", "", ""],
            "organization": [None, None, "Acme", "Acme", "Beta", "Gamma", "Beta"],
        }
    )
    intros = pd.DataFrame(
        {
            "introducer": ["s1", "a", "a", "hub", "s2", "hub"],
            "introduced": ["a", "b", "hub", "c", "hub", "d"],
            "date": ["2026-01-05", "2026-01-10", "2026-01-12", "2026-01-20", "2026-02-01", "2026-02-03"],
            "seeker": ["s1", "s1", "s1", "s1", "s2", "s2"],
            "status": ["met", "introduced", "met", "suggested", "met", "introduced"],
        }
    )
    return rg.from_frames(contacts, intros)


def empty_net():
    return rg.from_frames(pd.DataFrame({"name": pd.Series([], dtype=object), "is_seeker": pd.Series([], dtype=object)}))


def page_data(page: str) -> dict:
    """The data block as the page sees it once decoded (typed arrays as numpy, texts as lists)."""
    block = re.search(r'<script type="application/json" id="rg-data">(.*?)</script>', page, re.S).group(1)
    return decode_json(json.loads(block))


def nodes_of(m) -> dict:
    """A map's node columns as plain lists."""
    return {k: (v.tolist() if hasattr(v, "tolist") else list(v)) for k, v in m.payload.nodes.items()}


def tips_of(m) -> dict:
    return {label: t.tolist() for label, t in m.payload.tips.items()}


def edge_titles(payload):
    return payload.edge_titles()


class TestLayout:
    def test_layered_parents_centred_over_children(self):
        parent = np.array([-1, 0, 0, 1, 1, 2])
        gen = np.array([0, 1, 1, 2, 2, 2])
        x, y = tree_layout(parent, gen, np.zeros(6, int), kind="layered")
        assert (y == gen * y[1]).all()
        assert x[1] == pytest.approx(x[3:5].mean()) and x[0] == pytest.approx((x[3] + x[5]) / 2)
        assert len(set(np.round(x[3:]))) == 3  # leaves never overlap

    def test_radial_rings_by_generation(self):
        parent = np.array([-1, 0, 0, 0, 1, 1, 2])
        gen = np.array([0, 1, 1, 1, 2, 2, 2])
        x, y = tree_layout(parent, gen, np.zeros(7, int), kind="radial")
        r = np.hypot(x - x[0], y - y[0])
        assert r[0] == 0 and np.allclose(r[1:4], r[1]) and np.allclose(r[4:], r[4]) and r[4] > r[1]

    def test_trees_do_not_overlap(self):
        parent = np.array([-1, 0, 0, -1, 3, 3])
        gen = np.array([0, 1, 1, 0, 1, 1])
        tree = np.array([0, 0, 0, 1, 1, 1])
        for kind in ("layered", "radial"):
            x, y = tree_layout(parent, gen, tree, kind=kind)
            apart_x = x[:3].max() < x[3:].min()
            apart_y = y[:3].max() < y[3:].min()
            assert apart_x or apart_y

    def test_deterministic_and_empty(self):
        net = rg.synthetic_cohort(n_seekers=2, n_contacts=500, seed=3)
        a = rg.network_map(net).payload.nodes
        b = rg.network_map(net).payload.nodes
        assert (a["x"] == b["x"]).all() and (a["y"] == b["y"]).all()
        assert [v.tolist() for v in tree_layout(np.zeros(0, int), np.zeros(0, int), np.zeros(0, int))] == [[], []]

    def test_pack_boxes_rows(self):
        ox, oy = pack_boxes(np.array([10.0] * 4), np.array([10.0] * 4), gap=0.0)
        assert ox.tolist() == [0, 10, 0, 10] and oy.tolist() == [0, 0, 10, 10]

    def test_pack_boxes_biggest_first(self):
        ox, oy = pack_boxes(np.array([1.0, 5.0, 2.0]), np.array([1.0, 5.0, 2.0]), gap=0.0)
        assert (ox[1], oy[1]) == (0.0, 0.0)  # the biggest tree sits at the top left

    def test_unknown_layout(self):
        with pytest.raises(rg.OptionError, match="layout must be one of 'layered', 'radial'"):
            tree_layout(np.array([-1]), np.array([0]), np.array([0]), kind="spring")

    def test_plots_and_maps_share_the_layout(self):
        parent, gen = np.array([-1, 0, 0, 1, 1, 2]), np.array([0, 1, 1, 2, 2, 2])
        mx, _ = tree_layout(parent, gen, kind="layered", leaf_gap=1.0, level_gap=1.0)
        _, py = tree_layout(parent, gen, orientation="right", pack="stack", leaf_gap=1.0, level_gap=1.0)
        assert np.allclose(mx, -py)  # the same breadth positions, turned a quarter

    def test_auto_layout_by_shape(self):
        chain = np.arange(-1, 99)
        assert choose_layout(chain, np.arange(100)) == "layered"
        star = np.r_[-1, np.zeros(300, int)]
        assert choose_layout(star, np.r_[0, np.ones(300, int)]) == "radial"
        assert rg.network_map(rg.demo()).payload.layout == "layered"

    @pytest.mark.slow
    def test_deep_chain(self):
        n = 100_000  # a 10^5-deep chain: one person per generation
        contacts = pd.DataFrame(
            {
                "id": [f"p{i}" for i in range(n)],
                "name": [f"P {i}" for i in range(n)],
                "is_seeker": ["yes"] + [""] * (n - 1),
            }
        )
        intros = pd.DataFrame(
            {"introducer": contacts["id"][:-1].to_numpy(), "introduced": contacts["id"][1:].to_numpy()}
        )
        m = rg.network_map(rg.from_frames(contacts, intros))
        assert m.n_nodes == n and int(m.payload.nodes["gen"].max()) == n - 1
        assert np.isfinite(m.payload.nodes["y"]).all() and len(np.unique(m.payload.nodes["y"])) > n // 2


class TestNetworkMap:
    def test_every_node_and_edge(self):
        net = small_net()
        m = rg.network_map(net)
        data = {"nodes": nodes_of(m), "edges": {k: v.tolist() for k, v in m.payload.edges.items()}}
        assert sorted(data["nodes"]["cid"]) == sorted(net.ids)
        assert (m.n_nodes, m.n_edges) == (6, 5)
        names = dict(zip(data["nodes"]["cid"], data["nodes"]["name"]))
        pairs = {
            (names_of := data["nodes"]["cid"])[f] + ">" + names_of[t]
            for f, t in zip(data["edges"]["from"], data["edges"]["to"])
        }
        assert pairs == {"maya>ann", "ann>bo", "bo>cy", "bo>di", "ann>ed"}
        assert names["maya"] == "Maya Chen"

    def test_seeker_stands_out_and_sizes_follow_descendants(self):
        data = nodes_of(rg.network_map(small_net()))
        i = data["cid"].index
        assert data["kind"][i("maya")] == 1 and set(data["kind"]) == {0, 1}
        assert data["size"][i("ann")] > data["size"][i("bo")] > data["size"][i("cy")]
        assert data["size"][i("maya")] >= 28

    def test_suggested_is_faded(self):
        m = rg.network_map(small_net())
        data = {"nodes": nodes_of(m), "edges": {k: v.tolist() for k, v in m.payload.edges.items()}}
        i = data["nodes"]["cid"].index
        assert data["nodes"]["faded"][i("cy")] == 1 and data["nodes"]["faded"][i("bo")] == 0
        cid = data["nodes"]["cid"]
        faded = {cid[t] for t, f in zip(data["edges"]["to"], data["edges"]["faded"]) if f}
        assert faded == {"cy"}

    def test_edge_titles_carry_the_date(self):
        titles = rg.network_map(small_net()).payload.edge_titles()
        assert "Ann Lee introduced Bo Park: 2026-01-10 (met)" in titles
        assert "Bo Park introduced Di Ng: date not recorded (introduced)" in titles

    def test_tooltip_columns(self):
        m = rg.network_map(small_net())
        data, tips = {"nodes": nodes_of(m)}, tips_of(m)
        i = data["nodes"]["cid"].index("bo")
        assert {"Role", "Organization", "Generation", "First contact", "Meetings", "Thank-you"} <= set(tips)
        assert tips["Generation"][i] == "2" and tips["Organization"][i] == "Beta"
        assert tips["Meetings"][i] == "2 (last 2026-02-01)" and tips["Thank-you"][i] == "1 of 2 sent"
        assert data["nodes"]["parent"][i] == data["nodes"]["cid"].index("ann")  # "introduced by" comes from here

    @pytest.mark.parametrize("color_by", ["generation", "field", "organization", "origin", "status"])
    def test_color_by_has_a_legend(self, color_by):
        m = rg.network_map(small_net(), color_by=color_by)
        data, legend = {"nodes": nodes_of(m)}, m.payload.legend
        assert legend[0]["label"] == "Seeker"
        assert max(data["nodes"]["color"]) < len(legend)
        assert sum(e["count"] for e in legend) == 6
        labels = {e["label"] for e in legend}
        expected = {
            "generation": {"Direct contacts (1st)", "2nd generation", "3rd generation"},
            "field": {"design", "data"},
            "organization": {"Acme", "Beta", "(not recorded)"},
            "origin": {"Through Ann Lee"},
            "status": {"Met", "Introduced", "Suggested, not met yet"},
        }[color_by]
        assert expected <= labels

    def test_many_categories_become_other(self):
        contacts = pd.DataFrame(
            {
                "name": ["Me"] + [f"P{i}" for i in range(15)],
                "is_seeker": ["yes"] + [""] * 15,
                "organization": [""] + [f"Org {i}" for i in range(15)],
            }
        )
        legend = rg.network_map(rg.from_frames(contacts), color_by="organization").payload.legend
        assert len(legend) == 12 and legend[-1]["label"] == "5 other organizations"

    def test_timeline_orders_people(self):
        m = rg.network_map(small_net())
        data = {"dates": m.payload.dates, "edges": {k: v.tolist() for k, v in m.payload.edges.items()}}
        nodes = nodes_of(m)
        assert data["dates"] == sorted(data["dates"]) and data["dates"][0] == "2026-01-02"
        i = nodes["cid"].index
        assert nodes["t"][i("maya")] == -1
        for k, p in enumerate(nodes["parent"]):
            if p >= 0:
                assert nodes["t"][k] >= nodes["t"][p]  # nobody appears before their introducer
        assert nodes["t"][i("di")] == nodes["t"][i("bo")]  # undated: with the introducer
        for f, t, et in zip(data["edges"]["from"], data["edges"]["to"], data["edges"]["t"]):
            assert et >= max(nodes["t"][f], nodes["t"][t])

    def test_no_timeline(self):
        m = rg.network_map(small_net(), timeline=False)
        assert m.payload.dates == [] and set(nodes_of(m)["t"]) == {-1}

    def test_one_seeker_of_a_cohort(self):
        net = cohort_net()
        m = rg.network_map(net, seeker="s2")
        assert sorted(m.payload.nodes["cid"]) == ["d", "hub", "s2"]
        assert m.title == "Referral network of Sue"

    def test_cohort_draws_shared_people_once(self):
        m = rg.network_map(cohort_net())
        data = {"nodes": nodes_of(m), "edges": {k: v.tolist() for k, v in m.payload.edges.items()}}
        assert sorted(data["nodes"]["cid"]) == sorted(["s1", "s2", "a", "b", "c", "hub", "d"])
        cid = data["nodes"]["cid"]
        into_hub = sorted(cid[f] for f, t in zip(data["edges"]["from"], data["edges"]["to"]) if cid[t] == "hub")
        assert into_hub == ["a", "s2"]

    def test_unknown_seeker(self):
        with pytest.raises(SeekerNotFound, match="'zed' is not in the network; expected one of the seekers 's1', 's2'"):
            rg.network_map(cohort_net(), seeker="zed")

    @pytest.mark.parametrize(
        "kwargs, message",
        [
            (
                {"color_by": "age"},
                r"color_by must be one of 'generation', 'field', 'organization', 'origin', 'status', 'outcome' \(got 'age'\)",
            ),
            ({"size_by": "x"}, r"size_by must be one of .* \(got 'x'\)"),
            ({"layout": "spring"}, r"layout must be one of 'auto', 'layered', 'radial' \(got 'spring'\)"),
            (
                {"aggregate": "city"},
                r"aggregate must be one of 'seeker', 'organization', 'generation-cap' or None \(got 'city'\)",
            ),
            ({"max_nodes": 0}, r"max_nodes must be an integer >= 1 \(got 0\)"),
            ({"max_generation": 0}, r"max_generation must be an integer >= 1 or None \(got 0\)"),
            ({"aggregate": "seeker", "max_generation": 2}, "max_generation applies to maps of people"),
        ],
    )
    def test_bad_options(self, kwargs, message):
        with pytest.raises(rg.OptionError, match=message):
            rg.network_map(small_net(), **kwargs)

    def test_not_a_network(self):
        with pytest.raises(rg.ArgumentTypeError, match=r"net must be a ReferralNetwork, .*\(got DataFrame\)"):
            rg.network_map(pd.DataFrame())

    def test_empty_network(self, tmp_path):
        m = rg.network_map(empty_net())
        assert (m.n_nodes, m.n_edges) == (0, 0)
        page = m.save(tmp_path / "empty.html").read_text(encoding="utf-8")
        assert "Nothing to map yet" in page

    def test_never_changes_the_network(self):
        net = small_net()
        before = (net.contacts.copy(), net.introductions.copy(), net.meetings.copy())
        index_before = {k: getattr(net.index, k).copy() for k in ("parent", "generation", "node", "status")}
        rg.network_map(net, anonymize=True).to_html()
        rg.network_map(net, aggregate="organization").to_pyvis()
        for got, want in zip((net.contacts, net.introductions, net.meetings), before):
            pd.testing.assert_frame_equal(got, want)
        for k, v in index_before.items():
            assert (getattr(net.index, k) == v).all()

    def test_repr(self):
        assert repr(rg.network_map(small_net())) == (
            "<NetworkMap 'Referral network of Maya Chen': 6 nodes, 5 edges, layered layout, time-lapse over 4 dates>"
        )


class TestPage:
    def test_self_contained(self, tmp_path):
        net = small_net()
        path = rg.network_map(net).save(tmp_path / "map.html")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]
        page = path.read_text(encoding="utf-8")
        for needle in (
            'src="http',
            "src='http",
            'href="http',
            "href='http",
            "//cdn",
            "@import",
            "<link",
            "<script src",
        ):
            assert needle not in page.lower(), needle
        assert "RGRenderer" in page and "vis-network" not in page  # the renderer is inlined, not linked
        for contact_id in net.ids:
            assert contact_id in page_data(page)["nodes"]["cid"]
        assert page.startswith("<!DOCTYPE html>")

    def test_csp_hashes_every_inline_script(self):
        page = rg.network_map(small_net()).to_html()
        csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))
        assert csp.startswith("default-src 'none'; script-src 'sha256-")
        assert "style-src 'unsafe-inline'; img-src data:" in csp and "unsafe-eval" not in csp
        scripts = re.findall(r"<script(?: [^>]*)?>(.*?)</script>", page, re.S)
        executable = re.findall(r"<script>(.*?)</script>", page, re.S)
        assert len(scripts) == 3 and len(executable) == 2
        for body in executable:
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            assert f"'sha256-{digest}'" in csp

    def test_user_text_cannot_leave_the_data_block(self):
        contacts, intros, meetings = hostile_frames()
        net = rg.from_frames(contacts, intros, meetings)
        m = rg.network_map(net, title=PAYLOADS[2] + PAYLOADS[4])
        page = m.to_html()
        assert page.lower().count("</script") == 3  # the three elements' own end tags, nothing injected
        assert page.lower().count("<script") == 3
        for payload in PAYLOADS:
            assert payload not in page  # never raw, anywhere
        data = page_data(page)  # and intact once parsed
        assert sorted(data["nodes"]["cid"]) == sorted(net.ids)
        assert all(p in " ".join(data["nodes"]["name"]) for p in PAYLOADS)
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        assert html.unescape(title) == PAYLOADS[2] + PAYLOADS[4] and "<" not in title

    def test_opportunity_text_cannot_leave_the_data_block(self):
        contacts, intros, meetings = hostile_frames()
        net = rg.from_frames(contacts, intros, meetings, hostile_opportunities(contacts))
        page = rg.network_map(net).to_html()
        assert page.lower().count("</script") == 3 and page.lower().count("<script") == 3
        for payload in PAYLOADS:
            assert payload not in page
        data = json.loads(
            re.search(r'<script type="application/json" id="rg-data">(.*?)</script>', page, re.S).group(1)
        )
        opps = data["opportunities"]
        assert len(opps) == len(PAYLOADS)
        for i, p in enumerate(PAYLOADS):  # intact once parsed: the page shows them as text
            assert any(
                o["organization"] == f"{p} org{i}" and o["role"] == f"{p} role{i}" and p in o["text"] for o in opps
            )
        tips = {t["label"]: t["values"] for t in data["tips"]}
        assert all(any(p in v for v in tips["Opportunities"]) for p in PAYLOADS)

    def test_json_escapes(self):
        text = json_for_script({"s": "a</script>&<!--\u2028\u2029"})
        assert not re.search("[<>&\u2028\u2029]", text)
        assert json.loads(text) == {"s": "a</script>&<!--\u2028\u2029"}

    def test_overwrite(self, tmp_path):
        m = rg.network_map(small_net())
        target = tmp_path / "map.html"
        target.write_text("keep me")
        with pytest.raises(OverwriteError, match="already exists"):
            m.save(target)
        assert target.read_text() == "keep me"
        assert m.save(target, overwrite=True) == target and target.stat().st_size > 20_000

    def test_save_needs_a_file_in_an_existing_folder(self, tmp_path):
        m = rg.network_map(small_net())
        with pytest.raises(IsADirectoryError, match="is a folder; expected the path of a file to write"):
            m.save(tmp_path)
        with pytest.raises(FileNotFoundError):
            m.save(tmp_path / "missing" / "map.html")
        assert list(tmp_path.iterdir()) == []

    def test_repr_html_is_a_sandboxed_iframe(self):
        out = rg.network_map(small_net())._repr_html_()
        assert out.startswith('<iframe srcdoc="') and 'sandbox="allow-scripts allow-downloads"' in out
        assert "<script" not in out and "&lt;script" in out
        srcdoc = html.unescape(re.search(r'srcdoc="([^"]*)"', out).group(1))
        assert srcdoc == rg.network_map(small_net()).to_html()


class TestAnonymize:
    def test_no_original_strings(self):
        contacts = pd.DataFrame(
            {
                "id": ["zq-maya", "zq-ann", "zq-bo"],
                "name": ["Mayazel Quorthington", "Annabeth Vexworth", "Bortholomew Ystrad"],
                "email": ["", "annabeth.vexworth@example.org", "bo@ystrad.example"],
                "linkedin": ["", "https://www.linkedin.com/in/annabeth-vexworth", "linkedin.com/in/bo-ystrad"],
                "notes": ["", "call +1 617 555 0199 about the Vexworth grant", "see https://ystrad.example/cv"],
                "tags": ["", "vexworth-circle", ""],
                "organization": ["", "Acme", "Beta"],
                "is_seeker": ["yes", "", ""],
            }
        )
        intros = pd.DataFrame({"introducer": ["zq-ann"], "introduced": ["zq-bo"], "date": ["2026-02-01"]})
        net = rg.from_frames(contacts, intros)
        page = rg.network_map(net, anonymize=True).to_html()
        secrets = (
            list(contacts["id"])
            + list(contacts["name"])
            + [
                "Vexworth",
                "Quorthington",
                "Ystrad",
                "annabeth",
                "example.org",
                "ystrad.example",
                "linkedin.com/in",
                "617 555 0199",
                "vexworth-circle",
            ]
        )
        for secret in secrets:
            assert secret.lower() not in page.lower(), secret
        data = page_data(page)
        assert all(re.fullmatch(r"(seeker|person)-[0-9a-f]{8,}", c) for c in data["nodes"]["cid"])
        # organization is a quasi-identifier: an anonymised map drops it unless asked to keep it
        assert not any("Acme" in t["values"] for t in data["tips"] if t["label"] == "Organization")

    def test_one_seeker_anonymised(self):
        m = rg.network_map(cohort_net(), seeker="s1", anonymize=True)
        data = page_data(m.to_html())
        assert m.n_nodes == 5 and m.title.startswith("Referral network of seeker-")
        assert not {"s1", "a", "b", "c", "hub", "Sam", "Ann", "Bo", "Cy", "Hub"} & set(
            data["nodes"]["cid"] + data["nodes"]["name"]
        )


class TestAggregate:
    def test_seeker(self):
        m = rg.network_map(cohort_net(), aggregate="seeker")
        assert m.payload.nodes["cid"] == ["s1", "s2"] and m.payload.dates == []
        assert m.payload.edge_titles() == ["1 shared contact"]  # hub is in both trees
        assert m.payload.nodes["label_order"].tolist()[:2] in ([0, 1], [1, 0])  # every seeker is labelled first

    def test_organization(self):
        p = rg.network_map(cohort_net(), aggregate="organization").payload
        assert sorted(p.nodes["name"]) == ["Acme", "Beta", "Gamma", "Sam", "Sue"]
        names = p.nodes["name"]
        edges = {
            (names[f], names[t]): title
            for f, t, title in zip(p.edges["from"].tolist(), p.edges["to"].tolist(), p.edge_titles())
        }
        assert edges[("Gamma", "Beta")] == "Gamma → Beta: 2 introductions"
        assert ("Acme", "Acme") not in edges  # inside one organization: counted in the tooltip, not drawn

    def test_generation_cap(self):
        m = rg.network_map(small_net(), max_generation=1)
        nodes = nodes_of(m)
        assert sorted(c for c in nodes["cid"] if c) == ["ann", "maya"]
        assert "+4 more" in nodes["name"]
        assert m.options["aggregate"] == "generation-cap"

    def test_generation_cap_chooses_the_deepest_that_fits(self):
        net = rg.synthetic_cohort(n_contacts=2_000, seed=5)
        gens = np.bincount(net.index.generation)
        m = rg.network_map(net, aggregate="generation-cap", max_nodes=int(gens[:3].sum()) + 400)
        assert 0 < m.n_nodes <= int(gens[:3].sum()) + 400
        assert int(m.payload.nodes["gen"].max()) >= 2

    @pytest.mark.slow
    def test_aggregated_large_cohort_fits_the_limit(self):
        net = rg.synthetic_cohort(n_seekers=20, n_contacts=25_000, seed=2)
        assert rg.network_map(net).n_nodes == 25_020  # the default limit draws a whole cohort
        with pytest.raises(
            SizeLimitError,
            match=r"the map would draw 25,020 nodes; expected at most max_nodes=20,000\. "
            r"To make it feasible pass aggregate='generation-cap' .*aggregate='organization' .*"
            r"aggregate='seeker' \(20 nodes\).*seeker=<id>.*max_nodes=25,020",
        ):
            rg.network_map(net, max_nodes=20_000)
        for how in ("generation-cap", "organization", "seeker"):
            assert rg.network_map(net, aggregate=how, max_nodes=20_000).n_nodes <= 20_000

    def test_default_limit_draws_a_cohort_of_100k(self):
        assert rg.drawing.maps.DEFAULT_MAX_NODES >= 130_000  # the 127,914-node cascade cohort fits

    def test_organization_needs_the_column(self):
        contacts = pd.DataFrame({"name": ["Me", "Ann"], "is_seeker": ["yes", ""], "field": ["", "data"]})
        net = rg.from_frames(contacts)
        with pytest.raises(
            rg.SchemaError,
            match=r"aggregate='organization' needs an 'organization' column in contacts; "
            r"the network's contacts have 'id', .*'field'",
        ):
            rg.network_map(net, aggregate="organization")

    def test_refusal_never_suggests_a_missing_column(self):
        contacts = pd.DataFrame({"name": ["Me", "Ann", "Bo"], "is_seeker": ["yes", "", ""]})
        with pytest.raises(SizeLimitError) as info:
            rg.network_map(rg.from_frames(contacts), max_nodes=2)
        assert "organization" not in str(info.value)

    def test_size_limit_for_aggregates(self):
        with pytest.raises(SizeLimitError, match="the map would draw 2 nodes; expected at most max_nodes=1"):
            rg.network_map(cohort_net(), aggregate="seeker", max_nodes=1)


class TestPyvis:
    def test_adapter(self, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        net = small_net()
        m = rg.network_map(net)
        g = m.to_pyvis()
        assert sorted(g.get_nodes()) == sorted(net.ids) and len(g.get_edges()) == 5
        assert g.options.physics.enabled is False and g.cdn_resources == "in_line"
        node = g.get_node("bo")
        i = m.payload.nodes["cid"].index("bo")
        assert (node["x"], node["y"]) == (
            round(float(m.payload.nodes["x"][i]), 1),
            round(float(m.payload.nodes["y"][i]), 1),
        )
        assert node["physics"] is False and "Organization: Beta" in node["title"]
        assert node["title"] == "\n".join(m.payload.tooltip_lines(i))  # the page's texts, made once
        assert [e["title"] for e in g.get_edges()] == m.payload.edge_titles()
        assert list(tmp_path.iterdir()) == []  # nothing written
        g2 = m.to_pyvis()
        assert g2 is not g and g2.nodes is not g.nodes

    def test_titles_never_switch_pyvis_to_html(self):
        contacts, intros, meetings = hostile_frames()
        g = rg.network_map(rg.from_frames(contacts, intros, meetings)).to_pyvis()
        assert not any("href" in n["title"] for n in g.nodes)
        page = g.generate_html()
        assert "popup.innerHTML" not in page  # pyvis's link template stays off

    def test_aggregated(self):
        g = rg.network_map(cohort_net(), aggregate="organization").to_pyvis()
        assert len(g.get_nodes()) == 5 and len(set(g.get_nodes())) == 5


class TestPayload:
    """The payload contract of docs/maps.md: columns, dtypes, lengths, and the wire format the page reads."""

    @pytest.mark.parametrize(
        "make",
        [
            lambda: rg.network_map(small_net()),
            lambda: rg.network_map(small_net(), max_generation=1),
            lambda: rg.network_map(cohort_net(), aggregate="organization"),
            lambda: rg.network_map(cohort_net(), aggregate="seeker"),
            lambda: rg.network_map(empty_net()),
        ],
    )
    def test_schema(self, make):
        m = make()
        p = m.payload
        assert isinstance(p, MapPayload)
        p.check()
        for name, dtype in NODE_ARRAYS.items():
            assert p.nodes[name].dtype == np.dtype(dtype) and len(p.nodes[name]) == m.n_nodes, name
        for name in NODE_TEXTS:
            assert all(isinstance(v, str) for v in p.nodes[name])
        for name, dtype in EDGE_ARRAYS.items():
            assert p.edges[name].dtype == np.dtype(dtype) and len(p.edges[name]) == m.n_edges, name
        wire = page_data(m.to_html())
        assert wire["schema"] == 1 and wire["binary"]["encoding"] == "deflate"
        for name in NODE_ARRAYS:
            assert np.array_equal(wire["nodes"][name], p.nodes[name]), name
        for name in EDGE_ARRAYS:
            assert np.array_equal(wire["edges"][name], p.edges[name]), name
        for tip in wire["tips"]:
            assert np.asarray(tip["values"], dtype=object)[tip["index"]].tolist() == p.tips[tip["label"]].tolist()

    def test_check_catches_a_wrong_column(self):
        p = rg.network_map(small_net()).payload
        p.nodes["x"] = p.nodes["x"].astype(np.float64)
        with pytest.raises(SchemaError, match="node column 'x'"):
            p.check()

    def test_compact_at_scale(self):
        net = rg.synthetic_cohort(n_seekers=10, n_contacts=10_000, seed=7)
        page = rg.network_map(net).to_html()
        assert len(page) < 1_500_000  # about 100 bytes per person, names and ids included

    def test_label_order_puts_seekers_then_big_branches_first(self):
        m = rg.network_map(small_net())
        order = m.payload.nodes["label_order"].tolist()
        cid = m.payload.nodes["cid"]
        assert [cid[i] for i in order[:3]] == ["maya", "ann", "bo"]

    def test_counts_come_from_contact_metrics(self):
        net = small_net()
        m = rg.network_map(net)
        cm = rg.contact_metrics(net).set_index("contact")
        tips = tips_of(m)
        for i, cid in enumerate(m.payload.nodes["cid"]):
            if cid == "maya":
                continue
            led = int(cm.loc[cid, "descendants"])
            assert tips["Led to"][i] == (
                ""
                if led == 0
                else f"{led} {'person' if led == 1 else 'people'} "
                f"({int(cm.loc[cid, 'direct_introductions'])} introduced directly)"
            )
            meetings = int(cm.loc[cid, "meetings"])
            assert tips["Meetings"][i].split(" ")[0] == (str(meetings) if meetings else "none")


class TestPictures:
    def test_mimebundle_has_a_png_fallback(self):
        bundle = rg.network_map(small_net())._repr_mimebundle_()
        assert set(bundle) == {"text/plain", "text/html", "image/png"}
        assert bundle["image/png"][:8] == b"\x89PNG\r\n\x1a\n"
        assert bundle["text/html"].startswith("<iframe srcdoc=")

    @pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".svg", b"<?xml")])
    def test_save_picture(self, tmp_path, suffix, magic):
        m = rg.network_map(small_net())
        path = m.save(tmp_path / f"map{suffix}")
        assert path.read_bytes()[: len(magic)] == magic
        assert sorted(p.name for p in tmp_path.iterdir()) == [f"map{suffix}"]
        if suffix == ".svg":
            text = path.read_text()
            assert "Maya Chen" in text  # the seeker is labelled
        with pytest.raises(rg.OverwriteError):
            m.save(path)

    def test_picture_of_an_empty_map(self):
        assert rg.network_map(empty_net()).to_png()[:4] == b"\x89PNG"

    def test_picture_escapes_nothing_it_should_not(self, tmp_path):
        contacts, intros, meetings = hostile_frames()
        path = rg.network_map(rg.from_frames(contacts, intros, meetings)).save(tmp_path / "x.svg")
        assert "<script" not in path.read_text().lower()


class TestNextSteps:
    def test_each_person_gets_their_first_action(self):
        net = rg.demo()
        m = rg.network_map(net)
        todo = rg.next_actions(net).dropna(subset=["contact"]).drop_duplicates("contact").set_index("contact")
        steps = dict(zip(m.payload.nodes["cid"], m.payload.tips["Next step"].tolist()))
        assert todo.index.isin(list(steps)).all() and len(todo) > 10
        for contact, row in todo.iterrows():
            assert steps[contact] == row["action"]
        assert steps["maya"] == ""  # the seeker has no action about herself

    def test_large_maps_skip_them(self):
        net = rg.synthetic_cohort(n_seekers=1, n_contacts=600, seed=9)
        assert "Next step" not in rg.network_map(net).payload.to_json()["tips"][-1]["label"]


class TestDeepForests:
    def test_sparse_solve_and_per_generation_passes_agree(self, monkeypatch):
        from referralgraph.drawing import layout

        rng = np.random.default_rng(0)
        n = 2_000
        parent = np.concatenate([[-1], rng.integers(np.maximum(0, np.arange(1, n) - 3), np.arange(1, n))])
        gen = np.zeros(n, dtype=np.int64)
        for i in range(1, n):  # test set-up only
            gen[i] = gen[parent[i]] + 1
        assert gen.max() > layout.DEEP
        deep = layout.tree_layout(parent, gen)
        monkeypatch.setattr(layout, "DEEP", 10**9)
        shallow = layout.tree_layout(parent, gen)
        assert np.allclose(deep[0], shallow[0]) and np.allclose(deep[1], shallow[1])

    def test_dates_never_before_the_introducer(self):
        from referralgraph.drawing.maps._encoding import _path_max

        parent = np.array([-1, 0, 1, 1, 3, -1, 5])
        day = np.array([3, 1, 9, 2, 1, 0, 4])
        assert _path_max(day, parent).tolist() == [3, 3, 9, 3, 3, 0, 4]
