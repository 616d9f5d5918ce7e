"""Build the learners' copies of the notebooks: solutions removed, outputs cleared.

Usage (from the repository root): ``make student`` or
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
import sys
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ClearMetadataPreprocessor, ClearOutputPreprocessor, TagRemovePreprocessor

ROOT = Path(__file__).resolve().parents[2]
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


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def build(source=ROOT / "notebooks", target=ROOT / "student", force: bool = False):
    """Write learners' copies of ``source/*.ipynb`` into ``target``.

    Returns ``(written, changed)``: the files written, and the copies a learner
    changed since the last build (then nothing is written unless ``force``).
    """
    source, target = Path(source), Path(target)
    notebooks = sorted(source.glob("*.ipynb"))
    if not notebooks:
        raise ValueError(f"source must be a folder with notebooks, found none in {source}")
    manifest_path = target / MANIFEST
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    changed = [
        path.name
        for path in sorted(target.glob("*.ipynb"))
        if manifest.get(path.name) != _digest(path.read_text())
    ]
    if changed and not force:
        return [], changed
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for path in notebooks:
        text = nbformat.writes(student_version(nbformat.read(path, as_version=4)))
        (target / path.name).write_text(text)
        manifest[path.name] = _digest(text)
        written.append(path.name)
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return written, changed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default=str(ROOT / "notebooks"), help="folder with the solution notebooks")
    parser.add_argument("--target", default=str(ROOT / "student"), help="folder for the learners' copies")
    parser.add_argument("--force", action="store_true", help="overwrite copies a learner has changed")
    args = parser.parse_args(argv)
    written, changed = build(args.source, args.target, args.force)
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
