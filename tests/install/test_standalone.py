"""The package without the checkout: a non-editable install runs a notebook from elsewhere.

As on Colab or a shared JupyterHub: ``pip install .`` into a new venv (dependencies from
pyproject.toml only, held to the tested pins by ``-c requirements.txt``, so pip's cache
serves them), then the start page runs in a scratch folder outside the repository.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

from transposed_conv.models import superres, training


def guard_cells():
    """The first code cell of every numbered notebook."""
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        yield path.name, next(c.source for c in notebook.cells if c.cell_type == "code")


def as_python(cell: str) -> str:
    """The cell as IPython runs it: ``%pip`` becomes ``get_ipython().run_line_magic(...)``."""
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager().transform_cell(cell)


def run_without_site_packages(source: str, extra_env=None, folder=None):
    """Run a cell in a Python that cannot import the package (``-S``: no site-packages).

    From a file, as a notebook runs it, so that a traceback shows the failing line.
    """
    env = {key: value for key, value in os.environ.items() if key != "COLAB_RELEASE_TAG"}
    env.update(extra_env or {})
    cell = Path(folder or tempfile.mkdtemp()) / "cell.py"
    cell.write_text(source)
    return subprocess.run(
        [sys.executable, "-S", str(cell)], capture_output=True, text=True, env=env, timeout=60
    )


def test_every_notebook_opens_with_the_same_package_check():
    sources = dict(guard_cells())
    assert len(set(sources.values())) == 1 and len(sources) >= 8


def test_without_the_package_the_failing_line_says_what_to_run():
    source = as_python(next(guard_cells())[1])
    done = run_without_site_packages(source)
    assert done.returncode == 1
    lines = [line.strip() for line in done.stderr.strip().splitlines()]
    assert lines[-1] == "ModuleNotFoundError: No module named 'transposed_conv'"
    # the traceback shows the failing line, whose comment says what to run
    (shown,) = [line for line in lines if line.startswith("import transposed_conv")]
    assert "missing? run `pip install -e .` in the course folder" in shown


def test_on_colab_the_package_check_installs_it():
    # the cell's %pip line, shown to the learner, runs as IPython's pip magic; the spy stands in
    # for IPython and for the install (then the cell's import finds a stand-in package)
    source = as_python(next(guard_cells())[1])
    assert "get_ipython().run_line_magic('pip'" in source
    spy = (
        "import sys, types\n"
        "sys.modules['transposed_conv'] = types.ModuleType('transposed_conv')\n"
        "class Shell:\n"
        "    def run_line_magic(self, name, line):\n"
        "        print('RUN', name, line)\n"
        "get_ipython = Shell\n"
    )
    done = run_without_site_packages(spy + source, {"COLAB_RELEASE_TAG": "release-colab-test"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("RUN pip install -q --no-deps git+https://github.com/")


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A new venv with the package installed from a built wheel (not editable)."""
    venv = tmp_path_factory.mktemp("standalone") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    constraints = ["-c", str(ROOT / "requirements.txt")]
    subprocess.run([*pip, *constraints, str(ROOT)], check=True, timeout=900)
    # to run a notebook: a kernel and nbconvert (not the package's dependency: Jupyter brings it)
    subprocess.run([*pip, *constraints, "ipykernel", "nbconvert"], check=True, timeout=600)
    return python


def test_installed_package_is_not_the_checkout_and_carries_its_data(installed, tmp_path):
    probe = (
        "import transposed_conv.models.data as d, transposed_conv.models.training as t; "
        "print(d.__file__); "
        "print(d.load_mnist_sample()[0].shape); "
        "print(sorted(p.name for p in t.SHIPPED.glob('*') if p.suffix in ('.h5', '.npz')))"
    )
    done = subprocess.run(
        [str(installed), "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    module, shape, weights = done.stdout.split("\n")[:3]
    assert module.startswith(str(installed.parent.parent)) and "site-packages" in module
    assert shape == "(10000, 28, 28)"
    expected = ["reading_model.weights.h5", *(f"mnist_{name}.npz" for name in training.COMPARED)]
    expected += [f"patch_{v}.npz" for v in training.PATCH_VARIANTS]
    expected += [f"superres_{v}.npz" for v in superres.VARIANTS]
    assert weights == str(sorted(expected))


def test_start_page_runs_outside_the_checkout(installed, tmp_path):
    notebook = tmp_path / "00_start_here.ipynb"
    notebook.write_bytes((ROOT / "notebooks" / "00_start_here.ipynb").read_bytes())
    env = {
        **os.environ,
        "TRANSPOSED_CONV_QUICK": "1",
        "TRANSPOSED_CONV_OFFLINE": "1",
        "TRANSPOSED_CONV_CACHE": str(tmp_path / "cache"),
        "PATH": f"{installed.parent}:{os.environ['PATH']}",
    }
    subprocess.run(
        [
            str(installed),
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--inplace",
            str(notebook),
        ],
        check=True,
        cwd=tmp_path,
        env=env,
        timeout=600,
        capture_output=True,
    )
    ran = nbformat.read(notebook, as_version=4)
    outputs = [o for c in ran.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs)
    assert "MNIST source: the course's shipped sample" in text
