"""Read LinkedIn's ``Connections.csv`` export and merge it into a referral network.

The public functions; the reader's steps live in ``_linkedin_read.py``, the merge's in
``_linkedin_merge.py``, and the keys every importer matches people by in ``_identity.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .._checks import check_network
from ..exceptions import OptionError
from ..model import ReferralNetwork

# _name_key and _normalize_url stay importable from here: readwrite/contacts.py reads them from this module
from ._identity import HIDDEN_NAME, _name_key, _normalize_url, _resolve_seeker, _slug  # noqa: F401
from ._linkedin_merge import (
    _add_new,
    _connections,
    _dated,
    _direct_links,
    _fill_matched,
    _match,
    _Merge,
    _report,
    _warn_report,
    earliest_activity,
)
from ._linkedin_read import _read, _warn_problems
from .tables import from_frames

__all__ = ["read_linkedin", "merge_linkedin", "from_linkedin", "HIDDEN_NAME"]

PathLike = str | os.PathLike


# ---------------------------------------------------------------------- public API
def read_linkedin(
    path: PathLike,
    *,
    problems: bool = False,
    strict: bool = True,
    date_format: str | None = None,
    dayfirst: bool | None = None,
):
    """Read LinkedIn's ``Connections.csv`` export as a contacts table.

    The header is found by its content (the first of the first 20 lines with the
    cells ``First Name`` and ``Last Name``), so all three shapes of the export are
    read: recent ones that open with a ``Notes:`` paragraph, older ones that start
    with the header, and those from before mid-2023 without a ``URL`` column. The
    file may be UTF-8 (with or without BOM) or Windows-1252.

    Parameters
    ----------
    path : path
        The ``Connections.csv`` file.
    problems : bool, default False
        Also return the problem table. Without it, problems that did not stop the
        read (hidden names, a cp1252 file, ...) are summed up in one
        :class:`UserWarning`.
    strict : bool, default True
        Raise :class:`~referralgraph.ValidationError` when a ``Connected On`` cell
        is not a date. With ``strict=False`` such a cell becomes missing and the
        error stays in the problem table.
    date_format : str, optional
        A :func:`~datetime.datetime.strptime` format tried first for ``Connected On``.
    dayfirst : bool, optional
        How to read numeric dates such as 03/04/2026 (LinkedIn writes ``08 Feb 2026``).

    Returns
    -------
    contacts : pandas.DataFrame
        In referralgraph's contacts format, one row per connection, columns
        ``id, name, organization, role, email, linkedin, first_contact, source``:

        - ``id``: a slug of the name (``José Müller`` -> ``jose-muller``), made
          unique in file order with ``-2``, ``-3``, ...; for a hidden name, the last
          part of the URL (``linkedin.com/in/a1b2c3`` -> ``a1b2c3``);
        - ``name``: First Name and Last Name joined, or :data:`HIDDEN_NAME`;
        - ``organization``, ``role``, ``email``, ``linkedin``: Company, Position,
          Email Address and URL as written (blank -> missing);
        - ``first_contact``: Connected On (``datetime64``);
        - ``source``: ``linkedin``.

        The index, named ``row``, is the line of each connection in the file, the
        row number a spreadsheet shows.
    problems : pandas.DataFrame
        Only with ``problems=True``: columns ``file, row, column, severity, message``.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    SchemaError
        If the file is empty or has no LinkedIn header in its first 20 lines; the
        message shows the expected header and the file's first line.
    ValidationError
        If the file cannot be read as CSV text, or (with ``strict``) a
        ``Connected On`` cell is not a date; the message names file, row and column.

    See Also
    --------
    merge_linkedin : add the connections to a network.
    from_linkedin : start a network from the export alone.

    Notes
    -----
    A connection whose First Name and Last Name are both blank (a member who hides
    their name) is kept as :data:`HIDDEN_NAME` when the row has a URL, which then
    gives the id and lets a later import match the same person. Without a URL
    nothing identifies the person, so the row is left out and reported as a warning
    whose message starts with ``skipped:``. Either way the row is in the problem table.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "Connections.csv"
    >>> _ = path.write_text(
    ...     'Notes:\\n"Some email addresses may be missing."\\n\\n'
    ...     "First Name,Last Name,URL,Email Address,Company,Position,Connected On\\n"
    ...     'Ann,Lee,https://www.linkedin.com/in/ann-lee,,"Acme, Inc.",Analyst,08 Feb 2026\\n')
    >>> contacts = rg.read_linkedin(path)
    >>> contacts.reset_index()[["row", "id", "name", "organization", "first_contact"]]
       row       id     name organization first_contact
    0    5  ann-lee  Ann Lee   Acme, Inc.    2026-02-08
    """
    contacts, found = _read(Path(path), strict=strict, date_format=date_format, dayfirst=dayfirst)
    if problems:
        return contacts, found
    _warn_problems(found, stacklevel=2)
    return contacts


def merge_linkedin(net: ReferralNetwork, connections, *, seeker: str | None = None, report: bool = False):
    """Add LinkedIn connections to a network as direct contacts of a seeker; returns a new network.

    Each connection is matched to an existing contact by LinkedIn URL, then by
    email, then by exact name; a matched contact keeps its id and values and gains
    the fields it lacks, the others are added as new contacts. ``net`` is never
    changed.

    Parameters
    ----------
    net : ReferralNetwork
        The network to merge into.
    connections : pandas.DataFrame or path
        What :func:`read_linkedin` returns (its ``row`` index gives the report's
        rows), any table in the contacts format with a ``name`` column, or the path
        of a ``Connections.csv`` (read with :func:`read_linkedin`, whose warnings are
        passed on, and whose skipped rows appear in the report).
    seeker : str, optional
        Whose connections these are: a seeker id, or the exact name (any case) of one
        seeker. ``None`` means the only seeker; a network with several seekers needs it.
    report : bool, default False
        Also return the merge report.

    Returns
    -------
    net : ReferralNetwork
        A new network with the connections merged in.
    report : pandas.DataFrame
        Only with ``report=True``; one row per connection, sorted by ``row``:

        - ``row``: the connection's line in the file (position + 2 for a table
          without a ``row`` index);
        - ``name``: the name in the export;
        - ``action``: ``matched-by-url``, ``matched-by-email``, ``matched-by-name``,
          ``added`` or ``skipped``;
        - ``id``: the contact id in the new network (missing when skipped);
        - ``detail``: what was filled in, values that differ (the network's are
          kept), why a row was skipped or not matched by name; missing when there is
          nothing to say.

    Raises
    ------
    TypeError
        If ``net`` is not a network or ``connections`` not a DataFrame or path.
    SchemaError
        If ``connections`` has no ``name`` column, or is a file that is not a
        LinkedIn export (see :func:`read_linkedin`).
    SeekerNotFound
        If ``seeker`` is not a seeker of ``net``, or is not given and ``net`` has
        no seeker or several.
    ValidationError
        If reading ``connections`` from a path fails (see :func:`read_linkedin`), or
        its ``first_contact`` holds a value that is not a date.

    See Also
    --------
    read_linkedin, from_linkedin

    Notes
    -----
    Matching, in this order, each contact matched at most once (first row wins):

    1. **URL**, compared without ``http(s)://``, ``www.``, query, fragment, trailing
       slash, percent-encoding or case;
    2. **email**, ignoring case;
    3. **name**, ignoring case and repeated spaces, only when exactly one non-seeker
       contact and one unmatched connection have that name, and their URLs and
       emails do not contradict each other (a different URL means a namesake).
       Hidden names never match by name.

    A matched contact gains ``organization``, ``role``, ``email``, ``linkedin`` and
    ``first_contact`` where it has none; a value it already has is never replaced,
    and differences are listed in the report's ``detail``. Its ``source`` is left
    alone: a contact already in the network was not necessarily reached through
    LinkedIn. A connection that matches the seeker is skipped, as is a second row
    with the same URL. Added contacts get their id from ``connections`` (``-2``,
    ``-3``, ... when the network already has it, ignoring case), ``source``
    ``linkedin`` and ``is_seeker`` false.

    Added and matched contacts become direct contacts of the seeker: with one
    seeker every contact not introduced already is one; with several, an
    introduction row ``seeker -> contact`` (dated Connected On, status
    ``introduced``, notes ``LinkedIn connection``) is added for each of them not
    yet in that seeker's tree.

    Without ``report=True``, skipped rows and differing values are summed up in
    one :class:`UserWarning`, so nothing is left out silently.

    Examples
    --------
    >>> contacts = pd.DataFrame({"id": ["maya", "ann"], "name": ["Maya Park", "Ann Lee"],
    ...                          "is_seeker": [True, False], "linkedin": [None, "linkedin.com/in/ann-lee/"]})
    >>> net = rg.from_frames(contacts)
    >>> connections = pd.DataFrame({"name": ["Ann Lee", "Bo Chen"], "organization": ["Acme", "Beta"],
    ...                             "linkedin": ["https://www.linkedin.com/in/ann-lee", None]})
    >>> merged, report = rg.merge_linkedin(net, connections, report=True)
    >>> report[["row", "action", "id"]]
       row          action       id
    0    2  matched-by-url      ann
    1    3           added  bo-chen
    >>> merged.contacts[["id", "organization", "source"]]
            id organization    source
    0     maya          NaN       NaN
    1      ann         Acme       NaN
    2  bo-chen         Beta  linkedin
    >>> len(net)  # unchanged
    2
    """
    check_network(net)
    connections, skipped_at_read = _connections(connections)
    seeker_id = _resolve_seeker(net, seeker)
    li, li_rows = _dated(connections)
    m = _Merge(li, li_rows, net.contacts, seeker_id, net.code(seeker_id))
    matched = _match(m)
    new_contacts = _add_new(m, _fill_matched(m, matched, earliest_activity(net)))
    introductions = _direct_links(net, m, new_contacts)
    strict = not (net.problems["severity"] == "error").any()
    merged = from_frames(new_contacts, introductions, net.meetings, strict=strict)
    table = _report(m, new_contacts, skipped_at_read)
    if report:
        return merged, table
    _warn_report(table, stacklevel=2)
    return merged


def from_linkedin(connections, *, seeker: str, seeker_id: str | None = None, report: bool = False):
    """Start a network from a LinkedIn export alone: the seeker plus their connections.

    Parameters
    ----------
    connections : pandas.DataFrame or path
        As for :func:`merge_linkedin`.
    seeker : str
        The seeker's name (the owner of the export).
    seeker_id : str, optional
        The seeker's id; by default a slug of ``seeker`` (``Maya Park`` -> ``maya-park``).
    report : bool, default False
        Also return the merge report (see :func:`merge_linkedin`).

    Returns
    -------
    net : ReferralNetwork
        One seeker whose direct contacts are the connections.
    report : pandas.DataFrame
        Only with ``report=True``.

    Raises
    ------
    ValueError
        If ``seeker`` (or ``seeker_id``) is blank.
    SchemaError, ValidationError
        As for :func:`merge_linkedin`.

    See Also
    --------
    read_linkedin, merge_linkedin

    Examples
    --------
    >>> connections = pd.DataFrame({"name": ["Ann Lee", "Bo Chen"]})
    >>> net = rg.from_linkedin(connections, seeker="Maya Park")
    >>> net
    <ReferralNetwork: 1 seeker, 3 contacts, 0 introductions, 0 meetings>
    >>> net.tree_table()[["contact", "introduced_by", "generation"]]
         contact introduced_by  generation
    0  maya-park          None           0
    1    ann-lee     maya-park           1
    2    bo-chen     maya-park           1
    """
    name = " ".join(str(seeker).split()) if seeker is not None else ""
    if not name:
        raise OptionError(f"seeker must be the seeker's name, e.g. 'Maya Park' (got {seeker!r})")
    if seeker_id is None:
        sid = _slug(pd.Series([name], dtype="str")).iloc[0]
        sid = "seeker" if pd.isna(sid) else sid
    else:
        sid = str(seeker_id).strip()
        if not sid:
            raise OptionError(f"seeker_id must be a non-blank id (got {seeker_id!r})")
    base = from_frames(pd.DataFrame({"id": [sid], "name": [name], "is_seeker": [True]}))
    return merge_linkedin(base, connections, seeker=sid, report=report)
