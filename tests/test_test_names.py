"""Test modules have unique file names: pytest's default import mode imports each test file by
its base name (the folders have no __init__.py), so two files of one name in different folders
stop the whole run at collection (CI failed so once)."""

from collections import Counter
from pathlib import Path

TESTS = Path(__file__).parent


def test_every_test_module_name_is_unique():
    files = [p for p in TESTS.rglob("*.py") if p.name != "conftest.py"]  # pytest's own rule
    names = Counter(path.name for path in files if "__pycache__" not in path.parts)
    assert [name for name, count in names.items() if count > 1] == []
