"""Self-checks for the exercises: print pass or "not yet" with a hint, never raise.

Graded mode is for an autograder, never for learners: with ``TRANSPOSED_CONV_GRADED=1`` in
the environment (nbgrader's ``nbgrader_config.py`` sets it, see the instructor guide), or
inside ``with checks.graded():``, a wrong answer raises ``AssertionError`` carrying the same
"not yet" line and hint instead of printing it, so a check cell can be an autograded test. A
right answer prints the same pass line in both modes.

Each check computes its expected answer with the package itself, so the
notebook never shows the answer, and a wrong type (a string, ``...``, a list
of the wrong shape) is just "not yet".

Any value at all is just "not yet" too: every comparison goes through
:func:`_quietly`, which turns an exception or a warning raised by the answer
(``10**400`` overflowing a float, an object whose ``__float__``, ``__array__``
or ``__iter__`` raises, ...) into ``False``, and answers are measured before
they are read, so a list of ten million items or an endless generator is
refused at once.
"""

from __future__ import annotations

import contextlib
import itertools
import warnings

import numpy as np

from . import settings, shapes

PASS = "✅ Correct"
NOT_YET = "❌ Not yet"

MAX_ITEMS = 1000  # the longest answer worth reading; every expected answer is far shorter


def _quietly(test) -> bool:
    """``bool(test())``, or ``False`` if it raises anything or warns: an answer never crashes a
    check."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return bool(test())
    except Exception:  # whatever the learner's value does (OverflowError, RecursionError, ...)
        return False


def _small(answer) -> bool:
    """True when ``answer`` holds at most ``MAX_ITEMS`` items, counted without reading them.

    Lists and tuples are walked (a self-containing list just counts up to the
    limit); arrays count their size; other sized objects their ``len``.
    """
    stack, count = [answer], 0
    while stack:
        item = stack.pop()
        if isinstance(item, (str, bytes)):
            continue
        if isinstance(item, np.ndarray):
            count += item.size
        elif hasattr(type(item), "__len__"):
            count += len(item)
        if count > MAX_ITEMS:
            return False
        if isinstance(item, (list, tuple)):
            stack.extend(item)
    return True


def _numbers(answer):
    """``answer`` as a float64 array if it holds only real numbers (no booleans, strings, complex),
    else ``None``."""
    if not _small(answer):
        return None
    arr = np.asarray(answer)
    if arr.dtype.kind == "O":  # Fractions, Decimals... convert; None and the like fail
        return arr.astype(np.float64)
    return arr.astype(np.float64) if arr.dtype.kind in "iuf" else None


class graded(contextlib.ContextDecorator):
    """``with checks.graded():``: inside, every check raises ``AssertionError`` on a wrong answer.

    (A class, not a function: the public functions of this module are the checks.)
    """

    _open = 0  # how many blocks are open; they may nest

    def __enter__(self):
        graded._open += 1
        return self

    def __exit__(self, *exc):
        graded._open -= 1
        return False

    @staticmethod
    def active() -> bool:
        """True in graded mode: ``TRANSPOSED_CONV_GRADED`` is set, or inside a ``graded`` block."""
        return graded._open > 0 or settings.graded_mode()


def report(ok: bool, hint: str, praise: str = "") -> None:
    """Print the verdict: ``PASS`` (with ``praise``) or ``NOT_YET`` with ``hint``.

    Returns nothing, so a check cell shows only the printed line. Never
    raises: an ``ok`` whose truth cannot be taken counts as not yet. In graded
    mode (:meth:`graded.active`) a wrong answer raises ``AssertionError`` with the
    "not yet" line as its message instead.
    """
    if _quietly(lambda: ok):
        praise = _as_text(praise)
        print(f"{PASS}{': ' + praise if praise else '.'}")
        return
    verdict = f"{NOT_YET}: {_as_text(hint)}"
    if graded.active():
        raise AssertionError(verdict)
    print(verdict)


def _as_text(value) -> str:
    """``str(value)``, or ``""`` if even that fails."""
    try:
        return value if isinstance(value, str) else str(value)
    except Exception:
        return ""


def same_number(answer, expected) -> bool:
    """True when ``answer`` is a plain number equal to ``expected`` (ints compare exactly)."""
    if isinstance(answer, (bool, np.bool_)) or not isinstance(
        answer, (int, float, np.integer, np.floating)
    ):
        return False
    return _quietly(lambda: np.isclose(float(answer), float(expected), rtol=0, atol=1e-9))


def same_array(answer, expected, atol: float = 1e-6) -> bool:
    """True when ``answer`` converts to an array of ``expected``'s shape and values."""

    def test():
        arr, want = _numbers(answer), np.asarray(expected, dtype=np.float64)
        return (
            arr is not None
            and arr.shape == want.shape
            and np.allclose(arr, want, rtol=0, atol=atol)
        )

    return _quietly(test)


# ----------------------------------------------------------- 00 start here
def start_output_size(answer) -> None:
    """00, exercise 1: Conv2DTranspose, kernel 3, stride 2, 'valid', on a 7x7 input:
    output height."""
    expected = shapes.keras_conv_transpose_output_size(7, 3, 2, "valid")
    report(
        same_number(answer, expected),
        "with 'valid' padding nothing is cropped: the last of the 7 inputs lands at "
        "row (7-1)*2 and its kernel copy covers 3 rows from there.",
        "(i - 1) * s + k.",
    )


