"""Student copies: built with nbconvert's preprocessors, safe for learners' edits, runnable."""

import re
import subprocess
from pathlib import Path

import nbformat
import pytest
import student
from nbclient import NotebookClient

from transposed_conv import checks

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


CHECK_CALL = re.compile(r"^checks\.(\w+)\(\w+\)$")


def verdicts(nb):
    """What each exercise's self-check printed (a check cell ends with `checks.name(answer)`)."""
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
            assert "### BEGIN SOLUTION" not in cell.source and "solution" not in cell.metadata.get(
                "tags", []
            )
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None
        assert any("= ...  # your answer" in c.source for c in nb.cells)
        assert all("nbgrader" not in c.metadata for c in nb.cells)
    figures = sorted(p.name for p in (NOTEBOOKS / "figures").glob("*.gif"))
    assert figures  # the Markdown cells of 10 show these without a kernel
    for name in figures:
        assert (tmp_path / "figures" / name).read_bytes() == (
            NOTEBOOKS / "figures" / name
        ).read_bytes()


# Notebooks 00-07: each exercise is an answer cell (stub + solution, an nbgrader solution cell)
# and a check cell (an nbgrader autograded test); tests/grading/ runs nbgrader on them.
EXERCISE_NOTEBOOKS = sorted(NOTEBOOKS.glob("0[0-7]_*.ipynb"))
STUB = re.compile(r"^(\w+) = \.\.\.  # your answer$")


def test_every_exercise_is_an_nbgrader_solution_cell_and_an_autograded_check():
    assert len(EXERCISE_NOTEBOOKS) == 8
    for path in EXERCISE_NOTEBOOKS:
        cells = nbformat.read(path, as_version=4).cells
        marked = [c for c in cells if "nbgrader" in c.metadata]
        ids = [c.metadata.nbgrader.grade_id for c in marked]
        assert len(ids) == len(set(ids)), (path.name, ids)
        answers = [c for c in cells if "### BEGIN SOLUTION" in c.source]
        assert answers and len(marked) == 2 * len(answers), path.name
        for answer in answers:
            check = cells[cells.index(answer) + 1]
            # blank lines aside (ruff puts two before a solution's `def`)
            stub, begin, *solution, end = [line for line in answer.source.splitlines() if line]
            name = STUB.match(stub).group(1)
            assert (begin, end) == ("### BEGIN SOLUTION", "### END SOLUTION")
            assert solution and solution[0].startswith((f"{name} = ", f"def {name}(")), (
                path.name,
                answer.source,
            )
            assert answer.metadata.nbgrader == {
                "grade": False,
                "grade_id": f"answer_{name}",
                "locked": False,
                "schema_version": 3,
                "solution": True,
                "task": False,
            }
            assert "solution" in answer.metadata.tags
            function = CHECK_CALL.match(check.source.strip().splitlines()[-1]).group(1)
            assert check.source.strip().endswith(f"({name})"), (path.name, check.source)
            assert check.metadata.nbgrader == {
                "grade": True,
                "grade_id": f"check_{function}",
                "locked": True,
                "points": 1,
                "schema_version": 3,
                "solution": False,
                "task": False,
            }


def test_a_learners_copy_keeps_the_stub_and_drops_a_cell_that_held_only_a_solution(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "x = ...  # your answer\n### BEGIN SOLUTION\nx = 2\n### END SOLUTION",
            metadata={
                "nbgrader": {"solution": True, "grade_id": "a"},
                "tags": ["keep", "solution"],
            },
        ),
        nbformat.v4.new_code_cell("y = ...  # your answer"),  # the older three-cell layout
        nbformat.v4.new_code_cell(
            "### BEGIN SOLUTION\ny = 3\n### END SOLUTION", metadata={"tags": ["solution"]}
        ),
        nbformat.v4.new_code_cell(
            "checks.f(x)", metadata={"nbgrader": {"grade": True, "grade_id": "b", "points": 1}}
        ),
    ]
    copy = student.student_version(nb)
    assert [c.source for c in copy.cells] == [
        "x = ...  # your answer",
        "y = ...  # your answer",
        "checks.f(x)",
    ]
    assert [dict(c.metadata) for c in copy.cells] == [{"tags": ["keep"]}, {}, {}]
    for broken in ("### BEGIN SOLUTION\nx = 2", "x = 2\n### END SOLUTION"):
        nb.cells = [nbformat.v4.new_code_cell(broken, metadata={"tags": ["solution"]})]
        source = tmp_path / "source"
        source.mkdir(exist_ok=True)
        nbformat.write(nb, source / "00_broken.ipynb")
        with pytest.raises(student.BuildError, match="00_broken.ipynb.*solution region"):
            student.build(source, tmp_path / "copies")


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


