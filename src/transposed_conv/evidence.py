"""One printed sentence of evidence for a claim a notebook computes.

A notebook shows that two computations agree with one sentence such as
``✓ The matrix product equals Keras' output (every entry within 1e-06).``
rather than ``...: True``. The tolerance is printed, not the difference itself,
because the last float digits differ between machines (see README, "Runs on
every CPU"). Exhaustive sweeps belong in ``tests/``; a notebook states one case.
"""

from __future__ import annotations

import numbers

import numpy as np


class Verdict:
    """True or False, as ``bool(verdict)``; a notebook shows only the printed sentence.

    ``same`` and ``holds`` return one, so that a check that ends a cell adds no
    ``True`` under its own sentence.
    """

    __slots__ = ("value",)

    def __init__(self, value: bool):
        self.value = bool(value)

    def __bool__(self) -> bool:
        return self.value

    def __eq__(self, other) -> bool:
        return bool(self) == bool(other)

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return f"Verdict({self.value})"

    def _ipython_display_(self) -> None:
        """Show nothing: the sentence was printed when the claim was checked."""


def _check_claim(claim) -> str:
    if not isinstance(claim, str) or not claim.strip():
        raise ValueError(f"claim must be a non-empty sentence (str), got {claim!r}")
    return claim.strip().rstrip(".")


def _check_atol(atol) -> float:
    if isinstance(atol, bool) or not isinstance(atol, numbers.Real) or not atol >= 0:
        raise ValueError(f"atol must be a non-negative number, got {atol!r}")
    return float(atol)


def _as_numbers(name: str, value) -> np.ndarray:
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be an array of numbers, got {type(value).__name__}"
        ) from None
    return array


def same(claim: str, a, b, atol: float = 1e-6) -> Verdict:
    """Print whether arrays ``a`` and ``b`` agree, as the sentence ``claim``; return a Verdict.

    They agree when their shapes are equal and every entry differs by at most
    ``atol``. Prints ``✓ <claim> (every entry within <atol>).`` (``(exactly).`` for
    ``atol=0``) or
    ``✗ Not so: <claim> (<what differs>).`` A mismatch is reported, never raised.

    >>> same("Two ways give the same grid", [[1, 2]], [[1, 2.0000001]])
    ✓ Two ways give the same grid (every entry within 1e-06).
    Verdict(True)
    """
    claim, atol = _check_claim(claim), _check_atol(atol)
    a, b = _as_numbers("a", a), _as_numbers("b", b)
    if a.shape != b.shape:
        print(f"✗ Not so: {claim} (shapes {a.shape} and {b.shape}).")
        return Verdict(False)
    gap = float(np.max(np.abs(a - b))) if a.size else 0.0
    if gap <= atol:  # NaN never agrees: the comparison is False
        print(f"✓ {claim} ({'exactly' if atol == 0 else f'every entry within {atol:g}'}).")
        return Verdict(True)
    print(f"✗ Not so: {claim} (largest difference {gap:.3g}).")
    return Verdict(False)


def holds(claim: str, condition) -> Verdict:
    """Print ``claim`` with a ✓ when ``condition`` is true, else ``✗ Not so: claim``; return it.

    >>> holds("Every seed reached a loss below 1e-4", all(x < 1e-4 for x in [3e-5, 2e-5]))
    ✓ Every seed reached a loss below 1e-4.
    Verdict(True)
    """
    claim = _check_claim(claim)
    if not isinstance(condition, (bool, np.bool_)):
        raise ValueError(f"condition must be True or False, got {condition!r}")
    print(f"✓ {claim}." if condition else f"✗ Not so: {claim}.")
    return Verdict(condition)
