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
    pd.DataFrame(
        {
            "id": ["maya", "ann", "zed"],
            "name": ["Maya Park", "Ann Lee", "Zed Quinn"],
            "organization": ["", "Acme", "Zeta"],
            "linkedin": ["", "linkedin.com/in/ann-lee-4b2a1c/", ""],
            "is_seeker": ["yes", "", ""],
        }
    ).to_csv(folder / "contacts.csv", index=False)
    pd.DataFrame({"introducer": ["ann"], "introduced": ["zed"], "date": ["2026-01-10"]}).to_csv(
        folder / "introductions.csv", index=False
    )
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
            "so nothing identifies this connection (Company 'Hooli', Position 'Intern'); expected a name or a URL\n"
        )
        assert result.stderr == (
            "Warning: row 7: First Name and Last Name are blank (a member who hides their name); "
            "kept as '(hidden name)' with the id 'a1b2c3d4' from the URL\n"
        )
        net = rg.load(out)
        assert net.seekers == ["maya-park"]
        assert len(net) == 7
        assert net.contact("jose-muller")["first_contact"] == pd.Timestamp("2025-11-11")
        assert (net.tree_table()["generation"].iloc[1:] == 1).all()

    def test_new_network_needs_seeker(self, tmp_path, run):
        out = tmp_path / "new"
        result = run("import-linkedin", RECENT, out)
        assert result.exit_code == 1
        assert result.output == (
            f"Error: {out} holds no network (no contacts.csv); to start one there, "
            'pass your name: --seeker "Your Name"\n'
        )
        assert not out.exists()

    def test_dry_run_changes_nothing(self, search, run):
        before = snapshot(search)
        result = run("import-linkedin", RECENT, search, "--dry-run")
        assert result.exit_code == 0
        lines = result.stdout.splitlines()
        assert lines[0] == (
            f"Would merge into {search} from {RECENT}: 0 added, 5 to the connections pool "
            "(0 already there), 1 matched (1 by URL, 0 by email, 0 by name), 1 skipped."
        )
        assert "  would pool row 6: Bo Chen (bo-chen)" in lines or any(x.endswith(": Bo Chen (bo-chen)") for x in lines)
        assert "  would match row 5 to ann (url)" in lines
        assert snapshot(search) == before

    def test_merge_keeps_the_search(self, search, run):
        """Issue 20 item 7: the hand-kept files only gain filled cells; new connections wait in the pool."""
        before = snapshot(search)
        summary = rg.seeker_summary(rg.load(search))
        result = run("import-linkedin", RECENT, search)  # no --force needed: nothing is rewritten
        assert result.exit_code == 0
        assert result.stdout.splitlines() == [
            f"Merged {search} from {RECENT}: 0 added, 5 to the connections pool (0 already there), 1 matched "
            "(1 by URL, 0 by email, 0 by name), 1 skipped.",
            "Note: added column role to contacts.csv.",
            "Note: created connections.csv (the connections pool).",
            f"The files as they were are in {search / '.referralgraph-backup'} (undo: referralgraph undo-import "
            f"{search}).",
            "Skipped row 11: First Name and Last Name are blank (a member who hides their name) and there is no URL, "
            "so nothing identifies this connection (Company 'Hooli', Position 'Intern'); expected a name or a URL",
            "1 matched contact differs from LinkedIn; the network's values were kept:",
            "  row 5 (ann): filled in role; kept organization 'Acme' (LinkedIn: 'Acme Analytics, Inc.')",
        ]
        net = rg.load(search)
        assert net.ids.tolist() == ["maya", "ann", "zed"]
        ann = net.contact("ann")
        assert (ann["organization"], ann["role"]) == ("Acme", "Data Analyst")
        assert net.tree_table().set_index("contact").loc["zed", "introduced_by"] == "ann"
        assert before["introductions.csv"] == (search / "introductions.csv").read_bytes()
        assert (search / "contacts.csv").read_bytes().split(b"\n")[2:] != []  # rows kept, cells filled
        assert rg.read_pool(search)["id"].tolist() == ["bo-chen", "a1b2c3d4", "carla-diaz", "jose-muller", "ann-lee-2"]
        after = rg.seeker_summary(rg.load(search))
        pd.testing.assert_frame_equal(
            after[["contacts", "max_generation", "max_breadth", "dormant_contacts"]],
            summary[["contacts", "max_generation", "max_breadth", "dormant_contacts"]],
        )
        undo = run("undo-import", search)
        assert undo.exit_code == 0
        assert undo.stdout.splitlines() == [
            "Restored contacts.csv.",
            "Removed connections.csv (created by the import).",
        ]
        assert snapshot(search) == before

    def test_importing_again_adds_nothing(self, search, run):
        run("import-linkedin", RECENT, search)
        result = run("import-linkedin", RECENT, search)
        assert result.exit_code == 0
        assert result.stdout.splitlines()[0] == (
            f"Merged {search} from {RECENT}: 0 added, 0 to the connections pool (5 already there), 1 matched "
            "(1 by URL, 0 by email, 0 by name), 1 skipped."
        )
        assert len(rg.load(search)) == 3 and len(rg.read_pool(search)) == 5

    def test_no_pool_adds_direct_contacts(self, search, run):
        result = run("import-linkedin", RECENT, search, "--no-pool")
        assert result.exit_code == 0
        assert result.stdout.splitlines()[0] == (
            f"Merged {search} from {RECENT}: 5 added, 1 matched (1 by URL, 0 by email, 0 by name), 1 skipped."
        )
        assert rg.load(search).ids.tolist() == [
            "maya",
            "ann",
            "zed",
            "bo-chen",
            "a1b2c3d4",
            "carla-diaz",
            "jose-muller",
            "ann-lee-2",
        ]

    def test_cp1252_export_warns(self, search, run):
        result = run("import-linkedin", Y2022, search)
        assert result.exit_code == 0
        assert result.stdout.splitlines()[0] == (
            f"Merged {search} from {Y2022}: 0 added, 3 to the connections pool (0 already there), 0 matched "
            "(0 by URL, 0 by email, 0 by name), 1 skipped."
        )
        assert result.stderr.startswith("Warning: not UTF-8; read as Windows-1252")
        assert "Zoë Béranger" in rg.read_pool(search)["name"].tolist()

    def test_cohort_needs_seeker(self, tmp_path, run):
        folder = tmp_path / "cohort"
        folder.mkdir()
        pd.DataFrame({"id": ["s1", "s2"], "name": ["Sam", "Sue"], "is_seeker": ["yes", "yes"]}).to_csv(
            folder / "contacts.csv", index=False
        )
        result = run("import-linkedin", RECENT, folder)
        assert result.exit_code == 1
        assert result.output == "Error: the network has 2 seekers; expected a seeker id, one of 's1', 's2'\n"
        result = run("import-linkedin", RECENT, folder, "--seeker", "Sue", "--no-pool")
        assert result.exit_code == 0
        net = rg.load(folder)
        assert set(net.tree_table("s2")["contact"]) == {
            "s2",
            "ann-lee",
            "bo-chen",
            "a1b2c3d4",
            "carla-diaz",
            "jose-muller",
            "ann-lee-2",
        }
        pooled = tmp_path / "cohort2"
        pooled.mkdir()
        (pooled / "contacts.csv").write_bytes((folder / ".referralgraph-backup" / "contacts.csv").read_bytes())
        assert run("import-linkedin", RECENT, pooled, "--seeker", "Sue").exit_code == 0
        assert set(rg.read_pool(pooled)["seeker"]) == {"s2"} and len(rg.load(pooled)) == 2

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
        assert result.stderr.splitlines()[0] == (
            "Warning: row 6: '31 Feb 2026' is not a date; expected a date like '08 Feb 2026', as LinkedIn writes it"
        )
        assert len(rg.load(out)) == 4

    def test_not_a_linkedin_export(self, tmp_path, search, run):
        other = tmp_path / "contacts.csv"
        other.write_text("name,organization\nAnn,Acme\n", encoding="utf-8")
        result = run("import-linkedin", other, tmp_path / "new", "--seeker", "Me")
        assert result.exit_code == 1
        assert result.output == (
            f"Error: {other}: no LinkedIn header in the first 20 lines; expected a line with the columns "
            "'First Name,Last Name,URL,Email Address,Company,Position,Connected On' (LinkedIn's Connections.csv, "
            "after an optional 'Notes:' paragraph); the first line is 'name,organization'\n"
        )

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


