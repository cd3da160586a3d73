"""Training-speed benchmark: how long does training take on this machine, in float32 and in bfloat16?

``python -m vaelib bench`` measures, in one process: the training speed (images/s) of the profiles'
model through the real ``tf.data`` pipeline in float32 and in bfloat16, alternating the two
``REPEATS`` times and taking medians (so a busy moment hits both); the keras.io VAE example
as a common yardstick; a NumPy matmul rate for context; and from these the estimated training
minutes of every profile. Its last line is ``bf16_speedup R``: float32 time per image over
bfloat16 time per image. Speed targets live here, never in timed tests.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from vaelib import data, losses
from vaelib.backend import keras, tf
from vaelib.config import PROFILES, Config, get_config
from vaelib.model import Sampling, forward_flops
from vaelib.seeding import seed_everything
from vaelib.training import compiled_vae

BACKWARD_FACTOR = 3
"""Forward + backward ≈ 3 × forward: the backward pass computes gradients for inputs and weights."""
TIMED_STEPS = 60
"""Training batches per timing: about 10 s, long enough for a stable rate."""
REPEATS = 3
"""Alternating timings of each dtype; the median is reported."""


def matmul_gflops(size: int = 2048, repeats: int = 5) -> float:
    """Return the best float32 ``size``×``size`` NumPy matmul rate in GFLOP/s (2·size³ FLOPs each)."""
    rng = np.random.default_rng(0)
    a, b = (rng.standard_normal((size, size), dtype=np.float32) for _ in range(2))
    a @ b
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - start)
    return 2 * size**3 / best / 1e9


class KerasIoVAE(keras.Model):
    """The keras.io VAE example ("Variational AutoEncoder", fchollet), trained as it is there.

    Conv32-s2, Conv64-s2, Dense16 encoder; Dense, Conv2DTranspose 64-s2, 32-s2, 1 decoder;
    ``fit`` on NumPy arrays of clean images, loss = summed BCE + KL.
    """

    def __init__(self, latent_dim: int, **kwargs):
        super().__init__(**kwargs)
        layers = keras.layers
        images = keras.Input((28, 28, 1))
        x = layers.Conv2D(32, 3, strides=2, padding="same", activation="relu")(images)
        x = layers.Conv2D(64, 3, strides=2, padding="same", activation="relu")(x)
        x = layers.Dense(16, activation="relu")(layers.Flatten()(x))
        self.encoder = keras.Model(images, [layers.Dense(latent_dim)(x), layers.Dense(latent_dim)(x)])
        z = keras.Input((latent_dim,))
        x = layers.Reshape((7, 7, 64))(layers.Dense(7 * 7 * 64, activation="relu")(z))
        x = layers.Conv2DTranspose(64, 3, strides=2, padding="same", activation="relu")(x)
        x = layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu")(x)
        self.decoder = keras.Model(z, layers.Conv2DTranspose(1, 3, padding="same", activation="sigmoid")(x))
        self.sampling = Sampling(seed=0)

    def train_step(self, images):
        with tf.GradientTape() as tape:
            z_mean, z_log_var = self.encoder(images)
            reconstruction = self.decoder(self.sampling(z_mean, z_log_var))
            loss = ops_mean(losses.bernoulli_reconstruction(images, reconstruction)
                            + losses.kl_to_standard_normal(z_mean, z_log_var))
        gradients = tape.gradient(loss, self.trainable_weights)
        self.optimizer.apply_gradients(zip(gradients, self.trainable_weights))
        return {"loss": loss}


def ops_mean(values):
    """Mean over the batch (keras.ops.mean; named here to keep the train step on one line)."""
    return keras.ops.mean(values)


class _EpochTimer(keras.callbacks.Callback):
    """Record the wall time of the last epoch, from its first batch to its end."""

    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds = time.perf_counter() - self.start


def _images_per_s(model: keras.Model, steps: int, batch_size: int, **fit_arguments) -> float:
    """Run ``fit`` for one epoch of ``steps`` batches; return its images per second."""
    timer = _EpochTimer()
    model.fit(epochs=1, steps_per_epoch=steps, callbacks=[timer], verbose=0, **fit_arguments)
    return steps * batch_size / timer.seconds


def _training_data(cfg: Config, splits: data.Splits) -> tf.data.Dataset:
    """Return the real training pipeline of ``cfg`` (fresh noise, shuffling), repeated without end."""
    return data.train_dataset(splits.x_train, splits.y_train, cfg).repeat()


def _validation_images_per_s(vae: keras.Model, cfg: Config, splits: data.Splits) -> float:
    """Return the images per second of one validation pass (``evaluate`` on the validation split)."""
    val = data.eval_dataset(splits.x_val, splits.y_val, cfg, data.VAL_NOISE_OFFSET)
    vae.evaluate(val, verbose=0)  # trace and fill the cache
    start = time.perf_counter()
    vae.evaluate(val, verbose=0)
    return len(splits.x_val) / (time.perf_counter() - start)


def bench_dtypes(cfg: Config, splits: data.Splits) -> dict[str, dict[str, float]]:
    """Return, per compute dtype, the median training and the validation images/s of ``cfg``'s model."""
    models, inputs = {}, {}
    for dtype in ("float32", "bfloat16"):
        dtype_cfg = cfg.replace(compute_dtype=dtype)
        models[dtype] = compiled_vae(dtype_cfg, data.steps_per_epoch(len(splits.x_train), cfg.batch_size))
        inputs[dtype] = iter(_training_data(dtype_cfg, splits))
        _images_per_s(models[dtype], 5, cfg.batch_size, x=inputs[dtype])  # trace the train step
    rates = {dtype: [] for dtype in models}
    for _ in range(REPEATS):
        for dtype, vae in models.items():
            rates[dtype].append(_images_per_s(vae, TIMED_STEPS, cfg.batch_size, x=inputs[dtype]))
    return {dtype: {"train": statistics.median(rates[dtype]),
                    "val": _validation_images_per_s(models[dtype], cfg, splits),
                    "flops": BACKWARD_FACTOR * (forward_flops(vae.encoder) + forward_flops(vae.decoder))}
            for dtype, vae in models.items()}


