"""The files that evaluation writes into a run directory, besides metrics.csv (see test_metrics.py)."""

import numpy as np
import pandas as pd
import pytest

from vaelib import metrics_files, runs


def test_representation_csv_round_trip(tmp_path):
    table = pd.DataFrame(
        {"knn5_acc": [0.98765, 0.1], "linear_probe_acc": [0.9, 0.12345], "silhouette": [0.5, -0.01]},
        index=pd.Index(["z_mean", "noise"], name="representation"),
    )
    path = metrics_files.write_representation(tmp_path / "run", table)
    assert path == tmp_path / "run" / runs.REPRESENTATION_CSV
    assert [p.name for p in path.parent.iterdir()] == [runs.REPRESENTATION_CSV]
    lines = path.read_text().splitlines()
    assert lines[0] == "representation,knn5_acc,linear_probe_acc,silhouette"
    name, *values = lines[1].split(",")
    assert name == "z_mean" and all(len(value.split(".")[1]) == 4 for value in values)
    back = metrics_files.read_representation(path.parent)
    np.testing.assert_allclose(back.to_numpy(), table.to_numpy(), atol=5e-5)
    assert list(back.index) == ["z_mean", "noise"]


def _embeddings(n: int = 6) -> dict:
    """Return arrays keyed like ``latent.embeddings_2d``'s output, for n points."""
    rng = np.random.default_rng(0)
    return {
        "labels": np.arange(n, dtype=np.uint8),
        "pca": rng.random((n, 2), np.float32),
        "pca_explained": np.array([0.3, 0.2]),
        "subset": np.arange(n, dtype=np.int32),
        "umap": rng.random((n, 2), np.float32),
        "tsne": rng.random((n, 2), np.float32),
    }


def test_embeddings_round_trip(tmp_path):
    embeddings = _embeddings()
    metrics_files.write_embeddings(tmp_path, embeddings)
    back = metrics_files.read_embeddings(tmp_path)
    assert list(back) == list(metrics_files.EMBEDDING_KEYS)
    for key, array in embeddings.items():
        np.testing.assert_array_equal(back[key], array)
        assert back[key].dtype == array.dtype


def test_embeddings_without_a_view_say_how_to_rewrite_them(tmp_path):
    metrics_files.write_embeddings(tmp_path, {key: array for key, array in _embeddings().items() if key != "tsne"})
    with pytest.raises(runs.RunError, match=r"lacks tsne; rewrite it with `python -m vaelib evaluate --run-dir"):
        metrics_files.read_embeddings(tmp_path)
