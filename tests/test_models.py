"""The 1-D patch autoencoder builders and helpers."""

import numpy as np
import pytest

from transposed_conv import data, models, ops


def test_shapes_of_patch_and_full_models(keras):
    enc, dec, auto = models.patch_autoencoder()
    assert enc.output_shape == (None, 1, 3) and dec.output_shape == (None, 7, 1) and auto.output_shape == (None, 7, 1)
    enc, dec, auto = models.patch_autoencoder(15)
    assert enc.output_shape == (None, 3, 3) and auto.output_shape == (None, 15, 1)
    assert auto.count_params() == 7 * 3 + 7 * 3  # no biases
    with pytest.raises(ValueError, match="length"):
        models.patch_autoencoder(9)
    with pytest.raises(ValueError, match="input_noise"):
        models.patch_autoencoder(input_noise=-1)
    with pytest.raises(ValueError, match="stddevs"):
        models.component_noise_layer([[0.1]])


def test_decoder_is_a_weighted_sum_of_its_filters(keras, rng):
    _, dec, _ = models.patch_autoencoder()
    code = rng.normal(size=(4, 1, 3)).astype("float32")
    out = dec.predict(code, verbose=0)[:, :, 0]
    filters = models.decoder_filters(dec)
    np.testing.assert_allclose(out, [models.decode(filters, c[0]) for c in code], atol=1e-5)
    # and the same numbers come from the NumPy transposed convolution with the layer's kernel
    kernel = dec.layers[-1].get_weights()[0]
    np.testing.assert_allclose(out, ops.conv1d_transpose(code, kernel, strides=4)[:, :, 0], atol=1e-5)
    with pytest.raises(ValueError, match="code"):
        models.decode(filters, [1.0, 2.0])


def test_encoder_filters_are_the_conv1d_weights(keras, rng):
    enc, _, _ = models.patch_autoencoder()
    x = rng.normal(size=(5, 7, 1)).astype("float32")
    np.testing.assert_allclose(enc.predict(x, verbose=0)[:, 0, :], np.tanh(x[:, :, 0] @ models.encoder_filters(enc).T), atol=1e-5)


def test_align_filters_undoes_order_and_sign(rng):
    reference = rng.normal(size=(3, 7))
    shuffled = np.array([-1.0, 1.0, -1.0])[:, None] * reference[[2, 0, 1]]
    aligned, order, signs = models.align_filters(shuffled, reference)
    np.testing.assert_allclose(aligned, reference)
    np.testing.assert_allclose(signs[:, None] * shuffled[order], aligned)
    with pytest.raises(ValueError, match="same"):
        models.align_filters(reference[:2], reference)


def test_training_is_seeded_and_learns(keras):
    curves, _ = data.bezier_curves(500, seed=0)
    patches = models.curve_patches(curves)
    assert patches.shape == (1500, 7)
    np.testing.assert_array_equal(patches[500], curves[0, 4:11])
    enc1, dec1, losses = models.train_patch_autoencoder(patches, seed=3, epochs=40)
    _, dec2, _ = models.train_patch_autoencoder(patches, seed=3, epochs=40)
    assert losses.shape == (4,) and losses[-1] < losses[0] / 2
    np.testing.assert_allclose(models.decoder_filters(dec1), models.decoder_filters(dec2), atol=1e-6)
    with pytest.raises(ValueError, match="patches"):
        models.train_patch_autoencoder(curves, epochs=10)
    with pytest.raises(ValueError, match="epochs"):
        models.train_patch_autoencoder(patches, epochs=5)
    with pytest.raises(ValueError, match="curves"):
        models.curve_patches(np.ones((2, 9)))


def test_code_noise_acts_only_in_training(keras):
    layer = models.component_noise_layer([0.0, 0.0, 1.0])
    code = np.zeros((2000, 3), "float32")
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(layer(code)), code)
    noisy = keras.ops.convert_to_numpy(layer(code, training=True))
    assert np.all(noisy[:, :2] == 0) and 0.9 < noisy[:, 2].std() < 1.1


def test_seed_autoencoder_matches_the_reading(keras):
    """Output shapes and parameter counts printed in seed 001's model summary."""
    model = models.seed_autoencoder()
    expected = [
        ("conv2d_1", (26, 26, 32), 320),
        ("conv2d_2", (24, 24, 16), 4624),
        ("conv2d_3", (22, 22, 8), 1160),
        ("conv2d_transpose_1", (24, 24, 8), 584),
        ("conv2d_transpose_2", (26, 26, 16), 1168),
        ("conv2d_transpose_3", (28, 28, 32), 4640),
        ("conv2d_4", (28, 28, 1), 289),
    ]
    got = [(layer.name, tuple(layer.output.shape[1:]), layer.count_params()) for layer in model.layers]
    assert got == expected
    assert model.count_params() == 12785
    assert models.code_size(model) == 22 * 22 * 8


def test_strided_autoencoder_shapes_and_code(keras, rng):
    model = models.strided_autoencoder(4)
    assert model.output_shape == (None, 28, 28, 1) and models.code_size(model) == 196
    assert models.code_size(models.strided_autoencoder(16)) == 784
    encoder, decoder = models.split_at_code(model)
    x = rng.random((3, 28, 28, 1)).astype("float32")
    code = encoder.predict(x, verbose=0)
    assert code.shape == (3, 7, 7, 4)
    np.testing.assert_allclose(decoder.predict(code, verbose=0), model.predict(x, verbose=0), atol=1e-6)
    noisy = models.strided_autoencoder(4, noise=0.3)
    assert noisy.layers[0].name == "input_noise"
    np.testing.assert_allclose(noisy.predict(x, verbose=0), noisy.predict(x, verbose=0))  # no noise at inference
    with pytest.raises(ValueError, match="code_channels"):
        models.strided_autoencoder(0)
    with pytest.raises(ValueError, match="noise"):
        models.strided_autoencoder(4, noise=-0.1)
    with pytest.raises(ValueError, match="code layer"):
        models.code_size(models.patch_autoencoder()[2])