def bench_keras_io(cfg: Config, splits: data.Splits) -> dict[str, float]:
    """Return the training images/s of the keras.io example's VAE, trained as there (``fit`` on NumPy)."""
    reference = KerasIoVAE(cfg.latent_dim)
    reference.compile(optimizer=keras.optimizers.Adam(cfg.learning_rate))
    x = splits.x_train[: (TIMED_STEPS + 5) * cfg.batch_size]
    _images_per_s(reference, 5, cfg.batch_size, x=x[: 5 * cfg.batch_size], batch_size=cfg.batch_size)
    rate = _images_per_s(reference, TIMED_STEPS, cfg.batch_size, x=x, batch_size=cfg.batch_size)
    return {"train": rate, "flops": BACKWARD_FACTOR * (forward_flops(reference.encoder) + forward_flops(reference.decoder))}


def estimated_minutes(cfg: Config, n_train: int, rates: dict[str, float]) -> float:
    """Return the training minutes of ``cfg``: epochs × (training images / train rate + validation / val rate)."""
    return cfg.epochs * (n_train / rates["train"] + cfg.val_size / rates["val"]) / 60


def run_benchmark(cfg: Config, splits: data.Splits | None = None) -> float:
    """Print the benchmark table and the estimated training times; return the bfloat16 speed-up."""
    seed_everything(cfg.seed)
    splits = splits or data.load_splits(cfg)
    print(f"float32 matmul 2048x2048 (NumPy): {matmul_gflops():.0f} GFLOP/s")
    print(f"real training pipeline, batch {cfg.batch_size}: {TIMED_STEPS} steps per timing, "
          f"median of {REPEATS} alternating timings per dtype")
    by_dtype = bench_dtypes(cfg, splits)
    keras_io = bench_keras_io(cfg, splits)
    print(f"{'model':<36}{'dtype':<10}{'train img/s':>12}{'val img/s':>11}{'MFLOP/img':>11}")
    for dtype, rates in by_dtype.items():
        print(f"{'vaelib VAE (tf.data)':<36}{dtype:<10}{rates['train']:>12.0f}{rates['val']:>11.0f}"
              f"{rates['flops'] / 1e6:>11.1f}")
    print(f"{'keras.io VAE example (fit on NumPy)':<36}{'float32':<10}{keras_io['train']:>12.0f}{'':>11}"
          f"{keras_io['flops'] / 1e6:>11.1f}")
    print("estimated training time on this machine (epochs x (train + validation)):")
    for profile in PROFILES:
        profile_cfg = get_config(profile)
        n_train = profile_cfg.train_size or len(splits.x_train)
        minutes = estimated_minutes(profile_cfg, n_train, by_dtype[profile_cfg.compute_dtype])
        print(f"  {profile:<6} {profile_cfg.compute_dtype:<9} {profile_cfg.epochs:>3} epochs x {n_train} images: "
              f"{minutes:5.1f} min")
    speedup = by_dtype["bfloat16"]["train"] / by_dtype["float32"]["train"]
    print(f"bf16_speedup {speedup:.2f}")
    return speedup
