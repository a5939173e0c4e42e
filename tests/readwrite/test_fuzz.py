"""Property-based hardening (issue 6): random bytes and random CSV shapes raise nothing but our own errors."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import referralgraph as rg
from referralgraph.readwrite._schema import COLUMNS

pytestmark = pytest.mark.slow  # fuzzing: hundreds of random inputs

SETTINGS = settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SCHEMA_HEADERS = sorted(
    {c for cols in COLUMNS.values() for c in cols} | {"Name", " ID ", "Introducer", "introduced_by"}
)
header = st.one_of(st.sampled_from(SCHEMA_HEADERS), st.text(max_size=8))
cell = st.one_of(
    st.sampled_from(
        [
            "",
            "me",
            "ann",
            "bo",
            "yes",
            "no",
            "maybe",
            "2026-02-30",
            "03/04/2026",
            "2026-01-05",
            "46061",
            "=1+1",
            "\n",
            '"',
            "x" * 300,
        ]
    ),
    st.text(max_size=12),
)


def _check(folder: Path) -> None:
    problems = rg.validate(folder, today="2026-06-01")  # never raises for a folder that exists
    assert list(problems.columns) == ["file", "row", "column", "severity", "message"]
    assert set(problems["severity"]) <= {"error", "warning"}
    try:
        net = rg.load(folder, strict=False, today="2026-06-01")
    except rg.ReferralGraphError:
        return
    assert len(net.contacts) == net.contacts["id"].nunique()


def _folder(files: dict[str, bytes]) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="rg-fuzz-"))
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


@SETTINGS
@given(data=st.binary(max_size=300), intros=st.binary(max_size=100))
def test_random_bytes(data, intros):
    folder = _folder({"contacts.csv": data, "introductions.csv": intros})
    try:
        _check(folder)
    finally:
        shutil.rmtree(folder)


@SETTINGS
@given(
    contacts=st.tuples(st.lists(header, min_size=0, max_size=6), st.lists(st.lists(cell, max_size=8), max_size=8)),
    intros=st.tuples(st.lists(header, max_size=5), st.lists(st.lists(cell, max_size=6), max_size=6)),
    delimiter=st.sampled_from([",", ";", "\t"]),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_random_csv_shapes(contacts, intros, delimiter, newline, encoding):
    def render(table) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
        writer.writerow(table[0])
        writer.writerows(table[1])
        return out.getvalue().encode(encoding, errors="replace")

    folder = _folder({"contacts.csv": render(contacts), "introductions.csv": render(intros)})
    try:
        _check(folder)
    finally:
        shutil.rmtree(folder)


@SETTINGS
@given(
    names=st.lists(st.text(min_size=1, max_size=10), min_size=1, max_size=8),
    seeker=st.lists(st.sampled_from(["yes", "", "no", "x", "maybe"]), min_size=8, max_size=8),
    pairs=st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=10),
)
def test_random_frames(names, seeker, pairs):
    contacts = pd.DataFrame({"name": names, "is_seeker": seeker[: len(names)]})
    intros = pd.DataFrame(
        {
            "introducer": [names[a % len(names)] for a, _ in pairs],
            "introduced": [names[b % len(names)] for _, b in pairs],
        },
        dtype=object,
    )
    try:
        rg.from_frames(contacts, intros, strict=False)
    except rg.ReferralGraphError:
        pass


def test_validate_never_raises_for_an_empty_folder(tmp_path):
    problems = rg.validate(tmp_path)
    assert problems["message"].iat[0].startswith("no contacts.csv")
    with pytest.raises(rg.SchemaError):
        rg.load(tmp_path, strict=False)
