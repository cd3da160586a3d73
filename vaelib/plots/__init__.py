"""Figures in one style, with their texts in Turkish (default) or English.

Every function returns a matplotlib Figure and closes nothing: in a notebook
the figure is shown at the end of the cell; in scripts close it yourself
(``plt.close(fig)``) after ``save_figure``.

``from vaelib import plots`` gives everything below as ``plots.X``:

- ``labels``: LABELS, ``text(key, lang)``, ``latent_name``
- ``style``: STYLE, ``use_style``, the class palette, markers and figure sizes (DPI, slide height)
- ``images``: image grids and rows, class examples, decoded latent planes, latent traversals
- ``charts``: training curves, line charts (with error bars), trade-off paths, rate–distortion, KL per
  dimension, class histograms
- ``latents``: latent scatter plots coloured by class, one or several side by side
- ``saving``: ``figure_texts`` and ``save_figure`` (PNG plus its words as text)
"""

from vaelib.plots.charts import class_histograms, history_curve, kl_bars, line_chart, rate_distortion, tradeoff_chart
from vaelib.plots.images import class_examples, image_grid, image_rows, plane_grid, traversal_grid
from vaelib.plots.labels import LABELS, latent_name, text
from vaelib.plots.latents import LEGEND_INCHES, PANEL_INCHES, PANELS_PER_ROW, latent_panels, latent_scatter
from vaelib.plots.saving import figure_texts, save_figure
from vaelib.plots.style import (
    CELL_INCHES,
    CLASS_PALETTE,
    DPI,
    MARKERS,
    ROW_TITLE_INCHES,
    SLIDE_HEIGHT_INCHES,
    STYLE,
    SUPTITLE_INCHES,
    use_style,
)

__all__ = [
    "CELL_INCHES",
    "CLASS_PALETTE",
    "DPI",
    "LABELS",
    "LEGEND_INCHES",
    "MARKERS",
    "PANELS_PER_ROW",
    "PANEL_INCHES",
    "ROW_TITLE_INCHES",
    "SLIDE_HEIGHT_INCHES",
    "STYLE",
    "SUPTITLE_INCHES",
    "class_examples",
    "class_histograms",
    "figure_texts",
    "history_curve",
    "image_grid",
    "image_rows",
    "kl_bars",
    "latent_name",
    "latent_panels",
    "latent_scatter",
    "line_chart",
    "plane_grid",
    "rate_distortion",
    "save_figure",
    "text",
    "tradeoff_chart",
    "traversal_grid",
    "use_style",
]
