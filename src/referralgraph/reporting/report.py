"""The report: a seeker's (or a cohort's) network in plain language, as text, Markdown or JSON."""

from __future__ import annotations

import pandas as pd

from .._docstrings import share_docs
from ..analysis.actions import action_plan
from ..analysis.facts import check_int, facts, reference_day, reference_note, resolve
from ..analysis.growth import growth_until
from ..analysis.reach import reach_by_generation
from ..analysis.structure import top_connectors
from ..analysis.summary import shared_hubs, summary_quantiles, summary_table

from .document import Report, ReportSection, ReportTable, fmt_date, fmt_float, fmt_int, fmt_pct, fmt_text, is_missing
from .habits import habit_sections
from .mixing import homophily_section, intervals_section
from .outcomes import outcomes_section
from ..model.vocabulary import DORMANT_DAYS

__all__ = ["report"]


@share_docs
def report(
    net,
    *,
    seeker: str | None = None,
    as_of=None,
    dormant_days: int = DORMANT_DAYS,
    weeks: int = 8,
    connectors: int = 10,
    habits: bool = True,
    targets=(),
    today=None,
) -> Report:
    """A plain-language report of one seeker's network, or of a cohort.

    Parameters
    ----------
    {net}
    seeker : str, optional
        The seeker to report on. ``None`` means every seeker: the one seeker's report, or
        for several a cohort report (quantiles across seekers, shared hubs, cohort growth).
    as_of : date-like, optional
        Report the network as known on this date (:func:`referralgraph.snapshot`),
        so the report can be reproduced later. By default the one rule of
        docs/metrics.md ("The reference date"): the latest date in the data that
        is not in the future. The text states the date in its first lines.
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
    today : date-like, optional
        Deprecated spelling of ``as_of``.

    Returns
    -------
    Report
        Sections ``summary``, ``intervals`` (95% tree-bootstrap intervals of the rates),
        ``homophily`` (birds of a feather), ``reach``, ``growth``, ``connectors``, ``outcomes``
        ("What your network led to": chains, funnel, credit) and, with
        ``habits``, ``habit-thank``, ``habit-ask``, ... for a seeker;
        ``cohort``, ``quantiles``, ``seekers`` (one row per seeker), ``growth``, ``hubs`` for a cohort. Render with
        :meth:`Report.to_text`, :meth:`Report.to_markdown` or
        :meth:`Report.to_dict`.

    Raises
    ------
    {raises_seeker}
    OptionError
        If ``as_of`` is not a date or a count option is negative.

    See Also
    --------
    seeker_summary, reach_by_generation, growth, top_connectors, cohort_summary

    Notes
    -----
    Every figure is a column of the metric functions, defined in the glossary of
    docs/metrics.md; the labels are plain-language names for them. A figure the
    data cannot support is shown as ``n/a`` with the reason ("no meetings
    recorded"), never as 0. The habit sections are the same measurement as
    :func:`referralgraph.next_report` on the same date.

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
    if today is not None:
        from .._deprecate import warn_deprecated

        warn_deprecated("report(today=...)", "report(as_of=...)", stacklevel=3)
        as_of = today if as_of is None else as_of
    if seeker is None and len(net.seekers) != 1:
        return _cohort_report(net, as_of=as_of, dormant_days=dormant_days, weeks=weeks, hubs=connectors)
    seeker_id = net.seekers[net.seeker_position(seeker)]  # an id or a name; raises SeekerNotFound
    measured, day = resolve(net, as_of)
    ref = reference_day(facts(measured), day)
    pos = measured.seeker_position(seeker_id)
    summary = summary_table(measured, ref, dormant_days).iloc[[pos]].reset_index(drop=True)  # dormancy as of ref
    reach = reach_by_generation(measured, seeker=seeker_id)
    grow = growth_until(measured, ref, freq="W", seeker=seeker_id)
    top = top_connectors(measured, limit=connectors, seeker=seeker_id)
    name = _name_of(net, seeker_id)
    r = Report(
        f"Referral network of {name}",
        seeker=seeker_id,
        as_of=ref,
        as_of_note=reference_note(net, as_of, ref),
        data={"summary": summary, "reach": reach, "growth": grow, "connectors": top},
    )
    f = facts(measured)
    known = {
        "meetings": bool(f.tree_records_meetings[pos]),
        "asks": bool(f.tree_records("asked_for_introductions")[pos]),
        "meeting_rows": bool((f.m_seeker == measured.index.seekers[pos]).any()),
        "thanks": "thank_you_sent" in measured.table("meetings").columns,
        "notes": "handwritten_note" in measured.table("meetings").columns,
        "dated": ref is not None,
        "organization": "organization" in measured.table("contacts").columns,
        "field": "field" in measured.table("contacts").columns,
    }
    r.add_section(_summary_section(summary.iloc[0], dormant_days, known))
    r.add_section(intervals_section(measured, seeker=seeker_id))
    r.add_section(homophily_section(measured, seeker=seeker_id))
    r.add_section(_reach_section(reach))
    r.add_section(_growth_section(grow, weeks))
    sec = ReportSection("connectors", "Top connectors")
    if not len(top):
        sec.lines.append("Nobody has introduced you to anyone yet.")
    else:
        sec.add_table(
            "",
            top,
            {
                "rank": "#",
                "name": "Name",
                "organization": "Organization",
                "descendants": "People reached",
                "direct_introductions": "Introduced",
            },
            {"rank": fmt_int, "descendants": fmt_int, "direct_introductions": fmt_int},
        )
    r.add_section(sec)
    r.add_section(outcomes_section(measured, seeker=seeker_id))
    if habits:
        plan = action_plan(net, as_of=as_of, seeker=seeker_id, targets=targets, dormant_days=dormant_days)
        r.data["actions"], r.data["signals"] = plan[0], plan[1]
        for section in habit_sections(net, seeker=seeker_id, plan=plan):
            r.add_section(section)
    return r


def _name_of(net, contact_id: str) -> str:
    if "name" in net.table("contacts").columns:
        value = net.table("contacts")["name"].iat[net.code(contact_id)]
        if not is_missing(value):
            return str(value)
    return contact_id


def _na(reason: str) -> str:
    return f"n/a ({reason})"


def _summary_section(s: pd.Series, dormant_days: int, known: dict) -> ReportSection:
    """The headline figures; each one n/a, with the reason, when the data cannot support it."""
    sec = ReportSection("summary", "Your network")
    no_meet = "no meetings recorded"

    def add(label, key, text, *needs):
        for need, reason in needs:
            if not known[need]:
                sec.add(label, None, _na(reason))
                return
        sec.add(label, s[key] if key else None, text)

    meet = ("meetings", no_meet)
    rows = ("meeting_rows", "no conversations recorded")
    add("People you reached", "contacts", fmt_int(s["contacts"]))
    add("People you have met", "met_contacts", fmt_int(s["met_contacts"]), meet)
    add("Conversations", "meetings", fmt_int(s["meetings"]), rows)
    add("Longest chain of introductions", "max_generation", fmt_int(s["max_generation"]))
    breadth = (
        f"{fmt_int(s['max_breadth'])} people (generation {fmt_int(s['breadth_generation'])})"
        if not is_missing(s["breadth_generation"])
        else _na("nobody reached yet")
    )
    add("Largest generation", "max_breadth", breadth)
    asks = ("asks", "asks for introductions not recorded")
    add("Times you asked for introductions", "asks", fmt_int(s["asks"]), rows, asks)
    add(
        "Introductions per ask",
        "introductions_per_ask",
        _or_na(fmt_float(s["introductions_per_ask"], 2), "no asks yet"),
        rows,
        asks,
    )
    add(
        "Introductions per person met",
        "branching_factor",
        _or_na(fmt_float(s["branching_factor"], 2), "nobody met yet"),
        meet,
    )
    add(
        "People met who introduced you on",
        "introducer_share",
        _or_na(fmt_pct(s["introducer_share"]), "nobody met yet"),
        meet,
    )
    add(
        "Suggested introductions you met",
        "suggested_to_met_rate",
        _or_na(fmt_pct(s["suggested_to_met_rate"]), "no introductions yet"),
        meet,
    )
    add(
        "Median days from meeting to introduction",
        "median_days_meeting_to_introduction",
        _or_na(fmt_float(s["median_days_meeting_to_introduction"]), "no dated meeting followed by an introduction"),
        rows,
    )
    add(
        "Organizations",
        "organizations",
        f"{fmt_int(s['organizations'])} (diversity {fmt_float(s['organization_diversity'], 2)})",
        ("organization", "organizations not recorded"),
    )
    add(
        "Fields",
        "fields",
        f"{fmt_int(s['fields'])} (diversity {fmt_float(s['field_diversity'], 2)})",
        ("field", "fields not recorded"),
    )
    add(
        "First conversations thanked within 24 hours",
        "thank_you_24h_rate",
        _or_na(fmt_pct(s["thank_you_24h_rate"]), "no dated conversations"),
        rows,
        ("thanks", "thank-you dates not recorded"),
    )
    add(
        "Median hours to a thank-you",
        "median_thank_you_hours",
        _or_na(fmt_float(s["median_thank_you_hours"]), "no thank-you recorded"),
        rows,
        ("thanks", "thank-you dates not recorded"),
    )
    add(
        "Handwritten notes",
        "handwritten_notes",
        fmt_int(s["handwritten_notes"]),
        rows,
        ("notes", "handwritten notes not recorded"),
    )
    add(
        f"Quiet for {dormant_days}+ days",
        "dormant_contacts",
        fmt_int(s["dormant_contacts"]),
        ("dated", "no dates recorded"),
    )
    add("Introductions waiting for a meeting", "pending_introductions", fmt_int(s["pending_introductions"]), meet)
    days = [s[f"contacts_day_{d}"] for d in (30, 60, 90)]
    if not known["meeting_rows"]:
        sec.add("People after 30 / 60 / 90 days", None, _na("counted from the first conversation; none recorded"))
    elif all(is_missing(v) for v in days):
        sec.add("People after 30 / 60 / 90 days", None, _na("30 days have not passed since the first meeting"))
    else:
        sec.add(
            "People after 30 / 60 / 90 days",
            {30: days[0], 60: days[1], 90: days[2]},
            " / ".join(fmt_int(v) for v in days),
        )
    add(
        "Days to double to today's size",
        "doubling_days",
        _or_na(fmt_float(s["doubling_days"]), "fewer than 2 dated contacts"),
    )
    add(
        "Spread (structural virality)",
        "structural_virality",
        _or_na(fmt_float(s["structural_virality"], 2), "nobody reached yet"),
    )
    return sec


def _or_na(text: str, reason: str) -> str:
    return _na(reason) if text == "n/a" else text


#: generations shown one per row in the report; deeper ones are added up in one last row
REACH_ROWS = 20


def _reach_section(reach: pd.DataFrame) -> ReportSection:
    sec = ReportSection("reach", "Reach by generation")
    shown = reach
    if len(reach) > REACH_ROWS:  # a 10^5-deep chain has 10^5 generations: one row for the deep end
        head, tail = reach.iloc[: REACH_ROWS - 1], reach.iloc[REACH_ROWS - 1 :]
        last = pd.DataFrame(
            {
                "generation": [f"{int(tail['generation'].iat[0]):,}-{int(tail['generation'].iat[-1]):,}"],
                "contacts": [int(tail["contacts"].sum())],
                "cumulative": [int(tail["cumulative"].iat[-1])],
                "share": [float(tail["share"].sum())],
            }
        )
        shown = pd.concat([head.assign(generation=head["generation"].map(fmt_int)), last], ignore_index=True)
        sec.lines.append(f"{len(reach):,} generations: the deepest {len(tail):,} are added up in the last row.")
    sec.add_table(
        "",
        shown,
        {"generation": "Generation", "contacts": "People", "cumulative": "Total so far", "share": "Share"},
        {"generation": fmt_text, "contacts": fmt_int, "cumulative": fmt_int, "share": fmt_pct},
    )
    if shown is not reach:
        sec.tables[-1].right = ("generation",)
    return sec


def _growth_section(grow: pd.DataFrame, weeks: int) -> ReportSection:
    sec = ReportSection("growth", f"Growth, last {weeks} weeks")
    last = grow.tail(weeks) if weeks else grow.iloc[:0]
    if not len(last):
        sec.lines.append("No dated contacts, introductions or meetings yet.")
        return sec
    sec.add_table(
        "",
        last,
        {
            "period": "Week of",
            "new_contacts": "New people",
            "cumulative_contacts": "Total people",
            "new_introductions": "Introductions",
            "new_meetings": "Meetings",
        },
        {
            "period": fmt_date,
            "new_contacts": fmt_int,
            "cumulative_contacts": fmt_int,
            "new_introductions": fmt_int,
            "new_meetings": fmt_int,
        },
    )
    return sec


_COHORT_METRICS = {
    "contacts": ("People reached", fmt_float),
    "max_generation": ("Longest chain", fmt_float),
    "introductions_per_ask": ("Introductions per ask", lambda v: fmt_float(v, 2)),
    "introducer_share": ("Met who introduced on", fmt_pct),
    "suggested_to_met_rate": ("Suggested then met", fmt_pct),
    "thank_you_24h_rate": ("First talks thanked in 24 h", fmt_pct),
    "dormant_contacts": ("Quiet contacts", fmt_float),
    "pending_introductions": ("Waiting introductions", fmt_float),
    "structural_virality": ("Structural virality", lambda v: fmt_float(v, 2)),
}


#: seekers listed one per row in the cohort report; a larger cohort's full table is in ``report.data["seekers"]``
SEEKER_ROWS = 100


def _seekers_section(measured, r: Report) -> ReportSection:
    """One row per seeker (whole people, not percentiles): reach, chain, asks, thank-yous, interviews, offers."""
    from ..analysis.cohort import cohort_comparison

    comp = cohort_comparison(measured)
    r.data["seekers"] = comp
    sec = ReportSection("seekers", "Each seeker")
    shown = comp.head(SEEKER_ROWS)
    if len(comp) > SEEKER_ROWS:
        sec.lines.append(
            f"The first {SEEKER_ROWS} of {len(comp):,} seekers; every row is in the JSON output "
            "and in `referralgraph cohort`."
        )

    def count(v):
        return "n/a" if is_missing(v) else fmt_int(v)

    sec.add_table(
        "",
        shown,
        {
            "seeker": "Seeker",
            "contacts": "People",
            "depth": "Longest chain",
            "introductions_per_ask": "Per ask",
            "thank_you_24h_rate": "Thanked 24 h",
            "interviews": "Interviews",
            "offers": "Offers",
        },
        {
            "contacts": fmt_int,
            "depth": fmt_int,
            "introductions_per_ask": lambda v: fmt_float(v, 2),
            "thank_you_24h_rate": fmt_pct,
            "interviews": count,
            "offers": count,
        },
    )
    return sec


def _cohort_report(net, *, as_of, dormant_days: int, weeks: int, hubs: int) -> Report:
    measured, day = resolve(net, as_of)
    ref = reference_day(facts(measured), day)
    summary = summary_table(measured, ref, dormant_days)
    cohort = summary_quantiles(summary, (0.1, 0.25, 0.5, 0.75, 0.9))
    grow = growth_until(measured, ref, freq="W")
    shared = shared_hubs(measured)
    r = Report(
        f"Referral networks of {len(net.seekers):,} seekers",
        as_of=ref,
        as_of_note=reference_note(net, as_of, ref),
        data={"cohort": cohort, "summary": summary, "growth": grow, "hubs": shared},
    )
    sec = ReportSection("cohort", "The cohort")
    sec.add("Seekers", len(summary), fmt_int(len(summary)))
    sec.add("People reached, all seekers", int(summary["contacts"].sum()), fmt_int(summary["contacts"].sum()))
    sec.add(
        "Seekers with no contacts yet", int((summary["contacts"] == 0).sum()), fmt_int((summary["contacts"] == 0).sum())
    )
    sec.add("Contacts who helped several seekers", len(shared), fmt_int(len(shared)))
    r.add_section(sec)
    rows = cohort.set_index("metric").loc[list(_COHORT_METRICS)].reset_index()
    shown = pd.DataFrame(
        {
            "metric": rows["metric"],
            "label": [_COHORT_METRICS[m][0] for m in rows["metric"]],
            "seekers": rows["seekers"],
            "p10": rows["p10"],
            "p50": rows["p50"],
            "p90": rows["p90"],
        }
    )
    for c in ("p10", "p50", "p90"):  # each metric has its own display format
        shown[f"{c}_text"] = [_COHORT_METRICS[m][1](v) for m, v in zip(rows["metric"], rows[c])]
    q = ReportSection("quantiles", "Across seekers (10th, 50th and 90th percentile)")
    q.tables.append(
        ReportTable(
            "",
            shown,
            {"label": "Metric", "seekers": "Seekers", "p10_text": "P10", "p50_text": "Median", "p90_text": "P90"},
            {"seekers": fmt_int},
            right=("p10_text", "p50_text", "p90_text"),
        )
    )
    r.add_section(q)
    r.add_section(_seekers_section(measured, r))
    if len(grow):
        total = (
            grow.groupby("period", sort=True)[
                ["new_contacts", "cumulative_contacts", "new_introductions", "new_meetings"]
            ]
            .sum()
            .reset_index()
        )
    else:
        total = grow
    r.data["cohort_growth"] = total
    r.add_section(_growth_section(total, weeks))
    h = ReportSection("hubs", "Contacts who helped several seekers")
    if len(shared):
        h.add_table(
            "",
            shared.head(hubs),
            {
                "name": "Name",
                "organization": "Organization",
                "seekers": "Seekers",
                "total_descendants": "People reached through them",
            },
            {"seekers": fmt_int, "total_descendants": fmt_int},
        )
    else:
        h.lines.append("No contact appears in more than one seeker's network.")
    r.add_section(h)
    return r
