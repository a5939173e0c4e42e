"""Interactive network maps: one offline, self-contained, escaped HTML page per map."""

from __future__ import annotations

import os
from pathlib import Path

from ..._docstrings import share_docs
from ..._checks import check_choice, check_int, check_network
from ...analysis.facts import reference_note, resolve
from ...exceptions import ArgumentTypeError, OptionError
from ._data import AGGREGATES, COLOR_BY, DEFAULT_MAX_NODES, SIZE_BY, build_map_data
from ._html import iframe, render_page
from ..layout import LAYOUTS
from .payload import MapPayload

__all__ = ["NetworkMap", "network_map", "DEFAULT_MAX_NODES"]

_LAYOUT_CHOICES = ("auto",) + LAYOUTS
_LEGEND_TITLES = {
    "generation": "Colour: generation",
    "field": "Colour: field",
    "organization": "Colour: organization",
    "origin": "Colour: branch (first contact it came through)",
    "status": "Colour: status",
    "outcome": "Colour: furthest opportunity their chain led to",
}
_SIZE_NOTES = {
    "descendants": "Size: people they led to",
    "children": "Size: people they introduced directly",
    "meetings": "Size: meetings",
    None: "",
}


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

    def __init__(self, payload: MapPayload, *, title: str, options: dict) -> None:
        self._payload = payload
        self.title = title
        self.options = dict(options)

    @property
    def n_nodes(self) -> int:
        return self._payload.n_nodes

    @property
    def n_edges(self) -> int:
        return self._payload.n_edges

    @property
    def people(self) -> int:
        return int(self._payload.people)

    @property
    def payload(self) -> MapPayload:
        """The columnar data the page draws (see docs/maps.md, "Payload"); treat it as read-only."""
        return self._payload

    def __repr__(self) -> str:
        dates = len(self._payload.dates)
        lapse = f", time-lapse over {dates:,} date{'s' if dates != 1 else ''}" if dates else ""
        agg = f", aggregated by {self._payload.aggregate}" if self._payload.aggregate else ""
        return (
            f"<NetworkMap {self.title!r}: {self.n_nodes:,} nodes, {self.n_edges:,} edges, "
            f"{self._payload.layout} layout{agg}{lapse}>"
        )

    # ------------------------------------------------------------------ output
    def to_html(self) -> str:
        """The whole page as a string: one self-contained HTML document.

        The WebGL renderer and the page's own script and styles are inlined; the data
        is a JSON block (typed arrays in base64, strings in which ``<``, ``>`` and ``&``
        are escaped); a Content-Security-Policy allows only the page's two scripts (by
        hash) and forbids every network request.

        Returns
        -------
        str
        """
        from ... import __version__

        return render_page(self._payload, title=self.title, version=__version__)

    @share_docs
    def save(self, path: str | os.PathLike, *, overwrite: bool = False) -> Path:
        """Write the map to ``path`` and return the path: the HTML page, or a PNG/SVG picture of it.

        A name ending in ``.png``, ``.svg`` or ``.pdf`` gets a static picture of the same
        layout, colours and labels drawn with matplotlib (for reports and print);
        anything else gets the interactive HTML page. Nothing else is written: no
        ``lib/`` folder, no second file. The write is atomic (a temporary file in the
        same folder, then a rename), so a failure leaves whatever was at ``path``
        untouched.

        Parameters
        ----------
        path : path-like
            The file to write, usually ending in ``.html`` (or ``.png``, ``.svg``, ``.pdf``).
        {overwrite}

        Returns
        -------
        pathlib.Path

        Raises
        ------
        {raises_overwrite}
        {raises_path}

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
        if Path(path).suffix.lower() in (".png", ".svg", ".pdf"):
            from ._picture import save_picture

            return save_picture(self, path, overwrite=overwrite)
        return write_text(path, self.to_html(), overwrite=overwrite)

    def to_png(self, *, width: float = 9.0, height: float = 6.0, dpi: int = 100) -> bytes:
        """A static picture of the map (same layout, colours and non-overlapping labels) as PNG bytes.

        Drawn with matplotlib; this is the picture notebooks show when they will not
        run the page's script (see :meth:`_repr_mimebundle_`).

        Returns
        -------
        bytes
        """
        from ._picture import png_bytes

        return png_bytes(self, width=width, height=height, dpi=dpi)

    def _repr_html_(self) -> str:
        """Jupyter's rich display: the page in a sandboxed ``<iframe srcdoc>``, about 620 px high."""
        return iframe(self.to_html(), height=620)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """Every notebook's display: the page (``text/html``) and a picture of it (``image/png``).

        Front ends that run the page (JupyterLab, classic Notebook, VS Code, Colab)
        show the HTML; an untrusted notebook, or one that will not run scripts, shows
        the PNG instead of a blank cell. ``text/plain`` is the repr.
        """
        bundle: dict[str, str | bytes] = {"text/plain": repr(self), "text/html": self._repr_html_()}
        bundle["image/png"] = self.to_png()
        if include:
            bundle = {k: v for k, v in bundle.items() if k in include}
        if exclude:
            bundle = {k: v for k, v in bundle.items() if k not in exclude}
        return bundle

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


