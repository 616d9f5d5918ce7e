"""Self-checks of notebook 11, super-resolution on MNIST (see :mod:`.core`)."""

from __future__ import annotations

import numpy as np

from .core import phase_sums_2, quietly, report, reported_trouble


def _flat_phases(kernel) -> bool:
    """Every input channel's four stride-2 phase sums are equal (relative to the kernel's size;
    lenient enough for an answer computed in float32)."""
    sums = phase_sums_2(kernel)  # (2, 2, C_out, C_in)
    spread = sums.max(axis=(0, 1)) - sums.min(axis=(0, 1))
    return bool((spread <= 1e-6 * max(np.abs(kernel).max(), 1e-12)).all())


def flatten_phases(answer, trained_kernel=None) -> None:
    """11, exercise 1: a function that makes a (3, 3, 1, C) stride-2 kernel's phase sums equal
    per input channel, keeping each channel's total; tried on random kernels and on
    ``trained_kernel``, and run through a transposed convolution on a constant input."""
    from ..core.ops import conv2d_transpose

    if reported_trouble(answer, "flatten_phases(kernel)", np.ones((3, 3, 1, 2))):
        return

    def works_on(kernel):
        given = kernel.copy()
        out = np.asarray(answer(given), dtype=float)
        if not np.array_equal(given, kernel):  # the caller's kernel must stay as it was
            return False
        totals_kept = out.shape == kernel.shape and np.allclose(
            out.sum(axis=(0, 1, 2)), kernel.sum(axis=(0, 1, 2)), rtol=1e-6, atol=1e-9
        )
        if not (totals_kept and np.isfinite(out).all() and _flat_phases(out)):
            return False
        # the consequence that matters: a constant input gives a flat output away from the edges
        y = conv2d_transpose(np.ones((1, 6, 6, kernel.shape[3])), out, 2, "same")[0, 2:-2, 2:-2]
        return np.ptp(y) <= 1e-6 * max(np.abs(y).max(), 1e-12)

    def test():
        if not callable(answer):
            return False
        rng = np.random.default_rng(11)
        kernels = [rng.normal(size=(3, 3, 1, 1)), rng.normal(size=(3, 3, 1, 4))]
        kernels.append(rng.random((3, 3, 1, 2)))
        centreless = rng.random((3, 3, 1, 2))
        centreless[1, 1] = 0.0  # phase (1, 1) is the centre tap alone: its sum is 0
        kernels.append(centreless)
        if trained_kernel is not None:
            kernels.append(np.array(trained_kernel, dtype=float))
        return all(works_on(k) for k in kernels)

    report(
        quietly(test),
        "for each channel c, compute the four sums kernel[p::2, q::2, 0, c].sum() and move each "
        "phase's taps so that its sum becomes the mean of the four (the total stays the same; "
        "a phase that sums to 0 cannot be scaled, so shift). Return a new array of the kernel's "
        "shape, leaving the kernel you were given unchanged.",
        "a constant input now gives a flat output: no checkerboard from this head's structure.",
    )
