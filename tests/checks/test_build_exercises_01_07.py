"""The build, design and diagnose exercises of notebooks 01-05 and 07: every correct answer passes
(different implementations and designs), wrong ones get "not yet" with a hint, malformed ones
never raise, and graded mode raises on a wrong answer.

The right answers here are written from the exercises' definitions, not from the checks' code."""

import time

import numpy as np
import pytest

from transposed_conv import checks


def verdict(capsys, check, answer):
    """True for a pass, False for "not yet"; the check must print exactly one of them and return
    None, whatever the answer."""
    assert check(answer) is None
    out = capsys.readouterr().out
    assert out.startswith((checks.PASS, checks.NOT_YET)), out
    assert out.count("\n") == 1, out
    return out.startswith(checks.PASS)


def hint(capsys, check, answer):
    assert check(answer) is None
    out = capsys.readouterr().out
    assert out.startswith(checks.NOT_YET), out
    return out


def _raises(*args):
    raise RuntimeError("not written yet")


# Answers no check may choke on: the stub, other types, functions that fail or return junk.
MALFORMED = [
    ...,
    None,
    "answer",
    42,
    [1, 2],
    {},
    object(),
    _raises,
    lambda *args: None,
    lambda *args: "C",
    lambda *args: ...,
    lambda *args: [[1, 2], [3]],
    lambda *args: np.full((2, 2), np.nan),
    lambda: 0,  # takes no argument
]


# ------------------------------------------------------------- 01: conv_matrix(n, kernel)
def _conv_matrix_loops(n, kernel):
    """Row i of C holds the kernel in the columns of window i: output i = sum_a kernel[a] x[i+a]."""
    k = len(kernel)
    c = np.zeros((n - k + 1, n))
    for i in range(n - k + 1):
        c[i, i : i + k] = kernel
    return c


def _conv_matrix_columns(n, kernel):
    """Column j of C is the convolution of the j-th unit vector (NumPy's 'valid' correlation),
    returned as nested lists."""
    columns = [np.correlate(np.eye(n)[j], kernel, mode="valid") for j in range(n)]
    return np.array(columns).T.tolist()


def _conv_matrix_entries(n, kernel):
    """Entry by entry: C[i, j] = kernel[j - i] inside the window, else 0."""
    k = len(kernel)
    return [[kernel[j - i] if 0 <= j - i < k else 0.0 for j in range(n)] for i in range(n - k + 1)]


@pytest.mark.parametrize("fn", [_conv_matrix_loops, _conv_matrix_columns, _conv_matrix_entries])
def test_conv_matrix_function_accepts_every_correct_construction(capsys, fn):
    assert verdict(capsys, checks.conv_matrix_function, fn)


def _flipped(n, kernel):  # a true convolution: the kernel turned round
    return _conv_matrix_loops(n, np.asarray(kernel)[::-1])


def _shifted(n, kernel):  # each window one column too far right (wrapping round)
    return np.roll(_conv_matrix_loops(n, kernel), 1, axis=1)


def _full(n, kernel):  # the 'full' convolution's matrix: n + k - 1 rows
    k = len(kernel)
    return _conv_matrix_loops(n + 2 * (k - 1), kernel)[:, k - 1 : k - 1 + n]


@pytest.mark.parametrize(
    "fn, says",
    [
        (_flipped, "not flipped"),
        (_shifted, "not flipped"),
        (lambda n, kernel: _conv_matrix_loops(n, kernel).T, "one row per output"),
        (_full, "one row per output"),
        (lambda n, kernel: np.zeros((n - len(kernel) + 1, n)), "not flipped"),
    ],
)
def test_conv_matrix_function_refuses_wrong_matrices_with_a_hint(capsys, fn, says):
    assert says in hint(capsys, checks.conv_matrix_function, fn)


# ------------------------------------------------- 02: my_distribute(x, kernel, stride)
def _distribute_loops(x, kernel, stride):
    """Stamp x[i, j] * kernel with its top-left corner at (i * stride, j * stride)."""
    (h, w), (kh, kw) = x.shape, kernel.shape
    out = np.zeros(((h - 1) * stride + kh, (w - 1) * stride + kw))
    for i in range(h):
        for j in range(w):
            out[i * stride : i * stride + kh, j * stride : j * stride + kw] += x[i, j] * kernel
    return out


