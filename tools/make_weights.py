"""Train the models of notebooks 06, 07 and 11 at full size and ship their weights.

``make weights`` runs ``python tools/make_weights.py`` (all of them, about 50 minutes on
2 cores); ``python tools/make_weights.py superres_resize_conv patch_plain ...`` trains
some (the names of ``registry.shipped_names()``). Each model is trained with the
functions the notebooks call (:mod:`transposed_conv.models.training`), on the shipped
MNIST sample or real MNIST as noted, and written with a JSON provenance record (data,
recipe, epochs or steps, seconds, test metrics, sha256) into the package's
``resources/weights/``: this is the only code that writes there. Commit the files,
then ``make execute``. A build tool, not part of the installed package.
"""

from __future__ import annotations

import json
import sys

import numpy as np

from transposed_conv import settings
from transposed_conv.models import data, registry, training


def _ship_arrays(name: str, arrays: dict, record: dict) -> None:
    """Write ``name.npz`` and, beside it, ``record`` with the file's sha256 added."""
    weights_file = training.SHIPPED / f"{name}.npz"
    np.savez(weights_file, **arrays)
    record = {**record, "sha256": data.file_sha256(weights_file)}
    (training.SHIPPED / f"{name}.json").write_text(json.dumps(record, indent=1) + "\n")


def _seed_arrays(models) -> dict:
    """The weights of models trained from seeds 0, 1, ... as ``seed<k>_<i>`` arrays."""
    return {
        f"seed{seed}_{i}": w
        for seed, model in enumerate(models)
        for i, w in enumerate(model.get_weights())
    }


def _ship_patch_runs(variant: str) -> str:
    runs, seconds = training.train_patch_runs(variant, training.bezier_patches()[0])
    arrays = {}
    for run in runs:
        arrays[f"encoder_{run['seed']}"] = run["encoder"].get_weights()[0]
        arrays[f"decoder_{run['seed']}"] = run["decoder"].get_weights()[0]
        arrays[f"losses_{run['seed']}"] = run["losses"]
    record = {
        "variant": variant,
        "noise": training.PATCH_VARIANTS[variant],
        "seeds": len(runs),
        "epochs": training.PATCH_EPOCHS,
        "seconds": round(seconds, 1),
        "data": "data.bezier_curves(2000, seed=0), patches at offsets 0, 4, 8",
        "recipe": "Adam 0.01, MSE, batch 256 (patch_model.train_patch_autoencoder)",
    }
    _ship_arrays(f"patch_{variant}", arrays, record)
    return f"patch_{variant}: {len(runs)} seeds, {seconds:.0f} s"


def _ship_mnist_runs(name: str) -> str:
    (train_bytes, _), (test_bytes, _) = data.load_mnist(offline=True, verbose=False)
    models, record = training.train_mnist_runs(name, train_bytes, test_bytes)
    arrays = _seed_arrays(models)
    record["data"] = "the shipped MNIST sample's 8,000 / 2,000 digits (load_mnist(offline=True))"
    _ship_arrays(f"mnist_{name}", arrays, record)
    return f"mnist_{name}: {len(models)} seeds, {sum(r['seconds'] for r in record['runs']):.0f} s"


def _ship_mnist_models(names) -> None:
    settings.quiet_tensorflow()
    mnist = data.load_mnist()
    (train_bytes, _), (test_bytes, _) = mnist
    source = mnist.source  # the loader says where its digits came from
    x_test = test_bytes[..., None].astype("float32") / 255
    for name in names:
        model = training.build(name)
        record = {
            **training.run_record(training.fit(name, model, train_bytes, x_test), model, x_test),
            "data": source,
        }
        weights_file = training.SHIPPED / f"{name}.weights.h5"
        model.save_weights(weights_file)
        record["sha256"] = data.file_sha256(weights_file)
        (training.SHIPPED / f"{name}.json").write_text(json.dumps(record, indent=1) + "\n")
        scores = f"test BCE {record['test_bce']:.4f}, PSNR {record['test_psnr']:.2f} dB"
        print(f"{name}: {record['seconds']:.0f} s, {scores}")


def _ship_superres_runs(variant: str) -> str:
    (train, _), _ = data.load_mnist(offline=True, verbose=False)
    models, seconds = training.train_superres_runs(variant, train)
    arrays = _seed_arrays(models)
    record = {
        **training.superres_record(variant, seconds, len(train)),
        "data": "the shipped MNIST sample's 8,000 training digits (data.load_mnist(offline=True))",
    }
    _ship_arrays(f"superres_{variant}", arrays, record)
    return f"superres_{variant}: {len(models)} seeds, {sum(seconds):.0f} s"


def make_weights(names=None) -> None:
    """Train the models at full size (real MNIST when the network allows); ship them.

    The files go to ``training.SHIPPED``, the package's ``resources/weights/``.

    ``names``: some of ``training.MODELS``, ``mnist_<one of COMPARED>`` (its seeds),
    ``patch_<variant>`` and ``superres_<variant>``; by default all of
    ``registry.shipped_names()``. The super-resolution heads always train on the shipped
    MNIST sample.
    """
    names = list(names or registry.shipped_names())
    training.SHIPPED.mkdir(parents=True, exist_ok=True)
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
    make_weights(sys.argv[1:] or None)
