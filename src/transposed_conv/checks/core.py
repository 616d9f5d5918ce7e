"""The shared core of the self-checks: pass / "not yet" lines, graded mode, safe comparisons.

Graded mode is for an autograder, never for learners: with ``TRANSPOSED_CONV_GRADED=1`` in
the environment (nbgrader's ``nbgrader_config.py`` sets it, see the instructor guide), or
inside ``with checks.graded():``, a wrong answer raises ``AssertionError`` carrying the same
"not yet" line and hint instead of printing it, so a check cell can be an autograded test. A
right answer prints the same pass line in both modes.

Each check computes its expected answer with the package itself, so the
notebook never shows the answer, and a wrong type (a string, ``...``, a list
of the wrong shape) is just "not yet".

Any value at all is just "not yet" too: every comparison goes through
:func:`quietly`, which turns an exception or a warning raised by the answer
(``10**400`` overflowing a float, an object whose ``__float__``, ``__array__``
or ``__iter__`` raises, ...) into ``False``, and answers are measured before
they are read, so a list of ten million items or an endless generator is
refused at once.

Every notebook's checks (``nb00_start_here`` ... ``nb11_superres``) build on these;
``transposed_conv.checks`` re-exports them all, so a check cell calls ``checks.<name>(answer)``.
"""

from __future__ import annotations

import contextlib
import warnings

import numpy as np

from .. import settings
from ..core import shapes

PASS = "✅ Correct"
NOT_YET = "❌ Not yet"

MAX_ITEMS = 1000  # the longest answer worth reading; every expected answer is far shorter


def quietly(test) -> bool:
    """``bool(test())``, or ``False`` if it raises anything or warns: an answer never crashes a
    check."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return bool(test())
    except Exception:  # whatever the learner's value does (OverflowError, RecursionError, ...)
        return False


def small(answer) -> bool:
    """True when ``answer`` holds at most ``MAX_ITEMS`` items, counted without reading them.

    Lists and tuples are walked (a self-containing list just counts up to the
    limit); arrays count their size; other sized objects their ``len``.
    """
    stack, count = [answer], 0
    while stack:
        item = stack.pop()
        if isinstance(item, (str, bytes)):
            continue
        if isinstance(item, np.ndarray):
            count += item.size
        elif hasattr(type(item), "__len__"):
            count += len(item)
        if count > MAX_ITEMS:
            return False
        if isinstance(item, (list, tuple)):
            stack.extend(item)
    return True


def as_numbers(answer):
    """``answer`` as a float64 array if it holds only real numbers (no booleans, strings, complex),
    else ``None``."""
    if not small(answer):
        return None
    arr = np.asarray(answer)
    if arr.dtype.kind == "O":  # Fractions, Decimals... convert; None and the like fail
        return arr.astype(np.float64)
    return arr.astype(np.float64) if arr.dtype.kind in "iuf" else None


class graded(contextlib.ContextDecorator):
    """``with checks.graded():``: inside, every check raises ``AssertionError`` on a wrong answer.

    (A class, not a function: the public functions of this module are the checks.)
    """

    _open = 0  # how many blocks are open; they may nest

    def __enter__(self):
        graded._open += 1
        return self

    def __exit__(self, *exc):
        graded._open -= 1
        return False

    @staticmethod
    def active() -> bool:
        """True in graded mode: ``TRANSPOSED_CONV_GRADED`` is set, or inside a ``graded`` block."""
        return graded._open > 0 or settings.graded_mode()


def report(ok: bool, hint: str, praise: str = "") -> None:
    """Print the verdict: ``PASS`` (with ``praise``) or ``NOT_YET`` with ``hint``.

    Returns nothing, so a check cell shows only the printed line. Never
    raises: an ``ok`` whose truth cannot be taken counts as not yet. In graded
    mode (:meth:`graded.active`) a wrong answer raises ``AssertionError`` with the
    "not yet" line as its message instead.
    """
    if quietly(lambda: ok):
        praise = as_text(praise)
        print(f"{PASS}{': ' + praise if praise else '.'}")
        return
    verdict = f"{NOT_YET}: {as_text(hint)}"
    if graded.active():
        raise AssertionError(verdict)
    print(verdict)


def as_text(value) -> str:
    """``str(value)``, or ``""`` if even that fails."""
    try:
        return value if isinstance(value, str) else str(value)
    except Exception:
        return ""


def same_number(answer, expected) -> bool:
    """True when ``answer`` is a plain number equal to ``expected`` (ints compare exactly)."""
    if isinstance(answer, (bool, np.bool_)) or not isinstance(
        answer, (int, float, np.integer, np.floating)
    ):
        return False
    return quietly(lambda: np.isclose(float(answer), float(expected), rtol=0, atol=1e-9))


def same_array(answer, expected, atol: float = 1e-6) -> bool:
    """True when ``answer`` converts to an array of ``expected``'s shape and values."""

    def test():
        arr, want = as_numbers(answer), np.asarray(expected, dtype=np.float64)
        return (
            arr is not None
            and arr.shape == want.shape
            and np.allclose(arr, want, rtol=0, atol=atol)
        )

    return quietly(test)


