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
# # 04 Channels, layouts and names
#
# **After this notebook you can**
# - compute a multi-channel transposed convolution as a sum over input channels, for each output channel,
# - read and convert kernel layouts between Keras and PyTorch / MXNet,
# - pair a `Conv2D` with a `Conv2DTranspose` that restores its spatial shape, and know when it needs `output_padding`,
# - tell a transposed convolution from a true deconvolution, and name the operation in the ways the literature does.

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
from transposed_conv.core import layouts, ops, shapes
from transposed_conv.models import reference
from transposed_conv.viz import plotting

settings.setup()

# %% [markdown]
# ## Channels: one sum per output channel
#
# With `C_in` input channels and `C_out` output channels the kernel holds one 2-D kernel per pair `(output channel, input channel)`. Each output channel is the sum, over the input channels, of the single-channel transposed convolutions. The spreadsheet post says the same for its MXNet example: "each input channel will use a separate kernel and the results for each channel will be summed together".

# %%
rng = np.random.default_rng(0)
x = rng.integers(0, 3, size=(1, 3, 3, 2)).astype(float)  # one image, 3x3, 2 input channels
kernel = rng.integers(-1, 2, size=(2, 2, 3, 2)).astype(
    float
)  # Keras layout (kh, kw, C_out=3, C_in=2)

by_channel = np.zeros((4, 4, 3))
for o in range(3):
    for c in range(2):
        by_channel[:, :, o] += ops.conv2d_transpose(x[0, :, :, c], kernel[:, :, o, c])

evidence.same(
    "The sum over input channels equals ops.conv2d_transpose",
    by_channel,
    ops.conv2d_transpose(x, kernel)[0],
)
evidence.same(
    "Keras' Conv2DTranspose gives the same",
    by_channel,
    reference.keras_conv_transpose(x, kernel)[0],
    atol=1e-5,
)
c_out, c_in = kernel.shape[2:]  # Keras layout (kh, kw, C_out, C_in)
print(
    f"kernel {kernel.shape}: {c_out} output channels x {c_in} input channels ="
    f" {c_out * c_in} 2-D kernels, {c_in} (one pair) per output channel"
)

# %%
parts = [ops.conv2d_transpose(x[0, :, :, c], kernel[:, :, 0, c]) for c in range(2)]
fig = plotting.grids(
    [x[0, :, :, 0], kernel[:, :, 0, 0], parts[0], x[0, :, :, 1], kernel[:, :, 0, 1], parts[1]],
    titles=[
        "input ch 0",
        "kernel[:, :, 0, 0]",
        "part 0",
        "input ch 1",
        "kernel[:, :, 0, 1]",
        "part 1",
    ],
    between=["*", "=", "", "*", "="],
    cmap="RdBu_r",
    vmin=-4,
    vmax=4,  # one scale for every panel, white at 0
)
plotting.describe(
    fig,
    "Six numbered grids in one row: input channel 0 (3x3) transposed-convolved with "
    "its 2x2 kernel gives the 4x4 part 0, and input channel 1 with its own 2x2 kernel gives "
    "the 4x4 part 1. Each input channel has a separate kernel for output channel 0; cells are "
    "shaded red for positive and blue for negative values, white at 0.",
)
fig = plotting.grids(
    [parts[0], parts[1], by_channel[:, :, 0]],
    titles=["part 0", "part 1", "output ch 0"],
    between=["+", "="],
    cmap="RdBu_r",
    vmin=-4,
    vmax=4,
)
plotting.describe(
    fig,
    "Three numbered 4x4 grids: part 0 plus part 1 equals output channel 0, each output cell "
    "being the sum of the two cells at the same place (for example -1 + 4 = 3 in the second row). "
    "Output channel 0 is the sum of the per-input-channel parts.",
)

# %% [markdown]
# What to notice (`*` stands for "transposed convolution with"): output channel 0 uses two kernels, one per input channel, and adds the two parts. This layer has 3 output channels (`filters=3`), so it repeats this for output channels 1 and 2 with two more kernel pairs: 6 kernels in all, as printed above. The spreadsheet post's MXNet example has 3 input channels of 5x5 and a 3x3 kernel per channel, so its output is one 7x7 channel:

# %%
print("output shape:", ops.conv2d_transpose(np.ones((1, 5, 5, 3)), np.ones((3, 3, 1, 3))).shape)

