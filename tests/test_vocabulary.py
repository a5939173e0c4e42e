"""The domain's words live in one module (referralgraph.model.vocabulary): no copy anywhere else.

Read from the source, like the layer test: a re-typed status code, a second list of
statuses, habits, meeting kinds or stages, a literal dormancy default or a hand-made
generation label fails here with the file and line.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from referralgraph.model import vocabulary as v

SRC = Path(__file__).parents[1] / "src" / "referralgraph"
HOME = SRC / "model" / "vocabulary.py"

#: names a copy would carry (compared without leading underscores)
NAMES = set(v.__all__) | {"INTRO_STATUS", "HABIT_TITLES", "STATUS_LABELS", "STATUS_TEXT", "DORMANT", "DORMANCY"}
#: words whose lists are the vocabulary's: a literal holding this many of one set is a copy
WORD_SETS = {
    "statuses": (set(v.STATUSES), 2),
    "habits": (set(v.HABITS), 3),
    "habit titles": (set(v.HABITS.values()), 2),
    "meeting kinds": (set(v.MEETING_KINDS), 3),
}
#: the named lists of stages: a literal sequence equal to one of them is a copy (per-stage parameters and
#: labels, which hold a few stages each, are not)
STAGE_LISTS = [set(v.STAGES), set(v.PROGRESS_STAGES), set(v.CLOSED_STAGES), set(v.OPEN_STAGES)]
#: parameters and options whose default is a vocabulary number
DEFAULTED = {"dormant_days", "cadence_days", "--dormant-days", "--cadence-days"}
STATUS_CODES = set(v.STATUS_CODES.values())


def _literal(node) -> bool:
    """A constant, or a tuple/list/set/dict made only of constants (recursively)."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return all(_literal(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(k is not None and _literal(k) for k in node.keys) and all(_literal(x) for x in node.values)
    if isinstance(node, ast.BinOp):  # (1, 2) + (3,)
        return _literal(node.left) and _literal(node.right)
    return False


def _targets(node) -> list:
    """The names an assignment binds (``a = ...``, ``a, b = ...``) and its other targets (``t["x"] = ...``)."""
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    out = []
    for t in targets:
        out.extend(t.elts if isinstance(t, ast.Tuple) else [t])
    return out


def _is_status(node) -> bool:
    text = ast.unparse(node)
    return "status" in text.lower() or text == "st"


def _is_code(node) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is int and node.value in STATUS_CODES


def _copied_words(node) -> set[str]:
    """The strings of a literal sequence, or the keys of a literal table (a dict of constants to constants)."""
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
    if isinstance(node, ast.Dict) and _literal(node):
        return {e.value for e in node.keys if isinstance(e, ast.Constant) and isinstance(e.value, str)}
    return set()


def copies(path: Path) -> list[str]:
    """Every copy of a vocabulary word in one source file, as ``line N: what``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None and _literal(node.value):
            for target in _targets(node):
                if isinstance(target, ast.Name) and target.id.lstrip("_") in NAMES:
                    found.append(
                        f"line {line}: {target.id} = {ast.unparse(node.value)[:60]} (import it from vocabulary)"
                    )
                elif not isinstance(target, ast.Name) and _is_status(target) and _is_code(node.value):
                    found.append(
                        f"line {line}: {ast.unparse(target)} = {node.value.value} (a status code; use MET, ...)"
                    )
        if isinstance(node, (ast.Tuple, ast.List, ast.Set, ast.Dict)):
            words = _copied_words(node)
            for what, (vocab, at_least) in WORD_SETS.items():
                if len(words & vocab) >= at_least:
                    found.append(f"line {line}: a literal list of {what} {sorted(words & vocab)}")
            if not isinstance(node, ast.Dict) and words in STAGE_LISTS:
                found.append(f"line {line}: a literal list of stages {sorted(words)} (import it from vocabulary)")
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            codes = [s for s in sides if _is_code(s)]
            if codes and any(_is_status(s) for s in sides if s not in codes):
                found.append(
                    f"line {line}: status compared with the code {codes[0].value} "
                    f"({ast.unparse(node)[:60]}; use SUGGESTED/INTRODUCED/MET)"
                )
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = node.args
            pairs = list(zip(args.args[len(args.args) - len(args.defaults) :], args.defaults))
            pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None]
            for a, d in pairs:
                if a.arg in DEFAULTED and isinstance(d, ast.Constant):
                    found.append(f"line {d.lineno}: {a.arg}={d.value!r} in {node.name}() (use DORMANT_DAYS)")
        if (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and node.args[0].value in DEFAULTED
        ):
            for kw in node.keywords:
                if kw.arg == "default" and isinstance(kw.value, ast.Constant):
                    found.append(f"line {line}: option {node.args[0].value} default={kw.value.value!r}")
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and (node.value.startswith("Direct contacts") or re.match(r"Generation (\d|$)", node.value))
        ):
            found.append(f"line {line}: the generation label {node.value!r} (use generation_label)")
    return found


def _docstrings(tree) -> set[int]:
    """The ``id`` of every docstring's constant node (module, classes, functions), found in one walk."""
    out = set()
    for n in ast.walk(tree):
        if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and n.body:
            first = n.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


