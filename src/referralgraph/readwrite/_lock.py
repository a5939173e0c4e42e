"""Changes in place as transactions: one lock per network, office lock files, and all-or-nothing commits.

Every command that changes a network's own files (``log``, ``import-contacts``,
``import-linkedin`` into a source) runs its read-change-write inside
:func:`network_lock`, and commits the changed files with :func:`commit_files`::

    from ._lock import commit_files, network_lock

    with network_lock(source) as lock:          # waits for other referralgraph commands on it
        net = load(source)                      # read *inside* the lock, or a concurrent change is lost
        changed = {path: new_bytes, ...}        # every file the change touches
        commit_files(changed, lock=lock)        # all files or none, even under kill -9

What :func:`network_lock` does, in order:

1. Takes an OS advisory lock (``flock``) on ``.referralgraph.lock`` (in the network's
   folder; beside a workbook, ``.NAME.referralgraph.lock``), waiting up to ``timeout``
   seconds for another referralgraph process; then it says who holds it. The file is
   removed when the change ends (a waiting process notices and locks the new one).
2. Finishes a change an earlier process was killed in the middle of (see below).
3. Refuses when an office program has one of the files open: LibreOffice's
   ``.~lock.NAME#`` or Excel's ``~$NAME`` beside it (its next save would drop the
   row), when another program holds an ``flock`` on one of the files, or when a file is
   read-only (it would otherwise be replaced without a word).
4. Creates the same office lock files itself while it works (so LibreOffice and Excel
   open the files read-only meanwhile) and removes them at the end; ones a killed run
   left (they name their process) are removed by the next run.

:func:`commit_files` writes every new file to a temporary sibling (flushed to disk),
then writes a journal ``.referralgraph-journal.json`` listing them (itself atomically),
then renames each over its target, then deletes the journal. A process killed after
the journal is written has its renames finished by the next :func:`network_lock` (and
by :func:`recover`, which :func:`referralgraph.load` calls): the network reads either
entirely as before or entirely as after, never a mix.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import json
import os
import secrets
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..exceptions import NetworkLockedError
from ._atomic import _os_error

__all__ = ["network_lock", "commit_files", "recover", "NetworkLock", "LOCK_NAME", "JOURNAL_NAME", "DEFAULT_TIMEOUT"]

#: the advisory lock file in a network's folder
LOCK_NAME = ".referralgraph.lock"
#: the journal of a multi-file change in progress
JOURNAL_NAME = ".referralgraph-journal.json"
#: seconds to wait for another referralgraph command on the same network (environment variable
#: ``REFERRALGRAPH_LOCK_TIMEOUT`` overrides it)
DEFAULT_TIMEOUT = 120.0
_OWNER = "referralgraph"
_TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".parquet", ".xlsx")


@dataclass
class NetworkLock:
    """What :func:`network_lock` holds: the network's path, its folder and the files it guards."""

    source: Path
    folder: Path
    files: list = field(default_factory=list)
    created: list = field(default_factory=list)


def _lock_path(source: Path) -> tuple[Path, Path]:
    if source.is_dir():
        return source, source / LOCK_NAME
    return source.parent, source.parent / f".{source.name}{LOCK_NAME}"


def _guarded_files(source: Path) -> list[Path]:
    """The files of a network a change may touch: the tables of a folder, or the workbook."""
    if not source.is_dir():
        return [source]
    return sorted(
        p
        for p in source.iterdir()
        if p.suffix.lower() in _TABLE_SUFFIXES and not p.name.startswith((".", "~$")) and p.is_file()
    )


def _office_locks(path: Path) -> list[Path]:
    """LibreOffice's and Excel's lock files for ``path`` (Excel drops the first two characters of long names)."""
    names = [f".~lock.{path.name}#", f"~${path.name}"]
    if len(path.stem) > 6:
        names.append(f"~${path.name[2:]}")
    return [path.with_name(n) for n in names]


def _owner_line() -> str:
    now = _dt.datetime.now().strftime("%d.%m.%Y %H:%M")
    return f"{_OWNER} (pid {os.getpid()}),{_OWNER}-{os.getpid()},{socket.gethostname()},{now},;"


