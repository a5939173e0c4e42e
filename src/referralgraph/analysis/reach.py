"""Reach: how many people each generation of introductions brought, who is within k steps, paths to targets."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .._docstrings import share_docs
from .._deprecate import renamed_keywords
from .facts import OptionError, check_int, contact_attr, resolve, rows_of_seeker, seeker_positions, text_codes

__all__ = ["reach_by_generation", "within", "paths_to"]


@share_docs
def reach_by_generation(net, *, seeker: str | None = None, as_of=None) -> pd.DataFrame:
    """Contacts per generation of introductions, per seeker (tidy).

    Parameters
    ----------
    {net}
    seeker : str, optional
        Only this seeker. ``None`` means every seeker.
    {as_of}

    Returns
    -------
    pandas.DataFrame
        Columns ``seeker, generation, contacts, cumulative, share``: for each
        generation :math:`g \\ge 1` of a seeker's tree, the number of contacts at
        that generation, at generations :math:`\\le g`, and the share
        ``contacts / all contacts`` of the seeker. The seeker (generation 0) is
        left out; a seeker without contacts has no rows.

    Raises
    ------
    {raises_seeker}
    OptionError
        If ``as_of`` is not a date.

    Notes
    -----
    Generation :math:`g` is the depth of the contact in the seeker's referral
    tree: the number of introductions on the path from the seeker, the
    "degrees of separation" of Milgram's small-world chains [1]_; reach by
    generation is the depth profile of a diffusion cascade [2]_.

    References
    ----------
    .. [1] Travers, J. & Milgram, S. (1969). An experimental study of the small
       world problem. *Sociometry* 32(4), 425-443.
    .. [2] Goel, S., Anderson, A., Hofman, J. & Watts, D. J. (2016). The structural
       virality of online diffusion. *Management Science* 62(1), 180-196.

    Examples
    --------
    >>> net = rg.from_frames(
    ...     pd.DataFrame({"name": ["Me", "Ann", "Bo", "Cy"], "is_seeker": ["y", "", "", ""]}),
    ...     pd.DataFrame({"introducer": ["Ann", "Ann"], "introduced": ["Bo", "Cy"]}))
    >>> rg.reach_by_generation(net)
      seeker  generation  contacts  cumulative     share
    0     Me           1         1           1  0.333333
    1     Me           2         2           3  0.666667
    """
    net, _ = resolve(net, as_of)
    ix = net.index
    rows = np.arange(len(ix))[rows_of_seeker(net, seeker)]
    rows = rows[ix.parent[rows] >= 0]
    tree = ix.tree_of_row[rows]
    counts = (
        pd.DataFrame({"t": tree, "generation": ix.generation[rows].astype(np.int64)})
        .value_counts(sort=False)
        .reset_index(name="contacts")
        .sort_values(["t", "generation"], kind="stable")
    )
    t = counts["t"].to_numpy()
    cumulative = counts.groupby("t")["contacts"].cumsum().to_numpy(dtype=np.int64)
    total = (ix.tree_size[t] - 1).astype(float)
    ids = net.ids.to_numpy()
    return pd.DataFrame(
        {
            "seeker": pd.Series(ids[ix.seekers[t]], dtype="str"),
            "generation": counts["generation"].to_numpy(dtype=np.int64),
            "contacts": counts["contacts"].to_numpy(dtype=np.int64),
            "cumulative": cumulative,
            "share": counts["contacts"].to_numpy(dtype=float) / total,
        }
    )


@renamed_keywords(k="hops")
@share_docs
def within(net, hops: int, *, seeker: str | None = None, as_of=None) -> pd.DataFrame:
    """Contacts within ``hops`` introductions of the seeker (generation 1 to ``hops``).

    Parameters
    ----------
    {net}
    hops : int
        The largest generation to include; 0 gives no rows. (``k=`` is its
        deprecated spelling, removed in 0.4.0.)
    seeker : str, optional
        Only this seeker's contacts. ``None`` means every seeker.
    {as_of}

    Returns
    -------
    pandas.DataFrame
        Columns ``seeker, contact, name, generation, introduced_by``, in tree
        order (seeker, generation, date).

    Raises
    ------
    {raises_seeker}
    OptionError
        If ``hops`` is not an integer >= 0, or ``as_of`` is not a date.

    Notes
    -----
    The ball of radius :math:`h` around the seeker in the referral tree,
    :math:`\\{v : 1 \\le g(v) \\le h\\}` [1]_.

    References
    ----------
    .. [1] Newman, M. E. J. (2018). *Networks*, 2nd ed., Oxford University Press,
       sec. 6.11 (paths and distances).

    Examples
    --------
    >>> net = rg.from_frames(
    ...     pd.DataFrame({"name": ["Me", "Ann", "Bo", "Cy"], "is_seeker": ["y", "", "", ""]}),
    ...     pd.DataFrame({"introducer": ["Ann", "Bo"], "introduced": ["Bo", "Cy"]}))
    >>> rg.within(net, 2)["contact"].tolist()
    ['Ann', 'Bo']
    """
    hops = check_int("hops", hops, minimum=0)
    net, _ = resolve(net, as_of)
    ix = net.index
    rows = np.arange(len(ix))[rows_of_seeker(net, seeker)]
    rows = rows[(ix.parent[rows] >= 0) & (ix.generation[rows] <= hops)]
    ids = net.ids.to_numpy()
    node = ix.node[rows]
    return pd.DataFrame(
        {
            "seeker": pd.Series(ids[ix.seeker[rows]], dtype="str"),
            "contact": pd.Series(ids[node], dtype="str"),
            "name": contact_attr(net, "name", node),
            "generation": ix.generation[rows].astype(np.int64),
            "introduced_by": pd.Series(ids[ix.node[ix.parent[rows]]] if len(rows) else [], dtype="str"),
        }
    )


def _targets(name: str, value) -> list[str]:
    if value is None:
        return []
    values = [value] if isinstance(value, str) else list(value) if isinstance(value, Iterable) else None
    if values is None or not all(isinstance(v, str) and v.strip() for v in values):
        raise OptionError(f"{name} must be a non-blank string or a list of them (got {value!r})")
    return values


@share_docs
def paths_to(net, *, organization=None, field=None, seeker: str | None = None, as_of=None) -> pd.DataFrame:
    """The shortest introduction path from the seeker to anyone at a target organization or in a target field.

    Parameters
    ----------
    {net}
    organization, field : str or list of str, optional
        Targets, matched case-insensitively against the whole (stripped) value
        of the contacts' ``organization`` / ``field``. At least one is needed.
    seeker : str, optional
        Only this seeker. ``None`` means every seeker.
    {as_of}

    Returns
    -------
    pandas.DataFrame
        One row per (seeker, target), in the order the targets were given:
        ``seeker``, ``by`` (``organization`` or ``field``), ``target`` (as given),
        ``contact`` (the nearest person matching it in the seeker's tree, missing
        if none), ``name``, ``path`` (list of ids from the seeker to that contact,
        empty if none), ``length`` (introductions on the path: the contact's
        generation; missing if none), ``reachable`` (bool) and ``candidates``
        (matching people in the tree). Ties between equally near contacts go to
        the one met or introduced first.

    Raises
    ------
    OptionError
        If neither ``organization`` nor ``field`` is given, or a target is blank.
    {raises_seeker}

    Notes
    -----
    In a referral tree there is exactly one introduction path to each member,
    so the shortest path to a target set :math:`S` is the path to
    :math:`\\arg\\min_{v \\in S} g(v)`; it is read from the parent pointers [1]_.

    References
    ----------
    .. [1] Travers, J. & Milgram, S. (1969). An experimental study of the small
       world problem. *Sociometry* 32(4), 425-443.

    Examples
    --------
    >>> net = rg.from_frames(
    ...     pd.DataFrame({"name": ["Me", "Ann", "Bo"], "is_seeker": ["y", "", ""],
    ...                   "organization": [None, "Acme", "Globex"]}),
    ...     pd.DataFrame({"introducer": ["Ann"], "introduced": ["Bo"]}))
    >>> rg.paths_to(net, organization=["globex", "Initech"])[["target", "path", "length", "reachable"]]
        target           path  length  reachable
    0   globex  [Me, Ann, Bo]       2       True
    1  Initech             []    <NA>      False
    """
    targets = [("organization", t) for t in _targets("organization", organization)] + [
        ("field", t) for t in _targets("field", field)
    ]
    if not targets:
        raise OptionError("paths_to needs a target: pass organization=... and/or field=... (got neither)")
    net, _ = resolve(net, as_of)
    positions = seeker_positions(net, seeker)
    ix = net.index
    ids = net.ids.to_numpy()
    records = []
    for by in ("organization", "field"):
        wanted = [t for b, t in targets if b == by]
        if not wanted:
            continue
        if by in net.table("contacts").columns and len(net.table("contacts")):
            folded = (
                net.table("contacts")[by]
                .astype("str")
                .str.strip()
                .str.casefold()
                .mask(net.table("contacts")[by].isna())
            )
            value_codes = text_codes(net.table("contacts")[by])
            lookup = pd.Series(value_codes, index=folded.to_numpy()).groupby(level=0).first()
        else:
            value_codes, lookup = None, pd.Series(dtype=np.int64)
        for rank, pos in enumerate(positions.tolist()):
            rows = np.arange(ix.offsets[pos] + 1, ix.offsets[pos + 1])
            row_codes = value_codes[ix.node[rows]] if value_codes is not None else np.zeros(0, np.int64)
            for target in wanted:
                code = lookup.get(target.strip().casefold())
                hits = rows[row_codes == code] if code is not None else rows[:0]
                record = {
                    "seeker": ids[ix.seekers[pos]],
                    "by": by,
                    "target": target,
                    "candidates": len(hits),
                    "rank": rank,
                }
                if len(hits):
                    best = hits[np.argmin(ix.generation[hits])]  # first of the nearest, in tree order
                    path, r = [], int(best)
                    while r >= 0:  # one walk per target, at most the tree's depth
                        path.append(ids[ix.node[r]])
                        r = int(ix.parent[r])
                    record.update(
                        contact=ids[ix.node[best]],
                        path=path[::-1],
                        length=int(ix.generation[best]),
                        reachable=True,
                        node=int(ix.node[best]),
                    )
                else:
                    record.update(contact=None, path=[], length=pd.NA, reachable=False, node=-1)
                records.append(record)
    order = {key: i for i, key in enumerate(targets)}
    records.sort(key=lambda r: (r["rank"], order[(r["by"], r["target"])]))
    nodes = np.array([r["node"] for r in records], dtype=np.int64)
    names = contact_attr(net, "name", np.maximum(nodes, 0)).mask(pd.Series(nodes < 0))
    return pd.DataFrame(
        {
            "seeker": pd.Series([r["seeker"] for r in records], dtype="str"),
            "by": pd.Series([r["by"] for r in records], dtype="str"),
            "target": pd.Series([r["target"] for r in records], dtype="str"),
            "contact": pd.Series([r["contact"] for r in records], dtype="str"),
            "name": names,
            "path": pd.Series([r["path"] for r in records], dtype=object),
            "length": pd.array([r["length"] for r in records], dtype="Int64"),
            "reachable": np.array([r["reachable"] for r in records], dtype=bool),
            "candidates": np.array([r["candidates"] for r in records], dtype=np.int64),
        }
    )
