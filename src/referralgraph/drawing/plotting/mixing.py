"""Plots of birds of a feather and chain statistics: the mixing heatmap, the convergence of a share by generation."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..._docstrings import share_docs
from ..._deprecate import renamed_keywords
from ...exceptions import OptionError
from ...model import ReferralNetwork
from ._style import (
    measured,
    GREY,
    PALETTE,
    check_data,
    filter_seeker,
    get_ax,
    no_data,
    require_columns,
    seeker_title,
    tidy_axes,
    with_who,
)

__all__ = ["plot_mixing", "plot_convergence", "plot_origins"]

#: the most values a heatmap shows; the rest are gathered as "other values"
MAX_VALUES = 15


def _label(text: str, width: int = 22) -> str:
    text = str(text)
    return text if len(text) <= width else text[: width - 1] + "…"


@share_docs
def plot_mixing(data, *, by="field", seeker=None, normalize=True, annotate=True, as_of=None, ax=None, **kwargs):
    """Draw who introduced whom by a contact attribute, as a heatmap (introducer rows, introduced columns).

    Parameters
    ----------
    data : ReferralNetwork or pandas.DataFrame
        The network (then :func:`referralgraph.mixing_matrix` is called with
        ``by`` and ``seeker``), or the square table it returns (counts).
    by : str, default "field"
        The contacts column; used only when ``data`` is a network.
    seeker : str, optional
        Whose introductions. ``None`` means every seeker, added up. Used only when ``data``
        is a network.
    normalize : bool, default True
        Colour by row share (where a value's introductions led) instead of by
        count; the cells are labelled with counts either way.
    annotate : bool, default True
        Write the count in each non-empty cell.
    {as_of_plot}
    {ax}
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.imshow` (e.g. ``cmap``).

    {returns_axes}

    Raises
    ------
    {raises_plot_data}
    SchemaError
        If a DataFrame is not square with the same values as index and columns.
    OptionError, SeekerNotFound
        As :func:`referralgraph.mixing_matrix`.

    See Also
    --------
    referralgraph.mixing_matrix : the numbers drawn here.
    referralgraph.homophily : the diagonal's share against random mixing.

    Notes
    -----
    The diagonal (outlined) holds introductions inside the same value: a dark
    diagonal is "birds of a feather". Beyond 15 values the rarest are gathered as
    "other values".

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> rg.plot_mixing(rg.demo(), ax=ax) is ax
    True
    >>> ax.get_title()
    'Who introduced whom, by field: Maya Chen'
    >>> plt.close(fig)
    """
    check_data(data, "mixing_matrix returns")
    data = measured(data, as_of)
    if normalize not in (True, False) or annotate not in (True, False):
        raise OptionError(f"normalize and annotate must be True or False (got {normalize!r}, {annotate!r})")
    ax = get_ax(ax)
    if isinstance(data, ReferralNetwork):
        from ...analysis import mixing_matrix

        table = mixing_matrix(data, by=by, seeker=seeker)
        who = seeker_title(data, seeker)
        word = by.replace("_", " ")
    else:
        table = data
        if table.shape[0] != table.shape[1] or list(table.index) != list(table.columns):
            from ...exceptions import SchemaError

            raise SchemaError(
                f"plot_mixing needs the square table mixing_matrix returns, the same values as index "
                f"and columns (got {table.shape[0]} rows and {table.shape[1]} columns)"
            )
        who = ""
        word = table.attrs.get("by", "value").replace("_", " ")
    title = with_who(f"Who introduced whom, by {word}", who)
    counts = table.to_numpy(dtype=float)
    if counts.size == 0 or np.nansum(counts) == 0:
        return no_data(ax, title, "No introductions between contacts yet")
    labels = [str(v) for v in table.index]
    if len(labels) > MAX_VALUES:  # keep the values with the most introductions either way
        weight = counts.sum(axis=0) + counts.sum(axis=1)
        top = np.sort(np.argsort(-weight, kind="stable")[: MAX_VALUES - 1])
        rest = np.setdiff1d(np.arange(len(labels)), top)
        idx = list(top) + [rest]
        counts = np.array([[counts[np.ix_(np.atleast_1d(i), np.atleast_1d(j))].sum() for j in idx] for i in idx])
        labels = [labels[i] for i in top] + ["other values"]
    with np.errstate(divide="ignore", invalid="ignore"):
        shown = counts / counts.sum(axis=1, keepdims=True) if normalize else counts
    shown = np.where(np.isfinite(shown), shown, 0.0)
    im_kws = {
        "cmap": "Blues",
        "aspect": "auto",
        "vmin": 0.0,
        "vmax": 1.0 if normalize else max(counts.max(), 1),
    } | kwargs
    image = ax.imshow(shown, **im_kws)
    n = len(labels)
    ax.set_xticks(np.arange(n), [_label(v) for v in labels], rotation=45, ha="right", fontsize=8)
    ax.set_yticks(np.arange(n), [_label(v) for v in labels], fontsize=8)
    ax.set_xlabel(f"Introduced ({word})")
    ax.set_ylabel(f"Introducer ({word})")
    ax.set_title(title)
    from matplotlib.patches import Rectangle

    for i in range(n):  # outline the diagonal: introductions inside the same value
        ax.add_patch(Rectangle((i - 0.5, i - 0.5), 1, 1, fill=False, edgecolor=GREY, linewidth=0.8))
    if annotate and n <= MAX_VALUES:
        for i, j in zip(*np.nonzero(counts)):
            dark = shown[i, j] > 0.6 * float(im_kws["vmax"])
            ax.text(
                j, i, f"{int(counts[i, j])}", ha="center", va="center", fontsize=7, color="white" if dark else "#333333"
            )
    cbar = ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    cbar.set_label("Share of the introducer's introductions" if normalize else "Introductions", fontsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return ax


@renamed_keywords(top="limit")
@share_docs
def plot_convergence(data, *, by="field", value=None, seeker=None, limit=3, as_of=None, ax=None, **kwargs):
    """Draw the cumulative share of people with a value, generation by generation (does it settle?).

    Parameters
    ----------
    data : ReferralNetwork or pandas.DataFrame
        The network (then :func:`referralgraph.share_by_generation` is called),
        or the table it returns (columns ``value``, ``generation``,
        ``cumulative_share``; ``share`` is drawn faintly when present).
    by : str, default "field"
        The contacts column (network input only).
    value : str, optional
        The value to follow; by default the ``limit`` most common values.
    seeker : str, optional
        Whose tree. ``None`` means every seeker: every tree (network input), or every row.
    limit : int, default 3
        How many values to draw when ``value`` is None (``top=`` is the
        deprecated spelling, removed in 0.4.0).
    {as_of_plot}
    {ax}
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.plot` for the cumulative lines.

    {returns_axes}

    Raises
    ------
    {raises_plot_data}
    SchemaError
        If a DataFrame lacks ``value``, ``generation`` or ``cumulative_share``.
    OptionError, SeekerNotFound
        As :func:`referralgraph.share_by_generation`.

    See Also
    --------
    referralgraph.share_by_generation : the numbers drawn here.

    Notes
    -----
    RDS's convergence plot [1]_ follows an estimate as the sample grows; here the
    sample grows generation by generation. A line that flattens says further
    introductions no longer change the field mix of the network.

    References
    ----------
    .. [1] Gile, K. J., Johnston, L. G. & Salganik, M. J. (2015). Diagnostics for
       respondent-driven sampling. *JRSS A* 178(1), 241-269.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> rg.plot_convergence(rg.demo(), value="UX research", ax=ax) is ax
    True
    >>> [round(float(y), 2) for y in ax.lines[-1].get_ydata()][:3]
    [0.1, 0.18, 0.24]
    >>> plt.close(fig)
    """
    check_data(data, "share_by_generation returns")
    data = measured(data, as_of)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise OptionError(f"limit must be a whole number >= 1 (got {limit!r})")
    ax = get_ax(ax)
    if isinstance(data, ReferralNetwork):
        from ...analysis import share_by_generation

        table = share_by_generation(data, by=by, value=value, seeker=seeker)
        who = seeker_title(data, seeker)
        word = by.replace("_", " ")
    else:
        require_columns(data, ["value", "generation", "cumulative_share"], "plot_convergence")
        table = filter_seeker(data, seeker, "the table")
        if value is not None:
            table = table[table["value"].astype(str).str.casefold() == str(value).casefold()]
        who, word = "", "value"
    title = with_who(f"Share by generation, by {word}", who)
    if table.empty:
        return no_data(ax, title, "No introductions yet")
    if value is None:
        sizes = (
            table.groupby("value", sort=False)["with_value"].sum()
            if "with_value" in table.columns
            else table.groupby("value", sort=False)["cumulative_share"].last()
        )
        chosen = list(sizes.sort_values(ascending=False, kind="stable").index[:limit])
    else:
        chosen = list(pd.unique(table["value"]))
    for k, v in enumerate(chosen):
        rows = table[table["value"] == v].sort_values("generation")
        color = PALETTE[k % len(PALETTE)]
        x = rows["generation"].to_numpy()
        if "share" in rows.columns:
            ax.plot(x, rows["share"].to_numpy(dtype=float), color=color, alpha=0.35, linewidth=1, linestyle=":")
        line_kws = {"color": color, "linewidth": 2.2, "marker": "o", "label": _label(v, 30)} | kwargs
        ax.plot(x, rows["cumulative_share"].to_numpy(dtype=float), **line_kws)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("Generation (1 = your direct contacts)")
    ax.set_ylabel("Share of people up to this generation")
    ax.set_title(title)
    import matplotlib.ticker as mticker

    ax.yaxis.set_major_formatter(mticker.PercentFormatter(1.0))
    ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True))
    ax.legend(frameon=False, fontsize=9, title="dotted: that generation alone", title_fontsize=8)
    tidy_axes(ax)
    return ax


@renamed_keywords(top="limit")
@share_docs
def plot_origins(data, *, by=None, seeker=None, limit=5, as_of=None, ax=None, **kwargs):
    """Draw people reached by generation for each origin: which channels or first contacts opened the deepest chains.

    Parameters
    ----------
    data : ReferralNetwork or pandas.DataFrame
        The network (then :func:`referralgraph.recruits_by_generation` is called
        with ``by`` and ``seeker``), or the table it returns (columns ``origin``,
        ``generation``, ``people``).
    by : str, optional
        What an origin is (network input only): a contacts column read at the
        first contact, or ``"origin"`` for the first contact itself. Not given,
        ``"source"`` with a deprecation warning (as
        :func:`referralgraph.recruits_by_generation`: from 0.4.0 ``"field"``).
    seeker : str, optional
        Whose tree. ``None`` means every seeker: every tree (network input only).
    limit : int, default 5
        Origins drawn: those that reached the most people (``top=`` is the
        deprecated spelling, removed in 0.4.0).
    {as_of_plot}
    {ax}
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.plot`.

    {returns_axes}

    Raises
    ------
    {raises_plot_data}
    SchemaError
        If a DataFrame lacks ``origin``, ``generation`` or ``people``.
    OptionError, SeekerNotFound
        As :func:`referralgraph.recruits_by_generation`.

    See Also
    --------
    referralgraph.recruits_by_generation, referralgraph.origin_growth

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> rg.plot_origins(rg.demo(), by="source", limit=2, ax=ax) is ax
    True
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['existing (34 people)', 'alumni (29 people)']
    >>> plt.close(fig)
    """
    check_data(data, "recruits_by_generation returns")
    data = measured(data, as_of)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise OptionError(f"limit must be a whole number >= 1 (got {limit!r})")
    ax = get_ax(ax)
    if isinstance(data, ReferralNetwork):
        from ...analysis import recruits_by_generation

        table = recruits_by_generation(data, by=by, seeker=seeker)
        who = seeker_title(data, seeker)
        by = "source" if by is None else by  # the deprecated default, warned about by recruits_by_generation
        word = "first contact" if by == "origin" else by.replace("_", " ") + " of the first contact"
    else:
        require_columns(data, ["origin", "generation", "people"], "plot_origins")
        table, who, word = data, "", "origin"
    title = with_who(f"People reached by generation, by {word}", who)
    if table.empty:
        return no_data(ax, title, "No contacts yet")
    totals = table.groupby("origin", sort=False)["people"].sum().sort_values(ascending=False, kind="stable")
    for k, origin in enumerate(totals.index[:limit]):
        rows = table[table["origin"] == origin].sort_values("generation")
        line_kws = {
            "color": PALETTE[k % len(PALETTE)],
            "linewidth": 2.0,
            "marker": "o",
            "label": f"{_label(origin, 30)} ({int(totals[origin]):,} people)",
        } | kwargs
        ax.plot(rows["generation"].to_numpy(), rows["people"].to_numpy(dtype=float), **line_kws)
    import matplotlib.ticker as mticker

    ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True))
    ax.set_xlabel("Generation (1 = your direct contacts)")
    ax.set_ylabel("People")
    ax.set_ylim(bottom=0)
    ax.set_title(title)
    ax.legend(frameon=False, fontsize=9)
    tidy_axes(ax)
    return ax
