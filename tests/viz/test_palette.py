"""The course's palette keeps its distinctions for colour-blind readers.

Each pair of colours that a figure tells apart is compared in normal vision and under simulated
deuteranopia, protanopia and tritanopia (Machado et al. 2009, full severity:
``tools/colour_blind.py``), with the CIEDE2000 colour difference. A pair that falls below its
threshold must have a second cue, and the drawing code must draw it.

Thresholds. A CIEDE2000 difference of about 1 is just noticeable between two patches that
touch; 2-3 is what a careful eye sees at a glance. The fills of two grids sit in different panels
and are compared across a gap, so they must differ by :data:`FILL_GAP` = 10, four to five times
that (the measured failure, 02's green stretched input against its red kernel under
deuteranopia, is 4.1). A cell outline is a line 2.5 points wide drawn on its cell, so it needs
more than a fill: :data:`OUTLINE_GAP` = 20 between the fill and the outline or its halo (crimson
on the kernel's red is 3, in normal vision too). Lines of a plot, thin and crossing each other,
need :data:`LINE_GAP` = 10, or another style.
"""

import numpy as np
import pytest

if int(np.__version__.split(".")[0]) < 2:  # the floor venv (NumPy 1.26): no colour-science there
    pytest.skip("colour-science 0.4.7 needs NumPy 2", allow_module_level=True)

import colour_blind  # tools/colour_blind.py (tests/conftest.py puts tools/ on the path)
import matplotlib
import matplotlib.pyplot as plt

from transposed_conv.viz import grids, palette, plotting

FILL_GAP, OUTLINE_GAP, LINE_GAP = 10.0, 20.0, 10.0
VISIONS = (None, *colour_blind.DEFICIENCIES)


def rgb(name):
    return np.array(matplotlib.colors.to_rgb(name))


def typical_fills(cmap):
    """The fills most cells of a grid get: the middle of a sequential scale, the positive half
    of the kernel's diverging one (its negative half is blue, like the input's scale)."""
    levels = (0.75, 0.9) if cmap == palette.KERNEL_CMAP else (0.5, 0.75)
    return [np.array(matplotlib.colormaps[cmap](level)[:3]) for level in levels]


def all_fills(cmap):
    return [np.array(matplotlib.colormaps[cmap](level)[:3]) for level in np.linspace(0, 1, 11)]


def seen(colour, vision):
    return colour if vision is None else colour_blind.simulate(colour, vision)


def smallest_difference(a_colours, b_colours):
    """The smallest CIEDE2000 difference between a colour of each list, over every vision,
    as ``(difference, vision)``."""
    return min(
        (colour_blind.delta_e(seen(a, v), seen(b, v)), v or "normal")
        for a in a_colours
        for b in b_colours
        for v in VISIONS
    )


# Grids drawn side by side in one figure with different roles, and where.
FILL_PAIRS = {
    "stretched input / kernel (02's explorer)": ("STRETCHED_CMAP", "KERNEL_CMAP"),
    "stretched input / output (02, 03)": ("STRETCHED_CMAP", "OUTPUT_CMAP"),
    "stretched input / kernel of ones (03's layout)": ("STRETCHED_CMAP", "KERNEL_ONES_CMAP"),
    "kernel of ones / output (03's layout)": ("KERNEL_ONES_CMAP", "OUTPUT_CMAP"),
    "input / output (02's distribute figures)": ("INPUT_CMAP", "OUTPUT_CMAP"),
    "input / kernel (02's explorer)": ("INPUT_CMAP", "KERNEL_CMAP"),
}


@pytest.mark.parametrize("pair", FILL_PAIRS)
def test_fills_of_different_roles_stay_apart(pair):
    a, b = (getattr(palette, name) for name in FILL_PAIRS[pair])
    gap, vision = smallest_difference(typical_fills(a), typical_fills(b))
    assert gap >= FILL_GAP, f"{pair}: {a} and {b} differ by only {gap:.1f} under {vision}"


# Each outline colour and the fills it is drawn on.
OUTLINED = {
    "SUM_COLOR": ("INPUT_CMAP", "STRETCHED_CMAP", "KERNEL_CMAP", "OUTPUT_CMAP", "KERNEL_ONES_CMAP"),
    "INPUT_COLOR": ("INPUT_CMAP", "STRETCHED_CMAP", "KERNEL_CMAP"),  # 02; 03; 10's animation
}


