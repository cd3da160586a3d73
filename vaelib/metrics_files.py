"""The files that ``evaluate`` writes into a run directory, and the headline numbers read back from them.

``write_metrics`` writes ``metrics.csv`` and ``metrics.txt`` in exactly the report's layout,
holding only the report's three metrics (MSE with 6 decimals, PSNR in dB with 3, SSIM with 4;
the MSE improvement in percent with 2, the PSNR and SSIM gains with 3 and 4); any further rows
(skimage's default SSIM) go to ``metrics_extra.csv``, same columns. ``read_metrics`` reads them
back into a ``metrics.denoising_table``-shaped table.

``representation.csv`` holds ``latent.representation_table`` (4 decimals) and ``embeddings.npz`` the
2-D views of ``latent.embeddings_2d``; ``stored_scores`` gathers a run's headline numbers from these
files without loading its model. The computations live in ``vaelib.metrics`` and ``vaelib.latent``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from vaelib import report_values, runs
from vaelib.fileio import write_text
from vaelib.metrics import COLUMNS, DECIMALS, table_from_means
from vaelib.runs import EMBEDDINGS_FILE, METRICS_CSV, METRICS_EXTRA_CSV, METRICS_TXT, REPRESENTATION_CSV

REPORT_ROWS = {"MSE": "MSE", "PSNR": "PSNR_dB", "SSIM": "SSIM"}
"""The report's metrics in its order: row name in our tables → row label in metrics.csv."""

REPORT_DECIMALS = {metric: DECIMALS[metric][0] for metric in REPORT_ROWS}
"""Decimals of the report's three metrics (the means in metrics.csv and metrics.txt use the same)."""

REPORT_METRICS = table_from_means(report_values.DENOISING_MEANS)
"""The original report's test-set means (``report_values.DENOISING_MEANS``), in the layout of ``denoising_table``."""

_TXT_LABEL_WIDTH = 25
"""Width of the "Baseline (Noisy->Clean)" / "VAE (Recon->Clean)" labels in metrics.txt."""

EMBEDDING_KEYS = ("labels", "pca", "pca_explained", "subset", "umap", "tsne")
"""The arrays of embeddings.npz: the keys of ``latent.embeddings_2d``'s output."""


def _format_row(metric: str, values: pd.Series) -> list[str]:
    """Format one table row's three values with the metric's fixed decimals (see ``metrics.DECIMALS``)."""
    mean_decimals, delta_decimals = DECIMALS.get(metric, (4, 4))
    return [
        f"{values[COLUMNS[0]]:.{mean_decimals}f}",
        f"{values[COLUMNS[1]]:.{mean_decimals}f}",
        f"{values[COLUMNS[2]]:.{delta_decimals}f}",
    ]


def _csv_text(table: pd.DataFrame, labels: dict[str, str]) -> str:
    """Return CSV text: header ``metric,<COLUMNS>``, then one line per {table row name: label}, in order."""
    lines = [",".join(("metric", *COLUMNS))]
    lines += [",".join((label, *_format_row(metric, table.loc[metric]))) for metric, label in labels.items()]
    return "\n".join(lines) + "\n"


def metrics_csv_text(table: pd.DataFrame) -> str:
    """Return the text of metrics.csv: the report's rows MSE, PSNR_dB, SSIM of a ``denoising_table``."""
    return _csv_text(table, REPORT_ROWS)


def extra_metrics(table: pd.DataFrame) -> list[str]:
    """Return the names of the table's rows that are not the report's (e.g. skimage's default SSIM)."""
    return [metric for metric in table.index if metric not in REPORT_ROWS]


def extra_csv_text(table: pd.DataFrame) -> str:
    """Return the text of metrics_extra.csv: the rows of ``extra_metrics``, in metrics.csv's columns."""
    return _csv_text(table, {metric: metric for metric in extra_metrics(table)})


def _means_line(label: str, means: pd.Series) -> str:
    """Return e.g. ``Baseline (Noisy->Clean)  MSE=0.101500 | PSNR=9.945 dB | SSIM=0.2871``."""
    mse_, psnr_, ssim_ = (f"{means[metric]:.{REPORT_DECIMALS[metric]}f}" for metric in REPORT_ROWS)
    return f"{label:<{_TXT_LABEL_WIDTH}}MSE={mse_} | PSNR={psnr_} dB | SSIM={ssim_}"


