"""Noise, stratified splits and label helpers on synthetic arrays."""

from __future__ import annotations

import numpy as np
import pytest

from vaelib import data


@pytest.fixture
def images() -> np.ndarray:
    return np.random.default_rng(0).random((5, 28, 28, 1), dtype=np.float32)


@pytest.fixture
def labels() -> np.ndarray:
    """Unequal classes: class c has 20 + 7c images, shuffled."""
    y = np.repeat(np.arange(10), [20 + 7 * c for c in range(10)])
    return np.random.default_rng(1).permutation(y).astype(np.int64)


def test_add_noise_is_deterministic(images: np.ndarray) -> None:
    np.testing.assert_array_equal(data.add_noise(images, 0.45, seed=3), data.add_noise(images, 0.45, seed=3))


def test_add_noise_seeds_differ(images: np.ndarray) -> None:
    assert not np.array_equal(data.add_noise(images, 0.45, seed=3), data.add_noise(images, 0.45, seed=4))


def test_add_noise_range_type_and_input(images: np.ndarray) -> None:
    before = images.copy()
    noisy = data.add_noise(images, 0.45, seed=3)
    assert noisy.dtype == np.float32 and noisy.shape == images.shape
    assert noisy.min() == 0.0 and noisy.max() == 1.0  # strong noise reaches both clip limits
    np.testing.assert_array_equal(images, before)


def test_add_noise_zero_factor_is_identity(images: np.ndarray) -> None:
    np.testing.assert_array_equal(data.add_noise(images, 0.0, seed=3), images)


def test_split_is_deterministic(labels: np.ndarray) -> None:
    first, second = data.stratified_split(labels, 50, seed=7), data.stratified_split(labels, 50, seed=7)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[1], data.stratified_split(labels, 50, seed=8)[1])


def test_split_sizes_disjoint_sorted(labels: np.ndarray) -> None:
    train_idx, val_idx = data.stratified_split(labels, 50, seed=7)
    assert (len(train_idx), len(val_idx)) == (len(labels) - 50, 50)
    assert not set(train_idx) & set(val_idx)
    assert sorted(set(train_idx) | set(val_idx)) == list(range(len(labels)))
    assert np.all(np.diff(train_idx) > 0) and np.all(np.diff(val_idx) > 0)


def test_split_is_stratified(labels: np.ndarray) -> None:
    _, val_idx = data.stratified_split(labels, 50, seed=7)
    expected = data.class_counts(labels) * 50 / len(labels)
    assert np.all(np.abs(data.class_counts(labels[val_idx]) - expected) <= 1)


def test_class_counts(labels: np.ndarray) -> None:
    assert data.class_counts(labels).tolist() == [20 + 7 * c for c in range(10)]
    assert data.class_counts(np.array([9, 9], np.int64)).tolist() == [0] * 9 + [2]
    with pytest.raises(ValueError, match=r"0\.\.9, got 0\.\.10"):
        data.class_counts(np.array([0, 10]))


def test_first_indices_per_class(labels: np.ndarray) -> None:
    indices = data.first_indices_per_class(labels, per_class=3)
    assert indices.shape == (10, 3)
    for c, row in enumerate(indices):
        np.testing.assert_array_equal(row, np.flatnonzero(labels == c)[:3])
    with pytest.raises(ValueError, match="fewer than per_class=21"):
        data.first_indices_per_class(labels, per_class=21)


@pytest.mark.parametrize(("n", "batch_size", "steps"), [(10, 5, 2), (11, 5, 3), (1, 256, 1), (54_000, 256, 211)])
def test_steps_per_epoch_keeps_the_partial_batch(n: int, batch_size: int, steps: int) -> None:
    assert data.steps_per_epoch(n, batch_size) == steps
