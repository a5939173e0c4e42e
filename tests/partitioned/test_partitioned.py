"""Partitioned cohorts: the dataset round trip and the runner's results equal to the in-memory ones."""

from __future__ import annotations

import json

import pandas as pd
import pandas.testing as pt
import pytest

import referralgraph as rg
from referralgraph.partitioned.dataset import latest_date


def assert_same_results(result, net, *, as_of=None, dormant_days=60, freq="W", quantiles=(0.1, 0.25, 0.5, 0.75, 0.9)):
    opts = {"as_of": as_of, "dormant_days": dormant_days}
    pt.assert_frame_equal(result.contact_metrics(), rg.contact_metrics(net, **opts))
    pt.assert_frame_equal(result.seeker_summary(), rg.seeker_summary(net, **opts))
    pt.assert_frame_equal(result.growth(), rg.growth(net, freq=freq, as_of=as_of))
    pt.assert_frame_equal(result.cohort_summary, rg.cohort_summary(net, quantiles=quantiles, **opts))
    pt.assert_frame_equal(result.shared_hubs, rg.shared_hubs(net))


def run(net, tmp_path, buckets, **kwargs):
    tmp_path.mkdir(parents=True, exist_ok=True)
    ds = rg.partition(net, tmp_path / "cohort", buckets=buckets)
    return rg.partitioned_metrics(ds, tmp_path / "metrics", **kwargs)


def synthetic(**kwargs):
    kwargs.setdefault("seed", 3)
    return rg.synthetic_cohort(**kwargs)


