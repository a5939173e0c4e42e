"""All-or-nothing folder writes (issue 12 item 2): a sibling temporary folder swapped in."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import referralgraph as rg
from referralgraph.readwrite._atomic import atomic_folder, clean_stale

SRC = str(Path(rg.__file__).parents[1])


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


class TestAtomicFolder:
    def test_new_folder(self, tmp_path):
        target = tmp_path / "a" / "out"
        with atomic_folder(target) as tmp:
            (tmp / "x.csv").write_text("1")
        assert _names(target) == ["x.csv"]
        assert _names(target.parent) == ["out"]

    def test_replace_keeps_other_files(self, tmp_path):
        target = tmp_path / "out"
        target.mkdir()
        (target / "x.csv").write_text("old")
        (target / "notes.txt").write_text("mine")
        with atomic_folder(target) as tmp:
            (tmp / "x.csv").write_text("new")
        assert (target / "x.csv").read_text() == "new"
        assert (target / "notes.txt").read_text() == "mine"
        assert _names(tmp_path) == ["out"]

    def test_failure_leaves_old_folder_and_no_temp(self, tmp_path):
        target = tmp_path / "out"
        target.mkdir()
        (target / "x.csv").write_text("old")
        with pytest.raises(RuntimeError):
            with atomic_folder(target) as tmp:
                (tmp / "x.csv").write_text("new")
                raise RuntimeError("boom")
        assert (target / "x.csv").read_text() == "old"
        assert _names(tmp_path) == ["out"]

    def test_keyboard_interrupt_cleans_up(self, tmp_path):
        with pytest.raises(KeyboardInterrupt):
            with atomic_folder(tmp_path / "out") as tmp:
                (tmp / "x.csv").write_text("new")
                raise KeyboardInterrupt
        assert _names(tmp_path) == []

    def test_stale_temp_of_dead_run_is_removed(self, tmp_path):
        dead = subprocess.run(
            [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
        ).stdout.strip()
        stale = tmp_path / f".out.{dead}-deadbeef.tmpdir"
        stale.mkdir()
        (stale / "contacts.csv").write_text("half")
        with atomic_folder(tmp_path / "out") as tmp:
            (tmp / "x.csv").write_text("1")
        assert _names(tmp_path) == ["out"]

    def test_temp_of_live_run_is_left_alone(self, tmp_path):
        live = tmp_path / f".out.{os.getpid()}-cafecafe.tmpdir"
        live.mkdir()
        assert clean_stale(tmp_path / "out") == []
        assert live.exists()

    def test_old_folder_put_back_when_killed_between_renames(self, tmp_path):
        dead = subprocess.run(
            [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
        ).stdout.strip()
        old = tmp_path / f".out.{dead}-deadbeef.olddir"
        old.mkdir()
        (old / "x.csv").write_text("old")
        clean_stale(tmp_path / "out")
        assert (tmp_path / "out" / "x.csv").read_text() == "old"

    def test_folder_with_subfolder_is_updated_in_place(self, tmp_path):
        target = tmp_path / "out"
        (target / "sub").mkdir(parents=True)
        with atomic_folder(target) as tmp:
            (tmp / "x.csv").write_text("1")
        assert _names(target) == ["sub", "x.csv"]
        assert _names(tmp_path) == ["out"]

    def test_save_csv_folder_failure_leaves_nothing(self, tmp_path, small, monkeypatch):
        calls = []

        from referralgraph.readwrite import tables

        def boom(*a, **k):
            calls.append(1)
            if len(calls) == 2:
                raise OSError(28, "No space left on device")
            return original(*a, **k)

        original = tables.write_cells
        monkeypatch.setattr(tables, "write_cells", boom)
        with pytest.raises(OSError):
            rg.save(small, tmp_path / "out")
        assert _names(tmp_path) == []


_WRITER = """
import sys, referralgraph as rg
net = rg.load(sys.argv[1])
print("ready", flush=True)
rg.save(net, sys.argv[2], overwrite=True)
print("done", flush=True)
"""


def _big_network(folder: Path, n: int, tag: str) -> None:
    ids = [f"p{k}" for k in range(n)]
    contacts = pd.DataFrame(
        {"id": ids, "name": [f"{tag} {k}" for k in range(n)], "is_seeker": ["yes"] + [""] * (n - 1)}
    )
    intros = pd.DataFrame({"introducer": ids[:-1], "introduced": ids[1:]})
    intros["introducer"] = "p0"
    rg.save(rg.from_frames(contacts, intros), folder)


@pytest.mark.slow
def test_sigkill_at_random_moments_leaves_old_or_new(tmp_path):
    """Kill ``save`` over an older export at random moments: the folder is always the old or the new one."""
    old_src, new_src, out = tmp_path / "old", tmp_path / "new", tmp_path / "out"
    _big_network(old_src, 20_000, "Old")
    _big_network(new_src, 20_000, "New")
    old_bytes = {p.name: p.read_bytes() for p in old_src.iterdir()}
    new_bytes = {p.name: p.read_bytes() for p in new_src.iterdir()}
    rnd = random.Random(12)
    env = {**os.environ, "PYTHONPATH": SRC}
    outcomes = set()
    for trial in range(8):
        rg.save(rg.load(old_src), out, overwrite=True)
        proc = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(new_src), str(out)], stdout=subprocess.PIPE, text=True, env=env
        )
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rnd.uniform(0, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = {p.name: p.read_bytes() for p in out.iterdir()}
        assert now in (old_bytes, new_bytes), f"trial {trial}: a mix of old and new files"
        outcomes.add("new" if now == new_bytes else "old")
        rg.save(rg.load(old_src), out, overwrite=True)  # the next write cleans what the killed run left
        assert sorted(p.name for p in tmp_path.iterdir()) == ["new", "old", "out"]
    assert rg.load(out).contacts["name"].iloc[1] == "Old 1"


class TestErrorsNameTheTarget:
    def test_failed_rename_names_the_target_not_the_temp_file(self, tmp_path, monkeypatch):
        from referralgraph.readwrite.files import write_text

        def fail(src, dst):
            raise OSError(28, "No space left on device", str(src))

        monkeypatch.setattr(os, "replace", fail)
        monkeypatch.setattr(os, "link", fail)
        with pytest.raises(OSError) as info:
            write_text(tmp_path / "map.html", "x", overwrite=True)
        assert str(info.value).startswith(f"{tmp_path / 'map.html'}: ")
        assert ".tmp" not in str(info.value)
        assert list(tmp_path.iterdir()) == []

    def test_device_and_input_refused_even_with_overwrite(self, tmp_path):
        from referralgraph.exceptions import OverwriteError
        from referralgraph.readwrite.files import check_target

        if os.path.exists("/dev/null"):
            with pytest.raises(OverwriteError, match="not a regular file"):
                check_target("/dev/null", overwrite=True)
        (tmp_path / "contacts.csv").write_text("id")
        with pytest.raises(OverwriteError, match="is one of the inputs"):
            check_target(tmp_path / "contacts.csv", overwrite=True, inputs=[tmp_path])
        hard = tmp_path / "hard.csv"
        os.link(tmp_path / "contacts.csv", hard)
        with pytest.raises(OverwriteError, match="is one of the inputs"):
            check_target(hard, overwrite=True, inputs=[tmp_path / "contacts.csv"])
        with pytest.raises(OverwriteError, match="is one of the inputs"):  # nothing lands inside a source folder
            check_target(tmp_path / "new.csv", inputs=[tmp_path])
        assert check_target(tmp_path / "new.csv", inputs=[tmp_path / "contacts.csv"]) == tmp_path / "new.csv"
