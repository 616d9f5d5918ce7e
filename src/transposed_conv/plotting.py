"""Figures shared by the notebooks (matplotlib only).

Grids are drawn with their numbers written in the cells, because in this
course the numbers are the point: a learner should be able to check every
cell by hand.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from . import ops, shapes

CELL = 0.42  # inches per grid cell


def _as_grid(values):
    values = np.asarray(values, dtype=float)
    if values.ndim != 2 or 0 in values.shape:
        raise ValueError(f"values must be a non-empty 2-D array, got shape {values.shape}")
    return values


def _number(v) -> str:
    v = 0.0 if abs(v) < 1e-9 else float(v)  # rounding noise and -0 print as 0
    return f"{v:.0f}" if v.is_integer() else f"{v:.2g}"


def draw_grid(
    ax,
    values,
    title=None,
    highlight=None,
    blank=None,
    cmap="Blues",
    vmin=None,
    vmax=None,
    numbers=True,
    highlight_color="crimson",
):
    """Draw a 2-D array on ``ax`` as coloured cells with their values written in.

    ``highlight``: boolean mask (or list of ``(row, col)``) of cells to outline.
    ``blank``: boolean mask of cells to leave white and unnumbered (cells a
    scaled kernel copy does not reach, for example). Returns ``ax``.
    """
    values = _as_grid(values)
    mask = np.zeros(values.shape, bool) if blank is None else np.asarray(blank, bool)
    if mask.shape != values.shape:
        raise ValueError(f"blank must have the shape of values {values.shape}, got {mask.shape}")
    shown = np.ma.masked_array(values, mask)
    if vmin is None or vmax is None:
        lo, hi = (float(shown.min()), float(shown.max())) if shown.count() else (0.0, 1.0)
        if cmap in ("RdBu", "RdBu_r", "coolwarm", "bwr"):  # diverging: centre on zero
            hi = max(abs(lo), abs(hi), 1e-12)
            lo = -hi
        vmin = lo if vmin is None else vmin
        vmax = (hi if hi > lo else lo + 1) if vmax is None else vmax
    ax.imshow(shown, cmap=cmap, vmin=vmin, vmax=vmax)
    h, w = values.shape
    ax.set_xticks(np.arange(-0.5, w, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, h, 1), minor=True)
    ax.grid(which="minor", color="0.6", linewidth=0.6)
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("0.6")
    if numbers:
        cmap_obj = plt.get_cmap(cmap)
        for (r, c), v in np.ndenumerate(values):
            if mask[r, c]:
                continue
            level = (v - vmin) / (vmax - vmin) if vmax > vmin else 0.0
            rgb = cmap_obj(float(np.clip(level, 0, 1)))[:3]
            dark = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] < 0.5
            ax.text(c, r, _number(v), ha="center", va="center", fontsize=9, color="white" if dark else "black")
    if highlight is not None:
        hl = np.asarray(highlight)
        cells = np.argwhere(hl) if hl.dtype == bool else hl.reshape(-1, 2)
        for r, c in cells:
            ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, edgecolor=highlight_color, linewidth=2.5))
    if title:
        ax.set_title(title)
    return ax


def grids(arrays, titles=None, between=None, highlights=None, blanks=None, cmap="Blues", shared_scale=False, **kwargs):
    """Several grids in a row, each as wide as its columns, with optional symbols between.

    ``between``: ``len(arrays) - 1`` strings such as ``"+"`` or ``"="`` drawn
    between neighbouring grids. ``highlights`` / ``blanks``: per-grid masks (or
    None). ``shared_scale`` colours every grid on one scale. Returns the figure.
    """
    arrays = [_as_grid(a) for a in arrays]
    n = len(arrays)
    for name, seq in (("titles", titles), ("highlights", highlights), ("blanks", blanks)):
        if seq is not None and len(seq) != n:
            raise ValueError(f"{name} must have one entry per array ({n}), got {len(seq)}")
    if between is not None and len(between) != n - 1:
        raise ValueError(f"between must have {n - 1} entries, got {len(between)}")
    if shared_scale:
        kwargs.setdefault("vmin", min(float(a.min()) for a in arrays))
        kwargs.setdefault("vmax", max(float(a.max()) for a in arrays))
    gap = 0.6 if between is not None else 0.35
    widths = []
    for i, a in enumerate(arrays):
        widths.append(a.shape[1])
        if i < n - 1:
            widths.append(gap / CELL)
    height = max(a.shape[0] for a in arrays)
    fig = plt.figure(figsize=(CELL * sum(widths) + 0.3, CELL * height + 0.6))
    spec = fig.add_gridspec(1, len(widths), width_ratios=widths, wspace=0)
    for i, a in enumerate(arrays):
        ax = fig.add_subplot(spec[0, 2 * i])
        draw_grid(
            ax,
            a,
            title=None if titles is None else titles[i],
            highlight=None if highlights is None else highlights[i],
            blank=None if blanks is None else blanks[i],
            cmap=cmap,
            **kwargs,
        )
        ax.set_anchor("N")
        if between is not None and i < n - 1:
            ax_sym = fig.add_subplot(spec[0, 2 * i + 1])
            ax_sym.set_axis_off()
            ax_sym.text(0.5, 0.5, between[i], ha="center", va="center", fontsize=16)
    return fig


def kernel_grid(ax, kernel, title="kernel", **kwargs):
    """A kernel coloured by weight on a diverging scale (red positive, blue negative)."""
    return draw_grid(ax, kernel, title=title, cmap=kwargs.pop("cmap", "RdBu_r"), **kwargs)


def transposed_layout(i, k, s=1, p=0, output_padding=0, d=1):
    """The collect model's grid for an ``i x i`` input, next to the kernel and the output.

    Left: the input cells (numbered 1..i*i, outlined) stretched with ``s - 1``
    zeros and padded with ``d*(k-1) - p`` zeros (plus ``output_padding`` at the
    bottom/right); middle: the (dilated) kernel; right: the output, each cell
    showing how many kernel taps reach it. Integer padding (PyTorch's meaning).
    Raises ``ValueError`` for settings with no output.
    """
    o = shapes.conv_transpose_output_size(i, k, s, p, output_padding, d)
    span = shapes.effective_kernel_size(k, d)
    x = np.arange(1, i * i + 1, dtype=float).reshape(i, i)
    kernel = np.zeros((span, span))
    kernel[::d, ::d] = 1.0
    before = span - 1 - p
    z = ops.stretch(x, s)
    for axis in (0, 1):
        z = ops._pad_or_crop(z, axis, before, before + output_padding)
    taps = ops.conv2d_transpose(np.ones((i, i)), kernel, s, p, output_padding)
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.6), gridspec_kw={"width_ratios": [z.shape[1], span, o]})
    draw_grid(axes[0], z, f"stretched + padded input ({z.shape[0]}x{z.shape[1]})", highlight=z > 0, cmap="Greens", numbers=z.shape[0] <= 14)
    draw_grid(axes[1], kernel, f"kernel {k}x{k}" + (f", dilation {d}" if d > 1 else ""), cmap="Purples")
    draw_grid(axes[2], taps, f"output {o}x{o}: kernel taps\nreaching each cell", cmap="Oranges", numbers=o <= 14)
    fig.tight_layout()
    return fig


def image_row(images, titles=None, cmap="gray_r", size: float = 1.3):
    """Show images side by side without axes; returns the figure.

    ``images`` is a sequence of 2-D arrays; ``titles`` an optional sequence of labels.
    """
    images = [np.asarray(im) for im in images]
    if not images or any(im.ndim != 2 for im in images):
        raise ValueError("images must be a non-empty sequence of 2-D arrays")
    if titles is not None and len(titles) != len(images):
        raise ValueError(f"titles must have one entry per image ({len(images)}), got {len(titles)}")
    fig, axes = plt.subplots(1, len(images), figsize=(size * len(images), size * 1.15), squeeze=False)
    for i, (ax, im) in enumerate(zip(axes[0], images, strict=True)):
        ax.imshow(im, cmap=cmap)
        ax.set_axis_off()
        if titles is not None:
            ax.set_title(str(titles[i]))
    fig.tight_layout()
    return fig


def figure_png(fig) -> bytes:
    """Render a figure to PNG bytes and close it (for ipywidgets.Image)."""
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


FILTER_COLORS = ("tab:blue", "tab:orange", "tab:green")


def draw_decoder_sum(ax, filters, code, title=None, ylim=None):
    """On ``ax``: each filter scaled by its code value (thin), and their sum, the decoder output (thick)."""
    filters = np.asarray(filters, dtype=float)
    code = np.asarray(code, dtype=float)
    if filters.ndim != 2 or code.shape != (filters.shape[0],):
        raise ValueError(f"code must have one value per filter row ({filters.shape[0]}), got shape {code.shape}")
    t = np.arange(filters.shape[1])
    for i, (f, c) in enumerate(zip(filters, code, strict=True)):
        ax.plot(t, c * f, color=FILTER_COLORS[i % 3], lw=1.2, label=f"{c:+.2f} x filter {i + 1}")
    ax.plot(t, code @ filters, color="black", lw=2.5, label="sum = output")
    ax.axhline(0, color="0.8", lw=0.8)
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.legend(fontsize=7, loc="upper left")
    if title:
        ax.set_title(title)
    return ax


def draw_filters(ax, filters, title="filters", labels=None):
    """Filters (rows) as lines, one colour each."""
    filters = np.asarray(filters, dtype=float)
    if filters.ndim != 2:
        raise ValueError(f"filters must be a 2-D array (one filter per row), got shape {filters.shape}")
    for i, f in enumerate(filters):
        ax.plot(f, color=FILTER_COLORS[i % 3], marker="o", ms=3, label=labels[i] if labels else f"filter {i + 1}")
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

    filters = np.asarray(filters, dtype=float)
    if not (isinstance(component, (int, np.integer)) and 0 <= component < len(filters)):
        raise ValueError(f"component must be an index below {len(filters)}, got {component!r}")
    values = np.linspace(-1, 1, 21) if values is None else np.asarray(values, dtype=float)
    limit = 1.1 * np.abs(filters).max()
    fig, ax = plt.subplots(figsize=(5, 3))

    def frame(v):
        ax.clear()
        code = np.zeros(len(filters))
        code[component] = v
        draw_decoder_sum(ax, filters, code, title=f"code component {component + 1} = {v:+.2f}", ylim=(-limit, limit))

    anim = FuncAnimation(fig, frame, frames=values, interval=interval)
    plt.close(fig)
    return anim
