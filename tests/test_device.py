"""Which dtype training computes in, and what makes stored numbers the same on every machine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from vaelib import backend, device
from vaelib.config import get_config


@pytest.fixture(autouse=True)
def fresh_resolution():
    """Forget cached answers, so each test sees the machine its monkeypatching describes."""
    for cached in (device.resolve_compute_dtype, device.cpu_flags, device.bfloat16_convolutions_run):
        cached.cache_clear()
    yield
    for cached in (device.resolve_compute_dtype, device.cpu_flags, device.bfloat16_convolutions_run):
        cached.cache_clear()


def _machine(monkeypatch: pytest.MonkeyPatch, flags: set[str], onednn: bool = True, gpus=()) -> None:
    monkeypatch.setattr(device, "cpu_flags", lambda: frozenset(flags))
    monkeypatch.setattr(device, "onednn_enabled", lambda: onednn)
    monkeypatch.setattr(device, "gpus", lambda: list(gpus))
    monkeypatch.delenv(device.ONEDNN_ISA_ENV, raising=False)


def test_auto_trains_in_bfloat16_only_where_it_is_native(monkeypatch: pytest.MonkeyPatch) -> None:
    _machine(monkeypatch, {"avx2", "avx512f", "avx512_bf16"})
    assert device.resolve_compute_dtype("auto") == ("bfloat16", "auto: CPU with avx512_bf16")
    device.resolve_compute_dtype.cache_clear()
    _machine(monkeypatch, {"avx2", "fma"})
    assert device.resolve_compute_dtype("auto") == ("float32", "auto: CPU without AVX-512 BF16 or AMX")


@pytest.mark.parametrize(
    ("onednn", "isa", "reason"),
    [
        (False, None, "oneDNN off (TF_ENABLE_ONEDNN_OPTS=0)"),
        (True, "AVX2", "oneDNN limited to AVX2 (ONEDNN_MAX_CPU_ISA)"),
    ],
)
def test_auto_trains_in_float32_where_onednn_cannot_use_the_bfloat16_instructions(
    monkeypatch: pytest.MonkeyPatch, onednn: bool, isa: str | None, reason: str
) -> None:
    _machine(monkeypatch, {"avx512_bf16", "amx_bf16"}, onednn=onednn)
    if isa:
        monkeypatch.setenv(device.ONEDNN_ISA_ENV, isa)
    assert device.resolve_compute_dtype("auto") == ("float32", f"auto: {reason}")


def test_bfloat16_asked_for_without_native_support_runs_and_says_so_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    _machine(monkeypatch, {"avx2"})
    monkeypatch.setattr(device, "bfloat16_convolutions_run", lambda: True)  # oneDNN off: Eigen emulates it
    assert device.resolve_compute_dtype("bfloat16") == ("bfloat16", "asked for")
    assert device.resolve_compute_dtype("bfloat16") == ("bfloat16", "asked for")
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "vaelib: bfloat16 asked for on a machine without native bfloat16 (CPU without AVX-512 BF16 "
        "or AMX): it is emulated and slow here; compute_dtype=auto would train in float32"
    ]


def test_bfloat16_that_cannot_run_falls_back_to_float32_and_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    _machine(monkeypatch, {"avx2"})
    monkeypatch.setattr(device, "bfloat16_convolutions_run", lambda: False)  # oneDNN on an AVX2-only CPU
    assert device.resolve_compute_dtype("bfloat16") == (
        "float32",
        "bfloat16 cannot run here: CPU without AVX-512 BF16 or AMX",
    )
    assert device.keras_policy("bfloat16") == "float32"
    assert capsys.readouterr().err == (
        "vaelib: bfloat16 asked for, but this machine cannot run bfloat16 convolutions "
        "(CPU without AVX-512 BF16 or AMX): training in float32\n"
    )


@pytest.mark.parametrize(
    ("convolutions_run", "resolved", "notice"),
    [
        (
            False,
            ("float32", "bfloat16 cannot run here: GPU with compute capability 7.5 (bfloat16 needs 8.0)"),
            "vaelib: bfloat16 asked for, but this machine cannot run bfloat16 convolutions (GPU with compute "
            "capability 7.5 (bfloat16 needs 8.0)): training in float32",
        ),
        (
            True,
            ("bfloat16", "asked for"),
            "vaelib: bfloat16 asked for on a machine without native bfloat16 (GPU with compute capability 7.5 "
            "(bfloat16 needs 8.0)): it is emulated and slow here; compute_dtype=auto would train in float32",
        ),
    ],
)
def test_bfloat16_notice_is_one_stderr_line_naming_why_it_is_not_native(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
    convolutions_run: bool,
    resolved: tuple[str, str],
    notice: str,
) -> None:
    monkeypatch.setattr(
        device, "native_bfloat16", lambda: (False, "GPU with compute capability 7.5 (bfloat16 needs 8.0)")
    )
    monkeypatch.setattr(device, "bfloat16_convolutions_run", lambda: convolutions_run)
    assert device.resolve_compute_dtype("bfloat16") == resolved
    assert device.keras_policy("bfloat16") == device.KERAS_POLICIES[resolved[0]]  # cached: no second notice
    out, err = capsys.readouterr()
    assert out == "" and err == notice + "\n"


def test_native_bfloat16_is_taken_silently_without_probing_convolutions(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setattr(device, "native_bfloat16", lambda: (True, "GPU with compute capability 8.0"))
    monkeypatch.setattr(device, "bfloat16_convolutions_run", lambda: pytest.fail("probed a native machine"))
    assert device.resolve_compute_dtype("bfloat16") == ("bfloat16", "asked for")
    assert device.resolve_compute_dtype("auto") == ("bfloat16", "auto: GPU with compute capability 8.0")
    assert capsys.readouterr() == ("", "")


def test_float32_is_never_resolved_to_anything_else(monkeypatch: pytest.MonkeyPatch) -> None:
    _machine(monkeypatch, {"avx512_bf16"})
    assert device.resolve_compute_dtype("float32") == ("float32", "asked for")
    assert device.keras_policy("float32") == "float32"


def test_cpu_flags_are_read_from_cpuinfo(tmp_path: Path) -> None:
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nflags\t\t: fpu sse avx2 avx512_bf16\n")
    assert device.cpu_flags(cpuinfo) == {"fpu", "sse", "avx2", "avx512_bf16"}
    assert device.cpu_flags(tmp_path / "missing") == frozenset()


def test_auto_is_the_default_and_config_accepts_it() -> None:
    assert get_config("full").compute_dtype == device.AUTO


@pytest.mark.slow
def test_importing_vaelib_turns_onednn_on_unless_the_user_turned_it_off() -> None:
    code = "import os, vaelib.backend; print(os.environ['TF_ENABLE_ONEDNN_OPTS'])"
    env = {k: v for k, v in __import__("os").environ.items() if k != backend.ONEDNN_ENV}
    assert (
        subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.strip()
        == "1"
    )
    env[backend.ONEDNN_ENV] = "0"
    assert (
        subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.strip()
        == "0"
    )
