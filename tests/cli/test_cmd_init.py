"""``referralgraph init``: template files that validate, and never replacing the user's files."""

import pandas as pd

import referralgraph as rg


class TestInitCommand:
    def test_writes_template_that_validates(self, tmp_path, run):
        folder = tmp_path / "my-search"
        result = run("init", folder)
        assert result.exit_code == 0, result.output
        assert sorted(p.name for p in folder.iterdir()) == [
            "contacts.csv",
            "introductions.csv",
            "meetings.csv",
            "opportunities.csv",
        ]
        assert f"referralgraph validate {folder}" in result.output
        check = run("validate", folder)
        assert check.exit_code == 0 and "0 errors" in check.output
        header = pd.read_csv(folder / "contacts.csv", encoding="utf-8-sig").columns.tolist()
        assert header[:3] == ["id", "name", "organization"] and header[-1] == "is_seeker"

    def test_refuses_to_overwrite(self, tmp_path, run):
        folder = tmp_path / "my-search"
        run("init", folder)
        (folder / "introductions.csv").write_text("my work")
        result = run("init", folder)
        assert result.exit_code == 1
        assert result.output == (
            f"Error: {folder / 'contacts.csv'}, {folder / 'introductions.csv'}, {folder / 'meetings.csv'}, "
            f"{folder / 'opportunities.csv'} already exist; expected a folder without contacts.csv, introductions.csv or meetings.csv, or pass "
            "overwrite=True (CLI: --force) to replace them\n"
        )
        assert (folder / "introductions.csv").read_text() == "my work"

    def test_force(self, tmp_path, run):
        folder = tmp_path / "my-search"
        run("init", folder)
        (folder / "contacts.csv").write_text("broken")
        assert run("init", folder, "--force").exit_code == 0
        assert rg.validate(folder).empty

    def test_folder_with_other_files(self, tmp_path, run):
        (tmp_path / "notes.txt").write_text("keep")
        assert run("init", tmp_path).exit_code == 0
        assert (tmp_path / "notes.txt").read_text() == "keep"

    def test_path_is_a_file(self, tmp_path, run):
        (tmp_path / "f").write_text("x")
        result = run("init", tmp_path / "f")
        assert result.exit_code != 0 and "Error:" in result.output and "Traceback" not in result.output

    def test_help_has_example(self, run):
        assert "referralgraph init my-search" in run("init", "--help").output
