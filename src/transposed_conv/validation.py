"""Argument checks shared by the modules that take arrays and numbers from learners.

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