def _collect(x, kernel, stride):
    """The other mental model: stretch, pad by k - 1, slide the flipped kernel; as lists."""
    (h, w), (kh, kw) = x.shape, kernel.shape
    z = np.zeros(((h - 1) * stride + 1 + 2 * (kh - 1), (w - 1) * stride + 1 + 2 * (kw - 1)))
    z[
        kh - 1 : kh - 1 + (h - 1) * stride + 1 : stride,
        kw - 1 : kw - 1 + (w - 1) * stride + 1 : stride,
    ] = x
    flipped = kernel[::-1, ::-1]
    rows, cols = z.shape[0] - kh + 1, z.shape[1] - kw + 1
    return [
        [float((z[r : r + kh, c : c + kw] * flipped).sum()) for c in range(cols)]
        for r in range(rows)
    ]


def _distribute_per_cell(x, kernel, stride):
    """Cell by cell: add x[i, j] * kernel[r - i*s, c - j*s] wherever that tap exists."""
    (h, w), (kh, kw) = x.shape, kernel.shape
    out = np.zeros(((h - 1) * stride + kh, (w - 1) * stride + kw))
    for r in range(out.shape[0]):
        for c in range(out.shape[1]):
            for i in range(h):
                for j in range(w):
                    a, b = r - i * stride, c - j * stride
                    if 0 <= a < kh and 0 <= b < kw:
                        out[r, c] += x[i, j] * kernel[a, b]
    return out


@pytest.mark.parametrize(
    "fn",
    [
        _distribute_loops,
        _collect,
        _distribute_per_cell,
        # the same operation on the transposed input and kernel, transposed back
        lambda x, kernel, stride: _distribute_loops(x.T, kernel.T, stride).T,
    ],
)
def test_distribute_function_accepts_every_correct_implementation(capsys, fn):
    assert verdict(capsys, checks.distribute_function, fn)


def _keras_valid_size(x, kernel, stride):
    """Keras' 'valid' size, h * s + max(k - s, 0): zeros appended when the kernel is shorter than
    the stride; the exercise asks for the full output, (h - 1) * s + k."""
    out = _distribute_loops(x, kernel, stride)
    rows = x.shape[0] * stride + max(kernel.shape[0] - stride, 0)
    cols = x.shape[1] * stride + max(kernel.shape[1] - stride, 0)
    return np.pad(out, ((0, rows - out.shape[0]), (0, cols - out.shape[1])))


@pytest.mark.parametrize(
    "fn",
    [
        lambda x, kernel, stride: _distribute_loops(x, kernel, 1),  # stride ignored
        lambda x, kernel, stride: _distribute_loops(x, kernel[::-1, ::-1], stride),  # flipped
        lambda x, kernel, stride: _distribute_loops(x, kernel.T, stride),  # kernel transposed
        _keras_valid_size,
        lambda x, kernel, stride: _distribute_loops(x, kernel, stride)[:-1, :-1],  # cropped
        lambda x, kernel, stride: _distribute_loops(x, kernel, stride).ravel(),  # flattened
    ],
)
def test_distribute_function_refuses_wrong_outputs(capsys, fn):
    assert not verdict(capsys, checks.distribute_function, fn)


def test_distribute_function_leaves_the_inputs_alone_for_the_learner(capsys):
    """A learner's loop that scales x in place must still be judged on the original values."""

    def in_place(x, kernel, stride):
        out = _distribute_loops(x, kernel, stride)
        x *= 0
        kernel *= 0
        return out

    assert verdict(capsys, checks.distribute_function, in_place)


