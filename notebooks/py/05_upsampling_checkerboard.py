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
# # 05 Upsampling and checkerboard artifacts
#
# **After this notebook you can**
# - compare fixed upsampling (nearest, bilinear, bicubic) with a learned transposed convolution,
# - build a `Conv2DTranspose` that *is* bilinear upsampling (the FCN recipe) and say why its borders differ,
# - show that upsampling is the transpose of downsampling, and that nearest-neighbour upsampling followed by a convolution is one transposed convolution with tied taps,
# - say what a kernel size that is a multiple of the stride fixes (equal tap counts per output phase) and what it does not (equal phase sums, which a flat output needs), and predict a kernel's checkerboard from its phase sums.

# %%
import os

if "COLAB_RELEASE_TAG" in os.environ:  # on Google Colab: install the course's package first
    # %pip install -q --no-deps git+https://github.com/OWNER/REPO
import transposed_conv  # noqa: E402, F401  missing? run `pip install -e .` in the course folder

# %%
import keras
import numpy as np
import tensorflow as tf
from matplotlib.patches import Rectangle

from transposed_conv import evidence, settings
from transposed_conv.core import ops, subpixel
from transposed_conv.models import data, reference
from transposed_conv.viz import plotting

settings.setup()

# %% [markdown]
# ## Fixed upsampling
#
# The up-sampling post's argument, computed: take real digits, shrink them to 14x14 (the mean of each 2x2 block), and bring them back to 28x28 with the three classic interpolations of `tf.image.resize`. None of them has anything to learn: each is a fixed recipe chosen by hand.

# %%
(x_train, y_train), (x_test, y_test) = data.load_mnist()


def shrink(images):
    images = images.astype("float32") / 255
    return images.reshape(-1, 14, 2, 14, 2).mean(axis=(2, 4))


small_test = shrink(x_test)[..., None]
target_test = x_test[..., None].astype("float32") / 255
resized = {
    m: tf.image.resize(small_test, (28, 28), method=m).numpy()
    for m in ("nearest", "bilinear", "bicubic")
}
for method, up in resized.items():
    print(
        f"{method:<9} mean squared error on {len(target_test)} test digits:"
        f" {np.mean((up - target_test) ** 2):.4f}"
    )

# %% [markdown]
# ## Learned upsampling
#
# A single `Conv2DTranspose(1, kernel_size=4, strides=2, padding="same")` has 16 weights and a bias. Trained to map the 14x14 digits to the 28x28 originals, it learns its own interpolation. A second model adds capacity: a `Conv2DTranspose` with 16 channels and ReLU, then a 3x3 `Conv2D` back to one channel (417 parameters). Each is trained from three seeds (the training takes about a minute); the cell after prints each model's error as the mean over the seeds, with the smallest and largest in brackets.

# %% tags=["nbval-ignore-output"]
n_train = settings.pick(4000, 2000)
small_train = shrink(x_train[:n_train])[..., None]
target_train = x_train[:n_train, ..., None].astype("float32") / 255


def upsampler(name):
    if name == "1 layer":
        head = [keras.layers.Conv2DTranspose(1, 4, strides=2, padding="same")]
    else:
        head = [
            keras.layers.Conv2DTranspose(16, 4, strides=2, padding="same", activation="relu"),
            keras.layers.Conv2D(1, 3, padding="same"),
        ]
    return keras.Sequential([keras.Input((14, 14, 1)), *head])


SEEDS = (0, 1, 2)
recipes = {"1 layer": (0.01, 8), "2 layers": (0.003, settings.pick(15, 10))}  # Adam rate, epochs
models, learned = {}, {}
for name, (lr, epochs) in recipes.items():
    for seed in SEEDS:
        settings.seed_everything(seed)
        model = upsampler(name)
        model.compile(optimizer=keras.optimizers.Adam(lr), loss="mse")
        model.fit(small_train, target_train, batch_size=50, epochs=epochs, verbose=0)
        models[name, seed] = model
        learned[name, seed] = model.predict(small_test, verbose=0)
print(f"trained {len(models)} models on {n_train:,} digits")

# %%
fixed = {m: float(np.mean((up - target_test) ** 2)) for m, up in resized.items()}
errors = {
    name: [float(np.mean((learned[name, seed] - target_test) ** 2)) for seed in SEEDS]
    for name in recipes
}
for name, mse in errors.items():
    size = models[name, 0].count_params()
    print(
        f"learned, {name:<8} ({size} parameters), seeds {SEEDS}: mean squared error"
        f" {np.mean(mse):.4f} [{min(mse):.4f}, {max(mse):.4f}]"
    )
