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
# - say when a kernel size that is a multiple of the stride removes it and when it does not, why resize-then-convolve does (inside the border), and explain both with phase sums,
# - design a kernel whose gradient has no checkerboard.

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
from transposed_conv.models import artifacts
from transposed_conv.viz import plotting

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
plotting.describe(
    fig,
    "Two 8x8 grids of counts, shaded darker for larger counts: how many stride-2 windows "
    "each input pixel falls into. Left, k=3: a repeating 2x2 pattern of 1, 2 and 4 across the "
    "whole grid, a checkerboard. Right, k=4: 4 everywhere inside, 2 along the edges and 1 in "
    "the corners.",
)

# %% [markdown]
# What to notice: with `k = 3` the pixels fall into 1, 2 or 4 windows in a fixed 2x2 pattern (except the first row and column, which only one window per axis reaches: Keras pads `k = 3` at the bottom and right only, so no window starts before the first row or column), so the gradient tells the input "change these pixels four times as much as those": a checkerboard, before any learning. With `k = 4` every pixel falls into 4 windows (2 per axis, 2 x 2 = 4) except on the border, where windows hang over the edge.
#
# ## A stack of three strided layers
#
# `artifacts.input_gradient` builds three random-weight stacks that take a 32x32 input down to 4x4 with 8 channels per layer, no bias, and returns the gradient of the sum of their outputs with respect to the input:
# - `"k3"`: three `Conv2D(k=3, s=2)` layers;
# - `"k4"`: three `Conv2D(k=4, s=2)` layers, kernel a multiple of the stride;
# - `"resize"`: three blocks of `Conv2D(k=3, s=1)` then 2x2 average pooling. Its backward pass is nearest-neighbour upsampling followed by a convolution: the resize-then-convolve of Odena, Dumoulin and Olah, run backwards.
#
# Every layer draws its own weights, uniform in [0, 1) (positive, so the overlap pattern is not hidden by signs), from the stack's random seed. The layers are linear, so the gradient does not depend on the input: it is the three transposed convolutions applied to ones. The measure, `artifacts.checkerboard_energy(g, s)`, is the share of the image's variance that repeats every `s` pixels (`s = 2` unless said): 0 for no checkerboard, 1 for a pure one, and for white noise about (s² − 1) / (n − 1) on an image of n pixels, since its s² phase means carry s² − 1 of its n − 1 degrees of freedom: here n = 32 · 32, so 3 / 1023 = 0.003 (at `s = 8`, 63 / 1023 = 0.06). Eight random stacks of each kind (seeds 0-7), and eight draws of white noise for comparison:

# %%
kinds = {"k3": "Conv2D k=3, s=2", "k4": "Conv2D k=4, s=2", "resize": "conv k=3 + 2x2 pooling"}
stacks = range(8)  # the random seeds of the eight stacks of each kind
grads = {
    (kind, weights): [
        artifacts.input_gradient(kind, size=32, activation=None, weights=weights, seed=seed)
        for seed in stacks
    ]
    for weights in ("positive", "normal")
    for kind in kinds
}
noise = [np.random.default_rng(seed).normal(size=(32, 32)) for seed in stacks]


def energies(images, s=2):
    """The checkerboard energy at period s of each image."""
    return np.array([artifacts.checkerboard_energy(image, s) for image in images])


def spread(values):
    return f"{values.mean():.3f} [{values.min():.3f}, {values.max():.3f}]"


def energy_table(weights):
    print(f"checkerboard energy, {weights} weights, mean [min, max] over 8 random stacks")
    print(f"  {'':<24} {'period 2':<22} period 8")
    rows = [(label, grads[kind, weights]) for kind, label in kinds.items()]
    for label, images in rows + [("white noise (8 draws)", noise)]:
        print(f"  {label:<24} {spread(energies(images)):<22} {spread(energies(images, 8))}")


energy_table("positive")
ratio = energies(grads["k3", "positive"]) / energies(grads["k4", "positive"])
print(f"period 2, k=3 over k=4 stack by stack: {ratio.min():.0f} to {ratio.max():.0f} times")

