"""Keras model builders shared by notebooks, tests and benchmarks.

The 1-D patch autoencoder of notebook 06: a ``Conv1D`` encoder (3 filters,
window 7, stride 4, tanh) and a ``Conv1DTranspose`` decoder back to 7 points.
Both have no bias, so the decoder's output is exactly a weighted sum of its
three filters, with the code as the weights.
"""

from __future__ import annotations

import itertools
import json

import numpy as np

from . import data, settings
from .shapes import check_int

WINDOW, STRIDE, CODE = 7, 4, 3


def _keras():
    return settings.quiet_tensorflow()[1]


def component_noise_layer(stddevs):
    """A Keras layer adding Gaussian noise of a different size to each code component, in training only."""
    keras = _keras()
    stddevs = np.asarray(stddevs, dtype="float32")
    if stddevs.ndim != 1 or (stddevs < 0).any():
        raise ValueError(f"stddevs must be a 1-D list of non-negative numbers, got {stddevs.tolist()}")

    class ComponentNoise(keras.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.stddevs = keras.ops.convert_to_tensor(stddevs)
            self.seed = keras.random.SeedGenerator(0)

        def call(self, inputs, training=False):
            if not training:
                return inputs
            return inputs + self.stddevs * keras.random.normal(keras.ops.shape(inputs), seed=self.seed)

    return ComponentNoise(name="code_noise")


def patch_autoencoder(length: int = WINDOW, code_noise=None, input_noise: float = 0.0):
    """Encoder, decoder and the autoencoder joining them, for curves of ``length`` points.

    ``length=7`` is the patch model (one code vector); ``length=15`` gives three
    overlapping patches (codes of shape ``(3, 3)``). ``code_noise``: a standard
    deviation per code component, added in training; ``input_noise``: the
    standard deviation of Gaussian noise added to the input in training.
    Returns ``(encoder, decoder, autoencoder)``; inputs are ``(N, length, 1)``.
    """
    keras = _keras()
    length = check_int("length", length, WINDOW)
    if (length - WINDOW) % STRIDE:
        raise ValueError(f"length must be 7 + 4*n so the windows tile it, got {length}")
    if not (isinstance(input_noise, (int, float)) and input_noise >= 0):
        raise ValueError(f"input_noise must be a non-negative number, got {input_noise!r}")
    encoder = keras.Sequential(
        [keras.Input((length, 1)), keras.layers.Conv1D(CODE, WINDOW, strides=STRIDE, activation="tanh", use_bias=False)],
        name="encoder",
    )
    n_codes = (length - WINDOW) // STRIDE + 1
    decoder = keras.Sequential(
        [keras.Input((n_codes, CODE)), keras.layers.Conv1DTranspose(1, WINDOW, strides=STRIDE, use_bias=False)],
        name="decoder",
    )
    inputs = keras.Input((length, 1))
    x = keras.layers.GaussianNoise(input_noise, seed=0)(inputs) if input_noise else inputs
    code = encoder(x)
    if code_noise is not None:
        code = component_noise_layer(code_noise)(code)
    return encoder, decoder, keras.Model(inputs, decoder(code), name="autoencoder")


def train_patch_autoencoder(patches, seed: int = 0, epochs: int = 300, code_noise=None, input_noise: float = 0.0,
                            batch_size: int = 256, learning_rate: float = 0.01, log_every: int = 10):
    """Train a fresh patch autoencoder on ``(N, 7)`` patches; returns ``(encoder, decoder, losses)``.

    ``epochs`` passes over the data, with Adam on the mean squared error.
    ``losses[j]`` is the mean training loss over passes ``j*log_every`` to
    ``(j+1)*log_every``. Seeded: the same ``seed`` gives the same run on the same machine.
    """
    keras = _keras()
    patches = np.asarray(patches, dtype="float32")
    if patches.ndim != 2 or patches.shape[1] != WINDOW:
        raise ValueError(f"patches must have shape (N, {WINDOW}), got {patches.shape}")
    log_every = check_int("log_every", log_every, 1)
    epochs = check_int("epochs", epochs, log_every)
    settings.seed_everything(seed)
    encoder, decoder, model = patch_autoencoder(WINDOW, code_noise, input_noise)
    # A model this small is dominated by per-step and per-epoch overhead: run many
    # steps per call and repeat the data log_every times within one Keras epoch.
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse", steps_per_execution=64)
    tiled = np.tile(patches, (log_every, 1))[..., None]
    history = model.fit(tiled, tiled, batch_size=batch_size, epochs=epochs // log_every, verbose=0, shuffle=True)
    return encoder, decoder, np.array(history.history["loss"])


def encoder_filters(encoder) -> np.ndarray:
    """The encoder's three filters as rows, shape ``(3, 7)``."""
    return encoder.layers[-1].get_weights()[0][:, 0, :].T


def decoder_filters(decoder) -> np.ndarray:
    """The decoder's three filters as rows, shape ``(3, 7)`` (kernel layout ``(k, C_out=1, C_in=3)``)."""
    return decoder.layers[-1].get_weights()[0][:, 0, :].T


def decode(filters, code) -> np.ndarray:
    """The decoder's output for one code: ``code @ filters``, the weighted sum of the filters."""
    filters = np.asarray(filters, dtype=float)
    code = np.asarray(code, dtype=float)
    if filters.ndim != 2 or code.shape != (filters.shape[0],):
        raise ValueError(f"code must have one value per filter ({filters.shape[0]}), got shape {code.shape}")
    return code @ filters


def align_filters(filters, reference):
    """Reorder and flip the signs of ``filters`` (rows) to match ``reference`` as closely as possible.

    Returns ``(aligned, order, signs)`` with ``aligned = signs[:, None] * filters[order]``.
    A code component can swap places with another, or change sign together
    with its encoder filter (tanh is odd), without changing the model's output.
    """
    filters = np.asarray(filters, dtype=float)
    reference = np.asarray(reference, dtype=float)
    if filters.shape != reference.shape or filters.ndim != 2:
        raise ValueError(f"filters and reference must have the same 2-D shape, got {filters.shape} and {reference.shape}")
    best = None
    for order in itertools.permutations(range(len(filters))):
        candidate = filters[list(order)]
        signs = np.where(np.sum(candidate * reference, axis=1) < 0, -1.0, 1.0)
        error = np.sum((signs[:, None] * candidate - reference) ** 2)
        if best is None or error < best[0]:
            best = (error, np.array(order), signs)
    _, order, signs = best
    return signs[:, None] * filters[order], order, signs


def curve_patches(curves) -> np.ndarray:
    """Cut ``(N, 15)`` curves into the three 7-point windows the stride-4 encoder sees: ``(3N, 7)``."""
    curves = np.asarray(curves, dtype=float)
    if curves.ndim != 2 or curves.shape[1] < WINDOW or (curves.shape[1] - WINDOW) % STRIDE:
        raise ValueError(f"curves must have shape (N, 7 + 4*n), got {curves.shape}")
    starts = range(0, curves.shape[1] - WINDOW + 1, STRIDE)
    return np.concatenate([curves[:, s : s + WINDOW] for s in starts])


# ------------------------------------------------------------ 2-D, MNIST


def seed_autoencoder():
    """The MNIST autoencoder of the course reading (seeds/001 of the commission), layer for layer: 12,785 parameters.

    Three 3x3 ``Conv2D`` (32, 16, 8 filters, ReLU, 'valid': 28 -> 26 -> 24 -> 22),
    three 3x3 ``Conv2DTranspose`` (8, 16, 32 filters, ReLU: 22 -> 24 -> 26 -> 28)
    and a 3x3 ``Conv2D`` with one sigmoid filter ('same'). Its "code" is the
    22x22x8 output of the third convolution.
    """
    keras = _keras()
    L = keras.layers
    return keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            L.Conv2D(32, 3, activation="relu", name="conv2d_1"),
            L.Conv2D(16, 3, activation="relu", name="conv2d_2"),
            L.Conv2D(8, 3, activation="relu", name="conv2d_3"),
            L.Conv2DTranspose(8, 3, activation="relu", name="conv2d_transpose_1"),
            L.Conv2DTranspose(16, 3, activation="relu", name="conv2d_transpose_2"),
            L.Conv2DTranspose(32, 3, activation="relu", name="conv2d_transpose_3"),
            L.Conv2D(1, 3, activation="sigmoid", padding="same", name="conv2d_4"),
        ],
        name="seed_autoencoder",
    )


