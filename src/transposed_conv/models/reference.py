"""Keras layers beside the NumPy operations: the reference notebooks 02-05 check ``ops`` against,
and the layers that finish a PyTorch port in a Keras model (notebook 10)."""

from __future__ import annotations

import numpy as np

from .. import settings
from ..core import porting


def keras_conv_transpose(x, kernel, **layer_kwargs):
    """Run ``x`` through a bias-free ``keras.layers.Conv2DTranspose`` holding ``kernel``.

    NumPy in and out.

    ``x`` is ``(H, W)`` with a ``(kh, kw)`` kernel, or ``(N, H, W, C_in)`` with a
    Keras-layout kernel ``(kh, kw, C_out, C_in)``; the result has the same rank
    as ``x``. ``layer_kwargs`` go to the layer (``strides``, ``padding``,
    ``output_padding``, ``dilation_rate``). The notebooks' reference for the NumPy ops.
    ``dilation_rate > 1`` runs on oneDNN CPU kernels and on GPUs, not on TensorFlow's
    plain CPU kernel; for a portable reference pass the dilated kernel written out with zeros.
    """
    keras = settings.quiet_tensorflow()[1]
    x = np.asarray(x, dtype="float32")
    kernel = np.asarray(kernel, dtype="float32")
    if x.ndim == 2 and kernel.ndim == 2:
        batched = keras_conv_transpose(
            x[None, :, :, None], kernel[:, :, None, None], **layer_kwargs
        )
        return batched[0, :, :, 0]
    if x.ndim != 4 or kernel.ndim != 4:
        raise ValueError(
            f"x and kernel must both be 2-D or both 4-D, got shapes {x.shape} and {kernel.shape}"
        )
    layer = keras.layers.Conv2DTranspose(
        kernel.shape[2], kernel.shape[:2], use_bias=False, **layer_kwargs
    )
    layer.build((None, *x.shape[1:]))
    layer.set_weights([kernel])
    return keras.ops.convert_to_numpy(layer(x))


def keras_layers(port):
    """Keras layers applying a 2-D :class:`~transposed_conv.core.porting.KerasPort`'s crop inside
    a model: ``[]``, or Cropping2D / ZeroPadding2D.

    Put them right after ``Conv2DTranspose(..., padding=port.padding)``.

    >>> [type(layer).__name__ for layer in keras_layers(porting.from_torch(3, 2, 1, 1))]
    ['Cropping2D']
    """
    port = porting.check_port(port)
    if len(port.crop) != 2:
        raise ValueError(
            f"port must have 2 spatial axes for Keras 2-D layers, got {len(port.crop)}"
        )
    keras = settings.quiet_tensorflow()[1]
    crops = tuple((max(b, 0), max(a, 0)) for b, a in port.crop)
    pads = tuple((max(-b, 0), max(-a, 0)) for b, a in port.crop)
    layers = []
    if any(map(any, pads)):
        layers.append(keras.layers.ZeroPadding2D(pads))
    if any(map(any, crops)):
        layers.append(keras.layers.Cropping2D(crops))
    return layers
