"""Report sections for "birds of a feather": where introductions lead, and the rates with their intervals."""

from __future__ import annotations

import numpy as np

from .._docstrings import share_docs
from ..analysis.bootstrap import rate_intervals
from ..analysis.facts import facts, resolve
from ..analysis.mixing import homophily, mixing_matrix
from .document import ReportSection, fmt_float, fmt_int, fmt_pct, is_missing

__all__ = ["homophily_section", "intervals_section", "homophily_line"]

_SIGNIFICANT = 0.05


def _seeker_id(net, seeker):
    return net.seekers[net.seeker_position(seeker)]


def homophily_line(row, table, by: str) -> str:
    """The sentence for one seeker: introductions stay inside a value, or cross into another.

    ``row`` is a :func:`referralgraph.homophily` row, ``table`` the seeker's
    :func:`referralgraph.mixing_matrix` (counts).
    """
    word = by.replace("_", " ")
    if row["introductions"] == 0:
        return f"Your introductions by {word}: n/a (no introduction between two contacts whose {word} is recorded yet)."
    counts = table.to_numpy()
    labels = list(table.index)
    diag = np.diag(counts)
    off = counts.sum(axis=0) - diag
    share, chance = fmt_pct(row["observed_same"]), fmt_pct(row["expected_same"])
    n = fmt_int(row["introductions"])
    if row["ratio"] > 1 and not is_missing(row["p_value"]) and row["p_value"] < _SIGNIFICANT:
        x = labels[int(np.argmax(diag))]
        return (
            f"Your introductions stay inside {x}: {share} of {n} introductions stayed in the same {word} "
            f"(random mixing would give {chance}; p = {row['p_value']:.2g})."
        )
    if off.sum() == 0:
        x = labels[int(np.argmax(diag))]
        return (
            f"Your introductions stay inside {x}: all {n} stayed in the same {word}, as random mixing of "
            f"the same people would give."
        )
    y = labels[int(np.argmax(off))]
    chance_note = "no more than random mixing would give" if row["ratio"] >= 1 else "less than random mixing would give"
    return (
        f"Your introductions cross into {y}: {share} of {n} introductions stayed in the same {word}, "
        f"{chance_note} ({chance}); {fmt_int(off.max())} led into {y} from another {word}."
    )


@share_docs
def homophily_section(net, *, seeker: str | None = None, as_of=None, by: str = "field") -> ReportSection:
    """Report section ``homophily``: whether a seeker's introductions stayed inside one ``by`` value.

    Parameters
    ----------
    {net}
    seeker : str, optional
        The seeker. ``None`` means the only seeker; a network with several seekers needs it.
    {as_of_measure}
    by : str, default "field"
        The contacts column compared (``field``, ``organization``, ...).

    Returns
    -------
    ReportSection
        Items: introductions compared, share within the same value, what random
        mixing would give, their ratio and p-value; one line "Your introductions
        stay inside X" or "cross into Y"; a table of where introductions led (the
        non-zero cells of :func:`referralgraph.mixing_matrix`). Without a ``by``
        column the section says so and has no items.

    Raises
    ------
    {raises_seeker_in_cohort}

    Examples
    --------
    >>> from referralgraph.reporting.mixing import homophily_section
    >>> sec = homophily_section(rg.demo())
    >>> sec.lines[0][:40]
    'Your introductions stay inside UX resear'
    """
    import pandas as pd

    measured, _ = resolve(net, as_of)
    sid = _seeker_id(measured, seeker)
    word = by.replace("_", " ")
    sec = ReportSection("homophily", f"Birds of a feather: your introductions by {word}")
    if by not in measured.table("contacts").columns:
        sec.lines.append(f"n/a: the contacts table has no {by} column.")
        return sec
    row = homophily(measured, by=by, seeker=sid).iloc[0]
    table = mixing_matrix(measured, by=by, seeker=sid)
    sec.add("Introductions compared", int(row["introductions"]), fmt_int(row["introductions"]))
    sec.add(f"Within the same {word}", row["observed_same"], fmt_pct(row["observed_same"]))
    sec.add("With random mixing", row["expected_same"], fmt_pct(row["expected_same"]))
    sec.add("Ratio (above 1: birds of a feather)", row["ratio"], fmt_float(row["ratio"], 2))
    sec.add("p-value", row["p_value"], "n/a" if is_missing(row["p_value"]) else f"{row['p_value']:.2g}")
    if row["unknown"]:
        sec.add(f"Left out (no {word} recorded)", int(row["unknown"]), fmt_int(row["unknown"]))
    sec.lines.append(homophily_line(row, table, by))
    if row["introductions"]:
        stacked = table.stack()
        cells = stacked[stacked > 0].sort_values(ascending=False, kind="stable").head(10)
        frame = pd.DataFrame(
            {
                "introducer": [a for a, _ in cells.index],
                "introduced": [b for _, b in cells.index],
                "introductions": cells.to_numpy(dtype=np.int64),
            }
        )
        sec.add_table(
            "Where introductions led",
            frame,
            {"introducer": f"From ({word})", "introduced": f"To ({word})", "introductions": "Introductions"},
            {"introductions": fmt_int},
        )
    return sec


