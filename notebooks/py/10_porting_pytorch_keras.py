# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 10 Porting between PyTorch and Keras
#
# **After this notebook you can**
# - predict the output size of PyTorch's `ConvTranspose2d` idioms and of Keras' `"same"`, and see which cells of the full output each keeps,
# - explain why weights ported from `ConvTranspose2d(k=3, s=2, padding=1, output_padding=1)` to Keras' `"same"` give an output shifted by one pixel, and fix it exactly (`porting.from_torch`),
# - port a layer's weights completely (layout and padding),
# - watch the distribute and collect views of any setting as an animation that plays without running any code.

# %%
import os

if "COLAB_RELEASE_TAG" in os.environ:  # on Google Colab: install the course's package first
    # %pip install -q --no-deps git+https://github.com/OWNER/REPO
import transposed_conv  # noqa: E402, F401  missing? run `pip install -e .` in the course folder

# %%
from pathlib import Path

import keras
import numpy as np

from transposed_conv import evidence, settings
from transposed_conv.core import layouts, ops, porting, shapes
from transposed_conv.models import reference
from transposed_conv.viz import animation, plotting

settings.setup()

# %% [markdown]
# ## Two idioms, the same sizes
#
# Every transposed convolution first builds the *full* output, `(n - 1)*s + k` cells per axis, then keeps a window of it (notebook 03). The two frameworks choose the window differently:
#
# - **PyTorch's `ConvTranspose2d`** crops `padding` cells from the start and `padding - output_padding` from the end: its size is `(n - 1)*s - 2*padding + k + output_padding`. The package's `ops.conv2d_transpose` with an integer `padding` follows that formula, so it stands in for PyTorch here (no PyTorch install needed). PyTorch's documentation gives the size formula and says `output_padding` adds cells to one side; that the side is the end is PyTorch's behaviour, not run here.
# - **Keras' `"same"`** keeps `n*s` cells, starting at cell `max(k - s, 0) // 2`: of the `k - s` cells too many, it drops half, rounded down, at the start and the rest at the end. (When `k < s` the full output is shorter than `n*s`, and Keras appends the missing cells at the end: zeros, or the bias where the layer has one.)
# - **Keras with an integer `output_padding`** keeps the number of cells of notebook 03's rule, again starting at half the crop: `k = 3, s = 2, output_padding=0` on a 4x4 input keeps rows and columns 1 to 7 of the 9x9 full output. (When the full output is shorter than that number, nothing is cropped and the missing cells are appended at the end.)
#
# To see the window for any setting, and the Keras layer and the PyTorch module that give the same output side by side, use [notebook 03's explorer of every setting](03_stride_padding_output_size.ipynb#explore-every-setting).
#
# Real Keras layers on a random 4x4 input:

# %%
rng = np.random.default_rng(1)
x_crop = rng.normal(size=(4, 4))
print(" k  s  output_padding  full  Keras  Keras keeps rows  then zero rows")
for k, s, op in [(3, 2, None), (4, 2, None), (1, 2, None), (2, 3, None), (3, 2, 0)]:
    kern = rng.normal(size=(k, k))
    full_out = ops.conv2d_transpose(x_crop, kern, strides=s)
    keras_out = reference.keras_conv_transpose(
        x_crop, kern, strides=s, padding="same", output_padding=op
    )
    n_full, n = len(full_out), len(keras_out)
    zeros = max(n - n_full, 0)
    padded = np.pad(full_out, (0, zeros))  # the full output, with zeros past its end
    start = next(  # where Keras' output sits in it
        a
        for a in range(len(padded) - n + 1)
        if np.allclose(padded[a : a + n, a : a + n], keras_out, atol=1e-5)
    )
    kept = f"{start} to {start + n - 1 - zeros}"
    print(f"{k:>2} {s:>2}  {str(op):>14}  {n_full:>4}  {n:>5}  {kept:>16}  {zeros:>14}")

# %% [markdown]
# The two idioms that double a size in PyTorch:

# %%
print("setting                                     PyTorch  Keras 'same'  (input 4)")
for k, p, op in [(3, 1, 1), (4, 1, 0)]:
    torch_size = shapes.conv_transpose_output_size(4, k, 2, p, op)
    keras_size = shapes.keras_conv_transpose_output_size(4, k, 2, "same")
    print(
        f"ConvTranspose2d(k={k}, s=2, padding={p}, output_padding={op})"
        f"  {torch_size:>5}  {keras_size:>11}"
    )

# %% [markdown]
# Same sizes. But for `k = 3` the two keep different cells. The full output of a 4x4 input is 9x9; PyTorch crops one cell at the start (`padding=1`) and none at the end (`1 - output_padding = 0`), so it keeps rows and columns 1 to 8; Keras crops `(3 - 2) // 2 = 0` at the start and keeps 0 to 7:

