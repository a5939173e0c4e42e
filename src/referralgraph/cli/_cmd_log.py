"""``referralgraph log meeting | intro | thanks``: record what happened without opening a spreadsheet."""

from __future__ import annotations

import click

from ..model.vocabulary import STATUSES
from ._common import CONTEXT_SETTINGS, friendly_errors, seeker_option

_SOURCE = click.argument("source", type=click.Path(exists=True))


def _date_options(func):
    func = click.option(
        "--dayfirst/--monthfirst", default=None, help="How to read numeric dates like 03/04/2026 in the files."
    )(func)
    func = click.option(
        "--date-format",
        default=None,
        metavar="FORMAT",
        help="strptime format tried first for every date in the files, e.g. %d/%m/%Y.",
    )(func)
    return func


def _confirm(entry) -> None:
    files = ", ".join(sorted({click.format_filename(f) for f in entry["files"]}))
    notes = f" ({'; '.join(entry['notes'])})" if entry["notes"] else ""
    click.echo(f"Logged {entry['logged']} in {files}{notes}. Next: {entry['next']}.")


@click.group("log", context_settings=CONTEXT_SETTINGS)
def log_group() -> None:
    """Log a conversation, an introduction, a thank-you or an opportunity into the files of SOURCE.

    One row is appended to the CSV file (or the sheet of the workbook) and nothing
    else in the files changes. The row is checked with the same rules as
    `referralgraph validate` first. People are found by id or by a name only one
    contact has; someone new is added only with --new.

    \b
    Example:
        referralgraph log meeting my-search "Ana Ortiz" --new --org Fernway --kind coffee --asked
        referralgraph log thanks my-search "Ana Ortiz"
        referralgraph log intro my-search "Ana Ortiz" "Sam Reed" --new --status suggested
        referralgraph log opportunity my-search "Ana Ortiz" --org Fernway --role Analyst --stage referred
    """


@log_group.command("meeting")
@_SOURCE
@click.argument("person")
@click.option("--date", default=None, metavar="DATETIME", help="When you talked (YYYY-MM-DD HH:MM). Default: now.")
@click.option(
    "--kind", default=None, metavar="KIND", help="informational-interview, call, coffee, email, event or other."
)
@click.option("--asked/--not-asked", default=None, help="Whether you asked who else you should talk to.")
@click.option("--questions-prepared/--no-questions-prepared", default=None, help="Whether you prepared questions.")
@click.option("--takeaways", default=None, metavar="TEXT", help="What you learned.")
@click.option("--thanked", default=None, metavar="DATETIME", help="When you sent the thank-you, if you did.")
@click.option("--notes", "--note", "notes", default=None, metavar="TEXT", help="Anything else.")
@click.option("--new", is_flag=True, default=False, help="PERSON is someone new: add them as a contact.")
@click.option("--org", "organization", default=None, metavar="ORG", help="Their organization (with --new).")
@click.option("--role", default=None, metavar="ROLE", help="Their role (with --new).")
@click.option("--field", default=None, metavar="FIELD", help="Their field (with --new).")
@seeker_option("Whose conversation (needed for a cohort).")
@_date_options
@friendly_errors
def meeting_command(
    source,
    person,
    date,
    kind,
    asked,
    questions_prepared,
    takeaways,
    thanked,
    notes,
    new,
    organization,
    role,
    field,
    seeker,
    date_format,
    dayfirst,
):
    """Log a conversation with PERSON (an id or a name) and print what is due next.

    \b
    Example:
        referralgraph log meeting my-search "Ana Ortiz" --date "2026-10-06 18:00" --kind coffee --asked
    """
    import referralgraph as rg

    entry = rg.append_meeting(
        source,
        person,
        date=date,
        kind=kind,
        asked=asked,
        questions_prepared=questions_prepared,
        takeaways=takeaways,
        thanked=thanked,
        notes=notes,
        seeker=seeker,
        new=new,
        organization=organization,
        role=role,
        field=field,
        date_format=date_format,
        dayfirst=dayfirst,
    )
    _confirm(entry)


