"""The person map: one node per person of the selected trees, with its tooltip facts and next steps."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...exceptions import SizeLimitError
from ...model import STATUS_NAMES, level_groups
from ...model.vocabulary import STATUS_TITLES, STATUSES, generation_label
from ...model.deadlines import due_text
from ...model.pool import outside_network
from ..layout import LEAF_GAP, choose_layout, tree_layout
from ..palette import MORE_COLOR, PALETTE, STATUS_COLORS, generation_color
from ...analysis.facts import facts, status_labels
from ._encoding import (
    _categories,
    _day_strings,
    _days,
    _extend,
    _fmt,
    _MISSING,
    _path_max,
    _plural,
    _Rows,
    _size,
    _table,
    _text,
    _thousands,
)
from .payload import StringTable


_NOTES_CHARS = 280


@dataclass
class _Drawn:
    """Who a person map draws: the rows kept, one node per person, then the folded "+k more" nodes.

    Positions are into ``rows`` (a :class:`_Rows`) unless named otherwise; the folded nodes
    are those beyond the generation cap (``more_rows[:n_cap]``, under their generation-``cap``
    ancestor) followed by the connections pool (one per seeker, ``is_pool``).
    """

    kept: np.ndarray  # rows drawn (generation <= cap)
    new_of: np.ndarray  # row -> its position in ``kept``
    k_parent: np.ndarray  # parent's position in ``kept``, -1 for a seeker
    rep: np.ndarray  # positions in ``kept``: one per person (shallowest generation, then earliest tree)
    drawn_of_code: np.ndarray  # contact code -> drawn node, -1 when not drawn
    more_rows: np.ndarray  # the row each folded node hangs under
    more_n: np.ndarray  # people folded into each
    more_day: np.ndarray  # when each appears on the timeline
    is_pool: np.ndarray  # folded node of the connections pool (not beyond the cap)
    n_cap: int  # folded nodes beyond the cap

    @property
    def rep_rows(self) -> np.ndarray:
        return self.kept[self.rep]

    @property
    def n_people(self) -> int:
        return len(self.rep)

    @property
    def n_more(self) -> int:
        return len(self.more_rows)

    @property
    def n_drawn(self) -> int:
        return self.n_people + self.n_more


def _person_map(net, rows: _Rows, *, color_by, size_by, timeline, layout, cap, max_nodes, budget_note, pool=None):
    f = facts(net)  # every per-person fact of the tooltips and the timeline: analysis/facts.py
    day = _join_days(f, rows)
    d = _select(net, rows, cap=cap, day=day, pool=pool, max_nodes=max_nodes, budget_note=budget_note)
    x, y, kind = _positions(rows, d, layout)
    rep_rows = d.rep_rows
    codes = rows.node[rep_rows]
    frame = net.contacts.iloc[codes]
    gen = rows.gen[rep_rows]
    is_seeker = gen == 0
    ids = _text(frame, "id")
    names = _text(frame, "name")
    names = np.where(names == "", ids, names)
    par_row = rows.parent[rep_rows]
    parent = np.where(par_row >= 0, d.drawn_of_code[rows.node[np.maximum(par_row, 0)]], -1)
    status = STATUS_NAMES[rows.status[rep_rows]]
    # counts (meetings, people led to, direct introductions) come from the shared facts: contact_metrics;
    # meetings and thank-yous are this seeker's with the person (a contact shared by two seekers shows
    # each seeker's own history on that seeker's map)
    row_facts = _row_facts(net, rows, rep_rows)
    count = f.meeting_count[rep_rows + rows.offset]

    color, legend = _person_colors(
        net, rows, d, color_by=color_by, frame=frame, ids=ids, is_seeker=is_seeker, status=status
    )
    color = _fold_legend(color, legend, d, cap=cap)
    size = _person_sizes(size_by, row_facts, count, is_seeker, d)
    # time: index into the sorted distinct days, -1 = from the start
    node_day = np.concatenate([day[rep_rows], d.more_day])
    if not timeline:
        node_day = np.full(len(node_day), _MISSING, dtype=np.int64)
    edges = _person_edges(rows, d, day=day, node_day=node_day, timeline=timeline)
    tip_columns = _person_tips(net, rows, d, f, row_facts=row_facts, count=count, cap=cap, names=names)

    n_more, more_n, is_pool = d.n_more, d.more_n, d.is_pool
    more_label = np.where(
        is_pool, _fmt(more_n, lambda k: f"+{k:,} connections"), _fmt(more_n, lambda k: f"+{k:,} more")
    )
    nodes = {
        "cid": np.concatenate([ids, np.full(n_more, "", dtype=object)]),
        "name": np.concatenate([names, more_label]),
        "kind": np.concatenate([np.where(is_seeker, 1, 0), np.full(n_more, 2)]),
        "x": x,
        "y": y,
        "size": size,
        "color": color,
        "faded": np.concatenate([status == "suggested", np.zeros(n_more, dtype=bool)]),
        "gen": np.concatenate([gen, rows.gen[d.more_rows] + 1]),
        "parent": np.concatenate([parent, d.drawn_of_code[rows.node[d.more_rows]]]),
        "day": node_day,
        "descendants": np.concatenate([row_facts["descendants"], np.where(is_pool, 0, more_n)]),
    }
    return nodes, edges, tip_columns, legend, kind


# ---------------------------------------------------------------------------- steps of the person map
def _join_days(f, rows: _Rows) -> np.ndarray:
    """Per row, the day the person appears on the timeline: never before the chain that leads to them."""
    seg = slice(rows.offset, rows.offset + len(rows))
    joined = _days(f.first_contact[seg])  # the join day of contact_metrics ("first contact")
    joined[rows.parent < 0] = _MISSING
    return _path_max(joined, rows.parent)


def _beyond_cap(rows: _Rows, keep: np.ndarray, cap, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows at generation ``cap`` with people below them, and the first day any of those people joined.

    People beyond the cap collapse into one "+k more" node under their generation-``cap`` ancestor.
    """
    if cap is None:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    more_rows = np.flatnonzero(keep & (rows.gen == cap) & (rows.desc > 0))
    anc = np.full(len(rows), -1, dtype=np.int64)
    anc[rows.gen == cap] = np.flatnonzero(rows.gen == cap)
    for level in level_groups(rows.gen):
        level = level[rows.gen[level] > cap]
        if len(level):
            anc[level] = anc[rows.parent[level]]
    deep = np.flatnonzero(rows.gen > cap)
    first = np.full(len(rows), np.iinfo(np.int64).max, dtype=np.int64)
    dated = deep[day[deep] != _MISSING]
    np.minimum.at(first, anc[dated], day[dated])
    more_day = np.where(first[more_rows] == np.iinfo(np.int64).max, day[more_rows], first[more_rows])
    return more_rows, more_day


