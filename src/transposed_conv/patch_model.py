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

from . import settings
from .shapes import check_int

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
    history = model.fit(
        tiled, tiled, batch_size=batch_size, epochs=epochs // log_every, verbose=0, shuffle=True
    )
    return encoder, decoder, np.array(history.history["loss"])


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
