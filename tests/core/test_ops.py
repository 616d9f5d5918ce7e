"""NumPy operations: the seeds' worked examples, identities between the three models, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import split, transposed_case

from transposed_conv.core import arguments, ops, shapes

IMPLEMENTATIONS = [ops.conv2d_transpose, ops.conv2d_transpose_scatter, ops.conv2d_transpose_as_conv]
EXACT = dict(rtol=1e-10, atol=1e-10)


# ------------------------------------------------------------- seed examples
@pytest.mark.parametrize("f", IMPLEMENTATIONS)
def test_seed_001_two_by_two_examples(f):
    x = np.array([[0.0, 1.0], [2.0, 3.0]])
    kernel = np.array([[0.0, 1.0], [2.0, 3.0]])
    # stride 1 (also d2l.ai's example): the four scaled kernels summed
    np.testing.assert_array_equal(f(x, kernel), [[0, 0, 1], [0, 4, 6], [4, 12, 9]])
    # stride 2: the scaled kernels no longer overlap
    np.testing.assert_array_equal(
        f(x, kernel, strides=2), [[0, 0, 0, 1], [0, 0, 2, 3], [0, 2, 0, 3], [4, 6, 6, 9]]
    )


@pytest.mark.parametrize("f", IMPLEMENTATIONS)
def test_seed_003_ones(f):
    out = f(np.ones((4, 4)), np.ones((3, 3)))
    edge = np.array([1, 2, 3, 3, 2, 1])  # how many kernel copies reach each column
    np.testing.assert_array_equal(out, np.outer(edge, edge))
    # padding crops the full 6x6 output: 6, 4, 2 ("gniddap")
    assert [f(np.ones((4, 4)), np.ones((3, 3)), padding=p).shape for p in range(3)] == [
        (6, 6),
        (4, 4),
        (2, 2),
    ]
    np.testing.assert_array_equal(f(np.ones((4, 4)), np.ones((3, 3)), padding=2), out[2:4, 2:4])


@pytest.mark.parametrize("f", IMPLEMENTATIONS)
def test_seed_004_tensorflow_same_example(f):
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    out = f(x, np.ones((3, 3)), strides=2, padding="same")
    np.testing.assert_array_equal(out, [[1, 1, 3, 2], [1, 1, 3, 2], [4, 4, 10, 6], [3, 3, 7, 4]])


def test_seed_002_convolution_matrix_shapes():
    kernel = np.arange(1.0, 10.0).reshape(3, 3)
    matrix = ops.conv_matrix((4, 4), kernel)
    assert matrix.shape == (4, 16)
    # each row is the kernel, rearranged: its nine weights and seven zeros
    for row in matrix:
        assert sorted(row[row != 0]) == list(range(1, 10))
    assert matrix.T.shape == (16, 4)


# ----------------------------------------------------------- random checks
@settings(max_examples=200)
@given(transposed_case(padding_kind="any", max_size=5, max_kernel=4))
def test_three_models_agree_and_have_the_predicted_shape(case):
    x, kernel, kw = split(case)
    outs = [f(x, kernel, **kw) for f in IMPLEMENTATIONS]
    for out in outs[1:]:
        np.testing.assert_allclose(out, outs[0], **EXACT)
    assert outs[0].dtype == np.float64
    expected = [
        shapes.conv_transpose_crop(
            x.shape[1 + a],
            kernel.shape[a],
            kw["strides"][a],
            kw["padding"] if isinstance(kw["padding"], str) else kw["padding"][a],
            None if kw["output_padding"] is None else kw["output_padding"][a],
            kw["dilation"][a],
        )[1]
        for a in (0, 1)
    ]
    assert outs[0].shape == (x.shape[0], *expected, kernel.shape[2])


@settings(max_examples=100)
@given(
    st.integers(1, 4),
    st.integers(1, 4),
    st.integers(1, 3),
    st.integers(0, 2),
    st.integers(1, 3),
    st.integers(1, 3),
    st.integers(0, 2**16),
)
def test_transpose_is_the_adjoint_of_conv2d(k, s, d, p, c_in, c_out, seed):
    """<conv2d(x), y> == <x, conv2d_transpose(y)>, with the very same kernel array."""
    rng = np.random.default_rng(seed)
    span = d * (k - 1) + 1
    size = max(span - 2 * p, 1) + rng.integers(0, 5)
    x = rng.normal(size=(2, size, size, c_in))
    kernel = rng.normal(size=(k, k, c_in, c_out))
    y_shape = ops.conv2d(x, kernel, s, p, d).shape
    y = rng.normal(size=y_shape)
    # output_padding recovers the rows the strided convolution skipped at the end
    op = (size + 2 * p - span) % s
    back = ops.conv2d_transpose(y, kernel, s, p, op, d)
    assert back.shape == x.shape
    np.testing.assert_allclose(
        np.sum(ops.conv2d(x, kernel, s, p, d) * y), np.sum(x * back), **EXACT
    )


@pytest.mark.parametrize(
    "size, k, s, p, d",
    [((4, 4), 3, 1, 0, 1), ((3, 3), 2, 1, 0, 1), ((7, 6), 3, 2, 1, 1), ((8, 9), 2, 3, 0, 2)],
)
def test_conv_matrix_reproduces_conv2d_and_its_transpose(rng, size, k, s, p, d):
    kernel = rng.normal(size=(k, k))
    x = rng.normal(size=size)
    matrix = ops.conv_matrix(size, kernel, s, p, d)
    y = ops.conv2d(x, kernel, s, p, d)
    np.testing.assert_allclose(matrix @ x.ravel(), y.ravel(), **EXACT)
    op = tuple((size[a] + 2 * p - d * (k - 1) - 1) % s for a in (0, 1))
    back = ops.conv2d_transpose(y, kernel, s, p, op, d)
    np.testing.assert_allclose(matrix.T @ y.ravel(), back.ravel(), **EXACT)


def test_conv_matrix_same_padding(rng):
    kernel = rng.normal(size=(3, 3))
    x = rng.normal(size=(6, 6))
    matrix = ops.conv_matrix((6, 6), kernel, 2, "same")
    np.testing.assert_allclose(
        matrix @ x.ravel(), ops.conv2d(x, kernel, 2, "same").ravel(), **EXACT
    )
    y = rng.normal(size=(3, 3))
    np.testing.assert_allclose(
        matrix.T @ y.ravel(), ops.conv2d_transpose(y, kernel, 2, "same").ravel(), **EXACT
    )


def test_conv2d_by_hand():
    x = np.arange(16.0).reshape(4, 4)
    kernel = np.array([[1.0, 0.0], [0.0, -1.0]])
    # every window: top-left minus bottom-right, i.e. x[i, j] - x[i+1, j+1] = -5
    np.testing.assert_array_equal(ops.conv2d(x, kernel), np.full((3, 3), -5.0))
    np.testing.assert_array_equal(ops.conv2d(x, kernel, strides=2), np.full((2, 2), -5.0))
    padded = ops.conv2d(x, kernel, padding=1)
    assert padded.shape == (5, 5) and padded[0, 0] == -x[0, 0] and padded[4, 4] == x[3, 3]


def test_stretch_inserts_zeros():
    np.testing.assert_array_equal(
        ops.stretch([[1, 2], [3, 4]], 2), [[1, 0, 2], [0, 0, 0], [3, 0, 4]]
    )
    assert ops.stretch(np.ones((1, 3, 2, 5)), (3, 1)).shape == (1, 7, 2, 5)


# ---------------------------------------------------------------------- 1-D
def test_1d_equals_2d_with_height_one(rng):
    x = rng.normal(size=(2, 9, 3))
    kernel = rng.normal(size=(4, 3, 5))
    out = ops.conv1d(x, kernel, 2, 1, 2)
    np.testing.assert_allclose(
        out, ops.conv2d(x[:, None], kernel[None], (1, 2), (0, 1), (1, 2))[:, 0], **EXACT
    )
    tkernel = rng.normal(size=(4, 5, 3))
    out = ops.conv1d_transpose(x, tkernel, 3, "same", 1)
    ref = ops.conv2d_transpose(x[:, None], tkernel[None], (1, 3), "same", (0, 1))[:, 0]
    np.testing.assert_allclose(out, ref, **EXACT)
    np.testing.assert_array_equal(
        ops.conv1d_transpose([0.0, 1.0], [1.0, 2.0, 3.0], 2), [0, 0, 1, 2, 3]
    )
    np.testing.assert_array_equal(ops.conv1d([1.0, 2.0, 3.0, 4.0], [1.0, -1.0]), [-1, -1, -1])


def test_downsample_and_upsample_are_transposes():
    k, length = 3, 4
    n = (length - 1) * k + 1
    down = np.stack([ops.downsample(e, k) for e in np.eye(n)], axis=1)  # (length, n)
    up = np.stack([ops.upsample_zeros(e, k) for e in np.eye(length)], axis=1)  # (n, length)
    np.testing.assert_array_equal(down, up.T)
    np.testing.assert_array_equal(ops.upsample_zeros([1, 2, 3], 2), [1, 0, 2, 0, 3])
    np.testing.assert_array_equal(ops.downsample([1, 0, 2, 0, 3], 2), [1, 2, 3])
    assert ops.upsample_zeros(np.ones((2, 3, 4)), 3).shape == (2, 7, 4)
    assert ops.downsample(np.ones((2, 7, 4)), 3).shape == (2, 3, 4)


# ---------------------------------------------------------------- bad input
X2, K2 = np.ones((4, 4)), np.ones((3, 3))
X4, K4 = np.ones((1, 4, 4, 2)), np.ones((3, 3, 2, 2))
BAD = [
    (lambda f: f(X2, K2, strides=0), "strides"),
    (lambda f: f(X2, K2, strides=(1, -1)), "strides"),
    (lambda f: f(X2, K2, strides=(1, 2, 3)), "strides"),
    (lambda f: f(X2, K2, dilation=0), "dilation"),
    (lambda f: f(X2, K2, padding=-1), "padding"),
    (lambda f: f(X2, K2, padding="full"), "padding"),
    (lambda f: f(X2, K2, padding=1.5), "padding"),
    (lambda f: f(np.ones((4, 4, 1)), K2), "x must have rank"),
    (lambda f: f(X2, np.ones((3, 3, 1, 1))), "kernel must have rank"),
    (lambda f: f(X4, np.ones((3, 3, 3, 3))), "channels"),
    (lambda f: f(np.ones((0, 4)), K2), "x must not be empty"),
]
TRANSPOSE_BAD = BAD + [
    (lambda f: f(X2, K2, strides=2, output_padding=2), "output_padding"),
    (lambda f: f(X2, K2, output_padding=-1), "output_padding"),
    (lambda f: f(X2, K2, padding=3), "padding is too large"),
    (
        lambda f: f(X4, np.ones((4, 4, 2, 2)), strides=2, padding="same", output_padding=0),
        "output_padding",
    ),
]


@pytest.mark.parametrize("f", IMPLEMENTATIONS)
@pytest.mark.parametrize("call, message", TRANSPOSE_BAD)
def test_transposed_bad_input(f, call, message):
    with pytest.raises(ValueError, match=message):
        call(f)


@pytest.mark.parametrize("call, message", BAD + [(lambda f: f(X2, np.ones((5, 5))), "too large")])
def test_conv2d_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call(ops.conv2d)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: ops.conv_matrix((4, 0), K2), "input_hw"),
        (lambda: ops.conv_matrix((4, 4), np.ones((3, 3, 1, 1))), "kernel"),
        (lambda: ops.conv_matrix((4, 4), K2, strides=0), "strides"),
        (lambda: ops.conv_matrix((2, 2), K2), "too large"),
        (lambda: ops.conv1d(X2, K2), "x must have rank"),
        (lambda: ops.conv1d(np.ones(5), np.ones((2, 1, 1))), "kernel must have rank"),
        (lambda: ops.conv1d(np.ones(5), np.ones(2), strides=(1, 2)), "strides"),
        (
            lambda: ops.conv1d_transpose(np.ones(5), np.ones(2), strides=2, output_padding=2),
            "output_padding",
        ),
        (lambda: ops.conv1d_transpose(np.ones((1, 5, 2)), np.ones((2, 1, 3))), "channels"),
        (lambda: ops.downsample(np.ones(5), 0), "k"),
        (lambda: ops.downsample(np.ones((2, 2)), 2), "x must be"),
        (lambda: ops.upsample_zeros(np.ones(5), 1.5), "k"),
        (lambda: ops.upsample_zeros(np.ones(0), 2), "x must be"),
        (lambda: ops.stretch(np.ones(3), 2), "x must have rank"),
        (lambda: ops.stretch(X2, 0), "strides"),
    ],
)
def test_other_functions_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_nearest_upsampling_then_conv_is_one_transposed_conv(rng):
    """Seed 004: repeat x2 then a 3-tap correlation equals a 4-tap transposed convolution."""
    x = rng.normal(size=10)
    c = rng.normal(size=3)
    pipeline = ops.conv1d(ops.conv1d_transpose(x, [1.0, 1.0], strides=2), c, padding=1)
    np.testing.assert_allclose(ops.conv1d_transpose(x, [1.0, 1.0], strides=2), np.repeat(x, 2))
    taps = np.array([c[0], c[0] + c[1], c[1] + c[2], c[2]])[
        ::-1
    ]  # the box [1, 1] convolved with the flipped c
    np.testing.assert_allclose(
        ops.conv1d_transpose(x, taps, strides=2, padding=1), pipeline, atol=1e-12
    )


# ------------------------------------------- pathological input (issue 12)
@pytest.mark.parametrize("f", IMPLEMENTATIONS + [ops.conv2d])
@pytest.mark.parametrize(
    "x, kernel, name",
    [
        (X2 + 1j, K2, "x"),
        (X2, K2.astype(complex), "kernel"),
        ([[None, 1.0], [1.0, 1.0]], K2[:2, :2], "x"),
        (X2 > 0, K2, "x"),
        (X2, K2 > 0, "kernel"),
        ("abcd", K2, "x"),
    ],
)
def test_non_real_arrays_are_refused_naming_the_argument(f, x, kernel, name):
    with pytest.raises(TypeError, match=f"^{name} must be an array of real numbers"):
        f(x, kernel)


HUGE = [10**9, 2**63, 10**400]


@pytest.mark.parametrize("f", IMPLEMENTATIONS)
@pytest.mark.parametrize("big", HUGE)
def test_absurd_sizes_are_refused_before_allocating(f, big):
    for kwargs in [dict(strides=big), dict(dilation=big), dict(strides=(1, big))]:
        with pytest.raises(ValueError, match="more than 100,000,000 cells"):
            f(X2, K2, **kwargs)
    with pytest.raises(ValueError, match="padding is too large"):
        f(X2, K2, padding=big)


@pytest.mark.parametrize("big", HUGE)
def test_absurd_sizes_other_functions(big):
    calls = [
        lambda: ops.conv2d(X2, K2, padding=big),
        lambda: ops.conv_matrix((4, 4), K2, padding=big),
        lambda: ops.conv_matrix((big, 4), K2),
        lambda: ops.stretch(X2, big),
        lambda: ops.upsample_zeros(np.ones(3), big),
        lambda: ops.distribute_terms(X2, K2, big),
        lambda: ops.bilinear_kernel(big),
        lambda: ops.conv1d_transpose(np.ones(3), np.ones(2), big),
    ]
    for call in calls:
        with pytest.raises(ValueError, match="cells"):
            call()


def test_a_huge_unused_step_still_works():
    """One input row (or a 1-tap kernel) never uses its stride (dilation): 2**63 is fine there."""
    one, big = np.ones((1, 1)), 2**63
    for f in IMPLEMENTATIONS:
        np.testing.assert_array_equal(f(one, one, strides=big, dilation=big), one)
    np.testing.assert_array_equal(ops.conv2d(one, one, strides=big, dilation=big), one)
    np.testing.assert_array_equal(ops.conv_matrix((1, 1), one, strides=big, dilation=big), one)
    np.testing.assert_array_equal(ops.downsample(np.ones(3), big), [1.0])


def test_feeders_solve_instead_of_searching():
    """Huge inputs answer at once; a listing too long to build is refused."""
    assert len(ops.feeders((10**9, 10**9), (3, 3), (5, 5))) == 9
    assert ops.feeders((2**63, 5), (3, 3), (2**62, 1), strides=2) == [
        (2**61 - 1, 0, 2, 1),
        (2**61, 0, 0, 1),
    ]
    with pytest.raises(ValueError, match="feeders"):
        ops.feeders((2000, 2000), (2000, 2000), (1999, 1999))
    with pytest.raises(ValueError, match="kernel_hw"):
        ops.feeders((2, 2), (True, 2), (0, 0))


def test_conv2d_in_batch_chunks_equals_one_pass(rng, monkeypatch):
    x, kernel = rng.normal(size=(5, 6, 6, 2)), rng.normal(size=(3, 3, 2, 4))
    whole = ops.conv2d(x, kernel, padding=1)
    monkeypatch.setattr(
        arguments, "MAX_CELLS", 2 * 6 * 6 * 3 * 3 * 2
    )  # two images' windows per chunk
    np.testing.assert_allclose(ops.conv2d(x, kernel, padding=1), whole, **EXACT)


def test_a_nan_kernel_weight_spreads_further_in_the_collect_model():
    """As conv2d_transpose_as_conv says: 0 * nan is nan, and the collect model multiplies zeros."""
    x = np.arange(4.0).reshape(2, 2)
    kernel = np.ones((2, 2))
    kernel[0, 0] = np.nan
    reached = np.zeros((4, 4), bool)
    reached[::2, ::2] = True  # the cells the NaN weight reaches from an input
    for f in IMPLEMENTATIONS[:2]:
        out = f(x, kernel, strides=2)
        np.testing.assert_array_equal(np.isnan(out), reached)
    assert np.isnan(ops.conv2d_transpose_as_conv(x, kernel, strides=2)).all()
    # NaN inputs: the same cells in all three
    x[1, 1] = np.nan
    masks = [np.isnan(f(x, np.ones((2, 2)), strides=2)) for f in IMPLEMENTATIONS]
    for mask in masks[1:]:
        np.testing.assert_array_equal(mask, masks[0])


# ------------------------------------------------------------- pad_or_crop
def test_pad_or_crop_pads_with_zeros_and_crops(rng):
    z = rng.normal(size=(3, 4))
    np.testing.assert_array_equal(ops.pad_or_crop(z, 0, 1, 2), np.pad(z, ((1, 2), (0, 0))))
    np.testing.assert_array_equal(ops.pad_or_crop(z, 1, -1, -2), z[:, 1:2])
    np.testing.assert_array_equal(ops.pad_or_crop(z, 1, 2, -1), np.pad(z, ((0, 0), (2, 0)))[:, :-1])
    np.testing.assert_array_equal(ops.pad_or_crop(z, 0, 0, 0), z)
    assert ops.pad_or_crop(z, 0, -1, -2).shape == (0, 4)  # cropping all of an axis is allowed
    marks = z > 0  # any dtype: plotting and animation pad boolean masks
    np.testing.assert_array_equal(
        ops.pad_or_crop(marks, 1, 1, -1), np.pad(marks, ((0, 0), (1, 0)))[:, :-1]
    )


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda z: ops.pad_or_crop(z.tolist(), 0, 1, 1), "^z must be a NumPy array"),
        (lambda z: ops.pad_or_crop(np.float64(1.0), 0, 1, 1), "^z must be a NumPy array"),
        (lambda z: ops.pad_or_crop(z, 2, 1, 1), "^axis must be smaller than z's rank 2"),
        (lambda z: ops.pad_or_crop(z, -1, 1, 1), "^axis must be an integer"),
        (lambda z: ops.pad_or_crop(z, True, 1, 1), "^axis must be an integer"),
        (lambda z: ops.pad_or_crop(z, 0, 1.5, 1), "^before must be an integer"),
        (lambda z: ops.pad_or_crop(z, 0, 1, "1"), "^after must be an integer"),
        (lambda z: ops.pad_or_crop(z, 0, -4, 0), "^before must be an integer >= -3"),
        (
            lambda z: ops.pad_or_crop(z, 0, -2, -2),
            "^before and after remove 2 and 2 of only 3 cells",
        ),
        (lambda z: ops.pad_or_crop(z, 0, 10**9, 0), "more than 100,000,000 cells"),
    ],
)
def test_pad_or_crop_bad_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call(np.ones((3, 4)))
