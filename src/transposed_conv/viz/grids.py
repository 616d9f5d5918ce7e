"""Grids with their numbers written in the cells: the one grid drawer of the package.

In this course the numbers are the point: a learner should be able to check every
cell by hand. :func:`draw_grid` draws one grid on an axes (the animations use it
too); :func:`grids` puts several in a row; :func:`frame` outlines a kernel's window.

Every argument is checked before anything is drawn: wrong types raise
``TypeError`` and wrong lengths or shapes ``ValueError``, naming the argument.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import patheffects
from matplotlib.colors import is_color_like
from matplotlib.patches import Rectangle

from ..core import ops, shapes
from ..core.arguments import (
    check_int,
    real_number,
)
from . import palette
from .canvas import (
    CELL,
    MAX_GRID_CELLS,
    as_grid,
    check_axes,
    check_cmap,
    closed_on_error,
    entries,
    figure_row,
    label_text,
    number_text,
    sequence,
)
from .palette import INPUT_COLOR, SUM_COLOR, WINDOW_COLOR  # (also grids.SUM_COLOR, ...)


def _halo_effects(width=palette.HALO_WIDTH):
    """A line over a wider white one: it shows on dark and light cells alike, hue or not."""
    halo = patheffects.Stroke(linewidth=width, foreground=palette.HALO_COLOR)
    return [halo, patheffects.Normal()]


def _array(name, value):
    """``np.asarray(value)``; a caller's object that fails gives a ``TypeError`` naming ``name``."""
    try:
        return np.asarray(value)
    except Exception as err:
        raise TypeError(f"{name} must be an array, got {type(value).__name__} ({err})") from err


def _mask(name, value, shape):
    """A boolean mask of ``shape`` from ``value`` (booleans, or numbers: non-zero is True)."""
    mask = _array(name, value)
    if mask.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a boolean mask, got an array of dtype {mask.dtype}")
    if mask.shape != shape:
        raise ValueError(f"{name} must have the shape of values {shape}, got {mask.shape}")
    return mask.astype(bool)


def _highlight_cells(highlight, shape):
    """The ``(row, col)`` cells to outline.

    From a boolean mask of ``shape`` or a list of integer pairs inside it.
    """
    cells = _array("highlight", highlight)
    if cells.dtype == bool:
        return np.argwhere(_mask("highlight", cells, shape))
    if cells.size == 0:
        return np.zeros((0, 2), int)
    if cells.dtype.kind not in "iu" or cells.size % 2:
        raise ValueError(
            f"highlight must be a boolean mask of shape {shape} "
            "or a list of (row, col) integer pairs, "
            f"got an array of dtype {cells.dtype} and shape {cells.shape}"
        )
    cells = cells.reshape(-1, 2)
    if ((cells < 0) | (cells >= np.array(shape))).any():
        raise ValueError(f"highlight cells must lie inside the {shape[0]}x{shape[1]} grid")
    return cells


