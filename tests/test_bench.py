"""The benchmark's step counts, time estimates and yardstick (its timings are printed by
`python -m vaelib bench`, never asserted; its FLOP counting is tested in test_architecture.py)."""

import numpy as np
import pytest

from vaelib.config import get_config
from vaelib.course import bench


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
