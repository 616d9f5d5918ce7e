"""Self-checks of notebook 01, convolution as a matrix (see :mod:`.core`)."""

from __future__ import annotations

import numpy as np

from ..core import shapes
from .core import called, quietly, report, reported_trouble, same_array, same_number, shape_answer


def matrix_shape(answer) -> None:
    """01, exercise 1: shape of C for a 6x6 input, 3x3 kernel, stride 2, no padding."""
    out = shapes.conv_output_size(6, 3, 2)
    report(
        shape_answer(answer) == (out * out, 36),
        "C has one row per output cell and one column per input cell; "
        "first find the output size with floor((i - k) / s) + 1.",
        "rows = output cells, columns = input cells.",
    )


def matrix_transpose_by_hand(answer) -> None:
    """01, exercise 2: C.T @ y for y = [[1, 2], [3, 4]] and the 2x2 kernel [[1, 0], [0, 1]]."""
    from ..core.ops import conv2d_transpose

    expected = conv2d_transpose(np.array([[1.0, 2.0], [3.0, 4.0]]), np.eye(2))
    report(
        same_array(answer, expected),
        "the answer is 3x3. Each y value is copied onto the diagonal of a 2x2 block "
        "starting at its own position; add the copies where they overlap.",
        "one-to-many, then summed.",
    )


def matrix_nonzeros(answer) -> None:
    """01, exercise 3: non-zero entries of C for a 28x28 input and a 3x3 kernel with no
    zero weight."""
    out = shapes.conv_output_size(28, 3)
    report(
        same_number(answer, out * out * 9),
        "every row of C holds one copy of the kernel; how many rows are there?",
        "a tiny fraction of the matrix, which is why nobody stores it.",
    )


CONV_MATRIX_CASES = ((5, 3), (8, 1), (6, 6), (9, 4), (4, 2))  # 01, exercise 4: (n, k)


def conv_matrix_function(answer) -> None:
    """01, exercise 4: a function ``conv_matrix(n, kernel)`` returning the matrix ``C`` of the
    stride-1, no-padding 1-D convolution (cross-correlation) of an ``n``-number input."""
    from ..core.ops import conv1d, conv1d_transpose

    if reported_trouble(answer, "conv_matrix(n, kernel)", 5, np.array([1.0, 2.0, 3.0])):
        return

    def matrices():
        """(C, kernel) for each case, the same random kernels on every call."""
        rng = np.random.default_rng(1)
        for n, k in CONV_MATRIX_CASES:
            kernel = rng.normal(size=k)
            yield called(answer, n, kernel.copy()), kernel, n

    def shaped():
        return all(
            c is not None and c.shape == (n - len(kernel) + 1, n) for c, kernel, n in matrices()
        )

    def right():
        rng = np.random.default_rng(2)
        for c, kernel, n in matrices():
            xs = rng.normal(size=(n, n))  # n random inputs: together they pin every entry of C
            ys = rng.normal(size=(n, n - len(kernel) + 1))
            for x, y in zip(xs, ys, strict=True):
                if not np.allclose(c @ x, conv1d(x, kernel), rtol=0, atol=1e-9):
                    return False
                if not np.allclose(c.T @ y, conv1d_transpose(y, kernel), rtol=0, atol=1e-9):
                    return False
        return True

    if not quietly(shaped):
        ok, hint = (
            False,
            "conv_matrix(n, kernel) must return an array with one row per output "
            "(n - k + 1 of them for a kernel of k numbers) and one column per input (n).",
        )
    else:
        ok = quietly(right)
        hint = (
            "the shape is right; now row i must hold the weights with which output i reads the "
            "inputs: the kernel's taps, in order (not flipped), in the columns its window covers, "
            "and zeros elsewhere."
        )
    report(ok, hint, "C @ x is the convolution and C.T @ y the transposed convolution.")
