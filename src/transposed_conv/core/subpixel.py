"""Sub-pixel convolution is a transposed convolution with a rearranged kernel.

A sub-pixel layer (Shi et al. 2016) is a stride-1 convolution producing ``r*r*C_out``
channels followed by ``depth_to_space(r)``, which moves each pixel's ``r*r`` channel
groups into an ``r x r`` block. Output pixel ``(i*r + p, j*r + q)`` therefore comes from
channel group ``p*r + q`` ("phase" ``(p, q)``), and each phase is a plain convolution of
the input: exactly what a stride-``r`` transposed convolution computes, phase by phase.

Which paddings make the equality exact (per spatial axis, any kernel size ``k >= 1``,
any ``r >= 1``; ``x`` is ``(N, H, W, C_in)``, ``K`` a Keras ``Conv2DTranspose`` kernel
``(kh, kw, C_out, C_in)`` and ``K' = transposed_to_subpixel(K, r, padding)``):

* ``padding="same"``: ``depth_to_space(conv2d(x, K', "same"), r)`` equals
  ``conv2d_transpose(x, K, strides=r, padding="same")`` (Keras, ``output_padding=None``)
  for every ``k``. When the crop Keras applies, ``(k - r) // 2``, is not a multiple of
  ``r`` (``k=4, r=2``), ``K'`` gets one more tap than ``ceil(k/r)`` and some taps are zero.
* ``padding="valid"``: ``depth_to_space(conv2d(x, K', padding=k'-1), r)`` (``k'`` = the
  returned kernel's size, zeros on both sides: the "full" convolution) is the *full*
  transposed output ``(H-1)*r + k`` followed by ``k'*r - k`` zeros. It equals Keras
  ``"valid"`` when ``r`` divides ``k`` or ``k < r``; otherwise drop those trailing zeros.
  Every other setting (PyTorch's integer ``padding``, ``output_padding``) is a crop of
  this full output: ``full[p : p + length]``, zero-extended past the end.

:func:`subpixel_to_transposed` goes back: from a sub-pixel kernel used with ``"same"``
to the Keras kernel used with ``"same"``. A round trip gives back the same operator;
the kernel itself comes back unchanged when ``k = m*r`` with ``m`` odd, and otherwise
with zero taps added at its edges.

Everything is NumPy float64; TensorFlow is the tests' reference only.
"""

from __future__ import annotations

import numpy as np

from . import ops
from .arguments import check_cells, check_int, pair, real_array

PADDINGS = ("same", "valid")


def _stride(r) -> int:
    return check_int("r", r, 1)


def _padding(padding) -> str:
    if not (
        isinstance(padding, str) and padding in PADDINGS
    ):  # `in` alone would call a caller's __eq__
        raise ValueError(f"padding must be 'same' or 'valid', got {padding!r:.60}")
    return padding


def _kernel4(kernel, name="kernel"):
    kernel = real_array(name, kernel)
    if kernel.ndim != 4 or 0 in kernel.shape:
        raise ValueError(f"{name} must be a non-empty 4-D kernel, got shape {kernel.shape}")
    check_cells(name, kernel.shape)
    return kernel


def _same_taps(k: int, r: int) -> tuple[int, int, int]:
    """``(k', before, crop)`` for one axis of the ``"same"`` mapping.

    Keras crops ``crop = max(k - r, 0) // 2`` cells of the full transposed output; a
    ``"same"`` convolution with ``k'`` taps pads ``before = (k'-1)//2``. Phase ``p`` of
    conv output ``j`` then reads transposed tap ``a = p + crop + (before - t)*r`` at conv
    tap ``t``; ``k'`` is the smallest size whose taps reach every ``a`` in ``[0, k)``.
    """
    crop = max(k - r, 0) // 2
    size = 1
    while True:
        before = (size - 1) // 2
        lowest = crop + (before - size + 1) * r  # a at p = 0, t = size - 1
        highest = r - 1 + crop + before * r  # a at p = r - 1, t = 0
        if lowest <= 0 and highest >= k - 1:
            return size, before, crop
        size += 1