# %% [markdown]
# ## Kernel layouts
#
# | layer | Keras | PyTorch, MXNet |
# |---|---|---|
# | convolution | `(kh, kw, C_in, C_out)` | `(C_out, C_in, kh, kw)` |
# | transposed convolution | `(kh, kw, C_out, C_in)` | `(C_in, C_out, kh, kw)` |
#
# In Keras/TensorFlow and PyTorch the transposed layer stores its kernel in the same layout as the convolution whose gradient it computes (the one it transposes), so a convolution kernel's array can serve as the transposed layer's kernel, with the channel roles swapped (checked here for Keras and TensorFlow; the PyTorch layouts are those of its documentation, which the package's `layouts` follow).
#
# Not every framework does this. JAX's `jax.lax.conv_transpose` (checked with JAX 0.10.2, which the course does not install) takes the kernel, in its default TensorFlow-style dimension order, as `(kh, kw, C_in, C_out)` of the transposed layer itself and does not flip it: it slides the kernel as given over the stretched, padded input, which is Keras' result for the kernel flipped and with its channel axes swapped. With `transpose_kernel=True` it takes Keras' array `(kh, kw, C_out, C_in)` and computes what Keras computes.
#
# Keras shows its layouts directly:

# %%
conv = keras.layers.Conv2D(filters=8, kernel_size=3)
conv.build((None, 28, 28, 16))
tconv = keras.layers.Conv2DTranspose(filters=8, kernel_size=3)
tconv.build((None, 28, 28, 16))
print("Conv2D(filters=8) on 16 channels:          kernel", tuple(conv.kernel.shape))
print("Conv2DTranspose(filters=8) on 16 channels: kernel", tuple(tconv.kernel.shape))
print(
    "the same in PyTorch's layout:              ",
    layouts.keras_to_torch(np.zeros(conv.kernel.shape)).shape,
    "and",
    layouts.keras_to_torch(np.zeros(tconv.kernel.shape)).shape,
)

# %% [markdown]
# The thread's TensorFlow example comments its filter as `(height, width, input_channels, output_channels)`. With one channel in and out, as there, the order cannot show. `tf.nn.conv2d_transpose` takes `(height, width, output_channels, in_channels)`, the layout of Keras' `Conv2DTranspose` above; with 3 channels in and 5 out, only that order runs:

# %%
x_tf = tf.ones((1, 2, 2, 3))  # 3 input channels
output_shape = (1, 4, 4, 5)  # 5 output channels
right = tf.nn.conv2d_transpose(x_tf, tf.ones((3, 3, 5, 3)), output_shape, strides=2, padding="SAME")
print("filter (3, 3, out=5, in=3): output", tuple(right.shape))
with settings.native_logs_silenced():  # TensorFlow also logs the refusal, timestamped
    try:
        tf.nn.conv2d_transpose(x_tf, tf.ones((3, 3, 3, 5)), output_shape, strides=2, padding="SAME")
        print("filter (3, 3, in=3, out=5): accepted")
    except (tf.errors.InvalidArgumentError, ValueError):
        print("filter (3, 3, in=3, out=5), the thread's comment: refused by TensorFlow")

# %% [markdown]
# Because of this, one kernel array defines a convolution and, unchanged, its *adjoint*, the operator that moves it to the other side of a dot product: for any `x` and `y`, `<conv2d(x), y> = <x, conv2d_transpose(y)>`, where `<a, b>` is the sum of `a * b` over all entries. That is the multi-channel form of `C` and `C.T`: `(C x) · y = x · (C.T y)`.

# %%
w = rng.normal(size=(3, 3, 4, 6))  # read as Conv2D: 4 -> 6 channels; as Conv2DTranspose: 6 -> 4
xa = rng.normal(size=(2, 7, 7, 4))
ya = rng.normal(size=(2, 5, 5, 6))
lhs = np.sum(ops.conv2d(xa, w) * ya)
rhs = np.sum(xa * ops.conv2d_transpose(ya, w))
print(f"<conv2d(x), y> = {lhs:.6f}   <x, conv2d_transpose(y)> = {rhs:.6f}")

