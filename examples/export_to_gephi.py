"""Export to Gephi: write the network as dynamic GEXF, so Gephi's timeline replays how it grew.

Run it::

    python examples/export_to_gephi.py                        # the demo, temp folder
    python examples/export_to_gephi.py --source my-search --out exports

It writes into the output folder:

- ``network.gexf``: open it in Gephi (File > Open); every person and introduction
  carries the day it appeared, so Window > Timeline plays the growth;
- ``network-anonymized.gexf``: the same with pseudonyms, for sharing;
- ``network.graphml``: for yEd, Cytoscape or ``networkx.read_graphml``;
- ``network.json``: NetworkX node-link JSON, for D3 or a web page.

It then reads the GEXF back with NetworkX to show what Gephi will see.
"""

import argparse
import tempfile
from pathlib import Path

import networkx as nx

import referralgraph as rg


def main(out: Path, source: Path | None) -> None:
    net = rg.demo() if source is None else rg.load(source)

    gexf = rg.write_gexf(net, out / "network.gexf")
    rg.write_gexf(net, out / "network-anonymized.gexf", anonymize=True)
    rg.write_graphml(net, out / "network.graphml")
    rg.write_json(net, out / "network.json")

    # What Gephi gets: people as nodes, introductions as edges, with a start date each.
    G = nx.read_gexf(gexf)
    print(f"{gexf.name}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
    first = sorted(G.nodes(data=True), key=lambda item: item[1].get("start", "9999"))[:5]
    for node, data in first:
        print(f"  {data.get('label', node):<20} joined {data.get('start', 'undated')}")

    print(f"\nWrote {', '.join(sorted(p.name for p in out.iterdir()))} into {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, help="your network: a CSV folder or .xlsx (default: the demo)")
    parser.add_argument("--out", type=Path, help="folder to write into (default: a new temporary folder)")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="referralgraph-gephi-"))
    out.mkdir(parents=True, exist_ok=True)
    main(out, args.source)
