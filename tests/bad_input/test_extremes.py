"""The fuzz cases issue 21 found: sizes too large to allocate, floats that overflow, and NumPy's
small and unsigned integers, whose arithmetic wraps around instead of growing."""

import numpy as np
import pytest

from transposed_conv.core import shapes
from transposed_conv.models import data


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: data.bezier_basis(2**63), "n_points"),
        (lambda: data.bezier_basis(10**9), "n_points"),
        (lambda: data.bezier_curves(2, n_points=10**9), "n"),
        (lambda: data.bezier_curves(10**9), "n"),
        (lambda: data.bezier_curves(2, scale=1e308), "scale"),
        (lambda: data.bezier_curves(2, scale=float("nan")), "scale"),
    ],
)
def test_huge_sizes_and_overflowing_scales_are_refused_by_name(call, name):
    with pytest.raises(ValueError, match=name):
        call()


@pytest.mark.parametrize("kind", [np.uint8, np.uint16, np.int8, np.int16, np.uint64])
@pytest.mark.parametrize("padding", [1, "same", "valid"])
def test_numpy_integers_give_the_python_integers_result(kind, padding):
    # (200 - 1) * 200 wraps around in uint8 arithmetic; the result must not
    for i, k, s in [(200, 200, 200), (4, 3, 2), (100, 3, 3)]:
        if max(i, k, s) > np.iinfo(kind).max:
            continue  # not representable in this type
        typed = shapes.conv_transpose_crop(kind(i), kind(k), kind(s), padding)
        assert typed == shapes.conv_transpose_crop(i, k, s, padding)
