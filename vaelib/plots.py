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
import pandas as pd
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
SLIDE_HEIGHT_INCHES = 4.5
"""Tallest image grid, title included: at DPI it is 450 of the 720 pixels of a slide (vaelib.slides),
leaving room for a heading, a line of text and a short code cell. Taller grids get smaller cells."""

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
        "latent_x": "z₁",
        "latent_y": "z₂",
        "latent_panels": "İki boyutlu gizil uzay (z_mean), test görüntüleri",
        "rate_distortion": "Hız–bozulma: KL (hız) ile yeniden oluşturma kalitesi",
        "rate_axis": "KL (hız), nat / görüntü",
        "psnr_axis": "PSNR (dB)",
        "traversal": "Gizil boyut gezintisi: bir boyut değişir, diğerleri sabit",
        "traversal_row": "{z} (KL {kl:.2f} nat)",
        "class_histogram": "Üretilen örneklerin sınıfları (sınıflandırıcıya göre)",
        "sample_count": "Örnek sayısı",
        "model": "Model",
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
        "latent_x": "z₁",
        "latent_y": "z₂",
        "latent_panels": "Two-dimensional latent space (z_mean), test images",
        "rate_distortion": "Rate–distortion: KL (rate) against reconstruction quality",
        "rate_axis": "KL (rate), nats per image",
        "psnr_axis": "PSNR (dB)",
        "traversal": "Latent traversal: one dimension varies, the others stay fixed",
        "traversal_row": "{z} (KL {kl:.2f} nats)",
        "class_histogram": "Classes of the generated samples (by the classifier)",
        "sample_count": "Number of samples",
        "model": "Model",
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
        fig, axes = plt.subplots(
            nrows, ncols, figsize=(ncols * cell, height), squeeze=False, layout="constrained"
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
    cell = _cell_inches(len(rows), suptitle)
    width = ROW_TITLE_INCHES + ncols * cell
    height = len(rows) * cell + (SUPTITLE_INCHES if suptitle else 0.0)
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


PANEL_INCHES = 2.75
"""Width of one scatter panel of ``latent_panels`` (height: at most this)."""
LEGEND_INCHES = 1.6
"""Extra width on the right of ``latent_panels`` for the shared class legend."""
PANELS_PER_ROW = 4
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def latent_name(dim: int) -> str:
    """Return the figure name of latent dimension ``dim`` (0-based index): "z₁" for 0, "z₁₆" for 15."""
    return "z" + str(dim + 1).translate(_SUBSCRIPT)


def _scatter_by_class(ax: Axes, points: np.ndarray, labels: np.ndarray, lang: str) -> None:
    """Scatter points (n, 2) on ax, one tab10 colour and legend label per class."""
    colours = plt.get_cmap("tab10")
    for label, name in enumerate(class_names(lang)):
        chosen = points[labels == label]
        ax.scatter(chosen[:, 0], chosen[:, 1], s=2, alpha=0.5, color=colours(label), label=name, rasterized=True)


def latent_panels(points_by_model: dict[str, np.ndarray], labels: np.ndarray, titles: Sequence[str] | None = None,
                  share_axes: bool = True, axis_labels: tuple[str, str] | None = None, suptitle: str | None = None,
                  lang: str = "tr") -> Figure:
    """Scatter the 2-D latents of several models side by side, coloured by class, with one shared legend.

    points_by_model: {model: (n, 2) points of the same n images}; labels: (n,) in 0..9; titles: one
    per panel (default: the keys). share_axes: every panel gets the same x and y limits.
    axis_labels: (x, y) axis names; None means z₁ and z₂ (a 2-D latent itself, not a projection).
    suptitle: None means the "latent_panels" text (2-D latents of test images).
    Up to PANELS_PER_ROW panels per row; at most two rows fit a slide.
    """
    x_label, y_label = axis_labels or (text("latent_x", lang), text("latent_y", lang))
    titles = list(points_by_model) if titles is None else list(titles)
    ncols = min(len(titles), PANELS_PER_ROW)
    nrows = -(-len(titles) // ncols)
    height = min(PANEL_INCHES, (SLIDE_HEIGHT_INCHES - SUPTITLE_INCHES) / nrows)
    with use_style():
        fig, axes = plt.subplots(nrows, ncols, figsize=(ncols * PANEL_INCHES + LEGEND_INCHES,
                                 nrows * height + SUPTITLE_INCHES), squeeze=False, sharex=share_axes,
                                 sharey=share_axes, layout="constrained")
        for ax, points, title in zip(axes.flat, points_by_model.values(), titles):
            _scatter_by_class(ax, np.asarray(points), labels, lang)
            ax.set_title(title)
        for i, ax in enumerate(axes.flat):
            if i >= len(titles):
                ax.set_axis_off()
            elif i + ncols >= len(titles):  # no panel below: show this one's x axis
                ax.set_xlabel(x_label)
                ax.tick_params(labelbottom=True)
        for ax in axes[:, 0]:
            ax.set_ylabel(y_label)
        fig.legend(*axes.flat[0].get_legend_handles_labels(), title=text("class", lang), loc="outside right center",
                   markerscale=5, frameon=False)
        fig.suptitle(suptitle or text("latent_panels", lang))
    return fig


def _tick_indices(n: int, n_ticks: int) -> np.ndarray:
    """Return up to n_ticks evenly spread indices in 0..n-1, both ends included."""
    return np.unique(np.linspace(0, n - 1, min(n, n_ticks)).round().astype(int))


def plane_grid(images: np.ndarray, values_x: Sequence[float], values_y: Sequence[float], title: str,
               n_ticks: int = 5, lang: str = "tr") -> Figure:
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
        ax.set_xticks(28 * columns + 13.5, [f"{values_x[c]:.2f}" for c in columns])
        ax.set_yticks(28 * rows + 13.5, [f"{values_y[ny - 1 - r]:.2f}" for r in rows])
        ax.set_xlabel(text("latent_x", lang))
        ax.set_ylabel(text("latent_y", lang))
        ax.set_title(title)
    return fig


def rate_distortion(table: pd.DataFrame, kl: str = "kl_loss", psnr: str = "psnr", beta: str = "beta", group: str | None = None,
                    lang: str = "tr") -> Figure:
    """Plot reconstruction PSNR (dB, y) against KL (nats per image, x), each point labelled with its β.

    table: a pandas DataFrame with the columns named by kl, psnr and beta, one row per model; rows
    without a KL or PSNR (e.g. a plain autoencoder) are left out. group: an optional column (e.g.
    the latent size); each group's points are joined in β order and named in a legend.
    """
    table = table.dropna(subset=[kl, psnr])
    groups = table.groupby(group, sort=False) if group else [(None, table)]
    with use_style():
        fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
        for name, rows in groups:
            rows = rows.sort_values(beta)
            ax.plot(rows[kl], rows[psnr], marker="o", markersize=5, label=None if name is None else str(name))
            for x, y, value in zip(rows[kl], rows[psnr], rows[beta]):
                ax.annotate(f"β = {value:g}", (x, y), textcoords="offset points", xytext=(5, 4), fontsize=8)
        if group:
            ax.legend()
        ax.margins(x=0.1, y=0.08)  # room for the β labels of the outermost points
        ax.set_title(text("rate_distortion", lang))
        ax.set_xlabel(text("rate_axis", lang))
        ax.set_ylabel(text("psnr_axis", lang))
        ax.grid(alpha=0.3)
    return fig


def traversal_grid(images: np.ndarray, dims: Sequence[int], values: Sequence[float], kl_per_dim: np.ndarray,
                   lang: str = "tr") -> Figure:
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


def class_histograms(histograms: dict[str, np.ndarray], lang: str = "tr") -> Figure:
    """Draw grouped bars: per class (named in lang), the number of samples of each model assigned to it.

    histograms: {model: (10,) counts}, e.g. ``classifier.generation_scores(...)["class_histogram"]``.
    """
    counts = pd.DataFrame({name: np.asarray(h) for name, h in histograms.items()}, index=list(class_names(lang)))
    with use_style():
        fig, ax = plt.subplots(figsize=(9.0, 4.0), layout="constrained")
        counts.plot.bar(ax=ax, width=0.8, rot=30)
        plt.setp(ax.get_xticklabels(), ha="right", rotation_mode="anchor")
        ax.legend(title=text("model", lang), loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        ax.set_title(text("class_histogram", lang))
        ax.set_xlabel(text("class", lang))
        ax.set_ylabel(text("sample_count", lang))
        ax.grid(axis="y", alpha=0.3)
    return fig


def figure_texts(fig: Figure) -> list[str]:
    """Return the figure's words: figure title, then per axes its title, axis labels, legend and text labels,
    then the figure-level legends.

    Tick labels are left out (they are numbers, checked by the pixel comparison).
    """
    texts = [fig.get_suptitle()]
    for ax in fig.axes:
        texts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        legend = ax.get_legend()
        if legend is not None:
            texts += [legend.get_title().get_text(), *(t.get_text() for t in legend.get_texts())]
        texts += [t.get_text() for t in ax.texts]
    for legend in fig.legends:  # a legend shared by several axes (``latent_panels``)
        texts += [legend.get_title().get_text(), *(t.get_text() for t in legend.get_texts())]
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
