"""Quick mode, seeding, the quiet TensorFlow import that hides no warning, the course folder."""

import logging
import os
import re
import subprocess
import sys
import warnings
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
    """A fresh interpreter: TensorFlow imported through setup() writes nothing to stdout/stderr."""
    code = (
        "from transposed_conv import settings; settings.setup(); "
        "import tensorflow as tf; tf.constant(1.0) + 1"
    )
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300
    )
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


def _fresh_python(code: str, **env_changes) -> subprocess.CompletedProcess:
    """Run ``code`` in a new interpreter, with TF_CPP_MIN_LOG_LEVEL unset unless given."""
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    env.update(env_changes)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result


NATIVE_NOTICES = ("oneDNN", "cpu_feature_guard", "absl::InitializeLog")


def test_importing_the_package_makes_a_later_import_keras_quiet():
    """``import keras`` right after the package, no setup(): TensorFlow's C++ notices are gone.

    oneDNN switched on so that its notice is printed where the CPU supports it;
    the run without the package shows what would be printed otherwise.
    """
    quiet = _fresh_python("import transposed_conv; import keras", TF_ENABLE_ONEDNN_OPTS="1")
    assert quiet.stdout == "" and quiet.stderr == ""
    assert not any(notice in quiet.stderr for notice in NATIVE_NOTICES)
    loud = _fresh_python("import keras", TF_ENABLE_ONEDNN_OPTS="1")
    if not any(notice in loud.stderr for notice in NATIVE_NOTICES):
        pytest.skip("this machine's TensorFlow prints no start-up notice to silence")


def test_the_import_hook_hides_only_info_lines_and_keeps_python_output():
    """TF_CPP_MIN_LOG_LEVEL is set to 1 (not 3); Python's stderr output during the import shows."""
    code = (
        "import sys, transposed_conv, warnings\n"
        "class Loud:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'tensorflow.python':\n"
        "            warnings.warn('a warning while tensorflow loads', UserWarning)\n"
        "sys.meta_path.insert(0, Loud())\n"
        "import tensorflow, os\n"
        "print(os.environ['TF_CPP_MIN_LOG_LEVEL'])\n"
    )
    result = _fresh_python(code)
    assert result.stdout == "1\n"
    assert "a warning while tensorflow loads" in result.stderr
    kept = _fresh_python(
        "import os, transposed_conv, tensorflow; print(os.environ['TF_CPP_MIN_LOG_LEVEL'])",
        TF_CPP_MIN_LOG_LEVEL="0",
    )
    assert kept.stdout == "0\n"  # a learner's own setting wins


def test_tensorflow_warnings_after_the_quiet_import_reach_stderr_in_a_script():
    """TensorFlow makes its log handler while the hook has a stand-in stderr; a warning logged
    later must go to the real stderr, not fail on the closed stand-in ("Logging error")."""
    result = _fresh_python(
        "import transposed_conv, tensorflow as tf\n"
        "tf.get_logger().warning('logged after the import')\n"
    )
    assert "Logging error" not in result.stderr
    assert "logged after the import" in result.stderr


def test_importing_the_package_and_numpy_modules_does_not_import_tensorflow():
    code = (
        "import sys, transposed_conv\n"
        "light = 'tensorflow' in sys.modules or 'numpy' in sys.modules\n"
        "from transposed_conv.core import ops, shapes, layouts, arguments\n"
        "from transposed_conv.models import data, patch_model, metrics, weights, fitting\n"
        "from transposed_conv.models import mnist_models\n"
        "print(light, 'tensorflow' in sys.modules, 'keras' in sys.modules)"
    )
    assert _fresh_python(code).stdout == "False False False\n"


def test_setup_leaves_every_keras_and_tensorflow_warning_visible(keras):
    settings.setup()
    assert not [
        f
        for f in warnings.filters
        if f[0] == "ignore"
        and f[3] is not None
        and re.search("keras|tensorflow|absl", f[3].pattern)
    ]
    for module in ("keras.src.layers.core", "tensorflow.python.framework.ops"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.warn_explicit(
                "a learner needs this", UserWarning, "somewhere.py", 1, module=module
            )
        assert [str(w.message) for w in caught] == ["a learner needs this"], module
    assert logging.getLogger("tensorflow").getEffectiveLevel() < logging.ERROR
    assert logging.getLogger("absl").getEffectiveLevel() < logging.ERROR


def test_the_hook_stays_out_of_the_way_once_tensorflow_is_imported(tf):
    before = list(sys.meta_path)
    settings.install_import_hook()
    assert sys.meta_path == before
    assert tf.__loader__ is tf.__spec__.loader and type(tf.__loader__).__name__ != "_QuietLoader"


def test_repo_root_is_the_course_folder():
    if "site-packages" in Path(settings.__file__).parts:  # installed from a wheel (make test-floor)
        with pytest.raises(FileNotFoundError, match="needs a source checkout"):
            settings.repo_root()
        return
    root = settings.repo_root()
    assert (root / "pyproject.toml").is_file() and (root / "notebooks").is_dir()
    assert root / "src" / "transposed_conv" / "settings.py" == Path(settings.__file__).resolve()


REFUSED_CALL = (
    "import transposed_conv, tensorflow as tf\n"
    "from transposed_conv import settings\n"
    "x, f = tf.ones((1, 2, 2, 3)), tf.ones((3, 3, 3, 5))\n"
    "def refused():\n"
    "    try:\n"
    "        tf.nn.conv2d_transpose(x, f, (1, 4, 4, 5), strides=2, padding='SAME')\n"
    "    except (tf.errors.InvalidArgumentError, ValueError):\n"
    "        print('refused')\n"
)


def test_native_logs_silenced_hides_tensorflows_logged_refusal_only():
    """Notebook 04's cell: TensorFlow logs a refused call natively and raises; only the log goes."""
    quiet = _fresh_python(
        REFUSED_CALL
        + "with settings.native_logs_silenced():\n    refused()\n"
        + "import warnings; warnings.warn('still shown')\n"
    )
    assert quiet.stdout == "refused\n"
    assert "OP_REQUIRES" not in quiet.stderr and "still shown" in quiet.stderr
    loud = _fresh_python(REFUSED_CALL + "refused()\n")
    assert loud.stdout == "refused\n"
    if "OP_REQUIRES" not in loud.stderr:
        pytest.skip("this TensorFlow logs nothing when it refuses the call")
