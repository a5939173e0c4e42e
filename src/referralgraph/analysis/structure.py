"""Network structure: brokers (betweenness), structural holes, E-I homophily, top connectors."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._docstrings import share_docs
from .._arrays import unique_sorted
from .._deprecate import keyword_only, renamed_keywords
from .facts import OptionError, check_int, contact_attr, facts, resolve, rows_of_seeker, seeker_positions, text_codes

if TYPE_CHECKING:  # annotations only: networkx is imported for components with a cycle
    import networkx as nx

__all__ = ["brokers", "structural_holes", "ei_index", "top_connectors"]


# --------------------------------------------------------------------------- the undirected network
class _Undirected:
    """The undirected network of some seekers as local node numbers and unique edges, split into components."""

    def __init__(self, net, seeker) -> None:
        f = facts(net)
        ix = net.index
        self.net = net
        if seeker is None:
            nodes = np.arange(len(net.ids), dtype=np.int64)
            wanted = np.ones(len(ix.seekers), bool)
        else:
            pos = net.seeker_position(seeker)
            nodes = unique_sorted(ix.node[ix.rows_of(pos)].astype(np.int64))
            wanted = np.zeros(len(ix.seekers), bool)
            wanted[pos] = True
        _, u, v = _seeker_edges(net, wanted)
        local = np.full(f.N, -1, dtype=np.int64)
        local[nodes] = np.arange(len(nodes))
        a, b = local[u], local[v]
        keep = (a >= 0) & (b >= 0)
        a, b = np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep])
        n = len(nodes)
        pairs = unique_sorted(a * max(n, 1) + b)
        self.nodes = nodes
        self.n = n
        self.u, self.v = pairs // max(n, 1), pairs % max(n, 1)
        from scipy import sparse  # imported on use: scipy would be most of the cost of importing referralgraph
        from scipy.sparse import csgraph

        adj = sparse.coo_matrix((np.ones(len(self.u)), (self.u, self.v)), shape=(n, n)).tocsr()
        self.adj = adj
        self.degree = np.bincount(np.concatenate([self.u, self.v]), minlength=n).astype(np.int64)
        if n:
            _, labels = csgraph.connected_components(adj, directed=False)
        else:
            labels = np.zeros(0, np.int64)
        self.labels = labels
        comp_nodes = np.bincount(labels, minlength=labels.max(initial=-1) + 1)
        comp_edges = np.bincount(labels[self.u], minlength=len(comp_nodes))
        self.comp_size = comp_nodes
        self.cyclic_comp = comp_edges >= comp_nodes  # a connected graph with >= n edges has a cycle
        self.cyclic = self.cyclic_comp[labels] if n else np.zeros(0, bool)

    def subtree_sizes(self) -> tuple[np.ndarray, np.ndarray]:
        """Root every tree component (at its smallest node); per node: parent (-1 root) and subtree size."""
        n = self.n
        tree_nodes = ~self.cyclic
        te = tree_nodes[self.u]
        roots = np.flatnonzero(tree_nodes & self._is_component_root())
        # a virtual root n joined to each tree component's root: one BFS roots the whole forest
        rows = np.concatenate([self.u[te], np.full(len(roots), n)])
        cols = np.concatenate([self.v[te], roots])
        from scipy import sparse
        from scipy.sparse import csgraph

        g = sparse.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n + 1, n + 1)).tocsr()
        _, pred = csgraph.breadth_first_order(g, n, directed=False, return_predecessors=True)
        parent = pred[:n].astype(np.int64)
        parent[(parent == n) | (parent < 0)] = -1
        parent[~tree_nodes] = -1
        depth = _depths(parent)
        size = np.where(tree_nodes, 1, 0).astype(np.int64)
        for level in range(int(depth.max(initial=0)), 0, -1):
            at = np.flatnonzero((depth == level) & tree_nodes)
            np.add.at(size, parent[at], size[at])
        return parent, size

    def _is_component_root(self) -> np.ndarray:
        first = np.full(len(self.comp_size), self.n, dtype=np.int64)
        np.minimum.at(first, self.labels, np.arange(self.n))
        mark = np.zeros(self.n, bool)
        mark[first[first < self.n]] = True
        return mark

    def cyclic_graph(self) -> nx.Graph:
        """The components with a cycle as a NetworkX graph on contact ids."""
        ids = self.net.ids.to_numpy()
        import networkx as nx  # only for components with a cycle

        keep = self.cyclic[self.u]
        H = nx.Graph()
        H.add_nodes_from(ids[self.nodes[self.cyclic]].tolist())
        H.add_edges_from(zip(ids[self.nodes[self.u[keep]]].tolist(), ids[self.nodes[self.v[keep]]].tolist()))
        return H


def _seeker_edges(net, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ties of the wanted seekers' networks as (seeker position, contact code, contact code).

    Every recorded introduction of those seekers (tree edges, duplicates and cut
    cycle edges alike) plus the implied ties between a seeker and their direct
    contacts; the same tie may appear more than once.
    """
    f = facts(net)
    ix = net.index
    pos_of_code = np.full(f.N, -1, dtype=np.int64)
    pos_of_code[ix.seekers] = np.arange(len(ix.seekers))
    i_pos = np.where(f.i_seeker >= 0, pos_of_code[np.maximum(f.i_seeker, 0)], -1)
    ok = (f.i_introducer >= 0) & (f.i_introduced >= 0) & (f.i_introducer != f.i_introduced) & (i_pos >= 0)
    ok[ok] &= wanted[i_pos[ok]]
    implied = (ix.intro_row < 0) & (ix.parent >= 0) & wanted[ix.tree_of_row]
    t = np.concatenate([i_pos[ok], ix.tree_of_row[implied].astype(np.int64)])
    u = np.concatenate([f.i_introducer[ok], ix.seeker[implied].astype(np.int64)])
    v = np.concatenate([f.i_introduced[ok], ix.node[implied].astype(np.int64)])
    return t, u, v


