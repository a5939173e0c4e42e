"""Progress bars for long operations: coarse stages, on stderr, via ``tqdm.auto``.

A :class:`Stages` bar counts named stages ("reading contacts.csv", "validating",
"building the trees"). It is shown only when asked (``progress=True``) or, with
``progress=None`` (automatic), when the input is large (see
:data:`referralgraph._limits.PROGRESS_BYTES`) *and* someone can see it: stderr is a
terminal, or the code runs in a Jupyter kernel. It never writes to stdout, so
``referralgraph report ... > report.txt`` stays clean. ``progress=False`` never
creates a bar at all.
"""

from __future__ import annotations

import os
import sys
import warnings

from . import _limits
from .exceptions import ArgumentTypeError

__all__ = ["Stages", "NO_PROGRESS", "wants_progress", "source_bytes"]


def _in_notebook() -> bool:
    """True inside a Jupyter kernel (IPython is only looked up if it is already imported)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    get = getattr(ipython, "get_ipython", None)
    shell = get() if callable(get) else None
    return shell is not None and hasattr(shell, "kernel")


def _stderr_is_tty() -> bool:
    isatty = getattr(sys.stderr, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except (ValueError, OSError):  # a closed or odd stream
        return False


def wants_progress(progress: bool | None, size: int) -> bool:
    """Whether to show a bar: ``progress`` when given, else large input and someone watching."""
    if progress is not None:
        if not isinstance(progress, bool):
            raise ArgumentTypeError(f"progress must be True, False or None (got {progress!r})")
        return progress
    return size > _limits.PROGRESS_BYTES and (_stderr_is_tty() or _in_notebook())


def source_bytes(path) -> int:
    """Total size of a network source: the workbook, or the CSV files directly in the folder (0 if unknown)."""
    try:
        if os.path.isdir(path):
            with os.scandir(path) as entries:
                return sum(e.stat().st_size for e in entries if e.name.lower().endswith(".csv") and e.is_file())
        return os.path.getsize(path)
    except OSError:
        return 0


class _NoProgress:
    """The bar that is not there: every method does nothing."""

    def stage(self, name: str) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass


NO_PROGRESS = _NoProgress()


class Stages(_NoProgress):
    """A bar over ``total`` named stages; ``stage(name)`` finishes the previous stage and starts ``name``.

    Parameters
    ----------
    total : int
        Number of stages.
    desc : str
        What the whole bar is about, e.g. ``"loading my-search"``.
    """

    def __init__(self, total: int, desc: str) -> None:
        self._started = False
        self._bar = _make_bar(total=total, desc=desc)

    def stage(self, name: str) -> None:
        if self._started:
            self._bar.update(1)
        self._started = True
        self._bar.set_postfix_str(name, refresh=False)
        self._bar.refresh()  # stages are few and slow: show every one, whatever tqdm's rate limit says

    def close(self) -> None:
        if self._started:
            self._bar.update(1)
            self._started = False
        self._bar.close()

    def __exit__(self, *exc) -> None:
        self.close()


def _make_bar(*, total: int, desc: str):
    """A tqdm bar on stderr: the notebook widget in Jupyter (when ipywidgets is there), else text."""
    kwargs = dict(
        total=total,
        desc=desc,
        unit="stage",
        file=sys.stderr,
        leave=False,
        dynamic_ncols=True,
        bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} stages [{elapsed}]{postfix}",
    )
    if _in_notebook():
        try:
            with warnings.catch_warnings():  # tqdm warns once when ipywidgets is missing; text is fine then
                warnings.simplefilter("ignore")
                from tqdm.auto import tqdm as auto_tqdm

                return auto_tqdm(**kwargs)
        except ImportError:  # the widget needs ipywidgets; fall back to text on stderr
            pass
    from tqdm import tqdm

    return tqdm(**kwargs)
