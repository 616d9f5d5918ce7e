"""What the explorers say: their settings, the package's result for one, and its caption.

The page's script (``explorers.js``) writes the same captions from its own arithmetic
(``explorer_math.js``); tests/browser compares the two on many settings. NumPy only.
"""

from __future__ import annotations

import numpy as np

from ..core import ops, shapes
from ..core.arguments import check_int, check_padding_mode, real_array

X_CYCLE = (1, 2, 3, 4, 5, 6, 7, 8, 9)  # the general explorer's input values, row by row
K_CYCLE = (1, 2, 3)  # and its kernel's
RANGES = {  # control: (label, lowest, highest)
    "i": ("input size i", 1, 6),
    "k": ("kernel size k", 1, 5),
    "s": ("stride s", 1, 4),
    "d": ("dilation d", 1, 3),
}
PADDINGS = ("0", "1", "2", "3", "4", "valid", "same")
OUTPUT_PADDINGS = ("None", "0", "1", "2", "3")
MAX_SIDE = 8  # the cell explorer writes every number: larger grids would be unreadable

# --------------------------------------------------------------------------- settings


def input_values(i: int, dims: int = 2) -> np.ndarray:
    """The general explorer's input: ``X_CYCLE`` row by row, ``(i, i)`` or ``(1, i)``."""
    i, dims = _side("i", i), _dims(dims)
    rows = i if dims == 2 else 1
    return np.resize(np.array(X_CYCLE, float), rows * i).reshape(rows, i)


def kernel_values(k: int, dims: int = 2) -> np.ndarray:
    """The general explorer's kernel: ``K_CYCLE`` row by row, ``(k, k)`` or ``(1, k)``."""
    k, dims = _side("k", k), _dims(dims)
    rows = k if dims == 2 else 1
    return np.resize(np.array(K_CYCLE, float), rows * k).reshape(rows, k)


def _side(name, value):
    value = check_int(name, value, 1)
    if value > MAX_SIDE:
        raise ValueError(f"{name} must be at most {MAX_SIDE}, got {value!r}")
    return value


def _dims(dims):
    if isinstance(dims, bool) or dims not in (1, 2):
        raise ValueError(f"dims must be 1 or 2, got {dims!r:.60}")
    return int(dims)


def _checked(x, kernel, dims, s, padding, op, d, cell):
    """The arguments of :func:`transposed_state`, checked; each error names its argument."""
    x, kernel, dims = checked_grid("x", x), checked_grid("kernel", kernel), _dims(dims)
    if dims == 1 and (x.shape[0], kernel.shape[0]) != (1, 1):
        raise ValueError(f"x and kernel must be one row each in 1-D, got {x.shape}, {kernel.shape}")
    s, d = _side("s", s), _side("d", d)
    padding = (
        check_padding_mode(padding)
        if isinstance(padding, str)
        else check_int("padding", padding, 0)
    )
    op = None if op is None else check_int("op", op, 0)
    if not (isinstance(cell, (tuple, list)) and len(cell) == 2):
        raise ValueError(f"cell must be a pair (row, col), got {cell!r:.60}")
    cell = (check_int("cell", cell[0], 0), check_int("cell", cell[1], 0))
    return x, kernel, dims, s, padding, op, d, cell


def ops_arguments(dims: int, s: int, padding, op, d: int) -> dict:
    """The ops' keyword arguments for an explorer's setting: in 1-D the first axis is trivial
    (size, kernel, stride and dilation 1; integer padding 0, ``output_padding`` 0)."""
    dims, s, d = _dims(dims), _side("s", s), _side("d", d)
    if isinstance(padding, str):
        padding = check_padding_mode(padding)
    else:
        p = check_int("padding", padding, 0)
        padding = (p, p) if dims == 2 else (0, p)
    if op is not None:
        op = check_int("op", op, 0)
        op = (op, op) if dims == 2 else (0, op)
    two = dims == 2
    return dict(
        strides=(s, s) if two else (1, s),
        padding=padding,
        output_padding=op,
        dilation=(d, d) if two else (1, d),
    )


def _refusal(s: int, padding, op, d: int):
    """What the explorer says instead of drawing a setting it cannot compute, or ``None``."""
    keras = isinstance(padding, str)
    if keras and s > 1 and d > 1:
        return (
            "Keras refuses strides > 1 together with dilation_rate > 1 (building the layer "
            "fails). PyTorch computes it: choose an integer padding to see it."
        )
    if op is not None and op >= s:
        msg = (
            f"output_padding must be smaller than the stride s={s}, got {op}. "
            "Keras and the course's functions refuse it."
        )
        if not keras and op < d:
            msg += (
                " PyTorch accepts it (its output_padding must be smaller than the stride or "
                "the dilation)."
            )
        elif not keras:
            msg += (
                " So does PyTorch (its output_padding must be smaller than the stride or the "
                "dilation)."
            )
        return msg
    return None


