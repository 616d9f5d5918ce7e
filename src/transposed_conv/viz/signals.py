"""1-D signals: filters as lines, a decoder's output as their weighted sum, animated."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..core.arguments import (
    MAX_CELLS,
    real_array,
    real_number,
)
from .canvas import check_axes, entries, label_text
from .palette import FILTER_COLORS, FILTER_MARKERS, FILTER_STYLES, SUM_LINE_COLOR

MAX_FILTERS = 100  # one line and one legend entry each


def _filters(filters):
    """``filters`` as a non-empty 2-D float array, a filter per row, else an error naming it."""
    filters = real_array("filters", filters)
    if filters.ndim != 2 or 0 in filters.shape:
        raise ValueError(
            f"filters must be a non-empty 2-D array (one filter per row), got shape {filters.shape}"
        )
    if len(filters) > MAX_FILTERS or filters.size > MAX_CELLS:
        raise ValueError(
            f"filters has {len(filters)} rows of {filters.shape[1]}, "
            f"more than can be drawn (at most {MAX_FILTERS} rows)"
        )
    return filters


def draw_decoder_sum(ax, filters, code, title=None, ylim=None):
    """On ``ax``: each filter scaled by its code value (thin, its own colour and line style) and
    their sum, the output (thick, black)."""
    check_axes(ax)
    filters = _filters(filters)
    code = real_array("code", code)
    if code.shape != (filters.shape[0],):
        raise ValueError(
            f"code must have one value per filter row ({filters.shape[0]}), got shape {code.shape}"
        )
    if ylim is not None:
        ylim = entries("ylim", ylim, 2, "a lower and an upper limit")
        ylim = [real_number("ylim", v) for v in ylim]
    title = label_text("title", title)
    t = np.arange(filters.shape[1])
    for i, (f, c) in enumerate(zip(filters, code, strict=True)):
        ax.plot(
            t,
            c * f,
            color=FILTER_COLORS[i % 3],
            ls=FILTER_STYLES[i % 3],
            lw=1.2,
            label=f"{c:+.2f} x filter {i + 1}",
        )
    ax.plot(t, code @ filters, color=SUM_LINE_COLOR, lw=2.5, label="sum = output")
    ax.axhline(0, color="0.8", lw=0.8)
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.legend(fontsize=7, loc="upper left")
    if title:
        ax.set_title(title)
    return ax


def draw_filters(ax, filters, title="filters", labels=None):
    """Filters (rows) as lines, one colour, line style and marker each (:mod:`.palette`);
    ``labels``, if given, one per filter."""
    check_axes(ax)
    filters = _filters(filters)
    labels = entries("labels", labels, len(filters), "one entry per filter")
    labels = (
        [f"filter {i + 1}" for i in range(len(filters))]
        if labels is None
        else [label_text("labels", v) for v in labels]
    )
    title = label_text("title", title)
    for i, f in enumerate(filters):
        ax.plot(
            f,
            color=FILTER_COLORS[i % 3],
            ls=FILTER_STYLES[i % 3],
            marker=FILTER_MARKERS[i % 3],
            ms=3,
            label=labels[i],
        )
    ax.axhline(0, color="0.8", lw=0.8)
    ax.legend(fontsize=7)
    ax.set_title(title)
    return ax


def decoder_animation(filters, component: int = 0, values=None, interval: int = 120):
    """A matplotlib animation: code component ``component`` sweeps ``values``, the others stay 0.

    Returns the ``FuncAnimation``; in a notebook show it with
    ``IPython.display.HTML(anim.to_jshtml())`` so it also plays on a static page.
    """
    from matplotlib.animation import FuncAnimation

    filters = _filters(filters)
    if isinstance(component, (bool, np.bool_)) or not (
        isinstance(component, (int, np.integer)) and 0 <= component < len(filters)
    ):
        raise ValueError(f"component must be an index below {len(filters)}, got {component!r:.60}")
    values = np.linspace(-1, 1, 21) if values is None else real_array("values", values)
    if values.ndim != 1 or not 0 < len(values) <= 1000 or not np.isfinite(values).all():
        raise ValueError(f"values must be 1 to 1000 finite numbers, got shape {values.shape}")
    real_number("interval", interval, positive=True)  # checked, but passed on as given
    finite = np.abs(filters[np.isfinite(filters)])
    limit = (
        1.1 * finite.max() if finite.size and finite.max() > 0 else 1.0
    )  # set_ylim refuses NaN and (0, 0)
    fig, ax = plt.subplots(figsize=(5, 3))

    def frame(v):
        ax.clear()
        code = np.zeros(len(filters))
        code[component] = v
        draw_decoder_sum(
            ax,
            filters,
            code,
            title=f"code component {component + 1} = {v:+.2f}",
            ylim=(-limit, limit),
        )

    anim = FuncAnimation(fig, frame, frames=values, interval=interval)
    plt.close(fig)
    return anim
