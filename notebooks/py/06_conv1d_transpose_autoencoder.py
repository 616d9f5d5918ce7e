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
# # 06 A 1-D transposed-convolution autoencoder on Bezier curves
#
# **After this notebook you can**
# - train a `Conv1D` encoder and a `Conv1DTranspose` decoder small enough to see completely,
# - read the decoder as a weighted sum of its filters, with the code as the weights,
# - explain why the learned filters differ between runs, and make them consistent with *code noise* of unequal size per component,
# - explain why noiseless data gives rough encoder filters, and fix it with *input noise*,
# - assemble the patch model into a model for whole curves, and repair what the transposed convolution's overlaps and the borders do to it.
#
# The experiments follow a blog post on transposed convolutions (seed 000 of this course); the code, the data family and the border fix at the end are the course's own.

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
import time

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import HTML

from transposed_conv import data, evidence, ops, patch_model, plotting, settings, training, widgets

settings.setup()
RETRAIN = (
    settings.retrain()
)  # True: train every run again (about 4 minutes) instead of loading the shipped ones

# %% [markdown]
# ## The data: curves described by two numbers
#
# Each curve is a cubic Bezier curve sampled at 15 equally spaced points. Its four control points sit at x = 0, 1/3, 2/3, 1 with heights `(a, b, -a, -b)`, so two numbers, `a` and `b`, describe the whole curve; they are drawn uniformly from [-0.5, 0.5]. The network sees only the 15 heights.

# %%
curves, params = data.bezier_curves(2000, seed=0)
test_curves, _ = data.bezier_curves(500, seed=1)
fig, axes = plt.subplots(1, 2, figsize=(10, 3))
for c in curves[:12]:
    axes[0].plot(c, marker="o", ms=2)
axes[0].set_title("12 training curves (15 points each)")
basis = data.bezier_basis()
axes[1].plot(basis[:, 0], marker="o", ms=3, label="a = 1, b = 0")
axes[1].plot(basis[:, 1], marker="o", ms=3, label="a = 0, b = 1")
axes[1].set_title("every curve is a * first + b * second")
axes[1].legend()
fig.tight_layout()
singular = np.linalg.svd(curves, compute_uv=False)
print("singular values of the 2000 x 15 data matrix:", np.round(singular[:4], 3))

# %% [markdown]
# What to notice: only two singular values are non-zero. All 2000 curves lie in a two-dimensional plane inside the 15-dimensional space of point heights, so an autoencoder should be able to squeeze each curve into 2 numbers. Here the code gets 3 numbers per patch, one more than a curve needs. (A patch is not a whole curve, though: cut at three offsets, the patches together span 4 dimensions, as the section on input noise computes. Leaving out the smallest of them, with singular value 0.27, costs a mean squared error of 0.27² / (6000 · 7) ≈ 1.7e-6, the order of the test losses below.)
#
# ## The patch model
#
# Following the post, the model reads a curve through a window of 7 points moving 4 points at a time, so a 15-point curve gives 3 windows (at 0, 4 and 8). We first train on those 7-point patches alone:
#
# - encoder: `Conv1D(3 filters, window 7, stride 4, tanh)`: 7 points in, a code of 3 numbers out;
# - decoder: `Conv1DTranspose(1 filter, window 7, stride 4)`: 3 numbers in, 7 points out.
#
# Neither layer has a bias, so the decoder's output is exactly `code[0]·filter1 + code[1]·filter2 + code[2]·filter3`.

# %%
patches = data.curve_patches(curves)
test_patches = data.curve_patches(test_curves)
encoder, decoder, autoencoder = patch_model.patch_autoencoder()
print("training patches:", patches.shape, "| test patches:", test_patches.shape)
print(
    "encoder:",
    encoder.input_shape,
    "->",
    encoder.output_shape,
    f"({encoder.count_params()} weights)",
)
print(
    "decoder:",
    decoder.input_shape,
    "->",
    decoder.output_shape,
    f"({decoder.count_params()} weights)",
)


