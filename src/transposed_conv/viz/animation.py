"""Animations of a transposed convolution that play without a kernel: animated GIFs.

Two views, for any single-channel input, kernel, stride, padding and output padding, 1-D
or 2-D (dilation 1):

* **distribute**: each input value scales the kernel and the copy is added into the full
  output at ``(i*s, j*s)``; the frame shows the sum so far and the window that is kept;
* **collect**: the input is stretched (``s - 1`` zeros between values) and padded, the
  flipped kernel slides over it at stride 1, and each output cell is one window's sum.

:func:`frames` (from :mod:`transposed_conv.core.views`) returns the numbers of every frame
(the last frame's output equals ``ops.conv2d_transpose``); :func:`save_gif` draws
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

import numpy as np

from ..core.views import MAX_FRAMES, VIEWS, Frame, check_view, frames, setup
from . import grids, palette

__all__ = [
    "MAX_FRAMES",
    "VIEWS",
    "Frame",
    "frames",
    "gif_bytes",
    "gif_html",
    "markdown_image",
    "save_gif",
]

# the kept window (dashed), the cells stamped or summed now, where the input's values sit
CROP_COLOR, STAMP_COLOR, INPUT_COLOR = palette.CROP_COLOR, palette.SUM_COLOR, palette.INPUT_COLOR


# ------------------------------------------------------------------ drawing


def _grid(ax, values, mask, title, cmap, limits, numbers):
    """Cells coloured on a fixed scale (so colours do not jump between frames), values written
    in: :func:`.grids.draw_grid` with the animation's lighter lines and smaller text."""
    grids.draw_grid(
        ax,
        values,
        title,
        blank=~mask,
        cmap=cmap,
        vmin=-limits,
        vmax=limits,
        numbers=numbers,
        fontsize=7,
        title_size=9,
        cell_lines="lines",
    )


def _box(ax, top, left, height, width, color, style="-"):
    """A thin frame under the numbers (:func:`.grids.frame`); a solid one over a white halo, so
    that it shows on the red and blue cells whatever the reader sees of its hue."""
    grids.frame(
        ax,
        top,
        left,
        height,
        width,
        color,
        linewidth=2,
        linestyle=style,
        zorder=1,
        margin=0,
        halo=style == "-",
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
    cmap = palette.KERNEL_CMAP  # every grid on one diverging scale: red positive, blue negative
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

    from ..settings import plot_style

    view = check_view(view)
    _checked_drawing(fps, dpi, size)
    if not isinstance(numbers, (bool, np.bool_)):
        raise ValueError(f"numbers must be True or False, got {numbers!r:.60}")
    xa, ka, s, crops, _ = setup(x, kernel, strides, padding, output_padding)
    steps = frames(x, kernel, strides, padding, output_padding, view)
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
