"""A cohort as a Parquet dataset bucketed by seeker: every referral tree whole in one bucket.

Layout of a dataset folder::

    DATASET/
      _referralgraph.json            what this folder is: buckets, counts, the latest date per bucket
      seekers.parquet                seeker, bucket, position (the cohort's seeker order), contacts
      shared_contacts.parquet        contacts stored in more than one bucket: contact, buckets
      bucket=00000/contacts.parquet  the input tables of the seekers of bucket 0, in the input format
      bucket=00000/introductions.parquet
      bucket=00000/meetings.parquet
      bucket=00001/...
      unplaced/                      contacts in no tree, rows of no seeker (only if there are any)

A bucket is an ordinary network: its three tables have the columns of
``contacts.csv``, ``introductions.csv`` and ``meetings.csv``. Seekers are cut into
buckets in the cohort's own seeker order, in contiguous runs of about equal total
tree size, so reading the buckets in order gives the seekers in the order an
in-memory network has them.

Shared contacts: a contact in the trees of seekers of several buckets (a career
adviser who helps many students) is *duplicated*: their ``contacts`` row is written
to every bucket that needs it, so every bucket is a complete network on its own.
``shared_contacts.parquet`` lists them; the cohort runner uses it to combine their
per-bucket figures (see :func:`referralgraph.partitioned_metrics`). Contacts in no
tree, and introductions or meetings of no known seeker, are kept in ``unplaced/`` (the
same three tables, outside every bucket), so nothing is dropped.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .._checks import check_int, check_path
from ..exceptions import ArgumentTypeError, OptionError, OverwriteError, SchemaError
from ..model import ReferralNetwork
from ..model.settings import Settings
from ..readwrite.settings import keep_settings, read_settings
from ._manifest import LOCK_NAME, check_bucket_files, check_manifest, clean_stale, hold_folder

__all__ = [
    "partition",
    "open_dataset",
    "is_dataset",
    "PartitionedDataset",
    "DatasetWriter",
    "TABLES",
    "MARKER",
    "latest_date",
    "atomic_folder",
]

#: the three tables of every bucket, in this order
TABLES = ("contacts", "introductions", "meetings")
#: the file that marks a folder as written by referralgraph
MARKER = "_referralgraph.json"
_FORMAT = "referralgraph-partitioned-cohort"
_VERSION = 1
_MANIFEST_LIMIT = 256 * 2**20  # bytes: about 10^6 buckets


def _bucket_name(b: int) -> str:
    return f"bucket={b:05d}"


# ---------------------------------------------------------------------------- helpers
def latest_date(contacts: pd.DataFrame, introductions: pd.DataFrame, meetings: pd.DataFrame) -> pd.Timestamp | None:
    """The latest date anywhere in the tables (midnight of that day), or None: the default reference day.

    The same definition as the metrics use when ``as_of`` is not given (docs/metrics.md,
    "The reference date"): introductions' and meetings' dates, thank-yous, dated
    handwritten notes and the contacts' ``first_contact``.
    """
    parts = [
        (introductions, "date"),
        (meetings, "date"),
        (meetings, "thank_you_sent"),
        (meetings, "handwritten_note_date"),
        (contacts, "first_contact"),
    ]
    best = None
    for frame, col in parts:
        if col in frame.columns and len(frame):
            d = frame[col].to_numpy(dtype="datetime64[ns]")
            d = d[~np.isnat(d)]
            if len(d):
                best = d.max() if best is None else max(best, d.max())
    return pd.Timestamp(best).normalize() if best is not None else None


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, path)


def _read_parquet(path: Path, columns=None) -> pd.DataFrame:
    from .._limits import check_parquet

    check_parquet(path)  # metadata checked against the limits before any data is read
    return pq.read_table(path, columns=columns).to_pandas()


@contextlib.contextmanager
def atomic_folder(path, *, overwrite: bool = False, kind: str = "dataset", replaces: str = _FORMAT) -> Iterator[Path]:
    """Build a folder in a temporary sibling and move it to ``path`` when the block ends without error.

    An existing ``path`` is replaced only with ``overwrite`` and only when it is a
    folder referralgraph wrote of the same kind (its ``_referralgraph.json`` names the
    format ``replaces``): a folder of the user's own files, or a dataset given where
    results go, is never deleted.

    Raises
    ------
    OverwriteError
        If ``path`` exists and ``overwrite`` is false, or it is not a referralgraph folder.
    """
    path = Path(path)
    if path.exists() or path.is_symlink():
        if not overwrite:
            raise OverwriteError(
                f"{path} already exists; expected a new folder for the {kind}, or pass "
                "overwrite=True (CLI: --force) to replace it"
            )
        if not path.is_dir() or not (path / MARKER).is_file():
            raise OverwriteError(
                f"{path} exists and is not a folder written by referralgraph (no {MARKER}); "
                f"expected a new folder for the {kind}, or an earlier output to replace"
            )
        try:
            found = json.loads((path / MARKER).read_text(encoding="utf-8")).get("format")
        except ValueError:
            found = None
        if found != replaces:
            raise OverwriteError(
                f"{path} holds a {found!r} folder, not an earlier {kind}; expected a new folder "
                f"for the {kind}, or an earlier one to replace"
            )
    if not path.parent.is_dir():
        raise FileNotFoundError(f"{path.parent} does not exist; expected the folder in which to create {path.name}")
    clean_stale(path)  # temporary folders of runs that were killed
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    tmp.mkdir()
    lock = None
    try:
        lock = hold_folder(tmp)
        yield tmp
        (tmp / LOCK_NAME).unlink()
        if path.exists():
            old = path.with_name(f".{path.name}.{secrets.token_hex(4)}.old")
            os.replace(path, old)
            os.replace(tmp, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        if lock is not None:
            lock.close()


# ---------------------------------------------------------------------------- writing
class DatasetWriter:
    """Write a partitioned cohort dataset bucket by bucket (for cohorts built or read in pieces).

    Use it as a context manager: every :meth:`write_bucket` call adds the next
    bucket; the folder appears at ``path`` only when the block ends without error.
    The seekers' order in the dataset is the order of the buckets, then each
    bucket's own order.

    Parameters
    ----------
    path : path
        The dataset folder to create.
    overwrite : bool, default False
        Replace an earlier dataset at ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "cohort"
    >>> with rg.DatasetWriter(folder) as writer:
    ...     for seed in (1, 2):
    ...         tables = rg.synthetic_tables(n_seekers=2, n_contacts=50, seed=seed)
    ...         for t in tables.values():  # make the ids of the two pieces distinct
    ...             for col in ("id", "introducer", "introduced", "seeker", "contact"):
    ...                 if col in t.columns:
    ...                     t[col] = f"p{seed}-" + t[col]
    ...         _ = writer.write_bucket(rg.from_frames(**tables))
    >>> rg.open_dataset(folder).buckets
    2
    """

    def __init__(self, path, *, overwrite: bool = False) -> None:
        self._target = Path(path)
        self._overwrite = overwrite
        self._stack: contextlib.ExitStack | None = None
        self._tmp: Path | None = None
        self._info: list[dict] = []
        self._seekers: list[pd.DataFrame] = []
        self._unplaced: dict | None = None

    def __enter__(self) -> DatasetWriter:
        self._stack = stack = contextlib.ExitStack()
        self._tmp = stack.enter_context(atomic_folder(self._target, overwrite=self._overwrite))
        return self

    def __exit__(self, exc_type, exc, tb):
        stack = self._stack
        if stack is None:  # never entered: nothing to finish or undo
            return None
        try:
            if exc_type is None:
                self._finish()
        except BaseException:
            stack.__exit__(*sys.exc_info())
            raise
        return stack.__exit__(exc_type, exc, tb)

    def _folder(self) -> Path:
        """The temporary folder being filled; only inside the ``with`` block."""
        if self._tmp is None:
            raise ArgumentTypeError("DatasetWriter must be used in a with block (with DatasetWriter(path) as w: ...)")
        return self._tmp

    def write_settings(self, settings: Settings) -> None:
        """Keep the network's settings with the dataset (``referralgraph.toml``; nothing when none are set)."""
        keep_settings(settings, self._tmp)

    def write_bucket(self, net: ReferralNetwork | None = None, *, tables: dict | None = None, seekers=None) -> int:
        """Add the next bucket: a whole network, or its three normalised tables.

        Parameters
        ----------
        net : ReferralNetwork, optional
            The bucket's network (every tree of its seekers whole).
        tables : dict, optional
            Instead of ``net``: ``contacts``, ``introductions``, ``meetings`` as a
            network holds them (:attr:`ReferralNetwork.contacts`, ...), with
            ``seekers`` (ids, in order) and their tree sizes known to the caller.

        Returns
        -------
        int
            The bucket's number.
        """
        tmp = self._folder()
        if net is not None:
            if not isinstance(net, ReferralNetwork):
                raise ArgumentTypeError(f"net must be a ReferralNetwork (got {type(net).__name__})")
            tables = {t: net.table(t) for t in ("contacts", "introductions", "meetings", "opportunities")}
            seekers = pd.DataFrame(
                {
                    "seeker": pd.Series(net.seekers, dtype="str"),
                    "contacts": (np.diff(net.index.offsets) - 1).astype(np.int64),
                }
            )
        elif tables is None:
            raise ArgumentTypeError("write_bucket needs a network (net=) or its tables (tables=, with seekers=)")
        b = len(self._info)
        folder = tmp / _bucket_name(b)
        folder.mkdir()
        for name in TABLES:
            _write_parquet(tables[name], folder / f"{name}.parquet")
        _write_optional(tables, folder)
        seekers = seekers.assign(bucket=np.int64(b))
        self._seekers.append(seekers)
        day = latest_date(tables["contacts"], tables["introductions"], tables["meetings"])
        self._info.append(
            {
                "bucket": b,
                "path": _bucket_name(b),
                "seekers": len(seekers),
                **{name: len(tables[name]) for name in TABLES},
                "latest_date": None if day is None else day.date().isoformat(),
            }
        )
        return b

    def write_unplaced(self, tables: dict) -> None:
        """Keep contacts in no tree (and rows of no seeker) in ``unplaced/``, outside every bucket.

        They are in no metric, but their dates count towards the cohort's latest date,
        as they do in memory.
        """
        folder = self._folder() / "unplaced"
        folder.mkdir()
        for name in TABLES:
            _write_parquet(tables[name], folder / f"{name}.parquet")
        _write_optional(tables, folder)
        day = latest_date(tables["contacts"], tables["introductions"], tables["meetings"])
        self._unplaced = {
            **{name: len(tables[name]) for name in TABLES},
            "latest_date": None if day is None else day.date().isoformat(),
        }

    def _finish(self) -> None:
        seekers = (
            pd.concat(self._seekers, ignore_index=True)
            if self._seekers
            else pd.DataFrame(
                {
                    "seeker": pd.Series(dtype="str"),
                    "contacts": pd.Series(dtype=np.int64),
                    "bucket": pd.Series(dtype=np.int64),
                }
            )
        )
        seekers.insert(2, "position", np.arange(len(seekers), dtype=np.int64))
        seekers = seekers[["seeker", "bucket", "position", "contacts"]]
        if seekers["seeker"].duplicated().any():
            dup = seekers.loc[seekers["seeker"].duplicated(), "seeker"].iloc[0]
            raise SchemaError(f"seeker {dup!r} is in two buckets; expected every seeker's tree in one bucket")
        tmp = self._folder()
        _write_parquet(seekers, tmp / "seekers.parquet")
        _write_parquet(_shared_contacts(tmp, len(self._info)), tmp / "shared_contacts.parquet")
        days = [i["latest_date"] for i in [*self._info, self._unplaced or {}] if i.get("latest_date")]
        meta = {
            "format": _FORMAT,
            "version": _VERSION,
            "buckets": len(self._info),
            "unplaced": self._unplaced,
            "seekers": len(seekers),
            "latest_date": max(days) if days else None,
            "tables": list(TABLES),
            "bucket_info": self._info,
        }
        (tmp / MARKER).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