# %% [markdown]
# ### Training with several seeds
#
# Each seed starts from different random weights. Six runs (seeds 0 to 5) of each variant below were trained with `make weights` (300 passes over the patches each) and ship with the course's package, so this page loads them in a moment; set `RETRAIN = True` in the first cell to train them again (about 4 minutes on two cores). Their final test losses:

# %%
def test_loss(run, inputs, zero=None):
    """Mean squared error of a run's reconstruction of `inputs` against the clean test patches."""
    code = run["encoder"].predict(inputs[..., None], verbose=0)
    if zero is not None:
        code[..., zero] = 0.0  # drop one code component
    return float(np.mean((run["decoder"].predict(code, verbose=0)[..., 0] - test_patches) ** 2))


def load_runs(variant):
    runs, record = training.patch_runs(variant, retrain=RETRAIN)
    for r in runs:
        r["test"] = test_loss(r, test_patches)
    print(
        f"{variant}: {len(runs)} runs of {record['epochs']} passes ({record['source']};"
        f" trained in {record['seconds']:.0f} s)"
    )
    print("final test losses:", ", ".join(f"{r['test']:.1e}" for r in runs))
    return runs


plain = load_runs("plain")

# %%
curves_ = np.array([r["losses"] for r in plain])
epochs_axis = np.arange(1, curves_.shape[1] + 1) * training.PATCH_EPOCHS / curves_.shape[1]
mean, std = curves_.mean(axis=0), curves_.std(axis=0)
fig, axes = plt.subplots(1, 2, figsize=(10, 3))
axes[0].semilogy(epochs_axis, mean, color="black", label=f"mean of {len(plain)} seeds")
axes[0].fill_between(
    epochs_axis, np.maximum(mean - std, mean * 0.1), mean + std, color="0.8", label="± 1 std"
)
axes[0].set_xlabel("epoch")
axes[0].set_ylabel("training loss (MSE)")
axes[0].legend()
best = min(plain, key=lambda run: run["test"])  # the seed with the lowest test loss
recon = best["decoder"].predict(
    best["encoder"].predict(test_patches[:4, :, None], verbose=0), verbose=0
)[..., 0]
for i in range(4):
    axes[1].plot(
        test_patches[i],
        color=plotting.FILTER_COLORS[i % 3] if i < 3 else "tab:red",
        lw=3,
        alpha=0.4,
    )
    axes[1].plot(recon[i], color="black", lw=1, ls="--")
axes[1].set_title("test patches (thick) and reconstructions (dashed)")
fig.tight_layout()
evidence.holds("Every seed's test loss is below 1e-4", all(r["test"] < 1e-4 for r in plain))

# %% [markdown]
# Watch one run train: a fresh model, seed 0, with the same code `make weights` used (quick mode, used by the tests, runs fewer passes; the printed time varies, so the test does not compare it).

# %% tags=["nbval-ignore-output"]
start = time.time()
_, _, demo_losses = patch_model.train_patch_autoencoder(
    patches, seed=0, epochs=settings.pick(100, 60)
)
print(
    f"{len(demo_losses) * 10} passes in {time.time() - start:.0f} s; training loss"
    f" {demo_losses[0]:.1e} -> {demo_losses[-1]:.1e}"
)

# %% [markdown]
# The post reports a loss under 1e-4 after training; every seed here gets there too.
#
# ## The decoder is a weighted sum of its filters
#
# The post decodes two codes, `[0.0, 0.1, 0.2]` and `[0.1, 0.1, 0.0]`. Top: each filter scaled by its code value, and their sum (black), which is the decoder's output. Bottom: the raw filters.

# %%
filters = patch_model.decoder_filters(best["decoder"])
fig, axes = plt.subplots(2, 2, figsize=(10, 5.5), sharex=True)
for col, code_ in enumerate([[0.0, 0.1, 0.2], [0.1, 0.1, 0.0]]):
    plotting.draw_decoder_sum(axes[0, col], filters, np.array(code_), title=f"code {code_}")
    plotting.draw_filters(axes[1, col], filters, title="decoder filters")
