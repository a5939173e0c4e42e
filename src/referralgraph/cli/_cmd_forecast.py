"""``referralgraph forecast``."""

from __future__ import annotations


import click

from ._cmd_report import echo_report
from ._common import (
    InputPath,
    OutputPath,
    as_of_option,
    figure_path,
    force_option,
    friendly_errors,
    load_source,
    seeker_option,
    source_options,
)


def _what_if(values: tuple[str, ...]):
    """Turn ``--what-if`` words into a WhatIf: ask-every-contact, conversion=P, new-per-week=N."""
    import referralgraph as rg

    options: dict = {}
    for raw in values:
        word = raw.strip().lower()
        if word in ("ask-every-contact", "ask"):
            options["ask_every_contact"] = True
            continue
        key, sep, value = word.partition("=")
        names = {
            "conversion": "conversion",
            "new-per-week": "new_contacts_per_week",
            "new-contacts-per-week": "new_contacts_per_week",
        }
        if not sep or key not in names:
            raise click.BadParameter(
                f"expected ask-every-contact, conversion=0.8 or new-per-week=3 (got {raw!r})", param_hint="'--what-if'"
            )
        try:
            number = float(value)
        except ValueError:
            raise click.BadParameter(
                f"{key} needs a number, e.g. {key}=0.8 (got {value!r})", param_hint="'--what-if'"
            ) from None
        options[names[key]] = number
    return rg.WhatIf(**options) if options else None


@click.command("forecast")
@click.argument("source", type=InputPath())
@seeker_option()
@click.option("--weeks", type=click.IntRange(min=1, max=520), default=12, show_default=True, help="Weeks ahead.")
@click.option("--simulations", type=click.IntRange(min=1), default=2000, show_default=True, help="Simulated futures.")
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Random seed: the same seed gives the same numbers.",
)
@click.option(
    "--what-if",
    "what_if",
    multiple=True,
    metavar="SCENARIO",
    help="ask-every-contact, conversion=0.8 or new-per-week=3; repeat to combine.",
)
@as_of_option()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    default=None,
    type=OutputPath(dir_okay=False),
    help="Also draw the fan chart into this .png, .svg or .pdf file.",
)
@force_option()
@source_options
@friendly_errors
def forecast_command(
    source, seeker, weeks, simulations, seed, what_if, as_of, fmt, output, force, lenient, dayfirst, date_format
):
    """Project how many contacts your network will reach, week by week, with an 80% interval.

    A branching-process model fitted to your own history (how many people each
    contact introduces, how soon, how many of them you meet) is simulated many
    times; the table shows the median and the range 8 in 10 futures fall in.

    \b
    Example:
        referralgraph forecast my-search
        referralgraph forecast my-search --weeks 8 -o forecast.png
        referralgraph forecast my-search --what-if ask-every-contact --what-if new-per-week=2
    """
    import referralgraph as rg

    scenario = _what_if(what_if)
    path = None
    if output is not None:
        path = figure_path(output)
        from ..readwrite.files import check_target

        check_target(path, overwrite=force)  # fail before the work, not after
    net = load_source(source, lenient=lenient, date_format=date_format, dayfirst=dayfirst)
    result = rg.forecast_report(
        net,
        seeker=seeker,
        weeks=weeks,
        simulations=simulations,
        seed=seed,
        as_of=as_of,
        what_if=scenario,
        scenario=", ".join(what_if),
    )
    table = result.data["forecast"]
    echo_report(result, fmt)
    if path is not None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
        try:
            rg.plot_forecast(table, ax=ax)
            rg.save_figure(fig, path, overwrite=force)
        finally:
            plt.close(fig)
        click.echo(f"wrote {path}", err=fmt == "json")


commands = [forecast_command]
