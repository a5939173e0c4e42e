"""The domain's words, written once: statuses and their codes, habits, stages, meeting kinds, reply days, defaults.

Every layer imports these names from here (readers, analyses, reports, maps, plots, the
CLI); no module re-types a status code or a habit name (``tests/test_vocabulary.py``
enforces it). Plain Python only, so importing this module costs nothing.

Examples
--------
>>> from referralgraph.model.vocabulary import MET, STATUS_NAMES, generation_label
>>> STATUS_NAMES[MET]
'met'
>>> generation_label(1), generation_label(2), generation_label(3, later=True)
('Direct contacts (1st)', '2nd generation', '3rd generation and later')
"""

from __future__ import annotations

__all__ = [
    "STATUS_NAMES",
    "STATUS_CODES",
    "STATUS_TITLES",
    "SEEKER",
    "SUGGESTED",
    "INTRODUCED",
    "MET",
    "STATUSES",
    "INTRO_STATUS_CODES",
    "MEETING_KINDS",
    "HABITS",
    "REPLY_DAYS",
    "DORMANT_DAYS",
    "CADENCE_DAYS",
    "STAGES",
    "PROGRESS_STAGES",
    "OPEN_STAGES",
    "CLOSED_STAGES",
    "STAGE_REACH",
    "STAGE_SYNONYMS",
    "canonical_stage",
    "ordinal",
    "generation_label",
]

# ---------------------------------------------------------------- statuses
#: the status of a tree row, by its code in ``TreeIndex.status`` (0 is the seeker's own row);
#: a meeting upgrades a row to ``met``
STATUS_NAMES = ("seeker", "suggested", "introduced", "met")
#: the code of each status word in ``TreeIndex.status``
STATUS_CODES = {name: code for code, name in enumerate(STATUS_NAMES)}
#: the codes by name, for comparisons such as ``index.status == MET``
SEEKER, SUGGESTED, INTRODUCED, MET = (STATUS_CODES[s] for s in STATUS_NAMES)
#: what legends call each status
STATUS_TITLES = {"seeker": "Seeker", "suggested": "Suggested, not met yet", "introduced": "Introduced", "met": "Met"}
#: the values of the ``status`` column of ``introductions`` (docs/data-format.md), weakest first
STATUSES = STATUS_NAMES[1:]
#: an introduction's status word -> its tree code (a blank status reads as ``introduced``)
INTRO_STATUS_CODES = {name: STATUS_CODES[name] for name in STATUSES}

# ---------------------------------------------------------------- meetings
#: the values of the ``kind`` column of ``meetings``
MEETING_KINDS = ("informational-interview", "call", "coffee", "email", "event", "other")

# ---------------------------------------------------------------- habits and their clocks
#: the habits, in the order next actions are listed, with their plain-language titles
HABITS = {
    "thank": "Thank within 24 hours",
    "ask": "Ask for introductions",
    "follow": "Follow through on introductions",
    "cultivate": "Cultivate your contacts",
    "grow": "Grow new branches",
    "prepare": "Prepare for conversations",
}
#: days within which to answer an introduction that was made, and to follow up a suggested name
REPLY_DAYS = {"introduced": 2, "suggested": 7}
#: days without contact after which a met contact counts as dormant (``dormant_days=``, ``--dormant-days``)
DORMANT_DAYS = 60
#: the stay-in-touch cadence of a contact whose ``cadence_days`` cell is blank: the dormancy
CADENCE_DAYS = DORMANT_DAYS

# ---------------------------------------------------------------- opportunities
#: the stages of an opportunity, in the order an opening usually moves through them; the last three end it
STAGES = ("lead", "referred", "applied", "interview", "offer", "accepted", "declined", "rejected", "withdrawn")
#: the stages that mark progress, in order (``declined`` means an offer was made and turned down)
PROGRESS_STAGES = ("lead", "referred", "applied", "interview", "offer", "accepted")
#: stages after which the opportunity is over
CLOSED_STAGES = ("accepted", "declined", "rejected", "withdrawn")
#: stages of an opportunity still in play
OPEN_STAGES = tuple(s for s in STAGES if s not in CLOSED_STAGES)
#: the furthest progress a row in each stage shows (position in PROGRESS_STAGES): declined means an offer
#: was made; rejected and withdrawn show none (-1)
STAGE_REACH = {
    "lead": 0,
    "referred": 1,
    "applied": 2,
    "interview": 3,
    "offer": 4,
    "accepted": 5,
    "declined": 4,
    "rejected": -1,
    "withdrawn": -1,
}
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


def _stage_key(word: str) -> str:
    return " ".join(str(word).strip().casefold().replace("-", " ").replace("_", " ").split())


_STAGE_LOOKUP = {_stage_key(s): s for s in STAGES} | {
    _stage_key(w): s for s, words in STAGE_SYNONYMS.items() for w in words
}


def canonical_stage(word) -> str | None:
    """The stage a word names (a stage, or one of its synonyms); ``None`` when it names none.

    Case, surrounding space, and runs of spaces, hyphens and underscores do not matter.

    Examples
    --------
    >>> canonical_stage("Phone-screen"), canonical_stage("offer"), canonical_stage("maybe")
    ('interview', 'offer', None)
    """
    if not isinstance(word, str):
        return None
    return _STAGE_LOOKUP.get(_stage_key(word))


# ---------------------------------------------------------------- generations
def ordinal(k: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``, ..., ``11th``, ``21st``.

    Examples
    --------
    >>> [ordinal(k) for k in (1, 2, 3, 4, 11, 12, 13, 21, 102)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '102nd']
    """
    return f"{k}{'th' if 10 <= k % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(k % 10, 'th')}"


def generation_label(generation: int, *, later: bool = False) -> str:
    """What maps and plots call a generation: ``Direct contacts (1st)``, ``2nd generation``, ...

    ``later=True`` labels the last band of a capped legend (``5th generation and later``);
    generation 0 is the seeker.

    Examples
    --------
    >>> generation_label(0), generation_label(1), generation_label(12)
    ('Seeker', 'Direct contacts (1st)', '12th generation')
    """
    if generation == 0:
        return "Seeker"
    text = "Direct contacts (1st)" if generation == 1 else f"{ordinal(generation)} generation"
    return text + " and later" if later else text
