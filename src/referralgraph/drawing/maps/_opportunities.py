"""Opportunities on the person map (issue 24): per person the tooltip lines, and the paths the page highlights."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...analysis.facts import opportunity_facts
from ...analysis.outcomes import outcome_credit
from ...model.opportunities import PROGRESS_STAGES
from ._encoding import _day_strings, _days

#: opportunities named in one tooltip line before "and k more"
TIP_OPPORTUNITIES = 3
#: the furthest stage from which the page's default paths are drawn ("interviews and offers")
PATH_STAGE = "interview"
_CLOSED = ("declined", "rejected", "withdrawn")


def _describe(opp: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per opportunity: "Interview, Kitewell, Associate UX Researcher (2026-09-10)" (closed ones say how), and its date."""
    reached = opp["reached"].to_numpy(dtype=np.int64)
    stage = np.asarray(PROGRESS_STAGES, dtype=object)[np.maximum(reached, 0)]
    stage = np.where(reached >= 0, stage, opp["stage"].to_numpy(dtype=object))
    last = opp["stage"].to_numpy(dtype=object)
    out = []
    for i, row in enumerate(opp[["opportunity", "organization", "role"]].itertuples(index=False)):
        what = ", ".join(str(v) for v in (row.organization, row.role) if isinstance(v, str) and v) or str(
            row.opportunity
        )
        word = str(stage[i]).capitalize()
        if last[i] in _CLOSED and last[i] != stage[i]:
            word += f" (then {last[i]})"
        out.append(f"{word}, {what}")
    dates = np.full(len(opp), "", dtype=object)
    for k, name in enumerate(PROGRESS_STAGES):
        at = reached == k
        if at.any():
            dates[at] = _day_strings(_days(opp[f"date_{name}"].to_numpy(dtype="datetime64[ns]")[at]))
    return np.array([f"{t} ({d})" if d else t for t, d in zip(out, dates)], dtype=object), dates


def _joined(texts: pd.Series, by: np.ndarray, n: int) -> np.ndarray:
    """Per drawn node (``by``, -1 = not drawn): its texts joined with "; ", at most TIP_OPPORTUNITIES shown."""
    out = np.full(n, "", dtype=object)
    ok = by >= 0
    if not ok.any():
        return out
    groups = pd.Series(texts.to_numpy(dtype=object)[ok]).groupby(by[ok], sort=False)
    for node, items in groups:
        items = list(dict.fromkeys(items))
        more = len(items) - TIP_OPPORTUNITIES
        out[node] = "; ".join(items[:TIP_OPPORTUNITIES]) + (f"; and {more:,} more" if more > 0 else "")
    return out


def opportunity_layer(net, cids: np.ndarray) -> tuple[dict, list]:
    """Tooltip columns and the page's opportunity list for the drawn nodes ``cids`` ('' = not a person).

    Returns ``({"Opportunities": ..., "On the chain to": ...}, [opportunity, ...])``;
    each opportunity is ``{"seeker", "node", "chain", "rank", "text", "date",
    "stage", "organization", "role"}`` with drawn node positions (``chain`` from the
    seeker to the contact it came through, only the people drawn; ``node`` -1 when that
    contact is not drawn). Empty without opportunities.
    """
    opp = opportunity_facts(net)
    n = len(cids)
    if not len(opp) or not n:
        return {}, []
    where = {c: i for i, c in enumerate(cids.tolist() if hasattr(cids, "tolist") else cids) if c}

    def node_of(ids) -> np.ndarray:
        return np.array([where.get(c, -1) for c in ids], dtype=np.int64)

    ids = net.ids.to_numpy()
    texts, dates = _describe(opp)
    seeker_node = node_of(ids[opp["seeker"].to_numpy(dtype=np.int64)])
    contact = opp["contact"].to_numpy(dtype=np.int64)
    contact_node = np.where(contact >= 0, node_of(ids[np.maximum(contact, 0)]), -1)
    credit = outcome_credit(net, stage=PROGRESS_STAGES[0])  # every chain, whatever stage it reached
    key = pd.MultiIndex.from_arrays(
        [pd.Series(ids[opp["seeker"].to_numpy(dtype=np.int64)], dtype="str"), opp["opportunity"].astype("str")]
    )
    at = key.get_indexer(
        pd.MultiIndex.from_arrays([credit["seeker"].astype("str"), credit["opportunity"].astype("str")])
    )
    person = node_of(credit["contact"].to_numpy(dtype=object))
    chains = [[int(s)] if s >= 0 else [] for s in seeker_node]
    for o, p in zip(at.tolist(), person.tolist()):  # credit rows: chain order (position 1 first)
        if o >= 0 and p >= 0:
            chains[o].append(p)
    through = pd.Series(texts)
    tips = {
        # through them (the contact drawn), and every one of a seeker's own
        "Opportunities": _joined(
            pd.concat([through, through], ignore_index=True),
            np.concatenate([contact_node, np.where(contact_node != seeker_node, seeker_node, -1)]),
            n,
        ),
        "On the chain to": _joined(
            pd.Series(texts[at[at >= 0]]),
            np.where(person[at >= 0] != contact_node[at[at >= 0]], person[at >= 0], -1),
            n,
        ),
    }
    stage = opp["stage"].to_numpy(dtype=object)
    reached = opp["reached"].to_numpy(dtype=np.int64)
    listed = [
        {
            "seeker": int(seeker_node[i]),
            "node": int(contact_node[i]),
            "chain": chains[i],
            "rank": int(reached[i]),
            "text": str(texts[i]),
            "date": str(dates[i]),
            "stage": str(stage[i]),
            "organization": _str(opp["organization"].iat[i]),
            "role": _str(opp["role"].iat[i]),
            "name": str(opp["opportunity"].iat[i]),
        }
        for i in range(len(opp))
    ]
    return tips, listed


def _str(value) -> str:
    return value if isinstance(value, str) else ""
