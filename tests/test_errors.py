"""One error convention: every error raised on purpose is a ReferralGraphError that is also the built-in."""

import ast
import functools
from pathlib import Path

import pandas as pd
import pytest

import referralgraph as rg
from referralgraph.drawing import layout

SRC = Path(__file__).resolve().parents[1] / "src" / "referralgraph"

#: built-ins the library must not raise itself: raise the ReferralGraphError subclass that inherits them
BUILTINS = {
    "ValueError",
    "TypeError",
    "KeyError",
    "RuntimeError",
    "AssertionError",
    "IndexError",
    "LookupError",
    "Exception",
}

#: code still being converted on other branches (the integrator empties this list at merge);
#: an entry is a folder ("analysis/"), a file ("model/privacy.py") or one function ("file.py::name")
NOT_YET_CONVERTED = ()


def _matches(where: str, entry: str) -> bool:
    """Whether ``file.py::function`` falls under an allow-list entry (a folder, a file or a function)."""
    if entry.endswith("/"):
        return where.startswith(entry)
    return where == entry if "::" in entry else where.split("::")[0] == entry


def _allowed(where: str) -> bool:
    return any(_matches(where, entry) for entry in NOT_YET_CONVERTED)


def _violations(src=None):
    return _scan(src or SRC)


@functools.lru_cache(maxsize=None)
def _parsed(path: Path) -> ast.Module:
    """One parse per file for every scan of this module (the source does not change while tests run)."""
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@functools.lru_cache(maxsize=None)
def _scan(src: Path) -> tuple:
    found = []
    for path in sorted(src.rglob("*.py")):
        rel = path.relative_to(src).as_posix()
        tree = _parsed(path)
        functions = {}  # node -> the top-level function or class it is in
        for top in tree.body:
            for node in ast.walk(top):
                functions[node] = getattr(top, "name", "")
        for node in ast.walk(tree):
            where = f"{rel}::{functions.get(node, '')}"
            if isinstance(node, ast.Assert):
                found.append((where, node.lineno, "assert (vanishes under python -O)"))
            elif isinstance(node, ast.Raise) and node.exc is not None:
                exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
                name = getattr(exc, "id", None) or getattr(exc, "attr", None)
                if name in BUILTINS:
                    found.append((where, node.lineno, f"raise {name}"))
    return tuple(found)


def test_no_builtin_raises_or_asserts_in_the_library():
    bad = [f"{where.split('::')[0]}:{line}: {what}" for where, line, what in _violations() if not _allowed(where)]
    assert not bad, (
        "raise the ReferralGraphError subclass that inherits the built-in (OptionError, "
        "ArgumentTypeError, SchemaError, ...) from referralgraph.exceptions:\n" + "\n".join(bad)
    )


def test_allow_list_is_still_needed():
    """An entry whose code has been converted must leave NOT_YET_CONVERTED, so the list only shrinks."""
    found = [where for where, _, _ in _violations()]
    done = [entry for entry in NOT_YET_CONVERTED if not any(_matches(where, entry) for where in found)]
    assert not done, f"converted already, remove from NOT_YET_CONVERTED: {done}"


def test_the_check_finds_a_builtin_raise(tmp_path):
    (tmp_path / "bad.py").write_text("def f(x):\n    assert x\n    raise ValueError('no')\n")
    assert [what for _, _, what in _violations(tmp_path)] == ["assert (vanishes under python -O)", "raise ValueError"]


def _net():
    return rg.from_frames(
        pd.DataFrame({"id": ["me", "ann"], "name": ["Me", "Ann"], "is_seeker": ["yes", ""]}),
        pd.DataFrame({"introducer": ["me"], "introduced": ["ann"]}),
    )


