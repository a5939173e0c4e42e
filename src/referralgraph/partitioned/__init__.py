"""Cohorts past one machine: a seeker-bucketed Parquet dataset and the metrics computed bucket by bucket.

- :mod:`~referralgraph.partitioned.dataset`: :func:`partition` writes a network as a
  dataset (every referral tree whole in one bucket), :func:`open_dataset` reads it back
  lazily, :class:`DatasetWriter` builds one bucket by bucket;
- :mod:`~referralgraph.partitioned.runner`: :func:`partitioned_metrics` runs the
  ordinary metric functions on every bucket (sequentially, or on a Dask cluster) and
  combines the cohort-wide parts exactly.
"""

from .dataset import DatasetWriter, PartitionedDataset, is_dataset, open_dataset, partition
from .runner import PartitionedResult, partitioned_metrics

__all__ = [
    "partition",
    "open_dataset",
    "is_dataset",
    "PartitionedDataset",
    "DatasetWriter",
    "partitioned_metrics",
    "PartitionedResult",
]
