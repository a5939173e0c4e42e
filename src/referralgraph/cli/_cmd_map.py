"""``referralgraph map``."""

from __future__ import annotations

import click

from .._limits import MAP_MAX_NODES
from ._common import (
    InputPath,
    OutputPath,
    as_of_option,
    force_option,
    friendly_errors,
    load_source,
    seeker_option,
    source_options,
)


@click.command("map")
@click.argument("source", type=InputPath())
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=OutputPath(dir_okay=False),
    metavar="FILE.html",
    help="The HTML file to write (one self-contained file); a .png, .svg or .pdf name writes a static "
    "picture of the same map instead.",
)
@click.option(
    "--color-by",
    type=click.Choice(["generation", "field", "organization", "origin", "status"]),
    default="generation",
    show_default=True,
    help="What the colour of a person shows.",
)
@seeker_option("Map only this seeker's tree (default: every tree).")
@click.option(
    "--anonymize",
    is_flag=True,
    default=False,
    help="Pseudonyms instead of names and ids; no e-mails, URLs, phone numbers, notes or tags.",
)
@click.option(
    "--keep",
    "keep",
    multiple=True,
    metavar="COLUMN",
    help="With --anonymize: a descriptive column to keep (repeat it; default: field and source), "
    "generalised so that every description fits at least 5 people.",
)
@click.option(
    "--timeline/--no-timeline", default=True, show_default=True, help="Add the time-lapse slider and play button."
)
@click.option(
    "--aggregate",
    type=click.Choice(["seeker", "organization", "generation-cap"]),
    default=None,
    help="Draw groups instead of people (for large cohorts).",
)
@click.option(
    "--max-generation",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Collapse everyone beyond generation N into one node per branch.",
)
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=MAP_MAX_NODES,
    show_default=True,
    help="Refuse to draw more nodes than this (the default draws a whole 10^5-person cohort).",
)
@click.option("--title", default=None, help="Page title (default: Referral network of <seeker>).")
@as_of_option(
    "Map the network as known on this date (YYYY-MM-DD): later people, introductions and meetings are "
    "left out; --today is the old spelling. Default: see docs/metrics.md, 'The reference date'."
)
@force_option()
@source_options
@friendly_errors
def map_command(
    source,
    output,
    color_by,
    seeker,
    anonymize,
    keep,
    timeline,
    aggregate,
    max_generation,
    max_nodes,
    title,
    as_of,
    force,
    lenient,
    dayfirst,
    date_format,
):
    """Draw an interactive map of the network as one HTML file that works offline.

    Open the file in any browser: hover or click a person, search by name, press
    Play to replay how the network grew, save the view as a PNG. With --anonymize
    the file is safe to send to a coach. A whole cohort (10^5 people) is drawn as is.

    \b
    Example:
        referralgraph map my-search -o map.html
        referralgraph map my-search -o shared.html --anonymize --color-by field
        referralgraph map cohort.xlsx -o cohort.html
        referralgraph map my-search -o map.png
        referralgraph map my-search -o april.html --as-of 2026-04-30
    """
    if keep and not anonymize:
        raise click.UsageError("--keep only makes sense with --anonymize")
    from .. import network_map  # imported when the command runs, so --help stays fast

    net = load_source(source, lenient=lenient, date_format=date_format, dayfirst=dayfirst)
    mapped_anonymize = anonymize
    if keep:  # anonymise here with the columns asked for; the seeker becomes its pseudonym
        from .. import anonymize as _anonymize

        position = net.seeker_position(seeker) if seeker is not None else None
        kept = net.settings
        net = _anonymize(net, keep=keep)
        if kept.as_of is not None:  # the pinned reference date stays (no names in it)
            net = net.with_settings(type(kept)(as_of=kept.as_of))
        seeker = net.seekers[position] if position is not None else None
        mapped_anonymize = False
    from .. import read_pool

    pool = read_pool(source) if not (anonymize or keep) else None  # the connections pool: one folded node
    m = network_map(
        net,
        seeker=seeker,
        color_by=color_by,
        anonymize=mapped_anonymize,
        timeline=timeline,
        aggregate=aggregate,
        max_generation=max_generation,
        max_nodes=max_nodes,
        title=title,
        as_of=as_of,
        connections=pool,
    )
    path = m.save(output, overwrite=force)
    what = f"{m.n_nodes:,} node{'s' if m.n_nodes != 1 else ''}{', anonymised' if anonymize else ''}"
    p = m.payload
    when = f", as of {p.as_of} ({p.as_of_note})" if p.as_of else ""
    click.echo(f"Wrote {path} ({what}{when}, {path.stat().st_size / 1e6:.1f} MB)")


commands = [map_command]
