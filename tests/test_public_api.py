"""Public means public: every name the API reference documents is importable from ``referralgraph``."""

import importlib
import re
from pathlib import Path

import pytest

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
    """A name documented at the top level is in ``__all__``; a deeper one is top-level too, or a moved utility."""
    documented = _documented()
    assert len(documented) > 40
    missing = sorted(p for p in documented if p.split(".")[-1] not in {*rg.__all__, *rg._MOVED})
    assert not missing, f"documented but not in referralgraph.__all__ (add to _LAZY, or make it private): {missing}"
    top_moved = sorted(p for p in documented if p.count(".") == 1 and p.split(".")[-1] in rg._MOVED)
    assert not top_moved, f"document moved utilities at their module, not the deprecated top-level alias: {top_moved}"


def test_deep_paths_name_the_same_object():
    """A page may document a name at its defining module (to avoid a clash with a module name); it is the same object."""
    for path in _documented():
        name = path.split(".")[-1]
        if name in rg._MOVED:
            assert _resolve(path) is getattr(importlib.import_module("referralgraph" + rg._MOVED[name]), name), path
        else:
            assert _resolve(path) is getattr(rg, name), path


def test_index_table_lists_only_top_level_names():
    index = (API / "index.md").read_text(encoding="utf-8")
    rows = [line for line in index.splitlines() if line.startswith("| [")]
    names = {n for row in rows for n in re.findall(r"`(\w+)`", row)}
    assert names and not sorted(names - set(rg.__all__))


# ------------------------------------------------------------ one list: lazy loading, __all__, dir(), IDE imports
def type_checking_block(lazy: dict) -> str:
    """The ``if TYPE_CHECKING:`` imports of ``referralgraph/__init__.py``, written from its ``_LAZY`` table."""
    by_module: dict = {}
    for name, module in lazy.items():
        by_module.setdefault(module, []).append(name)
    lines = ["if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only"]
    for module in sorted(by_module):
        names = sorted(by_module[module])
        head = f"    from {module} import "
        one = head + ", ".join(names)
        if len(one) <= 120:
            lines.append(one)
            continue
        lines.append(head + "(")
        row = "        "
        for n in names:
            item = f"{n}, "
            if len(row) + len(item) > 121:
                lines.append(row.rstrip())
                row = "        "
            row += item
        lines.append(row.rstrip())
        lines.append("    )")
    return "\n".join(lines) + "\n"


def test_type_checking_imports_are_written_from_the_lazy_list():
    """IDE completion and type checkers see exactly the names ``_LAZY`` loads, from the same modules."""
    source = (Path(rg.__file__)).read_text(encoding="utf-8")
    block = type_checking_block(rg._LAZY)
    assert source.endswith("\n" + block), (
        "the TYPE_CHECKING imports at the end of referralgraph/__init__.py differ from _LAZY; replace them with:\n"
        + block
    )


def test_the_block_check_can_fail():
    assert "from .x import a, b" in type_checking_block({"b": ".x", "a": ".x"})
    assert type_checking_block({"a": ".x"}) != type_checking_block({"a": ".y"})


def test_dir_and_all_come_from_the_one_list():
    assert set(rg.__all__) == set(rg._LAZY) | set(rg._EXCEPTIONS)
    listed = set(dir(rg))
    assert set(rg.__all__) <= listed and "__version__" in listed
    assert not listed & set(rg._MOVED), "moved utilities are not offered by completion"
    assert not set(rg._LAZY) & set(rg._MOVED)


def test_lazy_names_load_from_their_module():
    for name, module in rg._LAZY.items():
        assert getattr(rg, name) is getattr(importlib.import_module("referralgraph" + module), name), name


@pytest.mark.parametrize("name", sorted(rg._MOVED))
def test_moved_utilities_are_deprecated_aliases(name):
    """A utility that left the top level still works there, warns, and names its new home."""
    home = importlib.import_module("referralgraph" + rg._MOVED[name])
    with pytest.warns(
        rg.ReferralGraphDeprecationWarning,
        match=rf"referralgraph\.{name} is deprecated.*use referralgraph{re.escape(rg._MOVED[name])}\.{name}",
    ):
        old = getattr(rg, name)
    assert old is getattr(home, name)
    assert name in home.__all__ if hasattr(home, "__all__") else True


def test_moved_utilities_are_documented_at_their_home():
    documented = _documented()
    missing = [f"referralgraph{m}.{n}" for n, m in rg._MOVED.items() if f"referralgraph{m}.{n}" not in documented]
    assert not missing, f"document the moved utilities at their new path: {missing}"


def test_unknown_names_still_raise():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        rg.nope  # noqa: B018


# ------------------------------------------------------------ seeker= has two documented meanings
EVERY, ONLY = "``None`` means every seeker", "``None`` means the only seeker"


def _seeker_doc(obj, seen=()) -> str | None:
    """The description of ``seeker`` in a numpydoc docstring, following "As for :func:`other`" entries."""
    import inspect

    doc = inspect.getdoc(obj) or ""
    m = re.search(r"^seeker : [^\n]*\n((?:[ ]{4}[^\n]*\n?)+)", doc, re.MULTILINE)
    if m:
        return " ".join(m.group(1).split())
    m = re.search(r"^[\w, ]*\bseeker\b[\w, ]*\n[ ]{4}As (?:for )?:func:`(?:referralgraph\.)?(\w+)`", doc, re.MULTILINE)
    if m and m.group(1) not in seen and hasattr(rg, m.group(1)):
        return _seeker_doc(getattr(rg, m.group(1)), (*seen, m.group(1)))
    return None


