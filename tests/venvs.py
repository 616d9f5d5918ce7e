"""Throwaway venvs for the hub and nbgrader tests, started from .venv's installed packages."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


@contextlib.contextmanager
def throwaway_venv(folder: Path, prefix: str, linked: bool = True):
    """A new venv in a temporary folder under ``folder``, removed afterwards; yields its python.

    ``linked``: it starts with .venv's installed packages as hard links (instant, no copy, and
    pip comes from them too, so no second pip is mixed in); ``folder`` must then be on .venv's
    file system, or the files are copied. Otherwise it is an empty venv with its own pip.
    """
    folder.mkdir(parents=True, exist_ok=True)
    venv = Path(tempfile.mkdtemp(prefix=prefix, dir=folder))
    try:
        options = ["--without-pip"] if linked else []  # --system-site-packages is off
        subprocess.run(
            [sys.executable, "-m", "venv", *options, venv], check=True, capture_output=True
        )
        if linked:
            _link_packages(venv)
        yield venv / "bin" / "python"
    finally:
        shutil.rmtree(venv, ignore_errors=True)


def _link_packages(venv: Path) -> None:
    source = Path(sys.prefix)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for folder in (source / "lib" / version / "site-packages", source / "etc", source / "share"):
        if folder.is_dir():
            shutil.copytree(
                folder,
                venv / folder.relative_to(source),
                copy_function=_link_new,
                dirs_exist_ok=True,
                symlinks=True,
            )


def _link_new(source, target):
    """Hard-link a file not already there (a copy where the file systems differ)."""
    if not os.path.exists(target):
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
