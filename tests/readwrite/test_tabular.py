"""The one table writer: CSV bytes equal to the pandas writer it replaced, Parquet with types kept."""

import csv
import io

import numpy as np
import pandas as pd
import pytest

import referralgraph as rg
from referralgraph.exceptions import OverwriteError
from referralgraph.model.privacy import neutralize_cells
from referralgraph.readwrite.tabular import csv_bytes, table_cells, write_table


# ---------------------------------------------------------------------------- the reference: the old pandas writer
def _iso(values):
    v = values.to_numpy(dtype="datetime64[ns]")
    out = np.full(len(v), "", dtype=object)
    nat = np.isnat(v)
    day = v.astype("datetime64[D]")
    midnight = ~nat & (v == day)
    out[midnight] = np.datetime_as_string(day[midnight], unit="D")
    for unit in ("s", "ms", "us", "ns"):
        rest = ~nat & (out == "")
        if not rest.any():
            break
        exact = rest & (v == v.astype(f"datetime64[{unit}]"))
        if exact.any():
            out[exact] = np.char.replace(np.datetime_as_string(v[exact], unit=unit).astype(str), "T", " ")
    return out


def reference_csv(frame, *, neutralize=True):
    """What referralgraph wrote before the Arrow writer: pandas cells, then ``DataFrame.to_csv``."""
    out = {}
    for j in range(frame.shape[1]):
        values = frame.iloc[:, j]
        if pd.api.types.is_datetime64_any_dtype(values.dtype):
            cells = _iso(values)
        elif pd.api.types.is_bool_dtype(values.dtype):
            v = values.astype("boolean")
            cells = np.where(v.isna().to_numpy(), "", np.where(v.fillna(False).to_numpy(dtype=bool), "true", "false"))
        elif pd.api.types.is_numeric_dtype(values.dtype):
            cells = np.array(
                [
                    "" if pd.isna(x) else (repr(float(x)) if pd.api.types.is_float_dtype(values.dtype) else str(int(x)))
                    for x in values
                ],
                dtype=object,
            )
        else:
            text = values.astype(object)
            if neutralize:
                text = neutralize_cells(text)
            cells = text.where(text.notna(), "").map(str).to_numpy()
        out[j] = cells
    header = [str(c) for c in frame.columns]
    if neutralize:
        header = neutralize_cells(pd.Series(header, dtype=object)).tolist()
    cells = pd.DataFrame(out, index=range(len(frame)))
    cells.columns = header
    return ("\ufeff" + cells.to_csv(index=False, lineterminator="\r\n")).encode("utf-8")


HOSTILE = [
    "=1+1",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil","x")',
    "+x",
    "-5",
    "+5",
    "-1e5",
    "1e5",
    "@SUM(A1)",
    "\tx",
    "\rx",
    "'=x",
    "a,b",
    'say "hi"',
    "line\nbreak",
    "cr\r\nlf",
    "",
    " ",
    "élan",
    "名前",
    "-",
    "1234567890123456789",
    None,
]


