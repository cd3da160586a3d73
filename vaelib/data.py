"""Fashion-MNIST: find, verify and decode the files; noise; splits; tf.data pipelines.

Images are float32 in [0, 1] with shape (n, 28, 28, 1); labels are int64 in 0..9.
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import hashlib
import os
import shutil
import struct
import urllib.error
import urllib.request
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from sklearn.model_selection import train_test_split

from vaelib.classes import NUM_CLASSES
from vaelib.config import DATA_DIR_ENV, Config
from vaelib.errors import VaelibError
from vaelib.fileio import atomic_write

if TYPE_CHECKING:
    import tensorflow as tf

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

IMAGE_MAGIC = 0x00000803
"""IDX magic number of unsigned-byte data with 3 dimensions (images)."""
LABEL_MAGIC = 0x00000801
"""IDX magic number of unsigned-byte data with 1 dimension (labels)."""

VAL_NOISE_OFFSET = 1
"""Validation noise uses seed ``cfg.seed + VAL_NOISE_OFFSET``."""
TEST_NOISE_OFFSET = 2
"""Test noise uses seed ``cfg.seed + TEST_NOISE_OFFSET``."""
PROBE_NOISE_OFFSET = 3
"""Fixed noise of the training images that latent-space probes are fitted on: ``cfg.seed + 3``."""

MAX_STEPS_PER_EPOCH = 100_000
"""Batch b of epoch e draws its noise with seed [cfg.seed, e * 100_000 + b]."""

_FIX_HINT = (
    f"Set {DATA_DIR_ENV} to a folder with the four official Fashion-MNIST files, "
    "or, if this file is in the Keras cache, delete it so that it is downloaded again."
)


class DatasetError(VaelibError):
    """The dataset cannot be found, downloaded, or is corrupt; the message says how to fix it."""


class _Problem(Exception):
    """What is wrong with the bytes of an IDX file (worded to follow the file's name)."""


# --------------------------------------------------------------------------- IDX files


def read_idx(path: Path, expected_sha256: str | None) -> np.ndarray:
    """Read a gzip-compressed IDX file of unsigned bytes; return a read-only uint8 array.

    Images (magic 0x00000803) have shape (n, rows, cols), labels (magic 0x00000801)
    shape (n,). expected_sha256: hex sha256 of the decompressed bytes, or None to
    skip that check. Raises DatasetError naming the file, the problem and the fix.
    """
    try:
        return _decode_idx(path, expected_sha256)
    except _Problem as problem:
        raise DatasetError(f"{path}: {problem}. {_FIX_HINT}") from None


def _decode_idx(path: Path, expected_sha256: str | None) -> np.ndarray:
    raw = _gunzip(path)
    array = _parse_idx(raw)
    if expected_sha256 is not None:
        actual = hashlib.sha256(raw).hexdigest()
        if actual != expected_sha256:
            raise _Problem(
                f"checksum mismatch: the decompressed bytes have sha256 {actual}, "
                f"expected {expected_sha256} (the file is corrupt or not the official one)"
            )
    return array


def _gunzip(path: Path) -> bytes:
    try:
        with gzip.open(path, "rb") as stream:
            return stream.read()
    except FileNotFoundError:
        raise _Problem("file not found") from None
    except EOFError:
        raise _Problem("is truncated (the gzip stream ends early)") from None
    except (OSError, zlib.error) as exc:
        raise _Problem(f"is not a readable gzip file ({exc})") from None


def _parse_idx(raw: bytes) -> np.ndarray:
    if len(raw) < 4:
        raise _Problem(f"is truncated: {len(raw)} bytes, too short for an IDX header")
    magic = int.from_bytes(raw[:4], "big")
    if magic not in (IMAGE_MAGIC, LABEL_MAGIC):
        raise _Problem(
            f"has magic number 0x{magic:08x}, expected 0x{IMAGE_MAGIC:08x} (images) "
            f"or 0x{LABEL_MAGIC:08x} (labels): it is not an IDX file of this dataset"
        )
    ndim = magic & 0xFF
    header_size = 4 + 4 * ndim
    if len(raw) < header_size:
        raise _Problem(f"is truncated: {len(raw)} bytes, the IDX header needs {header_size}")
    dims = struct.unpack(f">{ndim}I", raw[4:header_size])
    expected_size = header_size + int(np.prod(dims))
    if len(raw) != expected_size:
        state = "is truncated" if len(raw) < expected_size else "has trailing bytes"
        raise _Problem(
            f"{state}: {len(raw)} bytes after decompression, "
            f"but its header (shape {dims}) needs {expected_size}"
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=header_size).reshape(dims)


# --------------------------------------------------------------------------- finding the files


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
            _decode_idx(tmp, expected_sha256)
        except _Problem as problem:
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
    resolved = path.expanduser().resolve()
    if not resolved.is_dir():
        raise DatasetError(
            f"{setting}={path} is not an existing folder. Set {DATA_DIR_ENV} to a folder "
            f"with the four Fashion-MNIST files ({', '.join(FILES.values())}), or unset it "
            f"to use the Keras cache {keras_cache_dir()} (downloaded when missing)"
        )
    return resolved


# --------------------------------------------------------------------------- loading


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


def class_counts(labels: np.ndarray) -> np.ndarray:
    """Return the number of images of each class: int64 array of shape (10,)."""
    labels = np.asarray(labels)
    if labels.size and (labels.min() < 0 or labels.max() >= NUM_CLASSES):
        raise ValueError(f"labels must be in 0..{NUM_CLASSES - 1}, got {labels.min()}..{labels.max()}")
    return np.bincount(labels, minlength=NUM_CLASSES).astype(np.int64)


def first_indices_per_class(labels: np.ndarray, per_class: int) -> np.ndarray:
    """Return the indices of the first ``per_class`` images of each class: shape (10, per_class).

    Taking the first ones (not random ones) keeps example figures identical between runs.
    """
    rows = [np.flatnonzero(labels == c)[:per_class] for c in range(NUM_CLASSES)]
    short = [c for c, row in enumerate(rows) if len(row) < per_class]
    if short:
        raise ValueError(f"classes {short} have fewer than per_class={per_class} images")
    return np.stack(rows)


# --------------------------------------------------------------------------- noise and splits


def add_noise(images: np.ndarray, factor: float, seed: int) -> np.ndarray:
    """Return images + factor·N(0, 1) noise, clipped to [0, 1]; deterministic for a seed.

    images: float32 array in [0, 1], any shape. The input is not modified.
    """
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal(images.shape, dtype=np.float32)
    return np.clip(images + np.float32(factor) * noise, 0.0, 1.0)


def stratified_split(labels: np.ndarray, val_size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Split indices 0..n-1 into (train_idx, val_idx), each sorted, keeping class proportions.

    val_idx has exactly ``val_size`` indices; per-class counts differ from the exact
    proportion by at most one. Deterministic for a seed.
    """
    train_idx, val_idx = train_test_split(
        np.arange(len(labels)), test_size=val_size, stratify=labels, random_state=seed
    )
    return np.sort(train_idx), np.sort(val_idx)


@dataclasses.dataclass(frozen=True, eq=False)
class Splits:
    """Train / validation / test arrays (float32 (n, 28, 28, 1) images, int64 (n,) labels)."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def load_splits(cfg: Config) -> Splits:
    """Split the 60,000 training images into train and validation; keep the official test set.

    Validation: ``cfg.val_size`` images, stratified. Train: the rest, or a stratified
    subset of ``cfg.train_size`` images when set. Both depend only on ``cfg.seed``.
    """
    fm = load_fashion_mnist()
    train_idx, val_idx = stratified_split(fm.y_train, cfg.val_size, cfg.seed)
    if cfg.train_size is not None and cfg.train_size < len(train_idx):
        keep, _ = stratified_split(fm.y_train[train_idx], len(train_idx) - cfg.train_size, cfg.seed)
        train_idx = train_idx[keep]
    return Splits(
        fm.x_train[train_idx],
        fm.y_train[train_idx],
        fm.x_train[val_idx],
        fm.y_train[val_idx],
        fm.x_test,
        fm.y_test,
    )


# --------------------------------------------------------------------------- tf.data pipelines


def steps_per_epoch(n: int, batch_size: int) -> int:
    """Return the number of batches in one epoch of n images (the last one may be partial)."""
    if n < 1 or batch_size < 1:
        raise ValueError(f"n={n} and batch_size={batch_size} must both be >= 1")
    return -(-n // batch_size)


def train_dataset(x: np.ndarray, y: np.ndarray, cfg: Config, first_epoch: int = 0) -> tf.data.Dataset:
    """Return the training batches of epochs first_epoch .. cfg.epochs - 1, back to back.

    x: float32 (n, 28, 28, 1) in [0, 1]; y: int64 (n,). Each element is a tuple
    (noisy, clean, label) of shapes (b, 28, 28, 1), (b, 28, 28, 1), (b,), with
    b = cfg.batch_size except for the last, partial batch of each epoch.
    Use it with ``fit(..., steps_per_epoch=steps_per_epoch(n, cfg.batch_size),
    initial_epoch=first_epoch)``. (Plain Keras would read a 3-tuple as
    (x, y, sample_weight); the model's ``train_step`` unpacks it itself.)

    Choices: the noise is FRESH every epoch (the model never sees the same noisy
    image twice) yet fully deterministic and stateless, i.e. a function of
    (cfg.seed, epoch, batch) only:

    - epoch e visits the images in the order
      ``stateless_shuffle(range(n), seed=[cfg.seed, e])``;
    - batch b of epoch e gets ``stateless_normal(seed=[cfg.seed, e * 100_000 + b])``
      noise times ``cfg.noise_factor``, and is clipped to [0, 1].

    So a run resumed at ``first_epoch`` sees exactly the batches an uninterrupted
    run sees. The images stay in memory as one float32 tensor and are gathered per
    batch; batches are prefetched.
    """
    from vaelib.backend import tf

    n, batch_size = len(x), cfg.batch_size
    steps = steps_per_epoch(n, batch_size)
    if steps > MAX_STEPS_PER_EPOCH:
        raise ValueError(
            f"{steps} steps per epoch exceed {MAX_STEPS_PER_EPOCH}: the noise seeds would overlap"
        )
    if not 0 <= first_epoch < cfg.epochs:
        raise ValueError(f"first_epoch={first_epoch} must be in [0, cfg.epochs={cfg.epochs})")
    seed = tf.constant(cfg.seed, dtype=tf.int64)

    def batch(epoch, step, order, images, labels) -> tuple[tf.Tensor, ...]:
        indices = order[step * batch_size : (step + 1) * batch_size]
        clean = tf.gather(images, indices)
        noise_seed = tf.stack([seed, epoch * MAX_STEPS_PER_EPOCH + step])
        noise = tf.random.stateless_normal(tf.shape(clean), seed=noise_seed)
        noisy = tf.clip_by_value(clean + cfg.noise_factor * noise, 0.0, 1.0)
        return noisy, clean, tf.gather(labels, indices)

    def epoch_batches(epoch, arrays) -> tf.data.Dataset:
        images, labels = arrays
        order = tf.random.experimental.stateless_shuffle(
            tf.range(n, dtype=tf.int64), seed=tf.stack([seed, epoch])
        )
        return tf.data.Dataset.range(steps).map(lambda step: batch(epoch, step, order, images, labels))

    # The arrays travel as a dataset element rather than being captured by the functions:
    # a captured array would be copied into the function graph as a constant (about a minute
    # for the 54,000 training images, at creation and again when the iterator is destroyed).
    arrays = tf.data.Dataset.from_tensors((tf.constant(x, dtype=tf.float32), tf.constant(y, dtype=tf.int64)))
    epochs = tf.data.Dataset.zip(tf.data.Dataset.range(first_epoch, cfg.epochs), arrays.repeat())
    return _prefetched(epochs.flat_map(epoch_batches))


PREFETCH_BATCHES = 2
"""Batches prepared ahead of the model; the input pipeline is far faster than a training step."""


def _prefetched(dataset: tf.data.Dataset) -> tf.data.Dataset:
    """Return ``dataset`` prefetching PREFETCH_BATCHES batches, with tf.data's autotuner off.

    The autotuner's background thread held ``Model.fit`` for 10-60 s after its last epoch
    (the iterator's destructor waits for it); a fixed prefetch depth avoids that stall.
    """
    from vaelib.backend import tf

    options = tf.data.Options()
    options.autotune.enabled = False
    return dataset.prefetch(PREFETCH_BATCHES).with_options(options)


def eval_dataset(x: np.ndarray, y: np.ndarray, cfg: Config, seed_offset: int) -> tf.data.Dataset:
    """Return (noisy, clean, label) batches in order, with FIXED noise.

    The noise is drawn once with ``add_noise(x, cfg.noise_factor, cfg.seed + seed_offset)``
    (use VAL_NOISE_OFFSET or TEST_NOISE_OFFSET), so every evaluation of every
    epoch and every notebook scores the same noisy images. Batched by
    cfg.batch_size, cached and prefetched; shapes as in ``train_dataset``.
    """
    from vaelib.backend import tf

    noisy = add_noise(x, cfg.noise_factor, seed=cfg.seed + seed_offset)
    dataset = tf.data.Dataset.from_tensor_slices((noisy, x, y)).batch(cfg.batch_size)
    return _prefetched(dataset.cache())


def noisy_test_images(x_test: np.ndarray, cfg: Config) -> np.ndarray:
    """Return the fixed noisy test images: the same array ``eval_dataset(..., TEST_NOISE_OFFSET)`` uses."""
    return add_noise(x_test, cfg.noise_factor, seed=cfg.seed + TEST_NOISE_OFFSET)