def start_by_hand(answer) -> None:
    """00, exercise 2: the stride-2 transposed convolution of [[1, 2]] with kernel [[1, 1, 1]]."""
    from .ops import conv2d_transpose

    expected = conv2d_transpose(np.array([[1.0, 2.0]]), np.ones((1, 3)), strides=2)
    report(
        same_array(answer, expected),
        "write a 1x5 row: put 1*[1, 1, 1] at columns 0-2 and 2*[1, 1, 1] at columns 2-4, "
        "then add where they overlap.",
        "overlapping copies add up.",
    )


def _shape_answer(answer):
    """A shape given as a tuple or list of (at most 8) plain ints, else None."""

    def plain(v):
        return isinstance(v, (int, np.integer)) and not isinstance(v, bool)

    if isinstance(answer, (tuple, list)) and len(answer) <= 8 and all(plain(v) for v in answer):
        shape = []
        ok = _quietly(
            lambda: shape.extend(int(v) for v in answer) or True
        )  # an int subclass may raise
        return tuple(shape) if ok else None
    return None


# ------------------------------------------------- 01 convolution as a matrix
def matrix_shape(answer) -> None:
    """01, exercise 1: shape of C for a 6x6 input, 3x3 kernel, stride 2, no padding."""
    out = shapes.conv_output_size(6, 3, 2)
    report(
        _shape_answer(answer) == (out * out, 36),
        "C has one row per output cell and one column per input cell; "
        "first find the output size with floor((i - k) / s) + 1.",
        "rows = output cells, columns = input cells.",
    )


def matrix_transpose_by_hand(answer) -> None:
    """01, exercise 2: C.T @ y for y = [[1, 2], [3, 4]] and the 2x2 kernel [[1, 0], [0, 1]]."""
    from .ops import conv2d_transpose

    expected = conv2d_transpose(np.array([[1.0, 2.0], [3.0, 4.0]]), np.eye(2))
    report(
        same_array(answer, expected),
        "the answer is 3x3. Each y value is copied onto the diagonal of a 2x2 block "
        "starting at its own position; add the copies where they overlap.",
        "one-to-many, then summed.",
    )


def matrix_nonzeros(answer) -> None:
    """01, exercise 3: non-zero entries of C for a 28x28 input and a 3x3 kernel with no
    zero weight."""
    out = shapes.conv_output_size(28, 3)
    report(
        same_number(answer, out * out * 9),
        "every row of C holds one copy of the kernel; how many rows are there?",
        "a tiny fraction of the matrix, which is why nobody stores it.",
    )


def _called(function, *args):
    """``function(*args)`` read by :func:`_numbers` (a float64 array, or None if it holds anything
    but real numbers); None if ``function`` is not callable. Whatever the function raises goes up:
    call this inside :func:`_quietly`."""
    if not callable(function):
        return None
    return _numbers(function(*args))


def _reported_trouble(answer, call: str, *example) -> bool:
    """Report "not yet" and return True when a function answer cannot be tried: it is still the
    stub, it is not a function, or it raises on a simple ``example`` call. The learner then sees
    their own error (``NameError: name 'kernal' is not defined``) instead of a hint about the
    content that would send them looking for a logic bug that is not there."""
    if answer is Ellipsis:
        report(False, f"replace the `...` line with your `def {call}:`.")
        return True
    if not callable(answer):
        report(False, f"the answer must be a function: `def {call}:` that returns the result.")
        return True
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            answer(*example)
    except Exception as err:  # the learner's own bug, shown to them
        message = f"{type(err).__name__}: {err}"
        if len(message) > 200:
            message = message[:197] + "..."
        report(False, f"your function raised {message} (called as {call} on a small example).")
        return True
    return False


CONV_MATRIX_CASES = ((5, 3), (8, 1), (6, 6), (9, 4), (4, 2))  # 01, exercise 4: (n, k)


def conv_matrix_function(answer) -> None:
    """01, exercise 4: a function ``conv_matrix(n, kernel)`` returning the matrix ``C`` of the
    stride-1, no-padding 1-D convolution (cross-correlation) of an ``n``-number input."""
    from .ops import conv1d, conv1d_transpose

    if _reported_trouble(answer, "conv_matrix(n, kernel)", 5, np.array([1.0, 2.0, 3.0])):
        return

    def matrices():
        """(C, kernel) for each case, the same random kernels on every call."""
        rng = np.random.default_rng(1)
        for n, k in CONV_MATRIX_CASES:
            kernel = rng.normal(size=k)
            yield _called(answer, n, kernel.copy()), kernel, n

    def shaped():
        return all(
            c is not None and c.shape == (n - len(kernel) + 1, n) for c, kernel, n in matrices()
        )

    def right():
        rng = np.random.default_rng(2)
        for c, kernel, n in matrices():
            xs = rng.normal(size=(n, n))  # n random inputs: together they pin every entry of C
            ys = rng.normal(size=(n, n - len(kernel) + 1))
            for x, y in zip(xs, ys, strict=True):
                if not np.allclose(c @ x, conv1d(x, kernel), rtol=0, atol=1e-9):
                    return False
                if not np.allclose(c.T @ y, conv1d_transpose(y, kernel), rtol=0, atol=1e-9):
                    return False
        return True

    if not _quietly(shaped):
        ok, hint = (
            False,
            "conv_matrix(n, kernel) must return an array with one row per output "
            "(n - k + 1 of them for a kernel of k numbers) and one column per input (n).",
        )
    else:
        ok = _quietly(right)
        hint = (
            "the shape is right; now row i must hold the weights with which output i reads the "
            "inputs: the kernel's taps, in order (not flipped), in the columns its window covers, "
            "and zeros elsewhere."
        )
    report(ok, hint, "C @ x is the convolution and C.T @ y the transposed convolution.")


