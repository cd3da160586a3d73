"""Latent-space analysis: 2-D projections and how well a representation separates the classes.

A representation is a float array of shape (N, d), one row per image (e.g. the
encoder's z_mean, or flattened pixels). Labels are integer class ids, shape (N,).
Everything is deterministic for a given seed.

t-SNE and the linear probe run on one thread (``threadpool_limits(1)``; threadpoolctl
comes with scikit-learn). On this project's 2-core machines their OpenMP/BLAS
threads otherwise wait for cores taken by other work: with a training job running,
t-SNE on 500 points took 35 s on two threads and 1.7 s on one, the probe 7–12×
longer. One thread also makes their results independent of the core count.

Nothing here reads or writes a file: ``vaelib.metrics_files`` stores the tables and embeddings
that evaluation computes with these functions.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.manifold import TSNE, trustworthiness
from sklearn.metrics import silhouette_score
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from vaelib import losses

REPRESENTATION_COLUMNS = ("knn5_acc", "linear_probe_acc", "silhouette")


def pca_2d(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Project z (N, d) onto its first two principal components.

    Returns the projection (N, 2) and the explained-variance ratio of the two
    components (2,), each in [0, 1], largest first. Deterministic (full SVD).
    """
    pca = PCA(n_components=2, svd_solver="full")
    return pca.fit_transform(z), pca.explained_variance_ratio_


def tsne_2d(z: np.ndarray, seed: int, perplexity: float = 30.0) -> np.ndarray:
    """Embed z (N, d) in 2-D with t-SNE (PCA initialisation, one thread); returns (N, 2).

    Needs N > perplexity. 10,000 × 16 points take 53 s, 3,000 take 12 s (while a
    training job shared the 2 cores); ``subsample`` picks a stratified subset.
    """
    tsne = TSNE(n_components=2, perplexity=perplexity, init="pca", random_state=seed)
    with threadpool_limits(limits=1):
        return tsne.fit_transform(z)


