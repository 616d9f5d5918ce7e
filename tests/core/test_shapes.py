"""Output-size rules against the convolution-arithmetic guide, the seeds and Keras itself."""

import itertools

import numpy as np
import pytest

from transposed_conv.core import arguments, shapes

# (i, k, s, p, d, o) from Dumoulin & Visin, "A guide to convolution arithmetic for
# deep learning" (arXiv:1603.07285): figures 2.1-2.7 and the dilation example, section 5.
GUIDE_CONV = [
    (4, 3, 1, 0, 1, 2),  # no padding, unit strides
    (5, 4, 1, 2, 1, 6),  # arbitrary padding
    (5, 3, 1, 1, 1, 5),  # half ("same") padding
    (5, 3, 1, 2, 1, 7),  # full padding
    (5, 3, 2, 0, 1, 2),  # no padding, strides
    (5, 3, 2, 1, 1, 3),  # padding and strides
    (6, 3, 2, 1, 1, 3),  # padding and strides, odd case
    (7, 3, 1, 0, 2, 3),  # dilated convolution
]
# (i', k, s, p, a, o'): the transposes of the figures above, section 4
GUIDE_TRANSPOSE = [
    (2, 3, 1, 0, 0, 4),
    (6, 4, 1, 2, 0, 5),
    (5, 3, 1, 1, 0, 5),
    (7, 3, 1, 2, 0, 5),
    (2, 3, 2, 0, 0, 5),
    (3, 3, 2, 1, 0, 5),
    (3, 3, 2, 1, 1, 6),  # the odd case needs output_padding a = 1 to get back to 6
]


@pytest.mark.parametrize("i, k, s, p, d, o", GUIDE_CONV)
def test_conv_output_size_matches_the_guide(i, k, s, p, d, o):
    assert shapes.conv_output_size(i, k, s, p, d) == o


@pytest.mark.parametrize("i, k, s, p, a, o", GUIDE_TRANSPOSE)
def test_conv_transpose_output_size_matches_the_guide(i, k, s, p, a, o):
    assert shapes.conv_transpose_output_size(i, k, s, p, a) == o


def test_seed_sizes():
    # seed 003: 4x4 input, 3x3 kernel, padding 0, 1, 2 gives 6x6, 4x4, 2x2
    assert [shapes.conv_transpose_output_size(4, 3, 1, p) for p in range(3)] == [6, 4, 2]
    # seed 003: 2x2 input, 3x3 kernel, stride 2 gives 5x5
    assert shapes.conv_transpose_output_size(2, 3, 2) == 5
    # seed 001, example 1: padded to 8x8, 2x2 kernel, stride 2 gives 4x4
    assert shapes.conv_output_size(6, 2, 2, 1) == 4
    # seed 001, examples 2 and 4: 3x3 input, 2x2 kernel, stride 2, padding 0 / 1
    assert shapes.conv_transpose_output_size(3, 2, 2, 0) == 6
    assert shapes.conv_transpose_output_size(3, 2, 2, 1) == 4
    # seed 001's MNIST model: 28 -> 26 -> 24 -> 22 -> 24 -> 26 -> 28 with 3x3 'valid' layers
    assert shapes.keras_conv_output_size(28, 3) == 26
    assert shapes.keras_conv_transpose_output_size(22, 3) == 24
    # seed 004: 2x2 input, 3x3 kernel, stride 2, 'SAME' gives 4x4
    assert shapes.keras_conv_transpose_output_size(2, 3, 2, "same") == 4


def test_output_padding_trap():
    """7 -> 4 with a stride-2 'same' convolution, then 4 -> 8 on the way back, not 7."""
    down = shapes.keras_conv_output_size(7, 3, 2, "same")
    assert down == 4
    assert shapes.keras_conv_transpose_output_size(down, 3, 2, "same") == 8
    assert shapes.keras_conv_transpose_output_size(down, 3, 2, "same", output_padding=0) == 7


GRID = list(
    itertools.product(range(1, 6), range(1, 6), range(1, 5), ["valid", "same"], [None, 0, 1, 2, 3])
)


def _valid_for_keras(i, k, s, padding, op):
    return op is None or op < s


