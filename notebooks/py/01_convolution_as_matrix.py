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
# # 01 Convolution as a matrix
#
# **After this notebook you can**
# - write a small convolution as a matrix `C` acting on the flattened input,
# - explain why the transposed matrix `C.T` is a *transposed convolution* (2x2 back to 4x4),
# - show that `C.T` is exactly the gradient a framework computes for a convolution's input,
# - say why no framework ever builds `C` for a real image.

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
from transposed_conv.core import ops
from transposed_conv.viz import plotting

settings.setup()

# %% [markdown]
# ## A convolution, window by window
#
# The up-sampling post's setting, with the course's own numbers: a 3x3 kernel slides over a 4x4 input with stride 1 and no padding. It fits in 2x2 positions, so the output is 2x2. Each output value is the sum of the nine products under the window: **many inputs to one output**.

# %%
x = np.array([[3, 1, 0, 2], [1, 4, 2, 0], [0, 2, 1, 3], [2, 0, 3, 1]], dtype=float)
kernel = np.array([[1, 2, 0], [0, 1, 1], [2, 0, 1]], dtype=float)
y = ops.conv2d(x, kernel)
print(y)


# %%
def window_and_cell(k):
    """Window k over the input, and output cell k (cells counted row by row)."""
    r, c = divmod(k, 2)
    window = np.zeros(x.shape, bool)
    window[r : r + 3, c : c + 3] = True
    cell = np.zeros(y.shape, bool)
    cell[r, c] = True
    return window, cell


for k0, k1 in [(0, 1), (2, 3)]:
    (w0, c0), (w1, c1) = window_and_cell(k0), window_and_cell(k1)
    fig = plotting.grids(
        [x, y, x, y],
        titles=[f"window {k0}", f"output cell {k0}", f"window {k1}", f"output cell {k1}"],
        highlights=[w0, c0, w1, c1],
        blanks=[None, ~c0, None, ~c1],
        between=["→", "", "→"],
    )
    plotting.describe(
        fig,
        f"Two pairs of grids. Window {k0}, the {('top', 'bottom')[k0 // 2]}-left 3x3 block of "
        f"the 4x4 input, outlined in red, gives output cell {k0} of the 2x2 output, value "
        f"{y.flat[k0]:g}; window {k1}, the {('top', 'bottom')[k0 // 2]}-right block, gives "
        f"cell {k1}, value {y.flat[k1]:g}. Each output cell sums the nine products under its "
        "window: many inputs to one output.",
    )

# %% [markdown]
# What to notice: window 0 covers the top-left 3x3 block of the input and gives output cell 0, `3·1 + 1·2 + 0·0 + 1·0 + 4·1 + 2·1 + 0·2 + 2·0 + 1·1 = 12`; window 3 covers the bottom-right block and gives cell 3 (cells counted row by row). The red outlines mark what goes into one sum, here and in the notebooks that follow.
#
# ### What "convolution" means in this course
#
# Deep learning's *convolution* (Keras' `Conv2D`, PyTorch's `Conv2d`, the package's `ops.conv2d`) multiplies each window by the kernel **as it is**, as above. Signal processing calls that *cross-correlation*; its *convolution* (NumPy's `np.convolve`) flips the kernel first. The course uses the deep-learning meaning everywhere, and says so where the other one comes up (notebook 04). In 1-D:

# %%
signal = np.array([1.0, 2.0, 0.0, -1.0, 3.0])
taps = np.array([1.0, 0.0, -2.0])
print("ops.conv1d(signal, taps)        :", ops.conv1d(signal, taps))
print("np.correlate(signal, taps)      :", np.correlate(signal, taps, "valid"))
print("np.convolve(signal, taps)       :", np.convolve(signal, taps, "valid"))
evidence.same(
    "Deep learning's convolution is NumPy's cross-correlation",
    ops.conv1d(signal, taps),
    np.correlate(signal, taps, "valid"),
)
evidence.same(
    "np.convolve is it with the kernel flipped",
    np.convolve(signal, taps, "valid"),
    ops.conv1d(signal, taps[::-1]),
)

