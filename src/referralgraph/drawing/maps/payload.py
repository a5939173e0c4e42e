"""The map payload: the columnar data a map page reads, defined once (docs/maps.md, "Payload").

Python builds a :class:`MapPayload` (numpy arrays and string tables); the page gets
it as one JSON object:

- every numeric column is a little-endian typed array inside one binary block,
  ``{"dtype": "float32", "offset": <bytes>, "length": <items>}``; the block itself
  is ``{"encoding": "deflate", "b64": "..."}`` (zlib-compressed, then base64), which
  the page inflates with the browser's ``DecompressionStream`` and views as
  ``Float32Array``/``Uint32Array``/... with no per-person object;
- every text column is either a plain list of strings (names and ids, which rarely
  repeat) or a :class:`StringTable` (``{"values": [...], "index": <typed array>}``,
  for tooltip columns that repeat a lot; the index is uint8, uint16 or uint32,
  whichever is enough).

This is what lets 10^5 people load in about a second from a file of a few MB.

The schema is :data:`NODE_ARRAYS`, :data:`EDGE_ARRAYS` and the fields of
:class:`MapPayload`; ``tests/drawing/test_map.py`` checks every payload against it.
"""

from __future__ import annotations

import base64
from typing import Any
import zlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from ...exceptions import SchemaError
from ...model.vocabulary import PROGRESS_STAGES, STATUSES

__all__ = ["SCHEMA_VERSION", "NODE_ARRAYS", "NODE_TEXTS", "EDGE_ARRAYS", "StringTable", "MapPayload"]

SCHEMA_VERSION = 1
#: per-node numeric columns and their dtypes
NODE_ARRAYS = {
    "x": "float32",
    "y": "float32",  # position in map units (y grows downwards)
    "size": "float32",  # radius in map units
    "color": "uint8",  # index into ``legend`` (its colour)
    "kind": "uint8",  # 0 person, 1 seeker, 2 group ("+k more", organization)
    "faded": "uint8",  # 1: introduction only suggested (drawn hollow-ish)
    "gen": "int32",  # generation (aggregates: the first generation reached)
    "parent": "int32",  # drawn node that introduced this one, -1 for none
    "t": "int32",  # index into ``dates`` when the node appears, -1 from the start
    "descendants": "int32",  # people drawn below this node (collapse, label importance)
    "label_order": "uint32",  # a permutation of the nodes: label importance, most important first
}
#: per-node text columns (plain lists of str)
NODE_TEXTS = ("name", "cid")
#: per-edge numeric columns
EDGE_ARRAYS = {
    "from": "uint32",
    "to": "uint32",  # drawn nodes
    "t": "int32",  # index into ``dates`` (-1 from the start)
    "faded": "uint8",  # 1: suggested, not met: dashed
    "width": "float32",  # line width in CSS pixels
    "status": "uint8",  # person maps: 1 suggested, 2 introduced, 3 met; 0 collapsed link / group link
    "date": "int32",  # index into ``edge_dates`` (-1: date not recorded)
}
_STATUS = ("",) + STATUSES  # by status code; 0 (a collapsed or group link) has no word


@dataclass(frozen=True)
class StringTable:
    """A text column stored as its distinct values and one ``uint32`` index per row.

    Examples
    --------
    >>> t = StringTable.from_values(["Acme", "", "Acme"])
    >>> t.values, t.index.tolist(), t.tolist()
    (['Acme', ''], [0, 1, 0], ['Acme', '', 'Acme'])
    """

    values: list
    index: np.ndarray

    @classmethod
    def from_values(cls, values) -> StringTable:
        codes, uniques = pd.factorize(pd.Series(np.asarray(values, dtype=object), dtype=object), sort=False)
        return cls([str(v) for v in uniques], codes.astype(np.uint32))

    def __len__(self) -> int:
        return len(self.index)

    def __getitem__(self, i: int) -> str:
        return self.values[int(self.index[i])]

    def tolist(self) -> list[str]:
        if not len(self.index):
            return []
        return np.asarray(self.values, dtype=object)[self.index].tolist()


