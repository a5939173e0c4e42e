"""The measured signals of :func:`referralgraph.habit_signals`: one per habit, against a target."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..model.vocabulary import HABITS
from ._action_rules import RECENT_DAYS, _recent, _yield_fit
from ._seeker import _Seeker, _day_diff, _plural_s

#: columns of :func:`habit_signals`, in order
SIGNAL_COLUMNS = ["habit", "title", "signal", "value", "target", "verdict", "n", "actions", "note", "recorded"]


def _recorded(past: pd.DataFrame, column: str, what: str) -> tuple[float, int, str]:
    """Share true among the conversations where ``column`` is recorded, how many are, and that in words.

    A blank cell is unknown, never "no": ``"questions prepared: 2 of 2 recorded; 26 not recorded"``.
    """
    values = past[column]
    known = values.notna().to_numpy()
    k = int(known.sum())
    yes = int(values[known].astype(bool).sum())
    text = f"{what}: {yes} of {k} recorded"
    if k < len(past):
        text += f"; {len(past) - k} not recorded"
    return (yes / k if k else math.nan), k, text


def _signals(s: _Seeker, todo: pd.DataFrame, dormant_days: int) -> pd.DataFrame:
    counts = todo["habit"].value_counts()
    m = s.meetings
    past = m[m["date"].to_numpy(dtype="datetime64[ns]") < s.end.to_datetime64()] if len(m) else m
    rows = []
    no_meetings = "no meetings recorded"

    def add(habit, signal, value, target, n, note="", recorded=""):
        if note:
            verdict, value = "not tracked", math.nan
        elif n == 0 or value is None or (isinstance(value, float) and math.isnan(value)):
            verdict, value, note = "no data", math.nan, "nothing to measure yet"
        else:
            verdict = "on track" if value >= target else "needs attention"
        rows.append(
            {
                "habit": habit,
                "title": HABITS[habit],
                "signal": signal,
                "value": float(value),
                "target": float(target),
                "verdict": verdict,
                "n": int(n),
                "actions": int(counts.get(habit, 0)),
                "note": note,
                "recorded": recorded,
            }
        )
        return rows[-1]

    def add_recorded(habit, signal, column, what, target, missing):
        if column not in past.columns:
            return add(habit, signal, math.nan, target, len(past), missing if len(m) else no_meetings)
        value, k, text = _recorded(past, column, what)
        if len(past) and not k:
            return add(
                habit,
                signal,
                math.nan,
                target,
                0,
                f"{what} not recorded for any of the {_plural_s([len(past)], 'past conversation')[0]}",
                text,
            )
        return add(habit, signal, value, target, k, "", text if len(past) else "")

    signal = "conversations thanked by the end of the next day"
    if "thank_you_sent" not in past.columns:
        add("thank", signal, math.nan, 0.9, len(past), "thank-you dates not recorded" if len(m) else no_meetings)
    elif len(past):
        sent = past["thank_you_sent"]
        on_time = sent.notna() & (sent.dt.normalize() <= past["date"].dt.normalize() + pd.Timedelta(days=1))
        add("thank", signal, float(on_time.mean()), 0.9, len(past))
    else:
        add("thank", signal, math.nan, 0.9, 0)
    signal = "conversations where you asked for introductions"
    if not s.f.records_asks:
        add("ask", signal, math.nan, 0.8, len(past), "asks not recorded" if len(m) else no_meetings)
    else:
        add_recorded("ask", signal, "asked_for_introductions", "asked for introductions", 0.8, "asks not recorded")
    ix, r, f = s.ix, s.rows, s.f
    signal = "people introduced 14+ days ago whom you met"
    edge = ix.date[r]
    old = r[(ix.generation[r] >= 2) & ~np.isnat(edge) & (edge <= (s.day - pd.Timedelta(days=14)).to_datetime64())]
    value = float(f.met[old].mean()) if len(old) else math.nan
    add("follow", signal, value, 0.7, len(old), "" if s.records_meetings else no_meetings)
    signal = (
        f"contacts met touched within their cadence ({dormant_days} days unless cadence_days says otherwise)"
        if f.has_cadence_column
        else f"contacts met touched in the last {dormant_days} days"
    )
    met = r[f.met[r]] if len(r) else r
    since = _day_diff(np.full(len(met), s.day.to_datetime64()), f.last_touch[met])
    cadence = np.where(np.isnan(f.cadence_days[met]), float(dormant_days), f.cadence_days[met])
    known = ~np.isnan(since)
    value = float((since[known] < cadence[known]).mean()) if known.any() else math.nan
    add("cultivate", signal, value, 0.5, int(known.sum()), "" if s.records_meetings else no_meetings)
    signal = "further meetings each meeting leads to (R)"
    if not s.records_meetings or not len(r):
        add("grow", signal, math.nan, 1.0, 0, no_meetings if len(r) else "")
    else:
        fit = _yield_fit(s)[0]
        add("grow", signal, fit.mean * fit.conversion if fit.n else math.nan, 1.0, fit.n)
    _prepare_signal(s, past, add, add_recorded, no_meetings)
    return pd.DataFrame(rows, columns=SIGNAL_COLUMNS)


def _prepare_signal(s: _Seeker, past: pd.DataFrame, add, add_recorded, no_meetings: str) -> None:
    """The prepare signal names what its actions are about: questions prepared, and recent takeaways."""
    m = s.meetings
    takes = "takeaways" in m.columns and bool(m["takeaways"].notna().any())
    recent = past[_recent(s, past["date"].to_numpy(dtype="datetime64[ns]"))] if len(past) else past
    written = int(recent["takeaways"].notna().sum()) if takes else 0
    also = (
        (
            f"takeaways written down for {written} of the "
            f"{_plural_s([len(recent)], 'conversation')[0]} of the last {RECENT_DAYS} days"
        )
        if takes and len(recent)
        else ""
    )
    has_questions = "questions_prepared" in past.columns and bool(past["questions_prepared"].notna().any())
    if has_questions or not takes:
        row = add_recorded(
            "prepare",
            "conversations with questions prepared" + (" (and takeaways written down)" if also else ""),
            "questions_prepared",
            "questions prepared",
            0.9,
            "questions not recorded" if len(m) else no_meetings,
        )
        row["recorded"] = "; ".join(t for t in (row["recorded"], also) if t)
    else:
        add(
            "prepare",
            f"conversations of the last {RECENT_DAYS} days with takeaways written down",
            written / len(recent) if len(recent) else math.nan,
            0.9,
            len(recent),
            "",
            also,
        )
