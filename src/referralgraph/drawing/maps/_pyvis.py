"""The pyvis adapter: a fresh pyvis ``Network`` filled from a map's lists (linear, no files, physics off)."""

from __future__ import annotations

import re

__all__ = ["to_pyvis"]

_HREF = re.compile("href", re.IGNORECASE)


def _plain(text: str) -> str:
    """Keep pyvis from switching its popup to ``innerHTML``: it does so when any title contains 'href'."""
    return _HREF.sub(lambda m: m.group(0)[:2] + "\u200d" + m.group(0)[2:], text)


def to_pyvis(payload: dict):
    """Build a :class:`pyvis.network.Network` from map data; see :meth:`NetworkMap.to_pyvis`."""
    from pyvis.network import Network

    from ._data import edge_titles

    nodes, edges, tips, legend = payload["nodes"], payload["edges"], payload["tips"], payload["legend"]
    g = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", notebook=False)
    g.toggle_physics(False)
    g.options.edges.smooth.enabled = False
    ids = [c if c else f"group-{i}" for i, c in enumerate(nodes["cid"])]
    if len(set(ids)) != len(ids):  # a contact id that looks like ours: fall back to positions
        ids = [f"node-{i}" for i in range(len(ids))]
    labels, columns = tips["labels"], tips["columns"]
    shapes = {0: "dot", 1: "star", 2: "hexagon"}
    colors = [entry["color"] for entry in legend]
    out = []
    for i, node_id in enumerate(ids):
        cid = nodes["cid"][i]
        lines = [nodes["name"][i]] + ([f"Id: {cid}"] if cid and cid != nodes["name"][i] else []) + [f"{label}: {col[i]}" if label != "Summary" else col[i]
                                      for label, col in zip(labels, columns) if col[i]]
        out.append({
            "id": node_id, "label": str(nodes["name"][i]), "title": _plain("\n".join(lines)),
            "x": nodes["x"][i], "y": nodes["y"][i], "size": nodes["size"][i], "physics": False,
            "shape": shapes.get(nodes["kind"][i], "dot"),
            "color": colors[nodes["color"][i]] if nodes["color"][i] < len(colors) else "#b8bcc2",
        })
    g.nodes = out
    g.node_ids = list(ids)
    g.node_map = {n["id"]: n for n in out}
    g.edges = [{"from": ids[f], "to": ids[t], "title": _plain(str(title)), "arrows": "to", "width": w,
                **({"dashes": True} if faded else {})}
               for f, t, title, w, faded in zip(edges["from"], edges["to"], edge_titles(payload), edges["width"],
                                                edges["faded"])]
    return g
