"""The library's command line: ``data``, ``train`` and ``evaluate``, and the machinery of every command.

Each command is one entry in a dict of ``Command``: a help line, a function that adds its
arguments and a function that runs it and returns the exit status. Commands import their heavy
modules (TensorFlow, nbconvert) only when they run. ``python -m vaelib`` (and the ``vaelib``
script) adds the course's commands to these (``vaelib.course.commands``); ``python -m vaelib.cli``
runs the library's alone.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from vaelib.classes import CLASS_NAMES_EN, CLASS_NAMES_TR
from vaelib.config import PROFILE_ENV, PROFILES, get_config
from vaelib.errors import VaelibError

EXIT_OK = 0
EXIT_USER_ERROR = 2
"""Exit status for an expected failure (bad setting, missing data); argparse uses 2 too."""


@dataclass(frozen=True)
class Command:
    """One subcommand: its help line, how to add its arguments, how to run it."""

    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def add_profile(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--profile",
        help=f"hyper-parameter profile: {', '.join(PROFILES)} (default: ${PROFILE_ENV} or 'full')",
    )


def _run_data(args: argparse.Namespace) -> int:
    from vaelib import data

    cfg = get_config(args.profile)
    fm = data.load_fashion_mnist()
    splits = data.load_splits(cfg)
    print(f"Fashion-MNIST read from {fm.source}; checksums of all 4 files verified")
    print(f"profile {cfg.profile} (seed {cfg.seed})")
    print(f"images: train {len(splits.y_train)}, val {len(splits.y_val)}, test {len(splits.y_test)}")
    print()
    labels = {"train": splits.y_train, "val": splits.y_val, "test": splits.y_test}
    counts = {split: data.class_counts(y) for split, y in labels.items()}
    print(f"{'class':<6}{'Türkçe':<15}{'English':<13}{'train':>7}{'val':>7}{'test':>7}")
    for label, (tr_name, en_name) in enumerate(zip(CLASS_NAMES_TR, CLASS_NAMES_EN)):
        numbers = "".join(f"{counts[split][label]:>7}" for split in counts)
        print(f"{label:<6}{tr_name:<15}{en_name:<13}{numbers}")
    print()
    print(f"{'pixels':<8}{'mean':>8}{'std':>8}")
    for name, x in [("train", splits.x_train), ("test", splits.x_test)]:
        print(f"{name:<8}{x.mean():>8.4f}{x.std():>8.4f}")
    return EXIT_OK


def _setting(text: str) -> tuple[str, object]:
    """Parse ``FIELD=VALUE`` (VALUE as JSON, e.g. 1, 0.5, true, null; else a plain string)."""
    field, sep, value = text.partition("=")
    if not sep or not field:
        raise argparse.ArgumentTypeError(f"{text!r} is not FIELD=VALUE, e.g. seed=7 or compute_dtype=float32")
    try:
        return field, json.loads(value)
    except json.JSONDecodeError:
        return field, value


def _add_train_arguments(parser: argparse.ArgumentParser) -> None:
    add_profile(parser)
    parser.add_argument(
        "--run-dir", type=Path, required=True, help="run directory to create (or resume, if it holds an unfinished run)"
    )
    parser.add_argument(
        "--set",
        type=_setting,
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="override one Config field of the profile, e.g. --set seed=7 (repeatable)",
    )
    parser.add_argument("--quiet", action="store_true", help="do not print one line per epoch")


def _run_train(args: argparse.Namespace) -> int:
    from vaelib import runs, training

    cfg = get_config(args.profile, **dict(args.set))
    training.train(cfg, args.run_dir, verbose=not args.quiet)
    stats = runs.read_training(args.run_dir)
    print(
        f"trained {cfg.epochs} epochs in {stats['wall_time_s']:.0f} s "
        f"({stats['images_per_s']:.0f} images/s); run written to {args.run_dir}"
    )
    return EXIT_OK


def _add_evaluate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--run-dir", type=Path, required=True, help="finished run to evaluate")


def _run_evaluate(args: argparse.Namespace) -> int:
    from vaelib import evaluation, runs

    evaluation.evaluate_run(args.run_dir)
    names = (runs.METRICS_CSV, runs.METRICS_TXT, runs.METRICS_EXTRA_CSV, runs.REPRESENTATION_CSV, runs.EMBEDDINGS_FILE)
    print((args.run_dir / runs.METRICS_TXT).read_text(encoding="utf-8"))
    print((args.run_dir / runs.REPRESENTATION_CSV).read_text(encoding="utf-8"))
    print(f"written to {args.run_dir}: {', '.join(names)}")
    return EXIT_OK


COMMANDS: dict[str, Command] = {
    "data": Command(
        "load and verify Fashion-MNIST; print split sizes, class counts and pixel statistics",
        add_profile,
        _run_data,
    ),
    "train": Command(
        "train the VAE into a run directory (weights, history.csv, config.json, training.json)",
        _add_train_arguments,
        _run_train,
    ),
    "evaluate": Command(
        "write metrics.csv, metrics.txt, metrics_extra.csv, representation.csv and embeddings.npz for a finished run",
        _add_evaluate_arguments,
        _run_evaluate,
    ),
}
"""The library's commands."""


def build_parser(commands: dict[str, Command]) -> argparse.ArgumentParser:
    """Return the argument parser with one subparser per entry of ``commands``."""
    parser = argparse.ArgumentParser(prog="vaelib", description="Denoising VAE on Fashion-MNIST.")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, command in commands.items():
        subparser = subparsers.add_parser(name, help=command.help, description=command.help)
        command.add_arguments(subparser)
    return parser


def main(argv: Sequence[str] | None = None, commands: dict[str, Command] | None = None) -> int:
    """Run a command of ``commands`` (default ``COMMANDS``) and return its exit status; expected failures
    print ``error: ...`` and give 2."""
    commands = COMMANDS if commands is None else commands
    args = build_parser(commands).parse_args(argv)
    try:
        return commands[args.command].run(args)
    except VaelibError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
