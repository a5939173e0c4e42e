"""LinkedIn import: add the people in LinkedIn's Connections.csv to the network you keep.

Run it::

    python examples/linkedin_import.py                     # a small made-up export, temp folder
    python examples/linkedin_import.py --connections ~/Downloads/Connections.csv --out results

It starts from a small network you might already keep (three contacts, one
introduction), adds the connections of a LinkedIn export, prints what happened to
each connection (matched by URL, by e-mail or by name, added, skipped) and writes
into the output folder:

- ``my-search/``: the merged network as CSV files (load it with ``rg.load``);
- ``linkedin-report.csv``: one row per connection and what was done with it.

Your own network is never changed in place: ``merge_linkedin`` returns a new one.
See docs/linkedin.md for how to download the export.
"""

import argparse
import tempfile
from pathlib import Path

import pandas as pd

import referralgraph as rg

#: A tiny export in LinkedIn's current shape: a "Notes:" preamble, then the header.
SAMPLE_EXPORT = """\
Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Jordan,Lee,https://www.linkedin.com/in/jordan-lee-ux,,Acme Health,UX Researcher,12 Jan 2026
Priya,Shah,https://www.linkedin.com/in/priyashah,priya@example.com,Acme Health,Design Manager,03 Feb 2026
Tom,Baker,https://www.linkedin.com/in/tom-baker-pm,,Northwind,Product Manager,20 Feb 2026
Ines,Garcia,https://www.linkedin.com/in/ines-garcia,,Lakeshore University,Career Advisor,05 Mar 2026
"""


def my_network() -> rg.ReferralNetwork:
    """The network you already keep: you, Jordan (whom you met) and Priya (Jordan's introduction)."""
    contacts = pd.DataFrame(
        {
            "name": ["Sam Rivera", "Jordan Lee", "Priya Shah"],
            "organization": ["", "Acme Health", ""],
            "email": ["", "", "priya@example.com"],
            "is_seeker": ["yes", "", ""],
        }
    )
    introductions = pd.DataFrame(
        {"introducer": ["Jordan Lee"], "introduced": ["Priya Shah"], "date": ["2026-02-02"], "status": ["met"]}
    )
    meetings = pd.DataFrame(
        {
            "contact": ["Jordan Lee", "Priya Shah"],
            "date": ["2026-01-20", "2026-02-05"],
            "asked_for_introductions": ["yes", "yes"],
            "thank_you_sent": ["2026-01-20", "2026-02-06"],
        }
    )
    return rg.from_frames(contacts, introductions, meetings)


def main(out: Path, connections: Path | None) -> None:
    if connections is None:
        connections = out / "Connections.csv"
        connections.write_text(SAMPLE_EXPORT, encoding="utf-8")

    # 1. Read the export on its own: a contacts table, plus anything worth knowing.
    contacts, problems = rg.read_linkedin(connections, problems=True)
    print(f"{len(contacts)} connections in {connections.name}")
    if not problems.empty:
        print(problems[["row", "severity", "message"]].to_string(index=False))

    # 2. Merge them into your network: returns a new network and a report.
    net = my_network()
    merged, report = rg.merge_linkedin(net, connections, report=True)
    print(report[["name", "action", "id"]].to_string(index=False))
    print(f"before: {net}\nafter:  {merged}")

    # 3. Keep the result, and the report.
    rg.save(merged, out / "my-search")
    report.to_csv(out / "linkedin-report.csv", index=False)
    print(f"\nWrote my-search/ and linkedin-report.csv into {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--connections", type=Path, help="your Connections.csv (default: a small made-up export)")
    parser.add_argument("--out", type=Path, help="folder to write into (default: a new temporary folder)")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="referralgraph-linkedin-"))
    out.mkdir(parents=True, exist_ok=True)
    main(out, args.connections)
