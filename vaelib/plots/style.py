"""The one figure style: seaborn's "whitegrid" theme with ``STYLE``, colours, markers and figure sizes."""

from __future__ import annotations

import contextlib

import matplotlib as mpl
import seaborn as sns

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

CLASS_PALETTE = "tab10"
"""The seaborn palette that colours the ten classes in scatter plots."""
MARKERS = ("o", "s", "^", "D", "v")
"""Markers of the first, second, ... series of a line chart."""


def use_style() -> contextlib.AbstractContextManager[None]:
    """Return a context manager that applies seaborn's "whitegrid" style and STYLE to the figures created inside it.

    The style draws the light grid of every chart; image axes have no ticks, hence no grid.
    """
    return mpl.rc_context({**sns.axes_style("whitegrid"), **STYLE})
