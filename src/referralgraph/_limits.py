"""Documented size thresholds, and the warning that an operation is about to take minutes.

Every number here is described in ``docs/limits.md`` with what happens above it and
the option that makes the operation feasible. Functions read these module attributes
at call time (``_limits.GRAPH_WARN_CONTACTS``, not a copy), so tests can lower them
with ``monkeypatch.setattr`` instead of building 10^6-row inputs.

Costs are measured on the 2-core machines this project targets (see
``docs/architecture.md``); estimates are rounded and meant as "seconds or minutes?",
not as promises.
"""

from __future__ import annotations

import warnings

from .exceptions import SchemaError, SizeLimitError, SlowOperationWarning

__all__ = [
    "PROGRESS_BYTES",
    "GRAPH_WARN_CONTACTS",
    "GRAPH_SECONDS_PER_MILLION",
    "GRAPH_GIB_PER_MILLION",
    "XLSX_READ_WARN_BYTES",
    "XLSX_READ_BYTES_PER_SECOND",
    "MAP_MAX_NODES",
    "PARQUET_MAX_FOOTER_BYTES",
    "PARQUET_MAX_COLUMNS",
    "PARQUET_MAX_ROW_GROUPS",
    "PARQUET_MAX_ROWS",
    "PARQUET_MAX_BYTES",
    "check_parquet",
    "graph_cost",
    "warn_slow",
]

#: ``load`` shows a progress bar (when stderr is a terminal or a notebook) above this total input size
PROGRESS_BYTES = 20 * 2**20

#: building ``net.graph`` warns first above this many contacts
GRAPH_WARN_CONTACTS = 200_000
#: building an attributed NetworkX DiGraph (garbage collector paused): 13-45 s per 10^6 contacts
GRAPH_SECONDS_PER_MILLION = (13, 45)
#: memory of that graph: about 1.2 GiB per 10^6 contacts
GRAPH_GIB_PER_MILLION = 1.2

#: reading an .xlsx workbook warns first above this file size (openpyxl parses every cell in Python)
XLSX_READ_WARN_BYTES = 10 * 2**20
#: rough reading speed of openpyxl's read-only mode on a 2-core machine (measured: a 1 MB workbook of 2.8*10^5 cells in 7.7 s)
XLSX_READ_BYTES_PER_SECOND = 150_000


#: drawn nodes above which :func:`referralgraph.network_map` refuses (see docs/maps.md): the WebGL page
#: draws 10^5 people in about 2-3 s and 2*10^5 in about twice that on a 2-core machine without a GPU
MAP_MAX_NODES = 200_000

#: a Parquet file's metadata (its footer) is read only when it is at most this long: parsing it costs about
#: 0.2 s and 45 MB per MB (a footer of 300,000 empty row groups is 28 MB; 100,000 columns, 16 MB)
PARQUET_MAX_FOOTER_BYTES = 8 * 2**20
#: columns of one Parquet table (the CSV header's limit too; the tables have about 20)
PARQUET_MAX_COLUMNS = 1_000
#: row groups of one Parquet file (pandas, pyarrow and Spark write one per 10^5-10^6 rows or 128 MB)
PARQUET_MAX_ROW_GROUPS = 10_000
#: rows of one Parquet file, as its metadata states them (the cohorts this library serves reach 10^7 contacts)
PARQUET_MAX_ROWS = 100_000_000
#: uncompressed bytes of one Parquet file, as its metadata states them (a decompression bomb states more)
PARQUET_MAX_BYTES = 16 * 2**30


def check_parquet(
    path, *, expected: str = "a file written by referralgraph, pandas' to_parquet or another Parquet writer"
):
    """The metadata of the Parquet file ``path``, checked against the limits above before any data is read.

    The footer's length is read from the file's last 8 bytes and checked before the
    footer is parsed (a crafted file of 700,000 empty row groups made pyarrow abort
    with ``std::bad_alloc``); then the column, row-group, row and byte counts it states.

    Raises
    ------
    SizeLimitError
        Metadata, columns, row groups, rows or stated bytes over the limits.
    SchemaError
        Not a Parquet file (no ``PAR1`` at both ends, a footer longer than the file),
        an encrypted one, or metadata that cannot be parsed.

    Examples
    --------
    >>> import pandas as pd, tempfile, pathlib
    >>> from referralgraph._limits import check_parquet
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.parquet"
    >>> pd.DataFrame({"id": ["a", "b"]}).to_parquet(path)
    >>> check_parquet(path).num_rows
    2
    """
    import os

    size = os.stat(path).st_size
    with open(path, "rb") as f:
        head = f.read(4)
        f.seek(max(size - 8, 0))
        tail = f.read(8)
    if tail[4:] == b"PARE":
        raise SchemaError(f"{path}: not a readable Parquet file (it is encrypted); expected {expected}, not encrypted")
    if size < 12 or head != b"PAR1" or tail[4:] != b"PAR1":
        raise SchemaError(f"{path}: not a readable Parquet file (no PAR1 marker at both ends); expected {expected}")
    footer = int.from_bytes(tail[:4], "little")
    if footer > size - 12:
        raise SchemaError(
            f"{path}: not a readable Parquet file (its metadata claims {footer:,} bytes but the file "
            f"has {size:,}, so it is truncated or damaged); expected {expected}"
        )
    if footer > PARQUET_MAX_FOOTER_BYTES:
        raise SizeLimitError(
            f"{path}: {footer / 2**20:.1f} MiB of Parquet metadata (tens of thousands of columns "
            f"or row groups); expected at most {PARQUET_MAX_FOOTER_BYTES // 2**20} MiB: rewrite it "
            "with fewer, larger row groups and only the columns the tables use (e.g. "
            "pyarrow.parquet.write_table(pyarrow.parquet.read_table(path), new_path))"
        )
    return _check_parquet_counts(path, expected)


