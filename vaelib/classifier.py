"""A small Fashion-MNIST classifier that puts numbers on generated images.

The classifier is trained once, on the CLEAN training images, and cached in a directory
like a run: ``classifier.weights.h5`` and ``classifier.json`` (test
accuracy, epochs, wall time), the JSON written last so that its presence marks a finished
classifier. Generated samples are then scored by what it makes of them: how confident it
is, which classes it sees, and a Fréchet distance between its penultimate-layer features
of the samples and of real images.
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import numpy as np
import scipy.linalg

from vaelib import data, device, runs
from vaelib.backend import keras, tf
from vaelib.classes import NUM_CLASSES
from vaelib.config import Config
from vaelib.errors import VaelibError
from vaelib.model import IMAGE_SHAPE, predict
from vaelib.seeding import seed_everything

layers = keras.layers

WEIGHTS_FILE = "classifier.weights.h5"
SUMMARY_FILE = "classifier.json"
MAKE_COMMAND = "python -m vaelib lesson"
"""The command that trains the cached classifier (named in the error when it is missing)."""

FEATURES_LAYER = "features"
"""Name of the penultimate Dense layer whose activations are the Fréchet-distance features."""
FEATURES_DIM = 128

EPOCHS = 5
"""Training budget: passes over the clean training split (Adam, ``LEARNING_RATE``, ``BATCH_SIZE``).

Meant to reach ≥ 90 % test accuracy in about two minutes on 2 CPU cores: training ran at
1,955 images/s on random images while another training shared the cores (≈ 28 s per epoch of
54,000 images). The accuracy and wall time actually reached are written to ``classifier.json``.
"""
BATCH_SIZE = 128
LEARNING_RATE = 1e-3

COVERAGE_MIN_FRACTION = 0.01
"""A class counts as covered by a set of samples when at least this fraction of them is assigned to it."""
IMAGINARY_TOLERANCE = 1e-3
"""Largest imaginary part on the diagonal of the covariance square root that counts as round-off."""


class ClassifierError(VaelibError):
    """The cached classifier is missing or incomplete."""


def build_classifier(compute_dtype: str = "float32") -> keras.Model:
    """Return an untrained CNN: image ``(28, 28, 1)`` → class probabilities ``(10,)``.

    Conv 32 → max-pool → Conv 64 → max-pool → Dense 128 (``FEATURES_LAYER``, ReLU) → dropout
    → softmax. About 8.5 MFLOP per image forward, so training is cheap on a CPU. compute_dtype:
    float32 to train, ``device.INFERENCE_DTYPE`` for the scores that notebooks store.
    """
    dtype = {"dtype": compute_dtype}
    images = keras.Input(IMAGE_SHAPE, name="image")
    x = layers.Conv2D(32, 3, padding="same", activation="relu", name="conv_28x28", **dtype)(images)
    x = layers.MaxPooling2D(name="pool_14x14", **dtype)(x)
    x = layers.Conv2D(64, 3, padding="same", activation="relu", name="conv_14x14", **dtype)(x)
    x = layers.MaxPooling2D(name="pool_7x7", **dtype)(x)
    x = layers.Flatten(name="flatten", **dtype)(x)
    features = layers.Dense(FEATURES_DIM, activation="relu", name=FEATURES_LAYER, **dtype)(x)
    x = layers.Dropout(0.3, name="dropout", **dtype)(features)
    probabilities = layers.Dense(NUM_CLASSES, activation="softmax", name="probabilities", **dtype)(x)
    return keras.Model(images, probabilities, name="classifier")


def is_trained(out_dir: Path) -> bool:
    """Return True when ``out_dir`` holds a finished classifier (its ``classifier.json`` exists)."""
    return (Path(out_dir) / SUMMARY_FILE).exists()


def _training_batches(x: np.ndarray, y: np.ndarray, seed: int) -> tf.data.Dataset:
    """Return shuffled ``(images, labels)`` batches, reshuffled every epoch from ``seed``."""
    dataset = tf.data.Dataset.from_tensor_slices((x, y))
    dataset = dataset.shuffle(len(x), seed=seed, reshuffle_each_iteration=True).batch(BATCH_SIZE)
    return data.prefetched(dataset)  # fixed prefetch depth: no autotuner stall after fit


def train_classifier(cfg: Config, out_dir: Path, splits: data.Splits | None = None) -> Path:
    """Train the classifier on the clean training images into ``out_dir``; return ``out_dir``.

    Skips training when ``out_dir`` already holds a finished classifier. Seeded with
    ``cfg.seed``; the budget is ``EPOCHS`` × the training split. splits: the data (None:
    ``data.load_splits(cfg)``). Writes the weights, then ``classifier.json`` with the test
    accuracy, the epochs, the number of training images and the wall time of training (s).
    """
    out_dir = Path(out_dir)
    if is_trained(out_dir):
        return out_dir
    splits = splits or data.load_splits(cfg)
    seed_everything(cfg.seed)
    model = build_classifier()
    model.compile(
        optimizer=keras.optimizers.Adam(LEARNING_RATE), loss="sparse_categorical_crossentropy", metrics=["accuracy"]
    )
    started = time.perf_counter()
    model.fit(
        _training_batches(splits.x_train, splits.y_train, cfg.seed), epochs=EPOCHS, shuffle=False, verbose=0
    )  # the dataset shuffles itself, from the seed
    wall_time_s = time.perf_counter() - started
    _, probabilities = features_and_probabilities(model, splits.x_test)
    runs.write_weights(model, out_dir / WEIGHTS_FILE)
    runs.write_json(
        out_dir / SUMMARY_FILE,
        {
            "test_accuracy": round(float(np.mean(probabilities.argmax(axis=1) == splits.y_test)), 4),
            "epochs": EPOCHS,
            "train_images": len(splits.x_train),
            "seed": cfg.seed,
            "wall_time_s": round(wall_time_s, 1),
        },
    )
    return out_dir


def load_classifier(out_dir: Path) -> keras.Model:
    """Return the trained classifier cached in ``out_dir``; ClassifierError says how to make it if missing."""
    out_dir = Path(out_dir)
    if not is_trained(out_dir):
        raise ClassifierError(f"{out_dir} holds no trained classifier: make it with `{MAKE_COMMAND}`")
    device.make_reproducible()
    model = build_classifier(device.INFERENCE_DTYPE)  # float64: the same float32 scores on every CPU path
    model.load_weights(out_dir / WEIGHTS_FILE)
    return model


def read_summary(out_dir: Path) -> dict:
    """Return ``classifier.json`` of a trained classifier (test_accuracy, epochs, wall_time_s, ...)."""
    return runs.read_json(Path(out_dir) / SUMMARY_FILE)


def features_and_probabilities(classifier: keras.Model, images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the penultimate features ``(n, 128)`` float64 and class probabilities ``(n, 10)`` of images.

    images: ``(n, 28, 28, 1)`` in [0, 1]; predicted in batches of ``model.PREDICT_BATCH``.
    """
    both = keras.Model(classifier.input, [classifier.get_layer(FEATURES_LAYER).output, classifier.outputs[0]])
    features, probabilities = predict(both, images)
    return features.astype(np.float64), probabilities.astype(np.float64)


