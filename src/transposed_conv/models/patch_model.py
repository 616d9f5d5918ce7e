"""The 1-D patch autoencoder of notebook 06: builders, training, and reading its filters.

A ``Conv1D`` encoder (3 filters, window 7, stride 4, tanh) and a
``Conv1DTranspose`` decoder back to 7 points. Both have no bias, so the
decoder's output is exactly a weighted sum of its three filters, with the code
as the weights. The patches it trains on come from
:func:`transposed_conv.data.curve_patches`.
"""

from __future__ import annotations

import itertools

import numpy as np

from .. import settings
from ..core.arguments import check_int
from . import fitting

WINDOW, STRIDE, CODE = 7, 4, 3  # points per patch, step between patches, code components


def component_noise_layer(stddevs):
    """A Keras layer adding Gaussian noise, its own size per code component, in training only."""
    keras = settings.quiet_tensorflow()[1]
    stddevs = np.asarray(stddevs, dtype="float32")
    if stddevs.ndim != 1 or (stddevs < 0).any():
        raise ValueError(
            f"stddevs must be a 1-D list of non-negative numbers, got {stddevs.tolist()}"
        )

    class ComponentNoise(keras.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.stddevs = keras.ops.convert_to_tensor(stddevs)
            self.seed = keras.random.SeedGenerator(0)

        def call(self, inputs, training=False):
            if not training:
                return inputs
            noise = keras.random.normal(keras.ops.shape(inputs), seed=self.seed)
            return inputs + self.stddevs * noise

    return ComponentNoise(name="code_noise")


def patch_autoencoder(length: int = WINDOW, code_noise=None, input_noise: float = 0.0):
    """Encoder, decoder and the autoencoder joining them, for curves of ``length`` points.

    ``length=7`` is the patch model (one code vector); ``length=15`` gives three
    overlapping patches (codes of shape ``(3, 3)``). ``code_noise``: a standard
    deviation per code component, added in training; ``input_noise``: the
    standard deviation of Gaussian noise added to the input in training.
    Returns ``(encoder, decoder, autoencoder)``; inputs are ``(N, length, 1)``.
    """
    keras = settings.quiet_tensorflow()[1]
    length = check_int("length", length, WINDOW)
    if (length - WINDOW) % STRIDE:
        raise ValueError(f"length must be 7 + 4*n so the windows tile it, got {length}")
    if not (isinstance(input_noise, (int, float)) and input_noise >= 0):
        raise ValueError(f"input_noise must be a non-negative number, got {input_noise!r}")
    L = keras.layers
    encoder = keras.Sequential(
        [
            keras.Input((length, 1)),
            L.Conv1D(CODE, WINDOW, strides=STRIDE, activation="tanh", use_bias=False),
        ],
        name="encoder",
    )
    n_codes = (length - WINDOW) // STRIDE + 1
    decoder = keras.Sequential(
        [
            keras.Input((n_codes, CODE)),
            L.Conv1DTranspose(1, WINDOW, strides=STRIDE, use_bias=False),
        ],
        name="decoder",
    )
    inputs = keras.Input((length, 1))
    x = keras.layers.GaussianNoise(input_noise, seed=0)(inputs) if input_noise else inputs
    code = encoder(x)
    if code_noise is not None:
        code = component_noise_layer(code_noise)(code)
    return encoder, decoder, keras.Model(inputs, decoder(code), name="autoencoder")


def train_patch_autoencoder(
    patches,
    seed: int = 0,
    epochs: int = 300,
    code_noise=None,
    input_noise: float = 0.0,
    batch_size: int = 256,
    learning_rate: float = 0.01,
    log_every: int = 10,
):
    """Train a new patch autoencoder on ``(N, 7)`` patches; returns ``(encoder, decoder, losses)``.

    ``epochs`` passes over the data, with Adam on the mean squared error.
    ``losses[j]`` is the mean training loss over passes ``j*log_every`` to
    ``(j+1)*log_every``. Seeded: the same ``seed`` gives the same run on the same machine.
    """
    keras = settings.quiet_tensorflow()[1]
    patches = np.asarray(patches, dtype="float32")
    if patches.ndim != 2 or patches.shape[1] != WINDOW:
        raise ValueError(f"patches must have shape (N, {WINDOW}), got {patches.shape}")
    log_every = check_int("log_every", log_every, 1)
    epochs = check_int("epochs", epochs, log_every)
    settings.seed_everything(seed)
    encoder, decoder, model = patch_autoencoder(WINDOW, code_noise, input_noise)
    # A model this small is dominated by per-step and per-epoch overhead: run many
    # steps per call and repeat the data log_every times within one Keras epoch.
    optimizer = keras.optimizers.Adam(learning_rate)
    model.compile(optimizer=optimizer, loss="mse", steps_per_execution=64)
    tiled = np.tile(patches, (log_every, 1))[..., None]
    run = fitting.fit_timed(
        model, tiled, batch_size=batch_size, epochs=epochs // log_every, verbose=0, shuffle=True
    )
    return encoder, decoder, np.array(run["history"]["loss"])


def train_curve_autoencoders(
    curves,
    seeds=range(5),
    epochs: int = 2000,
    batch_size: int = 256,
    learning_rate: float = 0.01,
):
    """Train :func:`patch_autoencoder` end to end on whole curves, one run per seed.

    ``curves``: ``(N, L)`` with ``L = 7 + 4n`` (15 for notebook 06). The model and
    the recipe are those of :func:`train_patch_autoencoder`: a tanh ``Conv1D``
    encoder and a ``Conv1DTranspose`` decoder without biases, Adam (Keras'
    defaults: beta 0.9 and 0.999, epsilon 1e-7) on the mean squared error, batches
    of ``batch_size`` in a new random order every pass. Each seed starts from the
    weights Keras draws for :func:`patch_autoencoder` after
    ``settings.seed_everything(seed)``. The steps run in NumPy, all seeds at once:
    a model of 42 weights spends nearly all of a Keras step in overhead. They run in
    float64, not Keras' float32: NumPy's float32 ``tanh``, sums and products round
    differently on different CPUs (AVX-512 or not), and over thousands of steps that moved
    the second digit of the trained errors between machines.

    Returns a list of runs, one per seed: dicts of ``encoder`` and ``decoder``
    (Keras models for length ``L`` holding the trained weights), ``losses`` (the
    mean training loss of each pass, as the weights were during that pass) and ``seed``.
    """
    curves = np.asarray(curves, dtype="float64")  # the same on every CPU (see above)
    if curves.ndim != 2 or curves.shape[1] < WINDOW or (curves.shape[1] - WINDOW) % STRIDE:
        raise ValueError(
            f"curves must have shape (N, 7 + 4*n) so the windows tile them, got {curves.shape}"
        )
    if not np.isfinite(curves).all():
        raise ValueError("curves must be finite numbers")
    seeds = [check_int("seed", s, 0) for s in seeds]
    if not seeds:
        raise ValueError("seeds must name at least one seed")
    epochs = check_int("epochs", epochs, 1)
    batch_size = check_int("batch_size", batch_size, 1)
    if not (isinstance(learning_rate, (int, float)) and learning_rate > 0):
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}")
    n, length = curves.shape
    starts = []
    for seed in seeds:
        settings.seed_everything(seed)
        encoder, decoder, _ = patch_autoencoder(length)
        starts.append((encoder_filters(encoder), decoder_filters(decoder)))
    weights = [np.array([s[i] for s in starts], dtype="float64") for i in (0, 1)]  # (R, 3, 7)
    moments = [[np.zeros_like(w), np.zeros_like(w)] for w in weights]
    orders = [np.random.default_rng(seed) for seed in seeds]
    losses, step = [], 0
    for _ in range(epochs):
        order = np.stack([rng.permutation(n) for rng in orders])  # (R, N)
        total = np.zeros(len(seeds))
        for first in range(0, n, batch_size):
            batch = curves[order[:, first : first + batch_size]]  # (R, B, L)
            squared, grads = _curve_loss_and_grads(batch, *weights)
            total += squared
            step += 1
            rate = learning_rate * (1 - 0.999**step) ** 0.5 / (1 - 0.9**step)
            for w, g, (m, v) in zip(weights, grads, moments, strict=True):  # Keras' Adam update
                m += 0.1 * (g - m)
                v += 0.001 * (g * g - v)
                w -= rate * m / (np.sqrt(v) + 1e-7)
        losses.append(total / curves.size)
    losses = np.array(losses)  # (epochs, R)
    runs = []
    for r, seed in enumerate(seeds):
        encoder, decoder, _ = patch_autoencoder(length)
        encoder.set_weights([weights[0][r].T[:, None, :].astype("float32")])
        decoder.set_weights([weights[1][r].T[:, None, :].astype("float32")])
        runs.append(dict(encoder=encoder, decoder=decoder, losses=losses[:, r], seed=seed))
    return runs


