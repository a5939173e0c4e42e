"""pyarrow + numpy, lean: parent pointers by a packed (seeker, contact) key, pointer jumping, one np.add.at per generation.

Usage: python lean_numpy.py SOURCE_FOLDER OUT.csv
"""

import sys

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

src, out = sys.argv[1], sys.argv[2]
opts = pacsv.ConvertOptions(
    column_types={"id": pa.string(), "introducer": pa.string(), "introduced": pa.string(), "seeker": pa.string()}
)
contacts = pacsv.read_csv(f"{src}/contacts.csv", convert_options=opts)
intros = pacsv.read_csv(f"{src}/introductions.csv", convert_options=opts)
ids = contacts["id"].combine_chunks()


def code(col):
    return pc.index_in(intros[col], value_set=ids).to_numpy(zero_copy_only=False).astype(np.int64)


a, b, s = code("introducer"), code("introduced"), code("seeker")
n_ids = len(ids)
child_key = s * n_ids + b
order = np.argsort(child_key, kind="stable")
sorted_keys = child_key[order]
parent_key = s * n_ids + a
pos = np.minimum(np.searchsorted(sorted_keys, parent_key), len(order) - 1)
parent = np.where((a != s) & (sorted_keys[pos] == parent_key), order[pos], -1)

gen = np.ones(len(parent), np.int64)  # pointer jumping: distance to the seeker, root (origin) row
jump, origin = parent.copy(), np.where(parent < 0, np.arange(len(parent)), parent)
while True:
    m = jump >= 0
    if not m.any():
        break
    gen[m] += gen[jump[m]]
    jump[m] = jump[jump[m]]
while True:  # origin: the generation-1 ancestor (a root points to itself)
    nxt = origin[origin]
    if np.array_equal(nxt, origin):
        break
    origin = nxt

has = parent >= 0
direct = np.bincount(parent[has], minlength=len(parent))
desc = np.zeros(len(parent), np.int64)
by_gen = np.argsort(-gen, kind="stable")
bounds = np.flatnonzero(np.diff(gen[by_gen])) + 1
for rows in np.split(by_gen, bounds):  # deepest generation first
    rows = rows[parent[rows] >= 0]
    np.add.at(desc, parent[rows], desc[rows] + 1)

table = pa.table(
    {
        "seeker": intros["seeker"],
        "contact": intros["introduced"],
        "generation": gen,
        "descendants": desc,
        "direct_introductions": direct,
        "origin": pc.take(intros["introduced"], pa.array(origin)),
    }
)
pacsv.write_csv(table, out)
