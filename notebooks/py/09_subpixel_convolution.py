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
# # 09 Sub-pixel convolution
#
# **After this notebook you can**
# - compute a sub-pixel convolution (a convolution with `r*r*C` channels, then `depth_to_space`) and say why it is a stride-`r` transposed convolution,
# - convert a kernel from one form to the other (`subpixel.transposed_to_subpixel`, `subpixel.subpixel_to_transposed`) and check it against TensorFlow,
# - read a layer's phase sums off its sub-kernels, and start a sub-pixel layer without a checkerboard (ICNR).

# %%
import os

if "COLAB_RELEASE_TAG" in os.environ:  # on Google Colab: install the course's package first
    # %pip install -q --no-deps git+https://github.com/OWNER/REPO
import transposed_conv  # noqa: E402, F401  missing? run `pip install -e .` in the course folder

# %%
import keras
import numpy as np
import tensorflow as tf

from transposed_conv import evidence, settings
from transposed_conv.core import ops, subpixel
from transposed_conv.models import artifacts, data
from transposed_conv.viz import plotting

settings.setup()

# %% [markdown]
# ## `depth_to_space`: channels become pixels
#
# The super-resolution network of Shi et al. (2016) upsamples by a factor `r` without any stride: a convolution produces `r*r` channels per output channel, and `tf.nn.depth_to_space(r)` moves the `r*r` values of each pixel into an `r x r` block. With `C` output channels, channel `(p*r + q)*C + c` of pixel `(i, j)` becomes channel `c` of pixel `(i*r + p, j*r + q)`, its *phase* `(p, q)`; for one output channel (`C = 1`, the example below) that is channel `p*r + q`:

# %%
x = np.arange(16.0).reshape(1, 2, 2, 4)  # one 2x2 image with 4 channels
y = tf.nn.depth_to_space(x, 2).numpy()
agree = evidence.same(
    "subpixel.depth_to_space equals tf.nn.depth_to_space", subpixel.depth_to_space(x, 2), y, atol=0
)
r, C = 2, 2  # the general rule, on a 2x3 image with r*r*C = 8 channels
x8 = np.arange(48.0).reshape(1, 2, 3, r * r * C)
by_rule = np.zeros((1, 2 * r, 3 * r, C))
for p in range(r):
    for q in range(r):
        for c in range(C):
            by_rule[0, p::r, q::r, c] = x8[0, :, :, (p * r + q) * C + c]
agree = evidence.same(
    "With C = 2, channel (p*r + q)*C + c of pixel (i, j) lands in channel c of pixel"
    " (i*r + p, j*r + q) of tf.nn.depth_to_space",
    by_rule,
    tf.nn.depth_to_space(x8, r).numpy(),
    atol=0,
)
fig = plotting.grids(
    [x[0, :, :, c] for c in range(4)] + [y[0, :, :, 0]],
    titles=[f"ch {c}" for c in range(4)] + ["depth_to_space"],
    between=["", "", "", "→"],
    cmap="Blues",
    shared_scale=True,
)
plotting.describe(
    fig,
    "Four 2x2 grids, channels 0 to 3 of one image holding the values 0 to 15, then an arrow "
    "to the 4x4 output of depth_to_space. Each 2x2 block of the output holds one input "
    "pixel's four channels (0, 1, 2, 3 in the top-left block), so each channel fills every "
    "second row and column.",
)

# %% [markdown]
# What to notice: every 2x2 block of the output holds one pixel's four channels, channel 0 top left (phase (0, 0)), 1 top right (0, 1), 2 bottom left (1, 0), 3 bottom right (1, 1). Each channel fills one phase of the output, every second row and column.
#
# ## The same operator as a stride-2 transposed convolution
#
# A stride-2 transposed convolution also fills its output phase by phase: pixels of phase `(p, q)` of its *full* (uncropped) output receive only the taps `kernel[p::2, q::2]` (notebook 08; Keras' `"same"` then crops the full output, which for a 4x4 kernel shifts every phase by one cell, as the figure below shows), so each phase is an ordinary convolution of the input with a smaller kernel. Put those four small kernels side by side as output channels of one `Conv2D`, and `depth_to_space` puts their outputs back in place. `subpixel.transposed_to_subpixel` does the rearranging; here for a Keras `Conv2DTranspose` kernel with 3 input and 2 output channels, in float64:

# %%
rng = np.random.default_rng(0)
x = rng.normal(size=(1, 5, 5, 3))
kernel = rng.normal(size=(3, 3, 2, 3))  # Conv2DTranspose layout (kh, kw, C_out, C_in)
sub_kernel = subpixel.transposed_to_subpixel(kernel, 2)
print("transposed kernel", kernel.shape, "-> sub-pixel kernel", sub_kernel.shape)

tconv = keras.layers.Conv2DTranspose(
    2, 3, strides=2, padding="same", use_bias=False, dtype="float64"
)
tconv.build((None, 5, 5, 3))
tconv.set_weights([kernel])
by_subpixel = tf.nn.depth_to_space(tf.nn.conv2d(x, sub_kernel, 1, "SAME"), 2).numpy()
agree = evidence.same(
    "tf.nn.conv2d + tf.nn.depth_to_space equals Keras' Conv2DTranspose(strides=2, 'same')",
    by_subpixel,
    tconv(x).numpy(),
    atol=1e-10,
)
back = subpixel.subpixel_to_transposed(sub_kernel, 2)
tconv_back = keras.layers.Conv2DTranspose(
    2, back.shape[0], strides=2, padding="same", use_bias=False, dtype="float64"
)
tconv_back.build((None, 5, 5, 3))
tconv_back.set_weights([back])
agree = evidence.same(
    f"And back: Conv2DTranspose with subpixel_to_transposed's {back.shape[0]}x{back.shape[1]}"
    " kernel gives the same output",
    tconv_back(x).numpy(),
    by_subpixel,
    atol=1e-10,
)

# %% [markdown]
# The way back returns a 6x6 kernel in which the original 3x3 taps sit at rows and columns 2 to 4 (counting from 0) and every other tap is zero: the same operator in a larger frame (Keras' `"same"` crop depends on the kernel size, and zeros keep it on the right phase).
#
# Both layers above have no bias. With biases the two forms differ: the `Conv2D` has one bias per channel, `r*r*C` of them, and `depth_to_space` lays each output channel's `r*r` biases out as an `r x r` pattern added to every block; a `Conv2DTranspose` has `C` biases, one per output channel, the same in every phase. So a sub-pixel layer is exactly a stride-`r` transposed convolution when it has no bias or when each output channel's `r*r` biases are equal (as at the start: Keras initialises biases to zero). With unequal biases it is a transposed convolution plus a fixed `r x r` pattern, a checkerboard of its own:

# %%
bias = np.random.default_rng(1).normal(size=sub_kernel.shape[-1])  # 4 phases x 2 channels
with_bias = tf.nn.depth_to_space(tf.nn.conv2d(x, sub_kernel, 1, "SAME") + bias, 2).numpy()
pattern = np.tile(subpixel.depth_to_space(bias.reshape(1, 1, 1, -1), 2), (1, 5, 5, 1))
agree = evidence.same(
    "With biases, the sub-pixel layer's output is the transposed convolution's"
    " plus its biases laid out as a 2x2 pattern, tiled",
    with_bias,
    tconv(x).numpy() + pattern,
    atol=1e-10,
)
print("the 2x2 bias pattern of output channel 0:\n", pattern[0, :2, :2, 0].round(2))

# %% [markdown]
# Where the taps go, for one channel and the 4x4 kernel with taps 1 to 16 (the `k = 4, s = 2` transposed convolution of notebook 05):