# ----------------------------------------------------- 03: one Conv2DTranspose, 7x7 to 28x28
# Keras' sizes, worked out by hand for i = 7:
#   "same", output_padding None:  i * s = 28 -> s = 4, any k >= 4
#   "valid", output_padding None: i * s + max(k - s, 0) = 28 -> 28 + 0, 21 + 7, 14 + 14, 7 + 21
#   output_padding p:             (i - 1) * s + k - 2 * pad + p, pad = 0 ("valid"), k // 2 ("same")
@pytest.mark.parametrize(
    "layer",
    [
        {"kernel_size": 4, "strides": 4, "padding": "same", "output_padding": None},
        {"kernel_size": 7, "strides": 4, "padding": "same"},  # output_padding left out: None
        {"kernel_size": 4, "strides": 4, "padding": "valid"},  # 28 + max(0, 0)
        {"kernel_size": 10, "strides": 3, "padding": "valid"},  # 21 + 7
        {"kernel_size": 16, "strides": 2, "padding": "valid"},  # 14 + 14
        {"kernel_size": 22, "strides": 1, "padding": "valid"},  # 7 + 21
        {"kernel_size": 4, "strides": 4, "padding": "valid", "output_padding": 0},  # 24 + 4 + 0
        {"kernel_size": 5, "strides": 4, "padding": "same", "output_padding": 3},  # 24 + 5 - 4 + 3
        {"padding": "same", "output_padding": None, "strides": np.int64(4), "kernel_size": 4},
    ],
)
def test_seven_to_twenty_eight_accepts_every_working_design(capsys, layer):
    assert verdict(capsys, checks.seven_to_twenty_eight, layer)


@pytest.mark.parametrize(
    "layer, says",
    [
        ({"kernel_size": 3, "strides": 2, "padding": "same"}, "gives 14x14"),
        ({"kernel_size": 5, "strides": 4, "padding": "same", "output_padding": 2}, "gives 27x27"),
        ({"kernel_size": 6, "strides": 4, "padding": "valid"}, "gives 30x30"),
        ({"kernel_size": 2, "strides": 4, "padding": "same"}, "leaves gaps"),  # 28, with holes
        # 28 by the size rule, but output_padding appends cells past the full (6s + k) output
        ({"kernel_size": 15, "strides": 2, "padding": "valid", "output_padding": 1}, "reach only"),
        ({"kernel_size": 8, "strides": 3, "padding": "valid", "output_padding": 2}, "reach only"),
        ({"kernel_size": 9, "strides": 3, "padding": "valid", "output_padding": 1}, "reach only"),
        ({"kernel_size": 1, "strides": 4, "padding": "valid"}, "leaves gaps"),
        ({"kernel_size": 4, "strides": 4, "padding": "same", "output_padding": 4}, "give a dict"),
        ({"kernel_size": 4, "strides": 4, "padding": "full"}, "give a dict"),
        ({"kernel_size": 4, "strides": 4}, "give a dict"),  # no padding
        ({"kernel_size": 4, "strides": 4, "padding": "same", "filters": 1}, "give a dict"),
        ({"kernel_size": (4, 4), "strides": 4, "padding": "same"}, "give a dict"),
        ({"kernel_size": 4.0, "strides": 4, "padding": "same"}, "give a dict"),
        ({"kernel_size": True, "strides": True, "padding": "valid"}, "give a dict"),
        ({"kernel_size": 4, "strides": 0, "padding": "same"}, "give a dict"),
        ((4, 4, "same", None), "give a dict"),
    ],
)
def test_seven_to_twenty_eight_refuses_the_rest_with_a_hint(capsys, layer, says):
    assert says in hint(capsys, checks.seven_to_twenty_eight, layer)


@pytest.mark.parametrize(
    "layer, covered",
    [
        ({"kernel_size": 4, "strides": 4, "padding": "valid", "output_padding": 0}, True),
        ({"kernel_size": 5, "strides": 4, "padding": "same", "output_padding": 3}, True),
        ({"kernel_size": 16, "strides": 2, "padding": "valid"}, True),
        ({"kernel_size": 15, "strides": 2, "padding": "valid", "output_padding": 1}, False),
        ({"kernel_size": 9, "strides": 3, "padding": "valid", "output_padding": 1}, False),
    ],
)
def test_seven_to_twenty_eight_passes_exactly_the_designs_keras_covers(
    capsys, keras, layer, covered
):
    # Keras itself: a kernel of ones on an input of ones reaches every output pixel or not
    tconv = keras.layers.Conv2DTranspose(1, kernel_initializer="ones", use_bias=False, **layer)
    out = tconv(np.ones((1, 7, 7, 1), "float32")).numpy()
    assert out.shape[1:3] == (28, 28) and bool(out.min() > 0) is covered
    assert verdict(capsys, checks.seven_to_twenty_eight, layer) is covered


