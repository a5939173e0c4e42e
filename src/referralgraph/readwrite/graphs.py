"""Graph formats for other tools, written from the network: node-link JSON, GraphML and GEXF (with dynamics)."""

from __future__ import annotations

import json
import os
import re
import warnings
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import networkx as nx
import numpy as np
import pandas as pd

from .._checks import check_network
from .._docstrings import share_docs
from ..model import ReferralNetwork
from ..model.privacy import anonymize as _anonymize
from ._atomic import atomic_open, atomic_path

__all__ = ["to_node_link", "write_json", "write_graphml", "write_gexf"]

PathLike = str | os.PathLike

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

# ---------------------------------------------------------------------------- graph formats
def _plain(value):
    """A JSON/XML-friendly scalar: ISO text for dates, lists for tuples, Python scalars for numpy ones."""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat(sep=" ")
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


@share_docs
def to_node_link(net: ReferralNetwork, *, anonymize: bool = False) -> dict:
    """The network as NetworkX node-link data that :func:`json.dumps` accepts.

    This is :func:`networkx.node_link_data` of :attr:`ReferralNetwork.graph` with
    ``edges="edges"``: ``{"directed", "multigraph", "graph", "nodes", "edges"}``;
    each node is ``{"id": ..., <contact columns>}``, each edge
    ``{"source", "target", "status", "seekers", "kind", "date"}``. Dates become ISO
    text (``2026-03-04``, or ``2026-03-04 14:30:00`` with a time) and the
    ``seekers`` tuple a list; missing values are left out, as in the graph.
    :func:`networkx.node_link_graph` turns it back into a graph.

    Parameters
    ----------
    {net}
    anonymize : bool, default False
        Use :func:`referralgraph.anonymize` of the network.

    Returns
    -------
    dict

    Notes
    -----
    Builds :attr:`ReferralNetwork.graph` if it was not built yet (tens of seconds at
    10^6 contacts).

    Examples
    --------
    >>> import pandas as pd, referralgraph as rg
    >>> contacts = pd.DataFrame({"name": ["Maya", "Ann"], "is_seeker": ["yes", ""]})
    >>> intros = pd.DataFrame({"introducer": ["Maya"], "introduced": ["Ann"], "date": ["2026-03-02"]})
    >>> data = rg.to_node_link(rg.from_frames(contacts, intros))
    >>> data["edges"]
    [{'status': 'introduced', 'seekers': ['Maya'], 'kind': 'direct', 'date': '2026-03-02', 'source': 'Maya', 'target': 'Ann'}]
    """
    check_network(net)
    if anonymize:
        net = _anonymize(net)
    data = nx.node_link_data(net.graph, edges="edges")
    data["graph"] = {k: _plain(v) for k, v in data["graph"].items()}
    data["nodes"] = [{k: _plain(v) for k, v in d.items()} for d in data["nodes"]]
    data["edges"] = [{k: _plain(v) for k, v in d.items()} for d in data["edges"]]
    return data


@share_docs
def write_json(net: ReferralNetwork, path: PathLike, *, overwrite: bool = False, anonymize: bool = False) -> Path:
    """Write :func:`to_node_link` of the network as UTF-8 JSON, atomically; returns the path.

    Parameters
    ----------
    {net}
    path : path
        The file to write (any suffix; ``.json`` is customary).
    {writer_options}

    {writer_returns}

    Examples
    --------
    >>> import json, pandas as pd, referralgraph as rg, tempfile, pathlib
    >>> net = rg.from_frames(pd.DataFrame({"name": ["Maya", "Ann"], "is_seeker": ["yes", ""]}))
    >>> out = rg.write_json(net, pathlib.Path(tempfile.mkdtemp()) / "net.json")
    >>> [n["id"] for n in json.loads(out.read_text(encoding="utf-8"))["nodes"]]
    ['Maya', 'Ann']
    """
    data = to_node_link(net, anonymize=anonymize)
    with atomic_open(path, "w", overwrite=overwrite, encoding="utf-8", newline="\n") as f:
        json.dump(data, f, ensure_ascii=False, allow_nan=False)
        f.write("\n")
    return Path(path)


class _XmlText:
    """Removes characters XML 1.0 cannot hold, counting them for one warning."""

    def __init__(self) -> None:
        self.removed = 0

    def __call__(self, value: str) -> str:
        if _XML_ILLEGAL.search(value):
            self.removed += 1
            return _XML_ILLEGAL.sub("", value)
        return value

    def warn(self, fmt: str) -> None:
        if self.removed:
            warnings.warn(f"{self.removed} value{'s' if self.removed != 1 else ''} held control characters that "
                          f"{fmt} (XML) cannot store; they were removed", stacklevel=3)


