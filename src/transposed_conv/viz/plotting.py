"""The notebooks' static figures in one namespace: ``from transposed_conv.viz import plotting``.

The functions live where they are drawn: :mod:`.grids` (grids with numbers, frames,
the collect layout), :mod:`.images` (image rows, PNG bytes) and :mod:`.signals`
(1-D filters and decoder sums); :mod:`.canvas` holds what they share; :func:`describe`
(:mod:`.describe`) gives a figure the text description the page shows as its ``alt``.
"""

from .describe import animation_html, describe
from .grids import (
    INPUT_COLOR,
    SUM_COLOR,
    WINDOW_COLOR,
    draw_grid,
    frame,
    grids,
    kernel_grid,
    transposed_layout,
)
from .images import figure_png, image_row
from .palette import FILTER_MARKERS, FILTER_STYLES
from .signals import FILTER_COLORS, decoder_animation, draw_decoder_sum, draw_filters

__all__ = [
    "FILTER_COLORS",
    "FILTER_MARKERS",
    "FILTER_STYLES",
    "INPUT_COLOR",
    "SUM_COLOR",
    "WINDOW_COLOR",
    "animation_html",
    "decoder_animation",
    "describe",
    "draw_decoder_sum",
    "draw_filters",
    "draw_grid",
    "figure_png",
    "frame",
    "grids",
    "image_row",
    "kernel_grid",
    "transposed_layout",
]