fig.tight_layout()
keras_out = best["decoder"].predict(np.array([[[0.0, 0.1, 0.2]]]), verbose=0)[0, :, 0]
evidence.same(
    "The Keras decoder's output is the weighted sum of its filters",
    keras_out,
    patch_model.decode(filters, [0.0, 0.1, 0.2]),
)

# %% [markdown]
# Try it: move the three code sliders and watch the scaled filters and their sum. Below it, an animation (it also plays on a static web page) sweeps the first code component from -1 to 1 while the others stay 0: the output is then just the first filter, scaled.

# %%
widgets.code_explorer(filters, start=(0.0, 0.1, 0.2))

# %% tags=["nbval-ignore-output"]
HTML(plotting.decoder_animation(filters, component=0, values=np.linspace(-1, 1, 11)).to_jshtml())

# %% [markdown]
# ## The encoder
#
# An encoder filter multiplies the input point by point; the sum of the products, passed through tanh, is that filter's code value. Left: the three encoder filters and one test patch. Right: the point-by-point products, labelled with their sums.

# %%
enc_filters = patch_model.encoder_filters(best["encoder"])
example = test_patches[1]
code_value = best["encoder"].predict(example[None, :, None], verbose=0)[0, 0]
fig, axes = plt.subplots(1, 2, figsize=(10, 3.2))
plotting.draw_filters(axes[0], enc_filters, title="encoder filters and an input patch")
axes[0].plot(example * 5, color="black", lw=2, label="input x 5")
axes[0].legend(fontsize=7)
for i, f in enumerate(enc_filters):
    products = f * example
    axes[1].plot(
        products,
        color=plotting.FILTER_COLORS[i],
        marker="o",
        ms=3,
        label=f"filter {i + 1}: sum {products.sum():+.2f}, tanh {np.tanh(products.sum()):+.2f}",
    )
axes[1].axhline(0, color="0.8", lw=0.8)
axes[1].legend(fontsize=7)
axes[1].set_title("filter x input, point by point")
fig.tight_layout()
evidence.same("The code is tanh of the sums", code_value, np.tanh(enc_filters @ example), atol=1e-5)


# %% [markdown]
# ## Every run learns different filters
#
# Train again with another seed and the filters change completely. Part of that is harmless: the code components can swap places, and a component can flip sign together with its encoder filter (tanh is odd), without changing any output. `models.align_filters` undoes both, matching every run to seed 0. Even after alignment the filters differ: only the *span* of the three filters is determined by the data, not the filters themselves.

# %%
def aligned_decoders(runs, reorder=True):
    """Every run's decoder filters, aligned to seed 0's (patch_model.align_filters)."""
    reference = patch_model.decoder_filters(runs[0]["decoder"])
    filters = [patch_model.decoder_filters(r["decoder"]) for r in runs]
    return [patch_model.align_filters(f, reference, reorder)[0] for f in filters]


def show_filter_sets(filter_sets, title):
    fig, axes = plt.subplots(1, 3, figsize=(11, 2.8), sharey=True)
    for i in range(3):
        for fs in filter_sets:
            axes[i].plot(fs[i], color=plotting.FILTER_COLORS[i], alpha=0.7)
        axes[i].set_title(f"{title}: filter {i + 1}")
        axes[i].axhline(0, color="0.8", lw=0.8)
    fig.tight_layout()
    return fig


fig = show_filter_sets([patch_model.decoder_filters(r["decoder"]) for r in plain], "raw")
fig = show_filter_sets(aligned_decoders(plain), "aligned")

# %% [markdown]
# ## Code noise: give the components an order of importance
#
# The post's remedy works like PCA: add noise to the code during training, of a different size for each component. A component that arrives noisy is worth little to the decoder, so the network learns to put the most important information in the quiet components and the details in the noisy one. Here component 1 gets no noise, component 2 a little (0.05) and component 3 a lot (0.2).

