"""``referralgraph partition``, and ``metrics`` on a partitioned dataset (cohorts past one machine)."""

from __future__ import annotations

import click

from ._common import force_option, friendly_errors, load_source, source_options


@click.command("partition")
@click.argument("source", type=click.Path(exists=True))
@click.argument("dataset", type=click.Path())
@click.option(
    "--buckets",
    required=True,
    type=click.IntRange(min=1),
    metavar="N",
    help="Number of buckets; aim for 10^5-10^6 contacts a bucket (one bucket is what a worker holds).",
)
@force_option("Replace an earlier dataset at DATASET (never a folder of other files).")
@source_options
@friendly_errors
def partition_command(source, dataset, buckets, force, lenient, date_format, dayfirst):
    """Write a cohort as a Parquet dataset bucketed by seeker, for metrics past one machine.

    Every seeker's referral tree is whole in one bucket; a contact in the trees of
    seekers of several buckets is written to each of them (see docs/scale.md). Then
    run `referralgraph metrics DATASET --per-contact OUT/ [--engine dask]`.

    \b
    Example:
        referralgraph partition cohort cohort-dataset --buckets 16
        referralgraph metrics cohort-dataset --per-contact metrics/ --engine dask
    """
    from .. import open_dataset, partition

    net = load_source(source, lenient=lenient, date_format=date_format, dayfirst=dayfirst)
    path = partition(net, dataset, buckets=buckets, overwrite=force)
    ds = open_dataset(path)
    shared = len(ds.shared_contacts)
    seekers = len(net.seekers)
    click.echo(
        f"Wrote {buckets:,} bucket{'s' if buckets != 1 else ''} ({seekers:,} seeker{'s' if seekers != 1 else ''}, "
        f"{len(net):,} contacts, {shared:,} in several buckets) to {path}"
    )


commands = [partition_command]