def _axis_map(k: int, r: int, padding: str):
    """Index arrays ``a[t, p]`` (transposed tap per sub-pixel tap and phase) and a validity mask."""
    if padding == "same":
        size, before, crop = _same_taps(k, r)
    else:  # "valid": the full convolution, crop 0 and before = size - 1
        size = -(-k // r)
        before, crop = size - 1, 0
    t = np.arange(size)[:, None]
    p = np.arange(r)[None, :]
    a = p + crop + (before - t) * r
    return a, (a >= 0) & (a < k)


def transposed_to_subpixel(kernel, r, padding="same"):
    """The sub-pixel convolution kernel equivalent to a stride-``r`` transposed convolution.

    ``kernel``: Keras ``Conv2DTranspose`` layout ``(kh, kw, C_out, C_in)``. Returns the
    ``Conv2D`` kernel ``(kh', kw', C_in, r*r*C_out)``; channel ``(p*r + q)*C_out + c``
    is output channel ``c`` of phase ``(p, q)``, the order ``tf.nn.depth_to_space`` uses.
    ``padding`` says how the convolution is padded and which transposed convolution it
    reproduces (see the module docstring): ``"same"`` for Keras ``"same"``, ``"valid"``
    for the full output.

    >>> K = np.arange(1.0, 5.0).reshape(4, 1, 1, 1)  # kernel [1, 2, 3, 4] down the rows
    >>> Kp = transposed_to_subpixel(K, 2)
    >>> Kp.shape
    (3, 1, 1, 4)
    >>> Kp[:, 0, 0, [0, 2]]                          # taps x row phases p = 0, 1 (q = 0)
    array([[4., 0.],
           [2., 3.],
           [0., 1.]])
    """
    kernel = _kernel4(kernel)
    r = _stride(r)
    padding = _padding(padding)
    kh, kw, c_out, c_in = kernel.shape
    check_cells("the sub-pixel kernel", (r, r, c_out, c_in))  # before any r-sized index array
    (a, a_ok), (b, b_ok) = _axis_map(kh, r, padding), _axis_map(kw, r, padding)
    check_cells("the sub-pixel kernel", (a.shape[0], b.shape[0], c_in, r * r * c_out))
    padded = np.pad(kernel, ((0, 1), (0, 1), (0, 0), (0, 0)))  # index -1 or k reads this zero
    a = np.where(a_ok, a, kh)
    b = np.where(b_ok, b, kw)
    # (t, p, u, q, C_out, C_in) -> (t, u, C_in, p, q, C_out)
    taps = padded[a[:, :, None, None], b[None, None, :, :]]
    out = taps.transpose(0, 2, 5, 1, 3, 4)
    return out.reshape(a.shape[0], b.shape[0], c_in, r * r * c_out)


def subpixel_to_transposed(kernel, r):
    """The Keras ``Conv2DTranspose`` kernel equivalent to a sub-pixel kernel used with ``"same"``.

    ``kernel``: ``(kh', kw', C_in, r*r*C_out)`` for ``conv2d(x, kernel, "same")`` followed
    by ``depth_to_space(r)``. Returns ``(kh, kw, C_out, C_in)`` with ``kh = r*kh'`` for odd
    ``kh'`` and ``r*(kh'+1)`` for even ``kh'`` (the last ``r`` taps zero, so that Keras'
    ``"same"`` crop lands on the right phase), to use with ``strides=r, padding="same"``.
    Per axis, transposed tap ``a`` is sub-pixel tap ``k'-1 - a//r`` of phase ``a % r``.

    >>> Kp = np.zeros((3, 1, 1, 4))
    >>> Kp[:, 0, 0, [0, 2]] = [[4.0, 0.0], [2.0, 3.0], [0.0, 1.0]]
    >>> subpixel_to_transposed(Kp, 2)[:, :, 0, 0]    # [1, 2, 3, 4] framed by zeros
    array([[0., 0.],
           [1., 0.],
           [2., 0.],
           [3., 0.],
           [4., 0.],
           [0., 0.]])
    """
    kernel = _kernel4(kernel)
    r = _stride(r)
    kh_, kw_, c_in, channels = kernel.shape
    if channels % (r * r):
        raise ValueError(
            f"kernel must have a multiple of r*r={r * r} output channels, got shape {kernel.shape}"
        )
    c_out = channels // (r * r)
    sizes = [r * (n + 1 - n % 2) for n in (kh_, kw_)]
    check_cells("the transposed kernel", (*sizes, c_out, c_in))
    phases = kernel.reshape(kh_, kw_, c_in, r, r, c_out)
    a = np.arange(sizes[0])
    b = np.arange(sizes[1])
    t, u = kh_ - 1 - a // r, kw_ - 1 - b // r
    t_ok, u_ok = t >= 0, u >= 0
    out = phases[
        np.where(t_ok, t, 0)[:, None],
        np.where(u_ok, u, 0)[None, :],
        :,
        (a % r)[:, None],
        (b % r)[None, :],
    ]
    out = out * (t_ok[:, None] & u_ok[None, :])[..., None, None]  # (kh, kw, C_in, C_out)
    return out.transpose(0, 1, 3, 2)


def depth_to_space(x, r):
    """NumPy ``tf.nn.depth_to_space``: ``(N, H, W, r*r*C)`` to ``(N, H*r, W*r, C)``.

    Channel group ``p*r + q`` of pixel ``(i, j)`` goes to pixel ``(i*r + p, j*r + q)``.

    >>> depth_to_space(np.arange(4.0).reshape(1, 1, 1, 4), 2)[0, :, :, 0]
    array([[0., 1.],
           [2., 3.]])
    """
    x = real_array("x", x)
    r = _stride(r)
    if x.ndim != 4 or 0 in x.shape or x.shape[3] % (r * r):
        raise ValueError(
            f"x must be a non-empty (N, H, W, r*r*C) array with r={r}, got shape {x.shape}"
        )
    n, h, w, c = x.shape
    blocks = x.reshape(n, h, w, r, r, c // (r * r)).transpose(0, 1, 3, 2, 4, 5)
    return blocks.reshape(n, h * r, w * r, c // (r * r))


def subpixel_conv(x, kernel, r, padding="same"):
    """Sub-pixel convolution in NumPy: ``conv2d`` then :func:`depth_to_space`.

    ``padding="same"`` pads the convolution as Keras' ``"same"``; ``"valid"`` pads
    ``k'-1`` zeros on every side (the full convolution), matching
    :func:`transposed_to_subpixel`'s two modes.

    >>> K = np.ones((3, 3, 1, 1))
    >>> x = np.ones((1, 2, 2, 1))
    >>> bool(np.allclose(subpixel_conv(x, transposed_to_subpixel(K, 2), 2),
    ...                  ops.conv2d_transpose(x, K, 2, "same")))
    True
    """
    kernel = _kernel4(kernel)
    r = _stride(r)
    padding = _padding(padding)
    conv_padding = "same" if padding == "same" else (kernel.shape[0] - 1, kernel.shape[1] - 1)
    return depth_to_space(ops.conv2d(x, kernel, 1, conv_padding), r)


def icnr(shape, r, initializer=None, seed=0):
    """ICNR initialisation: a sub-pixel kernel whose ``r*r`` phases are the same kernel.

    ``shape``: the sub-pixel kernel's ``(kh, kw, C_in, r*r*C_out)``. One kernel
    ``(kh, kw, C_in, C_out)`` is drawn by ``initializer(shape)`` (default: Glorot-uniform
    from ``np.random.default_rng(seed)``) and copied into every phase, so
    conv + ``depth_to_space`` starts as nearest-neighbour upsampling of one convolution
    and its equivalent transposed kernel has equal phase sums (no checkerboard at
    initialisation; Aitken et al. 2017).

    >>> K = icnr((3, 3, 2, 4 * 5), r=2)
    >>> bool(np.array_equal(K[..., :5], K[..., 15:]))
    True
    """
    if not (isinstance(shape, (tuple, list)) and len(shape) == 4):
        raise ValueError(f"shape must be a 4-tuple (kh, kw, C_in, r*r*C_out), got {shape!r:.60}")
    shape = tuple(check_int("shape", n, 1) for n in shape)
    r = _stride(r)
    if shape[3] % (r * r):
        raise ValueError(f"shape must have a multiple of r*r={r * r} output channels, got {shape}")
    check_cells("the ICNR kernel", shape)
    sub_shape = (*shape[:3], shape[3] // (r * r))
    if initializer is None:
        seed = check_int("seed", seed, 0)
        limit = np.sqrt(6.0 / (np.prod(sub_shape[:3]) + np.prod(sub_shape[:2]) * sub_shape[3]))
        sub = np.random.default_rng(seed).uniform(-limit, limit, size=sub_shape)
    elif callable(initializer):
        sub = real_array("initializer", np.asarray(initializer(sub_shape)))
        if sub.shape != sub_shape:
            raise ValueError(f"initializer must return shape {sub_shape}, got {sub.shape}")
    else:
        raise ValueError(
            f"initializer must be a callable taking a shape, or None, got {initializer!r:.60}"
        )
    return np.tile(sub, (1, 1, 1, r * r))


def phase_sums(kernel, s):
    """Per-phase sums of a transposed-convolution kernel's taps at stride ``s``.

    Output cell ``m`` of a stride-``s`` transposed convolution (in the full output's
    interior) receives the taps ``a`` with ``a % s == m % s``; with a constant input
    ``c`` it holds ``c`` times their sum. So the response to a constant input is flat
    exactly when all phase sums are equal (per output/input channel pair).

    ``kernel``: ``(k,)`` gives ``(s,)``; ``(kh, kw)`` gives ``(s, s)``;
    ``(k, C_out, C_in)`` (``Conv1DTranspose``) gives ``(s, C_out, C_in)``;
    ``(kh, kw, C_out, C_in)`` gives ``(s, s, C_out, C_in)``. ``s``: an integer, or a
    pair for 2-D kernels. Kernels shorter than ``s`` leave zero sums.

    >>> phase_sums(np.array([1.0, 2.0, 1.0]), 2)
    array([2., 2.])
    >>> phase_sums(np.array([1.0, 1.0, 1.0, 1.5]), 2)
    array([2. , 2.5])
    """
    kernel = real_array("kernel", kernel)
    if kernel.ndim not in (1, 2, 3, 4) or 0 in kernel.shape:
        raise ValueError(
            f"kernel must be a non-empty array of rank 1 to 4, got shape {kernel.shape}"
        )
    spatial = 1 if kernel.ndim in (1, 3) else 2
    steps = pair("s", s, 1) if spatial == 2 else (check_int("s", s, 1),)
    check_cells("the phase sums", (*steps, *kernel.shape[spatial:]))
    out = kernel
    for axis, step in enumerate(steps):
        size = -(-kernel.shape[axis] // step) * step
        pad = [(0, 0)] * out.ndim
        pad[axis] = (0, size - kernel.shape[axis])
        out = np.pad(out, pad)
        shape = out.shape[:axis] + (size // step, step) + out.shape[axis + 1 :]
        out = out.reshape(shape).sum(axis=axis)  # tap a = block*step + phase: sum the blocks
    return out
