"""Self-checks of notebook 08, checkerboards in gradients (see :mod:`.core`)."""

from __future__ import annotations

import numpy as np

from .core import equal_sums, kernel_of, phase_sums_2, quietly, report


def flat_kernel_3x3(answer) -> None:
    """08, exercise 1: any 3x3 kernel, not all zeros, whose four stride-2 phase sums are equal."""

    def test():
        k = kernel_of(answer, (3, 3))
        return k is not None and equal_sums(phase_sums_2(k))

    report(
        quietly(test),
        "give a 3x3 array, not all zeros. With stride 2 the taps fall into four phases: "
        "kernel[0::2, 0::2] (4 taps), kernel[0::2, 1::2] and kernel[1::2, 0::2] (2 taps each) and "
        "kernel[1, 1] alone; make the four sums equal (subpixel.phase_sums shows them).",
        "equal phase sums: a constant upstream gradient comes back flat.",
    )


def striped_k4_kernel(answer) -> None:
    """08, exercise 2: any 4x4 kernel whose four stride-2 phase sums are not all equal."""

    def test():
        k = kernel_of(answer, (4, 4))
        return k is not None and not equal_sums(phase_sums_2(k)) and bool(np.abs(k).max() > 0)

    report(
        quietly(test),
        "give a 4x4 array whose four phase sums kernel[p::2, q::2].sum() (p, q in 0, 1) are not "
        "all equal.",
        "4 taps per phase, but unequal sums: a constant input comes back as a checkerboard.",
    )


def even_k4_kernel(answer) -> None:
    """08, exercise 3: any 4x4 kernel, not all zeros, whose four stride-2 phase sums are equal."""

    def test():
        k = kernel_of(answer, (4, 4))
        return k is not None and equal_sums(phase_sums_2(k))

    report(
        quietly(test),
        "give a 4x4 array, not all zeros, whose four phase sums kernel[p::2, q::2].sum() "
        "are equal.",
        "equal phase sums: a constant input comes back flat (away from the border).",
    )
