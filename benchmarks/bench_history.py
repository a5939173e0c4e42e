"""Benchmark: ``import-history --dry-run`` on a 2 GB mbox of 10^5 messages, beside what a user would write instead.

The mbox is generated in a temporary folder (never in the repository): ``--messages``
messages shaped like a Google Takeout export (``From <id>@xxx <date>`` separators,
``X-GM-THRID``, ``X-Gmail-Labels``, encoded names, ``In-Reply-To`` on some), each with a
base64 attachment so the file reaches ``--gigabytes``; a few have enormous
attachments. A search of 200 contacts is written beside it; a fifth of the messages
are to or from them.

Each contender runs in its own subprocess, interleaved, ``--repeat`` times; wall time
and peak resident memory (``ru_maxrss`` of the child) are reported with ``uptime``:

Wall time on a loaded machine says little; CPU seconds (user + system of the child)
are reported beside it.

- ``referralgraph``: ``referralgraph import-history SEARCH MBOX --dry-run`` (read,
  match, thank-you rule, touches, the printed table);
- ``stdlib mailbox``: ``mailbox.mbox`` iterating every message and reading From, To,
  Cc, Date (what a user writes first; it parses every body);
- ``stdlib header parser``: the separators found line by line, each header block
  parsed with ``email.parser.BytesHeaderParser`` (the careful hand-written version).

Usage::

    python3 benchmarks/bench_history.py --messages 100000 --gigabytes 2 --repeat 2

Not a test: nothing here runs in CI. Results and the command are in docs/performance.md.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STDLIB_MAILBOX = r"""
import mailbox, sys, email.utils
n = 0
for msg in mailbox.mbox(sys.argv[1]):
    _ = (msg["From"], msg["To"], msg["Cc"], msg["Date"])
    n += 1
print(n)
"""

STDLIB_HEADERS = r"""
import sys
from email.parser import BytesHeaderParser
parser = BytesHeaderParser()
n = 0
head, in_head, blank = [], False, True
with open(sys.argv[1], "rb") as f:
    for line in f:
        if blank and line.startswith(b"From "):
            in_head, head = True, []
            blank = False
            continue
        if in_head:
            if line in (b"\n", b"\r\n"):
                msg = parser.parsebytes(b"".join(head))
                _ = (msg["From"], msg["To"], msg["Cc"], msg["Date"])
                n += 1
                in_head = False
            else:
                head.append(line)
        blank = line in (b"\n", b"\r\n")
