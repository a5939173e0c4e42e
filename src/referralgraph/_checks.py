"""Shared validators: every public function checks its arguments with these.

Messages say what was expected and what was received, naming the option as the
user wrote it (``name`` is the parameter name in Python and may be given as the
CLI's spelling, e.g. ``"--as-of"``). Each raises a :class:`~referralgraph.ReferralGraphError`
subclass that is also the built-in a caller would catch (``TypeError``, ``ValueError``).
"""

from __future__ import annotations

from collections.abc import Iterable

from .exceptions import ArgumentTypeError, OptionError

__all__ = ["check_network", "check_int", "check_choice", "check_number"]


def check_network(net, *, name: str = "net"):
    """Return ``net`` if it is a :class:`~referralgraph.ReferralNetwork`, else raise :class:`ArgumentTypeError`.

    Examples
    --------
    >>> from referralgraph._checks import check_network
    >>> check_network("contacts.csv")
    Traceback (most recent call last):
    ...
    referralgraph.exceptions.ArgumentTypeError: net must be a ReferralNetwork, as returned by referralgraph.load() (got str)
    """
    from .model.network import ReferralNetwork

    if not isinstance(net, ReferralNetwork):
        raise ArgumentTypeError(f"{name} must be a ReferralNetwork, as returned by referralgraph.load() "
                                f"(got {type(net).__name__})")
    return net


def check_int(name: str, value, *, minimum: int | None = None, maximum: int | None = None,
              allow_none: bool = False) -> int | None:
    """Return ``value`` as an ``int`` within ``[minimum, maximum]``, else raise :class:`OptionError`.

    Examples
    --------
    >>> from referralgraph._checks import check_int
    >>> check_int("weeks", 12, minimum=1)
    12
    >>> check_int("weeks", 0, minimum=1)
    Traceback (most recent call last):
    ...
    referralgraph.exceptions.OptionError: weeks must be an integer >= 1 (got 0)
    """
    if value is None and allow_none:
        return None
    import numbers

    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if ok and minimum is not None and value < minimum:
        ok = False
    if ok and maximum is not None and value > maximum:
        ok = False
    if not ok:
        if minimum is not None and maximum is not None:
            want = f"an integer from {minimum} to {maximum}"
        elif minimum is not None:
            want = f"an integer >= {minimum}"
        elif maximum is not None:
            want = f"an integer <= {maximum}"
        else:
            want = "an integer"
        if allow_none:
            want += " or None"
        raise OptionError(f"{name} must be {want} (got {value!r})")
    return int(value)


def check_number(name: str, value, *, minimum: float | None = None, maximum: float | None = None) -> float:
    """Return ``value`` as a finite ``float`` within ``[minimum, maximum]``, else raise :class:`OptionError`.

    Examples
    --------
    >>> from referralgraph._checks import check_number
    >>> check_number("share", 0.5, minimum=0, maximum=1)
    0.5
    """
    import math
    import numbers

    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
    if ok and minimum is not None and value < minimum:
        ok = False
    if ok and maximum is not None and value > maximum:
        ok = False
    if not ok:
        rng = ""
        if minimum is not None and maximum is not None:
            rng = f" from {minimum:g} to {maximum:g}"
        elif minimum is not None:
            rng = f" >= {minimum:g}"
        elif maximum is not None:
            rng = f" <= {maximum:g}"
        raise OptionError(f"{name} must be a finite number{rng} (got {value!r})")
    return float(value)


def check_choice(name: str, value, choices: Iterable, *, allow_none: bool = False):
    """Return ``value`` if it is one of ``choices``, else raise :class:`OptionError` listing them.

    Examples
    --------
    >>> from referralgraph._checks import check_choice
    >>> check_choice("color_by", "generation", ["generation", "status"])
    'generation'
    >>> check_choice("color_by", "colour", ["generation", "status"])
    Traceback (most recent call last):
    ...
    referralgraph.exceptions.OptionError: color_by must be one of 'generation', 'status' (got 'colour')
    """
    choices = list(choices)
    if value is None and allow_none:
        return None
    try:
        if value in choices:
            return value
    except TypeError:  # unhashable or incomparable
        pass
    listed = ", ".join(repr(c) for c in choices)
    raise OptionError(f"{name} must be one of {listed}{' or None' if allow_none else ''} (got {value!r})")
