"""The report: a seeker's (or a cohort's) network in plain language, as text, Markdown or JSON."""

from __future__ import annotations

import pandas as pd

from ..analysis.facts import check_int, facts, reference_day, resolve
from ..analysis.growth import growth_until
from ..analysis.reach import reach_by_generation
from ..analysis.structure import top_connectors
from ..analysis.summary import shared_hubs, summary_quantiles, summary_table

from .document import Report, ReportSection, ReportTable, fmt_date, fmt_float, fmt_int, fmt_pct, is_missing
from .habits import habit_sections

__all__ = ["report"]


def report(net, *, seeker: str | None = None, as_of=None, dormant_days: int = 60, weeks: int = 8,
           connectors: int = 10, habits: bool = True, targets=()) -> Report:
    """A plain-language report of one seeker's network, or of a cohort.

    Parameters
    ----------
    net : ReferralNetwork
        The network (not changed).
    seeker : str, optional
        The seeker to report on. By default the only seeker; a network with
        several seekers gets a cohort report (quantiles across seekers, shared
        hubs, cohort growth).
    as_of : date-like, optional
        Report the network as known on this date (:func:`referralgraph.snapshot`),
        so the report can be reproduced later. By default the latest date in the
        data is the reference day.
    dormant_days : int, default 60
        Days without a touch after which a contact counts as quiet.
    weeks : int, default 8
        Weeks of growth to show.
    connectors : int, default 10
        Top connectors (or shared hubs) to show.
    habits : bool, default True
        Add one section per networking habit (thank within 24 hours, ask for
        introductions, follow through, cultivate, grow, prepare): the signal
        measured and the next actions, from :func:`referralgraph.habit_signals`
        and :func:`referralgraph.next_actions`, as of the report's reference day.
    targets : sequence of str, optional
        Organizations you want to reach, for the growth habit's warm paths.

    Returns
    -------
    Report
        Sections ``summary``, ``reach``, ``growth``, ``connectors`` and, with
        ``habits``, ``habit-thank``, ``habit-ask``, ... for a seeker;
        ``cohort``, ``quantiles``, ``growth``, ``hubs`` for a cohort. Render with
        :meth:`Report.to_text`, :meth:`Report.to_markdown` or
        :meth:`Report.to_dict`.

    Raises
    ------
    SeekerNotFound
        If ``seeker`` is not a seeker of the network.
    OptionError
        If ``as_of`` is not a date or a count option is negative.

    See Also
    --------
    seeker_summary, reach_by_generation, growth, top_connectors, cohort_summary

    Notes
    -----
    Every figure is a column of the metric functions, defined in
    docs/metrics.md; the labels are plain-language names for them.

    References
    ----------
    .. [1] Goel, S., Anderson, A., Hofman, J. & Watts, D. J. (2016). The structural
       virality of online diffusion. *Management Science* 62(1), 180-196.

    Examples
    --------
    >>> net = rg.from_frames(
    ...     pd.DataFrame({"name": ["Me", "Ann", "Bo"], "is_seeker": ["y", "", ""]}),
    ...     pd.DataFrame({"introducer": ["Ann"], "introduced": ["Bo"], "date": ["2026-03-02"]}))
    >>> print(rg.report(net).to_text().splitlines()[0])
    Referral network of Me
    """
    dormant_days = check_int("dormant_days", dormant_days, minimum=0)
    weeks = check_int("weeks", weeks, minimum=0)
    connectors = check_int("connectors", connectors, minimum=0)
    resolve(net, None)  # raises TypeError for anything but a network
    if seeker is None and len(net.seekers) != 1:
        return _cohort_report(net, as_of=as_of, dormant_days=dormant_days, weeks=weeks, hubs=connectors)
    net.seeker_position(seeker)  # raises SeekerNotFound
    seeker_id = seeker if seeker is not None else net.seekers[0]
    measured, day = resolve(net, as_of)
    ref = reference_day(facts(measured), day)
    pos = measured.seeker_position(seeker_id)
    summary = summary_table(measured, ref, dormant_days).iloc[[pos]].reset_index(drop=True)  # dormancy as of ref
    reach = reach_by_generation(measured, seeker=seeker_id)
    grow = growth_until(measured, ref, freq="W", seeker=seeker_id)
    top = top_connectors(measured, connectors, seeker=seeker_id)
    name = _name_of(net, seeker_id)
    r = Report(f"Referral network of {name}", seeker=seeker_id, as_of=ref,
               data={"summary": summary, "reach": reach, "growth": grow, "connectors": top})
    r.add_section(_summary_section(summary.iloc[0], dormant_days))
    r.add_section(ReportSection("reach", "Reach by generation").add_table(
        "", reach, {"generation": "Generation", "contacts": "People", "cumulative": "Total so far", "share": "Share"},
        {"generation": fmt_int, "contacts": fmt_int, "cumulative": fmt_int, "share": fmt_pct}))
    r.add_section(_growth_section(grow, weeks))
    sec = ReportSection("connectors", "Top connectors")
    if not len(top):
        sec.lines.append("Nobody has introduced you to anyone yet.")
    else:
        sec.add_table("", top, {"rank": "#", "name": "Name", "organization": "Organization",
                                "descendants": "People reached", "direct_introductions": "Introduced"},
                      {"rank": fmt_int, "descendants": fmt_int, "direct_introductions": fmt_int})
    r.add_section(sec)
    if habits:

        for section in habit_sections(measured, seeker=seeker_id, today=ref, dormant_days=dormant_days,
                                      targets=targets):
            r.add_section(section)
    return r


