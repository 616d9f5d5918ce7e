"""The one registry's models trained and loaded: notebooks 06, 07 and 11.

Every name comes from :mod:`.registry` (checked there); every Keras fit goes through
:func:`.fitting.fit_timed`. The notebooks load the weights shipped in
``resources/weights/`` by default, so their committed outputs and a learner's first run
show trained models in seconds; ``TRANSPOSED_CONV_RETRAIN=1`` (``settings.retrain()``)
trains from scratch instead, at full size, through the same functions. The shipped files
are written by ``tools/make_weights.py`` (``make weights``), a build tool outside the
package, with these functions.
"""

from __future__ import annotations

import json
import platform

from .. import settings
from ..core.arguments import check_int
from . import data, fitting, metrics, mnist_models, patch_model, registry, superres, weights
from .weights import SHIPPED

RESTORE = (
    "restore them with `git checkout -- src/transposed_conv/resources/weights` "
    "in the course folder, reinstall the package, or retrain (TRANSPOSED_CONV_RETRAIN=1)"
)
RECIPES = registry.RECIPES
_BUILDERS = {  # name -> builder of a new model from a seed (recipes in registry.MNIST)
    "reading_model": lambda seed: mnist_models.reading_autoencoder(),
    "reading_model_course": lambda seed: mnist_models.reading_autoencoder(),
    "strided_code_784": lambda seed: mnist_models.strided_autoencoder(16),
    "strided_code_196": lambda seed: mnist_models.strided_autoencoder(4),
    "denoising_code_196": lambda seed: mnist_models.strided_autoencoder(
        4, noise=0.3, noise_seed=seed
    ),
}
MODELS = {name: (_BUILDERS[name], recipe) for name, recipe in registry.MNIST.items()}
COMPARED, MNIST_SEEDS = registry.COMPARED, registry.MNIST_SEEDS
PATCH_VARIANTS, PATCH_SEEDS, PATCH_EPOCHS = (
    registry.PATCH,
    registry.PATCH_SEEDS,
    registry.PATCH_EPOCHS,
)
SUPERRES_SEEDS = registry.SUPERRES_SEEDS


def _known(name: str) -> str:
    return registry.check("mnist", name, what="name")


def build(name: str, seed: int = 0):
    """A new untrained model of notebook 07 by name (see ``MODELS``), initialised from ``seed``."""
    seed = check_int("seed", seed, 0)
    settings.seed_everything(seed)
    return MODELS[_known(name)][0](seed)


def fit(
    name: str, model, train_bytes, x_test, epochs=None, verbose: int = 0, seed: int = 0
) -> dict:
    """Train ``model`` with the recipe of ``name`` on uint8 images.

    Returns :func:`fitting.fit_timed`'s dict with the sizes and the recipe added.

    The reading's recipe holds out the last 20% of ``train_bytes`` for validation, as
    Keras' ``validation_split=0.2`` would. ``epochs`` defaults to the recipe's;
    ``seed`` sets the order in which the batches are shuffled.
    """
    keras = settings.quiet_tensorflow()[1]
    recipe = RECIPES[MODELS[_known(name)][1]]
    epochs = check_int("epochs", recipe["epochs"] if epochs is None else epochs, 1)
    model.compile(
        optimizer=keras.optimizers.Adam(recipe["learning_rate"]), loss="binary_crossentropy"
    )
    cut = int(round((1 - recipe["validation"]) * len(train_bytes)))
    batches = data.image_batches(train_bytes[:cut], recipe["batch_size"], shuffle=True, seed=seed)
    extra = {}
    if recipe["validation"]:
        extra["validation_data"] = data.image_batches(train_bytes[cut:], recipe["batch_size"])
    run = fitting.fit_timed(model, batches, x_test, epochs=epochs, verbose=verbose, **extra)
    return {**run, "train_images": cut, "epochs": epochs, "recipe": MODELS[name][1]}


def load_or_train(name: str, model, train_bytes, x_test, retrain=None, verbose: int = 1) -> dict:
    """Load the shipped weights of ``name`` into ``model``, or train it at full size.

    Trains when ``retrain`` is true (default: ``settings.retrain()``) or nothing is
    shipped; a retrained model is kept in the user's cache (:func:`weights.train_or_load`).
    Returns the provenance record, with ``"source"``: ``"shipped"``, ``"cache"`` or ``"trained"``.
    """
    _known(name)
    retrain = settings.retrain() if retrain is None else retrain
    weights_file, record = SHIPPED / f"{name}.weights.h5", SHIPPED / f"{name}.json"
    if not retrain and weights_file.is_file() and record.is_file():
        return {
            **weights.load_saved(model, weights_file, record, advice=RESTORE),
            "source": "shipped",
        }
    run = weights.train_or_load(
        model,
        name,
        lambda m: run_record(fit(name, m, train_bytes, x_test, verbose=verbose), m, x_test),
        retrain=bool(retrain),
    )
    return {**run, "source": "cache" if run["loaded"] else "trained"}


