"""Moving kernels between the layouts of Keras and of PyTorch / MXNet.

=====================  ============================  ============================
layer                  Keras (channels last)         PyTorch, MXNet (channels first)
=====================  ============================  ============================
convolution            ``(kh, kw, C_in, C_out)``     ``(C_out, C_in, kh, kw)``
transposed conv.       ``(kh, kw, C_out, C_in)``     ``(C_in, C_out, kh, kw)``
=====================  ============================  ============================

In both rows the same axis permutation converts one layout into the other,
because each framework stores a transposed convolution's kernel exactly as
it stores the convolution whose gradient it is.
"""

from __future__ import annotations

from .arguments import numeric_array


def _four_d(kernel, name):
    """``kernel`` as a non-empty 4-D array of real numbers, else an error naming ``name``.

    Its dtype is kept, so that a layout change never changes a value.
    """
    kernel = numeric_array(name, kernel)  # refuses booleans, complex numbers, objects, strings
    if kernel.ndim != 4 or 0 in kernel.shape:
        raise ValueError(f"{name} must be a non-empty 4-D kernel, got shape {kernel.shape}")
    return kernel


def keras_to_torch(kernel):
    """Keras ``(kh, kw, A, B)`` to PyTorch/MXNet ``(B, A, kh, kw)``.

    Works for both layers: a ``Conv2D`` kernel ``(kh, kw, C_in, C_out)`` becomes
    ``(C_out, C_in, kh, kw)``; a ``Conv2DTranspose`` kernel ``(kh, kw, C_out, C_in)``
    becomes ``(C_in, C_out, kh, kw)``.
    """
    return _four_d(kernel, "kernel").transpose(3, 2, 0, 1)


def torch_to_keras(kernel):
    """PyTorch/MXNet ``(B, A, kh, kw)`` to Keras ``(kh, kw, A, B)``.

    The inverse of :func:`keras_to_torch`.
    """
    return _four_d(kernel, "kernel").transpose(2, 3, 1, 0)
