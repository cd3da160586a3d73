"""Figures made of images: grids, titled rows, class examples, decoded latent planes and traversals."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from vaelib.classes import class_names
from vaelib.data import first_indices_per_class
from vaelib.plots.labels import latent_name, text
from vaelib.plots.style import CELL_INCHES, ROW_TITLE_INCHES, SLIDE_HEIGHT_INCHES, SUPTITLE_INCHES, use_style


def _show_image(ax: Axes, image: np.ndarray) -> None:
    """Draw one (28, 28) or (28, 28, 1) image in [0, 1] without ticks or frame."""
    ax.imshow(np.squeeze(image, axis=-1) if image.ndim == 3 else image, vmin=0.0, vmax=1.0)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def _cell_inches(nrows: int, suptitle: str | None) -> float:
    """Return the side of one image: CELL_INCHES, or less so that nrows fit in SLIDE_HEIGHT_INCHES."""
    title = SUPTITLE_INCHES if suptitle else 0.0
    return min(CELL_INCHES, (SLIDE_HEIGHT_INCHES - title) / nrows)


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
    cell = _cell_inches(nrows, suptitle)
    height = nrows * cell + (SUPTITLE_INCHES if suptitle else 0.0)
    with use_style():
        fig, axes = plt.subplots(nrows, ncols, figsize=(ncols * cell, height), squeeze=False, layout="constrained")
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
    cell = _cell_inches(len(rows), suptitle)
    width = ROW_TITLE_INCHES + ncols * cell
    height = len(rows) * cell + (SUPTITLE_INCHES if suptitle else 0.0)
    with use_style():
        fig, axes = plt.subplots(len(rows), ncols, figsize=(width, height), squeeze=False, layout="constrained")
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


def _tick_indices(n: int, n_ticks: int) -> np.ndarray:
    """Return up to n_ticks evenly spread indices in 0..n-1, both ends included."""
    return np.unique(np.linspace(0, n - 1, min(n, n_ticks)).round().astype(int))


def plane_grid(
    images: np.ndarray,
    values_x: Sequence[float],
    values_y: Sequence[float],
    title: str,
    n_ticks: int = 5,
    lang: str = "tr",
) -> Figure:
    """Show a decoded 2-D latent plane as one image, with z values at a few cells as tick labels.

    images: (ny, nx, 28, 28, 1) from ``generation.decode_plane(decoder, values_x, values_y)``:
    row r shows y = values_y[-1 - r], so the top row holds the largest y when values_y ascends.
    """
    ny, nx = images.shape[:2]
    mosaic = images[..., 0].transpose(0, 2, 1, 3).reshape(ny * 28, nx * 28)
    columns, rows = _tick_indices(nx, n_ticks), _tick_indices(ny, n_ticks)
    with use_style():
        fig, ax = plt.subplots(figsize=(SLIDE_HEIGHT_INCHES * 1.05, SLIDE_HEIGHT_INCHES), layout="constrained")
        ax.imshow(mosaic, vmin=0.0, vmax=1.0, interpolation="antialiased")
        ax.grid(False)
        ax.set_xticks(28 * columns + 13.5, [f"{values_x[c]:.2f}" for c in columns])
        ax.set_yticks(28 * rows + 13.5, [f"{values_y[ny - 1 - r]:.2f}" for r in rows])
        ax.set_xlabel(text("latent_x", lang))
        ax.set_ylabel(text("latent_y", lang))
        ax.set_title(title)
    return fig


def traversal_grid(
    images: np.ndarray, dims: Sequence[int], values: Sequence[float], kl_per_dim: np.ndarray, lang: str = "tr"
) -> Figure:
    """Show a latent traversal: one row per swept dimension, labelled with its name and mean KL.

    images: (len(dims), len(values), 28, 28, 1) from ``generation.latent_traversal``; dims: 0-based
    indices, shown 1-based (``latent_name``); kl_per_dim: (latent_dim,) nats from
    ``latent.kl_per_dimension``. The swept values head the columns.
    """
    row_titles = [text("traversal_row", lang).format(z=latent_name(d), kl=kl_per_dim[d]) for d in dims]
    fig = image_rows(list(images), row_titles, suptitle=text("traversal", lang))
    with use_style():
        for ax, value in zip(fig.axes, values):
            ax.set_title(f"{value:+.1f}")
    return fig
