"""Scatter plots of latent codes or their 2-D projections, coloured by class: one plot or side-by-side panels."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from vaelib.classes import class_names
from vaelib.plots.labels import text
from vaelib.plots.style import CLASS_PALETTE, SLIDE_HEIGHT_INCHES, SUPTITLE_INCHES, use_style

PANEL_INCHES = 2.75
"""Width of one scatter panel of ``latent_panels`` (height: at most this)."""
LEGEND_INCHES = 1.6
"""Extra width on the right of ``latent_panels`` for the shared class legend."""
PANELS_PER_ROW = 4
"""At most this many panels in a row of ``latent_panels``."""


def _scatter_by_class(ax: Axes, points: np.ndarray, labels: np.ndarray, lang: str, size: float) -> None:
    """Scatter points (n, 2) on ax in one CLASS_PALETTE colour per class, with a legend naming every class."""
    names = list(class_names(lang))
    sns.scatterplot(
        x=points[:, 0],
        y=points[:, 1],
        hue=np.asarray(names)[labels],
        hue_order=names,
        palette=CLASS_PALETTE,
        s=size,
        alpha=0.5,
        linewidth=0,
        rasterized=True,
        legend="full",
        ax=ax,
    )


def latent_scatter(
    points: np.ndarray, labels: np.ndarray, title: str, legend: str = "names", lang: str = "tr"
) -> Figure:
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
            sns.move_legend(
                ax, "center left", bbox_to_anchor=(1.0, 0.5), title=text("class", lang), markerscale=4, frameon=False
            )
        else:
            ax.get_legend().remove()
            for label, colour in enumerate(sns.color_palette(CLASS_PALETTE, len(class_names(lang)))):
                chosen = points[labels == label]
                if len(chosen):
                    x, y = np.median(chosen, axis=0)
                    ax.text(
                        x,
                        y,
                        str(label),
                        fontsize=13,
                        weight="bold",
                        ha="center",
                        va="center",
                        bbox={"boxstyle": "circle", "facecolor": "white", "alpha": 0.8, "edgecolor": colour},
                    )
        ax.set_title(title)
        ax.set_xlabel(f"{text('component', lang)} 1")
        ax.set_ylabel(f"{text('component', lang)} 2")
    return fig


def latent_panels(
    points_by_model: dict[str, np.ndarray],
    labels: np.ndarray,
    titles: Sequence[str] | None = None,
    share_axes: bool = True,
    axis_labels: tuple[str, str] | None = None,
    suptitle: str | None = None,
    lang: str = "tr",
) -> Figure:
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
        fig, axes = plt.subplots(
            nrows,
            ncols,
            figsize=(ncols * PANEL_INCHES + LEGEND_INCHES, nrows * height + SUPTITLE_INCHES),
            squeeze=False,
            sharex=share_axes,
            sharey=share_axes,
            layout="constrained",
        )
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
        fig.legend(
            *axes.flat[0].get_legend_handles_labels(),
            title=text("class", lang),
            loc="outside right center",
            markerscale=5,
            frameon=False,
        )
        fig.suptitle(suptitle or text("latent_panels", lang))
    return fig
