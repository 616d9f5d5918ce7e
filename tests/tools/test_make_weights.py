"""tools/make_weights.py ships weights that the package loads back as the same models."""

import json

import make_weights
import numpy as np
import pytest

from transposed_conv.models import data, patch_model, superres, training


@pytest.fixture
def tiny(keras):
    images = (np.random.default_rng(0).random((40, 28, 28)) * 255).astype(np.uint8)
    return images, images[:8, ..., None].astype("float32") / 255


def test_patch_runs_ship_load_and_refuse_damage(keras, tmp_path, monkeypatch):
    monkeypatch.setattr(training, "SHIPPED", tmp_path)
    monkeypatch.setattr(training, "PATCH_SEEDS", 2)
    monkeypatch.setattr(training, "PATCH_EPOCHS", 10)
    assert "2 seeds" in make_weights._ship_patch_runs("code_noise")
    runs, record = training.patch_runs("code_noise", retrain=False)
    assert record["source"] == "shipped" and [r["seed"] for r in runs] == [0, 1]
    fresh, _ = training.train_patch_runs(
        "code_noise", training.bezier_patches()[0], seeds=1, epochs=10
    )
    np.testing.assert_allclose(
        patch_model.decoder_filters(runs[0]["decoder"]),
        patch_model.decoder_filters(fresh[0]["decoder"]),
        atol=1e-5,
    )  # seeded: the shipped run is the run training gives
    (tmp_path / "patch_code_noise.npz").write_bytes(b"garbage")
    with pytest.raises(OSError, match="patch_code_noise.npz is damaged"):
        training.patch_runs("code_noise", retrain=False)
    with pytest.raises(ValueError, match="variant"):
        training.patch_runs("loud")


def test_superres_runs_ship_load_and_refuse_damage(keras, tmp_path, monkeypatch):
    monkeypatch.setattr(training, "SHIPPED", tmp_path)
    monkeypatch.setattr(training, "SUPERRES_SEEDS", 2)
    monkeypatch.setattr(superres, "RECIPE", {**superres.RECIPE, "steps": 4})
    monkeypatch.setattr(superres, "QUICK_STEPS", 4)
    assert "2 seeds" in make_weights._ship_superres_runs("transposed_k4")
    record = json.loads((tmp_path / "superres_transposed_k4.json").read_text())
    assert record["recipe"]["steps"] == 4 and len(record["seconds"]) == 2
    assert record["train_images"] == 8000  # the shipped sample's training digits
    models, loaded = training.superres_runs("transposed_k4", retrain=False)
    assert loaded["source"] == "shipped" and len(models) == 2
    (train, _), (test, _) = data.load_mnist(offline=True, verbose=False)
    fresh, _ = training.train_superres_runs("transposed_k4", train, seeds=1, steps=4)
    np.testing.assert_allclose(
        superres.predict(models[0], test[:16]), superres.predict(fresh[0], test[:16]), atol=1e-5
    )  # seeded: the shipped model is the model training gives
    assert not np.allclose(models[0].get_weights()[0], models[1].get_weights()[0])  # two seeds
    (tmp_path / "superres_transposed_k4.npz").write_bytes(b"garbage")
    with pytest.raises(OSError, match="superres_transposed_k4.npz is damaged"):
        training.superres_runs("transposed_k4", retrain=False)
    with pytest.raises(ValueError, match="variant"):
        training.superres_runs("bicubic")


def test_mnist_runs_ship_seeds_that_differ_and_load_them_back(tiny, tmp_path, monkeypatch):
    images, x_test = tiny
    monkeypatch.setattr(training, "SHIPPED", tmp_path)
    monkeypatch.setattr(training, "MNIST_SEEDS", 2)
    monkeypatch.setitem(training.RECIPES, "course", dict(training.RECIPES["course"], epochs=1))
    monkeypatch.setattr(
        training.data, "load_mnist", lambda **kw: ((images, None), (images[:8], None))
    )
    assert "2 seeds" in make_weights._ship_mnist_runs("denoising_code_196")
    models, record = training.mnist_runs("denoising_code_196", retrain=False)
    assert record["source"] == "shipped" and len(models) == len(record["runs"]) == 2
    assert record["recipe"]["name"] == "course" and record["train_images"] == 40
    first, second = (m.predict(x_test, verbose=0) for m in models)
    assert np.abs(first - second).max() > 1e-3  # two seeds, two different models
    with pytest.raises(ValueError, match="name"):
        training.mnist_runs("reading_model")  # the reading's recipe is one run, not compared
