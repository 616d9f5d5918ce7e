"""Explorers that run in the reader's browser, wherever the course is read.

An explorer is one HTML output: a matplotlib picture of its starting state with its caption
(what GitHub's preview, or an untrusted notebook, shows), a JSON config, and two scripts of
this package, ``explorer_math.js`` (the arithmetic of :mod:`..core.shapes` and
:mod:`..core.ops`, checked against them in Chromium by ``tests/browser``) and
``explorers.js`` (labelled native controls and an SVG, redrawn on every change). Once the
output's script runs (JupyterLab, Colab and VS Code after the cell runs; the course site;
nbviewer) the controls replace the picture. No kernel and no widget manager is needed, so the
site, nbviewer and a saved notebook respond as a running one does.

This module also writes the captions, as the script writes them: the static caption is
Python's, the live one the script's, and the tests compare the two.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import json
from importlib import resources

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_hex

from ..core import ops, shapes
from ..core.arguments import check_int, real_array, real_number
from . import grids, images, palette, signals
from .canvas import figure_row, sequence
from .explorer_text import (  # noqa: F401  (explorers.transposed_caption & co.)
    K_CYCLE,
    MAX_SIDE,
    OUTPUT_PADDINGS,
    PADDINGS,
    RANGES,
    X_CYCLE,
    checked_grid,
    code_caption,
    input_values,
    kernel_values,
    ops_arguments,
    transposed_caption,
    transposed_state,
)

_counter = itertools.count()
GRIDS = (
    "Six grids. Distribute: the input, the kernel and the full output, with the part the "
    "padding keeps framed dashed. Collect: the stretched, padded input with the flipped "
    "kernel's window framed in black, the flipped kernel and the output. Red outlines mark "
    "what enters the marked output cell's sum."
)


def script(name: str) -> str:
    """The text of one of the package's explorer scripts, ``"explorer_math"`` or ``"explorers"``."""
    if name not in ("explorer_math", "explorers"):
        raise ValueError(f"name must be 'explorer_math' or 'explorers', got {name!r:.60}")
    return resources.files(__package__).joinpath(f"{name}.js").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- static pictures


def _cell_figure(x, kernel, s, st, padding, op, d, dims):
    """The starting state in matplotlib: distribute (input, kernel, full output with its crop)
    and collect (stretched + padded input with the window, flipped kernel, output)."""
    kh, kw = kernel.shape
    r, c = st["cell"]
    sends = np.zeros(x.shape, bool)
    used = np.zeros(kernel.shape, bool)
    for i, j, a, b in st["feeders"]:
        sends[i, j] = used[a, b] = True
    first = (x.shape[0], kh, s, padding, op, d) if dims == 2 else (1, 1, 1, 0, None, 1)
    settings = [first, (x.shape[1], kw, s, padding, op, d)]  # per axis: (i, k, s, padding, op, d)
    (start_h, len_h), (start_w, len_w) = (shapes.conv_transpose_crop(*a) for a in settings)
    span_h, span_w = (shapes.effective_kernel_size(a[1], a[5]) for a in settings)
    args = ops_arguments(dims, s, padding, op, d)
    s_h, s_w = args["strides"]
    z = ops.stretch(x, (s_h, s_w))
    ones = ops.stretch(np.ones(x.shape), (s_h, s_w))
    for axis, (span, start, length) in enumerate(
        ((span_h, start_h, len_h), (span_w, start_w, len_w))
    ):
        before = span - 1 - start
        after = length + span - 1 - before - z.shape[axis]
        z = ops.pad_or_crop(z, axis, before, after)
        ones = ops.pad_or_crop(ones, axis, before, after)
    is_input = ones > 0
    in_sum = np.zeros(z.shape, bool)
    dh = d if dims == 2 else 1
    in_sum[r : r + span_h : dh, c : c + span_w : d] = is_input[
        r : r + span_h : dh, c : c + span_w : d
    ]
    full = ops.conv2d_transpose(x, kernel, args["strides"], 0, None, args["dilation"])
    fh, fw = max(full.shape[0], start_h + len_h), max(full.shape[1], start_w + len_w)
    shown_full = np.zeros((fh, fw))
    shown_full[: full.shape[0], : full.shape[1]] = full
    flipped_used = used[::-1, ::-1]
    out_mark = np.zeros(st["output"].shape, bool)
    out_mark[r, c] = True
    panels = [
        (x, "distribute:\ninput", palette.INPUT_CMAP, sends),
        (kernel, "\nkernel", palette.KERNEL_CMAP, used),
        (shown_full, "full output,\ncrop dashed", palette.OUTPUT_CMAP, None),
        (z, "collect: stretched\n+ padded input", palette.STRETCHED_CMAP, in_sum),
        (kernel[::-1, ::-1], "\nflipped kernel", palette.KERNEL_CMAP, flipped_used),
        (st["output"], "\noutput", palette.OUTPUT_CMAP, out_mark),
    ]
    fig, axes, cell = figure_row(
        [a.shape[1] for a, *_ in panels], max(a.shape[0] for a, *_ in panels)
    )
    for ax, (values, title, cmap, mark) in zip(axes, panels, strict=True):
        kwargs = dict(highlight=mark, numbers=cell >= 0.2)
        if cmap == palette.KERNEL_CMAP:
            grids.kernel_grid(ax, values, title, **kwargs)
        else:
            grids.draw_grid(ax, values, title, cmap=cmap, **kwargs)
    grids.frame(
        axes[2],
        start_h,
        start_w,
        len_h,
        len_w,
        color=palette.CROP_COLOR,
        linewidth=2,
        linestyle="--",
        margin=0,
    )
    grids.frame(axes[3], r, c, span_h, span_w)
    return fig


