"""The columnar index of the referral trees: one row per (seeker, member), numpy arrays only.

Why columnar: at 10^6 contacts a NetworkX DiGraph with attributes costs 27-45 s and
+1.2 GiB to build, while these arrays take about 0.1 s and every referral metric is a
handful of vectorised passes over them (see docs/architecture.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from .._arrays import isin_sorted, unique_sorted
from . import vocabulary

__all__ = ["TreeIndex", "STATUS_NAMES", "level_groups"]

#: status codes of index rows; the seeker's own row is ``seeker``
STATUS_NAMES = np.array(vocabulary.STATUS_NAMES, dtype=object)
STATUS_CODES = vocabulary.STATUS_CODES


def level_groups(generation: np.ndarray) -> list[np.ndarray]:
    """Row positions grouped by generation, shallowest first."""
    if len(generation) == 0:
        return []
    order = np.argsort(generation, kind="stable")
    cuts = np.flatnonzero(np.diff(generation[order])) + 1
    return np.split(order, cuts)


@dataclass(frozen=True, eq=False)
class TreeIndex:
    """The referral trees of every seeker as parallel numpy arrays.

    Rows are grouped by seeker (``offsets[k]:offsets[k+1]`` are seeker ``k``'s rows,
    the first of which is the seeker itself) and, inside a tree, ordered by
    generation, then date, so a parent always comes before its children.

    Attributes
    ----------
    ids : pandas.Index
        Contact ids; a contact's *code* is its position here (and in ``contacts``).
    seekers : numpy.ndarray
        Codes of the seekers, in the order their trees appear.
    offsets : numpy.ndarray
        ``len(seekers) + 1`` row boundaries.
    seeker, node : numpy.ndarray
        Per row: the seeker's code and the member's code.
    parent : numpy.ndarray
        Per row: the row of the member's introducer in the same tree (-1 for the seeker).
    generation : numpy.ndarray
        Per row: introductions between the seeker and the member (seeker 0, direct 1).
    date : numpy.ndarray
        Per row: ``datetime64[ns]`` date of the tree edge (NaT for the seeker and for
        undated edges).
    status : numpy.ndarray
        Per row: code into :data:`STATUS_NAMES` (a meeting with the member makes it ``met``).
    intro_row : numpy.ndarray
        Per row: the row of ``introductions`` that made the edge, -1 for the seeker
        and for implied direct contacts.

    Examples
    --------
    >>> contacts = pd.DataFrame({"name": ["Me", "Ann", "Bo", "Cy"], "is_seeker": ["yes", "", "", ""]})
    >>> intros = pd.DataFrame({"introducer": ["Ann", "Bo"], "introduced": ["Bo", "Cy"]})
    >>> ix = rg.from_frames(contacts, intros).index
    >>> ix.parent.tolist(), ix.generation.tolist(), ix.descendants.tolist()
    ([-1, 0, 1, 2], [0, 1, 2, 3], [3, 2, 1, 0])
    """

    ids: pd.Index
    seekers: np.ndarray
    offsets: np.ndarray
    seeker: np.ndarray
    node: np.ndarray
    parent: np.ndarray
    generation: np.ndarray
    date: np.ndarray
    status: np.ndarray
    intro_row: np.ndarray

    def __len__(self) -> int:
        return len(self.node)

    @cached_property
    def tree_of_row(self) -> np.ndarray:
        """Per row: the position of its seeker in :attr:`seekers`."""
        return np.repeat(np.arange(len(self.seekers)), np.diff(self.offsets))

    @cached_property
    def children(self) -> np.ndarray:
        """Per row: the number of people this member introduced into the same tree."""
        has = self.parent >= 0
        return np.bincount(self.parent[has], minlength=len(self)).astype(np.int64)

    @cached_property
    def descendants(self) -> np.ndarray:
        """Per row: everyone in the same tree reached through this member (excluding itself).

        Subtree sizes from an Euler tour ranked by pointer jumping: O(n log n) numpy
        passes whatever the depth (a 10^5-deep chain costs what a 10^5-child star does).
        """
        return _subtree_sizes(self.parent, self.generation)

    @cached_property
    def origin(self) -> np.ndarray:
        """Per row: the row of the generation-1 member whose branch this row is in (-1 for seekers).

        Pointer jumping: each pass doubles how far up a row looks, so about
        ``log2(depth)`` passes.
        """
        n = len(self)
        gen = self.generation
        rows = np.arange(n, dtype=np.int64)
        up = np.where(gen <= 1, rows, self.parent).astype(np.int64)
        if n:
            while True:
                far = gen[up] > 1
                if not far.any():
                    break
                up = np.where(far, up[up], up)
        return np.where(gen >= 1, up, -1).astype(np.int64)

    @cached_property
    def tree_size(self) -> np.ndarray:
        """Per seeker: members of the tree, the seeker included."""
        return np.diff(self.offsets)

    def rows_of(self, position: int) -> slice:
        """Rows of the tree of the seeker at ``position`` in :attr:`seekers`.

        Examples
        --------
        >>> rg.demo().index.rows_of(0)
        slice(0, 86, None)
        """
        return slice(int(self.offsets[position]), int(self.offsets[position + 1]))

    def to_frame(self) -> pd.DataFrame:
        """The index as a DataFrame with ids instead of codes (a copy).

        Examples
        --------
        >>> rg.demo().index.to_frame().columns.tolist()
        ['seeker', 'contact', 'introduced_by', 'generation', 'date', 'status']
        """
        ids = self.ids.to_numpy()
        parent_node = np.where(self.parent >= 0, self.node[np.maximum(self.parent, 0)], -1)
        return pd.DataFrame(
            {
                "seeker": ids[self.seeker],
                "contact": ids[self.node],
                "introduced_by": pd.Series(
                    np.where(parent_node >= 0, ids[np.maximum(parent_node, 0)], None), dtype=object
                ),
                "generation": self.generation,
                "date": self.date,
                "status": STATUS_NAMES[self.status],
            }
        )


#: subtree sizes go bottom-up one generation at a time (one ``np.add.at`` each) while the trees are at
#: most this deep, or have this many rows per generation on average; deeper trees use the Euler tour
_LEVELS_MAX = 256
_ROWS_PER_LEVEL = 64


def _subtree_sizes(parent: np.ndarray, generation: np.ndarray | None = None) -> np.ndarray:
    """Per row, the number of rows below it (parents may come in any order; -1 marks roots).

    With ``generation`` (the depth of each row), shallow trees are summed bottom-up,
    one ``np.add.at`` per generation: O(n + depth). Very deep trees (a 10^5-deep
    chain) take the Euler tour ranked by pointer jumping, O(n log n) whatever the
    depth, so every shape stays about linear.
    """
    n = len(parent)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if generation is not None:
        levels = int(generation.max()) + 1
        if levels <= _LEVELS_MAX or levels * _ROWS_PER_LEVEL <= n:
            return _sizes_by_generation(parent, generation, levels)
    return _sizes_by_euler_tour(parent)


def _sizes_by_generation(parent: np.ndarray, generation: np.ndarray, levels: int) -> np.ndarray:
    """Subtree sizes bottom-up: each generation adds its members' sizes to their parents (deepest first)."""
    order = np.argsort(generation, kind="stable")  # a radix sort of small integers
    bounds = np.searchsorted(generation[order], np.arange(levels + 1))
    size = np.ones(len(parent), dtype=np.int64)
    for g in range(levels - 1, 0, -1):
        rows = order[bounds[g] : bounds[g + 1]]
        np.add.at(size, parent[rows], size[rows])
    return size - 1


