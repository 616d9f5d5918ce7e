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
# - assemble the patch model into a model for whole curves, repair what the transposed convolution's overlaps and the borders do to it, and compare with a model trained on whole curves.
#
# The experiments follow the post (a blog post training a 1-D convolutional autoencoder on Bezier curves; notebook 00 lists the course's sources). The code, the data family, the numbers of the taper and the border fix at the end are the course's own.

# %%
import os

if "COLAB_RELEASE_TAG" in os.environ:  # on Google Colab: install the course's package first
    # %pip install -q --no-deps git+https://github.com/OWNER/REPO
import transposed_conv  # noqa: E402, F401  missing? run `pip install -e .` in the course folder

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import HTML

from transposed_conv import evidence, settings
from transposed_conv.core import ops
from transposed_conv.models import data, patch_model, training
from transposed_conv.viz import explorers, plotting

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
plotting.describe(
    fig,
    "Two line plots over the 15 point positions. Left: 12 training curves, smooth S-shaped "
    "and bowl-shaped curves between about -0.5 and 0.5. Right: the two basis curves, a = 1, b = 0 "
    "and a = 0, b = 1; every curve is a times the first plus b times the second.",
)
singular = np.linalg.svd(curves, compute_uv=False)
print("singular values of the 2000 x 15 data matrix:", np.round(singular[:4], 3))

# %% [markdown]
# What to notice: only two singular values are non-zero. All 2000 curves lie in a two-dimensional plane inside the 15-dimensional space of point heights, so an autoencoder should be able to squeeze each curve into 2 numbers. The model below, though, reads 7-point patches, and a patch is not a whole curve: cut at three offsets, the patches together span 4 dimensions (the section on input noise computes it). Its code has 3 numbers per patch, and its decoder's output is a weighted sum of 3 filters, so it can reproduce at most 3 of those 4 directions. The fourth is small (singular value 0.27): leaving it out costs a mean squared error of at least 0.27² / (6000 · 7) ≈ 1.7e-6 on the training patches, the same order as the test losses below.
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
# Each seed starts from different random weights. Six runs (seeds 0 to 5) of each variant below were trained with `make weights` (300 passes over the patches each) and ship with the course's package, so this page loads them in a moment; set `RETRAIN = True` in the first cell to train them again (about 4 minutes on two cores). Their final test losses, then their training losses (left: the mean, and shaded the range from the lowest to the highest seed; the post draws the mean ± one standard deviation, a band that on this log scale would reach below zero after 30 and 40 passes, where the seeds' spread is larger than their mean):

# %%
def test_loss(run, inputs, zero=None):
    """Mean squared error of a run's reconstruction of `inputs` against the clean test patches."""
    code = np.array(run["encoder"](inputs[..., None]))  # calling a model: quicker than predict
    if zero is not None:
        code[..., zero] = 0.0  # drop one code component
    return float(np.mean((np.array(run["decoder"](code))[..., 0] - test_patches) ** 2))


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
fig, axes = plt.subplots(1, 2, figsize=(10, 3))
axes[0].semilogy(
    epochs_axis, curves_.mean(axis=0), color="black", label=f"mean of {len(plain)} seeds"
)
axes[0].fill_between(
    epochs_axis,
    curves_.min(axis=0),
    curves_.max(axis=0),
    color="0.8",
    label="lowest to highest seed",
)
axes[0].set_xlabel("epoch")
axes[0].set_ylabel("training loss (MSE)")
axes[0].legend()
best = min(plain, key=lambda run: run["test"])  # the seed with the lowest test loss
recon = np.array(best["decoder"](best["encoder"](test_patches[:4, :, None])))[..., 0]
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
plotting.describe(
    fig,
    "Left: training loss (MSE, log scale) against epoch, the mean of 6 seeds as a line and the "
    "lowest to highest seed as a shaded band; it falls steeply for about 50 epochs, then slowly "
    "to below 1e-5 by epoch 300, the band narrowing to the line. Right: four 7-point test "
    "patches (thick) with their reconstructions (dashed), which lie on top of them.",
)
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
# The post calls a loss under 1e-4 sufficient; every seed here gets there.
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
plotting.describe(
    fig,
    "Two columns, one per code, [0.0, 0.1, 0.2] and [0.1, 0.1, 0.0], over the 7 output points. "
    "Top: the three decoder filters each scaled by its code value (filter 1 solid, filter 2 "
    "dashed, filter 3 dotted), and their sum drawn as a thick black line, which is the "
    "decoder's output. Bottom: the same three raw decoder filters in both columns, with "
    "circles, squares and triangles on their points. Changing the code changes only the "
    "weights of the sum.",
)
keras_out = np.array(best["decoder"](np.array([[[0.0, 0.1, 0.2]]])))[0, :, 0]
evidence.same(
    "The Keras decoder's output is the weighted sum of its filters",
    keras_out,
    patch_model.decode(filters, [0.0, 0.1, 0.2]),
)

