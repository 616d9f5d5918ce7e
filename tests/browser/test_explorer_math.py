"""The explorers' JavaScript arithmetic (viz/explorer_math.js) equals the Python package's.

Loads the script into a blank page of Debian's Chromium (Playwright, never a downloaded
browser), sends well over 1,000 seeded random settings in one call and compares every
answer with Python's: output sizes, crops and feeders equal, transposed-convolution values
and matrices bitwise equal (random float inputs, so the order of the additions matters),
and the same settings refused with the same ValueError message. Two deliberately broken
implementations show the comparison catches a wrong crop and a wrong order of additions.
"""

import importlib.resources
import json
import random
import shutil
from pathlib import Path

import numpy as np
import pytest

from transposed_conv.core import ops, shapes

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
JS_SOURCE = (importlib.resources.files("transposed_conv.viz") / "explorer_math.js").read_text()
MATRIX_INPUTS, MATRIX_OUTPUTS = 36, 100  # the settings whose matrix M is compared

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Chromium is not installed (apt-get install chromium)"
    ),
]

# Computes in the page what expected() computes in Python, each answer {"ok": ...} or
# {"error": message}. `lib` is TCMath or a broken copy of it.
HARNESS = """
window.runSettings = function (lib, settings) {
  function attempt(f) {
    try { return { ok: f() }; } catch (e) { return { error: e.message }; }
  }
  function axis(a) {
    return {
      size: attempt(() => typeof a.p === "string"
        ? lib.kerasConvTransposeOutputSize(a.i, a.k, a.s, a.p, a.op, a.d)
        : lib.convTransposeOutputSize(a.i, a.k, a.s, a.p, a.op === null ? 0 : a.op, a.d)),
      crop: attempt(() => lib.convTransposeCrop(a.i, a.k, a.s, a.p, a.op, a.d)),
    };
  }
  return settings.map(function (st) {
    const out = { axes: st.axes.map(axis) };
    const args = [st.strides, st.padding, st.output_padding, st.dilation];
    if (st.kind === "1d") {
      out.values = attempt(() => lib.conv1dTranspose(st.x, st.kernel, ...args));
      return out;
    }
    const inHW = [st.x.length, st.x[0].length];
    const kHW = [st.kernel.length, st.kernel[0].length];
    out.values = attempt(() => lib.conv2dTranspose(st.x, st.kernel, ...args));
    out.feeders = attempt(() => lib.feeders(inHW, kHW, st.cell, ...args));
    if (st.matrix) out.matrix = attempt(() => lib.transposedMatrix(inHW, st.kernel, ...args));
    return out;
  });
};
// Wrong on purpose: every crop starts one cell late.
window.BrokenCrop = Object.assign({}, TCMath, {
  convTransposeCrop: function () {
    const c = TCMath.convTransposeCrop.apply(null, arguments);
    return [c[0] + 1, c[1]];
  },
});
// Right products in the wrong order: each cell sums its feeders (taps descending),
// the reverse of col2im's order, so sums of three or more terms can round differently.
window.FeederOrder = Object.assign({}, TCMath, {
  conv2dTranspose: function (x, kernel, ...args) {
    const inHW = [x.length, x[0].length], kHW = [kernel.length, kernel[0].length];
    return TCMath.conv2dTranspose(x, kernel, ...args).map((row, r) => row.map((_, c) =>
      TCMath.feeders(inHW, kHW, [r, c], ...args)
        .reduce((acc, [i, j, a, b]) => acc + x[i][j] * kernel[a][b], 0.0)));
  },
});
"""


@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        page.goto("about:blank")
        before = set(page.evaluate("Object.getOwnPropertyNames(window)"))
        page.add_script_tag(content=JS_SOURCE)
        page.globals_added = set(page.evaluate("Object.getOwnPropertyNames(window)")) - before
        page.add_script_tag(content=HARNESS)
        yield page
        browser.close()


