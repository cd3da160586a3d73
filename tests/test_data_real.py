"""Checks on the real Fashion-MNIST files (skipped unless FASHION_MNIST_DIR is set)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from vaelib import data
from vaelib.config import get_config


@pytest.fixture(scope="module")
def fm(real_data_dir: Path) -> data.FashionMNIST:
    return data.load_fashion_mnist(real_data_dir)


def test_shapes_and_types(fm: data.FashionMNIST) -> None:
    assert fm.x_train.shape == (60_000, 28, 28, 1) and fm.x_train.dtype == np.float32
    assert fm.x_test.shape == (10_000, 28, 28, 1) and fm.x_test.dtype == np.float32
    assert fm.y_train.shape == (60_000,) and fm.y_train.dtype == np.int64
    assert fm.y_test.shape == (10_000,)
    assert 0.0 <= fm.x_train.min() and fm.x_train.max() <= 1.0


def test_balanced_classes(fm: data.FashionMNIST) -> None:
    assert data.class_counts(fm.y_train).tolist() == [6000] * 10
    assert data.class_counts(fm.y_test).tolist() == [1000] * 10


def test_pixel_statistics(fm: data.FashionMNIST) -> None:
    assert fm.x_train.mean() == pytest.approx(0.2860, abs=1e-3)
    assert fm.x_train.std() == pytest.approx(0.3530, abs=1e-3)


def test_cached_and_read_only(fm: data.FashionMNIST, real_data_dir: Path) -> None:
    again = data.load_fashion_mnist(real_data_dir)
    assert again.x_train is fm.x_train
    assert again.source == f"{real_data_dir.resolve()} (data_dir argument)"
    with pytest.raises(ValueError, match="read-only"):
        fm.x_train[0, 0, 0, 0] = 1.0


@pytest.mark.parametrize(("profile", "n_train", "n_val"), [("full", 54_000, 6000), ("quick", 6000, 1000)])
def test_split_sizes(profile: str, n_train: int, n_val: int, fm: data.FashionMNIST) -> None:
    splits = data.load_splits(get_config(profile))
    assert (len(splits.x_train), len(splits.y_train)) == (n_train, n_train)
    assert (len(splits.x_val), len(splits.y_val)) == (n_val, n_val)
    assert len(splits.x_test) == 10_000
    assert data.class_counts(splits.y_train).tolist() == [n_train // 10] * 10
    assert data.class_counts(splits.y_val).tolist() == [n_val // 10] * 10
