"""Plots of the seeker's habits: the ask -> introduction -> meeting funnel and thank-you latency."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..._docstrings import share_docs
from ...model import ReferralNetwork
from ...analysis.facts import facts
from ._style import (
    measured,
    GREY,
    LIGHT_GREY,
    PALETTE,
    check_data,
    filter_seeker,
    get_ax,
    network_seekers,
    no_data,
    require_columns,
    seeker_title,
    tidy_axes,
    with_who,
)
from ...model.vocabulary import SUGGESTED

__all__ = ["plot_funnel", "plot_thank_you"]

#: width of a thank-you histogram bin, in hours
BIN_HOURS = 6
#: later thank-yous are gathered in the last bin ("96+ h")
MAX_HOURS = 96


@share_docs
def plot_funnel(data, *, seeker=None, as_of=None, ax=None, **kwargs):
    """Draw the funnel from asking for introductions to meeting the people introduced.

    Three horizontal bars, top to bottom:

    1. **Asked** - conversations (rows of ``meetings``) in which the seeker asked
       for introductions (``asked_for_introductions`` is true).
    2. **Introduced** - people a contact introduced or suggested to the seeker:
       members of the referral tree at generation 2 or deeper, each counted once
       (duplicate introductions of the same person are not counted again; the
       seeker's own "introductions" of direct contacts are not introductions).
       Every status counts, ``suggested`` included; how many were only
       suggested is written on the bar.
    3. **Met** - those introduced people the seeker then met (status ``met``: an
       introduction marked met, or any conversation with them in ``meetings``).

    The bar labels give the counts and the share of introduced people met (the
    ``suggested_to_met_rate`` of :func:`referralgraph.seeker_summary`; the first
    bar is its ``asks``). Asks count conversations and the other stages count
    people, so a stage can be larger than the one above it.

    Parameters
    ----------
    data : ReferralNetwork
        The network.
    seeker : str, optional
        Whose funnel. ``None`` means every seeker: the only seeker's, or the whole cohort
        added up.
    {as_of_plot}
    {ax}
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.barh`.

    {returns_axes}

    Raises
    ------
    ArgumentTypeError
        (a ``TypeError``) If ``data`` is not a ReferralNetwork, or ``ax`` is not a matplotlib Axes.
    {raises_seeker}

    See Also
    --------
    plot_thank_you : the other habit plot.

    Notes
    -----
    When the meetings table has no ``asked_for_introductions`` value the first
    bar is left out and marked "not recorded"; without any meeting recorded the
    last bar is "n/a (no meetings recorded)" (unknown, not 0).

    {example_axes}
    >>> net = rg.from_frames(
    ...     pd.DataFrame({"name": ["Maya", "Ann", "Bo", "Cy"], "is_seeker": ["yes", "", "", ""]}),
    ...     pd.DataFrame({"introducer": ["Ann", "Ann"], "introduced": ["Bo", "Cy"]}),
    ...     pd.DataFrame({"contact": ["Ann", "Bo"], "date": ["2026-03-02", "2026-03-09"],
    ...                   "asked_for_introductions": ["yes", "no"]}))
    >>> rg.plot_funnel(net, ax=ax) is ax
    True
    >>> [round(p.get_width()) for p in ax.patches]
    [1, 2, 1]
    >>> plt.close(fig)
    """
    check_data(data, "", frame_ok=False)
    data = measured(data, as_of)
    positions = network_seekers(data, seeker)
    ax = get_ax(ax)
    title = with_who("From asking to meeting", seeker_title(data, seeker))
    stages = _funnel_counts(data, positions)
    if stages is None or not any(stages.values()):
        return no_data(ax, title, "No conversations or introductions yet")
    asked, introduced, met, suggested = stages["asked"], stages["introduced"], stages["met"], stages["suggested"]

    names = ["Asked for\nintroductions", "People\nintroduced", "Introduced\npeople met"]
    values = [asked or 0, introduced, met or 0]
    colors = [PALETTE[1], PALETTE[0], PALETTE[2]]
    y = np.arange(3)[::-1]
    bar_kws = {"color": colors, "height": 0.6} | kwargs
    bars = ax.barh(y, values, **bar_kws)
    only = f", {suggested:,} only suggested" if suggested else ""
    share = f" ({met / introduced:.0%} of those introduced)" if introduced and met is not None else ""
    texts = [
        f"{asked:,} conversation{'s' if asked != 1 else ''}" if asked is not None else "not recorded",
        f"{introduced:,} {'person' if introduced == 1 else 'people'}{only}",
        f"{met:,}{share}" if met is not None else "n/a (no meetings recorded)",
    ]
    ax.bar_label(bars, labels=texts, padding=4, fontsize=9)
    ax.set_yticks(y, names)
    ax.set_xlim(0, max(values) * 1.45 or 1)
    ax.set_xlabel("Count")
    ax.set_title(title)
    tidy_axes(ax, grid="x")
    ax.tick_params(axis="y", length=0)
    return ax


def _funnel_counts(net: ReferralNetwork, positions: list[int]) -> dict | None:
    """Counts of the three stages for the trees at ``positions`` (None when there is no tree)."""
    if not positions:
        return None
    ix = net.index
    rows = np.arange(ix.offsets[positions[0]], ix.offsets[positions[-1] + 1])  # one tree, or all of them
    deep = rows[ix.generation[rows] >= 2]
    meetings = net.meetings
    f = facts(net)
    asked = None
    if f.tree_records("asked_for_introductions")[positions].any():  # blank everywhere: unknown, not 0
        if len(positions) != len(net.seekers):
            mine = set(np.asarray(net.seekers)[positions].tolist())
            meetings = meetings[meetings["seeker"].isin(mine)]
        asked = int(meetings["asked_for_introductions"].fillna(False).astype(bool).sum())
    met = int(f.met[deep].sum()) if f.tree_records_meetings[positions].any() else None
    return {"asked": asked, "introduced": len(deep), "met": met, "suggested": int((ix.status[deep] == SUGGESTED).sum())}


@share_docs
def plot_thank_you(data, *, seeker=None, as_of=None, ax=None, **kwargs):
    """Draw how many hours after a first conversation the thank-you was sent, with the 24-hour line.

    One bar per 6 hours (0-6, 6-12, ..., each including its upper end);
    thank-yous within 24 hours are blue, later ones orange,
    and anything after 96 hours is gathered in the last bar ("96+"). Contacts met
    without a recorded thank-you are a separate grey bar ("not sent"). The title
    gives the share of contacts thanked within 24 hours, out of every contact the
    seeker had a conversation with (a missing thank-you counts as not within 24 h).

    Parameters
    ----------
    data : ReferralNetwork or pandas.DataFrame
        The network, or the table :func:`referralgraph.contact_metrics` returns
        (``thank_you_hours`` is used; when there is a ``meetings`` column, only
        rows with at least one meeting count).
    seeker : str, optional
        Whose thank-yous. ``None`` means every seeker: the only seeker's, or the whole
        cohort.
    {as_of_plot}
    {ax}
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.bar` for the histogram bars.

    {returns_axes}

    Raises
    ------
    {raises_data}
    SchemaError
        If a DataFrame has no ``thank_you_hours`` column.
    {raises_seeker_table}

    See Also
    --------
    referralgraph.contact_metrics : ``thank_you_hours`` per contact.
    plot_funnel : the other habit plot.

    Notes
    -----
    The latency is ``thank_you_hours`` of :func:`referralgraph.contact_metrics`:
    hours from the first conversation with a contact to its thank-you. A
    thank-you dated the same day without a time can come out negative; it is
    drawn at 0 hours.

    {example_axes}
    >>> net = rg.from_frames(
    ...     pd.DataFrame({"name": ["Maya", "Ann", "Bo", "Cy"], "is_seeker": ["yes", "", "", ""]}),
    ...     meetings=pd.DataFrame({"contact": ["Ann", "Bo", "Cy"],
    ...                            "date": ["2026-03-02 10:00", "2026-03-03 10:00", "2026-03-04 10:00"],
    ...                            "thank_you_sent": ["2026-03-02 18:00", "2026-03-06 09:00", None]}))
    >>> rg.plot_thank_you(net, ax=ax).get_title()
    'First conversations thanked within 24 hours (Maya): 1 of 3 contacts (33%)'
    >>> plt.close(fig)
    """
    check_data(data, "contact_metrics returns")
    data = measured(data, as_of)
    ax = get_ax(ax)
    title = "Thank-you notes"
    if isinstance(data, ReferralNetwork):
        positions = network_seekers(data, seeker)
        who = seeker_title(data, seeker)
        if not positions:
            return no_data(ax, title)
        meetings = data.meetings
        if seeker is not None:
            meetings = meetings[meetings["seeker"] == data.seekers[positions[0]]]
        if meetings.empty:
            return no_data(ax, with_who(title, who), "No conversations yet")
        if "thank_you_sent" not in meetings.columns:
            return no_data(ax, with_who(title, who), "Thank-you dates are not recorded\n(meetings: thank_you_sent)")
        from ...analysis import contact_metrics

        table = contact_metrics(data, seeker=seeker)
    else:
        require_columns(data, ["thank_you_hours"], "plot_thank_you")
        table = filter_seeker(data, seeker, "the table")
        who = seeker_title(table, seeker)
    if "meetings" in table.columns:
        table = table[table["meetings"] > 0]
    hours = pd.to_numeric(table["thank_you_hours"], errors="coerce").to_numpy(dtype=float)
    sent = np.clip(hours[~np.isnan(hours)], 0, None)
    missing = int(np.isnan(hours).sum())
    total = len(sent) + missing
    if total == 0:
        return no_data(ax, with_who(title, who), "No conversations yet")
    within = int((sent <= 24).sum())

    top = float(np.clip(np.ceil(sent.max() / BIN_HOURS) * BIN_HOURS if len(sent) else 48, 48, MAX_HOURS))
    edges = np.arange(0, top + BIN_HOURS, BIN_HOURS)
    # bins closed on the right, (18, 24] and so on, so "within 24 hours" is exactly the blue bars
    which = np.clip(np.ceil(sent / BIN_HOURS).astype(np.int64) - 1, 0, len(edges) - 2)
    counts = np.bincount(which, minlength=len(edges) - 1)
    left = edges[:-1]
    early = left < 24
    bar_kws = {"width": BIN_HOURS, "align": "edge", "edgecolor": "white", "linewidth": 0.8} | kwargs
    ax.bar(left[early], counts[early], color=PALETTE[0], label=f"Within 24 hours ({within:,})", **bar_kws)
    ax.bar(left[~early], counts[~early], color=PALETTE[1], label=f"Later ({len(sent) - within:,})", **bar_kws)
    gap_x = top + BIN_HOURS
    missing_bar = ax.bar(
        [gap_x],
        [missing],
        width=BIN_HOURS,
        align="edge",
        color=LIGHT_GREY,
        edgecolor=GREY,
        hatch="//",
        label=f"Not sent ({missing:,})",
    )
    if missing:
        ax.bar_label(missing_bar, padding=2, fontsize=9, color=GREY)
    ax.axvline(24, color="#222222", linestyle="--", linewidth=1.2)
    ax.text(24, 1.0, " 24 hours", transform=ax.get_xaxis_transform(), va="top", ha="left", fontsize=9)

    ticks = list(np.arange(0, top + 1, 12 if top <= 48 else 24))
    labels = [f"{t:g}" for t in ticks]
    if sent.max(initial=0) > top:
        labels[-1] = f"{top:g}+"
    ax.set_xticks(ticks + [gap_x + BIN_HOURS / 2], labels + ["not\nsent"])
    ax.set_xlim(-BIN_HOURS / 2, gap_x + BIN_HOURS * 1.5)
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Hours from the first conversation to the thank-you")
    ax.set_ylabel("Contacts")
    noun = "contact" if total == 1 else "contacts"
    # the report's "First conversations thanked within 24 hours" (docs/metrics.md, glossary)
    head = (
        f"First conversations thanked within 24 hours ({who})" if who else "First conversations thanked within 24 hours"
    )
    ax.set_title(f"{head}: {within:,} of {total:,} {noun} ({within / total:.0%})")
    ax.legend(frameon=False, fontsize=9, loc="upper right")
    tidy_axes(ax, grid="y")
    return ax