evidence.holds(
    "On every seed the 1-layer model lies between bilinear and bicubic",
    all(fixed["bicubic"] < e < fixed["bilinear"] for e in errors["1 layer"]),
)
evidence.holds(
    "On every seed the 2-layer model beats every fixed recipe",
    max(errors["2 layers"]) < min(fixed.values()),
)

# %%
images = (
    [target_test[0, :, :, 0], small_test[0, :, :, 0]]
    + [resized[m][0, :, :, 0] for m in resized]
    + [learned[name, 0][0, :, :, 0] for name in recipes]
)
images = [
    np.clip(im, 0, 1) for im in images
]  # shown on one scale: bicubic and the models overshoot a little
fig = plotting.image_row(
    images, titles=["original", "14x14", "nearest", "bilinear", "bicubic", "1 layer", "2 layers"]
)
plotting.describe(
    fig,
    "Seven versions of the same handwritten digit 3 in a row: the 28x28 original, the blocky "
    "14x14 shrunk copy, and its 28x28 upsamplings by nearest neighbour (still blocky), bilinear "
    "and bicubic (smooth but blurred), the learned 1-layer model and the learned 2-layer model, "
    "the last the sharpest and closest to the original.",
)
fig = plotting.grids(
    [models["1 layer", 0].layers[0].get_weights()[0][:, :, 0, 0], ops.bilinear_kernel(2)],
    titles=["learned, seed 0", "bilinear"],
    cmap="RdBu_r",
    vmin=-1,
    vmax=1,
)
plotting.describe(
    fig,
    "Two numbered 4x4 kernels side by side: the 1-layer model's learned kernel (seed 0) and "
    "the bilinear kernel, whose four centre taps are 0.56. Both are tent-like, largest in the "
    "middle; the learned one has larger centre values (up to 0.82) and is tilted along the "
    "bottom-left to top-right diagonal.",
)

# %% [markdown]
# What to notice: with 17 parameters the single layer lands between bilinear and bicubic on every seed, and its kernel is tent-like, as the bilinear kernel is, but not the same: a little larger, and tilted along one diagonal (the one from bottom left to top right). With a little more capacity the learned upsampler beats every fixed recipe on every seed (the numbers above are from the quick mode this page was run in; with the full budget, 4,000 digits and 15 epochs, the 2-layer model scores 0.0047 [0.0045, 0.0048] on the same 2,000 test digits of the shipped sample). That is the argument for transposed convolutions as upsamplers: the network learns the interpolation it needs.
#
# ## The bilinear kernel: the FCN recipe
#
# The FCN paper (Long, Shelhamer, Darrell) initialises its upsampling layers as bilinear interpolation. The kernel for a factor `f` is the outer product of a tent of width `2f - f mod 2`; for `f = 2` it is `[1, 3, 3, 1] / 4` in each direction. Put into a transposed convolution with stride `f` and `"same"` padding, it reproduces `tf.image.resize(..., "bilinear")`, except on the border:

# %%
kernel = ops.bilinear_kernel(2)
print(kernel * 16)
as_tconv = reference.keras_conv_transpose(
    small_test[:50], kernel[:, :, None, None], strides=2, padding="same"
)
diff = np.abs(as_tconv - resized["bilinear"][:50])  # the first 50 test digits
evidence.same(
    "Inside (1-pixel border excluded) the two agree to float32 rounding",
    as_tconv[:, 1:-1, 1:-1],
    resized["bilinear"][:50, 1:-1, 1:-1],
)
print(f"on the border of the first 50 test digits they differ by up to {diff.max():.2f}")
flat = reference.keras_conv_transpose(np.ones((14, 14)), kernel, strides=2, padding="same")
print(
    f"an image of ones comes back as {flat[5, 5]:g} inside, {flat[0, 5]:g} on an edge,"
    f" {flat[0, 0]:g} in a corner"
)