# ------------------------------------------------------ 02 two mental models
def flipped_kernel(answer) -> None:
    """02, exercise 1: the kernel [[1, 2], [3, 4]] as the collect model uses it."""
    kernel = np.array([[1.0, 2.0], [3.0, 4.0]])
    report(
        same_array(answer, kernel[::-1, ::-1]),
        "flip top-bottom and left-right (a half turn), not a matrix transpose.",
        "a half turn of the kernel.",
    )


def distribute_cell(answer) -> None:
    """02, exercise 2: output[1, 1] of x = [[2, 1], [0, 3]] with kernel [[1, 2], [3, 4]],
    stride 1."""
    from .ops import conv2d_transpose

    expected = conv2d_transpose(
        np.array([[2.0, 1.0], [0.0, 3.0]]), np.array([[1.0, 2.0], [3.0, 4.0]])
    )[1, 1]
    report(
        same_number(answer, expected),
        "all four scaled copies reach the centre cell; each input meets the kernel weight "
        "diagonally opposite to its own position.",
        "four products, one from each input.",
    )


def stretched_size(answer) -> None:
    """02, exercise 3: side of the stretched, padded grid for a 3x3 input, stride 2, kernel 3."""
    expected = (3 - 1) * 2 + 1 + 2 * (3 - 1)
    report(
        same_number(answer, expected),
        "stretching puts stride - 1 zeros between neighbours; then k - 1 zeros go on each side.",
        "and a 3x3 window slides over it to give the 7x7 output.",
    )


# 02, exercise 4: (input shape, kernel shape, stride); non-square, kernels smaller than the stride
DISTRIBUTE_CASES = (
    ((3, 3), (2, 2), 1),
    ((2, 4), (3, 2), 2),
    ((4, 3), (3, 3), 3),
    ((3, 2), (2, 3), 3),
    ((1, 1), (2, 2), 2),
    ((2, 3), (1, 1), 2),
)


def distribute_function(answer) -> None:
    """02, exercise 4: a function ``my_distribute(x, kernel, stride)`` that computes the
    transposed convolution (no padding) of a 2-D ``x`` by stamping scaled kernel copies."""
    from .ops import conv2d_transpose

    example = (np.ones((2, 2)), np.ones((2, 2)), 1)
    if _reported_trouble(answer, "my_distribute(x, kernel, stride)", *example):
        return

    def test():
        rng = np.random.default_rng(3)
        for x_shape, kernel_shape, stride in DISTRIBUTE_CASES:
            x, kernel = rng.normal(size=x_shape), rng.normal(size=kernel_shape)
            got = _called(answer, x.copy(), kernel.copy(), stride)
            want = conv2d_transpose(x, kernel, strides=stride)
            if got is None or got.shape != want.shape:
                return False
            if not np.allclose(got, want, rtol=0, atol=1e-9):
                return False
        return True

    report(
        _quietly(test),
        "my_distribute(x, kernel, stride) must return an array of (h - 1) * stride + kh rows and "
        "(w - 1) * stride + kw columns that starts as zeros and gets x[i, j] * kernel added with "
        "its top-left corner at row i * stride, column j * stride, for every i and j. The check "
        "tries non-square inputs and kernels, and strides 1 to 3.",
        "every input value stamps a scaled copy of the kernel; the copies add up.",
    )


# ------------------------------------------- 03 stride, padding, output size
def padding_shape(answer) -> None:
    """03, exercise 1: integer padding 1, input 5, kernel 4, stride 2: output size."""
    report(
        same_number(answer, shapes.conv_transpose_output_size(5, 4, 2, 1)),
        "start from the full output (i - 1) * s + k, then remove p cells on each side.",
        "(i - 1) * s + k - 2p.",
    )


def same_shape(answer) -> None:
    """03, exercise 2: Keras 'same', input 4, kernel 5, stride 3: output size."""
    report(
        same_number(answer, shapes.keras_conv_transpose_output_size(4, 5, 3, "same")),
        "with padding='same' and no output_padding, Keras makes the output exactly "
        "stride times the input.",
        "i * s, whatever the kernel.",
    )


def output_padding_needed(answer) -> None:
    """03, exercise 3: Conv2D(3, strides=2, 'same') on 9x9, then Conv2DTranspose back:
    output_padding for 9."""
    down = shapes.keras_conv_output_size(9, 3, 2, "same")
    fits = [
        op
        for op in range(2)
        if shapes.keras_conv_transpose_output_size(down, 3, 2, "same", op) == 9
    ]
    report(
        same_number(answer, fits[0]),
        "find the size after the convolution first; "
        "then use (i - 1) * s + k - 2 * (k // 2) + output_padding.",
        "an odd size needs output_padding to come back exactly.",
    )


def stride_padding_by_hand(answer) -> None:
    """03, exercise 4: [[1, 2], [3, 4]] with a 2x2 kernel of ones, stride 2, integer padding 1."""
    from .ops import conv2d_transpose

    expected = conv2d_transpose(
        np.array([[1.0, 2.0], [3.0, 4.0]]), np.ones((2, 2)), strides=2, padding=1
    )
    report(
        same_array(answer, expected),
        "draw the 4x4 full output first (each value fills its own 2x2 block), "
        "then remove one ring of cells.",
        "the padding crops the full output.",
    )


LAYER_KEYS = ("kernel_size", "strides", "padding", "output_padding")  # 03, exercise 5