def _interval_text(row, reasons: dict | None = None) -> str:
    pct = row["rate"] != "introductions_per_ask" and row["rate"] != "offspring_mean"
    fmt = fmt_pct if pct else (lambda v: fmt_float(v, 2))
    if is_missing(row["value"]):
        reason = (reasons or {}).get(row["rate"])
        return f"n/a ({reason})" if reason else "n/a"
    if is_missing(row["low"]):
        return f"{fmt(row['value'])} (too few first contacts for an interval)"
    return f"{fmt(row['value'])} ({fmt(row['low'])}-{fmt(row['high'])})"


def _na_reasons(net, seeker: str) -> dict:
    """Why each rate of the intervals section is n/a, in the words of the summary section."""
    f = facts(net)
    pos = net.seeker_position(seeker)
    met = "nobody met yet" if f.tree_records_meetings[pos] else "no meetings recorded"
    asks = "no asks yet" if f.tree_records("asked_for_introductions")[pos] else "asks for introductions not recorded"
    thanks = (
        "no dated conversations"
        if "thank_you_sent" in net.table("meetings").columns
        else "thank-you dates not recorded"
    )
    return {
        "introductions_per_ask": asks,
        "suggested_to_met_rate": met if not f.tree_records_meetings[pos] else "no introductions yet",
        "thank_you_24h_rate": thanks if f.tree_records_meetings[pos] else "no meetings recorded",
        "offspring_mean": met,
    }


@share_docs
def intervals_section(
    net, *, seeker: str | None = None, as_of=None, replicates: int = 1000, seed: int | None = 0
) -> ReportSection:
    """Report section ``intervals``: the rates a seeker acts on, each with its 95% bootstrap interval.

    Shown as ``Introductions per ask  1.53 (1.38-1.72)``; see
    :func:`referralgraph.rate_intervals`.

    Parameters
    ----------
    net : ReferralNetwork
    seeker : str, optional
        The seeker. ``None`` means the only seeker; a network with several seekers needs it.
    as_of : date-like, optional
    replicates, seed
        As for :func:`referralgraph.rate_intervals`.

    Returns
    -------
    ReportSection

    Raises
    ------
    {raises_seeker_in_cohort}

    Examples
    --------
    >>> from referralgraph.reporting.mixing import intervals_section
    >>> intervals_section(rg.demo(), replicates=200).items[0][2]
    '1.53 (1.40-1.73)'
    """
    measured, _ = resolve(net, as_of)
    sid = _seeker_id(measured, seeker)
    iv = rate_intervals(measured, seeker=sid, replicates=replicates, seed=seed)
    sec = ReportSection("intervals", "How sure these rates are (95% intervals)")
    reasons = _na_reasons(measured, sid)
    for _, row in iv.iterrows():
        sec.add(row["label"], row["value"], _interval_text(row, reasons))
    branches = int(iv["branches"].iat[0]) if len(iv) else 0
    sec.lines.append(
        f"Intervals from {fmt_int(replicates)} resamples of your {fmt_int(branches)} first contacts "
        "and everyone reached through them; a wide interval means a few people carry the rate."
    )
    return sec