def _select(net, rows: _Rows, *, cap, day, pool, max_nodes, budget_note) -> _Drawn:
    """Who is drawn (see :class:`_Drawn`); refuses with ``budget_note`` above ``max_nodes`` drawn nodes."""
    keep = np.ones(len(rows), dtype=bool) if cap is None else rows.gen <= cap
    kept = np.flatnonzero(keep)
    new_of = np.cumsum(keep) - 1
    k_parent = np.where(rows.parent[kept] >= 0, new_of[np.maximum(rows.parent[kept], 0)], -1)
    more_rows, more_day = _beyond_cap(rows, keep, cap, day)
    # the connections pool of an import: one folded node under each seeker, never part of the tree
    n_cap = len(more_rows)
    pool_rows, pool_n = _pool_rows(net, rows, pool)
    more_n = np.concatenate([rows.desc[more_rows], pool_n]).astype(np.int64)
    more_rows = np.concatenate([more_rows, pool_rows]).astype(np.int64)
    more_day = np.concatenate([more_day, np.full(len(pool_rows), _MISSING, dtype=np.int64)])
    is_pool = np.arange(len(more_rows)) >= n_cap

    # one drawn node per person: the row in the shallowest generation (then the earliest tree)
    k_node, k_gen = rows.node[kept], rows.gen[kept]
    order = np.lexsort((np.arange(len(kept)), k_gen))
    _, first_pos = np.unique(k_node[order], return_index=True)
    rep = np.sort(order[first_pos])  # positions in `kept`, in tree order
    n_drawn = len(rep) + len(more_rows)
    if n_drawn > max_nodes:
        raise SizeLimitError(budget_note(n_drawn))
    drawn_of_code = np.full(max(len(net.contacts), 1), -1, dtype=np.int64)
    drawn_of_code[k_node[rep]] = np.arange(len(rep))
    return _Drawn(
        kept=kept,
        new_of=new_of,
        k_parent=k_parent,
        rep=rep,
        drawn_of_code=drawn_of_code,
        more_rows=more_rows,
        more_n=more_n,
        more_day=more_day,
        is_pool=is_pool,
        n_cap=n_cap,
    )