def strided_autoencoder(code_channels: int = 4, width: int = 16, noise: float = 0.0):
    """The course's recommended MNIST autoencoder: strided down to a 7x7 bottleneck and back.

    Encoder: ``Conv2D(width, 4, stride 2)`` 28 -> 14, ``Conv2D(2*width, 4, stride 2)``
    14 -> 7, ``Conv2D(code_channels, 3)``: a code of 7x7x``code_channels`` numbers.
    Decoder: ``Conv2DTranspose(2*width, 4, stride 2)`` 7 -> 14,
    ``Conv2DTranspose(width, 4, stride 2)`` 14 -> 28, ``Conv2D(1, 3, sigmoid)``.
    Kernels of 4 with stride 2 overlap evenly (no checkerboard; notebook 05).
    ``noise`` > 0 adds Gaussian noise to the input in training (a denoising autoencoder).
    """
    keras = _keras()
    L = keras.layers
    code_channels = check_int("code_channels", code_channels, 1)
    width = check_int("width", width, 1)
    if not (isinstance(noise, (int, float)) and noise >= 0):
        raise ValueError(f"noise must be a non-negative number, got {noise!r}")
    layers = [keras.Input((28, 28, 1))]
    if noise:
        layers.append(L.GaussianNoise(noise, seed=0, name="input_noise"))
    layers += [
        L.Conv2D(width, 4, strides=2, padding="same", activation="relu", name="down_1"),
        L.Conv2D(2 * width, 4, strides=2, padding="same", activation="relu", name="down_2"),
        L.Conv2D(code_channels, 3, padding="same", activation="relu", name="code"),
        L.Conv2DTranspose(2 * width, 4, strides=2, padding="same", activation="relu", name="up_1"),
        L.Conv2DTranspose(width, 4, strides=2, padding="same", activation="relu", name="up_2"),
        L.Conv2D(1, 3, padding="same", activation="sigmoid", name="pixels"),
    ]
    name = f"strided_{code_channels}x7x7" + ("_denoising" if noise else "")
    return keras.Sequential(layers, name=name)


