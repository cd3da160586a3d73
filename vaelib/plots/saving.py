"""Saving a figure: its PNG and the words in it (``figure_texts``), so that texts can be checked as text."""

from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure

from vaelib.fileio import atomic_write, write_text
from vaelib.plots.style import DPI


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


def save_figure(fig: Figure, name: str, figures_dir: Path | str) -> Path:
    """Save ``fig`` as ``<figures_dir>/<name>.png`` and its words as ``<name>.txt``, atomically; return the PNG path.

    The PNG is written at DPI dots per inch without the "Software" metadata entry (which
    holds the matplotlib version), so the same figure gives the same bytes. The .txt file lists
    ``figure_texts(fig)``, one per line, so that titles and legends can be checked as text.
    The figure is not closed.
    """
    if not name or Path(name).name != name or name.endswith(".png"):
        raise ValueError(f"name={name!r} must be a plain file name without folder or .png suffix")
    path = Path(figures_dir) / f"{name}.png"
    with atomic_write(path) as tmp:
        fig.savefig(tmp, format="png", dpi=DPI, metadata={"Software": None})
    write_text(path.with_suffix(".txt"), "".join(f"{t}\n" for t in figure_texts(fig)))
    return path
