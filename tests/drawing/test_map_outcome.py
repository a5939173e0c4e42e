"""network_map(color_by="outcome") (issue 24): people coloured by the furthest opportunity their chain led to."""

import pytest

import referralgraph as rg


def test_colours_the_chains_to_interviews():
    m = rg.network_map(rg.demo(), color_by="outcome")
    legend = {item["label"]: item["count"] for item in m._payload.legend}
    # Kitewell (7 people) and Sparrow Health (4) reached interviews; Trellis Talent's lead went to application
    assert legend["On the chain to an interview"] == 11
    assert legend["On the chain to an application"] == 1
    assert legend["Not on an opportunity's chain yet"] == 85 - 12


def test_not_with_aggregates():
    with pytest.raises(rg.OptionError, match="color_by='outcome'"):
        rg.network_map(rg.demo(), color_by="outcome", aggregate="organization")