# %% [markdown]
# ## The convolution matrix `C`
#
# Flatten the input row by row into a vector of 16 numbers. Each output value is a weighted sum of those 16 numbers, so the whole convolution is one matrix `C` of shape 4x16: **one row per output cell, one column per input cell**. Each row is the kernel, laid out where its window sits, with zeros elsewhere.

# %%
C = ops.conv_matrix(x.shape, kernel)
print("C has shape", C.shape)
fig = plotting.grids([C], titles=["C: rows = output cells, columns = input cells"], cmap="RdBu_r")
plotting.describe(
    fig,
    "The 4x16 convolution matrix C as a grid of numbers, one row per output cell and one column "
    "per flattened input cell. Each row holds the kernel's weights in the columns its window "
    "covers, shifted along from row to row, and zeros everywhere else.",
)

# %%
y_from_matrix = (C @ x.ravel()).reshape(2, 2)

conv = keras.layers.Conv2D(filters=1, kernel_size=3, use_bias=False)
conv.build((None, 4, 4, 1))
conv.set_weights([kernel.reshape(3, 3, 1, 1)])  # Keras layout (kh, kw, C_in, C_out)
y_keras = conv(x.reshape(1, 4, 4, 1)).numpy()[0, :, :, 0]

print("C @ x          :", y_from_matrix.ravel())
print("ops.conv2d     :", y.ravel())
print("Keras Conv2D   :", y_keras.ravel())
evidence.same("C @ x equals ops.conv2d", y_from_matrix, y)
evidence.same("Keras' Conv2D gives the same", y_keras, y)

# %% [markdown]
# ## Going back: `C.T`
#
# `C` maps 16 numbers to 4. Its transpose `C.T` has shape 16x4, so it maps 4 numbers to 16: a 2x2 grid to a 4x4 grid. That is upsampling, and it keeps the same connections in the other direction: **one input value to up to nine outputs**. This operation is the *transposed convolution*.

# %%
y_small = np.array([[1.0, 2.0], [3.0, 4.0]])
up = (C.T @ y_small.ravel()).reshape(4, 4)

tconv = keras.layers.Conv2DTranspose(filters=1, kernel_size=3, use_bias=False)
tconv.build((None, 2, 2, 1))
tconv.set_weights([kernel.reshape(3, 3, 1, 1)])  # same weights; layout (kh, kw, C_out, C_in)
up_keras = tconv(y_small.reshape(1, 2, 2, 1)).numpy()[0, :, :, 0]

print("C.T @ y:")
print(up)
evidence.same("C.T @ y equals ops.conv2d_transpose", up, ops.conv2d_transpose(y_small, kernel))
evidence.same("Keras' Conv2DTranspose gives the same", up, up_keras)

# %%
many_to_one = C[0].reshape(4, 4)  # row 0 of C: the inputs that output 0 reads
one_to_many = C.T @ np.array([1.0, 0.0, 0.0, 0.0])  # one input of C.T, set to 1
n_links = np.count_nonzero(C[0])
print(
    f"the window covers {kernel.size} inputs; the kernel's {kernel.size - n_links} zeros"
    f" leave {n_links} that count"
)
fig = plotting.grids(
    [many_to_one, one_to_many.reshape(4, 4)],
    titles=[
        f"C[0]:\n{n_links} inputs -> output 0",
        f"C.T @ (1, 0, 0, 0):\n1 input -> {n_links} outputs",
    ],
    cmap="RdBu_r",
)
plotting.describe(
    fig,
    f"Two 4x4 grids with the same numbers. Left, row 0 of C laid out on the input grid: the "
    f"{n_links} inputs that feed output 0. Right, C.T applied to (1, 0, 0, 0): the {n_links} "
    "outputs that input 0 feeds. Transposing only swaps who reads from whom.",
)

