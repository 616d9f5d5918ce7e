"""Every notebook has a plain-text twin (jupytext percent script in notebooks/py/) with the same
cells.

Reviewers read and edit the scripts; `make sync` carries an edit to the other side.
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
    assert _cells(script) == _cells(notebook), f"run `make sync`: {path.name} and its script differ"


@pytest.mark.parametrize("path", PAIRED, ids=lambda p: p.stem)
def test_committed_outputs_hold_no_warning_or_error(path):
    """What the page shows: no stderr stream (warnings, native logs) and no traceback."""
    for index, cell in enumerate(jupytext.read(path).cells):
        for output in cell.get("outputs", []):
            assert output.get("name") != "stderr", (path.name, index, output.get("text", "")[:200])
            assert output.output_type != "error", (path.name, index, output.get("ename"))
