"""Polars: parent pointers by a self-join, then gathers (generation, origin) and a group-by per generation (descendants).

Usage: python polars_script.py SOURCE_FOLDER OUT.csv
"""

import sys

import polars as pl

src, out = sys.argv[1], sys.argv[2]
contacts = pl.read_csv(f"{src}/contacts.csv", infer_schema=False)
intros = pl.read_csv(f"{src}/introductions.csv", infer_schema=False).with_row_index("row")
parents = intros.select(pl.col("seeker"), pl.col("introduced").alias("introducer"), pl.col("row").alias("parent"))
edges = (
    intros.select("row", "seeker", "introducer", "introduced")
    .join(parents, on=["seeker", "introducer"], how="left")
    .sort("row")
)
parent = edges["parent"].fill_null(-1).cast(pl.Int64)
n = len(parent)

# pointer jumping: generation (distance to the seeker) and origin (generation-1 ancestor)
frame = pl.DataFrame(
    {
        "jump": parent,
        "gen": pl.repeat(1, n, dtype=pl.Int64, eager=True),
        "origin": pl.select(pl.when(parent < 0).then(pl.int_range(n, dtype=pl.Int64)).otherwise(parent)).to_series(),
    }
)
while frame["jump"].max() >= 0:
    j = frame["jump"]
    safe = j.clip(lower_bound=0)
    frame = frame.with_columns(
        gen=pl.when(j >= 0).then(pl.col("gen") + frame["gen"].gather(safe)).otherwise(pl.col("gen")),
        jump=pl.when(j >= 0).then(j.gather(safe)).otherwise(j),
    )
origin = frame["origin"]
while True:
    nxt = origin.gather(origin)
    if nxt.equals(origin):
        break
    origin = nxt

gen = frame["gen"]
table = pl.DataFrame(
    {
        "row": pl.int_range(n, eager=True, dtype=pl.Int64),
        "parent": parent,
        "gen": gen,
        "desc": pl.repeat(0, n, dtype=pl.Int64, eager=True),
    }
)
direct = (
    table.filter(pl.col("parent") >= 0)
    .group_by("parent")
    .len()
    .join(table.select(pl.col("row").alias("parent")), on="parent", how="right")
)
direct = direct.sort("parent")["len"].fill_null(0)
desc = table["desc"]
for g in range(int(gen.max()), 1, -1):  # bottom-up, one group-by per generation
    level = table.filter(pl.col("gen") == g)
    add = (
        pl.DataFrame({"parent": level["parent"], "d": desc.gather(level["row"]) + 1})
        .group_by("parent")
        .agg(pl.col("d").sum())
    )
    desc = desc.scatter(add["parent"], desc.gather(add["parent"]) + add["d"])

intro = intros["introduced"]
pl.DataFrame(
    {
        "seeker": intros["seeker"],
        "contact": intro,
        "generation": gen,
        "descendants": desc,
        "direct_introductions": direct.cast(pl.Int64),
        "origin": intro.gather(origin),
    }
).write_csv(out)
