"""Interactive maps: offline, self-contained, escaped HTML pages drawn with vis-network.

:func:`network_map` makes a :class:`NetworkMap`; ``.save(path)`` writes one HTML file,
``_repr_html_`` shows it in Jupyter, ``.to_pyvis()`` hands the same data to pyvis.
See docs/maps.md.
"""

from .map import DEFAULT_MAX_NODES, NetworkMap, network_map

__all__ = ["network_map", "NetworkMap", "DEFAULT_MAX_NODES"]