def _curve_loss_and_grads(batch, enc, dec):
    """Summed squared error of each run on its ``(R, B, L)`` batch, and the gradients of the
    batch's mean squared error with respect to ``enc`` and ``dec`` (``(R, 3, 7)`` each)."""
    runs, size, length = batch.shape
    n = (length - WINDOW) // STRIDE + 1

    def cut(x):  # (R, B, L) -> every window of every curve, (R, B * n, 7)
        view = np.lib.stride_tricks.sliding_window_view(x, WINDOW, axis=-1)[..., ::STRIDE, :]
        return view.reshape(runs, size * n, WINDOW)

    windows = cut(batch)
    code = np.tanh(windows @ enc.transpose(0, 2, 1))  # (R, B * n, 3)
    patches = (code @ dec).reshape(runs, size, n, WINDOW)
    out = np.zeros_like(batch)
    for w in range(n):  # overlap-add: the transposed convolution
        out[..., w * STRIDE : w * STRIDE + WINDOW] += patches[:, :, w]
    error = out - batch
    d_patches = cut(2 * error / (size * length))
    d_dec = code.transpose(0, 2, 1) @ d_patches
    d_code = (d_patches @ dec.transpose(0, 2, 1)) * (1 - code**2)
    d_enc = d_code.transpose(0, 2, 1) @ windows
    return (error**2).sum(axis=(1, 2)), (d_enc, d_dec)


