"""Measuring checkerboard artifacts, and finding them in the gradients of strided convolutions.

The measure. A stride-``s`` checkerboard is a pattern that repeats every ``s`` pixels, so
it shows as unequal *phase means*: the mean of the pixels ``(p::s, q::s)`` for each of the
``s*s`` phases ``(p, q)``. :func:`checkerboard_energy` is the variance of the phase means
divided by the image's variance. Tiling the phase means gives the orthogonal projection
of the image onto ``s``-periodic images, which are exactly the images whose Fourier
transform lives on the frequencies that are multiples of ``1/s`` cycles per pixel; so, for
sizes divisible by ``s``, the measure is the *fraction of the image's non-constant energy at
the stride's frequencies*: 0 for a constant image or any image with equal phase means, 1
for a pure stride-``s`` pattern, about ``(s*s-1)/(H*W)`` for white noise. It is scale-free,
so gradients of very different sizes compare. Averaging over the whole image (rather than
over hand-picked flat regions) keeps it parameter-free; on a digit the strokes add energy
at all frequencies, so compare models on the same images (or on their errors).

The gradients. The gradient of a stride-2 ``Conv2D`` with respect to its input is a
transposed convolution with the same kernel, so it carries the same overlap pattern:
with a 3x3 kernel at stride 2 some input pixels feed 1, 2 or 4 output windows, and the
gradient of a stack inherits that checkerboard (Odena et al., Distill 2016, "Artifacts in
gradients"). :func:`input_gradient` computes it with ``tf.GradientTape`` for three
random-weight stacks: ``"k3"`` (3x3, stride 2), ``"k4"`` (4x4, stride 2: even overlap) and
``"resize"`` (3x3 stride 1 then 2x2 average pooling, whose backward pass is
nearest-neighbour upsampling then a convolution: resize-convolution run backwards).
"""

from __future__ import annotations

import numpy as np

from .. import settings
from ..core.arguments import check_int, real_array

GRADIENT_KINDS = ("k3", "k4", "resize")
WEIGHTS = ("positive", "normal")


def _choice(name, value, options):
    """``value`` if it is one of the strings ``options`` (checked as a string first: ``in`` alone
    would call a caller's ``__eq__``), else ``ValueError`` naming ``name``."""
    if not (isinstance(value, str) and value in options):
        raise ValueError(f"{name} must be one of {options}, got {value!r:.60}")
    return value


def _images(images):
    """``images`` as float64 ``(N, H, W, C)`` and whether a single ``(H, W)`` image came in."""
    x = real_array("images", images)
    if x.ndim not in (2, 3, 4) or 0 in x.shape:
        raise ValueError(
            "images must be a non-empty (H, W), (N, H, W) or (N, H, W, C) array, "
            f"got shape {x.shape}"
        )
    if x.ndim == 2:
        return x[None, :, :, None], True
    return (x[..., None] if x.ndim == 3 else x), False


def phase_means(images, s=2):
    """Mean of each of the ``s*s`` phases ``(p, q)``: pixels ``[p::s, q::s]``, all channels.

    ``images``: ``(H, W)`` gives ``(s, s)``; ``(N, H, W)`` or ``(N, H, W, C)`` gives
    ``(N, s, s)``, one table per image. ``s`` must not exceed the image's height or width.

    >>> phase_means(np.array([[1.0, 0.0], [0.0, 1.0]] * 2), 2)
    array([[1., 0.],
           [0., 1.]])
    """
    x, single = _images(images)
    s = check_int("s", s, 1)
    if s > min(x.shape[1:3]):
        raise ValueError(f"s must not exceed the image size {x.shape[1:3]}, got {s}")
    means = np.stack(
        [np.stack([x[:, p::s, q::s].mean(axis=(1, 2, 3)) for q in range(s)], -1) for p in range(s)],
        -2,
    )
    return means[0] if single else means


def checkerboard_energy(images, s=2):
    """The fraction of an image's variance that is a stride-``s`` pattern, averaged over images.

    Variance of the :func:`phase_means` divided by the variance of the image (0 for a
    constant image); equal to the share of the non-constant Fourier energy at multiples of
    ``1/s`` cycles per pixel when ``s`` divides the size (see the module docstring).
    Returns a float in ``[0, 1]``.

    >>> checkerboard_energy(np.ones((4, 4)))
    0.0
    >>> checkerboard_energy(np.indices((4, 4)).sum(0) % 2)
    1.0
    """
    x, _ = _images(images)
    means = phase_means(x, s)  # (N, s, s)
    spread = means.reshape(len(x), -1).var(axis=1)
    total = x.reshape(len(x), -1).var(axis=1)
    scale = np.maximum(np.abs(x).reshape(len(x), -1).max(axis=1), 1e-300)
    flat = total <= (1e-12 * scale) ** 2  # constant up to rounding: no pattern to measure
    ratio = np.where(flat, 0.0, spread / np.where(flat, 1.0, total))
    return float(np.clip(ratio, 0.0, 1.0).mean())


