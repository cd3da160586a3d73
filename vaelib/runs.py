"""The run directory: what training writes and what evaluation and notebooks read.

A run directory holds:

- ``config.json``: the ``Config`` the run was trained with;
- ``history.csv``: one row per finished epoch, in the report's columns (``HISTORY_COLUMNS``);
- ``checkpoint.npz``: every model and optimiser variable plus the callbacks' state after the
  last finished epoch (deleted when the run completes; it is what ``resume`` reads);
- ``vae.weights.h5``: the final weights (Keras format), written when training completes;
- ``training.json``: wall time and speed, written last: its presence marks a complete run.

Evaluation (``vaelib.evaluation``) adds ``metrics.csv`` and ``metrics.txt`` (the report's
three metrics, in the report's layout), ``metrics_extra.csv`` (further measurements),
``representation.csv`` and ``embeddings.npz`` (the 2-D PCA, UMAP and t-SNE coordinates that
notebooks draw: stored, because nonlinear embeddings turn last-digit differences between CPUs
into another layout).

Every file is written atomically, so an interrupted run never leaves a half-written file.
A damaged file (truncated, unreadable, or with content that is not what training writes)
raises RunError naming the file and the fix, and nothing in the directory is changed.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from vaelib.config import Config, ConfigError
from vaelib.errors import VaelibError
from vaelib.fileio import atomic_write, write_text

CONFIG_FILE = "config.json"
HISTORY_FILE = "history.csv"
CHECKPOINT_FILE = "checkpoint.npz"
WEIGHTS_FILE = "vae.weights.h5"
TRAINING_FILE = "training.json"
METRICS_CSV = "metrics.csv"
METRICS_TXT = "metrics.txt"
METRICS_EXTRA_CSV = "metrics_extra.csv"
REPRESENTATION_CSV = "representation.csv"
EMBEDDINGS_FILE = "embeddings.npz"

HISTORY_COLUMNS = (
    "epoch",
    "beta",
    "gamma_sc",
    "kl_loss",
    "loss",
    "recon_loss",
    "supcon_loss",
    "val_beta",
    "val_gamma_sc",
    "val_kl_loss",
    "val_loss",
    "val_recon_loss",
    "val_supcon_loss",
    "learning_rate",
)
"""The columns of the report's training log, in its order (epochs count from 1)."""


_NPZ_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
"""The fixed member time of ``write_arrays`` archives (the earliest a zip file can state)."""


class RunError(VaelibError):
    """A run directory is missing, incomplete, damaged, or does not match the requested config."""


def _repair_hint(run_dir: Path) -> str:
    """Return what to do about a damaged run directory: restore a committed one from git, else retrain."""
    return (
        f"if it is committed, `git checkout -- {run_dir}` restores it; otherwise train a new run into "
        "another directory with `python -m vaelib train --run-dir NEW_DIR`"
    )


def _damaged(path: Path, problem: str) -> RunError:
    """Return the one-line RunError for a damaged file of a run: the file, what is wrong, what to do."""
    return RunError(f"{path} {problem}; the run is damaged: {_repair_hint(path.parent)}")


def _first_line(exc: BaseException) -> str:
    """Return the first line of an exception's message (or its type name if it has none)."""
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def write_json(path: Path, values: dict) -> None:
    """Write ``values`` as indented, key-sorted JSON, atomically."""
    write_text(path, json.dumps(values, indent=2, sort_keys=True) + "\n")


