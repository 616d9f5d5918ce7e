"""Kernel layouts: the channels-first convention, computed from its definition."""

import numpy as np
import pytest

from transposed_conv.core import layouts, ops


def torch_conv_transpose2d(x, weight, stride):
    """PyTorch's documented ConvTranspose2d (no padding, no bias), NCHW input, weight
    (C_in, C_out, kh, kw)."""
    n, c_in, h, w = x.shape
    _, c_out, kh, kw = weight.shape
    out = np.zeros((n, c_out, (h - 1) * stride + kh, (w - 1) * stride + kw))
    for b, i, y, z in np.ndindex(n, c_in, h, w):
        out[b, :, y * stride : y * stride + kh, z * stride : z * stride + kw] += (
            x[b, i, y, z] * weight[i]
        )
    return out


def torch_conv2d(x, weight):
    """PyTorch's documented Conv2d (no padding, stride 1), weight (C_out, C_in, kh, kw)."""
    n, _, h, w = x.shape
    c_out, _, kh, kw = weight.shape
    out = np.zeros((n, c_out, h - kh + 1, w - kw + 1))
    for y, z in np.ndindex(out.shape[2:]):
        out[:, :, y, z] = np.einsum("nihw,oihw->no", x[:, :, y : y + kh, z : z + kw], weight)
    return out


def test_transposed_kernel_converts_to_torch_layout(rng):
    x = rng.normal(size=(2, 3, 4, 3))  # NHWC, 3 channels
    kernel = rng.normal(size=(3, 2, 5, 3))  # Keras (kh, kw, C_out, C_in)
    ours = ops.conv2d_transpose(x, kernel, strides=2)
    torch_style = torch_conv_transpose2d(x.transpose(0, 3, 1, 2), layouts.keras_to_torch(kernel), 2)
    np.testing.assert_allclose(ours, torch_style.transpose(0, 2, 3, 1), atol=1e-12)


def test_conv_kernel_converts_to_torch_layout(rng):
    x = rng.normal(size=(2, 5, 6, 3))
    kernel = rng.normal(size=(3, 2, 3, 4))  # Keras (kh, kw, C_in, C_out)
    torch_style = torch_conv2d(x.transpose(0, 3, 1, 2), layouts.keras_to_torch(kernel))
    np.testing.assert_allclose(ops.conv2d(x, kernel), torch_style.transpose(0, 2, 3, 1), atol=1e-12)


def test_round_trip_and_seed_003_mxnet_layout(rng):
    kernel = rng.normal(size=(3, 2, 5, 4))
    np.testing.assert_array_equal(layouts.torch_to_keras(layouts.keras_to_torch(kernel)), kernel)
    # seed 003: a (3, 3, 3) stack of kernels becomes (C_in=3, C_out=1, 3, 3) for MXNet's
    # Conv2DTranspose
    mx_kernel = np.expand_dims(rng.normal(size=(3, 3, 3)), 0).transpose(1, 0, 2, 3)
    assert mx_kernel.shape == (3, 1, 3, 3)
    assert layouts.torch_to_keras(mx_kernel).shape == (3, 3, 1, 3)  # Keras (kh, kw, C_out, C_in)


def test_layouts_bad_input():
    with pytest.raises(ValueError, match="kernel"):
        layouts.keras_to_torch(np.ones((3, 3)))
    with pytest.raises(ValueError, match="kernel"):
        layouts.torch_to_keras(np.ones((3, 3, 1)))


@pytest.mark.parametrize("f", [layouts.keras_to_torch, layouts.torch_to_keras])
def test_layouts_refuse_non_real_and_empty_kernels(f):
    assert f(np.ones((1, 2, 3, 4), np.float32)).dtype == np.float32  # the dtype is kept
    for bad in [
        np.ones((1, 1, 1, 1), complex),
        np.ones((1, 1, 1, 1), bool),
        np.full((1, 1, 1, 1), None),
        "kernel",
    ]:
        with pytest.raises(TypeError, match="kernel"):
            f(bad)
    with pytest.raises(ValueError, match="kernel"):
        f(np.ones((3, 3, 0, 1)))
