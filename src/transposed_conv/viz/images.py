"""Images side by side, and a figure as PNG bytes (matplotlib only)."""

from __future__ import annotations

import numbers as _numbers

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from ..core.arguments import (
    check_cells,
    numeric_array,
    real_number,
)
from .canvas import check_cmap, entries, label_text, sequence


def image_row(images, titles=None, cmap="gray_r", size: float = 1.3, vmin=None, vmax=None):
    """Show images side by side without axes; returns the figure.

    ``images`` is a sequence of 2-D arrays; ``titles`` an optional sequence of labels.
    ``vmin`` / ``vmax``: the colour scale, one number for every image or a list
    with one entry (a number or None) per image; None scales that image to its
    own range, which is right for one picture and misleading for a comparison.
    """
    images = sequence("images", images)
    if not images:
        raise ValueError("images must be a non-empty sequence of 2-D arrays")
    images = [numeric_array("images", im) for im in images]
    if any(im.ndim != 2 or 0 in im.shape for im in images):
        raise ValueError("images must be a non-empty sequence of 2-D arrays")
    for im in images:
        check_cells("an image", im.shape)
    titles = entries("titles", titles, len(images), "one entry per image")
    titles = None if titles is None else [label_text("titles", t) for t in titles]
    check_cmap(cmap)
    size = real_number("size", size, positive=True)
    if size > 20:  # inches per image; more cannot be rendered
        raise ValueError(f"size must be at most 20 (inches per image), got {size}")
    lows, highs = (
        _limits(name, value, len(images)) for name, value in (("vmin", vmin), ("vmax", vmax))
    )
    for lo, hi in zip(lows, highs, strict=True):
        if lo is not None and hi is not None and lo > hi:
            raise ValueError(f"vmin must not exceed vmax, got vmin={lo} and vmax={hi}")
    fig, axes = plt.subplots(
        1, len(images), figsize=(size * len(images), size * 1.15), squeeze=False
    )
    for i, (ax, im) in enumerate(zip(axes[0], images, strict=True)):
        ax.imshow(im, cmap=cmap, vmin=lows[i], vmax=highs[i])
        ax.set_axis_off()
        if titles is not None:
            ax.set_title(titles[i])
    fig.tight_layout()
    return fig


def _limits(name, value, n):
    """``value`` (None, a number, or a list of ``n`` numbers or Nones) as ``n`` floats or Nones."""
    if value is None or isinstance(value, (_numbers.Number, np.generic)):
        value = [value] * n
    values = entries(name, value, n, "one entry per image")
    return [None if v is None else real_number(name, v) for v in values]


def figure_png(fig) -> bytes:
    """Render a figure to PNG bytes and close it (an explorer's starting picture)."""
    import io

    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()
