"""Out: maps, plots and file exports."""

from .maps import NetworkMap, network_map
from .export import save, to_node_link, write_gexf, write_graphml, write_json, write_template
from .plotting import plot_forecast, plot_funnel, plot_generations, plot_growth, plot_thank_you, plot_tree, save_figure

__all__: list[str] = ["network_map", "NetworkMap", "plot_growth", "plot_generations", "plot_tree", "plot_funnel", "plot_thank_you", "plot_forecast", "save_figure",
                       "save", "to_node_link", "write_json", "write_graphml", "write_gexf", "write_template"]