def _layer_setting(answer):
    """A dict of ``Conv2DTranspose`` arguments as ``(kernel_size, strides, padding,
    output_padding)`` (``output_padding`` None when left out), else None."""
    if not isinstance(answer, dict) or not 3 <= len(answer) <= 4:
        return None
    keys = list(answer)
    if not all(type(key) is str for key in keys) or not set(keys) <= set(LAYER_KEYS):
        return None
    if not set(LAYER_KEYS[:3]) <= set(keys):
        return None
    return tuple(answer.get(key) for key in LAYER_KEYS)


def seven_to_twenty_eight(answer) -> None:
    """03, exercise 5: any ``Conv2DTranspose`` arguments (a dict) that take a 7x7 input to
    28x28 in one layer, with ``kernel_size >= strides`` and every output pixel inside the full
    output ``(7 - 1) * strides + kernel_size`` (so each receives a kernel copy)."""
    found = []

    def read():
        setting = _layer_setting(answer)
        size = None if setting is None else _keras_size(setting, 7)
        found.extend([setting, size])
        return size is not None

    if not _quietly(read):
        ok, hint = (
            False,
            "give a dict such as {'kernel_size': ..., 'strides': ..., 'padding': ..., "
            "'output_padding': ...}: whole numbers for kernel_size and strides, 'same' or 'valid' "
            "(lower case) for padding, and None or a whole number smaller than strides for "
            "output_padding (leaving it out means None). Only these four keys: `filters` does not "
            "change the size, so leave it out; give single numbers, not (height, width) pairs.",
        )
    else:
        (k, s, _, _), size = found
        full = (7 - 1) * s + k  # cells that kernel copies reach; any beyond stay zero
        ok = k >= s and size == 28 and size <= full
        if k >= s and size == 28 and size > full:
            hint = (
                f"this gives 28x28, but the kernel copies reach only (7 - 1) * {s} + {k} = {full} "
                f"cells per axis: output_padding appends {size - full} more at the end that no "
                "copy reaches, so they hold only the bias. Make the kernel cover 28 cells by "
                "itself."
            )
        elif k < s:
            hint = (
                f"a kernel of {k} with stride {s} leaves gaps: the copies start {s} pixels apart "
                f"and each covers only {k} of them, so some output pixels receive no kernel copy "
                "at all. Use kernel_size >= strides."
            )
        else:
            hint = (
                f"this layer gives {size}x{size}, not 28x28. With 'same' and output_padding=None "
                "Keras multiplies the size by the stride; otherwise use "
                "(i - 1) * s + k - 2 * pad + output_padding, pad = 0 for 'valid', k // 2 for "
                "'same'."
            )
    report(ok, hint, "one Conv2DTranspose takes 7x7 to 28x28, and every pixel gets a copy.")


# -------------------------------------------- 04 channels, layouts and names
def keras_kernel_shape(answer) -> None:
    """04, exercise 1: kernel shape of Conv2DTranspose(filters=8, kernel_size=3) on a 16-channel
    input."""
    report(
        _shape_answer(answer) == (3, 3, 8, 16),
        "Keras stores a transposed-convolution kernel as (kh, kw, C_out, C_in); "
        "C_out is `filters`.",
        "(kh, kw, filters, input channels).",
    )


def transpose_param_count(answer) -> None:
    """04, exercise 2: parameters of Conv2DTranspose(filters=8, kernel_size=3) on 8 channels,
    with bias."""
    report(
        same_number(answer, 3 * 3 * 8 * 8 + 8),
        "count the kernel's numbers (kh * kw * C_out * C_in), "
        "then add one bias per output channel.",
        "kernel weights plus one bias per filter.",
    )


def multichannel_by_hand(answer) -> None:
    """04, exercise 3: a 1x1 input with channels (1, 2), 1x2 kernels [[1, 1]] and [[0, 3]],
    one output channel."""
    from .ops import conv2d_transpose

    x = np.array([1.0, 2.0]).reshape(1, 1, 1, 2)
    kernel = np.zeros((1, 2, 1, 2))
    kernel[0, :, 0, 0] = [1, 1]
    kernel[0, :, 0, 1] = [0, 3]
    expected = conv2d_transpose(x, kernel)[0, :, :, 0]
    report(
        same_array(answer, expected),
        "scale each channel's kernel by that channel's value, then add the two 1x2 results.",
        "one output channel is a sum over the input channels.",
    )


# 04, exercise 4: (C_in, C_out, kh, kw, stride) of the PyTorch ConvTranspose2d weights ported
PORT_CASES = ((2, 3, 3, 2, 1), (3, 3, 2, 2, 2), (1, 4, 3, 3, 2), (4, 1, 2, 3, 1))


