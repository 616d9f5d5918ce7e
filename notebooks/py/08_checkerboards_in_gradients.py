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
# # 08 Checkerboards in gradients
#
# **After this notebook you can**
# - say why the gradient of a strided `Conv2D` with respect to its input is a transposed convolution with the same kernel,
# - show the checkerboard this puts into the input gradients of a stack of `k=3, s=2` convolutions, and measure it,
# - say when a kernel size that is a multiple of the stride removes it and when it does not, why resize-then-convolve always does, and explain both with phase sums,
# - design a kernel whose gradient has no checkerboard.

# %%
try:  # the course's helper package; on Google Colab, install it from GitHub
    import transposed_conv  # noqa: F401  (importing it also keeps TensorFlow's start-up notices quiet)
except ModuleNotFoundError:
    import os
    import subprocess
    import sys

    if "COLAB_RELEASE_TAG" not in os.environ:
        raise ModuleNotFoundError(
            "The course's package is missing: run `pip install -e .` in the course folder"
            " (or `make lab`), then restart the kernel."
        ) from None
    package = "git+https://github.com/OWNER/REPO"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", package], check=True)

# %%
import keras
import numpy as np
import tensorflow as tf

from transposed_conv import artifacts, evidence, ops, plotting, settings, subpixel

settings.setup()

# %% [markdown]
# ## The backward pass of a strided convolution
#
# Notebook 01 showed that for `y = C x` the gradient with respect to the input is `C.T g`, with `g = dL/dy` the upstream gradient: a transposed convolution. For a stride-2 `Conv2D` it is a stride-2 transposed convolution *with the same kernel*. So whatever uneven overlap does to a transposed convolution's output (notebook 05), it does to every input gradient a strided network computes. `tf.GradientTape` on one layer:

# %%
rng = np.random.default_rng(0)
kernel = rng.normal(size=(3, 3))
conv = keras.layers.Conv2D(1, 3, strides=2, padding="same", use_bias=False)
conv.build((None, 8, 8, 1))
conv.set_weights([kernel[:, :, None, None]])

x = tf.constant(rng.normal(size=(1, 8, 8, 1)), "float32")
g = rng.normal(size=(4, 4))  # an upstream gradient dL/dy for the 4x4 output
with tf.GradientTape() as tape:
    tape.watch(x)
    loss = tf.reduce_sum(conv(x)[0, :, :, 0] * g)
grad = tape.gradient(loss, x).numpy()[0, :, :, 0]
agree = evidence.same(
    "The input gradient of Conv2D(k=3, s=2, 'same') equals"
    " ops.conv2d_transpose(g, kernel, strides=2, padding='same')",
    grad,
    ops.conv2d_transpose(g, kernel, strides=2, padding="same"),
    atol=1e-5,
)

# %% [markdown]
# With a kernel of ones and an upstream gradient of ones (the gradient of the *sum* of the outputs) the gradient counts, for every input pixel, how many of the stride-2 windows it falls into:

# %%
ones = np.ones((4, 4))
counts = [ops.conv2d_transpose(ones, np.ones((k, k)), strides=2, padding="same") for k in (3, 4)]
fig = plotting.grids(
    counts,
    titles=["k=3, s=2: windows per pixel", "k=4, s=2: windows per pixel"],
    cmap="Oranges",
    shared_scale=True,
)

# %% [markdown]
# What to notice: with `k = 3` the pixels fall into 1, 2 or 4 windows in a fixed 2x2 pattern, so the gradient tells the input "change these pixels four times as much as those": a checkerboard, before any learning. With `k = 4` every pixel falls into 4 windows (2 per axis, 2 x 2 = 4) except on the border, where windows hang over the edge.
#
# ## A stack of three strided layers
#
# `artifacts.input_gradient` builds three random-weight stacks that take a 32x32 input down to 4x4 with 8 channels per layer, no bias, and returns the gradient of the sum of their outputs with respect to the input:
# - `"k3"`: three `Conv2D(k=3, s=2)` layers;
# - `"k4"`: three `Conv2D(k=4, s=2)` layers, kernel a multiple of the stride;
# - `"resize"`: three blocks of `Conv2D(k=3, s=1)` then 2x2 average pooling. Its backward pass is nearest-neighbour upsampling followed by a convolution: the resize-then-convolve of Odena, Dumoulin and Olah, run backwards.
#
# The weights are uniform in [0, 1) (positive, so the overlap pattern is not hidden by signs), and the layers are linear, so the gradient does not depend on the input: it is the three transposed convolutions applied to ones. The measure, `artifacts.checkerboard_energy`, is the share of the image's variance that repeats every 2 pixels: 0 for no checkerboard, 1 for a pure one, about 3 / 1024 = 0.003 for random noise of this size.

