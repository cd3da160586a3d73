"""Shared fixtures: the real dataset (only when FASHION_MNIST_DIR is set) and figure cleanup."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from vaelib.config import DATA_DIR_ENV
from vaelib.course.project import FIGURES_DIR_ENV

from figure_regression import FRESH_FIGURES_DIR, notebook_number

NOTEBOOKS_RUN = pytest.StashKey[set]()


def pytest_configure(config: pytest.Config) -> None:
    """Send the figures that notebooks draw during the tests to build/figures (kernels inherit the env)."""
    os.environ[FIGURES_DIR_ENV] = str(FRESH_FIGURES_DIR)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the figure-regression tests last, after nbval has executed the notebooks.

    Also remember which notebooks (by their number, e.g. "07b") run in this session, and clear
    the figures that an earlier session left in build/figures.
    """
    items.sort(key=lambda item: item.get_closest_marker("after_notebooks") is not None)
    notebooks = {notebook_number(Path(str(item.fspath)).name) for item in items if str(item.fspath).endswith(".ipynb")}
    config.stash[NOTEBOOKS_RUN] = notebooks
    if notebooks and FRESH_FIGURES_DIR.exists():
        for stale in FRESH_FIGURES_DIR.iterdir():
            stale.unlink()


@pytest.fixture(scope="session")
def notebooks_ran(request: pytest.FixtureRequest) -> set[str]:
    """The numbers (``notebook_number``) of the notebooks that nbval executes in this session."""
    return request.config.stash.get(NOTEBOOKS_RUN, set())


@pytest.fixture(scope="session")
def real_data_dir() -> Path:
    """The folder of the real Fashion-MNIST files; skips the test unless FASHION_MNIST_DIR is set."""
    value = os.environ.get(DATA_DIR_ENV)
    if not value:
        pytest.skip(f"set {DATA_DIR_ENV} to run the tests on the real dataset")
    return Path(value)


@pytest.fixture(autouse=True)
def close_figures() -> Iterator[None]:
    """Close the figures a test created, so they do not pile up."""
    yield
    plt.close("all")


def _part(nodeid: str) -> str:
    """Name the part of the suite a test belongs to, for the timing summary."""
    if nodeid.startswith("notebooks/"):
        return "notebooks (nbval)"
    if nodeid.startswith("tests/test_figures.py"):
        return "figure regression"
    if nodeid.startswith(("tests/test_slides.py", "tests/test_notebook_sync.py")):
        return "slides + jupytext pairing"
    return "unit tests"


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Print the wall time of each part of the suite (setup + call + teardown of its tests)."""
    seconds: dict[str, float] = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if isinstance(report, pytest.TestReport):
                seconds[_part(report.nodeid)] = seconds.get(_part(report.nodeid), 0.0) + report.duration
    if seconds:
        terminalreporter.write_sep("-", "time per part")
        for part, total in sorted(seconds.items(), key=lambda item: -item[1]):
            terminalreporter.write_line(f"{part:28s}{total:8.1f} s")
