"""The per-network facts cache must not keep measured networks alive (one process measures many buckets)."""

import gc
import weakref

import referralgraph as rg


def test_measured_networks_are_freed():
    refs = []
    for seed in range(3):
        net = rg.synthetic_cohort(n_seekers=3, n_contacts=200, seed=seed)
        rg.contact_metrics(net)
        rg.seeker_summary(net)
        rg.growth(net)
        refs.append(weakref.ref(net))
        del net
    gc.collect()
    assert [r() for r in refs] == [None, None, None]


def test_facts_still_cached_while_the_network_lives(small):
    from referralgraph.analysis.facts import facts

    assert facts(small) is facts(small)
    assert facts(small).net is small
