"""Opportunities: the stages an opening goes through, their synonyms, and the empty table."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["STAGES", "STAGE_SYNONYMS", "PROGRESS_STAGES", "OPPORTUNITY_COLUMNS", "stage_of", "reach_rank",
           "empty_opportunities"]

#: the stages of an opportunity, in the order an opening usually moves through them; the last three end it
STAGES = ("lead", "referred", "applied", "interview", "offer", "accepted", "declined", "rejected", "withdrawn")
#: the stages that mark progress, in order (``declined`` means an offer was made and turned down)
PROGRESS_STAGES = ("lead", "referred", "applied", "interview", "offer", "accepted")
#: other words people write for a stage (any case; spaces, hyphens and underscores alike)
STAGE_SYNONYMS = {
    "lead": ("opening", "prospect", "saved", "interested", "wishlist", "posting"),
    "referred": ("referral", "refer", "referred in", "referral made"),
    "applied": ("application", "apply", "submitted", "application sent"),
    "interview": ("interviewing", "interviewed", "screen", "phone screen", "screening", "onsite", "final round"),
    "offer": ("offered", "offer received", "offer made"),
    "accepted": ("accept", "hired", "signed", "offer accepted"),
    "declined": ("decline", "turned down", "offer declined"),
    "rejected": ("rejection", "not selected", "no offer", "turned away"),
    "withdrawn": ("withdrew", "withdraw", "dropped out"),
}
#: columns of ``net.opportunities`` in order (extra columns follow)
OPPORTUNITY_COLUMNS = ("opportunity", "contact", "organization", "role", "stage", "date", "seeker", "notes")

# the furthest progress a row shows: declined means an offer was made; rejected and withdrawn show none
_REACH = {"lead": 0, "referred": 1, "applied": 2, "interview": 3, "offer": 4, "accepted": 5, "declined": 4,
          "rejected": -1, "withdrawn": -1}


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
