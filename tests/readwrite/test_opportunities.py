"""The opportunities table: normalised and validated with load's rules and messages (issue 24)."""

import pandas as pd
import pytest

import referralgraph as rg

CONTACTS = pd.DataFrame({"name": ["Me", "Ann", "Bo"], "is_seeker": ["yes", "", ""]})
INTROS = pd.DataFrame({"introducer": ["Me", "Ann"], "introduced": ["Ann", "Bo"], "date": ["2026-03-01", "2026-03-05"]})


def build(rows, **kw):
    opp = pd.DataFrame(rows, columns=["opportunity", "contact", "organization", "role", "stage", "date"])
    return rg.from_frames(CONTACTS, INTROS, None, opp, **kw)


def problems(net, severity):
    p = net.problems
    return p[(p["severity"] == severity) & (p["file"] == "opportunities")]


class TestOpportunitiesTable:
    def test_normalised(self):
        net = build(
            [
                ("x", "bo", "Fernway", "analyst", "Phone Screen", "2026-03-10"),
                (None, "Ann", "Kite", "UX researcher", "HIRED", "2026-03-12"),
            ]
        )
        opp = net.opportunities
        assert opp.columns.tolist() == [
            "opportunity",
            "contact",
            "organization",
            "role",
            "stage",
            "date",
            "seeker",
            "notes",
        ]
        assert opp["stage"].tolist() == ["interview", "accepted"]
        assert opp["contact"].tolist() == ["Bo", "Ann"]
        assert opp["seeker"].tolist() == ["Me", "Me"]
        assert opp["opportunity"].tolist() == ["x", "Kite, UX researcher"]  # blank: "organization, role"
        assert opp["date"].dtype.kind == "M"

    def test_unknown_stage_is_an_error_with_row_and_column(self):
        with pytest.raises(rg.ValidationError, match="'maybe' is not a stage; expected one of lead, referred"):
            build([("x", "Bo", "Fernway", "analyst", "maybe", "2026-03-10")])
        net = build([("x", "Bo", "Fernway", "analyst", "maybe", "2026-03-10")], strict=False)
        err = problems(net, "error")
        assert err[["row", "column"]].values.tolist() == [[2, "stage"]]

    def test_unknown_contact_is_an_error(self):
        net = build([("x", "Boo", "Fernway", "analyst", "applied", "2026-03-10")], strict=False)
        err = problems(net, "error")
        assert err["column"].tolist() == ["contact"]
        assert "did you mean 'Bo'" in err["message"].iloc[0]

    def test_before_first_reached_and_backwards_are_warnings(self):
        net = build(
            [
                ("x", "Bo", "Fernway", "analyst", "referred", "2026-03-02"),
                ("x", "Bo", "Fernway", "analyst", "interview", "2026-03-20"),
                ("x", "Bo", "Fernway", "analyst", "applied", "2026-03-25"),
            ]
        )
        warn = problems(net, "warning").sort_values("row")
        assert warn["row"].tolist() == [2, 4]
        assert "before the seeker first reached 'Bo' (2026-03-05)" in warn["message"].iloc[0]
        assert "stage 'applied' on 2026-03-25 comes after 'interview'" in warn["message"].iloc[1]

    def test_blank_date_is_a_warning_not_an_error(self):
        net = build([("x", "Bo", "Fernway", "analyst", "lead", None)])
        assert problems(net, "warning")["message"].str.contains("date is blank").all()

    def test_missing_stage_column_names_the_table(self):
        opp = pd.DataFrame({"opportunity": ["x"], "status": ["applied"]})
        with pytest.raises(rg.ValidationError, match="missing required column 'stage'.*did you mean 'status'"):
            rg.from_frames(CONTACTS, INTROS, None, opp)

    def test_snapshot_keeps_steps_known_then(self):
        net = build(
            [
                ("x", "Bo", "Fernway", "analyst", "applied", "2026-03-10"),
                ("x", "Bo", "Fernway", "analyst", "interview", "2026-03-20"),
            ]
        )
        assert rg.snapshot(net, "2026-03-15").opportunities["stage"].tolist() == ["applied"]

    def test_no_table_is_empty_with_columns(self):
        opp = rg.from_frames(CONTACTS, INTROS).opportunities
        assert opp.empty and "stage" in opp.columns


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_round_trip_every_format(tmp_path, fmt):
    net = build(
        [
            ("x", "Bo", "Fernway", "analyst", "referred", "2026-03-06"),
            ("x", "Bo", "Fernway", "analyst", "interview", "2026-03-20"),
        ]
    )
    path = tmp_path / ("net.xlsx" if fmt == "xlsx" else "net")
    rg.save(net, path, format=fmt)
    back = rg.load(path)
    assert back.equals(net)
    assert back.opportunities["stage"].tolist() == ["referred", "interview"]


def test_demo_has_opportunities_and_no_problems():
    net = rg.demo()
    assert net.problems.empty
    opp = net.opportunities
    assert opp["opportunity"].nunique() == 5 and set(opp["stage"]) <= {
        "lead",
        "referred",
        "applied",
        "interview",
        "rejected",
    }


def test_future_step_is_a_warning_with_a_given_today():
    net = build([("x", "Bo", "Fernway", "analyst", "applied", "2026-03-20")], today="2026-03-10")
    warn = problems(net, "warning")
    assert warn["message"].str.contains("2026-03-20 is in the future").any()
