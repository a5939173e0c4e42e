"""Static plots: the Axes contract, what is drawn, empty networks, errors, inputs left unchanged."""

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import LineCollection, PolyCollection  # noqa: E402

import referralgraph as rg  # noqa: E402
from referralgraph.drawing.layout import tree_layout as _tree_layout  # noqa: E402


def tree_layout(parent, generation):
    """The plots' use of the shared layout: generations to the right, trees stacked."""
    return _tree_layout(parent, generation, orientation="right", pack="stack", leaf_gap=1.0, level_gap=1.0)


def small_frames():
    """Maya's search: Ann and Ed direct; Ann introduced Bo (met) and Cy (suggested); Bo introduced Di.

    Thank-yous: Ann after 10 h, Ed the same day without a time (-9 h, drawn at 0),
    Bo after 48 h, Di none -> 2 of 4 contacts met were thanked within 24 hours.
    Asked for introductions in the meetings with Ann and Bo.
    """
    contacts = pd.DataFrame(
        {
            "name": ["Maya", "Ann", "Bo", "Cy", "Di", "Ed"],
            "is_seeker": ["yes", "", "", "", "", ""],
            "field": ["", "Data", "Data", "Design", "", "Data"],
        }
    )
    intros = pd.DataFrame(
        {
            "introducer": ["Ann", "Ann", "Bo"],
            "introduced": ["Bo", "Cy", "Di"],
            "date": ["2026-03-05", "2026-03-06", "2026-03-12"],
            "status": ["met", "suggested", "introduced"],
        }
    )
    meetings = pd.DataFrame(
        {
            "contact": ["Ann", "Ed", "Bo", "Di"],
            "date": ["2026-03-02 10:00", "2026-03-03 09:00", "2026-03-09 10:00", "2026-03-16 10:00"],
            "asked_for_introductions": ["yes", "no", "yes", ""],
            "thank_you_sent": ["2026-03-02 20:00", "2026-03-03", "2026-03-11 10:00", ""],
        }
    )
    return contacts, intros, meetings


@pytest.fixture
def net():
    return rg.from_frames(*small_frames())


@pytest.fixture
def cohort():
    contacts = pd.DataFrame({"name": ["S1", "S2", "S3", "A", "B", "C"], "is_seeker": ["y", "y", "y", "", "", ""]})
    intros = pd.DataFrame(
        {
            "introducer": ["S1", "A", "S2"],
            "introduced": ["A", "B", "C"],
            "seeker": ["S1", "S1", "S2"],
            "date": ["2026-01-05", "2026-01-20", "2026-02-02"],
        }
    )
    meetings = pd.DataFrame(
        {
            "contact": ["A", "C"],
            "seeker": ["S1", "S2"],
            "date": ["2026-01-06", "2026-02-03"],
            "asked_for_introductions": ["yes", "yes"],
            "thank_you_sent": ["2026-01-06 20:00", ""],
        }
    )
    return rg.from_frames(contacts, intros, meetings)


@pytest.fixture
def empty():
    return rg.from_frames(pd.DataFrame({"name": pd.Series([], dtype=object)}))


@pytest.fixture
def lonely():
    """A seeker with no contacts at all."""
    return rg.from_frames(pd.DataFrame({"name": ["Me"], "is_seeker": ["yes"]}))


ALL_PLOTS = [rg.plot_growth, rg.plot_generations, rg.plot_tree, rg.plot_funnel, rg.plot_thank_you]


def texts(ax):
    return [t.get_text() for t in ax.texts]


def snapshot(net):
    return [t.copy() for t in (net.contacts, net.introductions, net.meetings)]