# a digit moved to the top-left corner, so that its ink reaches the border
digit = small_test[0, :, :, 0]
rows, cols = np.nonzero(digit)
moved = np.zeros_like(digit)
moved[: 14 - rows.min(), : 14 - cols.min()] = digit[rows.min() :, cols.min() :]
by_resize = tf.image.resize(moved[None, :, :, None], (28, 28), "bilinear").numpy()[0, :, :, 0]
by_tconv = reference.keras_conv_transpose(moved, kernel, strides=2, padding="same")
fig = plotting.image_row(
    [by_resize, by_tconv, np.abs(by_resize - by_tconv)],
    titles=["tf.image.resize", "Conv2DTranspose", "|difference|, 0 to 0.25"],
    cmap="magma",
    size=2.0,
    vmin=0,
    vmax=[1, 1, 0.25],
)
plotting.describe(
    fig,
    "Three images of a digit 3 moved to the top-left corner: upsampled by tf.image.resize "
    "bilinear, by the bilinear Conv2DTranspose, and their absolute difference on a 0 to 0.25 "
    "scale. The two upsamplings look the same; the difference is dark everywhere except a "
    "bright strip on the top edge and a little of the left edge, where the ink meets the "
    "border.",
)

# %% [markdown]
# Why the border differs: at the edge, interpolation needs a neighbour outside the image. `tf.image.resize` clamps to the edge pixel; the transposed convolution has nothing there, which is the same as a zero, so a pixel on an edge gets only 3/4 of its weight, and a corner pixel, short on two sides, 3/4 · 3/4 = 9/16. The two images share one colour scale (0 to 1); the difference, on its own fixed scale, lights up only where the ink meets the border (the top edge, and a little of the left). (With several channels, the FCN recipe puts the bilinear kernel on the diagonal, `kernel[:, :, c, c]`, and zeros elsewhere, so channels do not mix.)
#
# ## Upsampling is the transpose of downsampling
#
# The signal-processing view of the thread (the deconvolution Q&A): *upsampling by zero insertion is the transpose of downsampling* (keep every k-th sample). Their matrices, built column by column from unit vectors:

# %%
k, n = 3, 4
D = np.stack([ops.downsample(e, k) for e in np.eye((n - 1) * k + 1)], axis=1)
U = np.stack([ops.upsample_zeros(e, k) for e in np.eye(n)], axis=1)
print("D (downsample by 3), shape", D.shape)
print(D.astype(int))
evidence.same("U (insert 2 zeros between samples) equals D.T", U, D.T, atol=0)

# %% [markdown]
# Here `k` is the downsampling factor, not a kernel size. The step to transposed convolutions: a stride-`s` convolution is an ordinary convolution followed by downsampling by `s`, so its matrix is `D C`; its transpose is `(D C)ᵀ = Cᵀ Dᵀ = Cᵀ U`: zero-insertion upsampling followed by `Cᵀ`, a stride-1 transposed convolution, which notebook 02's collect model computes as an ordinary convolution with the kernel flipped, over the input padded with `k - 1` zeros on each side. So a transposed convolution with stride `s` is zero-insertion upsampling followed by an ordinary convolution, exactly the collect model of notebook 02.
#
# ## Even overlap and equal phase sums
#
# Checkerboards are usually blamed on *uneven overlap*, and the usual advice is a kernel size that is a multiple of the stride. This section says once what that advice buys and what it does not; notebooks 07, 08 and 11 refer back to it. One word first: with stride `s`, the output cells fall into `s` *phases* by their position mod `s` (at stride 2: the even cells and the odd cells; in 2-D, four phases by row and column parity), and a phase's *sum* is the sum of the kernel taps that land on each of its cells.
#
# - **Even overlap equalises the tap counts.** With the kernel size a multiple of the stride, every output phase (position mod `s`) receives the same *number* of kernel taps.
# - **A flat output needs equal phase sums.** A constant input comes back flat, away from the border, exactly when every phase's taps add up to the same *sum*. A random or trained kernel need not have equal sums, whether its copies overlap evenly or not.
# - **Resize-then-convolve has equal phase sums by construction.** Nearest-neighbour upsampling followed by a convolution *is* a stride-`s` transposed convolution, with taps tied so that every phase sums to the same total.
# - **What training does to the sums is measured, not assumed:** notebook 11 measures it on trained super-resolution heads. Notebook 08 finds the same rule in gradients.
#
# ### Counting copies
#
# With stride `s`, kernel copies start every `s` cells. With a kernel of ones, each output cell simply counts the copies that cover it. If the kernel size `k` is not a multiple of `s`, some cells are covered by more copies than their neighbours: in 1-D with `k = 3, s = 2` the counts go `1, 1, 2, 1, 2, 1, ...`; in 2-D the pattern multiplies across the two axes, from 1 up to 4.

