"""Generated bad arguments for every public function: refused cleanly, never a crash (issue 12).

Each public function of shapes, decoder, ops, arguments, layouts, plotting, explorers and checks
gets a valid baseline call; hypothesis replaces one or two of its arguments by odd values
(huge or boolean numbers, NaN, complex or object arrays, empty arrays,
strings, generators, objects whose protocol methods raise, ...). A function
may return, or raise ``ValueError`` / ``TypeError``; anything else fails.
A check must never raise at all, and must print a verdict.
"""

import contextlib
import importlib
import inspect
import io
import pkgutil

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from transposed_conv import checks
from transposed_conv.core import arguments, decoder, layouts, ops, shapes, terms
from transposed_conv.viz import canvas, explorer_text, explorers, grids, images, plotting, signals


class Hostile:
    """A value whose every protocol method raises (but which can still be printed)."""

    def _fail(self, *args, **kwargs):
        raise RuntimeError("hostile value")

    __float__ = __int__ = __index__ = __complex__ = __array__ = __iter__ = __len__ = _fail
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __bool__ = __getitem__ = __format__ = (
        _fail
    )
    __hash__ = None


def _endless():
    while True:
        yield 1


ODD_NUMBERS = st.sampled_from(
    [
        0,
        -1,
        10**9,
        2**63,
        10**400,
        -(10**400),
        True,
        False,
        0.5,
        float("nan"),
        float("inf"),
        1j,
        np.int64(-3),
        np.float32(2.5),
        # NumPy's small and unsigned integers wrap around in arithmetic; extreme floats overflow
        np.uint8(200),
        np.int8(-3),
        np.uint64(2**63),
        1e308,
        -1e308,
        np.float32(3e38),
    ]
)
ODD_ARRAYS = hnp.arrays(
    dtype=st.sampled_from([np.bool_, np.int8, np.float64, np.complex128, np.dtype("U2")]),
    shape=hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=3),
)
ODD_OBJECTS = st.sampled_from(
    [
        None,
        ...,
        "",
        "same",
        "valid",
        b"x",
        Hostile(),
        [Hostile()],
        (1, Hostile()),
        [[1, 2], [3]],
        [None, None],
        np.full((2, 2), None),
        np.empty((0, 3)),
        np.empty((2, 0, 2, 1)),
        {},
        {1, 2},
        object(),
        (0, 0),
        (1, 2, 3),
        (2**63, 1),
    ]
)
BAD = st.one_of(
    ODD_NUMBERS,
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.complex_numbers(max_magnitude=1e6),
    st.text(max_size=4),
    st.lists(st.one_of(st.integers(-3, 2**64), st.floats(), st.booleans(), st.none()), max_size=4),
    ODD_ARRAYS,
    ODD_OBJECTS,
    st.builds(_endless),
)

