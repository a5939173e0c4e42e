"""Cohort pictures a coach can read: the deep-generation colour, the seeker aggregate, units, picture labels."""

import numpy as np
import pandas as pd
import pytest

import referralgraph as rg
from referralgraph.drawing.palette import DEEP_COLOR, PALETTE, SEEKER_COLOR, generation_color

#: Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB
CVD = {
    "normal": np.eye(3),
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]
    ),
}


def _linear(hex_color: str) -> np.ndarray:
    c = np.array([int(hex_color[k : k + 2], 16) for k in (1, 3, 5)]) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def distance(a: str, b: str, vision: str) -> float:
    """CIELAB distance (Delta E 1976) between two colours as seen with ``vision``."""
    sim = CVD[vision]
    return float(np.linalg.norm(_lab(np.clip(sim @ _linear(a), 0, 1)) - _lab(np.clip(sim @ _linear(b), 0, 1))))


def deep_net(depth: int = 13):
    """One seeker, a chain ``depth`` generations deep, with a direct contact beside it."""
    ids = ["me"] + [f"p{g}" for g in range(1, depth + 1)] + ["side"]
    contacts = pd.DataFrame(
        {
            "id": ids,
            "name": ids,
            "is_seeker": ["yes"] + [""] * (depth + 1),
            "organization": ["Home"] + [f"Org {g % 12}" for g in range(depth + 1)],
        }
    )
    intros = pd.DataFrame({"introducer": ids[1:depth], "introduced": ids[2 : depth + 1]})
    return rg.from_frames(contacts, intros)


class TestDeepColours:
    @pytest.mark.parametrize("vision", list(CVD))
    def test_tenth_and_later_is_unmistakable_from_direct_contacts(self, vision):
        assert distance(generation_color(10), generation_color(1), vision) >= 25
        assert distance(generation_color(25), generation_color(1), vision) >= 25
        for g in range(2, 10):  # and apart from every other generation
            assert distance(generation_color(10), generation_color(g), vision) >= 15, g

    def test_the_old_light_blue_would_fail(self):
        """The check can fail: the previous tenth colour was within 14 of the direct contacts' blue."""
        assert min(distance("#5f9ed1", PALETTE[0], v) for v in CVD) < 15

    def test_maps_and_plots_use_it(self):
        m = rg.network_map(deep_net())
        legend = {e["label"]: e["color"] for e in m.payload.legend}
        assert legend["10th generation and later"] == DEEP_COLOR
        assert legend["Direct contacts (1st)"] == PALETTE[0] and legend["Seeker"] == SEEKER_COLOR
        org = rg.network_map(deep_net(), aggregate="organization").payload.legend
        assert {"label": "Reached first in generation 10 or later", "color": DEEP_COLOR, "count": 3} in org


def id_cohort(n_seekers: int, *, long_ids: bool = False, seed: int = 5):
    net = rg.synthetic_cohort(n_seekers=n_seekers, n_contacts=n_seekers * 40, shared_fraction=0.05, seed=seed)
    if not long_ids:
        return net
    ids = {s: str(1_200_000_000_000_000_000 + 7_919_000_001 * k) for k, s in enumerate(net.seekers)}
    contacts, intros = net.contacts, net.introductions
    contacts["name"] = [ids.get(i, v) for i, v in zip(contacts["id"], contacts["name"])]
    contacts["id"] = contacts["id"].map(lambda v: ids.get(v, v))
    for col in ("introducer", "introduced", "seeker"):
        intros[col] = intros[col].map(lambda v: ids.get(v, v))
    return rg.from_frames(contacts, intros)


@pytest.fixture(scope="module")
def cohort300():
    return rg.network_map(id_cohort(300), aggregate="seeker")


class TestSeekerAggregate:
    def test_shared_contacts_as_counts_not_a_hairball(self, cohort300):
        p = cohort300.payload
        assert p.n_edges > p.n_nodes and p.edges_on_demand  # the links stay, drawn for the selected seeker
        assert p.to_json()["edgesOnDemand"] is True
        shared = p.tips["Shared contacts"].tolist()
        assert sum(s != "none" for s in shared) > 100
        assert any(s.endswith("other seekers") and "contacts with" in s for s in shared)

    def test_legend_and_footer_name_the_unit(self, cohort300):
        p = cohort300.payload
        assert p.legend_title == "Seekers (one star each)" and p.legend[0]["label"] == "Seeker"
        assert p.size_note == "Size: people in their network"
        assert p.units == ("seeker", "seekers")
        assert "in 300 seekers' networks" in p.subtitle and "nodes" not in p.subtitle
        org = rg.network_map(id_cohort(3), aggregate="organization").payload
        assert org.units == ("organization", "organizations") and org.to_json()["units"] == list(org.units)
        assert org.legend_title == "Organizations by the generation first reached"
        assert rg.network_map(id_cohort(3)).payload.units == ("person", "people")

    def test_a_few_seekers_keep_their_links(self):
        p = rg.network_map(
            rg.synthetic_cohort(n_seekers=3, n_contacts=300, shared_fraction=0.3, seed=2), aggregate="seeker"
        ).payload
        assert 0 < p.n_edges <= p.n_nodes and not p.edges_on_demand


def text_boxes(fig):
    """Window extents of every visible, non-empty text of a figure, with its string."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    out, seen = [], set()
    for ax in fig.axes:  # tick labels of an axis that is switched off, or outside the view, are not drawn
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not ax.axison or not (lo - 1e-9 <= tick.get_loc() <= hi + 1e-9):
                    seen.update({id(tick.label1), id(tick.label2)})
    from matplotlib.text import Text

    for t in fig.findobj(Text):
        if id(t) in seen or not t.get_visible() or not t.get_text().strip():
            continue
        seen.add(id(t))
        out.append((t.get_text(), t.get_window_extent(renderer)))
    return out


def collisions(boxes):
    return [
        (a[0], b[0])
        for k, a in enumerate(boxes)
        for b in boxes[k + 1 :]
        if a[1].overlaps(b[1]) and a[1].width > 0 and b[1].width > 0
    ]


def clipped(fig, boxes):
    box = fig.bbox
    return [
        t for t, b in boxes if b.x0 < box.x0 - 0.5 or b.x1 > box.x1 + 0.5 or b.y0 < box.y0 - 0.5 or b.y1 > box.y1 + 0.5
    ]


class TestPictures:
    @pytest.mark.slow
    @pytest.mark.parametrize("long_ids", [False, True])
    def test_cohort_picture_has_no_overlapping_or_cut_labels(self, long_ids):
        from referralgraph.drawing.maps._picture import _figure

        n = 254 if long_ids else 300
        m = rg.network_map(id_cohort(n, long_ids=long_ids), aggregate="seeker")
        for width, height in ((11.0, 7.5), (5.5, 4.0)):  # full and half width
            fig = _figure(m, width, height, 100)
            boxes = text_boxes(fig)
            names = [t for t, _ in boxes if t in set(m.payload.nodes["name"])]
            assert len(names) >= (10 if width > 6 else 2)  # an overview: more names as the picture grows
            assert collisions(boxes) == []
            assert clipped(fig, boxes) == []

    def test_demo_picture(self):
        from referralgraph.drawing.maps._picture import _figure

        fig = _figure(rg.network_map(rg.demo()), 9.0, 6.0, 100)
        boxes = text_boxes(fig)
        assert collisions(boxes) == [] and clipped(fig, boxes) == []