def test_pooled_connections_are_warm_paths(search, run):
    """The pool does not count in reach, but `next --target` finds the way in through it."""
    run("import-linkedin", RECENT, search)
    pool = rg.read_pool(search)
    org = pool.loc[pool["id"] == "bo-chen", "organization"].iat[0]
    result = run("next", search, "--target", org, "--as-of", "2026-03-01")
    assert result.exit_code == 0
    assert f"Get in touch with Bo Chen at {org}: you are connected" in result.stdout
    todo = rg.next_actions(rg.load(search), targets=[org], as_of="2026-03-01", connections=pool)
    row = todo[todo["habit"] == "grow"].iloc[0]
    assert (row["contact"], row["name"]) == ("bo-chen", "Bo Chen")
    assert "connections pool" in row["reason"]


def test_the_pool_is_folded_on_the_map(search, run, tmp_path):
    """The map's tree looks the same after an import; the pool is one folded node under the seeker."""
    net = rg.load(search)
    before = rg.network_map(net)._payload
    run("import-linkedin", RECENT, search)
    after = rg.network_map(rg.load(search), connections=rg.read_pool(search))._payload
    people = before.n_nodes
    assert after.n_nodes == people + 1 and after.people == before.people
    assert after.nodes["name"][:people] == before.nodes["name"]
    assert (after.nodes["x"][:people] == before.nodes["x"]).all() and (
        after.nodes["y"][:people] == before.nodes["y"]
    ).all()
    assert after.nodes["name"][-1] == "+5 connections" and int(after.nodes["kind"][-1]) == 2
    assert after.tips["Summary"][people].startswith("5 connections of Maya Park in the connections pool")
    assert after.legend[-1]["label"].startswith("Connections pool") and after.legend[-1]["count"] == 5
    result = run("map", search, "-o", tmp_path / "m.html")
    assert result.exit_code == 0 and f"({people + 1} nodes" in result.stdout


