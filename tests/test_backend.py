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


def test_importing_the_backend_leaves_no_filter_and_predicting_with_many_models_warns_nothing():
    code = """
import logging, numpy as np
from vaelib.backend import keras, tf
from vaelib import model
assert tf.get_logger().filters == [] and logging.getLogger().filters == []
records = []
tf.get_logger().addHandler(logging.Handler())
tf.get_logger().handlers[-1].emit = records.append
for width in range(1, 9):  # eight models in turn, as a notebook comparing models does
    net = keras.Sequential([keras.Input((4,)), keras.layers.Dense(width)])
    assert model.predict(net, np.ones((5, 4))).shape == (5, width)
print(len(records))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "0\n" and result.stderr == ""
