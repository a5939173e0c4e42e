"""Interactive network maps: one offline, self-contained, escaped HTML page per map."""

from __future__ import annotations

import os
from pathlib import Path

from ._data import AGGREGATES, COLOR_BY, DEFAULT_MAX_NODES, SIZE_BY, build_map_data
from ._html import iframe, render_page
from ..layout import LAYOUTS

__all__ = ["NetworkMap", "network_map", "DEFAULT_MAX_NODES"]

_LAYOUT_CHOICES = ("auto",) + LAYOUTS
_LEGEND_TITLES = {"generation": "Colour: generation", "field": "Colour: field", "organization": "Colour: organization",
                  "origin": "Colour: branch (first contact it came through)", "status": "Colour: status"}
_SIZE_NOTES = {"descendants": "Size: people they led to", "children": "Size: people they introduced directly",
               "meetings": "Size: meetings", None: ""}


class NetworkMap:
    """An interactive map of a referral network, ready to save, show in Jupyter or hand to pyvis.

    Make one with :func:`network_map`. The map holds its data (plain lists) and
    never refers back to the network, so changing nothing about it is possible
    and nothing about the network can change it.

    Attributes
    ----------
    title : str
        The page title and heading.
    n_nodes, n_edges : int
        What the map draws (people, or groups for an aggregated map).
    people : int
        People in the part of the network the map covers.
    options : dict
        The options the map was made with.

    Examples
    --------
    >>> import pandas as pd, referralgraph as rg
    >>> contacts = pd.DataFrame({"name": ["Maya", "Ann", "Bo"], "is_seeker": ["yes", "", ""]})
    >>> intros = pd.DataFrame({"introducer": ["Ann"], "introduced": ["Bo"], "date": ["2026-03-02"]})
    >>> m = rg.network_map(rg.from_frames(contacts, intros))
    >>> m
    <NetworkMap 'Referral network of Maya': 3 nodes, 2 edges, layered layout, time-lapse over 1 date>
    >>> "Bo" in m.to_html()
    True
    """

    def __init__(self, payload: dict, *, title: str, options: dict) -> None:
        self._payload = payload
        self.title = title
        self.options = dict(options)

    @property
    def n_nodes(self) -> int:
        return len(self._payload["nodes"]["x"])

    @property
    def n_edges(self) -> int:
        return len(self._payload["edges"]["from"])

    @property
    def people(self) -> int:
        return int(self._payload["people"])

    def __repr__(self) -> str:
        dates = len(self._payload["dates"])
        lapse = f", time-lapse over {dates:,} date{'s' if dates != 1 else ''}" if dates else ""
        agg = f", aggregated by {self._payload['aggregate']}" if self._payload["aggregate"] else ""
        return (f"<NetworkMap {self.title!r}: {self.n_nodes:,} nodes, {self.n_edges:,} edges, "
                f"{self._payload['layout']} layout{agg}{lapse}>")

    # ------------------------------------------------------------------ output
    def to_html(self) -> str:
        """The whole page as a string: one self-contained HTML document.

        vis-network and the page's own script and styles are inlined; the data is a
        JSON block in which ``<``, ``>`` and ``&`` are escaped; a Content-Security-Policy
        allows only the page's two scripts (by hash) and forbids every network request.

        Returns
        -------
        str
        """
        from ... import __version__

        return render_page(self._payload, title=self.title, version=__version__)

    def save(self, path: str | os.PathLike, *, overwrite: bool = False) -> Path:
        """Write the map to ``path`` (one HTML file) and return the path.

        Nothing else is written: no ``lib/`` folder, no second file. The write is
        atomic (a temporary file in the same folder, then a rename), so a failure
        leaves whatever was at ``path`` untouched.

        Parameters
        ----------
        path : path-like
            The file to write, usually ending in ``.html``.
        overwrite : bool, default False
            Replace ``path`` if it exists.

        Returns
        -------
        pathlib.Path

        Raises
        ------
        OverwriteError
            If ``path`` exists and ``overwrite`` is false.
        IsADirectoryError
            If ``path`` is a folder.
        FileNotFoundError
            If the folder of ``path`` does not exist.

        Examples
        --------
        >>> import pathlib, tempfile, pandas as pd, referralgraph as rg
        >>> net = rg.from_frames(pd.DataFrame({"name": ["Maya", "Ann"], "is_seeker": ["yes", ""]}))
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> rg.network_map(net).save(folder / "map.html").name
        'map.html'
        >>> sorted(p.name for p in folder.iterdir())
        ['map.html']
        """
        from ...readwrite.files import check_target, write_text

        check_target(path, overwrite=overwrite)  # fail before building a large page
        return write_text(path, self.to_html(), overwrite=overwrite)

    def _repr_html_(self) -> str:
        """Jupyter's rich display: the page in a sandboxed ``<iframe srcdoc>``, about 620 px high."""
        return iframe(self.to_html(), height=620)

    def to_pyvis(self):
        """The same map as a new :class:`pyvis.network.Network`, for people who want pyvis's API.

        The escape hatch: nodes and edges are copied from the map's lists (the node
        and edge lists are set directly, which is linear, where ``add_node`` per node
        is quadratic), positions are set and physics is off, ``cdn_resources`` is
        ``"in_line"``. Nothing is written.

        Returns
        -------
        pyvis.network.Network

        Notes
        -----
        pyvis pages are not what :meth:`save` writes: pyvis's template still links a
        CDN stylesheet and script, has no Content-Security-Policy, and renders every
        node title as HTML as soon as one title contains the text ``href``. So that
        this cannot happen with the titles made here, an ``href`` inside them is
        written with an invisible zero-width joiner (``hr\\u200def``); if you add
        titles of your own, escape them with :func:`html.escape`. Do not pass user
        text to ``heading``, ``set_options`` or the select and filter menus: pyvis
        inserts those unescaped.

        Examples
        --------
        >>> import pandas as pd, referralgraph as rg
        >>> net = rg.from_frames(pd.DataFrame({"name": ["Maya", "Ann"], "is_seeker": ["yes", ""]}))
        >>> g = rg.network_map(net).to_pyvis()
        >>> g.get_nodes(), len(g.get_edges()), g.options.physics.enabled
        (['Maya', 'Ann'], 1, False)
        """
        from ._pyvis import to_pyvis

        return to_pyvis(self._payload)


