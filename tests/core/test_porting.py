"""PyTorch transposed-convolution settings ported to Keras, checked without installing PyTorch.

References: PyTorch's documented definition written out as loops over its own
channels-first layout (:func:`torch_reference`), the package's integer-padding ops
(PyTorch's meaning), and Keras (``keras.ops.conv_transpose`` in float64, a
``Conv2DTranspose`` layer in float32) for the Keras side.
"""

import doctest

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transposed_conv.core import layouts, ops, porting
from transposed_conv.models import reference

F64 = dict(rtol=1e-10, atol=1e-10)
F32 = dict(rtol=1e-4, atol=1e-4)


def torch_reference(x, weight, s, p, op, d=(1, 1)):
    """PyTorch's ConvTranspose2d by its definition: NCHW input, (C_in, C_out, kh, kw) weight.

    Input (i, j) times tap (a, b) lands on output (i*s - p + a*d, j*s - p + b*d) of an output
    of size (n-1)*s - 2p + d*(k-1) + op + 1.
    """
    n, c_in, h, w = x.shape
    _, c_out, kh, kw = weight.shape
    oh, ow = (
        (size - 1) * s[ax] - 2 * p[ax] + d[ax] * (k - 1) + op[ax] + 1
        for ax, (size, k) in enumerate([(h, kh), (w, kw)])
    )
    out = np.zeros((n, c_out, oh, ow))
    for i in range(h):
        for j in range(w):
            for a in range(kh):
                for b in range(kw):
                    y, z = i * s[0] - p[0] + a * d[0], j * s[1] - p[1] + b * d[1]
                    if 0 <= y < oh and 0 <= z < ow:
                        out[:, :, y, z] += x[:, :, i, j] @ weight[:, :, a, b]
    return out


def dilate(kernel, d):
    """Dilation written out with zeros (TensorFlow's plain CPU kernel refuses dilation_rate > 1)."""
    out = np.zeros(
        ((kernel.shape[0] - 1) * d[0] + 1, (kernel.shape[1] - 1) * d[1] + 1) + kernel.shape[2:]
    )
    out[:: d[0], :: d[1]] = kernel
    return out


def keras_output(keras, x, kernel, s, padding):
    out = keras.ops.conv_transpose(x, kernel, strides=s, padding=padding)
    return keras.ops.convert_to_numpy(out)


def test_k3_s2_p1_op1_is_keras_same_shifted_by_one_pixel(keras, rng):
    """On a 4x4 input the full output is 9x9: PyTorch keeps rows 1-8, Keras 'same' rows 0-7."""
    x = rng.normal(size=(1, 4, 4, 1))
    kernel = rng.normal(size=(3, 3, 1, 1))
    full = ops.conv2d_transpose(x, kernel, 2)
    assert full.shape[1:3] == (9, 9)
    torch_out = ops.conv2d_transpose(x, kernel, 2, padding=1, output_padding=1)
    same = keras_output(keras, x, kernel, 2, "same")
    assert torch_out.shape == same.shape == (1, 8, 8, 1)
    np.testing.assert_allclose(torch_out, full[:, 1:9, 1:9], **F64)
    np.testing.assert_allclose(same, full[:, 0:8, 0:8], **F64)
    assert not np.allclose(same, torch_out)
    port = porting.from_torch(3, 2, padding=1, output_padding=1)
    assert port == porting.KerasPort("valid", ((1, 0), (1, 0)))
    np.testing.assert_allclose(
        porting.crop_like_torch(keras_output(keras, x, kernel, 2, "valid"), port), torch_out, **F64
    )


def test_k4_s2_p1_is_exactly_keras_same(keras, rng):
    x = rng.normal(size=(2, 5, 3, 2))
    kernel = rng.normal(size=(4, 4, 3, 2))
    port = porting.from_torch(4, 2, padding=1)
    assert port == porting.KerasPort("same", ((0, 0), (0, 0)))
    np.testing.assert_allclose(
        keras_output(keras, x, kernel, 2, "same"), ops.conv2d_transpose(x, kernel, 2, 1), **F64
    )


