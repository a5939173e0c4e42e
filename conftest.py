"""Shared test set-up: names for doctests, a non-interactive matplotlib backend."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import pandas as pd
import pytest


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace):
    import referralgraph

    doctest_namespace["rg"] = referralgraph
    doctest_namespace["pd"] = pd
