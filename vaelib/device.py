"""What this machine computes with: oneDNN, native bfloat16, and the dtype a run trains in.

Training may compute in bfloat16 where the hardware has bfloat16 arithmetic (AVX-512 BF16 or AMX
through oneDNN, or a GPU of compute capability 8.0 or newer); everywhere else bfloat16 is emulated
and several times slower than float32, so ``Config.compute_dtype="auto"`` trains in float32 there.

Inference that produces stored numbers and figures computes in float64 (``INFERENCE_DTYPE``) and
hands on float32 results, whatever the run trained in. oneDNN has no float64 kernels, so TensorFlow
runs float64 in its own Eigen kernels on every CPU whatever oneDNN and the instruction set do; and
float64 round-off (1e-16) almost never reaches a float32 digit. The reference encoder's 10,000 test
codes, rounded to float32, were bit for bit the same with oneDNN on (AVX-512), limited to AVX2 and
off, where float32 inference differed in the last bits on all three (and UMAP, t-SNE and figure
pixels amplify such bits). It costs about a second per 10,000 encoded images here.

Nothing here imports TensorFlow at module level, so the answers can be asked before it loads.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

AUTO = "auto"
INFERENCE_DTYPE = "float64"
"""The dtype of every model that computes a stored number or figure (``runs.load_vae``)."""
KERAS_POLICIES = {"float32": "float32", "bfloat16": "mixed_bfloat16", "float64": "float64"}
"""Keras dtype policy of each resolved compute dtype: variables stay float32 in the first two."""

ONEDNN_ISA_ENV = "ONEDNN_MAX_CPU_ISA"
NATIVE_BF16_CPU_FLAGS = ("avx512_bf16", "amx_bf16")
"""/proc/cpuinfo flags of x86 CPUs with bfloat16 arithmetic that oneDNN's kernels use."""
_ONEDNN_ISAS_WITH_BF16 = (
    "AVX512_CORE_BF16",
    "AVX512_CORE_FP16",
    "AVX512_CORE_AMX",
    "AVX512_CORE_AMX_FP16",
    "AVX10_1_512",
    "AVX10_1_512_AMX",
    "AVX10_1_512_AMX_FP16",
    "ALL",
    "DEFAULT",
)
"""Values of ``ONEDNN_MAX_CPU_ISA`` that still let oneDNN use bfloat16 instructions."""
_MIN_BF16_GPU_CAPABILITY = (8, 0)
"""NVIDIA Ampere and newer have bfloat16 tensor cores; older GPUs emulate it."""


def onednn_enabled() -> bool:
    """Return True if TensorFlow runs its oneDNN kernels in this process (imports TensorFlow)."""
    from vaelib.backend import ONEDNN_ENV  # the answer is fixed when TensorFlow loads, here

    try:
        from tensorflow.python.util import _pywrap_util_port
    except ImportError:  # a TensorFlow without this private module: trust the variable
        return os.environ.get(ONEDNN_ENV, "1").lower() in ("1", "true")
    return bool(_pywrap_util_port.IsMklEnabled())


@functools.cache
def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> frozenset[str]:
    """Return the CPU's feature flags from ``/proc/cpuinfo`` (Linux); empty where it cannot be read."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    for line in text.splitlines():
        if line.startswith("flags"):
            return frozenset(line.partition(":")[2].split())
    return frozenset()


def gpus() -> list:
    """Return TensorFlow's visible GPU devices (imports TensorFlow)."""
    from vaelib.backend import tf

    return tf.config.list_physical_devices("GPU")


