"""Encoder, sampling and decoder: shapes, ranges and seeded sampling."""

import numpy as np
import pytest

from vaelib.model import IMAGE_SHAPE, build_decoder, build_encoder, build_vae


def test_encoder_gives_mean_and_log_variance_of_latent_size():
    z_mean, z_log_var = build_encoder(16)(np.random.default_rng(0).random((5, *IMAGE_SHAPE), np.float32))
    assert z_mean.shape == (5, 16) and z_log_var.shape == (5, 16)


def test_decoder_gives_images_in_unit_interval():
    images = np.asarray(build_decoder(8)(10 * np.random.default_rng(0).standard_normal((7, 8)).astype(np.float32)))
    assert images.shape == (7, 28, 28, 1)
    assert images.min() >= 0.0 and images.max() <= 1.0


def test_model_call_is_deterministic_and_sampling_is_seeded():
    images = np.random.default_rng(0).random((4, *IMAGE_SHAPE), np.float32)
    vae = build_vae(latent_dim=16, seed=3, supcon_temperature=0.1)
    np.testing.assert_array_equal(np.asarray(vae(images)), np.asarray(vae(images)))
    z_mean = np.zeros((4, 16), np.float32)
    draws = [np.asarray(build_vae(16, seed, 0.1).sampling(z_mean, z_mean)) for seed in (3, 3, 4)]
    np.testing.assert_array_equal(draws[0], draws[1])
    assert not np.array_equal(draws[0], draws[2])


def test_loss_parts_are_named_like_the_history_columns():
    images = np.random.default_rng(0).random((6, *IMAGE_SHAPE), np.float32)
    parts = build_vae(16, 0, 0.1).loss_parts(images, images, np.arange(6) % 2, training=False)
    assert set(parts) == {"loss", "recon_loss", "kl_loss", "supcon_loss", "beta", "gamma_sc"}
    total = float(parts["recon_loss"]) + float(parts["kl_loss"]) + float(parts["supcon_loss"])
    assert float(parts["loss"]) == pytest.approx(total, rel=1e-6)  # β = γ = 1 before training
