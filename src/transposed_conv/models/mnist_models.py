"""The MNIST autoencoders of notebook 07 (Keras builders) and where their code sits."""

from __future__ import annotations

import numpy as np

from .. import settings
from ..core.arguments import check_int


def reading_autoencoder():
    """The MNIST autoencoder of the course reading (seeds/001), layer for layer: 12,785 parameters.

    Three 3x3 ``Conv2D`` (32, 16, 8 filters, ReLU, 'valid': 28 -> 26 -> 24 -> 22),
    three 3x3 ``Conv2DTranspose`` (8, 16, 32 filters, ReLU: 22 -> 24 -> 26 -> 28)
    and a 3x3 ``Conv2D`` with one sigmoid filter ('same'). Its "code" is the
    22x22x8 output of the third convolution.
    """
    keras = settings.quiet_tensorflow()[1]
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
        name="reading_autoencoder",
    )


def strided_autoencoder(
    code_channels: int = 4, width: int = 16, noise: float = 0.0, noise_seed: int = 0
):
    """The course's recommended MNIST autoencoder: strided down to a 7x7 bottleneck and back.

    Encoder: ``Conv2D(width, 4, stride 2)`` 28 -> 14, ``Conv2D(2*width, 4, stride 2)``
    14 -> 7, ``Conv2D(code_channels, 3)``: a code of 7x7x``code_channels`` numbers.
    Decoder: ``Conv2DTranspose(2*width, 4, stride 2)`` 7 -> 14,
    ``Conv2DTranspose(width, 4, stride 2)`` 14 -> 28, ``Conv2D(1, 3, sigmoid)``.
    Kernels of 4 with stride 2 overlap evenly: equal tap counts per output phase, not yet
    equal phase sums (notebook 05).
    ``noise`` > 0 adds Gaussian noise to the input in training (a denoising autoencoder),
    drawn from ``noise_seed``.
    """
    keras = settings.quiet_tensorflow()[1]
    L = keras.layers
    code_channels = check_int("code_channels", code_channels, 1)
    width = check_int("width", width, 1)
    noise_seed = check_int("noise_seed", noise_seed, 0)
    if not (isinstance(noise, (int, float)) and noise >= 0):
        raise ValueError(f"noise must be a non-negative number, got {noise!r}")
    same = dict(padding="same", activation="relu")
    layers = [keras.Input((28, 28, 1))]
    if noise:
        layers.append(L.GaussianNoise(noise, seed=noise_seed, name="input_noise"))
    layers += [
        L.Conv2D(width, 4, strides=2, name="down_1", **same),
        L.Conv2D(2 * width, 4, strides=2, name="down_2", **same),
        L.Conv2D(code_channels, 3, name="code", **same),
        L.Conv2DTranspose(2 * width, 4, strides=2, name="up_1", **same),
        L.Conv2DTranspose(width, 4, strides=2, name="up_2", **same),
        L.Conv2D(1, 3, padding="same", activation="sigmoid", name="pixels"),
    ]
    name = f"strided_{code_channels}x7x7" + ("_denoising" if noise else "")
    return keras.Sequential(layers, name=name)


def code_layer_name(model) -> str:
    """The layer whose output is the model's code.

    ``'code'`` for the strided models, ``'conv2d_3'`` for the reading's.
    """
    names = [layer.name for layer in model.layers]
    for name in ("code", "conv2d_3"):
        if name in names:
            return name
    raise ValueError(f"model has no code layer ('code' or 'conv2d_3'): {names}")


def split_at_code(model):
    """``(encoder, decoder)``: Keras models cut at ``model``'s code layer, sharing its weights."""
    keras = settings.quiet_tensorflow()[1]
    name = code_layer_name(model)
    index = [layer.name for layer in model.layers].index(name)
    encoder = keras.Model(model.inputs[0], model.get_layer(name).output)  # one input, not a list
    code_input = keras.Input(model.get_layer(name).output.shape[1:])
    x = code_input
    for layer in model.layers[index + 1 :]:
        x = layer(x)
    return encoder, keras.Model(code_input, x)


def code_size(model) -> int:
    """How many numbers the model's code holds per image."""
    return int(np.prod(model.get_layer(code_layer_name(model)).output.shape[1:]))
