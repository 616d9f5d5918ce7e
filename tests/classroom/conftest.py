"""A class's JupyterHub on 127.0.0.1, set up with the instructor guide's commands.

Fixtures (each stops or removes what it made, also when a test fails):
- ``course_repo``: a bare git repository made from this checkout's committed HEAD (what a hub
  would pull from GitHub), and the instructor's working clone of it;
- ``hub_python``: a throwaway venv (no system site-packages) holding the course and the hub,
  installed with exactly the guide's commands from the instructor's clone;
- ``proxy``: configurable-http-proxy from npm (``npm ci`` of package-lock.json) on Debian's node;
- ``hub``: JupyterHub with DummyAuthenticator and SimpleLocalProcessSpawner, every server and
  the proxy on 127.0.0.1 with free ports; stopped, with every process it started, at the end.

Speed: installing requirements.txt into a new venv takes over a minute (TensorFlow), so by
default the venv starts as hard links of .venv's site-packages, which hold the same pins;
``pip install -r requirements.txt`` then finds them installed, and everything else (the
course's package, non-editable, JupyterHub, nbgitpuller) is installed by the guide's commands.
``CLASSROOM_FULL_INSTALL=1`` installs everything from the indexes instead.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import time
from pathlib import Path

import psutil
import pytest
import requests
from venvs import throwaway_venv

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
REPO_NAME = "transposed-conv"  # the folder nbgitpuller makes in each learner's home
ADMIN = "classroom-test"  # the hub service whose token the test uses to watch servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*command, cwd=None, timeout=600) -> str:
    """Run a command; on failure show its output in the test report."""
    done = subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, (
        f"{' '.join(map(str, command))}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    )
    return done.stdout


def git(*args, cwd=None) -> str:
    """git with a fixed identity (the instructor's commits) and no user config."""
    return run(
        "git",
        "-c",
        "user.name=Instructor",
        "-c",
        "user.email=instructor@example.invalid",
        "-c",
        "init.defaultBranch=main",
        *args,
        cwd=cwd,
    ).strip()


@pytest.fixture(scope="session")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("classroom")


@pytest.fixture(scope="session")
def course_repo(workdir):
    """(bare repository, instructor's clone): the course at this checkout's committed HEAD."""
    bare = workdir / "remote" / REPO_NAME
    git("init", "--quiet", "--bare", bare)
    git("push", "--quiet", bare, "HEAD:refs/heads/main", cwd=ROOT)
    git("symbolic-ref", "HEAD", "refs/heads/main", cwd=bare)
    clone = workdir / "instructor" / REPO_NAME
    git("clone", "--quiet", bare, clone)
    return bare, clone


@pytest.fixture(scope="session")
def hub_python(course_repo):
    """A throwaway venv with the course and the hub, installed as the instructor guide says."""
    _, clone = course_repo
    linked = not os.environ.get("CLASSROOM_FULL_INSTALL")
    # beside .venv: hard links need the same file system
    with throwaway_venv(ROOT / "build" / "classroom", "hub-venv-", linked=linked) as python:
        if linked:
            run(python, "-m", "pip", "uninstall", "--quiet", "--yes", "transposed-conv")  # editable
        pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        # The guide's commands, run in the instructor's clone of the course:
        run(*pip, "-r", "requirements.txt", cwd=clone, timeout=900)
        run(*pip, "--no-deps", ".", cwd=clone)
        # (the hub's pins from this checkout: they may be newer than its last commit)
        run(*pip, "-r", ROOT / "requirements-classroom.txt", cwd=clone)
        yield python


@pytest.fixture(scope="session")
def proxy(workdir):
    """configurable-http-proxy, installed from npm's lock file."""
    folder = workdir / "proxy"
    folder.mkdir()
    for name in ("package.json", "package-lock.json"):
        shutil.copy(HERE / name, folder / name)
    run(
        "npm",
        "ci",
        "--omit=dev",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        cwd=folder,
        timeout=300,
    )
    return folder / "node_modules" / ".bin" / "configurable-http-proxy"


def hub_config(folder: Path, python: Path, proxy: Path, ports: dict, token: str) -> Path:
    """jupyterhub_config.py: loopback only, free ports, dummy logins, servers in temp homes."""
    homes = folder / "homes"
    config = f'''
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {ports["public"]}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {ports["hub"]}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{ports["proxy_api"]}"
c.ConfigurableHTTPProxy.command = [{str(proxy)!r}]
c.ConfigurableHTTPProxy.pid_file = {str(folder / "proxy.pid")!r}
c.JupyterHub.db_url = "sqlite:///{folder / "hub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(folder / "cookie_secret")!r}
c.JupyterHub.pid_file = {str(folder / "hub.pid")!r}
c.JupyterHub.cleanup_servers = False  # the fixture stops them (and the proxy) at once, faster
c.JupyterHub.cleanup_proxy = False
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = "classroom"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(homes / "{username}")!r}
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = [{str(python.parent / "jupyterhub-singleuser")!r}]
c.Spawner.default_url = "/lab"
c.Spawner.args = {["--allow-root"] if os.geteuid() == 0 else []!r}  # CI runs as root
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {{"TRANSPOSED_CONV_QUICK": "1", "TRANSPOSED_CONV_OFFLINE": "1",
                          "TF_ENABLE_ONEDNN_OPTS": "0",
                          "PATH": {f"{python.parent}:{os.environ['PATH']}"!r}}}
c.JupyterHub.services = [{{"name": "{ADMIN}", "api_token": "{token}"}}]
c.JupyterHub.load_roles = [{{"name": "{ADMIN}", "services": ["{ADMIN}"],
                             "scopes": ["admin:users", "admin:servers", "list:users"]}}]
'''
    path = folder / "jupyterhub_config.py"
    path.write_text(config)
    return path


def _wait_for(url: str, process, log: Path, seconds=90) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        assert process.poll() is None, f"JupyterHub exited:\n{log.read_text()[-3000:]}"
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    raise AssertionError(
        f"JupyterHub did not answer within {seconds} s:\n{log.read_text()[-3000:]}"
    )


def _stop(process: subprocess.Popen, folder: Path) -> None:
    """Stop the hub, then every process it started (proxy, servers, kernels: all throwaway).

    The hub goes first, so that it cannot restart a proxy it sees die; it leaves the others
    running (cleanup_* off: faster), and they are killed here, found before the hub exits.
    """
    family = []
    try:
        family = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        pass
    proxy_pid = folder / "proxy.pid"
    if proxy_pid.exists():
        try:
            family.append(psutil.Process(int(proxy_pid.read_text())))
        except (psutil.NoSuchProcess, ValueError):
            pass
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
    for member in family:
        try:
            member.kill()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(family, timeout=10)
    assert not alive, f"still running after the hub stopped: {alive}"


@pytest.fixture(scope="session")
def hub(workdir, hub_python, proxy):
    """A running JupyterHub: yields its public URL, the admin token, its process and its folder."""
    folder = workdir / "hub"
    folder.mkdir()
    ports = {name: free_port() for name in ("public", "hub", "proxy_api")}
    token = secrets.token_hex(32)
    config = hub_config(folder, hub_python, proxy, ports, token)
    log = folder / "hub.log"
    env = {**os.environ, "PATH": f"{hub_python.parent}:{os.environ['PATH']}"}
    with open(log, "w") as out:
        process = subprocess.Popen(
            [hub_python.parent / "jupyterhub", "-f", config],
            cwd=folder,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{ports['public']}"
    try:
        _wait_for(f"{url}/hub/api/", process, log)
        yield {"url": url, "token": token, "process": process, "folder": folder, "log": log}
    finally:
        _stop(process, folder)
        shutil.copy(log, ROOT / "build" / "classroom" / "hub.log")  # for a look after the run
