"""Forecast: offspring fit, extinction probabilities, the simulation, what-ifs and the backtest."""

import math

import numpy as np
import pandas as pd
import pytest

import referralgraph as rg
from referralgraph.analysis.forecast import BACKTEST_COLUMNS, FORECAST_COLUMNS


def crafted(fresh_day="2026-03-01"):
    """Twelve contacts A met on Jan 1, each introduced B two days later, met a day after; Z met on ``fresh_day``.

    Every meeting-to-introduction delay is 2 days and every introduction-to-meeting
    delay 1 day, so the simulation's timing is deterministic; on ``fresh_day`` only Z
    still has introductions to make.
    """
    n = 12
    a = [f"A{i}" for i in range(n)]
    b = [f"B{i}" for i in range(n)]
    contacts = pd.DataFrame({"name": ["Me"] + a + b + ["Z"], "is_seeker": ["y"] + [""] * (2 * n + 1)})
    intros = pd.DataFrame({"introducer": a, "introduced": b, "date": ["2026-01-03"] * n})
    meetings = pd.DataFrame({"contact": a + b + ["Z"], "date": ["2026-01-01"] * n + ["2026-01-04"] * n + [fresh_day]})
    return rg.from_frames(contacts, intros, meetings)


def small():
    contacts = pd.DataFrame({"name": ["Me", "Ann", "Bo", "Cy"], "is_seeker": ["y", "", "", ""]})
    intros = pd.DataFrame(
        {"introducer": ["Ann", "Ann"], "introduced": ["Bo", "Cy"], "date": ["2026-03-10", "2026-03-20"]}
    )
    meetings = pd.DataFrame(
        {"contact": ["Ann", "Bo"], "date": ["2026-03-02", "2026-03-15"], "asked_for_introductions": ["yes", "no"]}
    )
    return rg.from_frames(contacts, intros, meetings)


NO_COLD = rg.WhatIf(conversion=1.0, new_contacts_per_week=0)


def uncapped(family, count, mean=1.5):
    """Synthetic seekers with known offspring law whose history runs to the end of the span.

    The generator stops at exactly ``n_contacts`` by leaving out the later
    introductions of one generation (and adds waves of direct contacts when trees
    die out, the last of which gets cut that way); histories that end early or had
    many waves are skipped, since that cut is not a censoring in time the model
    could know about and biases the mean down.
    """
    out = []
    for seed in range(1000, 1100):
        net = rg.synthetic_cohort(
            n_seekers=1,
            n_contacts=1500,
            offspring=family,
            mean_offspring=mean,
            dispersion=0.5,
            p_ask=1.0,
            p_thank_24h=1.0,
            span_days=150,
            seed=seed,
        )
        direct = int((net.index.generation == 1).sum())
        if direct <= 70 and net.introductions["date"].max() >= pd.Timestamp("2026-01-01") + pd.Timedelta(days=148):
            out.append(net)
            if len(out) == count:
                return out
    raise AssertionError("the synthetic generator no longer gives uncapped histories")


