"""The three loss parts against hand computations and a NumPy reference."""

import numpy as np
import pytest

from vaelib import losses


def test_bernoulli_reconstruction_sums_pixels():
    clean = np.zeros((2, 28, 28, 1), np.float32)
    clean[1] = 1.0
    recon = np.full((2, 28, 28, 1), 0.25, np.float32)
    expected = 784 * np.array([-np.log(0.75), -np.log(0.25)])
    np.testing.assert_allclose(np.asarray(losses.bernoulli_reconstruction(clean, recon)), expected, rtol=1e-5)


def test_bernoulli_reconstruction_is_finite_at_saturated_outputs():
    clean = np.ones((1, 28, 28, 1), np.float32)
    recon = np.zeros((1, 28, 28, 1), np.float32)
    assert np.isfinite(np.asarray(losses.bernoulli_reconstruction(clean, recon))).all()


def test_kl_matches_hand_computation():
    z_mean = np.array([[0.0, 0.0], [1.0, -2.0]], np.float32)
    z_log_var = np.array([[0.0, 0.0], [np.log(4.0), 0.0]], np.float32)
    # KL(N(m, s²)||N(0,1)) = (s² + m² - 1 - ln s²) / 2, summed over dimensions.
    second = (4 + 1 - 1 - np.log(4)) / 2 + (1 + 4 - 1 - 0) / 2
    np.testing.assert_allclose(
        np.asarray(losses.kl_to_standard_normal(z_mean, z_log_var)), [0.0, second], rtol=1e-6, atol=1e-7
    )


def test_kl_terms_keep_each_dimension_and_a_float64_input_in_float64():
    z_mean = np.array([[0.0, 0.0], [1.0, -2.0]])
    z_log_var = np.array([[0.0, 0.0], [np.log(4.0), 0.0]])
    terms = np.asarray(losses.kl_terms(z_mean, z_log_var))
    assert terms.dtype == np.float64
    np.testing.assert_allclose(terms, [[0.0, 0.0], [(4 + 1 - 1 - np.log(4)) / 2, (1 + 4 - 1) / 2]], rtol=1e-15)


def supcon_reference(features, labels, temperature):
    """Loop-by-loop supervised contrastive loss (Khosla et al., eq. 2)."""
    z = features / np.linalg.norm(features, axis=1, keepdims=True)
    n = len(z)
    per_anchor = []
    for i in range(n):
        others = [a for a in range(n) if a != i]
        positives = [p for p in others if labels[p] == labels[i]]
        if not positives:
            continue
        denominator = sum(np.exp(z[i] @ z[a] / temperature) for a in others)
        per_anchor.append(-np.mean([np.log(np.exp(z[i] @ z[p] / temperature) / denominator) for p in positives]))
    return np.mean(per_anchor)


@pytest.mark.parametrize("temperature", [0.1, 0.5, 1.0])
def test_supcon_matches_numpy_reference(temperature):
    rng = np.random.default_rng(0)
    features = rng.standard_normal((12, 5)).astype(np.float32)
    labels = np.array([0, 0, 1, 1, 1, 2, 2, 3, 0, 1, 2, 4])  # class 3 and 4 have no positive
    got = float(losses.supervised_contrastive(features, labels, temperature))
    assert got == pytest.approx(supcon_reference(features.astype(np.float64), labels, temperature), rel=1e-4)


def test_supcon_is_lower_for_clustered_features():
    labels = np.repeat(np.arange(4), 8)
    rng = np.random.default_rng(1)
    clustered = np.eye(4, 6)[labels] + 0.01 * rng.standard_normal((32, 6))
    shuffled = rng.standard_normal((32, 6))
    clustered_loss = float(losses.supervised_contrastive(clustered.astype(np.float32), labels, 0.1))
    random_loss = float(losses.supervised_contrastive(shuffled.astype(np.float32), labels, 0.1))
    assert clustered_loss < random_loss - 1.0


def test_supcon_without_positives_is_zero():
    features = np.eye(3, dtype=np.float32)
    assert float(losses.supervised_contrastive(features, np.array([0, 1, 2]), 0.1)) == 0.0
