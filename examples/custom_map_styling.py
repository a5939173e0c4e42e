"""Custom map styling: colour, size, layout, title and time-lapse of the interactive map.

Run it::

    python examples/custom_map_styling.py                # temp folder
    python examples/custom_map_styling.py --out maps

Each map is one self-contained HTML file (it works offline; open it in a browser).
It writes into the output folder:

- ``by-field.html``: coloured by each contact's field, sized by meetings, radial layout;
- ``by-branch.html``: coloured by branch (the direct contact each person came through);
- ``first-two-generations.html``: people up to generation 2, deeper ones collapsed
  into one "+k more" node per branch, no time-lapse slider;
- ``for-my-coach.html``: the same network with every person replaced by a pseudonym;
- ``pyvis-styled.html``: the map handed to pyvis and restyled with pyvis's API, for
  when the built-in options are not enough.
"""

import argparse
import html
import tempfile
from pathlib import Path

import referralgraph as rg


def main(out: Path) -> None:
    net = rg.demo()

    # Colour answers "what kind of people?"; size answers "how much did they matter?".
    m = rg.network_map(net, color_by="field", size_by="meetings", layout="radial", title="Maya's network by field")
    m.save(out / "by-field.html")
    print(m)

    # Which first conversation did each person come from? One colour per branch.
    rg.network_map(net, color_by="origin", title="Maya's network by branch").save(out / "by-branch.html")

    # A smaller, calmer picture for a slide: two generations, no slider.
    m = rg.network_map(net, max_generation=2, timeline=False, size_by="children")
    m.save(out / "first-two-generations.html")
    print(m)

    # Share the shape, not the people: pseudonyms, no e-mails, URLs or notes.
    m = rg.network_map(net, anonymize=True, title="A student's referral network")
    m.save(out / "for-my-coach.html")
    print(m)

    # The escape hatch: the same data as a pyvis Network you can restyle freely.
    g = rg.network_map(net, color_by="status").to_pyvis()
    for node in g.nodes:
        node["shape"] = "box" if node["shape"] == "dot" else node["shape"]
        node["font"] = {"size": 11, "face": "Georgia"}
    g.heading = html.escape("Maya's network, pyvis style")  # pyvis inserts the heading unescaped
    # generate_html() returns the page; writing it ourselves keeps pyvis from
    # touching the current folder. (pyvis's page links a CDN stylesheet; our own
    # map.save() pages are fully offline.)
    (out / "pyvis-styled.html").write_text(g.generate_html(), encoding="utf-8")

    print(f"\nWrote {', '.join(sorted(p.name for p in out.iterdir()))} into {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="folder to write into (default: a new temporary folder)")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="referralgraph-maps-"))
    out.mkdir(parents=True, exist_ok=True)
    main(out)
