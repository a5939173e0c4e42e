"""Next actions that opportunities call for: tell everyone who helped, ask for a referral where you know someone.

Read by :func:`referralgraph.next_actions` (habits ``cultivate`` and ``ask``); see docs/next-actions.md.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..model.opportunities import PROGRESS_STAGES
from .facts import opportunity_facts
from .outcomes import outcome_credit
from ..model.vocabulary import CLOSED_STAGES, MET

__all__ = ["tell_helpers", "referral_asks", "TELL_WINDOW_DAYS"]

#: an interview, offer or acceptance reached within this many days is news to pass up the chain
TELL_WINDOW_DAYS = 30
_TERMINAL = CLOSED_STAGES


def _furthest_date(opp: pd.DataFrame) -> np.ndarray:
    reached = opp["reached"].to_numpy(dtype=np.int64)
    dates = (
        np.column_stack([opp[f"date_{s}"].to_numpy(dtype="datetime64[ns]") for s in PROGRESS_STAGES])
        if len(opp)
        else np.zeros((0, len(PROGRESS_STAGES)), "datetime64[ns]")
    )
    return dates[np.arange(len(opp)), np.maximum(reached, 0)] if len(opp) else np.zeros(0, "datetime64[ns]")


def tell_helpers(s) -> pd.DataFrame:
    """Per person on the chain of an interview, offer or acceptance reached lately: tell them, unless met since.

    ``s`` is the seeker measurement of :mod:`referralgraph.analysis.actions`.
    """
    net, f = s.net, s.f
    credit = outcome_credit(net, stage="interview", seeker=s.id)
    if not len(credit):
        return s.frame([], [], [])
    opp = opportunity_facts(net)
    opp = opp[opp["seeker"].to_numpy() == s.code]
    when = pd.Series(_furthest_date(opp), index=opp["opportunity"].to_numpy())
    day = when.reindex(credit["opportunity"].to_numpy()).to_numpy(dtype="datetime64[ns]")
    recent = (
        ~np.isnat(day)
        & (day >= (s.day - pd.Timedelta(days=TELL_WINDOW_DAYS)).to_datetime64())
        & (day < s.end.to_datetime64())
    )
    codes = net.ids.get_indexer(credit["contact"].astype("str"))
    rows = f.row_for(np.full(len(codes), s.code, np.int64), codes.astype(np.int64))
    last = np.where(rows >= 0, f.last_meeting[np.maximum(rows, 0)], np.datetime64("NaT"))
    told = ~np.isnat(last) & (last >= day)
    sel = np.flatnonzero(recent & ~told & (codes >= 0))
    if not len(sel):
        return s.frame([], [], [])
    c = credit.iloc[sel]
    chains = credit.groupby("opportunity", sort=False)["name"].agg(" → ".join)
    label = (c["opportunity_organization"].fillna(c["opportunity"])).astype("str")
    stage = c["stage"].astype("str")
    dd = day[sel]
    due = dd + np.timedelta64(2, "D")
    action = "Tell " + c["name"].fillna(c["contact"]).astype("str") + " about your " + stage + " at " + label
    reason = (
        stage.str.capitalize()
        + " at "
        + label
        + " on "
        + pd.Series(np.datetime_as_string(dd, unit="D")).to_numpy()
        + " came through "
        + chains.reindex(c["opportunity"]).to_numpy()
        + "; no conversation with them since: tell everyone who helped"
    )
    overdue = np.maximum((s.day.to_datetime64() - due).astype("timedelta64[D]").astype(np.int64), 0)
    return s.frame(
        codes[sel],
        action.to_numpy(),
        np.asarray(reason, dtype=object),
        due=due,
        overdue=overdue,
        score=c["credit"].to_numpy(dtype=float),
    )


def referral_asks(s) -> pd.DataFrame:
    """Per met contact working at the organization of an open lead without a referral: ask them for one."""
    net, ix = s.net, s.ix
    opp = opportunity_facts(net)
    opp = opp[
        (opp["seeker"].to_numpy() == s.code)
        & ~opp["referred"].to_numpy(dtype=bool)
        & ~opp["stage"].isin(_TERMINAL).to_numpy()
        & (opp["reached"].to_numpy() <= 2)
        & opp["organization"].notna().to_numpy()
    ]
    if not len(opp) or "organization" not in net.table("contacts").columns:
        return s.frame([], [], [])
    rows = s.rows[ix.status[s.rows] == MET]  # people met
    people = pd.DataFrame(
        {
            "code": ix.node[rows],
            "org": pd.Series(s.orgs[ix.node[rows]], dtype="str").str.strip().str.casefold().to_numpy(),
        }
    )
    leads = pd.DataFrame(
        {
            "org": opp["organization"].astype("str").str.strip().str.casefold().to_numpy(),
            "label": opp["organization"].astype("str").to_numpy(),
            "role": opp["role"].astype("str").to_numpy(),
            "opp": opp["opportunity"].to_numpy(),
        }
    )
    pairs = people.merge(leads, on="org", how="inner")
    if not len(pairs):
        return s.frame([], [], [])
    codes = pairs["code"].to_numpy(dtype=np.int64)
    role = pairs["role"].where(pairs["role"].notna() & (pairs["role"] != "nan"), "")
    opening = pairs["label"] + np.where(role != "", " (" + role + ")", "")
    action = (
        "Ask " + pd.Series(s.names[codes]).astype("str").to_numpy() + " for a referral to the opening at " + opening
    )
    reason = (
        "you have met them and they work at "
        + pairs["label"]
        + ", where your lead "
        + pairs["opp"].astype("str")
        + " has no referral yet; referred candidates are about 7% of applicants and 40% of hires (Jobvite)"
    )
    return s.frame(codes, action.to_numpy(), reason.to_numpy(), score=np.ones(len(codes)))
