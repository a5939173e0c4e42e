"""Shared look and input handling of the static plots: palette, axes helpers, seeker selection.

matplotlib is imported inside the helpers that need it, never at module import.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...exceptions import ArgumentTypeError, OptionError, SchemaError, SeekerNotFound
from ...model import ReferralNetwork
from .. import palette as _palette

__all__: list[str] = []

# one palette for maps and plots (drawing/palette.py): "met" and each generation look the same everywhere
PALETTE = list(_palette.PALETTE)
SEEKER_COLOR = _palette.SEEKER_COLOR
GREY = _palette.GREY
LIGHT_GREY = _palette.LIGHT_GREY
STATUS_COLORS = _palette.STATUS_COLORS
generation_color = _palette.generation_color
generation_label = _palette.generation_label
NO_DATA = "No data to plot"


def get_ax(ax):
    """The Axes to draw on: ``ax`` itself, or the current Axes (``plt.gca()``) when ``None``."""
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    if ax is None:
        return plt.gca()
    if not isinstance(ax, Axes):
        raise ArgumentTypeError(f"ax must be a matplotlib Axes or None (got {type(ax).__name__})")
    return ax


def tidy_axes(ax, *, grid: str | None = "y") -> None:
    """No top/right spines, a light grid behind the data on one axis."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_axisbelow(True)
    if grid:
        ax.grid(True, axis=grid, color="#E6E6E6", linewidth=0.8)


def no_data(ax, title: str, message: str = NO_DATA):
    """Leave ``ax`` empty but say why, so a figure of an empty network still reads well."""
    ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", color=GREY, fontsize=11)
    return ax


# ---------------------------------------------------------------- text that fits (no overlap, nothing cut off)
#: a DejaVu Sans character is at most about this many ems wide on average (digits 0.64, letters ~0.55)
_EM = 0.64


def axes_points(ax) -> tuple[float, float]:
    """The Axes' width and height in points, after the figure's layout engine (if any) has placed it."""
    fig = ax.figure
    engine = fig.get_layout_engine() if hasattr(fig, "get_layout_engine") else None
    margin = 0.9
    if engine is not None:
        engine.execute(fig)  # "constrained" or "tight": where the Axes will really be (legends, titles included)
        margin = 0.97
    w, h = fig.get_size_inches()
    pos = ax.get_position()
    return pos.width * w * 72 * margin, pos.height * h * 72 * margin


def text_points(fig, text: str, size: float, weight: int | str = "normal") -> float:
    """Width of ``text`` in points, measured with the figure's renderer (its widest line)."""
    from matplotlib.font_manager import FontProperties

    renderer = fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") else None
    if renderer is None:  # pragma: no cover - a canvas without a renderer: estimate
        return max((len(line) for line in text.split("\n")), default=0) * _EM * size
    prop = FontProperties(size=size, weight=weight)
    return (
        max(renderer.get_text_width_height_descent(line, prop, ismath=False)[0] for line in text.split("\n"))
        * 72.0
        / fig.dpi
    )


def _wrap(fig, text: str, size: float, width: float, weight: int | str = "normal") -> str:
    """``text`` broken between words into lines no wider than ``width`` points (measured)."""
    if text_points(fig, text, size, weight) <= width:
        return text
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and text_points(fig, candidate, size, weight) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return "\n".join(lines + [line])


def fit_title(ax, title: str, **kwargs) -> None:
    """``ax.set_title`` with the title wrapped to the Axes' width (a half-width plot gets two lines)."""
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(size=mpl.rcParams["axes.titlesize"], weight=mpl.rcParams["axes.titleweight"])
    ax.set_title(_wrap(ax.figure, title, prop.get_size_in_points(), axes_points(ax)[0], prop.get_weight()), **kwargs)


def fit_xlabel(ax, label: str) -> None:
    """``ax.set_xlabel`` wrapped to the Axes' width."""
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    size = FontProperties(size=mpl.rcParams["axes.labelsize"]).get_size_in_points()
    ax.set_xlabel(_wrap(ax.figure, label, size, axes_points(ax)[0]))