# %%
print("1-D, k=3, s=2:", ops.conv1d_transpose(np.ones(6), np.ones(3), strides=2).astype(int))
print("1-D, k=4, s=2:", ops.conv1d_transpose(np.ones(6), np.ones(4), strides=2).astype(int))
settings_ = [(3, 2), (4, 2), (5, 2), (3, 3), (6, 3)]
maps = [ops.conv2d_transpose(np.ones((3, 3)), np.ones((k, k)), strides=s) for k, s in settings_]
fig = plotting.grids(
    maps, titles=[f"k={k}, s={s}" for k, s in settings_], cmap="Oranges", shared_scale=True
)
plotting.describe(
    fig,
    "Five numbered grids counting the kernel copies (kernels of ones, 3x3 input) that cover "
    "each output cell, for k=3 s=2, k=4 s=2, k=5 s=2, k=3 s=3 and k=6 s=3; darker shading "
    "means more copies. k=4 s=2 and k=6 s=3 have a flat block of 4s inside and k=3 s=3 is "
    "all 1s, while k=3 s=2 alternates 1, 2 and 4 in a checkerboard and k=5 s=2 has a cross "
    "of 6s peaking at 9.",
)


# %% [markdown]
# What to notice: with kernels of ones, `k = 4, s = 2` and `k = 6, s = 3` are flat inside (every cell gets `k / s` copies per axis); `k = 3, s = 2` alternates 1, 2, 4: the checkerboard. That is what a kernel size that is a multiple of the stride fixes. In the words of Odena, Dumoulin and Olah ("Deconvolution and Checkerboard Artifacts", Distill 2016), it "avoids the uneven overlap issue", but "while this helps, it is still easy for deconvolution to fall into creating artifacts". The next cell shows why: the taps of a real kernel are not all equal.
#
# ### The exact rule: equal phase sums
#
# Feed a constant input: with stride `s` the output cells fall into `s` *phases* (position mod `s`), and every cell of phase `r` receives the taps `k[r::s]`, one from each copy that reaches it. So the response is flat exactly when every phase gets the same sum of taps, `k[0::s].sum() == k[1::s].sum() == ...` (in 2-D, `k[r::s, c::s].sum()` for every pair `(r, c)`).

# %%
def phase_sums(taps, s):
    taps = np.asarray(taps, float)
    return [float(taps[r::s].sum()) for r in range(s)]


for taps in ([1, 1, 1], [1, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1.5]):
    inside = ops.conv1d_transpose(np.ones(8), taps, strides=2)[4:-4]
    print(
        f"k={len(taps)}, s=2, kernel {str(taps):<16} phase sums"
        f" {str(phase_sums(taps, 2)):<11} response inside: {inside.tolist()}"
    )
for seed in range(3):
    taps = np.random.default_rng(seed).uniform(0, 1, 4).round(2)
    print(
        f"random k=4 kernel (seed {seed}) {taps.tolist()}:"
        f" phase sums {np.round(phase_sums(taps, 2), 2).tolist()}"
    )
evidence.same(
    "The package's subpixel.phase_sums (notebooks 08 and 11 use it) gives the same sums",
    subpixel.phase_sums(taps, 2),
    phase_sums(taps, 2),
)


# %% [markdown]
# What to notice: `[1, 2, 1]` (k = 3, the kernel Exercise 3 arrives at) is flat although its copies overlap unevenly, because both phases sum to 2; `[1, 1, 1, 1.5]` overlaps evenly (k = 4, a multiple of s = 2) and still alternates 2, 2.5; and none of the three random 4-tap kernels has equal phase sums. Even overlap gives every phase the same *number* of taps: equal taps are then flat, and a flat kernel is easy to reach, but a given kernel is flat only if its phase sums are equal.
#
# ### Resize-then-convolve is a transposed convolution with tied taps
#
# An answer in the deconvolution Q&A thread observes: repeat every sample twice (nearest neighbour), then apply a 3-tap convolution, and you have a transposed convolution with a 4-tap kernel. In 1-D, repeating is itself a transposed convolution with kernel `[1, 1]` and stride 2, and the two kernels combine into one. The contribution of a single input value (an impulse) is that kernel:

# %%
rng = np.random.default_rng(0)
signal = rng.normal(size=10)
taps3 = np.array([1.0, 2.0, -1.0])  # the 3-tap convolution: conv1d correlates (no flip), padding 1

repeated = np.repeat(signal, 2)
evidence.same(
    "Repeating x2 is conv1d_transpose with [1, 1], stride 2",
    repeated,
    ops.conv1d_transpose(signal, [1.0, 1.0], strides=2),
)
pipeline = ops.conv1d(repeated, taps3, padding=1)


def tied_kernel(taps3):
    """The 4-tap, stride-2 kernel of nearest x2 followed by conv1d with taps [a, b, c]."""
    a, b, c = taps3
    return np.array([c, b + c, a + b, a])


def impulse_response(taps3):
    impulse = np.zeros(9)
    impulse[4] = 1.0  # repeated, it fills cells 8 and 9; the 3 taps spread it over cells 7 to 10
    return ops.conv1d(np.repeat(impulse, 2), taps3, padding=1)[7:11]


kernel4 = impulse_response(taps3)
print("taps [a, b, c] =", taps3, "-> one input value's contribution, the 4-tap kernel:", kernel4)
some_taps = [taps3, *rng.normal(size=(5, 3))]
evidence.same(
    "For [1, 2, -1] and 5 random [a, b, c], the kernel is [c, b + c, a + b, a]",
    [impulse_response(t) for t in some_taps],
    [tied_kernel(t) for t in some_taps],
)
evidence.same(
    "conv1d_transpose(signal, that kernel, stride 2, padding 1) equals the pipeline",
    ops.conv1d_transpose(signal, kernel4, strides=2, padding=1),
    pipeline,
)
print("its phase sums:", phase_sums(kernel4, 2), "| a + b + c =", taps3.sum())

# %% [markdown]
# The order of the taps: the thread writes the combined kernel as `(q0, q0+q1, q1+q2, q2)`, in the signal-processing sense of convolution, which flips its kernel. `ops.conv1d`, like Keras' `Conv1D`, correlates and does not flip, so with taps `[a, b, c]` the same numbers come out in the other order: `[c, b + c, a + b, a]`, here `[-1, 1, 3, 1]`. In either order, the two phases receive `c + (a + b)` and `(b + c) + a`: both `a + b + c`, whatever the three taps are. That is the tying: each tap of the convolution appears in two neighbouring taps of the transposed kernel, one of each phase.
#
# The same holds in 2-D, the form notebooks 08 and 11 use: `UpSampling2D(2)` then a 3x3 `Conv2D` with `"same"` padding is a 4x4 `Conv2DTranspose` with stride 2 and `"same"` padding, whose kernel is `A W Aᵀ`, where `W` is the 3x3 kernel and `A` is the 4x3 matrix that `tied_kernel` applies. Checked with Keras on a random kernel and image:

# %%
A = np.array([[0, 0, 1], [0, 1, 1], [1, 1, 0], [1, 0, 0]], float)
evidence.same(
    "tied_kernel(t) is A @ t", [A @ t for t in some_taps], [tied_kernel(t) for t in some_taps]
)
W = rng.normal(size=(3, 3)).astype("float32")
image = rng.normal(size=(1, 6, 6, 1)).astype("float32")
resize_conv = keras.Sequential(
    [
        keras.Input((6, 6, 1)),
        keras.layers.UpSampling2D(2),
        keras.layers.Conv2D(1, 3, padding="same", use_bias=False),
    ]
)
resize_conv.layers[-1].set_weights([W[:, :, None, None]])
K = A @ W @ A.T
evidence.same(
    "Keras: UpSampling2D(2) + Conv2D(3, 'same') with W equals"
    " Conv2DTranspose(4, strides=2, 'same') with A W A.T",
    resize_conv(image).numpy()[0, :, :, 0],
    reference.keras_conv_transpose(image[0, :, :, 0], K, strides=2, padding="same"),
    atol=1e-5,
)
print(
    "its four phase sums:",
    subpixel.phase_sums(K, 2).round(3).tolist(),
    "| sum of W:",
    round(float(W.sum()), 3),
)

