"""Deprecation cycles for renamed keywords, keyword-only options and moved names.

Every rename keeps the old spelling working with a
:class:`~referralgraph.exceptions.ReferralGraphDeprecationWarning` that names the new
spelling and the release that removes the old one (:data:`referralgraph.exceptions.REMOVAL`),
and has a CHANGELOG line under "Deprecated".

Examples
--------
>>> import warnings
>>> @renamed_keywords(k="hops")
... @keyword_only("hops")
... def within(net, *, hops=1):
...     return hops
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     within(None, k=2), within(None, 3), within(None, hops=4)
(2, 3, 4)
>>> print(caught[0].message)
within(k=...) is deprecated and will be removed in referralgraph 0.4.0; use within(hops=...)
"""

from __future__ import annotations

import functools
import warnings

from .exceptions import REMOVAL, ArgumentTypeError, ReferralGraphDeprecationWarning

__all__ = ["warn_deprecated", "renamed_keywords", "keyword_only", "known_keywords"]


def warn_deprecated(old: str, new: str, *, stacklevel: int = 3) -> None:
    """Warn that ``old`` is deprecated in favour of ``new`` (both as the user writes them)."""
    warnings.warn(
        f"{old} is deprecated and will be removed in referralgraph {REMOVAL}; use {new}",
        ReferralGraphDeprecationWarning,
        stacklevel=stacklevel,
    )


def renamed_keywords(**renames: str):
    """Accept each old keyword (``old="new"``) for its new name, with a deprecation warning.

    Giving both spellings is an :class:`~referralgraph.exceptions.ArgumentTypeError`.
    """

    def decorate(func):
        name = func.__name__

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for old, new in renames.items():
                if old in kwargs:
                    if new in kwargs:
                        raise ArgumentTypeError(f"{name}() got both {old}= (deprecated) and {new}=; give {new}= only")
                    warn_deprecated(f"{name}({old}=...)", f"{name}({new}=...)")
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return wrapper

    return decorate


def keyword_only(*names: str):
    """Accept ``names`` positionally after the function's positional parameters, with a deprecation warning.

    The decorated function declares them keyword-only (after ``*``); calls that still
    pass them by position keep working until :data:`~referralgraph.exceptions.REMOVAL`.
    """

    def decorate(func):
        import inspect

        params = inspect.signature(func).parameters.values()
        positional = sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)
        name = func.__name__

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            extra = args[positional:]
            if extra:
                if len(extra) > len(names):
                    raise ArgumentTypeError(
                        f"{name}() takes {positional} positional arguments but {len(args)} were given"
                    )
                for key, value in zip(names, extra):
                    if key in kwargs:
                        raise ArgumentTypeError(f"{name}() got multiple values for argument {key!r}")
                    warn_deprecated(f"{name}(..., {key}) by position", f"{name}(..., {key}=...)")
                    kwargs[key] = value
                args = args[:positional]
            return func(*args, **kwargs)

        return wrapper

    return decorate


def known_keywords(func):
    """Refuse an unknown keyword with an :class:`~referralgraph.exceptions.ArgumentTypeError` that suggests the
    closest parameter (``did you mean 'n_seekers'?``), for functions with many explicit options.

    Examples
    --------
    >>> @known_keywords
    ... def f(*, n_seekers=1):
    ...     return n_seekers
    >>> f(seekers=2)
    Traceback (most recent call last):
    ...
    referralgraph.exceptions.ArgumentTypeError: f got an unknown option 'seekers' (did you mean 'n_seekers'?); expected one of n_seekers
    """
    import difflib
    import inspect

    names = tuple(inspect.signature(func).parameters)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        unknown = [k for k in kwargs if k not in names]
        if unknown:
            close = difflib.get_close_matches(unknown[0], names, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ArgumentTypeError(
                f"{func.__name__} got an unknown option {unknown[0]!r}{hint}; expected one of {', '.join(names)}"
            )
        return func(*args, **kwargs)

    return wrapper
