"""The convolutional VAE: encoder, sampling layer, decoder and the training model.

Images are ``(batch, 28, 28, 1)`` float32 in [0, 1]; latents are ``(batch, latent_dim)``.

The architecture keeps the expensive work at low resolution, where convolutions are large
matrix products that a CPU runs efficiently: stride-2 convolutions go down to 7×7, and the
decoder goes back up with pixel shuffles (``depth_to_space``) instead of transposed
convolutions. The decoder has one 7×7 convolution: a second one would add 46 % to its arithmetic per
image and gained 0.03 dB of test PSNR in 20 epochs. ``notebooks/02_model`` explains the choice
and what else was tried.
"""

from __future__ import annotations

import numpy as np

from vaelib import device, losses
from vaelib.backend import keras
from vaelib.config import Config

layers, ops = keras.layers, keras.ops

IMAGE_SHAPE = (28, 28, 1)
_LOW_RES = 7
_LOW_RES_CHANNELS = 128
LOSS_PARTS = ("loss", "recon_loss", "kl_loss", "supcon_loss", "beta", "gamma_sc")
PREDICT_BATCH = 1000
"""Images per network call when predicting (memory-bound, not a training setting)."""


def predict(network: keras.Model, inputs: np.ndarray, batch_size: int = PREDICT_BATCH):
    """Return ``network``'s outputs for ``inputs`` (n, ...), computed in slices of ``batch_size``.

    A float32 NumPy array (a float64 inference model's outputs are rounded to float32), or a list of
    them for a network with several outputs, each of length n.
    Written instead of ``Model.predict``, which feeds the slices through a tf.data pipeline whose
    parallel map, with TensorFlow's op determinism on, logs a timestamped error line to stderr
    (and so into notebook outputs). The slices are computed eagerly, not by ``predict_on_batch``:
    its compiled function, one per model, makes TensorFlow warn about retracing (with a memory
    address) when one process predicts with several models in turn, as notebooks comparing models
    do; the reference model's 10,000 test codes and reconstructions came out bit for bit the same
    either way.
    """
    inputs = np.asarray(inputs, np.float32)
    outputs = [
        network(inputs[start : start + batch_size], training=False) for start in range(0, len(inputs), batch_size)
    ]
    if isinstance(outputs[0], (list, tuple)):
        return [np.concatenate([np.asarray(part) for part in parts]).astype(np.float32) for parts in zip(*outputs)]
    return np.concatenate([np.asarray(part) for part in outputs]).astype(np.float32)


def build_encoder(latent_dim: int, variational: bool = True, compute_dtype: str = "float32") -> keras.Model:
    """Return the encoder: image ``(28, 28, 1)`` → ``[z_mean, z_log_var]``, each ``(latent_dim,)``.

    variational=False gives the plain autoencoder's encoder: one output, the code ``z_mean``.
    The convolutions compute in ``compute_dtype``; the latent heads output float32 (float64 in an
    inference model), so sampling and the losses never work in bfloat16.
    """
    policy = device.keras_policy(compute_dtype)
    images = keras.Input(IMAGE_SHAPE, name="noisy_image")
    x = layers.Conv2D(32, 3, strides=2, padding="same", activation="relu", name="conv_14x14", dtype=policy)(images)
    x = layers.Conv2D(64, 3, strides=2, padding="same", activation="relu", name="conv_7x7_a", dtype=policy)(x)
    x = layers.Conv2D(_LOW_RES_CHANNELS, 3, padding="same", activation="relu", name="conv_7x7_b", dtype=policy)(x)
    x = layers.Flatten(name="flatten", dtype=policy)(x)
    z_mean = layers.Dense(latent_dim, name="z_mean", dtype=device.output_dtype(compute_dtype))(x)
    if not variational:
        return keras.Model(images, z_mean, name="encoder")
    z_log_var = layers.Dense(latent_dim, name="z_log_var", dtype=device.output_dtype(compute_dtype))(x)
    return keras.Model(images, [z_mean, z_log_var], name="encoder")


