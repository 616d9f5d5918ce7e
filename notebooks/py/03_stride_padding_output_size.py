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
# # 03 Stride, padding, output size
#
# **After this notebook you can**
# - say why padding *shrinks* a transposed convolution's output and stride *enlarges* it,
# - predict the output size for any stride, padding, `output_padding` and dilation, with integer padding (PyTorch, MXNet) and with Keras' `"valid"` / `"same"`,
# - avoid the `output_padding` trap when a decoder must give back an odd size,
# - make a decoder give back every size of an encoder exactly.

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
from transposed_conv.core import ops, shapes
from transposed_conv.models import reference
from transposed_conv.viz import explorers, plotting

settings.setup()

# %% [markdown]
# ## Padding shrinks the output
#
# For a convolution, padding adds zeros around the *input*, so the output grows. For a transposed convolution it works the other way round (the spreadsheet post calls it "gniddap"): padding `p` says how many rows and columns of the **full output** to throw away on each side. The spreadsheet post's example: a 4x4 input of ones and a 3x3 kernel of ones.

# %%
x = np.ones((4, 4))
kernel = np.ones((3, 3))
outs = [ops.conv2d_transpose(x, kernel, padding=p) for p in range(3)]
for p, out in enumerate(outs):
    print(f"padding={p}: output shape {out.shape}")
full = outs[0]
kept = [np.pad(np.ones(o.shape, bool), p) for p, o in enumerate(outs)]
fig = plotting.grids(
    [full, full, full],
    titles=["padding 0", "padding 1", "padding 2"],
    highlights=kept,
    cmap="Oranges",
)
plotting.describe(
    fig,
    "Three copies of the same 6x6 full output (a 4x4 input of ones, a 3x3 kernel of ones), "
    "titled padding 0, 1 and 2, with red outlines on the cells each padding keeps. Padding p "
    "drops p rows and columns on each side: the kept part shrinks from 6x6 to 4x4 to the "
    "central 2x2.",
)

# %% [markdown]
# What to notice: 6x6, 4x4 and 2x2, as the spreadsheet post prints, and each is the centre of the same full output (outlined). Its printed numbers agree too. The post also runs its layer on an input of its own with irregular values (not the ones above) and prints the outputs: its 2x2 result for padding 2, `[[21, 21], [28, 27]]`, is exactly the centre of the 6x6 it printed for padding 0.

# %%
post_full = np.array(
    [
        [1, 5, 11, 14, 8, 3],
        [1, 6, 15, 18, 12, 3],
        [4, 13, 21, 21, 15, 11],
        [5, 17, 28, 27, 25, 11],
        [4, 7, 9, 12, 8, 6],
        [6, 7, 14, 13, 9, 6],
    ]
)
post_pad2 = np.array([[21, 21], [28, 27]])
evidence.same(
    "The centre of the spreadsheet post's printed 6x6 is its printed padding-2 output",
    post_full[2:4, 2:4],
    post_pad2,
    atol=0,
)

# %% [markdown]
# ## Stride enlarges the output
#
# A stride of `s` places the kernel copies `s` cells apart, so the output grows roughly `s` times. The spreadsheet post shows a 2x2 input, a 3x3 kernel and stride 2 giving a 5x5 output, but it does not print the input or the kernel. They can be read back from the output: a cell reached by only one kernel copy holds `x[i, j] * kernel[a, b]` directly. Solving those cells gives (up to a common scale) the input `[[3, 3], [1, 1]]` and the kernel `[[1, 2, 3], [0, 1, 0], [2, 1, 2]]`, and the overlap cells then check the solution:

# %%
post_stride2 = np.array(
    [[3, 6, 12, 6, 9], [0, 3, 0, 3, 0], [7, 5, 16, 5, 9], [0, 1, 0, 1, 0], [2, 1, 4, 1, 2]]
)
x2 = np.array([[3.0, 3.0], [1.0, 1.0]])
k2 = np.array([[1.0, 2.0, 3.0], [0.0, 1.0, 0.0], [2.0, 1.0, 2.0]])
out2 = ops.conv2d_transpose(x2, k2, strides=2)
print(out2)
evidence.same(
    "This reproduces the spreadsheet post's 5x5 output exactly", out2, post_stride2, atol=0
)