@share_docs
def network_map(
    net,
    *,
    seeker: str | None = None,
    color_by: str = "generation",
    size_by: str | None = "descendants",
    anonymize: bool = False,
    timeline: bool = True,
    layout: str = "auto",
    aggregate: str | None = None,
    max_generation: int | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    title: str | None = None,
    widget: bool = False,
    as_of=None,
    connections=None,
):
    """An interactive map of how introductions grew a network, generation by generation.

    The map is one HTML page that works offline, drawn with WebGL so that a whole
    cohort (10^5 people) opens in a few seconds: seekers are stars; people are
    coloured by ``color_by`` (with a legend) and sized by ``size_by``; arrows go from
    introducer to introduced, with the date on hover; introductions suggested but not
    yet met are faded and dashed. Names are shown by importance (seekers, then the
    people who led to most) wherever they fit without overlapping, more as you zoom.
    Hovering shows a person's name, role, organization, generation, introducer,
    first contact, meetings and thank-you status; clicking highlights their path
    back to the seeker and everyone they led to, and opens a side panel (chain,
    what they led to, meetings, next step, collapse or expand their branch); the
    search box finds a person by name or id; the slider and play button replay the
    growth date by date; a button saves the current view as a PNG.

    Parameters
    ----------
    net : ReferralNetwork
        The network; it is not changed.
    seeker : str, optional
        Map only this seeker's tree. ``None`` means every seeker: every tree of the network.
    color_by : {"generation", "field", "organization", "origin", "status", "outcome"}
        What the colour shows: introductions away from the seeker, the contact's
        field or organization, the branch (the direct contact a person was reached
        through), the introduction's status, or ``outcome``: the furthest stage
        (lead ... accepted) of an opportunity whose chain of introductions runs
        through the person (see :func:`referralgraph.outcome_credit`; maps of people only). Categorical colourings show the ten
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
        ``auto`` picks by the shape of the trees: layered, unless the biggest tree is
        more than six times wider than deep (then radial). Positions are computed
        here (deterministic, a tidy tree layout in numpy), so the browser runs no
        physics. A cohort's trees are packed side by side, biggest first.
    aggregate : {None, "seeker", "organization", "generation-cap"}
        Draw groups instead of people, for large cohorts: one node per seeker
        (linked when their trees share contacts), per organization (linked by the
        introductions between them), or people up to a generation with everyone
        deeper collapsed into one "+k more" node per branch (the deepest
        generation that fits in ``max_nodes``, unless ``max_generation`` says).
    max_generation : int, optional
        Collapse people beyond this generation (implies ``aggregate="generation-cap"``
        when ``aggregate`` is None).
    max_nodes : int, default 200_000
        Refuse to draw more nodes than this. The page draws 10^5 people in about
        2-3 s on a laptop without a GPU and twice that at 2*10^5; beyond, the
        message names an aggregation that fits.
    title : str, optional
        Page title and heading; default "Referral network of <seeker>".
    connections : pandas.DataFrame, optional
        The connections pool of an import (:func:`referralgraph.read_pool`): drawn
        folded, one "+N connections" node under each seeker (faded), never as part
        of the tree (left out of anonymised maps).
    widget : bool, default False
        Return the map as a two-way notebook widget, :class:`referralgraph.MapWidget`
        (select people on it and get them back as a DataFrame; highlight, filter or
        recolour it from Python), instead of a :class:`NetworkMap`. Needs anywidget
        (``pip install "referralgraph[widget]"``).
    as_of : date-like, optional
        Map the network as known at the end of this day. Default: the one reference
        date of every command (docs/metrics.md, "The reference date"): today, or what
        the settings pin; rows dated later are scheduled and left out. The date and
        why it was chosen are in the subtitle and the payload (``asOf``, ``asOfNote``).

    Returns
    -------
    NetworkMap
        (a :class:`~referralgraph.MapWidget` with ``widget=True``)

    Raises
    ------
    {raises_seeker}
    SizeLimitError
        If the map would draw more than ``max_nodes`` nodes; the message names the
        options (aggregation, a generation cap, one seeker) that make it fit.
    SchemaError
        If ``aggregate="organization"`` and the contacts have no ``organization``
        column (the message lists the columns they have).
    OptionError
        If an option is not one of its documented values (a ``ValueError``).
    ArgumentTypeError
        If ``net`` is not a ReferralNetwork, or ``seeker``/``title`` not a str (a ``TypeError``).

    See Also
    --------
    referralgraph.anonymize : the pseudonymised copy ``anonymize=True`` maps.

    Notes
    -----
    Positions come from a numpy tree layout (one vectorised pass per generation),
    and the page gets its columns as typed arrays, so a 10^5-person page is written
    in about 2 s; see docs/performance.md and, for the data the page reads, the
    "Payload" section of docs/maps.md.
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
    check_network(net)
    if widget:
        from .widget import MapWidget

        return MapWidget(
            net,
            seeker=seeker,
            color_by=color_by,
            size_by=size_by,
            anonymize=anonymize,
            timeline=timeline,
            layout=layout,
            aggregate=aggregate,
            max_generation=max_generation,
            max_nodes=max_nodes,
            title=title,
            as_of=as_of,
        )
    check_choice("color_by", color_by, COLOR_BY)
    check_choice("size_by", size_by, SIZE_BY)
    check_choice("layout", layout, _LAYOUT_CHOICES)
    check_choice("aggregate", aggregate, AGGREGATES, allow_none=True)
    if seeker is not None and not isinstance(seeker, str):
        raise ArgumentTypeError(f"seeker must be a seeker id (str) or None (got {type(seeker).__name__})")
    check_int("max_generation", max_generation, minimum=1, allow_none=True)
    check_int("max_nodes", max_nodes, minimum=1)
    if color_by == "outcome" and aggregate in ("seeker", "organization"):
        raise OptionError(
            f"color_by='outcome' colours people by the chains they are on; it cannot be combined with "
            f"aggregate={aggregate!r}"
        )
    if max_generation is not None and aggregate in ("seeker", "organization"):
        raise OptionError(
            f"max_generation applies to maps of people; it cannot be combined with aggregate={aggregate!r}"
        )
    if title is not None and not isinstance(title, str):
        raise ArgumentTypeError(f"title must be a str (got {type(title).__name__})")
    if connections is not None and type(connections).__name__ != "DataFrame":
        raise ArgumentTypeError(
            f"connections must be the connections pool as a DataFrame (referralgraph.read_pool); "
            f"got {type(connections).__name__}"
        )
    if seeker is not None:
        net.seeker_position(seeker)  # SeekerNotFound before any work
    full = net
    net, day = resolve(net, as_of)  # the same snapshot report, next and metrics measure
    if anonymize:
        from ...model import anonymize as _anonymize

        if seeker is not None:  # the seeker's pseudonym, from a salt of our own (the rows are reordered)
            import secrets

            from ...model.privacy import pseudonym

            salt = secrets.token_bytes(32)
            seeker_id = net.seekers[net.seeker_position(seeker)]
            net = _anonymize(net, salt=salt)
            short = pseudonym(seeker_id, salt=salt, is_seeker=True)
            seeker = next(s for s in net.seekers if s.startswith(short))
        else:
            net = _anonymize(net)
    if max_generation is not None and aggregate is None:
        aggregate = "generation-cap"
    payload = build_map_data(
        net,
        seeker=seeker,
        color_by=color_by,
        size_by=size_by,
        timeline=timeline,
        layout=layout,
        aggregate=aggregate,
        max_generation=max_generation,
        max_nodes=max_nodes,
        pool=None if anonymize else connections,
    )
    if title is None:
        title = _default_title(net, seeker)
    payload.subtitle = _subtitle(payload, aggregate, 1 if seeker is not None else len(net.seekers))
    if day is not None:
        payload.as_of, payload.as_of_note = f"{day:%Y-%m-%d}", reference_note(full, as_of, day)
        payload.subtitle = f"As of {payload.as_of} ({payload.as_of_note}) · " + payload.subtitle
    payload.legend_title = _legend_title(color_by, aggregate)
    aggregate_notes: dict[str | None, str] = {"seeker": "Size: people in their network", "organization": "Size: people"}
    payload.size_note = aggregate_notes.get(aggregate, _SIZE_NOTES[size_by])
    payload.check()
    options = dict(
        seeker=seeker,
        color_by=color_by,
        size_by=size_by,
        anonymize=bool(anonymize),
        timeline=timeline,
        layout=layout,
        aggregate=aggregate,
        max_generation=max_generation,
        max_nodes=max_nodes,
    )
    return NetworkMap(payload, title=title, options=options)


def _default_title(net, seeker) -> str:
    seekers = net.seekers
    if seeker is None and len(seekers) != 1:
        return f"Referral network of {len(seekers):,} seekers"
    code = net.code(seeker if seeker is not None else seekers[0])
    row = net.contacts.iloc[code]
    name = row.get("name")
    return f"Referral network of {name if isinstance(name, str) and name else net.ids[code]}"


def _legend_title(color_by: str, aggregate) -> str:
    """What the legend's colours say, in the unit the map draws (seekers, organizations, people)."""
    if aggregate == "seeker":
        return f"Seekers by {color_by}" if color_by in ("field", "organization") else "Seekers (one star each)"
    if aggregate == "organization":
        return {"generation": "Organizations by the generation first reached", "organization": "Organizations"}.get(
            color_by, f"Organizations by their commonest {color_by}"
        )
    return _LEGEND_TITLES[color_by]


