"""Numpydoc text shared by many docstrings, written once (the way seaborn's ``_docstrings.py`` does it).

A docstring names a shared block on a line of its own, indented as the block
belongs, e.g. ``{ax}`` under *Parameters* or ``{returns_axes}`` in place of the
whole *Returns* section; :func:`share_docs` fills the blocks in when the module
is imported, so ``help()``, doctests and IDEs see the full text. The docs build
(mkdocstrings reads the source statically) fills them in the same way through
``scripts/griffe_shared_docs.py``. A line that is not exactly ``{name}`` with a
name from :data:`SHARED` is left alone, so braces in examples are safe.

Examples
--------
>>> from referralgraph._docstrings import fill
>>> print(fill('''Draw.
...
...     Parameters
...     ----------
...     {ax}
... '''))
Draw.
<BLANKLINE>
    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; the current Axes by default.
<BLANKLINE>
"""

from __future__ import annotations

import re

__all__ = ["SHARED", "fill", "share_docs", "NOT_CHANGED", "NOT_A_SEEKER"]

#: the description of a network argument (every function leaves its input unchanged)
NOT_CHANGED = "The network (not changed)."
#: the Raises entry of an unknown ``seeker``
NOT_A_SEEKER = "If ``seeker`` is not a seeker of the network."

#: shared blocks by name, each without indentation (its first line at column 0)
SHARED = {
    # ------------------------------------------------------------ parameters
    "net": f"""\
net : ReferralNetwork
    {NOT_CHANGED}""",
    "seeker": """\
seeker : str, optional
    Whose network. ``None`` means every seeker: the only seeker's, or the whole cohort added up.""",
    "as_of": """\
as_of : date-like, optional
    Count the network as known on this date (:func:`referralgraph.snapshot`).""",
    "ax": """\
ax : matplotlib.axes.Axes, optional
    Axes to draw on; the current Axes by default.""",
    "overwrite": """\
overwrite : bool, default False
    Replace ``path`` if it exists.""",
    "anonymize": """\
anonymize : bool, default False
    Write an anonymised copy (see :func:`referralgraph.anonymize`).""",
    # ------------------------------------------------------------ returns
    "returns_axes": """\
Returns
-------
matplotlib.axes.Axes
    The Axes drawn on.""",
    "returns_path": """\
Returns
-------
pathlib.Path
    The written file.""",
    # ------------------------------------------------------------ raises entries
    "raises_data": """\
ArgumentTypeError
    (a ``TypeError``) If ``data`` is neither a ReferralNetwork nor a DataFrame,
    or ``ax`` is not a matplotlib Axes.""",
    "raises_net": """\
ArgumentTypeError
    (a ``TypeError``) If ``net`` is not a ReferralNetwork.""",
    "raises_seeker": f"""\
SeekerNotFound
    {NOT_A_SEEKER}""",
    "raises_seeker_table": """\
SeekerNotFound
    If ``seeker`` is not a seeker of the network (or of the table).""",
    "raises_overwrite": """\
OverwriteError
    If ``path`` exists and ``overwrite`` is false.""",
    # ------------------------------------------------------------ append_* (a change logged in the files)
    "source_in_place": """\
source : path
    What :func:`~referralgraph.load` takes; changed in place.""",
    "load_options": """\
date_format, dayfirst, today
    As for :func:`~referralgraph.load`.""",
    "append_returns_notes": """\
Returns
-------
pandas.Series
    What was logged: ``table``, ``record`` (its number among the table's
    records, for an appended row), ``contact`` (id) and ``name``, ``logged``
    (a sentence), ``due`` (when the next step is due, or missing) and ``next``
    (the next step, "send Ana Ortiz a thank-you, due by 2026-10-07 18:00"), ``files`` (the
    files written) and ``notes`` (columns added, files created).

Notes
-----
The network is loaded (leniently) and the change made with the ``log_*``
function of the same name (``log_meeting`` for ``append_meeting``); the new row
must not add an error. Then the file is changed in place: a row is appended
after the last one (or one cell set, for a thank-you or a status), in the
file's delimiter, encoding, line endings, quoting and yes/no words; every other
byte stays as it was. A column the file lacks is added at the end of its header
(the only change to an existing line) when the row needs it. The changed file is
read back and must equal that network before it replaces the original
(atomically); otherwise nothing is written. In a workbook only the sheet's new
row (and its dimension) change; every other part keeps its content.""",
    "append_example_folder": """\
Examples
--------
>>> import tempfile
>>> folder = rg.save(rg.demo(), tempfile.mkdtemp() + "/search")""",
    "raises_validation": """\
ValidationError
    If the row would add an error that :func:`~referralgraph.load` reports.""",
    # ------------------------------------------------------------ more raises entries
    "raises_net_seeker_cohort": """\
TypeError
    If ``net`` is not a ReferralNetwork.
SeekerNotFound
    If ``seeker`` is not a seeker (or is ``None`` in a cohort).""",
    "raises_path": """\
IsADirectoryError
    If ``path`` is a folder.
FileNotFoundError
    If the folder of ``path`` does not exist.""",
    "raises_plot_data": """\
TypeError
    If ``data`` is neither a ReferralNetwork nor a DataFrame.""",
    "raises_by_as_of": """\
OptionError
    If ``by`` is not a contacts column or ``as_of`` is not a date.""",
    "raises_seeker_in_cohort": """\
SeekerNotFound
    If ``seeker`` is not a seeker of the network (or is None in a cohort).""",
    # ------------------------------------------------------------ more parameters and returns
    "as_of_measure": """\
as_of : date-like, optional
    Measure the network as known on this date.""",
    "as_of_plot": """\
as_of : date-like, optional
    Draw the network as known on this date (network input only: a table
    was measured already).""",
    "returns_network": """\
Returns
-------
ReferralNetwork""",
    "example_axes": """\
Examples
--------
>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()""",
    # ------------------------------------------------------------ references
    "references_branching": """\
References
----------
.. [1] Harris, T. E. (1963). *The Theory of Branching Processes*. Springer.
.. [2] Lloyd-Smith, J. O., Schreiber, S. J., Kopp, P. E., & Getz, W. M. (2005).
   Superspreading and the effect of individual variation on disease
   emergence. *Nature*, 438, 355-359.""",
    "references_quantiles": """\
References
----------
.. [1] Hyndman, R. J. & Fan, Y. (1996). Sample quantiles in statistical
   packages. *The American Statistician* 50(4), 361-365.""",
}
#: the options and the end of a writer's docstring (Returns and Raises), as the graph writers share them
SHARED["writer_options"] = SHARED["overwrite"] + "\n" + SHARED["anonymize"]
SHARED["writer_returns"] = SHARED["returns_path"] + "\n\nRaises\n------\n" + SHARED["raises_overwrite"]

_PLACEHOLDER = re.compile(r"^(?P<indent>[ \t]*)\{(?P<name>\w+)\}[ \t]*$", re.MULTILINE)


def fill(doc: str | None) -> str | None:
    """``doc`` with every line ``{name}`` (a name in :data:`SHARED`) replaced by that block, at that indentation."""
    if not doc:
        return doc

    def block(match: re.Match) -> str:
        text = SHARED.get(match["name"])
        if text is None:
            return match[0]
        indent = match["indent"]
        return "\n".join(indent + line if line else line for line in text.split("\n"))

    return _PLACEHOLDER.sub(block, doc)


def share_docs(obj):
    """Decorator: fill the shared blocks into ``obj.__doc__`` (see :func:`fill`)."""
    obj.__doc__ = fill(obj.__doc__)
    return obj
