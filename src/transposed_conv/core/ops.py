"""Convolution and transposed convolution in NumPy, three ways.

Conventions are Keras' (channels last):

* images are ``(H, W)`` (one single-channel image) or ``(N, H, W, C)``;
* a convolution kernel is ``(kh, kw, C_in, C_out)``;
* a transposed-convolution kernel is ``(kh, kw, C_out, C_in)``, the layout
  ``keras.layers.Conv2DTranspose`` stores;
* a 2-D input goes with a 2-D kernel and gives a 2-D output.

``padding`` is an integer (or a pair): for a convolution, zeros added on each
side; for a transposed convolution, rows/columns cropped from each side of the
full output (PyTorch's and MXNet's meaning). ``"valid"`` and ``"same"`` follow
Keras with the TensorFlow backend exactly. ``output_padding`` adds rows/columns
at the bottom/right and must be smaller than the stride.

Every function computes in float64 and returns float64.

Arrays must hold real numbers (booleans, complex numbers, strings and Python
objects are refused with ``TypeError``), and no function builds an array of
more than ``MAX_CELLS`` cells: larger requests raise ``ValueError``
before anything is allocated.
"""

from __future__ import annotations

import numpy as np

from . import shapes
from .arguments import (
    check_cells,
    check_int,
    padding_pair,
    pair,
    real_array,
)
from .arrays import (
    batched,
    col2im,
    conv_pads,
    correlate,
    crop,
    full_shape,
    transpose_setup,
    unbatched,
    windows,
)
from .terms import MAX_FEEDERS, distribute_terms, feeders  # noqa: F401  (ops.feeders & co.)

# ------------------------------------------------------------- convolution


def conv2d(x, kernel, strides=1, padding=0, dilation=1):
    """2-D cross-correlation, the operation every framework calls convolution.

    ``x`` is ``(H, W)`` with a ``(kh, kw)`` kernel, or ``(N, H, W, C_in)`` with
    a ``(kh, kw, C_in, C_out)`` kernel. ``padding`` is an int or pair (zeros on
    each side) or ``"valid"``/``"same"`` (Keras). Returns float64
    ``(oh, ow)`` or ``(N, oh, ow, C_out)``.
    """
    x4, k4, squeeze = batched(x, kernel, in_axis=2)
    s = pair("strides", strides, 1)
    d = pair("dilation", dilation, 1)
    pads = padding_pair(padding)
    (pt, pb, _), (pl, pr, _) = (
        conv_pads(x4.shape[1 + ax], k4.shape[ax], s[ax], pads[ax], d[ax]) for ax in (0, 1)
    )
    n, h, w, c = x4.shape
    check_cells("the padded input", (n, h + pt + pb, w + pl + pr, c))
    xp = np.pad(x4, ((0, 0), (pt, pb), (pl, pr), (0, 0)))
    return unbatched(correlate(windows(xp, k4.shape[0], k4.shape[1], s, d), k4), squeeze)


# --------------------------------------------------- transposed convolution


_CHUNK_BYTES = 2**21  # patches per batch chunk: ~2 MB keeps col2im's adds in the CPU cache


