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


@pytest.fixture
def rng():
    return np.random.default_rng(1234)
