"""The checkerboard measure against hand-made images and NumPy's FFT; gradients against ops."""

import doctest

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transposed_conv.core import ops
from transposed_conv.models import artifacts


def test_zero_on_constant_and_one_on_alternating_images():
    assert artifacts.checkerboard_energy(np.full((6, 6), 3.7)) == 0.0
    assert artifacts.checkerboard_energy(np.zeros((2, 5, 5, 3))) == 0.0
    board = np.indices((8, 8)).sum(0) % 2  # a pure stride-2 pattern
    assert artifacts.checkerboard_energy(board) == pytest.approx(1.0)
    stripes = np.tile([5.0, -1.0, 2.0], (9, 3))  # period 3 along the width
    assert artifacts.checkerboard_energy(stripes, s=3) == pytest.approx(1.0)
    assert artifacts.checkerboard_energy(stripes, s=2) < 0.2


def test_phase_means_by_hand():
    image = np.arange(16.0).reshape(4, 4)  # row r, column c holds 4r + c
    np.testing.assert_allclose(artifacts.phase_means(image), [[5.0, 6.0], [9.0, 10.0]])
    batch = np.stack([image, -image])[..., None]
    np.testing.assert_allclose(artifacts.phase_means(batch)[1], [[-5.0, -6.0], [-9.0, -10.0]])


@settings(max_examples=40)
@given(st.integers(1, 3), st.integers(2, 4), st.integers(2, 4), st.integers(0, 2**16))
def test_measure_is_the_energy_share_at_the_stride_frequencies(s, a, b, seed):
    """Independent route: sum |FFT|^2 over frequencies that are multiples of 1/s, without DC."""
    image = np.random.default_rng(seed).normal(size=(a * s, b * s))
    image += np.tile(np.random.default_rng(seed + 1).normal(size=(s, s)), (a, b))  # some pattern
    power = np.abs(np.fft.fft2(image)) ** 2
    power[0, 0] = 0.0
    at_stride = power[::a, ::b].sum()  # frequency index multiples of H/s = a, W/s = b
    assert artifacts.checkerboard_energy(image, s) == pytest.approx(
        at_stride / power.sum(), rel=1e-9, abs=1e-12
    )


def gradients(**kwargs):
    return {kind: artifacts.input_gradient(kind, **kwargs) for kind in artifacts.GRADIENT_KINDS}


@pytest.mark.parametrize("seed", [0, 1])
def test_k3_gradient_has_a_much_larger_checkerboard_than_k4_and_resize(seed):
    energy = {kind: artifacts.checkerboard_energy(g) for kind, g in gradients(seed=seed).items()}
    assert energy["k3"] > 0.1
    assert energy["k3"] > 4 * energy["k4"]
    assert energy["k3"] > 20 * energy["resize"]


def test_linear_one_layer_gradient_is_the_transposed_convolution_of_ones():
    """Sum over the outputs of a linear Conv2D: gradient = C.T @ 1, summed over the filters."""
    g = artifacts.input_gradient("k3", size=8, depth=1, channels=2, activation=None, seed=3)
    kernel = np.random.default_rng([3, 0]).uniform(0.0, 1.0, size=(3, 3, 1, 2))  # documented draw
    # 'same' at stride 2 on 8 pads (0, 1): the transposed conv of a 4x4 of ones, full output
    # cropped to 8x8
    ones = np.ones((1, 4, 4, 2))
    expected = ops.conv2d_transpose(ones, kernel, 2)[0, :8, :8, 0]  # the Conv2D kernel, as it is
    np.testing.assert_allclose(g, expected, rtol=1e-5)


def _backward(kind, kernels, size):
    """The gradient of the summed output of a linear stack, by NumPy alone: ones, passed back
    through each layer's transposed convolution (and average pooling's nearest-neighbour
    upsampling divided by 4), last layer first."""
    g = np.ones((1, size >> len(kernels), size >> len(kernels), kernels[-1].shape[-1]))
    for kernel in reversed(kernels):
        if kind == "resize":
            g = np.repeat(np.repeat(g, 2, axis=1), 2, axis=2) / 4  # AveragePooling2D(2), back
            g = ops.conv2d_transpose(g, kernel, 1, padding="same")
        else:
            g = ops.conv2d_transpose(g, kernel, 2, padding="same")
    return g[0, :, :, 0]


@pytest.mark.parametrize("weights", artifacts.WEIGHTS)
@pytest.mark.parametrize("kind", artifacts.GRADIENT_KINDS)
def test_every_layer_draws_its_own_kernel(kind, weights):
    """Three layers, each drawn from default_rng([seed, layer]) as documented: the gradient is
    the NumPy chain of their transposed convolutions. With one kernel reused for the two
    (8, 8)-channel layers the chain differs (checked), so reused weights fail here."""
    seed, depth, channels, k = 5, 3, 3, 4 if kind == "k4" else 3
    draw = {
        "positive": lambda r, shape: r.uniform(0.0, 1.0, shape),
        "normal": np.random.Generator.standard_normal,
    }[weights]
    kernels = [
        draw(np.random.default_rng([seed, i]), (k, k, 1 if i == 0 else channels, channels))
        for i in range(depth)
    ]
    assert not np.array_equal(kernels[1], kernels[2])
    g = artifacts.input_gradient(
        kind, size=16, depth=depth, channels=channels, weights=weights, activation=None, seed=seed
    )
    scale = np.abs(g).max()
    np.testing.assert_allclose(g, _backward(kind, kernels, 16), atol=1e-5 * scale)
    reused = _backward(kind, [kernels[0], kernels[1], kernels[1]], 16)
    assert np.abs(g - reused).max() > 1e-2 * scale  # what the identical-layers bug would give
    again = artifacts.input_gradient(
        kind, size=16, depth=depth, channels=channels, weights=weights, activation=None, seed=seed
    )
    np.testing.assert_array_equal(g, again)  # reproducible


def test_zero_mean_weights_give_k4_a_checkerboard_too():
    """Even overlap does not fix unequal phase sums: random normal weights, one linear layer."""
    energy = artifacts.checkerboard_energy(
        artifacts.input_gradient("k4", size=16, depth=1, weights="normal", activation=None)
    )
    assert energy > 0.2


def test_bad_arguments():
    with pytest.raises(ValueError, match="kind"):
        artifacts.input_gradient("k5")
    with pytest.raises(ValueError, match="size"):
        artifacts.input_gradient("k3", size=20, depth=3)
    with pytest.raises(ValueError, match="s must not exceed"):
        artifacts.phase_means(np.ones((2, 2)), 3)


def test_docstring_examples():
    assert doctest.testmod(artifacts).failed == 0