def code_layer_name(model) -> str:
    """The layer whose output is the model's code: 'code' for strided models, 'conv2d_3' for the seed's."""
    names = [layer.name for layer in model.layers]
    for name in ("code", "conv2d_3"):
        if name in names:
            return name
    raise ValueError(f"model has no code layer ('code' or 'conv2d_3'): {names}")


def split_at_code(model):
    """``(encoder, decoder)`` Keras models cut at the code layer of ``model`` (sharing its weights)."""
    keras = _keras()
    name = code_layer_name(model)
    index = [layer.name for layer in model.layers].index(name)
    encoder = keras.Model(model.inputs, model.get_layer(name).output)
    code_input = keras.Input(model.get_layer(name).output.shape[1:])
    x = code_input
    for layer in model.layers[index + 1 :]:
        x = layer(x)
    return encoder, keras.Model(code_input, x)


def code_size(model) -> int:
    """How many numbers the model's code holds per image."""
    return int(np.prod(model.get_layer(code_layer_name(model)).output.shape[1:]))


def fit_timed(model, x, x_test, eval_every: int = 0, target=None, **fit_kwargs):
    """Fit an autoencoder on ``x`` and follow its test loss against training time.

    ``x`` is an array (the targets are the inputs) or a dataset of ``(x, x)``
    batches (see :func:`transposed_conv.data.image_batches`).

    The test loss (the model's compiled loss on ``x_test``) is measured after
    every epoch and, with ``eval_every`` > 0, every ``eval_every`` batches; the
    time spent measuring is not counted. With ``target``, training stops once
    the test loss is at or below it. Returns a dict: ``seconds`` (training time),
    ``curve`` (list of ``(seconds, test loss)``), ``reached`` (seconds at which
    ``target`` was reached, or None) and ``history`` (Keras' per-epoch history).
    """
    import time

    keras = _keras()
    eval_every = check_int("eval_every", eval_every, 0)
    x_test = np.asarray(x_test, dtype="float32")

    class Tracker(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.start, self.paused, self.curve, self.reached, self.batches = 0.0, 0.0, [], None, 0

        def elapsed(self):
            return time.perf_counter() - self.start - self.paused

        def measure(self):
            now = self.elapsed()
            pause = time.perf_counter()
            loss = float(self.model.evaluate(x_test, x_test, verbose=0, batch_size=500))
            self.paused += time.perf_counter() - pause
            self.curve.append((now, loss))
            if target is not None and self.reached is None and loss <= target:
                self.reached = now
                self.model.stop_training = True

        def on_train_begin(self, logs=None):
            self.start = time.perf_counter()

        def on_train_batch_end(self, batch, logs=None):
            self.batches += 1
            if eval_every and self.batches % eval_every == 0:
                self.measure()

        def on_epoch_end(self, epoch, logs=None):
            if not eval_every or self.batches % eval_every:
                self.measure()

    tracker = Tracker()
    callbacks = [tracker, *fit_kwargs.pop("callbacks", [])]
    if isinstance(x, np.ndarray):
        history = model.fit(x, x, callbacks=callbacks, **fit_kwargs)
    else:
        history = model.fit(x, callbacks=callbacks, **fit_kwargs)
    return {"seconds": tracker.elapsed(), "curve": tracker.curve, "reached": tracker.reached, "history": history.history}


def psnr(images, reconstructions) -> float:
    """Peak signal-to-noise ratio in dB for images in [0, 1]: ``10 log10(1 / MSE)``."""
    images = np.asarray(images, dtype=float)
    reconstructions = np.asarray(reconstructions, dtype=float)
    if images.shape != reconstructions.shape:
        raise ValueError(f"reconstructions must have the shape of images {images.shape}, got {reconstructions.shape}")
    return float(10 * np.log10(1.0 / np.mean((images - reconstructions) ** 2)))


def train_or_load(model, name: str, fit, retrain: bool = False, folder=None):
    """Load ``model``'s weights saved under ``name``, or train it with ``fit(model)`` and save them.

    ``fit`` returns a JSON-serialisable dict (e.g. from :func:`fit_timed`); it
    is saved beside the weights, with the weights file's sha256, and returned
    with ``"loaded"`` set to whether the weights came from disk. Weights live in
    ``folder``, by default ``weights/`` in the per-user cache
    (:func:`settings.cache_dir`), never in the package or the course folder, so a
    learner who restarts the kernel does not train again; ``retrain=True`` forces
    it. A damaged saved file raises ``OSError`` naming it and saying how to recover.
    """
    from pathlib import Path

    if not (isinstance(name, str) and name and "/" not in name):
        raise ValueError(f"name must be a non-empty file name without '/', got {name!r}")
    if not isinstance(retrain, bool):
        raise TypeError(f"retrain must be True or False, got {retrain!r}")
    folder = Path(folder) if folder is not None else settings.cache_dir() / "weights"
    weights, record = folder / f"{name}.weights.h5", folder / f"{name}.json"
    if weights.is_file() and record.is_file() and not retrain:
        return {**load_saved(model, weights, record), "loaded": True}
    result = fit(model)
    folder.mkdir(parents=True, exist_ok=True)
    model.save_weights(weights)
    record.write_text(json.dumps({**result, "sha256": data.file_sha256(weights)}))
    return {**result, "loaded": False}


def load_saved(model, weights, record, advice=None) -> dict:
    """Load ``weights`` into ``model`` and return the JSON ``record`` saved with them.

    The record's ``sha256`` must match the weights file; a damaged or foreign file
    raises ``OSError`` naming it and saying how to recover (``advice``, by default
    how to train it again).
    """
    advice = advice or f"delete {weights.name} and {record.name} in {weights.parent} (or pass retrain=True) to train it again"
    try:
        saved = json.loads(record.read_text())
        expected = saved.get("sha256")
    except (ValueError, AttributeError, OSError) as err:
        raise OSError(f"{record} is damaged ({type(err).__name__}); {advice}") from err
    if expected is not None:  # records written before sha256 have none
        data.check_sha256(weights, expected, advice)
    try:
        model.load_weights(weights)
    except Exception as err:  # h5py/Keras raise many types for truncated or foreign files
        raise OSError(f"{weights} cannot be loaded into this model ({type(err).__name__}); {advice}") from err
    return saved


def reconstruction_scores(model, images, batch_size: int = 500):
    """Test binary cross-entropy and PSNR (dB) of an autoencoder on images in [0, 1], batch by batch.

    Streaming keeps memory flat on 10,000 test images. Returns ``(bce, psnr)``.
    """
    images = np.asarray(images, dtype="float32")
    batch_size = check_int("batch_size", batch_size, 1)
    eps = 1e-7  # Keras' clipping of probabilities in binary cross-entropy
    bce_sum = se_sum = 0.0
    for start in range(0, len(images), batch_size):
        x = images[start : start + batch_size]
        p = np.clip(model.predict(x, verbose=0, batch_size=batch_size), eps, 1 - eps)
        bce_sum += float(-np.sum(x * np.log(p) + (1 - x) * np.log(1 - p)))
        se_sum += float(np.sum((x - p) ** 2))
    n = images.size
    return bce_sum / n, float(10 * np.log10(n / se_sum))


def keras_conv_transpose(x, kernel, **layer_kwargs):
    """Run ``x`` through a bias-free ``keras.layers.Conv2DTranspose`` holding ``kernel``; NumPy in and out.

    ``x`` is ``(H, W)`` with a ``(kh, kw)`` kernel, or ``(N, H, W, C_in)`` with a
    Keras-layout kernel ``(kh, kw, C_out, C_in)``; the result has the same rank
    as ``x``. ``layer_kwargs`` go to the layer (``strides``, ``padding``,
    ``output_padding``, ``dilation_rate``). The notebooks' reference for the NumPy ops.
    ``dilation_rate > 1`` runs only where TensorFlow's oneDNN CPU kernels are on;
    for a portable reference pass the dilated kernel written out with zeros.
    """
    keras = _keras()
    x = np.asarray(x, dtype="float32")
    kernel = np.asarray(kernel, dtype="float32")
    if x.ndim == 2 and kernel.ndim == 2:
        return keras_conv_transpose(x[None, :, :, None], kernel[:, :, None, None], **layer_kwargs)[0, :, :, 0]
    if x.ndim != 4 or kernel.ndim != 4:
        raise ValueError(f"x and kernel must both be 2-D or both 4-D, got shapes {x.shape} and {kernel.shape}")
    layer = keras.layers.Conv2DTranspose(kernel.shape[2], kernel.shape[:2], use_bias=False, **layer_kwargs)
    layer.build((None, *x.shape[1:]))
    layer.set_weights([kernel])
    return keras.ops.convert_to_numpy(layer(x))