# %% [markdown]
# In the collect model, stride means zeros *between* the input cells. The flipped kernel still slides one cell at a time over the stretched grid, and one cell there is `1/s` of an input cell: a stride of `1/s` over the original input, hence the name *fractionally strided convolution*.
#
# The drawings below use an input of ones and a kernel of ones, so every number in them is real and adds up: left, the stretched, padded input (the input's cells outlined in blue); middle, the kernel; right, the output, each cell the sum under the kernel at its place, which counts the kernel taps landing on an input cell. Stride 1, then stride 2:

# %%
for s in (1, 2):
    fig = plotting.transposed_layout(i=3, k=3, s=s)
    plotting.describe(
        fig,
        {
            1: "Stride 1, three grids: left, a 3x3 input of ones padded with zeros to 7x7, its "
            "input cells outlined in blue; middle, a 3x3 kernel of ones; right, the 5x5 output, "
            "each cell counting the kernel taps that land on input cells, 9 at the centre.",
            2: "Stride 2, three grids: left, the 3x3 input of ones stretched with a zero between "
            "neighbouring cells and padded to 9x9, input cells outlined in blue; middle, the 3x3 "
            "kernel of ones; right, the output, now larger at 7x7, with uneven counts of 1, 2 "
            "and 4.",
        }[s],
    )

# %% [markdown]
# ## The four examples of the reading
#
# The reading works four examples with a 2x2 kernel. Here each is computed; the table compares the sizes the reading states with the sizes that follow from its parameters.

# %%
examples = [
    (
        "1: convolution, 6x6 input padded to 8x8, stride 2, padding 1",
        shapes.conv_output_size(6, 2, 2, 1),
        "4x4",
    ),
    (
        "2: transposed, 3x3 input, stride 2, padding 0",
        shapes.conv_transpose_output_size(3, 2, 2, 0),
        "6x6",
    ),
    (
        "3: transposed, 3x3 input, stride 1, padding 0",
        shapes.conv_transpose_output_size(3, 2, 1, 0),
        "6x6 (from a 7x7 grid)",
    ),
    (
        "4: transposed, 3x3 input, stride 2, padding 1",
        shapes.conv_transpose_output_size(3, 2, 2, 1),
        "4x4",
    ),
]
print(f"{'example':<64} {'computed':>9}   reading says")
for name, size, stated in examples:
    print(f"{name:<64} {f'{size}x{size}':>9}   {stated}")

# %% [markdown]
# Example 3 is wrong in the reading. With stride 1 there are no gaps, the 3x3 input is padded with `k - 1 = 1` ring of zeros to a **5x5** grid, not 7x7, and the 2x2 kernel fits in it **4x4** times. A 6x6 output at stride 1 would need a 4x4 kernel (and a 9x9 grid). The picture of example 3:

# %%
fig = plotting.transposed_layout(i=3, k=2, s=1, p=0)
plotting.describe(
    fig,
    "Example 3 of the reading, three grids: left, the 3x3 input of ones padded with one ring of "
    "zeros to 5x5, input cells outlined in blue; middle, a 2x2 kernel of ones; right, the 4x4 "
    "output, each cell counting kernel taps on input cells. At stride 1 the grid is 5x5 and "
    "the output 4x4, not 7x7 and 6x6 as the reading says.",
)

# %% [markdown]
# ## The output-size rule
#
# Put the three effects together. The full output of a transposed convolution has `(i - 1)·s + 1` cells spanned by the stretched input, plus `d·(k - 1)` for the (dilated) kernel hanging over the last one. Padding removes `p` on each side, and `output_padding` adds cells back (at the end in PyTorch's convention; with Keras' `"same"` the kept window may grow at the start instead, see *Which cells `"same"` keeps* below):
#
# $$o = (i - 1)\,s - 2p + d\,(k - 1) + \text{output_padding} + 1$$
#
# It is the convolution rule `i = floor((o + 2p - d(k-1) - 1) / s) + 1` solved for `o`; `output_padding` picks one of the `s` sizes that the floor maps to the same `i`. The table shows one setting: the forward convolution takes both sizes that `output_padding` can pick back to the same 4, and `output_padding` is exactly the remainder the floor throws away (`tests/core/test_shapes.py` checks it for all 3,324 valid settings of a grid).

