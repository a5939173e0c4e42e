"""No network requests, ever (issue 6 item 6).

The whole pipeline runs with every way of opening a connection replaced by a
function that records the attempt and raises: load the demo folder, the report,
every metric, forecast and next actions, the map's HTML, every plot, every export
format plainly and anonymised, and the same through the command line. A library
that caught the error and carried on would still fail here, because attempts are
recorded, not just refused.
"""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

import referralgraph as rg
from referralgraph.cli import cli

EXPORTS = ("folder", "book.xlsx", "net.json", "net.graphml", "net.gexf")


@pytest.fixture
def no_network(monkeypatch):
    """Replace connect, create_connection and name resolution; yields the list of attempts."""
    attempts: list[tuple] = []

    def refuse(name):
        def blocked(*args, **kwargs):
            attempts.append((name, args[1:] if name.startswith("socket.") else args))
            raise OSError(f"test_no_network: {name} is not allowed")

        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("gethostbyname"))
    yield attempts
    assert attempts == [], f"network requests were attempted: {attempts}"


def test_the_guard_works(no_network):
    with pytest.raises(OSError, match="not allowed"):
        socket.create_connection(("example.org", 80), timeout=1)
    with pytest.raises(OSError, match="not allowed"):
        socket.getaddrinfo("example.org", 443)
    assert [a[0] for a in no_network] == ["create_connection", "getaddrinfo"]
    no_network.clear()


@pytest.mark.slow
def test_whole_pipeline_in_python(no_network, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder = rg.save(rg.demo(), tmp_path / "demo")
    net = rg.load(folder, progress=True)
    seeker = net.seekers[0]
    as_of = "2026-04-30"

    report = rg.report(net, as_of=as_of)
    assert report.to_text() and report.to_markdown() and report.to_dict()
    for table in (
        rg.contact_metrics(net),
        rg.seeker_summary(net),
        rg.reach_by_generation(net),
        rg.growth(net),
        rg.within(net, 2),
        rg.brokers(net),
        rg.structural_holes(net),
        rg.ei_index(net),
        rg.top_connectors(net),
        rg.cohort_summary(net),
        rg.shared_hubs(net),
        rg.paths_to(net, organization=net.contacts["organization"].dropna().iloc[0]),
        rg.next_actions(net, as_of=as_of),
        rg.habit_signals(net, as_of=as_of),
    ):
        assert table is not None
    fc = rg.forecast(net, weeks=4, simulations=200, seed=1)

    for kwargs in ({}, {"anonymize": True}, {"aggregate": "organization"}, {"color_by": "field"}):
        m = rg.network_map(net, **kwargs)
        m.save(tmp_path / f"map-{len(list(tmp_path.glob('map-*')))}.html")
        assert m._repr_html_()

    for draw in (rg.plot_growth, rg.plot_generations, rg.plot_tree, rg.plot_funnel, rg.plot_thank_you):
        fig, ax = plt.subplots()
        draw(net, ax=ax)
        for suffix in ("png", "svg", "pdf"):
            fig.savefig(tmp_path / f"{draw.__name__}.{suffix}")
        plt.close(fig)
    fig, ax = plt.subplots()
    rg.plot_forecast(fc, ax=ax)
    fig.savefig(tmp_path / "forecast.png")
    plt.close(fig)

    for anonymize in (False, True):
        out = tmp_path / ("anon" if anonymize else "plain")
        out.mkdir()
        for name in EXPORTS:
            rg.save(net, out / name, anonymize=anonymize)
        rg.write_json(net, out / "direct.json", anonymize=anonymize)
        assert rg.to_node_link(rg.anonymize(net, salt="s"))["nodes"]
    rg.write_template(tmp_path / "template")
    assert rg.load(tmp_path / "plain" / "book.xlsx").equals(net)
    assert seeker


@pytest.mark.slow
def test_whole_pipeline_on_the_command_line(no_network, tmp_path):
    folder = rg.save(rg.demo(), tmp_path / "demo")
    out = tmp_path / "out"
    runs = [
        ["init", out / "new"],
        ["validate", folder],
        ["report", folder, "--as-of", "2026-04-30", "--format", "json"],
        ["metrics", folder, "--per-contact", out / "pc.csv", "--summary", out / "s.json", "--growth", out / "g.csv"],
        ["map", folder, "-o", out / "map.html", "--progress"],
        ["map", folder, "-o", out / "anon.html", "--anonymize"],
        ["plot", folder, "--kind", "tree", "-o", out / "tree.svg"],
        ["forecast", folder, "--weeks", "4", "--simulations", "200", "-o", out / "fc.png"],
        ["next", folder, "--today", "2026-04-30"],
        *[["export", folder, out / f"x-{name}"] for name in EXPORTS],
        *[["export", folder, out / f"anon-{name}", "--anonymize"] for name in EXPORTS],
    ]
    out.mkdir()
    for args in runs:
        result = CliRunner().invoke(cli, [str(a) for a in args])
        assert result.exit_code == 0, (args, result.output)
