"""The tree index's internal steps: subtree sizes both ways, the packed sort key, the edge choice."""

import numpy as np
import pandas as pd
import pytest

import referralgraph as rg
from referralgraph.model import _index


def _random_forest(n: int, roots: int, seed: int) -> np.ndarray:
    """Parent pointers of a random forest whose parents come in any row order (-1 marks roots)."""
    rng = np.random.default_rng(seed)
    label = rng.permutation(n)  # row of each node: parents are not before children
    parent = np.full(n, -1, np.int64)
    for v in range(roots, n):
        parent[label[v]] = label[rng.integers(0, v)]
    return parent


def _depth(parent: np.ndarray) -> np.ndarray:
    return _index._generations(parent)[0]


def _slow_sizes(parent: np.ndarray) -> np.ndarray:
    size = np.zeros(len(parent), np.int64)
    for v in range(len(parent)):
        p = parent[v]
        while p >= 0:
            size[p] += 1
            p = parent[p]
    return size


class TestSubtreeSizes:
    @pytest.mark.parametrize("seed", [0, 1, 2])
    def test_bottom_up_and_euler_tour_agree_with_walking_up(self, seed):
        parent = _random_forest(400, roots=7, seed=seed)
        expected = _slow_sizes(parent)
        gen = _depth(parent)
        assert _index._sizes_by_generation(parent, gen, int(gen.max()) + 1).tolist() == expected.tolist()
        assert _index._sizes_by_euler_tour(parent).tolist() == expected.tolist()
        assert _index._subtree_sizes(parent, gen).tolist() == expected.tolist()

    def test_a_deep_chain_takes_the_euler_tour(self, monkeypatch):
        n = 2000
        parent = np.arange(-1, n - 1, dtype=np.int64)
        gen = np.arange(n, dtype=np.int64)
        monkeypatch.setattr(_index, "_sizes_by_generation", lambda *a: pytest.fail("one pass per generation"))
        assert _index._subtree_sizes(parent, gen).tolist() == list(range(n - 1, -1, -1))

    def test_a_star_goes_bottom_up(self, monkeypatch):
        n = 2000
        parent = np.r_[-1, 0, np.ones(n - 2, np.int64)]
        monkeypatch.setattr(_index, "_sizes_by_euler_tour", lambda *a: pytest.fail("Euler tour"))
        sizes = _index._subtree_sizes(parent, _depth(parent))
        assert sizes[:2].tolist() == [n - 1, n - 2] and not sizes[2:].any()

    def test_empty(self):
        assert len(_index._subtree_sizes(np.zeros(0, np.int64), np.zeros(0, np.int64))) == 0


class TestTreeOrder:
    def test_packed_key_sorts_like_the_four_key_lexsort(self):
        rng = np.random.default_rng(5)
        n, N = 3000, 5000
        seeker = rng.integers(0, 4, n)
        gen = rng.integers(0, 6, n)
        contact = rng.permutation(N)[:n]
        date = pd.Timestamp("2026-01-01").to_datetime64() + rng.integers(0, 40, n).astype("timedelta64[D]")
        date = date.astype("datetime64[ns]")
        date[rng.random(n) < 0.2] = np.datetime64("NaT")
        d = _index._sortable(date)
        expected = np.lexsort((contact, d, gen, seeker))
        assert _index._tree_order(seeker, gen, date, contact, N).tolist() == expected.tolist()

    def test_too_wide_for_one_integer_falls_back(self):
        n = 50
        seeker = np.zeros(n, np.int64)
        gen = np.arange(n)
        contact = np.arange(n)[::-1].copy()
        date = (np.arange(n) * 10**15).astype("datetime64[ns]")
        N = 2**40  # 40 bits of contacts + the rest: more than 62 bits
        assert (
            _index._tree_order(seeker, gen, date, contact, N).tolist()
            == np.lexsort((contact, date.view("int64"), gen, seeker)).tolist()
        )


class TestEdges:
    def test_earliest_introduction_is_the_edge_undated_last_then_file_order(self):
        contacts = pd.DataFrame({"name": ["Me", "Ann", "Bo", "Cy"], "is_seeker": ["y", "", "", ""]})
        intros = pd.DataFrame(
            {
                "introducer": ["Ann", "Me", "Ann", "Cy", "Me"],
                "introduced": ["Bo", "Ann", "Bo", "Bo", "Cy"],
                "date": ["", "2026-01-01", "2026-02-01", "2026-02-01", "2026-01-02"],
            }
        )
        net = rg.from_frames(contacts, intros)
        dup = net.duplicate_introductions
        assert sorted(dup["row"].tolist()) == [2, 5]  # the undated one and the later equal-date one
        assert set(dup["kept_row"].tolist()) == {4}
        frame = net.tree_table()
        assert frame.set_index("contact").loc["Bo", "introduced_by"] == "Ann"

    def test_shapes_match_their_depths(self):
        n = 300
        ids = [f"p{i}" for i in range(n)]
        contacts = pd.DataFrame({"id": ["me"] + ids, "name": ["Me"] + ids, "is_seeker": ["y"] + [""] * n})
        chain = rg.from_frames(contacts, pd.DataFrame({"introducer": ["me"] + ids[:-1], "introduced": ids}))
        star = rg.from_frames(contacts, pd.DataFrame({"introducer": ["me"] + [ids[0]] * (n - 1), "introduced": ids}))
        assert chain.index.descendants.tolist() == list(range(n, -1, -1))
        assert chain.index.generation.tolist() == list(range(n + 1))
        assert star.index.descendants[:2].tolist() == [n, n - 1] and star.index.generation.max() == 2