# %% [markdown]
# What to notice: the two pictures are the same numbers. Row 0 of `C` says which six inputs feed output 0 (the window covers nine, but three of them meet a zero weight); read as a column of `C.T`, it says which six outputs input 0 feeds. Transposing a matrix swaps "who reads from whom", and nothing else: `C.T` does **not** undo `C` (notebook 04 shows this).
#
# ## `C.T` is the gradient of the convolution
#
# When a network learns, the framework needs, for every convolution, the gradient of the loss with respect to the convolution's input. For `y = C x` and an upstream gradient `g = dL/dy`, calculus gives `dL/dx = C.T g`. So every framework already contains a transposed convolution: it is the backward pass of a convolution. `tf.GradientTape` shows it.

# %%
g = np.array([[1.0, -1.0], [0.5, 2.0]])  # an upstream gradient dL/dy
x_var = tf.Variable(x.reshape(1, 4, 4, 1))
with tf.GradientTape() as tape:
    y_tf = tf.nn.conv2d(x_var, kernel.reshape(3, 3, 1, 1), strides=1, padding="VALID")
    loss = tf.reduce_sum(y_tf * g.reshape(1, 2, 2, 1))
grad = tape.gradient(loss, x_var).numpy()[0, :, :, 0]

print("gradient from TensorFlow:")
print(grad)
evidence.same("The gradient equals C.T @ g", grad, (C.T @ g.ravel()).reshape(4, 4))
tf_grad = tf.nn.conv2d_transpose(
    g.reshape(1, 2, 2, 1), kernel.reshape(3, 3, 1, 1), (1, 4, 4, 1), 1, "VALID"
)
evidence.same("It equals tf.nn.conv2d_transpose(g)", grad, tf_grad[0, :, :, 0])

# %% [markdown]
# And the other way round: the gradient of a transposed convolution with respect to *its* input is an ordinary convolution, `C @ h`. The forward and backward passes swap. That is how TensorFlow implements `Conv2DTranspose`: its forward pass calls the TensorFlow operation that computes a convolution's input gradient (`Conv2DBackpropInput`).

# %%
h = np.arange(16.0).reshape(4, 4) / 10  # an upstream gradient for the 4x4 output of C.T
y_var = tf.Variable(y_small.reshape(1, 2, 2, 1))
with tf.GradientTape() as tape:
    up_tf = tf.nn.conv2d_transpose(y_var, kernel.reshape(3, 3, 1, 1), (1, 4, 4, 1), 1, "VALID")
    loss = tf.reduce_sum(up_tf * h.reshape(1, 4, 4, 1))
grad_t = tape.gradient(loss, y_var).numpy()[0, :, :, 0]
evidence.same(
    "The gradient of the transposed convolution equals C @ h", grad_t, (C @ h.ravel()).reshape(2, 2)
)

# %% [markdown]
# ## A second example: 3x3 input, 2x2 kernel
#
# The same construction on the example of *Dive into Deep Learning* (section "Transposed Convolution"): input `0..8` as a 3x3 grid and kernel `[[1, 2], [3, 4]]`. The convolution gives `[[27, 37], [57, 67]]`, and its matrix is 4x9.

# %%
X = np.arange(9.0).reshape(3, 3)
K = np.array([[1.0, 2.0], [3.0, 4.0]])
W = ops.conv_matrix(X.shape, K)
print("W has shape", W.shape)
print(W)
print("W @ X     :", (W @ X.ravel()).reshape(2, 2).tolist())
Y = ops.conv2d(X, K)
evidence.same(
    "W.T @ Y equals the transposed convolution of Y",
    (W.T @ Y.ravel()).reshape(3, 3),
    ops.conv2d_transpose(Y, K),
)


# %% [markdown]
# ## Why no framework builds `C`
#
# `C` has one row per output cell and one column per input cell, but each row holds only the kernel's few weights. Here is its size for real images, compared with the kernel that actually defines it (float32, 4 bytes per number).


# %%
def matrix_size(h, w, k, c_in, c_out, padding):
    rows = ops.conv2d(np.zeros((1, h, w, 1)), np.zeros((k, k, 1, 1)), padding=padding).shape
    out_cells = rows[1] * rows[2] * c_out
    return out_cells, h * w * c_in


