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
# # 02 Two mental models
#
# **After this notebook you can** compute a transposed convolution by hand in two ways and say why they agree:
# - **distribute**: every input value scales the whole kernel, and the scaled copies are added into the output;
# - **collect**: every output cell is an ordinary convolution (deep learning's, which does not flip its kernel: notebook 01) of a zero-stretched, zero-padded input with the **flipped** kernel.

# %%
import os

if "COLAB_RELEASE_TAG" in os.environ:  # on Google Colab: install the course's package first
    # %pip install -q --no-deps git+https://github.com/OWNER/REPO
import transposed_conv  # noqa: E402, F401  missing? run `pip install -e .` in the course folder

# %%
import numpy as np

from transposed_conv import evidence, settings
from transposed_conv.core import ops
from transposed_conv.models import reference
from transposed_conv.viz import explorers, plotting

settings.setup()

# %% [markdown]
# ## Model 1: distribute values
#
# The worked example of the reading: input `[[0, 1], [2, 3]]`, kernel `[[0, 1], [2, 3]]`, stride 1. Each of the four input values multiplies the kernel, and the copy is placed at the input's own position in a 3x3 grid. Adding the four intermediate grids gives the output.

# %%
x = np.array([[0.0, 1.0], [2.0, 3.0]])
kernel = np.array([[0.0, 1.0], [2.0, 3.0]])


def distribute(x, kernel, strides=1):
    """Each input value scales the kernel; its copy lands `strides` cells further per input step.

    Returns every scaled copy on its own output-sized grid, and where each copy landed.
    """
    (h, w), (kh, kw) = x.shape, kernel.shape
    grid = ((h - 1) * strides + kh, (w - 1) * strides + kw)
    copies, reached = np.zeros((h, w, *grid)), np.zeros((h, w, *grid), bool)
    for i in range(h):
        for j in range(w):
            rows = slice(i * strides, i * strides + kh)
            cols = slice(j * strides, j * strides + kw)
            copies[i, j, rows, cols] = x[i, j] * kernel
            reached[i, j, rows, cols] = True
    return copies, reached


def show_distribute(x, kernel, strides):
    terms, reached = distribute(x, kernel, strides)
    total = terms.sum(axis=(0, 1))  # adding the copies: the transposed convolution
    h, w = x.shape
    pictures = [terms[i, j] for i in range(h) for j in range(w)] + [total]
    blanks = [~reached[i, j] for i in range(h) for j in range(w)] + [None]
    titles = [f"{x[i, j]:g} x kernel" for i in range(h) for j in range(w)] + ["sum"]
    between = ["+"] * (h * w - 1) + ["="]
    return plotting.grids(
        pictures, titles=titles, blanks=blanks, between=between, shared_scale=True
    ), total


fig, out1 = show_distribute(x, kernel, strides=1)
plotting.describe(
    fig,
    "Five 3x3 grids joined by plus signs and an equals sign: the kernel scaled by each input "
    "value (0, 1, 2 and 3), each copy placed at its input's own position with the cells it does "
    "not reach left blank, then their sum. The copies overlap, so the centre of the sum "
    "collects four terms and reads 4.",
)
print(out1)

# %% [markdown]
# What to notice: the output is bigger than the input (3x3 from 2x2) and cells where copies overlap collect several terms: the centre gets `0·3 + 1·2 + 2·1 + 3·0 = 4`.
#
# With **stride 2**, each copy moves two cells per input step instead of one; the intermediate grids grow to 4x4 and, with a 2x2 kernel, the copies no longer overlap.

# %%
fig, out2 = show_distribute(x, kernel, strides=2)
plotting.describe(
    fig,
    "The same sum at stride 2: four 4x4 grids, each holding one 2x2 copy of the kernel scaled "
    "by 0, 1, 2 or 3 and placed two cells further per input step, then their 4x4 sum. The "
    "copies no longer overlap, so each output cell holds a single term.",
)
print(out2)

# %% [markdown]
# A correction to the reading: its drawings of these sums put the last two scaled copies in the wrong places (two copies at each stride; of those four, three are in both the wrong row and the wrong column, and at stride 2 one of the two is), and draw some intermediate grids larger than the output (3x4 and 3x5 at stride 1, 4x5 and 5x5 at stride 2). Where each copy's top-left corner sits:

