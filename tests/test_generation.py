"""Tests for vaelib.generation with a tiny seeded Keras decoder (Dense(784, sigmoid) + Reshape)."""

import numpy as np
import pytest

from vaelib import generation
from vaelib.backend import keras

LATENT_DIM = 4


@pytest.fixture(scope="module")
def decoder() -> keras.Model:
    """A tiny deterministic decoder: (n, 4) float32 -> (n, 28, 28, 1) in [0, 1]."""
    initializer = keras.initializers.RandomNormal(stddev=0.5, seed=0)
    return keras.Sequential(
        [
            keras.Input(shape=(LATENT_DIM,)),
            keras.layers.Dense(784, activation="sigmoid", kernel_initializer=initializer),
            keras.layers.Reshape((28, 28, 1)),
        ]
    )


class CountingDecoder:
    """A plain callable decoder (no predict_on_batch) that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0
        self.weights = np.random.default_rng(0).standard_normal((LATENT_DIM, 784)).astype(np.float32)

    def __call__(self, z: np.ndarray) -> np.ndarray:
        self.calls += 1
        return (1 / (1 + np.exp(-z @ self.weights))).reshape(-1, 28, 28, 1)


def _pair(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return tuple(rng.standard_normal((2, LATENT_DIM), dtype=np.float32))


def test_sample_prior_shape_range_and_seeds(decoder):
    images = generation.sample_prior(decoder, 6, LATENT_DIM, seed=0)
    assert images.shape == (6, 28, 28, 1) and images.dtype == np.float32
    assert images.min() >= 0 and images.max() <= 1
    np.testing.assert_array_equal(images, generation.sample_prior(decoder, 6, LATENT_DIM, seed=0))
    assert not np.allclose(images, generation.sample_prior(decoder, 6, LATENT_DIM, seed=1))


def test_sample_prior_decodes_standard_normal_draws_in_one_call():
    counting = CountingDecoder()
    images = generation.sample_prior(counting, 5, LATENT_DIM, seed=7)
    z = np.random.default_rng(7).standard_normal((5, LATENT_DIM), dtype=np.float32)
    np.testing.assert_array_equal(images, CountingDecoder()(z))
    assert counting.calls == 1


def test_interpolate_end_points_and_linear_midpoint():
    z_a, z_b = _pair()
    for method in generation.INTERPOLATION_METHODS:
        path = generation.interpolate(z_a, z_b, 7, method)
        assert path.shape == (7, LATENT_DIM) and path.dtype == np.float32
        np.testing.assert_array_equal(path[0], z_a)
        np.testing.assert_array_equal(path[-1], z_b)
    linear = generation.interpolate(z_a, z_b, 3, "linear")
    np.testing.assert_allclose(linear[1], (z_a + z_b) / 2, rtol=1e-6)
    assert generation.interpolate(z_a.astype(np.float64), z_b, 2).dtype == np.float64


def test_slerp_keeps_the_norm_of_equal_norm_end_points():
    z_a, z_b = _pair()
    z_b = z_b * np.linalg.norm(z_a) / np.linalg.norm(z_b)
    path = generation.interpolate(z_a, z_b, 9, "slerp")
    np.testing.assert_allclose(np.linalg.norm(path, axis=1), np.linalg.norm(z_a), rtol=1e-5)
    # Linear interpolation cuts the corner: its midpoint is shorter.
    assert np.linalg.norm(generation.interpolate(z_a, z_b, 9)[4]) < 0.99 * np.linalg.norm(z_a)


@pytest.mark.parametrize("factor", [2.0, -1.0, 0.0])
def test_slerp_falls_back_to_linear_for_parallel_or_zero_vectors(factor):
    z_a, _ = _pair()
    z_b = factor * z_a
    slerp = generation.interpolate(z_a, z_b, 5, "slerp")
    assert np.all(np.isfinite(slerp))
    np.testing.assert_array_equal(slerp, generation.interpolate(z_a, z_b, 5, "linear"))


def test_interpolate_rejects_bad_arguments():
    z_a, z_b = _pair()
    with pytest.raises(ValueError, match="at least 2"):
        generation.interpolate(z_a, z_b, 1)
    with pytest.raises(ValueError, match="unknown method"):
        generation.interpolate(z_a, z_b, 5, "cubic")
    with pytest.raises(ValueError, match="same size"):
        generation.interpolate(z_a, z_b[:2], 5)


def test_decode_interpolation_end_points_are_the_decoded_end_latents(decoder):
    z_a, z_b = _pair()
    images = generation.decode_interpolation(decoder, z_a, z_b, 6, "slerp")
    assert images.shape == (6, 28, 28, 1)
    ends = generation.decode(decoder, np.stack([z_a, z_b]))
    # Decoded in a batch of 6 and in a batch of 2, the same latent may take other CPU kernels that sum
    # in another order: float32 outputs in [0, 1] then agree to a few units of 1e-7, not bit for bit.
    np.testing.assert_allclose(images[[0, -1]], ends, rtol=0, atol=1e-6)


def test_interpolation_grid_decodes_all_pairs_in_one_call(decoder):
    z_pairs = np.stack([np.stack(_pair(seed)) for seed in range(3)])
    counting = CountingDecoder()
    grid = generation.interpolation_grid(counting, z_pairs, 5, "linear")
    assert counting.calls == 1
    assert grid.shape == (3, 5, 28, 28, 1)
    for i, (z_a, z_b) in enumerate(z_pairs):
        row = generation.decode_interpolation(counting, z_a, z_b, 5)
        np.testing.assert_allclose(grid[i], row, atol=1e-6)
    keras_grid = generation.interpolation_grid(decoder, z_pairs, 4, "slerp")
    assert keras_grid.shape == (3, 4, 28, 28, 1)
    end = generation.decode(decoder, z_pairs[1, 1:])[0]
    np.testing.assert_allclose(keras_grid[1, -1], end, atol=1e-6)
    with pytest.raises(ValueError, match="n_pairs, 2, d"):
        generation.interpolation_grid(decoder, z_pairs[:, :1], 4)


def _copying_decoder(z: np.ndarray) -> np.ndarray:
    """A fake decoder that writes each latent vector into the first pixels of its image."""
    images = np.zeros((len(z), 28, 28, 1), np.float32)
    images[:, 0, : z.shape[1], 0] = z
    return images


def test_latent_traversal_sweeps_one_dimension_and_holds_the_others():
    z_base = np.array([0.5, -1.0, 2.0, 0.25], np.float32)
    values = np.array([-2.0, 0.0, 3.0], np.float32)
    grid = generation.latent_traversal(_copying_decoder, z_base, [2, 0], values)
    assert grid.shape == (2, 3, 28, 28, 1)
    latents = grid[:, :, 0, :LATENT_DIM, 0]
    np.testing.assert_array_equal(latents[0, :, 2], values)
    np.testing.assert_array_equal(latents[1, :, 0], values)
    np.testing.assert_array_equal(latents[0][:, [0, 1, 3]], np.tile(z_base[[0, 1, 3]], (3, 1)))
    np.testing.assert_array_equal(latents[1][:, 1:], np.tile(z_base[1:], (3, 1)))
    counting = CountingDecoder()
    assert generation.latent_traversal(counting, z_base, [0, 1, 3], values).shape == (3, 3, 28, 28, 1)
    assert counting.calls == 1


def test_normal_quantile_grid_is_symmetric_and_matches_the_tutorial():
    values = generation.normal_quantile_grid(5)
    np.testing.assert_allclose(values, -values[::-1], atol=1e-12)
    assert values[2] == pytest.approx(0, abs=1e-12)
    assert values[-1] == pytest.approx(1.6448536, rel=1e-6)  # norm.ppf(0.95)
    assert np.all(np.diff(generation.normal_quantile_grid(20, low_p=0.01)) > 0)
    with pytest.raises(ValueError, match="low_p"):
        generation.normal_quantile_grid(5, low_p=0.5)


def test_decode_plane_puts_the_largest_y_on_top_and_calls_the_decoder_once():
    values_x, values_y = np.array([-1.0, 0.0, 1.0, 2.0]), np.array([-0.5, 0.5, 1.5])
    plane = generation.decode_plane(_copying_decoder, values_x, values_y)
    assert plane.shape == (3, 4, 28, 28, 1)
    np.testing.assert_array_equal(plane[:, :, 0, 0, 0], np.tile(values_x, (3, 1)))
    np.testing.assert_array_equal(plane[:, :, 0, 1, 0], np.tile([[1.5], [0.5], [-0.5]], (1, 4)))
    counting = CallCounter(_copying_decoder)
    generation.decode_plane(counting, values_x, values_y)
    assert counting.calls == 1


def test_decode_plane_with_the_project_decoder():
    from vaelib.model import build_decoder

    grid = generation.normal_quantile_grid(3)
    plane = generation.decode_plane(build_decoder(2), grid, grid)
    assert plane.shape == (3, 3, 28, 28, 1) and plane.dtype == np.float32
    assert plane.min() >= 0 and plane.max() <= 1


class CallCounter:
    """Wrap a callable decoder and count its calls."""

    def __init__(self, decoder) -> None:
        self.decoder, self.calls = decoder, 0

    def __call__(self, z: np.ndarray) -> np.ndarray:
        self.calls += 1
        return self.decoder(z)
