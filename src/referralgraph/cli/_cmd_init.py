"""``referralgraph init``."""

from __future__ import annotations

import click

from ._common import OutputPath, force_option, friendly_errors


@click.command("init")
@click.argument("folder", type=OutputPath(kind="folder", file_okay=False))
@force_option("Replace template files that already exist.")
@friendly_errors
def init_command(folder, force):
    """Start your own network: write contacts.csv, introductions.csv and meetings.csv to FOLDER.

    Each file has every column as its header and two or three example rows (you,
    two contacts, how you met them); replace them with your own. Existing files
    are never replaced unless you pass --force.

    \b
    Example:
        referralgraph init my-search
        referralgraph validate my-search
    """
    from .. import write_template

    written = write_template(folder, overwrite=force)
    click.echo(
        f"Wrote {written / 'contacts.csv'}, {written / 'introductions.csv'} and "
        f"{written / 'meetings.csv'}.\nEdit them (a spreadsheet program works), then run: "
        f"referralgraph validate {folder}"
    )


commands = [init_command]
