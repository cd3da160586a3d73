"""The three parts of the VAE objective, written with backend-neutral ``keras.ops``.

Every loss takes a batch and returns either one value per image (shape ``(batch,)``)
or, for the contrastive loss, one scalar for the batch; ``kl_terms`` keeps the KL of each latent
dimension apart. Units are nats.
"""

from __future__ import annotations

from vaelib.backend import keras, tf

ops = keras.ops

_EPSILON = 1e-7


def bernoulli_reconstruction(clean, reconstruction):
    """Return the Bernoulli negative log-likelihood (binary cross-entropy) per image, in nats.

    clean, reconstruction: ``(batch, 28, 28, 1)`` in [0, 1]; the decoder output is the Bernoulli mean.
    The cross-entropy is summed over the 784 pixels, as in the report; shape ``(batch,)``.
    """
    p = ops.clip(reconstruction, _EPSILON, 1.0 - _EPSILON)
    bce = -(clean * ops.log(p) + (1.0 - clean) * ops.log(1.0 - p))
    return ops.sum(ops.reshape(bce, (ops.shape(bce)[0], -1)), axis=1)


def kl_terms(z_mean, z_log_var):
    """Return KL(N(z_mean, exp(z_log_var)) || N(0, 1)) of each image and latent dimension, in nats.

    z_mean, z_log_var: ``(batch, latent_dim)`` tensors or NumPy arrays; the result has the same shape
    and dtype (a float64 array gives a float64 tensor): ``-½ (1 + log σ² - μ² - σ²)`` elementwise.
    """
    return -0.5 * (1.0 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var))


def kl_to_standard_normal(z_mean, z_log_var):
    """Return KL(N(z_mean, exp(z_log_var)) || N(0, I)) per image: ``kl_terms`` summed over latent dimensions.

    z_mean, z_log_var: ``(batch, latent_dim)``; result ``(batch,)`` in nats.
    """
    return ops.sum(kl_terms(z_mean, z_log_var), axis=1)


def supervised_contrastive(features, labels, temperature: float):
    """Return the supervised contrastive loss (Khosla et al., 2020) of a batch, a scalar.

    features: ``(batch, d)``, L2-normalised here; labels: ``(batch,)`` integer classes.
    For each anchor i with at least one other sample of its class, the loss is
    ``-mean_{p in P(i)} log softmax_{a != i}(z_i·z_a / T)[p]``; anchors without positives are
    left out, and the result is the mean over the remaining anchors (0 if there are none).
    """
    z = features / ops.maximum(ops.norm(features, axis=1, keepdims=True), _EPSILON)
    logits = ops.matmul(z, ops.transpose(z)) / temperature
    batch = ops.shape(logits)[0]
    not_self = 1.0 - ops.eye(batch, dtype=logits.dtype)
    # Subtracting the row maximum keeps exp() finite; it cancels in the log-softmax.
    logits = logits - ops.stop_gradient(ops.max(logits, axis=1, keepdims=True))
    log_denominator = ops.log(ops.sum(ops.exp(logits) * not_self, axis=1, keepdims=True))
    log_prob = logits - log_denominator
    same_class = ops.cast(ops.equal(labels[:, None], labels[None, :]), logits.dtype) * not_self
    positives = ops.sum(same_class, axis=1)
    has_positive = ops.cast(positives > 0, logits.dtype)
    mean_log_prob = ops.sum(same_class * log_prob, axis=1) / ops.maximum(positives, 1.0)
    return -ops.sum(has_positive * mean_log_prob) / ops.maximum(ops.sum(has_positive), 1.0)


def ssim_dissimilarity(clean, reconstruction):
    """Return 1 - SSIM per image (``tf.image.ssim``, 11×11 Gaussian window, data range 1), shape ``(batch,)``.

    The one TensorFlow-specific loss: it is an optional extra term (``Config.ssim_weight``).
    """
    return 1.0 - tf.image.ssim(clean, reconstruction, max_val=1.0)
