"""``rg.MapWidget``: the map as a two-way notebook widget (needs the optional package anywidget).

anywidget is an extra (``pip install "referralgraph[widget]"``): the command line, the
HTML pages and the plots never need it. Without it, ``rg.MapWidget(...)`` raises
:class:`~referralgraph.exceptions.MissingDependencyError` saying what to install.
"""

from __future__ import annotations

from ...exceptions import MissingDependencyError

__all__ = ["MapWidget"]

_NEEDED = ("anywidget", "traitlets", "ipywidgets")

try:
    from ._widget import MapWidget
except ModuleNotFoundError as _exc:  # anywidget (or what it needs) is not installed
    if _exc.name not in _NEEDED:
        raise
    _MISSING = _exc.name

    class MapWidget:  # type: ignore[no-redef]
        """The interactive map as a notebook widget; needs anywidget (``pip install "referralgraph[widget]"``)."""

        def __init__(self, *args, **kwargs) -> None:
            raise MissingDependencyError(
                f"rg.MapWidget needs the package {_MISSING!r}, which is not installed: "
                'pip install "referralgraph[widget]" (or pip install anywidget); '
                "rg.network_map(net) still draws the map as a page and a picture without it"
            )
