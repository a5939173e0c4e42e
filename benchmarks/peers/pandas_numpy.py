"""pandas + numpy, vectorised: parent rows by a merge, generations level by level, descendants bottom-up.

Usage: python pandas_numpy.py SOURCE_FOLDER OUT.csv
"""

import sys

import numpy as np
import pandas as pd

src, out = sys.argv[1], sys.argv[2]
contacts = pd.read_csv(f"{src}/contacts.csv", dtype=str, keep_default_na=False)
intros = pd.read_csv(f"{src}/introductions.csv", dtype=str, keep_default_na=False)
edges = intros[["seeker", "introducer", "introduced"]].reset_index(names="row")
parents = edges[["seeker", "introduced", "row"]].rename(columns={"introduced": "introducer", "row": "parent"})
edges = edges.merge(parents, on=["seeker", "introducer"], how="left", sort=False)
parent = edges.sort_values("row")["parent"].fillna(-1).to_numpy(dtype=np.int64)
n = len(parent)

gen = np.zeros(n, np.int64)
origin = np.full(n, -1, np.int64)
level = np.flatnonzero(parent < 0)
gen[level], origin[level] = 1, level
order = np.argsort(parent, kind="stable")  # children grouped by parent row
starts = np.searchsorted(parent[order], np.arange(n))
ends = np.searchsorted(parent[order], np.arange(n), side="right")
g = 1
while len(level):
    g += 1
    counts = ends[level] - starts[level]
    kids = order[
        np.repeat(starts[level], counts) + (np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts))
    ]
    gen[kids] = g
    origin[kids] = origin[parent[kids]]
    level = kids

direct = np.bincount(parent[parent >= 0], minlength=n)
desc = np.zeros(n, np.int64)
for g in range(gen.max(), 1, -1):
    rows = np.flatnonzero(gen == g)
    np.add.at(desc, parent[rows], desc[rows] + 1)

intro = intros["introduced"].to_numpy()
pd.DataFrame(
    {
        "seeker": intros["seeker"],
        "contact": intros["introduced"],
        "generation": gen,
        "descendants": desc,
        "direct_introductions": direct,
        "origin": intro[origin],
    }
).to_csv(out, index=False)