# %%
k4 = np.arange(1.0, 17.0).reshape(4, 4)
sub4 = subpixel.transposed_to_subpixel(k4[:, :, None, None], 2)[:, :, 0, :]  # (3, 3, 4 phases)
fig = plotting.grids(
    [k4] + [sub4[:, :, c] for c in range(4)],
    titles=["transposed kernel"] + [f"phase {divmod(c, 2)}" for c in range(4)],
    between=["→", "", "", ""],
    cmap="Blues",
    shared_scale=True,
)
plotting.describe(
    fig,
    "A 4x4 transposed kernel with taps 1 to 16, an arrow, then four 3x3 sub-kernels, one "
    "per output phase, padded with zeros. Each holds one phase's taps, every second row and "
    "column, flipped: phase (0, 0) holds 16, 14, 8 and 6, the taps at odd rows and columns; "
    "phase (1, 1) holds 11, 9, 3 and 1.",
)
sums = sub4.sum(axis=(0, 1)).reshape(2, 2)
print("sums of the sub-kernels, by output phase:\n", sums)
print(
    "phase sums of the transposed kernel, by phase of the full output:\n",
    subpixel.phase_sums(k4, 2),
)

# %% [markdown]
# What to notice: each sub-kernel holds the taps of one phase of the transposed kernel, every second row and column, flipped (a convolution reads its kernel the other way round); the zeros fill the 3x3 frame. Phase `(0, 0)` of the output holds 6, 8, 14 and 16, the taps at *odd* rows and columns: Keras' `"same"` keeps the full output from its second cell on (it crops `(k - s) // 2 = 1`), so the output's even cells are the full output's odd ones. The sums say the same: each sub-kernel sums to one of the transposed kernel's phase sums (notebook 08), shifted by that one cell. So a sub-pixel layer's response to a flat input is flat exactly when its sub-kernels have equal sums.
#
# ## ICNR: a sub-pixel layer that starts without a checkerboard
#
# A freshly initialised sub-pixel layer draws every channel independently, so its `r*r` sub-kernels have random, unequal sums: a checkerboard from the first step. ICNR (Aitken et al., 2017, "Checkerboard artifact free sub-pixel convolution") draws *one* sub-kernel and copies it into all `r*r` phases. Then every output pixel of a 2x2 block gets the same value: the layer starts as nearest-neighbour upsampling of one convolution, and all phase sums are equal.

# %%
shape = (3, 3, 1, 4)  # a Conv2D kernel for 1 channel in, 2*2 channels out
icnr = subpixel.icnr(shape, 2, seed=0)
default = keras.initializers.GlorotUniform(seed=0)(shape).numpy().astype("float64")

small = rng.normal(size=(1, 6, 6, 1))
one_conv = ops.conv2d(small, icnr[..., :1], padding="same")
agree = evidence.same(
    "The ICNR layer is nearest-neighbour upsampling of one convolution",
    subpixel.subpixel_conv(small, icnr, 2),
    np.repeat(np.repeat(one_conv, 2, axis=1), 2, axis=2),
)
for name, k in [("ICNR", icnr), ("default (Glorot uniform)", default)]:
    print(f"{name:<25} phase sums: {k.sum(axis=(0, 1, 2)).round(2)}")

# %%
(_, _), (x_test, _) = data.load_mnist()
digit = x_test[:1, :, :, None].astype("float64") / 255
digit = digit.reshape(1, 14, 2, 14, 2, 1).mean(axis=(2, 4))  # a 14x14 digit
flat = np.ones((1, 14, 14, 1))
panels, titles = [], []
for name, k in [("ICNR", icnr), ("default init", default)]:
    for label, image in [("a digit", digit), ("a flat image", flat)]:
        out = subpixel.subpixel_conv(image, k, 2)[0, 2:-2, 2:-2, 0]  # inside the border
        energy = artifacts.checkerboard_energy(out)
        panels.append(out / np.abs(out).max())
        titles.append(f"{name}, {label}\ncheckerboard energy {energy:.2f}")
