"""The library installs like one: a wheel in a fresh venv, no extras, trains and evaluates from any folder.

The wheel is built from a copy of ``pyproject.toml``, ``README.md`` and ``vaelib/`` (no stale ``build/``),
installed with ``pip install -c constraints.txt`` (no ``-e``, no extras) into a new venv, and run from a
folder outside the checkout: nothing it writes or reads may depend on where the package lies.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vaelib import runs
from vaelib.config import DATA_DIR_ENV
from vaelib.course.project import PROJECT_ROOT

INSTALL_TIMEOUT_S = 1200
RUN_TIMEOUT_S = 900


def _run(command: list[str], cwd: Path, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
    """Run ``command``; fail the test with its output if it exits with a status other than 0."""
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result


def _env() -> dict[str, str]:
    """The environment of the installed copy: this one's, without the checkout on any path."""
    return {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the python of a fresh venv with the vaelib wheel installed (runtime dependencies only)."""
    if not os.environ.get(DATA_DIR_ENV):
        pytest.skip(f"{DATA_DIR_ENV} is not set: the installed copy has no other way to the data here")
    root = tmp_path_factory.mktemp("install")
    source = root / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT_ROOT / name, source / name)
    shutil.copytree(PROJECT_ROOT / "vaelib", source / "vaelib", ignore=shutil.ignore_patterns("__pycache__"))
    env = _env()
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(root / "dist"),
            str(source),
        ],
        root,
        env,
        INSTALL_TIMEOUT_S,
    )
    (wheel,) = (root / "dist").glob("vaelib-*.whl")
    _run([sys.executable, "-m", "venv", str(root / "venv")], root, env, INSTALL_TIMEOUT_S)
    python = root / "venv" / "bin" / "python"
    _run(
        [str(python), "-m", "pip", "install", "-q", "-c", str(PROJECT_ROOT / "constraints.txt"), str(wheel)],
        root,
        env,
        INSTALL_TIMEOUT_S,
    )
    return python


@pytest.mark.slow
def test_the_wheel_trains_and_evaluates_from_any_folder(installed: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = _run([str(installed), "-c", "import vaelib; print(vaelib.__file__)"], elsewhere, _env(), RUN_TIMEOUT_S)
    package = Path(where.stdout.strip())
    assert "site-packages" in package.parts and not package.is_relative_to(PROJECT_ROOT)
    missing = _run(
        [str(installed), "-c", "import importlib.util as u; print(u.find_spec('jupytext'))"],
        elsewhere,
        _env(),
        RUN_TIMEOUT_S,
    )
    assert missing.stdout.strip() == "None", "the course extra was installed: the wheel must run without it"

    run_dir = tmp_path / "runs" / "mine"
    _run(
        [str(installed), "-m", "vaelib", "train", "--profile", "quick", "--quiet", "--run-dir", str(run_dir)],
        elsewhere,
        _env(),
        RUN_TIMEOUT_S,
    )
    assert runs.is_complete(run_dir) and (run_dir / runs.WEIGHTS_FILE).exists()
    evaluated = _run(
        [str(installed), "-m", "vaelib", "evaluate", "--run-dir", str(run_dir)], elsewhere, _env(), RUN_TIMEOUT_S
    )
    assert "PSNR" in evaluated.stdout
    for name in (
        runs.METRICS_CSV,
        runs.METRICS_TXT,
        runs.METRICS_EXTRA_CSV,
        runs.REPRESENTATION_CSV,
        runs.EMBEDDINGS_FILE,
    ):
        assert (run_dir / name).exists(), f"evaluate did not write {name}"
    assert sorted(path.name for path in elsewhere.iterdir()) == [], "the installed copy wrote into its working folder"


@pytest.mark.slow
def test_the_wheel_says_that_course_commands_need_a_checkout(installed: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(installed), "-m", "vaelib", "lesson"],
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "works in a checkout of the course repository" in result.stderr
