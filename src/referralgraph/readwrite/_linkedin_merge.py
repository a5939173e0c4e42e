"""The merge behind :func:`referralgraph.merge_linkedin`: match each connection to a contact, fill, add, report.

Each step reads and updates one :class:`_Merge` (one entry per connection: the
action, the matched or added contact's code, the report's detail lines).
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .._problems import ProblemLog
from ..exceptions import ArgumentTypeError, ReferralGraphWarning, SchemaError
from ..model import ReferralNetwork
from . import _parse
from ._identity import HIDDEN_NAME, _name_key, _normalize_url, _slug, _text, _unique_ids
from ._linkedin_read import _SKIPPED, _invalid, _read, _warn_problems

_REPORT_COLUMNS = ["row", "name", "action", "id", "detail"]


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


def _blank(index, dtype: str = "str") -> pd.Series:
    return pd.Series(None, index=index, dtype=dtype)


# ---------------------------------------------------------------------- the connections
def _connections(connections) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The connections as a table (read from a path, its warnings passed on) and the rows the reader skipped."""
    skipped_at_read = pd.DataFrame(columns=_REPORT_COLUMNS)
    if isinstance(connections, (str, os.PathLike)):
        connections, read_problems = _read(Path(connections), strict=True, date_format=None, dayfirst=None)
        _warn_problems(read_problems, stacklevel=3)
        skips = read_problems[read_problems["message"].str.startswith(_SKIPPED)]
        skipped_at_read = pd.DataFrame(
            {
                "row": skips["row"].astype("Int64").to_numpy(),
                "name": HIDDEN_NAME,
                "action": "skipped",
                "id": None,
                "detail": skips["message"].str.slice(len(_SKIPPED)).to_numpy(),
            }
        )
    elif not isinstance(connections, pd.DataFrame):
        raise ArgumentTypeError(
            f"connections must be a pandas DataFrame or the path of Connections.csv (got {type(connections).__name__})"
        )
    if "name" not in connections.columns:
        raise SchemaError(
            f"connections: no 'name' column; expected a table in the contacts format as read_linkedin "
            f"returns it; found {', '.join(map(repr, map(str, connections.columns))) or 'no columns'}"
        )
    return connections, skipped_at_read


