"""The runs of notebook 07b (autoencoder vs VAE), trained once and cached like the sweep.

``python -m vaelib lesson`` trains the classifier that scores generated images
(``project.CLASSIFIER_DIR``) and every run of ``lesson_configs()`` under ``LESSON_DIR``,
skipping finished runs and resuming cut ones, then writes the table ``lesson.csv``: one row per
run with its denoising metrics, kNN accuracy, test KL, the classifier's scores of
``GENERATED_SAMPLES`` images decoded from z ~ N(0, I) and its verdict along straight latent paths
between test images of two classes (``path_scores``). Every setting is trained with each seed of
``grids.SEEDS``; ``setting`` names the setting of a row and ``seed`` its seed.

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
from vaelib.config import Config, get_config
from vaelib.course import grids, sweep
from vaelib.course.project import CLASSIFIER_DIR, RUNS_DIR

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
SIXTEEN_D_RUNS = {
    **{f"beta={beta}": {"kl_weight": beta} for beta in BETA_VALUES},
    "ae_16d": {"variational": False, "kl_weight": 0.0},
}

GENERATED_SAMPLES = 10_000
"""Images decoded from the prior for the generation scores (as many as real test images)."""
PATH_PAIRS = 500
"""Pairs of test images of two different classes whose latent path ``path_scores`` follows."""
PATH_STEPS = 9
"""Points of each path, end points included (``path_scores`` judges the 7 inside)."""
METRICS = (
    "psnr",
    "ssim",
    "knn5_acc",
    "linear_probe_acc",
    "test_kl",
    "mean_confidence",
    "classes_covered",
    "frechet_distance",
    "path_confidence",
    "path_other_class",
)
"""The measured columns of ``lesson.csv`` that ``grids.seed_stats`` summarises."""


def lesson_base() -> Config:
    """Return the full profile with the lesson's reduced budget."""
    return get_config("full", **LESSON_BUDGET)


def lesson_settings() -> dict[str, Config]:
    """Return every lesson setting's Config (with the base seed) by setting name, the 2-D ones first."""
    base = lesson_base()
    configs = {name: base.replace(**TWO_D_SETTINGS, **changes) for name, changes in TWO_D_RUNS.items()}
    configs |= {name: base.replace(**changes) for name, changes in SIXTEEN_D_RUNS.items()}
    return configs


def lesson_configs() -> dict[str, Config]:
    """Return every lesson run's Config by run name (``grids.seeded_name``): each setting with each seed."""
    return {
        grids.seeded_name(name, seed): cfg.replace(seed=seed)
        for name, cfg in lesson_settings().items()
        for seed in grids.SEEDS
    }


def mean_test_kl(vae, cfg: Config, splits: data.Splits) -> float:
    """Return the mean KL(q(z|x) || N(0, I)) of the noisy test images in nats (NaN for an autoencoder)."""
    z_mean, z_log_var = evaluation.encode(vae, data.noisy_test_images(splits.x_test, cfg))
    return float("nan") if z_log_var is None else float(latent.kl_per_dimension(z_mean, z_log_var).sum())


def prior_scores(vae, cfg: Config, splits: data.Splits, judge) -> dict:
    """Return the classifier's scores of ``GENERATED_SAMPLES`` decoded prior samples against the test images."""
    samples = generation.sample_prior(vae.decoder, GENERATED_SAMPLES, cfg.latent_dim, seed=cfg.seed)
    scores = classifier.generation_scores(judge, samples, splits.x_test)
    return {
        "mean_confidence": scores["mean_confidence"],
        "classes_covered": scores["classes_covered"],
        "frechet_distance": scores["frechet_distance"],
    }


def path_pairs(labels: np.ndarray, seed: int, n_pairs: int = PATH_PAIRS) -> np.ndarray:
    """Return ``(n_pairs, 2)`` indices of images of two different classes, drawn with ``seed``."""
    rng = np.random.default_rng(seed)
    pairs = rng.choice(len(labels), size=(4 * n_pairs, 2))
    return pairs[labels[pairs[:, 0]] != labels[pairs[:, 1]]][:n_pairs]


