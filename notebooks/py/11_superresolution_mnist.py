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
import os

if "COLAB_RELEASE_TAG" in os.environ:  # on Google Colab: install the course's package first
    # %pip install -q --no-deps git+https://github.com/OWNER/REPO
import transposed_conv  # noqa: E402, F401  missing? run `pip install -e .` in the course folder

# %%
import matplotlib.pyplot as plt
import numpy as np

from transposed_conv import evidence, settings
from transposed_conv.core import subpixel
from transposed_conv.models import artifacts, data, superres, training
from transposed_conv.viz import plotting

settings.setup()
RETRAIN = settings.retrain()  # True: train all 15 models again (about 6 minutes on 2 cores)

# %% [markdown]
# ## The task: double the resolution of a digit
#
# Each 28x28 MNIST digit is shrunk to 14x14 by averaging 2x2 blocks; a network gets the 14x14 image and must give back the 28x28 digit. Every network has the same body, two 3x3 `Conv2D` layers with 16 filters on the 14x14 grid, and differs only in its *head*, the layer that doubles the size:
#
# | head | layers | as a stride-2 transposed convolution (notebooks 05 and 09) |
# |---|---|---|
# | `transposed_k3` | `Conv2DTranspose(1, 3, strides=2, padding="same")` | uneven overlap: the four output phases get 4, 2, 2 and 1 taps |
# | `transposed_k4` | `Conv2DTranspose(1, 4, strides=2, padding="same")` | even overlap: 4 taps per phase; their sums are free |
# | `resize_conv` | `UpSampling2D(2)` (nearest), then `Conv2D(1, 3, padding="same")` | a 4x4 kernel with tied taps: even overlap *and* four equal phase sums, by construction |
# | `subpixel` | `Conv2D(4, 2)` (4 filters of 2x2), then `depth_to_space(2)` (notebook 09) | a 4x4 kernel with even overlap, plus one bias per phase: each filter fills one of the 4 phases with its 2x2 taps, and 4 phases x 4 taps are the 16 taps of a 4x4 kernel |
# | `subpixel_icnr` | the same, started with ICNR weights | the same, started with four equal sub-kernels |
#
# Notebook 05 has the rule these columns follow: even overlap equalises how many taps each phase gets; a flat input gives a flat output only when the phase *sums* are equal too.
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
plotting.describe(
    fig,
    "Two test digits, a 3 and an 8, each shown as its 28x28 target followed by the 14x14 "
    "input made by averaging 2x2 blocks; the inputs are visibly blockier and blurrier.",
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
# Three numbers for every trained model, and the state it started from:
# - **PSNR** over the 2,000 test digits, `10 log10(1 / MSE)` for pixel values in [0, 1]: higher is better; 1 dB more means about a fifth less squared error.
# - **checkerboard, grey levels**: the model's *mean error* is its output minus the target, averaged over the 2,000 test digits: the errors particular to each digit cancel, and what every output shares remains. Split that image into its four stride-2 phases (pixels `[p::2, q::2]`, notebooks 05 and 08) and take each phase's mean; the measure is how far apart the four means lie, in grey levels of 255. The outer 2 pixels are left out: there every head's error comes from zero padding, not from the stride.
# - **at init, share**: the untrained model's outputs barely vary, so for them the measure is notebook 08's share: the fraction of each output's variance in a stride-2 pattern (0 = none, 1 = nothing else).
#
# Then the parameters and the training seconds per model, measured when the shipped weights were trained. The PSNR and checkerboard columns give the mean over the three seeds, with the smallest and largest in brackets; the others are means.

# %%
rows = []  # one per trained model: 5 heads x 3 seeds
for variant in superres.VARIANTS:
    for seed, model in enumerate(models[variant]):
        row = superres.evaluate(model, test_digits, seconds=records[variant]["seconds"][seed])
        untrained = superres.evaluate(superres.build(variant, seed=seed), test_digits)
        rows.append({**row, "checkerboard_init": untrained["checkerboard_output"]})
print(superres.table(rows))

# %%
def spread(values, digits=1):
    return f"{np.mean(values):.{digits}f} [{min(values):.{digits}f}, {max(values):.{digits}f}]"


by_variant = {v: [r for r in rows if r["variant"] == v] for v in superres.VARIANTS}
for v in superres.VARIANTS:
    init = [r["checkerboard_init"] for r in by_variant[v]]
    print(f"at init, share, {v:<15} {spread(init, 3)}")
psnr = {v: [r["psnr"] for r in by_variant[v]] for v in superres.VARIANTS}
means = {v: np.mean(p) for v, p in psnr.items()}
best = max(rows, key=lambda r: r["psnr"])
print(f"mean PSNR per head: {min(means.values()):.2f} to {max(means.values()):.2f} dB", end="")
print(f" (spread {max(means.values()) - min(means.values()):.2f} dB)")
print(f"best single model: {best['variant']} seed {by_variant[best['variant']].index(best)}")
clear = [v for v in psnr if all(min(psnr[v]) > max(psnr[w]) for w in psnr if w != v)]
print("head whose worst seed beats every seed of every other head:", clear or "none")
grey = max(r["checkerboard"] for r in rows)
target_gap = np.ptp(artifacts.phase_means(superres.interior(test_digits.mean(axis=0))))
print(f"largest checkerboard of a trained model: {grey:.1f} grey levels of 255")
print(f"the targets' own phase means, same 2-pixel border left out: {target_gap:.2f} apart")

# %% [markdown]
# What to notice:
# - **At initialisation, the structure decides.** The untrained `resize_conv` and `subpixel_icnr` heads have no checkerboard (shares 0.0001 and 0.0000): their four phase sums are equal, by construction and by ICNR (notebook 09). The other three start with about a fifth of their outputs' variance in a stride-2 pattern on average (means 0.21-0.23), but their seeds range from 0.08 to 0.41 (printed under the table), and the three heads' ranges overlap: three seeds cannot tell them apart. So nothing here shows `transposed_k3`'s uneven overlap adding to what unequal phase sums do in `transposed_k4` and `subpixel`; with zero-mean random weights notebook 08 finds the same.
# - **After 800 steps, no head wins.** The five heads' mean PSNRs lie within a third of a dB of each other (0.32), and their seeds overlap: no head's worst seed beats every seed of the others, and the single best model is a `transposed_k3`. Every trained model's checkerboard is below one grey level, too faint to see, and the heads' seed ranges overlap (0.1-0.7), so these scores do not separate the heads either. For scale: the targets' own phase means lie 0.30 grey levels apart in the same interior.
# - **Time.** `resize_conv` took 1.8 to 3.2 times as long as `transposed_k3`, seed by seed (printed below; the seconds column, one recorded run per model on the 2-core machine named in the records, whose other load varies). Its arithmetic does not explain that: it needs only 17% more multiply-adds than `transposed_k3` (printed below), and `transposed_k4` also writes the 28x28 grid. This page does not measure where the time goes.
#
# So the heads differ in how training starts. The next section looks there.

# %%
def multiply_adds(model):
    """Multiply-adds per image: each Conv2D output pixel, or Conv2DTranspose input pixel,
    uses the whole kernel once."""
    total = 0
    for layer in model.layers:
        kind = type(layer).__name__
        if kind in ("Conv2D", "Conv2DTranspose"):
            grid = (layer.input if kind == "Conv2DTranspose" else layer.output).shape
            total += grid[1] * grid[2] * layer.get_weights()[0].size
    return total


adds = {v: multiply_adds(models[v][0]) for v in superres.VARIANTS}
seconds = {v: np.mean(records[v]["seconds"]) for v in superres.VARIANTS}
for v in superres.VARIANTS:
    print(
        f"{v:<15} {adds[v]:>8,} multiply-adds ({adds[v] / adds['transposed_k3']:.2f} x k3),"
        f" {seconds[v]:>4.0f} s to train ({seconds[v] / seconds['transposed_k3']:.1f} x k3)"
    )
pairs = zip(records["resize_conv"]["seconds"], records["transposed_k3"]["seconds"], strict=True)
ratios = [resize / k3 for resize, k3 in pairs]
print("resize_conv's seconds / transposed_k3's, seed by seed:", np.round(ratios, 1).tolist())

# %% [markdown]
# ## Early in training the lesson shows
#
# The same five heads, from the same three seeds, trained for only 50 steps, here and now (a few seconds each). Mean [smallest, largest] over the seeds, beside the 800-step means:

# %%
early_steps = 50
early_models, early_rows = {}, []
for variant in superres.VARIANTS:
    for seed in range(3):
        model = superres.build(variant, seed=seed)
        superres.fit(model, train_digits, steps=early_steps, seed=seed)
        early_rows.append({**superres.evaluate(model, test_digits), "seed": seed})
        early_models[variant, seed] = model
early = {v: early_models[v, 0] for v in superres.VARIANTS}  # seed 0, for the figures
print(
    f"{'head':<15} {'PSNR dB, 50 steps':>20} {'800':>5} {'checkerboard, 50 steps':>24} {'800':>5}"
)
for v in superres.VARIANTS:
    e = [r for r in early_rows if r["variant"] == v]
    t = by_variant[v]
    print(
        f"{v:<15} {spread([r['psnr'] for r in e]):>20} {np.mean([r['psnr'] for r in t]):>5.1f}"
        f" {spread([r['checkerboard'] for r in e]):>24}"
        f" {np.mean([r['checkerboard'] for r in t]):>5.1f}"
    )

# %% [markdown]
# Test digit number 3 (a zero), after 50 steps (top row) and after 800 steps (bottom row), on one grey scale.

# %%
index = 3
trained = {v: models[v][0] for v in superres.VARIANTS}
fig, axes = plt.subplots(2, 7, figsize=(14, 4.4))
for row, (label, nets) in enumerate([("50 steps", early), ("800 steps", trained)]):
    axes[row, 0].imshow(low[index, :, :, 0], cmap="gray_r", vmin=0, vmax=1)
    axes[row, 0].set_title("input 14x14", fontsize=9)
    for col, v in enumerate(superres.VARIANTS, start=1):
        output = superres.predict(nets[v], test_digits[index : index + 1])[0]
        axes[row, col].imshow(output, cmap="gray_r", vmin=0, vmax=1)
        axes[row, col].set_title(f"{v}, {label}", fontsize=8)
    axes[row, 6].imshow(test_digits[index] / 255, cmap="gray_r", vmin=0, vmax=1)
    axes[row, 6].set_title("target", fontsize=9)
for ax in axes.flat:
    ax.set_axis_off()
fig.tight_layout()
plotting.describe(
    fig,
    "Two rows of seven panels for test digit 3, a zero: the 14x14 input, the outputs of the "
    "five heads (transposed_k3, transposed_k4, resize_conv, subpixel, subpixel_icnr) and the "
    "target. Top row, after 50 steps: transposed_k3 shows a strong fine grid over the whole "
    "image, transposed_k4 faint "
    "stripes, subpixel a faint grid, subpixel_icnr a grey band along its bottom and right "
    "edges, while resize_conv is already smooth. Bottom row, after 800 steps: all five "
    "outputs are smooth and look alike.",
)

# %% [markdown]
# What to notice (seed 0 above): after 50 steps `transposed_k3` draws its digit through a strong fine grid (a 2-pixel period), `transposed_k4` through faint stripes and `subpixel` through a faint grid. `resize_conv`, which starts without a checkerboard, is already smooth. `subpixel_icnr`, also flat at the start, is smooth inside but has a grey band along its bottom and right edges, where its 2x2 window runs over the zero padding. After 800 steps the grids and bands are gone and the five outputs look alike.
#
# Which of these hold on all three seeds, and which only on some:

# %%
at = {(r["variant"], r["seed"]): r for r in early_rows}
for key, word, sign in [("psnr", "higher PSNR", 1), ("checkerboard", "smaller checkerboard", -1)]:
    held = [
        f"{a} beats {b}"
        for a in superres.VARIANTS
        for b in superres.VARIANTS
        if a != b and all(sign * (at[a, s][key] - at[b, s][key]) > 0 for s in range(3))
    ]
    print(f"{word} on each of the 3 seeds:")
    for i in range(0, len(held), 3):
        print("   ", ", ".join(held[i : i + 3]))
resize = [r["psnr"] for r in early_rows if r["variant"] == "resize_conv"]
others = [r["psnr"] for r in early_rows if r["variant"] != "resize_conv"]
evidence.holds(
    "after 50 steps, every resize_conv model has a higher PSNR than every other model",
    min(resize) > max(others),
)

# %% [markdown]
# So after 50 steps, on each of the 3 seeds: `resize_conv` has the highest PSNR (and every one of its models beats every other model, the check above) and a smaller checkerboard than `transposed_k3`, `transposed_k4` and `subpixel`; ICNR beats plain sub-pixel in both PSNR and checkerboard on these three seeds, which is what notebook 09 expects of a flat start (a close pair: more seeds may reverse it on some); and `transposed_k3` is behind `subpixel` and `subpixel_icnr` in both. Pairs not listed change order from seed to seed: `resize_conv` against `subpixel_icnr` in checkerboard, for one. Three seeds of one small task; other seeds may order the close pairs differently.

# %% [markdown]
# ## Mean errors and their spectra, side by side
#
# Rows 1 and 2: each head's mean error over the 2,000 test digits (seed 0, the 2-pixel border left out) after 50 and after 800 steps; red is too bright, blue too dark. The two rows have **different colour scales**, each shared by its five panels and shown by its colour bar: the 800-step errors are more than ten times smaller. Rows 3 and 4: the amplitude spectrum of each error, on one logarithmic scale for both rows, with frequency 0 in the middle. A stride-2 checkerboard lives at the three frequencies circled in cyan, half a cycle per pixel across, down, or both, which after centring sit on the top and left edges. The bright cross through the middle of a spectrum is not a checkerboard: the Fourier transform treats the image as if it repeated, and the jump from one edge to the opposite one puts energy along both axes.

# %%
errors = {}
for label, nets in [("50 steps", early), ("800 steps", trained)]:
    for v in superres.VARIANTS:
        mean_error = (superres.predict(nets[v], test_digits) - test_digits / 255).mean(axis=0)
        errors[label, v] = superres.interior(mean_error) * 255  # in grey levels
spectra = {key: np.abs(np.fft.fftshift(np.fft.fft2(err))) for key, err in errors.items()}
low_log, high_log = -1, np.log10(max(s.max() for s in spectra.values()))
half = errors["50 steps", "resize_conv"].shape[0] // 2  # index of frequency 0 after centring
fig, axes = plt.subplots(4, 5, figsize=(13, 10.5))
for row, label in enumerate(["50 steps", "800 steps"]):
    limit = max(np.abs(errors[label, v]).max() for v in superres.VARIANTS)
    for col, v in enumerate(superres.VARIANTS):
        shown = axes[row, col].imshow(errors[label, v], cmap="RdBu_r", vmin=-limit, vmax=limit)
        gap = np.ptp(artifacts.phase_means(errors[label, v]))
        head = f"{v}\n" if row == 0 else ""
        axes[row, col].set_title(f"{head}phase means {gap:.1f} apart", fontsize=9)
        spectrum = axes[row + 2, col]
        shown_spectrum = spectrum.imshow(
            np.log10(spectra[label, v] + 0.1), cmap="magma", vmin=low_log, vmax=high_log
        )
        for fy, fx in [(0, half), (half, 0), (0, 0)]:  # half a cycle per pixel: index 0
            spectrum.add_patch(plt.Circle((fx, fy), 1.3, fill=False, color="cyan", lw=1.5))
    axes[row, 0].set_ylabel(f"mean error,\n{label}")
    axes[row + 2, 0].set_ylabel(f"its spectrum,\n{label}")
    fig.colorbar(shown, ax=axes[row, :], label="grey levels", shrink=0.9)
    fig.colorbar(shown_spectrum, ax=axes[row + 2, :], label="log10 amplitude", shrink=0.9)
for ax in axes.flat:
    ax.set_xticks([])
    ax.set_yticks([])
plotting.describe(
    fig,
    "Four rows of five panels, one column per head (transposed_k3, transposed_k4, "
    "resize_conv, subpixel, subpixel_icnr). Rows 1 and 2: each head's mean error after 50 "
    "and after 800 steps, red too bright and blue too dark, with colour bars reaching about "
    "60 and about 4 grey levels; after 50 steps transposed_k3's error is a strong grid "
    "(phase means 31.4 apart) and resize_conv's the faintest (1.0 apart), and after 800 "
    "steps every error is small (within about 4 grey levels): scattered speckle over the "
    "digit area, plus a red-and-blue strip near the bottom edge. Rows 3 and 4: the errors' "
    "amplitude "
    "spectra on one log scale, with the three stride-2 frequencies circled in cyan on the "
    "top and left edges; those spots are bright for transposed_k3 after 50 steps and dim "
    "after 800.",
)
circled = [(0, half), (half, 0), (0, 0)]  # (row, column) of the three stride-2 frequencies


def peak_ratio(amplitude):  # the largest circled amplitude over the spectrum's median
    return max(amplitude[fy, fx] for fy, fx in circled) / np.median(amplitude)


for label in ["50 steps", "800 steps"]:
    print(f"{label}, seed 0, largest circled amplitude / the spectrum's median:")
    for v in superres.VARIANTS:
        amplitude = spectra[label, v]
        peak, median = max(amplitude[fy, fx] for fy, fx in circled), np.median(amplitude)
        print(f"    {v:<15} {peak:6.1f} / {median:4.1f} = {peak / median:4.1f}")
print("800 steps, the same ratio for seeds 0, 1, 2:")
for v in superres.VARIANTS:
    ratios = []
    for model in models[v]:
        error = (superres.predict(model, test_digits) - test_digits / 255).mean(axis=0)
        spectrum = np.abs(np.fft.fftshift(np.fft.fft2(superres.interior(error) * 255)))
        ratios.append(peak_ratio(spectrum))
    print(f"    {v:<15} {', '.join(f'{r:4.1f}' for r in ratios)}")

# %% [markdown]
# What to notice: after 50 steps the `transposed_k3` error is a grid of bright and dark cells, and its spectrum has bright spots in the cyan circles that the `resize_conv` spectrum lacks. The `transposed_k4`, `subpixel` and `subpixel_icnr` errors carry fainter stripes and grids: ICNR makes a head start flat, but 50 steps of training already pulled its four phases a few grey levels apart. `resize_conv`'s pattern is faint, but not none: 1.3 [1.0, 1.6] grey levels in the table above. Its head keeps four equal phase sums at every step, which makes a *flat* input come out flat; a digit is not flat, and the same tied taps weigh a varying input differently in each phase. The targets' own phase means, 0.30 apart, are in the mean error too. After 800 steps, on a scale more than ten times finer, every error is the faint outline of an average digit, and the largest circled amplitudes have fallen by 11 to 280 times (the first number of each line printed above). Not to nothing, and not in one order: on seed 0 (the figure) `transposed_k3`'s and `resize_conv`'s peaks are at the level of their spectrum's background (1.8 times the median) while the other three stay 7 to 11 times the median (visible as the brighter corner cell in the `transposed_k4` spectrum), but on seeds 1 and 2 every head keeps peaks 3 to 14 times the median, in another order (printed above). The circled values are sums of the four phase means, so they tell what the checkerboard column tells: a stride-2 grid far too faint to see (below one grey level), which does not separate the heads.
#
# How this compares with the literature: Aitken et al. (2017), who introduced ICNR, report that sub-pixel convolution started with ICNR "converges to solutions with smaller test errors" than resize convolution at the same computational complexity. On this small task and budget we do not see that: after 800 steps the heads' PSNRs overlap (the table), and after 50 steps resize convolution is ahead on every seed. Their networks, data and training were much larger than these, and the heads here are not of equal complexity: `resize_conv`'s head, a 3x3 `Conv2D` from 16 channels on the 28x28 grid, has 145 parameters and 3·3·16·28·28 = 112,896 multiply-adds per image, the sub-pixel head, `Conv2D(4, 2)` on the 14x14 grid, 260 and 2·2·16·4·14·14 = 50,176.

# %% [markdown]
# ## Exercise
#
# **1. Flatten a trained head.** A transposed convolution's response to a constant input is flat exactly when every output phase gets the same sum of taps (notebook 05). Write `flatten_phases(kernel)`: it takes a stride-2 `Conv2DTranspose` kernel in Keras' layout `(height, width, output channels, input channels)`, here `(3, 3, 1, C)`: one output channel, `C` input channels, and returns a kernel of the same shape in which, for every input channel `c`, the four phase sums `kernel[p::2, q::2, 0, c].sum()` are equal, and each channel's total `kernel[:, :, 0, c].sum()` is unchanged. The check tests your function on random kernels and runs each result through a transposed convolution on a constant input; the cell after it applies it to the trained `transposed_k3` head. Replace the `...` line with your `def flatten_phases(kernel):`. There is more than one way to do it.


# %% nbgrader={"grade": false, "grade_id": "answer_flatten_phases", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
flatten_phases = ...  # your answer


### BEGIN SOLUTION
def flatten_phases(kernel):
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

checks.flatten_phases(flatten_phases)

# %% [markdown]
# Your function on the trained `transposed_k3` heads. First the four phase sums of seed 0's first input channel, before and after; then what flattening does to each trained model: its PSNR and its checkerboard, before → after, with the body left as trained.

# %%
if callable(flatten_phases):
    for seed, trained_model in enumerate(models["transposed_k3"]):
        head_kernel, head_bias = trained_model.get_layer("up").get_weights()
        flattened = np.asarray(flatten_phases(head_kernel.astype(float).copy()))
        if seed == 0:
            for name, k in [("trained", head_kernel), ("flattened", flattened)]:
                sums = subpixel.phase_sums(k, 2)[:, :, 0, 0].ravel()  # (0,0), (0,1), (1,0), (1,1)
                print(f"{name:>9}: phase sums {np.round(sums, 3).tolist()}")
        changed = superres.build("transposed_k3", seed=seed)
        changed.set_weights(trained_model.get_weights())
        changed.get_layer("up").set_weights([flattened.astype("float32"), head_bias])
        before = superres.evaluate(trained_model, test_digits)
        after = superres.evaluate(changed, test_digits)
        print(
            f"seed {seed}: PSNR {before['psnr']:.2f} -> {after['psnr']:.2f} dB,"
            f" checkerboard {before['checkerboard']:.2f} -> {after['checkerboard']:.2f} grey levels"
        )
        # control: random changes of the head kernel as large as the flattening's
        size = np.linalg.norm(flattened - head_kernel)
        rng = np.random.default_rng(seed)
        random_psnr = []
        for _ in range(5):
            step = rng.normal(size=head_kernel.shape)
            moved = head_kernel + step * size / np.linalg.norm(step)
            changed.get_layer("up").set_weights([moved.astype("float32"), head_bias])
            random_psnr.append(superres.evaluate(changed, test_digits)["psnr"])
        print(
            f"        a random change of the same size (5 draws): PSNR {spread(random_psnr, 2)} dB"
        )
else:
    print("Write flatten_phases in exercise 1 first.")

# %% [markdown]
# What to notice (with the solution's flattening): on all three seeds, flattening the trained head makes the model *worse*: about 1 dB less PSNR, and a larger checkerboard (1.2-1.8 grey levels instead of 0.1-0.6). A random change of the head kernel just as large costs far more, 3 to 5 dB on average (the control lines): the trained head is sensitive to any change this size, and flattening is a mild one. Why flattening *raises* the checkerboard is a hypothesis, not something this page tests: the body was trained together with the head's unequal phase sums and may have learned to offset them, so equal sums imposed afterwards undo that. Equal phase sums decide how a head *starts* (the table's "at init" column); they are not a repair for a trained network. A head that should keep them has to keep them while it trains, as `resize_conv` does by construction.

# %% [markdown]
# Next: back to **00 Start here** for the map of the course.

# %% [markdown]
# **Done with this notebook?** Shut its kernel down (*Kernel* ▸ *Shut Down Kernel*) before you open the next one: each running notebook holds TensorFlow, about 600 MB, and Binder gives you 1-2 GB in all.
