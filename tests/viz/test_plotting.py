"""The figures: grids, frames, image rows, decoder sums."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from transposed_conv.core import ops
from transposed_conv.viz import plotting


def test_grids_layout_and_errors():
    fig = plotting.grids(
        [np.eye(2), np.ones((3, 3))],
        titles=["a", "b"],
        between=["="],
        highlights=[None, np.eye(3, dtype=bool)],
    )
    assert [ax.get_title() for ax in fig.axes if ax.get_title()] == ["a", "b"]
    assert len(fig.axes) == 3  # two grids and the "=" between them
    with pytest.raises(ValueError, match="between"):
        plotting.grids([np.eye(2), np.eye(2)], between=["+", "="])
    with pytest.raises(ValueError, match="titles"):
        plotting.grids([np.eye(2)], titles=["a", "b"])
    with pytest.raises(ValueError, match="values"):
        plotting.grids([np.ones(3)])
    with pytest.raises(ValueError, match="blank"):
        plotting.grids([np.eye(2)], blanks=[np.ones((3, 3), bool)])
    assert plotting.figure_png(fig).startswith(b"\x89PNG")


def test_transposed_layout_draws_three_panels_and_refuses_empty_outputs():
    fig = plotting.transposed_layout(3, 2, 2, 1)
    assert len(fig.axes) == 3 and fig.axes[2].get_title().startswith("output 4x4")
    assert fig.axes[0].get_title().endswith("(5x5)")  # 3 stretched to 5, padded by k-1-p = 0
    with pytest.raises(ValueError, match="padding is too large"):
        plotting.transposed_layout(2, 2, 1, 2)


def test_decoder_drawings_and_animation():
    import matplotlib.pyplot as plt

    filters = np.array([[1.0, 2.0, 1.0], [0.0, 1.0, -1.0], [1.0, 0.0, 0.0]])
    fig, ax = plt.subplots()
    plotting.draw_decoder_sum(ax, filters, [1.0, -1.0, 0.5])
    np.testing.assert_allclose(
        ax.lines[3].get_ydata(), [1.5, 1.0, 2.0]
    )  # the thick line is code @ filters
    with pytest.raises(ValueError, match="code"):
        plotting.draw_decoder_sum(ax, filters, [1.0, 2.0])
    with pytest.raises(ValueError, match="filters"):
        plotting.draw_filters(ax, np.ones(3))
    anim = plotting.decoder_animation(filters, component=1, values=[0.0, 0.5])
    assert "<script" in anim.to_jshtml()
    with pytest.raises(ValueError, match="component"):
        plotting.decoder_animation(filters, component=3)


@pytest.mark.parametrize(
    "call, error, name",
    [
        (lambda ax: plotting.grids([]), ValueError, "arrays"),
        (lambda ax: plotting.grids("ab"), TypeError, "arrays"),
        (lambda ax: plotting.grids([np.eye(2)], titles="a"), TypeError, "titles"),
        (lambda ax: plotting.grids([np.eye(2) + 1j]), TypeError, "values"),
        (lambda ax: plotting.grids([np.eye(2, dtype=bool)]), TypeError, "values"),
        (lambda ax: plotting.grids([np.full((2, 2), None)]), TypeError, "values"),
        (
            lambda ax: plotting.grids([np.eye(2)], highlights=[np.ones((3, 3), bool)]),
            ValueError,
            "highlight",
        ),
        (lambda ax: plotting.draw_grid(ax, np.eye(2), highlight=[(5, 0)]), ValueError, "highlight"),
        (
            lambda ax: plotting.draw_grid(ax, np.eye(2), highlight=[0.5, 1.0]),
            ValueError,
            "highlight",
        ),
        (lambda ax: plotting.draw_grid(ax, np.eye(2), vmin=True), TypeError, "vmin"),
        (lambda ax: plotting.draw_grid(ax, np.eye(2), vmin=2, vmax=1), ValueError, "vmin"),
        (lambda ax: plotting.draw_grid(ax, np.eye(2), cmap="nope"), ValueError, "cmap"),
        (lambda ax: plotting.draw_grid(ax, np.eye(2), numbers=None), TypeError, "numbers"),
        (
            lambda ax: plotting.draw_grid(ax, np.eye(2), highlight_color="nope"),
            ValueError,
            "highlight_color",
        ),
        (lambda ax: plotting.draw_grid(ax, np.ones((1000, 1000))), ValueError, "values"),
        (lambda ax: plotting.draw_grid(None, np.eye(2)), TypeError, "ax"),
        (lambda ax: plotting.draw_decoder_sum(ax, np.ones(3), [1.0]), ValueError, "filters"),
        (lambda ax: plotting.draw_decoder_sum(ax, np.ones((2, 3)), [1.0, 2j]), TypeError, "code"),
        (
            lambda ax: plotting.draw_decoder_sum(ax, np.ones((2, 3)), [1.0, 2.0], ylim=(0, np.inf)),
            ValueError,
            "ylim",
        ),
        (lambda ax: plotting.draw_filters(ax, np.ones((2, 3)), labels=["a"]), ValueError, "labels"),
        (lambda ax: plotting.draw_filters(ax, np.ones((2, 0))), ValueError, "filters"),
        (
            lambda ax: plotting.decoder_animation(np.ones((2, 3)), component=True),
            ValueError,
            "component",
        ),
        (lambda ax: plotting.decoder_animation(np.ones((2, 3)), values=[]), ValueError, "values"),
        (
            lambda ax: plotting.decoder_animation(np.ones((2, 3)), interval=0),
            ValueError,
            "interval",
        ),
        (lambda ax: plotting.image_row([]), ValueError, "images"),
        (lambda ax: plotting.image_row([np.eye(2) + 1j]), TypeError, "images"),
        (lambda ax: plotting.image_row([np.eye(2)], size=True), TypeError, "size"),
        (lambda ax: plotting.image_row([np.eye(2)], size=1e9), ValueError, "size"),
        (lambda ax: plotting.figure_png("fig"), TypeError, "fig"),
        (lambda ax: plotting.transposed_layout(10**9, 3), ValueError, "input"),
        (lambda ax: plotting.transposed_layout(3, 3, d=True), ValueError, "d"),
    ],
)
def test_plotting_refuses_bad_arguments_naming_them(call, error, name):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    before = plt.get_fignums()
    try:
        with pytest.raises(error, match=name):
            call(ax)
        assert plt.get_fignums() == before  # a refused call leaves no figure open
    finally:
        plt.close("all")


def test_grids_draw_non_finite_cells_on_a_finite_scale():
    import matplotlib.pyplot as plt

    fig = plotting.grids([np.array([[np.nan, 1.0], [np.inf, -2.0]]), np.eye(2)], shared_scale=True)
    image = fig.axes[0].images[0]
    assert (image.norm.vmin, image.norm.vmax) == (-2.0, 1.0)
    assert [t.get_text() for t in fig.axes[0].texts] == ["nan", "1", "inf", "-2"]
    plt.close(fig)


def _grid_numbers(ax):
    """The numbers written in a drawn grid, as a 2-D array (row by row)."""
    image = ax.images[0].get_array()
    return np.array([float(t.get_text()) for t in ax.texts]).reshape(image.shape)


def _assert_square_cells_of_one_size(fig):
    fig.canvas.draw()  # applies each grid's equal aspect
    sizes = []
    for ax in fig.axes:
        box, (rows, cols) = ax.get_window_extent(), ax.images[0].get_array().shape
        sizes += [box.width / cols, box.height / rows]
    assert max(sizes) - min(sizes) < 1, sizes  # pixels


@pytest.mark.parametrize(
    "i, k, s, p, d",
    [(3, 3, 1, 0, 1), (3, 3, 2, 0, 1), (3, 2, 1, 0, 1), (3, 2, 2, 1, 1), (3, 3, 1, 0, 2)],
)
def test_transposed_layout_arithmetic_adds_up(i, k, s, p, d):
    """Every number drawn is real: the output panel is the sum of the input panel under the kernel
    panel (issue 10)."""
    import matplotlib.pyplot as plt

    fig = plotting.transposed_layout(i, k, s, p, d=d)
    z, kernel, out = (_grid_numbers(ax) for ax in fig.axes)
    np.testing.assert_array_equal(out, ops.conv2d(z, kernel[::-1, ::-1]))
    np.testing.assert_array_equal(
        out, ops.conv2d_transpose(np.ones((i, i)), np.ones((k, k)), s, p, dilation=d)
    )
    assert set(np.unique(z)) <= {0.0, 1.0}  # ones and inserted zeros only
    _assert_square_cells_of_one_size(fig)
    plt.close(fig)


def test_frame_outlines_one_block():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    plotting.draw_grid(ax, np.zeros((4, 4)))
    plotting.frame(ax, 1, 2, height=3, width=2)
    (patch,) = ax.patches
    # the block's cells span x 1.5-3.5 and y 0.5-3.5; the frame sits a tenth of a cell outside,
    # so that the cells' own outlines stay visible
    box = (patch.get_x(), patch.get_y(), patch.get_width(), patch.get_height())
    assert box == pytest.approx((1.4, 0.4, 2.2, 3.2)) and not patch.get_clip_on()
    with pytest.raises(ValueError, match="left"):
        plotting.frame(ax, 0, -1)
    with pytest.raises(ValueError, match="color"):
        plotting.frame(ax, 0, 0, color="nope")
    plotting.frame(ax, 0, 0, margin=0)  # on the cell's edges, as the animations draw it
    box = (ax.patches[-1].get_x(), ax.patches[-1].get_y(), ax.patches[-1].get_width())
    assert box == pytest.approx((-0.5, -0.5, 1))
    with pytest.raises(ValueError, match="margin"):
        plotting.frame(ax, 0, 0, margin=0.7)
    plt.close(fig)


def test_grids_take_one_colormap_per_grid():
    import matplotlib.pyplot as plt

    fig = plotting.grids([np.eye(2), np.eye(3)], cmap=["Greens", "Oranges"])
    assert [ax.images[0].get_cmap().name for ax in fig.axes] == ["Greens", "Oranges"]
    with pytest.raises(ValueError, match="cmap"):
        plotting.grids([np.eye(2), np.eye(3)], cmap=["Greens"])
    with pytest.raises(ValueError, match="cmap"):
        plotting.grids([np.eye(2)], cmap=["nope"])
    plt.close("all")


def test_image_row_fixed_scale():
    """Rounding noise must not be painted as a signal: a fixed scale keeps 1e-7 white."""
    import matplotlib.pyplot as plt

    fig = plotting.image_row([np.eye(3), np.full((3, 3), 1e-7)], vmin=0, vmax=[1, 0.5])
    assert [ax.images[0].norm.vmax for ax in fig.axes] == [1, 0.5] and {
        ax.images[0].norm.vmin for ax in fig.axes
    } == {0}
    with pytest.raises(ValueError, match="vmin"):
        plotting.image_row([np.eye(3)], vmin=2, vmax=1)
    with pytest.raises(ValueError, match="vmax"):
        plotting.image_row([np.eye(3)], vmax=[1, 2])
    plt.close("all")


def test_image_row_draws_one_axes_per_image():
    fig = plotting.image_row([np.eye(3), np.ones((3, 3))], titles=["a", "b"])
    assert len(fig.axes) == 2 and fig.axes[1].get_title() == "b"
    with pytest.raises(ValueError, match="images"):
        plotting.image_row([np.ones(3)])
    with pytest.raises(ValueError, match="titles"):
        plotting.image_row([np.eye(2)], titles=["a", "b"])


def test_figure_row_sizes_cells_equally_and_refuses_bad_rows():
    from transposed_conv.viz import canvas

    fig, axes, cell = canvas.figure_row([2, 4], 3, title_lines=1, max_width=11.0)
    assert len(axes) == 2 and cell == canvas.CELL  # 7 cells wide fit in 11 inches
    fig.canvas.draw()
    boxes = [ax.get_position().transformed(fig.transFigure) for ax in axes]
    assert boxes[1].width == pytest.approx(2 * boxes[0].width)  # square cells, same size
    plt_close(fig)
    _, _, small = canvas.figure_row([30, 30], 2, max_width=6.1)
    assert small == pytest.approx(6.1 / 61)  # a wide row shrinks its cells
    plt_close()

    def endless():
        while True:
            yield 1

    for bad, name in (
        (dict(widths=endless()), "widths"),
        (dict(widths=[]), "widths"),
        (dict(widths=[2, 0]), "widths"),
        (dict(height=10**6), "height"),
        (dict(title_lines=-1), "title_lines"),
        (dict(max_width=float("nan")), "max_width"),
    ):
        args = dict(widths=[2, 3], height=2) | bad
        with pytest.raises((TypeError, ValueError), match=name):
            canvas.figure_row(**args)


def plt_close(fig="all"):
    import matplotlib.pyplot as plt

    plt.close(fig)