def shape_answer(answer):
    """A shape given as a tuple or list of (at most 8) plain ints, else None."""

    def plain(v):
        return isinstance(v, (int, np.integer)) and not isinstance(v, bool)

    if isinstance(answer, (tuple, list)) and len(answer) <= 8 and all(plain(v) for v in answer):
        shape = []
        ok = quietly(
            lambda: shape.extend(int(v) for v in answer) or True
        )  # an int subclass may raise
        return tuple(shape) if ok else None
    return None


def called(function, *args):
    """``function(*args)`` read by :func:`as_numbers` (a float64 array, or None if it holds anything
    but real numbers); None if ``function`` is not callable. Whatever the function raises goes up:
    call this inside :func:`quietly`."""
    if not callable(function):
        return None
    return as_numbers(function(*args))


def reported_trouble(answer, call: str, *example) -> bool:
    """Report "not yet" and return True when a function answer cannot be tried: it is still the
    stub, it is not a function, or it raises on a simple ``example`` call. The learner then sees
    their own error (``NameError: name 'kernal' is not defined``) instead of a hint about the
    content that would send them looking for a logic bug that is not there."""
    if answer is Ellipsis:
        report(False, f"replace the `...` line with your `def {call}:`.")
        return True
    if not callable(answer):
        report(False, f"the answer must be a function: `def {call}:` that returns the result.")
        return True
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            answer(*example)
    except Exception as err:  # the learner's own bug, shown to them
        message = f"{type(err).__name__}: {err}"
        if len(message) > 200:
            message = message[:197] + "..."
        report(False, f"your function raised {message} (called as {call} on a small example).")
        return True
    return False


def kernel_of(answer, shape):
    """``answer`` as a finite float64 array of ``shape``, else None."""
    arr = as_numbers(answer)
    if arr is None or arr.shape != shape or not np.isfinite(arr).all():
        return None
    return arr


def equal_sums(sums) -> bool:
    """True when the sums are equal (to rounding, relative to their size) and not all zero."""
    sums = np.asarray(sums, dtype=np.float64).ravel()
    scale = float(np.abs(sums).max())
    return scale > 1e-9 and float(sums.max() - sums.min()) <= 1e-9 * max(scale, 1.0)


def phase_sums_2(kernel):
    from ..core.subpixel import phase_sums

    return phase_sums(kernel, 2)


def whole(value, minimum):
    """``value`` as an int if it is a whole number (not a bool) of at least ``minimum``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        return None
    return int(value) if minimum <= value <= 10**6 else None


def keras_size(setting, n):
    if not isinstance(setting, (tuple, list)) or len(setting) != 4:
        return None
    k, s = whole(setting[0], 1), whole(setting[1], 1)
    padding, op = setting[2], setting[3]
    if None in (k, s) or not (isinstance(padding, str) and padding in ("same", "valid")):
        return None
    if op is not None:
        op = whole(op, 0)
        if op is None or op >= s:
            return None
    return shapes.keras_conv_transpose_output_size(n, k, s, padding, op)
