"""The referral network: tables plus a columnar index of the trees; the NetworkX graph on demand."""

from __future__ import annotations

import gc
from functools import cached_property
from types import EllipsisType
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._docstrings import share_docs
from .. import _limits
from .._arrays import lookup
from .._problems import ProblemLog
from ..exceptions import ArgumentTypeError, ContactNotFound, OptionError, SeekerNotFound
from .names import find_person, names_at, suggest
from .settings import Settings
from ._index import STATUS_NAMES, TreeIndex, build_index
from .opportunities import empty_opportunities
from .vocabulary import INTRO_STATUS_CODES, INTRODUCED, MET

if TYPE_CHECKING:  # annotations only: networkx is imported when a graph is built
    import networkx as nx

    from .privacy import Anonymity

__all__ = ["ReferralNetwork"]


_NO_SETTINGS = Settings()


def _status_codes(status: pd.Series) -> np.ndarray:
    """The ``TreeIndex`` status code of each introduction (any other word or a blank counts as introduced).

    The few distinct words are looked up, not every cell (a dict ``map`` over 10^6 cells cost 0.3 s).
    """
    codes, words = pd.factorize(status)
    table = np.array([INTRO_STATUS_CODES.get(w, INTRODUCED) for w in words] + [INTRODUCED], dtype=np.int8)
    return table[codes]  # code -1 (blank) takes the last entry


