"""Figures shared by the notebooks (matplotlib only).

Grids are drawn with their numbers written in the cells, because in this
course the numbers are the point: a learner should be able to check every
cell by hand.

Every argument is checked before anything is drawn: wrong types raise
``TypeError`` and wrong lengths or shapes ``ValueError``, naming the argument.
"""

from __future__ import annotations

import numbers as _numbers

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import is_color_like
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from . import ops, shapes
from .validation import numeric_array, real_array, real_number

CELL = 0.42  # inches per grid cell
MAX_GRID_CELLS = 10**5  # a grid writes a number in every cell; far more would take minutes to draw
MAX_PANELS = 100  # grids or images in one figure


def _as_grid(values, name="values"):
    """``values`` as a non-empty 2-D float array small enough to draw cell by cell."""
    values = real_array(name, values)
    if values.ndim != 2 or 0 in values.shape:
        raise ValueError(f"{name} must be a non-empty 2-D array, got shape {values.shape}")
    if values.size > MAX_GRID_CELLS:
        raise ValueError(
            f"{name} has {values.size:,} cells, more than the {MAX_GRID_CELLS:,} a grid can show"
        )
    return values


def _check_axes(ax):
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")


def _check_cmap(cmap):
    """The colormap object for ``cmap`` (a name or a Colormap), else ``ValueError`` naming it."""
    try:
        return plt.get_cmap(cmap)
    except Exception as err:  # matplotlib raises ValueError or TypeError, depending on the value
        raise ValueError(
            f"cmap must be a matplotlib colormap or its name, got {cmap!r:.60}"
        ) from err


def _text(name, value) -> str:
    """``value`` as a label: ``""`` for None, else its ``str``."""
    if value is None:
        return ""
    try:
        return str(value)
    except Exception as err:  # a caller's __str__ may raise anything
        raise TypeError(f"{name} must be printable as text, got {type(value).__name__}") from err


def _sequence(name, seq, limit=MAX_PANELS):
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


