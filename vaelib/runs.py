"""The run directory: what training writes and what evaluation and notebooks read.

A run directory holds:

- ``config.json``: the ``Config`` the run was trained with;
- ``history.csv``: one row per finished epoch, in the report's columns (``HISTORY_COLUMNS``);
- ``checkpoint.npz``: every model and optimiser variable plus the callbacks' state after the
  last finished epoch (deleted when the run completes; it is what ``resume`` reads);
- ``vae.weights.h5``: the final weights (Keras format), written when training completes;
- ``training.json``: wall time and speed, written last: its presence marks a complete run.

Every file is written atomically, so an interrupted run never leaves a half-written file.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from vaelib.config import REFERENCE_RUN_DIR, Config
from vaelib.errors import VaelibError
from vaelib.fileio import atomic_write

CONFIG_FILE = "config.json"
HISTORY_FILE = "history.csv"
CHECKPOINT_FILE = "checkpoint.npz"
WEIGHTS_FILE = "vae.weights.h5"
TRAINING_FILE = "training.json"

HISTORY_COLUMNS = (
    "epoch", "beta", "gamma_sc", "kl_loss", "loss", "recon_loss", "supcon_loss",
    "val_beta", "val_gamma_sc", "val_kl_loss", "val_loss", "val_recon_loss", "val_supcon_loss",
    "learning_rate",
)
"""The columns of the report's training log, in its order (epochs count from 1)."""


class RunError(VaelibError):
    """A run directory is missing, incomplete, or does not match the requested config."""


def write_json(path: Path, values: dict) -> None:
    """Write ``values`` as indented, key-sorted JSON, atomically."""
    with atomic_write(path) as tmp:
        tmp.write_text(json.dumps(values, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def read_json(path: Path) -> dict:
    """Return the JSON object stored at ``path``."""
    return json.loads(path.read_text(encoding="utf-8"))


def write_history(run_dir: Path, rows: list[dict]) -> None:
    """Rewrite ``history.csv`` with ``rows`` (dicts keyed by ``HISTORY_COLUMNS``), atomically.

    Floats are written with ``repr`` precision, so equal runs give byte-identical files.
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HISTORY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    with atomic_write(run_dir / HISTORY_FILE) as tmp:
        tmp.write_text(buffer.getvalue(), encoding="utf-8")


def read_history(run_dir: Path) -> list[dict]:
    """Return the rows of ``history.csv`` (epoch as int, every other column as float)."""
    path = Path(run_dir) / HISTORY_FILE
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [{k: int(v) if k == "epoch" else float(v) for k, v in row.items()} for row in rows]


def is_complete(run_dir: Path) -> bool:
    """Return True when the run finished training (its ``training.json`` exists)."""
    return (Path(run_dir) / TRAINING_FILE).exists()


def load_config(run_dir: Path) -> Config:
    """Return the Config a run was trained with."""
    path = Path(run_dir) / CONFIG_FILE
    if not path.exists():
        raise RunError(f"{path} not found: {run_dir} is not a run directory "
                       "(train one with `python -m vaelib train --run-dir DIR`)")
    return Config.from_dict(read_json(path))


def require_complete(run_dir: Path) -> Path:
    """Return ``run_dir`` as a Path if it holds a finished run, else raise RunError saying how to make one."""
    run_dir = Path(run_dir)
    if not is_complete(run_dir):
        hint = ("`git checkout runs/reference` restores the committed reference run"
                if run_dir.resolve() == REFERENCE_RUN_DIR.resolve()
                else f"train it with `python -m vaelib train --run-dir {run_dir}`")
        raise RunError(f"{run_dir} holds no finished training run: {hint}")
    return run_dir


def load_vae(run_dir: Path):
    """Return the trained VAE of a finished run, with its Config: ``(vae, cfg)``."""
    from vaelib.model import build_vae

    run_dir = require_complete(run_dir)
    cfg = load_config(run_dir)
    vae = build_vae(cfg.latent_dim, cfg.seed, cfg.supcon_temperature, cfg.ssim_weight)
    vae.load_weights(run_dir / WEIGHTS_FILE)
    return vae, cfg
