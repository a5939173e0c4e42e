"""Every plot of a network takes ``as_of=``: the picture of the network as known on that date."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import referralgraph as rg  # noqa: E402

DAY = "2026-08-01"
PLOTS = {
    "plot_growth": {},
    "plot_generations": {},
    "plot_funnel": {},
    "plot_thank_you": {},
    "plot_mixing": {},
    "plot_convergence": {},
    "plot_origins": {"by": "source"},
    "plot_tree": {},
}


def _drawn(ax):
    """What an Axes shows: line data, bar heights, texts and the title."""
    lines = [tuple(map(float, line.get_ydata())) for line in ax.lines]
    bars = [round(float(p.get_height()), 9) for p in ax.patches]
    texts = sorted(t.get_text() for t in ax.texts)
    return lines, bars, texts, ax.get_title(), len(ax.collections)


@pytest.fixture(scope="module")
def net():
    return rg.demo()


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_as_of_draws_the_snapshot(net, name):
    draw = getattr(rg, name)
    opts = PLOTS[name]
    then = _drawn(draw(net, as_of=DAY, ax=plt.figure().gca(), **opts))
    snap = _drawn(draw(rg.snapshot(net, DAY), ax=plt.figure().gca(), **opts))
    now = _drawn(draw(net, ax=plt.figure().gca(), **opts))
    plt.close("all")
    assert then == snap
    assert then != now  # the demo grows after August: the date changes the picture


def test_as_of_with_a_table_is_refused(net):
    with pytest.raises(rg.OptionError, match="as_of applies to a network"):
        rg.plot_growth(rg.growth(net), as_of=DAY)
    plt.close("all")
