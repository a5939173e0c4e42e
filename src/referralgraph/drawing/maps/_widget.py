"""The map as a two-way notebook widget on anywidget (imported only when anywidget is installed).

The page's renderer and script run unchanged inside the widget: ``widget_module()``
puts ``templates/renderer.js``, ``templates/map.js`` and ``templates/widget.js`` into
one ES module (no CDN, no network request), and the payload is the same
:class:`~referralgraph.drawing.maps.payload.MapPayload` the HTML page inlines, sent
once. Everything after that travels as small synced traits: the selection and the
hovered person from the page; highlights, the selection, a filter mask, new colour or
size columns, a focus and the time-lapse date from Python.
"""

from __future__ import annotations

import base64
import datetime as _dt
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import anywidget
import numpy as np
import pandas as pd
import traitlets

from ..._checks import check_choice, check_network
from ...exceptions import ArgumentTypeError, ContactNotFound, OptionError
from ._data import COLOR_BY, SIZE_BY
from ._html import _asset, _script, render_body
from .map import network_map

__all__ = ["MapWidget", "widget_module"]


@lru_cache(maxsize=None)
def widget_module() -> str:
    """The widget's one ES module: the page's renderer and map script, then the widget glue.

    ``RG_EXPORTS`` keeps the renderer and the map script out of the notebook's globals.
    """
    return (
        "const RG_EXPORTS = {};\n"
        + _script("renderer.js")
        + "\n"
        + _script("names.js")
        + "\n"
        + _script("map.js")
        + "\n"
        + _asset("templates", "widget.js")
    )


