"""Build the learners' copies of the notebooks: solutions removed, outputs cleared.

Usage (from the course folder; the default folders are relative to it): ``make student`` or
``python -m transposed_conv.student [--source notebooks] [--target student] [--force]``

Each exercise is three cells: a stub (``answer = ...  # your answer``), the
solution (tagged ``solution``, between nbgrader's ``### BEGIN SOLUTION`` /
``### END SOLUTION`` lines) and a self-check. nbconvert's own
``TagRemovePreprocessor`` drops the solution cells and ``ClearOutputPreprocessor``
the outputs, so a learner's copy runs top to bottom and every check says "not yet".

A copy a learner has edited is never overwritten: the build remembers what it
wrote (``.manifest.json`` in the target folder), refuses to run when a copy
differs from that, says which, and changes nothing. ``--force`` overrides.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ClearMetadataPreprocessor, ClearOutputPreprocessor, TagRemovePreprocessor

MANIFEST = ".manifest.json"
SOLUTION_TAG = "solution"


def student_version(notebook):
    """The learner's copy of a notebook node: no solution cells, no outputs, no widget state."""
    steps = [
        TagRemovePreprocessor(enabled=True, remove_cell_tags={SOLUTION_TAG}),
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
    """Every source notebook's learner copy as UTF-8 bytes, by file name; all read before anything is written."""
    if not source.is_dir():
        raise BuildError(f"{source}: the source must be a folder of notebooks, and it is not a folder")
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
            raise BuildError(f"{path}: not a valid notebook ({reason[:200]}); nothing was written") from err
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
        raise BuildError(f"{path}: the build manifest cannot be read ({err}); remove it and build again (every copy then counts as changed: move a learner's work away before --force)") from err
    if not (isinstance(manifest, dict) and all(isinstance(v, str) for v in manifest.values())):
        raise BuildError(f"{path}: the build manifest is not a name-to-digest mapping; remove it and build again (every copy then counts as changed: move a learner's work away before --force)")
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
        raise BuildError(f"{target}: the target is a file, not a folder; move it away or choose another --target")
    manifest_path = target / MANIFEST
    manifest = _read_manifest(manifest_path)
    changed = _changed_copies(target, manifest) if target.is_dir() else []
    if changed and not force:
        return [], changed
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise BuildError(f"{target}: cannot create the target folder ({err.strerror or err})") from err
    written = []
    for name, data in copies.items():
        _write(target / name, data)
        manifest[name] = _digest(data)
        _write(manifest_path, json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8"))
        written.append(name)
    return written, changed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default="notebooks", help="folder with the solution notebooks")
    parser.add_argument("--target", default="student", help="folder for the learners' copies")
    parser.add_argument("--force", action="store_true", help="overwrite copies a learner has changed")
    args = parser.parse_args(argv)
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
    print(f"Wrote {len(written)} learner copies (solutions removed, outputs cleared) to {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
