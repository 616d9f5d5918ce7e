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
