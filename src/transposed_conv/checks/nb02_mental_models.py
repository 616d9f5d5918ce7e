"""Self-checks of notebook 02, two mental models (see :mod:`.core`)."""

from __future__ import annotations

import numpy as np

from .core import called, quietly, report, reported_trouble, same_array, same_number


def flipped_kernel(answer) -> None:
    """02, exercise 1: the kernel [[1, 2], [3, 4]] as the collect model uses it."""
    kernel = np.array([[1.0, 2.0], [3.0, 4.0]])
    report(
        same_array(answer, kernel[::-1, ::-1]),
        "flip top-bottom and left-right (a half turn), not a matrix transpose.",
        "a half turn of the kernel.",
    )


def distribute_cell(answer) -> None:
    """02, exercise 2: output[1, 1] of x = [[2, 1], [0, 3]] with kernel [[1, 2], [3, 4]],
    stride 1."""
    from ..core.ops import conv2d_transpose

    expected = conv2d_transpose(
        np.array([[2.0, 1.0], [0.0, 3.0]]), np.array([[1.0, 2.0], [3.0, 4.0]])
    )[1, 1]
    report(
        same_number(answer, expected),
        "all four scaled copies reach the centre cell; each input meets the kernel weight "
        "diagonally opposite to its own position.",
        "four products, one from each input.",
    )


def stretched_size(answer) -> None:
    """02, exercise 3: side of the stretched, padded grid for a 3x3 input, stride 2, kernel 3."""
    expected = (3 - 1) * 2 + 1 + 2 * (3 - 1)
    report(
        same_number(answer, expected),
        "stretching puts stride - 1 zeros between neighbours; then k - 1 zeros go on each side.",
        "and a 3x3 window slides over it to give the 7x7 output.",
    )


# 02, exercise 4: (input shape, kernel shape, stride); non-square, kernels smaller than the stride
DISTRIBUTE_CASES = (
    ((3, 3), (2, 2), 1),
    ((2, 4), (3, 2), 2),
    ((4, 3), (3, 3), 3),
    ((3, 2), (2, 3), 3),
    ((1, 1), (2, 2), 2),
    ((2, 3), (1, 1), 2),
)


def distribute_function(answer) -> None:
    """02, exercise 4: a function ``my_distribute(x, kernel, stride)`` that computes the
    transposed convolution (no padding) of a 2-D ``x`` by stamping scaled kernel copies."""
    from ..core.ops import conv2d_transpose

    example = (np.ones((2, 2)), np.ones((2, 2)), 1)
    if reported_trouble(answer, "my_distribute(x, kernel, stride)", *example):
        return

    def test():
        rng = np.random.default_rng(3)
        for x_shape, kernel_shape, stride in DISTRIBUTE_CASES:
            x, kernel = rng.normal(size=x_shape), rng.normal(size=kernel_shape)
            got = called(answer, x.copy(), kernel.copy(), stride)
            want = conv2d_transpose(x, kernel, strides=stride)
            if got is None or got.shape != want.shape:
                return False
            if not np.allclose(got, want, rtol=0, atol=1e-9):
                return False
        return True

    report(
        quietly(test),
        "my_distribute(x, kernel, stride) must return an array of (h - 1) * stride + kh rows and "
        "(w - 1) * stride + kw columns that starts as zeros and gets x[i, j] * kernel added with "
        "its top-left corner at row i * stride, column j * stride, for every i and j. The check "
        "tries non-square inputs and kernels, and strides 1 to 3.",
        "every input value stamps a scaled copy of the kernel; the copies add up.",
    )