# %% [markdown]
# So resize-then-convolve gives a flat input a flat output inside, for any kernel `W`: at initialisation and after any training. It pays for that with freedom: a general 4-tap transposed convolution has 4 free weights, the pipeline only 3 (a 4x4 kernel has 16, the 3x3 pipeline 9). In the thread's words, the transposed convolution "has the same 'interpolation capacity' but would be able to learn better matching interpolations"; Distill puts the other side: resize-convolution "is implicitly weight-tying in a way that discourages high frequency artifacts". Equal phase sums settle only the response to a flat input away from the border; what a trained network's output shows is measured in notebook 11.
#
# ## Artifacts in a stack of random layers
#
# Three upsampling layers (4x4 to 32x32), fed a constant image, with random weights (all positive, so the pattern is not hidden by signs; every layer draws its own):
# - `Conv2DTranspose(k=3, s=2)`: uneven overlap at every layer;
# - `Conv2DTranspose(k=4, s=2)`: kernel a multiple of the stride, even overlap, random phase sums;
# - resize-then-convolve: `UpSampling2D(2)` (nearest) then `Conv2D(k=3)`: equal phase sums at every layer. Odena, Dumoulin and Olah's experience: "nearest-neighbor resize followed by a convolution works very well, in a wide variety of contexts".
#
# Near the border, kernels hang over the edge into zeros, and that darkening would count as variation. How far in does it reach? Each layer here hangs one cell over the edge (the `k = 3` layer, with Keras' `"same"` padding, on the top and left only) and doubles the reach of the layers before it (stride 2): 1, then 2 · 1 + 1 = 3, then 2 · 3 + 1 = 7 cells. The cell below checks that against a 16x16 flat input, whose 128x128 output has its middle far from any border, and measures the variation in the centre 16x16 cells, 8 in from the edge (two whole periods of the 8-cell pattern three stride-2 layers make), on 10 seeds.

# %%
def stack(kind, seed):
    """Three random upsampling layers, each with its own seeded initialiser; any input size."""
    layers = [keras.Input((None, None, 1))]
    for i in range(3):
        init = keras.initializers.RandomUniform(0.0, 1.0, seed=10 * seed + i)
        channels = 1 if i == 2 else 4
        if kind == "resize-conv":
            layers += [
                keras.layers.UpSampling2D(2),
                keras.layers.Conv2D(channels, 3, padding="same", kernel_initializer=init),
            ]
        else:
            k = 3 if kind == "k3" else 4
            layers += [
                keras.layers.Conv2DTranspose(
                    channels, k, strides=2, padding="same", kernel_initializer=init
                )
            ]
    return keras.Sequential(layers)


KINDS = {
    "k3": "transposed k=3, s=2",
    "k4": "transposed k=4, s=2",
    "resize-conv": "nearest x2 + conv k=3",
}
SEEDS = range(10)
reach = 0
for _ in range(3):
    reach = 2 * reach + 1  # 1, 3, 7
crop = 8  # outside the reach, and 32 - 2 * 8 = 16 cells: two whole periods of 8

variation = {kind: [] for kind in KINDS}
images, exact_reach = [], True
for kind in KINDS:
    for seed in SEEDS:
        model = stack(kind, seed)
        out = model(np.ones((1, 4, 4, 1), "float32")).numpy()[0, :, :, 0]
        far = model(np.ones((1, 16, 16, 1), "float32")).numpy()[0, 48:80, 48:80, 0]
        same = [
            np.allclose(out[r : 32 - r, r : 32 - r], far[r : 32 - r, r : 32 - r], rtol=1e-4)
            for r in (reach - 1, reach)
        ]
        exact_reach &= same == [False, True]
        inner = out[crop:-crop, crop:-crop]
        variation[kind].append(float(inner.std() / inner.mean()))
        if seed == 0:
            images.append(out)
evidence.holds(
    f"On every seed and stack, the border reaches exactly {reach} cells in: cells {reach} or"
    f" more from the edge match the far-from-the-border output, and some cell {reach - 1}"
    " from it does not",
    exact_reach,
)
for kind, label in KINDS.items():
    v = np.array(variation[kind])
    print(
        f"{label:<24} interior variation (std / mean), {len(SEEDS)} seeds:"
        f" {v.mean():.2f} [{v.min():.2f}, {v.max():.2f}]"
    )
