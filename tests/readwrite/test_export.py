"""Exports: the atomic writer, save/load round trips, formula neutralisation, JSON, GraphML, GEXF, the template."""

import json
import os
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import referralgraph as rg
from referralgraph.model.graphdata import node_metrics
from referralgraph.exceptions import OverwriteError, SchemaError, SizeLimitError
from referralgraph.model.privacy import neutralize_cells, restore_cells
from referralgraph.readwrite import _atomic, graphs
from referralgraph.readwrite import _workbook
from referralgraph.readwrite import tables as export
from referralgraph.readwrite._atomic import atomic_open, atomic_path, check_target, write_bytes, write_text


def small_frames():
    contacts = pd.DataFrame(
        {
            "id": ["maya", "ann", "bo", "cy"],
            "name": ["Maya Chen", 'Ann "AJ" Lee, PhD', "Bö Ström\nsecond line", "李雷"],
            "organization": ["", "Acme", "-- freelance", "@home"],
            "first_contact": ["", "2026-01-02", "2026-01-03 14:30", ""],
            "notes": ["", '=HYPERLINK("http://evil")', "'=already quoted", "+1 555 0100"],
            "is_seeker": ["yes", "", "", ""],
            "favourite": ["tea", "", "007", "=1+1"],
        }
    )
    intros = pd.DataFrame(
        {
            "introducer": ["ann", "bo"],
            "introduced": ["bo", "cy"],
            "date": ["2026-01-05", ""],
            "status": ["met", "suggested"],
            "channel": ["email", ""],
        }
    )
    meetings = pd.DataFrame(
        {
            "contact": ["ann", "bo"],
            "date": ["2026-01-04 10:00:05", "2026-01-07"],
            "asked_for_introductions": ["yes", ""],
            "thank_you_sent": ["2026-01-04 20:00", ""],
            "handwritten_note": ["2026-01-09", "no"],
            "takeaways": ["@someone said hi", ""],
            "place": ["café", ""],
        }
    )
    return contacts, intros, meetings


def small_net():
    return rg.from_frames(*small_frames())


def empty_net():
    return rg.from_frames(pd.DataFrame({"name": pd.Series([], dtype="str")}))


def _reader_restores() -> bool:
    """Whether load() undoes formula neutralisation yet (readers.py calls restore_cells)."""
    net = rg.from_frames(pd.DataFrame({"name": ["Me", "=x"], "is_seeker": ["yes", ""]}))
    with tempfile.TemporaryDirectory() as tmp:
        return rg.load(rg.save(net, Path(tmp) / "probe")).equals(net)


READER_RESTORES = _reader_restores()

#: round trips of text that begins with = + - @ need the reader to call restore_cells (see docs/exports.md)
needs_reader_restore = pytest.mark.xfail(
    not READER_RESTORES,
    strict=True,
    reason="readwrite/tables.py does not call referralgraph.model.privacy.restore_cells on cells yet",
)


def tables_of(net):
    return {t: getattr(net, t) for t in ("contacts", "introductions", "meetings")}


def listing(folder):
    return sorted(p.name for p in Path(folder).iterdir())


# ---------------------------------------------------------------------------- atomic writer
class TestAtomic:
    def test_writes_text_and_bytes(self, tmp_path):
        assert write_text(tmp_path / "a.txt", "hé\r\n").read_bytes() == "hé\r\n".encode()
        assert write_bytes(tmp_path / "b.bin", b"\x00\xff").read_bytes() == b"\x00\xff"
        assert listing(tmp_path) == ["a.txt", "b.bin"]

    def test_refuses_to_overwrite(self, tmp_path):
        target = tmp_path / "a.txt"
        target.write_text("old")
        with pytest.raises(OverwriteError, match=r"a\.txt already exists; expected a new file, or pass overwrite=True"):
            write_text(target, "new")
        assert target.read_text() == "old"
        assert listing(tmp_path) == ["a.txt"]

    def test_overwrite_replaces_and_keeps_mode(self, tmp_path):
        target = tmp_path / "a.txt"
        target.write_text("old")
        os.chmod(target, 0o640)
        write_text(target, "new", overwrite=True)
        assert target.read_text() == "new"
        assert (os.stat(target).st_mode & 0o777) == 0o640

    def test_new_file_gets_umask_permissions(self, tmp_path):
        mask = os.umask(0o022)
        try:
            target = write_text(tmp_path / "a.txt", "x")
        finally:
            os.umask(mask)
        assert (os.stat(target).st_mode & 0o777) == 0o644

    def test_failure_mid_write_keeps_previous_file_and_leaves_no_temp(self, tmp_path):
        target = tmp_path / "a.txt"
        target.write_text("previous")
        with pytest.raises(RuntimeError, match="disk full"):
            with atomic_open(target, overwrite=True) as f:
                f.write("half of the new")
                raise RuntimeError("disk full")
        assert target.read_text() == "previous"
        assert listing(tmp_path) == ["a.txt"]

    def test_failure_with_temp_path_removes_it(self, tmp_path):
        target = tmp_path / "plot.png"
        with pytest.raises(KeyboardInterrupt):
            with atomic_path(target) as tmp:
                assert tmp.parent == tmp_path and tmp.suffix == ".png" and tmp.name.startswith(".plot.")
                tmp.write_bytes(b"partial")
                raise KeyboardInterrupt
        assert listing(tmp_path) == []

    def test_file_appearing_meanwhile_is_not_replaced(self, tmp_path):
        target = tmp_path / "a.txt"
        with pytest.raises(OverwriteError, match="already exists"):
            with atomic_open(target) as f:
                f.write("mine")
                target.write_text("someone else's")
        assert target.read_text() == "someone else's"
        assert listing(tmp_path) == ["a.txt"]

    def test_folder_is_not_a_file_target(self, tmp_path):
        with pytest.raises(IsADirectoryError, match="is a folder; expected the path of a file"):
            check_target(tmp_path)

    def test_bad_mode(self, tmp_path):
        with pytest.raises(ValueError, match="mode must be 'w' or 'wb'"):
            with atomic_open(tmp_path / "x", "a"):
                pass


