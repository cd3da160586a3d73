"""vaelib.backend keeps TensorFlow's start-up noise out of stderr (and so out of notebooks)."""

import subprocess
import sys

import pytest

from vaelib.backend import unexpected_lines

STARTUP_NOISE = """WARNING: All log messages before absl::InitializeLog() is called are written to STDERR
I0000 00:00:1795232964.099055    3017 port.cc:153] oneDNN custom operations are on.
I0000 00:00:1795232964.099362    3017 cudart_stub.cc:31] Could not find cuda drivers on your machine.
E0000 00:00:1795232969.885010    3017 cuda_platform.cc:52] failed call to cuInit: INTERNAL: CUDA error
"""


def test_known_startup_lines_are_dropped_others_kept() -> None:
    other_error = "E0000 00:00:1795232969.885010    3017 op_kernel.cc:1] something broke"
    assert unexpected_lines(STARTUP_NOISE) == []
    assert unexpected_lines(STARTUP_NOISE + other_error + "\nTraceback\n") == [other_error, "Traceback"]


@pytest.mark.slow
def test_importing_tensorflow_through_vaelib_prints_nothing() -> None:
    code = "from vaelib.backend import tf; print(tf.constant([1.0, 2.0]).numpy().sum())"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0
    assert result.stdout == "3.0\n"
    assert result.stderr == ""


def test_only_the_retracing_notice_is_dropped_from_tensorflows_logger():
    import logging

    from vaelib.backend import drop_retracing_notice

    def record(message: str) -> logging.LogRecord:
        return logging.LogRecord("tensorflow", logging.WARNING, __file__, 1, message, None, None)

    assert not drop_retracing_notice(record("5 out of the last 18 calls to <function f at 0x7f> triggered "
                                            "tf.function retracing. Tracing is expensive"))
    assert drop_retracing_notice(record("Gradients do not exist for variables"))
