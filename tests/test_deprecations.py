"""Every renamed keyword, keyword-only option and moved name: the old spelling still works, warns, gives the same.

One test per rename (CHANGELOG "Deprecated" lists the same renames). The warning is a
``ReferralGraphDeprecationWarning`` naming the new spelling and the release that removes
the old one.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import referralgraph as rg  # noqa: E402
from referralgraph.exceptions import REMOVAL, ReferralGraphDeprecationWarning  # noqa: E402


@pytest.fixture(scope="module")
def net():
    return rg.demo()


def _warns(match: str):
    removal = REMOVAL.replace(".", r"\.")
    return pytest.warns(
        ReferralGraphDeprecationWarning, match=rf"(?=.*{match})(?=.*removed in referralgraph {removal})"
    )


def test_the_warning_is_a_deprecation_and_a_library_warning():
    assert issubclass(ReferralGraphDeprecationWarning, DeprecationWarning)
    assert issubclass(ReferralGraphDeprecationWarning, rg.ReferralGraphWarning)
    assert rg.ReferralGraphDeprecationWarning is ReferralGraphDeprecationWarning


def test_both_spellings_at_once_is_an_error(net):
    with pytest.raises(rg.ArgumentTypeError, match="both k= .* and hops="):
        rg.within(net, k=2, hops=2)


# ------------------------------------------------------------ distinct names for hops and sample size
def test_within_k_is_hops(net):
    with _warns(r"within\(k=...\).*use within\(hops=...\)"):
        old = rg.within(net, k=2)
    pd.testing.assert_frame_equal(old, rg.within(net, hops=2))
    pd.testing.assert_frame_equal(old, rg.within(net, 2))


def test_brokers_k_is_sample_size(net):
    with _warns(r"brokers\(k=...\).*use brokers\(sample_size=...\)"):
        old = rg.brokers(net, exact_limit=1, k=3, seed=1)
    pd.testing.assert_frame_equal(old, rg.brokers(net, exact_limit=1, sample_size=3, seed=1))


# ------------------------------------------------------------ one name for "how many": limit=
def test_top_connectors_n_is_limit(net):
    with _warns(r"top_connectors\(n=...\).*use top_connectors\(limit=...\)"):
        old = rg.top_connectors(net, n=2)
    pd.testing.assert_frame_equal(old, rg.top_connectors(net, limit=2))
    assert old["rank"].max() == 2


def test_top_connectors_positional_n_is_limit(net):
    with _warns(r"top_connectors\(..., limit\) by position"):
        old = rg.top_connectors(net, 2)
    pd.testing.assert_frame_equal(old, rg.top_connectors(net, limit=2))


@pytest.mark.parametrize("plot", ["plot_convergence", "plot_origins"])
def test_plot_top_is_limit(net, plot):
    draw = getattr(rg, plot)
    by = {"by": "source"} if plot == "plot_origins" else {}
    with _warns(rf"{plot}\(top=...\).*use {plot}\(limit=...\)"):
        old = draw(net, top=2, ax=plt.figure().gca(), **by)
    new = draw(net, limit=2, ax=plt.figure().gca(), **by)
    assert [line.get_label() for line in old.lines] == [line.get_label() for line in new.lines]
    assert len(new.lines) >= 2
    plt.close("all")


# ------------------------------------------------------------ by= keyword-only, one default rule
@pytest.mark.parametrize("func", ["mixing_matrix", "homophily", "share_by_generation"])
def test_by_by_position(net, func):
    f = getattr(rg, func)
    with _warns(rf"{func}\(..., by\) by position.*use {func}\(..., by=...\)"):
        old = f(net, "organization")
    pd.testing.assert_frame_equal(old, f(net, by="organization"))


def test_share_by_generation_value_by_position(net):
    with _warns(r"share_by_generation\(\.\.\., (by|value)\) by position") as caught:
        old = rg.share_by_generation(net, "field", "UX research")
    assert sorted(str(w.message).split(")")[0] for w in caught) == [
        "share_by_generation(..., by",
        "share_by_generation(..., value",
    ]
    pd.testing.assert_frame_equal(old, rg.share_by_generation(net, by="field", value="UX research"))


@pytest.mark.parametrize("func", ["recruits_by_generation", "origin_growth"])
def test_origin_functions_by_position(net, func):
    f = getattr(rg, func)
    with _warns(rf"{func}\(..., by\) by position"):
        old = f(net, "source")
    pd.testing.assert_frame_equal(old, f(net, by="source"))


@pytest.mark.parametrize("func", ["recruits_by_generation", "origin_growth"])
def test_origin_functions_default_by_is_deprecated(net, func):
    """One default rule: ``by`` defaults to "field"; the origin functions' "source" default warns until 0.4.0."""
    f = getattr(rg, func)
    with _warns(rf"{func}\(\) without by= \(by='source'\).*by= will default to 'field'"):
        old = f(net)
    pd.testing.assert_frame_equal(old, f(net, by="source"))


def test_plot_origins_default_by_is_deprecated(net):
    with _warns(r"recruits_by_generation\(\) without by="):
        old = rg.plot_origins(net, ax=plt.figure().gca())
    new = rg.plot_origins(net, by="source", ax=plt.figure().gca())
    assert [line.get_label() for line in old.lines] == [line.get_label() for line in new.lines]
    plt.close("all")


def test_every_by_default_is_field():
    """The one default rule, on the signatures: ``by`` defaults to "field" (None: deprecated or no grouping)."""
    import inspect

    defaults = {}
    for name in rg.__all__:
        obj = getattr(rg, name)
        if callable(obj) and not isinstance(obj, type):
            params = inspect.signature(obj).parameters
            if "by" in params:
                assert params["by"].kind is inspect.Parameter.KEYWORD_ONLY, f"{name}: by= must be keyword-only"
                defaults[name] = params["by"].default
    assert len(defaults) >= 10
    odd = {n: d for n, d in defaults.items() if d not in ("field", None)}
    assert not odd, f"by= defaults other than 'field' (or None): {odd}"


# ------------------------------------------------------------ today= (deprecated in 0.2.0) names its removal too
def test_next_actions_today_is_as_of(net):
    with _warns(r"today= is deprecated.*use as_of="):
        old = rg.next_actions(net, today="2026-09-25")
    pd.testing.assert_frame_equal(old, rg.next_actions(net, as_of="2026-09-25"))


def test_report_today_is_as_of(net):
    with _warns(r"report\(today=...\).*use report\(as_of=...\)"):
        old = rg.report(net, today="2026-09-25")
    assert old.to_text() == rg.report(net, as_of="2026-09-25").to_text()
