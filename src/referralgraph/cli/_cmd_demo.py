"""``referralgraph demo``."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import OutputPath, force_option, friendly_errors

#: what the demo writes inside --out, in order
OUTPUTS = ("network", "map.html", "growth.png", "tree.png", "report.md")


@click.command("demo")
@click.option(
    "--out",
    "out",
    default="referralgraph-demo",
    show_default=True,
    type=OutputPath(kind="folder", names=OUTPUTS[1:], file_okay=False),
    metavar="DIR",
    help="Folder to write the demo into (created if missing).",
)
@force_option("Replace demo files already in DIR.")
@friendly_errors
def demo_command(out, force):
    """Write the demo search (one student's four months of networking) and print its report.

    DIR gets the network as CSV files (network/), an interactive map (map.html: open
    it in a browser), two plots (growth.png, tree.png) and the report (report.md).

    \b
    Example:
        referralgraph demo --out demo-output
        referralgraph report demo-output/network --seeker maya
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import referralgraph as rg

    folder = Path(out)
    targets = [folder / name for name in OUTPUTS]
    existing = [str(p) for p in targets if p.exists()]
    if existing and not force:
        raise click.ClickException(f"{', '.join(existing)} already exist; expected a new folder, or --force to replace")
    folder.mkdir(parents=True, exist_ok=True)

    net = rg.demo()
    rg.save(net, targets[0], format="csv", overwrite=force)
    rg.network_map(net).save(targets[1], overwrite=force)
    for target, draw, size in ((targets[2], rg.plot_growth, (8, 4.5)), (targets[3], rg.plot_tree, (10, 12))):
        fig, ax = plt.subplots(figsize=size, layout="constrained")
        try:
            draw(net, ax=ax)
            rg.save_figure(fig, target, overwrite=force)
        finally:
            plt.close(fig)
    report = rg.report(net)
    from ..readwrite.files import write_text

    write_text(targets[4], report.to_markdown(), overwrite=force)
    click.echo(report.to_text())
    click.echo("")
    click.echo(f"Wrote {folder}/: network/ (CSV), map.html (open it in a browser), growth.png, tree.png, report.md")


commands = [demo_command]
