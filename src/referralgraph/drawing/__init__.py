"""Drawing: interactive maps and matplotlib plots, sharing one tree layout and one palette."""

from .maps import NetworkMap, network_map
from .plotting import (
    FIGURE_FORMATS,
    plot_convergence,
    plot_forecast,
    plot_mixing,
    plot_origins,
    plot_funnel,
    plot_generations,
    plot_growth,
    plot_thank_you,
    plot_tree,
    save_figure,
)

__all__ = [
    "network_map",
    "NetworkMap",
    "plot_growth",
    "plot_generations",
    "plot_tree",
    "plot_funnel",
    "plot_thank_you",
    "plot_forecast",
    "save_figure",
    "FIGURE_FORMATS",
    "plot_mixing",
    "plot_convergence",
    "plot_origins",
]