# %%
# top-left corner (row, column) of each scaled copy in the reading's two drawings
reading_corners = {1: [(0, 0), (0, 1), (0, 2), (0, 3)], 2: [(0, 0), (0, 2), (0, 3), (2, 3)]}
print("stride  copy         the reading draws it at  it belongs at")
for strides, corners in reading_corners.items():
    for (i, j), drawn in zip(np.ndindex(x.shape), corners, strict=True):
        right = (i * strides, j * strides)  # where distribute() stamps it
        verdict = "" if drawn == right else "   wrong"
        print(f"{strides:>6}  {x[i, j]:g} x kernel  {str(drawn):>23}  {str(right):>13}{verdict}")

# %% [markdown]
# Its final results, `[[0, 0, 1], [0, 4, 6], [4, 12, 9]]` and `[[0, 0, 0, 1], [0, 0, 2, 3], [0, 2, 0, 3], [4, 6, 6, 9]]`, are right, as both pictures above show. Keras agrees:

# %%
# reference.keras_conv_transpose runs a Keras Conv2DTranspose layer holding this kernel
# (built as in notebook 01)
for strides, ours in [(1, out1), (2, out2)]:
    keras_out = reference.keras_conv_transpose(x, kernel, strides=strides)
    evidence.same(
        f"Stride {strides}: Keras' Conv2DTranspose equals the sum of scaled kernels",
        keras_out,
        ours,
    )
    evidence.same(
        f"Stride {strides}: so does ops.conv2d_transpose",
        ops.conv2d_transpose(x, kernel, strides),
        ours,
    )

# %% [markdown]
# ### Edges get less
#
# The spreadsheet post uses a 4x4 input of ones and a 3x3 kernel of ones. Every output cell then simply counts how many kernel copies reach it: 9 in the middle, fewer towards the edges.

# %%
ones_out = ops.conv2d_transpose(np.ones((4, 4)), np.ones((3, 3)))
print(ones_out)
fig = plotting.grids(
    [np.ones((4, 4)), np.ones((3, 3)), ones_out],
    titles=["input", "kernel", "output"],
    between=["*", "="],
    cmap="Oranges",
)
plotting.describe(
    fig,
    "Three grids: a 4x4 input of ones, times a 3x3 kernel of ones, equals a 6x6 output shaded "
    "by value. Each output cell counts the kernel copies that reach it: 9 in the central 2x2 "
    "block, fewer towards the edges, down to 1 in the corners.",
)

# %% [markdown]
# At stride 1 this fall-off is a **border** effect. How many copies reach a cell does not depend on the kernel's weights, and every cell at least `k - 1` cells from the edge receives all `k·k` of them, whatever the input size; only the ring of `k - 1` cells along the edge receives fewer, and no kernel changes that. Uneven coverage *inside* the output needs a stride larger than 1, as notebook 05 shows. On an 8x8 input of ones:

# %%
for strides in (1, 2):
    counts = ops.conv2d_transpose(np.ones((8, 8)), np.ones((3, 3)), strides)  # copies per cell
    inner = counts[2:-2, 2:-2]  # at least k - 1 = 2 cells from the edge
    ring = np.ones(counts.shape, bool)
    ring[2:-2, 2:-2] = False
    print(
        f"stride {strides}: copies per cell inside {np.unique(inner).astype(int).tolist()},"
        f" in the ring along the edge {np.unique(counts[ring]).astype(int).tolist()}"
    )

# %% [markdown]
# ## Model 2: collect values
#
# Now stand on one output cell and ask: *which input values reach me, and with which kernel weight?* For the centre cell of the stride-1 example, `ops.feeders` lists them as `(i, j, a, b)`: input `x[i, j]` arrives multiplied by `kernel[a, b]`.

# %%
for i, j, a, b in ops.feeders(x.shape, kernel.shape, cell=(1, 1)):
    print(f"x[{i},{j}] = {x[i, j]:g}  times  kernel[{a},{b}] = {kernel[a, b]:g}")

# %% [markdown]
# The input at the top left meets the kernel's **bottom-right** weight, and so on: seen from the output, the kernel is turned by half a turn (flipped top-bottom and left-right). So each output cell is an ordinary sliding-window product of the input with the flipped kernel. To let the window hang over the edges, pad the input with `k - 1` zeros on every side.

# %%
k = kernel.shape[0]
padded = np.pad(x, k - 1)
flipped = kernel[::-1, ::-1]
collect = ops.conv2d(padded, flipped)
print("conv2d(padded input, flipped kernel):")
print(collect)
evidence.same("Collecting gives the distribute result", collect, out1)
print("without the flip:", ops.conv2d(padded, kernel).tolist(), "(wrong)")

