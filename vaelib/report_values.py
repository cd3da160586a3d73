"""The published numbers of the original Turkish report: the one place they are written.

Everything that compares with the report imports them from here: ``metrics_files.REPORT_METRICS``
(the denoising table), notebook 03 (settings and the last epoch of the training log), notebook 04
(through ``metrics_files.REPORT_METRICS``), notebook 05 (PCA) and the README's results table
(``vaelib.course.readme``).
"""

from __future__ import annotations

# The report's settings (its metrics.txt header and its training setup).
NOISE_FACTOR = 0.45
LATENT_DIM = 16
BATCH_SIZE = 256
EPOCHS = 20
GAMMA_SC = 1.0
BETA_WARMUP_EPOCHS = 8
"""β = min(1, epoch / 8): the KL weight reaches 1 at epoch 8."""

SETTINGS = {
    "noise_factor": NOISE_FACTOR,
    "latent_dim": LATENT_DIM,
    "batch_size": BATCH_SIZE,
    "epochs": EPOCHS,
    "gamma_sc": GAMMA_SC,
    "beta_warmup_epochs": BETA_WARMUP_EPOCHS,
}
"""The report's settings by ``Config`` field name."""

DENOISING_MEANS = {"MSE": (0.101500, 0.018064), "PSNR": (9.945, 17.962), "SSIM": (0.2871, 0.5950)}
"""Test-set means at NOISE_FACTOR, {metric: (noisy input → clean, VAE reconstruction → clean)}; PSNR in dB."""

LAST_EPOCH = {"recon_loss": 231.2, "kl_loss": 15.5, "supcon_loss": 4.904, "val_loss": 254.2, "val_supcon_loss": 4.818}
"""The training log's values at epoch EPOCHS that the report states, by ``runs.HISTORY_COLUMNS`` name (nats)."""

PCA_EXPLAINED_VARIANCE = (0.14242163, 0.11660043)
"""Explained variance ratio of the first two principal components of the test images' z_mean."""
PCA_EXPLAINED_VARIANCE_SUM = 0.25902206
