"""How much sooner the course's autoencoders reach the reading's model's loss.

Split into recipe and architecture.

Data: the shipped sample (10,000 real digits), fixed split: first 8,000 train, last 2,000 test.
All models train in the same run on the same machine:

1. the reading's model with the reading's recipe (Adam 1e-3, binary cross-entropy, batch 1000,
   25 epochs, 20% validation): its final test BCE is the target;
2. the same model with the course's recipe (Adam 2e-3, batch 64, all 8,000 images): the
   **recipe factor** = time of 1 / time 2 needs to reach the target;
3. the strided models (codes 7x7x16 = 784 numbers, no compression; 7x7x4 = 196, 4x
   compression) with the course's recipe: the **architecture factor** = time of 2 / time
   each needs to reach the target, and the overall factor = time of 1 / that time.

Measuring the test loss is not counted as training time. Target for the compressing
model (196 numbers): overall >= 10x.

Run: make benchmark-autoencoder   (or .venv/bin/python benchmarks/autoencoder.py)
"""

from __future__ import annotations

from transposed_conv import settings
from transposed_conv.models import data, fitting, mnist_models

READING_RECIPE = dict(learning_rate=1e-3, batch_size=1000, epochs=25, validation_split=0.2)
COURSE_RECIPE = dict(learning_rate=2e-3, batch_size=64)
BASELINE = "reading's model, reading's recipe"


def train(model, x_train, x_test, recipe, target=None, max_epochs=30):
    """Compile with Adam at the recipe's rate and fit, measuring the test loss as it goes."""
    keras = settings.quiet_tensorflow()[1]
    recipe = dict(recipe)
    model.compile(
        optimizer=keras.optimizers.Adam(recipe.pop("learning_rate")), loss="binary_crossentropy"
    )
    if target is None:
        return fitting.fit_timed(model, x_train, x_test, verbose=0, **recipe)
    return fitting.fit_timed(
        model, x_train, x_test, eval_every=25, target=target, epochs=max_epochs, verbose=0, **recipe
    )


def main():
    images, _ = data.load_mnist_sample()
    x = images[..., None].astype("float32") / 255
    x_train, x_test = x[: data.SAMPLE_TRAIN], x[data.SAMPLE_TRAIN :]
    settings.seed_everything(0)
    reading_model = mnist_models.reading_autoencoder()
    runs = {BASELINE: (reading_model, train(reading_model, x_train, x_test, READING_RECIPE))}
    target = runs[BASELINE][1]["curve"][-1][1]
    candidates = {
        "reading's model, course recipe": mnist_models.reading_autoencoder,
        "strided code 784, course recipe": lambda: mnist_models.strided_autoencoder(16),
        "strided code 196, course recipe": lambda: mnist_models.strided_autoencoder(4),
    }
    for name, build in candidates.items():
        settings.seed_everything(0)
        model = build()
        runs[name] = (model, train(model, x_train, x_test, COURSE_RECIPE, target=target))
    report(runs, target)


def report(runs, target):
    base_seconds = runs[BASELINE][1]["seconds"]
    recipe_run = runs["reading's model, course recipe"][1]
    print(f"target: the reading's recipe's final test BCE {target:.4f}, ", end="")
    print(f"after {base_seconds:.1f} s of training\n")
    header = f"{'model, recipe':<34} {'params':>7} {'code':>6} {'s to target':>12} {'overall':>8}"
    print(f"{header} {'architecture':>13}")
    for name, (model, run) in runs.items():
        reached = base_seconds if name == BASELINE else run["reached"]
        sizes = f"{name:<34} {model.count_params():>7,} {mnist_models.code_size(model):>6,}"
        if reached is None:
            best = min(c[1] for c in run["curve"])
            print(f"{sizes} {'not reached':>12}   (best test BCE {best:.4f})")
            continue
        overall = base_seconds / reached
        strided = name.startswith("strided") and recipe_run["reached"]
        arch = (recipe_run["reached"] / reached) if strided else None
        arch_text = f"{arch:.1f}x" if arch else ""
        print(f"{sizes} {reached:>12.1f} {overall:>7.1f}x {arch_text:>13}")
    if recipe_run["reached"]:
        factor = base_seconds / recipe_run["reached"]
        change = "reading's model, reading's recipe -> course recipe"
        print(f"\nrecipe factor ({change}): {factor:.1f}x")
    small = runs["strided code 196, course recipe"][1]["reached"]
    verdict = f"{base_seconds / small:.1f}x" if small else "not reached"
    print(f"compressing model (196 numbers), overall: {verdict} (target >= 10x)")


if __name__ == "__main__":
    main()
