"""The documentation site builds with ``mkdocs build --strict``, covers the public API, and its tutorial works.

The build writes into a temporary folder, never into ``site/``. Without mkdocs (the
``docs`` extra) the build tests are skipped on a workstation and fail in CI (``CI`` set).
"""

import importlib.util
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import referralgraph as rg

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def _require_mkdocs() -> None:
    missing = [
        m
        for m in ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python")
        if importlib.util.find_spec(m.split(".")[0]) is None
        or (m == "mkdocstrings_handlers.python" and importlib.util.find_spec(m) is None)
    ]
    if missing:
        message = f"cannot build the docs without {missing}: python3 -m pip install -e '.[docs]'"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _nav_pages(nav) -> list[str]:
    pages = []
    for item in nav:
        if isinstance(item, str):
            pages.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                pages.extend(_nav_pages(value) if isinstance(value, list) else [value])
    return pages


def _config() -> dict:
    yaml = pytest.importorskip("yaml")  # comes with mkdocs

    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    _require_mkdocs()
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--clean",
            "--config-file",
            str(ROOT / "mkdocs.yml"),
            "--site-dir",
            str(out),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr[-6000:]}"
    return out


class TestBuild:
    def test_builds_strict(self, site):
        assert (site / "index.html").exists()
        for page in ("tutorial", "why", "cli", "changelog", "api", "api/metrics", "api/exceptions"):
            assert (site / page / "index.html").exists(), page

    def test_changelog_is_included(self, site):
        html = (site / "changelog" / "index.html").read_text(encoding="utf-8")
        first = next(
            line for line in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8").splitlines() if line.startswith("## ")
        )
        assert first[3:].split(" (")[0] in html

    def test_api_pages_render_docstrings(self, site):
        html = (site / "api" / "io" / "index.html").read_text(encoding="utf-8")
        assert 'id="referralgraph.load"' in html and "Parameters" in html

    def test_no_scripts_or_fonts_from_elsewhere(self, site):
        for page in site.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            remote = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', text)
            assert not remote, f"{page.relative_to(site)} loads {remote}"


class TestConfig:
    def test_every_page_is_in_the_nav(self):
        in_nav = set(_nav_pages(_config()["nav"]))
        pages = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
        assert not pages - in_nav, f"add these pages to the nav of mkdocs.yml: {sorted(pages - in_nav)}"
        assert not in_nav - pages, f"the nav of mkdocs.yml names missing pages: {sorted(in_nav - pages)}"

    def test_every_public_name_is_in_the_api_reference(self):
        text = "\n".join(p.read_text(encoding="utf-8") for p in (DOCS / "api").glob("*.md"))
        missing = [
            name for name in rg.__all__ if not re.search(rf"(::: referralgraph\.(?:[\w.]+\.)?{name}\b|`{name}`)", text)
        ]
        assert not missing, f"public names missing from docs/api/*.md: {missing}"


def _blocks(markdown: str):
    """(language, title, body) of every fenced code block, in order."""
    for lang, attrs, body in re.findall(r"^```(\w*)([^\n]*)\n(.*?)^```", markdown, re.S | re.M):
        title = re.search(r'title="([^"]+)"', attrs)
        yield lang, title.group(1) if title else None, body


class TestTutorial:
    """Follow docs/tutorial.md literally: its commands, its files, its Python, in its order."""

    def test_tutorial_works(self, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("MPLBACKEND", "Agg")
        namespace: dict = {}
        ran = {"bash": 0, "python": 0, "csv": 0}
        for lang, title, body in _blocks((DOCS / "tutorial.md").read_text(encoding="utf-8")):
            if lang == "csv" and title:
                (tmp_path / title).write_text(body, encoding="utf-8")
                ran["csv"] += 1
            elif lang == "bash":
                for line in body.splitlines():
                    line = line.split(" #")[0].strip()
                    if not line or line.startswith("#") or "pip install" in line:
                        continue
                    args = shlex.split(line)
                    assert args[0] == "referralgraph", line
                    result = subprocess.run(
                        [sys.executable, "-m", "referralgraph", *args[1:]],
                        cwd=tmp_path,
                        capture_output=True,
                        text=True,
                        timeout=300,
                    )
                    assert result.returncode == 0, f"`{line}` failed:\n{result.stdout}\n{result.stderr}"
                    ran["bash"] += 1
            elif lang == "python":
                exec(compile(body, "docs/tutorial.md", "exec"), namespace)  # noqa: S102 - our own docs
                ran["python"] += 1
        assert ran["csv"] == 4 and ran["bash"] >= 5 and ran["python"] >= 4, ran
        for made in ("demo-map.html", "my-map.html", "my-map-from-python.html"):
            assert (tmp_path / made).stat().st_size > 10_000, made
        net = namespace["net"]
        assert net.seekers == ["me"] and len(net.contacts) == 6
        assert net.tree_table()["generation"].max() == 5
