"""The network as it was known on a given date (``as_of``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._docstrings import share_docs
from .._arrays import isin_sorted, lookup, lookup_few, unique_sorted
from .network import ReferralNetwork

__all__ = ["snapshot", "as_of_bounds"]

#: attribute of the network instance that holds its snapshots by cutoff (they live and die with it)
_CACHE_ATTR = "_referralgraph_snapshots"
_CACHE_SIZE = 4


def as_of_bounds(as_of) -> tuple[pd.Timestamp, pd.Timestamp]:
    """``(day, cutoff)`` of an ``as_of`` value.

    ``day`` is the calendar day (midnight) used for day counts such as dormancy;
    ``cutoff`` is the last instant that counts as known: the end of that day when
    ``as_of`` has no time of day, else ``as_of`` itself.

    Raises
    ------
    OptionError
        If ``as_of`` is not a date.
    """
    from .._checks import check_date

    stamp = pd.Timestamp(check_date("as_of", as_of, allow_none=False))  # the one date parser; range checked first
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    day = stamp.normalize()
    cutoff = day + pd.Timedelta(days=1) - pd.Timedelta(1, "ns") if stamp == day else stamp
    return day, cutoff


def _known(values: pd.Series, cutoff: pd.Timestamp) -> np.ndarray:
    """Rows dated on or before the cutoff, or undated."""
    d = values.to_numpy(dtype="datetime64[ns]")
    return np.isnat(d) | (d <= cutoff.to_datetime64())


@share_docs
def snapshot(net: ReferralNetwork, as_of) -> ReferralNetwork:
    """The network with only what was known on ``as_of``.

    Introductions, meetings and opportunity steps dated on or before ``as_of`` are kept (undated rows
    are kept too, since nothing says they came later); thank-yous and dated
    handwritten notes sent after it count as not sent; an introduction recorded as
    ``met`` whose every meeting with that seeker came later counts as
    ``introduced``. A contact whose only links are later rows, or who has no link
    at all and a ``first_contact`` after ``as_of``, is left out of the contacts (and
    so of the trees); a ``first_contact`` after ``as_of`` is otherwise blanked.
    Seekers are always kept.

    Parameters
    ----------
    net : ReferralNetwork
        The network; it is not changed.
    as_of : date-like
        A date (meaning the end of that day) or a date-time.

    {returns_network}
        ``net`` itself when nothing in it is dated after ``as_of``; otherwise a
        network built from filtered copies of the tables, whose ``problems``
        describe the snapshot, with rows numbered by position in the original
        tables (+2, as a spreadsheet shows them). Snapshots are built once per
        network and cutoff and cached on the network (networks never change).

    Raises
    ------
    OptionError
        If ``as_of`` is not a date (a ``ValueError``).

    Notes
    -----
    Snapshots make dated metrics reproducible: adding rows dated after ``as_of``
    to the data does not change ``snapshot(net, as_of)`` or any metric computed
    from it.

    Examples
    --------
    >>> contacts = pd.DataFrame({"name": ["Me", "Ann", "Bo"], "is_seeker": ["y", "", ""]})
    >>> intros = pd.DataFrame({"introducer": ["Me", "Ann"], "introduced": ["Ann", "Bo"],
    ...                        "date": ["2026-03-01", "2026-04-10"]})
    >>> net = rg.from_frames(contacts, intros)
    >>> rg.snapshot(net, "2026-03-31").tree_table()["contact"].tolist()
    ['Me', 'Ann']
    """
    _, cutoff = as_of_bounds(as_of)
    cache = net.__dict__.setdefault(_CACHE_ATTR, {})
    key = cutoff.value
    if key not in cache:
        if len(cache) >= _CACHE_SIZE:  # a handful of reference dates per network is plenty
            cache.pop(next(iter(cache)))
        cache[key] = _build(net, cutoff)
    return cache[key]


def _nothing_later(net: ReferralNetwork, cutoff: pd.Timestamp) -> bool:
    """True when no date in the network lies after ``cutoff``: the network is then its own snapshot."""
    limit = cutoff.to_datetime64()
    for frame, columns in (
        (net._introductions, ("date",)),
        (net._meetings, ("date", "thank_you_sent", "handwritten_note_date")),
        (net._contacts, ("first_contact",)),
        (net._opportunities, ("date",)),
    ):
        for col in columns:
            if len(frame) and col in frame.columns:
                d = frame[col].to_numpy(dtype="datetime64[ns]")
                if len(d) and (d > limit).any():  # NaT compares False
                    return False
    return True


def _codes(net: ReferralNetwork) -> dict:
    """The reference codes the network resolved when it was built (looked up again only if absent)."""
    known = getattr(net, "_reference_codes", {})
    ids = net.ids
    out = {}
    for name, frame, col in (
        ("introducer", net._introductions, "introducer"),
        ("introduced", net._introductions, "introduced"),
        ("intro_seeker", net._introductions, "seeker"),
        ("meeting_contact", net._meetings, "contact"),
        ("meeting_seeker", net._meetings, "seeker"),
    ):
        codes = known.get(name)
        if codes is None or len(codes) != len(frame):
            codes = lookup(frame[col], ids) if len(frame) else np.zeros(0, np.int64)
        out[name] = np.asarray(codes, dtype=np.int64)
    return out


def _build(net: ReferralNetwork, cutoff: pd.Timestamp) -> ReferralNetwork:
    """The snapshot itself (uncached): the network when nothing is later, else filtered copies."""
    if _nothing_later(net, cutoff):
        return net
    contacts, intros, meetings = net._contacts, net._introductions, net._meetings
    n = len(net.ids)

    keep_i = _known(intros["date"], cutoff) if len(intros) else np.zeros(0, bool)
    keep_m = _known(meetings["date"], cutoff) if len(meetings) else np.zeros(0, bool)

    c = _codes(net)
    i_from, i_to, i_seek = c["introducer"], c["introduced"], c["intro_seeker"]
    m_who, m_seek = c["meeting_contact"], c["meeting_seeker"]
    linked = np.zeros(n, bool)
    later = np.zeros(n, bool)
    for arr, keep in ((i_from, keep_i), (i_to, keep_i), (m_who, keep_m)):
        linked[arr[keep & (arr >= 0)]] = True
        later[arr[~keep & (arr >= 0)]] = True
    is_seeker = contacts["is_seeker"].to_numpy(dtype=bool) if n else np.zeros(0, bool)
    if "first_contact" in contacts.columns:
        fc = contacts["first_contact"].to_numpy(dtype="datetime64[ns]")
        fc_later = ~np.isnat(fc) & (fc > cutoff.to_datetime64())
    else:
        fc_later = np.zeros(n, bool)
    drop = ~is_seeker & ~linked & (later | fc_later)

    new_contacts = contacts.loc[~drop] if drop.any() else contacts.copy(deep=False)
    if "first_contact" in new_contacts.columns:
        new_contacts.loc[fc_later[~drop], "first_contact"] = pd.NaT
    if "last_touch" in new_contacts.columns:  # a touch after the date is not known yet
        lt = new_contacts["last_touch"].to_numpy(dtype="datetime64[ns]")
        new_contacts.loc[~np.isnat(lt) & (lt > cutoff.to_datetime64()), "last_touch"] = pd.NaT

    new_intros = intros.loc[keep_i] if not keep_i.all() else intros.copy(deep=False)
    if len(new_intros) and len(meetings):
        # "met" only because of a meeting after the cutoff -> introduced
        N = max(n, 1)
        all_met = unique_sorted(m_seek[m_seek >= 0].astype(np.int64) * N + m_who[m_seek >= 0])
        ok = keep_m & (m_seek >= 0)
        known_met = unique_sorted(m_seek[ok].astype(np.int64) * N + m_who[ok])
        key = i_seek[keep_i].astype(np.int64) * N + i_to[keep_i]
        undo = (new_intros["status"].to_numpy() == "met") & isin_sorted(key, all_met) & ~isin_sorted(key, known_met)
        if undo.any():
            new_intros.loc[new_intros.index[undo], "status"] = "introduced"

    new_meetings = meetings.loc[keep_m] if not keep_m.all() else meetings.copy(deep=False)
    if len(new_meetings) and "thank_you_sent" in new_meetings.columns:
        late = ~_known(new_meetings["thank_you_sent"], cutoff)
        new_meetings.loc[late, "thank_you_sent"] = pd.NaT
    if len(new_meetings) and "handwritten_note_date" in new_meetings.columns:
        late = ~_known(new_meetings["handwritten_note_date"], cutoff)
        new_meetings.loc[late, "handwritten_note_date"] = pd.NaT
        if "handwritten_note" in new_meetings.columns:
            new_meetings.loc[late, "handwritten_note"] = False

    # the kept rows' codes, renumbered past the dropped contacts (a kept row never names a dropped one)
    renumber = np.cumsum(~drop, dtype=np.int64) - 1

    def kept(codes, keep):
        codes = codes[keep]
        return np.where(codes >= 0, renumber[np.maximum(codes, 0)], -1) if n else codes

    codes = {
        "introducer": kept(i_from, keep_i),
        "introduced": kept(i_to, keep_i),
        "intro_seeker": kept(i_seek, keep_i),
        "meeting_contact": kept(m_who, keep_m),
        "meeting_seeker": kept(m_seek, keep_m),
    }
    rows = {
        "contacts": np.flatnonzero(~drop).astype(np.int64) + 2,
        "introductions": np.flatnonzero(keep_i).astype(np.int64) + 2,
        "meetings": np.flatnonzero(keep_m).astype(np.int64) + 2,
    }
    opp = net._opportunities
    keep_o = _known(opp["date"], cutoff) if len(opp) else np.zeros(0, bool)
    new_opp = opp.loc[keep_o] if not keep_o.all() else opp.copy(deep=False)
    if len(new_opp):  # a step through a contact who is not known yet on that day is not known either
        code = lookup_few(new_opp["contact"], net.ids)
        known_contact = (code >= 0) & ~drop[np.maximum(code, 0)] if n else np.zeros(len(code), bool)
        new_opp = new_opp.loc[new_opp["contact"].isna().to_numpy() | known_contact]
    out = ReferralNetwork(
        new_contacts.reset_index(drop=True),
        new_intros.reset_index(drop=True),
        new_meetings.reset_index(drop=True),
        rows=rows,
        codes=codes,
        opportunities=new_opp.reset_index(drop=True),
    )
    return out if net.settings.is_empty else out.with_settings(net.settings)  # settings stay with the network