def build_decoder(latent_dim: int, compute_dtype: str = "float32") -> keras.Model:
    """Return the decoder: latent ``(latent_dim,)`` → Bernoulli means ``(28, 28, 1)`` in [0, 1].

    The layers compute in ``compute_dtype`` except the last, a cheap 1-channel convolution kept
    in float32 (float64 in an inference model): bfloat16 has 8 significant bits, too few for the
    Bernoulli means near 0 and 1 that the log-likelihood needs.
    """
    policy = device.keras_policy(compute_dtype)
    z = keras.Input((latent_dim,), name="z")
    x = layers.Dense(_LOW_RES * _LOW_RES * _LOW_RES_CHANNELS, activation="relu", name="dense_7x7", dtype=policy)(z)
    x = layers.Reshape((_LOW_RES, _LOW_RES, _LOW_RES_CHANNELS), name="reshape_7x7", dtype=policy)(x)
    x = layers.Conv2D(128, 3, padding="same", activation="relu", name="conv_7x7", dtype=policy)(x)
    x = PixelShuffle(name="shuffle_14x14", dtype=policy)(x)
    x = layers.Conv2D(64, 3, padding="same", activation="relu", name="conv_14x14", dtype=policy)(x)
    x = PixelShuffle(name="shuffle_28x28", dtype=policy)(x)
    images = layers.Conv2D(
        1, 3, padding="same", activation="sigmoid", name="bernoulli_mean", dtype=device.output_dtype(compute_dtype)
    )(x)
    return keras.Model(z, images, name="decoder")


@keras.saving.register_keras_serializable(package="vaelib")
class PixelShuffle(layers.Layer):
    """Double the height and width by moving channels into space: ``(h, w, 4c)`` → ``(2h, 2w, c)``."""

    def call(self, inputs):
        return ops.depth_to_space(inputs, 2)

    def compute_output_shape(self, input_shape):
        batch, height, width, channels = input_shape
        return (batch, 2 * height, 2 * width, channels // 4)


@keras.saving.register_keras_serializable(package="vaelib")
class Sampling(layers.Layer):
    """Reparameterisation trick: z = z_mean + exp(z_log_var / 2) · ε, ε ~ N(0, I).

    The noise comes from the layer's own seeded ``SeedGenerator``; its state is a layer
    variable, so it is saved with the weights and a resumed run draws the same ε.
    ε is drawn in the dtype of ``z_mean`` (float32 from the encoder's heads).
    """

    def __init__(self, seed: int, **kwargs):
        super().__init__(**kwargs)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, z_mean, z_log_var):
        epsilon = keras.random.normal(ops.shape(z_mean), dtype=z_mean.dtype, seed=self.seed_generator)
        return z_mean + ops.exp(0.5 * z_log_var) * epsilon

    def get_config(self):
        return {**super().get_config(), "seed": self.seed}


