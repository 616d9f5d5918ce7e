"""nbgrader on the course's own notebooks, with the instructor guide's config and commands.

A temporary course directory gets notebooks 00 and 01 as assignment ``ps1``; ``nbgrader
generate_assignment`` writes the release (no solution, each answer cell showing the learners'
stub), two learners submit it (alice right, bob with one wrong answer in each notebook), and
``nbgrader autograde`` grades them: nbgrader's gradebook must give alice every point and bob
every point but the two checks he failed, whose cells show the self-check's hint in an
``AssertionError``.

nbgrader runs in a throwaway venv: hard links of .venv's site-packages (the course's pins and its
editable package, so the checks under test are this working tree's), to which pip adds
requirements-grading.txt; removed at the end, also when the test fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
import student
from venvs import throwaway_venv

from transposed_conv import checks

ROOT = Path(__file__).resolve().parents[2]


def run(*command, cwd=None, env=None, timeout=600) -> str:
    """Run a command; on failure show its output in the test report."""
    done = subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, (
        f"{' '.join(map(str, command))}\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}"
    )
    return done.stdout + done.stderr


@pytest.fixture(scope="session")
def grading_python():
    """The python of a throwaway venv holding the course's packages and nbgrader."""
    # beside .venv: hard links need the same file system
    with throwaway_venv(ROOT / "build" / "grading", "nbgrader-venv-") as python:
        pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        run(*pip, "-r", ROOT / "requirements-grading.txt")
        yield python


NOTEBOOKS = ROOT / "notebooks"
GUIDE = NOTEBOOKS / "INSTRUCTOR_GUIDE.md"
ASSIGNMENT = "ps1"
NAMES = ("00_start_here", "01_convolution_as_matrix")
WRONG = {
    "00_start_here": ("rows", "rows = 14"),
    "01_convolution_as_matrix": ("shape_of_C", "shape_of_C = (36, 4)"),
}
MARKER = "BEGIN " + "SOLUTION"

SCORES = """
import json
from nbgrader.api import Gradebook

with Gradebook("sqlite:///gradebook.db") as gradebook:
    found = {}
    for learner in ("alice", "bob"):
        submission = gradebook.find_submission("ps1", learner)
        found[learner] = {
            "score": submission.score,
            "max_score": submission.max_score,
            "failed": sorted(
                grade.name for nb in submission.notebooks for grade in nb.grades if grade.score == 0
            ),
        }
print(json.dumps(found))
"""


def guide_config() -> str:
    """The guide's nbgrader_config.py: its fenced block that starts with that file's name."""
    blocks = re.findall(r"```python\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    configs = [b for b in blocks if b.startswith("# nbgrader_config.py")]
    assert len(configs) == 1, "the guide must show exactly one nbgrader_config.py"
    return configs[0]


def solution_lines(cell) -> list:
    lines = cell.source.splitlines()
    return lines[lines.index("### " + MARKER) + 1 : lines.index("### END SOLUTION")]


def submit(course: Path, learner: str, wrong: bool) -> None:
    """The release, answered: every answer cell gets its solution (bob: one wrong in each)."""
    folder = course / "submitted" / learner / ASSIGNMENT
    folder.mkdir(parents=True)
    for name in NAMES:
        source = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
        solutions = [solution_lines(c) for c in source.cells if MARKER in c.source]
        notebook = nbformat.read(course / "release" / ASSIGNMENT / f"{name}.ipynb", as_version=4)
        answers = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("solution")]
        assert len(answers) == len(solutions) >= 2
        for cell, lines in zip(answers, solutions, strict=True):
            if wrong and lines[0].startswith(WRONG[name][0] + " = "):
                lines = [WRONG[name][1]]
            cell.source = cell.source.rstrip() + "\n" + "\n".join(lines)  # stub, then answer
        nbformat.write(notebook, folder / f"{name}.ipynb")
    (folder / "timestamp.txt").write_text("2026-01-15 10:00:00.000000 UTC")


def test_nbgrader_releases_without_solutions_and_autogrades_right_and_wrong(
    grading_python, tmp_path
):
    nbgrader = grading_python.parent / "nbgrader"
    course = tmp_path / "course"
    source = course / "source" / ASSIGNMENT
    source.mkdir(parents=True)
    for name in NAMES:
        shutil.copy(NOTEBOOKS / f"{name}.ipynb", source)
    (course / "nbgrader_config.py").write_text(guide_config())
    env = {k: v for k, v in os.environ.items() if k != "TRANSPOSED_CONV_GRADED"}  # config sets it
    env.update(
        PATH=f"{grading_python.parent}{os.pathsep}{env['PATH']}",
        TRANSPOSED_CONV_QUICK="1",  # the course's test settings: same outputs, faster
        TRANSPOSED_CONV_OFFLINE="1",
        TF_ENABLE_ONEDNN_OPTS="0",
    )

    run(nbgrader, "generate_assignment", ASSIGNMENT, cwd=course, env=env)
    for name in NAMES:
        release = (course / "release" / ASSIGNMENT / f"{name}.ipynb").read_text(encoding="utf-8")
        assert MARKER not in release and "raise NotImplementedError" not in release, name
        solution_notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
        kept = nbformat.writes(student.student_version(solution_notebook))
        for cell in solution_notebook.cells:
            for line in solution_lines(cell) if MARKER in cell.source else []:
                if json.dumps(line)[1:-1] not in kept:  # a blank line or `return out` may be both
                    assert json.dumps(line)[1:-1] not in release, (name, line)
        # cell for cell, the release shows what the learners' copies show
        released = nbformat.reads(release, as_version=4).cells
        copy = student.student_version(nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4))
        assert [c.source.rstrip() for c in released] == [c.source for c in copy.cells], name
        tests = [c for c in released if c.metadata.get("nbgrader", {}).get("grade")]
        assert tests and all(c.metadata.get("editable") is False for c in tests), name

    submit(course, "alice", wrong=False)
    submit(course, "bob", wrong=True)
    run(nbgrader, "autograde", ASSIGNMENT, cwd=course, env=env)

    scores = json.loads(run(grading_python, "-c", SCORES, cwd=course, env=env).splitlines()[-1])
    assert scores["alice"] == {"score": 6.0, "max_score": 6.0, "failed": []}, scores
    assert scores["bob"] == {
        "score": 4.0,
        "max_score": 6.0,
        "failed": ["check_matrix_shape", "check_start_output_size"],
    }, scores
    for learner, name in [("alice", NAMES[0]), ("bob", NAMES[0]), ("bob", NAMES[1])]:
        graded = nbformat.read(
            course / "autograded" / learner / ASSIGNMENT / f"{name}.ipynb", as_version=4
        )
        outputs = [
            o
            for c in graded.cells
            if c.metadata.get("nbgrader", {}).get("grade")
            for o in c.outputs
            if o.output_type in ("stream", "error")
        ]
        if learner == "alice":
            assert [o.text for o in outputs] == [checks.PASS + ": (i - 1) * s + k.\n"] + [
                checks.PASS + ": overlapping copies add up.\n"
            ], outputs
        else:
            errors = [o for o in outputs if o.output_type == "error"]
            assert len(errors) == 1 and errors[0].ename == "AssertionError", outputs
            assert errors[0].evalue.startswith(checks.NOT_YET + ": "), errors[0].evalue
