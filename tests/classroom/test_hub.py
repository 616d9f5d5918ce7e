"""A class on a real JupyterHub: learners pull the course with nbgitpuller, work, and get a fix.

Three learners log in through the hub's login form and open the instructor guide's nbgitpuller
link over HTTP, in parallel; each runs the start page through the kernel API (websocket) and
saves an answer into its first exercise through the contents API. The instructor then commits a
fix to notebook 01 and pushes it; the learners open the link again: each answer survives byte
for byte and the fix arrives. Prints the memory each learner costs the hub (RSS of the
single-user server + its kernel). Fixtures: conftest.py.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import psutil
import requests
import websocket
from conftest import REPO_NAME, git

from transposed_conv import checks

LEARNERS = ["ada", "grace", "alan"]
START = f"{REPO_NAME}/notebooks/00_start_here.ipynb"
FIXED = f"{REPO_NAME}/notebooks/01_convolution_as_matrix.ipynb"
FIX = "Fixed in class: the instructor's correction, pulled by nbgitpuller."
TIMEOUT = 60  # seconds for any one HTTP request or kernel message


def pull_link(bare: Path) -> str:
    """The instructor guide's link: nbgitpuller clones or updates the course, opens page 00."""
    query = urlencode({"repo": str(bare), "branch": "main", "urlpath": f"lab/tree/{START}"})
    return f"/hub/user-redirect/git-pull?{query}"


def hub_log(hub: dict) -> str:
    """The end of the hub's log, without the test's own polling."""
    lines = hub["log"].read_text().splitlines()
    return "\n".join([line for line in lines if "GET /hub/api/users/" not in line][-40:])


class Learner:
    """One learner's browser session: cookies from the hub's login form, then the server's own."""

    def __init__(self, name: str, hub: dict):
        self.name, self.url, self.hub = name, hub["url"], hub
        self.http = requests.Session()
        self.base = f"{self.url}/user/{name}"

    def login(self) -> None:
        form = self.http.get(f"{self.url}/hub/login", timeout=TIMEOUT)
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form.text).group(1)
        done = self.http.post(
            f"{self.url}/hub/login",
            data={"username": self.name, "password": "classroom", "_xsrf": xsrf},
            timeout=TIMEOUT,
        )
        assert done.status_code == 200 and self.http.cookies.get("jupyterhub-session-id"), (
            done.text[-500:]
        )

    def wait_for_server(self) -> None:
        """Wait until the hub reports this learner's server ready (the spawn page's job)."""
        deadline = time.time() + 180
        while time.time() < deadline:
            user = requests.get(
                f"{self.url}/hub/api/users/{self.name}",
                timeout=TIMEOUT,
                headers={"Authorization": f"token {self.hub['token']}"},
            ).json()
            server = user["servers"].get("")
            if server and server.get("ready"):
                return
            assert server, f"{self.name}'s server failed to start:\n{hub_log(self.hub)}"
            time.sleep(1)
        raise AssertionError(f"{self.name}'s server did not start:\n{hub_log(self.hub)}")

    def open_link(self, link: str) -> None:
        """Open the nbgitpuller link as a browser would, and run the pull its page starts."""
        page = self.http.get(f"{self.url}{link}", timeout=TIMEOUT)
        if (
            "/spawn-pending/" in page.url or "/spawn/" in page.url
        ):  # the first visit starts the server
            self.wait_for_server()
            page = self.http.get(f"{self.url}{link}", timeout=TIMEOUT)
        assert page.status_code == 200 and page.url.startswith(f"{self.base}/git-pull"), page.url
        assert "nbgitpuller" in page.text.lower()
        query = link.split("?", 1)[1]
        events = self.http.get(
            f"{self.base}/git-pull/api?{query}&targetpath={REPO_NAME}", stream=True, timeout=TIMEOUT
        )
        phases = []
        for line in events.iter_lines(decode_unicode=True):
            if line.startswith("data: "):
                event = json.loads(line[6:])
                phases.append(event.get("phase"))
                assert event.get("phase") != "error", event
                if event.get("phase") == "finished":
                    break
        assert phases and phases[-1] == "finished", phases
        target = self.http.get(
            f"{self.base}/lab/tree/{START}", timeout=TIMEOUT
        )  # where the link lands
        assert target.status_code == 200, target.status_code

    def api(self, method: str, path: str, **kwargs):
        """The single-user server's REST API, with cookie and XSRF token, as JupyterLab calls it."""
        xsrf = self.http.cookies.get("_xsrf", path=f"/user/{self.name}/")
        response = self.http.request(
            method,
            f"{self.base}/api/{path}",
            timeout=TIMEOUT,
            headers={"X-XSRFToken": xsrf or ""},
            **kwargs,
        )
        assert response.status_code < 300, (
            method,
            path,
            response.status_code,
            response.text[-500:],
        )
        return response.json() if response.content else None

    def notebook(self, path: str) -> dict:
        return self.api("GET", f"contents/{path}")["content"]


