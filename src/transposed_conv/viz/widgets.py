"""Interactive explorers built on the grid and signal drawers (ipywidgets).

Each explorer draws with matplotlib into an ``<img>`` and writes its explanation into an
``ipywidgets.HTML``, updated when a slider moves. The picture is an ``<img>`` inside a second
``ipywidgets.HTML`` (``ipywidgets.Image`` has no ``alt``), so its alt text, the explanation as
plain text, changes with it. It needs no running kernel to redraw its state, so it can be
tested like any object.
"""

from __future__ import annotations

import html

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np

from ..core import ops, shapes
from ..core.arguments import check_int, real_array, real_number
from . import grids, images, signals
from .canvas import figure_row, sequence
from .palette import INPUT_CMAP, KERNEL_CMAP, OUTPUT_CMAP, STRETCHED_CMAP


class Explorer(W.VBox):
    """A column of sliders, an HTML caption and a figure, redrawn on every change.

    Subclasses define ``draw(**values) -> (figure, caption_html)``.
    """

    def __init__(self, controls: dict):
        self.controls = controls
        self.caption = W.HTML()
        self.image = W.HTML()  # an <img> whose alt follows the picture (see the module doc)
        self.redraws = 0
        for control in controls.values():
            control.observe(self._update, names="value")
        super().__init__(
            [
                W.HBox(list(controls.values())[:3]),
                W.HBox(list(controls.values())[3:]),
                self.caption,
                self.image,
            ]
        )
        self._update()

    def values(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def _update(self, change=None):
        fig, caption = self.draw(**self.values())
        self.caption.value = caption
        self.image.value = picture(images.figure_png(fig), caption)
        self.redraws += 1

    def draw(self, **values):  # pragma: no cover - defined by subclasses
        raise NotImplementedError


def picture(png: bytes, caption_html: str) -> str:
    """An ``<img>`` of ``png`` whose alt is ``caption_html`` as plain text."""
    import base64
    import re

    if not isinstance(png, bytes) or not png:
        raise ValueError(f"png must be the bytes of a PNG image, got {type(png).__name__}")
    if not isinstance(caption_html, str):
        raise ValueError(f"caption_html must be a string, got {type(caption_html).__name__}")

    alt = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", caption_html)).split())
    data = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}">'


MAX_SIDE = 8  # an explorer writes every cell's number: larger grids would be unreadable
MAX_STRIDE = 4
MAX_FILTER_LENGTH = 100


def _grid(name, value, max_side=MAX_SIDE):
    """``value`` as a non-empty 2-D float array of finite numbers, at most ``max_side`` a side.

    Booleans, complex numbers, strings and objects are refused with ``TypeError``
    (:func:`validation.real_array`), a wrong shape or a non-finite value with ``ValueError``;
    each names ``name``.
    """
    array = real_array(name, value)
    if array.ndim != 2 or 0 in array.shape:
        raise ValueError(f"{name} must be a non-empty 2-D array, got shape {array.shape}")
    if max(array.shape) > max_side:
        raise ValueError(
            f"{name} must be at most {max_side}x{max_side} (every cell is drawn with its number), "
            f"got shape {array.shape}"
        )
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must hold finite numbers, got NaN or infinity")
    return array


def _slider(description, value, lo, hi):
    return W.IntSlider(
        value=value,
        min=lo,
        max=hi,
        description=description,
        continuous_update=False,
        style={"description_width": "initial"},
        layout=W.Layout(width="250px"),
    )