# %%
CODE_NOISE = training.PATCH_VARIANTS["code_noise"]["code_noise"]
coded = load_runs("code_noise")

# %%
fig = show_filter_sets(aligned_decoders(coded, reorder=False), "code noise")


def spread(filter_sets):
    """Mean standard deviation across seeds, tap by tap: 0 if every seed learned the same."""
    return float(np.mean(np.std(np.array(filter_sets), axis=0)))


print(
    f"spread of the filters across seeds: {spread(aligned_decoders(plain)):.3f} without"
    " code noise (after reordering),"
    f" {spread(aligned_decoders(coded, reorder=False)):.3f} with code noise (signs only)"
)


# %% [markdown]
# What to notice: with code noise, every seed gives the same filters, in the same order (only signs may flip): a flat filter in the quiet component, a slope in the second, and a small bump in the noisiest one, much like principal components. The price is a much higher loss: compare the final test losses printed above, tens of times those of the runs without noise, because the noisy components carry less.
#
# Which component matters? Set one code component to zero on the test patches and measure the loss:

# %%
def zeroing_costs(runs):
    """Test loss with each code component zeroed: one row per seed, one column per component."""
    return np.array([[test_loss(r, test_patches, zero=i) for i in range(3)] for r in runs])


cost_plain, cost_coded = zeroing_costs(plain), zeroing_costs(coded)
ranked_plain = -np.sort(
    -cost_plain, axis=1
)  # without code noise a component's number means nothing: rank by cost
fig, axes = plt.subplots(1, 2, figsize=(11, 3.2), sharey=True)
panels = [
    (
        axes[0],
        ranked_plain,
        ["costliest", "middle", "cheapest"],
        "no code noise: each seed's components, ranked",
    ),
    (
        axes[1],
        cost_coded,
        [f"component {i + 1}\n(noise {n})" for i, n in enumerate(CODE_NOISE)],
        "code noise: by component",
    ),
]
for ax, costs, labels, title in panels:
    ax.bar(range(3), costs.mean(axis=0), 0.6, color="0.8", label="mean over seeds")
    for seed_costs in costs:
        ax.plot(range(3), seed_costs, "o", color="tab:blue", ms=4, alpha=0.7)
    ax.set_xticks(range(3), labels)
    ax.set_title(title, fontsize=10)
    ax.set_yscale("log")
axes[0].set_ylabel("test loss with the component zeroed")
fig.tight_layout()
print(
    "no code noise, the costliest component of each seed:",
    [int(i) + 1 for i in np.argmax(cost_plain, axis=1)],
)
print(
    "code noise, the costliest component of each seed:   ",
    [int(i) + 1 for i in np.argmax(cost_coded, axis=1)],
)
print(
    "code noise, the cheapest component of each seed:    ",
    [int(i) + 1 for i in np.argmin(cost_coded, axis=1)],
)

# %% [markdown]
# What to notice: without code noise, losing any one component hurts about as much as losing another, and which one hurts most changes from seed to seed: a component's number means nothing, so the left panel ranks each seed's components by cost instead. With code noise the order is the same on every seed: the quiet component 1 is the costliest to lose, and the noisiest, component 3, costs more than ten times less. The network has put the least information where the noise is largest, as PCA puts the least variance in its last component.

# %% [markdown]
# ## Input noise: smooth encoder filters
#
# The encoder filters above are rough. The reason is in the data. Each curve lies in a 2-dimensional plane, and so do the patches cut at any one offset; but the patches are cut at offsets 0, 4 and 8, each offset has its own plane, and together the 6,000 training patches span 4 of the 7 dimensions (computed below). Only the part of an encoder filter *inside* that span affects the code. The other 3 directions are never tested by noiseless data, and training leaves whatever it likes there. (The post saw the extreme case: in its data a single point was enough to tell curves apart.) Noise on the input fills those directions, so a filter that reacts to them pays for it in the loss.

# %%
noisy_input = load_runs("input_noise")