# %% [markdown]
# ## Does `Conv2DTranspose` undo the shape of `Conv2D`?
#
# Same kernel size, stride and padding on both sides. A stride-2 convolution maps two neighbouring input sizes to the same output size, so on the way back Keras has to pick one of them: for half of the sizes it picks the wrong one, one row and column off. `output_padding` chooses the size you need. The last column gives the value to pass explicitly: `output_padding=0` is not the default `None` (notebook 03's trap), so a `0` there still has to be written out:

# %%
print("input  padding  after Conv2D  after Conv2DTranspose  output_padding that restores it")
for size in range(5, 11):
    for padding in ("valid", "same"):
        down = shapes.keras_conv_output_size(size, 3, 2, padding)
        back = shapes.keras_conv_transpose_output_size(down, 3, 2, padding)
        fix = [
            op
            for op in range(2)
            if shapes.keras_conv_transpose_output_size(down, 3, 2, padding, op) == size
        ]
        print(
            f"{size:>5}  {padding:>7}  {down:>12}  {back:>21} "
            f" {'not needed' if back == size else fix[0]}"
        )

# %% [markdown]
# ## Names
#
# | name | where it comes from | comment |
# |---|---|---|
# | transposed convolution | the matrix view: the layer computes `C.T x` | the precise name; used by Keras, PyTorch and MXNet |
# | fractionally strided convolution | the collect view: stride 1 over the zero-stretched grid, which is a stride of `1/s` over the original input | describes the zero-stretching |
# | backwards (strided) convolution | the gradient view; the FCN paper calls upsampling "backwards strided convolution" | it is the backward pass of a convolution |
# | up-convolution | U-Net and other segmentation papers | names the job (upsampling), not the math |
# | deconvolution | common in older papers (and Caffe's `Deconvolution` layer) | **misleading**: in signal processing, deconvolution *inverts* a convolution; a transposed convolution does not |

# %% [markdown]
# ### "Not a convolution" or "also convolution"?
#
# Two sources seem to disagree. The up-sampling post: *"the transposed convolution is not a convolution. But we can emulate the transposed convolution using a convolution."* The thread: *"a deconvolution layer performs also convolution!"* Both are right about different things. It is not the convolution *with the same kernel on the same input*: it connects one input to many outputs. But it is exactly an ordinary convolution (in the course's, deep learning's, sense: notebook 01) of the zero-stretched, padded input with the flipped kernel (notebook 02): not an emulation, an identity.

# %%
x_s = rng.normal(size=(3, 4))
k_s = rng.normal(size=(3, 3))
for s in (1, 2, 3):
    transposed = ops.conv2d_transpose(x_s, k_s, strides=s)
    as_convolution = ops.conv2d(np.pad(ops.stretch(x_s, s), 2), k_s[::-1, ::-1])  # pad k - 1 = 2
    print(
        f"stride {s}: transposed convolution equals conv2d(stretched + padded input,"
        " flipped kernel):",
        np.allclose(transposed, as_convolution),
    )

# %% [markdown]
# In signal processing's sense of *convolution*, which flips the kernel (`np.convolve`, notebook 01), the two flips cancel: a stride-1 transposed convolution **is** the full convolution of the input with the kernel as it is, `np.convolve(x, w)`. In 1-D:

# %%
x_1d = np.array([1.0, 2.0, 0.0, -1.0])
w_1d = np.array([1.0, 0.0, -2.0])
print("ops.conv1d_transpose(x, w):", ops.conv1d_transpose(x_1d, w_1d))
print("np.convolve(x, w)         :", np.convolve(x_1d, w_1d))
evidence.same(
    "A stride-1 transposed convolution is np.convolve(x, w), the kernel not flipped",
    ops.conv1d_transpose(x_1d, w_1d),
    np.convolve(x_1d, w_1d),
)

# %% [markdown]
# ## Transposed is not inverse
#
# `C.T` has the right shape to go back, but it does not undo `C`: `C.T C x` is not `x`. A 4x16 matrix `C` throws away information (16 numbers become 4), so nothing can recover `x` from `y = C x` alone. A convolution that keeps enough information, such as a *full* convolution (padding `k - 1`, output larger than input), can be inverted: least squares on `y = C x` gives back `x`. That is a real deconvolution.

# %%
x_img = np.arange(16.0).reshape(4, 4) % 5
k3 = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 1.0], [2.0, 0.0, 1.0]])

C = ops.conv_matrix((4, 4), k3)  # valid: 4 x 16
back_t = (C.T @ C @ x_img.ravel()).reshape(4, 4)