def metrics_text(table: pd.DataFrame, noise_factor: float, latent_dim: int, batch_size: int, epochs: int) -> str:
    """Return the text of metrics.txt, in the report's layout: settings, the two means, the improvement."""
    delta = {metric: f"{table.loc[metric, COLUMNS[2]]:.{DECIMALS[metric][1]}f}" for metric in REPORT_ROWS}
    lines = [
        "=== Denoising Metrics (Test) ===",
        f"NOISE_FACTOR={noise_factor}",
        f"LATENT_DIM={latent_dim}",
        f"BATCH_SIZE={batch_size}",
        f"EPOCHS={epochs}",
        "===",
        _means_line("Baseline (Noisy->Clean)", table[COLUMNS[0]]),
        _means_line("VAE (Recon->Clean)", table[COLUMNS[1]]),
        "=== Improvement ===",
        f"MSE improvement: {delta['MSE']}%",
        f"PSNR gain      : {delta['PSNR']} dB",
        f"SSIM gain      : {delta['SSIM']}",
    ]
    return "\n".join(lines) + "\n"


def write_metrics(
    run_dir: Path | str,
    table: pd.DataFrame,
    noise_factor: float,
    latent_dim: int,
    batch_size: int,
    epochs: int,
) -> list[Path]:
    """Write metrics.csv, metrics.txt and (if the table has extra rows) metrics_extra.csv, each atomically.

    table: the output of ``metrics.denoising_table``. run_dir is created if missing. A metrics_extra.csv
    of an earlier evaluation is deleted when the table has no extra rows. Returns the written paths.
    """
    run_dir = Path(run_dir)
    written = [
        write_text(run_dir / METRICS_CSV, metrics_csv_text(table)),
        write_text(run_dir / METRICS_TXT, metrics_text(table, noise_factor, latent_dim, batch_size, epochs)),
    ]
    if extra_metrics(table):
        written.append(write_text(run_dir / METRICS_EXTRA_CSV, extra_csv_text(table)))
    else:
        (run_dir / METRICS_EXTRA_CSV).unlink(missing_ok=True)
    return written


def read_metrics(run_dir: Path | str) -> pd.DataFrame:
    """Read metrics.csv and, if present, metrics_extra.csv of run_dir into one ``denoising_table``-shaped table.

    The report's row label PSNR_dB becomes the row name PSNR, as in ``denoising_table``.
    """
    run_dir = Path(run_dir)
    table = pd.read_csv(run_dir / METRICS_CSV, index_col="metric")
    table = table.rename(index={label: metric for metric, label in REPORT_ROWS.items()})
    if (run_dir / METRICS_EXTRA_CSV).exists():
        table = pd.concat([table, pd.read_csv(run_dir / METRICS_EXTRA_CSV, index_col="metric")])
    return table


def write_representation(run_dir: Path | str, table: pd.DataFrame) -> Path:
    """Write a ``latent.representation_table`` to run_dir/representation.csv (4 decimals), atomically.

    Returns the path written.
    """
    return write_text(Path(run_dir) / REPRESENTATION_CSV, table.to_csv(float_format="%.4f", lineterminator="\n"))


def read_representation(run_dir: Path | str) -> pd.DataFrame:
    """Read run_dir/representation.csv back into a table indexed by representation name."""
    return pd.read_csv(Path(run_dir) / REPRESENTATION_CSV, index_col="representation")


def write_embeddings(run_dir: Path | str, embeddings: dict) -> None:
    """Write the output of ``latent.embeddings_2d`` to ``run_dir/embeddings.npz``, atomically."""
    runs.write_arrays(Path(run_dir) / EMBEDDINGS_FILE, embeddings)


def read_embeddings(run_dir: Path | str) -> dict:
    """Read ``run_dir/embeddings.npz`` back: {key of ``EMBEDDING_KEYS``: array}; RunError if damaged."""
    path = Path(run_dir) / EMBEDDINGS_FILE
    arrays = runs.read_arrays(path)
    missing = [key for key in EMBEDDING_KEYS if key not in arrays]
    if missing:
        raise runs.RunError(
            f"{path} lacks {', '.join(missing)}; rewrite it with `python -m vaelib evaluate --run-dir {Path(run_dir)}`"
        )
    return arrays


def stored_scores(run_dir: Path | str) -> dict:
    """Return an evaluated run's headline numbers read from its files (no model is loaded).

    Keys: seed, compute_dtype (what training computed in), epochs, mse, psnr (dB), ssim, knn5_acc (z_mean), wall_time_s.
    """
    run_dir = runs.require_complete(run_dir)
    cfg, table, training = runs.load_config(run_dir), read_metrics(run_dir), runs.read_training(run_dir)
    vae_column = COLUMNS[1]
    return {
        "seed": cfg.seed,
        "compute_dtype": training["compute_dtype"],
        "epochs": cfg.epochs,
        "mse": table.loc["MSE", vae_column],
        "psnr": table.loc["PSNR", vae_column],
        "ssim": table.loc["SSIM", vae_column],
        "knn5_acc": read_representation(run_dir).loc["z_mean", "knn5_acc"],
        "wall_time_s": training["wall_time_s"],
    }
