"""Drive an explorer (viz/explorers.py) in a Playwright page and check it against Python.

Shared by tests/browser (an explorer's HTML on its own) and tests/site (the built site, no
kernel). Every check reads the explorer's controls as the page has them, computes what the
package says for that setting, and compares it with what the page reports it drew
(``data-report``: its caption lines, sizes, crop, output values and feeders).
"""

from __future__ import annotations

import json

import numpy as np

from transposed_conv.viz import explorers


def config(root) -> dict:
    return json.loads(root.locator("script.tc-config").text_content())


def values(root) -> dict:
    """The controls' values, as the page has them (a range clamps to its ends)."""
    return root.evaluate(
        "r => Object.fromEntries([...r.querySelectorAll('.tc-controls [name]')]"
        ".map(e => [e.name, e.value]))"
    )


def report(root) -> dict:
    return json.loads(root.get_attribute("data-report"))


def redraws(root) -> int:
    return int(root.get_attribute("data-redraws") or 0)


def set_value(root, name: str, value) -> None:
    """Set one control as a reader would (the page hears an ``input`` event)."""
    root.locator(f".tc-controls [name='{name}']").evaluate(
        "(e, v) => { e.value = v; e.dispatchEvent(new Event('input', {bubbles: true})); }",
        str(value),
    )


def expected(cfg: dict, shown: dict) -> dict:
    """What the package computes for the setting the controls show: caption lines and, for
    the transposed-convolution explorers, its state (:func:`explorers.transposed_state`)."""
    if cfg["kind"] == "code":
        code = [float(shown[f"c{n}"]) for n in range(3)]
        filters = np.array(cfg["filters"])
        return dict(caption=explorers.code_caption(filters, code), output=code @ filters)
    setting = dict(cfg["fixed"], **shown)
    dims = int(setting["dims"])
    s, d = int(setting["s"]), int(setting["d"])
    padding = setting["padding"]
    padding = padding if padding in ("valid", "same") else int(padding)
    op = setting["output_padding"]
    op = None if op in (None, "None") else int(op)
    if "x" in setting:
        x, kernel = np.array(setting["x"], float), np.array(setting["kernel"], float)
    else:
        x = explorers.input_values(int(setting["i"]), dims)
        kernel = explorers.kernel_values(int(setting["k"]), dims)
    row, col = int(setting.get("row", 0)), int(setting.get("col", 0))
    cell = (row, col) if dims == 2 else (0, row)
    rule = "rule" in cfg["show"]
    state = explorers.transposed_state(x, kernel, dims, s, padding, op, d, cell)
    caption = explorers.transposed_caption(x, kernel, dims, s, padding, op, d, cell, rule)
    return dict(state, caption=caption)


def check(root) -> dict:
    """The page's report equals the package's result for the controls' setting; returns it."""
    cfg, shown, got = config(root), values(root), report(root)
    want = expected(cfg, shown)
    assert got["caption"] == want["caption"], (shown, got["caption"], want["caption"])
    if cfg["kind"] == "code":
        np.testing.assert_allclose(got["output"], want["output"], rtol=0, atol=1e-12)
        return got
    assert (got["error"] is None) == (want["error"] is None), (shown, got["error"], want["error"])
    if want["error"] is None:
        assert got["crops"][1] == list(want["crop"]), shown
        assert got["cell"] == list(want["cell"]), shown
        assert np.array(got["output"]).tolist() == want["output"].tolist(), shown
        assert [tuple(f) for f in got["feeders"]] == want["feeders"], shown
    return got


def controls(root) -> list:
    """Every control's name and whether it is a select (else a range)."""
    return root.evaluate(
        "r => [...r.querySelectorAll('.tc-controls [name]')]"
        ".map(e => [e.name, e.tagName === 'SELECT'])"
    )


def every_control(page, root) -> None:
    """Move each control of one explorer from the keyboard, and back: each move redraws the
    picture and the caption, to what the package computes for the new setting."""
    root.locator(".tc-live").wait_for(timeout=30_000)  # the explorer's script ran
    check(root)
    for name, is_select in controls(root):
        control = root.locator(f".tc-controls [name='{name}']")
        if not control.is_visible():  # the output column, in 1-D
            continue
        at_end = control.evaluate(
            "e => e.tagName === 'SELECT' ? e.selectedIndex === e.options.length - 1"
            " : Number(e.value) >= Number(e.max)"
        )
        forth, back = ("ArrowUp", "ArrowDown") if is_select else ("ArrowLeft", "ArrowRight")
        if not at_end:
            forth, back = back, forth
        picture = root.locator("svg").inner_html()
        caption, count = report(root)["caption"], redraws(root)
        control.focus()
        page.keyboard.press(forth)
        assert redraws(root) == count + 1, name
        assert root.locator("svg").inner_html() != picture, name
        assert report(root)["caption"] != caption, name
        label = root.locator("svg").get_attribute("aria-label")  # the picture's description
        assert all(line in label for line in report(root)["caption"]), (name, label)
        check(root)
        page.keyboard.press(back)
        assert report(root)["caption"] == caption, name
        check(root)