def draw_grid(
    ax,
    values,
    title=None,
    highlight=None,
    blank=None,
    cmap=palette.INPUT_CMAP,
    vmin=None,
    vmax=None,
    numbers=True,
    highlight_color=SUM_COLOR,
    fontsize=9,
    title_size=None,
    cell_lines="ticks",
):
    """Draw a 2-D array on ``ax`` as coloured cells with their values written in.

    ``highlight``: boolean mask (or list of ``(row, col)``) of cells to outline, in
    ``highlight_color`` over a white halo (:func:`_halo_effects`).
    ``blank``: boolean mask of cells to leave white and unnumbered (cells a
    scaled kernel copy does not reach, for example). Returns ``ax``.
    The automatic colour scale uses the finite cells only. ``fontsize`` is the
    cells' numbers', ``title_size`` the title's (None: matplotlib's). ``cell_lines``:
    ``"ticks"`` (a grid of minor ticks, with a frame) or ``"lines"`` (two line
    collections and no axis: several times faster, for animation frames).
    """
    check_axes(ax)
    values = as_grid(values)
    mask = np.zeros(values.shape, bool) if blank is None else _mask("blank", blank, values.shape)
    cells = None if highlight is None else _highlight_cells(highlight, values.shape)
    cmap_obj = check_cmap(cmap)
    if not isinstance(numbers, (bool, np.bool_)):
        raise TypeError(f"numbers must be True or False, got {numbers!r:.60}")
    if not is_color_like(highlight_color):
        raise ValueError(
            f"highlight_color must be a matplotlib colour, got {highlight_color!r:.60}"
        )
    title = label_text("title", title)
    fontsize = real_number("fontsize", fontsize, positive=True)
    title_size = None if title_size is None else real_number("title_size", title_size, True)
    if cell_lines not in ("ticks", "lines"):
        raise ValueError(f"cell_lines must be 'ticks' or 'lines', got {cell_lines!r:.60}")
    vmin = None if vmin is None else real_number("vmin", vmin)
    vmax = None if vmax is None else real_number("vmax", vmax)
    if vmin is not None and vmax is not None and vmin > vmax:
        raise ValueError(f"vmin must not exceed vmax, got vmin={vmin} and vmax={vmax}")
    shown = np.ma.masked_array(values, mask)
    if vmin is None or vmax is None:
        finite = np.ma.masked_invalid(shown)  # NaN or infinite cells would make the scale NaN
        lo, hi = (float(finite.min()), float(finite.max())) if finite.count() else (0.0, 1.0)
        if cmap in ("RdBu", "RdBu_r", "coolwarm", "bwr"):  # diverging: centre on zero
            hi = max(abs(lo), abs(hi), 1e-12)
            lo = -hi
        vmin = lo if vmin is None else vmin
        vmax = (hi if hi > lo else lo + 1) if vmax is None else vmax
    ax.imshow(shown, cmap=cmap, vmin=vmin, vmax=vmax)
    h, w = values.shape
    if cell_lines == "lines":  # ticks would cost most of an animation frame's time
        ax.axis("off")
        ax.hlines(np.arange(-0.5, h), -0.5, w - 0.5, color="0.75", linewidth=0.5)
        ax.vlines(np.arange(-0.5, w), -0.5, h - 0.5, color="0.75", linewidth=0.5)
        ax.set_xlim(-0.5, w - 0.5)
        ax.set_ylim(h - 0.5, -0.5)
    else:
        ax.set_xticks(np.arange(-0.5, w, 1), minor=True)
        ax.set_yticks(np.arange(-0.5, h, 1), minor=True)
        ax.grid(which="minor", color="0.6", linewidth=0.6)
        ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
        for spine in ax.spines.values():
            spine.set_visible(True)
            spine.set_color("0.6")
    if numbers:
        for (r, c), v in np.ndenumerate(values):
            if mask[r, c]:
                continue
            v = float(v)  # Python floats overflow to inf silently, NumPy scalars warn
            level = (v - vmin) / (vmax - vmin) if vmax > vmin else 0.0
            rgb = cmap_obj(float(np.clip(level, 0, 1)))[:3]
            dark = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] < 0.5
            ax.text(
                c,
                r,
                number_text(v),
                ha="center",
                va="center",
                fontsize=fontsize,
                color="white" if dark else "black",
            )
    if cells is not None:
        for r, c in cells:
            ax.add_patch(
                Rectangle(
                    (c - 0.5, r - 0.5),
                    1,
                    1,
                    fill=False,
                    edgecolor=highlight_color,
                    linewidth=palette.OUTLINE_WIDTH,
                    path_effects=_halo_effects(),
                )
            )
    if title:
        ax.set_title(title, fontsize=title_size)
    return ax


