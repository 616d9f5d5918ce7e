"""The two mental models of a transposed convolution, step by step (NumPy only).

* **distribute**: each input value scales the kernel and the copy is added into the full
  output at ``(i*s, j*s)``; a frame holds the sum so far and the window that is kept;
* **collect**: the input is stretched (``s - 1`` zeros between values) and padded, the
  flipped kernel slides over it at stride 1, and each output cell is one window's sum.

:func:`frames` returns the numbers of every step (a frame's output is the partial result
computed so far; the last frame's equals ``ops.conv2d_transpose``);
:mod:`transposed_conv.viz.animation` draws them.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import arrays, ops, shapes
from .arguments import (
    check_cells,
    check_int,
    output_padding_pair,
    padding_pair,
    pair,
    real_array,
)

VIEWS = ("collect", "distribute")
MAX_FRAMES = 400  # each frame is drawn by matplotlib: about 0.05 s each


class Frame(NamedTuple):
    """One step of an animation.

    ``canvas``: the full output so far (distribute) or the stretched, padded input
    (collect); ``canvas_mask``: cells reached so far (distribute) or holding an input value
    (collect). ``window``: ``(top, left, height, width)`` on the canvas of this step's
    kernel copy or kernel window, or None. ``source``: this step's input cell (distribute)
    or output cell (collect), or None. ``output``: the result so far (zeros where nothing
    has arrived yet); ``output_mask``: its cells that hold a value.
    """

    step: int
    source: tuple | None
    window: tuple | None
    canvas: np.ndarray
    canvas_mask: np.ndarray
    output: np.ndarray
    output_mask: np.ndarray


def setup(x, kernel, strides=1, padding=0, output_padding=None):
    """The checked 2-D single-channel problem: ``(x, kernel, s, crops, one_d)``.

    A 1-D problem becomes 2-D arrays of height one.
    """
    xa = real_array("x", x)
    ka = real_array("kernel", kernel)
    one_d = xa.ndim == 1
    if one_d:
        if ka.ndim != 1:
            raise ValueError(f"kernel must be 1-D (k,) for a 1-D x, got shape {ka.shape}")
        xa, ka = xa[None, :], ka[None, :]
        strides = (1, check_int("strides", strides, 1))
        padding = padding if isinstance(padding, str) else (0, padding)
        output_padding = None if output_padding is None else (0, output_padding)
    if xa.ndim != 2 or ka.ndim != 2 or 0 in xa.shape or 0 in ka.shape:
        raise ValueError(
            "x and kernel must be non-empty, both 1-D or both 2-D, "
            f"got shapes {xa.shape} and {ka.shape}"
        )
    s = pair("strides", strides, 1)
    pads = padding_pair(padding)
    op = output_padding_pair(output_padding)
    crops = [
        shapes.conv_transpose_crop(xa.shape[ax], ka.shape[ax], s[ax], pads[ax], op[ax])
        for ax in (0, 1)
    ]
    full = [(xa.shape[ax] - 1) * s[ax] + ka.shape[ax] for ax in (0, 1)]
    check_cells("the full output", (*full, 2))
    check_cells("the output", (crops[0][1], crops[1][1], 2))
    return xa, ka, s, crops, one_d


def _crop(full, crops):
    """A copy of the output window of a 2-D full output (:func:`..core.arrays.crop` gives a view,
    and the full output keeps changing between frames)."""
    return arrays.crop(full[None, ..., None], crops, squeeze=True).copy()


def _distribute(xa, ka, s, crops):
    full = np.zeros(
        ((xa.shape[0] - 1) * s[0] + ka.shape[0], (xa.shape[1] - 1) * s[1] + ka.shape[1])
    )
    reached = np.zeros(full.shape, bool)
    out = [
        Frame(0, None, None, full.copy(), reached.copy(), _crop(full, crops), _crop(reached, crops))
    ]
    for i, j in np.ndindex(xa.shape):
        block = (slice(i * s[0], i * s[0] + ka.shape[0]), slice(j * s[1], j * s[1] + ka.shape[1]))
        full[block] += xa[i, j] * ka
        reached[block] = True
        window = (i * s[0], j * s[1], *ka.shape)
        out.append(
            Frame(
                len(out),
                (i, j),
                window,
                full.copy(),
                reached.copy(),
                _crop(full, crops),
                _crop(reached, crops),
            )
        )
    return out


def _collect(xa, ka, s, crops):
    z = ops.stretch(xa, s)
    marks = ops.stretch(np.ones(xa.shape), s) > 0
    for ax in (0, 1):
        start, length = crops[ax]
        full = (xa.shape[ax] - 1) * s[ax] + ka.shape[ax]
        before, after = ka.shape[ax] - 1 - start, ka.shape[ax] - 1 + start + length - full
        z = ops.pad_or_crop(z, ax, before, after)
        marks = ops.pad_or_crop(marks, ax, before, after)
    flipped = ka[::-1, ::-1]
    shape = (crops[0][1], crops[1][1])
    output, done = np.zeros(shape), np.zeros(shape, bool)
    out = [Frame(0, None, None, z, marks, output.copy(), done.copy())]
    for r, c in np.ndindex(shape):
        output[r, c] = np.sum(z[r : r + ka.shape[0], c : c + ka.shape[1]] * flipped)
        done[r, c] = True
        out.append(Frame(len(out), (r, c), (r, c, *ka.shape), z, marks, output.copy(), done.copy()))
    return out


def check_view(view):
    if not (isinstance(view, str) and view in VIEWS):
        raise ValueError(f"view must be one of {VIEWS}, got {view!r:.60}")
    return view


def _count_frames(xa, crops, view):
    n = 1 + (xa.size if view == "distribute" else crops[0][1] * crops[1][1])
    if n > MAX_FRAMES:
        raise ValueError(
            f"x gives {n} frames for the {view} view, more than {MAX_FRAMES}; "
            "use a smaller x or padding"
        )


def frames(x, kernel, strides=1, padding=0, output_padding=None, view="collect"):
    """The numbers of every frame of an animation: a list of :class:`Frame`, step 0 empty.

    ``x`` ``(H, W)`` with ``kernel`` ``(kh, kw)``, or ``(L,)`` with ``(k,)`` (then 2-D
    arrays of height one); ``strides``, ``padding`` and ``output_padding`` as in
    ``ops.conv2d_transpose``. ``view``: ``"collect"`` (one frame per output cell) or
    ``"distribute"`` (one frame per input value).

    >>> last = frames([[1.0, 2.0]], [[1.0, 10.0]], strides=2, view="distribute")[-1]
    >>> last.output
    array([[ 1., 10.,  2., 20.]])
    """
    view = check_view(view)
    xa, ka, s, crops, _ = setup(x, kernel, strides, padding, output_padding)
    _count_frames(xa, crops, view)
    return (_distribute if view == "distribute" else _collect)(xa, ka, s, crops)
