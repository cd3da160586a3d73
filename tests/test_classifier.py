"""The generation classifier: Fréchet distance against closed forms, coverage, and the cache."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

from vaelib import classifier

from synthetic import tiny_config, tiny_splits


def _whitened(n: int, d: int, seed: int = 0) -> np.ndarray:
    """Return n points (n, d) whose sample mean is exactly 0 and sample covariance exactly I."""
    x = np.random.default_rng(seed).standard_normal((n, d))
    x -= x.mean(axis=0)
    return x @ np.linalg.inv(np.linalg.cholesky(np.cov(x, rowvar=False))).T


def test_frechet_distance_of_identical_sets_is_zero():
    features = np.random.default_rng(0).standard_normal((500, 8))
    assert classifier.frechet_distance(features, features) == pytest.approx(0.0, abs=1e-8)


def test_frechet_distance_of_a_shifted_set_is_the_squared_shift():
    features = np.random.default_rng(0).standard_normal((500, 8))
    shift = np.arange(8) / 4.0
    expected = float(np.sum(shift**2))
    assert classifier.frechet_distance(features, features + shift) == pytest.approx(expected, rel=1e-8)


def test_frechet_distance_of_diagonal_gaussians_matches_the_closed_form():
    base = _whitened(400, 5)
    var_a, var_b = np.array([1.0, 2.0, 0.5, 4.0, 1.5]), np.array([3.0, 0.2, 0.5, 1.0, 2.5])
    mean_a, mean_b = np.zeros(5), np.array([1.0, -1.0, 0.0, 0.5, 2.0])
    a = base * np.sqrt(var_a) + mean_a
    b = _whitened(300, 5, seed=1) * np.sqrt(var_b) + mean_b
    expected = np.sum((mean_a - mean_b) ** 2) + np.sum((np.sqrt(var_a) - np.sqrt(var_b)) ** 2)
    assert classifier.frechet_distance(a, b) == pytest.approx(expected, rel=1e-8)


def test_frechet_distance_tolerates_constant_features():
    """ReLU features that are always 0 make both covariances singular."""
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((200, 4)), rng.standard_normal((200, 4)) + 1.0
    a[:, 0] = b[:, 0] = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no LinAlgWarning may reach a notebook's stderr
        assert np.isfinite(classifier.frechet_distance(a, b))


def test_class_coverage_on_hand_made_probabilities():
    probabilities = np.full((200, 10), 0.01)
    top = np.array([0] * 150 + [3] * 47 + [7] * 2 + [9] * 1)  # class 9 holds 0.5 % < 1 %
    probabilities[np.arange(200), top] = 0.91
    scores = classifier.class_coverage(probabilities)
    assert scores["class_histogram"].tolist() == [150, 0, 0, 47, 0, 0, 0, 2, 0, 1]
    assert scores["classes_covered"] == 3
    assert scores["mean_confidence"] == pytest.approx(0.91)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A classifier trained for one epoch on tiny synthetic splits, and its directory."""
    patch = pytest.MonkeyPatch()
    patch.setattr(classifier, "EPOCHS", 1)
    out_dir = classifier.train_classifier(tiny_config(), tmp_path_factory.mktemp("classifier"), splits=tiny_splits())
    yield out_dir
    patch.undo()


def test_train_classifier_writes_weights_and_summary(trained):
    out_dir = trained
    summary = json.loads((out_dir / classifier.SUMMARY_FILE).read_text())
    assert summary["epochs"] == 1 and summary["train_images"] == 96
    assert 0.0 <= summary["test_accuracy"] <= 1.0 and summary["wall_time_s"] >= 0
    assert classifier.read_summary(out_dir) == summary
    assert sorted(p.name for p in out_dir.iterdir()) == [classifier.SUMMARY_FILE, classifier.WEIGHTS_FILE]


def test_second_call_does_not_retrain(trained, monkeypatch):
    out_dir = trained
    before = {p.name: p.stat().st_mtime_ns for p in out_dir.iterdir()}

    def fail():
        raise AssertionError("the classifier was rebuilt")

    monkeypatch.setattr(classifier, "build_classifier", fail)
    assert classifier.train_classifier(tiny_config(), out_dir, splits=tiny_splits()) == out_dir
    assert {p.name: p.stat().st_mtime_ns for p in out_dir.iterdir()} == before


def test_training_is_deterministic_for_a_seed(trained, tmp_path):
    out_dir = trained
    again = classifier.train_classifier(tiny_config(), tmp_path / "again", splits=tiny_splits())
    for first, second in zip(
        classifier.load_classifier(out_dir).get_weights(), classifier.load_classifier(again).get_weights()
    ):
        np.testing.assert_array_equal(first, second)


def test_features_probabilities_and_generation_scores(trained):
    model = classifier.load_classifier(trained)
    images = tiny_splits().x_test
    features, probabilities = classifier.features_and_probabilities(model, images)
    assert features.shape == (32, classifier.FEATURES_DIM) and features.dtype == np.float64
    assert probabilities.shape == (32, 10)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    scores = classifier.generation_scores(model, images, images)
    assert scores["frechet_distance"] == pytest.approx(0.0, abs=1e-6)
    assert scores["class_histogram"].sum() == 32 and 1 <= scores["classes_covered"] <= 10
    noise = np.random.default_rng(0).random((32, 28, 28, 1), dtype=np.float32)
    assert classifier.generation_scores(model, noise, images)["frechet_distance"] > 0


def test_missing_classifier_names_the_command(tmp_path):
    with pytest.raises(classifier.ClassifierError, match="python -m vaelib lesson"):
        classifier.load_classifier(tmp_path)