def _positions(rows: _Rows, d: _Drawn, layout) -> tuple[np.ndarray, np.ndarray, str]:
    """x, y of every drawn node and the layout used.

    The kept forest is laid out with the "+k more" rows as children; the pool nodes are not part
    of the tree: the tree is laid out without them, and each sits beside its seeker, left of the drawing.
    """
    kept, is_pool = d.kept, d.is_pool
    tree_more = d.more_rows[~is_pool]
    f_parent = np.concatenate([d.k_parent, d.new_of[tree_more]])
    f_gen = np.concatenate([rows.gen[kept], rows.gen[tree_more] + 1])
    f_tree = np.concatenate([rows.tree[kept], rows.tree[tree_more]])
    kind = layout if layout != "auto" else choose_layout(f_parent, f_gen, f_tree)
    fx, fy = tree_layout(f_parent, f_gen, f_tree, kind=kind, leaf_gap=LEAF_GAP)
    seat = d.new_of[d.more_rows[is_pool]]
    left = (float(fx.min()) if len(fx) else 0.0) - 2 * LEAF_GAP
    x = np.concatenate([fx[d.rep], fx[len(kept) :], np.full(len(seat), left)])
    y = np.concatenate([fy[d.rep], fy[len(kept) :], fy[seat]])
    return x, y, kind


def _person_colors(net, rows: _Rows, d: _Drawn, *, color_by, frame, ids, is_seeker, status):
    """Colour codes and legend of the drawn people (not yet the folded nodes)."""
    rep_rows = d.rep_rows
    gen = rows.gen[rep_rows]
    if color_by == "generation":
        gmax = int(gen.max()) if len(gen) else 0
        top = min(gmax, len(PALETTE))
        gval = np.minimum(gen, top).astype(object)
        labels: dict = {g: generation_label(g) for g in range(1, top + 1)}
        if gmax > top:
            labels[top] = generation_label(top, later=True)
        return _categories(
            gval,
            is_seeker,
            missing_label="",
            other_word="generations",
            order=list(range(1, top + 1)),
            labels=labels,
            colors={g: generation_color(g) for g in range(1, top + 1)},
        )
    if color_by == "status":
        labels = {s: STATUS_TITLES[s] for s in STATUSES}
        return _categories(
            status.astype(object),
            is_seeker,
            missing_label="",
            other_word="statuses",
            order=list(STATUSES),
            labels=labels,
            colors=STATUS_COLORS,
        )
    if color_by == "origin":
        contacts_all = net.contacts
        origin_row = rows.origin[rep_rows]
        origin_code = rows.node[np.maximum(origin_row, 0)]
        on = _text(contacts_all.iloc[origin_code], "name")
        oid = _text(contacts_all.iloc[origin_code], "id")
        branch = np.where(on == "", oid, on).astype(object)
        branch[origin_row < 0] = ""
        color, legend = _categories(branch, is_seeker, missing_label="(no branch)", other_word="branches")
        for item in legend[1 if is_seeker.any() else 0 :]:
            if not item["label"].endswith("branches"):
                item["label"] = f"Through {item['label']}"
        return color, legend
    if color_by == "outcome":
        return _outcome_colors(net, ids, is_seeker)
    return _categories(
        _text(frame, color_by),
        is_seeker,
        missing_label="(not recorded)",
        other_word="organizations" if color_by == "organization" else "fields",
    )


