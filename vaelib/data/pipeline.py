"""The tf.data pipelines that feed ``fit``: fresh, stateless training noise; fixed evaluation noise.

Each element is a tuple (noisy, clean, label) of shapes (b, 28, 28, 1), (b, 28, 28, 1), (b,).
(Plain Keras would read a 3-tuple as (x, y, sample_weight); the model's ``train_step`` unpacks
it itself.) TensorFlow is imported inside the functions, through ``vaelib.backend``, so that
``import vaelib.data`` stays quick for code that never builds a pipeline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from vaelib.config import Config
from vaelib.data.splits import TEST_NOISE_OFFSET, add_noise

if TYPE_CHECKING:
    import tensorflow as tf

MAX_STEPS_PER_EPOCH = 100_000
"""Batch b of epoch e draws its noise with seed [cfg.seed, e * 100_000 + b]."""

PREFETCH_BATCHES = 2
"""Batches prepared ahead of the model; the input pipeline is far faster than a training step."""


def steps_per_epoch(n: int, batch_size: int) -> int:
    """Return the number of batches in one epoch of n images (the last one may be partial)."""
    if n < 1 or batch_size < 1:
        raise ValueError(f"n={n} and batch_size={batch_size} must both be >= 1")
    return -(-n // batch_size)


def train_dataset(x: np.ndarray, y: np.ndarray, cfg: Config, first_epoch: int = 0) -> tf.data.Dataset:
    """Return the training batches of epochs first_epoch .. cfg.epochs - 1, back to back.

    x: float32 (n, 28, 28, 1) in [0, 1]; y: int64 (n,). Batches have cfg.batch_size
    images except for the last, partial batch of each epoch. Use it with
    ``fit(..., steps_per_epoch=steps_per_epoch(n, cfg.batch_size), initial_epoch=first_epoch)``.

    Choices: the noise is FRESH every epoch (the model never sees the same noisy
    image twice) yet fully deterministic and stateless, i.e. a function of
    (cfg.seed, epoch, batch) only:

    - epoch e visits the images in the order
      ``stateless_shuffle(range(n), seed=[cfg.seed, e])``;
    - batch b of epoch e gets ``stateless_normal(seed=[cfg.seed, e * 100_000 + b])``
      noise times ``cfg.noise_factor``, and is clipped to [0, 1].

    So a run resumed at ``first_epoch`` sees exactly the batches an uninterrupted
    run sees. The images stay in memory as one float32 tensor and are gathered per
    batch; batches are prefetched.
    """
    from vaelib.backend import tf

    n, batch_size = len(x), cfg.batch_size
    steps = steps_per_epoch(n, batch_size)
    if steps > MAX_STEPS_PER_EPOCH:
        raise ValueError(f"{steps} steps per epoch exceed {MAX_STEPS_PER_EPOCH}: the noise seeds would overlap")
    if not 0 <= first_epoch < cfg.epochs:
        raise ValueError(f"first_epoch={first_epoch} must be in [0, cfg.epochs={cfg.epochs})")
    seed = tf.constant(cfg.seed, dtype=tf.int64)

    def batch(epoch, step, order, images, labels) -> tuple[tf.Tensor, ...]:
        indices = order[step * batch_size : (step + 1) * batch_size]
        clean = tf.gather(images, indices)
        noise_seed = tf.stack([seed, epoch * MAX_STEPS_PER_EPOCH + step])
        noise = tf.random.stateless_normal(tf.shape(clean), seed=noise_seed)
        noisy = tf.clip_by_value(clean + cfg.noise_factor * noise, 0.0, 1.0)
        return noisy, clean, tf.gather(labels, indices)

    def epoch_batches(epoch, arrays) -> tf.data.Dataset:
        images, labels = arrays
        order = tf.random.experimental.stateless_shuffle(tf.range(n, dtype=tf.int64), seed=tf.stack([seed, epoch]))
        return tf.data.Dataset.range(steps).map(lambda step: batch(epoch, step, order, images, labels))

    # The arrays travel as a dataset element rather than being captured by the functions:
    # a captured array would be copied into the function graph as a constant (about a minute
    # for the 54,000 training images, at creation and again when the iterator is destroyed).
    arrays = tf.data.Dataset.from_tensors((tf.constant(x, dtype=tf.float32), tf.constant(y, dtype=tf.int64)))
    epochs = tf.data.Dataset.zip(tf.data.Dataset.range(first_epoch, cfg.epochs), arrays.repeat())
    return prefetched(epochs.flat_map(epoch_batches))


def prefetched(dataset: tf.data.Dataset) -> tf.data.Dataset:
    """Return ``dataset`` prefetching PREFETCH_BATCHES batches, with tf.data's autotuner off.

    The autotuner's background thread held ``Model.fit`` for 10-60 s after its last epoch
    (the iterator's destructor waits for it); a fixed prefetch depth avoids that stall.
    """
    from vaelib.backend import tf

    options = tf.data.Options()
    options.autotune.enabled = False
    return dataset.prefetch(PREFETCH_BATCHES).with_options(options)


def eval_dataset(x: np.ndarray, y: np.ndarray, cfg: Config, seed_offset: int) -> tf.data.Dataset:
    """Return (noisy, clean, label) batches in order, with FIXED noise.

    The noise is drawn once with ``add_noise(x, cfg.noise_factor, cfg.seed + seed_offset)``
    (use VAL_NOISE_OFFSET or TEST_NOISE_OFFSET), so every evaluation of every
    epoch and every notebook scores the same noisy images. Batched by
    cfg.batch_size, cached and prefetched; shapes as in ``train_dataset``.
    """
    from vaelib.backend import tf

    noisy = add_noise(x, cfg.noise_factor, seed=cfg.seed + seed_offset)
    dataset = tf.data.Dataset.from_tensor_slices((noisy, x, y)).batch(cfg.batch_size)
    return prefetched(dataset.cache())


def noisy_test_images(x_test: np.ndarray, cfg: Config) -> np.ndarray:
    """Return the fixed noisy test images: the same array ``eval_dataset(..., TEST_NOISE_OFFSET)`` uses."""
    return add_noise(x_test, cfg.noise_factor, seed=cfg.seed + TEST_NOISE_OFFSET)
