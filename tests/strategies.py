"""Hypothesis strategies shared by the test modules."""

import numpy as np
from hypothesis import strategies as st

from transposed_conv.core import shapes


def _accepted(size, k, s, padding, op, d):
    """True when TensorFlow (and so ops) accepts this string-padding setting on every axis."""
    try:
        for ax in (0, 1):
            shapes.conv_transpose_crop(
                size[ax], k[ax], s[ax], padding, None if op is None else op[ax], d[ax]
            )
    except ValueError:
        return False
    return True


@st.composite
def transposed_case(draw, padding_kind="int", layer=False, max_size=6, max_kernel=5):
    """A random transposed convolution: batch, channels, sizes, strides 1-4, dilation 1-3, paddings.

    ``padding_kind``: "int" (a pair, never cropping everything), "string"
    ("valid"/"same" with None or an accepted output_padding) or "any".
    ``layer``: keep to what Keras layers allow (no stride > 1 with dilation > 1).
    Returns a dict of ``x``, ``kernel`` and the keyword arguments of the ops.
    """
    n, c_in, c_out = (draw(st.integers(1, 3)) for _ in range(3))
    size = [draw(st.integers(1, max_size)) for _ in range(2)]
    k = [draw(st.integers(1, max_kernel)) for _ in range(2)]
    s = [draw(st.integers(1, 4)) for _ in range(2)]
    d = [draw(st.integers(1, 3)) for _ in range(2)]
    if layer and max(d) > 1:
        s = [1, 1]
    if padding_kind == "any":
        padding_kind = draw(st.sampled_from(["int", "string"]))
    op = tuple(draw(st.integers(0, si - 1)) for si in s)
    if padding_kind == "string":
        padding = draw(st.sampled_from(["valid", "same"]))
        op = draw(st.sampled_from([None, op]))
        if not _accepted(size, k, s, padding, op, d):
            op = None
    else:
        full = [(size[a] - 1) * s[a] + d[a] * (k[a] - 1) + 1 for a in (0, 1)]
        padding = tuple(draw(st.integers(0, (full[a] + op[a] - 1) // 2)) for a in (0, 1))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    return dict(
        x=rng.normal(size=(n, *size, c_in)),
        kernel=rng.normal(size=(*k, c_out, c_in)),
        strides=tuple(s),
        padding=padding,
        output_padding=op,
        dilation=tuple(d),
    )


def split(case):
    """``(x, kernel, keyword arguments)`` of a case."""
    kwargs = dict(case)
    return kwargs.pop("x"), kwargs.pop("kernel"), kwargs
