"""The fan chart of a forecast: the history as points, the median ahead, and its 80% interval."""

from __future__ import annotations

import pandas as pd

from ..._docstrings import share_docs
from ...exceptions import ArgumentTypeError
from ._style import GREY, PALETTE, format_dates, get_ax, no_data, require_columns, tidy_axes

__all__ = ["plot_forecast"]


@share_docs
def plot_forecast(forecast_table, *, ax=None, history=None, met=False, **kwargs):
    """Draw a forecast as a fan chart: past weeks as points, the median ahead as a line, the 80% interval as a band.

    Parameters
    ----------
    forecast_table : pandas.DataFrame
        What :func:`referralgraph.forecast` returns: columns ``date``, ``median``,
        ``low`` and ``high`` (``met_median``, ``met_low``, ``met_high`` with ``met``).
    {ax}
    history : pandas.DataFrame, optional
        Past counts to draw as points: columns ``date`` and ``contacts`` (or
        :func:`referralgraph.growth`'s ``period`` and ``cumulative_contacts``). By
        default the table's ``attrs["history"]``, if any; pass an empty DataFrame
        to draw none.
    met : bool, default False
        Draw the contacts met instead of all contacts (no history is drawn then,
        unless given).
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.plot` for the median line.

    {returns_axes}

    Raises
    ------
    ArgumentTypeError
        (a ``TypeError``) If ``forecast_table`` or ``history`` is not a DataFrame, ``met`` is not a bool,
        or ``ax`` is not a matplotlib Axes.
    SchemaError
        If the table (or ``history``) lacks a needed column.

    See Also
    --------
    referralgraph.forecast : the table drawn here.
    plot_growth : the history alone.

    Notes
    -----
    A fan chart shows a forecast's uncertainty as a shaded band between quantiles
    around the central path, as the Bank of England's inflation reports do [1]_.

    References
    ----------
    .. [1] Britton, E., Fisher, P. & Whitley, J. (1998). The Inflation Report
       projections: understanding the fan chart. *Bank of England Quarterly
       Bulletin* 38(1), 30-37.

    {example_axes}
    >>> table = pd.DataFrame({"date": pd.to_datetime(["2026-03-01", "2026-03-08", "2026-03-15"]),
    ...                       "median": [10, 12, 14], "low": [10, 11, 12], "high": [10, 14, 17]})
    >>> rg.plot_forecast(table, ax=ax) is ax
    True
    >>> ax.lines[0].get_ydata().tolist()
    [10.0, 12.0, 14.0]
    >>> plt.close(fig)
    """
    if not isinstance(forecast_table, pd.DataFrame):
        raise ArgumentTypeError(
            f"forecast_table must be the DataFrame referralgraph.forecast returns (got {type(forecast_table).__name__})"
        )
    if met not in (True, False):
        raise ArgumentTypeError(f"met must be True or False (got {met!r})")
    prefix = "met_" if met else ""
    cols = ["median", "low", "high"] if not met else ["met_median", "met_low", "met_high"]
    require_columns(forecast_table, ["date"] + cols, "plot_forecast")
    ax = get_ax(ax)
    what = "Contacts met" if met else "Contacts"
    title = f"{what}: forecast with 80% interval"
    seeker = forecast_table.attrs.get("seeker")
    if seeker:
        title += f" ({seeker})"
    start = forecast_table.attrs.get("as_of")
    if start is not None:  # the one reference date, as the forecast text states it
        title += f", as of {pd.Timestamp(start):%Y-%m-%d}"
    if history is None:
        history = forecast_table.attrs.get("history") if not met else None
    if history is not None:
        if not isinstance(history, pd.DataFrame):
            raise ArgumentTypeError(
                f"history must be a DataFrame with columns date and contacts (got {type(history).__name__})"
            )
        if "period" in history.columns and "cumulative_contacts" in history.columns:
            history = history.rename(columns={"period": "date", "cumulative_contacts": "contacts"})
        if len(history):
            require_columns(history, ["date", "contacts"], "plot_forecast's history")
    table = forecast_table[forecast_table["date"].notna()]
    if table.empty:
        return no_data(ax, title, "Nothing to forecast")
    x = pd.to_datetime(table["date"]).to_numpy()
    color = kwargs.pop("color", PALETTE[0])
    ax.fill_between(
        x,
        table[f"{prefix}low"].to_numpy(float),
        table[f"{prefix}high"].to_numpy(float),
        color=color,
        alpha=0.2,
        linewidth=0,
        label="80% interval",
    )
    line_kws = {"color": color, "linewidth": 2.2, "label": "median"} | kwargs
    ax.plot(x, table[cols[0]].to_numpy(float), **line_kws)
    top = float(table[f"{prefix}high"].max())
    if history is not None and len(history):
        hx = pd.to_datetime(history["date"]).to_numpy()
        hy = history["contacts"].to_numpy(float)
        ax.plot(hx, hy, linestyle="none", marker="o", markersize=3.5, color=GREY, label="so far")
        top = max(top, float(hy.max()))
    ax.axvline(x[0], color=GREY, linewidth=0.8, linestyle=":")
    last = table.iloc[-1]
    ax.annotate(
        f"{last[cols[0]]:,.0f} ({last[f'{prefix}low']:,.0f}-{last[f'{prefix}high']:,.0f})",
        (x[-1], float(last[cols[0]])),
        xytext=(6, 0),
        textcoords="offset points",
        va="center",
        fontsize=9,
    )
    ax.set_ylim(0, max(top, 1) * 1.08)
    format_dates(ax)
    ax.set_ylabel(f"{what} (cumulative)")
    ax.set_title(title)
    ax.legend(frameon=False, loc="upper left", fontsize=9)
    tidy_axes(ax, grid="y")
    return ax