def _write_optional(tables: dict, folder: Path) -> None:
    """The optional opportunities table (issue 24), written only when it has rows."""
    opp = tables.get("opportunities")
    if opp is not None and len(opp):
        _write_parquet(opp, folder / "opportunities.parquet")


def _read_optional(folder: Path, tables: dict) -> dict:
    path = folder / "opportunities.parquet"
    if path.exists():
        tables["opportunities"] = _read_parquet(path)
    return tables


def _shared_contacts(folder: Path, buckets: int) -> pd.DataFrame:
    """Contacts stored in several buckets: ``contact, buckets`` (bounded: one id column in memory at a time).

    Ids are hashed to 64 bits per bucket (8 bytes a contact); only ids whose hash
    occurs in two buckets are then read back and counted by their text, so a hash
    collision can never make two people one.
    """
    empty = pd.DataFrame({"contact": pd.Series(dtype="str"), "buckets": pd.Series(dtype=np.int64)})
    if buckets < 2:
        return empty
    hashes = []
    for b in range(buckets):
        ids = pq.read_table(folder / _bucket_name(b) / "contacts.parquet", columns=["id"]).column("id")
        hashes.append(np.unique(pd.util.hash_array(np.asarray(ids.to_numpy(zero_copy_only=False), dtype=object))))
    allh = np.concatenate(hashes)
    values, counts = np.unique(allh, return_counts=True)
    dup = values[counts > 1]
    del allh, hashes
    if not len(dup):
        return empty
    found = []
    for b in range(buckets):
        ids = pq.read_table(folder / _bucket_name(b) / "contacts.parquet", columns=["id"]).column("id")
        ids = np.asarray(ids.to_numpy(zero_copy_only=False), dtype=object)
        h = pd.util.hash_array(ids)
        found.append(pd.unique(ids[np.isin(h, dup)]))
    cand = pd.Series(np.concatenate(found), dtype="str")
    counts = cand.value_counts(sort=False)
    counts = counts[counts > 1]
    return pd.DataFrame(
        {"contact": pd.Series(counts.index.to_numpy(), dtype="str"), "buckets": counts.to_numpy(dtype=np.int64)}
    ).sort_values("contact", ignore_index=True)