def torch_to_keras_function(answer) -> None:
    """04, exercise 4: a function ``torch_to_keras(weight)`` that turns a PyTorch
    ``ConvTranspose2d`` weight ``(C_in, C_out, kh, kw)`` into the Keras ``Conv2DTranspose``
    kernel ``(kh, kw, C_out, C_in)``: the ported layer must compute what PyTorch's did."""
    from .ops import conv2d_transpose

    if _reported_trouble(answer, "torch_to_keras(weight)", np.ones((2, 3, 2, 2))):
        return

    def test():
        rng = np.random.default_rng(4)
        for c_in, c_out, kh, kw, stride in PORT_CASES:
            weight = rng.normal(size=(c_in, c_out, kh, kw))
            kernel = _called(answer, weight.copy())
            if kernel is None or kernel.shape != (kh, kw, c_out, c_in):
                return False
            x = rng.normal(size=(2, c_in, 3, 4))  # PyTorch's layout (N, C_in, H, W)
            # PyTorch: output channel o adds up the single-channel transposed convolutions of
            # every input channel c with its 2-D kernel weight[c, o]
            torch_out = np.array(
                [
                    [
                        sum(conv2d_transpose(image[c], weight[c, o], stride) for c in range(c_in))
                        for o in range(c_out)
                    ]
                    for image in x
                ]
            )
            keras_out = conv2d_transpose(x.transpose(0, 2, 3, 1), kernel, stride)  # Keras' rule
            if not np.allclose(keras_out, torch_out.transpose(0, 2, 3, 1), rtol=0, atol=1e-9):
                return False
        return True

    report(
        _quietly(test),
        "torch_to_keras(weight) must return the same numbers with the axes moved: "
        "(in_channels, out_channels, kH, kW) becomes (kH, kW, out_channels, in_channels), so "
        "that kernel[a, b, o, c] == weight[c, o, a, b]. Move axes (transpose); a reshape keeps "
        "the numbers in their old order.",
        "the ported layer computes what PyTorch's did.",
    )


# ------------------------------------------ 05 upsampling and checkerboards
def _interior_counts(k, s):
    from .ops import conv1d_transpose

    counts = conv1d_transpose(np.ones(12), np.ones(k), strides=s)
    return sorted({int(v) for v in counts[k : len(counts) - k]})


def _counts(answer):
    """``answer`` as a sorted list of whole numbers, or None; reads at most ``MAX_ITEMS + 1``
    items."""
    if isinstance(answer, (str, bytes)):
        return None
    counts = []

    def read():
        # _small: a list may be enormous; islice: a generator may never end
        items = list(itertools.islice(iter(answer), MAX_ITEMS + 1)) if _small(answer) else []
        if not 0 < len(items) <= MAX_ITEMS or not all(float(v) == int(v) for v in items):
            return False
        counts.extend(sorted(int(v) for v in items))
        return True

    return counts if _quietly(read) else None


def overlap_pattern(answer) -> None:
    """05, exercise 1: the overlap counts that alternate inside a 1-D transposed conv, kernel 5,
    stride 2."""
    report(
        _counts(answer) == _interior_counts(5, 2),
        "place kernel copies 5 cells wide every 2 cells and count, for a cell in the middle, "
        "how many copies cover it; then do the same for its neighbour.",
        "uneven overlap: 5 equal taps put 3 taps in one phase and 2 in the other, so the phase "
        "sums differ and a flat input comes back striped.",
    )


def even_kernel(answer) -> None:
    """05, exercise 2: the smallest kernel larger than stride 3 whose copies overlap evenly."""
    smallest = next(k for k in range(4, 20) if len(_interior_counts(k, 3)) == 1)
    report(
        same_number(answer, smallest),
        "the overlap is even when the kernel size is a multiple of the stride.",
        "a multiple of the stride: every phase gets 2 taps. Equal counts, not yet equal sums: "
        "unequal taps can still give the phases different sums (Exercise 4).",
    )


def nearest_then_conv(answer) -> None:
    """05, exercise 3: [1, 2] upsampled by nearest neighbour (x2), then a 'valid' correlation
    with [1, 1]."""
    from .ops import conv1d

    expected = conv1d(np.repeat([1.0, 2.0], 2), np.ones(2))
    report(
        same_array(answer, expected),
        "nearest-neighbour upsampling repeats each value twice; then add each pair of neighbours.",
        "and that is conv1d_transpose([1, 2], [1, 2, 1], strides=2, padding=1): a transposed "
        "convolution with the kernel [1, 2, 1], cropped by one cell at each end.",
    )


def flat_stride3_kernel(answer) -> None:
    """05, exercise 4: 6 non-negative taps, not all equal, whose response at stride 3 to a
    constant input is flat (equal phase sums)."""
    from .ops import conv1d_transpose
    from .subpixel import phase_sums

    taps = []

    def shaped():
        taps.append(_kernel_of(answer, (6,)))
        return taps[0] is not None

    def flat():
        k = taps[0]
        inside = conv1d_transpose(np.ones(40), k, strides=3)[6:-6]  # 2 copies on every cell
        level = float(np.abs(inside).max())
        return (
            _equal_sums(phase_sums(k, 3))
            and level > 0
            and float(inside.max() - inside.min()) <= 1e-9 * max(level, 1.0)
        )

    ok = False
    if not _quietly(shaped):
        hint = "give 6 numbers: a list or an array of shape (6,)."
    elif not _quietly(lambda: (taps[0] >= 0).all()):
        hint = "every tap must be non-negative (0 or more)."
    elif not _quietly(lambda: taps[0].max() > taps[0].min()):
        hint = (
            "equal taps are the box kernel, which is flat but only repeats each value; "
            "make the taps differ and keep the response flat."
        )
    elif not _quietly(flat):
        sums = ", ".join(f"{v:g}" for v in phase_sums(taps[0], 3))
        hint = (
            "a constant input does not come back flat: with stride 3 the output cells of phase r "
            "receive the taps k[r::3], and your three phase sums are "
            f"{sums}; make them equal (and not zero)."
        )
    else:
        ok, hint = True, ""
    report(ok, hint, "equal phase sums, unequal taps: flat without being a box.")


# ---------------------------------------------- 06 1-D autoencoder on curves
DECODE_FILTERS = np.array([[1.0, 2.0, 1.0], [0.0, 1.0, -1.0], [2.0, 0.0, 0.0]])
DECODE_CODE = np.array([1.0, -2.0, 0.5])