@pytest.mark.parametrize(
    "name",
    [
        "00_start_here.ipynb",
        "01_convolution_as_matrix.ipynb",
        "03_stride_padding_output_size.ipynb",
    ],
)
def test_student_copy_runs_and_every_check_says_not_yet(tmp_path, name):
    student.build(NOTEBOOKS, tmp_path)
    nb = nbformat.read(tmp_path / name, as_version=4)
    NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    found = verdicts(nb)
    assert found and all(v.startswith(checks.NOT_YET) for v in found), found


def _sources(tmp_path, names=("00_start_here.ipynb", "01_convolution_as_matrix.ipynb")):
    source = tmp_path / "source"
    source.mkdir()
    for name in names:
        (source / name).write_bytes((NOTEBOOKS / name).read_bytes())
    return source


def _fails_in_one_line(capsys, argv, *names):
    assert student.main(argv) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err, captured.err
    assert all(name in lines[0] for name in names), lines[0]


def test_an_invalid_source_notebook_stops_the_build_before_anything_is_written(tmp_path, capsys):
    source, target = _sources(tmp_path), tmp_path / "student"
    (source / "02_broken.ipynb").write_text('{"cells": [')  # not JSON
    _fails_in_one_line(
        capsys, ["--source", str(source), "--target", str(target)], "02_broken.ipynb"
    )
    assert not target.exists()
    (source / "02_broken.ipynb").write_text(
        '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code"}]}'
    )
    _fails_in_one_line(
        capsys, ["--source", str(source), "--target", str(target)], "02_broken.ipynb"
    )
    (source / "02_broken.ipynb").write_bytes(b"\xff\xfe{}")  # not UTF-8
    _fails_in_one_line(
        capsys, ["--source", str(source), "--target", str(target)], "02_broken.ipynb"
    )
    (source / "02_broken.ipynb").unlink()
    assert student.main(["--source", str(source), "--target", str(target)]) == 0


def test_a_build_that_fails_part_way_leaves_a_manifest_matching_its_copies(
    tmp_path, capsys, monkeypatch
):
    source, target = _sources(tmp_path), tmp_path / "student"
    real_write = Path.write_bytes

    def refuse_the_second_copy(path, data):
        if path.name == ".01_convolution_as_matrix.ipynb.tmp":
            raise PermissionError(13, "Permission denied", str(path))
        return real_write(path, data)

    monkeypatch.setattr(Path, "write_bytes", refuse_the_second_copy)
    _fails_in_one_line(
        capsys, ["--source", str(source), "--target", str(target)], "01_convolution_as_matrix.ipynb"
    )
    assert sorted(p.name for p in target.iterdir()) == [
        ".manifest.json",
        "00_start_here.ipynb",
    ]  # no temporary left
    monkeypatch.undo()
    # the next build trusts the copy it wrote itself: no --force needed
    written, changed = student.build(source, target)
    assert changed == [] and len(written) == 2


def test_every_other_failure_is_one_line_naming_the_file(tmp_path, capsys):
    source, target = _sources(tmp_path), tmp_path / "student"
    run = ["--source", str(source), "--target", str(target)]
    assert student.main(run) == 0
    capsys.readouterr()
    manifest = target / ".manifest.json"
    for damaged in [b"{not json", b"\xff\xfe", b"[1, 2]", b'{"00_start_here.ipynb": 3}']:
        manifest.write_bytes(damaged)
        _fails_in_one_line(capsys, run, ".manifest.json")
    manifest.unlink()
    # without a manifest every copy counts as a learner's: refused, never overwritten
    assert student.main(run) == 1 and "Not building" in capsys.readouterr().out
    assert student.main(run + ["--force"]) == 0
    # a copy that is not UTF-8 is not what the build wrote: a learner's, kept
    copy = target / "00_start_here.ipynb"
    copy.write_bytes(b"\xff\xfe not utf-8")
    assert student.main(run) == 1 and "00_start_here.ipynb" in capsys.readouterr().out
    assert copy.read_bytes() == b"\xff\xfe not utf-8"
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    _fails_in_one_line(capsys, ["--source", str(source), "--target", str(a_file)], "a_file")
    _fails_in_one_line(
        capsys, ["--source", str(source), "--target", str(a_file / "inside")], "inside"
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    _fails_in_one_line(capsys, ["--source", str(empty), "--target", str(target)], "empty")
    _fails_in_one_line(
        capsys, ["--source", str(tmp_path / "missing"), "--target", str(target)], "missing"
    )


# --- the learners' branch (python tools/student.py --branch student) ---

ROOT = NOTEBOOKS.parent
MARKER = student.SOLUTION_MARKER


def _git(repo, *args, check=True):
    command = [
        "git",
        "-C",
        str(repo),
        "-c",
        "user.name=Instructor",
        "-c",
        "user.email=i@example.invalid",
    ]
    return subprocess.run([*command, *args], capture_output=True, text=True, check=check)


def _course(tmp_path):
    """A clone of this checkout's committed HEAD, standing for the course's repository."""
    repo = tmp_path / "course"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(repo)], check=True)
    return repo