# --------------------------------------------------------------------------- the HTML output


def _style() -> dict:
    return dict(
        sum=to_hex(palette.SUM_COLOR),
        input=to_hex(palette.INPUT_COLOR),
        window=to_hex(palette.WINDOW_COLOR),
        crop=to_hex(palette.CROP_COLOR),
        halo=to_hex(palette.HALO_COLOR),
        outline_width=palette.OUTLINE_WIDTH * 0.9,
        halo_width=palette.HALO_WIDTH * 0.9,
        filter_colors=[to_hex(c) for c in palette.FILTER_COLORS],
        filter_dashes=[{"-": "", "--": "6 3", ":": "2 2"}[ls] for ls in palette.FILTER_STYLES],
        sum_line=to_hex(palette.SUM_LINE_COLOR),
    )


def _cmaps() -> dict:
    names = dict(
        input=palette.INPUT_CMAP,
        stretched=palette.STRETCHED_CMAP,
        kernel=palette.KERNEL_CMAP,
        output=palette.OUTPUT_CMAP,
    )
    return {
        role: [list(plt.get_cmap(name)(t)[:3]) for t in np.linspace(0, 1, 11)]
        for role, name in names.items()
    }


class Explorer:
    """One explorer: ``config`` for the script, the static ``figure`` and ``caption`` lines.

    Jupyter shows it through :meth:`_repr_html_`; :meth:`html` is the same text.
    """

    def __init__(self, config: dict, figure, caption: list, label: str, description: str):
        self.config = dict(
            config, label=label, description=description, style=_style(), cmaps=_cmaps()
        )
        self.caption = list(caption)
        self.png = images.figure_png(figure)
        number = next(_counter)
        digest = hashlib.sha1(json.dumps(self.config, sort_keys=True).encode()).hexdigest()[:10]
        self.id = f"tc-explorer-{digest}-{number}"

    def html(self) -> str:
        alt = html.escape(self.config["description"] + " " + ". ".join(self.caption))
        lines = "".join(f"<div>{html.escape(line)}</div>" for line in self.caption)
        data = base64.b64encode(self.png).decode("ascii")
        config = json.dumps(self.config, separators=(",", ":")).replace("</", "<\\/")
        return (
            f'<div class="tc-explorer" id="{self.id}">'
            f'<div class="tc-static"><div class="tc-caption">{lines}</div>'
            f'<img src="data:image/png;base64,{data}" alt="{alt}">'
            "<p><em>A picture of the explorer's starting state: run this cell, or open the "
            "course's website, to move its controls.</em></p></div>"
            f'<script type="application/json" class="tc-config">{config}</script>'
            f"<script>{script('explorer_math')}\n{script('explorers')}\n"
            f'TCExplorers.mount("{self.id}");</script></div>'
        )

    def _repr_html_(self) -> str:
        return self.html()


def _padding(text):
    return text if text in ("valid", "same") else int(text)


def _op(text):
    return None if text in ("None", None) else int(text)


def _range(name, label, lo, hi, value, step=1):
    return dict(name=name, label=label, kind="range", min=lo, max=hi, step=step, value=value)


def _select(name, label, options, value):
    return dict(name=name, label=label, kind="select", options=options, value=value)