# ------------------------------------------------------ 04: torch_to_keras(weight)
# PyTorch's ConvTranspose2d weight is (in, out, kH, kW), Keras' Conv2DTranspose kernel
# (kH, kW, out, in), and both hold the same 2-D kernel for each (in, out) pair:
# keras[a, b, o, c] == torch[c, o, a, b].
def _port_loops(weight):
    c_in, c_out, kh, kw = weight.shape
    kernel = np.zeros((kh, kw, c_out, c_in))
    for c in range(c_in):
        for o in range(c_out):
            kernel[:, :, o, c] = weight[c, o]
    return kernel


@pytest.mark.parametrize(
    "fn",
    [
        lambda weight: np.transpose(weight, (2, 3, 1, 0)),
        lambda weight: np.moveaxis(weight, (0, 1), (3, 2)),
        lambda weight: np.einsum("coab->aboc", weight),
        lambda weight: _port_loops(weight).tolist(),
    ],
)
def test_torch_to_keras_function_accepts_every_correct_port(capsys, fn):
    assert verdict(capsys, checks.torch_to_keras_function, fn)


@pytest.mark.parametrize(
    "fn",
    [
        lambda weight: np.transpose(weight, (2, 3, 0, 1)),  # the channel axes swapped
        lambda weight: np.transpose(weight, (3, 2, 1, 0)),  # kW before kH
        lambda weight: weight.reshape(weight.shape[::-1]),  # right shape only when read backwards
        lambda weight: weight.reshape(weight.shape[2], weight.shape[3], *weight.shape[1::-1]),
        lambda weight: np.transpose(weight, (2, 3, 1, 0))[::-1, ::-1],  # flipped, as for collect
        lambda weight: weight,
    ],
)
def test_torch_to_keras_function_refuses_wrong_ports(capsys, fn):
    assert not verdict(capsys, checks.torch_to_keras_function, fn)


# --------------------------------------------------- 05: a flat stride-3 kernel of 6 taps
# With stride 3, output phase r receives the taps k[r::3]: (k0 + k3), (k1 + k4), (k2 + k5).
@pytest.mark.parametrize(
    "kernel",
    [
        [1, 2, 3, 3, 2, 1],  # 4, 4, 4
        [0, 1, 2, 2, 1, 0],  # 2, 2, 2
        [3, 0, 1, 0, 3, 2],  # 3, 3, 3
        np.array([0.5, 0.25, 0.125, 0.5, 0.75, 0.875]),  # 1, 1, 1
        [1, 1, 1, 0, 0, 0],  # 1, 1, 1: a box of 3 and three zero taps
        (np.int64(2), 1, 0, 0, 1, 2),  # 2, 2, 2
    ],
)
def test_flat_stride3_kernel_accepts_any_unequal_taps_with_equal_phase_sums(capsys, kernel):
    assert verdict(capsys, checks.flat_stride3_kernel, kernel)


@pytest.mark.parametrize(
    "kernel, says",
    [
        ([1, 2, 3, 1, 2, 3], "are 2, 4, 6"),
        ([1, 2, 1, 3, 2, 1], "are 4, 4, 2"),
        ([1, 0, 0, 0, 0, 0], "are 1, 0, 0"),
        ([1, 1, 1, 1, 1, 1], "box kernel"),
        ([0, 0, 0, 0, 0, 0], "box kernel"),
        ([2, -1, 1, 0, 3, 1], "non-negative"),  # equal sums (2, 2, 2), but a negative tap
        ([1, 2, 1], "6 numbers"),
        ([1, 2, 3, 3, 2, 1, 0], "6 numbers"),
        ([[1, 2, 3], [3, 2, 1]], "6 numbers"),
        ([1, 2, 3, 3, 2, float("nan")], "6 numbers"),
        (["1", "2", "3", "3", "2", "1"], "6 numbers"),
        ([True, False, True, False, True, False], "6 numbers"),
    ],
)
def test_flat_stride3_kernel_refuses_the_rest_with_a_hint(capsys, kernel, says):
    assert says in hint(capsys, checks.flat_stride3_kernel, kernel)


