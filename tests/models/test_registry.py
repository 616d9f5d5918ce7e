"""The one registry of trained models: one name check for the three families."""

import pytest

from transposed_conv.models import patch_model, registry, superres, training


def test_every_family_checks_names_in_one_place():
    assert registry.check("superres", "subpixel") == "subpixel"
    assert registry.check("patch", "plain") == "plain"
    assert registry.check("mnist", "reading_model", what="name") == "reading_model"
    for family, bad in (("superres", "bicubic"), ("patch", ["plain"]), ("mnist", None)):
        with pytest.raises(ValueError, match="must be one of"):
            registry.check(family, bad)
    with pytest.raises(ValueError, match="family"):
        registry.check("gan", "x")


def test_the_modules_read_the_registry():
    assert superres.VARIANTS is registry.SUPERRES
    assert training.PATCH_VARIANTS is registry.PATCH and set(training.MODELS) == set(registry.MNIST)
    assert patch_model.WINDOW == 7
    assert registry.shipped_names()[:4] == [
        "patch_plain",
        "patch_code_noise",
        "patch_input_noise",
        "reading_model",
    ]
    assert len(registry.shipped_names()) == 3 + 1 + 4 + 5  # every file make_weights ships


def test_shipped_names_are_the_shipped_files():
    stems = {p.name.split(".")[0] for p in training.SHIPPED.glob("*.json")}
    assert stems == set(registry.shipped_names())
