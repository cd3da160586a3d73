"""Charts of numbers: training curves, line charts, rate–distortion, KL per dimension, class histograms."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from vaelib.classes import class_names
from vaelib.plots.labels import latent_name, text
from vaelib.plots.style import MARKERS, use_style


def history_curve(history: pd.DataFrame, key: str, lang: str = "tr") -> Figure:
    """Plot one column of a run's history against the epoch, training and validation together.

    history: ``runs.read_history`` (a 1-based "epoch" column plus loss columns); key: a column
    without the ``val_`` prefix, e.g. "recon_loss". The learning rate is drawn on a log scale.
    """
    epochs = history["epoch"].tolist()
    series = {text("train", lang): history[key].tolist()}
    if f"val_{key}" in history.columns:
        series[text("val", lang)] = history[f"val_{key}"].tolist()
    fig = line_chart(epochs, series, title=text(key, lang), xlabel=text("epoch", lang), ylabel="")
    with use_style():
        if key == "learning_rate":
            fig.axes[0].set_yscale("log", base=2)
        fig.axes[0].set_xticks(epochs[:: max(1, len(epochs) // 10)])
    return fig


def line_chart(
    x: Sequence,
    series: dict[str, Sequence[float]],
    title: str,
    xlabel: str,
    ylabel: str,
    errors: dict[str, Sequence[float]] | None = None,
) -> Figure:
    """Plot named series of y values against shared x values (e.g. PSNR against noise factor).

    x: numbers or category labels, drawn in the given order; series: {legend label: y values, one
    per x}, each with its own colour and marker (``MARKERS``). Two or more series get a legend.
    errors: {legend label: half-lengths of error bars, one per x} for the series that have them
    (e.g. the standard deviation over seeds).
    """
    table = pd.DataFrame({label: np.asarray(values) for label, values in series.items()}, index=list(x))
    markers = [MARKERS[i % len(MARKERS)] for i in range(len(series))]
    with use_style():
        fig, ax = plt.subplots(figsize=(5.0, 3.2), layout="constrained")
        sns.lineplot(data=table, markers=markers, dashes=False, markersize=5, sort=False, legend=len(series) > 1, ax=ax)
        for line, label in zip(ax.get_lines(), series):
            if errors and label in errors:
                ax.errorbar(
                    list(x),
                    table[label],
                    yerr=np.asarray(errors[label]),
                    fmt="none",
                    ecolor=line.get_color(),
                    capsize=3,
                )
        ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    return fig


def tradeoff_chart(
    x: Sequence[float],
    y: Sequence[float],
    point_labels: Sequence[str],
    title: str,
    xlabel: str,
    ylabel: str,
    x_errors: Sequence[float],
    y_errors: Sequence[float],
) -> Figure:
    """Plot one path of points (x, y) with error bars, each point labelled (e.g. PSNR against kNN accuracy
    as the SupCon weight grows); the points are joined in the given order."""
    with use_style():
        fig, ax = plt.subplots(figsize=(5.6, 3.8), layout="constrained")
        ax.errorbar(x, y, xerr=x_errors, yerr=y_errors, marker="o", markersize=5, capsize=3)
        for px, py, label in zip(x, y, point_labels):
            ax.annotate(label, (px, py), textcoords="offset points", xytext=(5, 4), fontsize=8)
        ax.margins(x=0.12, y=0.1)
        ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    return fig


def rate_distortion(
    table: pd.DataFrame,
    kl: str = "kl_loss",
    psnr: str = "psnr",
    beta: str = "beta",
    group: str | None = None,
    lang: str = "tr",
) -> Figure:
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
        for chosen, colour, label in (
            (active, "tab:blue", text("active", lang)),
            (~active, "tab:gray", text("inactive", lang).format(threshold=threshold)),
        ):
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
