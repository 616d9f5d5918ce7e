"""Super-resolution builders, recipe and scores, on tiny sizes (quick)."""

import doctest

import numpy as np
import pytest

from transposed_conv.core import subpixel
from transposed_conv.models import artifacts, superres


@pytest.fixture(scope="module")
def digits():
    rng = np.random.default_rng(0)
    return (rng.random((64, 28, 28)) * 255).astype(np.uint8)


def test_downsample_averages_2x2_blocks():
    image = np.zeros((1, 28, 28), np.uint8)
    image[0, 0, 0], image[0, 1, 1] = 255, 51  # block (0, 0): (255 + 51) / 4 / 255
    x = superres.downsample(image)
    assert x.shape == (1, 14, 14, 1) and x.dtype == np.float32
    assert (
        x[0, 0, 0, 0] == pytest.approx(306 / 4 / 255)
        and x[0, 1:, :].sum() == 0
        and x[0, 0, 1:].sum() == 0
    )


@pytest.mark.parametrize("variant", superres.VARIANTS)
def test_every_variant_maps_14_to_28_with_comparable_parameters(variant):
    model = superres.build(variant, width=4)
    assert model.output_shape == (None, 28, 28, 1)
    body = (9 * 1 * 4 + 4) + (9 * 4 * 4 + 4)
    head = {
        "transposed_k3": 9 * 4 + 1,
        "transposed_k4": 16 * 4 + 1,
        "resize_conv": 9 * 4 + 1,
        "subpixel": 4 * 4 * 4 + 4,
        "subpixel_icnr": 4 * 4 * 4 + 4,
    }[variant]
    assert model.count_params() == body + head


def test_subpixel_head_is_a_stride_2_transposed_convolution(keras, rng):
    """The trained head's kernel, converted, gives the same 28x28 output through Conv2DTranspose."""
    model = superres.build("subpixel", width=3, seed=4)
    up = model.get_layer("up")
    kernel, bias = (w.astype(np.float64) for w in up.get_weights())
    features = rng.normal(size=(2, 14, 14, 3))
    sub = subpixel.depth_to_space(keras.ops.convert_to_numpy(up(features.astype("float32"))), 2)
    layer = keras.layers.Conv2DTranspose(1, 6, strides=2, padding="same", use_bias=False)
    layer.build((None, 14, 14, 3))
    layer.set_weights([subpixel.subpixel_to_transposed(kernel, 2).astype("float32")])
    out = keras.ops.convert_to_numpy(layer(features.astype("float32")))
    assert not bias.any()  # Keras starts biases at zero (a trained head has one bias per phase)
    np.testing.assert_allclose(sub, out, atol=1e-4)


def test_icnr_head_starts_without_a_checkerboard_and_plain_subpixel_with_one(digits):
    icnr = superres.build("subpixel_icnr", width=4)
    plain = superres.build("subpixel", width=4)
    k = icnr.get_layer("up").get_weights()[0]
    np.testing.assert_array_equal(k[..., 0], k[..., 3])
    out = superres.predict(icnr, digits[:8])
    np.testing.assert_array_equal(
        out[:, 0::2, 0::2], out[:, 1::2, 1::2]
    )  # nearest-neighbour blocks
    assert (
        artifacts.checkerboard_energy(out)
        < 1e-10
        < artifacts.checkerboard_energy(superres.predict(plain, digits[:8]))
    )


def test_fit_evaluate_compare_on_tiny_data(digits):
    rows = superres.compare(["transposed_k3", "subpixel_icnr"], digits[:48], digits[48:], steps=3)
    assert [r["variant"] for r in rows] == ["transposed_k3", "subpixel_icnr"]
    for row in rows:
        assert row["checkerboard"] >= 0 and row["seconds"] > 0 and row["params"] > 0
        assert 0 <= row["checkerboard_share"] <= 1
    assert rows[1]["checkerboard_init"] < 1e-10  # ICNR: the untrained output has equal phases
    assert rows[0]["checkerboard_init"] > 0.01  # k3 starts with a checkerboard
    text = superres.table(rows)
    assert text.splitlines()[1].startswith("transposed_k3")


