"""Evaluate a trained run: denoising metrics and latent-space structure, written into the run directory.

The model is used as in the report: it sees NOISY images. Test images carry the fixed test
noise (``data.noisy_test_images``); the train latents that the probes are fitted on come from
train images with their own fixed noise (``data.PROBE_NOISE_OFFSET``). The reconstruction is
the decoder's Bernoulli mean at ``z_mean`` (no sampling), so metrics are deterministic.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd

from vaelib import data, latent, metrics, metrics_files, model, runs
from vaelib.config import Config
from vaelib.model import Autoencoder


def encode(vae: Autoencoder, images: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Return ``(z_mean, z_log_var)``, each ``(n, latent_dim)``, for images ``(n, 28, 28, 1)``.

    A plain autoencoder has no ``z_log_var``: it is None, and ``z_mean`` is the code.
    """
    outputs = model.predict(vae.encoder, images)
    return (outputs, None) if not vae.variational else (outputs[0], outputs[1])


def reconstruct(vae: Autoencoder, noisy: np.ndarray) -> np.ndarray:
    """Return the denoised images ``(n, 28, 28, 1)`` in [0, 1]: the decoded ``z_mean`` of each input."""
    return model.predict(vae, noisy)


@dataclasses.dataclass(frozen=True, eq=False)
class HeldOutSet:
    """The test images as the model sees them, with what it makes of them."""

    clean: np.ndarray
    noisy: np.ndarray
    labels: np.ndarray
    reconstruction: np.ndarray
    z_mean: np.ndarray


def held_out_set(vae: Autoencoder, cfg: Config, splits: data.Splits) -> HeldOutSet:
    """Encode and reconstruct the fixed noisy test images."""
    noisy = data.noisy_test_images(splits.x_test, cfg)
    z_mean, _ = encode(vae, noisy)
    return HeldOutSet(splits.x_test, noisy, splits.y_test, reconstruct(vae, noisy), z_mean)


def noisy_train_images(cfg: Config, splits: data.Splits) -> np.ndarray:
    """Return the training images with the fixed noise that probes are fitted on."""
    return data.add_noise(splits.x_train, cfg.noise_factor, seed=cfg.seed + data.PROBE_NOISE_OFFSET)


def train_latents(vae: Autoencoder, cfg: Config, splits: data.Splits) -> np.ndarray:
    """Return ``z_mean`` of the noisy training images (fixed noise), for fitting probes."""
    return encode(vae, noisy_train_images(cfg, splits))[0]


def denoising_metrics(test: HeldOutSet) -> pd.DataFrame:
    """Return the baseline-vs-VAE table (MSE, PSNR, SSIM and skimage's default SSIM)."""
    return metrics.denoising_table(test.clean, test.noisy, test.reconstruction, skimage_default=True)


def z_mean_probes(vae: Autoencoder, cfg: Config, splits: data.Splits, test: HeldOutSet) -> dict[str, float]:
    """Return the probe accuracies of z_mean, {"knn5_acc": ..., "linear_probe_acc": ...}.

    The probes are fitted on ``train_latents`` and scored on ``test.z_mean``, as the z_mean row of
    ``representation`` (``latent.probe_accuracies``).
    """
    z_train = train_latents(vae, cfg, splits)
    return latent.probe_accuracies(z_train, splits.y_train, test.z_mean, test.labels, seed=cfg.seed)


def representation(vae: Autoencoder, cfg: Config, splits: data.Splits, test: HeldOutSet) -> pd.DataFrame:
    """Return kNN, linear-probe and silhouette scores of z_mean and of two pixel baselines."""
    noisy_train = noisy_train_images(cfg, splits)
    features = {
        "z_mean": (encode(vae, noisy_train)[0], test.z_mean),
        **latent.pixel_features(noisy_train, test.noisy, n_pca=cfg.latent_dim, seed=cfg.seed),
    }
    return latent.representation_table(features, splits.y_train, splits.y_test, seed=cfg.seed)


def evaluate_run(run_dir: Path, splits: data.Splits | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Compute and write ``metrics.csv``, ``metrics.txt``, ``metrics_extra.csv``, ``representation.csv`` and
    ``embeddings.npz`` (``latent.embeddings_2d`` of the test ``z_mean``), through ``metrics_files``.

    run_dir: a finished run; a damaged one raises ``runs.RunError`` before anything is written.

    Returns ``(denoising table, representation table)``.
    """
    vae, cfg = runs.load_vae(run_dir)
    splits = splits or data.load_splits(cfg)
    test = held_out_set(vae, cfg, splits)
    table = denoising_metrics(test)
    metrics_files.write_metrics(run_dir, table, cfg.noise_factor, cfg.latent_dim, cfg.batch_size, cfg.epochs)
    scores = representation(vae, cfg, splits, test)
    metrics_files.write_representation(run_dir, scores)
    metrics_files.write_embeddings(run_dir, latent.embeddings_2d(test.z_mean, test.labels, seed=cfg.seed))
    return table, scores


def noise_robustness(vae: Autoencoder, cfg: Config, clean: np.ndarray, noise_factors) -> pd.DataFrame:
    """Return test PSNR and SSIM of the noisy input and of the VAE at other noise levels than trained on.

    clean: test images ``(n, 28, 28, 1)``; each level gets fixed noise (seed ``cfg.seed + TEST_NOISE_OFFSET``).
    Rows are indexed by noise factor; columns baseline_psnr, vae_psnr, baseline_ssim, vae_ssim.
    """
    rows = {}
    for factor in noise_factors:
        noisy = data.add_noise(clean, factor, seed=cfg.seed + data.TEST_NOISE_OFFSET)
        recon = reconstruct(vae, noisy)
        rows[factor] = {
            "baseline_psnr": metrics.psnr(noisy, clean).mean(),
            "vae_psnr": metrics.psnr(recon, clean).mean(),
            "baseline_ssim": metrics.ssim(noisy, clean).mean(),
            "vae_ssim": metrics.ssim(recon, clean).mean(),
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "noise_factor"
    return table
