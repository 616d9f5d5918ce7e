"""Run each notebook top to bottom in a fresh kernel and report its peak memory or its run time.

Usage: ``make benchmark-memory`` or ``make benchmark-notebooks`` (optionally
``NOTEBOOKS="05 07"`` to run some of them), i.e.
``python benchmarks/notebooks.py memory|time [names]``.

* ``memory``: full mode (not quick); when Keras cannot download MNIST, the shipped sample is
  repeated to 60,000 / 10,000 digits (TRANSPOSED_CONV_TILE_SAMPLE), so the arrays have MNIST's
  real size; the weights cache starts empty, so every model trains, as on a learner's first
  run. A cell appended to each notebook reads the kernel's own peak resident set size.
  Binder gives a learner 1-2 GB; the target is at most 1.5 GB per notebook.
* ``time``: each notebook as a learner first runs it (default mode, empty weights cache), with
  the kernel pinned to one CPU core, as on Binder. Target: under 60 s per notebook.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from transposed_conv import settings

ROOT = settings.repo_root()
TARGETS = {"memory": 1536, "time": 60}  # MB, seconds
PEAK_CELL = (
    "import resource, sys\n"
    "_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "print('PEAK_MB', _peak / (1024 * 1024 if sys.platform == 'darwin' else 1024))"
)


def run(path: Path, timeout: int = 7200) -> tuple[float, float]:
    """Run ``path`` in a fresh kernel (in a scratch folder) and return (peak MB, seconds)."""
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(PEAK_CELL))
    with tempfile.TemporaryDirectory() as scratch:
        start = time.perf_counter()
        NotebookClient(
            notebook, timeout=timeout, resources={"metadata": {"path": scratch}}
        ).execute()
        seconds = time.perf_counter() - start
    text = "".join(out.get("text", "") for out in notebook.cells[-1].outputs)
    return float(text.split("PEAK_MB")[1].split()[0]), seconds


def prepare(mode: str) -> None:
    """Environment of the kernels: full mode, an empty weights cache, per mode its size or core."""
    os.environ.pop("TRANSPOSED_CONV_QUICK", None)
    os.environ["TRANSPOSED_CONV_CACHE"] = tempfile.mkdtemp(prefix="tc-benchmark-cache-")
    if mode == "memory":
        os.environ["TRANSPOSED_CONV_TILE_SAMPLE"] = "1"
    else:
        os.environ.pop("TRANSPOSED_CONV_TILE_SAMPLE", None)
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # kernels inherit one core


def main(mode: str, names: list[str]) -> int:
    if mode not in TARGETS:
        print(f"usage: python benchmarks/notebooks.py memory|time [notebook numbers], got {mode!r}")
        return 2
    prepare(mode)
    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if names:
        paths = [p for p in paths if any(p.name.startswith(n) for n in names)]
    print(
        f"{'notebook':45s} {'peak RSS':>9s} {'run time':>9s}   "
        f"(target: {mode} at most {TARGETS[mode]})"
    )
    over = 0
    for path in paths:
        mb, seconds = run(path)
        value = mb if mode == "memory" else seconds
        flag = "" if value <= TARGETS[mode] else "  over target"
        over += value > TARGETS[mode]
        print(f"{path.name:45s} {mb:6.0f} MB {seconds:7.0f} s{flag}", flush=True)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "", sys.argv[2:]))