def _fold_legend(color: np.ndarray, legend: list, d: _Drawn, *, cap) -> np.ndarray:
    """Add the folded nodes' legend entries (in place) and return the colours with theirs appended."""
    n_cap, n_more, more_n, is_pool = d.n_cap, d.n_more, d.more_n, d.is_pool
    if n_cap:
        legend.append(
            {
                "label": f"People beyond generation {cap} (collapsed)",
                "color": MORE_COLOR,
                "count": int(more_n[~is_pool].sum()),
            }
        )
    if n_more > n_cap:
        legend.append(
            {
                "label": "Connections pool: nothing happened yet (folded)",
                "color": MORE_COLOR,
                "count": int(more_n[is_pool].sum()),
            }
        )
    if n_more:
        color = np.concatenate([color, np.where(is_pool, len(legend) - 1, len(legend) - 1 - int(n_more > n_cap))])
    return color


def _person_sizes(size_by, row_facts: dict, count: np.ndarray, is_seeker: np.ndarray, d: _Drawn) -> np.ndarray:
    """Node radii: people by ``size_by`` (seekers at least 28), then the folded nodes by how many they hold."""
    if size_by == "descendants":
        weight = row_facts["descendants"]
    elif size_by == "children":
        weight = row_facts["direct_introductions"]
    elif size_by == "meetings":
        weight = count
    else:
        weight = np.zeros(d.n_people, dtype=np.int64)
    size = _size(weight)
    size[is_seeker] = np.maximum(size[is_seeker], 28.0)
    return np.concatenate([size, _size(d.more_n, base=12.0, scale=2.0, cap=40.0)])


def _person_edges(rows: _Rows, d: _Drawn, *, day, node_day, timeline) -> dict:
    """Every tree edge between drawn people (pairs merged), then the links to the folded nodes."""
    kept, k_parent, drawn_of_code, n_more = d.kept, d.k_parent, d.drawn_of_code, d.n_more
    e_rows = kept[k_parent >= 0]
    e_from = drawn_of_code[rows.node[rows.parent[e_rows]]]
    e_to = drawn_of_code[rows.node[e_rows]]
    pair = e_from * max(d.n_drawn, 1) + e_to
    _, first_e = np.unique(pair, return_index=True)
    first_e = np.sort(first_e)
    e_rows, e_from, e_to = e_rows[first_e], e_from[first_e], e_to[first_e]
    e_status = STATUS_NAMES[rows.status[e_rows]]
    e_day = (
        np.maximum(day[e_rows], np.maximum(node_day[e_from], node_day[e_to]))
        if timeline
        else np.full(len(e_rows), _MISSING, dtype=np.int64)
    )
    m_from = drawn_of_code[rows.node[d.more_rows]]
    m_to = np.arange(d.n_people, d.n_drawn)
    return {
        "from": np.concatenate([e_from, m_from]),
        "to": np.concatenate([e_to, m_to]),
        "day": np.concatenate([e_day, d.more_day if timeline else np.full(n_more, _MISSING, dtype=np.int64)]),
        "faded": np.concatenate([e_status == "suggested", d.is_pool]),
        "width": np.ones(len(e_from) + n_more),
        # titles are put together on the page (names are already there): "<from> introduced <to>: <date> (<status>)"
        "date": np.concatenate([_days(rows.date[e_rows]), np.full(n_more, _MISSING, dtype=np.int64)]),
        "status": np.concatenate([rows.status[e_rows], np.zeros(n_more, dtype=np.int64)]),
    }


