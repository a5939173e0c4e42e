"""Saving a figure through the project's atomic writer."""

from __future__ import annotations

from pathlib import Path

from ..._docstrings import share_docs
from ...exceptions import OptionError
from ...readwrite.files import atomic_path

__all__ = ["save_figure"]

FIGURE_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
#: no creation dates or software versions in the files, so the same figure gives the same bytes
_NO_DATES = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None, "Producer": None}}


@share_docs
def save_figure(figure, path, *, overwrite: bool = False, dpi: int = 150, **kwargs) -> Path:
    """Save a matplotlib figure (or the figure of an Axes) atomically; refuse to overwrite unless asked.

    Parameters
    ----------
    figure : matplotlib.figure.Figure or matplotlib.axes.Axes
        What to save; for an Axes, its whole figure.
    path : path
        A ``.png``, ``.svg`` or ``.pdf`` file.
    {overwrite}
    dpi : int, default 150
        Resolution of PNG output.
    **kwargs
        Passed to :meth:`matplotlib.figure.Figure.savefig`.

    {returns_path}

    Raises
    ------
    OptionError
        (a ``ValueError``) If the suffix is not ``.png``, ``.svg`` or ``.pdf``.
    {raises_overwrite}

    Examples
    --------
    >>> import tempfile, pathlib
    >>> ax = rg.plot_growth(rg.demo())
    >>> out = rg.save_figure(ax, pathlib.Path(tempfile.mkdtemp()) / "growth.png")
    >>> out.stat().st_size > 0
    True
    """
    path = Path(path)
    fmt = FIGURE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise OptionError(f"expected a file name ending in .png, .svg or .pdf (got {path.name!r})")
    fig = getattr(figure, "figure", figure)
    kwargs.setdefault("bbox_inches", "tight")
    kwargs.setdefault("metadata", _NO_DATES[fmt])
    with atomic_path(path, overwrite=overwrite) as tmp:
        fig.savefig(tmp, dpi=dpi, format=fmt, **kwargs)
    return path