def fit_xticks(ax, positions, labels, short=None) -> bool:
    """Category ticks whose labels never overlap: ``labels``, else ``short`` ones, else every k-th short one.

    ``positions`` are evenly spaced data x values; the label width is estimated from its
    longest line at the tick font size. Returns whether the full ``labels`` were used.
    """
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    positions = list(positions)
    size = FontProperties(size=mpl.rcParams["xtick.labelsize"]).get_size_in_points()
    lo, hi = ax.get_xlim()
    per = axes_points(ax)[0] / max(abs(hi - lo), 1e-9) * (abs(positions[1] - positions[0]) if len(positions) > 1 else 1)

    def width(text):
        return max((len(line) for line in str(text).split("\n")), default=0) * _EM * size + 4

    for candidate in (labels, short):
        if candidate is not None and max((width(t) for t in candidate), default=0) <= per:
            ax.set_xticks(positions, candidate)
            return candidate is labels
    use = list(short if short is not None else labels)
    step = int(np.ceil(max(width(t) for t in use) / max(per, 1e-9))) if use else 1
    keep = [k for k in range(len(use)) if k % step == 0]
    ax.set_xticks([positions[k] for k in keep], [use[k] for k in keep])
    return False


def format_dates(ax) -> None:
    """Readable dates on the x axis (matplotlib's concise formatter)."""
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


# ---------------------------------------------------------------- inputs
def check_data(data, what: str, *, frame_ok: bool = True) -> None:
    """Raise ArgumentTypeError unless ``data`` is a network (or, when ``frame_ok``, a DataFrame)."""
    ok = (ReferralNetwork, pd.DataFrame) if frame_ok else (ReferralNetwork,)
    if not isinstance(data, ok):
        expected = "a ReferralNetwork or the DataFrame " + what if frame_ok else "a ReferralNetwork"
        raise ArgumentTypeError(f"data must be {expected} (got {type(data).__name__})")


def measured(data, as_of):
    """The network drawn: ``data`` as known on ``as_of`` (a table was measured already, so ``as_of`` is refused)."""
    if as_of is None:
        return data
    if not isinstance(data, ReferralNetwork):
        raise OptionError(
            "as_of applies to a network; a table was measured already (pass as_of to the function that made it)"
        )
    from ...analysis.facts import resolve

    return resolve(data, as_of)[0]


def require_columns(frame: pd.DataFrame, columns, what: str) -> None:
    """Raise SchemaError naming the columns a table lacks."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SchemaError(
            f"{what} needs the columns {', '.join(map(repr, columns))}; "
            f"missing {', '.join(map(repr, missing))} (got {', '.join(map(repr, frame.columns)) or 'no columns'})"
        )


def network_seekers(net: ReferralNetwork, seeker) -> list[int]:
    """Positions of the trees a plot covers: one seeker, or every seeker when ``seeker`` is None.

    Raises SeekerNotFound for an id that is not a seeker.
    """
    if seeker is None:
        return list(range(len(net.seekers)))
    return [net.seeker_position(seeker)]


def filter_seeker(frame: pd.DataFrame, seeker, what: str) -> pd.DataFrame:
    """Rows of one seeker of a tidy table (all rows when ``seeker`` is None).

    Raises SeekerNotFound when the table has a ``seeker`` column without that seeker.
    """
    if seeker is None or "seeker" not in frame.columns:
        return frame
    rows = frame[frame["seeker"] == seeker]
    if rows.empty and len(frame):
        known = pd.unique(frame["seeker"].dropna())
        raise SeekerNotFound(
            f"{seeker!r} is not a seeker in {what}; expected one of "
            f"{', '.join(map(repr, known[:10]))}{' ...' if len(known) > 10 else ''}"
        )
    return rows


def seeker_title(data, seeker, positions=None) -> str:
    """Who a plot is about, in words: a seeker's name, or 'N seekers' for a cohort."""
    if isinstance(data, ReferralNetwork):
        seekers = data.seekers if seeker is None else [data.seekers[data.seeker_position(seeker)]]
        if len(seekers) == 1:
            name = data.contact(seekers[0]).get("name")
            if isinstance(name, str) and name.strip():
                return name
            return str(seekers[0])
        return f"{len(seekers):,} seekers"
    if seeker is not None:
        return str(seeker)
    if isinstance(data, pd.DataFrame) and "seeker" in data.columns:
        n = data["seeker"].nunique()
        if n == 1:
            return str(data["seeker"].dropna().iat[0])
        return f"{n:,} seekers"
    return ""


def with_who(title: str, who: str) -> str:
    return f"{title}: {who}" if who else title


def as_timestamps(values: pd.Series) -> pd.Series:
    """Periods or dates as timestamps (period start) for a date axis."""
    if isinstance(values.dtype, pd.PeriodDtype):
        return values.dt.start_time
    return pd.to_datetime(values)
