"""FLOP counting and the per-layer table of notebook 02 and the benchmark."""

import pytest

from vaelib.config import get_config
from vaelib.course import bench
from vaelib.course.architecture import forward_flops, layer_flops, layer_table
from vaelib.model import build_vae


def test_keras_io_reference_costs_40_mflop_per_training_image():
    encoder, decoder = bench.keras_io_networks(latent_dim=16)
    flops = bench.BACKWARD_FACTOR * (forward_flops(encoder) + forward_flops(decoder))
    # the keras.io row's MFLOP/img of `python -m vaelib bench`; notebook 02 prints its forward third, 13.4
    assert flops / 1e6 == pytest.approx(40.2, abs=0.05)


def test_layer_flops_counts_multiply_adds_twice():
    vae = build_vae(get_config("full"))
    first = vae.encoder.get_layer("conv_14x14")  # 3x3 conv, 1 -> 32 channels, 14x14 outputs
    assert layer_flops(first) == 2 * 14 * 14 * 3 * 3 * 1 * 32
    assert layer_flops(vae.encoder.get_layer("z_mean")) == 2 * 7 * 7 * 128 * 16
    assert layer_flops(vae.encoder.get_layer("flatten")) == 0


def test_layer_table_has_one_row_per_layer_and_all_the_parameters():
    decoder = build_vae(get_config("full")).decoder
    table = layer_table(decoder)
    assert list(table.index) == [layer.name for layer in decoder.layers]
    assert list(table.columns) == ["type", "output shape", "parameters", "forward MFLOP"]
    assert table["parameters"].sum() == decoder.count_params()
    assert table.loc["bernoulli_mean", "output shape"] == "(N, 28, 28, 1)"
