"""The two rooms stay apart: the library neither imports the course tooling nor asks where it is installed."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import vaelib

PACKAGE = Path(vaelib.__file__).parent
ENTRY_POINT = PACKAGE / "__main__.py"
"""``python -m vaelib``: the program that joins the library's commands and the course's."""
LIBRARY_MODULES = sorted(
    path for path in PACKAGE.rglob("*.py") if "course" not in path.relative_to(PACKAGE).parts and path != ENTRY_POINT
)


def _imported_modules(tree: ast.AST) -> list[str]:
    """Return every module name an ``import`` or ``from ... import`` statement of ``tree`` names (also nested ones)."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return names


@pytest.mark.parametrize("path", LIBRARY_MODULES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_a_library_module_neither_imports_the_course_nor_reads_its_own_location(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    course = [name for name in _imported_modules(tree) if name == "vaelib.course" or name.startswith("vaelib.course.")]
    assert course == [], f"{path.name} imports the course tooling: {course}"
    located = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Name) and node.id == "__file__"]
    assert located == [], f"{path.name} derives a path from where the package lives (line {located})"


def test_the_check_sees_the_library() -> None:
    assert {"config.py", "runs.py", "cli.py", "saving.py"} <= {path.name for path in LIBRARY_MODULES}
    assert not any("course" in path.parts for path in LIBRARY_MODULES)
