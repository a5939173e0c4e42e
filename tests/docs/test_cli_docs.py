"""docs/cli.md is generated from every command's --help and must be up to date."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestCliDocs:
    def test_up_to_date(self):
        gen = _generator()
        expected = gen.render()
        current = gen.TARGET.read_text(encoding="utf-8")
        assert current == expected, "docs/cli.md is out of date: run `python3 scripts/gen_cli_docs.py`"

    def test_every_command_documented(self):
        from referralgraph.cli import all_commands

        text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
        for name in all_commands():
            assert f"## `referralgraph {name}`" in text

    def test_every_command_has_an_example(self):
        from referralgraph.cli import all_commands

        missing = [
            name for name, command in all_commands().items() if "referralgraph " + name not in (command.help or "")
        ]
        assert not missing, f"commands whose --help shows no example: {missing}"

    def test_check_mode(self, tmp_path, monkeypatch):
        gen = _generator()
        monkeypatch.setattr(gen, "TARGET", tmp_path / "cli.md")
        assert gen.main(["--check"]) == 1
        assert gen.main([]) == 0
        assert gen.main(["--check"]) == 0

    def test_help_error_is_reported(self):
        gen = _generator()
        with pytest.raises(RuntimeError, match="no-such-command"):
            gen.help_text(("no-such-command",))
