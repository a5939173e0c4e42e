"""Next actions and habit signals: one crafted case per rule, reproducibility with ``today``, errors."""

import pandas as pd
import pytest

import referralgraph as rg
from referralgraph.reporting import habit_sections
from referralgraph.analysis.actions import ACTION_COLUMNS, HABITS, SIGNAL_COLUMNS

TODAY = "2026-03-20"


def crafted():
    """Maya's search on 2026-03-20.

    - Ann (Acme, met 03-01, thanked, asked, handwritten note) introduced Bo (met 03-05, no thank-you,
      not asked) and Cy (introduced 03-10, not met) and suggested Dee (03-15).
    - Eve (Globex, met 03-17, no thank-you, asked no) is the only contact at Globex.
    - Old (met 2025-12-01, thanked, asked) introduced Pat (met 2025-12-10, thanked, asked): a quiet branch.
    - Fay: a meeting on 03-25 with no questions prepared; Gus: on 03-27, prepared.
    """
    contacts = pd.DataFrame(
        {
            "name": ["Maya", "Ann", "Bo", "Cy", "Dee", "Eve", "Old", "Pat", "Fay", "Gus"],
            "is_seeker": ["yes"] + [""] * 9,
            "organization": [
                None,
                "Acme",
                "Acme",
                "Initech",
                "Initech",
                "Globex",
                "Umbrella",
                "Acme",
                "Hooli",
                "Hooli",
            ],
            "field": [None, "Data", "Data", "Data", "Design", "Data", "Data", "Data", "Design", "Design"],
        }
    )
    intros = pd.DataFrame(
        {
            "introducer": ["Ann", "Ann", "Ann", "Old"],
            "introduced": ["Bo", "Cy", "Dee", "Pat"],
            "date": ["2026-03-04", "2026-03-10", "2026-03-15", "2025-12-08"],
            "status": ["met", "introduced", "suggested", "met"],
        }
    )
    meetings = pd.DataFrame(
        {
            "contact": ["Ann", "Bo", "Eve", "Old", "Pat", "Fay", "Gus"],
            "date": [
                "2026-03-01 10:00",
                "2026-03-05",
                "2026-03-17",
                "2025-12-01",
                "2025-12-10",
                "2026-03-25",
                "2026-03-27",
            ],
            "thank_you_sent": ["2026-03-01", "", "", "2025-12-01", "2025-12-10", "", ""],
            "asked_for_introductions": ["yes", "", "no", "yes", "yes", "", ""],
            "handwritten_note": ["yes", "", "", "", "", "", ""],
            "questions_prepared": ["yes", "yes", "yes", "yes", "yes", "", "yes"],
            "takeaways": ["Learn SQL", "Apply in spring", None, "x", "y", None, None],
        }
    )
    return rg.from_frames(contacts, intros, meetings, today="2026-04-01")


def rows(todo, habit):
    return todo[todo["habit"] == habit].reset_index(drop=True)


