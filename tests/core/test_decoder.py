"""The decoder shape solver: the Keras issues by hand, real Keras layers, the NumPy ops."""

import itertools
import random
import re

import numpy as np
import pytest

from transposed_conv.core import decoder, ops

SAME3 = {"kernel_size": 3, "strides": 2, "padding": "same"}


def test_keras_issue_14158_comes_back_to_25():
    # Conv2D(3, strides=2, "same") gives ceil(i / 2): 25 -> 13 -> 7 -> 4 -> 2. Conv2DTranspose
    # "same" gives 2i with output_padding=None, else (i - 1) * 2 + 3 - 2 * (3 // 2) + op
    # = 2i - 1 + op: 2 -> 4 is the default; 4 -> 7, 7 -> 13, 13 -> 25 need op = 0.
    layers = decoder.keras_decoder(25, [SAME3] * 4)
    assert [(layer["in"], layer["out"]) for layer in layers] == [(2, 4), (4, 7), (7, 13), (13, 25)]
    assert [layer["args"]["output_padding"] for layer in layers] == [None, 0, 0, 0]
    assert layers[0]["args"] == {**SAME3, "output_padding": None}  # no dilation_rate: it is 1


def test_keras_issue_10185_39_not_40():
    # 39 -> ceil(39 / 2) = 20; the default gives 20 * 2 = 40; 2 * 20 - 1 + op = 39 needs op = 0
    assert decoder.keras_decoder(39, [SAME3])[0]["args"]["output_padding"] == 0
    # 40 -> 20 too; the default gives 40, but one output_padding serves both axes: 39 + op = 40
    (layer,) = decoder.keras_decoder((39, 40), [SAME3])
    assert layer["args"]["output_padding"] == (0, 1) and (layer["in"], layer["out"]) == (
        20,
        (39, 40),
    )
    # "valid", kernel 4: 39 -> ceil((39 - 4 + 1) / 2) = 18; the default gives 18 * 2 + (4 - 2)
    # = 38; (18 - 1) * 2 + 4 + op = 38 + op = 39 needs op = 1
    valid = {"kernel_size": 4, "strides": 2, "padding": "valid"}
    assert decoder.keras_decoder(39, [valid])[0]["args"]["output_padding"] == 1


def test_an_even_kernel_can_need_the_default_on_one_axis_and_an_integer_on_the_other():
    # kernel 2, "same", stride 2: (8, 7) -> (4, 4). Height: the default gives 8, an integer
    # gives 2 * 4 - 2 + 2 - 2 * 1 + op = 6 + op, so 8 needs op = 2, not < 2. Width: 7 needs 1.
    with pytest.raises(ValueError, match=r"output_padding: decoder\[0\] .*encoder\[0\]"):
        decoder.keras_decoder((8, 7), [{"kernel_size": 2, "strides": 2, "padding": "same"}])


def test_pytorch_issue_14158_with_integer_padding():
    # Conv2d(3, stride=2, padding=1): floor((i + 2 - 3) / 2) + 1: 25 -> 13 -> 7 -> 4 -> 2;
    # ConvTranspose2d: (i - 1) * 2 - 2 + 3 + op = 2i - 1 + op: 2 -> 4 needs op = 1, the rest 0
    conv = {"kernel_size": 3, "stride": 2, "padding": 1}
    layers = decoder.pytorch_decoder(25, [conv] * 4)
    assert [layer["args"]["output_padding"] for layer in layers] == [1, 0, 0, 0]
    assert layers[0]["args"] == {**conv, "output_padding": 1, "dilation": 1}
    assert [layer["out"] for layer in layers] == [4, 7, 13, 25]


def _value(rng, low, high):
    """An int, or now and then a (height, width) pair."""
    if rng.random() < 0.75:
        return rng.randint(low, high)
    return rng.randint(low, high), rng.randint(low, high)


