"""Column definitions of the three input tables (documented in docs/data-format.md)."""

from __future__ import annotations

import difflib
import re

TABLES = ("contacts", "introductions", "meetings")
#: the tables a source may hold: the three above and the optional opportunities (issue 24)
READ_TABLES = (*TABLES, "opportunities")

#: columns in the order they are written; kind drives parsing
COLUMNS: dict[str, dict[str, str]] = {
    "contacts": {
        "id": "text",
        "name": "text",
        "organization": "text",
        "role": "text",
        "field": "text",
        "email": "text",
        "linkedin": "text",
        "first_contact": "date",
        "last_touch": "date",
        "source": "text",
        "tags": "text",
        "notes": "text",
        "cadence_days": "number",
        "is_seeker": "bool",
    },
    "introductions": {
        "introducer": "text",
        "introduced": "text",
        "date": "date",
        "seeker": "text",
        "status": "text",
        "notes": "text",
    },
    "meetings": {
        "contact": "text",
        "date": "datetime",
        "seeker": "text",
        "kind": "text",
        "asked_for_introductions": "bool",
        "thank_you_sent": "datetime",
        "handwritten_note": "bool_or_date",
        "questions_prepared": "bool",
        "takeaways": "text",
        "notes": "text",
    },
    "opportunities": {
        "opportunity": "text",
        "contact": "text",
        "organization": "text",
        "role": "text",
        "stage": "text",
        "date": "date",
        "seeker": "text",
        "notes": "text",
    },
}

REQUIRED = {
    "contacts": ("name",),
    "introductions": ("introducer", "introduced"),
    "meetings": ("contact", "date"),
    "opportunities": ("stage",),
}

SOURCES = ("cold-email", "event", "alumni", "linkedin", "existing", "referral", "other")

#: spellings people use for our columns; used only to suggest, never to rename silently
ALIASES = {
    "name": ("full name", "fullname", "contact", "person", "contact name"),
    "introducer": ("introduced by", "introducedby", "referrer", "referred by", "from", "source contact"),
    "introduced": ("introducee", "referral", "referred", "to", "new contact", "contact"),
    "contact": ("person", "name", "contact name", "with", "who"),
    "date": ("when", "day", "meeting date", "introduction date"),
    "organization": ("company", "org", "employer", "organisation"),
    "opportunity": ("job", "opening", "position", "posting", "job id"),
    "stage": ("status", "step", "state"),
    "first_contact": ("connected on", "first contacted", "first met", "met on"),
}


def canonical(name: str) -> str:
    """Header normalisation that is safe to apply silently: case, spaces, BOM, hyphens."""
    name = str(name).replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", name)


def _flat(name: str) -> str:
    return canonical(name).replace("_", "")


def suggest(missing: str, found: list[str], *, table: str | None = None) -> list[str]:
    """Found headers that look like ``missing``: aliases first, then close spellings.

    A header that already is another column of ``table`` (``Introducer`` when
    ``introduced`` is missing), or that is a known spelling of another column
    (``introduced_by`` is the introducer), is never suggested.
    """
    others = set(COLUMNS.get(table, {})) - {missing} if table else set()
    taken = {_flat(o) for o in others}
    taken |= {
        a.replace(" ", "")
        for o in others
        for a in ALIASES.get(o, ())
        if a.replace(" ", "") not in {b.replace(" ", "") for b in ALIASES.get(missing, ())}
    }
    flat: dict[str, str] = {}
    for f in found:
        key = _flat(f)
        if key and key not in taken:
            flat.setdefault(key, f)
    hits = [flat[a.replace(" ", "")] for a in ALIASES.get(missing, ()) if a.replace(" ", "") in flat]
    hits = list(dict.fromkeys(hits))
    for c in difflib.get_close_matches(missing.replace("_", ""), list(flat), n=3, cutoff=0.6):
        if flat[c] not in hits:
            hits.append(flat[c])
    return hits