# ---------------------------------------------------------------------------- the dataset
class TestPartition:
    def test_layout_and_every_tree_whole(self, tmp_path):
        net = synthetic(n_seekers=7, n_contacts=600, shared_fraction=0.15)
        folder = rg.partition(net, tmp_path / "ds", buckets=3)
        assert sorted(p.name for p in folder.iterdir()) == [
            "_referralgraph.json",
            "bucket=00000",
            "bucket=00001",
            "bucket=00002",
            "seekers.parquet",
            "shared_contacts.parquet",
        ]
        assert sorted(p.name for p in (folder / "bucket=00001").iterdir()) == [
            "contacts.parquet",
            "introductions.parquet",
            "meetings.parquet",
            "opportunities.parquet",
        ]
        ds = rg.open_dataset(folder)
        assert ds.seekers["seeker"].tolist() == net.seekers
        assert ds.seekers["position"].tolist() == list(range(7))
        assert ds.seekers["bucket"].is_monotonic_increasing
        whole = net.tree_table()
        for b in range(ds.buckets):
            part = ds.load(b)
            for s in part.seekers:
                assert ds.bucket_of(s) == b
                mine = whole[whole["seeker"] == s].reset_index(drop=True)
                pt.assert_frame_equal(part.tree_table(s), mine)
        assert ds.info["seekers"].sum() == 7

    def test_shared_contacts_are_duplicated_and_listed(self, tmp_path):
        net = synthetic(n_seekers=6, n_contacts=400, shared_fraction=0.2)
        ds = rg.open_dataset(rg.partition(net, tmp_path / "ds", buckets=3))
        seen = pd.concat([ds.tables(b)["contacts"].assign(bucket=b) for b in range(3)])
        counts = seen.groupby("id")["bucket"].nunique()
        expected = counts[counts > 1].sort_index()
        listed = ds.shared_contacts.set_index("contact")["buckets"]
        assert len(expected) > 0
        pt.assert_series_equal(listed, expected.rename("buckets"), check_names=False, check_index_type=False)
        assert set(seen["id"]) == set(net.ids)  # nobody dropped
        assert ds.unplaced() is None
        # every introduction and meeting is in exactly one bucket
        assert sum(len(ds.tables(b)["introductions"]) for b in range(3)) == len(net.introductions)
        assert sum(len(ds.tables(b)["meetings"]) for b in range(3)) == len(net.meetings)

    def test_one_bucket_is_the_network(self, tmp_path):
        net = synthetic(n_seekers=3, n_contacts=200, shared_fraction=0.1)
        ds = rg.open_dataset(rg.partition(net, tmp_path / "ds", buckets=1))
        assert ds.load(0).equals(net)
        assert ds.load(0, validate=True).equals(net)

    def test_unlinked_contacts_are_kept_outside_the_buckets(self, tmp_path):
        contacts = pd.DataFrame(
            {
                "name": ["S1", "S2", "Ann", "Bo", "Loner"],
                "is_seeker": ["y", "y", "", "", ""],
                "first_contact": ["", "", "", "", "2026-05-01"],
            }
        )
        intros = pd.DataFrame(
            {
                "introducer": ["S1", "S2"],
                "introduced": ["Ann", "Bo"],
                "seeker": ["S1", "S2"],
                "date": ["2026-01-01", "2026-01-02"],
            }
        )
        net = rg.from_frames(contacts, intros)
        ds = rg.open_dataset(rg.partition(net, tmp_path / "ds", buckets=2))
        assert ds.unplaced()["contacts"]["id"].tolist() == ["Loner"]
        assert all("Loner" not in ds.tables(b)["contacts"]["id"].tolist() for b in range(2))
        assert ds.latest_date == pd.Timestamp("2026-05-01")
        assert_same_results(run(net, tmp_path / "r", 2), net)

    @pytest.mark.parametrize("buckets", [5, 10**6, 99999999999999999999])
    def test_more_buckets_than_seekers_is_refused_before_any_work(self, tmp_path, buckets):
        net = synthetic(n_seekers=2, n_contacts=100)
        with pytest.raises(rg.OptionError, match=r"buckets must be at most the number of seekers \(2\)"):
            rg.partition(net, tmp_path / "ds", buckets=buckets)
        assert list(tmp_path.iterdir()) == []

    def test_latest_date_matches_the_metrics_definition(self, small, cohort):
        from referralgraph.analysis.facts import facts

        for net in (small, cohort, synthetic(n_seekers=2, n_contacts=50)):
            assert latest_date(net.contacts, net.introductions, net.meetings) == facts(net).latest_date

    def test_from_a_source_folder(self, tmp_path, small):
        rg.save(small, tmp_path / "src")
        ds = rg.open_dataset(rg.partition(str(tmp_path / "src"), tmp_path / "ds", buckets=1))
        assert ds.load(ds.bucket_of("me")).equals(small)

    def test_refuses_to_replace_without_overwrite(self, tmp_path, small, cohort):
        rg.partition(small, tmp_path / "ds", buckets=1)
        with pytest.raises(rg.OverwriteError, match="already exists"):
            rg.partition(small, tmp_path / "ds", buckets=1)
        rg.partition(cohort, tmp_path / "ds", buckets=2, overwrite=True)
        assert rg.open_dataset(tmp_path / "ds").buckets == 2

    def test_never_replaces_a_folder_of_other_files(self, tmp_path, small):
        (tmp_path / "mine").mkdir()
        (tmp_path / "mine" / "thesis.docx").write_text("precious")
        with pytest.raises(rg.OverwriteError, match="not a folder written by referralgraph"):
            rg.partition(small, tmp_path / "mine", buckets=1, overwrite=True)
        assert (tmp_path / "mine" / "thesis.docx").read_text() == "precious"

    def test_failure_leaves_nothing(self, tmp_path, small, monkeypatch):
        import referralgraph.partitioned.dataset as mod

        def boom(*a, **k):
            raise RuntimeError("disk full")

        monkeypatch.setattr(mod, "_shared_contacts", boom)
        with pytest.raises(RuntimeError):
            rg.partition(small, tmp_path / "ds", buckets=1)
        assert list(tmp_path.iterdir()) == []

    @pytest.mark.parametrize("buckets", [0, -1, 1.5, "3", True])
    def test_bad_buckets(self, tmp_path, small, buckets):
        with pytest.raises(rg.OptionError, match="buckets must be an integer >= 1"):
            rg.partition(small, tmp_path / "ds", buckets=buckets)

    def test_bad_source(self, tmp_path):
        with pytest.raises(rg.ArgumentTypeError, match="ReferralNetwork or the path"):
            rg.partition(42, tmp_path / "ds", buckets=1)

    def test_open_errors(self, tmp_path, small, cohort):
        with pytest.raises(FileNotFoundError):
            rg.open_dataset(tmp_path / "nope")
        rg.save(small, tmp_path / "csv")
        with pytest.raises(rg.SchemaError, match="not a partitioned cohort dataset"):
            rg.open_dataset(tmp_path / "csv")
        ds = rg.open_dataset(rg.partition(cohort, tmp_path / "ds", buckets=2))
        with pytest.raises(rg.OptionError, match="bucket must be an integer from 0 to 1"):
            ds.load(2)
        with pytest.raises(rg.SeekerNotFound, match="'nobody' is not a seeker"):
            ds.bucket_of("nobody")

    def test_writer_bucket_by_bucket(self, tmp_path):
        pieces = []
        with rg.DatasetWriter(tmp_path / "ds") as writer:
            for seed in (1, 2, 3):
                tables = rg.synthetic_tables(n_seekers=2, n_contacts=80, seed=seed)
                for t in tables.values():
                    for col in ("id", "introducer", "introduced", "seeker", "contact"):
                        if col in t.columns:
                            t[col] = f"p{seed}-" + t[col]
                pieces.append(rg.from_frames(**tables))
                writer.write_bucket(pieces[-1])
        ds = rg.open_dataset(tmp_path / "ds")
        assert ds.seekers["seeker"].tolist() == [s for p in pieces for s in p.seekers]
        assert ds.shared_contacts.empty
        for b, piece in enumerate(pieces):
            assert ds.load(b).equals(piece)