@pytest.mark.parametrize("outline", OUTLINED)
def test_every_outline_shows_on_every_fill_it_is_drawn_on(outline):
    rings = [rgb(getattr(palette, outline)), rgb(palette.HALO_COLOR)]
    for cmap in (getattr(palette, name) for name in OUTLINED[outline]):
        for fill in all_fills(cmap):
            for vision in VISIONS:
                best = max(colour_blind.delta_e(seen(r, vision), seen(fill, vision)) for r in rings)
                assert best >= OUTLINE_GAP, (
                    f"{outline} on {cmap} {np.round(fill, 2)} under {vision or 'normal'}: "
                    f"neither it nor its halo differs by {OUTLINE_GAP} (best {best:.1f})"
                )


@pytest.mark.parametrize(
    "a, b", [("SUM_COLOR", "INPUT_COLOR"), ("SUM_COLOR", "WINDOW_COLOR")], ids=str
)
def test_outline_colours_with_different_meanings_stay_apart(a, b):
    gap, vision = smallest_difference([rgb(getattr(palette, a))], [rgb(getattr(palette, b))])
    assert gap >= OUTLINE_GAP, f"{a} and {b} differ by only {gap:.1f} under {vision}"


def _white_pixels_inside(draw):
    """How many near-white pixels a figure drawn by ``draw(ax)`` has inside its one dark cell."""
    fig, ax = plt.subplots(figsize=(1, 1), dpi=100)
    ax.set_position([0, 0, 1, 1])
    draw(ax)
    ax.set_axis_off()
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba())[2:98, 2:98, :3]  # the cell, less its edge
    plt.close(fig)
    return int((pixels.min(axis=2) > 240).sum())


def test_outlines_draw_their_halo():
    """The halo is drawn: a dark cell's outline leaves a white ring inside the cell."""
    dark = np.array([[1.0]])

    def outlined(ax):
        grids.draw_grid(ax, dark, highlight=[(0, 0)], vmin=0, vmax=1, numbers=False)

    def plain(ax):
        grids.draw_grid(ax, dark, vmin=0, vmax=1, numbers=False)

    def framed(ax):
        plain(ax)
        grids.frame(ax, 0, 0, color=palette.SUM_COLOR, linewidth=2, margin=0, halo=True)

    assert _white_pixels_inside(plain) == 0
    assert _white_pixels_inside(outlined) > 100
    assert _white_pixels_inside(framed) > 100


def test_the_drawing_code_uses_the_palette():
    fig = plotting.transposed_layout(2, 2, 2)
    assert [ax.images[0].get_cmap().name for ax in fig.axes] == [
        palette.STRETCHED_CMAP,
        palette.KERNEL_ONES_CMAP,
        palette.OUTPUT_CMAP,
    ]
    plt.close(fig)
    fig, ax = plt.subplots()
    assert grids.kernel_grid(ax, np.eye(2)).images[0].get_cmap().name == palette.KERNEL_CMAP
    assert grids.draw_grid(ax, np.eye(2)).images[-1].get_cmap().name == palette.INPUT_CMAP
    plt.close(fig)
    assert (plotting.SUM_COLOR, plotting.INPUT_COLOR, plotting.WINDOW_COLOR) == (
        palette.SUM_COLOR,
        palette.INPUT_COLOR,
        palette.WINDOW_COLOR,
    )


def test_filter_lines_differ_in_colour_or_in_style():
    colours, styles, markers = palette.FILTER_COLORS, palette.FILTER_STYLES, palette.FILTER_MARKERS
    for i in range(len(colours)):
        for j in range(i):
            gap, _ = smallest_difference([rgb(colours[i])], [rgb(colours[j])])
            assert gap >= LINE_GAP or (styles[i] != styles[j] and markers[i] != markers[j]), (
                f"filters {j + 1} and {i + 1}: {colours[j]} and {colours[i]} differ by {gap:.1f}"
            )
    filters = np.eye(3, 5)
    fig, (ax_sum, ax_filters) = plt.subplots(1, 2)
    plotting.draw_decoder_sum(ax_sum, filters, [0.5, -0.5, 1.0])
    plotting.draw_filters(ax_filters, filters)
    shown = [line.get_linestyle() for line in ax_sum.lines[:3]]
    assert shown == [matplotlib.lines.Line2D([], [], linestyle=s).get_linestyle() for s in styles]
    assert [line.get_marker() for line in ax_filters.lines[:3]] == list(markers)
    assert [line.get_linestyle() for line in ax_filters.lines[:3]] == shown
    plt.close(fig)