def decode_by_hand(answer) -> None:
    """06, exercise 1: the decoder output for ``DECODE_CODE`` and the rows of ``DECODE_FILTERS``."""
    report(
        same_array(answer, DECODE_CODE @ DECODE_FILTERS),
        "multiply each filter (row) by its code value and add the three scaled rows "
        "point by point.",
        "a weighted sum of the filters.",
    )


def code_length(answer) -> None:
    """06, exercise 2: code vectors that Conv1D(3, 7, strides=4) makes from a 23-point curve."""
    report(
        same_number(answer, shapes.conv_output_size(23, 7, 4)),
        "count the window positions: the window starts at 0, 4, 8, ... "
        "and must end inside the curve.",
        "and Conv1DTranspose turns them back into (n - 1) * 4 + 7 = 23 points.",
    )


def taper_weights(answer) -> None:
    """06, exercise 3: any 7 non-negative taper weights whose overlaps at stride 4 add up to 1."""

    def test():
        w = _numbers(answer)
        return (
            w is not None
            and w.shape == (7,)
            and (w >= 0).all()
            and np.isclose(w[3], 1.0)
            and np.allclose(w[:3] + w[4:], 1.0)
        )

    report(
        _quietly(test),
        "with stride 4, tap j of one patch lands on tap j + 4 of the previous one (j = 0, 1, 2); "
        "those pairs must add up to 1, and the middle tap is never overlapped.",
        "the overlapping copies now add up to the signal.",
    )


# ------------------------------------------------- 07 the MNIST autoencoder
def reading_layer_params(answer) -> None:
    """07, exercise 1: parameters of the reading's model's conv2d_transpose_3 (16 -> 32 channels,
    3x3)."""
    report(
        same_number(answer, (3 * 3 * 16 + 1) * 32),
        "each of the 32 filters has a 3x3 weight per input channel (16 of them) and one bias.",
        "(kh * kw * C_in + 1) * C_out.",
    )


def strided_code_size(answer) -> None:
    """07, exercise 2: code size of the strided autoencoder with 8 code channels."""
    report(
        same_number(answer, 7 * 7 * 8),
        "two stride-2 layers take 28 to 7; the code has 7 x 7 positions, "
        "each with one number per channel.",
        "half of the 784 pixels.",
    )


def upsampled_size(answer) -> None:
    """07, exercise 3: Conv2DTranspose(kernel 4, stride 2, 'same') applied to a 5x5 input."""
    report(
        same_number(answer, shapes.keras_conv_transpose_output_size(5, 4, 2, "same")),
        "with padding='same' Keras multiplies the size by the stride.",
        "i * s.",
    )


def phase_spread_function(answer) -> None:
    """07, exercise 4: a function ``phase_spread(image)``: the largest minus the smallest of the
    four stride-2 phase means of a 2-D image."""
    from .artifacts import phase_means

    if _reported_trouble(answer, "phase_spread(image)", np.ones((4, 4))):
        return

    def spread(image):
        value = _called(answer, image.copy())
        if value is None or value.shape != ():  # one number, not an array holding one
            raise ValueError("not one number")
        return float(value)

    def close(a, b):
        return bool(np.isclose(a, b, rtol=1e-6, atol=1e-6))

    def test():
        rows, cols = np.indices((8, 8))
        board = 3.0 + 0.5 * (-1.0) ** (rows + cols)  # phase means 3.5, 2.5, 2.5, 3.5
        stripes = -1.0 + 2.0 * (np.indices((6, 10))[0] % 2)  # rows alternate -1, 1
        if not (
            close(spread(np.full((6, 6), 2.5)), 0.0)
            and close(spread(board), 1.0)
            and close(spread(stripes), 2.0)
        ):
            return False
        rng = np.random.default_rng(7)
        for shape in ((28, 28), (20, 20), (4, 6), (2, 2)):
            image = rng.normal(size=shape)
            value = spread(image)
            if not close(value, float(np.ptp(phase_means(image, 2)))):
                return False
            if not (close(spread(image + 5.0), value) and close(spread(3.0 * image), 3 * value)):
                return False
        return True

    report(
        _quietly(test),
        "phase_spread(image) must return one number: the largest minus the smallest of the four "
        "means image[0::2, 0::2].mean(), image[0::2, 1::2].mean(), image[1::2, 0::2].mean() and "
        "image[1::2, 1::2].mean(). A flat image gives 0; the check also tries checkerboards, "
        "stripes and random images.",
        "0 for a flat image, twice the amplitude for a checkerboard: a grid detector.",
    )


# ------------------------------------------------ 08 checkerboards in gradients
def _kernel_of(answer, shape):
    """``answer`` as a finite float64 array of ``shape``, else None."""
    arr = _numbers(answer)
    if arr is None or arr.shape != shape or not np.isfinite(arr).all():
        return None
    return arr


def _equal_sums(sums) -> bool:
    """True when the sums are equal (to rounding, relative to their size) and not all zero."""
    sums = np.asarray(sums, dtype=np.float64).ravel()
    scale = float(np.abs(sums).max())
    return scale > 1e-9 and float(sums.max() - sums.min()) <= 1e-9 * max(scale, 1.0)


def _phase_sums_2(kernel):
    from .subpixel import phase_sums

    return phase_sums(kernel, 2)