# A valid call of every public function: (args, kwargs). ``AX`` stands for a fresh matplotlib Axes.
AX = object()
FILTERS = np.array([[1.0, 2.0, 1.0], [0.0, 1.0, -1.0]])
X2, K2 = np.arange(9.0).reshape(3, 3), np.array([[1.0, 2.0], [0.0, -1.0]])
BASELINES = {
    arguments.check_int: (("n", 3, 1), {}),
    arguments.check_cells: (("the output", (3, 4)), {}),
    arguments.check_padding_mode: (("same",), {}),
    shapes.effective_kernel_size: ((3, 2), {}),
    shapes.conv_output_size: ((7, 3), dict(s=2, p=1, d=1)),
    shapes.conv_transpose_output_size: ((3, 3), dict(s=2, p=1, output_padding=1, d=1)),
    shapes.keras_conv_padding: ((7, 3), dict(s=2, padding="same", d=1)),
    shapes.keras_conv_output_size: ((7, 3), dict(s=2, padding="valid", d=1)),
    shapes.keras_conv_transpose_output_size: (
        (3, 3),
        dict(s=2, padding="same", output_padding=1, d=1),
    ),
    shapes.conv_transpose_crop: ((3, 3), dict(s=2, padding="same", output_padding=None, d=1)),
    decoder.keras_decoder: (
        ((25, 24), [dict(kernel_size=3, strides=2, padding="same"), dict(kernel_size=(2, 1))]),
        {},
    ),
    decoder.pytorch_decoder: (
        (25, [dict(kernel_size=3, stride=2, padding=1, dilation=1), dict(kernel_size=2)]),
        {},
    ),
    ops.conv2d: ((X2, K2), dict(strides=1, padding="same", dilation=1)),
    ops.conv2d_transpose: ((X2, K2), dict(strides=2, padding=1, output_padding=1, dilation=1)),
    ops.conv2d_transpose_scatter: (
        (X2, K2),
        dict(strides=2, padding="same", output_padding=None, dilation=1),
    ),
    ops.conv2d_transpose_as_conv: (
        (X2, K2),
        dict(strides=2, padding=0, output_padding=None, dilation=2),
    ),
    ops.stretch: ((X2,), dict(strides=2)),
    ops.conv_matrix: (((4, 4), K2), dict(strides=1, padding=0, dilation=1)),
    ops.conv1d: ((np.arange(5.0), np.ones(2)), dict(strides=1, padding=0, dilation=1)),
    ops.conv1d_transpose: (
        (np.arange(5.0), np.ones(3)),
        dict(strides=2, padding=0, output_padding=None, dilation=1),
    ),
    ops.downsample: ((np.arange(7.0), 3), {}),
    ops.upsample_zeros: ((np.arange(3.0), 2), {}),
    ops.distribute_terms: ((X2, K2), dict(strides=2, dilation=1)),
    ops.feeders: (
        ((3, 3), (2, 2), (1, 1)),
        dict(strides=2, padding=0, output_padding=None, dilation=1),
    ),
    ops.bilinear_kernel: ((2,), {}),
    ops.pad_or_crop: ((X2, 1, 2, -1), {}),
    arguments.numeric_array: (("x", X2), {}),
    arguments.real_array: (("x", X2), {}),
    arguments.real_number: (("size", 1.5), dict(positive=True)),
    layouts.keras_to_torch: ((np.ones((3, 2, 4, 5)),), {}),
    layouts.torch_to_keras: ((np.ones((5, 4, 3, 2)),), {}),
    plotting.draw_grid: (
        (AX, X2),
        dict(
            title="t",
            highlight=X2 > 4,
            blank=X2 > 7,
            cmap="RdBu",
            vmin=None,
            vmax=None,
            numbers=True,
            highlight_color="crimson",
        ),
    ),
    plotting.grids: (
        ([X2, K2],),
        dict(
            titles=["a", "b"],
            between=["*"],
            highlights=[None, K2 > 0],
            blanks=None,
            cmap=["Blues", "RdBu_r"],
            shared_scale=True,
        ),
    ),
    plotting.kernel_grid: ((AX, K2), dict(title="kernel")),
    plotting.transposed_layout: ((2, 2), dict(s=2, p=1, output_padding=1, d=1)),
    plotting.image_row: (
        ([X2, K2],),
        dict(titles=["a", "b"], cmap="gray_r", size=1.0, vmin=0, vmax=[8, None]),
    ),
    plotting.frame: ((AX, 1, 0), dict(height=2, width=2, color="black", halo=True)),
    plotting.figure_png: ((None,), {}),  # the figure is made per call, see _call
    plotting.draw_decoder_sum: ((AX, FILTERS, [1.0, -0.5]), dict(title="t", ylim=(-2, 2))),
    plotting.draw_filters: ((AX, FILTERS), dict(title="f", labels=["a", "b"])),
    plotting.decoder_animation: ((FILTERS,), dict(component=1, values=[0.0, 0.5], interval=100)),
    explorers.output_cell_explorer: ((X2[:2, :2], K2), dict(strides=2)),
    explorers.code_explorer: ((FILTERS[[0, 1, 1]],), dict(start=(0.0, 0.5, -1.0))),
    explorers.transposed_explorer: ((), dict(i=3, k=3, s=2, padding=1, output_padding=1, d=1)),
    explorers.transposed_state: ((X2[:2, :2], K2, 2, 2, "same", 1, 1, (1, 0)), {}),
    explorers.transposed_caption: ((X2[:2, :2], K2, 2, 2, 1, None, 1, (1, 0)), dict(rule=True)),
    explorers.code_caption: ((FILTERS[[0, 1, 1]], [0.1, 0.2, 0.3]), {}),
    explorers.input_values: ((3,), dict(dims=1)),
    explorers.kernel_values: ((2,), dict(dims=2)),
    explorers.script: (("explorers",), {}),
    explorers.ops_arguments: ((1, 2, "same", 1, 2), {}),
    explorers.checked_grid: (("x", X2), {}),
    arguments.pair: (("strides", 2, 1), {}),
    arguments.padding_pair: ((1,), {}),
    arguments.output_padding_pair: (((1, 0),), {}),
    canvas.as_grid: ((X2,), dict(name="values")),
    canvas.check_axes: ((AX,), {}),
    canvas.check_cmap: (("Blues",), {}),
    canvas.label_text: (("title", "t"), {}),
    canvas.sequence: (("arrays", [X2, K2]), dict(limit=3)),
    canvas.entries: (("titles", ["a", "b"], 2), dict(what="one entry per array")),
    canvas.number_text: ((1.5,), {}),
    canvas.figure_row: (([2, 3], 2), dict(title_lines=2, max_width=11.0)),
    checks.report: ((True, "hint"), dict(praise="well done")),
    checks.same_number: ((3, 3.0), {}),
    checks.same_array: (([1, 2], [1.0, 2.0]), dict(atol=1e-6)),
}
CHECKS = [
    f
    for _, f in inspect.getmembers(checks, inspect.isfunction)
    if f.__module__.startswith(checks.__name__ + ".nb") and f.__name__[0] != "_"
]
for check in CHECKS:
    BASELINES[check] = ((0,), {})