def _xml_value(value, text: _XmlText):
    value = _plain(value)
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    if isinstance(value, str):
        return text(value)
    return value


@share_docs
def write_graphml(net: ReferralNetwork, path: PathLike, *, overwrite: bool = False,
                  anonymize: bool = False) -> Path:
    """Write the network graph as GraphML, atomically; returns the path.

    Nodes carry every contact column that has a value (``is_seeker`` as a GraphML
    boolean, dates as ISO text); edges carry ``status``, ``kind``, ``date`` (ISO
    text) and ``seekers`` (seeker ids joined with ``;``). :func:`networkx.read_graphml`
    reads back the same nodes, edges and attributes.

    Parameters
    ----------
    {net}
    path : path
        The file to write (``.graphml`` is customary).
    {writer_options}

    {writer_returns}

    Notes
    -----
    Characters that XML 1.0 cannot hold (control characters other than tab and
    newlines) are removed, with a warning.

    Examples
    --------
    >>> import networkx as nx, pandas as pd, referralgraph as rg, tempfile, pathlib
    >>> net = rg.from_frames(pd.DataFrame({"name": ["Maya", "Ann"], "is_seeker": ["yes", ""]}))
    >>> out = rg.write_graphml(net, pathlib.Path(tempfile.mkdtemp()) / "net.graphml")
    >>> list(nx.read_graphml(out).edges(data="seekers"))
    [('Maya', 'Ann', 'Maya')]
    """
    check_network(net)
    if anonymize:
        net = _anonymize(net)
    text = _XmlText()
    G = net.graph
    H = nx.DiGraph()
    H.add_nodes_from((text(str(n)), {k: _xml_value(v, text) for k, v in d.items()}) for n, d in G.nodes(data=True))
    H.add_edges_from((text(str(u)), text(str(v)), {k: _xml_value(x, text) for k, x in d.items()})
                     for u, v, d in G.edges(data=True))
    with atomic_path(path, overwrite=overwrite) as tmp:
        nx.write_graphml(H, tmp, encoding="utf-8")
    text.warn("GraphML")
    return Path(path)


def _start_dates(net: ReferralNetwork) -> np.ndarray:
    """Per contact code, the day they joined the network (``datetime64[D]``, NaT when nothing is dated).

    A contact joins at the earliest of: their tree edges, ``first_contact`` and their
    first meeting. A seeker joins at the earliest such date in their tree.
    """
    n = len(net.ids)
    ix = net.index
    days = pd.DataFrame(index=pd.RangeIndex(n))
    member = ix.parent >= 0
    days["edge"] = pd.Series(ix.date[member]).groupby(ix.node[member]).min().reindex(range(n)).to_numpy()
    contacts = net._contacts
    if "first_contact" in contacts.columns:
        days["first_contact"] = contacts["first_contact"].to_numpy(dtype="datetime64[ns]")
    meetings = net._meetings
    if len(meetings):
        code = net.ids.get_indexer(meetings["contact"])
        ok = code >= 0
        days["met"] = pd.Series(meetings["date"].to_numpy(dtype="datetime64[ns]")[ok]).groupby(code[ok]).min() \
            .reindex(range(n)).to_numpy()
    start = days.min(axis=1).to_numpy(dtype="datetime64[ns]", copy=True) if n else np.zeros(0, "datetime64[ns]")
    if len(ix):
        tree_first = pd.Series(start[ix.node]).groupby(ix.tree_of_row).min().to_numpy(dtype="datetime64[ns]")
        own = start[ix.seekers]
        start[ix.seekers] = np.where(np.isnat(own), tree_first, np.where(np.isnat(tree_first), own,
                                                                          np.minimum(own, tree_first)))
    return start.astype("datetime64[D]")


