"""The runs of notebook 02c's posterior-collapse section: a large β from the first step, and the same β
reached by a warm-up.

``python -m vaelib collapse`` trains every run of ``collapse_configs()`` under ``COLLAPSE_DIR`` (skipping
finished runs and resuming cut ones, like the sweep) and writes ``collapse.csv``: one row per run with its
schedule, seed, the KL of its first and last epoch (training history), the test KL and how many latent
dimensions stay active on the test images (``latent.ACTIVE_KL_NATS``), and the test PSNR.

The setting: the full profile's model on ``COLLAPSE_BUDGET`` (a short budget, no SupCon term, so that
nothing but the reconstruction term asks the code to carry information), with ``COLLAPSE_BETA`` from the
first step ("constant") or reached by a linear warm-up over ``WARMUP_EPOCHS`` ("warmup"), each with
``grids.SEEDS``. Only the table and the runs' configs, histories and times are committed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from vaelib import data, evaluation, latent, metrics, runs
from vaelib.config import Config, get_config
from vaelib.course import grids
from vaelib.course.project import RUNS_DIR

COLLAPSE_DIR = RUNS_DIR / "collapse"
COLLAPSE_CSV = "collapse.csv"
COLLAPSE_BETA = 16.0
"""The KL weight both schedules reach: large enough that β from the first step shuts most dimensions."""
WARMUP_EPOCHS = 3
COLLAPSE_BUDGET = {"epochs": 4, "train_size": 20_000, "gamma_sc": 0.0, "kl_weight": COLLAPSE_BETA}
"""Overrides of the full profile shared by every collapse run: 4 epochs on 20,000 images, no SupCon."""
SCHEDULES = {
    "constant": {"beta_schedule": "constant"},
    "warmup": {"beta_schedule": "warmup", "beta_warmup_epochs": WARMUP_EPOCHS},
}
COLUMNS = ("run", "schedule", "seed", "first_epoch_kl", "final_kl", "test_kl", "active_dims", "psnr")


def collapse_configs() -> dict[str, Config]:
    """Return every collapse run's Config by run name (``{schedule}_seed{seed}``), schedules first."""
    base = get_config("full", **COLLAPSE_BUDGET)
    return {
        f"{schedule}_seed{seed}": base.replace(seed=seed, **changes)
        for schedule, changes in SCHEDULES.items()
        for seed in grids.SEEDS
    }


def score_collapse_run(run_dir: Path, splits: data.Splits) -> dict:
    """Return one row's measurements: first and last epoch KL, test KL, active dimensions, test PSNR."""
    vae, cfg = runs.load_vae(run_dir)
    test = evaluation.held_out_set(vae, cfg, splits)
    _, z_log_var = evaluation.encode(vae, test.noisy)
    kl_per_dim = latent.kl_per_dimension(test.z_mean, z_log_var)
    history = runs.read_history(run_dir)
    return {
        "first_epoch_kl": history["kl_loss"].iloc[0],
        "final_kl": history["kl_loss"].iloc[-1],
        "test_kl": float(kl_per_dim.sum()),
        "active_dims": len(latent.active_dimensions(kl_per_dim)),
        "psnr": float(metrics.psnr(test.reconstruction, test.clean).mean()),
    }


def run_collapse(root: Path = COLLAPSE_DIR, splits: data.Splits | None = None, verbose: bool = True) -> pd.DataFrame:
    """Train (or skip, or resume) every collapse run under ``root``; write and return ``collapse.csv``."""
    configs = collapse_configs()
    splits = splits or data.load_splits(next(iter(configs.values())))
    rows = []
    for name, cfg in configs.items():
        run_dir = grids.ensure_trained(cfg, Path(root) / name, splits, "collapse", verbose)
        rows.append(
            {"run": name, "schedule": cfg.beta_schedule, "seed": cfg.seed, **score_collapse_run(run_dir, splits)}
        )
        grids.write_table(root, pd.DataFrame(rows, columns=list(COLUMNS)), COLLAPSE_CSV)
    return read_table(root)


def read_table(root: Path = COLLAPSE_DIR) -> pd.DataFrame:
    """Return ``collapse.csv`` indexed by run name; RunError if the collapse runs were not made."""
    return grids.read_runs_table(Path(root) / COLLAPSE_CSV, "python -m vaelib collapse", index_col="run")


def kl_curves(root: Path = COLLAPSE_DIR) -> dict[str, list[float]]:
    """Return the training KL of every epoch of every collapse run, by run name (from ``history.csv``)."""
    return {name: runs.read_history(Path(root) / name)["kl_loss"].tolist() for name in collapse_configs()}
