"""The array plumbing the operations of :mod:`.ops` share (NumPy only).

Batching a ``(H, W)`` or ``(N, H, W, C)`` problem into one 4-D layout and back,
the padding of a convolution, where a transposed convolution's output sits in
its full output (and cutting it out), a strided view of every kernel window,
and col2im's strided adds. Learners call :mod:`.ops`; these are its parts.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.lib.stride_tricks import as_strided

from . import arguments, shapes
from .arguments import (
    check_cells,
    output_padding_pair,
    padding_pair,
    pair,
    real_array,
)

RANKS = {  # spatial dimensions -> (shape names, kernel shape names) for the error messages
    1: ("(L,)", "(N, L, C)", "(k,)", "(k, C, C)"),
    2: ("(H, W)", "(N, H, W, C)", "(kh, kw)", "(kh, kw, C, C)"),
}


def batched(x, kernel, in_axis: int, spatial: int = 2):
    """Check ranks and channels; return float64 ``(N, H, W, C)`` input, 4-D kernel, squeeze flag.

    ``spatial=2``: ``x`` is ``(H, W)`` or ``(N, H, W, C)``; ``spatial=1``: ``x``
    is ``(L,)`` or ``(N, L, C)``, lifted to a height of one. The kernel has
    the rank of ``x``; ``in_axis`` is its axis (in the 4-D layout) that must
    match the input's channels: 2 for a convolution, 3 for a transposed one.
    ``squeeze`` says ``x`` had no batch and channel axes (see :func:`unbatched`).
    """
    x = real_array("x", x)
    kernel = real_array("kernel", kernel)
    single, batched = spatial, spatial + 2
    x_single, x_batched, k_single, k_batched = RANKS[spatial]
    if x.ndim not in (single, batched):
        raise ValueError(
            f"x must have rank {single} {x_single} or {batched} {x_batched}, got shape {x.shape}"
        )
    if kernel.ndim != x.ndim:
        want = k_single if x.ndim == single else k_batched
        raise ValueError(
            f"kernel must have rank {x.ndim} {want} for an input of rank {x.ndim}, "
            f"got shape {kernel.shape}"
        )
    if 0 in x.shape:
        raise ValueError(f"x must not be empty, got shape {x.shape}")
    if 0 in kernel.shape:
        raise ValueError(f"kernel must not be empty, got shape {kernel.shape}")
    squeeze = x.ndim == single
    if squeeze:
        x, kernel = x[None, ..., None], kernel[..., None, None]
    if spatial == 1:  # a height of one: (N, L, C) -> (N, 1, L, C), (k, A, B) -> (1, k, A, B)
        x, kernel = x[:, None], kernel[None]
    if kernel.shape[in_axis] != x.shape[3]:
        raise ValueError(
            f"kernel axis {in_axis - (2 - spatial)} must match the {x.shape[3]} input channels "
            f"of x, got kernel shape {kernel.shape[2 - spatial :]}"
        )
    return x, kernel, squeeze


def unbatched(out, squeeze: bool, spatial: int = 2):
    """Undo :func:`batched` on a 4-D result: the rank and layout the caller passed in."""
    if spatial == 1:
        out = out[:, 0]  # drop the height of one
    return out[0, ..., 0] if squeeze else out


def conv_pads(size, k, s, padding, d):
    """``(before, after, output size)`` of a convolution along one axis; refuses an empty output."""
    if isinstance(padding, str):
        length = shapes.keras_conv_output_size(size, k, s, padding, d)
        return (*shapes.keras_conv_padding(size, k, s, padding, d), length)
    return padding, padding, shapes.conv_output_size(size, k, s, padding, d)


def transpose_crops(in_hw, kernel_hw, s, pads, output_pads, d):
    """``[(start, length)] * 2``: where each output axis sits in the full transposed output."""
    return [
        shapes.conv_transpose_crop(
            in_hw[ax], kernel_hw[ax], s[ax], pads[ax], output_pads[ax], d[ax]
        )
        for ax in (0, 1)
    ]


def transpose_setup(x, kernel, strides, padding, output_padding, dilation):
    """Shared argument handling of the three transposed-convolution implementations."""
    x4, k4, squeeze = batched(x, kernel, in_axis=3)
    s = pair("strides", strides, 1)
    d = pair("dilation", dilation, 1)
    pads = padding_pair(padding)
    crops = transpose_crops(
        x4.shape[1:3], k4.shape[:2], s, pads, output_padding_pair(output_padding), d
    )
    # every implementation builds the full output, then the (possibly extended) crop
    check_cells("the full transposed output", full_shape(x4, k4, s, d))
    check_cells("the transposed output", (len(x4), crops[0][1], crops[1][1], k4.shape[2]))
    return x4, k4, squeeze, s, d, crops


def full_shape(x4, k4, s, d):
    """Shape of the full (uncropped) transposed output: no padding, no output padding."""
    n, h, w, _ = x4.shape
    full_h, full_w = (
        shapes.conv_transpose_output_size((h, w)[ax], k4.shape[ax], s[ax], 0, 0, d[ax])
        for ax in (0, 1)
    )
    return n, full_h, full_w, k4.shape[2]


def crop(full, crops, squeeze):
    """Cut ``full[start:start+length]`` on both spatial axes, zero-extending past the end."""
    (top, oh), (left, ow) = crops
    extra_h = max(top + oh - full.shape[1], 0)
    extra_w = max(left + ow - full.shape[2], 0)
    if extra_h or extra_w:
        full = np.pad(full, ((0, 0), (0, extra_h), (0, extra_w), (0, 0)))
    return unbatched(full[:, top : top + oh, left : left + ow, :], squeeze)


def windows(xp, kh, kw, s, d):
    """Read-only view of every kernel window: ``(N, oh, ow, kh, kw, C)``."""
    n, hp, wp, c = xp.shape
    oh = shapes.conv_output_size(hp, kh, s[0], 0, d[0])
    ow = shapes.conv_output_size(wp, kw, s[1], 0, d[1])
    sn, sh, sw, sc = xp.strides
    # A step never exceeds the padded size when it matters (more than one window or
    # tap); capping it keeps a huge unused stride or dilation (2**63) out of C integers.
    sy, sx, dy, dx = min(s[0], hp), min(s[1], wp), min(d[0], hp), min(d[1], wp)
    return as_strided(
        xp,
        shape=(n, oh, ow, kh, kw, c),
        strides=(sn, sh * sy, sw * sx, sh * dy, sw * dx, sc),
        writeable=False,
    )


def correlate(win, k4):
    """``tensordot`` of the windows with the kernel, a batch chunk at a time.

    ``tensordot`` copies the windows it reads; chunks keep that copy under
    ``MAX_CELLS`` (one chunk, so the very same computation, for ordinary sizes).
    """
    per_image = check_cells("the windows of one image", win.shape[1:])
    chunk = max(1, arguments.MAX_CELLS // max(math.prod(per_image), 1))
    parts = [
        np.tensordot(win[i : i + chunk], k4, axes=([3, 4, 5], [0, 1, 2]))
        for i in range(0, len(win), chunk)
    ]
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def col2im(cols, full, s, d):
    """Add the kernel-sized patches ``(n, H, W, kh, kw, C)`` into ``full`` ``(n, fh, fw, C)``.

    One strided add per kernel offset: each adds a whole grid of pixels at once.
    """
    _, h, w, kh, kw, _ = cols.shape
    sy, sx = (
        min(s[0], full.shape[1]),
        min(s[1], full.shape[2]),
    )  # an unused huge step stays a C integer
    for a in range(kh):
        for b in range(kw):
            rows = slice(a * d[0], a * d[0] + (h - 1) * sy + 1, sy)
            cols_ = slice(b * d[1], b * d[1] + (w - 1) * sx + 1, sx)
            full[:, rows, cols_, :] += cols[:, :, :, a, b, :]