class OutputCellExplorer(Explorer):
    """Pick an output cell; see which inputs and kernel weights feed it, in both mental models.

    Left: "distribute": the input values whose scaled kernel copy reaches the
    cell, each with the kernel weight it is multiplied by. Right: "collect":
    the zero-stretched, padded input with the flipped kernel's window over it.
    """

    def __init__(self, x, kernel, strides=1):
        self.x = _grid("x", x)
        self.kernel = _grid("kernel", kernel)
        self.strides = check_int("strides", strides, 1)
        if self.strides > MAX_STRIDE:
            raise ValueError(f"strides must be at most {MAX_STRIDE}, got {strides!r}")
        self.out = ops.conv2d_transpose(self.x, self.kernel, self.strides)
        h, w = self.out.shape
        super().__init__(
            {
                "row": _slider("output row", 0, 0, h - 1),
                "col": _slider("output column", 0, 0, w - 1),
            }
        )

    def draw(self, row, col):
        """The figure and caption for output cell ``(row, col)``.

        Red outlines (``grids.SUM_COLOR``) mark everything in that cell's sum:
        the input values that send to it and the kernel weights they meet
        (distribute), the same values in the stretched grid and the weights of
        the flipped kernel over them (collect), and the cell itself. The black
        frame (``grids.WINDOW_COLOR``) is the flipped kernel's window.
        """
        x, kernel, s = self.x, self.kernel, self.strides
        kh, kw = kernel.shape
        found = ops.feeders(x.shape, kernel.shape, (row, col), s)
        sends = np.zeros(x.shape, bool)
        weights = np.zeros(kernel.shape, bool)
        for i, j, a, b in found:
            sends[i, j] = True
            weights[a, b] = True
        # collect view: stretched input padded by k-1, flipped kernel window at (row, col)
        pads = ((kh - 1, kh - 1), (kw - 1, kw - 1))
        z = np.pad(ops.stretch(x, s), pads)
        is_input = (
            np.pad(ops.stretch(np.ones(x.shape), s), pads) > 0
        )  # where the input's values sit
        in_window = is_input[row : row + kh, col : col + kw]
        in_sum = np.zeros(z.shape, bool)
        in_sum[row : row + kh, col : col + kw] = in_window
        flipped = kernel[::-1, ::-1]
        out_mark = np.zeros(self.out.shape, bool)
        out_mark[row, col] = True

        panels = [
            (x, "distribute:\ninput", INPUT_CMAP, sends),
            (kernel, "\nkernel", KERNEL_CMAP, weights),
            (z, "collect: stretched\n+ padded input", STRETCHED_CMAP, in_sum),
            (flipped, "\nflipped kernel", KERNEL_CMAP, in_window),
            (self.out, "\noutput", OUTPUT_CMAP, out_mark),
        ]
        fig, axes, _ = figure_row(
            [a.shape[1] for a, *_ in panels], max(a.shape[0] for a, *_ in panels)
        )
        for ax, (values, title, cmap, mark) in zip(axes, panels, strict=True):
            if cmap == KERNEL_CMAP:
                grids.kernel_grid(ax, values, title, highlight=mark)
            else:
                grids.draw_grid(ax, values, title, highlight=mark, cmap=cmap)
        grids.frame(axes[2], row, col, kh, kw)
        terms = " + ".join(f"{x[i, j]:g}·{kernel[a, b]:g}" for i, j, a, b in found) or "nothing (0)"
        collect = (
            " + ".join(
                f"{z[row + a, col + b]:g}·{flipped[a, b]:g}"
                for a in range(kh)
                for b in range(kw)
                if in_window[a, b]
            )
            or "only inserted zeros (0)"
        )
        caption = (
            f"<b>output[{row}, {col}] = {self.out[row, col]:g}</b><br>"
            f"distribute: {html.escape(terms)}<br>"
            f"collect (flipped kernel over the window): {html.escape(collect)}"
        )
        return fig, caption


