"""Write files atomically: readers never see a half-written file.

``write_text`` writes every text file of vaelib (CSV, JSON, TXT, notebooks, slides, the README);
``atomic_write`` is the context manager under it, for binary writers (NumPy, Keras, PNG, downloads).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

FILE_MODE = 0o644
"""Permissions of written files (the temporary file starts as 0o600)."""


@contextlib.contextmanager
def atomic_write(path: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; move it onto ``path`` when the block succeeds.

    The temporary file lives in the same folder (so ``os.replace`` is atomic) and is
    named ``.<name>.<random>.tmp``. If the block raises, it is deleted and ``path``
    is left as it was. Parent folders are created.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        tmp.chmod(FILE_MODE)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_text(path: Path | str, text: str) -> Path:
    """Write ``text`` to ``path`` as UTF-8, atomically (see ``atomic_write``); return ``path`` as a Path.

    The text is written as given: no newline is added or translated. Parent folders are created.
    """
    path = Path(path)
    with atomic_write(path) as temporary:
        temporary.write_text(text, encoding="utf-8", newline="")
    return path
