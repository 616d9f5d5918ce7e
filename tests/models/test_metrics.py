"""Reconstruction scores: binary cross-entropy and PSNR."""

import numpy as np
import pytest

from transposed_conv.models import metrics, mnist_models


def test_psnr():
    a = np.zeros((2, 4))
    assert metrics.psnr(a, a + 0.1) == pytest.approx(20.0)
    with pytest.raises(ValueError, match="shape"):
        metrics.psnr(a, np.zeros(3))


def test_reconstruction_scores_match_keras_and_psnr(keras, rng):
    x = rng.random((30, 28, 28, 1)).astype("float32")
    model = mnist_models.strided_autoencoder(2, width=4)
    model.compile(loss="binary_crossentropy")
    bce, db = metrics.reconstruction_scores(model, x, batch_size=7)
    assert bce == pytest.approx(float(model.evaluate(x, x, verbose=0)), rel=1e-4)
    assert db == pytest.approx(metrics.psnr(x, model.predict(x, verbose=0)), rel=1e-4)
