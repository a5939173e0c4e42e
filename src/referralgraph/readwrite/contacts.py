"""Address books as contacts: Google Contacts CSV, Outlook CSV, vCard (.vcf, versions 2.1, 3 and 4), LinkedIn.

:func:`contacts_format` tells the format by content, :func:`read_contacts` reads any of them
as a contacts table, :func:`merge_contacts` merges it into a network with the matching rules of
:func:`~referralgraph.merge_linkedin` (LinkedIn URL, then email, then name), and
:func:`import_contacts` does both in the files of a source, appending only. A LinkedIn
``Invitations.csv`` sets first-contact dates of the people whose invitation led to a connection.
"""

from __future__ import annotations

import os
import quopri
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .._checks import check_network, check_path
from .._problems import ProblemLog
from ..exceptions import ArgumentTypeError, ReferralGraphWarning, SchemaError
from ..model import ReferralNetwork
from . import _parse
from ._csvfile import _decode, read_csv_table
from .linkedin import _name_key, _normalize_url, _resolve_seeker, from_linkedin, merge_linkedin, read_linkedin

__all__ = ["contacts_format", "read_contacts", "merge_contacts", "import_contacts", "CONTACT_FORMATS"]

PathLike = str | os.PathLike

#: what :func:`contacts_format` answers, and what the formats are called in messages
CONTACT_FORMATS = {
    "linkedin": "LinkedIn Connections.csv",
    "linkedin-invitations": "LinkedIn Invitations.csv",
    "google": "Google Contacts CSV",
    "outlook": "Outlook CSV",
    "vcard": "vCard (.vcf)",
}
_SCAN = 20  # lines searched for a header (LinkedIn's export opens with a Notes paragraph)
_MULTI = re.compile(r"\s*:::\s*")  # how Google joins several values in one cell


# ---------------------------------------------------------------------------- telling the format
#: the largest contacts export read (bytes): a phone's whole address book with photos is a few MB
MAX_EXPORT_BYTES = 256 * 2**20


def _text_of(path: Path) -> str:
    """The export's text (UTF-8, UTF-16 with a BOM, else Windows-1252), after the checks of :func:`_export_bytes`."""
    return _decode(_export_bytes(path))[0]


def _export_bytes(path: Path) -> bytes:
    """The export's bytes: a regular file within :data:`MAX_EXPORT_BYTES`, not UTF-16 without a BOM, not empty."""
    import stat

    from ..exceptions import SizeLimitError
    from ._csvfile import UTF16_MESSAGE, utf16_without_bom

    try:
        info = os.stat(path)
    except OSError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise SchemaError(
            f"{path}: not a regular file (a FIFO, device or socket); expected a contacts export "
            "file (reading this would block or never end)"
        )
    if info is not None and info.st_size > MAX_EXPORT_BYTES:
        raise SizeLimitError(
            f"{path}: {info.st_size:,} bytes; expected a contacts export of at most "
            f"{MAX_EXPORT_BYTES:,} bytes (split it, or export without photos)"
        )
    with open(path, "rb") as f:
        data = f.read(MAX_EXPORT_BYTES + 1)
    if len(data) > MAX_EXPORT_BYTES:
        raise SizeLimitError(
            f"{path}: more than {MAX_EXPORT_BYTES:,} bytes; expected a contacts export of at most "
            f"{MAX_EXPORT_BYTES:,} bytes"
        )
    kind = utf16_without_bom(data)
    if kind:
        raise SchemaError(f"{path}: {UTF16_MESSAGE.format(kind=kind)}")
    if not data.strip():
        raise SchemaError(
            f"{path}: the file is empty; expected a contacts export (Google or Outlook CSV, "
            "vCard .vcf, or LinkedIn Connections.csv / Invitations.csv)"
        )
    if data[:4] == b"PK\x03\x04":
        raise SchemaError(
            f"{path}: this is a zip file (a LinkedIn archive or a workbook); expected one CSV or "
            ".vcf file from it (for LinkedIn: Connections.csv)"
        )
    return data


def _header_cells(line: str) -> set[str]:
    import csv

    try:
        cells = next(csv.reader([line]))
    except (csv.Error, StopIteration):
        return set()
    return {_key(c) for c in cells}


def _key(header) -> str:
    """A header compared ignoring case, BOM and repeated spaces: 'E-mail 1 - Value' -> 'e-mail 1 - value'."""
    return " ".join(str(header).replace("\ufeff", "").split()).lower()


