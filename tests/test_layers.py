"""The package's layers as folders: what each may import, and how big a module may grow.

core/ is NumPy only; no module reaches into another's private names (what two modules
share is public one layer down); modules stay readable; the build tools live in tools/.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "transposed_conv"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 400


def test_core_imports_nothing_heavier_than_numpy():
    code = (
        "import sys\n"
        "import transposed_conv.core\n"
        "from transposed_conv.core import arguments, arrays, decoder, layouts, ops, porting\n"
        "from transposed_conv.core import shapes, subpixel, views\n"
        "print(sorted(m for m in ('tensorflow', 'keras', 'matplotlib') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_layers_are_folders_and_the_tools_are_not_installed():
    assert {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()} == {
        "core",
        "viz",
        "models",
        "checks",
    }
    assert not (PACKAGE / "student.py").exists() and not list(PACKAGE.rglob("make_weights*"))
    assert (PACKAGE.parents[1] / "tools" / "student.py").is_file()


def _imported_modules(tree):
    """Names bound to modules of the package in ``tree`` (``from ..core import ops`` -> ops)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (
            node.level or "transposed_conv" in (node.module or "")
        ):
            names.update(alias.asname or alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_uses_another_modules_private_names(path):
    tree = ast.parse(path.read_text())
    modules = _imported_modules(tree)
    private = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module != "__future__":
            private += [a.name for a in node.names if a.name.startswith("_")]
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            private.append(f"{node.value.id}.{node.attr}")
    assert not private, f"{path.name} uses private names of other modules: {private}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_under_four_hundred_lines(path):
    assert len(path.read_text().splitlines()) <= MAX_LINES


def test_one_fit_loop_every_keras_fit_goes_through_fitting():
    # the families' recipe functions (training.fit, superres.fit, train_patch_autoencoder)
    # prepare their data and call fitting.fit_timed; only it calls Keras' Model.fit
    callers = set()
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                receiver = getattr(node.func.value, "id", "")  # a module's fit is a recipe
                if node.func.attr == "fit" and receiver not in {"training", "superres"}:
                    callers.add(path.relative_to(PACKAGE).as_posix())
    assert callers == {"models/fitting.py"}