# %% [markdown]
# Try it: move the three code sliders (or use the arrow keys) and watch the scaled filters and their sum. The explorer runs in your browser, so it also responds on the course's website and on nbviewer; in Jupyter, once the cell has run. Below it, an animation (press Play; it also works on a static web page) sweeps the first code component from -1 to 1 while the others stay 0: the output is then just the first filter, scaled.

# %%
explorers.code_explorer(filters, start=(0.0, 0.1, 0.2))

# %% tags=["nbval-ignore-output"]
sweep = plotting.decoder_animation(filters, component=0, values=np.linspace(-1, 1, 11))
HTML(
    plotting.animation_html(
        sweep,
        "Animation, 11 frames: the first code component sweeps from -1 to +1 while the other "
        "two stay 0. The decoder's output is then the first filter scaled by that value: it "
        "shrinks to a flat line at 0 in the middle frame and grows again with the opposite sign.",
    )
)

# %% [markdown]
# ## The encoder
#
# An encoder filter multiplies the input point by point; the sum of the products, passed through tanh, is that filter's code value. Left: the three encoder filters and one test patch. Right: the point-by-point products, labelled with their sums.

# %%
enc_filters = patch_model.encoder_filters(best["encoder"])
example = test_patches[1]
code_value = np.array(best["encoder"](example[None, :, None]))[0, 0]
fig, axes = plt.subplots(1, 2, figsize=(10, 3.2))
plotting.draw_filters(axes[0], enc_filters, title="encoder filters and an input patch")
axes[0].plot(example * 5, color="black", lw=2, label="input x 5")
axes[0].legend(fontsize=7)
for i, f in enumerate(enc_filters):
    products = f * example
    axes[1].plot(
        products,
        color=plotting.FILTER_COLORS[i],
        ls=plotting.FILTER_STYLES[i],
        marker=plotting.FILTER_MARKERS[i],
        ms=3,
        label=f"filter {i + 1}: sum {products.sum():+.2f}, tanh {np.tanh(products.sum()):+.2f}",
    )
axes[1].axhline(0, color="0.8", lw=0.8)
axes[1].legend(fontsize=7)
axes[1].set_title("filter x input, point by point")
fig.tight_layout()
plotting.describe(
    fig,
    "Left: the three encoder filters over 7 points, jagged lines, and one test patch scaled "
    "by 5 (thick black, rising smoothly). Right: each filter multiplied by the patch point by "
    "point (filter 1 solid with circles, filter 2 dashed with squares, filter 3 dotted with "
    "triangles); the legend gives each filter's sum of products and its tanh, which are the "
    "three code values.",
)
evidence.same("The code is tanh of the sums", code_value, np.tanh(enc_filters @ example), atol=1e-5)


# %% [markdown]
# ## Every run learns different filters
#
# Train again with another seed and the filters change completely. Part of that is harmless: the code components can swap places, and a component can flip sign together with its encoder filter (tanh is odd), without changing any output. `patch_model.align_filters` undoes both, matching every run to seed 0. Even after alignment the filters differ: only the *span* of the three filters is determined by the data, not the filters themselves.

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
plotting.describe(
    fig,
    "Three panels, decoder filters 1, 2 and 3, each with one line per seed (6 seeds) over the "
    "7 taps, before alignment. The lines go in every direction, some mirror images of others "
    "across zero: each run learns different filters.",
)
fig = show_filter_sets(aligned_decoders(plain), "aligned")
plotting.describe(
    fig,
    "The same three panels after reordering and sign-flipping each seed's filters to match "
    "seed 0: the lines of each filter now have a similar overall shape but still spread "
    "widely, since only the span of the three filters is fixed by the data.",
)

