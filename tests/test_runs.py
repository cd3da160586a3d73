"""Damaged run directories give one-line RunErrors that name the file and the fix, and change nothing."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from vaelib import cli, runs

from synthetic import tiny_config

RETRAIN_HINT = "train a new run into another directory with `python -m vaelib train --run-dir NEW_DIR`"


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished run as training leaves it, with untrained weights (building a VAE takes seconds)."""
    from vaelib.model import build_vae

    run_dir = tmp_path_factory.mktemp("finished")
    cfg = tiny_config()
    runs.write_json(run_dir / runs.CONFIG_FILE, cfg.to_dict())
    runs.write_history(run_dir, [{name: 1 if name == "epoch" else 0.5 for name in runs.HISTORY_COLUMNS}])
    build_vae(cfg).save_weights(run_dir / runs.WEIGHTS_FILE)
    runs.write_json(run_dir / runs.TRAINING_FILE, {"wall_time_s": 1.0})
    return run_dir


@pytest.fixture
def run_dir(finished_run: Path, tmp_path: Path) -> Path:
    """A fresh copy of ``finished_run`` that a test may damage."""
    return Path(shutil.copytree(finished_run, tmp_path / "run"))


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Return {relative path: (content, mtime in ns)} of every file under folder."""
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _assert_damaged(call: Callable[[], object], path: Path, problem: str) -> str:
    """Check that call() raises a one-line RunError naming path, problem and the fix; the folder stays as it was."""
    before = _snapshot(path.parent)
    with pytest.raises(runs.RunError) as error:
        call()
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith(f"{path} {problem}")
    assert message.endswith(f"`git checkout -- {path.parent}` restores it; otherwise {RETRAIN_HINT}")
    assert _snapshot(path.parent) == before
    return message


def test_an_intact_run_loads(run_dir: Path) -> None:
    vae, cfg = runs.load_vae(run_dir)
    assert cfg == tiny_config() and vae.built
    history = runs.read_history(run_dir)
    assert history["epoch"].iloc[0] == 1 and history["epoch"].dtype == "int64"
    assert list(history.columns) == list(runs.HISTORY_COLUMNS)


def _cut_in_half(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (_cut_in_half, "cannot be loaded as this run's weights (Unable to synchronously open file (truncated file"),
        (lambda path: path.write_text("not HDF5"), "is not an HDF5 file (cut short, or not a Keras weights file)"),
        (Path.unlink, "is missing"),
    ],
    ids=["truncated", "not-hdf5", "missing"],
)
def test_damaged_weights(run_dir: Path, damage: Callable[[Path], object], problem: str) -> None:
    weights = run_dir / runs.WEIGHTS_FILE
    damage(weights)
    _assert_damaged(lambda: runs.load_vae(run_dir), weights, problem)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'{"profile": "quick",', "is not valid JSON (Expecting property name enclosed in double quotes at line 1"),
        (b"\xff\xfe not text", "cannot be read ('utf-8' codec can't decode byte 0xff"),
        (b'["quick"]', "holds a JSON list, not an object"),
        (
            json.dumps({**tiny_config().to_dict(), "colour": "red"}).encode(),
            "is not a valid config (unknown config keys: colour (known: profile, seed",
        ),
        (
            json.dumps({**tiny_config().to_dict(), "latent_dim": 0}).encode(),
            "is not a valid config (latent_dim=0 is invalid: must be an integer >= 1)",
        ),
    ],
    ids=["bad-json", "not-utf8", "not-an-object", "unknown-key", "invalid-value"],
)
def test_damaged_config(run_dir: Path, content: bytes, problem: str) -> None:
    config = run_dir / runs.CONFIG_FILE
    config.write_bytes(content)
    _assert_damaged(lambda: runs.load_vae(run_dir), config, problem)


def test_config_that_is_a_folder_cannot_be_read(run_dir: Path) -> None:
    config = run_dir / runs.CONFIG_FILE
    config.unlink()
    config.mkdir()
    _assert_damaged(lambda: runs.load_config(run_dir), config, "cannot be read ([Errno 21] Is a directory")


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda text: text.replace(",learning_rate", "", 1), "has wrong columns (missing: learning_rate)"),
        (
            lambda text: text.replace("val_loss", "validation_loss", 1),
            "has wrong columns (missing: val_loss; unexpected: validation_loss)",
        ),
        (lambda text: text.replace("epoch,beta", "beta,epoch", 1), "has the report's columns in another order"),
        (lambda text: text.replace(",0.5", ",nan?", 1), "has a row with a missing or non-numeric value"),
        (lambda text: text.rsplit(",", 1)[0] + "\n", "has a row with a missing or non-numeric value"),
        (lambda text: "", "is empty (no header line)"),
    ],
    ids=["missing-column", "renamed-column", "reordered", "not-a-number", "short-row", "empty"],
)
def test_damaged_history(run_dir: Path, edit: Callable[[str], str], problem: str) -> None:
    history = run_dir / runs.HISTORY_FILE
    history.write_text(edit(history.read_text()))
    _assert_damaged(lambda: runs.read_history(run_dir), history, problem)


def _write_checkpoint(path: Path) -> None:
    np.savez(path, epoch=np.int64(3), weights=np.arange(100, dtype=np.float32))


def test_checkpoint_is_read_whole(tmp_path: Path) -> None:
    _write_checkpoint(tmp_path / runs.CHECKPOINT_FILE)
    saved = runs.read_arrays(tmp_path / runs.CHECKPOINT_FILE)
    assert int(saved["epoch"]) == 3 and saved["weights"].sum() == 4950


def test_written_arrays_read_back_equal(tmp_path: Path) -> None:
    arrays = {"points": np.arange(6, dtype=np.float32).reshape(3, 2), "labels": np.array([2, 0, 1])}
    runs.write_arrays(tmp_path / runs.EMBEDDINGS_FILE, arrays)
    saved = runs.read_arrays(tmp_path / runs.EMBEDDINGS_FILE)
    assert saved.keys() == arrays.keys() and all(np.array_equal(saved[k], arrays[k]) for k in arrays)
    first = (tmp_path / runs.EMBEDDINGS_FILE).read_bytes()
    runs.write_arrays(tmp_path / runs.EMBEDDINGS_FILE, arrays)
    assert (tmp_path / runs.EMBEDDINGS_FILE).read_bytes() == first
    with zipfile.ZipFile(tmp_path / runs.EMBEDDINGS_FILE) as archive:  # no clock time in the bytes
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def _flip_a_data_byte(path: Path) -> None:
    content = bytearray(path.read_bytes())
    content[content.index(np.arange(100, dtype=np.float32).tobytes()) + 200] ^= 0xFF
    path.write_bytes(bytes(content))


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (_cut_in_half, "is not an .npz archive (truncated, or written by something else)"),
        (lambda path: path.write_text("not a zip"), "is not an .npz archive (truncated, or written by something else)"),
        (_flip_a_data_byte, "is corrupt (Bad CRC-32 for file 'weights.npy')"),
        (lambda path: path.unlink(), "is missing"),
    ],
    ids=["truncated", "not-npz", "bad-crc", "missing"],
)
def test_damaged_checkpoint(tmp_path: Path, damage: Callable[[Path], object], problem: str) -> None:
    checkpoint = tmp_path / runs.CHECKPOINT_FILE
    _write_checkpoint(checkpoint)
    damage(checkpoint)

    _assert_damaged(lambda: runs.read_arrays(checkpoint), checkpoint, problem)


def test_damaged_run_says_how_to_restore_or_retrain(run_dir: Path) -> None:
    (run_dir / runs.CONFIG_FILE).write_text("{")
    with pytest.raises(runs.RunError) as error:
        runs.load_config(run_dir)
    message = str(error.value)
    assert f"the run is damaged: if it is committed, `git checkout -- {run_dir}` restores it" in message
    assert "python -m vaelib train --run-dir NEW_DIR" in message and "\n" not in message


@pytest.mark.parametrize("damaged_file", [runs.WEIGHTS_FILE, runs.CONFIG_FILE])
def test_evaluate_a_damaged_run_prints_one_line_and_exits_2(
    run_dir: Path, damaged_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _cut_in_half(run_dir / damaged_file)
    before = _snapshot(run_dir)
    assert cli.main(["evaluate", "--run-dir", str(run_dir)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"error: {run_dir / damaged_file} ") and err.endswith(f"{RETRAIN_HINT}\n")
    assert _snapshot(run_dir) == before
