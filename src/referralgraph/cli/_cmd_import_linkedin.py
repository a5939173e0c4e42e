"""``referralgraph import-linkedin``."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import InputPath, OutputPath, friendly_errors, source_options

_SHOWN = 10  # detail lines printed per kind before "... and N more"


def _holds_network(folder: Path) -> bool:
    if folder.is_dir() and any(p.name.lower() == "contacts.parquet" for p in folder.iterdir()):
        raise click.ClickException(
            f"{folder} is a folder of Parquet tables, which import-linkedin does not change "
            "in place; expected a folder of CSV files (convert it first: referralgraph export "
            f"{folder} NEW-FOLDER --to csv)"
        )
    return folder.is_dir() and any(p.name.lower() == "contacts.csv" for p in folder.iterdir())


def _echo_some(lines: list[str], *, err: bool = False) -> None:
    for line in lines[:_SHOWN]:
        click.echo(line, err=err)
    if len(lines) > _SHOWN:
        click.echo(f"  ... and {len(lines) - _SHOWN} more", err=err)


@click.command("import-linkedin")
@click.argument("connections", type=InputPath("a LinkedIn export (Connections.csv)", dir_okay=False))
@click.argument("directory", metavar="DIR", type=OutputPath(kind="folder", file_okay=False))
@click.option(
    "--seeker",
    default=None,
    metavar="NAME",
    help="Whose connections these are. Required to start a new network in DIR (your name); "
    "for an existing network, a seeker id or name (needed when it has several seekers).",
)
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
    help="Add new connections to contacts.csv as direct contacts instead of the connections pool "
    "(connections.csv); they then count in your reach.",
)
@click.option(
    "--force",
    is_flag=True,
    default=False,
    hidden=True,
    help="No longer needed: an import only adds rows and fills blank cells (kept for old scripts).",
)
@source_options
@friendly_errors
def import_linkedin_command(connections, directory, seeker, dry_run, no_pool, force, lenient, dayfirst, date_format):
    """Add LinkedIn connections (Connections.csv) to the network in DIR, or start a network there.

    Connections are matched to contacts already in DIR by LinkedIn URL, then email,
    then name; matched contacts keep their values and gain what they lack (blank
    cells filled in; nothing else in your files changes). Connections with whom
    nothing has happened yet go to the connections pool, DIR/connections.csv: they
    serve warm paths (next --target) without counting in your reach, generations
    or map. The files changed are kept in DIR/.referralgraph-backup until the next
    import (referralgraph undo-import DIR puts them back). When DIR holds no network
    (no contacts.csv), a new one is created with you (--seeker) as the seeker.

    \b
    Example:
        referralgraph import-linkedin Connections.csv my-search --seeker "Maya Park"
        referralgraph import-linkedin Connections.csv my-search --dry-run
        referralgraph import-linkedin Connections.csv my-search
    """
    import referralgraph as rg

    folder = Path(directory)
    existing = _holds_network(folder)
    if existing:
        report = rg.import_linkedin(
            connections,
            folder,
            seeker=seeker,
            dry_run=dry_run,
            pool=not no_pool,
            strict=not lenient,
            date_format=date_format,
            dayfirst=dayfirst,
        )
        _print_merge(folder, connections, report, report.attrs["problems"])
        return
    if not existing and (seeker is None or not seeker.strip()):
        raise click.ClickException(
            f'{folder} holds no network (no contacts.csv); to start one there, pass your name: --seeker "Your Name"'
        )
    contacts, problems = rg.read_linkedin(
        connections, problems=True, strict=not lenient, date_format=date_format, dayfirst=dayfirst
    )
    merged, report = rg.from_linkedin(contacts, seeker=seeker, report=True)
    if not dry_run:
        rg.save(merged, folder, format="csv", overwrite=force)
    _print_merge(folder, connections, report, problems, started=True, dry_run=dry_run)


def _print_merge(folder, connections, report, problems, *, started: bool = False, dry_run: bool | None = None) -> None:
    """What an import did (or, with --dry-run, would do), in the same words either way."""
    dry_run = report.attrs.get("dry_run", False) if dry_run is None else dry_run
    is_skip = problems["message"].str.startswith("skipped: ").to_numpy(dtype=bool)
    counts = report["action"].value_counts()
    matched = {how: int(counts.get(f"matched-by-{how}", 0)) for how in ("url", "email", "name")}
    skipped = int(counts.get("skipped", 0)) + int(is_skip.sum())
    pooled, known = int(counts.get("pooled", 0)), int(counts.get("already-in-pool", 0))
    verb = (
        ("Would start a network in" if dry_run else "Started a network in")
        if started
        else ("Would merge into" if dry_run else "Merged")
    )
    pool_text = f", {pooled} to the connections pool ({known} already there)" if pooled or known else ""
    click.echo(
        f"{verb} {folder} from {connections}: {int(counts.get('added', 0))} added{pool_text}, "
        f"{sum(matched.values())} matched ({matched['url']} by URL, {matched['email']} by email, "
        f"{matched['name']} by name), {skipped} skipped."
    )
    for note in report.attrs.get("notes", []):
        click.echo(f"Note: {note}.")
    if report.attrs.get("backup"):
        click.echo(
            f"The files as they were are in {report.attrs['backup']} (undo: referralgraph undo-import {folder})."
        )
    if dry_run:
        _echo_some(
            [
                f"  would pool row {int(r.row)}: {r.name} ({r.id})"
                for r in report[report["action"] == "pooled"].itertuples(index=False)
            ]
        )
        _echo_some(
            [
                f"  would match row {int(r.row)} to {r.id} ({r.action[len('matched-by-') :]})"
                for r in report[report["action"].str.startswith("matched")].itertuples(index=False)
            ]
        )

    import pandas as pd

    def where(row) -> str:
        return f"row {int(row)}: " if pd.notna(row) else ""

    _echo_some([f"Warning: {where(p.row)}{p.message}" for p in problems[~is_skip].itertuples(index=False)], err=True)
    skipped_rows = sorted(
        [(int(p.row), p.message[len("skipped: ") :]) for p in problems[is_skip].itertuples(index=False)]
        + [(int(r.row), r.detail) for r in report[report["action"] == "skipped"].itertuples(index=False)]
    )
    _echo_some([f"Skipped row {row}: {why}" for row, why in skipped_rows])
    kept = report[
        report["action"].str.startswith("matched")
        & report["detail"].str.contains("kept ", regex=False).fillna(False).astype(bool)
    ]
    if len(kept):
        click.echo(
            f"{len(kept)} matched contact{'s differ' if len(kept) != 1 else ' differs'} from LinkedIn; "
            "the network's values were kept:"
        )
        _echo_some([f"  row {int(r.row)} ({r.id}): {r.detail}" for r in kept.itertuples(index=False)])


commands = [import_linkedin_command]