# %%
kinds = {"k3": "Conv2D k=3, s=2", "k4": "Conv2D k=4, s=2", "resize": "conv k=3 + 2x2 pooling"}


def mean_energy(kind, weights, seeds=range(8)):
    """The checkerboard energy of the input gradient, averaged over random stacks."""
    gradients = [
        artifacts.input_gradient(kind, size=32, activation=None, weights=weights, seed=seed)
        for seed in seeds
    ]
    return np.mean([artifacts.checkerboard_energy(g) for g in gradients])


for kind, label in kinds.items():
    print(
        f"{label:<24} checkerboard energy of the input gradient,"
        f" mean over 8 random stacks: {mean_energy(kind, 'positive'):.2f}"
    )

# %%
grads = {kind: artifacts.input_gradient(kind, size=32, activation=None) for kind in kinds}
relative = [grads[kind] / grads[kind].mean() for kind in kinds]  # each divided by its mean
fig = plotting.image_row(
    relative,
    titles=[f"{label}\ngradient / its mean" for label in kinds.values()],
    cmap="magma",
    size=3.0,
    vmin=0,
    vmax=2,
)
bar = fig.colorbar(fig.axes[0].images[0], ax=fig.axes, shrink=0.8, label="gradient / its mean")

# %% [markdown]
# What to notice: the three gradients share one colour scale, each divided by its own mean (the stacks differ in size: `k = 4` sums 16 taps per layer, `k = 3` nine). The measure averages eight random stacks; the pictures show the first. The `k = 3` stack paints a grid across the whole input, at several scales (each layer, passed back through the layers before it, stamps its 2x2 pattern at a coarser spacing). The `k = 4` gradient is much more even: a checkerboard is still visible inside, but ten times weaker by the measure, and a darker border where windows hang over the edge. The resize stack is smooth (its energy is 0 to two decimals). In a trained classifier this grid shows up in saliency maps and in adversarial perturbations, and a network trained by gradient descent sees its inputs through it (Distill 2016, "Artifacts in gradients").
#
# ## Why: phase sums
#
# An input pixel's gradient is a sum of the kernel taps that reach it. With stride 2 the pixels fall into 4 phases (row and column parity), and every pixel of phase `(p, q)` receives the taps `kernel[p::2, q::2]`. The gradient is flat exactly when the four *phase sums* are equal (notebook 05's rule). A 3x3 kernel splits into phases of 4, 2, 2 and 1 taps, so positive weights give very unequal sums; a 4x4 kernel gives every phase 4 taps:

# %%
k3 = rng.uniform(size=(3, 3))
k4 = rng.uniform(size=(4, 4))
print("phase sums of a random positive 3x3 kernel:\n", subpixel.phase_sums(k3, 2).round(2))
print("phase sums of a random positive 4x4 kernel:\n", subpixel.phase_sums(k4, 2).round(2))

# %% [markdown]
# What to notice: the 3x3 kernel's largest phase sum is about four times its smallest; the 4x4 kernel's sums are close (within about a tenth here): each adds four taps of the same positive distribution, so they are equal *on average*, and this draw happens to be close; a different draw could differ more. Resize-then-convolve makes every phase sum the *whole* kernel's sum: nearest-neighbour upsampling copies each value into all four phases, so each phase receives every tap.
#
# ## The caveat: zero-mean weights
#
# Even overlap gives every phase the same *number* of taps, not the same sum. Real networks start from zero-mean weights (Glorot, He), and then four taps are as unequal as nine: the phase sums of a zero-mean kernel are random numbers of either sign. The same stacks with normal weights (mean 0, standard deviation 1):

# %%
for kind, label in kinds.items():
    print(
        f"{label:<24} checkerboard energy, zero-mean weights,"
        f" mean over 8 random stacks: {mean_energy(kind, 'normal'):.2f}"
    )
