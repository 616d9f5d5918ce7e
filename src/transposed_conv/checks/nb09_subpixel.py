"""Self-checks of notebook 09, sub-pixel convolution (see :mod:`.core`)."""

from __future__ import annotations

import numpy as np

from .core import equal_sums, kernel_of, quietly, report, reported_trouble


def depth_to_space_function(answer) -> None:
    """09, exercise 1: a function ``f(x, r)`` that computes ``tf.nn.depth_to_space`` in NumPy."""
    from ..core.subpixel import depth_to_space

    if reported_trouble(answer, "my_depth_to_space(x, r)", np.ones((1, 1, 1, 4)), 2):
        return

    def test():
        if not callable(answer):
            return False
        rng = np.random.default_rng(7)
        for shape, r in [
            ((1, 2, 3, 4), 2),
            ((2, 3, 2, 8), 2),
            ((1, 2, 2, 18), 3),
            ((1, 1, 1, 4), 2),
        ]:
            x = rng.normal(size=shape)
            got = np.asarray(answer(x.copy(), r), dtype=np.float64)
            want = depth_to_space(x, r)
            if got.shape != want.shape or not np.array_equal(got, want):
                return False
        return True

    report(
        quietly(test),
        "my_depth_to_space(x, r) must return an (N, H*r, W*r, C) array in which channel "
        "group p*r + q of pixel (i, j) lands at (i*r + p, j*r + q): reshape the channels to "
        "(r, r, C), then move the row phase next to H and the column phase next to W.",
        "that is tf.nn.depth_to_space.",
    )


def flat_subpixel_kernel(answer) -> None:
    """09, exercise 2: a (3, 3, 1, 4) sub-pixel kernel, not ICNR, whose 4 phases have equal
    sums."""

    def shaped():
        return kernel_of(answer, (3, 3, 1, 4)) is not None

    def flat():
        return equal_sums(kernel_of(answer, (3, 3, 1, 4)).sum(axis=(0, 1, 2)))

    def not_icnr():
        k = kernel_of(answer, (3, 3, 1, 4))
        return not all(np.array_equal(k[..., 0], k[..., c]) for c in range(1, 4))

    if not quietly(shaped):
        hint = "give a NumPy array of shape (3, 3, 1, 4): (kh, kw, C_in, r*r*C_out) with r = 2."
        ok = False
    elif not quietly(flat):
        hint = (
            "a flat input gives each phase (output channel c) the sum of kernel[..., c]; "
            "make the four sums equal and not zero."
        )
        ok = False
    elif not quietly(not_icnr):
        hint = "that is ICNR (all four sub-kernels the same); make them differ, keeping equal sums."
        ok = False
    else:
        hint, ok = "", True
    report(ok, hint, "equal phase sums without equal sub-kernels: flat at the start all the same.")
