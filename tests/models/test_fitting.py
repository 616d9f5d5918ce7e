"""fit_timed: the test loss against training time."""

import numpy as np

from transposed_conv.models import data, fitting, mnist_models


def test_fit_timed_tracks_test_loss_and_stops_at_target(keras, rng):
    x = rng.random((64, 28, 28, 1)).astype("float32")
    model = mnist_models.strided_autoencoder(2, width=4)
    model.compile(optimizer="adam", loss="mse")
    start = float(model.evaluate(x, x, verbose=0))
    run = fitting.fit_timed(
        model, x, x, eval_every=2, target=start * 2, batch_size=16, epochs=3, verbose=0
    )
    assert run["reached"] is not None and len(run["curve"]) == 1  # reached at the first measurement
    run = fitting.fit_timed(model, x, x, eval_every=0, batch_size=16, epochs=2, verbose=0)
    assert len(run["curve"]) == 2 and run["reached"] is None and run["seconds"] > 0
    times = [t for t, _ in run["curve"]]
    assert times == sorted(times)


def test_fit_timed_accepts_a_dataset(keras):
    images = (np.random.default_rng(0).random((40, 28, 28)) * 255).astype(np.uint8)
    model = mnist_models.strided_autoencoder(2, width=4)
    model.compile(optimizer="adam", loss="mse")
    run = fitting.fit_timed(
        model, data.image_batches(images, 16), images[..., None] / 255.0, epochs=2, verbose=0
    )
    assert len(run["history"]["loss"]) == 2 and len(run["curve"]) == 2