# %%
i, k, s, p = 4, 3, 2, 1  # a 4-cell input, kernel 3, stride 2, padding 1
print(f"{'output_padding':>14}  {'o':>2}  {'convolution of o':>16}  {'remainder':>9}")
for op in range(s):
    o = shapes.conv_transpose_output_size(i, k, s, p, op)
    back = shapes.conv_output_size(o, k, s, p)  # the forward convolution's floor rule
    print(f"{op:>14}  {o:>2}  {back:>16}  {(o + 2 * p - (k - 1) - 1) % s:>9}")

# %% [markdown]
# ### "Input dim / s² · n" is only roughly right
#
# The thread's question states that a convolutional layer with stride `s` and `n` filters has an output of dimension `Input dim / s² · n`. That is exact for `"same"` padding when `s` divides the input size, and in general only roughly right. Each spatial axis follows the floor rule on its own, `floor((i + 2p - d(k-1) - 1) / s) + 1` (Keras' `"same"`: `ceil(i / s)`), and the output has (rows) x (columns) x `n` numbers. Keras' `Conv2D` settles it:

# %%
n = 8
print("input   k  s  padding  Input dim / s^2 * n  per-axis rule         Keras Conv2D output")
for size, k, s, padding in [
    (28, 3, 2, "same"),
    (28, 3, 2, "valid"),
    (7, 3, 2, "same"),
    (32, 5, 3, "valid"),
]:
    rough = size * size / s**2 * n
    side = shapes.keras_conv_output_size(size, k, s, padding)
    out = keras.layers.Conv2D(n, k, strides=s, padding=padding)(
        np.zeros((1, size, size, 1), "float32")
    )
    print(
        f"{size:>2}x{size:<2}  {k}  {s}  {padding:>7}  {rough:>19.1f}  {side}x{side}x{n} ="
        f" {side * side * n:<6}  {tuple(out.shape[1:])}"
    )

# %% [markdown]
# Keras has no integer padding; `padding` is `"valid"` or `"same"`, and `output_padding=None` by default:
#
# - `"valid"`: nothing is cropped: `o = i·s + max(d(k-1) + 1 - s, 0)`. When the kernel is smaller than the stride this is `i·s`, with zeros at the end where no kernel copy reaches.
# - `"same"`: `o = i·s`, the inverse of a `"same"` convolution's `ceil(i/s)`.
# - With an integer `output_padding`: `o = (i - 1)·s + d(k-1) + 1 - 2·pad + output_padding`, with `pad = 0` for `"valid"` and `(d(k-1)+1) // 2` for `"same"`. TensorFlow runs a `"same"` layer only when the forward convolution takes `o` back to `i`, that is `ceil(o / s) = i`, and refuses the others when the layer is called: `k = 4, s = 2, output_padding=0` on 4 gives `o = 6`, and `ceil(6 / 2) = 3`, not 4.
#
# `shapes.keras_conv_transpose_output_size` implements these rules; here six of them against Keras' own layers, built and run (the tests compare every setting of a grid):

# %%
rng = np.random.default_rng(0)
print(f"{'i':>2} {'k':>2} {'s':>2} {'padding':>8} {'output_padding':>14}   rule   Keras")
for i, k, s, padding, op in [
    (7, 3, 2, "same", None),
    (7, 3, 2, "valid", None),
    (7, 1, 3, "valid", None),
    (4, 3, 2, "same", 0),
    (4, 4, 2, "same", 1),
    (5, 5, 3, "valid", 2),
]:
    rule = shapes.keras_conv_transpose_output_size(i, k, s, padding, op)
    layer = keras.layers.Conv2DTranspose(1, k, strides=s, padding=padding, output_padding=op)
    out = layer(rng.normal(size=(1, i, i, 1)).astype("float32"))
    print(f"{i:>2} {k:>2} {s:>2} {padding:>8} {str(op):>14}   {rule:>4}   {out.shape[1]:>5}")

