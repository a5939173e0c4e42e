"""Every notebook in notebooks/ runs top to bottom in a fresh ``python3`` kernel, and is stored without outputs.

The notebooks are executed in memory with nbclient (a per-cell timeout, the working
directory a temporary folder) and never written back. A missing Jupyter kernel skips
these tests on a workstation but fails them in CI (``CI`` set): ``ipykernel`` from the
test extras provides the ``python3`` kernel; if a machine still has none, run
``python3 -m ipykernel install --user --name python3``.
"""

import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
KERNEL = "python3"
CELL_TIMEOUT = 180  # seconds; each notebook takes well under a minute in total

#: stderr text a fresh machine may print once, which is not a problem of the notebook
HARMLESS_STDERR = ("Matplotlib is building the font cache",)


def _require_kernel() -> None:
    try:
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

        KernelSpecManager().get_kernel_spec(KERNEL)
    except (ImportError, NoSuchKernel) as exc:
        message = (
            f"no Jupyter kernel named {KERNEL!r} ({exc!r}); install the test extras "
            f"(ipykernel) or run `python3 -m ipykernel install --user --name {KERNEL}`"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def test_the_four_notebooks_exist():
    assert [p.name for p in NOTEBOOKS] == [
        "01-getting-started.ipynb",
        "02-your-own-search.ipynb",
        "03-career-center-cohort.ipynb",
        "04-forecasting.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
class TestNotebook:
    def test_stored_without_outputs(self, path):
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        dirty = [
            i
            for i, cell in enumerate(nb.cells)
            if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
        ]
        assert not dirty, f"{path.name}: cells {dirty} have stored outputs; clear them before committing"
        assert nb.metadata.get("kernelspec", {}).get("name") == KERNEL

    def test_teaches(self, path):
        nb = nbformat.read(path, as_version=4)
        assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
        prose = sum(cell.cell_type == "markdown" for cell in nb.cells)
        assert prose >= len(nb.cells) // 3, f"{path.name}: explain the code in markdown cells"

    def test_runs_top_to_bottom(self, path, tmp_path, monkeypatch):
        _require_kernel()
        # Run as a user would: Jupyter's inline plots, not the Agg backend the test suite sets.
        monkeypatch.delenv("MPLBACKEND", raising=False)
        nb = nbformat.read(path, as_version=4)
        client = nbclient.NotebookClient(
            nb, kernel_name=KERNEL, timeout=CELL_TIMEOUT, resources={"metadata": {"path": str(tmp_path)}}
        )
        client.execute()  # raises CellExecutionError, naming the cell, on any error
        noise = [
            (i, out.text)
            for i, cell in enumerate(nb.cells)
            if cell.cell_type == "code"
            for out in cell.outputs
            if out.output_type == "stream" and out.name == "stderr" and not any(h in out.text for h in HARMLESS_STDERR)
        ]
        assert not noise, f"{path.name}: cells wrote to stderr (warnings a reader would see): {noise}"
        assert list(tmp_path.iterdir()) == [], f"{path.name} wrote into its working directory"
        kinds = {
            key for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs for key in out.get("data", {})
        }
        assert "text/html" in kinds or "text/markdown" in kinds
        if path.name == "01-getting-started.ipynb":  # the map displays inline, the plots as pictures
            outputs = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs]
            maps = [o for o in outputs if "NetworkMap" in o.get("data", {}).get("text/plain", "")]
            assert maps and all("<iframe" in o["data"]["text/html"] for o in maps)
            assert sum("image/png" in o.get("data", {}) for o in outputs) >= 3