ratio = np.array(variation["k3"]) / np.array(variation["k4"])
print(
    "k=3's variation / k=4's, seed by seed:"
    f" {ratio.mean():.0f} [{ratio.min():.0f}, {ratio.max():.0f}]"
)
evidence.holds(
    "Resize-then-convolve is flat inside on every seed (variation below 1e-5)",
    max(variation["resize-conv"]) < 1e-5,
)
fig = plotting.image_row(
    images, titles=[f"{label}, seed 0" for label in KINDS.values()], cmap="magma", size=3.2
)
for ax in fig.axes:
    ax.add_patch(
        Rectangle(
            (crop - 0.5, crop - 0.5),
            32 - 2 * crop,
            32 - 2 * crop,
            fill=False,
            ec="tab:cyan",
            ls="--",
            lw=1.5,
        )
    )
plotting.describe(
    fig,
    "Three 32x32 outputs of random three-layer upsampling stacks fed a flat input (seed 0), "
    "each with a dashed square (cyan) marking the centre region where variation is measured: "
    "transposed k=3, s=2 paints a strong grid pattern; transposed k=4, s=2 a fainter fine "
    "checkerboard; nearest x2 + conv k=3 is flat inside. All three darken towards the border, "
    "outside the dashed square.",
)

# %% [markdown]
# What to notice: from a perfectly flat input, the `k = 3` stack paints a strong grid. With `k = 4` the overlap is even, but random weights do not give equal phase sums, so a fainter pattern remains: on every seed weaker than `k = 3`'s, by a factor that ranges from 4 to 21 (printed above). Resize-then-convolve is flat inside on every seed: equal phase sums at every layer. All three darken towards the border (the `k = 3` stack on its top and left only), over the 7 cells the check above found; the dashed square, where the numbers are measured, stays clear of them.
#
# ## Where transposed convolutions are used
#
# - **Generators** of GANs: the DCGAN generator (Radford, Metz, Chintala) turns a 100-number code into a 64x64 image with four strided transposed convolutions.
# - **Semantic segmentation**: FCN (Long, Shelhamer, Darrell) upsamples coarse class scores back to the image size with transposed convolutions initialised as bilinear upsampling; U-Net calls them up-convolutions.
# - **Super-resolution and autoencoders**: learned upsampling instead of bicubic interpolation; notebooks 06 and 07 build autoencoders whose decoders are transposed convolutions.
#
# ## Exercises
#
# **1. Overlap.** A 1-D transposed convolution has a kernel of 5 ones and stride 2, on a long input of ones. Away from the ends the output alternates between two counts. Which two? Write them as a list.

# %% nbgrader={"grade": false, "grade_id": "answer_counts", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
counts = ...  # your answer
### BEGIN SOLUTION
counts = [2, 3]
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_overlap_pattern", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
from transposed_conv import checks

checks.overlap_pattern(counts)

# %% [markdown]
# **2. Choose a kernel.** For stride 3, what is the smallest kernel size larger than the stride whose copies overlap evenly?

# %% nbgrader={"grade": false, "grade_id": "answer_kernel_size", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
kernel_size = ...  # your answer
### BEGIN SOLUTION
kernel_size = 6
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_even_kernel", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.even_kernel(kernel_size)

# %% [markdown]
# **3. Compute by hand.** Upsample `[1, 2]` by nearest neighbour (factor 2), then correlate with `[1, 1]` without padding. Write the result as a list.

# %% nbgrader={"grade": false, "grade_id": "answer_result", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
result = ...  # your answer
### BEGIN SOLUTION
result = [2, 3, 4]
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_nearest_then_conv", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.nearest_then_conv(result)

# %% [markdown]
# **4. Design a kernel.** Give a 1-D kernel of 6 non-negative taps for stride 3 whose response to a constant input is flat away from the ends, and whose taps are *not* all equal (`[1, 1, 1, 1, 1, 1]` is flat, but it only repeats each value). The phase-sum rule above tells you how; the check tests the phase sums and also runs `ops.conv1d_transpose` on a long constant input. Many kernels work.

# %% nbgrader={"grade": false, "grade_id": "answer_flat_kernel", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
flat_kernel = ...  # your answer
### BEGIN SOLUTION
flat_kernel = [1, 2, 3, 3, 2, 1]
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_flat_stride3_kernel", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.flat_stride3_kernel(flat_kernel)

# %% [markdown]
# Next: **06 A 1-D transposed-convolution autoencoder on Bezier curves**.

# %% [markdown]
# **Done with this notebook?** Shut its kernel down (*Kernel* ▸ *Shut Down Kernel*) before you open the next one: each running notebook holds TensorFlow, about 600 MB, and Binder gives you 1-2 GB in all.