def transposed_explorer(i=3, k=3, s=2, padding=1, output_padding=1, d=1, dims=2, row=0, col=0):
    """The explorer of every setting (notebook 03): input size, kernel, stride, padding
    (PyTorch's integer or Keras' ``"valid"``/``"same"``), ``output_padding`` (``None`` or an
    integer), dilation, 1-D or 2-D, and an output cell. Each starting value must lie in its
    control's range (``RANGES``, ``PADDINGS``, ``OUTPUT_PADDINGS``), else ``ValueError``."""
    start = dict(i=i, k=k, s=s, d=d)
    for name, (_, lo, hi) in RANGES.items():
        if check_int(name, start[name], lo) > hi:
            raise ValueError(
                f"{name} must be at most {hi} (the control's end), got {start[name]!r}"
            )
    if str(padding) not in PADDINGS:
        raise ValueError(f"padding must be one of {', '.join(PADDINGS)}, got {padding!r:.60}")
    if str(output_padding) not in OUTPUT_PADDINGS:
        raise ValueError(f"output_padding must be None or 0 to 3, got {output_padding!r:.60}")
    if dims not in (1, 2):
        raise ValueError(f"dims must be 1 or 2, got {dims!r:.60}")
    row, col = check_int("row", row, 0), check_int("col", col, 0)
    pad, op = _padding(str(padding)), _op(str(output_padding))
    x, kernel = input_values(i, dims), kernel_values(k, dims)
    cell = (row, col) if dims == 2 else (0, row)
    st = transposed_state(x, kernel, dims, s, pad, op, d, cell)
    if st["error"]:
        raise ValueError(f"the starting setting cannot be drawn: {st['error']}")
    controls = [
        _select("dims", "dimensions", [["2", "2-D"], ["1", "1-D"]], str(dims)),
        *(_range(n, label, lo, hi, start[n]) for n, (label, lo, hi) in RANGES.items() if n != "d"),
        _select(
            "padding",
            "padding",
            [
                [p, f"PyTorch padding={p}" if p[0].isdigit() else f"Keras padding='{p}'"]
                for p in PADDINGS
            ],
            str(padding),
        ),
        _select(
            "output_padding",
            "output_padding",
            [[o, o] for o in OUTPUT_PADDINGS],
            str(output_padding),
        ),
        _range("d", RANGES["d"][0], 1, 3, d),
        _range("row", "output row", 0, 11, row),
        _range("col", "output column", 0, 11, col),
    ]
    config = dict(
        kind="transposed",
        controls=controls,
        fixed={},
        x_cycle=list(X_CYCLE),
        k_cycle=list(K_CYCLE),
        show=["rule", "matrices", "code"],
    )
    fig = _cell_figure(x, kernel, s, st, pad, op, d, dims)
    plt.close(fig)
    caption = transposed_caption(x, kernel, dims, s, pad, op, d, cell)
    return Explorer(config, fig, caption, "transposed convolution settings", GRIDS)


def output_cell_explorer(x, kernel, strides=1, row=0, col=0):
    """Pick an output cell of one transposed convolution (notebook 02): which inputs and
    kernel weights feed it, distributed and collected. ``x`` and ``kernel`` are non-empty 2-D
    arrays of finite numbers (at most ``MAX_SIDE`` a side), ``strides`` 1 to 4."""
    x, kernel = checked_grid("x", x), checked_grid("kernel", kernel)
    s = check_int("strides", strides, 1)
    if s > 4:
        raise ValueError(f"strides must be at most 4, got {strides!r}")
    row, col = check_int("row", row, 0), check_int("col", col, 0)
    st = transposed_state(x, kernel, 2, s, 0, None, 1, (row, col))
    h, w = st["output"].shape
    config = dict(
        kind="transposed",
        controls=[
            _range("row", "output row", 0, h - 1, st["cell"][0]),
            _range("col", "output column", 0, w - 1, st["cell"][1]),
        ],
        fixed=dict(
            dims=2, s=s, padding=0, output_padding=None, d=1, x=x.tolist(), kernel=kernel.tolist()
        ),
        x_cycle=list(X_CYCLE),
        k_cycle=list(K_CYCLE),
        show=[],
    )
    fig = _cell_figure(x, kernel, s, st, 0, None, 1, 2)
    plt.close(fig)
    caption = transposed_caption(x, kernel, 2, s, 0, None, 1, st["cell"], rule=False)
    return Explorer(config, fig, caption, "output cell", GRIDS)


def code_explorer(filters, start=(0.0, 0.1, 0.2)):
    """Three code values (sliders from -1 to 1) and a 1-D decoder's three filters (rows):
    the scaled filters and their sum, the decoder's output (notebook 06). The filters are
    rounded to 4 decimals, so that the saved page does not change with a CPU's last digits."""
    filters = real_array("filters", filters)
    if filters.ndim != 2:
        raise ValueError(f"filters must be a 2-D array (one filter per row), got {filters.shape}")
    if not np.isfinite(filters).all():
        raise ValueError("filters must hold finite numbers, got NaN or infinity")
    filters = filters.round(4)  # the saved page stays the same on every CPU
    if filters.shape[0] != 3 or not 1 <= filters.shape[1] <= 100:
        raise ValueError(f"filters must have shape (3, k) with k <= 100, got {filters.shape}")
    start = [real_number("start", v) for v in sequence("start", start, limit=3)]
    if len(start) != 3 or any(abs(v) > 1 for v in start):
        raise ValueError(f"start must be three values in [-1, 1], got {start}")
    fig, ax = plt.subplots(figsize=(6, 3.2))
    signals.draw_decoder_sum(
        ax, filters, np.array(start), title="decoder output = weighted sum of its filters"
    )
    fig.tight_layout()
    plt.close(fig)
    controls = [_range(f"c{n}", f"code {n + 1}", -1, 1, start[n], 0.05) for n in range(3)]
    config = dict(kind="code", controls=controls, filters=filters.tolist(), show=[])
    description = (
        "A line plot over the filters' points: each of the three decoder filters scaled by "
        "its code value (filter 1 solid, filter 2 dashed, filter 3 dotted) and their sum, "
        "the decoder's output, as a thick black line."
    )
    return Explorer(config, fig, code_caption(filters, start), "decoder code", description)