class TestAxesContract:
    @pytest.mark.parametrize("plot", ALL_PLOTS, ids=lambda f: f.__name__)
    def test_returns_the_axes_given(self, plot, net):
        _, ax1 = plt.subplots()
        _, ax2 = plt.subplots()
        ax = plot(net, ax=ax1)
        assert ax is ax1
        assert not ax2.has_data() and not ax2.texts

    @pytest.mark.parametrize("plot", ALL_PLOTS, ids=lambda f: f.__name__)
    def test_draws_on_the_current_axes_when_not_given(self, plot, net):
        ax = plot(net)
        assert ax is plt.gca()
        assert ax.get_title()

    @pytest.mark.parametrize("plot", ALL_PLOTS, ids=lambda f: f.__name__)
    def test_network_left_unchanged(self, plot, net):
        before = snapshot(net)
        plot(net)
        for old, new in zip(before, snapshot(net)):
            pd.testing.assert_frame_equal(old, new)

    @pytest.mark.parametrize("plot", ALL_PLOTS, ids=lambda f: f.__name__)
    def test_empty_network_gives_a_no_data_note(self, plot, empty):
        ax = plot(empty)
        assert ax is plt.gca()
        assert any("No" in t for t in texts(ax))
        assert not ax.patches and not ax.lines and not ax.collections

    @pytest.mark.parametrize("plot", ALL_PLOTS, ids=lambda f: f.__name__)
    def test_seeker_without_contacts_gives_a_no_data_note(self, plot, lonely):
        ax = plot(lonely)
        assert any("No" in t for t in texts(ax))
        assert not ax.patches and not ax.lines

    @pytest.mark.parametrize("plot", ALL_PLOTS, ids=lambda f: f.__name__)
    def test_unknown_seeker(self, plot, net):
        with pytest.raises(rg.SeekerNotFound, match="'Nobody' is not in the network"):
            plot(net, seeker="Nobody")

    @pytest.mark.parametrize("plot", ALL_PLOTS, ids=lambda f: f.__name__)
    def test_rejects_other_data(self, plot):
        with pytest.raises(TypeError, match="data must be|net must be|ReferralNetwork"):
            plot([1, 2, 3])

    @pytest.mark.parametrize("plot", ALL_PLOTS, ids=lambda f: f.__name__)
    def test_rejects_a_non_axes(self, plot, net):
        with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
            plot(net, ax="left")

    def test_importing_referralgraph_does_not_import_matplotlib(self):
        code = "import sys, referralgraph; print('matplotlib' in sys.modules)"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "False"


class TestPlotGrowth:
    def test_line_ends_at_the_number_of_dated_contacts(self, net):
        ax = rg.plot_growth(net)
        assert len(ax.lines) == 1
        y = ax.lines[0].get_ydata()
        table = rg.growth(net)
        assert y[-1] == table["cumulative_contacts"].iloc[-1]
        assert list(y) == sorted(y)
        assert ax.get_ylabel() == "Contacts (cumulative)"
        assert ax.get_title() == "Contacts over time: Maya (5 people reached)"

    def test_table_input(self):
        table = pd.DataFrame(
            {
                "seeker": "maya",
                "period": pd.to_datetime(["2026-03-02", "2026-03-09", "2026-03-16"]),
                "cumulative_contacts": [2, 5, 9],
            }
        )
        ax = rg.plot_growth(table)
        assert ax.lines[0].get_ydata().tolist() == [2, 5, 9]
        assert "9" in texts(ax)

    def test_by_generation_stacks_one_area_per_generation(self, net):
        ax = rg.plot_growth(net, by_generation=True)
        areas = [c for c in ax.collections if isinstance(c, PolyCollection)]
        assert len(areas) == 3  # generations 1, 2, 3
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend == ["3rd generation", "2nd generation", "Direct contacts (1st)"]

    def test_cohort_is_added_up(self):
        table = pd.DataFrame(
            {
                "seeker": ["a", "a", "b"],
                "period": pd.to_datetime(["2026-03-02", "2026-03-09", "2026-03-02"]),
                "cumulative_contacts": [1, 3, 4],
            }
        )
        ax = rg.plot_growth(table)
        assert ax.lines[0].get_ydata().tolist() == [5, 7]  # b carried forward
        assert ax.get_title() == "Contacts over time: 2 seekers"
        assert rg.plot_growth(table, seeker="b", ax=plt.subplots()[1]).lines[0].get_ydata().tolist() == [4]

    def test_table_without_columns(self):
        with pytest.raises(rg.SchemaError, match="'generation'"):
            rg.plot_growth(pd.DataFrame({"period": [], "cumulative_contacts": []}), by_generation=True)

    def test_seeker_not_in_table(self):
        table = pd.DataFrame({"seeker": ["a"], "period": pd.to_datetime(["2026-03-02"]), "cumulative_contacts": [1]})
        with pytest.raises(rg.SeekerNotFound, match="'zed' is not a seeker in the table"):
            rg.plot_growth(table, seeker="zed")

    def test_by_generation_must_be_bool(self, net):
        with pytest.raises(ValueError, match="by_generation must be True or False"):
            rg.plot_growth(net, by_generation="yes")

    def test_kwargs_reach_the_line(self, net):
        ax = rg.plot_growth(net, color="red", linestyle=":")
        assert ax.lines[0].get_color() == "red" and ax.lines[0].get_linestyle() == ":"


