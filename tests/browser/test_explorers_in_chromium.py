"""The explorers in Chromium, on their own: each one's HTML output, no kernel and no server.

Every check compares the page with the package (tests/explorer_driver.py): after each change
of a control, the caption, sizes, crop, output values and feeders the page drew are those
:mod:`transposed_conv.viz.explorers` computes with the core functions. The code the explorer
shows is run: the Keras layer against real Keras, the PyTorch module against a stand-in built
on the package's PyTorch-convention ops (PyTorch is not a course dependency).
"""

import contextlib
import random
import shutil
import sys
import types
from pathlib import Path

import explorer_driver as drive
import numpy as np
import pytest

from transposed_conv.core import ops
from transposed_conv.viz import explorers

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed"),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def show(browser, explorer, javascript=True):
    page = browser.new_context(java_script_enabled=javascript).new_page()
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.set_content(f"<html lang='en'><body style='width: 900px'>{explorer.html()}</body></html>")
    return page, page.locator(f"#{explorer.id}"), errors


def random_settings(n, seed=0):
    rng = random.Random(seed)
    for _ in range(n):
        yield dict(
            dims=rng.choice(["1", "2"]),
            i=rng.randint(1, 6),
            k=rng.randint(1, 5),
            s=rng.randint(1, 4),
            padding=rng.choice(explorers.PADDINGS),
            output_padding=rng.choice(explorers.OUTPUT_PADDINGS),
            d=rng.choice([1, 1, 2, 3]),
            row=rng.randint(0, 11),
            col=rng.randint(0, 11),
        )


def apply(root, setting):
    for name in ("dims", "i", "k", "s", "padding", "output_padding", "d", "row", "col"):
        drive.set_value(root, name, setting[name])  # the cell last: its range follows the size


def test_the_static_picture_is_what_shows_without_javascript(browser):
    explorer = explorers.transposed_explorer()
    page, root, _ = show(browser, explorer, javascript=False)
    picture = root.locator(".tc-static img")
    assert picture.evaluate("i => i.naturalWidth") > 300
    assert explorer.caption[0] in picture.get_attribute("alt")
    assert root.locator(".tc-static .tc-caption").inner_text().splitlines() == explorer.caption
    assert root.locator(".tc-controls").count() == 0


def test_the_explorer_of_every_setting_equals_python_on_300_settings(browser):
    explorer = explorers.transposed_explorer()
    page, root, errors = show(browser, explorer)
    assert root.locator(".tc-static").count() == 0 and root.locator("svg").count() == 1
    assert drive.check(root)["caption"] == explorer.caption  # the start, drawn live
    refused = drawn = 0
    for setting in random_settings(300):
        apply(root, setting)
        got = drive.check(root)
        refused += got["error"] is not None
        drawn += got["error"] is None
    assert errors == []
    assert refused >= 30 and drawn >= 150, (refused, drawn)  # both kinds were compared


def test_every_control_has_a_name_and_the_keyboard_moves_it(browser):
    page, root, _ = show(browser, explorers.transposed_explorer())
    names = [name for name, _ in drive.controls(root)]
    assert names == ["dims", "i", "k", "s", "padding", "output_padding", "d", "row", "col"]
    for label in ("input size i", "kernel size k", "stride s", "padding", "dilation d"):
        assert page.get_by_label(label, exact=True).count() == 1, label
    before, caption = drive.redraws(root), drive.report(root)["caption"]
    page.get_by_label("stride s", exact=True).focus()
    page.keyboard.press("ArrowRight")  # stride 2 -> 3
    assert drive.values(root)["s"] == "3" and drive.redraws(root) == before + 1
    assert drive.check(root)["caption"] != caption
    page.keyboard.press("Tab")  # on to the padding select; ArrowDown picks the next option
    page.keyboard.press("ArrowDown")
    assert drive.values(root)["padding"] == "2"
    drive.check(root)
    svg = root.locator("svg")
    assert svg.get_attribute("role") == "img"
    assert drive.report(root)["caption"][0] in svg.get_attribute("aria-label")


def test_the_cell_explorer_equals_python_in_every_cell(browser):
    x, kernel = np.array([[0.0, 1.0], [2.0, 3.0]]), np.array([[0.0, 1.0], [2.0, 3.0]])
    page, root, errors = show(browser, explorers.output_cell_explorer(x, kernel, 2, 2, 1))
    assert drive.values(root) == {"row": "2", "col": "1"}
    for r in range(4):
        for c in range(4):
            drive.set_value(root, "row", r)
            drive.set_value(root, "col", c)
            assert drive.check(root)["cell"] == [r, c]
    assert errors == []