def _depths(parent: np.ndarray) -> np.ndarray:
    """Depth of every node of a forest given by parent pointers (-1 for roots), by pointer jumping."""
    depth = (parent >= 0).astype(np.int64)
    anc = parent.copy()
    while True:
        live = np.flatnonzero(anc >= 0)
        if len(live) == 0:
            return depth
        up = anc[live]
        depth[live] += depth[up]
        anc[live] = anc[up]


def _frame(net, nodes: np.ndarray, columns: dict, sort_by: str | None) -> pd.DataFrame:
    ids = net.ids.to_numpy()
    out = pd.DataFrame(
        {
            "contact": pd.Series(ids[nodes], dtype="str"),
            "name": contact_attr(net, "name", nodes),
            "organization": contact_attr(net, "organization", nodes),
            **columns,
        }
    )
    if sort_by is not None:
        out = out.sort_values([sort_by, "contact"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return out


# --------------------------------------------------------------------------- brokers
@renamed_keywords(k="sample_size")
@share_docs
def brokers(
    net,
    *,
    seeker: str | None = None,
    exact_limit: int = 5000,
    sample_size: int = 500,
    seed: int = 0,
    normalized: bool = True,
    as_of=None,
) -> pd.DataFrame:
    """Brokers: betweenness centrality of every contact on the undirected network.

    Parameters
    ----------
    {net}
    seeker : str, optional
        Only this seeker's network (their tree plus every introduction recorded for them).
        ``None`` means every seeker: the whole network, every contact included.
    exact_limit : int, default 5000
        Components with a cycle are measured exactly with NetworkX while they
        hold at most this many nodes in total; above it, from ``sample_size``
        sampled sources.
    sample_size : int, default 500
        Sources sampled above ``exact_limit`` (NetworkX's ``k``; ``k=`` is the
        deprecated spelling here, removed in 0.4.0).
    seed : int, default 0
        Seed of the sampling, so results are reproducible.
    normalized : bool, default True
        Divide by :math:`(n-1)(n-2)/2`, the pairs that can pass through a node
        (as NetworkX does); ``n`` is the number of nodes of the whole graph.
    {as_of}

    Returns
    -------
    pandas.DataFrame
        Columns ``contact, name, organization, betweenness``, highest first.
        ``frame.attrs["method"]`` is ``"forest"`` (closed form only),
        ``"exact"`` or ``"sampled"``.

    Raises
    ------
    {raises_seeker}
    OptionError
        If ``exact_limit`` or ``sample_size`` is not a positive integer, or
        ``as_of`` is not a date.

    Notes
    -----
    Betweenness :math:`B(v) = \\sum_{s<t,\\ s,t \\ne v} \\sigma_{st}(v)/\\sigma_{st}` [1]_.
    Betweenness never crosses components, so each component is measured on its
    own. A component that is a tree has one path per pair, so for a node
    :math:`v` whose removal leaves parts of sizes :math:`c_1, \\dots, c_m` in a
    component of :math:`n_c` nodes, :math:`B(v) = ((n_c-1)^2 - \\sum_i c_i^2)/2`,
    computed for all nodes in O(n) from subtree sizes. Components with a cycle
    go to :func:`networkx.betweenness_centrality` (so an installed NetworkX
    backend can serve them) [2]_.

    References
    ----------
    .. [1] Freeman, L. C. (1977). A set of measures of centrality based on
       betweenness. *Sociometry* 40(1), 35-41.
    .. [2] Brandes, U. (2001). A faster algorithm for betweenness centrality.
       *Journal of Mathematical Sociology* 25(2), 163-177.

    Examples
    --------
    >>> net = rg.from_frames(
    ...     pd.DataFrame({"name": ["Me", "Ann", "Bo", "Cy"], "is_seeker": ["y", "", "", ""]}),
    ...     pd.DataFrame({"introducer": ["Ann", "Ann"], "introduced": ["Bo", "Cy"]}))
    >>> rg.brokers(net, normalized=False)[["contact", "betweenness"]]
      contact  betweenness
    0     Ann          3.0
    1      Bo          0.0
    2      Cy          0.0
    3      Me          0.0
    """
    exact_limit = check_int("exact_limit", exact_limit, minimum=1)
    sample_size = check_int("sample_size", sample_size, minimum=1)
    net, _ = resolve(net, as_of)
    U = _Undirected(net, seeker)
    n = U.n
    raw = np.zeros(n)
    method = "forest"
    if n:
        parent, size = U.subtree_sizes()
        tree_nodes = ~U.cyclic
        comp_n = U.comp_size[U.labels].astype(float)
        child_sq = np.zeros(n)
        has = parent >= 0
        np.add.at(child_sq, parent[has], size[has].astype(float) ** 2)
        up = comp_n - size
        raw = np.where(tree_nodes, ((comp_n - 1) ** 2 - child_sq - up**2) / 2.0, 0.0)
        if U.cyclic.any():
            import networkx as nx  # only for components with a cycle

            H = U.cyclic_graph()
            if H.number_of_nodes() <= exact_limit:
                method = "exact"
                bc = nx.betweenness_centrality(H, normalized=False)
            else:
                method = "sampled"
                bc = nx.betweenness_centrality(H, k=min(sample_size, H.number_of_nodes()), normalized=False, seed=seed)
            at = net.ids.get_indexer(list(bc))
            local = np.full(len(net.ids), -1, dtype=np.int64)
            local[U.nodes] = np.arange(n)
            raw[local[at]] = np.fromiter(bc.values(), dtype=float, count=len(bc))
    if normalized and n > 2:
        raw = raw * 2.0 / ((n - 1) * (n - 2))
    out = _frame(net, U.nodes, {"betweenness": raw}, "betweenness")
    out.attrs["method"] = method
    return out


@share_docs
def structural_holes(net, *, seeker: str | None = None, as_of=None) -> pd.DataFrame:
    """Burt's structural holes: effective size and constraint of every contact on the undirected network.

    Parameters
    ----------
    {net}
    seeker : str, optional
        Only this seeker's network. ``None`` means every seeker: the whole network.
    {as_of}

    Returns
    -------
    pandas.DataFrame
        Columns ``contact, name, organization, degree, effective_size,
        constraint``, by effective size (highest first). Both measures are NaN
        for a contact without ties, as in NetworkX.

    Raises
    ------
    {raises_seeker}

    Notes
    -----
    For an unweighted undirected graph, effective size is Borgatti's
    :math:`e(v) = d_v - 2 t_v / d_v` with :math:`t_v` the ties among
    :math:`v`'s neighbours [2]_, and constraint is
    :math:`c(v) = \\sum_{j \\in N(v)} (p_{vj} + \\sum_{q \\ne v,j} p_{vq} p_{qj})^2`
    with :math:`p_{vj} = 1/d_v` [1]_. In a component without cycles no two
    neighbours are tied, so :math:`e(v) = d_v` and :math:`c(v) = 1/d_v` (O(n)).
    In components with a cycle the same formulas are evaluated exactly with
    sparse products: :math:`2t_v = (A^2 \\circ A)\\mathbf{1}` and, with
    :math:`S_{vj} = \\sum_{q} A_{vq} A_{qj} / d_q` on the ties,
    :math:`c(v) = \\sum_j (1 + S_{vj})^2 / d_v^2`; this equals
    :func:`networkx.constraint` and :func:`networkx.effective_size` (tested),
    whose pure-Python loops are quadratic in a node's degree.

    References
    ----------
    .. [1] Burt, R. S. (1992). *Structural Holes: The Social Structure of
       Competition*. Harvard University Press.
    .. [2] Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy
       measures. *Connections* 20(1), 35-38.

    Examples
    --------
    >>> net = rg.from_frames(
    ...     pd.DataFrame({"name": ["Me", "Ann", "Bo", "Cy"], "is_seeker": ["y", "", "", ""]}),
    ...     pd.DataFrame({"introducer": ["Ann", "Ann"], "introduced": ["Bo", "Cy"]}))
    >>> rg.structural_holes(net)[["contact", "degree", "effective_size", "constraint"]].head(2)
      contact  degree  effective_size  constraint
    0     Ann       3             3.0    0.333333
    1      Bo       1             1.0    1.000000
    """
    net, _ = resolve(net, as_of)
    U = _Undirected(net, seeker)
    deg = U.degree.astype(float)
    with np.errstate(divide="ignore"):
        eff = np.where(deg > 0, deg, np.nan)
        con = np.where(deg > 0, 1.0 / np.maximum(deg, 1), np.nan)
    if U.n and U.cyclic.any():
        # in a component with cycles, count ties among neighbours with sparse products (rows of those nodes only)
        cyc = np.flatnonzero(U.cyclic)
        A = (U.adj + U.adj.T).tocsr()
        A.data[:] = 1.0
        Ac = A[cyc]
        d = deg[cyc]
        two_t = np.asarray((Ac @ A).multiply(Ac).sum(axis=1)).ravel()  # 2 x ties among the neighbours
        from scipy import sparse

        S = (Ac @ sparse.diags(1.0 / np.maximum(deg, 1)) @ A).multiply(Ac).tocsr()  # sum_q p_vq p_qj * d_v
        sum_s = np.asarray(S.sum(axis=1)).ravel()
        sum_s2 = np.asarray(S.multiply(S).sum(axis=1)).ravel()
        with np.errstate(divide="ignore", invalid="ignore"):
            eff[cyc] = np.where(d > 0, d - two_t / d, np.nan)
            con[cyc] = np.where(d > 0, (d + 2 * sum_s + sum_s2) / d**2, np.nan)
    return _frame(net, U.nodes, {"degree": U.degree, "effective_size": eff, "constraint": con}, "effective_size")


# --------------------------------------------------------------------------- homophily
@share_docs
def ei_index(net, *, by: str = "field", seeker: str | None = None, as_of=None) -> pd.DataFrame:
    """Krackhardt and Stern's E-I index of each seeker's network by a contact attribute.

    Parameters
    ----------
    {net}
    by : str, default "field"
        A contacts column, usually ``"field"`` or ``"organization"``; values are
        compared case-insensitively after stripping spaces.
    seeker : str, optional
        Only this seeker. ``None`` means every seeker (one row each).
    {as_of}

    Returns
    -------
    pandas.DataFrame
        Columns ``seeker, by, ties, internal, external, ei_index``: ties of the
        seeker's network (tree edges and every recorded introduction, undirected)
        whose two ends both have a ``by`` value; of those, within one value and
        across values; and :math:`(E - I)/(E + I)`, NaN without such ties.

    Raises
    ------
    OptionError
        If ``by`` is not a column of the contacts table.
    {raises_seeker}

    Notes
    -----
    :math:`EI = (E - I)/(E + I)` ranges from -1 (every introduction stays
    inside one field: homophily) to +1 (every introduction crosses fields) [1]_.

    References
    ----------
    .. [1] Krackhardt, D. & Stern, R. N. (1988). Informal networks and
       organizational crises: an experimental simulation. *Social Psychology
       Quarterly* 51(2), 123-140.

    Examples
    --------
    >>> net = rg.from_frames(
    ...     pd.DataFrame({"name": ["Me", "Ann", "Bo", "Cy"], "is_seeker": ["y", "", "", ""],
    ...                   "field": [None, "Data", "data", "Design"]}),
    ...     pd.DataFrame({"introducer": ["Ann", "Ann"], "introduced": ["Bo", "Cy"]}))
    >>> rg.ei_index(net)[["ties", "internal", "external", "ei_index"]]
       ties  internal  external  ei_index
    0     2         1         1       0.0
    """
    if not isinstance(by, str) or by not in net.table("contacts").columns or by == "id":
        cols = [c for c in net.table("contacts").columns if c != "id"]
        raise OptionError(
            f"by must be a column of the contacts table, e.g. 'field' or 'organization' "
            f"(got {by!r}; the contacts have {', '.join(map(repr, cols))})"
        )
    net, _ = resolve(net, as_of)
    positions = seeker_positions(net, seeker)
    codes = text_codes(net.table("contacts")[by]) if len(net.table("contacts")) else np.zeros(0, np.int64)
    ids = net.ids.to_numpy()
    T = len(net.index.seekers)
    wanted = np.zeros(T, bool)
    wanted[positions] = True
    t, u, v = _seeker_edges(net, wanted)
    a, b = np.minimum(u, v), np.maximum(u, v)
    N = max(len(ids), 1)
    key = unique_sorted((t * N + a) * N + b) if len(t) else np.zeros(0, np.int64)  # one tie per seeker and pair
    t, a, b = key // (N * N), (key // N) % N, key % N
    ca, cb = codes[a], codes[b]
    known = (ca >= 0) & (cb >= 0)
    same = known & (ca == cb)
    ties = np.bincount(t[known], minlength=T)[positions].astype(np.int64)
    internal = np.bincount(t[same], minlength=T)[positions].astype(np.int64)
    external = ties - internal
    ei = np.full(len(positions), np.nan)
    np.divide(external - internal, ties, out=ei, where=ties > 0)
    rows = list(zip(ids[net.index.seekers[positions]], [by] * len(positions), ties, internal, external, ei))
    return pd.DataFrame(
        {
            "seeker": pd.Series([r[0] for r in rows], dtype="str"),
            "by": pd.Series([r[1] for r in rows], dtype="str"),
            "ties": np.array([r[2] for r in rows], dtype=np.int64),
            "internal": np.array([r[3] for r in rows], dtype=np.int64),
            "external": np.array([r[4] for r in rows], dtype=np.int64),
            "ei_index": np.array([r[5] for r in rows], dtype=float),
        }
    )


# --------------------------------------------------------------------------- connectors
@renamed_keywords(n="limit")
@keyword_only("limit")
@share_docs
def top_connectors(net, *, limit: int = 10, seeker: str | None = None, as_of=None) -> pd.DataFrame:
    """The contacts through whom each seeker reached the most people.

    Parameters
    ----------
    {net}
    limit : int, default 10
        How many per seeker. (``n=``, also by position, is the deprecated
        spelling, removed in 0.4.0.)
    seeker : str, optional
        Only this seeker. ``None`` means every seeker (``limit`` each).
    {as_of}

    Returns
    -------
    pandas.DataFrame
        Columns ``seeker, rank, contact, name, organization, generation,
        direct_introductions, descendants, share``: contacts with at least one
        descendant, by ``descendants`` (then ``direct_introductions``, then tree
        order); ``share`` is ``descendants`` over the seeker's contacts.

    Raises
    ------
    {raises_seeker}
    OptionError
        If ``limit`` is not an integer >= 0, or ``as_of`` is not a date.

    Notes
    -----
    A contact's descendants are the size of their subtree minus one: everyone
    reached through them, directly or indirectly, the "cascade size" they
    started [1]_.

    References
    ----------
    .. [1] Goel, S., Watts, D. J. & Goldstein, D. G. (2012). The structure of
       online diffusion networks. *Proc. 13th ACM Conference on Electronic
       Commerce*, 623-638.

    Examples
    --------
    >>> net = rg.from_frames(
    ...     pd.DataFrame({"name": ["Me", "Ann", "Bo", "Cy"], "is_seeker": ["y", "", "", ""]}),
    ...     pd.DataFrame({"introducer": ["Ann", "Bo"], "introduced": ["Bo", "Cy"]}))
    >>> rg.top_connectors(net)[["rank", "contact", "descendants"]]
       rank contact  descendants
    0     1     Ann            2
    1     2      Bo            1
    """
    limit = check_int("limit", limit, minimum=0)
    net, _ = resolve(net, as_of)
    ix = net.index
    rows = np.arange(len(ix))[rows_of_seeker(net, seeker)]
    rows = rows[(ix.parent[rows] >= 0) & (ix.descendants[rows] > 0)]
    order = rows[np.lexsort((rows, -ix.children[rows], -ix.descendants[rows], ix.tree_of_row[rows]))]
    tree = ix.tree_of_row[order]
    first = np.r_[True, tree[1:] != tree[:-1]] if len(tree) else np.zeros(0, bool)
    start = np.maximum.accumulate(np.where(first, np.arange(len(tree)), 0)) if len(tree) else np.zeros(0, np.int64)
    rank = np.arange(len(tree)) - start + 1
    order, rank = order[rank <= limit], rank[rank <= limit]
    ids = net.ids.to_numpy()
    node = ix.node[order]
    total = (ix.tree_size[ix.tree_of_row[order]] - 1).astype(float)
    return pd.DataFrame(
        {
            "seeker": pd.Series(ids[ix.seeker[order]], dtype="str"),
            "rank": rank.astype(np.int64),
            "contact": pd.Series(ids[node], dtype="str"),
            "name": contact_attr(net, "name", node),
            "organization": contact_attr(net, "organization", node),
            "generation": ix.generation[order].astype(np.int64),
            "direct_introductions": ix.children[order],
            "descendants": ix.descendants[order],
            "share": ix.descendants[order] / total,
        }
    )
