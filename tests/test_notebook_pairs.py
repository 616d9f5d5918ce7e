"""Every notebook has a plain-text twin (jupytext percent script in notebooks/py/) with the same
cells.

Reviewers read and edit the scripts; `make sync` (notebook -> script) and `make sync-from-text`
(script -> notebook) carry an edit across. No jupytext pairing config is committed, so a learner's
Jupyter with jupytext installed never pairs (or refuses) their copies.
"""

from pathlib import Path

import jupytext
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PAIRED = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def _cells(notebook):
    return [
        (c.cell_type, c.source.strip(), sorted(c.metadata.get("tags", []))) for c in notebook.cells
    ]


def test_every_notebook_and_only_notebooks_have_a_script():
    assert len(PAIRED) >= 8
    scripts = {p.stem for p in (NOTEBOOKS / "py").glob("*.py")}
    assert scripts == {p.stem for p in PAIRED}


@pytest.mark.parametrize("path", PAIRED, ids=lambda p: p.stem)
def test_script_has_the_notebooks_cells(path):
    notebook = jupytext.read(path)
    script = jupytext.read(NOTEBOOKS / "py" / f"{path.stem}.py")
    assert _cells(script) == _cells(notebook), (
        f"{path.name} and its script differ: run `make sync` or `make sync-from-text`"
    )


@pytest.mark.parametrize("path", PAIRED, ids=lambda p: p.stem)
def test_committed_outputs_hold_no_warning_or_error(path):
    """What the page shows: no stderr stream (warnings, native logs) and no traceback."""
    for index, cell in enumerate(jupytext.read(path).cells):
        for output in cell.get("outputs", []):
            assert output.get("name") != "stderr", (path.name, index, output.get("text", "")[:200])
            assert output.output_type != "error", (path.name, index, output.get("ename"))


def test_no_jupytext_pairing_config_reaches_learners():
    """The classroom lesson: a committed pairing config made a hub with jupytext refuse notebooks
    whose twin was older ("outdated text notebook") after the instructor pushed a fix."""
    root = NOTEBOOKS.parent
    configs = ["jupytext.toml", ".jupytext", ".jupytext.toml", "jupytext.yml", "jupytext.json"]
    for folder in (root, NOTEBOOKS):
        assert not any((folder / name).exists() for name in configs)
    assert "[tool.jupytext]" not in (root / "pyproject.toml").read_text()
    for path in PAIRED:
        assert "formats" not in jupytext.read(path).metadata.get("jupytext", {}), path.name
