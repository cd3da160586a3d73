"""The classroom's two copies of the notebooks: handouts without solutions, and working copies to present live.

The committed notebooks are the teacher's version: every exercise is followed by its worked
solution, in cells tagged ``SOLUTION_TAG`` that nbval executes like any other cell.

- ``write_student_notebooks`` writes the handouts: the same notebooks without the solution cells
  and without outputs (students run them), plus the glossary they link to.
- ``present`` copies notebooks into ``PRESENT_DIR`` (under ``build/``, which git ignores) and opens
  JupyterLab there with the RISE slideshow of the first one: cells run live during the talk, and
  whatever they change stays in the copy, so the tracked ``.ipynb`` files (whose outputs nbval
  compares) are never touched.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ClearOutputPreprocessor, TagRemovePreprocessor

from vaelib.course.notebooks import notebook_paths
from vaelib.course.project import BUILD_DIR, NOTEBOOKS_DIR
from vaelib.fileio import write_text

SOLUTION_TAG = "solution"
"""The tag of every cell of a worked solution (its heading, code and reading)."""
GLOSSARY = "sozluk.md"
"""The glossary every notebook links to; it travels with every copy of the notebooks."""
NUMBERED_NOTEBOOK = "[0-9][0-9]*_*.ipynb"
STUDENT_DIR = BUILD_DIR / "student"
PRESENT_DIR = BUILD_DIR / "present"
HANDOUT_PREPROCESSORS = (
    TagRemovePreprocessor(remove_cell_tags={SOLUTION_TAG}, enabled=True),
    ClearOutputPreprocessor(enabled=True),
)
"""What turns a teacher's notebook into a handout: solution cells out, every output and count cleared."""


def numbered_notebooks(notebooks_dir: Path = NOTEBOOKS_DIR) -> list[Path]:
    """Return the course's numbered notebooks (``NN_name.ipynb``) in name order."""
    return sorted(Path(notebooks_dir).glob(NUMBERED_NOTEBOOK))


def student_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return a handout copy of a notebook: no ``SOLUTION_TAG`` cells, no outputs."""
    handout = nbformat.from_dict(notebook)
    for step in HANDOUT_PREPROCESSORS:
        handout, _ = step.preprocess(handout, {})
    return handout


def write_student_notebooks(out_dir: Path = STUDENT_DIR, notebooks_dir: Path = NOTEBOOKS_DIR) -> list[Path]:
    """Write the handout of every numbered notebook, and the glossary, into ``out_dir``; return the notebooks."""
    out_dir = Path(out_dir)
    written = []
    for path in numbered_notebooks(notebooks_dir):
        handout = student_notebook(nbformat.read(path, as_version=4))
        written.append(write_text(out_dir / path.name, nbformat.writes(handout) + "\n"))
    shutil.copyfile(Path(notebooks_dir) / GLOSSARY, out_dir / GLOSSARY)
    return written


def working_copies(
    names: Sequence[str], out_dir: Path = PRESENT_DIR, notebooks_dir: Path = NOTEBOOKS_DIR
) -> list[Path]:
    """Copy the named notebooks (all numbered ones if none) and the glossary into ``out_dir``; return the copies.

    An existing copy is replaced: each talk starts from the committed notebook.
    """
    sources = notebook_paths(list(names), notebooks_dir) if names else numbered_notebooks(notebooks_dir)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for source in [*sources, Path(notebooks_dir) / GLOSSARY]:
        shutil.copyfile(source, out_dir / source.name)
    return [out_dir / source.name for source in sources]


def lab_command(first: Path, root: Path) -> list[str]:
    """Return the command that opens JupyterLab on ``root`` with the RISE slideshow of ``first``.

    jupyterlab-rise serves a notebook as a live slideshow at ``rise/<path>``.
    """
    return [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.default_url=/rise/{first.relative_to(root).as_posix()}",
    ]


def present(names: Sequence[str], out_dir: Path = PRESENT_DIR) -> int:
    """Make working copies of the notebooks and open the first as a live RISE slideshow; return lab's exit code."""
    copies = working_copies(names, out_dir)
    print(
        f"[present] working copies in {out_dir} (the notebooks in git stay untouched); "
        "press Ctrl+C here to stop JupyterLab",
        flush=True,
    )
    return subprocess.call(lab_command(copies[0], Path(out_dir)))
