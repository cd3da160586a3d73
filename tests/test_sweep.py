"""The sweep machinery on a tiny grid: one row per grid point, finished runs skipped, interrupted sweeps resumed."""

import pytest

from vaelib import runs, training
from vaelib.course import sweep
from vaelib.backend import keras

from synthetic import tiny_config, tiny_splits

GRID = {"latent_dim": (4, 16), "gamma_sc": (0.0, 1.0)}


def test_run_names_share_the_reference_point():
    base = tiny_config()
    assert sweep.run_name(base, "latent_dim", 16) == "reference"
    assert sweep.run_name(base, "noise_factor", 0.1) == "noise_factor=0.1"


@pytest.mark.slow
def test_sweep_table_has_one_row_per_grid_point_and_skips_finished_runs(tmp_path, capsys):
    table = sweep.run_sweep(GRID, root=tmp_path, base=tiny_config(), splits=tiny_splits())
    assert list(table.columns) == list(sweep.COLUMNS)
    assert list(zip(table["grid"], table["run"])) == [
        ("latent_dim", "latent_dim=4"), ("latent_dim", "reference"),
        ("gamma_sc", "gamma_sc=0.0"), ("gamma_sc", "reference")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gamma_sc=0.0", "latent_dim=4", "reference", "sweep.csv"]
    first = (tmp_path / sweep.SWEEP_CSV).read_text()
    assert capsys.readouterr().out.count("[sweep] training") == 3
    sweep.run_sweep(GRID, root=tmp_path, base=tiny_config(), splits=tiny_splits())
    assert capsys.readouterr().out.count("is complete: skipped") == 3
    assert (tmp_path / sweep.SWEEP_CSV).read_text() == first


class Interrupt(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        raise KeyboardInterrupt


@pytest.mark.slow
def test_interrupted_sweep_resumes_the_unfinished_run(tmp_path, monkeypatch):
    real_train = training.train
    calls = []

    def train_then_cut_once(cfg, run_dir, **kwargs):
        calls.append(run_dir.name)
        extra = (Interrupt(),) if run_dir.name == "reference" and calls.count("reference") == 1 else ()
        return real_train(cfg, run_dir, callbacks=extra, **kwargs)

    monkeypatch.setattr(training, "train", train_then_cut_once)
    with pytest.raises(KeyboardInterrupt):
        sweep.run_sweep(GRID, root=tmp_path, base=tiny_config(), splits=tiny_splits())
    assert runs.is_complete(tmp_path / "latent_dim=4") and not runs.is_complete(tmp_path / "reference")
    assert len(sweep.read_table(tmp_path)) == 1  # the finished grid point is already in the table
    table = sweep.run_sweep(GRID, root=tmp_path, base=tiny_config(), splits=tiny_splits())
    assert calls == ["latent_dim=4", "reference", "reference", "gamma_sc=0.0"]
    assert len(table) == 4 and len(runs.read_history(tmp_path / "reference")) == 3


def test_reading_a_missing_sweep_says_how_to_make_it(tmp_path):
    with pytest.raises(runs.RunError, match="python -m vaelib sweep"):
        sweep.read_table(tmp_path)
