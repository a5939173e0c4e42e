"""Mixing across introductions and recruitment homophily, against direct computation on small trees."""

import itertools
import math

import numpy as np
import pandas as pd
import pytest

import referralgraph as rg
from referralgraph.exceptions import OptionError, SeekerNotFound


def direct_table(net, by, seeker=None):
    """R's count.transitions, written out: one (recruiter value, recruit value) per tree edge with a recruiter."""
    contacts = net.contacts.set_index("id")
    pairs = []
    for s in [seeker] if seeker else net.seekers:
        T = net.tree(s)
        for u, v in T.edges():
            if u == s:
                continue  # seeds: the seeker's own contacts have no recruiter
            x, y = contacts.at[u, by], contacts.at[v, by]
            if isinstance(x, str) and x.strip() and isinstance(y, str) and y.strip():
                pairs.append((x.strip().casefold(), y.strip().casefold()))
    return pairs


def cohort_net():
    contacts = pd.DataFrame(
        {
            "id": ["s1", "s2", "a", "b", "c", "d", "e", "f", "g"],
            "name": ["S1", "S2", "A", "B", "C", "D", "E", "F", "G"],
            "is_seeker": ["yes", "yes", "", "", "", "", "", "", ""],
            "field": [None, None, "Data", "Data", "Design", "design ", None, "Data", "HR"],
        }
    )
    intros = pd.DataFrame(
        {
            "introducer": ["s1", "a", "a", "b", "c", "s2", "d", "d", "f"],
            "introduced": ["a", "b", "c", "e", "g", "d", "f", "a", "g"],
            "seeker": ["s1", "s1", "s1", "s1", "s1", "s2", "s2", "s2", "s2"],
        }
    )
    return rg.from_frames(contacts, intros)


class TestMixingMatrix:
    def test_against_direct_count(self):
        net = cohort_net()
        m = rg.mixing_matrix(net, by="field")
        pairs = direct_table(net, "field")
        assert m.attrs["introductions"] == len(pairs) == int(m.to_numpy().sum())
        for (x, y), n in pd.Series(pairs).value_counts().items():
            row = [i for i in m.index if i.casefold() == x][0]
            col = [j for j in m.columns if j.casefold() == y][0]
            assert m.loc[row, col] == n

    def test_r_semantics(self):
        m = rg.mixing_matrix(cohort_net(), by="field")
        # square, same sorted levels for rows and columns, named as recruiter -> recruit
        assert list(m.index) == list(m.columns) == ["Data", "Design", "HR"]
        assert m.index.name == "introducer" and m.columns.name == "introduced"
        # b -> e: e has no field, left out and counted as unknown
        assert m.attrs["unknown"] == 1
        # HR never introduced anyone: a row of zeros (RDS would write 0.1)
        assert m.loc["HR"].tolist() == [0, 0, 0]

    def test_normalize(self):
        m = rg.mixing_matrix(cohort_net(), by="field", normalize=True)
        assert np.allclose(m.loc[["Data", "Design"]].sum(axis=1), 1.0)
        assert m.loc["HR"].isna().all()

    def test_one_seeker(self):
        net = cohort_net()
        m = rg.mixing_matrix(net, by="field", seeker="s2")
        assert int(m.to_numpy().sum()) == len(direct_table(net, "field", "s2")) == 3

    def test_other_columns(self, small):
        m = rg.mixing_matrix(small, by="organization")
        # Ann -> Bo (Acme -> "acme "), Ann -> Cy and Bo -> Ed (Acme -> Globex); Di is a direct contact
        assert m.loc["Acme", "Acme"] == 1 and m.loc["Acme", "Globex"] == 2
        assert list(m.index) == ["Acme", "Globex", "Initech"] and int(m.to_numpy().sum()) == 3

    def test_bad_column(self, small):
        with pytest.raises(OptionError, match="by must be a column of the contacts table.*got 'colour'"):
            rg.mixing_matrix(small, by="colour")

    def test_bad_seeker(self, small):
        with pytest.raises(SeekerNotFound):
            rg.mixing_matrix(small, by="field", seeker="ann")

    def test_not_a_network(self):
        with pytest.raises(TypeError, match="must be a ReferralNetwork"):
            rg.mixing_matrix(pd.DataFrame(), by="field")

    def test_empty_and_lonely(self, lonely, empty):
        for net in (lonely, empty):
            m = rg.mixing_matrix(net, by="name")
            assert m.attrs["introductions"] == 0 and int(m.to_numpy().sum()) == 0

    def test_no_introductions_between_contacts(self):
        net = rg.from_frames(
            pd.DataFrame({"name": ["Me", "Ann"], "is_seeker": ["y", ""], "field": ["", "Data"]}),
            pd.DataFrame({"introducer": ["Me"], "introduced": ["Ann"]}),
        )
        m = rg.mixing_matrix(net, by="field")
        assert m.shape == (1, 1) and m.iat[0, 0] == 0 and m.attrs["introductions"] == 0

    def test_does_not_change_the_network(self):
        net = cohort_net()
        before = net.contacts
        rg.mixing_matrix(net, by="field", normalize=True)
        pd.testing.assert_frame_equal(net.contacts, before)

    def test_deep_chain(self):
        n = 100_000
        ids = [f"p{k}" for k in range(n)]
        contacts = pd.DataFrame(
            {
                "id": ["me"] + ids,
                "name": ["me"] + ids,
                "is_seeker": ["y"] + [""] * n,
                "field": [None] + ["A" if k % 2 else "B" for k in range(n)],
            }
        )
        intros = pd.DataFrame({"introducer": ["me"] + ids[:-1], "introduced": ids})
        m = rg.mixing_matrix(rg.from_frames(contacts, intros), by="field")
        assert m.loc["A", "B"] + m.loc["B", "A"] == n - 1 and m.loc["A", "A"] == 0