class TestPlotGenerations:
    def test_one_bar_per_generation_with_counts(self, net):
        ax = rg.plot_generations(net)
        assert [round(p.get_height()) for p in ax.patches] == [2, 2, 1]
        assert texts(ax) == ["2 (40%)", "2 (40%)", "1 (20%)"]
        assert [t.get_text() for t in ax.get_xticklabels()] == [
            "Direct\ncontacts (1st)",
            "2nd\ngeneration",
            "3rd\ngeneration",
        ]
        assert ax.get_ylabel() == "People"

    def test_cohort_sums_generations(self, cohort):
        ax = rg.plot_generations(cohort)
        assert [round(p.get_height()) for p in ax.patches] == [2, 1]  # A and C direct, B second
        assert ax.get_title() == "Reach by generation: 3 seekers (3 people)"

    def test_table_input_ignores_generation_zero(self):
        table = pd.DataFrame({"generation": [0, 1, 2], "contacts": [1, 4, 1]})
        ax = rg.plot_generations(table)
        assert len(ax.patches) == 2

    def test_table_without_columns(self):
        with pytest.raises(rg.SchemaError, match="missing 'contacts'"):
            rg.plot_generations(pd.DataFrame({"generation": [1]}))


class TestPlotTree:
    def test_layout_centres_parents_on_their_leaves(self):
        #      0
        #    1   2
        #   3 4
        x, y = tree_layout(np.array([-1, 0, 0, 1, 1]), np.array([0, 1, 1, 2, 2]))
        assert x.tolist() == [0, 1, 1, 2, 2]
        assert y[3] - y[4] == 1  # leaves one unit apart, first on top
        assert y[1] == (y[3] + y[4]) / 2
        assert y[0] == (min(y[3], y[2]) + max(y[3], y[2])) / 2
        assert y[2] < y[4]

    def test_layout_stacks_trees(self):
        x, y = tree_layout(np.array([-1, 0, -1, 2]), np.array([0, 1, 0, 1]))
        assert y[2] - y[0] == -2.0

    def test_layout_is_vectorised_at_scale(self):
        rng = np.random.default_rng(0)
        n = 200_000
        parent = np.concatenate([[-1], rng.integers(0, np.arange(1, n))])
        generation = np.zeros(n, dtype=np.int64)
        for i in range(1, n):  # test set-up only
            generation[i] = generation[parent[i]] + 1
        x, y = tree_layout(parent, generation)
        assert np.isfinite(y).all() and len(np.unique(y[np.bincount(parent[1:], minlength=n) == 0])) == int(
            (np.bincount(parent[1:], minlength=n) == 0).sum()
        )

    def test_draws_people_edges_and_labels(self, net):
        ax = rg.plot_tree(net)
        assert ax.get_title() == "Referral tree: Maya (5 contacts)"
        assert sorted(texts(ax)) == sorted(["Maya", "Ann", "Bo", "Cy", "Di", "Ed"])
        lines = [c for c in ax.collections if isinstance(c, LineCollection)]
        assert sum(len(c.get_segments()) for c in lines) == 5
        dashed = [c for c in lines if c.get_linestyle()[0][1] is not None]
        assert len(dashed) == 1 and len(dashed[0].get_segments()) == 1  # Ann -> Cy, only suggested
        assert [t.get_text() for t in ax.get_xticklabels()] == ["Seeker", "Direct", "2", "3"]
        assert "Suggested, not met yet" in [t.get_text() for t in ax.get_legend().get_texts()]

    def test_no_labels_when_large_or_asked(self, net):
        assert texts(rg.plot_tree(net, labels=False)) == []

    def test_max_nodes(self, net):
        with pytest.raises(rg.SizeLimitError, match="max_nodes=3"):
            rg.plot_tree(net, max_nodes=3)

    @pytest.mark.parametrize("color_by", ["generation", "status", "origin", "field"])
    def test_color_by(self, net, color_by):
        ax = rg.plot_tree(net, color_by=color_by)
        assert len(ax.get_legend().get_texts()) >= 2

    def test_color_by_field_groups(self, net):
        legend = [t.get_text() for t in rg.plot_tree(net, color_by="field").get_legend().get_texts()]
        assert legend == ["Seeker", "Data", "Design", "Unknown", "Suggested, not met yet"]

    def test_color_by_bad_value(self, net):
        with pytest.raises(ValueError, match="color_by must be one of"):
            rg.plot_tree(net, color_by="shoe size")

    def test_color_by_missing_column(self, net):
        with pytest.raises(rg.SchemaError, match="needs a 'organization' column"):
            rg.plot_tree(net, color_by="organization")

    def test_bad_labels_and_max_nodes(self, net):
        with pytest.raises(ValueError, match="labels must be"):
            rg.plot_tree(net, labels="some")
        with pytest.raises(ValueError, match="max_nodes must be an integer >= 1"):
            rg.plot_tree(net, max_nodes=0)

    def test_cohort_draws_every_tree(self, cohort):
        ax = rg.plot_tree(cohort)
        assert ax.get_title() == "Referral tree: 3 seekers (3 contacts)"
        assert "S3" in texts(ax)
        one = rg.plot_tree(cohort, seeker="S2", ax=plt.subplots()[1])
        assert sorted(texts(one)) == ["C", "S2"]

    def test_rejects_a_table(self, net):
        with pytest.raises(TypeError, match="data must be a ReferralNetwork"):
            rg.plot_tree(net.tree_table())


