"""Opportunities: the stages an opening goes through, their synonyms, and the empty table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .vocabulary import PROGRESS_STAGES, STAGE_REACH, STAGE_SYNONYMS, STAGES

__all__ = [
    "STAGES",
    "STAGE_SYNONYMS",
    "PROGRESS_STAGES",
    "OPPORTUNITY_COLUMNS",
    "stage_of",
    "reach_rank",
    "empty_opportunities",
]

#: columns of ``net.opportunities`` in order (extra columns follow)
OPPORTUNITY_COLUMNS = ("opportunity", "contact", "organization", "role", "stage", "date", "seeker", "notes")

_REACH = STAGE_REACH


def _key(word: str) -> str:
    return " ".join(str(word).strip().casefold().replace("-", " ").replace("_", " ").split())


_LOOKUP = {_key(s): s for s in STAGES} | {_key(w): s for s, words in STAGE_SYNONYMS.items() for w in words}


def stage_of(values: pd.Series) -> pd.Series:
    """Canonical stage names of ``values`` (any case, synonyms); missing where blank or unknown.

    Only the distinct spellings are looked up, so 10^5 rows cost a handful of dict lookups.

    Examples
    --------
    >>> from referralgraph.model.opportunities import stage_of
    >>> stage_of(pd.Series(["Phone screen", "OFFER", "hired", "maybe"])).tolist()
    ['interview', 'offer', 'accepted', nan]
    """
    codes, uniq = pd.factorize(values)
    names = np.array([_LOOKUP.get(_key(u)) if isinstance(u, str) else None for u in uniq] + [None], dtype=object)
    out = names[np.where(codes >= 0, codes, len(names) - 1)]
    return pd.Series(out, index=values.index, dtype="str")


def reach_rank(stages: pd.Series) -> np.ndarray:
    """Per row, the furthest progress stage it shows (position in :data:`PROGRESS_STAGES`; -1 for none)."""
    codes, uniq = pd.factorize(stages)
    ranks = np.array([_REACH.get(u, -1) for u in uniq] + [-1], dtype=np.int8)
    return ranks[np.where(codes >= 0, codes, len(ranks) - 1)]


def empty_opportunities() -> pd.DataFrame:
    """The opportunities table of a network that has none: the columns, no rows."""
    cols = {c: pd.Series([], dtype="str") for c in OPPORTUNITY_COLUMNS}
    cols["date"] = pd.Series([], dtype="datetime64[ns]")
    return pd.DataFrame(cols)