def hostile_frame(n=None):
    k = len(HOSTILE)
    return pd.DataFrame(
        {
            "name": pd.Series(HOSTILE, dtype="str"),
            "=evil": pd.Series(HOSTILE[::-1], dtype=object),
            "when": pd.to_datetime(
                ["2026-03-04", "2026-03-04 14:30", "2026-03-04 14:30:05.25", None] * (k // 4)
                + ["1969-12-31 23:59:59"] * (k % 4),
                format="ISO8601",
            ),
            "n": np.arange(k, dtype=np.int64) - 5,
            "maybe": pd.array([1, None] * (k // 2) + [3] * (k % 2), dtype="Int64"),
            "x": ([0.1, 3.0, -0.0, np.nan, 1e-5, 1e16, 1.5e12, 2.5e-300, np.inf, -np.inf, 123.456, 1 / 3] * 2)[:k],
            "flag": pd.array([True, False, None] * (k // 3) + [True] * (k % 3), dtype="boolean"),
            "plain": [True, False] * (k // 2) + [True] * (k % 2),
        }
    )


class TestCsvEqualsThePandasWriter:
    def test_hostile_cells(self):
        frame = hostile_frame()
        assert csv_bytes(frame) == reference_csv(frame)
        assert csv_bytes(frame, neutralize=False) == reference_csv(frame, neutralize=False)

    def test_random_floats(self):
        rng = np.random.default_rng(1)
        x = rng.random(20_000) * 10.0 ** rng.integers(-8, 20, 20_000) * rng.choice([-1, 1], 20_000)
        x[::7] = np.round(x[::7])
        frame = pd.DataFrame({"x": x})
        assert csv_bytes(frame) == reference_csv(frame)

    def test_metric_tables_of_the_demo(self):
        net = rg.demo()
        for table in (rg.contact_metrics(net), rg.growth(net)):
            assert csv_bytes(table) == reference_csv(table)

    def test_network_tables(self, cohort):
        for frame in (cohort.contacts, cohort.introductions, cohort.meetings):
            assert csv_bytes(frame) == reference_csv(frame)

    def test_more_rows_than_one_batch(self, monkeypatch):
        import referralgraph.readwrite.tabular as tabular

        monkeypatch.setattr(tabular, "_BATCH", 7)
        frame = hostile_frame()
        assert csv_bytes(frame) == reference_csv(frame)

    @pytest.mark.parametrize("batch", [1 << 17, 1000])
    def test_long_columns_formatted_once_per_distinct_value(self, monkeypatch, batch):
        """Dates and floats of long columns are formatted per distinct value, text scanned once per column."""
        import referralgraph.readwrite.tabular as tabular

        monkeypatch.setattr(tabular, "_BATCH", batch)
        frame = pd.concat([hostile_frame()] * 300, ignore_index=True)  # 6,900 rows, few distinct values
        frame["safe"] = pd.Series([f"person {k}" for k in range(len(frame))], dtype="str")  # nothing to neutralise
        frame["late"] = pd.Series(["ok"] * (len(frame) - 1) + ["=1+1"], dtype="str")  # one risky cell, at the end
        assert len(frame) >= tabular._DISTINCT_MIN
        assert csv_bytes(frame) == reference_csv(frame)
        assert csv_bytes(frame, neutralize=False) == reference_csv(frame, neutralize=False)

    def test_parses_back_with_the_csv_module(self):
        frame = hostile_frame()
        rows = list(csv.reader(io.StringIO(csv_bytes(frame, neutralize=False).decode("utf-8-sig"), newline="")))
        assert rows[0] == [str(c) for c in frame.columns]
        assert [r[0] for r in rows[1:]] == ["" if v is None else v for v in HOSTILE]

    def test_one_column_with_blanks(self):
        frame = pd.DataFrame({"a": ["x", "", None]})
        assert csv_bytes(frame) == reference_csv(frame) == b'\xef\xbb\xbfa\r\nx\r\n""\r\n""\r\n'

    def test_empty(self):
        frame = pd.DataFrame({"a": pd.Series([], dtype="str"), "b": pd.Series([], dtype="int64")})
        assert csv_bytes(frame) == reference_csv(frame) == b"\xef\xbb\xbfa,b\r\n"
        assert csv_bytes(pd.DataFrame()) == b'\xef\xbb\xbf""\r\n'

    def test_nul_removed_with_a_warning(self):
        with pytest.warns(UserWarning, match="1 cell held NUL"):
            assert csv_bytes(pd.DataFrame({"a": ["x\x00y"]}), bom=False) == b"a\r\nxy\r\n"

    def test_mixed_object_column(self):
        frame = pd.DataFrame({"a": pd.Series(["x", 1, 2.5, {"1": 2}, None], dtype=object)})
        assert csv_bytes(frame, bom=False) == b"a\r\nx\r\n1\r\n2.5\r\n{'1': 2}\r\n\"\"\r\n"

    def test_input_unchanged(self):
        frame = hostile_frame()
        before = frame.copy()
        csv_bytes(frame)
        pd.testing.assert_frame_equal(frame, before)


class TestTableCells:
    def test_header_neutralised_and_duplicates_kept(self):
        t = table_cells(pd.DataFrame([[1, 2]], columns=["=a", "=a"]))
        assert t.column_names == ["'=a", "'=a"]


class TestWriteTable:
    def test_csv_and_parquet_by_suffix(self, tmp_path):
        frame = hostile_frame()
        assert write_table(frame, tmp_path / "t.csv").read_bytes() == reference_csv(frame)
        back = pd.read_parquet(write_table(frame, tmp_path / "t.parquet"))
        assert list(back.columns) == list(frame.columns)
        assert back["name"].tolist()[:-1] == HOSTILE[:-1] and pd.isna(back["name"].iloc[-1])  # never neutralised
        assert back["when"].dtype.kind == "M" and back["n"].dtype == np.int64
        assert back["x"].equals(frame["x"]) and back["plain"].dtype == bool
        assert back["maybe"].isna().tolist() == frame["maybe"].isna().tolist()

    def test_refuses_to_overwrite(self, tmp_path):
        path = tmp_path / "t.csv"
        path.write_text("keep")
        with pytest.raises(OverwriteError):
            write_table(pd.DataFrame({"a": [1]}), path)
        assert path.read_text() == "keep"
        write_table(pd.DataFrame({"a": [1]}), path, overwrite=True)
        assert path.read_bytes() == b"\xef\xbb\xbfa\r\n1\r\n"

    def test_not_a_frame(self, tmp_path):
        with pytest.raises(rg.SchemaError, match="expected a pandas DataFrame"):
            write_table([1, 2], tmp_path / "t.csv")


# ---------------------------------------------------------------------------- Parquet folders
def _write_parquet_tables(folder, **tables):
    folder.mkdir()
    for name, frame in tables.items():
        frame.to_parquet(folder / f"{name}.parquet", index=False)
    return folder


class TestParquetFolder:
    def test_round_trip_demo_and_cohort(self, tmp_path, cohort):
        for k, net in enumerate((rg.demo(), cohort)):
            out = rg.save(net, tmp_path / f"n{k}.parquet")
            kept = ["referralgraph.toml"] if not net.settings.is_empty else []  # the demo's settings stay with it
            optional = ["opportunities.parquet"] if len(net.opportunities) else []
            assert sorted(p.name for p in out.iterdir()) == sorted(
                ["contacts.parquet", "introductions.parquet", "meetings.parquet", *optional, *kept]
            )
            assert rg.load(out).equals(net) and rg.load(out).settings == net.settings
            assert rg.save(net, tmp_path / f"f{k}", format="parquet") == tmp_path / f"f{k}"
            assert rg.load(tmp_path / f"f{k}").equals(net)

    def test_hostile_text_is_kept_raw(self, tmp_path):
        contacts = pd.DataFrame(
            {
                "name": ["Me", "=1+1", "'=x", "-5"],
                "is_seeker": ["yes", "", "", ""],
                "notes": ["a\r\nb", "@x", "名前", None],
                "=evil": ["1", "2", "3", "4"],
            }
        )
        net = rg.from_frames(contacts)
        out = rg.save(net, tmp_path / "h.parquet")
        raw = pd.read_parquet(out / "contacts.parquet")
        assert raw["name"].tolist() == ["Me", "=1+1", "'=x", "-5"] and "=evil" in raw.columns
        assert rg.load(out).equals(net)

    def test_same_problems_as_csv(self, tmp_path):
        contacts = pd.DataFrame(
            {
                "id": ["me", "ann", "ann", "bo"],
                "name": ["Me", "Ann", "Ann 2", ""],
                "is_seeker": ["yes", "maybe", "", ""],
                "first_contact": ["2026-02-30", "", "", ""],
            }
        )
        intros = pd.DataFrame({"introducer": ["me", "zed"], "introduced": ["ann", "bo"], "date": ["2026-03-01", "x"]})
        pq_folder = _write_parquet_tables(tmp_path / "pq", contacts=contacts, introductions=intros)
        csv_folder = tmp_path / "csv"
        csv_folder.mkdir()
        contacts.to_csv(csv_folder / "contacts.csv", index=False)
        intros.to_csv(csv_folder / "introductions.csv", index=False)
        a, b = rg.validate(csv_folder), rg.validate(pq_folder)
        assert len(a) > 3 and len(a) == len(b)
        same = ["row", "column", "severity", "message"]
        assert a[same].equals(b[same])
        assert b["file"].str.endswith(".parquet").all()
        with pytest.raises(rg.ValidationError):
            rg.load(pq_folder)
        assert len(rg.load(pq_folder, strict=False)) >= 3

    def test_typed_columns(self, tmp_path):
        contacts = pd.DataFrame(
            {
                "name": ["Me", "Ann"],
                "is_seeker": [True, False],
                "first_contact": pd.to_datetime([None, "2026-01-10"]),
                "score": [1.5, 2.0],
                "id": ["1234567890123456789", "2"],
            }
        )
        net = rg.load(_write_parquet_tables(tmp_path / "t", contacts=contacts))
        assert net.seekers == ["1234567890123456789"]
        assert net.contacts["first_contact"].iloc[1] == pd.Timestamp("2026-01-10")

    def test_not_parquet(self, tmp_path):
        folder = tmp_path / "bad"
        folder.mkdir()
        (folder / "contacts.parquet").write_text("name\nMe\n")
        with pytest.raises(rg.SchemaError, match="not a readable Parquet file"):
            rg.load(folder)
        assert rg.validate(folder)["severity"].tolist() == ["error"]

    def test_both_formats_in_one_folder(self, tmp_path):
        folder = rg.save(rg.demo(), tmp_path / "d")
        rg.save(rg.demo(), tmp_path / "p.parquet")
        (folder / "contacts.parquet").write_bytes((tmp_path / "p.parquet" / "contacts.parquet").read_bytes())
        with pytest.raises(
            rg.SchemaError,
            match=r"mixes Parquet \(contacts.parquet\) and CSV \(contacts.csv, introductions.csv, meetings.csv",
        ):
            rg.load(folder)

    def test_refuses_existing_files(self, tmp_path):
        out = rg.save(rg.demo(), tmp_path / "p.parquet")
        before = {p.name: p.read_bytes() for p in out.iterdir()}
        with pytest.raises(OverwriteError):
            rg.save(rg.demo(), out)
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before
        rg.save(rg.demo(), out, overwrite=True)

    def test_empty_network(self, tmp_path, empty):
        out = rg.save(empty, tmp_path / "e.parquet")
        assert rg.load(out).equals(empty)

    def test_cli_export_and_metrics(self, tmp_path):
        from click.testing import CliRunner

        from referralgraph.cli import cli

        src = rg.save(rg.demo(), tmp_path / "src")
        result = CliRunner().invoke(cli, ["export", str(src), str(tmp_path / "out.parquet")])
        assert result.exit_code == 0 and "folder of Parquet files" in result.output
        assert rg.load(tmp_path / "out.parquet").equals(rg.load(src))
        result = CliRunner().invoke(
            cli, ["metrics", str(tmp_path / "out.parquet"), "--per-contact", str(tmp_path / "pc.parquet")]
        )
        assert result.exit_code == 0, result.output
        assert len(pd.read_parquet(tmp_path / "pc.parquet")) == 85


class TestProblemTableNeutralised:
    def test_validate_csv_output(self, tmp_path):
        from click.testing import CliRunner

        from referralgraph.cli import cli

        src = tmp_path / "h"
        src.mkdir()
        (src / "contacts.csv").write_text('name,is_seeker,=HYPERLINK("x")\nMe,maybe,1\n=1+1,,2\n', encoding="utf-8")
        result = CliRunner().invoke(cli, ["validate", str(src), "--format", "csv"])
        lines = result.output.splitlines()
        assert lines[0] == "file,row,column,severity,message"
        assert not any(cell.startswith(("=", "+", "@")) for line in lines for cell in next(csv.reader([line])))
        assert any("maybe" in line for line in lines)
