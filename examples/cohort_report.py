"""Cohort report: how a career center's seekers are doing, compared with each other.

Run it::

    python examples/cohort_report.py                         # a synthetic cohort, temp folder
    python examples/cohort_report.py --source cohort.xlsx --out results

Without ``--source`` it makes a synthetic cohort of 200 seekers and 20,000 contacts
(seeded, so every run gives the same numbers; 5% of contacts help more than one
seeker). It writes into the output folder:

- ``cohort-report.md``: the cohort report (spread of every metric, shared hubs, growth);
- ``seekers.csv``: one row per seeker, every metric (sort it to find who needs help);
- ``cohort-summary.csv``: mean and quantiles of every metric across seekers;
- ``shared-hubs.csv``: contacts who helped several seekers;
- ``cohort-map.html``: one node per seeker, linked when their trees share contacts.

Nothing in these files names a contact except ``shared-hubs.csv``; pass
``--anonymize`` to replace names and ids there and in the map with pseudonyms.
"""

import argparse
import tempfile
from pathlib import Path

import referralgraph as rg


def main(out: Path, source: Path | None, anonymize: bool) -> None:
    if source is None:
        net = rg.synthetic_cohort(n_seekers=200, n_contacts=20_000, shared_fraction=0.05, seed=42)
    else:
        net = rg.load(source)
    if anonymize:
        net = rg.anonymize(net)
    print(net)

    # Every seeker's metrics, and their spread across the cohort.
    seekers = rg.seeker_summary(net)
    seekers.to_csv(out / "seekers.csv", index=False)
    summary = rg.cohort_summary(net)
    summary.to_csv(out / "cohort-summary.csv", index=False)
    print(
        summary.set_index("metric").loc[
            ["contacts", "max_generation", "thank_you_24h_rate"], ["mean", "p10", "p50", "p90"]
        ]
    )

    # Seekers who may need a conversation with an advisor: the smallest networks.
    quiet = seekers.nsmallest(5, "contacts")[["seeker", "contacts", "asks", "thank_you_24h_rate"]]
    print("\nSmallest networks:\n" + quiet.to_string(index=False))

    # The people who help many seekers: worth thanking as a career center.
    hubs = rg.shared_hubs(net, min_seekers=2)
    hubs.to_csv(out / "shared-hubs.csv", index=False)
    print(f"\n{len(hubs)} contacts helped two or more seekers")

    # The report, and a map of the cohort with one node per seeker.
    (out / "cohort-report.md").write_text(rg.report(net).to_markdown(), encoding="utf-8")
    rg.network_map(net, aggregate="seeker").save(out / "cohort-map.html")
    print(f"\nWrote {', '.join(sorted(p.name for p in out.iterdir()))} into {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, help="a cohort as a CSV folder or .xlsx (default: synthetic)")
    parser.add_argument("--anonymize", action="store_true", help="replace every person by a pseudonym first")
    parser.add_argument("--out", type=Path, help="folder to write into (default: a new temporary folder)")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="referralgraph-cohort-"))
    out.mkdir(parents=True, exist_ok=True)
    main(out, args.source, args.anonymize)
