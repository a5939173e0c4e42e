"""The synthetic cohort generator: sizes, seeds, dates, sharing, offspring and parameter checks."""

import numpy as np
import pandas as pd
import pytest

import referralgraph as rg


def _child_rows(ix):
    """Rows whose parent is a contact (not the seeker)."""
    rows = np.flatnonzero(ix.parent >= 0)
    return rows[ix.generation[ix.parent[rows]] >= 1]


class TestSyntheticTables:
    def test_exact_contact_count(self):
        for n in (1, 7, 500, 3000):
            tables = rg.synthetic_tables(n_seekers=4, n_contacts=n, seed=2)
            contacts = tables["contacts"]
            assert (~contacts["is_seeker"]).sum() == n
            assert contacts["is_seeker"].sum() == 4
            assert contacts["id"].is_unique
            # every contact enters exactly one tree when nothing is shared
            assert len(tables["introductions"]) == n

    def test_exact_count_when_trees_die_out(self):
        # no introductions at all: the generator keeps reaching people directly
        tables = rg.synthetic_tables(n_contacts=40, mean_offspring=0.0, direct_contacts=(1, 2), seed=1)
        intro = tables["introductions"]
        assert len(intro) == 40 and (intro["introducer"] == "s001").all()

    def test_exact_count_when_trees_explode(self):
        tables = rg.synthetic_tables(
            n_contacts=300, mean_offspring=5.0, p_met=1.0, p_suggested=0.0, span_days=3650, seed=1
        )
        assert len(tables["contacts"]) == 301

    def test_same_seed_same_tables(self):
        a = rg.synthetic_tables(n_seekers=3, n_contacts=400, shared_fraction=0.1, seed=5)
        b = rg.synthetic_tables(n_seekers=3, n_contacts=400, shared_fraction=0.1, seed=5)
        for name in a:
            pd.testing.assert_frame_equal(a[name], b[name])

    def test_different_seeds_differ(self):
        a = rg.synthetic_tables(n_contacts=400, seed=1)
        b = rg.synthetic_tables(n_contacts=400, seed=2)
        assert not a["introductions"].equals(b["introductions"])

    def test_columns_and_types(self):
        tables = rg.synthetic_tables(n_contacts=50, seed=0)
        assert tables["contacts"].columns.tolist() == [
            "id",
            "name",
            "organization",
            "role",
            "field",
            "first_contact",
            "source",
            "is_seeker",
        ]
        assert tables["introductions"].columns.tolist() == ["introducer", "introduced", "date", "seeker", "status"]
        m = tables["meetings"]
        assert m.columns.tolist() == [
            "contact",
            "date",
            "seeker",
            "kind",
            "asked_for_introductions",
            "thank_you_sent",
            "handwritten_note",
            "questions_prepared",
            "takeaways",
        ]
        assert m["date"].dtype == "datetime64[ns]" and m["asked_for_introductions"].dtype == bool
        assert tables["contacts"].loc[0, "id"] == "s001" and tables["contacts"].loc[1, "id"] == "c0001"

    def test_no_meetings(self):
        tables = rg.synthetic_tables(n_contacts=30, meetings=False)
        assert list(tables) == ["contacts", "introductions"]

    def test_dates_within_span(self):
        tables = rg.synthetic_tables(
            n_seekers=5, n_contacts=2000, start="2026-02-01", span_days=60, shared_fraction=0.1, seed=4
        )
        end = pd.Timestamp("2026-04-02")
        assert tables["introductions"]["date"].between(pd.Timestamp("2026-02-01"), end).all()
        m = tables["meetings"]
        assert m["date"].max() <= end and m["thank_you_sent"].max() <= end
        assert (m["thank_you_sent"].dropna() >= m.loc[m["thank_you_sent"].notna(), "date"]).all()

    def test_thank_you_latencies(self):
        m = rg.synthetic_tables(n_contacts=5000, p_thank_24h=0.7, span_days=3650, seed=3)["meetings"]
        hours = (m["thank_you_sent"] - m["date"]).dt.total_seconds() / 3600
        assert abs((hours <= 24).mean() - 0.7) < 0.03
        assert hours[hours > 24].between(30, 90).all()
        assert abs(hours.isna().mean() - 0.3 * 0.4) < 0.03

    def test_statuses(self):
        intro = rg.synthetic_tables(n_contacts=5000, p_met=0.6, p_suggested=0.2, span_days=3650, seed=3)[
            "introductions"
        ]
        share = intro.loc[intro["introducer"] != intro["seeker"], "status"].value_counts(normalize=True)
        assert abs(share["suggested"] - 0.2) < 0.03
        assert abs(share["met"] - 0.6) < 0.03
        assert set(intro.loc[intro["introducer"] == intro["seeker"], "status"]) <= {"met", "introduced"}

    def test_field_homophily(self):
        tables = rg.synthetic_tables(n_contacts=5000, homophily=0.9, seed=3)
        field = tables["contacts"].set_index("id")["field"]
        intro = tables["introductions"].query("introducer != seeker")
        same = (field.reindex(intro["introducer"]).to_numpy() == field.reindex(intro["introduced"]).to_numpy()).mean()
        assert same > 0.9  # 0.9 copied plus chance matches

    def test_empty(self):
        tables = rg.synthetic_tables(n_seekers=2, n_contacts=0)
        assert len(tables["contacts"]) == 2 and tables["contacts"]["is_seeker"].all()
        assert tables["introductions"].empty and tables["meetings"].empty
        assert tables["introductions"].columns.tolist() == ["introducer", "introduced", "date", "seeker", "status"]

    def test_offspring_callable(self):
        tables = rg.synthetic_tables(n_contacts=300, offspring=lambda rng, mean: np.zeros(len(mean), int), seed=1)
        intro = tables["introductions"]
        assert (intro["introducer"] == intro["seeker"]).all()


