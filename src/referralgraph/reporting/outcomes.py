"""The report section "What your network led to": chains told in words, the funnel with intervals, who gets credit."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..analysis.facts import facts, opportunity_facts, resolve
from ..analysis.outcomes import funnel, outcome_credit
from ..model.opportunities import PROGRESS_STAGES
from .document import ReportSection, fmt_float, fmt_int, fmt_pct, is_missing

__all__ = ["outcomes_section", "chain_stories"]

_RATIO_STEPS = {"introductions_made", "applications"}  # conversions that are ratios, not shares


def chain_stories(net, *, seeker: str | None = None, as_of=None, stage: str = "interview") -> pd.DataFrame:
    """Every opportunity that reached ``stage``, its chain told in words.

    Returns
    -------
    pandas.DataFrame
        ``seeker, opportunity, stage, date, chain, introductions, days, text``:
        ``chain`` the names from the first contact to the contact it came
        through, ``introductions`` the introductions on the way (0 for a direct
        contact), ``days`` from the first conversation with the first contact to
        the day it reached its furthest stage (missing when not dated), and
        ``text``, e.g. "Interview, Kitewell, Associate UX Researcher: Priya Kapoor →
        ... → Omar Farah, 6 introductions, 106 days from the first conversation".
        Furthest stage first, then latest first.

    Examples
    --------
    >>> from referralgraph.reporting.outcomes import chain_stories
    >>> chain_stories(rg.demo())["text"].iloc[0][:44]
    'Interview, Kitewell, Associate UX Researcher'
    """
    measured, _ = resolve(net, as_of)
    credit = outcome_credit(measured, stage=stage, seeker=seeker)
    opp = opportunity_facts(measured)
    k = PROGRESS_STAGES.index(stage)
    hit = opp[opp["reached"].to_numpy() >= k]
    if seeker is not None:
        hit = hit[hit["seeker"].to_numpy() == measured.code(seeker)]
    f, ix = facts(measured), measured.index
    ids = measured.ids.to_numpy()
    chains = credit.groupby(["seeker", "opportunity"], sort=False)["name"].agg(list)
    rows = []
    for o in hit.itertuples(index=False):
        sid = ids[o.seeker]
        chain = chains.get((sid, o.opportunity), [])
        reached = PROGRESS_STAGES[int(o.reached)]
        when = getattr(o, f"date_{reached}")
        start = pd.NaT
        if o.row >= 0 and ix.generation[o.row] >= 1:
            head = ix.origin[o.row]
            start = f.first_meeting[head] if not np.isnat(f.first_meeting[head]) else ix.date[head]
        days = (pd.Timestamp(when) - pd.Timestamp(start)).days if not (pd.isna(when) or pd.isna(start)) else None
        label = ", ".join(str(v) for v in (o.organization, o.role) if not is_missing(v)) or o.opportunity
        if chain:
            n = len(chain) - 1
            text = f"{reached.capitalize()}, {label}: {' → '.join(chain)}, {n} introduction{'s' if n != 1 else ''}" + (
                f", {days} days from the first conversation" if days is not None and days >= 0 else ""
            )
        else:
            text = f"{reached.capitalize()}, {label}: through no one in your network's trees (no chain to credit)"
        rows.append(
            (
                sid,
                o.opportunity,
                reached,
                when,
                chain,
                len(chain) - 1 if chain else None,
                days if days is not None and days >= 0 else None,
                text,
            )
        )
    frame = pd.DataFrame(
        rows, columns=["seeker", "opportunity", "stage", "date", "chain", "introductions", "days", "text"]
    )
    if len(frame):
        frame["_rank"] = frame["stage"].map(PROGRESS_STAGES.index)
        frame = frame.sort_values(["_rank", "date"], ascending=False, kind="stable").drop(columns="_rank")
    return frame.reset_index(drop=True)


def _conversion_text(row) -> str:
    if is_missing(row["conversion"]):
        return "n/a"
    fmt = (lambda v: fmt_float(v, 2)) if row["step"] in _RATIO_STEPS else fmt_pct
    if is_missing(row["low"]):
        return fmt(row["conversion"])
    return f"{fmt(row['conversion'])} ({fmt(row['low'])}-{fmt(row['high'])})"


def outcomes_section(
    net, *, seeker: str | None = None, as_of=None, replicates: int = 1000, seed: int | None = 0, top: int = 5
) -> ReportSection:
    """Report section ``outcomes``, "What your network led to".

    Each interview and offer with its chain of introductions, the funnel from
    conversations to offers with 95% intervals, and the contacts and channels
    with the most credit (``even`` model, interviews and beyond).

    Parameters
    ----------
    net : ReferralNetwork
    seeker : str, optional
        The seeker (default: the only seeker; every seeker in a cohort).
    as_of : date-like, optional
    replicates, seed
        As for :func:`referralgraph.funnel`.
    top : int, default 5
        Contacts and channels shown.

    Returns
    -------
    ReportSection

    Examples
    --------
    >>> from referralgraph.reporting.outcomes import outcomes_section
    >>> sec = outcomes_section(rg.demo(), replicates=100)
    >>> sec.title, sec.lines[0][:30]
    ('What your network led to', 'Interview, Kitewell, Associate')
    """
    measured, _ = resolve(net, as_of)
    sec = ReportSection("outcomes", "What your network led to")
    if len(measured.table("opportunities")) == 0:
        sec.lines.append(
            "No opportunities recorded yet: log leads, referrals, applications and interviews "
            "(referralgraph log opportunity SOURCE PERSON --org ORG --stage STAGE) to see which "
            "conversations led to them."
        )
        return sec
    stories = chain_stories(measured, seeker=seeker)
    sec.lines.extend(stories["text"].tolist() or ["No opportunity has reached an interview yet."])
    fun = funnel(measured, seeker=seeker, replicates=replicates, seed=seed, long=True)
    fun = fun[fun["seeker"].isna()] if seeker is None and len(measured.index.seekers) > 1 else fun.iloc[:9]
    shown = fun.assign(
        conv=[_conversion_text(r) for _, r in fun.iterrows()], days=[fmt_float(v) for v in fun["median_days"]]
    )
    sec.add_table(
        "From conversation to offer (95% intervals)",
        shown,
        {"label": "Step", "count": "Count", "conv": "From the step before", "days": "Median days"},
        {"count": lambda v: "n/a" if is_missing(v) else fmt_int(v)},
    )
    sec.tables[-1].right = ("conv", "days")
    credit = outcome_credit(measured, seeker=seeker)
    if len(credit):
        people = outcome_credit(measured, seeker=seeker, by="contact").head(top)
        names = measured.table("contacts").set_index("id")["name"]
        people = people.assign(name=names.reindex(people["contact"]).to_numpy())
        sec.add_table(
            "Who led to interviews (credit shared evenly along each chain)",
            people,
            {"name": "Name", "credit": "Credit", "opportunities": "Opportunities"},
            {"credit": lambda v: fmt_float(v, 2), "opportunities": fmt_int},
        )
        channels = outcome_credit(measured, seeker=seeker, by="source").head(top)
        sec.add_table(
            "Channels (how you first reached them)",
            channels,
            {"source": "Channel", "credit": "Credit", "opportunities": "Opportunities"},
            {"credit": lambda v: fmt_float(v, 2), "opportunities": fmt_int},
        )
    return sec
