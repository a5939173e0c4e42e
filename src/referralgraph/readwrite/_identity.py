"""How a contact is identified and compared across imports: text cells, slugs, LinkedIn URLs, folded names, ids.

Shared by the LinkedIn, contacts (vCard/CSV), history and ``log`` importers, so the
same person gets the same id and matches the same way whichever file brings them.
"""

from __future__ import annotations

from urllib.parse import unquote

import numpy as np
import pandas as pd

from ..exceptions import SeekerNotFound
from ..model import ReferralNetwork
from ..model.names import fold_names

#: the name given to connections who hide their name on LinkedIn (and have a URL)
HIDDEN_NAME = "(hidden name)"


def _text(values: pd.Series) -> pd.Series:
    """Stripped text with blanks as missing (``str`` dtype)."""
    out = pd.Series(values, dtype="str").str.strip()
    return out.mask(out == "")


def _slug(values: pd.Series) -> pd.Series:
    """Lower-case ASCII-folded slugs: 'José Müller' -> 'jose-muller', "O'Neil" -> 'oneil' (other scripts kept)."""
    out = (
        values.str.normalize("NFKD")
        .str.replace(r"[\u0300-\u036f'\u2019]", "", regex=True)
        .str.casefold()
        .str.replace(r"[\W_]+", "-", regex=True)
        .str.strip("-")
    )
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


def _resolve_seeker(net: ReferralNetwork, seeker: str | None) -> str:
    """The seeker's id: the only seeker, a seeker id, or one seeker's name (the name matcher)."""
    seekers = net.seekers
    if not seekers:
        raise SeekerNotFound(
            "the network has no seeker; expected one contact with is_seeker = true "
            "(use from_linkedin to start a network from a LinkedIn export)"
        )
    return seekers[net.seeker_position(seeker)]
