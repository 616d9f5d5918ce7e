"""How the models of notebooks 06, 07 and 11 are trained, and the trained weights the package ships.

``make weights`` (``python -m transposed_conv.training``) trains every model the three
notebooks show, at full size, with the functions below (the ones the notebooks call), and
writes the weights and a provenance record (data, recipe, epochs, seconds, test metrics,
sha256) to ``resources/weights/``. The notebooks load those by default, so their committed
outputs and a learner's first run show trained models in seconds;
``TRANSPOSED_CONV_RETRAIN=1`` (``settings.retrain()``) trains from scratch instead, at
full size, through the same functions.
"""

from __future__ import annotations

import json
import platform

from . import data, fitting, metrics, mnist_models, patch_model, settings, superres, weights
from .shapes import check_int
from .weights import SHIPPED

RESTORE = (
    "restore them with `git checkout -- src/transposed_conv/resources/weights` "
    "in the course folder, reinstall the package, or retrain (TRANSPOSED_CONV_RETRAIN=1)"
)
RECIPES = {
    "reading": dict(
        learning_rate=1e-3, batch_size=1000, epochs=25, validation=0.2
    ),  # the course reading's
    "course": dict(learning_rate=2e-3, batch_size=64, epochs=10, validation=0.0),
}
MODELS = {  # name -> (builder of a model from a seed, recipe)
    "reading_model": (lambda seed: mnist_models.reading_autoencoder(), "reading"),
    "reading_model_course": (lambda seed: mnist_models.reading_autoencoder(), "course"),
    "strided_code_784": (lambda seed: mnist_models.strided_autoencoder(16), "course"),
    "strided_code_196": (lambda seed: mnist_models.strided_autoencoder(4), "course"),
    "denoising_code_196": (
        lambda seed: mnist_models.strided_autoencoder(4, noise=0.3, noise_seed=seed),
        "course",
    ),
}
# Notebook 07 compares these at one recipe and budget, each from MNIST_SEEDS seeds
COMPARED = ("reading_model_course", "strided_code_784", "strided_code_196", "denoising_code_196")
MNIST_SEEDS = 3


def _known(name: str) -> str:
    if name not in MODELS:
        raise ValueError(f"name must be one of {sorted(MODELS)}, got {name!r}")
    return name


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
        lambda m: _record(fit(name, m, train_bytes, x_test, verbose=verbose), m, x_test),
        retrain=bool(retrain),
    )
    return {**run, "source": "cache" if run["loaded"] else "trained"}


def _record(run: dict, model, x_test) -> dict:
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
        models, record = _train_mnist_runs(name, train_bytes, test_bytes)
        return models, {**record, "source": "trained"}
    record, saved = _shipped_arrays(f"mnist_{name}")
    models = _seeded_models(lambda seed: build(name, seed), record["seeds"], saved)
    return models, {**record, "source": "shipped"}


def _train_mnist_runs(name: str, train_bytes, test_bytes, seeds=None):
    """Train seeds 0, 1, ... of ``name``; returns ``(models, record)`` (see :func:`mnist_runs`)."""
    seeds = check_int("seeds", MNIST_SEEDS if seeds is None else seeds, 1)
    x_test = test_bytes[..., None].astype("float32") / 255
    models, runs = [], []
    for seed in range(seeds):
        model = build(name, seed)
        runs.append(_record(fit(name, model, train_bytes, x_test, seed=seed), model, x_test))
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
        "machine": f"{runs[0]['machine']}, {_cores()} cores",
    }
    return models, record


def _ship_mnist_runs(name: str) -> str:
    (train_bytes, _), (test_bytes, _) = data.load_mnist(offline=True, verbose=False)
    models, record = _train_mnist_runs(name, train_bytes, test_bytes)
    arrays = _seed_arrays(models)
    record["data"] = "the shipped MNIST sample's 8,000 / 2,000 digits (load_mnist(offline=True))"
    _ship_arrays(f"mnist_{name}", arrays, record)
    return f"mnist_{name}: {len(models)} seeds, {sum(r['seconds'] for r in record['runs']):.0f} s"


