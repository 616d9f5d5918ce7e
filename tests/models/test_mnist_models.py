"""Notebook 07's MNIST autoencoders and where their code sits."""

import numpy as np
import pytest

from transposed_conv.models import mnist_models, patch_model


def test_reading_autoencoder_matches_the_reading(keras):
    """Output shapes and parameter counts printed in seed 001's model summary."""
    model = mnist_models.reading_autoencoder()
    expected = [
        ("conv2d_1", (26, 26, 32), 320),
        ("conv2d_2", (24, 24, 16), 4624),
        ("conv2d_3", (22, 22, 8), 1160),
        ("conv2d_transpose_1", (24, 24, 8), 584),
        ("conv2d_transpose_2", (26, 26, 16), 1168),
        ("conv2d_transpose_3", (28, 28, 32), 4640),
        ("conv2d_4", (28, 28, 1), 289),
    ]
    got = [
        (layer.name, tuple(layer.output.shape[1:]), layer.count_params()) for layer in model.layers
    ]
    assert got == expected
    assert model.count_params() == 12785
    assert mnist_models.code_size(model) == 22 * 22 * 8


def test_strided_autoencoder_shapes_and_code(keras, rng):
    model = mnist_models.strided_autoencoder(4)
    assert model.output_shape == (None, 28, 28, 1) and mnist_models.code_size(model) == 196
    assert mnist_models.code_size(mnist_models.strided_autoencoder(16)) == 784
    encoder, decoder = mnist_models.split_at_code(model)
    x = rng.random((3, 28, 28, 1)).astype("float32")
    code = encoder.predict(x, verbose=0)
    assert code.shape == (3, 7, 7, 4)
    np.testing.assert_allclose(
        decoder.predict(code, verbose=0), model.predict(x, verbose=0), atol=1e-6
    )
    noisy = mnist_models.strided_autoencoder(4, noise=0.3)
    assert noisy.layers[0].name == "input_noise"
    np.testing.assert_allclose(
        noisy.predict(x, verbose=0), noisy.predict(x, verbose=0)
    )  # no noise at inference
    with pytest.raises(ValueError, match="code_channels"):
        mnist_models.strided_autoencoder(0)
    with pytest.raises(ValueError, match="noise"):
        mnist_models.strided_autoencoder(4, noise=-0.1)
    with pytest.raises(ValueError, match="code layer"):
        mnist_models.code_size(patch_model.patch_autoencoder()[2])


def test_the_split_models_take_a_plain_array_without_a_warning(keras, rng):
    """Notebook 07 calls the encoder on a batch; a list-input model would warn on every call."""
    import warnings

    encoder, decoder = mnist_models.split_at_code(mnist_models.strided_autoencoder(4))
    x = rng.random((2, 28, 28, 1)).astype("float32")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        code = encoder(x, training=False)
        assert decoder(code, training=False).shape == (2, 28, 28, 1)
