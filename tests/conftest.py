"""Shared test setup: quiet TensorFlow, deterministic hypothesis runs, markers by folder
and fixture.

Markers (registered in pyproject.toml) say what a test needs, so the Makefile picks tests by
marker, never by file list:

- ``tf``: runs a TensorFlow kernel (every test under ``models/``, every test using the ``tf``,
  ``keras`` or ``tf_dilated_transpose`` fixture, and modules that set ``pytestmark``); these
  run on both CPU paths (``make test-units``' second pass is ``-m tf``);
- ``network`` (``install/``), ``browser`` (``browser/``, ``site/``), ``hub`` (``classroom/``)
  and ``grading`` (``grading/``): suites that need PyPI, Chromium, a JupyterHub or nbgrader.
  pyproject.toml's ``addopts`` deselects them, so a bare ``pytest`` runs the unit tests only;
  their make targets select them with ``-m``.

The build tools in ``tools/`` are not installed: their tests import them from the checkout.
"""

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import settings as hypothesis_settings

from transposed_conv import settings

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS.parent / "tools"))

SUITES = {"install": "network", "browser": "browser", "site": "browser", "classroom": "hub"}
SUITES["grading"] = "grading"
TF_FIXTURES = {"tf", "keras", "tf_dilated_transpose"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark each test by its folder and fixtures, before ``-m`` selects."""
    for item in items:
        try:
            folder = Path(str(item.path)).resolve().relative_to(TESTS).parts[0]
        except ValueError:  # not under tests/ (a notebook collected by nbval)
            continue
        if folder in SUITES:
            item.add_marker(SUITES[folder])
        if folder == "models" or TF_FIXTURES & set(item.fixturenames):
            item.add_marker("tf")


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
