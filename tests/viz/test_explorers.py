"""The explorers' Python side: captions worked by hand, the static picture, bad input.

What the page does with them (controls, redraws, the script's arithmetic) is tested in
Chromium by tests/browser/test_explorers_in_chromium.py and test_explorer_math.py.
"""

import json
import re

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from transposed_conv.viz import explorers

X = np.array([[0.0, 1.0], [2.0, 3.0]])


def test_the_cell_caption_writes_both_sums_worked_by_hand():
    # stride 2, output cell (1, 1) of the full 4x4 output: only x[0, 0] = 0 reaches it, with
    # kernel[1, 1] = 3; in the collect view the flipped kernel's [0, 0] meets that 0
    caption = explorers.transposed_caption(X, X, 2, 2, 0, None, 1, (1, 1), rule=False)
    assert caption == [
        "output[1, 1] = 0",
        "distribute: 0·3",
        "collect (flipped kernel over the window): 0·3",
    ]
    # stride 1, cell (1, 1): every input value meets one weight, 0*3 + 1*2 + 2*1 + 3*0 = 4
    caption = explorers.transposed_caption(X, X, 2, 1, 0, None, 1, (1, 1), rule=False)
    assert caption[:2] == ["output[1, 1] = 4", "distribute: 0·3 + 1·2 + 2·1 + 3·0"]


def test_the_rule_is_filled_in_term_by_term():
    x, k = explorers.input_values(3), explorers.kernel_values(3)
    lines = explorers.transposed_caption(x, k, 2, 2, 1, 1, 1, (0, 0))
    assert lines[0].endswith("= (3-1)·2 - 2·1 + 1·(3-1) + 1 + 1 = 6")
    assert lines[1] == (
        "the output keeps rows and columns 1 to 6 of the full output, "
        "which has (i-1)·s + d·(k-1) + 1 = 7"
    )
    # Keras 'same' with output_padding None: i*s = 6 cells; 'valid' on a 1-D input of 4 with
    # k = 3, s = 2: 4*2 + max(3 - 2, 0) = 9, the whole full output
    same = explorers.transposed_caption(x, k, 2, 2, "same", None, 1, (0, 0))
    assert same[0].endswith("o = i·s = 3·2 = 6")
    valid = explorers.transposed_caption(
        explorers.input_values(4, 1), explorers.kernel_values(3, 1), 1, 2, "valid", None, 1, (0, 0)
    )
    assert valid[0].endswith("= 4·2 + max(3 - 2, 0) = 9") and valid[2].startswith("output[0]")
    # output_padding beyond the full output: PyTorch's k=1, s=3, output_padding=2
    long = explorers.transposed_caption(
        explorers.input_values(2, 1), explorers.kernel_values(1, 1), 1, 3, 0, 2, 1, (0, 5)
    )
    assert long[1].endswith("= 4, with 2 zero cells appended")


def test_impossible_settings_are_named_not_drawn():
    x, k = explorers.input_values(3), explorers.kernel_values(3)
    refused = explorers.transposed_caption(x, k, 2, 2, "same", None, 2, (0, 0))
    assert refused[0].startswith("Not a setting that can be drawn: Keras refuses strides > 1")
    op = explorers.transposed_caption(x, k, 2, 2, 0, 2, 3, (0, 0))
    assert "smaller than the stride s=2, got 2" in op[0] and "PyTorch accepts it" in op[0]
    big = explorers.transposed_caption(x, k, 2, 1, 4, None, 1, (0, 0))
    assert big == [
        "Not a setting that can be drawn: padding is too large: "
        "the transposed output would have size -3"
    ]


def test_the_code_caption_is_the_weighted_sum():
    filters = np.array([[1.0, 0, 0, 0], [0, 1.0, 0, 0], [0, 0, 1.0, 1.0]])
    assert explorers.code_caption(filters, [0.5, 0.0, -0.25]) == [
        "output = +0.500, +0.000, -0.250, -0.250"
    ]


