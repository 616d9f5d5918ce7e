"""The terms a transposed convolution adds, and which of them feed one output cell (NumPy only).

:func:`distribute_terms` gives every scaled kernel copy of the distribute view;
:func:`feeders` lists the ``x[i, j] * kernel[a, b]`` products that make one output cell
(the collect view), solved exactly, for every padding the ops accept. Both are
re-exported by :mod:`.ops`, the notebooks' one namespace of operations.
"""

from __future__ import annotations

import math

import numpy as np

from .arguments import (
    check_cells,
    check_int,
    output_padding_pair,
    padding_pair,
    pair,
)
from .arrays import batched, full_shape, transpose_crops


def distribute_terms(x, kernel, strides=1, dilation=1):
    """The scaled kernel copies that a transposed convolution adds up, one per input value.

    For a single-channel ``(H, W)`` input and ``(kh, kw)`` kernel, returns
    ``(terms, reached)``, both of shape ``(H, W, full_h, full_w)``:
    ``terms[i, j]`` is ``x[i, j] * kernel`` placed at ``(i*s, j*s)`` in the full
    (uncropped) output, and ``reached[i, j]`` marks the cells that copy covers.
    ``terms.sum(axis=(0, 1))`` is the full transposed convolution.
    """
    x4, k4, squeeze = batched(x, kernel, in_axis=3)
    if not squeeze:
        raise ValueError(f"x must be a single-channel 2-D array (H, W), got shape {np.shape(x)}")
    s = pair("strides", strides, 1)
    d = pair("dilation", dilation, 1)
    xs, ks = x4[0, :, :, 0], k4[:, :, 0, 0]
    _, fh, fw, _ = full_shape(x4, k4, s, d)
    h, w = xs.shape
    kh, kw = ks.shape
    terms = np.zeros(check_cells("the terms", (h, w, fh, fw)))
    reached = np.zeros((h, w, fh, fw), bool)
    for i in range(h):
        for j in range(w):
            rows = slice(
                i * s[0], i * s[0] + d[0] * (kh - 1) + 1, min(d[0], fh)
            )  # capped: see windows
            cols = slice(j * s[1], j * s[1] + d[1] * (kw - 1) + 1, min(d[1], fw))
            terms[i, j, rows, cols] = xs[i, j] * ks
            reached[i, j, rows, cols] = True
    return terms, reached


def feeders(input_hw, kernel_hw, cell, strides=1, padding=0, output_padding=None, dilation=1):
    """Which input values and kernel weights feed one output cell of a transposed convolution.

    Returns a list of ``(i, j, a, b)``: output ``cell = (r, c)`` receives
    ``x[i, j] * kernel[a, b]`` for each tuple. Works for every padding the
    ops accept, so it also says which cells only get zeros (an empty list).
    """
    ih, iw = pair("input_hw", input_hw, 1)
    kh, kw = pair("kernel_hw", kernel_hw, 1)
    s = pair("strides", strides, 1)
    d = pair("dilation", dilation, 1)
    crops = transpose_crops(
        (ih, iw), (kh, kw), s, padding_pair(padding), output_padding_pair(output_padding), d
    )
    if not (isinstance(cell, (tuple, list)) and len(cell) == 2):
        raise ValueError(f"cell must be a pair (row, col), got {cell!r}")
    r = check_int("cell", cell[0], 0)
    c = check_int("cell", cell[1], 0)
    if r >= crops[0][1] or c >= crops[1][1]:
        raise ValueError(
            f"cell must lie inside the {crops[0][1]}x{crops[1][1]} output, got {cell!r}"
        )
    fr, fc = r + crops[0][0], c + crops[1][0]  # position in the full output
    rows = _axis_taps(ih, kh, s[0], d[0], fr)
    cols = _axis_taps(iw, kw, s[1], d[1], fc)
    if len(rows) * len(cols) > MAX_FEEDERS:
        raise ValueError(
            f"cell {cell!r} has {len(rows) * len(cols):,} feeders, "
            f"more than {MAX_FEEDERS:,} to list; "
            f"use a smaller input_hw or kernel_hw"
        )
    return [((fr - a * d[0]) // s[0], (fc - b * d[1]) // s[1], a, b) for a in rows for b in cols]


MAX_FEEDERS = 10**6  # a list of 4-tuples costs about 100 bytes an entry


def _axis_taps(n_in: int, k: int, s: int, d: int, f: int) -> range:
    """The taps ``a`` with ``i*s + a*d == f`` for some ``0 <= i < n_in``, ``0 <= a < k``.

    In descending order.

    Solved exactly rather than searched, so huge sizes cost nothing: the
    solutions form one residue class modulo ``s/g`` (``g = gcd(s, d)``) inside
    the bounds that keep ``i`` and ``a`` valid. Descending ``a`` is ascending
    ``i = (f - a*d) / s``, the order of the input rows.
    """
    g = math.gcd(s, d)
    if f % g:
        return range(0)
    step = s // g
    a0 = (f // g) * pow(d // g, -1, step) % step  # the smallest a >= 0 with a*d = f (mod s)
    lo = max(0, (f - n_in * s) // d + 1)  # keeps i < n_in
    hi = min(k - 1, f // d)  # keeps i >= 0
    return range(hi - (hi - a0) % step, lo - 1, -step)
