"""The settings kept with a network (referralgraph.toml / a 'settings' sheet): read, written, used, refused."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import referralgraph as rg
from referralgraph.cli import cli
from referralgraph.exceptions import SchemaError
from referralgraph.readwrite.settings import read_settings, write_settings

US_CONTACTS = "id,name,is_seeker\nme,Me,yes\nana,Ana Ortiz,\nbo,Bo Li,\n"
US_INTROS = "introducer,introduced,date,status\nme,ana,3/6/2026,met\nana,bo,3/9/2026,introduced\n"
US_MEETINGS = "contact,date\nana,3/6/2026\n"


@pytest.fixture()
def us_folder(tmp_path):
    folder = tmp_path / "search"
    folder.mkdir()
    (folder / "contacts.csv").write_text(US_CONTACTS)
    (folder / "introductions.csv").write_text(US_INTROS)
    (folder / "meetings.csv").write_text(US_MEETINGS)
    return folder


def test_date_order_is_remembered_by_load_and_log(us_folder):
    with pytest.raises(rg.exceptions.ValidationError):
        rg.load(us_folder)  # 3/6/2026 is ambiguous
    write_settings(us_folder, {"date_order": "monthfirst"})
    net = rg.load(us_folder)
    assert net.meetings["date"].iat[0] == pd.Timestamp("2026-03-06")
    assert net.settings.date_order == "monthfirst"
    assert rg.load(us_folder, dayfirst=True).introductions["date"].iat[0] == pd.Timestamp("2026-06-03")  # option wins
    entry = rg.append_thanks(us_folder, "ana", date="2026-03-07 09:00")
    assert "for the conversation on 2026-03-06" in entry["logged"]


def test_file_keeps_comments_and_is_shown_by_the_cli(us_folder):
    (us_folder / "referralgraph.toml").write_text('# mine\ndate_order = "monthfirst"  # US\n')
    result = CliRunner().invoke(
        cli,
        [
            "settings",
            str(us_folder),
            "--set",
            "targets=Kitewell, Northwind",
            "--set",
            "cadence_days=45",
            "--set",
            "as_of=2026-03-31",
        ],
    )
    assert result.exit_code == 0, result.output
    text = (us_folder / "referralgraph.toml").read_text()
    assert text.startswith('# mine\ndate_order = "monthfirst"  # US\n')
    kept = read_settings(us_folder)
    assert kept.targets == ("Kitewell", "Northwind") and kept.cadence_days == 45
    assert kept.as_of == pd.Timestamp("2026-03-31")
    shown = CliRunner().invoke(cli, ["settings", str(us_folder)]).output
    assert "Kitewell, Northwind" in shown and "2026-03-31" in shown
    out = CliRunner().invoke(cli, ["report", str(us_folder)]).output
    assert "As of 2026-03-31 (pinned in referralgraph.toml)" in out
    CliRunner().invoke(cli, ["settings", str(us_folder), "--set", "as_of="])
    assert read_settings(us_folder).as_of is None


@pytest.mark.parametrize(
    "text, where",
    [
        ('date_order = "mdy"\n', "line 1, key 'date_order'"),
        ('seeker = "me"\ncadence_days = "often"\n', "line 2, key 'cadence_days'"),
        ("date_order = monthfirst\n", "line 1, key 'date_order'"),
        ('colour = "red"\n', "line 1: unknown key 'colour'"),
        ("as_of = 2026-02-30\n", "line 1, key 'as_of'"),
    ],
)
def test_bad_file_names_file_line_and_key(us_folder, text, where):
    (us_folder / "referralgraph.toml").write_text(text)
    with pytest.raises(SchemaError, match="referralgraph.toml, " + where.replace("(", r"\(")):
        rg.load(us_folder)
    result = CliRunner().invoke(cli, ["next", str(us_folder)])
    assert result.exit_code == 1 and result.output.startswith("Error: ") and "Traceback" not in result.output
    assert where in result.output


def test_validate_says_how_to_keep_the_date_order(us_folder):
    result = CliRunner().invoke(cli, ["validate", str(us_folder), "--monthfirst"])
    assert result.exit_code == 0
    assert f"referralgraph settings {us_folder} --set date_order=monthfirst" in result.output
    write_settings(us_folder, {"date_order": "monthfirst"})
    again = CliRunner().invoke(cli, ["validate", str(us_folder), "--monthfirst"])
    assert "--set date_order" not in again.output


def test_set_refuses_bad_values(us_folder):
    result = CliRunner().invoke(cli, ["settings", str(us_folder), "--set", "cadence_days=0"])
    assert result.exit_code == 1 and "cadence_days" in result.output
    result = CliRunner().invoke(cli, ["settings", str(us_folder), "--set", "colour=red"])
    assert result.exit_code == 1 and "key=value" in result.output
    assert not (us_folder / "referralgraph.toml").exists()


def test_workbook_settings_sheet(tmp_path):
    book = tmp_path / "search.xlsx"
    rg.save(rg.demo(), book)
    write_settings(book, {"date_order": "dayfirst", "targets": ("Kitewell",)})
    net = rg.load(book)
    assert net.settings.date_order == "dayfirst" and net.settings.targets == ("Kitewell",)
    assert net.problems.empty  # the settings sheet is not an unknown sheet
    assert rg.load(book).equals(rg.demo())


def test_settings_stay_with_the_network(tmp_path):
    net = rg.demo()
    assert net.settings.as_of == pd.Timestamp("2026-09-22")  # the demo pins its own reference date
    folder = rg.save(net, tmp_path / "copy")
    assert read_settings(folder) == net.settings
    for other in ("copy.xlsx", "copy.parquet"):  # every whole-network format keeps them
        assert rg.load(rg.save(net, tmp_path / other)).settings == net.settings
    full = net.with_settings(
        net.settings.updated(targets=("Kitewell", "Fernway"), cadence_days=30, date_order="monthfirst")
    )
    assert rg.load(rg.save(full, tmp_path / "full.xlsx")).settings == full.settings
    assert rg.snapshot(net, "2026-08-01").settings == net.settings
    seekers = rg.synthetic_cohort(n_seekers=3, n_contacts=40, seed=1)
    pinned = seekers.with_settings(seekers.settings.updated(seeker=seekers.seekers[1]))
    assert pinned.seeker_position(None) == 1  # the kept seeker is the default