def _shorten(text: str) -> str:
    return text if len(text) <= _NOTES_CHARS else text[:_NOTES_CHARS] + "…"


def _person_tips(net, rows: _Rows, d: _Drawn, f, *, row_facts, count, cap, names) -> dict:
    """The tooltip columns (one entry per line; '' = line left out), people first, then the folded nodes."""
    contacts_all = net.contacts
    rep_rows = d.rep_rows
    codes = rows.node[rep_rows]
    abs_rows = rep_rows + rows.offset  # index rows: each person's facts are those of the tree drawn
    gen = rows.gen[rep_rows]
    is_seeker = gen == 0
    last = _days(f.last_meeting[abs_rows])
    thanks, t_count = f.thanked_count[abs_rows], count
    knows_met = f.tree_records_meetings[rows.tree[rep_rows] + rows.first_tree]
    led = row_facts["descendants"]
    kids = row_facts["direct_introductions"]
    led_text = np.where(
        led > 0,
        _thousands(led) + np.where(led == 1, " person", " people") + " (" + _thousands(kids) + " introduced directly)",
        "",
    )
    gen_text = np.where(is_seeker, "seeker", _fmt(gen))
    meet_text = np.where(
        count > 0,
        _fmt(count) + np.where(last != _MISSING, " (last " + _day_strings(last) + ")", ""),
        np.where(is_seeker, "", np.where(knows_met, "none yet", "n/a (no meetings recorded)")),
    )
    if f.records_thanks:
        thank_text = np.where(
            t_count == 0,
            "",
            np.where(
                thanks >= t_count,
                "sent",
                np.where(thanks == 0, "not sent yet", _fmt(thanks) + " of " + _fmt(t_count) + " sent"),
            ),
        )
    else:
        thank_text = np.full(d.n_people, "", dtype=object)
    status_text = np.where(is_seeker, "", status_labels(net.index, f, abs_rows).to_numpy(dtype=object))
    summary = np.full(d.n_people, "", dtype=object)
    next_step = _next_steps(net, rows, rep_rows)
    tip_columns = {
        "Summary": summary,  # the id is shown from nodes.cid when it differs from the name
        "Role": _table(contacts_all, "role", codes),
        "Organization": _table(contacts_all, "organization", codes),
        "Field": _table(contacts_all, "field", codes),
        "Generation": gen_text,
        "Status": status_text,
        "First contact": np.where(is_seeker, "", _day_strings(_days(f.first_contact[abs_rows]))),
        "Meetings": meet_text,
        "Thank-you": thank_text,
        "Led to": led_text,
        "Source": _table(contacts_all, "source", codes),
        "Tags": _table(contacts_all, "tags", codes),
        "Notes": _table(contacts_all, "notes", codes, _shorten),
        "Next step": next_step,
    }
    more_summary = _folded_summaries(rows, d, cap=cap, names=names)
    for key, col in tip_columns.items():
        extra = more_summary if key == "Summary" else np.full(d.n_more, "", dtype=object)
        tip_columns[key] = _extend(col, extra) if isinstance(col, StringTable) else np.concatenate([col, extra])
    return tip_columns