class Autoencoder(keras.Model):
    """The denoising autoencoder, variational (a VAE) or plain (``variational=False``), trained on
    ``(noisy, clean, label)``.

    The objective per batch is ``w·recon + β·KL + γ·SupCon`` where recon is the Bernoulli
    negative log-likelihood summed over pixels, KL is summed over latent dimensions (both
    averaged over the batch), and SupCon is the supervised contrastive loss on ``z_mean``.
    w is ``recon_weight``; β and γ live in non-trainable variables that callbacks change between
    epochs. The plain autoencoder has no sampling and no KL term: z is the code ``z_mean`` itself,
    and its ``kl_loss`` is logged as 0. Calling the model maps noisy images to the decoded
    ``z_mean`` (no sampling).
    """

    def __init__(
        self,
        latent_dim: int,
        seed: int,
        supcon_temperature: float,
        ssim_weight: float = 0.0,
        variational: bool = True,
        recon_weight: float = 1.0,
        compute_dtype: str = "float32",
        networks: tuple[keras.Model, keras.Model] | None = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.latent_dim, self.variational = latent_dim, variational
        self.supcon_temperature, self.ssim_weight, self.recon_weight = supcon_temperature, ssim_weight, recon_weight
        self.encoder, self.decoder = networks or (
            build_encoder(latent_dim, variational, compute_dtype),
            build_decoder(latent_dim, compute_dtype),
        )
        self.sampling = Sampling(seed, name="sampling") if variational else None
        self.beta = self.add_weight(shape=(), initializer="ones", trainable=False, name="beta")
        self.gamma_sc = self.add_weight(shape=(), initializer="ones", trainable=False, name="gamma_sc")
        self.trackers = {name: keras.metrics.Mean(name=name) for name in LOSS_PARTS}

    @property
    def metrics(self):
        return list(self.trackers.values())

    def encode(self, noisy, training=False):
        """Return ``(z_mean, z_log_var)`` of noisy images; ``z_log_var`` is None for the autoencoder."""
        if not self.variational:
            return self.encoder(noisy, training=training), None
        z_mean, z_log_var = self.encoder(noisy, training=training)
        return z_mean, z_log_var

    def call(self, noisy, training=False):
        return self.decoder(self.encode(noisy, training)[0], training=training)

    def loss_parts(self, noisy, clean, labels, training: bool) -> dict:
        """Return the batch means of every loss part (scalars), keyed by ``LOSS_PARTS``."""
        z_mean, z_log_var = self.encode(noisy, training)
        z = self.sampling(z_mean, z_log_var) if self.variational else z_mean
        reconstruction = self.decoder(z, training=training)
        clean = ops.cast(clean, reconstruction.dtype)  # float64 in an inference model, else unchanged
        recon = ops.mean(losses.bernoulli_reconstruction(clean, reconstruction))
        supcon = losses.supervised_contrastive(z_mean, labels, self.supcon_temperature)
        total = self.recon_weight * recon
        if self.variational:
            kl = ops.mean(losses.kl_to_standard_normal(z_mean, z_log_var))
            total += ops.cast(self.beta, kl.dtype) * kl
        else:
            kl = ops.zeros((), dtype=recon.dtype)
        total += ops.cast(self.gamma_sc, supcon.dtype) * supcon  # summed in the report's order: recon, KL, SupCon
        if self.ssim_weight:  # an experiment of notebook 08; recon_loss stays the BCE so histories compare
            ssim_term = ops.mean(losses.ssim_dissimilarity(clean, reconstruction))  # float32 from tf.image.ssim
            total += self.ssim_weight * ops.cast(ssim_term, total.dtype)
        return {
            "loss": total,
            "recon_loss": recon,
            "kl_loss": kl,
            "supcon_loss": supcon,
            "beta": self.beta,
            "gamma_sc": self.gamma_sc,
        }

    def _log(self, parts: dict) -> dict:
        for name, value in parts.items():
            self.trackers[name].update_state(value)
        return {name: tracker.result() for name, tracker in self.trackers.items()}

    def train_step(self, data):
        import tensorflow as tf  # the gradient tape is the one TensorFlow-specific piece

        noisy, clean, labels = data
        with tf.GradientTape() as tape:
            parts = self.loss_parts(noisy, clean, labels, training=True)
        gradients = tape.gradient(parts["loss"], self.trainable_weights)
        self.optimizer.apply_gradients(zip(gradients, self.trainable_weights))
        return self._log(parts)

    def test_step(self, data):
        noisy, clean, labels = data
        return self._log(self.loss_parts(noisy, clean, labels, training=False))


def build_vae(
    cfg: Config, networks: tuple[keras.Model, keras.Model] | None = None, compute_dtype: str | None = None
) -> Autoencoder:
    """Return the VAE (or autoencoder) that ``cfg`` describes, built (weights created) but uncompiled.

    compute_dtype: None computes in ``cfg.compute_dtype``; ``device.INFERENCE_DTYPE`` builds the model
    that stored numbers and figures come from (``runs.load_vae``).

    networks: another ``(encoder, decoder)`` pair with the same inputs and outputs, trained by the
    same objective and train step (the benchmark's yardstick); None builds this module's.
    """
    vae = Autoencoder(
        latent_dim=cfg.latent_dim,
        seed=cfg.seed,
        supcon_temperature=cfg.supcon_temperature,
        ssim_weight=cfg.ssim_weight,
        variational=cfg.variational,
        recon_weight=cfg.recon_weight,
        compute_dtype=compute_dtype or cfg.compute_dtype,
        networks=networks,
        name="vae",
    )
    images = ops.zeros((2, *IMAGE_SHAPE))
    vae.loss_parts(images, images, ops.zeros((2,), dtype="int32"), training=False)
    vae(images)  # marks the model as built, which saving requires
    return vae
