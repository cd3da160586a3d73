"""The stored 2-D coordinates of the reference run are what this machine computes, where it matters.

UMAP and t-SNE place their clusters differently when the 16-d codes differ in their last digits
(another CPU's kernels), so notebook 05 draws the coordinates stored in
``runs/reference/embeddings.npz`` instead of recomputing them. This test recomputes them here and
checks what a reader takes from the pictures: PCA coordinates up to the sign of each axis, and for
UMAP and t-SNE how well the 2-D neighbourhoods keep the 16-d ones (trustworthiness) and separate
the classes (2-D kNN accuracy), within a stated tolerance of the stored values.
"""

from __future__ import annotations

import numpy as np
import pytest

from vaelib import data, evaluation, latent, metrics_files, runs
from vaelib.course import project

PCA_ATOL = 1e-3
"""Largest difference in PCA coordinates (the codes span about ±5): float32 codes from other kernels."""
QUALITY_TOLERANCE = 0.02
"""Largest difference in trustworthiness or 2-D kNN accuracy between the stored and a recomputed
embedding; a layout that lost its class structure drops by 0.1 or more."""


@pytest.fixture(scope="module")
def codes(real_data_dir):
    vae, cfg = runs.load_vae(project.REFERENCE_RUN_DIR)
    splits = data.load_splits(cfg)
    return evaluation.encode(vae, data.noisy_test_images(splits.x_test, cfg))[0], splits.y_test, cfg


@pytest.fixture(scope="module")
def stored():
    return metrics_files.read_embeddings(project.REFERENCE_RUN_DIR)


def test_stored_pca_is_this_machines_pca_up_to_axis_signs(codes, stored):
    z, labels, _ = codes
    points, explained = latent.pca_2d(z)
    signs = np.sign(np.sum(points * stored["pca"], axis=0))
    np.testing.assert_allclose(points * signs, stored["pca"], rtol=0, atol=PCA_ATOL)
    np.testing.assert_allclose(explained, stored["pca_explained"], rtol=0, atol=1e-5)
    np.testing.assert_array_equal(stored["labels"], labels)


@pytest.mark.slow  # UMAP compiles its numba code, t-SNE embeds 3,000 points: about a minute
@pytest.mark.parametrize("method", ["umap", "tsne"])
def test_recomputed_embedding_keeps_the_stored_structure(codes, stored, method):
    z, labels, cfg = codes
    subset = stored["subset"]
    np.testing.assert_array_equal(
        subset, latent.subsample(len(z), latent.EMBEDDING_SUBSET, seed=cfg.seed, labels=labels)
    )
    embed = {"umap": latent.umap_2d, "tsne": latent.tsne_2d}[method]
    fresh = latent.embedding_quality(embed(z[subset], seed=cfg.seed), z[subset], labels[subset])
    kept = latent.embedding_quality(stored[method], z[subset], labels[subset])
    for name, value in kept.items():
        assert fresh[name] == pytest.approx(value, abs=QUALITY_TOLERANCE), name