def run_js(page, settings, lib="TCMath"):
    """Every setting's answers from the page, in one evaluate call (JSON both ways: exact)."""
    js = "([lib, s]) => JSON.stringify(runSettings(window[lib], JSON.parse(s)))"
    return json.loads(page.evaluate(js, [lib, json.dumps(settings)]))


# ------------------------------------------------------------------ Python's answers


def attempt(f):
    try:
        return {"ok": f()}
    except ValueError as err:
        return {"error": str(err)}


def axis_answers(a):
    i, k, s, p, op, d = (a[n] for n in ("i", "k", "s", "p", "op", "d"))
    if isinstance(p, str):
        size = attempt(lambda: shapes.keras_conv_transpose_output_size(i, k, s, p, op, d))
    else:
        size = attempt(lambda: shapes.conv_transpose_output_size(i, k, s, p, op or 0, d))
    return {"size": size, "crop": attempt(lambda: shapes.conv_transpose_crop(i, k, s, p, op, d))}


def transposed_matrix(input_hw, kernel, *args):
    """M built as the JavaScript builds it: column q is the transposed conv of unit input q."""
    h, w = input_hw
    columns = [
        ops.conv2d_transpose(np.eye(h * w)[q].reshape(h, w), kernel, *args).ravel()
        for q in range(h * w)
    ]
    return np.stack(columns, axis=1)


def values_2d(st):
    """Python's conv2d_transpose of a 2-D setting, as an answer."""
    x, kernel = np.array(st["x"]), np.array(st["kernel"])
    args = (st["strides"], st["padding"], st["output_padding"], st["dilation"])
    return attempt(lambda: ops.conv2d_transpose(x, kernel, *args).tolist())


def expected(st):
    """Python's answers to one setting, shaped as the page's (tuples become lists via JSON)."""
    args = (st["strides"], st["padding"], st["output_padding"], st["dilation"])
    out = {"axes": [axis_answers(a) for a in st["axes"]]}
    if st["kind"] == "1d":
        out["values"] = attempt(lambda: ops.conv1d_transpose(st["x"], st["kernel"], *args).tolist())
        return json.loads(json.dumps(out))
    x, kernel = np.array(st["x"]), np.array(st["kernel"])
    out["values"] = values_2d(st)
    out["feeders"] = attempt(lambda: ops.feeders(x.shape, kernel.shape, tuple(st["cell"]), *args))
    if st["matrix"]:
        out["matrix"] = attempt(lambda: transposed_matrix(x.shape, kernel, *args).tolist())
    return json.loads(json.dumps(out))


# ------------------------------------------------------------------ random settings


def scalar_or_pair(rng, values):
    """A per-axis pair, or one value for both axes when they agree (half the time)."""
    return values[0] if values[0] == values[1] and rng.random() < 0.5 else list(values)


def floats(rng, shape):
    return [[rng.uniform(-3, 3) for _ in range(shape[1])] for _ in range(shape[0])]


def output_padding_for(rng, s):
    """Mostly valid (below the stride), sometimes any of 0..3, so too-large ones occur."""
    return rng.randint(0, s - 1) if rng.random() < 0.8 else rng.randint(0, 3)