# %%
x = np.arange(1.0, 17.0).reshape(4, 4)
kernel = np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0], [0.0, 1.0, 1.0]])
full = ops.conv2d_transpose(x, kernel, strides=2)  # padding 0: the full 9x9 output
kept_torch = np.zeros(full.shape, bool)
kept_torch[1:9, 1:9] = True
kept_keras = np.zeros(full.shape, bool)
kept_keras[0:8, 0:8] = True
fig = plotting.grids(
    [full, full],
    titles=["PyTorch keeps rows/cols 1-8", "Keras 'same' keeps rows/cols 0-7"],
    highlights=[kept_torch, kept_keras],
    blanks=[~kept_torch, ~kept_keras],
    cmap="RdBu_r",
    vmin=-32,
    vmax=32,  # one scale for both, white at 0
)
plotting.describe(
    fig,
    "The same 9x9 full output of a k=3, stride-2 transposed convolution, drawn twice with its "
    "values. Left: PyTorch's kept 8x8 window, rows and columns 1 to 8, outlined, with the top "
    "row and left column left blank. Right: Keras 'same' keeps rows and columns 0 to 7, "
    "blanking the bottom row and right column. The two windows are one cell apart.",
)
agree = evidence.same(
    "PyTorch's output (integer padding 1, output_padding 1) is the full output's rows/cols 1-8",
    ops.conv2d_transpose(x, kernel, strides=2, padding=1, output_padding=1),
    full[1:9, 1:9],
    atol=0,
)
agree = evidence.same(
    "Keras' 'same' output is rows/cols 0-7",
    ops.conv2d_transpose(x, kernel, strides=2, padding="same"),
    full[0:8, 0:8],
    atol=0,
)

# %% [markdown]
# What to notice: both grids are 8x8 windows (outlined) of the same 9x9 full output, one cell apart; the cells a framework drops are left blank. Port the weights of a trained PyTorch model to Keras' `"same"` and every feature map moves by one pixel down and right: no error, no size mismatch, a worse model. For `k = 4, s = 2, padding = 1` both crop one cell at the start, so there the idioms agree.
#
# ## The exact port
#
# `porting.from_torch` takes PyTorch's arguments and returns the Keras padding plus the crop (per axis, cells removed before and after) that reproduce PyTorch's output; `reference.keras_layers` turns the crop into a `Cropping2D` (or `ZeroPadding2D`) layer. The weights move with notebook 04's layout converter: PyTorch stores a transposed kernel as `(C_in, C_out, kh, kw)`, Keras as `(kh, kw, C_out, C_in)`.

# %%
for args in [
    dict(kernel_size=3, stride=2, padding=1, output_padding=1),
    dict(kernel_size=4, stride=2, padding=1),
]:
    print(args, "->", porting.from_torch(**args))

# %%
rng = np.random.default_rng(0)
torch_weight = rng.normal(
    size=(3, 2, 3, 3)
)  # a ConvTranspose2d(3, 2, 3) weight: (C_in, C_out, kh, kw)
torch_bias = rng.normal(size=2)
images = rng.normal(size=(2, 4, 4, 3))  # channels last, as Keras wants them
weight = layouts.torch_to_keras(torch_weight)  # (kh, kw, C_out, C_in)
torch_out = (
    ops.conv2d_transpose(images, weight, strides=2, padding=1, output_padding=1) + torch_bias
)

port = porting.from_torch(3, 2, padding=1, output_padding=1)
naive = keras.Sequential(
    [keras.Input((4, 4, 3)), keras.layers.Conv2DTranspose(2, 3, strides=2, padding="same")]
)
exact = keras.Sequential(
    [keras.Input((4, 4, 3)), keras.layers.Conv2DTranspose(2, 3, strides=2, padding=port.padding)]
    + reference.keras_layers(port)
)
for model in (naive, exact):
    model.layers[0].set_weights([weight, torch_bias])
print("layers of the exact port:", [layer.__class__.__name__ for layer in exact.layers])
gap = np.abs(naive(images).numpy() - torch_out).max()
print(f"Keras 'same' with the ported weights: off by up to {gap:.1f}")
agree = evidence.same(
    "Keras 'same', shifted by one row and column, matches PyTorch where both have values",
    naive(images).numpy()[:, 1:, 1:],
    torch_out[:, :-1, :-1],
    atol=1e-5,
)
agree = evidence.same(
    "The exact port (Conv2DTranspose 'valid' + Cropping2D) equals PyTorch's output",
    exact(images).numpy(),
    torch_out,
    atol=1e-5,
)

# %% [markdown]
# What to notice: the naive port is off by up to 9.9 (the printed maximum), yet it is right up to a shift of one pixel: each cell holds what PyTorch puts one row up and one column to the left; the exact port computes the full 9x9 output (`"valid"`) and crops one row and column at the start. (`ConvTranspose1d` ports the same way: `porting.from_torch(..., dims=1)` gives the 1-D padding and crop, and the weight `(C_in, C_out, k)` becomes Keras' `(k, C_out, C_in)`.)
#
# ## Watch it: animations that play anywhere
#
# The two views of notebook 02, for PyTorch's `k = 3, s = 2, padding = 1, output_padding = 1` on a 2x2 input. `animation.save_gif` draws every step and writes an animated GIF; a Markdown cell shows it, so it plays on GitHub, on nbviewer and on the course's website, with no kernel running. The next cell writes the two files (run again on the same machine, it writes the same bytes):

