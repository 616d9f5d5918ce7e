"""The figures (grids, frames, image rows, decoder sums) and the explorers."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from transposed_conv.core import ops
from transposed_conv.viz import plotting, widgets


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


def test_output_cell_explorer_redraws_when_a_slider_moves():
    explorer = widgets.output_cell_explorer([[0, 1], [2, 3]], [[0, 1], [2, 3]], strides=1)
    first_image, first_caption = explorer.image.value, explorer.caption.value
    assert "output[0, 0] = 0" in first_caption
    explorer.controls["row"].value = 1
    explorer.controls["col"].value = 1
    assert explorer.redraws == 3
    assert "output[1, 1] = 4" in explorer.caption.value  # 0*3 + 1*2 + 2*1 + 3*0
    assert explorer.image.value != first_image
    assert 'alt="' in explorer.image.value and "output[1, 1] = 4" in explorer.image.value
    with pytest.raises(ValueError, match="2-D"):
        widgets.output_cell_explorer(np.ones(3), np.ones((2, 2)))


def test_an_explorer_picture_is_an_img_whose_alt_is_the_caption_as_text():
    tag = widgets.picture(b"\x89PNG fake", "<b>output</b> size 6 &lt; 7<br>x")
    assert tag.startswith('<img src="data:image/png;base64,')
    assert tag.endswith('alt="output size 6 &lt; 7 x">')


def test_shape_explorer_states_size_and_refuses_bad_settings():
    explorer = widgets.shape_explorer(i=4, k=3, s=1, p=0)
    assert "output size 6" in explorer.caption.value
    explorer.controls["p"].value = 2
    assert "output size 2" in explorer.caption.value
    explorer.controls["output_padding"].value = 1  # not smaller than stride 1
    assert (
        "Not a valid setting" in explorer.caption.value
        and "output_padding" in explorer.caption.value
    )
    with pytest.raises(ValueError, match="unknown"):
        widgets.shape_explorer(q=3)


def test_transposed_layout_draws_three_panels_and_refuses_empty_outputs():
    fig = plotting.transposed_layout(3, 2, 2, 1)
    assert len(fig.axes) == 3 and fig.axes[2].get_title().startswith("output 4x4")
    assert fig.axes[0].get_title().endswith("(5x5)")  # 3 stretched to 5, padded by k-1-p = 0
    with pytest.raises(ValueError, match="padding is too large"):
        plotting.transposed_layout(2, 2, 1, 2)


def test_code_explorer_draws_the_weighted_sum():
    filters = np.array([[1.0, 0, 0, 0], [0, 1.0, 0, 0], [0, 0, 1.0, 1.0]])
    explorer = widgets.code_explorer(filters, start=(0.5, 0.0, 0.0))
    assert "+0.500, +0.000, +0.000, +0.000" in explorer.caption.value
    explorer.controls["c2"].value = -0.25
    assert "+0.500, +0.000, -0.250, -0.250" in explorer.caption.value and explorer.redraws == 2
    with pytest.raises(ValueError, match="filters"):
        widgets.code_explorer(np.ones((2, 4)))


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


def test_output_cell_explorer_marks_the_sum_and_draws_the_flipped_kernel():
    import matplotlib.pyplot as plt

    x = np.array([[0.0, 1.0], [2.0, 3.0]])
    kernel = np.array([[0.0, 1.0], [2.0, 3.0]])
    explorer = widgets.output_cell_explorer(x, kernel, strides=2)
    fig, caption = explorer.draw(row=2, col=1)
    ax_x, ax_k, ax_z, ax_f, ax_out = fig.axes
    np.testing.assert_array_equal(
        _grid_numbers(ax_f), kernel[::-1, ::-1]
    )  # the collect view uses the flipped kernel

    def outlined(ax, color):
        return sorted(
            (round(p.get_y() + 0.5), round(p.get_x() + 0.5))
            for p in ax.patches
            if p.get_width() == 1 and matplotlib.colors.same_color(p.get_edgecolor(), color)
        )

    red = plotting.SUM_COLOR
    assert outlined(ax_x, red) == [(1, 0)] and outlined(ax_k, red) == [
        (0, 1)
    ]  # x[1, 0] meets kernel[0, 1]
    assert outlined(ax_z, red) == [(3, 1)] and outlined(ax_f, red) == [
        (1, 0)
    ]  # the same value meets flipped[1, 0]
    assert outlined(ax_out, red) == [(2, 1)]
    frames = [
        p
        for p in ax_z.patches
        if matplotlib.colors.same_color(p.get_edgecolor(), plotting.WINDOW_COLOR)
    ]
    # the window, one frame around its 2x2 cells (a tenth of a cell outside them)
    assert len(frames) == 1
    assert (frames[0].get_width(), frames[0].get_height()) == pytest.approx((2.2, 2.2))
    assert (
        "distribute: 2·1" in caption and "collect (flipped kernel over the window): 2·1" in caption
    )
    _assert_square_cells_of_one_size(fig)
    plt.close(fig)
    # a zero input value is still a term of both sums
    _, caption = explorer.draw(row=1, col=1)
    assert (
        "distribute: 0·3" in caption and "collect (flipped kernel over the window): 0·3" in caption
    )


@pytest.mark.parametrize(
    "build, error, name",
    [
        (lambda: widgets.output_cell_explorer(np.eye(2) + 1j, np.eye(2)), TypeError, "x"),
        (lambda: widgets.output_cell_explorer(np.eye(2, dtype=bool), np.eye(2)), TypeError, "x"),
        (lambda: widgets.output_cell_explorer(np.full((2, 2), None), np.eye(2)), TypeError, "x"),
        (lambda: widgets.output_cell_explorer("ab", np.eye(2)), TypeError, "x"),
        (lambda: widgets.output_cell_explorer(np.empty((0, 2)), np.eye(2)), ValueError, "x"),
        (lambda: widgets.output_cell_explorer(np.eye(2), np.empty((2, 0))), ValueError, "kernel"),
        (lambda: widgets.output_cell_explorer(np.eye(2), [[1.0, np.nan]]), ValueError, "kernel"),
        (lambda: widgets.output_cell_explorer(np.ones((50, 50)), np.eye(2)), ValueError, "x"),
        (
            lambda: widgets.output_cell_explorer(np.eye(2), np.eye(2), strides=True),
            ValueError,
            "strides",
        ),
        (
            lambda: widgets.output_cell_explorer(np.eye(2), np.eye(2), strides=10**9),
            ValueError,
            "strides",
        ),
        (lambda: widgets.code_explorer(np.ones((3, 4)) + 1j), TypeError, "filters"),
        (lambda: widgets.code_explorer(np.ones((3, 4), dtype=bool)), TypeError, "filters"),
        (lambda: widgets.code_explorer(np.full((3, 4), None)), TypeError, "filters"),
        (lambda: widgets.code_explorer(np.ones((3, 0))), ValueError, "filters"),
        (lambda: widgets.code_explorer(np.ones((3, 4)), start=(0, 0)), ValueError, "start"),
        (lambda: widgets.code_explorer(np.ones((3, 4)), start=(0, 0, 1j)), TypeError, "start"),
        (lambda: widgets.code_explorer(np.ones((3, 4)), start=(0, 0, 5)), ValueError, "start"),
        (lambda: widgets.shape_explorer(i=2.5), ValueError, "i"),
        (lambda: widgets.shape_explorer(k=True), ValueError, "k"),
        (lambda: widgets.shape_explorer(s=99), ValueError, "s"),
    ],
)
def test_widget_builders_refuse_bad_input_naming_it(build, error, name):
    import re

    with pytest.raises(error, match=rf"^{re.escape(name)} "):
        build()


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
