"""Self-checks of notebook 05, upsampling and checkerboards (see :mod:`.core`)."""

from __future__ import annotations

import itertools

import numpy as np

from .core import (
    MAX_ITEMS,
    equal_sums,
    kernel_of,
    quietly,
    report,
    same_array,
    same_number,
    small,
)


def _interior_counts(k, s):
    from ..core.ops import conv1d_transpose

    counts = conv1d_transpose(np.ones(12), np.ones(k), strides=s)
    return sorted({int(v) for v in counts[k : len(counts) - k]})


def _counts(answer):
    """``answer`` as a sorted list of whole numbers, or None; reads at most ``MAX_ITEMS + 1``
    items."""
    if isinstance(answer, (str, bytes)):
        return None
    counts = []

    def read():
        # small: a list may be enormous; islice: a generator may never end
        items = list(itertools.islice(iter(answer), MAX_ITEMS + 1)) if small(answer) else []
        if not 0 < len(items) <= MAX_ITEMS or not all(float(v) == int(v) for v in items):
            return False
        counts.extend(sorted(int(v) for v in items))
        return True

    return counts if quietly(read) else None


def overlap_pattern(answer) -> None:
    """05, exercise 1: the overlap counts that alternate inside a 1-D transposed conv, kernel 5,
    stride 2."""
    report(
        _counts(answer) == _interior_counts(5, 2),
        "place kernel copies 5 cells wide every 2 cells and count, for a cell in the middle, "
        "how many copies cover it; then do the same for its neighbour.",
        "uneven overlap: 5 equal taps put 3 taps in one phase and 2 in the other, so the phase "
        "sums differ and a flat input comes back striped.",
    )


def even_kernel(answer) -> None:
    """05, exercise 2: the smallest kernel larger than stride 3 whose copies overlap evenly."""
    smallest = next(k for k in range(4, 20) if len(_interior_counts(k, 3)) == 1)
    report(
        same_number(answer, smallest),
        "the overlap is even when the kernel size is a multiple of the stride.",
        "a multiple of the stride: every phase gets 2 taps. Equal counts, not yet equal sums: "
        "unequal taps can still give the phases different sums (Exercise 4).",
    )


def nearest_then_conv(answer) -> None:
    """05, exercise 3: [1, 2] upsampled by nearest neighbour (x2), then a 'valid' correlation
    with [1, 1]."""
    from ..core.ops import conv1d

    expected = conv1d(np.repeat([1.0, 2.0], 2), np.ones(2))
    report(
        same_array(answer, expected),
        "nearest-neighbour upsampling repeats each value twice; then add each pair of neighbours.",
        "and that is conv1d_transpose([1, 2], [1, 2, 1], strides=2, padding=1): a transposed "
        "convolution with the kernel [1, 2, 1], cropped by one cell at each end.",
    )


def flat_stride3_kernel(answer) -> None:
    """05, exercise 4: 6 non-negative taps, not all equal, whose response at stride 3 to a
    constant input is flat (equal phase sums)."""
    from ..core.ops import conv1d_transpose
    from ..core.subpixel import phase_sums

    taps = []

    def shaped():
        taps.append(kernel_of(answer, (6,)))
        return taps[0] is not None

    def flat():
        k = taps[0]
        inside = conv1d_transpose(np.ones(40), k, strides=3)[6:-6]  # 2 copies on every cell
        level = float(np.abs(inside).max())
        return (
            equal_sums(phase_sums(k, 3))
            and level > 0
            and float(inside.max() - inside.min()) <= 1e-9 * max(level, 1.0)
        )

    ok = False
    if not quietly(shaped):
        hint = "give 6 numbers: a list or an array of shape (6,)."
    elif not quietly(lambda: (taps[0] >= 0).all()):
        hint = "every tap must be non-negative (0 or more)."
    elif not quietly(lambda: taps[0].max() > taps[0].min()):
        hint = (
            "equal taps are the box kernel, which is flat but only repeats each value; "
            "make the taps differ and keep the response flat."
        )
    elif not quietly(flat):
        sums = ", ".join(f"{v:g}" for v in phase_sums(taps[0], 3))
        hint = (
            "a constant input does not come back flat: with stride 3 the output cells of phase r "
            "receive the taps k[r::3], and your three phase sums are "
            f"{sums}; make them equal (and not zero)."
        )
    else:
        ok, hint = True, ""
    report(ok, hint, "equal phase sums, unequal taps: flat without being a box.")
