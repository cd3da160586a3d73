"""Every notebook's jupytext source (.py) and its executed .ipynb hold the same cells."""

from __future__ import annotations

import jupytext
import nbformat
import pytest

from vaelib.course.project import NOTEBOOKS_DIR

SOURCES = sorted(NOTEBOOKS_DIR.glob("*.py"))


def cells(notebook) -> list[tuple[str, str, dict]]:
    """Return (type, source, slide/tag metadata) per cell: what pairing must keep equal."""
    kept = ("slideshow", "tags")
    return [
        (c.cell_type, c.source.strip(), {k: c.metadata[k] for k in kept if k in c.metadata}) for c in notebook.cells
    ]


def test_every_source_has_a_paired_notebook_and_back():
    assert {p.stem for p in SOURCES} == {p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb")}, (
        "every notebooks/*.py needs its .ipynb and vice versa: run `make sync`"
    )


@pytest.mark.parametrize("source", SOURCES, ids=[p.stem for p in SOURCES])
def test_py_and_ipynb_agree(source):
    text_cells = cells(jupytext.read(source))
    executed_cells = cells(nbformat.read(source.with_suffix(".ipynb"), as_version=4))
    for i, (from_py, from_ipynb) in enumerate(zip(text_cells, executed_cells), start=1):
        assert from_py == from_ipynb, (
            f"notebooks/{source.stem}: cell {i} differs between .py and .ipynb; run `make sync` "
            "(jupytext --sync: the more recently edited file wins), then `make report` to refresh outputs"
        )
    assert len(text_cells) == len(executed_cells), (
        f"notebooks/{source.stem}: {len(text_cells)} cells in .py, {len(executed_cells)} in .ipynb; run `make sync`"
    )