# %% [markdown]
# ## Code noise: give the components an order of importance
#
# The post's remedy works like PCA: add noise to the code during training, of a different size for each component. A component that arrives noisy is worth little to the decoder, so the network learns to put the most important information in the quiet components and the details in the noisy one. Here component 1 gets no noise, component 2 a little (0.05) and component 3 a lot (0.2).

# %%
CODE_NOISE = training.PATCH_VARIANTS["code_noise"]["code_noise"]
coded = load_runs("code_noise")

# %%
fig = show_filter_sets(aligned_decoders(coded, reorder=False), "code noise")
plotting.describe(
    fig,
    "Three panels, decoder filters 1, 2 and 3 of the 6 code-noise runs (signs aligned only): "
    "the seeds' lines nearly coincide. Filter 1 is an almost flat shallow bowl, filter 2 a "
    "straight slope, filter 3 a very shallow bowl close to zero (slightly positive at the "
    "ends, slightly negative in the middle), much like principal components.",
)


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
plotting.describe(
    fig,
    "Two bar charts of the test loss with one code component zeroed (log scale), bars the mean "
    "over seeds and dots the single seeds. Left, no code noise, components ranked per seed as "
    "costliest, middle and cheapest: bars of a similar size. Right, code noise: component 1 "
    "(noise 0.0) costs most, component 2 (noise 0.05) a little less, and component 3 (noise "
    "0.2) far less, with the seeds' dots tightly together.",
)
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
for label, ratio in [
    ("no code noise, costliest / cheapest component:", cost_plain.max(1) / cost_plain.min(1)),
    ("code noise, component 1 / component 3:        ", cost_coded[:, 0] / cost_coded[:, 2]),
]:
    print(f"{label} {ratio.mean():.1f} [{ratio.min():.1f}, {ratio.max():.1f}] over the seeds")

# %% [markdown]
# What to notice: without code noise, which component hurts most to lose changes from seed to seed: a component's number means nothing, so the left panel ranks each seed's components by cost instead. The post found that there "disabling each component leads to relatively same loss drop"; here the costliest component of a seed costs between 1.5 and 2.7 times its cheapest (printed above): the same order of size, not the same cost. With code noise the order is the same on every seed: the quiet component 1 is the costliest to lose, and the noisiest, component 3, costs about 30 times less on every seed. The network has put the least information where the noise is largest, as PCA puts the least variance in its last component.

# %% [markdown]
# ## Input noise: smooth encoder filters
#
# The encoder filters above are rough. The reason is in the data. Each curve lies in a 2-dimensional plane, and so do the patches cut at any one offset; but the patches are cut at offsets 0, 4 and 8, each offset has its own plane, and together the 6,000 training patches span 4 of the 7 dimensions (computed below). Only the part of an encoder filter *inside* that span affects the code. The other 3 directions are never tested by noiseless data, and training leaves whatever it likes there. (The post saw the extreme case: in its data a single point was enough to tell curves apart.) Noise on the input, here Gaussian with standard deviation 0.02 added to every training patch, fills those directions, so a filter that reacts to them pays for it in the loss.

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
plotting.describe(
    fig,
    "Two panels with the three encoder filters of seed 0 over 7 points, on a shared vertical "
    "scale. Left, trained on clean input: jagged zigzag lines. Right, trained with input noise "
    "0.02: smooth curves. Input noise smooths the encoder filters.",
)
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
# The patch model can read a whole 15-point curve without cutting it: the same `Conv1D` with stride 4 produces 3 codes (one per window), and the same `Conv1DTranspose` lays the 3 decoded patches 4 points apart. We copy each run's trained weights into a 15-point model.

# %%
enc15, dec15, auto15 = patch_model.patch_autoencoder(15)


def whole_curve_codes(run):
    """A patch run's codes for the test curves, read by the 15-point encoder: (N, 3 windows, 3)."""
    enc15.set_weights(run["encoder"].get_weights())
    return np.array(enc15(test_curves[..., None]))


def assemble(codes, kernel, normalise_by=None):
    out = ops.conv1d_transpose(codes, kernel, strides=4)[..., 0]
    if normalise_by is not None:  # overlap-add normalisation: divide by the summed window weights
        out = out / ops.conv1d_transpose(np.ones(3), normalise_by, strides=4)
    return out


