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
import seaborn as sns
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
"""Tallest image grid, title included: at DPI it is 450 of the 720 pixels of a slide (vaelib.course.slides),
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
"""The rcParams every vaelib figure is drawn with, on top of seaborn's "whitegrid" style."""

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
        "vae_series": "VAE",
        "noisy_series": "gürültülü girdi",
        "knn_series": "kNN(5)",
        "linear_probe_series": "doğrusal sonda",
        "ssim_series": "SSIM",
        "latent_dim_chart": "PSNR ve gizil boyut",
        "latent_dim_axis": "gizil boyut",
        "noise_chart": "PSNR ve gürültü katsayısı",
        "noise_axis": "gürültü katsayısı",
        "supcon_chart": "Sınıf yapısı ve SupCon ağırlığı",
        "gamma_axis": "γ",
        "accuracy_axis": "test doğruluğu",
        "beta_schedule_chart": "PSNR ve β programı",
        "beta_schedule_axis": "β programı",
        "ssim_term_chart": "SSIM ve SSIM teriminin ağırlığı",
        "ssim_weight_axis": "SSIM ağırlığı",
        "ssim_axis": "test SSIM",
        "robustness_chart": "Referans model, eğitimden farklı test gürültüsü",
        "test_noise_axis": "test gürültü katsayısı",
        "kl_bars": "Gizil boyut başına KL, test görüntüleri",
        "kl_axis": "Ortalama KL (nat)",
        "latent_dim_axis": "Gizil boyut",
        "active": "Etkin",
        "inactive": "Etkin değil (KL ≤ {threshold:g} nat)",
        "model_ae": "Otokodlayıcı (AE)",
        "model_recon_only": "VAE, yalnız yeniden oluşturma",
        "model_kl_only": "VAE, yalnız KL",
        "model_vae": "VAE, yeniden oluşturma + KL",
        "model_beta": "VAE, β = {beta:g}",
        "model_reference": "Referans VAE (16 boyut)",
        "real_images": "Gerçek görüntüler",
        "latent_panels_own_axes": "İki boyutlu gizil kodlar, test görüntüleri: her panel kendi ölçeğinde",
        "latent_panels_shared_axes": "İki boyutlu gizil kodlar, test görüntüleri: bütün paneller aynı eksenlerde",
        "plane_title": "{model}: N(0, I) yüzdelik ızgarası",
        "reparam_mean": "z = μ",
        "reparam_samples": "z = μ + σ·ε",
        "reparam_title": "Yeniden parametrelendirme: aynı girdiden farklı z örnekleri",
        "prior_two_decoders": "Aynı z ~ N(0, I) örnekleri, iki çözücü",
        "denoising_models": "Gürültü giderme: KL terimli ve KL terimsiz modeller",
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
        "vae_series": "VAE",
        "noisy_series": "noisy input",
        "knn_series": "kNN(5)",
        "linear_probe_series": "linear probe",
        "ssim_series": "SSIM",
        "latent_dim_chart": "PSNR and latent dimension",
        "latent_dim_axis": "latent dimension",
        "noise_chart": "PSNR and noise factor",
        "noise_axis": "noise factor",
        "supcon_chart": "Class structure and SupCon weight",
        "gamma_axis": "γ",
        "accuracy_axis": "test accuracy",
        "beta_schedule_chart": "PSNR and β schedule",
        "beta_schedule_axis": "β schedule",
        "ssim_term_chart": "SSIM and the weight of the SSIM term",
        "ssim_weight_axis": "SSIM weight",
        "ssim_axis": "test SSIM",
        "robustness_chart": "Reference model, test noise other than in training",
        "test_noise_axis": "test noise factor",
        "kl_bars": "KL per latent dimension, test images",
        "kl_axis": "Mean KL (nats)",
        "latent_dim_axis": "Latent dimension",
        "active": "Active",
        "inactive": "Inactive (KL ≤ {threshold:g} nats)",
        "model_ae": "Autoencoder (AE)",
        "model_recon_only": "VAE, reconstruction only",
        "model_kl_only": "VAE, KL only",
        "model_vae": "VAE, reconstruction + KL",
        "model_beta": "VAE, β = {beta:g}",
        "model_reference": "Reference VAE (16-d)",
        "real_images": "Real images",
        "latent_panels_own_axes": "Two-dimensional latent codes, test images: each panel on its own scale",
        "latent_panels_shared_axes": "Two-dimensional latent codes, test images: all panels on the same axes",
        "plane_title": "{model}: grid of N(0, I) quantiles",
        "reparam_mean": "z = μ",
        "reparam_samples": "z = μ + σ·ε",
        "reparam_title": "Reparameterisation: different samples of z from one input",
        "prior_two_decoders": "The same samples z ~ N(0, I), two decoders",
        "denoising_models": "Denoising: models with and without the KL term",
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


CLASS_PALETTE = "tab10"
"""The seaborn palette that colours the ten classes in scatter plots."""
MARKERS = ("o", "s", "^", "D", "v")
"""Markers of the first, second, ... series of a line chart."""


