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
# # 11 An application: super-resolution on MNIST
#
# **After this notebook you can**
# - compare five ways to upsample (two transposed convolutions, resize-then-convolve, sub-pixel with and without ICNR) trained with the same data, recipe and budget,
# - measure a checkerboard in trained outputs: the phase means of the mean error, and the peaks of its spectrum at the stride's frequency,
# - say what the checkerboard lessons of notebooks 05, 08 and 09 predict for trained models, and where they stop predicting.

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
import matplotlib.pyplot as plt
import numpy as np

from transposed_conv import artifacts, data, evidence, plotting, settings, superres, training

settings.setup()
RETRAIN = settings.retrain()  # True: train all 15 models again (about 5 minutes on 2 cores)

# %% [markdown]
# ## The task: double the resolution of a digit
#
# Each 28x28 MNIST digit is shrunk to 14x14 by averaging 2x2 blocks; a network gets the 14x14 image and must give back the 28x28 digit. Every network has the same body, two 3x3 `Conv2D` layers with 16 filters on the 14x14 grid, and differs only in its *head*, the layer that doubles the size:
#
# | head | layers | stride-2 overlap |
# |---|---|---|
# | `transposed_k3` | `Conv2DTranspose(1, 3, strides=2, padding="same")` | uneven (k = 3 is not a multiple of 2) |
# | `transposed_k4` | `Conv2DTranspose(1, 4, strides=2, padding="same")` | even |
# | `resize_conv` | `UpSampling2D(2)` (nearest), then `Conv2D(1, 3, padding="same")` | none: every output pixel sees the same number of weights |
# | `subpixel` | `Conv2D(4, 2)`, then `depth_to_space(2)` (notebook 09) | a k = 4, s = 2 transposed convolution in disguise |
# | `subpixel_icnr` | the same, started with ICNR weights | the same, but starting flat |
#
# The digits come from the shipped sample of real MNIST: 8,000 for training, 2,000 for testing, the same on every machine.

# %%
(train_digits, _), (test_digits, _) = data.load_mnist(offline=True)
low = superres.downsample(test_digits)
print("input", low.shape[1:3], "-> target", test_digits.shape[1:])
fig = plotting.image_row(
    [test_digits[0] / 255, low[0, :, :, 0], test_digits[1] / 255, low[1, :, :, 0]],
    titles=["target 28x28", "input 14x14", "target 28x28", "input 14x14"],
    vmin=0,
    vmax=1,
)

# %% [markdown]
# ## One recipe, one budget, three seeds per head
#
# Each head is trained from three seeds with the same recipe: Adam (learning rate 0.002), mean squared error, 800 steps of 64 digits (about 6 passes over the 8,000). The notebook loads the weights shipped with the course (`make weights` trained them with the code below); set `TRANSPOSED_CONV_RETRAIN=1` to train them again.

# %%
print("recipe:", superres.RECIPE)
models, records = {}, {}
for variant in superres.VARIANTS:
    models[variant], records[variant] = training.superres_runs(variant, retrain=RETRAIN)
record = records["transposed_k3"]
print(
    f"{record['source']} weights: {record['seeds']} seeds per head, "
    f"{record['recipe']['steps']} steps each, trained on {record['train_images']:,} digits"
)

# %% [markdown]
# ## The table
#
# For every trained model: the test PSNR over the 2,000 test digits; the checkerboard of its *mean error* (output minus target, averaged over the test digits, so the digit-specific errors cancel and the pattern every output shares remains; measured as in notebook 08, the share of that image's variance that repeats every 2 pixels, leaving out the 2-pixel border where zero padding dominates every head's error); the same measure on the outputs of the untrained model; the parameters; and the training seconds per model, measured when the shipped weights were trained. Each cell is the mean over the three seeds, with the smallest and largest in brackets.

# %%
rows = []
for variant in superres.VARIANTS:
    for seed, model in enumerate(models[variant]):
        row = superres.evaluate(model, test_digits, seconds=records[variant]["seconds"][seed])
        untrained = superres.evaluate(superres.build(variant, seed=seed), test_digits)
        rows.append({**row, "checkerboard_init": untrained["checkerboard_output"]})
print(superres.table(rows))

# %%
by_variant = {v: [r for r in rows if r["variant"] == v] for v in superres.VARIANTS}
psnr = {v: np.mean([r["psnr"] for r in by_variant[v]]) for v in superres.VARIANTS}
grey = max(r["phase_spread"] for r in rows)
total = sum(sum(records[v]["seconds"]) for v in superres.VARIANTS)
one_each = sum(records[v]["seconds"][0] for v in superres.VARIANTS)
print(f"mean PSNR per head: from {min(psnr.values()):.1f} to {max(psnr.values()):.1f} dB")
print(f"largest gap between the four phase means of a mean error: {grey:.1f} grey levels of 255")
print(
    f"training: {one_each:.0f} s for one model of each head, {total / 60:.1f} minutes for all 15 "
    f"({records['transposed_k3']['machine']})"
)

