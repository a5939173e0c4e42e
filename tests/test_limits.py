"""Behaviour at the size limits (issue 6 item 5), checked against docs/limits.md.

Every operation that would take minutes either warns first (SlowOperationWarning or
the export's UserWarning) or refuses with a SizeLimitError naming the option that
makes it feasible. The thresholds are lowered with monkeypatch (or passed small),
so no test builds a large network.
"""

from __future__ import annotations

import inspect
import re
import warnings
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import referralgraph as rg
from referralgraph import _limits
from referralgraph.cli import cli

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "limits.md"


@pytest.fixture(scope="module")
def demo():
    return rg.demo()


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    return rg.save(rg.demo(), tmp_path_factory.mktemp("src") / "demo")


def slow_warnings(record) -> list[str]:
    return [str(w.message) for w in record if issubclass(w.category, rg.SlowOperationWarning)]


class TestGraphWarning:
    def test_warns_once_before_building_a_large_graph(self, monkeypatch):
        monkeypatch.setattr(_limits, "GRAPH_WARN_CONTACTS", 50)
        net = rg.demo()
        with pytest.warns(
            rg.SlowOperationWarning,
            match=r"building the NetworkX graph of 86 contacts takes about .* GiB; the tables and "
            r"net\.index answer most questions without it",
        ) as record:
            G = net.graph
        assert len(slow_warnings(record)) == 1
        assert record[0].filename == __file__  # points at the line that asked for the graph
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert net.graph is G  # cached: no second warning

    def test_small_networks_do_not_warn(self):
        net = rg.demo()
        with warnings.catch_warnings():
            warnings.simplefilter("error", rg.SlowOperationWarning)
            net.graph

    def test_tables_index_and_metrics_never_build_the_graph(self, monkeypatch):
        monkeypatch.setattr(_limits, "GRAPH_WARN_CONTACTS", 0)
        net = rg.demo()
        with warnings.catch_warnings():
            warnings.simplefilter("error", rg.SlowOperationWarning)
            net.contacts, net.index, net.tree_table()
            rg.contact_metrics(net)
            rg.seeker_summary(net)
            rg.brokers(net)
            rg.network_map(net)
        assert "_graph" not in vars(net)

    def test_graph_exports_warn(self, monkeypatch, tmp_path):
        monkeypatch.setattr(_limits, "GRAPH_WARN_CONTACTS", 50)
        with pytest.warns(rg.SlowOperationWarning, match="only net.graph itself and the JSON export need the graph"):
            rg.save(rg.demo(), tmp_path / "n.json")

    def test_graphml_and_gexf_never_build_the_graph(self, tmp_path):
        net = rg.demo()
        rg.save(net, tmp_path / "n.graphml")
        rg.save(net, tmp_path / "n.gexf")
        assert "_graph" not in vars(net)

    def test_estimate_grows_with_size(self):
        low, high, gib = _limits.graph_cost(1_000_000)
        assert (low, high) == _limits.GRAPH_SECONDS_PER_MILLION
        assert gib == pytest.approx(1.2)
        assert "13-45 s and 1.2 GiB" in _limits.graph_message(1_000_000)

    def test_is_a_user_warning_and_a_referralgraph_warning(self):
        from referralgraph.exceptions import ReferralGraphWarning

        assert issubclass(rg.SlowOperationWarning, ReferralGraphWarning)
        assert issubclass(rg.SlowOperationWarning, UserWarning)  # shown by Python's default filters


