"""Every script in examples/ runs as ``python examples/x.py --out DIR`` and writes what its docstring says."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

#: script -> files and folders it must write into --out
EXPECTED = {
    "quickstart.py": ["my-search/contacts.csv", "report.md", "map.html", "growth.png", "next-actions.csv"],
    "linkedin_import.py": ["Connections.csv", "my-search/contacts.csv", "linkedin-report.csv"],
    "cohort_report.py": ["cohort-report.md", "seekers.csv", "cohort-summary.csv", "shared-hubs.csv", "cohort-map.html"],
    "custom_map_styling.py": [
        "by-field.html",
        "by-branch.html",
        "first-two-generations.html",
        "for-my-coach.html",
        "pyvis-styled.html",
    ],
    "export_to_gephi.py": ["network.gexf", "network-anonymized.gexf", "network.graphml", "network.json"],
}


def _run(script: str, cwd: Path, *args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONWARNINGS": "error::FutureWarning", **(env_extra or {})}
    return subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


class TestExamples:
    def test_every_example_is_tested(self):
        assert sorted(p.name for p in EXAMPLES.glob("*.py")) == sorted(EXPECTED)

    @pytest.mark.parametrize("script", sorted(EXPECTED))
    def test_runs_and_writes_its_files(self, script, tmp_path):
        cwd, out = tmp_path / "cwd", tmp_path / "out"
        cwd.mkdir()
        result = _run(script, cwd, "--out", str(out))
        assert result.returncode == 0, f"{script} failed:\n{result.stdout}\n{result.stderr}"
        missing = [name for name in EXPECTED[script] if not (out / name).exists()]
        assert not missing, f"{script} did not write {missing}"
        assert all((out / name).stat().st_size > 0 for name in EXPECTED[script] if (out / name).is_file())
        assert list(cwd.iterdir()) == [], f"{script} wrote into the current folder"
        assert str(out) in result.stdout  # says where its output is

    @pytest.mark.parametrize("script", sorted(EXPECTED))
    def test_has_a_docstring_with_how_to_run(self, script):
        text = (EXAMPLES / script).read_text(encoding="utf-8")
        assert text.startswith('"""') and f"python examples/{script}" in text

    def test_default_output_is_a_temporary_folder(self, tmp_path):
        cwd, tmp = tmp_path / "cwd", tmp_path / "tmp"
        cwd.mkdir()
        tmp.mkdir()
        result = _run("export_to_gephi.py", cwd, env_extra={"TMPDIR": str(tmp)})
        assert result.returncode == 0, result.stderr
        assert list(cwd.iterdir()) == []
        (made,) = tmp.iterdir()
        assert (made / "network.gexf").exists()
