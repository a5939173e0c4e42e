"""One matcher for people: how a name typed by a person finds a contact, everywhere.

Every place a person is looked up by name (``log``, ``--seeker``, the imports'
merging, :meth:`ReferralNetwork.contact`, the map's search box) uses these rules, and
``validate`` gives the same "did you mean" suggestions.

**Folding** (:func:`fold_name`) makes two spellings of a name equal when a person
would call them the same:

1. Unicode compatibility decomposition (NFKD), then every combining mark dropped:
   ``José`` = ``Jose``, ``Müller`` = ``Muller``, ``ﬁ`` = ``fi``;
2. lower case;
3. letters that carry their mark inside them spelled out: ``ı`` (dotless i) → ``i``,
   ``ß`` → ``ss``, ``ø`` → ``o``, ``æ`` → ``ae``, ``œ`` → ``oe``, ``ł`` → ``l``,
   ``đ``/``ð`` → ``d``, ``þ`` → ``th``, ``ħ`` → ``h``, ``ŧ`` → ``t``, ``ĸ`` → ``k``,
   ``ŋ`` → ``n``, ``ς`` → ``σ``;
4. apostrophes removed (``O'Neil`` = ``ONeil``); every other run of characters that
   are not letters or digits (spaces, hyphens, dots, commas, tabs) becomes one space,
   and the ends are trimmed (``Jean-Luc`` = ``jean luc``, ``Ann  Lee`` = ``Ann Lee``).

The map's JavaScript (``drawing/maps/templates/names.js``) applies the same steps
(``\\p{M}``, ``\\p{L}``, ``\\p{N}`` are the Unicode categories M, L and N used here);
the tests run both on one list of names.

**Finding** (:func:`find_person`), in this order, the first rule with a match wins:

1. the exact id;
2. a name equal to the query once both are folded;
3. unless ``prefix=False`` (adding a new person), together: an id equal once both
   are folded (``Priya K`` → ``priya-k``), and, for a folded query of 3 characters or
   more, names whose words start with the query's words, in order (``Elif Y`` →
   ``Elif Yıldız``; ``garc`` → ``José García``).

One match is the answer; several are an error listing them (give the id). When the
exact id wins while other contacts carry that name too, :attr:`Match.note` says so.

**Suggestions** (:func:`suggest`): up to two names or ids whose folded text is
close to the folded query (``difflib`` ratio 0.75 or more), shown as written.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["fold_name", "fold_names", "find_person", "suggest", "Match"]

#: letters whose mark is part of the letter (NFKD leaves them whole), spelled out after lower-casing
SPELLED = {
    "ı": "i",
    "ß": "ss",
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ħ": "h",
    "ŧ": "t",
    "ĸ": "k",
    "ŋ": "n",
    "ς": "σ",
}
#: characters removed outright (apostrophes inside names)
APOSTROPHES = "'\u2019\u02bc\u2018`\u00b4"
_SPELL = str.maketrans({**SPELLED, **{a: "" for a in APOSTROPHES}})
_ASCII_OTHER = re.compile(r"[^0-9a-z]+")
#: a folded query must be this long before word starts are tried (a shorter one matches whole words only)
PREFIX_MIN = 3


def _keep(ch: str) -> str:
    cat = unicodedata.category(ch)
    if cat[0] == "M":
        return ""
    return ch if cat[0] in "LN" else " "


def fold_name(text) -> str:
    """The folded form of one name: case, accents, special letters, punctuation and spaces folded.

    Parameters
    ----------
    text : str
        A name or an id; anything else folds to ``""``.

    Returns
    -------
    str
        Lower-case letters and digits separated by single spaces.

    Examples
    --------
    >>> from referralgraph.model.names import fold_name
    >>> fold_name("  José   García "), fold_name("Elif Yıldız"), fold_name("Jürgen Groß")
    ('jose garcia', 'elif yildiz', 'jurgen gross')
    >>> fold_name("Søren Kierkegaard"), fold_name("O'Neil-Smith, Jr.")
    ('soren kierkegaard', 'oneil smith jr')
    """
    if not isinstance(text, str):
        return ""
    if text.isascii():
        return _ASCII_OTHER.sub(" ", text.lower().translate(_SPELL)).strip()
    decomposed = unicodedata.normalize("NFKD", text)
    marks_out = "".join(ch for ch in decomposed if unicodedata.category(ch)[0] != "M")
    spelled = marks_out.lower().translate(_SPELL)
    # lower-casing may decompose again (e.g. 'İ'); drop new marks, then punctuation -> one space
    return " ".join("".join(_keep(ch) for ch in unicodedata.normalize("NFKD", spelled)).split())


def fold_names(values) -> pd.Series:
    """:func:`fold_name` over a sequence: a ``str`` Series ('' for blanks), ASCII text vectorised.

    Examples
    --------
    >>> from referralgraph.model.names import fold_names
    >>> fold_names(["Ann  Lee", "Zoë", None]).tolist()
    ['ann lee', 'zoe', '']
    """
    s = pd.Series(values, dtype="object") if not isinstance(values, pd.Series) else values.astype("object")
    text = s.where(s.map(lambda v: isinstance(v, str)), "")
    ascii_ = text.map(str.isascii).to_numpy(dtype=bool)
    out = pd.Series([""] * len(text), index=s.index, dtype="object")
    if ascii_.any():
        part = text[ascii_].str.lower().str.translate(_SPELL).str.replace(_ASCII_OTHER, " ", regex=True).str.strip()
        out[ascii_] = part.to_numpy()
    if (~ascii_).any():
        out[~ascii_] = [fold_name(v) for v in text[~ascii_]]
    return out.astype("str")


@dataclass(frozen=True)
class Match:
    """The result of :func:`find_person`.

    Attributes
    ----------
    codes : numpy.ndarray
        Positions of the matching contacts (empty: nobody; several: ambiguous).
    rule : str
        ``"id"``, ``"name"`` (folded name), ``"prefix"`` (folded id or word starts) or ``""``.
    note : str
        When the exact id won although other contacts carry that name: who they are.
    """

    codes: np.ndarray
    rule: str = ""
    note: str = ""


def _word_starts(folded: pd.Series, query: str) -> np.ndarray:
    """Names whose words start, in order, with the query's words."""
    words = query.split()
    pattern = r"(?:^| )" + r"\S* (?:\S+ )*".join(re.escape(w) for w in words)
    return folded.str.contains(pattern, regex=True).to_numpy(dtype=bool)


