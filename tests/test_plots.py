"""Figures: layout, Turkish glyphs, reproducible atomic PNGs."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from vaelib import plots
from vaelib.classes import CLASS_NAMES_TR
from vaelib.course import project


@pytest.fixture
def images() -> np.ndarray:
    return np.random.default_rng(0).random((20, 28, 28, 1), dtype=np.float32)


@pytest.fixture
def labels() -> np.ndarray:
    return np.arange(20, dtype=np.int64) % 10


def test_image_grid(images: np.ndarray) -> None:
    fig = plots.image_grid(images[:5], nrows=2, ncols=3, titles=list("abcde"), suptitle="s")
    assert len(fig.axes) == 6
    assert [ax.get_title() for ax in fig.axes[:5]] == list("abcde")
    assert not fig.axes[5].axison
    assert fig.dpi == plots.DPI


def test_image_grid_rejects_too_many_images(images: np.ndarray) -> None:
    with pytest.raises(ValueError, match="do not fit in a 2x2 grid"):
        plots.image_grid(images[:5], nrows=2, ncols=2)


def test_image_rows_titles_rows(images: np.ndarray) -> None:
    fig = plots.image_rows([images[:4], images[4:7]], row_titles=["Gürültülü", "Temiz"])
    assert len(fig.axes) == 8
    assert fig.axes[0].get_ylabel() == "Gürültülü" and fig.axes[4].get_ylabel() == "Temiz"
    with pytest.raises(ValueError, match="1 row titles for 2 rows"):
        plots.image_rows([images[:4], images[4:7]], row_titles=["x"])


def test_class_examples_one_row_per_class(images: np.ndarray, labels: np.ndarray) -> None:
    fig = plots.class_examples(images, labels, per_class=2, lang="tr")
    assert len(fig.axes) == 20
    assert [fig.axes[2 * c].get_ylabel() for c in range(10)] == list(CLASS_NAMES_TR)
    assert fig.get_suptitle() == plots.text("class_examples", "tr")
    english = plots.class_examples(images, labels, per_class=1, lang="en")
    assert english.axes[0].get_ylabel() == "T-shirt/top"


def test_texts_exist_in_both_languages() -> None:
    assert plots.LABELS["tr"].keys() == plots.LABELS["en"].keys()
    assert plots.text("noisy") == "Gürültülü"
    with pytest.raises(KeyError, match="no figure text 'nope'"):
        plots.text("nope")
    with pytest.raises(ValueError, match="unknown language 'de'"):
        plots.text("noisy", "de")


def test_turkish_labels_have_every_glyph(images: np.ndarray, labels: np.ndarray) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = plots.class_examples(images, labels, per_class=1, lang="tr")
        fig.suptitle("ş ğ ı İ ç ö ü Ş Ğ Ç Ö Ü")
        fig.savefig(io.BytesIO(), format="png")
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert missing == []


def test_save_figure_is_atomic_and_reproducible(images: np.ndarray, tmp_path: Path) -> None:
    fig = plots.image_grid(images[:4], nrows=2, ncols=2, titles=list(CLASS_NAMES_TR[:4]))
    path = plots.save_figure(fig, "01_test", figures_dir=tmp_path / "figures")
    assert path == tmp_path / "figures" / "01_test.png"
    first = path.read_bytes()
    assert first.startswith(b"\x89PNG")
    assert b"Matplotlib" not in first
    assert plots.save_figure(fig, "01_test", figures_dir=tmp_path / "figures").read_bytes() == first
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == ["01_test.png", "01_test.txt"]
    assert (tmp_path / "figures" / "01_test.txt").read_text(encoding="utf-8").splitlines() == list(CLASS_NAMES_TR[:4])


def test_a_notebook_figure_follows_the_figures_dir_setting(images, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(project.FIGURES_DIR_ENV, str(tmp_path / "fresh"))
    path = project.save_figure(plots.image_grid(images[:1], 1, 1, suptitle="Başlık"), "01_env")
    assert path == tmp_path / "fresh" / "01_env.png" and path.with_suffix(".txt").read_text() == "Başlık\n"
    monkeypatch.delenv(project.FIGURES_DIR_ENV)
    assert project.figures_dir() == project.PROJECT_ROOT / "figures"


def test_figure_texts_lists_titles_labels_and_legend() -> None:
    fig = plots.history_curve(pd.DataFrame({"epoch": [1, 2], "loss": [2.0, 1.0], "val_loss": [3.0, 2.5]}), "loss")
    assert plots.figure_texts(fig) == ["Toplam kayıp", "Epoch", "Eğitim", "Doğrulama"]


@pytest.mark.parametrize("name", ["", "a/b", "figure.png"])
def test_save_figure_rejects_paths_and_suffixes(name: str, images: np.ndarray, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="plain file name"):
        plots.save_figure(plots.image_grid(images[:1], 1, 1), name, figures_dir=tmp_path)


def _fits_a_slide(fig) -> bool:
    width, height = fig.get_size_inches()
    return width * plots.DPI <= 1280 and height <= plots.SLIDE_HEIGHT_INCHES


@pytest.mark.parametrize("n_models, shape", [(3, (1, 3)), (6, (2, 4))])
def test_latent_panels_one_panel_per_model_and_one_legend(n_models, shape, labels) -> None:
    rng = np.random.default_rng(0)
    points = {f"m{i}": rng.standard_normal((20, 2)) * (i + 1) for i in range(n_models)}
    fig = plots.latent_panels(points, labels, titles=[f"Model {i}" for i in range(n_models)])
    assert len(fig.axes) == shape[0] * shape[1]
    assert [ax.get_title() for ax in fig.axes[:n_models]] == [f"Model {i}" for i in range(n_models)]
    assert not any(ax.axison for ax in fig.axes[n_models:])
    assert len(fig.legends) == 1 and all(ax.get_legend() is None for ax in fig.axes)
    texts = plots.figure_texts(fig)
    assert texts[0] == plots.text("latent_panels") and texts[-10:] == list(CLASS_NAMES_TR)
    assert fig.axes[0].get_xlim() == fig.axes[n_models - 1].get_xlim() and _fits_a_slide(fig)
    free = plots.latent_panels(points, labels, share_axes=False, axis_labels=("PCA 1", "PCA 2"), suptitle="PCA")
    assert free.axes[0].get_title() == "m0" and free.axes[0].get_xlim() != free.axes[n_models - 1].get_xlim()
    assert (free.axes[0].get_ylabel(), free.axes[n_models - 1].get_xlabel()) == ("PCA 2", "PCA 1")
    assert free.get_suptitle() == "PCA"
    assert [bool(ax.get_xlabel()) for ax in fig.axes[:n_models]] == [i + shape[1] >= n_models for i in range(n_models)]


def test_plane_grid_is_one_image_with_z_ticks(images) -> None:
    values_x, values_y = np.linspace(-2, 2, 5), np.linspace(-1, 1, 4)
    fig = plots.plane_grid(images[:20].reshape(4, 5, 28, 28, 1), values_x, values_y, title="Düzlem")
    (ax,) = fig.axes
    assert ax.get_images()[0].get_array().shape == (4 * 28, 5 * 28)
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "1.00"  # the top row has the largest y
    assert plots.figure_texts(fig) == ["Düzlem", "z₁", "z₂"] and _fits_a_slide(fig)


def test_rate_distortion_labels_every_point_with_beta() -> None:
    import pandas as pd

    table = pd.DataFrame(
        {
            "beta": [0.5, 1.0, 4.0, 1.0, np.nan],
            "kl_loss": [30.0, 15.0, 5.0, 4.0, np.nan],
            "psnr": [19.0, 18.0, 15.0, 14.0, 20.0],
            "latent": ["16", "16", "16", "2", "16"],
        }
    )
    fig = plots.rate_distortion(table, group="latent")
    (ax,) = fig.axes
    assert sorted(t.get_text() for t in ax.texts) == ["β = 0.5", "β = 1", "β = 1", "β = 4"]
    assert len(ax.get_lines()) == 2 and [t.get_text() for t in ax.get_legend().get_texts()] == ["16", "2"]
    assert ax.get_xlabel() == plots.text("rate_axis") and _fits_a_slide(fig)
    assert plots.rate_distortion(table).axes[0].get_legend() is None


def test_traversal_grid_rows_name_dimension_and_kl(images) -> None:
    grid = images[:15].reshape(3, 5, 28, 28, 1)
    kl = np.array([0.001, 2.5, 0.0, 12.345])
    fig = plots.traversal_grid(grid, dims=[1, 3, 0], values=np.linspace(-2, 2, 5), kl_per_dim=kl)
    assert len(fig.axes) == 15
    assert [fig.axes[5 * r].get_ylabel() for r in range(3)] == [
        "z₂ (KL 2.50 nat)",
        "z₄ (KL 12.35 nat)",
        "z₁ (KL 0.00 nat)",
    ]
    assert [ax.get_title() for ax in fig.axes[:5]] == ["-2.0", "-1.0", "+0.0", "+1.0", "+2.0"]
    assert fig.get_suptitle() == plots.text("traversal") and _fits_a_slide(fig)
    assert plots.latent_name(15) == "z₁₆"


def test_kl_bars_colour_active_dimensions() -> None:
    kl = np.array([2.0, 0.001, 0.5, 0.0])
    fig = plots.kl_bars(kl, threshold=0.01)
    (ax,) = fig.axes
    heights = {round(p.get_x() + p.get_width() / 2): p.get_height() for p in ax.patches}
    assert heights == {0: 2.0, 1: 0.001, 2: 0.5, 3: 0.0}
    last_colour = ax.patches[-1].get_facecolor()
    grey = [round(p.get_x() + p.get_width() / 2) for p in ax.patches if p.get_facecolor() == last_colour]
    assert grey == [1, 3]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["z₁", "z₂", "z₃", "z₄"]
    assert plots.figure_texts(fig) == [
        plots.text("kl_bars"),
        plots.text("latent_dim_axis"),
        plots.text("kl_axis"),
        plots.text("active"),
        "Etkin değil (KL ≤ 0.01 nat)",
    ]
    assert _fits_a_slide(fig)
    only_active = plots.kl_bars(kl[[0, 2]], threshold=0.01, lang="en")
    assert [t.get_text() for t in only_active.axes[0].get_legend().get_texts()] == ["Active"]


def test_class_histograms_groups_bars_by_class() -> None:
    histograms = {"VAE": np.arange(10), "AE": np.ones(10, dtype=int)}
    fig = plots.class_histograms(histograms)
    (ax,) = fig.axes
    assert len(ax.patches) == 20
    assert [t.get_text() for t in ax.get_xticklabels()] == list(CLASS_NAMES_TR)
    assert plots.figure_texts(fig) == [
        plots.text("class_histogram"),
        plots.text("class"),
        plots.text("sample_count"),
        plots.text("model"),
        "VAE",
        "AE",
    ]
    assert _fits_a_slide(fig)


def test_line_chart_draws_error_bars_for_the_series_that_have_them():
    fig = plots.line_chart(
        ["0", "1", "8"], {"a": [1.0, 2.0, 3.0], "b": [2.0, 2.5, 2.0]}, "t", "x", "y", errors={"a": [0.1, 0.2, 0.3]}
    )
    bars = [c for c in fig.axes[0].containers if c.has_yerr]
    assert len(bars) == 1
    segments = bars[0].lines[2][0].get_segments()
    np.testing.assert_allclose([s[:, 1] for s in segments], [(0.9, 1.1), (1.8, 2.2), (2.7, 3.3)])


def test_tradeoff_chart_labels_every_point():
    fig = plots.tradeoff_chart(
        [0.7, 0.75], [16.5, 15.9], ["γ = 0", "γ = 128"], "t", "kNN", "PSNR", x_errors=[0.01, 0.01], y_errors=[0.1, 0.05]
    )
    assert [t.get_text() for t in fig.axes[0].texts] == ["γ = 0", "γ = 128"]
