"""Build the course website into build/site/ from the committed notebooks, offline.

Sphinx reads one source folder, so the pages are staged first: site/*.md and the
notebooks/ folder (notebooks and INSTRUCTOR_GUIDE.md) are copied, with their times, into
build/site-src/ (a symlink would not do: MyST resolves links through it and finds the
notebooks outside the source folder). Pages keep the repository's paths
(notebooks/00_start_here.html), so each page's Binder link opens the same file.
Warnings are errors (-W): a broken link, a bad notebook or a missing figure stops the build.

Usage: ``python site/build.py [OUTPUT [COURSE]]`` (defaults: build/site, this checkout);
``make site`` runs it.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from sphinx.cmd.build import build_main

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# the notebooks, the guide, and the GIFs the notebooks show in Markdown cells
PAGES = ["notebooks/[0-9][0-9]_*.ipynb", "notebooks/INSTRUCTOR_GUIDE.md", "notebooks/figures/*.gif"]


def stage(target: Path, root: Path = ROOT, site: Path = HERE) -> Path:
    """Copy the site's pages and the course's notebooks into ``target`` (only these, fresh)."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for page in site.glob("*.md"):
        shutil.copy2(page, target / page.name)
    for pattern in PAGES:
        for path in sorted(root.glob(pattern)):
            (target / path.parent.relative_to(root)).mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / path.relative_to(root))
    return target


def build(output: Path, root: Path = ROOT) -> int:
    """Stage the pages and run Sphinx with warnings as errors; returns its exit code."""
    source = stage(output.parent / f"{output.name}-src", root)
    return build_main(
        ["-W", "--keep-going", "-q", "-b", "html", "-c", str(HERE), str(source), str(output)]
    )


if __name__ == "__main__":
    arguments = sys.argv[1:]
    output = Path(arguments[0]).resolve() if arguments else ROOT / "build" / "site"
    sys.exit(build(output, Path(arguments[1]).resolve() if len(arguments) > 1 else ROOT))
