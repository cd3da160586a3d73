"""Training-speed benchmark: how long does training take on this machine, in float32 and in bfloat16?

``python -m vaelib bench`` measures, in one process: the training speed (images/s) of the profiles'
model through the real ``tf.data`` pipeline in float32 and in bfloat16, alternating the two
``REPEATS`` times and taking medians (so a busy moment hits both); the keras.io VAE example's
architecture, trained by the same train step and pipeline, as a common yardstick; a NumPy matmul
rate for context; and from these the estimated training minutes of every profile in the dtype
that ``compute_dtype="auto"`` picks here. Each timing lasts about ``TIMING_S`` seconds whatever
the machine's speed (bfloat16 emulated by Eigen on an AVX2 CPU is 8 times slower than float32), so the
whole benchmark takes a few minutes anywhere. Its last line is ``bf16_speedup R``: float32 time
per image over bfloat16 time per image. Speed targets live here, never in timed tests.
"""

from __future__ import annotations

import math
import statistics
import time

import numpy as np

from vaelib import data, device
from vaelib.backend import keras, tf
from vaelib.config import PROFILES, Config, get_config
from vaelib.course.architecture import forward_flops
from vaelib.seeding import seed_everything
from vaelib.training import compiled_vae

BACKWARD_FACTOR = 3
"""Forward + backward ≈ 3 × forward: the backward pass computes gradients for inputs and weights."""
TIMING_S = 8.0
"""Seconds each timing aims at: long enough for a stable rate, short enough for slow dtypes."""
MIN_STEPS, MAX_STEPS = 3, 200
"""Bounds of the training batches per timing, whatever ``TIMING_S`` asks for."""
VAL_IMAGES = 2048
"""Validation images timed for the validation rate (forward passes only)."""
REPEATS = 3
"""Alternating timings of each model; the median is reported."""
KERAS_IO = "keras.io"
"""Key of the keras.io example's architecture in the benchmark's results."""


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


def keras_io_networks(latent_dim: int) -> tuple[keras.Model, keras.Model]:
    """Return the encoder and decoder of the keras.io VAE example ("Variational AutoEncoder", fchollet).

    Conv32-s2, Conv64-s2, Dense16 encoder; Dense, Conv2DTranspose 64-s2, 32-s2, 1 decoder; float32.
    The benchmark trains them with our objective, train step and pipeline, so that only the
    architecture differs from ours.
    """
    layers = keras.layers
    images = keras.Input((28, 28, 1))
    x = layers.Conv2D(32, 3, strides=2, padding="same", activation="relu")(images)
    x = layers.Conv2D(64, 3, strides=2, padding="same", activation="relu")(x)
    x = layers.Dense(16, activation="relu")(layers.Flatten()(x))
    encoder = keras.Model(images, [layers.Dense(latent_dim)(x), layers.Dense(latent_dim)(x)], name="encoder")
    z = keras.Input((latent_dim,))
    x = layers.Reshape((7, 7, 64))(layers.Dense(7 * 7 * 64, activation="relu")(z))
    x = layers.Conv2DTranspose(64, 3, strides=2, padding="same", activation="relu")(x)
    x = layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu")(x)
    decoder = keras.Model(z, layers.Conv2DTranspose(1, 3, padding="same", activation="sigmoid")(x), name="decoder")
    return encoder, decoder


class _EpochTimer(keras.callbacks.Callback):
    """Record the wall time of the last epoch, from its first batch to its end."""

    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds = time.perf_counter() - self.start


def _images_per_s(model: keras.Model, steps: int, batch_size: int, **fit_arguments) -> float:
    """Run ``fit`` for one epoch of ``steps`` batches; return its images per second."""
    timer = _EpochTimer()
    model.fit(epochs=1, steps_per_epoch=steps, callbacks=[timer], verbose=0, shuffle=False, **fit_arguments)
    return steps * batch_size / timer.seconds


def _training_data(cfg: Config, splits: data.Splits) -> tf.data.Dataset:
    """Return the real training pipeline of ``cfg`` (fresh noise, shuffling), repeated without end."""
    return data.train_dataset(splits.x_train, splits.y_train, cfg).repeat()


def _validation_images_per_s(vae: keras.Model, cfg: Config, splits: data.Splits) -> float:
    """Return the images per second of one validation pass over ``VAL_IMAGES`` validation images."""
    val = data.eval_dataset(splits.x_val[:VAL_IMAGES], splits.y_val[:VAL_IMAGES], cfg, data.VAL_NOISE_OFFSET)
    vae.evaluate(val, verbose=0)  # trace and fill the cache
    start = time.perf_counter()
    vae.evaluate(val, verbose=0)
    return min(VAL_IMAGES, len(splits.x_val)) / (time.perf_counter() - start)


def steps_for(rate: float, batch_size: int, seconds: float = TIMING_S) -> int:
    """Return the training batches that take about ``seconds`` at ``rate`` images/s, within [MIN_STEPS, MAX_STEPS]."""
    return int(min(MAX_STEPS, max(MIN_STEPS, round(seconds * rate / batch_size))))