class TestSyntheticTablesErrors:
    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"n_contacts": -1}, ValueError, r"n_contacts must be an integer >= 0 \(got -1\)"),
            ({"n_contacts": 1.5}, TypeError, r"n_contacts must be an integer \(got 1.5"),
            ({"n_seekers": 0}, ValueError, r"n_seekers must be an integer >= 1 \(got 0\)"),
            ({"offspring": "zipf"}, ValueError, r"offspring must be 'negbin', 'poisson' or a callable \(got 'zipf'\)"),
            ({"mean_offspring": -0.5}, ValueError, r"mean_offspring must be a finite number >= 0"),
            ({"dispersion": 0}, ValueError, r"dispersion must be a finite number > 0 \(got 0\)"),
            ({"direct_contacts": (5, 2)}, ValueError, r"direct_contacts must be .* \(got \(5, 2\)\)"),
            ({"start": "someday"}, ValueError, r"start must be a date such as '2026-01-01' \(got 'someday'\)"),
            ({"span_days": 0}, ValueError, r"span_days must be a finite number >= 1"),
            ({"delay_days": float("nan")}, ValueError, r"delay_days must be a finite number"),
            ({"p_met": 1.2}, ValueError, r"p_met must be a finite number from 0 to 1 \(got 1.2\)"),
            ({"p_met": 0.8, "p_suggested": 0.3}, ValueError, r"p_met \+ p_suggested must be <= 1"),
            ({"shared_fraction": 0.1}, ValueError, r"shared_fraction > 0 needs n_seekers >= 2"),
            ({"seed": -3}, ValueError, r"seed must be an integer >= 0 or None \(got -3\)"),
        ],
    )
    def test_bad_parameters(self, kwargs, error, match):
        with pytest.raises(error, match=match):
            rg.synthetic_tables(**kwargs)

    def test_bad_offspring_callable(self):
        with pytest.raises(ValueError, match=r"offspring callable must return \d+ non-negative integers"):
            rg.synthetic_tables(n_contacts=50, offspring=lambda rng, mean: -np.ones(len(mean), int))

    def test_keyword_only(self):
        with pytest.raises(TypeError):
            rg.synthetic_tables(1, 100)


class TestSyntheticCohort:
    def test_loads_cleanly(self):
        net = rg.synthetic_cohort(n_seekers=10, n_contacts=3000, shared_fraction=0.05, seed=8)
        assert net.problems.empty
        assert len(net.seekers) == 10 and len(net) == 3010

    def test_dates_increase_down_every_branch(self):
        net = rg.synthetic_cohort(n_seekers=5, n_contacts=5000, shared_fraction=0.05, seed=9)
        ix = net.index
        rows = _child_rows(ix)
        assert len(rows) > 1000
        assert (ix.date[rows] >= ix.date[ix.parent[rows]]).all()
        assert not np.isnat(ix.date[ix.generation >= 1]).any()

    def test_introduced_after_introducers_meeting(self):
        net = rg.synthetic_cohort(n_seekers=3, n_contacts=2000, seed=9)
        intro = net.introductions.query("introducer != seeker")
        first = net.meetings.groupby(["seeker", "contact"])["date"].min().dt.normalize()
        met_on = first.reindex(pd.MultiIndex.from_arrays([intro["seeker"], intro["introducer"]])).to_numpy()
        assert not np.isnat(met_on).any()  # only met contacts introduce
        assert (intro["date"].to_numpy() >= met_on).all()

    def test_shared_contacts_in_several_trees(self):
        net = rg.synthetic_cohort(n_seekers=6, n_contacts=2000, shared_fraction=0.1, seed=3)
        trees = net.tree_table()
        per_contact = trees.groupby("contact")["seeker"].nunique()
        assert (per_contact >= 2).sum() == 200  # 10 % of 2000, each in one or two more trees
        assert per_contact.max() <= 3
        assert net.duplicate_introductions.empty
        intro = net.introductions
        assert not intro.duplicated(["seeker", "introduced"]).any()

    def test_no_sharing_by_default(self):
        net = rg.synthetic_cohort(n_seekers=6, n_contacts=1000, seed=3)
        assert net.tree_table().groupby("contact")["seeker"].nunique().max() == 1

    @pytest.mark.parametrize("offspring", ["negbin", "poisson"])
    def test_mean_offspring_of_met_contacts(self, offspring):
        # a long span, so that almost no introduction is cut off by the end of the period
        net = rg.synthetic_cohort(
            n_seekers=20,
            n_contacts=20_000,
            offspring=offspring,
            mean_offspring=1.2,
            start="2000-01-01",
            span_days=7300,
            seed=11,
        )
        ix = net.index
        met = (ix.status == 3) & (ix.generation >= 1)
        assert abs(ix.children[met].mean() - 1.2) < 0.06

    def test_many_generations(self):
        net = rg.synthetic_cohort(n_contacts=2000, seed=1)
        assert net.index.generation.max() >= 5

    def test_empty(self):
        net = rg.synthetic_cohort(n_contacts=0)
        assert net.seekers == ["s001"] and len(net) == 1 and net.problems.empty
