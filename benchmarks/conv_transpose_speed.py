"""Time ops.conv2d_transpose against tf.nn.conv2d_transpose, side by side in one run.

Case: batch 32, 14x14x64 -> 28x28x32, kernel 3, stride 2, 'same' (a typical
decoder layer). Then the loop version ("distribute values") against the
vectorised one on a smaller case, to show why vectorising matters.

Run: make benchmark   (or .venv/bin/python benchmarks/conv_transpose_speed.py)
"""

from __future__ import annotations

import timeit

import numpy as np

from transposed_conv import settings
from transposed_conv.core import ops


def best_seconds(fn, repeat=7, number=None):
    """Best of ``repeat`` runs, each averaged over ``number`` calls (auto-chosen if None)."""
    timer = timeit.Timer(fn)
    if number is None:
        number, _ = timer.autorange()
    return min(timer.repeat(repeat=repeat, number=number)) / number


def main():
    tf = settings.quiet_tensorflow()[0]
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 14, 14, 64))
    kernel = rng.normal(size=(3, 3, 32, 64))  # Keras layout (kh, kw, C_out, C_in)
    out_shape = (32, 28, 28, 32)

    ours = ops.conv2d_transpose(x, kernel, strides=2, padding="same")
    rows = [
        (
            "ops.conv2d_transpose (NumPy, float64)",
            best_seconds(lambda: ops.conv2d_transpose(x, kernel, 2, "same")),
        )
    ]
    for dtype in ("float32", "float64"):
        xt, kt = tf.constant(x, dtype), tf.constant(kernel, dtype)
        ref = tf.nn.conv2d_transpose(xt, kt, out_shape, 2, "SAME").numpy()
        assert np.allclose(ours, ref, rtol=1e-3, atol=1e-3), "results differ"
        run = lambda xt=xt, kt=kt: tf.nn.conv2d_transpose(xt, kt, out_shape, 2, "SAME").numpy()  # noqa: E731
        rows.append((f"tf.nn.conv2d_transpose ({dtype})", best_seconds(run)))

    print("batch 32, 14x14x64 -> 28x28x32, kernel 3, stride 2, 'same'")
    for name, sec in rows:
        print(f"  {name:40s} {sec * 1e3:8.2f} ms")
    for name, sec in rows[1:]:
        print(f"  NumPy / {name}: {rows[0][1] / sec:5.2f}x the time")

    small_x, small_k = x[:2, :7, :7, :8], kernel[:, :, :4, :8]
    loop = best_seconds(lambda: ops.conv2d_transpose_scatter(small_x, small_k, 2, "same"), repeat=3)
    fast = best_seconds(lambda: ops.conv2d_transpose(small_x, small_k, 2, "same"))
    print("batch 2, 7x7x8 -> 14x14x4, kernel 3, stride 2, 'same'")
    print(f"  conv2d_transpose_scatter (Python loops) {loop * 1e3:8.2f} ms")
    print(f"  conv2d_transpose (vectorised)           {fast * 1e3:8.2f} ms")
    print(f"  the loops take {loop / fast:.0f}x as long")


if __name__ == "__main__":
    main()
