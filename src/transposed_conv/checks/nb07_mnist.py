"""Self-checks of notebook 07, the MNIST autoencoder (see :mod:`.core`)."""

from __future__ import annotations

import numpy as np

from ..core import shapes
from .core import called, quietly, report, reported_trouble, same_number


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
    from ..models.artifacts import phase_means

    if reported_trouble(answer, "phase_spread(image)", np.ones((4, 4))):
        return

    def spread(image):
        value = called(answer, image.copy())
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
        quietly(test),
        "phase_spread(image) must return one number: the largest minus the smallest of the four "
        "means image[0::2, 0::2].mean(), image[0::2, 1::2].mean(), image[1::2, 0::2].mean() and "
        "image[1::2, 1::2].mean(). A flat image gives 0; the check also tries checkerboards, "
        "stripes and random images.",
        "0 for a flat image, twice the amplitude for a checkerboard: a grid detector.",
    )
