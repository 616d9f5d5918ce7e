"""Self-checks of notebook 06, 1-D autoencoder on curves (see :mod:`.core`)."""

from __future__ import annotations

import numpy as np

from ..core import shapes
from .core import as_numbers, quietly, report, same_array, same_number

DECODE_FILTERS = np.array([[1.0, 2.0, 1.0], [0.0, 1.0, -1.0], [2.0, 0.0, 0.0]])
DECODE_CODE = np.array([1.0, -2.0, 0.5])


def decode_by_hand(answer) -> None:
    """06, exercise 1: the decoder output for ``DECODE_CODE`` and the rows of ``DECODE_FILTERS``."""
    report(
        same_array(answer, DECODE_CODE @ DECODE_FILTERS),
        "multiply each filter (row) by its code value and add the three scaled rows "
        "point by point.",
        "a weighted sum of the filters.",
    )


def code_length(answer) -> None:
    """06, exercise 2: code vectors that Conv1D(3, 7, strides=4) makes from a 23-point curve."""
    report(
        same_number(answer, shapes.conv_output_size(23, 7, 4)),
        "count the window positions: the window starts at 0, 4, 8, ... "
        "and must end inside the curve.",
        "and Conv1DTranspose turns them back into (n - 1) * 4 + 7 = 23 points.",
    )


def taper_weights(answer) -> None:
    """06, exercise 3: any 7 non-negative taper weights whose overlaps at stride 4 add up to 1."""

    def test():
        w = as_numbers(answer)
        return (
            w is not None
            and w.shape == (7,)
            and (w >= 0).all()
            and np.isclose(w[3], 1.0)
            and np.allclose(w[:3] + w[4:], 1.0)
        )

    report(
        quietly(test),
        "with stride 4, tap j of one patch lands on tap j + 4 of the previous one (j = 0, 1, 2); "
        "those pairs must add up to 1, and the middle tap is never overlapped.",
        "the overlapping copies now add up to the signal.",
    )
