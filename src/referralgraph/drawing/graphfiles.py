"""Graph files for other tools (node-link JSON, GraphML, GEXF) carrying the facts every other surface shows.

The format writers live in ``readwrite/graphs.py``; they may not read the analysis
layer, so this module, above both, hands them the facts of ``analysis/facts.py``
(:func:`referralgraph.analysis.facts.node_facts`: status and join day). A contact's
``status`` and GEXF ``start`` in a file are then the ``status`` and ``first_contact``
of :func:`referralgraph.contact_metrics`, the report and the map.
"""

from __future__ import annotations

from pathlib import Path

from .._checks import check_network
from .._docstrings import share_docs
from ..analysis.facts import node_facts
from ..model import anonymize as _anonymize_net
from ..readwrite import graphs as _formats

__all__ = ["to_node_link", "write_json", "write_graphml", "write_gexf"]


def _prepared(net, anonymize: bool):
    check_network(net)
    if anonymize:
        net = _anonymize_net(net)
    nf = node_facts(net)
    if len(net.table("opportunities")):  # credit per person (outcome_credit, even model, interviews and beyond)
        from ..analysis.outcomes import outcome_credit

        per = outcome_credit(net, by="contact")
        nf = nf.assign(outcome_credit=per.set_index("contact")["credit"].reindex(net.ids).fillna(0.0).to_numpy())
    return net, nf


@share_docs
def to_node_link(net, *, anonymize: bool = False) -> dict:
    """The network as NetworkX node-link data that :func:`json.dumps` accepts, with the shared facts.

    :func:`networkx.node_link_data` of :attr:`ReferralNetwork.graph` (``edges="edges"``),
    each node with its contact columns and the per-contact metrics ``generation``,
    ``descendants``, ``direct_introductions``, ``origin``, ``status`` and ``seeker``
    (the first tree holding the contact); ``status`` is the one of
    :func:`referralgraph.contact_metrics` (``connected`` for a direct contact not met).
    See :func:`referralgraph.readwrite.graphs.to_node_link` for the format.

    Parameters
    ----------
    {net}
    anonymize : bool, default False
        Use :func:`referralgraph.anonymize` of the network.

    Returns
    -------
    dict

    Examples
    --------
    >>> contacts = pd.DataFrame({"name": ["Maya", "Ann"], "is_seeker": ["yes", ""]})
    >>> data = rg.to_node_link(rg.from_frames(contacts))
    >>> [(n["id"], n["status"]) for n in data["nodes"]]
    [('Maya', 'seeker'), ('Ann', 'connected')]
    """
    net, nf = _prepared(net, anonymize)
    return _formats.to_node_link(net, node_facts=nf)


@share_docs
def write_json(net, path, *, overwrite: bool = False, anonymize: bool = False) -> Path:
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
    >>> import json, tempfile, pathlib
    >>> net = rg.from_frames(pd.DataFrame({"name": ["Maya", "Ann"], "is_seeker": ["yes", ""]}))
    >>> out = rg.write_json(net, pathlib.Path(tempfile.mkdtemp()) / "net.json")
    >>> [n["id"] for n in json.loads(out.read_text(encoding="utf-8"))["nodes"]]
    ['Maya', 'Ann']
    """
    net, nf = _prepared(net, anonymize)
    return _formats.write_json(net, path, overwrite=overwrite, node_facts=nf)


@share_docs
def write_graphml(net, path, *, overwrite: bool = False, anonymize: bool = False) -> Path:
    """Write the network graph as GraphML, with per-contact metrics and the shared facts, atomically.

    Nodes carry every contact column that has a value and the per-contact metrics
    ``generation``, ``descendants``, ``direct_introductions`` (GraphML ``long``),
    ``origin``, ``status`` (as :func:`referralgraph.contact_metrics` says it) and
    ``seeker``; edges ``status``, ``kind``, ``date`` and ``seekers``. See
    :func:`referralgraph.readwrite.graphs.write_graphml` for the format.

    Parameters
    ----------
    {net}
    path : path
        The file to write (``.graphml`` is customary).
    {writer_options}

    {writer_returns}

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> net = rg.from_frames(pd.DataFrame({"name": ["Maya", "Ann"], "is_seeker": ["yes", ""]}))
    >>> G = nx.read_graphml(rg.write_graphml(net, pathlib.Path(tempfile.mkdtemp()) / "net.graphml"))
    >>> G.nodes["Ann"]["generation"], G.nodes["Ann"]["status"]
    (1, 'connected')
    """
    net, nf = _prepared(net, anonymize)
    return _formats.write_graphml(net, path, overwrite=overwrite, node_facts=nf)


@share_docs
def write_gexf(net, path, *, overwrite: bool = False, anonymize: bool = False) -> Path:
    """Write the network as dynamic GEXF 1.3 (Gephi's timeline replays its growth), with the shared facts.

    Each node's ``start`` is the day the person joined: the earliest of their
    ``first_contact`` facts (per tree: the tree edge's date or the first meeting
    with that seeker, else ``contacts.first_contact``), as
    :func:`referralgraph.contact_metrics` and the map's timeline give it; for a
    seeker, the earliest such day in their tree. ``status`` is as in
    ``contact_metrics``. See :func:`referralgraph.readwrite.graphs.write_gexf` for
    the format.

    Parameters
    ----------
    {net}
    path : path
        The file to write (``.gexf``).
    {writer_options}

    {writer_returns}

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> contacts = pd.DataFrame({"name": ["Maya", "Ann"], "is_seeker": ["yes", ""],
    ...                          "first_contact": ["", "2026-02-01"]})
    >>> intros = pd.DataFrame({"introducer": ["Maya"], "introduced": ["Ann"], "date": ["2026-03-02"]})
    >>> G = nx.read_gexf(rg.write_gexf(rg.from_frames(contacts, intros), pathlib.Path(tempfile.mkdtemp()) / "n.gexf"))
    >>> G.nodes["Ann"]["start"], G.nodes["Ann"]["status"]
    ('2026-03-02', 'connected')
    """
    net, nf = _prepared(net, anonymize)
    return _formats.write_gexf(net, path, overwrite=overwrite, node_facts=nf)
