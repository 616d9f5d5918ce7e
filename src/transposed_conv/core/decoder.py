"""Decoder shape solver: the transposed-convolution settings that give back an encoder's sizes.

An encoder of strided convolutions loses sizes (``Conv2D(3, strides=2, padding="same")``
takes 25 -> 13 -> 7 -> 4 -> 2), and the mirrored ``Conv2DTranspose`` layers with the
default ``output_padding`` give 2 -> 4 -> 8 -> 16 -> 32 (Keras issue #14158). Each decoder
layer mirrors one encoder layer (same kernel, stride, padding, dilation) and gets the
``output_padding`` that lands on that encoder layer's input size exactly.

Pure Python on :mod:`.shapes`' rules, one axis at a time. A pair whose two values are
equal comes back as one int, so square settings read as learners write them.
"""

from __future__ import annotations

from . import shapes
from .arguments import check_padding_mode, pair

KERAS_KEYS = {"kernel_size": None, "strides": 1, "padding": "valid", "dilation_rate": 1}
TORCH_KEYS = {"kernel_size": None, "stride": 1, "padding": 0, "dilation": 1}


def _one(values):
    """A pair as one int when both axes agree."""
    values = tuple(values)
    return values[0] if values[0] == values[1] else values


def _size_pair(size):
    try:
        return pair("size", size, 1)
    except ValueError as err:
        raise ValueError(f"size must be an integer >= 1 or a pair (height, width): {err}") from None


def _layers(encoder, keys):
    """The encoder's layers as dicts with every key filled in, or ``ValueError`` naming it."""
    if not isinstance(encoder, (list, tuple)) or not encoder:
        raise ValueError(
            f"encoder must be a non-empty list of dicts of layer arguments, got {encoder!r:.60}"
        )
    layers = []
    for n, layer in enumerate(encoder):
        if not isinstance(layer, dict):
            raise ValueError(f"encoder[{n}] must be a dict of layer arguments, got {layer!r:.60}")
        unknown = [key for key in layer if key not in keys]
        if unknown:  # 'stride' in a Keras encoder, 'strides' in a PyTorch one, 'filters'...
            raise ValueError(
                f"encoder[{n}] has unknown argument {unknown[0]!r:.40}; the size depends only "
                f"on {', '.join(keys)}"
            )
        if "kernel_size" not in layer:
            raise ValueError(f"encoder[{n}] needs a kernel_size")
        layers.append({key: layer.get(key, default) for key, default in keys.items()})
    return layers


def _named(n, key, check, value):
    """``check(value)``, its ``ValueError`` prefixed with the layer and argument."""
    try:
        return check(value)
    except ValueError as err:
        raise ValueError(f"encoder[{n}]['{key}']: {err}") from None


def _pair_of(key):
    """The check of one argument: an int or a pair, >= 0 for padding, else >= 1."""
    return lambda value: pair(key, value, 0 if key == "padding" else 1)


def _forward(n, rule, size, axes):
    """``encoder[n]``'s output size by ``rule`` on each axis; a kernel larger than the (padded)
    input, the one way a size shrinks below 1, is named."""
    try:
        return tuple(rule(i, *axis) for i, axis in zip(size, axes, strict=True))
    except ValueError as err:
        raise ValueError(
            f"encoder[{n}]['kernel_size']: the size {_one(size)} would shrink below 1 ({err})"
        ) from None


def _keras_layer(n, layer):
    """One Keras encoder layer as per-axis ``(k, s, mode, d)``, checked as Keras checks it."""
    k, s, d = (_named(n, key, _pair_of(key), layer[key]) for key in KERAS_KEYS if key != "padding")
    mode = _named(n, "padding", check_padding_mode, layer["padding"])
    if max(s) > 1 and max(d) > 1:  # keras.layers.Conv2D refuses it when made
        raise ValueError(
            f"encoder[{n}]['dilation_rate']: Keras' Conv2D refuses strides > 1 together with "
            f"dilation_rate > 1, got strides={layer['strides']!r}, "
            f"dilation_rate={layer['dilation_rate']!r}"
        )
    return k, s, mode, d


def _keras_output_padding(n_in, n_out, k, s, mode, d):
    """``(default_ok, op)`` for one axis: whether ``output_padding=None`` gives ``n_in``, and
    the integer that does (``None`` when no integer smaller than the stride does)."""
    default_ok = shapes.keras_conv_transpose_output_size(n_out, k, s, mode, None, d) == n_in
    span = shapes.effective_kernel_size(k, d)
    pad = span // 2 if mode == "same" else 0
    op = n_in - ((n_out - 1) * s + span - 2 * pad)  # the size grows by one per unit
    if not 0 <= op < s:
        return default_ok, None
    try:  # TensorFlow refuses, when called, a 'same' size its convolution would not map back
        start, length = shapes.conv_transpose_crop(n_out, k, s, mode, op, d)
    except ValueError:
        return default_ok, None
    return default_ok, op if length == n_in else None


