"""The 1-D patch autoencoder of notebook 06: builders, training, filters."""

import numpy as np
import pytest

from transposed_conv import settings
from transposed_conv.core import ops
from transposed_conv.models import data, patch_model


def test_shapes_of_patch_and_full_models(keras):
    enc, dec, auto = patch_model.patch_autoencoder()
    assert (
        enc.output_shape == (None, 1, 3)
        and dec.output_shape == (None, 7, 1)
        and auto.output_shape == (None, 7, 1)
    )
    enc, dec, auto = patch_model.patch_autoencoder(15)
    assert enc.output_shape == (None, 3, 3) and auto.output_shape == (None, 15, 1)
    assert auto.count_params() == 7 * 3 + 7 * 3  # no biases
    with pytest.raises(ValueError, match="length"):
        patch_model.patch_autoencoder(9)
    with pytest.raises(ValueError, match="input_noise"):
        patch_model.patch_autoencoder(input_noise=-1)
    with pytest.raises(ValueError, match="stddevs"):
        patch_model.component_noise_layer([[0.1]])


def test_decoder_is_a_weighted_sum_of_its_filters(keras, rng):
    _, dec, _ = patch_model.patch_autoencoder()
    code = rng.normal(size=(4, 1, 3)).astype("float32")
    out = dec.predict(code, verbose=0)[:, :, 0]
    filters = patch_model.decoder_filters(dec)
    np.testing.assert_allclose(out, [patch_model.decode(filters, c[0]) for c in code], atol=1e-5)
    # and the same numbers come from the NumPy transposed convolution with the layer's kernel
    kernel = dec.layers[-1].get_weights()[0]
    np.testing.assert_allclose(
        out, ops.conv1d_transpose(code, kernel, strides=4)[:, :, 0], atol=1e-5
    )
    with pytest.raises(ValueError, match="code"):
        patch_model.decode(filters, [1.0, 2.0])


def test_encoder_filters_are_the_conv1d_weights(keras, rng):
    enc, _, _ = patch_model.patch_autoencoder()
    x = rng.normal(size=(5, 7, 1)).astype("float32")
    np.testing.assert_allclose(
        enc.predict(x, verbose=0)[:, 0, :],
        np.tanh(x[:, :, 0] @ patch_model.encoder_filters(enc).T),
        atol=1e-5,
    )


def test_align_filters_undoes_order_and_sign(rng):
    reference = rng.normal(size=(3, 7))
    shuffled = np.array([-1.0, 1.0, -1.0])[:, None] * reference[[2, 0, 1]]
    aligned, order, signs = patch_model.align_filters(shuffled, reference)
    np.testing.assert_allclose(aligned, reference)
    np.testing.assert_allclose(signs[:, None] * shuffled[order], aligned)
    with pytest.raises(ValueError, match="same"):
        patch_model.align_filters(reference[:2], reference)


def test_align_filters_without_reordering_flips_signs_only(rng):
    reference = rng.normal(size=(3, 7))
    flipped = np.array([-1.0, 1.0, -1.0])[:, None] * reference
    aligned, order, signs = patch_model.align_filters(flipped, reference, reorder=False)
    np.testing.assert_allclose(aligned, reference)
    assert order.tolist() == [0, 1, 2] and signs.tolist() == [-1.0, 1.0, -1.0]
    swapped = reference[[1, 0, 2]]  # a swap stays a swap
    kept, order, _ = patch_model.align_filters(swapped, reference, reorder=False)
    np.testing.assert_allclose(np.abs(kept), np.abs(swapped))
    assert order.tolist() == [0, 1, 2]
    with pytest.raises(ValueError, match="^reorder must"):
        patch_model.align_filters(reference, reference, reorder=1)


