"""The demo network: one student's four-month search, shipped as CSV files inside the package."""

from __future__ import annotations

import shutil
import tempfile
from importlib import resources
from pathlib import Path

import pandas as pd

from .._docstrings import share_docs
from ..readwrite import load
from ..model import ReferralNetwork

__all__ = ["demo", "demo_tables"]

_FILES = ("contacts", "introductions", "meetings", "opportunities")


def _folder():
    return resources.files("referralgraph.datasets").joinpath("demo")


@share_docs
def demo() -> ReferralNetwork:
    """The demo network: Maya Chen's search for a first UX research role, June to September 2026.

    Maya (id ``maya``), a final-year cognitive science student, reaches ten people
    herself (alumni, a meetup, a career fair, cold emails, LinkedIn, people she
    already knew). Her alumni contact Priya Kapoor starts the best branch: eight
    generations of introductions, through a designer, a research-ops lead, a
    product manager and two Kitewell researchers, to a recruiter who refers her and
    the hiring manager of an associate UX researcher role. Other branches go quiet,
    often after a slow or missing thank-you. Every person and organisation is
    fictional.

    {returns_network}
        86 contacts (Maya included) in 38 organisations and 12 fields;
        85 introductions (67 met, 10 introduced but not yet met, 8 only
        suggested by name) and 74 conversations: 58 thanked within 24 hours, 10
        thanked 30-90 hours later and 6 never; 8 with a handwritten note. It loads
        with no errors and no warnings.

    See Also
    --------
    demo_tables : the same data as the raw tables.
    synthetic_cohort : generated networks of any size.

    Notes
    -----
    Its settings (``referralgraph.toml``) pin the reference date to 2026-09-22, the
    search's last day, so the demo's figures do not change with today's date.
    The files are ``referralgraph/datasets/demo/{contacts,introductions,meetings}.csv``,
    written by ``scripts/make_demo.py`` in the source repository. Dates run from
    2026-06-01 to 2026-09-21, increase down every branch, and every introduction
    is dated on or after the introducer's first conversation with Maya.

    Examples
    --------
    >>> net = rg.demo()
    >>> net
    <ReferralNetwork: 1 seeker, 86 contacts, 85 introductions, 74 meetings>
    >>> net.seekers
    ['maya']
    >>> int(net.index.generation.max())
    8
    >>> net.problems.empty
    True
    """
    folder = _folder()
    if isinstance(folder, Path):
        return load(folder)
    with tempfile.TemporaryDirectory(prefix="referralgraph-demo-") as tmp:  # e.g. installed as a zip
        for name in (*(f"{n}.csv" for n in _FILES), "referralgraph.toml"):
            with folder.joinpath(name).open("rb") as src, open(Path(tmp) / name, "wb") as dst:
                shutil.copyfileobj(src, dst)
        return load(tmp)


def demo_tables() -> dict[str, pd.DataFrame]:
    """The demo's four tables as they are in the files: text cells, blanks as missing.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``contacts``, ``introductions``, ``meetings`` and ``opportunities``, columns as in
        docs/data-format.md; ``from_frames(**demo_tables())`` equals :func:`demo`.
        The frames are new on each call, yours to change.

    See Also
    --------
    demo : the same data loaded and validated as a network.

    Examples
    --------
    >>> tables = rg.demo_tables()
    >>> {name: table.shape for name, table in tables.items()}
    {'contacts': (86, 12), 'introductions': (85, 6), 'meetings': (74, 10), 'opportunities': (14, 8)}
    >>> tables["introductions"]["status"].value_counts().to_dict()
    {'met': 67, 'introduced': 10, 'suggested': 8}
    """
    folder = _folder()
    tables = {}
    for name in _FILES:
        with folder.joinpath(f"{name}.csv").open("rb") as fh:
            tables[name] = pd.read_csv(fh, dtype="str", keep_default_na=False, na_values=[""], encoding="utf-8")
    return tables
