"""Saving, checking and loading trained weights: the user's cache and the weights the package ships.

Every weights file has a JSON record beside it holding the file's sha256, so a
damaged or foreign file is named with the way to recover instead of loading
wrong numbers or failing deep inside h5py.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import settings
from . import data

SHIPPED = (
    Path(__file__).resolve().parents[1] / "resources" / "weights"
)  # package data: installs with it


def train_or_load(model, name: str, fit, retrain: bool = False, folder=None):
    """Load ``model``'s weights saved under ``name``, or train it with ``fit(model)`` and save them.

    ``fit`` returns a JSON-serialisable dict (e.g. from :func:`fitting.fit_timed`); it
    is saved beside the weights, with the weights file's sha256, and returned
    with ``"loaded"`` set to whether the weights came from disk. Weights live in
    ``folder``, by default ``weights/`` in the per-user cache
    (:func:`settings.cache_dir`), never in the package or the course folder, so a
    learner who restarts the kernel does not train again; ``retrain=True`` forces
    it. A damaged saved file raises ``OSError`` naming it and saying how to recover.
    """
    if not (isinstance(name, str) and name and "/" not in name):
        raise ValueError(f"name must be a non-empty file name without '/', got {name!r}")
    if not isinstance(retrain, bool):
        raise TypeError(f"retrain must be True or False, got {retrain!r}")
    folder = Path(folder) if folder is not None else settings.cache_dir() / "weights"
    weights, record = folder / f"{name}.weights.h5", folder / f"{name}.json"
    if weights.is_file() and record.is_file() and not retrain:
        return {**load_saved(model, weights, record), "loaded": True}
    result = fit(model)
    folder.mkdir(parents=True, exist_ok=True)
    model.save_weights(weights)
    record.write_text(json.dumps({**result, "sha256": data.file_sha256(weights)}))
    return {**result, "loaded": False}


def load_saved(model, weights, record, advice=None) -> dict:
    """Load ``weights`` into ``model`` and return the JSON ``record`` saved with them.

    The record's ``sha256`` must match the weights file; a damaged or foreign file
    raises ``OSError`` naming it and saying how to recover (``advice``, by default
    how to train it again).
    """
    advice = advice or (
        f"delete {weights.name} and {record.name} in {weights.parent} "
        "(or pass retrain=True) to train it again"
    )
    try:
        saved = json.loads(record.read_text())
        expected = saved.get("sha256")
    except (ValueError, AttributeError, OSError) as err:
        raise OSError(f"{record} is damaged ({type(err).__name__}); {advice}") from err
    if expected is not None:  # records written before sha256 have none
        data.check_sha256(weights, expected, advice)
    try:
        model.load_weights(weights)
    except Exception as err:  # h5py/Keras raise many types for truncated or foreign files
        raise OSError(
            f"{weights} cannot be loaded into this model ({type(err).__name__}); {advice}"
        ) from err
    return saved
