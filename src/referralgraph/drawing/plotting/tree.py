"""The referral tree drawn layered by generation, laid out from the columnar index (no force layout)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..._checks import check_choice, check_int
from ..._docstrings import share_docs
from ...exceptions import SchemaError, SizeLimitError
from ...model import STATUS_NAMES
from ..layout import tree_layout
from ._style import (
    measured,
    axes_points,
    fit_title,
    fit_xlabel,
    fit_xticks,
    text_points,
    GREY,
    LIGHT_GREY,
    PALETTE,
    SEEKER_COLOR,
    STATUS_COLORS,
    check_data,
    generation_color,
    generation_label,
    get_ax,
    network_seekers,
    no_data,
    seeker_title,
    with_who,
)
from ...model.vocabulary import STATUS_TITLES, SUGGESTED

__all__ = ["plot_tree"]

COLOR_BY = ("generation", "status", "origin", "field", "organization")
#: ``labels="auto"`` writes names when a drawing has at most this many people
AUTO_LABELS = 60
#: categories coloured one by one before the rest become "Other"
TOP_CATEGORIES = len(PALETTE)


@share_docs
def plot_tree(net, *, seeker=None, color_by="generation", labels="auto", max_nodes=2000, as_of=None, ax=None, **kwargs):
    """Draw the referral tree layered by generation: the seeker on the left, introductions to the right.

    Each column is a generation (direct contacts, then the people they introduced,
    ...), each person sits at the middle of the people they led to, and siblings
    keep the order in which they were introduced. Introductions that were only
    suggested and not yet met are drawn dashed and faded, their people hollow.
    Marker area grows with the number of people each person led to.

    The layout comes from :attr:`ReferralNetwork.index` in a few vectorised passes
    (see :func:`referralgraph.drawing.layout.tree_layout`, the layout the maps use too); no force-directed layout is run.

    Parameters
    ----------
    {net}
    seeker : str, optional
        Whose tree to draw. ``None`` means every seeker: the only seeker's tree, or every
        tree of a cohort stacked one under the other.
    color_by : {"generation", "status", "origin", "field", "organization"}, default "generation"
        What the colour of a person shows. ``origin`` is the direct contact whose
        branch they are in; ``field`` and ``organization`` are contact columns. The
        most frequent categories get a colour each, the rest are grey ("Other").
    labels : bool or "auto", default "auto"
        Write each person's name beside them; ``"auto"`` does so only when at most
        60 people are drawn.
    max_nodes : int, default 2000
        Refuse to draw more people than this (a larger tree is unreadable as a
        static picture and slow to draw); pick a ``seeker`` or raise the limit.
    {as_of_plot}
    {ax}
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.scatter` for the people (not the seeker).

    {returns_axes}

    Raises
    ------
    {raises_net}
    OptionError
        (a ``ValueError``) If ``color_by``, ``labels`` or ``max_nodes`` is not one of the accepted values.
    {raises_seeker}
    SchemaError
        If ``color_by`` names a contacts column the network does not have.
    SizeLimitError
        If more than ``max_nodes`` people would be drawn.

    See Also
    --------
    referralgraph.drawing.layout.tree_layout : the positions used here (shared with the maps).
    plot_generations : how many people each generation holds.

    Notes
    -----
    A person in several seekers' trees appears once per tree.

    {example_axes}
    >>> contacts = pd.DataFrame({"name": ["Maya", "Ann", "Bo", "Cy"], "is_seeker": ["yes", "", "", ""]})
    >>> intros = pd.DataFrame({"introducer": ["Ann", "Ann"], "introduced": ["Bo", "Cy"],
    ...                        "status": ["met", "suggested"]})
    >>> rg.plot_tree(rg.from_frames(contacts, intros), ax=ax) is ax
    True
    >>> ax.get_title()
    'Referral tree: Maya (3 contacts)'
    >>> [t.get_text() for t in ax.texts]
    ['Maya', 'Ann', 'Bo', 'Cy']
    >>> plt.close(fig)
    """
    check_data(net, "", frame_ok=False)
    net = measured(net, as_of)
    check_choice("color_by", color_by, COLOR_BY)
    check_choice("labels", labels, (True, False, "auto"))
    check_int("max_nodes", max_nodes, minimum=1)
    positions = network_seekers(net, seeker)
    ax = get_ax(ax)
    ix = net.index
    rows = np.arange(ix.offsets[positions[0]], ix.offsets[positions[-1] + 1]) if positions else np.zeros(0, np.int64)
    n_contacts = len(rows) - len(positions)
    title = with_who("Referral tree", seeker_title(net, seeker))
    if n_contacts <= 0:
        return no_data(ax, title, "No contacts yet" if positions else "No seekers in the network")
    if len(rows) > max_nodes:
        raise SizeLimitError(
            f"the drawing would hold {len(rows):,} people, more than max_nodes={max_nodes:,}; pass seeker=... "
            "to draw one tree, or raise max_nodes (large static trees are slow to draw and unreadable; "
            "the interactive map scales further)"
        )

    show_labels = labels is True or (labels == "auto" and len(rows) <= AUTO_LABELS)
    # one copy of the contacts table, only when names or a contacts column are drawn
    contacts = net.contacts if show_labels or color_by in ("field", "organization", "origin") else None
    if contacts is not None and color_by in ("field", "organization") and color_by not in contacts.columns:
        raise SchemaError(
            f"color_by={color_by!r} needs a {color_by!r} column in contacts; "
            f"the network's contacts have {', '.join(map(repr, contacts.columns))}"
        )
    local = np.full(len(ix), -1, dtype=np.int64)
    local[rows] = np.arange(len(rows))
    parent = np.where(ix.parent[rows] >= 0, local[np.maximum(ix.parent[rows], 0)], -1)
    generation = ix.generation[rows]
    x, y = tree_layout(
        parent, generation, kind="layered", orientation="right", pack="stack", leaf_gap=1.0, level_gap=1.0
    )
    status = ix.status[rows]
    is_root = parent < 0
    suggested = status == SUGGESTED
    n = len(rows)

    _draw_edges(ax, x, y, parent, suggested, lw=float(np.clip(40 / np.sqrt(n), 0.4, 1.4)))
    # people, coloured by color_by
    names, palette, legend = _colour_categories(net, contacts, rows, generation, status, color_by)
    base = float(np.clip(2400 / n, 8, 60))
    sizes = base * (1 + np.sqrt(ix.descendants[rows]))
    member = np.flatnonzero(~is_root)
    face = np.array(palette, dtype=object)[names[member]]
    edge = face.copy()
    face[suggested[member]] = "white"
    scatter_kws = {
        "s": sizes[member],
        "c": list(face),
        "edgecolors": list(edge),
        "linewidths": 1.0,
        "zorder": 3,
    } | kwargs
    ax.scatter(x[member], y[member], **scatter_kws)
    roots = np.flatnonzero(is_root)
    ax.scatter(x[roots], y[roots], s=max(base * 4, 120), marker="*", c=SEEKER_COLOR, zorder=4)

    depth = int(generation.max())
    _frame_axes(ax, y, depth=depth, show_labels=show_labels)
    _legend(ax, palette, legend, n_roots=len(roots), suggested=bool(suggested.any()), color_by=color_by)
    # texts last, measured against the room the legend leaves: nothing overlaps, nothing is cut off
    words = ["Seeker", "Direct"][: depth + 1] + [str(g) for g in range(2, depth + 1)]
    if fit_xticks(ax, range(depth + 1), words, [str(g) for g in range(depth + 1)]):
        fit_xlabel(ax, "Generation: introductions between the seeker and the person")
    else:
        fit_xlabel(ax, "Generation (0 = the seeker, 1 = direct contacts)")
    fit_title(ax, f"{title} ({n_contacts:,} contact{'s' if n_contacts != 1 else ''})")
    if show_labels:  # at most a few dozen texts: labels are for small trees
        _place_labels(
            ax,
            x,
            y,
            _names(net, contacts, ix.node[rows]),
            float(np.clip(300 / n, 6, 9)),
            is_root,
            suggested,
            np.lexsort((np.arange(n), -ix.descendants[rows], ~is_root)),
        )
    return ax


def _draw_edges(ax, x, y, parent, suggested, *, lw: float) -> None:
    """Introducer -> introduced lines: solid, or dashed and faded when only suggested."""
    from matplotlib.collections import LineCollection

    child = np.flatnonzero(parent >= 0)
    seg = np.stack(
        [np.column_stack([x[parent[child]], y[parent[child]]]), np.column_stack([x[child], y[child]])], axis=1
    )
    solid, dashed = ~suggested[child], suggested[child]
    if solid.any():
        ax.add_collection(LineCollection(seg[solid], colors="#9A9A9A", linewidths=lw, zorder=1))
    if dashed.any():
        ax.add_collection(
            LineCollection(seg[dashed], colors=LIGHT_GREY, linewidths=lw, linestyles=(0, (3, 2)), zorder=1)
        )


def _frame_axes(ax, y, *, depth: int, show_labels: bool) -> None:
    """Limits with room for the labels; no y axis, no frame but the bottom line."""
    ax.set_xlim(-0.6 if show_labels else -0.3, depth + (0.9 if show_labels else 0.3))
    pad = 0.8
    ax.set_ylim(y.min() - pad, y.max() + pad)
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="x", length=0)


def _legend(ax, palette, legend, *, n_roots: int, suggested: bool, color_by: str) -> None:
    """The seeker star, each category's colour and, when any, the hollow "suggested" marker."""
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=7, color=palette[i], label=lab)
        for i, lab in enumerate(legend)
        if lab is not None
    ]
    handles.insert(
        0,
        Line2D(
            [],
            [],
            marker="*",
            linestyle="",
            markersize=11,
            color=SEEKER_COLOR,
            label="Seeker" if n_roots == 1 else "Seekers",
        ),
    )
    if suggested:
        handles.append(
            Line2D(
                [],
                [],
                color=GREY,
                linestyle=(0, (3, 2)),
                marker="o",
                markerfacecolor="white",
                label=STATUS_TITLES["suggested"],
            )
        )
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        frameon=False,
        fontsize=9,
        title=color_by.capitalize() if color_by != "generation" else None,
    )


def _place_labels(ax, x, y, text, size, is_root, suggested, order) -> None:
    """Names beside their people, most important first, each shortened (with "…") to the room before the
    next generation's column and kept only where it overlaps no placed name and stays inside the Axes."""
    fig = ax.figure
    width, height = axes_points(ax)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    sx, sy = width / abs(x1 - x0), height / abs(y1 - y0)  # points per data unit
    placed: list[tuple[float, float, float, float]] = []
    for k in order.tolist():
        root = bool(is_root[k])
        fsize = size + (1 if root else 0)
        room = ((x[k] - x0 - 0.08) * sx if root else sx * 0.92) - 6  # a column is 1 data unit wide
        weight = "bold" if root else "normal"
        label = text[k]
        while len(label) > 3 and text_points(fig, label, fsize, weight) > room:
            label = label[:-2] + "…" if label.endswith("…") else label[:-1] + "…"
        if text_points(fig, label, fsize, weight) > room:
            continue
        w, h = text_points(fig, label, fsize, weight) + 6, fsize * 1.7  # the text, its white box and a little air
        left = (x[k] - x0) * sx + (-0.08 * sx - w if root else 0.08 * sx)
        bottom = (y[k] - min(y0, y1)) * sy - h / 2
        box = (left, bottom, left + w, bottom + h)
        if box[0] < 0 or box[2] > width or box[1] < 0 or box[3] > height:
            continue
        if any(box[0] < b[2] and box[2] > b[0] and box[1] < b[3] and box[3] > b[1] for b in placed):
            continue
        placed.append(box)
        ax.text(
            x[k] + (-0.08 if root else 0.08),
            y[k],
            label,
            ha="right" if root else "left",
            va="center",
            fontsize=fsize,
            fontweight="bold" if root else "normal",
            zorder=5,
            color="#222222" if not suggested[k] else GREY,
            bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.75},
        )


def _names(net, contacts, codes) -> list[str]:
    """Display names (``name``, else the id) of contact codes."""
    ids = net.ids.to_numpy()[codes]
    if "name" not in contacts.columns:
        return [str(i) for i in ids]
    names = contacts["name"].to_numpy()[codes]
    return [str(nm) if isinstance(nm, str) and nm.strip() else str(i) for nm, i in zip(names, ids)]


def _colour_categories(net, contacts, rows, generation, status, color_by):
    """Per row a category number, the colour of each number and its legend text (``None``: unused)."""
    ix = net.index
    members = generation > 0
    if color_by == "generation":
        gens = np.unique(generation[members])
        return (
            np.searchsorted(gens, generation),
            [generation_color(g) for g in gens],
            [generation_label(g) for g in gens],
        )
    if color_by == "status":
        order = STATUS_NAMES[::-1].tolist()  # met first
        number = np.array([order.index(s) for s in STATUS_NAMES], dtype=np.int64)[status]
        present = set(np.unique(number[members]).tolist())
        # suggested people get the dashed "Suggested, not met yet" entry instead
        names = [s.capitalize() if i in present else None for i, s in enumerate(order[:2])] + [None, None]
        return number, [STATUS_COLORS[s] for s in order], names
    if color_by == "origin":
        origin = ix.origin[rows]
        codes = ix.node[np.maximum(origin, 0)]
        values = pd.Series(np.where(origin >= 0, codes, -1)).where(origin >= 0, None)
    else:
        values = pd.Series(contacts[color_by].to_numpy()[ix.node[rows]], dtype=object)
        values = values.where(values.notna() & (values.astype(str).str.strip() != ""), None)
    values[~members] = None
    top = values[members].value_counts().index[:TOP_CATEGORIES].tolist()
    other = len(top)
    number = values.map({v: i for i, v in enumerate(top)})
    number = np.where(number.notna(), number.fillna(-1), np.where(values.isna(), other + 1, other)).astype(np.int64)
    labels = _names(net, contacts, np.asarray(top, dtype=np.int64)) if color_by == "origin" else [str(t) for t in top]
    present = set(np.unique(number[members]).tolist())
    shown: list[str | None] = [lab if i in present else None for i, lab in enumerate(labels + ["Other", "Unknown"])]
    return number, PALETTE[: len(top)] + [GREY, LIGHT_GREY], shown
