"""The to-do list told as a Report: what ``referralgraph next`` prints."""

from __future__ import annotations

from ..analysis.actions import action_plan
from ..analysis.facts import facts, reference_note
from .document import Report
from .habits import habit_sections
from ..model.vocabulary import DORMANT_DAYS

__all__ = ["next_report"]


def next_report(
    net,
    *,
    as_of=None,
    seeker: str | None = None,
    targets=(),
    dormant_days: int = DORMANT_DAYS,
    limit: int | None = 5,
    connections=None,
) -> Report:
    """The next actions, one section per habit with its signal, as a Report (text, Markdown or JSON).

    The same measurement as the habit sections of :func:`referralgraph.report` on the
    same data and date.

    Parameters
    ----------
    net, as_of, seeker, targets, dormant_days
        As for :func:`referralgraph.next_actions`.
    limit : int, optional, default 5
        Actions shown per habit in text and Markdown (``to_dict`` always holds every action).
    connections : pandas.DataFrame, optional
        The connections pool (:func:`referralgraph.read_pool`), for warm paths to ``targets``.

    Returns
    -------
    Report
        Sections ``habit-thank``, ``habit-ask``, ...; ``data["actions"]`` (every
        action, the columns of :func:`referralgraph.next_actions`) and
        ``data["signals"]`` (:func:`referralgraph.habit_signals`), both also in
        :meth:`Report.to_dict` under ``data``.

    Raises
    ------
    As :func:`referralgraph.next_actions`.

    Examples
    --------
    >>> contacts = pd.DataFrame({"name": ["Me", "Ann"], "is_seeker": ["y", ""]})
    >>> meetings = pd.DataFrame({"contact": ["Ann"], "date": ["2026-03-02"]})
    >>> r = rg.next_report(rg.from_frames(contacts, None, meetings), as_of="2026-03-06")
    >>> print("\\n".join(r.to_text().splitlines()[:3]))
    Next actions for Me
    ===================
    As of 2026-03-06 (as given)
    """
    todo, signals, ref = plan = action_plan(
        net, as_of=as_of, seeker=seeker, targets=targets, dormant_days=dormant_days, connections=connections
    )
    who = seeker if seeker is not None else net.seekers[0]
    name = facts(net).display_names[net.code(who)]
    r = Report(
        f"Next actions for {name}",
        seeker=who,
        as_of=ref,
        as_of_note=reference_note(net, as_of, ref),
        data={"actions": todo, "signals": signals},
        export=("actions", "signals"),
    )
    hint = "--limit shows more" if limit is not None else ""
    for section in habit_sections(net, plan=plan, limit=limit, more_hint=hint):
        r.add_section(section)
    return r
