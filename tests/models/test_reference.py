"""The Keras reference layer notebooks 02-05 check the NumPy ops against."""

import numpy as np
import pytest

from transposed_conv.core import ops
from transposed_conv.models import reference


def test_keras_conv_transpose_helper(keras, rng):
    x = rng.normal(size=(2, 3, 4, 3))
    kernel = rng.normal(size=(2, 3, 5, 3))
    out = reference.keras_conv_transpose(x, kernel, strides=2, padding="same")
    np.testing.assert_allclose(out, ops.conv2d_transpose(x, kernel, 2, "same"), atol=1e-4)
    # seed 001's stride-1 example, single channel
    square = np.array([[0.0, 1.0], [2.0, 3.0]])
    np.testing.assert_allclose(
        reference.keras_conv_transpose(square, square), [[0, 0, 1], [0, 4, 6], [4, 12, 9]]
    )
    with pytest.raises(ValueError, match="both"):
        reference.keras_conv_transpose(np.ones((3, 3)), np.ones((2, 2, 1, 1)))