# %% [markdown]
# ## The `output_padding` trap
#
# A `"same"` convolution with stride 2 takes 7 to `ceil(7/2) = 4`, and so does it take 8. Going back, the transposed convolution cannot know which one you came from, and Keras picks `4·2 = 8`. A decoder that must return the 7x7 input needs `output_padding` to choose. The trap, in one line: `output_padding=None` (Keras' default) is not `output_padding=0`; only `output_padding=0` gives 7 here:

# %%
inputs = keras.Input((7, 7, 1))
down = keras.layers.Conv2D(4, 3, strides=2, padding="same")(inputs)
back_default = keras.layers.Conv2DTranspose(1, 3, strides=2, padding="same")(down)
back_fixed = keras.layers.Conv2DTranspose(1, 3, strides=2, padding="same", output_padding=0)(down)
print("input:", inputs.shape[1:3], "-> Conv2D:", down.shape[1:3])
print("Conv2DTranspose, output_padding=None:", back_default.shape[1:3])
print("Conv2DTranspose, output_padding=0:   ", back_fixed.shape[1:3])

# %% [markdown]
# A version note: Keras accepts `output_padding=0` from version 3.11.0 on. Keras 3.10 and older refuse it when the layer is made ("... do not satisfy `value > 0`"); with those versions, crop the first (not the last) row and column of the default 8x8 output (`keras.layers.Cropping2D(((1, 0), (1, 0)))`) to get the same 7x7. The course is tested with Keras 3.11 and newer, and notebook 00's last check prints the command that upgrades an older one.

# %% [markdown]
# ## A decoder that gives every size back
#
# The trap repeats at every layer of an encoder. Two `Conv2D(kernel_size=3, strides=2, padding="same")` take 39 to 20 to 10; the mirrored `Conv2DTranspose` layers with Keras' default give 10, 20, 40: 40, not 39, the mismatch Keras issue #10185 reports after a pooling layer (in #14158 an encoder of four such layers takes 25 down to 2). Each decoder layer needs its own `output_padding`: None where the default already lands on its encoder layer's input size, else the integer that does. By hand, with the rule above (`pad = 1` for kernel 3): from 10 the default gives `10·2 = 20`, the size wanted; from 20, `(20 - 1)·2 + 3 - 2·1 + output_padding = 39 + output_padding`, so `output_padding=0`. `decoder.keras_decoder` works them out from the encoder's arguments, with the rules above, one axis at a time (`decoder.pytorch_decoder` does the same for PyTorch's `Conv2d`):

# %%
from transposed_conv.core import decoder

encoder = [dict(kernel_size=3, strides=2, padding="same")] * 2
plan = decoder.keras_decoder(39, encoder)
for layer in plan:
    print(f"{layer['in']:>2} -> {layer['out']:>2}: Conv2DTranspose(filters, **{layer['args']})")

# %% [markdown]
# Keras itself, with those layers, on a 39x39 image:

# %%
image = keras.Input((39, 39, 1))
h = image
for args in encoder:
    h = keras.layers.Conv2D(4, **args)(h)
print("encoder:", image.shape[1:3], "->", h.shape[1:3])
for layer in plan:
    h = keras.layers.Conv2DTranspose(4, **layer["args"])(h)
print("decoder gives back:", h.shape[1:3])
out = keras.Model(image, h)(np.zeros((1, 39, 39, 1), "float32"))  # and it runs
print("run on an array:", tuple(out.shape))

# %% [markdown]
# When no `output_padding` below the stride lands on the size, the solver says so instead of returning layers that do not fit. That happens when the two axes need different things: an 8x7 image through `Conv2D(kernel_size=4, strides=2, padding="same")` becomes 4x4; going back, the height (8) needs the default and the width (7) needs `output_padding=1`, and a layer takes one setting for both. An odd kernel, or the default and a crop, avoids it. `tests/core/test_decoder.py` checks the solver's answers against real Keras layers on 250 random encoders.

