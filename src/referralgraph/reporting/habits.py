"""The report's habit sections: for each habit, the signal measured and the next actions."""

from __future__ import annotations

import math

from ..analysis.actions import habit_signals, next_actions
from .document import ReportSection, fmt_pct

__all__ = ["habit_sections"]


def habit_sections(net, *, today=None, seeker: str | None = None, targets=(), dormant_days: int = 60,
                   limit: int | None = 5) -> list:
    """One report section per habit: the signal measured and the next actions (for :func:`referralgraph.report`).

    Parameters
    ----------
    net, today, seeker, targets, dormant_days
        As for :func:`next_actions`.
    limit : int, optional, default 5
        Actions shown per habit.

    Returns
    -------
    list of ReportSection
        Keys ``habit-thank``, ``habit-ask``, ... in the order of :data:`HABITS`.

    Raises
    ------
    SeekerNotFound, OptionError
        As for :func:`next_actions`.

    Examples
    --------
    >>> contacts = pd.DataFrame({"name": ["Me", "Ann"], "is_seeker": ["y", ""]})
    >>> meetings = pd.DataFrame({"contact": ["Ann"], "date": ["2026-03-02"]})
    >>> from referralgraph.reporting import habit_sections
    >>> [s.key for s in habit_sections(rg.from_frames(contacts, None, meetings), today="2026-03-06")][:2]
    ['habit-thank', 'habit-ask']
    """
    signals = habit_signals(net, today=today, seeker=seeker, dormant_days=dormant_days)
    todo = next_actions(net, today=today, seeker=seeker, targets=targets, dormant_days=dormant_days)
    sections = []
    for sig in signals.itertuples(index=False):
        sec = ReportSection(f"habit-{sig.habit}", sig.title)
        if sig.habit == "grow":
            shown = "n/a" if math.isnan(sig.value) else f"{sig.value:.2f}"
            target = f"{sig.target:.0f} or more"
        else:
            shown = "n/a" if math.isnan(sig.value) else fmt_pct(sig.value)
            target = fmt_pct(sig.target)
        sec.add(sig.signal[:1].upper() + sig.signal[1:], None if math.isnan(sig.value) else sig.value, f"{shown} (target {target}): {sig.verdict}")
        acts = todo[todo["habit"] == sig.habit]
        if not len(acts):
            sec.lines.append("Nothing to do here right now.")
        for rec in acts.head(limit if limit is not None else len(acts)).itertuples(index=False):
            sec.lines.append(f"{rec.priority}. {rec.action} ({rec.reason})")
        if limit is not None and len(acts) > limit:
            sec.lines.append(f"... and {len(acts) - limit} more (referralgraph next)")
        sections.append(sec)
    return sections