def _folded_summaries(rows: _Rows, d: _Drawn, *, cap, names) -> np.ndarray:
    """The tooltip summary of each folded node: who is beyond the cap, or what the connections pool holds."""
    more_n, is_pool = d.more_n, d.is_pool
    m_from = d.drawn_of_code[rows.node[d.more_rows]]
    more_summary = (
        pd.Series([_plural(int(n), "more person") for n in more_n], dtype=object)
        + " beyond generation "
        + str(cap)
        + ", introduced through "
        + pd.Series(names[m_from], dtype=object)
    ).to_numpy(dtype=object, copy=True)
    more_summary[is_pool] = [
        f"{_plural(int(n), 'connection')} of {names[m]} in the connections pool "
        "(connections.csv): nothing has happened with them yet, so they are not in the tree; "
        "next --target finds warm paths among them"
        for n, m in zip(more_n[is_pool], m_from[is_pool])
    ]
    return more_summary


# ---------------------------------------------------------------------------- facts
def _pool_rows(net, rows: _Rows, pool) -> tuple[np.ndarray, np.ndarray]:
    """Seeker rows (of ``rows``) with connections in the pool, and how many each: the folded pool nodes."""
    empty = np.zeros(0, np.int64), np.zeros(0, np.int64)
    pool = outside_network(net, pool)  # a pooled person since logged is drawn in the tree, not in the pool
    if pool is None or not len(pool) or not len(rows):
        return empty
    seeker_rows = np.flatnonzero(rows.parent < 0)
    ids = np.asarray(net.ids, dtype=object)[rows.node[seeker_rows]].astype(str)
    if "seeker" in pool.columns and pool["seeker"].notna().any():
        counts = pool["seeker"].astype("str").value_counts()
        n = np.array([int(counts.get(i, 0)) for i in ids], dtype=np.int64)
    else:  # a pool without seekers belongs to the only seeker
        n = np.array([len(pool) if len(ids) == 1 else 0] * len(ids), dtype=np.int64)
    ok = n > 0
    return seeker_rows[ok], n[ok]


def _row_facts(net, rows: _Rows, rep_rows: np.ndarray) -> dict:
    """Per drawn person: meetings, people led to and direct introductions, read from :func:`contact_metrics`.

    The facts are per (seeker, contact); a drawn person takes those of the tree they
    are drawn in. Seekers are not rows of the table: theirs come from the index.
    """
    from ...analysis import contact_metrics

    k = len(rep_rows)
    out = {
        "meetings": np.zeros(k, np.int64),
        "descendants": rows.desc[rep_rows].astype(np.int64),
        "direct_introductions": rows.children[rep_rows].astype(np.int64),
    }
    if not k or len(rows) == len(np.flatnonzero(rows.parent < 0)):
        return out
    cm = contact_metrics(net)
    ix = net.index
    # the table has one row per non-seeker index row, in index order: check that, else match by (seeker, contact)
    member_rows = np.flatnonzero(ix.parent >= 0)
    ids = net.ids.to_numpy()
    abs_rows = rep_rows + rows.offset
    if len(cm) == len(member_rows) and np.array_equal(cm["contact"].to_numpy(dtype=object), ids[ix.node[member_rows]]):
        pos = np.full(len(ix), -1, dtype=np.int64)
        pos[member_rows] = np.arange(len(member_rows))
        at = pos[abs_rows]
    else:  # pragma: no cover - a different row order in a later version of contact_metrics
        seeker_ids = np.asarray(net.seekers, dtype=object)
        tree_seeker = seeker_ids[rows.tree[rep_rows] + rows.first_tree]
        key = pd.MultiIndex.from_arrays([cm["seeker"].astype(str), cm["contact"].astype(str)])
        at = key.get_indexer(
            pd.MultiIndex.from_arrays(
                [pd.Series(tree_seeker, dtype=str), pd.Series(ids[rows.node[rep_rows]], dtype=str)]
            )
        )
    found = at >= 0
    for column in out:
        values = cm[column].to_numpy()
        out[column][found] = values[at[found]].astype(np.int64)
    return out


#: maps of at most this many people (and seekers) get each person's next step from :func:`next_actions`
NEXT_STEPS_UP_TO = 400
NEXT_STEPS_SEEKERS = 5


