"""Griffe extension for the docs build: fill the shared docstring blocks of ``referralgraph._docstrings``.

mkdocstrings reads docstrings from the source (statically), before
``@share_docs`` has run, so this does the same filling for every function and
class docstring. Registered in ``mkdocs.yml`` under the python handler's
``extensions``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import griffe

_spec = importlib.util.spec_from_file_location(
    "_referralgraph_docstrings", Path(__file__).resolve().parents[1] / "src" / "referralgraph" / "_docstrings.py"
)
_docstrings = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_docstrings)


class SharedDocs(griffe.Extension):
    """Replace ``{name}`` lines by the shared blocks, as ``referralgraph._docstrings.share_docs`` does at import."""

    def on_instance(self, *, obj, **kwargs) -> None:
        if obj.docstring is not None:
            obj.docstring.value = _docstrings.fill(obj.docstring.value)
