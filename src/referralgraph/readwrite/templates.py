"""Input templates: a folder of CSV files with the right columns and two example rows each."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from ._schema import COLUMNS, READ_TABLES
from .tables import _write_csv_folder

__all__ = ["write_template"]

PathLike = str | os.PathLike

# ---------------------------------------------------------------------------- template
_TEMPLATE = {
    "contacts": [
        {
            "id": "maya",
            "name": "Maya Chen",
            "organization": "State University",
            "role": "MPH student",
            "field": "public health",
            "email": "maya.chen@example.edu",
            "linkedin": "",
            "first_contact": "",
            "source": "",
            "tags": "",
            "notes": "This row is you, the job seeker",
            "is_seeker": "true",
        },
        {
            "id": "priya",
            "name": "Priya Natarajan",
            "organization": "Northwind Health",
            "role": "Product Manager",
            "field": "health tech",
            "email": "priya@example.com",
            "linkedin": "https://www.linkedin.com/in/priya-natarajan-example",
            "first_contact": "2026-01-12",
            "source": "alumni",
            "tags": "alumni;product",
            "notes": "Met at the alumni mixer",
            "is_seeker": "false",
        },
        {
            "id": "jordan",
            "name": "Jordan Alvarez",
            "organization": "City Health Department",
            "role": "Epidemiologist",
            "field": "public health",
            "email": "",
            "linkedin": "",
            "first_contact": "2026-01-27",
            "source": "referral",
            "tags": "government",
            "notes": "Introduced by Priya",
            "is_seeker": "false",
        },
    ],
    "introductions": [
        {
            "introducer": "maya",
            "introduced": "priya",
            "date": "2026-01-12",
            "seeker": "maya",
            "status": "met",
            "notes": "Direct contact: the introducer is the seeker",
        },
        {
            "introducer": "priya",
            "introduced": "jordan",
            "date": "2026-01-27",
            "seeker": "maya",
            "status": "met",
            "notes": "Priya cc'd us both by email",
        },
    ],
    "meetings": [
        {
            "contact": "priya",
            "date": "2026-01-20 16:00",
            "seeker": "maya",
            "kind": "coffee",
            "asked_for_introductions": "yes",
            "thank_you_sent": "2026-01-20 21:15",
            "handwritten_note": "no",
            "questions_prepared": "yes",
            "takeaways": "Product roles value field experience",
            "notes": "Offered to introduce Jordan",
        },
        {
            "contact": "jordan",
            "date": "2026-02-03 10:30",
            "seeker": "maya",
            "kind": "informational-interview",
            "asked_for_introductions": "no",
            "thank_you_sent": "2026-02-04 09:00",
            "handwritten_note": "2026-02-06",
            "questions_prepared": "yes",
            "takeaways": "Look at the fellowship program in spring",
            "notes": "",
        },
    ],
    "opportunities": [
        {
            "opportunity": "cityhealth-fellow",
            "contact": "jordan",
            "organization": "City Health Department",
            "role": "Epidemiology Fellow",
            "stage": "referred",
            "date": "2026-02-10",
            "seeker": "maya",
            "notes": "Jordan passed my resume to the program lead",
        },
        {
            "opportunity": "cityhealth-fellow",
            "contact": "jordan",
            "organization": "City Health Department",
            "role": "Epidemiology Fellow",
            "stage": "applied",
            "date": "2026-02-12",
            "seeker": "maya",
            "notes": "",
        },
    ],
}


def write_template(folder: PathLike, *, overwrite: bool = False) -> Path:
    """Write template input files to fill in: ``contacts.csv``, ``introductions.csv``, ``meetings.csv``, ``opportunities.csv``.

    Each file has every documented column as its header and example rows (a
    seeker, two contacts, the two introductions that connect them, two
    conversations and two steps of an opportunity) that :func:`referralgraph.validate` accepts without errors.
    Replace them with your own rows.

    Parameters
    ----------
    folder : path
        The folder to write into; created if it does not exist.
    overwrite : bool, default False
        Replace template files that already exist there.

    Returns
    -------
    pathlib.Path
        The folder.

    Raises
    ------
    OverwriteError
        If any of the files exists and ``overwrite`` is false; nothing is written then.
    SchemaError
        If ``folder`` is a file.

    Examples
    --------
    >>> import referralgraph as rg, tempfile, pathlib
    >>> folder = rg.write_template(pathlib.Path(tempfile.mkdtemp()) / "my-search")
    >>> rg.load(folder)
    <ReferralNetwork: 1 seeker, 3 contacts, 2 introductions, 2 meetings>
    """
    cells = {t: pd.DataFrame(_TEMPLATE[t], columns=list(COLUMNS[t])) for t in READ_TABLES}
    return _write_csv_folder(Path(folder), cells, overwrite=overwrite)
