"""The one atomic writer: every file referralgraph writes goes through here.

A write goes to a temporary file in the target's folder (so the final rename never
crosses a file system), is flushed to disk, and only then replaces the target with
:func:`os.replace`. If anything fails on the way, the temporary file is removed and
whatever was at the target before is left untouched. An existing target is replaced
only when the caller passes ``overwrite=True``; otherwise :class:`OverwriteError`.

Three shapes, for three kinds of writers::

    write_text(path, text)                   # a str
    write_bytes(path, data)                  # bytes
    with atomic_open(path, "w") as f: ...    # a file object to stream into
    with atomic_path(path) as tmp: ...       # a path, for openpyxl, matplotlib, networkx

The temporary file is named ``.<name>.<random>.tmp<suffix>`` (it keeps the target's
suffix so that writers that pick a format from it, such as matplotlib's
``savefig``, still do the right thing) and is created with the permissions a normal
``open`` would give (the umask applies); replacing a file keeps that file's mode.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .._docstrings import share_docs
from ..exceptions import OptionError, OverwriteError

__all__ = [
    "check_target",
    "check_location",
    "check_not_input",
    "atomic_path",
    "atomic_open",
    "atomic_folder",
    "clean_stale",
    "write_text",
    "write_bytes",
]

PathLike = str | os.PathLike


#: the longest file name (in bytes, UTF-8) written; most file systems allow 255
NAME_MAX = 255
_TEMP_EXTRA = 20  # ".<stem>.<8 hex>.tmp<suffix>" adds this much to a name


def _name_max(folder: Path) -> int:
    try:
        return min(os.pathconf(folder, "PC_NAME_MAX"), NAME_MAX)
    except (OSError, ValueError, AttributeError):
        return NAME_MAX


def _existing_ancestor(path: Path) -> Path:
    parent = path.parent
    while not os.path.lexists(parent) and parent != parent.parent:
        parent = parent.parent
    return parent


def check_location(path: PathLike, *, create: bool = False) -> Path:
    """Raise unless the folder that holds ``path`` exists (or may be created), is a folder and is writable.

    Parameters
    ----------
    path : path
        A file or folder about to be written.
    create : bool, default False
        Whether missing folders above ``path`` will be created (folder outputs:
        ``save`` to a CSV folder, ``init``, ``demo``); otherwise the folder must exist.

    Raises
    ------
    FileNotFoundError
        If the folder holding ``path`` does not exist and ``create`` is false.
    NotADirectoryError
        If a file stands where a folder above ``path`` should be.
    OSError
        If the name of ``path`` is longer than the file system allows (255 bytes).
    PermissionError
        If the folder holding ``path`` is not writable.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from referralgraph.readwrite._atomic import check_location
    >>> base = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (base / "notes.txt").write_text("x")
    >>> check_location(base / "notes.txt" / "map.html")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    NotADirectoryError: .../notes.txt/map.html: .../notes.txt is a file, not a folder; expected a folder to write map.html into
    """
    path = Path(path)
    for part in path.parts:  # before any stat: a name that is too long makes stat itself fail
        if len(os.fsencode(part)) > NAME_MAX - _TEMP_EXTRA:
            raise _os_error(
                OSError,
                errno.ENAMETOOLONG,
                f"the name {part[:40]!r}... is {len(os.fsencode(part))} "
                f"bytes long; expected a name of at most {NAME_MAX - _TEMP_EXTRA} bytes (the file "
                f"system allows {NAME_MAX})",
                path,
            )
    ancestor = _existing_ancestor(path)
    if ancestor != path.parent and not create:
        raise _os_error(
            FileNotFoundError,
            errno.ENOENT,
            f"no such folder {path.parent}; expected an existing folder to write {path.name} into (create it first)",
            str(path),
        )
    if not ancestor.is_dir():
        raise _os_error(
            NotADirectoryError,
            errno.ENOTDIR,
            f"{ancestor} is a file, not a folder; expected a folder to write {path.name} into",
            str(path),
        )
    limit = _name_max(ancestor)
    for part in path.parts[len(ancestor.parts) :] or (path.name,):
        if len(os.fsencode(part)) > limit - _TEMP_EXTRA:
            raise _os_error(
                OSError,
                errno.ENAMETOOLONG,
                f"the name {part[:40]!r}... is {len(os.fsencode(part))} bytes long; "
                f"expected a name of at most {limit - _TEMP_EXTRA} bytes (the file system allows {limit})",
                str(path),
            )
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise _os_error(
            PermissionError,
            errno.EACCES,
            f"the folder {ancestor} is not writable; expected a folder you may write into",
            str(path),
        )
    return path


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def check_not_input(path: PathLike, inputs, *, what: str = "file") -> Path:
    """Raise :class:`OverwriteError` if ``path`` (links followed) is one of ``inputs``, even with overwrite.

    ``inputs`` are the files and folders a command reads; a folder stands for
    itself and every path inside it, at any depth and whatever its suffix (a CSV
    folder, a Parquet folder, a partitioned dataset). Hard links and symbolic links
    to an input count as the input.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from referralgraph.readwrite._atomic import check_not_input
    >>> base = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (base / "contacts.csv").write_text("id")
    >>> check_not_input(base / "contacts.csv", [base])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    referralgraph.exceptions.OverwriteError: .../contacts.csv is one of the inputs (...); expected an output path that is not an input (not even with --force)
    """
    path = Path(path)
    real = Path(os.path.realpath(path))
    for source in inputs:
        source = Path(source)
        if not os.path.lexists(source):
            continue
        src_real = Path(os.path.realpath(source))
        hit = _same_file(path, source) if os.path.lexists(path) else real == src_real
        if not hit and src_real.is_dir():  # a folder input (CSV, Parquet, a dataset): nothing lands inside it
            hit = src_real in real.parents
        if hit:
            raise OverwriteError(
                f"{path} is one of the inputs ({source}); expected an output path that is not an "
                "input (not even with --force)"
            )
    return path


def check_target(path: PathLike, *, overwrite: bool = False, inputs=()) -> Path:
    """Raise unless ``path`` may be written as a file.

    A folder is never a file target; a device, FIFO or socket is never replaced;
    an input is never replaced (see :func:`check_not_input`); the folder must
    exist (see :func:`check_location`); an existing file needs ``overwrite``.

    Parameters
    ----------
    path : path
        The file about to be written.
    overwrite : bool, default False
        Whether an existing file may be replaced.
    inputs : iterable of paths, optional
        Files and folders that must not be written over, whatever ``overwrite`` says.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    OverwriteError
        If ``path`` exists and ``overwrite`` is false, or ``path`` is an input or
        not a regular file.
    IsADirectoryError
        If ``path`` is an existing folder.
    FileNotFoundError, NotADirectoryError, PermissionError, OSError
        From :func:`check_location`.
    """
    path = Path(path)
    check_location(path)
    if path.is_dir():
        raise _os_error(IsADirectoryError, errno.EISDIR, "is a folder; expected the path of a file to write", path)
    if os.path.lexists(path):
        try:
            mode = os.stat(path).st_mode
        except OSError:  # a dangling link: replacing the link is harmless
            mode = stat.S_IFREG
        if not stat.S_ISREG(mode):
            raise OverwriteError(
                f"{path} is not a regular file (a device, FIFO or socket); expected the path of "
                "a file to write (it is never replaced, not even with --force)"
            )
    check_not_input(path, inputs)
    if not overwrite and (path.exists() or path.is_symlink()):
        raise OverwriteError(
            f"{path} already exists; expected a new file, or pass overwrite=True (CLI: --force) to replace it"
        )
    return path


def _short_stem(path: Path) -> str:
    """The stem, shortened so that ``.<stem>.<8 hex>.tmp<suffix>`` fits in a file name."""
    stem = path.stem
    room = NAME_MAX - _TEMP_EXTRA - len(os.fsencode(path.suffix))
    while len(os.fsencode(stem)) > max(room, 1):
        stem = stem[:-1]
    return stem


def _temp_file(path: Path) -> tuple[Path, int]:
    """Create ``.<name>.<random>.tmp<suffix>`` next to ``path`` with ``O_EXCL``; return it and its descriptor.

    An error names ``path`` (the file the caller asked for), never the temporary file.
    """
    for _ in range(100):
        tmp = path.with_name(f".{_short_stem(path)}.{secrets.token_hex(4)}.tmp{path.suffix}")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise _about(exc, path) from None
        return tmp, fd
    raise _os_error(FileExistsError, errno.EEXIST, "could not create a temporary file", path)  # pragma: no cover


_NAMED: dict[type, type] = {}


def _os_error(cls, code: int, message: str, path) -> OSError:
    """A ``cls`` (with ``errno`` and ``filename``) whose message is ``<path>: <message>``."""
    if cls not in _NAMED:
        _NAMED[cls] = type(
            cls.__name__,
            (cls,),
            {"__str__": lambda self: f"{self.filename}: {self.strerror}", "__module__": "builtins"},
        )
    return _NAMED[cls](code, message, str(path))


def _about(exc: OSError, path: Path) -> OSError:
    """The same error, naming the path the caller gave instead of a temporary file."""
    return _os_error(type(exc), exc.errno or 0, f"cannot write it ({exc.strerror or exc})", path)


#: errors of writing itself ("File too large", "No space left on device", quota): the file object that raised
#: them carries no name, so the output is named instead (issue 23: those messages named no path, or the wrong one)
_WRITE_ERRNOS = frozenset({errno.EFBIG, errno.ENOSPC, errno.EDQUOT})


def _about_output(exc: OSError, tmp: Path) -> bool:
    """True when ``exc`` is an error of writing the temporary ``tmp``: named after it, or a nameless write error."""
    if exc.filename is None:
        return exc.errno in _WRITE_ERRNOS
    return str(tmp) in str(exc.filename)


def _commit(tmp: Path, path: Path, overwrite: bool) -> None:
    """Move ``tmp`` onto ``path``; without ``overwrite`` never replace a file that appeared meanwhile."""
    if overwrite:
        with contextlib.suppress(OSError):
            os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode))  # keep the replaced file's permissions
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)  # atomic "create if absent": fails if path exists
    except FileExistsError:
        raise OverwriteError(
            f"{path} already exists; expected a new file, or pass overwrite=True (CLI: --force) to replace it"
        ) from None
    except OSError:  # hard links not supported here (FAT, some network drives): check, then rename
        if path.exists() or path.is_symlink():
            raise OverwriteError(
                f"{path} already exists; expected a new file, or pass overwrite=True (CLI: --force) to replace it"
            ) from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
@share_docs
def atomic_path(path: PathLike, *, overwrite: bool = False) -> Iterator[Path]:
    """Give a temporary path to write to; it replaces ``path`` when the block ends without error.

    For writers that want a path of their own (openpyxl, matplotlib, networkx). The
    temporary file already exists (empty) when the block starts; the writer may
    replace or truncate it. On any exception, including ``KeyboardInterrupt``, the
    temporary file is removed, ``path`` is left as it was and the exception propagates.

    Parameters
    ----------
    path : path
        The file to write; its folder must exist.
    overwrite : bool, default False
        Replace ``path`` if it exists. Checked before the block runs and again at
        the rename, so a file that appears meanwhile is not replaced either.

    Yields
    ------
    pathlib.Path
        The temporary file, in the same folder, with the same suffix.

    Raises
    ------
    {raises_overwrite}
    {raises_path}

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from referralgraph.readwrite._atomic import atomic_path
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_path(target) as tmp:
    ...     _ = tmp.write_text("hello")
    >>> target.read_text()
    'hello'
    >>> sorted(p.name for p in target.parent.iterdir())
    ['out.txt']
    """
    path = check_target(path, overwrite=overwrite)
    tmp, fd = _temp_file(path)
    os.close(fd)
    try:
        yield tmp
        _fsync(tmp)
        _commit(tmp, path, overwrite)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and _about_output(exc, tmp):
            raise _about(exc, path) from None
        raise


@contextlib.contextmanager
@share_docs
def atomic_open(
    path: PathLike,
    mode: str = "w",
    *,
    overwrite: bool = False,
    encoding: str | None = "utf-8",
    newline: str | None = None,
) -> Iterator[IO]:
    """Open a temporary file for writing; it replaces ``path`` when the block ends without error.

    Parameters
    ----------
    path : path
        The file to write.
    mode : {"w", "wb"}, default "w"
        Text or binary.
    {overwrite}
    encoding, newline : str, optional
        As for :func:`open` (text mode only).

    Yields
    ------
    file object

    Raises
    ------
    ValueError
        If ``mode`` is not ``"w"`` or ``"wb"``.
    {raises_overwrite}

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from referralgraph.readwrite._atomic import atomic_open
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "notes.txt"
    >>> with atomic_open(target) as f:
    ...     _ = f.write("line\\n")
    >>> target.read_text()
    'line\\n'
    """
    if mode not in ("w", "wb"):
        raise OptionError(f"mode must be 'w' or 'wb' (got {mode!r})")
    path = check_target(path, overwrite=overwrite)
    tmp, fd = _temp_file(path)
    handle: IO[Any]
    try:
        if mode == "wb":
            handle = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding=encoding, newline=newline)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _commit(tmp, path, overwrite)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and _about_output(exc, tmp):
            raise _about(exc, path) from None
        raise


@share_docs
def write_text(
    path: PathLike, text: str, *, overwrite: bool = False, encoding: str = "utf-8", newline: str | None = ""
) -> Path:
    """Write ``text`` to ``path`` atomically; returns the path.

    ``newline=""`` (the default) writes the text's line endings unchanged.

    Raises
    ------
    {raises_overwrite}

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from referralgraph.readwrite._atomic import write_text
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> write_text(target, "one").read_text()
    'one'
    >>> write_text(target, "two")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    referralgraph.exceptions.OverwriteError: ... already exists; expected a new file, or pass overwrite=True (CLI: --force) to replace it
    """
    with atomic_open(path, "w", overwrite=overwrite, encoding=encoding, newline=newline) as f:
        f.write(text)
    return Path(path)


@share_docs
def write_bytes(path: PathLike, data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically; returns the path.

    Raises
    ------
    {raises_overwrite}

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from referralgraph.readwrite._atomic import write_bytes
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.bin"
    >>> write_bytes(target, b"\\x00\\x01").read_bytes()
    b'\\x00\\x01'
    """
    with atomic_open(path, "wb", overwrite=overwrite) as f:
        f.write(data)
    return Path(path)