def path_probabilities(vae, judge, z_mean: np.ndarray, pairs: np.ndarray, steps: int = PATH_STEPS) -> np.ndarray:
    """Return the classifier's class probabilities ``(n_pairs, steps, 10)`` along straight latent paths.

    z_mean: ``(n, d)`` codes; pairs: ``(n_pairs, 2)`` indices into them; each path runs linearly
    from the first code to the second and is decoded by ``vae.decoder``.
    """
    images = generation.interpolation_grid(vae.decoder, z_mean[pairs], steps)
    _, probabilities = classifier.features_and_probabilities(judge, images.reshape(-1, *images.shape[2:]))
    return probabilities.reshape(len(pairs), steps, -1)


def path_scores(vae, cfg: Config, splits: data.Splits, judge) -> dict:
    """Return what the classifier sees inside latent paths between test images of two classes.

    The explainer says a path between two classes of a plain autoencoder crosses regions that
    match no class; this measures it on ``PATH_PAIRS`` pairs (drawn with the lesson's base seed,
    so every run follows the same pairs). For the ``PATH_STEPS - 2`` inner points:
    path_confidence is the mean top-class probability; path_other_class the fraction whose top
    class is neither end point's class.
    """
    z_mean = evaluation.encode(vae, data.noisy_test_images(splits.x_test, cfg))[0]
    pairs = path_pairs(splits.y_test, lesson_base().seed)
    inner = path_probabilities(vae, judge, z_mean, pairs)[:, 1:-1]
    predicted = inner.argmax(axis=2)
    ends = splits.y_test[pairs]
    other = (predicted != ends[:, :1]) & (predicted != ends[:, 1:])
    return {"path_confidence": float(inner.max(axis=2).mean()), "path_other_class": float(other.mean())}


def score_lesson_run(run_dir: Path, splits: data.Splits, judge) -> dict:
    """Return one row of ``lesson.csv``: the sweep's scores plus test KL, generation and path scores."""
    vae, cfg = runs.load_vae(run_dir)
    return {
        **sweep.score_run(run_dir, splits),
        "test_kl": mean_test_kl(vae, cfg, splits),
        **prior_scores(vae, cfg, splits, judge),
        **path_scores(vae, cfg, splits, judge),
    }


def run_lesson(
    root: Path = LESSON_DIR,
    classifier_dir: Path = CLASSIFIER_DIR,
    splits: data.Splits | None = None,
    verbose: bool = True,
) -> pd.DataFrame:
    """Train (or skip, or resume) the classifier and every lesson run; write and return ``root/lesson.csv``."""
    base = lesson_base()
    splits = splits or data.load_splits(base)
    classifier.train_classifier(base, classifier_dir, splits=data.load_splits(get_config("full")))
    judge = classifier.load_classifier(classifier_dir)
    rows = []
    for setting, setting_cfg in lesson_settings().items():
        for seed in grids.SEEDS:
            name, cfg = grids.seeded_name(setting, seed), setting_cfg.replace(seed=seed)
            run_dir = grids.ensure_trained(cfg, Path(root) / name, splits, "lesson", verbose)
            rows.append(
                {
                    "run": name,
                    "setting": setting,
                    "seed": seed,
                    "latent_dim": cfg.latent_dim,
                    "variational": cfg.variational,
                    "recon_weight": cfg.recon_weight,
                    "kl_weight": cfg.kl_weight,
                    "gamma_sc": cfg.gamma_sc,
                    **score_lesson_run(run_dir, splits, judge),
                }
            )
            grids.write_table(root, pd.DataFrame(rows), LESSON_CSV)
    return read_table(root)


def read_table(root: Path = LESSON_DIR) -> pd.DataFrame:
    """Return ``lesson.csv`` indexed by run name; raise RunError if the lesson runs were not made."""
    return grids.read_runs_table(Path(root) / LESSON_CSV, "python -m vaelib lesson", index_col="run")


def latents_2d(splits: data.Splits, root: Path = LESSON_DIR) -> dict[str, np.ndarray]:
    """Return the test codes ``(10000, 2)`` (z_mean, or the AE's code) of every 2-D run, by run name."""
    codes = {}
    for name in TWO_D_RUNS:
        vae, cfg = runs.load_vae(Path(root) / name)
        codes[name] = evaluation.encode(vae, data.noisy_test_images(splits.x_test, cfg))[0]
    return codes
