"""Tests for vaelib.latent on small synthetic data (a few hundred points)."""

import warnings

import numpy as np
import pytest

from vaelib import latent

N_CLASSES = 10


def _clusters(n: int, d: int = 16, seed: int = 0, spread: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Return n points (n, d) in 10 Gaussian clusters 10 units apart, and their labels (n,)."""
    rng = np.random.default_rng(seed)
    centres = 10.0 * np.eye(N_CLASSES, d)
    labels = np.arange(n) % N_CLASSES
    points = centres[labels] + spread * rng.standard_normal((n, d))
    return points.astype(np.float32), labels


def _noise(n: int, d: int = 16, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Return pure-noise features (n, d) with random labels (n,) in 0..9."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, d)).astype(np.float32), rng.integers(0, N_CLASSES, n)


def test_separable_clusters_score_high():
    z_train, y_train = _clusters(500, seed=0)
    z_test, y_test = _clusters(300, seed=1)
    assert latent.knn_accuracy(z_train, y_train, z_test, y_test) > 0.95
    assert latent.linear_probe_accuracy(z_train, y_train, z_test, y_test, seed=0) > 0.95
    assert latent.silhouette(z_test, y_test, sample_size=200, seed=0) > 0.5


def test_noise_with_random_labels_scores_near_chance():
    z_train, y_train = _noise(1000, seed=0)
    z_test, y_test = _noise(1000, seed=1)
    assert latent.knn_accuracy(z_train, y_train, z_test, y_test) < 0.2
    assert latent.linear_probe_accuracy(z_train, y_train, z_test, y_test, seed=0) < 0.2
    assert abs(latent.silhouette(z_test, y_test, sample_size=500, seed=0)) < 0.1


def test_linear_probe_train_limit_uses_a_stratified_subsample():
    z_train, y_train = _clusters(500, seed=0)
    z_test, y_test = _clusters(300, seed=1)
    # Move every point outside the 50 rows the probe will use into the next class's cluster:
    # the probe with train_limit=50 must not notice, the probe on all rows must.
    kept = latent.subsample(len(z_train), 50, seed=3, labels=y_train)
    corrupted = np.roll(z_train, -1, axis=1)
    corrupted[kept] = z_train[kept]
    probe = latent.linear_probe_accuracy
    assert probe(corrupted, y_train, z_test, y_test, seed=3, train_limit=50) > 0.95
    assert probe(corrupted, y_train, z_test, y_test, seed=3, train_limit=None) < 0.5


def test_subsample_is_sorted_unique_stratified_and_deterministic():
    labels = np.repeat(np.arange(N_CLASSES), [100, 50, 150, 100, 100, 100, 100, 100, 100, 100])
    indices = latent.subsample(len(labels), 100, seed=0, labels=labels)
    assert len(indices) == 100 and np.all(np.diff(indices) > 0)
    assert np.bincount(labels[indices], minlength=N_CLASSES).tolist() == [10, 5, 15] + [10] * 7
    np.testing.assert_array_equal(indices, latent.subsample(len(labels), 100, seed=0, labels=labels))
    assert not np.array_equal(indices, latent.subsample(len(labels), 100, seed=1, labels=labels))
    unstratified = latent.subsample(1000, 30, seed=0)
    assert len(np.unique(unstratified)) == 30 and np.all(np.diff(unstratified) > 0)
    np.testing.assert_array_equal(latent.subsample(20, 50, seed=0), np.arange(20))


def test_silhouette_uses_all_points_when_sample_is_larger():
    z, y = _clusters(100)
    assert latent.silhouette(z, y, sample_size=1000, seed=0) == latent.silhouette(z, y, 100, seed=5)


def test_pca_2d_ratio_and_determinism():
    z, _ = _clusters(200)
    projection, ratio = latent.pca_2d(z)
    assert projection.shape == (200, 2) and ratio.shape == (2,)
    assert np.all((ratio >= 0) & (ratio <= 1)) and ratio[0] >= ratio[1] and ratio.sum() <= 1
    np.testing.assert_array_equal(projection, latent.pca_2d(z)[0])


def test_tsne_2d_is_deterministic_for_a_seed():
    z, _ = _clusters(100)
    embedding = latent.tsne_2d(z, seed=0)
    assert embedding.shape == (100, 2)
    np.testing.assert_array_equal(embedding, latent.tsne_2d(z, seed=0))


@pytest.mark.slow
def test_umap_2d_deterministic_and_silent():
    """The slowest test here (~15–60 s): importing umap (and TensorFlow) and numba's compilation."""
    z, _ = _clusters(200)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = latent.umap_2d(z, seed=0)
        second = latent.umap_2d(z, seed=0)
    assert caught == []
    assert first.shape == (200, 2)
    np.testing.assert_array_equal(first, second)


def test_pixel_features_baselines():
    rng = np.random.default_rng(0)
    x_train = rng.uniform(size=(120, 28, 28, 1)).astype(np.float32)
    x_test = rng.uniform(size=(30, 28, 28, 1)).astype(np.float32)
    features = latent.pixel_features(x_train, x_test, seed=0)
    assert list(features) == ["pixels", "pca16_pixels"]
    pixels_train, pixels_test = features["pixels"]
    assert pixels_train.shape == (120, 784) and pixels_test.shape == (30, 784)
    np.testing.assert_array_equal(pixels_test[3], x_test[3].ravel())
    pca_train, pca_test = features["pca16_pixels"]
    assert pca_train.shape == (120, 16) and pca_test.shape == (30, 16)
    # The PCA is fitted on the train pixels: their projection (not the test one) is centred.
    np.testing.assert_allclose(pca_train.mean(axis=0), 0, atol=1e-4)
    assert list(latent.pixel_features(x_train, x_test, n_pca=4, seed=0)) == ["pixels", "pca4_pixels"]


def test_representation_table_scores_each_representation():
    z_train, y_train = _clusters(300, seed=0)
    z_test, y_test = _clusters(100, seed=1)
    noise_train, noise_test = _noise(300, seed=2)[0], _noise(100, seed=3)[0]
    features = {"z_mean": (z_train, z_test), "noise": (noise_train, noise_test)}
    table = latent.representation_table(features, y_train, y_test, seed=0, silhouette_size=50)
    assert list(table.index) == ["z_mean", "noise"]
    assert list(table.columns) == ["knn5_acc", "linear_probe_acc", "silhouette"]
    assert table.loc["z_mean", "knn5_acc"] > 0.95 > 0.3 > table.loc["noise", "knn5_acc"]
    assert table.index.name == "representation"


@pytest.mark.parametrize("n", [1, 5])
def test_subsample_small_stratified_draws(n):
    labels = np.arange(100) % 5
    indices = latent.subsample(100, n * 5, seed=0, labels=labels)
    assert np.bincount(labels[indices]).tolist() == [n] * 5


def test_kl_per_dimension_sums_to_the_loss_kl():
    from vaelib import losses

    rng = np.random.default_rng(0)
    z_mean = rng.standard_normal((50, 6)).astype(np.float32)
    z_log_var = rng.normal(-1.0, 0.5, (50, 6)).astype(np.float32)
    per_dim = latent.kl_per_dimension(z_mean, z_log_var)
    assert per_dim.shape == (6,) and per_dim.dtype == np.float64 and np.all(per_dim > 0)
    per_image = np.asarray(losses.kl_to_standard_normal(z_mean, z_log_var))
    assert per_dim.sum() == pytest.approx(per_image.mean(), rel=1e-5)


def test_collapsed_dimensions_are_inactive():
    rng = np.random.default_rng(0)
    z_mean = np.zeros((100, 4))
    z_mean[:, 1] = 2.0 * rng.standard_normal(100)  # dimension 1 carries information
    z_log_var = np.zeros((100, 4))
    z_log_var[:, 3] = -2.0  # dimension 3 is narrow: far from the prior
    per_dim = latent.kl_per_dimension(z_mean, z_log_var)
    np.testing.assert_allclose(per_dim[[0, 2]], 0.0, atol=1e-12)
    assert latent.active_dimensions(per_dim).tolist() == [1, 3]
    assert latent.active_dimensions(per_dim, threshold=10.0).tolist() == []
