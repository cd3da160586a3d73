"""IDX reading, dataset lookup and download, on tiny files the tests write themselves."""

from __future__ import annotations

import gzip
import hashlib
import struct
from pathlib import Path

import numpy as np
import pytest

from vaelib import data
from vaelib.config import DATA_DIR_ENV
from vaelib.data import DatasetError, read_idx

IMAGES = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)


def idx_bytes(array: np.ndarray, magic: int | None = None) -> bytes:
    """Return the uncompressed IDX encoding of a uint8 array (magic 0x0000080<ndim>)."""
    magic = 0x0800 + array.ndim if magic is None else magic
    return struct.pack(f">I{array.ndim}I", magic, *array.shape) + array.tobytes()


def write_gz(path: Path, payload: bytes) -> Path:
    path.write_bytes(gzip.compress(payload))
    return path


@pytest.fixture
def isolated_lookup(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Unset FASHION_MNIST_DIR and point the Keras cache to an empty temporary folder."""
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    return tmp_path / "keras" / "datasets" / "fashion-mnist"


def test_reads_images_and_labels(tmp_path: Path) -> None:
    images = read_idx(write_gz(tmp_path / "images.gz", idx_bytes(IMAGES)), None)
    labels = read_idx(write_gz(tmp_path / "labels.gz", idx_bytes(np.array([3, 1], np.uint8))), None)
    np.testing.assert_array_equal(images, IMAGES)
    assert images.dtype == np.uint8
    assert labels.tolist() == [3, 1]


def test_checksum_of_decompressed_bytes_is_accepted(tmp_path: Path) -> None:
    payload = idx_bytes(IMAGES)
    path = write_gz(tmp_path / "images.gz", payload)
    np.testing.assert_array_equal(read_idx(path, hashlib.sha256(payload).hexdigest()), IMAGES)


def test_wrong_checksum(tmp_path: Path) -> None:
    path = write_gz(tmp_path / "images.gz", idx_bytes(IMAGES))
    with pytest.raises(DatasetError, match="checksum mismatch") as error:
        read_idx(path, "0" * 64)
    assert str(path) in str(error.value)
    assert DATA_DIR_ENV in str(error.value)


def test_truncated_payload(tmp_path: Path) -> None:
    path = write_gz(tmp_path / "images.gz", idx_bytes(IMAGES)[:-5])
    with pytest.raises(DatasetError, match=r"images\.gz: is truncated: 35 bytes .* needs 40"):
        read_idx(path, None)


def test_truncated_gzip_stream(tmp_path: Path) -> None:
    path = tmp_path / "images.gz"
    path.write_bytes(gzip.compress(idx_bytes(IMAGES))[:-10])
    with pytest.raises(DatasetError, match=r"images\.gz: is truncated \(the gzip stream ends early\)"):
        read_idx(path, None)


def test_trailing_bytes(tmp_path: Path) -> None:
    path = write_gz(tmp_path / "images.gz", idx_bytes(IMAGES) + b"xx")
    with pytest.raises(DatasetError, match="has trailing bytes"):
        read_idx(path, None)


def test_bad_magic(tmp_path: Path) -> None:
    path = write_gz(tmp_path / "images.gz", idx_bytes(IMAGES, magic=0x0D03))
    with pytest.raises(DatasetError, match=r"images\.gz: has magic number 0x00000d03, expected 0x00000803"):
        read_idx(path, None)


def test_not_gzip(tmp_path: Path) -> None:
    path = tmp_path / "images.gz"
    path.write_bytes(idx_bytes(IMAGES))
    with pytest.raises(DatasetError, match=r"images\.gz: is not a readable gzip file"):
        read_idx(path, None)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=r"nothing\.gz: file not found\. Set FASHION_MNIST_DIR"):
        read_idx(tmp_path / "nothing.gz", None)


def test_messages_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(DatasetError) as error:
        read_idx(write_gz(tmp_path / "images.gz", b"\x00\x00\x08"), None)
    assert "\n" not in str(error.value)


def test_missing_folder_argument(isolated_lookup: Path, tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=r"data_dir=.*nope is not an existing folder"):
        data.load_fashion_mnist(tmp_path / "nope")


def test_missing_folder_in_environment_does_not_fall_back(
    isolated_lookup: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "nope"))
    with pytest.raises(DatasetError, match=f"^{DATA_DIR_ENV}=.*nope is not an existing folder"):
        data.load_fashion_mnist()
    assert not isolated_lookup.exists()


def test_folder_without_the_files(isolated_lookup: Path, tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=r"train-images-idx3-ubyte\.gz: file not found"):
        data.load_fashion_mnist(tmp_path)


def test_download_failure_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "cache"
    message = f"could not download file://.*Without internet access, set {DATA_DIR_ENV}"
    with pytest.raises(DatasetError, match=message):
        data.download_fashion_mnist(target, base_url=f"file://{tmp_path}/offline/")
    assert list(target.iterdir()) == []


def test_corrupt_download_leaves_nothing(tmp_path: Path) -> None:
    server = tmp_path / "server"
    server.mkdir()
    for name in data.FILES.values():
        write_gz(server / name, idx_bytes(IMAGES))
    target = tmp_path / "cache"
    with pytest.raises(DatasetError, match="checksum mismatch.*nothing was saved"):
        data.download_fashion_mnist(target, base_url=server.as_uri() + "/")
    assert list(target.iterdir()) == []


def test_download_then_keras_cache(isolated_lookup: Path, real_data_dir: Path) -> None:
    server = real_data_dir.resolve().as_uri() + "/"
    downloaded = data.download_fashion_mnist(isolated_lookup, base_url=server)
    assert sorted(path.name for path in downloaded) == sorted(data.FILES.values())
    assert sorted(path.name for path in isolated_lookup.iterdir()) == sorted(data.FILES.values())
    assert data.download_fashion_mnist(isolated_lookup, base_url="file:///offline/") == []
    assert data.find_data_dir() == (isolated_lookup, "Keras cache")
