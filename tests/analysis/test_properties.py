"""Property tests: the columnar metrics equal the naive NetworkX definitions on random forests."""

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import referralgraph as rg


@st.composite
def forests(draw):
    """1-3 seekers, each with a random tree: contact i is introduced by the seeker or an earlier member."""
    n_seekers = draw(st.integers(1, 3))
    contacts, intros = [], []
    for s in range(n_seekers):
        seeker = f"s{s}"
        contacts.append((seeker, True))
        members = [seeker]
        for i in range(draw(st.integers(0, 14))):
            me = f"c{s}_{i}"
            contacts.append((me, False))
            intros.append((members[draw(st.integers(0, len(members) - 1))], me, seeker))
            members.append(me)
    c = pd.DataFrame(contacts, columns=["id", "is_seeker"]).assign(name=lambda f: f["id"])
    i = pd.DataFrame(intros, columns=["introducer", "introduced", "seeker"])
    return rg.from_frames(c, i if len(i) else None)


pytestmark = pytest.mark.slow  # property tests: hundreds of random networks

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(forests())
def test_descendants_and_generation(net):
    table = rg.contact_metrics(net)
    for seeker in net.seekers:
        T = net.tree(seeker)
        mine = table[table["seeker"] == seeker].set_index("contact")
        dist = nx.single_source_shortest_path_length(T, seeker)
        assert mine["generation"].to_dict() == {v: d for v, d in dist.items() if v != seeker}
        assert mine["descendants"].to_dict() == {v: len(nx.descendants(T, v)) for v in mine.index}
        assert mine["direct_introductions"].to_dict() == {v: T.out_degree(v) for v in mine.index}


@SETTINGS
@given(forests())
def test_structural_virality(net):
    s = rg.seeker_summary(net).set_index("seeker")["structural_virality"]
    for seeker in net.seekers:
        U = net.tree(seeker).to_undirected()
        if len(U) < 2:
            assert np.isnan(s[seeker])
        else:
            assert s[seeker] == pytest.approx(nx.average_shortest_path_length(U))


@SETTINGS
@given(forests())
def test_forest_betweenness(net):
    b = rg.brokers(net).set_index("contact")["betweenness"]
    assert b.to_dict() == pytest.approx(nx.betweenness_centrality(nx.Graph(net.graph.to_undirected())))


@SETTINGS
@given(forests(), st.data())
def test_structure_with_cycles(net, data):
    """Extra introductions between members of one tree create cycles: compare with NetworkX exactly."""
    intros = net.introductions
    members = net.tree_table()
    extra = []
    for seeker, part in members.groupby("seeker"):
        ids = part["contact"].tolist()
        if len(ids) >= 3:
            for _ in range(data.draw(st.integers(0, 3))):
                a, b = data.draw(st.sampled_from(ids)), data.draw(st.sampled_from(ids))
                if a != b and b != seeker:
                    extra.append({"introducer": a, "introduced": b, "seeker": seeker})
    if extra:
        intros = pd.concat([intros[["introducer", "introduced", "seeker"]], pd.DataFrame(extra)], ignore_index=True)
        net = rg.from_frames(net.contacts[["id", "name", "is_seeker"]], intros, strict=False)
    G = nx.Graph(net.graph.to_undirected())
    b = rg.brokers(net).set_index("contact")["betweenness"]
    assert b.to_dict() == pytest.approx(nx.betweenness_centrality(G))
    h = rg.structural_holes(net).set_index("contact")
    ref_c, ref_e = nx.constraint(G), nx.effective_size(G)
    assert h["constraint"].to_dict() == pytest.approx(ref_c, nan_ok=True)
    assert h["effective_size"].to_dict() == pytest.approx(ref_e, nan_ok=True)


@SETTINGS
@given(forests())
def test_invariants(net):
    """Per-generation counts sum to the contacts; a seeker's descendants are all its contacts."""
    summary = rg.seeker_summary(net).set_index("seeker")
    reach = rg.reach_by_generation(net)
    table = rg.contact_metrics(net)
    ix = net.index
    for k, seeker in enumerate(net.seekers):
        contacts = int(summary.loc[seeker, "contacts"])
        assert contacts == int((table["seeker"] == seeker).sum())
        mine = reach[reach["seeker"] == seeker]
        assert int(mine.loc[mine["generation"] > 0, "contacts"].sum()) == contacts
        assert int(ix.descendants[ix.offsets[k]]) == contacts  # the seeker's own row