def umap_2d(z: np.ndarray, seed: int, n_neighbors: int = 15, min_dist: float = 0.1) -> np.ndarray:
    """Embed z (N, d) in 2-D with UMAP; returns (N, 2), deterministic for a seed.

    umap is imported here because the import is slow (8–27 s) and the first fit in
    a process compiles numba code: 10,000 × 16 points took 52 s the first time in
    a process (import included) and 9 s afterwards. umap imports TensorFlow (for
    ParametricUMAP), which this module has already imported quietly through
    ``vaelib.backend`` (by way of ``losses``), so no TensorFlow start-up line reaches
    stderr. Every Python warning raised meanwhile (e.g. "n_jobs value 1 overridden
    to 1 by setting random_state") is suppressed so none reaches a notebook's stderr.
    A fixed random_state makes UMAP run on one thread.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import umap

        reducer = umap.UMAP(n_components=2, n_neighbors=n_neighbors, min_dist=min_dist, random_state=seed)
        return reducer.fit_transform(z)


def subsample(n_total: int, n: int, seed: int, labels: np.ndarray | None = None) -> np.ndarray:
    """Return n sorted indices drawn without replacement from range(n_total).

    With labels (n_total,), the draw is stratified: each class keeps its share.
    If n >= n_total, all indices are returned.
    """
    if n >= n_total:
        return np.arange(n_total)
    indices, _ = train_test_split(np.arange(n_total), train_size=n, random_state=seed, stratify=labels)
    return np.sort(indices)


def knn_accuracy(z_train: np.ndarray, y_train: np.ndarray, z_test: np.ndarray, y_test: np.ndarray, k: int = 5) -> float:
    """Test accuracy of a k-nearest-neighbour classifier (Euclidean) fitted on the train features.

    54,000 × 784 train and 10,000 test pixels take 18–24 s on 2 cores; 16-d features 1.6 s.
    """
    classifier = KNeighborsClassifier(n_neighbors=k).fit(z_train, y_train)
    return float(classifier.score(z_test, y_test))


def linear_probe_accuracy(
    z_train: np.ndarray,
    y_train: np.ndarray,
    z_test: np.ndarray,
    y_test: np.ndarray,
    seed: int,
    train_limit: int | None = None,
    C: float = 1.0,
    max_iter: int = 1000,
) -> float:
    """Test accuracy of a linear probe: standardised features + multinomial logistic regression.

    LogisticRegression (lbfgs, L2 with sklearn's default C = 1, one thread). On
    54,000 × 784 pixels it converges in 65 s (2 cores shared with a training job);
    on 54,000 × 16 features under 1 s. For quicker runs, train_limit fits the
    probe on a stratified subsample of that many training rows (see ``subsample``):
    10,000 pixel rows take 6 s (test accuracy 0.796 instead of 0.834). No warning
    is suppressed: a ConvergenceWarning means max_iter is too small for the features.
    """
    rows = np.arange(len(z_train))
    if train_limit is not None:
        rows = subsample(len(z_train), train_limit, seed, labels=y_train)
    probe = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=max_iter, random_state=seed))
    with threadpool_limits(limits=1):
        probe.fit(z_train[rows], y_train[rows])
        return float(probe.score(z_test, y_test))


def probe_accuracies(
    z_train: np.ndarray,
    y_train: np.ndarray,
    z_test: np.ndarray,
    y_test: np.ndarray,
    seed: int,
    train_limit: int | None = None,
) -> dict[str, float]:
    """Return the test accuracies of the two probes: {"knn5_acc": 5-NN, "linear_probe_acc": linear probe}.

    Both are fitted on the train features; train_limit subsamples the linear probe's rows
    (see ``linear_probe_accuracy``), the 5-NN classifier always uses all of them.
    """
    return {
        "knn5_acc": knn_accuracy(z_train, y_train, z_test, y_test, k=5),
        "linear_probe_acc": linear_probe_accuracy(z_train, y_train, z_test, y_test, seed=seed, train_limit=train_limit),
    }


def silhouette(z: np.ndarray, y: np.ndarray, sample_size: int, seed: int) -> float:
    """Silhouette score of the label clusters in z (N, d), in [-1, 1] (Euclidean distance).

    Computed on a random subsample of sample_size points (all points if N is smaller),
    because the full score needs N² distances.
    """
    size = sample_size if sample_size < len(z) else None
    return float(silhouette_score(z, y, sample_size=size, random_state=seed))


def pixel_features(
    x_train: np.ndarray, x_test: np.ndarray, n_pca: int = 16, *, seed: int
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Baseline representations of images (N, 28, 28[, 1]) for ``representation_table``.

    Returns {"pixels": flattened (N, 784) train/test pixels,
    f"pca{n_pca}_pixels": the first n_pca principal components, with the PCA
    fitted on the train pixels only}.
    """
    flat_train = x_train.reshape(len(x_train), -1)
    flat_test = x_test.reshape(len(x_test), -1)
    pca = PCA(n_components=n_pca, random_state=seed).fit(flat_train)
    return {
        "pixels": (flat_train, flat_test),
        f"pca{n_pca}_pixels": (pca.transform(flat_train), pca.transform(flat_test)),
    }


def representation_table(
    features: dict[str, tuple[np.ndarray, np.ndarray]],
    y_train: np.ndarray,
    y_test: np.ndarray,
    seed: int,
    train_limit: int | None = None,
    silhouette_size: int = 2000,
) -> pd.DataFrame:
    """Score each representation by how well it separates the classes of the test set.

    features: {name: (train features (N_train, d), test features (N_test, d))},
    e.g. {"z_mean": ..., **pixel_features(...)}. Returns a table indexed by name
    with columns knn5_acc and linear_probe_acc (``probe_accuracies``; the linear probe is fitted
    on the same train rows for every representation: all, or a stratified train_limit) and
    silhouette (of the test features, silhouette_size points).
    """
    rows = {
        name: {
            **probe_accuracies(train, y_train, test, y_test, seed=seed, train_limit=train_limit),
            "silhouette": silhouette(test, y_test, sample_size=silhouette_size, seed=seed),
        }
        for name, (train, test) in features.items()
    }
    table = pd.DataFrame.from_dict(rows, orient="index", columns=list(REPRESENTATION_COLUMNS))
    table.index.name = "representation"
    return table


SILHOUETTE_NO_STRUCTURE = 0.25
"""Silhouette at or below which there is no substantial cluster structure (Kaufman & Rousseeuw, 1990)."""
ACTIVE_KL_NATS = 0.01
"""A latent dimension whose mean KL to the prior exceeds this (nats) counts as active.

0.01 is the threshold of Burda, Grosse & Salakhutdinov (2016, "Importance weighted
autoencoders"), who call unit u active when Var_x(E_q[z_u | x]) > 0.01. Here it is applied to
the mean KL of the dimension: since KL_u ≥ ½·Var_x(z_mean_u), a dimension inactive by this rule
has Var_x(z_mean_u) ≤ 0.02; a collapsed dimension (posterior = prior for every x) has KL_u ≈ 0.
"""


def kl_per_dimension(z_mean: np.ndarray, z_log_var: np.ndarray) -> np.ndarray:
    """Return the KL(q(z_k | x) || N(0, 1)) of each latent dimension k, averaged over images, in nats.

    z_mean, z_log_var: encoder outputs (N, latent_dim). Result (latent_dim,) float64, computed in
    float64; its sum is the mean over images of the per-image KL that the loss uses (both are
    ``losses.kl_terms``, which ``losses.kl_to_standard_normal`` sums over dimensions).
    """
    z_mean, z_log_var = np.asarray(z_mean, np.float64), np.asarray(z_log_var, np.float64)
    return np.mean(np.asarray(losses.kl_terms(z_mean, z_log_var), np.float64), axis=0)


def active_dimensions(kl_per_dim: np.ndarray, threshold: float = ACTIVE_KL_NATS) -> np.ndarray:
    """Return the indices (ascending) of the dimensions whose mean KL exceeds threshold nats.

    kl_per_dim: (latent_dim,) from ``kl_per_dimension``; the threshold is ``ACTIVE_KL_NATS``.
    """
    return np.flatnonzero(np.asarray(kl_per_dim) > threshold)


EMBEDDING_SUBSET = 3000
"""Test images (stratified: 300 per class) that UMAP and t-SNE embed; PCA projects all of them."""


def embeddings_2d(z: np.ndarray, labels: np.ndarray, seed: int, n_subset: int = EMBEDDING_SUBSET) -> dict:
    """Return the 2-D views of a representation that notebook 05 draws, keyed by ``metrics_files.EMBEDDING_KEYS``.

    z: (N, d) test features, labels: (N,). "pca" (N, 2) and "pca_explained" (2,) come from
    ``pca_2d`` of all rows; "subset" (n_subset,) holds the stratified row indices (``subsample``)
    that "umap" and "tsne" (n_subset, 2 each) embed. UMAP and t-SNE turn differences in the last
    digits of z (another CPU's kernels) into another layout, so these coordinates are computed once
    and stored with the run (``metrics_files.write_embeddings``); ``embedding_quality`` checks a recomputation.
    """
    pca, explained = pca_2d(z)
    subset = subsample(len(z), n_subset, seed=seed, labels=labels)
    return {
        "labels": np.asarray(labels, np.uint8),
        "pca": pca.astype(np.float32),
        "pca_explained": explained,
        "subset": subset.astype(np.int32),
        "umap": umap_2d(z[subset], seed=seed).astype(np.float32),
        "tsne": tsne_2d(z[subset], seed=seed).astype(np.float32),
    }


def embedding_quality(points: np.ndarray, z: np.ndarray, labels: np.ndarray, n_neighbors: int = 5) -> dict:
    """Return what a 2-D embedding keeps of z, independent of where its clusters land.

    points: (N, 2) embedding of z (N, d); labels (N,). "trustworthiness": sklearn's measure in
    [0, 1] of how far the 2-D neighbourhoods are true neighbourhoods of z; "knn_acc_2d": accuracy
    of a leave-one-out ``n_neighbors``-NN classifier on the 2-D points (how well the picture
    separates the classes).
    """
    classifier = KNeighborsClassifier(n_neighbors=n_neighbors + 1).fit(points, labels)
    neighbours = classifier.kneighbors(points, return_distance=False)[:, 1:]  # drop each point itself
    votes = np.array([np.bincount(labels[row], minlength=labels.max() + 1).argmax() for row in neighbours])
    return {
        "trustworthiness": float(trustworthiness(z, points, n_neighbors=n_neighbors)),
        "knn_acc_2d": float(np.mean(votes == labels)),
    }