def _sqrtm(matrix: np.ndarray) -> np.ndarray:
    """Return ``scipy.linalg.sqrtm(matrix)`` without its singular-matrix warning.

    Features that are always 0 (dead ReLU units) make covariances singular; the caller checks
    the result instead (finite, small imaginary part), and a warning would reach notebook stderr.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", scipy.linalg.LinAlgWarning)
        return scipy.linalg.sqrtm(matrix)


def frechet_distance(features_a: np.ndarray, features_b: np.ndarray) -> float:
    """Return the Fréchet distance between Gaussians fitted to two feature sets ``(n_a, d)``, ``(n_b, d)``.

    ``|μ_a − μ_b|² + tr(Σ_a + Σ_b − 2 (Σ_a Σ_b)^½)`` with sample means and covariances, in squared
    feature units. With this module's classifier features it is an FID computed with an in-domain
    classifier's penultimate features: it ranks models on this data set, but it is NOT comparable
    with Inception-FID numbers from papers. Like FID it is biased by the sample size: compare
    only values computed from the same numbers of images. The matrix square root is
    ``scipy.linalg.sqrtm``; imaginary round-off (below ``IMAGINARY_TOLERANCE``) is discarded,
    and if the root is not finite the covariances get 1e-6·I added, as in the reference FID code.
    """
    mean_a, mean_b = features_a.mean(axis=0), features_b.mean(axis=0)
    cov_a = np.atleast_2d(np.cov(features_a, rowvar=False))
    cov_b = np.atleast_2d(np.cov(features_b, rowvar=False))
    root = _sqrtm(cov_a @ cov_b)
    if not np.isfinite(root).all():
        offset = 1e-6 * np.eye(len(cov_a))
        root = _sqrtm((cov_a + offset) @ (cov_b + offset))
    if np.iscomplexobj(root):
        if np.abs(np.diagonal(root).imag).max() > IMAGINARY_TOLERANCE:
            raise ValueError("the covariance square root has a large imaginary part: too few samples?")
        root = root.real
    return float(np.sum((mean_a - mean_b) ** 2) + np.trace(cov_a) + np.trace(cov_b) - 2 * np.trace(root))


def class_coverage(probabilities: np.ndarray) -> dict:
    """Summarise class probabilities ``(n, 10)`` of samples.

    Returns mean_confidence (mean top-class probability), class_histogram ((10,) int counts
    of the argmax) and classes_covered (classes holding ≥ ``COVERAGE_MIN_FRACTION`` of the samples).
    """
    histogram = np.bincount(probabilities.argmax(axis=1), minlength=NUM_CLASSES)
    return {
        "mean_confidence": float(probabilities.max(axis=1).mean()),
        "class_histogram": histogram,
        "classes_covered": int(np.sum(histogram >= COVERAGE_MIN_FRACTION * len(probabilities))),
    }


def generation_scores(classifier: keras.Model, samples: np.ndarray, real_images: np.ndarray) -> dict:
    """Score generated samples ``(n, 28, 28, 1)`` against real images ``(m, 28, 28, 1)``.

    Returns ``class_coverage`` of the samples plus frechet_distance (``frechet_distance`` of the
    classifier features of samples and real images). Use the same n for every model compared.
    """
    sample_features, probabilities = features_and_probabilities(classifier, samples)
    real_features, _ = features_and_probabilities(classifier, real_images)
    return {**class_coverage(probabilities), "frechet_distance": frechet_distance(sample_features, real_features)}