fig = plotting.image_row(panels, titles=titles, cmap="RdBu_r", size=2.6, vmin=-1, vmax=1)
bar = fig.colorbar(
    fig.axes[0].images[0], ax=fig.axes, shrink=0.8, label="output / its largest |value|"
)
plotting.describe(
    fig,
    "Four maps on one scale from -1 (blue) to +1 (red), each a sub-pixel layer's output "
    "divided by its largest value. ICNR: a digit comes out as filtered strokes made of 2x2 "
    "blocks, and a flat image comes out flat (checkerboard energy 0.00 for both). Default "
    "initialisation: a grid over the digit (energy 0.13), and a flat image turned into a "
    "pattern repeating every 2 pixels (energy 1.00).",
)

# %% [markdown]
# What to notice: the four panels share one colour scale, each output divided by its largest value (so the two initialisations compare, whatever their size). ICNR's output of the digit is made of 2x2 blocks: one random 3x3 filter applied to the digit, then every value copied into a 2x2 block (nearest-neighbour upsampling), so it shows the digit's strokes, filtered, with no grid between the blocks; its response to a flat image is flat (energy 0.00). All panels leave out a 2-pixel border, where the kernel hangs over the edge into zeros. The default layer's four sub-kernels disagree: it prints a visible 2x2 grid over the digit and turns a flat image into a pattern that repeats every 2 pixels and nothing else (energy 1.00). Training can remove that grid, but it has to spend steps on it (notebook 11 measures this: after 50 training steps, the ICNR head's checkerboard is below the plain sub-pixel head's on each of its 3 seeds); ICNR starts without it (training could still put one in, through the sub-kernels or through unequal biases, but it begins from a flat response). In the transposed-convolution view ICNR is a transposed kernel with equal phase sums, the rule of notebooks 05 and 08, obtained by construction.
#
# ## Exercises
#
# **1. Build `depth_to_space`.** Write a function `my_depth_to_space(x, r)` that turns an `(N, H, W, r*r*C)` NumPy array into `(N, H*r, W*r, C)` exactly as `tf.nn.depth_to_space` does, with `reshape` and `transpose` only (no loops over pixels). The check compares it with TensorFlow's on random arrays, for several `r` and `C`.

# %% nbgrader={"grade": false, "grade_id": "answer_my_depth_to_space", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
def my_depth_to_space(x, r): ...  # your answer
### BEGIN SOLUTION
def my_depth_to_space(x, r):  # noqa: F811
    n, h, w, c = x.shape
    blocks = x.reshape(n, h, w, r, r, c // (r * r))
    return blocks.transpose(0, 1, 3, 2, 4, 5).reshape(n, h * r, w * r, c // (r * r))


### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_depth_to_space_function", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
from transposed_conv import checks

checks.depth_to_space_function(my_depth_to_space)

# %% [markdown]
# **2. Design an initialisation.** Give a sub-pixel kernel of shape `(3, 3, 1, 4)` (one channel in, `r = 2`) that is *not* ICNR (its four sub-kernels are not all the same) and yet makes no checkerboard at initialisation: a flat input must give a flat output inside the border, and the output must not be all zeros.

# %% nbgrader={"grade": false, "grade_id": "answer_no_grid_kernel", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
no_grid_kernel = ...  # your answer
### BEGIN SOLUTION
no_grid_kernel = np.zeros((3, 3, 1, 4))
no_grid_kernel[1, 1, 0, :] = 1.0  # the centre tap: nearest-neighbour upsampling
no_grid_kernel[0, 0, 0, 0] = no_grid_kernel[2, 2, 0, 0] = 0.5  # phase 0: same sum, other taps
no_grid_kernel[1, 1, 0, 0] = 0.0
### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_flat_subpixel_kernel", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.flat_subpixel_kernel(no_grid_kernel)

# %% [markdown]
# Next: **10 Porting between PyTorch and Keras**, with animations of the two views that play without running any code.

# %% [markdown]
# **Done with this notebook?** Shut its kernel down (*Kernel* ▸ *Shut Down Kernel*) before you open the next one: each running notebook holds TensorFlow, about 600 MB, and Binder gives you 1-2 GB in all.
