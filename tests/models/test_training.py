"""Notebooks 06, 07 and 11: recipes and shipped weights (the same code trains, ships and loads)."""

import json

import numpy as np
import pytest

from transposed_conv.models import data, mnist_models, training


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


def test_build_seeds_the_weights(keras):
    same = [training.build("strided_code_196", seed).get_weights()[0] for seed in (1, 1, 2)]
    np.testing.assert_array_equal(same[0], same[1])
    assert not np.allclose(same[0], same[2])
