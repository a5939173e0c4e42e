"""What a map draws: columnar node and edge lists, colours, tooltips, legend and timeline.

Everything is computed from ``net.index`` and the tables with numpy and pandas; no
NetworkX call and no per-person Python step beyond building the tooltip strings.
The result is a plain dict of lists (the JSON the page reads), never a pyvis object.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ... import _limits
from ...exceptions import SchemaError, SizeLimitError
from ._aggregate import _organization_map, _seeker_map
from ._encoding import _day_strings, _MISSING, _Rows, _text
from ._opportunities import opportunity_layer
from ._person import _person_map
from .payload import EDGE_ARRAYS, NODE_ARRAYS, MapPayload, StringTable

__all__ = ["COLOR_BY", "SIZE_BY", "AGGREGATES", "DEFAULT_MAX_NODES", "build_map_data", "edge_titles"]

COLOR_BY = ("generation", "field", "organization", "origin", "status", "outcome")
SIZE_BY = ("descendants", "children", "meetings", None)
AGGREGATES = ("seeker", "organization", "generation-cap")
#: drawn nodes above which :func:`referralgraph.network_map` refuses (the one number lives in ``_limits``)
DEFAULT_MAX_NODES = _limits.MAP_MAX_NODES


# ---------------------------------------------------------------------------- entry point
def edge_titles(payload: MapPayload) -> list[str]:
    """Every edge's hover text, as the page writes it (see ``edgeTitle`` in ``templates/map.js``)."""
    return payload.edge_titles()


def _label_order(kind: np.ndarray, descendants: np.ndarray, gen: np.ndarray) -> np.ndarray:
    """Label importance: seekers, then groups, then people who led to the most, shallow before deep."""
    n = len(kind)
    rank = np.where(kind == 1, 0, np.where(kind == 2, 1, 2))
    return np.lexsort((np.arange(n), gen, -np.asarray(descendants, dtype=np.int64), rank)).astype(np.uint32)


def build_map_data(
    net,
    *,
    seeker=None,
    color_by="generation",
    size_by="descendants",
    timeline=True,
    layout="auto",
    aggregate=None,
    max_generation=None,
    max_nodes=DEFAULT_MAX_NODES,
    pool=None,
) -> MapPayload:
    """The page's data as a :class:`MapPayload` (see ``payload.py`` and ``templates/map.js``).

    Options are validated by the caller (:func:`referralgraph.network_map`).
    """
    rows = _Rows(net, seeker)
    has_org = "organization" in net.contacts.columns
    if aggregate == "organization" and not has_org:
        raise SchemaError(
            "aggregate='organization' needs an 'organization' column in contacts; the network's "
            f"contacts have {', '.join(map(repr, net.contacts.columns)) or 'no columns'}"
        )
    budget_note = _budget_note(
        net,
        rows,
        seeker=seeker,
        aggregate=aggregate,
        max_generation=max_generation,
        max_nodes=max_nodes,
        has_org=has_org,
    )
    if aggregate == "seeker":
        parts = _seeker_map(net, rows, color_by=color_by, layout=layout, max_nodes=max_nodes, budget_note=budget_note)
        timeline = False
    elif aggregate == "organization":
        parts = _organization_map(
            net, rows, color_by=color_by, timeline=timeline, layout=layout, max_nodes=max_nodes, budget_note=budget_note
        )
    else:
        cap = max_generation
        if aggregate == "generation-cap" and cap is None:
            cap = rows.auto_cap(max_nodes)
            if cap is None:
                raise SizeLimitError(budget_note(rows.drawn_with_cap(1)))
        if cap is not None and len(rows) and cap >= int(rows.gen.max()):
            cap = None  # nothing to collapse
        parts = _person_map(
            net,
            rows,
            color_by=color_by,
            size_by=size_by,
            timeline=timeline,
            layout=layout,
            cap=cap,
            max_nodes=max_nodes,
            budget_note=budget_note,
            pool=pool,
        )
        parts, opportunities = _with_opportunities(net, parts)
        payload = _payload(rows, *parts, timeline=timeline, aggregate=aggregate)
        payload.opportunities = opportunities
        return payload
    return _payload(rows, *parts, timeline=timeline, aggregate=aggregate)


def _with_opportunities(net, parts: tuple) -> tuple[tuple, list]:
    """A person map's parts with each person's opportunity lines (before the next step), and the page's list."""
    nodes, edges, tips, legend, kind = parts
    opp_tips, opportunities = opportunity_layer(net, nodes["cid"])
    nxt = {"Next step": tips.pop("Next step")} if "Next step" in tips else {}
    return (nodes, edges, {**tips, **opp_tips, **nxt}, legend, kind), opportunities