class TestImportUnderTheNetworkLock:
    """Issue 23 item 1: an import reads, plans and writes inside the network's lock, like log."""

    def test_waits_for_the_lock_and_writes_nothing_while_held(self, search, monkeypatch):
        from referralgraph.readwrite.files import network_lock

        monkeypatch.setenv("REFERRALGRAPH_LOCK_TIMEOUT", "0.3")
        before = snapshot(search)
        with network_lock(search):  # another command is changing the network
            with pytest.raises(rg.exceptions.NetworkLockedError, match="locked"):
                rg.import_linkedin(RECENT, search)
        assert {k: v for k, v in snapshot(search).items() if not k.startswith(".")} == {
            k: v for k, v in before.items() if not k.startswith(".")
        }
        report = rg.import_linkedin(RECENT, search)  # free again: the import goes through
        assert "connections.csv" in {Path(p).name for p in report.attrs["files"]}

    def test_undo_restores_under_the_lock(self, search, monkeypatch):
        from referralgraph.readwrite.files import network_lock

        before = snapshot(search)
        rg.import_linkedin(RECENT, search)
        monkeypatch.setenv("REFERRALGRAPH_LOCK_TIMEOUT", "0.3")
        with network_lock(search), pytest.raises(rg.exceptions.NetworkLockedError):
            rg.undo_import(search)
        rg.undo_import(search)
        assert {k: v for k, v in snapshot(search).items() if not k.startswith(".")} == before


def test_a_pooled_connection_joins_the_network_when_logged(search, run):
    """Meeting someone from the pool: `log` finds them (accents typed without), adds them with the pool's details."""
    run("import-linkedin", RECENT, search)
    pool, before = rg.read_pool(search), rg.load(search).problems
    jose = pool[pool["id"] == "jose-muller"].iloc[0]
    result = run("log", "meeting", search, "jose muller", "--date", "2026-03-02 10:00", "--kind", "coffee")
    assert result.exit_code == 0, result.output
    assert (
        f"Logged coffee with {jose['name']} (now a contact, from your connections pool) on 2026-03-02 10:00"
        in result.stdout
    )
    net = rg.load(search)
    row = net.contacts.set_index("id").loc["jose-muller"]
    assert (row["name"], row["organization"], row["linkedin"]) == (jose["name"], jose["organization"], jose["linkedin"])
    assert row["first_contact"] == jose["first_contact"]  # connected on, as an import without the pool writes it
    assert net.meetings.iloc[-1]["contact"] == "jose-muller"
    pd.testing.assert_frame_equal(net.problems, before)  # no new problem
    # from now on a contact, not a pooled connection: the map's pool node and warm paths leave them out
    payload = rg.network_map(net, connections=rg.read_pool(search))._payload
    assert payload.nodes["name"][-1] == "+4 connections"
    org = jose["organization"]
    todo = rg.next_actions(net, targets=[org], as_of="2026-03-03", connections=rg.read_pool(search))
    assert not todo["reason"].str.contains("connections pool").any()
    # introductions find pooled people too (Python API: connections=)
    after = rg.log_introduction(net, "jose-muller", "Bo Chen", date="2026-03-03", connections=rg.read_pool(search))
    assert after.contacts["id"].iloc[-1] == "bo-chen" and after.introductions.iloc[-1]["introduced"] == "bo-chen"
    with pytest.raises(rg.ContactNotFound, match="not a contact id or name"):
        rg.log_meeting(net, "Bo Chen", date="2026-03-03")  # without the pool: as before
