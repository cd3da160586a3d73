"""The convolutional VAE: encoder, sampling layer, decoder and the training model.

Images are ``(batch, 28, 28, 1)`` float32 in [0, 1]; latents are ``(batch, latent_dim)``.

The architecture keeps the expensive work at low resolution, where convolutions are large
matrix products that a CPU runs efficiently: stride-2 convolutions go down to 7×7, and the
decoder goes back up with pixel shuffles (``depth_to_space``) instead of transposed
convolutions. ``notebooks/02_model`` explains the choice and what else was tried.
"""

from __future__ import annotations

from vaelib import losses
from vaelib.backend import keras

layers, ops = keras.layers, keras.ops

IMAGE_SHAPE = (28, 28, 1)
_LOW_RES = 7
_LOW_RES_CHANNELS = 128
LOSS_PARTS = ("loss", "recon_loss", "kl_loss", "supcon_loss", "beta", "gamma_sc")


def build_encoder(latent_dim: int) -> keras.Model:
    """Return the encoder: image ``(28, 28, 1)`` → ``[z_mean, z_log_var]``, each ``(latent_dim,)``."""
    images = keras.Input(IMAGE_SHAPE, name="noisy_image")
    x = layers.Conv2D(32, 3, strides=2, padding="same", activation="relu", name="conv_14x14")(images)
    x = layers.Conv2D(64, 3, strides=2, padding="same", activation="relu", name="conv_7x7_a")(x)
    x = layers.Conv2D(_LOW_RES_CHANNELS, 3, padding="same", activation="relu", name="conv_7x7_b")(x)
    x = layers.Flatten(name="flatten")(x)
    z_mean = layers.Dense(latent_dim, name="z_mean")(x)
    z_log_var = layers.Dense(latent_dim, name="z_log_var")(x)
    return keras.Model(images, [z_mean, z_log_var], name="encoder")


def build_decoder(latent_dim: int) -> keras.Model:
    """Return the decoder: latent ``(latent_dim,)`` → Bernoulli means ``(28, 28, 1)`` in [0, 1]."""
    z = keras.Input((latent_dim,), name="z")
    x = layers.Dense(_LOW_RES * _LOW_RES * _LOW_RES_CHANNELS, activation="relu", name="dense_7x7")(z)
    x = layers.Reshape((_LOW_RES, _LOW_RES, _LOW_RES_CHANNELS), name="reshape_7x7")(x)
    x = layers.Conv2D(128, 3, padding="same", activation="relu", name="conv_7x7_a")(x)
    x = layers.Conv2D(128, 3, padding="same", activation="relu", name="conv_7x7_b")(x)
    x = PixelShuffle(name="shuffle_14x14")(x)
    x = layers.Conv2D(64, 3, padding="same", activation="relu", name="conv_14x14")(x)
    x = PixelShuffle(name="shuffle_28x28")(x)
    images = layers.Conv2D(1, 3, padding="same", activation="sigmoid", name="bernoulli_mean")(x)
    return keras.Model(z, images, name="decoder")


def layer_flops(layer: keras.layers.Layer) -> int:
    """Return the forward-pass FLOPs per image of one Conv2D, Conv2DTranspose or Dense layer (else 0).

    One multiply-add counts as 2 FLOPs; activations, pixel shuffles and biases are ignored
    (a fraction of a percent here). A sub-model counts as the sum of its layers.
    """
    if isinstance(layer, keras.Model):
        return forward_flops(layer)
    if isinstance(layer, layers.Conv2DTranspose):  # cost per input pixel
        height, width, channels = layer.input.shape[1:]
    elif isinstance(layer, layers.Conv2D):  # cost per output pixel
        (height, width), channels = layer.output.shape[1:3], layer.input.shape[-1]
    elif isinstance(layer, layers.Dense):
        return 2 * layer.input.shape[-1] * layer.units
    else:
        return 0
    return 2 * height * width * channels * layer.filters * layer.kernel_size[0] * layer.kernel_size[1]


def forward_flops(model: keras.Model) -> int:
    """Return the forward-pass FLOPs per image of a model: the sum of ``layer_flops`` over its layers."""
    return sum(layer_flops(layer) for layer in model.layers)


