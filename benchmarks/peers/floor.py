"""The I/O floor: pyarrow reads both CSV files and writes a per-contact CSV of the same shape, no computation.

Usage: python floor.py SOURCE_FOLDER OUT.csv
"""

import sys

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

src, out = sys.argv[1], sys.argv[2]
contacts = pacsv.read_csv(f"{src}/contacts.csv")
intros = pacsv.read_csv(f"{src}/introductions.csv")
n = intros.num_rows
table = pa.table(
    {
        "seeker": intros["seeker"],
        "contact": intros["introduced"],
        "generation": np.ones(n, np.int64),
        "descendants": np.zeros(n, np.int64),
        "direct_introductions": np.zeros(n, np.int64),
        "origin": intros["introducer"],
    }
)
pacsv.write_csv(table, out)
