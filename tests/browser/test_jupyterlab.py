"""A real browser on a real JupyterLab: the start page opens and the explorers run and respond.

Starts JupyterLab on loopback (no token), drives Debian's Chromium with
Playwright (never a downloaded browser), runs every cell of the notebooks
with explorers, and checks that each explorer's script replaced its static
picture with its controls (JupyterLab runs an output's script once the cell
has run in this session) and that a control moved from the keyboard redraws it,
to what the package computes.
Screenshots go to build/screenshots/. Run by `make test` when /usr/bin/chromium exists.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import explorer_driver as drive
import pytest

from transposed_conv import settings

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ROOT = settings.repo_root()
SHOTS = ROOT / "build" / "screenshots"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EXPLORER_NOTEBOOKS = {  # notebook: how many explorers it shows
    "02_two_mental_models.ipynb": 1,
    "03_stride_padding_output_size.ipynb": 1,
    "06_conv1d_transpose_autoencoder.ipynb": 1,
}

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Chromium is not installed (apt-get install chromium)"
)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    port = free_port()
    # Render every cell (no windowing), so widgets far down a notebook are in the page.
    lab_settings = tmp_path_factory.mktemp("lab-settings")
    tracker = lab_settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text('{"windowingMode": "none"}')
    for plugin, value in [
        ("docmanager-extension/plugin", '{"autosave": false}'),
        ("apputils-extension/notification", '{"fetchNews": "false"}'),
    ]:
        path = lab_settings / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(value)
    # serve a copy, so nothing the browser does can touch the committed notebooks
    served = tmp_path_factory.mktemp("served")
    shutil.copytree(ROOT / "notebooks", served / "notebooks")
    env = dict(
        os.environ,
        TRANSPOSED_CONV_QUICK="1",
        TRANSPOSED_CONV_OFFLINE="1",
        JUPYTER_CONFIG_DIR=str(tmp_path_factory.mktemp("jupyter-config")),
        JUPYTERLAB_SETTINGS_DIR=str(lab_settings),
    )
    log = open(tmp_path_factory.mktemp("lab") / "lab.log", "w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            "--allow-root",
            f"--ServerApp.root_dir={served}",
            "--LabApp.news_url=",
            "--LabServerApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/status", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.terminate()
        pytest.fail("JupyterLab did not start within 90 s")
    yield url
    server.terminate()
    server.wait(timeout=30)
    log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def open_notebook(browser, lab, name):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    # a workspace of its own, so notebooks opened by earlier tests are not restored as hidden tabs
    page.goto(f"{lab}/lab/workspaces/{name[:2]}/tree/notebooks/{name}?reset", timeout=120_000)
    page.wait_for_selector(".jp-Notebook", timeout=120_000)
    page.wait_for_selector(
        ".jp-Notebook-ExecutionIndicator[data-status='idle'], "
        ".jp-DebuggerBugButton, .jp-Toolbar-kernelName",
        timeout=120_000,
    )
    return page


def run_all(page):
    # Click into the notebook first, as a learner would: until the notebook has focus, "Run All
    # Cells" can be disabled, and a click on it does nothing (seen on a loaded CI machine).
    page.locator(".jp-NotebookPanel .jp-Cell").first.click()
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    item = page.locator(".lm-Menu-item", has_text="Run All Cells").first
    assert item.get_attribute("aria-disabled") != "true", "Run All Cells is disabled"
    item.click()
    # the run has started: a cell shows [*] (every notebook's first cells take seconds)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-InputArea-prompt')]"
        ".some(p => p.textContent.includes('*'))",
        timeout=60_000,
    )


def test_start_page_opens(browser, lab):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = open_notebook(browser, lab, "00_start_here.ipynb")
    title = page.locator(".jp-RenderedMarkdown h1").first
    title.wait_for(timeout=60_000)
    assert "Transposed Convolutions, from the matrix to the model" in title.inner_text()
    assert page.locator(".jp-Dialog").count() == 0  # no kernel chooser blocking the page
    page.screenshot(path=str(SHOTS / "00_start_here.png"))
    page.close()


@pytest.mark.parametrize("name", sorted(EXPLORER_NOTEBOOKS))
def test_explorers_run_and_respond_to_the_keyboard(browser, lab, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = open_notebook(browser, lab, name)
    run_all(page)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-InputArea-prompt')]"
        ".every(p => !p.textContent.includes('*'))",
        timeout=300_000,
    )
    live = page.locator(".jp-OutputArea .tc-explorer")
    live.first.locator(".tc-live").wait_for(timeout=60_000)
    assert live.count() == EXPLORER_NOTEBOOKS[name]
    assert page.locator(".jp-OutputArea .tc-static").count() == 0  # every script ran
    root = live.first
    root.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"{name[:2]}_explorer_before.png"))
    drive.every_control(page, root)  # each from the keyboard: redrawn, to what Python says
    page.close()
