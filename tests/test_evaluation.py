"""Evaluating a finished run writes the report's three result files."""

import numpy as np
import pytest

from vaelib import data, device, evaluation, latent, metrics, metrics_files, model, runs, training
from vaelib.runs import RunError

from synthetic import tiny_config, tiny_splits


@pytest.fixture(scope="module")
def trained_run(tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("run")
    training.train(tiny_config(), run_dir, verbose=False, splits=tiny_splits())
    return run_dir


@pytest.mark.slow  # UMAP compiles its numba code (about 25 s) the first time in a process
def test_evaluate_run_writes_metrics_representation_and_embeddings(trained_run):
    table, scores = evaluation.evaluate_run(trained_run, splits=tiny_splits())
    assert list(table.index) == ["MSE", "PSNR", "SSIM", metrics.SKIMAGE_DEFAULT_ROW]
    assert (trained_run / "metrics.csv").read_text().splitlines()[0] == (
        "metric,baseline_noisy_to_clean,vae_recon_to_clean,delta_or_improvement"
    )
    assert "NOISE_FACTOR=0.45" in (trained_run / "metrics.txt").read_text()
    assert list(metrics_files.read_representation(trained_run).index) == ["z_mean", "pixels", "pca16_pixels"]
    # The four blob positions of tiny_splits stay apart under the noise: the raw pixels separate them.
    assert scores.loc["pixels", "knn5_acc"] > 0.9
    views = metrics_files.read_embeddings(trained_run)
    n_test = len(tiny_splits().y_test)
    assert views["pca"].shape == (n_test, 2) and views["umap"].shape == views["tsne"].shape == (n_test, 2)
    np.testing.assert_array_equal(views["labels"], tiny_splits().y_test)


def test_z_mean_row_is_the_probes_and_silhouette_of_the_test_latents(trained_run):
    vae, cfg = runs.load_vae(trained_run)
    splits = tiny_splits()
    test = evaluation.held_out_set(vae, cfg, splits)
    row = evaluation.representation(vae, cfg, splits, test).loc["z_mean"]
    probes = evaluation.z_mean_probes(vae, cfg, splits, test)
    assert list(probes) == ["knn5_acc", "linear_probe_acc"]
    assert probes == {name: row[name] for name in probes}
    assert row["silhouette"] == latent.silhouette(test.z_mean, test.labels, sample_size=2000, seed=cfg.seed)


def _blobs(n: int, spread: float, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Return n points (n, 16) around 4 centres 14 units apart, with their labels (n,)."""
    labels = np.arange(n) % 4
    points = 10.0 * np.eye(4, 16)[labels] + spread * np.random.default_rng(seed).standard_normal((n, 16))
    return points, labels


def test_silhouette_is_high_for_separate_clusters_and_near_zero_for_shuffled_labels():
    points, labels = _blobs(1000, spread=0.3)
    # Measured: 0.88 (the spread within a cluster is about 1/8 of the distance between centres).
    assert latent.silhouette(points, labels, sample_size=2000, seed=0) > 0.8
    # Measured: −0.017 to −0.031 over six shuffles of these 1000 points (−0.031 for this one).
    shuffled = np.random.default_rng(1).permutation(labels)
    assert abs(latent.silhouette(points, shuffled, sample_size=2000, seed=0)) < 0.05


def test_reconstruction_decodes_the_posterior_mean(trained_run):
    vae, cfg = runs.load_vae(trained_run)
    noisy = tiny_splits().x_test[:5]
    z_mean, _ = evaluation.encode(vae, noisy)
    np.testing.assert_allclose(evaluation.reconstruct(vae, noisy), vae.decoder.predict(z_mean, verbose=0), atol=1e-6)


def test_unfinished_run_cannot_be_evaluated(tmp_path):
    with pytest.raises(RunError, match="holds no finished training run: if it is committed, .* train it with"):
        evaluation.evaluate_run(tmp_path)


@pytest.mark.slow  # evaluate_run embeds with UMAP
def test_stored_scores_read_back_what_evaluate_wrote(tmp_path):
    training.train(tiny_config(epochs=1, lr_warmup_epochs=0), tmp_path, verbose=False, splits=tiny_splits())
    table, scores = evaluation.evaluate_run(tmp_path, splits=tiny_splits())
    stored = metrics_files.stored_scores(tmp_path)
    assert stored["psnr"] == pytest.approx(table.loc["PSNR", "vae_recon_to_clean"], abs=5e-4)
    assert stored["knn5_acc"] == pytest.approx(scores.loc["z_mean", "knn5_acc"], abs=5e-5)
    assert (stored["seed"], stored["epochs"]) == (tiny_config().seed, 1)


def test_noise_robustness_has_one_row_per_noise_factor_scored_like_the_metrics_module():
    cfg = tiny_config()
    vae = model.build_vae(cfg, compute_dtype=device.INFERENCE_DTYPE)  # untrained: the scores need no training
    clean = tiny_splits().x_test[:8]
    factors = [0.1, 0.3, cfg.noise_factor, 0.8]
    table = evaluation.noise_robustness(vae, cfg, clean, factors)
    assert list(table.index) == factors and table.index.name == "noise_factor"
    assert list(table.columns) == ["baseline_psnr", "vae_psnr", "baseline_ssim", "vae_ssim"]
    assert table["baseline_psnr"].is_monotonic_decreasing and table["baseline_psnr"].is_unique
    assert table["baseline_ssim"].is_monotonic_decreasing
    # At the trained noise factor the noisy input is the fixed noisy test set of every other score.
    noisy = data.noisy_test_images(clean, cfg)
    recon = model.predict(vae, noisy)
    row = table.loc[cfg.noise_factor]
    assert row["baseline_psnr"] == pytest.approx(metrics.psnr(noisy, clean).mean(), rel=1e-12)
    assert row["vae_psnr"] == pytest.approx(metrics.psnr(recon, clean).mean(), rel=1e-12)
    assert row["baseline_ssim"] == pytest.approx(metrics.ssim(noisy, clean).mean(), rel=1e-12)
    assert row["vae_ssim"] == pytest.approx(metrics.ssim(recon, clean).mean(), rel=1e-12)
    assert row["baseline_psnr"] != row["vae_psnr"]