# ---------------------------------------------------------------------------- formula neutralisation
class TestNeutralizeCells:
    @pytest.mark.parametrize("value", ["=1+1", "+x", "-2+3", "-", "+", "@SUM(A1)", "\tx", "\rx", "-1e5x", "'-5"])
    def test_triggers_get_a_quote(self, value):
        assert neutralize_cells(pd.Series([value], dtype="str")).iloc[0] == "'" + value

    @pytest.mark.parametrize("value", ["-5", "+5", "-1e5", "1e5", "+0.25", "-.5", "-3.", "-1E+05"])
    def test_real_numbers_stay_numbers(self, value):
        assert neutralize_cells(pd.Series([value], dtype="str")).iloc[0] == value
        assert neutralize_cells(pd.Series([value], dtype=object)).iloc[0] == value

    @pytest.mark.parametrize("value", ["=1+1", "'=x", "''-y", "'plain", "plain", "a=b", "'", "", "-"])
    def test_restore_inverts(self, value):
        assert restore_cells(neutralize_cells(pd.Series([value], dtype="str"))).iloc[0] == value

    def test_non_text_untouched_and_input_unchanged(self):
        values = pd.Series(["=x", 5, None, pd.Timestamp("2026-01-01")], dtype=object)
        before = values.copy()
        out = neutralize_cells(values)
        assert out.tolist()[0] == "'=x" and out.tolist()[1:3] == [5, None]
        pd.testing.assert_series_equal(values, before)

    def test_restore_frame(self):
        frame = pd.DataFrame({"a": ["'=x", "b"], "b": pd.Series(["'@y", None], dtype=object)})
        out = restore_cells(frame)
        assert out.to_dict("list") == {"a": ["=x", "b"], "b": ["@y", None]}
        assert frame["a"].tolist() == ["'=x", "b"]  # the input is not changed

    def test_empty(self):
        assert neutralize_cells(pd.Series([], dtype="str")).empty