def _dated(connections: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The connections with ``first_contact`` parsed (a cell that is not a date is an error), and their rows."""
    li = connections.reset_index(drop=True)
    li_rows = (
        connections.index.to_numpy(dtype=np.int64)
        if connections.index.name == "row"
        else np.arange(len(li), dtype=np.int64) + 2
    )
    if "first_contact" in li.columns:
        dates, bad, ambiguous = _parse.parse_dates(li["first_contact"])
        if (bad | ambiguous).any():
            log = ProblemLog()
            log.add_many(
                "connections",
                li_rows[bad | ambiguous],
                "first_contact",
                "error",
                [
                    f"'{v}' is not a date (or its day/month order is unclear); expected a date such as 2026-02-08"
                    for v in li["first_contact"][bad | ambiguous]
                ],
            )
            raise _invalid(log.to_frame())
        li = li.assign(first_contact=dates.to_numpy(dtype="datetime64[ns]"))
    return li, li_rows


@dataclass
class _Merge:
    """The state of one merge: both sides' keys, then per connection its action, contact code and detail."""

    li: pd.DataFrame  # the connections (first_contact parsed), positions 0..n-1
    li_rows: np.ndarray  # each connection's row in the report
    contacts: pd.DataFrame  # the network's contacts
    seeker_id: str
    seeker_code: int
    li_name: pd.Series = field(init=False)
    li_hidden: np.ndarray = field(init=False)
    li_url: pd.Series = field(init=False)
    li_email: pd.Series = field(init=False)
    li_name_key: pd.Series = field(init=False)
    c_url: pd.Series = field(init=False)
    c_email: pd.Series = field(init=False)
    c_name_key: pd.Series = field(init=False)
    is_seeker: np.ndarray = field(init=False)
    action: np.ndarray = field(init=False)  # added, skipped, matched-by-url/-email/-name
    code: np.ndarray = field(init=False)  # the contact's code in the merged contacts, -1 for none
    claimed: np.ndarray = field(init=False)  # contacts already matched
    detail: list = field(init=False)  # per connection, the report's detail lines

    def __post_init__(self):
        li, contacts = self.li, self.contacts
        n, nc = len(li), len(contacts)
        li_name = self.li_col("name")
        self.li_url = _normalize_url(self.li_col("linkedin"))
        self.li_email = self.li_col("email").str.lower()
        self.li_hidden = (li_name.isna() | (li_name == HIDDEN_NAME)).to_numpy()
        self.li_name = li_name.fillna(HIDDEN_NAME)
        self.li_name_key = _name_key(self.li_name)

        def c_col(col: str) -> pd.Series:
            return _text(contacts[col]) if col in contacts.columns else _blank(contacts.index)

        self.c_url = _normalize_url(c_col("linkedin"))
        self.c_email = c_col("email").str.lower()
        self.c_name_key = _name_key(contacts["name"])
        self.is_seeker = contacts["is_seeker"].to_numpy(dtype=bool) if nc else np.zeros(0, bool)
        self.action = np.full(n, "added", dtype=object)
        self.detail = [[] for _ in range(n)]
        self.code = np.full(n, -1, dtype=np.int64)
        self.claimed = np.zeros(nc, dtype=bool)

    def li_col(self, col: str) -> pd.Series:
        """A connections column as stripped text (blank when the table has none)."""
        return _text(self.li[col]) if col in self.li.columns else _blank(self.li.index)


# ---------------------------------------------------------------------- matching
def _skip_unusable(m: _Merge) -> np.ndarray:
    """Skip rows the merge cannot use: hidden names without URL, a second row with the same URL.

    Returns the rows still open to matching.
    """
    li_url, detail = m.li_url, m.detail
    skip = m.li_hidden & li_url.isna().to_numpy()
    for pos in np.flatnonzero(skip):
        detail[pos].append("the name is blank and there is no URL, so nothing identifies this connection")
    dup_url = (li_url.notna() & li_url.duplicated(keep="first")).to_numpy() & ~skip
    if dup_url.any():
        first_row = pd.Series(m.li_rows, index=li_url.to_numpy())
        first_row = first_row[~first_row.index.duplicated()]
        for pos in np.flatnonzero(dup_url):
            detail[pos].append(f"the same LinkedIn URL as row {first_row[li_url.iat[pos]]}")
    skip |= dup_url
    m.action[skip] = "skipped"
    return ~skip


def _match_by_keys(m: _Merge, open_: np.ndarray) -> dict[int, str]:
    """Match by URL, then by email (in place); returns the notes on keys several contacts share, by row."""
    everyone = np.ones(len(m.contacts), dtype=bool)
    shared_notes: dict[int, str] = {}
    for stage, li_key, c_key in (("url", m.li_url, m.c_url), ("email", m.li_email, m.c_email)):
        got, count = _lookup(li_key, open_, c_key, everyone)
        got = _claim(got, m.claimed)
        hit = got >= 0
        m.code[hit] = got[hit]
        m.claimed[got[hit]] = True
        m.action[hit] = f"matched-by-{stage}"
        for pos in np.flatnonzero(hit & (count > 1)):
            shared_notes[int(pos)] = (
                f"{count[pos]} contacts share this {'URL' if stage == 'url' else 'email'}; matched the first"
            )
        open_ &= ~hit
    return shared_notes


def _match_by_name(m: _Merge, open_: np.ndarray) -> None:
    """Match by name: unambiguous on both sides, and no contradicting URL or email (else say why not)."""
    li_name_key, li_url, li_email, c_url, c_email = m.li_name_key, m.li_url, m.li_email, m.c_url, m.c_email
    got, count = _lookup(li_name_key, open_ & ~m.li_hidden, m.c_name_key, ~m.is_seeker)
    li_name_count = (
        li_name_key[open_ & ~m.li_hidden].value_counts().reindex(li_name_key.to_numpy()).fillna(0).to_numpy()
    )
    for pos in np.flatnonzero(got >= 0):
        c = int(got[pos])
        who = f"contact '{m.contacts['id'].iat[c]}'"
        why = None
        if count[pos] > 1:
            why = f"{count[pos]} contacts are named {m.li_name.iat[pos]!r}"
        elif li_name_count[pos] > 1:
            why = f"{int(li_name_count[pos])} connections are named {m.li_name.iat[pos]!r}"
        elif m.claimed[c]:
            why = f"{who} with that name matched another row"
        elif pd.notna(li_url.iat[pos]) and pd.notna(c_url.iat[c]) and li_url.iat[pos] != c_url.iat[c]:
            why = f"{who} has the same name but a different LinkedIn URL"
        elif pd.notna(li_email.iat[pos]) and pd.notna(c_email.iat[c]) and li_email.iat[pos] != c_email.iat[c]:
            why = f"{who} has the same name but a different email"
        if why is not None:
            m.detail[pos].append(f"not matched by name: {why}")
        else:
            m.code[pos] = c
            m.claimed[c] = True
            m.action[pos] = "matched-by-name"


def _match(m: _Merge) -> np.ndarray:
    """Match every usable connection (URL, email, name; a match to the seeker is skipped); returns the matched rows."""
    open_ = _skip_unusable(m)
    shared_notes = _match_by_keys(m, open_)
    _match_by_name(m, open_)
    for pos, note in shared_notes.items():
        m.detail[pos].append(note)
    matched = m.code >= 0
    own = matched & (m.code == m.seeker_code)
    for k in np.flatnonzero(own):
        m.detail[k].append(f"this is the seeker '{m.seeker_id}'")
    m.action[own] = "skipped"
    m.code[own] = -1
    return matched & ~own


# ---------------------------------------------------------------------- the new tables
_COMPARE = {
    "name": _name_key,
    "organization": _name_key,
    "role": _name_key,
    "email": lambda s: _text(s).str.lower(),
    "linkedin": _normalize_url,
}


def earliest_activity(net: ReferralNetwork) -> np.ndarray:
    """Per contact code: the earliest dated introduction (either side) or meeting with them (NaT when none)."""
    never = np.iinfo(np.int64).max
    out = np.full(len(net.ids), never, dtype=np.int64)
    for table, columns in (("introductions", ("introducer", "introduced")), ("meetings", ("contact",))):
        frame = net.table(table)
        if not len(frame) or "date" not in frame.columns:
            continue
        day = frame["date"].to_numpy(dtype="datetime64[ns]")
        for col in columns:
            code = net.ids.get_indexer(frame[col].astype("str"))
            ok = (code >= 0) & ~np.isnat(day)
            np.minimum.at(out, code[ok], day[ok].view(np.int64))
    return np.where(out == never, np.datetime64("NaT", "ns"), out.view("datetime64[ns]"))


def _fill_matched(m: _Merge, matched: np.ndarray, earliest: np.ndarray | None = None) -> pd.DataFrame:
    """A copy of the contacts where matched contacts gained what they lack; differing values are reported, never replaced.

    ``earliest`` (per contact code, :func:`earliest_activity`): a connection date
    after a contact's earliest dated introduction or meeting is not their first
    contact, so it is not filled in.
    """
    new_contacts = m.contacts.copy()
    m_li, m_c = np.flatnonzero(matched), m.code[matched]
    filled: dict[np.integer, list[str]] = {pos: [] for pos in m_li}
    kept: dict[np.integer, list[str]] = {pos: [] for pos in m_li}
    for name in ("name", "organization", "role", "email", "linkedin", "first_contact"):
        if name not in m.li.columns or not len(m_li):
            continue
        dtype = "datetime64[ns]" if name == "first_contact" else "str"
        mine = (m.li[name] if name == "first_contact" else m.li_col(name)).iloc[m_li].reset_index(drop=True)
        if name in new_contacts.columns:
            theirs = new_contacts[name].iloc[m_c].reset_index(drop=True)
        else:
            theirs = _blank(range(len(m_c)), dtype)
        theirs_blank = theirs.isna() if name == "first_contact" else _text(theirs).isna()
        fill = np.array(theirs_blank & mine.notna(), dtype=bool)
        if name == "first_contact" and earliest is not None:
            known = earliest[m_c]
            fill &= ~(~np.isnat(known) & (mine.to_numpy(dtype="datetime64[ns]") > known))
        if name == "name":
            fill[:] = False
            hidden_here = m.li_hidden[m_li]
        else:
            hidden_here = np.zeros(len(m_li), dtype=bool)
        if fill.any():
            if name not in new_contacts.columns:
                new_contacts[name] = _blank(new_contacts.index, dtype)
            new_contacts.loc[new_contacts.index[m_c[fill]], name] = mine[fill].to_numpy()
            for pos in m_li[fill]:
                filled[pos].append(name)
        if name in _COMPARE:
            differ = (~theirs_blank & mine.notna()).to_numpy() & ~hidden_here
            if differ.any():
                norm = _COMPARE[name]
                differ &= norm(theirs.astype("str")).to_numpy(dtype=object) != norm(mine.astype("str")).to_numpy(
                    dtype=object
                )
            for k in np.flatnonzero(differ):
                kept[m_li[k]].append(f"kept {name} {_shown(theirs.iat[k])} (LinkedIn: {_shown(mine.iat[k])})")
    for pos in m_li:
        m.detail[pos] += ([f"filled in {', '.join(filled[pos])}"] if filled[pos] else []) + kept[pos]
    return new_contacts


def _add_new(m: _Merge, new_contacts: pd.DataFrame) -> pd.DataFrame:
    """``new_contacts`` with the connections left unmatched added (their ids made unique), codes set in ``m``."""
    add = m.action == "added"
    if not add.any():
        return new_contacts
    li = m.li
    taken = pd.Index(m.contacts["id"].astype("str"))
    rows_added = li.iloc[np.flatnonzero(add)].copy()
    cand_id = m.li_col("id")[add] if "id" in li.columns else _blank(rows_added.index)
    slug = _slug(m.li_name.mask(pd.Series(m.li_hidden, index=li.index)))[add]
    url_slug = m.li_url.str.extract(r"([^/]+)$", expand=False)[add]
    fallback = pd.Series([f"linkedin-row-{r}" for r in m.li_rows[add]], index=rows_added.index, dtype="str")
    rows_added["id"] = _unique_ids(cand_id.fillna(slug).fillna(url_slug).fillna(fallback), taken)
    rows_added["name"] = m.li_name[add]
    rows_added["source"] = (
        m.li_col("source")[add].fillna("linkedin")
        if "source" in li.columns
        else pd.Series("linkedin", index=rows_added.index, dtype="str")
    )
    rows_added["is_seeker"] = False
    m.code[add] = len(m.contacts) + np.arange(int(add.sum()))
    new_contacts = pd.concat([new_contacts, rows_added], ignore_index=True)
    if "is_seeker" in new_contacts.columns:
        new_contacts["is_seeker"] = new_contacts["is_seeker"].fillna(False).astype(bool)
    return new_contacts


def _direct_links(net: ReferralNetwork, m: _Merge, new_contacts: pd.DataFrame) -> pd.DataFrame:
    """The introductions, plus ``seeker -> contact`` rows for contacts not yet in the seeker's tree.

    Only with several seekers: with one, every contact not introduced is a direct contact already.
    """
    introductions = net.introductions
    if len(net.seekers) <= 1:
        return introductions
    code, seeker_id = m.code, m.seeker_id
    ix = net.index
    in_tree = np.zeros(len(new_contacts), dtype=bool)
    in_tree[ix.node[ix.rows_of(net.seeker_position(seeker_id))]] = True
    need = np.flatnonzero((code >= 0) & ~in_tree[np.maximum(code, 0)])
    if not len(need):
        return introductions
    dates = new_contacts["first_contact"] if "first_contact" in new_contacts.columns else None
    extra = pd.DataFrame(
        {
            "introducer": seeker_id,
            "introduced": new_contacts["id"].to_numpy()[code[need]],
            "date": (
                dates.to_numpy(dtype="datetime64[ns]")[code[need]]
                if dates is not None
                else np.full(len(need), np.datetime64("NaT"), "datetime64[ns]")
            ),
            "seeker": seeker_id,
            "status": "introduced",
            "notes": "LinkedIn connection",
        }
    )
    return pd.concat([introductions, extra], ignore_index=True) if len(introductions) else extra


def _report(m: _Merge, new_contacts: pd.DataFrame, skipped_at_read: pd.DataFrame) -> pd.DataFrame:
    """The merge report: one row per connection (and per row the reader skipped), sorted by ``row``."""
    ids = new_contacts["id"].to_numpy(dtype=object)
    code = m.code
    table = pd.DataFrame(
        {
            "row": pd.array(m.li_rows, dtype="Int64"),
            "name": m.li_name.to_numpy(dtype=object),
            "action": m.action,
            "id": np.where(code >= 0, ids[np.maximum(code, 0)] if len(ids) else None, None),
            "detail": ["; ".join(d) if d else None for d in m.detail],
        }
    )
    if len(skipped_at_read):
        table = pd.concat([table, skipped_at_read.astype(table.dtypes.to_dict())], ignore_index=True)
    table = table.sort_values("row", kind="stable").reset_index(drop=True)
    return table.astype({"name": "str", "action": "str", "id": "str", "detail": "str"})


def _warn_report(table: pd.DataFrame, stacklevel: int) -> None:
    """One warning summing up skipped rows and differing values, so nothing is left out silently."""
    skipped = int((table["action"] == "skipped").sum())
    differ = int(table["detail"].str.contains("kept ", regex=False).fillna(False).sum())
    if skipped or differ:
        warnings.warn(
            f"LinkedIn merge: {skipped} connection{'s' if skipped != 1 else ''} skipped, {differ} matched "
            f"contact{'s' if differ != 1 else ''} with values that differ from LinkedIn (the network's "
            "were kept); pass report=True for the details",
            ReferralGraphWarning,
            stacklevel=stacklevel + 1,
        )