# %% [markdown]
# ## Which cells `"same"` keeps
#
# The thread has this TensorFlow example: a 2x2 input `[[1, 2], [3, 4]]`, a 3x3 kernel of ones, stride 2, `padding='SAME'`, output 4x4. A commenter objects that the output should be 5x5. Both are right about something: the **full** output is 5x5, and `"same"` keeps 4x4 of it. Which 4x4? Of the `k - s` cells it crops (`d(k - 1) + 1 - s` with dilation; when `k < s` nothing is cropped and zeros are appended at the end instead), TensorFlow's `"same"` puts half (rounded down) at the start and the rest at the end, because its `"same"` convolution pads an odd extra zero at the bottom/right. Here `k - s = 1`: 0 rows at the top, 1 at the bottom.

# %%
x4 = np.array([[1.0, 2.0], [3.0, 4.0]])
full4 = ops.conv2d_transpose(x4, np.ones((3, 3)), strides=2)
same4 = ops.conv2d_transpose(x4, np.ones((3, 3)), strides=2, padding="same")
tf4 = tf.nn.conv2d_transpose(
    x4.reshape(1, 2, 2, 1), np.ones((3, 3, 1, 1)), (1, 4, 4, 1), strides=2, padding="SAME"
)
print("crop (start, length):", shapes.conv_transpose_crop(2, 3, 2, "same"))
print(same4)
thread_answer = np.array([[1, 1, 3, 2], [1, 1, 3, 2], [4, 4, 10, 6], [3, 3, 7, 4]])
evidence.same("This is the thread's expected array", same4, thread_answer, atol=0)
evidence.same("tf.nn.conv2d_transpose gives the same", same4, tf4.numpy()[0, :, :, 0])
keep = np.zeros(full4.shape, bool)
keep[:4, :4] = True
fig = plotting.grids(
    [full4, same4],
    titles=["full 5x5", "'same': first 4x4"],
    highlights=[keep, None],
    cmap="Oranges",
    shared_scale=True,
)
plotting.describe(
    fig,
    "Two grids: left, the full 5x5 transposed convolution of [[1, 2], [3, 4]] with a 3x3 kernel "
    "of ones at stride 2, its top-left 4x4 block outlined in red; right, the 4x4 output with "
    "'same' padding. 'same' keeps the first four rows and columns and crops the last row and "
    "the last column.",
)

# %% [markdown]
# Without `output_padding`, the crop is lopsided only when `k - s` is odd: with `k = 4, s = 2` it is one cell on each side. Once `output_padding` is set, the output has the length of the rule above, and the same rule places it: half of the cropped cells (rounded down) at the start. So `k = 3, s = 2, "same", output_padding=0` on a 4x4 input gives 7x7, rows and columns 1 to 7 of the 9x9 full output. Keras' own layers, on a random 4x4 input:

# %%
rng = np.random.default_rng(1)
x_crop = rng.normal(size=(4, 4))
print(" k  s  output_padding  full  Keras  Keras keeps rows  cropped at start, end")
for k, s, op in [(3, 2, None), (4, 2, None), (5, 3, None), (3, 2, 0), (4, 2, 1)]:
    kern = rng.normal(size=(k, k))
    full_out = ops.conv2d_transpose(x_crop, kern, strides=s)
    keras_out = reference.keras_conv_transpose(
        x_crop, kern, strides=s, padding="same", output_padding=op
    )
    n_full, n = len(full_out), len(keras_out)
    start = next(  # where Keras' output sits in the full output
        a
        for a in range(n_full - n + 1)
        if np.allclose(full_out[a : a + n, a : a + n], keras_out, atol=1e-5)
    )
    print(
        f"{k:>2} {s:>2}  {str(op):>14}  {n_full:>4}  {n:>5}  {f'{start} to {start + n - 1}':>16}"
        f"  {start:>16}, {n_full - n - start}"
    )