def _people_text(people: int, seekers: int) -> str:
    """Everyone on the map, counted as the report counts (the seeker apart): "85 people + you".

    The report's "People you reached" leaves the seeker out; the map says so
    instead of counting one more ("86 people").
    """
    others = max(people - seekers, 0)
    text = f"{others:,} {'person' if others == 1 else 'people'}"
    if seekers == 1:
        return text + " + you"
    return text + (f" + {seekers:,} seekers" if seekers else "")


def _subtitle(payload: MapPayload, aggregate, seekers: int = 1) -> str:
    people = payload.people
    drawn = payload.n_nodes
    gens = int(payload.nodes["gen"].max()) if drawn else 0
    what = {
        None: "",
        "seeker": (
            " · click a seeker to see whom they share contacts with"
            if payload.edges_on_demand
            else " · one star per seeker"
        ),
        "organization": " · one node per organization",
        "generation-cap": " · deep branches collapsed",
    }[aggregate]
    text = (
        _people_text(people, seekers)
        if aggregate in (None, "generation-cap")
        else f"{people:,} {'person' if people == 1 else 'people'}"
    )
    if aggregate == "seeker":
        text += f" in {drawn:,} seekers' networks" if drawn != 1 else " in 1 seeker's network"
    elif aggregate == "organization":
        text += f" in {drawn:,} organizations and seekers"
    elif aggregate == "generation-cap":
        text += f", {drawn:,} nodes drawn"
    if aggregate not in ("seeker", "organization") and drawn:
        text += f" · {gens:,} generation{'s' if gens != 1 else ''} of introductions"
    if not drawn:
        text = "Nothing to map yet: add contacts and introductions."
    unit = payload.units[0] if aggregate == "seeker" else ("group" if aggregate == "organization" else "person")
    return text + what + f" · hover or click a {unit}"