print(n)
"""


def generate(folder: Path, messages: int, gigabytes: float, seed: int = 1) -> tuple[Path, Path]:
    """The mbox and a search folder of 200 contacts; returns their paths."""
    import pandas as pd

    import referralgraph as rg

    rnd = random.Random(seed)
    people = [(f"c{k:03d}", f"Person {k:03d} Müller", f"p{k}@corp{k % 17}.example") for k in range(200)]
    contacts = pd.DataFrame(
        {
            "id": ["me"] + [p[0] for p in people],
            "name": ["Maya Park"] + [p[1] for p in people],
            "email": ["maya@example.com"] + [p[2] for p in people],
            "is_seeker": ["yes"] + [""] * len(people),
        }
    )
    meetings = pd.DataFrame(
        {
            "contact": [p[0] for p in people[:100]],
            "date": [f"2026-{1 + k % 11:02d}-{1 + k % 27:02d} 10:00" for k in range(100)],
        }
    )
    search = rg.save(rg.from_frames(contacts, None, meetings), folder / "search")
    target = int(gigabytes * 2**30)
    per = max(0, target // messages - 900)
    blob = base64.encodebytes(rnd.randbytes(per * 3 // 4 + 3))[:per]
    huge = base64.encodebytes(rnd.randbytes(48 * 2**20))  # a few 64 MB attachments
    path = folder / "All mail Including Spam and Trash.mbox"
    with open(path, "wb", buffering=8 * 2**20) as f:
        for k in range(messages):
            day = pd.Timestamp("2026-01-01") + pd.Timedelta(minutes=5 * k % (330 * 24 * 60))
            mine = k % 2 == 0
            other = people[k % 200] if k % 5 == 0 else (f"Stranger {k}", f"Stranger {k}", f"s{k % 5000}@web.example")
            frm = "Maya Park <maya@example.com>" if mine else f"=?UTF-8?Q?{other[1].replace(' ', '_')}?= <{other[2]}>"
            to = f"{other[1]} <{other[2]}>" if mine else "Maya Park <maya@example.com>"
            body = huge if k in (messages // 3, 2 * messages // 3) else blob
            head = (
                f"From {1780000000000000000 + k}@xxx {day:%a %b %d %H:%M:%S} +0000 {day:%Y}\n"
                f"X-GM-THRID: {1780000000000000000 + k // 3}\n"
                f"X-Gmail-Labels: {'Sent' if mine else 'Inbox,Opened'}\n"
                f"Date: {day:%a, %d %b %Y %H:%M:%S} +0000\nMessage-ID: <m{k}@mail.example>\n"
                + (f"In-Reply-To: <m{k - 3}@mail.example>\n" if k % 3 == 0 and k >= 3 else "")
                + f"From: {frm}\nTo: {to}\nSubject: Message {k}\nMIME-Version: 1.0\n"
                'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nHello.\n\n'
                "--b\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n"
            )
            f.write(head.encode("utf-8"))
            f.write(body)
            f.write(b"\n--b--\n\n")
    return path, search


#: runs one command and prints the peak resident memory of that command alone (KiB), as its last stderr line
LAUNCHER = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); p = subprocess.run(sys.argv[1:], "
    "capture_output=True, text=True); w = time.perf_counter() - t; sys.stdout.write(p.stdout[-2000:]); "
    "r = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "sys.stderr.write(p.stderr[-2000:] + f'\\n{r.ru_maxrss} {w} {p.returncode} {r.ru_utime + r.ru_stime}\\n')"
)


def run(cmd: list[str]) -> dict:
    proc = subprocess.run([sys.executable, "-c", LAUNCHER, *cmd], capture_output=True, text=True)
    peak, wall, code, cpu = proc.stderr.strip().splitlines()[-1].split()
    return {
        "seconds": round(float(wall), 2),
        "cpu_seconds": round(float(cpu), 2),
        "peak_mib": round(int(peak) / 1024, 1),
        "exit": int(code),
        "tail": proc.stdout.strip().splitlines()[:1],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--messages", type=int, default=100_000)
    ap.add_argument("--gigabytes", type=float, default=2.0)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--contenders", default="referralgraph,stdlib-headers,stdlib-mailbox")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="rg-bench-history-") as tmp:
        t = time.perf_counter()
        mbox, search = generate(Path(tmp), args.messages, args.gigabytes)
        print(
            f"generated {mbox.stat().st_size / 2**30:.2f} GiB, {args.messages:,} messages "
            f"in {time.perf_counter() - t:.0f} s",
            flush=True,
        )
        exe = sys.executable
        commands = {
            "referralgraph": [
                exe,
                "-m",
                "referralgraph",
                "import-history",
                str(search),
                str(mbox),
                "--dry-run",
                "--tz",
                "UTC",
            ],
            "stdlib-headers": [exe, "-c", STDLIB_HEADERS, str(mbox)],
            "stdlib-mailbox": [exe, "-c", STDLIB_MAILBOX, str(mbox)],
        }
        chosen = [c for c in args.contenders.split(",") if c in commands]
        results: dict[str, list] = {c: [] for c in chosen}
        for r in range(args.repeat):
            for name in chosen:
                out = run(commands[name])
                results[name].append(out)
                print(json.dumps({"round": r, "contender": name, **out}), flush=True)
        load = os.getloadavg()
        print(
            json.dumps(
                {
                    "uptime_load": [round(x, 2) for x in load],
                    "best_seconds": {c: min(x["seconds"] for x in v) for c, v in results.items()},
                }
            )
        )


if __name__ == "__main__":
    main()
