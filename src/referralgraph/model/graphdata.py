"""The network graph as columns: per-contact tree metrics and the merged edge list, without building NetworkX.

The graph writers (GraphML, GEXF, node-link JSON) use these so that a 10^5-person
export takes a second, and so that every export carries the same per-contact metrics
as :func:`referralgraph.contact_metrics`, computed here from the tree index (the
model level; ``analysis`` builds its tables from the same arrays).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._index import STATUS_CODES, STATUS_NAMES
from .vocabulary import INTRO_STATUS_CODES
from .network import ReferralNetwork

__all__ = ["NODE_METRICS", "node_metrics", "edge_table"]

#: per-contact metric columns of :func:`node_metrics`, named as in ``contact_metrics``
NODE_METRICS = ("generation", "descendants", "direct_introductions", "origin", "status", "seeker")


def node_metrics(net: ReferralNetwork) -> pd.DataFrame:
    """Per contact (rows in ``net.contacts`` order), their place in a referral tree.

    Columns, as :func:`referralgraph.contact_metrics` names them: ``generation``,
    ``descendants``, ``direct_introductions`` (Int64), ``origin`` (the generation-1
    contact whose branch they are in), ``status`` and ``seeker`` (text). A seeker's
    own row has generation 0, status ``seeker`` and no origin. A contact in several
    seekers' trees gets the values of the first of those trees (seekers in the order
    of ``net.seekers``); ``seeker`` says which. Contacts in no tree (possible after a
    lenient load) have missing values.

    Examples
    --------
    >>> import pandas as pd, referralgraph as rg
    >>> from referralgraph.model.graphdata import node_metrics
    >>> contacts = pd.DataFrame({"name": ["Me", "Ann", "Bo"], "is_seeker": ["yes", "", ""]})
    >>> intros = pd.DataFrame({"introducer": ["Ann"], "introduced": ["Bo"]})
    >>> node_metrics(rg.from_frames(contacts, intros))
       generation  descendants  direct_introductions origin      status seeker
    0           0            2                     1    NaN      seeker     Me
    1           1            1                     1    Ann  introduced     Me
    2           2            0                     0    Ann  introduced     Me
    """
    ix = net.index
    ids = net.ids
    n = len(ids)
    first = np.full(n, -1, dtype=np.int64)
    if len(ix):
        rows = np.arange(len(ix), dtype=np.int64)
        # first row of each contact in index order (trees in seeker order)
        first[ix.node[::-1]] = rows[::-1]
    has = first >= 0
    r = np.maximum(first, 0)

    def ints(values):
        out = pd.array(np.where(has, values, 0) if n else np.zeros(0, np.int64), dtype="Int64")
        out[~has] = pd.NA
        return out

    def text(codes, ok):
        taken = ids.take(np.where(ok, codes, 0)) if n else ids[:0]
        return pd.Series(np.asarray(taken, dtype=object), dtype="str").mask(~ok)

    if len(ix):
        origin_row = ix.origin[r]
        origin_ok = has & (origin_row >= 0)
        origin = text(ix.node[np.maximum(origin_row, 0)], origin_ok)
        status = pd.Series(STATUS_NAMES[ix.status[r]], dtype="str").mask(~has)
        seeker = text(ix.seeker[r], has)
        generation, descendants, children = ix.generation[r], ix.descendants[r], ix.children[r]
    else:
        origin = status = seeker = pd.Series([None] * n, dtype="str")
        generation = descendants = children = np.zeros(n, np.int64)
    return pd.DataFrame(
        {
            "generation": ints(generation),
            "descendants": ints(descendants),
            "direct_introductions": ints(children),
            "origin": origin.to_numpy(),
            "status": status.to_numpy(),
            "seeker": seeker.to_numpy(),
        }
    )


def edge_table(net: ReferralNetwork) -> pd.DataFrame:
    """The edges of :attr:`ReferralNetwork.graph` as a table, without building the graph.

    One row per (introducer, introduced) pair, in order of first appearance:
    ``source``, ``target`` (contact codes, positions in ``net.ids``), ``date``
    (earliest; NaT when undated), ``status`` (most advanced), ``kind``
    (``introduction`` or ``direct``) and ``seekers`` (the seeker ids, sorted, joined
    with ``;``).

    Examples
    --------
    >>> import pandas as pd, referralgraph as rg
    >>> from referralgraph.model.graphdata import edge_table
    >>> contacts = pd.DataFrame({"name": ["Me", "Ann", "Bo"], "is_seeker": ["yes", "", ""]})
    >>> intros = pd.DataFrame({"introducer": ["Ann"], "introduced": ["Bo"], "date": ["2026-03-02"]})
    >>> edge_table(rg.from_frames(contacts, intros))[["source", "target", "status", "kind", "seekers"]]
       source  target      status          kind seekers
    0       1       2  introduced  introduction      Me
    1       0       1  introduced        direct      Me
    """
    intro = net._introductions
    ix = net.index
    ids = net.ids
    n = len(ids)
    parts = []
    if len(intro):
        known = getattr(net, "_reference_codes", {})  # the codes the network resolved when it was built

        def codes(name, values):
            got = known.get(name)
            if got is not None and len(got) == len(values):
                return np.asarray(got, dtype=np.int64)
            return ids.get_indexer(values).astype(np.int64)

        u = codes("introducer", intro["introducer"])
        v = codes("introduced", intro["introduced"])
        s = codes("intro_seeker", intro["seeker"])
        valid = (u >= 0) & (v >= 0) & (s >= 0)
        status = (
            intro["status"]
            .map(INTRO_STATUS_CODES)
            .fillna(STATUS_CODES["introduced"])
            .to_numpy(dtype=np.int64, copy=True)
        )
        meetings = net._meetings
        if len(meetings):  # a conversation with the introduced person makes the introduction "met"
            ms = codes("meeting_seeker", meetings["seeker"])
            mc = codes("meeting_contact", meetings["contact"])
            ok = (ms >= 0) & (mc >= 0)
            met = np.unique(ms[ok] * max(n, 1) + mc[ok])
            status[valid & np.isin(s * max(n, 1) + v, met)] = STATUS_CODES["met"]
        date = intro["date"].to_numpy(dtype="datetime64[ns]")
        direct = u == s
        parts.append((u[valid], v[valid], s[valid], date[valid], status[valid], direct[valid]))
    implied = (ix.intro_row < 0) & (ix.parent >= 0) if len(ix) else np.zeros(0, bool)
    if implied.any():
        parts.append(
            (
                ix.seeker[implied].astype(np.int64),
                ix.node[implied].astype(np.int64),
                ix.seeker[implied].astype(np.int64),
                ix.date[implied].astype("datetime64[ns]"),
                ix.status[implied].astype(np.int64),
                np.ones(int(implied.sum()), bool),
            )
        )
    columns = ["source", "target", "date", "status", "kind", "seekers"]
    if not parts:
        return pd.DataFrame(
            {
                c: pd.Series([], dtype={"source": np.int64, "target": np.int64, "date": "datetime64[ns]"}.get(c, "str"))
                for c in columns
            }
        )
    u, v, s, date, status, direct = (np.concatenate([p[k] for p in parts]) for k in range(6))
    key = u.astype(np.int64) * max(n, 1) + v.astype(np.int64)
    order = np.argsort(key, kind="stable")
    ks = key[order]
    starts = np.flatnonzero(np.concatenate([[True], ks[1:] != ks[:-1]])) if len(ks) else np.zeros(0, np.int64)
    d8 = date[order].view("i8").copy()
    nat = np.isnat(date[order])
    d8[nat] = np.iinfo(np.int64).max
    dmin = np.minimum.reduceat(d8, starts)
    dates = dmin.view("datetime64[ns]").copy()
    dates[dmin == np.iinfo(np.int64).max] = np.datetime64("NaT")
    smax = np.maximum.reduceat(status[order], starts)
    first = order[starts]  # the earliest row of each pair (stable sort)
    sizes = np.diff(np.concatenate([starts, [len(ks)]]))
    seeker_ids = np.asarray(ids, dtype=object)[s[first]].astype(object)
    for g in np.flatnonzero(sizes > 1).tolist():  # pairs named by several seekers: few
        members = s[order[starts[g] : starts[g] + sizes[g]]]
        seeker_ids[g] = ";".join(sorted({str(ids[m]) for m in members}))
    appear = np.argsort(first, kind="stable")
    return pd.DataFrame(
        {
            "source": u[first][appear].astype(np.int64),
            "target": v[first][appear].astype(np.int64),
            "date": dates[appear],
            "status": pd.Series(STATUS_NAMES[smax[appear]], dtype="str"),
            "kind": pd.Series(np.where(direct[first][appear], "direct", "introduction"), dtype="str"),
            "seekers": pd.Series(seeker_ids[appear], dtype="str"),
        }
    )