class ReferralNetwork:
    """A job seeker's (or a cohort's) contacts, introductions and conversations.

    Build one with :func:`referralgraph.load`, :func:`referralgraph.from_frames`,
    :func:`referralgraph.demo` or :func:`referralgraph.synthetic_cohort`; the
    constructor itself takes tables that have already been validated.

    The working form is columnar: the three tables and :attr:`index`, the referral
    trees as numpy arrays. The NetworkX graph (:attr:`graph`) is built the first
    time it is asked for and then cached, so loading a 10^6-contact cohort and
    reading its tables never pays for a graph nobody uses.

    Nothing here changes after construction: every table property returns a copy.

    Parameters
    ----------
    contacts, introductions, meetings : pandas.DataFrame
        Normalised tables, as :func:`referralgraph.from_frames` produces them
        (ids resolved, dates parsed, the ``seeker`` column filled in).
    files, rows : dict, optional
        Per table, the file label and the spreadsheet row of every record, so that
        structural problems (duplicates, cycles) point at the user's cells.
    problems : ProblemLog, optional
        Problems already found by the reader; structural ones are added to it.
    codes : dict, optional
        Contact codes the reader already resolved (``introducer``, ``introduced``,
        ``intro_seeker``, ``meeting_contact``, ``meeting_seeker``), reused to avoid
        looking up 10^6 ids twice.
    opportunities : pandas.DataFrame, optional
        The normalised opportunities table (see :attr:`opportunities`); none by default.

    Examples
    --------
    >>> import referralgraph as rg
    >>> net = rg.demo()
    >>> net.seekers
    ['maya']
    >>> net.graph.number_of_nodes() == len(net.contacts)
    True
    """

    #: set by :func:`referralgraph.anonymize` on the copy it returns (the ``k`` achieved, what was kept)
    anonymity: Anonymity

    def __init__(
        self,
        contacts: pd.DataFrame,
        introductions: pd.DataFrame,
        meetings: pd.DataFrame,
        *,
        files: dict | None = None,
        rows: dict | None = None,
        problems: ProblemLog | None = None,
        codes: dict | None = None,
        opportunities: pd.DataFrame | None = None,
    ) -> None:
        self._contacts = contacts
        self._opportunities = empty_opportunities() if opportunities is None else opportunities
        self._introductions = introductions
        self._meetings = meetings
        files = files or {"contacts": "contacts", "introductions": "introductions", "meetings": "meetings"}
        rows = rows or {
            k: np.arange(len(v), dtype=np.int64) + 2
            for k, v in (("contacts", contacts), ("introductions", introductions), ("meetings", meetings))
        }
        log = problems if problems is not None else ProblemLog()
        self._files, self._rows = files, rows  # where each record came from, for messages that name a cell
        self._ids = pd.Index(contacts["id"].astype("str"), name="id")
        ids = self._ids
        known_codes = codes or {}

        def code(values, name=None):
            # readers resolve references already; reuse their codes rather than look up 10^6 strings again
            if name in known_codes and len(known_codes[name]) == len(values):
                return np.asarray(known_codes[name], dtype=np.int64)
            return lookup(values, ids)

        seekers = np.flatnonzero(contacts["is_seeker"].to_numpy(dtype=bool)) if len(contacts) else np.zeros(0, np.int64)
        intro_seeker = code(introductions["seeker"], "intro_seeker") if len(introductions) else np.zeros(0, np.int64)
        meeting_seeker = code(meetings["seeker"], "meeting_seeker") if len(meetings) else np.zeros(0, np.int64)
        intro_status = _status_codes(introductions["status"]) if len(introductions) else np.zeros(0, np.int8)
        first_contact = (
            contacts["first_contact"].to_numpy(dtype="datetime64[ns]")
            if "first_contact" in contacts.columns
            else np.full(len(contacts), np.datetime64("NaT"), "datetime64[ns]")
        )
        introducer = code(introductions["introducer"], "introducer") if len(introductions) else np.zeros(0, np.int64)
        introduced = code(introductions["introduced"], "introduced") if len(introductions) else np.zeros(0, np.int64)
        intro_date = (
            introductions["date"].to_numpy(dtype="datetime64[ns]")
            if len(introductions)
            else np.zeros(0, "datetime64[ns]")
        )
        meeting_contact = code(meetings["contact"], "meeting_contact") if len(meetings) else np.zeros(0, np.int64)
        meeting_date = (
            meetings["date"].to_numpy(dtype="datetime64[ns]") if len(meetings) else np.zeros(0, "datetime64[ns]")
        )
        # kept (read-only) so analysis never looks the same 10^6 ids up again
        self._reference_codes = {
            "introducer": introducer,
            "introduced": introduced,
            "intro_seeker": intro_seeker,
            "meeting_contact": meeting_contact,
            "meeting_seeker": meeting_seeker,
        }
        self._index, found = build_index(
            len(contacts),
            ids,
            seekers,
            intro_introducer=introducer,
            intro_introduced=introduced,
            intro_seeker=intro_seeker,
            intro_date=intro_date,
            intro_status=intro_status,
            meeting_contact=meeting_contact,
            meeting_seeker=meeting_seeker,
            meeting_date=meeting_date,
            first_contact=first_contact,
        )
        self._report_structure(
            found,
            files,
            rows,
            log,
            introducer,
            intro_seeker,
            intro_date,
            meeting_contact,
            meeting_seeker,
            meeting_date,
            first_contact,
        )
        self._problems = log.to_frame()
        dup = found["duplicate_rows"]
        self._duplicates = (
            introductions.iloc[dup]
            .assign(row=rows["introductions"][dup], kept_row=rows["introductions"][found["duplicate_of"]])
            .reset_index(drop=True)
        )

    # ------------------------------------------------------------------ checks
    def _report_structure(
        self,
        found,
        files,
        rows,
        log,
        introducer,
        intro_seeker,
        intro_date,
        meeting_contact,
        meeting_seeker,
        meeting_date,
        first_contact,
    ):
        ids = self._ids.to_numpy()
        intro_file, intro_rows = files["introductions"], rows["introductions"]
        intro = self._introductions
        dup, kept = found["duplicate_rows"], found["duplicate_of"]
        if len(dup):
            log.add_many(
                intro_file,
                intro_rows[dup],
                "introduced",
                "warning",
                [
                    f"'{intro['introduced'].iat[r]}' was already introduced to seeker '{intro['seeker'].iat[r]}' "
                    f"(row {intro_rows[k]}); the earliest introduction is the tree edge, this one is kept as a "
                    "duplicate (see duplicate_introductions)"
                    for r, k in zip(dup, kept)
                ],
            )
        self._report_back_edges(dup, log, intro_file, intro_rows)
        for cut, loop in found["cycles"]:
            chain = ", ".join(
                f"{intro['introducer'].iat[r]} introduced {intro['introduced'].iat[r]} (row {intro_rows[r]})"
                for r in loop[::-1]
            )
            log.add(
                intro_file,
                int(intro_rows[cut]),
                "introducer",
                "error",
                f"introductions form a cycle: {chain}; expected introductions that lead away from the seeker "
                f"(in lenient mode this row's introduced person becomes a direct contact)",
            )
        unlinked = found["unlinked"]
        is_seeker = self._contacts["is_seeker"].to_numpy(dtype=bool) if len(self._contacts) else np.zeros(0, bool)
        unlinked = unlinked[~is_seeker[unlinked]] if len(unlinked) else unlinked
        if len(unlinked):
            log.add_many(
                files["contacts"],
                rows["contacts"][unlinked],
                "id",
                "warning",
                [
                    f"'{ids[c]}' is in no seeker's tree: no introduction or meeting links them to a seeker; "
                    "kept in contacts but left out of the trees"
                    for c in unlinked
                ],
            )
        # an introduction dated before the seeker first met the introducer
        if len(intro_date):
            N = max(len(ids), 1)
            met = (
                pd.Series(meeting_date).groupby(meeting_seeker.astype(np.int64) * N + meeting_contact).min()
                if len(meeting_date)
                else pd.Series(dtype="datetime64[ns]")
            )
            key = intro_seeker.astype(np.int64) * N + introducer
            first = met.reindex(key).to_numpy(dtype="datetime64[ns]")
            fc = (
                first_contact[np.maximum(introducer, 0)]
                if len(first_contact)
                else np.full(len(key), np.datetime64("NaT"))
            )
            # known since: first meeting, first_contact, or the day they were introduced to this seeker
            ix = self._index
            known = (
                pd.Series(ix.date[ix.parent >= 0])
                .groupby(ix.seeker[ix.parent >= 0].astype(np.int64) * N + ix.node[ix.parent >= 0])
                .min()
            )
            intro_known = known.reindex(key).to_numpy(dtype="datetime64[ns]")
            for other in (fc, intro_known):
                first = np.where(np.isnat(first), other, np.where(np.isnat(other), first, np.minimum(first, other)))
            ok = (introducer >= 0) & (intro_seeker >= 0) & (introducer != intro_seeker)
            early = (
                ok
                & ~np.isnat(first)
                & ~np.isnat(intro_date)
                & (intro_date.astype("datetime64[D]") < first.astype("datetime64[D]"))
            )
            if early.any():
                # vectorised: a messy cohort can have hundreds of thousands of these
                when = pd.Series(np.datetime_as_string(intro_date[early], unit="D"), dtype="str")
                who = pd.Series(ids[introducer[early]], dtype="str")
                known_on = pd.Series(np.datetime_as_string(first[early], unit="D"), dtype="str")
                log.add_many(
                    intro_file,
                    intro_rows[early],
                    "date",
                    "warning",
                    "introduction dated "
                    + when
                    + ", before the seeker first met '"
                    + who
                    + "' ("
                    + known_on
                    + "); expected the introducer to be known first",
                )

    def _report_back_edges(self, dup, log, intro_file, intro_rows):
        """A later introduction of an ancestor by its own descendant closes a cycle (A -> B -> A)."""
        if not len(dup):
            return
        ix, intro = self._index, self._introductions
        N = max(len(self._ids), 1)
        keys = ix.seeker.astype(np.int64) * N + ix.node
        sorter = np.argsort(keys)

        def row_of(seeker_ids, contact_ids):
            k = self._ids.get_indexer(seeker_ids).astype(np.int64) * N + self._ids.get_indexer(contact_ids)
            pos = np.minimum(np.searchsorted(keys, k, sorter=sorter), len(keys) - 1)
            return np.where(keys[sorter[pos]] == k, sorter[pos], -1)

        sub = intro.iloc[dup]
        frm = row_of(sub["seeker"], sub["introducer"])
        to = row_of(sub["seeker"], sub["introduced"])
        walk = frm.copy()
        hit = np.zeros(len(dup), dtype=bool)
        while (walk >= 0).any():
            hit |= (walk == to) & (walk >= 0)
            walk = np.where(walk >= 0, ix.parent[np.maximum(walk, 0)], -1)
        ids = self._ids.to_numpy()
        for k in np.flatnonzero(hit & (to >= 0)):
            chain, r = [], int(frm[k])
            while r != int(to[k]):
                chain.append(ids[ix.node[r]])
                r = int(ix.parent[r])
            chain = [ids[ix.node[r]]] + chain[::-1] + [ids[ix.node[r]]]
            log.add(
                intro_file,
                int(intro_rows[dup[k]]),
                "introduced",
                "error",
                f"introductions form a cycle: {' -> '.join(chain)}; expected introductions that lead away "
                "from the seeker (this row is kept out of the tree)",
            )

    # ------------------------------------------------------------------ tables
    @property
    def contacts(self) -> pd.DataFrame:
        """One row per person (a copy): ``id, name, organization, ..., is_seeker`` and extra columns.

        Examples
        --------
        >>> rg.demo().contacts[["id", "name", "is_seeker"]].head(2)
                    id        name  is_seeker
        0         maya   Maya Chen       True
        1  prof-okafor  Ada Okafor      False
        """
        return self._contacts.copy()

    @property
    def introductions(self) -> pd.DataFrame:
        """One row per introduction (a copy), with ids resolved and the seeker filled in.

        Examples
        --------
        >>> rg.demo().introductions.columns.tolist()
        ['introducer', 'introduced', 'date', 'seeker', 'status', 'notes']
        """
        return self._introductions.copy()

    @property
    def meetings(self) -> pd.DataFrame:
        """One row per conversation (a copy), with ids resolved and the seeker filled in.

        Examples
        --------
        >>> meetings = rg.demo().meetings
        >>> len(meetings), int(meetings["asked_for_introductions"].sum())
        (74, 49)
        """
        return self._meetings.copy()

    def table(self, name: str) -> pd.DataFrame:
        """One of the tables without copying its data: ``"contacts"``, ``"introductions"``, ``"meetings"``, ``"opportunities"``.

        What :attr:`contacts` and friends return, at no cost: the frame shares the
        network's columns, and pandas' copy-on-write (always on from pandas 3) copies a
        column only when the frame is changed, so changing it never changes the network.
        Library code reads tables through this (``tests/test_architecture.py`` refuses
        ``net._contacts`` outside ``model/``).

        Parameters
        ----------
        name : {"contacts", "introductions", "meetings", "opportunities"}

        Returns
        -------
        pandas.DataFrame

        Raises
        ------
        OptionError
            If ``name`` is not one of the tables.

        Examples
        --------
        >>> net = rg.demo()
        >>> view = net.table("contacts")
        >>> view.loc[0, "name"] = "changed"
        >>> net.table("contacts").loc[0, "name"], len(net.table("meetings"))
        ('Maya Chen', 74)
        """
        frame = self._TABLES.get(name) if isinstance(name, str) else None
        if frame is None:
            raise OptionError(f"name must be one of {', '.join(self._TABLES)} (got {name!r})")
        return getattr(self, frame).copy(deep=False)

    _TABLES = {
        "contacts": "_contacts",
        "introductions": "_introductions",
        "meetings": "_meetings",
        "opportunities": "_opportunities",
    }

    @property
    def opportunities(self) -> pd.DataFrame:
        """One row per step of an opportunity (a copy): ``opportunity, contact, organization, role, stage, date, seeker, notes``.

        Stages are canonical (``lead``, ``referred``, ``applied``, ``interview``,
        ``offer``, ``accepted``, ``declined``, ``rejected``, ``withdrawn``), contacts
        resolved to ids, the seeker filled in. Empty (with these columns) when the
        network has no opportunities table (see docs/data-format.md).

        Examples
        --------
        >>> opp = rg.demo().opportunities
        >>> opp.columns.tolist()[:5]
        ['opportunity', 'contact', 'organization', 'role', 'stage']
        """
        return self._opportunities.copy()

    @property
    def problems(self) -> pd.DataFrame:
        """Warnings found while loading (and errors, for a network loaded leniently).

        Columns ``file, row, column, severity, message``, as :func:`referralgraph.validate`.

        Examples
        --------
        >>> rg.demo().problems.empty
        True
        """
        return self._problems.copy()

    @property
    def duplicate_introductions(self) -> pd.DataFrame:
        """Introductions of a person to a seeker who had already been introduced to them.

        Columns are those of :attr:`introductions` plus ``row`` (where the duplicate
        is) and ``kept_row`` (the earlier introduction used as the tree edge).

        Examples
        --------
        >>> contacts = pd.DataFrame({"name": ["Me", "Ann", "Bo", "Cy"], "is_seeker": ["yes", "", "", ""]})
        >>> intros = pd.DataFrame({"introducer": ["Ann", "Bo"], "introduced": ["Cy", "Cy"],
        ...                        "date": ["2026-03-01", "2026-03-04"]})
        >>> rg.from_frames(contacts, intros).duplicate_introductions[["introducer", "introduced", "row", "kept_row"]]
          introducer introduced  row  kept_row
        0         Bo         Cy    3         2
        """
        return self._duplicates.copy()

    @property
    def index(self) -> TreeIndex:
        """The referral trees as numpy arrays (read-only by convention); see :class:`TreeIndex`.

        Examples
        --------
        >>> ix = rg.demo().index
        >>> int(ix.generation.max()), int(ix.descendants[0])
        (8, 85)
        """
        return self._index

    @property
    def ids(self) -> pd.Index:
        """Contact ids; a contact's position here is its code in :attr:`index`.

        Examples
        --------
        >>> rg.demo().ids[:3].tolist()
        ['maya', 'prof-okafor', 'beth-a']
        """
        return self._ids

    @property
    def seekers(self) -> list[str]:
        """Ids of the seekers, in the order of their trees.

        Examples
        --------
        >>> rg.demo().seekers
        ['maya']
        """
        return self._ids.take(self._index.seekers).tolist()  # no object array of every id

    @property
    def settings(self) -> Settings:
        """The settings kept with the network (``referralgraph.toml``; see docs/settings.md).

        Empty unless the network was loaded from a source that has a settings file
        (or given some with :meth:`with_settings`).

        Examples
        --------
        >>> rg.demo().settings.as_of
        Timestamp('2026-09-22 00:00:00')
        """
        return self.__dict__.get("_settings") or _NO_SETTINGS

    def with_settings(self, settings: Settings) -> "ReferralNetwork":
        """This network with other settings: a shallow copy sharing the tables (which are never changed).

        Examples
        --------
        >>> from referralgraph.model.settings import Settings
        >>> rg.demo().with_settings(Settings(cadence_days=30)).settings.cadence_days
        30
        """
        if not isinstance(settings, Settings):
            raise ArgumentTypeError(f"expected a referralgraph Settings (got {type(settings).__name__})")
        out = object.__new__(type(self))
        out.__dict__.update({k: v for k, v in self.__dict__.items() if not k.startswith("_referralgraph_")})
        out.__dict__["_settings"] = settings
        return out

    def __len__(self) -> int:
        return len(self._contacts)

    def __contains__(self, contact) -> bool:
        return contact in self._ids

    def __repr__(self) -> str:
        def count(n, noun):
            return f"{n} {noun}{'' if n == 1 else 's'}"

        return (
            f"<ReferralNetwork: {count(len(self.seekers), 'seeker')}, {count(len(self._contacts), 'contact')}, "
            f"{count(len(self._introductions), 'introduction')}, {count(len(self._meetings), 'meeting')}>"
        )

    def contact(self, contact_id: str) -> pd.Series:
        """One contact's row, by id or by name (see :meth:`code`).

        Raises
        ------
        ContactNotFound
            If ``contact_id`` is neither a contact id nor one contact's name.

        Examples
        --------
        >>> rg.demo().contact("priya-k")["organization"]
        'Fernway'
        """
        return self._contacts.iloc[self.code(contact_id)].copy()

    def code(self, contact_id: str) -> int:
        """The code (row position) of a contact given by id, or by name as a person types it.

        The exact id wins; then :func:`~referralgraph.model.names.find_person`'s
        rules: the name ignoring case, accents and punctuation (``"jose garcia"`` finds
        José García), then the only name whose words start with the given words.

        Raises
        ------
        ContactNotFound
            If nobody matches (with suggestions), or several people do (listed).

        Examples
        --------
        >>> rg.demo().code("maya")
        0
        """
        if isinstance(contact_id, str):
            pos = self._ids.get_indexer([contact_id])[0]
            if pos >= 0:
                return int(pos)
            match = find_person(contact_id, self._ids, self._contacts["name"])
            if len(match.codes) == 1:
                return int(match.codes[0])
            if len(match.codes) > 1:
                shown = "; ".join(f"{self._ids[k]} ({names_at(self._contacts['name'], k)})" for k in match.codes[:10])
                raise ContactNotFound(
                    f"contact {contact_id!r} matches {len(match.codes)} contacts: {shown}"
                    f"{' ...' if len(match.codes) > 10 else ''}; expected one: give the id"
                )
            close = suggest(contact_id, [*self._contacts["name"].dropna().astype(str)[:5000], *self._ids[:5000]])
            hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
            raise ContactNotFound(
                f"contact {contact_id!r} is not in the network; expected one of its "
                f"{len(self._ids)} contact ids or names{hint}"
            )
        raise ContactNotFound(
            f"contact {contact_id!r} is not in the network; expected one of its {len(self._ids)} contact ids"
        )

    def seeker_position(self, seeker: str | None) -> int:
        """Position of ``seeker`` among :attr:`seekers`; ``None`` means the only seeker.

        Raises
        ------
        SeekerNotFound
            If ``seeker`` is not a seeker, or is ``None`` in a network with several seekers.

        Examples
        --------
        >>> net = rg.demo()
        >>> net.seeker_position(None), net.seeker_position("maya")
        (0, 0)
        """
        seekers = self.seekers
        if seeker is not None and not isinstance(seeker, str):
            raise ArgumentTypeError(
                f"seeker must be a seeker id or name (a str) or None (got {type(seeker).__name__} {seeker!r})"[:200]
            )
        if seeker is None:
            if len(seekers) == 1:
                return 0
            pinned = self.settings.seeker
            if pinned is not None and pinned in seekers:
                return seekers.index(pinned)
            raise SeekerNotFound(
                f"the network has {len(seekers)} seekers; expected a seeker id, one of "
                f"{', '.join(map(repr, seekers[:10]))}{' ...' if len(seekers) > 10 else ''}"
            )
        try:
            return seekers.index(seeker)
        except ValueError:
            by_name = self._seeker_by_name(seeker, seekers)
            if by_name is not None:
                return by_name
            kind = "a contact but not a seeker" if seeker in self._ids else "not in the network"
            raise SeekerNotFound(
                f"{seeker!r} is {kind}; expected one of the seekers "
                f"{', '.join(map(repr, seekers[:10]))}{' ...' if len(seekers) > 10 else ''}"
            ) from None

    def _seeker_by_name(self, seeker, seekers: list) -> int | None:
        """Position of the one seeker ``seeker`` names (the name matcher among seekers); None when none does."""
        if not isinstance(seeker, str) or not seekers:
            return None
        codes = self._index.seekers
        match = find_person(seeker, self._ids[codes], self._contacts["name"].iloc[codes].reset_index(drop=True))
        if len(match.codes) > 1:
            shown = ", ".join(repr(seekers[k]) for k in match.codes[:10])
            raise SeekerNotFound(f"{seeker!r} matches {len(match.codes)} seekers: {shown}; expected one: give the id")
        return int(match.codes[0]) if len(match.codes) else None

    def equals(self, other: ReferralNetwork) -> bool:
        """True when both networks hold the same tables (same ids, values and order).

        Examples
        --------
        >>> rg.demo().equals(rg.demo())
        True
        """
        if not isinstance(other, ReferralNetwork):
            return False
        return all(
            _same(getattr(self, f"_{t}"), getattr(other, f"_{t}"))
            for t in ("contacts", "introductions", "meetings", "opportunities")
        )

    # ------------------------------------------------------------------ views
    @share_docs
    def tree_table(self, seeker: str | None | EllipsisType = ...) -> pd.DataFrame:
        """The referral trees as a table: ``seeker, contact, introduced_by, generation, date, status``.

        Parameters
        ----------
        seeker : str or None, optional
            One seeker's tree (``None``: the only seeker). By default every tree.

        Returns
        -------
        pandas.DataFrame
            One row per (seeker, member), the seeker's own row first, in tree order.

        Raises
        ------
        {raises_seeker}

        Examples
        --------
        >>> rg.demo().tree_table("maya").head(3)
          seeker      contact introduced_by  generation       date  status
        0   maya         maya          None           0        NaT  seeker
        1   maya  prof-okafor          maya           1 2026-06-01     met
        2   maya       beth-a          maya           1 2026-06-02     met
        """
        frame = self._index.to_frame()
        if seeker is ...:
            return frame
        return frame.iloc[self._index.rows_of(self.seeker_position(seeker))].reset_index(drop=True)

    @share_docs
    def tree(self, seeker: str | None = None) -> nx.DiGraph:
        """One seeker's referral tree as a new NetworkX DiGraph (yours to change).

        Nodes carry the contact's attributes plus ``generation``; edges go from
        introducer to introduced and carry ``date`` and ``status``.

        Raises
        ------
        {raises_seeker}

        Examples
        --------
        >>> import networkx as nx
        >>> T = rg.demo().tree()
        >>> nx.is_arborescence(T), T.nodes["priya-k"]["generation"]
        (True, 1)
        """
        import networkx as nx  # imported only when a graph is built

        rows = self._index.rows_of(self.seeker_position(seeker))
        ix = self._index
        nodes = ix.node[rows]
        attrs = _node_attributes(self._contacts.iloc[nodes])
        ids = self._ids.to_numpy()
        T = nx.DiGraph(seeker=ids[ix.seekers[self.seeker_position(seeker)]])
        for node_id, a, g in zip(ids[nodes], attrs, ix.generation[rows].tolist()):
            a["generation"] = g
            T.add_node(node_id, **a)
        par = ix.parent[rows]
        has = par >= 0
        for u, v, d, s in zip(ids[ix.node[par[has]]], ids[nodes[has]], ix.date[rows][has], ix.status[rows][has]):
            edge = {"status": STATUS_NAMES[s]}
            if not np.isnat(d):
                edge["date"] = pd.Timestamp(d)
            T.add_edge(u, v, **edge)
        return T

    @cached_property
    def _graph(self) -> nx.DiGraph:
        if len(self._contacts) > _limits.GRAPH_WARN_CONTACTS:  # say so before the tens of seconds start
            _limits.warn_slow(_limits.graph_message(len(self._contacts)), stacklevel=4)
        import networkx as nx  # imported only when a graph is built

        G = nx.DiGraph()
        enabled = gc.isenabled()
        gc.disable()  # the collector is about half of a large bulk build
        try:
            G.add_nodes_from(zip(self._ids.tolist(), _node_attributes(self._contacts)))
            G.add_edges_from(_edges(self))
            _read_only_attributes(G)
        finally:
            if enabled:
                gc.enable()
        return nx.freeze(G)

    @property
    def graph(self) -> nx.DiGraph:
        """The whole network as a (frozen) NetworkX DiGraph, built on first use and cached.

        Nodes are people, with every contact column as an attribute (missing values
        left out); edges go introducer -> introduced with ``date`` (earliest),
        ``status`` (most advanced), ``seekers`` (tuple of seeker ids) and ``kind``
        (``introduction``, or ``direct`` for a seeker's own contacts). The graph is
        frozen so the cache cannot drift from the tables, its attributes included
        (setting one raises :class:`~referralgraph.ArgumentTypeError`):
        ``nx.DiGraph(net.graph)`` gives a copy you can change.

        Above 200,000 contacts the first use warns (``SlowOperationWarning``) with
        the expected time and memory (see docs/limits.md).

        Examples
        --------
        >>> import networkx as nx
        >>> G = rg.demo().graph
        >>> G.number_of_nodes(), nx.is_frozen(G)
        (86, True)
        """
        return self._graph


