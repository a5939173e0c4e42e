"""Graph formats for other tools, written from the network: node-link JSON, GraphML and GEXF (with dynamics)."""

from __future__ import annotations

import json
import os
import re
import warnings
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import numpy as np
import pandas as pd

from ..exceptions import ReferralGraphWarning
from .._checks import check_network
from ..exceptions import ArgumentTypeError
from .._docstrings import share_docs
from ..model import ReferralNetwork
from ..model.privacy import anonymize as _anonymize
from ._atomic import atomic_open

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
def to_node_link(net: ReferralNetwork, *, anonymize: bool = False, node_facts: pd.DataFrame | None = None) -> dict:
    """The network as NetworkX node-link data that :func:`json.dumps` accepts.

    This is :func:`networkx.node_link_data` of :attr:`ReferralNetwork.graph` with
    ``edges="edges"``: ``{"directed", "multigraph", "graph", "nodes", "edges"}``;
    each node is ``{"id": ..., <contact columns>, <per-contact metrics>}`` (the metrics
    ``generation``, ``descendants``, ``direct_introductions``, ``origin``, ``status``
    and ``seeker``, as in :func:`referralgraph.contact_metrics`), each edge
    ``{"source", "target", "status", "seekers", "kind", "date"}``. Dates become ISO
    text (``2026-03-04``, or ``2026-03-04 14:30:00`` with a time) and the
    ``seekers`` tuple a list; missing values are left out, as in the graph.
    :func:`networkx.node_link_graph` turns it back into a graph.

    Parameters
    ----------
    {net}
    anonymize : bool, default False
        Use :func:`referralgraph.anonymize` of the network.
    node_facts : pandas.DataFrame, optional
        Per contact, in ``net.contacts`` order, the facts of the analysis layer
        (``referralgraph.analysis.facts.node_facts``: ``status``, ``joined``);
        ``status`` replaces the tree status. :func:`referralgraph.to_node_link`
        passes them, so the file says what ``contact_metrics`` says.

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
    from ..model.graphdata import node_metrics

    import networkx as nx  # only when a graph is built (import cost stays off the other commands)

    data = nx.node_link_data(net.graph, edges="edges")
    data["graph"] = {k: _plain(v) for k, v in data["graph"].items()}
    data["nodes"] = [{k: _plain(v) for k, v in d.items()} for d in data["nodes"]]
    metrics = _with_facts(node_metrics(net), node_facts)
    for col in metrics.columns:  # per-contact metrics, named as in contact_metrics (nodes are in contact order)
        values = metrics[col].astype(object).where(metrics[col].notna(), None).tolist()
        for d, v in zip(data["nodes"], values):
            if v is not None and col not in d:
                d[col] = int(v) if isinstance(v, (int, np.integer)) else v
    data["edges"] = [{k: _plain(v) for k, v in d.items()} for d in data["edges"]]
    return data


@share_docs
def write_json(
    net: ReferralNetwork,
    path: PathLike,
    *,
    overwrite: bool = False,
    anonymize: bool = False,
    node_facts: pd.DataFrame | None = None,
) -> Path:
    """Write :func:`to_node_link` of the network as UTF-8 JSON, atomically; returns the path.

    Parameters
    ----------
    {net}
    path : path
        The file to write (any suffix; ``.json`` is customary).
    {writer_options}
    node_facts : pandas.DataFrame, optional
        As for :func:`to_node_link`.

    {writer_returns}

    Examples
    --------
    >>> import json, pandas as pd, referralgraph as rg, tempfile, pathlib
    >>> net = rg.from_frames(pd.DataFrame({"name": ["Maya", "Ann"], "is_seeker": ["yes", ""]}))
    >>> out = rg.write_json(net, pathlib.Path(tempfile.mkdtemp()) / "net.json")
    >>> [n["id"] for n in json.loads(out.read_text(encoding="utf-8"))["nodes"]]
    ['Maya', 'Ann']
    """
    data = to_node_link(net, anonymize=anonymize, node_facts=node_facts)
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

    def column(self, arr):
        """The same for an Arrow string column (nulls stay null)."""
        import pyarrow.compute as pc

        bad = pc.match_substring_regex(arr, _XML_ILLEGAL_RE2)
        n = pc.sum(bad).as_py() or 0
        if n:
            self.removed += n
            arr = pc.replace_substring_regex(arr, _XML_ILLEGAL_RE2, "")
        return arr

    def warn(self, fmt: str) -> None:
        if self.removed:
            warnings.warn(
                f"{self.removed} value{'s' if self.removed != 1 else ''} held control characters that "
                f"{fmt} (XML) cannot store; they were removed",
                ReferralGraphWarning,
                stacklevel=3,
            )


_XML_ILLEGAL_RE2 = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x{fffe}\\x{ffff}]"
_TEXT_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
_ATTR_ESCAPES = _TEXT_ESCAPES + (('"', "&quot;"), ("\n", "&#10;"), ("\t", "&#9;"))


def _escape(arr, escapes):
    """XML-escape an Arrow string column; line ends and tabs as character references, so they survive parsing."""
    import pyarrow.compute as pc

    pattern = "[" + "".join("\\" + old if old in '"\\' else old for old, _ in escapes) + "]"
    if len(arr) == 0 or not pc.any(pc.match_substring_regex(arr, pattern)).as_py():
        return arr
    for old, new in escapes:
        if pc.any(pc.match_substring(arr, old)).as_py():
            arr = pc.replace_substring(arr, old, new)
    return arr


def _value_columns(frame: pd.DataFrame, text: _XmlText, escapes):
    """Per column: (name, XML type kind, escaped Arrow text with nulls for missing values)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from .tabular import _float_text, _iso_dates

    out = []
    for j in range(frame.shape[1]):
        col = frame.iloc[:, j]
        missing = pa.array(col.isna().to_numpy())
        dtype = col.dtype
        if pd.api.types.is_bool_dtype(dtype):
            kind = "boolean"
            b = col.astype("boolean")
            arr = pc.cast(pa.array(b.to_numpy(dtype=bool, na_value=False)), pa.string())
        elif pd.api.types.is_integer_dtype(dtype):
            kind = "long"
            arr = pc.cast(pa.array(col.to_numpy(dtype=np.int64, na_value=0)), pa.string())
        elif pd.api.types.is_float_dtype(dtype):
            kind = "double"
            arr = _float_text(col.to_numpy(dtype=np.float64, na_value=np.nan))
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            kind = "string"
            arr = _iso_dates(col)
        else:
            kind = "string"
            values = (
                col
                if pd.api.types.is_string_dtype(dtype) and dtype != object  # noqa: E721
                else col.map(  # noqa: E721 (a numpy dtype)
                    lambda v: v if v is None or isinstance(v, str) or v != v else str(v)
                )
            )
            arr = pa.array(values, type=pa.string(), from_pandas=True)
        arr = pc.if_else(missing, pa.scalar(None, pa.string()), arr)
        if kind == "string":  # numbers and booleans need no cleaning or escaping
            arr = _escape(text.column(arr), escapes)
        out.append((str(frame.columns[j]), kind, arr))
    return out


