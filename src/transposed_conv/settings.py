"""Run settings read in one place: quick mode, offline data, seeding, quiet imports, plot style.

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
* ``TRANSPOSED_CONV_GRADED``: the exercises' self-checks raise ``AssertionError`` on a
  wrong answer, for an autograder such as nbgrader (see :mod:`transposed_conv.checks`);
  learners never set it.

Importing the package (``import transposed_conv``, every notebook's first code
cell) calls :func:`install_import_hook`: the first ``import tensorflow`` after it,
direct or through ``import keras``, drops the start-up notices TensorFlow's C++
code prints while loading, so ``import keras`` may come anywhere. Nothing else is
silenced: Python warnings from TensorFlow and Keras reach the learner.
:func:`setup` then seeds the generators and sets the plot style; it prints nothing.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.util
import os
import random
import sys
from pathlib import Path

QUICK_ENV = "TRANSPOSED_CONV_QUICK"
OFFLINE_ENV = "TRANSPOSED_CONV_OFFLINE"
CACHE_ENV = "TRANSPOSED_CONV_CACHE"
TILE_ENV = "TRANSPOSED_CONV_TILE_SAMPLE"
RETRAIN_ENV = "TRANSPOSED_CONV_RETRAIN"
GRADED_ENV = "TRANSPOSED_CONV_GRADED"
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
    """True when ``TRANSPOSED_CONV_RETRAIN`` is set: train, do not load the shipped weights."""
    return _flag(RETRAIN_ENV)


def graded_mode() -> bool:
    """True when ``TRANSPOSED_CONV_GRADED`` is set: a wrong answer fails its self-check."""
    return _flag(GRADED_ENV)


def tile_sample() -> bool:
    """True when ``TRANSPOSED_CONV_TILE_SAMPLE`` is set: the sample is tiled to MNIST's size."""
    return _flag(TILE_ENV)


def cache_dir():
    """Where the course writes files (trained weights): a per-user folder, never the package.

    ``TRANSPOSED_CONV_CACHE`` when set, else the platform's user cache folder
    (``~/.cache/transposed-conv`` on Linux). Not created here.
    """
    custom = os.environ.get(CACHE_ENV, "").strip()
    if custom:
        return Path(custom).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("transposed-conv", appauthor=False))


def repo_root() -> Path:
    """The course folder (the git checkout holding ``src/``, ``notebooks/``, ``tests/``).

    Only meaningful in a source checkout (an editable install, as ``make`` makes):
    for a package installed into ``site-packages`` there is no such folder, and
    this raises ``FileNotFoundError`` saying so.
    """
    root = Path(__file__).resolve().parents[2]  # src/transposed_conv/settings.py
    if not (root / "pyproject.toml").is_file():
        raise FileNotFoundError(
            f"{root} is not the course folder: repo_root() needs a source checkout"
        )
    return root


def pick(full, quick):
    """``quick`` in quick mode, ``full`` otherwise: the one switch for sizes and epochs."""
    return quick if quick_mode() else full


@contextlib.contextmanager
def _native_stderr_to_devnull():
    """Send what native code writes to file descriptor 2 to /dev/null; Python's own output stays.

    TensorFlow prints its oneDNN and CPU-feature notices from C++ while it is
    imported, before ``absl::InitializeLog`` and so before ``TF_CPP_MIN_LOG_LEVEL``
    is honoured; a notebook kernel forwards file descriptor 2 into cell output,
    so they would differ between machines. When ``sys.stderr`` is file
    descriptor 2 (a terminal), it is pointed at a copy of the real one meanwhile,
    so Python warnings raised during the import are still shown.
    """
    sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:  # no file descriptor 2 (a windowed process): nothing to silence
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    python_stderr = sys.stderr
    if _writes_to_fd2(python_stderr):
        sys.stderr = open(saved, "w", closefd=False, errors="backslashreplace")  # noqa: SIM115
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        if sys.stderr is not python_stderr:
            _repoint_log_handlers(sys.stderr, python_stderr)
            sys.stderr.close()  # flushes; closefd=False keeps ``saved`` open
            sys.stderr = python_stderr
        os.dup2(saved, 2)
        os.close(devnull)
        os.close(saved)


