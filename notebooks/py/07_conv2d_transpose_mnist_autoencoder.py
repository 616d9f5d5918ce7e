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
# # 07 The Keras `Conv2DTranspose` autoencoder on MNIST
#
# **After this notebook you can**
# - build the course reading's convolutional autoencoder and account for every one of its 12,785 parameters,
# - see why that model does not compress at all, and build one that does: strided convolutions down to a real bottleneck, strided transposed convolutions back up,
# - train a denoising variant, compare models at one recipe and budget over three seeds on parameters, code size, loss and PSNR, and decode a walk between two codes.
#
# The models on this page are trained already: their weights ship with the course's package (`make weights` made them, with the recipes below, and recorded how in a provenance file beside each), so the page and your first run show trained models in seconds. Set `RETRAIN = True` in the first cell (or `TRANSPOSED_CONV_RETRAIN=1`) to train every model from scratch, through the same code at full size: the reading's model once with the reading's recipe, and four models three times each with the course's recipe (on two CPU cores with the shipped 8,000 training digits, well over half an hour; with Keras' 60,000 digits about 7 times longer).

# %%
import os

if "COLAB_RELEASE_TAG" in os.environ:  # on Google Colab: install the course's package first
    # %pip install -q --no-deps git+https://github.com/OWNER/REPO
import transposed_conv  # noqa: E402, F401  missing? run `pip install -e .` in the course folder

# %%
import resource

import matplotlib.pyplot as plt
import numpy as np

from transposed_conv import evidence, settings
from transposed_conv.core import shapes
from transposed_conv.models import data, metrics, mnist_models, training
from transposed_conv.viz import plotting

settings.setup()
RETRAIN = (
    settings.retrain()
)  # True: train every model from scratch at full size instead of loading the shipped weights

# %% [markdown]
# ## The data
#
# Real MNIST digits: Keras' 60,000 / 10,000 when the network allows, otherwise the 8,000 / 2,000 of the sample shipped with the course (the line below says which). The training images stay as bytes and are scaled to [0, 1] batch by batch (`data.image_batches`), which keeps even the full 60,000 within Binder's memory; the test images are scaled once. The shipped models are scored on all the test digits loaded here.

# %%
(train_bytes, _), (test_bytes, y_test) = data.load_mnist()
x_test = test_bytes[..., None].astype("float32") / 255
print("train:", train_bytes.shape, train_bytes.dtype, " test:", x_test.shape, x_test.dtype)

# %% [markdown]
# ## The model of the course reading
#
# Three 3x3 convolutions shrink 28x28 to 22x22 (each `"valid"` 3x3 convolution removes a one-pixel ring), three 3x3 transposed convolutions grow it back, and a last 3x3 convolution with one sigmoid filter makes the image. A 3x3 layer from `C_in` to `C_out` channels has `(3·3·C_in + 1)·C_out` parameters: one 3x3 weight per input channel and a bias, for each filter.

# %%
reading_model = mnist_models.reading_autoencoder()
print(f"{'layer':<20} {'output shape':<16} {'parameters':>10}   derivation")
c_in = 1
for layer in reading_model.layers:
    c_out = layer.output.shape[-1]
    print(
        f"{layer.name:<20} {str(tuple(layer.output.shape[1:])):<16}"
        f" {layer.count_params():>10,}   (3*3*{c_in} + 1)*{c_out}"
    )
    c_in = c_out
print(f"{'total':<37} {reading_model.count_params():>10,}")

# %% [markdown]
# The reading's summary lists the same shapes and counts and a total of 12,785. It trains with Adam and binary cross-entropy, batches of 1000, 25 epochs, 20% of the training images held out for validation. (It also mentions "ten classes": an autoencoder has no classes, so nothing here uses them.) The reading adapts a public example (`christianversloot/keras-autoencoders`, `conv2dtranspose.py`), which differs in two ways this page does not copy: it starts every layer but the last with `kernel_initializer='he_normal'` (here: Keras' default, Glorot uniform) and trains 5 epochs, not 25.

# %%
reading_run = training.load_or_train(
    "reading_model", reading_model, train_bytes, x_test, retrain=RETRAIN
)
print(training.describe(reading_run))