MODULES = (
    shapes,
    decoder,
    ops,
    terms,
    arguments,
    layouts,
    grids,
    images,
    signals,
    canvas,
    explorers,
    explorer_text,
)
CHECK_MODULES = tuple(  # the checks of each notebook (checks.core's helpers serve them)
    importlib.import_module(f"transposed_conv.checks.{info.name}")
    for info in pkgutil.iter_modules(checks.__path__)
    if info.name.startswith("nb")
)


def _public_functions():
    for module in (*MODULES, *CHECK_MODULES):
        for name, f in inspect.getmembers(module, inspect.isfunction):
            if f.__module__ == module.__name__ and not name.startswith("_"):
                yield f


def test_every_public_function_has_a_baseline():
    assert sorted(f.__qualname__ for f in _public_functions() if f not in BASELINES) == []


def _call(f, args, kwargs):
    """Call ``f`` with a fresh Axes / Figure where its baseline has one; close all figures after."""
    try:
        if f is plotting.figure_png and args == (None,):
            args = (plt.figure(figsize=(1, 1)),)
        fig, ax = plt.subplots(figsize=(2, 2))
        args = tuple(ax if a is AX else a for a in args)
        return f(*args, **kwargs)
    finally:
        plt.close("all")


def test_baselines_are_valid(capsys):
    for f, (args, kwargs) in BASELINES.items():
        _call(f, args, kwargs)


def _slots(f):
    """The names of ``f``'s parameters that a baseline call fills, positional ones as indices."""
    args, kwargs = BASELINES[f]
    return list(range(len(args))) + list(kwargs)


@st.composite
def corrupted_call(draw, functions):
    f = draw(st.sampled_from(functions))
    args, kwargs = BASELINES[f]
    args, kwargs = list(args), dict(kwargs)
    for slot in draw(st.lists(st.sampled_from(_slots(f)), min_size=1, max_size=2, unique=True)):
        if isinstance(slot, int):
            args[slot] = draw(BAD)
        else:
            kwargs[slot] = draw(BAD)
    return f, tuple(args), kwargs


NON_CHECKS = [f for f in BASELINES if not f.__module__.startswith(checks.__name__)]
FAST = settings(
    max_examples=300, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@FAST
@given(corrupted_call(NON_CHECKS))
def test_bad_arguments_raise_only_value_or_type_errors(call):
    f, args, kwargs = call
    try:
        _call(f, args, kwargs)
    except (ValueError, TypeError):
        pass


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(corrupted_call(CHECKS + [checks.report, checks.same_number, checks.same_array]))
def test_checks_never_raise_and_always_give_a_verdict(call):
    f, args, kwargs = call
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = f(*args, **kwargs)
    out = printed.getvalue()
    if f in (checks.same_number, checks.same_array):
        assert isinstance(result, bool)
    else:
        assert result is None and out.startswith((checks.PASS, checks.NOT_YET)), out


@pytest.mark.parametrize("check", CHECKS)
def test_checks_refuse_over_long_answers_at_once(capsys, check):
    import time

    huge = [2] * 10**7
    start = time.perf_counter()
    check(huge)
    check(_endless())
    assert time.perf_counter() - start < 0.5
    assert capsys.readouterr().out.count(checks.NOT_YET) == 2
