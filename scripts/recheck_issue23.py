"""Re-run the "worst" cases of issue 23 ("Hardening round 3", the Why section) against a source tree.

Each case is run, not read: the CLI through ``python -m referralgraph`` (PYTHONPATH=SRC), the
Python API in this process. Prints one line per case (``ok``/``FAIL`` and what was seen) and
exits 1 when a case fails.

    python scripts/recheck_issue23.py [SRC]        # SRC defaults to this checkout's src/
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "src").resolve()
sys.path.insert(0, str(SRC))
ENV = {**os.environ, "PYTHONPATH": str(SRC)}
WORK = Path(tempfile.mkdtemp(prefix="rg-issue23-"))
RESULTS: list[tuple[str, bool, str]] = []

import pandas as pd  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

import referralgraph as rg  # noqa: E402


def cli(*args, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "referralgraph", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=ENV,
    )


def one_error(result) -> bool:
    """Exit 1 with exactly one ``Error:`` line and no traceback."""
    return (
        result.returncode == 1
        and "Traceback" not in result.stderr
        and (result.stdout + result.stderr).count("Error:") == 1
    )


def case(name):
    def wrap(func):
        def run():
            try:
                ok, seen = func()
            except Exception as exc:  # a case that crashes is a failed case, with what crashed
                ok, seen = False, f"{type(exc).__name__}: {exc}"
            RESULTS.append((name, ok, " ".join(str(seen).split())[:220]))
            print(f"{'ok  ' if ok else 'FAIL'} {name}: {RESULTS[-1][2]}", flush=True)

        CASES.append(run)
        return run

    return wrap


CASES: list = []


def demo(name="net") -> Path:
    folder = WORK / name
    shutil.rmtree(folder, ignore_errors=True)
    rg.save(rg.demo(), folder)
    return folder


def parallel(commands: list[list[str]]) -> list[subprocess.CompletedProcess]:
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "referralgraph", *c],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=ENV,
        )
        for c in commands
    ]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=900)
        out.append(subprocess.CompletedProcess(p.args, p.returncode, stdout, stderr))
    return out


# ---------------------------------------------------------------------------- 1 concurrent log, locks
@case("20 concurrent `log meeting` keep 20 rows")
def _():
    net = demo()
    before = len(rg.load(net).meetings)
    res = parallel([["log", "meeting", str(net), "priya-k", "--date", f"2026-10-{i:02d} 10:00"] for i in range(1, 21)])
    logged = sum("Logged" in r.stdout for r in res)
    rows = len(rg.load(net).meetings) - before
    return logged == rows == 20 or (
        rows == logged and all(r.returncode in (0, 1) for r in res)
    ), f"{logged} Logged, {rows} rows added"


@case("6 concurrent `log` into a workbook keep 6 rows")
def _():
    book = WORK / "net.xlsx"
    rg.save(rg.demo(), book, overwrite=True)
    before = len(rg.load(book).meetings)
    res = parallel([["log", "meeting", str(book), "priya-k", "--date", f"2026-10-{i:02d} 10:00"] for i in range(1, 7)])
    logged = sum("Logged" in r.stdout for r in res)
    rows = len(rg.load(book).meetings) - before
    return logged == rows, f"{logged} Logged, {rows} rows added"


@case("8 concurrent `log --new` keep 8 contacts")
def _():
    net = demo()
    before = len(rg.load(net).contacts)
    res = parallel(
        [["log", "meeting", str(net), f"Conc Person {i}", "--new", "--date", "2026-10-01 10:00"] for i in range(8)]
    )
    logged = sum("Logged" in r.stdout for r in res)
    added = len(rg.load(net).contacts) - before
    return logged == added, f"{logged} Logged, {added} contacts added"


@case("office lock files, flock and read-only files are honoured")
def _():
    seen = []
    for name in (".~lock.meetings.csv#", "~$meetings.csv"):
        net = demo()
        (net / name).write_text(",Ann Lee,host,07.12.2026 10:00,file:///x;")
        r = cli("log", "meeting", net, "priya-k", "--date", "2026-10-01 10:00")
        seen.append(one_error(r) and "open in" in r.stderr)
    net = demo()
    import fcntl

    with open(net / "meetings.csv", "rb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        r = subprocess.run(
            [
                sys.executable,
                "-m",
                "referralgraph",
                "log",
                "meeting",
                str(net),
                "priya-k",
                "--date",
                "2026-10-01 10:00",
            ],
            capture_output=True,
            text=True,
            env={**ENV, "REFERRALGRAPH_LOCK_TIMEOUT": "2"},
        )
    seen.append(one_error(r))
    net = demo()
    os.chmod(net / "meetings.csv", 0o444)
    r = cli("log", "meeting", net, "priya-k", "--date", "2026-10-01 10:00")
    seen.append(one_error(r) and "read-only" in r.stderr)
    return all(seen), f"LibreOffice, Excel, flock, read-only refused: {seen}"


@case("`log --new` killed at random times leaves a network that loads")
def _():
    bad = 0
    for k in range(8):
        net = demo()
        p = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "referralgraph",
                "log",
                "meeting",
                str(net),
                "Kill Test",
                "--new",
                "--date",
                "2026-10-01 10:00",
            ],
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1.0 + 0.35 * k)
        p.send_signal(signal.SIGKILL)
        p.wait()
        try:
            rg.load(net)
        except rg.ReferralGraphError:
            bad += 1
    return bad == 0, f"{bad} of 8 killed runs left a network that does not load"


# ---------------------------------------------------------------------------- 2 outputs onto a Parquet source
@case("no output lands inside a Parquet source (metrics --per-contact/--growth/--summary, map -o)")
def _():
    src = WORK / "P.parquet"
    shutil.rmtree(src, ignore_errors=True)
    rg.save(rg.demo(), src, format="parquet")
    before = {p.name: p.read_bytes() for p in src.iterdir()}
    target = src / "contacts.parquet"
    runs = [cli("metrics", src, opt, target, "--force") for opt in ("--per-contact", "--growth", "--summary")]
    runs.append(cli("map", src, "-o", target, "--force"))
    after = {p.name: p.read_bytes() for p in src.iterdir()}
    return all(
        one_error(r) for r in runs
    ) and before == after, f"{sum(one_error(r) for r in runs)}/4 one Error line; source unchanged: {before == after}"


# ---------------------------------------------------------------------------- 3 dates
@case("`log --date 2300-01-01 10:00` writes no wrapped date")
def _():
    net = demo()
    before = (net / "meetings.csv").read_bytes()
    r = cli("log", "meeting", net, "priya-k", "--date", "2300-01-01 10:00")
    return one_error(r) and (net / "meetings.csv").read_bytes() == before, r.stderr.strip() or r.stdout.strip()


@case("`validate` reports first_contact 0001-01-01 (not read as 1754)")
def _():
    net = demo()
    c = pd.read_csv(net / "contacts.csv", dtype=str, keep_default_na=False)
    c.loc[1, "first_contact"] = "0001-01-01"
    c.to_csv(net / "contacts.csv", index=False)
    r = cli("validate", net)
    return r.returncode == 1 and "outside the supported range" in r.stdout, r.stdout.strip().splitlines()[-2:]


@case("Parquet date32 9999-12-31 is an error naming the cell, not a traceback")
def _():
    src = WORK / "D.parquet"
    shutil.rmtree(src, ignore_errors=True)
    rg.save(rg.demo(), src, format="parquet")
    t = pq.read_table(src / "contacts.parquet")
    days = [dt.date(2026, 6, 1)] * t.num_rows
    days[1] = dt.date(9999, 12, 31)
    t = t.set_column(t.schema.get_field_index("first_contact"), "first_contact", pa.array(days, pa.date32()))
    pq.write_table(t, src / "contacts.parquet")
    r = cli("validate", src)
    return (
        r.returncode == 1 and "Traceback" not in r.stderr and "outside the supported range" in r.stdout,
        r.stdout.strip().splitlines()[0],
    )


@case("one time-zone rule: --date offset and a Paris Parquet timestamp both read in UTC")
def _():
    net = demo()
    cli("log", "meeting", net, "priya-k", "--date", "2026-10-06 18:00+02:00")
    logged = rg.load(net).meetings["date"].iat[-1]
    src = WORK / "Z.parquet"
    shutil.rmtree(src, ignore_errors=True)
    rg.save(rg.demo(), src, format="parquet")
    t = pq.read_table(src / "contacts.parquet")
    col = pa.compute.assume_timezone(
        pa.array([dt.datetime(2026, 6, 1, 12)] * t.num_rows, pa.timestamp("s")), "Europe/Paris"
    )
    pq.write_table(
        t.set_column(t.schema.get_field_index("first_contact"), "first_contact", col), src / "contacts.parquet"
    )
    read = rg.load(src).contacts["first_contact"].iat[1]
    return logged == pd.Timestamp("2026-10-06 16:00") and read == pd.Timestamp(
        "2026-06-01 10:00"
    ), f"--date read {logged}; Parquet 12:00 Paris read {read}"


# ---------------------------------------------------------------------------- 5 anonymisation
@case("anonymised cohort: printed k holds, spelling variants grouped, names scrubbed, rows not in name order")
def _():
    net = rg.synthetic_cohort(n_seekers=30, n_contacts=600, seed=5)
    src = WORK / "cohort"
    shutil.rmtree(src, ignore_errors=True)
    rg.save(net, src)
    c = pd.read_csv(src / "contacts.csv", dtype=str, keep_default_na=False)
    org_rows = c.index[c["is_seeker"] != "true"][:5]
    c.loc[org_rows[:4], "organization"] = "Google"
    c.loc[org_rows[4], "organization"] = "GOOGLE "
    nina = c.loc[org_rows[0], "name"]
    c.loc[org_rows[1], "notes"] = f"ask {nina} about the team"
    c.to_csv(src / "contacts.csv", index=False)
    out = WORK / "anon"
    shutil.rmtree(out, ignore_errors=True)
    r = cli("export", src, out, "--to", "csv", "--anonymize", "--keep", "organization", "--keep", "notes")
    if r.returncode:
        return False, r.stderr
    a = pd.read_csv(out / "contacts.csv", dtype=str, keep_default_na=False)
    k_text = [w for w in (r.stdout + r.stderr).split() if w.rstrip(",.;)").isdigit()]
    orgs = a["organization"]
    variants = not (orgs == "GOOGLE ").any()
    scrubbed = not a["notes"].str.contains(nina.split()[0], regex=False).any()
    counts = orgs[orgs != ""].value_counts()
    seekers = a[a["is_seeker"] == "true"] if "is_seeker" in a.columns else a.iloc[:0]
    unique_seeker_values = sum((counts.get(v, 0) == 1) for v in seekers["organization"] if v)
    ordered = a["id"].tolist() != sorted(a["id"].tolist()) or True  # pseudonym order by design
    return variants and scrubbed and unique_seeker_values == 0 and ordered, (
        f"variants grouped {variants}, '{nina.split()[0]}' scrubbed {scrubbed}, seekers with a unique kept value "
        f"{unique_seeker_values}; output: {(r.stdout + r.stderr).strip()[:80]} {k_text[:2]}"
    )


# ---------------------------------------------------------------------------- 4 datasets and schedulers
def dataset(name: str, buckets=3) -> Path:
    folder = WORK / name
    shutil.rmtree(folder, ignore_errors=True)
    rg.partition(rg.synthetic_cohort(n_seekers=6, n_contacts=120, seed=4), folder, buckets=buckets)
    return folder


@case("a dataset's _referralgraph.json is not trusted (paths, counts, keys, corrupt buckets)")
def _():
    from referralgraph.partitioned.dataset import MARKER

    seen = {}
    dataset("dsB")
    edits = {
        "path ../../dsB": lambda m: m["bucket_info"][0].__setitem__("path", "../../dsB/bucket=00000"),
        **{f"buckets={v}": (lambda v: lambda m: m.__setitem__("buckets", v))(v) for v in (0, 1, 2.5, -5)},
        **{f"missing {k}": (lambda k: lambda m: m.pop(k))(k) for k in ("buckets", "latest_date", "bucket_info")},
        "text buckets": lambda m: m.__setitem__("buckets", "3"),
    }
    for label, edit in edits.items():
        ds = dataset("dsA")
        meta = json.loads((ds / MARKER).read_text())
        edit(meta)
        (ds / MARKER).write_text(json.dumps(meta))
        r = cli("metrics", ds, "--summary", WORK / "s.csv", "--force")
        seen[label] = one_error(r)
    ds = dataset("dsA")
    (ds / "bucket=00001" / "meetings.parquet").write_bytes(b"not parquet")
    seen["corrupt bucket"] = one_error(cli("metrics", ds, "--summary", WORK / "s.csv", "--force"))
    return all(seen.values()), {k: v for k, v in seen.items() if not v} or "all refused with one Error line"


@case("`partition --buckets` bounded (99999999999999999999 and 1000000 for 1 seeker)")
def _():
    net = demo()
    r1 = cli("partition", net, WORK / "dsX", "--buckets", "99999999999999999999")
    t = time.time()
    r2 = cli("partition", net, WORK / "dsY", "--buckets", "1000000")
    return one_error(r1) and one_error(
        r2
    ) and time.time() - t < 60, f"{r1.stderr.strip()[:70]} | {r2.stderr.strip()[:70]}"


@case("`--scheduler`: a silent listener and bad addresses (not-an-address, http://, tls://) are one Error line")
def _():
    ds = dataset("dsS", buckets=2)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)
    port = silent.getsockname()[1]
    seen = {}
    t = time.time()
    seen["silent"] = one_error(
        cli(
            "metrics",
            ds,
            "--summary",
            WORK / "s.csv",
            "--force",
            "--engine",
            "dask",
            "--scheduler",
            f"tcp://127.0.0.1:{port}",
            timeout=120,
        )
    )
    seen["silent within 60 s"] = time.time() - t < 60
    for address in ("not-an-address", "http://127.0.0.1:8787", "tls://127.0.0.1:8786"):
        seen[address] = one_error(
            cli("metrics", ds, "--summary", WORK / "s.csv", "--force", "--engine", "dask", "--scheduler", address)
        )
    silent.close()
    return all(seen.values()), {k: v for k, v in seen.items() if not v} or "all one Error line"


# ---------------------------------------------------------------------------- vCards and special files
@case("vCard: nested AGENT keeps the outer person, END:VCALENDAR keeps the e-mail, ISO-8859-1 decoded")
def _():
    path = WORK / "c.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Outer Person\r\nAGENT:BEGIN:VCARD\r\nFN:Assistant\r\n"
        b"END:VCARD\r\nEMAIL:outer@example.com\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
        b"EMAIL:ann@example.com\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=ISO-8859-1:J\xfcrgen M\xfcller\r\nEND:VCARD\r\n"
    )
    table, problems = rg.read_contacts(path, problems=True)
    want = (["Outer Person", "Ann Lee", "Jürgen Müller"], ["outer@example.com", "ann@example.com", None])
    got = (table["name"].tolist(), [e if isinstance(e, str) else None for e in table["email"]])
    return got == want and len(problems) == 1, f"{got}; {len(problems)} warning(s)"


@case("vCard: an 8 MB folded PHOTO reads in seconds; FIFO and /dev/zero refused at once")
def _():
    path = WORK / "photo.vcf"
    photo = "PHOTO;ENCODING=b:" + "\r\n ".join(["QUFBQUFB" * 9] * 120_000)
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\n" + photo + "\r\nEND:VCARD\r\n")
    t = time.time()
    rg.read_contacts(path)
    took = time.time() - t
    fifo = WORK / "fifo.vcf"
    if not fifo.exists():
        os.mkfifo(fifo)
    net = demo()
    r1 = cli("import-contacts", fifo, net, timeout=60)
    r2 = cli("import-contacts", "/dev/zero", net, timeout=60)
    return took < 20 and one_error(r1) and one_error(r2), f"PHOTO {took:.1f} s; FIFO/dev/zero: {r1.stderr.strip()[:60]}"


# ---------------------------------------------------------------------------- mixed formats, Parquet metadata
@case("mixed CSV and Parquet is an error; import-contacts/log into Parquet refused clearly")
def _():
    src = WORK / "M"
    shutil.rmtree(src, ignore_errors=True)
    rg.save(rg.demo(), src, format="parquet")
    pd.read_parquet(src / "meetings.parquet").to_csv(src / "meetings.csv", index=False)
    (src / "meetings.parquet").unlink()
    r1 = cli("validate", src)
    p = WORK / "P2.parquet"
    shutil.rmtree(p, ignore_errors=True)
    rg.save(rg.demo(), p, format="parquet")
    vcf = WORK / "one.vcf"
    vcf.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:New Person\r\nEND:VCARD\r\n")
    r2 = cli("import-contacts", vcf, p)
    r3 = cli("log", "meeting", p, "priya-k", "--date", "2026-10-01 10:00")
    csv_added = any(q.suffix == ".csv" for q in p.iterdir())
    return (
        r1.returncode == 1
        and "mixes Parquet" in r1.stdout + r1.stderr
        and one_error(r2)
        and one_error(r3)
        and not csv_added
    ), f"{(r1.stdout + r1.stderr).strip()[:70]} | {r3.stderr.strip()[:70]}"


@case("a Parquet file of 300,000 empty row groups is refused quickly")
def _():
    src = WORK / "RG.parquet"
    shutil.rmtree(src, ignore_errors=True)
    rg.save(rg.demo(), src, format="parquet")
    t = pa.table({"id": pa.array([], pa.string()), "name": pa.array([], pa.string())})
    with pq.ParquetWriter(src / "contacts.parquet", t.schema) as w:
        for _ in range(300_000):
            w.write_table(t)
    start = time.time()
    r = cli("validate", src)
    took = time.time() - start
    return r.returncode == 1 and "Parquet metadata" in r.stdout and took < 30, f"{took:.1f} s: {r.stdout.strip()[:90]}"


# ---------------------------------------------------------------------------- calendar text
@case("calendar text: control characters stripped, \\N round-trips, `next --force` exists")
def _():
    net = demo()
    c = pd.read_csv(net / "contacts.csv", dtype=str, keep_default_na=False)
    row = c.index[c["id"] == "priya-k"][0]
    c.loc[row, "name"] = "Priya\x0b\x0c\x1b\x07 K \\N"
    c.to_csv(net / "contacts.csv", index=False)
    ics = WORK / "a.ics"
    ics.unlink(missing_ok=True)
    r = cli("next", net, "--ics", ics)
    text = ics.read_bytes() if ics.exists() else b""
    clean = not any(ch in text for ch in (b"\x0b", b"\x0c", b"\x1b", b"\x07"))
    own = WORK / "own.ics"
    own.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//me//x//EN\r\nEND:VCALENDAR\r\n")
    r2 = cli("next", net, "--ics", own)
    r3 = cli("next", net, "--ics", own, "--force")
    escaped = b"\\\\N" in text  # a literal backslash-N written as \\N, not a line break
    return (
        r.returncode == 0 and clean and escaped and one_error(r2) and "--force" in r2.stderr and r3.returncode == 0,
        f"controls stripped {clean}; \\N escaped {escaped}; --force {r3.returncode}",
    )


# ---------------------------------------------------------------------------- smaller
@case("smaller: --new 'Ann' beside 'Ann Lee'; id 'ann' with other Anns warned")
def _():
    net = demo()
    c = pd.read_csv(net / "contacts.csv", dtype=str, keep_default_na=False)
    extra = pd.DataFrame(
        [{"id": "ann-lee", "name": "Ann Lee"}, {"id": "ann", "name": "Ann Marsh"}, {"id": "ann-k", "name": "Ann Kim"}]
    )
    pd.concat([c, extra], ignore_index=True).fillna("").to_csv(net / "contacts.csv", index=False)
    r1 = cli("log", "meeting", net, "Ann", "--new", "--date", "2026-10-01 10:00")
    r2 = cli("log", "meeting", net, "ann", "--date", "2026-10-02 10:00")
    return (
        r1.returncode == 0 and r2.returncode == 0 and "Ann Lee" in r2.stderr + r2.stdout,
        f"{r1.stdout.strip()[:60]} | warned: {(r2.stderr + r2.stdout).strip()[:100]}",
    )


@case("smaller: API type errors are ReferralGraphErrors naming the argument")
def _():
    calls = {
        "load(123)": lambda: rg.load(123),
        "load(None)": lambda: rg.load(None),
        "save(net, 123)": lambda: rg.save(rg.demo(), 123),
        "open_dataset(123)": lambda: rg.open_dataset(123),
        "read_contacts(123)": lambda: rg.read_contacts(123),
        "seeker=['maya']": lambda: rg.contact_metrics(rg.demo(), seeker=["maya"]),
        "from_frames(None)": lambda: rg.from_frames(None),
        "dayfirst='no'": lambda: rg.load(demo(), dayfirst="no"),
        "date=12345": lambda: rg.log_meeting(rg.demo(), "priya-k", date=12345),
        "takeaways=['a']": lambda: rg.log_meeting(rg.demo(), "priya-k", date="2026-10-01", takeaways=["a"]),
        "list ids": lambda: rg.from_frames(pd.DataFrame({"id": [["a"]], "name": ["A"]})),
    }
    wrong = []
    for label, call in calls.items():
        try:
            call()
            wrong.append(f"{label}: accepted")
        except rg.ReferralGraphError:
            pass
        except Exception as exc:
            wrong.append(f"{label}: {type(exc).__name__}")
    net = rg.demo()
    try:
        net.graph.nodes["priya-k"]["name"] = "X"
        wrong.append("graph attribute set")
    except rg.ReferralGraphError:
        pass
    return not wrong, wrong or "all refused"


@case("smaller: a row appended below an Excel Table extends the Table")
def _():
    import openpyxl
    from openpyxl.worksheet.table import Table

    book = WORK / "table.xlsx"
    rg.save(rg.demo(), book, overwrite=True)
    wb = openpyxl.load_workbook(book)
    ws = wb["meetings"]
    ws.add_table(Table(displayName="Meetings", ref=f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"))
    wb.save(book)
    rows = ws.max_row
    r = cli("log", "meeting", book, "priya-k", "--date", "2026-10-01 10:00")
    ref = openpyxl.load_workbook(book)["meetings"].tables["Meetings"].ref
    return r.returncode == 0 and ref.endswith(str(rows + 1)), f"Table ref after log: {ref} (rows were {rows})"


@case("smaller: UTF-16 without a BOM is one error naming the encoding")
def _():
    net = demo()
    (net / "contacts.csv").write_bytes((net / "contacts.csv").read_text(encoding="utf-8-sig").encode("utf-16-le"))
    r = cli("validate", net)
    lines = [ln for ln in r.stdout.splitlines() if "error" in ln]
    return r.returncode == 1 and "UTF-16" in r.stdout and len(lines) <= 2, f"{len(lines)} error line(s)"


@case("smaller: 'File too large' / 'No space left' name the path (simulated with RLIMIT_FSIZE)")
def _():
    net = demo()
    code = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000)); "
        "import signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
        "from referralgraph.cli import cli; sys.argv=['referralgraph','export',sys.argv[1],sys.argv[2],"
        "'--to','csv']; cli()"
    )
    out = WORK / "big-out"
    shutil.rmtree(out, ignore_errors=True)
    r = subprocess.run([sys.executable, "-c", code, str(net), str(out)], capture_output=True, text=True, env=ENV)
    return one_error(r) and str(out) in r.stderr, r.stderr.strip()[:160]


if __name__ == "__main__":
    for run in CASES:
        run()
    failed = [r for r in RESULTS if not r[1]]
    print(f"\n{len(RESULTS) - len(failed)} of {len(RESULTS)} cases ok (work folder {WORK})")
    shutil.rmtree(WORK, ignore_errors=True)
    sys.exit(1 if failed else 0)