class _ReadOnlyDict(dict):
    """An attribute dict of the cached graph: reads like a dict, refuses every change.

    ``nx.freeze`` stops nodes and edges being added or removed, not attributes being
    set; without this, ``net.graph.nodes[v]["name"] = "X"`` would stick in the cache
    (and in what :func:`referralgraph.save` writes from it). Copies (``dict(d)``,
    ``d.copy()``, ``nx.DiGraph(net.graph)``) are ordinary, changeable dicts.
    """

    __slots__ = ()

    def _refuse(self, *args, **kwargs):
        raise ArgumentTypeError(
            "the attributes of net.graph are read-only (the graph is the network's cached, "
            "frozen view); expected a change on a copy: G = nx.DiGraph(net.graph)"
        )

    __setitem__ = __delitem__ = update = pop = popitem = clear = setdefault = __ior__ = _refuse

    def copy(self) -> dict:
        return dict(self)

    def __reduce__(self):
        return (dict, (dict(self),))


def _read_only_attributes(G: nx.DiGraph) -> None:
    """Make every node, edge and graph attribute dict of ``G`` read-only (one pass, no copies of values)."""
    for n, data in G._node.items():
        G._node[n] = _ReadOnlyDict(data)
    for u, nbrs in G._succ.items():
        for v, data in nbrs.items():
            frozen = _ReadOnlyDict(data)
            nbrs[v] = frozen
            G._pred[v][u] = frozen  # the same dict for both directions, as NetworkX keeps it
    G.graph = _ReadOnlyDict(G.graph)


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    if list(a.columns) != list(b.columns) or len(a) != len(b):
        return False
    for col in a.columns:
        x, y = a[col], b[col]
        if pd.api.types.is_datetime64_any_dtype(x.dtype) or pd.api.types.is_datetime64_any_dtype(y.dtype):
            if (
                not (
                    pd.to_datetime(x).to_numpy(dtype="datetime64[ns]")
                    == pd.to_datetime(y).to_numpy(dtype="datetime64[ns]")
                )
                .__or__(x.isna().to_numpy() & y.isna().to_numpy())
                .all()
            ):
                return False
            continue
        xn, yn = x.isna().to_numpy(), y.isna().to_numpy()
        if not (xn == yn).all():
            return False
        if not (x[~xn].astype(str).to_numpy() == y[~yn].astype(str).to_numpy()).all():
            return False
    return True


