"""Self-checks of notebook 04, channels, layouts and names (see :mod:`.core`)."""

from __future__ import annotations

import numpy as np

from .core import called, quietly, report, reported_trouble, same_array, same_number, shape_answer


def keras_kernel_shape(answer) -> None:
    """04, exercise 1: kernel shape of Conv2DTranspose(filters=8, kernel_size=3) on a 16-channel
    input."""
    report(
        shape_answer(answer) == (3, 3, 8, 16),
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
    from ..core.ops import conv2d_transpose

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
    from ..core.ops import conv2d_transpose

    if reported_trouble(answer, "torch_to_keras(weight)", np.ones((2, 3, 2, 2))):
        return

    def test():
        rng = np.random.default_rng(4)
        for c_in, c_out, kh, kw, stride in PORT_CASES:
            weight = rng.normal(size=(c_in, c_out, kh, kw))
            kernel = called(answer, weight.copy())
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
        quietly(test),
        "torch_to_keras(weight) must return the same numbers with the axes moved: "
        "(in_channels, out_channels, kH, kW) becomes (kH, kW, out_channels, in_channels), so "
        "that kernel[a, b, o, c] == weight[c, o, a, b]. Move axes (transpose); a reshape keeps "
        "the numbers in their old order.",
        "the ported layer computes what PyTorch's did.",
    )
