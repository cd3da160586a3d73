"""Noise and splits: the Gaussian noise model, the train / validation / test split, class bookkeeping.

Training noise is fresh every epoch (``vaelib.data.pipeline``); every other noisy image is fixed:
validation, test and probe images get ``add_noise`` with the seed ``cfg.seed`` plus their offset.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from sklearn.model_selection import train_test_split

from vaelib.classes import NUM_CLASSES
from vaelib.config import Config
from vaelib.data.sources import load_fashion_mnist

VAL_NOISE_OFFSET = 1
"""Validation noise uses seed ``cfg.seed + VAL_NOISE_OFFSET``."""
TEST_NOISE_OFFSET = 2
"""Test noise uses seed ``cfg.seed + TEST_NOISE_OFFSET``."""
PROBE_NOISE_OFFSET = 3
"""Fixed noise of the training images that latent-space probes are fitted on: ``cfg.seed + 3``."""


def add_noise(images: np.ndarray, factor: float, seed: int) -> np.ndarray:
    """Return images + factor·N(0, 1) noise, clipped to [0, 1]; deterministic for a seed.

    images: float32 array in [0, 1], any shape. The input is not modified.
    """
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal(images.shape, dtype=np.float32)
    return np.clip(images + np.float32(factor) * noise, 0.0, 1.0)


def stratified_split(labels: np.ndarray, val_size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Split indices 0..n-1 into (train_idx, val_idx), each sorted, keeping class proportions.

    val_idx has exactly ``val_size`` indices; per-class counts differ from the exact
    proportion by at most one. Deterministic for a seed.
    """
    train_idx, val_idx = train_test_split(
        np.arange(len(labels)), test_size=val_size, stratify=labels, random_state=seed
    )
    return np.sort(train_idx), np.sort(val_idx)


@dataclasses.dataclass(frozen=True, eq=False)
class Splits:
    """Train / validation / test arrays (float32 (n, 28, 28, 1) images, int64 (n,) labels)."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def load_splits(cfg: Config) -> Splits:
    """Split the 60,000 training images into train and validation; keep the official test set.

    Validation: ``cfg.val_size`` images, stratified. Train: the rest, or a stratified
    subset of ``cfg.train_size`` images when set. Both depend only on ``cfg.seed``.
    """
    fm = load_fashion_mnist()
    train_idx, val_idx = stratified_split(fm.y_train, cfg.val_size, cfg.seed)
    if cfg.train_size is not None and cfg.train_size < len(train_idx):
        keep, _ = stratified_split(fm.y_train[train_idx], len(train_idx) - cfg.train_size, cfg.seed)
        train_idx = train_idx[keep]
    return Splits(
        fm.x_train[train_idx],
        fm.y_train[train_idx],
        fm.x_train[val_idx],
        fm.y_train[val_idx],
        fm.x_test,
        fm.y_test,
    )


def class_counts(labels: np.ndarray) -> np.ndarray:
    """Return the number of images of each class: int64 array of shape (10,)."""
    labels = np.asarray(labels)
    if labels.size and (labels.min() < 0 or labels.max() >= NUM_CLASSES):
        raise ValueError(f"labels must be in 0..{NUM_CLASSES - 1}, got {labels.min()}..{labels.max()}")
    return np.bincount(labels, minlength=NUM_CLASSES).astype(np.int64)


def first_indices_per_class(labels: np.ndarray, per_class: int) -> np.ndarray:
    """Return the indices of the first ``per_class`` images of each class: shape (10, per_class).

    Taking the first ones (not random ones) keeps example figures identical between runs.
    """
    rows = [np.flatnonzero(labels == c)[:per_class] for c in range(NUM_CLASSES)]
    short = [c for c, row in enumerate(rows) if len(row) < per_class]
    if short:
        raise ValueError(f"classes {short} have fewer than per_class={per_class} images")
    return np.stack(rows)
