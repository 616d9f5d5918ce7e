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
more than ``shapes.MAX_CELLS`` cells: larger requests raise ``ValueError``
before anything is allocated.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
from numpy.lib.stride_tricks import as_strided

from . import shapes
from .validation import real_array

# ---------------------------------------------------------------- arguments


def _pair(name: str, value, minimum: int) -> tuple[int, int]:
    """An int or a pair of ints, each >= minimum, as a pair."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name} must be an integer or a pair of integers, got {value!r}")
        return tuple(shapes.check_int(name, v, minimum) for v in value)
    v = shapes.check_int(name, value, minimum)
    return v, v


def _padding_pair(padding):
    """An int, a pair of ints, or 'valid'/'same' (then the same string per axis)."""
    if isinstance(padding, str):
        mode = shapes.check_padding_mode(padding)
        return mode, mode
    if not isinstance(padding, (tuple, list, numbers.Integral)) or isinstance(padding, bool):
        raise ValueError(
            f"padding must be an integer, a pair of integers, 'valid' or 'same', got {padding!r}"
        )
    return _pair("padding", padding, 0)


def _output_padding_pair(output_padding):
    if output_padding is None:
        return None, None
    return _pair("output_padding", output_padding, 0)


_RANKS = {  # spatial dimensions -> (shape names, kernel shape names) for the error messages
    1: ("(L,)", "(N, L, C)", "(k,)", "(k, C, C)"),
    2: ("(H, W)", "(N, H, W, C)", "(kh, kw)", "(kh, kw, C, C)"),
}


def _batched(x, kernel, in_axis: int, spatial: int = 2):
    """Check ranks and channels; return float64 ``(N, H, W, C)`` input, 4-D kernel, squeeze flag.

    ``spatial=2``: ``x`` is ``(H, W)`` or ``(N, H, W, C)``; ``spatial=1``: ``x``
    is ``(L,)`` or ``(N, L, C)``, lifted to a height of one. The kernel has
    the rank of ``x``; ``in_axis`` is its axis (in the 4-D layout) that must
    match the input's channels: 2 for a convolution, 3 for a transposed one.
    ``squeeze`` says ``x`` had no batch and channel axes (see :func:`_unbatched`).
    """
    x = real_array("x", x)
    kernel = real_array("kernel", kernel)
    single, batched = spatial, spatial + 2
    x_single, x_batched, k_single, k_batched = _RANKS[spatial]
    if x.ndim not in (single, batched):
        raise ValueError(
            f"x must have rank {single} {x_single} or {batched} {x_batched}, got shape {x.shape}"
        )
    if kernel.ndim != x.ndim:
        want = k_single if x.ndim == single else k_batched
        raise ValueError(
            f"kernel must have rank {x.ndim} {want} for an input of rank {x.ndim}, "
            f"got shape {kernel.shape}"
        )
    if 0 in x.shape:
        raise ValueError(f"x must not be empty, got shape {x.shape}")
    if 0 in kernel.shape:
        raise ValueError(f"kernel must not be empty, got shape {kernel.shape}")
    squeeze = x.ndim == single
    if squeeze:
        x, kernel = x[None, ..., None], kernel[..., None, None]
    if spatial == 1:  # a height of one: (N, L, C) -> (N, 1, L, C), (k, A, B) -> (1, k, A, B)
        x, kernel = x[:, None], kernel[None]
    if kernel.shape[in_axis] != x.shape[3]:
        raise ValueError(
            f"kernel axis {in_axis - (2 - spatial)} must match the {x.shape[3]} input channels "
            f"of x, got kernel shape {kernel.shape[2 - spatial :]}"
        )
    return x, kernel, squeeze


def _unbatched(out, squeeze: bool, spatial: int = 2):
    """Undo :func:`_batched` on a 4-D result: the rank and layout the caller passed in."""
    if spatial == 1:
        out = out[:, 0]  # drop the height of one
    return out[0, ..., 0] if squeeze else out


def _conv_pads(size, k, s, padding, d):
    """``(before, after, output size)`` of a convolution along one axis; refuses an empty output."""
    if isinstance(padding, str):
        length = shapes.keras_conv_output_size(size, k, s, padding, d)
        return (*shapes.keras_conv_padding(size, k, s, padding, d), length)
    return padding, padding, shapes.conv_output_size(size, k, s, padding, d)


def _crops(in_hw, kernel_hw, s, pads, output_pads, d):
    """``[(start, length)] * 2``: where each output axis sits in the full transposed output."""
    return [
        shapes.conv_transpose_crop(
            in_hw[ax], kernel_hw[ax], s[ax], pads[ax], output_pads[ax], d[ax]
        )
        for ax in (0, 1)
    ]


def _transpose_setup(x, kernel, strides, padding, output_padding, dilation):
    """Shared argument handling of the three transposed-convolution implementations."""
    x4, k4, squeeze = _batched(x, kernel, in_axis=3)
    s = _pair("strides", strides, 1)
    d = _pair("dilation", dilation, 1)
    pads = _padding_pair(padding)
    crops = _crops(x4.shape[1:3], k4.shape[:2], s, pads, _output_padding_pair(output_padding), d)
    # every implementation builds the full output, then the (possibly extended) crop
    shapes.check_cells("the full transposed output", _full_shape(x4, k4, s, d))
    shapes.check_cells("the transposed output", (len(x4), crops[0][1], crops[1][1], k4.shape[2]))
    return x4, k4, squeeze, s, d, crops


def _full_shape(x4, k4, s, d):
    """Shape of the full (uncropped) transposed output: no padding, no output padding."""
    n, h, w, _ = x4.shape
    full_h, full_w = (
        shapes.conv_transpose_output_size((h, w)[ax], k4.shape[ax], s[ax], 0, 0, d[ax])
        for ax in (0, 1)
    )
    return n, full_h, full_w, k4.shape[2]


def _crop(full, crops, squeeze):
    """Cut ``full[start:start+length]`` on both spatial axes, zero-extending past the end."""
    (top, oh), (left, ow) = crops
    extra_h = max(top + oh - full.shape[1], 0)
    extra_w = max(left + ow - full.shape[2], 0)
    if extra_h or extra_w:
        full = np.pad(full, ((0, 0), (0, extra_h), (0, extra_w), (0, 0)))
    return _unbatched(full[:, top : top + oh, left : left + ow, :], squeeze)


# ------------------------------------------------------------- convolution


def _windows(xp, kh, kw, s, d):
    """Read-only view of every kernel window: ``(N, oh, ow, kh, kw, C)``."""
    n, hp, wp, c = xp.shape
    oh = shapes.conv_output_size(hp, kh, s[0], 0, d[0])
    ow = shapes.conv_output_size(wp, kw, s[1], 0, d[1])
    sn, sh, sw, sc = xp.strides
    # A step never exceeds the padded size when it matters (more than one window or
    # tap); capping it keeps a huge unused stride or dilation (2**63) out of C integers.
    sy, sx, dy, dx = min(s[0], hp), min(s[1], wp), min(d[0], hp), min(d[1], wp)
    return as_strided(
        xp,
        shape=(n, oh, ow, kh, kw, c),
        strides=(sn, sh * sy, sw * sx, sh * dy, sw * dx, sc),
        writeable=False,
    )


def _correlate(win, k4):
    """``tensordot`` of the windows with the kernel, a batch chunk at a time.

    ``tensordot`` copies the windows it reads; chunks keep that copy under
    ``MAX_CELLS`` (one chunk, so the very same computation, for ordinary sizes).
    """
    per_image = shapes.check_cells("the windows of one image", win.shape[1:])
    chunk = max(1, shapes.MAX_CELLS // max(math.prod(per_image), 1))
    parts = [
        np.tensordot(win[i : i + chunk], k4, axes=([3, 4, 5], [0, 1, 2]))
        for i in range(0, len(win), chunk)
    ]
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def conv2d(x, kernel, strides=1, padding=0, dilation=1):
    """2-D cross-correlation, the operation every framework calls convolution.

    ``x`` is ``(H, W)`` with a ``(kh, kw)`` kernel, or ``(N, H, W, C_in)`` with
    a ``(kh, kw, C_in, C_out)`` kernel. ``padding`` is an int or pair (zeros on
    each side) or ``"valid"``/``"same"`` (Keras). Returns float64
    ``(oh, ow)`` or ``(N, oh, ow, C_out)``.
    """
    x4, k4, squeeze = _batched(x, kernel, in_axis=2)
    s = _pair("strides", strides, 1)
    d = _pair("dilation", dilation, 1)
    pads = _padding_pair(padding)
    (pt, pb, _), (pl, pr, _) = (
        _conv_pads(x4.shape[1 + ax], k4.shape[ax], s[ax], pads[ax], d[ax]) for ax in (0, 1)
    )
    n, h, w, c = x4.shape
    shapes.check_cells("the padded input", (n, h + pt + pb, w + pl + pr, c))
    xp = np.pad(x4, ((0, 0), (pt, pb), (pl, pr), (0, 0)))
    return _unbatched(_correlate(_windows(xp, k4.shape[0], k4.shape[1], s, d), k4), squeeze)


# --------------------------------------------------- transposed convolution


_CHUNK_BYTES = 2**21  # patches per batch chunk: ~2 MB keeps col2im's adds in the CPU cache


def _col2im(cols, full, s, d):
    """Add the kernel-sized patches ``(n, H, W, kh, kw, C)`` into ``full`` ``(n, fh, fw, C)``.

    One strided add per kernel offset: each adds a whole grid of pixels at once.
    """
    _, h, w, kh, kw, _ = cols.shape
    sy, sx = (
        min(s[0], full.shape[1]),
        min(s[1], full.shape[2]),
    )  # an unused huge step stays a C integer
    for a in range(kh):
        for b in range(kw):
            rows = slice(a * d[0], a * d[0] + (h - 1) * sy + 1, sy)
            cols_ = slice(b * d[1], b * d[1] + (w - 1) * sx + 1, sx)
            full[:, rows, cols_, :] += cols[:, :, :, a, b, :]


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
    x4, k4, squeeze, s, d, crops = _transpose_setup(
        x, kernel, strides, padding, output_padding, dilation
    )
    n, h, w, c_in = x4.shape
    kh, kw, c_out, _ = k4.shape
    weights = k4.reshape(-1, c_in).T  # (C_in, kh*kw*C_out)
    shapes.check_cells("the kernel patches of one image", (h, w, kh, kw, c_out))
    full = np.zeros(_full_shape(x4, k4, s, d))
    chunk = max(1, _CHUNK_BYTES // (8 * h * w * weights.shape[1]))
    for start in range(0, n, chunk):
        part = x4[start : start + chunk]
        cols = (part.reshape(-1, c_in) @ weights).reshape(len(part), h, w, kh, kw, c_out)
        _col2im(cols, full[start : start + chunk], s, d)
    return _crop(full, crops, squeeze)


def conv2d_transpose_scatter(x, kernel, strides=1, padding=0, output_padding=None, dilation=1):
    """Transposed convolution as "distribute values": explicit loops, for reading.

    Each input value scales the whole kernel, and the scaled copy is added into
    the output at the input's position times the stride. Same arguments and
    result as :func:`conv2d_transpose`; slow, so use it on small arrays.
    """
    x4, k4, squeeze, s, d, crops = _transpose_setup(
        x, kernel, strides, padding, output_padding, dilation
    )
    full = np.zeros(_full_shape(x4, k4, s, d))
    n_batch, h, w, _ = x4.shape
    kh, kw = k4.shape[:2]
    for n in range(n_batch):
        for i in range(h):
            for j in range(w):
                value = x4[n, i, j]  # the C_in channel values of this input pixel
                for a in range(kh):
                    for b in range(kw):
                        full[n, i * s[0] + a * d[0], j * s[1] + b * d[1]] += k4[a, b] @ value
    return _crop(full, crops, squeeze)


def pad_or_crop(z, axis, before, after):
    """Add zeros to (positive amounts) or remove cells from (negative) both ends of an axis.

    ``z`` is a NumPy array; ``before`` and ``after`` are integers for the start
    and the end of ``axis``. This is how the "collect" model turns the
    stretched input into the grid the flipped kernel slides over: pad by
    ``span - 1 - padding`` where that is positive, crop where it is negative.
    Raises ``ValueError`` naming the argument for a bad axis, a non-integer
    amount, a crop larger than the axis or a result of more than
    ``shapes.MAX_CELLS`` cells.
    """
    if not isinstance(z, np.ndarray) or z.ndim == 0:
        raise ValueError(f"z must be a NumPy array with at least one axis, got {type(z).__name__}")
    axis = shapes.check_int("axis", axis, 0)
    if axis >= z.ndim:
        raise ValueError(f"axis must be smaller than z's rank {z.ndim}, got {axis}")
    before, after = (
        shapes.check_int(name, v, -z.shape[axis])
        for name, v in (("before", before), ("after", after))
    )
    if max(-before, 0) + max(-after, 0) > z.shape[axis]:
        raise ValueError(
            f"before and after remove {-before} and {-after} of only {z.shape[axis]} cells"
        )
    pad = [(0, 0)] * z.ndim
    pad[axis] = (max(before, 0), max(after, 0))
    padded = z.shape[axis] + sum(pad[axis])
    shapes.check_cells("the padded array", z.shape[:axis] + (padded,) + z.shape[axis + 1 :])
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
    s = _pair("strides", strides, 1)
    ax = 0 if x.ndim == 2 else 1
    shape = list(x.shape)
    for i in (0, 1):  # stretching is the transposed convolution with the 1x1 kernel [[1]]
        shape[ax + i] = shapes.conv_transpose_output_size(x.shape[ax + i], 1, s[i])
    out = np.zeros(shapes.check_cells("the stretched input", shape))
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
    x4, k4, squeeze, s, d, crops = _transpose_setup(
        x, kernel, strides, padding, output_padding, dilation
    )
    z = stretch(x4, s)
    full = _full_shape(x4, k4, s, d)
    for ax in (0, 1):
        span = shapes.effective_kernel_size(k4.shape[ax], d[ax])
        start, length = crops[ax]
        end_extra = start + length - full[1 + ax]  # > 0: output_padding beyond the full output
        z = pad_or_crop(z, 1 + ax, span - 1 - start, span - 1 + end_extra)
    flipped = k4[::-1, ::-1].transpose(0, 1, 3, 2)  # (kh, kw, C_in, C_out)
    return _unbatched(conv2d(z, flipped, strides=1, padding=0, dilation=d), squeeze)


def conv_matrix(input_hw, kernel, strides=1, padding=0, dilation=1):
    """The matrix ``C`` of a single-channel 2-D convolution.

    Shape ``(out_h*out_w, in_h*in_w)``: ``C @ x.ravel()`` equals
    ``conv2d(x, kernel, ...).ravel()``, and ``C.T @ y.ravel()`` is the
    transposed convolution of ``y`` back onto the ``input_hw`` grid. Zeros of
    the padding have no column (they multiply nothing).
    """
    ih, iw = _pair("input_hw", input_hw, 1)
    kernel = real_array("kernel", kernel)
    if kernel.ndim != 2 or 0 in kernel.shape:
        raise ValueError(f"kernel must be a non-empty 2-D array (kh, kw), got shape {kernel.shape}")
    s = _pair("strides", strides, 1)
    d = _pair("dilation", dilation, 1)
    pads = _padding_pair(padding)
    (pt, pb, oh), (pl, pr, ow) = (
        _conv_pads((ih, iw)[ax], kernel.shape[ax], s[ax], pads[ax], d[ax]) for ax in (0, 1)
    )
    kh, kw = kernel.shape
    # the same limits as conv2d, plus the loop's work: one pass over the output per tap
    shapes.check_cells("the padded input", (ih + pt + pb, iw + pl + pr))
    shapes.check_cells("the matrix", (oh * ow, ih * iw))
    shapes.check_cells("the kernel taps times the output cells", (kh * kw, oh * ow))
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
    x4, k4, squeeze = _batched(x, kernel, in_axis=2, spatial=1)
    out = conv2d(
        x4,
        k4,
        _lift("strides", strides, 1),
        _lift("padding", padding, 0),
        _lift("dilation", dilation, 1),
    )
    return _unbatched(out, squeeze, spatial=1)


def conv1d_transpose(x, kernel, strides=1, padding=0, output_padding=None, dilation=1):
    """1-D transposed convolution, ``(L,)`` with ``(k,)``

    or ``(N, L, C_in)`` with ``(k, C_out, C_in)``.

    Arguments mean what they mean in :func:`conv2d_transpose`, for one axis.
    """
    x4, k4, squeeze = _batched(x, kernel, in_axis=3, spatial=1)
    op = None if output_padding is None else _lift("output_padding", output_padding, 0)
    out = conv2d_transpose(
        x4,
        k4,
        _lift("strides", strides, 1),
        _lift("padding", padding, 0),
        op,
        _lift("dilation", dilation, 1),
    )
    return _unbatched(out, squeeze, spatial=1)


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
    k = shapes.check_int("k", k, 1)
    return x[(slice(None),) * axis + (slice(None, None, k),)]


def upsample_zeros(x, k):
    """Insert ``k - 1`` zeros between neighbouring samples of ``(L,)`` or ``(N, L, C)``.

    Length ``L`` becomes ``(L-1)*k + 1``. On signals of that length,
    ``downsample(., k)`` undoes it, and the two operators' matrices are each
    other's transpose.
    """
    x, axis = _signal(x)
    k = shapes.check_int("k", k, 1)
    shape = list(x.shape)
    shape[axis] = shapes.conv_transpose_output_size(x.shape[axis], 1, k)  # the 1-tap kernel [1]
    out = np.zeros(shapes.check_cells("the upsampled signal", shape))
    out[(slice(None),) * axis + (slice(None, None, min(k, shape[axis])),)] = (
        x  # huge unused k stays a C integer
    )
    return out


# ------------------------------------------------------- teaching helpers


def distribute_terms(x, kernel, strides=1, dilation=1):
    """The scaled kernel copies that a transposed convolution adds up, one per input value.

    For a single-channel ``(H, W)`` input and ``(kh, kw)`` kernel, returns
    ``(terms, reached)``, both of shape ``(H, W, full_h, full_w)``:
    ``terms[i, j]`` is ``x[i, j] * kernel`` placed at ``(i*s, j*s)`` in the full
    (uncropped) output, and ``reached[i, j]`` marks the cells that copy covers.
    ``terms.sum(axis=(0, 1))`` is the full transposed convolution.
    """
    x4, k4, squeeze = _batched(x, kernel, in_axis=3)
    if not squeeze:
        raise ValueError(f"x must be a single-channel 2-D array (H, W), got shape {np.shape(x)}")
    s = _pair("strides", strides, 1)
    d = _pair("dilation", dilation, 1)
    xs, ks = x4[0, :, :, 0], k4[:, :, 0, 0]
    _, fh, fw, _ = _full_shape(x4, k4, s, d)
    h, w = xs.shape
    kh, kw = ks.shape
    terms = np.zeros(shapes.check_cells("the terms", (h, w, fh, fw)))
    reached = np.zeros((h, w, fh, fw), bool)
    for i in range(h):
        for j in range(w):
            rows = slice(
                i * s[0], i * s[0] + d[0] * (kh - 1) + 1, min(d[0], fh)
            )  # capped: see _windows
            cols = slice(j * s[1], j * s[1] + d[1] * (kw - 1) + 1, min(d[1], fw))
            terms[i, j, rows, cols] = xs[i, j] * ks
            reached[i, j, rows, cols] = True
    return terms, reached


def feeders(input_hw, kernel_hw, cell, strides=1, padding=0, output_padding=None, dilation=1):
    """Which input values and kernel weights feed one output cell of a transposed convolution.

    Returns a list of ``(i, j, a, b)``: output ``cell = (r, c)`` receives
    ``x[i, j] * kernel[a, b]`` for each tuple. Works for every padding the
    ops accept, so it also says which cells only get zeros (an empty list).
    """
    ih, iw = _pair("input_hw", input_hw, 1)
    kh, kw = _pair("kernel_hw", kernel_hw, 1)
    s = _pair("strides", strides, 1)
    d = _pair("dilation", dilation, 1)
    crops = _crops(
        (ih, iw), (kh, kw), s, _padding_pair(padding), _output_padding_pair(output_padding), d
    )
    if not (isinstance(cell, (tuple, list)) and len(cell) == 2):
        raise ValueError(f"cell must be a pair (row, col), got {cell!r}")
    r = shapes.check_int("cell", cell[0], 0)
    c = shapes.check_int("cell", cell[1], 0)
    if r >= crops[0][1] or c >= crops[1][1]:
        raise ValueError(
            f"cell must lie inside the {crops[0][1]}x{crops[1][1]} output, got {cell!r}"
        )
    fr, fc = r + crops[0][0], c + crops[1][0]  # position in the full output
    rows = _axis_taps(ih, kh, s[0], d[0], fr)
    cols = _axis_taps(iw, kw, s[1], d[1], fc)
    if len(rows) * len(cols) > MAX_FEEDERS:
        raise ValueError(
            f"cell {cell!r} has {len(rows) * len(cols):,} feeders, "
            f"more than {MAX_FEEDERS:,} to list; "
            f"use a smaller input_hw or kernel_hw"
        )
    return [((fr - a * d[0]) // s[0], (fc - b * d[1]) // s[1], a, b) for a in rows for b in cols]


MAX_FEEDERS = 10**6  # a list of 4-tuples costs about 100 bytes an entry


def _axis_taps(n_in: int, k: int, s: int, d: int, f: int) -> range:
    """The taps ``a`` with ``i*s + a*d == f`` for some ``0 <= i < n_in``, ``0 <= a < k``.

    In descending order.

    Solved exactly rather than searched, so huge sizes cost nothing: the
    solutions form one residue class modulo ``s/g`` (``g = gcd(s, d)``) inside
    the bounds that keep ``i`` and ``a`` valid. Descending ``a`` is ascending
    ``i = (f - a*d) / s``, the order of the input rows.
    """
    g = math.gcd(s, d)
    if f % g:
        return range(0)
    step = s // g
    a0 = (f // g) * pow(d // g, -1, step) % step  # the smallest a >= 0 with a*d = f (mod s)
    lo = max(0, (f - n_in * s) // d + 1)  # keeps i < n_in
    hi = min(k - 1, f // d)  # keeps i >= 0
    return range(hi - (hi - a0) % step, lo - 1, -step)


def bilinear_kernel(factor):
    """The 2-D bilinear-interpolation kernel for upsampling by an integer ``factor``.

    Size ``2*factor - factor % 2``: the tent ``1 - |t - centre| / factor`` along
    each axis, multiplied (the FCN recipe for initialising an upsampling layer).
    """
    factor = shapes.check_int("factor", factor, 1)
    size = 2 * factor - factor % 2
    shapes.check_cells("the bilinear kernel", (size, size))
    centre = factor - 1 if size % 2 == 1 else factor - 0.5
    tent = 1 - np.abs(np.arange(size) - centre) / factor
    return np.outer(tent, tent)