class TestNextActions:
    def test_columns_and_order(self):
        todo = rg.next_actions(crafted(), as_of=TODAY)
        assert todo.columns.tolist() == ACTION_COLUMNS
        order = [list(HABITS).index(h) for h in todo["habit"]]
        assert order == sorted(order)
        for _, group in todo.groupby("habit"):
            assert group["priority"].tolist() == list(range(1, len(group) + 1))

    def test_thank_within_24_hours(self):
        thank = rows(rg.next_actions(crafted(), as_of=TODAY), "thank")
        emails = thank[thank["action"].str.startswith("Send")]
        assert emails["name"].tolist() == ["Bo", "Eve"]  # most overdue first
        assert emails["overdue_days"].tolist() == [14, 2]
        assert emails["due"].tolist() == [pd.Timestamp("2026-03-06"), pd.Timestamp("2026-03-18")]
        # handwritten notes are tracked (Ann got one): contacts met in the last 14 days without one
        notes = thank[thank["action"].str.contains("handwritten")]
        assert notes["name"].tolist() == ["Eve"]  # Bo was 15 days ago

    def test_thank_asked_for_on_the_day_of_the_meeting(self):
        # the reference day includes the whole day: Eve's conversation today has its thank-you action today,
        # due by the end of tomorrow (logged by the day only), not overdue; no note reminder before it is due
        thank = rows(rg.next_actions(crafted(), as_of="2026-03-17"), "thank").set_index("name")
        eve = thank.loc["Eve"]
        assert eve["action"].startswith("Send Eve a thank-you")
        assert eve["reason"] == "no thank-you recorded; due by the end of 2026-03-18"
        assert eve["due"] == pd.Timestamp("2026-03-18") and eve["overdue_days"] == -1  # negative: days left

    def test_no_note_reminder_for_a_conversation_logged_this_morning(self):
        # Eve was met once before (03-10, no note, its e-mail long due) and again this morning: the morning's
        # conversation is not yet due for a note, and the older one must not borrow its date
        net = crafted()
        extra = pd.DataFrame(
            {
                "contact": ["Eve"],
                "date": ["2026-03-10 09:00"],
                "thank_you_sent": ["2026-03-10"],
                "handwritten_note": [""],
            }
        )
        m = pd.concat([net.meetings.assign(date=net.meetings["date"].astype(str)), extra], ignore_index=True)
        m.loc[m["contact"] == "eve", "date"] = "2026-03-17 09:30"
        net2 = rg.from_frames(net.contacts, net.introductions, m)
        thank = rows(rg.next_actions(net2, as_of="2026-03-17"), "thank")
        notes = thank[thank["action"].str.contains("handwritten") & (thank["name"] == "Eve")]
        assert notes["reason"].tolist() == ["no handwritten note yet for your conversation on 2026-03-10"]
        todo = rows(rg.next_actions(net2, as_of="2026-03-18"), "thank")  # the e-mail of the 17th is due now
        notes = todo[todo["action"].str.contains("handwritten") & (todo["name"] == "Eve")]
        assert notes["reason"].tolist() == ["no handwritten note yet for your conversation on 2026-03-17"]

    def test_any_thank_you_answers_the_action(self):
        net = crafted()
        m = net.meetings.assign(handwritten_note=[False, True, False, False, False, False, False])
        thank = rows(rg.next_actions(rg.from_frames(net.contacts, net.introductions, m), as_of=TODAY), "thank")
        assert "Bo" not in thank["name"].tolist()  # a handwritten note is a thank-you: no e-mail nagging, no reminder
        assert "Eve" in thank["name"].tolist()

    def test_ask_ranked_by_expected_yield(self):
        ask = rows(rg.next_actions(crafted(), as_of=TODAY), "ask")
        assert set(ask["name"]) == {"Bo", "Eve"}  # met, never asked; Ann, Old, Pat were asked
        eve = ask.set_index("name").loc["Eve"]
        assert "you did not ask on 2026-03-17" in eve["reason"]
        assert "your only contact at Globex" in eve["reason"]
        assert ask["name"].iloc[0] == "Eve"  # opens a new organization: higher yield
        assert ask["score"].is_monotonic_decreasing

    def test_ask_without_tracking_uses_introductions(self):
        net = crafted()
        m = net.meetings.drop(columns=["asked_for_introductions"])
        net2 = rg.from_frames(net.contacts, net.introductions, m, today="2026-04-01")
        ask = rows(rg.next_actions(net2, as_of=TODAY), "ask")
        assert "Ann" not in set(ask["name"]) and "Old" not in set(ask["name"])  # they introduced people
        assert {"Bo", "Eve", "Pat"} <= set(ask["name"])

    def test_follow_through(self):
        follow = rows(rg.next_actions(crafted(), as_of=TODAY), "follow")
        assert follow["name"].tolist() == ["Cy", "Dee"]  # introduced before suggested
        assert follow["related"].tolist() == ["Ann", "Ann"]
        assert follow["action"].iloc[0].startswith("Schedule a conversation with Cy")
        assert "Ann introduced them 10 days ago" in follow["reason"].iloc[0]
        assert follow["action"].iloc[1].startswith("Ask Ann to introduce you to Dee")
        assert follow["overdue_days"].tolist() == [8, -2]  # reply within 2 days; follow up within 7

    def test_cultivate(self):
        cult = rows(rg.next_actions(crafted(), as_of=TODAY, dormant_days=60), "cultivate")
        assert cult["name"].tolist() == ["Old", "Pat"]  # Old brought Pat: first
        assert (cult["overdue_days"] > 0).all()
        assert rows(rg.next_actions(crafted(), as_of=TODAY, dormant_days=200), "cultivate").empty

    def test_grow_branches_and_targets(self):
        todo = rg.next_actions(crafted(), as_of=TODAY, targets=["initech", "Nowhere"])
        grow = rows(todo, "grow")
        # Ann already introduced Cy: never ask her for that introduction again
        assert grow["action"].iloc[0] == "Get in touch with Cy at initech, whom Ann introduced you to"
        assert "warm path to initech: Maya -> Ann -> Cy" in grow["reason"].iloc[0]
        assert grow["action"].iloc[1].startswith("Find a way into Nowhere: ask Ann or Old")
        assert grow["organization"].iloc[1] == "Nowhere"
        branch = grow.iloc[2]
        assert branch["contact"] == "Old" and branch["related"] == "Pat"
        assert "no new contact for 102 days" in branch["reason"]
        assert len(grow) == 3  # Ann's branch is growing

    def test_prepare(self):
        prep = rows(rg.next_actions(crafted(), as_of=TODAY), "prepare")
        assert prep["name"].tolist()[0] == "Fay"  # upcoming without questions; Gus is prepared
        assert prep["overdue_days"].iloc[0] == -5
        assert prep["name"].tolist()[1:] == ["Eve"]  # past, no takeaways (takeaways are tracked)

    def test_today_makes_it_reproducible(self):
        net = crafted()
        a = rg.next_actions(net, as_of=TODAY)
        with pytest.warns(DeprecationWarning, match="use as_of="):  # the old spelling still works
            b = rg.next_actions(net, today=pd.Timestamp(TODAY))
        pd.testing.assert_frame_equal(a, b)
        later = rg.next_actions(net, as_of="2026-03-26")
        assert not later.equals(a)

    def test_limit(self):
        todo = rg.next_actions(crafted(), as_of=TODAY, limit=1)
        assert todo.groupby("habit").size().max() == 1

    def test_network_not_changed(self):
        net = crafted()
        before = net.meetings
        rg.next_actions(net, as_of=TODAY, targets="Acme")
        pd.testing.assert_frame_equal(before, net.meetings)

    def test_errors(self):
        net = crafted()
        with pytest.raises(ValueError, match=r"dormant_days must be an integer >= 0 \(got -1\)"):
            rg.next_actions(net, dormant_days=-1)
        with pytest.raises(ValueError, match="targets must be organization names"):
            rg.next_actions(net, targets=[""])
        with pytest.raises(ValueError, match="as_of must be a date"):
            rg.next_actions(net, as_of="someday")
        with pytest.raises(ValueError, match="limit must be an integer >= 0 or None"):
            rg.next_actions(net, limit=-3)
        with pytest.raises(rg.SeekerNotFound, match="'Ann' is a contact but not a seeker"):
            rg.next_actions(net, seeker="Ann")
        with pytest.raises(TypeError, match="expected a ReferralNetwork"):
            rg.next_actions("net")

    def test_empty(self):
        with pytest.raises(rg.SeekerNotFound, match="the network has 0 seekers"):
            rg.next_actions(rg.from_frames(pd.DataFrame({"name": []})))
        alone = rg.from_frames(pd.DataFrame({"name": ["Me"], "is_seeker": ["y"]}))
        todo = rg.next_actions(alone, as_of=TODAY, targets=["Acme"])
        assert todo["habit"].tolist() == ["grow"]
        assert todo["action"].iloc[0] == "Find a way into Acme: ask your contacts whether they know someone there"


