"""The teaching helpers of ops: distribute terms, feeders, the bilinear kernel."""

import numpy as np
import pytest

from transposed_conv.core import ops


def test_distribute_terms_sum_to_the_transposed_convolution(rng):
    x = rng.normal(size=(3, 2))
    kernel = rng.normal(size=(2, 3))
    for s, d in [(1, 1), (2, 1), (3, 2)]:
        terms, reached = ops.distribute_terms(x, kernel, s, d)
        np.testing.assert_allclose(
            terms.sum(axis=(0, 1)), ops.conv2d_transpose(x, kernel, s, dilation=d), atol=1e-12
        )
        assert reached.sum(axis=(2, 3)).tolist() == [[6, 6]] * 3  # each copy covers kh*kw cells
    with pytest.raises(ValueError, match="single-channel"):
        ops.distribute_terms(np.ones((1, 2, 2, 1)), np.ones((2, 2, 1, 1)))


def test_feeders_reassemble_every_output_cell(rng):
    x = rng.normal(size=(3, 4))
    kernel = rng.normal(size=(3, 2))
    for kw in [
        dict(strides=2),
        dict(strides=(2, 3), padding=1, output_padding=1),
        dict(padding="same", strides=2),
        dict(dilation=2),
    ]:
        out = ops.conv2d_transpose(x, kernel, **kw)
        for cell in np.ndindex(out.shape):
            total = sum(
                x[i, j] * kernel[a, b]
                for i, j, a, b in ops.feeders(x.shape, kernel.shape, cell, **kw)
            )
            assert abs(total - out[cell]) < 1e-12
    with pytest.raises(ValueError, match="cell"):
        ops.feeders((2, 2), (2, 2), (3, 0))
    with pytest.raises(ValueError, match="cell"):
        ops.feeders((2, 2), (2, 2), 5)


def test_bilinear_kernel_matches_fcn_recipe():
    # FCN's upsample_filt: factor 2 -> 4 taps [1, 3, 3, 1]/4 per axis; factor 3 -> [1, 2, 3, 2, 1]/3
    np.testing.assert_allclose(
        ops.bilinear_kernel(2), np.outer([0.25, 0.75, 0.75, 0.25], [0.25, 0.75, 0.75, 0.25])
    )
    np.testing.assert_allclose(ops.bilinear_kernel(3)[2], np.array([1, 2, 3, 2, 1]) / 3)
    with pytest.raises(ValueError, match="factor"):
        ops.bilinear_kernel(0)