def _repoint_log_handlers(old, new) -> None:
    """Logging handlers made meanwhile (TensorFlow's, on import) write to ``old``, the stand-in
    stream about to be closed: point them at ``new``, or a later TensorFlow warning in a script
    ends in "--- Logging error --- ValueError: I/O operation on closed file"."""
    import logging

    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    for logger in loggers:
        for handler in getattr(logger, "handlers", []):
            if isinstance(handler, logging.StreamHandler) and handler.stream is old:
                handler.setStream(new)


def native_logs_silenced():
    """A ``with`` block in which TensorFlow's native (C++) log lines do not reach the page.

    For a cell that shows TensorFlow refusing an argument: the kernel logs the
    refusal with a timestamp and thread id (different on every run) and raises
    the same error as a Python exception, which the cell reports. Python output
    and warnings are not affected.
    """
    return _native_stderr_to_devnull()


def _writes_to_fd2(stream) -> bool:
    try:
        return stream.fileno() == 2
    except (AttributeError, OSError, ValueError):  # ipykernel's streams have no usable fileno
        return False


class _QuietLoader:
    """Wraps TensorFlow's loader: runs its module with native stderr silenced, then steps aside."""

    def __init__(self, loader):
        self._loader = loader

    def __getattr__(self, name):  # everything but exec_module is the real loader's
        return getattr(self._loader, name)

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        module.__loader__ = module.__spec__.loader = self._loader  # TensorFlow sees its own loader
        with _native_stderr_to_devnull():
            self._loader.exec_module(module)


class _QuietTensorFlowFinder(importlib.abc.MetaPathFinder):
    """A ``sys.meta_path`` entry: makes the first ``import tensorflow`` quiet, then leaves."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "tensorflow":
            return None
        with contextlib.suppress(ValueError):
            sys.meta_path.remove(self)
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")  # INFO lines only; warnings still show
        spec = importlib.util.find_spec(fullname)
        if spec is not None and spec.loader is not None:
            spec.loader = _QuietLoader(spec.loader)
        return spec


def install_import_hook() -> None:
    """Make the first ``import tensorflow`` (direct, or through ``import keras``) quiet.

    Called when the package is imported, so the order of later imports does not
    matter. Only the start-up notices TensorFlow's C++ code writes while loading
    are dropped (and INFO log lines, by ``TF_CPP_MIN_LOG_LEVEL=1`` unless it is
    set already); Python warnings and TensorFlow's own warnings stay visible.
    Does nothing when TensorFlow is imported already or the hook is in place.
    """
    if "tensorflow" in sys.modules:
        return
    if not any(isinstance(finder, _QuietTensorFlowFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _QuietTensorFlowFinder())


def quiet_tensorflow():
    """``(tf, keras)``, imported quietly thanks to :func:`install_import_hook`."""
    import keras
    import tensorflow as tf

    return tf, keras


def seed_everything(seed: int = 0) -> None:
    """Seed Python's, NumPy's and (if imported) Keras/TensorFlow's random generators."""
    from .core.arguments import check_int

    seed = check_int("seed", seed, 0)
    random.seed(seed)
    import numpy as np

    np.random.seed(seed)
    if "keras" in sys.modules:
        sys.modules["keras"].utils.set_random_seed(seed)
        _reset_keras_seed_generator()


def _reset_keras_seed_generator() -> None:
    """Drop Keras' global SeedGenerator, so that unseeded ``keras.random`` calls repeat too.

    Keras 3.13 and later do this in ``set_random_seed``; 3.11 and 3.12 (in the supported range)
    kept the generator, so a second ``seed_everything`` did not repeat them.
    """
    try:
        from keras.src.backend.common import global_state
    except ImportError:  # a Keras whose internals moved: 3.13+ resets it itself
        return
    global_state.set_global_attribute("global_seed_generator", None)


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
    from .viz.describe import show_descriptions

    show_descriptions()  # a figure's description becomes its PNG's alt (viz/describe.py)


def setup(seed: int = 0, tensorflow: bool = True) -> None:
    """First call of every notebook: TensorFlow imported, seeded generators, plot style; silent.

    ``tensorflow=False`` skips importing TensorFlow for notebooks that do not need it.
    The import is quiet because the package installed :func:`install_import_hook`,
    not because of this call, so it may come before or after ``import keras``.
    """
    if tensorflow:
        quiet_tensorflow()
    seed_everything(seed)
    plot_style()
