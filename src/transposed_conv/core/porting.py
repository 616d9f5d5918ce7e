"""Porting PyTorch's ``ConvTranspose1d`` / ``ConvTranspose2d`` settings to Keras, exactly.

Along each axis a transposed convolution first builds the *full* output, ``(n-1)*s + span``
cells with ``span = dilation*(k-1) + 1``, then keeps a window of it:

* PyTorch keeps ``full[padding : padding + length]`` with
  ``length = (n-1)*s - 2*padding + span + output_padding``: ``padding`` cropped from the
  start, ``padding - output_padding`` from the end (zeros appended when that is negative);
* Keras ``"valid"`` keeps ``full[0 : n*s + max(span - s, 0)]``: all of it (zeros appended
  when the kernel is shorter than the stride);
* Keras ``"same"`` keeps ``full[c : c + n*s]`` with ``c = max(span - s, 0) // 2``.

Both are the package's own semantics (``ops.conv2d_transpose`` with an integer or a string
``padding``), and neither window's offset depends on ``n``, so one (before, after) crop per
axis turns Keras' output into PyTorch's for every input size. ``"valid"`` always works (it
keeps the whole full output); :func:`from_torch` picks ``"same"`` when it gives PyTorch's
window with nothing to crop, which is the case for k=4, s=2, padding=1 but not for
k=3, s=2, padding=1, output_padding=1: same size, but PyTorch keeps cells 1 to 2n of the
full output and Keras' ``"same"`` cells 0 to 2n-1, a one-pixel shift.

The weights move with ``layouts.torch_to_keras`` (``(C_in, C_out, kh, kw)`` to
``(kh, kw, C_out, C_in)``); for ``ConvTranspose1d`` add a unit axis first.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .arguments import check_int, numeric_array


class KerasPort(NamedTuple):
    """A Keras transposed-convolution padding plus the crop that turns its output into PyTorch's.

    ``padding``: ``"valid"`` or ``"same"`` for the Keras layer (``output_padding=None``).
    ``crop``: one ``(before, after)`` pair per spatial axis; a positive number removes that
    many cells, a negative one appends that many zeros (only past the end of the full output,
    where PyTorch's ``output_padding`` adds cells no input reaches).
    """

    padding: str
    crop: tuple[tuple[int, int], ...]


def _per_axis(name, value, dims, minimum):
    if isinstance(value, (tuple, list)):
        if len(value) != dims:
            raise ValueError(f"{name} must be an integer or {dims} integers, got {value!r:.60}")
        return tuple(check_int(name, v, minimum) for v in value)
    return (check_int(name, value, minimum),) * dims


def _dims(values, dims):
    lengths = {len(v) for v in values if isinstance(v, (tuple, list))}
    if dims is None:
        if len(lengths) > 1:
            raise ValueError(f"dims: the tuple arguments have different lengths {sorted(lengths)}")
        return lengths.pop() if lengths else 2
    dims = check_int("dims", dims, 1)
    if dims > 3:
        raise ValueError(f"dims must be 1, 2 or 3, got {dims}")
    return dims


def _windows(k, s, p, op, d):
    """Per axis: PyTorch's (start, end) and Keras' (start, end) for 'valid' and 'same', as n-free
    offsets.

    Ends are measured from ``n*s``, so ``end - start`` plus ``n*s`` is the length.
    """
    span = d * (k - 1) + 1
    torch = (p, span - s - p + op)  # end = (n-1)*s + span - p + op
    valid = (0, max(span - s, 0))
    same_start = max(span - s, 0) // 2
    return torch, valid, (same_start, same_start)


def from_torch(kernel_size, stride, padding=0, output_padding=0, dilation=1, dims=None):
    """The Keras padding and per-axis crop that reproduce a PyTorch transposed convolution.

    Arguments are ``ConvTranspose2d``'s (an integer or one per axis); ``dims`` is the
    number of spatial axes (default: the length of a tuple argument, else 2; pass 1 for
    ``ConvTranspose1d``). PyTorch requires ``output_padding < max(stride, dilation)``;
    this function, like ``ops``, requires ``output_padding < stride``.
    Returns a :class:`KerasPort`; apply it with :func:`crop_like_torch`.

    >>> from_torch(4, 2, padding=1)
    KerasPort(padding='same', crop=((0, 0), (0, 0)))
    >>> from_torch(3, 2, padding=1, output_padding=1)    # 'same' would shift by one
    KerasPort(padding='valid', crop=((1, 0), (1, 0)))
    """
    dims = _dims((kernel_size, stride, padding, output_padding, dilation), dims)
    k = _per_axis("kernel_size", kernel_size, dims, 1)
    s = _per_axis("stride", stride, dims, 1)
    p = _per_axis("padding", padding, dims, 0)
    op = _per_axis("output_padding", output_padding, dims, 0)
    d = _per_axis("dilation", dilation, dims, 1)
    for axis in range(dims):
        if op[axis] >= s[axis]:
            raise ValueError(
                f"output_padding must be smaller than the stride {s[axis]}, got {op[axis]}"
            )
    windows = [_windows(*args) for args in zip(k, s, p, op, d, strict=True)]  # dims each
    if all(torch == same for torch, _, same in windows):
        return KerasPort("same", tuple((0, 0) for _ in windows))
    # 'valid' keeps the whole full output, so PyTorch's window always lies in it or past its end
    return KerasPort(
        "valid", tuple((torch[0] - valid[0], valid[1] - torch[1]) for torch, valid, _ in windows)
    )


def check_port(port):
    if not isinstance(port, KerasPort):
        raise ValueError(f"port must be a KerasPort from from_torch(), got {type(port).__name__}")
    return port


def crop_like_torch(y, port):
    """Apply a :class:`KerasPort`'s crop to a Keras layer's output: NumPy or TensorFlow in, same
    out.

    ``y``: ``(N, L, C)`` or ``(N, H, W, C)`` (channels last, one axis per crop pair).
    Positive amounts remove cells, negative ones append zeros.

    >>> y = np.arange(5.0).reshape(1, 5, 1)
    >>> crop_like_torch(y, KerasPort("valid", ((1, -1),)))[0, :, 0]
    array([1., 2., 3., 4., 0.])
    """
    port = check_port(port)
    dims = len(port.crop)
    is_numpy = isinstance(y, (np.ndarray, list, tuple))
    if is_numpy:
        y = numeric_array("y", y)
    elif not _is_tensor(y):
        raise ValueError(f"y must be a NumPy array or a TensorFlow tensor, got {type(y).__name__}")
    if len(y.shape) != dims + 2:
        raise ValueError(
            f"y must have {dims + 2} axes (N, spatial..., C) for this port, "
            f"got shape {tuple(y.shape)}"
        )
    pads = [(0, 0)] + [(max(-b, 0), max(-a, 0)) for b, a in port.crop] + [(0, 0)]
    for axis, (b, a) in enumerate(port.crop, start=1):
        if max(b, 0) + max(a, 0) >= y.shape[axis] + max(-b, 0) + max(-a, 0):
            raise ValueError(
                f"y is too small: axis {axis} of shape {tuple(y.shape)} "
                "leaves nothing after the crop"
            )
    if is_numpy:
        y = np.pad(y, pads)
    else:
        import tensorflow as tf

        y = tf.pad(y, pads)
    index = [slice(None)] + [
        slice(max(b, 0), y.shape[ax + 1] - max(a, 0)) for ax, (b, a) in enumerate(port.crop)
    ]
    return y[tuple(index + [slice(None)])]


def _is_tensor(y):
    import sys

    tf = sys.modules.get("tensorflow")  # a tensor means TensorFlow is already imported
    return tf is not None and tf.is_tensor(y)
