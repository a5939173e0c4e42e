"""The metric tables as files: one table to a .csv, .parquet or .json file, or per-bucket parts joined into one.

The CLI's ``metrics`` command and the partitioned runner write through these, so a
table has the same bytes whichever way it was computed. The per-seeker summary's
``reach_by_generation`` (a dict per row) is stored as JSON text in CSV and Parquet
cells (:func:`summary_cells`) and read back by :func:`summary_from_cells`; a
``.json`` file holds a list of records.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

from .._docstrings import share_docs
from .._json import jsonable
from ..exceptions import OptionError
from ._atomic import atomic_path, write_text
from .tabular import csv_bytes, write_table

__all__ = ["METRIC_SUFFIXES", "summary_cells", "summary_from_cells", "records_json", "write_metric_table", "join_parts"]

#: the file suffixes a metric table can be written to (anything else: CSV)
METRIC_SUFFIXES = (".csv", ".parquet", ".json")
_DICT_COLUMN = "reach_by_generation"


def summary_cells(summary: pd.DataFrame) -> pd.DataFrame:
    """The seeker summary as stored in CSV and Parquet: ``reach_by_generation`` as JSON text.

    Examples
    --------
    >>> from referralgraph.readwrite.metricfiles import summary_cells, summary_from_cells
    >>> cells = summary_cells(rg.seeker_summary(rg.demo()))
    >>> cells["reach_by_generation"].iat[0]
    '{"1": 10, "2": 23, "3": 18, "4": 20, "5": 7, "6": 4, "7": 2, "8": 1}'
    >>> summary_from_cells(cells)["reach_by_generation"].iat[0][1]
    10
    """
    out = summary.copy()
    if _DICT_COLUMN in out.columns:
        out[_DICT_COLUMN] = pd.Series(
            [json.dumps({str(k): int(v) for k, v in d.items()}) for d in out[_DICT_COLUMN]],
            dtype="str",
            index=out.index,
        )
    return out


def summary_from_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """The stored seeker summary back in :func:`~referralgraph.seeker_summary` form (``reach_by_generation`` as dicts)."""
    out = frame.copy()
    if _DICT_COLUMN in out.columns:
        out[_DICT_COLUMN] = pd.Series(
            [{int(k): int(v) for k, v in json.loads(t).items()} for t in out[_DICT_COLUMN]],
            dtype=object,
            index=out.index,
        )
    return out


def records_json(frame: pd.DataFrame) -> str:
    """A table as a JSON list of records (dates ISO, missing values null), indented, UTF-8 text."""
    return json.dumps([jsonable(rec) for rec in frame.to_dict(orient="records")], indent=2, ensure_ascii=False)


def _suffix(path) -> str:
    return Path(path).suffix.lower()


@share_docs
def write_metric_table(frame: pd.DataFrame, path: str | os.PathLike, *, overwrite: bool = False) -> Path:
    """Write one metric table to ``path``: ``.json`` a list of records, ``.parquet`` Parquet, anything else CSV.

    A seeker summary's ``reach_by_generation`` becomes JSON text in CSV and Parquet
    (:func:`summary_cells`) and stays an object in JSON.

    Raises
    ------
    {raises_overwrite}

    Examples
    --------
    >>> import tempfile, pathlib, json
    >>> from referralgraph.readwrite.metricfiles import write_metric_table
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = write_metric_table(rg.seeker_summary(rg.demo()), folder / "s.json")
    >>> json.loads(path.read_text())[0]["reach_by_generation"]["1"]
    10
    """
    if _suffix(path) == ".json":
        return write_text(path, records_json(frame) + "\n", overwrite=overwrite)
    return write_table(summary_cells(frame), path, overwrite=overwrite)


def join_parts(parts, target: str | os.PathLike, *, overwrite: bool = False, summary: bool = False) -> Path:
    """Join per-bucket Parquet parts (in order) into one .csv, .parquet or .json file, one part in memory at a time.

    The CSV is the library's one table format, header (and byte-order mark) once, so
    the file equals the one written from the whole table; ``.json`` (the small
    per-seeker summary, ``summary=True``) is built in memory.

    Raises
    ------
    OptionError
        If ``target`` is a ``.json`` file for a table other than the summary.
    OverwriteError
        If ``target`` exists and ``overwrite`` is false.
    """
    import pyarrow.parquet as pq

    parts = [Path(p) for p in parts]
    suffix = _suffix(target)
    if suffix == ".json":
        if not summary:
            raise OptionError(
                f"{target}: only the seeker summary can be written as .json; expected a .csv or "
                ".parquet file (or a folder)"
            )
        frame = pd.concat([pq.read_table(p).to_pandas() for p in parts], ignore_index=True)
        return write_text(target, records_json(summary_from_cells(frame)) + "\n", overwrite=overwrite)
    with atomic_path(target, overwrite=overwrite) as tmp:
        if suffix == ".parquet":
            writer = None
            try:
                for p in parts:
                    t = pq.read_table(p)
                    if writer is None:
                        writer = pq.ParquetWriter(tmp, t.schema)
                    writer.write_table(t.cast(writer.schema))
            finally:
                if writer is not None:
                    writer.close()
        else:
            with open(tmp, "wb") as out:
                for i, p in enumerate(parts):
                    data = csv_bytes(pq.read_table(p).to_pandas(), bom=i == 0)
                    out.write(data if i == 0 else data[data.index(b"\r\n") + 2 :])
    return Path(target)