def draw_2d(rng):
    i, k = [rng.randint(1, 6) for _ in "hw"], [rng.randint(1, 5) for _ in "hw"]
    s, d = [rng.randint(1, 4) for _ in "hw"], [rng.randint(1, 3) for _ in "hw"]
    r = rng.random()
    if r < 0.4:  # one Keras mode for both axes (Python has no per-axis modes)
        p = [rng.choice(["valid", "same"])] * 2
        padding = p[0] if rng.random() < 0.8 else list(p)  # a list of modes is refused
    elif r < 0.47:  # a mode and an integer: refused too
        p = [rng.choice(["valid", "same"]), rng.randint(0, 4)]
        padding = p if rng.random() < 0.5 else p[::-1]
        p = list(padding)
    else:
        p = [min(rng.randint(0, 4), rng.randint(0, 4)) for _ in "hw"]  # small ones more often
        padding = scalar_or_pair(rng, p)
    r = rng.random()
    if r < 0.35:
        op, output_padding = [None, None], None
    elif r < 0.4:  # None on one axis only: refused
        op = [None, output_padding_for(rng, s[1])]
        output_padding = op if rng.random() < 0.5 else op[::-1]
        op = list(output_padding)
    else:
        op = [output_padding_for(rng, s[ax]) for ax in (0, 1)]
        output_padding = scalar_or_pair(rng, op)
    return {
        "kind": "2d",
        "x": floats(rng, i),
        "kernel": floats(rng, k),
        "strides": scalar_or_pair(rng, s),
        "padding": padding,
        "output_padding": output_padding,
        "dilation": scalar_or_pair(rng, d),
        "axes": [
            {"i": i[ax], "k": k[ax], "s": s[ax], "p": p[ax], "op": op[ax], "d": d[ax]}
            for ax in (0, 1)
        ],
    }


def draw_1d(rng):
    i, k, s, d = rng.randint(1, 6), rng.randint(1, 5), rng.randint(1, 4), rng.randint(1, 3)
    p = rng.choice(["valid", "same"]) if rng.random() < 0.4 else rng.randint(0, 4)
    op = None if rng.random() < 0.35 else output_padding_for(rng, s)
    return {
        "kind": "1d",
        "x": floats(rng, (1, i))[0],
        "kernel": floats(rng, (1, k))[0],
        "strides": s,
        "padding": p,
        "output_padding": op,
        "dilation": d,
        "axes": [{"i": i, "k": k, "s": s, "p": p, "op": op, "d": d}],
    }


def add_cell_and_matrix(rng, st, values):
    """A random valid output cell for feeders (a few outside, refused), and whether to compare M."""
    h, w = len(st["x"]), len(st["x"][0])
    if "ok" in values:
        oh, ow = len(values["ok"]), len(values["ok"][0])
        st["cell"] = [rng.randrange(oh), rng.randrange(ow)]
        if rng.random() < 0.03:  # just outside the output: refused
            st["cell"] = rng.choice([[oh, st["cell"][1]], [st["cell"][0], ow]])
        st["matrix"] = h * w <= MATRIX_INPUTS and oh * ow <= MATRIX_OUTPUTS
    else:
        st["cell"] = [0, 0]
        st["matrix"] = h * w <= MATRIX_INPUTS


def draw_settings(seed=20240607, n_2d=1100, n_1d=500):
    """The seeded settings with Python's answers: [(setting, answers)]."""
    rng = random.Random(seed)
    drawn = []
    for n, draw in ((n_2d, draw_2d), (n_1d, draw_1d)):
        for _ in range(n):
            st = draw(rng)
            if st["kind"] == "2d":
                add_cell_and_matrix(rng, st, values_2d(st))
            drawn.append((st, expected(st)))
    return drawn


def mismatches(drawn, answers):
    """One line per differing answer: which setting, which answer, Python's and the page's."""
    assert len(answers) == len(drawn)
    lines = []
    for n, ((st, want), got) in enumerate(zip(drawn, answers, strict=True)):
        for key in want:
            if want[key] != got.get(key):
                lines.append(f"setting {n} {key}: python {want[key]} != js {got.get(key)}; {st}")
    return lines


@pytest.fixture(scope="module")
def drawn():
    return draw_settings()


# ------------------------------------------------------------------ tests


def test_defines_only_tcmath(page):
    assert page.globals_added == {"TCMath"}
    names = page.evaluate("Object.keys(TCMath).sort()")
    assert names == sorted(
        [
            "effectiveKernelSize",
            "convTransposeOutputSize",
            "kerasConvTransposeOutputSize",
            "convTransposeCrop",
            "conv2dTranspose",
            "conv1dTranspose",
            "feeders",
            "transposedMatrix",
        ]
    )
    for word in ("import ", "export ", "document", "window"):
        assert word not in JS_SOURCE


