"""MNIST super-resolution, 14x14 to 28x28: five upsampling layers, one recipe, one table.

Every model has the same body, two 3x3 ``Conv2D`` layers (``width`` filters, ReLU) on the
14x14 input, and differs only in the head that upsamples to 28x28 with one sigmoid channel:

==================  ==================================================  ===================
variant             head                                                head weights
==================  ==================================================  ===================
``transposed_k3``   ``Conv2DTranspose(1, 3, strides=2, "same")``         9 * width
``transposed_k4``   ``Conv2DTranspose(1, 4, strides=2, "same")``         16 * width
``resize_conv``     ``UpSampling2D(2)`` (nearest) + ``Conv2D(1, 3)``     9 * width
``subpixel``        ``Conv2D(4, 2, "same")`` + ``depth_to_space(2)``     16 * width
``subpixel_icnr``   the same, initialised with ICNR                      16 * width
==================  ==================================================  ===================

The 2x2 sub-pixel head is a stride-2 transposed convolution with a 4x4 kernel (see
:mod:`transposed_conv.subpixel`), so both 16-weight heads can express the same functions;
they differ in initialisation and in where the window sits. The input is the target
averaged over 2x2 blocks. :func:`fit` trains any of them with one recipe and one budget
(a fixed number of Adam steps, so the budget does not depend on how many digits the data
has); :func:`evaluate` reports test PSNR, the checkerboard measure, parameters and
training seconds; :func:`compare` does all of it for a list of variants.

The checkerboard of a trained model is measured in grey levels of 255: how far apart the
four stride-2 phase means of its *mean error* lie (output minus target, averaged over the
test digits, without the outer ``BORDER`` pixels). Averaging over digits cancels the
digit-specific errors and keeps the pattern all outputs share. An untrained model's
outputs barely vary, so its checkerboard is measured as a share of their variance.
"""

from __future__ import annotations

import numpy as np

from .. import settings
from ..core import subpixel
from ..core.arguments import check_int, numeric_array
from . import artifacts, fitting, registry

VARIANTS = registry.SUPERRES  # the heads, in the order of the table
RECIPE = dict(learning_rate=2e-3, batch_size=64, steps=800, width=16, loss="mse")
QUICK_STEPS = 30
BORDER = 2  # pixels left out of the error's checkerboard measures (zero padding dominates there)


def _uint8_digits(images, name="images"):
    images = numeric_array(name, images)  # refuses objects, strings, booleans with TypeError
    if (
        images.dtype != np.uint8
        or images.ndim != 3
        or images.shape[1:] != (28, 28)
        or not len(images)
    ):
        raise ValueError(
            f"{name} must be uint8 MNIST digits (N, 28, 28) with N >= 1, "
            f"got {images.dtype} {images.shape}"
        )
    return images


def downsample(images):
    """The low-resolution inputs: uint8 ``(N, 28, 28)`` digits averaged over 2x2 blocks, in [0, 1].

    Returns float32 ``(N, 14, 14, 1)``.

    >>> downsample(np.full((1, 28, 28), 255, np.uint8)).shape
    (1, 14, 14, 1)
    """
    images = _uint8_digits(images)
    x = images.astype(np.float32) / 255
    return x.reshape(len(x), 14, 2, 14, 2).mean(axis=(2, 4))[..., None]