def contacts_format(path: PathLike) -> str:
    """The format of a contacts export, told by its content (not its name).

    Parameters
    ----------
    path : path
        The exported file.

    Returns
    -------
    str
        ``linkedin`` (Connections.csv), ``linkedin-invitations`` (Invitations.csv),
        ``google``, ``outlook`` or ``vcard``.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    SchemaError
        If the content is none of these; the message shows the first line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "contacts.vcf"
    >>> _ = path.write_text("BEGIN:VCARD\\r\\nVERSION:4.0\\r\\nFN:Ann Lee\\r\\nEND:VCARD\\r\\n")
    >>> rg.contacts_format(path)
    'vcard'
    """
    path = Path(path)
    text = _text_of(path)
    if text.lstrip("\ufeff \t\r\n").upper().startswith("BEGIN:VCARD"):
        return "vcard"
    lines = re.split(r"\r\n|\n|\r", text, maxsplit=_SCAN)[:_SCAN]
    for line in lines:
        cells = _header_cells(line)
        if {"first name", "last name", "connected on"} <= cells or {
            "first name",
            "last name",
            "url",
            "email address",
            "position",
        } <= cells:
            return "linkedin"
        if {"from", "to", "sent at", "direction"} <= cells:
            return "linkedin-invitations"
        if (
            ({"e-mail 1 - value", "organization name"} & cells and "first name" in cells)
            or ({"given name", "family name"} <= cells)
            or {"organization 1 - name", "e-mail 1 - value"} & cells
        ):
            return "google"
        if {"first name", "last name", "e-mail address"} <= cells and ({"company", "job title"} & cells):
            return "outlook"
    first = next((ln for ln in lines if ln.strip()), "")
    raise SchemaError(
        f"{path}: not a contacts export this reader knows; expected a Google Contacts CSV (First Name, "
        "..., E-mail 1 - Value), an Outlook CSV (First Name, Last Name, E-mail Address, Company), a "
        "vCard file (BEGIN:VCARD) or LinkedIn's Connections.csv or Invitations.csv; the file begins "
        f"with {first[:120]!r}"
    )


# ---------------------------------------------------------------------------- CSV address books
def _csv(path: Path, log: ProblemLog) -> tuple[pd.DataFrame, np.ndarray]:
    raw = read_csv_table(path, log, label=str(path))
    if raw is None:
        raise SchemaError(f"{path}: no header line; expected the exporter's header")
    frame = raw.frame.copy()
    frame.columns = [_key(c) for c in frame.columns]
    frame = frame.loc[:, ~pd.Index(frame.columns).duplicated()]
    return frame, raw.rows


def _col(frame: pd.DataFrame, *names: str) -> pd.Series:
    """The first of ``names`` the table has, stripped, blanks missing (first value of a ``:::`` list)."""
    for name in names:
        if name in frame.columns:
            text = frame[name].astype("str").str.strip()
            text = text.str.split(_MULTI, regex=True).str[0].str.strip()
            return text.mask(text == "")
    return pd.Series(None, index=frame.index, dtype="str")


def _join(*parts: pd.Series) -> pd.Series:
    out = pd.concat([p.fillna("") for p in parts], axis=1).agg(" ".join, axis=1).str.split().str.join(" ")
    return out.mask(out == "").astype("str")


