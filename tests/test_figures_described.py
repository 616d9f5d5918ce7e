"""Every figure a committed notebook shows has a text description (its alt on every page)."""

from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def figures(path):
    """(cell number, alt or None) of every PNG output of a notebook."""
    cells = nbformat.read(path, as_version=4).cells
    return [
        (n, o.get("metadata", {}).get("image/png", {}).get("alt"))
        for n, c in enumerate(cells)
        if c.cell_type == "code"
        for o in c.outputs
        if "image/png" in o.get("data", {})
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem[:2])
def test_every_figure_is_described(path):
    undescribed = [n for n, alt in figures(path) if not alt or len(alt.split()) < 8]
    assert undescribed == [], f"cells {undescribed}: call plotting.describe(fig, '...')"


def test_there_are_figures_to_describe():
    assert sum(len(figures(p)) for p in NOTEBOOKS) >= 40