# %% [markdown]
# ## Dilation
#
# A dilated kernel spreads its taps `d` cells apart, so a 3x3 kernel with `d = 2` spans 5 cells. In the size rule, `k` becomes the span `d(k - 1) + 1`.
#
# Keras' `Conv2DTranspose(dilation_rate=2)` describes this layer, with two limits (TensorFlow 2.21, Keras 3.15):
#
# - The Keras layer refuses `strides > 1` together with `dilation_rate > 1` as soon as it is created (below).
# - At stride 1, whether it runs depends on which of TensorFlow's implementations of the operation runs (TensorFlow calls them *kernels*, a second meaning of the word), not on who made the CPU. On a GPU TensorFlow calls cuDNN, whose convolutions support dilation (not checked here). On a CPU the oneDNN implementation runs it, and the plain one refuses it: *"Current CPU implementations do not yet support dilation rates larger than 1"*. On Linux, TensorFlow turns oneDNN on by default only where the CPU has certain features (AVX512_VNNI, AVX512_BF16, AVX_VNNI, AMX, or an ARM Neoverse V1; some recent AMD CPUs have them), and `TF_ENABLE_ONEDNN_OPTS=1` or `=0` turns it on or off anywhere. Checked on the CPU the course is tested on, an AMD EPYC without those features: refused by default and with `=0`, run with `=1`.
#
# So we check against the definition instead, which runs everywhere: a dilated kernel is the kernel with `d - 1` zeros between its taps, and an ordinary `Conv2DTranspose` holding that kernel gives the dilated result.

# %%
try:
    keras.layers.Conv2DTranspose(1, 3, strides=2, dilation_rate=2)
    print("Keras accepts strides=2 with dilation_rate=2")
except ValueError as error:
    print("Keras refuses it:", error)

# %%
x5 = np.arange(1.0, 10.0).reshape(3, 3)
k5 = np.arange(1.0, 10.0).reshape(3, 3) / 10
ours = ops.conv2d_transpose(x5, k5, dilation=2)
k5_dilated = np.zeros((5, 5))
k5_dilated[::2, ::2] = k5  # dilation written out: one zero between taps
keras_out = reference.keras_conv_transpose(x5, k5_dilated)  # no dilation_rate: portable
print("span of a 3x3 kernel with dilation 2:", shapes.effective_kernel_size(3, 2))
print("output size:", ours.shape)
evidence.same("Keras with the zero-filled kernel gives the same output", ours, keras_out, atol=1e-5)
fig = plotting.transposed_layout(i=3, k=3, s=1, p=0, d=2)
plotting.describe(
    fig,
    "Dilation 2, three grids: left, a 3x3 input of ones padded with zeros to 11x11, input cells "
    "outlined in blue; middle, the 3x3 kernel of ones with dilation 2, its taps separated by "
    "zeros so that it spans 5x5; right, the 7x7 output, each cell counting kernel taps on "
    "input cells. The wider span makes the output 7x7 instead of 5x5.",
)

# %% [markdown]
# ## Explore every setting
#
# One explorer for every argument of a transposed convolution, in 1-D or 2-D: input size, kernel size, stride, padding (PyTorch's integer, or Keras' `'valid'` and `'same'`), `output_padding` (`None` is Keras' default) and dilation, and an output cell to follow. The input holds 1 to 9 row by row, the kernel 1, 2, 3 repeated, so that every number can be checked by hand. It shows:
#
# - the output size with this notebook's rule filled in, term by term, and which part of the full output the padding keeps;
# - the distribute view (top): the input, the kernel, and the full output with that part framed dashed; the blue outlines are where the scaled kernel copies that reach the marked cell land;
# - the collect view (bottom): the stretched, padded input with the flipped kernel's window over the marked cell, the flipped kernel, and the output;
# - for small sizes, the matrix `M` of this transposed convolution (one column per input cell, the output of that cell set to 1) and `C = M.T`;
# - the Keras layer and the PyTorch module that give exactly this output, to copy and run. Where a framework refuses the setting, or no setting can be drawn, it says why instead.
#
# It runs in your browser: on the course's website and on nbviewer it responds at once; in Jupyter, once this cell has run (until then you see a picture of its starting setting). Every control works from the keyboard: Tab to it, then the arrow keys.

# %%
explorers.transposed_explorer(i=3, k=3, s=2, padding=1, output_padding=1)