def _linkedin_of(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """The first cell among ``columns`` (every value of a ``:::`` list) that is a LinkedIn profile URL."""
    out = pd.Series(None, index=frame.index, dtype="str")
    for name in columns:
        if name not in frame.columns:
            continue
        values = frame[name].astype("str").str.split(_MULTI, regex=True).explode().str.strip()
        hit = values[values.str.contains(r"linkedin\.com/", case=False, regex=True).fillna(False)]
        first = hit.groupby(level=0).first()
        out = out.fillna(first.reindex(out.index))
    return out


def _labels(values: pd.Series) -> pd.Series:
    """Google's labels as tags: ``* myContacts`` and ``* starred`` (system groups) left out, ``;``-separated."""

    def one(cell):
        if not isinstance(cell, str):
            return None
        words = [w.strip() for w in _MULTI.split(cell) if w.strip() and not w.strip().startswith("*")]
        return "; ".join(words) or None

    return values.map(one).astype("str")


def _table(row_numbers, **columns) -> pd.DataFrame:
    frame = pd.DataFrame(columns)
    frame.index = pd.Index(np.asarray(row_numbers, dtype=np.int64), name="row")
    return frame


def _read_google(path: Path, log: ProblemLog) -> pd.DataFrame:
    f, rows = _csv(path, log)
    name = _join(
        _col(f, "name prefix"),
        _col(f, "first name", "given name"),
        _col(f, "middle name", "additional name"),
        _col(f, "last name", "family name"),
        _col(f, "name suffix"),
    )
    if "name" in f.columns:  # the older Google CSV has the display name too
        name = _col(f, "name").fillna(name)
    name = name.fillna(_col(f, "file as", "nickname")).fillna(_col(f, "e-mail 1 - value"))
    sites = sorted((c for c in f.columns if re.fullmatch(r"website \d+ - value", c)), key=lambda c: int(c.split()[1]))
    return _table(
        rows,
        name=name,
        organization=_col(f, "organization name", "organization 1 - name"),
        role=_col(f, "organization title", "organization 1 - title"),
        email=_col(f, "e-mail 1 - value"),
        linkedin=_linkedin_of(f, sites),
        tags=_labels(
            f["labels"]
            if "labels" in f.columns
            else f.get("group membership", pd.Series(None, index=f.index, dtype="str"))
        ),
        notes=_col_full(f, "notes"),
        source="existing",
    )


def _col_full(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame.columns:
        return pd.Series(None, index=frame.index, dtype="str")
    text = frame[name].astype("str").str.strip()
    return text.mask(text == "")


def _read_outlook(path: Path, log: ProblemLog) -> pd.DataFrame:
    f, rows = _csv(path, log)
    # Outlook's Title is the form of address (Mr., Dr.); the job is Job Title
    name = _join(_col(f, "first name"), _col(f, "middle name"), _col(f, "last name"), _col(f, "suffix"))
    name = name.fillna(_col(f, "e-mail display name", "nickname")).fillna(_col(f, "e-mail address"))
    categories = _col_full(f, "categories").map(
        lambda v: "; ".join(w.strip() for w in v.split(";") if w.strip()) or None if isinstance(v, str) else None
    )
    return _table(
        rows,
        name=name,
        organization=_col(f, "company"),
        role=_col(f, "job title"),
        email=_col(f, "e-mail address", "e-mail 2 address", "e-mail 3 address"),
        linkedin=_linkedin_of(f, ["web page", "personal web page", "business web page"]),
        tags=categories.astype("str"),
        notes=_col_full(f, "notes"),
        source="existing",
    )


# ---------------------------------------------------------------------------- vCard
_VCARD_LINE = re.compile(r"^(?:[A-Za-z0-9\-]+\.)?(?P<name>[A-Za-z0-9\-]+)(?P<params>(?:;[^:]*)?):(?P<value>.*)$", re.S)


def _unfold(text: str) -> list[tuple[int, str]]:
    """Logical lines with the number of their first physical line (RFC 6350 folding; 2.1 soft line breaks).

    Linear in the input: pieces are collected and joined once per logical line (an 8 MB
    folded PHOTO is one join, not 10^5 string copies).
    """
    out: list[tuple[int, str]] = []
    pieces: list[str] = []
    start = 0
    qp = False  # the logical line is QUOTED-PRINTABLE (decided by its first physical line's parameters)
    qp_open = False
    for k, line in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
        if pieces and qp_open:
            piece = line
        elif pieces and line[:1] in (" ", "\t"):
            piece = line[1:]
        else:
            if pieces:
                out.append((start, "".join(pieces)))
            pieces, start = [], k
            piece = line
            qp = "QUOTED-PRINTABLE" in line.split(":", 1)[0].upper()
        qp_open = qp and piece.endswith("=")
        pieces.append(piece[:-1] if qp_open else piece)
    if pieces:
        out.append((start, "".join(pieces)))
    return out


#: character sets Python can decode that are no legacy text encoding (they would interpret escapes or labels)
_NOT_CHARSETS = {"unicode_escape", "raw_unicode_escape", "idna", "punycode", "undefined", "utf_7"}


def _charset(name: str):
    """The Python codec of a ``CHARSET=`` name (``ISO-8859-1``, ``windows-1252``, ``Shift_JIS``), or ``None``."""
    import codecs

    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    return (
        info.name
        if getattr(info, "_is_text_encoding", True) and info.name.replace("-", "_") not in _NOT_CHARSETS
        else None
    )


#: labels that exports put on UTF-8 text by mistake: bytes under them that are valid UTF-8 are read as UTF-8 (with
#: a warning); Latin-1 text is valid UTF-8 only in pairs such as "Ã¼", which names do not hold. Other labels are
#: trusted (KOI8-R or Shift_JIS text can be valid UTF-8 by chance: the fuzz suite found "б©")
_MISLABELLED = frozenset({"iso8859-1", "cp1252", "ascii"})


def _vcard_text(value: str, params: str) -> tuple[str, str | None]:
    """One property's value decoded by its own ``CHARSET=`` (UTF-8 when none), after QUOTED-PRINTABLE.

    ``value`` holds the file's bytes one character each (latin-1), so every property is
    decoded on its own: a file may mix UTF-8 cards with ISO-8859-1 or Shift_JIS ones.
    Returns ``(text, problem)``; ``problem`` says how the value was read when it could not
    be read as declared (an unknown character set, bytes invalid in it, 8-bit bytes with
    no ``CHARSET=`` that are not UTF-8: read as Windows-1252), else ``None``.
    """
    raw = value.encode("latin-1")
    if "QUOTED-PRINTABLE" in params.upper():
        raw = quopri.decodestring(raw)
    if raw.isascii():
        return raw.decode("ascii"), None
    declared = re.search(r"CHARSET=\"?([\w\-.:]+)", params, re.I)
    charset = declared.group(1) if declared else "UTF-8"
    codec = _charset(charset) if declared else "utf-8"
    problem = None
    if declared and codec is None:
        problem = f"CHARSET={charset} is not a character set referralgraph can decode"
    elif codec is not None:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            problem = (
                f"its bytes are not valid {charset}" if declared else "its bytes are not UTF-8 and it names no CHARSET="
            )
        else:
            if codec not in _MISLABELLED or not _is_utf8(raw):
                return text, None
            return raw.decode("utf-8"), f"CHARSET={charset} is declared but the bytes are UTF-8; read as UTF-8"
    if _is_utf8(raw):
        return raw.decode("utf-8"), f"{problem}; read as UTF-8"
    text = raw.decode("cp1252", errors="replace")
    return text, f"{problem}; read as Windows-1252"


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,:nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _split(value: str, sep: str) -> list[str]:
    return [_unescape(p) for p in re.split(rf"(?<!\\){re.escape(sep)}", value)]


#: the properties read from a card; the others (PHOTO, TEL, ADR, ...) are skipped without being decoded
_VCARD_READ = frozenset(
    {"FN", "N", "ORG", "TITLE", "ROLE", "EMAIL", "URL", "X-SOCIALPROFILE", "IMPP", "NOTE", "CATEGORIES", "NICKNAME"}
)


def _read_vcard(path: Path, log: ProblemLog) -> pd.DataFrame:
    """A vCard file (2.1, 3, 4; several cards) as a contacts table; problems (nesting, charsets) go to ``log``."""
    data = _export_bytes(path)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with a byte-order mark: every value is UTF-8 after this
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as exc:  # an odd byte count or a broken surrogate: not the UTF-16 the mark promises
            raise SchemaError(
                f"{path}: starts with a UTF-16 byte-order mark but is not valid UTF-16 ({exc.reason} at byte "
                f"{exc.start}); expected a vCard file exported as UTF-8 or UTF-16"
            ) from None
    cards = _vcard_cards(_unfold(data.removeprefix(b"\xef\xbb\xbf").decode("latin-1")), str(path), log)
    if not cards:
        raise SchemaError(f"{path}: no vCard in the file; expected cards between BEGIN:VCARD and END:VCARD")
    return _vcard_table(cards)


def _vcard_cards(lines: list[tuple[int, str]], file: str, log: ProblemLog) -> list[dict]:
    """The cards between BEGIN:VCARD and END:VCARD; a nested card is skipped (warned), an unclosed one read to the end.

    Only ``END:VCARD`` closes a card (``END:VCALENDAR`` inside one does not); each read
    property is decoded by its own ``CHARSET=`` (:func:`_vcard_text`), and a value that
    could not be read as declared is kept and reported with its line and property.
    """
    cards: list[dict] = []
    card: dict | None = None
    nested = 0  # depth of cards inside the current card (vCard 2.1 AGENT:BEGIN:VCARD ...)
    for number, line in lines:
        m = _VCARD_LINE.match(line)
        if not m:
            continue
        name, params, value = m.group("name").upper(), m.group("params"), m.group("value")
        upper = value.strip().upper()
        if (name == "BEGIN" and upper == "VCARD") or (name == "AGENT" and upper == "BEGIN:VCARD"):
            if card is None:
                card = {"row": number, "emails": [], "urls": []}
            else:  # a card inside a card (an AGENT): its lines are not the outer person's
                nested += 1
                log.add(
                    file,
                    number,
                    None,
                    "warning",
                    "a vCard nested inside another (an AGENT card) is not read "
                    "as a contact; expected one person per card (the outer card is kept)",
                )
        elif card is None or nested and name != "END":
            continue
        elif name == "END":
            if upper == "VCARD":  # END:VCALENDAR and the like inside a card do not close it
                if nested:
                    nested -= 1
                else:
                    cards.append(card)
                    card = None
        elif name in _VCARD_READ:
            text, problem = _vcard_text(value, params)
            if problem:
                log.add(
                    file,
                    number,
                    name,
                    "warning",
                    f"{name} '{_show_value(text)}': {problem}; expected UTF-8 "
                    "or the character set its CHARSET= names (re-export the contacts as UTF-8 vCard 3 or 4)",
                )
            _vcard_property(card, name, params, text)
    if card is not None:
        log.add(
            file,
            card["row"],
            None,
            "warning",
            "a vCard opened with BEGIN:VCARD is never closed with "
            "END:VCARD; expected one END:VCARD per card; the card is read as far as the file goes",
        )
        cards.append(card)
    return cards


def _show_value(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _vcard_property(card: dict, name: str, params: str, value: str) -> None:
    """Put one decoded property into ``card`` (the first FN, ORG, TITLE, ... wins; PREF e-mails go first)."""
    if name == "FN":
        card["fn"] = _unescape(value).strip()
    elif name == "N":
        parts = (_split(value, ";") + [""] * 5)[:5]
        family, given, additional, prefix, suffix = (p.replace(",", " ").strip() for p in parts)
        card["n"] = " ".join(p for p in (prefix, given, additional, family, suffix) if p)
    elif name == "ORG":
        card.setdefault("org", _split(value, ";")[0].strip())
    elif name in ("TITLE", "ROLE", "NOTE"):
        card.setdefault(name.lower(), _unescape(value).strip())
    elif name == "NICKNAME":
        card.setdefault("nick", _unescape(value).strip())
    elif name == "EMAIL":
        email = _unescape(value).strip().removeprefix("mailto:")
        card["emails"].insert(0, email) if "PREF" in params.upper() else card["emails"].append(email)
    elif name == "CATEGORIES":
        card["tags"] = "; ".join(p.strip() for p in _split(value, ",") if p.strip())
    else:  # URL, X-SOCIALPROFILE, IMPP
        card["urls"].append(_unescape(value).strip())


def _vcard_table(cards: list[dict]) -> pd.DataFrame:
    """The cards as the contacts table :func:`read_contacts` returns, indexed by each card's first line."""

    def first(values, pattern=None):
        for v in values:
            if v and (pattern is None or re.search(pattern, v, re.I)):
                return v
        return None

    def column(values) -> pd.Series:
        return pd.Series([v or None for v in values], dtype="str")

    return _table(
        [c["row"] for c in cards],
        name=column(c.get("fn") or c.get("n") or c.get("nick") or first(c["emails"]) for c in cards),
        organization=column(c.get("org") for c in cards),
        role=column(c.get("title") or c.get("role") for c in cards),
        email=column(first(c["emails"]) for c in cards),
        linkedin=column(first(c["urls"], r"linkedin\.com/") for c in cards),
        tags=column(c.get("tags") for c in cards),
        notes=column(c.get("note") for c in cards),
        source="existing",
    ).set_index(pd.Index([c["row"] for c in cards], name="row"))


# ---------------------------------------------------------------------------- LinkedIn invitations
def _read_invitations(path: Path, log: ProblemLog) -> pd.DataFrame:
    f, rows = _csv(path, log)
    outgoing = _col(f, "direction").str.upper().eq("OUTGOING").fillna(False).to_numpy(dtype=bool)
    name = pd.Series(np.where(outgoing, _col(f, "to"), _col(f, "from")), index=f.index, dtype="str")
    url = pd.Series(
        np.where(outgoing, _col(f, "inviteeprofileurl"), _col(f, "inviterprofileurl")), index=f.index, dtype="str"
    )
    sent = _col(f, "sent at")
    dates = pd.to_datetime(sent, format="%m/%d/%y, %I:%M %p", errors="coerce")
    rest = dates.isna().to_numpy() & sent.notna().to_numpy()
    if rest.any():  # older exports and re-saved files: the usual date forms
        parsed, bad, _amb = _parse.parse_dates(
            sent[rest].str.replace(r"\s*UTC$", "", regex=True), date_format=None, dayfirst=False
        )
        dates[rest] = parsed.to_numpy()
        if bad.any():
            log.add_many(
                str(path),
                rows[rest][bad],
                "Sent At",
                "warning",
                [
                    f"'{v}' is not a date; expected LinkedIn's form 1/29/26, 2:37 PM; the invitation is left out"
                    for v in sent[rest][bad]
                ],
            )
    return _table(
        rows,
        name=name.to_numpy(),
        linkedin=url.to_numpy(),
        date=dates.to_numpy(),
        direction=np.where(outgoing, "outgoing", "incoming"),
    )


# ---------------------------------------------------------------------------- reading and merging
def read_contacts(path: PathLike, *, format: str | None = None, problems: bool = False):
    """Read a contacts export as a contacts table, whatever the exporter.

    Parameters
    ----------
    path : path
        A Google Contacts CSV (both the current header, ``First Name, ...,
        Organization Name, ..., E-mail 1 - Value``, and the older one with ``Given
        Name`` and ``Organization 1 - Name``), an Outlook CSV (desktop Outlook and
        Outlook.com: ``First Name, ..., Company, Job Title, ..., E-mail Address``),
        a vCard file (versions 2.1, 3.0 and 4.0, several cards per file) or a
        LinkedIn ``Connections.csv`` (read with :func:`read_linkedin`).
    format : str, optional
        One of :data:`CONTACT_FORMATS`; by default told by :func:`contacts_format`.
    problems : bool, default False
        Also return the problem table.

    Returns
    -------
    contacts : pandas.DataFrame
        One row per person, indexed by ``row`` (the line of the record in the file),
        columns ``name, organization, role, email, linkedin, tags, notes, source``
        (``source`` is ``existing`` for address books: people you already know).
        ``email`` is the first (or preferred) address, ``linkedin`` the first
        LinkedIn profile URL among the web sites, ``tags`` Google's labels or
        Outlook's and vCard's categories (``;``-separated; Google's system labels
        such as ``* myContacts`` are left out). For LinkedIn's export the columns
        are those of :func:`read_linkedin`.
    problems : pandas.DataFrame
        Only with ``problems=True``.

    Raises
    ------
    SchemaError
        If the format is unknown, or is ``linkedin-invitations`` (which holds
        invitations, not contacts: pass it to :func:`merge_contacts`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "contacts.vcf"
    >>> _ = path.write_text("BEGIN:VCARD\\r\\nVERSION:3.0\\r\\nN:Lee;Ann;;;\\r\\nFN:Ann Lee\\r\\n"
    ...                     "ORG:Acme\\\\, Inc.;Research\\r\\nEMAIL;TYPE=work:ann@acme.example\\r\\nEND:VCARD\\r\\n")
    >>> rg.read_contacts(path).loc[1, ["name", "organization", "email"]].tolist()
    ['Ann Lee', 'Acme, Inc.', 'ann@acme.example']
    """
    path = Path(check_path("path", path))
    fmt = format or contacts_format(path)
    if fmt not in CONTACT_FORMATS:
        raise SchemaError(f"unknown contacts format {fmt!r}; expected one of {', '.join(CONTACT_FORMATS)}")
    if fmt == "linkedin":
        return read_linkedin(path, problems=problems)
    if fmt == "linkedin-invitations":
        raise SchemaError(
            f"{path} is LinkedIn's Invitations.csv, which holds invitations, not contacts; pass it "
            "to merge_contacts (CLI: import-contacts) to date the first contact of people already in "
            "the network"
        )
    log = ProblemLog()
    table = {"google": _read_google, "outlook": _read_outlook, "vcard": _read_vcard}[fmt](path, log)
    blank = table["name"].isna().to_numpy()
    if blank.any():
        log.add_many(
            str(path),
            table.index.to_numpy()[blank],
            None,
            "warning",
            "skipped: no name, email or other identifying value in this record",
        )
        table = table[~blank]
    found = log.to_frame()
    if problems:
        return table, found
    if len(found):
        import warnings

        warnings.warn(
            f"{path}: {len(found)} problem{'s' if len(found) != 1 else ''} while reading "
            f"({found['message'].iloc[0]}); pass problems=True for all",
            ReferralGraphWarning,
            stacklevel=2,
        )
    return table


def _apply_invitations(net: ReferralNetwork, invitations: pd.DataFrame, seeker_id: str):
    """Date the first contact of people whose invitation (either way) is in the file and who are contacts."""
    from .tables import from_frames

    contacts = net.contacts
    found, code, how = _match_invitations(contacts, invitations)
    ids = contacts["id"].to_numpy(dtype=object)
    seeker_hit = found & (ids[code] == seeker_id)
    day = pd.to_datetime(pd.Series(invitations["date"].to_numpy())).dt.normalize().to_numpy(dtype="datetime64[ns]")
    dated = found & ~seeker_hit & ~np.isnat(day)
    old = (
        contacts["first_contact"].to_numpy(dtype="datetime64[ns]")
        if "first_contact" in contacts.columns
        else np.full(len(contacts), np.datetime64("NaT"), dtype="datetime64[ns]")
    )
    new_first, sets = _earliest_first_contact(old, day, code, dated)
    report = _invitation_report(
        invitations,
        ids,
        code,
        how,
        found=found,
        seeker_hit=seeker_hit,
        dated=dated,
        sets=sets,
        day=day,
        old=old,
        new_first=new_first,
    )
    contacts["first_contact"] = pd.Series(new_first, index=contacts.index, dtype="datetime64[ns]")
    strict = not (net.problems["severity"] == "error").any()
    return from_frames(contacts, net.introductions, net.meetings, strict=strict), report


def _match_invitations(contacts: pd.DataFrame, invitations: pd.DataFrame):
    """``(found, code, how)`` per invitation: the contact it names, by LinkedIn URL first, then by a unique name."""
    url_key = (
        _normalize_url(contacts["linkedin"])
        if "linkedin" in contacts.columns
        else pd.Series(None, index=contacts.index, dtype="str")
    )
    by_url = pd.Series(contacts.index, index=url_key).loc[lambda s: s.index.notna()]
    by_url = by_url[~by_url.index.duplicated(keep=False)]
    names = _name_key(contacts["name"])[~contacts["is_seeker"].to_numpy(dtype=bool)]
    by_name = pd.Series(names.index, index=names)
    by_name = by_name[~by_name.index.duplicated(keep=False) & by_name.index.notna()]
    # one lookup each for all invitations
    by_url_pos = by_url.reindex(_normalize_url(invitations["linkedin"]).fillna("")).to_numpy(dtype=float)
    by_name_pos = by_name.reindex(_name_key(invitations["name"]).fillna("")).to_numpy(dtype=float)
    url_hit = ~np.isnan(by_url_pos)
    pos = np.where(url_hit, by_url_pos, by_name_pos)
    found = ~np.isnan(pos)
    return found, np.where(found, pos, 0).astype(np.int64), np.where(url_hit, "url", "name")


def _earliest_first_contact(old: np.ndarray, day: np.ndarray, code: np.ndarray, dated: np.ndarray):
    """``(new_first, sets)``: each contact's first contact moved to its earliest invitation when that is earlier,
    and which invitation set it (one per contact, also when two share the day)."""
    earliest = pd.Series(day[dated]).groupby(code[dated]).min()
    new_first = old.copy()
    if len(earliest):
        at = earliest.index.to_numpy(dtype=np.int64)
        cand = earliest.to_numpy(dtype="datetime64[ns]")
        new_first[at] = np.where(np.isnat(old[at]) | (cand < old[at]), cand, old[at])
    sets = dated & (day == new_first[code]) & (np.isnat(old[code]) | (day < old[code]))
    sets &= ~pd.Series(code).where(sets).duplicated().to_numpy()  # two invitations, same day: one sets it
    return new_first, sets


def _invitation_report(invitations, ids, code, how, *, found, seeker_hit, dated, sets, day, old, new_first):
    """The report :func:`merge_contacts` returns for an Invitations.csv: one row per invitation and what it did."""

    def text(values):
        return pd.Series(values).dt.strftime("%Y-%m-%d").to_numpy(dtype=object)

    day_s, old_s, new_s = text(day), text(old[code]), text(new_first[code])
    action = np.where(
        ~found | seeker_hit | ~dated,
        "skipped",
        np.where(sets, np.char.add("dated-by-", how.astype(str)), np.char.add("matched-by-", how.astype(str))),
    ).astype(object)
    detail = np.empty(len(invitations), dtype=object)
    detail[~found] = "not accepted: not a contact of the network"
    detail[seeker_hit] = "this is the seeker"
    detail[found & ~seeker_hit & np.isnat(day)] = "no date"
    was = ~np.isnat(old[code])
    detail[sets] = [
        f"first_contact {d}" + (f" (was {o})" if w else "") for d, o, w in zip(day_s[sets], old_s[sets], was[sets])
    ]
    kept = dated & ~sets
    detail[kept] = [
        f"kept first_contact {n}, not later than the invitation on {d}" for n, d in zip(new_s[kept], day_s[kept])
    ]
    report = pd.DataFrame(
        list(zip(invitations.index, invitations["name"], action, np.where(found, ids[code], None), detail)),
        columns=["row", "name", "action", "id", "detail"],
    )
    report["row"] = report["row"].astype("Int64")
    return report.astype({"name": "str", "action": "str", "id": "str", "detail": "str"})


def merge_contacts(
    net: ReferralNetwork, contacts, *, seeker: str | None = None, format: str | None = None, report: bool = False
):
    """Merge a contacts export into a network (a new network); the rules of :func:`merge_linkedin`.

    Parameters
    ----------
    net : ReferralNetwork
        The network; it is not changed.
    contacts : path or pandas.DataFrame
        A file :func:`read_contacts` reads (or LinkedIn's ``Invitations.csv``), or
        the table it returns.
    seeker : str, optional
        Whose contacts (an id or a seeker's name). ``None`` means the only seeker; a network
        with several seekers needs it.
    format : str, optional
        The file's format (default: told by content).
    report : bool, default False
        Also return the merge report.

    Returns
    -------
    net : ReferralNetwork
    report : pandas.DataFrame
        Only with ``report=True``: as :func:`merge_linkedin`'s (``row, name,
        action, id, detail``). For ``Invitations.csv`` the actions are
        ``dated-by-url`` / ``dated-by-name`` (first_contact set to the invitation's
        day, where it was blank or later), ``matched-by-url`` / ``matched-by-name``
        (an earlier first contact kept) and ``skipped`` (the invitation was not
        accepted: nobody in the network is that person).

    Notes
    -----
    Matching is :func:`merge_linkedin`'s: LinkedIn URL, then email (ignoring
    case), then a name only one contact and one record have; matched contacts keep
    their values and gain the ones they lack; the others become direct contacts of
    the seeker. Differences are in the report's ``detail``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "google.csv"
    >>> _ = path.write_text("First Name,Middle Name,Last Name,Organization Name,Organization Title,"
    ...                     "E-mail 1 - Label,E-mail 1 - Value\\nAnn,,Lee,Acme,Analyst,* Work,ann@acme.example\\n")
    >>> net = rg.from_frames(pd.DataFrame({"name": ["Maya", "Ann Lee"], "is_seeker": ["yes", ""]}))
    >>> merged, report = rg.merge_contacts(net, path, report=True)
    >>> report[["row", "action", "id"]].values.tolist()
    [[2, 'matched-by-name', 'Ann Lee']]
    >>> merged.contact("Ann Lee")["organization"]
    'Acme'
    """
    return _merge(net, contacts, seeker=seeker, format=format, report=report)


def _merge(net, contacts, *, seeker=None, format=None, report=False, names_as_ids=False):
    check_network(net)
    label = "file"
    if isinstance(contacts, (str, os.PathLike)):
        path = Path(contacts)
        fmt = format or contacts_format(path)
        label = CONTACT_FORMATS[fmt]
        if fmt == "linkedin-invitations":
            log = ProblemLog()
            merged, table = _apply_invitations(net, _read_invitations(path, log), _resolve_seeker(net, seeker))
            return (merged, table) if report else merged
        if fmt == "linkedin" and not names_as_ids:
            return merge_linkedin(net, path, seeker=seeker, report=report)
        contacts, found = read_contacts(path, format=fmt, problems=True)
        is_skip = found["message"].str.startswith("skipped: ").to_numpy(dtype=bool)
        skipped = found[is_skip]
        if (~is_skip).any():
            import warnings

            others = found[~is_skip]
            warnings.warn(
                f"{path}: {len(others)} problem{'s' if len(others) != 1 else ''} while reading: "
                + "; ".join(others["message"].head(3)),
                ReferralGraphWarning,
                stacklevel=3,
            )
    elif isinstance(contacts, pd.DataFrame):
        skipped = None
    else:
        raise ArgumentTypeError(f"contacts must be a path or a pandas DataFrame (got {type(contacts).__name__})")
    if names_as_ids:  # a network whose ids are its names gets new ids the same way
        contacts = contacts.assign(id=contacts["name"])
    merged, table = merge_linkedin(net, contacts, seeker=seeker, report=True)
    table["detail"] = table["detail"].str.replace("(LinkedIn: ", f"({label}: ", regex=False)
    if skipped is not None and len(skipped):
        extra = pd.DataFrame(
            {
                "row": pd.array(skipped["row"], dtype="Int64"),
                "name": None,
                "action": "skipped",
                "id": None,
                "detail": skipped["message"].str.slice(len("skipped: ")).to_numpy(),
            }
        )
        table = pd.concat([table, extra.astype(table.dtypes.to_dict())], ignore_index=True)
        table = table.sort_values("row", kind="stable").reset_index(drop=True)
    return (merged, table) if report else merged


def import_contacts(
    path: PathLike,
    source: PathLike,
    *,
    seeker: str | None = None,
    format: str | None = None,
    date_format: str | None = None,
    dayfirst: bool | None = None,
    dry_run: bool = False,
    pool: bool = True,
):
    """Merge a contacts export into the files of ``source``, appending rows (and filling blank cells) only.

    Parameters
    ----------
    path : path
        The export (see :func:`merge_contacts`).
    source : path
        A folder of CSV files or a workbook; changed in place (see
        :func:`append_meeting` for how: nothing but the new rows and the filled
        cells changes). A folder without ``contacts.csv`` gets a new network
        with ``seeker`` (your name) as the seeker.
    seeker : str, optional
        Whose contacts; to start a new network, the seeker's name (required then). ``None``
        means the only seeker; a network with several seekers needs it.
    format : str, optional
        The export's format (default: told by content).
    date_format, dayfirst
        As for :func:`~referralgraph.load` (for reading ``source``).
    dry_run : bool, default False
        Return what would be added and matched; write nothing.
    pool : bool, default True
        Into an existing network folder, send the people with whom nothing has
        happened yet to the connections pool (``connections.csv``) instead of the
        contacts table (see :func:`referralgraph.import_linkedin` and
        docs/importing.md); their ``action`` is then ``pooled``.

    Returns
    -------
    pandas.DataFrame
        The merge report (see :func:`merge_contacts`); its ``attrs`` hold ``files``
        (the files written, or that would be), ``notes`` (columns added, files
        created), ``backup`` (where the files as they were are kept, for
        :func:`referralgraph.undo_import`) and ``dry_run``.

    Raises
    ------
    SeekerNotFound
        If ``source`` holds no network and ``seeker`` is not given.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (tmp / "ann.vcf").write_text("BEGIN:VCARD\\r\\nVERSION:4.0\\r\\nFN:Ann Lee\\r\\nORG:Acme\\r\\nEND:VCARD\\r\\n")
    >>> rg.import_contacts(tmp / "ann.vcf", tmp / "search", seeker="Maya Park")[["action", "id"]]
      action       id
    0  added  ann-lee
    """
    from ..exceptions import SeekerNotFound
    from .pool import import_into
    from .tables import save

    folder = Path(source)
    holds = (
        folder.is_dir() and any(p.name.lower() in ("contacts.csv", "contacts.parquet") for p in folder.iterdir())
    ) or (folder.is_file())
    if not holds:
        if seeker is None or not str(seeker).strip():
            raise SeekerNotFound(
                f"{folder} holds no network (no contacts.csv); to start one there, pass your "
                'name as seeker (CLI: --seeker "Your Name")'
            )
        fmt = format or contacts_format(path)
        if fmt == "linkedin-invitations":
            raise SchemaError(
                f"{path} is LinkedIn's Invitations.csv, which dates people already in a network; "
                "import Connections.csv (or an address book) first"
            )
        base = from_linkedin(pd.DataFrame({"name": pd.Series([], dtype="str")}), seeker=seeker)
        net, report = _merge(base, path, format=fmt, report=True)
        if not dry_run:
            save(net, folder, format="csv")
        report.attrs.update(
            {
                "files": [str(folder / f"{t}.csv") for t in ("contacts", "introductions", "meetings")],
                "notes": [f"started a network in {folder}"],
                "dry_run": dry_run,
                "backup": None,
            }
        )
        return report

    def merge(net):
        c = net.table("contacts")
        names_as_ids = len(c) > 0 and bool((c["id"].astype(str) == c["name"].astype(str)).all())
        return _merge(net, path, seeker=seeker, format=format, report=True, names_as_ids=names_as_ids)

    return import_into(
        folder,
        merge,
        seeker_of=lambda net: _resolve_seeker(net, seeker),
        what=f"import-contacts {Path(path).name}",
        dry_run=dry_run,
        pool=pool,
        date_format=date_format,
        dayfirst=dayfirst,
    )
