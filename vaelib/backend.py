"""Import TensorFlow and Keras once, without their start-up noise on stderr.

Use ``from vaelib.backend import keras, tf`` instead of importing them directly.

TensorFlow 2.21 writes C++ log lines (the oneDNN notice, "Could not find cuda
drivers", "failed call to cuInit") straight to file descriptor 2 before its
logging is configured, so ``TF_CPP_MIN_LOG_LEVEL`` cannot hide them. Jupyter
copies file descriptor 2 into cell outputs, where their timestamps and process
ids would make every nbval run differ. This module therefore redirects file
descriptor 2 to a temporary file while TensorFlow is imported and probes its
devices (the CUDA probe logs then too), and afterwards replays on ``sys.stderr``
every captured line that is not one of these known, harmless notices. The redirection
ends with the import: no logging filter or handler is installed and file descriptor 2
is the process's own again, so nothing after the import is changed. (Notebooks that
compare several models used to need a filter for TensorFlow's retracing warning;
``model.predict`` now computes eagerly and triggers none.)

Before the import it asks for TensorFlow's oneDNN kernels on every x86 CPU
(``enable_onednn_by_default``; ``TF_ENABLE_ONEDNN_OPTS=0`` still turns them off).

If TensorFlow was already imported elsewhere, its noise has already been printed
and importing this module changes nothing. ``TF_CPP_MIN_LOG_LEVEL`` defaults
to 2 (hide C++ info and warning logs after start-up) unless already set.

One harmless C++ error line also appears later, at run time: with op determinism on
(``seed_everything``), ``fit`` on large NumPy arrays (20,000 images, not 512) logs ``E0000 ...
node_def_util.cc:...] NodeDef mentions attribute use_unbounded_threadpool which is not
in the op definition ... Unknown attributes will be ignored``, because tf.data replaces
Keras' parallel map by a sequential one that lacks that attribute. Wrap such code in
``filtered_stderr()`` (``python -m vaelib bench`` does) to drop exactly these lines.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from collections.abc import Iterator

ONEDNN_ENV = "TF_ENABLE_ONEDNN_OPTS"

_HARMLESS_LINE = re.compile(
    # absl's banner before logging is configured
    r"WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    # info and warning lines (severity I or W, then date, time, thread id, file:line])
    r"|[IW]\d{4} [\d:.]+ +\d+ \S+\] .*"
    # the CUDA probe on a machine without a GPU
    r"|E\d{4} [\d:.]+ +\d+ cuda_platform\.cc:\d+\] failed call to cuInit: .*"
    # tf.data's determinism rewrite of Keras' parallel map (see the module docstring)
    r"|E\d{4} [\d:.]+ +\d+ node_def_util\.cc:\d+\] NodeDef mentions attribute use_unbounded_threadpool"
    r" which is not in the op definition: .*"
)


def unexpected_lines(captured: str) -> list[str]:
    """Return the non-empty lines of ``captured`` that are not TensorFlow's known, harmless notices."""
    return [line for line in captured.splitlines() if line.strip() and not _HARMLESS_LINE.fullmatch(line)]


@contextlib.contextmanager
def filtered_stderr() -> Iterator[None]:
    """Capture file descriptor 2 in the block; replay its ``unexpected_lines`` on sys.stderr after it.

    Everything else the block writes to stderr (warnings, errors) still appears, but only when the
    block ends (also when it raises).
    """
    sys.stderr.flush()
    saved_fd = os.dup(2)
    with tempfile.TemporaryFile() as capture:
        os.dup2(capture.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved_fd, 2)
            os.close(saved_fd)
            capture.seek(0)
            for line in unexpected_lines(capture.read().decode("utf-8", "replace")):
                print(line, file=sys.stderr)


def enable_onednn_by_default() -> None:
    """Ask TensorFlow for its oneDNN kernels unless ``TF_ENABLE_ONEDNN_OPTS`` is already set.

    TensorFlow on Linux turns oneDNN on by default only on CPUs with AVX-512 VNNI/BF16, AVX-VNNI or
    AMX; on an AVX2-only CPU it falls back to Eigen kernels, which trained this project's model 1.6
    times slower in float32 (``python -m vaelib bench`` with ``ONEDNN_MAX_CPU_ISA=AVX2``, with and
    without ``TF_ENABLE_ONEDNN_OPTS=0``). Must run before
    TensorFlow is imported, so this module calls it before its import. Setting the variable to 0 still wins.
    """
    os.environ.setdefault(ONEDNN_ENV, "1")


os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
enable_onednn_by_default()
with filtered_stderr():
    import keras
    import tensorflow as tf

    tf.config.list_physical_devices()

__all__ = ["ONEDNN_ENV", "enable_onednn_by_default", "filtered_stderr", "keras", "tf", "unexpected_lines"]