# %%
window = np.zeros(padded.shape, bool)
window[1:3, 1:3] = True
mark = np.zeros(collect.shape, bool)
mark[1, 1] = True
fig = plotting.grids(
    [padded, flipped, collect],
    titles=["input padded by k-1", "flipped kernel", "output"],
    highlights=[
        window,
        np.ones((2, 2), bool),
        mark,
    ],  # red: everything in the sum of the marked cell
    between=["*", "="],
)
plotting.frame(
    fig.axes[0], 1, 1, height=2, width=2
)  # the flipped kernel's window (fig.axes: grid, symbol, grid, ...)
plotting.describe(
    fig,
    "The collect model for the centre cell: the input zero-padded by k-1 to 4x4, times the "
    "flipped kernel [[3, 2], [1, 0]], equals the 3x3 output. A black frame marks the 2x2 window "
    "over the four input values; red outlines mark those values, all four kernel weights and "
    "the centre output cell, 4, that their products sum to.",
)

# %% [markdown]
# What to notice: the window (black frame) over the padded input covers all four input values, lined up with the flipped kernel `[[3, 2], [1, 0]]`, and the products sum to the 4 of the centre cell. Outline colours keep one meaning throughout: **red** = in the sum of the marked output cell, **black frame** = the flipped kernel's window, **blue outline** = where the input's values sit in a stretched grid (as in the stride-2 picture below). The fill colours only show the values, on each grid's own scale.
#
# The spreadsheet post's ones example, collected the same way: 4x4 input padded by 2 to 8x8, a 3x3 window, 6x6 output.

# %%
ones_padded = np.pad(np.ones((4, 4)), 2)
print(ops.conv2d(ones_padded, np.ones((3, 3))))

# %% [markdown]
# ### How much padding? `k - 1`, not `(k + 1) / 2`
#
# The spreadsheet post says the equivalent convolution has padding `(kernel_size + 1) / 2`. That holds only for its 3x3 kernel. The padding that makes the collect model reproduce the transposed convolution's full output is `k - 1` for every kernel size:

# %%
rng = np.random.default_rng(0)
x_test = rng.normal(size=(4, 4))
print("k  padding that works  (k+1)/2")
for size in range(1, 6):
    kern = rng.normal(size=(size, size))
    target = ops.conv2d_transpose(x_test, kern)
    works = []
    for p in range(6):
        if 4 + 2 * p < size:  # the kernel would not fit at all
            continue
        candidate = ops.conv2d(np.pad(x_test, p), kern[::-1, ::-1])
        if candidate.shape == target.shape and np.allclose(candidate, target):
            works.append(p)
    print(f"{size}  {works}                  {(size + 1) / 2:g}")

# %% [markdown]
# ### Stride in the collect model: stretch the input
#
# With stride 2 the kernel copies are placed two cells apart. Seen from the output, that means the input values sit two cells apart: put `stride - 1` zeros between neighbouring inputs (*stretch*), pad by `k - 1`, and slide the flipped kernel one cell at a time. That is why a transposed convolution is also called a *fractionally strided* convolution: a step of one cell in the stretched grid is half a step in the input.

# %%
stretched = ops.stretch(x, 2)
z = np.pad(stretched, k - 1)
collect2 = ops.conv2d(z, flipped)
print("stretched input (the input's own 0 is the top-left corner; the other zeros are inserted):")
print(stretched)
evidence.same("Collecting gives the stride-2 distribute result", collect2, out2)
is_input = np.pad(ops.stretch(np.ones_like(x), 2), k - 1).astype(bool)  # where the input values sit
fig = plotting.grids(
    [z, flipped, collect2],
    titles=["stretched + padded", "flipped kernel", "output"],
    highlights=[is_input, None, None],
    between=["*", "="],
    highlight_color=plotting.INPUT_COLOR,
)
plotting.describe(
    fig,
    "Collect at stride 2: the input stretched with zeros between its values and padded to 5x5, "
    "its four input values 0, 1, 2 and 3 outlined in blue, times the flipped kernel, equals "
    "the 4x4 output. Sliding the flipped kernel one cell at a time over this grid gives the "
    "same output as distributing at stride 2.",
)

# %% [markdown]
# ## Both models are the same operation
#
# The package implements each model separately: `ops.conv2d_transpose_scatter` distributes with explicit loops, `ops.conv2d_transpose_as_conv` collects by stretching, padding and convolving with the flipped kernel. On random inputs and kernels, with strides, several channels and a batch, both agree with the vectorised `ops.conv2d_transpose` and with Keras' `Conv2DTranspose` holding the same weights:

