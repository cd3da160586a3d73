"""Shared fixtures: the real dataset (only when FASHION_MNIST_DIR is set) and figure cleanup."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from vaelib.config import DATA_DIR_ENV


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
