"""rg.MapWidget without a browser: the Python side of the two-way map (the browser tests drive the page)."""

import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import referralgraph as rg

from .test_map import cohort_net, small_net

pytest.importorskip("anywidget")


@pytest.fixture(scope="module")
def demo():
    return rg.demo()


@pytest.fixture(scope="module")
def widget(demo):
    return rg.MapWidget(demo)


def picked(w, ids):
    """What the page does on a click or a box: set the node positions of the selection."""
    w._picked = [w._node_of[i] for i in ids]


class TestMapWidget:
    def test_same_payload_as_the_page(self, demo, widget):
        page = rg.network_map(demo)
        assert widget._data == page.payload.to_json()
        assert widget.map.title == page.title == widget._title
        assert repr(widget) == "<MapWidget 'Referral network of Maya Chen': 86 nodes, 85 edges, 0 selected>"

    def test_one_offline_module(self, widget):
        esm = widget._esm
        assert esm.startswith("const RG_EXPORTS = {};") and esm.rstrip().endswith("export default { render: render };")
        assert not re.search(r"https?://|\bimport\s*\(|^\s*import\s", esm, flags=re.MULTILINE)  # no CDN, no import
        assert re.findall(r"\w+\.innerHTML\s*=[^;]*", esm) == ['root.innerHTML = model.get("_markup")']
        assert "{{" not in widget._markup and 'id="rg-map"' in widget._markup
        assert "html, body" not in widget._css  # the sheet never styles the notebook around it

    def test_selection_comes_back_with_metrics(self, demo):
        w = rg.MapWidget(demo)
        seen = []
        record = seen.append
        assert w.on_select(record) is record
        picked(w, ["priya-k", "beth-a"])
        assert w.selected_ids == ["beth-a", "priya-k"]  # map order
        cm = rg.contact_metrics(demo)
        want = cm[cm["contact"].isin(["priya-k", "beth-a"])].reset_index(drop=True)
        pd.testing.assert_frame_equal(w.selected, want)
        assert len(seen) == 1 and seen[0]["contact"].tolist() == ["beth-a", "priya-k"]
        picked(w, ["maya"])  # a seeker: their own row
        assert w.selected[["seeker", "contact", "generation"]].values.tolist() == [["maya", "maya", 0]]
        assert list(w.selected.columns) == list(cm.columns)
        w.select([])
        assert w.selected.empty and list(w.selected.columns) == list(cm.columns) and w.selected_ids == []

    def test_select_and_highlight_take_ids_series_and_tables(self, demo):
        w = rg.MapWidget(demo)
        cm = rg.contact_metrics(demo)
        w.select(cm[cm["generation"] == 1])
        assert sorted(w.selected_ids) == sorted(cm.loc[cm["generation"] == 1, "contact"])
        w.highlight(cm["dormant"])
        assert sorted(w._cids[i] for i in w._highlight) == sorted(cm.loc[cm["dormant"], "contact"])
        w.highlight(None)
        assert w._highlight == []
        w.select("beth-a")
        assert w.selected_ids == ["beth-a"]

    def test_unknown_people_are_named(self, widget):
        with pytest.raises(rg.ContactNotFound, match=r"highlight: 'nobody' not drawn on this map"):
            widget.highlight(["beth-a", "nobody"])
        with pytest.raises(rg.ArgumentTypeError, match="focus needs a person's id"):
            widget.focus(3)
        with pytest.raises(rg.ArgumentTypeError, match="on_select needs a callable"):
            widget.on_select("print")

    def test_filter_by_query_series_ids(self, demo):
        w = rg.MapWidget(demo)
        cm = rg.contact_metrics(demo)
        w.filter("dormant")
        mask = np.frombuffer(__import__("base64").b64decode(w._filter["b64"]), dtype=np.uint8)
        shown = {w._cids[i] for i in np.flatnonzero(mask)}
        assert shown == set(cm.loc[cm["dormant"], "contact"]) | {"maya"}  # the seeker always stays
        assert w._filter["label"] == "dormant"
        by_id = cm.set_index("contact")["meetings"] == 0
        w.filter(by_id, label="Not met yet")
        mask2 = np.frombuffer(__import__("base64").b64decode(w._filter["b64"]), dtype=np.uint8)
        assert {w._cids[i] for i in np.flatnonzero(mask2)} == set(by_id.index[by_id]) | {"maya"}
        w.filter(cm["meetings"] == 0)  # aligned with contact_metrics
        assert w._filter["b64"] == __import__("base64").b64encode(mask2.tobytes()).decode()
        w.filter(["beth-a"])
        assert w._filter["label"] == "Filter"
        w.filter(None)
        assert w._filter == {}

    def test_filter_errors(self, widget):
        with pytest.raises(
            rg.OptionError,
            match=r"filter query 'no_such_column > 1' does not run on "
            r"rg.contact_metrics\(net\) \(columns: seeker, contact",
        ):
            widget.filter("no_such_column > 1")
        with pytest.raises(rg.OptionError, match="a boolean Series must be indexed by contact id"):
            widget.filter(pd.Series([True, False], index=[100, 101]))
        with pytest.raises(rg.ArgumentTypeError, match="filter needs a query"):
            widget.filter(3.5)
        agg = rg.MapWidget(cohort_net(), aggregate="seeker")
        with pytest.raises(rg.OptionError, match="filter works on maps of people"):
            agg.filter("dormant")

    def test_color_and_size_change_send_columns_only(self, demo):
        w = rg.MapWidget(demo)
        data = w._data
        w.color_by = "organization"
        page = rg.network_map(demo, color_by="organization").payload
        codes = np.frombuffer(__import__("base64").b64decode(w._colors["b64"]), dtype=np.uint8)
        assert codes.tolist() == page.nodes["color"].tolist()
        assert w._colors["legend"] == page.legend and w._colors["title"] == "Colour: organization"
        w.size_by = "meetings"
        sizes = np.frombuffer(__import__("base64").b64decode(w._sizes["b64"]), dtype="<f4")
        assert sizes.tolist() == rg.network_map(demo, size_by="meetings").payload.nodes["size"].tolist()
        assert w._sizes["note"] == "Size: meetings"
        assert w._data is data  # the payload is never sent again
        with pytest.raises(rg.OptionError, match="color_by"):
            w.color_by = "shoe size"
        assert w.color_by == "organization"

    def test_date_and_drag_mode(self, widget):
        import datetime

        widget.date = "2026-3-2"
        assert widget.date == "2026-03-02"
        widget.date = datetime.date(2026, 4, 1)
        assert widget.date == "2026-04-01"
        widget.date = ""
        with pytest.raises(rg.OptionError, match="date must be YYYY-MM-DD"):
            widget.date = "soon"
        with pytest.raises(rg.OptionError, match="drag_mode"):
            widget.drag_mode = "zoom"

    def test_focus_counts_so_the_same_person_twice_moves_again(self, widget):
        widget.focus("beth-a")
        first = dict(widget._focus)
        widget.focus("beth-a")
        assert widget._focus["node"] == first["node"] == widget._node_of["beth-a"]
        assert widget._focus["seq"] == first["seq"] + 1

    def test_network_map_returns_the_widget(self, demo):
        w = rg.network_map(demo, widget=True, color_by="status", size_by=None)
        assert isinstance(w, rg.MapWidget) and w.color_by == "status" and w.size_by is None

    def test_as_of_draws_and_answers_that_day(self, demo):
        """network_map(widget=True, as_of=...) draws the network as known that day, as the page does."""
        day = "2026-08-01"
        w = rg.network_map(demo, widget=True, as_of=day)
        page = rg.network_map(demo, as_of=day)
        assert w._data == page.payload.to_json()
        assert w.map.payload.as_of == day and w.map.n_nodes < rg.network_map(demo).n_nodes
        cm = rg.contact_metrics(demo, as_of=day)
        person = cm["contact"].iloc[-1]
        w.select([person])
        pd.testing.assert_frame_equal(w.selected, cm[cm["contact"] == person].reset_index(drop=True))
        w.color_by = "status"  # a rebuild keeps the date: one colour per node drawn that day
        import base64

        colours = base64.b64decode(w._colors["b64"])
        assert len(colours) == w.map.n_nodes
        assert colours == rg.network_map(demo, as_of=day, color_by="status").payload.nodes["color"].tobytes()

    def test_anonymized_widget_answers_with_pseudonyms(self, demo):
        w = rg.MapWidget(demo, anonymize=True)
        assert "maya" not in w._cids and "Maya Chen" not in w._names
        w.select([w._cids[3]])
        assert w.selected["contact"].tolist() == [w._cids[3]]
        assert set(w.network.ids) >= set(w.selected_ids)

    def test_aggregate_selection_is_groups(self):
        w = rg.MapWidget(cohort_net(), aggregate="organization")
        w.select(["Acme"])
        assert w.selected[["name", "people"]].values.tolist() == [
            ["Acme", int(w.map.payload.nodes["descendants"][w._node_of["Acme"]])]
        ]

    def test_fallback_picture_for_static_viewers(self):
        w = rg.MapWidget(small_net())
        bundle = w._repr_mimebundle_()
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        assert data["image/png"][:4] == b"\x89PNG" or str(data["image/png"]).startswith("iVBOR")
        assert "application/vnd.jupyter.widget-view+json" in data

    def test_empty_network(self):
        contacts = pd.DataFrame({"name": pd.Series([], dtype=object), "is_seeker": pd.Series([], dtype=object)})
        w = rg.MapWidget(rg.from_frames(contacts))
        assert w.map.n_nodes == 0 and w.selected.empty
        w.filter(None)

    def test_network_is_not_changed(self):
        net = small_net()
        before = net.contacts.copy()
        w = rg.MapWidget(net)
        w.filter("dormant")
        w.select(["bo"])
        pd.testing.assert_frame_equal(net.contacts, before)


def test_without_anywidget_the_error_says_what_to_install():
    code = (
        "import sys; sys.modules['anywidget'] = None\n"
        "import referralgraph as rg\n"
        "try:\n    rg.MapWidget(rg.demo())\n"
        "except rg.MissingDependencyError as e:\n    print('OK', isinstance(e, ImportError), e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.startswith("OK True rg.MapWidget needs the package 'anywidget'")
    assert 'pip install "referralgraph[widget]"' in out