def _node_attributes(frame: pd.DataFrame) -> list[dict]:
    """Per row, a dict of the non-missing values (Timestamps for dates, plain Python scalars)."""
    cols = [c for c in frame.columns if c != "id"]
    out: list[dict] = [{} for _ in range(len(frame))]
    for col in cols:
        values = frame[col]
        present = ~values.isna().to_numpy()
        if pd.api.types.is_datetime64_any_dtype(values.dtype):
            vals = list(values.dt.to_pydatetime()) if present.any() else []
            vals = [pd.Timestamp(v) if v is not None and v == v else None for v in vals]
        elif pd.api.types.is_bool_dtype(values.dtype):
            vals = [bool(v) if v is not pd.NA else None for v in values.tolist()]
        else:
            vals = values.tolist()
        for pos in np.flatnonzero(present).tolist():
            out[pos][col] = vals[pos]
    return out


def _edges(net: ReferralNetwork):
    """Edges of the whole network: every introduction (merged per pair) and implied direct contacts."""
    intro = net._introductions
    ix = net.index
    ids = net.ids.to_numpy()
    frames = []
    if len(intro):
        valid = intro["introducer"].isin(net.ids) & intro["introduced"].isin(net.ids) & intro["seeker"].notna()
        e = intro.loc[valid, ["introducer", "introduced", "date", "seeker", "status"]].copy()
        e["status_code"] = e["status"].map(INTRO_STATUS_CODES).fillna(INTRODUCED)
        meetings = net._meetings
        if len(meetings):  # a conversation with the introduced person makes the introduction "met"
            met = pd.MultiIndex.from_arrays([meetings["seeker"], meetings["contact"]])
            e.loc[pd.MultiIndex.from_arrays([e["seeker"], e["introduced"]]).isin(met), "status_code"] = MET
        e["kind"] = np.where(e["introducer"] == e["seeker"], "direct", "introduction")
        frames.append(e)
    implied = (ix.intro_row < 0) & (ix.parent >= 0)
    if implied.any():
        frames.append(
            pd.DataFrame(
                {
                    "introducer": ids[ix.seeker[implied]],
                    "introduced": ids[ix.node[implied]],
                    "date": ix.date[implied],
                    "seeker": ids[ix.seeker[implied]],
                    "status": STATUS_NAMES[ix.status[implied]],
                    "status_code": ix.status[implied].astype(float),
                    "kind": "direct",
                }
            )
        )
    if not frames:
        return
    e = pd.concat(frames, ignore_index=True)
    grouped = e.groupby(["introducer", "introduced"], sort=False)
    agg = grouped.agg(
        date=("date", "min"),
        status_code=("status_code", "max"),
        kind=("kind", "first"),
        seekers=("seeker", lambda s: tuple(sorted(set(s)))),
    )
    for (u, v), date, st, kind, seekers in zip(agg.index, agg["date"], agg["status_code"], agg["kind"], agg["seekers"]):
        attrs = {"status": STATUS_NAMES[int(st)], "seekers": seekers, "kind": kind}
        if date == date and date is not pd.NaT:
            attrs["date"] = pd.Timestamp(date)
        yield u, v, attrs