# %%
history = reading_run["history"]
fig, ax = plt.subplots(figsize=(6, 3))
epochs = np.arange(1, len(history["loss"]) + 1)
ax.plot(epochs, history["loss"], marker="o", label="training")
ax.plot(epochs, history["val_loss"], marker="o", label="validation (20% held out)")
ax.set_xlabel("epoch")
ax.set_ylabel("binary cross-entropy")
ax.set_title("the reading's model")
ax.legend()
fig.tight_layout()
plotting.describe(
    fig,
    "Line plot of binary cross-entropy against epoch, 1 to 25, for the reading's model: "
    "training and validation (20% held out) losses both start near 0.7, fall steeply over "
    "the first five epochs and then level off together just under 0.1.",
)

# %% [markdown]
# ## Looking hard at it
#
# An autoencoder is meant to squeeze an image through a bottleneck. This one's narrowest point is the output of `conv2d_3`: 22x22 positions with 8 channels.

# %%
print("pixels per image:", 28 * 28)
reading_code = mnist_models.code_size(reading_model)
print("numbers in the reading's model's code:", reading_code, "= 22 x 22 x 8")
print(
    "sizes through the transposed layers:",
    [22] + [shapes.keras_conv_transpose_output_size(i, 3) for i in (22, 24, 26)],
)

# %% [markdown]
# What to notice: the "code" holds 3,872 numbers for a 784-pixel image, almost five times more. Nothing forces the model to learn anything about digits; it can pass the image through nearly unchanged. And its transposed convolutions barely upsample: stride 1, each grows the image by 2 pixels (22 -> 24 -> 26 -> 28), undoing the 2 pixels each `"valid"` convolution removed.
#
# ## The autoencoder a careful engineer would build
#
# Strided convolutions halve the size twice (28 -> 14 -> 7), a 3x3 convolution sets the code depth, and strided transposed convolutions double it back (7 -> 14 -> 28). Their kernels are 4x4 with stride 2, a multiple of the stride, so every output pixel away from the border receives the same number of kernel copies (even overlap, notebook 05). As notebook 05 shows, that equalises the tap *counts*, not the phase *sums*, and only equal sums make a flat input come out flat; nothing makes a trained kernel keep them equal, so a faint grid can still appear. (None is visible at the scale of the reconstructions below. The grey specks along the borders in their last row, the reading's model trained with the reading's recipe, sit where its unpadded transposed convolutions reach the edge pixels with fewer kernel taps, as in notebook 05's overlap maps; the same model trained with the course's recipe, 7 times more steps, has learned to keep those pixels white, and its row shows none.) Two code sizes: 7x7x16 = 784 numbers, as many as the image has pixels, so no compression at all, only a smaller grid with more channels; and 7x7x4 = 196, a quarter, the one real bottleneck; and a denoising variant of the small one that sees its inputs with Gaussian noise (standard deviation 0.3) during training.

# %%
NAMES = {  # the models compared below: one recipe, one budget, three seeds each
    "reading's model": "reading_model_course",
    "strided, code 784": "strided_code_784",
    "strided, code 196": "strided_code_196",
    "denoising, code 196": "denoising_code_196",
}
print(f"{'model':<22} {'parameters':>10} {'code size':>10}")
for name, key in NAMES.items():
    model = training.build(key)
    print(f"{name:<22} {model.count_params():>10,} {mnist_models.code_size(model):>10,}")

# %% [markdown]
# The strided model with the 196-number code, layer by layer (the 784-number one differs only in the code layer's 16 filters instead of 4; the denoising one adds a `GaussianNoise` layer in front, which is active only in training):

# %%
strided = training.build("strided_code_196")
print(f"{'layer':<8} {'kind':<16} {'kernel, stride':<15} {'activation':<11} {'output':<13} params")
for layer in strided.layers:
    config = layer.get_config()
    kernel = f"{config['kernel_size'][0]}, {config['strides'][0]}"
    print(
        f"{layer.name:<8} {type(layer).__name__:<16} {kernel:<15} {config['activation']:<11}"
        f" {str(tuple(layer.output.shape[1:])):<13} {layer.count_params():>6,}"
    )

# %%
compared, records = {}, {}
for name, key in NAMES.items():
    compared[name], records[name] = training.mnist_runs(key, retrain=RETRAIN)
