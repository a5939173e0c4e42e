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

from .exceptions import SlowOperationWarning

__all__ = [
    "PROGRESS_BYTES",
    "GRAPH_WARN_CONTACTS",
    "GRAPH_SECONDS_PER_MILLION",
    "GRAPH_GIB_PER_MILLION",
    "XLSX_READ_WARN_BYTES",
    "XLSX_READ_BYTES_PER_SECOND",
    "MAP_MAX_NODES",
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
    return (f"building the NetworkX graph of {n_contacts:,} contacts takes about {_span(low, high)} "
            f"and {gib:.1f} GiB; the tables and net.index answer most questions without it (every metric, "
            "map, plot and the CSV, Parquet, xlsx, GraphML and GEXF exports use them); only net.graph itself "
            "and the JSON export need the graph")


def xlsx_read_message(path, size: int) -> str:
    """The warning shown before a large workbook is read."""
    seconds = size / XLSX_READ_BYTES_PER_SECOND
    return (f"reading the {size / 2**20:.0f} MB workbook {path} takes about {_seconds(seconds)} "
            "(every cell is parsed in Python); saved as a folder of CSV files it loads in seconds: "
            "rg.save(net, 'folder') once, or in Excel: Save As 'CSV UTF-8' for each sheet")


def warn_slow(message: str, *, stacklevel: int = 2) -> None:
    """Issue a :class:`~referralgraph.SlowOperationWarning` (``stacklevel`` counts from the caller)."""
    warnings.warn(message, SlowOperationWarning, stacklevel=stacklevel + 1)