def _seeker_functions():
    import inspect

    for name in rg.__all__:
        obj = getattr(rg, name)
        if callable(obj) and not isinstance(obj, type) or name == "MapWidget":
            params = inspect.signature(obj).parameters
            if "seeker" in params and params["seeker"].default is None:
                yield name, obj


def test_seeker_none_has_one_of_two_meanings():
    """``seeker=None`` means every seeker (measures, maps, plots, the report) or the only seeker (one person's
    actions, forecast, logging, imports): each docstring says which, in those words."""
    found = dict(_seeker_functions())
    assert len(found) > 40
    wrong = {}
    for name, obj in found.items():
        text = _seeker_doc(obj)
        if text is None or (EVERY in text) == (ONLY in text):
            wrong[name] = text
    assert not wrong, f"seeker= must say {EVERY!r} or {ONLY!r}: {wrong}"


def test_the_seeker_check_can_fail():
    def f(net, *, seeker=None):
        """Do.

        Parameters
        ----------
        seeker : str, optional
            Whose network; by default the first one.
        """

    text = _seeker_doc(f)
    assert text == "Whose network; by default the first one." and EVERY not in text and ONLY not in text


# ------------------------------------------------------------ explicit parameters
#: public functions whose ``**kwargs`` go to matplotlib (documented as such), the one accepted use
MATPLOTLIB_KWARGS = {
    "plot_growth",
    "plot_generations",
    "plot_tree",
    "plot_funnel",
    "plot_thank_you",
    "plot_forecast",
    "plot_mixing",
    "plot_convergence",
    "plot_origins",
    "save_figure",
}


def test_public_functions_name_their_parameters():
    """No public function hides its options in ``**kwargs`` (the plots pass theirs to matplotlib)."""
    import inspect

    hidden = []
    for name in rg.__all__:
        obj = getattr(rg, name)
        if callable(obj):
            try:
                params = inspect.signature(obj).parameters.values()
            except (TypeError, ValueError):  # pragma: no cover - builtins
                continue
            if any(p.kind is p.VAR_KEYWORD for p in params) and name not in MATPLOTLIB_KWARGS:
                hidden.append(name)
    assert not hidden, f"name the parameters instead of **kwargs: {hidden}"
    for name in MATPLOTLIB_KWARGS:
        assert "matplotlib" in (getattr(rg, name).__doc__ or ""), name


def test_synthetic_cohort_takes_the_options_of_synthetic_tables():
    import inspect

    cohort = inspect.signature(rg.synthetic_cohort).parameters
    tables = inspect.signature(rg.synthetic_tables).parameters
    assert [(p.name, p.default, p.kind) for p in cohort.values()] == [
        (p.name, p.default, p.kind) for p in tables.values()
    ]
    with pytest.raises(rg.ArgumentTypeError, match=r"unknown option 'seekers' \(did you mean 'n_seekers'\?\)"):
        rg.synthetic_cohort(seekers=2)


def test_append_meeting_takes_the_options_of_log_meeting():
    import inspect

    log = [
        p for p in inspect.signature(rg.log_meeting).parameters if p not in ("net", "connections")
    ]  # pool: the folder's
    append = list(inspect.signature(rg.append_meeting).parameters)
    assert append[0] == "source" and set(log) <= set(append)


# ------------------------------------------------------------ as_of= wherever time matters
#: functions of a network that write or change data rather than measure it (a scheduled row is data to them)
DATA_NOT_MEASURES = {
    "anonymize",
    "save",
    "merge_linkedin",
    "to_node_link",
    "write_json",
    "write_graphml",
    "write_gexf",
    "log_meeting",
    "log_introduction",
    "log_thanks",
    "log_opportunity",
    "merge_contacts",
    "merge_history",
    "partition",
}
#: the notebook widget: network_map(widget=True, as_of=...) is wired by the map's owner (issue 24), not yet here
AS_OF_PENDING = {"MapWidget"}


def test_every_measure_of_a_network_takes_as_of():
    import inspect

    missing = []
    for name in rg.__all__:
        obj = getattr(rg, name)
        if not callable(obj) or name in DATA_NOT_MEASURES | AS_OF_PENDING:
            continue
        if isinstance(obj, type) and name != "MapWidget":
            continue
        params = list(inspect.signature(obj).parameters)
        if params and params[0] in ("net", "data", "net_or_source") and "as_of" not in params:
            missing.append(name)
    assert not missing, f"measures without as_of=: {missing}"


def test_every_top_level_name_is_in_the_reference():
    """docs/api and the top level stay in sync both ways: each public name has an entry or is named on a page."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in API.glob("*.md"))
    named = set(re.findall(r"`(?:rg\.|referralgraph\.)?(\w+)", text)) | {p.split(".")[-1] for p in _documented()}
    missing = sorted(set(rg.__all__) - named)
    assert not missing, f"public but not in docs/api: {missing}"