# %%
rng = np.random.default_rng(2)
print("stride  kernel   max |distribute - Keras|  max |collect - Keras|")
for strides, size in [(1, 3), (2, 3), (2, 4), (3, 2)]:
    xb = rng.normal(size=(2, 4, 5, 3))  # batch 2, 4x5 pixels, 3 channels
    kb = rng.normal(size=(size, size, 2, 3))  # Keras layout (kh, kw, C_out, C_in)
    ref = reference.keras_conv_transpose(xb, kb, strides=strides)
    # Keras' "valid" also covers a kernel smaller than the stride: it appends zeros (notebook 03)
    d1 = np.abs(ops.conv2d_transpose_scatter(xb, kb, strides, padding="valid") - ref).max()
    d2 = np.abs(ops.conv2d_transpose_as_conv(xb, kb, strides, padding="valid") - ref).max()
    print(
        f"{strides:>6}  {size}x{size}     {'< 1e-5' if d1 < 1e-5 else d1:>22} "
        f" {'< 1e-5' if d2 < 1e-5 else d2:>21}"
    )

# %% [markdown]
# ## Explore: who feeds an output cell?
#
# Pick an output cell. Red outlines mark everything in its sum. Distribute (top row): the input values whose scaled kernel copy reaches it, the kernel weight each one meets, and where those copies land in the full output (blue outlines). Collect (bottom row): the flipped kernel's window (black frame) over the stretched, padded input (purple; the input's values outlined in blue), and the flipped kernel's weights that land on input values. The caption writes out both sums; they always match. The explorer runs in your browser: on the course's website and on nbviewer it responds at once; in Jupyter, once this cell has run. Until then you see a picture of its starting cell, (2, 1). The sliders also move with the arrow keys.

# %%
explorers.output_cell_explorer(x, kernel, strides=2, row=2, col=1)

# %% [markdown]
# ## Exercises
#
# **1. Flip.** Write the kernel `[[1, 2], [3, 4]]` as the collect model uses it.

# %% nbgrader={"grade": false, "grade_id": "answer_flipped_answer", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
flipped_answer = ...  # your answer
### BEGIN SOLUTION
flipped_answer = [[4, 3], [2, 1]]
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_flipped_kernel", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
from transposed_conv import checks

checks.flipped_kernel(flipped_answer)

# %% [markdown]
# **2. Compute by hand.** Input `[[2, 1], [0, 3]]`, kernel `[[1, 2], [3, 4]]`, stride 1. What is the value of output cell `[1, 1]`?

# %% nbgrader={"grade": false, "grade_id": "answer_centre", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
centre = ...  # your answer
### BEGIN SOLUTION
centre = 14
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_distribute_cell", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.distribute_cell(centre)

# %% [markdown]
# **3. Predict the shape.** In the collect model, a 3x3 input with stride 2 and a 3x3 kernel is stretched and padded. How many cells wide is the resulting grid?

# %% nbgrader={"grade": false, "grade_id": "answer_grid_side", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
grid_side = ...  # your answer
### BEGIN SOLUTION
grid_side = 9
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_stretched_size", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.stretched_size(grid_side)

# %% [markdown]
# **4. Write the distribute loop.** Write a function `my_distribute(x, kernel, stride)` for a 2-D input `x` and a 2-D `kernel` (NumPy arrays, one channel, no padding) that returns the transposed convolution itself, `(h - 1) * stride + kh` rows by `(w - 1) * stride + kw` columns: loop over the input and, for every value, add the kernel scaled by it at its place in the output (no `ops` function). Replace the `...` line with your `def my_distribute(x, kernel, stride):`. The check compares it with `ops.conv2d_transpose` on random inputs and kernels, square or not, with strides 1 to 3.

# %% nbgrader={"grade": false, "grade_id": "answer_my_distribute", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
my_distribute = ...  # your answer


### BEGIN SOLUTION
def my_distribute(x, kernel, stride):
    kh, kw = kernel.shape
    out = np.zeros(((x.shape[0] - 1) * stride + kh, (x.shape[1] - 1) * stride + kw))
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):  # stamp the kernel, scaled by x[i, j], at (i, j) * stride
            out[i * stride : i * stride + kh, j * stride : j * stride + kw] += x[i, j] * kernel
    return out


### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_distribute_function", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.distribute_function(my_distribute)

# %% [markdown]
# Next: **03 Stride, padding, output size**: what the `strides`, `padding` and `output_padding` arguments do to the output.

# %% [markdown]
# **Done with this notebook?** Shut its kernel down (*Kernel* ▸ *Shut Down Kernel*) before you open the next one: each running notebook holds TensorFlow, about 600 MB, and Binder gives you 1-2 GB in all.