class TestExtinctionProbability:
    def test_poisson_two(self):
        assert rg.extinction_probability("poisson", mean=2.0) == pytest.approx(0.2031878700, abs=1e-9)

    @pytest.mark.parametrize("m", [1.5, 2.0, 4.0, 10.0])
    def test_geometric_closed_form(self, m):
        # f(s) = 1 / (1 + m (1 - s)) has roots 1 and 1/m
        assert rg.extinction_probability("geometric", mean=m) == pytest.approx(1 / m, abs=1e-10)
        assert rg.extinction_probability("negbin", mean=m, dispersion=1.0) == pytest.approx(1 / m, abs=1e-10)

    def test_negbin_shape_two_closed_form(self):
        # k = 2, m = 4: q = (1 + 2 (1 - q))**-2, i.e. (3 - 2q)^2 q = 1
        q = rg.extinction_probability("negbin", mean=4.0, dispersion=2.0)
        assert q == pytest.approx((1 + 4 * (1 - q) / 2) ** -2, abs=1e-12)
        # (3 - 2q)^2 q - 1 = 0 factors as (q - 1)(4q^2 - 8q + 1): smallest root (2 - sqrt(3)) / 2
        assert q == pytest.approx((2 - math.sqrt(3)) / 2, abs=1e-10)

    @pytest.mark.parametrize("family,k", [("poisson", None), ("negbin", 0.3), ("geometric", None)])
    @pytest.mark.parametrize("m", [0.0, 0.5, 1.0])
    def test_subcritical_and_critical_die_out(self, family, k, m):
        assert rg.extinction_probability(family, mean=m, dispersion=k) == 1.0

    def test_near_critical_converges(self):
        q = rg.extinction_probability("poisson", mean=1.01)
        assert q == pytest.approx(math.exp(1.01 * (q - 1)), abs=1e-12) and q < 1

    def test_from_a_fit(self):
        fit = rg.fit_offspring(crafted(), prior=(2.0, None), min_history=1000)
        assert fit.extinction_probability(conversion=1.0) == pytest.approx(0.2031878700, abs=1e-9)
        assert rg.extinction_probability(fit) == pytest.approx(0.2031878700, abs=1e-9)
        assert fit.extinction_probability() == pytest.approx(
            rg.extinction_probability("poisson", mean=2.0 * fit.conversion)
        )

    def test_errors(self):
        with pytest.raises(rg.ReferralGraphError, match="law must be an OffspringFit or one of"):
            rg.extinction_probability("binomial", mean=2.0)
        with pytest.raises(ValueError, match=r"mean must be a finite number >= 0 \(got None\)"):
            rg.extinction_probability("poisson")
        with pytest.raises(ValueError, match="the negbin family needs dispersion"):
            rg.extinction_probability("negbin", mean=2.0)
        with pytest.raises(ValueError, match=r"dispersion must be a number > 0 \(got -1\)"):
            rg.extinction_probability("negbin", mean=2.0, dispersion=-1)


class TestFitOffspring:
    def test_recovers_poisson(self):
        fits = [rg.fit_offspring(net, prior=None) for net in uncapped("poisson", 3)]
        for fit in fits:
            assert fit.own_mean == pytest.approx(1.5, rel=0.15)

    def test_recovers_negbin(self):
        for net in uncapped("negbin", 3):
            fit = rg.fit_offspring(net, prior=None)
            assert fit.family == "negbin"
            assert fit.mean == pytest.approx(1.5, rel=0.15)
            assert 0.3 < fit.dispersion < 0.75  # true shape 0.5

    @pytest.mark.slow
    def test_family_choice_rate(self):
        right = sum(
            rg.fit_offspring(net, prior=None).family == family
            for family in ("poisson", "negbin")
            for net in uncapped(family, 6)
        )
        assert right >= 10  # of 12: AIC picks the negative binomial for Poisson data ~8% of the time

    def test_cohort_prior_and_shrinkage(self):
        net = rg.synthetic_cohort(
            n_seekers=20, n_contacts=2000, offspring="negbin", mean_offspring=1.2, dispersion=0.8, seed=5
        )
        fit = rg.fit_offspring(net, seeker=net.seekers[0])
        assert fit.prior_source == "cohort"
        assert 0 < fit.weight < 1
        assert fit.mean == pytest.approx(fit.weight * fit.own_mean + (1 - fit.weight) * fit.prior_mean)
        one = rg.fit_offspring(small())
        assert one.prior_source == "default" and (one.prior_mean, one.prior_dispersion) == (1.0, 1.0)

    def test_thin_history_uses_the_prior(self):
        fit = rg.fit_offspring(small(), prior=(2.5, 0.7))
        assert fit.n < 5 and fit.weight == 0.0
        assert (fit.family, fit.mean, fit.dispersion) == ("negbin", 2.5, 0.7)

    def test_right_censoring_exposure(self):
        # Z was met on the last day: no time to introduce yet, so no weight in the fit
        fit = rg.fit_offspring(crafted(), prior=None)
        assert fit.n == 24 and fit.introductions == 12
        assert fit.exposure == pytest.approx(24.0)  # every A and B has had more than 2 days
        assert fit.delay_source == "seeker" and fit.delay_median_days == 2.0
        assert fit.meet_delay_median_days == 1.0

    def test_as_of_hides_the_future(self):
        net = crafted()
        early = rg.fit_offspring(net, as_of="2026-01-02", prior=None)
        assert early.introductions == 0 and early.n == 12

    def test_pgf_and_sample(self):
        fit = rg.fit_offspring(small(), prior=(2.0, None))
        assert fit.pgf(1.0) == pytest.approx(1.0)
        assert fit.pgf(0.0) == pytest.approx(math.exp(-2.0))
        draws = fit.sample(np.random.default_rng(0), 20000)
        assert draws.mean() == pytest.approx(2.0, rel=0.03)
        with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
            fit.sample(0, 3)

    def test_errors(self):
        with pytest.raises(rg.SeekerNotFound, match="'Ann' is a contact but not a seeker"):
            rg.fit_offspring(small(), seeker="Ann")
        with pytest.raises(ValueError, match="prior must be 'cohort', None or a"):
            rg.fit_offspring(small(), prior="flat")
        with pytest.raises(ValueError, match="as_of must be a date"):
            rg.fit_offspring(small(), as_of="soon")
        with pytest.raises(TypeError, match="expected a ReferralNetwork"):
            rg.fit_offspring(pd.DataFrame())


