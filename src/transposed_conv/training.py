"""How notebook 07's MNIST autoencoders are trained, and the trained weights shipped with the package.

``make weights`` (``python -m transposed_conv.training``) trains every model of notebook 07
at full size with the functions below, the ones the notebook calls, and writes each
model's weights and a provenance record (data, recipe, epochs, seconds, test metrics,
sha256) to ``resources/weights/``. The notebook loads those by default, so its committed
outputs and a learner's first run show trained models in seconds;
``TRANSPOSED_CONV_RETRAIN=1`` (``settings.retrain()``) trains from scratch instead, at
full size, through the same functions, and keeps the result in the user's cache.
"""

from __future__ import annotations

import json
import platform
from pathlib import Path

from . import data, models, settings
from .shapes import check_int

SHIPPED = Path(__file__).resolve().parent / "resources" / "weights"
RECIPES = {
    "seed": dict(learning_rate=1e-3, batch_size=1000, epochs=25, validation=0.2),  # the course reading's
    "course": dict(learning_rate=2e-3, batch_size=64, epochs=10, validation=0.0),
}
MODELS = {  # name -> (builder, recipe)
    "seed_model": (models.seed_autoencoder, "seed"),
    "strided_code_784": (lambda: models.strided_autoencoder(16), "course"),
    "strided_code_196": (lambda: models.strided_autoencoder(4), "course"),
    "denoising_code_196": (lambda: models.strided_autoencoder(4, noise=0.3), "course"),
}


def _known(name: str) -> str:
    if name not in MODELS:
        raise ValueError(f"name must be one of {sorted(MODELS)}, got {name!r}")
    return name


def build(name: str):
    """A new, seeded, untrained model of notebook 07 by its name (see ``MODELS``)."""
    settings.seed_everything(0)
    return MODELS[_known(name)][0]()


def fit(name: str, model, train_bytes, x_test, epochs=None, verbose: int = 0) -> dict:
    """Train ``model`` with the recipe of ``name`` on uint8 images; returns :func:`models.fit_timed`'s dict.

    The seed recipe holds out the last 20% of ``train_bytes`` for validation, as
    Keras' ``validation_split=0.2`` would. ``epochs`` defaults to the recipe's.
    """
    keras = settings.quiet_tensorflow()[1]
    recipe = RECIPES[MODELS[_known(name)][1]]
    epochs = check_int("epochs", recipe["epochs"] if epochs is None else epochs, 1)
    model.compile(optimizer=keras.optimizers.Adam(recipe["learning_rate"]), loss="binary_crossentropy")
    cut = int(round((1 - recipe["validation"]) * len(train_bytes)))
    batches = data.image_batches(train_bytes[:cut], recipe["batch_size"], shuffle=True)
    extra = {}
    if recipe["validation"]:
        extra["validation_data"] = data.image_batches(train_bytes[cut:], recipe["batch_size"])
    run = models.fit_timed(model, batches, x_test, epochs=epochs, verbose=verbose, **extra)
    return {**run, "train_images": cut, "epochs": epochs, "recipe": MODELS[name][1]}


def load_or_train(name: str, model, train_bytes, x_test, retrain=None, verbose: int = 1) -> dict:
    """Load the shipped weights of ``name`` into ``model``, or train it at full size.

    Trains when ``retrain`` is true (default: ``settings.retrain()``) or nothing is
    shipped; a retrained model is kept in the user's cache (:func:`models.train_or_load`).
    Returns the provenance record, with ``"source"``: ``"shipped"``, ``"cache"`` or ``"trained"``.
    """
    _known(name)
    retrain = settings.retrain() if retrain is None else retrain
    weights, record = SHIPPED / f"{name}.weights.h5", SHIPPED / f"{name}.json"
    if not retrain and weights.is_file() and record.is_file():
        restore = (f"restore them with `git checkout -- src/transposed_conv/resources/weights` in the course folder, "
                   f"reinstall the package, or retrain (TRANSPOSED_CONV_RETRAIN=1)")
        return {**models.load_saved(model, weights, record, advice=restore), "source": "shipped"}
    run = models.train_or_load(model, name, lambda m: _record(fit(name, m, train_bytes, x_test, verbose=verbose), m, x_test),
                               retrain=bool(retrain))
    return {**run, "source": "cache" if run["loaded"] else "trained"}


def _record(run: dict, model, x_test) -> dict:
    """The JSON-ready record of a training run: recipe, sizes, seconds, history and test metrics."""
    bce, psnr = models.reconstruction_scores(model, x_test)
    keras = settings.quiet_tensorflow()[1]
    return {
        "recipe": {**RECIPES[run["recipe"]], "name": run["recipe"], "epochs": run["epochs"]},
        "train_images": run["train_images"], "test_images": len(x_test), "seconds": round(run["seconds"], 1),
        "history": {key: [float(v) for v in values] for key, values in run["history"].items()},
        "test_bce": round(bce, 5), "test_psnr": round(psnr, 3),
        "keras": keras.__version__, "machine": f"{platform.machine()} {platform.system()}",
    }


def describe(run: dict) -> str:
    """One line: where a model's weights came from and how it was trained."""
    recipe = run["recipe"]
    how = (f"{recipe['name']} recipe, {recipe['epochs']} epochs of {run['train_images']:,} digits"
           f" ({run.get('data', 'this session')}), {run['seconds']:.0f} s of training")
    return {"shipped": "loaded the shipped weights: ", "cache": "loaded weights trained earlier: "}.get(
        run["source"], "trained now: ") + how


def make_weights(names=None) -> None:
    """Train the models at full size (real MNIST when the network allows) and ship them in ``SHIPPED``."""
    import io
    from contextlib import redirect_stdout

    settings.quiet_tensorflow()
    said = io.StringIO()
    with redirect_stdout(said):
        (train_bytes, _), (test_bytes, _) = data.load_mnist()
    source = said.getvalue().strip().removeprefix("MNIST source: ")
    x_test = test_bytes[..., None].astype("float32") / 255
    SHIPPED.mkdir(parents=True, exist_ok=True)
    for name in names or MODELS:
        model = build(name)
        record = {**_record(fit(name, model, train_bytes, x_test), model, x_test), "data": source}
        weights = SHIPPED / f"{name}.weights.h5"
        model.save_weights(weights)
        record["sha256"] = models.file_sha256(weights)
        (SHIPPED / f"{name}.json").write_text(json.dumps(record, indent=1) + "\n")
        print(f"{name}: {record['seconds']:.0f} s, test BCE {record['test_bce']:.4f}, PSNR {record['test_psnr']:.2f} dB")


if __name__ == "__main__":
    import sys

    make_weights(sys.argv[1:] or None)