def native_bfloat16() -> tuple[bool, str]:
    """Return (True if bfloat16 arithmetic is native here, the reason in a few words)."""
    from vaelib.backend import ONEDNN_ENV, tf

    devices = gpus()
    if devices:
        capability = tf.config.experimental.get_device_details(devices[0]).get("compute_capability", (0, 0))
        if tuple(capability) >= _MIN_BF16_GPU_CAPABILITY:
            return True, f"GPU with compute capability {capability[0]}.{capability[1]}"
        return False, f"GPU with compute capability {capability[0]}.{capability[1]} (bfloat16 needs 8.0)"
    flags = cpu_flags()
    if not any(flag in flags for flag in NATIVE_BF16_CPU_FLAGS):
        return False, "CPU without AVX-512 BF16 or AMX"
    if not onednn_enabled():
        return False, f"oneDNN off ({ONEDNN_ENV}=0)"
    isa = os.environ.get(ONEDNN_ISA_ENV, "").upper()
    if isa and isa not in _ONEDNN_ISAS_WITH_BF16:
        return False, f"oneDNN limited to {isa} ({ONEDNN_ISA_ENV})"
    return True, "CPU with " + " and ".join(flag for flag in NATIVE_BF16_CPU_FLAGS if flag in flags)


@functools.cache
def bfloat16_convolutions_run() -> bool:
    """Return True if TensorFlow runs a bfloat16 convolution here (probed once with a tiny one).

    oneDNN without AVX-512 BF16 or AMX has no bfloat16 convolution and raises; TensorFlow's Eigen
    kernels (oneDNN off) emulate one.
    """
    from vaelib.backend import tf

    try:
        tf.nn.conv2d(tf.zeros((1, 4, 4, 1), tf.bfloat16), tf.zeros((3, 3, 1, 1), tf.bfloat16), 1, "SAME")
    except tf.errors.OpError:
        return False
    return True


@functools.cache
def resolve_compute_dtype(requested: str) -> tuple[str, str]:
    """Return (the dtype a run with ``Config.compute_dtype == requested`` trains in, why).

    "auto" gives bfloat16 where it is native and float32 elsewhere; "float32" is taken as asked.
    "bfloat16" is taken as asked where bfloat16 convolutions run, and said once on stderr where they
    are only emulated (slow); where they cannot run at all, training falls back to float32, also said.
    """
    if requested == "float32":
        return "float32", "asked for"
    native, reason = native_bfloat16()
    if requested == AUTO:
        return ("bfloat16" if native else "float32"), f"auto: {reason}"
    if native:
        return "bfloat16", "asked for"
    if not bfloat16_convolutions_run():
        print(
            f"vaelib: bfloat16 asked for, but this machine cannot run bfloat16 convolutions ({reason}): "
            "training in float32",
            file=sys.stderr,
        )
        return "float32", f"bfloat16 cannot run here: {reason}"
    print(
        f"vaelib: bfloat16 asked for on a machine without native bfloat16 ({reason}): it is emulated "
        "and slow here; compute_dtype=auto would train in float32",
        file=sys.stderr,
    )
    return "bfloat16", "asked for"


def keras_policy(compute_dtype: str) -> str:
    """Return the Keras dtype policy of a ``Config.compute_dtype`` value resolved on this machine, or of
    ``INFERENCE_DTYPE``."""
    if compute_dtype == INFERENCE_DTYPE:
        return KERAS_POLICIES[INFERENCE_DTYPE]
    return KERAS_POLICIES[resolve_compute_dtype(compute_dtype)[0]]


def output_dtype(compute_dtype: str) -> str:
    """Return the dtype of the layers that must not compute in bfloat16 (latent heads, Bernoulli means):
    float64 for an inference model, float32 otherwise."""
    return INFERENCE_DTYPE if compute_dtype == INFERENCE_DTYPE else "float32"


def make_reproducible() -> None:
    """Make TensorFlow's results repeatable: deterministic kernels, and no TensorFloat-32 on GPUs.

    TensorFloat-32 rounds float32 matrix products to 10 mantissa bits on NVIDIA Ampere and newer,
    which would change stored digits; on a CPU both calls change nothing but kernel choice.
    """
    from vaelib.backend import tf

    tf.config.experimental.enable_op_determinism()
    tf.config.experimental.enable_tensor_float_32_execution(False)