def _sizes_by_euler_tour(parent: np.ndarray) -> np.ndarray:
    """Subtree sizes from an Euler tour ranked by pointer jumping (Wyllie): O(n log n) for any depth."""
    n = len(parent)
    rows = np.arange(n, dtype=np.int64)
    kids = np.flatnonzero(parent >= 0)
    order = kids[np.argsort(parent[kids], kind="stable")]
    p = parent[order]
    first_child = np.full(n, -1, dtype=np.int64)
    next_sib = np.full(n, -1, dtype=np.int64)
    if len(order):
        start = np.r_[True, p[1:] != p[:-1]]
        first_child[p[start]] = order[start]
        same = p[1:] == p[:-1]
        next_sib[order[:-1][same]] = order[1:][same]
    # Euler tour: edge v goes down into v, edge n + v comes back up from it
    succ = np.empty(2 * n, dtype=np.int64)
    succ[:n] = np.where(first_child >= 0, first_child, n + rows)
    succ[n:] = np.where(next_sib >= 0, next_sib, np.where(parent >= 0, n + parent, -1))
    dist = (succ >= 0).astype(np.int64)  # steps to the end of the tour (list ranking, Wyllie)
    live = np.flatnonzero(succ >= 0)
    while len(live):
        nxt = succ[live]
        dist[live] += dist[nxt]
        succ[live] = succ[nxt]
        live = live[succ[live] >= 0]
    return (dist[:n] - dist[n:] - 1) // 2