def test_the_code_explorer_equals_python(browser):
    filters = np.random.default_rng(0).normal(size=(3, 7))
    page, root, errors = show(browser, explorers.code_explorer(filters))
    rng = random.Random(1)
    for _ in range(50):
        for n in range(3):
            drive.set_value(root, f"c{n}", f"{rng.randint(-20, 20) * 0.05:.2f}")
        drive.check(root)
    assert errors == []


def _codes(browser, settings):
    """The Keras and PyTorch code the explorer writes for each setting (None where refused)."""
    page, root, _ = show(browser, explorers.transposed_explorer())
    found = []
    for setting in settings:
        apply(root, setting)
        want = drive.expected(drive.config(root), drive.values(root))
        if want["error"] is None:
            keras, torch = (
                root.locator(f"pre[data-framework='{name}']") for name in ("Keras", "PyTorch")
            )
            found.append(
                (
                    drive.values(root),
                    keras.text_content() if keras.count() else None,
                    torch.text_content(),
                    want["output"],
                )
            )
    return found


def _run(code):
    namespace = {}
    exec(code, namespace)  # the explorer's own text, as a learner pastes it
    return np.asarray(namespace["y"], float)


@pytest.mark.tf
def test_the_keras_code_gives_the_explorers_output(browser):
    import tensorflow as tf

    runs = _codes(browser, random_settings(200, seed=2))
    checked = 0
    for shown, keras, _, output in runs:
        if keras is None:  # strides > 1 with dilation > 1: Keras refuses, the page says so
            assert int(shown["s"]) > 1 and int(shown["d"]) > 1
            continue
        try:
            y = _run(keras)
        except (tf.errors.InvalidArgumentError, tf.errors.UnimplementedError) as err:
            # TensorFlow's plain CPU kernel has no dilated transposed convolution: the page's
            # code says so in a comment (notebook 03 says where it runs)
            assert int(shown["d"]) > 1 and "dilat" in str(err).lower(), (shown, err)
            assert "oneDNN" in keras
            continue
        np.testing.assert_allclose(y.reshape(output.shape), output, atol=1e-4, err_msg=keras)
        checked += 1
    assert checked >= 40, checked


class _Tensor(np.ndarray):
    def numpy(self):
        return np.asarray(self)


class _ConvTranspose:
    """torch.nn.ConvTranspose1d/2d as PyTorch documents them, on the package's ops: the full
    output, ``output_padding`` zeros more at the end, ``padding`` cropped from each side."""

    def __init__(self, c_in, c_out, k, stride, padding, output_padding, dilation=1, bias=True):
        assert (c_in, c_out, bias) == (1, 1, False)
        assert output_padding < max(stride, dilation)  # PyTorch's own check
        self.s, self.p, self.op, self.d = stride, padding, output_padding, dilation
        self.weight = types.SimpleNamespace(copy_=self._set)

    def _set(self, value):
        self.kernel = np.asarray(value)[0, 0]

    def __call__(self, x):
        x = np.asarray(x)[0, 0]
        two = x.ndim == 2
        full = ops.conv2d_transpose(
            np.atleast_2d(x),
            np.atleast_2d(self.kernel),
            self.s if two else (1, self.s),
            0,
            None,
            self.d if two else (1, self.d),
        )
        full = np.pad(full, ((0, self.op if two else 0), (0, self.op)))
        p, (h, w) = self.p, full.shape
        y = full[p : h - p, p : w - p] if two else full[0, p : w - p]
        return y[None, None].view(_Tensor)


def _fake_torch():
    """A stand-in for the few torch calls the explorer's code makes."""
    torch = types.ModuleType("torch")
    torch.nn = types.SimpleNamespace(ConvTranspose1d=_ConvTranspose, ConvTranspose2d=_ConvTranspose)
    torch.no_grad = contextlib.nullcontext
    torch.from_numpy = np.asarray
    return torch


def test_the_pytorch_code_gives_the_explorers_output(browser, monkeypatch):
    # Real PyTorch where it is installed (the course does not need it); else the stand-in
    # above, which follows PyTorch's documented arithmetic (a session checked the two agree).
    try:
        import torch  # noqa: F401
    except ImportError:
        monkeypatch.setitem(sys.modules, "torch", _fake_torch())
    runs = _codes(browser, random_settings(150, seed=3))
    for _, _, torch_code, output in runs:
        y = _run(torch_code)
        np.testing.assert_allclose(
            y.reshape(output.shape), output, rtol=0, atol=1e-4, err_msg=torch_code
        )
    assert len(runs) >= 60
