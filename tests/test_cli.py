"""Command line: `vaelib data` summary, one-line errors, and the stderr filter of `vaelib bench`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from vaelib import cli
from vaelib.config import DATA_DIR_ENV, PROFILE_ENV
from vaelib.course import commands, project


@pytest.fixture(autouse=True)
def no_profile_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PROFILE_ENV, raising=False)


def test_bad_data_dir_gives_one_line_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "nope"))
    assert cli.main(["data"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"error: {DATA_DIR_ENV}=") and "nope is not an existing folder" in err


def test_bad_profile_gives_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["data", "--profile", "fast"]) == 2
    assert capsys.readouterr().err == "error: profile='fast' is invalid: must be one of 'full', 'ders', 'quick'\n"


def test_module_entry_point_exit_code_and_stderr(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", DATA_DIR_ENV: str(tmp_path / "nope")}
    result = subprocess.run(
        [sys.executable, "-m", "vaelib", "data"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1


def test_every_command_is_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        commands.main(["--help"])
    assert exit_info.value.code == 0
    help_text = capsys.readouterr().out
    assert set(commands.COMMANDS) == set(cli.COMMANDS) | set(commands.COURSE_COMMANDS)
    assert all(name in help_text for name in commands.COMMANDS)


def test_the_library_cli_has_only_the_library_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert set(cli.COMMANDS) == {"data", "train", "evaluate"}
    assert "report" not in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["report"])
    assert exit_info.value.code == 2


def test_a_course_command_outside_a_checkout_says_so_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(project, "NOTEBOOKS_DIR", tmp_path / "site-packages" / "notebooks")
    assert commands.main(["lesson"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "works in a checkout of the course repository" in err


def test_missing_command_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main([])
    assert exit_info.value.code == 2


def test_data_summary(real_data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["data"]) == 0
    out = capsys.readouterr().out
    assert f"({DATA_DIR_ENV}); checksums of all 4 files verified" in out
    assert "images: train 54000, val 6000, test 10000" in out
    assert "0     Tişört/Üst     T-shirt/top     5400    600   1000" in out
    assert "7     Spor Ayakkabı  Sneaker         5400    600   1000" in out
    assert "test      0.2868  0.3524" in out


def test_data_summary_quick_profile(real_data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["data", "--profile", "quick"]) == 0
    assert "images: train 6000, val 1000, test 10000" in capsys.readouterr().out


def test_train_refuses_a_finished_run_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from vaelib import runs

    (tmp_path / runs.TRAINING_FILE).write_text("{}")
    assert cli.main(["train", "--profile", "quick", "--run-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already holds a finished run" in err


def test_evaluate_without_a_run_says_how_to_make_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["evaluate", "--run-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "python -m vaelib train --run-dir" in err


NODEDEF_NOTICE = (
    "E0000 00:00:1795328779.450304   15158 node_def_util.cc:682] NodeDef mentions attribute "
    "use_unbounded_threadpool which is not in the op definition: Op<name=MapDataset; "
    "signature=input_dataset:variant, other_arguments: -> handle:variant; attr=f:func> This may be expected "
    "if your graph generating binary is newer  than this binary. Unknown attributes will be ignored. "
    "NodeDef: {{node ParallelMapDatasetV2/_15}}"
)
"""The line TensorFlow prints during `vaelib bench` (fit on NumPy arrays under op determinism)."""


def test_bench_filter_drops_only_the_nodedef_notice() -> None:
    from vaelib.backend import unexpected_lines

    other_attribute = NODEDEF_NOTICE.replace("use_unbounded_threadpool", "some_new_attribute")
    other_file = NODEDEF_NOTICE.replace("node_def_util.cc", "op_kernel.cc")
    lines = [NODEDEF_NOTICE, other_attribute, other_file, "Traceback (most recent call last):"]
    assert unexpected_lines("\n".join(lines)) == lines[1:]


def test_filtered_stderr_replays_real_errors_after_the_block(capfd: pytest.CaptureFixture[str]) -> None:
    from vaelib.backend import filtered_stderr

    real_error = "E0000 00:00:1.5   15 op_kernel.cc:1] something broke"
    with filtered_stderr():
        os.write(2, f"{NODEDEF_NOTICE}\n{real_error}\n".encode())
    assert capfd.readouterr().err == f"{real_error}\n"


def test_train_set_overrides_a_field_or_says_what_is_wrong(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli._setting("seed=7") == ("seed", 7)
    assert cli._setting("compute_dtype=float32") == ("compute_dtype", "float32")
    assert cli._setting("train_size=null") == ("train_size", None)
    with pytest.raises(SystemExit):
        cli.main(["train", "--run-dir", "unused", "--set", "seed"])
    assert "is not FIELD=VALUE" in capsys.readouterr().err
    assert cli.main(["train", "--run-dir", "unused", "--set", "latent_size=8"]) == 2
    assert capsys.readouterr().err.strip().startswith("error: unknown config overrides: latent_size")


def test_a_course_command_without_the_course_extra_says_which_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    original = commands.importlib.import_module

    def import_module(name: str):
        if name == "vaelib.course.notebooks":
            raise ModuleNotFoundError("No module named 'jupytext'", name="jupytext")
        return original(name)

    monkeypatch.setattr(commands.importlib, "import_module", import_module)
    assert commands.main(["report"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "error: `vaelib report` needs the course tools (jupytext is not installed): "
        "install them with `pip install -e '.[course]'`"
    ]
