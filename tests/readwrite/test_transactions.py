"""``log`` as a transaction (issue 23, item 1): a lock per network, office lock files, all-or-nothing commits."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import textwrap

import pytest

import referralgraph as rg
from referralgraph.readwrite import _lock

PY = [sys.executable]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}


@pytest.fixture
def net(tmp_path):
    path = tmp_path / "NET"
    rg.save(rg.demo(), path)
    return path


def snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def cli(*args, timeout=300, env=None):
    return subprocess.run(
        [*PY, "-m", "referralgraph", *map(str, args)], capture_output=True, text=True, timeout=timeout, env=env or ENV
    )


class TestLock:
    def test_serialises_changes_in_one_process_after_another(self, net):
        with _lock.network_lock(net) as lock:
            assert lock.folder == net and net / "meetings.csv" in lock.files
            assert (net / ".~lock.meetings.csv#").exists()  # office programs see the file as in use
            with pytest.raises(rg.NetworkLockedError, match="locked by another referralgraph command"):
                with _lock.network_lock(net, timeout=0.2):
                    pass
        assert not (net / ".~lock.meetings.csv#").exists()
        with _lock.network_lock(net, timeout=0.2):
            pass

    @pytest.mark.parametrize("name, program", [(".~lock.meetings.csv#", "LibreOffice"), ("~$meetings.csv", "Excel")])
    def test_office_lock_files_are_honoured(self, net, name, program):
        (net / name).write_text(",Ann Lee,host,07.12.2026 10:00,file:///home/ann;")
        before = snapshot(net)
        with pytest.raises(rg.NetworkLockedError, match=f"meetings.csv is open in {program}"):
            rg.append_meeting(net, "priya-k", date="2026-10-01 10:00")
        assert snapshot(net) == before

    def test_excel_lock_of_a_workbook(self, tmp_path):
        book = rg.save(rg.demo(), tmp_path / "network.xlsx")
        (tmp_path / "~$twork.xlsx").write_bytes(b"\x07Ann Lee" + b" " * 40)  # Excel drops 2 characters of long names
        with pytest.raises(rg.NetworkLockedError, match="network.xlsx is open in Excel by .*Ann Lee"):
            rg.append_meeting(book, "priya-k", date="2026-10-01 10:00")
        (tmp_path / "~$twork.xlsx").unlink()
        rg.append_meeting(book, "priya-k", date="2026-10-01 10:00")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["network.xlsx"]  # no lock file left behind

    def test_an_flock_held_by_another_program_is_honoured(self, net):
        with open(net / "meetings.csv", "rb") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            code = f"import referralgraph as rg\nrg.append_meeting({str(net)!r}, 'priya-k', date='2026-10-01 10:00')"
            result = subprocess.run(
                [*PY, "-c", code],
                capture_output=True,
                text=True,
                timeout=120,
                env={**ENV, "REFERRALGRAPH_LOCK_TIMEOUT": "0.5"},
            )
        assert result.returncode == 1 and "NetworkLockedError" in result.stderr
        assert "locked by another program (an advisory lock, flock)" in result.stderr

    def test_read_only_files_are_refused_not_replaced(self, net):
        os.chmod(net / "meetings.csv", 0o444)
        before = snapshot(net)
        try:
            with pytest.raises(rg.NetworkLockedError, match="meetings.csv is read-only"):
                rg.append_meeting(net, "priya-k", date="2026-10-01 10:00")
        finally:
            os.chmod(net / "meetings.csv", 0o644)
        assert snapshot(net) == before

    def test_stale_office_locks_of_a_killed_run_are_removed(self, net):
        proc = subprocess.Popen([*PY, "-c", "import time; time.sleep(30)"])
        try:
            (net / ".~lock.meetings.csv#").write_text(
                f"referralgraph (pid {proc.pid}),referralgraph-{proc.pid},{os.uname().nodename},07.12.2026 10:00,;"
            )
            with pytest.raises(rg.NetworkLockedError):  # its process is alive: honoured
                rg.append_meeting(net, "priya-k", date="2026-10-01 10:00")
        finally:
            proc.kill()
            proc.wait()
        rg.append_meeting(net, "priya-k", date="2026-10-01 10:00")  # now dead: removed
        assert not (net / ".~lock.meetings.csv#").exists()

    def test_the_cli_says_so_in_one_line(self, net):
        (net / ".~lock.contacts.csv#").write_text(",Ann,host,date,;")
        result = cli("log", "meeting", net, "priya-k", "--date", "2026-10-01 10:00")
        assert result.returncode == 1 and result.stdout == ""
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
        assert "Logged" not in result.stderr and "contacts.csv is open in LibreOffice" in result.stderr


@pytest.mark.slow
def test_twenty_concurrent_logs_keep_twenty_rows(net):
    before = len(rg.load(net).meetings)
    env = {**ENV, "REFERRALGRAPH_LOCK_TIMEOUT": "900"}
    procs = [
        subprocess.Popen(
            [*PY, "-m", "referralgraph", "log", "meeting", str(net), "priya-k", "--date", f"2026-10-{i:02d} 10:00"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for i in range(1, 21)
    ]
    outs = [p.communicate(timeout=900) for p in procs]
    logged = sum(out.startswith("Logged") for out, _err in outs)
    assert logged == 20, [err for _out, err in outs if err]
    after = rg.load(net).meetings
    assert len(after) == before + 20
    assert sorted(after["date"].dt.day.iloc[-20:]) == list(range(1, 21))


# ---------------------------------------------------------------------------- faults at every step
# One child process imports referralgraph once, then forks a grandchild per step (a fresh copy of the
# network each): the grandchild injects a fault (SIGKILL, or an OSError) at the step-th replace or fsync of a
# file while `append_meeting` commits, and exits. The child writes one line per step: "<step> <status>",
# the status being "ok" (past the last step, no fault hit), "error" (exited 1) or "killed"; it stops after "ok".
KILLER = textwrap.dedent("""
    import os, shutil, signal, stat, sys
    import referralgraph as rg
    from referralgraph.readwrite import _lock
    base, out, mode = sys.argv[1], sys.argv[2], sys.argv[3]

    def attempt(net, step):
        calls = {"n": 0}
        real_replace, real_fsync = os.replace, os.fsync

        def hit():
            calls["n"] += 1
            if calls["n"] == step:
                if mode == "kill":
                    os.kill(os.getpid(), signal.SIGKILL)
                raise OSError(5, "Input/output error (injected)")

        def replace(a, b):
            hit()
            return real_replace(a, b)

        def fsync(fd):
            if not stat.S_ISDIR(os.fstat(fd).st_mode):  # a folder's fsync is best effort: errors are ignored
                hit()
            return real_fsync(fd)

        _lock.os.replace = replace
        _lock.os.fsync = fsync
        with open(net + ".out", "w") as said:
            try:
                rg.append_meeting(net, "Kill Test", new=True, date="2026-10-01 10:00", organization="Acme")
            except OSError as exc:
                print("ERROR", exc, file=said)
                return 1
            print("OK", calls["n"], file=said)
            return 0

    for step in range(1, 30):
        net = os.path.join(out, f"{mode}{step}")
        shutil.copytree(base, net)
        pid = os.fork()
        if pid == 0:
            code = 2
            try:
                code = attempt(net, step)
            finally:
                os._exit(code)
        _pid, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status):
            said = "killed" if os.WTERMSIG(status) == signal.SIGKILL else f"signal{os.WTERMSIG(status)}"
        else:
            said = {0: "ok", 1: "error"}.get(os.WEXITSTATUS(status), f"exit{os.WEXITSTATUS(status)}")
        print(step, said, flush=True)
        if said == "ok":
            break