@log_group.command("intro")
@_SOURCE
@click.argument("introducer")
@click.argument("new_person")
@click.option("--date", default=None, metavar="DATE", help="When (YYYY-MM-DD). Default: today.")
@click.option(
    "--status",
    type=click.Choice(STATUSES),
    default="introduced",
    show_default=True,
    help="suggested: they offered; introduced: they did; met: you talked.",
)
@click.option("--new", is_flag=True, default=False, help="NEW_PERSON is not a contact yet: add them.")
@click.option("--org", "organization", default=None, metavar="ORG", help="The new person's organization.")
@click.option("--role", default=None, metavar="ROLE", help="The new person's role.")
@click.option("--field", default=None, metavar="FIELD", help="The new person's field.")
@click.option("--notes", "--note", "notes", default=None, metavar="TEXT", help="Anything else.")
@seeker_option("Whose introduction (needed for a cohort).")
@_date_options
@friendly_errors
def intro_command(
    source, introducer, new_person, date, status, new, organization, role, field, notes, seeker, date_format, dayfirst
):
    """Log that INTRODUCER introduced you to NEW_PERSON (or offered to) and print what is due next.

    Logging the same introduction again with another --status moves it on
    (suggested -> introduced -> met) instead of adding a second row.

    \b
    Example:
        referralgraph log intro my-search "Ana Ortiz" "Sam Reed" --new --org Fernway --status suggested
    """
    import referralgraph as rg

    entry = rg.append_introduction(
        source,
        introducer,
        new_person,
        date=date,
        status=status,
        organization=organization,
        role=role,
        field=field,
        notes=notes,
        seeker=seeker,
        new=new,
        date_format=date_format,
        dayfirst=dayfirst,
    )
    _confirm(entry)


@log_group.command("thanks")
@_SOURCE
@click.argument("person")
@click.option("--date", default=None, metavar="DATETIME", help="When you sent it. Default: now.")
@click.option("--handwritten", is_flag=True, default=False, help="A handwritten note (sets handwritten_note).")
@seeker_option("Whose conversation (needed for a cohort).")
@_date_options
@friendly_errors
def thanks_command(source, person, date, handwritten, seeker, date_format, dayfirst):
    """Record the thank-you for your latest conversation with PERSON.

    \b
    Example:
        referralgraph log thanks my-search "Ana Ortiz"
        referralgraph log thanks my-search ana-ortiz --handwritten --date 2026-10-09
    """
    import referralgraph as rg

    entry = rg.append_thanks(
        source, person, date=date, handwritten=handwritten, seeker=seeker, date_format=date_format, dayfirst=dayfirst
    )
    _confirm(entry)


@log_group.command("opportunity")
@_SOURCE
@click.argument("person")
@click.option("--org", "organization", default=None, metavar="ORG", help="The organization of the opening.")
@click.option("--role", default=None, metavar="ROLE", help="The job.")
@click.option(
    "--stage",
    default="lead",
    show_default=True,
    metavar="STAGE",
    help="lead, referred, applied, interview, offer, accepted, declined, rejected or withdrawn "
    "(any case; synonyms such as 'phone screen' or 'hired').",
)
@click.option("--date", default=None, metavar="DATE", help="The day of this step (YYYY-MM-DD). Default: today.")
@click.option(
    "--id",
    "opportunity_id",
    default=None,
    metavar="ID",
    help="The opportunity's id. Default: the one logged with the same --org and --role, or a new one.",
)
@click.option("--notes", "--note", "notes", default=None, metavar="TEXT", help="Anything else.")
@click.option("--new", is_flag=True, default=False, help="PERSON is someone new: add them as a contact.")
@seeker_option("Whose opportunity (needed for a cohort).")
@_date_options
@friendly_errors
def opportunity_command(
    source, person, organization, role, stage, date, opportunity_id, notes, new, seeker, date_format, dayfirst
):
    """Log a step of an opening that came through PERSON (a lead, a referral, an interview, an offer).

    Steps of the same opening share its id (found from --org and --role, or given
    with --id), so its history is kept; the confirmation says what is due next:
    after an interview or an offer, to tell everyone on the chain that led to it.

    \b
    Example:
        referralgraph log opportunity my-search "Omar Farah" --org Kitewell --role "Associate UX Researcher" --stage referred
        referralgraph log opportunity my-search "Omar Farah" --org Kitewell --stage interview --date 2026-09-18
    """
    import referralgraph as rg

    entry = rg.append_opportunity(
        source,
        person,
        organization=organization,
        role=role,
        stage=stage,
        date=date,
        id=opportunity_id,
        notes=notes,
        seeker=seeker,
        new=new,
        date_format=date_format,
        dayfirst=dayfirst,
    )
    _confirm(entry)


commands = [log_group]