class TestForecast:
    def test_columns_and_attrs(self):
        table = rg.forecast(small(), weeks=5, simulations=300)
        assert table.columns.tolist() == FORECAST_COLUMNS
        assert table["week"].tolist() == list(range(6))
        assert table["date"].iloc[0] == pd.Timestamp("2026-03-20")
        assert (table["date"].diff().dropna() == pd.Timedelta(days=7)).all()
        assert {"fit", "extinction_probability", "history", "conversion", "new_contacts_per_week"} <= set(table.attrs)
        assert (table["low"] <= table["median"]).all() and (table["median"] <= table["high"]).all()
        assert table["median"].is_monotonic_increasing

    def test_same_seed_same_table(self):
        net = rg.synthetic_cohort(n_seekers=1, n_contacts=200, seed=4)
        a = rg.forecast(net, simulations=500, seed=7)
        b = rg.forecast(net, simulations=500, seed=7)
        pd.testing.assert_frame_equal(a, b)
        c = rg.forecast(net, simulations=500, seed=8)
        assert not a["mean"].equals(c["mean"])

    def test_simulated_extinction_matches_q(self):
        for prior, q in (((2.0, None), 0.2031878700), ((3.0, 1.0), 1 / 3)):
            table = rg.forecast(
                crafted(), prior=prior, min_history=1000, weeks=6, simulations=4000, seed=1, what_if=NO_COLD
            )
            assert table.attrs["extinction_probability"] == pytest.approx(q, abs=1e-9)
            # four standard errors of a frequency from 4000 simulations
            assert table["p_extinct"].iloc[-1] == pytest.approx(q, abs=4 * math.sqrt(q * (1 - q) / 4000))

    def test_subcritical_dies_out(self):
        table = rg.forecast(crafted(), prior=(0.8, None), min_history=1000, weeks=8, simulations=1000, what_if=NO_COLD)
        assert table.attrs["extinction_probability"] == 1.0
        assert table["p_extinct"].iloc[-1] > 0.99

    def test_expected_growth_of_a_fresh_contact(self):
        # Z meets people who each introduce Poisson(2) every 3 days: mean contacts after d days is known
        table = rg.forecast(crafted(), prior=(2.0, None), min_history=1000, weeks=1, simulations=4000, what_if=NO_COLD)
        # introductions on days 2 (Z's), 5 (their 2x2 = 4)... by day 7: 2 + 4 = 6 new contacts expected
        assert table["mean"].iloc[-1] - table["mean"].iloc[0] == pytest.approx(6.0, rel=0.05)

    def test_what_if(self):
        net = rg.synthetic_cohort(n_seekers=1, n_contacts=300, seed=9)
        base = rg.forecast(net, simulations=500)
        more = rg.forecast(net, simulations=500, what_if=rg.WhatIf(new_contacts_per_week=5))
        assert more.attrs["new_contacts_per_week"] == 5.0
        assert more["mean"].iloc[-1] > base["mean"].iloc[-1]
        asked = rg.forecast(net, simulations=500, what_if=rg.WhatIf(ask_every_contact=True))
        assert asked.attrs["reproduction_number"] > base.attrs["reproduction_number"]
        high = rg.forecast(net, simulations=500, what_if=rg.WhatIf(conversion=1.0))
        assert high.attrs["conversion"] == 1.0

    def test_ask_without_data_warns(self):
        contacts = pd.DataFrame({"name": ["Me", "Ann"], "is_seeker": ["y", ""]})
        net = rg.from_frames(contacts, None, pd.DataFrame({"contact": ["Ann"], "date": ["2026-03-01"]}))
        with pytest.warns(UserWarning, match="cannot measure what asking for introductions is worth"):
            rg.forecast(net, weeks=2, simulations=50, what_if=rg.WhatIf(ask_every_contact=True))

    def test_network_not_changed(self):
        net = small()
        before = (net.contacts, net.introductions, net.meetings)
        rg.forecast(net, weeks=2, simulations=50)
        for a, b in zip(before, (net.contacts, net.introductions, net.meetings)):
            pd.testing.assert_frame_equal(a, b)

    def test_errors(self):
        net = small()
        with pytest.raises(ValueError, match=r"weeks must be an integer >= 1 \(got 0\)"):
            rg.forecast(net, weeks=0)
        with pytest.raises(ValueError, match=r"simulations must be an integer >= 1 \(got 2.5\)"):
            rg.forecast(net, simulations=2.5)
        with pytest.raises(ValueError, match="seed must be a non-negative integer or None"):
            rg.forecast(net, seed=-1)
        with pytest.raises(TypeError, match="what_if must be a WhatIf"):
            rg.forecast(net, what_if={"conversion": 0.8})
        with pytest.raises(rg.SeekerNotFound, match="'nobody' is not in the network"):
            rg.forecast(net, seeker="nobody")
        with pytest.raises(ValueError, match=r"conversion must be a number between 0 and 1 \(got 1.5\)"):
            rg.WhatIf(conversion=1.5)
        with pytest.raises(ValueError, match="new_contacts_per_week must be a number >= 0"):
            rg.WhatIf(new_contacts_per_week=-2)
        with pytest.raises(ValueError, match="ask_every_contact must be True or False"):
            rg.WhatIf(ask_every_contact="yes")

    def test_empty(self):
        with pytest.raises(rg.SeekerNotFound, match="the network has 0 seekers"):
            rg.forecast(rg.from_frames(pd.DataFrame({"name": []})))
        alone = rg.from_frames(pd.DataFrame({"name": ["Me"], "is_seeker": ["y"]}))
        table = rg.forecast(alone, weeks=3, simulations=20, as_of="2026-03-01")
        assert table["median"].tolist() == [0, 0, 0, 0]
        assert table.attrs["extinction_probability"] == 1.0