@share_docs
def write_gexf(net: ReferralNetwork, path: PathLike, *, overwrite: bool = False, anonymize: bool = False) -> Path:
    """Write the network as dynamic GEXF 1.3 so that Gephi's timeline replays its growth; returns the path.

    The graph is ``mode="dynamic"`` with ``timeformat="date"``. Each node has
    ``start`` = the day the person joined the network (the earliest of their
    introduction, ``first_contact`` and first meeting; for a seeker, the earliest
    such day in their tree) and each edge ``start`` = the introduction's date (or,
    undated, the day its introduced person joined). People and edges with no date
    at all have no ``start`` and are shown throughout. Node labels are names;
    contact columns and edge ``status``, ``kind``, ``seekers`` (joined with ``;``) and
    ``date`` are GEXF attributes. Nothing has an ``end``: nobody leaves.

    Parameters
    ----------
    {net}
    path : path
        The file to write (``.gexf``).
    {writer_options}

    {writer_returns}

    References
    ----------
    .. [1] GEXF 1.3 specification, https://gexf.net/

    Examples
    --------
    >>> import networkx as nx, pandas as pd, referralgraph as rg, tempfile, pathlib
    >>> contacts = pd.DataFrame({"name": ["Maya", "Ann"], "is_seeker": ["yes", ""]})
    >>> intros = pd.DataFrame({"introducer": ["Maya"], "introduced": ["Ann"], "date": ["2026-03-02"]})
    >>> out = rg.write_gexf(rg.from_frames(contacts, intros), pathlib.Path(tempfile.mkdtemp()) / "net.gexf")
    >>> G = nx.read_gexf(out)
    >>> G.nodes["Ann"]["start"], G.edges["Maya", "Ann"]["start"]
    ('2026-03-02', '2026-03-02')
    """
    check_network(net)
    if anonymize:
        net = _anonymize(net)
    from .. import __version__

    text = _XmlText()
    G = net.graph
    start = _start_dates(net)
    code = {c: k for k, c in enumerate(net.ids.tolist())}
    contacts = net._contacts
    node_cols = [c for c in contacts.columns if c not in ("id", "name")]
    node_types = {c: "boolean" if pd.api.types.is_bool_dtype(contacts[c].dtype) else "string" for c in node_cols}
    edge_cols = ["status", "kind", "seekers", "date"]

    def attvalues(data: dict, ids: dict) -> str:
        parts = []
        for k, v in data.items():
            if k in ids:
                v = _xml_value(v, text)
                v = ("true" if v else "false") if isinstance(v, bool) else str(v)
                parts.append(f'<attvalue for="{ids[k]}" value={quoteattr(text(v))}/>')
        return f"<attvalues>{''.join(parts)}</attvalues>" if parts else ""

    node_ids = {c: str(k) for k, c in enumerate(node_cols)}
    edge_ids = {c: str(k) for k, c in enumerate(edge_cols)}

    def lines():
        yield '<?xml version="1.0" encoding="UTF-8"?>\n'
        yield ('<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
               'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n')
        yield (f"  <meta><creator>referralgraph {escape(__version__)}</creator>"
               "<description>referral network: people and introductions, dated</description></meta>\n")
        yield '  <graph defaultedgetype="directed" mode="dynamic" timeformat="date">\n'
        for cls, cols, types in (("node", node_cols, node_types), ("edge", edge_cols, {})):
            yield f'    <attributes class="{cls}" mode="static">\n'
            for k, c in enumerate(cols):
                yield f'      <attribute id="{k}" title={quoteattr(text(str(c)))} type="{types.get(c, "string")}"/>\n'
            yield "    </attributes>\n"
        yield "    <nodes>\n"
        for n, d in G.nodes(data=True):
            s = start[code[n]]
            when = "" if np.isnat(s) else f' start="{s}"'
            label = d.get("name", n)
            yield (f"      <node id={quoteattr(text(str(n)))} label={quoteattr(text(str(label)))}{when}>"
                   f"{attvalues(d, node_ids)}</node>\n")
        yield "    </nodes>\n    <edges>\n"
        for k, (u, v, d) in enumerate(G.edges(data=True)):
            date = d.get("date")
            s = np.datetime64(date, "D") if date is not None else start[code[v]]
            when = "" if np.isnat(s) else f' start="{s}"'
            yield (f'      <edge id="{k}" source={quoteattr(text(str(u)))} target={quoteattr(text(str(v)))}{when}>'
                   f"{attvalues(d, edge_ids)}</edge>\n")
        yield "    </edges>\n  </graph>\n</gexf>\n"

    with atomic_open(path, "w", overwrite=overwrite, encoding="utf-8", newline="\n") as f:
        buffer = []
        for line in lines():
            buffer.append(line)
            if len(buffer) >= 4096:
                f.write("".join(buffer))
                buffer.clear()
        f.write("".join(buffer))
    text.warn("GEXF")
    return Path(path)
