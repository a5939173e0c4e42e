"""Interactive maps: offline, self-contained, escaped HTML pages drawn with one WebGL renderer.

:func:`network_map` makes a :class:`NetworkMap`; ``.save(path)`` writes one HTML file,
``_repr_mimebundle_`` shows it in every notebook (with a PNG fallback), ``.to_pyvis()`` hands the same data to pyvis.
See docs/maps.md.
"""

from .map import DEFAULT_MAX_NODES, NetworkMap, network_map

__all__ = ["network_map", "NetworkMap", "DEFAULT_MAX_NODES"]
