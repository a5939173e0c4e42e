"""Public means public: every name the API reference documents is importable from ``referralgraph``."""

import importlib
import re
from pathlib import Path

import referralgraph as rg

API = Path(__file__).resolve().parents[1] / "docs" / "api"


def _documented() -> set[str]:
    names = set()
    for page in API.glob("*.md"):
        names.update(re.findall(r"^::: (referralgraph(?:\.\w+)+)", page.read_text(encoding="utf-8"), re.MULTILINE))
    return names


def _resolve(path: str):
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            obj = getattr(obj, part)
        return obj
    raise ImportError(path)


def test_every_documented_name_is_top_level():
    documented = _documented()
    assert len(documented) > 40
    missing = sorted(p for p in documented if p.split(".")[-1] not in rg.__all__)
    assert not missing, f"documented but not in referralgraph.__all__ (add to _LAZY, or make it private): {missing}"


def test_deep_paths_name_the_same_object():
    """A page may document a name at its defining module (to avoid a clash with a module name); it is the same object."""
    for path in _documented():
        assert _resolve(path) is getattr(rg, path.split(".")[-1]), path


def test_index_table_lists_only_top_level_names():
    index = (API / "index.md").read_text(encoding="utf-8")
    rows = [line for line in index.splitlines() if line.startswith("| [")]
    names = {n for row in rows for n in re.findall(r"`(\w+)`", row)}
    assert names and not sorted(names - set(rg.__all__))