def _depth_to_space_layer(keras, r):
    import tensorflow as tf

    class DepthToSpace(keras.layers.Layer):
        """``tf.nn.depth_to_space`` as a layer (Keras 3 has none)."""

        def call(self, inputs):
            return tf.nn.depth_to_space(inputs, r)

        def compute_output_shape(self, shape):
            return (shape[0], shape[1] * r, shape[2] * r, shape[3] // (r * r))

    return DepthToSpace(name="depth_to_space")


def _head(keras, variant):
    L = keras.layers
    if variant == "transposed_k3":
        return [L.Conv2DTranspose(1, 3, strides=2, padding="same", activation="sigmoid", name="up")]
    if variant == "transposed_k4":
        return [L.Conv2DTranspose(1, 4, strides=2, padding="same", activation="sigmoid", name="up")]
    if variant == "resize_conv":
        return [
            L.UpSampling2D(2, interpolation="nearest"),
            L.Conv2D(1, 3, padding="same", activation="sigmoid", name="up"),
        ]
    return [
        L.Conv2D(4, 2, padding="same", name="up"),
        _depth_to_space_layer(keras, 2),
        L.Activation("sigmoid"),
    ]


def _seed(seed):
    seed = check_int("seed", seed, 0)
    if seed >= 2**31:
        raise ValueError(f"seed must be below 2**31, got {seed}")
    return seed


def _check_model(model):
    keras = settings.quiet_tensorflow()[1]
    if not isinstance(model, keras.Model) or tuple(model.input_shape[1:]) != (14, 14, 1):
        raise ValueError(
            f"model must be a Keras model taking (N, 14, 14, 1) inputs, got {type(model).__name__}"
        )
    return model


def build(variant, width=None, seed=0):
    """A new, seeded super-resolution model ``(N, 14, 14, 1) -> (N, 28, 28, 1)`` (see the module
    table).

    ``width``: filters of the two body layers (default ``RECIPE["width"]``).
    ``"subpixel_icnr"`` gets :func:`subpixel.icnr` weights (and zero bias) in its head.

    >>> build("subpixel", width=4).output_shape
    (None, 28, 28, 1)
    """
    variant = registry.check("superres", variant)
    width = check_int("width", RECIPE["width"] if width is None else width, 1)
    if width > 512:
        raise ValueError(f"width must be at most 512, got {width}")
    seed = _seed(seed)
    keras = settings.quiet_tensorflow()[1]
    settings.seed_everything(seed)
    L = keras.layers
    model = keras.Sequential(
        [
            keras.Input((14, 14, 1)),
            L.Conv2D(width, 3, padding="same", activation="relu", name="body_1"),
            L.Conv2D(width, 3, padding="same", activation="relu", name="body_2"),
            *_head(keras, variant),
        ],
        name=variant,
    )
    if variant == "subpixel_icnr":
        up = model.get_layer("up")
        kernel = subpixel.icnr(tuple(up.kernel.shape), 2, seed=seed)
        up.set_weights([kernel.astype("float32"), np.zeros(4, "float32")])
    return model


def _dataset(images, batch_size, seed):
    import tensorflow as tf

    def pair(batch):
        y = tf.cast(batch, tf.float32) / 255
        return tf.nn.avg_pool2d(y, 2, 2, "VALID"), y

    ds = tf.data.Dataset.from_tensor_slices(images[..., None])
    ds = ds.shuffle(len(images), seed=seed, reshuffle_each_iteration=True).repeat()
    return ds.batch(batch_size, drop_remainder=True).map(pair).prefetch(2)


def fit_steps() -> int:
    """The number of Adam steps :func:`fit` takes by default: ``RECIPE["steps"]``, or
    ``QUICK_STEPS`` in quick mode."""
    return settings.pick(RECIPE["steps"], QUICK_STEPS)


def fit(model, train_images, steps=None, seed=0, verbose=0):
    """Train ``model`` with the course's recipe: Adam, MSE, batches of 64, ``steps`` steps.

    ``train_images``: uint8 digits ``(N, 28, 28)`` (targets; inputs are their 2x2
    averages), reshuffled on every pass. ``steps`` defaults to ``RECIPE["steps"]``
    (``QUICK_STEPS`` in quick mode). Returns ``{"seconds", "steps", "loss"}``
    (the mean training loss over the last 100 steps or fewer).
    """
    _check_model(model)
    images = _uint8_digits(train_images, "train_images")
    steps = check_int("steps", fit_steps() if steps is None else steps, 1)
    seed = _seed(seed)
    keras = settings.quiet_tensorflow()[1]
    settings.seed_everything(seed)
    model.compile(optimizer=keras.optimizers.Adam(RECIPE["learning_rate"]), loss=RECIPE["loss"])
    batch = min(RECIPE["batch_size"], len(images))
    chunk = min(steps, 100)  # log the loss every `chunk` steps; the last chunk is the reported loss
    run = fitting.fit_timed(
        model,
        _dataset(images, batch, seed),
        epochs=-(-steps // chunk),
        steps_per_epoch=chunk,
        verbose=verbose,
    )  # the dataset shuffles itself
    return {
        "seconds": run["seconds"],
        "steps": -(-steps // chunk) * chunk,
        "loss": float(run["history"]["loss"][-1]),
    }


def interior(images):
    """``images`` (``(..., 28, 28)``) without their outer ``BORDER`` pixels: ``(..., 24, 24)``."""
    images = numeric_array("images", images)  # refuses objects, strings, booleans (TypeError)
    if images.ndim < 2 or images.shape[-2:] != (28, 28):
        raise ValueError(f"images must end in (28, 28), got shape {images.shape}")
    return images[..., BORDER:-BORDER, BORDER:-BORDER]


def predict(model, images, batch_size=500):
    """The model's 28x28 outputs for uint8 digits, as float32 ``(N, 28, 28)`` in [0, 1]."""
    _check_model(model)
    x = downsample(images)
    batch_size = check_int("batch_size", batch_size, 1)
    keras = settings.quiet_tensorflow()[1]
    # calling the model, not model.predict: predict compiles a function per model and batch
    # shape, and a notebook that compares many models gets TensorFlow's retracing warning
    batches = [model(x[i : i + batch_size], training=False) for i in range(0, len(x), batch_size)]
    return np.concatenate([keras.ops.convert_to_numpy(b) for b in batches])[..., 0]


def evaluate(model, test_images, seconds=None):
    """Test PSNR (dB), checkerboard measures, parameter count and training seconds of a model.

    ``checkerboard``: how far apart the four phase means (:func:`artifacts.phase_means`) of
    the mean error image lie, max - min, in grey levels of 255: the mean error is output
    minus target, averaged over the test digits (so the digit-specific errors cancel and the
    pattern every output shares remains), without its outer ``BORDER`` pixels (where every
    head's error comes from zero padding). ``checkerboard_share``: the same image's
    :func:`artifacts.checkerboard_energy`, the share of its variance in that pattern.
    ``checkerboard_output``: the share of each output's variance in the pattern, averaged
    over the outputs (scale-free: for an untrained model, whose outputs barely vary, it
    shows the checkerboard of the initialisation). ``seconds`` is passed through.

    >>> model = build("resize_conv", width=2)
    >>> sorted(evaluate(model, np.zeros((2, 28, 28), np.uint8)))[:3]
    ['checkerboard', 'checkerboard_output', 'checkerboard_share']
    """
    images = _uint8_digits(test_images, "test_images")
    if seconds is not None and (
        isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0
    ):
        raise ValueError(f"seconds must be a non-negative number or None, got {seconds!r:.60}")
    target = images.astype(np.float64) / 255
    out = predict(model, images).astype(np.float64)
    mse = float(np.mean((out - target) ** 2))
    mean_error = interior((out - target).mean(axis=0))
    return {
        "variant": model.name,
        "psnr": float(10 * np.log10(1.0 / max(mse, 1e-12))),
        "checkerboard": float(np.ptp(artifacts.phase_means(mean_error)) * 255),
        "checkerboard_share": artifacts.checkerboard_energy(mean_error),
        "checkerboard_output": artifacts.checkerboard_energy(out),
        "params": int(model.count_params()),
        "seconds": seconds,
    }


def compare(variants=VARIANTS, train_images=None, test_images=None, steps=None, seed=0, verbose=0):
    """Build, train and evaluate each variant with the same data, recipe, budget and seed.

    Data default: :func:`data.load_mnist` (Keras' MNIST, or the shipped sample). Returns a
    list of :func:`evaluate` dicts, one per variant, in order, each with
    ``checkerboard_init``: the ``checkerboard_output`` of the untrained model.
    """
    if isinstance(variants, str) or not isinstance(variants, (tuple, list)) or not variants:
        raise ValueError(
            f"variants must be a non-empty list of names from {VARIANTS}, got {variants!r:.60}"
        )
    variants = [registry.check("superres", v) for v in variants]
    if train_images is None or test_images is None:
        from . import data

        (train, _), (test, _) = data.load_mnist(verbose=bool(verbose))
        train_images = train if train_images is None else train_images
        test_images = test if test_images is None else test_images
    rows = []
    for variant in variants:
        model = build(variant, seed=seed)
        at_init = evaluate(model, test_images)["checkerboard_output"]
        run = fit(model, train_images, steps=steps, seed=seed, verbose=verbose)
        rows.append(
            {**evaluate(model, test_images, seconds=run["seconds"]), "checkerboard_init": at_init}
        )
    return rows


def _cell(values, digits):
    """One value as itself; several as ``mean [min, max]``."""
    if len(values) == 1:
        return f"{values[0]:.{digits}f}"
    return f"{np.mean(values):.{digits}f} [{min(values):.{digits}f}, {max(values):.{digits}f}]"


def table(rows):
    """A plain-text table of :func:`compare`'s rows: PSNR, checkerboards, parameters, seconds.

    Rows of the same variant (e.g. several seeds) share a line: ``mean [min, max]``.

    >>> print(table([{"variant": "v", "psnr": 20.0, "checkerboard": 0.5, "checkerboard_init": 0.2,
    ...               "params": 10, "seconds": 1.5}]))
    variant                    PSNR dB  checkerboard, grey levels  at init, share  params  seconds
    v                            20.00                       0.50          0.2000      10      1.5
    """  # noqa: E501 - the doctest shows the table's real width
    if not isinstance(rows, (list, tuple)) or not all(isinstance(r, dict) for r in rows):
        raise ValueError("rows must be a list of dicts from compare()")
    groups = {}
    try:
        for r in rows:
            groups.setdefault(r["variant"], []).append(r)
        lines = [
            f"{'variant':<15}  {'PSNR dB':>17}  {'checkerboard, grey levels':>25}"
            f"  {'at init, share':>14}  {'params':>6}  {'seconds':>7}"
        ]
        for variant, group in groups.items():
            seconds = [r["seconds"] for r in group if r.get("seconds") is not None]
            lines.append(
                f"{variant:<15}  {_cell([r['psnr'] for r in group], 2):>17}"
                f"  {_cell([r['checkerboard'] for r in group], 2):>25}"
                f"  {np.mean([r['checkerboard_init'] for r in group]):>14.4f}"
                f"  {group[0]['params']:>6}"
                f"  {f'{np.mean(seconds):.1f}' if seconds else '':>7}"
            )
    except (KeyError, TypeError, ValueError) as err:
        raise ValueError(
            "rows must hold variant, psnr, checkerboard, checkerboard_init, params, seconds: "
            f"{err!r}"
        ) from err
    return "\n".join(lines)
