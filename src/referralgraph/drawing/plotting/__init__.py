"""Static plots with matplotlib, in seaborn's manner: data first, keyword-only options, ``ax=None``, return the Axes.

matplotlib is imported inside the plotting functions, so importing referralgraph
never imports it.
"""

from .forecast import plot_forecast
from .growth import plot_generations, plot_growth
from .habits import plot_funnel, plot_thank_you
from .mixing import plot_convergence, plot_mixing, plot_origins
from ._save import FIGURE_FORMATS, save_figure
from .tree import plot_tree

__all__ = [
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