def _kernels(kind, depth, channels, weights, seed):
    """One independent draw per layer: layer ``i`` (0 next to the input) from
    ``np.random.default_rng([seed, i])``, uniform in [0, 1) or standard normal, in the
    ``Conv2D`` layout ``(k, k, C_in, C_out)``. (A Keras initialiser with a fixed seed would
    give every layer of the same shape the same weights.)"""
    k = 4 if kind == "k4" else 3
    kernels = []
    for i in range(depth):
        rng = np.random.default_rng([seed, i])
        shape = (k, k, 1 if i == 0 else channels, channels)
        if weights == "positive":  # the overlap pattern, not random phase sums, dominates
            kernels.append(rng.uniform(0.0, 1.0, size=shape))
        else:
            kernels.append(rng.standard_normal(size=shape))
    return kernels


def _stack(keras, kind, size, kernels, activation):
    L = keras.layers
    layers = [keras.Input((size, size, 1))]
    convs = []
    for kernel in kernels:
        conv = L.Conv2D(
            kernel.shape[-1],
            kernel.shape[0],
            strides=1 if kind == "resize" else 2,
            padding="same",
            activation=activation,
            use_bias=False,
        )
        convs.append(conv)
        layers += [conv, L.AveragePooling2D(2)] if kind == "resize" else [conv]
    model = keras.Sequential(layers)
    for conv, kernel in zip(convs, kernels, strict=True):
        conv.set_weights([kernel.astype(np.float32)])
    return model


def input_gradient(
    kind="k3", size=32, depth=3, channels=8, weights="positive", activation="relu", seed=0
):
    """The gradient of a random-weight strided stack's summed output with respect to its input.

    ``kind``: ``"k3"``, ``"k4"`` or ``"resize"`` (see the module docstring); ``depth``
    downsampling layers of ``channels`` filters, no bias, ``activation`` (``"relu"`` or
    ``None``) on a seeded ``(1, size, size, 1)`` normal input; ``size`` must be divisible
    by ``2**depth``. ``weights="positive"`` draws uniform weights in [0, 1), where the
    overlap pattern shows; ``"normal"`` draws zero-mean weights, whose random phase sums put
    a checkerboard into the gradient of the even-overlap ``"k4"`` stack too (notebook 05's
    phase-sum rule). Every layer gets its own draw: layer ``i`` (0 next to the input) from
    ``np.random.default_rng([seed, i])``, in the ``Conv2D`` layout ``(k, k, C_in, C_out)``;
    the input comes from ``np.random.default_rng(seed)``. Returns the ``(size, size)``
    gradient as float64.

    >>> g = input_gradient("k3", size=16, depth=1)
    >>> g.shape, bool(checkerboard_energy(g) > 0.1)
    ((16, 16), True)
    """
    _choice("kind", kind, GRADIENT_KINDS)
    _choice("weights", weights, WEIGHTS)
    if activation is not None:
        _choice("activation", activation, ("relu",))
    depth = check_int("depth", depth, 1)
    if depth > 8:
        raise ValueError(f"depth must be at most 8, got {depth}")
    size = check_int("size", size, 2**depth)
    if size % 2**depth or size > 1024:
        raise ValueError(
            f"size must be a multiple of 2**depth={2**depth} and at most 1024, got {size}"
        )
    channels = check_int("channels", channels, 1)
    if channels > 256:
        raise ValueError(f"channels must be at most 256, got {channels}")
    seed = check_int("seed", seed, 0)
    if seed >= 2**31:
        raise ValueError(f"seed must be below 2**31, got {seed}")
    tf, keras = settings.quiet_tensorflow()
    model = _stack(keras, kind, size, _kernels(kind, depth, channels, weights, seed), activation)
    x = tf.constant(np.random.default_rng(seed).normal(size=(1, size, size, 1)), dtype="float32")
    with tf.GradientTape() as tape:
        tape.watch(x)
        total = tf.reduce_sum(model(x))
    return tape.gradient(total, x).numpy()[0, :, :, 0].astype(np.float64)
