"""The course's data: real MNIST digits, synthetic Bezier curves, and the patches cut from them."""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import numpy as np

from .. import settings
from ..core.arguments import MAX_CELLS, check_int
from .patch_model import STRIDE, WINDOW

# Package data, so the sample travels with `pip install` (Colab, a shared JupyterHub).
MNIST_SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "mnist_sample.npz"
MNIST_SAMPLE_SHA256 = "77a4cbe02479960da2c610da29ad63413be67d918252ca41e91a3f86588a8807"
SAMPLE_TRAIN = 8000  # the sample's fixed split: first 8,000 train, last 2,000 test
_RESTORE = (
    "restore it with `git checkout -- src/transposed_conv/resources/mnist_sample.npz` "
    "in the course folder, reinstall the package, "
    "or rebuild it with `python data/build_mnist_sample.py`"
)


def file_sha256(path) -> str:
    """The sha256 of a file's bytes, as hex (read in blocks, so large files are fine)."""
    digest = hashlib.sha256()
    path = Path(path)
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_sha256(path, expected: str, advice: str) -> None:
    """Raise ``OSError`` naming ``path`` and giving ``advice`` unless its sha256 is ``expected``."""
    if file_sha256(path) != expected:
        raise OSError(
            f"{path} is damaged (its sha256 differs from the one recorded for it); {advice}"
        )


def load_mnist_sample(path=None):
    """The shipped 10,000 real MNIST digits as ``(images, labels)``.

    ``images`` is ``uint8 (10000, 28, 28)``, ``labels`` is ``uint8 (10000,)``;
    see ``data/README.md`` for where they come from. The shipped file is checked
    against its recorded sha256; a missing or damaged file raises an ``OSError``
    (``FileNotFoundError`` when missing) that names it and says how to restore it.
    """
    shipped = path is None
    path = MNIST_SAMPLE if shipped else Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing; {_RESTORE}")
    if shipped:
        check_sha256(path, MNIST_SAMPLE_SHA256, _RESTORE)
    try:
        with np.load(path, allow_pickle=False) as npz:
            images, labels = npz["images"], npz["labels"]
    except Exception as err:  # truncated zip, not a zip, missing array, pickled objects
        raise OSError(
            f"{path} is not a readable MNIST sample ({type(err).__name__}); {_RESTORE}"
        ) from err
    if images.dtype != np.uint8 or images.ndim != 3 or labels.shape != images.shape[:1]:
        raise OSError(f"{path} holds arrays of the wrong type or shape; {_RESTORE}")
    return images, labels


def _sample_split():
    images, labels = load_mnist_sample()
    n = SAMPLE_TRAIN
    train, test = (images[:n], labels[:n]), (images[n:], labels[n:])
    if settings.tile_sample():  # MNIST's real sizes, for memory measurements
        train = tuple(np.resize(a, (60000, *a.shape[1:])) for a in train)
        test = tuple(np.resize(a, (10000, *a.shape[1:])) for a in test)
    return train, test


def _keras_mnist(timeout: float):
    """Keras' own loader (it caches the file under ~/.keras/datasets)."""
    keras = settings.quiet_tensorflow()[1]
    old = socket.getdefaulttimeout()
    socket.setdefaulttimeout(timeout)
    try:
        return keras.datasets.mnist.load_data()
    finally:
        socket.setdefaulttimeout(old)


class MnistSplits(tuple):
    """``(x_train, y_train), (x_test, y_test)`` as :func:`load_mnist` returns them, plus ``source``:
    where the digits came from, in words (what ``load_mnist`` prints after "MNIST source: ")."""

    source: str

    def __new__(cls, train, test, source: str):
        splits = super().__new__(cls, (tuple(train), tuple(test)))
        splits.source = source
        return splits


KERAS_SOURCE = "keras.datasets.mnist (60,000 train / 10,000 test digits)"


def load_mnist(offline=None, verbose: bool = True, timeout: float = 20.0) -> MnistSplits:
    """Real MNIST as ``(x_train, y_train), (x_test, y_test)``, uint8 images ``(n, 28, 28)``.

    Tries ``keras.datasets.mnist.load_data()`` (60,000 / 10,000 digits) unless
    ``offline`` is true, or is ``None`` and ``TRANSPOSED_CONV_OFFLINE`` is set;
    otherwise, or when the download fails, uses the shipped sample
    (8,000 / 2,000 digits). The result's ``source`` says which, and why (a
    :class:`MnistSplits`); with ``verbose`` it is also printed.
    """
    if offline is None:
        offline = settings.offline_mode()
    if not isinstance(offline, bool):
        raise ValueError(f"offline must be True, False or None, got {offline!r}")
    if isinstance(timeout, bool) or not (
        isinstance(timeout, (int, float)) and 0 < timeout < float("inf")
    ):
        raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
    reason = "offline mode"
    if not offline:
        try:
            train, test = _keras_mnist(timeout)
        except Exception as err:  # no network, blocked host, broken cache: fall back
            reason = f"Keras download failed: {type(err).__name__}"
        else:
            return _said(MnistSplits(train, test, KERAS_SOURCE), verbose)
    sizes = (
        "60,000 train / 10,000 test, the sample repeated"
        if settings.tile_sample()
        else "8,000 train / 2,000 test"
    )
    source = f"the course's shipped sample ({sizes} real digits; {reason})"
    return _said(MnistSplits(*_sample_split(), source), verbose)