def test_keras_rules_match_keras_layers_over_a_grid(keras):
    checked = 0
    for i, k, s, padding, op in GRID:
        if not _valid_for_keras(i, k, s, padding, op):
            continue
        layer = keras.layers.Conv2DTranspose(1, k, strides=s, padding=padding, output_padding=op)
        expected = layer.compute_output_shape((None, i, i, 1))[1]
        if expected < 1:  # Keras computes an empty output; we refuse it
            with pytest.raises(ValueError, match="padding is too large"):
                shapes.keras_conv_transpose_output_size(i, k, s, padding, op)
        else:
            assert shapes.keras_conv_transpose_output_size(i, k, s, padding, op) == expected, (
                i,
                k,
                s,
                padding,
                op,
            )
        checked += 1
    for i, k, s, d, padding in itertools.product(
        range(1, 9), range(1, 6), range(1, 4), range(1, 3), ["valid", "same"]
    ):
        if (d > 1 and s > 1) or (padding == "valid" and d * (k - 1) + 1 > i):
            continue
        layer = keras.layers.Conv2D(1, k, strides=s, padding=padding, dilation_rate=d)
        expected = layer.compute_output_shape((None, i, i, 1))[1]
        assert shapes.keras_conv_output_size(i, k, s, padding, d) == expected, (i, k, s, d, padding)
        checked += 1
    assert checked > 500


def test_keras_transpose_with_dilation_matches_keras(keras):
    for i, k, d, padding in itertools.product(
        range(1, 5), range(1, 5), range(1, 4), ["valid", "same"]
    ):
        layer = keras.layers.Conv2DTranspose(1, k, padding=padding, dilation_rate=d)
        expected = layer.compute_output_shape((None, i, i, 1))[1]
        assert shapes.keras_conv_transpose_output_size(i, k, 1, padding, None, d) == expected


def test_valid_with_kernel_smaller_than_stride():
    # Keras pads the end with zeros so the output is i*s, not (i-1)*s + k
    assert shapes.keras_conv_transpose_output_size(3, 2, 3, "valid") == 9
    assert shapes.conv_transpose_crop(3, 2, 3, "valid") == (0, 9)


def test_same_crop_is_asymmetric():
    # full output 5 (2x2 input, k=3, s=2), 'same' keeps 4: crop 0 before, 1 after
    assert shapes.conv_transpose_crop(2, 3, 2, "same") == (0, 4)
    # k=4, s=2: full 6 for i=2, keep 4: crop 1 before, 1 after
    assert shapes.conv_transpose_crop(2, 4, 2, "same") == (1, 4)
    # k=5, s=2: full 7, keep 4: crop 1 before, 2 after
    assert shapes.conv_transpose_crop(2, 5, 2, "same") == (1, 4)


def test_keras_conv_padding():
    assert shapes.keras_conv_padding(7, 3, 2, "same") == (1, 1)
    assert shapes.keras_conv_padding(8, 3, 2, "same") == (0, 1)  # smaller half first
    assert shapes.keras_conv_padding(8, 3, 2, "valid") == (0, 0)