def use_style() -> contextlib.AbstractContextManager[None]:
    """Return a context manager that applies seaborn's "whitegrid" style and STYLE to the figures created inside it.

    The style draws the light grid of every chart; image axes have no ticks, hence no grid.
    """
    return mpl.rc_context({**sns.axes_style("whitegrid"), **STYLE})


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
    series = {text("train", lang): [row[key] for row in history]}
    if f"val_{key}" in history[0]:
        series[text("val", lang)] = [row[f"val_{key}"] for row in history]
    fig = line_chart(epochs, series, title=text(key, lang), xlabel=text("epoch", lang), ylabel="")
    with use_style():
        if key == "learning_rate":
            fig.axes[0].set_yscale("log", base=2)
        fig.axes[0].set_xticks(epochs[:: max(1, len(epochs) // 10)])
    return fig


def line_chart(x: Sequence, series: dict[str, Sequence[float]], title: str, xlabel: str, ylabel: str) -> Figure:
    """Plot named series of y values against shared x values (e.g. PSNR against noise factor).

    x: numbers or category labels, drawn in the given order; series: {legend label: y values, one
    per x}, each with its own colour and marker (``MARKERS``). Two or more series get a legend.
    """
    table = pd.DataFrame({label: np.asarray(values) for label, values in series.items()}, index=list(x))
    markers = [MARKERS[i % len(MARKERS)] for i in range(len(series))]
    with use_style():
        fig, ax = plt.subplots(figsize=(5.0, 3.2), layout="constrained")
        sns.lineplot(data=table, markers=markers, dashes=False, markersize=5, sort=False,
                     legend=len(series) > 1, ax=ax)
        ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    return fig


def _scatter_by_class(ax: Axes, points: np.ndarray, labels: np.ndarray, lang: str, size: float) -> None:
    """Scatter points (n, 2) on ax in one CLASS_PALETTE colour per class, with a legend naming every class."""
    names = list(class_names(lang))
    sns.scatterplot(x=points[:, 0], y=points[:, 1], hue=np.asarray(names)[labels], hue_order=names,
                    palette=CLASS_PALETTE, s=size, alpha=0.5, linewidth=0, rasterized=True, legend="full", ax=ax)


def latent_scatter(points: np.ndarray, labels: np.ndarray, title: str, legend: str = "names",
                   lang: str = "tr") -> Figure:
    """Scatter 2-D latent projections coloured by class.

    points: (n, 2); labels: (n,) in 0..9. legend: "names" shows the class names in ``lang``
    beside the plot, "numbers" writes each class number at its cluster's median point.
    """
    if legend not in ("names", "numbers"):
        raise ValueError(f"legend={legend!r} must be 'names' or 'numbers'")
    with use_style():
        fig, ax = plt.subplots(figsize=(6.4 if legend == "names" else 5.0, 5.0), layout="constrained")
        _scatter_by_class(ax, points, labels, lang, size=3)
        if legend == "names":
            sns.move_legend(ax, "center left", bbox_to_anchor=(1.0, 0.5), title=text("class", lang),
                            markerscale=4, frameon=False)
        else:
            ax.get_legend().remove()
            for label, colour in enumerate(sns.color_palette(CLASS_PALETTE, len(class_names(lang)))):
                chosen = points[labels == label]
                if len(chosen):
                    x, y = np.median(chosen, axis=0)
                    ax.text(x, y, str(label), fontsize=13, weight="bold", ha="center", va="center",
                            bbox={"boxstyle": "circle", "facecolor": "white", "alpha": 0.8, "edgecolor": colour})
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
            _scatter_by_class(ax, np.asarray(points), labels, lang, size=2)
            ax.get_legend().remove()  # the figure gets one legend for all panels
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
        ax.grid(False)
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


def kl_bars(kl_per_dim: np.ndarray, threshold: float, lang: str = "tr") -> Figure:
    """Draw the mean KL of each latent dimension as a bar: active ones (KL > threshold nats) blue, the rest grey.

    kl_per_dim: (latent_dim,) nats from ``latent.kl_per_dimension``; threshold: e.g. ``latent.ACTIVE_KL_NATS``
    (named in the legend). Bars are named by ``latent_name`` (z₁ for index 0).
    """
    kl_per_dim = np.asarray(kl_per_dim, dtype=np.float64)
    positions = np.arange(len(kl_per_dim))
    active = kl_per_dim > threshold
    with use_style():
        fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
        for chosen, colour, label in ((active, "tab:blue", text("active", lang)),
                                      (~active, "tab:gray", text("inactive", lang).format(threshold=threshold))):
            if chosen.any():
                ax.bar(positions[chosen], kl_per_dim[chosen], color=colour, label=label)
        ax.set_xticks(positions, [latent_name(d) for d in positions])
        ax.legend(frameon=False)
        ax.set_title(text("kl_bars", lang))
        ax.set_xlabel(text("latent_dim_axis", lang))
        ax.set_ylabel(text("kl_axis", lang))
        ax.xaxis.grid(False)  # horizontal grid lines only
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
        ax.xaxis.grid(False)  # horizontal grid lines only
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
