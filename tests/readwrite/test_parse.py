"""Parsing of the values people type: booleans and dates (``referralgraph.readwrite._parse``)."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from referralgraph.readwrite._parse import blank_mask, parse_bool, parse_dates


def ts(*values):
    return [pd.Timestamp(v) if v is not None else pd.NaT for v in values]


class TestParseBool:
    def test_words(self):
        values = pd.Series(["TRUE", "yes", " Y ", "1", "x", "t", "1.0", "false", "No", "n", "0", "F", "0.0", "", None])
        parsed, bad = parse_bool(values)
        assert parsed.tolist()[:13] == [True] * 7 + [False] * 6
        assert parsed.isna().tolist()[13:] == [True, True]
        assert not bad.any()

    def test_unknown_words_are_flagged_not_guessed(self):
        parsed, bad = parse_bool(pd.Series(["maybe", "yes", "2"]))
        assert bad.tolist() == [True, False, True]
        assert parsed.isna().tolist() == [True, False, True]

    def test_real_booleans(self):
        parsed, bad = parse_bool(pd.Series([True, False]))
        assert parsed.tolist() == [True, False] and not bad.any()

    def test_empty(self):
        parsed, bad = parse_bool(pd.Series([], dtype="str"))
        assert len(parsed) == 0 and len(bad) == 0


class TestParseDates:
    def test_accepted_forms(self):
        values = pd.Series(
            [
                "2026-02-08",
                "2026-02-08 14:30",
                "2026-02-08T14:30:00",
                "2026/02/08",
                "08 Feb 2026",
                "8 February 2026",
                "Feb 8, 2026",
                "08-Feb-2026",
                "25/03/2026",
                "03/25/2026",
                "25.03.2026",
                "46061",
                "2/8/2026 2:30 PM",
                "",
                None,
            ]
        )
        parsed, bad, amb = parse_dates(values)
        assert parsed.tolist() == ts(
            "2026-02-08",
            "2026-02-08 14:30",
            "2026-02-08 14:30",
            "2026-02-08",
            "2026-02-08",
            "2026-02-08",
            "2026-02-08",
            "2026-02-08",
            "2026-03-25",
            "2026-03-25",
            "2026-03-25",
            "2026-02-08",
            None,
            None,
            None,
        )
        assert bad.tolist() == [False] * 15
        assert amb.tolist() == [False] * 12 + [True, False, False]

    def test_ambiguous_then_resolved(self):
        values = pd.Series(["03/04/2026", "04/04/2026"])
        parsed, bad, amb = parse_dates(values)
        assert amb.tolist() == [True, False] and not bad.any()
        assert parsed.tolist() == ts(None, "2026-04-04")
        assert parse_dates(values, dayfirst=True)[0].tolist() == ts("2026-04-03", "2026-04-04")
        assert parse_dates(values, dayfirst=False)[0].tolist() == ts("2026-03-04", "2026-04-04")
        parsed, bad, amb = parse_dates(values, date_format="%d/%m/%Y")
        assert parsed.tolist() == ts("2026-04-03", "2026-04-04") and not amb.any()

    @pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "31/02/2026", "soon", "12/13/14/15", "0"])
    def test_bad_values_are_flagged(self, text):
        parsed, bad, amb = parse_dates(pd.Series([text]))
        assert bad.tolist() == [True] and parsed.isna().all() and not amb.any()

    def test_date_cells_and_excel_serials(self):
        values = pd.Series(
            [datetime(2026, 2, 8, 9, 15), date(2026, 2, 9), 46061.5, pd.Timestamp("2026-02-10"), None], dtype=object
        )
        parsed, bad, amb = parse_dates(values)
        assert parsed.tolist() == ts("2026-02-08 09:15", "2026-02-09", "2026-02-08 12:00", "2026-02-10", None)
        assert not bad.any() and not amb.any()

    def test_timezones_become_utc(self):
        parsed, _, _ = parse_dates(pd.Series(["2026-02-08T10:00:00+02:00"]))
        assert parsed.tolist() == ts("2026-02-08 08:00")

    def test_datetime_column_passes_through(self):
        values = pd.Series(pd.to_datetime(["2026-01-01", None]))
        parsed, bad, amb = parse_dates(values)
        assert parsed.dtype == "datetime64[ns]" and not bad.any()

    def test_empty(self):
        parsed, bad, amb = parse_dates(pd.Series([], dtype="str"))
        assert len(parsed) == len(bad) == len(amb) == 0


def test_blank_mask():
    assert blank_mask(pd.Series(["", " ", None, "x", np.nan], dtype=object)).tolist() == [True, True, True, False, True]


class TestArrowIsoPath:
    """Canonical ISO cells go through Arrow; every cell parses exactly as the general rules parse it alone."""

    CELLS = [
        "2026-02-08",
        "2026-02-08 14:30",
        "2026-02-08 14:30:05",
        "2026-02-08T14:30:05",
        "2026-2-8",
        " 2026-02-08",
        "2026-02-08T14:30:05Z",
        "1600-01-01",
        "2300-01-01",
        "25/03/2026",
        "08 Feb 2026",
        "",
        None,
        "garbage",
        "2024-02-29",
    ]

    @pytest.mark.parametrize("dtype", ["str", object])
    def test_same_as_cell_by_cell(self, dtype):
        values = pd.Series(self.CELLS, dtype=dtype)
        parsed, bad, ambiguous = parse_dates(values)
        for k, cell in enumerate(self.CELLS):
            one, one_bad, one_amb = parse_dates(pd.Series([cell], dtype=object))
            assert parsed.iat[k] is one.iat[0] or parsed.iat[k] == one.iat[0], cell
            assert (bad[k], ambiguous[k]) == (one_bad[0], one_amb[0]), cell

    def test_impossible_date_is_bad(self):
        parsed, bad, _ = parse_dates(pd.Series(["2026-02-08", "2026-02-30", "2026-02-08 25:00"], dtype="str"))
        assert parsed.iat[0] == pd.Timestamp("2026-02-08")
        assert bad.tolist() == [False, True, True]


class TestDistinctCells:
    """Long text columns are parsed one distinct cell at a time; the answers are those of every cell on its own."""

    DATES = [
        "2026-03-04",
        "2026-03-04 14:30",
        " 2026-03-04 ",
        "2026-02-30",
        "03/04/2026",
        "25/03/2026",
        "08 Feb 2026",
        "45000",
        "soon",
        "",
        "  ",
        None,
        "2026-3-4",
        "1650-01-01",
        "2026-03-04T09:15:00",
        "Feb 8, 2026",
        "2026/02/08",
        "13/13/2026",
    ]

    def column(self, words):
        rng = np.random.default_rng(0)
        return pd.Series(rng.choice(np.array(words, dtype=object), 12_000), dtype="str")

    @pytest.mark.parametrize("dayfirst", [None, True])
    def test_dates_equal_cell_by_cell(self, dayfirst):
        from referralgraph.readwrite import _parse

        values = self.column(self.DATES)
        assert _parse.distinct_cells(values) is not None
        got, bad, amb = parse_dates(values, dayfirst=dayfirst)
        want, want_bad, want_amb, _ = _parse._parse_cells(values, date_format=None, dayfirst=dayfirst)
        pd.testing.assert_series_equal(got, want)
        assert (bad == want_bad).all() and (amb == want_amb).all() and bad.any()

    def test_booleans_equal_cell_by_cell(self):
        from referralgraph.readwrite import _parse

        values = self.column(["yes", " No ", "TRUE", "x", "", None, "maybe", "0", "1.0"])
        got, bad = parse_bool(values)
        want, want_bad = _parse._parse_bool(values)
        pd.testing.assert_series_equal(got, want)
        assert (bad == want_bad).all() and bad.any()

    def test_all_blank_column(self):
        values = pd.Series([None] * 6_000, dtype="str")
        got, bad, amb = parse_dates(values)
        assert got.isna().all() and not bad.any() and not amb.any()
        flags, bad = parse_bool(values)
        assert flags.isna().all() and not bad.any()