def test_effective_kernel_size():
    assert [shapes.effective_kernel_size(3, d) for d in (1, 2, 3)] == [3, 5, 7]


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: shapes.conv_output_size(0, 3), "i"),
        (lambda: shapes.conv_output_size(5, 0), "k"),
        (lambda: shapes.conv_output_size(5, 3, s=0), "s"),
        (lambda: shapes.conv_output_size(5, 3, p=-1), "p"),
        (lambda: shapes.conv_output_size(5, 3, d=0), "d"),
        (lambda: shapes.conv_output_size(2, 5), "k is too large"),
        (lambda: shapes.conv_output_size(5.5, 3), "i"),
        (lambda: shapes.conv_output_size(True, 3), "i"),
        (lambda: shapes.conv_transpose_output_size(4, 3, 1, 3), "padding is too large"),
        (lambda: shapes.conv_transpose_output_size(4, 3, 2, 0, 2), "output_padding"),
        (lambda: shapes.conv_transpose_output_size(4, 3, 2, 0, -1), "output_padding"),
        (lambda: shapes.keras_conv_output_size(4, 3, 1, "full"), "padding"),
        (lambda: shapes.keras_conv_output_size(2, 3, 1, "valid"), "k is too large"),
        (lambda: shapes.keras_conv_output_size(4, 3, 1, "same", d=True), "d"),
        (lambda: shapes.keras_conv_padding(4, 3, True, "same"), "s"),
        (lambda: shapes.conv_transpose_crop(3, 3, 2, "same", False), "output_padding"),
        (lambda: arguments.check_cells("the output", (10**5, 10**4)), "the output"),
        (lambda: shapes.keras_conv_transpose_output_size(4, 3, 1, 7), "padding"),
        (lambda: shapes.keras_conv_transpose_output_size(4, 3, 2, "same", 2), "output_padding"),
        (lambda: shapes.keras_conv_padding(4, 3, 0, "same"), "s"),
        (lambda: shapes.conv_transpose_crop(3, 4, 2, "same", 0), "output_padding"),
        (lambda: shapes.conv_transpose_crop(3, 4, 2, -1), "padding"),
        (lambda: shapes.effective_kernel_size(3, 0), "d"),
        (lambda: arguments.check_padding_mode(None), "padding"),
        (lambda: arguments.check_int("thing", "3", 0), "thing"),
    ],
)
def test_bad_arguments_raise_value_error_naming_them(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_integer_arithmetic_is_exact_for_huge_sizes():
    """No float ceiling: 2**53 + 1 is odd, so 'same' pads one zero on each side."""
    assert shapes.keras_conv_padding(2**53 + 1, 3, 2, "same") == (1, 1)
    assert shapes.keras_conv_output_size(2**53 + 1, 3, 2, "same") == 2**52 + 1
    assert shapes.keras_conv_output_size(10**400, 1, 10**200) == 10**200
    assert shapes.conv_transpose_crop(2**63, 3, 2, "same") == (0, 2**64)
    i = 10**30 + 7
    assert shapes.keras_conv_output_size(i, 4, 3, "valid") == (i - 4) // 3 + 1


def test_check_cells_allows_the_limit_and_refuses_more():
    assert arguments.check_cells("x", (10**4, 10**4)) == (10**4, 10**4)
    with pytest.raises(ValueError, match="more than"):
        arguments.check_cells("x", (2**63, 1))


def test_output_padding_is_the_remainder_the_convolution_floor_drops():
    """Notebook 03's claim: the convolution maps o back to i; output_padding is the remainder."""
    checked = 0
    for i, k, s, d, p in itertools.product(
        range(1, 7), range(1, 6), range(1, 5), range(1, 4), range(4)
    ):
        for op in range(s):
            try:
                o = shapes.conv_transpose_output_size(i, k, s, p, op, d)
            except ValueError:
                continue
            if o + 2 * p < d * (k - 1) + 1:
                continue  # the forward convolution would not fit
            assert shapes.conv_output_size(o, k, s, p, d) == i, (i, k, s, d, p, op)
            assert (o + 2 * p - d * (k - 1) - 1) % s == op, (i, k, s, d, p, op)
            checked += 1
    assert checked == 3324  # the count notebook 03 quotes


def test_keras_rules_match_keras_layers_run_on_data(keras):
    """Notebook 03's comparison, exhaustively: build and run each layer, compare its output size."""
    rng = np.random.default_rng(0)
    total = 0
    for i, k, s, padding in itertools.product(
        (1, 2, 3, 5), (1, 2, 3, 4, 5), (1, 2, 3), ("valid", "same")
    ):
        for op in [None, *range(s)]:
            try:
                ours = shapes.keras_conv_transpose_output_size(i, k, s, padding, op)
                shapes.conv_transpose_crop(i, k, s, padding, op)
            except ValueError:
                continue  # empty output, or a setting TensorFlow refuses
            layer = keras.layers.Conv2DTranspose(
                1, k, strides=s, padding=padding, output_padding=op
            )
            out = layer(rng.normal(size=(1, i, i, 1)).astype("float32"))
            assert out.shape[1] == ours, (i, k, s, padding, op)
            total += 1
    assert total == 336