def grids(
    arrays,
    titles=None,
    between=None,
    highlights=None,
    blanks=None,
    cmap=palette.INPUT_CMAP,
    shared_scale=False,
    **kwargs,
):
    """Several grids in a row, each as wide as its columns, with optional symbols between.

    ``between``: ``len(arrays) - 1`` strings such as ``"+"`` or ``"="`` drawn
    between neighbouring grids. ``highlights`` / ``blanks``: per-grid masks (or
    None). ``cmap``: one colormap for all grids, or a list with one per grid.
    ``shared_scale`` colours every grid on one scale (of their finite
    cells). Returns the figure; its first axes are the grids', in order, when
    ``between`` is None.
    """
    arrays = sequence("arrays", arrays)
    if not arrays:
        raise ValueError("arrays must be a non-empty list of 2-D arrays, got an empty one")
    arrays = [as_grid(a) for a in arrays]
    n = len(arrays)
    titles, highlights, blanks = (
        entries(name, seq, n)
        for name, seq in (("titles", titles), ("highlights", highlights), ("blanks", blanks))
    )
    if isinstance(cmap, (list, tuple)):
        cmap = entries("cmap", cmap, n, "one colormap per array")
        for c in cmap:
            check_cmap(c)
    else:
        check_cmap(cmap)
        cmap = [cmap] * n
    between = entries("between", between, n - 1, "one entry between each pair of arrays")
    if shared_scale:
        finite = np.concatenate([a[np.isfinite(a)] for a in arrays])
        kwargs.setdefault("vmin", float(finite.min()) if finite.size else None)
        kwargs.setdefault("vmax", float(finite.max()) if finite.size else None)
    gap = 0.6 if between is not None else 0.35
    widths = []
    for i, a in enumerate(arrays):
        widths.append(a.shape[1])
        if i < n - 1:
            widths.append(gap / CELL)
    height = max(a.shape[0] for a in arrays)
    fig = plt.figure(figsize=(CELL * sum(widths) + 0.3, CELL * height + 0.6))
    with closed_on_error(fig):
        _fill_grids(fig, arrays, widths, titles, between, highlights, blanks, cmap, kwargs)
    return fig


def _fill_grids(fig, arrays, widths, titles, between, highlights, blanks, cmap, kwargs):
    """The body of :func:`grids`: one grid per array, symbols in the gaps."""
    n = len(arrays)
    spec = fig.add_gridspec(1, len(widths), width_ratios=widths, wspace=0)
    for i, a in enumerate(arrays):
        ax = fig.add_subplot(spec[0, 2 * i])
        draw_grid(
            ax,
            a,
            title=None if titles is None else titles[i],
            highlight=None if highlights is None else highlights[i],
            blank=None if blanks is None else blanks[i],
            cmap=cmap[i],
            **kwargs,
        )
        ax.set_anchor("N")
        if between is not None and i < n - 1:
            ax_sym = fig.add_subplot(spec[0, 2 * i + 1])
            ax_sym.set_axis_off()
            ax_sym.text(
                0.5, 0.5, label_text("between", between[i]), ha="center", va="center", fontsize=16
            )


def frame(
    ax,
    top,
    left,
    height=1,
    width=1,
    color=WINDOW_COLOR,
    linewidth=3.5,
    linestyle="-",
    zorder=5,
    margin=0.1,
    halo=False,
):
    """Draw a thick frame around the ``height x width`` cells whose top-left is ``(top, left)``.

    The course draws a kernel's window this way, so that cell outlines
    (``highlight``) keep their own meaning. ``zorder`` 5 draws it over the numbers;
    the animations draw thinner ones (``linewidth=2``) under them (``zorder=1``).
    ``margin`` (in cells, 0 to 0.5) sets it that far outside the cells' edges, so that their
    own outlines stay visible; the animations use 0. ``halo=True`` draws it over a white halo,
    as :func:`draw_grid` draws cell outlines (the animations' outlines on coloured cells).
    Returns ``ax``.
    """
    check_axes(ax)
    top, left = check_int("top", top, 0), check_int("left", left, 0)
    height, width = check_int("height", height, 1), check_int("width", width, 1)
    if max(top, left, height, width) > 10**6:
        raise ValueError(
            f"top, left, height and width must be at most 10**6, got {(top, left, height, width)}"
        )
    if not is_color_like(color):
        raise ValueError(f"color must be a matplotlib colour, got {color!r:.60}")
    linewidth = real_number("linewidth", linewidth, positive=True)
    if linestyle not in ("-", "--", ":", "-."):
        raise ValueError(f"linestyle must be one of '-', '--', ':', '-.', got {linestyle!r:.60}")
    zorder = real_number("zorder", zorder)
    margin = real_number("margin", margin)
    if not 0 <= margin <= 0.5:
        raise ValueError(f"margin must be between 0 and 0.5 cells, got {margin!r}")
    if not isinstance(halo, (bool, np.bool_)):
        raise TypeError(f"halo must be True or False, got {halo!r:.60}")
    wider = palette.HALO_WIDTH - palette.OUTLINE_WIDTH  # as much wider as a cell outline's
    effects = _halo_effects(linewidth + wider) if halo else None
    ax.add_patch(
        Rectangle(
            (left - 0.5 - margin, top - 0.5 - margin),
            width + 2 * margin,
            height + 2 * margin,
            fill=False,
            edgecolor=color,
            linewidth=linewidth,
            linestyle=linestyle,
            zorder=zorder,
            clip_on=False,
            path_effects=effects,
        )
    )
    return ax


