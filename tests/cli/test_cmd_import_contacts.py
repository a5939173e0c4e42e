"""``referralgraph import-contacts``: summary lines, a new network, invitations, one-line errors."""

from pathlib import Path

from click.testing import CliRunner

import referralgraph as rg
from referralgraph.cli import cli

FIXTURES = Path(__file__).parents[1] / "fixtures" / "contacts"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_start_then_merge_then_date(tmp_path):
    folder = tmp_path / "search"
    result = run("import-contacts", FIXTURES / "contacts_v3.vcf", folder, "--seeker", "Maya Park")
    assert result.exit_code == 0, result.output
    assert "2 added, 0 matched" in result.output and f"Note: started a network in {folder}." in result.output
    before = (folder / "contacts.csv").read_bytes()
    result = run("import-contacts", FIXTURES / "google.csv", folder, "--dry-run")
    # new people would wait in the connections pool (issue 20 item 7); a dry run writes nothing
    assert result.output.startswith("Would merge Google Contacts CSV")
    assert (
        "0 added, 3 to the connections pool (0 already there), 1 matched (1 by URL, 0 by email, 0 by name), 1 skipped."
    ) in result.output
    assert (folder / "contacts.csv").read_bytes() == before and not (folder / "connections.csv").exists()
    result = run("import-contacts", FIXTURES / "google.csv", folder, "--no-pool")  # as direct contacts
    assert result.exit_code == 0, result.output
    assert "3 added, 1 matched (1 by URL, 0 by email, 0 by name), 1 skipped." in result.output
    assert "Skipped row 6: no name, email or other identifying value" in result.output
    after = (folder / "contacts.csv").read_bytes()
    assert after.split(b"\r\n")[1] == before.split(b"\r\n")[1]  # the seeker's row as it was
    result = run("import-contacts", FIXTURES / "Invitations.csv", folder)
    assert result.exit_code == 0, result.output
    assert "2 first-contact dates set" in result.output
    assert rg.load(folder).contact("ann-lee")["first_contact"].strftime("%Y-%m-%d") == "2026-01-29"


def test_errors_are_one_line(tmp_path):
    result = run("import-contacts", FIXTURES / "google.csv", tmp_path / "none")
    assert result.exit_code == 1 and result.output.startswith("Error: ") and "--seeker" in result.output
    other = tmp_path / "notes.txt"
    other.write_text("hello\n")
    result = run("import-contacts", other, tmp_path / "none", "--seeker", "Me")
    assert result.exit_code == 1 and "not a contacts export" in result.output
    assert result.output.count("\n") == 1
