"""The aggregate maps: one node per seeker, or per organization, for cohorts too big to draw person by person."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...exceptions import SizeLimitError
from ...model import STATUS_NAMES
from ..layout import LEAF_GAP, pack_boxes, tree_layout
from ..palette import PALETTE, SEEKER_COLOR, generation_color
from ._encoding import (
    _bands,
    _categories,
    _days,
    _dominant,
    _fmt,
    _MISSING,
    _plural,
    _row_days,
    _Rows,
    _size,
    _text,
    _thousands,
)
from ...model.vocabulary import MET, ordinal


#: aggregate maps: up to this many groups are laid out in layered bands, more in rings
LAYERED_UP_TO = 300


# ---------------------------------------------------------------------------- aggregate maps
def _seeker_map(net, rows: _Rows, *, color_by, layout, max_nodes, budget_note):
    n_trees = rows.n_trees
    if n_trees > max_nodes:
        raise SizeLimitError(budget_note(n_trees))
    contacts = net.contacts
    seeker_rows = np.flatnonzero(rows.parent < 0)
    codes = rows.node[seeker_rows]
    frame = contacts.iloc[codes]
    ids, names = _text(frame, "id"), _text(frame, "name")
    names = np.where(names == "", ids, names)
    members = np.bincount(rows.tree, minlength=n_trees) - 1
    links = _seeker_links(rows)
    color = np.zeros(n_trees, dtype=np.int64)
    if color_by in ("field", "organization"):
        color, legend = _categories(
            _text(frame, color_by), np.zeros(n_trees, bool), missing_label="(not recorded)", other_word=f"{color_by}s"
        )
    else:
        legend = [{"label": "Seeker", "color": SEEKER_COLOR, "count": int(n_trees)}]
    size = _size(members, base=12.0, scale=3.0, cap=90.0)
    box = 2 * size + LEAF_GAP
    ox, oy = pack_boxes(box, box, gap=LEAF_GAP)
    nodes = {
        "cid": ids,
        "name": names,
        "kind": np.full(n_trees, 1),
        "x": ox + box / 2,
        "y": oy + box / 2,
        "size": size,
        "color": color,
        "faded": np.zeros(n_trees, bool),
        "gen": np.zeros(n_trees, np.int64),
        "parent": np.full(n_trees, -1),
        "day": np.full(n_trees, _MISSING, dtype=np.int64),
        "descendants": members,
    }
    ln = links["n"].to_numpy()
    edges = {
        "from": links["tree_x"].to_numpy(),
        "to": links["tree_y"].to_numpy(),
        "day": np.full(len(links), _MISSING, dtype=np.int64),
        "faded": np.zeros(len(links), bool),
        "width": np.minimum(1 + np.log2(np.maximum(ln, 1)), 8).round(2),
        "title": (pd.Series(ln).map(lambda v: _plural(int(v), "shared contact"))).to_numpy(dtype=object),
    }
    return nodes, edges, _seeker_tips(rows, frame, members, links), legend, "grid"


def _seeker_links(rows: _Rows) -> pd.DataFrame:
    """Pairs of trees (``tree_x < tree_y``) sharing people, and how many (``n``).

    Contacts shared by more than 50 trees are left out.
    """
    shared = pd.DataFrame({"tree": rows.tree[rows.gen > 0], "node": rows.node[rows.gen > 0]})
    k = shared.groupby("node")["tree"].transform("size")
    shared = shared[(k > 1) & (k <= 50)]
    pairs = shared.merge(shared, on="node")
    pairs = pairs[pairs["tree_x"] < pairs["tree_y"]]
    return pairs.groupby(["tree_x", "tree_y"]).size().reset_index(name="n")


def _seeker_tips(rows: _Rows, frame: pd.DataFrame, members: np.ndarray, links: pd.DataFrame) -> dict:
    """Tooltip columns of the seeker map: people by generation, and shared contacts as counts on every seeker.

    The links themselves are drawn for the seekers you select.
    """
    n_trees = rows.n_trees
    gmax = int(rows.gen.max()) if len(rows) else 0
    per_gen = np.bincount(rows.tree * (gmax + 1) + rows.gen, minlength=n_trees * (gmax + 1)).reshape(n_trees, gmax + 1)
    met = np.bincount(rows.tree[rows.status == MET], minlength=n_trees)
    deepest = np.zeros(n_trees, dtype=np.int64)
    np.maximum.at(deepest, rows.tree, rows.gen)
    by_gen = pd.Series(
        [", ".join(f"{ordinal(g)}: {c:,}" for g, c in enumerate(r) if g and c) for r in per_gen.tolist()], dtype=object
    ).to_numpy(dtype=object)
    ln = links["n"].to_numpy()
    partners = np.bincount(np.concatenate([links["tree_x"].to_numpy(), links["tree_y"].to_numpy()]), minlength=n_trees)
    shared_n = np.bincount(
        np.concatenate([links["tree_x"].to_numpy(), links["tree_y"].to_numpy()]),
        weights=np.concatenate([ln, ln]),
        minlength=n_trees,
    ).astype(np.int64)
    shares = np.where(
        partners > 0,
        _thousands(shared_n)
        + np.where(shared_n == 1, " contact", " contacts")
        + " with "
        + _thousands(partners)
        + np.where(partners == 1, " other seeker", " other seekers"),
        "none",
    )
    return {
        "Summary": np.full(n_trees, "", dtype=object),
        "People": _thousands(members),
        "Shared contacts": shares if n_trees > 1 else np.full(n_trees, "", dtype=object),
        "By generation": by_gen,
        "Met": _thousands(met),
        "Deepest generation": _fmt(deepest),
        "Organization": _text(frame, "organization"),
        "Field": _text(frame, "field"),
    }


def _organization_map(net, rows: _Rows, *, color_by, timeline, layout, max_nodes, budget_note):
    contacts = net.contacts
    first_contact_days = (
        _days(contacts["first_contact"].to_numpy())
        if "first_contact" in contacts.columns
        else np.full(len(contacts), _MISSING, dtype=np.int64)
    )
    day = _row_days(rows, first_contact_days)
    group, names, cid, is_seeker_group = _org_groups(contacts, rows, max_nodes=max_nodes, budget_note=budget_note)
    n_groups = len(names)
    # distinct people per group
    person = pd.DataFrame({"g": group, "node": rows.node}).drop_duplicates()
    people = np.bincount(person["g"].to_numpy(), minlength=n_groups)
    min_gen = np.full(n_groups, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(min_gen, group, rows.gen)
    max_gen = np.zeros(n_groups, dtype=np.int64)
    np.maximum.at(max_gen, group, rows.gen)
    g_day = np.full(n_groups, np.iinfo(np.int64).max, dtype=np.int64)
    dated = day != _MISSING
    np.minimum.at(g_day, group[dated], day[dated])
    g_day[g_day == np.iinfo(np.int64).max] = _MISSING
    g_day[min_gen == 0] = _MISSING
    agg, e_day, inside, out_n = _group_edges(rows, group, day, n_groups)
    color, legend = _org_colors(contacts, rows, group, names, min_gen, is_seeker_group, color_by=color_by)
    # positions: one band (or ring) per generation first reached, ordered by where the members sit in the tree layout
    kind = layout if layout != "auto" else ("layered" if n_groups <= LAYERED_UP_TO else "radial")
    tx, _ = tree_layout(rows.parent, rows.gen, rows.tree, kind="layered")
    mean_x = np.bincount(group, weights=tx, minlength=n_groups) / np.maximum(np.bincount(group, minlength=n_groups), 1)
    x, y = _bands(np.minimum(min_gen, 10**6), mean_x, kind=kind)
    size = _size(people, base=10.0, scale=4.0, cap=80.0)
    size[is_seeker_group] = np.maximum(size[is_seeker_group], 28.0)
    if not timeline:
        g_day[:] = _MISSING
        e_day[:] = _MISSING
    n_e = agg["n"].to_numpy()
    nodes = {
        "cid": cid,
        "name": names,
        "kind": np.where(is_seeker_group, 1, 2),
        "x": x,
        "y": y,
        "size": size,
        "color": color,
        "faded": np.zeros(n_groups, bool),
        "gen": min_gen,
        "parent": np.full(n_groups, -1),
        "day": g_day,
        "descendants": people,
    }
    edges = {
        "from": agg["f"].to_numpy(),
        "to": agg["t"].to_numpy(),
        "day": e_day,
        "faded": np.zeros(len(agg), bool),
        "width": np.minimum(1 + np.log2(np.maximum(n_e, 1)), 8).round(2),
        "title": (
            pd.Series(names[agg["f"].to_numpy()], dtype=object)
            + " → "
            + pd.Series(names[agg["t"].to_numpy()], dtype=object)
            + ": "
            + pd.Series(n_e).map(lambda v: _plural(int(v), "introduction"))
        ).to_numpy(dtype=object),
    }
    gen_range = np.where(min_gen == max_gen, _fmt(min_gen), _fmt(min_gen) + "-" + _fmt(max_gen))
    tips = {
        "Summary": np.where(is_seeker_group, "seeker", "organization"),
        "People": _thousands(people),
        "Generations": np.where(is_seeker_group, "", gen_range),
        "Introductions to other organizations": _thousands(out_n),
        "Introductions inside": _thousands(inside),
    }
    return nodes, edges, tips, legend, kind


def _org_groups(contacts: pd.DataFrame, rows: _Rows, *, max_nodes, budget_note):
    """The group of every row (each seeker on its own, then organizations), the groups' names and ids.

    Returns ``(group, names, cid, is_seeker_group)``; refuses with ``budget_note`` above ``max_nodes`` groups.
    """
    org = _text(contacts, "organization")[rows.node] if len(rows) else np.zeros(0, dtype=object)
    org = np.where(org == "", "(no organization)", org)
    key = (
        np.where(rows.gen == 0, pd.Series(rows.node).map(lambda c: f"\x00seeker{c}").to_numpy(dtype=object), org)
        if len(rows)
        else org
    )
    group, uniq = pd.factorize(pd.Series(key, dtype=object), sort=False)
    n_groups = len(uniq)
    if n_groups > max_nodes:
        raise SizeLimitError(budget_note(n_groups))
    is_seeker_group = np.zeros(n_groups, dtype=bool)
    np.logical_or.at(is_seeker_group, group[rows.gen == 0], True)
    seeker_code = np.full(n_groups, -1, dtype=np.int64)
    seeker_code[group[rows.gen == 0]] = rows.node[rows.gen == 0]
    names = np.array(list(uniq), dtype=object)
    cid = np.full(n_groups, "", dtype=object)
    if is_seeker_group.any():
        sframe = contacts.iloc[seeker_code[is_seeker_group]]
        sn, sid = _text(sframe, "name"), _text(sframe, "id")
        names[is_seeker_group] = np.where(sn == "", sid, sn)
        cid[is_seeker_group] = sid
    return group, names, cid, is_seeker_group


def _group_edges(rows: _Rows, group: np.ndarray, day: np.ndarray, n_groups: int):
    """Introductions between groups: one edge per (from, to) pair with its count ``n`` and first day.

    Returns ``(agg, e_day, inside, out_n)``: the edges, their days, introductions inside each group
    and introductions from each group to others.
    """
    has = rows.parent >= 0
    gf, gt = group[rows.parent[has]], group[has]
    inside = np.bincount(gf[gf == gt], minlength=n_groups)
    cross = gf != gt
    e = pd.DataFrame({"f": gf[cross], "t": gt[cross], "day": day[has][cross]})
    e["day"] = e["day"].where(e["day"] != _MISSING, np.iinfo(np.int64).max)
    agg = e.groupby(["f", "t"], sort=False).agg(n=("day", "size"), day=("day", "min")).reset_index()
    e_day = np.array(agg["day"].to_numpy(), dtype=np.int64)
    e_day[e_day == np.iinfo(np.int64).max] = _MISSING
    out_n = np.bincount(agg["f"].to_numpy(), weights=agg["n"].to_numpy(), minlength=n_groups).astype(np.int64)
    return agg, e_day, inside, out_n


def _org_colors(contacts, rows: _Rows, group, names, min_gen, is_seeker_group, *, color_by):
    """Colour codes and legend of the organization map: by first generation, by name, or by the commonest value."""
    n_groups = len(names)
    if color_by == "generation":
        gval = np.minimum(min_gen, len(PALETTE)).astype(object)
        top = int(gval[~is_seeker_group].max()) if (~is_seeker_group).any() else 0
        labels = {g: f"Reached first in generation {g}" for g in range(1, top + 1)}
        if top == len(PALETTE):
            labels[top] = f"Reached first in generation {top} or later"
        return _categories(
            gval,
            is_seeker_group,
            missing_label="",
            other_word="generations",
            order=list(range(1, top + 1)),
            labels=labels,
            colors={g: generation_color(g) for g in range(1, top + 1)},
        )
    if color_by == "organization":
        return _categories(
            names.astype(object), is_seeker_group, missing_label="(no organization)", other_word="organizations"
        )
    if color_by == "status":
        per_row = STATUS_NAMES[rows.status].astype(object)
    elif color_by == "origin":
        oc = rows.node[np.maximum(rows.origin, 0)]
        per_row = np.where(rows.origin >= 0, _text(contacts, "name")[oc] if len(rows) else oc, "")
    else:
        per_row = _text(contacts, color_by)[rows.node] if len(rows) else np.zeros(0, dtype=object)
    cat, lab = pd.factorize(pd.Series(per_row, dtype=object).replace("", "(not recorded)"))
    dom = _dominant(group[rows.gen > 0], cat[rows.gen > 0], n_groups) if len(rows) else np.zeros(n_groups, np.int64)
    dom_val = np.asarray(lab, dtype=object)[dom] if len(lab) else np.full(n_groups, "", dtype=object)
    color, legend = _categories(dom_val, is_seeker_group, missing_label="(not recorded)", other_word="values")
    for item in legend[1 if is_seeker_group.any() else 0 :]:
        item["label"] = f"Mostly {item['label']}"
    return color, legend
