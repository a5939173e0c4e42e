"""``referralgraph import-linkedin``."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import InputPath, OutputPath, friendly_errors, load_source, source_options

_SHOWN = 10  # detail lines printed per kind before "... and N more"


def _holds_network(folder: Path) -> bool:
    return folder.is_dir() and any(p.name.lower() == "contacts.csv" for p in folder.iterdir())


def _echo_some(lines: list[str], *, err: bool = False) -> None:
    for line in lines[:_SHOWN]:
        click.echo(line, err=err)
    if len(lines) > _SHOWN:
        click.echo(f"  ... and {len(lines) - _SHOWN} more", err=err)


@click.command("import-linkedin")
@click.argument("connections", type=InputPath("a LinkedIn export (Connections.csv)", dir_okay=False))
@click.argument("directory", metavar="DIR", type=OutputPath(kind="folder", file_okay=False))
@click.option("--seeker", default=None, metavar="NAME",
              help="Whose connections these are. Required to start a new network in DIR (your name); "
                   "for an existing network, a seeker id or name (needed when it has several seekers).")
@click.option("--force", is_flag=True, default=False,
              help="Write the merged network back into DIR, replacing its contacts.csv, introductions.csv "
                   "and meetings.csv.")
@source_options
@friendly_errors
def import_linkedin_command(connections, directory, seeker, force, lenient, dayfirst, date_format):
    """Add LinkedIn connections (Connections.csv) to the network in DIR, or start a network there.

    Connections are matched to contacts already in DIR by LinkedIn URL, then email,
    then exact name; matched contacts keep their values and gain what they lack,
    the others become new direct contacts of the seeker. When DIR holds no network
    (no contacts.csv), a new one is created with you (--seeker) as the seeker.
    Rewriting an existing network needs --force.

    \b
    Example:
        referralgraph import-linkedin Connections.csv my-search --seeker "Maya Park"
        referralgraph import-linkedin Connections.csv my-search --force
    """
    import referralgraph as rg

    folder = Path(directory)
    existing = _holds_network(folder)
    if existing and not force:
        raise click.ClickException(f"{folder} already holds a network (contacts.csv); importing rewrites its CSV "
                                   "files: pass --force to merge the connections into it")
    if not existing and (seeker is None or not seeker.strip()):
        raise click.ClickException(f"{folder} holds no network (no contacts.csv); to start one there, "
                                   "pass your name: --seeker \"Your Name\"")
    contacts, problems = rg.read_linkedin(connections, problems=True, strict=not lenient,
                                          date_format=date_format, dayfirst=dayfirst)
    if existing:
        net = load_source(folder, lenient=lenient, date_format=date_format, dayfirst=dayfirst)
        merged, report = rg.merge_linkedin(net, contacts, seeker=seeker, report=True)
    else:
        merged, report = rg.from_linkedin(contacts, seeker=seeker, report=True)
    rg.save(merged, folder, format="csv", overwrite=force)

    is_skip = problems["message"].str.startswith("skipped: ").to_numpy(dtype=bool)
    counts = report["action"].value_counts()
    matched = {how: int(counts.get(f"matched-by-{how}", 0)) for how in ("url", "email", "name")}
    skipped = int(counts.get("skipped", 0)) + int(is_skip.sum())
    verb = "Merged" if existing else "Started a network in"
    click.echo(f"{verb} {folder} from {connections}: {int(counts.get('added', 0))} added, {sum(matched.values())} "
               f"matched ({matched['url']} by URL, {matched['email']} by email, {matched['name']} by name), "
               f"{skipped} skipped.")

    import pandas as pd

    def where(row) -> str:
        return f"row {int(row)}: " if pd.notna(row) else ""

    _echo_some([f"Warning: {where(p.row)}{p.message}" for p in problems[~is_skip].itertuples(index=False)], err=True)
    skipped_rows = sorted(
        [(int(p.row), p.message[len("skipped: "):]) for p in problems[is_skip].itertuples(index=False)]
        + [(int(r.row), r.detail) for r in report[report["action"] == "skipped"].itertuples(index=False)])
    _echo_some([f"Skipped row {row}: {why}" for row, why in skipped_rows])
    kept = report[report["action"].str.startswith("matched") & report["detail"].str.contains("kept ", regex=False)
                  .fillna(False).astype(bool)]
    if len(kept):
        click.echo(f"{len(kept)} matched contact{'s differ' if len(kept) != 1 else ' differs'} from LinkedIn; "
                   "the network's values were kept:")
        _echo_some([f"  row {int(r.row)} ({r.id}): {r.detail}" for r in kept.itertuples(index=False)])


commands = [import_linkedin_command]
