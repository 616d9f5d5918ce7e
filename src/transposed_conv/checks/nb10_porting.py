"""Self-checks of notebook 10, porting PyTorch and Keras (see :mod:`.core`)."""

from __future__ import annotations

import numpy as np

from ..core import shapes
from .core import keras_size, quietly, report, whole


def _torch_size(setting, n):
    if not isinstance(setting, (tuple, list)) or len(setting) != 4:
        return None
    k, s, p, op = (whole(v, m) for v, m in zip(setting, (1, 1, 0, 0), strict=True))
    if None in (k, s, p, op) or op >= s:
        return None
    return shapes.conv_transpose_output_size(n, k, s, p, op)


def torch_seven_to_fourteen(answer) -> None:
    """10, exercise 1: any PyTorch (kernel_size, stride, padding, output_padding): 7 to 14."""
    report(
        quietly(lambda: _torch_size(answer, 7) == 14),
        "give four whole numbers (kernel_size, stride, padding, output_padding), output_padding "
        "smaller than the stride, with (7 - 1)*stride - 2*padding + kernel_size + output_padding "
        "= 14.",
        "ConvTranspose2d gives 14x14.",
    )


def keras_seven_to_fourteen(answer) -> None:
    """10, exercise 2: any Keras (kernel_size, stride, 'same'/'valid', output_padding) mapping 7
    to 14."""
    report(
        quietly(lambda: keras_size(answer, 7) == 14),
        "give (kernel_size, stride, 'same' or 'valid', None or an output_padding smaller than the "
        "stride); with 'same' and None, Keras multiplies the size by the stride.",
        "Conv2DTranspose gives 14x14.",
    )


PORT_LAYER = dict(k=5, s=2, padding=2, output_padding=1)  # 10, exercise 3


def torch_port(answer) -> None:
    """10, exercise 3: ``(keras_padding, (before, after))``, a Keras padding and crop that
    reproduce PyTorch's ``ConvTranspose2d(k=5, stride=2, padding=2, output_padding=1)`` for every
    input size."""
    from ..core.ops import conv2d_transpose
    from ..core.porting import KerasPort, crop_like_torch

    def test():
        if not isinstance(answer, (tuple, list)) or len(answer) != 2:
            return False
        keras_padding, crop = answer
        if not (isinstance(keras_padding, str) and keras_padding in ("same", "valid")):
            return False
        if not isinstance(crop, (tuple, list)) or len(crop) != 2:
            return False
        if any(whole(v, -(10**6)) is None for v in crop):
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
        quietly(test),
        "give (keras_padding, (before, after)): 'same' or 'valid', and two whole numbers. "
        "Write down which cells of the full output (2n + 3 cells) each keeps: PyTorch keeps "
        "full[padding : padding + 2n]; Keras 'valid' keeps all of it, 'same' keeps "
        "full[(5 - 2) // 2 : ... + 2n]. "
        "Only cells past the end of the full output may be appended as zeros.",
        "Keras' output, cropped, is PyTorch's for every input size.",
    )