for name, (h, w, k, c_in, c_out, padding) in {
    "MNIST 28x28, 3x3, 1 -> 1 channel": (28, 28, 3, 1, 1, "valid"),
    "ImageNet 224x224, 3x3, 3 -> 64 channels": (224, 224, 3, 3, 64, "same"),
}.items():
    rows, cols = matrix_size(h, w, k, c_in, c_out, padding)
    nonzero = rows * k * k * c_in
    print(
        f"{name}: C is {rows:,} x {cols:,} = {rows * cols:,} numbers"
        f" ({rows * cols * 4 / 1e9:,.3f} GB), "
        f"{nonzero / (rows * cols):.3%} non-zero; the kernel has {k * k * c_in * c_out:,} weights"
    )

# %% [markdown]
# What to notice: for one ImageNet-sized layer, `C` would take almost 2 terabytes to hold 1,728 distinct numbers. Frameworks therefore never build it; they slide the kernel (forward) and use the gradient routine (transposed). The matrix is a way to *think*, not to compute.
#
# ## Exercises
#
# **1. Predict the shape.** What is the shape of `C` for a 6x6 input, a 3x3 kernel, stride 2 and no padding? With stride 2 the kernel moves 2 cells at a time, so it fits in fewer positions; `C` still has one row per output cell and one column per input cell. Write it as a tuple of two numbers.

# %% nbgrader={"grade": false, "grade_id": "answer_shape_of_C", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
shape_of_C = ...  # your answer
### BEGIN SOLUTION
shape_of_C = (4, 36)
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_matrix_shape", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
from transposed_conv import checks

checks.matrix_shape(shape_of_C)

# %% [markdown]
# **2. Compute by hand.** Take the 2x2 kernel `[[1, 0], [0, 1]]` and its `C` for a 3x3 input (so `C` is 4x9). Compute `C.T @ y` for `y = [[1, 2], [3, 4]]` (flattened to 4 numbers), and reshape the result to 3x3, without running any convolution code. Write it as a list of lists.

# %% nbgrader={"grade": false, "grade_id": "answer_by_hand", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
by_hand = ...  # your answer
### BEGIN SOLUTION
by_hand = [[1, 2, 0], [3, 5, 2], [0, 3, 4]]
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_matrix_transpose_by_hand", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.matrix_transpose_by_hand(by_hand)

# %% [markdown]
# **3. Count.** How many entries of `C` are non-zero for a 28x28 input and a 3x3 kernel with no zero weight (stride 1, no padding)?

# %% nbgrader={"grade": false, "grade_id": "answer_nonzeros", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
nonzeros = ...  # your answer
### BEGIN SOLUTION
nonzeros = 6084
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_matrix_nonzeros", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.matrix_nonzeros(nonzeros)

# %% [markdown]
# **4. Build `C`.** Write a function `conv_matrix(n, kernel)` that returns the matrix `C` of a 1-D convolution as this notebook computes it (stride 1, no padding, the kernel not flipped) for an input of `n` numbers and `kernel`, a NumPy array of `k` numbers. Replace the `...` line with your `def conv_matrix(n, kernel):`. The check builds `C` for several random kernels and sizes and tests that `C @ x` is `ops.conv1d(x, kernel)` and `C.T @ y` is `ops.conv1d_transpose(y, kernel)`.

# %% nbgrader={"grade": false, "grade_id": "answer_conv_matrix", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
conv_matrix = ...  # your answer


### BEGIN SOLUTION
def conv_matrix(n, kernel):
    k = len(kernel)
    C = np.zeros((n - k + 1, n))
    for i in range(n - k + 1):
        C[i, i : i + k] = kernel  # output i reads inputs i .. i + k - 1
    return C


### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_conv_matrix_function", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.conv_matrix_function(conv_matrix)

# %% [markdown]
# Next: **02 Two mental models**, computing a transposed convolution by hand without any matrix.

# %% [markdown]
# **Done with this notebook?** Shut its kernel down (*Kernel* ▸ *Shut Down Kernel*) before you open the next one: each running notebook holds TensorFlow, about 600 MB, and Binder gives you 1-2 GB in all.
