"""Plots of how the network grew: cumulative contacts over time and reach by generation."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..._docstrings import share_docs
from ...exceptions import OptionError
from ...model import ReferralNetwork
from ._style import (
    measured,
    as_timestamps,
    axes_points,
    fit_title,
    fit_xlabel,
    fit_xticks,
    text_points,
    check_data,
    filter_seeker,
    format_dates,
    generation_color,
    generation_label,
    get_ax,
    network_seekers,
    no_data,
    require_columns,
    seeker_title,
    tidy_axes,
    with_who,
)

__all__ = ["plot_growth", "plot_generations"]

#: bars drawn by plot_generations; deeper generations are added up in the last bar (as the report's table)
MAX_BARS = 20


@share_docs
def plot_growth(data, *, seeker=None, freq="W", by_generation=False, as_of=None, ax=None, **kwargs):
    """Draw the cumulative number of contacts over time, optionally stacked by generation.

    Parameters
    ----------
    data : ReferralNetwork or pandas.DataFrame
        The network (then :func:`referralgraph.growth` is called with ``seeker``,
        ``freq`` and ``by_generation``), or the table it returns: columns
        ``period`` and ``cumulative_contacts``, plus ``generation`` when
        ``by_generation`` and optionally ``seeker``.
    {seeker}
    freq : str, default "W"
        Period length, as for :func:`referralgraph.growth` (``"D"``, ``"W"``,
        ``"M"``, ...); used only when ``data`` is a network.
    by_generation : bool, default False
        Stack the areas of direct contacts, generation 2, ... instead of one line.
    {as_of_plot}
    {ax}
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.plot` (one line) or
        :meth:`matplotlib.axes.Axes.stackplot` (by generation).

    {returns_axes}

    Raises
    ------
    {raises_data}
    SchemaError
        If a DataFrame lacks ``period``, ``cumulative_contacts`` (or
        ``generation`` with ``by_generation``).
    {raises_seeker_table}

    See Also
    --------
    referralgraph.growth : the numbers drawn here.
    plot_generations : reach by generation.

    Notes
    -----
    A cohort (``seeker=None`` with several seekers) is drawn as the sum of the
    seekers' cumulative counts, each carried forward over periods it has no row for.

    {example_axes}
    >>> table = pd.DataFrame({"seeker": "maya", "period": pd.to_datetime(["2026-03-02", "2026-03-09"]),
    ...                       "new_contacts": [3, 2], "cumulative_contacts": [3, 5]})
    >>> rg.plot_growth(table, ax=ax) is ax
    True
    >>> ax.lines[0].get_ydata().tolist()
    [3.0, 5.0]
    >>> plt.close(fig)
    """
    check_data(data, "growth returns")
    data = measured(data, as_of)
    if by_generation not in (True, False):
        raise OptionError(f"by_generation must be True or False (got {by_generation!r})")
    ax = get_ax(ax)
    title = "Contacts over time"
    people: int | None
    undated: int | None
    if isinstance(data, ReferralNetwork):
        positions = network_seekers(data, seeker)
        if not positions:
            return no_data(ax, title)
        from ...analysis import growth

        table = growth(data, freq=freq, seeker=seeker, by_generation=by_generation)
        who = seeker_title(data, seeker)
        people, undated = _people_reached(data, positions)
    else:
        people = undated = None
        require_columns(
            data,
            ["period", "cumulative_contacts"] + (["generation"] if by_generation else []),
            "plot_growth" + (" with by_generation=True" if by_generation else ""),
        )
        table = filter_seeker(data, seeker, "the table")
        who = seeker_title(table, seeker)
    title = with_who(title, who)
    if people is not None:  # the report's "People you reached", one definition (docs/metrics.md)
        title += f" ({people:,} {'person' if people == 1 else 'people'} reached"
        title += f", {undated:,} undated, not drawn)" if undated else ")"
    deep = False
    if "generation" in table.columns:
        table = table[table["generation"] > 0]
        if (
            by_generation and len(table) and table["generation"].max() > MAX_BARS
        ):  # a deep chain: one band for the deep end
            table = table.assign(generation=table["generation"].clip(upper=MAX_BARS))
            deep = True
    table = table[table["period"].notna()]
    if table.empty:
        return no_data(ax, title, "No dated contacts yet")

    columns = ["seeker"] if "seeker" in table.columns else []
    if by_generation:
        columns.append("generation")
    x_values = as_timestamps(table["period"].reset_index(drop=True))
    frame = pd.DataFrame({"period": x_values.to_numpy(), "value": table["cumulative_contacts"].to_numpy(dtype=float)})
    for c in columns:
        frame[c] = table[c].to_numpy()
    if columns:
        wide = frame.pivot_table(index="period", columns=columns, values="value", aggfunc="sum").sort_index()
        wide = wide.ffill().fillna(0)
        wide = wide.T.groupby(level="generation").sum().T if by_generation else wide.sum(axis=1).to_frame("all")
    else:
        wide = frame.groupby("period")["value"].sum().sort_index().to_frame("all")
    x = wide.index.to_numpy()
    total = wide.sum(axis=1).to_numpy()

    if by_generation:
        gens = [int(g) for g in wide.columns]
        stack_kws = {
            "colors": [generation_color(g) for g in gens],
            "alpha": 0.9,
            "labels": [generation_label(g, later=deep and g == MAX_BARS) for g in gens],
            "edgecolor": "white",
            "linewidth": 0.5,
        } | kwargs
        ax.stackplot(x, wide.to_numpy(dtype=float).T, **stack_kws)
        handles, labels = ax.get_legend_handles_labels()
        ax.legend(handles[::-1], labels[::-1], frameon=False, loc="upper left", fontsize=9)
    else:
        line_kws = {
            "color": generation_color(1),
            "linewidth": 2.2,
            "marker": "o" if len(x) <= 40 else None,
            "markersize": 4,
        } | kwargs
        ax.plot(x, total, **line_kws)
        ax.fill_between(x, total, color=line_kws["color"], alpha=0.08, linewidth=0)
    ax.annotate(
        f"{total[-1]:,.0f}",
        (x[-1], total[-1]),
        xytext=(6, 0),
        textcoords="offset points",
        va="center",
        fontsize=10,
        fontweight="bold",
    )
    ax.set_ylim(0, max(total.max(), 1) * 1.1)
    if len(x) > 1:
        ax.set_xlim(x[0], x[-1])
    format_dates(ax)
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("Contacts (cumulative)")
    fit_title(ax, title)
    tidy_axes(ax, grid="y")
    return ax


def _people_reached(net, positions) -> tuple[int, int]:
    """(people reached, how many of them have no date) over the trees at ``positions``; from the shared facts."""
    from ...analysis.facts import facts

    f = facts(net)
    ix = net.index
    want = np.zeros(len(ix.seekers), bool)
    want[list(positions)] = True
    rows = (ix.parent >= 0) & want[ix.tree_of_row] if len(ix) else np.zeros(0, bool)
    return int(rows.sum()), int((rows & np.isnat(f.first_contact)).sum())


@share_docs
def plot_generations(data, *, seeker=None, as_of=None, ax=None, **kwargs):
    """Draw how many people each generation of introductions reached, one bar per generation.

    Generation 1 are the seeker's direct contacts, generation 2 the people they
    introduced, and so on. Each bar is labelled with its count and its share of
    all contacts. Beyond 20 generations, the deepest ones are added up in the last
    bar (as in the report's table).

    Parameters
    ----------
    data : ReferralNetwork or pandas.DataFrame
        The network (then :func:`referralgraph.reach_by_generation` is called), or
        the table it returns: columns ``generation`` and ``contacts``, optionally
        ``seeker``.
    {seeker}
    {as_of_plot}
    {ax}
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.bar`.

    {returns_axes}

    Raises
    ------
    {raises_data}
    SchemaError
        If a DataFrame lacks ``generation`` or ``contacts``.
    {raises_seeker_table}

    See Also
    --------
    referralgraph.reach_by_generation : the numbers drawn here.
    plot_tree : the people themselves, by generation.

    {example_axes}
    >>> table = pd.DataFrame({"seeker": "maya", "generation": [1, 2, 3], "contacts": [20, 9, 3]})
    >>> rg.plot_generations(table, ax=ax) is ax
    True
    >>> [t.get_text() for t in ax.texts]
    ['20 (62%)', '9 (28%)', '3 (9%)']
    >>> plt.close(fig)
    """
    check_data(data, "reach_by_generation returns")
    data = measured(data, as_of)
    ax = get_ax(ax)
    title = "Reach by generation"
    if isinstance(data, ReferralNetwork):
        positions = network_seekers(data, seeker)
        if not positions:
            return no_data(ax, title)
        from ...analysis import reach_by_generation

        table = reach_by_generation(data, seeker=seeker)
        who = seeker_title(data, seeker)
    else:
        require_columns(data, ["generation", "contacts"], "plot_generations")
        table = filter_seeker(data, seeker, "the table")
        who = seeker_title(table, seeker)
    title = with_who(title, who)
    total = int(table.loc[table["generation"] > 0, "contacts"].sum()) if len(table) else 0
    if total:  # every generation added up: the report's "People you reached"
        title += f" ({total:,} {'person' if total == 1 else 'people'})"
    counts = table[table["generation"] > 0].groupby("generation")["contacts"].sum().astype(np.int64).sort_index()
    counts = counts[counts > 0]
    if counts.empty:
        return no_data(ax, title, "No contacts yet")
    gens = counts.index.to_numpy(dtype=np.int64)
    values = counts.to_numpy()
    names = [generation_label(g).replace(" ", "\n", 1) for g in gens[:MAX_BARS]]
    if len(gens) > MAX_BARS:  # a 10^5-deep chain: the deep end is one bar, not 10^5 of them
        values = np.append(values[: MAX_BARS - 1], values[MAX_BARS - 1 :].sum())
        names = names[: MAX_BARS - 1] + [f"{gens[MAX_BARS - 1]:,}-\n{gens[-1]:,}"]
        gens = gens[:MAX_BARS]
    bar_kws = {"color": [generation_color(g) for g in gens], "width": 0.7} | kwargs
    bars = ax.bar(np.arange(len(gens)), values, **bar_kws)
    share = values / values.sum()
    texts = [f"{v:,} ({s:.0%})" for v, s in zip(values, share)]
    ax.set_xlim(-0.6, len(gens) - 0.4)
    width_pts, height_pts = axes_points(ax)
    per_bar = width_pts / (len(gens) + 0.2)
    label_pts = max(text_points(ax.figure, t, 9) for t in texts) + 6
    top = values.max() * 1.15
    if label_pts <= per_bar:  # the count and share above each bar, as they fit
        ax.bar_label(bars, labels=texts, padding=3, fontsize=9)
    elif per_bar >= 12:  # turned upright, with room above the tallest bar
        ax.bar_label(bars, labels=texts, padding=3, fontsize=9, rotation=90)
        top = values.max() / (1 - min(0.6, (label_pts + 8) / max(height_pts, 1)))
    ax.set_ylim(0, top)
    short = [str(g) for g in gens[: len(names)]]
    if len(names) and "-" in names[-1]:
        short[-1] = names[-1].replace("\n", "")
    if not fit_xticks(ax, np.arange(len(gens)), names, short):
        fit_xlabel(ax, "Generation (1 = direct contacts)")
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("People")
    fit_title(ax, title)
    tidy_axes(ax, grid="y")
    ax.tick_params(axis="x", length=0)
    return ax