def _said(splits: MnistSplits, verbose: bool) -> MnistSplits:
    if verbose:
        print(f"MNIST source: {splits.source}")
    return splits


def bezier_curves(n: int, n_points: int = 15, seed: int = 0, scale: float = 0.5):
    """A seeded set of ``n`` smooth curves from a two-parameter cubic Bezier family.

    Each curve is a cubic Bezier with control points at x = 0, 1/3, 2/3, 1
    and heights ``(a, b, -a, -b)``, so x(t) = t and the ``n_points`` samples
    are equally spaced. ``a`` and ``b`` are drawn uniformly from
    ``[-scale, scale]``. Returns ``(curves (n, n_points), params (n, 2))``.
    """
    n = check_int("n", n, 1)
    n_points = check_int("n_points", n_points, 2)
    seed = check_int("seed", seed, 0)
    if n * n_points > MAX_CELLS:  # refused before the curves are allocated
        raise ValueError(f"n * n_points must be at most {MAX_CELLS:,} numbers, got n={n}")
    # at most 1e100: uniform(-scale, scale) needs 2*scale to be a finite float
    if isinstance(scale, bool) or not (isinstance(scale, (int, float)) and 0 < scale <= 1e100):
        raise ValueError(f"scale must be a positive number up to 1e100, got {scale!r}")
    params = np.random.default_rng(seed).uniform(-scale, scale, size=(n, 2))
    return params @ bezier_basis(n_points).T, params


def bezier_basis(n_points: int = 15):
    """The two curves every Bezier curve of the family is a mix of: shape ``(n_points, 2)``.

    Column 0 is the curve for ``(a, b) = (1, 0)``, column 1 for ``(0, 1)``;
    a curve is ``basis @ (a, b)``.
    """
    n_points = check_int("n_points", n_points, 2)
    if n_points > MAX_CELLS // 4:  # refused before the basis is allocated
        raise ValueError(f"n_points must be at most {MAX_CELLS // 4:,}, got {n_points}")
    t = np.linspace(0.0, 1.0, n_points)
    bernstein = np.stack([(1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t**2 * (1 - t), t**3], axis=1)
    heights = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])  # (a, b, -a, -b)
    return bernstein @ heights


def curve_patches(curves) -> np.ndarray:
    """Cut ``(N, 15)`` curves into the three 7-point windows the stride-4 encoder sees: ``(3N, 7)``.

    In general ``(N, 7 + 4*n)`` curves give ``(N*(n+1), 7)``: all first
    windows, then all second windows, and so on (the patch model's ``WINDOW``
    and ``STRIDE``, see :mod:`transposed_conv.patch_model`).
    """
    curves = np.asarray(curves, dtype=float)
    if curves.ndim != 2 or curves.shape[1] < WINDOW or (curves.shape[1] - WINDOW) % STRIDE:
        raise ValueError(f"curves must have shape (N, 7 + 4*n), got {curves.shape}")
    starts = range(0, curves.shape[1] - WINDOW + 1, STRIDE)
    return np.concatenate([curves[:, s : s + WINDOW] for s in starts])


def image_batches(images, batch_size: int, shuffle: bool = False, seed: int = 0):
    """A ``tf.data.Dataset`` of ``(x, x)`` float32 batches ``(b, 28, 28, 1)`` in [0, 1], from uint8.

    The images stay uint8 (a quarter of the memory of float32) and each batch
    is converted when it is used: with 60,000 digits this keeps an
    autoencoder's training within Binder's memory. ``shuffle`` reshuffles
    every epoch, seeded.
    """
    tf = settings.quiet_tensorflow()[0]
    images = np.asarray(images)
    if images.dtype != np.uint8 or images.ndim != 3:
        raise ValueError(
            f"images must be uint8 with shape (n, height, width), got {images.dtype} {images.shape}"
        )
    batch_size = check_int("batch_size", batch_size, 1)
    seed = check_int("seed", seed, 0)
    stored = tf.constant(images)  # one copy; batches gather from it by index
    order = tf.data.Dataset.range(len(images))
    if shuffle:  # shuffle indices, not images: the buffer holds 8-byte numbers
        order = order.shuffle(len(images), seed=seed, reshuffle_each_iteration=True)

    def to_pair(index):
        x = tf.cast(tf.gather(stored, index), tf.float32)[..., None] / 255.0
        return x, x

    return order.batch(batch_size).map(to_pair)
