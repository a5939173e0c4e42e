"""``referralgraph import-history``."""

from __future__ import annotations

import click

from ._common import friendly_errors, seeker_option

_SHOWN = 200  # rows of the table printed before "... and N more"
_ORDER = [
    "meeting",
    "thank-you",
    "touch",
    "meeting-recorded",
    "thank-you-recorded",
    "touch-recorded",
    "reply-elsewhere",
    "skipped",
    "unknown",
]


def _table(report) -> list[str]:
    lines = []
    for action in _ORDER:
        part = report[report["action"] == action]
        for r in part.itertuples(index=False):
            when = (
                ""
                if r.date != r.date
                else (f"{r.date:%Y-%m-%d %H:%M}" if r.date != r.date.normalize() else f"{r.date:%Y-%m-%d}")
            )
            who = f"{r.name} ({r.contact})" if r.contact else ""
            where = f" [{r.file.rsplit('/', 1)[-1]}: {r.item}]" if r.file else (f" [{r.item}]" if r.item else "")
            lines.append(f"  {action:<18} {when:<16} {who} {r.why}{where}".rstrip())
    return lines


@click.command("import-history")
@click.argument("source", type=click.Path(exists=True))
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@seeker_option("Whose calendar and mail (needed for a cohort).")
@click.option(
    "--me",
    multiple=True,
    metavar="ADDRESS",
    help="Your own e-mail address (repeat for several); your row's email is used too.",
)
@click.option(
    "--new",
    is_flag=True,
    default=False,
    help="Add calendar attendees who are not contacts (and their meetings); by default they are listed.",
)
@click.option("--dry-run", is_flag=True, default=False, help="Print what would be added and why; write nothing.")
@click.option(
    "--window-days",
    type=int,
    default=7,
    show_default=True,
    help="Days after a meeting within which your first message to that person is its thank-you.",
)
@click.option(
    "--tz", default=None, metavar="ZONE", help="Your time zone, e.g. Europe/Berlin (default: this computer's)."
)
@click.option(
    "--date-format",
    default=None,
    metavar="FORMAT",
    help="strptime format tried first for every date in SOURCE's files, e.g. %d/%m/%Y.",
)
@click.option("--dayfirst/--monthfirst", default=None, help="How to read numeric dates like 03/04/2026 in SOURCE.")
@friendly_errors
def import_history_command(source, files, seeker, me, new, dry_run, window_days, tz, date_format, dayfirst):
    """Fill the search in SOURCE with past meetings, thank-you times and last touches from calendar and mail exports.

    FILE can be an iCalendar export (.ics from Google Calendar, Outlook, Apple
    Calendar, Thunderbird), an mbox archive (Google Takeout, Thunderbird, Apple
    Mail) or an .eml message; the format is told by content. Only dates, addresses,
    names and a few headers are read: no message body is read, stored or printed,
    and nothing leaves this computer. Meetings are appended (never twice for the
    same person and day), blank thank_you_sent cells filled and last_touch set;
    every other byte of SOURCE stays as it was. People who are not contacts are
    listed, not added (unless --new). Run with --dry-run first to see what would be
    added and why.

    \b
    Example:
        referralgraph import-history my-search calendar.ics "Sent.mbox" --dry-run
        referralgraph import-history my-search calendar.ics Sent.mbox --me maya@example.com
    """
    import referralgraph as rg

    report = rg.import_history(
        list(files),
        source,
        seeker=seeker,
        me=list(me),
        new=new,
        window_days=window_days,
        tz=tz,
        dry_run=dry_run,
        date_format=date_format,
        dayfirst=dayfirst,
    )
    counts = report["action"].value_counts()
    n = {a: int(counts.get(a, 0)) for a in _ORDER}
    verb = "Would add" if dry_run else "Added"
    click.echo(
        f"{verb} {n['meeting']} meetings, {n['thank-you']} thank-you times and {n['touch']} last touches "
        f"to {source} ({n['meeting-recorded']} meetings and {n['thank-you-recorded']} thank-yous already "
        f"recorded; {n['unknown']} people or addresses not in the network listed, not added"
        f"{'' if new else ' (--new adds calendar attendees)'})."
    )
    for note in report.attrs.get("notes", []):
        click.echo(f"Note: {note}.")
    lines = _table(report)
    if lines:
        click.echo("  action             date             who and why [file: item]")
    for line in lines[:_SHOWN]:
        click.echo(line)
    if len(lines) > _SHOWN:
        click.echo(f"  ... and {len(lines) - _SHOWN} more")
    if dry_run:
        click.echo("Nothing was written (--dry-run).")


commands = [import_history_command]