def find_person(query, ids, names, *, prefix: bool = True) -> Match:
    """Who ``query`` names among contacts with ``ids`` and ``names``, by the rules above.

    Parameters
    ----------
    query : str
        An id or a name as a person typed it.
    ids, names : sequence of str
        The contacts' ids and names, position for position.
    prefix : bool, default True
        Try folded ids and word starts when no name is equal; ``False`` when adding
        a new person: only the exact id and an equal (folded) name count, so a new
        ``Ann`` is not ``Ann Lee``.

    Returns
    -------
    Match

    Examples
    --------
    >>> from referralgraph.model.names import find_person
    >>> ids, names = ["jose", "elif", "ann"], ["José García", "Elif Yıldız", "Ann Lee"]
    >>> find_person("jose garcia", ids, names).codes.tolist(), find_person("Elif Y", ids, names).codes.tolist()
    ([0], [1])
    >>> find_person("ann", ids, names).rule, find_person("Ann L", ids, names, prefix=False).codes.tolist()
    ('id', [])
    """
    ids = pd.Index(ids).astype("str") if not isinstance(ids, pd.Index) else ids
    query = query.strip() if isinstance(query, str) else ""
    if not query:
        return Match(np.array([], dtype=np.int64))
    key = fold_name(query)
    folded = fold_names(names if isinstance(names, pd.Series) else pd.Series(list(names), dtype="object"))
    folded = folded.reset_index(drop=True)
    same_name = np.flatnonzero((folded == key).to_numpy()) if key else np.array([], dtype=np.int64)
    pos = ids.get_indexer([query])[0] if ids.is_unique else (np.flatnonzero(ids == query)[:1].tolist() or [-1])[0]
    if pos >= 0:
        others = same_name
        if prefix and len(key) >= PREFIX_MIN:
            others = np.union1d(others, np.flatnonzero(_word_starts(folded, key)))
        others = others[others != pos]
        note = ""
        if len(others):
            shown = ", ".join(f"{ids[k]} ({names_at(names, k)})" for k in others[:5])
            note = (
                f"{query!r} is the id of {names_at(names, pos) or query}; {len(others)} other contact"
                f"{'s' if len(others) > 1 else ''} also match{'' if len(others) > 1 else 'es'} by name: {shown}"
                f"{' ...' if len(others) > 5 else ''}; give their id to mean them"
            )
        return Match(np.array([pos], dtype=np.int64), "id", note)
    if not key:
        return Match(np.array([], dtype=np.int64))
    if len(same_name):
        return Match(same_name, "name")
    if not prefix:
        return Match(np.array([], dtype=np.int64))
    hit = np.flatnonzero((fold_names(pd.Series(ids.to_numpy(dtype=object))) == key).to_numpy())
    if len(key) >= PREFIX_MIN:
        hit = np.union1d(hit, np.flatnonzero(_word_starts(folded, key))).astype(np.int64)
    else:  # a short first name typed whole ("Bo" for Bo Chen): whole words only
        whole = folded.str.contains(r"(?:^| )" + re.escape(key) + r"(?: |$)", regex=True).to_numpy(dtype=bool)
        hit = np.union1d(hit, np.flatnonzero(whole)).astype(np.int64)
    return Match(hit, "prefix" if len(hit) else "")


def names_at(names, k: int) -> str:
    """The name at position ``k`` of ``names`` as text ('' when blank)."""
    value = names.iloc[k] if isinstance(names, pd.Series) else list(names)[k]
    return value if isinstance(value, str) else ""


def suggest(query, candidates, *, n: int = 2) -> list[str]:
    """Up to ``n`` candidates close to ``query`` once both are folded (difflib ratio ≥ 0.75), as written.

    Examples
    --------
    >>> from referralgraph.model.names import suggest
    >>> suggest("Ann Le", ["Ann Lee", "Bo Chen"]), suggest("Jose Garsia", ["José García"])
    (['Ann Lee'], ['José García'])
    """
    if not isinstance(query, str) or len(query) > 200:
        return []
    shown: dict[str, str] = {}
    for c in candidates:
        if isinstance(c, str) and c:
            shown.setdefault(fold_name(c) or c, c)
    key = fold_name(query) or query
    return [shown[k] for k in difflib.get_close_matches(key, list(shown), n=n, cutoff=0.75)]