def test_fit_timed_tracks_test_loss_and_stops_at_target(keras, rng):
    x = rng.random((64, 28, 28, 1)).astype("float32")
    model = models.strided_autoencoder(2, width=4)
    model.compile(optimizer="adam", loss="mse")
    start = float(model.evaluate(x, x, verbose=0))
    run = models.fit_timed(model, x, x, eval_every=2, target=start * 2, batch_size=16, epochs=3, verbose=0)
    assert run["reached"] is not None and len(run["curve"]) == 1  # reached at the first measurement
    run = models.fit_timed(model, x, x, eval_every=0, batch_size=16, epochs=2, verbose=0)
    assert len(run["curve"]) == 2 and run["reached"] is None and run["seconds"] > 0
    times = [t for t, _ in run["curve"]]
    assert times == sorted(times)


def test_psnr():
    a = np.zeros((2, 4))
    assert models.psnr(a, a + 0.1) == pytest.approx(20.0)
    with pytest.raises(ValueError, match="shape"):
        models.psnr(a, np.zeros(3))


def test_train_or_load_trains_once_then_loads(keras, rng, tmp_path):
    x = rng.random((32, 28, 28, 1)).astype("float32")
    calls = []

    def fit(model):
        calls.append(1)
        model.compile(optimizer="adam", loss="mse")
        return models.fit_timed(model, x, x, batch_size=16, epochs=1, verbose=0)

    first = models.strided_autoencoder(2, width=4)
    run = models.train_or_load(first, "tiny", fit, folder=tmp_path)
    second = models.strided_autoencoder(2, width=4)
    again = models.train_or_load(second, "tiny", fit, folder=tmp_path)
    assert calls == [1] and not run["loaded"] and again["loaded"]
    assert again["curve"] == [list(p) for p in run["curve"]]
    np.testing.assert_allclose(second.predict(x, verbose=0), first.predict(x, verbose=0), atol=1e-6)
    models.train_or_load(second, "tiny", fit, retrain=True, folder=tmp_path)
    assert calls == [1, 1]
    with pytest.raises(ValueError, match="name"):
        models.train_or_load(second, "a/b", fit, folder=tmp_path)


@pytest.mark.parametrize("damage", ["flipped byte", "truncated", "bad record"])
def test_train_or_load_names_a_damaged_file_and_the_way_back(keras, tmp_path, damage):
    x = np.zeros((4, 28, 28, 1), "float32")

    def fit(model):
        model.compile(optimizer="adam", loss="mse")
        return models.fit_timed(model, x, x, batch_size=4, epochs=1, verbose=0)

    models.train_or_load(models.strided_autoencoder(2, width=4), "tiny", fit, folder=tmp_path)
    weights, record = tmp_path / "tiny.weights.h5", tmp_path / "tiny.json"
    if damage == "flipped byte":
        content = bytearray(weights.read_bytes())
        content[len(content) // 2] ^= 0xFF
        weights.write_bytes(bytes(content))
    elif damage == "truncated":
        weights.write_bytes(weights.read_bytes()[:100])
    else:
        record.write_text("{not json")
    with pytest.raises(OSError, match=r"tiny\.(weights\.h5|json).*damaged.*retrain=True"):
        models.train_or_load(models.strided_autoencoder(2, width=4), "tiny", fit, folder=tmp_path)
    run = models.train_or_load(models.strided_autoencoder(2, width=4), "tiny", fit, retrain=True, folder=tmp_path)
    assert not run["loaded"]


def test_fit_timed_accepts_a_dataset(keras):
    images = (np.random.default_rng(0).random((40, 28, 28)) * 255).astype(np.uint8)
    model = models.strided_autoencoder(2, width=4)
    model.compile(optimizer="adam", loss="mse")
    run = models.fit_timed(model, data.image_batches(images, 16), images[..., None] / 255.0, epochs=2, verbose=0)
    assert len(run["history"]["loss"]) == 2 and len(run["curve"]) == 2


def test_reconstruction_scores_match_keras_and_psnr(keras, rng):
    x = rng.random((30, 28, 28, 1)).astype("float32")
    model = models.strided_autoencoder(2, width=4)
    model.compile(loss="binary_crossentropy")
    bce, db = models.reconstruction_scores(model, x, batch_size=7)
    assert bce == pytest.approx(float(model.evaluate(x, x, verbose=0)), rel=1e-4)
    assert db == pytest.approx(models.psnr(x, model.predict(x, verbose=0)), rel=1e-4)


def test_keras_conv_transpose_helper(keras, rng):
    x = rng.normal(size=(2, 3, 4, 3))
    kernel = rng.normal(size=(2, 3, 5, 3))
    out = models.keras_conv_transpose(x, kernel, strides=2, padding="same")
    np.testing.assert_allclose(out, ops.conv2d_transpose(x, kernel, 2, "same"), atol=1e-4)
    # seed 001's stride-1 example, single channel
    square = np.array([[0.0, 1.0], [2.0, 3.0]])
    np.testing.assert_allclose(models.keras_conv_transpose(square, square), [[0, 0, 1], [0, 4, 6], [4, 12, 9]])
    with pytest.raises(ValueError, match="both"):
        models.keras_conv_transpose(np.ones((3, 3)), np.ones((2, 2, 1, 1)))
