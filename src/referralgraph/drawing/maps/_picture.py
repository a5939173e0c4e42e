"""A static picture of a map with matplotlib: the same layout, colours and non-overlapping labels.

Used by ``NetworkMap.save("map.png" / "map.svg" / "map.pdf")``, ``NetworkMap.to_png()``
and the ``image/png`` fallback of ``NetworkMap._repr_mimebundle_`` (notebooks that
will not run the page's script show it instead of a blank cell).
"""

from __future__ import annotations

import io
import textwrap

import numpy as np

from ..palette import EDGE_COLOR, OTHER_COLOR, TEXT_COLOR

__all__ = ["draw_map", "png_bytes", "save_picture"]

_MARKERS = {0: "o", 1: "*", 2: "h"}
#: labels drawn at most (the picture is an overview; the page shows more as you zoom)
MAX_LABELS = 120


def draw_map(m, ax, *, labels: bool = True):
    """Draw map ``m`` on ``ax`` (y downwards as on the page); return ``ax``."""
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    p = m.payload
    nodes, edges = p.nodes, p.edges
    n = p.n_nodes
    ax.set_axis_off()
    ax.set_title(m.title, loc="left", fontsize=11, color=TEXT_COLOR)
    if n == 0:
        ax.text(0.5, 0.5, "Nothing to map yet", transform=ax.transAxes, ha="center", va="center", color="#8c8c8c")
        return ax
    x = nodes["x"].astype(np.float64)
    y = nodes["y"].astype(np.float64)
    r = nodes["size"].astype(np.float64)
    pad = float(r.max()) * 1.5 + 10
    ax.set_xlim(x.min() - pad, x.max() + pad)
    ax.set_ylim(y.max() + pad, y.min() - pad)
    ax.set_aspect("equal", adjustable="box")
    fig = ax.figure
    fig.canvas.draw_idle() if fig.canvas is not None else None
    bbox = ax.get_window_extent()
    span = max(x.max() - x.min() + 2 * pad, (y.max() - y.min() + 2 * pad) * bbox.width / max(bbox.height, 1))
    points_per_unit = bbox.width / max(span, 1e-9) * 72.0 / fig.dpi

    if p.n_edges and not p.edges_on_demand:  # a cohort's shared-contact links are counted in the tooltips instead
        f, t = edges["from"].astype(np.int64), edges["to"].astype(np.int64)
        seg = np.stack([np.column_stack([x[f], y[f]]), np.column_stack([x[t], y[t]])], axis=1)
        faded = edges["faded"].astype(bool)
        lw = float(np.clip(60 / np.sqrt(max(n, 1)), 0.15, 1.0))
        if (~faded).any():
            ax.add_collection(LineCollection(seg[~faded], colors=EDGE_COLOR, linewidths=lw, alpha=0.8, zorder=1))
        if faded.any():
            ax.add_collection(
                LineCollection(
                    seg[faded], colors=EDGE_COLOR, linewidths=lw, alpha=0.5, linestyles=(0, (3, 2)), zorder=1
                )
            )
    colors = np.array([e["color"] for e in p.legend] + [OTHER_COLOR], dtype=object)
    code = np.minimum(nodes["color"].astype(np.int64), len(colors) - 1)
    face = colors[code]
    area = np.maximum(2 * r * points_per_unit, 1.2) ** 2
    kinds = nodes["kind"].astype(np.int64)
    for kind, marker in _MARKERS.items():
        sel = kinds == kind
        if not sel.any():
            continue
        scale = 2.25 if kind == 1 else 1.0  # a star marker fills less of its box: 1.5x wider
        ax.scatter(
            x[sel],
            y[sel],
            s=area[sel] * scale,
            c=list(face[sel]),
            marker=marker,
            linewidths=0.4 if n < 5000 else 0,
            edgecolors="#1f2a44" if kind == 1 else "white",
            zorder=3 if kind == 0 else 4,
        )

    if labels:
        _labels(ax, p, x, y, r, points_per_unit)
    handles = [
        Line2D(
            [],
            [],
            marker="*" if e["label"] == "Seeker" else "o",
            linestyle="",
            markersize=7,
            color=e["color"],
            label=textwrap.fill(f"{e['label']} ({e['count']:,})", 30),
        )
        for e in p.legend[:12]
    ]
    if handles:  # wrapped to the margin the figure leaves it (nothing cut off at the right edge)
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            frameon=False,
            fontsize=8,
            title=textwrap.fill(p.legend_title, 30) if p.legend_title else None,
            title_fontsize=8,
        )
    return ax