def run_record(run: dict, model, x_test) -> dict:
    """The JSON-ready record of a training run: recipe, sizes, seconds, history and test metrics."""
    bce, psnr = metrics.reconstruction_scores(model, x_test)
    keras = settings.quiet_tensorflow()[1]
    return {
        "recipe": {**RECIPES[run["recipe"]], "name": run["recipe"], "epochs": run["epochs"]},
        "train_images": run["train_images"],
        "test_images": len(x_test),
        "seconds": round(run["seconds"], 1),
        "history": {key: [float(v) for v in values] for key, values in run["history"].items()},
        "test_bce": round(bce, 5),
        "test_psnr": round(psnr, 3),
        "keras": keras.__version__,
        "machine": f"{platform.machine()} {platform.system()}",
    }


def describe(run: dict) -> str:
    """One line: where a model's weights came from and how it was trained."""
    recipe, data_source = run["recipe"], run.get("data", "")
    if not data_source:
        digits = "this session's MNIST"
    else:
        digits = "the shipped MNIST sample" if "sample" in data_source else "MNIST"
    how = (
        f"{recipe['name']} recipe, {recipe['epochs']} epochs over {run['train_images']:,} "
        f"digits of {digits}, {run['seconds']:.0f} s of training"
    )
    shipped, cached = "loaded the shipped weights: ", "loaded weights trained earlier: "
    source = {"shipped": shipped, "cache": cached}
    return source.get(run["source"], "trained now: ") + how


def mnist_runs(name: str, retrain=None):
    """Notebook 07's ``MNIST_SEEDS`` trained models of one of ``COMPARED``, seeds 0, 1, ...

    The shipped weights (``mnist_<name>.npz``) were trained with the model's recipe on the
    shipped MNIST sample's 8,000 training digits, so every machine scores the same models.
    ``retrain`` (default ``settings.retrain()``) trains them now on :func:`data.load_mnist`'s
    digits instead. Returns ``(models, record)``; the record holds the recipe, each seed's
    seconds and history, and ``source`` (``"shipped"`` or ``"trained"``).
    """
    if _known(name) not in COMPARED:
        raise ValueError(f"name must be one of {COMPARED}, got {name!r}")
    retrain = settings.retrain() if retrain is None else retrain
    if retrain or not (SHIPPED / f"mnist_{name}.npz").is_file():
        (train_bytes, _), (test_bytes, _) = data.load_mnist(verbose=False)
        models, record = train_mnist_runs(name, train_bytes, test_bytes)
        return models, {**record, "source": "trained"}
    record, saved = _shipped_arrays(f"mnist_{name}")
    models = _seeded_models(lambda seed: build(name, seed), record["seeds"], saved)
    return models, {**record, "source": "shipped"}


def train_mnist_runs(name: str, train_bytes, test_bytes, seeds=None):
    """Train seeds 0, 1, ... of ``name``; returns ``(models, record)`` (see :func:`mnist_runs`)."""
    seeds = check_int("seeds", MNIST_SEEDS if seeds is None else seeds, 1)
    x_test = test_bytes[..., None].astype("float32") / 255
    models, runs = [], []
    for seed in range(seeds):
        model = build(name, seed)
        runs.append(run_record(fit(name, model, train_bytes, x_test, seed=seed), model, x_test))
        models.append(model)
    keep = ("seconds", "history", "test_bce", "test_psnr")
    record = {
        "name": name,
        "recipe": runs[0]["recipe"],
        "seeds": seeds,
        "train_images": runs[0]["train_images"],
        "test_images": len(x_test),
        "runs": [{key: run[key] for key in keep} for run in runs],
        "keras": runs[0]["keras"],
        "machine": f"{runs[0]['machine']}, {cores()} cores",
    }
    return models, record


def _shipped_arrays(name: str):
    """``(record, arrays)``: the JSON record of the shipped ``name.npz`` and its arrays, read only
    after the file matched the record's sha256 (else ``OSError`` saying how to restore it)."""
    import numpy as np

    weights_file = SHIPPED / f"{name}.npz"
    record = json.loads((SHIPPED / f"{name}.json").read_text())
    data.check_sha256(weights_file, record.get("sha256"), RESTORE)
    with np.load(weights_file, allow_pickle=False) as saved:
        return record, {key: saved[key] for key in saved.files}


def _seeded_models(build_seed, seeds: int, saved: dict) -> list:
    """``seeds`` models from ``build_seed(seed)``, holding ``saved``'s ``seed<k>_<i>`` arrays."""
    models = []
    for seed in range(seeds):
        model = build_seed(seed)
        model.set_weights([saved[f"seed{seed}_{i}"] for i in range(len(model.get_weights()))])
        models.append(model)
    return models


# ------------------------------------------------ notebook 06: the 1-D patch autoencoder


def bezier_patches():
    """Notebook 06's ``(training, test)`` patches: 2,000 and 500 seeded curves, cut at 0, 4, 8."""
    return (
        data.curve_patches(data.bezier_curves(2000, seed=0)[0]),
        data.curve_patches(data.bezier_curves(500, seed=1)[0]),
    )


