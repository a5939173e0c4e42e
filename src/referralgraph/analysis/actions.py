"""What to do next: networking habits turned into measured signals and a prioritised to-do list.

The public functions and the list's assembly; the seeker measurement the rules read is in
``_seeker.py``, the rules (one per habit) in ``_action_rules.py``, the signals in ``_signals.py``.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from .._docstrings import share_docs
from ..exceptions import OptionError
from ..model import ReferralNetwork
from ..model.pool import outside_network
from ..model.vocabulary import DORMANT_DAYS, HABITS

# the rules' constants stay readable here (docs/next-actions.md names referralgraph.analysis.actions.RECENT_DAYS)
from ._action_rules import (
    NOVELTY,  # noqa: F401
    RECENT_DAYS,  # noqa: F401
    THANK_WINDOW,  # noqa: F401
    _ask,
    _cultivate,
    _follow,  # noqa: F401
    _grow,
    _prepare,
    _thank,
)
from ._seeker import _Seeker, _check_days, _check_pool, _check_targets, _day
from ._signals import SIGNAL_COLUMNS, _signals

__all__ = ["next_actions", "habit_signals", "action_plan", "HABITS", "ACTION_COLUMNS", "SIGNAL_COLUMNS"]

#: columns of :func:`next_actions`, in order
ACTION_COLUMNS = [
    "habit",
    "priority",
    "contact",
    "name",
    "organization",
    "action",
    "reason",
    "due",
    "overdue_days",
    "score",
    "related",
]


def _all(s: _Seeker, dormant_days: int, targets: list[str], limit) -> pd.DataFrame:
    from .outcome_actions import referral_asks, tell_helpers  # opportunities (issue 24): first in their habits

    groups = {
        "thank": _thank(s, dormant_days),
        "ask": _joined(referral_asks(s), _ask(s)),
        "follow": _follow(s),
        "cultivate": _joined(tell_helpers(s), _cultivate(s, dormant_days)),
        "grow": _grow(s, dormant_days, targets),
        "prepare": _prepare(s),
    }
    parts = []
    for habit in HABITS:
        g = groups[habit]
        if limit is not None:
            g = g.iloc[:limit]
        g = g.copy()
        g.insert(0, "priority", np.arange(1, len(g) + 1, dtype=np.int64))
        g.insert(0, "habit", habit)
        parts.append(g)
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=ACTION_COLUMNS)
    return _frame(frame[ACTION_COLUMNS])


def _joined(first: pd.DataFrame, rest: pd.DataFrame) -> pd.DataFrame:
    return rest if not len(first) else first if not len(rest) else pd.concat([first, rest], ignore_index=True)


def _frame(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(
        {
            "habit": "str",
            "priority": "int64",
            "contact": "str",
            "name": "str",
            "organization": "str",
            "action": "str",
            "reason": "str",
            "due": "datetime64[ns]",
            "overdue_days": "Int64",
            "score": "float64",
            "related": "str",
        }
    ).reset_index(drop=True)


# ---------------------------------------------------------------- public
@share_docs
def next_actions(
    net,
    *,
    as_of=None,
    seeker: str | None = None,
    targets=(),
    dormant_days: int = DORMANT_DAYS,
    limit: int | None = None,
    today=None,
    connections=None,
) -> pd.DataFrame:
    """A prioritised to-do list, grouped by the networking habit each action serves.

    Parameters
    ----------
    {net}
    as_of : date-like, optional
        The reference date ("now") every date-dependent rule counts from. By
        default the one rule of docs/metrics.md: the latest date in the data that
        is not in the future (see :func:`referralgraph.report`, which uses the same).
    seeker : str, optional
        Whose list. ``None`` means the only seeker; a network with several seekers needs it.
    targets : str or list of str, optional
        Organizations you want to get into: warm paths to them, or a way to find one.
        Default: the ``targets`` kept in the network's settings (docs/settings.md).
    dormant_days : int, default 60
        Days without a touch after which a branch counts as gone quiet, and the
        stay-in-touch cadence of contacts met without their own ``cadence_days``.
    limit : int, optional
        At most this many actions per habit.
    today : date-like, optional
        Deprecated spelling of ``as_of`` (warns).
    connections : pandas.DataFrame, optional
        The connections pool of an import (:func:`referralgraph.read_pool`):
        people you are connected to with whom nothing has happened yet. Not part
        of the network's figures; a pooled connection at a target organization
        nobody in the network reaches is a warm path ("Get in touch with ... :
        you are connected").

    Returns
    -------
    pandas.DataFrame
        One row per action, sorted by habit (in the order of :data:`HABITS`) then
        priority:

        - ``habit`` (``thank``, ``ask``, ``follow``, ``cultivate``, ``grow``,
          ``prepare``) and ``priority`` (1 first, within the habit);
        - ``contact``, ``name``, ``organization``: who it is about;
        - ``action``: what to do, as a sentence; ``reason``: why, with the numbers;
        - ``due`` and ``overdue_days`` (negative: days left) where the rule has a
          deadline; ``score``: the value the rule ranks by; ``related``: the other
          person involved (who introduced them, who to ask).

    Raises
    ------
    {raises_net_seeker_cohort}
    OptionError
        If ``as_of`` is not a date, ``dormant_days`` or ``limit`` is negative, or
        ``targets`` are not organization names (a ``ValueError``).

    See Also
    --------
    habit_signals : how well each habit is kept, in numbers.
    referralgraph.next_report : the list as a Report (what ``referralgraph next`` prints).

    Notes
    -----
    Everything is measured on the network as known on the reference date
    (:func:`referralgraph.snapshot`), with the facts of docs/metrics.md: "met"
    only from a meeting row or ``status=met``. No rule runs whose premise the data
    cannot support: without any meeting (or met status) recorded there are no
    ask, follow or cultivate actions, and no branch restarts. The rules, by habit
    (docs/next-actions.md has them in full):

    - **thank**: conversations before the reference date, and less than
      ``dormant_days`` ago, without ``thank_you_sent`` (most overdue first; due by
      the end of the day after); contacts met in the last 14 days without any
      handwritten note, when the data records handwritten notes at all.
    - **ask**: contacts met and never asked for introductions (without asks
      recorded: met and introduced nobody yet), ranked by expected yield =
      their expected introductions (the fitted mean, updated by their own record:
      ``(k + c) / (k / m + F(age))`` for the negative binomial) x (1 + 0.5 if they
      are your only contact at their organization + 0.5 if the only one in their
      field).
    - **follow**: people introduced (reply within 2 days) or suggested (follow
      up within 7) and not met; introductions made come first, oldest first. A
      suggestion from someone not met becomes "write to them, mentioning ...".
    - **cultivate**: contacts met whose last touch is at least their cadence ago
      (``cadence_days``, else ``dormant_days``); most overdue first, then those
      who brought most people.
    - **grow**: first, for each target organization, the nearest person there and
      the path to them, or, if there is none, the connectors (met) to ask; then
      branches (a direct contact with people reached through them) without a new
      contact for ``dormant_days``, largest first, naming the latest person met in
      the branch to ask.
    - **prepare**: upcoming conversations without prepared questions, soonest
      first; conversations of the last ``RECENT_DAYS`` (14) days without
      takeaways, if takeaways are recorded at all.

    Ties keep the tree order (or the file order), so the list is stable.

    References
    ----------
    .. [1] Dalton, S. (2020). *The 2-Hour Job Search* (2nd ed.). Ten Speed Press.
    .. [2] Lloyd-Smith, J. O., Schreiber, S. J., Kopp, P. E., & Getz, W. M. (2005).
       Superspreading and the effect of individual variation on disease
       emergence. *Nature*, 438, 355-359.

    Examples
    --------
    >>> contacts = pd.DataFrame({"name": ["Me", "Ann", "Bo"], "is_seeker": ["y", "", ""]})
    >>> intros = pd.DataFrame({"introducer": ["Ann"], "introduced": ["Bo"], "date": ["2026-03-03"],
    ...                        "status": ["introduced"]})
    >>> meetings = pd.DataFrame({"contact": ["Ann"], "date": ["2026-03-02"], "thank_you_sent": [""]})
    >>> todo = rg.next_actions(rg.from_frames(contacts, intros, meetings), as_of="2026-03-06")
    >>> todo[["habit", "priority", "name", "overdue_days"]]
        habit  priority name  overdue_days
    0   thank         1  Ann             3
    1  follow         1   Bo             1
    >>> print(todo.loc[1, "action"])
    Schedule a conversation with Bo, whom Ann introduced you to
    """
    return action_plan(
        net,
        as_of=_day(as_of, today, net),
        seeker=seeker,
        targets=targets,
        dormant_days=dormant_days,
        limit=limit,
        connections=connections,
    )[0]


def action_plan(
    net, *, as_of=None, seeker=None, targets=(), dormant_days: int = DORMANT_DAYS, limit=None, connections=None
):
    """``(next_actions, habit_signals, reference date)`` computed together, from one measurement.

    What :func:`referralgraph.report` and :func:`referralgraph.next_report` use, so
    both tell the same story. Raises as :func:`next_actions`.
    """
    dormant_days = _check_days(dormant_days)
    targets = _check_targets(targets) or list(
        net.settings.targets if isinstance(net, ReferralNetwork) else ()
    )  # kept targets
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, numbers.Integral) or limit < 0):
        raise OptionError(f"limit must be an integer >= 0 or None (got {limit!r})")
    s = _Seeker(net, seeker, as_of)
    s.connections = outside_network(net, _check_pool(connections))  # a pooled person since logged is a contact
    todo_all = _all(s, dormant_days, targets, None)
    todo = todo_all if limit is None else todo_all[todo_all["priority"] <= limit].reset_index(drop=True)
    return todo, _signals(s, todo_all, dormant_days), s.ref


@share_docs
def habit_signals(
    net, *, as_of=None, seeker: str | None = None, dormant_days: int = DORMANT_DAYS, today=None
) -> pd.DataFrame:
    """How well each networking habit is kept: one measured signal per habit, against a target.

    Parameters
    ----------
    {net}
    as_of : date-like, optional
        The reference date; by default the one rule (as for :func:`next_actions`).
    seeker : str, optional
        Whose habits. ``None`` means the only seeker; a network with several seekers needs
        it.
    dormant_days : int, default 60
        As for :func:`next_actions`.
    today : date-like, optional
        Deprecated spelling of ``as_of`` (warns).

    Returns
    -------
    pandas.DataFrame
        One row per habit, in the order of :data:`HABITS`: ``habit``, ``title``,
        ``signal`` (what is measured, in words), ``value``, ``target``,
        ``verdict`` (``on track``, ``needs attention``, ``not tracked`` when the
        data does not record what the signal needs, ``no data`` when there is
        nothing to measure yet), ``n`` (what the value rests on), ``actions`` (how
        many :func:`next_actions` that habit has), ``note`` (why the value is
        missing, e.g. ``no meetings recorded``; empty otherwise) and ``recorded``
        (for a rate over a habit column: how many conversations recorded it,
        ``"questions prepared: 2 of 2 recorded; 26 not recorded"``; a blank cell
        is unknown, never "no").

    Raises
    ------
    {raises_net_seeker_cohort}
    OptionError
        If ``as_of`` is not a date or ``dormant_days`` is negative.

    See Also
    --------
    next_actions : the actions behind the ``actions`` column.

    Notes
    -----
    The signals and their targets (rules of thumb, not measurements):

    - thank: share of past conversations thanked by the end of the next day (target 90%);
    - ask: share of past conversations where you asked for introductions (target 80%);
    - follow: share of people introduced at least 14 days ago whom you then met (target 70%);
    - cultivate: share of contacts met who are within their stay-in-touch cadence
      (``cadence_days``, else ``dormant_days``; target 50%);
    - grow: the reproduction number ``R = mean x conversion`` of :func:`fit_offspring`,
      the further meetings each meeting leads to (target 1: at 1 or more the
      chain of introductions sustains itself [1]_); not tracked without meetings;
    - prepare: share of conversations with questions prepared (target 90%), or,
      when only takeaways are recorded, share of the last ``RECENT_DAYS`` (14)
      days' conversations with takeaways written down.

    Rates over a habit column (ask, prepare) count only the conversations where
    it was recorded.

    References
    ----------
    .. [1] Harris, T. E. (1963). *The Theory of Branching Processes*. Springer.

    Examples
    --------
    >>> contacts = pd.DataFrame({"name": ["Me", "Ann"], "is_seeker": ["y", ""]})
    >>> meetings = pd.DataFrame({"contact": ["Ann"], "date": ["2026-03-02"], "thank_you_sent": ["2026-03-02"]})
    >>> sig = rg.habit_signals(rg.from_frames(contacts, None, meetings), as_of="2026-03-06")
    >>> row = sig.set_index("habit").loc["thank"]
    >>> float(row["value"]), row["verdict"]
    (1.0, 'on track')
    """
    return action_plan(net, as_of=_day(as_of, today, net), seeker=seeker, dormant_days=dormant_days)[1]
