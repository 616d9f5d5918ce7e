"""The pinned requirements resolve to wheels on every platform learners use, without installing.

pip evaluates environment markers for the machine it runs on, even with ``--platform``; so each
platform's markers are evaluated here (packaging's marker rules) and pip resolves what remains
with that platform's wheel tags and ``--only-binary=:all:``. A pin without a wheel fails.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import ROOT, for_platform, pip_resolve, requirement_lines

GLIBC_TAGS = [
    "manylinux2014",
    *(f"manylinux_2_{minor}" for minor in range(17, 32)),
]  # glibc 2.17-2.31
PLATFORMS = {
    "Linux x86-64": (
        [f"{tag}_x86_64" for tag in GLIBC_TAGS],
        dict(
            sys_platform="linux",
            platform_system="Linux",
            platform_machine="x86_64",
            os_name="posix",
        ),
    ),
    "Linux aarch64": (
        [f"{tag}_aarch64" for tag in GLIBC_TAGS],
        dict(
            sys_platform="linux",
            platform_system="Linux",
            platform_machine="aarch64",
            os_name="posix",
        ),
    ),
    "macOS Apple silicon": (
        ["macosx_14_0_arm64"],  # pip also accepts wheels for older macOS releases
        dict(
            sys_platform="darwin",
            platform_system="Darwin",
            platform_machine="arm64",
            os_name="posix",
        ),
    ),
    "Windows x86-64": (
        ["win_amd64"],
        dict(
            sys_platform="win32", platform_system="Windows", platform_machine="AMD64", os_name="nt"
        ),
    ),
}
PYTHONS = ["3.11", "3.13"]  # the ends of the supported range


def marker_environment(base: dict, python: str) -> dict:
    return {
        **base,
        "python_version": python,
        "python_full_version": f"{python}.0",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "platform_release": "",
        "platform_version": "",
        "extra": "",
    }


def test_binder_requirements_are_the_course_pins_without_local_references():
    course = requirement_lines(ROOT / "requirements.txt")
    binder = requirement_lines(ROOT / "binder" / "requirements.txt")
    assert binder == course
    assert not [
        line for line in binder if line.startswith(("-r", "-e", ".", "/")) or "file:" in line
    ]


def test_test_tools_are_not_in_the_learners_requirements():
    course = " ".join(requirement_lines(ROOT / "requirements.txt"))
    for tool in ["pytest", "nbval", "hypothesis", "playwright"]:
        assert tool not in course
    assert requirement_lines(ROOT / "requirements-test.txt")[0] == "-r requirements.txt"


def resolve(platform: str, python: str, folder) -> dict:
    tags, base = PLATFORMS[platform]
    lines = (
        requirement_lines(ROOT / "requirements.txt")
        + requirement_lines(ROOT / "requirements-test.txt")[1:]
    )
    requirements = for_platform(lines, marker_environment(base, python))
    args = [
        "--only-binary=:all:",
        "--python-version",
        python,
        *(f"--platform={tag}" for tag in tags),
    ]
    return pip_resolve(requirements, args, folder)


@pytest.fixture(scope="module")
def resolutions(tmp_path_factory):
    """Every (platform, Python) resolved at once: pip waits on the network most of the time."""
    cases = [(platform, python) for platform in PLATFORMS for python in PYTHONS]
    with ThreadPoolExecutor(max_workers=len(cases)) as pool:
        futures = {
            case: pool.submit(resolve, *case, tmp_path_factory.mktemp("pip")) for case in cases
        }
    return {case: future.exception() or future.result() for case, future in futures.items()}


@pytest.mark.parametrize("python", PYTHONS)
@pytest.mark.parametrize("platform", list(PLATFORMS))
def test_pins_resolve_to_wheels(resolutions, platform, python):
    resolved = resolutions[platform, python]
    if isinstance(resolved, BaseException):
        raise resolved
    tensorflow = (
        "tensorflow-cpu" if platform in ("Linux x86-64", "Windows x86-64") else "tensorflow"
    )
    assert resolved[tensorflow] == "2.21.0"
    assert "tensorflow" not in resolved or tensorflow == "tensorflow"  # never both wheels
    assert resolved["jupyterlab"].startswith("4.4.")
