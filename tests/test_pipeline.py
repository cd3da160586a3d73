"""tf.data pipelines: fresh deterministic training noise, resumable epochs, fixed evaluation noise."""

from __future__ import annotations

import numpy as np
import pytest

from vaelib import data
from vaelib.config import Config, get_config

N = 20


@pytest.fixture
def x() -> np.ndarray:
    return np.random.default_rng(0).random((N, 28, 28, 1), dtype=np.float32)


@pytest.fixture
def y() -> np.ndarray:
    return np.arange(N, dtype=np.int64) % 10


@pytest.fixture
def cfg() -> Config:
    return get_config("quick", batch_size=6, epochs=3)


def batches(x: np.ndarray, y: np.ndarray, cfg: Config, first_epoch: int = 0) -> list[tuple[np.ndarray, ...]]:
    return list(data.train_dataset(x, y, cfg, first_epoch).as_numpy_iterator())


def test_batch_count_shapes_and_types(x: np.ndarray, y: np.ndarray, cfg: Config) -> None:
    result = batches(x, y, cfg)
    steps = data.steps_per_epoch(N, cfg.batch_size)
    assert len(result) == cfg.epochs * steps
    assert [len(labels) for _, _, labels in result[:steps]] == [6, 6, 6, 2]
    noisy, clean, labels = result[0]
    assert noisy.shape == clean.shape == (6, 28, 28, 1)
    assert noisy.dtype == clean.dtype == np.float32 and labels.dtype == np.int64
    assert noisy.min() >= 0.0 and noisy.max() <= 1.0


def test_every_epoch_visits_every_image_once(x: np.ndarray, y: np.ndarray, cfg: Config) -> None:
    steps = data.steps_per_epoch(N, cfg.batch_size)
    result = batches(x, y, cfg)
    for epoch in range(cfg.epochs):
        clean = np.concatenate([c for _, c, _ in result[epoch * steps : (epoch + 1) * steps]])
        labels = np.concatenate([lab for _, _, lab in result[epoch * steps : (epoch + 1) * steps]])
        order = [int(np.flatnonzero(np.all(x == image, axis=(1, 2, 3)))[0]) for image in clean]
        assert sorted(order) == list(range(N))
        np.testing.assert_array_equal(labels, y[order])


def test_same_seed_same_batches(x: np.ndarray, y: np.ndarray, cfg: Config) -> None:
    for a, b in zip(batches(x, y, cfg)[0], batches(x, y, cfg)[0]):
        np.testing.assert_array_equal(a, b)
    other = batches(x, y, cfg.replace(seed=cfg.seed + 1))[0]
    assert not np.array_equal(batches(x, y, cfg)[0][0], other[0])


def test_resumed_run_sees_the_same_batches(x: np.ndarray, y: np.ndarray, cfg: Config) -> None:
    steps = data.steps_per_epoch(N, cfg.batch_size)
    full = batches(x, y, cfg)
    resumed = batches(x, y, cfg, first_epoch=1)
    assert len(resumed) == len(full) - steps
    for a, b in zip(full[steps:], resumed):
        for part_a, part_b in zip(a, b):
            np.testing.assert_array_equal(part_a, part_b)


def test_noise_is_fresh_every_epoch(x: np.ndarray, y: np.ndarray) -> None:
    one_image = get_config("quick", batch_size=1, epochs=3)
    result = batches(x[:1], y[:1], one_image)
    noisy = [n for n, _, _ in result]
    assert all(np.array_equal(c, x[:1]) for _, c, _ in result)
    assert not np.array_equal(noisy[0], noisy[1]) and not np.array_equal(noisy[1], noisy[2])


def test_first_epoch_must_be_in_range(x: np.ndarray, y: np.ndarray, cfg: Config) -> None:
    with pytest.raises(ValueError, match="first_epoch=3"):
        data.train_dataset(x, y, cfg, first_epoch=3)


def test_eval_noise_is_fixed_and_matches_add_noise(x: np.ndarray, y: np.ndarray, cfg: Config) -> None:
    dataset = data.eval_dataset(x, y, cfg, data.VAL_NOISE_OFFSET)
    first = np.concatenate([n for n, _, _ in dataset.as_numpy_iterator()])
    second = np.concatenate([n for n, _, _ in dataset.as_numpy_iterator()])
    np.testing.assert_array_equal(first, second)
    np.testing.assert_array_equal(first, data.add_noise(x, cfg.noise_factor, seed=cfg.seed + 1))
    clean = np.concatenate([c for _, c, _ in dataset.as_numpy_iterator()])
    np.testing.assert_array_equal(clean, x)


def test_noisy_test_images_match_the_test_dataset(x: np.ndarray, y: np.ndarray, cfg: Config) -> None:
    dataset = data.eval_dataset(x, y, cfg, data.TEST_NOISE_OFFSET)
    noisy = np.concatenate([n for n, _, _ in dataset.as_numpy_iterator()])
    np.testing.assert_array_equal(noisy, data.noisy_test_images(x, cfg))
    val_noise = data.add_noise(x, cfg.noise_factor, seed=cfg.seed + data.VAL_NOISE_OFFSET)
    assert not np.array_equal(noisy, val_noise)


def test_prefetched_turns_the_autotuner_off(x: np.ndarray, y: np.ndarray, cfg: Config) -> None:
    dataset = data.eval_dataset(x, y, cfg, data.VAL_NOISE_OFFSET)
    assert dataset.options().autotune.enabled is False
    from vaelib.backend import tf

    plain = tf.data.Dataset.range(3)
    assert list(data.prefetched(plain).as_numpy_iterator()) == [0, 1, 2]
    assert data.prefetched(plain).options().autotune.enabled is False
