"""The one exception tree of referralgraph.

Every error the library raises on purpose is a :class:`ReferralGraphError`, so
``except referralgraph.ReferralGraphError`` catches them all; each also subclasses
the built-in type a Python user would expect (``ValueError``, ``KeyError``, ...).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "ReferralGraphError",
    "ValidationError",
    "SchemaError",
    "ContactNotFound",
    "SeekerNotFound",
    "SectionNotFound",
    "ReferralCycleError",
    "SizeLimitError",
    "OptionError",
    "ArgumentTypeError",
    "OverwriteError",
    "MissingDependencyError",
    "NetworkLockedError",
    "ReferralGraphWarning",
    "SlowOperationWarning",
    "ReferralGraphDeprecationWarning",
]


class ReferralGraphError(Exception):
    """Base class of every error raised by referralgraph."""


class ValidationError(ReferralGraphError, ValueError):
    """The input holds one or more errors.

    The message lists every error (not just the first), each with the file, the
    row as a spreadsheet shows it, the column and what was expected. The full
    problem table is in :attr:`problems`.

    Parameters
    ----------
    problems : pandas.DataFrame
        The problem table, columns ``file, row, column, severity, message``.
    """

    def __init__(self, problems: pd.DataFrame, *, limit: int = 50) -> None:
        self.problems = problems
        errors = problems[problems["severity"] == "error"]
        lines = [_format_problem(p) for p in errors.head(limit).itertuples(index=False)]
        more = len(errors) - len(lines)
        if more > 0:
            lines.append(f"... and {more} more errors (see the .problems table)")
        noun = "error" if len(errors) == 1 else "errors"
        super().__init__(f"{len(errors)} {noun} in the input:\n" + "\n".join(lines))


def _format_problem(p) -> str:
    where = str(p.file)
    if p.row is not None and not _missing(p.row):
        where += f", row {int(p.row)}"
    if isinstance(p.column, str) and p.column:
        where += f", column '{p.column}'"
    return f"{where}: {p.message}"


def _missing(value) -> bool:
    if value is None:
        return True
    if type(value).__name__ == "NAType":  # pandas.NA, without importing pandas here
        return True
    try:
        return bool(value != value)
    except TypeError:  # pandas.NA refuses to be a bool
        return True


class SchemaError(ReferralGraphError, ValueError):
    """A table or file does not have the shape referralgraph expects."""


class ContactNotFound(ReferralGraphError, KeyError):
    """A contact id asked for is not in the network."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class SeekerNotFound(ContactNotFound):
    """A seeker id asked for is not a seeker of the network."""


class SectionNotFound(ReferralGraphError, KeyError):
    """A report section asked for by key is not in the report."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class ReferralCycleError(ReferralGraphError, ValueError):
    """Introductions form a cycle, so they cannot be a referral tree."""


class OptionError(ReferralGraphError, ValueError):
    """An option has a value of the wrong kind or out of range; the message says what was expected.

    Examples
    --------
    >>> try:
    ...     rg.growth(rg.demo(), freq="fortnight")
    ... except rg.OptionError as exc:
    ...     print(type(exc).__name__)
    OptionError
    """


class ArgumentTypeError(ReferralGraphError, TypeError):
    """An argument is of the wrong type (for example not a :class:`ReferralNetwork`); the message says what was expected."""


class SizeLimitError(ReferralGraphError, ValueError):
    """An operation would exceed a documented size limit; the message names the option that makes it feasible."""


class OverwriteError(ReferralGraphError, FileExistsError):
    """A write would replace an existing file and overwriting was not asked for."""


class MissingDependencyError(ReferralGraphError, ImportError):
    """An optional package a feature needs is not installed; the message says what to install.

    Examples
    --------
    >>> issubclass(rg.MissingDependencyError, ImportError)
    True
    """


class NetworkLockedError(ReferralGraphError, OSError):
    """A network cannot be changed now: another command or an office program has it, or a file is read-only.

    Raised by the commands that change a network's files in place (``log``, the
    imports); the message names the file and who holds it.
    """

    def __str__(self) -> str:
        return str(self.strerror) if self.strerror else super().__str__()


class ReferralGraphWarning(UserWarning):
    """Base class of the warnings referralgraph issues on purpose."""


class SlowOperationWarning(ReferralGraphWarning):
    """An operation is about to take minutes or gigabytes; the message says how long and how to avoid it.

    See ``docs/limits.md``. Silence it with
    ``warnings.simplefilter("ignore", referralgraph.SlowOperationWarning)``.
    """


class ReferralGraphDeprecationWarning(ReferralGraphWarning, DeprecationWarning):
    """A renamed function, keyword or default: the old spelling still works until the named release.

    The message names the new spelling and the release that removes the old one
    (``referralgraph.exceptions.REMOVAL``). It is a ``DeprecationWarning`` (Python shows it
    for code run in ``__main__``, a script or a notebook cell, and pytest shows it
    everywhere) and a :class:`ReferralGraphWarning`, so one filter reaches every warning
    of the library. Turn it into an error to find every old spelling:
    ``warnings.simplefilter("error", referralgraph.ReferralGraphDeprecationWarning)``.
    """


#: the release that removes every spelling deprecated in this one
REMOVAL = "0.4.0"
