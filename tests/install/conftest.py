"""Shared helpers for the install tests: the pinned requirement lines and a pip that resolves."""

import json
import subprocess
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from transposed_conv import settings

ROOT = settings.repo_root()


def requirement_lines(path: Path) -> list[str]:
    """The requirement lines of a requirements file: no comments, no blank lines."""
    lines = (line.split(" #")[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def for_platform(lines: list[str], environment: dict) -> list[str]:
    """The requirements that apply on a platform, their markers evaluated for it.

    (pip alone would evaluate them for this machine.)
    """
    chosen = []
    for line in lines:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate(environment):
            requirement.marker = None
            chosen.append(str(requirement))
    return chosen


def pip_resolve(requirements: list[str], extra_args: list[str], tmp_path: Path) -> dict:
    """``pip install --dry-run --report`` of ``requirements``: {name: version}, else a failure."""
    report = tmp_path / "report.json"
    command = [
        sys.executable,
        "-m",
        "pip",
        "--isolated",
        "install",
        "--dry-run",
        "--ignore-installed",
        "--quiet",
        "--disable-pip-version-check",
        "--report",
        str(report),
        *extra_args,
        *requirements,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if done.returncode:
        errors = [line for line in done.stderr.splitlines() if "WARNING" not in line]
        raise AssertionError(f"pip could not resolve {extra_args[:4]}:\n" + "\n".join(errors[-15:]))
    installed = json.loads(report.read_text())["install"]
    return {
        canonicalize_name(item["metadata"]["name"]): item["metadata"]["version"]
        for item in installed
    }
