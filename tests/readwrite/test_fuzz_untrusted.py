"""Property and fuzz tests for the inputs of issue 23 (item 8): Parquet types and metadata, dataset manifests,
vCards and concurrent appends.

Each property states what must hold for every input: only our own errors (``ReferralGraphError``),
never a traceback of pandas, pyarrow or the codecs; no date read outside the supported range or
wrapped around; no vCard value garbled in silence; no appended row lost.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import json
import multiprocessing
import quopri
import shutil
import tempfile
import unicodedata
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import referralgraph as rg
from referralgraph._checks import DATE_MAX, DATE_MIN
from referralgraph.partitioned.dataset import MARKER

pytestmark = pytest.mark.slow  # fuzzing: hundreds of random inputs

# derandomize: CI sees the same inputs on every run (a failure is reproducible, never a coin toss); run
# `pytest tests/readwrite/test_fuzz_untrusted.py --hypothesis-seed=RANDOM` locally to explore new inputs
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
LOW, HIGH = pd.Timestamp(DATE_MIN), pd.Timestamp(DATE_MAX) + pd.Timedelta(days=1)


def _tmp() -> Path:
    return Path(tempfile.mkdtemp(prefix="rg-fuzz-"))


# ---------------------------------------------------------------------------- Parquet types
instants = st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59)).map(
    lambda d: d.replace(microsecond=0)
)  # whole seconds: every unit holds them exactly
ZONES = [None, "UTC", "Europe/Paris", "America/New_York", "+05:30", "Asia/Tokyo"]


@st.composite
def date_columns(draw, n: int):
    """A first_contact column of a random Arrow date/time type (any unit, any zone) with values of any year."""
    values = draw(st.lists(st.one_of(st.none(), instants), min_size=n, max_size=n))
    kind = draw(st.sampled_from(["date32", "date64", "s", "ms", "us", "ns", "string", "large_string", "dict"]))
    zone = draw(st.sampled_from(ZONES))
    if kind in ("date32", "date64"):
        return pa.array([v and v.date() for v in values], getattr(pa, kind)()), values, None
    if kind in ("string", "large_string", "dict"):
        text = pa.array([v and v.isoformat(sep=" ") for v in values], pa.string())
        return (text.dictionary_encode() if kind == "dict" else text.cast(getattr(pa, kind)())), values, None
    if kind == "ns":  # nanoseconds hold 1677-2262 only: Arrow refuses the rest before we see it
        values = [v if v is None or 1678 <= v.year <= 2261 else None for v in values]
    column = pa.array(values, pa.timestamp(kind))
    if zone:
        column = pc.assume_timezone(column, zone, ambiguous="earliest", nonexistent="earliest")
    return column, values, zone


def _expected(value: dt.datetime | None, zone: str | None, kind_is_date: bool) -> pd.Timestamp | None:
    """What the one time-zone rule reads: a zoned wall time in UTC, a naive one as written; None outside the range."""
    if value is None:
        return None
    ts = pd.Timestamp(value.date() if kind_is_date else value)
    if zone:
        try:
            ts = ts.tz_localize(zone, ambiguous=True, nonexistent="shift_forward").tz_convert("UTC").tz_localize(None)
        except (OverflowError, pd.errors.OutOfBoundsDatetime):
            return None
    return ts if LOW <= ts < HIGH else None


@SETTINGS
@given(data=st.data())
def test_parquet_date_columns_of_every_type_unit_and_zone(data):
    n = 4
    column, values, zone = data.draw(date_columns(n))
    folder = _tmp()
    try:
        pq.write_table(
            pa.table(
                {
                    "id": ["me", "a", "b", "c"],
                    "name": ["Me", "A", "B", "C"],
                    "is_seeker": [True, False, False, False],
                    "first_contact": column,
                }
            ),
            folder / "contacts.parquet",
        )
        problems = rg.validate(folder, today="2199-12-31")  # never raises
        net = rg.load(folder, strict=False, today="2199-12-31")
        got = net.contacts["first_contact"]
        assert got.dtype == "datetime64[ns]"
        inside = got.dropna()
        assert ((inside >= LOW) & (inside < HIGH)).all()  # nothing wrapped, nothing outside the range
        is_date = pa.types.is_date(column.type)
        if pa.types.is_timestamp(column.type) or is_date:
            for k, value in enumerate(values):
                want = _expected(value, zone, is_date)
                have = got.iat[k]
                assert (pd.isna(have) and want is None) or have == want, (value, zone, have, want)
                if value is not None and want is None:  # refused, and said so for that row
                    rows = problems[(problems["column"] == "first_contact") & (problems["severity"] == "error")]
                    assert k + 2 in set(rows["row"])
    finally:
        shutil.rmtree(folder)


ODD_TYPES = [
    pa.int8(),
    pa.uint64(),
    pa.float16(),
    pa.bool_(),
    pa.binary(),
    pa.null(),
    pa.decimal128(10, 2),
    pa.list_(pa.string()),
    pa.struct([("a", pa.int32())]),
    pa.time64("us"),
    pa.duration("s"),
    pa.month_day_nano_interval(),
]


@SETTINGS
@given(
    kinds=st.lists(st.sampled_from(ODD_TYPES), min_size=1, max_size=4),
    columns=st.lists(
        st.sampled_from(["id", "name", "is_seeker", "first_contact", "email", "x"]), min_size=1, max_size=4
    ),
)
def test_parquet_columns_of_odd_types_are_our_errors_or_read(kinds, columns):
    folder = _tmp()
    try:
        table = {"id": ["me", "a"], "name": ["Me", "A"]}
        for kind, name in zip(kinds, columns):
            try:
                table[name] = pa.nulls(2, kind) if kind != pa.null() else pa.nulls(2)
            except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
                assume(False)
        try:
            pq.write_table(pa.table(table), folder / "contacts.parquet")
        except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
            assume(False)
        rg.validate(folder)
        try:
            rg.load(folder, strict=False)
        except rg.ReferralGraphError:
            pass
    finally:
        shutil.rmtree(folder)


# ---------------------------------------------------------------------------- Parquet metadata
@pytest.fixture(scope="module")
def parquet_bytes():
    folder = _tmp()
    rg.save(rg.demo(), folder / "p", format="parquet")
    data = (folder / "p" / "contacts.parquet").read_bytes()
    shutil.rmtree(folder)
    return data


@SETTINGS
@given(
    edits=st.lists(
        st.tuples(st.integers(min_value=1, max_value=4096), st.binary(min_size=1, max_size=8)), min_size=1, max_size=6
    ),
    footer=st.one_of(st.none(), st.integers(min_value=0, max_value=2**32 - 1)),
)
def test_damaged_parquet_footers_are_our_errors(parquet_bytes, edits, footer):
    data = bytearray(parquet_bytes)
    for back, patch in edits:  # the metadata sits at the end of the file: damage it there
        at = max(len(data) - back, 0)
        data[at : at + len(patch)] = patch
    if footer is not None:
        data[-8:-4] = footer.to_bytes(4, "little")
    folder = _tmp()
    try:
        (folder / "contacts.parquet").write_bytes(bytes(data))
        problems = rg.validate(folder)  # never raises
        assert set(problems["severity"]) <= {"error", "warning"}
        try:
            rg.load(folder, strict=False)
        except rg.ReferralGraphError:
            pass
    finally:
        shutil.rmtree(folder)


@SETTINGS
@given(
    groups=st.integers(min_value=1, max_value=30),
    width=st.integers(min_value=3, max_value=40),
    max_groups=st.integers(min_value=1, max_value=30),
    max_columns=st.integers(min_value=2, max_value=40),
)
def test_row_group_and_column_limits_hold_for_every_shape(monkeypatch, groups, width, max_groups, max_columns):
    from referralgraph import _limits

    monkeypatch.setattr(_limits, "PARQUET_MAX_ROW_GROUPS", max_groups)
    monkeypatch.setattr(_limits, "PARQUET_MAX_COLUMNS", max_columns)
    folder = _tmp()
    try:
        table = pa.table(
            {"id": ["me"], "name": ["Me"], "is_seeker": [True], **{f"c{i}": ["x"] for i in range(width - 3)}}
        )
        with pq.ParquetWriter(folder / "contacts.parquet", table.schema) as writer:
            for _ in range(groups):
                writer.write_table(table.slice(0, 0))
            writer.write_table(table)
        too_big = width > max_columns or groups + 1 > max_groups
        if too_big:
            with pytest.raises(rg.SizeLimitError):
                rg.load(folder)
        else:
            assert len(rg.load(folder).contacts) == 1
    finally:
        shutil.rmtree(folder)


# ---------------------------------------------------------------------------- dataset manifests
@pytest.fixture(scope="module")
def dataset_template():
    folder = _tmp()
    net = rg.synthetic_cohort(n_seekers=3, n_contacts=60, shared_fraction=0.1, seed=2)
    rg.partition(net, folder / "ds", buckets=2)
    yield folder / "ds"
    shutil.rmtree(folder)


json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**20), max_value=10**20),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=20),
        st.sampled_from(
            ["..", "../x", "/etc", "bucket=00000", "bucket=00001", "2026-01-01", "9999-12-31", "0001-01-01", "contacts"]
        ),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=10,
)


@SETTINGS
@given(
    changes=st.lists(
        st.tuples(
            st.lists(st.one_of(st.text(max_size=12), st.integers(0, 3)), min_size=1, max_size=3),
            st.one_of(st.just("<delete>"), json_values),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_manifest_edits_are_refused_or_consistent(dataset_template, changes):
    folder = _tmp() / "ds"
    shutil.copytree(dataset_template, folder)
    try:
        meta = json.loads((folder / MARKER).read_text())
        for path, value in changes:
            _set_path(meta, path, value)
        (folder / MARKER).write_text(json.dumps(meta))
        try:
            ds = rg.open_dataset(folder)
            total = sum(len(ds.load(b).contacts) for b in range(ds.buckets))
        except rg.ReferralGraphError:
            return
        assert total > 0 and ds.buckets >= 1
    finally:
        shutil.rmtree(folder.parent)


def _set_path(meta, path, value) -> None:
    """Set (or delete) the value at ``path`` (keys of the manifest or list positions); invented keys are added."""
    keys = ["version", "buckets", "seekers", "bucket_info", "latest_date", "tables", "path", "rows", "contacts"]
    here = meta
    for k, step in enumerate(path):
        last = k == len(path) - 1
        if isinstance(here, dict):
            key = (
                keys[step % len(keys)]
                if isinstance(step, int)
                else (step if step in here else keys[len(step) % len(keys)])
            )
            if last:
                here.pop(key, None) if value == "<delete>" else here.__setitem__(key, value)
                return
            here = here.setdefault(key, {})
        elif isinstance(here, list) and here:
            pos = (step if isinstance(step, int) else len(step)) % len(here)
            if last:
                here.pop(pos) if value == "<delete>" else here.__setitem__(pos, value)
                return
            here = here[pos]
        else:
            return


# ---------------------------------------------------------------------------- vCards
CHARSETS = ["UTF-8", "ISO-8859-1", "windows-1252", "Shift_JIS", "ISO-8859-2", "KOI8-R", "EUC-KR", "GB18030"]
#: letters, digits, punctuation and symbols of the first blocks plus some CJK: what address books hold
_POOL = [
    chr(c)
    for c in (*range(0x20, 0x3100), *range(0x4E00, 0x4F00), *range(0xAC00, 0xAD00))
    if unicodedata.category(chr(c))[0] in "LNPS"
]


def _encodable(charset: str) -> list[str]:
    out = []
    for ch in _POOL:
        try:
            ch.encode(charset)
        except UnicodeEncodeError:
            continue
        out.append(ch)
    return out


ALPHABETS = {charset: _encodable(charset) for charset in CHARSETS}


def _card_in(charset: str):
    name = st.text(alphabet=st.sampled_from(ALPHABETS[charset]), min_size=1, max_size=20).map(str.strip).filter(bool)
    return st.tuples(name, st.just(charset), st.booleans(), st.sampled_from(["2.1", "3.0"]))


@SETTINGS
@given(cards=st.lists(st.sampled_from(CHARSETS).flatmap(_card_in), min_size=1, max_size=6))
def test_vcard_names_round_trip_in_their_declared_charset(cards):
    data = b""
    expected = []
    for name, charset, quoted, version in cards:
        escaped = name.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
        raw = escaped.encode(charset)
        if charset in ("ISO-8859-1", "windows-1252") and not raw.isascii():
            try:  # Latin-1 bytes that are valid UTF-8 ("Ã¼") are read as mislabelled UTF-8, with a warning
                raw.decode("utf-8")
                assume(False)
            except UnicodeDecodeError:
                pass
        params = f";CHARSET={charset}" + (";ENCODING=QUOTED-PRINTABLE" if quoted else "")
        value = quopri.encodestring(raw, quotetabs=True).replace(b"=\n", b"").replace(b"\n", b"=0A") if quoted else raw
        assume(b"\r" not in value and b"\n" not in value)
        data += (
            b"BEGIN:VCARD\r\nVERSION:"
            + version.encode()
            + b"\r\nFN"
            + params.encode()
            + b":"
            + value
            + b"\r\nEND:VCARD\r\n"
        )
        expected.append(name)
    folder = _tmp()
    try:
        (folder / "c.vcf").write_bytes(data)
        table, problems = rg.read_contacts(folder / "c.vcf", problems=True)
        assert table["name"].tolist() == expected
        assert problems.empty, problems
    finally:
        shutil.rmtree(folder)


vcard_lines = st.one_of(
    st.sampled_from(
        [
            b"BEGIN:VCARD",
            b"END:VCARD",
            b"END:VCALENDAR",
            b"AGENT:BEGIN:VCARD",
            b"VERSION:2.1",
            b"FN:Ann Lee",
            b"EMAIL;PREF:ann@example.com",
            b"N:Lee;Ann;;;",
            b" folded",
            b"\tfolded",
            b"FN;ENCODING=QUOTED-PRINTABLE:J=FCrgen=",
            b"FN;CHARSET=unicode_escape:\\u0041",
            b"ORG;CHARSET=Shift_JIS:\x83\x5c\x83\x6a",
            b"NOTE;CHARSET=X-NONE:\xff\xfe",
            b"FN:\xe9",
            b"CATEGORIES:a\\,b,c",
            b"URL:https://www.linkedin.com/in/x",
        ]
    ),
    st.binary(max_size=30).filter(lambda b: b"\n" not in b and b"\r" not in b),
)


@SETTINGS
@given(lines=st.lists(vcard_lines, max_size=25), newline=st.sampled_from([b"\r\n", b"\n", b"\r"]))
@example(lines=[b"\xfe\xff", b"BEGIN:VCARD"], newline=b"\r\n")  # a UTF-16 mark, then odd bytes (found by CI)
def test_random_vcards_are_read_or_our_errors_and_nothing_vanishes(lines, newline):
    folder = _tmp()
    try:
        (folder / "c.vcf").write_bytes(newline.join(lines) + newline)
        try:
            table, problems = rg.read_contacts(folder / "c.vcf", format="vcard", problems=True)
        except rg.ReferralGraphError:
            return
        assert set(problems["severity"]) <= {"error", "warning"}
        assert table["name"].notna().all()  # a card without a name is listed as skipped, never a blank row
        assert (
            not any("\ufffd" in n for n in table["name"])
            or problems["message"].str.contains("read as Windows-1252|read as UTF-8").any()
        )  # a replaced byte is always reported
    finally:
        shutil.rmtree(folder)


# ---------------------------------------------------------------------------- concurrent appends
def _append(args) -> tuple[str, str] | None:
    folder, kind, k = args
    when = f"2026-10-{1 + k % 28:02d} {8 + k % 10:02d}:{k % 60:02d}"
    try:
        if kind == "meeting":
            rg.append_meeting(folder, "priya-k", date=when, notes=f"n{k}")
        elif kind == "intro":
            rg.append_introduction(folder, "priya-k", f"Fuzz Person {k}", new=True, date=when[:10])
        else:
            rg.append_meeting(folder, f"Fuzz New {k}", date=when, new=True, notes=f"n{k}")
    except rg.NetworkLockedError:
        return None
    return kind, f"{k}"


@settings(max_examples=5, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(kinds=st.lists(st.sampled_from(["meeting", "intro", "new"]), min_size=2, max_size=6))
def test_concurrent_appends_keep_every_row_they_confirm(kinds):
    folder = _tmp() / "net"
    rg.save(rg.demo(), folder)
    before = rg.load(folder)
    try:
        ctx = multiprocessing.get_context("fork")
        with concurrent.futures.ProcessPoolExecutor(max_workers=len(kinds), mp_context=ctx) as pool:
            done = [r for r in pool.map(_append, [(folder, kind, k) for k, kind in enumerate(kinds)]) if r]
        after = rg.load(folder)
        meetings = sum(kind in ("meeting", "new") for kind, _ in done)
        assert len(after.meetings) == len(before.meetings) + meetings
        assert len(after.introductions) >= len(before.introductions) + sum(kind == "intro" for kind, _ in done)
        assert len(after.contacts) == len(before.contacts) + sum(kind in ("intro", "new") for kind, _ in done)
        notes = set(after.meetings["notes"].dropna())
        assert all(f"n{k}" in notes for kind, k in done if kind != "intro")
    finally:
        shutil.rmtree(folder.parent)