def encoder_filters(encoder) -> np.ndarray:
    """The encoder's three filters as rows, shape ``(3, 7)``."""
    return encoder.layers[-1].get_weights()[0][:, 0, :].T


def decoder_filters(decoder) -> np.ndarray:
    """The decoder's three filters as rows, shape ``(3, 7)``.

    Its kernel's layout is ``(k, C_out=1, C_in=3)``.
    """
    return decoder.layers[-1].get_weights()[0][:, 0, :].T


def decode(filters, code) -> np.ndarray:
    """The decoder's output for one code: ``code @ filters``, the weighted sum of the filters."""
    filters = np.asarray(filters, dtype=float)
    code = np.asarray(code, dtype=float)
    if filters.ndim != 2 or code.shape != (filters.shape[0],):
        raise ValueError(
            f"code must have one value per filter ({filters.shape[0]}), got shape {code.shape}"
        )
    return code @ filters


def align_filters(filters, reference, reorder: bool = True):
    """Reorder and flip the signs of ``filters`` (rows) to match ``reference`` as closely as can be.

    Returns ``(aligned, order, signs)`` with ``aligned = signs[:, None] * filters[order]``.
    A code component can swap places with another, or change sign together
    with its encoder filter (tanh is odd), without changing the model's output.
    ``reorder=False`` keeps the order and flips signs only: for codes whose
    components have an order of their own (code noise of unequal size).
    """
    filters = np.asarray(filters, dtype=float)
    reference = np.asarray(reference, dtype=float)
    if filters.shape != reference.shape or filters.ndim != 2:
        raise ValueError(
            "filters and reference must have the same 2-D shape, "
            f"got {filters.shape} and {reference.shape}"
        )
    if not isinstance(reorder, bool):
        raise ValueError(f"reorder must be True or False, got {reorder!r}")
    orders = itertools.permutations(range(len(filters))) if reorder else [range(len(filters))]
    best = None
    for order in orders:
        candidate = filters[list(order)]
        signs = np.where(np.sum(candidate * reference, axis=1) < 0, -1.0, 1.0)
        error = np.sum((signs[:, None] * candidate - reference) ** 2)
        if best is None or error < best[0]:
            best = (error, np.array(order), signs)
    _, order, signs = best
    return signs[:, None] * filters[order], order, signs