def _commit_edit(repo, path, old, new):
    target = repo / path
    target.write_text(target.read_text().replace(old, new, 1))
    _git(repo, "commit", "--quiet", "-am", f"edit {path}")


def _assert_solution_free(repo, branch="student"):
    """Every commit of the branch: no solution marker in any file, no solution cell, no output."""
    commits = _git(repo, "rev-list", branch).stdout.split()
    for commit in commits:
        assert _git(repo, "grep", "-l", "-F", MARKER, commit, check=False).stdout == "", commit
        names = _git(repo, "ls-tree", "--name-only", f"{commit}:notebooks").stdout.split()
        gifs = _git(repo, "ls-tree", "--name-only", f"{commit}:notebooks/figures").stdout.split()
        assert gifs and all(n.endswith(".gif") for n in gifs), gifs  # what 10's Markdown shows
        names.remove("figures")
        assert len(names) >= 8 and all(n.endswith(".ipynb") for n in names), names
        for name in names:
            notebook = nbformat.reads(
                _git(repo, "show", f"{commit}:notebooks/{name}").stdout, as_version=4
            )
            for cell in notebook.cells:
                assert student.SOLUTION_TAG not in cell.metadata.get("tags", []), (commit, name)
                assert cell.cell_type != "code" or cell.outputs == [], (commit, name)
    return commits


def test_branch_history_holds_no_solution_and_grows_only_when_the_copies_change(tmp_path):
    repo = _course(tmp_path)
    first, added = student.build_branch(repo, "student")
    assert added and _assert_solution_free(repo) == [first]
    # the branch's copies are exactly what `make student` writes for the same notebooks
    written, _ = student.build(repo / "notebooks", tmp_path / "copies")
    for name in written:
        assert (
            _git(repo, "show", f"student:notebooks/{name}").stdout
            == (tmp_path / "copies" / name).read_text()
        )
    assert student.build_branch(repo, "student") == (first, False)  # nothing changed: no commit
    _commit_edit(repo, "Makefile", "\n", "\n# an edit learners never see\n")
    assert student.build_branch(repo, "student") == (first, False)  # not a learner's file
    _commit_edit(repo, "notebooks/00_start_here.ipynb", "Start here", "Start here (edited)")
    second, added = student.build_branch(repo, "student")
    assert added and _assert_solution_free(repo) == [second, first]
    assert _git(repo, "rev-parse", f"{second}^").stdout.strip() == first  # one parent: the branch
    assert (
        "Start here (edited)" in _git(repo, "show", "student:notebooks/00_start_here.ipynb").stdout
    )
    assert (
        _git(repo, "merge-base", "student", "HEAD", check=False).returncode == 1
    )  # no course commit


def test_branch_refuses_solutions_and_course_branches(tmp_path, capsys):
    repo = _course(tmp_path)
    with pytest.raises(student.BuildError, match="shares history"):
        student.build_branch(repo, _git(repo, "branch", "--show-current").stdout.strip())
    _commit_edit(repo, "src/transposed_conv/checks/core.py", "\n", f"\n# ### {MARKER}\n")
    assert student.main(["--branch", "student", "--repo", str(repo)]) == 1
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "src/transposed_conv/checks/core.py" in error[0], error
    assert _git(repo, "rev-parse", "--verify", "--quiet", "student", check=False).returncode == 1