# ---------------------------------------------------------------------------- folders
_TMPDIR_SUFFIX = ".tmpdir"
_OLDDIR_SUFFIX = ".olddir"


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _siblings(folder: Path):
    """Temporary folders of earlier runs next to ``folder``: ``(path, pid, kind)``."""
    prefix = f".{folder.name}."
    try:
        entries = list(os.scandir(folder.parent))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if not name.startswith(prefix) or not name.endswith((_TMPDIR_SUFFIX, _OLDDIR_SUFFIX)):
            continue
        middle = name[len(prefix) :].rsplit(".", 1)[0]  # "<pid>-<hex>"
        pid_text = middle.split("-", 1)[0]
        if not pid_text.isdigit():
            continue
        yield Path(entry.path), int(pid_text), ("old" if name.endswith(_OLDDIR_SUFFIX) else "tmp")


def clean_stale(folder: PathLike) -> list[Path]:
    """Remove what a killed :func:`atomic_folder` left next to ``folder``; returns what was removed.

    A temporary folder belongs to a run that is no longer alive (its process id is
    in the name). If ``folder`` itself is missing because a run was killed between
    the two renames of the fallback swap, the old folder is put back first.
    """
    folder = Path(folder)
    removed = []
    for path, pid, kind in sorted(_siblings(folder), key=lambda t: t[2] != "old"):
        if _pid_alive(pid):
            continue
        if kind == "old" and not os.path.lexists(folder):
            with contextlib.suppress(OSError):
                os.rename(path, folder)
                continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False where it is not available."""
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise _os_error(OSError, err, os.strerror(err), b)


@contextlib.contextmanager
def atomic_folder(folder: PathLike) -> Iterator[Path]:
    """Give a temporary sibling folder to fill; it replaces ``folder`` all at once when the block ends.

    Files written into the temporary folder become ``folder``'s files; every other
    file already in ``folder`` is kept (hard-linked into the new folder). The swap is
    one atomic exchange of the two folders (Linux), or two renames elsewhere, so a
    kill at any moment leaves either the old folder or the new one, never a mix. On
    any exception the temporary folder is removed and ``folder`` is untouched.
    Temporary folders left by a killed run (``.<name>.<pid>-<hex>.tmpdir``) are
    removed at the start. A folder that holds sub-folders is updated file by file
    instead (each file atomically); overwrite checks are the caller's.

    Parameters
    ----------
    folder : path
        The folder to create or update; missing parent folders are created.

    Yields
    ------
    pathlib.Path
        The temporary folder, next to ``folder``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from referralgraph.readwrite._atomic import atomic_folder
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "export"
    >>> with atomic_folder(target) as tmp:
    ...     _ = (tmp / "contacts.csv").write_text("id")
    >>> sorted(p.name for p in target.iterdir()), sorted(p.name for p in target.parent.iterdir())
    (['contacts.csv'], ['export'])
    """
    given = Path(folder)
    check_location(given, create=True)
    folder = Path(os.path.realpath(given)) if given.is_symlink() else given
    folder.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(folder)
    tag = f"{os.getpid()}-{secrets.token_hex(4)}"
    tmp = folder.with_name(f".{folder.name}.{tag}{_TMPDIR_SUFFIX}")
    try:
        os.mkdir(tmp)
    except OSError as exc:
        raise _about(exc, given) from None
    try:
        yield tmp
        for entry in os.scandir(tmp):
            _fsync(Path(entry.path))
        if not folder.exists():
            os.rename(tmp, folder)
            return
        written = {p.lower() for p in os.listdir(tmp)}
        others = [e for e in os.scandir(folder) if e.name.lower() not in written]
        in_place = any(
            e.is_dir(follow_symlinks=False) or not (e.is_file(follow_symlinks=False) or e.is_symlink()) for e in others
        )
        if not in_place:
            for e in others:
                try:
                    os.link(e.path, tmp / e.name, follow_symlinks=False)
                except OSError:
                    if e.is_symlink():
                        os.symlink(os.readlink(e.path), tmp / e.name)
                    else:
                        shutil.copy2(e.path, tmp / e.name)
            with contextlib.suppress(OSError):
                os.chmod(tmp, stat.S_IMODE(os.stat(folder).st_mode))
            try:
                if _exchange(tmp, folder):
                    return  # tmp now holds the old folder: removed below
                old = folder.with_name(f".{folder.name}.{tag}{_OLDDIR_SUFFIX}")
                os.rename(folder, old)
                os.rename(tmp, folder)
                shutil.rmtree(old, ignore_errors=True)
                return
            except OSError as exc:
                if exc.errno not in (errno.EXDEV, errno.EBUSY):
                    raise
                for e in others:  # a mount point: fall back to updating the files in place
                    with contextlib.suppress(OSError):
                        os.unlink(tmp / e.name)
        for entry in sorted(os.scandir(tmp), key=lambda e: e.name):
            os.replace(entry.path, folder / entry.name)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError) and _about_output(exc, tmp):
            raise _about(exc, given) from None
        raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
