"""The model: validated tables plus a columnar index of the referral trees, and the domain's vocabulary.

The names below load on first use (PEP 562), so :mod:`referralgraph.model.vocabulary`
(plain Python) is imported without numpy or pandas, e.g. by the CLI's options.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__all__ = ["ReferralNetwork", "TreeIndex", "STATUS_NAMES", "level_groups", "anonymize", "Anonymity"]

#: name -> the submodule that defines it (``snapshot``: ``referralgraph.model.snapshot.snapshot``, since
#: the submodule of that name would shadow a lazily loaded function)
_LAZY = {
    "ReferralNetwork": ".network",
    "TreeIndex": "._index",
    "STATUS_NAMES": "._index",
    "level_groups": "._index",
    "anonymize": ".privacy",
    "Anonymity": ".privacy",
}

if TYPE_CHECKING:
    from ._index import STATUS_NAMES, TreeIndex, level_groups
    from .network import ReferralNetwork
    from .privacy import Anonymity, anonymize


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value  # once loaded, a plain attribute
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
