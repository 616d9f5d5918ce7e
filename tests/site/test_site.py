"""The course website: every page opens in a real browser, offline, complete.

Uses the site `make site` wrote to build/site/ (builds it when missing), serves it on
127.0.0.1 and opens every page in Debian's Chromium with Playwright (never a downloaded
browser). Requests to any other host are blocked and counted as failures, so the site must
work without the network. Per page: internal links and anchors resolve, every image
loads, no error text, math is typeset by the vendored MathJax, the explorers run with no
kernel and every control of each one redraws it to what the package computes, each notebook
has its Binder link. Screenshots: build/site-screenshots/.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import shutil
import subprocess
import sys
import threading
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import explorer_driver as drive
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "build" / "site"
SHOTS = ROOT / "build" / "site-screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
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
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
EXPLORER = 'class="tc-explorer"'  # in an explorer's HTML output (viz/explorers.py)
# Text that means a page shows a failure: a Python exception, a widget that did not render.
ERROR_TEXT = re.compile(
    r"Traceback|\b[A-Z]\w*(?:Error|Exception)\b|Error displaying widget|Loading widget"
    r"|Could not render|WARNING"
)

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Chromium is not installed (apt-get install chromium)"
)


def outputs(path: Path, kind: str) -> int:
    """How many outputs of one MIME type a committed notebook holds."""
    notebook = nbformat.read(path, as_version=4)
    return sum(
        kind in o.get("data", {})
        for c in notebook.cells
        if c.cell_type == "code"
        for o in c.outputs
    )


def descriptions(path: Path) -> list:
    """The alt text of every figure a committed notebook shows (viz/describe.py)."""
    notebook = nbformat.read(path, as_version=4)
    return [
        o.get("metadata", {}).get("image/png", {}).get("alt")
        for c in notebook.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "image/png" in o.get("data", {})
    ]


def binder_link(notebook: str) -> str:
    """README's Binder badge link, pointed at one notebook: the site's links must be the same."""
    badge = re.search(
        r"\((https://mybinder\.org/v2/gh/[^)\s]+?)notebooks/00_start_here\.ipynb\)",
        (ROOT / "README.md").read_text(),
    )
    assert badge, "README has no Binder badge linking the start page"
    return f"{badge.group(1)}notebooks/{notebook}"


class Ids(HTMLParser):
    """Every id (and a name) in one HTML file: the anchors a link may point at."""

    def __init__(self):
        super().__init__()
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        self.ids.update(value for key, value in attrs if key in ("id", "name") and value)


@functools.cache
def anchors(path: Path) -> frozenset:
    parser = Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    return frozenset(parser.ids)


@pytest.fixture(scope="module")
def site():
    """build/site from `make site`; built here when missing."""
    if not (SITE / "index.html").exists():
        subprocess.run(
            [sys.executable, str(ROOT / "site" / "build.py"), str(SITE)], check=True, timeout=600
        )
    return SITE


@pytest.fixture(scope="module")
def server(site):
    """A static HTTP server on 127.0.0.1 (free port), stopped after the module."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def visit(browser, server):
    """Open a page; requests outside the local server are blocked, every failure is recorded."""
    pages, problems = [], []

    def open_page(path, width=1280):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.open_requests = {}  # url -> count; settled() waits for it to empty
        page.on("request", lambda r: count_request(page.open_requests, r.url, +1))
        page.on("requestfinished", lambda r: count_request(page.open_requests, r.url, -1))
        page.on("requestfailed", lambda r: count_request(page.open_requests, r.url, -1))
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(server)
                else (problems.append(f"external request {route.request.url}"), route.abort())
            ),
        )
        page.on(
            "response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status} {r.url}")
        )
        page.on("pageerror", lambda err: problems.append(f"script error {err}"))
        page.on(
            "console", lambda m: m.type == "error" and problems.append(f"console error {m.text}")
        )
        page.goto(f"{server}/{path}", wait_until="load", timeout=60_000)
        pages.append(page)
        return page, problems

    yield open_page
    for page in pages:
        page.close()


def count_request(open_requests: dict, url: str, step: int) -> None:
    open_requests[url] = open_requests.get(url, 0) + step
    if not open_requests[url]:
        del open_requests[url]


def settled(page, seconds: float = 60) -> list:
    """Wait until the page has no request open; return those still open after ``seconds``.

    Playwright's "networkidle" wait is discouraged for tests and timed out on one page in CI
    while it settled within 2 s everywhere else; this wait names what is still loading.
    """
    for _ in range(int(seconds * 10)):
        if not page.open_requests:
            return []
        page.wait_for_timeout(100)  # lets Playwright deliver the finished events
    return sorted(url[:120] for url in page.open_requests)


def site_pages():
    """Every HTML page of the site, relative paths ('index.html', 'notebooks/03_....html')."""
    built = SITE if (SITE / "index.html").exists() else None
    expected = ["index.html", "search.html", "genindex.html", "notebooks/INSTRUCTOR_GUIDE.html"]
    expected += [f"notebooks/{p.stem}.html" for p in NOTEBOOKS]
    found = (
        sorted(
            str(p.relative_to(SITE))
            for p in SITE.rglob("*.html")
            if "_static" not in p.parts and "_sources" not in p.parts
        )
        if built
        else []
    )
    return sorted(set(expected) | set(found))