class TestHabitSignals:
    def test_values(self):
        sig = rg.habit_signals(crafted(), as_of=TODAY).set_index("habit")
        assert sig.index.tolist() == list(HABITS)
        assert sig.loc["thank", "value"] == pytest.approx(3 / 5)  # Ann, Old, Pat of 5 past meetings
        assert sig.loc["thank", "verdict"] == "needs attention"
        # asked: yes, blank, no, yes, yes -> the blank is unknown, not "no": 3 of the 4 recorded
        assert sig.loc["ask", "value"] == pytest.approx(3 / 4) and sig.loc["ask", "n"] == 4
        assert sig.loc["ask", "recorded"] == "asked for introductions: 3 of 4 recorded; 1 not recorded"
        assert sig.loc["follow", "value"] == pytest.approx(1.0)  # Bo and Pat: introduced 14+ days ago, met
        assert sig.loc["prepare", "value"] == pytest.approx(1.0) and sig.loc["prepare", "verdict"] == "on track"
        assert sig.loc["thank", "actions"] == 3

    def test_not_tracked(self):
        contacts = pd.DataFrame({"name": ["Me", "Ann"], "is_seeker": ["y", ""]})
        net = rg.from_frames(contacts, None, pd.DataFrame({"contact": ["Ann"], "date": ["2026-03-01"]}))
        sig = rg.habit_signals(net, as_of=TODAY)
        assert sig.columns.tolist() == SIGNAL_COLUMNS
        assert sig.set_index("habit").loc[["thank", "ask", "prepare"], "verdict"].tolist() == ["not tracked"] * 3

    def test_errors(self):
        with pytest.raises(ValueError, match="dormant_days must be an integer"):
            rg.habit_signals(crafted(), dormant_days=1.5)
        with pytest.raises(rg.SeekerNotFound):
            rg.habit_signals(crafted(), seeker="Bo")