def direct_homophily(pairs):
    T = len(pairs)
    same = sum(x == y for x, y in pairs)
    r = pd.Series([x for x, _ in pairs]).value_counts()
    c = pd.Series([y for _, y in pairs]).value_counts()
    expected = sum(r.get(v, 0) * c.get(v, 0) for v in set(r.index) | set(c.index)) / T / T
    return T, same, same / T, expected


class TestHomophily:
    def test_against_direct(self):
        net = cohort_net()
        h = rg.homophily(net, by="field")
        assert h["seeker"].tolist()[:2] == ["s1", "s2"] and h["seeker"].isna().tolist() == [False, False, True]
        for i, s in enumerate(net.seekers):
            T, same, obs, exp = direct_homophily(direct_table(net, "field", s))
            row = h.iloc[i]
            assert row["introductions"] == T and row["same"] == same
            assert row["observed_same"] == pytest.approx(obs) and row["expected_same"] == pytest.approx(exp)
            assert row["ratio"] == pytest.approx(obs / exp)

    def test_network_row_is_stratified(self):
        h = rg.homophily(cohort_net(), by="field")
        net_row = h.iloc[-1]
        per = h.iloc[:-1]
        assert net_row["introductions"] == per["introductions"].sum()
        assert net_row["expected_same"] == pytest.approx(
            (per["expected_same"] * per["introductions"]).sum() / per["introductions"].sum()
        )

    def test_p_value_matches_permutations(self):
        rng = np.random.default_rng(3)
        n = 400
        fields = rng.choice(["A", "B", "C"], size=n + 1)
        parent = [0] + [int(rng.integers(0, k)) for k in range(1, n + 1)]
        ids = [f"p{k}" for k in range(n + 1)]
        contacts = pd.DataFrame(
            {"id": ["me"] + ids, "name": ["me"] + ids, "is_seeker": ["y"] + [""] * (n + 1), "field": [None, *fields]}
        )
        intros = pd.DataFrame({"introducer": ["me"] + [ids[parent[k]] for k in range(1, n + 1)], "introduced": ids})
        # make it homophilous: children copy their parent's field half of the time
        for k in range(1, n + 1):
            if rng.random() < 0.15:
                contacts.loc[contacts["id"] == ids[k], "field"] = fields[parent[k]]
        net = rg.from_frames(contacts, intros)
        h = rg.homophily(net, by="field").iloc[0]
        pairs = direct_table(net, "field")
        a = np.array([x for x, _ in pairs])
        b = np.array([y for _, y in pairs])
        sims = np.array([(a == rng.permutation(b)).sum() for _ in range(4000)])
        mean = sims.mean()
        p_perm = np.mean(np.abs(sims - mean) >= abs(h["same"] - mean) - 1e-9)
        assert h["expected_same"] * h["introductions"] == pytest.approx(mean, rel=0.02)
        assert h["p_value"] == pytest.approx(p_perm, abs=0.02)

    def test_strong_homophily_has_small_p(self):
        net = rg.synthetic_cohort(n_seekers=2, n_contacts=2000, homophily=0.9, seed=1)
        h = rg.homophily(net, by="field")
        assert (h["ratio"] > 1.5).all() and (h["p_value"] < 1e-6).all()

    def test_one_seeker(self):
        h = rg.homophily(cohort_net(), by="field", seeker="s2")
        assert h["seeker"].tolist() == ["s2"] and h["introductions"].tolist() == [3]

    def test_empty_is_nan(self, lonely, empty):
        h = rg.homophily(lonely, by="name")
        assert h["introductions"].tolist() == [0, 0]
        assert h[["observed_same", "expected_same", "ratio", "p_value"]].isna().all().all()
        assert len(rg.homophily(empty, by="name")) == 1

    def test_one_value_everywhere(self):
        net = rg.from_frames(
            pd.DataFrame({"name": ["Me", "A", "B", "C"], "is_seeker": ["y", "", "", ""], "field": ["", "X", "x", "X"]}),
            pd.DataFrame({"introducer": ["A", "B"], "introduced": ["B", "C"]}),
        )
        row = rg.homophily(net).iloc[0]
        assert row["observed_same"] == 1.0 and row["expected_same"] == 1.0 and row["p_value"] == 1.0

    def test_bad_column(self, small):
        with pytest.raises(OptionError, match="by must be a column"):
            rg.homophily(small, by="nope")

    def test_as_of(self, small):
        early = rg.homophily(small, by="organization", as_of="2026-01-11")
        assert early["introductions"].iloc[0] == 1  # only Ann -> Bo by then


def test_variance_formula_is_exact_for_tiny_case():
    """All permutations of 5 introduced values: the mean and variance the p-value uses are exact."""
    from referralgraph.analysis.mixing import _sums

    a = np.array([0, 0, 1, 1, 2])
    b = np.array([0, 1, 1, 2, 2])
    counts = np.array([(a == b[list(p)]).sum() for p in itertools.permutations(range(5))])
    T, S, mean, var = _sums(np.zeros(5, np.int64), a, b, 1, 3)
    assert mean[0] == pytest.approx(counts.mean()) and var[0] == pytest.approx(counts.var())
    assert math.isclose(S[0], 3)
