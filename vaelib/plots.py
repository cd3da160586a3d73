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
from vaelib.config import figures_output_dir
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
        "epoch": "Epoch",
        "train": "Eğitim",
        "val": "Doğrulama",
        "loss": "Toplam kayıp",
        "recon_loss": "Yeniden oluşturma kaybı (BCE, piksel toplamı)",
        "kl_loss": "KL ıraksaması (gizil boyut toplamı)",
        "supcon_loss": "Denetimli karşıtlık (SupCon) kaybı",
        "beta": "β ısınması (KL ağırlığı)",
        "learning_rate": "Öğrenme oranı",
        "class": "Sınıf",
        "component": "Bileşen",
        "noisy_input": "Gürültülü girdi",
        "vae_output": "VAE çıktısı",
        "clean_target": "Temiz hedef",
        "denoising": "Gürültü giderme: girdi, VAE çıktısı ve hedef",
        "pca_title": "Gizil uzay (z_mean), PCA ile 2 boyut",
        "umap_title": "Gizil uzay (z_mean), UMAP",
        "tsne_title": "Gizil uzay (z_mean), t-SNE",
        "prior_samples": "Önsel dağılımdan üretilen örnekler: z ~ N(0, I)",
        "interpolation": "Gizil uzayda doğrusal interpolasyon",
        "interpolation_pairs": "Gizil uzayda küresel interpolasyon (slerp)",
    },
    "en": {
        "noisy": "Noisy",
        "clean": "Clean",
        "class_examples": "Examples of every class",
        "epoch": "Epoch",
        "train": "Training",
        "val": "Validation",
        "loss": "Total loss",
        "recon_loss": "Reconstruction loss (BCE, summed over pixels)",
        "kl_loss": "KL divergence (summed over latent dimensions)",
        "supcon_loss": "Supervised contrastive (SupCon) loss",
        "beta": "β warm-up (KL weight)",
        "learning_rate": "Learning rate",
        "class": "Class",
        "component": "Component",
        "noisy_input": "Noisy input",
        "vae_output": "VAE output",
        "clean_target": "Clean target",
        "denoising": "Denoising: input, VAE output and target",
        "pca_title": "Latent space (z_mean), PCA to 2-D",
        "umap_title": "Latent space (z_mean), UMAP",
        "tsne_title": "Latent space (z_mean), t-SNE",
        "prior_samples": "Samples decoded from the prior: z ~ N(0, I)",
        "interpolation": "Linear interpolation in latent space",
        "interpolation_pairs": "Spherical interpolation in latent space (slerp)",
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


def history_curve(history: Sequence[dict], key: str, lang: str = "tr") -> Figure:
    """Plot one column of a run's history against the epoch, training and validation together.

    history: rows of ``runs.read_history`` (1-based "epoch" plus loss columns); key: a column
    without the ``val_`` prefix, e.g. "recon_loss". The learning rate is drawn on a log scale.
    """
    epochs = [row["epoch"] for row in history]
    with use_style():
        fig, ax = plt.subplots(figsize=(5.0, 3.2), layout="constrained")
        ax.plot(epochs, [row[key] for row in history], marker="o", markersize=3, label=text("train", lang))
        if f"val_{key}" in history[0]:
            ax.plot(epochs, [row[f"val_{key}"] for row in history], marker="s", markersize=3,
                    label=text("val", lang))
            ax.legend()
        if key == "learning_rate":
            ax.set_yscale("log", base=2)
        ax.set_title(text(key, lang))
        ax.set_xlabel(text("epoch", lang))
        ax.set_xticks(epochs[:: max(1, len(epochs) // 10)])
        ax.grid(alpha=0.3)
    return fig


def line_chart(x: Sequence, series: dict[str, Sequence[float]], title: str, xlabel: str, ylabel: str) -> Figure:
    """Plot named series of y values against shared x values (e.g. PSNR against noise factor).

    x: numbers or category labels; series: {legend label: y values, one per x}.
    """
    with use_style():
        fig, ax = plt.subplots(figsize=(5.0, 3.2), layout="constrained")
        positions = range(len(x)) if isinstance(x[0], str) else x
        for label, values in series.items():
            ax.plot(positions, values, marker="o", markersize=4, label=label)
        if isinstance(x[0], str):
            ax.set_xticks(list(positions), x)
        if len(series) > 1:
            ax.legend()
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.grid(alpha=0.3)
    return fig


def latent_scatter(points: np.ndarray, labels: np.ndarray, title: str, legend: str = "names",
                   lang: str = "tr") -> Figure:
    """Scatter 2-D latent projections coloured by class.

    points: (n, 2); labels: (n,) in 0..9. legend: "names" shows the class names in ``lang``
    beside the plot, "numbers" writes each class number at its cluster's median point.
    """
    if legend not in ("names", "numbers"):
        raise ValueError(f"legend={legend!r} must be 'names' or 'numbers'")
    colours = plt.get_cmap("tab10")
    with use_style():
        fig, ax = plt.subplots(figsize=(6.4 if legend == "names" else 5.0, 5.0), layout="constrained")
        for label, name in enumerate(class_names(lang)):
            chosen = points[labels == label]
            ax.scatter(chosen[:, 0], chosen[:, 1], s=3, alpha=0.5, color=colours(label), label=name,
                       rasterized=True)
            if legend == "numbers" and len(chosen):
                x, y = np.median(chosen, axis=0)
                ax.text(x, y, str(label), fontsize=13, weight="bold", ha="center", va="center",
                        bbox={"boxstyle": "circle", "facecolor": "white", "alpha": 0.8, "edgecolor": colours(label)})
        if legend == "names":
            ax.legend(title=text("class", lang), loc="center left", bbox_to_anchor=(1.0, 0.5),
                      markerscale=4, frameon=False)
        ax.set_title(title)
        ax.set_xlabel(f"{text('component', lang)} 1")
        ax.set_ylabel(f"{text('component', lang)} 2")
    return fig


def figure_texts(fig: Figure) -> list[str]:
    """Return the figure's words: figure title, then per axes its title, axis labels, legend and text labels.

    Tick labels are left out (they are numbers, checked by the pixel comparison).
    """
    texts = [fig.get_suptitle()]
    for ax in fig.axes:
        texts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        legend = ax.get_legend()
        if legend is not None:
            texts += [legend.get_title().get_text(), *(t.get_text() for t in legend.get_texts())]
        texts += [t.get_text() for t in ax.texts]
    return [t for t in texts if t]


def save_figure(fig: Figure, name: str, figures_dir: Path | None = None) -> Path:
    """Save ``fig`` as ``<figures_dir>/<name>.png`` and its words as ``<name>.txt``, atomically; return the PNG path.

    figures_dir: None means ``config.figures_output_dir()`` (figures/, unless VAELIB_FIGURES_DIR
    is set). The PNG is written at DPI dots per inch without the "Software" metadata entry (which
    holds the matplotlib version), so the same figure gives the same bytes. The .txt file lists
    ``figure_texts(fig)``, one per line, so that titles and legends can be checked as text.
    The figure is not closed.
    """
    if not name or Path(name).name != name or name.endswith(".png"):
        raise ValueError(f"name={name!r} must be a plain file name without folder or .png suffix")
    figures_dir = figures_output_dir() if figures_dir is None else Path(figures_dir)
    path = figures_dir / f"{name}.png"
    with atomic_write(path) as tmp:
        fig.savefig(tmp, format="png", dpi=DPI, metadata={"Software": None})
    with atomic_write(path.with_suffix(".txt")) as tmp:
        tmp.write_text("".join(f"{t}\n" for t in figure_texts(fig)), encoding="utf-8")
    return path