def flat_kernel_3x3(answer) -> None:
    """08, exercise 1: any 3x3 kernel, not all zeros, whose four stride-2 phase sums are equal."""

    def test():
        k = _kernel_of(answer, (3, 3))
        return k is not None and _equal_sums(_phase_sums_2(k))

    report(
        _quietly(test),
        "give a 3x3 array, not all zeros. With stride 2 the taps fall into four phases: "
        "kernel[0::2, 0::2] (4 taps), kernel[0::2, 1::2] and kernel[1::2, 0::2] (2 taps each) and "
        "kernel[1, 1] alone; make the four sums equal (subpixel.phase_sums shows them).",
        "equal phase sums: a constant upstream gradient comes back flat.",
    )


def striped_k4_kernel(answer) -> None:
    """08, exercise 2: any 4x4 kernel whose four stride-2 phase sums are not all equal."""

    def test():
        k = _kernel_of(answer, (4, 4))
        return k is not None and not _equal_sums(_phase_sums_2(k)) and bool(np.abs(k).max() > 0)

    report(
        _quietly(test),
        "give a 4x4 array whose four phase sums kernel[p::2, q::2].sum() (p, q in 0, 1) are not "
        "all equal.",
        "4 taps per phase, but unequal sums: a constant input comes back as a checkerboard.",
    )


def even_k4_kernel(answer) -> None:
    """08, exercise 3: any 4x4 kernel, not all zeros, whose four stride-2 phase sums are equal."""

    def test():
        k = _kernel_of(answer, (4, 4))
        return k is not None and _equal_sums(_phase_sums_2(k))

    report(
        _quietly(test),
        "give a 4x4 array, not all zeros, whose four phase sums kernel[p::2, q::2].sum() "
        "are equal.",
        "equal phase sums: a constant input comes back flat (away from the border).",
    )


# ------------------------------------------------------ 09 sub-pixel convolution
def depth_to_space_function(answer) -> None:
    """09, exercise 1: a function ``f(x, r)`` that computes ``tf.nn.depth_to_space`` in NumPy."""
    from .subpixel import depth_to_space

    if _reported_trouble(answer, "my_depth_to_space(x, r)", np.ones((1, 1, 1, 4)), 2):
        return

    def test():
        if not callable(answer):
            return False
        rng = np.random.default_rng(7)
        for shape, r in [
            ((1, 2, 3, 4), 2),
            ((2, 3, 2, 8), 2),
            ((1, 2, 2, 18), 3),
            ((1, 1, 1, 4), 2),
        ]:
            x = rng.normal(size=shape)
            got = np.asarray(answer(x.copy(), r), dtype=np.float64)
            want = depth_to_space(x, r)
            if got.shape != want.shape or not np.array_equal(got, want):
                return False
        return True

    report(
        _quietly(test),
        "my_depth_to_space(x, r) must return an (N, H*r, W*r, C) array in which channel "
        "group p*r + q of pixel (i, j) lands at (i*r + p, j*r + q): reshape the channels to "
        "(r, r, C), then move the row phase next to H and the column phase next to W.",
        "that is tf.nn.depth_to_space.",
    )


def flat_subpixel_kernel(answer) -> None:
    """09, exercise 2: a (3, 3, 1, 4) sub-pixel kernel, not ICNR, whose 4 phases have equal
    sums."""

    def shaped():
        return _kernel_of(answer, (3, 3, 1, 4)) is not None

    def flat():
        return _equal_sums(_kernel_of(answer, (3, 3, 1, 4)).sum(axis=(0, 1, 2)))

    def not_icnr():
        k = _kernel_of(answer, (3, 3, 1, 4))
        return not all(np.array_equal(k[..., 0], k[..., c]) for c in range(1, 4))

    if not _quietly(shaped):
        hint = "give a NumPy array of shape (3, 3, 1, 4): (kh, kw, C_in, r*r*C_out) with r = 2."
        ok = False
    elif not _quietly(flat):
        hint = (
            "a flat input gives each phase (output channel c) the sum of kernel[..., c]; "
            "make the four sums equal and not zero."
        )
        ok = False
    elif not _quietly(not_icnr):
        hint = "that is ICNR (all four sub-kernels the same); make them differ, keeping equal sums."
        ok = False
    else:
        hint, ok = "", True
    report(ok, hint, "equal phase sums without equal sub-kernels: flat at the start all the same.")


