"""Deterministic tree layouts by generation, vectorised over the rows of a forest.

A forest here is a parent array in which every parent row precedes its children
(the order of :class:`referralgraph.TreeIndex` rows). Every pass is one numpy
operation per generation, so laying out 10^5 people takes a fraction of a second,
against minutes for a force-directed layout (``nx.spring_layout`` needs 106-123 s at
5*10^3 nodes; a browser's physics simulation does not settle at that size).
"""

from __future__ import annotations

import numpy as np

from ..exceptions import OptionError
from ..model import level_groups

__all__ = ["LAYOUTS", "tree_layout", "choose_layout", "pack_boxes", "LEAF_GAP", "LEVEL_GAP"]

#: the layouts :func:`tree_layout` knows
LAYOUTS = ("layered", "radial")

#: distance between neighbouring leaves and between generations, in map units (one unit is one CSS pixel at zoom 1)
LEAF_GAP = 46.0
LEVEL_GAP = 150.0


#: forests deeper than this many generations are laid out with two sparse triangular solves instead of
#: one numpy pass per generation (a 10^5-deep chain: 0.3 s instead of 7 s)
DEEP = 64


def _leaf_spans(parent: np.ndarray, generation: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: leaves under it (a leaf counts 1) and the first leaf slot of its subtree.

    Children of one parent keep their row order (generation, then date), so a
    person's branch is drawn left to right in the order introductions happened.
    Bottom-up, a row's leaves are its own plus its children's; top-down, a child
    starts where its parent starts plus its elder siblings' leaves. Both are one
    numpy pass per generation, or, for deep forests, a triangular solve each
    (parents precede children, so the systems are triangular).
    """
    n = len(parent)
    deep = n and int(generation.max()) > DEEP
    levels = [] if deep else level_groups(generation)
    has = np.flatnonzero(parent >= 0)
    children = np.bincount(parent[has], minlength=n) if n else np.zeros(0, np.int64)
    leaves = (children == 0).astype(np.float64)
    if deep:
        from scipy.sparse import csr_matrix, identity
        from scipy.sparse.linalg import spsolve_triangular

        down = csr_matrix((np.ones(len(has)), (parent[has], has)), shape=(n, n))  # parent -> child
        eye = identity(n, format="csr")
        leaves = np.rint(spsolve_triangular((eye - down).tocsr(), leaves, lower=False))
    else:
        for rows in reversed(levels):
            rows = rows[parent[rows] >= 0]
            if len(rows):
                np.add.at(leaves, parent[rows], leaves[rows])
    # exclusive running sum of sibling leaves, siblings in row order
    order = has[np.lexsort((has, parent[has]))]
    csum = np.cumsum(leaves[order])
    par = parent[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = par[1:] != par[:-1]
    group_start = np.maximum.accumulate(np.where(first, np.arange(len(order)), 0)) if len(order) else order
    before = csum - leaves[order]
    offset_in_parent = np.zeros(n)
    offset_in_parent[order] = before - before[group_start] if len(order) else before
    if deep:
        start = np.rint(spsolve_triangular((eye - down.T).tocsr(), offset_in_parent, lower=True))
        return leaves, start
    start = np.zeros(n)
    for rows in levels:
        rows = rows[parent[rows] >= 0]
        if len(rows):
            start[rows] = start[parent[rows]] + offset_in_parent[rows]
    return leaves, start


def tree_layout(
    parent: np.ndarray,
    generation: np.ndarray,
    tree: np.ndarray | None = None,
    *,
    kind: str = "layered",
    orientation: str = "down",
    pack: str = "grid",
    leaf_gap: float = LEAF_GAP,
    level_gap: float = LEVEL_GAP,
) -> tuple[np.ndarray, np.ndarray]:
    """Positions for every row of a forest: the one tree layout of maps and plots.

    A tidy layout: every leaf gets its own slot, every person sits at the middle
    of the people they led to, siblings keep their row order (the order the
    introductions happened), and no two subtrees overlap or cross.

    Parameters
    ----------
    parent : numpy.ndarray
        Per row, the parent row or -1 for a root; parents precede children.
    generation : numpy.ndarray
        Per row, the depth (0 for a root).
    tree : numpy.ndarray, optional
        Per row, the tree it belongs to (0..k-1, contiguous and non-decreasing);
        by default the roots in row order start the trees.
    kind : {"layered", "radial"}
        ``layered``: one band per generation, the root first, each person centred
        over the people they introduced. ``radial``: the root in the centre, one
        ring per generation, each branch in its own wedge whose angle is
        proportional to its leaves (a ring grows until its people fit).
    orientation : {"down", "right"}
        Layered only: generations go down the page (maps) or to the right, with
        ``x`` the generation and ``y`` running downwards from 0 (plots).
    pack : {"grid", "stack"}
        Several trees: packed side by side in rows of a roughly square area,
        biggest first (``grid``), or stacked one below the other (``stack``).
    leaf_gap, level_gap : float
        Distance between neighbouring leaves and between generations.

    Returns
    -------
    x, y : numpy.ndarray
        Float coordinates (y grows downwards for ``"down"``).

    Examples
    --------
    >>> import numpy as np
    >>> x, y = tree_layout(np.array([-1, 0, 0, 1]), np.array([0, 1, 1, 2]), np.zeros(4, int))
    >>> (y / 150).tolist(), bool(x[0] == x[1:3].mean())
    ([0.0, 1.0, 1.0, 2.0], True)
    >>> x, y = tree_layout(np.array([-1, 0, 0, 1]), np.array([0, 1, 1, 2]), orientation="right", pack="stack",
    ...                    leaf_gap=1.0, level_gap=1.0)
    >>> x.tolist(), y.tolist()
    ([0.0, 1.0, 1.0, 2.0], [-1.0, -0.5, -1.5, -0.5])
    """
    if kind not in LAYOUTS:
        raise OptionError(f"layout must be one of {', '.join(map(repr, LAYOUTS))} (got {kind!r})")
    if orientation not in ("down", "right"):
        raise OptionError(f"orientation must be 'down' or 'right' (got {orientation!r})")
    if pack not in ("grid", "stack"):
        raise OptionError(f"pack must be 'grid' or 'stack' (got {pack!r})")
    parent = np.asarray(parent, dtype=np.int64)
    n = len(parent)
    if n == 0:
        return np.zeros(0), np.zeros(0)
    generation = np.asarray(generation, dtype=np.int64)
    if tree is None:
        tree = np.cumsum(parent < 0) - 1
    tree = np.asarray(tree, dtype=np.int64)
    leaves, start = _leaf_spans(parent, generation)
    mid = start + leaves / 2.0  # centre of the subtree, in leaf slots from the tree's left edge
    n_trees = int(tree.max()) + 1
    roots = np.flatnonzero(parent < 0)
    width = np.zeros(n_trees)
    width[tree[roots]] = leaves[roots]
    depth = np.zeros(n_trees)
    np.maximum.at(depth, tree, generation.astype(np.float64))
    if kind == "layered" and orientation == "right":  # the plots' layout: x = generation, trees stacked downwards
        gap = 1.0 if pack == "stack" else 2.0
        top = np.concatenate([[0.0], np.cumsum(width + gap)[:-1]])
        return generation * level_gap, -(top[tree] + mid) * leaf_gap
    if kind == "layered":
        x = mid * leaf_gap
        y = generation * level_gap
        box_w, box_h = width * leaf_gap, depth * level_gap + leaf_gap
        cx, cy = np.zeros(n_trees), np.zeros(n_trees)
    else:
        total = np.maximum(width[tree], 1.0)
        angle = 2.0 * np.pi * mid / total
        # a ring must be long enough for its members: radius grows with the ring's population
        n_levels = int(generation.max()) + 1
        ring_key = tree * n_levels + generation
        pop = np.bincount(ring_key, minlength=n_trees * n_levels).reshape(n_trees, n_levels).astype(np.float64)
        need = pop * leaf_gap / (2.0 * np.pi)
        radius = np.zeros_like(need)
        for g in range(1, n_levels):
            radius[:, g] = np.maximum(radius[:, g - 1] + level_gap, need[:, g])
        r = radius[tree, generation]
        x, y = r * np.cos(angle - np.pi / 2), r * np.sin(angle - np.pi / 2)
        reach = radius[np.arange(n_trees), depth.astype(np.int64)]
        box_w = box_h = 2.0 * reach + leaf_gap
        cx, cy = reach, reach
    if pack == "stack":
        ox = np.zeros(n_trees)
        oy = np.concatenate([[0.0], np.cumsum(box_h + 2 * leaf_gap)[:-1]])
    else:
        ox, oy = pack_boxes(box_w, box_h, gap=2 * leaf_gap, aspect=1.6)
    return x + (ox + cx)[tree], y + (oy + cy)[tree]


def choose_layout(parent: np.ndarray, generation: np.ndarray, tree: np.ndarray | None = None) -> str:
    """``"layered"`` or ``"radial"`` by the shape of the forest: radial when its biggest tree is much wider than deep.

    A layered tree whose leaves span more than six times its height turns into a
    thin ribbon at the overview; rings keep such a wide, shallow tree round.

    Examples
    --------
    >>> import numpy as np
    >>> choose_layout(np.array([-1, 0, 1, 2]), np.array([0, 1, 2, 3]))  # a chain
    'layered'
    >>> star = np.r_[-1, np.zeros(200, int)]
    >>> choose_layout(star, np.r_[0, np.ones(200, int)])
    'radial'
    """
    parent = np.asarray(parent, dtype=np.int64)
    if len(parent) <= 2:
        return "layered"
    generation = np.asarray(generation, dtype=np.int64)
    if tree is None:
        tree = np.cumsum(parent < 0) - 1
    tree = np.asarray(tree, dtype=np.int64)
    children = np.bincount(parent[parent >= 0], minlength=len(parent))
    leaves = np.bincount(tree, weights=(children == 0), minlength=int(tree.max()) + 1)
    depth = np.zeros(len(leaves))
    np.maximum.at(depth, tree, generation.astype(np.float64))
    big = int(np.argmax(leaves))
    aspect = leaves[big] * LEAF_GAP / ((depth[big] + 1) * LEVEL_GAP)
    return "radial" if aspect > 6 else "layered"


def pack_boxes(
    width: np.ndarray, height: np.ndarray, *, gap: float, aspect: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """Top-left corners for boxes placed in rows (shelves) of a roughly square area, tallest first.

    Boxes are placed in order of height (then width), largest first, so a cohort's
    big trees sit together at the top left and small ones fill the rows below; the
    rows are about ``aspect`` times as wide as the whole is tall (1.6 suits a screen).
    One Python step per box (per tree, not per person): cohorts have at most a few
    thousand seekers.

    Examples
    --------
    >>> pack_boxes(np.array([10.0, 10.0, 10.0, 10.0]), np.array([10.0] * 4), gap=0.0)
    (array([ 0., 10.,  0., 10.]), array([ 0.,  0., 10., 10.]))
    """
    k = len(width)
    ox, oy = np.zeros(k), np.zeros(k)
    if k <= 1:
        return ox, oy
    target = max(float(np.sqrt(((width + gap) * (height + gap)).sum() * aspect)), float(width.max()))
    x = y = shelf = 0.0
    order = np.lexsort((np.arange(k), -width, -height))
    for i, w, h in zip(order.tolist(), width[order].tolist(), height[order].tolist()):
        if x > 0 and x + w > target:
            x, y, shelf = 0.0, y + shelf + gap, 0.0
        ox[i], oy[i] = x, y
        x += w + gap
        shelf = max(shelf, h)
    return ox, oy
