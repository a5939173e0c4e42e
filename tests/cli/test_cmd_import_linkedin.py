"""``referralgraph import-linkedin``: a new network, merging into one, refusals and friendly errors."""

from pathlib import Path

import pandas as pd
import pytest

import referralgraph as rg

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "linkedin"
RECENT = FIXTURES / "connections_recent.csv"
Y2022 = FIXTURES / "connections_2022_cp1252.csv"
BAD_DATE = FIXTURES / "connections_bad_date.csv"


@pytest.fixture
def search(tmp_path):
    """A hand-written network whose Ann is row 5 of the recent export (URL written differently)."""
    folder = tmp_path / "search"
    folder.mkdir()
    pd.DataFrame({
        "id": ["maya", "ann", "zed"],
        "name": ["Maya Park", "Ann Lee", "Zed Quinn"],
        "organization": ["", "Acme", "Zeta"],
        "linkedin": ["", "linkedin.com/in/ann-lee-4b2a1c/", ""],
        "is_seeker": ["yes", "", ""],
    }).to_csv(folder / "contacts.csv", index=False)
    pd.DataFrame({"introducer": ["ann"], "introduced": ["zed"], "date": ["2026-01-10"]}).to_csv(
        folder / "introductions.csv", index=False)
    return folder


def snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