class TestUnknownIsNotNo:
    """Issue 20 item 3: a habit column just started neither sinks the rate nor nags about months past."""

    def net(self, questions, takeaways):
        n = len(questions)
        contacts = pd.DataFrame({"name": ["Me"] + [f"P{i}" for i in range(n)], "is_seeker": ["y"] + [""] * n})
        dates = pd.date_range("2026-07-01", periods=n, freq="5D").strftime("%Y-%m-%d")
        meetings = pd.DataFrame(
            {
                "contact": [f"P{i}" for i in range(n)],
                "date": dates,
                "thank_you_sent": dates,
                "questions_prepared": questions,
                "takeaways": takeaways,
            }
        )
        return rg.from_frames(contacts, None, meetings)

    def test_rate_over_recorded_conversations_only(self):
        net = self.net([""] * 26 + ["yes", "yes"], [None] * 28)
        sig = rg.habit_signals(net, as_of="2026-12-07").set_index("habit")
        assert sig.loc["prepare", "value"] == 1.0 and sig.loc["prepare", "verdict"] == "on track"
        assert sig.loc["prepare", "n"] == 2
        assert sig.loc["prepare", "recorded"] == "questions prepared: 2 of 2 recorded; 26 not recorded"
        text = habit_sections(net, as_of="2026-12-07")[-1].items[0][2]
        assert text == "100% (target 90%): on track; questions prepared: 2 of 2 recorded; 26 not recorded"

    def test_nothing_recorded_is_na_with_the_reason(self):
        net = self.net([""] * 3, [None] * 3)
        row = rg.habit_signals(net, as_of="2026-12-07").set_index("habit").loc["prepare"]
        assert row["verdict"] == "not tracked"
        assert row["note"] == "questions prepared not recorded for any of the 3 past conversations"
        assert habit_sections(net, as_of="2026-12-07")[-1].items[0][2].startswith("n/a (questions prepared not")

    def test_takeaways_advice_covers_recent_conversations_only(self):
        net = self.net([""] * 28, [None] * 27 + ["learned a lot"])  # one --takeaways on the last meeting
        last = pd.Timestamp("2026-07-01") + pd.Timedelta(days=5 * 27)
        todo = rows(rg.next_actions(net, as_of=last + pd.Timedelta(days=3)), "prepare")
        # 14 days back: the meetings 5 and 10 days before the last one, not 25 reaching back to July
        assert todo["name"].tolist() == ["P26", "P25"]
        assert all(a.startswith("Write down what you learned") for a in todo["action"])
        sig = rg.habit_signals(net, as_of=last + pd.Timedelta(days=3)).set_index("habit").loc["prepare"]
        # the headline names the habit its actions are about
        assert "takeaways" in sig["signal"]
        assert sig["recorded"] == "takeaways written down for 1 of the 3 conversations of the last 14 days"
        assert sig["value"] == pytest.approx(1 / 3)


class TestHabitSections:
    def test_sections(self):
        secs = habit_sections(crafted(), as_of=TODAY, limit=1)
        assert [s.key for s in secs] == [f"habit-{h}" for h in HABITS]
        thank = secs[0]
        assert thank.title == "Thank within 24 hours"
        assert thank.items[0][2].startswith("60% (target 90%): needs attention")
        assert thank.lines[0].startswith("1. Send Bo a thank-you")
        assert thank.lines[-1].startswith("... and 2 more")


class TestCadence:
    def net(self, cadence):
        contacts = pd.DataFrame(
            {"name": ["Me", "Ann", "Bo", "Cy"], "is_seeker": ["y", "", "", ""], "cadence_days": cadence}
        )
        meetings = pd.DataFrame({"contact": ["Ann", "Bo", "Cy"], "date": ["2026-03-01", "2026-03-10", "2026-01-01"]})
        return rg.from_frames(contacts, None, meetings)

    def test_default_cadence_and_order_by_overdue(self):
        todo = rows(rg.next_actions(self.net(["", "", "", ""]), as_of="2026-05-20"), "cultivate")
        assert todo["name"].tolist() == ["Cy", "Ann", "Bo"]  # 139, 80 and 71 days against a 60-day cadence
        assert todo["overdue_days"].tolist() == [79, 20, 11]
        assert todo["due"].tolist() == [
            pd.Timestamp("2026-03-02"),
            pd.Timestamp("2026-04-30"),
            pd.Timestamp("2026-05-09"),
        ]

    def test_per_person_cadence(self):
        todo = rows(rg.next_actions(self.net(["", "10", "", "200"]), as_of="2026-05-20"), "cultivate")
        # Ann every 10 days: 70 overdue; Bo default 60: 11; Cy every 200: not due
        assert todo["name"].tolist() == ["Ann", "Bo"]
        assert todo["overdue_days"].tolist() == [70, 11]
        assert "in touch every 10 days" in todo["reason"].iloc[0]

    def test_a_logged_touch_resets_it(self):
        net = self.net(["", "", "", ""])
        m = pd.concat(
            [net.meetings, pd.DataFrame({"contact": ["Cy"], "date": [pd.Timestamp("2026-05-01")], "seeker": ["Me"]})]
        )
        later = rg.from_frames(net.contacts, None, m)
        todo = rows(rg.next_actions(later, as_of="2026-05-20"), "cultivate")
        assert "Cy" not in todo["name"].tolist()
