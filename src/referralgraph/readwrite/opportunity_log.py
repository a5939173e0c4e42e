"""Log a step of an opportunity (a lead, a referral, an application, an interview, an offer): on a network or in its files."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from .._checks import check_network
from .._docstrings import share_docs
from ..exceptions import OptionError
from ..model import ReferralNetwork
from ..model.opportunities import STAGES, reach_rank, stage_of
from ._plan import _Plan, _stamp
from .append import _append
from .log import _apply, _person, _seeker_cell, _when
from ._identity import _resolve_seeker, _slug

__all__ = ["log_opportunity", "append_opportunity", "chain_names"]

PathLike = str | os.PathLike


def chain_names(net: ReferralNetwork, seeker_id: str, contact_id: str) -> list[str]:
    """Names on the chain from the seeker's first contact down to ``contact_id`` (empty when not in that tree).

    Examples
    --------
    >>> from referralgraph.readwrite.opportunity_log import chain_names
    >>> chain_names(rg.demo(), "maya", "felix-b")
    ['Ada Okafor', 'Dana Whitfield', 'Felix Bauer']
    """
    ix = net.index
    if seeker_id not in net.ids or contact_id not in net.ids:
        return []
    s, c = net.code(seeker_id), net.code(contact_id)
    pos = np.flatnonzero(ix.seekers == s)
    if not len(pos):
        return []
    rows = ix.rows_of(int(pos[0]))
    hit = np.flatnonzero(ix.node[rows] == c)
    if not len(hit):
        return []
    r, chain = int(rows.start + hit[0]), []
    while r >= 0 and ix.generation[r] >= 1:
        chain.append(int(ix.node[r]))
        r = int(ix.parent[r])
    names = net.table("contacts")["name"].to_numpy()
    return [str(names[k]) for k in chain[::-1]]


def _opportunity_id(net, seeker_id, organization, role, given) -> tuple[str, pd.DataFrame]:
    """The id to log under (given, an existing one with the same organization and role, or a new slug); its rows."""
    opp = net.table("opportunities")
    mine = opp[opp["seeker"].astype("str") == seeker_id] if len(opp) else opp
    if given is not None:
        if not isinstance(given, str) or not given.strip():
            raise OptionError(f"id must be a non-empty opportunity id (got {given!r})")
        given = given.strip()
        return given, mine[mine["opportunity"].astype("str") == given]
    if organization is None and role is None:
        raise OptionError(
            "expected organization (CLI: --org) or role (--role), or the id of an opportunity "
            "(--id), to say which opening this is"
        )

    def fold(col, value):
        return mine[col].astype("str").str.casefold().str.strip() == str(value).casefold().strip()

    same = np.ones(len(mine), bool)
    for col, value in (("organization", organization), ("role", role)):
        if value is not None:
            same &= fold(col, value).to_numpy(dtype=bool)
    found = mine[same]
    if found["opportunity"].nunique() == 1:
        return str(found["opportunity"].iat[0]), found
    if found["opportunity"].nunique() > 1:
        raise OptionError(
            f"{organization or ''} {role or ''} matches the opportunities "
            f"{', '.join(map(repr, sorted(found['opportunity'].unique())))}; expected one: give --id"
        )
    text = " ".join(str(v) for v in (organization, role) if v is not None)
    slug = _slug(pd.Series([text], dtype="str")).fillna("opportunity").iat[0]
    taken = set(opp["opportunity"].astype("str")) if len(opp) else set()
    new_id, k = slug, 2
    while new_id in taken:
        new_id, k = f"{slug}-{k}", k + 1
    return new_id, found.iloc[0:0]


def _next_step(net, stage, name, seeker_id, contact_id, label, when) -> tuple[str, pd.Timestamp | None]:
    helpers = chain_names(net, seeker_id, contact_id)
    up = ", ".join(helpers) if helpers else name
    if stage == "lead":
        return f"ask {name} for a referral to the opening at {label}", None
    if stage == "referred":
        due = when + pd.Timedelta(days=2)
        return f"thank {name} for the referral and apply to {label} by {_stamp(due)}", due
    if stage == "applied":
        due = when + pd.Timedelta(days=7)
        return f"tell {name} you applied; follow up with {label} by {_stamp(due)} if you hear nothing", due
    if stage in ("interview", "offer"):
        due = when + pd.Timedelta(days=1)
        return f"tell everyone who helped ({up}) about the {stage} by {_stamp(due)}", due
    if stage == "accepted":
        return f"thank everyone who helped ({up}) and tell them where you landed", when + pd.Timedelta(days=1)
    return f"thank {name} and keep them posted on your search", None


def _plan_opportunity(
    net, person, *, organization=None, role=None, stage=None, date=None, id=None, notes=None, seeker=None, new=False
) -> _Plan:
    check_network(net)
    if not isinstance(stage, str) or not stage.strip():
        raise OptionError(f"stage must be one of {', '.join(STAGES)} (got {stage!r})")
    canonical = stage_of(pd.Series([stage], dtype="str")).iat[0]
    if canonical is None or canonical != canonical:
        raise OptionError(
            f"stage must be one of {', '.join(STAGES)} or a synonym such as 'phone screen' "
            f"(got {stage!r}; see docs/data-format.md)"
        )
    seeker_id = _resolve_seeker(net, seeker)
    when = _when(date, "date", dayfirst=net.settings.dayfirst).normalize()  # the kept date order, as log
    plan = _Plan()
    cid, name = _person(net, plan, person, role="person", new=new, first_contact=when)
    if cid == seeker_id:
        raise OptionError(f"{person!r} is the seeker; expected the person the opportunity came through")
    opp_id, earlier = _opportunity_id(net, seeker_id, organization, role, id)
    if organization is None and len(earlier):
        organization = next((v for v in earlier["organization"] if isinstance(v, str)), None)
    if role is None and len(earlier):
        role = next((v for v in earlier["role"] if isinstance(v, str)), None)
    row = {
        "opportunity": opp_id,
        "contact": cid,
        "organization": organization,
        "role": role,
        "stage": canonical,
        "date": when,
        "notes": notes,
        **_seeker_cell(net, seeker_id),
    }
    plan.appends.append(("opportunities", {k: v for k, v in row.items() if v is not None}))
    plan.contact, plan.name = cid, name
    label = ", ".join(v for v in (organization, role) if v) or opp_id
    plan.what = f"{canonical} for {label} through {name} on {_stamp(when)}"
    if len(earlier):
        before = int(reach_rank(earlier["stage"]).max())
        if 0 <= reach_rank(pd.Series([canonical], dtype="str"))[0] < before:
            plan.what += " (an earlier stage than already recorded: the furthest one still counts)"
    plan.next, plan.due = _next_step(net, canonical, name, seeker_id, cid, label, when)
    return plan


@share_docs
def log_opportunity(
    net: ReferralNetwork,
    person: str,
    *,
    organization: str | None = None,
    role: str | None = None,
    stage: str = "lead",
    date=None,
    id: str | None = None,
    notes: str | None = None,
    seeker: str | None = None,
    new: bool = False,
) -> ReferralNetwork:
    """A new network with one more step of an opportunity (a lead, a referral, an interview, an offer, ...).

    Parameters
    ----------
    net : ReferralNetwork
        The network; it is not changed.
    person : str
        The contact it came through: an id or unambiguous name (see :func:`log_meeting`).
    organization, role : str, optional
        The opening. Steps of an opening already logged with the same organization
        and role (ignoring case) share its id; otherwise a new id is made from them.
    stage : str, default "lead"
        ``lead``, ``referred``, ``applied``, ``interview``, ``offer``, ``accepted``,
        ``declined``, ``rejected``, ``withdrawn`` or a synonym (docs/data-format.md).
    date : date-like or str, optional
        The day of this step; default: today.
    id : str, optional
        The opportunity's id (to add a step to it, or to name a new one).
    notes : str, optional
    seeker : str, optional
        Whose opportunity. ``None`` means the only seeker; a network with several seekers
        needs it.
    new : bool, default False
        ``person`` is someone new: add them as a contact.

    {returns_network}

    Raises
    ------
    ContactNotFound
        If ``person`` matches nobody (and ``new`` is false) or several contacts.
    OptionError
        If the stage or date is not valid, or neither organization, role nor id says which opening.
    {raises_validation}

    See Also
    --------
    append_opportunity : the same, appended to the files of a source.

    Examples
    --------
    >>> net = rg.log_opportunity(rg.demo(), "Omar Farah", organization="Kitewell", role="Associate UX Researcher",
    ...                          stage="offer", date="2026-10-02")
    >>> net.opportunities.iloc[-1][["opportunity", "stage"]].tolist()
    ['kitewell-auxr', 'offer']
    """
    return _apply(
        net,
        _plan_opportunity(
            net,
            person,
            organization=organization,
            role=role,
            stage=stage,
            date=date,
            id=id,
            notes=notes,
            seeker=seeker,
            new=new,
        ),
    )


@share_docs
def append_opportunity(
    source: PathLike,
    person: str,
    *,
    organization: str | None = None,
    role: str | None = None,
    stage: str = "lead",
    date=None,
    id: str | None = None,
    notes: str | None = None,
    seeker: str | None = None,
    new: bool = False,
    date_format: str | None = None,
    dayfirst: bool | None = None,
    today=None,
) -> pd.Series:
    """Log a step of an opportunity in the files of ``source``, appending one row to its opportunities table.

    Parameters
    ----------
    source : path
        What :func:`~referralgraph.load` takes; changed in place (``opportunities.csv``
        is created in a folder that has none; a workbook needs an ``opportunities`` sheet).
    person, organization, role, stage, date, id, notes, seeker, new
        As for :func:`log_opportunity`.
    {load_options}

    {append_returns_notes}

    {append_example_folder}
    >>> entry = rg.append_opportunity(folder, "Omar Farah", organization="Kitewell",
    ...                               role="Associate UX Researcher", stage="offer", date="2026-10-02")
    >>> entry["next"]
    'tell everyone who helped (Priya Kapoor, Marcus Okoye, Elena Rossi, Jamal Hassan, Nina Sato, Grace Lee, Omar Farah) about the offer by 2026-10-03'
    """
    return _append(
        source,
        lambda net: _plan_opportunity(
            net,
            person,
            organization=organization,
            role=role,
            stage=stage,
            date=date,
            id=id,
            notes=notes,
            seeker=seeker,
            new=new,
        ),
        date_format=date_format,
        dayfirst=dayfirst,
        today=today,
    )
