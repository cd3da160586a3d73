"""Evaluating a finished run writes the report's three result files."""

import numpy as np
import pytest

from vaelib import evaluation, latent, metrics, runs, training
from vaelib.runs import RunError

from synthetic import tiny_config, tiny_splits


@pytest.fixture(scope="module")
def trained_run(tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("run")
    training.train(tiny_config(), run_dir, verbose=False, splits=tiny_splits())
    return run_dir


def test_evaluate_run_writes_metrics_and_representation(trained_run):
    table, scores = evaluation.evaluate_run(trained_run, splits=tiny_splits())
    assert list(table.index) == ["MSE", "PSNR", "SSIM", metrics.SKIMAGE_DEFAULT_ROW]
    assert (trained_run / "metrics.csv").read_text().splitlines()[0] == (
        "metric,baseline_noisy_to_clean,vae_recon_to_clean,delta_or_improvement")
    assert "NOISE_FACTOR=0.45" in (trained_run / "metrics.txt").read_text()
    assert list(latent.read_representation(trained_run).index) == ["z_mean", "pixels", "pca16_pixels"]
    assert ((scores.values >= -1) & (scores.values <= 1)).all()


def test_reconstruction_decodes_the_posterior_mean(trained_run):
    vae, cfg = runs.load_vae(trained_run)
    noisy = tiny_splits().x_test[:5]
    z_mean, _ = evaluation.encode(vae, noisy)
    np.testing.assert_allclose(evaluation.reconstruct(vae, noisy), vae.decoder.predict(z_mean, verbose=0),
                               atol=1e-6)


def test_unfinished_run_cannot_be_evaluated(tmp_path):
    with pytest.raises(RunError, match="holds no finished training run: train it with"):
        evaluation.evaluate_run(tmp_path)