class _Block:
    """The binary block: columns appended at 4-byte aligned offsets, compressed once at the end."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def add(self, array, dtype: str) -> dict:
        data = np.ascontiguousarray(array, dtype=np.dtype(dtype).newbyteorder("<")).tobytes()
        ref = {"dtype": dtype, "offset": self.size, "length": len(data) // np.dtype(dtype).itemsize}
        pad = (-len(data)) % 4
        self.parts.append(data + b"\0" * pad)
        self.size += len(data) + pad
        return ref

    def encode(self) -> dict:
        raw = b"".join(self.parts)
        return {"encoding": "deflate", "size": len(raw), "b64": base64.b64encode(zlib.compress(raw, 1)).decode("ascii")}


def _index_dtype(k: int) -> str:
    return "uint8" if k <= 2**8 else ("uint16" if k <= 2**16 else "uint32")


def decode_json(obj: dict) -> dict:
    """The page's view of an encoded payload, in numpy: every column reference replaced by its array.

    The inverse of :meth:`MapPayload.to_json` (what the page's ``columns()`` does), for tests.
    """
    raw = zlib.decompress(base64.b64decode(obj["binary"]["b64"]))

    def view(ref):
        return np.frombuffer(
            raw, dtype=np.dtype(ref["dtype"]).newbyteorder("<"), count=ref["length"], offset=ref["offset"]
        )

    out = dict(obj)
    out["nodes"] = {k: view(v) if isinstance(v, dict) else v for k, v in obj["nodes"].items()}
    out["edges"] = {k: view(v) if isinstance(v, dict) and "dtype" in v else v for k, v in obj["edges"].items()}
    if isinstance(obj["edges"].get("title"), dict):
        out["edges"]["title"] = dict(obj["edges"]["title"], index=view(obj["edges"]["title"]["index"]))
    out["tips"] = [dict(t, index=view(t["index"])) for t in obj["tips"]]
    return out


@dataclass
class MapPayload:
    """Everything a map draws, as columns; see the module docstring for the wire format."""

    nodes: dict
    edges: dict
    #: tooltip lines: label -> StringTable ('' = line left out); label "Summary" is shown without a label
    tips: dict
    legend: list
    dates: list
    edge_dates: list
    layout: str
    aggregate: str | None
    people: int
    subtitle: str = ""
    legend_title: str = ""
    size_note: str = ""
    #: the reference date the map measures (YYYY-MM-DD, "" without dates) and why it was chosen (docs/metrics.md)
    as_of: str = ""
    as_of_note: str = ""
    extras: dict = field(default_factory=dict)
    #: what one drawn node is, singular and plural (the page's counts say "600 organizations", not "600 people")
    units: tuple = ("person", "people")
    #: draw edges only for selected or highlighted nodes (a cohort of seekers linked by shared contacts)
    edges_on_demand: bool = False
    #: opportunities (person maps): text, furthest stage (rank), drawn seeker/contact and the chain between them
    opportunities: list = field(default_factory=list)

    @property
    def n_nodes(self) -> int:
        return len(self.nodes["x"])

    @property
    def n_edges(self) -> int:
        return len(self.edges["from"])

    def check(self) -> None:
        """Raise ``SchemaError`` if a column is missing, of the wrong dtype or length (a bug, not bad input)."""
        n, m = self.n_nodes, self.n_edges
        for name, dtype in NODE_ARRAYS.items():
            a = self.nodes[name]
            if a.dtype != np.dtype(dtype) or len(a) != n:
                raise SchemaError(f"node column {name!r}: {a.dtype}[{len(a)}], expected {dtype}[{n}]")
        for name in NODE_TEXTS:
            if len(self.nodes[name]) != n or not all(isinstance(s, str) for s in self.nodes[name][:100]):
                raise SchemaError(f"node column {name!r} must be {n} strings")
        for name, dtype in EDGE_ARRAYS.items():
            a = self.edges[name]
            if a.dtype != np.dtype(dtype) or len(a) != m:
                raise SchemaError(f"edge column {name!r}: {a.dtype}[{len(a)}], expected {dtype}[{m}]")
        if "title" in self.edges and len(self.edges["title"]) != m:
            raise SchemaError("edge titles must have one entry per edge")
        for label, table in self.tips.items():
            if len(table) != n:
                raise SchemaError(f"tooltip column {label!r} has {len(table)} rows, expected {n}")
        if n and not np.array_equal(np.sort(self.nodes["label_order"]), np.arange(n, dtype=np.uint32)):
            raise SchemaError("label_order must be a permutation of the nodes")

    def to_json(self) -> dict:
        """The payload as the page reads it (``JSON.parse`` of the data block)."""
        block = _Block()
        nodes: dict[str, Any] = {k: block.add(self.nodes[k], d) for k, d in NODE_ARRAYS.items()}
        nodes.update({k: list(self.nodes[k]) for k in NODE_TEXTS})
        edges = {k: block.add(self.edges[k], d) for k, d in EDGE_ARRAYS.items()}
        if "title" in self.edges:
            t = self.edges["title"]
            edges["title"] = {"values": list(t.values), "index": block.add(t.index, _index_dtype(len(t.values)))}
        tips = [
            {"label": k, "values": list(t.values), "index": block.add(t.index, _index_dtype(len(t.values)))}
            for k, t in self.tips.items()
            if any(t.values)
        ]  # a column that is empty for everyone is left out
        return {
            "schema": SCHEMA_VERSION,
            "nodes": nodes,
            "edges": edges,
            "tips": tips,
            "binary": block.encode(),
            "legend": self.legend,
            "dates": list(self.dates),
            "edgeDates": list(self.edge_dates),
            "layout": self.layout,
            "aggregate": self.aggregate,
            "people": int(self.people),
            "subtitle": self.subtitle,
            "legendTitle": self.legend_title,
            "sizeNote": self.size_note,
            "statusNames": list(_STATUS),
            "asOf": self.as_of,
            "asOfNote": self.as_of_note,
            "units": list(self.units),
            "edgesOnDemand": bool(self.edges_on_demand),
            "opportunities": list(self.opportunities),
            "interviewRank": PROGRESS_STAGES.index("interview"),
        }

    # ---------------------------------------------------------------- texts, made once for every output
    def edge_titles(self) -> list[str]:
        """Every edge's hover text, as the page shows it (``edgeTitle`` in ``templates/map.js``)."""
        if "title" in self.edges:
            return self.edges["title"].tolist()
        names = self.nodes["name"]
        summary = self.tips.get("Summary")
        out = []
        for f, t, d, st in zip(
            self.edges["from"].tolist(),
            self.edges["to"].tolist(),
            self.edges["date"].tolist(),
            self.edges["status"].tolist(),
        ):
            if not st:  # a collapsed or group link: no status
                out.append(summary[t] if summary is not None else "")
            else:
                date = self.edge_dates[d] if d >= 0 else "date not recorded"
                out.append(f"{names[f]} introduced {names[t]}: {date} ({_STATUS[st]})")
        return out

    def tooltip_lines(self, i: int) -> list[str]:
        """The lines of node ``i``'s tooltip as plain text (the page shows the same, label by label)."""
        name, cid = self.nodes["name"][i], self.nodes["cid"][i]
        lines = [name]
        summary = self.tips["Summary"][i] if "Summary" in self.tips else ""
        if summary:
            lines.append(summary)
        if cid and cid != name:
            lines.append(f"Id: {cid}")
        parent = int(self.nodes["parent"][i])
        for label, table in self.tips.items():
            value = table[i]
            if label == "Summary":
                continue
            if value:
                lines.append(f"{label}: {value}")
            if label == "Generation" and int(self.nodes["kind"][i]) == 0 and parent >= 0:
                p = parent
                who = (
                    f"none: a direct contact of {self.nodes['name'][p]}"
                    if int(self.nodes["kind"][p]) == 1
                    else self.nodes["name"][p]
                )
                lines.append(f"Introduced by: {who}")
        return lines