def test_hand_check(page):
    x, kernel = [[1.0, 2.0], [3.0, 4.0]], np.ones((3, 3)).tolist()
    got = page.evaluate("([x, k]) => TCMath.conv2dTranspose(x, k, 2, 1, 1)", [x, kernel])
    want = ops.conv2d_transpose(x, kernel, 2, 1, 1)
    assert got == want.tolist()
    assert got == [[1, 3, 2, 2], [4, 10, 6, 6], [3, 7, 4, 4], [3, 7, 4, 4]]
    refused = (  # an even kernel with output_padding=0: TensorFlow's refusal
        "() => { try { TCMath.convTransposeCrop(2, 2, 2, 'same', 0); }"
        " catch (e) { return e.message; } }"
    )
    with pytest.raises(ValueError) as err:
        shapes.conv_transpose_crop(2, 2, 2, "same", 0)
    assert page.evaluate(refused) == str(err.value)


def test_matches_python_on_random_settings(page, drawn):
    answers = run_js(page, [st for st, _ in drawn])
    wrong = mismatches(drawn, answers)
    assert not wrong, f"{len(wrong)} mismatches, the first:\n" + "\n".join(wrong[:5])
    values = [want["values"] for _, want in drawn]
    errors = sum("error" in v for v in values)
    outputs = len(values) - errors
    matrices = sum("ok" in want.get("matrix", {}) for _, want in drawn)
    print(f"{len(drawn)} settings: {outputs} outputs, {errors} errors, {matrices} matrices")
    assert len(drawn) >= 1000 and errors >= 100 and outputs >= 500 and matrices >= 200
    kinds = ("output_padding must be smaller", "padding is too large", "output_padding=")
    kinds += ("padding must be an integer", "output_padding must be an integer", "cell must")
    for kind in kinds:  # every refusal the explorers can meet occurs
        assert any(kind in str(want) for _, want in drawn), kind


def test_matrix_is_the_convolution_matrix_transposed(drawn):
    """For integer padding, M is conv_matrix(output size).T when that convolution gives back i."""
    checked = 0
    for st, want in drawn:
        if "ok" not in want.get("matrix", {}) or isinstance(st["padding"], str):
            continue
        m = np.array(want["matrix"]["ok"])
        out_hw = np.array(want["values"]["ok"]).shape
        k = np.array(st["kernel"])
        per_axis = [pair(st[n]) for n in ("strides", "padding", "dilation")]
        try:
            back = [
                shapes.conv_output_size(out_hw[ax], k.shape[ax], *(v[ax] for v in per_axis))
                for ax in (0, 1)
            ]
        except ValueError:  # the kernel does not fit the output: no forward convolution
            continue
        if back != [len(st["x"]), len(st["x"][0])]:
            continue
        c = ops.conv_matrix(out_hw, k, st["strides"], st["padding"], st["dilation"])
        assert np.array_equal(c.T, m), st
        checked += 1
    assert checked >= 100


def pair(v):
    return list(v) if isinstance(v, (list, tuple)) else [v, v]


def test_comparison_catches_a_wrong_crop(page, drawn):
    wrong = mismatches(drawn, run_js(page, [st for st, _ in drawn], lib="BrokenCrop"))
    assert len(wrong) >= 500
    assert all(" axes:" in line for line in wrong)  # only the crops (in axes) are broken


def test_comparison_catches_a_wrong_order_of_additions(page, drawn):
    """Same products summed in reverse order: equal to 1e-12, yet not bitwise, and caught."""
    answers = run_js(page, [st for st, _ in drawn], lib="FeederOrder")
    wrong = mismatches(drawn, answers)
    assert len(wrong) >= 20 and all(" values:" in line for line in wrong)
    for (_, want), got in zip(drawn, answers, strict=True):
        if "ok" in want["values"] and "feeders" in want:
            np.testing.assert_allclose(
                got["values"]["ok"], want["values"]["ok"], rtol=0, atol=1e-12
            )