# %% [markdown]
# What to notice:
# - **At initialisation, the structure decides.** The untrained `resize_conv` and `subpixel_icnr` heads have no checkerboard (0.0001 and 0.0000: nearest-neighbour upsampling gives all four output phases the same input, and ICNR makes the four sub-kernels equal). The other three start with over a fifth of their output's variance in a stride-2 pattern: `transposed_k3` through uneven overlap, `transposed_k4` and `subpixel` through even overlap with unequal phase sums (notebook 05's rule).
# - **After 800 steps, it no longer does.** The heads' mean PSNRs lie within 0.4 dB of each other, and their seed ranges overlap. The checkerboard column varies more between two seeds of one head than between heads (`transposed_k3` from 0.0025 to 0.0764). And its shares are shares of almost nothing: the mean errors are small, and the four phase means of any of them lie less than one grey level apart. On this task a trained body and head learn their way out of the checkerboard, whichever head they have.
# - **Time.** `resize_conv` takes about twice as long per step: its 3x3 convolution runs on the 28x28 grid, the other heads' on the 14x14 grid.
#
# So the difference is in how training starts. The next section looks there.

# %% [markdown]
# ## Early in training the lesson shows
#
# The same five heads (seed 0), trained for only 50 steps, here and now (a few seconds each):

# %%
early_steps = 50
early = {}
for variant in superres.VARIANTS:
    early[variant] = superres.build(variant, seed=0)
    superres.fit(early[variant], train_digits, steps=early_steps, seed=0)
early_rows = [superres.evaluate(early[v], test_digits) for v in superres.VARIANTS]
trained_rows = [by_variant[v][0] for v in superres.VARIANTS]
print(f"{'head':<15} {'PSNR after 50 / 800 steps':>26} {'checkerboard of the outputs':>28}")
for v, e, t in zip(superres.VARIANTS, early_rows, trained_rows, strict=True):
    print(
        f"{v:<15} {e['psnr']:>12.1f} / {t['psnr']:.1f} dB"
        f" {e['checkerboard_output']:>14.4f} / {t['checkerboard_output']:.4f}"
    )
print(f"(the targets themselves: {trained_rows[0]['checkerboard_target']:.4f})")

# %% [markdown]
# Top row: one test digit after 50 steps; bottom row: after 800 steps. One grey scale for all.

# %%
digit = 3
fig, axes = plt.subplots(2, 7, figsize=(14, 4.4))
for row, (label, nets) in enumerate(
    [("50 steps", early), ("800 steps", {v: models[v][0] for v in superres.VARIANTS})]
):
    axes[row, 0].imshow(low[digit, :, :, 0], cmap="gray_r", vmin=0, vmax=1)
    axes[row, 0].set_title("input 14x14", fontsize=9)
    for col, v in enumerate(superres.VARIANTS, start=1):
        axes[row, col].imshow(
            superres.predict(nets[v], test_digits[digit : digit + 1])[0],
            cmap="gray_r",
            vmin=0,
            vmax=1,
        )
        axes[row, col].set_title(f"{v}, {label}", fontsize=8)
    axes[row, 6].imshow(test_digits[digit] / 255, cmap="gray_r", vmin=0, vmax=1)
    axes[row, 6].set_title("target", fontsize=9)
for ax in axes.flat:
    ax.set_xticks([])
    ax.set_yticks([])
fig.tight_layout()

# %% [markdown]
# What to notice: after 50 steps `transposed_k3` draws its digit through a coarse grid, `transposed_k4` through faint stripes and `subpixel` through a faint grid. `resize_conv`, which cannot start with a checkerboard, is already smooth and furthest ahead in PSNR; `subpixel_icnr`, also flat at the start, is smooth but blurrier. After 800 steps the grids are gone and the five outputs look alike.

# %%
e = {row["variant"]: row for row in early_rows}
evidence.holds(
    "after 50 steps, the two heads that start flat have less checkerboard in their outputs "
    "than each of the three that do not",
    max(e[v]["checkerboard_output"] for v in ("resize_conv", "subpixel_icnr"))
    < min(e[v]["checkerboard_output"] for v in ("transposed_k3", "transposed_k4", "subpixel")),
)

# %% [markdown]
# ## Mean errors and their spectra, side by side
#
# Rows 1 and 2: each head's mean error over the 2,000 test digits (seed 0, the 2-pixel border left out) after 50 and after 800 steps, on one colour scale (red: too bright, blue: too dark). Rows 3 and 4: the amplitude spectrum of each, on one logarithmic scale, with frequency 0 in the middle. A stride-2 checkerboard lives at the three frequencies circled in cyan: half a cycle per pixel across, down, or both, at the image's edges after centring.

