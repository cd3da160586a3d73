"""Figures: layout, Turkish glyphs, reproducible atomic PNGs."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import numpy as np
import pytest

from vaelib import plots
from vaelib.classes import CLASS_NAMES_TR


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


def test_save_figure_follows_the_figures_dir_setting(images, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("VAELIB_FIGURES_DIR", str(tmp_path / "fresh"))
    path = plots.save_figure(plots.image_grid(images[:1], 1, 1, suptitle="Başlık"), "01_env")
    assert path == tmp_path / "fresh" / "01_env.png" and path.with_suffix(".txt").read_text() == "Başlık\n"


def test_figure_texts_lists_titles_labels_and_legend() -> None:
    fig = plots.history_curve([{"epoch": 1, "loss": 2.0, "val_loss": 3.0}, {"epoch": 2, "loss": 1.0, "val_loss": 2.5}],
                              "loss")
    assert plots.figure_texts(fig) == ["Toplam kayıp", "Epoch", "Eğitim", "Doğrulama"]


@pytest.mark.parametrize("name", ["", "a/b", "figure.png"])
def test_save_figure_rejects_paths_and_suffixes(name: str, images: np.ndarray, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="plain file name"):
        plots.save_figure(plots.image_grid(images[:1], 1, 1), name, figures_dir=tmp_path)
