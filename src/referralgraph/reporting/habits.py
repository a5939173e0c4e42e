"""The habit sections: for each habit, the signal measured and the next actions (report and ``next``)."""

from __future__ import annotations

import math

from ..analysis.actions import action_plan
from .document import ReportSection, fmt_pct
from ..model.vocabulary import DORMANT_DAYS

__all__ = ["habit_sections", "signal_text"]


def signal_text(sig) -> str:
    """How a habit signal is shown: ``"60% (target 90%): needs attention"`` or ``"n/a (no meetings recorded)"``.

    A signal resting on a habit column says how many conversations recorded it:
    ``"100% (target 90%): on track; questions prepared: 2 of 2 recorded; 26 not recorded"``.
    """
    recorded = getattr(sig, "recorded", "") or ""
    if math.isnan(sig.value):
        note = getattr(sig, "note", "") or sig.verdict
        text = f"n/a ({note})"
    elif sig.habit == "grow":
        text = f"{sig.value:.2f} (target {sig.target:.0f} or more): {sig.verdict}"
    else:
        text = f"{fmt_pct(sig.value)} (target {fmt_pct(sig.target)}): {sig.verdict}"
    return f"{text}; {recorded}" if recorded and not math.isnan(sig.value) else text


def habit_sections(
    net,
    *,
    as_of=None,
    seeker: str | None = None,
    targets=(),
    dormant_days: int = DORMANT_DAYS,
    limit: int | None = 5,
    today=None,
    plan=None,
    more_hint: str = "referralgraph next",
) -> list:
    """One report section per habit: the signal measured and the next actions (for :func:`referralgraph.report`).

    Parameters
    ----------
    net, as_of, seeker, targets, dormant_days
        As for :func:`next_actions`.
    limit : int, optional, default 5
        Actions shown per habit.
    today : date-like, optional
        Deprecated spelling of ``as_of``.
    plan : tuple, optional
        ``(actions, signals, reference date)`` already computed by the analysis
        (``referralgraph.analysis.actions.action_plan``), so that the report and
        ``next`` show one measurement.
    more_hint : str
        Where to find the rest of a long list.

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
    >>> [s.key for s in habit_sections(rg.from_frames(contacts, None, meetings), as_of="2026-03-06")][:2]
    ['habit-thank', 'habit-ask']
    """
    if plan is None:
        if today is not None and as_of is None:
            as_of = today
        plan = action_plan(net, as_of=as_of, seeker=seeker, targets=targets, dormant_days=dormant_days)
    todo, signals, _ = plan
    sections = []
    for sig in signals.itertuples(index=False):
        sec = ReportSection(f"habit-{sig.habit}", sig.title)
        sec.add(sig.signal[:1].upper() + sig.signal[1:], None if math.isnan(sig.value) else sig.value, signal_text(sig))
        acts = todo[todo["habit"] == sig.habit]
        if not len(acts):
            sec.lines.append("Nothing to do here right now.")
        for rec in acts.head(limit if limit is not None else len(acts)).itertuples(index=False):
            sec.lines.append(f"{rec.priority}. {rec.action} ({rec.reason})")
        if limit is not None and len(acts) > limit:
            sec.lines.append(f"... and {len(acts) - limit} more ({more_hint})")
        sections.append(sec)
    return sections