# %%
errors = {}
for label, nets in [
    ("50 steps", early),
    ("800 steps", {v: models[v][0] for v in superres.VARIANTS}),
]:
    for v in superres.VARIANTS:
        errors[label, v] = superres.interior(
            (superres.predict(nets[v], test_digits) - test_digits / 255).mean(axis=0)
        )
spectra = {key: np.abs(np.fft.fftshift(np.fft.fft2(err))) for key, err in errors.items()}
limit = max(np.abs(err).max() for err in errors.values())
low_db, high_db = -2, np.log10(max(s.max() for s in spectra.values()))
half = errors["50 steps", "resize_conv"].shape[0] // 2
fig, axes = plt.subplots(4, 5, figsize=(12, 10))
for col, v in enumerate(superres.VARIANTS):
    for row, label in enumerate(["50 steps", "800 steps"]):
        axes[row, col].imshow(errors[label, v], cmap="RdBu_r", vmin=-limit, vmax=limit)
        gap = np.ptp(artifacts.phase_means(errors[label, v])) * 255
        axes[row, col].set_title(
            f"{v}, {label}\nphase means {gap:.1f} grey levels apart", fontsize=8
        )
        spectrum = axes[row + 2, col]
        spectrum.imshow(np.log10(spectra[label, v] + 1e-6), cmap="magma", vmin=low_db, vmax=high_db)
        for fy, fx in [
            (0, half),
            (half, 0),
            (0, 0),
        ]:  # after fftshift, half a cycle per pixel is index 0
            spectrum.add_patch(
                plt.Circle((fx, fy), 1.5, fill=False, color="cyan", lw=1.5, clip_on=False)
            )
        spectrum.set_title(f"its spectrum ({label})", fontsize=8)
for ax in axes.flat:
    ax.set_xticks([])
    ax.set_yticks([])
fig.suptitle(
    f"mean errors: one colour scale, ±{limit * 255:.0f} grey levels; spectra: one log scale",
    fontsize=10,
)
fig.tight_layout()

# %% [markdown]
# What to notice: after 50 steps the `transposed_k3` error is a grid of bright and dark cells, and its spectrum is brightest in the cyan circles; the `transposed_k4` and `subpixel` errors carry fainter stripes and grids, and so does `subpixel_icnr`'s: ICNR makes a head start flat, and 50 steps of training already pulled its four phases apart by a few grey levels. Only the `resize_conv` error, whose head cannot make a stride-2 pattern at any step, has none to speak of. After 800 steps every mean error is too faint to see on the shared scale (its phase means lie less than a grey level apart), and no spectrum stands out at the stride's frequencies. That blank middle row is the result.

# %% [markdown]
# ## Exercise
#
# **1. Flatten a trained head.** A transposed convolution's response to a constant input is flat exactly when every output phase gets the same sum of taps (notebook 05). Write `flatten_phases(kernel)`: it takes a `Conv2DTranspose` kernel with stride 2, shape `(3, 3, 1, C)`, and returns a kernel of the same shape in which, for every input channel `c`, the four phase sums `kernel[p::2, q::2, 0, c].sum()` are equal, and each channel's total `kernel[:, :, 0, c].sum()` is unchanged. The check tests your function on the trained `transposed_k3` head and on random kernels, and runs the result through Keras on a constant input. There is more than one way to do it.


# %% nbgrader={"grade": false, "grade_id": "answer_flatten_phases", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
def flatten_phases(kernel):
    ...  # your answer
    ### BEGIN SOLUTION
    # shift each phase's taps so that its sum becomes the channel's mean phase sum
    # (shifting, not scaling: a phase whose sum is zero cannot be scaled to another sum)
    out = np.array(kernel, dtype=float)
    phases = [(p, q) for p in (0, 1) for q in (0, 1)]
    for c in range(out.shape[3]):
        sums = [out[p::2, q::2, 0, c].sum() for p, q in phases]
        for (p, q), phase_sum in zip(phases, sums, strict=True):
            out[p::2, q::2, 0, c] += (np.mean(sums) - phase_sum) / out[p::2, q::2, 0, c].size
    return out
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_flatten_phases", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
from transposed_conv import checks

checks.flatten_phases(flatten_phases, models["transposed_k3"][0].get_layer("up").get_weights()[0])

# %% [markdown]
# Next: back to **00 Start here** for the map of the course.

# %% [markdown]
# **Done with this notebook?** Shut its kernel down (*Kernel* ▸ *Shut Down Kernel*) before you open the next one: each running notebook holds TensorFlow, about 600 MB, and Binder gives you 1-2 GB in all.
