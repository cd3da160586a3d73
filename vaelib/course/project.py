"""This repository's folders: committed runs, figures, notebooks and build outputs.

The library takes every folder as an argument and never asks where it is installed; the course
tooling runs in a checkout of this repository and is the one place that knows its layout. The
notebooks read their runs and write their figures through the names here.
"""

from __future__ import annotations

import os
from pathlib import Path

from matplotlib.figure import Figure

from vaelib import plots
from vaelib.errors import VaelibError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
"""The checkout this module lies in (``vaelib/course/project.py`` is two folders below it)."""
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
FIGURES_DIR = PROJECT_ROOT / "figures"
BUILD_DIR = PROJECT_ROOT / "build"
"""Everything the course commands generate (handouts, working copies, the site); ignored by git."""
RUNS_DIR = PROJECT_ROOT / "runs"
REFERENCE_RUN_DIR = RUNS_DIR / "reference"
"""The committed run every notebook renders from."""
CLASSIFIER_DIR = RUNS_DIR / "classifier"
"""The committed classifier that scores generated images (notebook 07b)."""

FIGURES_DIR_ENV = "VAELIB_FIGURES_DIR"
"""Set to write the notebooks' figures elsewhere than figures/ (the test suite does, to compare them
against figures/)."""


def require_checkout() -> Path:
    """Return ``PROJECT_ROOT``; raise VaelibError if this is an installed copy, not a checkout."""
    if not NOTEBOOKS_DIR.is_dir():
        raise VaelibError(
            f"this command works in a checkout of the course repository, and {PROJECT_ROOT} "
            "is not one (vaelib was installed as a package): run it from a `git clone`"
        )
    return PROJECT_ROOT


def figures_dir() -> Path:
    """Return where the notebooks' figures go: ``$VAELIB_FIGURES_DIR`` if set, else the committed figures/."""
    value = os.environ.get(FIGURES_DIR_ENV)
    return Path(value) if value else FIGURES_DIR


def save_figure(fig: Figure, name: str) -> Path:
    """Save a notebook's figure as ``<figures_dir()>/<name>.png`` with its texts (``plots.save_figure``)."""
    return plots.save_figure(fig, name, figures_dir())