class TestBacktest:
    def test_columns_and_summary(self):
        net = rg.synthetic_cohort(n_seekers=1, n_contacts=200, seed=3)
        bt = rg.backtest(net, simulations=300)
        assert bt.columns.tolist() == BACKTEST_COLUMNS
        s = bt.attrs["summary"]
        assert 0 <= s["coverage"] <= 1 and s["mape"] >= 0
        assert bt["actual"].iloc[0] == bt["median"].iloc[0]  # the cut is known
        assert bt["actual"].is_monotonic_increasing
        assert (bt["inside_interval"] == ((bt["low"] <= bt["actual"]) & (bt["actual"] <= bt["high"]))).all()

    def test_only_the_past_is_used(self):
        net = rg.synthetic_cohort(n_seekers=1, n_contacts=200, seed=3)
        bt = rg.backtest(net, simulations=200, weeks=2)
        cut = bt.attrs["summary"]["cutoff"]
        fit_at_cut = rg.fit_offspring(net, as_of=cut)
        assert bt.attrs["forecast"].attrs["fit"] == fit_at_cut

    @pytest.mark.slow
    def test_coverage_over_a_cohort(self):
        net = rg.synthetic_cohort(n_seekers=12, n_contacts=1500, seed=31)
        inside = [rg.backtest(net, seeker=s, simulations=300).attrs["summary"]["coverage"] for s in net.seekers]
        assert 0.5 <= float(np.mean(inside)) <= 1.0

    def test_errors(self):
        net = small()
        with pytest.raises(ValueError, match=r"split must be a number strictly between 0 and 1 \(got 1\)"):
            rg.backtest(net, split=1)
        with pytest.raises(ValueError, match="a backtest needs a dated history of at least 14 days"):
            rg.backtest(rg.from_frames(pd.DataFrame({"name": ["Me", "Ann"], "is_seeker": ["y", ""]})))
