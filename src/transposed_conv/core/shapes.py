"""Output-size arithmetic for convolutions and transposed convolutions.

Pure Python, one spatial dimension at a time. Two families of rules:

* integer padding, the relationships of Dumoulin & Visin ("A guide to
  convolution arithmetic for deep learning") in the form PyTorch documents;
* Keras' string padding (``"valid"`` / ``"same"``), exactly as
  ``keras.layers.Conv2D`` / ``Conv2DTranspose`` compute it with the
  TensorFlow backend, including where the output is cropped.

All arithmetic is on Python integers, exact for any size (a ceiling taken in
floating point is wrong from 2**53 on). Nothing here allocates, so sizes are
not capped; :func:`arguments.check_cells` is the cap the array-building modules apply.
"""

from __future__ import annotations

from .arguments import check_int, check_padding_mode


def _ceil_div(a: int, b: int) -> int:
    """``ceil(a / b)`` for integers, exactly (``b > 0``)."""
    return -(-a // b)


def effective_kernel_size(k: int, d: int = 1) -> int:
    """Span of a kernel of size ``k`` with dilation ``d``: ``d*(k-1)+1``."""
    k = check_int("k", k, 1)
    d = check_int("d", d, 1)
    return d * (k - 1) + 1


def _check_output(length: int, what: str) -> int:
    """``length`` if positive; cropping (padding) is the only way these outputs become empty."""
    if length < 1:
        raise ValueError(f"padding is too large: the {what} would have size {length}")
    return length


def conv_output_size(i: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    """Size of a convolution's output for integer padding ``p`` on each side.

    ``floor((i + 2p - d*(k-1) - 1) / s) + 1`` (Dumoulin & Visin, relationship 6,
    with dilation). Raises ``ValueError`` when the output would be empty.
    """
    i = check_int("i", i, 1)
    s = check_int("s", s, 1)
    p = check_int("p", p, 0)
    span = effective_kernel_size(k, d)
    if i + 2 * p < span:
        raise ValueError(
            f"k is too large: dilated kernel size {span} exceeds padded input size {i + 2 * p}"
        )
    return (i + 2 * p - span) // s + 1


def conv_transpose_output_size(
    i: int, k: int, s: int = 1, p: int = 0, output_padding: int = 0, d: int = 1
) -> int:
    """Size of a transposed convolution's output for integer padding ``p``.

    ``(i-1)*s - 2p + d*(k-1) + output_padding + 1``: the full output
    ``(i-1)*s + d*(k-1) + 1`` with ``p`` cropped from each side and
    ``output_padding`` added at the end (PyTorch's and MXNet's meaning).
    ``output_padding`` must be smaller than ``s``.
    """
    i = check_int("i", i, 1)
    s = check_int("s", s, 1)
    p = check_int("p", p, 0)
    output_padding = check_int("output_padding", output_padding, 0)
    if output_padding >= s:
        raise ValueError(
            f"output_padding must be smaller than the stride s={s}, got {output_padding}"
        )
    full = (i - 1) * s + effective_kernel_size(k, d)
    return _check_output(full - 2 * p + output_padding, "transposed output")


def keras_conv_padding(i: int, k: int, s: int = 1, padding: str = "valid", d: int = 1):
    """Zeros ``(before, after)`` that Keras/TensorFlow add for a convolution.

    ``"valid"`` adds none. ``"same"`` adds ``max((ceil(i/s)-1)*s + span - i, 0)``
    zeros in total, the smaller half before (top/left) and the larger after.
    """
    i = check_int("i", i, 1)
    s = check_int("s", s, 1)
    span = effective_kernel_size(k, d)
    if check_padding_mode(padding) == "valid":
        return 0, 0
    total = max((_ceil_div(i, s) - 1) * s + span - i, 0)
    return total // 2, total - total // 2


def keras_conv_output_size(i: int, k: int, s: int = 1, padding: str = "valid", d: int = 1) -> int:
    """Output size of ``keras.layers.Conv2D`` along one axis.

    ``"same"``: ``ceil(i/s)``; ``"valid"``: ``ceil((i - span + 1)/s)``.
    Raises ``ValueError`` naming ``k`` when a ``"valid"`` kernel does not fit.
    """
    i = check_int("i", i, 1)
    s = check_int("s", s, 1)
    span = effective_kernel_size(k, d)
    if check_padding_mode(padding) == "same":
        return _ceil_div(i, s)
    if span > i:  # nothing is padded with "valid": the kernel, not the padding, is too large
        raise ValueError(
            f"k is too large: dilated kernel size {span} exceeds input size {i} "
            "with 'valid' padding"
        )
    return _ceil_div(i - span + 1, s)


def keras_conv_transpose_output_size(
    i: int, k: int, s: int = 1, padding: str = "valid", output_padding=None, d: int = 1
) -> int:
    """Output size of ``keras.layers.Conv2DTranspose`` along one axis.

    With ``output_padding=None``: ``"valid"`` gives ``i*s + max(span - s, 0)``
    (so ``i*s`` when the kernel is smaller than the stride) and ``"same"``
    gives ``i*s``. With an integer ``output_padding``:
    ``(i-1)*s + span - 2*pad + output_padding`` where ``pad`` is 0 for
    ``"valid"`` and ``span // 2`` for ``"same"``.
    """
    i = check_int("i", i, 1)
    s = check_int("s", s, 1)
    mode = check_padding_mode(padding)
    span = effective_kernel_size(k, d)
    if output_padding is None:
        length = i * s + max(span - s, 0) if mode == "valid" else i * s
    else:
        output_padding = check_int("output_padding", output_padding, 0)
        if output_padding >= s:
            raise ValueError(
                f"output_padding must be smaller than the stride s={s}, got {output_padding}"
            )
        pad = span // 2 if mode == "same" else 0
        length = (i - 1) * s + span - 2 * pad + output_padding
    return _check_output(length, "transposed output")


def conv_transpose_crop(
    i: int, k: int, s: int = 1, padding=0, output_padding=None, d: int = 1
) -> tuple[int, int]:
    """Where the output sits in the full transposed output: ``(start, length)``.

    The full output has ``(i-1)*s + span`` cells. The result is
    ``full[start:start+length]``, with zeros appended where it runs past the end.

    * integer ``padding`` p: ``start = p``, length from
      :func:`conv_transpose_output_size` (``output_padding=None`` means 0);
    * ``"valid"`` / ``"same"``: the length of
      :func:`keras_conv_transpose_output_size`, and the start TensorFlow uses:
      the ``before`` padding of the forward convolution that maps ``length``
      back to ``i``, i.e. ``max((i-1)*s + span - length, 0) // 2`` for
      ``"same"`` and 0 for ``"valid"``. TensorFlow refuses a ``"same"``
      setting whose forward convolution would not give back ``i`` (an even
      kernel with ``output_padding=0``, for example); so does this function.
    """
    i, s = check_int("i", i, 1), check_int("s", s, 1)  # Python ints: NumPy's would wrap around
    if isinstance(padding, str):
        mode = check_padding_mode(padding)
        length = keras_conv_transpose_output_size(i, k, s, mode, output_padding, d)
        if mode == "valid":
            return 0, length
        if _ceil_div(length, s) != i:
            raise ValueError(
                f"output_padding={output_padding} with padding='same', k={k}, s={s} gives "
                f"output size {length}, which a 'same' convolution maps to "
                f"{_ceil_div(length, s)} not i={i}; TensorFlow rejects it too"
            )
        full = (i - 1) * s + effective_kernel_size(k, d)
        return max(full - length, 0) // 2, length
    p = check_int("padding", padding, 0)
    op = 0 if output_padding is None else output_padding
    return p, conv_transpose_output_size(i, k, s, p, op, d)
