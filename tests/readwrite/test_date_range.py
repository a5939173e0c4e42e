"""Dates anywhere in the calendar (issue 23, item 3): none wraps around, out-of-range ones are refused naming the cell.

One range (``referralgraph._checks.DATE_MIN`` .. ``DATE_MAX``) for data cells, ``--date``,
``--as-of`` and Parquet; one time-zone rule: a zoned time is read in UTC, a naive one as written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import referralgraph as rg
from referralgraph.exceptions import OptionError
from referralgraph.readwrite._parse import DATE_RANGE_TEXT, outside_range, parse_dates, within_range

RANGE = "1900-01-01 to 2199-12-31"
#: cells pandas reads in microseconds: cast to nanoseconds they used to wrap around (2300 -> 1715, 2600 -> 2015)
FAR = [
    "0001-01-01",
    "2300-01-01 10:00",
    "2600-01-01",
    "9999-12-31",
    "01 Jan 2600",
    "1/1/0001",
    "31/12/9999",
    "1677-09-21",
    "2262-04-12",
]


def test_the_range_is_the_one_of_the_date_options():
    from referralgraph._checks import DATE_MAX, DATE_MIN

    assert DATE_RANGE_TEXT == f"{DATE_MIN:%Y-%m-%d} to {DATE_MAX:%Y-%m-%d}" == RANGE


class TestParse:
    @pytest.mark.parametrize("dtype", ["str", object])
    def test_far_text_dates_are_bad_and_outside_never_wrapped(self, dtype):
        values = pd.Series([*FAR, "2026-03-02", "1900-01-01", "2199-12-31 23:59"], dtype=dtype)
        parsed, bad, amb = parse_dates(values, dayfirst=True)
        n = len(FAR)
        assert parsed.dtype == "datetime64[ns]"
        assert parsed[:n].isna().all(), parsed[:n]
        assert bad[:n].all() and not bad[n:].any() and not amb.any()
        assert outside_range(values, dayfirst=True).tolist() == [True] * n + [False] * 3
        assert parsed[n:].tolist() == [
            pd.Timestamp("2026-03-02"),
            pd.Timestamp("1900-01-01"),
            pd.Timestamp("2199-12-31 23:59"),
        ]

    def test_date_objects_excel_serials_and_garbage(self):
        values = pd.Series(
            [dt.datetime(1, 1, 1), dt.date(9999, 12, 31), 2958465.0, 46000, "garbage", dt.date(2026, 1, 1)],
            dtype=object,
        )
        parsed, bad, _ = parse_dates(values)
        assert bad.tolist() == [True, True, True, False, True, False]
        assert outside_range(values).tolist() == [True, True, True, False, False, False]
        assert parsed.iat[3] == pd.Timestamp("2025-12-09") and parsed.iat[5] == pd.Timestamp("2026-01-01")

    @pytest.mark.parametrize("unit", ["D", "s", "ms", "us", "ns"])
    def test_within_range_compares_in_the_values_own_unit(self, unit):
        when = np.array(["1899-12-31", "1900-01-01", "2199-12-31", "2200-01-01", "NaT"], dtype=f"datetime64[{unit}]")
        got, outside = within_range(when)
        assert got.dtype == "datetime64[ns]"
        assert outside.tolist() == [True, False, False, True, False]
        assert np.isnat(got).tolist() == [True, False, False, True, True]

    def test_datetime_columns_of_any_unit(self):
        values = pd.Series(np.array(["0001-01-01", "2026-03-02T10:00"], dtype="datetime64[s]"))
        parsed, bad, _ = parse_dates(values)
        assert bad.tolist() == [True, False] and parsed.iat[1] == pd.Timestamp("2026-03-02 10:00")

    def test_zoned_text_is_read_in_utc(self):
        parsed, bad, _ = parse_dates(pd.Series(["2026-10-06 18:00+02:00", "2026-10-06T18:00Z", "2026-10-06 18:00"]))
        assert not bad.any()
        assert parsed.tolist() == [
            pd.Timestamp("2026-10-06 16:00"),
            pd.Timestamp("2026-10-06 18:00"),
            pd.Timestamp("2026-10-06 18:00"),
        ]


def _demo_folder(tmp_path) -> Path:
    folder = tmp_path / "net"
    rg.save(rg.demo(), folder)
    return folder


class TestLog:
    @pytest.mark.parametrize("when", ["2300-01-01 10:00", "2600-01-01 10:00", "0001-01-01", "9999-12-31"])
    def test_cli_refuses_a_far_date_and_writes_nothing(self, run, tmp_path, when):
        folder = _demo_folder(tmp_path)
        before = (folder / "meetings.csv").read_bytes()
        result = run("log", "meeting", folder, "priya-k", "--date", when)
        assert result.exit_code == 1
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: ") and RANGE in lines[0] and when in lines[0]
        assert (folder / "meetings.csv").read_bytes() == before

    @pytest.mark.parametrize(
        "when", [dt.datetime(2300, 1, 1), dt.date(1, 1, 1), np.datetime64("2600-01-01"), pd.Timestamp("1800-01-01")]
    )
    def test_api_refuses_far_date_objects(self, when):
        with pytest.raises(OptionError, match=RANGE):
            rg.log_meeting(rg.demo(), "priya-k", date=when)

    def test_an_offset_is_converted_to_utc(self, run, tmp_path):
        folder = _demo_folder(tmp_path)
        result = run("log", "meeting", folder, "priya-k", "--date", "2026-10-06 18:00+02:00")
        assert result.exit_code == 0, result.output
        assert rg.load(folder).meetings["date"].iat[-1] == pd.Timestamp("2026-10-06 16:00")
        zoned = pd.Timestamp("2026-10-06 18:00", tz="Europe/Paris")
        assert rg.log_meeting(rg.demo(), "priya-k", date=zoned).meetings["date"].iat[-1] == pd.Timestamp(
            "2026-10-06 16:00"
        )


class TestDataCells:
    def test_validate_names_file_row_column_and_range(self, tmp_path):
        folder = _demo_folder(tmp_path)
        contacts = pd.read_csv(folder / "contacts.csv", dtype=str, keep_default_na=False)
        contacts.loc[1, "first_contact"] = "0001-01-01"
        contacts.loc[2, "first_contact"] = "01 Jan 2600"
        contacts.to_csv(folder / "contacts.csv", index=False)
        table = rg.validate(folder, today="2026-12-01")
        errors = table[table["severity"] == "error"]
        assert len(errors) == 2, errors
        assert errors["row"].tolist() == [3, 4] and set(errors["column"]) == {"first_contact"}
        assert all(Path(f).name == "contacts.csv" for f in errors["file"])
        assert all(RANGE in m and "outside the supported range" in m for m in errors["message"])
        net = rg.load(folder, strict=False)
        assert net.contacts["first_contact"].iloc[1:3].isna().all()  # left blank, never 1754 or 2015

    def test_from_frames_refuses_far_dates(self):
        contacts = pd.DataFrame(
            {"name": ["Me", "Ann"], "is_seeker": ["yes", ""], "first_contact": [None, dt.date(9999, 12, 31)]}
        )
        with pytest.raises(rg.ValidationError, match=RANGE):
            rg.from_frames(contacts)


def _parquet_with(tmp_path, column: pa.Array, name: str) -> Path:
    """The demo as a Parquet folder whose contacts' first_contact is ``column``."""
    folder = tmp_path / name
    rg.save(rg.demo(), folder, format="parquet")
    table = pq.read_table(folder / "contacts.parquet")
    table = table.set_column(table.schema.get_field_index("first_contact"), "first_contact", column)
    pq.write_table(table, folder / "contacts.parquet")
    return folder