def test_checkerboard_is_the_gap_between_phase_means_of_the_mean_error_in_grey_levels(keras):
    """A model whose output is the target plus a fixed +-10/255 checkerboard: gap 20 grey levels."""
    pattern = (np.indices((28, 28)).sum(0) % 2) * 20.0 / 255 - 10.0 / 255
    model = keras.Sequential(
        [
            keras.Input((14, 14, 1)),
            keras.layers.UpSampling2D(2),  # of the 2x2 means of an all-0.5 image: 0.5
            keras.layers.Lambda(lambda t: t + pattern[None, :, :, None].astype("float32")),
        ],
        name="grid",
    )
    row = superres.evaluate(model, np.full((2, 28, 28), 127, np.uint8))
    assert row["checkerboard"] == pytest.approx(20.0, abs=1e-3)
    assert row["checkerboard_share"] == pytest.approx(1.0, abs=1e-3)  # 127/255 vs 0.5 is flat


def test_evaluate_psnr_by_hand(keras):
    """A model that outputs 0.5 everywhere: MSE against all-black digits is 0.25,
    PSNR 10 log10(4)."""
    model = keras.Sequential(
        [
            keras.Input((14, 14, 1)),
            keras.layers.UpSampling2D(2),
            keras.layers.Lambda(lambda t: t * 0 + 0.5),
        ],
        name="grey",
    )
    row = superres.evaluate(model, np.zeros((3, 28, 28), np.uint8), seconds=2.0)
    assert row["psnr"] == pytest.approx(10 * np.log10(4), rel=1e-6)
    assert row["checkerboard"] == 0 and row["seconds"] == 2.0 and row["variant"] == "grey"


def test_same_seed_same_training(digits):
    losses = [
        superres.fit(superres.build("transposed_k4", width=2), digits, steps=2)["loss"]
        for _ in range(2)
    ]
    assert losses[0] == pytest.approx(losses[1], rel=1e-5)


def test_bad_arguments(digits):
    with pytest.raises(ValueError, match="variant"):
        superres.build("bicubic")
    with pytest.raises(ValueError, match="train_images"):
        superres.fit(superres.build("subpixel", width=2), digits.astype(float), steps=1)
    with pytest.raises(ValueError, match="variants"):
        superres.compare("subpixel", digits, digits)


def test_docstring_examples():
    assert doctest.testmod(superres).failed == 0


def test_interior_leaves_out_the_border_and_refuses_other_sizes():
    images = np.arange(2 * 28 * 28).reshape(2, 28, 28)
    inner = superres.interior(images)
    assert inner.shape == (2, 24, 24) and inner[0, 0, 0] == images[0, 2, 2]
    with pytest.raises(ValueError, match="images"):
        superres.interior(np.zeros((14, 14)))


def test_table_puts_seeds_of_one_variant_on_one_line_as_mean_and_range():
    rows = [
        {
            "variant": "a",
            "psnr": p,
            "checkerboard": c,
            "checkerboard_init": 30.0,
            "params": 7,
            "seconds": t,
        }
        for p, c, t in [(20.0, 1.0, 1.0), (22.0, 3.0, 3.0)]
    ]
    line = superres.table(rows).splitlines()[1]
    assert line.split() == [
        "a",
        "21.00",
        "[20.00,",
        "22.00]",
        "2.00",
        "[1.00,",
        "3.00]",
        "30.0000",
        "7",
        "2.0",
    ]
    with pytest.raises(ValueError, match="rows"):
        superres.table([{"variant": "a"}])


def test_predict_matches_keras_predict(digits):
    model = superres.build("transposed_k3", width=2)
    expected = model.predict(superres.downsample(digits[:5]), verbose=0)[..., 0]
    np.testing.assert_allclose(
        superres.predict(model, digits[:5], batch_size=2), expected, atol=1e-6
    )


def test_fit_steps_is_the_recipe_or_the_quick_budget(monkeypatch):
    monkeypatch.delenv("TRANSPOSED_CONV_QUICK", raising=False)
    assert superres.fit_steps() == superres.RECIPE["steps"] == 800
    monkeypatch.setenv("TRANSPOSED_CONV_QUICK", "1")
    assert superres.fit_steps() == superres.QUICK_STEPS < 800
