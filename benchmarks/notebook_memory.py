"""Peak memory (RSS) of each notebook run top to bottom in full mode, MNIST at its real size.

Usage: ``make benchmark-memory`` [-- notebook names]. Each notebook runs in a fresh kernel,
not in quick mode; when Keras cannot download MNIST, the shipped sample is repeated to
60,000 / 10,000 digits (TRANSPOSED_CONV_TILE_SAMPLE), so the arrays have MNIST's real size.
A cell appended to each notebook reads the kernel's own peak resident set size. The weights
cache starts empty, so every model trains, as on a learner's first run.
Binder gives a learner 1-2 GB; the target is at most 1.5 GB per notebook.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
TARGET_MB = 1536
PEAK_CELL = (
    "import resource, sys\n"
    "_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "print('PEAK_MB', _peak / (1024 * 1024 if sys.platform == 'darwin' else 1024))"
)


def peak_mb(path: Path, timeout: int = 7200) -> tuple[float, float]:
    """Run ``path`` in a fresh kernel (in a scratch folder) and return (peak MB, seconds)."""
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(PEAK_CELL))
    with tempfile.TemporaryDirectory() as scratch:
        start = time.perf_counter()
        NotebookClient(notebook, timeout=timeout, resources={"metadata": {"path": scratch}}).execute()
        seconds = time.perf_counter() - start
    text = "".join(out.get("text", "") for out in notebook.cells[-1].outputs)
    return float(text.split("PEAK_MB")[1].split()[0]), seconds


def main(names: list[str]) -> int:
    os.environ.pop("TRANSPOSED_CONV_QUICK", None)  # full mode
    os.environ["TRANSPOSED_CONV_TILE_SAMPLE"] = "1"
    # an empty weights cache: every model trains, as on a learner's first run
    os.environ["TRANSPOSED_CONV_CACHE"] = tempfile.mkdtemp(prefix="tc-memory-cache-")
    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if names:
        paths = [p for p in paths if any(p.name.startswith(n) for n in names)]
    print(f"{'notebook':45s} {'peak RSS':>9s} {'run time':>9s}")
    over = 0
    for path in paths:
        mb, seconds = peak_mb(path)
        flag = "" if mb <= TARGET_MB else f"  over {TARGET_MB} MB"
        over += mb > TARGET_MB
        print(f"{path.name:45s} {mb:6.0f} MB {seconds:7.0f} s{flag}", flush=True)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