def check_links(page, path: str, server: str) -> list:
    """Internal links that lead nowhere: a missing file, or an anchor the target lacks."""
    broken = []
    for href in page.eval_on_selector_all(
        "a[href]", "links => links.map(a => a.getAttribute('href'))"
    ):
        url = urljoin(f"{server}/{path}", href)
        if not url.startswith(server) or href.startswith(("mailto:", "javascript:")):
            continue
        parts = urlsplit(url)
        target = SITE / unquote(parts.path).lstrip("/")
        target = target / "index.html" if target.is_dir() else target
        if not target.is_file():
            broken.append(f"{href} (no {target.relative_to(SITE)})")
        elif (
            parts.fragment
            and target.suffix == ".html"
            and unquote(parts.fragment) not in anchors(target)
        ):
            broken.append(f"{href} (no anchor #{parts.fragment})")
    return broken


def load_images(page) -> list:
    """Load every image (lazy ones too) and return those that did not decode."""
    page.evaluate("() => document.querySelectorAll('img').forEach(i => { i.loading = 'eager'; })")
    page.wait_for_function("() => [...document.images].every(i => i.complete)", timeout=30_000)
    return page.evaluate(
        "() => [...document.images].filter(i => !(i.naturalWidth > 0))"
        ".map(i => (i.getAttribute('src') || '').slice(0, 80))"
    )


def page_text(page) -> str:
    """The article's text, outputs included, without code (code may name exceptions) and
    without scripts (a detached copy's innerText is its textContent, scripts included)."""
    return page.evaluate("""() => {
        const article = document.querySelector('article') || document.body;
        const copy = article.cloneNode(true);
        const hidden = '.cell_input, :not(pre) > code, script, style';
        copy.querySelectorAll(hidden).forEach(e => e.remove());
        return copy.innerText;
    }""")


def first_printed_line(notebook: Path) -> str:
    """The first non-empty line a code cell of the notebook printed."""
    cells = nbformat.read(notebook, as_version=4).cells
    streams = [o.text for c in cells if c.cell_type == "code" for o in c.outputs if "text" in o]
    return next(line.strip() for text in streams for line in text.splitlines() if line.strip())


def explorer_outputs(path: Path) -> int:
    """How many explorers a committed notebook shows."""
    notebook = nbformat.read(path, as_version=4)
    return sum(
        "".join(o.get("data", {}).get("text/html", "")).count(EXPLORER)
        for cell in notebook.cells
        for o in cell.get("outputs", [])
    )


def check_notebook_page(page, notebook: Path) -> None:
    """A notebook's page: its figures, explorers' last pictures, animations, Binder link."""
    figures = outputs(notebook, "image/png")
    assert page.locator(".cell_output img").count() >= figures
    shown = set(page.eval_on_selector_all(".cell_output img", "i => i.map(e => e.alt)"))
    missing = [alt[:60] for alt in descriptions(notebook) if alt not in shown]
    assert missing == [], f"figures whose description is not their alt: {missing}"
    explorers = page.locator(".tc-explorer")
    assert explorers.count() == explorer_outputs(notebook)
    for n in range(explorers.count()):
        drive.every_control(page, explorers.nth(n))
        explorers.nth(n).scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"{notebook.stem[:2]}_explorer_{n}.png"))
    animations = page.locator(".animation img")
    for i in range(
        animations.count()
    ):  # matplotlib's jshtml animations: a frame shown, icons served here
        assert animations.nth(i).evaluate("i => i.naturalWidth") > 100
        animations.nth(i).scroll_into_view_if_needed()
        page.wait_for_function("() => document.fonts.check('14px FontAwesome')", timeout=30_000)
        page.screenshot(path=str(SHOTS / f"{notebook.stem[:2]}_animation.png"))
    assert page.locator(f'a[href="{binder_link(notebook.name)}"]').count() >= 1


@pytest.mark.parametrize("path", site_pages())
def test_page_is_complete_offline(site, visit, server, path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert (site / path).is_file(), f"{path} was not built"
    page, problems = visit(path)
    assert settled(page) == [], f"{path}: requests still open after 60 s"
    if page.locator(".math").count():
        page.wait_for_function(
            "() => document.querySelectorAll('mjx-container').length >= "
            "document.querySelectorAll('.math').length",
            timeout=60_000,
        )
    notebook = ROOT / "notebooks" / Path(path).with_suffix(".ipynb").name
    if notebook.exists() and notebook.stem[:2].isdigit():
        check_notebook_page(page, notebook)
    assert check_links(page, path, server) == []
    assert load_images(page) == []
    unnamed = page.eval_on_selector_all(
        "article img",
        "imgs => imgs.filter(i => !i.alt.trim() || /\\.(png|gif|svg|jpe?g)$/i.test(i.alt.trim()))"
        ".map(i => (i.getAttribute('src') || '').slice(0, 60))",
    )
    assert unnamed == [], f"images without a text description: {unnamed}"
    assert (
        page.locator(".system-message, .problematic, .output.traceback, .output.stderr").count()
        == 0
    )
    text = page_text(page)
    if notebook.exists() and notebook.stem[:2].isdigit():  # the outputs are in the text checked
        assert first_printed_line(notebook) in text.replace("\u00a0", " ")
    errors = ERROR_TEXT.findall(text)
    assert errors == [], f"{path} shows error text: {errors}"
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / f"{path.replace('/', '_')}.png"))
    assert settled(page) == [], f"{path}: requests opened by the checks are still open"
    assert problems == [], problems


