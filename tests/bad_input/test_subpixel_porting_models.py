"""Generated bad arguments for every public function of subpixel, porting, artifacts, animation,
superres.

The pattern of ``test_core_viz_checks.py``: each function gets a valid baseline call and
hypothesis replaces one or two of its arguments by odd values (the same ``BAD`` values);
the function may return, or raise ``ValueError`` / ``TypeError``, nothing else. Arguments
that are valid at any size but cost time (training steps, a GIF's path on disk) are not
corrupted; TensorFlow- and drawing-heavy functions get fewer examples.
"""

import contextlib
import inspect

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_core_viz_checks import BAD

from transposed_conv.core import porting, subpixel, views
from transposed_conv.models import artifacts, reference, superres
from transposed_conv.viz import animation

pytestmark = pytest.mark.tf  # superres and artifacts build and run Keras models

DIGITS = (np.random.default_rng(0).random((4, 28, 28)) * 255).astype(np.uint8)
K4 = np.random.default_rng(1).normal(size=(3, 3, 2, 1))
X4 = np.ones((1, 3, 3, 1))
X2, K2 = np.arange(4.0).reshape(2, 2), np.array([[1.0, -1.0], [2.0, 0.5]])
PORT = porting.from_torch(3, 2, 1, 1)
ROW = {
    "variant": "v",
    "psnr": 1.0,
    "checkerboard": 0.0,
    "checkerboard_init": 0.0,
    "params": 1,
    "seconds": 1.0,
}


def _model():
    return superres.build("resize_conv", width=1)


MODEL = object()  # stands for a fresh tiny super-resolution model, see _call

# function -> (args, kwargs, slots never corrupted)
BASELINES = {
    subpixel.transposed_to_subpixel: ((K4, 2), dict(padding="same"), ()),
    subpixel.subpixel_to_transposed: ((np.ones((2, 2, 1, 4)), 2), {}, ()),
    subpixel.depth_to_space: ((np.ones((1, 2, 2, 4)), 2), {}, ()),
    subpixel.subpixel_conv: ((X4, np.ones((2, 2, 1, 4)), 2), dict(padding="valid"), ()),
    subpixel.icnr: (((3, 3, 2, 8), 2), dict(initializer=None, seed=0), ()),
    subpixel.phase_sums: ((K4, 2), {}, ()),
    porting.from_torch: ((3, 2), dict(padding=1, output_padding=1, dilation=1, dims=None), ()),
    porting.crop_like_torch: ((np.ones((1, 9, 9, 1)), PORT), {}, ()),
    porting.check_port: ((PORT,), {}, ()),
    views.setup: ((np.ones((2, 2)), np.ones((2, 2))), dict(strides=2, padding=0), ()),
    views.check_view: (("collect",), {}, ()),
    reference.keras_layers: ((PORT,), {}, ()),
    artifacts.phase_means: ((np.ones((4, 4)),), dict(s=2), ()),
    artifacts.checkerboard_energy: ((np.ones((2, 4, 4)),), dict(s=2), ()),
    artifacts.input_gradient: (
        ("k3",),
        dict(size=8, depth=1, channels=2, weights="positive", activation=None, seed=0),
        (),
    ),
    animation.frames: (
        (X2, K2),
        dict(strides=2, padding=0, output_padding=None, view="collect"),
        (),
    ),
    animation.gif_bytes: (
        (X2[:1], K2[:1]),
        dict(
            strides=2,
            padding=0,
            output_padding=None,
            view="distribute",
            fps=2.0,
            dpi=20,
            size=0.5,
            numbers=False,
        ),
        (),
    ),
    animation.save_gif: (
        ("a.gif", X2[:1], K2[:1]),
        dict(strides=2, view="distribute", dpi=20),
        (0,),
    ),
    animation.gif_html: ((b"GIF89a",), dict(alt="a"), ()),
    animation.markdown_image: (("figures/a.gif",), dict(start=".", alt="a"), ()),
    superres.downsample: ((DIGITS,), {}, ()),
    superres.build: (("subpixel",), dict(width=1, seed=0), ()),
    superres.fit: ((MODEL, DIGITS), dict(steps=1, seed=0, verbose=0), ("steps",)),
    superres.predict: ((MODEL, DIGITS), dict(batch_size=2), ()),
    superres.evaluate: ((MODEL, DIGITS), dict(seconds=1.0), ()),
    superres.compare: (
        (["resize_conv"], DIGITS, DIGITS),
        dict(steps=1, seed=0, verbose=0),
        (1, 2, "steps"),
    ),
    superres.table: (([ROW],), {}, ()),
    superres.interior: ((np.zeros((1, 28, 28)),), {}, ()),
}
MODULES = (subpixel, porting, views, artifacts, animation, superres)
HEAVY = {
    artifacts.input_gradient,
    animation.gif_bytes,
    animation.save_gif,
    superres.build,
    superres.fit,
    superres.predict,
    superres.evaluate,
    superres.compare,
    reference.keras_layers,
}