def _labels(ax, p, x, y, r, points_per_unit) -> None:
    """Names in importance order wherever they fit: the same rule as the page, in display pixels.

    Each name is measured with the figure's renderer, tried right of its node, then left
    (then above and below for seekers and groups), and kept only where it overlaps no
    placed name and no drawn node, and lies inside the axes (nothing is cut off).
    """
    from matplotlib.font_manager import FontProperties

    order = p.nodes["label_order"].astype(np.int64)
    names = p.nodes["name"]
    kinds = p.nodes["kind"].astype(np.int64)
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    xy = ax.transData.transform(np.column_stack([x, y]))  # pixels
    px_per_pt = fig.dpi / 72.0
    frame = ax.get_window_extent()
    # drawn radius in pixels (stars are drawn 1.5x wider than their size, see draw_map)
    rad = r * points_per_unit * px_per_pt * np.where(kinds == 1, 1.5, 1.0)
    obstacles = len(x) <= 20_000  # people are obstacles too: a name never covers a node
    placed: list[tuple[float, float, float, float]] = []
    fonts = {True: FontProperties(size=8.0, weight="bold"), False: FontProperties(size=6.5)}
    for i in order[:5000].tolist():
        if len(placed) >= MAX_LABELS:
            break
        strong = int(kinds[i]) != 0
        if not strong and r[i] * points_per_unit < 1.5:
            continue
        text = names[i] if len(names[i]) <= 40 else names[i][:39] + "…"
        w, h, _ = renderer.get_text_width_height_descent(text, fonts[strong], ismath=False)
        w, h = w + 2, h + 2
        cx, cy, ri = xy[i, 0], xy[i, 1], rad[i] + 2
        spots = [(cx + ri, cy - h / 2), (cx - ri - w, cy - h / 2)]
        if strong:
            spots += [(cx - w / 2, cy + ri), (cx - w / 2, cy - ri - h)]
        for k, (x0, y0) in enumerate(spots):
            box = (x0, y0, x0 + w, y0 + h)
            if box[0] < frame.x0 or box[2] > frame.x1 or box[1] < frame.y0 or box[3] > frame.y1:
                continue
            if any(box[0] < b[2] and box[2] > b[0] and box[1] < b[3] and box[3] > b[1] for b in placed):
                continue
            if obstacles:
                hit = (
                    (xy[:, 0] - rad < box[2])
                    & (xy[:, 0] + rad > box[0])
                    & (xy[:, 1] - rad < box[3])
                    & (xy[:, 1] + rad > box[1])
                )
                hit[i] = False
                if hit.any():
                    continue
            placed.append(box)
            ax.annotate(
                text,
                xy=(0, 0),
                xycoords="figure pixels",
                xytext=(x0 + 1, y0 + h / 2),
                textcoords="figure pixels",
                fontproperties=fonts[strong],
                color=TEXT_COLOR,
                va="center",
                ha="left",
                zorder=5,
                annotation_clip=False,
            )
            break


def _figure(m, width: float, height: float, dpi: int):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.01, 0.01, 0.76, 0.93))
    draw_map(m, ax)
    return fig


def png_bytes(m, *, width: float = 9.0, height: float = 6.0, dpi: int = 100) -> bytes:
    """The picture as PNG bytes (no file written)."""
    fig = _figure(m, width, height, dpi)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def save_picture(m, path, *, overwrite: bool = False):
    """Write the picture to ``path`` (.png, .svg or .pdf) atomically; return the path."""
    from ..plotting import save_figure

    fig = _figure(m, 11.0, 7.5, 150)
    return save_figure(fig, path, overwrite=overwrite, dpi=150, bbox_inches=None)
