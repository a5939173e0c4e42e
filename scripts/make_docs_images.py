"""Draw the pictures of the documentation from the demo network into docs/images/.

Run from the repository root::

    python3 scripts/make_docs_images.py            # keeps existing pictures
    python3 scripts/make_docs_images.py --force    # redraws them all

Every plot of :mod:`referralgraph.drawing.plotting` is drawn from ``rg.demo()`` and
written through the project's atomic writer. (The map screenshot is added here later.)
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import referralgraph as rg  # noqa: E402
from referralgraph.readwrite.files import atomic_path  # noqa: E402

IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"

#: file name -> (figure size in inches, how to draw it on an Axes)
PLOTS = {
    "plot-growth.png": ((8, 4.5), lambda net, ax: rg.plot_growth(net, ax=ax)),
    "plot-growth-by-generation.png": ((8, 4.5), lambda net, ax: rg.plot_growth(net, by_generation=True, ax=ax)),
    "plot-generations.png": ((8, 4.5), lambda net, ax: rg.plot_generations(net, ax=ax)),
    "plot-tree.png": ((10, 12), lambda net, ax: rg.plot_tree(net, labels=True, ax=ax)),
    "plot-tree-status.png": ((10, 12), lambda net, ax: rg.plot_tree(net, color_by="status", labels=False, ax=ax)),
    "plot-funnel.png": ((8, 4), lambda net, ax: rg.plot_funnel(net, ax=ax)),
    "plot-thank-you.png": ((8, 4.5), lambda net, ax: rg.plot_thank_you(net, ax=ax)),
}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--force", action="store_true", help="replace pictures that exist")
    parser.add_argument("--dpi", type=int, default=110)
    args = parser.parse_args(argv)
    IMAGES.mkdir(parents=True, exist_ok=True)
    net = rg.demo()
    for name, (size, draw) in PLOTS.items():
        target = IMAGES / name
        if target.exists() and not args.force:
            print(f"kept {target} (pass --force to redraw)")
            continue
        fig, ax = plt.subplots(figsize=size, layout="constrained")
        try:
            draw(net, ax)
            rg.save_figure(fig, target, overwrite=args.force, dpi=args.dpi)
        finally:
            plt.close(fig)
        print(f"wrote {target}")
    _map_screenshot(net, IMAGES / "map.png", force=args.force)


def _map_screenshot(net, target: Path, *, force: bool) -> None:
    """The demo map as headless Chromium draws it (needs playwright and Debian's chromium)."""
    if target.exists() and not force:
        print(f"kept {target} (pass --force to redraw)")
        return
    import tempfile

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        page_file = rg.network_map(net).save(Path(tmp) / "map.html")
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(page_file.resolve().as_uri())
            page.wait_for_function("window.__mapReady === true", timeout=60_000)
            with atomic_path(target, overwrite=force) as shot:
                page.screenshot(path=str(shot), type="png")
            browser.close()
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