def test_every_public_function_has_a_baseline():
    public = [
        f
        for module in MODULES
        for name, f in inspect.getmembers(module, inspect.isfunction)
        if f.__module__ == module.__name__
        and not name.startswith("_")
        and inspect.signature(f).parameters  # a function without arguments has none to corrupt
    ]
    assert sorted(f.__qualname__ for f in public if f not in BASELINES) == []


def _call(f, args, kwargs, folder):
    args = tuple(_model() if a is MODEL else a for a in args)
    try:
        with contextlib.chdir(folder):  # save_gif writes relative paths here, never in the checkout
            return f(*args, **kwargs)
    finally:
        plt.close("all")


def test_baselines_are_valid(tmp_path):
    for f, (args, kwargs, _) in BASELINES.items():
        _call(f, args, kwargs, tmp_path)


@st.composite
def corrupted_call(draw, functions):
    f = draw(st.sampled_from(functions))
    args, kwargs, fixed = BASELINES[f]
    args, kwargs = list(args), dict(kwargs)
    slots = [s for s in list(range(len(args))) + list(kwargs) if s not in fixed]
    for slot in draw(st.lists(st.sampled_from(slots), min_size=1, max_size=2, unique=True)):
        if isinstance(slot, int):
            args[slot] = draw(BAD)
        else:
            kwargs[slot] = draw(BAD)
    return f, tuple(args), kwargs


LIGHT_FUNCTIONS = [f for f in BASELINES if f not in HEAVY]
HEAVY_FUNCTIONS = [f for f in BASELINES if f in HEAVY]
CHECKS = dict(
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ]
)


@settings(max_examples=250, **CHECKS)
@given(corrupted_call(LIGHT_FUNCTIONS))
def test_bad_arguments_raise_only_value_or_type_errors(tmp_path, call):
    f, args, kwargs = call
    with contextlib.suppress(ValueError, TypeError):
        _call(f, args, kwargs, tmp_path)


@settings(max_examples=60, **CHECKS)
@given(corrupted_call(HEAVY_FUNCTIONS))
def test_bad_arguments_of_tensorflow_and_drawing_functions(tmp_path, call):
    f, args, kwargs = call
    with contextlib.suppress(ValueError, TypeError):
        _call(f, args, kwargs, tmp_path)


@pytest.mark.parametrize(
    "f, kwargs, name",
    [
        (subpixel.transposed_to_subpixel, dict(kernel=np.ones((3, 3)), r=2), "kernel"),
        (subpixel.transposed_to_subpixel, dict(kernel=K4, r=0), "r"),
        (subpixel.transposed_to_subpixel, dict(kernel=K4, r=2, padding="full"), "padding"),
        (subpixel.subpixel_to_transposed, dict(kernel=np.ones((2, 2, 1, 3)), r=2), "kernel"),
        (subpixel.icnr, dict(shape=(3, 3, 2, 6), r=2), "shape"),
        (subpixel.phase_sums, dict(kernel=np.ones((2, 2)), s=0), "s"),
        (porting.from_torch, dict(kernel_size=3, stride=2, padding=-1), "padding"),
        (porting.from_torch, dict(kernel_size=3, stride=2, dilation=0), "dilation"),
        (porting.crop_like_torch, dict(y="abc", port=PORT), "y"),
        (artifacts.checkerboard_energy, dict(images=np.ones((2, 2)), s=0), "s"),
        (artifacts.input_gradient, dict(kind="k3", depth=0), "depth"),
        (animation.frames, dict(x=X2, kernel=K2, view="scatter"), "view"),
        (animation.frames, dict(x=X2, kernel=K2, strides=2, padding=9), "padding"),
        (animation.save_gif, dict(path="a.png", x=X2, kernel=K2), "path"),
        (superres.downsample, dict(images=np.ones((2, 28, 28))), "images"),
        (superres.interior, dict(images=np.ones((14, 14))), "images"),
        (superres.build, dict(variant="subpixel", width=0), "width"),
        (superres.table, dict(rows=[{"variant": "v"}]), "rows"),
    ],
)
def test_value_errors_name_the_bad_argument(f, kwargs, name):
    with pytest.raises(ValueError, match=name):
        f(**kwargs)
