"""The one registry of the models the course trains and ships (notebooks 06, 07 and 11).

Three families, each a table of names; :func:`check` is the one test of "is this a
known name", used by every module that takes one:

- ``"patch"``: notebook 06's 1-D patch autoencoder, by noise variant (``PATCH``);
- ``"mnist"``: notebook 07's MNIST autoencoders, by name, each with its recipe
  (``MNIST``; the builders are in :mod:`.training`); ``COMPARED`` are trained from
  several seeds for the comparison table;
- ``"superres"``: notebook 11's five upsampling heads (``SUPERRES``).

:func:`shipped_names` lists the stems of the files in ``resources/weights/``:
``patch_<variant>``, ``reading_model``, ``mnist_<name>`` (seeds) and ``superres_<variant>``.
"""

from __future__ import annotations

PATCH = {  # variant -> noise settings of patch_model.patch_autoencoder
    "plain": {},
    "code_noise": {"code_noise": [0.0, 0.05, 0.2]},
    "input_noise": {"input_noise": 0.02},
}
PATCH_SEEDS = 6  # independent runs per variant
PATCH_EPOCHS = 300

RECIPES = {  # notebook 07's two training recipes
    "reading": dict(
        learning_rate=1e-3, batch_size=1000, epochs=25, validation=0.2
    ),  # the course reading's
    "course": dict(learning_rate=2e-3, batch_size=64, epochs=10, validation=0.0),
}
MNIST = {  # name -> recipe
    "reading_model": "reading",
    "reading_model_course": "course",
    "strided_code_784": "course",
    "strided_code_196": "course",
    "denoising_code_196": "course",
}
# Notebook 07 compares these at one recipe and budget, each from MNIST_SEEDS seeds
COMPARED = ("reading_model_course", "strided_code_784", "strided_code_196", "denoising_code_196")
MNIST_SEEDS = 3
SHIPPED_SINGLE = ("reading_model",)  # shipped as one Keras weights file, not per seed

SUPERRES = ("transposed_k3", "transposed_k4", "resize_conv", "subpixel", "subpixel_icnr")
SUPERRES_SEEDS = 3  # independent runs per head: a ranking from one run could be luck

FAMILIES = {"patch": tuple(PATCH), "mnist": tuple(MNIST), "superres": SUPERRES}


def check(family: str, name, what: str = "variant") -> str:
    """``name`` if it is one of ``family``'s names, else ``ValueError`` listing them.

    ``what`` names the argument in the message (``"variant"`` or ``"name"``).
    """
    if family not in FAMILIES:
        raise ValueError(f"family must be one of {sorted(FAMILIES)}, got {family!r:.60}")
    names = FAMILIES[family]
    if not (isinstance(name, str) and name in names):
        raise ValueError(f"{what} must be one of {sorted(names)}, got {name!r:.60}")
    return name


def shipped_names() -> list[str]:
    """Every model ``tools/make_weights.py`` trains and ships, by file stem, in training order."""
    return [
        *(f"patch_{v}" for v in PATCH),
        *SHIPPED_SINGLE,
        *(f"mnist_{name}" for name in COMPARED),
        *(f"superres_{v}" for v in SUPERRES),
    ]
