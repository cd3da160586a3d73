"""Read and verify one IDX file: gunzip it, check its magic number, shape and sha256, decode it.

IDX is the format of MNIST and Fashion-MNIST: a big-endian header (a magic number whose last
byte is the number of dimensions, then one uint32 per dimension) followed by the unsigned bytes,
row by row. The checksum is taken of the DECOMPRESSED bytes, so every correct copy passes,
whatever its gzip bytes. Every problem is a one-line ``DatasetError``: the file, what is wrong
with it, and how to fix it.
"""

from __future__ import annotations

import gzip
import hashlib
import struct
import zlib
from pathlib import Path

import numpy as np

from vaelib.config import DATA_DIR_ENV
from vaelib.errors import VaelibError

IMAGE_MAGIC = 0x00000803
"""IDX magic number of unsigned-byte data with 3 dimensions (images)."""
LABEL_MAGIC = 0x00000801
"""IDX magic number of unsigned-byte data with 1 dimension (labels)."""

FIX_HINT = (
    f"Set {DATA_DIR_ENV} to a folder with the four official Fashion-MNIST files, "
    "or, if this file is in the Keras cache, delete it so that it is downloaded again."
)
"""The fix that ``read_idx`` appends to every problem."""


class DatasetError(VaelibError):
    """The dataset cannot be found, downloaded, or is corrupt; the message says how to fix it."""


class IdxProblem(Exception):
    """What is wrong with the bytes of an IDX file, worded to follow the file's name."""


def read_idx(path: Path, expected_sha256: str | None) -> np.ndarray:
    """Read a gzip-compressed IDX file of unsigned bytes; return a read-only uint8 array.

    Images (magic 0x00000803) have shape (n, rows, cols), labels (magic 0x00000801)
    shape (n,). expected_sha256: hex sha256 of the decompressed bytes, or None to
    skip that check. Raises DatasetError naming the file, the problem and the fix.
    """
    try:
        return decode_idx(path, expected_sha256)
    except IdxProblem as problem:
        raise DatasetError(f"{path}: {problem}. {FIX_HINT}") from None


def decode_idx(path: Path, expected_sha256: str | None) -> np.ndarray:
    """Return the array of a gzip-compressed IDX file, as ``read_idx``; raise IdxProblem if it is not right."""
    raw = _gunzip(path)
    array = _parse_idx(raw)
    if expected_sha256 is not None:
        actual = hashlib.sha256(raw).hexdigest()
        if actual != expected_sha256:
            raise IdxProblem(
                f"checksum mismatch: the decompressed bytes have sha256 {actual}, "
                f"expected {expected_sha256} (the file is corrupt or not the official one)"
            )
    return array


def _gunzip(path: Path) -> bytes:
    """Return the decompressed bytes of a gzip file."""
    try:
        with gzip.open(path, "rb") as stream:
            return stream.read()
    except FileNotFoundError:
        raise IdxProblem("file not found") from None
    except EOFError:
        raise IdxProblem("is truncated (the gzip stream ends early)") from None
    except (OSError, zlib.error) as exc:
        raise IdxProblem(f"is not a readable gzip file ({exc})") from None


def _parse_idx(raw: bytes) -> np.ndarray:
    """Return the uint8 array that decompressed IDX bytes hold, checking magic number and size."""
    if len(raw) < 4:
        raise IdxProblem(f"is truncated: {len(raw)} bytes, too short for an IDX header")
    magic = int.from_bytes(raw[:4], "big")
    if magic not in (IMAGE_MAGIC, LABEL_MAGIC):
        raise IdxProblem(
            f"has magic number 0x{magic:08x}, expected 0x{IMAGE_MAGIC:08x} (images) "
            f"or 0x{LABEL_MAGIC:08x} (labels): it is not an IDX file of this dataset"
        )
    ndim = magic & 0xFF
    header_size = 4 + 4 * ndim
    if len(raw) < header_size:
        raise IdxProblem(f"is truncated: {len(raw)} bytes, the IDX header needs {header_size}")
    dims = struct.unpack(f">{ndim}I", raw[4:header_size])
    expected_size = header_size + int(np.prod(dims))
    if len(raw) != expected_size:
        state = "is truncated" if len(raw) < expected_size else "has trailing bytes"
        raise IdxProblem(
            f"{state}: {len(raw)} bytes after decompression, but its header (shape {dims}) needs {expected_size}"
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=header_size).reshape(dims)
