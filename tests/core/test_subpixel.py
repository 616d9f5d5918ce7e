"""Sub-pixel convolution against TensorFlow's transposed convolution, in float64.

References: ``tf.nn.conv2d`` + ``tf.nn.depth_to_space`` for the sub-pixel side,
``tf.nn.conv2d_transpose`` (``"SAME"``, ``"VALID"`` and explicit padding, as Keras and
PyTorch use them) for the transposed side; hand-worked 1-D kernels for the layout.
"""

import doctest

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transposed_conv.core import subpixel

F64 = dict(rtol=1e-10, atol=1e-10)


@st.composite
def case(draw, max_kernel=7):
    """Input, Keras transposed kernel and stride r (one stride for both axes, as depth_to_space)."""
    r = draw(st.integers(1, 4))
    n, c_in, c_out = (draw(st.integers(1, 2)) for _ in range(3))
    h, w = (draw(st.integers(1, 5)) for _ in range(2))
    kh, kw = (draw(st.integers(1, max_kernel)) for _ in range(2))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    return rng.normal(size=(n, h, w, c_in)), rng.normal(size=(kh, kw, c_out, c_in)), r


def tf_subpixel(tf, x, kernel, r, padding):
    """TensorFlow's conv2d (SAME, or k'-1 zeros each side) then depth_to_space."""
    if padding == "same":
        pads = "SAME"
    else:
        pads = [[0, 0], [kernel.shape[0] - 1] * 2, [kernel.shape[1] - 1] * 2, [0, 0]]
    out = tf.nn.conv2d(x, kernel, 1, pads)
    return (
        tf.nn.depth_to_space(out, r) if r > 1 else out
    ).numpy()  # TensorFlow refuses block size 1


def tf_transpose(tf, x, kernel, r, padding, output_hw):
    out_shape = (x.shape[0], *output_hw, kernel.shape[2])
    return tf.nn.conv2d_transpose(x, kernel, out_shape, strides=r, padding=padding).numpy()


@settings(max_examples=60)
@given(case())
def test_same_padding_equals_keras_same_for_every_kernel_size(tf, c):
    x, kernel, r = c
    sub = subpixel.transposed_to_subpixel(kernel, r, "same")
    assert sub.shape[2:] == (kernel.shape[3], r * r * kernel.shape[2])
    ref = tf_transpose(tf, x, kernel, r, "SAME", (x.shape[1] * r, x.shape[2] * r))
    np.testing.assert_allclose(tf_subpixel(tf, x, sub, r, "same"), ref, **F64)
    np.testing.assert_allclose(subpixel.subpixel_conv(x, sub, r, "same"), ref, **F64)


@settings(max_examples=60)
@given(case())
def test_valid_padding_gives_the_full_output_then_zeros(tf, c):
    x, kernel, r = c
    sub = subpixel.transposed_to_subpixel(kernel, r, "valid")
    full_hw = [(x.shape[1 + a] - 1) * r + kernel.shape[a] for a in (0, 1)]
    full = tf_transpose(tf, x, kernel, r, "VALID", full_hw)
    out = tf_subpixel(tf, x, sub, r, "valid")
    np.testing.assert_allclose(out[:, : full_hw[0], : full_hw[1]], full, **F64)
    assert not out[:, full_hw[0] :].any() and not out[:, :, full_hw[1] :].any()
    assert all(out.shape[1 + a] - full_hw[a] == sub.shape[a] * r - kernel.shape[a] for a in (0, 1))
    np.testing.assert_allclose(subpixel.subpixel_conv(x, sub, r, "valid"), out, **F64)


