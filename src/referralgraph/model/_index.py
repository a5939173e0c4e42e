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
        return _subtree_sizes(self.parent)

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
                "introduced_by": pd.Series(np.where(parent_node >= 0, ids[np.maximum(parent_node, 0)], None), dtype=object),
                "generation": self.generation,
                "date": self.date,
                "status": STATUS_NAMES[self.status],
            }
        )


def _subtree_sizes(parent: np.ndarray) -> np.ndarray:
    """Per row, the number of rows below it (parents may come in any order; -1 marks roots)."""
    n = len(parent)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
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
    for _ in range(max(1, int(np.ceil(np.log2(n + 1))) + 1)):
        live = np.flatnonzero(anc >= 0)
        if len(live) == 0:
            break
        up = anc[live]
        depth_up = depth[up]
        anc_up = anc[up]
        depth[live] = depth[live] + depth_up
        anc[live] = anc_up
    return depth, anc >= 0


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
    valid = (intro_introducer >= 0) & (intro_introduced >= 0) & (intro_seeker >= 0) & (intro_introducer != intro_introduced) & (intro_introduced != intro_seeker)
    rows = np.flatnonzero(valid)
    # earliest introduction per (seeker, introduced) is the tree edge; undated ones sort last, then file order
    key = intro_seeker[rows].astype(np.int64) * N + intro_introduced[rows]
    d = intro_date[rows].view("int64").copy()
    d[np.isnat(intro_date[rows])] = np.iinfo(np.int64).max
    order = np.lexsort((rows, d, key))
    rows, key = rows[order], key[order]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    tree_rows, dup_rows = rows[first], rows[~first]
    dup_of = np.repeat(tree_rows, np.diff(np.append(np.flatnonzero(first), len(rows))))[~first]

    # met: any meeting of (seeker, contact); meetings also imply the seeker knows the contact
    mvalid = (meeting_contact >= 0) & (meeting_seeker >= 0) & (meeting_contact != meeting_seeker)
    met_keys = unique_sorted(meeting_seeker[mvalid].astype(np.int64) * N + meeting_contact[mvalid])

    s_e = intro_seeker[tree_rows].astype(np.int64)
    child_e = intro_introduced[tree_rows].astype(np.int64)
    par_e = intro_introducer[tree_rows].astype(np.int64)
    date_e = intro_date[tree_rows]
    status_e = intro_status[tree_rows].astype(np.int8)
    src_e = tree_rows.astype(np.int64)

    # implied direct contacts: introducers and met people not introduced to that seeker
    introduced_keys = unique_sorted(s_e * N + child_e)
    cand = np.concatenate([s_e * N + par_e, met_keys])
    if len(seeker_codes) == 1:
        everyone = np.arange(n_contacts, dtype=np.int64)
        cand = np.concatenate([cand, int(seeker_codes[0]) * N + everyone])
    cand = unique_sorted(cand)
    cand = cand[~isin_sorted(cand, introduced_keys)]
    cand = cand[(cand // N) != (cand % N)]
    imp_s, imp_c = cand // N, cand % N
    first_meet = pd.Series(meeting_date[mvalid]).groupby(
        meeting_seeker[mvalid].astype(np.int64) * N + meeting_contact[mvalid]).min()
    imp_date = first_contact[imp_c].copy() if len(imp_c) else np.zeros(0, "datetime64[ns]")
    if len(imp_c):
        fm = first_meet.reindex(cand).to_numpy(dtype="datetime64[ns]")
        imp_date = np.where(np.isnat(imp_date), fm, imp_date)
    imp_status = np.where(isin_sorted(cand, met_keys), 3, 2).astype(np.int8)

    seekers = unique_sorted(np.asarray(seeker_codes, dtype=np.int64))
    all_s = np.concatenate([seekers, s_e, imp_s])
    all_c = np.concatenate([seekers, child_e, imp_c])
    all_p = np.concatenate([np.full(len(seekers), -1), par_e, imp_s])
    all_d = np.concatenate([np.full(len(seekers), np.datetime64("NaT"), "datetime64[ns]"), date_e, imp_date])
    all_st = np.concatenate([np.zeros(len(seekers), np.int8), status_e, imp_status])
    all_src = np.concatenate([np.full(len(seekers), -1), src_e, np.full(len(imp_s), -1)])
    # a meeting upgrades the status to met
    upgrade = (all_st > 0) & isin_sorted(all_s * N + all_c, met_keys)
    all_st[upgrade] = 3

    keys = all_s * N + all_c
    sorter = np.argsort(keys, kind="stable")
    pkeys = np.where(all_p >= 0, all_s * N + all_p, -1)
    pos = np.searchsorted(keys, pkeys, sorter=sorter)
    pos = np.minimum(pos, len(keys) - 1) if len(keys) else pos
    found = (all_p >= 0) & (keys[sorter[pos]] == pkeys) if len(keys) else np.zeros(0, bool)
    parent_row = np.where(found, sorter[pos] if len(keys) else 0, -1).astype(np.int64)

    gen, cyclic = _generations(parent_row)
    cycles = []
    if cyclic.any():
        # break each cycle at its latest edge; that member becomes a direct contact (reported as an error)
        parent_row, cuts = _break_cycles(cyclic, parent_row, all_s, all_d)
        cycles = [(int(all_src[victim]), [int(all_src[r]) for r in loop]) for victim, loop in cuts]
        for victim, _ in cuts:  # the cut edge's date is no longer how the seeker met them
            all_d[victim] = first_contact[all_c[victim]] if len(first_contact) else np.datetime64("NaT")
            all_src[victim] = -1
        gen, cyclic = _generations(parent_row)

    # tree order: seeker, generation, date, contact
    dsort = all_d.view("int64").copy()
    dsort[np.isnat(all_d)] = np.iinfo(np.int64).max
    seeker_rank = np.searchsorted(seekers, all_s)
    perm = np.lexsort((all_c, dsort, gen, seeker_rank))
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
            loop = path[path.index(v):]
            dates = all_d[loop].view("int64").copy()
            dates[np.isnat(all_d[loop])] = np.iinfo(np.int64).min
            victim = loop[int(np.argmax(dates))]
            parent_row[victim] = root_of_seeker[int(all_s[victim])]
            cuts.append((victim, loop))
        for u in path:
            state[u] = 2
    return parent_row, cuts