class TestPlotFunnel:
    def test_stages(self, net):
        ax = rg.plot_funnel(net)
        # asked in 2 meetings; Bo, Cy, Di introduced (Cy only suggested); Bo and Di met
        assert [round(p.get_width()) for p in ax.patches] == [2, 3, 2]
        assert texts(ax) == ["2 conversations", "3 people, 1 only suggested", "2 (67% of those introduced)"]
        assert ax.get_title() == "From asking to meeting: Maya"

    def test_matches_seeker_summary(self, net):
        ax = rg.plot_funnel(net)
        summary = rg.seeker_summary(net).iloc[0]
        asked, introduced, met = (round(p.get_width()) for p in ax.patches)
        assert asked == summary["asks"]
        assert met / introduced == pytest.approx(summary["suggested_to_met_rate"])

    def test_asks_not_recorded(self):
        contacts, intros, meetings = small_frames()
        net = rg.from_frames(contacts, intros, meetings.drop(columns="asked_for_introductions"))
        ax = rg.plot_funnel(net)
        assert texts(ax)[0] == "not recorded"

    def test_met_unknown_is_na_not_zero(self):
        """Issue 20: without any meeting recorded the funnel said "0 (0% of those introduced)"."""
        net = rg.from_frames(
            pd.DataFrame({"name": ["Me", "Ann", "Bo"], "is_seeker": ["y", "", ""]}),
            pd.DataFrame({"introducer": ["Ann"], "introduced": ["Bo"]}),
        )
        assert texts(rg.plot_funnel(net)) == ["not recorded", "1 person", "n/a (no meetings recorded)"]

    def test_one_seeker_of_a_cohort(self, cohort):
        ax = rg.plot_funnel(cohort, seeker="S1")
        assert [round(p.get_width()) for p in ax.patches] == [1, 1, 0]
        assert [round(p.get_width()) for p in rg.plot_funnel(cohort, ax=plt.subplots()[1]).patches] == [2, 1, 0]

    def test_kwargs_reach_the_bars(self, net):
        ax = rg.plot_funnel(net, color="red")
        assert all(matplotlib.colors.same_color(p.get_facecolor(), "red") for p in ax.patches)