def test_the_html_holds_the_picture_its_description_and_the_scripts():
    explorer = explorers.transposed_explorer()
    page = explorer.html()
    assert page == explorer._repr_html_()
    config = json.loads(re.search(r'class="tc-config">(.*?)</script>', page).group(1))
    assert config["fixed"] == {} and [c["name"] for c in config["controls"]][:2] == ["dims", "i"]
    alt = re.search(r'<img src="data:image/png;base64,[^"]+" alt="([^"]+)"', page).group(1)
    assert alt.startswith("Six grids.") and "output[0, 0] = 2" in alt
    assert "var TCMath" in page and "var TCExplorers" in page
    assert f'TCExplorers.mount("{explorer.id}")' in page
    again = explorers.transposed_explorer()
    assert again.id != explorer.id and again.html().replace(again.id, explorer.id) == page


def test_the_code_explorer_rounds_its_filters_for_a_stable_page():
    # 0.00049 is kept as 0.0005, and the caption is the page's: 0.0005 shows as 0.001
    filters = np.array([[0.00049, 0, 0], [0, 1, 0], [0, 0, 1]])
    explorer = explorers.code_explorer(filters, start=(1.0, 0.0, 0.0))
    assert explorer.config["filters"][0] == [0.0005, 0.0, 0.0]
    assert explorer.caption == ["output = +0.001, +0.000, +0.000"]


@pytest.mark.parametrize(
    "build, error, name",
    [
        (lambda: explorers.output_cell_explorer(np.eye(2) + 1j, np.eye(2)), TypeError, "x"),
        (lambda: explorers.output_cell_explorer(np.eye(2, dtype=bool), np.eye(2)), TypeError, "x"),
        (lambda: explorers.output_cell_explorer(np.full((2, 2), None), np.eye(2)), TypeError, "x"),
        (lambda: explorers.output_cell_explorer("ab", np.eye(2)), TypeError, "x"),
        (lambda: explorers.output_cell_explorer(np.empty((0, 2)), np.eye(2)), ValueError, "x"),
        (lambda: explorers.output_cell_explorer(np.ones(3), np.eye(2)), ValueError, "x"),
        (lambda: explorers.output_cell_explorer(np.eye(2), np.empty((2, 0))), ValueError, "kernel"),
        (lambda: explorers.output_cell_explorer(np.eye(2), [[1.0, np.nan]]), ValueError, "kernel"),
        (lambda: explorers.output_cell_explorer(np.ones((50, 50)), np.eye(2)), ValueError, "x"),
        (lambda: explorers.output_cell_explorer(X, X, strides=True), ValueError, "strides"),
        (lambda: explorers.output_cell_explorer(X, X, strides=10**9), ValueError, "strides"),
        (lambda: explorers.output_cell_explorer(X, X, row=-1), ValueError, "row"),
        (lambda: explorers.code_explorer(np.ones((3, 4)) + 1j), TypeError, "filters"),
        (lambda: explorers.code_explorer(np.ones((3, 4), dtype=bool)), TypeError, "filters"),
        (lambda: explorers.code_explorer(np.full((3, 4), None)), TypeError, "filters"),
        (lambda: explorers.code_explorer(np.ones((3, 0))), ValueError, "filters"),
        (lambda: explorers.code_explorer(np.ones((2, 4))), ValueError, "filters"),
        (lambda: explorers.code_explorer(np.full((3, 4), np.inf)), ValueError, "filters"),
        (lambda: explorers.code_explorer(np.ones((3, 4)), start=(0, 0)), ValueError, "start"),
        (lambda: explorers.code_explorer(np.ones((3, 4)), start=(0, 0, 1j)), TypeError, "start"),
        (lambda: explorers.code_explorer(np.ones((3, 4)), start=(0, 0, 5)), ValueError, "start"),
        (lambda: explorers.transposed_explorer(i=2.5), ValueError, "i"),
        (lambda: explorers.transposed_explorer(k=True), ValueError, "k"),
        (lambda: explorers.transposed_explorer(s=99), ValueError, "s"),
        (lambda: explorers.transposed_explorer(padding="full"), ValueError, "padding"),
        (lambda: explorers.transposed_explorer(output_padding=7), ValueError, "output_padding"),
        (lambda: explorers.transposed_explorer(dims=3), ValueError, "dims"),
        (lambda: explorers.transposed_explorer(output_padding=2), ValueError, "the starting"),
        (lambda: explorers.script("widgets"), ValueError, "name"),
    ],
)
def test_the_builders_refuse_bad_input_naming_it(build, error, name):
    with pytest.raises(error, match=rf"^{re.escape(name)} "):
        build()
