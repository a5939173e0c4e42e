"""Static plots without collisions: every text box of plot_tree, plot_generations and plot_growth is apart
from every other and inside the figure, at full and half width, for 1 to 200 generations."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import referralgraph as rg  # noqa: E402

from .test_cohort_views import clipped, collisions, deep_net, text_boxes  # noqa: E402

FULL, HALF = (9.0, 4.0), (4.5, 4.0)


def check(draw, size):
    fig, ax = plt.subplots(figsize=size, layout="constrained")
    try:
        draw(ax)
        boxes = text_boxes(fig)
        assert boxes, "nothing drawn"
        assert collisions(boxes) == []
        assert clipped(fig, boxes) == []
        return boxes
    finally:
        plt.close(fig)


@pytest.mark.parametrize("size", [FULL, HALF])
@pytest.mark.parametrize("depth", [1, 8, 17, 20, 200])
def test_plot_generations(depth, size):
    net = deep_net(depth)
    boxes = check(lambda ax: rg.plot_generations(net, ax=ax), size)
    assert any(t.startswith("Reach by generation") for t, _ in boxes)


def test_plot_generations_keeps_the_words_when_they_fit():
    boxes = check(lambda ax: rg.plot_generations(deep_net(3), ax=ax), FULL)
    assert "Direct\ncontacts (1st)" in [t for t, _ in boxes] and "1 (25%)" in [t for t, _ in boxes]


@pytest.mark.parametrize("size", [(9.0, 10.0), (4.5, 5.0)])
def test_plot_tree(size):
    check(lambda ax: rg.plot_tree(rg.demo(), ax=ax), size)


@pytest.mark.parametrize("size", [FULL, HALF])
def test_plot_tree_of_33_people(size):
    net = rg.synthetic_cohort(n_seekers=1, n_contacts=33, seed=3)
    check(lambda ax: rg.plot_tree(net, ax=ax), (size[0], 7.0))


@pytest.mark.parametrize("size", [FULL, HALF])
def test_plot_growth(size):
    check(lambda ax: rg.plot_growth(rg.demo(), ax=ax), size)
    cohort = rg.synthetic_cohort(n_seekers=3, n_contacts=600, seed=2)
    check(lambda ax: rg.plot_growth(cohort, ax=ax), size)
    check(lambda ax: rg.plot_growth(rg.demo(), by_generation=True, ax=ax), size)


def test_the_check_can_fail():
    """Two texts on top of each other are caught."""
    fig, ax = plt.subplots(figsize=FULL)
    ax.set_title("A title")
    ax.text(0.5, 0.5, "one", transform=ax.transAxes)
    ax.text(0.5, 0.5, "two", transform=ax.transAxes)
    ax.text(1.5, 0.5, "far out", transform=ax.transAxes)
    boxes = text_boxes(fig)
    assert ("one", "two") in collisions(boxes) and clipped(fig, boxes) == ["far out"]
    plt.close(fig)