# %%
first = {kind: grads[kind, "positive"][0] for kind in kinds}  # the stacks of seed 0
relative = [first[kind] / first[kind].mean() for kind in kinds]  # each divided by its mean
fig = plotting.image_row(
    relative,
    titles=[f"{label}\ngradient / its mean" for label in kinds.values()],
    cmap="magma",
    size=3.0,
    vmin=0,
    vmax=3,
)
bar = fig.colorbar(fig.axes[0].images[0], ax=fig.axes, shrink=0.8, label="gradient / its mean")
plotting.describe(
    fig,
    "Three heat maps on one colour scale from 0 to 3, each the input gradient of a stack of "
    "three layers (seed 0) divided by its mean. Conv2D k=3, s=2: a strong grid of bright and "
    "dark lines and spots at several scales. Conv2D k=4, s=2: a fine, much fainter "
    "checkerboard inside a dark border. Conv k=3 with 2x2 pooling: smooth and even inside a "
    "dark border.",
)
inside = evidence.holds(
    "Every pixel of the three pictures lies inside the colour scale, 0 to 3",
    all(0 <= r.min() and r.max() <= 3 for r in relative),
)

# %% [markdown]
# What to notice: the three gradients share one colour scale, each divided by its own mean (the stacks differ in size: `k = 4` sums 16 taps per layer, `k = 3` nine). The table covers eight random stacks; the pictures show the first. The `k = 3` stack paints a grid across the whole input, at several scales (each layer, passed back through the layers before it, stamps its 2x2 pattern at a coarser spacing). The `k = 4` gradient is much more even: a checkerboard is still visible inside, but at period 2 the measure puts it 5 to 136 times below `k = 3`'s on the eight stacks; and a darker border where windows hang over the edge. The resize stack is smooth: 0.000 at period 2, far below white noise's 0.003. Inside the border its gradient is constant (checked further down); its darker border is all it shows.
#
# What this does to a network is an open question. The Distill article by Odena, Dumoulin and Olah (2016, section "Artifacts in Gradients") points at the backward pass: "Whenever we compute the gradients of a convolutional layer, we do deconvolution (transposed convolution) on the backward pass." It shows the resulting checkerboards where images are *optimised* through a network's gradient: in feature visualisation (DeepDream, where "high-frequency 'noise' in image model gradients" is "a major challenge") and in a GAN whose discriminator has a stride-2 first layer. Beyond that it says: "It's unclear what the broader implications of these gradient artifacts are." It finds it "possible that having some pixels affect the network output much more than others may exaggerate adversarial counter-examples", and adds: "We have not investigated this."
#
# ## Why: phase sums
#
# An input pixel's gradient is a sum of the kernel taps that reach it. With stride 2 the pixels fall into 4 phases (row and column parity), and every pixel of phase `(p, q)` of the transposed convolution's *full* output receives the taps `kernel[p::2, q::2]` (away from the border). The gradient is that full output cropped to the input's size: for `k = 3` the crop starts at the first row and column, so the phases stay as they are; for `k = 4` it drops one row and column, which swaps the phases, as notebook 09 shows for `"same"`. Either way each pixel gets one phase's taps, so the gradient is flat exactly when the four *phase sums* are equal. This is [notebook 05](05_upsampling_checkerboard.ipynb)'s rule: a kernel size that is a multiple of the stride gives every phase the same *number* of taps, flatness needs the same *sum*, and resize-then-convolve has equal sums by construction. A 3x3 kernel splits into phases of 4, 2, 2 and 1 taps, so positive weights give very unequal sums; a 4x4 kernel gives every phase 4 taps:

# %%
k3 = rng.uniform(size=(3, 3))
k4 = rng.uniform(size=(4, 4))
for name, kernel_ in [("3x3", k3), ("4x4", k4)]:
    sums = subpixel.phase_sums(kernel_, 2)
    print(f"phase sums of a random positive {name} kernel:\n", sums.round(2))
    print(
        f"  largest / smallest {sums.max() / sums.min():.1f};"
        f" largest - smallest {np.ptp(sums):.2f}, {np.ptp(sums) / sums.mean():.0%} of their mean"
    )
many = np.random.default_rng(1)  # its own generator: the draws below stay as they were
for n in (3, 4):
    kernels = many.uniform(size=(10_000, n, n))
    sums = np.stack([kernels[:, p::2, q::2].sum(axis=(1, 2)) for p in (0, 1) for q in (0, 1)])
    gap = np.ptp(sums, axis=0) / sums.mean(axis=0)
    low, mid, high = np.percentile(gap, [5, 50, 95])
    print(
        f"{n}x{n}, 10,000 random positive kernels: largest - smallest phase sum is"
        f" {mid:.0%} of their mean (median; 5-95%: {low:.0%}-{high:.0%})"
    )