class ShapeExplorer(Explorer):
    """Sliders for input size, kernel, stride, padding, output padding and dilation.

    Draws the zero-stretched, padded input of the "collect" model (zeros
    between and around the input cells) and the output, and states the output
    size with its formula. Padding here is the integer (PyTorch) kind.
    """

    RANGES = {
        "i": ("input size i", 1, 6),
        "k": ("kernel k", 1, 5),
        "s": ("stride s", 1, 4),
        "p": ("padding p", 0, 4),
        "output_padding": ("output_padding", 0, 3),
        "d": ("dilation d", 1, 3),
    }

    def __init__(self, i=3, k=3, s=2, p=0, output_padding=0, d=1):
        start = dict(i=i, k=k, s=s, p=p, output_padding=output_padding, d=d)
        controls = {}
        for name, (description, lo, hi) in self.RANGES.items():
            value = check_int(name, start[name], lo)
            if value > hi:
                raise ValueError(
                    f"{name} must be at most {hi} (the slider's end), got {start[name]!r}"
                )
            controls[name] = _slider(description, value, lo, hi)
        super().__init__(controls)

    def draw(self, i, k, s, p, output_padding, d):
        try:
            fig = grids.transposed_layout(i, k, s, p, output_padding, d)
        except ValueError as err:
            fig, ax = plt.subplots(figsize=(4, 1))
            ax.set_axis_off()
            return fig, f"<b>Not a valid setting:</b> {html.escape(str(err))}"
        o = shapes.conv_transpose_output_size(i, k, s, p, output_padding, d)
        caption = (
            f"<b>output size {o}</b> = ({i}-1)·{s} - 2·{p} + {d}·({k}-1) + {output_padding} + 1"
            " &nbsp; <code>o = (i-1)·s - 2p + d·(k-1) + output_padding + 1</code>"
        )
        return fig, caption


class CodeExplorer(Explorer):
    """Three sliders for the code of a 1-D decoder: redraws the scaled filters and their sum."""

    def __init__(self, filters, start=(0.0, 0.1, 0.2)):
        self.filters = _grid("filters", filters, max_side=MAX_FILTER_LENGTH)
        if self.filters.shape[0] != 3:
            raise ValueError(
                f"filters must have shape (3, k), one filter per row, got {self.filters.shape}"
            )
        start = sequence("start", start, limit=3)
        if len(start) != 3:
            raise ValueError(
                f"start must be three values, one per code component, got {len(start)}"
            )
        start = [real_number("start", v) for v in start]
        if any(abs(v) > 1 for v in start):
            raise ValueError(f"start values must lie in [-1, 1] (the sliders' range), got {start}")
        controls = {
            f"c{i}": W.FloatSlider(
                value=start[i],
                min=-1.0,
                max=1.0,
                step=0.05,
                description=f"code {i + 1}",
                continuous_update=False,
                layout=W.Layout(width="250px"),
            )
            for i in range(len(self.filters))
        }
        super().__init__(controls)

    def draw(self, **code):
        values = np.array([code[f"c{i}"] for i in range(len(self.filters))])
        fig, ax = plt.subplots(figsize=(6, 3.2))
        signals.draw_decoder_sum(
            ax, self.filters, values, title="decoder output = weighted sum of its filters"
        )
        fig.tight_layout()
        output = values @ self.filters
        return fig, "<b>output</b> = " + html.escape(", ".join(f"{v:+.3f}" for v in output))


def code_explorer(filters, start=(0.0, 0.1, 0.2)):
    """Build a :class:`CodeExplorer` for decoder filters given as rows ``(3, k)``.

    ``filters`` must hold real, finite numbers and ``start`` three numbers in
    [-1, 1]; anything else raises ``TypeError`` or ``ValueError`` naming it.
    """
    return CodeExplorer(filters, start)


def output_cell_explorer(x, kernel, strides=1):
    """Build an :class:`OutputCellExplorer` for a single-channel input and kernel.

    ``x`` and ``kernel`` must be non-empty 2-D arrays of real, finite numbers
    (at most ``MAX_SIDE`` a side) and ``strides`` an integer from 1 to
    ``MAX_STRIDE``; anything else raises ``TypeError`` or ``ValueError`` naming it.
    """
    return OutputCellExplorer(x, kernel, strides)


def shape_explorer(**start):
    """Build a :class:`ShapeExplorer`; keyword arguments set the sliders' starting values.

    Each must be an integer inside its slider's range, else ``ValueError`` naming it.
    """
    unknown = set(start) - set(ShapeExplorer.RANGES)
    if unknown:
        raise ValueError(f"shape_explorer got unknown settings {sorted(unknown)}")
    return ShapeExplorer(**start)
