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
# - show that nearest-neighbour upsampling followed by a convolution is one transposed convolution, and that upsampling is the transpose of downsampling,
# - predict checkerboard artifacts from the kernel's phase sums, and avoid them.

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

from transposed_conv import data, evidence, ops, plotting, reference, settings

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
# A single `Conv2DTranspose(1, kernel_size=4, strides=2, padding="same")` has 16 weights and a bias. Trained to map the 14x14 digits to the 28x28 originals, it learns its own interpolation. A second model adds capacity: a `Conv2DTranspose` with 16 channels and ReLU, then a 3x3 `Conv2D` back to one channel (417 parameters). Training prints a progress log whose last digits vary between machines; the cell after it prints the results, rounded.

# %% tags=["nbval-ignore-output"]
n_train = settings.pick(4000, 2000)
small_train = shrink(x_train[:n_train])[..., None]
target_train = x_train[:n_train, ..., None].astype("float32") / 255

one_layer = keras.Sequential(
    [keras.Input((14, 14, 1)), keras.layers.Conv2DTranspose(1, 4, strides=2, padding="same")]
)
two_layers = keras.Sequential(
    [
        keras.Input((14, 14, 1)),
        keras.layers.Conv2DTranspose(16, 4, strides=2, padding="same", activation="relu"),
        keras.layers.Conv2D(1, 3, padding="same"),
    ]
)
learned = {}
for name, model, lr, epochs in [
    ("1 layer", one_layer, 0.01, 8),
    ("2 layers", two_layers, 0.003, settings.pick(15, 10)),
]:
    model.compile(optimizer=keras.optimizers.Adam(lr), loss="mse")
    model.fit(small_train, target_train, batch_size=50, epochs=epochs, verbose=2)
    learned[name] = model.predict(small_test, verbose=0)

# %%
for name, model in [("1 layer", one_layer), ("2 layers", two_layers)]:
    mse = np.mean((learned[name] - target_test) ** 2)
    print(f"learned, {name:<8} ({model.count_params()} parameters): mean squared error {mse:.3f}")

# %%
images = (
    [target_test[0, :, :, 0], small_test[0, :, :, 0]]
    + [resized[m][0, :, :, 0] for m in resized]
    + [learned[n][0, :, :, 0] for n in learned]
)
images = [
    np.clip(im, 0, 1) for im in images
]  # shown on one scale: bicubic and the models overshoot a little
fig = plotting.image_row(
    images, titles=["original", "14x14", "nearest", "bilinear", "bicubic", "1 layer", "2 layers"]
)
fig = plotting.grids(
    [one_layer.layers[0].get_weights()[0][:, :, 0, 0], ops.bilinear_kernel(2)],
    titles=["learned 4x4 kernel", "bilinear 4x4 kernel"],
    cmap="RdBu_r",
    vmin=-1,
    vmax=1,
)

# %% [markdown]
# What to notice: with 17 parameters the single layer lands between bilinear and bicubic (a mean squared error of 0.012), and its kernel is a tent much like the bilinear kernel, tuned to the data. With a little more capacity the learned upsampler beats every fixed recipe (0.006 in the quick mode this page was run in; 0.004 with the full budget, 4,000 digits and 15 epochs, about 25 s on one core). That is the argument for transposed convolutions as upsamplers: the network learns the interpolation it needs.
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
diff = np.abs(as_tconv - resized["bilinear"][:50])
evidence.same(
    "Inside (1-pixel border excluded) the two agree to float32 rounding",
    as_tconv[:, 1:-1, 1:-1],
    resized["bilinear"][:50, 1:-1, 1:-1],
)
print(f"on the border they differ by up to {diff.max():.2f}")
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

# %% [markdown]
# Why the border differs: at the edge, interpolation needs a neighbour outside the image. `tf.image.resize` clamps to the edge pixel; the transposed convolution has nothing there, which is the same as a zero, so a pixel on an edge gets only 3/4 of its weight, and a corner pixel, short on two sides, 3/4 · 3/4 = 9/16. The two images share one colour scale (0 to 1); the difference, on its own fixed scale, lights up only where the ink meets the border (the top edge, and a little of the left). (With several channels, the FCN recipe puts the bilinear kernel on the diagonal, `kernel[:, :, c, c]`, and zeros elsewhere, so channels do not mix.)
#
# ## Nearest-neighbour upsampling plus a convolution is one transposed convolution
#
# An answer in the deconvolution Q&A thread observes: repeat every sample twice (nearest neighbour), then apply a 3-tap convolution, and you have a transposed convolution with a 4-tap kernel. In 1-D, repeating is itself a transposed convolution with kernel `[1, 1]` and stride 2, and the two kernels combine into one:

# %%
rng = np.random.default_rng(0)
signal = rng.normal(size=10)
c = np.array([1.0, 2.0, -1.0])  # the 3-tap convolution (cross-correlation, padding 1)

repeated = np.repeat(signal, 2)
evidence.same(
    "Repeating x2 is conv1d_transpose with [1, 1], stride 2",
    repeated,
    ops.conv1d_transpose(signal, [1.0, 1.0], strides=2),
)
pipeline = ops.conv1d(repeated, c, padding=1)