AXE = ROOT / "build" / "site-vendor" / "vendor" / "axe-core" / "axe.min.js"  # site/vendor.json
AUDIT = """async () => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}});
    return result.violations.filter(v => ['serious', 'critical'].includes(v.impact))
        .map(v => `${v.id} (${v.impact}): ${v.nodes.length} x ${v.nodes[0].html.slice(0, 100)}`);
}"""


@pytest.mark.parametrize("path", site_pages())
def test_page_passes_axe_wcag2_aa(site, visit, path):
    """axe-core's WCAG 2 A/AA rules: no serious or critical violation, widgets drawn."""
    page, problems = visit(path)
    assert settled(page) == []
    if page.locator(".tc-explorer").count():  # audit the explorers once their script ran
        page.wait_for_function(
            "() => document.querySelectorAll('.tc-explorer').length === "
            "document.querySelectorAll('.tc-explorer .tc-live').length",
            timeout=60_000,
        )
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(AUDIT) == []
    assert problems == [], problems


PHONE = 375  # CSS pixels: an iPhone SE / mini's width


@pytest.mark.parametrize("path", site_pages())
def test_page_fits_a_phone(site, visit, path):
    """At 375 px nothing makes the whole page scroll sideways (code and tables scroll inside)."""
    page, problems = visit(path, width=PHONE)
    assert settled(page) == []
    too_wide = page.evaluate(
        """width => [...document.querySelectorAll('article *')]
            .filter(e => e.getBoundingClientRect().right > width + 1)
            .filter(e => !e.closest('pre, .highlight, table, .cell_output, mjx-container'))
            .slice(0, 3).map(e => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 40))""",
        PHONE,
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE, too_wide
    assert problems == [], problems


class Links(HTMLParser):
    """The hrefs of the <a> elements whose class list has ``wanted``."""

    def __init__(self, wanted: str):
        super().__init__()
        self.wanted, self.hrefs = wanted, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and self.wanted in (attrs.get("class") or "").split():
            self.hrefs.append(attrs.get("href"))


def links(path: Path, wanted: str) -> list:
    parser = Links(wanted)
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.hrefs


def test_reading_order_and_next_links(site):
    expected = [f"notebooks/{p.stem}.html" for p in NOTEBOOKS] + ["notebooks/INSTRUCTOR_GUIDE.html"]
    listed = [
        h for h in links(site / "index.html", "reference") if h in expected
    ]  # sidebar and contents
    assert list(dict.fromkeys(listed)) == expected
    for here, following in itertools.pairwise(expected):
        assert links(site / here, "right-next") == [Path(following).name], here


def test_math_is_typeset_offline(site, visit):
    pages = [f"notebooks/{p.stem}.html" for p in NOTEBOOKS]
    with_math = [p for p in pages if "math notranslate" in (SITE / p).read_text(encoding="utf-8")]
    assert with_math, "no page has math: the $$ formula of notebook 03 did not reach the site"
    page, problems = visit(with_math[0])
    formula = page.locator("mjx-container").first
    formula.wait_for(timeout=60_000)
    assert formula.evaluate("e => e.getBoundingClientRect().width") > 50
    assert "\\text" not in formula.inner_text()  # typeset, not the TeX source
    formula.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "math.png"))
    assert problems == [], problems


def test_search_finds_stride(site, visit):
    page, problems = visit("search.html?q=stride")
    results = page.locator("ul.search li a")
    results.first.wait_for(timeout=60_000)
    hrefs = results.evaluate_all("a => a.map(x => x.getAttribute('href'))")
    assert any("03_stride_padding_output_size" in h for h in hrefs), hrefs
    page.screenshot(path=str(SHOTS / "search_stride.png"))
    assert problems == [], problems


def test_a_broken_notebook_fails_the_build(tmp_path):
    """Warnings are errors: a notebook linking to a page that does not exist stops `make site`."""
    copy = tmp_path / "course"
    shutil.copytree(
        ROOT / "notebooks", copy / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints")
    )
    start = copy / "notebooks" / "00_start_here.ipynb"
    notebook = json.loads(start.read_text())
    notebook["cells"].append(
        {
            "cell_type": "markdown",
            "id": "broken",
            "metadata": {},
            "source": ["See [the missing notebook](09_missing.ipynb)."],
        }
    )
    start.write_text(json.dumps(notebook))
    done = subprocess.run(
        [sys.executable, str(ROOT / "site" / "build.py"), str(tmp_path / "out"), str(copy)],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode != 0
    assert "09_missing" in done.stderr, done.stderr[-2000:]