def _shipped_arrays(name: str):
    """``(record, arrays)``: the JSON record of the shipped ``name.npz`` and its arrays, read only
    after the file matched the record's sha256 (else ``OSError`` saying how to restore it)."""
    import numpy as np

    weights_file = SHIPPED / f"{name}.npz"
    record = json.loads((SHIPPED / f"{name}.json").read_text())
    data.check_sha256(weights_file, record.get("sha256"), RESTORE)
    with np.load(weights_file, allow_pickle=False) as saved:
        return record, {key: saved[key] for key in saved.files}


def _seed_arrays(models) -> dict:
    """The weights of models trained from seeds 0, 1, ... as ``seed<k>_<i>`` arrays."""
    return {
        f"seed{seed}_{i}": w
        for seed, model in enumerate(models)
        for i, w in enumerate(model.get_weights())
    }


def _seeded_models(build_seed, seeds: int, saved: dict) -> list:
    """``seeds`` models from ``build_seed(seed)``, holding ``saved``'s ``seed<k>_<i>`` arrays."""
    models = []
    for seed in range(seeds):
        model = build_seed(seed)
        model.set_weights([saved[f"seed{seed}_{i}"] for i in range(len(model.get_weights()))])
        models.append(model)
    return models


def _ship_arrays(name: str, arrays: dict, record: dict) -> None:
    """Write ``name.npz`` and, beside it, ``record`` with the file's sha256 added."""
    import numpy as np

    weights_file = SHIPPED / f"{name}.npz"
    np.savez(weights_file, **arrays)
    record = {**record, "sha256": data.file_sha256(weights_file)}
    (SHIPPED / f"{name}.json").write_text(json.dumps(record, indent=1) + "\n")


# ------------------------------------------------ notebook 06: the 1-D patch autoencoder

PATCH_VARIANTS = {
    "plain": {},
    "code_noise": {"code_noise": [0.0, 0.05, 0.2]},
    "input_noise": {"input_noise": 0.02},
}
PATCH_SEEDS = 6  # independent runs per variant
PATCH_EPOCHS = 300


def bezier_patches():
    """Notebook 06's ``(training, test)`` patches: 2,000 and 500 seeded curves, cut at 0, 4, 8."""
    return (
        data.curve_patches(data.bezier_curves(2000, seed=0)[0]),
        data.curve_patches(data.bezier_curves(500, seed=1)[0]),
    )


def _patch_variant(variant: str) -> dict:
    if variant not in PATCH_VARIANTS:
        raise ValueError(f"variant must be one of {sorted(PATCH_VARIANTS)}, got {variant!r}")
    return PATCH_VARIANTS[variant]


def train_patch_runs(variant: str, patches, seeds=None, epochs=None):
    """Train ``seeds`` patch autoencoders of one variant; returns ``(runs, seconds)``.

    ``seeds`` and ``epochs`` default to ``PATCH_SEEDS`` and ``PATCH_EPOCHS``.
    Each run is a dict of ``encoder``, ``decoder``, ``losses`` (see
    :func:`patch_model.train_patch_autoencoder`) and ``seed``.
    """
    import time

    noise = _patch_variant(variant)
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
    noise = _patch_variant(variant)
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


def _ship_patch_runs(variant: str) -> str:
    runs, seconds = train_patch_runs(variant, bezier_patches()[0])
    arrays = {}
    for run in runs:
        arrays[f"encoder_{run['seed']}"] = run["encoder"].get_weights()[0]
        arrays[f"decoder_{run['seed']}"] = run["decoder"].get_weights()[0]
        arrays[f"losses_{run['seed']}"] = run["losses"]
    record = {
        "variant": variant,
        "noise": _patch_variant(variant),
        "seeds": len(runs),
        "epochs": PATCH_EPOCHS,
        "seconds": round(seconds, 1),
        "data": "data.bezier_curves(2000, seed=0), patches at offsets 0, 4, 8",
        "recipe": "Adam 0.01, MSE, batch 256 (patch_model.train_patch_autoencoder)",
    }
    _ship_arrays(f"patch_{variant}", arrays, record)
    return f"patch_{variant}: {len(runs)} seeds, {seconds:.0f} s"