# ---------------------------------------------- 10 porting PyTorch and Keras
def _whole(value, minimum):
    """``value`` as an int if it is a whole number (not a bool) of at least ``minimum``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        return None
    return int(value) if minimum <= value <= 10**6 else None


def _torch_size(setting, n):
    if not isinstance(setting, (tuple, list)) or len(setting) != 4:
        return None
    k, s, p, op = (_whole(v, m) for v, m in zip(setting, (1, 1, 0, 0), strict=True))
    if None in (k, s, p, op) or op >= s:
        return None
    return shapes.conv_transpose_output_size(n, k, s, p, op)


def _keras_size(setting, n):
    if not isinstance(setting, (tuple, list)) or len(setting) != 4:
        return None
    k, s = _whole(setting[0], 1), _whole(setting[1], 1)
    padding, op = setting[2], setting[3]
    if None in (k, s) or not (isinstance(padding, str) and padding in ("same", "valid")):
        return None
    if op is not None:
        op = _whole(op, 0)
        if op is None or op >= s:
            return None
    return shapes.keras_conv_transpose_output_size(n, k, s, padding, op)


def torch_seven_to_fourteen(answer) -> None:
    """10, exercise 1: any PyTorch (kernel_size, stride, padding, output_padding): 7 to 14."""
    report(
        _quietly(lambda: _torch_size(answer, 7) == 14),
        "give four whole numbers (kernel_size, stride, padding, output_padding), output_padding "
        "smaller than the stride, with (7 - 1)*stride - 2*padding + kernel_size + output_padding "
        "= 14.",
        "ConvTranspose2d gives 14x14.",
    )


def keras_seven_to_fourteen(answer) -> None:
    """10, exercise 2: any Keras (kernel_size, stride, 'same'/'valid', output_padding) mapping 7
    to 14."""
    report(
        _quietly(lambda: _keras_size(answer, 7) == 14),
        "give (kernel_size, stride, 'same' or 'valid', None or an output_padding smaller than the "
        "stride); with 'same' and None, Keras multiplies the size by the stride.",
        "Conv2DTranspose gives 14x14.",
    )


PORT_LAYER = dict(k=5, s=2, padding=2, output_padding=1)  # 10, exercise 3


def torch_port(answer) -> None:
    """10, exercise 3: ``(keras_padding, (before, after))``, a Keras padding and crop that
    reproduce PyTorch's ``ConvTranspose2d(k=5, stride=2, padding=2, output_padding=1)`` for every
    input size."""
    from .ops import conv2d_transpose
    from .porting import KerasPort, crop_like_torch

    def test():
        if not isinstance(answer, (tuple, list)) or len(answer) != 2:
            return False
        keras_padding, crop = answer
        if not (isinstance(keras_padding, str) and keras_padding in ("same", "valid")):
            return False
        if not isinstance(crop, (tuple, list)) or len(crop) != 2:
            return False
        if any(_whole(v, -(10**6)) is None for v in crop):
            return False
        port = KerasPort(keras_padding, (tuple(int(v) for v in crop),) * 2)
        rng = np.random.default_rng(3)
        kernel = rng.normal(size=(5, 5))
        for n in (2, 3, 4, 7):
            x = rng.normal(size=(n, n))
            want = conv2d_transpose(
                x, kernel, 2, PORT_LAYER["padding"], PORT_LAYER["output_padding"]
            )
            keras_out = conv2d_transpose(x, kernel, 2, keras_padding)
            got = crop_like_torch(keras_out[None, :, :, None], port)[0, :, :, 0]
            if got.shape != want.shape or not np.allclose(got, want, rtol=0, atol=1e-9):
                return False
        return True

    report(
        _quietly(test),
        "give (keras_padding, (before, after)): 'same' or 'valid', and two whole numbers. "
        "Write down which cells of the full output (2n + 3 cells) each keeps: PyTorch keeps "
        "full[padding : padding + 2n]; Keras 'valid' keeps all of it, 'same' keeps "
        "full[(5 - 2) // 2 : ... + 2n]. "
        "Only cells past the end of the full output may be appended as zeros.",
        "Keras' output, cropped, is PyTorch's for every input size.",
    )


# ------------------------------------------------- 11 super-resolution on MNIST
def _flat_phases(kernel) -> bool:
    """Every input channel's four stride-2 phase sums are equal (relative to the kernel's size;
    lenient enough for an answer computed in float32)."""
    sums = _phase_sums_2(kernel)  # (2, 2, C_out, C_in)
    spread = sums.max(axis=(0, 1)) - sums.min(axis=(0, 1))
    return bool((spread <= 1e-6 * max(np.abs(kernel).max(), 1e-12)).all())


def flatten_phases(answer, trained_kernel=None) -> None:
    """11, exercise 1: a function that makes a (3, 3, 1, C) stride-2 kernel's phase sums equal
    per input channel, keeping each channel's total; tried on random kernels and on
    ``trained_kernel``, and run through a transposed convolution on a constant input."""
    from .ops import conv2d_transpose

    if _reported_trouble(answer, "flatten_phases(kernel)", np.ones((3, 3, 1, 2))):
        return

    def works_on(kernel):
        given = kernel.copy()
        out = np.asarray(answer(given), dtype=float)
        if not np.array_equal(given, kernel):  # the caller's kernel must stay as it was
            return False
        totals_kept = out.shape == kernel.shape and np.allclose(
            out.sum(axis=(0, 1, 2)), kernel.sum(axis=(0, 1, 2)), rtol=1e-6, atol=1e-9
        )
        if not (totals_kept and np.isfinite(out).all() and _flat_phases(out)):
            return False
        # the consequence that matters: a constant input gives a flat output away from the edges
        y = conv2d_transpose(np.ones((1, 6, 6, kernel.shape[3])), out, 2, "same")[0, 2:-2, 2:-2]
        return np.ptp(y) <= 1e-6 * max(np.abs(y).max(), 1e-12)

    def test():
        if not callable(answer):
            return False
        rng = np.random.default_rng(11)
        kernels = [rng.normal(size=(3, 3, 1, 1)), rng.normal(size=(3, 3, 1, 4))]
        kernels.append(rng.random((3, 3, 1, 2)))
        centreless = rng.random((3, 3, 1, 2))
        centreless[1, 1] = 0.0  # phase (1, 1) is the centre tap alone: its sum is 0
        kernels.append(centreless)
        if trained_kernel is not None:
            kernels.append(np.array(trained_kernel, dtype=float))
        return all(works_on(k) for k in kernels)

    report(
        _quietly(test),
        "for each channel c, compute the four sums kernel[p::2, q::2, 0, c].sum() and move each "
        "phase's taps so that its sum becomes the mean of the four (the total stays the same; "
        "a phase that sums to 0 cannot be scaled, so shift). Return a new array of the kernel's "
        "shape, leaving the kernel you were given unchanged.",
        "a constant input now gives a flat output: no checkerboard from this head's structure.",
    )