def network_map(net, *, seeker: str | None = None, color_by: str = "generation", size_by: str | None = "descendants",
                anonymize: bool = False, timeline: bool = True, layout: str = "auto", aggregate: str | None = None,
                max_generation: int | None = None, max_nodes: int = DEFAULT_MAX_NODES,
                title: str | None = None) -> NetworkMap:
    """An interactive map of how introductions grew a network, generation by generation.

    The map is one HTML page that works offline: seekers are stars; people are
    coloured by ``color_by`` (with a legend) and sized by ``size_by``; arrows go from
    introducer to introduced, with the date on hover; introductions suggested but not
    yet met are faded and dashed. Hovering (or clicking, on large maps) shows a
    person's name, role, organization, generation, introducer, first contact,
    meetings and thank-you status; the search box finds a person by name or id;
    clicking a person highlights their path back to the seeker and everyone they
    led to; the slider and play button replay the growth date by date.

    Parameters
    ----------
    net : ReferralNetwork
        The network; it is not changed.
    seeker : str, optional
        Map only this seeker's tree. By default every tree of the network (for a
        single seeker, theirs).
    color_by : {"generation", "field", "organization", "origin", "status"}
        What the colour shows: introductions away from the seeker, the contact's
        field or organization, the branch (the direct contact a person was reached
        through) or the introduction's status. Categorical colourings show the ten
        commonest values and group the rest as "other".
    size_by : {"descendants", "children", "meetings", None}
        What the node size shows: everyone a person led to, the people they
        introduced directly, meetings with them, or nothing.
    anonymize : bool, default False
        Map :func:`referralgraph.anonymize` ``(net)`` instead: pseudonyms for names
        and ids, no e-mails, URLs, phone numbers, notes or tags. Pseudonyms are new
        on every call; for stable ones call ``rg.anonymize(net, salt=...)`` and map
        the result. A ``title`` you pass is used as given.
    timeline : bool, default True
        Add the time-lapse slider and play button (when the network has dates).
    layout : {"auto", "layered", "radial"}
        ``layered``: one row per generation; ``radial``: one ring per generation.
        ``auto`` is layered up to 300 drawn nodes and radial above. Positions are
        computed here (deterministic), so the browser runs no physics.
    aggregate : {None, "seeker", "organization", "generation-cap"}
        Draw groups instead of people, for large cohorts: one node per seeker
        (linked when their trees share contacts), per organization (linked by the
        introductions between them), or people up to a generation with everyone
        deeper collapsed into one "+k more" node per branch (the deepest
        generation that fits in ``max_nodes``, unless ``max_generation`` says).
    max_generation : int, optional
        Collapse people beyond this generation (implies ``aggregate="generation-cap"``
        when ``aggregate`` is None).
    max_nodes : int, default 20_000
        Refuse to draw more nodes than this. Browsers need about 7-13 s to draw
        2*10^4 nodes and 25-40 s (3.5 s per redraw) at 10^5, so larger pages are
        written only when you raise this on purpose.
    title : str, optional
        Page title and heading; default "Referral network of <seeker>".

    Returns
    -------
    NetworkMap

    Raises
    ------
    SeekerNotFound
        If ``seeker`` is not a seeker of the network.
    SizeLimitError
        If the map would draw more than ``max_nodes`` nodes; the message names the
        options (aggregation, a generation cap, one seeker) that make it fit.
    ValueError
        If an option is not one of its documented values.

    See Also
    --------
    referralgraph.anonymize : the pseudonymised copy ``anonymize=True`` maps.

    Notes
    -----
    Positions come from a numpy tree layout (one vectorised pass per generation),
    so a 10^5-person page is written in about 2 s; see docs/performance.md.
    A person in several seekers' trees (a cohort) is drawn once, where they are
    closest to a seeker; every introduction to them is drawn.

    Examples
    --------
    >>> import pandas as pd, referralgraph as rg
    >>> contacts = pd.DataFrame({"name": ["Maya", "Ann", "Bo", "Cy"], "is_seeker": ["yes", "", "", ""],
    ...                          "organization": ["", "Acme", "Beta", "Beta"]})
    >>> intros = pd.DataFrame({"introducer": ["Ann", "Bo"], "introduced": ["Bo", "Cy"],
    ...                        "date": ["2026-03-02", "2026-03-09"], "status": ["met", "suggested"]})
    >>> net = rg.from_frames(contacts, intros)
    >>> rg.network_map(net, color_by="organization")
    <NetworkMap 'Referral network of Maya': 4 nodes, 3 edges, layered layout, time-lapse over 2 dates>
    >>> m = rg.network_map(net, max_generation=1)  # Bo and Cy collapse into "+2 more"
    >>> m.n_nodes, m.options["aggregate"]
    (3, 'generation-cap')
    >>> rg.network_map(net, max_nodes=2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    referralgraph.exceptions.SizeLimitError: the map would draw 4 nodes; expected at most max_nodes=2. To make it feasible pass ...
    """
    from ...model import ReferralNetwork

    if not isinstance(net, ReferralNetwork):
        raise TypeError(f"net must be a ReferralNetwork (got {type(net).__name__})")
    _choice("color_by", color_by, COLOR_BY)
    _choice("size_by", size_by, SIZE_BY)
    _choice("layout", layout, _LAYOUT_CHOICES)
    _choice("aggregate", aggregate, (None,) + AGGREGATES)
    if seeker is not None and not isinstance(seeker, str):
        raise TypeError(f"seeker must be a seeker id (str) or None (got {type(seeker).__name__})")
    if max_generation is not None and (isinstance(max_generation, bool) or not isinstance(max_generation, int)
                                       or max_generation < 1):
        raise ValueError(f"max_generation must be a whole number >= 1 (got {max_generation!r})")
    if isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1:
        raise ValueError(f"max_nodes must be a whole number >= 1 (got {max_nodes!r})")
    if max_generation is not None and aggregate in ("seeker", "organization"):
        raise ValueError(f"max_generation applies to maps of people; it cannot be combined with aggregate={aggregate!r}")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a str (got {type(title).__name__})")
    if seeker is not None:
        net.seeker_position(seeker)  # SeekerNotFound before any work
    if anonymize:
        from ...model import anonymize as _anonymize

        if seeker is not None:  # the seeker's pseudonym: its position among the seekers is unchanged
            position = net.seeker_position(seeker)
            net = _anonymize(net)
            seeker = net.seekers[position]
        else:
            net = _anonymize(net)
    if max_generation is not None and aggregate is None:
        aggregate = "generation-cap"
    payload = build_map_data(net, seeker=seeker, color_by=color_by, size_by=size_by, timeline=timeline,
                             layout=layout, aggregate=aggregate, max_generation=max_generation, max_nodes=max_nodes)
    if title is None:
        title = _default_title(net, seeker)
    payload["subtitle"] = _subtitle(payload, aggregate)
    payload["legendTitle"] = _LEGEND_TITLES[color_by]
    payload["sizeNote"] = _SIZE_NOTES[size_by] if aggregate not in ("seeker", "organization") else "Size: people"
    options = dict(seeker=seeker, color_by=color_by, size_by=size_by, anonymize=bool(anonymize), timeline=timeline,
                   layout=layout, aggregate=aggregate, max_generation=max_generation, max_nodes=max_nodes)
    return NetworkMap(payload, title=title, options=options)


