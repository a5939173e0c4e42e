"""``referralgraph next``."""

from __future__ import annotations

import json

import click

from ._common import as_of_option, friendly_errors, load_source, seeker_option, source_options


@click.command("next")
@click.argument("source", type=click.Path(exists=True))
@seeker_option("Whose list (needed for a cohort).")
@as_of_option()
@click.option("--target", "targets", multiple=True, metavar="ORG",
              help="An organization you want to get into; repeat for several.")
@click.option("--dormant-days", type=click.IntRange(min=0), default=60, show_default=True,
              help="Days without a touch after which a contact or branch counts as gone quiet.")
@click.option("--limit", type=click.IntRange(min=1), default=5, show_default=True,
              help="At most this many actions per habit (text and markdown).")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="Output format; json lists every action.")
@click.option("--ics", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Also write the actions shown (--limit per habit) to an iCalendar file for your calendar.")
@source_options
@friendly_errors
def next_command(source, seeker, as_of, targets, dormant_days, limit, fmt, ics, lenient, dayfirst, date_format):
    """Print a short, prioritised to-do list, grouped by the networking habit each action serves.

    Habits: thank within 24 hours, ask for introductions, follow through on
    introductions, cultivate your contacts, grow new branches, prepare for
    conversations.

    \b
    Example:
        referralgraph next my-search
        referralgraph next my-search --as-of 2026-04-01 --target Acme --target "Globex Corp"
        referralgraph next my-search --format json > todo.json
        referralgraph next my-search --ics followups.ics    # import it into your calendar
    """
    import referralgraph as rg
    from referralgraph.analysis.actions import HABITS

    net = load_source(source, lenient=lenient, date_format=date_format, dayfirst=dayfirst)
    todo = rg.next_actions(net, today=as_of, seeker=seeker, targets=list(targets), dormant_days=dormant_days)
    signals = rg.habit_signals(net, today=as_of, seeker=seeker, dormant_days=dormant_days)
    if ics:
        rg.actions_to_ics(todo, ics, seeker=seeker or net.seekers[0], as_of=as_of, limit=limit)
    if fmt == "json":
        out = json.loads(todo.to_json(orient="records", date_format="iso"))
        sig = json.loads(signals.to_json(orient="records"))
        click.echo(json.dumps({"actions": out, "signals": sig}, indent=2, ensure_ascii=False))
        return
    md = fmt == "markdown"
    who = seeker or net.seekers[0]
    click.echo(f"# Next actions for {who}" if md else f"Next actions for {who}")
    if not md:
        click.echo("")
    for sig in signals.itertuples(index=False):
        acts = todo[todo["habit"] == sig.habit]
        title = HABITS[sig.habit]
        if sig.verdict in ("not tracked", "no data"):
            measure = sig.verdict
        elif sig.habit == "grow":
            measure = f"R = {sig.value:.2f}, target 1 or more: {sig.verdict}"
        else:
            measure = f"{sig.value:.0%} {sig.signal}, target {sig.target:.0%}: {sig.verdict}"
        click.echo(f"## {title}\n\n_{measure}_\n" if md else f"{title.upper()}  ({measure})")
        if not len(acts):
            click.echo("- nothing to do here right now" if md else "  nothing to do here right now")
        for rec in acts.head(limit).itertuples(index=False):
            if md:
                click.echo(f"{rec.priority}. {rec.action}. _{rec.reason}_")
            else:
                click.echo(f"  {rec.priority}. {rec.action}")
                click.echo(f"     {rec.reason}")
        if len(acts) > limit:
            more = f"... and {len(acts) - limit} more (--limit {len(acts)} shows all)"
            click.echo(more if md else f"  {more}")
        click.echo("")


commands = [next_command]