@st.composite
def torch_setting(draw, dims=2):
    k = tuple(draw(st.integers(1, 6)) for _ in range(dims))
    s = tuple(draw(st.integers(1, 4)) for _ in range(dims))
    d = tuple(draw(st.integers(1, 3)) for _ in range(dims))
    op = tuple(draw(st.integers(0, si - 1)) for si in s)
    size = tuple(draw(st.integers(1, 5)) for _ in range(dims))
    full = [(size[a] - 1) * s[a] + d[a] * (k[a] - 1) + 1 for a in range(dims)]
    p = tuple(draw(st.integers(0, (full[a] + op[a] - 1) // 2)) for a in range(dims))  # never empty
    n, c_in, c_out = (draw(st.integers(1, 2)) for _ in range(3))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    return dict(
        x=rng.normal(size=(n, *size, c_in)),
        kernel=rng.normal(size=(*k, c_out, c_in)),
        s=s,
        p=p,
        op=op,
        d=d,
    )


@settings(max_examples=80)
@given(torch_setting())
def test_keras_with_the_port_equals_pytorch_semantics(keras, tf, c):
    port = porting.from_torch(c["kernel"].shape[:2], c["s"], c["p"], c["op"], c["d"])
    out = keras_output(keras, c["x"], dilate(c["kernel"], c["d"]), c["s"], port.padding)
    expected = ops.conv2d_transpose(c["x"], c["kernel"], c["s"], c["p"], c["op"], c["d"])
    np.testing.assert_allclose(porting.crop_like_torch(out, port), expected, **F64)
    as_tf = porting.crop_like_torch(tf.constant(out), port)  # the TensorFlow path
    np.testing.assert_allclose(as_tf.numpy(), expected, **F64)
    if port.padding == "same":
        assert port.crop == ((0, 0), (0, 0))


@settings(max_examples=30)
@given(torch_setting(dims=1))
def test_conv_transpose_1d_port(keras, c):
    x, kernel = c["x"], c["kernel"]
    (k,), (s,), (p,), (op,), (d,) = kernel.shape[:1], c["s"], c["p"], c["op"], c["d"]
    port = porting.from_torch(k, s, p, op, d, dims=1)
    wide = np.zeros(((k - 1) * d + 1, *kernel.shape[1:]))
    wide[::d] = kernel
    out = keras.ops.convert_to_numpy(
        keras.ops.conv_transpose(x, wide, strides=s, padding=port.padding)
    )
    np.testing.assert_allclose(
        porting.crop_like_torch(out, port), ops.conv1d_transpose(x, kernel, s, p, op, d), **F64
    )


@pytest.mark.parametrize(
    "k, s, p, op", [(3, 2, 1, 1), (4, 2, 1, 0), (5, 3, 2, 2), (2, 3, 0, 2), (3, 1, 2, 0)]
)
def test_full_port_of_a_pytorch_weight_array_into_a_keras_model(keras, rng, k, s, p, op):
    """PyTorch weight (C_in, C_out, kh, kw) -> layouts -> Conv2DTranspose + keras_layers ==
    PyTorch's definition."""
    x_nchw = rng.normal(size=(2, 3, 4, 5))
    weight = rng.normal(size=(3, 2, k, k))
    expected = torch_reference(x_nchw, weight, (s, s), (p, p), (op, op)).transpose(0, 2, 3, 1)
    port = porting.from_torch(k, s, p, op)
    layer = keras.layers.Conv2DTranspose(2, k, strides=s, padding=port.padding, use_bias=False)
    model = keras.Sequential([keras.Input((4, 5, 3)), layer, *reference.keras_layers(port)])
    layer.set_weights([layouts.torch_to_keras(weight).astype("float32")])
    x = x_nchw.transpose(0, 2, 3, 1)
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(model(x.astype("float32"))), expected, **F32
    )
    np.testing.assert_allclose(
        ops.conv2d_transpose(x, layouts.torch_to_keras(weight), s, p, op), expected, **F64
    )


def test_zeros_are_appended_where_output_padding_passes_the_full_output(keras, rng):
    """k=2, s=3, op=2: PyTorch's last cells get no input; Keras 'valid' stops earlier."""
    x = rng.normal(size=(1, 2, 2, 1))
    kernel = rng.normal(size=(2, 2, 1, 1))
    port = porting.from_torch(2, 3, 0, 2)
    assert port.padding == "valid" and port.crop == ((0, -1), (0, -1))
    out = porting.crop_like_torch(keras_output(keras, x, kernel, 3, "valid"), port)
    assert out.shape == (1, 7, 7, 1) and not out[:, -1].any() and not out[:, :, -1].any()
    model = keras.Sequential([keras.Input((6, 6, 1)), *reference.keras_layers(port)])
    assert [type(layer).__name__ for layer in model.layers] == ["ZeroPadding2D"]


def test_bad_arguments():
    with pytest.raises(ValueError, match="output_padding"):
        porting.from_torch(3, 2, 1, 2)
    with pytest.raises(ValueError, match="kernel_size"):
        porting.from_torch((3, 3, 3), 2, 1, dims=2)
    with pytest.raises(ValueError, match="port"):
        porting.crop_like_torch(np.zeros((1, 3, 3, 1)), ("valid", ((0, 0), (0, 0))))
    with pytest.raises(ValueError, match="y"):
        porting.crop_like_torch(np.zeros((1, 3, 1)), porting.from_torch(3, 2, 1, 1))


def test_docstring_examples():
    assert doctest.testmod(porting).failed == 0
