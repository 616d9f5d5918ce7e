"""Interactive explorers built on the plotting module (ipywidgets).

Each explorer draws with matplotlib into an ``ipywidgets.Image`` and writes its
explanation into an ``ipywidgets.HTML``, updated when a slider moves. It needs
no running kernel to redraw its state, so it can be tested like any object.
"""

from __future__ import annotations

import html

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np

from . import ops, plotting, shapes


class Explorer(W.VBox):
    """A column of sliders, an HTML caption and a figure, redrawn on every change.

    Subclasses define ``draw(**values) -> (figure, caption_html)``.
    """

    def __init__(self, controls: dict):
        self.controls = controls
        self.caption = W.HTML()
        self.image = W.Image(format="png")
        self.redraws = 0
        for control in controls.values():
            control.observe(self._update, names="value")
        super().__init__([W.HBox(list(controls.values())[:3]), W.HBox(list(controls.values())[3:]), self.caption, self.image])
        self._update()

    def values(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def _update(self, change=None):
        fig, caption = self.draw(**self.values())
        self.caption.value = caption
        self.image.value = plotting.figure_png(fig)
        self.redraws += 1

    def draw(self, **values):  # pragma: no cover - defined by subclasses
        raise NotImplementedError


def _slider(description, value, lo, hi):
    return W.IntSlider(value=value, min=lo, max=hi, description=description, continuous_update=False,
                       style={"description_width": "initial"}, layout=W.Layout(width="250px"))


class OutputCellExplorer(Explorer):
    """Pick an output cell; see which inputs and kernel weights feed it, in both mental models.

    Left: "distribute": the input values whose scaled kernel copy reaches the
    cell, each with the kernel weight it is multiplied by. Right: "collect":
    the zero-stretched, padded input with the flipped kernel's window over it.
    """

    def __init__(self, x, kernel, strides=1):
        self.x = np.asarray(x, dtype=float)
        self.kernel = np.asarray(kernel, dtype=float)
        self.strides = shapes.check_int("strides", strides, 1)
        self.out = ops.conv2d_transpose(self.x, self.kernel, self.strides)
        h, w = self.out.shape
        super().__init__({"row": _slider("output row", 0, 0, h - 1), "col": _slider("output column", 0, 0, w - 1)})

    def draw(self, row, col):
        x, kernel, s = self.x, self.kernel, self.strides
        kh, kw = kernel.shape
        found = ops.feeders(x.shape, kernel.shape, (row, col), s)
        used_x = np.zeros(x.shape, bool)
        weight = np.full(x.shape, np.nan)
        for i, j, a, b in found:
            used_x[i, j] = True
            weight[i, j] = kernel[a, b]
        # collect view: stretched input padded by k-1, flipped kernel window at (row, col)
        z = np.pad(ops.stretch(x, s), ((kh - 1, kh - 1), (kw - 1, kw - 1)))
        window = np.zeros(z.shape, bool)
        window[row : row + kh, col : col + kw] = True
        out_mark = np.zeros(self.out.shape, bool)
        out_mark[row, col] = True

        fig, axes = plt.subplots(1, 4, figsize=(12, 3.4), gridspec_kw={"width_ratios": [x.shape[1], kw, z.shape[1], self.out.shape[1]]})
        plotting.draw_grid(axes[0], x, "input: who sends here", highlight=used_x)
        plotting.kernel_grid(axes[1], kernel, "kernel")
        plotting.draw_grid(axes[2], z, "stretched + padded input\nflipped-kernel window", highlight=window, cmap="Greens")
        plotting.draw_grid(axes[3], self.out, "output", highlight=out_mark, cmap="Oranges")
        fig.tight_layout()
        terms = " + ".join(f"{x[i, j]:g}·{kernel[a, b]:g}" for i, j, a, b in found) or "nothing (0)"
        flipped = kernel[::-1, ::-1]
        collect = " + ".join(
            f"{z[row + a, col + b]:g}·{flipped[a, b]:g}" for a in range(kh) for b in range(kw) if z[row + a, col + b] != 0
        ) or "only zeros (0)"
        caption = (
            f"<b>output[{row}, {col}] = {self.out[row, col]:g}</b><br>"
            f"distribute: {html.escape(terms)}<br>collect (flipped kernel over the window): {html.escape(collect)}"
        )
        return fig, caption


class ShapeExplorer(Explorer):
    """Sliders for input size, kernel, stride, padding, output padding and dilation.

    Draws the zero-stretched, padded input of the "collect" model (zeros
    between and around the input cells) and the output, and states the output
    size with its formula. Padding here is the integer (PyTorch) kind.
    """

    def __init__(self, i=3, k=3, s=2, p=0, output_padding=0, d=1):
        super().__init__(
            {
                "i": _slider("input size i", i, 1, 6),
                "k": _slider("kernel k", k, 1, 5),
                "s": _slider("stride s", s, 1, 4),
                "p": _slider("padding p", p, 0, 4),
                "output_padding": _slider("output_padding", output_padding, 0, 3),
                "d": _slider("dilation d", d, 1, 3),
            }
        )

    def draw(self, i, k, s, p, output_padding, d):
        try:
            fig = plotting.transposed_layout(i, k, s, p, output_padding, d)
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
        self.filters = np.asarray(filters, dtype=float)
        controls = {
            f"c{i}": W.FloatSlider(value=float(start[i]), min=-1.0, max=1.0, step=0.05, description=f"code {i + 1}",
                                   continuous_update=False, layout=W.Layout(width="250px"))
            for i in range(len(self.filters))
        }
        super().__init__(controls)

    def draw(self, **code):
        values = np.array([code[f"c{i}"] for i in range(len(self.filters))])
        fig, ax = plt.subplots(figsize=(6, 3.2))
        plotting.draw_decoder_sum(ax, self.filters, values, title="decoder output = weighted sum of its filters")
        fig.tight_layout()
        output = values @ self.filters
        return fig, "<b>output</b> = " + html.escape(", ".join(f"{v:+.3f}" for v in output))


def code_explorer(filters, start=(0.0, 0.1, 0.2)):
    """Build a :class:`CodeExplorer` for decoder filters given as rows ``(3, k)``."""
    filters = np.asarray(filters, dtype=float)
    if filters.ndim != 2 or filters.shape[0] != 3 or len(start) != 3:
        raise ValueError(f"filters must have shape (3, k) and start three values, got {filters.shape} and {start!r}")
    return CodeExplorer(filters, start)


def output_cell_explorer(x, kernel, strides=1):
    """Build an :class:`OutputCellExplorer` for a single-channel input and kernel."""
    x = np.asarray(x, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    if x.ndim != 2 or kernel.ndim != 2:
        raise ValueError(f"x and kernel must be 2-D arrays, got shapes {x.shape} and {kernel.shape}")
    return OutputCellExplorer(x, kernel, strides)


def shape_explorer(**start):
    """Build a :class:`ShapeExplorer`; keyword arguments set the sliders' starting values."""
    unknown = set(start) - {"i", "k", "s", "p", "output_padding", "d"}
    if unknown:
        raise ValueError(f"shape_explorer got unknown settings {sorted(unknown)}")
    return ShapeExplorer(**start)
