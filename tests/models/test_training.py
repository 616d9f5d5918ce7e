"""Notebooks 06, 07 and 11: recipes and shipped weights (the same code trains, ships and loads)."""

import json

import numpy as np
import pytest

from transposed_conv import data, mnist_models, patch_model, superres, training


@pytest.fixture
def tiny(keras):
    images = (np.random.default_rng(0).random((40, 28, 28)) * 255).astype(np.uint8)
    return images, images[:8, ..., None].astype("float32") / 255


def test_every_model_builds_and_its_recipe_is_the_documented_one(keras):
    assert training.RECIPES["reading"] == dict(
        learning_rate=1e-3, batch_size=1000, epochs=25, validation=0.2
    )
    assert training.RECIPES["course"]["batch_size"] == 64
    assert training.build("reading_model").count_params() == 12785  # the reading's summary
    assert mnist_models.code_size(training.build("strided_code_196")) == 196
    with pytest.raises(ValueError, match="name"):
        training.build("no such model")


def test_seed_recipe_holds_out_the_last_fifth(tiny):
    images, x_test = tiny
    run = training.fit("reading_model", training.build("reading_model"), images, x_test, epochs=1)
    assert run["train_images"] == 32 and "val_loss" in run["history"]


def test_shipped_weights_load_and_retraining_goes_to_the_cache(tiny, tmp_path, monkeypatch):
    images, x_test = tiny
    monkeypatch.setattr(training, "SHIPPED", tmp_path / "shipped")
    monkeypatch.setenv("TRANSPOSED_CONV_CACHE", str(tmp_path / "cache"))
    monkeypatch.setitem(training.RECIPES, "course", dict(training.RECIPES["course"], epochs=1))
    trained = training.build("strided_code_196")
    run = training.load_or_train(
        "strided_code_196", trained, images, x_test, retrain=False, verbose=0
    )
    assert (
        run["source"] == "trained"
        and (tmp_path / "cache" / "weights" / "strided_code_196.weights.h5").is_file()
    )
    assert training.describe(run).startswith("trained now: course recipe, 1 epochs over 40 digits")
    # ship what was trained, as make_weights does, then load it into a fresh model
    (tmp_path / "shipped").mkdir()
    shipped = tmp_path / "shipped" / "strided_code_196.weights.h5"
    trained.save_weights(shipped)
    record = {**run, "data": "test digits", "sha256": data.file_sha256(shipped)}
    (tmp_path / "shipped" / "strided_code_196.json").write_text(
        json.dumps({k: v for k, v in record.items() if k != "loaded"})
    )
    fresh = training.build("strided_code_196")
    loaded = training.load_or_train("strided_code_196", fresh, images, x_test, retrain=False)
    assert loaded["source"] == "shipped" and "loaded the shipped weights" in training.describe(
        loaded
    )
    np.testing.assert_allclose(
        fresh.predict(x_test, verbose=0), trained.predict(x_test, verbose=0), atol=1e-6
    )
    shipped.write_bytes(shipped.read_bytes()[:-10])
    with pytest.raises(OSError, match="damaged.*git checkout"):
        training.load_or_train("strided_code_196", fresh, images, x_test, retrain=False)


def test_patch_runs_ship_load_and_refuse_damage(keras, tmp_path, monkeypatch):
    monkeypatch.setattr(training, "SHIPPED", tmp_path)
    monkeypatch.setattr(training, "PATCH_SEEDS", 2)
    monkeypatch.setattr(training, "PATCH_EPOCHS", 10)
    assert "2 seeds" in training._ship_patch_runs("code_noise")
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
    assert "2 seeds" in training._ship_superres_runs("transposed_k4")
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
    assert "2 seeds" in training._ship_mnist_runs("denoising_code_196")
    models, record = training.mnist_runs("denoising_code_196", retrain=False)
    assert record["source"] == "shipped" and len(models) == len(record["runs"]) == 2
    assert record["recipe"]["name"] == "course" and record["train_images"] == 40
    first, second = (m.predict(x_test, verbose=0) for m in models)
    assert np.abs(first - second).max() > 1e-3  # two seeds, two different models
    with pytest.raises(ValueError, match="name"):
        training.mnist_runs("reading_model")  # the reading's recipe is one run, not compared


def test_build_seeds_the_weights(keras):
    same = [training.build("strided_code_196", seed).get_weights()[0] for seed in (1, 1, 2)]
    np.testing.assert_array_equal(same[0], same[1])
    assert not np.allclose(same[0], same[2])
