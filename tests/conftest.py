"""Shared test setup: quiet TensorFlow, deterministic hypothesis runs."""

import numpy as np
import pytest
from hypothesis import settings as hypothesis_settings

from transposed_conv import settings

# Same examples on every run, so a CI failure can be reproduced locally; no deadline
# because the first TensorFlow call of a shape compiles kernels.
hypothesis_settings.register_profile("course", derandomize=True, deadline=None, print_blob=True)
hypothesis_settings.load_profile("course")


@pytest.fixture(scope="session")
def tf():
    return settings.quiet_tensorflow()[0]


@pytest.fixture(scope="session")
def keras():
    return settings.quiet_tensorflow()[1]


@pytest.fixture(scope="session")
def tf_dilated_transpose(tf):
    """TensorFlow, when its CPU kernel runs a dilated transposed convolution; else skip.

    On the CPU only the oneDNN kernels (on by default where the CPU has features such
    as AVX512_VNNI or AMX, or with TF_ENABLE_ONEDNN_OPTS=1) accept dilation > 1 in
    Conv2DBackpropInput; the plain CPU kernels refuse it. The course never
    relies on it; tests that compare against TensorFlow's own dilation need it.
    """
    x = tf.ones((1, 2, 2, 1))
    kernel = tf.ones((2, 2, 1, 1))
    try:
        tf.nn.conv2d_transpose(x, kernel, (1, 4, 4, 1), strides=1, padding="VALID", dilations=2)
    except tf.errors.InvalidArgumentError:
        pytest.skip(
            "this TensorFlow CPU path refuses dilation > 1 in a transposed convolution "
            "(oneDNN is off)"
        )
    return tf


@pytest.fixture
def rng():
    return np.random.default_rng(1234)