def conv2d_transpose(x, kernel, strides=1, padding=0, output_padding=None, dilation=1):
    """Transposed convolution, vectorised: one matrix multiply, then col2im.

    Every input pixel's channel vector times the kernel gives its
    ``kh x kw x C_out`` patch (one matmul for all pixels, as Caffe does); the
    patches are summed into the full output at stride spacing, and the result
    is cropped by ``padding`` and extended by ``output_padding``. Large
    batches go through in chunks so the patches stay in cache.

    ``x`` is ``(H, W)`` with a ``(kh, kw)`` kernel or ``(N, H, W, C_in)`` with a
    ``(kh, kw, C_out, C_in)`` kernel. Returns float64.
    """
    x4, k4, squeeze, s, d, crops = transpose_setup(
        x, kernel, strides, padding, output_padding, dilation
    )
    n, h, w, c_in = x4.shape
    kh, kw, c_out, _ = k4.shape
    weights = k4.reshape(-1, c_in).T  # (C_in, kh*kw*C_out)
    check_cells("the kernel patches of one image", (h, w, kh, kw, c_out))
    full = np.zeros(full_shape(x4, k4, s, d))
    chunk = max(1, _CHUNK_BYTES // (8 * h * w * weights.shape[1]))
    for start in range(0, n, chunk):
        part = x4[start : start + chunk]
        cols = (part.reshape(-1, c_in) @ weights).reshape(len(part), h, w, kh, kw, c_out)
        col2im(cols, full[start : start + chunk], s, d)
    return crop(full, crops, squeeze)


def conv2d_transpose_scatter(x, kernel, strides=1, padding=0, output_padding=None, dilation=1):
    """Transposed convolution as "distribute values": explicit loops, for reading.

    Each input value scales the whole kernel, and the scaled copy is added into
    the output at the input's position times the stride. Same arguments and
    result as :func:`conv2d_transpose`; slow, so use it on small arrays.
    """
    x4, k4, squeeze, s, d, crops = transpose_setup(
        x, kernel, strides, padding, output_padding, dilation
    )
    full = np.zeros(full_shape(x4, k4, s, d))
    n_batch, h, w, _ = x4.shape
    kh, kw = k4.shape[:2]
    for n in range(n_batch):
        for i in range(h):
            for j in range(w):
                value = x4[n, i, j]  # the C_in channel values of this input pixel
                for a in range(kh):
                    for b in range(kw):
                        full[n, i * s[0] + a * d[0], j * s[1] + b * d[1]] += k4[a, b] @ value
    return crop(full, crops, squeeze)


def pad_or_crop(z, axis, before, after):
    """Add zeros to (positive amounts) or remove cells from (negative) both ends of an axis.

    ``z`` is a NumPy array; ``before`` and ``after`` are integers for the start
    and the end of ``axis``. This is how the "collect" model turns the
    stretched input into the grid the flipped kernel slides over: pad by
    ``span - 1 - padding`` where that is positive, crop where it is negative.
    Raises ``ValueError`` naming the argument for a bad axis, a non-integer
    amount, a crop larger than the axis or a result of more than
    ``MAX_CELLS`` cells.
    """
    if not isinstance(z, np.ndarray) or z.ndim == 0:
        raise ValueError(f"z must be a NumPy array with at least one axis, got {type(z).__name__}")
    axis = check_int("axis", axis, 0)
    if axis >= z.ndim:
        raise ValueError(f"axis must be smaller than z's rank {z.ndim}, got {axis}")
    before, after = (
        check_int(name, v, -z.shape[axis]) for name, v in (("before", before), ("after", after))
    )
    if max(-before, 0) + max(-after, 0) > z.shape[axis]:
        raise ValueError(
            f"before and after remove {-before} and {-after} of only {z.shape[axis]} cells"
        )
    pad = [(0, 0)] * z.ndim
    pad[axis] = (max(before, 0), max(after, 0))
    padded = z.shape[axis] + sum(pad[axis])
    check_cells("the padded array", z.shape[:axis] + (padded,) + z.shape[axis + 1 :])
    z = np.pad(z, pad)
    index = [slice(None)] * z.ndim
    index[axis] = slice(max(-before, 0), z.shape[axis] - max(-after, 0))
    return z[tuple(index)]


def stretch(x, strides=1):
    """Insert ``stride - 1`` zeros between neighbouring pixels of ``(N, H, W, C)`` or ``(H, W)``.

    This is the zero-stretched input of the "collect values" model.
    """
    x = real_array("x", x)
    if x.ndim not in (2, 4):
        raise ValueError(f"x must have rank 2 (H, W) or 4 (N, H, W, C), got shape {x.shape}")
    if 0 in x.shape:
        raise ValueError(f"x must not be empty, got shape {x.shape}")
    s = pair("strides", strides, 1)
    ax = 0 if x.ndim == 2 else 1
    shape = list(x.shape)
    for i in (0, 1):  # stretching is the transposed convolution with the 1x1 kernel [[1]]
        shape[ax + i] = shapes.conv_transpose_output_size(x.shape[ax + i], 1, s[i])
    out = np.zeros(check_cells("the stretched input", shape))
    index = [slice(None)] * x.ndim
    steps = (
        min(s[0], shape[ax]),
        min(s[1], shape[ax + 1]),
    )  # a huge step over one row stays a C integer
    index[ax], index[ax + 1] = slice(None, None, steps[0]), slice(None, None, steps[1])
    out[tuple(index)] = x
    return out


def conv2d_transpose_as_conv(x, kernel, strides=1, padding=0, output_padding=None, dilation=1):
    """Transposed convolution as "collect values": a plain convolution in disguise.

    Stretch the input with ``stride - 1`` zeros between pixels, pad it with
    ``span - 1 - padding`` zeros (fewer where padding crops, more where
    ``output_padding`` extends), and run :func:`conv2d` at stride 1 with the
    kernel flipped top-bottom and left-right and its channel axes swapped.
    Same arguments and result as :func:`conv2d_transpose`, for finite kernels.

    A NaN or infinite kernel weight is the one difference: this model also
    multiplies every weight by the inserted and padded zeros, and IEEE
    arithmetic makes ``0 * nan`` and ``0 * inf`` NaN, so such a weight turns
    every output cell its window passes over into NaN; the distribute
    implementations multiply weights by input values only, so there only the
    cells that weight reaches from an input become NaN (or infinite).
    NaN or infinite *inputs* give the same result in all three.
    """
    x4, k4, squeeze, s, d, crops = transpose_setup(
        x, kernel, strides, padding, output_padding, dilation
    )
    z = stretch(x4, s)
    full = full_shape(x4, k4, s, d)
    for ax in (0, 1):
        span = shapes.effective_kernel_size(k4.shape[ax], d[ax])
        start, length = crops[ax]
        end_extra = start + length - full[1 + ax]  # > 0: output_padding beyond the full output
        z = pad_or_crop(z, 1 + ax, span - 1 - start, span - 1 + end_extra)
    flipped = k4[::-1, ::-1].transpose(0, 1, 3, 2)  # (kh, kw, C_in, C_out)
    return unbatched(conv2d(z, flipped, strides=1, padding=0, dilation=d), squeeze)


def conv_matrix(input_hw, kernel, strides=1, padding=0, dilation=1):
    """The matrix ``C`` of a single-channel 2-D convolution.

    Shape ``(out_h*out_w, in_h*in_w)``: ``C @ x.ravel()`` equals
    ``conv2d(x, kernel, ...).ravel()``, and ``C.T @ y.ravel()`` is the
    transposed convolution of ``y`` back onto the ``input_hw`` grid. Zeros of
    the padding have no column (they multiply nothing).
    """
    ih, iw = pair("input_hw", input_hw, 1)
    kernel = real_array("kernel", kernel)
    if kernel.ndim != 2 or 0 in kernel.shape:
        raise ValueError(f"kernel must be a non-empty 2-D array (kh, kw), got shape {kernel.shape}")
    s = pair("strides", strides, 1)
    d = pair("dilation", dilation, 1)
    pads = padding_pair(padding)
    (pt, pb, oh), (pl, pr, ow) = (
        conv_pads((ih, iw)[ax], kernel.shape[ax], s[ax], pads[ax], d[ax]) for ax in (0, 1)
    )
    kh, kw = kernel.shape
    # the same limits as conv2d, plus the loop's work: one pass over the output per tap
    check_cells("the padded input", (ih + pt + pb, iw + pl + pr))
    check_cells("the matrix", (oh * ow, ih * iw))
    check_cells("the kernel taps times the output cells", (kh * kw, oh * ow))
    s = (min(s[0], ih + pt + pb), min(s[1], iw + pl + pr))  # unused huge steps stay within int64
    d = (min(d[0], ih + pt + pb), min(d[1], iw + pl + pr))
    oy, ox = (g.ravel() for g in np.meshgrid(np.arange(oh), np.arange(ow), indexing="ij"))
    matrix = np.zeros((oh * ow, ih * iw))
    for a in range(kh):
        for b in range(kw):
            iy = oy * s[0] - pt + a * d[0]
            ix = ox * s[1] - pl + b * d[1]
            inside = (iy >= 0) & (iy < ih) & (ix >= 0) & (ix < iw)
            rows = (oy * ow + ox)[inside]
            matrix[rows, (iy * iw + ix)[inside]] += kernel[a, b]
    return matrix


# ---------------------------------------------------------------------- 1-D


def _lift(name, value, fill):
    """A 1-D argument as the pair (fill, value) for the height-one 2-D problem."""
    if isinstance(value, (tuple, list)):
        raise ValueError(f"{name} must be a single value for a 1-D operation, got {value!r}")
    return value if isinstance(value, str) or value is None else (fill, value)


def conv1d(x, kernel, strides=1, padding=0, dilation=1):
    """1-D cross-correlation: ``(L,)`` with ``(k,)``, or ``(N, L, C_in)`` with ``(k, C_in, C_out)``.

    Arguments mean what they mean in :func:`conv2d`, for one axis.
    """
    x4, k4, squeeze = batched(x, kernel, in_axis=2, spatial=1)
    out = conv2d(
        x4,
        k4,
        _lift("strides", strides, 1),
        _lift("padding", padding, 0),
        _lift("dilation", dilation, 1),
    )
    return unbatched(out, squeeze, spatial=1)


def conv1d_transpose(x, kernel, strides=1, padding=0, output_padding=None, dilation=1):
    """1-D transposed convolution, ``(L,)`` with ``(k,)``

    or ``(N, L, C_in)`` with ``(k, C_out, C_in)``.

    Arguments mean what they mean in :func:`conv2d_transpose`, for one axis.
    """
    x4, k4, squeeze = batched(x, kernel, in_axis=3, spatial=1)
    op = None if output_padding is None else _lift("output_padding", output_padding, 0)
    out = conv2d_transpose(
        x4,
        k4,
        _lift("strides", strides, 1),
        _lift("padding", padding, 0),
        op,
        _lift("dilation", dilation, 1),
    )
    return unbatched(out, squeeze, spatial=1)


def _signal(x):
    """``x`` as a float64 ``(L,)`` or ``(N, L, C)`` array and the index of its length axis."""
    x = real_array("x", x)
    if x.ndim not in (1, 3) or 0 in x.shape:
        raise ValueError(
            f"x must be a non-empty signal of rank 1 (L,) or 3 (N, L, C), got shape {x.shape}"
        )
    return x, 0 if x.ndim == 1 else 1


def downsample(x, k):
    """Keep every ``k``-th sample (the first, the (k+1)-th, ...) of ``(L,)`` or ``(N, L, C)``."""
    x, axis = _signal(x)
    k = check_int("k", k, 1)
    return x[(slice(None),) * axis + (slice(None, None, k),)]


def upsample_zeros(x, k):
    """Insert ``k - 1`` zeros between neighbouring samples of ``(L,)`` or ``(N, L, C)``.

    Length ``L`` becomes ``(L-1)*k + 1``. On signals of that length,
    ``downsample(., k)`` undoes it, and the two operators' matrices are each
    other's transpose.
    """
    x, axis = _signal(x)
    k = check_int("k", k, 1)
    shape = list(x.shape)
    shape[axis] = shapes.conv_transpose_output_size(x.shape[axis], 1, k)  # the 1-tap kernel [1]
    out = np.zeros(check_cells("the upsampled signal", shape))
    out[(slice(None),) * axis + (slice(None, None, min(k, shape[axis])),)] = (
        x  # huge unused k stays a C integer
    )
    return out


def bilinear_kernel(factor):
    """The 2-D bilinear-interpolation kernel for upsampling by an integer ``factor``.

    Size ``2*factor - factor % 2``: the tent ``1 - |t - centre| / factor`` along
    each axis, multiplied (the FCN recipe for initialising an upsampling layer).
    """
    factor = check_int("factor", factor, 1)
    size = 2 * factor - factor % 2
    check_cells("the bilinear kernel", (size, size))
    centre = factor - 1 if size % 2 == 1 else factor - 0.5
    tent = 1 - np.abs(np.arange(size) - centre) / factor
    return np.outer(tent, tent)