def _check_parquet_counts(path, expected: str):
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        meta = pq.read_metadata(path)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise SchemaError(
            f"{path}: not a readable Parquet file ({type(exc).__name__}: {exc}); expected {expected}"
        ) from None
    fix = "rewrite it with fewer, larger row groups and only the columns the tables use"
    if meta.num_columns > PARQUET_MAX_COLUMNS:
        raise SizeLimitError(
            f"{path}: {meta.num_columns:,} Parquet columns; expected at most "
            f"{PARQUET_MAX_COLUMNS:,} (the tables have about 20): {fix}"
        )
    if meta.num_row_groups > PARQUET_MAX_ROW_GROUPS:
        raise SizeLimitError(
            f"{path}: {meta.num_row_groups:,} Parquet row groups; expected at most {PARQUET_MAX_ROW_GROUPS:,}: {fix}"
        )
    groups = [meta.row_group(i) for i in range(meta.num_row_groups)]
    if meta.num_rows < 0 or any(g.num_rows < 0 or g.total_byte_size < 0 for g in groups):
        raise SchemaError(
            f"{path}: not a readable Parquet file (its metadata states a negative row count or "
            f"size, so it is damaged or crafted); expected {expected}"
        )
    if meta.num_rows > PARQUET_MAX_ROWS or sum(g.num_rows for g in groups) > PARQUET_MAX_ROWS:
        raise SizeLimitError(
            f"{path}: {max(meta.num_rows, sum(g.num_rows for g in groups)):,} rows stated; "
            f"expected at most {PARQUET_MAX_ROWS:,} in one file: split the cohort into a "
            "partitioned dataset (referralgraph partition)"
        )
    stated = sum(g.total_byte_size for g in groups)
    if stated > PARQUET_MAX_BYTES:
        raise SizeLimitError(
            f"{path}: {stated / 2**30:,.1f} GiB uncompressed stated; expected at most "
            f"{PARQUET_MAX_BYTES // 2**30} GiB in one file: split the cohort into a partitioned "
            "dataset (referralgraph partition)"
        )
    return meta


def graph_cost(n_contacts: int) -> tuple[float, float, float]:
    """Rough cost of building ``net.graph``: ``(low seconds, high seconds, GiB)``."""
    share = n_contacts / 1e6
    low, high = GRAPH_SECONDS_PER_MILLION
    return low * share, high * share, GRAPH_GIB_PER_MILLION * share


def _seconds(value: float) -> str:
    if value < 90:
        return f"{max(value, 1):.0f} s"
    return f"{value / 60:.0f} min"


def _span(low: float, high: float) -> str:
    """``13-45 s``, ``1-3 min`` or, when the two round alike, one value."""
    a, b = _seconds(low), _seconds(high)
    if a == b:
        return a
    if a.split()[1] == b.split()[1]:
        return f"{a.split()[0]}-{b}"
    return f"{a} to {b}"


def graph_message(n_contacts: int) -> str:
    """The warning shown before ``net.graph`` is built for a large network."""
    low, high, gib = graph_cost(n_contacts)
    return (
        f"building the NetworkX graph of {n_contacts:,} contacts takes about {_span(low, high)} "
        f"and {gib:.1f} GiB; the tables and net.index answer most questions without it (every metric, "
        "map, plot and the CSV, Parquet, xlsx, GraphML and GEXF exports use them); only net.graph itself "
        "and the JSON export need the graph"
    )


def xlsx_read_message(path, size: int) -> str:
    """The warning shown before a large workbook is read."""
    seconds = size / XLSX_READ_BYTES_PER_SECOND
    return (
        f"reading the {size / 2**20:.0f} MB workbook {path} takes about {_seconds(seconds)} "
        "(every cell is parsed in Python); saved as a folder of CSV files it loads in seconds: "
        "rg.save(net, 'folder') once, or in Excel: Save As 'CSV UTF-8' for each sheet"
    )


def warn_slow(message: str, *, stacklevel: int = 2) -> None:
    """Issue a :class:`~referralgraph.SlowOperationWarning` (``stacklevel`` counts from the caller)."""
    warnings.warn(message, SlowOperationWarning, stacklevel=stacklevel + 1)
