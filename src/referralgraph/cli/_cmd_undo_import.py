"""``referralgraph undo-import``."""

from __future__ import annotations

import click

from ._common import friendly_errors


@click.command("undo-import")
@click.argument("directory", metavar="DIR", type=click.Path(exists=True))
@friendly_errors
def undo_import_command(directory):
    """Put back the files the last import-linkedin or import-contacts changed in DIR.

    Every import keeps the files it changes, as they were, in DIR/.referralgraph-backup
    until the next import; a connections pool (connections.csv) the import created is
    removed. The backup is used once.

    \b
    Example:
        referralgraph import-linkedin Connections.csv my-search
        referralgraph undo-import my-search
    """
    import referralgraph as rg

    for line in rg.undo_import(directory):
        click.echo(f"{line[:1].upper()}{line[1:]}.")


commands = [undo_import_command]
