"""``referralgraph settings``: show and change the settings kept with a network (docs/settings.md)."""

from __future__ import annotations

import click

from ._common import InputPath, clean_text, friendly_errors


@click.command("settings")
@click.argument("source", type=InputPath())
@click.option(
    "--set",
    "assignments",
    multiple=True,
    metavar="KEY=VALUE",
    help="Change a setting (repeat for several); an empty value removes it, e.g. --set as_of=",
)
@friendly_errors
def settings_command(source, assignments):
    """Show or change the settings kept with the network in SOURCE.

    They live in SOURCE/referralgraph.toml (a 'settings' sheet in a workbook):
    date_order, seeker, targets, cadence_days, as_of. Every command reads them;
    its options override them. A change is written atomically.

    \b
    Example:
        referralgraph settings my-search
        referralgraph settings my-search --set date_order=monthfirst --set "targets=Kitewell, Northwind"
        referralgraph settings my-search --set as_of=2026-06-30
        referralgraph settings my-search --set as_of=
    """
    from ..exceptions import OptionError
    from ..model.settings import SETTINGS_KEYS
    from ..readwrite.settings import parse_assignment, read_settings, settings_path, write_settings

    changes = {}
    for text in assignments:
        try:
            key, value = parse_assignment(text)
        except OptionError as exc:
            raise click.ClickException(clean_text(str(exc))) from None
        changes[key] = value
    kept = write_settings(source, changes) if changes else read_settings(source)
    values = kept.values()
    where = settings_path(source)
    if changes:
        click.echo(clean_text(f"Saved {len(changes)} setting{'s' if len(changes) != 1 else ''} in {where}"))
    else:
        click.echo(clean_text(f"Settings in {where}" + ("" if values else " (none yet)")))
    width = max(map(len, SETTINGS_KEYS))
    for key, about in SETTINGS_KEYS.items():
        value = values.get(key)
        shown = ", ".join(value) if isinstance(value, list) else "(not set)" if value is None else str(value)
        click.echo(clean_text(f"  {key:<{width}}  {shown:<20}  {about}"))


commands = [settings_command]