# %%
_, singular, vt = np.linalg.svd(patches, full_matrices=False)
rank = int(np.sum(singular > 1e-8 * singular[0]))
plane = vt[:rank]  # the directions the training patches span
print(
    "singular values of the 6000 x 7 patch matrix:",
    np.round(singular, 2),
    f"-> the patches span {rank} dimensions",
)


def outside_plane(runs):
    parts = []
    for r in runs:
        f = patch_model.encoder_filters(r["encoder"])
        parts.append(np.linalg.norm(f - (f @ plane.T) @ plane) / np.linalg.norm(f))
    return float(np.mean(parts))


fig, axes = plt.subplots(1, 2, figsize=(10, 3), sharey=True)
plotting.draw_filters(
    axes[0], patch_model.encoder_filters(plain[0]["encoder"]), title="encoder filters, clean input"
)
plotting.draw_filters(
    axes[1],
    patch_model.encoder_filters(noisy_input[0]["encoder"]),
    title="encoder filters, input noise 0.02",
)
fig.tight_layout()
rng = np.random.default_rng(0)
jittered = test_patches + rng.normal(0, 0.02, test_patches.shape)
print(
    f"share of the encoder filters outside the span of the data: {outside_plane(plain):.0%}"
    " with clean input,"
    f" {outside_plane(noisy_input):.0%} with input noise"
)
noisy_loss = {
    name: np.mean([test_loss(r, jittered) for r in runs])
    for name, runs in [("clean", plain), ("noise", noisy_input)]
}
print(
    f"test loss on noisy test patches: {noisy_loss['clean']:.0e} trained on clean input,"
    f" {noisy_loss['noise']:.0e} with input noise"
)

# %% [markdown]
# ## The full model: whole curves
#
# The patch model can read a whole 15-point curve without cutting it: the same `Conv1D` with stride 4 produces 3 codes (one per window), and the same `Conv1DTranspose` lays the 3 decoded patches 4 points apart. We copy the trained weights into a 15-point model.

# %%
enc15, dec15, auto15 = patch_model.patch_autoencoder(15)
enc15.set_weights(best["encoder"].get_weights())
dec15.set_weights(best["decoder"].get_weights())
kernel = best["decoder"].get_weights()[0]  # (7, 1, 3): Keras layout (k, C_out, C_in)
codes = enc15.predict(test_curves[..., None], verbose=0)  # (N, 3 windows, 3 components)


def assemble(kernel, normalise_by=None):
    out = ops.conv1d_transpose(codes, kernel, strides=4)[..., 0]
    if normalise_by is not None:  # overlap-add normalisation: divide by the summed window weights
        out = out / ops.conv1d_transpose(np.ones(3), normalise_by, strides=4)
    return out


coverage = ops.conv1d_transpose(np.ones(3), np.ones(7), strides=4)
print("patches covering each of the 15 points:", coverage.astype(int))
raw = assemble(kernel)
evidence.same(
    "Keras' 15-point model gives the same output",
    raw,
    auto15.predict(test_curves[..., None], verbose=0)[..., 0],
    atol=1e-5,
)

# %% [markdown]
# Points 4-6 and 8-10 are covered by two patches, so the transposed convolution adds two reconstructions of them: they come out doubled. The post's first fix halves the filter taps that overlap (taps 0-2 and 4-6); its second tapers the filter so that overlapping taps add up to 1 (`[1, 2, 3, 4, 3, 2, 1] / 4`). Both repair the middle, but the border points (0-2 and 12-14) have no partner, so they come out too small: the border problem. The error over the whole curve does not go down; it moves from the middle to the borders (printed below). Going one step further than the post, divide the output by the summed window weights at each point (overlap-add normalisation, as in audio processing). Then every point, border included, gets exactly the value the patch model predicts for it, so the whole-curve error falls to the patch model's own.