coverage = ops.conv1d_transpose(np.ones(3), np.ones(7), strides=4)
print("patches covering each of the 15 points:", coverage.astype(int))
codes = whole_curve_codes(best)
kernel = best["decoder"].get_weights()[0]  # (7, 1, 3): Keras layout (k, C_out, C_in)
dec15.set_weights(best["decoder"].get_weights())
evidence.same(
    "Keras' 15-point model gives the same output",
    assemble(codes, kernel),
    np.array(auto15(test_curves[..., None]))[..., 0],
    atol=1e-5,
)

# %% [markdown]
# Points 4-6 and 8-10 are covered by two patches, so the transposed convolution adds two reconstructions of them: they come out doubled. The post's first fix halves the filter taps that overlap (taps 0-2 and 4-6). For its second it reduces the filter values "gradually", without giving the numbers; the taper `[1, 2, 3, 4, 3, 2, 1] / 4` here is the course's reconstruction, chosen so that overlapping taps add up to 1. Both repair the middle, but the border points (0-2 and 12-14) have no partner, so they come out too small: the border problem. The error over the whole curve does not go down; it moves from the middle to the borders. Going one step further than the post, divide the output by the summed window weights at each point (overlap-add normalisation, as in audio processing). Then a point that one patch covers (the borders, and points 3, 7 and 11) gets exactly that patch's prediction, and a point that two patches cover gets the average of their two predictions, weighted by the taper. Measured on all six runs:

# %%
half = np.array([0.5, 0.5, 0.5, 1.0, 0.5, 0.5, 0.5])
taper = np.array([1, 2, 3, 4, 3, 2, 1]) / 4
VARIANTS = {  # name: (weights on the filter taps, normalise by)
    "as trained": (np.ones(7), None),
    "half weights": (half, None),
    "tapered": (taper, None),
    "tapered + normalised": (taper, taper),
}
overlap, border = np.r_[4:7, 8:11], np.r_[0:3, 12:15]


def region_errors(out):
    """Mean squared error on the whole test curves, their overlapping points, their borders."""
    sq = (out - test_curves) ** 2
    return sq.mean(), sq[:, overlap].mean(), sq[:, border].mean()


def summary(values, digits=0):
    """mean [min, max] of one number per seed."""
    return f"{values.mean():.{digits}e} [{values.min():.{digits}e}, {values.max():.{digits}e}]"


errors, outputs = {name: [] for name in VARIANTS}, {}
for run in plain:
    run_codes, run_kernel = whole_curve_codes(run), run["decoder"].get_weights()[0]
    for name, (weights, normalise_by) in VARIANTS.items():
        out = assemble(run_codes, run_kernel * weights[:, None, None], normalise_by)
        errors[name].append(region_errors(out))
        if run is best:
            outputs[name] = out
errors = {name: np.array(rows) for name, rows in errors.items()}  # (seeds, 3) each
print(f"mean squared error, {len(plain)} seeds, mean [min, max]:")
for name, e in errors.items():
    print(
        f"{name:<21} whole curves {summary(e[:, 0])}, overlapping points {summary(e[:, 1])},"
        f" border points {summary(e[:, 2])}"
    )
whole = np.array([e[:, 0] for e in errors.values()])  # (variants, seeds)
evidence.holds(
    "On every seed, tapered + normalised has the smallest whole-curve error",
    bool((whole.argmin(axis=0) == list(VARIANTS).index("tapered + normalised")).all()),
)
once = np.r_[0:4, 7, 11:15]  # the points one patch covers
evidence.same(
    "After normalisation, every point one patch covers is the patch model's own prediction",
    outputs["tapered + normalised"][:, once],
    outputs["as trained"][:, once],
    atol=1e-9,
)
print(
    f"the patch model's own test loss on patches, {len(plain)} seeds:"
    f" {summary(np.array([r['test'] for r in plain]))}"
)
fig, axes = plt.subplots(1, 2, figsize=(11, 3.2))
axes[0].plot(test_curves[3], color="black", lw=3, alpha=0.3, label="input")
for name, out in outputs.items():
    axes[0].plot(out[3], marker="o", ms=2, label=name)
for lo, hi in [(4, 6), (8, 10)]:
    axes[0].axvspan(lo - 0.5, hi + 0.5, color="0.92")
axes[0].legend(fontsize=7)
axes[0].set_title("one test curve, one seed (grey bands: two patches overlap)")
axes[1].bar(range(len(VARIANTS)), whole.mean(axis=1), 0.6, color="0.8", label="mean over seeds")
for i, per_seed in enumerate(whole):
    axes[1].plot([i] * len(per_seed), per_seed, "o", color="tab:blue", ms=4, alpha=0.7)