def _bucket_of_trees(sizes: np.ndarray, buckets: int) -> np.ndarray:
    """Contiguous runs of trees with about equal total size: bucket of each tree, non-decreasing."""
    if len(sizes) == 0:
        return np.zeros(0, np.int64)
    middle = 2 * np.cumsum(sizes) - sizes  # twice the middle of each tree on the line of all contacts
    total = max(2 * int(sizes.sum()), 1)
    return np.minimum(middle * buckets // total, buckets - 1).astype(np.int64)


def partition(net_or_source, dataset, *, buckets: int, overwrite: bool = False) -> Path:
    """Write a network as a Parquet dataset bucketed by seeker, every referral tree whole in one bucket.

    Parameters
    ----------
    net_or_source : ReferralNetwork or path
        The network, or a source :func:`referralgraph.load` reads.
    dataset : path
        The folder to create (see :mod:`referralgraph.partitioned.dataset` for the layout).
    buckets : int
        Number of buckets, from 1 to the number of seekers. Seekers are cut into
        contiguous runs of about equal total tree size.
        Aim for buckets of 10^5-10^6 contacts: one bucket is what one worker holds
        in memory.
    overwrite : bool, default False
        Replace an earlier dataset at ``dataset`` (never a folder of other files).

    Returns
    -------
    pathlib.Path
        The dataset folder.

    Raises
    ------
    OptionError
        If ``buckets`` is not an integer from 1 to the number of seekers.
    OverwriteError
        If ``dataset`` exists (and ``overwrite`` is false, or it is not a referralgraph dataset).

    Notes
    -----
    A contact in the trees of seekers of several buckets is written to each of
    those buckets (duplicated, and listed in ``shared_contacts.parquet``), so each
    bucket is a complete network; contacts in no tree, and introductions or
    meetings of no seeker, are kept in ``unplaced/`` outside the buckets.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> net = rg.synthetic_cohort(n_seekers=6, n_contacts=300, shared_fraction=0.1, seed=1)
    >>> folder = rg.partition(net, pathlib.Path(tempfile.mkdtemp()) / "cohort", buckets=3)
    >>> ds = rg.open_dataset(folder)
    >>> ds.buckets, ds.seekers["bucket"].tolist()
    (3, [0, 0, 1, 1, 1, 2])
    >>> ds.load(0)
    <ReferralNetwork: 2 seekers, 109 contacts, 112 introductions, 92 meetings>
    """
    buckets = check_int("buckets", buckets, minimum=1)
    if isinstance(net_or_source, ReferralNetwork):
        net = net_or_source
    elif isinstance(net_or_source, (str, os.PathLike)):
        from ..readwrite import load

        net = load(net_or_source)
    else:
        raise ArgumentTypeError(
            "net_or_source must be a ReferralNetwork or the path of a source to load "
            f"(got {type(net_or_source).__name__})"
        )
    most = max(len(net.seekers), 1)
    if buckets > most:
        raise OptionError(
            f"buckets must be at most the number of seekers ({most:,}) so that no bucket is empty "
            f"(got {buckets:,}); expected 1 to {most:,}"
        )
    ix = net.index
    contacts, intros, meetings = net.table("contacts"), net.table("introductions"), net.table("meetings")
    ids = net.ids
    seeker_codes = ix.seekers
    sizes = np.diff(ix.offsets).astype(np.int64)
    tree_bucket = _bucket_of_trees(sizes, buckets)
    # bucket of every seeker id; rows of no known seeker -> bucket 0
    seeker_bucket = pd.Series(tree_bucket, index=pd.Index(ids.take(seeker_codes), dtype="str"))

    def row_buckets(col: pd.Series) -> np.ndarray:
        """Bucket of each row's seeker; ``buckets`` (the unplaced rows) for a row of no known seeker."""
        if len(col) == 0:
            return np.zeros(0, np.int64)
        inv, uniq = pd.factorize(col)
        found = seeker_bucket.reindex(pd.Index(uniq, dtype="str")).fillna(buckets).to_numpy(dtype=np.int64)
        return np.append(found, buckets)[inv]  # a missing seeker (code -1) -> the appended slot

    i_bucket = row_buckets(intros["seeker"])
    m_bucket = row_buckets(meetings["seeker"])
    i_from = ids.get_indexer(intros["introducer"].astype("str")) if len(intros) else np.zeros(0, np.int64)
    i_to = ids.get_indexer(intros["introduced"].astype("str")) if len(intros) else np.zeros(0, np.int64)
    m_who = ids.get_indexer(meetings["contact"].astype("str")) if len(meetings) else np.zeros(0, np.int64)
    opp = net.table("opportunities")
    o_bucket = row_buckets(opp["seeker"])
    o_who = ids.get_indexer(opp["contact"].astype("str")) if len(opp) else np.zeros(0, np.int64)
    o_order = np.argsort(o_bucket, kind="stable")
    o_bounds = np.searchsorted(o_bucket[o_order], np.arange(buckets + 2))
    i_order = np.argsort(i_bucket, kind="stable")
    m_order = np.argsort(m_bucket, kind="stable")
    i_bounds = np.searchsorted(i_bucket[i_order], np.arange(buckets + 2))
    m_bounds = np.searchsorted(m_bucket[m_order], np.arange(buckets + 2))
    t_bounds = np.searchsorted(tree_bucket, np.arange(buckets + 1))
    placed = np.zeros(len(ids), bool)  # in some bucket

    def bucket_tables(b: int, rows: np.ndarray, extra: np.ndarray | None = None) -> dict:
        i_rows = np.sort(i_order[i_bounds[b] : i_bounds[b + 1]])
        m_rows = np.sort(m_order[m_bounds[b] : m_bounds[b + 1]])
        o_rows = np.sort(o_order[o_bounds[b] : o_bounds[b + 1]])
        need = np.zeros(len(ids), bool) if extra is None else extra
        need[ix.node[rows]] = True
        for codes in (i_from[i_rows], i_to[i_rows], m_who[m_rows], o_who[o_rows]):
            need[codes[codes >= 0]] = True
        placed[need] = True
        return {
            "contacts": contacts.iloc[np.flatnonzero(need)],
            "introductions": intros.iloc[i_rows],
            "meetings": meetings.iloc[m_rows],
            "opportunities": opp.iloc[o_rows],
        }

    with DatasetWriter(dataset, overwrite=overwrite) as writer:
        writer.write_settings(net.settings)  # a pinned date, date order or cadence holds in every bucket
        for b in range(buckets):
            trees = np.arange(t_bounds[b], t_bounds[b + 1])
            rows = np.arange(ix.offsets[trees[0]], ix.offsets[trees[-1] + 1]) if len(trees) else np.zeros(0, np.int64)
            seekers = pd.DataFrame(
                {"seeker": pd.Series(ids.take(seeker_codes[trees]), dtype="str"), "contacts": sizes[trees] - 1}
            )
            writer.write_bucket(tables=bucket_tables(b, rows), seekers=seekers)
        # contacts in no tree and rows of no seeker: kept, outside every bucket (a bucket with one seeker
        # would make its unlinked contacts that seeker's direct contacts)
        unplaced = bucket_tables(buckets, np.zeros(0, np.int64), extra=~placed)
        if any(len(t) for t in unplaced.values()):
            writer.write_unplaced(unplaced)
    return Path(dataset)


# ---------------------------------------------------------------------------- reading
class PartitionedDataset:
    """A partitioned cohort dataset on disk, read lazily: nothing but its small index is loaded at first.

    Open one with :func:`referralgraph.open_dataset`. :meth:`load` reads one
    bucket as a :class:`ReferralNetwork`; :meth:`tables` reads its three tables.

    Attributes
    ----------
    path : pathlib.Path
        The dataset folder.
    buckets : int
        Number of buckets.
    latest_date : pandas.Timestamp or None
        The latest date anywhere in the cohort: the reference day of dated metrics
        when no ``as_of`` is given, the same for every bucket.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> net = rg.synthetic_cohort(n_seekers=4, n_contacts=100, seed=2)
    >>> ds = rg.open_dataset(rg.partition(net, pathlib.Path(tempfile.mkdtemp()) / "c", buckets=2))
    >>> ds
    <PartitionedDataset: 2 buckets, 4 seekers>
    >>> ds.info[["bucket", "seekers", "contacts"]]
       bucket  seekers  contacts
    0       0        2        43
    1       1        2        61
    """

    def __init__(self, path) -> None:
        self.path = Path(check_path("path", path))
        meta_path = self.path / MARKER
        if not self.path.is_dir():
            if not self.path.exists():
                raise FileNotFoundError(
                    f"{self.path} does not exist; expected a dataset folder written by referralgraph partition"
                )
            raise SchemaError(f"{self.path} is a file; expected a dataset folder written by referralgraph partition")
        if meta_path.is_file() and meta_path.stat().st_size > _MANIFEST_LIMIT:
            raise SchemaError(
                f"{meta_path} is {meta_path.stat().st_size:,} bytes; expected a dataset manifest "
                f"of at most {_MANIFEST_LIMIT:,} bytes (re-create it with referralgraph partition)"
            )
        try:
            if not meta_path.is_file():
                raise FileNotFoundError(meta_path)
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            raise SchemaError(
                f"{self.path} is not a partitioned cohort dataset: expected a readable {MARKER} "
                "in it (write one with referralgraph partition)"
            ) from None
        if not isinstance(meta, dict) or meta.get("format") != _FORMAT:
            found = meta.get("format") if isinstance(meta, dict) else None
            raise SchemaError(
                f"{self.path} holds a {found!r} folder; expected a partitioned cohort dataset (referralgraph partition)"
            )
        version = meta.get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise SchemaError(
                f"{meta_path} names the dataset version {version!r}; expected a whole number "
                "(re-create the dataset with referralgraph partition)"
            )
        if version > _VERSION:
            raise SchemaError(
                f"{self.path} was written by a newer referralgraph (dataset version "
                f"{meta['version']}); expected version {_VERSION} or older"
            )
        self._meta = check_manifest(meta, self.path, marker=MARKER)
        self.buckets = int(meta["buckets"])
        self.latest_date = pd.Timestamp(meta["latest_date"]) if meta.get("latest_date") else None

    def __repr__(self) -> str:
        n, s = self.buckets, self._meta.get("seekers", 0)
        return f"<PartitionedDataset: {n} bucket{'' if n == 1 else 's'}, {s} seeker{'' if s == 1 else 's'}>"

    def __len__(self) -> int:
        return self.buckets

    @property
    def settings(self) -> Settings:
        """The settings kept with the dataset (``referralgraph.toml``, copied from the network by :func:`partition`).

        Every bucket :meth:`load` returns carries them, and a pinned ``as_of`` is
        the reference day of the whole cohort (docs/settings.md).
        """
        return read_settings(self.path)

    def __iter__(self) -> Iterator[ReferralNetwork]:
        """Every bucket as a network, one at a time."""
        for b in range(self.buckets):
            yield self.load(b)

    @property
    def info(self) -> pd.DataFrame:
        """One row per bucket: ``bucket, path, seekers, contacts, introductions, meetings, latest_date``."""
        frame = pd.DataFrame(self._meta["bucket_info"], columns=["bucket", "path", "seekers", *TABLES, "latest_date"])
        frame["latest_date"] = pd.to_datetime(frame["latest_date"])
        return frame

    @property
    def seekers(self) -> pd.DataFrame:
        """One row per seeker: ``seeker, bucket, position`` (in the cohort's order), ``contacts``."""
        file = self.path / "seekers.parquet"
        check_bucket_files(self.path, {"seekers": self._meta["seekers"]}, where="the dataset", tables=("seekers",))
        return _read_parquet(file)

    @property
    def shared_contacts(self) -> pd.DataFrame:
        """Contacts written to several buckets: ``contact, buckets`` (how many)."""
        return _read_parquet(self.path / "shared_contacts.parquet")

    def bucket_path(self, bucket: int) -> Path:
        """The folder of one bucket (``bucket=00000``), holding its three ``.parquet`` tables."""
        bucket = check_int("bucket", bucket, minimum=0, maximum=self.buckets - 1)
        return self.path / self._meta["bucket_info"][bucket]["path"]

    def bucket_of(self, seeker: str) -> int:
        """The bucket holding ``seeker``'s tree.

        Raises
        ------
        SeekerNotFound
            If ``seeker`` is not a seeker of the dataset.
        """
        from ..exceptions import SeekerNotFound

        table = pq.read_table(
            self.path / "seekers.parquet", columns=["seeker", "bucket"], filters=[("seeker", "=", str(seeker))]
        )
        if table.num_rows == 0:
            raise SeekerNotFound(
                f"{seeker!r} is not a seeker of the dataset {self.path}; expected one of its "
                f"{self._meta.get('seekers', 0)} seekers (see .seekers)"
            )
        return int(table.column("bucket")[0].as_py())

    def tables(self, bucket: int) -> dict[str, pd.DataFrame]:
        """The three tables of one bucket, as a network holds them (``contacts``, ``introductions``, ``meetings``)."""
        folder = self.bucket_path(bucket)
        check_bucket_files(folder, self._meta["bucket_info"][bucket], where=f"bucket {bucket}")
        return _read_optional(folder, {name: _read_parquet(folder / f"{name}.parquet") for name in TABLES})

    def unplaced(self) -> dict[str, pd.DataFrame] | None:
        """Contacts in no seeker's tree and rows of no seeker (the three tables), or None if there are none."""
        if not self._meta.get("unplaced"):
            return None
        check_bucket_files(self.path / "unplaced", self._meta["unplaced"], where="the unplaced rows")
        return _read_optional(
            self.path / "unplaced", {name: _read_parquet(self.path / "unplaced" / f"{name}.parquet") for name in TABLES}
        )

    def load(self, bucket: int, *, validate: bool = False) -> ReferralNetwork:
        """One bucket as a :class:`ReferralNetwork`.

        Parameters
        ----------
        bucket : int
            The bucket's number, ``0 .. buckets - 1``.
        validate : bool, default False
            Check the tables again, as :func:`referralgraph.from_frames` does
            (slower). By default they are trusted: :func:`partition` wrote them from
            a network that was already checked.
        """
        t = self.tables(bucket)
        if validate:
            from ..readwrite import from_frames

            return from_frames(t["contacts"], t["introductions"], t["meetings"], t.get("opportunities")).with_settings(
                self.settings
            )
        try:
            return ReferralNetwork(
                t["contacts"], t["introductions"], t["meetings"], opportunities=t.get("opportunities")
            ).with_settings(self.settings)
        except (KeyError, ValueError, TypeError, IndexError) as exc:
            if isinstance(exc, SchemaError):
                raise
            raise SchemaError(
                f"bucket {bucket} of {self.path} does not hold the tables partition writes "
                f"({type(exc).__name__}: {exc}); expected a dataset written by referralgraph "
                "partition (or load it with validate=True to see each problem)"
            ) from None


def open_dataset(path) -> PartitionedDataset:
    """Open a partitioned cohort dataset (written by :func:`partition`) without reading its buckets.

    Parameters
    ----------
    path : path
        The dataset folder.

    Returns
    -------
    PartitionedDataset

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    SchemaError
        If ``path`` is not a dataset folder.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = rg.partition(rg.demo(), pathlib.Path(tempfile.mkdtemp()) / "demo", buckets=1)
    >>> rg.open_dataset(folder).load(0).equals(rg.demo())
    True
    """
    return PartitionedDataset(path)


def is_dataset(path) -> bool:
    """True when ``path`` is a folder written by :func:`partition`."""
    p = Path(path) / MARKER
    if not p.is_file():
        return False
    try:
        return json.loads(p.read_text(encoding="utf-8")).get("format") == _FORMAT
    except ValueError:
        return False