C_full = ops.conv_matrix((4, 4), k3, padding=2)  # full: 36 x 16
y_full = C_full @ x_img.ravel()
x_hat = np.linalg.lstsq(C_full, y_full, rcond=None)[0].reshape(4, 4)

print(
    f"valid C: shape {C.shape}, rank {np.linalg.matrix_rank(C)}; max |C.T C x - x| ="
    f" {np.abs(back_t - x_img).max():.1f}"
)
print(f"full C:  shape {C_full.shape}, rank {np.linalg.matrix_rank(C_full)}")
evidence.same("Least squares on the full C recovers x", x_hat, x_img, atol=1e-9)
fig = plotting.grids(
    [x_img, back_t, x_hat],
    titles=["x", "C.T C x (transposed)\nits own, larger scale", "least squares\n(deconvolution)"],
    cmap="Greys",
)
plotting.describe(
    fig,
    "Three numbered 4x4 grey-scale grids: the input x; C.T C x, on its own larger scale, "
    "whose values (from 0 up to 50) look nothing like x; and the least-squares solution on the "
    "full convolution, which is identical to x. Transposing does not invert; least squares "
    "does.",
)

# %% [markdown]
# What to notice: the transposed convolution gives a blurred, rescaled grid that is not `x` at all; least squares on the full convolution recovers `x` to rounding error. In a network nobody needs the inverse: the transposed layer's weights are *learned* so that its output is useful (notebooks 06 and 07).
#
# ## Exercises
#
# **1. Read a layout.** What is the shape of the kernel of `Conv2DTranspose(filters=8, kernel_size=3)` applied to a 16-channel input? Write a tuple.

# %% nbgrader={"grade": false, "grade_id": "answer_kernel_shape", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
kernel_shape = ...  # your answer
### BEGIN SOLUTION
kernel_shape = (3, 3, 8, 16)
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_keras_kernel_shape", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
from transposed_conv import checks

checks.keras_kernel_shape(kernel_shape)

# %% [markdown]
# **2. Count parameters.** How many trainable parameters has `Conv2DTranspose(filters=8, kernel_size=3)` (with its bias) on an 8-channel input? (It is the first transposed layer of notebook 07's model.)

# %% nbgrader={"grade": false, "grade_id": "answer_params", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
params = ...  # your answer
### BEGIN SOLUTION
params = 584
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_transpose_param_count", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.transpose_param_count(params)

# %% [markdown]
# **3. Compute by hand.** A 1x1 input has two channels with values 1 and 2. The 1x2 kernels are `[[1, 1]]` for channel 0 and `[[0, 3]]` for channel 1, and there is one output channel. Write the 1x2 output as a list of lists.

# %% nbgrader={"grade": false, "grade_id": "answer_out", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
out = ...  # your answer
### BEGIN SOLUTION
out = [[1, 7]]
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_multichannel_by_hand", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.multichannel_by_hand(out)

# %% [markdown]
# **4. Port a kernel.** PyTorch's `ConvTranspose2d` stores its weight as `(in_channels, out_channels, kH, kW)`. Write a function `torch_to_keras(weight)` that turns such a NumPy array into the kernel of the equivalent Keras `Conv2DTranspose`, `(kH, kW, out_channels, in_channels)`, without `layouts`. Replace the `...` line with your `def torch_to_keras(weight):`. The check ports random weights of several shapes and tests that, in Keras' layout, they compute what the PyTorch layer computes: output channel `o` adds up, over the input channels `c`, the transposed convolution of channel `c` with `weight[c, o]`.

# %% nbgrader={"grade": false, "grade_id": "answer_torch_to_keras", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
torch_to_keras = ...  # your answer


### BEGIN SOLUTION
def torch_to_keras(weight):
    # new axes: old axis 2 (kH), 3 (kW), 1 (out_channels), 0 (in_channels)
    return np.transpose(weight, (2, 3, 1, 0))


### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_torch_to_keras_function", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.torch_to_keras_function(torch_to_keras)

# %% [markdown]
# Next: **05 Upsampling and checkerboard artifacts**.

# %% [markdown]
# **Done with this notebook?** Shut its kernel down (*Kernel* ▸ *Shut Down Kernel*) before you open the next one: each running notebook holds TensorFlow, about 600 MB, and Binder gives you 1-2 GB in all.
