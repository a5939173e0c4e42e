"""Sharing safely: pseudonymised networks, and spreadsheet cells that cannot run as formulas."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._docstrings import share_docs
from ..exceptions import ArgumentTypeError, OptionError, SchemaError
from .network import ReferralNetwork

__all__ = [
    "anonymize",
    "pseudonym",
    "Anonymity",
    "DEFAULT_KEEP",
    "DEFAULT_K",
    "STRUCTURE_COLUMNS",
    "FREE_TEXT",
    "FORMULA_TRIGGERS",
    "neutralize_cells",
    "restore_cells",
]

#: descriptive columns an anonymised copy keeps by default: coarse ones, generalised to groups of >= DEFAULT_K people
DEFAULT_KEEP = ("field", "source")
#: the smallest group of people an anonymised copy's kept columns may single out (k-anonymity)
DEFAULT_K = 5
#: what a generalised (too rare) value and a withheld combination become
OTHER = "(other)"
WITHHELD = "(withheld)"

#: columns that carry the network's structure: always kept (references become pseudonyms)
STRUCTURE_COLUMNS = {
    "contacts": ("id", "name", "first_contact", "is_seeker"),
    "introductions": ("introducer", "introduced", "date", "seeker", "status"),
    "meetings": (
        "contact",
        "date",
        "seeker",
        "kind",
        "asked_for_introductions",
        "thank_you_sent",
        "handwritten_note",
        "handwritten_note_date",
        "questions_prepared",
    ),
}
_REFERENCES = {
    "contacts": ("id",),
    "introductions": ("introducer", "introduced", "seeker"),
    "meetings": ("contact", "seeker"),
}

_EMAIL = r"[\w.+'\-]+@[\w\-]+(?:\.[\w\-]+)+"
_URL = r"(?:\b[a-z][a-z0-9+.\-]*://|\bwww\.|\b[\w\-]+(?:\.[\w\-]+)*\.(?:com|org|net|edu|io|co|in|me)/)\S*"
_PHONE = r"\+?\(?\d(?:[\s().\-/]{0,3}\d){6,}"
_SCRUB = re.compile(f"{_EMAIL}|{_URL}|{_PHONE}", re.IGNORECASE)
_REMOVED = "[removed]"

#: first characters that make a spreadsheet treat a cell as a formula (OWASP's list)
FORMULA_TRIGGERS = "=+-@\t\r"
_NEUTRALIZE = r"^'*[=+\-@\t\r]"
#: a plain number (``-5``, ``+5``, ``-1e5``, ``-0.25``): a spreadsheet reads it as that number, not a formula
_NUMBER = r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$"


@dataclass(frozen=True)
class Anonymity:
    """What an anonymised copy keeps and how many people each kept description fits.

    Set as ``anonymity`` on the network :func:`anonymize` returns.

    Attributes
    ----------
    k : int or None
        The smallest number of contacts (seekers aside) who share one combination
        of the kept descriptive columns: the copy is *k-anonymous* in them. ``None``
        when there are no contacts; the number of contacts when no column is kept.
    k_requested : int
        The ``k`` asked for; ``k < k_requested`` only when there are fewer
        contacts than that, and then every kept value is ``(withheld)``.
    kept : tuple of str
        Descriptive columns of the contacts table the copy keeps.
    generalized : dict
        Column -> number of contacts whose rare value became ``"(other)"``.
    withheld : int
        Contacts whose kept values were all replaced by ``"(withheld)"`` because
        their combination was still rarer than ``k``.
    """

    k: int | None
    k_requested: int
    kept: tuple
    generalized: dict
    withheld: int


@share_docs
def anonymize(
    net: ReferralNetwork, *, salt: str | bytes | None = None, keep: Iterable[str] = DEFAULT_KEEP, k: int = DEFAULT_K
) -> ReferralNetwork:
    """A copy of the network with people replaced by pseudonyms, private details removed and rare descriptions generalised.

    What happens to each column:

    - ``id`` and every reference to a contact (``introducer``, ``introduced``,
      ``seeker``, ``contact``) become a pseudonym, ``seeker-<hex>`` for seekers and
      ``person-<hex>`` for everyone else; ``name`` becomes the same pseudonym.
    - Structure is kept as it is: dates, ``is_seeker``, ``status``, ``kind`` and the
      yes/no meeting columns (see :data:`STRUCTURE_COLUMNS`), so every metric,
      tree and timeline of the copy equals the original's.
    - Columns named in ``keep`` (default ``field`` and ``source``) are kept, with
      anything that looks like an e-mail address, a URL or a phone number (seven or
      more digits) replaced by ``[removed]``, and spelling variants made one value
      (``Google``, ``GOOGLE `` and ``google`` become the commonest spelling). In the
      contacts table they are then made *k-anonymous*: a value fewer than ``k``
      contacts share becomes ``(other)``, and a contact whose combination of kept
      values is still shared by fewer than ``k`` contacts has them all replaced by
      ``(withheld)``. Seekers are grouped among seekers (the copy marks them as
      seekers): with fewer than ``k`` seekers, their kept values are all withheld.
    - Free-text columns (``notes``, ``takeaways``, ``tags``; see :data:`FREE_TEXT`),
      when kept, have every word of every contact's name and id and of every
      organization replaced by ``[name]`` ("ask Nina about the team" becomes "ask
      [name] about the team"). A person described without their name ("the
      recruiter who ran the Tuesday panel") is not caught: review kept text before
      sharing.
    - Everything else is dropped: ``organization``, ``role``, ``email``,
      ``linkedin``, ``tags``, ``notes``, ``takeaways`` and every extra column.

    Parameters
    ----------
    net : ReferralNetwork
        The network; it is not changed.
    salt : str or bytes, optional
        Secret key of the pseudonyms. The same salt gives the same pseudonyms (so
        exports made at different times can be compared); keep it private, since
        anyone who has it can test a guessed id against a pseudonym. By default a
        fresh random key is used, so pseudonyms differ on every call.
    keep : iterable of str, default ``DEFAULT_KEEP``
        Descriptive columns to keep (in any table; absent ones are ignored), e.g.
        ``("organization", "field")``. Pass ``()`` to keep none of them.
    k : int, default 5
        Every kept description must fit at least ``k`` contacts; ``k=1`` keeps the
        values as they are (only scrubbed).

    {returns_network}
        A new network with the same rows, in an order that tells nothing: contacts
        by pseudonym, introductions and meetings by date then pseudonym (the
        original order, say an address book sorted by name, would map pseudonyms
        back to people); trees and metrics are the same. Its ``anonymity``
        attribute (an :class:`Anonymity`) reports the ``k`` achieved, what was kept
        and how much was generalised.

    Raises
    ------
    SchemaError
        If ``keep`` names ``id`` or ``name`` (always replaced) or is not a list of
        column names.
    OptionError
        If ``k`` is not an integer >= 1.

    See Also
    --------
    referralgraph.save : ``anonymize=True`` writes an anonymised copy.

    Notes
    -----
    A pseudonym is the first 8 hex digits of a keyed BLAKE2b hash of the id; ids
    whose 8 digits collide get 16 (then 32), so pseudonyms are always unique.

    Organization and role are quasi-identifiers: in the demo every contact's
    (organization, role) pair is unique, so a copy that kept them would name
    people to anyone who knows the field. k-anonymity [1]_ over the kept columns
    (values compared case-folded, missing counted as a value) bounds that: anyone
    matching a description matches at least ``k`` people. Generalisation first
    replaces values rarer than ``k`` (global recoding), then suppresses the rare
    combinations that remain, the smallest groups first, until every group,
    ``(withheld)`` included, holds ``k`` contacts [2]_. Seekers are grouped among
    themselves, since the copy marks them as seekers; a seeker whose kept values are
    all withheld reveals nothing through them and does not lower the ``k`` reported,
    which is computed on the table as written. What this cannot see: the
    shape of the tree and the dates (the only contact met on a given day), and a
    person named inside a kept value. Review before sharing.

    References
    ----------
    .. [1] Sweeney, L. (2002). k-anonymity: a model for protecting privacy.
       *International Journal of Uncertainty, Fuzziness and Knowledge-Based
       Systems* 10(5), 557-570.
    .. [2] Samarati, P. (2001). Protecting respondents' identities in microdata
       release. *IEEE Transactions on Knowledge and Data Engineering* 13(6),
       1010-1027.

    Examples
    --------
    >>> import pandas as pd, referralgraph as rg
    >>> contacts = pd.DataFrame({"name": ["Maya Chen", "Ann Lee"], "is_seeker": ["yes", ""],
    ...                          "email": ["", "ann@example.com"], "organization": ["", "Acme"]})
    >>> anon = rg.anonymize(rg.from_frames(contacts), salt="our secret", keep=("organization",), k=1)
    >>> anon.contacts
                    id             name organization  is_seeker
    0  person-84d839ee  person-84d839ee         Acme      False
    1  seeker-e9acd386  seeker-e9acd386          NaN       True
    >>> anon.anonymity.k
    1
    """
    if not isinstance(net, ReferralNetwork):
        raise ArgumentTypeError(f"net must be a ReferralNetwork (got {type(net).__name__})")
    if isinstance(keep, str) or not isinstance(keep, Iterable):
        raise SchemaError(f"keep must be a list of column names, e.g. ('organization', 'role'); got {keep!r}")
    keep = tuple(keep)
    if not all(isinstance(c, str) for c in keep):
        raise SchemaError(f"keep must be a list of column names, e.g. ('organization', 'role'); got {keep!r}")
    forbidden = sorted({"id", "name"} & set(keep))
    if forbidden:
        raise SchemaError(
            f"keep names {', '.join(map(repr, forbidden))}, which anonymize always replaces with "
            f"pseudonyms; expected descriptive columns such as 'organization', 'role', 'field'"
        )
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise OptionError(f"k must be an integer >= 1 (got {k!r})")
    k = int(k)
    key = _key(salt)
    contacts, intros, meetings = net._contacts, net._introductions, net._meetings
    ids = contacts["id"].astype("str")
    is_seeker = contacts["is_seeker"].to_numpy(dtype=bool) if len(contacts) else np.zeros(0, bool)
    mapping = pd.Series(_pseudonyms(ids.tolist(), is_seeker, key), index=ids.to_numpy(), dtype="str")

    def refer(values: pd.Series) -> pd.Series:
        out = pd.Series(values.map(mapping).to_numpy(), index=values.index, dtype="str")
        unknown = out.isna().to_numpy() & values.notna().to_numpy()
        if unknown.any():  # references left unresolved by a lenient load: hide them too
            raw = values[unknown].astype("str").tolist()
            out[unknown] = _pseudonyms(raw, np.zeros(len(raw), bool), key, prefix="unknown-")
        return out

    names = _known_names(contacts) if any(c in FREE_TEXT for c in keep) else None
    tables = {}
    for name, frame in (("contacts", contacts), ("introductions", intros), ("meetings", meetings)):
        cols = [c for c in frame.columns if c in STRUCTURE_COLUMNS[name] or c in keep]
        new = frame[cols].copy()
        for col in _REFERENCES[name]:
            if col in new.columns:
                new[col] = refer(new[col])
        for col in cols:
            if col in keep and col not in STRUCTURE_COLUMNS[name]:
                new[col] = _scrub(new[col])
                if col in FREE_TEXT:
                    new[col] = _scrub_names(new[col], names)
                else:
                    new[col] = _one_spelling(new[col])
        tables[name] = new
    tables["contacts"]["name"] = tables["contacts"]["id"]
    described = [c for c in tables["contacts"].columns if c in keep and c not in STRUCTURE_COLUMNS["contacts"]]
    # seekers are grouped among seekers (the copy marks them), everyone else among everyone else
    tables["contacts"], others = _k_anonymous(tables["contacts"], described, ~is_seeker, k)
    tables["contacts"], seekers = _k_anonymous(tables["contacts"], described, is_seeker, k)
    anonymity = _combine(others, seekers, tables["contacts"], described, is_seeker)
    tables = _shuffled(tables, net)
    out = ReferralNetwork(tables["contacts"], tables["introductions"], tables["meetings"])
    out.anonymity = anonymity
    return out


def _combine(
    others: Anonymity, seekers: Anonymity, contacts: pd.DataFrame, columns: list[str], is_seeker: np.ndarray
) -> Anonymity:
    """One :class:`Anonymity` for the two groups, computed on the table as it is written.

    Seekers whose kept values are all ``(withheld)`` reveal nothing through them and do not
    lower ``k`` (with fewer than ``k`` seekers, that is every seeker).
    """
    k = others.k
    shown = is_seeker & bool(columns)  # without kept columns a seeker's row describes nothing
    if shown.any():
        withheld = np.logical_and.reduce([contacts[c].to_numpy(dtype=object) == WITHHELD for c in columns])
        shown &= ~withheld
    if shown.any():
        codes = _group_codes(contacts.iloc[np.flatnonzero(shown)], columns)
        smallest = int(np.bincount(codes).min())
        k = smallest if k is None else min(k, smallest)
    generalized = dict(others.generalized)
    for c, n in seekers.generalized.items():
        generalized[c] = generalized.get(c, 0) + n
    return Anonymity(
        k=k,
        k_requested=others.k_requested,
        kept=others.kept,
        generalized=generalized,
        withheld=others.withheld + seekers.withheld,
    )


def _one_spelling(values: pd.Series) -> pd.Series:
    """Spelling variants made one value: ``Google``, ``GOOGLE `` and ``google`` all become the commonest form.

    Values are compared after Unicode NFKC, case folding and collapsing spaces (as k-anonymity
    groups them), so a variant spelling cannot single out the one person who typed it.
    """
    if not (values.dtype == object or pd.api.types.is_string_dtype(values.dtype)) or not len(values):
        return values
    import unicodedata

    present = values.notna().to_numpy()
    text = values[present].astype("str").map(lambda v: " ".join(unicodedata.normalize("NFKC", v).split()))
    key = text.str.casefold()
    frame = pd.DataFrame({"key": key.to_numpy(), "text": text.to_numpy()})
    counts = frame.value_counts(["key", "text"]).reset_index(name="n")
    counts = counts.sort_values(["key", "n", "text"], ascending=[True, False, True], kind="stable")
    best = counts.drop_duplicates("key").set_index("key")["text"]
    out = values.astype(object).copy()
    out[present] = key.map(best).to_numpy()
    return out


#: kept columns that are free text: scrubbed of every known name instead of generalised as categories
FREE_TEXT = ("notes", "takeaways", "tags")
_NAMED = "[name]"


def _known_names(contacts: pd.DataFrame) -> set:
    """Every word of every contact's name and id and every organization's name (case-folded, 2+ letters)."""
    import re as _re

    words: set[str] = set()
    for col in ("name", "id", "organization"):
        if col in contacts.columns:
            for value in contacts[col].dropna().astype("str").unique():
                words.update(w.casefold() for w in _re.findall(r"\w+", value) if len(w) >= 2 and not w.isdigit())
    return words


def _scrub_names(values: pd.Series, names: set | None) -> pd.Series:
    """Free text with every word that is part of a known name (person, id or organization) made ``[name]``."""
    if not (values.dtype == object or pd.api.types.is_string_dtype(values.dtype)) or not names:
        return values
    word = re.compile(r"\w+")

    def scrub(text: str) -> str:
        return word.sub(lambda m: _NAMED if m.group().casefold() in names else m.group(), text)

    present = values.notna().to_numpy()
    out = values.astype(object).copy()
    out[present] = values[present].astype("str").map(scrub).to_numpy()
    return out


def _shuffled(tables: dict, net: ReferralNetwork) -> dict:
    """Rows in an order that tells nothing: contacts by pseudonym; introductions and meetings by date, then pseudonym.

    The original order of an address book (by name, by when people were met) would map
    pseudonyms back to people. Rows that the tree rules tell apart by file order (two
    introductions of one person to one seeker on the same day) keep their relative order,
    so trees and metrics are the same.
    """
    contacts = tables["contacts"]
    order = np.argsort(contacts["id"].astype("str").to_numpy(), kind="stable")
    out = {"contacts": contacts.iloc[order].reset_index(drop=True)}
    for name, who in (("introductions", ["seeker", "introduced", "introducer"]), ("meetings", ["seeker", "contact"])):
        frame = tables[name]
        if not len(frame):
            out[name] = frame.reset_index(drop=True)
            continue
        keys = pd.DataFrame({"nat": frame["date"].isna().to_numpy(), "date": frame["date"].to_numpy()})
        for col in who:
            keys[col] = frame[col].astype("str").to_numpy()
        group = ["seeker", "introduced"] if name == "introductions" else ["seeker", "contact"]
        keys["rank"] = keys.groupby(group, sort=False).cumcount().to_numpy()  # file order within one person
        if name == "introductions":  # same day, same person: file order decides the tree edge; keep it
            keys = keys.drop(columns="introducer")
        order = keys.sort_values(list(keys.columns), kind="stable").index.to_numpy()
        out[name] = frame.iloc[order].reset_index(drop=True)
    return out


def _group_codes(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """One code per row for its combination of (case-folded) values of ``columns``; missing is a value."""
    if not columns:
        return np.zeros(len(frame), np.int64)
    folded = [
        pd.Series(frame[c].astype("str").str.strip().str.casefold().to_numpy())
        .mask(frame[c].isna().to_numpy())
        .fillna("\\x00missing")
        for c in columns
    ]
    codes, _ = pd.MultiIndex.from_arrays(folded).factorize() if len(columns) > 1 else pd.factorize(folded[0])
    return np.asarray(codes, dtype=np.int64)


def _k_anonymous(contacts: pd.DataFrame, columns: list[str], people: np.ndarray, k: int):
    """Generalise then suppress the kept descriptive columns until every group of ``people`` rows has >= k rows."""
    n = int(people.sum())
    generalized = {}
    withheld = 0
    out = contacts
    if columns and k > 1 and n:
        out = contacts.copy()
        rows = np.flatnonzero(people)
        for c in columns:  # 1. global recoding: rare values become (other)
            col = out[c]
            codes = _group_codes(out.iloc[rows], [c])
            size = np.bincount(codes)[codes]
            rare = (size < k) & col.iloc[rows].notna().to_numpy()
            if rare.any():
                if col.dtype != object:
                    out[c] = col = col.astype(object)
                out.iloc[rows[rare], out.columns.get_loc(c)] = OTHER
                generalized[c] = int(rare.sum())
        # 2. local suppression: combinations still rarer than k, smallest groups first
        codes = _group_codes(out.iloc[rows], columns)
        size = np.bincount(codes)
        suppress = size[codes] < k
        if suppress.any() and suppress.sum() < k:
            order = np.argsort(size, kind="stable")
            order = order[size[order] >= k]
            for g in order:  # per group, never per contact: until (withheld) holds k people
                suppress |= codes == g
                if suppress.sum() >= k or suppress.all():
                    break
        if suppress.any():
            for c in columns:
                if out[c].dtype != object:
                    out[c] = out[c].astype(object)
                out.iloc[rows[suppress], out.columns.get_loc(c)] = WITHHELD
            withheld = int(suppress.sum())
    if n == 0:
        achieved = None
    elif not columns:
        achieved = n
    else:
        codes = _group_codes(out.iloc[np.flatnonzero(people)], columns)
        achieved = int(np.bincount(codes).min())
    return out, Anonymity(k=achieved, k_requested=k, kept=tuple(columns), generalized=generalized, withheld=withheld)


def pseudonym(contact_id: str, *, salt: str | bytes, is_seeker: bool = False) -> str:
    """The pseudonym :func:`anonymize` with this ``salt`` gives ``contact_id`` (for a caller that knows both).

    Ids whose 8 hex digits collide with another's get longer pseudonyms in :func:`anonymize`;
    this returns the 8-digit form, so look the result up among the copy's ids.

    Examples
    --------
    >>> from referralgraph.model.privacy import pseudonym
    >>> pseudonym("maya", salt="our secret", is_seeker=True) in rg.anonymize(rg.demo(), salt="our secret").seekers
    True
    """
    if salt is None:
        raise ArgumentTypeError("salt must be the str or bytes given to anonymize (got None)")
    return _pseudonyms([str(contact_id)], np.array([bool(is_seeker)]), _key(salt))[0]


def _key(salt) -> bytes:
    if salt is None:
        return secrets.token_bytes(32)
    if isinstance(salt, str):
        salt = salt.encode("utf-8")
    if not isinstance(salt, bytes):
        raise ArgumentTypeError(f"salt must be a str or bytes (got {type(salt).__name__})")
    return salt if len(salt) <= 64 else hashlib.blake2b(salt).digest()


def _pseudonyms(ids: list[str], is_seeker: np.ndarray, key: bytes, *, prefix: str | None = None) -> list[str]:
    digests = np.array(
        [hashlib.blake2b(i.encode("utf-8", "surrogatepass"), key=key, digest_size=16).hexdigest() for i in ids],
        dtype=object,
    )
    prefixes = np.full(len(ids), prefix or "person-", dtype=object)
    if prefix is None:
        prefixes[is_seeker] = "seeker-"
    out = prefixes + np.array([d[:8] for d in digests], dtype=object) if len(ids) else np.zeros(0, dtype=object)
    for width in (16, 32):
        clash = pd.Series(out).duplicated(keep=False).to_numpy() if len(out) else np.zeros(0, bool)
        if not clash.any():
            break
        out[clash] = prefixes[clash] + np.array([d[:width] for d in digests[clash]], dtype=object)
    return list(out)


def _scrub(values: pd.Series) -> pd.Series:
    """Replace e-mails, URLs and phone-like numbers in a text column; other dtypes are returned as they are."""
    if not (values.dtype == object or pd.api.types.is_string_dtype(values.dtype)):
        return values
    text = values.astype("str")
    return text.str.replace(_SCRUB, _REMOVED, regex=True).mask(values.isna())


def _text_mask(values: pd.Series) -> np.ndarray:
    if pd.api.types.is_string_dtype(values.dtype) and values.dtype != object:
        return values.notna().to_numpy()
    if values.dtype == object:
        return np.fromiter((isinstance(v, str) for v in values.to_numpy()), bool, count=len(values))
    return np.zeros(len(values), dtype=bool)


def neutralize_cells(values: pd.Series) -> pd.Series:
    """Prefix ``'`` to text cells a spreadsheet would run as a formula; reversed by :func:`restore_cells`.

    A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    gets a leading single quote, which spreadsheets read as "this is text". So that
    the change can be undone exactly, a cell that already begins with quotes
    followed by one of those characters (``'=x``) gets one more quote too.
    Text that is a plain number (``-5``, ``+5``, ``-1e5``, ``-0.25``) is left alone:
    a spreadsheet reads it as that number and runs nothing. Non-text values
    (numbers, dates, missing) are left alone too; a new Series is returned.
    Every table referralgraph writes for spreadsheets (CSV and xlsx: the network,
    the metric tables, problem tables) goes through this one function.

    Parameters
    ----------
    values : pandas.Series or pyarrow.Array
        A pyarrow string array (as the table writers hold their cells) is handled
        with Arrow compute and a pyarrow array returned.

    Returns
    -------
    pandas.Series or pyarrow.Array

    See Also
    --------
    restore_cells : the inverse, applied when a file is read.

    References
    ----------
    .. [1] OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection

    Examples
    --------
    >>> from referralgraph.model.privacy import neutralize_cells
    >>> neutralize_cells(pd.Series(["=1+1", "-- call back", "'=x", "fine", "-5", "+1e5", "-1+2"])).tolist()
    ["'=1+1", "'-- call back", "''=x", 'fine', '-5', '+1e5', "'-1+2"]
    """
    if not isinstance(values, pd.Series) and hasattr(values, "type") and hasattr(values, "null_count"):
        return _neutralize_arrow(values)
    out = values.copy()
    mask = _text_mask(values)
    if mask.any():
        text = values if mask.all() and values.dtype != object else values[mask]
        text = text.astype("str")
        hit = text.str.match(_NEUTRALIZE).fillna(False).to_numpy(dtype=bool)
        if hit.any():
            hit = hit & ~text.str.match(_NUMBER).fillna(False).to_numpy(dtype=bool)
        if hit.any():
            if out.dtype != object and not pd.api.types.is_string_dtype(out.dtype):
                out = out.astype(object)
            pos = np.flatnonzero(mask)[hit]
            out.iloc[pos] = ("'" + text[hit]).to_numpy()
    return out


def _neutralize_arrow(values):
    """:func:`neutralize_cells` of a pyarrow string array (nulls stay null)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(values) == 0:
        return values
    hit = pc.match_substring_regex(values, _NEUTRALIZE)
    if not pc.any(hit).as_py():
        return values
    hit = pc.and_(hit, pc.invert(pc.match_substring_regex(values, _NUMBER)))
    quote, empty = pa.scalar("'", values.type), pa.scalar("", values.type)
    return pc.if_else(pc.fill_null(hit, False), pc.binary_join_element_wise(quote, values, empty), values)


def restore_cells(values: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    """Undo :func:`neutralize_cells`: drop one leading ``'`` from text that then begins with a formula character.

    Readers apply this to every cell of a CSV file or workbook, so a cell written as
    ``'=1+1`` reads back as ``=1+1`` and ``''=x`` as ``'=x``; a quote before anything
    else (``'hello``) is kept. Returns a new object.

    Parameters
    ----------
    values : pandas.Series or pandas.DataFrame

    Returns
    -------
    pandas.Series or pandas.DataFrame

    Examples
    --------
    >>> from referralgraph.model.privacy import restore_cells
    >>> restore_cells(pd.Series(["'=1+1", "''=x", "'hello", "-1"])).tolist()
    ['=1+1', "'=x", "'hello", '-1']
    """
    if isinstance(values, pd.DataFrame):
        out = values.copy()
        for pos in range(out.shape[1]):
            out.isetitem(pos, restore_cells(out.iloc[:, pos]))
        return out
    out = values.copy()
    mask = _text_mask(values)
    if mask.any():
        text = values[mask].astype("str")
        hit = text.str.match(r"^'+[=+\-@\t\r]").fillna(False).to_numpy(dtype=bool)
        if hit.any():
            out.iloc[np.flatnonzero(mask)[hit]] = text[hit].str.slice(1).to_numpy()
    return out
