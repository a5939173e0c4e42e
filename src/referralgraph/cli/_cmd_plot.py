"""``referralgraph plot``."""

from __future__ import annotations


import click

from ._common import (
    InputPath,
    OutputPath,
    as_of_option,
    figure_path,
    force_option,
    friendly_errors,
    load_source,
    source_options,
)

KINDS = ("growth", "generations", "tree", "funnel", "thank-you")
#: figure size (inches) per kind; the tree grows with the number of people drawn
#: the tree figure is tall enough for names up to this many people
TREE_LABELS = 300
SIZES = {"growth": (8, 4.5), "generations": (7, 4.5), "funnel": (8, 4), "thank-you": (8, 4.5)}


@click.command("plot")
@click.argument("source", type=InputPath())
@click.option("--kind", required=True, type=click.Choice(KINDS), help="Which plot to draw.")
@click.option(
    "-o",
    "--output",
    required=True,
    type=OutputPath(dir_okay=False),
    help="File to write; the format follows the suffix: .png, .svg or .pdf.",
)
@click.option(
    "--seeker",
    default=None,
    metavar="ID",
    help="Whose network. By default the only seeker, or the whole cohort (added up; every tree for --kind tree).",
)
@click.option("--by-generation", is_flag=True, default=False, help="growth: stack the areas by generation.")
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=2000,
    show_default=True,
    help="tree: refuse to draw more people than this.",
)
@click.option(
    "--dpi",
    type=click.IntRange(min=10, max=1200),
    default=150,
    show_default=True,
    help="Resolution of a .png (dots per inch).",
)
@as_of_option(
    "Draw the network as known on this date (YYYY-MM-DD); --today is the old spelling. "
    "Default: see docs/metrics.md, 'The reference date'."
)
@force_option()
@source_options
@friendly_errors
def plot_command(
    source, kind, output, seeker, by_generation, max_nodes, dpi, as_of, force, lenient, dayfirst, date_format
):
    """Draw a static plot of a network into a .png, .svg or .pdf file.

    \b
    Kinds:
        growth       contacts over time (--by-generation stacks generations)
        generations  how many people each generation of introductions reached
        tree         the referral tree, layered by generation (names up to 300 people)
        funnel       asked for introductions -> people introduced -> met
        thank-you    hours to each thank-you, with the 24-hour line

    \b
    Example:
        referralgraph plot my-search --kind growth -o growth.png
        referralgraph plot cohort.xlsx --kind tree --seeker maya -o tree.svg --force
    """
    path = figure_path(output)
    from ..readwrite.files import check_target

    check_target(path, overwrite=force)  # fail before the work, not after
    net = load_source(source, lenient=lenient, date_format=date_format, dayfirst=dayfirst)
    from ..analysis.facts import resolve

    net, day = resolve(net, as_of)  # the network report and next measure on the same reference date

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import referralgraph as rg

    if kind == "tree":
        people = _tree_people(net, seeker)
        size = (10, min(max(4.0, 0.13 * people + 2), 60.0))  # tall enough for one line of text per leaf
    else:
        size = SIZES[kind]
    fig, ax = plt.subplots(figsize=size, layout="constrained")
    try:
        if kind == "growth":
            rg.plot_growth(net, seeker=seeker, by_generation=by_generation, ax=ax)
        elif kind == "generations":
            rg.plot_generations(net, seeker=seeker, ax=ax)
        elif kind == "tree":
            rg.plot_tree(net, seeker=seeker, max_nodes=max_nodes, labels=people <= TREE_LABELS, ax=ax)
        elif kind == "funnel":
            rg.plot_funnel(net, seeker=seeker, ax=ax)
        else:
            rg.plot_thank_you(net, seeker=seeker, ax=ax)
        rg.save_figure(fig, path, overwrite=force, dpi=dpi)
    finally:
        plt.close(fig)
    click.echo(f"wrote {path} (as of {day:%Y-%m-%d})" if day is not None else f"wrote {path} (no dates in the data)")


def _tree_people(net, seeker) -> int:
    """How many people the tree drawing holds (for the figure height); 0 when the seeker is unknown."""
    ix = net.index
    if seeker is None:
        return len(ix)
    if seeker not in net.seekers:
        return 0  # plot_tree raises the error with the list of seekers
    k = net.seekers.index(seeker)
    return int(ix.offsets[k + 1] - ix.offsets[k])


commands = [plot_command]
