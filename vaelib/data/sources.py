"""Where the four Fashion-MNIST files come from, and loading them as arrays.

``find_data_dir`` looks, in this order, at: the ``data_dir`` argument; the folder named by
$FASHION_MNIST_DIR (set but not a folder: an error, no fallback); the Keras cache
(``keras_cache_dir``), if it holds all four files; else it downloads the missing files into the
Keras cache. ``load_fashion_mnist`` then verifies and decodes them (``vaelib.data.idx``).
"""

from __future__ import annotations

import dataclasses
import functools
import os
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np

from vaelib.config import DATA_DIR_ENV
from vaelib.data.idx import DatasetError, IdxProblem, decode_idx, read_idx
from vaelib.fileio import atomic_write

FILES = {
    "train_images": "train-images-idx3-ubyte.gz",
    "train_labels": "train-labels-idx1-ubyte.gz",
    "test_images": "t10k-images-idx3-ubyte.gz",
    "test_labels": "t10k-labels-idx1-ubyte.gz",
}
"""The four official file names (the Keras cache and the official download use them)."""

UNCOMPRESSED_SHA256 = {
    "train-images-idx3-ubyte.gz": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    "train-labels-idx1-ubyte.gz": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    "t10k-images-idx3-ubyte.gz": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    "t10k-labels-idx1-ubyte.gz": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
}
"""sha256 of each file's DECOMPRESSED bytes: equal for every correct copy, whatever its gzip bytes."""

BASE_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
DOWNLOAD_TIMEOUT_S = 60


def keras_cache_dir() -> Path:
    """Return Keras' Fashion-MNIST cache folder: $KERAS_HOME or ~/.keras, then datasets/fashion-mnist."""
    keras_home = Path(os.environ.get("KERAS_HOME") or Path.home() / ".keras")
    return keras_home / "datasets" / "fashion-mnist"


def download_fashion_mnist(target_dir: Path, base_url: str = BASE_URL) -> list[Path]:
    """Download the files missing from ``target_dir``; return the paths downloaded.

    Each file goes to a temporary file first and is renamed into place only after
    its decompressed sha256 matches, so an interrupted or corrupt download
    leaves nothing behind. Raises DatasetError on network or checksum failure.
    """
    downloaded = []
    for name in FILES.values():
        destination = target_dir / name
        if not destination.is_file():
            _download(base_url + name, destination, UNCOMPRESSED_SHA256[name])
            downloaded.append(destination)
    return downloaded


def _download(url: str, destination: Path, expected_sha256: str) -> None:
    """Download one file to ``destination`` atomically, keeping it only if it verifies."""
    with atomic_write(destination) as tmp:
        try:
            with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_S) as response:
                with tmp.open("wb") as out:
                    shutil.copyfileobj(response, out)
        except OSError as exc:  # URLError, HTTPError and timeouts are OSErrors
            reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
            raise DatasetError(
                f"could not download {url} ({reason}). Without internet access, set "
                f"{DATA_DIR_ENV} to a folder with the four files: {', '.join(FILES.values())}"
            ) from None
        try:
            decode_idx(tmp, expected_sha256)
        except IdxProblem as problem:
            raise DatasetError(
                f"the download of {url} {problem}; nothing was saved. Try again, or set "
                f"{DATA_DIR_ENV} to a folder with the four official Fashion-MNIST files"
            ) from None


def find_data_dir(data_dir: str | Path | None = None) -> tuple[Path, str]:
    """Return the folder holding the four files and a description of where it came from.

    Lookup order: the ``data_dir`` argument, then $FASHION_MNIST_DIR (set but not a
    folder: DatasetError, no fallback), then the Keras cache if it has all four
    files, else a download of the missing files into the Keras cache.
    """
    if data_dir is not None:
        return _existing_dir(Path(data_dir), "data_dir"), "data_dir argument"
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return _existing_dir(Path(from_env), DATA_DIR_ENV), DATA_DIR_ENV
    cache = keras_cache_dir()
    if all((cache / name).is_file() for name in FILES.values()):
        return cache, "Keras cache"
    download_fashion_mnist(cache)
    return cache, f"downloaded from {BASE_URL} to the Keras cache"


def _existing_dir(path: Path, setting: str) -> Path:
    """Return ``path`` resolved, or raise DatasetError naming the ``setting`` that gave it."""
    resolved = path.expanduser().resolve()
    if not resolved.is_dir():
        raise DatasetError(
            f"{setting}={path} is not an existing folder. Set {DATA_DIR_ENV} to a folder "
            f"with the four Fashion-MNIST files ({', '.join(FILES.values())}), or unset it "
            f"to use the Keras cache {keras_cache_dir()} (downloaded when missing)"
        )
    return resolved


@dataclasses.dataclass(frozen=True, eq=False)
class FashionMNIST:
    """The official train and test sets. Arrays are read-only (shared by a cache).

    x_*: float32 (n, 28, 28, 1) in [0, 1]; y_*: int64 (n,) in 0..9;
    n = 60,000 for train and 10,000 for test.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    data_dir: Path
    """The folder the files were read from."""
    source: str
    """Where the files were read from: the folder and how it was chosen."""


def load_fashion_mnist(data_dir: str | Path | None = None) -> FashionMNIST:
    """Find (see ``find_data_dir``), verify and decode Fashion-MNIST.

    Decoded arrays are cached per folder for the life of the process, so
    repeated calls from notebooks and the CLI are cheap.
    """
    folder, how = find_data_dir(data_dir)
    x_train, y_train, x_test, y_test = _decode_folder(folder)
    return FashionMNIST(x_train, y_train, x_test, y_test, folder, f"{folder} ({how})")


@functools.lru_cache(maxsize=2)
def _decode_folder(folder: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return the read-only arrays (x_train, y_train, x_test, y_test) of the four files in ``folder``."""
    raw = {key: read_idx(folder / name, UNCOMPRESSED_SHA256[name]) for key, name in FILES.items()}
    arrays = (
        _images_to_float(raw["train_images"]),
        raw["train_labels"].astype(np.int64),
        _images_to_float(raw["test_images"]),
        raw["test_labels"].astype(np.int64),
    )
    for array in arrays:
        array.flags.writeable = False
    return arrays


def _images_to_float(images: np.ndarray) -> np.ndarray:
    """uint8 (n, 28, 28) -> float32 (n, 28, 28, 1) in [0, 1]."""
    return (images.astype(np.float32) / np.float32(255.0))[..., np.newaxis]
