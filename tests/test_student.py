"""Student copies: built with nbconvert's preprocessors, safe for learners' edits, runnable."""

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from transposed_conv import checks, student

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


CHECK_CALL = re.compile(r"^checks\.\w+\(\w+\)$")


def verdicts(nb):
    """What each exercise's self-check cell printed (a check cell ends with `checks.name(answer)`)."""
    return [
        "".join(o.get("text", "") for o in c.outputs if o.output_type == "stream")
        for c in nb.cells
        if c.cell_type == "code" and CHECK_CALL.match(c.source.strip().splitlines()[-1])
    ]


def test_solution_notebooks_pass_every_self_check():
    """The committed (solution) notebooks: every exercise check printed a pass."""
    total = 0
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        found = verdicts(nbformat.read(path, as_version=4))
        assert found and all(v.startswith(checks.PASS) for v in found), (path.name, found)
        total += len(found)
    assert total >= 20


def test_student_copies_drop_solutions_and_outputs(tmp_path):
    written, changed = student.build(NOTEBOOKS, tmp_path)
    assert changed == [] and written == sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    for name in written:
        nb = nbformat.read(tmp_path / name, as_version=4)
        assert nb.metadata.kernelspec.name == "python3"
        for cell in nb.cells:
            assert "### BEGIN SOLUTION" not in cell.source and "solution" not in cell.metadata.get("tags", [])
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None
        assert any("= ...  # your answer" in c.source for c in nb.cells)


def test_build_never_overwrites_a_learners_edit(tmp_path, capsys):
    student.build(NOTEBOOKS, tmp_path)
    edited = tmp_path / "00_start_here.ipynb"
    edited.write_text(edited.read_text().replace("rows = ...", "rows = 14"))
    before = edited.read_text()
    assert student.main(["--source", str(NOTEBOOKS), "--target", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "00_start_here.ipynb" in out and "Not building" in out
    assert edited.read_text() == before
    assert student.main(["--source", str(NOTEBOOKS), "--target", str(tmp_path), "--force"]) == 0
    assert "rows = 14" not in edited.read_text()
    # an unchanged earlier build is simply refreshed
    assert student.main(["--source", str(NOTEBOOKS), "--target", str(tmp_path)]) == 0
    with pytest.raises(ValueError, match="source"):
        student.build(tmp_path / "nothing", tmp_path)


@pytest.mark.parametrize("name", ["00_start_here.ipynb", "01_convolution_as_matrix.ipynb", "03_stride_padding_output_size.ipynb"])
def test_student_copy_runs_and_every_check_says_not_yet(tmp_path, name):
    student.build(NOTEBOOKS, tmp_path)
    nb = nbformat.read(tmp_path / name, as_version=4)
    NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    found = verdicts(nb)
    assert found and all(v.startswith(checks.NOT_YET) for v in found), found