# ----------------------------------------------------------- 07: phase_spread(image)
def _spread_loops(image):
    means = [image[p::2, q::2].mean() for p in range(2) for q in range(2)]
    return max(means) - min(means)


def _spread_blocks(image):
    """The four phases as the corners of the 2x2 blocks (even sizes), as a Python float."""
    h, w = image.shape
    phases = image.reshape(h // 2, 2, w // 2, 2).mean(axis=(0, 2))
    return float(phases.max() - phases.min())


@pytest.mark.parametrize(
    "fn",
    [
        _spread_loops,
        _spread_blocks,
        lambda image: np.ptp(
            [
                image[0::2, 0::2].mean(),
                image[0::2, 1::2].mean(),
                image[1::2, 0::2].mean(),
                image[1::2, 1::2].mean(),
            ]
        ),
        lambda image: np.array(_spread_loops(image)),  # a 0-d array
        lambda image: np.float32(_spread_loops(image)),  # float32 rounding is close enough
    ],
)
def test_phase_spread_function_accepts_every_correct_implementation(capsys, fn):
    assert verdict(capsys, checks.phase_spread_function, fn)


@pytest.mark.parametrize(
    "fn",
    [
        lambda image: np.std([image[p::2, q::2].mean() for p in (0, 1) for q in (0, 1)]),
        lambda image: np.ptp(image),  # the spread of the pixels, not of the phase means
        # two phases only: a checkerboard's (0, 0) and (1, 1) phases are equal
        lambda image: abs(image[0::2, 0::2].mean() - image[1::2, 1::2].mean()),
        lambda image: abs(image[0::2].mean() - image[1::2].mean()),  # rows only
        lambda image: [image[p::2, q::2].mean() for p in (0, 1) for q in (0, 1)],  # four numbers
        lambda image: _spread_loops(image) / image.mean(),  # not invariant to adding a constant
        lambda image: True,
    ],
)
def test_phase_spread_function_refuses_wrong_measures(capsys, fn):
    assert not verdict(capsys, checks.phase_spread_function, fn)


# ------------------------------------------------------------------------- all of them
RIGHT = {
    checks.conv_matrix_function: _conv_matrix_loops,
    checks.distribute_function: _distribute_loops,
    checks.seven_to_twenty_eight: {"kernel_size": 4, "strides": 4, "padding": "same"},
    checks.torch_to_keras_function: _port_loops,
    checks.flat_stride3_kernel: [1, 2, 3, 3, 2, 1],
    checks.phase_spread_function: _spread_loops,
}


@pytest.mark.parametrize("check", list(RIGHT), ids=lambda check: check.__name__)
@pytest.mark.parametrize("answer", MALFORMED)
def test_malformed_answers_never_raise_and_are_not_yet(capsys, check, answer):
    assert not verdict(capsys, check, answer)


@pytest.mark.parametrize("check", list(RIGHT), ids=lambda check: check.__name__)
def test_graded_mode_raises_on_a_wrong_answer_and_passes_a_right_one(capsys, monkeypatch, check):
    from transposed_conv import settings

    monkeypatch.delenv(settings.GRADED_ENV, raising=False)
    with checks.graded():
        check(RIGHT[check])
        assert capsys.readouterr().out.startswith(checks.PASS)
        for wrong in (..., _raises):
            with pytest.raises(AssertionError, match=checks.NOT_YET):
                check(wrong)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("check", list(RIGHT), ids=lambda check: check.__name__)
def test_each_check_is_quick(capsys, check):
    start = time.perf_counter()
    check(RIGHT[check])
    assert time.perf_counter() - start < 1.0
    assert capsys.readouterr().out.startswith(checks.PASS)
