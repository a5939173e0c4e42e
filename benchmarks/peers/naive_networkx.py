"""Naive NetworkX: one graph, a BFS per seeker, ``nx.descendants`` per contact (what a first script does).

Usage: python naive_networkx.py SOURCE_FOLDER OUT.csv
"""

import sys

import networkx as nx
import pandas as pd

src, out = sys.argv[1], sys.argv[2]
contacts = pd.read_csv(f"{src}/contacts.csv", dtype=str, keep_default_na=False)
intros = pd.read_csv(f"{src}/introductions.csv", dtype=str, keep_default_na=False)
G = nx.DiGraph()
G.add_nodes_from(contacts["id"])
G.add_edges_from(zip(intros["introducer"], intros["introduced"]))
seekers = contacts.loc[contacts["is_seeker"].str.lower().isin(["yes", "true", "1", "y"]), "id"].tolist()
rows = []
for s in seekers:
    origin = {}
    for parent, v in nx.bfs_edges(G, s):
        origin[v] = v if parent == s else origin[parent]
    for v, gen in nx.single_source_shortest_path_length(G, s).items():
        if v != s:
            rows.append((s, v, gen, len(nx.descendants(G, v)), G.out_degree(v), origin[v]))
pd.DataFrame(rows, columns=["seeker", "contact", "generation", "descendants", "direct_introductions", "origin"]).to_csv(
    out, index=False
)
