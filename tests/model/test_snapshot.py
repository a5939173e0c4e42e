"""snapshot: the network as known on a date, and reproducible metrics with as_of."""

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

import referralgraph as rg

_spec = importlib.util.spec_from_file_location("_shared_networks", Path(__file__).resolve().parents[1] / "conftest.py")
_networks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_networks)
small_frames = _networks.small_frames  # the hand-checked network of tests/conftest.py


def later_rows():
    """The small network plus rows dated after 2026-02-01: a new contact, an introduction, a meeting."""
    contacts, intros, meetings = small_frames()
    contacts = pd.concat(
        [contacts, pd.DataFrame({"id": ["fay"], "name": ["Fay"], "first_contact": ["2026-03-01"]})], ignore_index=True
    )
    intros = pd.concat(
        [
            intros,
            pd.DataFrame({"introducer": ["cy"], "introduced": ["fay"], "date": ["2026-03-01"], "status": ["met"]}),
        ],
        ignore_index=True,
    )
    meetings = pd.concat(
        [
            meetings,
            pd.DataFrame(
                {
                    "contact": ["cy", "fay"],
                    "date": ["2026-03-02", "2026-03-05"],
                    "asked_for_introductions": ["yes", "no"],
                    "thank_you_sent": ["2026-03-02 20:00", ""],
                    "handwritten_note": ["2026-03-03", ""],
                }
            ),
        ],
        ignore_index=True,
    )
    return contacts, intros, meetings


class TestSnapshot:
    def test_drops_later_rows_and_people(self):
        net = rg.from_frames(*small_frames())
        snap = rg.snapshot(net, "2026-01-11")
        # kept: Ann -> Bo (01-10); Cy and Ed were introduced later, so they are unknown
        assert sorted(snap.contacts["id"]) == ["ann", "bo", "di", "me"]
        assert snap.introductions[["introducer", "introduced"]].values.tolist() == [["ann", "bo"]]
        assert len(snap.meetings) == 2  # Ann 01-05, Di 01-04
        # Bo's introduction says "met", but the meeting was on 01-15
        assert snap.introductions["status"].tolist() == ["introduced"]
        assert snap.tree_table().set_index("contact").loc["bo", "status"] == "introduced"

    def test_date_means_end_of_day(self):
        net = rg.from_frames(*small_frames())
        assert len(rg.snapshot(net, "2026-01-05").meetings) == 2  # the 10:00 meeting of 01-05 counts
        assert len(rg.snapshot(net, "2026-01-05 09:00").meetings) == 1

    def test_late_thank_you_and_note(self):
        net = rg.from_frames(*later_rows())
        snap = rg.snapshot(net, "2026-03-02 21:00")
        cy = snap.meetings.set_index("contact").loc["cy"]
        assert cy["thank_you_sent"] == pd.Timestamp("2026-03-02 20:00")
        assert not cy["handwritten_note"] and pd.isna(cy["handwritten_note_date"])  # written on 03-03

    def test_does_not_change_network(self):
        net = rg.from_frames(*small_frames())
        before = net.introductions
        rg.snapshot(net, "2026-01-11")
        pd.testing.assert_frame_equal(before, net.introductions)

    def test_undated_rows_are_kept(self):
        contacts, intros, meetings = small_frames()
        intros.loc[2, "date"] = None
        snap = rg.snapshot(rg.from_frames(contacts, intros, meetings), "2026-01-11")
        assert ["bo", "ed"] in snap.introductions[["introducer", "introduced"]].values.tolist()

    def test_bad_date(self):
        net = rg.from_frames(*small_frames())
        with pytest.raises(ValueError, match=r"as_of must be a date from 1900-01-01 to 2199-12-31 .* \(got 'soon'"):
            rg.snapshot(net, "soon")

    def test_empty(self):
        net = rg.from_frames(pd.DataFrame({"name": pd.Series([], dtype=str)}))
        assert len(rg.snapshot(net, "2026-01-01")) == 0


class TestAsOfReproducible:
    """The same as_of on a network and on the same network with later rows gives the same tables."""

    @pytest.mark.parametrize("as_of", ["2026-01-11", "2026-02-01"])
    def test_tables_equal(self, as_of):
        a, b = rg.from_frames(*small_frames()), rg.from_frames(*later_rows())
        for f in (rg.contact_metrics, rg.reach_by_generation, rg.growth):
            pd.testing.assert_frame_equal(f(a, as_of=as_of), f(b, as_of=as_of))
        pd.testing.assert_frame_equal(rg.seeker_summary(a, as_of=as_of), rg.seeker_summary(b, as_of=as_of))
        # measured sections only: the "prepare" habit looks ahead at conversations scheduled after as_of
        assert rg.report(a, as_of=as_of, habits=False).to_dict() == rg.report(b, as_of=as_of, habits=False).to_dict()

    def test_without_as_of_the_latest_date_moves(self):
        a, b = rg.from_frames(*small_frames()), rg.from_frames(*later_rows())
        assert rg.report(a).as_of == pd.Timestamp("2026-02-01")
        assert rg.report(b).as_of == pd.Timestamp("2026-03-05")


class TestOneSnapshotPerDate:
    """A snapshot is built once per (network, cutoff) and is the network itself when nothing is later."""

    def test_nothing_later_is_the_network_itself(self):
        net = rg.from_frames(*later_rows())
        assert rg.snapshot(net, "2026-03-05") is net
        assert rg.snapshot(net, "2100-01-01") is net

    def test_built_once_per_cutoff(self):
        net = rg.from_frames(*later_rows())
        snap = rg.snapshot(net, "2026-02-01")
        assert snap is not net
        assert rg.snapshot(net, pd.Timestamp("2026-02-01")) is snap  # the same cutoff: the end of that day
        assert rg.snapshot(net, "2026-02-01 12:00") is not snap

    def test_cached_snapshot_equals_a_fresh_build(self):
        net = rg.from_frames(*later_rows())
        snap = rg.snapshot(net, "2026-02-01")
        fresh = rg.from_frames(*later_rows())  # its snapshot looks every id up again: nothing reused
        fresh.__dict__.pop("_reference_codes")
        again = rg.snapshot(fresh, "2026-02-01")
        for name in ("contacts", "introductions", "meetings", "problems"):
            pd.testing.assert_frame_equal(getattr(snap, name), getattr(again, name))
        pd.testing.assert_frame_equal(snap.index.to_frame(), again.index.to_frame())

    def test_metrics_share_one_snapshot(self, monkeypatch):
        import importlib

        module = importlib.import_module("referralgraph.model.snapshot")

        net = rg.from_frames(*later_rows())
        built = []
        real = module._build
        monkeypatch.setattr(module, "_build", lambda *a: built.append(a[1]) or real(*a))
        rg.contact_metrics(net, as_of="2026-02-01")
        rg.seeker_summary(net, as_of="2026-02-01")
        rg.growth(net, as_of="2026-02-01")
        assert len(built) == 1