def _name_of(net, contact_id: str) -> str:
    if "name" in net._contacts.columns:
        value = net._contacts["name"].iat[net.code(contact_id)]
        if not is_missing(value):
            return str(value)
    return contact_id


def _summary_section(s: pd.Series, dormant_days: int) -> ReportSection:
    sec = ReportSection("summary", "Your network")
    sec.add("People you reached", s["contacts"], fmt_int(s["contacts"]))
    sec.add("People you have met", s["met_contacts"], fmt_int(s["met_contacts"]))
    sec.add("Conversations", s["meetings"], fmt_int(s["meetings"]))
    sec.add("Longest chain of introductions", s["max_generation"], fmt_int(s["max_generation"]))
    breadth = (f"{fmt_int(s['max_breadth'])} people (generation {fmt_int(s['breadth_generation'])})"
               if not is_missing(s["breadth_generation"]) else "n/a")
    sec.add("Largest generation", s["max_breadth"], breadth)
    sec.add("Times you asked for introductions", s["asks"], fmt_int(s["asks"]))
    sec.add("Introductions per ask", s["introductions_per_ask"], fmt_float(s["introductions_per_ask"], 2))
    sec.add("Introductions per person met", s["branching_factor"], fmt_float(s["branching_factor"], 2))
    sec.add("People met who introduced you on", s["introducer_share"], fmt_pct(s["introducer_share"]))
    sec.add("Suggested introductions you met", s["suggested_to_met_rate"], fmt_pct(s["suggested_to_met_rate"]))
    sec.add("Median days from meeting to introduction", s["median_days_meeting_to_introduction"],
            fmt_float(s["median_days_meeting_to_introduction"]))
    sec.add("Organizations", s["organizations"],
            f"{fmt_int(s['organizations'])} (diversity {fmt_float(s['organization_diversity'], 2)})")
    sec.add("Fields", s["fields"], f"{fmt_int(s['fields'])} (diversity {fmt_float(s['field_diversity'], 2)})")
    sec.add("Thank-yous within 24 hours", s["thank_you_24h_rate"], fmt_pct(s["thank_you_24h_rate"]))
    sec.add("Median hours to a thank-you", s["median_thank_you_hours"], fmt_float(s["median_thank_you_hours"]))
    sec.add("Handwritten notes", s["handwritten_notes"], fmt_int(s["handwritten_notes"]))
    sec.add(f"Quiet for {dormant_days}+ days", s["dormant_contacts"], fmt_int(s["dormant_contacts"]))
    sec.add("Introductions waiting for a meeting", s["pending_introductions"], fmt_int(s["pending_introductions"]))
    days = [s[f"contacts_day_{d}"] for d in (30, 60, 90)]
    sec.add("People after 30 / 60 / 90 days", {30: days[0], 60: days[1], 90: days[2]},
            " / ".join(fmt_int(v) for v in days))
    sec.add("Days to double to today's size", s["doubling_days"], fmt_float(s["doubling_days"]))
    sec.add("Spread (structural virality)", s["structural_virality"], fmt_float(s["structural_virality"], 2))
    return sec