def _b64(array: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


class MapWidget(anywidget.AnyWidget):
    """The interactive map as a notebook widget that talks back: select people on it, get them in Python.

    The same renderer, payload, tooltips, search, side panel and time-lapse as
    :func:`network_map`, as one offline ES module (anywidget), so it runs in
    JupyterLab 4, Notebook 7, VS Code, Colab and marimo. What the page sends back:
    :attr:`selected` (click a person; shift-click adds or removes one; shift-drag draws a
    box, Alt-drag or the Lasso button a lasso) and :attr:`hovered`. What Python changes
    without sending the map again: :meth:`highlight`, :meth:`select`, :meth:`filter`,
    :attr:`color_by`, :attr:`size_by`, :meth:`focus` and :attr:`date`.

    Parameters
    ----------
    net : ReferralNetwork
        The network; it is not changed. The widget keeps it to answer :attr:`selected`
        and :meth:`filter`.
    seeker, color_by, size_by, timeline, layout, aggregate, max_generation, max_nodes, title
        As for :func:`network_map`.
    anonymize : bool, default False
        Draw :func:`referralgraph.anonymize` ``(net)`` (made once): names, ids and
        :attr:`selected` are the pseudonymised ones.
    height : int, default 620
        Height of the widget in CSS pixels.
    as_of : date-like, optional
        Draw the network as known on this date, as :func:`network_map` does
        (default: the reference date, docs/metrics.md); :attr:`selected` and
        :meth:`filter` read :func:`contact_metrics` on the same date.

    Attributes
    ----------
    selected_ids : list of str
        Ids of the selected people (seekers and groups: their id or name), in map
        order; observe it with ``widget.observe(fn, names="selected_ids")``.
    hovered : str
        Id of the person under the mouse ('' when none).
    color_by, size_by : str
        Assign to recolour or resize the map in place.
    date : str
        The time-lapse date (``YYYY-MM-DD``; '' for the end): set it to show the
        network as it was that day; moving the slider sets it.
    drag_mode : {"pan", "box", "lasso"}
        What a plain drag on the map does.

    Raises
    ------
    MissingDependencyError
        If anywidget is not installed (``pip install "referralgraph[widget]"``).

    See Also
    --------
    network_map : the same map as a standalone HTML page (and a picture).

    Notes
    -----
    Selections, highlights and filters are lists of node positions or one byte per
    node, so a change costs kilobytes at 10^5 people; a new ``color_by`` or ``size_by``
    rebuilds the map's data in Python (about as long as :func:`network_map`) and sends
    one byte (colour) or four (size) per node.

    Examples
    --------
    >>> net = rg.demo()
    >>> w = rg.MapWidget(net)
    >>> w
    <MapWidget 'Referral network of Maya Chen': 86 nodes, 85 edges, 0 selected>
    >>> w.select(["priya-k", "beth-a"])  # what a click and a shift-click on the page do
    >>> w.selected_ids
    ['beth-a', 'priya-k']
    >>> w.selected[["contact", "generation", "descendants"]]
       contact  generation  descendants
    0   beth-a           1            8
    1  priya-k           1           19
    >>> w.filter("dormant")  # only the people gone quiet (seekers stay)
    >>> w.color_by = "organization"
    """

    _esm = widget_module()
    _css = _asset("templates", "map.css")
    _data = traitlets.Dict().tag(sync=True)
    _markup = traitlets.Unicode("").tag(sync=True)
    _title = traitlets.Unicode("").tag(sync=True)
    height = traitlets.Int(620).tag(sync=True)
    _colors = traitlets.Dict().tag(sync=True)
    _sizes = traitlets.Dict().tag(sync=True)
    _filter = traitlets.Dict().tag(sync=True)
    _highlight = traitlets.List(traitlets.Int()).tag(sync=True)
    _picked = traitlets.List(traitlets.Int()).tag(sync=True)
    _focus = traitlets.Dict().tag(sync=True)
    date = traitlets.Unicode("").tag(sync=True)
    hovered = traitlets.Unicode("").tag(sync=True)
    drag_mode = traitlets.Unicode("pan").tag(sync=True)
    color_by = traitlets.Unicode("generation")
    size_by = traitlets.Unicode(None, allow_none=True)
    selected_ids = traitlets.List(traitlets.Unicode())

    def __init__(
        self,
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
        max_nodes: int | None = None,
        title: str | None = None,
        height: int = 620,
        as_of=None,
    ) -> None:
        check_network(net)
        if anonymize:  # once: the widget's ids, selection and filters are the pseudonyms drawn
            from ...model import anonymize as _anonymize

            import secrets

            from ...model.privacy import pseudonym

            salt = secrets.token_bytes(32)  # ours, to find the seeker's pseudonym (the copy's rows are reordered)
            seeker_id = net.seekers[net.seeker_position(seeker)] if isinstance(seeker, str) else None
            net = _anonymize(net, salt=salt)
            if seeker_id is not None:
                short = pseudonym(seeker_id, salt=salt, is_seeker=True)
                seeker = next(s for s in net.seekers if s.startswith(short))
        options: dict[str, Any] = dict(
            seeker=seeker,
            timeline=timeline,
            layout=layout,
            aggregate=aggregate,
            max_generation=max_generation,
            title=title,
            as_of=as_of,
        )
        if max_nodes is not None:
            options["max_nodes"] = max_nodes
        the_map = network_map(net, color_by=color_by, size_by=size_by, **options)
        self._net = net
        self._map = the_map
        self._options = options
        self._metrics = None
        self._callbacks: list[Callable] = []
        self._focus_count = 0
        p = the_map.payload
        self._cids = list(p.nodes["cid"])
        self._names = list(p.nodes["name"])
        self._kind = np.asarray(p.nodes["kind"])
        self._parent = np.asarray(p.nodes["parent"], dtype=np.int64)
        self._node_of = {c: i for i, c in enumerate(self._cids) if c}
        self._node_of.update(
            {nm: i for i, nm in enumerate(self._names) if self._kind[i] == 2 and nm not in self._node_of}
        )
        super().__init__(
            _data=p.to_json(),
            _markup=render_body(""),
            _title=the_map.title,
            height=int(height),
            color_by=color_by,
            size_by=size_by,
        )

    # ------------------------------------------------------------------ what the map is
    @property
    def map(self):
        """The :class:`NetworkMap` drawn (save it as HTML or PNG with ``widget.map.save(path)``)."""
        return self._map

    @property
    def network(self):
        """The network the widget answers from (the pseudonymised copy with ``anonymize=True``)."""
        return self._net

    def __repr__(self) -> str:
        return (
            f"<MapWidget {self._map.title!r}: {self._map.n_nodes:,} nodes, {self._map.n_edges:,} edges, "
            f"{len(self._picked):,} selected>"
        )

    def _repr_mimebundle_(self, **kwargs):
        """The widget where a front end runs widgets; the map's PNG and text elsewhere (nbviewer, GitHub)."""
        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        if isinstance(data, dict):
            data.setdefault("image/png", self._map.to_png())
            data["text/plain"] = repr(self)
        return bundle

    # ------------------------------------------------------------------ ids <-> drawn nodes
    def _nodes(self, ids, what: str) -> list[int]:
        if ids is None:
            return []
        if isinstance(ids, str):
            ids = [ids]
        if isinstance(ids, pd.DataFrame):
            if "contact" not in ids.columns:
                raise ArgumentTypeError(f"{what}: a DataFrame needs a 'contact' column (got {list(ids.columns)})")
            ids = ids["contact"]
        if isinstance(ids, pd.Series) and ids.dtype == bool:
            ids = self._ids_of_mask(ids, what)
        out, missing = [], []
        for value in ids:
            node = self._node_of.get(str(value))
            if node is None:
                missing.append(str(value))
            else:
                out.append(node)
        if missing:
            shown = ", ".join(repr(v) for v in missing[:5]) + (
                f" and {len(missing) - 5:,} more" if len(missing) > 5 else ""
            )
            raise ContactNotFound(
                f"{what}: {shown} not drawn on this map (expected ids of people on it"
                + (", e.g. " + repr(next(iter(self._node_of))) if self._node_of else "")
                + ")"
            )
        return sorted(set(out))

    def _metrics_table(self) -> pd.DataFrame:
        if self._metrics is None:
            from ...analysis import contact_metrics

            self._metrics = contact_metrics(self._net, as_of=self._options["as_of"])  # the day the map draws
        return self._metrics

    def _ids_of_mask(self, mask: pd.Series, what: str) -> list[str]:
        """The contact ids a boolean Series picks: indexed by contact id, or aligned with contact_metrics or contacts."""
        ids = self._net.ids
        if len(mask) and mask.index.isin(ids).all():
            return [str(v) for v in mask.index[mask.to_numpy(dtype=bool)]]
        cm = self._metrics_table()
        if mask.index.equals(cm.index):
            return cm["contact"][mask.to_numpy(dtype=bool)].astype(str).unique().tolist()
        contacts = self._net.contacts
        if mask.index.equals(contacts.index):
            return contacts["id"][mask.to_numpy(dtype=bool)].astype(str).tolist()
        raise OptionError(
            f"{what}: a boolean Series must be indexed by contact id or aligned with "
            f"rg.contact_metrics(net) ({len(cm):,} rows) or net.contacts ({len(contacts):,} rows); "
            f"got {len(mask):,} values indexed {mask.index[:3].tolist()}..."
        )

    # ------------------------------------------------------------------ page -> Python
    @traitlets.observe("_picked")
    def _on_picked(self, change) -> None:
        nodes = sorted(int(i) for i in change["new"] if 0 <= int(i) < len(self._cids))
        self.selected_ids = [self._cids[i] or self._names[i] for i in nodes]
        if self._callbacks:
            frame = self.selected
            for callback in list(self._callbacks):
                callback(frame)

    @property
    def selected(self) -> pd.DataFrame:
        """The selected people with their metrics: :func:`contact_metrics` rows (seekers: their own row).

        One row per (seeker, contact), so a person in several seekers' trees has one
        row per tree. On a map aggregated by seeker or organization: one row per
        selected group (``node``, ``name``, ``id``, ``people``).
        """
        nodes = sorted(int(i) for i in self._picked)
        payload = self._map.payload
        if payload.aggregate in ("seeker", "organization"):
            return pd.DataFrame(
                {
                    "node": pd.Series(nodes, dtype="int64"),
                    "name": pd.Series([self._names[i] for i in nodes], dtype=object),
                    "id": pd.Series([self._cids[i] for i in nodes], dtype=object),
                    "people": pd.Series([int(payload.nodes["descendants"][i]) for i in nodes], dtype="int64"),
                }
            )
        cm = self._metrics_table()
        ids = [self._cids[i] for i in nodes if self._cids[i]]
        rows = cm[cm["contact"].isin(ids)]
        seekers = [c for c in ids if c in set(self._net.seekers)]
        if seekers:
            own = self._net.contacts.set_index("id").loc[seekers]
            extra = pd.DataFrame(
                {c: own[c].to_numpy() for c in ("name", "organization", "field") if c in own.columns}
                | {"seeker": seekers, "contact": seekers, "generation": 0}
            )
            rows = pd.concat([extra.reindex(columns=cm.columns), rows], ignore_index=True)
        order = {c: k for k, c in enumerate(ids)}
        return rows.sort_values("contact", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)

    def on_select(self, callback):
        """Call ``callback(selected)`` (a DataFrame, as :attr:`selected`) every time the selection changes.

        Returns the callback, so this works as a decorator.
        """
        if not callable(callback):
            raise ArgumentTypeError(f"on_select needs a callable (got {type(callback).__name__})")
        self._callbacks.append(callback)
        return callback

    # ------------------------------------------------------------------ Python -> page
    def select(self, ids) -> None:
        """Select these people on the map (ids, a boolean Series, or a table with a ``contact`` column); [] clears."""
        self._picked = self._nodes(ids, "select")

    def highlight(self, ids) -> None:
        """Draw these people (and the introductions between them) in red; ``None`` or [] clears."""
        self._highlight = self._nodes(ids, "highlight")

    def focus(self, person: str) -> None:
        """Centre the map on ``person`` (an id), highlight their chain and open their side panel."""
        if not isinstance(person, str):
            raise ArgumentTypeError(f"focus needs a person's id (str), got {type(person).__name__}")
        node = self._nodes([person], "focus")[0]
        self._focus_count += 1
        self._focus = {"node": node, "seq": self._focus_count}

    def filter(self, where=None, *, label: str | None = None) -> None:
        """Show only some people (seekers always stay): ``None`` shows everyone again.

        Parameters
        ----------
        where : str, boolean Series, list of ids or None
            A :meth:`pandas.DataFrame.query` on :func:`contact_metrics` (``"dormant"``,
            ``"generation >= 3 and meetings == 0"``): a person is shown when any of their
            rows matches; or a boolean Series indexed by contact id or aligned with
            ``contact_metrics(net)`` or ``net.contacts``; or the ids to show.
        label : str, optional
            What the header line calls the filter (default: the query, or "Filter").
        """
        if where is None:
            self._filter = {}
            return
        if self._map.payload.aggregate in ("seeker", "organization"):
            raise OptionError(
                f"filter works on maps of people; this map is aggregated by {self._map.payload.aggregate!r}"
            )
        if isinstance(where, str):
            cm = self._metrics_table()
            try:
                hit = cm.query(where)
            except Exception as exc:  # pandas raises many kinds (NameError, SyntaxError, TypeError, ...)
                raise OptionError(
                    f"filter query {where!r} does not run on rg.contact_metrics(net) "
                    f"(columns: {', '.join(cm.columns)}): {exc}"
                ) from None
            ids = hit["contact"].astype(str).unique().tolist()
            label = label or where
        elif isinstance(where, pd.Series) and where.dtype == bool:
            ids = self._ids_of_mask(where, "filter")
        elif isinstance(where, (list, tuple, set, pd.Index, np.ndarray, pd.Series)):
            ids = [str(v) for v in where]
        else:
            raise ArgumentTypeError(
                "filter needs a query on contact_metrics (str), a boolean Series, ids or None "
                f"(got {type(where).__name__})"
            )
        mask = np.zeros(len(self._cids), dtype=np.uint8)
        mask[[self._node_of[c] for c in ids if c in self._node_of]] = 1
        mask[self._kind == 1] = 1
        more = np.flatnonzero((self._kind == 2) & (self._parent >= 0))
        mask[more] = mask[self._parent[more]]  # a "+k more" node follows the person it hangs from
        self._filter = {"b64": _b64(mask), "label": label or "Filter"}

    @traitlets.validate("color_by")
    def _check_color_by(self, proposal):
        return check_choice("color_by", proposal["value"], COLOR_BY)

    @traitlets.validate("size_by")
    def _check_size_by(self, proposal):
        return check_choice("size_by", proposal["value"], SIZE_BY)

    def _rebuilt(self, **change):
        options: dict[str, Any] = dict(self._options, color_by=self.color_by, size_by=self.size_by)
        options.update(change)
        return network_map(self._net, **options).payload

    @traitlets.observe("color_by")
    def _on_color_by(self, change) -> None:
        if change["old"] == change["new"] or not hasattr(self, "_map"):
            return
        payload = self._rebuilt(color_by=change["new"])
        self._colors = {
            "b64": _b64(payload.nodes["color"].astype(np.uint8)),
            "legend": payload.legend,
            "title": payload.legend_title,
        }

    @traitlets.observe("size_by")
    def _on_size_by(self, change) -> None:
        if change["old"] == change["new"] or not hasattr(self, "_map"):
            return
        payload = self._rebuilt(size_by=change["new"])
        self._sizes = {"b64": _b64(payload.nodes["size"].astype("<f4")), "note": payload.size_note}

    @traitlets.validate("date")
    def _check_date(self, proposal):
        value = proposal["value"]
        if value in ("", "start"):
            return value
        try:
            return pd.Timestamp(value).strftime("%Y-%m-%d")
        except (ValueError, TypeError):
            raise OptionError(f"date must be YYYY-MM-DD, 'start' or '' (got {value!r})") from None

    @traitlets.validate("drag_mode")
    def _check_drag_mode(self, proposal):
        return check_choice("drag_mode", proposal["value"], ("pan", "box", "lasso"))

    def __setattr__(self, name, value):
        if name == "date" and isinstance(value, (_dt.date, pd.Timestamp)):
            value = pd.Timestamp(value).strftime("%Y-%m-%d")
        super().__setattr__(name, value)
