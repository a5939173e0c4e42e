"""The one reference date: given > pinned > archived search's last date > today; whole days; scheduled rows."""

from __future__ import annotations

import pandas as pd
import pytest

import referralgraph as rg
from referralgraph import _clock
from referralgraph.analysis.facts import ARCHIVED_AFTER_DAYS, reference, reference_note

CONTACTS = pd.DataFrame({"name": ["Me", "Ann", "Bo", "Cy"], "is_seeker": ["y", "", "", ""]})
INTROS = pd.DataFrame(
    {
        "introducer": ["Ann", "Ann"],
        "introduced": ["Bo", "Cy"],
        "date": ["2026-11-15", "2026-12-20"],
        "status": ["introduced", "suggested"],
    }
)
MEETINGS = pd.DataFrame(
    {
        "contact": ["Ann", "Ann"],
        "date": ["2026-11-10 10:00", "2026-12-07 09:30"],
        "thank_you_sent": ["2026-11-10 20:00", ""],
    }
)


@pytest.fixture()
def clock(monkeypatch):
    def set_to(stamp):
        monkeypatch.setattr(_clock, "now", lambda: pd.Timestamp(stamp))

    set_to("2026-12-07 11:00")
    return set_to


def net():
    return rg.from_frames(CONTACTS, INTROS, MEETINGS, strict=False)


def test_today_is_the_default(clock):
    n = net()
    assert reference(n) == (pd.Timestamp("2026-12-07"), "today")
    assert reference_note(n, None, pd.Timestamp("2026-12-07")) == "today; 1 later row is scheduled and left out"
    todo = rg.next_actions(n)
    bo = todo[todo["name"] == "Bo"].iloc[0]
    assert bo["overdue_days"] > 0 and "22 days ago" in bo["reason"]  # not "0 days ago"
    # the meeting logged this morning has its thank-you action this morning
    thank = todo[(todo["habit"] == "thank") & (todo["name"] == "Ann")]
    assert len(thank) == 1 and "due by 2026-12-08 09:30" in thank["reason"].iat[0]


def test_scheduled_rows_are_left_out_the_same_way(clock):
    n = net()
    assert "Cy" not in set(rg.contact_metrics(n)["contact"])  # suggested for 2026-12-20: scheduled
    assert rg.contact_metrics(n).equals(rg.contact_metrics(n, as_of="2026-12-07"))


def test_given_and_pinned(clock):
    n = net()
    assert reference(n, "2026-11-20") == (pd.Timestamp("2026-11-20"), "given")
    pinned = n.with_settings(n.settings.updated(as_of=pd.Timestamp("2026-11-12")))
    assert reference(pinned) == (pd.Timestamp("2026-11-12"), "pinned")
    assert reference(pinned, "2026-11-20")[1] == "given"  # as_of overrides everything
    assert "Bo" not in set(rg.contact_metrics(pinned)["contact"])


def test_archived_search_is_measured_when_it_ended(clock):
    clock("2027-12-01 08:00")
    n = net()
    day, why = reference(n)
    assert why == "archived" and day == pd.Timestamp("2026-12-20")
    assert f"over {ARCHIVED_AFTER_DAYS} days ago" in reference_note(n, None, day)
    clock(f"{(pd.Timestamp('2026-12-20') + pd.Timedelta(days=ARCHIVED_AFTER_DAYS)):%Y-%m-%d} 08:00")
    assert reference(net())[1] == "today"  # exactly the limit: still a living search


def test_reference_day_includes_the_whole_day(clock):
    n = net()
    # a conversation at 09:30 on the reference day has happened when measuring that day
    assert rg.contact_metrics(n, as_of="2026-12-07").set_index("contact").loc["Ann", "meetings"] == 2
    assert rg.contact_metrics(n, as_of="2026-12-06").set_index("contact").loc["Ann", "meetings"] == 1


def test_every_text_output_states_the_date_and_why(clock):
    n = net()
    for text in (rg.report(n).to_text(), rg.next_report(n).to_text()):
        assert "As of 2026-12-07 (today; 1 later row is scheduled and left out)" in text