# %% [markdown]
# ## Exercises
#
# **1. Predict the shape (integer padding).** Input 5x5, kernel 4x4, stride 2, `padding=1` (PyTorch's meaning), no output padding. Output size?

# %% nbgrader={"grade": false, "grade_id": "answer_size_1", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
size_1 = ...  # your answer
### BEGIN SOLUTION
size_1 = 10
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_padding_shape", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
from transposed_conv import checks

checks.padding_shape(size_1)

# %% [markdown]
# **2. Predict the shape (Keras).** `Conv2DTranspose(kernel_size=5, strides=3, padding="same")` on a 4x4 input. Output size?

# %% nbgrader={"grade": false, "grade_id": "answer_size_2", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
size_2 = ...  # your answer
### BEGIN SOLUTION
size_2 = 12
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_same_shape", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.same_shape(size_2)

# %% [markdown]
# **3. The trap.** A 9x9 image goes through `Conv2D(kernel_size=3, strides=2, padding="same")`. Which `output_padding` makes `Conv2DTranspose(kernel_size=3, strides=2, padding="same", output_padding=...)` return 9x9?

# %% nbgrader={"grade": false, "grade_id": "answer_op_answer", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
op_answer = ...  # your answer
### BEGIN SOLUTION
op_answer = 0
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_output_padding_needed", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.output_padding_needed(op_answer)

# %% [markdown]
# **4. Compute by hand.** Input `[[1, 2], [3, 4]]`, a 2x2 kernel of ones, stride 2, integer `padding=1`. Write the output as a list of lists.

# %% nbgrader={"grade": false, "grade_id": "answer_by_hand", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
by_hand = ...  # your answer
### BEGIN SOLUTION
by_hand = [[1, 2], [3, 4]]
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_stride_padding_by_hand", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.stride_padding_by_hand(by_hand)

# %% [markdown]
# **5. Design a layer.** A decoder must take a 7x7 code to a 28x28 image with **one** `Conv2DTranspose`. Choose its `kernel_size`, `strides`, `padding` (`"valid"` or `"same"`) and `output_padding` (`None` or a whole number smaller than `strides`), such that every output pixel receives a kernel copy: `kernel_size >= strides` (no gaps between copies), and the 28 cells lie within the full output, `(7 - 1)·strides + kernel_size` cells (`output_padding` can append cells past it that no copy reaches). Write them as a dict of the layer's arguments, such as `{"kernel_size": 3, "strides": 2, "padding": "same", "output_padding": None}` (which gives 14x14). Several designs work; the check computes the size yours gives.

# %% nbgrader={"grade": false, "grade_id": "answer_layer_args", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
layer_args = ...  # your answer
### BEGIN SOLUTION
layer_args = {"kernel_size": 4, "strides": 4, "padding": "same", "output_padding": None}
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_seven_to_twenty_eight", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.seven_to_twenty_eight(layer_args)

# %% [markdown]
# **6. Undo an encoder.** The encoder of Keras issue #14158 applies `Conv2D(kernel_size=3, strides=2, padding="same")` four times to a 25x25 image. Its decoder mirrors it with four `Conv2DTranspose(kernel_size=3, strides=2, padding="same", output_padding=...)`. Give the four `output_padding` values (`None` or a whole number), first decoder layer first, that return every size exactly. Write the encoder's sizes down first; any answer that works passes. (The author reports that `output_padding=(0, 0)` gives the encoder's sizes back: check it layer by layer.)

# %% nbgrader={"grade": false, "grade_id": "answer_paddings", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
paddings = ...  # your answer
### BEGIN SOLUTION
paddings = [None, 0, 0, 0]  # [1, 0, 0, 0] works too: from 2, 1 gives (2-1)·2 + 3 - 2 + 1 = 4
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_decoder_output_paddings", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.decoder_output_paddings(paddings)

# %% [markdown]
# Next: **04 Channels, layouts and names**.

# %% [markdown]
# **Done with this notebook?** Shut its kernel down (*Kernel* ▸ *Shut Down Kernel*) before you open the next one: each running notebook holds TensorFlow, about 600 MB, and Binder gives you 1-2 GB in all.
