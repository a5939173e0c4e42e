"""Chain statistics: recruits by generation per origin, cascade virality, convergence by generation, bottlenecks."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._docstrings import share_docs
from .._checks import check_network, check_number
from .._deprecate import keyword_only, warn_deprecated
from ..exceptions import OptionError
from .facts import resolve
from .mixing import attribute_codes

__all__ = [
    "recruits_by_generation",
    "origin_growth",
    "virality",
    "share_by_generation",
    "bottlenecks",
    "ORIGIN_COLUMNS",
    "VIRALITY_COLUMNS",
    "BOTTLENECK_COLUMNS",
]

#: columns of :func:`origin_growth`, in order
ORIGIN_COLUMNS = [
    "origin",
    "branches",
    "people",
    "mean_branch_size",
    "mean_depth",
    "max_depth",
    "growing_share",
    "seekers",
]
#: columns of :func:`virality`, in order
VIRALITY_COLUMNS = ["seeker", "people", "structural_virality", "cascade_virality"]
#: columns of :func:`bottlenecks`, in order
BOTTLENECK_COLUMNS = [
    "seeker",
    "contacts",
    "branches",
    "largest_origin",
    "largest_branch",
    "largest_share",
    "second_share",
    "bottleneck",
]


def _rows(net, seeker) -> np.ndarray:
    ix = net.index
    rows = slice(0, len(ix)) if seeker is None else ix.rows_of(net.seeker_position(seeker))
    return np.arange(len(ix))[rows]


def _origin_labels(net, by: str):
    """Per index row: the code of its branch's origin value and the labels (``by="origin"``: the first contact)."""
    ix = net.index
    n = len(ix)
    origin = ix.origin
    if by == "origin":
        first = np.flatnonzero(ix.generation == 1)
        node = ix.node[first]
        uniq, inv = np.unique(node, return_inverse=True)
        code_of_row = np.full(n, -1, np.int64)
        code_of_row[first] = inv
        codes = np.where(origin >= 0, code_of_row[np.maximum(origin, 0)], -1)
        return codes, net.ids.to_numpy()[uniq].astype(object)
    contact_codes, labels = attribute_codes(net, by)
    codes = np.where(origin >= 0, contact_codes[ix.node[np.maximum(origin, 0)]], -1) if n else np.zeros(0, np.int64)
    return codes, labels


_UNKNOWN = "(not recorded)"


