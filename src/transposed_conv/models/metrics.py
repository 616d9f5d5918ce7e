"""How well an autoencoder reconstructs images in [0, 1]: binary cross-entropy and PSNR."""

from __future__ import annotations

import numpy as np

from ..core.arguments import check_int

_EPS = 1e-7  # Keras' clipping of probabilities in binary cross-entropy


def _psnr_db(mse: float) -> float:
    """PSNR in dB of images in [0, 1] from their mean squared error: ``10 log10(1 / MSE)``."""
    return float(10 * np.log10(1.0 / mse))


def psnr(images, reconstructions) -> float:
    """Peak signal-to-noise ratio in dB for images in [0, 1]: ``10 log10(1 / MSE)``."""
    images = np.asarray(images, dtype=float)
    reconstructions = np.asarray(reconstructions, dtype=float)
    if images.shape != reconstructions.shape:
        raise ValueError(
            f"reconstructions must have the shape of images {images.shape}, "
            f"got {reconstructions.shape}"
        )
    return _psnr_db(np.mean((images - reconstructions) ** 2))


def reconstruction_scores(model, images, batch_size: int = 500):
    """Test binary cross-entropy and PSNR (dB) of an autoencoder on images in [0, 1], by batches.

    Streaming keeps memory flat on 10,000 test images. Returns ``(bce, psnr)``.
    """
    images = np.asarray(images, dtype="float32")
    batch_size = check_int("batch_size", batch_size, 1)
    bce_sum = se_sum = 0.0
    for start in range(0, len(images), batch_size):
        x = images[start : start + batch_size]
        p = np.clip(model.predict(x, verbose=0, batch_size=batch_size), _EPS, 1 - _EPS)
        bce_sum += float(-np.sum(x * np.log(p) + (1 - x) * np.log(1 - p)))
        se_sum += float(np.sum((x - p) ** 2))
    n = images.size
    return bce_sum / n, _psnr_db(se_sum / n)