def _thanked(meetings: pd.DataFrame) -> np.ndarray:
    """Per meeting: a thank-you recorded, e-mail or handwritten note (the glossary's thank-you)."""
    out = np.zeros(len(meetings), bool)
    if "thank_you_sent" in meetings.columns:
        out |= meetings["thank_you_sent"].notna().to_numpy()
    if "handwritten_note" in meetings.columns:
        out |= meetings["handwritten_note"].fillna(False).to_numpy(dtype=bool)
    if "handwritten_note_date" in meetings.columns:
        out |= meetings["handwritten_note_date"].notna().to_numpy()
    return out


def _next_steps(net, rows: _Rows, rep_rows: np.ndarray) -> np.ndarray:
    """Per drawn person, the first action :func:`referralgraph.next_actions` lists for them ('' for none).

    Only for small maps (``NEXT_STEPS_UP_TO`` people, ``NEXT_STEPS_SEEKERS`` seekers): the
    to-do list is computed per seeker and costs about a second each.
    """
    from ...analysis import next_actions
    from ...exceptions import ReferralGraphError

    out = np.full(len(rep_rows), "", dtype=object)
    if not len(rep_rows) or len(rows) > NEXT_STEPS_UP_TO or rows.n_trees > NEXT_STEPS_SEEKERS:
        return out
    ids = net.ids.to_numpy()
    seekers = np.asarray(net.seekers, dtype=object)
    for tree in range(rows.n_trees):
        try:
            todo = next_actions(net, seeker=str(seekers[tree + rows.first_tree]))
        except ReferralGraphError:  # nothing to suggest is not an error for a map
            continue
        if todo.empty or "contact" not in todo.columns:
            continue
        first = todo.dropna(subset=["contact"]).drop_duplicates("contact")
        text = first["action"].astype(str).to_numpy(dtype=object)
        thank = (first["habit"] == "thank").to_numpy() & first["due"].notna().to_numpy()
        text[thank] = [f"{a}, due by {due_text(d)}" for a, d in zip(text[thank], first["due"].to_numpy()[thank])]
        step = pd.Series(text, index=first["contact"].astype(str).to_numpy())  # due time in next's words
        mine = rows.tree[rep_rows] == tree
        found = step.reindex(ids[rows.node[rep_rows[mine]]].astype(str)).to_numpy(dtype=object)
        have = pd.notna(found)
        fill = out[mine]
        fill[have] = found[have]
        out[mine] = fill
    return out


#: legend of ``color_by="outcome"``: the furthest stage of an opportunity whose chain a person is on
_OUTCOME_LABELS = {
    "accepted": "On the chain to an accepted offer",
    "offer": "On the chain to an offer",
    "interview": "On the chain to an interview",
    "applied": "On the chain to an application",
    "referred": "On the chain to a referral",
    "lead": "On the chain to a lead",
    "": "Not on an opportunity's chain yet",
}


def _outcome_colors(net, ids: np.ndarray, is_seeker: np.ndarray):
    """Colour by the furthest stage of any opportunity whose chain of introductions runs through the person."""
    from ...analysis.outcomes import outcome_credit
    from ...model.opportunities import PROGRESS_STAGES

    credit = outcome_credit(net, stage="lead")
    rank = credit["stage"].map(PROGRESS_STAGES.index)
    best = rank.groupby(credit["contact"].to_numpy()).max()
    got = best.reindex(pd.Index(ids.astype(str))).to_numpy()
    names = np.append(np.asarray(PROGRESS_STAGES, dtype=object), "")
    values = names[np.where(np.isnan(got), len(PROGRESS_STAGES), np.nan_to_num(got)).astype(np.int64)]
    order = [*PROGRESS_STAGES[::-1], ""]
    return _categories(
        values.astype(object), is_seeker, missing_label="", other_word="stages", order=order, labels=_OUTCOME_LABELS
    )
