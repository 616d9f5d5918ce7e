"""Binder: repo2docker's own Dockerfile for this repository, printed without Docker.

Checks that the pinned packages install before the repository is copied (so a commit that
changes only notebooks reuses the cached ~2 GB layer), that postBuild installs the package
after the copy, that the pins agree with the notebook server in repo2docker's base
environment, and that the kernel-culling settings load into jupyter_server.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, for_platform, pip_resolve, requirement_lines

REPO2DOCKER = "jupyter-repo2docker==2026.4.0"
LINUX = dict(
    sys_platform="linux",
    platform_system="Linux",
    platform_machine="x86_64",
    os_name="posix",
    implementation_name="cpython",
    platform_python_implementation="CPython",
    extra="",
)


@pytest.fixture(scope="module")
def repo2docker(tmp_path_factory):
    """repo2docker in a throwaway venv: ``(Dockerfile text, its base-environment folder)``."""
    venv = tmp_path_factory.mktemp("r2d") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", REPO2DOCKER], check=True, timeout=600
    )
    done = subprocess.run(
        [str(venv / "bin" / "repo2docker"), "--no-build", "--debug", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    conda = subprocess.run(
        [
            str(python),
            "-c",
            "import repo2docker.buildpacks.conda as c, os; print(os.path.dirname(c.__file__))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return done.stdout, Path(conda)


def line_of(dockerfile: str, pattern: str) -> int:
    for number, line in enumerate(dockerfile.splitlines()):
        if re.search(pattern, line):
            return number
    raise AssertionError(f"no line matches {pattern!r} in repo2docker's Dockerfile")


def test_pins_install_before_the_repository_is_copied(repo2docker):
    dockerfile, _ = repo2docker
    install = line_of(dockerfile, r'pip install .*-r "binder/requirements.txt"')
    copy_all = line_of(dockerfile, r"^COPY --chown=\S+ src/ \$\{REPO_DIR\}/$")
    post_build = line_of(dockerfile, r"^RUN ./binder/postBuild$")
    assert install < copy_all < post_build


def test_pins_agree_with_the_base_environment_notebook_server(repo2docker, tmp_path):
    dockerfile, conda = repo2docker
    python = (ROOT / "binder" / "runtime.txt").read_text().strip().removeprefix("python-")
    escaped = re.search(r"environment-2epy-2d(\d+)-2e(\d+)-2dlinux-2d64-2elock", dockerfile)
    assert escaped and ".".join(escaped.groups()) == python  # the lock repo2docker copies in
    lock = (conda / f"environment.py-{python}-linux-64.lock").read_text()
    notebook = re.search(r"/notebook-(\d+\.\d+\.\d+)-", lock).group(1)
    requirements = for_platform(
        requirement_lines(ROOT / "binder" / "requirements.txt"),
        {**LINUX, "python_version": python, "python_full_version": f"{python}.0"},
    )
    resolved = pip_resolve(
        [*requirements, f"notebook=={notebook}"],
        [
            "--only-binary=:all:",
            "--python-version",
            python,
            "--platform=manylinux_2_27_x86_64",
            "--platform=manylinux2014_x86_64",
            "--platform=manylinux_2_28_x86_64",
        ],
        tmp_path,
    )
    assert resolved["notebook"] == notebook


def test_culling_settings_load_into_jupyter_server(tmp_path):
    (tmp_path / "jupyter_server_config.json").write_text(
        (ROOT / "binder" / "jupyter_server_config.json").read_text()
    )
    environment = {
        **os.environ,
        "JUPYTER_CONFIG_PATH": str(tmp_path),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "none"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "jupyter_server", "--show-config-json"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=True,
    )
    culling = json.loads(done.stdout)["MappingKernelManager"]
    assert culling["cull_idle_timeout"] == 600 and culling["cull_connected"] is True


def test_post_build_installs_the_package_and_the_culling_settings():
    script = (ROOT / "binder" / "postBuild").read_text()
    assert script.startswith("#!/bin/bash") and "set -e" in script
    assert "pip install --no-cache-dir --no-deps ." in script
    assert '"etc", "jupyter", "jupyter_server_config.json"' in script and os.access(
        ROOT / "binder" / "postBuild", os.X_OK
    )
