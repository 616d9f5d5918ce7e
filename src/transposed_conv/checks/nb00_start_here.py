"""Self-checks of notebook 00, start here (see :mod:`.core`)."""

from __future__ import annotations

import numpy as np

from ..core import shapes
from .core import report, same_array, same_number


def start_output_size(answer) -> None:
    """00, exercise 1: Conv2DTranspose, kernel 3, stride 2, 'valid', on a 7x7 input:
    output height."""
    expected = shapes.keras_conv_transpose_output_size(7, 3, 2, "valid")
    report(
        same_number(answer, expected),
        "with 'valid' padding nothing is cropped: the last of the 7 inputs lands at "
        "row (7-1)*2 and its kernel copy covers 3 rows from there.",
        "(i - 1) * s + k.",
    )


def start_by_hand(answer) -> None:
    """00, exercise 2: the stride-2 transposed convolution of [[1, 2]] with kernel [[1, 1, 1]]."""
    from ..core.ops import conv2d_transpose

    expected = conv2d_transpose(np.array([[1.0, 2.0]]), np.ones((1, 3)), strides=2)
    report(
        same_array(answer, expected),
        "write a 1x5 row: put 1*[1, 1, 1] at columns 0-2 and 2*[1, 1, 1] at columns 2-4, "
        "then add where they overlap.",
        "overlapping copies add up.",
    )
