"""Quickstart: from the demo network to a report, an interactive map, a plot and a to-do list.

Run it::

    python examples/quickstart.py                 # writes into a new temporary folder
    python examples/quickstart.py --out results   # writes into ./results

What it writes into the output folder:

- ``my-search/``: the demo network as the three CSV files you would keep yourself
  (``contacts.csv``, ``introductions.csv``, ``meetings.csv``);
- ``report.md``: the plain-language report;
- ``map.html``: the interactive map (open it in any browser; it works offline);
- ``growth.png``: contacts over time;
- ``next-actions.csv``: what to do next, habit by habit.

Swap ``rg.demo()`` for ``rg.load("my-search")`` to run it on your own data.
"""

import argparse
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # draw into files, no window

import matplotlib.pyplot as plt  # noqa: E402

import referralgraph as rg  # noqa: E402


def main(out: Path) -> None:
    net = rg.demo()  # Maya Chen's four-month search for a UX research role
    print(net)

    # Keep the network as the spreadsheet-friendly files, then read them back.
    folder = rg.save(net, out / "my-search")
    net = rg.load(folder)

    # The report: how far the network reaches, how it grew, who opened the most doors.
    report = rg.report(net)
    (out / "report.md").write_text(report.to_markdown(), encoding="utf-8")
    print(report.to_text()[:600], "...", sep="\n")

    # The interactive map: one self-contained HTML file.
    rg.network_map(net).save(out / "map.html")

    # A static plot for a slide.
    fig, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    rg.plot_growth(net, ax=ax)
    fig.savefig(out / "growth.png", dpi=120)
    plt.close(fig)

    # What to do next. Pass `today` so the list does not depend on the clock.
    todo = rg.next_actions(net, as_of="2026-09-23", limit=3)
    todo.to_csv(out / "next-actions.csv", index=False)
    print(todo[["habit", "action"]].to_string(index=False))

    print(f"\nWrote {', '.join(sorted(p.name for p in out.iterdir()))} into {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="folder to write into (default: a new temporary folder)")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="referralgraph-quickstart-"))
    out.mkdir(parents=True, exist_ok=True)
    main(out)