print(
    "phase sums of a random normal 4x4 kernel:\n",
    subpixel.phase_sums(rng.normal(size=(4, 4)), 2).round(2),
)

# %%
normal = {
    kind: artifacts.input_gradient(kind, size=32, activation=None, weights="normal")
    for kind in kinds
}
scaled = [normal[kind] / np.abs(normal[kind]).max() for kind in kinds]
fig = plotting.image_row(
    scaled,
    titles=[f"{label}\nzero-mean weights" for label in kinds.values()],
    cmap="RdBu_r",
    size=3.0,
    vmin=-1,
    vmax=1,
)
bar = fig.colorbar(
    fig.axes[0].images[0], ax=fig.axes, shrink=0.8, label="gradient / its largest |value|"
)

# %% [markdown]
# What to notice (one stack of each kind, each divided by its largest value; the energies above average eight): the picture changes for both. `k = 3` drops from 0.47 to 0.04: with signs mixed, its 4-2-2-1 tap counts no longer add up to a strong bias. `k = 4` stays at the same low level (0.03): not flat, because its phase sums are random too. The two now carry checkerboards of the same order, both well above the 0.003 of random noise. So a kernel that is a multiple of the stride only *allows* equal phase sums; it does not make them equal, and with zero-mean weights it buys little. The energy counts only the 2-pixel pattern; the coarser blotches the pictures show come from the deeper layers (their 2x2 patterns at 4 and 8 pixels) and are not in this number. Resize-then-convolve stays free of it, whatever the weights, because its phase sums are equal by construction (its energy is 0.00, below even the noise level; the few dark spots in its picture sit at the border, where windows hang over the edge). That is why the Distill article recommends resize-then-convolve over picking the kernel size.
#
# Reference: Augustus Odena, Vincent Dumoulin, Chris Olah, "Deconvolution and Checkerboard Artifacts", *Distill*, 2016, https://distill.pub/2016/deconv-checkerboard/.
#
# ## Exercises
#
# **1. A 3x3 kernel without a checkerboard.** Design a 3x3 kernel (a 3x3 array, not all zeros) whose stride-2 gradient has no checkerboard: its four phase sums must be equal. Any such kernel passes.

# %% nbgrader={"grade": false, "grade_id": "answer_flat_kernel", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
flat_kernel = ...  # your answer
### BEGIN SOLUTION
flat_kernel = np.outer([1.0, 2.0, 1.0], [1.0, 2.0, 1.0])
### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_flat_kernel_3x3", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
from transposed_conv import checks

checks.flat_kernel_3x3(flat_kernel)

# %% [markdown]
# **2. A 4x4 kernel with a checkerboard.** Kernel size 4 is a multiple of stride 2, so every phase gets 4 taps. Design a 4x4 kernel whose stride-2 gradient still *has* a checkerboard: its phase sums are not all equal. Look at `ops.conv2d_transpose(np.ones((6, 6)), striped, strides=2)` to see it.

# %% nbgrader={"grade": false, "grade_id": "answer_striped", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
striped = ...  # your answer
### BEGIN SOLUTION
striped = np.diag([1.0, 1.0, 1.0, 1.0])  # phase sums 2, 0, 0, 2
### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_striped_k4_kernel", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.striped_k4_kernel(striped)

# %% [markdown]
# **3. A 4x4 kernel without one.** Now design a 4x4 kernel (not all zeros) whose stride-2 gradient has no checkerboard: equal phase sums. Many designs work; try one that is not all ones.

# %% nbgrader={"grade": false, "grade_id": "answer_even", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
even = ...  # your answer
### BEGIN SOLUTION
even = np.kron([[1.0, 2.0], [3.0, 4.0]], np.ones((2, 2)))  # every phase sums 1 + 2 + 3 + 4
### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_even_k4_kernel", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.even_k4_kernel(even)

# %% [markdown]
# Next: **09 Sub-pixel convolution**: a layer that upsamples without overlap, and how to start it without a checkerboard.

# %% [markdown]
# **Done with this notebook?** Shut its kernel down (*Kernel* ▸ *Shut Down Kernel*) before you open the next one: each running notebook holds TensorFlow, about 600 MB, and Binder gives you 1-2 GB in all.
