"""The benchmark's FLOP counting (its timings are printed by `python -m vaelib bench`, never asserted)."""

import numpy as np
import pytest

from vaelib.config import get_config
from vaelib.course import bench
from vaelib.model import build_vae, forward_flops, layer_flops


def test_keras_io_reference_costs_40_mflop_per_training_image():
    encoder, decoder = bench.keras_io_networks(latent_dim=16)
    flops = bench.BACKWARD_FACTOR * (forward_flops(encoder) + forward_flops(decoder))
    assert flops / 1e6 == pytest.approx(40.2, abs=0.05)  # the figure measured in FACTS.md


def test_layer_flops_counts_multiply_adds_twice():
    vae = build_vae(get_config("full"))
    first = vae.encoder.get_layer("conv_14x14")  # 3x3 conv, 1 -> 32 channels, 14x14 outputs
    assert layer_flops(first) == 2 * 14 * 14 * 3 * 3 * 1 * 32
    assert layer_flops(vae.encoder.get_layer("z_mean")) == 2 * 7 * 7 * 128 * 16
    assert layer_flops(vae.encoder.get_layer("flatten")) == 0


def test_estimated_minutes_add_training_and_validation_time_per_epoch():
    cfg = get_config("full", epochs=10, val_size=6000)
    minutes = bench.estimated_minutes(cfg, n_train=54000, rates={"train": 1800.0, "val": 6000.0})
    assert minutes == pytest.approx(10 * (30 + 1) / 60)


def test_keras_io_yardstick_trains_through_our_vae_and_train_step():
    from vaelib.training import compiled_vae

    vae = compiled_vae(get_config("quick", compute_dtype="float32"), networks=bench.keras_io_networks(16))
    assert [layer.__class__.__name__ for layer in vae.decoder.layers].count("Conv2DTranspose") == 3
    images = np.random.default_rng(0).random((8, 28, 28, 1), np.float32)
    logs = vae.train_step((images, images, np.arange(8) % 2))
    assert np.isfinite(float(logs["loss"]))


@pytest.mark.parametrize(("rate", "steps"), [(2000.0, 62), (64.0, bench.MIN_STEPS), (1e6, bench.MAX_STEPS)])
def test_each_timing_lasts_about_timing_s_within_the_step_bounds(rate, steps):
    assert bench.steps_for(rate, batch_size=256) == steps