def _random_keras_encoder(rng):
    size = rng.randint(1, 40) if rng.random() < 0.5 else (rng.randint(1, 40), rng.randint(1, 40))
    encoder = []
    for _ in range(rng.randint(1, 4)):
        layer = {"kernel_size": _value(rng, 1, 5), "strides": _value(rng, 1, 3)}
        layer["padding"] = rng.choice(["valid", "same"])
        if np.max(layer["strides"]) == 1 and rng.random() < 0.4:
            layer["dilation_rate"] = _value(rng, 1, 2)
        encoder.append(layer)
    return size, encoder


def _hw(size):
    return tuple(size) if isinstance(size, tuple) else (size, size)


def _keras_sizes(keras, size, encoder):
    """Keras' own symbolic sizes through the encoder, and its layers; None if Keras refuses
    (or, as Keras 3.11 does, builds a size below 1 instead of refusing)."""
    x = keras.Input(shape=(*_hw(size), 1))
    inputs, layers, sizes = x, [], [_hw(size)]
    try:
        for layer in encoder:
            layers.append(keras.layers.Conv2D(1, **layer))
            x = layers[-1](x)
            sizes.append(tuple(x.shape[1:3]))
    except ValueError:
        return None
    if any(d is None or d < 1 for size in sizes for d in size):
        return None
    return inputs, x, layers, sizes


def _no_output_padding_works(keras, tf, layer, n_in, n_out):
    """True when no output_padding (None, or integers below the stride) makes this layer give
    n_out from n_in in Keras, symbolically and, for those that seem to, when called."""
    strides = _hw(layer["strides"])
    candidates = [None, *itertools.product(*(range(s) for s in strides))]
    for op in candidates:
        args = {**layer, "output_padding": op}
        x = keras.Input(shape=(*n_in, 1))
        if tuple(keras.layers.Conv2DTranspose(1, **args)(x).shape[1:3]) != n_out:
            continue
        if "dilation_rate" in layer:  # the plain CPU kernel cannot run it; the shape must do
            return False
        try:
            keras.layers.Conv2DTranspose(1, **args)(np.zeros((1, *n_in, 1), "float32"))
        except tf.errors.InvalidArgumentError:  # a "same" size its convolution does not map back
            continue
        return False
    return True


def test_the_keras_decoder_gives_back_the_input_size_in_real_keras(keras, tf):
    rng = random.Random(14158)
    solved = impossible = refused = called = 0
    paddings = set()
    while solved < 250:  # encoders whose decoder is checked layer by layer
        size, encoder = _random_keras_encoder(rng)
        built = _keras_sizes(keras, size, encoder)
        if built is None:  # Keras refuses the encoder (a kernel larger than the input): so do we
            with pytest.raises(ValueError, match=r"encoder\[\d\]\['kernel_size'\]"):
                decoder.keras_decoder(size, encoder)
            refused += 1
            continue
        inputs, code, convs, sizes = built
        try:
            layers = decoder.keras_decoder(size, encoder)
        except ValueError as err:  # then Keras has no output_padding that works either
            j = int(re.search(r"decoder\[(\d)\]", str(err)).group(1))
            n = len(encoder) - 1 - j
            assert _no_output_padding_works(keras, tf, encoder[n], sizes[n + 1], sizes[n]), err
            impossible += 1
            continue
        deconvs = [keras.layers.Conv2DTranspose(1, **layer["args"]) for layer in layers]
        x = code
        for layer, deconv, want in zip(layers, deconvs, reversed(sizes[:-1]), strict=True):
            x = deconv(x)
            assert _hw(layer["out"]) == tuple(x.shape[1:3]) == want, (size, encoder)
            paddings.add(layer["args"]["output_padding"] is None)
        assert tuple(x.shape[1:3]) == _hw(size)
        if not any("dilation_rate" in layer for layer in encoder):  # the plain CPU kernel
            x = np.random.default_rng(solved).normal(size=(1, *_hw(size), 1)).astype("float32")
            for layer in [*convs, *deconvs]:
                x = layer(x)
            assert tuple(x.shape[1:3]) == _hw(size), (size, encoder)
            called += 1
        solved += 1
    # the sample reaches every branch: both kinds of output_padding, refusals, real calls
    assert paddings == {True, False} and impossible and refused and called > 150


