"""Build the learners' copies of the notebooks: solutions removed, outputs cleared.

An instructor's build tool (``tools/``), not part of the installed package.

Usage (from the course folder; the default folders are relative to it): ``make student`` or
``python tools/student.py [--source notebooks] [--target student] [--force]``

Each exercise is two cells: the answer cell, tagged ``solution`` and marked as an nbgrader
solution cell, which holds the stub (``answer = ...  # your answer``) and then the solution
between nbgrader's begin/end solution marker lines; and the self-check, marked as an nbgrader
autograded test (see the instructor guide). :class:`ClearSolutions` removes each marked region
(like nbgrader, whose stub the course sets to nothing) and drops a solution cell left empty,
nbconvert's ``ClearOutputPreprocessor`` the outputs; the nbgrader metadata and the tag go too.
So a learner's copy shows ``answer = ...  # your answer``, runs top to bottom, and every check
says "not yet".

A copy a learner has edited is never overwritten: the build remembers what it
wrote (``.manifest.json`` in the target folder), refuses to run when a copy
differs from that, says which, and changes nothing. ``--force`` overrides.

``--branch student`` writes the copies to a git branch instead, for an nbgitpuller or
Binder link (``make student-branch``): each commit holds the learners' copies of one
commit of the course (default ``HEAD``) in ``notebooks/``, the files a learner needs to
install and run them (``LEARNER_FILES``) and a short README. Its tree is built from
those files alone with git's plumbing (a temporary index, ``commit-tree``), its parent is
the branch's previous commit, never a commit of the course, so the branch's history
never holds a solution; a file with a solution marker stops the build. Running it again
adds a commit only when the copies or those files changed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
from nbconvert.preprocessors import (
    ClearMetadataPreprocessor,
    ClearOutputPreprocessor,
    Preprocessor,
)

MANIFEST = ".manifest.json"
AFTER_MANIFEST = "(every copy then counts as changed: move a learner's work away before --force)"
SOLUTION_TAG = "solution"
# What a learners' branch holds besides the copies: what installing and running them needs.
LEARNER_FILES = ("src", "pyproject.toml", "requirements.txt", "binder", "data", "notebooks/figures")
FIGURES = "figures"  # beside the notebooks: GIFs and images their Markdown cells show
# A build tool in tools/, never on a learners' branch (LEARNER_FILES), so it may spell the markers.
SOLUTION_MARKER = "BEGIN SOLUTION"
SOLUTION_END = "END SOLUTION"
BRANCH_README = """# Transposed Convolutions, from the matrix to the model: the learners' notebooks

