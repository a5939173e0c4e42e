"""Combine separate searches into one cohort network (``rg.combine``, ``referralgraph combine``)."""

from __future__ import annotations

import pandas as pd

from .._docstrings import share_docs
from .._checks import check_network
from ..exceptions import ArgumentTypeError, SchemaError
from ..model import ReferralNetwork
from .tables import from_frames
from .tabular import _csv_frame, _tables

__all__ = ["combine"]

_TABLE_NAMES = ("contacts", "introductions", "meetings", "opportunities")


def _merge_contacts(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One row per id: the first network's values, blanks filled from later ones; names must agree."""
    allc = pd.concat(frames, ignore_index=True).replace("", pd.NA)
    folded = allc["name"].astype("str").str.casefold().str.split().str.join(" ")
    clash = allc.assign(_n=folded).groupby("id", sort=False)["_n"].nunique()
    clash = clash[clash > 1]
    if len(clash):
        ident = clash.index[0]
        names = allc.loc[allc["id"] == ident, "name"].dropna().unique().tolist()
        raise SchemaError(
            f"contact id {ident!r} names different people in the searches ({', '.join(map(repr, names))})"
            f"{f' and {len(clash) - 1} more ids' if len(clash) > 1 else ''}; expected an id to mean one "
            "person in every search: rename it in one of them"
        )
    seeker = allc["is_seeker"].astype("str").str.casefold().isin(["true", "yes", "1"]) if "is_seeker" in allc else None
    merged = allc.groupby("id", sort=False, dropna=False).first().reset_index()
    if seeker is not None:
        merged["is_seeker"] = (
            seeker.groupby(allc["id"], sort=False)
            .any()
            .reindex(merged["id"])
            .map({True: "true", False: "false"})
            .to_numpy()
        )
    return merged.fillna("")


@share_docs
def combine(*networks: ReferralNetwork, strict: bool = True) -> ReferralNetwork:
    """One cohort network from separate searches (one seeker's folder each, or small cohorts).

    Parameters
    ----------
    *networks : ReferralNetwork
        Two or more networks (:func:`load` each folder). None is changed.
    strict : bool, default True
        As for :func:`from_frames`: raise on any error in the combined tables.

    {returns_network}
        Every table of every network, one after the other. A contact with the
        same id in several networks is one person (a contact shared by several
        seekers: each seeker's tree keeps its own history); blank cells are filled
        from later networks.

    Raises
    ------
    ArgumentTypeError
        If an argument is not a ReferralNetwork, or fewer than one is given.
    SchemaError
        If one id names different people (different names) in two networks.
    ValidationError
        If ``strict`` and the combined tables have errors.

    See Also
    --------
    cohort_comparison, cohort_export : what a cohort is for.

    Examples
    --------
    >>> a = rg.from_frames(pd.DataFrame({"id": ["ann", "pat"], "name": ["Ann", "Pat"], "is_seeker": ["y", ""]}))
    >>> b = rg.from_frames(pd.DataFrame({"id": ["bo", "pat"], "name": ["Bo", "Pat"], "is_seeker": ["y", ""]}))
    >>> cohort = rg.combine(a, b)
    >>> cohort.seekers, len(cohort)
    (['ann', 'bo'], 3)
    """
    if not networks:
        raise ArgumentTypeError("combine needs at least one ReferralNetwork (got none)")
    for k, net in enumerate(networks):
        if not isinstance(net, ReferralNetwork):
            raise ArgumentTypeError(
                f"argument {k + 1} of combine must be a ReferralNetwork, as returned by "
                f"referralgraph.load() (got {type(net).__name__})"
            )
        check_network(net)
    cells: dict[str, list[pd.DataFrame]] = {t: [] for t in _TABLE_NAMES}
    for net in networks:
        for table, frame in _tables(net).items():
            cells[table].append(_csv_frame(frame, neutralize=False))
    contacts = _merge_contacts(cells["contacts"])
    rest = {t: pd.concat(cells[t], ignore_index=True).fillna("") if cells[t] else None for t in _TABLE_NAMES[1:]}
    return from_frames(contacts, rest["introductions"], rest["meetings"], rest["opportunities"], strict=strict)
