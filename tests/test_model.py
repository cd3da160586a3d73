"""Encoder, sampling and decoder: shapes, ranges, seeded sampling, dtypes and the autoencoder variants."""

import numpy as np
import pytest

from vaelib import device, losses
from vaelib.config import get_config
from vaelib.model import IMAGE_SHAPE, build_decoder, build_encoder, build_vae


def _images(n: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).random((n, *IMAGE_SHAPE), np.float32)


def test_encoder_gives_mean_and_log_variance_of_latent_size():
    z_mean, z_log_var = build_encoder(16)(_images(5))
    assert z_mean.shape == (5, 16) and z_log_var.shape == (5, 16)


def test_decoder_gives_images_in_unit_interval():
    images = np.asarray(build_decoder(8)(10 * np.random.default_rng(0).standard_normal((7, 8)).astype(np.float32)))
    assert images.shape == (7, 28, 28, 1)
    assert images.min() >= 0.0 and images.max() <= 1.0


def test_model_call_is_deterministic_and_sampling_is_seeded():
    vae = build_vae(get_config("full", seed=3))
    np.testing.assert_array_equal(np.asarray(vae(_images(4))), np.asarray(vae(_images(4))))
    z_mean = np.zeros((4, 16), np.float32)
    draws = [np.asarray(build_vae(get_config("full", seed=seed)).sampling(z_mean, z_mean)) for seed in (3, 3, 4)]
    np.testing.assert_array_equal(draws[0], draws[1])
    assert not np.array_equal(draws[0], draws[2])


def test_loss_parts_are_named_like_the_history_columns():
    images = _images(6)
    parts = build_vae(get_config("full", seed=0)).loss_parts(images, images, np.arange(6) % 2, training=False)
    assert set(parts) == {"loss", "recon_loss", "kl_loss", "supcon_loss", "beta", "gamma_sc"}
    total = float(parts["recon_loss"]) + float(parts["kl_loss"]) + float(parts["supcon_loss"])
    assert float(parts["loss"]) == pytest.approx(total, rel=1e-6)  # β = γ = 1 before training


@pytest.mark.parametrize("latent_dim", [2, 16])
def test_autoencoder_has_no_sampling_and_no_kl_term(latent_dim):
    ae = build_vae(get_config("full", variational=False, kl_weight=0.0, latent_dim=latent_dim))
    assert len(ae.encoder.outputs) == 1 and "z_log_var" not in [layer.name for layer in ae.encoder.layers]
    images, labels = _images(6), np.arange(6) % 2
    first, second = (ae.loss_parts(images, images, labels, training=True) for _ in range(2))
    assert float(first["recon_loss"]) == float(second["recon_loss"])  # no random draw anywhere
    assert float(first["kl_loss"]) == 0.0
    code = np.asarray(ae.encoder(images))
    expected = float(np.mean(losses.bernoulli_reconstruction(images, ae.decoder(code))))
    assert float(first["recon_loss"]) == pytest.approx(expected, rel=1e-6)
    assert float(first["loss"]) == pytest.approx(expected + float(first["supcon_loss"]), rel=1e-6)


def test_recon_only_and_kl_only_losses_are_their_hand_computed_parts():
    images, labels = _images(6), np.arange(6) % 2
    recon_only = build_vae(get_config("full", kl_weight=0.0, gamma_sc=0.0))
    recon_only.beta.assign(0.0), recon_only.gamma_sc.assign(0.0)  # what the callbacks set in training
    parts = recon_only.loss_parts(images, images, labels, training=False)
    assert float(parts["loss"]) == pytest.approx(float(parts["recon_loss"]), rel=1e-6)

    kl_only = build_vae(get_config("full", recon_weight=0.0, gamma_sc=0.0))
    kl_only.gamma_sc.assign(0.0)
    parts = kl_only.loss_parts(images, images, labels, training=False)
    z_mean, z_log_var = kl_only.encoder(images)
    kl = float(np.mean(losses.kl_to_standard_normal(z_mean, z_log_var)))
    assert float(parts["kl_loss"]) == pytest.approx(kl, rel=1e-6)
    assert float(parts["loss"]) == pytest.approx(kl, rel=1e-6)  # β = 1, no reconstruction term


@pytest.mark.skipif(
    not device.bfloat16_convolutions_run(),
    reason="this machine cannot run bfloat16 convolutions (oneDNN without AVX-512 BF16 or AMX); "
    "the float32 fallback is tested in test_device.py",
)
def test_bfloat16_computes_convolutions_in_bfloat16_and_losses_in_float32():
    vae = build_vae(get_config("full", compute_dtype="bfloat16"))
    assert vae.encoder.get_layer("conv_7x7_b").compute_dtype == "bfloat16"
    assert all(v.dtype == "float32" for v in vae.trainable_variables)
    z_mean, z_log_var = vae.encoder(_images(4))
    assert z_mean.dtype == "float32" and z_log_var.dtype == "float32"
    assert vae.decoder(z_mean).dtype == "float32"
    parts = vae.loss_parts(_images(4), _images(4), np.arange(4) % 2, training=True)
    assert all(np.isfinite(float(parts[name])) for name in ("recon_loss", "kl_loss", "supcon_loss"))


def test_predict_in_slices_equals_one_call_for_one_and_for_several_outputs():
    from vaelib import model

    vae = build_vae(get_config("full", compute_dtype="float32"))
    images = _images(7)
    np.testing.assert_allclose(model.predict(vae, images, batch_size=3), np.asarray(vae(images)), rtol=0, atol=1e-6)
    z_mean, z_log_var = model.predict(vae.encoder, images, batch_size=3)
    assert z_mean.shape == z_log_var.shape == (7, 16)
    np.testing.assert_allclose(z_mean, np.asarray(vae.encoder(images)[0]), rtol=0, atol=1e-5)


def test_an_inference_model_of_a_run_with_the_ssim_term_builds_and_scores_in_float64():
    """A run trained with the SSIM term is loaded in float64 (tf.image.ssim answers in float32)."""
    vae = build_vae(get_config("quick", ssim_weight=100.0), compute_dtype=device.INFERENCE_DTYPE)
    images = np.random.default_rng(0).random((2, 28, 28, 1)).astype(np.float32)
    parts = vae.loss_parts(images, images, np.zeros(2, dtype=np.int32), training=False)
    assert parts["loss"].dtype == "float64" and np.isfinite(float(parts["loss"]))