# ---------------------------------------------------------------------------- save
class TestSaveFolder:
    def test_files_and_cells(self, tmp_path):
        folder = rg.save(small_net(), tmp_path / "out")
        assert folder == tmp_path / "out"
        assert listing(folder) == ["contacts.csv", "introductions.csv", "meetings.csv"]
        raw = (folder / "contacts.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, so Excel reads accents right
        text = raw.decode("utf-8-sig")
        assert text.splitlines()[0] == "id,name,organization,first_contact,notes,is_seeker,favourite"
        assert 'ann,"Ann ""AJ"" Lee, PhD",Acme,2026-01-02,"\'=HYPERLINK(""http://evil"")",false,\r\n' in text
        assert "2026-01-03 14:30:00" in text
        assert ",'@home,,'+1 555 0100,false,'=1+1\r\n" in text
        meetings = (folder / "meetings.csv").read_text(encoding="utf-8-sig").splitlines()
        assert (
            meetings[0] == "contact,date,seeker,asked_for_introductions,thank_you_sent,handwritten_note,takeaways,place"
        )
        assert meetings[1] == "ann,2026-01-04 10:00:05,maya,true,2026-01-04 20:00:00,2026-01-09,'@someone said hi,café"
        assert meetings[2] == "bo,2026-01-07,maya,,,false,,"

    def test_without_neutralizing(self, tmp_path):
        folder = rg.save(small_net(), tmp_path / "out", neutralize_formulas=False)
        text = (folder / "contacts.csv").read_text(encoding="utf-8-sig")
        assert '"=HYPERLINK(""http://evil"")"' in text and "'=HYPERLINK" not in text

    @needs_reader_restore
    def test_round_trip(self, tmp_path):
        net = small_net()
        assert rg.load(rg.save(net, tmp_path / "out")).equals(net)

    def test_round_trip_plain_text(self, tmp_path):
        contacts, intros, meetings = small_frames()
        contacts = contacts.assign(
            notes=["", "a, b", "'quoted", "x\r\ny"],
            organization=["", "Acme", "", ""],
            favourite=["tea", "", "007", "nan"],
        )
        meetings = meetings.assign(takeaways=["", "line\nbreak"])
        net = rg.from_frames(contacts, intros, meetings)
        back = rg.load(rg.save(net, tmp_path / "out"))
        assert back.equals(net)
        assert back.meetings["handwritten_note_date"].dtype == net.meetings["handwritten_note_date"].dtype
        assert back.meetings["asked_for_introductions"].tolist()[0] is True

    def test_round_trip_demo(self, tmp_path):
        net = rg.demo()
        assert rg.load(rg.save(net, tmp_path / "demo")).equals(net)

    def test_nul_characters_removed_with_a_warning(self, tmp_path):
        contacts = pd.DataFrame({"name": ["Me", "Ann"], "is_seeker": ["yes", ""], "notes": ["", "a\x00b\x07"]})
        with pytest.warns(UserWarning, match="1 cell held NUL characters"):
            folder = rg.save(rg.from_frames(contacts), tmp_path / "out")
        assert rg.load(folder).contacts["notes"].tolist()[1] == "ab\x07"

    def test_refuses_existing_files_and_writes_nothing(self, tmp_path):
        folder = tmp_path / "out"
        folder.mkdir()
        (folder / "meetings.csv").write_text("keep me")
        with pytest.raises(
            OverwriteError, match=r"meetings\.csv already exists; .*pass overwrite=True \(CLI: --force\)"
        ):
            rg.save(small_net(), folder)
        assert listing(folder) == ["meetings.csv"]
        assert (folder / "meetings.csv").read_text() == "keep me"

    def test_never_replaces_its_source_unless_asked(self, tmp_path):
        source = rg.write_template(tmp_path / "src")
        before = {p.name: p.read_bytes() for p in source.iterdir()}
        net = rg.load(source)
        with pytest.raises(OverwriteError):
            rg.save(net, source)
        assert {p.name: p.read_bytes() for p in source.iterdir()} == before
        rg.save(net, source, overwrite=True)
        assert rg.load(source).equals(net)

    def test_overwrite_uses_existing_spelling(self, tmp_path):
        folder = tmp_path / "out"
        folder.mkdir()
        (folder / "Contacts.csv").write_text("old")
        rg.save(small_net(), folder, overwrite=True)
        assert "Contacts.csv" in listing(folder) and "contacts.csv" not in listing(folder)

    def test_failure_mid_write_keeps_previous_files(self, tmp_path, monkeypatch):
        folder = rg.save(small_net(), tmp_path / "out")
        before = {p.name: p.read_bytes() for p in folder.iterdir()}
        calls = []

        def exploding(*args, **kwargs):
            calls.append(1)
            if len(calls) == 3:
                raise OSError("disk full")
            return original(*args, **kwargs)

        import referralgraph.readwrite.tables as tables

        original = tables.write_cells
        monkeypatch.setattr(tables, "write_cells", lambda *a, **k: exploding(*a, **k))
        with pytest.raises(OSError, match="disk full"):
            rg.save(empty_net(), folder, overwrite=True)
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # all or nothing, no temp files

    def test_new_folder_removed_on_failure(self, tmp_path, monkeypatch):
        import referralgraph.readwrite.tables as tables

        monkeypatch.setattr(tables, "write_cells", lambda *a, **k: (_ for _ in ()).throw(OSError("disk full")))
        with pytest.raises(OSError, match="disk full"):
            rg.save(small_net(), tmp_path / "new")
        assert listing(tmp_path) == []

    def test_does_not_change_the_network(self, tmp_path):
        net = small_net()
        before = {t: f.copy() for t, f in tables_of(net).items()}
        rg.save(net, tmp_path / "a")
        rg.save(net, tmp_path / "b.xlsx")
        for t, f in tables_of(net).items():
            pd.testing.assert_frame_equal(f, before[t])

    def test_empty(self, tmp_path):
        net = empty_net()
        folder = rg.save(net, tmp_path / "out")
        assert (folder / "contacts.csv").read_bytes() == b"\xef\xbb\xbfid,name,is_seeker\r\n"
        assert rg.load(folder).equals(net)


class TestSaveWorkbook:
    def test_sheets_and_real_dates(self, tmp_path):
        import openpyxl

        path = rg.save(small_net(), tmp_path / "net.xlsx")
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == ["contacts", "introductions", "meetings"]
        contacts = book["contacts"]
        assert [c.value for c in contacts[1]] == [
            "id",
            "name",
            "organization",
            "first_contact",
            "notes",
            "is_seeker",
            "favourite",
        ]
        assert contacts["D3"].is_date and contacts["D3"].number_format == "yyyy-mm-dd"
        assert contacts["D4"].number_format == "yyyy-mm-dd hh:mm:ss"
        assert contacts["F2"].value is True
        assert contacts["E3"].value == '\'=HYPERLINK("http://evil")' and contacts["E3"].data_type == "s"
        assert book["meetings"]["F2"].is_date  # handwritten_note given as a date

    def test_no_formula_cells_even_without_neutralizing(self, tmp_path):
        import openpyxl

        path = rg.save(small_net(), tmp_path / "net.xlsx", neutralize_formulas=False)
        cells = [c for row in openpyxl.load_workbook(path)["contacts"].iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        assert '=HYPERLINK("http://evil")' in [c.value for c in cells]

    @needs_reader_restore
    def test_round_trip(self, tmp_path):
        net = small_net()
        assert rg.load(rg.save(net, tmp_path / "net.xlsx")).equals(net)

    def test_round_trip_demo(self, tmp_path):
        net = rg.demo()
        assert rg.load(rg.save(net, tmp_path / "demo.xlsx")).equals(net)

    def test_line_ends_kept_and_control_characters_warn(self, tmp_path):
        contacts = pd.DataFrame(
            {
                "name": ["Me", "Ann", "Bo", "Cy"],
                "is_seeker": ["yes", "", "", ""],
                "notes": ["a\r\nb", "bell\x07", "c\rd\ne", "literal _x000D_ and\ttab"],
            }
        )
        with pytest.warns(UserWarning, match="1 cell held control characters that an .xlsx file cannot store"):
            path = rg.save(rg.from_frames(contacts), tmp_path / "n.xlsx")
        assert rg.load(path).contacts["notes"].tolist() == ["a\r\nb", "bell", "c\rd\ne", "literal _x000D_ and\ttab"]

    def test_distinct_ids_stay_distinct_and_text(self, tmp_path):
        ids = ["1234567890123456789", "1234567890123456788", "007", "-5", "1e5", "a\r\nb", "a\nb", "TRUE"]
        contacts = pd.DataFrame(
            {
                "id": ids,
                "name": ids,
                "is_seeker": ["yes"] + [""] * 7,
                "score": ["-5", "+5", "-1e5", "1e5", "=1", "", "", ""],
            }
        )
        net = rg.from_frames(contacts)
        path = rg.save(net, tmp_path / "ids.xlsx")
        import openpyxl

        sheet = openpyxl.load_workbook(path)["contacts"]
        assert all(sheet.cell(r, 1).data_type == "s" for r in range(2, 10))
        assert [sheet.cell(r, 4).value for r in range(2, 7)] == ["-5", "+5", "-1e5", "1e5", "'=1"]
        back = rg.load(path)
        assert back.ids.tolist() == ids and back.equals(net)

    def test_carriage_returns_kept_and_control_characters_warn(self, tmp_path):
        contacts = pd.DataFrame(
            {
                "name": ["Me", "Ann", "Bo"],
                "is_seeker": ["yes", "", ""],
                "notes": ["a\r\nb", "bell\x07", "c\rd _x000D_ typed"],
            }
        )
        with pytest.warns(UserWarning, match="1 cell held control characters that an .xlsx file cannot store"):
            path = rg.save(rg.from_frames(contacts), tmp_path / "n.xlsx")
        assert rg.load(path).contacts["notes"].tolist() == ["a\r\nb", "bell", "c\rd _x000D_ typed"]

    def test_cell_too_long(self, tmp_path):
        contacts = pd.DataFrame({"name": ["Me", "Ann"], "is_seeker": ["yes", ""], "notes": ["", "x" * 40_000]})
        with pytest.raises(SizeLimitError, match=r"contacts row 3, column 'notes' has 40,000 characters; .*--to csv"):
            rg.save(rg.from_frames(contacts), tmp_path / "n.xlsx")
        assert listing(tmp_path) == []

    def test_large_workbook_warns_first(self, tmp_path, monkeypatch):
        monkeypatch.setattr(_workbook, "_XLSX_SLOW_CELLS", 10)
        with pytest.warns(UserWarning, match=r"cells to an .xlsx workbook takes minutes.*--to csv"):
            rg.save(small_net(), tmp_path / "n.xlsx")

    def test_refuses_existing_file(self, tmp_path):
        (tmp_path / "n.xlsx").write_bytes(b"previous")
        with pytest.raises(OverwriteError, match=r"n\.xlsx already exists"):
            rg.save(small_net(), tmp_path / "n.xlsx")
        assert (tmp_path / "n.xlsx").read_bytes() == b"previous"

    def test_failure_mid_write_keeps_previous_file(self, tmp_path, monkeypatch):
        path = rg.save(small_net(), tmp_path / "n.xlsx")
        before = path.read_bytes()

        original = _workbook._sheet_rows

        def broken_rows(*args, **kwargs):  # the sheet data: half written, then the disk is full
            ref, pieces = original(*args, **kwargs)

            def half():
                yield pieces[0]
                raise OSError("disk full")

            return ref, half()

        monkeypatch.setattr(_workbook, "_sheet_rows", broken_rows)
        with pytest.raises(OSError, match="disk full"):
            rg.save(empty_net(), path, overwrite=True)
        assert path.read_bytes() == before
        assert listing(tmp_path) == ["n.xlsx"]

    def test_empty(self, tmp_path):
        net = empty_net()
        assert rg.load(rg.save(net, tmp_path / "e.xlsx")).equals(net)


class TestSaveFormats:
    @pytest.mark.parametrize("name, fmt", [("a.json", "json"), ("a.graphml", "graphml"), ("a.gexf", "gexf")])
    def test_suffix_picks_format(self, tmp_path, name, fmt):
        path = rg.save(small_net(), tmp_path / name)
        assert path.is_file() and export._format_of(Path(name), None) == fmt

    def test_explicit_format(self, tmp_path):
        path = rg.save(small_net(), tmp_path / "network.txt", format="json")
        assert json.loads(path.read_text(encoding="utf-8"))["directed"] is True
        assert rg.save(small_net(), tmp_path / "folder.d", format="csv").is_dir()

    def test_unknown_format(self, tmp_path):
        with pytest.raises(
            SchemaError, match="unknown format 'pdf'; expected one of csv, parquet, xlsx, json, graphml, gexf"
        ):
            rg.save(small_net(), tmp_path / "x", format="pdf")

    def test_unknown_suffix(self, tmp_path):
        with pytest.raises(SchemaError, match=r"cannot tell the format from the suffix '\.csv'; expected a folder"):
            rg.save(small_net(), tmp_path / "contacts.csv")

    def test_workbook_needs_xlsx_suffix(self, tmp_path):
        with pytest.raises(SchemaError, match=r"a workbook must end in \.xlsx .*got the suffix '\.xls'"):
            rg.save(small_net(), tmp_path / "old.xls", format="xlsx")

    def test_folder_path_is_a_file(self, tmp_path):
        (tmp_path / "out").write_text("x")
        with pytest.raises(SchemaError, match="is a file; expected a folder"):
            rg.save(small_net(), tmp_path / "out", format="csv")

    def test_file_path_is_a_folder(self, tmp_path):
        (tmp_path / "n.json").mkdir()
        with pytest.raises(SchemaError, match="is a folder; expected the path of a json file"):
            rg.save(small_net(), tmp_path / "n.json", format="json")

    def test_existing_folder_means_csv(self, tmp_path):
        (tmp_path / "n.json").mkdir()
        assert listing(rg.save(small_net(), tmp_path / "n.json")) == [
            "contacts.csv",
            "introductions.csv",
            "meetings.csv",
        ]

    def test_missing_parent_folder(self, tmp_path):
        with pytest.raises(FileNotFoundError, match="no such folder; expected an existing folder to write n.xlsx"):
            rg.save(small_net(), tmp_path / "nope" / "n.xlsx")

    def test_not_a_network(self, tmp_path):
        with pytest.raises(TypeError, match="net must be a ReferralNetwork"):
            rg.save(pd.DataFrame(), tmp_path / "x")

    def test_anonymize(self, tmp_path):
        folder = rg.save(small_net(), tmp_path / "anon", anonymize=True)
        text = "".join(p.read_text(encoding="utf-8-sig") for p in folder.iterdir())
        assert "maya" not in text and "Ann" not in text and "person-" in text


# ---------------------------------------------------------------------------- graph formats
class TestToNodeLink:
    def test_json_safe_and_complete(self):
        net = small_net()
        data = rg.to_node_link(net)
        json.dumps(data, allow_nan=False)
        nodes = {n["id"]: n for n in data["nodes"]}
        assert set(nodes) == set(net.ids)
        assert nodes["bo"]["first_contact"] == "2026-01-03 14:30:00"
        assert nodes["ann"]["first_contact"] == "2026-01-02"
        assert "first_contact" not in nodes["maya"]  # missing values are left out
        edge = next(e for e in data["edges"] if (e["source"], e["target"]) == ("ann", "bo"))
        assert edge == {
            "source": "ann",
            "target": "bo",
            "date": "2026-01-05",
            "seekers": ["maya"],
            "status": "met",
            "kind": "introduction",
        }

    def test_back_to_networkx(self):
        net = small_net()
        G = nx.node_link_graph(rg.to_node_link(net), edges="edges")
        assert set(G.edges) == set(net.graph.edges)

    def test_empty(self):
        data = rg.to_node_link(empty_net())
        assert data["nodes"] == [] and data["edges"] == []


class TestWriteJson:
    def test_file(self, tmp_path):
        net = small_net()
        path = rg.write_json(net, tmp_path / "n.json")
        assert json.loads(path.read_text(encoding="utf-8")) == rg.to_node_link(net)
        assert "李雷" in path.read_text(encoding="utf-8")

    def test_refuses_to_overwrite(self, tmp_path):
        (tmp_path / "n.json").write_text("{}")
        with pytest.raises(OverwriteError, match="already exists"):
            rg.write_json(small_net(), tmp_path / "n.json")
        assert (tmp_path / "n.json").read_text() == "{}"

    def test_empty(self, tmp_path):
        assert json.loads(rg.write_json(empty_net(), tmp_path / "e.json").read_text())["nodes"] == []


def _expected_attrs(d):
    out = {}
    for k, v in d.items():
        v = graphs._plain(v)
        out[k] = ";".join(v) if isinstance(v, list) else v
    return out


class TestWriteGraphml:
    def test_reads_back_the_same(self, tmp_path):
        net = small_net()
        G = nx.read_graphml(rg.write_graphml(net, tmp_path / "n.graphml"))
        assert list(G.nodes) == list(net.graph.nodes)
        assert set(G.edges) == set(net.graph.edges)
        metrics = node_metrics(net).set_index(net.ids)
        for n, d in net.graph.nodes(data=True):
            expected = _expected_attrs(d) | {
                k: (int(v) if k in ("generation", "descendants", "direct_introductions") else v)
                for k, v in metrics.loc[n].items()
                if not pd.isna(v)
            }
            assert G.nodes[n] == expected
        for u, v, d in net.graph.edges(data=True):
            assert G.edges[u, v] == _expected_attrs(d)

    def test_demo(self, tmp_path):
        net = rg.demo()
        G = nx.read_graphml(rg.write_graphml(net, tmp_path / "demo.graphml"))
        assert G.number_of_nodes() == len(net) and G.number_of_edges() == net.graph.number_of_edges()

    def test_refuses_to_overwrite(self, tmp_path):
        (tmp_path / "n.graphml").write_text("x")
        with pytest.raises(OverwriteError, match="already exists"):
            rg.write_graphml(small_net(), tmp_path / "n.graphml")

    def test_empty(self, tmp_path):
        assert nx.read_graphml(rg.write_graphml(empty_net(), tmp_path / "e.graphml")).number_of_nodes() == 0


class TestWriteGexf:
    NS = {"g": "http://gexf.net/1.3"}

    def test_dynamic_with_starts(self, tmp_path):
        path = rg.write_gexf(small_net(), tmp_path / "n.gexf")
        root = ET.parse(path).getroot()
        assert root.get("version") == "1.3"
        graph = root.find("g:graph", self.NS)
        assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
        starts = {n.get("id"): n.get("start") for n in graph.iterfind("g:nodes/g:node", self.NS)}
        # ann: first_contact 01-02 (nothing else dated); bo: intro 01-05 and meeting 01-07, so the join day of
        # contact_metrics (min of tree edge and first meeting; the first_contact column only when both are
        # missing) is 01-05, not the column's 01-03 (issue 20 item 8); cy: only an undated intro
        assert starts == {"maya": "2026-01-02", "ann": "2026-01-02", "bo": "2026-01-05", "cy": None}
        cm = rg.contact_metrics(small_net()).set_index("contact")["first_contact"]
        assert {c: f"{d:%Y-%m-%d}" for c, d in cm.dropna().items()} == {"ann": "2026-01-02", "bo": "2026-01-05"}
        edges = {(e.get("source"), e.get("target")): e.get("start") for e in graph.iterfind("g:edges/g:edge", self.NS)}
        assert edges == {("maya", "ann"): "2026-01-02", ("ann", "bo"): "2026-01-05", ("bo", "cy"): None}

    def test_networkx_reads_it(self, tmp_path):
        net = small_net()
        G = nx.read_gexf(rg.write_gexf(net, tmp_path / "n.gexf"))
        assert set(G.nodes) == set(net.ids) and set(G.edges) == set(net.graph.edges)
        assert G.nodes["ann"]["label"] == 'Ann "AJ" Lee, PhD'
        assert G.nodes["bo"]["label"] == "Bö Ström\nsecond line"
        assert G.nodes["ann"]["notes"] == '=HYPERLINK("http://evil")'
        assert G.nodes["maya"]["is_seeker"] is True
        assert G.edges["ann", "bo"]["seekers"] == "maya" and G.edges["ann", "bo"]["start"] == "2026-01-05"

    def test_demo_every_node_and_edge_dated(self, tmp_path):
        path = rg.write_gexf(rg.demo(), tmp_path / "demo.gexf")
        graph = ET.parse(path).getroot().find("g:graph", self.NS)
        assert all(n.get("start") for n in graph.iterfind("g:nodes/g:node", self.NS))
        assert all(e.get("start") for e in graph.iterfind("g:edges/g:edge", self.NS))

    def test_escapes_markup(self, tmp_path):
        contacts = pd.DataFrame({"name": ["Me", '<b>&"x"</b>'], "is_seeker": ["yes", ""]})
        G = nx.read_gexf(rg.write_gexf(rg.from_frames(contacts), tmp_path / "n.gexf"))
        assert G.nodes['<b>&"x"</b>']["label"] == '<b>&"x"</b>'

    def test_refuses_to_overwrite(self, tmp_path):
        (tmp_path / "n.gexf").write_text("x")
        with pytest.raises(OverwriteError, match="already exists"):
            rg.write_gexf(small_net(), tmp_path / "n.gexf")

    def test_empty(self, tmp_path):
        path = rg.write_gexf(empty_net(), tmp_path / "e.gexf")
        assert nx.read_gexf(path).number_of_nodes() == 0


# ---------------------------------------------------------------------------- template
class TestWriteTemplate:
    def test_every_column_and_valid(self, tmp_path):
        from referralgraph.readwrite._schema import COLUMNS

        folder = rg.write_template(tmp_path / "mine")
        for table, columns in COLUMNS.items():
            frame = pd.read_csv(folder / f"{table}.csv", dtype=str, encoding="utf-8-sig")
            assert list(frame.columns) == list(columns)
            assert len(frame) >= 2
        problems = rg.validate(folder)
        assert problems.empty, problems
        net = rg.load(folder)
        assert net.seekers == ["maya"]
        assert net.tree_table()["generation"].tolist() == [0, 1, 2]

    def test_refuses_to_overwrite(self, tmp_path):
        folder = rg.write_template(tmp_path / "mine")
        (folder / "contacts.csv").write_text("my own data")
        with pytest.raises(
            OverwriteError, match="contacts.csv, .*introductions.csv, .*meetings.csv, .*opportunities.csv already exist"
        ):
            rg.write_template(folder)
        assert (folder / "contacts.csv").read_text() == "my own data"
        rg.write_template(folder, overwrite=True)
        assert rg.validate(folder).empty


# ---------------------------------------------------------------------------- property: save/load round trip
_TEXT_CHARS = st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(list(",;\"'\n=+-@ é李"))
_CSV_CHARS = _TEXT_CHARS | st.sampled_from(["\r", "\t", "\x07", "\x1b"])


def _text(chars):
    body = st.text(chars, min_size=1, max_size=12)
    return st.one_of(body, st.tuples(st.sampled_from(["=", "-", "+", "@", "'=", "''-", "'"]), body).map("".join))


def _maybe(strategy):
    return st.one_of(st.just(""), strategy)


_dates = st.datetimes(
    min_value=pd.Timestamp("2024-01-01").to_pydatetime(), max_value=pd.Timestamp("2026-01-01").to_pydatetime()
)
_days = _dates.map(lambda d: d.strftime("%Y-%m-%d"))
_stamps = _dates.map(lambda d: d.strftime("%Y-%m-%d %H:%M:%S"))


@st.composite
def networks(draw, chars):
    n = draw(st.integers(1, 9))
    ids = draw(
        st.lists(_text(chars).filter(lambda s: s.strip() != ""), min_size=n, max_size=n, unique_by=lambda s: s.strip())
    )
    ids = [s.strip() for s in ids]
    contacts = pd.DataFrame(
        {
            "id": ids,
            "name": [draw(_text(chars).filter(lambda s: s.strip() != "")) for _ in ids],
            "organization": [draw(_maybe(_text(chars))) for _ in ids],
            "first_contact": [draw(_maybe(_days | _stamps)) for _ in ids],
            "notes": [draw(_maybe(_text(chars))) for _ in ids],
            "is_seeker": ["yes"] + [""] * (n - 1),
            "extra": [draw(_maybe(_text(chars))) for _ in ids],
        }
    )
    parents = [draw(st.integers(0, k - 1)) for k in range(1, n)]
    intros = pd.DataFrame(
        {
            "introducer": [ids[p] for p in parents],
            "introduced": ids[1:],
            "date": [draw(_maybe(_days)) for _ in parents],
            "status": [draw(st.sampled_from(["suggested", "introduced", "met"])) for _ in parents],
            "notes": [draw(_maybe(_text(chars))) for _ in parents],
        },
        columns=["introducer", "introduced", "date", "status", "notes"],
    )
    met = draw(st.lists(st.integers(1, n - 1), max_size=4)) if n > 1 else []
    meetings = pd.DataFrame(
        {
            "contact": [ids[k] for k in met],
            "date": [draw(_days | _stamps) for _ in met],
            "asked_for_introductions": [draw(st.sampled_from(["yes", "no", ""])) for _ in met],
            "handwritten_note": [draw(st.sampled_from(["yes", "no", ""]) | _days) for _ in met],
            "takeaways": [draw(_maybe(_text(chars))) for _ in met],
        },
        columns=["contact", "date", "asked_for_introductions", "handwritten_note", "takeaways"],
    )
    return rg.from_frames(contacts, intros, meetings)


_property = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    # while the reader cannot undo neutralisation these fail by design: do not spend minutes shrinking
    phases=list(Phase) if READER_RESTORES else [Phase.explicit, Phase.generate],
)


@pytest.mark.slow
class TestRoundTripProperty:
    @needs_reader_restore
    @_property
    @given(net=networks(_CSV_CHARS))
    def test_csv_folder(self, net):
        with tempfile.TemporaryDirectory() as tmp:
            assert rg.load(rg.save(net, Path(tmp) / "net")).equals(net)

    @needs_reader_restore
    @_property
    @given(net=networks(_TEXT_CHARS))
    def test_xlsx(self, net):
        with tempfile.TemporaryDirectory() as tmp:
            assert rg.load(rg.save(net, Path(tmp) / "net.xlsx")).equals(net)


def test_atomic_module_exports():
    assert set(_atomic.__all__) == {
        "check_target",
        "check_location",
        "check_not_input",
        "atomic_path",
        "atomic_open",
        "atomic_folder",
        "clean_stale",
        "write_text",
        "write_bytes",
    }


# ---------------------------------------------------------------------------- metrics in graph exports
class TestGraphExportsCarryMetrics:
    METRICS = ["generation", "descendants", "direct_introductions", "origin", "status", "seeker"]

    def _expected(self, net):
        """contact_metrics' values per contact; seekers get generation 0 and their tree's size."""
        table = rg.contact_metrics(net).drop_duplicates("contact")
        return {r["contact"]: {k: r[k] for k in self.METRICS} for _, r in table.iterrows()}

    @pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
    def test_same_values_as_contact_metrics(self, tmp_path, fmt, cohort):
        for k, net in enumerate((rg.demo(), cohort)):
            out = rg.save(net, tmp_path / f"n{k}.{fmt}")
            if fmt == "json":
                G = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="edges")
            else:
                G = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
            for contact, values in self._expected(net).items():
                got = {m: G.nodes[contact].get(m) for m in self.METRICS}
                expected = {
                    m: (None if pd.isna(v) else (int(v) if isinstance(v, (int, np.integer)) else v))
                    for m, v in values.items()
                }
                assert got == expected, (fmt, contact)
            for seeker in net.seekers:
                assert G.nodes[seeker]["generation"] == 0 and G.nodes[seeker]["status"] == "seeker"
                assert "origin" not in G.nodes[seeker]

    def test_gephi_types(self, tmp_path):
        text = rg.write_gexf(rg.demo(), tmp_path / "d.gexf").read_text(encoding="utf-8")
        assert 'title="generation" type="integer"' in text and 'title="descendants" type="integer"' in text
        text = rg.write_graphml(rg.demo(), tmp_path / "d.graphml").read_text(encoding="utf-8")
        assert 'attr.name="descendants" attr.type="long"' in text

    @pytest.mark.parametrize("fmt", ["graphml", "gexf"])
    def test_line_ends_tabs_and_markup_survive(self, tmp_path, fmt):
        contacts = pd.DataFrame(
            {
                "id": ["me", 'a"b<c>&\r\nd\te'],
                "name": ["Me", "x\r\ny\rz\n<b>&amp;"],
                "is_seeker": ["yes", ""],
                "notes": ["", 'one\r\ntwo\tthree "q"'],
            }
        )
        net = rg.from_frames(contacts)
        out = rg.save(net, tmp_path / f"h.{fmt}")
        G = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
        node = 'a"b<c>&\r\nd\te'
        assert set(G.nodes) == {"me", node}
        assert G.nodes[node]["notes"] == 'one\r\ntwo\tthree "q"'
        assert (G.nodes[node]["name"] if fmt == "graphml" else G.nodes[node]["label"]) == "x\r\ny\rz\n<b>&amp;"
        assert G.has_edge("me", node)