# %%
half = np.array([0.5, 0.5, 0.5, 1.0, 0.5, 0.5, 0.5])
taper = np.array([1, 2, 3, 4, 3, 2, 1]) / 4
variants = {
    "as trained": assemble(kernel),
    "half weights": assemble(kernel * half[:, None, None]),
    "tapered": assemble(kernel * taper[:, None, None]),
    "tapered + normalised": assemble(kernel * taper[:, None, None], normalise_by=taper),
}
errors = {name: float(np.mean((out - test_curves) ** 2)) for name, out in variants.items()}
overlap, border = np.r_[4:7, 8:11], np.r_[0:3, 12:15]
for name, out in variants.items():
    sq = (out - test_curves) ** 2
    print(
        f"{name:<21} mean squared error: overlapping points {sq[:, overlap].mean():.0e},"
        f" border points {sq[:, border].mean():.0e}"
    )
fig, axes = plt.subplots(1, 2, figsize=(11, 3.2))
axes[0].plot(test_curves[3], color="black", lw=3, alpha=0.3, label="input")
for name, out in variants.items():
    axes[0].plot(out[3], marker="o", ms=2, label=name)
for lo, hi in [(4, 6), (8, 10)]:
    axes[0].axvspan(lo - 0.5, hi + 0.5, color="0.92")
axes[0].legend(fontsize=7)
axes[0].set_title("one test curve (grey bands: two patches overlap)")
axes[1].bar(range(len(errors)), list(errors.values()), color="tab:blue")
axes[1].set_xticks(range(len(errors)), list(errors.keys()), fontsize=8)
axes[1].set_yscale("log")
axes[1].set_title("test MSE on whole curves")
fig.tight_layout()
print("smallest whole-curve error:", min(errors, key=errors.get))
evidence.same(
    "After normalisation the border points are the patch model's own",
    variants["tapered + normalised"][:, border],
    assemble(kernel)[:, border],
    atol=1e-9,
)

# %% [markdown]
# What to notice: the overlaps are a property of the transposed convolution with a kernel longer than its stride, not of the training. A model trained on whole curves would learn to share the overlap between neighbouring patches by itself; a model trained on patches has to be told, and the normalisation makes every point, border included, the weighted average of the patches that cover it.
#
# ## Exercises
#
# **1. Decode by hand.** A decoder has the filters (rows) of `checks.DECODE_FILTERS` and receives the code `checks.DECODE_CODE`. What is its output? Write a list.

# %%
from transposed_conv import checks

print("filters:", checks.DECODE_FILTERS.tolist(), " code:", checks.DECODE_CODE.tolist())

# %% nbgrader={"grade": false, "grade_id": "answer_decoded", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
decoded = ...  # your answer
### BEGIN SOLUTION
decoded = [2.0, 0.0, 3.0]
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_decode_by_hand", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.decode_by_hand(decoded)

# %% [markdown]
# **2. Predict the shape.** How many code vectors does the encoder (`Conv1D`, window 7, stride 4) produce for a 23-point curve?

# %% nbgrader={"grade": false, "grade_id": "answer_n_codes", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
n_codes = ...  # your answer
### BEGIN SOLUTION
n_codes = 5
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_code_length", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.code_length(n_codes)

# %% [markdown]
# **3. Design a taper.** Write 7 non-negative weights for a stride-4 decoder filter such that, where two patches overlap, their weights add up to 1 (and the middle tap, which never overlaps, is 1). The course's taper is one answer; find another.

# %% nbgrader={"grade": false, "grade_id": "answer_my_taper", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
my_taper = ...  # your answer
### BEGIN SOLUTION
my_taper = [0.5, 0.5, 0.5, 1.0, 0.5, 0.5, 0.5]
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_taper_weights", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.taper_weights(my_taper)

# %% [markdown]
# Next: **07 The Keras `Conv2DTranspose` autoencoder on MNIST**.

# %% [markdown]
# **Done with this notebook?** Shut its kernel down (*Kernel* ▸ *Shut Down Kernel*) before you open the next one: each running notebook holds TensorFlow, about 600 MB, and Binder gives you 1-2 GB in all.