class TestImportLinkedInCommand:
    def test_new_network(self, tmp_path, run):
        out = tmp_path / "new"
        result = run("import-linkedin", RECENT, out, "--seeker", "Maya Park")
        assert result.exit_code == 0
        assert result.stdout == (
            f"Started a network in {out} from {RECENT}: 6 added, 0 matched (0 by URL, 0 by email, 0 by name), "
            "1 skipped.\n"
            "Skipped row 11: First Name and Last Name are blank (a member who hides their name) and there is no URL, "
            "so nothing identifies this connection (Company 'Hooli', Position 'Intern'); expected a name or a URL\n")
        assert result.stderr == ("Warning: row 7: First Name and Last Name are blank (a member who hides their name); "
                                 "kept as '(hidden name)' with the id 'a1b2c3d4' from the URL\n")
        net = rg.load(out)
        assert net.seekers == ["maya-park"]
        assert len(net) == 7
        assert net.contact("jose-muller")["first_contact"] == pd.Timestamp("2025-11-11")
        assert (net.tree_table()["generation"].iloc[1:] == 1).all()

    def test_new_network_needs_seeker(self, tmp_path, run):
        out = tmp_path / "new"
        result = run("import-linkedin", RECENT, out)
        assert result.exit_code == 1
        assert result.output == (f"Error: {out} holds no network (no contacts.csv); to start one there, "
                                 "pass your name: --seeker \"Your Name\"\n")
        assert not out.exists()

    def test_existing_network_needs_force(self, search, run):
        before = snapshot(search)
        result = run("import-linkedin", RECENT, search)
        assert result.exit_code == 1
        assert result.output == (f"Error: {search} already holds a network (contacts.csv); importing rewrites its "
                                 "CSV files: pass --force to merge the connections into it\n")
        assert snapshot(search) == before

    def test_merge_into_existing(self, search, run):
        result = run("import-linkedin", RECENT, search, "--force")
        assert result.exit_code == 0
        assert result.stdout.splitlines() == [
            f"Merged {search} from {RECENT}: 5 added, 1 matched (1 by URL, 0 by email, 0 by name), 1 skipped.",
            "Skipped row 11: First Name and Last Name are blank (a member who hides their name) and there is no URL, "
            "so nothing identifies this connection (Company 'Hooli', Position 'Intern'); expected a name or a URL",
            "1 matched contact differs from LinkedIn; the network's values were kept:",
            "  row 5 (ann): filled in role, first_contact; kept organization 'Acme' (LinkedIn: 'Acme Analytics, Inc.')",
        ]
        net = rg.load(search)
        assert net.ids.tolist() == ["maya", "ann", "zed", "bo-chen", "a1b2c3d4", "carla-diaz", "jose-muller",
                                    "ann-lee-2"]
        ann = net.contact("ann")
        assert (ann["organization"], ann["role"]) == ("Acme", "Data Analyst")
        assert net.tree_table().set_index("contact").loc["zed", "introduced_by"] == "ann"

    def test_importing_again_adds_nothing(self, search, run):
        run("import-linkedin", RECENT, search, "--force")
        result = run("import-linkedin", RECENT, search, "--force")
        assert result.exit_code == 0
        assert result.stdout.splitlines()[0] == (
            f"Merged {search} from {RECENT}: 0 added, 6 matched (6 by URL, 0 by email, 0 by name), 1 skipped.")
        assert len(rg.load(search)) == 8

    def test_cp1252_export_warns(self, search, run):
        result = run("import-linkedin", Y2022, search, "--force")
        assert result.exit_code == 0
        assert result.stdout.splitlines()[0] == (
            f"Merged {search} from {Y2022}: 3 added, 0 matched (0 by URL, 0 by email, 0 by name), 1 skipped.")
        assert result.stderr.startswith("Warning: not UTF-8; read as Windows-1252")
        assert rg.load(search).contact("zoe-beranger")["name"] == "Zoë Béranger"

    def test_cohort_needs_seeker(self, tmp_path, run):
        folder = tmp_path / "cohort"
        folder.mkdir()
        pd.DataFrame({"id": ["s1", "s2"], "name": ["Sam", "Sue"], "is_seeker": ["yes", "yes"]}).to_csv(
            folder / "contacts.csv", index=False)
        result = run("import-linkedin", RECENT, folder, "--force")
        assert result.exit_code == 1
        assert result.output == "Error: the network has 2 seekers; expected a seeker id, one of 's1', 's2'\n"
        result = run("import-linkedin", RECENT, folder, "--force", "--seeker", "Sue")
        assert result.exit_code == 0
        net = rg.load(folder)
        assert set(net.tree_table("s2")["contact"]) == {"s2", "ann-lee", "bo-chen", "a1b2c3d4", "carla-diaz",
                                                         "jose-muller", "ann-lee-2"}

    def test_bad_date_is_an_error(self, tmp_path, run):
        out = tmp_path / "new"
        result = run("import-linkedin", BAD_DATE, out, "--seeker", "Me")
        assert result.exit_code == 1
        assert result.output.splitlines() == [
            "Error: 2 errors in the input:",
            f"{BAD_DATE}, row 6, column 'Connected On': '31 Feb 2026' is not a date; expected a date like "
            "'08 Feb 2026', as LinkedIn writes it",
            f"{BAD_DATE}, row 7, column 'Connected On': 'yesterday' is not a date; expected a date like "
            "'08 Feb 2026', as LinkedIn writes it",
        ]
        assert not out.exists()

    def test_bad_date_lenient(self, tmp_path, run):
        out = tmp_path / "new"
        result = run("import-linkedin", BAD_DATE, out, "--seeker", "Me", "--lenient")
        assert result.exit_code == 0
        assert result.stderr.splitlines()[0] == ("Warning: row 6: '31 Feb 2026' is not a date; expected a date like "
                                                 "'08 Feb 2026', as LinkedIn writes it")
        assert len(rg.load(out)) == 4

    def test_not_a_linkedin_export(self, tmp_path, search, run):
        other = tmp_path / "contacts.csv"
        other.write_text("name,organization\nAnn,Acme\n", encoding="utf-8")
        result = run("import-linkedin", other, tmp_path / "new", "--seeker", "Me")
        assert result.exit_code == 1
        assert result.output == (
            f"Error: {other}: no LinkedIn header in the first 20 lines; expected a line with the columns "
            "'First Name,Last Name,URL,Email Address,Company,Position,Connected On' (LinkedIn's Connections.csv, "
            "after an optional 'Notes:' paragraph); the first line is 'name,organization'\n")

    def test_empty_export(self, tmp_path, run):
        empty = tmp_path / "Connections.csv"
        empty.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n", encoding="utf-8")
        result = run("import-linkedin", empty, tmp_path / "new", "--seeker", "Me")
        assert result.exit_code == 0
        assert "0 added, 0 matched (0 by URL, 0 by email, 0 by name), 0 skipped." in result.stdout
        assert len(rg.load(tmp_path / "new")) == 1

    def test_missing_file_is_a_usage_error(self, tmp_path, run):
        result = run("import-linkedin", tmp_path / "nope.csv", tmp_path / "new", "--seeker", "Me")
        assert result.exit_code == 1 and "no such file or folder" in result.output
        assert result.output.startswith("Error: ")

    def test_help_has_an_example(self, run):
        result = run("import-linkedin", "-h")
        assert result.exit_code == 0
        assert 'referralgraph import-linkedin Connections.csv my-search --seeker "Maya Park"' in result.output