def kernel_grid(ax, kernel, title="kernel", **kwargs):
    """A kernel coloured by weight on a diverging scale (red positive, blue negative)."""
    kwargs.setdefault("cmap", palette.KERNEL_CMAP)
    return draw_grid(ax, kernel, title=title, **kwargs)


def transposed_layout(i, k, s=1, p=0, output_padding=0, d=1):
    """The collect model for an ``i x i`` input and a ``k x k`` kernel of ones, as three grids.

    Left: the input of ones stretched with ``s - 1`` zeros between its cells
    and padded with ``d*(k-1) - p`` zeros (plus ``output_padding`` at the
    bottom/right), the input's cells outlined in ``INPUT_COLOR``; middle: the
    (dilated) kernel of ones; right: the output. With ones everywhere, every
    number in the drawing is real and adds up: each output cell is the sum
    under the kernel at its place, which is the number of kernel taps that
    land on an input cell. Integer padding (PyTorch's meaning). Raises
    ``ValueError`` for settings with no output.
    """
    o = shapes.conv_transpose_output_size(i, k, s, p, output_padding, d)
    span = shapes.effective_kernel_size(k, d)
    side = (i - 1) * s + 1 + 2 * (span - 1 - p) + output_padding  # the stretched, padded input
    for what, n in (
        ("the input", i),
        ("the stretched, padded input", side),
        ("the kernel", span),
        ("the output", o),
    ):
        if n * n > MAX_GRID_CELLS:
            raise ValueError(
                f"{what} would be {n}x{n}, more than the {MAX_GRID_CELLS:,} cells a grid can show"
            )
    kernel = np.zeros((span, span))
    kernel[::d, ::d] = 1.0
    before = span - 1 - p
    z = ops.stretch(np.ones((i, i)), s)
    for axis in (0, 1):
        z = ops.pad_or_crop(z, axis, before, before + output_padding)
    out = ops.conv2d_transpose(np.ones((i, i)), kernel, s, p, output_padding)
    fig, axes, cell = figure_row([z.shape[1], span, o], max(z.shape[0], span, o))
    numbers = cell >= 0.25
    with closed_on_error(fig):
        draw_grid(
            axes[0],
            z,
            f"ones, stretched + padded\n({z.shape[0]}x{z.shape[1]})",
            highlight=z > 0,
            cmap=palette.STRETCHED_CMAP,
            vmin=0,
            vmax=2,
            numbers=numbers,
            highlight_color=INPUT_COLOR,
        )
        draw_grid(
            axes[1],
            kernel,
            f"kernel of ones\n{k}x{k}" + (f", dilation {d}" if d > 1 else ""),
            cmap=palette.KERNEL_ONES_CMAP,
            vmin=0,
            vmax=2,
            numbers=numbers,
        )
        draw_grid(
            axes[2],
            out,
            f"output {o}x{o}: the sum\nunder the kernel",
            cmap=palette.OUTPUT_CMAP,
            numbers=numbers,
        )
    return fig
