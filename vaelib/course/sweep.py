"""Grids of training runs that answer the report's "limitations and ideas" questions (notebook 08).

Each grid varies one ``Config`` field from the reference settings, and every grid point is trained
with each seed of ``SEEDS`` so that a difference can be read against the spread between seeds.
Every run is an ordinary run directory under the sweep root, trained with ``training.train`` (so it
resumes when cut off) and skipped when it is already complete. Runs whose settings coincide (the
reference value of every grid) share one directory. After each run the table ``sweep.csv`` is
rewritten atomically; ``seed_stats`` and ``compare_seeds`` summarise it.

Budget: the full profile would need about 13 × 15 minutes, so every sweep run trains for
``SWEEP_BUDGET`` (8 epochs on a stratified 10,000-image subset, β warm-up over 3 epochs, about
the report's 40 % of the run) and the table says so in its ``epochs`` and ``train_images`` columns.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from vaelib import data, evaluation, runs
from vaelib.config import Config, get_config
from vaelib.course import grids
from vaelib.course.project import RUNS_DIR

SWEEP_DIR = RUNS_DIR / "sweep"
SWEEP_CSV = "sweep.csv"
SWEEP_BUDGET = {"epochs": 8, "train_size": 10_000, "beta_warmup_epochs": 3}
"""Overrides of the full profile shared by every sweep run."""

GRIDS: dict[str, tuple] = {
    "latent_dim": (8, 16, 32),
    "noise_factor": (0.1, 0.3, 0.45, 0.6, 0.8),
    "gamma_sc": (0.0, 0.5, 1.0, 2.0, 8.0, 32.0, 128.0),
    "beta_schedule": ("constant", "warmup", "cyclical"),
    "ssim_weight": (0.0, 100.0),
}
"""Each grid varies one Config field; the other fields keep the reference values."""

COLUMNS = (
    "grid",
    "value",
    "run",
    "seed",
    "epochs",
    "train_images",
    "baseline_mse",
    "baseline_psnr",
    "baseline_ssim",
    "mse",
    "psnr",
    "ssim",
    "knn5_acc",
    "linear_probe_acc",
    "final_kl",
    "final_supcon",
    "wall_time_s",
)
METRICS = ("mse", "psnr", "ssim", "knn5_acc", "linear_probe_acc", "final_kl", "final_supcon")
"""The measured columns that ``seed_stats`` summarises."""


def sweep_base() -> Config:
    """Return the reference settings with the sweep's reduced budget."""
    return get_config("full", **SWEEP_BUDGET)


def run_name(base: Config, field: str, value) -> str:
    """Return the run directory name of one grid point: "reference" when it equals the base settings."""
    return "reference" if getattr(base, field) == value else f"{field}={value}"


def score_run(run_dir: Path, splits: data.Splits) -> dict:
    """Return one table row's measurements of a finished run (test metrics, probes, KL, time)."""
    vae, cfg = runs.load_vae(run_dir)
    test = evaluation.held_out_set(vae, cfg, splits)
    table = evaluation.denoising_metrics(test)
    baseline, ours = table["baseline_noisy_to_clean"], table["vae_recon_to_clean"]
    history = runs.read_history(run_dir)
    return {
        "epochs": cfg.epochs,
        "train_images": len(splits.x_train),
        "baseline_mse": baseline["MSE"],
        "baseline_psnr": baseline["PSNR"],
        "baseline_ssim": baseline["SSIM"],
        "mse": ours["MSE"],
        "psnr": ours["PSNR"],
        "ssim": ours["SSIM"],
        **evaluation.z_mean_probes(vae, cfg, splits, test),
        "final_kl": history["kl_loss"].iloc[-1],
        "final_supcon": history["supcon_loss"].iloc[-1],
        "wall_time_s": runs.read_training(run_dir)["wall_time_s"],
    }


def run_sweep(
    chosen: dict[str, tuple] = GRIDS,
    root: Path = SWEEP_DIR,
    base: Config | None = None,
    splits: data.Splits | None = None,
    verbose: bool = True,
    seeds: tuple[int, ...] = grids.SEEDS,
) -> pd.DataFrame:
    """Train (or skip, or resume) every grid point with every seed under ``root``; write and return the table.

    The table has one row per grid point and seed, in grid order, columns ``COLUMNS``; it is
    rewritten after every run, so an interrupted sweep keeps what it finished. Rows of grids not
    in ``chosen`` that the table already holds are kept, before the new ones. Every seed shares
    the base settings' data split: seeds change the initial weights, the batches and the noise.
    """
    base = base or sweep_base()
    splits = splits or data.load_splits(base)
    scores: dict[str, dict] = {}
    kept = _rows_of_other_grids(root, chosen)
    rows = []
    for field, values in chosen.items():
        for value in values:
            for seed in seeds:
                name = grids.seeded_name(run_name(base, field, value), seed)
                if name not in scores:
                    run_dir = grids.ensure_trained(
                        base.replace(**{field: value}, seed=seed), Path(root) / name, splits, "sweep", verbose
                    )
                    scores[name] = score_run(run_dir, splits)
                rows.append({"grid": field, "value": str(value), "run": name, "seed": seed, **scores[name]})
                new = pd.DataFrame(rows, columns=list(COLUMNS))
                grids.write_table(root, pd.concat([kept, new], ignore_index=True) if len(kept) else new, SWEEP_CSV)
    return read_table(root)


def _rows_of_other_grids(root: Path, chosen: dict[str, tuple]) -> pd.DataFrame:
    """Return the rows of an existing table whose grid is not in ``chosen`` (none if there is no table)."""
    path = Path(root) / SWEEP_CSV
    if not path.exists():
        return pd.DataFrame()
    table = read_table(root)
    return table[~table["grid"].isin(list(chosen))].reset_index(drop=True)


def read_table(root: Path = SWEEP_DIR) -> pd.DataFrame:
    """Return the sweep table written by ``run_sweep``; raise RunError if there is none."""
    return grids.read_runs_table(Path(root) / SWEEP_CSV, "python -m vaelib sweep", dtype={"value": str})


def grid_table(table: pd.DataFrame, field: str) -> pd.DataFrame:
    """Return the rows of one grid (one per value and seed), indexed by the varied value, without the
    ``grid`` column."""
    rows = table[table["grid"] == field].set_index("value")
    rows.index.name = field
    return rows.drop(columns=["grid"])