class TestPlotThankYou:
    def test_share_within_24_hours_in_title(self, net):
        ax = rg.plot_thank_you(net)
        # Ann 10 h and Ed the same day are within 24 h; Bo 48 h is late; Di has none
        assert ax.get_title() == "First conversations thanked within 24 hours (Maya): 2 of 4 contacts (50%)"
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend == ["Within 24 hours (2)", "Later (1)", "Not sent (1)"]

    def test_bars_and_24_hour_line(self, net):
        ax = rg.plot_thank_you(net)
        heights = {round(p.get_x()): round(p.get_height()) for p in ax.patches if p.get_height()}
        # 0 h, 10 h, 48 h (bins include their upper end), then "not sent" after a gap
        assert heights == {0: 1, 6: 1, 42: 1, 54: 1}
        assert any(list(line.get_xdata()) == [24, 24] for line in ax.lines)
        assert "not\nsent" in [t.get_text() for t in ax.get_xticklabels()]

    def test_matches_seeker_summary(self, net):
        summary = rg.seeker_summary(net).iloc[0]
        assert f"({summary['thank_you_24h_rate']:.0%})" in rg.plot_thank_you(net).get_title()

    def test_exactly_24_hours_is_within(self):
        table = pd.DataFrame({"thank_you_hours": [24.0, 24.5]})
        ax = rg.plot_thank_you(table)
        assert ax.get_title() == "First conversations thanked within 24 hours: 1 of 2 contacts (50%)"
        blue = [p for p in ax.patches if p.get_height() and p.get_x() < 24]
        assert [(round(p.get_x()), round(p.get_height())) for p in blue] == [(18, 1)]

    def test_table_input(self):
        table = pd.DataFrame(
            {
                "seeker": "s",
                "contact": list("abcde"),
                "meetings": [1, 1, 1, 0, 1],
                "thank_you_hours": [3.0, 30.0, 200.0, np.nan, np.nan],
            }
        )
        ax = rg.plot_thank_you(table)
        assert ax.get_title() == "First conversations thanked within 24 hours (s): 1 of 4 contacts (25%)"
        assert "96+" in [t.get_text() for t in ax.get_xticklabels()]

    def test_not_recorded(self):
        contacts, intros, meetings = small_frames()
        net = rg.from_frames(contacts, intros, meetings.drop(columns="thank_you_sent"))
        assert "not recorded" in texts(rg.plot_thank_you(net))[0]

    def test_table_without_column(self):
        with pytest.raises(rg.SchemaError, match="thank_you_hours"):
            rg.plot_thank_you(pd.DataFrame({"hours": [1.0]}))

    def test_cohort(self, cohort):
        ax = rg.plot_thank_you(cohort)
        assert ax.get_title() == "First conversations thanked within 24 hours (3 seekers): 1 of 2 contacts (50%)"