class TestParquet:
    def test_date32_9999_is_an_error_naming_the_cell_not_a_traceback(self, tmp_path, run):
        n = len(rg.demo().contacts)
        days = [dt.date(2026, 6, 1)] * n
        days[2] = dt.date(9999, 12, 31)
        folder = _parquet_with(tmp_path, pa.array(days, pa.date32()), "d32")
        table = rg.validate(folder, today="2026-12-01")
        (err,) = table[table["severity"] == "error"].itertuples()
        assert (Path(err.file).name, err.row, err.column) == ("contacts.parquet", 4, "first_contact")
        assert RANGE in err.message
        result = run("validate", folder)
        assert result.exit_code == 1 and "Traceback" not in result.output and RANGE in result.output

    def test_date32_in_range_reads_as_dates(self, tmp_path):
        n = len(rg.demo().contacts)
        folder = _parquet_with(tmp_path, pa.array([dt.date(2026, 6, 1)] * n, pa.date32()), "ok")
        assert (rg.load(folder).contacts["first_contact"] == pd.Timestamp("2026-06-01")).all()

    @pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
    @pytest.mark.parametrize(
        "zone, expected",
        [(None, "2026-06-01 12:00"), ("UTC", "2026-06-01 12:00"), ("Europe/Paris", "2026-06-01 10:00")],
    )
    def test_timestamps_of_every_unit_and_zone(self, tmp_path, unit, zone, expected):
        n = len(rg.demo().contacts)
        column = pa.array([dt.datetime(2026, 6, 1, 12, 0)] * n, pa.timestamp(unit))
        if zone:  # the wall time 12:00 in that zone
            column = pc.assume_timezone(column, zone)
        folder = _parquet_with(tmp_path, column, f"{unit}-{zone}".replace("/", "-"))
        net = rg.load(folder)
        assert net.contacts["first_contact"].dtype == "datetime64[ns]"
        assert (net.contacts["first_contact"] == pd.Timestamp(expected)).all()

    @pytest.mark.parametrize("unit", ["s", "ms", "us"])
    @pytest.mark.parametrize("when", [dt.datetime(9999, 12, 31, 23, 59), dt.datetime(1, 1, 1)])
    def test_far_timestamps_are_errors(self, tmp_path, unit, when):
        n = len(rg.demo().contacts)
        values = [dt.datetime(2026, 6, 1)] * n
        values[1] = when
        folder = _parquet_with(tmp_path, pa.array(values, pa.timestamp(unit, "UTC")), f"far-{unit}")
        with pytest.raises(rg.ValidationError, match=RANGE):
            rg.load(folder)
        net = rg.load(folder, strict=False)
        assert pd.isna(net.contacts["first_contact"].iat[1])


def test_as_of_follows_the_same_zone_rule():
    from referralgraph._checks import check_date

    assert check_date("--as-of", "2026-10-06T23:30-05:00") == dt.datetime(2026, 10, 7, 4, 30)
    with pytest.raises(OptionError, match=RANGE):
        check_date("--as-of", "2300-01-01")