# ---------------------------------------------------------------------------- the runner
COHORTS = {
    "shared": lambda: synthetic(n_seekers=8, n_contacts=800, shared_fraction=0.2),
    "no_meetings": lambda: synthetic(n_seekers=5, n_contacts=300, meetings=False, shared_fraction=0.1, seed=5),
    "single_seeker": lambda: synthetic(n_seekers=1, n_contacts=200, seed=8),
    "uneven_dates": lambda: synthetic(n_seekers=6, n_contacts=400, span_days=40, seed=11),
}


class TestRunnerLocal:
    @pytest.mark.parametrize(
        "name, buckets",
        [
            ("shared", 1),
            ("shared", 3),
            ("no_meetings", 2),
            ("single_seeker", 1),
            ("uneven_dates", 4),
            pytest.param("shared", 8, marks=pytest.mark.slow),  # one seeker a bucket
        ],
    )
    def test_equals_in_memory(self, tmp_path, name, buckets):
        net = COHORTS[name]()
        assert_same_results(run(net, tmp_path, buckets), net)

    def test_hand_built_cohort_with_a_shared_hub_and_a_duplicate(self, tmp_path, cohort):
        result = run(cohort, tmp_path, 2)
        assert_same_results(result, cohort)
        hubs = result.shared_hubs
        assert hubs["contact"].tolist() == ["hub"] and hubs["seeker_ids"].iloc[0] == ["s1", "s2"]

    def test_small_lonely_and_empty(self, tmp_path, small, lonely, empty):
        for i, net in enumerate((small, lonely, empty)):
            assert_same_results(run(net, tmp_path / str(i), 1), net)

    def test_options_are_passed_through(self, tmp_path):
        net = synthetic(n_seekers=5, n_contacts=300, shared_fraction=0.1)
        result = run(net, tmp_path, 3, as_of="2026-03-01", dormant_days=10, freq="M", quantiles=(0.5, 0.99))
        assert_same_results(result, net, as_of="2026-03-01", dormant_days=10, freq="M", quantiles=(0.5, 0.99))

    def test_settings_travel_with_the_dataset_and_a_pinned_date_holds(self, tmp_path):
        from referralgraph.model.settings import Settings
        from referralgraph.partitioned.runner import cohort_reference_note

        net = synthetic(n_seekers=4, n_contacts=200).with_settings(
            Settings(as_of=pd.Timestamp("2026-03-01"), cadence_days=30, targets=("Acme", "Kitewell"))
        )
        ds = rg.open_dataset(rg.partition(net, tmp_path / "ds", buckets=2))
        assert ds.settings == net.settings and ds.load(1).settings == net.settings
        assert cohort_reference_note(ds) == (pd.Timestamp("2026-03-01"), "pinned in referralgraph.toml")
        result = rg.partitioned_metrics(ds, tmp_path / "m")
        assert_same_results(result, net)  # in memory, the network's own pin decides too
        assert set(result.seeker_summary()["as_of"]) == {pd.Timestamp("2026-03-01")}

    def test_a_cohort_without_dates_is_measured_today(self, tmp_path, monkeypatch):
        monkeypatch.setattr("referralgraph._clock.now", lambda: pd.Timestamp("2026-12-07 09:00"))
        net = rg.from_frames(
            pd.DataFrame({"name": ["S1", "Ann"], "is_seeker": ["y", ""]}),
            pd.DataFrame({"introducer": ["S1"], "introduced": ["Ann"]}),
        )
        result = run(net, tmp_path, 1)
        assert_same_results(result, net)
        assert set(result.seeker_summary()["as_of"]) == {pd.Timestamp("2026-12-07")}

    def test_reference_day_is_the_cohorts(self, tmp_path):
        # one seeker's data ends weeks before the other's: dormancy must count to the cohort's last day
        contacts = pd.DataFrame({"name": ["S1", "S2", "Ann", "Bo"], "is_seeker": ["y", "y", "", ""]})
        intros = pd.DataFrame(
            {
                "introducer": ["S1", "S2"],
                "introduced": ["Ann", "Bo"],
                "seeker": ["S1", "S2"],
                "date": ["2026-01-01", "2026-06-01"],
            }
        )
        net = rg.from_frames(contacts, intros)
        result = run(net, tmp_path, 2)
        assert result.contact_metrics()["days_since_touch"].tolist() == [151.0, 0.0]
        assert_same_results(result, net)

    def test_nineteen_digit_ids(self, tmp_path):
        ids = [str(10**18 + i) for i in range(5)]
        contacts = pd.DataFrame({"id": ids, "name": list("ABCDE"), "is_seeker": ["y", "y", "", "", ""]})
        intros = pd.DataFrame(
            {
                "introducer": [ids[0], ids[1], ids[2]],
                "introduced": [ids[2], ids[3], ids[4]],
                "seeker": [ids[0], ids[1], ids[0]],
                "date": ["2026-01-01"] * 3,
            }
        )
        net = rg.from_frames(contacts, intros)
        result = run(net, tmp_path, 2)
        assert result.contact_metrics()["contact"].tolist() == [ids[2], ids[4], ids[3]]
        assert_same_results(result, net)

    def test_only_some_tables(self, tmp_path, cohort):
        ds = rg.partition(cohort, tmp_path / "ds", buckets=2)
        result = rg.partitioned_metrics(ds, tmp_path / "m", tables=["growth"])
        assert sorted(p.name for p in result.path.iterdir()) == [
            "_referralgraph.json",
            "cohort_summary.parquet",
            "growth",
            "shared_hubs.parquet",
        ]
        with pytest.raises(rg.OptionError, match="contact_metrics was not written"):
            result.contact_metrics()
        pt.assert_frame_equal(result.cohort_summary, rg.cohort_summary(cohort))

    def test_table_folders_read_as_one_table_with_the_csv_columns(self, tmp_path, cohort):
        result = run(cohort, tmp_path, 2)
        read = pd.read_parquet(result.path / "contact_metrics")
        assert read.columns.tolist() == rg.contact_metrics(cohort).columns.tolist()
        summary = pd.read_parquet(result.path / "seeker_summary")
        assert summary.columns.tolist() == rg.seeker_summary(cohort).columns.tolist()
        assert json.loads(summary["reach_by_generation"].iat[0]) == {"1": 1, "2": 2, "3": 1}

    def test_bad_options_fail_before_any_work(self, tmp_path, cohort):
        ds = rg.partition(cohort, tmp_path / "ds", buckets=2)
        with pytest.raises(rg.OptionError, match="engine must be one of 'local', 'dask'"):
            rg.partitioned_metrics(ds, tmp_path / "m", engine="spark")
        with pytest.raises(rg.OptionError, match="freq must be a period alias"):
            rg.partitioned_metrics(ds, tmp_path / "m", freq="fortnight")
        with pytest.raises(rg.OptionError, match="quantiles"):
            rg.partitioned_metrics(ds, tmp_path / "m", quantiles=(2,))
        with pytest.raises(rg.OptionError, match="as_of must be a date"):
            rg.partitioned_metrics(ds, tmp_path / "m", as_of="soon")
        with pytest.raises(rg.OptionError, match="only used by engine='dask'"):
            rg.partitioned_metrics(ds, tmp_path / "m", scheduler="tcp://localhost:1")
        with pytest.raises(rg.OptionError, match="tables must be one of"):
            rg.partitioned_metrics(ds, tmp_path / "m", tables=["everything"])
        assert not (tmp_path / "m").exists()
        with pytest.raises(rg.SchemaError, match="not a partitioned cohort dataset"):
            rg.partitioned_metrics(tmp_path, tmp_path / "m")

    def test_inputs_untouched(self, tmp_path, cohort):
        ds = rg.partition(cohort, tmp_path / "ds", buckets=2)
        before = {p: p.read_bytes() for p in sorted(ds.rglob("*")) if p.is_file()}
        rg.partitioned_metrics(ds, tmp_path / "m")
        assert {p: p.read_bytes() for p in sorted(ds.rglob("*")) if p.is_file()} == before


