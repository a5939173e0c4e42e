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


class TestOpportunitiesOnTheMap:
    """Paths to opportunities, opportunities in tooltips and in the side panel's data (issue 24)."""

    def test_chains_are_the_credited_chains(self):
        net = rg.demo()
        p = rg.network_map(net).payload
        names = p.nodes["name"]
        credit = rg.outcome_credit(net, stage="lead")
        for o in p.opportunities:
            seeker, *people = o["chain"]
            assert p.nodes["kind"][seeker] == 1
            want = credit[credit["opportunity"] == o["name"]].sort_values("position")["name"].tolist()
            assert [names[i] for i in people] == want
            assert o["node"] == (o["chain"][-1] if people else -1)
        kitewell = next(o for o in p.opportunities if o["organization"] == "Kitewell")
        assert [names[i] for i in kitewell["chain"]][1:] == [
            "Priya Kapoor",
            "Marcus Okoye",
            "Elena Rossi",
            "Jamal Hassan",
            "Nina Sato",
            "Grace Lee",
            "Omar Farah",
        ]
        assert kitewell["rank"] == 3 and kitewell["text"] == "Interview, Kitewell, Associate UX Researcher (2026-09-18)"
        sparrow = next(o for o in p.opportunities if o["organization"] == "Sparrow Health")
        assert sparrow["text"].startswith(
            "Interview (then rejected), Sparrow Health"
        )  # furthest stage, then how it closed

    def test_tooltips_name_the_opportunities(self):
        p = rg.network_map(rg.demo()).payload
        at = {c: i for i, c in enumerate(p.nodes["cid"])}
        assert "Opportunities: Interview, Kitewell, Associate UX Researcher (2026-09-18)" in p.tooltip_lines(
            at["omar-f"]
        )
        assert "On the chain to: Interview, Kitewell, Associate UX Researcher (2026-09-18)" in p.tooltip_lines(
            at["priya-k"]
        )
        seeker = [line for line in p.tooltip_lines(at["maya"]) if line.startswith("Opportunities: ")]
        assert seeker and seeker[0].endswith("; and 2 more")  # five opportunities, three named
        nobody = p.tooltip_lines(at["beth-a"])
        assert not any(line.startswith(("Opportunities", "On the chain to")) for line in nobody)

    def test_no_opportunities_no_lines(self):
        tables = rg.demo_tables()
        del tables["opportunities"]
        p = rg.network_map(rg.from_frames(**tables)).payload
        assert p.opportunities == [] and "Opportunities" not in p.tips
        assert p.to_json()["opportunities"] == []

    def test_aggregate_maps_have_none(self):
        p = rg.network_map(rg.demo(), aggregate="organization").payload
        assert p.opportunities == [] and "Opportunities" not in p.tips

    def test_as_of_leaves_later_steps_out(self):
        p = rg.network_map(rg.demo(), as_of="2026-08-01").payload
        assert {o["organization"] for o in p.opportunities} == {"Sparrow Health", "Northwind Apps"}
