"""Graph exports carry credit per person when opportunities are recorded (issue 24)."""

import json

import referralgraph as rg


def test_node_link_graphml_gexf_carry_credit(tmp_path):
    net = rg.demo()
    nodes = {n["id"]: n for n in rg.to_node_link(net)["nodes"]}
    want = rg.outcome_credit(net, by="contact").set_index("contact")["credit"]
    assert abs(nodes["omar-f"]["outcome_credit"] - want["omar-f"]) < 1e-12
    assert nodes["beth-a"]["outcome_credit"] == 0.0  # recorded opportunities: a true zero
    assert "outcome_credit" in rg.write_graphml(net, tmp_path / "n.graphml").read_text(encoding="utf-8")
    assert "outcome_credit" in rg.write_gexf(net, tmp_path / "n.gexf").read_text(encoding="utf-8")


def test_no_column_without_opportunities():
    tables = rg.demo_tables()
    del tables["opportunities"]
    data = rg.to_node_link(rg.from_frames(**tables))
    assert "outcome_credit" not in json.dumps(data, default=str)
