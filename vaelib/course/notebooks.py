"""Build the report: pair the notebooks' .py sources with .ipynb files and execute them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import nbformat
from jupytext.cli import jupytext
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert.preprocessors import (
    CoalesceStreamsPreprocessor,
    ExecutePreprocessor,
    Preprocessor,
    TagRemovePreprocessor,
)
from nbformat import NotebookNode
from traitlets.config import Config as TraitletsConfig

from vaelib.course.project import NOTEBOOKS_DIR
from vaelib.errors import VaelibError
from vaelib.fileio import write_text

KERNEL_NAME = "python3"
CELL_TIMEOUT_S = 1800
"""Longest a single cell may run before execution is aborted, in seconds."""
KERNEL_CONFIG = TraitletsConfig({"KernelManager": {"transport_encryption": "auto"}})
"""Encrypt the kernel's ZeroMQ connection (CurveZMQ) when pyzmq and the kernelspec support it (ipykernel's
does); an unencrypted kernel prints "Kernel is running over TCP without encryption..." for every notebook."""


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE_KEY = "widgets"
"""Notebook metadata key of the saved widget state (the lab template loads a CDN renderer when present)."""


class StaticWidgetPictures(Preprocessor):
    """Show the static picture of an ipywidgets output instead of the live widget.

    An explorer's output holds the widget view, a PNG of its first state and a text line. A static
    page has no kernel, so the view would be a broken widget (and pull the renderer from a CDN):
    this drops the widget-view mimetype from every display_data and execute_result output, drops an
    output left with nothing to show, and removes the notebook's saved widget state.
    """

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        """Remove the notebook-level widget state, then clean every cell."""
        nb.metadata.pop(WIDGET_STATE_KEY, None)
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell: NotebookNode, resources: dict, index: int) -> tuple[NotebookNode, dict]:
        """Drop widget views from a code cell's outputs."""
        if cell.cell_type == "code":
            cell.outputs = [output for output in cell.outputs if _drop_widget_view(output)]
        return cell, resources


def _drop_widget_view(output: NotebookNode) -> bool:
    """Remove the widget view from a rich output in place; return False when nothing is left to show."""
    if output.get("output_type") not in ("display_data", "execute_result"):
        return True
    output.data.pop(WIDGET_VIEW, None)
    return bool(output.data)


MACHINE_DEPENDENT_TAG = "nbval-ignore-output"
"""The tag of cells whose output depends on the machine (a live training's losses, round-off sizes)."""
STORAGE_PREPROCESSORS = (
    TagRemovePreprocessor(remove_all_outputs_tags={MACHINE_DEPENDENT_TAG}, enabled=True),
    CoalesceStreamsPreprocessor(enabled=True),
    StaticWidgetPictures(enabled=True),
)
"""What happens to an executed notebook before it is stored, so that the stored file is the same bytes on
every machine: outputs of ``MACHINE_DEPENDENT_TAG`` cells are dropped (nbval ignores them anyway; a reader
sees them when running the cell), stdout written in several bursts becomes one output, and explorers keep
their first state's picture and text line but not the live widget's view and state, whose model ids are
random (a reader gets the live widget by running the cell)."""


class ReportError(VaelibError):
    """A notebook could not be synced or executed."""


def sync_notebooks(notebooks_dir: Path = NOTEBOOKS_DIR) -> list[Path]:
    """Run ``jupytext --sync`` on every ``*.py`` notebook; return the .py paths.

    The pairing (``ipynb,py:percent``) comes from jupytext.toml; for each pair the
    more recently modified file wins and outputs stored in the .ipynb are kept.
    """
    sources = sorted(notebooks_dir.glob("*.py"))
    if sources and jupytext(["--sync", *map(str, sources)]) != 0:
        raise ReportError(f"jupytext --sync failed in {notebooks_dir}; see the messages above")
    return sources


def notebook_paths(names: Sequence[str] | None = None, notebooks_dir: Path = NOTEBOOKS_DIR) -> list[Path]:
    """Return the .ipynb paths to execute: all, sorted by name, or the given ones in order.

    names: notebook names with or without suffix ("01_veri", "01_veri.ipynb", "01_veri.py").
    """
    if names is None:
        return sorted(notebooks_dir.glob("*.ipynb"))
    paths = [notebooks_dir / Path(name).with_suffix(".ipynb").name for name in names]
    missing = [path.name for path in paths if not path.is_file()]
    if missing:
        known = ", ".join(path.stem for path in sorted(notebooks_dir.glob("*.ipynb"))) or "none"
        raise ReportError(f"no notebook {', '.join(missing)} in {notebooks_dir} (known: {known})")
    return paths


def execute_notebooks(names: Sequence[str] | None = None, notebooks_dir: Path = NOTEBOOKS_DIR) -> list[Path]:
    """Execute notebooks in order, storing their outputs in place; return their paths.

    Each runs in a fresh ``python3`` kernel (this interpreter) whose working folder is ``notebooks_dir``,
    with at most CELL_TIMEOUT_S seconds per cell. A notebook is rewritten atomically
    and only when every cell succeeded; the first failure raises ReportError and
    stops. Prints one progress line per notebook.
    """
    paths = notebook_paths(names, notebooks_dir)
    for path in paths:
        print(f"[report] executing {path.name}", flush=True)
        _execute(path, notebooks_dir)
    return paths


def _execute(path: Path, working_dir: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    # record_timing=False: no per-cell timestamps in the metadata, so re-running gives a quiet diff
    executor = ExecutePreprocessor(
        timeout=CELL_TIMEOUT_S, kernel_name=KERNEL_NAME, record_timing=False, config=KERNEL_CONFIG
    )
    try:
        executor.preprocess(notebook, {"metadata": {"path": str(working_dir)}})
    except CellExecutionError as exc:
        first_line = (exc.evalue or "").strip().splitlines()[:1]
        raise ReportError(
            f"{path.name}: a cell raised {exc.ename}: {' '.join(first_line)} "
            "(the notebook was not rewritten; run it in Jupyter to see the traceback)"
        ) from None
    except (CellTimeoutError, DeadKernelError) as exc:
        raise ReportError(f"{path.name}: {type(exc).__name__}: {str(exc).strip().splitlines()[0]}") from None
    for step in STORAGE_PREPROCESSORS:
        notebook, _ = step.preprocess(notebook, {})
    write_text(path, nbformat.writes(notebook) + "\n")  # the final newline nbformat.write adds


def build_report(names: Sequence[str] | None = None, notebooks_dir: Path = NOTEBOOKS_DIR) -> list[Path]:
    """Sync the notebooks' .py and .ipynb files, then execute the notebooks; return the executed paths."""
    sync_notebooks(notebooks_dir)
    return execute_notebooks(names, notebooks_dir)
