"""``referralgraph import-contacts``."""

from __future__ import annotations

import click

from ._common import friendly_errors

_SHOWN = 10  # detail lines printed per kind before "... and N more"


def _echo_some(lines: list[str]) -> None:
    for line in lines[:_SHOWN]:
        click.echo(line)
    if len(lines) > _SHOWN:
        click.echo(f"  ... and {len(lines) - _SHOWN} more")


@click.command("import-contacts")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.argument("directory", metavar="DIR", type=click.Path())
@click.option(
    "--seeker",
    default=None,
    metavar="NAME",
    help="Whose contacts these are. Required to start a new network in DIR (your name); for an "
    "existing network, a seeker id or name (needed when it has several seekers).",
)
@click.option(
    "--date-format",
    default=None,
    metavar="FORMAT",
    help="strptime format tried first for every date in DIR's files, e.g. %d/%m/%Y.",
)
@click.option("--dayfirst/--monthfirst", default=None, help="How to read numeric dates like 03/04/2026 in DIR's files.")
@click.option(
    "--dry-run",
    "dry_run",
    is_flag=True,
    default=False,
    help="Print what would be added to the connections pool and matched; change nothing.",
)
@click.option(
    "--no-pool",
    "no_pool",
    is_flag=True,
    default=False,
    help="Add new people to contacts.csv as direct contacts instead of the connections pool "
    "(connections.csv); they then count in your reach.",
)
@friendly_errors
def import_contacts_command(file, directory, seeker, date_format, dayfirst, dry_run, no_pool):
    """Add contacts from an address book (Google, Outlook, vCard) or LinkedIn export to the network in DIR.

    The format is told by the file's content: Google Contacts CSV, Outlook CSV,
    vCard (.vcf), LinkedIn's Connections.csv, or LinkedIn's Invitations.csv (which
    dates the first contact of people already in the network whose invitation was
    accepted). Contacts are matched by LinkedIn URL, then email, then name; matched
    ones gain what they lack (blank cells filled in; nothing else in DIR's files
    changes); the others, with whom nothing has happened yet, go to the connections
    pool (DIR/connections.csv), which serves warm paths without counting in your
    reach (--no-pool: make them direct contacts). The files changed are kept in
    DIR/.referralgraph-backup until the next import (referralgraph undo-import DIR).
    When DIR holds no network, a new one is started with you (--seeker) as the seeker.

    \b
    Example:
        referralgraph import-contacts contacts.vcf my-search --seeker "Maya Park"
        referralgraph import-contacts google.csv my-search --dry-run
        referralgraph import-contacts google.csv my-search
        referralgraph import-contacts Invitations.csv my-search
    """
    import referralgraph as rg

    fmt = rg.contacts_format(file)
    report = rg.import_contacts(
        file,
        directory,
        seeker=seeker,
        format=fmt,
        date_format=date_format,
        dayfirst=dayfirst,
        dry_run=dry_run,
        pool=not no_pool,
    )
    would = "Would merge" if dry_run else "Merged"
    counts = report["action"].value_counts()
    what = rg.CONTACT_FORMATS[fmt]
    if fmt == "linkedin-invitations":
        dated = int(sum(v for k, v in counts.items() if k.startswith("dated")))
        kept = int(sum(v for k, v in counts.items() if k.startswith("matched")))
        click.echo(
            f"Read {what} {file}: {dated} first-contact dates set, {kept} earlier dates kept, "
            f"{int(counts.get('skipped', 0))} invitations skipped (not accepted or not in the network)."
        )
    else:
        matched = {how: int(counts.get(f"matched-by-{how}", 0)) for how in ("url", "email", "name")}
        pooled, known = int(counts.get("pooled", 0)), int(counts.get("already-in-pool", 0))
        pool_text = f", {pooled} to the connections pool ({known} already there)" if pooled or known else ""
        click.echo(
            f"{would} {what} {file} into {directory}: {int(counts.get('added', 0))} added{pool_text}, "
            f"{sum(matched.values())} matched ({matched['url']} by URL, {matched['email']} by email, "
            f"{matched['name']} by name), {int(counts.get('skipped', 0))} skipped."
        )
        if dry_run:
            _echo_some(
                [
                    f"  would pool row {r.row}: {r.name} ({r.id})"
                    for r in report[report["action"] == "pooled"].itertuples(index=False)
                ]
            )
            _echo_some(
                [
                    f"  would match row {r.row} to {r.id} ({r.action[len('matched-by-') :]})"
                    for r in report[report["action"].str.startswith("matched")].itertuples(index=False)
                ]
            )
    for note in report.attrs.get("notes", []):
        click.echo(f"Note: {note}.")
    if report.attrs.get("backup"):
        click.echo(
            f"The files as they were are in {report.attrs['backup']} (undo: referralgraph undo-import {directory})."
        )
    _echo_some(
        [f"Skipped row {r.row}: {r.detail}" for r in report[report["action"] == "skipped"].itertuples(index=False)]
    )
    kept = report[report["detail"].str.contains("kept ", regex=False).fillna(False).astype(bool)]
    _echo_some([f"  row {r.row} ({r.id}): {r.detail}" for r in kept.itertuples(index=False)])


commands = [import_contacts_command]
