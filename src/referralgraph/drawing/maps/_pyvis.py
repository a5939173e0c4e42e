"""The pyvis adapter: a fresh pyvis ``Network`` filled from a map's lists (linear, no files, physics off)."""

from __future__ import annotations

import re

__all__ = ["to_pyvis"]

_HREF = re.compile("href", re.IGNORECASE)


def _plain(text: str) -> str:
    """Keep pyvis from switching its popup to ``innerHTML``: it does so when any title contains 'href'."""
    return _HREF.sub(lambda m: m.group(0)[:2] + "\u200d" + m.group(0)[2:], text)


def to_pyvis(payload):
    """Build a :class:`pyvis.network.Network` from map data; see :meth:`NetworkMap.to_pyvis`.

    Tooltips and edge titles are the texts the HTML page shows (``MapPayload.tooltip_lines``
    and ``MapPayload.edge_titles``), made once in Python for both.
    """
    from pyvis.network import Network

    nodes, edges, legend = payload.nodes, payload.edges, payload.legend
    g = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", notebook=False)
    g.toggle_physics(False)
    g.options.edges.smooth.enabled = False
    ids = [c if c else f"group-{i}" for i, c in enumerate(nodes["cid"])]
    if len(set(ids)) != len(ids):  # a contact id that looks like ours: fall back to positions
        ids = [f"node-{i}" for i in range(len(ids))]
    shapes = {0: "dot", 1: "star", 2: "hexagon"}
    colors = [entry["color"] for entry in legend]
    xs, ys, sizes = nodes["x"].tolist(), nodes["y"].tolist(), nodes["size"].tolist()
    kinds, color_codes = nodes["kind"].tolist(), nodes["color"].tolist()
    out = []
    for i, node_id in enumerate(ids):
        out.append(
            {
                "id": node_id,
                "label": str(nodes["name"][i]),
                "title": _plain("\n".join(payload.tooltip_lines(i))),
                "x": round(xs[i], 1),
                "y": round(ys[i], 1),
                "size": round(sizes[i], 1),
                "physics": False,
                "shape": shapes.get(kinds[i], "dot"),
                "color": colors[color_codes[i]] if color_codes[i] < len(colors) else "#b8bcc2",
            }
        )
    g.nodes = out
    g.node_ids = list(ids)
    g.node_map = {n["id"]: n for n in out}
    g.edges = [
        {
            "from": ids[f],
            "to": ids[t],
            "title": _plain(str(title)),
            "arrows": "to",
            "width": round(w, 2),
            **({"dashes": True} if faded else {}),
        }
        for f, t, title, w, faded in zip(
            edges["from"].tolist(),
            edges["to"].tolist(),
            payload.edge_titles(),
            edges["width"].tolist(),
            edges["faded"].tolist(),
        )
    ]
    return g
