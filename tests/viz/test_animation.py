"""Animation frames add up to ops' results; the GIFs are real, small, looping animations."""

import doctest

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from transposed_conv.core import ops, shapes
from transposed_conv.viz import animation

X3 = np.arange(1.0, 10.0).reshape(3, 3)
K3 = np.array([[1.0, 2.0, 1.0], [0.0, 1.0, 0.0], [-1.0, 0.0, 1.0]])


@st.composite
def setting(draw):
    h, w, kh, kw = (draw(st.integers(1, 4)) for _ in range(4))
    s = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    kind = draw(st.sampled_from(["int", "valid", "same"]))
    if kind == "int":
        op = tuple(draw(st.integers(0, si - 1)) for si in s)
        full = ((h - 1) * s[0] + kh, (w - 1) * s[1] + kw)
        padding = tuple(draw(st.integers(0, (full[a] + op[a] - 1) // 2)) for a in (0, 1))
    else:
        padding, op = kind, None
    return rng.normal(size=(h, w)).round(1), rng.normal(size=(kh, kw)).round(1), s, padding, op


@settings(max_examples=60)
@given(setting())
def test_last_frame_of_both_views_is_ops_result(c):
    x, kernel, s, padding, op = c
    expected = ops.conv2d_transpose(x, kernel, s, padding, op)
    for view in animation.VIEWS:
        last = animation.frames(x, kernel, s, padding, op, view)[-1]
        np.testing.assert_allclose(last.output, expected, rtol=1e-12, atol=1e-12)
        assert last.output_mask.all() or view == "distribute"


@settings(max_examples=30)
@given(setting())
def test_every_distribute_frame_is_the_sum_of_the_stamps_so_far(c):
    x, kernel, s, padding, op = c
    terms, _ = ops.distribute_terms(x, kernel, s)
    pads = padding if isinstance(padding, tuple) else (padding, padding)
    ops_ = op or (None, None)
    crops = [
        shapes.conv_transpose_crop(x.shape[a], kernel.shape[a], s[a], pads[a], ops_[a])
        for a in (0, 1)
    ]
    flat = terms.reshape(-1, *terms.shape[2:])
    for frame in animation.frames(x, kernel, s, padding, op, "distribute"):
        partial = flat[: frame.step].sum(axis=0)
        np.testing.assert_allclose(frame.canvas, partial, atol=1e-12)
        (top, oh), (left, ow) = crops
        grown = np.pad(partial, ((0, oh + top), (0, ow + left)))
        np.testing.assert_allclose(
            frame.output, grown[top : top + oh, left : left + ow], atol=1e-12
        )


@settings(max_examples=30)
@given(setting())
def test_collect_frames_fill_one_cell_at_a_time_with_its_final_value(c):
    x, kernel, s, padding, op = c
    expected = ops.conv2d_transpose(x, kernel, s, padding, op)
    steps = animation.frames(x, kernel, s, padding, op, "collect")
    assert len(steps) == expected.size + 1
    for frame in steps:
        assert frame.output_mask.sum() == frame.step
        np.testing.assert_allclose(
            frame.output[frame.output_mask], expected[frame.output_mask], atol=1e-12
        )
        if frame.source is not None:  # the window's sum is this cell
            r, c_ = frame.source
            top, left, kh, kw = frame.window
            window = frame.canvas[top : top + kh, left : left + kw]
            assert np.sum(window * kernel[::-1, ::-1]) == pytest.approx(expected[r, c_], abs=1e-12)


def test_collect_canvas_by_hand():
    """[1, 2] at stride 2 with a 3-tap kernel, padding 0: stretched [1, 0, 2], 2 zeros each side."""
    last = animation.frames([1.0, 2.0], [1.0, 10.0, 100.0], 2, view="collect")[-1]
    np.testing.assert_array_equal(last.canvas, [[0, 0, 1, 0, 2, 0, 0]])
    np.testing.assert_array_equal(last.canvas_mask, [[0, 0, 1, 0, 1, 0, 0]])
    np.testing.assert_array_equal(
        last.output, [[1, 10, 102, 20, 200]]
    )  # by hand: [1,10,100] + 2*[1,10,100] at 2


@pytest.mark.parametrize("padding, op", [(0, None), (1, 1), ("same", None), ("valid", None)])
def test_one_d_frames_match_conv1d_transpose(padding, op):
    x, kernel = np.array([1.0, -2.0, 0.5, 3.0]), np.array([1.0, 2.0, -1.0])
    expected = ops.conv1d_transpose(x, kernel, 2, padding, op)
    for view in animation.VIEWS:
        np.testing.assert_allclose(
            animation.frames(x, kernel, 2, padding, op, view)[-1].output[0], expected
        )


@pytest.mark.parametrize("view, padding", [("distribute", 0), ("collect", 1)])
def test_gif_is_a_small_looping_animation(tmp_path, view, padding):
    path = animation.save_gif(tmp_path / f"{view}.gif", X3, K3, 2, padding, view=view)
    assert path == tmp_path / f"{view}.gif" and path.stat().st_size < 300_000
    with Image.open(path) as gif:
        assert gif.format == "GIF" and gif.is_animated
        assert gif.n_frames == len(animation.frames(X3, K3, 2, padding, view=view))
        assert gif.info.get("loop") == 0
        sizes = set()
        for index in range(gif.n_frames):
            gif.seek(index)
            sizes.add(gif.size)
        assert len(sizes) == 1


def test_gif_html_and_markdown(tmp_path):
    data = animation.gif_bytes([[1.0, 2.0]], [[1.0, -1.0]], 2, view="distribute", dpi=30)
    html = animation.gif_html(data, alt='a "quoted" alt')
    assert (
        html.data.startswith('<img src="data:image/gif;base64,R0lGOD')
        and "&quot;quoted&quot;" in html.data
    )
    file = tmp_path / "figures" / "a.gif"
    file.parent.mkdir()
    file.write_bytes(data)
    assert animation.markdown_image(file, tmp_path, alt="a") == "![a](figures/a.gif)"
    with pytest.raises(ValueError, match="gif"):
        animation.gif_html(b"\x89PNG")


def test_too_many_frames_is_refused_before_drawing():
    with pytest.raises(ValueError, match="frames"):
        animation.frames(np.ones((30, 30)), np.ones((3, 3)), 2, view="collect")


def test_docstring_examples():
    assert doctest.testmod(animation).failed == 0