@settings(max_examples=40)
@given(case(), st.data())
def test_integer_padding_and_output_padding_are_crops_of_the_full_output(tf, c, data):
    """PyTorch's setting: full[p : p + length], zeros past the end (TensorFlow's explicit
    padding)."""
    x, kernel, r = c
    full = subpixel.subpixel_conv(
        x, subpixel.transposed_to_subpixel(kernel, r, "valid"), r, "valid"
    )
    op = data.draw(st.integers(0, r - 1))
    lengths = [(x.shape[1 + a] - 1) * r + kernel.shape[a] + op for a in (0, 1)]
    p = data.draw(st.integers(0, (min(lengths) - 1) // 2))
    out_hw = [n - 2 * p for n in lengths]
    ref = tf.nn.conv2d_transpose(
        x,
        kernel,
        (x.shape[0], *out_hw, kernel.shape[2]),
        strides=r,
        padding=[[0, 0], [p, p], [p, p], [0, 0]],
    ).numpy()
    extended = np.pad(full, ((0, 0), (0, r), (0, r), (0, 0)))  # op may reach past the zero tail
    np.testing.assert_allclose(extended[:, p : p + out_hw[0], p : p + out_hw[1]], ref, **F64)


@settings(max_examples=40)
@given(case(max_kernel=4))
def test_subpixel_to_transposed_matches_tensorflow(tf, c):
    x, kernel, r = c
    rng = np.random.default_rng(0)
    sub = rng.normal(
        size=(kernel.shape[0], kernel.shape[1], x.shape[3], r * r * 2)
    )  # any sub-pixel kernel
    back = subpixel.subpixel_to_transposed(sub, r)
    assert back.shape[2:] == (2, x.shape[3])
    ref = tf_subpixel(tf, x, sub, r, "same")
    np.testing.assert_allclose(tf_transpose(tf, x, back, r, "SAME", ref.shape[1:3]), ref, **F64)


@settings(max_examples=40)
@given(case())
def test_round_trips(tf, c):
    x, kernel, r = c
    again = subpixel.subpixel_to_transposed(subpixel.transposed_to_subpixel(kernel, r), r)
    out_hw = (x.shape[1] * r, x.shape[2] * r)
    np.testing.assert_allclose(
        tf_transpose(tf, x, again, r, "SAME", out_hw),
        tf_transpose(tf, x, kernel, r, "SAME", out_hw),
        **F64,
    )
    if all(k % r == 0 and (k // r) % 2 == 1 for k in kernel.shape[:2]):
        np.testing.assert_array_equal(again, kernel)  # k = m*r with m odd: the very same kernel
    sub = np.random.default_rng(1).normal(size=(3, 5, 2, r * r))
    np.testing.assert_array_equal(
        subpixel.transposed_to_subpixel(subpixel.subpixel_to_transposed(sub, r), r), sub
    )


def test_hand_worked_k4_s2_same():
    """[1, 2, 3, 4] at stride 2, Keras 'same' (crop 1): even outputs get 2x[i] + 4x[i-1]... by hand.

    Full output of x = [x0, x1]: [x0, 2x0, 3x0 + x1, 4x0 + 2x1, 3x1, 4x1]; 'same' keeps cells 1-4:
    [2x0, 3x0 + x1, 4x0 + 2x1, 3x1]. Phase 0 (cells 0, 2): taps 2 at i and 4 at i-1; phase 1:
    3 at i, 1 at i+1.
    """
    kernel = np.array([1.0, 2.0, 3.0, 4.0]).reshape(4, 1, 1, 1)
    x = np.array([10.0, 100.0]).reshape(1, 2, 1, 1)
    sub = subpixel.transposed_to_subpixel(kernel, 2)
    out = subpixel.subpixel_conv(x, sub, 2)[0, :, 0, 0]
    np.testing.assert_array_equal(out, [20.0, 130.0, 240.0, 300.0])
    np.testing.assert_array_equal(sub[:, 0, 0, [0, 2]], [[4.0, 0.0], [2.0, 3.0], [0.0, 1.0]])


def test_depth_to_space_matches_tensorflow(tf, rng):
    x = rng.normal(size=(2, 3, 4, 18))
    np.testing.assert_array_equal(subpixel.depth_to_space(x, 3), tf.nn.depth_to_space(x, 3).numpy())


@pytest.mark.parametrize("r", [2, 3])
def test_icnr_starts_as_nearest_neighbour_upsampling(tf, rng, r):
    x = rng.normal(size=(2, 5, 4, 3))
    kernel = subpixel.icnr((3, 3, 3, r * r * 2), r, seed=5)
    out = tf_subpixel(tf, x, kernel, r, "same")
    one = tf.nn.conv2d(x, kernel[..., :2], 1, "SAME").numpy()  # the one shared kernel
    nearest = one.repeat(r, axis=1).repeat(r, axis=2)
    np.testing.assert_allclose(out, nearest, **F64)
    sums = subpixel.phase_sums(subpixel.subpixel_to_transposed(kernel, r), r)
    np.testing.assert_allclose(sums, np.broadcast_to(sums[:1, :1], sums.shape), **F64)
    assert (
        np.ptp(
            subpixel.phase_sums(
                subpixel.subpixel_to_transposed(rng.normal(size=kernel.shape), r), r
            ),
            axis=(0, 1),
        ).min()
        > 0
    )


def test_icnr_uses_the_given_initializer_and_seed():
    kernel = subpixel.icnr(
        (1, 2, 1, 8), 2, initializer=lambda shape: np.arange(np.prod(shape)).reshape(shape)
    )
    np.testing.assert_array_equal(
        kernel[0, :, 0], [[0, 1, 0, 1, 0, 1, 0, 1], [2, 3, 2, 3, 2, 3, 2, 3]]
    )
    assert np.array_equal(
        subpixel.icnr((3, 3, 2, 8), 2, seed=1), subpixel.icnr((3, 3, 2, 8), 2, seed=1)
    )
    assert not np.array_equal(
        subpixel.icnr((3, 3, 2, 8), 2, seed=1), subpixel.icnr((3, 3, 2, 8), 2, seed=2)
    )
    with pytest.raises(ValueError, match="initializer"):
        subpixel.icnr((3, 3, 2, 8), 2, initializer=lambda shape: np.ones(3))


def test_phase_sums_by_hand():
    np.testing.assert_array_equal(subpixel.phase_sums([1.0, 2.0, 1.0], 2), [2.0, 2.0])
    np.testing.assert_array_equal(subpixel.phase_sums([1.0, 1.0, 1.0, 1.5], 2), [2.0, 2.5])
    np.testing.assert_array_equal(subpixel.phase_sums([1.0, 2.0], 3), [1.0, 2.0, 0.0])
    np.testing.assert_array_equal(
        subpixel.phase_sums(np.arange(6.0).reshape(2, 3), (1, 2)), [[0 + 2 + 3 + 5, 1 + 4]]
    )


@pytest.mark.parametrize("shape, s", [((3, 3, 2, 3), 2), ((4, 5, 1, 2), (2, 3)), ((5, 5, 2, 2), 3)])
def test_phase_sums_are_the_interior_response_to_a_constant_input(tf, rng, shape, s):
    """A constant input through tf.nn.conv2d_transpose: interior cells are the phase sums."""
    kernel = rng.normal(size=shape)
    s = (s, s) if isinstance(s, int) else s
    c = rng.normal(size=shape[3])
    n = 8
    x = np.broadcast_to(c, (1, n, n, shape[3])).copy()
    full_hw = [(n - 1) * s[a] + shape[a] for a in (0, 1)]
    out = tf_transpose(tf, x, kernel, s, "VALID", full_hw)[0]
    sums = subpixel.phase_sums(kernel, s) @ c  # (s0, s1, C_out)
    for m0 in range(shape[0], shape[0] + s[0]):  # interior rows: every tap has an input
        for m1 in range(shape[1], shape[1] + s[1]):
            np.testing.assert_allclose(out[m0, m1], sums[m0 % s[0], m1 % s[1]], **F64)


def test_phase_sums_1d_with_channels(rng):
    kernel = rng.normal(size=(5, 2, 3))
    np.testing.assert_allclose(
        subpixel.phase_sums(kernel, 2), [kernel[0::2].sum(0), kernel[1::2].sum(0)], **F64
    )


def test_docstring_examples():
    assert doctest.testmod(subpixel).failed == 0
