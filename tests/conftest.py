"""Shared test fixtures: small hand-checked networks, a CLI runner, closing figures after each test."""

import sys

import pandas as pd
import pytest
from click.testing import CliRunner

import referralgraph as rg


def small_frames():
    """One seeker, five contacts; every expected value in the tests is worked out from this.

    Tree (undirected n = 6)::

        Me ─ Ann ─ Bo ─ Ed        Ann introduced Bo (01-10, met) and Cy (01-12, introduced);
         │     └── Cy             Bo introduced Ed (01-20, suggested);
         └── Di                   Di is a direct contact (first_contact 01-03).

    Meetings: Ann 01-05 10:00 (asked, thank-you 18:00 = 8 h, handwritten note),
    Bo 01-15 09:00 (asked, thank-you 01-17 09:00 = 48 h), Di 01-04 12:00 (not asked),
    Ann 02-01 (no answer recorded). The latest date in the data is 2026-02-01.
    """
    contacts = pd.DataFrame(
        {
            "id": ["me", "ann", "bo", "cy", "di", "ed"],
            "name": ["Me", "Ann", "Bo", "Cy", "Di", "Ed"],
            "organization": [None, "Acme", "acme ", "Globex", "Initech", "Globex"],
            "field": [None, "Data", "data", "Design", "Design", None],
            "first_contact": [None, None, None, None, "2026-01-03", None],
            "source": [None, "alumni", None, None, "event", None],
            "is_seeker": ["yes", "", "", "", "", ""],
        }
    )
    intros = pd.DataFrame(
        {
            "introducer": ["ann", "ann", "bo"],
            "introduced": ["bo", "cy", "ed"],
            "date": ["2026-01-10", "2026-01-12", "2026-01-20"],
            "status": ["met", "introduced", "suggested"],
        }
    )
    meetings = pd.DataFrame(
        {
            "contact": ["ann", "bo", "di", "ann"],
            "date": ["2026-01-05 10:00", "2026-01-15 09:00", "2026-01-04 12:00", "2026-02-01"],
            "asked_for_introductions": ["yes", "yes", "no", ""],
            "thank_you_sent": ["2026-01-05 18:00", "2026-01-17 09:00", "", ""],
            "handwritten_note": ["yes", "no", "", ""],
        }
    )
    return contacts, intros, meetings


def cohort_frames():
    """Two seekers sharing a hub: s1 ─ a ─ {b, hub ─ c}, s2 ─ hub ─ d; b also introduced c (a duplicate)."""
    contacts = pd.DataFrame(
        {
            "id": ["s1", "s2", "a", "b", "c", "hub", "d"],
            "name": ["Sam", "Sue", "Ann", "Bo", "Cy", "Hub", "Di"],
            "is_seeker": ["yes", "yes", "", "", "", "", ""],
            "organization": [None, None, "Acme", "Acme", "Beta", "Gamma", "Beta"],
        }
    )
    intros = pd.DataFrame(
        {
            "introducer": ["s1", "a", "a", "hub", "s2", "hub", "b"],
            "introduced": ["a", "b", "hub", "c", "hub", "d", "c"],
            "date": ["2026-01-05", "2026-01-10", "2026-01-12", "2026-01-20", "2026-02-01", "2026-02-03", "2026-02-10"],
            "seeker": ["s1", "s1", "s1", "s1", "s2", "s2", "s1"],
            "status": ["met", "introduced", "met", "suggested", "met", "introduced", "introduced"],
        }
    )
    return contacts, intros


@pytest.fixture
def small():
    return rg.from_frames(*small_frames())


@pytest.fixture
def cohort():
    return rg.from_frames(*cohort_frames())


@pytest.fixture
def lonely():
    """A seeker without contacts."""
    return rg.from_frames(pd.DataFrame({"name": ["Me"], "is_seeker": ["yes"]}))


@pytest.fixture
def empty():
    """No contacts at all."""
    return rg.from_frames(pd.DataFrame({"name": pd.Series([], dtype=str)}))


@pytest.fixture(scope="session")
def runner():
    """A click ``CliRunner`` (stdout and stderr both in ``result.output``)."""
    return CliRunner()


@pytest.fixture(scope="session")
def run(runner):
    """Run the ``referralgraph`` CLI: ``run("report", folder, "--as-of", "2026-03-01")`` returns click's Result.

    Arguments are turned into strings (paths, numbers). A command that ends in an
    uncaught exception fails the test with that exception's traceback, and the output
    never holds one: the CLI reports errors as one ``Error: ...`` line.
    """
    from referralgraph.cli import cli

    def invoke(*args, **kwargs):
        result = runner.invoke(cli, [str(a) for a in args], **kwargs)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception.with_traceback(result.exc_info[2])
        assert "Traceback" not in result.output, result.output
        return result

    return invoke


@pytest.fixture(autouse=True)
def close_figures():
    """Close every matplotlib figure after each test (only where a test imported pyplot)."""
    yield
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")


def pytest_collection_modifyitems(config, items):
    """The docs build, notebooks, examples and browser tests are slow: ``pytest -m "not slow"`` skips them."""
    for item in items:
        path = str(item.path)
        if "/tests/docs/" in path or item.get_closest_marker("browser") is not None:
            item.add_marker(pytest.mark.slow)