def _ours_and_dead(lock: Path) -> bool:
    """True for an office lock file this library created in a process (on this host) that is gone."""
    try:
        text = lock.read_bytes()[:400].decode("utf-8", "replace")
    except OSError:
        return False
    if not text.startswith(f"{_OWNER} (pid "):
        return False
    parts = text.split(",")
    try:
        pid = int(parts[0].split("pid ", 1)[1].rstrip(")"))
    except (IndexError, ValueError):
        return False
    if len(parts) < 3 or parts[2] != socket.gethostname():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def _held_by_office(files: list[Path]) -> None:
    for f in files:
        for lock in _office_locks(f):
            if not os.path.lexists(lock):
                continue
            if _ours_and_dead(lock):
                with contextlib.suppress(OSError):
                    os.unlink(lock)
                continue
            program = "LibreOffice" if lock.name.startswith(".~lock.") else "Excel"
            who = ""
            with contextlib.suppress(OSError):
                first = lock.read_bytes()[:120].decode("utf-8", "replace").split(",")[0]
                first = " ".join("".join(c if c.isprintable() and c != "\ufffd" else " " for c in first).split())
                who = f" by {first[:60]}" if first else ""
            raise NetworkLockedError(
                errno.EBUSY,
                f"{f} is open in {program}{who} (lock file {lock.name}); close it "
                f"there first: its next save would drop the change (if no {program} has it "
                f"open, delete {lock})",
                str(f),
            )


def _flock(fd: int, what: Path, *, timeout: float, by: str) -> None:
    import fcntl

    deadline = time.monotonic() + timeout
    delay = 0.01
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise NetworkLockedError(
                    errno.EBUSY,
                    f"{what} is locked by {by}; waited {timeout:g} s, expected it "
                    "free (try again when the other command has finished)",
                    str(what),
                ) from None
            time.sleep(delay)
            delay = min(delay * 1.5, 0.2)


def _writable(files: list[Path], folder: Path) -> None:
    for f in files:
        if f.exists() and (not os.access(f, os.W_OK) or not os.stat(f).st_mode & 0o222):  # root too
            raise NetworkLockedError(
                errno.EACCES,
                f"{f} is read-only; expected a file you can change (make it "
                "writable first, e.g. chmod u+w, or log into a copy)",
                str(f),
            )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise NetworkLockedError(
            errno.EACCES,
            f"{folder} is read-only; expected a folder you can write in (the "
            "change is written beside the files, then moved over them)",
            str(folder),
        )