record = records["strided, code 196"]
recipe = record["recipe"]
steps = recipe["epochs"] * -(-record["train_images"] // recipe["batch_size"])
print(
    f"{record['source']} weights: {record['seeds']} seeds per model,"
    f" Adam {recipe['learning_rate']},"
    f" batches of {recipe['batch_size']}, {recipe['epochs']} epochs over"
    f" {record['train_images']:,} digits = {steps:,} steps"
)

# %% [markdown]
# ### What training looks like
#
# The shipped weights came from runs like this one: a fresh model of the small strided kind, one epoch with the course's recipe (Adam 2e-3, batches of 64). Keras prints the training loss as it goes; the last line gives the test loss. An untrained model predicts grey (0.5) everywhere, a binary cross-entropy of ln 2 ≈ 0.69; one epoch over 8,000 digits brings the test loss to about 0.10 (measured: 0.102 in 6 s on 2 cores). The page's saved run is from quick mode, 600 digits, so its loss has only begun to fall.

# %% tags=["nbval-ignore-output"]
demo = training.build("strided_code_196")
n_demo = settings.pick(8000, 600)  # digits in the demo epoch
demo_run = training.fit("strided_code_196", demo, train_bytes[:n_demo], x_test, epochs=1, verbose=2)
print(
    f"test loss after one epoch on {n_demo:,} digits: {demo_run['curve'][-1][1]:.3f}"
    f" ({demo_run['seconds']:.0f} s)"
)

# %% [markdown]
# ## Comparison
#
# Test binary cross-entropy (the loss the models are trained to lower; lower is better) and PSNR (peak signal-to-noise ratio, higher is better) on the same test images. The four compared models share one recipe and budget (the line above), and each was trained from three seeds: the table gives the mean, with the smallest and largest in brackets. The last row is the reading's model trained once with the reading's own recipe (Adam 1e-3, batches of 1000, 25 epochs over the 6,400 digits left after holding out 20%: 175 steps); it is there for reference, not as part of the comparison.

# %%
def spread(values, digits):
    return f"{np.mean(values):.{digits}f} [{min(values):.{digits}f}, {max(values):.{digits}f}]"


scores = {
    name: [metrics.reconstruction_scores(m, x_test) for m in compared[name]] for name in NAMES
}
print(f"{'model, recipe':<32} {'code':>6} {'test BCE':>22} {'PSNR dB':>18}")
for name in NAMES:
    bce, db = zip(*scores[name], strict=True)
    code = mnist_models.code_size(compared[name][0])
    print(f"{name + ', course':<32} {code:>6,} {spread(bce, 4):>22} {spread(db, 1):>18}")
bce, db = metrics.reconstruction_scores(reading_model, x_test)
label = "reading's model, reading's"
print(f"{label:<32} {3872:>6,} {bce:>22.4f} {db:>18.1f}  (one run)")
ink = np.clip(x_test.astype("float64"), 1e-7, 1 - 1e-7)  # grey pixels are neither 0 nor 1
floor = float(np.mean(-(ink * np.log(ink) + (1 - ink) * np.log(1 - ink))))
print(f"a perfect reconstruction would score a test BCE of {floor:.4f}")
worst = {name: max(b for b, _ in scores[name]) for name in NAMES}
best = {name: min(b for b, _ in scores[name]) for name in NAMES}
order = list(NAMES)  # from the largest code to the most compressed, then the denoiser
evidence.holds(
    "at one recipe and budget, each model's worst seed has a lower test BCE than every seed"
    " of the model below it in the table",
    all(worst[a] < best[b] for a, b in zip(order[:-1], order[1:], strict=True)),
)

# %% [markdown]
# What to notice: at one recipe and budget, the reading's architecture reconstructs best on every seed (the check above), and the less a model compresses, the better it scores: its code holds 3,872 numbers, more than the image's 784 pixels, so it can pass the image through almost unchanged. The strided models trade quality for a real bottleneck, 20 times smaller than the reading's code (196 numbers): the binary cross-entropy rises only from 0.0607 to 0.0679, but even a perfect reconstruction would score 0.0584 (printed above: the grey edges of the strokes are neither 0 nor 1), and above that floor it grows about 4 times; the PSNR drops by about 8 dB between the means (6.5 to 9.6 dB seed against seed), about 6 times the squared error. The denoising model, trained on noisy inputs, scores a little below its plain twin on clean ones. And the reading's own recipe, with 7 times fewer steps, leaves its model well behind the same model trained with the course's recipe.
#
# How long the recipes take: `make benchmark-autoencoder` trains the models in one run on the shipped sample and times how long each needs to reach the test loss that the reading's model reaches with the reading's recipe. In one recorded benchmark run (2-core x86-64 Linux, TensorFlow's plain CPU path, one seed; its printout is not shipped), the reading's model with the reading's recipe ended at a test loss of 0.0683. That run is not the shipped run of the table's last row (0.0704): the same recipe from another random start ends at another value. The reading's recipe took 179 s to get there; the course's recipe reached 0.0683 after 15 s. (The shipped run's record says 803 s for the same 25 epochs; seconds measured in different runs on a shared machine do not compare, only the times within one run do.) The course's recipe differs in three ways at once: 125 steps of 64 digits per epoch instead of 7 steps of 1,000, twice the learning rate, and all 8,000 digits instead of 6,400. In that run the strided models took longer to reach that loss (23 s with the 784-number code, 58 s with the 196-number one): in that run their gain was compression, not speed.

# %%
show = [0, 1, 2, 3, 4, 5]
all_models = {name: compared[name][0] for name in NAMES}  # seed 0 of each
all_models["reading's model, reading's recipe"] = reading_model
recon = {name: m(x_test[show], training=False).numpy() for name, m in all_models.items()}
fig, axes = plt.subplots(
    len(all_models) + 1, len(show), figsize=(1.3 * len(show), 1.4 * (len(all_models) + 1))
)
for col, i in enumerate(show):
    axes[0, col].imshow(x_test[i, :, :, 0], cmap="gray_r", vmin=0, vmax=1)
    for row, name in enumerate(all_models, start=1):
        axes[row, col].imshow(recon[name][col, :, :, 0], cmap="gray_r", vmin=0, vmax=1)
for row, name in enumerate(["original", *all_models]):
    axes[row, 0].set_ylabel(
        name.replace(", ", "\n"), fontsize=7, rotation=0, ha="right", va="center"
    )
for ax in axes.ravel():
    ax.set_xticks([])
    ax.set_yticks([])
    ax.spines[:].set_visible(False)
fig.tight_layout()
plotting.describe(
    fig,
    "Grid of handwritten digits: the top row holds six test digits (3, 8, 8, 0, 9, 0) and "
    "each row below holds one model's reconstructions of them: the reading's model, strided "
    "code 784, strided code 196, denoising code 196, and the reading's model with the "
    "reading's recipe. Every row closely resembles the originals; the last row's images "
    "carry faint specks along their borders.",
)

# %% [markdown]
# ## Denoising
#
# Both small models (seed 0) get test digits with heavy noise added. The one trained on noisy inputs has learned to remove it; the plain one, never having seen noise, passes part of it through.

# %%
rng = np.random.default_rng(0)
noisy = np.clip(x_test[:6] + rng.normal(0, 0.3, x_test[:6].shape), 0, 1).astype("float32")
rows = {"noisy input": noisy}
for name in ("strided, code 196", "denoising, code 196"):
    rows[name] = all_models[name](noisy, training=False).numpy()  # seed 0
fig, axes = plt.subplots(3, 6, figsize=(8, 4.4))
for r, (name, imgs) in enumerate(rows.items()):
    for c in range(6):
        axes[r, c].imshow(imgs[c, :, :, 0], cmap="gray_r", vmin=0, vmax=1)
        axes[r, c].set_xticks([])
        axes[r, c].set_yticks([])
        axes[r, c].spines[:].set_visible(False)
    axes[r, 0].set_ylabel(name.replace(", ", "\n"), fontsize=7, rotation=0, ha="right", va="center")
fig.tight_layout()
plotting.describe(
    fig,
    "Three rows of six digits: test digits with heavy speckled noise added, what the plain "
    "strided code-196 model makes of them, and what the denoising code-196 model makes of "
    "them. The plain model keeps grey smudges of the noise around each digit; the denoising "
    "model gives clean digits on a white background.",
)

# %% [markdown]
# ## Walking between two codes
#
# Cut the small model (seed 0) at its code: the encoder gives each digit 196 numbers, and the decoder (the two transposed convolutions and the last convolution) turns any 196 numbers into an image. Decoding points on the straight line between the codes of two test digits gives a morph. Is it more than a blend? The cell compares it with two blends of its own end images: of their pixels, and of their values before the last layer's sigmoid (their logits).

# %%
encoder, decoder = mnist_models.split_at_code(all_models["strided, code 196"])
a, b = [int(np.flatnonzero(y_test == d)[0]) for d in (3, 8)]
codes = encoder(x_test[[a, b]], training=False).numpy()
steps = np.linspace(0, 1, 8)
walk = decoder(np.stack([(1 - t) * codes[0] + t * codes[1] for t in steps]), training=False).numpy()
fade = [(1 - t) * x_test[a] + t * x_test[b] for t in steps]
fig = plotting.image_row(
    [w[:, :, 0] for w in walk], titles=[f"{t:.2f}" for t in steps], vmin=0, vmax=1
)
fig.suptitle("decoded: points on the line between the two codes", y=1.18)
plotting.describe(
    fig,
    "Row of eight decoded images at steps 0.00 to 1.00 along the line from the code of a 3 "
    "to the code of an 8. Each image shows one dark digit: a 3 up to 0.43, a mixed shape at "
    "0.57, and an 8 from 0.71 on, with only faint traces of the other digit in between.",
)
fig = plotting.image_row(
    [f[:, :, 0] for f in fade], titles=[f"{t:.2f}" for t in steps], vmin=0, vmax=1
)
fig.suptitle("cross-fade of the two images' pixels", y=1.18)
plotting.describe(
    fig,
    "Row of eight pixel cross-fades of the same 3 and 8 at steps 0.00 to 1.00: in every "
    "middle image both digits show at once, one fading as the other darkens, unlike the "
    "decoded walk, which keeps a single dark digit.",
)
print("code shape per digit:", codes.shape[1:], "=", int(np.prod(codes.shape[1:])), "numbers")
ends = np.clip(walk[[0, -1]], 1e-6, 1 - 1e-6)
logits = np.log(ends / (1 - ends))
blends = {
    "pixels": [(1 - t) * walk[0] + t * walk[-1] for t in steps],
    "logits": [1 / (1 + np.exp(-((1 - t) * logits[0] + t * logits[1]))) for t in steps],
}
for name, blend in blends.items():
    rms = [np.sqrt(np.mean((w - b) ** 2)) for w, b in zip(walk, blend, strict=True)]
    print(f"largest RMS difference between the walk and a blend of the {name}: {max(rms):.3f}")

# %% [markdown]
# What to notice: the decoded walk is closer to a blend of its end images' logits than to a blend of their pixels (the two RMS differences above, for pixel values in [0, 1]), and it is neither. If the decoder had no ReLUs between its layers, it would be a linear map followed by a sigmoid, and the walk would be exactly the blend of logits; its ReLUs make the difference. In the pictures: the cross-fade of the original digits shows both digits at part strength for most of the way, while the decoded walk keeps one dark digit and changes it over a few steps (0.43 to 0.71), with faint traces of both in between.

# %% [markdown]
# ## Memory
#
# Binder stops a kernel that uses more than 2 GB. This notebook's peak so far (the largest resident memory of this kernel process):

# %% tags=["nbval-ignore-output"]
print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

# %% [markdown]
# ## Exercises
#
# **1. Count.** How many parameters has the reading's model's `conv2d_transpose_3` (3x3, from 16 to 32 channels, with bias)?

# %% nbgrader={"grade": false, "grade_id": "answer_params_t3", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
params_t3 = ...  # your answer
### BEGIN SOLUTION
params_t3 = 4640
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_reading_layer_params", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
from transposed_conv import checks

checks.reading_layer_params(params_t3)

# %% [markdown]
# **2. Code size.** `mnist_models.strided_autoencoder(d)` builds the strided model above with `d` code channels (the table's models have `d = 16` and `d = 4`). How many numbers are in the code of `mnist_models.strided_autoencoder(8)`?

# %% nbgrader={"grade": false, "grade_id": "answer_code_numbers", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
code_numbers = ...  # your answer
### BEGIN SOLUTION
code_numbers = 392
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_strided_code_size", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.strided_code_size(code_numbers)

# %% [markdown]
# **3. Predict the shape.** A code of 5x5 positions goes into `Conv2DTranspose(kernel_size=4, strides=2, padding="same")`. What is the output's height?

# %% nbgrader={"grade": false, "grade_id": "answer_height", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
height = ...  # your answer
### BEGIN SOLUTION
height = 10
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_upsampled_size", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.upsampled_size(height)

# %% [markdown]
# **4. Diagnose.** A stride-2 grid shows as unequal *phase means*: the means of `image[0::2, 0::2]`, `image[0::2, 1::2]`, `image[1::2, 0::2]` and `image[1::2, 1::2]`. Write a function `phase_spread(image)` that returns their spread, the largest minus the smallest, for a 2-D NumPy image. Replace the `...` line with your `def phase_spread(image):`. The check tries flat images, checkerboards, stripes and random images; the cell after it uses your function to find the grid in the outputs of two decoders.

# %% nbgrader={"grade": false, "grade_id": "answer_phase_spread", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
phase_spread = ...  # your answer


### BEGIN SOLUTION
def phase_spread(image):
    means = [image[p::2, q::2].mean() for p in (0, 1) for q in (0, 1)]
    return max(means) - min(means)


### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_phase_spread_function", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.phase_spread_function(phase_spread)

# %%
from transposed_conv.core import ops


# two untrained decoders, each two stride-2 layers (7 -> 14 -> 28) with random positive
# weights, decode a flat 7x7 code; kept: the inside (4-pixel border off), divided by its mean
def decode_flat(k, rng):
    image = np.ones((7, 7))
    for _ in range(2):
        image = ops.conv2d_transpose(image, rng.uniform(size=(k, k)), strides=2, padding="same")
    return image[4:-4, 4:-4] / image[4:-4, 4:-4].mean()


def draw(seed):  # one random pair of decoders, 3x3 then 4x4 kernels
    rng = np.random.default_rng(seed)
    return {f"{k}x{k} kernels": decode_flat(k, rng) for k in (3, 4)}


decoded = draw(0)
fig = plotting.image_row(list(decoded.values()), titles=list(decoded), size=2.6, vmin=0, vmax=2)
plotting.describe(
    fig,
    "Two square grey-scale images, the flat code decoded by two untrained stride-2 decoders. "
    "Left, 3x3 kernels: a strong regular grid of black, white and grey squares. Right, 4x4 "
    "kernels: a faint, low-contrast plaid of a few close mid-greys, repeating every 2 pixels.",
)
if callable(phase_spread):
    for name, image in decoded.items():
        print(f"{name}: phase spread {float(phase_spread(image)):.3f}")
    pairs = [list(draw(seed).values()) for seed in range(50)]
    larger = sum(float(phase_spread(a)) > float(phase_spread(b)) for a, b in pairs)
    print("over 50 draws (seeds 0-49, the pictured one is seed 0), the 3x3 decoder has the")
    medians = [np.median([float(phase_spread(pair[i])) for pair in pairs]) for i in (0, 1)]
    print(
        f"larger phase spread in {larger} of 50; median phase spread"
        f" 3x3 {medians[0]:.2f}, 4x4 {medians[1]:.2f}"
    )
else:
    print("Write phase_spread in exercise 4 first.")

# %% [markdown]
# What to notice: the decoder with 3x3 kernels, whose copies overlap unevenly, paints a strong grid (a phase spread of 1.33 on a mean of 1); the one with 4x4 kernels overlaps evenly, yet its random taps do not give every phase the same sum (notebook 05), so a faint grid remains (0.29 in this draw; over the 50 draws printed below the median is 0.56, against 1.43 for 3x3). A spread near 0 means no stride-2 grid. That is one draw of random weights; over 50 draws (printed above) the 3x3 decoder paints the stronger grid in most, not in all: uneven overlap makes a grid likely, and even overlap alone does not rule one out.

# %% [markdown]
# That completes the path from the matrix to the model. Four shorter notebooks go further: next, **[08 Checkerboards in gradients](08_checkerboards_in_gradients.ipynb)**; then 09 on sub-pixel convolution, 10 on porting layers between PyTorch and Keras, and 11, an application that trains five upsampling heads for super-resolution and measures their checkerboards. (`benchmarks/autoencoder.py` shows how the training times above were measured.)

# %% [markdown]
# **Done with this notebook?** Shut its kernel down (*Kernel* ▸ *Shut Down Kernel*) before you open the next one: each running notebook holds TensorFlow, about 600 MB, and Binder gives you 1-2 GB in all.
