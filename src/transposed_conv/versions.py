"""The versions the course supports, read from the package's own metadata (pyproject.toml).

On Colab the first cell installs the package with ``--no-deps`` so that Colab's TensorFlow
stays; nothing then checks Colab's versions against the course's ranges. Notebook 00 calls
:func:`outside_range` to name any package that is missing or older than its floor (the ranges
have no upper bound).
"""

from __future__ import annotations

from importlib import metadata

from packaging.requirements import Requirement
from packaging.version import InvalidVersion, Version

DIST = "transposed-conv"
# Colab and macOS install `tensorflow`; Linux x86-64 and Windows `tensorflow-cpu`: either counts.
SAME_PACKAGE = {"tensorflow-cpu": "tensorflow", "tensorflow": "tensorflow-cpu"}


def supported(dist: str = DIST) -> dict:
    """The declared range of every dependency that applies on this machine: name -> specifier."""
    if not isinstance(dist, str) or not dist:
        raise ValueError(f"dist must be a distribution name, got {dist!r}")
    ranges = {}
    for line in metadata.requires(dist) or []:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            ranges[requirement.name] = requirement.specifier
    return ranges


def installed(name: str) -> str | None:
    """The installed version of distribution ``name`` (or of its TensorFlow twin), else None."""
    return _installed(name)[1]


def _installed(name: str) -> tuple:
    """``(distribution, version)`` of ``name`` or its TensorFlow twin, else ``(name, None)``."""
    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be a distribution name, got {name!r}")
    for candidate in (name, SAME_PACKAGE.get(name)):
        if candidate is None:
            continue
        try:
            return candidate, metadata.version(candidate)
        except metadata.PackageNotFoundError:
            pass
    return name, None


def _fix(dist: str, specifier) -> str:
    return f'run %pip install "{dist}{specifier}" in a cell, then restart the kernel'


def outside_range(ranges: dict | None = None, versions: dict | None = None) -> list:
    """One sentence per dependency that is missing or outside its range, with the command that
    fixes it; [] when all fit.

    ``ranges`` (name -> specifier string or SpecifierSet) defaults to :func:`supported`,
    ``versions`` (name -> version string) to what is installed. Never raises for a learner:
    when the package's metadata is missing, the one sentence says so.
    """
    if ranges is None:
        try:
            ranges = supported()
        except metadata.PackageNotFoundError:
            return [f"the {DIST} package is not installed: its supported ranges are unknown"]
    if not isinstance(ranges, dict):
        raise ValueError(f"ranges must be a dict of name -> range, got {type(ranges).__name__}")
    if versions is not None and not isinstance(versions, dict):
        raise ValueError(f"versions must be a dict of name -> version, got {versions!r}")
    problems = []
    for name, specifier in ranges.items():
        specifier = Requirement(f"{name}{specifier}").specifier
        dist, version = _installed(name) if versions is None else (name, versions.get(name))
        if version is None:
            problems.append(f"{name} is not installed: {_fix(dist, specifier)}")
            continue
        try:
            fits = specifier.contains(Version(version), prereleases=True)
        except InvalidVersion:
            fits = False
        if not fits:
            problems.append(
                f"{dist} {version} is outside the course's range {specifier}: "
                + _fix(dist, specifier)
            )
    return problems
