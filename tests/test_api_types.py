"""Wrong types in the Python API are typed ReferralGraphErrors naming the argument (issue 23, "Smaller")."""

from __future__ import annotations

import pickle

import networkx as nx
import pandas as pd
import pytest

import referralgraph as rg


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "net"
    rg.save(rg.demo(), path)
    return path


CALLS = {
    "load(123)": (lambda f, n: rg.load(123), rg.ArgumentTypeError, "source must be a path .*got int 123"),
    "load(None)": (lambda f, n: rg.load(None), rg.ArgumentTypeError, "source must be a path .*got NoneType"),
    "load(b'x')": (lambda f, n: rg.load(b"x"), rg.ArgumentTypeError, "source must be a path"),
    "load('')": (lambda f, n: rg.load(""), rg.ArgumentTypeError, "got an empty string"),
    "validate(123)": (lambda f, n: rg.validate(123), rg.ArgumentTypeError, "source must be a path"),
    "save(net, 123)": (lambda f, n: rg.save(n, 123), rg.ArgumentTypeError, "path must be a path .*got int"),
    "open_dataset(123)": (lambda f, n: rg.open_dataset(123), rg.ArgumentTypeError, "path must be a path"),
    "read_contacts(123)": (lambda f, n: rg.read_contacts(123), rg.ArgumentTypeError, "path must be a path"),
    "append_meeting(123)": (lambda f, n: rg.append_meeting(123, "x"), rg.ArgumentTypeError, "source must be a path"),
    "contact_metrics(seeker=list)": (
        lambda f, n: rg.contact_metrics(n, seeker=["maya"]),
        rg.ArgumentTypeError,
        r"seeker must be a seeker id or name \(a str\) or None \(got list",
    ),
    "seeker_summary(seeker=1)": (lambda f, n: rg.seeker_summary(n, seeker=1), rg.ArgumentTypeError, "got int 1"),
    "from_frames(None)": (
        lambda f, n: rg.from_frames(None),
        rg.ArgumentTypeError,
        "contacts must be a pandas DataFrame .got NoneType",
    ),
    "load(dayfirst='no')": (
        lambda f, n: rg.load(f, dayfirst="no"),
        rg.ArgumentTypeError,
        "dayfirst must be True, False or None .got str 'no'",
    ),
    "load(strict='yes')": (lambda f, n: rg.load(f, strict="yes"), rg.ArgumentTypeError, "strict must be True or False"),
    "log_meeting(date=12345)": (
        lambda f, n: rg.log_meeting(n, "priya-k", date=12345),
        rg.OptionError,
        "got the number 12345",
    ),
    "log_meeting(date=True)": (lambda f, n: rg.log_meeting(n, "priya-k", date=True), rg.OptionError, "number True"),
    "log_meeting(takeaways=list)": (
        lambda f, n: rg.log_meeting(n, "priya-k", date="2026-10-01", takeaways=["a"]),
        rg.ArgumentTypeError,
        r"takeaways must be a text \(str\) or None \(got list",
    ),
    "log_meeting(person=1)": (
        lambda f, n: rg.log_meeting(n, 1, date="2026-10-01"),
        rg.ArgumentTypeError,
        "person must be a text",
    ),
    "log_meeting(asked='no')": (
        lambda f, n: rg.log_meeting(n, "priya-k", date="2026-10-01", asked="no"),
        rg.ArgumentTypeError,
        "asked must be True, False or None",
    ),
    "log_introduction(notes=dict)": (
        lambda f, n: rg.log_introduction(n, "priya-k", "Zed New", new=True, date="2026-10-01", notes={"a": 1}),
        rg.ArgumentTypeError,
        "notes must be a text",
    ),
    "log_thanks(handwritten='yes')": (
        lambda f, n: rg.log_thanks(n, "priya-k", handwritten="yes"),
        rg.ArgumentTypeError,
        "handwritten must be True or False",
    ),
    "from_frames(list ids)": (
        lambda f, n: rg.from_frames(pd.DataFrame({"id": [["a"], ["b"]], "name": ["A", "B"], "is_seeker": ["yes", ""]})),
        rg.ArgumentTypeError,
        "contacts row 2, column 'id': a cell holds a list",
    ),
    "from_frames(dict names)": (
        lambda f, n: rg.from_frames(
            pd.DataFrame({"id": ["a", "b"], "name": ["A", {"x": 1}], "is_seeker": ["yes", ""]})
        ),
        rg.ArgumentTypeError,
        "contacts row 3, column 'name': a cell holds a dict",
    ),
}


@pytest.mark.parametrize("call", sorted(CALLS))
def test_typed_errors(folder, call):
    fn, kind, match = CALLS[call]
    with pytest.raises(kind, match=match) as info:
        fn(folder, rg.demo())
    assert isinstance(info.value, rg.ReferralGraphError)


def test_frames_with_scalars_still_load():
    contacts = pd.DataFrame(
        {
            "id": ["a", "b"],
            "name": ["A", "B"],
            "is_seeker": [True, False],
            "first_contact": [pd.Timestamp("2026-01-02"), None],
            "n": [1, 2.5],
        },
        dtype=object,
    )
    assert len(rg.from_frames(contacts)) == 2


class TestFrozenGraph:
    def test_attributes_cannot_be_changed_in_the_cache(self, tmp_path):
        net = rg.demo()
        G = net.graph
        with pytest.raises(rg.ArgumentTypeError, match="read-only"):
            G.nodes["priya-k"]["name"] = "X"
        with pytest.raises(TypeError):
            G.nodes["priya-k"].update(name="X")
        with pytest.raises(TypeError):
            del G.nodes["priya-k"]["name"]
        u, v = next(iter(G.edges))
        with pytest.raises(TypeError):
            G.edges[u, v]["status"] = "X"
        with pytest.raises(TypeError):
            G.graph["name"] = "X"
        assert net.graph.nodes["priya-k"]["name"] != "X"
        rg.save(net, tmp_path / "x.json")
        assert '"X"' not in (tmp_path / "x.json").read_text()

    def test_copies_are_changeable_and_equal(self):
        G = rg.demo().graph
        for H in (nx.DiGraph(G), G.copy(), pickle.loads(pickle.dumps(G))):
            H.nodes["priya-k"]["name"] = "X"
            assert H.nodes["priya-k"]["name"] == "X"
        assert dict(G.nodes(data=True)) == dict(nx.DiGraph(G).nodes(data=True))
        assert G.nodes["priya-k"]["name"] != "X" and nx.is_frozen(G)
