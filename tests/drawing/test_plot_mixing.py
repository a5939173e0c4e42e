"""plot_mixing and plot_convergence: the Axes contract, what is drawn, and the no-data cases."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import referralgraph as rg
from referralgraph.exceptions import OptionError, SchemaError, SeekerNotFound


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def texts(ax):
    return [t.get_text() for t in ax.texts]


@pytest.mark.parametrize("plot", [rg.plot_mixing, rg.plot_convergence])
class TestContract:
    def test_returns_the_axes_given(self, plot, small):
        fig, (ax1, ax2) = plt.subplots(1, 2)
        assert plot(small, ax=ax1) is ax1 and not ax2.has_data()

    def test_current_axes(self, plot, small):
        ax = plot(small)
        assert ax is plt.gca() and ax.get_title()

    def test_no_data(self, plot, lonely):
        lonely_with_field = rg.from_frames(pd.DataFrame({"name": ["Me"], "is_seeker": ["y"], "field": [""]}))
        ax = plot(lonely_with_field)
        assert any("No" in t for t in texts(ax)) and not ax.images and not ax.lines

    def test_rejects_other_data_and_axes(self, plot, small):
        with pytest.raises(TypeError, match="data must be"):
            plot([1, 2])
        with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
            plot(small, ax="left")

    def test_unknown_seeker(self, plot, small):
        with pytest.raises(SeekerNotFound):
            plot(small, seeker="ann")

    def test_unchanged(self, plot, small):
        before = small.contacts
        plot(small)
        pd.testing.assert_frame_equal(small.contacts, before)


class TestPlotMixing:
    def test_cells_are_the_counts(self):
        net = rg.demo()
        m = rg.mixing_matrix(net)
        ax = rg.plot_mixing(net, normalize=False)
        image = ax.images[0].get_array()
        assert np.array_equal(np.asarray(image), m.to_numpy(dtype=float))
        assert sorted(int(t) for t in texts(ax)) == sorted(m.to_numpy()[m.to_numpy() > 0].tolist())
        assert [t.get_text() for t in ax.get_yticklabels()] == list(m.index)

    def test_row_shares(self):
        ax = rg.plot_mixing(rg.demo())
        rows = np.asarray(ax.images[0].get_array()).sum(axis=1)
        assert np.all((np.isclose(rows, 1.0)) | (rows == 0))

    def test_table_input(self, small):
        m = rg.mixing_matrix(small, by="organization")
        ax = rg.plot_mixing(m)
        assert (
            ax.get_title() == "Who introduced whom, by organization" and ax.get_xlabel() == "Introduced (organization)"
        )

    def test_not_square(self):
        with pytest.raises(SchemaError, match="square table"):
            rg.plot_mixing(pd.DataFrame({"a": [1, 2]}))

    def test_many_values_are_gathered(self):
        net = rg.synthetic_cohort(n_contacts=1500, seed=2)
        contacts = net.contacts
        contacts["organization"] = contacts["organization"].astype(str)  # many organizations
        net2 = rg.from_frames(contacts, net.introductions, net.meetings)
        ax = rg.plot_mixing(net2, by="organization")
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert len(labels) == 15 and labels[-1] == "other values"
        assert np.asarray(ax.images[0].get_array()).shape == (15, 15)

    def test_bad_by(self, small):
        with pytest.raises(OptionError):
            rg.plot_mixing(small, by="colour")


class TestPlotConvergence:
    def test_lines_are_the_shares(self):
        net = rg.demo()
        ax = rg.plot_convergence(net, value="design")
        table = rg.share_by_generation(net, value="design")
        assert np.allclose(ax.lines[-1].get_ydata(), table["cumulative_share"])
        assert np.allclose(ax.lines[0].get_ydata(), table["share"])

    def test_top_values(self):
        ax = rg.plot_convergence(rg.demo(), limit=2)
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["UX research", "product management"]

    def test_table_input(self):
        table = pd.DataFrame({"value": ["A", "A"], "generation": [1, 2], "cumulative_share": [0.5, 0.4]})
        ax = rg.plot_convergence(table)
        assert ax.lines[0].get_ydata().tolist() == [0.5, 0.4]

    def test_missing_columns(self):
        with pytest.raises(SchemaError, match="cumulative_share"):
            rg.plot_convergence(pd.DataFrame({"value": ["A"], "generation": [1]}))

    def test_bad_top(self, small):
        with pytest.raises(ValueError, match="limit must be a whole number"):
            rg.plot_convergence(small, limit=0)


class TestPlotOrigins:
    def test_lines_are_the_counts(self):
        net = rg.demo()
        ax = rg.plot_origins(net, by="source", limit=10)
        table = rg.recruits_by_generation(net, by="source")
        for line in ax.lines:
            origin = line.get_label().split(" (")[0]
            rows = table[table["origin"] == origin]
            assert line.get_ydata().tolist() == rows["people"].tolist()
        assert len(ax.lines) == table["origin"].nunique()

    def test_first_contacts_and_table_input(self, small):
        ax = rg.plot_origins(small, by="origin")
        assert ax.get_title() == "People reached by generation, by first contact: Me"
        ax2 = rg.plot_origins(rg.recruits_by_generation(small, by="origin"), ax=plt.figure().gca())
        assert len(ax2.lines) == 2

    def test_no_data_and_errors(self, lonely, small):
        assert any("No" in t for t in texts(rg.plot_origins(lonely, by="origin")))
        with pytest.raises(SchemaError, match="people"):
            rg.plot_origins(pd.DataFrame({"origin": ["a"], "generation": [1]}))
        with pytest.raises(ValueError, match="limit must be"):
            rg.plot_origins(small, limit=0)
        with pytest.raises(SeekerNotFound):
            rg.plot_origins(small, by="source", seeker="ann")
