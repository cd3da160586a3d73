"""Training-speed benchmark: our VAE and pipeline against the keras.io VAE example, in one process.

``python -m vaelib bench`` prints, for each model, images per second, forward+backward FLOPs per
image (counted from the layers), achieved GFLOP/s and its share of this CPU's float32 matrix
rate (a large NumPy matmul, measured in the same run). The last line is ``throughput_ratio R``:
our achieved GFLOP/s over the reference's. Speed targets live here, never in timed tests.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np

from vaelib import data, losses
from vaelib.backend import keras, tf
from vaelib.config import Config
from vaelib.model import Sampling, forward_flops
from vaelib.seeding import seed_everything
from vaelib.training import compiled_vae

BACKWARD_FACTOR = 3
"""Forward + backward ≈ 3 × forward: the backward pass computes gradients for inputs and weights."""


@dataclasses.dataclass(frozen=True)
class Throughput:
    """Measured training speed of one model."""

    name: str
    images_per_s: float
    flops_per_image: float
    fit_wall_s: float
    """Wall time of the timed ``fit`` call, including any stall after its last epoch."""

    @property
    def gflops(self) -> float:
        return self.images_per_s * self.flops_per_image / 1e9


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


def _timed_fit(model: keras.Model, n_images: int, **fit_arguments) -> tuple[float, float]:
    """Run ``fit`` for one warm-up and one timed epoch; return (images/s of the timed epoch, fit wall s)."""
    timer = _EpochTimer()
    start = time.perf_counter()
    model.fit(epochs=2, callbacks=[timer], verbose=0, **fit_arguments)
    return n_images / timer.seconds, time.perf_counter() - start


def bench_ours(cfg: Config, splits: data.Splits) -> Throughput:
    """Train our VAE through our tf.data pipeline for two epochs; time the second."""
    vae = compiled_vae(cfg)
    x, y = splits.x_train, splits.y_train
    rate, wall = _timed_fit(vae, len(x), x=data.train_dataset(x, y, cfg.replace(epochs=2)),
                            steps_per_epoch=data.steps_per_epoch(len(x), cfg.batch_size), shuffle=False)
    flops = BACKWARD_FACTOR * (forward_flops(vae.encoder) + forward_flops(vae.decoder))
    return Throughput("ours (vaelib VAE, tf.data)", rate, flops, wall)


def bench_keras_io(cfg: Config, splits: data.Splits) -> Throughput:
    """Train the keras.io example's VAE with ``fit`` on NumPy arrays for two epochs; time the second."""
    reference = KerasIoVAE(cfg.latent_dim)
    reference.compile(optimizer=keras.optimizers.Adam(cfg.learning_rate))
    x = splits.x_train
    rate, wall = _timed_fit(reference, len(x), x=x, batch_size=cfg.batch_size)
    flops = BACKWARD_FACTOR * (forward_flops(reference.encoder) + forward_flops(reference.decoder))
    return Throughput("keras.io VAE example (fit on NumPy)", rate, flops, wall)


def run_benchmark(cfg: Config, splits: data.Splits | None = None) -> float:
    """Print the benchmark table; return the throughput ratio R (ours over keras.io, in GFLOP/s)."""
    seed_everything(cfg.seed)
    splits = splits or data.load_splits(cfg)
    peak = matmul_gflops()
    print(f"float32 matmul 2048x2048 (NumPy): {peak:.1f} GFLOP/s")
    print(f"training images per epoch: {len(splits.x_train)}, batch {cfg.batch_size}, "
          f"{tf.config.threading.get_intra_op_parallelism_threads() or 'all'} intra-op threads")
    results = [bench_ours(cfg, splits), bench_keras_io(cfg, splits)]
    print(f"{'model':<38}{'images/s':>10}{'MFLOP/img':>11}{'GFLOP/s':>9}{'of peak':>9}{'fit wall s':>12}")
    for r in results:
        print(f"{r.name:<38}{r.images_per_s:>10.0f}{r.flops_per_image / 1e6:>11.1f}{r.gflops:>9.1f}"
              f"{r.gflops / peak:>9.1%}{r.fit_wall_s:>12.1f}")
    ratio = results[0].gflops / results[1].gflops
    print(f"throughput_ratio {ratio:.2f}")
    return ratio