def _random_torch_encoder(rng):
    size = rng.randint(1, 40) if rng.random() < 0.5 else (rng.randint(1, 40), rng.randint(1, 40))
    encoder = []
    for _ in range(rng.randint(1, 4)):
        layer = {"kernel_size": _value(rng, 1, 5), "stride": _value(rng, 1, 3)}
        layer["padding"] = _value(rng, 0, 2)
        layer["dilation"] = _value(rng, 1, 2)  # PyTorch takes dilation with any stride
        encoder.append(layer)
    return size, encoder


def test_the_pytorch_decoder_gives_back_the_input_size_in_the_numpy_ops():
    rng = random.Random(10185)
    solved = refused = 0
    while solved < 300:
        size, encoder = _random_torch_encoder(rng)
        x = np.ones(_hw(size))
        try:
            for layer in encoder:
                kernel = np.ones(_hw(layer["kernel_size"]))
                x = ops.conv2d(x, kernel, layer["stride"], layer["padding"], layer["dilation"])
        except ValueError:  # a kernel larger than the padded input
            with pytest.raises(ValueError, match=r"encoder\[\d\]\['kernel_size'\]"):
                decoder.pytorch_decoder(size, encoder)
            refused += 1
            continue
        layers = decoder.pytorch_decoder(size, encoder)
        for layer in layers:
            args = layer["args"]
            assert np.all(np.less(args["output_padding"], args["stride"]))  # PyTorch's rule
            kernel = np.ones(_hw(args["kernel_size"]))
            x = ops.conv2d_transpose(
                x,
                kernel,
                args["stride"],
                args["padding"],
                args["output_padding"],
                args["dilation"],
            )
            assert x.shape == _hw(layer["out"])
        assert x.shape == _hw(size), (size, encoder)
        solved += 1
    assert refused


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: decoder.keras_decoder(0, [SAME3]), "size"),
        (lambda: decoder.keras_decoder((3, 4, 5), [SAME3]), "size"),
        (lambda: decoder.keras_decoder(True, [SAME3]), "size"),
        (lambda: decoder.keras_decoder(9, []), "encoder"),
        (lambda: decoder.keras_decoder(9, SAME3), "encoder"),
        (lambda: decoder.keras_decoder(9, iter([SAME3])), "encoder"),
        (lambda: decoder.keras_decoder(9, [SAME3, 3]), r"encoder\[1\]"),
        (lambda: decoder.keras_decoder(9, [{"strides": 2}]), r"encoder\[0\] needs a kernel_size"),
        (lambda: decoder.keras_decoder(9, [{**SAME3, "stride": 2}]), "'stride'"),
        (lambda: decoder.keras_decoder(9, [{**SAME3, "kernel_size": 0}]), "kernel_size"),
        (lambda: decoder.keras_decoder(9, [{**SAME3, "strides": 2.0}]), "strides"),
        (lambda: decoder.keras_decoder(9, [{**SAME3, "padding": 1}]), r"\['padding'\]"),
        (lambda: decoder.keras_decoder(9, [{**SAME3, "dilation_rate": 2}]), "dilation_rate"),
        (
            lambda: decoder.keras_decoder(9, [SAME3, {"kernel_size": 6}]),
            r"encoder\[1\]\['kernel_size'\].*below 1",
        ),
        (lambda: decoder.pytorch_decoder(9, [{"kernel_size": 3, "padding": "same"}]), "padding"),
        (lambda: decoder.pytorch_decoder(9, [{"kernel_size": 3, "padding": -1}]), "padding"),
        (lambda: decoder.pytorch_decoder(9, [{"kernel_size": 3, "strides": 2}]), "'strides'"),
        (lambda: decoder.pytorch_decoder(9, [{"kernel_size": 3, "dilation": (1, 0)}]), "dilation"),
        (lambda: decoder.pytorch_decoder(2, [{"kernel_size": 3}]), r"encoder\[0\]\['kernel_s"),
    ],
)
def test_bad_arguments_are_refused_by_name(call, name):
    with pytest.raises(ValueError, match=name):
        call()