def transposed_state(x, kernel, dims, s, padding, op, d, cell):
    """Everything the explorer shows, from the package's own functions.

    A dict of ``crop`` (start, length of the last axis), ``full`` (the full output's length),
    ``output``, ``cell`` (clamped into the output), ``value``, ``feeders`` and ``error`` (the
    refusal, or the ``ValueError`` of :func:`..core.shapes.conv_transpose_crop`).
    """
    x, kernel, dims, s, padding, op, d, cell = _checked(x, kernel, dims, s, padding, op, d, cell)
    error = _refusal(s, padding, op, d)
    if error:
        return dict(error=error)
    try:
        crop = shapes.conv_transpose_crop(x.shape[1], kernel.shape[1], s, padding, op, d)
    except ValueError as err:
        return dict(error=str(err))
    args = ops_arguments(dims, s, padding, op, d)
    out = ops.conv2d_transpose(x, kernel, **args)
    r = min(cell[0], out.shape[0] - 1)
    c = min(cell[1], out.shape[1] - 1)
    found = ops.feeders(x.shape, kernel.shape, (r, c), **args)
    return dict(
        error=None,
        crop=crop,
        full=(x.shape[1] - 1) * s + shapes.effective_kernel_size(kernel.shape[1], d),
        output=out,
        cell=(r, c),
        value=float(out[r, c]),
        feeders=found,
    )


# --------------------------------------------------------------------------- captions


def _rule(i, k, s, padding, op, d, length):
    span = shapes.effective_kernel_size(k, d)
    if not isinstance(padding, str):
        return (
            "output size o = (i-1)·s - 2·p + d·(k-1) + output_padding + 1 = "
            f"({i}-1)·{s} - 2·{padding} + {d}·({k}-1) + {0 if op is None else op} + 1 = {length}"
        )
    head = f"Keras padding='{padding}', output_padding={op}: o = "
    if op is None and padding == "valid":
        return head + f"i·s + max(d·(k-1)+1 - s, 0) = {i}·{s} + max({span} - {s}, 0) = {length}"
    if op is None:
        return head + f"i·s = {i}·{s} = {length}"
    pad = span // 2 if padding == "same" else 0
    why = "(d·(k-1)+1)//2" if padding == "same" else "0 for 'valid'"
    return (
        head + "(i-1)·s + d·(k-1)+1 - 2·pad + output_padding = "
        f"({i}-1)·{s} + {span} - 2·{pad} + {op} = {length}, pad = {why}"
    )


def _crop_line(dims, start, length, full):
    what = "rows and columns" if dims == 2 else "cells"
    line = (
        f"the output keeps {what} {start} to {start + length - 1} of the full output, "
        f"which has (i-1)·s + d·(k-1) + 1 = {full}"
    )
    extra = start + length - full
    if extra > 0:
        line += f", with {extra} zero {'cell' if extra == 1 else 'cells'} appended"
    return line


def _cell_lines(x, kernel, dims, s, d, st):
    r, c = st["cell"]
    name = f"output[{r}, {c}]" if dims == 2 else f"output[{c}]"
    dist = " + ".join(f"{x[i, j]:g}·{kernel[a, b]:g}" for i, j, a, b in st["feeders"])
    # collect: the flipped kernel's taps over the stretched, padded input, row by row
    flipped = kernel[::-1, ::-1]
    by_tap = {(a, b): x[i, j] for i, j, a, b in st["feeders"]}
    kh, kw = kernel.shape
    collect = " + ".join(
        f"{by_tap[kh - 1 - a, kw - 1 - b]:g}·{flipped[a, b]:g}"
        for a in range(kh)
        for b in range(kw)
        if (kh - 1 - a, kw - 1 - b) in by_tap
    )
    return [
        f"{name} = {st['value']:g}",
        f"distribute: {dist or 'nothing (0)'}",
        f"collect (flipped kernel over the window): {collect or 'only inserted zeros (0)'}",
    ]


def transposed_caption(x, kernel, dims, s, padding, op, d, cell, rule=True) -> list:
    """The explorer's caption lines for one setting, as ``explorers.js`` writes them."""
    x, kernel, dims, s, padding, op, d, cell = _checked(x, kernel, dims, s, padding, op, d, cell)
    if not isinstance(rule, (bool, np.bool_)):
        raise TypeError(f"rule must be True or False, got {rule!r:.60}")
    st = transposed_state(x, kernel, dims, s, padding, op, d, cell)
    if st["error"]:
        return ["Not a setting that can be drawn: " + st["error"]]
    start, length = st["crop"]
    lines = []
    if rule:
        i, k = x.shape[1], kernel.shape[1]
        lines = [
            _rule(i, k, s, padding, op, d, length),
            _crop_line(dims, start, length, st["full"]),
        ]
    return lines + _cell_lines(x, kernel, dims, s, d, st)


def code_caption(filters, code) -> list:
    """The decoder explorer's caption: its output, ``+0.123`` style, as the script writes it."""
    filters, code = real_array("filters", filters), real_array("code", code)
    if filters.ndim != 2 or code.shape != (filters.shape[0],):
        raise ValueError(
            f"code must hold one value per filter row, got shapes {code.shape} and {filters.shape}"
        )
    output = code @ filters
    return ["output = " + ", ".join(f"{v:+.3f}" for v in output)]


def checked_grid(name: str, value) -> np.ndarray:
    """``value`` as a non-empty 2-D float array of finite numbers, at most ``MAX_SIDE`` a side."""
    array = real_array(name, value)
    if array.ndim != 2 or 0 in array.shape or max(array.shape) > MAX_SIDE:
        raise ValueError(
            f"{name} must be a non-empty 2-D array of at most {MAX_SIDE}x{MAX_SIDE}, "
            f"got shape {array.shape}"
        )
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must hold finite numbers, got NaN or infinity")
    return array
