"""Quick mode, seeding and the silent setup."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from transposed_conv import settings


def test_pick_follows_quick_mode(monkeypatch):
    monkeypatch.setenv(settings.QUICK_ENV, "1")
    assert settings.quick_mode() and settings.pick(25, 2) == 2
    monkeypatch.setenv(settings.QUICK_ENV, "0")
    assert not settings.quick_mode() and settings.pick(25, 2) == 25
    monkeypatch.delenv(settings.QUICK_ENV)
    assert settings.pick(25, 2) == 25


def test_offline_mode(monkeypatch):
    monkeypatch.setenv(settings.OFFLINE_ENV, "true")
    assert settings.offline_mode()
    monkeypatch.setenv(settings.OFFLINE_ENV, "")
    assert not settings.offline_mode()


def test_seed_everything_repeats_numpy_and_keras(keras):
    settings.seed_everything(7)
    first = np.random.rand(3), keras.random.normal((3,)).numpy()
    settings.seed_everything(7)
    second = np.random.rand(3), keras.random.normal((3,)).numpy()
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])
    with pytest.raises(ValueError, match="seed"):
        settings.seed_everything(-1)


def test_setup_prints_nothing_even_from_native_code():
    """A fresh interpreter: importing TensorFlow through setup() writes nothing to stdout or stderr."""
    code = "from transposed_conv import settings; settings.setup(); import tensorflow as tf; tf.constant(1.0) + 1"
    env = {k: v for k, v in __import__("os").environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""


def test_cache_dir_is_per_user_and_never_inside_the_package(monkeypatch, tmp_path):
    import transposed_conv

    package = Path(transposed_conv.__file__).resolve().parent
    monkeypatch.delenv(settings.CACHE_ENV, raising=False)
    default = settings.cache_dir()
    assert default.is_absolute() and "transposed-conv" in default.name
    assert package not in default.resolve().parents and default.resolve() != package
    monkeypatch.setenv(settings.CACHE_ENV, str(tmp_path / "mine"))
    assert settings.cache_dir() == tmp_path / "mine"