def test_training_is_seeded_and_learns(keras):
    curves, _ = data.bezier_curves(500, seed=0)
    patches = data.curve_patches(curves)
    enc1, dec1, losses = patch_model.train_patch_autoencoder(patches, seed=3, epochs=40)
    _, dec2, _ = patch_model.train_patch_autoencoder(patches, seed=3, epochs=40)
    assert losses.shape == (4,) and losses[-1] < losses[0] / 2
    np.testing.assert_allclose(
        patch_model.decoder_filters(dec1), patch_model.decoder_filters(dec2), atol=1e-6
    )
    with pytest.raises(ValueError, match="patches"):
        patch_model.train_patch_autoencoder(curves, epochs=10)
    with pytest.raises(ValueError, match="epochs"):
        patch_model.train_patch_autoencoder(patches, epochs=5)
    with pytest.raises(ValueError, match="curves"):
        data.curve_patches(np.ones((2, 9)))


def test_code_noise_acts_only_in_training(keras):
    layer = patch_model.component_noise_layer([0.0, 0.0, 1.0])
    code = np.zeros((2000, 3), "float32")
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(layer(code)), code)
    noisy = keras.ops.convert_to_numpy(layer(code, training=True))
    assert np.all(noisy[:, :2] == 0) and 0.9 < noisy[:, 2].std() < 1.1


def test_curve_training_takes_the_steps_keras_takes(keras):
    """Full batches (so the order of the curves does not matter): after every pass the NumPy
    trainer's weights and loss are those of Keras' own fit of the same model from the same start."""
    curves, _ = data.bezier_curves(64, seed=4)
    runs = patch_model.train_curve_autoencoders(
        curves, seeds=[2, 5], epochs=4, batch_size=64, learning_rate=0.01
    )
    for run in runs:
        settings.seed_everything(run["seed"])
        enc, dec, auto = patch_model.patch_autoencoder(15)
        auto.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
        x = curves[..., None].astype("float32")
        history = auto.fit(x, x, batch_size=64, epochs=4, shuffle=False, verbose=0)
        np.testing.assert_allclose(run["losses"], history.history["loss"], rtol=1e-4)
        for mine, theirs in [(run["encoder"], enc), (run["decoder"], dec)]:
            np.testing.assert_allclose(mine.get_weights()[0], theirs.get_weights()[0], atol=1e-5)
        np.testing.assert_allclose(
            run["decoder"].predict(run["encoder"].predict(x, verbose=0), verbose=0),
            auto.predict(x, verbose=0),
            atol=1e-5,
        )
    first, second = (r["encoder"].get_weights()[0] for r in runs)
    assert not np.allclose(first, second)  # the two seeds are two different runs


def test_curve_training_is_seeded_learns_and_keeps_seeds_apart(keras):
    curves, _ = data.bezier_curves(200, seed=0)
    together = patch_model.train_curve_autoencoders(curves, seeds=[0, 1], epochs=30, batch_size=32)
    alone = patch_model.train_curve_autoencoders(curves, seeds=[1], epochs=30, batch_size=32)
    np.testing.assert_array_equal(
        together[1]["decoder"].get_weights()[0], alone[0]["decoder"].get_weights()[0]
    )
    np.testing.assert_array_equal(together[1]["losses"], alone[0]["losses"])
    for run in together:
        assert run["losses"].shape == (30,) and run["losses"][-1] < run["losses"][0] / 5
        out = run["decoder"].predict(
            run["encoder"].predict(curves[..., None], verbose=0), verbose=0
        )
        assert np.mean((out[..., 0] - curves) ** 2) < 2 * run["losses"][-1]
    with pytest.raises(ValueError, match="^curves"):
        patch_model.train_curve_autoencoders(np.ones((4, 9)))
    with pytest.raises(ValueError, match="^curves"):
        patch_model.train_curve_autoencoders(np.full((4, 15), np.nan))
    with pytest.raises(ValueError, match="^seeds"):
        patch_model.train_curve_autoencoders(curves, seeds=[])
    with pytest.raises(ValueError, match="epochs"):
        patch_model.train_curve_autoencoders(curves, epochs=0)
    with pytest.raises(ValueError, match="^learning_rate"):
        patch_model.train_curve_autoencoders(curves, learning_rate=-1.0)
