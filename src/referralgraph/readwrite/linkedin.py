"""Read LinkedIn's ``Connections.csv`` export and merge it into a referral network."""

from __future__ import annotations

import csv
import os
import re
import warnings
from pathlib import Path
from urllib.parse import unquote

import numpy as np
import pandas as pd

from .._problems import ProblemLog
from .._checks import check_network
from ..exceptions import (ArgumentTypeError, OptionError, ReferralGraphWarning, SchemaError, SeekerNotFound,
                          ValidationError)
from ..model import ReferralNetwork
from ..model.names import fold_names
from . import _parse
from ._schema import canonical
from .tables import decode_bytes, from_frames, read_csv_table

__all__ = ["read_linkedin", "merge_linkedin", "from_linkedin", "HIDDEN_NAME"]

PathLike = str | os.PathLike

#: the name given to connections who hide their name on LinkedIn (and have a URL)
HIDDEN_NAME = "(hidden name)"

LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"

#: canonical header -> the header as LinkedIn writes it
_FIELDS = {
    "first_name": "First Name",
    "last_name": "Last Name",
    "url": "URL",
    "email_address": "Email Address",
    "company": "Company",
    "position": "Position",
    "connected_on": "Connected On",
}
_OPTIONAL_WHY = {
    "email_address": "email left blank",
    "company": "organization left blank",
    "position": "role left blank",
    "connected_on": "first_contact left blank",
}
_HEADER_SCAN = 20
_SKIPPED = "skipped: "  # prefix of the problem message of a row left out by the reader


# ---------------------------------------------------------------------- helpers
def _text(values: pd.Series) -> pd.Series:
    """Stripped text with blanks as missing (``str`` dtype)."""
    out = pd.Series(values, dtype="str").str.strip()
    return out.mask(out == "")


def _slug(values: pd.Series) -> pd.Series:
    """Lower-case ASCII-folded slugs: 'José Müller' -> 'jose-muller', "O'Neil" -> 'oneil' (other scripts kept)."""
    out = (values.str.normalize("NFKD").str.replace(r"[\u0300-\u036f'\u2019]", "", regex=True).str.casefold()
           .str.replace(r"[\W_]+", "-", regex=True).str.strip("-"))
    return out.mask(out == "")


def _normalize_url(values: pd.Series) -> pd.Series:
    """Compare-ready LinkedIn URLs: lower case, no scheme, no ``www.``, no query/fragment, no trailing slash."""
    out = _text(values).str.lower()
    out = out.str.replace(r"^[a-z][a-z0-9+.\-]*://", "", regex=True).str.replace(r"^www\.", "", regex=True)
    out = out.str.replace(r"[?#].*$", "", regex=True).str.rstrip("/")
    pct = out.str.contains("%", regex=False).fillna(False).to_numpy(dtype=bool)
    if pct.any():  # LinkedIn percent-encodes accented slugs; people paste them decoded
        out[pct] = out[pct].map(unquote)
    return out.mask(out == "").astype("str")


def _name_key(values: pd.Series) -> pd.Series:
    """Names compared the way :mod:`referralgraph.model.names` folds them (case, accents, punctuation, spaces)."""
    text = _text(values)
    hidden = (text.str.lower() == HIDDEN_NAME).fillna(False).to_numpy(dtype=bool)
    out = fold_names(text)
    out.index = text.index
    return out.mask((out == "").to_numpy() | hidden | text.isna().to_numpy())


def _unique_ids(candidates: pd.Series, taken: pd.Index) -> pd.Series:
    """Make ids unique (ignoring case) among themselves and against ``taken``: 'ann', 'ann-2', 'ann-3', ..."""
    fold = candidates.str.lower()
    taken_set = set(taken.str.lower().tolist()) if len(taken) else set()
    in_taken = np.fromiter((v in taken_set for v in fold.tolist()), dtype=bool, count=len(fold))
    clash = fold.duplicated(keep="first").to_numpy() | in_taken
    if not clash.any():
        return candidates
    used = taken_set | set(fold[~clash].tolist())
    out = candidates.to_numpy(dtype=object).copy()
    for pos in np.flatnonzero(clash):  # only the clashing ids, in file order
        k = 2
        while f"{out[pos]}-{k}".lower() in used:
            k += 1
        out[pos] = f"{out[pos]}-{k}"
        used.add(out[pos].lower())
    return pd.Series(out, index=candidates.index, dtype="str")


