"""What every figure of the package shares (matplotlib only).

The checks of figure arguments (axes, colormaps, labels, lists of panels), the cell
size and a row of exactly sized axes, the text written in a cell, and closing a figure
that failed half-drawn. Every check raises ``TypeError`` for a wrong type and
``ValueError`` for a wrong length or shape, naming the argument.
"""

from __future__ import annotations

import math
import numbers

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from ..core.arguments import (
    check_int,
    real_array,
    real_number,
)

CELL = 0.42  # inches per grid cell

MAX_GRID_CELLS = 10**5  # a grid writes a number in every cell; far more would take minutes to draw

MAX_PANELS = 100  # grids or images in one figure


def as_grid(values, name="values"):
    """``values`` as a non-empty 2-D float array small enough to draw cell by cell."""
    values = real_array(name, values)
    if values.ndim != 2 or 0 in values.shape:
        raise ValueError(f"{name} must be a non-empty 2-D array, got shape {values.shape}")
    if values.size > MAX_GRID_CELLS:
        raise ValueError(
            f"{name} has {values.size:,} cells, more than the {MAX_GRID_CELLS:,} a grid can show"
        )
    return values


def check_axes(ax):
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")


def check_cmap(cmap):
    """The colormap object for ``cmap`` (a name or a Colormap), else ``ValueError`` naming it."""
    try:
        return plt.get_cmap(cmap)
    except Exception as err:  # matplotlib raises ValueError or TypeError, depending on the value
        raise ValueError(
            f"cmap must be a matplotlib colormap or its name, got {cmap!r:.60}"
        ) from err


def label_text(name, value) -> str:
    """``value`` as a label: ``""`` for None, else its ``str``."""
    if value is None:
        return ""
    try:
        return str(value)
    except Exception as err:  # a caller's __str__ may raise anything
        raise TypeError(f"{name} must be printable as text, got {type(value).__name__}") from err


def sequence(name, seq, limit=MAX_PANELS):
    """``seq`` (a list, tuple, array...) as a list of at most ``limit`` items.

    Anything else raises an error naming ``name``.
    """
    if (
        isinstance(seq, (str, bytes))
        or not hasattr(seq, "__len__")
        or not hasattr(seq, "__getitem__")
    ):
        raise TypeError(f"{name} must be a list, got {type(seq).__name__}")
    try:
        n = len(seq)
        if n > limit:
            raise ValueError(f"{name} must have at most {limit} entries, got {n}")
        return [seq[i] for i in range(n)]
    except ValueError:
        raise
    except Exception as err:  # a caller's __len__ or __getitem__ may raise anything
        raise TypeError(f"{name} must be a list, got {type(seq).__name__} ({err})") from err


def entries(name, seq, n, what="one entry per array"):
    """``seq`` as a list of exactly ``n`` entries (or None), else an error naming ``name``."""
    if seq is None:
        return None
    seq = sequence(name, seq)
    if len(seq) != n:
        raise ValueError(f"{name} must have {what} ({n}), got {len(seq)}")
    return seq


def number_text(v) -> str:
    """A cell's number as the grids write it: whole numbers as such, else two digits.

    Rounding noise (below 1e-9) and -0 print as 0; NaN and infinities as ``nan``, ``inf``.
    """
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (numbers.Real, np.number)):
        raise TypeError(f"v must be a real number, got {v!r:.60}")
    try:
        v = float(v)
    except OverflowError:  # an int too large for a float
        v = math.inf if v > 0 else -math.inf
    v = 0.0 if abs(v) < 1e-9 else v
    return f"{v:.0f}" if v.is_integer() else f"{v:.2g}"


class closed_on_error:
    """Close ``fig`` if drawing fails, so a refused argument leaves no half-drawn figure behind."""

    def __init__(self, fig):
        self.fig = fig

    def __enter__(self):
        return self.fig

    def __exit__(self, kind, error, trace):
        if error is not None:
            plt.close(self.fig)
        return False


def figure_row(widths, height, title_lines=2, max_width=11.0):
    """A figure with one axes per grid ``widths[i]`` columns wide, all cells the same size, square.

    Cells are ``CELL`` inches, or smaller if the row would be wider than
    ``max_width`` inches. Returns ``(fig, axes, cell)``.
    """
    widths = [check_int("widths", w, 1) for w in sequence("widths", widths)]
    if not widths or max(widths + [check_int("height", height, 1)]) > MAX_GRID_CELLS:
        raise ValueError(
            f"widths and height must be 1 to {MAX_GRID_CELLS:,} cells, with at least one width"
        )
    if check_int("title_lines", title_lines, 0) > 20:
        raise ValueError(f"title_lines must be at most 20, got {title_lines}")
    if real_number("max_width", max_width, positive=True) > 100:
        raise ValueError(f"max_width must be at most 100 inches, got {max_width}")
    gap = 1.0  # in cells
    columns = sum(widths) + gap * (len(widths) - 1)
    cell = min(CELL, max_width / columns)
    margin, title = 0.1, 0.12 + 0.2 * title_lines
    fig_w, fig_h = cell * columns + 2 * margin, cell * height + title + margin
    fig = plt.figure(figsize=(fig_w, fig_h))
    axes, x = [], margin
    for w in widths:
        ax = fig.add_axes((x / fig_w, margin / fig_h, cell * w / fig_w, cell * height / fig_h))
        ax.set_anchor("N")
        axes.append(ax)
        x += cell * (w + gap)
    return fig, axes, cell