# %%
figures = Path("figures")
figures.mkdir(exist_ok=True)
small_x = np.array([[1.0, 2.0], [3.0, -1.0]])
small_k = np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0], [0.0, 1.0, 1.0]])
for view in ("distribute", "collect"):
    path = animation.save_gif(
        figures / f"10_{view}.gif",
        small_x,
        small_k,
        strides=2,
        padding=1,
        output_padding=1,
        view=view,
        dpi=100,
    )
    steps = len(animation.frames(small_x, small_k, 2, 1, 1, view=view)) - 1
    print(f"wrote {path.as_posix()}: {steps} steps")

# %% [markdown]
# **Distribute**: each input value stamps a scaled copy of the kernel (red frame with a white edge) into the full 5x5 output; the dashed window is what PyTorch keeps (rows and columns 1 to 4).
#
# ![distribute view: each input value stamps a scaled kernel copy into the full output](figures/10_distribute.gif)
#
# **Collect**: the input is stretched (one zero between values, blue outlines the input's values) and padded; the flipped kernel slides over it, and each position gives one output cell.
#
# ![collect view: the flipped kernel slides over the stretched, padded input](figures/10_collect.gif)
#
# What to notice: the distribute view builds all 25 cells of the full output and throws away the top row and left column; the collect view never computes them: its padding (`k - 1 - padding = 1` before, 2 after, the extra one from `output_padding`) is chosen so that the window lands on PyTorch's cells directly. Both end at the same 4x4 grid.
#
# ## Your own setting
#
# Change the input, kernel, stride, padding (an integer, as in PyTorch, or `"same"` / `"valid"` as in Keras) and output padding, and run the cell: with a running kernel the animation plays in the cell's output (a GIF inside an HTML image). On a static page (GitHub, nbviewer) only the committed GIFs play: the two above and this cell's, drawn for the setting it was committed with. Keep the input small: the collect view draws one frame per output cell.

# %%
my_x = np.array([[1.0, 2.0], [3.0, 4.0]])
my_kernel = np.ones((3, 3))
my_gif = animation.gif_bytes(
    my_x, my_kernel, strides=2, padding=0, output_padding=None, view="distribute"
)
animation.gif_html(my_gif)

# %% [markdown]
# ## Exercises
#
# **1. Map 7 to 14 in PyTorch.** Choose a setting `(kernel_size, stride, padding, output_padding)` with which `ConvTranspose2d` maps a 7x7 input to 14x14. Any setting that works passes.

# %% nbgrader={"grade": false, "grade_id": "answer_torch_setting", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
torch_setting = ...  # your answer
### BEGIN SOLUTION
torch_setting = (4, 2, 1, 0)
### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_torch_seven_to_fourteen", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
from transposed_conv import checks

checks.torch_seven_to_fourteen(torch_setting)

# %% [markdown]
# **2. Map 7 to 14 in Keras.** Now a setting `(kernel_size, stride, padding, output_padding)` for `Conv2DTranspose`: padding `"same"` or `"valid"`, output_padding `None` or an integer smaller than the stride.

# %% nbgrader={"grade": false, "grade_id": "answer_keras_setting", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
keras_setting = ...  # your answer
### BEGIN SOLUTION
keras_setting = (3, 2, "same", None)
### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_keras_seven_to_fourteen", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.keras_seven_to_fourteen(keras_setting)

# %% [markdown]
# **3. Port a layer by hand.** A PyTorch model has `ConvTranspose2d(k=5, stride=2, padding=2, output_padding=1)`. Choose the Keras padding (`"same"` or `"valid"`) and the crop `(before, after)` (cells removed from the start and the end of each spatial axis; negative numbers append zeros) that reproduce its output exactly, for every input size, and write them as a pair `(keras_padding, (before, after))`. The check runs your port on random inputs against `ops` with PyTorch's integer padding. `porting.from_torch` knows one answer, but work it out from the windows first.

# %% nbgrader={"grade": false, "grade_id": "answer_port_by_hand", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
port_by_hand = ...  # your answer
### BEGIN SOLUTION
# 'valid' keeps all 2n + 3 cells of the full output; PyTorch keeps full[2 : 2 + 2n]
# ('same' keeps full[1 : 1 + 2n]: one cell short at the end)
port_by_hand = ("valid", (2, 1))
### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_torch_port", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.torch_port(port_by_hand)

# %% [markdown]
# Next: **11 An application: super-resolution on MNIST**.

# %% [markdown]
# **Done with this notebook?** Shut its kernel down (*Kernel* ▸ *Shut Down Kernel*) before you open the next one: each running notebook holds TensorFlow, about 600 MB, and Binder gives you 1-2 GB in all.