# %% [markdown]
# What to notice: the 3x3 kernel's largest phase sum is about four times its smallest. The 4x4 kernel's sums are closer, but not equal: they differ by 0.27, 13% of their mean. That draw happens to be unusually even: over 10,000 draws (printed), the typical 4x4 kernel's sums differ by more than half their mean, the typical 3x3 kernel's by more than their mean. Each 4x4 phase adds four taps of the same positive distribution, so the sums are equal only *on average*. Resize-then-convolve makes every phase sum the *whole* kernel's sum: nearest-neighbour upsampling copies each value into all four phases, so each phase receives every tap.
#
# ## The caveat: zero-mean weights
#
# Even overlap gives every phase the same *number* of taps, not the same sum. Real networks start from zero-mean weights (Glorot, He), and then four taps are as unequal as nine: the phase sums of a zero-mean kernel are random numbers of either sign. The same stacks with normal weights (mean 0, standard deviation 1):

# %%
energy_table("normal")
print(
    "phase sums of a random normal 4x4 kernel:\n",
    subpixel.phase_sums(rng.normal(size=(4, 4)), 2).round(2),
)

# %%
scaled = [grads[kind, "normal"][0] / np.abs(grads[kind, "normal"][0]).max() for kind in kinds]
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
plotting.describe(
    fig,
    "Three maps of the same stacks' input gradients with zero-mean weights, each divided by "
    "its largest absolute value, on a scale from -1 (blue) to +1 (red). The k=3 and k=4 "
    "pictures look alike: scattered positive and negative spots in a repeating coarse grid. "
    "The pooling stack is one flat value inside, with all its variation in the border.",
)


def interior(g):
    return g[8:-8, 8:-8]  # 16x16, out of the border's reach (7 pixels after three layers)


def repeats_every_8(g):
    inner = interior(g)
    return np.allclose(inner, np.tile(inner[:8, :8], (2, 2)), atol=1e-5 * np.abs(g).max())


def constant(g):
    return np.allclose(interior(g), interior(g)[0, 0], atol=1e-5 * np.abs(g).max())


for weights in ("positive", "normal"):
    periodic = evidence.holds(
        f"With {weights} weights, inside the border the k=3 and k=4 gradients of all 8 stacks"
        " repeat exactly every 8 pixels",
        all(repeats_every_8(g) for kind in ("k3", "k4") for g in grads[kind, weights]),
    )
    flat = evidence.holds(
        f"With {weights} weights, inside the border the resize gradients of all 8 stacks are"
        " constant",
        all(constant(g) for g in grads["resize", weights]),
    )

# %% [markdown]
# What to notice (one stack of each kind, each divided by its largest |value|; the table covers eight): with zero-mean weights the `k = 3` and `k = 4` pictures look alike, and neither is flat. Inside the border both repeat exactly every 8 pixels (2 x 2 x 2, one factor of 2 per strided layer): that is the coarse grid of bright and dark spots in the pictures. The 2-pixel measure sees only the finest part of it. At period 2, `k = 3` falls from 0.43 to 0.03 and `k = 4` stays near 0.03, on average about ten times white noise's 0.003 (ranges in the table). At period 8 the pattern holds most of the variance: about 0.8 for `k = 3` and 0.7 for `k = 4` (ranges in the table), against 0.06 for white noise. The rest is the border. So mixed signs do not flatten `k = 3`: they shift its pattern from the 2-pixel scale to the coarser ones. And `k = 4`, with even overlap, carries an 8-pixel grid of the same order, because its phase sums are random too.
#
# This is notebook 05's rule again: even overlap equalises the tap *counts*, flatness needs equal *sums*. Resize-then-convolve has equal sums at every layer whatever the weights, so inside the border its gradient is constant. Its energy comes from the border alone, the bands around the edge of its picture: 0.006 [0.000, 0.021] at period 2, on average about twice white noise's 0.003, and the two ranges overlap (so not below noise), and 0.12 at period 8.
#
# Where the Distill article recommends resize-then-convolve, it is about the other direction, upsampling in networks that *generate* images (sections "Better Upsampling" and "Image Generation Results": GANs and style transfer). There, choosing a kernel size divided by the stride "helps", but "it is still easy for deconvolution to fall into creating artifacts", while "nearest-neighbor resize followed by a convolution works very well, in a wide variety of contexts". On strided convolutions, whose gradients this notebook measures, its conclusion says only: "Analogous arguments suggest that standard strided convolutional layers may also have issues".
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
