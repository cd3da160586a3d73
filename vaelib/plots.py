"""Figures in one style, with their texts in Turkish (default) or English.

Every function returns a matplotlib Figure and closes nothing: in a notebook
the figure is shown at the end of the cell; in scripts close it yourself
(``plt.close(fig)``) after ``save_figure``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from vaelib.classes import class_names
from vaelib.config import FIGURES_DIR
from vaelib.data import first_indices_per_class
from vaelib.fileio import atomic_write

DPI = 100
"""Dots per inch of figures on screen and in saved PNGs."""
CELL_INCHES = 1.0
"""Width and height of one image in a grid, in inches."""
ROW_TITLE_INCHES = 1.4
"""Extra width on the left of ``image_rows`` figures for the row titles."""
SUPTITLE_INCHES = 0.4
"""Extra height for a figure title."""

STYLE: dict[str, object] = {
    "font.family": "DejaVu Sans",  # has every Turkish glyph (ş ğ ı İ ç ö ü)
    "font.size": 10,
    "axes.titlesize": 9,
    "axes.labelsize": 10,
    "figure.titlesize": 12,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "image.cmap": "gray",
    "image.interpolation": "nearest",
}
"""The rcParams every vaelib figure is drawn with."""

LABELS: dict[str, dict[str, str]] = {
    "tr": {
        "noisy": "Gürültülü",
        "clean": "Temiz",
        "class_examples": "Her sınıftan örnekler",
    },
    "en": {
        "noisy": "Noisy",
        "clean": "Clean",
        "class_examples": "Examples of every class",
    },
}
"""Texts that appear in figures, by language and key."""


def text(key: str, lang: str = "tr") -> str:
    """Return the figure text ``key`` in ``lang`` ("tr" or "en") from LABELS."""
    if lang not in LABELS:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(map(repr, LABELS))}")
    if key not in LABELS[lang]:
        raise KeyError(f"no figure text {key!r}; known: {', '.join(LABELS[lang])}")
    return LABELS[lang][key]


def use_style() -> contextlib.AbstractContextManager[None]:
    """Return a context manager that applies STYLE to the figures created inside it."""
    return mpl.rc_context(STYLE)


def _show_image(ax: Axes, image: np.ndarray) -> None:
    """Draw one (28, 28) or (28, 28, 1) image in [0, 1] without ticks or frame."""
    ax.imshow(np.squeeze(image, axis=-1) if image.ndim == 3 else image, vmin=0.0, vmax=1.0)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def image_grid(
    images: np.ndarray,
    nrows: int,
    ncols: int,
    titles: Sequence[str] | None = None,
    suptitle: str | None = None,
) -> Figure:
    """Plot up to nrows·ncols images row by row, each with an optional title.

    images: (n, 28, 28) or (n, 28, 28, 1) in [0, 1], n <= nrows·ncols; unused cells stay empty.
    """
    if len(images) > nrows * ncols:
        raise ValueError(f"{len(images)} images do not fit in a {nrows}x{ncols} grid")
    if titles is not None and len(titles) != len(images):
        raise ValueError(f"{len(titles)} titles for {len(images)} images")
    height = nrows * CELL_INCHES + (SUPTITLE_INCHES if suptitle else 0.0)
    with use_style():
        fig, axes = plt.subplots(
            nrows, ncols, figsize=(ncols * CELL_INCHES, height), squeeze=False, layout="constrained"
        )
        for i, ax in enumerate(axes.flat):
            if i < len(images):
                _show_image(ax, images[i])
                if titles is not None:
                    ax.set_title(titles[i])
            else:
                ax.set_axis_off()
        if suptitle:
            fig.suptitle(suptitle)
    return fig


def image_rows(rows: Sequence[np.ndarray], row_titles: Sequence[str], suptitle: str | None = None) -> Figure:
    """Plot each array of images as one row, titled on the left (e.g. noisy over clean).

    rows: arrays of shape (k, 28, 28) or (k, 28, 28, 1) in [0, 1]; rows may differ in k.
    """
    if len(rows) != len(row_titles):
        raise ValueError(f"{len(row_titles)} row titles for {len(rows)} rows")
    ncols = max(len(row) for row in rows)
    width = ROW_TITLE_INCHES + ncols * CELL_INCHES
    height = len(rows) * CELL_INCHES + (SUPTITLE_INCHES if suptitle else 0.0)
    with use_style():
        fig, axes = plt.subplots(
            len(rows), ncols, figsize=(width, height), squeeze=False, layout="constrained"
        )
        for row, title, row_axes in zip(rows, row_titles, axes):
            row_axes[0].set_ylabel(title, rotation=0, ha="right", va="center")
            for i, ax in enumerate(row_axes):
                if i < len(row):
                    _show_image(ax, row[i])
                else:
                    ax.set_axis_off()
        if suptitle:
            fig.suptitle(suptitle)
    return fig


def class_examples(x: np.ndarray, y: np.ndarray, per_class: int, lang: str = "tr") -> Figure:
    """Plot the first ``per_class`` images of every class, one row per class named in ``lang``.

    x: (n, 28, 28, 1) in [0, 1]; y: (n,) labels in 0..9.
    """
    indices = first_indices_per_class(y, per_class)
    return image_rows([x[row] for row in indices], class_names(lang), suptitle=text("class_examples", lang))


def save_figure(fig: Figure, name: str, figures_dir: Path = FIGURES_DIR) -> Path:
    """Save ``fig`` as ``<figures_dir>/<name>.png`` atomically and return that path.

    The PNG is written to a temporary file in the same folder and renamed into place,
    at DPI dots per inch, without the "Software" metadata entry (which holds the
    matplotlib version), so the same figure gives the same bytes. The figure is
    not closed.
    """
    if not name or Path(name).name != name or name.endswith(".png"):
        raise ValueError(f"name={name!r} must be a plain file name without folder or .png suffix")
    path = figures_dir / f"{name}.png"
    with atomic_write(path) as tmp:
        fig.savefig(tmp, format="png", dpi=DPI, metadata={"Software": None})
    return path
