"""The layout rules of docs/architecture.md, checked on the source: layers and private names."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

SRC = Path(__file__).parents[1] / "src" / "referralgraph"

#: package -> packages it may import from (besides itself and the top-level private helpers)
ALLOWED = {
    "model": set(),
    "readwrite": {"model"},
    "datasets": {"model", "readwrite"},
    "analysis": {"model"},
    "reporting": {"model", "analysis"},
    "drawing": {"model", "analysis", "readwrite"},
    "partitioned": {"model", "readwrite", "analysis"},
    "cli": {"model", "readwrite", "datasets", "analysis", "reporting", "drawing", "partitioned"},
}


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        yield path, rel.parts


def _imports(path: Path, parts: tuple[str, ...]):
    """(absolute dotted module, imported names, line) for every import of referralgraph code in a file."""
    tree = _tree(path)
    package = ["referralgraph", *parts[:-1]]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.split(".")[0] == "referralgraph":
                yield module, [a.name for a in node.names], node.lineno
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "referralgraph":
                    yield a.name, [], node.lineno


def _package_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and not parts[1].startswith("_") and parts[1] != "exceptions" else None


CASES = [(p, parts) for p, parts in _modules() if len(parts) > 1]


@pytest.mark.parametrize("path, parts", CASES, ids=["/".join(parts) for _, parts in CASES])
def test_layers_and_private_names(path, parts):
    own = parts[0]
    problems = []
    for module, names, line in _imports(path, parts):
        target = _package_of(module)
        if target is None or target == own:
            continue  # the package itself, exceptions or the top-level private helpers
        if target not in ALLOWED.get(own, set()):
            problems.append(f"line {line}: {own}/ imports {module} (layer {target}/ is not below {own}/)")
        private = [p for p in module.split(".")[2:] if p.startswith("_")]
        private += [n for n in names if n.startswith("_")]
        if private:
            problems.append(f"line {line}: imports private {', '.join(private)} from {module}")
    assert not problems, "\n".join(problems)


def test_top_level_exports_resolve():
    import referralgraph as rg

    missing = [n for n in rg.__all__ if not hasattr(rg, n)]
    assert not missing
    assert sorted(set(rg.__all__)) == sorted(rg.__all__)  # no duplicates


def test_cli_registry_matches_the_command_modules():
    import importlib

    from referralgraph.cli import COMMANDS

    modules = sorted(p.stem for p in (SRC / "cli").glob("_cmd_*.py"))
    assert sorted({m for m, _ in COMMANDS.values()}) == modules
    for name, (module, short) in COMMANDS.items():
        commands = {c.name: c for c in importlib.import_module(f"referralgraph.cli.{module}").commands}
        assert name in commands, f"{module} defines no command {name!r}"
        assert commands[name].get_short_help_str(limit=1000) == short


def test_import_and_version_do_not_load_pandas():
    import subprocess
    import sys

    code = (
        "import sys, referralgraph; from referralgraph import cli; "
        "print(sorted(m for m in ('pandas', 'numpy', 'networkx', 'pyarrow', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_command_help_loads_neither_pandas_nor_numpy():
    """``referralgraph CMD --help`` imports the command's module and formats its help: no pandas, numpy, networkx."""
    import subprocess
    import sys

    code = (
        "import sys, click, importlib\n"
        "from referralgraph.cli import COMMANDS, cli\n"
        "for name, (module, _) in COMMANDS.items():\n"
        "    for command in importlib.import_module('referralgraph.cli.' + module).commands:\n"
        "        command.get_help(click.Context(command, info_name=name, parent=click.Context(cli)))\n"
        "print(sorted(m for m in ('pandas', 'numpy', 'networkx', 'pyarrow') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@functools.lru_cache(maxsize=None)
def _tree(path: Path) -> ast.Module:
    """One parse per file for all the checks here (the source does not change while tests run)."""
    return ast.parse(path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def _network_privates() -> frozenset[str]:
    """The private attributes a ReferralNetwork sets on itself (``self._contacts = ...``)."""
    tree = _tree(SRC / "model" / "network.py")
    return frozenset(
        {
            t.attr
            for node in ast.walk(tree)
            if isinstance(node, (ast.Assign, ast.AnnAssign))
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
            for t in ([*t.elts] if isinstance(t, ast.Tuple) else [t])
            if isinstance(t, ast.Attribute)
            and isinstance(t.value, ast.Name)
            and t.value.id == "self"
            and t.attr.startswith("_")
            and not t.attr.startswith("__")
        }
    )


def _reach_ins(path: Path, privates: frozenset[str]) -> list[str]:
    tree = _tree(path)
    return [
        f"line {node.lineno}: {ast.unparse(node)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in privates
        and not (isinstance(node.value, ast.Name) and node.value.id == "self")
    ]


OUTSIDE_MODEL = [(p, parts) for p, parts in _modules() if parts[0] != "model"]


@pytest.mark.parametrize("path, parts", OUTSIDE_MODEL, ids=["/".join(parts) for _, parts in OUTSIDE_MODEL])
def test_no_reach_into_the_network(path, parts):
    """Outside model/, tables are read through ``net.table(name)`` (no copy) or the copying properties."""
    privates = _network_privates()
    assert {"_contacts", "_introductions", "_meetings"} <= privates
    found = _reach_ins(path, privates)
    assert not found, f"{'/'.join(parts)} reaches into ReferralNetwork:\n" + "\n".join(found)


def test_the_reach_in_check_can_fail(tmp_path):
    path = tmp_path / "m.py"
    path.write_text("def f(net):\n    return net._contacts['name'], s.net._meetings\n", encoding="utf-8")
    assert len(_reach_ins(path, _network_privates())) == 2


def test_the_vocabulary_is_at_the_bottom():
    """model/vocabulary.py imports nothing (of ours or others' but __future__), so every layer can use it."""
    tree = ast.parse((SRC / "model" / "vocabulary.py").read_text(encoding="utf-8"))
    imports = [ast.unparse(n) for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert imports == ["from __future__ import annotations"]
