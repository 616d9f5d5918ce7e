"""Run settings read in one place: quick mode, offline data, seeding, quiet logs, plot style.

Environment variables (set to ``1`` to switch on):

* ``TRANSPOSED_CONV_QUICK``: shorter training and smaller data for tests; the
  code path is the same, only sizes change (see :func:`pick`).
* ``TRANSPOSED_CONV_OFFLINE``: use the shipped MNIST sample instead of trying
  Keras' download.
* ``TRANSPOSED_CONV_TILE_SAMPLE``: when the shipped sample stands in for MNIST,
  repeat it to MNIST's real size (60,000 / 10,000 digits); memory benchmarks only.
* ``TRANSPOSED_CONV_RETRAIN``: train notebook 07's models from scratch at full
  size instead of loading the weights shipped with the package.
* ``TRANSPOSED_CONV_CACHE``: a folder for what the course writes (trained
  weights); by default the user's cache folder (see :func:`cache_dir`).

A notebook's first code cell calls :func:`setup`, which prints nothing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import sys
import warnings

QUICK_ENV = "TRANSPOSED_CONV_QUICK"
OFFLINE_ENV = "TRANSPOSED_CONV_OFFLINE"
CACHE_ENV = "TRANSPOSED_CONV_CACHE"
TILE_ENV = "TRANSPOSED_CONV_TILE_SAMPLE"
RETRAIN_ENV = "TRANSPOSED_CONV_RETRAIN"
_TRUE = {"1", "true", "yes", "on"}


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in _TRUE


def quick_mode() -> bool:
    """True when ``TRANSPOSED_CONV_QUICK`` is set: tests shorten training through :func:`pick`."""
    return _flag(QUICK_ENV)


def offline_mode() -> bool:
    """True when ``TRANSPOSED_CONV_OFFLINE`` is set: data loaders use shipped files only."""
    return _flag(OFFLINE_ENV)


def retrain() -> bool:
    """True when ``TRANSPOSED_CONV_RETRAIN`` is set: train from scratch instead of loading shipped weights."""
    return _flag(RETRAIN_ENV)


def tile_sample() -> bool:
    """True when ``TRANSPOSED_CONV_TILE_SAMPLE`` is set: the offline sample is repeated to MNIST's size."""
    return _flag(TILE_ENV)


def cache_dir():
    """Where the course writes files (trained weights): a per-user folder, never the package.

    ``TRANSPOSED_CONV_CACHE`` when set, else the platform's user cache folder
    (``~/.cache/transposed-conv`` on Linux). Not created here.
    """
    from pathlib import Path

    custom = os.environ.get(CACHE_ENV, "").strip()
    if custom:
        return Path(custom).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("transposed-conv", appauthor=False))


def pick(full, quick):
    """``quick`` in quick mode, ``full`` otherwise: the one switch for sizes and epochs."""
    return quick if quick_mode() else full


@contextlib.contextmanager
def _stderr_to_devnull():
    """Silence C++ start-up lines written straight to file descriptor 2.

    TensorFlow's native logger prints its oneDNN and CPU-feature notices at
    import time, before ``TF_CPP_MIN_LOG_LEVEL`` is honoured; a notebook
    kernel forwards file descriptor 2 into cell output, so they would differ
    between machines.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(devnull)
        os.close(saved)


def quiet_tensorflow():
    """Import TensorFlow and Keras with their log noise silenced; return ``(tf, keras)``."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    with _stderr_to_devnull():
        import tensorflow as tf
        import keras
    tf.get_logger().setLevel(logging.ERROR)
    logging.getLogger("absl").setLevel(logging.ERROR)
    with contextlib.suppress(ImportError):
        from absl import logging as absl_logging

        absl_logging.set_verbosity(absl_logging.ERROR)
    warnings.filterwarnings("ignore", module="keras")
    warnings.filterwarnings("ignore", module="tensorflow")
    return tf, keras


def seed_everything(seed: int = 0) -> None:
    """Seed Python's, NumPy's and (if imported) Keras/TensorFlow's random generators."""
    from .shapes import check_int

    seed = check_int("seed", seed, 0)
    random.seed(seed)
    import numpy as np

    np.random.seed(seed)
    if "keras" in sys.modules:
        sys.modules["keras"].utils.set_random_seed(seed)


def plot_style() -> None:
    """One matplotlib look for the whole course; inline figures as PNG (nbval skips PNG)."""
    import matplotlib

    matplotlib.rcParams.update(
        {
            "figure.dpi": 100,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 11,
            "font.size": 10,
            "image.cmap": "viridis",
        }
    )
    with contextlib.suppress(ImportError):
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("png")


def setup(seed: int = 0, tensorflow: bool = True) -> None:
    """First call of every notebook: quiet logs, seeded generators, plot style. Prints nothing.

    ``tensorflow=False`` skips importing TensorFlow for notebooks that do not need it.
    """
    if tensorflow:
        quiet_tensorflow()
    seed_everything(seed)
    plot_style()
