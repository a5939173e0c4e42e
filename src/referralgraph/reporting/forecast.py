"""The forecast told as a Report: the weekly table and what it rests on (what ``referralgraph forecast`` prints)."""

from __future__ import annotations

from ..analysis.facts import facts, reference_note
from ..analysis.forecast import forecast
from .document import Report, ReportSection, fmt_date, fmt_int

__all__ = ["forecast_report"]


def forecast_report(
    net,
    *,
    seeker: str | None = None,
    weeks: int = 12,
    simulations: int = 2000,
    seed: int | None = 0,
    as_of=None,
    what_if=None,
    prior="cohort",
    min_history: int = 5,
    scenario: str = "",
) -> Report:
    """The forecast of :func:`referralgraph.forecast` as a Report (text, Markdown or JSON).

    Parameters
    ----------
    net, seeker, weeks, simulations, seed, as_of, what_if, prior, min_history
        As for :func:`referralgraph.forecast`.
    scenario : str, optional
        How the what-if was written (shown in the header).

    Returns
    -------
    Report
        Sections ``forecast`` (one row per week: contacts median, 10% and 90%,
        and contacts met when meetings are recorded) and ``summary`` (what the
        numbers rest on, and what the data cannot estimate). ``data`` holds
        ``forecast`` (the table) and, with ``what_if``, ``baseline``.

    Raises
    ------
    As :func:`referralgraph.forecast`.

    Examples
    --------
    >>> contacts = pd.DataFrame({"name": ["Me", "Ann", "Bo"], "is_seeker": ["y", "", ""]})
    >>> intros = pd.DataFrame({"introducer": ["Ann"], "introduced": ["Bo"], "date": ["2026-03-10"]})
    >>> r = rg.forecast_report(rg.from_frames(contacts, intros), weeks=2, simulations=200)
    >>> print(r.to_text().splitlines()[2])
    As of 2026-03-10 (the last date in the data, over 180 days ago)
    >>> "no meetings recorded" in r.to_text()
    True
    """
    table = forecast(
        net,
        seeker=seeker,
        weeks=weeks,
        simulations=simulations,
        seed=seed,
        as_of=as_of,
        what_if=what_if,
        prior=prior,
        min_history=min_history,
    )
    pos = net.seeker_position(seeker)
    f = facts(net)
    records = bool(f.tree_records_meetings[pos])
    who = table.attrs["seeker"]
    name = f.display_names[net.code(who)]
    day = table.attrs["as_of"]
    r = Report(
        f"Forecast for {name}",
        seeker=who,
        as_of=day,
        as_of_note=reference_note(net, as_of, day),
        data={"forecast": table},
        export=("forecast",),
    )
    head = ReportSection(
        "forecast",
        f"Next {weeks} weeks: {simulations:,} simulations (seed {seed})"
        + (f", what if: {scenario}" if scenario else ""),
    )
    labels = {
        "week": "Week",
        "date": "Week ending",
        "median": "Contacts (median)",
        "low": "Low (10%)",
        "high": "High (90%)",
    }
    formats = {"week": fmt_int, "date": fmt_date, "median": fmt_int, "low": fmt_int, "high": fmt_int}
    if records:
        labels["met_median"] = "Met (median)"
        formats["met_median"] = fmt_int
    head.add_table("", table, labels, formats)
    r.add_section(head)
    fit = table.attrs["fit"]
    last = table.iloc[-1]
    sec = ReportSection("summary", "What it rests on")
    sec.add("Contacts now", int(table["median"].iat[0]), fmt_int(table["median"].iat[0]))
    sec.add(
        f"Contacts in {weeks} weeks",
        int(last["median"]),
        f"about {last['median']:,} (8 in 10 futures between {last['low']:,} and {last['high']:,})",
    )
    if records:
        sec.add(f"Met in {weeks} weeks", int(last["met_median"]), f"about {last['met_median']:,}")
        sec.add("Share of introductions you meet", fit.conversion, f"{fit.conversion:.0%}")
    else:
        sec.add(f"Met in {weeks} weeks", None, "n/a (no meetings recorded)")
        sec.add(
            "Share of introductions you meet",
            None,
            "n/a (no meetings recorded; the model assumes you meet everyone introduced)",
        )
    disp = "Poisson" if fit.family == "poisson" else f"negative binomial, dispersion {fit.dispersion:.2g}"
    basis = "contacts met" if records else "contacts (no meetings recorded: everyone reached counts)"
    if fit.weight == 0:
        rest = f"the {fit.prior_source} prior only: too little history ({fit.n} {basis} with time to introduce)"
    else:
        rest = f"from {fit.n} {basis}, weight {fit.weight:.0%} against the {fit.prior_source} prior"
    sec.add("Introductions per contact", fit.mean, f"{fit.mean:.2f} on average ({disp}; {rest})")
    sec.add(
        "New cold contacts assumed",
        table.attrs["new_contacts_per_week"],
        f"{table.attrs['new_contacts_per_week']:.1f} per week (the pace of the last 8 weeks)",
    )
    q = table.attrs["extinction_probability"]
    rr = table.attrs["reproduction_number"]
    if not records:
        sec.add("Further meetings each meeting leads to (R)", None, "n/a (no meetings recorded)")
    else:
        sec.add("Further meetings each meeting leads to (R)", rr, f"{rr:.2f}")
    if q >= 0.995:
        sec.lines.append(
            "Without new contacts of your own, the chains of introductions will almost surely stop"
            + (f": each meeting leads to {rr:.2f} further meetings on average (below 1)." if records else ".")
        )
    else:
        sec.lines.append(f"Chance that the chains of introductions from the people you know today die out: {q:.0%}.")
    if what_if is not None:
        base = forecast(
            net,
            seeker=seeker,
            weeks=weeks,
            simulations=simulations,
            seed=seed,
            as_of=as_of,
            prior=prior,
            min_history=min_history,
        )
        r.data["baseline"] = base
        b = base.iloc[-1]
        sec.add("Without the what-if", int(b["median"]), f"about {b['median']:,} contacts ({b['low']:,}-{b['high']:,})")
    r.add_section(sec)
    return r
