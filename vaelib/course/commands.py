"""The course's commands, added to the library's (``vaelib.cli``): ``python -m vaelib COMMAND``.

They run in a checkout of the repository and default to its folders (``project``). A command whose
packages of the ``course`` extra are missing says so in one line.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence
from pathlib import Path

from vaelib import cli
from vaelib.cli import EXIT_OK, Command, add_profile
from vaelib.config import ConfigError, get_config
from vaelib.course import project
from vaelib.errors import VaelibError


def _add_notebook_names(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("notebooks", nargs="*", help=help)


def _add_report_arguments(parser: argparse.ArgumentParser) -> None:
    _add_notebook_names(parser, "notebooks to execute, e.g. 01_veri (default: all in notebooks/, in name order)")


def _in_checkout(folder: Path) -> Path:
    """Return ``folder`` (a folder of the repository); VaelibError if vaelib runs from an installed copy."""
    project.require_checkout()
    return folder


def _course_tool(name: str, command: str):
    """Import ``vaelib.course.<name>`` in a checkout; if a package of the ``course`` extra is missing, say how
    to install it."""
    project.require_checkout()
    try:
        return importlib.import_module(f"vaelib.course.{name}")
    except ModuleNotFoundError as exc:
        if (exc.name or "").startswith("vaelib"):
            raise
        raise VaelibError(
            f"`vaelib {command}` needs the course tools ({exc.name} is not installed): "
            "install them with `pip install -e '.[course]'`"
        ) from None


def _run_report(args: argparse.Namespace) -> int:
    _course_tool("notebooks", "report").build_report(args.notebooks or None)
    return EXIT_OK


def _add_sweep_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("grids", nargs="*", help="grids to run, e.g. noise_factor (default: all)")
    parser.add_argument(
        "--root",
        type=Path,
        default=None,
        help="folder of the sweep's run directories and sweep.csv (default: runs/sweep)",
    )


def _run_sweep(args: argparse.Namespace) -> int:
    from vaelib.course import sweep

    unknown = sorted(set(args.grids) - set(sweep.GRIDS))
    if unknown:
        raise ConfigError(f"unknown grid {', '.join(unknown)}: choose from {', '.join(sweep.GRIDS)}")
    grids = {name: sweep.GRIDS[name] for name in args.grids} if args.grids else sweep.GRIDS
    root = args.root if args.root is not None else _in_checkout(sweep.SWEEP_DIR)
    table = sweep.run_sweep(grids, root=root)
    print(table.to_string(index=False))
    print(f"written to {root / sweep.SWEEP_CSV}")
    return EXIT_OK


def _add_no_arguments(parser: argparse.ArgumentParser) -> None:
    """Add nothing: the command takes no arguments."""


def _run_lesson(args: argparse.Namespace) -> int:
    from vaelib.course import lesson

    table = lesson.run_lesson(_in_checkout(lesson.LESSON_DIR))
    print(table.to_string())
    print(f"written to {lesson.LESSON_DIR / lesson.LESSON_CSV}")
    return EXIT_OK


def _run_collapse(args: argparse.Namespace) -> int:
    from vaelib.course import collapse

    table = collapse.run_collapse(_in_checkout(collapse.COLLAPSE_DIR))
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
    parser.add_argument(
        "--out-dir", type=Path, default=None, help="folder for the decks, index.html and _static/ (default: slides/)"
    )


def _run_slides(args: argparse.Namespace) -> int:
    slides = _course_tool("slides", "slides")
    out_dir = args.out_dir if args.out_dir is not None else slides.SLIDES_DIR
    for path in slides.export_slides(args.notebooks or None, out_dir):
        print(path)
    return EXIT_OK


def _add_site_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=None,
        help="folder of the site: index.html, a page per notebook, sozluk.html (default: build/site/)",
    )


def _run_site(args: argparse.Namespace) -> int:
    site = _course_tool("site", "site")
    print(f"site written to {site.build_site(args.out_dir or site.SITE_DIR)}")
    return EXIT_OK


def _add_student_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out-dir", type=Path, default=None, help="folder of the handouts (default: build/student/)")


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


COURSE_COMMANDS: dict[str, Command] = {
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
        add_profile,
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
COMMANDS: dict[str, Command] = {**cli.COMMANDS, **COURSE_COMMANDS}
"""Every command of ``python -m vaelib``: the library's, then the course's."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run any command of ``COMMANDS`` (``cli.main`` with the course's commands added)."""
    return cli.main(argv, COMMANDS)
