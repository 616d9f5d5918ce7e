"""requirements-floor.txt pins exactly pyproject.toml's floors, with the same markers."""

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]


def lines(path: Path) -> list[str]:
    kept = (line.split(" #")[0].strip() for line in path.read_text().splitlines())
    return [line for line in kept if line and not line.startswith("#")]


def test_every_floor_is_pinned_with_its_marker():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pinned = {
        (r.name, str(r.marker)): str(r.specifier)
        for r in map(Requirement, lines(ROOT / "requirements-floor.txt"))
    }
    for requirement in map(Requirement, declared):
        (spec,) = requirement.specifier  # one lower bound, no upper one
        assert spec.operator == ">=", requirement
        assert pinned.get((requirement.name, str(requirement.marker))) == f"=={spec.version}", (
            f"requirements-floor.txt must pin {requirement.name}=={spec.version}"
        )


def test_the_floor_is_older_than_the_pins():
    pins = {r.name: r for r in map(Requirement, lines(ROOT / "requirements.txt"))}
    for floor in map(Requirement, lines(ROOT / "requirements-floor.txt")):
        if floor.name in pins and floor.name not in ("ipykernel",):
            ((low,), (high,)) = floor.specifier, pins[floor.name].specifier
            assert Version(low.version) < Version(high.version), f"{floor.name}: floor >= pin"
