"""Atomic file writing, as every referralgraph output uses it (public: scripts may use it too).

A file is written to a temporary file in the target's folder and renamed over the
target only when complete, so a failure never leaves half a file; an existing file is
replaced only when ``overwrite=True``; a device, FIFO or socket and any of the caller's
``inputs`` are never replaced. ``check_target`` lets a caller refuse before doing
expensive work. ``atomic_folder`` writes several files all-or-nothing (a sibling
temporary folder swapped in). ``network_lock`` and ``commit_files`` make a change to a
network's own files a transaction (one change at a time, office lock files honoured,
several files committed all or nothing); see :mod:`referralgraph.readwrite._lock`.
"""

from ._atomic import (
    atomic_folder,
    atomic_path,
    check_location,
    check_not_input,
    check_target,
    clean_stale,
    write_bytes,
    write_text,
)
from ._lock import commit_files, network_lock, recover

__all__ = [
    "check_target",
    "check_location",
    "check_not_input",
    "atomic_path",
    "atomic_folder",
    "clean_stale",
    "write_text",
    "write_bytes",
    "network_lock",
    "commit_files",
    "recover",
]