impulse = np.zeros(9)
impulse[4] = 1.0
response = ops.conv1d(np.repeat(impulse, 2), c, padding=1)
taps = response[response != 0]
print("one input value's contribution, the 4-tap kernel:", taps)
print(
    "conv1d_transpose(signal, taps, stride 2, padding 1) equals the pipeline:",
    np.allclose(ops.conv1d_transpose(signal, taps, strides=2, padding=1), pipeline),
)

# %% [markdown]
# The converse is not true: a general 4-tap transposed convolution has 4 free weights, the pipeline only 3. In the thread's words, the transposed convolution has the same "interpolation capacity" but can learn more.
#
# The signal-processing view of the same thread: *upsampling by zero insertion is the transpose of downsampling* (keep every k-th sample). Their matrices, built column by column from unit vectors:

# %%
k, n = 3, 4
D = np.stack([ops.downsample(e, k) for e in np.eye((n - 1) * k + 1)], axis=1)
U = np.stack([ops.upsample_zeros(e, k) for e in np.eye(n)], axis=1)
print("D (downsample by 3), shape", D.shape)
print(D.astype(int))
evidence.same("U (insert 2 zeros between samples) equals D.T", U, D.T, atol=0)

# %% [markdown]
# So a transposed convolution with stride `s` is zero-insertion upsampling followed by an ordinary convolution, exactly the collect model of notebook 02.
#
# ## Checkerboards come from uneven overlap
#
# With stride `s`, kernel copies start every `s` cells. If the kernel size `k` is not a multiple of `s`, some output cells are covered by more copies than their neighbours. In 1-D with `k = 3, s = 2` the counts go `1, 1, 2, 1, 2, 1, ...`; in 2-D the pattern multiplies across the two axes, from 1 up to 4.

# %%
print("1-D, k=3, s=2:", ops.conv1d_transpose(np.ones(6), np.ones(3), strides=2).astype(int))
print("1-D, k=4, s=2:", ops.conv1d_transpose(np.ones(6), np.ones(4), strides=2).astype(int))
settings_ = [(3, 2), (4, 2), (5, 2), (3, 3), (6, 3)]
maps = [ops.conv2d_transpose(np.ones((3, 3)), np.ones((k, k)), strides=s) for k, s in settings_]
fig = plotting.grids(
    maps, titles=[f"k={k}, s={s}" for k, s in settings_], cmap="Oranges", shared_scale=True
)


# %% [markdown]
# What to notice: with kernels of ones, `k = 4, s = 2` and `k = 6, s = 3` are flat inside (every cell gets the same number of copies); `k = 3, s = 2` alternates 1, 2, 4: the checkerboard. A learned kernel can compensate, but it has to spend effort on it, and stacking layers multiplies the pattern.

# %% [markdown]
# ### The exact rule: equal phase sums
#
# Counting copies treats every tap as equal. For a real kernel, feed a constant input: with stride `s` the output cells fall into `s` *phases* (position mod `s`), and every cell of phase `r` receives the taps `k[r::s]`, one from each copy that reaches it. So the response is flat exactly when every phase gets the same sum of taps, `k[0::s].sum() == k[1::s].sum() == ...` (in 2-D, `k[r::s, c::s].sum()` for every pair `(r, c)`).

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


# %% [markdown]
# What to notice: `[1, 2, 1]` (k = 3, the kernel Exercise 3 arrives at) is flat although its copies overlap unevenly, because both phases sum to 2; `[1, 1, 1, 1.5]` overlaps evenly (k = 4, a multiple of s = 2) and still alternates 2, 2.5. Even overlap gives every phase the same *number* of taps, so it is flat for equal taps and makes a flat kernel easy to reach; it does not make a learned kernel flat, and a trained k = 4, s = 2 decoder can still paint a faint grid.
#
# ## Artifacts in a stack of random layers
#
# Three upsampling layers (4x4 to 32x32), fed a constant image, with random weights (all positive, so the pattern is not hidden by signs):
# - `Conv2DTranspose(k=3, s=2)`: uneven overlap at every layer;
# - `Conv2DTranspose(k=4, s=2)`: kernel a multiple of the stride;
# - resize-then-convolve: `UpSampling2D(2)` (nearest) then `Conv2D(k=3)`, the fix proposed by Odena, Dumoulin and Olah ("Deconvolution and Checkerboard Artifacts", Distill 2016).

# %%
def stack(kind, seed):
    init = keras.initializers.RandomUniform(0.0, 1.0, seed=seed)
    layers = [keras.Input((4, 4, 1))]
    for i in range(3):
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


ones = np.ones((1, 4, 4, 1), "float32")
images, titles = [], []
for kind, label in [
    ("k3", "transposed k=3, s=2"),
    ("k4", "transposed k=4, s=2"),
    ("resize-conv", "nearest x2 + conv k=3"),
]:
    out = stack(kind, seed=1)(ones).numpy()[0, :, :, 0]
    inner = out[4:-4, 4:-4]  # away from the border
    images.append(out)
    titles.append(label)
    print(f"{label:<24} interior variation (std / mean): {inner.std() / inner.mean():.2f}")
fig = plotting.image_row(images, titles=titles, cmap="magma", size=3.2)

# %% [markdown]
# What to notice: from a perfectly flat input, the `k = 3` stack paints a strong grid. With `k = 4` the overlap is even, but random weights do not give equal phase sums, so a faint pattern remains: five times weaker. Resize-then-convolve is smooth inside, because nearest-neighbour upsampling of a flat image stays flat; what variation it has comes from the border. All three darken towards the border, where kernels hang over the edge into zeros.
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