def _growth_section(grow: pd.DataFrame, weeks: int) -> ReportSection:
    sec = ReportSection("growth", f"Growth, last {weeks} weeks")
    last = grow.tail(weeks) if weeks else grow.iloc[:0]
    if not len(last):
        sec.lines.append("No dated contacts, introductions or meetings yet.")
        return sec
    sec.add_table("", last, {"period": "Week of", "new_contacts": "New people", "cumulative_contacts": "Total people",
                             "new_introductions": "Introductions", "new_meetings": "Meetings"},
                  {"period": fmt_date, "new_contacts": fmt_int, "cumulative_contacts": fmt_int,
                   "new_introductions": fmt_int, "new_meetings": fmt_int})
    return sec


_COHORT_METRICS = {
    "contacts": ("People reached", fmt_float),
    "max_generation": ("Longest chain", fmt_float),
    "introductions_per_ask": ("Introductions per ask", lambda v: fmt_float(v, 2)),
    "introducer_share": ("Met who introduced on", fmt_pct),
    "suggested_to_met_rate": ("Suggested then met", fmt_pct),
    "thank_you_24h_rate": ("Thank-yous in 24 h", fmt_pct),
    "dormant_contacts": ("Quiet contacts", fmt_float),
    "pending_introductions": ("Waiting introductions", fmt_float),
    "structural_virality": ("Structural virality", lambda v: fmt_float(v, 2)),
}


def _cohort_report(net, *, as_of, dormant_days: int, weeks: int, hubs: int) -> Report:
    measured, day = resolve(net, as_of)
    ref = reference_day(facts(measured), day)
    summary = summary_table(measured, ref, dormant_days)
    cohort = summary_quantiles(summary, (0.1, 0.25, 0.5, 0.75, 0.9))
    grow = growth_until(measured, ref, freq="W")
    shared = shared_hubs(measured)
    r = Report(f"Referral networks of {len(net.seekers):,} seekers", as_of=ref,
               data={"cohort": cohort, "summary": summary, "growth": grow, "hubs": shared})
    sec = ReportSection("cohort", "The cohort")
    sec.add("Seekers", len(summary), fmt_int(len(summary)))
    sec.add("People reached, all seekers", int(summary["contacts"].sum()), fmt_int(summary["contacts"].sum()))
    sec.add("Seekers with no contacts yet", int((summary["contacts"] == 0).sum()),
            fmt_int((summary["contacts"] == 0).sum()))
    sec.add("Contacts who helped several seekers", len(shared), fmt_int(len(shared)))
    r.add_section(sec)
    rows = cohort.set_index("metric").loc[list(_COHORT_METRICS)].reset_index()
    shown = pd.DataFrame({"metric": rows["metric"], "label": [_COHORT_METRICS[m][0] for m in rows["metric"]],
                          "seekers": rows["seekers"], "p10": rows["p10"], "p50": rows["p50"], "p90": rows["p90"]})
    for c in ("p10", "p50", "p90"):  # each metric has its own display format
        shown[f"{c}_text"] = [_COHORT_METRICS[m][1](v) for m, v in zip(rows["metric"], rows[c])]
    q = ReportSection("quantiles", "Across seekers (10th, 50th and 90th percentile)")
    q.tables.append(ReportTable("", shown, {"label": "Metric", "seekers": "Seekers", "p10_text": "P10",
                                           "p50_text": "Median", "p90_text": "P90"}, {"seekers": fmt_int},
                                right=("p10_text", "p50_text", "p90_text")))
    r.add_section(q)
    if len(grow):
        total = grow.groupby("period", sort=True)[["new_contacts", "cumulative_contacts", "new_introductions",
                                                   "new_meetings"]].sum().reset_index()
    else:
        total = grow
    r.data["cohort_growth"] = total
    r.add_section(_growth_section(total, weeks))
    h = ReportSection("hubs", "Contacts who helped several seekers")
    if len(shared):
        h.add_table("", shared.head(hubs), {"name": "Name", "organization": "Organization", "seekers": "Seekers",
                                            "total_descendants": "People reached through them"},
                    {"seekers": fmt_int, "total_descendants": fmt_int})
    else:
        h.lines.append("No contact appears in more than one seeker's network.")
    r.add_section(h)
    return r
