"""The NumPy implementations against TensorFlow and Keras, over randomised settings.

References: ``tf.nn.conv2d_transpose`` / ``tf.nn.conv2d`` in float64 (integer
padding as TensorFlow's explicit padding), ``keras.ops.conv_transpose`` (string
padding) and Keras layers with copied weights (float32). TensorFlow refuses
stride > 1 together with dilation > 1, and its plain CPU kernel (used when oneDNN is
off, whatever the CPU's maker) refuses any dilation > 1 in a transposed convolution, so the
reference gets the dilated kernel written out with zeros, which is the definition
of dilation. Two tests check that against TensorFlow's own dilation where it runs.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import split, transposed_case

from transposed_conv.core import ops

F32 = dict(rtol=1e-4, atol=1e-4)  # float32 reference
F64 = dict(rtol=1e-10, atol=1e-10)  # float64 reference
IMPLEMENTATIONS = [ops.conv2d_transpose, ops.conv2d_transpose_scatter, ops.conv2d_transpose_as_conv]


def dilate(kernel, d):
    """Write dilation out: insert d-1 zeros between kernel taps on both spatial axes."""
    kh, kw = kernel.shape[:2]
    out = np.zeros(((kh - 1) * d[0] + 1, (kw - 1) * d[1] + 1) + kernel.shape[2:])
    out[:: d[0], :: d[1]] = kernel
    return out


def run_all(case):
    x, kernel, kwargs = split(case)
    return [f(x, kernel, **kwargs) for f in IMPLEMENTATIONS]


@settings(max_examples=150)
@given(transposed_case())
def test_integer_padding_matches_tf_nn_conv2d_transpose(tf, case):
    outs = run_all(case)
    p, s = case["padding"], case["strides"]
    kernel = dilate(case["kernel"], case["dilation"])
    expected_shape = (case["x"].shape[0], *outs[0].shape[1:3], kernel.shape[2])
    ref = tf.nn.conv2d_transpose(
        tf.constant(case["x"]),
        tf.constant(kernel),
        output_shape=expected_shape,
        strides=s,
        padding=[[0, 0], [p[0], p[0]], [p[1], p[1]], [0, 0]],
    ).numpy()
    for out in outs:
        np.testing.assert_allclose(out, ref, **F64)


@settings(max_examples=150)
@given(transposed_case(padding_kind="string"))
def test_string_padding_matches_keras_ops(keras, case):
    outs = run_all(case)
    ref = keras.ops.convert_to_numpy(
        keras.ops.conv_transpose(
            case["x"].astype("float32"),
            dilate(case["kernel"], case["dilation"]).astype("float32"),
            strides=case["strides"],
            padding=case["padding"],
            output_padding=case["output_padding"],
        )
    )
    for out in outs:
        assert out.shape == ref.shape
        np.testing.assert_allclose(out, ref, **F32)


def keras_layer_output(keras, case, kernel, dilation_rate):
    """A bias-free ``Conv2DTranspose`` holding ``kernel``, applied to ``case["x"]`` in float32."""
    layer = keras.layers.Conv2DTranspose(
        filters=kernel.shape[2],
        kernel_size=kernel.shape[:2],
        strides=case["strides"],
        padding=case["padding"],
        output_padding=case["output_padding"],
        dilation_rate=dilation_rate,
        use_bias=False,
    )
    layer.build((None, *case["x"].shape[1:]))
    layer.set_weights([kernel.astype("float32")])
    return keras.ops.convert_to_numpy(layer(case["x"].astype("float32")))


@settings(max_examples=40)
@given(transposed_case(padding_kind="string", layer=True))
def test_matches_keras_conv2dtranspose_layer_with_copied_weights(keras, case):
    """Portable on every CPU: the layer gets the dilated kernel written out,
    with dilation_rate 1."""
    ref = keras_layer_output(keras, case, dilate(case["kernel"], case["dilation"]), dilation_rate=1)
    out = ops.conv2d_transpose(
        case["x"],
        case["kernel"],
        case["strides"],
        case["padding"],
        case["output_padding"],
        case["dilation"],
    )
    assert out.shape == ref.shape
    np.testing.assert_allclose(out, ref, **F32)


@settings(max_examples=20)
@given(transposed_case(padding_kind="string", layer=True))
def test_matches_keras_own_dilation_rate(keras, tf_dilated_transpose, case):
    """Keras' own dilation_rate, where TensorFlow's CPU kernel supports it (oneDNN on)."""
    ref = keras_layer_output(keras, case, case["kernel"], dilation_rate=case["dilation"])
    out = ops.conv2d_transpose(
        case["x"],
        case["kernel"],
        case["strides"],
        case["padding"],
        case["output_padding"],
        case["dilation"],
    )
    assert out.shape == ref.shape
    np.testing.assert_allclose(out, ref, **F32)


def test_dilation_matches_tensorflow_own_dilation(tf_dilated_transpose, rng):
    """The dilated-kernel reference above agrees with TensorFlow's dilations at stride 1.

    TensorFlow's float64 CPU kernel has no dilation, so this one runs in float32;
    it needs the oneDNN CPU path (see the fixture).
    """
    tf = tf_dilated_transpose
    x = rng.normal(size=(2, 5, 4, 3)).astype("float32")
    kernel = rng.normal(size=(3, 2, 2, 3)).astype("float32")
    for d in [(2, 2), (3, 1), (1, 3)]:
        out = ops.conv2d_transpose(x, kernel, dilation=d)
        ref = tf.nn.conv2d_transpose(x, kernel, out.shape, strides=1, padding="VALID", dilations=d)
        np.testing.assert_allclose(out, ref.numpy(), **F32)
        ref_dilated = tf.nn.conv2d_transpose(
            x, dilate(kernel, d), out.shape, strides=1, padding="VALID"
        )
        np.testing.assert_allclose(ref_dilated.numpy(), ref.numpy(), **F32)


@st.composite
def conv_case(draw):
    n, c_in, c_out = (draw(st.integers(1, 3)) for _ in range(3))
    k = [draw(st.integers(1, 5)) for _ in range(2)]
    s = [draw(st.integers(1, 4)) for _ in range(2)]
    d = [draw(st.integers(1, 3)) for _ in range(2)]
    padding = draw(
        st.one_of(
            st.sampled_from(["valid", "same"]), st.tuples(st.integers(0, 3), st.integers(0, 3))
        )
    )
    size = []
    for a in (0, 1):  # at least one window must fit in the padded input
        span = d[a] * (k[a] - 1) + 1
        pad = 2 * padding[a] if isinstance(padding, tuple) else 0
        smallest = 1 if padding == "same" else max(1, span - pad)
        size.append(draw(st.integers(smallest, smallest + 8)))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    return dict(
        x=rng.normal(size=(n, *size, c_in)),
        kernel=rng.normal(size=(*k, c_in, c_out)),
        strides=tuple(s),
        padding=padding,
        dilation=tuple(d),
    )


@settings(max_examples=150)
@given(conv_case())
def test_conv2d_matches_tf_nn_conv2d(tf, case):
    out = ops.conv2d(case["x"], case["kernel"], case["strides"], case["padding"], case["dilation"])
    p = case["padding"]
    tf_padding = p.upper() if isinstance(p, str) else [[0, 0], [p[0], p[0]], [p[1], p[1]], [0, 0]]
    ref = tf.nn.conv2d(
        case["x"], dilate(case["kernel"], case["dilation"]), case["strides"], tf_padding
    )
    np.testing.assert_allclose(out, ref.numpy(), **F64)


def test_conv2d_matches_keras_conv2d_layer(keras, rng):
    x = rng.normal(size=(2, 9, 8, 3))
    for padding, strides, dilation in [
        ("valid", 1, 1),
        ("same", 2, 1),
        ("same", 1, 2),
        ("valid", 3, 1),
    ]:
        kernel = rng.normal(size=(3, 4, 3, 5))
        layer = keras.layers.Conv2D(
            5, (3, 4), strides, padding, dilation_rate=dilation, use_bias=False
        )
        layer.build((None, 9, 8, 3))
        layer.set_weights([kernel.astype("float32")])
        ref = keras.ops.convert_to_numpy(layer(x.astype("float32")))
        np.testing.assert_allclose(ops.conv2d(x, kernel, strides, padding, dilation), ref, **F32)


@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize("strides", [1, 2, 3])
def test_conv1d_and_transpose_match_keras_layers(keras, rng, padding, strides):
    x = rng.normal(size=(2, 11, 3))
    conv = keras.layers.Conv1D(4, 5, strides, padding, use_bias=False)
    conv.build((None, 11, 3))
    kernel = rng.normal(size=(5, 3, 4))
    conv.set_weights([kernel.astype("float32")])
    ref = keras.ops.convert_to_numpy(conv(x.astype("float32")))
    np.testing.assert_allclose(ops.conv1d(x, kernel, strides, padding), ref, **F32)

    tconv = keras.layers.Conv1DTranspose(4, 5, strides, padding, use_bias=False)
    tconv.build((None, 11, 3))
    tkernel = rng.normal(size=(5, 4, 3))
    tconv.set_weights([tkernel.astype("float32")])
    ref = keras.ops.convert_to_numpy(tconv(x.astype("float32")))
    np.testing.assert_allclose(ops.conv1d_transpose(x, tkernel, strides, padding), ref, **F32)


@pytest.mark.parametrize(
    "size, k, s, padding",
    [((4, 4), 3, 1, 0), ((5, 5), 3, 2, 1), ((6, 7), 2, 2, 0), ((5, 6), 3, 2, "same")],
)
def test_conv_matrix_transpose_is_the_gradient_of_conv2d(tf, rng, size, k, s, padding):
    """C.T @ g is what tf.GradientTape returns for the input of a convolution."""
    kernel = rng.normal(size=(k, k))
    x = tf.Variable(rng.normal(size=(1, *size, 1)))
    tf_padding = (
        padding.upper()
        if isinstance(padding, str)
        else [[0, 0], [padding] * 2, [padding] * 2, [0, 0]]
    )
    with tf.GradientTape() as tape:
        y = tf.nn.conv2d(x, kernel[:, :, None, None], s, tf_padding)
        g = rng.normal(size=y.shape)
        loss = tf.reduce_sum(y * g)
    grad = tape.gradient(loss, x).numpy()[0, :, :, 0]
    matrix = ops.conv_matrix(size, kernel, s, padding)
    np.testing.assert_allclose(matrix @ x.numpy().ravel(), y.numpy().ravel(), **F64)
    np.testing.assert_allclose((matrix.T @ g.ravel()).reshape(size), grad, **F64)


def test_tensorflow_rejects_what_shapes_rejects(tf, keras, rng):
    """'same', even kernel, output_padding=0: TensorFlow fails, and ops says why in advance."""
    x = rng.normal(size=(1, 3, 3, 1)).astype("float32")
    kernel = rng.normal(size=(4, 4, 1, 1)).astype("float32")
    with pytest.raises(tf.errors.OpError):  # TensorFlow's size check in Conv2DBackpropInput
        keras.ops.conv_transpose(x, kernel, strides=2, padding="same", output_padding=0)
    with pytest.raises(ValueError, match="output_padding"):
        ops.conv2d_transpose(x, kernel, strides=2, padding="same", output_padding=0)


@pytest.mark.parametrize("factor", [2, 3])
def test_bilinear_kernel_reproduces_tf_resize_away_from_the_border(tf, rng, factor):
    """FCN's bilinear initialisation: a transposed convolution that is bilinear resizing inside the
    image."""
    img = rng.random((2, 7, 6, 1))
    kernel = ops.bilinear_kernel(factor)[:, :, None, None]
    ours = ops.conv2d_transpose(img, kernel, strides=factor, padding="same")
    ref = tf.image.resize(img, (7 * factor, 6 * factor), method="bilinear").numpy()
    np.testing.assert_allclose(
        ours[:, factor:-factor, factor:-factor], ref[:, factor:-factor, factor:-factor], atol=1e-6
    )
    assert (
        np.abs(ours[:, 0] - ref[:, 0]).max() > 0.01
    )  # the border differs: zeros outside, not clamped edges