def read_json(path: Path) -> dict:
    """Return the JSON object stored at ``path``; RunError if it cannot be read or is not a JSON object."""
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise _damaged(path, f"is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _damaged(path, f"cannot be read ({_first_line(exc)})") from None
    if not isinstance(values, dict):
        raise _damaged(path, f"holds a JSON {type(values).__name__}, not an object")
    return values


def write_history(run_dir: Path, rows: list[dict]) -> None:
    """Rewrite ``history.csv`` with ``rows`` (dicts keyed by ``HISTORY_COLUMNS``), atomically.

    Floats are written with ``repr`` precision, so equal runs give byte-identical files.
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HISTORY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_text(run_dir / HISTORY_FILE, buffer.getvalue())


def _columns_problem(found: tuple[str, ...]) -> str | None:
    """Return how ``found`` differs from HISTORY_COLUMNS (missing, unexpected, order), or None if equal."""
    if found == HISTORY_COLUMNS:
        return None
    if not found:
        return "is empty (no header line)"
    missing = [name for name in HISTORY_COLUMNS if name not in found]
    unexpected = [name for name in found if name not in HISTORY_COLUMNS]
    if not missing and not unexpected:
        return "has the report's columns in another order"
    parts = [
        f"{label}: {', '.join(names)}" for label, names in (("missing", missing), ("unexpected", unexpected)) if names
    ]
    return f"has wrong columns ({'; '.join(parts)})"


def write_weights(model, path: Path) -> None:
    """Write a Keras model's weights to ``path`` atomically (a reader never sees a half-written file).

    Keras insists on a ``.weights.h5`` suffix, so they go to a temporary file of that name first.
    """
    with atomic_write(path) as tmp:
        weights = tmp.with_name(tmp.stem + ".weights.h5")
        try:
            model.save_weights(weights)
            weights.replace(tmp)
        finally:
            weights.unlink(missing_ok=True)


def read_history(run_dir: Path) -> pd.DataFrame:
    """Return ``history.csv`` as a table: one row per finished epoch, columns ``HISTORY_COLUMNS`` (epoch int64,
    every other column float64); no rows if there is no file yet.

    Raises RunError if the file cannot be read, its header is not HISTORY_COLUMNS or a value is not a number.
    """
    path = Path(run_dir) / HISTORY_FILE
    if not path.exists():
        return _history_table([])
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            problem = _columns_problem(tuple(reader.fieldnames or ()))
            rows = list(reader) if problem is None else []
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise _damaged(path, f"cannot be read ({_first_line(exc)})") from None
    if problem is not None:
        raise _damaged(path, problem)
    try:
        return _history_table([{k: int(v) if k == "epoch" else float(v) for k, v in row.items()} for row in rows])
    except (TypeError, ValueError):
        raise _damaged(path, "has a row with a missing or non-numeric value") from None


def _history_table(rows: list[dict]) -> pd.DataFrame:
    """Return history rows as a DataFrame with the ``HISTORY_COLUMNS`` dtypes, also when there are none."""
    table = pd.DataFrame(rows, columns=list(HISTORY_COLUMNS)).astype(float)
    return table.astype({"epoch": "int64"})


def write_arrays(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write named arrays to one ``.npz`` archive at ``path``, atomically; equal arrays give equal bytes.

    Written by hand rather than with ``np.savez``, which stamps each member with the current time
    (a re-run would change a committed file that holds the same numbers); ``np.load`` reads both.
    """
    with atomic_write(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as archive:
        for name, array in arrays.items():
            with archive.open(zipfile.ZipInfo(f"{name}.npy", date_time=_NPZ_TIMESTAMP), "w") as member:
                np.lib.format.write_array(member, np.asanyarray(array), allow_pickle=False)


def read_arrays(path: Path) -> dict[str, np.ndarray]:
    """Return every array of an ``.npz`` archive written by ``write_arrays``, read whole.

    Every array is read (and its CRC checked), so a missing, truncated or corrupt file raises
    RunError naming it, and no caller ever sees half an archive.
    """
    if not path.is_file():
        raise _damaged(path, "is missing")
    if not zipfile.is_zipfile(path):
        raise _damaged(path, "is not an .npz archive (truncated, or written by something else)")
    try:
        with np.load(path) as loaded:
            return {name: loaded[name] for name in loaded.files}
    except (OSError, EOFError, ValueError, zipfile.BadZipFile) as exc:
        raise _damaged(path, f"is corrupt ({_first_line(exc)})") from None


def is_complete(run_dir: Path) -> bool:
    """Return True when the run finished training (its ``training.json`` exists)."""
    return (Path(run_dir) / TRAINING_FILE).exists()


def load_config(run_dir: Path) -> Config:
    """Return the Config a run was trained with."""
    path = Path(run_dir) / CONFIG_FILE
    if not path.exists():
        raise RunError(
            f"{path} not found: {run_dir} is not a run directory "
            "(train one with `python -m vaelib train --run-dir DIR`)"
        )
    try:
        return Config.from_dict(read_json(path))
    except ConfigError as exc:
        raise _damaged(path, f"is not a valid config ({exc})") from None


def read_training(run_dir: Path) -> dict:
    """Return a finished run's ``training.json``: wall_time_s, images_per_s, epochs, train_images, compute_dtype.

    compute_dtype is the dtype training computed in. Runs written before it was recorded trained in
    their config's ``compute_dtype``, which could not be "auto" then; it is filled in from there.
    """
    run_dir = require_complete(run_dir)
    values = read_json(run_dir / TRAINING_FILE)
    values.setdefault("compute_dtype", load_config(run_dir).compute_dtype)
    return values


def require_complete(run_dir: Path) -> Path:
    """Return ``run_dir`` as a Path if it holds a finished run, else raise RunError saying how to make one."""
    run_dir = Path(run_dir)
    if not is_complete(run_dir):
        raise RunError(
            f"{run_dir} holds no finished training run: if it is committed, `git checkout -- {run_dir}` "
            f"restores it; otherwise train it with `python -m vaelib train --run-dir {run_dir}`"
        )
    return run_dir


def load_vae(run_dir: Path):
    """Return the trained VAE of a finished run, with its Config: ``(vae, cfg)``.

    The model computes in ``device.INFERENCE_DTYPE`` (float64) whatever the run trained in, with
    TensorFlow's deterministic kernels, so that its float32-rounded results are the same bits on every
    CPU code path (see ``vaelib.device``). ``cfg`` is the run's config as trained.
    """
    from vaelib import device
    from vaelib.model import build_vae

    run_dir = require_complete(run_dir)
    cfg = load_config(run_dir)
    weights = run_dir / WEIGHTS_FILE
    _check_hdf5(weights)
    device.make_reproducible()
    vae = build_vae(cfg, compute_dtype=device.INFERENCE_DTYPE)
    try:
        vae.load_weights(weights)
    except (OSError, ValueError) as exc:  # h5py: truncated file; Keras: layers that do not match
        raise _damaged(weights, f"cannot be loaded as this run's weights ({_first_line(exc)})") from None
    return vae, cfg


def _check_hdf5(path: Path) -> None:
    """Raise RunError unless path is an existing HDF5 file (what Keras writes as ``.weights.h5``)."""
    import h5py

    if not path.is_file():
        raise _damaged(path, "is missing")
    if not h5py.is_hdf5(path):
        raise _damaged(path, "is not an HDF5 file (cut short, or not a Keras weights file)")