def _budget_note(net, rows: _Rows, *, seeker, aggregate, max_generation, max_nodes, has_org):
    """The message of the size limit: how many nodes the map would draw, and each option that makes it fit."""

    def budget_note(n_drawn: int) -> str:
        hints = []
        if aggregate != "generation-cap" and max_generation is None:
            cap = rows.auto_cap(max_nodes)
            if cap is not None:
                hints.append(
                    f"aggregate='generation-cap' (draws generations 0-{cap}, {rows.drawn_with_cap(cap):,} nodes)"
                )
        if aggregate != "organization" and has_org:
            n_org = len(set(_text(net.contacts.iloc[np.unique(rows.node)], "organization").tolist())) + rows.n_trees
            if n_org <= max_nodes:
                hints.append(f"aggregate='organization' ({n_org:,} nodes)")
        if aggregate != "seeker" and rows.n_trees > 1 and rows.n_trees <= max_nodes:
            hints.append(f"aggregate='seeker' ({rows.n_trees:,} nodes)")
        if seeker is None and rows.n_trees > 1:
            hints.append("seeker=<id> for one seeker's tree")
        hints.append(f"max_nodes={n_drawn:,} (the page needs about 2-3 s per 10^5 nodes on a laptop without a GPU)")
        return (
            f"the map would draw {n_drawn:,} nodes; expected at most max_nodes={max_nodes:,}. "
            f"To make it feasible pass "
            + ", or ".join(hints)
            + " (command line: --aggregate, --max-generation, --seeker, --max-nodes)"
        )

    return budget_note


def _edge_dates(edges: dict) -> tuple[list, np.ndarray, np.ndarray]:
    """The distinct edge dates as text, each edge's index into them (-1: not recorded) and its status code.

    Aggregate maps (edges with a ``title``) have neither.
    """
    m = len(edges["from"])
    if "title" in edges:
        return [], np.full(m, -1), np.zeros(m)
    uniq, inverse = np.unique(np.asarray(edges["date"], dtype=np.int64), return_inverse=True)
    labels = _day_strings(uniq).tolist()
    missing = [i for i, v in enumerate(uniq.tolist()) if v == _MISSING]
    date_index = inverse.reshape(-1).astype(np.int64)
    if missing:
        date_index = np.where(date_index == missing[0], -1, date_index - (date_index > missing[0]))
        labels = [lab for i, lab in enumerate(labels) if i != missing[0]]
    return labels, date_index, np.asarray(edges["status"], dtype=np.int64)


def _payload(
    rows: _Rows, nodes: dict, edges: dict, tips: dict, legend: list, kind: str, *, timeline, aggregate
) -> MapPayload:
    """The columns of a map put into the payload's typed arrays and string tables, with the timeline's days."""
    # time: distinct days, then an index per node and edge (-1 = shown from the start)
    days = np.unique(np.concatenate([nodes["day"], edges["day"]]))
    days = days[days != _MISSING]
    node_t = np.where(nodes["day"] == _MISSING, -1, np.searchsorted(days, nodes["day"]))
    edge_t = np.where(edges["day"] == _MISSING, -1, np.searchsorted(days, edges["day"]))
    m = len(edges["from"])
    kinds = np.asarray(nodes["kind"], dtype=np.int64)
    desc = np.asarray(nodes["descendants"], dtype=np.int64)
    gen = np.asarray(nodes["gen"], dtype=np.int64)
    node_cols = {
        "x": nodes["x"],
        "y": nodes["y"],
        "size": nodes["size"],
        "color": nodes["color"],
        "kind": kinds,
        "faded": np.asarray(nodes["faded"], dtype=bool),
        "gen": np.minimum(gen, 2**31 - 1),
        "parent": nodes["parent"],
        "t": node_t,
        "descendants": desc,
        "label_order": _label_order(kinds, desc, gen),
    }
    node_arrays: dict[str, Any] = {k: np.asarray(node_cols[k]).astype(d) for k, d in NODE_ARRAYS.items()}
    node_arrays["name"] = [str(v) for v in nodes["name"].tolist()]
    node_arrays["cid"] = [str(v) for v in nodes["cid"].tolist()]
    edge_dates, date_index, status = _edge_dates(edges)
    edge_cols = {
        "from": edges["from"],
        "to": edges["to"],
        "t": edge_t,
        "faded": np.asarray(edges["faded"], dtype=bool),
        "width": edges["width"],
        "status": status,
        "date": date_index,
    }
    edge_arrays: dict[str, Any] = {k: np.asarray(edge_cols[k]).astype(d) for k, d in EDGE_ARRAYS.items()}
    if "title" in edges:
        edge_arrays["title"] = StringTable.from_values(edges["title"])
    payload = MapPayload(
        nodes=node_arrays,
        edges=edge_arrays,
        tips={
            label: col if isinstance(col, StringTable) else StringTable.from_values(col) for label, col in tips.items()
        },
        legend=legend,
        dates=_day_strings(days).tolist() if timeline else [],
        edge_dates=edge_dates,
        layout=kind,
        aggregate=aggregate,
        people=int(len(np.unique(rows.node))),
        units={"seeker": ("seeker", "seekers"), "organization": ("organization", "organizations")}.get(
            aggregate, ("person", "people")
        ),
        # more shared-contact links than seekers is a hairball: the page draws a seeker's links when it is selected
        edges_on_demand=aggregate == "seeker" and m > len(nodes["x"]),
    )
    if not timeline:
        payload.nodes["t"][:] = -1
        payload.edges["t"][:] = -1
    return payload