def _ship_mnist_models(names) -> None:
    import io
    from contextlib import redirect_stdout

    settings.quiet_tensorflow()
    said = io.StringIO()
    with redirect_stdout(said):
        (train_bytes, _), (test_bytes, _) = data.load_mnist()
    source = (
        said.getvalue().split("MNIST source: ")[-1].strip()
    )  # Keras may print a download line first
    x_test = test_bytes[..., None].astype("float32") / 255
    for name in names:
        model = build(name)
        record = {**_record(fit(name, model, train_bytes, x_test), model, x_test), "data": source}
        weights_file = SHIPPED / f"{name}.weights.h5"
        model.save_weights(weights_file)
        record["sha256"] = data.file_sha256(weights_file)
        (SHIPPED / f"{name}.json").write_text(json.dumps(record, indent=1) + "\n")
        scores = f"test BCE {record['test_bce']:.4f}, PSNR {record['test_psnr']:.2f} dB"
        print(f"{name}: {record['seconds']:.0f} s, {scores}")


# ------------------------------------------------ notebook 11: super-resolution heads

SUPERRES_SEEDS = 3  # independent runs per head: a ranking from one run could be luck


def _superres_variant(variant: str) -> str:
    if variant not in superres.VARIANTS:
        raise ValueError(f"variant must be one of {superres.VARIANTS}, got {variant!r:.60}")
    return variant


def train_superres_runs(variant: str, train_images, seeds=None, steps=None):
    """Train ``seeds`` models of one :mod:`superres` head (seeds 0, 1, ...) with its recipe.

    Returns ``(models, seconds)``: the trained models and each one's training seconds.
    ``seeds`` defaults to ``SUPERRES_SEEDS``, ``steps`` to :func:`superres.fit`'s default.
    """
    variant = _superres_variant(variant)
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
    variant = _superres_variant(variant)
    retrain = settings.retrain() if retrain is None else retrain
    if retrain or not (SHIPPED / f"superres_{variant}.npz").is_file():
        (train, _), _ = data.load_mnist(verbose=False)
        models, seconds = train_superres_runs(variant, train)
        return models, {
            **_superres_record(variant, seconds, len(train)),
            "source": "trained",
        }
    record, saved = _shipped_arrays(f"superres_{variant}")
    models = _seeded_models(lambda seed: superres.build(variant, seed=seed), record["seeds"], saved)
    return models, {**record, "source": "shipped"}


def _superres_record(variant: str, seconds, train_images: int) -> dict:
    keras = settings.quiet_tensorflow()[1]
    return {
        "variant": variant,
        "recipe": {**superres.RECIPE, "steps": superres.fit_steps()},
        "seeds": len(seconds),
        "seconds": [round(s, 1) for s in seconds],
        "train_images": train_images,
        "keras": keras.__version__,
        "machine": f"{platform.machine()} {platform.system()}, {_cores()} cores",
    }


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def _ship_superres_runs(variant: str) -> str:
    (train, _), _ = data.load_mnist(offline=True, verbose=False)
    models, seconds = train_superres_runs(variant, train)
    arrays = _seed_arrays(models)
    record = {
        **_superres_record(variant, seconds, len(train)),
        "data": "the shipped MNIST sample's 8,000 training digits (data.load_mnist(offline=True))",
    }
    _ship_arrays(f"superres_{variant}", arrays, record)
    return f"superres_{variant}: {len(models)} seeds, {sum(seconds):.0f} s"


def make_weights(names=None) -> None:
    """Train the models at full size (real MNIST when the network allows); ship them in ``SHIPPED``.

    ``names``: some of ``MODELS``, ``mnist_<one of COMPARED>`` (its seeds), ``patch_<variant>``
    and ``superres_<variant>``; by default
    all of them. The super-resolution heads always train on the shipped MNIST sample.
    """
    names = list(
        names
        or [
            *(f"patch_{v}" for v in PATCH_VARIANTS),
            "reading_model",
            *(f"mnist_{name}" for name in COMPARED),
            *(f"superres_{v}" for v in superres.VARIANTS),
        ]
    )
    SHIPPED.mkdir(parents=True, exist_ok=True)
    for name in [n for n in names if n.startswith("patch_")]:
        print(_ship_patch_runs(name.removeprefix("patch_")), flush=True)
    for name in [n for n in names if n.startswith("superres_")]:
        print(_ship_superres_runs(name.removeprefix("superres_")), flush=True)
    for name in [n for n in names if n.startswith("mnist_")]:
        print(_ship_mnist_runs(name.removeprefix("mnist_")), flush=True)
    mnist = [n for n in names if not n.startswith(("patch_", "superres_", "mnist_"))]
    if mnist:
        _ship_mnist_models(mnist)


if __name__ == "__main__":
    import sys

    make_weights(sys.argv[1:] or None)