def layer_table(model: keras.Model):
    """Return a pandas DataFrame with one row per layer: name, type, output shape, parameters, MFLOP."""
    import pandas as pd

    rows = []
    for layer in model.layers:
        output = layer.output.shape if not isinstance(layer.output, list) else [o.shape for o in layer.output]
        flops = layer_flops(layer)
        rows.append({"layer": layer.name, "type": type(layer).__name__,
                     "output shape": str(output).replace("None", "N"),
                     "parameters": layer.count_params(), "forward MFLOP": round(flops / 1e6, 2)})
    return pd.DataFrame(rows).set_index("layer")


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
    """

    def __init__(self, seed: int, **kwargs):
        super().__init__(**kwargs)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, z_mean, z_log_var):
        epsilon = keras.random.normal(ops.shape(z_mean), seed=self.seed_generator)
        return z_mean + ops.exp(0.5 * z_log_var) * epsilon

    def get_config(self):
        return {**super().get_config(), "seed": self.seed}


class VAE(keras.Model):
    """Denoising VAE trained on ``(noisy, clean, label)`` batches.

    The objective per batch is ``recon + β·KL + γ·SupCon`` where recon is the Bernoulli
    negative log-likelihood summed over pixels, KL is summed over latent dimensions (both
    averaged over the batch), and SupCon is the supervised contrastive loss on ``z_mean``.
    β and γ live in non-trainable variables that callbacks change between epochs.
    Calling the model maps noisy images to the decoded posterior mean (no sampling).
    """

    def __init__(self, latent_dim: int, seed: int, supcon_temperature: float, ssim_weight: float = 0.0,
                 **kwargs):
        super().__init__(**kwargs)
        self.latent_dim = latent_dim
        self.supcon_temperature = supcon_temperature
        self.ssim_weight = ssim_weight
        self.encoder = build_encoder(latent_dim)
        self.decoder = build_decoder(latent_dim)
        self.sampling = Sampling(seed, name="sampling")
        self.beta = self.add_weight(shape=(), initializer="ones", trainable=False, name="beta")
        self.gamma_sc = self.add_weight(shape=(), initializer="ones", trainable=False, name="gamma_sc")
        self.trackers = {name: keras.metrics.Mean(name=name) for name in LOSS_PARTS}

    @property
    def metrics(self):
        return list(self.trackers.values())

    def call(self, noisy, training=False):
        z_mean, _ = self.encoder(noisy, training=training)
        return self.decoder(z_mean, training=training)

    def loss_parts(self, noisy, clean, labels, training: bool) -> dict:
        """Return the batch means of every loss part (scalars), keyed by ``LOSS_PARTS``."""
        z_mean, z_log_var = self.encoder(noisy, training=training)
        z = self.sampling(z_mean, z_log_var)
        reconstruction = self.decoder(z, training=training)
        recon = ops.mean(losses.bernoulli_reconstruction(clean, reconstruction))
        kl = ops.mean(losses.kl_to_standard_normal(z_mean, z_log_var))
        supcon = losses.supervised_contrastive(z_mean, labels, self.supcon_temperature)
        total = recon + self.beta * kl + self.gamma_sc * supcon
        if self.ssim_weight:  # an experiment of notebook 08; recon_loss stays the BCE so histories compare
            total += self.ssim_weight * ops.mean(losses.ssim_dissimilarity(clean, reconstruction))
        return {"loss": total, "recon_loss": recon, "kl_loss": kl, "supcon_loss": supcon,
                "beta": self.beta, "gamma_sc": self.gamma_sc}

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


def build_vae(latent_dim: int, seed: int, supcon_temperature: float, ssim_weight: float = 0.0) -> VAE:
    """Return a built (weights created) but uncompiled VAE."""
    vae = VAE(latent_dim=latent_dim, seed=seed, supcon_temperature=supcon_temperature,
              ssim_weight=ssim_weight, name="vae")
    images = ops.zeros((2, *IMAGE_SHAPE))
    vae.loss_parts(images, images, ops.zeros((2,), dtype="int32"), training=False)
    vae(images)  # marks the model as built, which saving requires
    return vae