class TestWorkbookRead:
    def test_large_workbook_warns_before_reading(self, monkeypatch, tmp_path, demo):
        book = rg.save(demo, tmp_path / "demo.xlsx")
        monkeypatch.setattr(_limits, "XLSX_READ_WARN_BYTES", 1000)
        with pytest.warns(
            rg.SlowOperationWarning,
            match=r"reading the .* workbook .*demo\.xlsx takes about .*"
            r"folder of CSV files it loads in seconds",
        ) as record:
            rg.load(book)
        assert record[0].filename == __file__

    def test_csv_folders_never_warn(self, monkeypatch, demo_folder):
        monkeypatch.setattr(_limits, "XLSX_READ_WARN_BYTES", 0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", rg.SlowOperationWarning)
            rg.load(demo_folder)


class TestMap:
    def test_refuses_above_max_nodes_and_names_the_options(self, demo):
        with pytest.raises(
            rg.SizeLimitError,
            match=r"the map would draw 86 nodes; expected at most max_nodes=40\. "
            r"To make it feasible pass aggregate='generation-cap'.*max_nodes=86",
        ):
            rg.network_map(demo, max_nodes=40)

    def test_generation_cap_makes_it_fit(self, demo):
        m = rg.network_map(demo, aggregate="generation-cap", max_nodes=40)
        assert m.n_nodes <= 40

    def test_organization_aggregate(self, demo):
        n_org = demo.contacts["organization"].nunique()
        m = rg.network_map(demo, aggregate="organization", max_nodes=n_org + 5)
        assert m.n_nodes <= n_org + 5

    def test_default_limit_is_documented(self):
        assert inspect.signature(rg.network_map).parameters["max_nodes"].default == 200_000

    def test_cli_answers_with_one_error_line(self, demo_folder, tmp_path):
        out = tmp_path / "m.html"
        result = CliRunner().invoke(cli, ["map", str(demo_folder), "-o", str(out), "--max-nodes", "40"])
        assert result.exit_code == 1
        assert result.output.startswith("Error: the map would draw 86 nodes")
        assert "--aggregate" in result.output and len(result.output.splitlines()) == 1
        assert not out.exists()


class TestPlotTree:
    def test_refuses_above_max_nodes(self, demo):
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots()
        try:
            with pytest.raises(
                rg.SizeLimitError,
                match=r"the drawing would hold 86 people, more than max_nodes=10; "
                r"pass seeker=\.\.\. to draw one tree, or raise max_nodes",
            ):
                rg.plot_tree(demo, max_nodes=10, ax=ax)
        finally:
            plt.close(fig)

    def test_default_limit_is_documented(self):
        assert inspect.signature(rg.plot_tree).parameters["max_nodes"].default == 2000

    def test_cli(self, demo_folder, tmp_path):
        out = tmp_path / "t.png"
        result = CliRunner().invoke(
            cli, ["plot", str(demo_folder), "--kind", "tree", "-o", str(out), "--max-nodes", "10"]
        )
        assert result.exit_code == 1
        assert result.output.startswith("Error: the drawing would hold 86 people")
        assert not out.exists()


class TestXlsxExport:
    def test_warns_above_the_cell_count(self, monkeypatch, demo, tmp_path):
        from referralgraph.readwrite import _workbook as export

        monkeypatch.setattr(export, "_XLSX_SLOW_CELLS", 10)
        with pytest.warns(
            UserWarning,
            match=r"cells to an \.xlsx workbook takes minutes .* a folder of CSV files "
            r"\(format='csv', CLI: --to csv\) takes seconds",
        ):
            rg.save(demo, tmp_path / "d.xlsx")

    def test_refuses_more_rows_than_a_sheet_holds(self, monkeypatch, demo, tmp_path):
        from referralgraph.readwrite import _workbook as export

        monkeypatch.setattr(export, "_XLSX_MAX_ROWS", 10)
        with pytest.raises(
            rg.SizeLimitError,
            match=r"contacts has 86 rows; an \.xlsx sheet holds at most 10 .* "
            r"save as a folder of CSV files \(format='csv', CLI: --to csv\)",
        ):
            rg.save(demo, tmp_path / "d.xlsx")
        assert not (tmp_path / "d.xlsx").exists()

    def test_documented_thresholds(self):
        from referralgraph.readwrite import _workbook as export

        assert export._XLSX_SLOW_CELLS == 10_000_000
        assert export._XLSX_MAX_ROWS == 1_048_575


class TestBrokers:
    @pytest.fixture(scope="class")
    @classmethod
    def cyclic(cls):
        contacts = pd.DataFrame(
            {"id": ["me", "ann", "bo", "cy"], "name": ["Maya", "Ann", "Bo", "Cy"], "is_seeker": ["yes", "", "", ""]}
        )
        intros = pd.DataFrame({"introducer": ["ann", "ann", "bo"], "introduced": ["bo", "cy", "cy"]})
        return rg.from_frames(contacts, intros)

    def test_exact_up_to_the_limit(self, cyclic):
        assert rg.brokers(cyclic).attrs["method"] == "exact"

    def test_sampled_above_the_limit(self, cyclic):
        assert rg.brokers(cyclic, exact_limit=2, sample_size=2).attrs["method"] == "sampled"

    def test_documented_defaults(self):
        params = inspect.signature(rg.brokers).parameters
        assert (params["exact_limit"].default, params["sample_size"].default) == (5000, 500)


class TestDocumented:
    """docs/limits.md states the numbers the code uses."""

    @pytest.fixture(scope="class")
    @classmethod
    def doc(cls):
        return DOC.read_text(encoding="utf-8")

    def test_every_threshold_is_in_the_table(self, doc):
        from referralgraph.readwrite import _workbook as export

        for value in (_limits.GRAPH_WARN_CONTACTS, export._XLSX_SLOW_CELLS, export._XLSX_MAX_ROWS, 200_000, 2000, 5000):
            assert f"{value:,}" in doc, value
        assert f"{_limits.PROGRESS_BYTES // 2**20} MB" in doc
        assert f"{_limits.XLSX_READ_WARN_BYTES // 2**20} MB" in doc
        for value in (_limits.PARQUET_MAX_COLUMNS, _limits.PARQUET_MAX_ROW_GROUPS, _limits.PARQUET_MAX_ROWS):
            assert f"{value:,}" in doc, value
        assert f"{_limits.PARQUET_MAX_FOOTER_BYTES // 2**20} MiB" in doc
        assert f"{_limits.PARQUET_MAX_BYTES // 2**30} GiB" in doc

    def test_every_option_named_in_an_error_is_documented(self, doc):
        for option in (
            "aggregate=",
            "max_generation",
            "max_nodes",
            "--max-nodes",
            "--aggregate",
            "seeker=",
            "exact_limit",
            "format='csv'",
            "--to csv",
            "progress=",
            "--progress",
            "--no-progress",
        ):
            assert option in doc, option

    def test_links_to_the_warning_class(self, doc):
        assert "SlowOperationWarning" in doc
        assert re.search(r"warnings\.simplefilter\(\"ignore\", rg\.SlowOperationWarning\)", doc)
