"""The supported ranges come from the package's metadata, and 00's check names what is outside."""

from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from transposed_conv import versions

ROOT = Path(__file__).resolve().parents[1]


def declared_ranges():
    """pyproject.toml's dependencies, read with tomllib (independent of the installed metadata)."""
    import tomllib

    lines = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    return {
        r.name: str(r.specifier)
        for r in map(Requirement, lines)
        if r.marker is None or r.marker.evaluate()
    }


def test_supported_ranges_are_pyprojects():
    assert {name: str(spec) for name, spec in versions.supported().items()} == declared_ranges()


def test_this_environment_is_inside_the_range():
    assert versions.outside_range() == []


def test_an_old_keras_and_a_missing_package_are_named():
    ranges = {"keras": ">=3.11", "numpy": ">=1.26", "ipywidgets": ">=8"}
    found = versions.outside_range(ranges, {"keras": "3.8.0", "numpy": "2.4.6"})
    assert found == [
        "keras 3.8.0 is outside the course's range >=3.11: "
        'run %pip install "keras>=3.11" in a cell, then restart the kernel',
        "ipywidgets is not installed: "
        'run %pip install "ipywidgets>=8" in a cell, then restart the kernel',
    ]


def test_an_upper_bound_and_a_broken_version_are_outside():
    found = versions.outside_range(
        {"numpy": ">=1.26,<3", "keras": ">=3"}, {"numpy": "3.0", "keras": "x"}
    )
    assert found == [
        "numpy 3.0 is outside the course's range <3,>=1.26: "
        'run %pip install "numpy<3,>=1.26" in a cell, then restart the kernel',
        "keras x is outside the course's range >=3: "
        'run %pip install "keras>=3" in a cell, then restart the kernel',
    ]


def test_tensorflow_counts_for_tensorflow_cpu(monkeypatch):
    real = metadata.version

    def only_tensorflow(name):  # as on Colab: `tensorflow`, no `tensorflow-cpu`
        if name == "tensorflow-cpu":
            raise metadata.PackageNotFoundError(name)
        return "2.19.0" if name == "tensorflow" else real(name)

    monkeypatch.setattr(versions.metadata, "version", only_tensorflow)
    assert versions.installed("tensorflow-cpu") == "2.19.0"
    assert versions.outside_range({"tensorflow-cpu": ">=2.16"}) == []
    assert versions.outside_range({"tensorflow-cpu": ">=2.20"}) == [
        "tensorflow 2.19.0 is outside the course's range >=2.20: "
        'run %pip install "tensorflow>=2.20" in a cell, then restart the kernel'
    ]


def test_without_the_package_metadata_the_check_says_so(monkeypatch):
    def missing(dist):
        raise metadata.PackageNotFoundError(dist)

    monkeypatch.setattr(versions.metadata, "requires", missing)
    assert versions.outside_range() == [
        "the transposed-conv package is not installed: its supported ranges are unknown"
    ]


@pytest.mark.parametrize(
    "call",
    [
        lambda: versions.supported(""),
        lambda: versions.installed(3),
        lambda: versions.outside_range([("keras", ">=3")]),
        lambda: versions.outside_range({}, "keras"),
    ],
)
def test_bad_arguments_name_themselves(call):
    with pytest.raises(ValueError, match="dist|name|ranges|versions"):
        call()