# ---------------------------------------------------------------------------- dask
@pytest.mark.slow
class TestRunnerDask:
    """One local cluster for the class (starting one takes seconds)."""

    @pytest.fixture(scope="class")
    @classmethod
    def client(cls):
        distributed = pytest.importorskip("dask.distributed")
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
        client = distributed.Client(cluster)
        yield client
        client.close()
        cluster.close()

    @pytest.mark.parametrize("name", ["shared", "uneven_dates"])
    def test_equals_in_memory_by_address(self, tmp_path, client, name):
        net = COHORTS[name]()
        assert_same_results(run(net, tmp_path, 4, engine="dask", scheduler=client.scheduler.address), net)

    def test_hand_built_cohorts_with_a_client(self, tmp_path, client, cohort, small, empty):
        for i, (net, buckets) in enumerate(((cohort, 2), (small, 1), (empty, 1))):
            assert_same_results(run(net, tmp_path / str(i), buckets, engine="dask", scheduler=client), net)

    def test_starts_its_own_local_cluster(self, tmp_path):
        pytest.importorskip("dask.distributed")
        net = synthetic(n_seekers=4, n_contacts=200, shared_fraction=0.1)
        assert_same_results(run(net, tmp_path, 3, engine="dask", workers=1), net)


def test_results_never_replace_a_dataset(tmp_path, cohort):
    ds = rg.partition(cohort, tmp_path / "ds", buckets=2)
    with pytest.raises(rg.OverwriteError, match="not an earlier results"):
        rg.partitioned_metrics(ds, ds, overwrite=True)
    assert rg.open_dataset(ds).buckets == 2
    result = rg.partitioned_metrics(ds, tmp_path / "m")
    with pytest.raises(rg.OverwriteError, match="not an earlier dataset"):
        rg.partition(cohort, result.path, buckets=1, overwrite=True)


