"""Argument checks: the one home of the checks every module applies to what learners pass.

Each check returns the value in the form the caller computes with, or raises
``TypeError`` (wrong kind of value) or ``ValueError`` (right kind, wrong value)
whose message starts with the argument's name.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

_KINDS = {
    "b": "booleans",
    "c": "complex numbers",
    "O": "Python objects",
    "U": "strings",
    "S": "bytes",
}


def _check_name(name) -> str:
    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be a non-empty string (the argument's name), got {name!r:.60}")
    return name


def numeric_array(name: str, value) -> np.ndarray:
    """``value`` as an array of integers or floats (its own dtype), else ``TypeError``.

    Booleans, complex numbers, strings, bytes and Python objects are refused,
    and so is anything ``np.asarray`` cannot convert (a caller's ``__array__``,
    ``__len__`` or ``__iter__`` that raises).
    """
    _check_name(name)
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be an array of real numbers, got a string {value!r:.40}")
    try:
        array = np.asarray(value)
    except Exception as err:  # a caller's __array__, __len__ or __iter__ may raise anything
        raise TypeError(
            f"{name} must be an array of real numbers, got {type(value).__name__} ({err})"
        ) from err
    if array.dtype.kind not in "iuf":
        what = _KINDS.get(array.dtype.kind, f"dtype {array.dtype}")
        raise TypeError(f"{name} must be an array of real numbers, got an array of {what}")
    return array


def real_array(name: str, value) -> np.ndarray:
    """``value`` as a float64 array, or ``TypeError`` naming ``name`` unless it holds real numbers.

    Plain ``np.asarray(value, float)`` would drop an imaginary part (with only
    a warning), turn ``None`` into NaN and ``True`` into 1; those are mistakes,
    so they are refused here instead (see :func:`numeric_array`).
    """
    return numeric_array(name, value).astype(np.float64, copy=False)


def real_number(name: str, value, positive: bool = False) -> float:
    """``value`` as a finite float (``> 0`` if ``positive``); booleans and non-numbers refused.

    ``TypeError`` for a value that is not a real number, ``ValueError`` for NaN,
    an infinity, a number too large for a float, or (with ``positive``) one <= 0.
    """
    _check_name(name)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r:.60}")
    try:
        number = float(value)
    except OverflowError:  # a Real may still be too large for a float (10**400)
        number = math.inf
    if not math.isfinite(number) or (positive and number <= 0):
        sign = " positive" if positive else ""
        raise ValueError(f"{name} must be a finite{sign} number, got {value!r:.60}")
    return number


PADDING_MODES = ("valid", "same")

# Largest array (in cells) the package builds: 800 MB of float64, already more
# than a Binder session has; larger requests are refused before allocating.
MAX_CELLS = 10**8


def check_int(name: str, value, minimum: int) -> int:
    """Return ``value`` as an ``int`` or raise ``ValueError`` naming ``name``.

    Booleans and non-integral numbers are rejected; ``minimum`` is inclusive.
    """
    if isinstance(minimum, bool) or not isinstance(minimum, numbers.Integral):
        raise TypeError(f"minimum must be an integer, got {minimum!r}")
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def check_cells(what: str, shape) -> tuple[int, ...]:
    """Return ``shape`` as ints, or raise ``ValueError`` if it has more than ``MAX_CELLS`` cells.

    Called before an array of that shape is allocated, so an absurd stride,
    padding or size fails at once with a message instead of a ``MemoryError``.
    """
    if not isinstance(shape, (tuple, list)):
        raise TypeError(f"shape must be a tuple of sizes, got {type(shape).__name__}")
    shape = tuple(check_int("shape", n, 0) for n in shape)
    if math.prod(shape) > MAX_CELLS:
        raise ValueError(
            f"{what} would have shape {shape}, more than {MAX_CELLS:,} cells; "
            f"use smaller sizes, strides, padding or dilation"
        )
    return shape


def check_padding_mode(padding) -> str:
    """Return ``"valid"`` or ``"same"`` (any case) or raise ``ValueError``."""
    if isinstance(padding, str) and padding.lower() in PADDING_MODES:
        return padding.lower()
    raise ValueError(f"padding must be 'valid' or 'same' (or an integer), got {padding!r}")


def pair(name: str, value, minimum: int) -> tuple[int, int]:
    """An int or a pair of ints, each >= minimum, as a pair."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name} must be an integer or a pair of integers, got {value!r}")
        return tuple(check_int(name, v, minimum) for v in value)
    v = check_int(name, value, minimum)
    return v, v


def padding_pair(padding):
    """An int, a pair of ints, or 'valid'/'same' (then the same string per axis)."""
    if isinstance(padding, str):
        mode = check_padding_mode(padding)
        return mode, mode
    if not isinstance(padding, (tuple, list, numbers.Integral)) or isinstance(padding, bool):
        raise ValueError(
            f"padding must be an integer, a pair of integers, 'valid' or 'same', got {padding!r}"
        )
    return pair("padding", padding, 0)


def output_padding_pair(output_padding):
    """``None`` (the smallest output) as ``(None, None)``, else :func:`pair` with minimum 0."""
    if output_padding is None:
        return None, None
    return pair("output_padding", output_padding, 0)
