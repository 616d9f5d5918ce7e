"""Weights saved in the user's cache, checked by sha256, loaded back."""

import numpy as np
import pytest

from transposed_conv.models import fitting, mnist_models, weights


def test_train_or_load_trains_once_then_loads(keras, rng, tmp_path):
    x = rng.random((32, 28, 28, 1)).astype("float32")
    calls = []

    def fit(model):
        calls.append(1)
        model.compile(optimizer="adam", loss="mse")
        return fitting.fit_timed(model, x, x, batch_size=16, epochs=1, verbose=0)

    first = mnist_models.strided_autoencoder(2, width=4)
    run = weights.train_or_load(first, "tiny", fit, folder=tmp_path)
    second = mnist_models.strided_autoencoder(2, width=4)
    again = weights.train_or_load(second, "tiny", fit, folder=tmp_path)
    assert calls == [1] and not run["loaded"] and again["loaded"]
    assert again["curve"] == [list(p) for p in run["curve"]]
    np.testing.assert_allclose(second.predict(x, verbose=0), first.predict(x, verbose=0), atol=1e-6)
    weights.train_or_load(second, "tiny", fit, retrain=True, folder=tmp_path)
    assert calls == [1, 1]
    with pytest.raises(ValueError, match="name"):
        weights.train_or_load(second, "a/b", fit, folder=tmp_path)


@pytest.mark.parametrize("damage", ["flipped byte", "truncated", "bad record"])
def test_train_or_load_names_a_damaged_file_and_the_way_back(keras, tmp_path, damage):
    x = np.zeros((4, 28, 28, 1), "float32")

    def fit(model):
        model.compile(optimizer="adam", loss="mse")
        return fitting.fit_timed(model, x, x, batch_size=4, epochs=1, verbose=0)

    weights.train_or_load(
        mnist_models.strided_autoencoder(2, width=4), "tiny", fit, folder=tmp_path
    )
    saved, record = tmp_path / "tiny.weights.h5", tmp_path / "tiny.json"
    if damage == "flipped byte":
        content = bytearray(saved.read_bytes())
        content[len(content) // 2] ^= 0xFF
        saved.write_bytes(bytes(content))
    elif damage == "truncated":
        saved.write_bytes(saved.read_bytes()[:100])
    else:
        record.write_text("{not json")
    with pytest.raises(OSError, match=r"tiny\.(weights\.h5|json).*damaged.*retrain=True"):
        weights.train_or_load(
            mnist_models.strided_autoencoder(2, width=4), "tiny", fit, folder=tmp_path
        )
    run = weights.train_or_load(
        mnist_models.strided_autoencoder(2, width=4), "tiny", fit, retrain=True, folder=tmp_path
    )
    assert not run["loaded"]
