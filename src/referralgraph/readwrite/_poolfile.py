"""The connections pool file, ``connections.csv`` beside a network's tables: where it is and how it reads.

Apart from :mod:`.pool` (the imports that write it) so that ``log`` can find a
pooled person without importing the importers.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from ._csvfile import _open_csv

__all__ = ["POOL_FILE", "POOL_COLUMNS", "read_pool"]

#: the connections pool of a network folder
POOL_FILE = "connections.csv"
#: columns of the pool, in order (a column without any value is left out of a new file)
POOL_COLUMNS = ("id", "name", "organization", "role", "email", "linkedin", "first_contact", "source", "seeker")


def read_pool(source) -> pd.DataFrame:
    """The connections pool of a network folder: ``connections.csv`` as text columns (empty when there is none).

    Columns :data:`POOL_COLUMNS` (missing ones empty); ``first_contact`` as a date.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from referralgraph.readwrite.pool import read_pool
    >>> len(read_pool(pathlib.Path(tempfile.mkdtemp())))
    0
    """
    path = Path(source)
    file = _pool_path(path) if path.is_dir() else None
    if file is None or not file.is_file():
        frame = pd.DataFrame({c: pd.Series([], dtype="str") for c in POOL_COLUMNS})
    else:
        f = _open_csv(file)
        frame = pd.read_csv(io.StringIO(f.text), sep=f.delimiter, dtype=str, keep_default_na=False)
        frame.columns = [str(c).strip().lower() for c in frame.columns]
        for c in POOL_COLUMNS:
            if c not in frame.columns:
                frame[c] = ""
        frame = frame.replace({"": None})
    frame["first_contact"] = pd.to_datetime(frame["first_contact"], errors="coerce", format="mixed")
    return frame


def _pool_path(folder: Path) -> Path:
    for p in folder.iterdir() if folder.is_dir() else ():
        if p.name.lower() == POOL_FILE and p.is_file():
            return p
    return folder / POOL_FILE