def _context(company, position) -> str:
    parts = [f"{k} {v!r}" for k, v in (("Company", company), ("Position", position)) if isinstance(v, str)]
    return f" ({', '.join(parts)})" if parts else ""


def _find_header(text: str, label: str) -> int:
    """Line number (1-based) of the header: the first of the first 20 lines with First Name and Last Name cells."""
    lines = re.split(r"\r\n|\n|\r", text, maxsplit=_HEADER_SCAN)[:_HEADER_SCAN]
    for number, line in enumerate(lines, start=1):
        if "name" not in line.lower():
            continue
        try:
            cells = {canonical(c) for c in next(csv.reader([line]), [])}
        except csv.Error:  # a fragment of a quoted preamble paragraph
            continue
        if {"first_name", "last_name"} <= cells:
            return number
    first = next((line for line in lines if line.strip()), "")
    shown = first if len(first) <= 80 else first[:77] + "..."
    raise SchemaError(
        f"{label}: no LinkedIn header in the first {_HEADER_SCAN} lines; expected a line with the columns "
        f"'{LINKEDIN_HEADER}' (LinkedIn's Connections.csv, after an optional 'Notes:' paragraph); "
        f"the first line is {shown!r}")


def _read(path: Path, *, strict: bool, date_format: str | None, dayfirst: bool | None):
    """The reader behind :func:`read_linkedin`: (contacts, problems)."""
    label = str(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file; expected LinkedIn's Connections.csv export")
    if path.is_dir():
        raise SchemaError(f"{path}: a folder; expected LinkedIn's Connections.csv file (the folder of a network "
                          "goes to merge_linkedin as the network, loaded with load)")
    log = ProblemLog()
    data = path.read_bytes()
    if not data.strip():
        raise SchemaError(f"{label}: the file is empty; expected LinkedIn's Connections.csv with the header "
                          f"'{LINKEDIN_HEADER}'")
    text = decode_bytes(data, label, log)
    if text is None:
        raise _invalid(log.to_frame())
    header_line = _find_header(text, label)
    raw = read_csv_table(path, log, label=label, header_line=header_line, text=text)
    if raw is None:
        raise _invalid(log.to_frame())
    frame, rows = raw.frame, raw.rows
    found: dict[str, str] = {}
    for col in frame.columns:
        key = canonical(col)
        if key in _FIELDS and key not in found:
            found[key] = col
    for key, why in _OPTIONAL_WHY.items():
        if key not in found:
            log.add(label, header_line, None, "warning",
                    f"no '{_FIELDS[key]}' column; {why} (expected the header '{LINKEDIN_HEADER}')")

    def column(key: str) -> pd.Series:
        if key in found:
            return _text(frame[found[key]])
        return pd.Series(None, index=frame.index, dtype="str")

    first, last = column("first_name"), column("last_name")
    name = (first.fillna("") + " " + last.fillna("")).str.strip().str.replace(r"\s+", " ", regex=True)
    url = column("url")
    url_slug = _normalize_url(url).str.extract(r"([^/]+)$", expand=False)
    company, position = column("company"), column("position")

    hidden = (name == "").to_numpy()
    skip = hidden & url_slug.isna().to_numpy()
    if skip.any():
        log.add_many(label, rows[skip], _FIELDS["first_name"], "warning", [
            f"{_SKIPPED}First Name and Last Name are blank (a member who hides their name) and there is no URL, "
            f"so nothing identifies this connection{_context(c, p)}; expected a name or a URL"
            for c, p in zip(company[skip], position[skip])])
    kept_hidden = hidden & ~skip
    if kept_hidden.any():
        log.add_many(label, rows[kept_hidden], _FIELDS["first_name"], "warning", [
            f"First Name and Last Name are blank (a member who hides their name); kept as '{HIDDEN_NAME}' "
            f"with the id '{s}' from the URL" for s in url_slug[kept_hidden]])
    name = name.mask(pd.Series(hidden, index=name.index), HIDDEN_NAME)

    connected = column("connected_on")
    dates, bad, ambiguous = _parse.parse_dates(connected, date_format=date_format, dayfirst=dayfirst)
    date_col = found.get("connected_on", _FIELDS["connected_on"])
    if bad.any():
        log.add_many(label, rows[bad], date_col, "error", [
            f"'{v}' is not a date; expected a date like '08 Feb 2026', as LinkedIn writes it"
            for v in connected[bad].str.slice(0, 40)])
    if ambiguous.any():
        log.add_many(label, rows[ambiguous], date_col, "error", [
            f"'{v}' could be day/month or month/day; pass date_format (e.g. '%d/%m/%Y') or dayfirst"
            for v in connected[ambiguous]])

    ids = _slug(name.mask(pd.Series(hidden, index=name.index)))
    ids = ids.fillna(url_slug).fillna(pd.Series([f"linkedin-row-{r}" for r in rows], index=ids.index, dtype="str"))
    out = pd.DataFrame({
        "id": ids,
        "name": name,
        "organization": company,
        "role": position,
        "email": column("email_address"),
        "linkedin": url,
        "first_contact": dates.astype("datetime64[ns]"),
        "source": pd.Series("linkedin", index=frame.index, dtype="str"),
    })[~skip]
    out["id"] = _unique_ids(out["id"], pd.Index([], dtype="str"))
    out.index = pd.Index(rows[~skip], name="row")
    problems = log.to_frame()
    if strict and log.has_errors:
        raise _invalid(problems)
    return out, problems


def _invalid(problems: pd.DataFrame) -> ValidationError:
    """A ValidationError over ``problems``; whole-file problems (no row number) show none."""
    exc = ValidationError(problems.assign(row=problems["row"].astype(object).where(problems["row"].notna(), None)))
    exc.problems = problems
    return exc


def _warn_problems(problems: pd.DataFrame, stacklevel: int) -> None:
    if not len(problems):
        return
    p = problems.iloc[0]
    where = f"row {int(p['row'])}, " if p["row"] is not pd.NA and p["row"] == p["row"] else ""
    where += f"column '{p['column']}': " if isinstance(p["column"], str) else ""
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    warnings.warn(f"{p['file']}: {where}{p['message']}{more}; pass problems=True to read_linkedin for the "
                  "table of problems", ReferralGraphWarning, stacklevel=stacklevel + 1)


# ---------------------------------------------------------------------- public API
def read_linkedin(path: PathLike, *, problems: bool = False, strict: bool = True,
                  date_format: str | None = None, dayfirst: bool | None = None):
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


def _resolve_seeker(net: ReferralNetwork, seeker: str | None) -> str:
    """The seeker's id: the only seeker, a seeker id, or one seeker's name (the name matcher)."""
    seekers = net.seekers
    if not seekers:
        raise SeekerNotFound("the network has no seeker; expected one contact with is_seeker = true "
                             "(use from_linkedin to start a network from a LinkedIn export)")
    return seekers[net.seeker_position(seeker)]


def _lookup(li_key: pd.Series, li_ok: np.ndarray, c_key: pd.Series, c_ok: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each LinkedIn row, the code of the first eligible contact with the same key (-1: none) and how many share it."""
    valid = c_ok & c_key.notna().to_numpy()
    by_key = pd.Series(np.flatnonzero(valid), index=c_key[valid].to_numpy())
    counts = by_key.index.value_counts()
    first = by_key[~by_key.index.duplicated()]
    keys = li_key.to_numpy(dtype=object)
    code = first.reindex(keys).fillna(-1).to_numpy(dtype=np.int64)
    n = counts.reindex(keys).fillna(0).to_numpy(dtype=np.int64)
    ok = li_ok & li_key.notna().to_numpy()
    return np.where(ok, code, -1), np.where(ok, n, 0)


def _claim(code: np.ndarray, claimed: np.ndarray) -> np.ndarray:
    """Drop matches to contacts already claimed, and all but the first row matching one contact."""
    code = np.where((code >= 0) & claimed[np.maximum(code, 0)], -1, code)
    hit = np.flatnonzero(code >= 0)
    _, first = np.unique(code[hit], return_index=True)
    keep = np.zeros(len(code), dtype=bool)
    keep[hit[first]] = True
    return np.where(keep, code, -1)


def _shown(value) -> str:
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    return repr(str(value))


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
    skipped_at_read = pd.DataFrame(columns=["row", "name", "action", "id", "detail"])
    if isinstance(connections, (str, os.PathLike)):
        connections, read_problems = _read(Path(connections), strict=True, date_format=None, dayfirst=None)
        _warn_problems(read_problems, stacklevel=2)
        skips = read_problems[read_problems["message"].str.startswith(_SKIPPED)]
        skipped_at_read = pd.DataFrame({
            "row": skips["row"].astype("Int64").to_numpy(), "name": HIDDEN_NAME, "action": "skipped", "id": None,
            "detail": skips["message"].str.slice(len(_SKIPPED)).to_numpy()})
    elif not isinstance(connections, pd.DataFrame):
        raise ArgumentTypeError(f"connections must be a pandas DataFrame or the path of Connections.csv "
                                f"(got {type(connections).__name__})")
    if "name" not in connections.columns:
        raise SchemaError(f"connections: no 'name' column; expected a table in the contacts format as read_linkedin "
                          f"returns it; found {', '.join(map(repr, map(str, connections.columns))) or 'no columns'}")
    seeker_id = _resolve_seeker(net, seeker)

    li = connections.reset_index(drop=True)
    li_rows = (connections.index.to_numpy(dtype=np.int64) if connections.index.name == "row"
               else np.arange(len(li), dtype=np.int64) + 2)
    n = len(li)
    if "first_contact" in li.columns:
        dates, bad, ambiguous = _parse.parse_dates(li["first_contact"])
        if (bad | ambiguous).any():
            log = ProblemLog()
            log.add_many("connections", li_rows[bad | ambiguous], "first_contact", "error", [
                f"'{v}' is not a date (or its day/month order is unclear); expected a date such as 2026-02-08"
                for v in li["first_contact"][bad | ambiguous]])
            raise _invalid(log.to_frame())
        li = li.assign(first_contact=dates.to_numpy(dtype="datetime64[ns]"))

    def li_col(col: str) -> pd.Series:
        return _text(li[col]) if col in li.columns else pd.Series(None, index=li.index, dtype="str")

    li_name = li_col("name")
    li_url = _normalize_url(li_col("linkedin"))
    li_email = li_col("email").str.lower()
    li_hidden = (li_name.isna() | (li_name == HIDDEN_NAME)).to_numpy()
    li_name = li_name.fillna(HIDDEN_NAME)
    li_name_key = _name_key(li_name)

    contacts = net.contacts
    nc = len(contacts)

    def c_col(col: str) -> pd.Series:
        return _text(contacts[col]) if col in contacts.columns else pd.Series(None, index=contacts.index, dtype="str")

    c_url = _normalize_url(c_col("linkedin"))
    c_email = c_col("email").str.lower()
    c_name_key = _name_key(contacts["name"])
    is_seeker = contacts["is_seeker"].to_numpy(dtype=bool) if nc else np.zeros(0, bool)
    seeker_code = net.code(seeker_id)

    action = np.full(n, "added", dtype=object)
    detail: list[list[str]] = [[] for _ in range(n)]
    code = np.full(n, -1, dtype=np.int64)
    claimed = np.zeros(nc, dtype=bool)

    # rows the merge cannot use: hidden names without URL, a second row with the same URL
    skip = li_hidden & li_url.isna().to_numpy()
    for pos in np.flatnonzero(skip):
        detail[pos].append("the name is blank and there is no URL, so nothing identifies this connection")
    dup_url = (li_url.notna() & li_url.duplicated(keep="first")).to_numpy() & ~skip
    if dup_url.any():
        first_row = pd.Series(li_rows, index=li_url.to_numpy())
        first_row = first_row[~first_row.index.duplicated()]
        for pos in np.flatnonzero(dup_url):
            detail[pos].append(f"the same LinkedIn URL as row {first_row[li_url.iat[pos]]}")
    skip |= dup_url
    action[skip] = "skipped"
    open_ = ~skip

    everyone = np.ones(nc, dtype=bool)
    shared_notes = {}
    for stage, li_key, c_key in (("url", li_url, c_url), ("email", li_email, c_email)):
        got, count = _lookup(li_key, open_, c_key, everyone)
        got = _claim(got, claimed)
        hit = got >= 0
        code[hit] = got[hit]
        claimed[got[hit]] = True
        action[hit] = f"matched-by-{stage}"
        for pos in np.flatnonzero(hit & (count > 1)):
            shared_notes[pos] = f"{count[pos]} contacts share this {'URL' if stage == 'url' else 'email'}; matched the first"
        open_ &= ~hit

    # names: unambiguous on both sides, and no contradicting URL or email
    not_seeker = ~is_seeker
    got, count = _lookup(li_name_key, open_ & ~li_hidden, c_name_key, not_seeker)
    li_name_count = li_name_key[open_ & ~li_hidden].value_counts().reindex(li_name_key.to_numpy()).fillna(0).to_numpy()
    cand = np.flatnonzero(got >= 0)
    for pos in cand:
        c = int(got[pos])
        who = f"contact '{contacts['id'].iat[c]}'"
        if count[pos] > 1:
            detail[pos].append(f"not matched by name: {count[pos]} contacts are named {li_name.iat[pos]!r}")
        elif li_name_count[pos] > 1:
            detail[pos].append(f"not matched by name: {int(li_name_count[pos])} connections are named {li_name.iat[pos]!r}")
        elif claimed[c]:
            detail[pos].append(f"not matched by name: {who} with that name matched another row")
        elif pd.notna(li_url.iat[pos]) and pd.notna(c_url.iat[c]) and li_url.iat[pos] != c_url.iat[c]:
            detail[pos].append(f"not matched by name: {who} has the same name but a different LinkedIn URL")
        elif pd.notna(li_email.iat[pos]) and pd.notna(c_email.iat[c]) and li_email.iat[pos] != c_email.iat[c]:
            detail[pos].append(f"not matched by name: {who} has the same name but a different email")
        else:
            code[pos] = c
            claimed[c] = True
            action[pos] = "matched-by-name"
    for pos, note in shared_notes.items():
        detail[pos].append(note)

    matched = code >= 0
    own = matched & (code == seeker_code)
    for pos in np.flatnonzero(own):
        detail[pos].append(f"this is the seeker '{seeker_id}'")
    action[own] = "skipped"
    code[own] = -1
    matched &= ~own

    # matched contacts gain what they lack; differing values are reported, never replaced
    new_contacts = contacts.copy()
    m_li, m_c = np.flatnonzero(matched), code[matched]
    filled: dict[np.integer, list[str]] = {pos: [] for pos in m_li}
    kept: dict[np.integer, list[str]] = {pos: [] for pos in m_li}
    compare = {"name": _name_key, "organization": _name_key, "role": _name_key,
               "email": lambda s: _text(s).str.lower(), "linkedin": _normalize_url}
    for field in ("name", "organization", "role", "email", "linkedin", "first_contact"):
        if field not in li.columns or not len(m_li):
            continue
        mine = (li[field] if field == "first_contact" else li_col(field)).iloc[m_li].reset_index(drop=True)
        if field in new_contacts.columns:
            theirs = new_contacts[field].iloc[m_c].reset_index(drop=True)
        else:
            theirs = pd.Series(None, index=range(len(m_c)),
                               dtype="datetime64[ns]" if field == "first_contact" else "str")
        theirs_blank = theirs.isna() if field == "first_contact" else _text(theirs).isna()
        fill = np.array(theirs_blank & mine.notna(), dtype=bool)
        if field == "name":
            fill[:] = False
            hidden_here = li_hidden[m_li]
        else:
            hidden_here = np.zeros(len(m_li), dtype=bool)
        if fill.any():
            if field not in new_contacts.columns:
                new_contacts[field] = pd.Series(None, index=new_contacts.index,
                                                dtype="datetime64[ns]" if field == "first_contact" else "str")
            new_contacts.loc[new_contacts.index[m_c[fill]], field] = mine[fill].to_numpy()
            for pos in m_li[fill]:
                filled[pos].append(field)
        if field in compare:
            differ = (~theirs_blank & mine.notna()).to_numpy() & ~hidden_here
            if differ.any():
                norm = compare[field]
                differ &= (norm(theirs.astype("str")).to_numpy(dtype=object)
                           != norm(mine.astype("str")).to_numpy(dtype=object))
            for k in np.flatnonzero(differ):
                kept[m_li[k]].append(f"kept {field} {_shown(theirs.iat[k])} (LinkedIn: {_shown(mine.iat[k])})")
    for pos in m_li:
        detail[pos] += ([f"filled in {', '.join(filled[pos])}"] if filled[pos] else []) + kept[pos]

    # added contacts
    add = action == "added"
    taken = pd.Index(contacts["id"].astype("str"))
    if add.any():
        rows_added = li.iloc[np.flatnonzero(add)].copy()
        cand_id = li_col("id")[add] if "id" in li.columns else pd.Series(None, index=rows_added.index, dtype="str")
        slug = _slug(li_name.mask(pd.Series(li_hidden, index=li.index)))[add]
        url_slug = li_url.str.extract(r"([^/]+)$", expand=False)[add]
        fallback = pd.Series([f"linkedin-row-{r}" for r in li_rows[add]], index=rows_added.index, dtype="str")
        new_ids = _unique_ids(cand_id.fillna(slug).fillna(url_slug).fillna(fallback), taken)
        rows_added["id"] = new_ids
        rows_added["name"] = li_name[add]
        rows_added["source"] = (li_col("source")[add].fillna("linkedin") if "source" in li.columns
                                else pd.Series("linkedin", index=rows_added.index, dtype="str"))
        rows_added["is_seeker"] = False
        code[add] = nc + np.arange(int(add.sum()))
        new_contacts = pd.concat([new_contacts, rows_added], ignore_index=True)
        if "is_seeker" in new_contacts.columns:
            new_contacts["is_seeker"] = new_contacts["is_seeker"].fillna(False).astype(bool)

    # direct contacts of the seeker: explicit rows only when several seekers make it necessary
    introductions = net.introductions
    if len(net.seekers) > 1:
        ix = net.index
        in_tree = np.zeros(len(new_contacts), dtype=bool)
        in_tree[ix.node[ix.rows_of(net.seeker_position(seeker_id))]] = True
        need = np.flatnonzero((code >= 0) & ~in_tree[np.maximum(code, 0)])
        if len(need):
            dates = new_contacts["first_contact"] if "first_contact" in new_contacts.columns else None
            extra = pd.DataFrame({
                "introducer": seeker_id,
                "introduced": new_contacts["id"].to_numpy()[code[need]],
                "date": (dates.to_numpy(dtype="datetime64[ns]")[code[need]] if dates is not None
                         else np.full(len(need), np.datetime64("NaT"), "datetime64[ns]")),
                "seeker": seeker_id,
                "status": "introduced",
                "notes": "LinkedIn connection",
            })
            introductions = pd.concat([introductions, extra], ignore_index=True) if len(introductions) else extra

    strict = not (net.problems["severity"] == "error").any()
    merged = from_frames(new_contacts, introductions, net.meetings, strict=strict)

    ids = new_contacts["id"].to_numpy(dtype=object)
    table = pd.DataFrame({
        "row": pd.array(li_rows, dtype="Int64"),
        "name": li_name.to_numpy(dtype=object),
        "action": action,
        "id": np.where(code >= 0, ids[np.maximum(code, 0)] if len(ids) else None, None),
        "detail": ["; ".join(d) if d else None for d in detail],
    })
    if len(skipped_at_read):
        table = pd.concat([table, skipped_at_read.astype(table.dtypes.to_dict())], ignore_index=True)
    table = table.sort_values("row", kind="stable").reset_index(drop=True)
    table = table.astype({"name": "str", "action": "str", "id": "str", "detail": "str"})
    if report:
        return merged, table
    skipped = int((table["action"] == "skipped").sum())
    differ = int(table["detail"].str.contains("kept ", regex=False).fillna(False).sum())
    if skipped or differ:
        warnings.warn(f"LinkedIn merge: {skipped} connection{'s' if skipped != 1 else ''} skipped, {differ} matched "
                      f"contact{'s' if differ != 1 else ''} with values that differ from LinkedIn (the network's "
                      "were kept); pass report=True for the details", ReferralGraphWarning, stacklevel=2)
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