def _join(parts) -> list:
    """Element-wise concatenation of Arrow string columns and constant strings, as byte pieces."""
    import pyarrow as pa
    import pyarrow.compute as pc

    large = pa.large_string()
    arrays = [pa.scalar(p, large) if isinstance(p, str) else pc.cast(p, large) for p in parts]
    if not any(not isinstance(p, str) for p in parts):
        return []
    line = pc.binary_join_element_wise(*arrays, pa.scalar("", large))
    if isinstance(line, pa.ChunkedArray):
        line = line.combine_chunks()
    offsets = np.frombuffer(line.buffers()[1], dtype=np.int64)[line.offset : line.offset + len(line) + 1]
    if len(line) == 0:
        return []
    return [memoryview(line.buffers()[2])[int(offsets[0]) : int(offsets[-1])]]


def _element(tag: str, key: str, arr):
    """``<data key="k">value</data>`` per row ('' where the value is missing)."""
    import pyarrow.compute as pc

    full = pc.binary_join_element_wise(f'<{tag} key="{key}">', arr, f"</{tag}>", "")
    return pc.fill_null(full, "")


def _attvalue(key: str, arr):
    import pyarrow.compute as pc

    return pc.fill_null(pc.binary_join_element_wise(f'<attvalue for="{key}" value="', arr, '"/>', ""), "")


