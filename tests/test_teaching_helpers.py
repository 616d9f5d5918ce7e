"""Teaching helpers: distribute terms, feeders, bilinear kernel, grids and the explorers."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from transposed_conv import ops, plotting, widgets


def test_distribute_terms_sum_to_the_transposed_convolution(rng):
    x = rng.normal(size=(3, 2))
    kernel = rng.normal(size=(2, 3))
    for s, d in [(1, 1), (2, 1), (3, 2)]:
        terms, reached = ops.distribute_terms(x, kernel, s, d)
        np.testing.assert_allclose(terms.sum(axis=(0, 1)), ops.conv2d_transpose(x, kernel, s, dilation=d), atol=1e-12)
        assert reached.sum(axis=(2, 3)).tolist() == [[6, 6]] * 3  # each copy covers kh*kw cells
    with pytest.raises(ValueError, match="single-channel"):
        ops.distribute_terms(np.ones((1, 2, 2, 1)), np.ones((2, 2, 1, 1)))


def test_feeders_reassemble_every_output_cell(rng):
    x = rng.normal(size=(3, 4))
    kernel = rng.normal(size=(3, 2))
    for kw in [dict(strides=2), dict(strides=(2, 3), padding=1, output_padding=1), dict(padding="same", strides=2), dict(dilation=2)]:
        out = ops.conv2d_transpose(x, kernel, **kw)
        for cell in np.ndindex(out.shape):
            total = sum(x[i, j] * kernel[a, b] for i, j, a, b in ops.feeders(x.shape, kernel.shape, cell, **kw))
            assert abs(total - out[cell]) < 1e-12
    with pytest.raises(ValueError, match="cell"):
        ops.feeders((2, 2), (2, 2), (3, 0))
    with pytest.raises(ValueError, match="cell"):
        ops.feeders((2, 2), (2, 2), 5)


def test_bilinear_kernel_matches_fcn_recipe():
    # FCN's upsample_filt: factor 2 -> 4 taps [1, 3, 3, 1]/4 per axis; factor 3 -> [1, 2, 3, 2, 1]/3
    np.testing.assert_allclose(ops.bilinear_kernel(2), np.outer([0.25, 0.75, 0.75, 0.25], [0.25, 0.75, 0.75, 0.25]))
    np.testing.assert_allclose(ops.bilinear_kernel(3)[2], np.array([1, 2, 3, 2, 1]) / 3)
    with pytest.raises(ValueError, match="factor"):
        ops.bilinear_kernel(0)


def test_grids_layout_and_errors():
    fig = plotting.grids([np.eye(2), np.ones((3, 3))], titles=["a", "b"], between=["="], highlights=[None, np.eye(3, dtype=bool)])
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
    with pytest.raises(ValueError, match="2-D"):
        widgets.output_cell_explorer(np.ones(3), np.ones((2, 2)))


def test_shape_explorer_states_size_and_refuses_bad_settings():
    explorer = widgets.shape_explorer(i=4, k=3, s=1, p=0)
    assert "output size 6" in explorer.caption.value
    explorer.controls["p"].value = 2
    assert "output size 2" in explorer.caption.value
    explorer.controls["output_padding"].value = 1  # not smaller than stride 1
    assert "Not a valid setting" in explorer.caption.value and "output_padding" in explorer.caption.value
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
    np.testing.assert_allclose(ax.lines[3].get_ydata(), [1.5, 1.0, 2.0])  # the thick line is code @ filters
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
        (lambda ax: plotting.grids([np.eye(2)], highlights=[np.ones((3, 3), bool)]), ValueError, "highlight"),
        (lambda ax: plotting.draw_grid(ax, np.eye(2), highlight=[(5, 0)]), ValueError, "highlight"),
        (lambda ax: plotting.draw_grid(ax, np.eye(2), highlight=[0.5, 1.0]), ValueError, "highlight"),
        (lambda ax: plotting.draw_grid(ax, np.eye(2), vmin=True), TypeError, "vmin"),
        (lambda ax: plotting.draw_grid(ax, np.eye(2), vmin=2, vmax=1), ValueError, "vmin"),
        (lambda ax: plotting.draw_grid(ax, np.eye(2), cmap="nope"), ValueError, "cmap"),
        (lambda ax: plotting.draw_grid(ax, np.eye(2), numbers=None), TypeError, "numbers"),
        (lambda ax: plotting.draw_grid(ax, np.eye(2), highlight_color="nope"), ValueError, "highlight_color"),
        (lambda ax: plotting.draw_grid(ax, np.ones((1000, 1000))), ValueError, "values"),
        (lambda ax: plotting.draw_grid(None, np.eye(2)), TypeError, "ax"),
        (lambda ax: plotting.draw_decoder_sum(ax, np.ones(3), [1.0]), ValueError, "filters"),
        (lambda ax: plotting.draw_decoder_sum(ax, np.ones((2, 3)), [1.0, 2j]), TypeError, "code"),
        (lambda ax: plotting.draw_decoder_sum(ax, np.ones((2, 3)), [1.0, 2.0], ylim=(0, np.inf)), ValueError, "ylim"),
        (lambda ax: plotting.draw_filters(ax, np.ones((2, 3)), labels=["a"]), ValueError, "labels"),
        (lambda ax: plotting.draw_filters(ax, np.ones((2, 0))), ValueError, "filters"),
        (lambda ax: plotting.decoder_animation(np.ones((2, 3)), component=True), ValueError, "component"),
        (lambda ax: plotting.decoder_animation(np.ones((2, 3)), values=[]), ValueError, "values"),
        (lambda ax: plotting.decoder_animation(np.ones((2, 3)), interval=0), ValueError, "interval"),
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
