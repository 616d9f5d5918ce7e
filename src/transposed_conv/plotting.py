"""Figures shared by the notebooks (matplotlib only)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np


def image_row(images, titles=None, cmap="gray_r", size: float = 1.3):
    """Show images side by side without axes; returns the figure.

    ``images`` is a sequence of 2-D arrays; ``titles`` an optional sequence of labels.
    """
    images = [np.asarray(im) for im in images]
    if not images or any(im.ndim != 2 for im in images):
        raise ValueError("images must be a non-empty sequence of 2-D arrays")
    if titles is not None and len(titles) != len(images):
        raise ValueError(f"titles must have one entry per image ({len(images)}), got {len(titles)}")
    fig, axes = plt.subplots(1, len(images), figsize=(size * len(images), size * 1.15), squeeze=False)
    for i, (ax, im) in enumerate(zip(axes[0], images)):
        ax.imshow(im, cmap=cmap)
        ax.set_axis_off()
        if titles is not None:
            ax.set_title(str(titles[i]))
    fig.tight_layout()
    return fig
