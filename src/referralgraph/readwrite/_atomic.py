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
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ..exceptions import OptionError, OverwriteError

__all__ = ["check_target", "atomic_path", "atomic_open", "write_text", "write_bytes"]

PathLike = str | os.PathLike


def check_target(path: PathLike, *, overwrite: bool = False) -> Path:
    """Raise unless ``path`` may be written: a folder is never a file target; an existing file needs ``overwrite``.

    Parameters
    ----------
    path : path
        The file about to be written.
    overwrite : bool, default False
        Whether an existing file may be replaced.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    OverwriteError
        If ``path`` exists and ``overwrite`` is false.
    IsADirectoryError
        If ``path`` is an existing folder.
    """
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder; expected the path of a file to write")
    if not overwrite and (path.exists() or path.is_symlink()):
        raise OverwriteError(f"{path} already exists; expected a new file, or pass overwrite=True "
                             "(CLI: --force) to replace it")
    return path


def _temp_file(path: Path) -> tuple[Path, int]:
    """Create ``.<name>.<random>.tmp<suffix>`` next to ``path`` with ``O_EXCL``; return it and its descriptor."""
    for _ in range(100):
        tmp = path.with_name(f".{path.stem}.{secrets.token_hex(4)}.tmp{path.suffix}")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:
            continue
        return tmp, fd
    raise FileExistsError(errno.EEXIST, "could not create a temporary file", str(path.parent))  # pragma: no cover


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
        raise OverwriteError(f"{path} already exists; expected a new file, or pass overwrite=True "
                             "(CLI: --force) to replace it") from None
    except OSError:  # hard links not supported here (FAT, some network drives): check, then rename
        if path.exists() or path.is_symlink():
            raise OverwriteError(f"{path} already exists; expected a new file, or pass overwrite=True "
                                 "(CLI: --force) to replace it") from None
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
    OverwriteError
        If ``path`` exists and ``overwrite`` is false.
    IsADirectoryError
        If ``path`` is a folder.
    FileNotFoundError
        If the folder of ``path`` does not exist.

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
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_open(path: PathLike, mode: str = "w", *, overwrite: bool = False, encoding: str | None = "utf-8",
                newline: str | None = None) -> Iterator[IO]:
    """Open a temporary file for writing; it replaces ``path`` when the block ends without error.

    Parameters
    ----------
    path : path
        The file to write.
    mode : {"w", "wb"}, default "w"
        Text or binary.
    overwrite : bool, default False
        Replace ``path`` if it exists.
    encoding, newline : str, optional
        As for :func:`open` (text mode only).

    Yields
    ------
    file object

    Raises
    ------
    ValueError
        If ``mode`` is not ``"w"`` or ``"wb"``.
    OverwriteError
        If ``path`` exists and ``overwrite`` is false.

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
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text(path: PathLike, text: str, *, overwrite: bool = False, encoding: str = "utf-8",
               newline: str | None = "") -> Path:
    """Write ``text`` to ``path`` atomically; returns the path.

    ``newline=""`` (the default) writes the text's line endings unchanged.

    Raises
    ------
    OverwriteError
        If ``path`` exists and ``overwrite`` is false.

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


def write_bytes(path: PathLike, data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically; returns the path.

    Raises
    ------
    OverwriteError
        If ``path`` exists and ``overwrite`` is false.

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
