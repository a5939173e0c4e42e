"""The one palette of referralgraph: maps and plots give "met", each generation and each category the same colour.

Tableau 10 (ten categorical colours readable on white, distinguishable for most
colour-blind readers), a dark navy for seekers and two greys for "other" and
"not yet". Both :func:`referralgraph.network_map` and the matplotlib plots read
their colours from here, so a legend means the same on every picture.

Examples
--------
>>> from referralgraph.drawing.palette import generation_color, STATUS_COLORS
>>> generation_color(1), STATUS_COLORS["met"]
('#4e79a7', '#59a14f')
>>> generation_color(0) == SEEKER_COLOR, generation_color(25) == generation_color(10)
(True, True)
"""

from __future__ import annotations

from ..model.vocabulary import generation_label  # the one label of a generation, maps and plots alike

__all__ = [
    "PALETTE",
    "SEEKER_COLOR",
    "OTHER_COLOR",
    "MORE_COLOR",
    "GREY",
    "LIGHT_GREY",
    "STATUS_COLORS",
    "EDGE_COLOR",
    "HIGHLIGHT_COLOR",
    "DEEP_COLOR",
    "TEXT_COLOR",
    "generation_color",
    "generation_label",
    "category_color",
    "rgba",
]

#: Tableau 10, in its published order
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#5f9ed1")
SEEKER_COLOR = "#1f2a44"
#: categories beyond the ten commonest ("other")
OTHER_COLOR = "#b8bcc2"
#: collapsed "+k more" nodes
MORE_COLOR = "#e3e5e8"
#: "10th generation and later": a dark grey, far from every generation colour and from the blue of direct
#: contacts also for colour-blind readers (CIELAB distance >= 30 under protan, deutan and tritan simulation)
DEEP_COLOR = "#525252"
GREY = "#8c8c8c"
LIGHT_GREY = "#d9d9d9"
EDGE_COLOR = "#8d98a7"
HIGHLIGHT_COLOR = "#d62728"
TEXT_COLOR = "#1f2a44"
#: colours of introduction statuses (``referralgraph.model.STATUS_NAMES``)
STATUS_COLORS = {"seeker": SEEKER_COLOR, "suggested": "#c9ccd1", "introduced": PALETTE[0], "met": PALETTE[2]}


def generation_color(generation: int) -> str:
    """Colour of a generation: the seeker's navy for 0, then the palette; the 10th and later share :data:`DEEP_COLOR`."""
    g = int(generation)
    if g <= 0:
        return SEEKER_COLOR
    if g >= len(PALETTE):
        return DEEP_COLOR
    return PALETTE[g - 1]


def category_color(k: int) -> str:
    """Colour of the ``k``-th commonest category (0-based); :data:`OTHER_COLOR` past the palette."""
    return PALETTE[k] if 0 <= k < len(PALETTE) else OTHER_COLOR


def rgba(color: str, alpha: float = 1.0) -> tuple[int, int, int, int]:
    """``#rrggbb`` as four bytes (red, green, blue, alpha 0-255).

    Examples
    --------
    >>> rgba("#4e79a7", 0.5)
    (78, 121, 167, 128)
    """
    v = int(color.lstrip("#"), 16)
    return (v >> 16) & 255, (v >> 8) & 255, v & 255, int(round(alpha * 255))
