"""Birds of a feather across introductions: the introducer -> introduced mixing table and recruitment homophily."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._docstrings import share_docs
from .._checks import check_network
from .._deprecate import keyword_only
from ..exceptions import OptionError
from .facts import facts, resolve

__all__ = ["mixing_matrix", "homophily", "HOMOPHILY_COLUMNS", "attribute_codes", "transitions"]

#: columns of :func:`homophily`, in order
HOMOPHILY_COLUMNS = ["seeker", "introductions", "same", "observed_same", "expected_same", "ratio", "p_value", "unknown"]


def attribute_codes(net, by: str) -> tuple[np.ndarray, np.ndarray]:
    """Per contact code, the code of its ``by`` value (-1 when missing or blank), and the value labels.

    Text is grouped case-folded and stripped (``"Data"`` and ``" data"`` are one
    value, shown as the first spelling met); labels are sorted alphabetically, so
    codes follow that order (as R's ``factor`` levels do).

    Raises
    ------
    OptionError
        If ``by`` is not a column of the contacts table.
    """
    contacts = net.table("contacts")  # read only
    if not isinstance(by, str) or by not in contacts.columns or by in ("id", "is_seeker"):
        usable = [c for c in contacts.columns if c not in ("id", "is_seeker")]
        raise OptionError(
            f"by must be a column of the contacts table, one of {', '.join(map(repr, usable))} (got {by!r})"
        )
    cache = facts(net).__dict__.setdefault("_attribute_codes", {})  # once per network and column
    if by not in cache:
        cache[by] = _attribute_codes(contacts[by])
    codes, labels = cache[by]
    return codes.copy(), labels.copy()  # callers own their arrays


def _attribute_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    raw, uniq = pd.factorize(values)
    if len(uniq) == 0:
        return raw.astype(np.int64), np.zeros(0, dtype=object)
    shown = pd.Series(uniq).astype("str").str.strip()
    folded = shown.str.casefold().mask(shown == "")
    fcodes, funiq = pd.factorize(folded)
    # label of a folded value: its first spelling in the table's order (uniq is in order of appearance)
    first = pd.Series(np.arange(len(fcodes))).groupby(fcodes).min()
    first = first[first.index >= 0]
    labels = shown.to_numpy(dtype=object)[first.to_numpy()]
    order = np.argsort(np.asarray(funiq, dtype=object), kind="stable")  # alphabetical by folded value
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    remap = np.append(np.where(fcodes >= 0, rank[np.maximum(fcodes, 0)], -1), -1).astype(np.int64)
    return remap[raw], labels[order]


def transitions(net, rows: slice) -> np.ndarray:
    """Index rows (inside ``rows``) whose tree edge is an introduction by a contact: generation >= 2."""
    ix = net.index
    r = np.arange(len(ix))[rows]
    return r[ix.generation[r] >= 2]


def _prepare(net, by, seeker, as_of):
    check_network(net)
    net, _ = resolve(net, as_of)
    codes, labels = attribute_codes(net, by)
    ix = net.index
    rows = slice(0, len(ix)) if seeker is None else ix.rows_of(net.seeker_position(seeker))
    edge = transitions(net, rows)
    a = codes[ix.node[ix.parent[edge]]] if len(edge) else np.zeros(0, np.int64)
    b = codes[ix.node[edge]] if len(edge) else np.zeros(0, np.int64)
    known = (a >= 0) & (b >= 0)
    return net, codes, labels, edge, a, b, known


@keyword_only("by")
@share_docs
def mixing_matrix(
    net, *, by: str = "field", seeker: str | None = None, normalize: bool = False, as_of=None
) -> pd.DataFrame:
    """Who introduced whom, by a contact attribute: the introducer -> introduced transition table.

    Parameters
    ----------
    {net}
    by : str, default "field"
        A column of the contacts table: ``field``, ``organization``, ``role``,
        ``source`` or any column of your own.
    seeker : str, optional
        Only this seeker's introductions. ``None`` means every seeker, added up.
    normalize : bool, default False
        Row shares instead of counts: each row sums to 1 (NaN for a value whose
        contacts introduced nobody with a known value).
    as_of : date-like, optional
        Measure the network as known on this date (:func:`referralgraph.snapshot`).

    Returns
    -------
    pandas.DataFrame
        Square: the index (named ``introducer``) and the columns (named
        ``introduced``) are the values of ``by`` among the contacts of the
        measured trees, in alphabetical order; cell ``(x, y)`` counts the
        introductions a contact with value ``x`` made of a contact with value
        ``y``. ``frame.attrs`` holds ``by``, ``introductions`` (counted) and
        ``unknown`` (introductions left out because either side has no value).

    Raises
    ------
    {raises_by_as_of}
    {raises_seeker}

    See Also
    --------
    homophily : how much more often introductions stay inside a value than chance.

    Notes
    -----
    The table is dense: with :math:`L` values it has :math:`L^2` cells, so a
    whole cohort by ``organization`` (thousands of values) is large; one seeker's
    is small. The semantics are those of ``count.transitions`` in R's RDS package [1]_: one
    transition per recruit with a recruiter (here: per referral-tree edge whose
    introducer is a contact, so generation 2 and deeper; the seeker's own direct
    contacts are the "seeds" and have no introducer), the recruiter's value as
    the row and the recruit's as the column, missing values left out, rows and
    columns the same sorted levels. Unlike RDS, a row without transitions stays
    0 (RDS fills it with 0.1 so that its Markov estimate exists) and its row
    shares are NaN. Each (seeker, contact) tree edge counts once; a contact in
    two seekers' trees counts in both. Text values are grouped case-folded.

    References
    ----------
    .. [1] Handcock, M. S., Fellows, I. E. & Gile, K. J. (2012-). RDS: Respondent-Driven
       Sampling, R package; ``count.transitions``.
       https://CRAN.R-project.org/package=RDS

    Examples
    --------
    >>> net = rg.from_frames(
    ...     pd.DataFrame({"name": ["Me", "Ann", "Bo", "Cy"], "is_seeker": ["y", "", "", ""],
    ...                   "field": ["", "Data", "data", "Design"]}),
    ...     pd.DataFrame({"introducer": ["Ann", "Ann"], "introduced": ["Bo", "Cy"]}))
    >>> m = rg.mixing_matrix(net, by="field")
    >>> m.index.tolist(), m.loc["Data"].tolist(), m.loc["Design"].tolist()
    (['Data', 'Design'], [1, 1], [0, 0])
    """
    net, codes, labels, edge, a, b, known = _prepare(net, by, seeker, as_of)
    ix = net.index
    rows = slice(0, len(ix)) if seeker is None else ix.rows_of(net.seeker_position(seeker))
    members = np.arange(len(ix))[rows]
    members = members[ix.parent[members] >= 0]
    present = np.unique(codes[ix.node[members]]) if len(members) else np.zeros(0, np.int64)
    present = present[present >= 0]
    P = len(present)  # only the values of the measured trees: a seeker's table stays small in a large cohort
    local = np.full(len(labels), -1, dtype=np.int64)
    local[present] = np.arange(P)
    la, lb = local[a[known]], local[b[known]]
    counts = (np.bincount(la * P + lb, minlength=P * P).reshape(P, P) if P else np.zeros((0, 0))).astype(np.int64)
    frame = pd.DataFrame(
        counts,
        index=pd.Index(labels[present], name="introducer", dtype=object),
        columns=pd.Index(labels[present], name="introduced", dtype=object),
    )
    if normalize:
        totals = counts.sum(axis=1, keepdims=True).astype(float)
        shares = np.full(counts.shape, np.nan)
        np.divide(counts, totals, out=shares, where=totals > 0)
        frame = pd.DataFrame(shares, index=frame.index, columns=frame.columns)
    frame.attrs.update({"by": by, "introductions": int(known.sum()), "unknown": int((~known).sum())})
    return frame


def _sums(group: np.ndarray, a: np.ndarray, b: np.ndarray, G: int, L: int):
    """Per group: transitions, same-value ones, and the permutation mean and variance of the same-value count.

    Sparse in (group, value): only the pairs that occur are counted, so thousands
    of seekers times thousands of organizations cost no dense table.
    """
    T = np.bincount(group, minlength=G).astype(float)
    S = np.bincount(group[a == b], minlength=G).astype(float)
    L = max(L, 1)
    ka = group.astype(np.int64) * L + a
    kb = group.astype(np.int64) * L + b
    keys = np.unique(np.concatenate([ka, kb]))
    r = np.bincount(np.searchsorted(keys, ka), minlength=len(keys)).astype(float)  # introducers' values
    c = np.bincount(np.searchsorted(keys, kb), minlength=len(keys)).astype(float)  # introduced values
    g = keys // L

    def per_group(w):
        return np.bincount(g, weights=w, minlength=G)[:G] if len(g) else np.zeros(G)

    rc = per_group(r * c)
    rcc = per_group(r * c * c)
    crr = per_group(c * r * r)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(T > 0, rc / T, np.nan)
        # Hoeffding's combinatorial CLT for sum_i 1[a_i == b_pi(i)] under a random permutation pi
        dd = rc - rcc / T - crr / T + rc**2 / T**2
        var = np.where(T > 1, dd / (T - 1), np.where(T == 1, 0.0, np.nan))
    return T, S, mean, np.maximum(var, 0.0)


def _p_values(S, mean, var) -> np.ndarray:
    import math

    erfc = np.frompyfunc(math.erfc, 1, 1)  # one call per seeker, not per contact
    out = np.full(len(S), np.nan)
    ok = ~np.isnan(mean)
    sd = np.sqrt(var[ok])
    dev = np.maximum(np.abs(S[ok] - mean[ok]) - 0.5, 0.0)  # continuity correction
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(sd > 0, dev / sd, 0.0)
    out[ok] = np.minimum(erfc(z / np.sqrt(2.0)).astype(float), 1.0)
    return out


@keyword_only("by")
@share_docs
def homophily(net, *, by: str = "field", seeker: str | None = None, as_of=None) -> pd.DataFrame:
    """Recruitment homophily: how often introductions stay inside a value, against random mixing.

    Parameters
    ----------
    {net}
    by : str, default "field"
        A column of the contacts table, as for :func:`mixing_matrix`.
    seeker : str, optional
        Only this seeker's row. ``None`` means every seeker: one row each and one
        (``seeker`` missing) for the whole network.
    {as_of_measure}

    Returns
    -------
    pandas.DataFrame
        Columns :data:`HOMOPHILY_COLUMNS`:

        - ``seeker``: the seeker (missing for the whole-network row, the last);
        - ``introductions``: introductions with a known value on both sides;
        - ``same``: those within the same value;
        - ``observed_same``: ``same / introductions``;
        - ``expected_same``: the share random mixing of the same people would
          give, :math:`\\sum_v r_v c_v / T^2` (:math:`r_v`, :math:`c_v` the
          introductions made by and of people with value :math:`v`);
        - ``ratio``: ``observed_same / expected_same`` (above 1: birds of a
          feather; below 1: introductions cross over);
        - ``p_value``: two-sided, against the permutation null (below);
        - ``unknown``: introductions left out because a side has no value.

        Shares, ratio and p-value are NaN without introductions.

    Raises
    ------
    {raises_by_as_of}
    {raises_seeker}

    See Also
    --------
    mixing_matrix : the counts this is computed from.
    ei_index : Krackhardt and Stern's E-I index of all ties.

    Notes
    -----
    The null keeps who introduced and who was introduced, with their values, and
    pairs them at random (a permutation of the introduced people): the
    same-value count :math:`S` then has mean :math:`E = \\sum_v r_v c_v / T` and
    variance :math:`\\frac{1}{T-1}\\left(\\sum_v r_v c_v - \\frac{1}{T}\\sum_v r_v c_v^2
    - \\frac{1}{T}\\sum_v c_v r_v^2 + E^2\\right)` (Hoeffding's combinatorial
    central limit theorem [2]_); the p-value is the normal approximation with a
    continuity correction. The whole-network row permutes within each seeker's
    network (a stratified null: a cohort of data scientists does not count as
    homophily between data scientists), so its expected share is
    :math:`\\sum_s E_s / T`. This is the "recruitment homophily" of respondent-driven
    sampling [1]_ measured against the recruiters actually observed rather than an
    estimated population.

    References
    ----------
    .. [1] Heckathorn, D. D. (2002). Respondent-driven sampling II: deriving valid
       population estimates from chain-referral samples of hidden populations.
       *Social Problems* 49(1), 11-34.
    .. [2] Hoeffding, W. (1951). A combinatorial central limit theorem. *Annals of
       Mathematical Statistics* 22(4), 558-566.
    .. [3] McPherson, M., Smith-Lovin, L. & Cook, J. M. (2001). Birds of a feather:
       homophily in social networks. *Annual Review of Sociology* 27, 415-444.

    Examples
    --------
    >>> net = rg.from_frames(
    ...     pd.DataFrame({"name": ["Me", "Ann", "Bo", "Cy", "Di"], "is_seeker": ["y", "", "", "", ""],
    ...                   "field": ["", "Data", "Data", "Design", "Design"]}),
    ...     pd.DataFrame({"introducer": ["Ann", "Me", "Di"], "introduced": ["Bo", "Di", "Cy"]}))
    >>> rg.homophily(net)[["seeker", "introductions", "observed_same", "expected_same", "ratio"]]
      seeker  introductions  observed_same  expected_same  ratio
    0     Me              2            1.0            0.5    2.0
    1   <NA>              2            1.0            0.5    2.0
    """
    net, _, labels, edge, a, b, known = _prepare(net, by, seeker, as_of)
    ix = net.index
    ids = net.ids.to_numpy()
    if seeker is None:
        G = len(ix.seekers)
        group = ix.tree_of_row[edge].astype(np.int64)
        names = list(ids[ix.seekers])
    else:
        G = 1
        group = np.zeros(len(edge), np.int64)
        names = [net.seekers[net.seeker_position(seeker)]]
    unknown = np.bincount(group[~known], minlength=G).astype(np.int64)
    T, S, mean, var = _sums(group[known], a[known], b[known], G, len(labels))
    if seeker is None:  # the whole network: stratified by seeker
        T = np.append(T, T.sum())
        S = np.append(S, S.sum())
        mean = np.append(mean, np.nansum(mean) if T[-1] > 0 else np.nan)
        var = np.append(var, np.nansum(var) if T[-1] > 0 else np.nan)
        unknown = np.append(unknown, unknown.sum())
        names.append(pd.NA)
    with np.errstate(divide="ignore", invalid="ignore"):
        observed = np.where(T > 0, S / T, np.nan)
        expected = np.where(T > 0, mean / T, np.nan)
        ratio = np.where(expected > 0, observed / expected, np.nan)
    frame = pd.DataFrame(
        {
            "seeker": pd.Series(names, dtype="string"),
            "introductions": T.astype(np.int64),
            "same": S.astype(np.int64),
            "observed_same": observed,
            "expected_same": expected,
            "ratio": ratio,
            "p_value": _p_values(S, mean, var),
            "unknown": unknown,
        }
    )
    frame.attrs["by"] = by
    return frame[HOMOPHILY_COLUMNS]