class Kernel:
    """A kernel reached over the server's websocket, speaking the Jupyter messaging protocol."""

    def __init__(self, learner: Learner, path: str):
        session = learner.api(
            "POST",
            "sessions",
            json={"path": path, "type": "notebook", "name": "", "kernel": {"name": "python3"}},
        )
        self.learner, self.session, self.id = learner, session["id"], session["kernel"]["id"]
        cookie = "; ".join(f"{c.name}={c.value}" for c in learner.http.cookies)
        url = learner.base.replace("http://", "ws://") + f"/api/kernels/{self.id}/channels"
        self.socket = websocket.create_connection(
            url, header=[f"Cookie: {cookie}"], timeout=TIMEOUT
        )

    def execute(self, code: str) -> tuple[str, list]:
        """Run code; returns (the reply's status, the outputs: streams, display data, errors)."""
        msg_id = uuid.uuid4().hex
        self.socket.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": "execute_request",
                        "username": self.learner.name,
                        "session": uuid.uuid4().hex,
                        "version": "5.3",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "channel": "shell",
                    "buffers": [],
                    "content": {
                        "code": code,
                        "silent": False,
                        "store_history": True,
                        "user_expressions": {},
                        "allow_stdin": False,
                        "stop_on_error": True,
                    },
                }
            )
        )
        status, outputs, idle = None, [], False
        while status is None or not idle:
            message = json.loads(self.socket.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "execute_reply":
                status = content["status"]
            elif kind == "status":
                idle = content["execution_state"] == "idle"
            elif kind in ("stream", "error", "display_data", "execute_result"):
                outputs.append(
                    (kind, content.get("text") or content.get("ename") or content.get("data"))
                )
        return status, outputs

    def close(self) -> None:
        self.socket.close()
        self.learner.api("DELETE", f"sessions/{self.session}")


def run_start_page(learner: Learner) -> tuple[list, str, Kernel]:
    """Run every code cell of the pulled start page: returns the printed text, the package's path
    and the kernel (still running, so that its memory can be measured)."""
    kernel = Kernel(learner, START)
    texts = []
    for cell in learner.notebook(START)["cells"]:
        if cell["cell_type"] != "code":
            continue
        status, outputs = kernel.execute(cell["source"])
        assert status == "ok" and not [o for o in outputs if o[0] == "error"], (
            cell["source"][:80],
            outputs,
        )
        texts += [o[1] for o in outputs if o[0] == "stream"]
    _, where = kernel.execute("import transposed_conv; print(transposed_conv.__file__)")
    return texts, where[0][1].strip(), kernel


def save_answer(learner: Learner, home: Path) -> bytes:
    """Answer the start page's first exercise and save it, as JupyterLab's save does."""
    notebook = learner.notebook(START)
    stub = next(
        c
        for c in notebook["cells"]
        if c["cell_type"] == "code" and c["source"].startswith("rows = ...")
    )
    stub["source"] = f"rows = 15  # {learner.name}'s answer"
    learner.api(
        "PUT", f"contents/{START}", json={"type": "notebook", "format": "json", "content": notebook}
    )
    saved = (home / START).read_bytes()
    assert f"{learner.name}'s answer".encode() in saved
    return saved


def memory(hub_process, home: Path) -> tuple[float, float]:
    """RSS in MB of a learner's single-user server (the hub's child in their home), its kernel."""
    servers = [
        p
        for p in psutil.Process(hub_process.pid).children()
        if "jupyterhub-singleuser" in " ".join(p.cmdline()) and Path(p.cwd()) == home
    ]
    assert len(servers) == 1, f"{len(servers)} single-user servers run in {home}"
    kernels = servers[0].children(recursive=True)
    assert kernels, f"no kernel runs under the server in {home}"
    return servers[0].memory_info().rss / 2**20, sum(k.memory_info().rss for k in kernels) / 2**20


def first_session(name: str, hub: dict, link: str) -> dict:
    """A learner's first visit: log in, pull, run the start page, answer, measure."""
    learner = Learner(name, hub)
    learner.login()
    learner.open_link(link)
    texts, package, kernel = run_start_page(learner)
    home = hub["folder"] / "homes" / name
    saved = save_answer(learner, home)
    server_mb, kernel_mb = memory(hub["process"], home)
    kernel.close()
    return {
        "learner": learner,
        "texts": texts,
        "package": package,
        "saved": saved,
        "home": home,
        "memory": (server_mb, kernel_mb),
    }


def instructor_fixes_notebook_01(clone: Path) -> str:
    """The instructor's fix: a sentence added to notebook 01's first cell, committed and pushed."""
    path = clone / "notebooks" / "01_convolution_as_matrix.ipynb"
    notebook = json.loads(path.read_text())
    notebook["cells"][0]["source"][-1] += f"\n\n{FIX}"
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")
    git("commit", "--quiet", "-am", "Fix notebook 01 during the class", cwd=clone)
    git("push", "--quiet", "origin", "main", cwd=clone)
    return git("rev-parse", "HEAD", cwd=clone)


def test_three_learners_pull_work_and_get_the_instructors_fix(hub, course_repo, hub_python):
    bare, clone = course_repo
    link = pull_link(bare)
    started = time.monotonic()
    with ThreadPoolExecutor(len(LEARNERS)) as pool:
        sessions = list(
            pool.map(lambda name: first_session(name, hub, link), LEARNERS, timeout=600)
        )
    print(
        f"\n{len(LEARNERS)} learners logged in, pulled, ran the start page and saved an answer in "
        f"{time.monotonic() - started:.0f} s"
    )

    print("Memory per learner on the hub (RSS, measured with the kernel still running):")
    for s in sessions:
        server_mb, kernel_mb = s["memory"]
        print(
            f"  {s['learner'].name:6s} single-user server {server_mb:6.0f} MB"
            f" + kernel {kernel_mb:6.0f} MB"
            f" = {server_mb + kernel_mb:6.0f} MB"
        )
        assert 0 < server_mb + kernel_mb < 1536  # the course's budget: 1.5 GB per learner
        assert (
            s["package"].startswith(str(hub_python.parent.parent))
            and "site-packages" in s["package"]
        )
        assert any(t.startswith(checks.PASS) for t in s["texts"]), s["texts"]
    hub_mb = (
        sum(
            p.memory_info().rss
            for p in [psutil.Process(hub["process"].pid)]
            + [c for c in psutil.Process(hub["process"].pid).children() if "node" in c.name()]
        )
        / 2**20
    )
    print(f"  the hub and its proxy, shared: {hub_mb:.0f} MB")

    fix = instructor_fixes_notebook_01(clone)
    started = time.monotonic()
    with ThreadPoolExecutor(len(LEARNERS)) as pool:
        list(pool.map(lambda s: s["learner"].open_link(link), sessions, timeout=300))
    print(
        f"  the instructor's fix pulled by all {len(LEARNERS)}"
        f" in {time.monotonic() - started:.0f} s"
    )

    for s in sessions:
        assert (
            hashlib.sha256((s["home"] / START).read_bytes()).digest()
            == hashlib.sha256(s["saved"]).digest()
        )
        assert (s["home"] / START).read_bytes() == s["saved"]
        assert FIX in "".join(s["learner"].notebook(FIXED)["cells"][0]["source"])
        git("merge-base", "--is-ancestor", fix, "HEAD", cwd=s["home"] / REPO_NAME)
    answers = {(s["home"] / START).read_bytes() for s in sessions}
    assert len(answers) == len(LEARNERS)  # each learner kept their own answer, nobody else's
