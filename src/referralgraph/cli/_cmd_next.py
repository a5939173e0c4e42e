"""``referralgraph next``."""

from __future__ import annotations


import click

from ._common import (
    InputPath,
    OutputPath,
    as_of_option,
    dormant_days_option,
    force_option,
    friendly_errors,
    load_source,
    seeker_option,
    source_options,
)
from ._cmd_report import echo_report


@click.command("next")
@click.argument("source", type=InputPath())
@seeker_option("Whose list (needed for a cohort).")
@as_of_option()
@click.option(
    "--target",
    "targets",
    multiple=True,
    metavar="ORG",
    help="An organization you want to get into; repeat for several.",
)
@dormant_days_option("Days without a touch after which a contact or branch counts as gone quiet.")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="At most this many actions per habit (text and markdown).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="Output format; json holds every action (under data.actions).",
)
@click.option(
    "--ics",
    type=OutputPath(dir_okay=False),
    default=None,
    metavar="FILE",
    help="Also write the actions shown (--limit per habit) to an iCalendar file for your calendar.",
)
@force_option("Replace the --ics file even if it is not a calendar referralgraph wrote (never one of the inputs).")
@source_options
@friendly_errors
def next_command(source, seeker, as_of, targets, dormant_days, limit, fmt, ics, force, lenient, dayfirst, date_format):
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
        (a calendar referralgraph wrote is replaced; another file only with --force)
    """
    import referralgraph as rg

    net = load_source(source, lenient=lenient, date_format=date_format, dayfirst=dayfirst)
    pool = rg.read_pool(source) if targets else None  # the connections pool of imports: warm paths to targets
    if ics:
        todo = rg.next_actions(
            net, as_of=as_of, seeker=seeker, targets=list(targets), dormant_days=dormant_days, connections=pool
        )
        rg.actions_to_ics(todo, ics, seeker=seeker or net.seekers[0], as_of=as_of, limit=limit, overwrite=force)
    result = rg.next_report(
        net, as_of=as_of, seeker=seeker, targets=list(targets), dormant_days=dormant_days, limit=limit, connections=pool
    )
    echo_report(result, fmt)


commands = [next_command]
