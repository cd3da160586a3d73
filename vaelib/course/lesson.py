"""The runs of notebook 02b (autoencoder vs VAE), trained once and cached like the sweep.

``python -m vaelib lesson`` trains the classifier that scores generated images
(``classifier.CLASSIFIER_DIR``) and every run of ``lesson_configs()`` under ``LESSON_DIR``,
skipping finished runs and resuming cut ones, then writes the table ``lesson.csv``: one row per
run with its denoising metrics, kNN accuracy, test KL and the classifier's scores of
``GENERATED_SAMPLES`` images decoded from z ~ N(0, I).

Every run shares ``LESSON_BUDGET`` (the full profile's settings and model, fewer epochs on a
stratified subset), so the runs differ only in what the table names:

- the explainer's four models with a 2-D latent, trained on reconstruction and KL alone
  (no SupCon, so that class structure comes from the two terms under study): a plain
  autoencoder, a VAE with the reconstruction term only, one with the KL term only, and one
  with both;
- the 16-d model of the report (SupCon included) with β ∈ ``BETA_VALUES`` and as a plain
  autoencoder.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from vaelib import classifier, data, evaluation, generation, latent, runs
from vaelib.course import sweep
from vaelib.config import RUNS_DIR, Config, get_config

LESSON_DIR = RUNS_DIR / "lesson"
LESSON_CSV = "lesson.csv"
LESSON_BUDGET = {"epochs": 6, "train_size": 20_000, "beta_warmup_epochs": 2}
"""Overrides of the full profile shared by every lesson run: 6 epochs on 20,000 images, β warm-up over 2."""

TWO_D_RUNS = {
    "ae_2d": {"variational": False, "kl_weight": 0.0},
    "vae_recon_2d": {"kl_weight": 0.0},
    "vae_kl_2d": {"recon_weight": 0.0},
    "vae_2d": {},
}
"""The explainer's four models (AE, recon only, KL only, recon + KL), with a 2-D latent and no SupCon."""
TWO_D_SETTINGS = {"latent_dim": 2, "gamma_sc": 0.0}

BETA_VALUES = (0.0, 0.25, 1.0, 4.0)
"""KL weights of the 16-d runs (β = 0 is a VAE without the KL term, the closest to an AE)."""
SIXTEEN_D_RUNS = {**{f"beta={beta}": {"kl_weight": beta} for beta in BETA_VALUES},
                  "ae_16d": {"variational": False, "kl_weight": 0.0}}

GENERATED_SAMPLES = 10_000
"""Images decoded from the prior for the generation scores (as many as real test images)."""


def lesson_base() -> Config:
    """Return the full profile with the lesson's reduced budget."""
    return get_config("full", **LESSON_BUDGET)


def lesson_configs() -> dict[str, Config]:
    """Return every lesson run's Config by run name, the 2-D runs first."""
    base = lesson_base()
    configs = {name: base.replace(**TWO_D_SETTINGS, **changes) for name, changes in TWO_D_RUNS.items()}
    configs |= {name: base.replace(**changes) for name, changes in SIXTEEN_D_RUNS.items()}
    return configs


def test_kl(vae, cfg: Config, splits: data.Splits) -> float:
    """Return the mean KL(q(z|x) || N(0, I)) of the noisy test images in nats (NaN for an autoencoder)."""
    z_mean, z_log_var = evaluation.encode(vae, data.noisy_test_images(splits.x_test, cfg))
    return float("nan") if z_log_var is None else float(latent.kl_per_dimension(z_mean, z_log_var).sum())


def prior_scores(vae, cfg: Config, splits: data.Splits, judge) -> dict:
    """Return the classifier's scores of ``GENERATED_SAMPLES`` decoded prior samples against the test images."""
    samples = generation.sample_prior(vae.decoder, GENERATED_SAMPLES, cfg.latent_dim, seed=cfg.seed)
    scores = classifier.generation_scores(judge, samples, splits.x_test)
    return {"mean_confidence": scores["mean_confidence"], "classes_covered": scores["classes_covered"],
            "frechet_distance": scores["frechet_distance"]}


def score_lesson_run(run_dir: Path, splits: data.Splits, judge) -> dict:
    """Return one row of ``lesson.csv``: the sweep's scores plus test KL and the generation scores."""
    vae, cfg = runs.load_vae(run_dir)
    return {**sweep.score_run(run_dir, splits), "test_kl": test_kl(vae, cfg, splits),
            **prior_scores(vae, cfg, splits, judge)}


def run_lesson(root: Path = LESSON_DIR, splits: data.Splits | None = None, verbose: bool = True) -> pd.DataFrame:
    """Train (or skip, or resume) the classifier and every lesson run; write and return ``lesson.csv``."""
    base = lesson_base()
    splits = splits or data.load_splits(base)
    classifier.train_classifier(base, splits=data.load_splits(get_config("full")))
    judge = classifier.load_classifier()
    rows = []
    for name, cfg in lesson_configs().items():
        run_dir = sweep.ensure_trained(cfg, Path(root) / name, splits, "lesson", verbose)
        rows.append({"run": name, "latent_dim": cfg.latent_dim, "variational": cfg.variational,
                     "recon_weight": cfg.recon_weight, "kl_weight": cfg.kl_weight, "gamma_sc": cfg.gamma_sc,
                     **score_lesson_run(run_dir, splits, judge)})
        sweep.write_table(root, pd.DataFrame(rows), LESSON_CSV)
    return read_table(root)


def read_table(root: Path = LESSON_DIR) -> pd.DataFrame:
    """Return ``lesson.csv`` indexed by run name; raise RunError if the lesson runs were not made."""
    return sweep.read_runs_table(Path(root) / LESSON_CSV, "python -m vaelib lesson", index_col="run")


def latents_2d(splits: data.Splits, root: Path = LESSON_DIR) -> dict[str, np.ndarray]:
    """Return the test codes ``(10000, 2)`` (z_mean, or the AE's code) of every 2-D run, by run name."""
    codes = {}
    for name in TWO_D_RUNS:
        vae, cfg = runs.load_vae(Path(root) / name)
        codes[name] = evaluation.encode(vae, data.noisy_test_images(splits.x_test, cfg))[0]
    return codes