def _keras_padding(j, n, sizes_in, sizes_out, axes):
    """The ``output_padding`` of decoder layer ``j`` (undoing ``encoder[n]``), or ValueError."""
    found = [
        _keras_output_padding(a, b, *axis)
        for a, b, axis in zip(sizes_in, sizes_out, axes, strict=True)
    ]
    if all(default_ok for default_ok, _ in found):
        return None
    ops = [op for _, op in found]
    if None not in ops:
        return _one(ops)
    needs = [
        "the default (None)" if default_ok else f"{op}" if op is not None else "nothing"
        for default_ok, op in found
    ]
    raise ValueError(
        f"output_padding: decoder[{j}] (undoing encoder[{n}]) cannot give back size "
        f"{_one(sizes_in)} from {_one(sizes_out)}: height needs {needs[0]} and width needs "
        f"{needs[1]}, and Keras takes one output_padding (None, or integers smaller than the "
        "stride) for both axes; an odd kernel_size on that axis, or a crop, avoids it"
    )


def keras_decoder(size, encoder) -> list[dict]:
    """The ``Conv2DTranspose`` layers that undo a Keras ``Conv2D`` encoder, size for size.

    ``size`` is the encoder's input size (int or ``(height, width)``); ``encoder`` a list of
    dicts of ``Conv2D`` arguments: ``kernel_size``, ``strides`` (default 1), ``padding``
    (``"valid"``/``"same"``, default ``"valid"``), ``dilation_rate`` (default 1), each an int
    or a pair (leave ``filters`` and the like out: they do not change the size).

    Returns one dict per decoder layer, first decoder layer (undoing the last encoder layer)
    first: ``{"args": ..., "in": ..., "out": ...}``, where ``args`` are the keyword
    arguments for ``keras.layers.Conv2DTranspose(filters, **layer["args"])`` (``kernel_size``,
    ``strides``, ``padding``, ``output_padding``, and ``dilation_rate`` when not 1;
    ``output_padding`` is None where Keras' default already gives the size) and ``in`` /
    ``out`` the sizes it takes and gives. ``ValueError`` names the argument and the layer
    when the encoder is not one Keras builds, or no ``output_padding`` gives the size back.
    """
    sizes = [_size_pair(size)]
    axes = []
    for n, layer in enumerate(_layers(encoder, KERAS_KEYS)):
        k, s, mode, d = _keras_layer(n, layer)
        axes.append(list(zip(k, s, (mode, mode), d, strict=True)))
        sizes.append(_forward(n, shapes.keras_conv_output_size, sizes[-1], axes[-1]))
    decoder = []
    for j, n in enumerate(reversed(range(len(axes)))):
        k, s, mode, d = (list(v) for v in zip(*axes[n], strict=True))
        args = {"kernel_size": _one(k), "strides": _one(s), "padding": mode[0]}
        args["output_padding"] = _keras_padding(j, n, sizes[n], sizes[n + 1], axes[n])
        if max(d) > 1:
            args["dilation_rate"] = _one(d)
        decoder.append({"args": args, "in": _one(sizes[n + 1]), "out": _one(sizes[n])})
    return decoder


def pytorch_decoder(size, encoder) -> list[dict]:
    """The ``ConvTranspose2d`` layers that undo a PyTorch ``Conv2d`` encoder, size for size.

    ``size`` is the encoder's input size (int or ``(height, width)``); ``encoder`` a list of
    dicts of ``Conv2d`` arguments: ``kernel_size``, ``stride`` (default 1), integer
    ``padding`` (default 0), ``dilation`` (default 1), each an int or a pair.

    Returns one dict per decoder layer, first decoder layer first:
    ``{"args": ..., "in": ..., "out": ...}`` with ``args`` the keyword arguments for
    ``torch.nn.ConvTranspose2d(in_channels, out_channels, **layer["args"])`` (``kernel_size``,
    ``stride``, ``padding``, ``output_padding``, ``dilation``). Every size comes back:
    ``output_padding = (n_in + 2p - span) mod stride``, always smaller than the stride.
    ``ValueError`` names the argument and the layer when a size would shrink below 1.
    """
    sizes = [_size_pair(size)]
    axes = []
    for n, layer in enumerate(_layers(encoder, TORCH_KEYS)):
        if isinstance(layer["padding"], str):
            raise ValueError(
                f"encoder[{n}]['padding'] must be an integer or a pair of integers (zeros on "
                f"each side), got {layer['padding']!r:.40}"
            )
        values = [_named(n, key, _pair_of(key), layer[key]) for key in TORCH_KEYS]
        axes.append(list(zip(*values, strict=True)))
        sizes.append(_forward(n, shapes.conv_output_size, sizes[-1], axes[-1]))
    decoder = []
    for n in reversed(range(len(axes))):
        ops = []
        for n_in, (k, s, p, d) in zip(sizes[n], axes[n], strict=True):
            ops.append((n_in + 2 * p - shapes.effective_kernel_size(k, d)) % s)
        k, s, p, d = (_one(v) for v in zip(*axes[n], strict=True))
        args = {"kernel_size": k, "stride": s, "padding": p, "output_padding": _one(ops)}
        args["dilation"] = d  # always given: PyTorch's keyword, unlike Keras', is short
        decoder.append({"args": args, "in": _one(sizes[n + 1]), "out": _one(sizes[n])})
    return decoder