def train_patch_runs(variant: str, patches, seeds=None, epochs=None):
    """Train ``seeds`` patch autoencoders of one variant; returns ``(runs, seconds)``.

    ``seeds`` and ``epochs`` default to ``PATCH_SEEDS`` and ``PATCH_EPOCHS``.
    Each run is a dict of ``encoder``, ``decoder``, ``losses`` (see
    :func:`patch_model.train_patch_autoencoder`) and ``seed``.
    """
    import time

    noise = PATCH_VARIANTS[registry.check("patch", variant)]
    seeds = check_int("seeds", PATCH_SEEDS if seeds is None else seeds, 1)
    epochs = PATCH_EPOCHS if epochs is None else epochs
    start, runs = time.perf_counter(), []
    for seed in range(seeds):
        encoder, decoder, losses = patch_model.train_patch_autoencoder(
            patches, seed=seed, epochs=epochs, **noise
        )
        runs.append(dict(encoder=encoder, decoder=decoder, losses=losses, seed=seed))
    return runs, time.perf_counter() - start


def patch_runs(variant: str, retrain=None):
    """Notebook 06's runs of one variant: the shipped weights or, with ``retrain``, trained now.

    Returns ``(runs, record)``: runs as in :func:`train_patch_runs`, and the
    provenance record (seeds, epochs, seconds, ``source``).
    """
    noise = PATCH_VARIANTS[registry.check("patch", variant)]
    retrain = settings.retrain() if retrain is None else retrain
    if retrain or not (SHIPPED / f"patch_{variant}.npz").is_file():
        runs, seconds = train_patch_runs(variant, bezier_patches()[0])
        return runs, {
            "seeds": len(runs),
            "epochs": PATCH_EPOCHS,
            "seconds": round(seconds, 1),
            "source": "trained",
        }
    record, saved = _shipped_arrays(f"patch_{variant}")
    runs = []
    for seed in range(record["seeds"]):
        encoder, decoder, _ = patch_model.patch_autoencoder(
            patch_model.WINDOW, noise.get("code_noise"), noise.get("input_noise", 0.0)
        )
        encoder.set_weights([saved[f"encoder_{seed}"]])
        decoder.set_weights([saved[f"decoder_{seed}"]])
        runs.append(
            dict(encoder=encoder, decoder=decoder, losses=saved[f"losses_{seed}"], seed=seed)
        )
    return runs, {**record, "source": "shipped"}


# ------------------------------------------------ notebook 11: super-resolution heads


def train_superres_runs(variant: str, train_images, seeds=None, steps=None):
    """Train ``seeds`` models of one :mod:`superres` head (seeds 0, 1, ...) with its recipe.

    Returns ``(models, seconds)``: the trained models and each one's training seconds.
    ``seeds`` defaults to ``SUPERRES_SEEDS``, ``steps`` to :func:`superres.fit`'s default.
    """
    variant = registry.check("superres", variant)
    seeds = check_int("seeds", SUPERRES_SEEDS if seeds is None else seeds, 1)
    models, seconds = [], []
    for seed in range(seeds):
        model = superres.build(variant, seed=seed)
        seconds.append(superres.fit(model, train_images, steps=steps, seed=seed)["seconds"])
        models.append(model)
    return models, seconds


def superres_runs(variant: str, retrain=None):
    """Notebook 11's trained models of one head: the shipped weights or, with ``retrain``, new ones.

    The shipped weights were trained on the shipped MNIST sample's 8,000 training digits
    (the same digits on every machine). Retraining uses :func:`data.load_mnist` (``retrain``
    defaults to ``settings.retrain()``). Returns ``(models, record)``; the record holds the
    recipe, seeds, steps, each run's seconds and ``source`` (``"shipped"`` or ``"trained"``).
    """
    variant = registry.check("superres", variant)
    retrain = settings.retrain() if retrain is None else retrain
    if retrain or not (SHIPPED / f"superres_{variant}.npz").is_file():
        (train, _), _ = data.load_mnist(verbose=False)
        models, seconds = train_superres_runs(variant, train)
        return models, {
            **superres_record(variant, seconds, len(train)),
            "source": "trained",
        }
    record, saved = _shipped_arrays(f"superres_{variant}")
    models = _seeded_models(lambda seed: superres.build(variant, seed=seed), record["seeds"], saved)
    return models, {**record, "source": "shipped"}


def superres_record(variant: str, seconds, train_images: int) -> dict:
    keras = settings.quiet_tensorflow()[1]
    return {
        "variant": variant,
        "recipe": {**superres.RECIPE, "steps": superres.fit_steps()},
        "seeds": len(seconds),
        "seconds": [round(s, 1) for s in seconds],
        "train_images": train_images,
        "keras": keras.__version__,
        "machine": f"{platform.machine()} {platform.system()}, {cores()} cores",
    }


def cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