`notebooks/` holds the learners' copies of the course's notebooks: solutions removed, outputs
cleared. Open `notebooks/00_start_here.ipynb` first. To run them on your own machine:
`pip install -r requirements.txt`, then `pip install --no-deps .` (the course's helper package).

This branch is written by `python tools/student.py --branch {branch}` from the course's
own branch; each commit message names the course commit it was made from. Do not edit it by hand:
the next build replaces these files.
"""


def _is_solution(cell) -> bool:
    """A solution cell: tagged ``solution``, or marked as one in its nbgrader metadata."""
    nbgrader = cell.metadata.get("nbgrader", {})
    return SOLUTION_TAG in cell.metadata.get("tags", []) or nbgrader.get("solution") is True


def _without_solution(source: str) -> str:
    """``source`` without its solution regions (each from its begin to its end marker line)."""
    kept, inside = [], False
    for line in source.splitlines():
        if SOLUTION_MARKER in line:
            if inside:
                raise ValueError("a solution region begins inside another one")
            inside = True
        elif SOLUTION_END in line:
            if not inside:
                raise ValueError("a solution region ends that never began")
            inside = False
        elif not inside:
            kept.append(line)
    if inside:
        raise ValueError("a solution region has no end marker line")
    return "\n".join(kept).strip("\n")


class ClearSolutions(Preprocessor):
    """Solution cells lose their solution regions; one left empty is dropped. Every cell loses
    its nbgrader metadata and the ``solution`` tag (a learner's copy is not an nbgrader one)."""

    def preprocess(self, nb, resources):
        cells = []
        for cell in nb.cells:
            if _is_solution(cell):
                cell.source = _without_solution(cell.source)
                if not cell.source.strip():
                    continue
            cell.metadata.pop("nbgrader", None)
            if SOLUTION_TAG in cell.metadata.get("tags", []):
                cell.metadata.tags = [t for t in cell.metadata.tags if t != SOLUTION_TAG]
                if not cell.metadata.tags:
                    del cell.metadata["tags"]
            cells.append(cell)
        nb.cells = cells
        return nb, resources


def student_version(notebook):
    """The learner's copy of a notebook node: no solutions, no outputs, no widget state."""
    steps = [
        ClearSolutions(),
        ClearOutputPreprocessor(enabled=True),
        ClearMetadataPreprocessor(
            enabled=True,
            clear_cell_metadata=False,
            preserve_nb_metadata_mask={("kernelspec",), ("language_info",)},
        ),
    ]
    for step in steps:
        notebook, _ = step.preprocess(notebook, {})
    return notebook


class BuildError(ValueError):
    """A build that cannot go ahead; the message is one line that names the file."""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _learner_copies(source: Path) -> dict:
    """Every source notebook's learner copy as UTF-8 bytes, by file name.

    All are read and converted before anything is written."""
    if not source.is_dir():
        raise BuildError(
            f"{source}: the source must be a folder of notebooks, and it is not a folder"
        )
    copies = {}
    for path in sorted(source.glob("*.ipynb")):
        try:
            invalid = {}  # captured rather than logged, so the failure is reported once, below
            notebook = nbformat.read(path, as_version=4, capture_validation_error=invalid)
            if invalid:
                raise invalid["ValidationError"]
            copies[path.name] = nbformat.writes(student_version(notebook)).encode("utf-8")
        except Exception as err:  # nbformat and nbconvert raise many types for a damaged notebook
            reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise BuildError(
                f"{path}: not a valid notebook ({reason[:200]}); nothing was written"
            ) from err
    if not copies:
        raise BuildError(f"{source}: the source folder has no notebooks (*.ipynb)")
    return copies


def _read_manifest(path: Path) -> dict:
    """The digests of the copies the last build wrote, ``{}`` before the first build."""
    if not path.exists():
        return {}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:  # ValueError covers bad JSON and bad UTF-8
        raise BuildError(
            f"{path}: the build manifest cannot be read ({err}); remove it and build again "
            f"{AFTER_MANIFEST}"
        ) from err
    if not (isinstance(manifest, dict) and all(isinstance(v, str) for v in manifest.values())):
        raise BuildError(
            f"{path}: the build manifest is not a name-to-digest mapping; "
            "remove it and build again "
            f"{AFTER_MANIFEST}"
        )
    return manifest


def _changed_copies(target: Path, manifest: dict) -> list:
    """Copies in ``target`` that differ from what the last build wrote (a learner's edits)."""
    changed = []
    for path in sorted(target.glob("*.ipynb")):
        try:
            data = path.read_bytes()
        except OSError as err:
            raise BuildError(f"{path}: cannot read this copy ({err.strerror or err})") from err
        if manifest.get(path.name) != _digest(data):
            changed.append(path.name)
    return changed


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` all or nothing: into a temporary file, then renamed over it."""
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as err:
        temporary.unlink(missing_ok=True)
        raise BuildError(f"{path}: cannot write ({err.strerror or err})") from err


def build(source="notebooks", target="student", force: bool = False):
    """Write learners' copies of ``source/*.ipynb`` into ``target``.

    Returns ``(written, changed)``: the files written, and the copies a learner
    changed since the last build (then nothing is written unless ``force``).
    Every source notebook is read and converted before anything is written,
    and the manifest is updated after each copy, so a build that fails part
    way leaves a manifest that matches every copy it did write. Raises
    :class:`BuildError` (a ``ValueError``) naming the file for each failure.
    """
    source, target = Path(source), Path(target)
    copies = _learner_copies(source)
    if target.exists() and not target.is_dir():
        raise BuildError(
            f"{target}: the target is a file, not a folder; move it away or choose another --target"
        )
    manifest_path = target / MANIFEST
    manifest = _read_manifest(manifest_path)
    changed = _changed_copies(target, manifest) if target.is_dir() else []
    if changed and not force:
        return [], changed
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise BuildError(
            f"{target}: cannot create the target folder ({err.strerror or err})"
        ) from err
    written = []
    for name, data in copies.items():
        _write(target / name, data)
        manifest[name] = _digest(data)
        _write(manifest_path, json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8"))
        written.append(name)
    _copy_figures(source, target)
    return written, changed


def _copy_figures(source: Path, target: Path) -> None:
    """The committed figures Markdown cells show (``figures/*``), copied as they are."""
    for path in sorted((source / FIGURES).glob("*")):
        if path.is_file():
            (target / FIGURES).mkdir(exist_ok=True)
            _write(target / FIGURES / path.name, path.read_bytes())


def _git(repo, *args, data: bytes | None = None, env=None, ok=(0,)) -> bytes:
    """Run git in ``repo``; a failure is a one-line :class:`BuildError`."""
    done = subprocess.run(
        ["git", "-C", str(repo), *args], input=data, capture_output=True, env=env, check=False
    )
    if done.returncode not in ok:
        reason = done.stderr.decode(errors="replace").strip().splitlines() or [
            f"exit {done.returncode}"
        ]
        raise BuildError(f"{repo}: git {' '.join(args[:2])} failed ({reason[-1]})")
    return done.stdout


def _copies_of_commit(repo, commit: str) -> dict:
    """The learners' copies of ``commit``'s notebooks/*.ipynb (the working tree is not read)."""
    listing = _git(repo, "ls-tree", "-z", "--name-only", f"{commit}:notebooks")
    names = [n.decode() for n in listing.split(b"\0") if n.endswith(b".ipynb")]
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            Path(folder, name).write_bytes(
                _git(repo, "cat-file", "blob", f"{commit}:notebooks/{name}")
            )
        return _learner_copies(Path(folder))


def _branch_entries(repo, commit: str, branch: str) -> list:
    """(mode, object id, path) of every file of the learners' branch; BuildError on a solution."""
    marked = _git(
        repo, "grep", "-l", "-F", SOLUTION_MARKER, commit, "--", *LEARNER_FILES, ok=(0, 1)
    )
    if marked.strip():
        first = marked.decode().splitlines()[0].split(":", 1)[-1]
        raise BuildError(
            f"{first}: holds a solution marker ({SOLUTION_MARKER}); "
            "it cannot go to a learners' branch"
        )
    entries = []
    for record in _git(repo, "ls-tree", "-r", "-z", commit, "--", *LEARNER_FILES).split(b"\0"):
        if record:
            meta, path = record.decode().split("\t", 1)
            mode, _, object_id = meta.split()
            entries.append((mode, object_id, path))
    files = {f"notebooks/{name}": data for name, data in _copies_of_commit(repo, commit).items()}
    files["README.md"] = BRANCH_README.format(branch=branch).encode()
    for path, data in files.items():
        if SOLUTION_MARKER.encode() in data:
            raise BuildError(
                f"{path}: its learner's copy still holds a solution marker; "
                f"tag that cell {SOLUTION_TAG!r}"
            )
        entries.append(
            ("100644", _git(repo, "hash-object", "-w", "--stdin", data=data).decode().strip(), path)
        )
    return entries


def _write_tree(repo, entries: list) -> str:
    """A git tree of ``entries``, written through a temporary index (the real one is untouched)."""
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(folder) / "index")}
        listing = "".join(f"{mode} {object_id}\t{path}\n" for mode, object_id, path in entries)
        _git(repo, "update-index", "--add", "--index-info", data=listing.encode(), env=env)
        return _git(repo, "write-tree", env=env).decode().strip()


def _identity(repo) -> dict:
    """The environment for commit-tree: the user's git identity, or the builder's if none."""
    env = dict(os.environ)
    if not _git(repo, "config", "user.name", ok=(0, 1)).strip():
        env.setdefault("GIT_AUTHOR_NAME", "tools/student.py")
        env.setdefault("GIT_COMMITTER_NAME", "tools/student.py")
    if not _git(repo, "config", "user.email", ok=(0, 1)).strip():
        env.setdefault("GIT_AUTHOR_EMAIL", "student-build@localhost")
        env.setdefault("GIT_COMMITTER_EMAIL", "student-build@localhost")
    return env


def build_branch(repo=".", branch: str = "student", commit: str = "HEAD"):
    """Commit the learners' copies of ``commit`` to ``branch``; returns ``(tip, added)``.

    The new commit's only parent is the branch's previous tip, so no commit of the course (and
    no solution) is ever in the branch's history; a branch that shares history with the course
    is refused. When the tree would not change, nothing is committed and ``added`` is False.
    """
    if (
        _git(repo, "check-ref-format", "--branch", branch, ok=(0, 1, 128)).strip()
        != branch.encode()
    ):
        raise BuildError(f"{branch}: not a valid branch name")
    source = _git(repo, "rev-parse", "--verify", f"{commit}^{{commit}}").decode().strip()
    ref = f"refs/heads/{branch}"
    old = _git(repo, "rev-parse", "--verify", "--quiet", ref, ok=(0, 1)).decode().strip()
    if old and _git(repo, "merge-base", old, source, ok=(0, 1)).strip():
        raise BuildError(
            f"{branch}: shares history with {commit}, so it holds solutions; "
            "choose another --branch"
        )
    tree = _write_tree(repo, _branch_entries(repo, source, branch))
    if old and _git(repo, "rev-parse", f"{old}^{{tree}}").decode().strip() == tree:
        return old, False
    message = (
        f"Learners' copies of {source[:12]}\n\nSolutions removed, outputs cleared, by "
        f"python tools/student.py --branch {branch}.\n"
    )
    parents = ["-p", old] if old else []
    new = (
        _git(repo, "commit-tree", tree, *parents, "-m", message, env=_identity(repo))
        .decode()
        .strip()
    )
    _git(repo, "update-ref", "-m", "learners' copies", ref, new, old or "0" * 40)
    return new, True


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default="notebooks", help="folder with the solution notebooks")
    parser.add_argument("--target", default="student", help="folder for the learners' copies")
    parser.add_argument(
        "--force", action="store_true", help="overwrite copies a learner has changed"
    )
    parser.add_argument(
        "--branch", help="write the copies of --commit's notebooks/ to this git branch instead"
    )
    parser.add_argument(
        "--commit", default="HEAD", help="with --branch: the course commit to copy (default HEAD)"
    )
    parser.add_argument(
        "--repo", default=".", help="with --branch: the course's git repository (default .)"
    )
    args = parser.parse_args(argv)
    if args.branch:
        return _main_branch(args)
    try:
        written, changed = build(args.source, args.target, args.force)
    except (BuildError, OSError) as err:  # an OSError's message names its file too
        print(f"Not building: {err}", file=sys.stderr)
        return 1
    if changed and not written:
        print(f"Not building: these copies in {args.target} were changed since the last build:")
        for name in changed:
            print(f"  {name}")
        print("Move them away (or pass --force to overwrite them) and run again.")
        return 1
    print(
        f"Wrote {len(written)} learner copies (solutions removed, outputs cleared) to {args.target}"
    )
    return 0


def _main_branch(args) -> int:
    try:
        tip, added = build_branch(args.repo, args.branch, args.commit)
    except (BuildError, OSError) as err:
        print(f"Not building: {err}", file=sys.stderr)
        return 1
    what = "new commit" if added else "unchanged, no commit needed"
    print(
        f"Branch {args.branch}: {what} {tip[:12]} "
        f"(learners' copies of {args.commit}, solutions removed)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
