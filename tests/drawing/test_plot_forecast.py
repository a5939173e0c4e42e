"""The fan chart: the Axes contract, what is drawn, a PNG written with Agg, errors."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import referralgraph as rg  # noqa: E402


def table():
    contacts = pd.DataFrame({"name": ["Me", "Ann", "Bo", "Cy"], "is_seeker": ["y", "", "", ""]})
    intros = pd.DataFrame(
        {"introducer": ["Ann", "Ann"], "introduced": ["Bo", "Cy"], "date": ["2026-02-10", "2026-03-20"]}
    )
    meetings = pd.DataFrame({"contact": ["Ann", "Bo"], "date": ["2026-02-02", "2026-02-15"]})
    return rg.forecast(rg.from_frames(contacts, intros, meetings), weeks=6, simulations=200)


class TestPlotForecast:
    def test_returns_the_given_axes(self):
        fig, ax = plt.subplots()
        assert rg.plot_forecast(table(), ax=ax) is ax

    def test_current_axes_by_default(self):
        fig, ax = plt.subplots()
        assert rg.plot_forecast(table()) is ax

    def test_median_band_and_history(self):
        t = table()
        fig, ax = plt.subplots()
        rg.plot_forecast(t, ax=ax)
        median = ax.lines[0]
        assert median.get_ydata().tolist() == t["median"].astype(float).tolist()
        assert len(ax.collections) == 1  # the 80% band
        history = [line for line in ax.lines if line.get_label() == "so far"]
        assert history and history[0].get_ydata().tolist()[-1] == t["median"].iloc[0]
        assert "80% interval" in ax.get_title()

    def test_history_can_be_given_or_left_out(self):
        t = table()
        fig, ax = plt.subplots()
        rg.plot_forecast(t, ax=ax, history=pd.DataFrame())
        assert [line.get_label() for line in ax.lines if not line.get_label().startswith("_")] == ["median"]
        fig, ax = plt.subplots()
        grow = pd.DataFrame({"period": pd.to_datetime(["2026-02-01", "2026-03-01"]), "cumulative_contacts": [1, 3]})
        rg.plot_forecast(t, ax=ax, history=grow)
        assert [line for line in ax.lines if line.get_label() == "so far"][0].get_ydata().tolist() == [1.0, 3.0]

    def test_met_and_kwargs(self):
        t = table()
        fig, ax = plt.subplots()
        rg.plot_forecast(t, ax=ax, met=True, color="red", linewidth=4)
        assert ax.lines[0].get_ydata().tolist() == t["met_median"].astype(float).tolist()
        assert ax.lines[0].get_linewidth() == 4

    def test_writes_a_png(self, tmp_path):
        fig, ax = plt.subplots()
        rg.plot_forecast(table(), ax=ax)
        path = tmp_path / "fan.png"
        fig.savefig(path)
        assert path.stat().st_size > 0 and path.read_bytes()[:4] == b"\x89PNG"

    def test_table_not_changed(self):
        t = table()
        before = t.copy()
        rg.plot_forecast(t)
        pd.testing.assert_frame_equal(t, before)

    def test_empty(self):
        fig, ax = plt.subplots()
        empty = pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "median": [], "low": [], "high": []})
        assert rg.plot_forecast(empty, ax=ax) is ax
        assert ax.texts[0].get_text() == "Nothing to forecast"

    def test_errors(self):
        with pytest.raises(TypeError, match="forecast_table must be the DataFrame referralgraph.forecast returns"):
            rg.plot_forecast([1, 2])
        with pytest.raises(rg.SchemaError, match="missing 'low', 'high'"):
            rg.plot_forecast(pd.DataFrame({"date": [], "median": []}))
        with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
            rg.plot_forecast(table(), ax="left")
        with pytest.raises(TypeError, match="history must be a DataFrame"):
            rg.plot_forecast(table(), history=[1])