def _choice(name, value, choices) -> None:
    if value not in choices:
        shown = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {shown} (got {value!r})")


def _default_title(net, seeker) -> str:
    seekers = net.seekers
    if seeker is None and len(seekers) != 1:
        return f"Referral network of {len(seekers):,} seekers"
    code = net.code(seeker if seeker is not None else seekers[0])
    row = net.contacts.iloc[code]
    name = row.get("name")
    return f"Referral network of {name if isinstance(name, str) and name else net.ids[code]}"


def _subtitle(payload: dict, aggregate) -> str:
    people = payload["people"]
    drawn = len(payload["nodes"]["x"])
    gens = max(payload["nodes"]["gen"], default=0)
    what = {None: "", "seeker": " · one node per seeker", "organization": " · one node per organization",
            "generation-cap": " · deep branches collapsed"}[aggregate]
    text = f"{people:,} {'person' if people == 1 else 'people'}"
    if aggregate in ("seeker", "organization"):
        text += f" in {drawn:,} nodes"
    elif aggregate == "generation-cap":
        text += f", {drawn:,} nodes drawn"
    if aggregate not in ("seeker", "organization") and drawn:
        text += f" · {gens:,} generation{'s' if gens != 1 else ''} of introductions"
    if not drawn:
        text = "Nothing to map yet: add contacts and introductions."
    return text + what + " · hover or click a person"
