"""Progress bars while loading (issue 6 item 5): stderr only, by stage, automatic only for large inputs."""

from __future__ import annotations

import io
import sys
import types

import pytest
from click.testing import CliRunner

import referralgraph as rg
from referralgraph import _limits, _progress
from referralgraph.cli import cli

STAGES_FOLDER = [
    "reading contacts.csv",
    "reading introductions.csv",
    "reading meetings.csv",
    "validating",
    "building the trees",
]


class FakeTTY(io.StringIO):
    """A stderr that claims to be a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    return rg.save(rg.demo(), tmp_path_factory.mktemp("src") / "demo")


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory):
    return rg.save(rg.demo(), tmp_path_factory.mktemp("src") / "demo.xlsx")


@pytest.fixture
def tiny_threshold(monkeypatch):
    """Every input counts as large."""
    monkeypatch.setattr(_limits, "PROGRESS_BYTES", 0)


class TestLoadProgress:
    def test_true_shows_every_stage_on_stderr_not_stdout(self, demo_folder, capsys):
        net = rg.load(demo_folder, progress=True)
        out, err = capsys.readouterr()
        assert out == ""
        assert f"loading {demo_folder.name}" in err
        for stage in STAGES_FOLDER:
            assert stage in err
        assert net.equals(rg.load(demo_folder, progress=False))

    def test_workbook_stages_name_the_sheets(self, demo_book, capsys):
        rg.load(demo_book, progress=True)
        out, err = capsys.readouterr()
        assert out == ""
        for stage in ("reading sheet 'contacts'", "reading sheet 'introductions'", "validating", "building the trees"):
            assert stage in err

    def test_false_never_shows_a_bar(self, demo_folder, capsys, monkeypatch, tiny_threshold):
        fake = FakeTTY()
        monkeypatch.setattr(sys, "stderr", fake)
        rg.load(demo_folder, progress=False)
        assert fake.getvalue() == ""
        assert capsys.readouterr().out == ""

    def test_auto_large_input_on_a_terminal(self, demo_folder, monkeypatch, tiny_threshold, capsys):
        fake = FakeTTY()
        monkeypatch.setattr(sys, "stderr", fake)
        rg.load(demo_folder)
        assert "building the trees" in fake.getvalue()
        assert capsys.readouterr().out == ""

    def test_auto_off_when_stderr_is_not_a_terminal(self, demo_folder, monkeypatch, tiny_threshold):
        plain = io.StringIO()
        monkeypatch.setattr(sys, "stderr", plain)
        rg.load(demo_folder)
        assert plain.getvalue() == ""

    def test_auto_off_for_small_inputs(self, demo_folder, monkeypatch):
        fake = FakeTTY()
        monkeypatch.setattr(sys, "stderr", fake)
        assert _progress.source_bytes(demo_folder) < _limits.PROGRESS_BYTES
        rg.load(demo_folder)
        assert fake.getvalue() == ""

    def test_errors_close_the_bar_and_propagate(self, tmp_path, capsys):
        (tmp_path / "contacts.csv").write_text("id,name\nme,Maya\nme,Maya again\n", encoding="utf-8")
        with pytest.raises(rg.ValidationError, match="3 errors in the input"):
            rg.load(tmp_path, progress=True)
        assert capsys.readouterr().out == ""

    def test_progress_must_be_a_bool_or_none(self, demo_folder):
        with pytest.raises(TypeError, match="progress must be True, False or None"):
            rg.load(demo_folder, progress="yes")

    def test_signature_is_backward_compatible(self):
        import inspect

        params = inspect.signature(rg.load).parameters
        assert list(params)[:5] == ["source", "strict", "date_format", "dayfirst", "today"]
        assert params["progress"].kind is inspect.Parameter.KEYWORD_ONLY
        assert params["progress"].default is None


class TestNotebook:
    def test_a_jupyter_kernel_counts_as_someone_watching(self, monkeypatch, tiny_threshold):
        shell = types.SimpleNamespace(kernel=object())
        monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(get_ipython=lambda: shell))
        monkeypatch.setattr(sys, "stderr", io.StringIO())
        assert _progress.wants_progress(None, 1)

    def test_plain_ipython_without_kernel_does_not(self, monkeypatch, tiny_threshold):
        monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(get_ipython=lambda: None))
        monkeypatch.setattr(sys, "stderr", io.StringIO())
        assert not _progress.wants_progress(None, 1)

    def test_bar_in_a_kernel_without_widgets_falls_back_to_text(self, monkeypatch, demo_folder):
        shell = types.SimpleNamespace(kernel=object())
        monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(get_ipython=lambda: shell))
        err = io.StringIO()
        monkeypatch.setattr(sys, "stderr", err)
        rg.load(demo_folder, progress=True)
        assert "building the trees" in err.getvalue()


class TestCliProgress:
    def test_progress_goes_to_stderr_only(self, demo_folder):
        result = CliRunner().invoke(cli, ["report", str(demo_folder), "--progress"])
        assert result.exit_code == 0, result.output
        assert "building the trees" in result.stderr
        assert "stages" not in result.stdout
        plain = CliRunner().invoke(cli, ["report", str(demo_folder), "--no-progress"])
        assert plain.stdout == result.stdout

    def test_no_progress_wins_over_a_large_input(self, demo_folder, tiny_threshold, monkeypatch):
        monkeypatch.setattr(_progress, "_stderr_is_tty", lambda: True)
        result = CliRunner().invoke(cli, ["report", str(demo_folder), "--no-progress"])
        assert result.exit_code == 0
        assert "stages" not in result.stderr

    def test_default_is_automatic(self, demo_folder, tiny_threshold, monkeypatch):
        monkeypatch.setattr(_progress, "_stderr_is_tty", lambda: True)
        result = CliRunner().invoke(cli, ["report", str(demo_folder)])
        assert result.exit_code == 0
        assert "building the trees" in result.stderr
        monkeypatch.setattr(_progress, "_stderr_is_tty", lambda: False)
        result = CliRunner().invoke(cli, ["report", str(demo_folder)])
        assert "stages" not in result.stderr

    @pytest.mark.parametrize("command", ["report", "metrics", "map", "plot", "export", "forecast", "next"])
    def test_every_loading_command_has_the_option(self, command):
        result = CliRunner().invoke(cli, [command, "--help"])
        assert "--progress / --no-progress" in result.output
