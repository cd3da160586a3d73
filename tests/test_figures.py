"""Figure regression: every committed report figure is redrawn by the notebooks and must match.

These tests run after the notebooks (see conftest.py): nbval executes the notebooks, which
write their figures to build/figures/, and each one is compared here with figures/.
A deliberate change is accepted with `make report`, which redraws figures/ itself.
"""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib import pyplot as plt

from vaelib import plots
from vaelib.course.project import FIGURES_DIR

from figure_regression import ACCEPT_COMMAND, FRESH_FIGURES_DIR, figure_difference, notebook_number

BASELINES = sorted(FIGURES_DIR.glob("*.png"))


@pytest.mark.after_notebooks
@pytest.mark.parametrize("baseline", BASELINES, ids=[p.stem for p in BASELINES])
def test_figure_matches_its_baseline(baseline, notebooks_ran):
    if notebook_number(baseline.name) not in notebooks_ran:
        pytest.skip(
            f"notebook {notebook_number(baseline.name)} did not run in this session (run the whole suite: make test)"
        )
    problem = figure_difference(baseline, FRESH_FIGURES_DIR / baseline.name)
    assert problem is None, f"{problem}. If the change is deliberate, accept it with `{ACCEPT_COMMAND}`."


@pytest.mark.after_notebooks
def test_every_fresh_figure_has_a_baseline(notebooks_ran):
    if not notebooks_ran:
        pytest.skip("no notebook ran in this session (run the whole suite: make test)")
    new = sorted(p.stem for p in FRESH_FIGURES_DIR.glob("*.png") if not (FIGURES_DIR / p.name).exists())
    assert new == [], f"figures without a committed baseline: {new}; add them with `{ACCEPT_COMMAND}`"


def _save(tmp_path, folder, name, values, title="Başlık"):
    fig = plots.history_curve(pd.DataFrame({"epoch": range(1, len(values) + 1), "loss": values}), "loss")
    fig.axes[0].set_title(title)
    path = plots.save_figure(fig, name, figures_dir=tmp_path / folder)
    plt.close(fig)
    return path


def test_comparison_names_the_changed_figure(tmp_path):
    baseline = _save(tmp_path, "base", "03_demo", [3.0, 2.0, 1.0])
    assert figure_difference(baseline, _save(tmp_path, "same", "03_demo", [3.0, 2.0, 1.0])) is None
    moved = figure_difference(baseline, _save(tmp_path, "moved", "03_demo", [3.0, 2.5, 1.0]))
    assert moved.startswith("figure 03_demo: pixels changed, RMS")
    renamed = figure_difference(baseline, _save(tmp_path, "renamed", "03_demo", [3.0, 2.0, 1.0], "Title"))
    assert renamed.startswith("figure 03_demo: texts changed from ['Başlık'")
    assert "was not regenerated" in figure_difference(baseline, tmp_path / "missing" / "03_demo.png")
    assert sorted(p.name for p in (tmp_path / "moved").iterdir()) == ["03_demo.png", "03_demo.txt"]
