"""Self-checks of notebook 03, stride, padding, output size (see :mod:`.core`)."""

from __future__ import annotations

import numpy as np

from ..core import shapes
from .core import keras_size, quietly, report, same_array, same_number, small, whole


def padding_shape(answer) -> None:
    """03, exercise 1: integer padding 1, input 5, kernel 4, stride 2: output size."""
    report(
        same_number(answer, shapes.conv_transpose_output_size(5, 4, 2, 1)),
        "start from the full output (i - 1) * s + k, then remove p cells on each side.",
        "(i - 1) * s + k - 2p.",
    )


def same_shape(answer) -> None:
    """03, exercise 2: Keras 'same', input 4, kernel 5, stride 3: output size."""
    report(
        same_number(answer, shapes.keras_conv_transpose_output_size(4, 5, 3, "same")),
        "with padding='same' and no output_padding, Keras makes the output exactly "
        "stride times the input.",
        "i * s, whatever the kernel.",
    )


def output_padding_needed(answer) -> None:
    """03, exercise 3: Conv2D(3, strides=2, 'same') on 9x9, then Conv2DTranspose back:
    output_padding for 9."""
    down = shapes.keras_conv_output_size(9, 3, 2, "same")
    fits = [
        op
        for op in range(2)
        if shapes.keras_conv_transpose_output_size(down, 3, 2, "same", op) == 9
    ]
    report(
        same_number(answer, fits[0]),
        "find the size after the convolution first; "
        "then use (i - 1) * s + k - 2 * (k // 2) + output_padding.",
        "an odd size needs output_padding to come back exactly.",
    )


def stride_padding_by_hand(answer) -> None:
    """03, exercise 4: [[1, 2], [3, 4]] with a 2x2 kernel of ones, stride 2, integer padding 1."""
    from ..core.ops import conv2d_transpose

    expected = conv2d_transpose(
        np.array([[1.0, 2.0], [3.0, 4.0]]), np.ones((2, 2)), strides=2, padding=1
    )
    report(
        same_array(answer, expected),
        "draw the 4x4 full output first (each value fills its own 2x2 block), "
        "then remove one ring of cells.",
        "the padding crops the full output.",
    )


LAYER_KEYS = ("kernel_size", "strides", "padding", "output_padding")  # 03, exercise 5


def _layer_setting(answer):
    """A dict of ``Conv2DTranspose`` arguments as ``(kernel_size, strides, padding,
    output_padding)`` (``output_padding`` None when left out), else None."""
    if not isinstance(answer, dict) or not 3 <= len(answer) <= 4:
        return None
    keys = list(answer)
    if not all(type(key) is str for key in keys) or not set(keys) <= set(LAYER_KEYS):
        return None
    if not set(LAYER_KEYS[:3]) <= set(keys):
        return None
    return tuple(answer.get(key) for key in LAYER_KEYS)


def seven_to_twenty_eight(answer) -> None:
    """03, exercise 5: any ``Conv2DTranspose`` arguments (a dict) that take a 7x7 input to
    28x28 in one layer, with ``kernel_size >= strides`` and every output pixel inside the full
    output ``(7 - 1) * strides + kernel_size`` (so each receives a kernel copy)."""
    found = []

    def read():
        setting = _layer_setting(answer)
        size = None if setting is None else keras_size(setting, 7)
        found.extend([setting, size])
        return size is not None

    if not quietly(read):
        ok, hint = (
            False,
            "give a dict such as {'kernel_size': ..., 'strides': ..., 'padding': ..., "
            "'output_padding': ...}: whole numbers for kernel_size and strides, 'same' or 'valid' "
            "(lower case) for padding, and None or a whole number smaller than strides for "
            "output_padding (leaving it out means None). Only these four keys: `filters` does not "
            "change the size, so leave it out; give single numbers, not (height, width) pairs.",
        )
    else:
        (k, s, _, _), size = found
        full = (7 - 1) * s + k  # cells that kernel copies reach; any beyond stay zero
        ok = k >= s and size == 28 and size <= full
        if k >= s and size == 28 and size > full:
            hint = (
                f"this gives 28x28, but the kernel copies reach only (7 - 1) * {s} + {k} = {full} "
                f"cells per axis: output_padding appends {size - full} more at the end that no "
                "copy reaches, so they hold only the bias. Make the kernel cover 28 cells by "
                "itself."
            )
        elif k < s:
            hint = (
                f"a kernel of {k} with stride {s} leaves gaps: the copies start {s} pixels apart "
                f"and each covers only {k} of them, so some output pixels receive no kernel copy "
                "at all. Use kernel_size >= strides."
            )
        else:
            hint = (
                f"this layer gives {size}x{size}, not 28x28. With 'same' and output_padding=None "
                "Keras multiplies the size by the stride; otherwise use "
                "(i - 1) * s + k - 2 * pad + output_padding, pad = 0 for 'valid', k // 2 for "
                "'same'."
            )
    report(ok, hint, "one Conv2DTranspose takes 7x7 to 28x28, and every pixel gets a copy.")


ISSUE_14158 = {"kernel_size": 3, "strides": 2, "padding": "same"}  # 03, exercise 6, four times


def _paddings(answer):
    """Four ``output_padding`` values (None or a whole number) as a list, else None."""
    if not small(answer) or not isinstance(answer, (list, tuple)) or len(answer) != 4:
        return None
    values = [None if v is None else whole(v, 0) for v in answer]
    return (
        values
        if all(v is not None or a is None for v, a in zip(values, answer, strict=True))
        else None
    )


def _first_wrong_layer(paddings, layers):
    """A hint naming the first decoder layer these paddings send to the wrong size, or None."""
    for j, (op, layer) in enumerate(zip(paddings, layers, strict=True)):
        if op is not None and op >= ISSUE_14158["strides"]:
            return f"decoder layer {j + 1}: output_padding must be smaller than the stride, 2."
        got = shapes.keras_conv_transpose_output_size(layer["in"], 3, 2, "same", op)
        if got != layer["out"]:
            return (
                f"decoder layer {j + 1} takes {layer['in']} to {got}, but the encoder had "
                f"{layer['out']} there. With 'same', None gives i * s; an integer gives "
                "(i - 1) * s + k - 2 * (k // 2) + output_padding."
            )
    return None


def decoder_output_paddings(answer) -> None:
    """03, exercise 6: Conv2D(kernel_size=3, strides=2, padding='same') four times on 25x25
    (Keras issue #14158); the four ``output_padding`` values (None or an int) of the mirrored
    Conv2DTranspose layers, first decoder layer first, that give back every size. Any
    answer that does passes (2 -> 4 comes from None and from 1 alike)."""
    from ..core.decoder import keras_decoder

    layers = keras_decoder(25, [ISSUE_14158] * 4)
    hint = []

    def read():
        paddings = _paddings(answer)
        if paddings is None:
            hint.append(
                "give a list of four values, one per Conv2DTranspose, each None (Keras' default) "
                "or a whole number >= 0 (an int); write the encoder's sizes 25 -> ... first."
            )
            return False
        if paddings == [layer["args"]["output_padding"] for layer in reversed(layers)]:
            hint.append(
                "these are in the encoder's order: the first decoder layer undoes the last Conv2D."
            )
            return False
        hint.append(_first_wrong_layer(paddings, layers))
        return hint[-1] is None

    report(
        quietly(read),
        hint[-1] if hint else "",
        "every Conv2DTranspose lands on the encoder's size: 2 -> 4 -> 7 -> 13 -> 25.",
    )