def _with_unknown(codes: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Missing origin values become their own last label, so nothing is dropped."""
    if (codes == -1).any():
        return np.where(codes == -1, len(labels), codes), np.append(labels, _UNKNOWN).astype(object)
    return codes, labels


def _origin_by(by, name: str) -> str:
    """``by`` of the origin functions: not given, the old default ``"source"`` with a deprecation warning."""
    if by is None:
        warn_deprecated(
            f"{name}() without by= (by='source')",
            f"{name}(by='source'); by= will default to 'field' as everywhere else",
            stacklevel=5,
        )
        return "source"
    return by


@keyword_only("by")
@share_docs
def recruits_by_generation(net, *, by: str | None = None, seeker: str | None = None, as_of=None) -> pd.DataFrame:
    """People reached at each generation, per origin: which first contacts or channels led to the deepest chains.

    Parameters
    ----------
    {net}
    by : str, optional
        What an origin is: a contacts column read at the generation-1 contact whose
        branch a person is in (``source``: cold e-mail, alumni, event, LinkedIn;
        ``field``, ``organization``, ...), or ``"origin"`` for the first contact
        itself. Not given, it is ``"source"`` with a deprecation warning: from
        0.4.0 it defaults to ``"field"``, as ``by`` does everywhere; pass
        ``by="source"`` to keep the channels.
    seeker : str, optional
        Only this seeker's tree. ``None`` means every seeker, added up.
    {as_of_measure}

    Returns
    -------
    pandas.DataFrame
        Columns ``origin, generation, people, cumulative``: one row per (origin,
        generation) with people, sorted by origin then generation; ``cumulative``
        adds the generations up. First contacts without a value count under
        ``"(not recorded)"``.

    Raises
    ------
    OptionError
        If ``by`` is neither ``"origin"`` nor a contacts column.
    {raises_seeker}

    See Also
    --------
    origin_growth : the same branches summarised, one row per origin.

    Notes
    -----
    The "recruits by wave per seed" of respondent-driven sampling [1]_, with the
    seeker's first contacts as seeds.

    References
    ----------
    .. [1] Gile, K. J., Johnston, L. G. & Salganik, M. J. (2015). Diagnostics for
       respondent-driven sampling. *JRSS A* 178(1), 241-269.

    Examples
    --------
    >>> net = rg.from_frames(
    ...     pd.DataFrame({"name": ["Me", "Ann", "Bo", "Cy"], "is_seeker": ["y", "", "", ""],
    ...                   "source": ["", "alumni", "", "event"]}),
    ...     pd.DataFrame({"introducer": ["Ann", "Me"], "introduced": ["Bo", "Cy"]}))
    >>> rg.recruits_by_generation(net, by="source")
       origin  generation  people  cumulative
    0  alumni           1       1           1
    1  alumni           2       1           2
    2   event           1       1           1
    """
    check_network(net)
    by = _origin_by(by, "recruits_by_generation")
    net, _ = resolve(net, as_of)
    if by != "origin":
        attribute_codes(net, by)  # raises for an unknown column
    rows = _rows(net, seeker)
    codes, labels = _origin_labels(net, by)
    ix = net.index
    rows = rows[ix.parent[rows] >= 0]
    c, labels = _with_unknown(codes[rows], labels)
    gen = ix.generation[rows].astype(np.int64)
    G = int(gen.max(initial=0)) + 1
    counts = (
        np.bincount(c * G + gen, minlength=len(labels) * G).reshape(len(labels), G)
        if len(rows)
        else np.zeros((len(labels), G), np.int64)
    )
    o, g = np.nonzero(counts)
    frame = pd.DataFrame(
        {
            "origin": pd.Series(labels[o], dtype=object),
            "generation": g.astype(np.int64),
            "people": counts[o, g].astype(np.int64),
        }
    )
    frame = frame.sort_values(["origin", "generation"], kind="stable").reset_index(drop=True)
    frame["cumulative"] = frame.groupby("origin", sort=False)["people"].cumsum().astype(np.int64)
    return frame


@keyword_only("by")
@share_docs
def origin_growth(net, *, by: str | None = None, seeker: str | None = None, as_of=None) -> pd.DataFrame:
    """Per origin (channel, field or first contact): how far the branches it opened grew.

    Parameters
    ----------
    net, by, seeker, as_of
        As for :func:`recruits_by_generation`.

    Returns
    -------
    pandas.DataFrame
        One row per origin value, columns :data:`ORIGIN_COLUMNS`: ``origin``,
        ``branches`` (first contacts with that value), ``people`` (everyone in
        those branches, the first contacts included), ``mean_branch_size``,
        ``mean_depth`` (mean deepest generation of a branch, 1 for a first contact
        who introduced nobody), ``max_depth``, ``growing_share`` (branches where
        the first contact introduced someone) and ``seekers`` (trees with such a
        branch). Sorted by ``mean_branch_size``, largest first: the channels whose
        chains grow best come first.

    Raises
    ------
    OptionError
        If ``by`` is neither ``"origin"`` nor a contacts column.
    {raises_seeker}

    Examples
    --------
    >>> net = rg.from_frames(
    ...     pd.DataFrame({"name": ["Me", "Ann", "Bo", "Cy"], "is_seeker": ["y", "", "", ""],
    ...                   "source": ["", "alumni", "", "event"]}),
    ...     pd.DataFrame({"introducer": ["Ann", "Me"], "introduced": ["Bo", "Cy"]}))
    >>> rg.origin_growth(net, by="source")[["origin", "branches", "people", "max_depth", "growing_share"]]
       origin  branches  people  max_depth  growing_share
    0  alumni         1       2          2            1.0
    1   event         1       1          1            0.0
    """
    check_network(net)
    by = _origin_by(by, "origin_growth")
    net, _ = resolve(net, as_of)
    if by != "origin":
        attribute_codes(net, by)
    rows = _rows(net, seeker)
    ix = net.index
    codes, labels = _origin_labels(net, by)
    first = rows[ix.generation[rows] == 1]
    c, labels = _with_unknown(codes[first], labels)
    L = len(labels)
    size = (ix.descendants[first] + 1).astype(float)
    depth = _branch_depth(net)[first].astype(float)
    branches = np.bincount(c, minlength=L)
    people = np.bincount(c, weights=size, minlength=L)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_size = people / branches
        mean_depth = np.bincount(c, weights=depth, minlength=L) / branches
        growing = np.bincount(c, weights=(ix.children[first] > 0).astype(float), minlength=L) / branches
    max_depth = np.zeros(L, np.int64)
    if len(first):
        np.maximum.at(max_depth, c, depth.astype(np.int64))
    pairs = np.unique(c.astype(np.int64) * max(len(ix.seekers), 1) + ix.tree_of_row[first]) if len(first) else c
    seekers = np.bincount(pairs // max(len(ix.seekers), 1), minlength=L) if len(first) else np.zeros(L, np.int64)
    frame = pd.DataFrame(
        {
            "origin": pd.Series(labels, dtype=object),
            "branches": branches.astype(np.int64),
            "people": people.astype(np.int64),
            "mean_branch_size": mean_size,
            "mean_depth": mean_depth,
            "max_depth": max_depth,
            "growing_share": growing,
            "seekers": seekers.astype(np.int64),
        }
    )
    frame = frame[frame["branches"] > 0]
    return frame.sort_values(["mean_branch_size", "origin"], ascending=[False, True], kind="stable")[
        ORIGIN_COLUMNS
    ].reset_index(drop=True)


def _branch_depth(net) -> np.ndarray:
    """Per generation-1 index row: the deepest generation of its branch (other rows: their own generation)."""
    ix = net.index
    deep = ix.generation.astype(np.int64).copy()
    inside = np.flatnonzero(ix.origin >= 0)
    if len(inside):
        np.maximum.at(deep, ix.origin[inside], deep[inside])  # one pass: every row raises its branch's origin
    return deep


def _preorder(net) -> np.ndarray:
    """Per index row: its position in a depth-first preorder of all trees (trees in index order).

    Vectorised: a row's offset from its parent is 1 plus the sizes of its earlier
    siblings, and its position the sum of the offsets on its path to the seeker,
    found by pointer jumping in O(n log depth) (no pass per generation, so a
    10^5-deep chain costs 17 passes, not 10^5).
    """
    ix = net.index
    n = len(ix)
    parent = ix.parent
    size = ix.descendants.astype(np.int64) + 1
    order = np.lexsort((np.arange(n), parent))  # children grouped by parent, in row order
    p_sorted, s_sorted = parent[order], size[order]
    csum = np.cumsum(s_sorted)
    first = np.ones(n, dtype=bool)
    first[1:] = p_sorted[1:] != p_sorted[:-1]
    group_start = np.maximum.accumulate(np.where(first, np.arange(n), 0))
    earlier = csum - s_sorted - (csum[group_start] - s_sorted[group_start])  # sizes of earlier siblings
    offset = np.empty(n, dtype=np.int64)
    offset[order] = earlier + 1
    offset[parent < 0] = 0
    pos, anc = offset, parent.copy()
    while True:
        live = np.flatnonzero(anc >= 0)
        if len(live) == 0:
            break
        up = anc[live]
        pos[live] = pos[live] + pos[up]
        anc[live] = anc[up]
    return ix.offsets[:-1][ix.tree_of_row] + pos


def _subtree_generation_sums(net) -> np.ndarray:
    """Per index row: the sum of the generations of everyone below it (a subtree is a preorder range)."""
    ix = net.index
    if len(ix) == 0:
        return np.zeros(0)
    pre = _preorder(net)
    gen = np.zeros(len(ix))
    gen[pre] = ix.generation
    prefix = np.concatenate([[0.0], np.cumsum(gen)])
    desc = ix.descendants.astype(np.int64)
    return prefix[pre + desc + 1] - prefix[pre + 1]


@share_docs
def virality(net, *, seeker: str | None = None, as_of=None) -> pd.DataFrame:
    """Rooted cascade virality beside structural virality, per seeker.

    Parameters
    ----------
    {net}
    seeker : str, optional
        Only this seeker's row. ``None`` means every seeker (one row each).
    {as_of_measure}

    Returns
    -------
    pandas.DataFrame
        Columns :data:`VIRALITY_COLUMNS`: ``seeker``, ``people`` (tree members,
        the seeker included), ``structural_virality`` (as
        :func:`seeker_summary`) and ``cascade_virality``; both NaN for a seeker
        alone.

    Raises
    ------
    {raises_seeker}

    Notes
    -----
    Structural virality [1]_ is the mean distance between all pairs of the
    unrooted tree: a star (one generation) scores below 2 whatever its size, a
    chain scores about a third of its length. Cascade virality [2]_ uses the root:
    :math:`\\sum_{v:\\,D(v) \\ne \\emptyset} \\frac{1}{|D(v)|}\\sum_{u \\in D(v)} d(v, u)`,
    over every member :math:`v` with descendants :math:`D(v)`: each introducer
    adds the mean depth of what they opened, so it grows with both depth and the
    number of people who introduce on (a star of any size scores 1, a chain of
    :math:`n` members, the seeker included, :math:`(n(n+1)/2 - 1)/2`).
    Both are computed in O(n) from subtree sums of the tree index.

    References
    ----------
    .. [1] Goel, S., Anderson, A., Hofman, J. & Watts, D. J. (2016). The structural
       virality of online diffusion. *Management Science* 62(1), 180-196.
    .. [2] Zhang, Y., Wang, L., Zhu, J. J. H. & Wang, X. (2020). Viral vs. broadcast:
       characterizing the virality and growth of cascades. *EPL* 131(2), 28002.

    Examples
    --------
    >>> net = rg.from_frames(
    ...     pd.DataFrame({"name": ["Me", "Ann", "Bo", "Cy"], "is_seeker": ["y", "", "", ""]}),
    ...     pd.DataFrame({"introducer": ["Ann", "Bo"], "introduced": ["Bo", "Cy"]}))
    >>> rg.virality(net)
      seeker  people  structural_virality  cascade_virality
    0     Me       4             1.666667               4.5
    """
    check_network(net)
    net, _ = resolve(net, as_of)
    ix = net.index
    T = len(ix.seekers)
    tree = ix.tree_of_row
    size = ix.tree_size.astype(float)
    sub = ix.parent >= 0
    s = (ix.descendants[sub] + 1).astype(float)
    wiener = np.bincount(tree[sub], weights=s * (size[tree[sub]] - s), minlength=T)
    pairs = size * (size - 1) / 2.0
    with np.errstate(divide="ignore", invalid="ignore"):
        structural = np.where(pairs > 0, wiener / pairs, np.nan)
        desc = ix.descendants.astype(float)
        dist = _subtree_generation_sums(net) - desc * ix.generation  # sum of distances to descendants
        inner = desc > 0
        per = np.zeros(len(ix))
        per[inner] = dist[inner] / desc[inner]
    cascade = np.bincount(tree, weights=per, minlength=T) if len(ix) else np.zeros(T)
    cascade = np.where(size > 1, cascade, np.nan)
    frame = pd.DataFrame(
        {
            "seeker": pd.Series(net.ids.to_numpy()[ix.seekers], dtype="str"),
            "people": size.astype(np.int64),
            "structural_virality": structural,
            "cascade_virality": cascade,
        }
    )[VIRALITY_COLUMNS]
    if seeker is not None:
        frame = frame.iloc[[net.seeker_position(seeker)]].reset_index(drop=True)
    return frame


@keyword_only("by", "value")
@share_docs
def share_by_generation(net, *, by: str = "field", value=None, seeker: str | None = None, as_of=None) -> pd.DataFrame:
    """The share of people with a value, generation by generation and cumulatively: a convergence check.

    Parameters
    ----------
    {net}
    by : str, default "field"
        A contacts column.
    value : str, optional
        The value whose share is followed (compared case-folded). By default
        every value.
    seeker : str, optional
        Only this seeker's tree. ``None`` means every seeker, added up.
    {as_of_measure}

    Returns
    -------
    pandas.DataFrame
        Columns ``value, generation, people, with_value, share, cumulative_share``:
        per (value, generation >= 1), the people of that generation with a known
        ``by``, those with the value, their share and the share among everyone
        up to that generation. When ``cumulative_share`` stops moving, further
        generations no longer change the picture (the network has "converged",
        in RDS's terms).

    Raises
    ------
    OptionError
        If ``by`` is not a contacts column or ``value`` does not occur.
    {raises_seeker}

    References
    ----------
    .. [1] Gile, K. J., Johnston, L. G. & Salganik, M. J. (2015). Diagnostics for
       respondent-driven sampling. *JRSS A* 178(1), 241-269 (convergence plots).

    Examples
    --------
    >>> net = rg.from_frames(
    ...     pd.DataFrame({"name": ["Me", "Ann", "Bo", "Cy"], "is_seeker": ["y", "", "", ""],
    ...                   "field": ["", "Data", "Data", "HR"]}),
    ...     pd.DataFrame({"introducer": ["Ann", "Ann"], "introduced": ["Bo", "Cy"]}))
    >>> rg.share_by_generation(net, value="data")[["generation", "share", "cumulative_share"]]
       generation  share  cumulative_share
    0           1    1.0          1.000000
    1           2    0.5          0.666667
    """
    check_network(net)
    net, _ = resolve(net, as_of)
    codes, labels = attribute_codes(net, by)
    ix = net.index
    rows = _rows(net, seeker)
    rows = rows[ix.parent[rows] >= 0]
    c = codes[ix.node[rows]]
    known = c >= 0
    gen = ix.generation[rows][known].astype(np.int64)
    c = c[known]
    if value is not None:
        folded = [str(v).strip().casefold() for v in labels]
        want = str(value).strip().casefold()
        if want not in folded:
            raise OptionError(
                f"value {value!r} does not occur in the {by} column of these contacts; expected one "
                f"of {', '.join(map(repr, labels[:10]))}"
            )
        chosen = np.array([folded.index(want)])
    else:
        chosen = np.unique(c)
    G = int(gen.max(initial=0)) + 1
    L = max(len(labels), 1)
    per_gen = np.bincount(gen, minlength=G).astype(np.int64)
    counts = np.bincount(c * G + gen, minlength=L * G).reshape(L, G) if len(c) else np.zeros((L, G), np.int64)
    gens = np.arange(1, G)
    gens = gens[per_gen[1:] > 0] if G > 1 else gens
    out = []
    for v in chosen:  # one pass per value shown, never per contact
        with_v = counts[v, gens]
        with np.errstate(divide="ignore", invalid="ignore"):
            out.append(
                pd.DataFrame(
                    {
                        "value": labels[v],
                        "generation": gens.astype(np.int64),
                        "people": per_gen[gens],
                        "with_value": with_v.astype(np.int64),
                        "share": with_v / per_gen[gens],
                        "cumulative_share": np.cumsum(with_v) / np.cumsum(per_gen[gens]),
                    }
                )
            )
    if not out:
        return pd.DataFrame(
            {
                "value": pd.Series(dtype=object),
                "generation": pd.Series(dtype=np.int64),
                "people": pd.Series(dtype=np.int64),
                "with_value": pd.Series(dtype=np.int64),
                "share": pd.Series(dtype=float),
                "cumulative_share": pd.Series(dtype=float),
            }
        )
    frame = pd.concat(out, ignore_index=True)
    frame["value"] = frame["value"].astype(object)
    return frame


@share_docs
def bottlenecks(net, *, seeker: str | None = None, threshold: float = 0.5, as_of=None) -> pd.DataFrame:
    """Does one branch hold most of the network? Per seeker, the largest branch's share.

    Parameters
    ----------
    {net}
    seeker : str, optional
        Only this seeker's row. ``None`` means every seeker (one row each).
    threshold : float, default 0.5
        A seeker has a bottleneck when one branch holds at least this share of
        their contacts.
    {as_of_measure}

    Returns
    -------
    pandas.DataFrame
        Columns :data:`BOTTLENECK_COLUMNS`: ``seeker``, ``contacts``,
        ``branches`` (first contacts), ``largest_origin`` (the first contact of
        the largest branch, missing without contacts), ``largest_branch``
        (people in it, the first contact included), ``largest_share`` and
        ``second_share`` (of ``contacts``; NaN without contacts) and
        ``bottleneck`` (``largest_share >= threshold``; a single branch holding
        everyone is one).

    Raises
    ------
    {raises_seeker}
    OptionError
        If ``threshold`` is not a number in [0, 1].

    Notes
    -----
    RDS's bottleneck plot [1]_ draws an estimate per seed to show whether the
    chains mix; for a job search the question is simpler: if one first contact's
    branch holds most of your network, losing touch with that person (or their
    field) cuts most of your reach, and new first contacts are the remedy.

    References
    ----------
    .. [1] Gile, K. J., Johnston, L. G. & Salganik, M. J. (2015). Diagnostics for
       respondent-driven sampling. *JRSS A* 178(1), 241-269.

    Examples
    --------
    >>> net = rg.from_frames(
    ...     pd.DataFrame({"name": ["Me", "Ann", "Bo", "Cy", "Di"], "is_seeker": ["y", "", "", "", ""]}),
    ...     pd.DataFrame({"introducer": ["Ann", "Ann", "Me"], "introduced": ["Bo", "Cy", "Di"]}))
    >>> rg.bottlenecks(net)[["seeker", "largest_origin", "largest_share", "bottleneck"]]
      seeker largest_origin  largest_share  bottleneck
    0     Me            Ann           0.75        True
    """
    check_network(net)
    threshold = check_number("threshold", threshold, minimum=0.0, maximum=1.0)
    net, _ = resolve(net, as_of)
    ix = net.index
    T = len(ix.seekers)
    first = np.flatnonzero(ix.generation == 1)
    size = (ix.descendants[first] + 1).astype(np.int64)
    tree = ix.tree_of_row[first].astype(np.int64)
    # sort branches by (tree, size desc): the first of each tree is its largest, the second its runner-up
    order = np.lexsort((-size, tree))
    t_sorted, s_sorted = tree[order], size[order]
    start = np.searchsorted(t_sorted, np.arange(T))
    count = np.bincount(tree, minlength=T)
    contacts = (ix.tree_size - 1).astype(np.int64)
    has = count > 0
    largest = np.zeros(T, np.int64)
    second = np.zeros(T, np.int64)
    largest[has] = s_sorted[start[has]]
    two = count >= 2
    second[two] = s_sorted[start[two] + 1]
    ids = net.ids.to_numpy()
    origin = pd.Series([pd.NA] * T, dtype="string")
    if has.any():
        origin[has] = ids[ix.node[first[order[start[has]]]]]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(contacts > 0, largest / contacts, np.nan)
        share2 = np.where(contacts > 0, second / contacts, np.nan)
    frame = pd.DataFrame(
        {
            "seeker": pd.Series(ids[ix.seekers], dtype="str"),
            "contacts": contacts,
            "branches": count.astype(np.int64),
            "largest_origin": origin,
            "largest_branch": largest,
            "largest_share": share,
            "second_share": share2,
            "bottleneck": np.nan_to_num(share, nan=0.0) >= max(threshold, 1e-12),
        }
    )
    frame = frame[BOTTLENECK_COLUMNS]
    if seeker is not None:
        frame = frame.iloc[[net.seeker_position(seeker)]].reset_index(drop=True)
    return frame