CASES = sorted(p for p in SRC.rglob("*.py") if p != HOME)


@pytest.mark.parametrize("path", CASES, ids=[str(p.relative_to(SRC)) for p in CASES])
def test_no_copy_of_the_vocabulary(path):
    found = copies(path)
    assert not found, f"{path.relative_to(SRC)}:\n" + "\n".join(found)


class TestTheCheckCanFail:
    """The scan finds each kind of copy (so the test above cannot pass vacuously)."""

    @pytest.mark.parametrize(
        "code, expected",
        [
            ("_MET = 3", "_MET = 3"),
            ("MET, SUGGESTED = 3, 1", "MET"),
            ("REPLY_DAYS = {'introduced': 2, 'suggested': 7}", "REPLY_DAYS"),
            ("KINDS = ('call', 'coffee', 'event')", "meeting kinds"),
            ("x = ['met', 'introduced']", "statuses"),
            ("ok = ix.status[rows] == 3", "status compared with the code 3"),
            ("def f(net, *, dormant_days=60): pass", "dormant_days=60"),
            ("opt = click.option('--dormant-days', default=60)", "--dormant-days default=60"),
            ("label = 'Generation 2'", "generation label"),
            ("label = f'Generation {g}'", "generation label"),
            ("e.loc[m, 'status_code'] = 3", "a status code"),
            ("TITLES = {'thank': 'Thank', 'ask': 'Ask', 'grow': 'Grow'}", "habits"),
            ("done = ('accepted', 'declined', 'rejected', 'withdrawn')", "stages"),
        ],
    )
    def test_finds(self, tmp_path, code, expected):
        path = tmp_path / "m.py"
        path.write_text(code + "\n", encoding="utf-8")
        found = copies(path)
        assert found and expected in found[0]

    def test_imports_and_other_numbers_pass(self, tmp_path):
        path = tmp_path / "m.py"
        path.write_text(
            "from referralgraph.model.vocabulary import MET\nok = status == MET\nn = generation == 1\n"
            "def f(net, *, dormant_days=DORMANT_DAYS, weeks=8): pass\n"
            "groups = {'thank': f(1), 'ask': f(2), 'follow': f(3)}\nx = 'Generation (1 = direct)'\n"
            "colors = {'suggested': GREY, 'introduced': BLUE, 'met': GREEN}\n",
            encoding="utf-8",
        )
        assert copies(path) == []


class TestVocabulary:
    def test_codes_match_the_index(self):
        from referralgraph.model import STATUS_NAMES

        assert list(STATUS_NAMES) == list(v.STATUS_NAMES)
        assert [v.STATUS_NAMES[c] for c in (v.SEEKER, v.SUGGESTED, v.INTRODUCED, v.MET)] == list(v.STATUS_NAMES)

    def test_every_stage_synonym_names_a_stage(self):
        assert set(v.STAGE_SYNONYMS) == set(v.STAGES)
        words = [w for ws in v.STAGE_SYNONYMS.values() for w in ws]
        assert len(words) == len(set(words)) and not set(words) & set(v.STAGES)
        assert set(v.STAGE_REACH) == set(v.STAGES) and set(v.PROGRESS_STAGES) <= set(v.STAGES)
        assert set(v.OPEN_STAGES) | set(v.CLOSED_STAGES) == set(v.STAGES)

    @pytest.mark.parametrize(
        "word, stage",
        [
            ("Lead", "lead"),
            (" phone-screen ", "interview"),
            ("not_selected", "rejected"),
            ("maybe", None),
            (None, None),
        ],
    )
    def test_canonical_stage(self, word, stage):
        assert v.canonical_stage(word) == stage

    def test_generation_labels_are_the_same_on_maps_and_plots(self):
        from referralgraph.drawing.palette import generation_label

        assert generation_label is v.generation_label
        assert [v.generation_label(g) for g in range(4)] == [
            "Seeker",
            "Direct contacts (1st)",
            "2nd generation",
            "3rd generation",
        ]

    def test_importing_it_is_cheap(self):
        import subprocess
        import sys

        code = (
            "import sys, importlib.util, pathlib; import referralgraph; "
            "p = pathlib.Path(referralgraph.__file__).parent / 'model' / 'vocabulary.py'; "
            "spec = importlib.util.spec_from_file_location('vocab', p); m = importlib.util.module_from_spec(spec); "
            "spec.loader.exec_module(m); print('numpy' in sys.modules, m.MET)"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert out.stdout.split() == ["False", "3"]