def _entries(name, seq, n, what="one entry per array"):
    """``seq`` as a list of exactly ``n`` entries (or None), else an error naming ``name``."""
    if seq is None:
        return None
    seq = _sequence(name, seq)
    if len(seq) != n:
        raise ValueError(f"{name} must have {what} ({n}), got {len(seq)}")
    return seq


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
    The automatic colour scale uses the finite cells only.
    """
    _check_axes(ax)
    values = _as_grid(values)
    mask = np.zeros(values.shape, bool) if blank is None else _mask("blank", blank, values.shape)
    cells = None if highlight is None else _highlight_cells(highlight, values.shape)
    cmap_obj = _check_cmap(cmap)
    if not isinstance(numbers, (bool, np.bool_)):
        raise TypeError(f"numbers must be True or False, got {numbers!r:.60}")
    if not is_color_like(highlight_color):
        raise ValueError(
            f"highlight_color must be a matplotlib colour, got {highlight_color!r:.60}"
        )
    title = _text("title", title)
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
                _number(v),
                ha="center",
                va="center",
                fontsize=9,
                color="white" if dark else "black",
            )
    if cells is not None:
        for r, c in cells:
            ax.add_patch(
                Rectangle(
                    (c - 0.5, r - 0.5), 1, 1, fill=False, edgecolor=highlight_color, linewidth=2.5
                )
            )
    if title:
        ax.set_title(title)
    return ax


def grids(
    arrays,
    titles=None,
    between=None,
    highlights=None,
    blanks=None,
    cmap="Blues",
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
    arrays = _sequence("arrays", arrays)
    if not arrays:
        raise ValueError("arrays must be a non-empty list of 2-D arrays, got an empty one")
    arrays = [_as_grid(a) for a in arrays]
    n = len(arrays)
    titles, highlights, blanks = (
        _entries(name, seq, n)
        for name, seq in (("titles", titles), ("highlights", highlights), ("blanks", blanks))
    )
    if isinstance(cmap, (list, tuple)):
        cmap = _entries("cmap", cmap, n, "one colormap per array")
        for c in cmap:
            _check_cmap(c)
    else:
        _check_cmap(cmap)
        cmap = [cmap] * n
    between = _entries("between", between, n - 1, "one entry between each pair of arrays")
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
    with _closed_on_error(fig):
        _fill_grids(fig, arrays, widths, titles, between, highlights, blanks, cmap, kwargs)
    return fig


class _closed_on_error:
    """Close ``fig`` if drawing fails, so a refused argument leaves no half-drawn figure behind."""

    def __init__(self, fig):
        self.fig = fig

    def __enter__(self):
        return self.fig

    def __exit__(self, kind, error, trace):
        if error is not None:
            plt.close(self.fig)
        return False


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
                0.5, 0.5, _text("between", between[i]), ha="center", va="center", fontsize=16
            )


WINDOW_COLOR = "black"  # a frame around a block of cells: the window a kernel covers
INPUT_COLOR = "royalblue"  # outlines where the input's values sit in a stretched grid
SUM_COLOR = (
    "crimson"  # outlines (the default): the cells that enter the sum of a marked output cell
)


def frame(ax, top, left, height=1, width=1, color=WINDOW_COLOR):
    """Draw a thick frame around the ``height x width`` cells whose top-left is ``(top, left)``.

    The course draws a kernel's window this way, so that cell outlines
    (``highlight``) keep their own meaning. Returns ``ax``.
    """
    _check_axes(ax)
    top, left = shapes.check_int("top", top, 0), shapes.check_int("left", left, 0)
    height, width = shapes.check_int("height", height, 1), shapes.check_int("width", width, 1)
    if max(top, left, height, width) > 10**6:
        raise ValueError(
            f"top, left, height and width must be at most 10**6, got {(top, left, height, width)}"
        )
    if not is_color_like(color):
        raise ValueError(f"color must be a matplotlib colour, got {color!r:.60}")
    ax.add_patch(
        Rectangle(  # just outside the cells' edges, so that their own outlines stay visible
            (left - 0.6, top - 0.6),
            width + 0.2,
            height + 0.2,
            fill=False,
            edgecolor=color,
            linewidth=3.5,
            zorder=5,
            clip_on=False,
        )
    )
    return ax


def _exact_row(widths, height, title_lines=2, max_width=11.0):
    """A figure with one axes per grid ``widths[i]`` columns wide, all cells the same size, square.

    Cells are ``CELL`` inches, or smaller if the row would be wider than
    ``max_width`` inches. Returns ``(fig, axes, cell)``.
    """
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


def kernel_grid(ax, kernel, title="kernel", **kwargs):
    """A kernel coloured by weight on a diverging scale (red positive, blue negative)."""
    return draw_grid(ax, kernel, title=title, cmap=kwargs.pop("cmap", "RdBu_r"), **kwargs)


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
    fig, axes, cell = _exact_row([z.shape[1], span, o], max(z.shape[0], span, o))
    numbers = cell >= 0.25
    with _closed_on_error(fig):
        draw_grid(
            axes[0],
            z,
            f"ones, stretched + padded\n({z.shape[0]}x{z.shape[1]})",
            highlight=z > 0,
            cmap="Greens",
            vmin=0,
            vmax=2,
            numbers=numbers,
            highlight_color=INPUT_COLOR,
        )
        draw_grid(
            axes[1],
            kernel,
            f"kernel of ones\n{k}x{k}" + (f", dilation {d}" if d > 1 else ""),
            cmap="Purples",
            vmin=0,
            vmax=2,
            numbers=numbers,
        )
        draw_grid(
            axes[2],
            out,
            f"output {o}x{o}: the sum\nunder the kernel",
            cmap="Oranges",
            numbers=numbers,
        )
    return fig


def image_row(images, titles=None, cmap="gray_r", size: float = 1.3, vmin=None, vmax=None):
    """Show images side by side without axes; returns the figure.

    ``images`` is a sequence of 2-D arrays; ``titles`` an optional sequence of labels.
    ``vmin`` / ``vmax``: the colour scale, one number for every image or a list
    with one entry (a number or None) per image; None scales that image to its
    own range, which is right for one picture and misleading for a comparison.
    """
    images = _sequence("images", images)
    if not images:
        raise ValueError("images must be a non-empty sequence of 2-D arrays")
    images = [numeric_array("images", im) for im in images]
    if any(im.ndim != 2 or 0 in im.shape for im in images):
        raise ValueError("images must be a non-empty sequence of 2-D arrays")
    for im in images:
        shapes.check_cells("an image", im.shape)
    titles = _entries("titles", titles, len(images), "one entry per image")
    titles = None if titles is None else [_text("titles", t) for t in titles]
    _check_cmap(cmap)
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
    entries = _entries(name, value, n, "one entry per image")
    return [None if v is None else real_number(name, v) for v in entries]


def figure_png(fig) -> bytes:
    """Render a figure to PNG bytes and close it (for ipywidgets.Image)."""
    import io

    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


FILTER_COLORS = ("tab:blue", "tab:orange", "tab:green")
MAX_FILTERS = 100  # one line and one legend entry each


def _filters(filters):
    """``filters`` as a non-empty 2-D float array, a filter per row, else an error naming it."""
    filters = real_array("filters", filters)
    if filters.ndim != 2 or 0 in filters.shape:
        raise ValueError(
            f"filters must be a non-empty 2-D array (one filter per row), got shape {filters.shape}"
        )
    if len(filters) > MAX_FILTERS or filters.size > shapes.MAX_CELLS:
        raise ValueError(
            f"filters has {len(filters)} rows of {filters.shape[1]}, "
            f"more than can be drawn (at most {MAX_FILTERS} rows)"
        )
    return filters


def draw_decoder_sum(ax, filters, code, title=None, ylim=None):
    """On ``ax``: each filter scaled by its code value (thin) and their sum, the output (thick)."""
    _check_axes(ax)
    filters = _filters(filters)
    code = real_array("code", code)
    if code.shape != (filters.shape[0],):
        raise ValueError(
            f"code must have one value per filter row ({filters.shape[0]}), got shape {code.shape}"
        )
    if ylim is not None:
        ylim = _entries("ylim", ylim, 2, "a lower and an upper limit")
        ylim = [real_number("ylim", v) for v in ylim]
    title = _text("title", title)
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
    """Filters (rows) as lines, one colour each; ``labels``, if given, one per filter."""
    _check_axes(ax)
    filters = _filters(filters)
    labels = _entries("labels", labels, len(filters), "one entry per filter")
    labels = (
        [f"filter {i + 1}" for i in range(len(filters))]
        if labels is None
        else [_text("labels", v) for v in labels]
    )
    title = _text("title", title)
    for i, f in enumerate(filters):
        ax.plot(f, color=FILTER_COLORS[i % 3], marker="o", ms=3, label=labels[i])
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