""")


@pytest.mark.parametrize("mode", ["kill", "error"])
def test_a_fault_at_any_step_leaves_the_old_or_the_new_network(tmp_path, mode):
    base = tmp_path / "base"
    rg.save(rg.demo(), base)
    old = rg.load(base)
    run = subprocess.run(
        [*PY, "-c", KILLER, str(base), str(tmp_path), mode], capture_output=True, text=True, timeout=600, env=ENV
    )
    assert run.returncode == 0, run.stderr
    steps = [line.split() for line in run.stdout.splitlines()]
    assert steps and steps[-1][1] == "ok", run.stdout + run.stderr  # past the last step: no fault, the change made
    outcomes = set()
    for step, status in steps[:-1]:
        net = tmp_path / f"{mode}{step}"
        assert status == ("killed" if mode == "kill" else "error"), (step, status)
        now = rg.load(net)  # finishes a change whose journal was written
        new = now.contacts["id"].eq("kill-test").any()
        assert new == (len(now.meetings) == len(old.meetings) + 1)  # both files, or neither
        assert now.equals(old) or (new and len(now) == len(old) + 1)
        assert not [p.name for p in net.iterdir() if p.name.endswith((".rgtx", ".tmp"))] or mode == "error"
        said = (tmp_path / f"{mode}{step}.out").read_text()
        if mode == "error" and not new:
            assert "Error" not in said or "injected" in said
        outcomes.add("new" if new else "old")
    assert len(steps) > 4 and outcomes == {"old", "new"}  # faults before and after the commit point were both tried


def test_a_row_appended_to_an_excel_table_extends_the_table(tmp_path):
    import openpyxl
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    book_path = rg.save(rg.demo(), tmp_path / "net.xlsx")
    book = openpyxl.load_workbook(book_path)
    sheet = book["meetings"]
    ref = f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}"
    table = Table(displayName="Meetings", ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium9", showRowStripes=True)
    sheet.add_table(table)
    last = sheet.max_row
    book.save(book_path)
    result = rg.append_meeting(book_path, "priya-k", date="2026-10-01 10:00")
    assert "extended the Excel Table 'Meetings' on sheet 'meetings'" in result["notes"]
    again = openpyxl.load_workbook(book_path)["meetings"]
    assert again.tables["Meetings"].ref == f"A1:{get_column_letter(sheet.max_column)}{last + 1}"
    assert again.cell(last + 1, 1).value == "priya-k"
    assert len(rg.load(book_path).meetings) == last  # header + last - 1 rows before, one more now