def _with_facts(metrics: pd.DataFrame, node_facts: pd.DataFrame | None) -> pd.DataFrame:
    """The tree metrics with the analysis facts given (``status``) in place of the model's own."""
    if node_facts is None:
        return metrics
    if len(node_facts) != len(metrics) or "status" not in node_facts.columns:
        raise ArgumentTypeError(
            f"node_facts must hold a 'status' column and one row per contact ({len(metrics)}); "
            f"got {len(node_facts)} rows with columns {list(node_facts.columns)}"
        )
    out = metrics.copy()
    out["status"] = node_facts["status"].to_numpy()
    if "outcome_credit" in node_facts.columns:  # issue 24: credit per person, when opportunities are recorded
        out["outcome_credit"] = node_facts["outcome_credit"].to_numpy(dtype=float)
    return out


def _node_frame(net: ReferralNetwork, node_facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Contact columns (without ``id``) and then the per-contact metrics not already a contact column."""
    from ..model.graphdata import node_metrics

    contacts = net.table("contacts")
    frame = contacts[[c for c in contacts.columns if c != "id"]].reset_index(drop=True)
    metrics = _with_facts(node_metrics(net), node_facts)
    for col in metrics.columns:
        if col not in frame.columns:
            frame[col] = metrics[col].to_numpy() if metrics[col].dtype != "Int64" else metrics[col].array
    return frame


def _edge_frame(net: ReferralNetwork):
    from ..model.graphdata import edge_table

    e = edge_table(net)
    return e[["source", "target"]].to_numpy(), e[["status", "seekers", "kind", "date"]]


def _ids_arrow(net: ReferralNetwork, text: _XmlText):
    import pyarrow as pa

    return text.column(pa.array(np.asarray(net.ids, dtype=object).astype(str), type=pa.string()))


def _write_pieces(path, pieces, *, overwrite: bool) -> None:
    with atomic_open(path, "wb", overwrite=overwrite) as f:
        for piece in pieces:
            f.write(piece.encode("utf-8") if isinstance(piece, str) else piece)


@share_docs
def write_graphml(
    net: ReferralNetwork,
    path: PathLike,
    *,
    overwrite: bool = False,
    anonymize: bool = False,
    node_facts: pd.DataFrame | None = None,
) -> Path:
    """Write the network graph as GraphML, with per-contact metrics, atomically; returns the path.

    Nodes carry every contact column that has a value (``is_seeker`` as a GraphML
    boolean, dates as ISO text) and the per-contact metrics ``generation``,
    ``descendants``, ``direct_introductions`` (GraphML ``long``), ``origin``,
    ``status`` and ``seeker``, named as in :func:`referralgraph.contact_metrics`
    (see :func:`referralgraph.model.graphdata.node_metrics`). Edges carry ``status``,
    ``kind``, ``date`` (ISO text) and ``seekers`` (seeker ids joined with ``;``).
    :func:`networkx.read_graphml` reads back the same nodes, edges and attributes.

    Parameters
    ----------
    {net}
    path : path
        The file to write (``.graphml`` is customary).
    {writer_options}
    node_facts : pandas.DataFrame, optional
        As for :func:`to_node_link`.

    {writer_returns}

    Notes
    -----
    Written column by column from the tables (the NetworkX graph is never built): a
    10^5-person network takes about a second. Characters that XML 1.0 cannot hold
    (control characters other than tab and line ends) are removed, with a warning;
    carriage returns, newlines and tabs are written as character references, so they
    read back exactly.

    Examples
    --------
    >>> import networkx as nx, pandas as pd, referralgraph as rg, tempfile, pathlib
    >>> net = rg.from_frames(pd.DataFrame({"name": ["Maya", "Ann"], "is_seeker": ["yes", ""]}))
    >>> out = rg.write_graphml(net, pathlib.Path(tempfile.mkdtemp()) / "net.graphml")
    >>> G = nx.read_graphml(out)
    >>> list(G.edges(data="seekers")), G.nodes["Ann"]["generation"]
    ([('Maya', 'Ann', 'Maya')], 1)
    """
    check_network(net)
    if anonymize:
        net = _anonymize(net)
    text = _XmlText()
    node_cols = _value_columns(_node_frame(net, node_facts), text, _TEXT_ESCAPES)
    ends, edge_attrs = _edge_frame(net)
    edge_cols = _value_columns(edge_attrs, text, _TEXT_ESCAPES)
    ids = _escape(_ids_arrow(net, text), _ATTR_ESCAPES)
    head = [
        "<?xml version='1.0' encoding='utf-8'?>\n",
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n',
    ]
    for cls, cols, prefix in (("node", node_cols, "n"), ("edge", edge_cols, "e")):
        for k, (name, kind, _) in enumerate(cols):
            head.append(f'  <key id="{prefix}{k}" for="{cls}" attr.name={quoteattr(text(name))} attr.type="{kind}"/>\n')
    head.append('  <graph edgedefault="directed">\n')
    pieces = list(head)
    pieces += _join(
        ['    <node id="', ids, '">']
        + [_element("data", f"n{k}", a) for k, (_, _, a) in enumerate(node_cols)]
        + ["</node>\n"]
    )
    if len(ends):
        import pyarrow as pa

        src, dst = ids.take(pa.array(ends[:, 0])), ids.take(pa.array(ends[:, 1]))
        pieces += _join(
            ['    <edge source="', src, '" target="', dst, '">']
            + [_element("data", f"e{k}", a) for k, (_, _, a) in enumerate(edge_cols)]
            + ["</edge>\n"]
        )
    pieces.append("  </graph>\n</graphml>\n")
    _write_pieces(path, pieces, overwrite=overwrite)
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
    contacts = net.table("contacts")
    if "first_contact" in contacts.columns:
        days["first_contact"] = contacts["first_contact"].to_numpy(dtype="datetime64[ns]")
    meetings = net.table("meetings")
    if len(meetings):
        code = net.ids.get_indexer(meetings["contact"])
        ok = code >= 0
        days["met"] = (
            pd.Series(meetings["date"].to_numpy(dtype="datetime64[ns]")[ok])
            .groupby(code[ok])
            .min()
            .reindex(range(n))
            .to_numpy()
        )
    start = days.min(axis=1).to_numpy(dtype="datetime64[ns]", copy=True) if n else np.zeros(0, "datetime64[ns]")
    if len(ix):
        tree_first = pd.Series(start[ix.node]).groupby(ix.tree_of_row).min().to_numpy(dtype="datetime64[ns]")
        own = start[ix.seekers]
        start[ix.seekers] = np.where(
            np.isnat(own), tree_first, np.where(np.isnat(tree_first), own, np.minimum(own, tree_first))
        )
    return start.astype("datetime64[D]")


@share_docs
def write_gexf(
    net: ReferralNetwork,
    path: PathLike,
    *,
    overwrite: bool = False,
    anonymize: bool = False,
    node_facts: pd.DataFrame | None = None,
) -> Path:
    """Write the network as dynamic GEXF 1.3 so that Gephi's timeline replays its growth; returns the path.

    The graph is ``mode="dynamic"`` with ``timeformat="date"``. Each node has
    ``start`` = the day the person joined the network (the earliest of their
    introduction, ``first_contact`` and first meeting; for a seeker, the earliest
    such day in their tree) and each edge ``start`` = the introduction's date (or,
    undated, the day its introduced person joined). People and edges with no date
    at all have no ``start`` and are shown throughout. Node labels are names; the
    other contact columns and the per-contact metrics ``generation``,
    ``descendants``, ``direct_introductions`` (GEXF ``integer``), ``origin``,
    ``status`` and ``seeker`` (named as in :func:`referralgraph.contact_metrics`) are
    node attributes, so Gephi can colour by generation and size by descendants;
    edge ``status``, ``kind``, ``seekers`` (joined with ``;``) and ``date`` are edge
    attributes. Nothing has an ``end``: nobody leaves.

    Parameters
    ----------
    {net}
    path : path
        The file to write (``.gexf``).
    {writer_options}
    node_facts : pandas.DataFrame, optional
        As for :func:`to_node_link`; its ``joined`` column (the join day of the
        analysis facts) is the nodes' ``start``.

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
    >>> G.nodes["Ann"]["start"], G.edges["Maya", "Ann"]["start"], G.nodes["Maya"]["descendants"]
    ('2026-03-02', '2026-03-02', 1)
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from .tabular import day_text

    check_network(net)
    if anonymize:
        net = _anonymize(net)
    from .. import __version__

    text = _XmlText()
    start = (
        _start_dates(net)
        if node_facts is None or "joined" not in node_facts.columns
        else node_facts["joined"].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    )
    nodes = _node_frame(net, node_facts)
    labels = nodes["name"] if "name" in nodes.columns else pd.Series(np.asarray(net.ids, dtype=object))
    attrs = nodes[[c for c in nodes.columns if c != "name"]]
    node_cols = _value_columns(attrs, text, _ATTR_ESCAPES)
    ends, edge_attrs = _edge_frame(net)
    edge_cols = _value_columns(edge_attrs, text, _ATTR_ESCAPES)
    ids = _escape(_ids_arrow(net, text), _ATTR_ESCAPES)
    label = _escape(text.column(pa.array(labels.astype("str").to_numpy(dtype=object), type=pa.string())), _ATTR_ESCAPES)
    label = pc.if_else(pc.is_null(label), ids, label)
    gexf_type = {"long": "integer", "boolean": "boolean", "double": "double", "string": "string"}

    def when(days: np.ndarray):
        return pc.fill_null(pc.binary_join_element_wise(' start="', day_text(days), '"', ""), "")

    def attvalues(cols, prefix):
        if not cols:
            return [""]
        return ["<attvalues>"] + [_attvalue(str(k), a) for k, (_, _, a) in enumerate(cols)] + ["</attvalues>"]

    pieces = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n',
        f"  <meta><creator>referralgraph {escape(__version__)}</creator>"
        "<description>referral network: people and introductions, dated</description></meta>\n",
        '  <graph defaultedgetype="directed" mode="dynamic" timeformat="date">\n',
    ]
    for cls, cols in (("node", node_cols), ("edge", edge_cols)):
        pieces.append(f'    <attributes class="{cls}" mode="static">\n')
        for k, (name, kind, _) in enumerate(cols):
            pieces.append(f'      <attribute id="{k}" title={quoteattr(text(name))} type="{gexf_type[kind]}"/>\n')
        pieces.append("    </attributes>\n")
    pieces.append("    <nodes>\n")
    pieces += _join(
        ['      <node id="', ids, '" label="', label, '"', when(start), ">"] + attvalues(node_cols, "n") + ["</node>\n"]
    )
    pieces.append("    </nodes>\n    <edges>\n")
    if len(ends):
        dates = edge_attrs["date"].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
        edge_start = np.where(np.isnat(dates), start[ends[:, 1]], dates)
        k = pc.cast(pa.array(np.arange(len(ends))), pa.string())
        pieces += _join(
            [
                '      <edge id="',
                k,
                '" source="',
                ids.take(pa.array(ends[:, 0])),
                '" target="',
                ids.take(pa.array(ends[:, 1])),
                '"',
                when(edge_start),
                ">",
            ]
            + attvalues(edge_cols, "e")
            + ["</edge>\n"]
        )
    pieces.append("    </edges>\n  </graph>\n</gexf>\n")
    _write_pieces(path, pieces, overwrite=overwrite)
    text.warn("GEXF")
    return Path(path)