class TestOutcomesBucketByBucket:
    """Funnel and credit computed bucket by bucket equal the in-memory results (issue 24)."""

    @pytest.mark.slow
    def test_equal_to_in_memory(self, tmp_path):
        net = rg.synthetic_cohort(n_seekers=9, n_contacts=2500, seed=5, shared_fraction=0.05)
        ds = rg.partition(net, tmp_path / "ds", buckets=3)
        res = rg.partitioned_metrics(ds, tmp_path / "out", tables=("funnel", "outcome_credit"))
        keys = ["seeker", "opportunity", "position"]
        got = res.outcome_credit().sort_values(keys).reset_index(drop=True)
        want = rg.outcome_credit(net).sort_values(keys).reset_index(drop=True)
        assert len(want) and got[keys + ["contact", "credit"]].equals(want[keys + ["contact", "credit"]])
        fun = rg.funnel(net, replicates=10)
        want_f = fun[fun["seeker"].notna()].set_index("seeker").sort_index()
        got_f = res.funnel().set_index("seeker").sort_index()
        assert list(got_f.columns) == list(want_f.columns)
        for step in rg.analysis.outcomes.FUNNEL_STEPS:
            assert got_f[step].astype("Int64").equals(want_f[step].astype("Int64"))
            if step != "conversations":
                for col in (f"{step}_conversion", f"{step}_median_days", f"{step}_days_n"):
                    pd.testing.assert_series_equal(got_f[col], want_f[col])


def test_an_old_cohort_of_connections_only_is_measured_today(tmp_path, monkeypatch):
    """The archived rule needs dated activity in partitioned datasets too (connection dates are not activity)."""
    monkeypatch.setattr("referralgraph._clock.now", lambda: pd.Timestamp("2026-12-07 09:00"))
    people = pd.DataFrame({"name": ["S1", "Ann"], "is_seeker": ["y", ""], "first_contact": ["", "2025-01-10"]})
    result = run(rg.from_frames(people), tmp_path / "a", 1)
    assert set(result.seeker_summary()["as_of"]) == {pd.Timestamp("2026-12-07")}
    old = rg.from_frames(people, pd.DataFrame({"introducer": ["S1"], "introduced": ["Ann"], "date": ["2025-02-01"]}))
    result = run(old, tmp_path / "b", 1)
    assert set(result.seeker_summary()["as_of"]) == {pd.Timestamp("2025-02-01")}