def _training_rates(models: dict[str, tuple[keras.Model, Config]], splits: data.Splits) -> dict[str, float]:
    """Return the median training images/s of each model on its config's real pipeline, timed alternately.

    A first short epoch traces the train step, a second one sets how many batches make one timing
    last about ``TIMING_S`` seconds for that model.
    """
    inputs = {name: _training_data(cfg, splits) for name, (_, cfg) in models.items()}
    steps = {}
    for name, (vae, cfg) in models.items():
        _images_per_s(vae, MIN_STEPS, cfg.batch_size, x=inputs[name])  # trace the train step
        steps[name] = steps_for(_images_per_s(vae, MIN_STEPS, cfg.batch_size, x=inputs[name]), cfg.batch_size)
    rates = {name: [] for name in models}
    for _ in range(REPEATS):
        for name, (vae, cfg) in models.items():
            rates[name].append(_images_per_s(vae, steps[name], cfg.batch_size, x=inputs[name]))
    return {name: statistics.median(values) for name, values in rates.items()}


def bench_models(cfg: Config, splits: data.Splits) -> dict[str, dict[str, float]]:
    """Return train and validation images/s and FLOPs per image of ``cfg``'s model in float32 and in
    bfloat16, and of the keras.io example's architecture (float32), all through the same train step.

    bfloat16 is left out where its convolutions cannot run (oneDNN on a CPU without AVX-512 BF16 or AMX).
    """
    steps = data.steps_per_epoch(len(splits.x_train), cfg.batch_size)
    dtypes = ("float32", "bfloat16") if device.bfloat16_convolutions_run() else ("float32",)
    configs = {dtype: cfg.replace(compute_dtype=dtype) for dtype in dtypes}
    configs[KERAS_IO] = cfg.replace(compute_dtype="float32")
    models = {
        name: (
            compiled_vae(model_cfg, steps, keras_io_networks(cfg.latent_dim) if name == KERAS_IO else None),
            model_cfg,
        )
        for name, model_cfg in configs.items()
    }
    train = _training_rates(models, splits)
    return {
        name: {
            "train": train[name],
            "val": _validation_images_per_s(vae, model_cfg, splits),
            "flops": BACKWARD_FACTOR * (forward_flops(vae.encoder) + forward_flops(vae.decoder)),
        }
        for name, (vae, model_cfg) in models.items()
    }


def estimated_minutes(cfg: Config, n_train: int, rates: dict[str, float]) -> float:
    """Return the training minutes of ``cfg``: epochs × (training images / train rate + validation / val rate)."""
    return cfg.epochs * (n_train / rates["train"] + cfg.val_size / rates["val"]) / 60


def run_benchmark(cfg: Config, splits: data.Splits | None = None) -> float:
    """Print the machine, the benchmark table and the estimated training times; return the bfloat16 speed-up
    (NaN where bfloat16 cannot run)."""
    seed_everything(cfg.seed)
    splits = splits or data.load_splits(cfg)
    native, reason = device.native_bfloat16()
    onednn = "on" if device.onednn_enabled() else "off"
    print(f"oneDNN {onednn}; native bfloat16: {'yes' if native else 'no'} ({reason})")
    print(f"float32 matmul 2048x2048 (NumPy): {matmul_gflops():.0f} GFLOP/s")
    print(
        f"real training pipeline, batch {cfg.batch_size}: about {TIMING_S:.0f} s per timing, "
        f"median of {REPEATS} alternating timings per model"
    )
    rates = bench_models(cfg, splits)
    print(f"{'model':<38}{'dtype':<10}{'train img/s':>12}{'val img/s':>11}{'MFLOP/img':>11}")
    for name, model_rates in rates.items():
        label, dtype = ("keras.io VAE example's architecture", "float32") if name == KERAS_IO else ("vaelib VAE", name)
        print(
            f"{label:<38}{dtype:<10}{model_rates['train']:>12.0f}{model_rates['val']:>11.0f}"
            f"{model_rates['flops'] / 1e6:>11.1f}"
        )
    if "bfloat16" not in rates:
        print(
            f"{'vaelib VAE':<38}{'bfloat16':<10}  cannot run here: no bfloat16 convolution in oneDNN without "
            "AVX-512 BF16 or AMX"
        )
    print(f"estimated training time on this machine at batch {cfg.batch_size} (epochs x (train + validation)):")
    for profile in PROFILES:
        profile_cfg = get_config(profile)
        dtype = device.resolve_compute_dtype(profile_cfg.compute_dtype)[0]
        n_train = profile_cfg.train_size or len(splits.x_train)
        minutes = estimated_minutes(profile_cfg, n_train, rates[dtype])
        print(f"  {profile:<6} {dtype:<9} {profile_cfg.epochs:>3} epochs x {n_train} images: {minutes:5.1f} min")
    if "bfloat16" not in rates:
        print("bf16_speedup n/a")
        return math.nan
    speedup = rates["bfloat16"]["train"] / rates["float32"]["train"]
    print(f"bf16_speedup {speedup:.2f}")
    return speedup