@pytest.mark.parametrize(
    ("call", "error", "builtin", "match"),
    [
        (
            lambda: rg.synthetic_cohort(seekers="x"),
            rg.ArgumentTypeError,
            TypeError,
            r"unknown option 'seekers' \(did you mean 'n_seekers'\?\)",
        ),
        (
            lambda: rg.synthetic_cohort(n_seekers="x"),
            rg.ArgumentTypeError,
            TypeError,
            r"n_seekers must be an integer \(got 'x'",
        ),
        (lambda: rg.synthetic_tables(dispersion=0), rg.OptionError, ValueError, r"dispersion must be .* > 0 \(got 0\)"),
        (
            lambda: rg.from_frames(contacts="contacts.csv"),
            rg.ArgumentTypeError,
            TypeError,
            r"contacts must be a pandas DataFrame \(got str\)",
        ),
        (
            lambda: rg.merge_linkedin("net", pd.DataFrame({"name": ["Ann"]})),
            rg.ArgumentTypeError,
            TypeError,
            r"net must be a ReferralNetwork",
        ),
        (
            lambda: rg.from_linkedin(pd.DataFrame({"name": ["Ann"]}), seeker=" "),
            rg.OptionError,
            ValueError,
            r"seeker must be the seeker's name",
        ),
        (
            lambda: rg.anonymize(_net(), salt=3),
            rg.ArgumentTypeError,
            TypeError,
            r"salt must be a str or bytes \(got int\)",
        ),
        (
            lambda: rg.plot_tree(_net(), color_by="shoe size"),
            rg.OptionError,
            ValueError,
            r"color_by must be one of .* \(got 'shoe size'\)",
        ),
        (lambda: rg.plot_tree(_net(), max_nodes=0), rg.OptionError, ValueError, r"max_nodes must be an integer >= 1"),
        (
            lambda: rg.plot_growth(["not", "a", "table"]),
            rg.ArgumentTypeError,
            TypeError,
            r"data must be .* \(got list\)",
        ),
        (
            lambda: rg.plot_forecast(pd.DataFrame(), met="yes"),
            rg.ArgumentTypeError,
            TypeError,
            r"met must be True or False",
        ),
        (lambda: rg.save_figure(None, "figure.jpg"), rg.OptionError, ValueError, r"ending in .png, .svg or .pdf"),
        (
            lambda: layout.tree_layout([-1], [0], [0], kind="spring"),
            rg.OptionError,
            ValueError,
            r"layout must be one of",
        ),
    ],
)
def test_errors_are_referralgraph_errors_and_builtins(call, error, builtin, match):
    with pytest.raises(error, match=match) as info:
        call()
    assert isinstance(info.value, rg.ReferralGraphError) and isinstance(info.value, builtin)


#: warning classes a library warning may use: its own, or Python's DeprecationWarning for a renamed option
_WARNING_CLASSES = {"DeprecationWarning", "FutureWarning"} | {
    name
    for name, value in vars(rg.exceptions).items()
    if isinstance(value, type) and issubclass(value, rg.ReferralGraphWarning)
}


def _untyped_warnings(src: Path) -> list[str]:
    """``warnings.warn`` calls without one of the library's warning classes, as ``file:line``."""
    found = []
    for path in sorted(src.rglob("*.py")):
        for node in ast.walk(_parsed(path)):
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "warnings.warn":
                category = (
                    node.args[1]
                    if len(node.args) > 1
                    else next((k.value for k in node.keywords if k.arg == "category"), None)
                )
                name = ast.unparse(category).split(".")[-1] if category is not None else "UserWarning"
                if name not in _WARNING_CLASSES:
                    found.append(f"{path.relative_to(src)}:{node.lineno} ({name})")
    return found


def test_warnings_use_the_library_classes():
    """Every warning is a ReferralGraphWarning (so ``simplefilter(..., rg.ReferralGraphWarning)`` reaches it all)."""
    assert _untyped_warnings(SRC) == []


def test_the_warning_check_can_fail(tmp_path):
    (tmp_path / "m.py").write_text(
        "import warnings\nwarnings.warn('x')\nwarnings.warn('y', UserWarning)\n"
        "warnings.warn('z', ReferralGraphWarning)\n",
        encoding="utf-8",
    )
    assert _untyped_warnings(tmp_path) == ["m.py:2 (UserWarning)", "m.py:3 (UserWarning)"]
