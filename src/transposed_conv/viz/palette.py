"""The course's colours in one place: what each one means, and why it was chosen.

Every figure, explorer and animation takes its colours from here, so a grid means the same thing
in every notebook. They are chosen to keep their distinctions for colour-blind readers: checked
with Machado et al.'s (2009) simulation of deuteranopia, protanopia and tritanopia
(``tools/colour_blind.py`` simulates every committed figure; ``tests/viz/test_palette.py`` fails
when a pair below loses its difference). Where hue alone cannot carry a distinction, a second
cue does: every outline has a white halo (:data:`HALO_COLOR`), so it shows on a dark cell and on a
light one whatever the reader sees of its hue, and the filters of a line plot differ in line style
and marker as well as colour.

Grid fills (matplotlib colormap names), one per role, differ in lightness as well as hue:
:data:`INPUT_CMAP`, :data:`STRETCHED_CMAP`, :data:`KERNEL_CMAP`, :data:`KERNEL_ONES_CMAP`,
:data:`OUTPUT_CMAP`. A kernel's blue (negative) side and the input's blues look alike to a
red-green colour-blind reader; their cells always carry their numbers, minus sign included.
"""

from __future__ import annotations

# --------------------------------------------------------------------------- outlines and frames

SUM_COLOR = "crimson"
"""Cell outlines (the default): the cells that enter the sum of a marked output cell."""

INPUT_COLOR = "royalblue"
"""Cell outlines: where the input's values sit in a stretched grid."""

WINDOW_COLOR = "black"
"""A thick frame around a block of cells, set a little outside them: the window a kernel covers."""

CROP_COLOR = "black"
"""The animations' dashed frame: the part of the full output that a padding keeps."""

HALO_COLOR = "white"
"""Drawn under every cell outline, wider than it: the outline's second cue. On a dark cell the
halo shows, on a light one the outline's own colour; hue is not needed to see either."""

OUTLINE_WIDTH = 2.5
"""Line width (points) of a cell outline."""

HALO_WIDTH = 5.0
"""Line width (points) of the halo under a cell outline: 1.25 points of it show on each side."""

# --------------------------------------------------------------------------- grid fills

INPUT_CMAP = "Blues"
"""An input's values (and any grid that has no other role)."""

STRETCHED_CMAP = "Purples"
"""The collect model's stretched, padded input. Purples, not Greens: a red-green colour-blind
reader sees Greens and the kernel's reds as one olive (CIEDE2000 4.1 under deuteranopia)."""

KERNEL_CMAP = "RdBu_r"
"""A kernel's weights on a diverging scale centred on zero: red positive, blue negative."""

KERNEL_ONES_CMAP = "BuGn"
"""A kernel of ones beside a stretched input (:data:`STRETCHED_CMAP`) and an output."""

OUTPUT_CMAP = "Oranges"
"""An output's values."""

# --------------------------------------------------------------------------- line plots

FILTER_COLORS = ("tab:blue", "tab:orange", "tab:green")
"""Filters 1, 2, 3 of a 1-D decoder (and again from the fourth on)."""

FILTER_STYLES = ("-", "--", ":")
"""The filters' line styles: orange and green look alike under protanopia and deuteranopia."""

FILTER_MARKERS = ("o", "s", "^")
"""The filters' markers, where a plot marks its points."""

SUM_LINE_COLOR = "black"
"""A decoder's output, the weighted sum of its filters: a thick solid line."""
