"""Compare freshly drawn report figures with the committed baselines in figures/.

The test suite sets VAELIB_FIGURES_DIR to ``FRESH_FIGURES_DIR`` so that the notebooks, run by
nbval, write their figures there; ``tests/test_figures.py`` then compares each committed
``figures/<name>.png`` with the fresh one (RMS pixel difference, as pytest-mpl does) and each
``<name>.txt`` (the figure's titles, labels and legend) as text.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from matplotlib.testing.compare import compare_images

from vaelib.course.project import BUILD_DIR

FRESH_FIGURES_DIR = BUILD_DIR / "figures"
DIFF_DIR_NAME = "figure-diffs"
"""Folder beside the fresh figures where a failed comparison leaves its copy and diff image, so that
the fresh-figure folder holds only what the notebooks drew."""
RMS_TOLERANCE = 2.0
"""Largest accepted RMS difference of pixel values (0-255 scale) between baseline and fresh PNG."""
ACCEPT_COMMAND = "make report"


def notebook_number(name: str) -> str:
    """Return the number a notebook or figure file name starts with: "07b" for 07b_ae_ve_vae.ipynb or 07b_x.png."""
    return name.split("_", 1)[0]


def figure_difference(baseline: Path, fresh: Path, tolerance: float = RMS_TOLERANCE) -> str | None:
    """Return None if ``fresh`` matches ``baseline`` (same texts, RMS <= tolerance), else what differs."""
    name = baseline.stem
    if not fresh.exists():
        return f"figure {name} was not regenerated (expected {fresh})"
    baseline_texts, fresh_texts = (
        p.with_suffix(".txt").read_text(encoding="utf-8").splitlines() for p in (baseline, fresh)
    )
    if baseline_texts != fresh_texts:
        return f"figure {name}: texts changed from {baseline_texts} to {fresh_texts}"
    compared = fresh.parent.parent / DIFF_DIR_NAME / fresh.name  # compare_images writes its diff beside this
    compared.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(fresh, compared)
    result = compare_images(str(baseline), str(compared), tol=tolerance, in_decorator=True)
    if result is not None:
        return f"figure {name}: pixels changed, RMS {result['rms']:.2f} > {tolerance} (diff image: {result['diff']})"
    return None
