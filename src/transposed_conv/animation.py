"""Animations of a transposed convolution that play without a kernel: animated GIFs.

Two views, for any single-channel input, kernel, stride, padding and output padding, 1-D
or 2-D (dilation 1):

* **distribute**: each input value scales the kernel and the copy is added into the full
  output at ``(i*s, j*s)``; the frame shows the sum so far and the window that is kept;
* **collect**: the input is stretched (``s - 1`` zeros between values) and padded, the
  flipped kernel slides over it at stride 1, and each output cell is one window's sum.

:func:`frames` returns the numbers of every frame (a frame's output is the partial result
computed so far; the last frame's equals ``ops.conv2d_transpose``); :func:`save_gif` draws
them with matplotlib and writes an animated GIF with Pillow (one shared palette, so
unchanged pixels cost almost nothing: 25-95 kB for a 3x3 input and kernel at stride 2).

Where a GIF plays. GitHub's notebook renderer and nbviewer draw a notebook's stored
outputs, never run it. nbconvert (which nbviewer uses) renders ``image/png``,
``image/jpeg``, ``image/svg+xml`` and ``text/html`` outputs but not ``image/gif``, so
``IPython.display.Image(format="gif")`` shows as text there. What works without a kernel:

1. the GIF saved as a file in the repository and a Markdown cell ``![...](file.gif)``
   (:func:`markdown_image`): GitHub, nbviewer and JupyterLab all show relative images in
   Markdown; nothing is stored in the notebook's JSON and nbval has nothing to compare;
2. :func:`gif_html` in a code cell: a ``text/html`` output holding the GIF as a ``data:``
   URI, which plays in JupyterLab, VS Code and nbviewer. GitHub sanitises HTML outputs
   and may drop data URIs, and nbval compares ``text/html`` byte for byte, so tag such a
   cell ``nbval-ignore-output``; use it for a learner's own settings in a live kernel.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import NamedTuple

import numpy as np

from . import ops, shapes
from .validation import real_array

VIEWS = ("collect", "distribute")
MAX_FRAMES = 400  # each frame is drawn by matplotlib: about 0.05 s each
CROP_COLOR, STAMP_COLOR, INPUT_COLOR = "black", "crimson", "royalblue"


class Frame(NamedTuple):
    """One step of an animation.

    ``canvas``: the full output so far (distribute) or the stretched, padded input
    (collect); ``canvas_mask``: cells reached so far (distribute) or holding an input value
    (collect). ``window``: ``(top, left, height, width)`` on the canvas of this step's
    kernel copy or kernel window, or None. ``source``: this step's input cell (distribute)
    or output cell (collect), or None. ``output``: the result so far (zeros where nothing
    has arrived yet); ``output_mask``: its cells that hold a value.
    """

    step: int
    source: tuple | None
    window: tuple | None
    canvas: np.ndarray
    canvas_mask: np.ndarray
    output: np.ndarray
    output_mask: np.ndarray


def _setup(x, kernel, strides, padding, output_padding):
    """2-D single-channel problem: ``(x, kernel, s, crops, one_d)``; 1-D is a height of one."""
    xa = real_array("x", x)
    ka = real_array("kernel", kernel)
    one_d = xa.ndim == 1
    if one_d:
        if ka.ndim != 1:
            raise ValueError(f"kernel must be 1-D (k,) for a 1-D x, got shape {ka.shape}")
        xa, ka = xa[None, :], ka[None, :]
        strides = (1, shapes.check_int("strides", strides, 1))
        padding = padding if isinstance(padding, str) else (0, padding)
        output_padding = None if output_padding is None else (0, output_padding)
    if xa.ndim != 2 or ka.ndim != 2 or 0 in xa.shape or 0 in ka.shape:
        raise ValueError(
            "x and kernel must be non-empty, both 1-D or both 2-D, "
            f"got shapes {xa.shape} and {ka.shape}"
        )
    s = ops._pair("strides", strides, 1)
    pads = ops._padding_pair(padding)
    op = ops._output_padding_pair(output_padding)
    crops = [
        shapes.conv_transpose_crop(xa.shape[ax], ka.shape[ax], s[ax], pads[ax], op[ax])
        for ax in (0, 1)
    ]
    full = [(xa.shape[ax] - 1) * s[ax] + ka.shape[ax] for ax in (0, 1)]
    shapes.check_cells("the full output", (*full, 2))
    shapes.check_cells("the output", (crops[0][1], crops[1][1], 2))
    return xa, ka, s, crops, one_d


def _crop(full, crops):
    (top, oh), (left, ow) = crops
    grown = np.pad(
        full, ((0, max(top + oh - full.shape[0], 0)), (0, max(left + ow - full.shape[1], 0)))
    )
    return grown[top : top + oh, left : left + ow]


def _distribute(xa, ka, s, crops):
    full = np.zeros(
        ((xa.shape[0] - 1) * s[0] + ka.shape[0], (xa.shape[1] - 1) * s[1] + ka.shape[1])
    )
    reached = np.zeros(full.shape, bool)
    out = [
        Frame(0, None, None, full.copy(), reached.copy(), _crop(full, crops), _crop(reached, crops))
    ]
    for i, j in np.ndindex(xa.shape):
        block = (slice(i * s[0], i * s[0] + ka.shape[0]), slice(j * s[1], j * s[1] + ka.shape[1]))
        full[block] += xa[i, j] * ka
        reached[block] = True
        window = (i * s[0], j * s[1], *ka.shape)
        out.append(
            Frame(
                len(out),
                (i, j),
                window,
                full.copy(),
                reached.copy(),
                _crop(full, crops),
                _crop(reached, crops),
            )
        )
    return out


def _collect(xa, ka, s, crops):
    z = ops.stretch(xa, s)
    marks = ops.stretch(np.ones(xa.shape), s) > 0
    for ax in (0, 1):
        start, length = crops[ax]
        full = (xa.shape[ax] - 1) * s[ax] + ka.shape[ax]
        before, after = ka.shape[ax] - 1 - start, ka.shape[ax] - 1 + start + length - full
        z = ops.pad_or_crop(z, ax, before, after)
        marks = ops.pad_or_crop(marks, ax, before, after)
    flipped = ka[::-1, ::-1]
    shape = (crops[0][1], crops[1][1])
    output, done = np.zeros(shape), np.zeros(shape, bool)
    out = [Frame(0, None, None, z, marks, output.copy(), done.copy())]
    for r, c in np.ndindex(shape):
        output[r, c] = np.sum(z[r : r + ka.shape[0], c : c + ka.shape[1]] * flipped)
        done[r, c] = True
        out.append(Frame(len(out), (r, c), (r, c, *ka.shape), z, marks, output.copy(), done.copy()))
    return out


def _view(view):
    if not (isinstance(view, str) and view in VIEWS):
        raise ValueError(f"view must be one of {VIEWS}, got {view!r:.60}")
    return view


def _count_frames(xa, crops, view):
    n = 1 + (xa.size if view == "distribute" else crops[0][1] * crops[1][1])
    if n > MAX_FRAMES:
        raise ValueError(
            f"x gives {n} frames for the {view} view, more than {MAX_FRAMES}; "
            "use a smaller x or padding"
        )


def frames(x, kernel, strides=1, padding=0, output_padding=None, view="collect"):
    """The numbers of every frame of an animation: a list of :class:`Frame`, step 0 empty.

    ``x`` ``(H, W)`` with ``kernel`` ``(kh, kw)``, or ``(L,)`` with ``(k,)`` (then 2-D
    arrays of height one); ``strides``, ``padding`` and ``output_padding`` as in
    ``ops.conv2d_transpose``. ``view``: ``"collect"`` (one frame per output cell) or
    ``"distribute"`` (one frame per input value).

    >>> last = frames([[1.0, 2.0]], [[1.0, 10.0]], strides=2, view="distribute")[-1]
    >>> last.output
    array([[ 1., 10.,  2., 20.]])
    """
    view = _view(view)
    xa, ka, s, crops, _ = _setup(x, kernel, strides, padding, output_padding)
    _count_frames(xa, crops, view)
    return (_distribute if view == "distribute" else _collect)(xa, ka, s, crops)


# ------------------------------------------------------------------ drawing


def _grid(ax, values, mask, title, cmap, limits, numbers):
    """Cells coloured on a fixed scale (so colours do not jump between frames), values written
    in."""
    import matplotlib.pyplot as plt

    shown = np.ma.masked_array(values, ~mask)
    ax.imshow(shown, cmap=cmap, vmin=-limits, vmax=limits)
    h, w = values.shape
    ax.axis("off")  # cell borders as two line collections: ticks would cost most of a frame's time
    ax.hlines(np.arange(-0.5, h), -0.5, w - 0.5, color="0.75", linewidth=0.5)
    ax.vlines(np.arange(-0.5, w), -0.5, h - 0.5, color="0.75", linewidth=0.5)
    ax.set_xlim(-0.5, w - 0.5)
    ax.set_ylim(h - 0.5, -0.5)
    ax.set_title(title, fontsize=9)
    if numbers:
        colormap = plt.get_cmap(cmap)
        for (r, c), v in np.ndenumerate(values):
            if mask[r, c]:
                level = colormap(0.5 + 0.5 * float(np.clip(v / limits, -1, 1)))
                dark = 0.299 * level[0] + 0.587 * level[1] + 0.114 * level[2] < 0.5
                text = f"{v:.0f}" if float(v).is_integer() else f"{v:.2g}"
                ax.text(
                    c,
                    r,
                    text,
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if dark else "black",
                )


def _box(ax, top, left, height, width, color, style="-"):
    from matplotlib.patches import Rectangle

    ax.add_patch(
        Rectangle(
            (left - 0.5, top - 0.5),
            width,
            height,
            fill=False,
            edgecolor=color,
            linewidth=2,
            linestyle=style,
        )
    )


def _scale(*arrays):
    finite = np.concatenate([np.abs(a[np.isfinite(a)]).ravel() for a in arrays])
    top = float(finite.max()) if finite.size else 1.0
    return top if top > 0 else 1.0


def _figure(frame, xa, ka, crops, view, s, limits, numbers, size):
    import matplotlib.pyplot as plt

    panels = [xa.shape[1], ka.shape[1], frame.canvas.shape[1], frame.output.shape[1]]
    height = max(xa.shape[0], ka.shape[0], frame.canvas.shape[0], frame.output.shape[0])
    fig, axes = plt.subplots(
        1,
        4,
        figsize=(size * (sum(panels) + 4) / 3, size * (height + 2.5) / 3),
        gridspec_kw=dict(width_ratios=panels),
    )
    ax_x, ax_k, ax_canvas, ax_out = axes
    cmap = "RdBu_r"
    _grid(ax_x, xa, np.ones(xa.shape, bool), "input", cmap, limits, numbers)
    if view == "distribute":
        _grid(ax_k, ka, np.ones(ka.shape, bool), "kernel", cmap, limits, numbers)
        _grid(
            ax_canvas, frame.canvas, frame.canvas_mask, "full output so far", cmap, limits, numbers
        )
        (top, oh), (left, ow) = crops
        _box(ax_canvas, top, left, oh, ow, CROP_COLOR, "--")
        if frame.source is not None:
            _box(ax_x, *frame.source, 1, 1, STAMP_COLOR)
            _box(ax_canvas, *frame.window, STAMP_COLOR)
        title = "distribute: each input value stamps a scaled kernel copy; keep the dashed window"
    else:
        _grid(
            ax_k, ka[::-1, ::-1], np.ones(ka.shape, bool), "flipped kernel", cmap, limits, numbers
        )
        canvas_title = f"input stretched (stride {s[0]}x{s[1]}) and padded"
        _grid(
            ax_canvas,
            frame.canvas,
            np.ones(frame.canvas.shape, bool),
            canvas_title,
            cmap,
            limits,
            numbers,
        )
        for r, c in zip(*np.nonzero(frame.canvas_mask), strict=True):
            _box(ax_canvas, r, c, 1, 1, INPUT_COLOR)
        if frame.window is not None:
            _box(ax_canvas, *frame.window, STAMP_COLOR)
        title = "collect: the flipped kernel slides over the stretched, padded input"
    _grid(ax_out, frame.output, frame.output_mask, "output so far", cmap, limits, numbers)
    if frame.source is not None:
        cell = frame.source if view == "collect" else None
        if cell is not None:
            _box(ax_out, *cell, 1, 1, STAMP_COLOR)
    fig.suptitle(f"{title} (step {frame.step})", fontsize=9)
    return fig


def _checked_drawing(fps, dpi, size):
    for name, value, low, high in (
        ("fps", fps, 0.1, 50),
        ("dpi", dpi, 20, 300),
        ("size", size, 0.1, 5),
    ):
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not low <= value <= high
        ):
            raise ValueError(f"{name} must be a number from {low} to {high}, got {value!r:.60}")


def gif_bytes(
    x,
    kernel,
    strides=1,
    padding=0,
    output_padding=None,
    view="collect",
    fps=2.0,
    dpi=80,
    size=1.0,
    numbers=True,
):
    """The animation as GIF bytes (see :func:`save_gif` for the arguments)."""
    from PIL import Image

    from .settings import plot_style

    view = _view(view)
    _checked_drawing(fps, dpi, size)
    if not isinstance(numbers, (bool, np.bool_)):
        raise ValueError(f"numbers must be True or False, got {numbers!r:.60}")
    xa, ka, s, crops, _ = _setup(x, kernel, strides, padding, output_padding)
    _count_frames(xa, crops, view)
    steps = (_distribute if view == "distribute" else _collect)(xa, ka, s, crops)
    limits = _scale(xa, ka, steps[-1].canvas, steps[-1].output)
    plot_style()
    pictures = [
        _render(_figure(f, xa, ka, crops, view, s, limits, bool(numbers), size), dpi) for f in steps
    ]
    palette = pictures[-1].quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    frames_p = [p.quantize(palette=palette, dither=Image.Dither.NONE) for p in pictures]
    stream = io.BytesIO()
    durations = [int(1000 / fps)] * (len(frames_p) - 1) + [int(3000 / fps)]  # hold the result
    frames_p[0].save(
        stream,
        format="GIF",
        save_all=True,
        append_images=frames_p[1:],
        duration=durations,
        loop=0,
        optimize=True,
        disposal=1,
    )
    return stream.getvalue()


def _render(fig, dpi):
    import matplotlib.pyplot as plt
    from PIL import Image

    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    finally:
        plt.close(fig)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def save_gif(
    path,
    x,
    kernel,
    strides=1,
    padding=0,
    output_padding=None,
    view="collect",
    fps=2.0,
    dpi=80,
    size=1.0,
    numbers=True,
):
    """Draw the animation of :func:`frames` and save it as an animated GIF; returns the ``Path``.

    ``fps``: frames per second (the last frame is held three times as long); ``dpi`` and
    ``size`` (a scale factor) set the picture's size; ``numbers`` writes each cell's value.
    The GIF loops forever. Show it without a kernel with a Markdown cell
    (:func:`markdown_image`), or in a live kernel with :func:`gif_html`.

    >>> import tempfile, os
    >>> path = save_gif(os.path.join(tempfile.mkdtemp(), "t.gif"), [[1.0, 2.0]], [[1.0, -1.0]], 2)
    >>> path.read_bytes()[:6]
    b'GIF89a'
    """
    if not isinstance(path, (str, Path)) or not str(path).lower().endswith(".gif"):
        raise ValueError(f"path must be a file name ending in .gif, got {path!r:.60}")
    data = gif_bytes(x, kernel, strides, padding, output_padding, view, fps, dpi, size, numbers)
    path = Path(path)
    if not path.exists() or path.read_bytes() != data:  # a re-run leaves a committed GIF alone
        partial = path.with_name(f".{path.name}.partial")
        partial.write_bytes(data)
        partial.replace(path)  # atomic: a reader never sees half a GIF
    return path


def _gif_data(gif):
    if isinstance(gif, bytes):
        data = gif
    elif isinstance(gif, (str, Path)):
        if not Path(gif).is_file():
            raise ValueError(
                f"gif must be GIF bytes or the path of a GIF file; no file {str(gif)!r:.80}"
            )
        data = Path(gif).read_bytes()
    else:
        raise ValueError(
            f"gif must be GIF bytes or the path of a GIF file, got {type(gif).__name__}"
        )
    if not data.startswith((b"GIF87a", b"GIF89a")):
        raise ValueError("gif must hold a GIF image (its bytes start with GIF87a or GIF89a)")
    return data


def gif_html(gif, alt="transposed convolution animation"):
    """An ``IPython.display.HTML`` showing a GIF (bytes or a file) inline as a ``data:`` URI.

    Plays in a live kernel and on nbviewer; see the module docstring for GitHub and nbval.

    >>> gif_html(b"GIF89a...").data[:40]
    '<img src="data:image/gif;base64,R0lGODlh'
    """
    from html import escape

    from IPython.display import HTML

    data = _gif_data(gif)
    if not isinstance(alt, str):
        raise ValueError(f"alt must be a string, got {type(alt).__name__}")
    encoded = base64.b64encode(data).decode("ascii")
    return HTML(f'<img src="data:image/gif;base64,{encoded}" alt="{escape(alt)}">')


def markdown_image(path, start=".", alt="transposed convolution animation"):
    """The Markdown line ``![alt](relative/path.gif)`` for a Markdown cell of a notebook in
    ``start``.

    GitHub, nbviewer and JupyterLab resolve it against the notebook's folder, so commit the
    GIF and the animation plays on every static renderer.

    >>> markdown_image("notebooks/figures/collect.gif", start="notebooks")
    '![transposed convolution animation](figures/collect.gif)'
    """
    import os

    for name, value in (("path", path), ("start", start), ("alt", alt)):
        if not isinstance(value, (str, Path)):
            raise ValueError(f"{name} must be a string or a path, got {type(value).__name__}")
    relative = Path(os.path.relpath(Path(path).resolve(), Path(start).resolve())).as_posix()
    return f"![{alt}]({relative})"