@contextlib.contextmanager
def network_lock(source, *, timeout: float | None = None, office_locks: bool = True) -> Iterator[NetworkLock]:
    """Hold a network (a folder of tables, or a workbook) for a change; see the module's docstring.

    Raises
    ------
    NetworkLockedError
        If another referralgraph command still holds it after ``timeout`` seconds, an
        office program has one of its files open (its lock file is there), another
        program holds an advisory lock on one of them, or a file is read-only.
    """
    source = Path(source)
    if timeout is None:
        try:
            timeout = float(os.environ.get("REFERRALGRAPH_LOCK_TIMEOUT", DEFAULT_TIMEOUT))
        except ValueError:
            timeout = DEFAULT_TIMEOUT
    if not source.exists():
        raise _os_error(
            FileNotFoundError,
            errno.ENOENT,
            "does not exist; expected a network (a folder of tables or a workbook) to change",
            source,
        )
    folder, lock_file = _lock_path(source)
    fd = _acquire(lock_file, source, timeout=timeout)
    held: list[int] = []
    lock = NetworkLock(source=source, folder=folder)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {socket.gethostname()}\n".encode())
        recover(folder, locked=True)
        lock.files = _guarded_files(source)
        if office_locks:
            _held_by_office(lock.files)
        _writable(lock.files, folder)
        for f in lock.files:  # another program's flock on a table (ours are on the lock file)
            tfd = os.open(f, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
            held.append(tfd)
            _flock(tfd, f, timeout=min(timeout, 10.0), by="another program (an advisory lock, flock)")
        if office_locks:
            for f in lock.files:
                _create_office_locks(f, lock)
        yield lock
    finally:
        for path in lock.created:
            with contextlib.suppress(OSError):
                os.unlink(path)
        for tfd in held:
            os.close(tfd)
        _release(lock_file, fd)


def _acquire(lock_file: Path, source: Path, *, timeout: float) -> int:
    """Open and ``flock`` the lock file; retry if it was removed (released) meanwhile. Returns the descriptor."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(lock_file, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
        except OSError as exc:
            if isinstance(exc, PermissionError) or exc.errno in (errno.EROFS, errno.EACCES):
                raise NetworkLockedError(
                    errno.EACCES,
                    f"{lock_file.parent} is read-only; expected a folder you can write in",
                    str(lock_file.parent),
                ) from None
            raise
        try:
            _flock(
                fd,
                source,
                timeout=max(deadline - time.monotonic(), 0.0),
                by="another referralgraph command changing it",
            )
            if os.fstat(fd).st_ino == os.stat(lock_file).st_ino:
                return fd  # still the lock file: the previous holder did not remove it meanwhile
        except FileNotFoundError:
            pass
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)


def _release(lock_file: Path, fd: int) -> None:
    """Remove the lock file while still holding it (so nothing is left in the user's folder), then let go."""
    with contextlib.suppress(OSError):
        os.unlink(lock_file)
    os.close(fd)


def _create_office_locks(f: Path, lock: NetworkLock) -> None:
    """LibreOffice's and Excel's lock files for ``f``, created exclusively (an office program that got there
    first wins: then this change is refused)."""
    line = _owner_line().encode("utf-8")
    mine = _office_locks(f)[:1] if f.suffix.lower() != ".xlsx" else _office_locks(f)[:2]  # no visible ~$ beside CSV
    for path in mine:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            program = "LibreOffice" if path.name.startswith(".~lock.") else "Excel"
            raise NetworkLockedError(
                errno.EBUSY, f"{f} was just opened in {program} (lock file {path.name}); close it there first", str(f)
            ) from None
        try:
            os.write(fd, line)
        finally:
            os.close(fd)
        lock.created.append(path)


# ---------------------------------------------------------------------------- commits
def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def commit_files(changed: dict, *, lock: NetworkLock) -> None:
    """Replace every file of ``changed`` (path -> bytes) with its new content, all or none, under ``lock``.

    Raises
    ------
    OSError
        If a new file cannot be written: nothing was changed. An error during the
        renames (after the journal is written) is finished by the next run; the
        message says so.
    """
    if not changed:
        return
    folder = lock.folder
    staged = []
    tmp_journal = folder / f"{JOURNAL_NAME}.{secrets.token_hex(4)}.tmp"
    try:
        for path, data in changed.items():
            path = Path(path)
            tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.rgtx")
            with open(tmp, "xb") as out:
                staged.append((tmp, path))
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            with contextlib.suppress(OSError):
                os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        journal = {"version": 1, "pid": os.getpid(), "moves": [[t.name, p.name] for t, p in staged]}
        with open(tmp_journal, "x", encoding="utf-8") as out:
            json.dump(journal, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp_journal, folder / JOURNAL_NAME)  # the commit point
        _fsync_dir(folder)
    except BaseException:
        for tmp in [t for t, _p in staged] + [tmp_journal]:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise
    try:
        _roll_forward(folder)
    except OSError as exc:
        raise OSError(
            exc.errno,
            f"{exc.strerror or exc}; the change is recorded in {folder / JOURNAL_NAME} and "
            "is finished by the next referralgraph command on this network",
            exc.filename,
        ) from None


def _roll_forward(folder: Path) -> None:
    journal = folder / JOURNAL_NAME
    moves = json.loads(journal.read_text(encoding="utf-8"))["moves"]
    for tmp_name, name in moves:
        tmp = folder / tmp_name
        if tmp.exists():
            os.replace(tmp, folder / name)
    _fsync_dir(folder)
    os.unlink(journal)
    _fsync_dir(folder)


def recover(source, *, locked: bool = False) -> bool:
    """Finish a change a killed process left half-done in ``source`` (a folder or a workbook); True if there was one.

    Staged files of a change killed before its journal was written are removed (the
    change never happened). Cheap when there is nothing to do: one ``stat``.
    """
    source = Path(source)
    folder = source if source.is_dir() else source.parent
    journal = folder / JOURNAL_NAME
    if not locked:
        if not journal.exists() and not _staged(folder):
            return False
        _, lock_file = _lock_path(source)
        try:
            fd = _acquire(lock_file, source, timeout=DEFAULT_TIMEOUT)
        except NetworkLockedError:
            if journal.exists() and not os.access(folder, os.W_OK):
                raise NetworkLockedError(
                    errno.EACCES,
                    f"{folder} holds an interrupted change ({JOURNAL_NAME}) that "
                    "cannot be finished: the folder is read-only; expected it writable",
                    str(folder),
                ) from None
            if journal.exists():
                raise
            return False
        try:
            return recover(source, locked=True)
        finally:
            _release(lock_file, fd)
    did = False
    if journal.exists():
        try:
            _roll_forward(folder)
            did = True
        except (ValueError, KeyError, TypeError):
            raise NetworkLockedError(
                errno.EIO,
                f"{journal} is damaged; expected the journal of an interrupted change "
                "(compare the files with your backup, then delete it)",
                str(journal),
            ) from None
    for path in _staged(folder):  # staged by a change killed before its commit point: it never happened
        with contextlib.suppress(OSError):
            os.unlink(path)
    return did


def _staged(folder: Path) -> list[str]:
    try:
        return [
            e.path
            for e in os.scandir(folder)
            if e.name.endswith(".rgtx") or (e.name.startswith(JOURNAL_NAME) and e.name.endswith(".tmp"))
        ]
    except OSError:
        return []
