"""The mechanism behind every cached grid of runs (the sweep, the lesson runs, the collapse runs).

A grid trains each setting with every seed of ``SEEDS`` into its own run directory (``seeded_name``),
skipping finished runs and resuming cut ones (``ensure_trained``), and keeps one table of scores per
grid (``write_table``, ``read_runs_table``). ``seed_stats``, ``mean_sd_table`` and ``compare_seeds``
summarise such a table over seeds; ``beats``, ``print_comparison`` and ``print_checks`` are how the
notebooks state a comparison and check a sentence against it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from vaelib import data, runs, training
from vaelib.config import Config
from vaelib.fileio import write_text

SEEDS = (1234, 1, 2)
"""The seeds every cached grid trains each setting with; the first is ``Config``'s default seed,
whose runs keep their plain names (``seeded_name``)."""


def seeded_name(name: str, seed: int) -> str:
    """Return the run directory name of ``name`` trained with ``seed``: ``name`` itself for ``SEEDS[0]``,
    else ``{name}_seed{seed}``."""
    return name if seed == SEEDS[0] else f"{name}_seed{seed}"


def ensure_trained(cfg: Config, run_dir: Path, splits: data.Splits, tag: str, verbose: bool = True) -> Path:
    """Train ``cfg`` into ``run_dir`` unless it holds a finished run with its weights; return ``run_dir``.

    The one mechanism behind every cached grid of runs (sweep, lesson, collapse); ``tag`` names the
    grid in the lines it prints. A cut run resumes. A finished run whose weights are not there (the
    repository commits most runs' small files only) is trained again from its first epoch, so that
    a clean clone can re-score every run with one command.
    """
    run_dir = Path(run_dir)
    finished = runs.is_complete(run_dir)
    if finished and (run_dir / runs.WEIGHTS_FILE).exists():
        if verbose:
            print(f"[{tag}] {run_dir.name} is complete: skipped", flush=True)
        return run_dir
    if finished:  # trained again from scratch with today's config (an old one may lack fields added since)
        for name in (runs.TRAINING_FILE, runs.CONFIG_FILE):
            (run_dir / name).unlink()
    if verbose:
        print(
            f"[{tag}] training {run_dir.name}" + (" again: its weights are not stored" if finished else ""), flush=True
        )
    training.train(cfg, run_dir, verbose=False, splits=splits)
    return run_dir


def write_table(root: Path, table: pd.DataFrame, name: str) -> Path:
    """Write a table of runs as ``root/name`` atomically (4 decimals for the measurements)."""
    return write_text(Path(root) / name, table.to_csv(index=False, float_format="%.4f", lineterminator="\n"))


def read_runs_table(path: Path, command: str, **read_csv_options) -> pd.DataFrame:
    """Return the table of a cached grid of runs at ``path``; RunError naming ``command`` (which makes it)
    if there is none. ``read_csv_options`` go to ``pandas.read_csv``."""
    path = Path(path)
    if not path.exists():
        raise runs.RunError(f"{path} not found: make it first with `{command}`")
    return pd.read_csv(path, **read_csv_options)


def seed_stats(rows: pd.DataFrame, metrics: tuple[str, ...]) -> pd.DataFrame:
    """Return the mean, sample sd and seed count of ``metrics`` for every index value of ``rows``.

    rows: one row per run, indexed by setting (e.g. ``grid_table``), several rows per setting.
    Columns are a MultiIndex ``(metric, "mean" | "sd" | "n")``; settings keep their first order.
    """
    grouped = rows[list(metrics)].groupby(level=0, sort=False)
    return grouped.agg(["mean", "std", "count"]).rename(columns={"std": "sd", "count": "n"}, level=1)


def mean_sd_table(stats: pd.DataFrame, digits: dict[str, int]) -> pd.DataFrame:
    """Return ``seed_stats`` output as text cells "mean ± sd" for the metrics of ``digits`` (decimals each)."""
    return pd.DataFrame(
        {
            metric: [f"{m:.{d}f} ± {s:.{d}f}" for m, s in zip(stats[(metric, "mean")], stats[(metric, "sd")])]
            for metric, d in digits.items()
        },
        index=stats.index,
    )


def compare_seeds(rows: pd.DataFrame, a, b, metric: str) -> dict:
    """Compare two settings of ``rows`` (index values ``a`` and ``b``) on ``metric`` over their seeds.

    Returns mean_a, mean_b, difference (b − a), spread (the larger of the two sample sds) and
    separated: True when every seed of one setting beats every seed of the other. That is the
    bar a sentence must clear to call a difference real; with 3 seeds each it is a weak bar
    (two random sets of 3 separate 1 time in 10), so a notebook also prints the numbers.
    """
    values_a, values_b = (rows.loc[[key], metric].astype(float) for key in (a, b))
    separated = values_b.min() > values_a.max() or values_a.min() > values_b.max()
    return {
        "mean_a": float(values_a.mean()),
        "mean_b": float(values_b.mean()),
        "difference": float(values_b.mean() - values_a.mean()),
        "spread": float(np.nanmax([values_a.std(), values_b.std()])),
        "separated": bool(separated),
    }


def beats(rows: pd.DataFrame, a, b, metric: str, direction: int) -> bool:
    """Return True when setting ``b`` beats ``a`` on ``metric`` in ``direction`` (+1 higher, -1 lower) with
    every seed: their seeds are separated (``compare_seeds``) and the difference has that sign."""
    c = compare_seeds(rows, a, b, metric)
    return c["separated"] and np.sign(c["difference"]) == direction


def print_comparison(rows: pd.DataFrame, before, after, metrics) -> None:
    """Print each metric's change from setting ``before`` to ``after`` over the seeds, in Turkish: the means,
    the difference, the larger sd, and whether the seeds separate."""
    for metric in metrics:
        c = compare_seeds(rows, before, after, metric)
        verdict = "ayrık: gerçek fark" if c["separated"] else "örtüşüyor: fark gösterilemedi"
        print(
            f"{metric:16s} {before} → {after}: {c['mean_a']:.3f} → {c['mean_b']:.3f} ({c['difference']:+.3f}; "
            f"tohumlar arası sd ≤ {c['spread']:.3f}) {verdict}"
        )


def print_checks(checks: dict[str, bool]) -> None:
    """Print each claim after "evet" (it holds) or "hayır" (it does not), one per line."""
    for claim, holds in checks.items():
        print("evet " if holds else "hayır", claim)
