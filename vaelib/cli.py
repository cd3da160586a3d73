"""Command line: ``python -m vaelib <command>`` (or ``vaelib <command>``).

Each command is one entry in COMMANDS: a help line, a function that adds its
arguments and a function that runs it and returns the exit status. Commands
import their heavy modules (TensorFlow, nbconvert) only when they run.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from vaelib.classes import CLASS_NAMES_EN, CLASS_NAMES_TR
from vaelib.config import PROFILE_ENV, PROFILES, REFERENCE_RUN_DIR, get_config
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


def _add_profile(parser: argparse.ArgumentParser) -> None:
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


def _add_notebook_names(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("notebooks", nargs="*", help=help)


def _add_report_arguments(parser: argparse.ArgumentParser) -> None:
    _add_notebook_names(parser, "notebooks to execute, e.g. 01_veri (default: all in notebooks/, in name order)")


def _course_tool(name: str, command: str):
    """Import ``vaelib.course.<name>``; if a package of the ``course`` extra is missing, say how to install it."""
    try:
        return importlib.import_module(f"vaelib.course.{name}")
    except ModuleNotFoundError as exc:
        if (exc.name or "").startswith("vaelib"):
            raise
        raise VaelibError(f"`vaelib {command}` needs the course tools ({exc.name} is not installed): "
                          "install them with `pip install -e '.[course]'`") from None


def _run_report(args: argparse.Namespace) -> int:
    _course_tool("notebooks", "report").build_report(args.notebooks or None)
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
    _add_profile(parser)
    parser.add_argument("--run-dir", type=Path, required=True,
                        help="run directory to create (or resume, if it holds an unfinished run)")
    parser.add_argument("--set", type=_setting, action="append", default=[], metavar="FIELD=VALUE",
                        help="override one Config field of the profile, e.g. --set seed=7 (repeatable)")
    parser.add_argument("--quiet", action="store_true", help="do not print one line per epoch")


def _run_train(args: argparse.Namespace) -> int:
    from vaelib import runs, training

    cfg = get_config(args.profile, **dict(args.set))
    training.train(cfg, args.run_dir, verbose=not args.quiet)
    stats = runs.read_training(args.run_dir)
    print(f"trained {cfg.epochs} epochs in {stats['wall_time_s']:.0f} s "
          f"({stats['images_per_s']:.0f} images/s); run written to {args.run_dir}")
    return EXIT_OK


def _add_evaluate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--run-dir", type=Path, default=REFERENCE_RUN_DIR,
                        help="finished run to evaluate (default: the committed reference run)")


def _run_evaluate(args: argparse.Namespace) -> int:
    from vaelib import evaluation, runs

    evaluation.evaluate_run(args.run_dir)
    names = (runs.METRICS_CSV, runs.METRICS_TXT, runs.METRICS_EXTRA_CSV, runs.REPRESENTATION_CSV, runs.EMBEDDINGS_FILE)
    print((args.run_dir / runs.METRICS_TXT).read_text(encoding="utf-8"))
    print((args.run_dir / runs.REPRESENTATION_CSV).read_text(encoding="utf-8"))
    print(f"written to {args.run_dir}: {', '.join(names)}")
    return EXIT_OK


def _add_sweep_arguments(parser: argparse.ArgumentParser) -> None:
    from vaelib.config import RUNS_DIR

    parser.add_argument("grids", nargs="*", help="grids to run, e.g. noise_factor (default: all)")
    parser.add_argument("--root", type=Path, default=RUNS_DIR / "sweep",
                        help="folder of the sweep's run directories and sweep.csv (default: runs/sweep)")


def _run_sweep(args: argparse.Namespace) -> int:
    from vaelib.course import sweep

    unknown = sorted(set(args.grids) - set(sweep.GRIDS))
    if unknown:
        raise sweep.runs.RunError(f"unknown grid {', '.join(unknown)}: choose from {', '.join(sweep.GRIDS)}")
    grids = {name: sweep.GRIDS[name] for name in args.grids} if args.grids else sweep.GRIDS
    table = sweep.run_sweep(grids, root=args.root)
    print(table.to_string(index=False))
    print(f"written to {args.root / sweep.SWEEP_CSV}")
    return EXIT_OK


def _add_no_arguments(parser: argparse.ArgumentParser) -> None:
    """Add nothing: the command takes no arguments."""


def _run_lesson(args: argparse.Namespace) -> int:
    from vaelib.course import lesson

    table = lesson.run_lesson()
    print(table.to_string())
    print(f"written to {lesson.LESSON_DIR / lesson.LESSON_CSV}")
    return EXIT_OK


def _run_collapse(args: argparse.Namespace) -> int:
    from vaelib.course import collapse

    table = collapse.run_collapse()
    print(table.to_string())
    print(f"written to {collapse.COLLAPSE_DIR / collapse.COLLAPSE_CSV}")
    return EXIT_OK


def _run_bench(args: argparse.Namespace) -> int:
    from vaelib.backend import filtered_stderr
    from vaelib.course import bench

    with filtered_stderr():  # drops TensorFlow's known C++ notices; any other line is printed after
        bench.run_benchmark(get_config(args.profile))
    return EXIT_OK


def _add_slides_arguments(parser: argparse.ArgumentParser) -> None:
    _add_notebook_names(parser, "notebooks to export, e.g. 01_veri (default: every executed notebook in notebooks/)")
    parser.add_argument("--out-dir", type=Path, default=None,
                        help="folder for the decks, index.html and _static/ (default: slides/)")


def _run_slides(args: argparse.Namespace) -> int:
    slides = _course_tool("slides", "slides")
    out_dir = args.out_dir if args.out_dir is not None else slides.SLIDES_DIR
    for path in slides.export_slides(args.notebooks or None, out_dir):
        print(path)
    return EXIT_OK


def _add_site_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out-dir", type=Path, default=None,
                        help="folder of the site: index.html, a page per notebook, sozluk.html (default: build/site/)")


def _run_site(args: argparse.Namespace) -> int:
    site = _course_tool("site", "site")
    print(f"site written to {site.build_site(args.out_dir or site.SITE_DIR)}")
    return EXIT_OK


def _add_student_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out-dir", type=Path, default=None,
                        help="folder of the handouts (default: build/student/)")


def _run_student(args: argparse.Namespace) -> int:
    classroom = _course_tool("classroom", "student")
    out_dir = args.out_dir if args.out_dir is not None else classroom.STUDENT_DIR
    written = classroom.write_student_notebooks(out_dir)
    print(f"{len(written)} notebooks without solutions or outputs written to {out_dir}")
    return EXIT_OK


def _add_present_arguments(parser: argparse.ArgumentParser) -> None:
    _add_notebook_names(parser, "notebooks to copy, the first one opened as slides (default: every numbered one)")


def _run_present(args: argparse.Namespace) -> int:
    return _course_tool("classroom", "present").present(args.notebooks or ())


def _run_explorers(args: argparse.Namespace) -> int:
    explorers = _course_tool("explorers", "explorers")
    for name, seconds in explorers.response_times().items():
        print(f"{name:18s} {1000 * seconds:6.0f} ms (median, one control moved)")
    return EXIT_OK


COMMANDS: dict[str, Command] = {
    "data": Command(
        "load and verify Fashion-MNIST; print split sizes, class counts and pixel statistics",
        _add_profile,
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
    "sweep": Command(
        "train the notebook-08 grids (latent size, noise, SupCon weight, beta schedule, SSIM term)",
        _add_sweep_arguments,
        _run_sweep,
    ),
    "lesson": Command(
        "train the classifier and the runs of notebook 07b (AE vs VAE, 2-D latents, beta) into runs/",
        _add_no_arguments,
        _run_lesson,
    ),
    "collapse": Command(
        "train the posterior-collapse runs of notebook 02c (a large beta from the start vs warm-up) into runs/",
        _add_no_arguments,
        _run_collapse,
    ),
    "bench": Command(
        "training speed in float32 and bfloat16, the keras.io VAE as yardstick, estimated minutes per profile",
        _add_profile,
        _run_bench,
    ),
    "report": Command(
        "sync notebooks/*.py with their .ipynb files, then execute the notebooks in place",
        _add_report_arguments,
        _run_report,
    ),
    "slides": Command(
        "export the executed notebooks to offline reveal.js slides (slides/index.html + one deck each)",
        _add_slides_arguments,
        _run_slides,
    ),
    "student": Command(
        "write the students' notebooks: without the worked solutions and outputs (build/student/)",
        _add_student_arguments,
        _run_student,
    ),
    "present": Command(
        "present notebooks live with RISE from working copies in build/present/ (git's notebooks stay untouched)",
        _add_present_arguments,
        _run_present,
    ),
    "explorers": Command(
        "time the classroom explorers on the committed runs: median ms from a moved control to a new picture",
        _add_no_arguments,
        _run_explorers,
    ),
    "site": Command(
        "build the offline course site (build/site/index.html): every executed notebook, its slides, the glossary",
        _add_site_arguments,
        _run_site,
    ),
}


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with one subparser per entry of COMMANDS."""
    parser = argparse.ArgumentParser(prog="vaelib", description="Denoising VAE on Fashion-MNIST.")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, command in COMMANDS.items():
        subparser = subparsers.add_parser(name, help=command.help, description=command.help)
        command.add_arguments(subparser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command and return its exit status; expected failures print ``error: ...`` and give 2."""
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command].run(args)
    except VaelibError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