axes[1].set_xticks(range(len(VARIANTS)), list(VARIANTS), fontsize=8)
axes[1].set_yscale("log")
axes[1].set_title(f"test MSE on whole curves ({len(plain)} seeds: dots)")
fig.tight_layout()
plotting.describe(
    fig,
    "Left: one 15-point test curve (thick grey) and four reconstructions, with grey bands over "
    "points 4-6 and 8-10 where two patches overlap. As trained overshoots inside the bands "
    "(doubled); half weights and tapered fix the bands but fall short at the borders, points "
    "0-2 and 12-14; tapered + normalised follows the curve everywhere. Right: bars of the "
    "whole-curve test MSE per variant (log scale, dots per seed): tapered + normalised is "
    "lowest by far, below 1e-5, the other three between 1e-3 and 1e-2.",
)

# %% [markdown]
# ### Trained on whole curves
#
# Would a model trained on whole curves learn to share the overlaps by itself? Train the same 15-point model (the same two layers, 42 weights) end to end on the 2,000 training curves, from 5 seeds, with the patch model's recipe (Adam 0.01, batches of 256). A model this small spends nearly all of a Keras training step in overhead, so `patch_model.train_curve_autoencoders` takes the steps in NumPy, all seeds at once, from the start Keras draws for each seed; its tests check it against Keras' own `fit`, pass by pass. (Quick mode, used by the tests, runs 1,000 passes instead of 2,000; the printed time varies, so the test does not compare it.)

# %% tags=["nbval-ignore-output"]
start = time.time()
end_to_end = patch_model.train_curve_autoencoders(
    curves, seeds=range(5), epochs=settings.pick(2000, 1000)
)
print(
    f"{len(end_to_end)} seeds, {len(end_to_end[0]['losses'])} passes each,"
    f" in {time.time() - start:.0f} s"
)

# %%
e2e = np.array(
    [
        region_errors(np.array(r["decoder"](r["encoder"](test_curves[..., None])))[..., 0])
        for r in end_to_end
    ]
)
normalised = errors["tapered + normalised"]
print(f"trained end to end for {len(end_to_end[0]['losses'])} passes, {len(end_to_end)} seeds:")
print(
    f"  whole curves {summary(e2e[:, 0], 1)}, overlapping points {summary(e2e[:, 1], 1)},"
    f" border points {summary(e2e[:, 2], 1)}"
)
ratio = e2e[:, 1] / e2e[:, 2]
print(f"  overlapping / border points: {ratio.mean():.0f} [{ratio.min():.0f}, {ratio.max():.0f}]")
print(
    "  whole-curve error / the tapered + normalised patch model's:"
    f" {e2e[:, 0].mean() / normalised[:, 0].mean():.0f} (means of the seeds;"
    f" {e2e[:, 0].min() / normalised[:, 0].max():.0f} to"
    f" {e2e[:, 0].max() / normalised[:, 0].min():.0f} between the extreme seeds)"
)
half_way = np.array([r["losses"][len(r["losses"]) // 2 - 1] for r in end_to_end])
last = np.array([r["losses"][-1] for r in end_to_end])
print(f"  training loss after half the passes {summary(half_way, 1)}, after all {summary(last, 1)}")
evidence.holds(
    "Every end-to-end seed's whole-curve error lies below every as-trained patch run's"
    " and above every tapered + normalised one's",
    bool(
        errors["as trained"][:, 0].min() > e2e[:, 0].max()
        and e2e[:, 0].min() > normalised[:, 0].max()
    ),
)

# %% [markdown]
# What to notice: the overlaps are a property of the transposed convolution with a kernel longer than its stride, not of the training: every point two patches cover gets the sum of two reconstructions. A model trained on patches has to be told: the taper shares each such point between its two patches, and the normalisation repairs the borders. A model trained on whole curves does learn to share the overlaps by itself (the mean squared error on its overlapping points is about 4e-4, not the 1e-2 of the patch weights copied in as they are), but far less accurately: on every seed its whole-curve error is about 2e-4, dozens of times that of the tapered + normalised patch model, and its overlapping points are several times worse than its borders (all printed above). Training longer hardly helps: the loss falls little over the second half of the passes. The normalisation divides each point by the weight that reaches it, a step outside the layer; trained end to end, one set of filters has to serve the points covered once and the points covered twice.
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
