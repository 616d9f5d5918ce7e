"""A Colab-like start: no checkout, no package, another TensorFlow already installed.

The floor venv (requirements-floor.txt: TensorFlow 2.16, not the course's pinned 2.21) stands in
for Colab's runtime. The package is uninstalled first; notebooks 00 and 03 then run top to bottom
in a kernel of that venv with ``COLAB_RELEASE_TAG`` set, so that their first cell installs the
package itself, from a wheel built from this checkout in place of the GitHub address. Run by
``make test-floor``, which builds the venv and the wheel and passes both here.
"""

import json
import os
import subprocess
from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.floor
ROOT = Path(__file__).resolve().parents[2]
GITHUB = "git+https://github.com/OWNER/REPO"  # what the first cell installs on Colab
NOTEBOOKS = ["00_start_here.ipynb", "03_stride_padding_output_size.ipynb"]


@pytest.fixture(scope="module")
def floor():
    """The floor venv's Python and the wheel, from `make test-floor`."""
    python, wheel = (
        os.environ.get(k) for k in ("TRANSPOSED_CONV_FLOOR_PYTHON", "TRANSPOSED_CONV_WHEEL")
    )
    if not (python and wheel):
        pytest.fail("run `make test-floor`: it sets TRANSPOSED_CONV_FLOOR_PYTHON and _WHEEL")
    return python, wheel


def run(python: str, code: str, cwd) -> str:
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, cwd=cwd)
    return done.stdout.strip() if done.returncode == 0 else f"failed: {done.stderr[-300:]}"


def tensorflow_version(python, cwd):
    return run(
        python, "from importlib import metadata; print(metadata.version('tensorflow-cpu'))", cwd
    )


def colab_kernel(folder, python, cache):
    """A kernelspec for the floor venv whose environment says "this is Colab"."""
    spec = folder / "jupyter" / "kernels" / "colab-like"
    spec.mkdir(parents=True)
    env = {
        "COLAB_RELEASE_TAG": "release-colab-like",
        "TRANSPOSED_CONV_QUICK": "1",
        "TRANSPOSED_CONV_OFFLINE": "1",
        "TRANSPOSED_CONV_CACHE": str(cache),
        "TF_ENABLE_ONEDNN_OPTS": "0",
    }
    argv = [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "Colab-like", "language": "python", "env": env}
    (spec / "kernel.json").write_text(json.dumps(kernel))
    return folder / "jupyter"


def test_first_cell_installs_the_package_and_keeps_that_tensorflow(floor, tmp_path, monkeypatch):
    from nbclient import NotebookClient

    python, wheel = floor
    subprocess.run([python, "-m", "pip", "uninstall", "--quiet", "--yes", "transposed-conv"])
    assert run(python, "import transposed_conv", tmp_path).startswith("failed")
    before = tensorflow_version(python, tmp_path)
    assert before == "2.16.2"
    monkeypatch.setenv("JUPYTER_PATH", str(colab_kernel(tmp_path, python, tmp_path / "cache")))
    for name in NOTEBOOKS:
        notebook = nbformat.read(ROOT / "notebooks" / name, as_version=4)
        first = next(c for c in notebook.cells if c.cell_type == "code")
        assert GITHUB in first.source, f"{name}'s first cell no longer installs from {GITHUB}"
        first.source = first.source.replace(GITHUB, wheel)
        client = NotebookClient(
            notebook,
            kernel_name="colab-like",
            timeout=600,
            resources={"metadata": {"path": str(tmp_path)}},
        )
        client.execute()  # raises CellExecutionError, naming the cell, on the first error
        printed = "".join(
            o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs
        )
        assert "Traceback" not in printed, name
        if name.startswith("00"):  # at the floor every package is at its lowest supported version
            assert "supported range: every package inside" in printed
    assert tensorflow_version(python, tmp_path) == before
    where = run(python, "import transposed_conv; print(transposed_conv.__file__)", tmp_path)
    assert (
        where.startswith(str(os.path.dirname(os.path.dirname(python)))) and "site-packages" in where
    )
