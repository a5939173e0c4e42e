"""The cohort runner: the ordinary metric functions run bucket by bucket, the cohort-wide parts combined exactly.

Every per-contact and per-seeker figure depends on one seeker's tree only, so a
bucket's :func:`~referralgraph.contact_metrics`, :func:`~referralgraph.seeker_summary`
and :func:`~referralgraph.growth` are the in-memory results' rows for its seekers.
Three things are cohort-wide and are handled here:

- the reference day (dormancy, growth's last period): without ``as_of``, the latest
  date of the whole cohort, stored in the dataset, is given to every bucket whose own
  latest date is earlier;
- :func:`~referralgraph.cohort_summary`: the quantiles are computed exactly from the
  per-seeker summaries of all buckets (one row of 26 numbers per seeker, so 10^6
  seekers need ~200 MB), in the cohort's seeker order, so even the means are the same
  to the last bit;
- :func:`~referralgraph.shared_hubs`: hubs within one bucket come out whole; a contact
  written to several buckets has its per-bucket rows added up.

Engines: ``"local"`` runs the buckets one after the other in this process (memory:
one bucket at a time); ``"dask"`` sends one task per bucket to a Dask cluster
(:mod:`dask.distributed`), a local one it starts itself or any cluster by address.
Workers read the dataset and write the results themselves, so both folders must be
on storage every worker sees.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .. import _clock
from .._checks import check_choice, check_int
from ..analysis.facts import ARCHIVED_AFTER_DAYS, choose_reference
from ..analysis import contact_metrics, growth, seeker_summary, shared_hubs
from ..analysis.summary import SUMMARY_COLUMNS, summary_quantiles
from ..exceptions import ArgumentTypeError, OptionError, SchemaError
from ._scheduler import CONNECT_TIMEOUT, parse_scheduler, probe_scheduler
from .dataset import MARKER, PartitionedDataset, atomic_folder, open_dataset
from ..model.vocabulary import DORMANT_DAYS

# the stored seeker summary (reach_by_generation as JSON text), as every metric file holds it
from ..readwrite.metricfiles import summary_cells as summary_to_frame, summary_from_cells as summary_from_frame

__all__ = [
    "partitioned_metrics",
    "PartitionedResult",
    "RESULT_TABLES",
    "OUTCOME_TABLES",
    "ENGINES",
    "run_buckets",
    "TABLE_FORMAT",
    "summary_to_frame",
    "summary_from_frame",
    "write_table_marker",
    "part_files",
    "cohort_reference",
    "cohort_reference_note",
]

#: the per-bucket tables :func:`partitioned_metrics` can write
RESULT_TABLES = ("contact_metrics", "seeker_summary", "growth")
#: tables written on request only (``tables=``): what the searches led to (issue 24)
OUTCOME_TABLES = ("funnel", "outcome_credit")
#: the engines
ENGINES = ("local", "dask")
_FORMAT = "referralgraph-partitioned-results"
#: the format named in a single table folder's marker
TABLE_FORMAT = _FORMAT + "-table"
_NUMERIC = [c for c in SUMMARY_COLUMNS if c not in ("seeker", "reach_by_generation", "first_meeting", "as_of")]


def _part(bucket: int) -> str:
    return f"part-{bucket:05d}.parquet"


def write_table_marker(folder, table: str, buckets: int) -> None:
    """Mark a table folder as written by referralgraph (Parquet readers skip ``_`` files)."""
    (Path(folder) / MARKER).write_text(
        json.dumps({"format": TABLE_FORMAT, "table": table, "buckets": buckets}) + "\n", encoding="utf-8"
    )


def part_files(folder, buckets: int) -> list[Path]:
    """The per-bucket files of a table folder, in bucket order."""
    return [Path(folder) / _part(b) for b in range(buckets)]


def _write(frame: pd.DataFrame, path: Path) -> None:
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)


# ---------------------------------------------------------------------------- one bucket
def _bucket_task(job: dict) -> dict:
    """Everything for one bucket (runs in a worker): write its tables, return the small cohort parts."""
    ds = PartitionedDataset(job["dataset"])
    b = job["bucket"]
    net = ds.load(b)
    as_of = job["as_of"]
    if as_of is None and job["latest"] is not None and job["bucket_latest"] != job["latest"]:
        as_of = job["latest"]  # the cohort's reference day, not this bucket's own latest date
    opts = {"as_of": as_of, "dormant_days": job["dormant_days"]}
    folders = job["folders"]
    rows = {}
    shared = ds.shared_contacts["contact"] if job["hubs"] and job["any_shared"] else pd.Series(dtype="str")
    cross = net.ids.isin(shared) if len(shared) else np.zeros(len(net.ids), bool)
    hub_parts = None
    if "contact_metrics" in folders or cross.any():
        table = contact_metrics(net, **opts)
        if "contact_metrics" in folders:
            _write(table, Path(folders["contact_metrics"]) / _part(b))
            rows["contact_metrics"] = len(table)
        if cross.any():  # shared_hubs has no as_of: the whole data (the cohort's own latest day changes nothing)
            hub_parts = _hub_parts(table if job["as_of"] is None else contact_metrics(net), shared)
        del table
    summary = seeker_summary(net, **opts) if job["cohort"] or "seeker_summary" in folders else None
    if summary is not None and "seeker_summary" in folders:
        _write(summary_to_frame(summary), Path(folders["seeker_summary"]) / _part(b))
        rows["seeker_summary"] = len(summary)
    if "growth" in folders:
        table = growth(net, freq=job["freq"], as_of=as_of)
        _write(table, Path(folders["growth"]) / _part(b))
        rows["growth"] = len(table)
    if "funnel" in folders:  # per seeker: the whole network's row is not a sum of the buckets' rows
        from ..analysis.outcomes import funnel

        table = funnel(net, as_of=as_of)
        table = table[table["seeker"].notna()].reset_index(drop=True)
        table.attrs = {}  # the reference date is the run's (pyarrow cannot store a Timestamp in the schema)
        _write(table, Path(folders["funnel"]) / _part(b))
        rows["funnel"] = len(table)
    if "outcome_credit" in folders:
        from ..analysis.outcomes import outcome_credit

        table = outcome_credit(net, as_of=as_of)
        table.attrs = {}
        _write(table, Path(folders["outcome_credit"]) / _part(b))
        rows["outcome_credit"] = len(table)
    out = {
        "bucket": b,
        "rows": rows,
        "numeric": summary[_NUMERIC].astype("float64") if job["cohort"] and summary is not None else None,
    }
    if job["hubs"]:
        hubs = shared_hubs(net, min_seekers=job["min_seekers"])
        if hub_parts is not None:
            hubs = hubs[~hubs["contact"].isin(shared).to_numpy()]
        out["hubs"] = hubs
        out["hub_parts"] = hub_parts
    return out


def _hub_parts(table: pd.DataFrame, shared: pd.Series) -> pd.DataFrame:
    """The rows of :func:`contact_metrics` of contacts stored in several buckets (the parts of their hub rows).

    :func:`shared_hubs` counts, per contact, the trees it is in (its rows of the
    per-contact table), their ``descendants`` and ``direct_introductions``; those sums
    add up across buckets.
    """
    keep = table["contact"].isin(shared).to_numpy()
    return table.loc[
        keep, ["contact", "name", "organization", "seeker", "descendants", "direct_introductions"]
    ].reset_index(drop=True)


def _combine_hubs(results: list[dict], min_seekers: int) -> pd.DataFrame:
    """Hubs of the whole cohort: each bucket's own, plus the shared contacts' rows summed over buckets."""
    local = [r["hubs"] for r in results]
    found = [r["hub_parts"] for r in results if r["hub_parts"] is not None]
    if found:
        parts = pd.concat(found, ignore_index=True)  # bucket order = the cohort's seeker order
        g = parts.groupby("contact", sort=True)
        merged = pd.DataFrame(
            {
                "contact": pd.Series(g.size().index.to_numpy(), dtype="str"),
                "name": g["name"].first().to_numpy(),
                "organization": g["organization"].first().to_numpy(),
                "seekers": g.size().to_numpy(dtype=np.int64),
                "total_descendants": g["descendants"].sum().to_numpy(dtype=np.int64),
                "total_direct_introductions": g["direct_introductions"].sum().to_numpy(dtype=np.int64),
                "seeker_ids": pd.Series(g["seeker"].agg(list).tolist(), dtype=object),
            }
        )
        local.append(merged[merged["seekers"].to_numpy() >= min_seekers])
    if not local:  # a dataset without buckets
        local = [shared_hubs(_TINY)]
    hubs = pd.concat(local, ignore_index=True)
    for col in ("contact", "name", "organization"):
        hubs[col] = hubs[col].astype("str")
    return hubs.sort_values(
        ["seekers", "total_descendants", "contact"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


# ---------------------------------------------------------------------------- engines
def _run_local(jobs: list[dict]) -> list[dict]:
    return [_bucket_task(job) for job in jobs]


def _run_dask(jobs: list[dict], scheduler, workers: int | None) -> list[dict]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - depends on the environment
        raise OptionError(
            "engine='dask' needs dask.distributed; install it with python3 -m pip install 'referralgraph[dask]'"
        ) from None
    with contextlib.ExitStack() as stack:
        if scheduler is None:
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=workers or min(os.cpu_count() or 1, 4),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",
                )
            )  # a free port: never clash with a dashboard already running
            client = stack.enter_context(Client(cluster))
        elif isinstance(scheduler, str):
            address = probe_scheduler(scheduler)
            try:
                client = stack.enter_context(Client(address, timeout=3 * CONNECT_TIMEOUT))
            except (OSError, TimeoutError) as exc:
                raise OptionError(
                    f"cannot use the scheduler at {address} ({exc}); expected a running Dask scheduler at that address"
                ) from None
        elif isinstance(scheduler, Client):
            client = scheduler
        else:
            raise ArgumentTypeError(
                "scheduler must be a Dask scheduler address such as 'tcp://10.0.0.5:8786' or "
                f"a dask.distributed.Client (got {type(scheduler).__name__})"
            )
        futures = client.map(_bucket_task, jobs, pure=False)
        return client.gather(futures)


def run_buckets(
    ds: PartitionedDataset,
    folders: dict,
    *,
    engine: str = "local",
    scheduler=None,
    workers: int | None = None,
    as_of=None,
    dormant_days: int = DORMANT_DAYS,
    freq: str = "W",
    quantiles=(0.1, 0.25, 0.5, 0.75, 0.9),
    min_seekers: int = 2,
    hubs: bool = True,
    cohort: bool = True,
) -> dict:
    """Run every bucket, writing ``part-NNNNN.parquet`` into the given folders; return the combined parts.

    ``folders`` maps a name of :data:`RESULT_TABLES` to an existing folder. Returns
    ``{"rows": {table: rows}, "cohort_summary": DataFrame or None, "shared_hubs": DataFrame or None}``
    (``cohort`` and ``hubs`` say whether to compute the last two).
    """
    engine = check_choice("engine", engine, ENGINES)
    dormant_days = check_int("dormant_days", dormant_days, minimum=0)
    min_seekers = check_int("min_seekers", min_seekers, minimum=1)
    qs = _check_options(as_of, dormant_days, freq, quantiles)
    if engine == "local" and scheduler is not None:
        raise OptionError(
            "a scheduler is only used by engine='dask'; expected engine='dask' with "
            f"scheduler={scheduler!r}, or no scheduler"
        )
    if engine == "dask" and isinstance(scheduler, str):
        parse_scheduler(scheduler)  # a malformed address is refused before any work
    unknown = sorted(set(folders) - set(RESULT_TABLES + OUTCOME_TABLES))
    if unknown:
        raise OptionError(f"unknown result tables {unknown}; expected some of {list(RESULT_TABLES + OUTCOME_TABLES)}")
    latest = ds.latest_date.date().isoformat() if ds.latest_date is not None else None
    if as_of is not None:
        as_of = str(pd.Timestamp(as_of).isoformat())
    else:  # the one rule of docs/metrics.md, on the whole cohort: every bucket measures the same day
        day = cohort_reference(ds)
        as_of = None if day is None else day.date().isoformat()
    info = ds.info
    any_shared = bool(hubs and len(ds.shared_contacts))
    jobs = [
        {
            "dataset": str(ds.path),
            "bucket": b,
            "folders": {k: str(v) for k, v in folders.items()},
            "as_of": as_of,
            "latest": latest,
            "bucket_latest": None
            if pd.isna(info["latest_date"].iat[b])
            else info["latest_date"].iat[b].date().isoformat(),
            "dormant_days": dormant_days,
            "freq": freq,
            "hubs": hubs,
            "min_seekers": min_seekers,
            "any_shared": any_shared,
            "cohort": cohort,
        }
        for b in range(ds.buckets)
    ]
    if engine == "local":
        if workers is not None:
            raise OptionError("workers is only used by engine='dask' (the local engine runs one bucket at a time)")
        results = _run_local(jobs)
    else:
        if workers is not None:
            workers = check_int("workers", workers, minimum=1)
        results = _run_dask(jobs, scheduler, workers)
    results = sorted(results, key=lambda r: r["bucket"])
    rows = {t: sum(r["rows"].get(t, 0) for r in results) for t in folders}
    summary = None
    if cohort:
        numeric = (
            pd.concat([r["numeric"] for r in results], ignore_index=True)
            if results
            else pd.DataFrame({c: pd.Series(dtype="float64") for c in _NUMERIC})
        )
        summary = summary_quantiles(numeric, qs)
    return {
        "rows": rows,
        "cohort_summary": summary,
        "shared_hubs": _combine_hubs(results, min_seekers) if hubs else None,
    }


_TINY = None


def cohort_reference(ds: PartitionedDataset) -> pd.Timestamp | None:
    """The reference day of a partitioned cohort, by the rule the in-memory pipeline uses (pinned, today, or an archive's end).

    Rows dated after it are scheduled and left out in every bucket, as in memory.
    """
    pinned = ds.settings.as_of
    if pinned is not None:
        return pinned
    clock = _clock.today()
    if ds.latest_date is None:
        return clock
    last = ds.latest_date if ds.latest_date <= clock else _latest_until(ds, clock)
    old = last is not None and (clock - last).days > ARCHIVED_AFTER_DAYS
    return choose_reference(not old or _has_activity(ds), last, clock)[0]


def _has_activity(ds: PartitionedDataset) -> bool:
    """Whether any introduction or meeting of the cohort is dated (read only when the data's dates are old)."""
    return _latest_until(ds, None, tables=("introductions", "meetings")) is not None


def cohort_reference_note(ds: PartitionedDataset, as_of=None) -> tuple[pd.Timestamp, str]:
    """The reference day of a partitioned cohort and why it was chosen, in the words every text output uses."""
    if as_of is not None:
        return pd.Timestamp(as_of).normalize(), "as given"
    day = cohort_reference(ds)
    if ds.settings.as_of is not None:
        return day, f"pinned in {Path(str(ds.settings.path)).name}"
    if day == _clock.today():
        return day, "today"
    return day, f"the last date in the data, over {ARCHIVED_AFTER_DAYS} days ago"


def _latest_until(
    ds: PartitionedDataset, clock: pd.Timestamp | None, tables=("contacts", "introductions", "meetings")
) -> pd.Timestamp | None:
    """The latest date of ``tables`` on or before the end of ``clock``'s day (any date when ``clock`` is None)."""
    end = None if clock is None else (clock + pd.Timedelta(days=1)).to_datetime64()
    best = None
    columns = {
        "contacts": ("first_contact",),
        "introductions": ("date",),
        "meetings": ("date", "thank_you_sent", "handwritten_note_date"),
    }
    for b in range(ds.buckets):
        for name, frame in ds.tables(b).items():
            for col in columns.get(name, ()) if name in tables else ():
                if col in frame.columns and len(frame):
                    d = frame[col].to_numpy(dtype="datetime64[ns]")
                    d = d[~np.isnat(d) & (True if end is None else d < end)]
                    if len(d):
                        best = d.max() if best is None else max(best, d.max())
    return pd.Timestamp(best).normalize() if best is not None else None


def _check_options(as_of, dormant_days, freq, quantiles) -> tuple[float, ...]:
    """Check the options with the metric functions themselves (same messages), before any bucket is read."""
    global _TINY
    from ..analysis import cohort_summary

    if _TINY is None:
        from ..readwrite import from_frames

        _TINY = from_frames(pd.DataFrame({"name": ["s"], "is_seeker": ["yes"]}))
    growth(_TINY, freq=freq, as_of=as_of)
    cohort_summary(_TINY, quantiles=quantiles, as_of=as_of, dormant_days=dormant_days)
    return tuple(float(q) for q in quantiles)


# ---------------------------------------------------------------------------- the public runner
def partitioned_metrics(
    dataset,
    out,
    *,
    tables=RESULT_TABLES,
    engine: str = "local",
    scheduler=None,
    workers: int | None = None,
    as_of=None,
    dormant_days: int = DORMANT_DAYS,
    freq: str = "W",
    quantiles=(0.1, 0.25, 0.5, 0.75, 0.9),
    min_seekers: int = 2,
    overwrite: bool = False,
) -> PartitionedResult:
    """Compute the metrics of a partitioned cohort bucket by bucket and write them as a Parquet dataset.

    Each bucket is loaded as a network and measured with the ordinary functions
    (:func:`~referralgraph.contact_metrics`, :func:`~referralgraph.seeker_summary`,
    :func:`~referralgraph.growth`); the cohort-wide parts
    (:func:`~referralgraph.cohort_summary`, :func:`~referralgraph.shared_hubs`) are
    combined exactly. The results equal the in-memory ones row for row.

    Parameters
    ----------
    dataset : path or PartitionedDataset
        A dataset written by :func:`referralgraph.partition`.
    out : path
        The results folder to create::

            OUT/contact_metrics/part-00000.parquet ...   one file per bucket
            OUT/seeker_summary/part-00000.parquet ...
            OUT/growth/part-00000.parquet ...
            OUT/cohort_summary.parquet
            OUT/shared_hubs.parquet

        Each table folder reads as one table (``pandas.read_parquet(OUT /
        "contact_metrics")``, ``dask.dataframe.read_parquet``), with the columns of
        the CSV output (``reach_by_generation`` as JSON text, as in the CSV).
    tables : sequence of str, default ``contact_metrics``, ``seeker_summary``, ``growth``
        Which tables to write; also ``funnel`` (:func:`referralgraph.funnel`'s
        row per seeker: counts, conversions and median days equal to the
        in-memory ones; the intervals come from each bucket's own resamples) and
        ``outcome_credit`` (:func:`referralgraph.outcome_credit`, equal to the
        in-memory table up to row order: every tree is whole in one bucket).
    engine : {"local", "dask"}, default "local"
        ``local``: one bucket after the other in this process (memory: one bucket).
        ``dask``: one task per bucket on a Dask cluster.
    scheduler : str or dask.distributed.Client, optional
        With ``engine="dask"``: the cluster's scheduler address (e.g.
        ``"tcp://10.0.0.5:8786"``) or a client. By default a local cluster is
        started (one single-threaded worker process per core, up to 4) and closed.
    workers : int, optional
        Workers of that local cluster.
    as_of, dormant_days
        As for :func:`~referralgraph.contact_metrics`. Without ``as_of`` the
        reference day is the latest date of the whole cohort, as in memory.
    freq : str, default "W"
        Growth period, as for :func:`~referralgraph.growth`.
    quantiles : sequence of float
        As for :func:`~referralgraph.cohort_summary`.
    min_seekers : int, default 2
        As for :func:`~referralgraph.shared_hubs`.
    overwrite : bool, default False
        Replace an earlier results folder at ``out``.

    Returns
    -------
    PartitionedResult
        The results folder, with readers for each table.

    Raises
    ------
    OptionError
        If an option is out of range, or ``scheduler`` is given with ``engine="local"``.
    OverwriteError
        If ``out`` exists and ``overwrite`` is false (a folder that referralgraph did
        not write is never replaced).

    Notes
    -----
    Cohort quantiles are exact, not approximated: they are computed from every
    seeker's summary row (26 numbers a seeker) gathered in the cohort's seeker order.
    A contact written to several buckets appears in ``contact_metrics`` once per
    seeker, as in memory; for :func:`~referralgraph.shared_hubs` their per-bucket
    counts are added up.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> net = rg.synthetic_cohort(n_seekers=6, n_contacts=300, shared_fraction=0.1, seed=1)
    >>> ds = rg.partition(net, tmp / "cohort", buckets=3)
    >>> result = rg.partitioned_metrics(ds, tmp / "metrics")
    >>> result.contact_metrics().equals(rg.contact_metrics(net))
    True
    >>> result.cohort_summary.equals(rg.cohort_summary(net))
    True
    """
    if not isinstance(dataset, PartitionedDataset):
        dataset = open_dataset(dataset)
    if isinstance(tables, str):
        tables = (tables,)
    tables = tuple(tables)
    for t in tables:
        check_choice("tables", t, RESULT_TABLES + OUTCOME_TABLES)
    with atomic_folder(out, overwrite=overwrite, kind="results", replaces=_FORMAT) as tmp:
        folders = {}
        for t in tables:
            (tmp / t).mkdir()
            folders[t] = tmp / t
        combined = run_buckets(
            dataset,
            folders,
            engine=engine,
            scheduler=scheduler,
            workers=workers,
            as_of=as_of,
            dormant_days=dormant_days,
            freq=freq,
            quantiles=quantiles,
            min_seekers=min_seekers,
        )
        _write(combined["cohort_summary"], tmp / "cohort_summary.parquet")
        hubs = combined["shared_hubs"].copy()
        hubs["seeker_ids"] = [list(v) for v in hubs["seeker_ids"]]
        _write(hubs, tmp / "shared_hubs.parquet")
        for t in tables:
            write_table_marker(tmp / t, t, dataset.buckets)
        meta = {
            "format": _FORMAT,
            "version": 1,
            "dataset": str(dataset.path),
            "buckets": dataset.buckets,
            "tables": list(tables),
            "rows": combined["rows"],
            "engine": engine,
            "options": {
                "as_of": None if as_of is None else str(as_of),
                "dormant_days": dormant_days,
                "freq": freq,
                "quantiles": [float(q) for q in quantiles],
                "min_seekers": min_seekers,
            },
        }
        (tmp / MARKER).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return PartitionedResult(out)


class PartitionedResult:
    """A results folder written by :func:`partitioned_metrics`, read back lazily.

    The per-bucket tables are read whole by :meth:`contact_metrics`,
    :meth:`seeker_summary` and :meth:`growth` (for cohorts that fit in memory,
    and for tests); larger ones are read a bucket at a time with :meth:`bucket`
    or by any Parquet reader (pandas, pyarrow.dataset, dask.dataframe, DuckDB, Spark).

    Attributes
    ----------
    path : pathlib.Path
    buckets : int
    rows : dict
        Rows written per table.
    """

    def __init__(self, path) -> None:
        self.path = Path(path)
        try:
            meta = json.loads((self.path / MARKER).read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            raise SchemaError(
                f"{self.path} is not a results folder of partitioned_metrics (no readable {MARKER})"
            ) from None
        if meta.get("format") != _FORMAT:
            raise SchemaError(
                f"{self.path} is not a results folder of partitioned_metrics (it holds {meta.get('format')!r})"
            )
        self._meta = meta
        self.buckets = int(meta["buckets"])
        self.rows = dict(meta["rows"])

    def __repr__(self) -> str:
        return f"<PartitionedResult: {self.buckets} buckets, tables {', '.join(self._meta['tables'])}>"

    def _table(self, name: str) -> Path:
        if name not in self._meta["tables"]:
            raise OptionError(f"{name} was not written to {self.path}; it holds {', '.join(self._meta['tables'])}")
        return self.path / name

    def bucket(self, name: str, bucket: int) -> pd.DataFrame:
        """One bucket's rows of one table (``seeker_summary`` with ``reach_by_generation`` as dicts)."""
        bucket = check_int("bucket", bucket, minimum=0, maximum=self.buckets - 1)
        frame = pq.read_table(self._table(name) / _part(bucket)).to_pandas()
        return summary_from_frame(frame) if name == "seeker_summary" else frame

    def _whole(self, name: str) -> pd.DataFrame:
        return pd.concat([self.bucket(name, b) for b in range(self.buckets)], ignore_index=True)

    def contact_metrics(self) -> pd.DataFrame:
        """The whole per-contact table, equal to :func:`referralgraph.contact_metrics` of the cohort."""
        return self._whole("contact_metrics")

    def seeker_summary(self) -> pd.DataFrame:
        """The whole per-seeker table, equal to :func:`referralgraph.seeker_summary` of the cohort."""
        return self._whole("seeker_summary")

    def growth(self) -> pd.DataFrame:
        """The whole growth table, equal to :func:`referralgraph.growth` of the cohort."""
        return self._whole("growth")

    def funnel(self) -> pd.DataFrame:
        """Every seeker's funnel row (:func:`referralgraph.funnel`), written with ``tables=("funnel", ...)``."""
        return self._whole("funnel")

    def outcome_credit(self) -> pd.DataFrame:
        """The credit table (:func:`referralgraph.outcome_credit`), written with ``tables=("outcome_credit", ...)``."""
        return self._whole("outcome_credit")

    @property
    def cohort_summary(self) -> pd.DataFrame:
        """Equal to :func:`referralgraph.cohort_summary` of the cohort."""
        return pq.read_table(self.path / "cohort_summary.parquet").to_pandas()

    @property
    def shared_hubs(self) -> pd.DataFrame:
        """Equal to :func:`referralgraph.shared_hubs` of the cohort."""
        frame = pq.read_table(self.path / "shared_hubs.parquet").to_pandas()
        frame["seeker_ids"] = pd.Series([list(v) for v in frame["seeker_ids"]], dtype=object, index=frame.index)
        return frame