def _generations(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Depth of every row by pointer jumping, O(n log depth); rows that never reach a root are flagged."""
    n = len(parent)
    depth = (parent >= 0).astype(np.int64)
    anc = parent.copy()
    live = np.flatnonzero(anc >= 0)
    for _ in range(max(1, int(np.ceil(np.log2(n + 1))) + 1)):
        if len(live) == 0:
            break
        up = anc[live]
        depth[live] += depth[up]
        anc[live] = anc[up]
        live = live[anc[live] >= 0]  # rows that reached a root are done
    return depth, anc >= 0


def _sortable(dates: np.ndarray) -> np.ndarray:
    """int64 view of datetimes with NaT sorting last."""
    d = dates.view("int64").copy()
    d[np.isnat(dates)] = np.iinfo(np.int64).max
    return d


def _tree_edges(N: int, introducer, introduced, seeker, date) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The introduction rows that are tree edges, and the duplicates with the row each one repeats.

    The earliest introduction per (seeker, introduced) is the edge; undated ones sort last, then file order.
    One stable sort by the packed (seeker, introduced) key; dates only decide inside repeated keys.
    """
    valid = (introducer >= 0) & (introduced >= 0) & (seeker >= 0) & (introducer != introduced) & (introduced != seeker)
    rows = np.flatnonzero(valid)
    key = seeker[rows].astype(np.int64) * N + introduced[rows]
    order = np.argsort(key, kind="stable")
    rows, key = rows[order], key[order]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    if not first.all():  # repeated keys: within each, earliest date first (stable: file order among equals)
        group = np.cumsum(first) - 1
        order = np.lexsort((_sortable(date[rows]), group))
        rows = rows[order]
    tree_rows, dup_rows = rows[first], rows[~first]
    dup_of = np.repeat(tree_rows, np.diff(np.append(np.flatnonzero(first), len(rows))))[~first]
    return tree_rows, dup_rows, dup_of


def _first_meetings(N: int, contact, seeker, date) -> tuple[np.ndarray, np.ndarray]:
    """The sorted (seeker, contact) keys met at least once and the first meeting's date of each (NaT if undated)."""
    ok = (contact >= 0) & (seeker >= 0) & (contact != seeker)
    key = seeker[ok].astype(np.int64) * N + contact[ok]
    if len(key) == 0:
        return np.zeros(0, np.int64), np.zeros(0, "datetime64[ns]")
    order = np.argsort(key, kind="stable")
    key = key[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    first = np.minimum.reduceat(_sortable(date[ok][order]), starts)
    dates = first.view("datetime64[ns]").copy()
    dates[first == np.iinfo(np.int64).max] = np.datetime64("NaT")
    return key[starts], dates


def _implied_contacts(N, n_contacts, seeker_codes, s_e, child_e, par_e, met_keys, met_first, first_contact):
    """Direct contacts nobody introduced: introducers and people met, not introduced to that seeker.

    Returns their (seeker, contact) codes, dates (``first_contact``, else the first meeting) and statuses.
    """
    introduced_keys = unique_sorted(s_e * N + child_e)
    cand = np.concatenate([s_e * N + par_e, met_keys])
    if len(seeker_codes) == 1:  # one seeker: everyone in the contacts table is theirs
        cand = np.concatenate([cand, int(seeker_codes[0]) * N + np.arange(n_contacts, dtype=np.int64)])
    cand = unique_sorted(cand)
    cand = cand[~isin_sorted(cand, introduced_keys)]
    cand = cand[(cand // N) != (cand % N)]
    imp_s, imp_c = cand // N, cand % N
    date = first_contact[imp_c].copy() if len(imp_c) else np.zeros(0, "datetime64[ns]")
    met = isin_sorted(cand, met_keys)
    if len(imp_c) and len(met_keys):
        pos = np.minimum(np.searchsorted(met_keys, cand), len(met_keys) - 1)
        fm = np.where(met, met_first[pos], np.datetime64("NaT"))
        date = np.where(np.isnat(date), fm, date)
    status = np.where(met, STATUS_CODES["met"], STATUS_CODES["introduced"]).astype(np.int8)
    return imp_s, imp_c, date, status


def _row_of(
    N: int, keys: np.ndarray, node: np.ndarray, wanted_seeker: np.ndarray, wanted_node: np.ndarray
) -> np.ndarray:
    """Rows of (seeker, contact) pairs among ``keys`` (one row per pair), -1 where absent.

    Most contacts are in one tree, so a direct table by contact answers most pairs; the
    rest (contacts shared by several seekers) go through one sort of the keys.
    """
    out = np.full(len(wanted_node), -1, np.int64)
    ask = np.flatnonzero(wanted_node >= 0)
    if len(ask) == 0 or len(keys) == 0:
        return out
    by_node = np.full(N, -1, np.int64)
    by_node[node] = np.arange(len(node))
    guess = by_node[wanted_node[ask]]
    want = wanted_seeker[ask].astype(np.int64) * N + wanted_node[ask]
    hit = (guess >= 0) & (keys[np.maximum(guess, 0)] == want)
    out[ask[hit]] = guess[hit]
    miss = ask[~hit]
    if len(miss):
        sorter = np.argsort(keys)
        pos = np.minimum(np.searchsorted(keys, want[~hit], sorter=sorter), len(keys) - 1)
        out[miss] = np.where(keys[sorter[pos]] == want[~hit], sorter[pos], -1)
    return out


def _tree_order(seeker_rank: np.ndarray, gen: np.ndarray, date: np.ndarray, contact: np.ndarray, N: int) -> np.ndarray:
    """The permutation to tree order (seeker, generation, date, contact): one sort of a packed integer key.

    Dates become ranks among the distinct dates (NaT last); when the four fields
    do not fit in 63 bits, a four-key lexsort does the same.
    """
    d = _sortable(date)
    days = unique_sorted(d)
    bits = [max(int(x), 1).bit_length() for x in (seeker_rank.max(initial=0) + 1, gen.max(initial=0) + 1, len(days), N)]
    if sum(bits) > 62:
        return np.lexsort((contact, d, gen, seeker_rank))
    key = seeker_rank.astype(np.int64)
    for width, part in zip(bits[1:], (gen, np.searchsorted(days, d), contact)):
        key = (key << width) | part.astype(np.int64)
    return np.argsort(key)  # keys are unique: (seeker, contact) pairs are


def build_index(
    n_contacts: int,
    ids: pd.Index,
    seeker_codes: np.ndarray,
    *,
    intro_introducer: np.ndarray,
    intro_introduced: np.ndarray,
    intro_seeker: np.ndarray,
    intro_date: np.ndarray,
    intro_status: np.ndarray,
    meeting_contact: np.ndarray,
    meeting_seeker: np.ndarray,
    meeting_date: np.ndarray,
    first_contact: np.ndarray,
) -> tuple[TreeIndex, dict]:
    """Build the trees. Returns the index and what it found: duplicate and cycle rows, unlinked contacts.

    All inputs are codes (positions in ``ids``); rows with a negative code are skipped
    (validation has reported them).
    """
    N = max(n_contacts, 1)
    tree_rows, dup_rows, dup_of = _tree_edges(N, intro_introducer, intro_introduced, intro_seeker, intro_date)
    met_keys, met_first = _first_meetings(N, meeting_contact, meeting_seeker, meeting_date)
    s_e = intro_seeker[tree_rows].astype(np.int64)
    child_e = intro_introduced[tree_rows].astype(np.int64)
    par_e = intro_introducer[tree_rows].astype(np.int64)
    imp_s, imp_c, imp_date, imp_status = _implied_contacts(
        N, n_contacts, seeker_codes, s_e, child_e, par_e, met_keys, met_first, first_contact
    )
    seekers = unique_sorted(np.asarray(seeker_codes, dtype=np.int64))
    nat = np.datetime64("NaT")
    all_s = np.concatenate([seekers, s_e, imp_s])
    all_c = np.concatenate([seekers, child_e, imp_c])
    all_p = np.concatenate([np.full(len(seekers), -1), par_e, imp_s])
    all_d = np.concatenate([np.full(len(seekers), nat, "datetime64[ns]"), intro_date[tree_rows], imp_date])
    all_st = np.concatenate([np.zeros(len(seekers), np.int8), intro_status[tree_rows].astype(np.int8), imp_status])
    all_src = np.concatenate([np.full(len(seekers), -1), tree_rows.astype(np.int64), np.full(len(imp_s), -1)])
    keys = all_s * N + all_c
    all_st[(all_st > 0) & isin_sorted(keys, met_keys)] = STATUS_CODES["met"]  # a meeting makes it met
    parent_row = _row_of(N, keys, all_c, all_s, np.where(all_p >= 0, all_p, -1))

    gen, cyclic = _generations(parent_row)
    cycles = []
    if cyclic.any():
        # break each cycle at its latest edge; that member becomes a direct contact (reported as an error)
        parent_row, cuts = _break_cycles(cyclic, parent_row, all_s, all_d)
        cycles = [(int(all_src[victim]), [int(all_src[r]) for r in loop]) for victim, loop in cuts]
        for victim, _ in cuts:  # the cut edge's date is no longer how the seeker met them
            all_d[victim] = first_contact[all_c[victim]] if len(first_contact) else nat
            all_src[victim] = -1
        gen, cyclic = _generations(parent_row)

    seeker_rank = np.searchsorted(seekers, all_s)
    perm = _tree_order(seeker_rank, gen, all_d, all_c, N)
    inv = np.empty_like(perm)
    inv[perm] = np.arange(len(perm))
    parent_sorted = np.where(parent_row[perm] >= 0, inv[np.maximum(parent_row[perm], 0)], -1)
    counts = np.bincount(seeker_rank, minlength=len(seekers))
    index = TreeIndex(
        ids=ids,
        seekers=seekers,
        offsets=np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
        seeker=all_s[perm].astype(np.int32),
        node=all_c[perm].astype(np.int32),
        parent=parent_sorted.astype(np.int64),
        generation=gen[perm].astype(np.int32),
        date=all_d[perm],
        status=all_st[perm],
        intro_row=all_src[perm].astype(np.int64),
    )
    in_tree = np.zeros(n_contacts, dtype=bool)
    in_tree[index.node] = True
    return index, {
        "duplicate_rows": dup_rows,
        "duplicate_of": dup_of,
        "cycles": cycles,
        "unlinked": np.flatnonzero(~in_tree),
    }


def _break_cycles(cyclic, parent_row, all_s, all_d):
    """Find each cycle among rows that never reach a seeker and cut its latest-dated edge.

    Returns the repaired parent rows and, per cycle, ``(cut_row, rows_in_cycle)``.
    """
    parent_row = parent_row.copy()
    roots = np.flatnonzero(parent_row == -1)
    root_of_seeker = dict(zip(all_s[roots].tolist(), roots.tolist()))
    cuts = []
    state = np.zeros(len(parent_row), dtype=np.int8)  # 0 unseen, 1 on the current path, 2 finished
    for start in np.flatnonzero(cyclic):
        path = []
        v = int(start)
        while v >= 0 and state[v] == 0:
            state[v] = 1
            path.append(v)
            v = int(parent_row[v])
        if v >= 0 and state[v] == 1:
            loop = path[path.index(v) :]
            dates = all_d[loop].view("int64").copy()
            dates[np.isnat(all_d[loop])] = np.iinfo(np.int64).min
            victim = loop[int(np.argmax(dates))]
            parent_row[victim] = root_of_seeker[int(all_s[victim])]
            cuts.append((victim, loop))
        for u in path:
            state[u] = 2
    return parent_row, cuts
